//! The journal of judged exchanges behind `GET /__proxy/exchanges`: the last N exchanges of
//! the action with what the judge found, credentials redacted, bodies as excerpts. Bounded in
//! entries and in bytes, like the mock's journal.
//!
//! The JSON shape (documented in the README, "The proxy's journal") is what a console shows:
//!
//! ```json
//! {"capacity": 100, "capacity_bytes": 8388608, "total": 2, "exchanges": [
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
use serde::Serialize;
use std::collections::VecDeque;
use std::sync::{Arc, Mutex};

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

impl ProxyJournalEntry {
    /// An estimate of the memory the entry holds, bytes.
    fn weight(&self) -> usize {
        let pairs =
            |p: &[(String, String)]| p.iter().map(|(n, v)| n.len() + v.len() + 48).sum::<usize>();
        let response = self.response.as_ref().map_or(0, |r| {
            size_of::<JournalResponse>() + pairs(&r.headers) + r.body.excerpt.len()
        });
        let findings: usize = self
            .findings
            .iter()
            .map(|f| {
                size_of::<JournalFinding>()
                    + f.expected.len()
                    + f.actual.len()
                    + f.message.len()
                    + match &f.location {
                        Location::Header(s) | Location::Pointer(s) | Location::XPath(s) => s.len(),
                        Location::Status | Location::Body | Location::Exchange => 0,
                    }
            })
            .sum();
        size_of::<ProxyJournalEntry>()
            + self.at.len()
            + self.request.method.len()
            + self.request.path.len()
            + self.request.query.as_ref().map_or(0, String::len)
            + pairs(&self.request.headers)
            + self.request.body.excerpt.len()
            + response
            + self.upstream_error.as_ref().map_or(0, String::len)
            + findings
    }
}

/// A thread-safe ring of entries bounded in count and in bytes.
#[derive(Debug)]
pub(crate) struct Journal {
    capacity: usize,
    capacity_bytes: usize,
    inner: Mutex<Ring>,
}

#[derive(Debug, Default)]
struct Ring {
    next_seq: u64,
    bytes: usize,
    entries: VecDeque<(Arc<ProxyJournalEntry>, usize)>,
}

impl Journal {
    pub(crate) fn new(capacity: usize, capacity_bytes: usize) -> Journal {
        Journal {
            capacity,
            capacity_bytes,
            inner: Mutex::new(Ring::default()),
        }
    }

    /// Record an entry (its `seq` is assigned here); the oldest are evicted beyond either
    /// limit. The newest is always kept, even alone over the byte limit.
    pub(crate) fn push(&self, mut entry: ProxyJournalEntry) {
        if self.capacity == 0 {
            return;
        }
        let weight = entry.weight();
        let mut ring = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        ring.next_seq += 1;
        entry.seq = ring.next_seq;
        let mut evicted = Vec::new();
        while !ring.entries.is_empty()
            && (ring.entries.len() >= self.capacity || ring.bytes + weight > self.capacity_bytes)
        {
            if let Some((old, old_weight)) = ring.entries.pop_front() {
                ring.bytes -= old_weight;
                evicted.push(old);
            }
        }
        ring.bytes += weight;
        ring.entries.push_back((Arc::new(entry), weight));
        drop(ring);
        drop(evicted);
    }

    /// The kept entries, oldest first, and how many were ever recorded.
    pub(crate) fn entries(&self) -> (Vec<Arc<ProxyJournalEntry>>, u64) {
        let ring = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        let entries = ring.entries.iter().map(|(e, _)| Arc::clone(e)).collect();
        (entries, ring.next_seq)
    }

    /// `{"capacity", "capacity_bytes", "total", "exchanges": [...]}` as JSON bytes, written one
    /// entry at a time.
    pub(crate) fn to_json(&self) -> Vec<u8> {
        let (entries, total) = self.entries();
        let mut out = Vec::with_capacity(1024 + entries.len() * 2048);
        out.extend_from_slice(
            format!(
                r#"{{"capacity":{},"capacity_bytes":{},"total":{total},"exchanges":["#,
                self.capacity, self.capacity_bytes
            )
            .as_bytes(),
        );
        for (i, entry) in entries.iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            // Writing plain data into a Vec cannot fail.
            let _ = serde_json::to_writer(&mut out, entry.as_ref());
        }
        out.extend_from_slice(b"]}");
        out
    }
}
