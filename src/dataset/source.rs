//! Reading fixture files: discovering the files of a dataset, parsing each straight into records,
//! merging their sections, and, only when a file fails to parse, finding every type error in it.

use super::diagnose;
use super::error::{DatasetError, ProblemKind, Problems};
use super::records::{Client, Entry, Goods, Operator, Purchase};
use super::wire;
use crate::model::Zone;
use chrono::NaiveDateTime;
use serde::Deserialize;
use serde::de::IgnoredAny;
use std::borrow::Cow;
use std::path::{Path, PathBuf};

/// The top-level keys of the format, in their conventional order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Key {
    AsOf,
    TimeZone,
    DefaultOperator,
    Operators,
    Clients,
    Goods,
    Entries,
    Purchases,
}

impl Key {
    pub(crate) const ALL: [Key; 8] = [
        Key::AsOf,
        Key::TimeZone,
        Key::DefaultOperator,
        Key::Operators,
        Key::Clients,
        Key::Goods,
        Key::Entries,
        Key::Purchases,
    ];

    pub(crate) fn name(self) -> &'static str {
        match self {
            Key::AsOf => "as_of",
            Key::TimeZone => "time_zone",
            Key::DefaultOperator => "default_operator",
            Key::Operators => "operators",
            Key::Clients => "clients",
            Key::Goods => "goods",
            Key::Entries => "entries",
            Key::Purchases => "purchases",
        }
    }

    /// The file of the folder layout that holds this key.
    pub(crate) fn file(self) -> &'static str {
        match self {
            Key::AsOf | Key::TimeZone | Key::DefaultOperator => "dataset.json",
            Key::Operators => "operators.json",
            Key::Clients => "clients.json",
            Key::Goods => "goods.json",
            Key::Entries => "entries.json",
            Key::Purchases => "purchases.json",
        }
    }

    pub(crate) fn parse(name: &str) -> Option<Key> {
        Key::ALL.into_iter().find(|k| k.name() == name)
    }
}

/// One file of a dataset.
pub(crate) struct Source {
    /// How messages name it.
    pub(crate) name: String,
    origin: Origin,
}

enum Origin {
    /// A file, read with at most this many bytes.
    Path(PathBuf, u64),
    Text(Cow<'static, [u8]>),
}

impl Source {
    pub(crate) fn text(name: impl Into<String>, text: impl Into<Cow<'static, [u8]>>) -> Source {
        Source {
            name: name.into(),
            origin: Origin::Text(text.into()),
        }
    }

    /// The bytes, without a UTF-8 byte-order mark (which .NET's readers skip, and editors on
    /// Windows write). Read again from disk on every call; only the error path calls it twice.
    pub(crate) fn bytes(&self) -> Result<Cow<'_, [u8]>, DatasetError> {
        let bytes = match &self.origin {
            Origin::Text(text) => Cow::Borrowed(&text[..]),
            Origin::Path(path, limit) => Cow::Owned(read_limited(path, *limit)?),
        };
        Ok(match bytes {
            Cow::Borrowed(b) => Cow::Borrowed(b.strip_prefix(UTF8_BOM).unwrap_or(b)),
            Cow::Owned(mut b) if b.starts_with(UTF8_BOM) => {
                b.drain(..UTF8_BOM.len());
                Cow::Owned(b)
            }
            owned @ Cow::Owned(_) => owned,
        })
    }
}

/// The UTF-8 encoding of U+FEFF.
const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// Read a file, failing once it holds more than `limit` bytes (it may have grown since its
/// size was checked, or be a pipe or device with no size).
fn read_limited(path: &Path, limit: u64) -> Result<Vec<u8>, DatasetError> {
    use std::io::Read as _;
    let read_error = |source| DatasetError::Read {
        path: path.to_path_buf(),
        source,
    };
    let file = std::fs::File::open(path).map_err(read_error)?;
    let mut bytes = Vec::new();
    file.take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(read_error)?;
    if bytes.len() as u64 > limit {
        return Err(DatasetError::TooLarge {
            path: path.to_path_buf(),
            limit,
            found: "more bytes while reading it".to_owned(),
        });
    }
    Ok(bytes)
}

/// The files of a dataset: the file itself, or every `*.json` file directly in a folder, by name;
/// refused when their sizes add up to more than `limit` bytes (nothing is read yet).
pub(crate) fn discover(path: &Path, limit: u64) -> Result<Vec<Source>, DatasetError> {
    let files = files(path)?;
    let mut total = 0u64;
    for file in &files {
        let size = std::fs::metadata(file).map_or(0, |m| m.len());
        total = total.saturating_add(size);
        if total > limit {
            return Err(DatasetError::TooLarge {
                path: file.clone(),
                limit,
                found: format!("{total} bytes in the files up to this one"),
            });
        }
    }
    // Each file may use what the others left (a file that grows while being read fails).
    let mut left = limit;
    let mut sources = Vec::with_capacity(files.len());
    for file in files {
        let size = std::fs::metadata(&file).map_or(0, |m| m.len());
        let allowance = left;
        left = left.saturating_sub(size);
        sources.push(Source {
            name: file.display().to_string(),
            origin: Origin::Path(file, allowance),
        });
    }
    Ok(sources)
}

/// The file itself, or every `*.json` file directly in a folder, by name.
fn files(path: &Path) -> Result<Vec<PathBuf>, DatasetError> {
    let read_error = |source| DatasetError::Read {
        path: path.to_path_buf(),
        source,
    };
    let meta = std::fs::metadata(path).map_err(read_error)?;
    if !meta.is_dir() {
        return Ok(vec![path.to_path_buf()]);
    }
    let mut files = Vec::new();
    for item in std::fs::read_dir(path).map_err(read_error)? {
        let file = item.map_err(read_error)?.path();
        if file.is_file() && file.extension().is_some_and(|e| e == "json") {
            files.push(file);
        }
    }
    if files.is_empty() {
        return Err(DatasetError::EmptyFolder {
            path: path.to_path_buf(),
        });
    }
    files.sort();
    Ok(files)
}

/// One file's content: any subset of the top-level keys.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FilePart {
    #[serde(rename = "$comment", default)]
    _comment: Option<IgnoredAny>,
    #[serde(default, with = "wire::opt_local_time")]
    as_of: Option<NaiveDateTime>,
    #[serde(default, with = "wire::opt_offset")]
    time_zone: Option<Zone>,
    default_operator: Option<i16>,
    operators: Option<Vec<Operator>>,
    clients: Option<Vec<Client>>,
    goods: Option<Vec<Goods>>,
    entries: Option<Vec<Entry>>,
    purchases: Option<Vec<Purchase>>,
}

/// A section and the index of the source file that held it.
pub(crate) struct At<T> {
    pub(crate) value: T,
    pub(crate) file: usize,
}

/// The merged sections of all files.
#[derive(Default)]
pub(crate) struct Sections {
    pub(crate) as_of: Option<At<NaiveDateTime>>,
    pub(crate) time_zone: Option<At<Zone>>,
    pub(crate) default_operator: Option<At<i16>>,
    pub(crate) operators: Option<At<Vec<Operator>>>,
    pub(crate) clients: Option<At<Vec<Client>>>,
    pub(crate) goods: Option<At<Vec<Goods>>>,
    pub(crate) entries: Option<At<Vec<Entry>>>,
    pub(crate) purchases: Option<At<Vec<Purchase>>>,
}

/// Parse every source; syntax and type errors go to `problems`.
pub(crate) fn parse(sources: &[Source], problems: &mut Problems) -> Result<Sections, DatasetError> {
    let mut sections = Sections::default();
    for (file, source) in sources.iter().enumerate() {
        let bytes = source.bytes()?;
        if let Some(problem) = diagnose::not_an_object(&source.name, &bytes) {
            problems.push(problem, Some(0));
            continue;
        }
        match serde_json::from_slice::<FilePart>(&bytes) {
            Ok(part) => merge(&mut sections, part, file, sources, problems),
            Err(err) => diagnose::file(&source.name, &bytes, &err, problems),
        }
    }
    Ok(sections)
}

fn merge(
    sections: &mut Sections,
    part: FilePart,
    file: usize,
    sources: &[Source],
    problems: &mut Problems,
) {
    fn put<T>(
        slot: &mut Option<At<T>>,
        value: Option<T>,
        key: Key,
        file: usize,
        sources: &[Source],
        problems: &mut Problems,
    ) {
        let Some(value) = value else { return };
        match slot {
            Some(first) => problems.add(
                &sources[file].name,
                format!("$.{}", key.name()),
                ProblemKind::DuplicateSection,
                format!("`{}` in one file of the dataset only", key.name()),
                format!("it also in {}", sources[first.file].name),
            ),
            None => *slot = Some(At { value, file }),
        }
    }
    put(
        &mut sections.as_of,
        part.as_of,
        Key::AsOf,
        file,
        sources,
        problems,
    );
    put(
        &mut sections.time_zone,
        part.time_zone,
        Key::TimeZone,
        file,
        sources,
        problems,
    );
    put(
        &mut sections.default_operator,
        part.default_operator,
        Key::DefaultOperator,
        file,
        sources,
        problems,
    );
    put(
        &mut sections.operators,
        part.operators,
        Key::Operators,
        file,
        sources,
        problems,
    );
    put(
        &mut sections.clients,
        part.clients,
        Key::Clients,
        file,
        sources,
        problems,
    );
    put(
        &mut sections.goods,
        part.goods,
        Key::Goods,
        file,
        sources,
        problems,
    );
    put(
        &mut sections.entries,
        part.entries,
        Key::Entries,
        file,
        sources,
        problems,
    );
    put(
        &mut sections.purchases,
        part.purchases,
        Key::Purchases,
        file,
        sources,
        problems,
    );
}
