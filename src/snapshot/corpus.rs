//! The request corpus: the cases of `contracts/corpus/`, embedded in the binary so
//! `favorite-contract snapshot` needs no checkout, or read from any folder of case files.

use super::case::Case;
use super::load::{CorpusError, parse_case};
use std::path::Path;

/// The corpus folder, relative to the repository root.
pub const CORPUS_DIR: &str = "contracts/corpus";

macro_rules! embedded {
    ($($name:literal),* $(,)?) => {
        &[$(($name, include_str!(concat!("../../contracts/corpus/", $name)))),*]
    };
}

/// The embedded case files (file name, text), in file-name order. A test checks this list
/// against the folder, so a new case file cannot be forgotten here.
pub const EMBEDDED: &[(&str, &str)] = embedded!["accept-browser-prefers-xml.json",];

/// The embedded corpus, validated, in id order.
pub fn embedded() -> Result<Vec<Case>, CorpusError> {
    let mut cases = Vec::with_capacity(EMBEDDED.len());
    for (name, text) in EMBEDDED {
        let stem = name.strip_suffix(".json").unwrap_or(name);
        cases.push(parse_case(&format!("{CORPUS_DIR}/{name}"), stem, text)?);
    }
    finish(cases, CORPUS_DIR)
}

/// Every `*.json` case of a folder, validated, in id order.
pub fn load_dir(dir: &Path) -> Result<Vec<Case>, CorpusError> {
    let shown = dir.display().to_string();
    let io = |source| CorpusError::Io {
        path: shown.clone(),
        source,
    };
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(io)? {
        let path = entry.map_err(io)?.path();
        if path.extension().is_some_and(|e| e == "json") {
            files.push(path);
        }
    }
    files.sort();
    let mut cases = Vec::with_capacity(files.len());
    for path in files {
        let file = path.display().to_string();
        let text = std::fs::read_to_string(&path).map_err(|source| CorpusError::Io {
            path: file.clone(),
            source,
        })?;
        let stem = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        cases.push(parse_case(&file, &stem, &text)?);
    }
    finish(cases, &shown)
}

fn finish(mut cases: Vec<Case>, dir: &str) -> Result<Vec<Case>, CorpusError> {
    if cases.is_empty() {
        return Err(CorpusError::Empty {
            path: dir.to_owned(),
        });
    }
    cases.sort_by(|a, b| a.id.cmp(&b.id));
    if let Some(pair) = cases.windows(2).find(|w| w[0].id == w[1].id) {
        return Err(CorpusError::DuplicateId {
            file: format!("{dir}/{}.json", pair[1].id),
            id: pair[1].id.clone(),
            other: format!("{dir}/{}.json", pair[0].id),
        });
    }
    Ok(cases)
}

/// The cases with these ids (all when `ids` is empty), in corpus order.
pub fn select(cases: Vec<Case>, ids: &[String]) -> Result<Vec<Case>, CorpusError> {
    if let Some(id) = ids.iter().find(|id| !cases.iter().any(|c| &c.id == *id)) {
        return Err(CorpusError::UnknownCase { id: id.clone() });
    }
    Ok(cases
        .into_iter()
        .filter(|c| ids.is_empty() || ids.contains(&c.id))
        .collect())
}
