//! A finding: one typed mismatch between what the contract demands and what the server did.

use super::rule::{RuleId, Severity};
use crate::codec::WireFormat;
use crate::exchange::HttpRequest;
use serde::{Deserialize, Serialize};
use std::fmt;

/// Where a finding points.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "at", rename_all = "kebab-case")]
pub enum Location {
    /// The status line.
    Status,
    /// A response header, by name.
    Header(String),
    /// The body as a whole (syntax, encoding, stack traces).
    Body,
    /// A JSON pointer into the body or into the typed response (`/ClientFavorites/0/ProcTime`).
    Pointer(String),
    /// An XPath-like element path with 1-based row indices
    /// (`/ClientFavoriteDataInfoResponse/ClientFavorites/…Row[1]/ProcTime`).
    XPath(String),
    /// The exchange as a whole (timing, a relation between several exchanges).
    Exchange,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Location::Status => f.write_str("status"),
            Location::Header(name) => write!(f, "header {name}"),
            Location::Body => f.write_str("body"),
            Location::Pointer(p) if p.is_empty() => f.write_str("/"),
            Location::Pointer(p) | Location::XPath(p) => f.write_str(p),
            Location::Exchange => f.write_str("exchange"),
        }
    }
}

/// One mismatch: what was expected, what was seen, where, by which rule, and the request that
/// produced it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    /// The rule broken.
    pub rule: RuleId,
    /// How much it matters (after the profile's overrides).
    pub severity: Severity,
    /// The response format the finding was seen in; `None` when format-independent.
    pub format: Option<WireFormat>,
    /// Where.
    pub location: Location,
    /// What the contract demands.
    pub expected: String,
    /// What the server did.
    pub actual: String,
    /// Why it matters, in one or two sentences.
    pub message: String,
    /// The request that produced it (filled by the runner, shrunk when possible).
    pub request: Option<HttpRequest>,
}

impl Finding {
    /// A finding with no format and no request.
    pub fn new(
        rule: RuleId,
        severity: Severity,
        location: Location,
        expected: impl Into<String>,
        actual: impl Into<String>,
        message: impl Into<String>,
    ) -> Finding {
        Finding {
            rule,
            severity,
            format: None,
            location,
            expected: expected.into(),
            actual: actual.into(),
            message: message.into(),
            request: None,
        }
    }

    /// Set the response format.
    pub fn in_format(mut self, format: WireFormat) -> Finding {
        self.format = Some(format);
        self
    }

    /// Whether it counts toward shrinking and the exit code.
    pub fn is_violation(&self) -> bool {
        self.severity == Severity::Violation
    }

    /// Attach the request that produced it.
    pub fn with_request(mut self, request: HttpRequest) -> Finding {
        self.request = Some(request);
        self
    }
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} [{}] at {}", self.rule, self.severity, self.location)?;
        if let Some(format) = self.format {
            write!(f, " ({})", format.id())?;
        }
        write!(
            f,
            ": expected {}, found {}; {}",
            self.expected, self.actual, self.message
        )
    }
}
