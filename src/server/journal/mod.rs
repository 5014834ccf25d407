//! The request journal behind `GET /__mock/requests`: the last N exchanges with their headers,
//! bodies and what binding saw, so a frontend developer can find out why the mock answered as it
//! did ("why did I get XML?").
//!
//! Recording stays cheap on the request path: the request's header lines and the first
//! [`MAX_RECORDED_BODY_BYTES`] of its body are copied once into exact-size buffers, the
//! response body is shared (the mock built it as an exact-size buffer), and everything that
//! costs more — the arrival time as text, the bound request as JSON, header and body text —
//! waits until the journal is read ([`Recorded::render`]).

mod entry;
mod exchange;
mod query;
mod ring;

pub use entry::{
    AppliedLatency, AppliedScenario, BodyEncoding, ExchangeFinding, JournalEntry, JournalRoute,
    Outcome, RecordedBody, RecordedRequest, RecordedResponse,
};
pub(crate) use exchange::KeptHeaders;
pub use exchange::{MAX_RECORDED_BODY_BYTES, MAX_RECORDED_HEADER_BYTES};
pub(crate) use query::JournalQuery;
pub(crate) use ring::{BoundedRing, RingStats};

use super::auth::AuthOutcome;
use super::request::{CapturedRequest, MockResponse};
use crate::codec::Diagnostic;
use crate::model::Request;
use chrono::{DateTime, SecondsFormat, Utc};
use exchange::{KeptBody, KeptResponse};
use std::ops::{Deref, DerefMut};
use std::sync::Arc;

/// How many exchanges the journal keeps by default (`--journal-size`).
pub const DEFAULT_JOURNAL_SIZE: usize = 100;
/// How much memory the journal's entries may take by default, bytes (`--journal-bytes`): the
/// oldest entries are evicted beyond it even when fewer than [`DEFAULT_JOURNAL_SIZE`] are kept.
/// A read lists the newest entries within it; each core's shard keeps up to it (see
/// `ring.rs`), so the journal's memory is at most this times the number of cores.
/// An entry's size is estimated once, when it is recorded, from its strings, diagnostics,
/// header lines and kept bodies, a body counted at its size once rendered as JSON text (so a
/// body of control characters counts six bytes a byte, and reading the journal stays within
/// the limit); a hostile request's entry with 64 diagnostics and a capped body is some 70 KB,
/// an ordinary request's entry 2–3 KB.
pub const DEFAULT_JOURNAL_BYTES: usize = 8 * 1024 * 1024;

/// A journal entry as the request path records it. The renderings that cost the most wait
/// until the journal is read ([`Recorded::render`]); everything else is filled in place through
/// `Deref`. Until rendered, [`JournalEntry::at`] is empty, [`JournalEntry::bound`] is `None`
/// and the request and response halves are empty: read those through [`Recorded::render`].
#[derive(Clone, Debug)]
pub(crate) struct Recorded {
    entry: JournalEntry,
    arrived: DateTime<Utc>,
    bound: Option<Request>,
    request_headers: KeptHeaders,
    request_body: KeptBody,
    response: Option<KeptResponse>,
}

impl Recorded {
    /// An entry for a request arriving now, with its headers and body kept.
    pub(crate) fn new(entry: JournalEntry, request: &CapturedRequest) -> Recorded {
        Recorded {
            entry,
            arrived: Utc::now(),
            bound: None,
            request_headers: KeptHeaders::request(&request.headers),
            request_body: KeptBody::copied(&request.body),
            response: None,
        }
    }

    /// The request as bound (rendered with [`record_json`] when the journal is read).
    pub(crate) fn set_bound(&mut self, request: Request) {
        self.bound = Some(request);
    }

    /// The response as it goes out (`closing`: with `Connection: close`).
    pub(crate) fn set_response(&mut self, response: &MockResponse, closing: bool) {
        self.response = Some(KeptResponse {
            status: response.status,
            headers: KeptHeaders::response(&response.headers, closing),
            body: KeptBody::shared(&response.body),
        });
    }

    /// The response is not sent after all (a drop, garbage instead of HTTP).
    pub(crate) fn clear_response(&mut self) {
        self.response = None;
    }

    /// The bound request's `Client`, if the request bound.
    pub(crate) fn bound_client(&self) -> Option<i32> {
        self.bound.as_ref().map(|r| r.client)
    }

    /// When the request arrived.
    pub(crate) fn arrived(&self) -> DateTime<Utc> {
        self.arrived
    }

    /// The complete entry, as the journal serves it.
    pub(crate) fn render(&self) -> JournalEntry {
        let mut entry = self.entry.clone();
        entry.at = self.arrived.to_rfc3339_opts(SecondsFormat::Millis, true);
        entry.bound = self.bound.as_ref().map(|request| record_json(request));
        entry.request = RecordedRequest {
            headers: self.request_headers.render(false),
            headers_truncated: self.request_headers.truncated(),
            body: self
                .request_body
                .render(self.request_headers.get("content-type")),
        };
        entry.response = self.response.as_ref().map(|response| RecordedResponse {
            status_line: response.status_line(),
            headers: response.render_headers(),
            body: response.body.render(response.headers.get("content-type")),
        });
        entry
    }

    /// An estimate of the memory the entry holds, bytes: its own size plus every string and
    /// buffer it owns. Proportional to the entry (whose diagnostics, header lines and bodies
    /// are capped), not to the journal.
    fn weight(&self) -> usize {
        let entry = &self.entry;
        let text = |s: &Option<String>| s.as_ref().map_or(0, String::len);
        let diagnostics: usize = entry.diagnostics.iter().map(Diagnostic::held_bytes).sum();
        let bound = self
            .bound
            .as_ref()
            .map_or(0, |r| size_of::<Request>() + text(&r.site_code));
        let reason = match &entry.auth {
            Some(AuthOutcome::Denied { reason }) => reason.len(),
            _ => 0,
        };
        let findings: usize = entry
            .findings
            .iter()
            .map(|f| {
                size_of::<ExchangeFinding>()
                    + f.rule.len()
                    + f.severity.len()
                    + f.location.len()
                    + f.expected.len()
                    + f.actual.len()
                    + f.message.len()
            })
            .sum();
        size_of::<Recorded>()
            + entry.method.len()
            + entry.path.len()
            + text(&entry.query)
            + diagnostics
            + bound
            + reason
            + findings
            + self.request_headers.weight()
            + self.request_body.weight()
            + self
                .response
                .as_ref()
                .map_or(0, |r| size_of::<KeptResponse>() + r.weight())
    }
}

impl Deref for Recorded {
    type Target = JournalEntry;
    fn deref(&self) -> &JournalEntry {
        &self.entry
    }
}

impl DerefMut for Recorded {
    fn deref_mut(&mut self) -> &mut JournalEntry {
        &mut self.entry
    }
}

/// The journal: a [`BoundedRing`] of recorded exchanges, bounded in count and in bytes.
#[derive(Debug)]
pub(crate) struct Journal {
    ring: BoundedRing<Recorded>,
}

/// The journal's size right now.
pub(crate) type JournalStats = RingStats;

impl Journal {
    /// A journal of at most `capacity` entries and [`DEFAULT_JOURNAL_BYTES`].
    #[cfg(test)]
    pub(crate) fn new(capacity: usize) -> Journal {
        Journal::with_limits(capacity, DEFAULT_JOURNAL_BYTES)
    }

    /// A journal of at most `capacity` entries and `capacity_bytes` (estimated).
    pub(crate) fn with_limits(capacity: usize, capacity_bytes: usize) -> Journal {
        Journal {
            ring: BoundedRing::new(capacity, capacity_bytes),
        }
    }

    /// Record an entry (its `seq` is assigned here); the oldest are evicted beyond either
    /// limit, the newest always kept. The weight is computed before the lock, from the entry.
    pub(crate) fn push(&self, entry: Recorded) {
        let weight = entry.weight();
        self.ring.push(entry, weight, |entry, seq| entry.seq = seq);
    }

    /// Remove every entry (`DELETE /__mock/requests`); sequence numbers go on from where they
    /// were, so a view polling with `since` is not confused. Returns how many were removed.
    pub(crate) fn clear(&self) -> usize {
        self.ring.clear()
    }

    /// Count, bytes and sequence numbers now.
    pub(crate) fn stats(&self) -> JournalStats {
        self.ring.stats()
    }

    /// The kept entries (oldest first) and the stats.
    fn shared(&self) -> (Vec<Arc<Recorded>>, JournalStats) {
        let (entries, stats) = self.ring.since(0);
        (entries.into_iter().map(|(_, entry)| entry).collect(), stats)
    }

    /// The entries a query selects, oldest first (the newest `limit` of them).
    fn selected(&self, query: &JournalQuery) -> (Vec<Arc<Recorded>>, JournalStats) {
        let (mut entries, stats) = self.shared();
        entries.retain(|e| query.matches(e));
        if let Some(limit) = query.limit {
            let cut = entries.len().saturating_sub(limit);
            entries.drain(..cut);
        }
        (entries, stats)
    }

    /// How many kept entries a query selects.
    pub(crate) fn count(&self, query: &JournalQuery) -> usize {
        self.selected(query).0.len()
    }

    /// The entries, oldest first, and the total count ever recorded.
    pub(crate) fn snapshot(&self) -> (Vec<JournalEntry>, u64) {
        let (shared, stats) = self.shared();
        (shared.iter().map(|e| e.render()).collect(), stats.total)
    }

    /// The journal as the admin resource serves it, as JSON bytes: `{"capacity",
    /// "capacity_bytes", "kept", "bytes", "total", "cleared_through", "requests": [...]}`
    /// with the entries the query selects. Entries are rendered and written one at a time, so
    /// reading costs the output and one entry on top of the journal.
    pub(crate) fn to_json(&self, query: &JournalQuery) -> Vec<u8> {
        let (selected, stats) = self.selected(query);
        let mut out = Vec::with_capacity(1024 + selected.len() * 2048);
        out.extend_from_slice(
            format!(
                r#"{{"capacity":{},"capacity_bytes":{},"kept":{},"bytes":{},"total":{},"cleared_through":{},"requests":["#,
                self.ring.capacity(),
                self.ring.capacity_bytes(),
                stats.kept,
                stats.bytes,
                stats.total,
                stats.cleared_through
            )
            .as_bytes(),
        );
        for (i, entry) in selected.iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            // Writing plain data into a Vec cannot fail.
            let _ = serde_json::to_writer(&mut out, &entry.render());
        }
        out.extend_from_slice(b"]}");
        out
    }
}

/// A record as JSON with contract names and wire forms: integers as numbers, decimals as
/// strings (scale kept), dates as .NET round-trip text.
pub(crate) use crate::model::record_json;
