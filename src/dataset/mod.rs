//! Fixture datasets the mock serves (contracts/reference/domain.md#dataset).
//!
//! A dataset is JSON: one file holding every top-level key, or a folder whose `*.json` files
//! each hold some of them (the conventional split is `dataset.json`, `operators.json`,
//! `clients.json`, `goods.json`, `entries.json`, `purchases.json`; see
//! `contracts/datasets/README.md`). Loading parses straight into compact records, validates every
//! rule (reporting all problems with file, line, JSON path, expected and found), then indexes the
//! records so that a request only touches its own client's data.

pub(crate) mod diagnose;
mod embedded;
mod error;
mod generate;
mod ids;
mod index;
pub(crate) mod locate;
mod records;
mod source;
mod validate;
mod wire;
mod write;

#[cfg(test)]
mod tests;

pub use error::{DatasetError, MAX_PROBLEMS, Problem, ProblemKind};
pub use records::{Client, Entry, Goods, Link, Operator, Purchase};
pub use validate::MAX_MONEY;
pub use wire::MAX_OFFSET_MINUTES;

use crate::model::{MOSCOW, Zone};
use chrono::NaiveDateTime;
use error::Problems;
use index::Span;
use source::{At, Sections, Source};
use std::collections::{HashMap, HashSet};
use std::fmt;
use std::path::Path;

/// The server offset when a dataset names none (contracts/reference/domain.md#time-zone).
pub const DEFAULT_TIME_ZONE: Zone = Zone::Fixed(MOSCOW);

/// Largest dataset accepted by default, bytes (all its files together; `serve
/// --max-dataset-bytes`). Loading holds the files and the parsed records at once, so this
/// bounds the memory a reload can take; a million-entry generated dataset is about 420 MB.
pub const DEFAULT_MAX_DATASET_BYTES: u64 = 512 * 1024 * 1024;

/// A loaded, validated and indexed dataset.
#[derive(Debug, Clone, PartialEq)]
pub struct Dataset {
    as_of: NaiveDateTime,
    time_zone: Zone,
    default_operator: i16,
    /// By id; each operator's tokens and site codes sorted.
    operators: Vec<Operator>,
    /// By id.
    clients: Vec<Client>,
    /// Parallel to `clients`.
    spans: Vec<Span>,
    /// By id.
    goods: Vec<Goods>,
    /// By (client, proc_time, id); links by id.
    entries: Vec<Entry>,
    /// By (client, proc_time, id).
    purchases: Vec<Purchase>,
}

/// The content of a dataset as plain records, for building one in code.
#[derive(Clone, Debug, PartialEq)]
pub struct DatasetParts {
    /// The dataset's "now".
    pub as_of: NaiveDateTime,
    /// The server's UTC offset.
    pub time_zone: Zone,
    /// The operator used for `Operator` 0.
    pub default_operator: i16,
    /// Operators.
    pub operators: Vec<Operator>,
    /// Clients.
    pub clients: Vec<Client>,
    /// Goods lists.
    pub goods: Vec<Goods>,
    /// Favourite entries with their links.
    pub entries: Vec<Entry>,
    /// Purchases.
    pub purchases: Vec<Purchase>,
}

/// How many records of each kind a dataset holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Counts {
    /// Operators.
    pub operators: usize,
    /// Clients.
    pub clients: usize,
    /// Goods items.
    pub goods: usize,
    /// Favourite entries.
    pub entries: usize,
    /// Links of all entries.
    pub links: usize,
    /// Purchases.
    pub purchases: usize,
}

impl fmt::Display for Counts {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} operators, {} clients, {} goods, {} entries ({} links), {} purchases",
            self.operators, self.clients, self.goods, self.entries, self.links, self.purchases
        )
    }
}

impl Default for Dataset {
    /// An empty dataset (no operator: every request gets business error 3).
    fn default() -> Self {
        index::build(DatasetParts {
            as_of: NaiveDateTime::default(),
            time_zone: DEFAULT_TIME_ZONE,
            default_operator: 0,
            operators: Vec::new(),
            clients: Vec::new(),
            goods: Vec::new(),
            entries: Vec::new(),
            purchases: Vec::new(),
        })
    }
}

impl Dataset {
    /// Load and validate a dataset from a file or a folder of JSON files.
    pub fn load(path: &Path) -> Result<Dataset, DatasetError> {
        Dataset::load_limited(path, DEFAULT_MAX_DATASET_BYTES)
    }

    /// [`Dataset::load`] with another limit on the files' total size, bytes: checked from the
    /// file sizes before anything is read, and again while reading (a file may grow, or be a
    /// pipe with no size).
    pub fn load_limited(path: &Path, max_bytes: u64) -> Result<Dataset, DatasetError> {
        let sources = source::discover(path, max_bytes)?;
        load_sources(&sources, &path.display().to_string())
    }

    /// Load a single-file dataset from text (`name` is used in messages).
    pub fn from_json(name: &str, text: &str) -> Result<Dataset, DatasetError> {
        let sources = [Source::text(name, text.as_bytes().to_vec())];
        load_sources(&sources, name)
    }

    /// Validate and index records built in code (problems name the file `<parts>`).
    pub fn from_parts(parts: DatasetParts) -> Result<Dataset, DatasetError> {
        const NAME: &str = "<parts>";
        let sources = [Source::text(NAME, Vec::new())];
        let sections = Sections {
            as_of: at(parts.as_of),
            time_zone: at(parts.time_zone),
            default_operator: at(parts.default_operator),
            operators: at(parts.operators),
            clients: at(parts.clients),
            goods: at(parts.goods),
            entries: at(parts.entries),
            purchases: at(parts.purchases),
        };
        let mut problems = Problems::default();
        validate::validate(&sections, &sources, NAME, &mut problems);
        finish(sections, problems, &sources)
    }

    /// Index records without validating them: lets engine tests reach states no valid fixture
    /// can hold.
    #[cfg(test)]
    pub(crate) fn from_parts_unchecked(parts: DatasetParts) -> Dataset {
        index::build(parts)
    }

    /// The embedded default dataset (`contracts/datasets/default/`).
    pub fn embedded_default() -> Dataset {
        match load_sources(&embedded::sources(), embedded::NAME) {
            Ok(dataset) => dataset,
            // The embedded files are compile-time constants that the test suite loads; reaching
            // this is a packaging error no caller could recover from.
            Err(err) => panic!("the embedded default dataset is invalid: {err}"),
        }
    }

    /// A deterministic synthetic dataset: `clients` clients of three operators, about ten
    /// entries each, purchases, links and every entry state (see `generate.rs`).
    pub fn generate(clients: u32, seed: u64) -> Dataset {
        index::build(generate::parts(clients, seed))
    }

    /// Write the folder layout into `dir` (created if needed; the six conventional files are
    /// overwritten). [`Dataset::load`] reads it back identically.
    pub fn write(&self, dir: &Path) -> Result<(), DatasetError> {
        write::folder(self, dir)
    }

    /// A copy of the records, for building a modified dataset.
    pub fn to_parts(&self) -> DatasetParts {
        DatasetParts {
            as_of: self.as_of,
            time_zone: self.time_zone,
            default_operator: self.default_operator,
            operators: self.operators.clone(),
            clients: self.clients.clone(),
            goods: self.goods.clone(),
            entries: self.entries.clone(),
            purchases: self.purchases.clone(),
        }
    }

    /// The dataset's "now": everything current is computed at this local date-time.
    pub fn as_of(&self) -> NaiveDateTime {
        self.as_of
    }

    /// The server's UTC offset.
    pub fn time_zone(&self) -> Zone {
        self.time_zone
    }

    /// The operator a request's `Operator` 0 stands for.
    pub fn default_operator(&self) -> i16 {
        self.default_operator
    }

    /// Operators, by id.
    pub fn operators(&self) -> &[Operator] {
        &self.operators
    }

    /// One operator.
    pub fn operator(&self, id: i16) -> Option<&Operator> {
        find(&self.operators, id, |o| o.id)
    }

    /// Clients, by id.
    pub fn clients(&self) -> &[Client] {
        &self.clients
    }

    /// One client.
    pub fn client(&self, id: i32) -> Option<&Client> {
        find(&self.clients, id, |c| c.id)
    }

    /// Goods items of all operators, by id.
    pub fn goods(&self) -> &[Goods] {
        &self.goods
    }

    /// One goods item.
    pub fn goods_item(&self, id: i32) -> Option<&Goods> {
        find(&self.goods, id, |g| g.id)
    }

    /// All entries, by (client, proc_time, id).
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// All purchases, by (client, proc_time, id).
    pub fn purchases(&self) -> &[Purchase] {
        &self.purchases
    }

    /// A client's entries, by (proc_time, id) ascending (empty for an unknown client).
    pub fn client_entries(&self, client: i32) -> &[Entry] {
        self.span(client)
            .map_or(&[], |s| &self.entries[s.entries.clone()])
    }

    /// A client's purchases, by (proc_time, id) ascending (empty for an unknown client).
    pub fn client_purchases(&self, client: i32) -> &[Purchase] {
        self.span(client)
            .map_or(&[], |s| &self.purchases[s.purchases.clone()])
    }

    /// How many records of each kind there are.
    pub fn counts(&self) -> Counts {
        Counts {
            operators: self.operators.len(),
            clients: self.clients.len(),
            goods: self.goods.len(),
            entries: self.entries.len(),
            links: self.entries.iter().map(|e| e.links.len()).sum(),
            purchases: self.purchases.len(),
        }
    }

    /// A client with its entries and purchases (each by (proc_time, id) ascending), from one
    /// lookup.
    pub(crate) fn client_records(&self, id: i32) -> Option<ClientRecords<'_>> {
        let at = position(&self.clients, id, |c| c.id)?;
        let span = self.spans.get(at)?;
        Some(ClientRecords {
            client: &self.clients[at],
            entries: &self.entries[span.entries.clone()],
            purchases: &self.purchases[span.purchases.clone()],
        })
    }

    fn span(&self, client: i32) -> Option<&Span> {
        let at = position(&self.clients, client, |c| c.id)?;
        self.spans.get(at)
    }
}

/// One client's records, as [`Dataset::client_records`] finds them.
#[derive(Clone, Copy, Debug)]
pub(crate) struct ClientRecords<'d> {
    pub(crate) client: &'d Client,
    pub(crate) entries: &'d [Entry],
    pub(crate) purchases: &'d [Purchase],
}

/// A JSON path and its ancestors, innermost first: `$.a[1].b`, `$.a[1]`, `$.a`, `$`.
fn ancestors(path: &str) -> impl Iterator<Item = &str> {
    let cuts = path
        .char_indices()
        .filter(|&(i, c)| i > 0 && (c == '.' || c == '['))
        .map(|(i, _)| i)
        .rev();
    std::iter::once(path).chain(cuts.map(|i| &path[..i]))
}

/// A section of records built in code (all in the one pseudo-file).
fn at<T>(value: T) -> Option<At<T>> {
    Some(At { value, file: 0 })
}

/// A section's records, or none when no file held it.
fn take<T: Default>(section: Option<At<T>>) -> T {
    section.map(|a| a.value).unwrap_or_default()
}

fn find<T, K: IdKey>(items: &[T], key: K, key_of: impl Fn(&T) -> K) -> Option<&T> {
    position(items, key, key_of).map(|at| &items[at])
}

/// An integer id of records sorted by it.
trait IdKey: Ord + Copy {
    /// `self - first` as an index, when it is one.
    fn offset_from(self, first: Self) -> Option<usize>;
}

impl IdKey for i16 {
    fn offset_from(self, first: i16) -> Option<usize> {
        usize::try_from(i32::from(self) - i32::from(first)).ok()
    }
}

impl IdKey for i32 {
    fn offset_from(self, first: i32) -> Option<usize> {
        usize::try_from(i64::from(self) - i64::from(first)).ok()
    }
}

/// Where the record with id `key` is in `items` (sorted by unique ids). Ids are usually dense
/// (generated datasets number clients 1..N), so the slot `key - first id` is tried first: one
/// memory access instead of a binary search whose first steps miss the cache on a large
/// dataset. Any other layout falls back to the binary search, with the same answer.
fn position<T, K: IdKey>(items: &[T], key: K, key_of: impl Fn(&T) -> K) -> Option<usize> {
    let first = key_of(items.first()?);
    if let Some(guess) = key.offset_from(first)
        && items.get(guess).is_some_and(|item| key_of(item) == key)
    {
        return Some(guess);
    }
    items.binary_search_by(|item| key_of(item).cmp(&key)).ok()
}

fn load_sources(sources: &[Source], name: &str) -> Result<Dataset, DatasetError> {
    let mut problems = Problems::default();
    let sections = source::parse(sources, &mut problems)?;
    // Semantic rules only make sense once every file parsed: a record that failed to parse would
    // otherwise show up again as a dangling reference.
    if problems.is_empty() {
        validate::validate(&sections, sources, name, &mut problems);
    }
    finish(sections, problems, sources)
}

fn finish(
    sections: Sections,
    problems: Problems,
    sources: &[Source],
) -> Result<Dataset, DatasetError> {
    if !problems.is_empty() {
        return Err(invalid(problems, sources));
    }
    Ok(index::build(DatasetParts {
        as_of: sections.as_of.map(|a| a.value).unwrap_or_default(),
        time_zone: sections.time_zone.map_or(DEFAULT_TIME_ZONE, |a| a.value),
        default_operator: sections.default_operator.map_or(0, |a| a.value),
        operators: take(sections.operators),
        clients: take(sections.clients),
        goods: take(sections.goods),
        entries: take(sections.entries),
        purchases: take(sections.purchases),
    }))
}

/// Find the lines of problems reported by path (one more pass over each file concerned, only
/// now that loading failed), then order them by file and line.
fn invalid(problems: Problems, sources: &[Source]) -> DatasetError {
    let Problems {
        mut list,
        offsets,
        total,
    } = problems;
    for source in sources {
        // Each path and its ancestors: a missing member is reported on its record's line.
        let wanted: HashSet<&str> = list
            .iter()
            .filter(|p| p.line.is_none() && p.file == source.name)
            .flat_map(|p| ancestors(&p.path))
            .collect();
        if wanted.is_empty() {
            continue;
        }
        let Ok(bytes) = source.bytes() else { continue };
        let lines: HashMap<String, usize> = locate::lines_of(&bytes, &wanted);
        for problem in list.iter_mut().filter(|p| p.file == source.name) {
            if problem.line.is_none() {
                problem.line = ancestors(&problem.path).find_map(|path| lines.get(path).copied());
            }
        }
    }
    let file_order = |p: &Problem| {
        let file = sources.iter().position(|s| s.name == p.file);
        file.map_or(0, |f| f + 1)
    };
    let mut ordered: Vec<(Problem, Option<usize>)> = list.into_iter().zip(offsets).collect();
    ordered.sort_by_key(|(p, offset)| {
        (
            file_order(p),
            p.line.unwrap_or(0),
            offset.unwrap_or(usize::MAX),
        )
    });
    let list = ordered.into_iter().map(|(p, _)| p).collect();
    DatasetError::Invalid {
        problems: list,
        total,
    }
}
