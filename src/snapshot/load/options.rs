//! The keys of a case besides `id`, `comment` and `request`: what it covers, formats, Accept
//! variants, headers, credentials and the documented answer.

use super::{Ctx, MANAGED_HEADERS, describe, int_in};
use crate::codec::Format;
use crate::contract::contract;
use crate::snapshot::case::{Accept, Auth, Covers, Expect, Payload};
use crate::snapshot::load::CorpusError;
use serde_json::Value;

pub(super) fn covers(cx: &Ctx<'_>, value: Option<&Value>) -> Result<Vec<Covers>, CorpusError> {
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

pub(super) fn formats(
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
    let ids: Vec<&str> = all.iter().map(|f| f.id()).collect();
    list(
        cx,
        "/formats",
        value,
        &all,
        Format::id,
        &ids,
        vec![Format::Json],
    )
}

pub(super) fn accept(cx: &Ctx<'_>, value: Option<&Value>) -> Result<Vec<Accept>, CorpusError> {
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

pub(super) fn headers(
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

pub(super) fn auth(cx: &Ctx<'_>, value: Option<&Value>) -> Result<Auth, CorpusError> {
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

pub(super) fn expect(cx: &Ctx<'_>, value: Option<&Value>) -> Result<Expect, CorpusError> {
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
