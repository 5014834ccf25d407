//! What the runner knows about the target's data: client ids known to exist (from `--client`,
//! or every record of a dataset), operators with their tokens and site codes, goods and entry
//! ids, and the date the data lies around. Generators draw ids from it; predictions use it to
//! tell which business error a request must get.

use crate::dataset::Dataset;
use crate::model::Zone;
use chrono::{NaiveDate, NaiveDateTime};
use std::collections::BTreeMap;

/// A client known to exist on the target.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct KnownClient {
    /// Client id.
    pub id: i32,
    /// The `Operator` a request must carry to reach it (0 = the deployment default).
    pub operator: i16,
}

/// An operator known to exist, with the values its requests may carry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KnownOperator {
    /// Operator id.
    pub id: i16,
    /// Its token numbers.
    pub tokens: Vec<i64>,
    /// Its widget site codes.
    pub site_codes: Vec<String>,
    /// Its UTC offset, when it differs from the server's.
    pub zone: Option<Zone>,
}

/// Everything known about the target's data.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Knowledge {
    /// The operator requests name by default (`--operator`; 0 = the deployment default).
    pub operator: i16,
    /// The operator `Operator` 0 stands for, when known.
    pub default_operator: Option<i16>,
    /// Clients known to exist.
    pub clients: Vec<KnownClient>,
    /// Operators known to exist.
    pub operators: Vec<KnownOperator>,
    /// Goods ids (`ListDataId` candidates).
    pub goods: Vec<i32>,
    /// Entry ids (`ClientFavoriteId`) known per client.
    pub entries: BTreeMap<i32, Vec<i32>>,
    /// The day the data lies around (the dataset's `as_of`, else a fixed recent day).
    pub anchor: NaiveDateTime,
    /// Whether the lists are complete (from a dataset not sampled down to [`MAX_KNOWN_IDS`]):
    /// an id not listed does not exist.
    pub complete: bool,
}

/// Most clients (and goods) a dataset contributes: generators draw from these, evenly spread
/// over the dataset, so a dataset of a million clients costs no more than a small one.
pub const MAX_KNOWN_IDS: usize = 5000;

/// Every `n`-th item so that at most [`MAX_KNOWN_IDS`] remain.
fn spread<T: Copy>(items: impl ExactSizeIterator<Item = T>) -> (Vec<T>, bool) {
    let len = items.len();
    let step = len.div_ceil(MAX_KNOWN_IDS).max(1);
    (items.step_by(step).collect(), step > 1)
}

/// The day generated dates gather around when no dataset says better.
const DEFAULT_ANCHOR: (i32, u32, u32) = (2026, 5, 7);

fn default_anchor() -> NaiveDateTime {
    let (y, m, d) = DEFAULT_ANCHOR;
    NaiveDate::from_ymd_opt(y, m, d)
        .and_then(|day| day.and_hms_opt(12, 0, 0))
        .unwrap_or_default()
}

impl Knowledge {
    /// From the command line: `--operator` and the `--client` ids, which belong to it.
    pub fn from_flags(operator: i16, clients: &[i32]) -> Knowledge {
        Knowledge {
            operator,
            default_operator: None,
            clients: clients
                .iter()
                .map(|&id| KnownClient { id, operator })
                .collect(),
            operators: Vec::new(),
            goods: Vec::new(),
            entries: BTreeMap::new(),
            anchor: default_anchor(),
            complete: false,
        }
    }

    /// Everything a dataset holds. `operator` is the `--operator` flag; `extra` clients given
    /// with `--client` are added under it.
    pub fn from_dataset(dataset: &Dataset, operator: i16, extra: &[i32]) -> Knowledge {
        let (mut clients, sampled) = spread(dataset.clients().iter().map(|c| KnownClient {
            id: c.id,
            operator: c.operator,
        }));
        for &id in extra {
            if !clients.iter().any(|c| c.id == id) {
                clients.push(KnownClient { id, operator });
            }
        }
        let mut entries: BTreeMap<i32, Vec<i32>> = BTreeMap::new();
        for client in &clients {
            let visible = dataset
                .client_entries(client.id)
                .iter()
                .filter(|e| e.proc_time <= dataset.as_of())
                .map(|e| e.id);
            entries.entry(client.id).or_default().extend(visible);
        }
        let (goods, goods_sampled) = spread(dataset.goods().iter().map(|g| g.id));
        Knowledge {
            operator: if operator == 0 {
                dataset.default_operator()
            } else {
                operator
            },
            default_operator: Some(dataset.default_operator()),
            clients,
            operators: dataset
                .operators()
                .iter()
                .map(|op| KnownOperator {
                    id: op.id,
                    tokens: op.tokens.clone(),
                    site_codes: op.site_codes.clone(),
                    zone: op.time_zone,
                })
                .collect(),
            goods,
            entries,
            anchor: dataset.as_of(),
            complete: !sampled && !goods_sampled,
        }
    }

    /// The operator a request's `Operator` resolves to, when known (0 → the default).
    pub fn effective_operator(&self, operator: i16) -> Option<i16> {
        match operator {
            0 => self.default_operator,
            id => Some(id),
        }
    }

    /// A known operator.
    pub fn operator_info(&self, id: i16) -> Option<&KnownOperator> {
        self.operators.iter().find(|o| o.id == id)
    }

    /// A known client.
    pub fn client(&self, id: i32) -> Option<&KnownClient> {
        self.clients.iter().find(|c| c.id == id)
    }

    /// The UTC offset a client's requests are judged in, when it differs from the server's.
    pub fn zone_of(&self, operator: i16) -> Option<Zone> {
        self.effective_operator(operator)
            .and_then(|id| self.operator_info(id))
            .and_then(|op| op.zone)
    }

    /// Tokens of every known operator (generators mix them in).
    pub fn all_tokens(&self) -> Vec<i64> {
        self.operators
            .iter()
            .flat_map(|o| o.tokens.iter().copied())
            .collect()
    }

    /// Site codes of every known operator.
    pub fn all_site_codes(&self) -> Vec<String> {
        self.operators
            .iter()
            .flat_map(|o| o.site_codes.iter().cloned())
            .collect()
    }

    /// Pairs (client, another operator that exists) for the cross-operator cases; empty unless
    /// operators are known.
    pub fn cross_operator_pairs(&self) -> Vec<(i32, i16)> {
        let mut pairs = Vec::new();
        for client in &self.clients {
            let home = self.effective_operator(client.operator);
            for op in &self.operators {
                if Some(op.id) != home {
                    pairs.push((client.id, op.id));
                }
            }
        }
        pairs
    }
}
