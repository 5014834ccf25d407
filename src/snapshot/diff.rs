//! A difference between a recorded response and a live one: typed (where, expected, actual) so
//! a reviewer reads exactly what changed, and a test can assert on it.

use std::fmt;

/// Longest value quoted in a difference; longer ones are cut with `…`.
pub const MAX_VALUE_CHARS: usize = 160;

/// Where a difference is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DiffAt {
    /// A whole exchange (recorded but no longer sent, or sent but never recorded).
    Exchange,
    /// The request text (the case changed since it was recorded).
    Request,
    /// The status code.
    Status,
    /// A recorded response header.
    Header(String),
    /// The body as a whole (empty, JSON, XML or text).
    Body,
    /// A JSON pointer into the body.
    Json(String),
    /// An element path into the body (`/Root/ClientFavorites/Row[2]/ProcTime`); `@name` for an
    /// attribute, `#text` for text.
    Xml(String),
    /// The order of an element's children (DataContract order is part of the contract).
    XmlOrder(String),
    /// A line of a text body, 1-based.
    Line(usize),
}

impl fmt::Display for DiffAt {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DiffAt::Exchange => f.write_str("exchange"),
            DiffAt::Request => f.write_str("request"),
            DiffAt::Status => f.write_str("status"),
            DiffAt::Header(name) => write!(f, "header {name}"),
            DiffAt::Body => f.write_str("body"),
            DiffAt::Json(p) if p.is_empty() => f.write_str("/"),
            DiffAt::Json(p) | DiffAt::Xml(p) => f.write_str(p),
            DiffAt::XmlOrder(p) => write!(f, "{p} (order of child elements)"),
            DiffAt::Line(n) => write!(f, "body line {n}"),
        }
    }
}

/// One difference: where, what the recording says, what the target sent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Difference {
    /// Where.
    pub at: DiffAt,
    /// The recorded value (`(absent)` when the target added something).
    pub expected: String,
    /// The live value (`(absent)` when the target dropped something).
    pub actual: String,
}

/// How a missing side is shown.
pub const ABSENT: &str = "(absent)";

impl Difference {
    /// A difference with clipped values.
    pub fn new(at: DiffAt, expected: impl AsRef<str>, actual: impl AsRef<str>) -> Difference {
        Difference {
            at,
            expected: clip(expected.as_ref()),
            actual: clip(actual.as_ref()),
        }
    }
}

impl fmt::Display for Difference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "at {}\n  expected {}\n  actual   {}",
            self.at, self.expected, self.actual
        )
    }
}

/// Cut a value for display.
fn clip(text: &str) -> String {
    crate::excerpt::excerpt(text, MAX_VALUE_CHARS).into_owned()
}
