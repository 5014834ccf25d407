//! Writing the folder layout: `dataset.json` with the settings, then one file per section with
//! one record per line (so diffs and error lines stay readable for large generated datasets).

use super::Dataset;
use super::error::DatasetError;
use super::source::Key;
use super::wire;
use serde::Serialize;
use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::Path;

pub(crate) fn folder(dataset: &Dataset, dir: &Path) -> Result<(), DatasetError> {
    std::fs::create_dir_all(dir).map_err(|source| DatasetError::Write {
        path: dir.to_path_buf(),
        source,
    })?;
    file(dir, Key::AsOf, |w| {
        writeln!(w, "{{")?;
        writeln!(w, "  \"as_of\": \"{}\",", wire::format_local(dataset.as_of))?;
        writeln!(
            w,
            "  \"time_zone\": \"{}\",",
            wire::format_zone(dataset.time_zone)
        )?;
        writeln!(w, "  \"default_operator\": {}", dataset.default_operator)?;
        writeln!(w, "}}")
    })?;
    section(dir, Key::Operators, &dataset.operators)?;
    section(dir, Key::Clients, &dataset.clients)?;
    section(dir, Key::Goods, &dataset.goods)?;
    section(dir, Key::Entries, &dataset.entries)?;
    section(dir, Key::Purchases, &dataset.purchases)
}

fn section<T: Serialize>(dir: &Path, key: Key, records: &[T]) -> Result<(), DatasetError> {
    file(dir, key, |w| {
        write!(w, "{{\"{}\": [", key.name())?;
        for (i, record) in records.iter().enumerate() {
            w.write_all(if i == 0 { b"\n" } else { b",\n" })?;
            serde_json::to_writer(&mut *w, record)?;
        }
        w.write_all(b"\n]}\n")
    })
}

fn file(
    dir: &Path,
    key: Key,
    body: impl FnOnce(&mut BufWriter<File>) -> io::Result<()>,
) -> Result<(), DatasetError> {
    let path = dir.join(key.file());
    let result = File::create(&path).and_then(|f| {
        let mut w = BufWriter::new(f);
        body(&mut w)?;
        w.flush()
    });
    result.map_err(|source| DatasetError::Write { path, source })
}
