//! Reading one case file: serde over the case format (unknown keys refused, closed sets as
//! enums), then the checks serde cannot express and the checks against the contract, by hand
//! ([`request`] for the request, [`options`] for the rest). Every error names the file, the line,
//! the JSONPath, what was expected and what was found.

mod options;
mod request;

use super::case::{Accept, Auth, Case, Covers, Expect};
use crate::codec::Format;
use crate::contract::contract;
use crate::dataset::{Problem, ProblemKind};
use crate::json_file;
use serde::Deserialize;
use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// Why a case (or the corpus) cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum CorpusError {
    /// The file or folder could not be read.
    #[error("cannot read {path}")]
    Io {
        /// The file or folder.
        path: String,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// The file is not JSON, or a value breaks the case format or the contract.
    #[error("{0}")]
    Invalid(Box<Problem>),
    /// Two files share an id.
    #[error("{file}: $.id: expected an id no other case uses, found `{id}` (also in {other})")]
    DuplicateId {
        /// The later file.
        file: String,
        /// The id.
        id: String,
        /// The earlier file.
        other: String,
    },
    /// A folder holds no case.
    #[error("{path}: expected at least one case file (*.json), found none")]
    Empty {
        /// The folder.
        path: String,
    },
    /// A case asked for by id does not exist.
    #[error("expected a case id of the corpus, found `{id}`")]
    UnknownCase {
        /// The id asked for.
        id: String,
    },
}

/// Longest `comment` (characters): one line a reviewer reads at a glance.
pub const MAX_COMMENT_CHARS: usize = 160;

/// A case file as written (`contracts/corpus/README.md`).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CaseFile {
    id: String,
    comment: String,
    covers: Vec<Covers>,
    /// Contract members or a raw body: checked against the contract by hand.
    request: Map<String, Value>,
    formats: Option<Vec<Format>>,
    accept: Option<Vec<Accept>>,
    #[serde(default)]
    headers: BTreeMap<String, String>,
    #[serde(default)]
    auth: Auth,
    method: Option<String>,
    path: Option<String>,
    expect: Expect,
}

/// Where hand-written checks report: the file and its text (for the line of a path).
struct Ctx<'a> {
    file: &'a str,
    text: &'a str,
}

impl Ctx<'_> {
    fn invalid(
        &self,
        path: &str,
        expected: impl Into<String>,
        found: impl Into<String>,
    ) -> CorpusError {
        self.problem(path, ProblemKind::Type, expected, found)
    }

    fn problem(
        &self,
        path: &str,
        kind: ProblemKind,
        expected: impl Into<String>,
        found: impl Into<String>,
    ) -> CorpusError {
        CorpusError::Invalid(json_file::problem(
            self.file, self.text, path, kind, expected, found,
        ))
    }
}

/// A short description of a JSON value for error messages.
fn describe(value: &Value) -> String {
    match value {
        Value::Null => "null".to_owned(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => format!("{s:?}"),
        Value::Array(items) => format!("an array of {} items", items.len()),
        Value::Object(map) => format!("an object with {} keys", map.len()),
    }
}

/// Parse and validate a case file. `file` names it in errors; `stem` is the file name without
/// `.json`, which the `id` must equal.
pub fn parse_case(file: &str, stem: &str, text: &str) -> Result<Case, CorpusError> {
    let f: CaseFile = json_file::parse(file, text).map_err(CorpusError::Invalid)?;
    let cx = Ctx { file, text };
    if f.id != stem {
        return Err(cx.invalid(
            "$.id",
            format!("the file name `{stem}`"),
            format!("\"{}\"", f.id),
        ));
    }
    if f.id.is_empty()
        || !f
            .id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
    {
        return Err(cx.invalid(
            "$.id",
            "kebab-case ASCII (a-z, 0-9, -)",
            format!("\"{}\"", f.id),
        ));
    }
    if f.comment.trim().is_empty()
        || f.comment.contains(['\n', '\r'])
        || f.comment.chars().count() > MAX_COMMENT_CHARS
    {
        return Err(cx.invalid(
            "$.comment",
            format!("one non-empty line of at most {MAX_COMMENT_CHARS} characters"),
            format!("{:?}", f.comment),
        ));
    }
    options::covers(&cx, &f.covers)?;
    let payload = request::payload(&cx, &f.request)?;
    let formats = options::formats(&cx, f.formats, &payload)?;
    let accept = options::accept(&cx, f.accept)?;
    let headers = options::headers(&cx, f.headers, &accept)?;
    options::auth(&cx, &f.auth)?;
    let method = f.method.unwrap_or_else(|| "POST".to_owned());
    if method.is_empty() || !method.bytes().all(|b| b.is_ascii_uppercase()) {
        return Err(cx.invalid(
            "$.method",
            "an upper-case HTTP method (GET, PUT…)",
            format!("\"{method}\""),
        ));
    }
    let path = f
        .path
        .unwrap_or_else(|| format!("/{}", contract().endpoint.path));
    if !path.starts_with('/') || path.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(cx.invalid(
            "$.path",
            "a path with a leading slash and no spaces",
            format!("\"{path}\""),
        ));
    }
    options::expect(&cx, &f.expect)?;
    Ok(Case {
        id: f.id,
        comment: f.comment,
        covers: f.covers,
        payload,
        formats,
        accept,
        headers,
        auth: f.auth,
        method,
        path,
        expect: f.expect,
    })
}
