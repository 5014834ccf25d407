//! What one journal entry says, as `GET /__mock/requests` serves it. The shape is shared with
//! any other recorder of exchanges (a validation proxy shows its checker findings in
//! [`JournalEntry::findings`]), so the console renders every source the same way.

use super::super::auth::AuthOutcome;
use super::super::fault::Fault;
use super::super::scenario::{ForcedStatus, Latency};
use crate::checker::Finding;
use crate::codec::{Diagnostic, Format, WireFormat};
use serde::Serialize;
use serde_json::Value;

/// One request and what the mock did with it.
#[derive(Clone, Debug, Serialize)]
pub struct JournalEntry {
    /// Sequence number since start (1-based), so gaps show evicted entries.
    pub seq: u64,
    /// Wall-clock time the request arrived (RFC 3339, UTC).
    pub at: String,
    /// HTTP method.
    pub method: String,
    /// Path as sent.
    pub path: String,
    /// Query string, if any (credential parameters redacted).
    pub query: Option<String>,
    /// What the request was.
    pub route: JournalRoute,
    /// Whether the request was a CORS preflight (views hide these unless asked).
    pub preflight: bool,
    /// The request body reader used (`json`, `xml`, `form`), if binding ran.
    pub format: Option<Format>,
    /// The response writer (`json`, `xml`), if the response had a body.
    pub response_format: Option<WireFormat>,
    /// The auth check, if it ran.
    pub auth: Option<AuthOutcome>,
    /// The request as bound (contract names, wire forms), or null when it bound to null.
    pub bound: Option<Value>,
    /// What binding noticed: the first [`crate::codec::MAX_DIAGNOSTICS`].
    pub diagnostics: Vec<Diagnostic>,
    /// How many more binding noticed but did not keep.
    pub diagnostics_omitted: usize,
    /// The response status (0 when the connection was dropped on purpose).
    pub status: u16,
    /// Whether the answer was handed to the client.
    pub outcome: Outcome,
    /// The scenario controls that applied (from headers, flags or an override).
    pub scenario: AppliedScenario,
    /// The runtime override (`POST /__mock/overrides`) that shaped the answer, by id.
    pub override_id: Option<u64>,
    /// Milliseconds from the request head's arrival to the response, latency included.
    pub duration_ms: u64,
    /// The request as received: headers (credentials redacted) and body (capped).
    pub request: RecordedRequest,
    /// The response as sent (or as it would have been, for an abandoned request); `None` when
    /// the connection was dropped or answered with garbage.
    pub response: Option<RecordedResponse>,
    /// What a checker found wrong with the exchange. Always empty for the mock's own answers;
    /// a validation proxy fills it.
    pub findings: Vec<ExchangeFinding>,
}

/// The request half of an exchange.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct RecordedRequest {
    /// Header lines in arrival order, `[name, value]`, names lower-case as HTTP/1 parsers keep
    /// them; credential values are `<redacted>`.
    pub headers: Vec<(String, String)>,
    /// Whether header lines beyond [`super::MAX_RECORDED_HEADER_BYTES`] were left out.
    pub headers_truncated: bool,
    /// The body.
    pub body: RecordedBody,
}

/// The response half of an exchange.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct RecordedResponse {
    /// `HTTP/1.1 200 OK`.
    pub status_line: String,
    /// Header lines as written (title case), `Content-Length` included; the `Date` header the
    /// HTTP layer adds is not recorded.
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: RecordedBody,
}

/// A body as the journal keeps it: the first [`super::MAX_RECORDED_BODY_BYTES`].
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct RecordedBody {
    /// The whole body's size, bytes.
    pub size: usize,
    /// Whether only the first [`super::MAX_RECORDED_BODY_BYTES`] are kept.
    pub truncated: bool,
    /// How `text` holds the kept bytes.
    pub encoding: BodyEncoding,
    /// The kept bytes: decoded text, or base64 when they are not text in their charset.
    pub text: String,
}

/// How a recorded body's bytes are shown.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum BodyEncoding {
    /// UTF-8 text, as sent.
    #[default]
    #[serde(rename = "utf-8")]
    Utf8,
    /// UTF-16 text (declared by the Content-Type's charset), decoded.
    #[serde(rename = "utf-16")]
    Utf16,
    /// Bytes that are not text in their charset, base64-encoded.
    Base64,
}

/// A checker finding about an exchange, as journal views show it: plain text fields, so any
/// recorder can fill them. `From<&Finding>` converts the checker's typed findings.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ExchangeFinding {
    /// The rule's stable id (`json.decimal-form`).
    pub rule: String,
    /// `violation`, `profile-deviation` or `warning`.
    pub severity: String,
    /// Where: `status`, `header Content-Type`, `body`, a JSON pointer or an XML path.
    pub location: String,
    /// What the contract demands.
    pub expected: String,
    /// What the server did.
    pub actual: String,
    /// Why it matters.
    pub message: String,
}

impl From<&Finding> for ExchangeFinding {
    fn from(finding: &Finding) -> ExchangeFinding {
        ExchangeFinding {
            rule: finding.rule.id().to_owned(),
            severity: finding.severity.id().to_owned(),
            location: finding.location.to_string(),
            expected: finding.expected.clone(),
            actual: finding.actual.clone(),
            message: finding.message.clone(),
        }
    }
}

/// What became of a request.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Outcome {
    /// The answer was handed to the connection.
    #[default]
    Answered,
    /// The drop scenario closed the connection without an answer.
    Dropped,
    /// A fault scenario broke the answer on purpose (garbage instead of HTTP, or a reset in
    /// the middle of the body).
    Faulted,
    /// The client went away first (closed the connection while its body was arriving or
    /// during injected latency, or the server shut down); `status` is what it would have got.
    Abandoned,
}

impl Outcome {
    /// The kebab-case name (as serialised).
    pub fn name(self) -> &'static str {
        match self {
            Outcome::Answered => "answered",
            Outcome::Dropped => "dropped",
            Outcome::Faulted => "faulted",
            Outcome::Abandoned => "abandoned",
        }
    }
}

/// What a journaled request was.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum JournalRoute {
    /// A CORS preflight, answered before routing.
    Preflight,
    /// The action's path.
    Action,
    /// Another path under `/api/`.
    ApiNotFound,
    /// A path outside `/api/`.
    OutsideApi,
}

/// The scenario controls that shaped one answer.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct AppliedScenario {
    /// The latency setting and the delay picked from it.
    pub latency: Option<AppliedLatency>,
    /// A forced status.
    pub status: Option<ForcedStatus>,
    /// A forced business error code.
    pub error_code: Option<i32>,
    /// The connection was closed without a response.
    pub drop: bool,
    /// The answer was delivered broken on purpose.
    pub fault: Option<Fault>,
}

/// A latency setting and the delay it produced.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct AppliedLatency {
    /// The setting.
    pub setting: Latency,
    /// The delay applied, ms.
    pub delay_ms: u64,
}
