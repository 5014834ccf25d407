//! Writing to stdout and stderr the way scripts need it.
//!
//! `favorite-contract schema xsd | head -1` closes the pipe after one line; `println!` would then
//! panic ("failed printing to stdout: Broken pipe", exit 101). Here a closed stdout ends the
//! output quietly: the reader has what it asked for, later writes are skipped, and the command
//! still ends with its normal exit code. Any other write failure (a full disk behind a
//! redirection) is an error. stderr is best effort: a message that cannot be shown is dropped.

use super::CliError;
use std::io::{self, IsTerminal, Write};
use std::sync::atomic::{AtomicBool, Ordering};

/// Set once stdout's reader has gone; every later write to stdout is skipped.
static STDOUT_CLOSED: AtomicBool = AtomicBool::new(false);

/// Write `text` to stdout and flush it. A closed pipe is not an error (see the module docs).
pub(crate) fn out(text: &str) -> Result<(), CliError> {
    if STDOUT_CLOSED.load(Ordering::Relaxed) {
        return Ok(());
    }
    let mut stdout = io::stdout().lock();
    match stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => {
            STDOUT_CLOSED.store(true, Ordering::Relaxed);
            Ok(())
        }
        Err(e) => Err(format!("cannot write to stdout: {e}").into()),
    }
}

/// [`out`] with a line end.
pub(crate) fn outln(text: &str) -> Result<(), CliError> {
    out(&format!("{text}\n"))
}

/// Write a line to stderr, dropping it if stderr is gone.
pub(crate) fn errln(text: &str) {
    let mut stderr = io::stderr().lock();
    // Nothing useful can be done when the error stream itself is closed.
    let _ = stderr
        .write_all(text.as_bytes())
        .and_then(|()| stderr.write_all(b"\n"))
        .and_then(|()| stderr.flush());
}

/// `--color`: when to colour human-readable output.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorChoice {
    /// Colour when the stream is a terminal, `NO_COLOR` is unset or empty and `TERM` is not
    /// `dumb`.
    #[default]
    Auto,
    /// Always colour, even into a pipe or file (the flag wins over `NO_COLOR`).
    Always,
    /// Never colour.
    Never,
}

/// Which output stream a decision is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Stream {
    Stdout,
    Stderr,
}

impl ColorChoice {
    /// Whether text written to `stream` is coloured, from the real environment.
    pub(crate) fn enabled(self, stream: Stream) -> bool {
        let terminal = match stream {
            Stream::Stdout => io::stdout().is_terminal(),
            Stream::Stderr => io::stderr().is_terminal(),
        };
        self.decide(
            terminal,
            std::env::var_os("NO_COLOR").as_deref(),
            std::env::var_os("TERM").as_deref(),
        )
    }

    /// The decision itself: `terminal` is whether the stream is a terminal; `no_color` and
    /// `term` are the environment variables (see <https://no-color.org>).
    pub(crate) fn decide(
        self,
        terminal: bool,
        no_color: Option<&std::ffi::OsStr>,
        term: Option<&std::ffi::OsStr>,
    ) -> bool {
        match self {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                terminal
                    && no_color.is_none_or(std::ffi::OsStr::is_empty)
                    && term.is_none_or(|t| t != "dumb")
            }
        }
    }
}

/// ANSI styles, applied only when colour is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Paint(pub(crate) bool);

impl Paint {
    fn wrap(self, code: &str, text: &str) -> String {
        if self.0 {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_owned()
        }
    }

    /// Bold red: failures.
    pub(crate) fn red(self, text: &str) -> String {
        self.wrap("1;31", text)
    }

    /// Green: success.
    pub(crate) fn green(self, text: &str) -> String {
        self.wrap("32", text)
    }

    /// Dim: secondary lines.
    pub(crate) fn dim(self, text: &str) -> String {
        self.wrap("2", text)
    }
}

#[cfg(test)]
mod tests {
    use super::ColorChoice;
    use std::ffi::OsStr;

    #[test]
    fn auto_colours_a_terminal_unless_no_color_or_a_dumb_terminal() {
        let auto = ColorChoice::Auto;
        assert!(auto.decide(true, None, Some(OsStr::new("xterm-256color"))));
        assert!(!auto.decide(false, None, None), "a pipe is never coloured");
        assert!(!auto.decide(true, Some(OsStr::new("1")), None));
        // An empty NO_COLOR is as good as unset (no-color.org).
        assert!(auto.decide(true, Some(OsStr::new("")), None));
        assert!(!auto.decide(true, None, Some(OsStr::new("dumb"))));
    }

    #[test]
    fn always_and_never_ignore_the_environment() {
        assert!(ColorChoice::Always.decide(false, Some(OsStr::new("1")), None));
        assert!(!ColorChoice::Never.decide(true, None, None));
    }
}
