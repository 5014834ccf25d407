//! The default dataset, compiled into the binary so the mock needs no files at runtime.

use super::source::{Key, Source};

/// How messages name the embedded dataset.
pub(crate) const NAME: &str = "<embedded>/default";

const DATASET: &str = include_str!("../../contracts/datasets/default/dataset.json");
const OPERATORS: &str = include_str!("../../contracts/datasets/default/operators.json");
const CLIENTS: &str = include_str!("../../contracts/datasets/default/clients.json");
const GOODS: &str = include_str!("../../contracts/datasets/default/goods.json");
const ENTRIES: &str = include_str!("../../contracts/datasets/default/entries.json");
const PURCHASES: &str = include_str!("../../contracts/datasets/default/purchases.json");

/// The embedded files, named like the folder layout's.
pub(crate) fn sources() -> Vec<Source> {
    [
        (Key::AsOf, DATASET),
        (Key::Operators, OPERATORS),
        (Key::Clients, CLIENTS),
        (Key::Goods, GOODS),
        (Key::Entries, ENTRIES),
        (Key::Purchases, PURCHASES),
    ]
    .into_iter()
    .map(|(key, text)| Source::text(format!("{NAME}/{}", key.file()), text.as_bytes()))
    .collect()
}
