//! A ring of shared entries bounded in count and in bytes, numbered as they arrive: the
//! mock's journal and the proxy's. Entries are shared (`Arc`), so a reader holds the lock only
//! to copy pointers and renders outside it; evicted entries are freed outside the lock too.
//!
//! The ring is kept in shards, one per worker thread ([`super::super::shard`]): a request's
//! entry is pushed, and later evicted, by the thread that built it (one shared ring cost the
//! load bench about 15% of the mock's CPU in evictions and glibc's arena locks). Each shard keeps its newest entries within the whole limits, and a read lists
//! the newest entries within the limits over all shards (each shard holds its part of that
//! run: an entry it evicted did not fit with newer ones, so nothing older fits either). Memory
//! is therefore bounded by the limits times the number of shards.

use super::super::shard::{locked, shard_count, this_shard};
use std::collections::VecDeque;
use std::sync::atomic::{AtomicU64, Ordering};
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
    /// The newest number given. Taken under a shard's lock, so a reset (which holds every
    /// shard's) sees each number given before it in a shard.
    next_seq: AtomicU64,
    /// The last number a reset removed.
    cleared_through: AtomicU64,
    shards: Box<[Mutex<Shard<T>>]>,
}

#[derive(Debug)]
struct Shard<T> {
    bytes: usize,
    entries: VecDeque<(u64, Arc<T>, usize)>,
}

impl<T> BoundedRing<T> {
    /// An empty ring keeping at most `capacity` entries and `capacity_bytes` of weight.
    pub(crate) fn new(capacity: usize, capacity_bytes: usize) -> BoundedRing<T> {
        BoundedRing::with_shards(capacity, capacity_bytes, shard_count())
    }

    fn with_shards(capacity: usize, capacity_bytes: usize, shards: usize) -> BoundedRing<T> {
        BoundedRing {
            capacity,
            capacity_bytes,
            next_seq: AtomicU64::new(0),
            cleared_through: AtomicU64::new(0),
            shards: (0..shards.max(1))
                .map(|_| {
                    Mutex::new(Shard {
                        bytes: 0,
                        entries: VecDeque::new(),
                    })
                })
                .collect(),
        }
    }

    /// The count limit.
    pub(crate) fn capacity(&self) -> usize {
        self.capacity
    }

    /// The weight limit.
    pub(crate) fn capacity_bytes(&self) -> usize {
        self.capacity_bytes
    }

    /// Number and keep an entry; `stamp` writes the number into it. The oldest of this
    /// thread's shard are evicted beyond either limit; the newest is always kept.
    pub(crate) fn push(&self, entry: T, weight: usize, stamp: impl FnOnce(&mut T, u64)) {
        self.push_in(this_shard(self.shards.len()), entry, weight, stamp);
    }

    fn push_in(&self, shard: usize, mut entry: T, weight: usize, stamp: impl FnOnce(&mut T, u64)) {
        if self.capacity == 0 {
            return;
        }
        let mut shard = locked(&self.shards[shard % self.shards.len()]);
        let seq = self.next_seq.fetch_add(1, Ordering::SeqCst) + 1;
        stamp(&mut entry, seq);
        // Freed outside the lock. Usually one entry gives way, kept without allocating a list.
        let (mut first, mut more) = (None, Vec::new());
        while !shard.entries.is_empty()
            && (shard.entries.len() >= self.capacity || shard.bytes + weight > self.capacity_bytes)
        {
            if let Some((_, old, old_weight)) = shard.entries.pop_front() {
                shard.bytes -= old_weight;
                match first {
                    None => first = Some(old),
                    Some(_) => more.push(old),
                }
            }
        }
        shard.bytes += weight;
        shard.entries.push_back((seq, Arc::new(entry), weight));
        drop(shard);
        drop((first, more));
    }

    /// Remove every entry; numbers go on. Returns how many a read would have listed.
    pub(crate) fn clear(&self) -> usize {
        let mut shards: Vec<_> = self.shards.iter().map(locked).collect();
        let listed = self.kept(&shards, 0).0.len();
        let removed: Vec<_> = shards
            .iter_mut()
            .map(|shard| {
                shard.bytes = 0;
                std::mem::take(&mut shard.entries)
            })
            .collect();
        self.cleared_through
            .store(self.next_seq.load(Ordering::SeqCst), Ordering::SeqCst);
        drop(shards);
        drop(removed);
        listed
    }

    /// Count, weight and numbers now.
    pub(crate) fn stats(&self) -> RingStats {
        self.since(0).1
    }

    /// The kept entries numbered above `since`, oldest first, and the stats.
    pub(crate) fn since(&self, since: u64) -> (Vec<(u64, Arc<T>)>, RingStats) {
        let shards: Vec<_> = self.shards.iter().map(locked).collect();
        let (kept, bytes) = self.kept(&shards, since);
        let stats = RingStats {
            kept: kept.len(),
            bytes,
            total: self.next_seq.load(Ordering::SeqCst),
            cleared_through: self.cleared_through.load(Ordering::SeqCst),
        };
        (kept, stats)
    }

    /// The newest entries within both limits (the newest always), oldest first, with their
    /// weight; those numbered `since` or below are left out of the
    /// list but count towards the limits.
    fn kept(&self, shards: &[MutexGuard<'_, Shard<T>>], since: u64) -> (Vec<(u64, Arc<T>)>, usize) {
        let mut all: Vec<&(u64, Arc<T>, usize)> = shards
            .iter()
            .flat_map(|shard| shard.entries.iter())
            .collect();
        all.sort_unstable_by_key(|(seq, _, _)| std::cmp::Reverse(*seq));
        let (mut count, mut bytes) = (0, 0);
        let mut kept = Vec::new();
        let mut previous = None;
        for (seq, entry, weight) in all {
            // A number missing below the newest was evicted from its shard (it did not fit
            // with newer entries) or reset: nothing older is listed.
            let gap = previous.is_some_and(|p| p != seq + 1);
            if gap || count > 0 && (count >= self.capacity || bytes + weight > self.capacity_bytes)
            {
                break;
            }
            previous = Some(*seq);
            count += 1;
            bytes += weight;
            if *seq > since {
                kept.push((*seq, Arc::clone(entry)));
            }
        }
        kept.reverse();
        (kept, bytes)
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

    #[test]
    fn shards_together_list_the_newest_entries_within_the_limits() {
        // Weights and shards chosen so that each limit decides somewhere.
        let pushes = [
            (0, 4),
            (1, 1),
            (1, 1),
            (0, 2),
            (1, 5),
            (0, 1),
            (0, 1),
            (1, 3),
        ];
        for (capacity, bytes) in [(3, 100), (10, 7), (4, 6), (1, 1)] {
            let one = BoundedRing::with_shards(capacity, bytes, 1);
            let two = BoundedRing::with_shards(capacity, bytes, 2);
            for (value, (shard, weight)) in pushes.into_iter().enumerate() {
                one.push_in(0, value, weight, |_, _| {});
                two.push_in(shard, value, weight, |_, _| {});
                // The model: walk back from the newest while both limits hold (the newest
                // always listed).
                let mut expected = Vec::new();
                let mut total = 0;
                for (old, (_, w)) in pushes[..=value].iter().enumerate().rev() {
                    if !expected.is_empty() && (expected.len() >= capacity || total + w > bytes) {
                        break;
                    }
                    total += w;
                    expected.insert(0, (old as u64 + 1, old));
                }
                for ring in [&one, &two] {
                    let (kept, stats) = ring.since(0);
                    let kept: Vec<_> = kept.iter().map(|(seq, v)| (*seq, **v)).collect();
                    assert_eq!(kept, expected, "limits {capacity}/{bytes}");
                    assert_eq!((stats.kept, stats.bytes), (expected.len(), total));
                }
            }
            assert_eq!(one.clear(), two.clear());
            assert_eq!(one.stats(), two.stats());
        }
    }
}
