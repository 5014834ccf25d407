//! The keys of a case besides `id`, `comment` and `request`, past serde: what serde cannot say
//! (non-empty, distinct, one line, header rules) and what the contract decides (business codes).

use super::{CorpusError, Ctx};
use crate::codec::Format;
use crate::contract::contract;
use crate::dataset::ProblemKind;
use crate::json_file::{index, member};
use crate::snapshot::case::{Accept, Auth, Covers, Expect, Payload};
use std::collections::BTreeMap;

/// Headers a case may not set in `headers`, with the key that sets them instead.
const MANAGED_HEADERS: &[(&str, &str)] = &[
    ("authorization", "`auth`"),
    ("content-type", "`request.content_type` of a raw request"),
    ("content-length", "nothing (it is computed)"),
    ("host", "nothing (it comes from the target URL)"),
];

pub(super) fn covers(cx: &Ctx<'_>, covers: &[Covers]) -> Result<(), CorpusError> {
    if covers.is_empty() {
        return Err(cx.invalid("$.covers", "at least one entry", "an empty array"));
    }
    for (i, item) in covers.iter().enumerate() {
        let at = |key: &str| member(&index("$.covers", i), key);
        let line = |key: &str, text: &str| {
            if text.trim().is_empty() || text.contains('\n') {
                Err(cx.invalid(
                    &at(key),
                    "one non-empty line naming the rule",
                    format!("{text:?}"),
                ))
            } else {
                Ok(())
            }
        };
        match item {
            Covers::Client(id) if *id < 1 => {
                return Err(cx.invalid(
                    &at("client"),
                    format!("an integer in 1..={}", i32::MAX),
                    id.to_string(),
                ));
            }
            Covers::Client(_) => {}
            Covers::BusinessError(code) => {
                let codes: Vec<i32> = contract().business_errors.iter().map(|e| e.code).collect();
                if !codes.contains(code) {
                    return Err(cx.invalid(
                        &at("business_error"),
                        format!("a contract business error code {codes:?}"),
                        code.to_string(),
                    ));
                }
            }
            Covers::Domain(text) => line("domain", text)?,
            Covers::Wire(text) => line("wire", text)?,
            Covers::Convention(text) => line("convention", text)?,
        }
    }
    Ok(())
}

pub(super) fn formats(
    cx: &Ctx<'_>,
    formats: Option<Vec<Format>>,
    payload: &Payload,
) -> Result<Vec<Format>, CorpusError> {
    if let Payload::Raw { .. } = payload {
        return match formats {
            None => Ok(Vec::new()),
            Some(given) => Err(cx.invalid(
                "$.formats",
                "no formats for a raw request (its content_type says what it is)",
                format!("an array of {} items", given.len()),
            )),
        };
    }
    let ids: Vec<&str> = [Format::Json, Format::Xml, Format::Form]
        .iter()
        .map(|f| f.id())
        .collect();
    distinct(
        cx,
        "$.formats",
        formats,
        Format::id,
        &ids,
        vec![Format::Json],
    )
}

pub(super) fn accept(
    cx: &Ctx<'_>,
    accept: Option<Vec<Accept>>,
) -> Result<Vec<Accept>, CorpusError> {
    let ids: Vec<&str> = Accept::ALL.iter().map(|a| a.id()).collect();
    distinct(
        cx,
        "$.accept",
        accept,
        Accept::id,
        &ids,
        vec![Accept::Json, Accept::Xml],
    )
}

/// A non-empty list of distinct members of a closed set (`default` when absent).
fn distinct<T: Copy + PartialEq>(
    cx: &Ctx<'_>,
    path: &str,
    given: Option<Vec<T>>,
    id: impl Fn(T) -> &'static str,
    ids: &[&str],
    default: Vec<T>,
) -> Result<Vec<T>, CorpusError> {
    let Some(items) = given else {
        return Ok(default);
    };
    let expected = format!("a non-empty array of distinct ids from {}", ids.join(", "));
    if items.is_empty() {
        return Err(cx.invalid(path, expected, "an empty array"));
    }
    for (i, item) in items.iter().enumerate() {
        if items[..i].contains(item) {
            return Err(cx.invalid(
                &index(path, i),
                expected,
                format!("\"{}\" again", id(*item)),
            ));
        }
    }
    Ok(items)
}

pub(super) fn headers(
    cx: &Ctx<'_>,
    headers: BTreeMap<String, String>,
    accept: &[Accept],
) -> Result<Vec<(String, String)>, CorpusError> {
    let mut out = Vec::with_capacity(headers.len());
    for (name, value) in headers {
        let path = member("$.headers", &name);
        let token = !name.is_empty()
            && name
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b));
        if !token {
            return Err(cx.invalid(&path, "a header name (an HTTP token)", format!("`{name}`")));
        }
        let lower = name.to_ascii_lowercase();
        if let Some((_, instead)) = MANAGED_HEADERS.iter().find(|(h, _)| *h == lower) {
            return Err(cx.problem(
                &path,
                ProblemKind::UnknownField,
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
        if value.contains(['\r', '\n']) {
            return Err(cx.invalid(&path, "a one-line string", format!("{value:?}")));
        }
        out.push((name, value));
    }
    Ok(out)
}

pub(super) fn auth(cx: &Ctx<'_>, auth: &Auth) -> Result<(), CorpusError> {
    match auth {
        Auth::Header(value) if value.contains(['\r', '\n']) => Err(cx.invalid(
            "$.auth.authorization",
            "a one-line header value",
            format!("{value:?}"),
        )),
        _ => Ok(()),
    }
}

pub(super) fn expect(cx: &Ctx<'_>, expect: &Expect) -> Result<(), CorpusError> {
    if !(100..=599).contains(&expect.status) {
        return Err(cx.invalid(
            "$.expect.status",
            "an integer in 100..=599",
            expect.status.to_string(),
        ));
    }
    if let Some(code) = expect.error_code {
        let known = code == 0 || contract().business_message(code).is_some();
        if !known || expect.status != 200 {
            return Err(cx.invalid(
                "$.expect.error_code",
                "0 or a contract business error code, with status 200",
                format!("{code} with status {}", expect.status),
            ));
        }
    }
    Ok(())
}
