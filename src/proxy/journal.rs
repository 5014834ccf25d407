//! The journal of judged exchanges behind `GET /__proxy/exchanges`: the last N exchanges of
//! the action with what the judge found, credentials redacted, bodies as excerpts. Bounded in
//! entries and in bytes, like the mock's journal.
//!
//! The JSON shape (documented in the README, "The proxy's journal") is what a console shows:
//!
//! ```json
//! {"capacity": 100, "capacity_bytes": 8388608, "total": 2, "cleared_through": 0, "exchanges": [
//!   {"seq": 2, "at": "2026-05-07T12:00:00.125Z", "elapsed_ms": 3.1, "judged": true,
//!    "answer": "forwarded",
//!    "request": {"method": "POST", "path": "/api/client/ClientFavoriteDataInfo", "query": null,
//!                "headers": [["content-type", "application/json"], ["authorization", "<redacted>"]],
//!                "body": {"bytes": 15, "excerpt": "{\"Client\":1001}", "truncated": false}},
//!    "response": {"status": 200, "headers": [["content-type", "application/json; charset=utf-8"]],
//!                 "body": {"bytes": 412, "excerpt": "{\"TotalRows\":…", "truncated": false}},
//!    "upstream_error": null,
//!    "findings": [{"rule": "xml.order", "severity": "violation", "format": "xml",
//!                  "location": {"kind": "x-path", "at": "/ClientFavoriteDataInfoResponse/…"},
//!                  "expected": "…", "actual": "…", "message": "…"}],
//!    "findings_omitted": 0}]}
//! ```

use crate::checker::{Finding, Location, RuleId, Severity};
use crate::codec::WireFormat;
use crate::excerpt::excerpt;
use crate::exchange::media_type;
use crate::server::BoundedRing;
use crate::server::{KeptHeaders, REDACTED, is_credential_header};
use bytes::Bytes;
use chrono::{DateTime, SecondsFormat, Utc};
use serde::Serialize;
use std::time::Duration;

/// Characters of a body kept in a journal entry.
pub const JOURNAL_EXCERPT_CHARS: usize = 2048;

/// Findings kept per journal entry (the rest are counted in `findings_omitted`).
pub const MAX_JOURNAL_FINDINGS: usize = 64;

/// A body as the journal shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct BodyExcerpt {
    /// Its length in bytes (as far as it was read: an unjudged body streamed on).
    pub bytes: usize,
    /// Its first [`JOURNAL_EXCERPT_CHARS`] characters (lossy UTF-8; form bodies with their
    /// credential parameters redacted).
    pub excerpt: String,
    /// Whether the excerpt stops before the body's end.
    pub truncated: bool,
}

impl BodyExcerpt {
    /// The excerpt of `bytes`, of which `complete` says whether they are the whole body.
    pub(crate) fn of(bytes: &[u8], complete: bool, form: bool) -> BodyExcerpt {
        // Only the bytes the excerpt can show are decoded.
        let shown = &bytes[..bytes.len().min(JOURNAL_EXCERPT_CHARS * 4)];
        let text = String::from_utf8_lossy(shown);
        let text = if form {
            crate::server::redact_query(&text).into_owned()
        } else {
            text.into_owned()
        };
        let cut = excerpt(&text, JOURNAL_EXCERPT_CHARS);
        let truncated = !complete || shown.len() < bytes.len() || cut.len() != text.len();
        BodyExcerpt {
            bytes: bytes.len(),
            excerpt: cut.into_owned(),
            truncated,
        }
    }
}

/// The request of a journaled exchange.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct JournalRequest {
    /// Method.
    pub method: String,
    /// Path as sent, without the query.
    pub path: String,
    /// Query string (credential parameters redacted), if any.
    pub query: Option<String>,
    /// Headers as forwarded to the upstream (credentials redacted), in order.
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: BodyExcerpt,
}

/// The upstream's answer of a journaled exchange.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct JournalResponse {
    /// Status.
    pub status: u16,
    /// Headers as the upstream sent them (credentials redacted), hop-by-hop ones included.
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: BodyExcerpt,
}

/// What the client got.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum JournalAnswer {
    /// The upstream's answer (with the findings header when there were findings).
    Forwarded,
    /// A 502 with the findings instead of an answer with a violation (`--fail-on-violation`).
    Withheld,
    /// A 502: the upstream could not be reached or broke off.
    BadGateway,
    /// A 504: the upstream did not answer within `--give-up`.
    GatewayTimeout,
}

/// One finding as the journal shows it (its request is the entry's).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct JournalFinding {
    /// The rule.
    pub rule: RuleId,
    /// How much it matters.
    pub severity: Severity,
    /// The response format it was seen in, if format-specific.
    pub format: Option<WireFormat>,
    /// Where.
    pub location: Location,
    /// What the contract demands.
    pub expected: String,
    /// What the upstream did.
    pub actual: String,
    /// Why it matters.
    pub message: String,
}

impl From<&Finding> for JournalFinding {
    fn from(f: &Finding) -> JournalFinding {
        JournalFinding {
            rule: f.rule,
            severity: f.severity,
            format: f.format,
            location: f.location.clone(),
            expected: f.expected.clone(),
            actual: f.actual.clone(),
            message: f.message.clone(),
        }
    }
}

/// One judged exchange.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ProxyJournalEntry {
    /// Sequence number since start (1-based), so gaps show evicted entries.
    pub seq: u64,
    /// When the request arrived (RFC 3339, UTC).
    pub at: String,
    /// Milliseconds from forwarding the request to the end of the upstream's answer.
    pub elapsed_ms: f64,
    /// Whether the judge ran (`false`: a body too large to judge streamed through).
    pub judged: bool,
    /// What the client got.
    pub answer: JournalAnswer,
    /// The request.
    pub request: JournalRequest,
    /// The upstream's answer (`None` when there was none).
    pub response: Option<JournalResponse>,
    /// Why there was no answer.
    pub upstream_error: Option<String>,
    /// The first [`MAX_JOURNAL_FINDINGS`] findings.
    pub findings: Vec<JournalFinding>,
    /// How many more findings there were.
    pub findings_omitted: usize,
}

/// Body bytes a journal entry keeps: enough for the excerpt of any body.
const KEPT_BODY_BYTES: usize = JOURNAL_EXCERPT_CHARS * 4;

/// A body as recorded: a copy of at most [`KEPT_BODY_BYTES`] of it. Never a slice of the
/// bytes as read: those share the HTTP layer's read buffer, which a kept slice would pin whole
/// (up to hyper's largest read buffer per entry, far above what the journal's byte limit
/// counts).
#[derive(Clone, Debug)]
pub(crate) struct RecordedBody {
    kept: Bytes,
    len: usize,
    complete: bool,
}

impl RecordedBody {
    /// `bytes`, of which `complete` says whether they are the whole body.
    pub(crate) fn new(bytes: &[u8], complete: bool) -> RecordedBody {
        let kept = Bytes::copy_from_slice(&bytes[..bytes.len().min(KEPT_BODY_BYTES)]);
        RecordedBody {
            kept,
            len: bytes.len(),
            complete: complete && bytes.len() <= KEPT_BODY_BYTES,
        }
    }

    fn render(&self, form: bool) -> BodyExcerpt {
        let mut excerpt = BodyExcerpt::of(&self.kept, self.complete, form);
        excerpt.bytes = self.len;
        excerpt
    }
}

/// Header lines as an entry keeps them: the mock journal's one exact-size block (so an entry
/// holds, and the ring frees, one block instead of two strings per header), shown with every
/// credential's value replaced by the redaction marker.
fn redacted(headers: &KeptHeaders) -> Vec<(String, String)> {
    headers
        .render(false)
        .into_iter()
        .map(|(name, value)| {
            let value = if is_credential_header(&name) {
                REDACTED.to_owned()
            } else {
                value
            };
            (name, value)
        })
        .collect()
}

/// The upstream's answer as recorded.
#[derive(Debug)]
pub(crate) struct RecordedResponse {
    pub(crate) status: u16,
    pub(crate) headers: KeptHeaders,
    pub(crate) body: RecordedBody,
}

/// A judged exchange as the request path records it: everything the entry shows, still raw.
/// Redaction, excerpts and the arrival time as text wait until the journal is read
/// ([`Recorded::render`]), so recording stays cheap.
#[derive(Debug)]
pub(crate) struct Recorded {
    pub(crate) arrived: DateTime<Utc>,
    pub(crate) elapsed: Duration,
    pub(crate) judged: bool,
    pub(crate) answer: JournalAnswer,
    pub(crate) method: String,
    /// Path and query as sent.
    pub(crate) path: String,
    pub(crate) request_headers: KeptHeaders,
    pub(crate) request_body: RecordedBody,
    /// The upstream's answer.
    pub(crate) response: Option<RecordedResponse>,
    pub(crate) upstream_error: Option<String>,
    /// The first [`MAX_JOURNAL_FINDINGS`] findings.
    pub(crate) findings: Vec<Finding>,
    pub(crate) findings_omitted: usize,
}

impl Recorded {
    /// The entry as the journal serves it.
    fn render(&self, seq: u64) -> ProxyJournalEntry {
        let (path, query) = match self.path.split_once('?') {
            Some((path, query)) => (
                path.to_owned(),
                Some(crate::server::redact_query(query).into_owned()),
            ),
            None => (self.path.clone(), None),
        };
        let form = self.request_headers.pairs().any(|(n, v)| {
            n.eq_ignore_ascii_case(b"content-type")
                && media_type(&String::from_utf8_lossy(v)) == "application/x-www-form-urlencoded"
        });
        ProxyJournalEntry {
            seq,
            at: self.arrived.to_rfc3339_opts(SecondsFormat::Millis, true),
            elapsed_ms: self.elapsed.as_secs_f64() * 1000.0,
            judged: self.judged,
            answer: self.answer,
            request: JournalRequest {
                method: self.method.clone(),
                path,
                query,
                headers: redacted(&self.request_headers),
                body: self.request_body.render(form),
            },
            response: self.response.as_ref().map(|r| JournalResponse {
                status: r.status,
                headers: redacted(&r.headers),
                body: r.body.render(false),
            }),
            upstream_error: self.upstream_error.clone(),
            findings: self.findings.iter().map(JournalFinding::from).collect(),
            findings_omitted: self.findings_omitted,
        }
    }

    /// An estimate of the memory the entry holds, bytes.
    fn weight(&self) -> usize {
        let pairs = |p: &[(String, String)]| {
            p.iter()
                .map(|(n, v)| n.len() + v.len() + 2 * size_of::<String>())
                .sum::<usize>()
        };
        let response = self
            .response
            .as_ref()
            .map_or(0, |r| r.headers.weight() + r.body.kept.len());
        let findings: usize = self
            .findings
            .iter()
            .map(|f| {
                size_of::<Finding>()
                    + f.expected.len()
                    + f.actual.len()
                    + f.message.len()
                    + f.request.as_ref().map_or(0, |r| {
                        r.path.len() + pairs(&r.headers) + r.body.as_bytes().len()
                    })
                    + match &f.location {
                        Location::Header(s) | Location::Pointer(s) | Location::XPath(s) => s.len(),
                        Location::Status | Location::Body | Location::Exchange => 0,
                    }
            })
            .sum();
        size_of::<Recorded>()
            + self.method.len()
            + self.path.len()
            + self.request_headers.weight()
            + self.request_body.kept.len()
            + response
            + self.upstream_error.as_ref().map_or(0, String::len)
            + findings
    }
}

/// The proxy's journal: a ring of judged exchanges bounded in count and in bytes (the mock's).
#[derive(Debug)]
pub(crate) struct Journal {
    ring: BoundedRing<Recorded>,
}

impl Journal {
    pub(crate) fn new(capacity: usize, capacity_bytes: usize) -> Journal {
        Journal {
            ring: BoundedRing::new(capacity, capacity_bytes),
        }
    }

    /// Record an entry (numbered here); the oldest are evicted beyond either limit. The newest
    /// is always kept, even alone over the byte limit.
    pub(crate) fn push(&self, entry: Recorded) {
        let weight = entry.weight();
        self.ring.push(entry, weight, |_, _| {});
    }

    /// Remove every entry (numbering goes on); how many were removed.
    pub(crate) fn clear(&self) -> usize {
        self.ring.clear()
    }

    /// `{"capacity", "capacity_bytes", "total", "cleared_through", "exchanges": [...]}` as
    /// JSON bytes, rendered and written one entry at a time.
    pub(crate) fn to_json(&self) -> Vec<u8> {
        self.to_json_since(0)
    }

    /// [`Journal::to_json`] with only the entries numbered above `since` (a console polling
    /// for what is new).
    pub(crate) fn to_json_since(&self, since: u64) -> Vec<u8> {
        let (shared, stats) = self.ring.since(since);
        let (total, cleared_through) = (stats.total, stats.cleared_through);
        let mut out = Vec::with_capacity(1024 + shared.len() * 2048);
        out.extend_from_slice(
            format!(
                r#"{{"capacity":{},"capacity_bytes":{},"total":{total},"cleared_through":{cleared_through},"exchanges":["#,
                self.ring.capacity(),
                self.ring.capacity_bytes()
            )
            .as_bytes(),
        );
        for (i, (seq, entry)) in shared.iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            // Writing plain data into a Vec cannot fail.
            let _ = serde_json::to_writer(&mut out, &entry.render(*seq));
        }
        out.extend_from_slice(b"]}");
        out
    }
}

#[cfg(test)]
mod tests {
    use super::{KEPT_BODY_BYTES, KeptHeaders, RecordedBody, redacted};
    use bytes::Bytes;

    #[test]
    fn a_recorded_body_is_a_copy_not_a_slice_of_the_read_buffer() {
        let buffer = Bytes::from(vec![b'x'; 64 * 1024]);
        let small = buffer.slice(100..200);
        let recorded = RecordedBody::new(&small, true);
        assert_eq!(recorded.kept, small);
        assert_ne!(recorded.kept.as_ptr(), small.as_ptr());
        assert!(recorded.complete);
        let large = RecordedBody::new(&buffer, true);
        assert_eq!(
            (large.kept.len(), large.len),
            (KEPT_BODY_BYTES, buffer.len())
        );
        assert!(!large.complete);
    }

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(n, v)| ((*n).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn header_lines_give_back_the_pairs_in_order_with_credentials_hidden() {
        let given = pairs(&[
            ("host", "127.0.0.1:8080"),
            ("authorization", "Bearer secret"),
            ("x-empty", ""),
            ("accept", "application/xml"),
            ("accept", "text/xml"),
        ]);
        let lines = KeptHeaders::of_pairs(&given);
        assert_eq!(lines.render(false), given);
        let shown = redacted(&lines);
        assert_eq!(shown[1], pairs(&[("authorization", "<redacted>")])[0]);
        assert_eq!(shown[0], given[0]);
        assert_eq!(
            lines.weight(),
            given
                .iter()
                .map(|(n, v)| n.len() + v.len() + 2)
                .sum::<usize>()
        );
        assert_eq!(KeptHeaders::of_pairs(&[]).pairs().count(), 0);
    }
}
