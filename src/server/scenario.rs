//! Scenario controls: make the mock slow, fail, or hang up, globally (CLI / config) or per
//! request (headers). A header wins over the global setting for its own control, and a header
//! can switch a global control off (`X-Mock-Latency: 0`, `X-Mock-Status: 200`,
//! `X-Mock-Error-Code: 0`, `X-Mock-Drop: 0`).
//!
//! | header | values | effect |
//! |---|---|---|
//! | [`LATENCY_HEADER`] | `200` or `100-500` (ms, at most [`MAX_LATENCY_MS`]) | wait before answering (a range picks uniformly) |
//! | [`STATUS_HEADER`] | `401`, `500` (`200` = none) | answer the production 401 or 500 body |
//! | [`ERROR_CODE_HEADER`] | a business error code of the contract (`0` = none) | HTTP 200 with that code and its Russian message |
//! | [`DROP_HEADER`] | `1` / `0` | close the connection without any response |
//! | [`FAULT_HEADER`] | `garbage`, `reset`, `dribble` (`none` = none) | deliver the answer broken (see [`super::fault`]) |
//!
//! Scenario controls apply to the action only, after routing and the method check; when
//! several apply, drop wins over status, status over error code. Latency delays any of them,
//! and a fault breaks whichever answer is given. Runtime overrides (`POST /__mock/overrides`)
//! apply after binding, when neither the request's headers nor the flags forced an answer.
//! A header the mock cannot parse is answered with HTTP 400 naming the header (a mock-only
//! status: the request never reached the emulated server).

use super::fault::FAULT_HEADER;
use super::fault::Fault;
pub(crate) use super::fault::parse_fault;
use crate::contract::contract;
use http::HeaderMap;
use serde::Serialize;
use std::str::FromStr;
use std::time::Duration;

/// Per-request latency, in milliseconds: `200` or `100-500`.
pub const LATENCY_HEADER: &str = "x-mock-latency";
/// Per-request forced status: `401` or `500` (`200` = none).
pub const STATUS_HEADER: &str = "x-mock-status";
/// Per-request forced business error: a contract error code (`0` = none).
pub const ERROR_CODE_HEADER: &str = "x-mock-error-code";
/// Per-request hang-up: `1` closes the connection without a response (`0` = none).
pub const DROP_HEADER: &str = "x-mock-drop";
/// Largest latency the mock accepts (one minute): a longer one is a typo, and would outlive any
/// client timeout anyway.
pub const MAX_LATENCY_MS: u64 = 60_000;

/// How long to wait before answering.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Latency {
    /// Always this many milliseconds.
    Fixed {
        /// Milliseconds.
        ms: u64,
    },
    /// Uniformly between `min` and `max` milliseconds, inclusive.
    Range {
        /// Lower bound, ms.
        min: u64,
        /// Upper bound, ms.
        max: u64,
    },
}

impl Latency {
    /// Pick a delay; `random` is any uniformly distributed number.
    pub fn pick(self, random: u64) -> Duration {
        Duration::from_millis(match self {
            Latency::Fixed { ms } => ms,
            Latency::Range { min, max } => min + random % (max - min + 1),
        })
    }
}

/// A status the mock can be told to answer with, with its production body.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ForcedStatus {
    /// 401, `Authorization has been denied for this request.`
    Unauthorized,
    /// 500, `An error has occurred.`
    InternalServerError,
}

impl ForcedStatus {
    /// The status code.
    pub fn code(self) -> u16 {
        match self {
            ForcedStatus::Unauthorized => 401,
            ForcedStatus::InternalServerError => 500,
        }
    }
}

/// A malformed scenario setting: names the setting (header or flag) and what it expected.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{setting}: expected {expected}, found `{found}`")]
pub struct ScenarioError {
    /// The header or flag.
    pub setting: String,
    /// What would have been accepted.
    pub expected: String,
    /// The value given.
    pub found: String,
}

/// The scenario controls (global defaults, or one request's resolved set).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Scenario {
    /// Wait before answering.
    pub latency: Option<Latency>,
    /// Answer this status instead of running the pipeline.
    pub status: Option<ForcedStatus>,
    /// Answer this business error (a contract code).
    pub error_code: Option<i32>,
    /// Close the connection without a response.
    pub drop: bool,
    /// Deliver the answer broken.
    pub fault: Option<Fault>,
}

impl Scenario {
    /// Whether nothing is set.
    pub fn is_empty(&self) -> bool {
        *self == Scenario::default()
    }

    /// Resolve one request's controls: its headers over these global ones.
    pub(crate) fn resolve(&self, headers: &HeaderMap) -> Result<Scenario, ScenarioError> {
        let mut resolved = self.clone();
        // Most requests carry no control header: one pass over the names instead of five
        // lookups by name (each parses and hashes the name).
        if !has_mock_header(headers) {
            return Ok(resolved);
        }
        if let Some(value) = header(headers, LATENCY_HEADER)? {
            resolved.latency = parse_latency(value, "X-Mock-Latency")?;
        }
        if let Some(value) = header(headers, STATUS_HEADER)? {
            resolved.status = parse_status(value, "X-Mock-Status")?;
        }
        if let Some(value) = header(headers, ERROR_CODE_HEADER)? {
            resolved.error_code = parse_error_code(value, "X-Mock-Error-Code")?;
        }
        if let Some(value) = header(headers, DROP_HEADER)? {
            resolved.drop = parse_drop(value, "X-Mock-Drop")?;
        }
        if let Some(value) = header(headers, FAULT_HEADER)? {
            resolved.fault = parse_fault(value, "X-Mock-Fault")?;
        }
        Ok(resolved)
    }
}

/// What every mock-only request header's name starts with.
const MOCK_HEADER_PREFIX: &str = "x-mock-";

/// Whether any header is one of the mock's own (`X-Mock-…`).
pub(crate) fn has_mock_header(headers: &HeaderMap) -> bool {
    headers
        .keys()
        .any(|name| name.as_str().starts_with(MOCK_HEADER_PREFIX))
}

fn header<'a>(
    headers: &'a HeaderMap,
    name: &'static str,
) -> Result<Option<&'a str>, ScenarioError> {
    headers
        .get(name)
        .map(|v| {
            v.to_str().map(str::trim).map_err(|_| ScenarioError {
                setting: name.to_owned(),
                expected: "ASCII text".to_owned(),
                found: String::from_utf8_lossy(v.as_bytes()).into_owned(),
            })
        })
        .transpose()
}

fn error(setting: &str, expected: &str, found: &str) -> ScenarioError {
    ScenarioError {
        setting: setting.to_owned(),
        expected: expected.to_owned(),
        found: found.to_owned(),
    }
}

/// Parse a latency: `200`, `100-500`; `0` means none.
pub(crate) fn parse_latency(value: &str, setting: &str) -> Result<Option<Latency>, ScenarioError> {
    let expected = format!("milliseconds `N` or `MIN-MAX`, at most {MAX_LATENCY_MS}");
    let ms = |s: &str| {
        u64::from_str(s.trim())
            .ok()
            .filter(|&ms| ms <= MAX_LATENCY_MS)
            .ok_or_else(|| error(setting, &expected, value))
    };
    let latency = match value.split_once('-') {
        Some((min, max)) => {
            let (min, max) = (ms(min)?, ms(max)?);
            if min > max {
                return Err(error(setting, "MIN-MAX with MIN <= MAX", value));
            }
            Latency::Range { min, max }
        }
        None => Latency::Fixed { ms: ms(value)? },
    };
    Ok((latency != Latency::Fixed { ms: 0 }).then_some(latency))
}

/// Parse a forced status: `401`, `500`; `200` means none.
pub(crate) fn parse_status(
    value: &str,
    setting: &str,
) -> Result<Option<ForcedStatus>, ScenarioError> {
    match value.trim() {
        "401" => Ok(Some(ForcedStatus::Unauthorized)),
        "500" => Ok(Some(ForcedStatus::InternalServerError)),
        "200" => Ok(None),
        _ => Err(error(setting, "401, 500 or 200 (none)", value)),
    }
}

/// Parse a forced business error code: one of the contract's codes; `0` means none.
pub(crate) fn parse_error_code(value: &str, setting: &str) -> Result<Option<i32>, ScenarioError> {
    let codes = &contract().business_errors;
    let known: Vec<String> = codes.iter().map(|e| e.code.to_string()).collect();
    let expected = format!("a business error code ({}) or 0 (none)", known.join(", "));
    match i32::from_str(value.trim()) {
        Ok(0) => Ok(None),
        Ok(code) if codes.iter().any(|e| e.code == code) => Ok(Some(code)),
        _ => Err(error(setting, &expected, value)),
    }
}

/// Parse a drop flag: `1`/`true` or `0`/`false`.
pub(crate) fn parse_drop(value: &str, setting: &str) -> Result<bool, ScenarioError> {
    match value.trim().to_ascii_lowercase().as_str() {
        "1" | "true" => Ok(true),
        "0" | "false" => Ok(false),
        _ => Err(error(setting, "1 or 0", value)),
    }
}
