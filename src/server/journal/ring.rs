//! A ring of shared entries bounded in count and in bytes, numbered as they arrive: the
//! mock's journal and the proxy's. Entries are shared (`Arc`), so a reader holds the lock only
//! to copy pointers and renders outside it; evicted entries are freed outside the lock too.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex, MutexGuard};

/// A ring's size right now.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct RingStats {
    /// Entries kept.
    pub(crate) kept: usize,
    /// Sum of the kept entries' weights (estimated bytes).
    pub(crate) bytes: usize,
    /// Entries ever recorded (the newest number).
    pub(crate) total: u64,
    /// The last number a reset removed (0: never reset).
    pub(crate) cleared_through: u64,
}

/// At most `capacity` entries and `capacity_bytes` of weight; the oldest go first.
#[derive(Debug)]
pub(crate) struct BoundedRing<T> {
    capacity: usize,
    capacity_bytes: usize,
    inner: Mutex<Ring<T>>,
}

#[derive(Debug)]
struct Ring<T> {
    next_seq: u64,
    cleared_through: u64,
    bytes: usize,
    entries: VecDeque<(u64, Arc<T>, usize)>,
}

impl<T> BoundedRing<T> {
    pub(crate) fn new(capacity: usize, capacity_bytes: usize) -> BoundedRing<T> {
        BoundedRing {
            capacity,
            capacity_bytes,
            inner: Mutex::new(Ring {
                next_seq: 0,
                cleared_through: 0,
                bytes: 0,
                entries: VecDeque::new(),
            }),
        }
    }

    pub(crate) fn capacity(&self) -> usize {
        self.capacity
    }

    pub(crate) fn capacity_bytes(&self) -> usize {
        self.capacity_bytes
    }

    fn ring(&self) -> MutexGuard<'_, Ring<T>> {
        // A poisoned lock only means a panic elsewhere while pushing; the ring is still valid.
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Record `entry` weighing `weight` (computed by the caller before the lock), numbered
    /// here: `stamp` writes the number into it before it is shared. The oldest are evicted
    /// beyond either limit; the newest is always kept, even alone over the byte limit. O(1) per
    /// entry kept or evicted.
    pub(crate) fn push(&self, mut entry: T, weight: usize, stamp: impl FnOnce(&mut T, u64)) {
        if self.capacity == 0 {
            return;
        }
        let mut ring = self.ring();
        ring.next_seq += 1;
        let seq = ring.next_seq;
        stamp(&mut entry, seq);
        let mut evicted = Vec::new();
        while !ring.entries.is_empty()
            && (ring.entries.len() >= self.capacity || ring.bytes + weight > self.capacity_bytes)
        {
            if let Some((_, old, old_weight)) = ring.entries.pop_front() {
                ring.bytes -= old_weight;
                evicted.push(old);
            }
        }
        ring.bytes += weight;
        ring.entries.push_back((seq, Arc::new(entry), weight));
        drop(ring);
        drop(evicted);
    }

    /// Remove every entry; numbering goes on from where it was, so a view polling with
    /// `since` is not confused. Returns how many were removed.
    pub(crate) fn clear(&self) -> usize {
        let mut ring = self.ring();
        let removed = std::mem::take(&mut ring.entries);
        ring.bytes = 0;
        ring.cleared_through = ring.next_seq;
        drop(ring);
        removed.len()
    }

    /// Count, bytes and numbers now.
    pub(crate) fn stats(&self) -> RingStats {
        Ring::stats(&self.ring())
    }

    /// The kept entries numbered above `since` (oldest first) with their numbers, and the
    /// stats at the same moment.
    pub(crate) fn since(&self, since: u64) -> (Vec<(u64, Arc<T>)>, RingStats) {
        let ring = self.ring();
        let entries = ring
            .entries
            .iter()
            .filter(|(seq, _, _)| *seq > since)
            .map(|(seq, entry, _)| (*seq, Arc::clone(entry)))
            .collect();
        (entries, Ring::stats(&ring))
    }
}

impl<T> Ring<T> {
    fn stats(&self) -> RingStats {
        RingStats {
            kept: self.entries.len(),
            bytes: self.bytes,
            total: self.next_seq,
            cleared_through: self.cleared_through,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::BoundedRing;

    #[test]
    fn evicts_by_count_and_by_weight_and_keeps_the_newest() {
        let ring = BoundedRing::new(3, 10);
        for (value, weight) in [(1, 4), (2, 4), (3, 1), (4, 1)] {
            ring.push(value, weight, |_, _| {});
        }
        let (kept, stats) = ring.since(0);
        assert_eq!(
            kept.iter().map(|(s, v)| (*s, **v)).collect::<Vec<_>>(),
            [(2, 2), (3, 3), (4, 4)]
        );
        assert_eq!((stats.kept, stats.bytes, stats.total), (3, 6, 4));
        ring.push(5, 50, |_, _| {});
        let (kept, stats) = ring.since(0);
        assert_eq!(kept.len(), 1, "the newest stays alone over the byte limit");
        assert_eq!(stats.bytes, 50);
    }

    #[test]
    fn numbers_go_on_after_a_clear_and_since_filters_by_number() {
        let ring = BoundedRing::new(10, 100);
        let mut stamped = Vec::new();
        for value in 0..3 {
            ring.push(value, 1, |_, seq| stamped.push(seq));
        }
        assert_eq!(stamped, [1, 2, 3]);
        assert_eq!(ring.clear(), 3);
        ring.push(9, 1, |_, _| {});
        let (kept, stats) = ring.since(3);
        assert_eq!(kept.iter().map(|(s, _)| *s).collect::<Vec<_>>(), [4]);
        assert_eq!((stats.total, stats.cleared_through), (4, 3));
        assert!(ring.since(4).0.is_empty());
    }

    #[test]
    fn a_ring_of_no_entries_records_nothing() {
        let ring = BoundedRing::new(0, 100);
        ring.push(1, 1, |_, _| panic!("not numbered"));
        assert_eq!(ring.stats().total, 0);
    }
}
