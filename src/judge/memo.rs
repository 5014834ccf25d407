//! An exact memo of verdicts for live traffic, where the same exchange comes back again and
//! again (an end-to-end suite's fixtures, a frontend's polling): the findings of an exchange
//! whose bytes were judged before are those findings again, without judging them anew.
//!
//! Exact, not approximate: the key is every byte the rules can read — the request (method,
//! path, every header in order, body) and the response (status, every header but the
//! [`VOLATILE_RESPONSE_HEADERS`], which no rule reads, body). Judging is a pure function of
//! those and of the judge's setup (fixed when the judge is built), except for the time an
//! answer took, which only `hostile.timeout` reads: an answer slower than the judge's time
//! limit is never looked up nor kept. The typed response body is not kept (the proxy does not
//! read it): a verdict from the memo has `response: None`.
//!
//! Bounded: at most [`MEMO_ENTRIES`] entries and [`MEMO_BYTES`] bytes of keys, oldest out
//! first; an exchange whose key is above [`MAX_MEMO_KEY_BYTES`] is judged and not kept. The
//! key's hash is foldhash's, seeded at random per process: the standard library's SipHash took
//! some 5 µs per exchange over a key of 10 KB, most of a repeated exchange's cost. Traffic
//! that does not know the seed cannot aim at one bucket, and a collision costs only a byte
//! comparison within a bucket that never holds more than [`MEMO_ENTRIES`] keys.

use super::{Judge, Verdict};
use crate::checker::Finding;
use crate::codec::WireFormat;
use crate::exchange::{HttpRequest, HttpResponse, RequestBody};
use foldhash::quality::RandomState;
use std::collections::{HashMap, VecDeque};
use std::hash::{BuildHasher, Hasher};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

/// Verdicts kept at most.
pub(crate) const MEMO_ENTRIES: usize = 1024;

/// Bytes of keys (the exchanges' bytes) kept at most.
pub(crate) const MEMO_BYTES: usize = 16 * 1024 * 1024;

/// The largest exchange (its key's bytes) kept.
pub(crate) const MAX_MEMO_KEY_BYTES: usize = 64 * 1024;

/// Response headers left out of the key: they change from one answer to the next and no rule
/// reads them (a test holds the judge to that).
pub(crate) const VOLATILE_RESPONSE_HEADERS: &[&str] = &["date"];

/// What the memo keeps of a verdict.
#[derive(Clone)]
struct Kept {
    findings: Vec<Finding>,
    format: Option<WireFormat>,
}

/// An exchange's bytes and what was kept of its verdict.
type Entry = (Vec<u8>, Kept);

/// The verdicts by the keyed hash of their exchange's bytes (each bucket compares the bytes
/// themselves), and the hashes in order of arrival. A bucket's entries are in order of arrival
/// too, so the oldest entry of all is the first of its bucket: eviction needs no second
/// reference to the key.
#[derive(Default)]
struct Entries {
    map: HashMap<u64, Vec<Entry>>,
    order: VecDeque<u64>,
    /// Bytes held by the keys.
    bytes: usize,
}

impl Entries {
    /// The verdict kept for this exchange's bytes.
    fn get(&self, hash: u64, request: &HttpRequest, response: &HttpResponse) -> Option<&Kept> {
        let bucket = self.map.get(&hash)?;
        bucket
            .iter()
            .find(|(k, _)| is_key_of(k, request, response))
            .map(|(_, kept)| kept)
    }

    fn holds(&self, hash: u64, key: &[u8]) -> bool {
        self.map
            .get(&hash)
            .is_some_and(|bucket| bucket.iter().any(|(k, _)| **k == *key))
    }

    fn len(&self) -> usize {
        self.order.len()
    }

    fn evict_oldest(&mut self) {
        let Some(hash) = self.order.pop_front() else {
            return;
        };
        if let Some(bucket) = self.map.get_mut(&hash) {
            let (oldest, _) = bucket.remove(0);
            self.bytes -= oldest.capacity();
            if bucket.is_empty() {
                self.map.remove(&hash);
            }
        }
    }
}

/// What the memo did so far (`/__proxy/health`'s `memo`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
pub(crate) struct MemoStats {
    /// Exchanges whose findings came from the memo.
    pub(crate) hits: u64,
    /// Exchanges judged anew.
    pub(crate) judged: u64,
    /// Verdicts kept now.
    pub(crate) kept: usize,
}

/// Verdicts by the exact bytes of their exchange (see the module's documentation).
pub(crate) struct VerdictMemo {
    entries: Mutex<Entries>,
    capacity: usize,
    /// Exchanges answered from the memo.
    hits: AtomicU64,
    /// Exchanges judged anew (not in the memo, or not kept: too large, too slow).
    judged: AtomicU64,
    /// Keyed per memo, so traffic cannot be crafted to collide.
    hasher: RandomState,
}

impl VerdictMemo {
    /// A memo of at most `capacity` verdicts (0 keeps none).
    pub(crate) fn new(capacity: usize) -> VerdictMemo {
        VerdictMemo {
            entries: Mutex::new(Entries::default()),
            capacity: capacity.min(MEMO_ENTRIES),
            hits: AtomicU64::new(0),
            judged: AtomicU64::new(0),
            hasher: RandomState::default(),
        }
    }

    /// How often the memo answered, how often judging ran, and how many verdicts it keeps.
    pub(crate) fn stats(&self) -> MemoStats {
        MemoStats {
            hits: self.hits.load(Ordering::Relaxed),
            judged: self.judged.load(Ordering::Relaxed),
            kept: self.lock().len(),
        }
    }

    /// `judge.judge(request, response, elapsed)`, or the findings it gave the same bytes
    /// before.
    pub(crate) fn judge(
        &self,
        judge: &Judge,
        request: &HttpRequest,
        response: &HttpResponse,
        elapsed: Duration,
    ) -> Verdict {
        let timely = judge.time_limit.is_none_or(|limit| elapsed <= limit);
        let size = (self.capacity > 0 && timely)
            .then(|| key_size(request, response))
            .flatten();
        let Some(size) = size else {
            self.judged.fetch_add(1, Ordering::Relaxed);
            return judge.judge(request, response, elapsed);
        };
        let mut hashing = Hashing(self.hasher.build_hasher());
        write_key(request, response, &mut hashing);
        let hash = hashing.0.finish();
        if let Some(kept) = self.lock().get(hash, request, response) {
            self.hits.fetch_add(1, Ordering::Relaxed);
            return Verdict {
                findings: kept.findings.clone(),
                response: None,
                format: kept.format,
            };
        }
        self.judged.fetch_add(1, Ordering::Relaxed);
        let verdict = judge.judge(request, response, elapsed);
        let kept = Kept {
            findings: verdict.findings.clone(),
            format: verdict.format,
        };
        let mut key = Vec::with_capacity(size);
        write_key(request, response, &mut key);
        self.keep(hash, key, kept);
        verdict
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Entries> {
        // A panic while holding the lock leaves the map consistent (inserts are whole).
        self.entries
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    fn keep(&self, hash: u64, key: Vec<u8>, kept: Kept) {
        let mut entries = self.lock();
        // Judged meanwhile by another exchange of the same bytes.
        if entries.holds(hash, &key) {
            return;
        }
        while entries.len() > 0
            && (entries.len() >= self.capacity || entries.bytes + key.capacity() > MEMO_BYTES)
        {
            entries.evict_oldest();
        }
        entries.bytes += key.capacity();
        entries.order.push_back(hash);
        entries.map.entry(hash).or_default().push((key, kept));
    }
}

/// Where an exchange's key goes, piece by piece: into a buffer to keep, through the hasher, or
/// against a kept key. Walking the exchange for each, rather than building the key once,
/// spares a copy of its bytes (a large block, often several kilobytes) for every exchange the
/// memo already knows.
trait KeySink {
    fn put(&mut self, bytes: &[u8]);
}

impl KeySink for Vec<u8> {
    fn put(&mut self, bytes: &[u8]) {
        self.extend_from_slice(bytes);
    }
}

/// Feeds the memo's keyed hasher.
struct Hashing<H>(H);

impl<H: Hasher> KeySink for Hashing<H> {
    fn put(&mut self, bytes: &[u8]) {
        self.0.write(bytes);
    }
}

/// Compares with a kept key, as far as it agrees.
struct Comparing<'k> {
    rest: &'k [u8],
    equal: bool,
}

impl KeySink for Comparing<'_> {
    fn put(&mut self, bytes: &[u8]) {
        match self.rest.strip_prefix(bytes) {
            Some(rest) if self.equal => self.rest = rest,
            _ => self.equal = false,
        }
    }
}

/// Whether `key` is this exchange's key.
fn is_key_of(key: &[u8], request: &HttpRequest, response: &HttpResponse) -> bool {
    let mut comparing = Comparing {
        rest: key,
        equal: true,
    };
    write_key(request, response, &mut comparing);
    comparing.equal && comparing.rest.is_empty()
}

/// The size of the exchange's key, bytes; `None` when it is too large to keep or carries what
/// the key does not hold.
fn key_size(request: &HttpRequest, response: &HttpResponse) -> Option<usize> {
    if request.format.is_some() {
        return None;
    }
    let size = request.method.len()
        + request.path.len()
        + request.body.as_bytes().len()
        + response.body.len()
        + headers_len(&request.headers)
        + headers_len(&response.headers);
    (size <= MAX_MEMO_KEY_BYTES)
        .then(|| size + 8 * (2 * (request.headers.len() + response.headers.len()) + 8))
}

/// The exchange's bytes as one key, each piece length-prefixed so that no two exchanges share
/// one.
fn write_key(request: &HttpRequest, response: &HttpResponse, key: &mut impl KeySink) {
    piece(key, request.method.as_bytes());
    piece(key, request.path.as_bytes());
    count(key, request.headers.len());
    for (name, value) in &request.headers {
        piece(key, name.as_bytes());
        piece(key, value.as_bytes());
    }
    key.put(match request.body {
        RequestBody::Text(_) => b"t",
        RequestBody::Bytes(_) => b"b",
    });
    piece(key, request.body.as_bytes());
    key.put(&response.status.to_le_bytes());
    let kept = |name: &str| {
        !VOLATILE_RESPONSE_HEADERS
            .iter()
            .any(|v| name.eq_ignore_ascii_case(v))
    };
    count(
        key,
        response.headers.iter().filter(|(n, _)| kept(n)).count(),
    );
    for (name, value) in response.headers.iter().filter(|(n, _)| kept(n)) {
        piece(key, name.as_bytes());
        piece(key, value.as_bytes());
    }
    piece(key, &response.body);
}

fn headers_len(headers: &[(String, String)]) -> usize {
    headers.iter().map(|(n, v)| n.len() + v.len()).sum()
}

fn count(key: &mut impl KeySink, n: usize) {
    key.put(&(n as u64).to_le_bytes());
}

fn piece(key: &mut impl KeySink, bytes: &[u8]) {
    count(key, bytes.len());
    key.put(bytes);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::judge::JudgeSetup;

    fn exchange(body: &str, date: &str) -> (HttpRequest, HttpResponse) {
        let request = HttpRequest {
            method: "POST".into(),
            path: "/api/client/ClientFavoriteDataInfo".into(),
            headers: vec![
                ("Authorization".into(), "Bearer t".into()),
                ("Content-Type".into(), "application/json".into()),
            ],
            body: RequestBody::Text(r#"{"Client":1001}"#.into()),
            format: None,
        };
        let response = HttpResponse {
            status: 200,
            headers: vec![
                (
                    "Content-Type".into(),
                    "application/json; charset=utf-8".into(),
                ),
                ("Date".into(), date.into()),
            ],
            body: bytes::Bytes::copy_from_slice(body.as_bytes()),
        };
        (request, response)
    }

    const BROKEN: &str = r#"{"ErrorCode":0,"TotalRows":"x"}"#;

    #[test]
    fn a_kept_key_matches_its_exchange_and_no_other() {
        let (request, response) = exchange(BROKEN, "d1");
        let mut kept = Vec::new();
        write_key(&request, &response, &mut kept);
        assert!(key_size(&request, &response).is_some_and(|size| size >= kept.len()));
        // The same bytes but another `Date`, which the key leaves out.
        let (_, later) = exchange(BROKEN, "d2");
        assert!(is_key_of(&kept, &request, &later));
        // One byte more in the body, or one less at its end.
        let (_, longer) = exchange(&format!("{BROKEN} "), "d1");
        assert!(!is_key_of(&kept, &request, &longer));
        assert!(!is_key_of(&kept[..kept.len() - 1], &request, &response));
        let mut other = request.clone();
        other.headers[0].1.push('x');
        assert!(!is_key_of(&kept, &other, &response));
    }

    #[test]
    fn a_kept_verdict_has_the_findings_of_judging_anew() {
        let judge = Judge::new(JudgeSetup::default());
        let memo = VerdictMemo::new(4);
        let (request, response) = exchange(BROKEN, "Sat, 05 Dec 2026 10:00:00 GMT");
        let fresh = judge.judge(&request, &response, Duration::from_millis(1));
        assert!(!fresh.findings.is_empty());
        let first = memo.judge(&judge, &request, &response, Duration::from_millis(1));
        assert_eq!(first.findings, fresh.findings);
        assert_eq!(memo.lock().len(), 1);
        let again = memo.judge(&judge, &request, &response, Duration::from_millis(2));
        assert_eq!(again.findings, fresh.findings);
        assert_eq!(again.format, fresh.format);
        assert_eq!(memo.lock().len(), 1);
    }

    #[test]
    fn no_rule_reads_the_volatile_headers() {
        let judge = Judge::new(JudgeSetup::default());
        for body in [BROKEN, r#"{"ErrorCode":0}"#, "<x/>"] {
            let (request, a) = exchange(body, "Sat, 05 Dec 2026 10:00:00 GMT");
            let (_, mut b) = exchange(body, "not a date at all");
            b.headers.retain(|(n, _)| n != "Date");
            let (a, b) = (
                judge.judge(&request, &a, Duration::ZERO),
                judge.judge(&request, &b, Duration::ZERO),
            );
            assert_eq!(a.findings, b.findings);
        }
    }

    #[test]
    fn other_bytes_are_judged_anew_and_slow_answers_never_kept() {
        let judge = Judge::new(JudgeSetup {
            time_limit: Some(Duration::from_millis(100)),
            ..JudgeSetup::default()
        });
        let memo = VerdictMemo::new(2);
        let (request, response) = exchange(BROKEN, "d");
        let slow = memo.judge(&judge, &request, &response, Duration::from_secs(1));
        assert!(
            slow.findings
                .iter()
                .any(|f| f.rule.id() == "hostile.timeout")
        );
        assert_eq!(memo.lock().len(), 0);
        memo.judge(&judge, &request, &response, Duration::ZERO);
        let (_, fixed) = exchange(r#"{"ErrorCode":0}"#, "d");
        let other = memo.judge(&judge, &request, &fixed, Duration::ZERO);
        assert_eq!(
            other.findings,
            judge.judge(&request, &fixed, Duration::ZERO).findings
        );
        // A third exchange evicts the oldest: the memo stays within its capacity.
        let (_, third) = exchange("{}", "d");
        memo.judge(&judge, &request, &third, Duration::ZERO);
        assert_eq!(memo.lock().len(), 2);
        let held = |response: &HttpResponse| {
            let mut hashing = Hashing(memo.hasher.build_hasher());
            write_key(&request, response, &mut hashing);
            memo.lock()
                .get(hashing.0.finish(), &request, response)
                .is_some()
        };
        // The oldest went; the two newest stay, and the bytes counted are theirs.
        assert!(!held(&response));
        assert!(held(&fixed) && held(&third));
        let entries = memo.lock();
        let counted: usize = entries
            .map
            .values()
            .flatten()
            .map(|(k, _)| k.capacity())
            .sum();
        assert_eq!(entries.bytes, counted);
    }
}
