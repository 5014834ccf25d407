//! A bounded map of results kept per worker thread, for the work a repeated request would do
//! again: the answer cache ([`super::answer_cache`]) and the bind memo
//! ([`super::bind_memo`]). Each result is a pure function of its key, so a kept one is the
//! one that would be produced.
//!
//! One shard per worker thread ([`super::shard`]): a result is kept, and later freed, by the
//! thread that produced it. A shard holds at most [`Bounds::entries`] results and
//! [`Bounds::bytes`] of weight (what its user counts for a key and its result); a full shard
//! is emptied and fills again, so the cost of keeping is constant and no list of ages is
//! kept.

use super::shard::{locked, shard_count, this_shard};
use std::collections::HashMap;
use std::hash::Hash;
use std::sync::Mutex;

/// What a [`Kept`] keeps at most per shard.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Bounds {
    /// Results.
    pub(crate) entries: usize,
    /// Weight of keys and results, bytes.
    pub(crate) bytes: usize,
}

#[derive(Debug)]
struct Shard<K, V> {
    results: HashMap<K, (V, usize), foldhash::quality::RandomState>,
    bytes: usize,
    /// Counted under the shard's lock, taken anyway: no counter shared by every request.
    hits: u64,
    misses: u64,
}

impl<K, V> Default for Shard<K, V> {
    fn default() -> Self {
        Shard {
            results: HashMap::default(),
            bytes: 0,
            hits: 0,
            misses: 0,
        }
    }
}

/// Hits and misses since the server started.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct KeptStats {
    /// Results served from the map.
    pub(crate) hits: u64,
    /// Results produced.
    pub(crate) misses: u64,
    /// Results kept now.
    pub(crate) kept: usize,
    /// Shards (worker threads).
    pub(crate) shards: usize,
}

/// The map: a [`HashMap`] per shard.
#[derive(Debug)]
pub(crate) struct Kept<K, V> {
    shards: Box<[Mutex<Shard<K, V>>]>,
    bounds: Bounds,
}

impl<K: Hash + Eq, V: Clone> Kept<K, V> {
    /// A map with a shard per worker thread.
    pub(crate) fn new(bounds: Bounds) -> Kept<K, V> {
        Kept::with_shards(shard_count(), bounds)
    }

    pub(crate) fn with_shards(count: usize, bounds: Bounds) -> Kept<K, V> {
        Kept {
            shards: (0..count.max(1)).map(|_| Mutex::default()).collect(),
            bounds,
        }
    }

    /// The result kept for `key`, or the one `produce` gives, kept when `weigh` gives it a
    /// weight (`None`: not to be kept).
    pub(crate) fn get_or_insert(
        &self,
        key: K,
        produce: impl FnOnce() -> V,
        weigh: impl FnOnce(&K, &V) -> Option<usize>,
    ) -> V {
        let shard = &self.shards[this_shard(self.shards.len())];
        {
            let mut kept = locked(shard);
            if let Some((result, _)) = kept.results.get(&key) {
                let result = result.clone();
                kept.hits += 1;
                return result;
            }
            kept.misses += 1;
        }
        // Produced outside the lock, which is held only to look up and to insert.
        let result = produce();
        let Some(weight) = weigh(&key, &result).filter(|w| *w <= self.bounds.bytes) else {
            return result;
        };
        let mut kept = locked(shard);
        let full =
            kept.results.len() >= self.bounds.entries || kept.bytes + weight > self.bounds.bytes;
        let emptied = full.then(|| {
            kept.bytes = 0;
            std::mem::take(&mut kept.results)
        });
        kept.bytes += weight;
        if let Some((_, old)) = kept.results.insert(key, (result.clone(), weight)) {
            kept.bytes -= old;
        }
        drop(kept);
        // Freed outside the lock.
        drop(emptied);
        result
    }

    /// Hits, misses and results kept.
    pub(crate) fn stats(&self) -> KeptStats {
        let mut stats = KeptStats {
            shards: self.shards.len(),
            ..KeptStats::default()
        };
        for shard in &self.shards {
            let shard = locked(shard);
            stats.hits += shard.hits;
            stats.misses += shard.misses;
            stats.kept += shard.results.len();
        }
        stats
    }
}

#[cfg(test)]
mod tests {
    use super::{Bounds, Kept};

    const BOUNDS: Bounds = Bounds {
        entries: 4,
        bytes: 100,
    };

    /// What the map gives for `key`, and whether it ran the producer.
    fn ask(kept: &Kept<u32, String>, key: u32, value: &str) -> (String, bool) {
        let mut ran = false;
        let got = kept.get_or_insert(
            key,
            || {
                ran = true;
                value.to_owned()
            },
            |_, v| Some(v.len()),
        );
        (got, ran)
    }

    #[test]
    fn a_kept_result_is_given_again_and_counted_as_a_hit() {
        let kept = Kept::with_shards(1, BOUNDS);
        assert_eq!(ask(&kept, 1, "first"), ("first".to_owned(), true));
        assert_eq!(ask(&kept, 1, "second"), ("first".to_owned(), false));
        assert_eq!(ask(&kept, 2, "other"), ("other".to_owned(), true));
        let stats = kept.stats();
        assert_eq!((stats.hits, stats.misses, stats.kept), (1, 2, 2));
    }

    #[test]
    fn a_full_shard_starts_again_by_count_or_by_weight() {
        let kept = Kept::with_shards(1, BOUNDS);
        for key in 0..4 {
            ask(&kept, key, "x");
        }
        assert_eq!(kept.stats().kept, 4);
        ask(&kept, 4, "x");
        assert_eq!(kept.stats().kept, 1, "emptied by count");
        ask(&kept, 5, &"y".repeat(60));
        assert_eq!(kept.stats().kept, 2);
        ask(&kept, 6, &"z".repeat(60));
        assert_eq!(kept.stats().kept, 1, "emptied by weight");
        assert!(!ask(&kept, 6, "again").1);
    }

    #[test]
    fn a_result_weighed_as_not_to_keep_or_too_heavy_is_produced_each_time() {
        let kept: Kept<u32, String> = Kept::with_shards(1, BOUNDS);
        let never = |_: &u32, _: &String| None;
        assert_eq!(kept.get_or_insert(1, || "a".to_owned(), never), "a");
        assert_eq!(kept.get_or_insert(1, || "b".to_owned(), never), "b");
        let heavy = "h".repeat(BOUNDS.bytes + 1);
        assert!(ask(&kept, 2, &heavy).1);
        assert!(ask(&kept, 2, &heavy).1, "produced again");
        assert_eq!(kept.stats().kept, 0);
    }
}
