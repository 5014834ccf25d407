//! Memory given back: the `serve` process asks glibc's allocator to serve large blocks (a
//! 1 MiB body, its decoded text, a journal read) from their own mappings and return them to
//! the system when freed. By default glibc raises that threshold to the size of the largest
//! block freed so far, after which such blocks come from the heap arenas of whichever threads
//! touched them and, interleaved with the journal's small strings, are never returned: 1,000
//! hostile 1 MiB requests left the mock 80 MiB larger than its dataset; with a fixed
//! threshold, 15 MiB (`cargo bench --bench hostile`).
//!
//! glibc reads the setting from the environment at start-up only, so the process executes
//! itself again (same PID, arguments and descriptors) with `MALLOC_MMAP_THRESHOLD_` set,
//! unless it is set already (a user's own value wins). Elsewhere, or if that fails, the mock
//! runs untuned.

/// Blocks of at least this many bytes get their own mapping, returned when freed.
pub(crate) const MMAP_THRESHOLD_BYTES: usize = 256 * 1024;

/// glibc's environment variable for the threshold.
const THRESHOLD_VAR: &str = "MALLOC_MMAP_THRESHOLD_";

/// Execute this binary again with the allocator tuned (returns only when it is not done).
pub(crate) fn tune_allocator() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        use std::os::unix::process::CommandExt;
        if std::env::var_os(THRESHOLD_VAR).is_some() {
            return;
        }
        let Ok(exe) = std::env::current_exe() else {
            return;
        };
        let mut args = std::env::args_os();
        let arg0 = args.next().unwrap_or_else(|| exe.clone().into_os_string());
        // `exec` returns only on failure (e.g. the binary was replaced on disk); go on untuned.
        let _failed = std::process::Command::new(&exe)
            .arg0(arg0)
            .args(args)
            .env(THRESHOLD_VAR, MMAP_THRESHOLD_BYTES.to_string())
            .exec();
    }
}
