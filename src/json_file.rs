//! Our own JSON file formats (checker profiles, corpus cases, check's case files) read with
//! serde, with every error a [`Problem`] in the dataset's terms: the file, the line, the JSONPath
//! (`$.paging.start_base`, `$.headers['X-Api-Key']`), what was expected and what was found. Shape errors come from serde
//! (`deny_unknown_fields`, typed enums) with the path `serde_path_to_error` tracks; only the
//! checks against the contract are written by hand, and report through [`problem`].

use crate::dataset::diagnose::{classify_data, non_object, serde_message, serde_problem};
use crate::dataset::locate::{lines_of, push_key};
use crate::dataset::{Problem, ProblemKind};
use serde::de::DeserializeOwned;
use serde_path_to_error::Segment;
use std::collections::HashSet;

/// Parse `text` (the content of `file`) into `T`.
pub(crate) fn parse<T: DeserializeOwned>(file: &str, text: &str) -> Result<T, Box<Problem>> {
    // serde would also read a struct from an array (by position); our formats are objects.
    if let Some((line, found)) = non_object(text.as_bytes()) {
        return Err(Box::new(Problem {
            file: file.to_owned(),
            line: Some(line),
            path: "$".to_owned(),
            kind: ProblemKind::Syntax,
            expected: "a JSON object".to_owned(),
            found,
        }));
    }
    let mut de = serde_json::Deserializer::from_str(text);
    let value =
        serde_path_to_error::deserialize(&mut de).map_err(|e| data_problem(file, text, &e))?;
    de.end()
        .map_err(|e| Box::new(serde_problem(file, text.as_bytes(), &e)))?;
    Ok(value)
}

/// A deserialisation error at the path serde went down (a syntax error at the path of its
/// offset).
fn data_problem(
    file: &str,
    text: &str,
    err: &serde_path_to_error::Error<serde_json::Error>,
) -> Box<Problem> {
    let inner = err.inner();
    if !inner.is_data() {
        return Box::new(serde_problem(file, text.as_bytes(), inner));
    }
    let mut path = String::from("$");
    for segment in err.path().iter() {
        match segment {
            Segment::Seq { index } => path.push_str(&format!("[{index}]")),
            Segment::Map { key } => push_key(&mut path, key),
            Segment::Enum { variant } => push_key(&mut path, variant),
            Segment::Unknown => {}
        }
    }
    let (kind, expected, found) = classify_data(&serde_message(inner), &mut path);
    Box::new(Problem {
        file: file.to_owned(),
        line: Some(inner.line()),
        path,
        kind,
        expected,
        found,
    })
}

/// A problem found by a check written by hand, at `path`; its line is looked up in `text` (the
/// line of the nearest enclosing value when `path` itself is absent, a missing key).
pub(crate) fn problem(
    file: &str,
    text: &str,
    path: &str,
    kind: ProblemKind,
    expected: impl Into<String>,
    found: impl Into<String>,
) -> Box<Problem> {
    let mut paths = vec![path];
    let mut rest = path;
    while let Some(cut) = rest.rfind(['.', '[']) {
        rest = &rest[..cut];
        paths.push(rest);
    }
    let lines = lines_of(
        text.as_bytes(),
        &paths.iter().copied().collect::<HashSet<_>>(),
    );
    let line = paths.iter().find_map(|p| lines.get(*p).copied());
    Box::new(Problem {
        file: file.to_owned(),
        line,
        path: path.to_owned(),
        kind,
        expected: expected.into(),
        found: found.into(),
    })
}

/// `parent` extended by an object member (`.name`, or `['odd key']`).
pub(crate) fn member(parent: &str, key: &str) -> String {
    let mut path = parent.to_owned();
    push_key(&mut path, key);
    path
}

/// `parent` extended by an array index.
pub(crate) fn index(parent: &str, i: usize) -> String {
    format!("{parent}[{i}]")
}
