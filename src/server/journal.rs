//! The request journal behind `GET /__mock/requests`: the last N exchanges with what binding
//! saw, so a frontend developer can find out why the mock answered as it did.

use super::auth::AuthOutcome;
use super::scenario::{ForcedStatus, Latency};
use crate::codec::{Diagnostic, Format, WireFormat};
use crate::model::Request;
use chrono::{DateTime, SecondsFormat, Utc};
use serde::Serialize;
use serde_json::Value;
use std::collections::VecDeque;
use std::ops::{Deref, DerefMut};
use std::sync::Mutex;

/// How many exchanges the journal keeps by default (`--journal-size`).
pub const DEFAULT_JOURNAL_SIZE: usize = 100;

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
    /// Everything binding noticed.
    pub diagnostics: Vec<Diagnostic>,
    /// The response status (0 when the connection was dropped).
    pub status: u16,
    /// The scenario controls that applied.
    pub scenario: AppliedScenario,
    /// Milliseconds from the request head's arrival to the response, latency included.
    pub duration_ms: u64,
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
    pub(crate) fn render(self) -> JournalEntry {
        let Recorded {
            mut entry,
            arrived,
            bound,
        } = self;
        entry.at = arrived.to_rfc3339_opts(SecondsFormat::Millis, true);
        entry.bound = bound.as_ref().map(|request| record_json(request));
        entry
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

/// A bounded, thread-safe ring of entries.
#[derive(Debug)]
pub(crate) struct Journal {
    capacity: usize,
    inner: Mutex<Ring>,
}

#[derive(Debug, Default)]
struct Ring {
    next_seq: u64,
    entries: VecDeque<Recorded>,
}

impl Journal {
    pub(crate) fn new(capacity: usize) -> Journal {
        Journal {
            capacity,
            inner: Mutex::new(Ring::default()),
        }
    }

    /// Record an entry (its `seq` is assigned here); the oldest is evicted beyond capacity.
    pub(crate) fn push(&self, mut entry: Recorded) {
        if self.capacity == 0 {
            return;
        }
        // A poisoned lock only means a panic elsewhere while pushing; the ring is still valid.
        let mut ring = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        ring.next_seq += 1;
        entry.seq = ring.next_seq;
        let evicted = if ring.entries.len() == self.capacity {
            ring.entries.pop_front()
        } else {
            None
        };
        ring.entries.push_back(entry);
        drop(ring);
        // Freed outside the lock.
        drop(evicted);
    }

    /// The entries, oldest first, and the total count ever recorded.
    pub(crate) fn snapshot(&self) -> (Vec<JournalEntry>, u64) {
        let (recorded, total) = {
            let ring = self.inner.lock().unwrap_or_else(|e| e.into_inner());
            let recorded: Vec<Recorded> = ring.entries.iter().cloned().collect();
            (recorded, ring.next_seq)
        };
        // Rendered outside the lock, so requests are not kept waiting.
        (recorded.into_iter().map(Recorded::render).collect(), total)
    }

    /// The journal as the admin resource serves it.
    pub(crate) fn to_json(&self) -> Value {
        let (entries, total) = self.snapshot();
        serde_json::json!({
            "capacity": self.capacity,
            "total": total,
            "requests": entries,
        })
    }
}

/// A record as JSON with contract names and wire forms: integers as numbers, decimals as
/// strings (scale kept), dates as .NET round-trip text.
pub(crate) use crate::model::record_json;
