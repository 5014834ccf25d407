//! One event as one line, laid out as tracing-subscriber's default formatter lays it out (time
//! stamp, level, message, `name=value` fields), with the same colours on a terminal.

use std::cell::RefCell;
use std::fmt::{self, Write as _};
use tracing::field::{Field, Visit};
use tracing::{Event, Level, Subscriber};
use tracing_subscriber::fmt::format::Writer;
use tracing_subscriber::fmt::{FmtContext, FormatEvent, FormatFields};
use tracing_subscriber::registry::LookupSpan;

const DIM: &str = "\x1b[2m";
const ITALIC: &str = "\x1b[3m";
const RESET: &str = "\x1b[0m";

/// The event formatter.
pub(super) struct Line;

impl<S, N> FormatEvent<S, N> for Line
where
    S: Subscriber + for<'a> LookupSpan<'a>,
    N: for<'a> FormatFields<'a> + 'static,
{
    fn format_event(
        &self,
        _ctx: &FmtContext<'_, S, N>,
        mut writer: Writer<'_>,
        event: &Event<'_>,
    ) -> fmt::Result {
        let ansi = writer.has_ansi_escapes();
        if ansi {
            writer.write_str(DIM)?;
        }
        write_time(&mut writer, chrono::Utc::now())?;
        if ansi {
            writer.write_str(RESET)?;
        }
        writer.write_char(' ')?;
        write_level(&mut writer, *event.metadata().level(), ansi)?;
        let mut fields = Fields {
            writer: &mut writer,
            ansi,
            result: Ok(()),
        };
        event.record(&mut fields);
        fields.result?;
        writer.write_char('\n')
    }
}

/// `2026-12-05T16:38:24.952286Z`: the part up to the second formatted once a second per
/// thread, the microseconds each time.
fn write_time(writer: &mut Writer<'_>, now: chrono::DateTime<chrono::Utc>) -> fmt::Result {
    thread_local! {
        static SECOND: RefCell<(i64, String)> = const { RefCell::new((i64::MIN, String::new())) };
    }
    SECOND.with(|second| {
        let mut second = second.borrow_mut();
        let seconds = now.timestamp();
        if second.0 != seconds {
            second.1.clear();
            let _ = write!(second.1, "{}", now.format("%Y-%m-%dT%H:%M:%S"));
            second.0 = seconds;
        }
        writer.write_str(&second.1)
    })?;
    let micros = now.timestamp_subsec_micros().min(999_999);
    let mut digits = itoa::Buffer::new();
    let text = digits.format(micros);
    writer.write_char('.')?;
    for _ in text.len()..6 {
        writer.write_char('0')?;
    }
    writer.write_str(text)?;
    writer.write_char('Z')
}

/// The level right-aligned in five columns, coloured as tracing colours it.
fn write_level(writer: &mut Writer<'_>, level: Level, ansi: bool) -> fmt::Result {
    let (text, colour) = match level {
        Level::TRACE => ("TRACE", "\x1b[35m"),
        Level::DEBUG => ("DEBUG", "\x1b[34m"),
        Level::INFO => (" INFO", "\x1b[32m"),
        Level::WARN => (" WARN", "\x1b[33m"),
        Level::ERROR => ("ERROR", "\x1b[31m"),
    };
    if ansi {
        writer.write_str(colour)?;
        writer.write_str(text)?;
        writer.write_str(RESET)
    } else {
        writer.write_str(text)
    }
}

/// Writes the message, then each field as ` name=value`.
struct Fields<'a, 'w> {
    writer: &'a mut Writer<'w>,
    ansi: bool,
    result: fmt::Result,
}

impl Fields<'_, '_> {
    fn name(&mut self, field: &Field) -> fmt::Result {
        self.writer.write_char(' ')?;
        if field.name() == "message" {
            return Ok(());
        }
        if self.ansi {
            write!(self.writer, "{ITALIC}{}{RESET}{DIM}={RESET}", field.name())
        } else {
            self.writer.write_str(field.name())?;
            self.writer.write_char('=')
        }
    }

    fn field(&mut self, field: &Field, value: impl FnOnce(&mut Escaping<'_, '_>) -> fmt::Result) {
        if self.result.is_err() {
            return;
        }
        self.result = self
            .name(field)
            .and_then(|()| value(&mut Escaping(self.writer)));
    }
}

impl Visit for Fields<'_, '_> {
    fn record_debug(&mut self, field: &Field, value: &dyn fmt::Debug) {
        self.field(field, |out| write!(out, "{value:?}"));
    }

    fn record_str(&mut self, field: &Field, value: &str) {
        if field.name() == "message" {
            self.field(field, |out| out.write_str(value));
        } else {
            self.field(field, |out| write!(out, "{value:?}"));
        }
    }

    fn record_u64(&mut self, field: &Field, value: u64) {
        self.field(field, |out| {
            out.write_str(itoa::Buffer::new().format(value))
        });
    }

    fn record_i64(&mut self, field: &Field, value: i64) {
        self.field(field, |out| {
            out.write_str(itoa::Buffer::new().format(value))
        });
    }

    fn record_bool(&mut self, field: &Field, value: bool) {
        self.field(field, |out| {
            out.write_str(if value { "true" } else { "false" })
        });
    }

    fn record_error(&mut self, field: &Field, value: &(dyn std::error::Error + 'static)) {
        self.field(field, |out| write!(out, "{value}"));
    }
}

/// Control characters written as `\u{1b}`, so no value can move the cursor or colour the
/// terminal (a request's path and headers reach the log).
struct Escaping<'a, 'w>(&'a mut Writer<'w>);

impl fmt::Write for Escaping<'_, '_> {
    fn write_str(&mut self, text: &str) -> fmt::Result {
        let mut rest = text;
        while let Some(at) = rest.find(|c: char| c.is_control()) {
            self.0.write_str(&rest[..at])?;
            let c = rest[at..].chars().next().unwrap_or_default();
            write!(self.0, "\\u{{{:x}}}", u32::from(c))?;
            rest = &rest[at + c.len_utf8()..];
        }
        self.0.write_str(rest)
    }
}

#[cfg(test)]
mod tests {
    use super::Line;
    use std::sync::{Arc, Mutex};
    use tracing_subscriber::fmt::MakeWriter;

    /// Lines written into a shared buffer.
    #[derive(Clone, Default)]
    struct Captured(Arc<Mutex<Vec<u8>>>);

    impl std::io::Write for Captured {
        fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(bytes);
            Ok(bytes.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    impl MakeWriter<'_> for Captured {
        type Writer = Captured;
        fn make_writer(&self) -> Captured {
            self.clone()
        }
    }

    /// The lines `log` writes through `Line` (or tracing-subscriber's default formatter),
    /// time stamps cut off.
    fn written(ours: bool, log: impl Fn()) -> String {
        let captured = Captured::default();
        let builder = tracing_subscriber::fmt()
            .with_writer(captured.clone())
            .with_ansi(false)
            .with_target(false);
        if ours {
            tracing::subscriber::with_default(builder.event_format(Line).finish(), &log);
        } else {
            tracing::subscriber::with_default(builder.finish(), &log);
        }
        let text = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
        text.lines()
            .map(|line| {
                line.split_once(' ')
                    .map_or(line, |(_, rest)| rest)
                    .to_owned()
                    + "\n"
            })
            .collect()
    }

    fn both(log: impl Fn()) -> (String, String) {
        (written(true, &log), written(false, &log))
    }

    #[test]
    fn a_line_reads_as_tracing_subscriber_writes_it() {
        let (ours, theirs) = both(|| {
            let path = "/api/client/ClientFavoriteDataInfo";
            tracing::info!(method = %"POST", path = %path, status = 200u16, ms = 0u64, "request");
            tracing::warn!(cut = 3usize, late = true, name = "x y", "drain timeout");
            tracing::error!("no fields");
        });
        assert_eq!(ours, theirs);
        assert!(
            ours.starts_with(" INFO request method=POST path=/api/client/"),
            "{ours}"
        );
    }

    #[test]
    fn control_characters_in_values_are_escaped() {
        let ours = written(true, || {
            tracing::info!(path = %"/a\x1b[31mred\nline", "request");
        });
        assert_eq!(ours, " INFO request path=/a\\u{1b}[31mred\\u{a}line\n");
    }

    #[test]
    fn the_time_stamp_has_microseconds_and_a_zone() {
        let captured = Captured::default();
        let subscriber = tracing_subscriber::fmt()
            .with_writer(captured.clone())
            .with_ansi(false)
            .event_format(Line)
            .finish();
        tracing::subscriber::with_default(subscriber, || tracing::info!("one"));
        let text = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
        let stamp = text.split(' ').next().unwrap();
        assert!(
            chrono::DateTime::parse_from_rfc3339(stamp).is_ok() && stamp.len() == 27,
            "{text}"
        );
    }
}
