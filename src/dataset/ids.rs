//! Id bookkeeping for validation: a fast integer hash map and duplicate detection.

use super::error::{ProblemKind, Problems};
use std::collections::HashMap;
use std::collections::hash_map::Entry as Slot;
use std::hash::{BuildHasherDefault, Hasher};

/// A fast hasher for integer ids (fixture ids are not adversarial; SipHash would dominate the
/// validation of a million entries).
#[derive(Default)]
pub(crate) struct IdHasher(u64);

impl Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.write_u64(u64::from(b));
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(5) ^ n).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
    fn write_i16(&mut self, n: i16) {
        self.write_u64(n as u64);
    }
    fn write_i32(&mut self, n: i32) {
        self.write_u64(n as u64);
    }
    fn write_i64(&mut self, n: i64) {
        self.write_u64(n as u64);
    }
}

/// A map keyed by integer ids.
pub(crate) type IdMap<K, V> = HashMap<K, V, BuildHasherDefault<IdHasher>>;

pub(crate) fn id_map<K, V>(capacity: usize) -> IdMap<K, V> {
    IdMap::with_capacity_and_hasher(capacity, BuildHasherDefault::default())
}

/// Record where each id is first seen; report later ones as duplicates. Paths are only
/// rendered for a duplicate, so the happy path allocates nothing per record.
pub(crate) fn unique<K, L>(
    seen: &mut IdMap<K, L>,
    id: K,
    here: L,
    path: impl Fn(L) -> String,
    what: &str,
    file: &str,
    problems: &mut Problems,
) where
    K: std::hash::Hash + Eq + std::fmt::Display + Copy,
    L: Copy,
{
    match seen.entry(id) {
        Slot::Vacant(slot) => {
            slot.insert(here);
        }
        Slot::Occupied(first) => problems.add(
            file,
            path(here),
            ProblemKind::DuplicateId,
            format!("a unique {what}"),
            format!("{id}, already at {}", path(*first.get())),
        ),
    }
}
