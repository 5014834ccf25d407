//! A corpus case: one named request, the formats it is sent in and the response formats asked
//! for. Cases are data (`contracts/corpus/*.json`, format in `contracts/corpus/README.md`);
//! [`super::load`] turns a file into a validated [`Case`].

use crate::codec::Format;
use serde::Deserialize;
use std::fmt;

/// What a case is there to show: a client of the default dataset's catalogue or a documented rule.
/// In a case file, an object with one key: `{"client": 1006}`,
/// `{"wire": "contracts/reference/wire.md#status-415 — …"}`.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Covers {
    /// A client of the default dataset (`contracts/datasets/default/CATALOGUE.md`).
    Client(i32),
    /// A business error code of the contract.
    BusinessError(i32),
    /// A rule of `contracts/reference/domain.md`: its anchor, then the rule named or quoted.
    Domain(String),
    /// A rule of `contracts/reference/wire.md`: its anchor, then the rule, e.g.
    /// `contracts/reference/wire.md#status-415 — 415 without a Content-Type`.
    Wire(String),
    /// A production convention of `contracts/reference/production.md`: its anchor, then the rule.
    Convention(String),
}

impl fmt::Display for Covers {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Covers::Client(id) => write!(f, "catalogue client {id}"),
            Covers::BusinessError(code) => write!(f, "business error {code}"),
            Covers::Domain(rule) => write!(f, "domain: {rule}"),
            Covers::Wire(rule) => write!(f, "wire rules: {rule}"),
            Covers::Convention(rule) => write!(f, "conventions: {rule}"),
        }
    }
}

/// A value of a request member as the case gives it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CaseValue {
    /// `null` (nullable members only).
    Null,
    /// An integer within the member's CLR range.
    Integer(i64),
    /// A string, or a date in xs:dateTime form (the one form all three readers accept).
    Text(String),
}

/// One request member: its contract name and value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Member {
    /// The contract's (C#) member name, exactly.
    pub name: String,
    /// The value.
    pub value: CaseValue,
}

/// What the case sends.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Payload {
    /// Contract members, encoded in each of the case's formats.
    Members(Vec<Member>),
    /// A body sent byte for byte (hostile input), with this Content-Type (`None`: no header).
    Raw {
        /// The body text.
        body: String,
        /// The Content-Type header value; `None` sends none.
        content_type: Option<String>,
    },
}

/// The `Accept` header of one variant.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Accept {
    /// `Accept: application/json`.
    Json,
    /// `Accept: application/xml`.
    Xml,
    /// No `Accept` header: the server's default negotiation.
    Default,
}

impl Accept {
    /// Every variant, in the order a case lists them by default.
    pub const ALL: [Accept; 3] = [Accept::Json, Accept::Xml, Accept::Default];

    /// The id used in case files and exchange labels.
    pub fn id(self) -> &'static str {
        match self {
            Accept::Json => "json",
            Accept::Xml => "xml",
            Accept::Default => "default",
        }
    }

    /// The header value, `None` for no header.
    pub fn header(self) -> Option<&'static str> {
        match self {
            Accept::Json => Some("application/json"),
            Accept::Xml => Some("application/xml"),
            Accept::Default => None,
        }
    }
}

/// How a case authenticates: `"target"` (the default), `"none"` or
/// `{"authorization": "<header value>"}` in a case file.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Auth {
    /// The target's credentials (`--bearer`, `--header`).
    #[default]
    Target,
    /// No credentials at all.
    None,
    /// This exact `Authorization` header value and nothing from the target.
    #[serde(rename = "authorization")]
    Header(String),
}

/// What the case documents as the right answer (checked against our mock by the tests).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Expect {
    /// The HTTP status (200 when the file names none).
    #[serde(default = "ok_status")]
    pub status: u16,
    /// For 200 answers, the `ErrorCode` (0 = success).
    pub error_code: Option<i32>,
}

fn ok_status() -> u16 {
    200
}

/// A validated corpus case.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Case {
    /// The id, equal to the file stem (`client-1006-two-links`).
    pub id: String,
    /// One line saying what the case shows.
    pub comment: String,
    /// The catalogue clients and documented rules it covers.
    pub covers: Vec<Covers>,
    /// What it sends.
    pub payload: Payload,
    /// The request formats it is sent in (empty for a raw payload).
    pub formats: Vec<Format>,
    /// The `Accept` variants it is sent with.
    pub accept: Vec<Accept>,
    /// Extra request headers, in the order given.
    pub headers: Vec<(String, String)>,
    /// Credentials.
    pub auth: Auth,
    /// The method (`POST` unless the case is about another).
    pub method: String,
    /// The path below the target URL, with a leading slash.
    pub path: String,
    /// The documented answer.
    pub expect: Expect,
}
