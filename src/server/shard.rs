//! Per-thread shards for state every request touches (the journal, the answer cache): a
//! request's data is kept and later freed by the thread that built it. glibc's allocator
//! serialises a free of memory another thread allocated on that thread's arena lock, and one
//! shared structure made every other free such a one.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, MutexGuard};

/// Shards: one per core, the number of tokio's worker threads.
pub(crate) fn shard_count() -> usize {
    std::thread::available_parallelism().map_or(1, std::num::NonZero::get)
}

/// This thread's shard among `count`: threads take numbers in the order they first ask.
pub(crate) fn this_shard(count: usize) -> usize {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    thread_local! {
        static INDEX: usize = NEXT.fetch_add(1, Ordering::Relaxed);
    }
    INDEX.with(|index| index % count.max(1))
}

/// A shard's lock. A panic while holding one leaves the shard whole (every change under it is
/// a single insert or removal), so a poisoned lock is used as it is.
pub(crate) fn locked<S>(mutex: &Mutex<S>) -> MutexGuard<'_, S> {
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}
