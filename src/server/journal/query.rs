//! Filters of `GET /__mock/requests` and `GET /__mock/requests/count`, from the query string:
//!
//! | parameter | values | keeps |
//! |---|---|---|
//! | `client` | an `Int32` | entries whose bound request has this `Client` |
//! | `status` | `200`, or a class `4xx` | entries answered with that status |
//! | `format` | `json`, `xml`, `form` | entries whose body was read by that reader |
//! | `diagnostic` | a code (`xml-out-of-order`), a severity (`info`, `warning`, `error`: that or worse), `any` or `none` | entries with such a diagnostic |
//! | `since` | a sequence number, or an RFC 3339 time | entries after it |
//! | `preflight` | `true` / `false` | CORS preflights only / none of them |
//! | `limit` | a count | the newest that many of the matching entries |
//!
//! A parameter given twice, an unknown one or a value out of its set is refused with the
//! parameter, the value and what was expected.

use super::Recorded;
use crate::codec::{DiagnosticKind, Format, Severity};
use chrono::{DateTime, Utc};

/// The journal filters of one query.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct JournalQuery {
    client: Option<i32>,
    status: Option<StatusFilter>,
    format: Option<Format>,
    diagnostic: Option<DiagnosticFilter>,
    since: Option<Since>,
    preflight: Option<bool>,
    /// The newest this many.
    pub(crate) limit: Option<usize>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum StatusFilter {
    Exact(u16),
    /// `4xx`: the hundreds digit.
    Class(u16),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum DiagnosticFilter {
    Any,
    None,
    AtLeast(Severity),
    Kind(DiagnosticKind),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Since {
    Seq(u64),
    Time(DateTime<Utc>),
}

/// A query parameter the journal cannot use.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("query parameter `{parameter}`: expected {expected}, found `{found}`")]
pub(crate) struct QueryError {
    /// The parameter as sent.
    pub(crate) parameter: String,
    /// What would have been accepted.
    pub(crate) expected: String,
    /// The value as sent.
    pub(crate) found: String,
}

fn error(parameter: &str, expected: &str, found: &str) -> QueryError {
    QueryError {
        parameter: parameter.to_owned(),
        expected: expected.to_owned(),
        found: found.to_owned(),
    }
}

impl JournalQuery {
    /// Parse a query string (without `?`).
    pub(crate) fn parse(query: Option<&str>) -> Result<JournalQuery, QueryError> {
        let mut out = JournalQuery::default();
        let mut seen: Vec<String> = Vec::new();
        for (name, value) in form_urlencoded::parse(query.unwrap_or("").as_bytes()) {
            if seen.iter().any(|s| *s == name) {
                return Err(error(&name, "the parameter once", &value));
            }
            seen.push(name.clone().into_owned());
            let value = value.trim();
            match name.as_ref() {
                "client" => {
                    out.client = Some(
                        value
                            .parse()
                            .map_err(|_| error("client", "an Int32 client id", value))?,
                    );
                }
                "status" => out.status = Some(parse_status(value)?),
                "format" => {
                    out.format = Some(match value {
                        "json" => Format::Json,
                        "xml" => Format::Xml,
                        "form" => Format::Form,
                        _ => return Err(error("format", "json, xml or form", value)),
                    });
                }
                "diagnostic" => out.diagnostic = Some(parse_diagnostic(value)?),
                "since" => out.since = Some(parse_since(value)?),
                "preflight" => {
                    out.preflight = Some(match value {
                        "true" | "1" => true,
                        "false" | "0" => false,
                        _ => return Err(error("preflight", "true or false", value)),
                    });
                }
                "limit" => {
                    out.limit = Some(
                        value
                            .parse()
                            .map_err(|_| error("limit", "a count of entries", value))?,
                    );
                }
                other => {
                    return Err(error(
                        other,
                        "one of client, status, format, diagnostic, since, preflight, limit",
                        value,
                    ));
                }
            }
        }
        Ok(out)
    }

    /// Whether an entry passes every filter.
    pub(crate) fn matches(&self, recorded: &Recorded) -> bool {
        let entry = &**recorded;
        if let Some(client) = self.client
            && recorded.bound_client() != Some(client)
        {
            return false;
        }
        match self.status {
            Some(StatusFilter::Exact(status)) if entry.status != status => return false,
            Some(StatusFilter::Class(class)) if entry.status / 100 != class => return false,
            _ => {}
        }
        if self.format.is_some() && entry.format != self.format {
            return false;
        }
        if let Some(filter) = self.diagnostic {
            let diagnostics = &entry.diagnostics;
            let found = match filter {
                DiagnosticFilter::Any => !diagnostics.is_empty() || entry.diagnostics_omitted > 0,
                DiagnosticFilter::None => diagnostics.is_empty() && entry.diagnostics_omitted == 0,
                DiagnosticFilter::AtLeast(severity) => {
                    diagnostics.iter().any(|d| d.severity >= severity)
                }
                DiagnosticFilter::Kind(kind) => diagnostics.iter().any(|d| d.kind == kind),
            };
            if !found {
                return false;
            }
        }
        match self.since {
            Some(Since::Seq(seq)) if entry.seq <= seq => return false,
            Some(Since::Time(time)) if recorded.arrived() <= time => return false,
            _ => {}
        }
        if let Some(preflight) = self.preflight
            && entry.preflight != preflight
        {
            return false;
        }
        true
    }
}

fn parse_status(value: &str) -> Result<StatusFilter, QueryError> {
    let expected = "a status code such as 200, or a class such as 4xx";
    let bytes = value.as_bytes();
    if bytes.len() == 3
        && bytes[1..].eq_ignore_ascii_case(b"xx")
        && let Some(digit) = char::from(bytes[0])
            .to_digit(10)
            .filter(|d| (1..=5).contains(d))
    {
        return Ok(StatusFilter::Class(u16::try_from(digit).unwrap_or(0)));
    }
    value
        .parse::<u16>()
        .ok()
        .filter(|s| (100..=599).contains(s) || *s == 0)
        .map(StatusFilter::Exact)
        .ok_or_else(|| error("status", expected, value))
}

fn parse_diagnostic(value: &str) -> Result<DiagnosticFilter, QueryError> {
    Ok(match value {
        "any" => DiagnosticFilter::Any,
        "none" => DiagnosticFilter::None,
        "info" => DiagnosticFilter::AtLeast(Severity::Info),
        "warning" => DiagnosticFilter::AtLeast(Severity::Warning),
        "error" => DiagnosticFilter::AtLeast(Severity::Error),
        code => DiagnosticFilter::Kind(
            super::super::diagnostics::kind_from_code(code).ok_or_else(|| {
                error(
                    "diagnostic",
                    "a diagnostic code (xml-out-of-order, json-unknown-property, …), a severity \
                 (info, warning, error), any or none",
                    value,
                )
            })?,
        ),
    })
}

fn parse_since(value: &str) -> Result<Since, QueryError> {
    if let Ok(seq) = value.parse::<u64>() {
        return Ok(Since::Seq(seq));
    }
    DateTime::parse_from_rfc3339(value)
        .map(|t| Since::Time(t.with_timezone(&Utc)))
        .map_err(|_| {
            error(
                "since",
                "a sequence number, or an RFC 3339 time such as 2026-05-07T08:00:00Z",
                value,
            )
        })
}
