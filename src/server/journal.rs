//! The request journal behind `GET /__mock/requests`: the last N exchanges with what binding
//! saw, so a frontend developer can find out why the mock answered as it did.

use super::auth::AuthOutcome;
use super::scenario::{ForcedStatus, Latency};
use crate::codec::{Diagnostic, Format, Location, WireFormat};
use crate::model::Request;
use chrono::{DateTime, SecondsFormat, Utc};
use serde::Serialize;
use serde_json::Value;
use std::collections::VecDeque;
use std::ops::{Deref, DerefMut};
use std::sync::{Arc, Mutex};

/// How many exchanges the journal keeps by default (`--journal-size`).
pub const DEFAULT_JOURNAL_SIZE: usize = 100;
/// How much memory the journal's entries may take by default, bytes (`--journal-bytes`): the
/// oldest entries are evicted beyond it even when fewer than [`DEFAULT_JOURNAL_SIZE`] are kept.
/// An entry's size is estimated once, when it is recorded, from its strings and diagnostics
/// (a hostile request's 64 diagnostics are some 50 KB; an ordinary request's entry about 1 KB).
pub const DEFAULT_JOURNAL_BYTES: usize = 8 * 1024 * 1024;

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
    /// Query string, if any.
    pub query: Option<String>,
    /// What the request was.
    pub route: JournalRoute,
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
    /// The scenario controls that applied.
    pub scenario: AppliedScenario,
    /// Milliseconds from the request head's arrival to the response, latency included.
    pub duration_ms: u64,
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
}

/// A latency setting and the delay it produced.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct AppliedLatency {
    /// The setting.
    pub setting: Latency,
    /// The delay applied, ms.
    pub delay_ms: u64,
}

/// A journal entry as the request path records it. The two renderings that cost the most —
/// the arrival time as text and the bound request as JSON — wait until the journal is read
/// ([`Recorded::render`]), so recording a request stays cheap; everything else is filled in
/// place through `Deref`. Until rendered, [`JournalEntry::at`] is empty and
/// [`JournalEntry::bound`] is `None`: read those through [`Recorded::render`].
#[derive(Clone, Debug)]
pub(crate) struct Recorded {
    entry: JournalEntry,
    arrived: DateTime<Utc>,
    bound: Option<Request>,
}

impl Recorded {
    /// An entry for a request arriving now.
    pub(crate) fn new(entry: JournalEntry) -> Recorded {
        Recorded {
            entry,
            arrived: Utc::now(),
            bound: None,
        }
    }

    /// The request as bound (rendered with [`record_json`] when the journal is read).
    pub(crate) fn set_bound(&mut self, request: Request) {
        self.bound = Some(request);
    }

    /// The complete entry, as the journal serves it.
    pub(crate) fn render(&self) -> JournalEntry {
        let mut entry = self.entry.clone();
        entry.at = self.arrived.to_rfc3339_opts(SecondsFormat::Millis, true);
        entry.bound = self.bound.as_ref().map(|request| record_json(request));
        entry
    }

    /// An estimate of the memory the entry holds, bytes: its own size plus every string it
    /// owns. Proportional to the entry (whose diagnostics are capped), not to the journal.
    fn weight(&self) -> usize {
        let entry = &self.entry;
        let text = |s: &Option<String>| s.as_ref().map_or(0, String::len);
        let diagnostics: usize = entry
            .diagnostics
            .iter()
            .map(|d| {
                let location = match &d.location {
                    Location::Json { path, .. } | Location::Xml { path, .. } => path.len(),
                    Location::Form { key, .. } => key.len(),
                    Location::Body => 0,
                };
                let model_state = d
                    .model_state
                    .as_ref()
                    .map_or(0, |m| m.key.len() + m.message.len());
                size_of::<Diagnostic>()
                    + location
                    + text(&d.field)
                    + text(&d.found)
                    + text(&d.expected)
                    + model_state
                    + d.message.len()
            })
            .sum();
        let bound = self
            .bound
            .as_ref()
            .map_or(0, |r| size_of::<Request>() + text(&r.site_code));
        let reason = match &entry.auth {
            Some(AuthOutcome::Denied { reason }) => reason.len(),
            _ => 0,
        };
        size_of::<Recorded>()
            + entry.method.len()
            + entry.path.len()
            + text(&entry.query)
            + diagnostics
            + bound
            + reason
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

/// A thread-safe ring of entries bounded in count and in bytes. Entries are shared (`Arc`), so
/// reading the journal holds the lock only to copy pointers, and renders outside it.
#[derive(Debug)]
pub(crate) struct Journal {
    capacity: usize,
    capacity_bytes: usize,
    inner: Mutex<Ring>,
}

#[derive(Debug, Default)]
struct Ring {
    next_seq: u64,
    /// Sum of the kept entries' weights.
    bytes: usize,
    entries: VecDeque<(Arc<Recorded>, usize)>,
}

impl Journal {
    /// A journal of at most `capacity` entries and [`DEFAULT_JOURNAL_BYTES`].
    #[cfg(test)]
    pub(crate) fn new(capacity: usize) -> Journal {
        Journal::with_limits(capacity, DEFAULT_JOURNAL_BYTES)
    }

    /// A journal of at most `capacity` entries and `capacity_bytes` (estimated).
    pub(crate) fn with_limits(capacity: usize, capacity_bytes: usize) -> Journal {
        Journal {
            capacity,
            capacity_bytes,
            inner: Mutex::new(Ring::default()),
        }
    }

    /// Record an entry (its `seq` is assigned here); the oldest are evicted beyond either
    /// limit. The newest entry is always kept, even alone over the byte limit.
    pub(crate) fn push(&self, mut entry: Recorded) {
        if self.capacity == 0 {
            return;
        }
        let weight = entry.weight();
        // A poisoned lock only means a panic elsewhere while pushing; the ring is still valid.
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
        // Freed outside the lock.
        drop(evicted);
    }

    /// The kept entries (oldest first) and the total count ever recorded.
    fn shared(&self) -> (Vec<Arc<Recorded>>, u64) {
        let ring = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        let entries = ring.entries.iter().map(|(e, _)| Arc::clone(e)).collect();
        (entries, ring.next_seq)
    }

    /// The entries, oldest first, and the total count ever recorded.
    pub(crate) fn snapshot(&self) -> (Vec<JournalEntry>, u64) {
        let (shared, total) = self.shared();
        (shared.iter().map(|e| e.render()).collect(), total)
    }

    /// The journal as the admin resource serves it, as JSON bytes:
    /// `{"capacity", "capacity_bytes", "total", "requests": [...]}`. Entries are rendered and
    /// written one at a time, so reading costs the output and one entry on top of the journal.
    pub(crate) fn to_json(&self) -> Vec<u8> {
        let (shared, total) = self.shared();
        let mut out = Vec::with_capacity(1024 + shared.len() * 1024);
        out.extend_from_slice(
            format!(
                r#"{{"capacity":{},"capacity_bytes":{},"total":{total},"requests":["#,
                self.capacity, self.capacity_bytes
            )
            .as_bytes(),
        );
        for (i, entry) in shared.iter().enumerate() {
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
