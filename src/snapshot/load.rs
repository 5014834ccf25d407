//! Reading one case file and validating it against the contract: unknown keys, unknown request
//! members, wrong types and out-of-range values are reported with the file and the JSON path.

use super::case::{Accept, Auth, Case, CaseValue, Covers, Expect, Member, Payload, format_id};
use crate::codec::Format;
use crate::codec::datetime::parse_xsd;
use crate::contract::{ClrType, FieldSchema, contract};
use crate::model::MOSCOW;
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

fn covers(cx: &Ctx<'_>, value: Option<&Value>) -> Result<Vec<Covers>, CorpusError> {
    const EXPECTED: &str =
        "an object with one key: client, business_error, domain, wire or convention";
    let Some(Value::Array(items)) = value else {
        return Err(cx.invalid(
            "/covers",
            "a non-empty array of what the case covers",
            value.map_or_else(|| "nothing".to_owned(), describe),
        ));
    };
    if items.is_empty() {
        return Err(cx.invalid("/covers", "at least one entry", "an empty array"));
    }
    let mut out = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let path = format!("/covers/{i}");
        let Some((key, inner)) = item
            .as_object()
            .filter(|m| m.len() == 1)
            .and_then(|m| m.iter().next())
        else {
            return Err(cx.invalid(&path, EXPECTED, describe(item)));
        };
        let path = format!("{path}/{key}");
        let text = || match inner {
            Value::String(s) if !s.trim().is_empty() && !s.contains('\n') => Ok(s.clone()),
            other => Err(cx.invalid(&path, "one non-empty line naming the rule", describe(other))),
        };
        out.push(match key.as_str() {
            "client" => Covers::Client(int_in(cx, &path, inner, 1, i32::MAX.into())? as i32),
            "business_error" => {
                let codes: Vec<i32> = contract().business_errors.iter().map(|e| e.code).collect();
                let code = int_in(cx, &path, inner, 1, i32::MAX.into())? as i32;
                if !codes.contains(&code) {
                    return Err(cx.invalid(
                        &path,
                        format!("a contract business error code {codes:?}"),
                        code.to_string(),
                    ));
                }
                Covers::BusinessError(code)
            }
            "domain" => Covers::Domain(text()?),
            "wire" => Covers::Wire(text()?),
            "convention" => Covers::Convention(text()?),
            other => return Err(cx.invalid(&path, EXPECTED, format!("unknown key `{other}`"))),
        });
    }
    Ok(out)
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

fn payload(cx: &Ctx<'_>, request: &Value) -> Result<Payload, CorpusError> {
    let Value::Object(map) = request else {
        return Err(cx.invalid(
            "/request",
            "an object of request members or {\"raw\": …}",
            describe(request),
        ));
    };
    if map.contains_key("raw") {
        return raw(cx, map);
    }
    let schema = contract().request();
    let mut members = Vec::with_capacity(map.len());
    // Contract order, so the encoded bodies do not depend on how the file orders its keys.
    for name in map.keys() {
        if schema.field_index(name).is_none() {
            let names: Vec<&str> = schema.fields.iter().map(|f| f.name.as_str()).collect();
            let hint = schema
                .field_index_ignore_case(name)
                .map(|i| format!(" (the contract spells it `{}`)", schema.fields[i].name))
                .unwrap_or_default();
            return Err(cx.invalid(
                &format!("/request/{name}"),
                format!("a request member of the contract ({})", names.join(", ")),
                format!("unknown member `{name}`{hint}"),
            ));
        }
    }
    for field in &schema.fields {
        if let Some(value) = map.get(&field.name) {
            let path = format!("/request/{}", field.name);
            members.push(Member {
                name: field.name.clone(),
                value: member_value(cx, &path, field, value)?,
            });
        }
    }
    Ok(Payload::Members(members))
}

fn raw(cx: &Ctx<'_>, map: &Map<String, Value>) -> Result<Payload, CorpusError> {
    for key in map.keys() {
        if key != "raw" && key != "content_type" {
            return Err(cx.invalid(
                &format!("/request/{key}"),
                "only `raw` and `content_type` in a raw request",
                format!("`{key}`"),
            ));
        }
    }
    let body = match map.get("raw") {
        Some(Value::String(s)) => s.clone(),
        other => {
            return Err(cx.invalid(
                "/request/raw",
                "the body as a string",
                other.map_or_else(|| "nothing".to_owned(), describe),
            ));
        }
    };
    let content_type = match map.get("content_type") {
        Some(Value::String(s)) if !s.contains(['\r', '\n']) => Some(s.clone()),
        Some(Value::Null) => None,
        other => {
            return Err(cx.invalid(
                "/request/content_type",
                "the Content-Type header value, or null to send none",
                other.map_or_else(|| "nothing".to_owned(), describe),
            ));
        }
    };
    Ok(Payload::Raw { body, content_type })
}

fn member_value(
    cx: &Ctx<'_>,
    path: &str,
    field: &FieldSchema,
    value: &Value,
) -> Result<CaseValue, CorpusError> {
    if value.is_null() {
        return if field.nullable {
            Ok(CaseValue::Null)
        } else {
            Err(cx.invalid(
                path,
                format!("{} (not nullable)", field.ty.clr_name()),
                "null",
            ))
        };
    }
    match field.ty {
        ClrType::Int16 | ClrType::Int32 | ClrType::Int64 => {
            let (min, max) = field.ty.int_range().unwrap_or((i64::MIN, i64::MAX));
            value
                .as_i64()
                .filter(|n| (min..=max).contains(n))
                .map(CaseValue::Integer)
                .ok_or_else(|| {
                    cx.invalid(
                        path,
                        format!(
                            "an {} ({min}..={max}); send out-of-range values as a raw request",
                            field.ty.clr_name()
                        ),
                        describe(value),
                    )
                })
        }
        ClrType::DateTime => match value {
            Value::String(s) if parse_xsd(s, MOSCOW).is_ok() && s.contains('T') => {
                Ok(CaseValue::Text(s.clone()))
            }
            other => Err(cx.invalid(
                path,
                "a DateTime in xs:dateTime form (2026-05-07T11:27:39, optionally with Z or ±hh:mm)",
                describe(other),
            )),
        },
        ClrType::String => match value {
            Value::String(s) => Ok(CaseValue::Text(s.clone())),
            other => Err(cx.invalid(path, "a String", describe(other))),
        },
        ClrType::Boolean | ClrType::Decimal | ClrType::List => Err(cx.invalid(
            path,
            "an integer, date or string member (the request has no other kinds)",
            format!("a {} member", field.ty.clr_name()),
        )),
    }
}

fn formats(
    cx: &Ctx<'_>,
    value: Option<&Value>,
    payload: &Payload,
) -> Result<Vec<Format>, CorpusError> {
    if let Payload::Raw { .. } = payload {
        return match value {
            None => Ok(Vec::new()),
            Some(other) => Err(cx.invalid(
                "/formats",
                "no formats for a raw request (its content_type says what it is)",
                describe(other),
            )),
        };
    }
    let all = [Format::Json, Format::Xml, Format::Form];
    let ids: Vec<&str> = all.iter().map(|f| format_id(*f)).collect();
    list(
        cx,
        "/formats",
        value,
        &all,
        format_id,
        &ids,
        vec![Format::Json],
    )
}

fn accept(cx: &Ctx<'_>, value: Option<&Value>) -> Result<Vec<Accept>, CorpusError> {
    let ids: Vec<&str> = Accept::ALL.iter().map(|a| a.id()).collect();
    list(
        cx,
        "/accept",
        value,
        &Accept::ALL,
        |a| a.id(),
        &ids,
        vec![Accept::Json, Accept::Xml],
    )
}

/// A non-empty list of distinct ids from a closed set.
fn list<T: Copy + PartialEq>(
    cx: &Ctx<'_>,
    path: &str,
    value: Option<&Value>,
    all: &[T],
    id: impl Fn(T) -> &'static str,
    ids: &[&str],
    default: Vec<T>,
) -> Result<Vec<T>, CorpusError> {
    let Some(value) = value else {
        return Ok(default);
    };
    let expected = format!("a non-empty array of distinct ids from {}", ids.join(", "));
    let Value::Array(items) = value else {
        return Err(cx.invalid(path, expected, describe(value)));
    };
    if items.is_empty() {
        return Err(cx.invalid(path, expected, "an empty array"));
    }
    let mut out = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let found = all.iter().copied().find(|t| item.as_str() == Some(id(*t)));
        match found {
            Some(t) if !out.contains(&t) => out.push(t),
            _ => return Err(cx.invalid(&format!("{path}/{i}"), expected, describe(item))),
        }
    }
    Ok(out)
}

fn headers(
    cx: &Ctx<'_>,
    value: Option<&Value>,
    accept: &[Accept],
) -> Result<Vec<(String, String)>, CorpusError> {
    let Some(value) = value else {
        return Ok(Vec::new());
    };
    let Value::Object(map) = value else {
        return Err(cx.invalid(
            "/headers",
            "an object of header names to values",
            describe(value),
        ));
    };
    let mut out = Vec::with_capacity(map.len());
    for (name, v) in map {
        let path = format!("/headers/{name}");
        let token = !name.is_empty()
            && name
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b));
        if !token {
            return Err(cx.invalid(&path, "a header name (an HTTP token)", format!("`{name}`")));
        }
        let lower = name.to_ascii_lowercase();
        if let Some((_, instead)) = MANAGED_HEADERS.iter().find(|(h, _)| *h == lower) {
            return Err(cx.invalid(
                &path,
                format!("a header the case may set (use {instead})"),
                format!("`{name}`"),
            ));
        }
        if lower == "accept" && accept != [Accept::Default] {
            return Err(cx.invalid(
                &path,
                "an Accept header only with \"accept\": [\"default\"]",
                format!(
                    "accept variants {:?}",
                    accept.iter().map(|a| a.id()).collect::<Vec<_>>()
                ),
            ));
        }
        match v {
            Value::String(s) if !s.contains(['\r', '\n']) => out.push((name.clone(), s.clone())),
            other => return Err(cx.invalid(&path, "a one-line string", describe(other))),
        }
    }
    Ok(out)
}

fn auth(cx: &Ctx<'_>, value: Option<&Value>) -> Result<Auth, CorpusError> {
    const EXPECTED: &str = "\"target\", \"none\" or {\"authorization\": \"<header value>\"}";
    match value {
        None => Ok(Auth::Target),
        Some(Value::String(s)) if s == "target" => Ok(Auth::Target),
        Some(Value::String(s)) if s == "none" => Ok(Auth::None),
        Some(Value::Object(map)) if map.len() == 1 => match map.get("authorization") {
            Some(Value::String(s)) if !s.contains(['\r', '\n']) => Ok(Auth::Header(s.clone())),
            _ => Err(cx.invalid("/auth", EXPECTED, describe(&Value::Object(map.clone())))),
        },
        Some(other) => Err(cx.invalid("/auth", EXPECTED, describe(other))),
    }
}

fn expect(cx: &Ctx<'_>, value: Option<&Value>) -> Result<Expect, CorpusError> {
    let Some(value) = value else {
        return Err(cx.invalid(
            "/expect",
            "{\"status\": …, \"error_code\": …} (the documented answer)",
            "nothing",
        ));
    };
    let Value::Object(map) = value else {
        return Err(cx.invalid("/expect", "an object", describe(value)));
    };
    for key in map.keys() {
        if key != "status" && key != "error_code" {
            return Err(cx.invalid(
                &format!("/expect/{key}"),
                "`status` or `error_code`",
                format!("`{key}`"),
            ));
        }
    }
    let status = match map.get("status") {
        Some(v) => int_in(cx, "/expect/status", v, 100, 599)? as u16,
        None => 200,
    };
    let error_code = match map.get("error_code") {
        None => None,
        Some(v) => {
            let code = int_in(cx, "/expect/error_code", v, 0, i32::MAX.into())? as i32;
            let known = code == 0 || contract().business_message(code).is_some();
            if !known || status != 200 {
                return Err(cx.invalid(
                    "/expect/error_code",
                    "0 or a contract business error code, with status 200",
                    format!("{code} with status {status}"),
                ));
            }
            Some(code)
        }
    };
    Ok(Expect { status, error_code })
}
