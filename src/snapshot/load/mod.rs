//! Reading one case file and validating it against the contract: unknown keys, unknown request
//! members, wrong types and out-of-range values are reported with the file and the JSON path.
//! [`request`] reads the request; [`options`] the rest of a case.

mod options;
mod request;

use options::{accept, auth, covers, expect, formats, headers};
use request::payload;

use super::case::Case;
use crate::contract::contract;
use serde_json::{Map, Value};

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
    /// The file is not JSON.
    #[error("{file}:{line}:{column}: expected a JSON case, found a syntax error ({message})")]
    Syntax {
        /// The file.
        file: String,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// serde_json's description.
        message: String,
    },
    /// A value breaks the case format or the contract.
    #[error("{file} at {path}: expected {expected}, found {found}")]
    Invalid {
        /// The file.
        file: String,
        /// JSON pointer into the file (`/request/Operator`).
        path: String,
        /// What is allowed there.
        expected: String,
        /// What is there.
        found: String,
    },
    /// Two files share an id.
    #[error("{file} at /id: expected an id no other case uses, found `{id}` (also in {other})")]
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

const KEYS: &[&str] = &[
    "id", "comment", "covers", "request", "formats", "accept", "headers", "auth", "method", "path",
    "expect",
];

/// Headers a case may not set in `headers`, with the key that sets them instead.
const MANAGED_HEADERS: &[(&str, &str)] = &[
    ("authorization", "`auth`"),
    ("content-type", "`request.content_type` of a raw request"),
    ("content-length", "nothing (it is computed)"),
    ("host", "nothing (it comes from the target URL)"),
];

struct Ctx<'a> {
    file: &'a str,
}

impl Ctx<'_> {
    fn invalid(
        &self,
        path: &str,
        expected: impl Into<String>,
        found: impl Into<String>,
    ) -> CorpusError {
        CorpusError::Invalid {
            file: self.file.to_owned(),
            path: path.to_owned(),
            expected: expected.into(),
            found: found.into(),
        }
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
    let value: Value = serde_json::from_str(text).map_err(|e| CorpusError::Syntax {
        file: file.to_owned(),
        line: e.line(),
        column: e.column(),
        message: e.to_string(),
    })?;
    let cx = Ctx { file };
    let Value::Object(root) = &value else {
        return Err(cx.invalid("", "an object", describe(&value)));
    };
    for key in root.keys() {
        if !KEYS.contains(&key.as_str()) {
            return Err(cx.invalid(
                &format!("/{key}"),
                format!("one of the case keys {}", KEYS.join(", ")),
                format!("unknown key `{key}`"),
            ));
        }
    }
    let id = required_str(&cx, root, "id")?;
    if id != stem {
        return Err(cx.invalid(
            "/id",
            format!("the file name `{stem}`"),
            format!("\"{id}\""),
        ));
    }
    if id.is_empty()
        || !id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
    {
        return Err(cx.invalid("/id", "kebab-case ASCII (a-z, 0-9, -)", format!("\"{id}\"")));
    }
    let comment = required_str(&cx, root, "comment")?;
    if comment.trim().is_empty()
        || comment.contains(['\n', '\r'])
        || comment.chars().count() > MAX_COMMENT_CHARS
    {
        return Err(cx.invalid(
            "/comment",
            format!("one non-empty line of at most {MAX_COMMENT_CHARS} characters"),
            format!("{comment:?}"),
        ));
    }
    let covers = covers(&cx, root.get("covers"))?;
    let request = root.get("request").ok_or_else(|| {
        cx.invalid(
            "/request",
            "the request (contract members or a raw body)",
            "nothing",
        )
    })?;
    let payload = payload(&cx, request)?;
    let formats = formats(&cx, root.get("formats"), &payload)?;
    let accept = accept(&cx, root.get("accept"))?;
    let headers = headers(&cx, root.get("headers"), &accept)?;
    let auth = auth(&cx, root.get("auth"))?;
    let method = optional_str(&cx, root, "method")?.unwrap_or_else(|| "POST".to_owned());
    if method.is_empty() || !method.bytes().all(|b| b.is_ascii_uppercase()) {
        return Err(cx.invalid(
            "/method",
            "an upper-case HTTP method (GET, PUT…)",
            format!("\"{method}\""),
        ));
    }
    let path = optional_str(&cx, root, "path")?
        .unwrap_or_else(|| format!("/{}", contract().endpoint.path));
    if !path.starts_with('/') || path.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(cx.invalid(
            "/path",
            "a path with a leading slash and no spaces",
            format!("\"{path}\""),
        ));
    }
    let expect = expect(&cx, root.get("expect"))?;
    Ok(Case {
        id,
        comment,
        covers,
        payload,
        formats,
        accept,
        headers,
        auth,
        method,
        path,
        expect,
    })
}

fn required_str(cx: &Ctx<'_>, root: &Map<String, Value>, key: &str) -> Result<String, CorpusError> {
    optional_str(cx, root, key)?
        .ok_or_else(|| cx.invalid(&format!("/{key}"), "a string", "nothing"))
}

fn optional_str(
    cx: &Ctx<'_>,
    root: &Map<String, Value>,
    key: &str,
) -> Result<Option<String>, CorpusError> {
    match root.get(key) {
        None => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(other) => Err(cx.invalid(&format!("/{key}"), "a string", describe(other))),
    }
}

fn int_in(cx: &Ctx<'_>, path: &str, value: &Value, min: i64, max: i64) -> Result<i64, CorpusError> {
    value
        .as_i64()
        .filter(|n| (min..=max).contains(n))
        .ok_or_else(|| {
            cx.invalid(
                path,
                format!("an integer in {min}..={max}"),
                describe(value),
            )
        })
}
