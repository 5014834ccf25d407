//! Lines collected in one buffer and written to stderr in batches (see the parent module).

use std::io::Write as _;
use std::sync::{Mutex, MutexGuard, OnceLock};
use std::time::Duration;
use tracing::{Level, Metadata};
use tracing_subscriber::fmt::MakeWriter;

/// How long a line may wait in the buffer.
pub(crate) const LOG_FLUSH_INTERVAL: Duration = Duration::from_millis(50);
/// The buffer is written out once it holds this many bytes.
pub(crate) const LOG_BUFFER_BYTES: usize = 32 * 1024;

/// The lines not written yet (one buffer per process: stderr is one).
fn pending() -> &'static Mutex<Vec<u8>> {
    static PENDING: OnceLock<Mutex<Vec<u8>>> = OnceLock::new();
    PENDING.get_or_init(|| Mutex::new(Vec::with_capacity(LOG_BUFFER_BYTES)))
}

fn locked() -> MutexGuard<'static, Vec<u8>> {
    pending().lock().unwrap_or_else(|e| e.into_inner())
}

/// Write out what the buffer holds. A flush takes stderr's lock first, so batches go out in
/// order; the buffer's lock is held only to take the bytes, so a slow terminal holds up the
/// flushing thread, never a request.
fn flush() {
    let mut stderr = std::io::stderr().lock();
    let lines = {
        let mut buffer = locked();
        if buffer.is_empty() {
            return;
        }
        std::mem::replace(&mut *buffer, Vec::with_capacity(LOG_BUFFER_BYTES))
    };
    // A closed stderr loses the lines; there is nowhere to report it.
    let _ = stderr.write_all(&lines);
    let _ = stderr.flush();
}

/// The thread that writes the buffer out every [`LOG_FLUSH_INTERVAL`]; it sleeps in between
/// and ends with the process.
pub(super) fn start_flushing() {
    let _ = std::thread::Builder::new()
        .name("log-flush".to_owned())
        .spawn(|| {
            loop {
                std::thread::sleep(LOG_FLUSH_INTERVAL);
                flush();
            }
        });
}

/// Writes out the buffered lines when the command ends.
#[must_use = "the log is written out when the guard drops"]
pub(crate) struct LogGuard;

impl Drop for LogGuard {
    fn drop(&mut self) {
        flush();
    }
}

/// tracing's writer: lines into the buffer.
pub(super) struct Batched;

/// One event's line, added to the buffer whole when tracing is done writing it.
pub(super) struct Line {
    bytes: Vec<u8>,
    urgent: bool,
}

impl std::io::Write for Line {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.bytes.extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Drop for Line {
    fn drop(&mut self) {
        let full = {
            let mut buffer = locked();
            buffer.extend_from_slice(&self.bytes);
            buffer.len() >= LOG_BUFFER_BYTES
        };
        if full || self.urgent {
            flush();
        }
    }
}

impl<'a> MakeWriter<'a> for Batched {
    type Writer = Line;

    fn make_writer(&'a self) -> Line {
        Line {
            bytes: Vec::new(),
            urgent: true,
        }
    }

    fn make_writer_for(&'a self, meta: &Metadata<'_>) -> Line {
        Line {
            bytes: Vec::with_capacity(192),
            urgent: *meta.level() <= Level::WARN,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{Batched, locked};
    use std::io::Write as _;
    use tracing::{Level, Metadata};
    use tracing_subscriber::fmt::MakeWriter as _;

    struct Callsite;

    impl tracing::callsite::Callsite for Callsite {
        fn set_interest(&self, _: tracing::subscriber::Interest) {}
        fn metadata(&self) -> &Metadata<'_> {
            unreachable!("never registered")
        }
    }

    fn event(level: Level) -> Metadata<'static> {
        Metadata::new(
            "event",
            "log test",
            level,
            None,
            None,
            None,
            tracing::field::FieldSet::new(&[], tracing::callsite::Identifier(&Callsite)),
            tracing::metadata::Kind::EVENT,
        )
    }

    #[test]
    fn a_line_waits_in_the_buffer_whole_and_a_warning_goes_out_at_once() {
        // Nothing else in this binary logs through `Batched`, so the buffer is this test's.
        let before = locked().len();
        {
            let mut line = Batched.make_writer_for(&event(Level::INFO));
            line.write_all(b"first half, ").unwrap();
            assert_eq!(locked().len(), before, "nothing until the line is complete");
            line.write_all(b"second half\n").unwrap();
        }
        assert!(locked().ends_with(b"first half, second half\n"));
        {
            let mut line = Batched.make_writer_for(&event(Level::WARN));
            line.write_all(b"(the log's own unit test writes this line)\n")
                .unwrap();
        }
        assert!(locked().is_empty(), "a warning writes the buffer out");
    }
}
