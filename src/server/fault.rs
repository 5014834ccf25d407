//! Faults: answers broken on purpose, so a frontend can be tried against a network that
//! misbehaves (`X-Mock-Fault`, `--fault`, or an override). Every fault is bounded: garbage is a
//! few dozen bytes, a reset comes [`RESET_AFTER`] after half the body, and a dribble takes at
//! most [`DRIBBLE_CHUNKS`] × [`DRIBBLE_INTERVAL`] whatever the body's size.
//!
//! | value | what the client gets |
//! |---|---|
//! | `garbage` | [`GARBAGE`] instead of an HTTP response, then the connection closes |
//! | `reset` | the status line, headers (with the full `Content-Length`) and half the body, then a TCP reset |
//! | `dribble` | the whole answer, its body in [`DRIBBLE_CHUNKS`] pieces [`DRIBBLE_INTERVAL`] apart |

use super::scenario::ScenarioError;
use serde::Serialize;
use std::time::Duration;

/// Per-request fault: `garbage`, `reset` or `dribble` (`none` = none).
pub const FAULT_HEADER: &str = "x-mock-fault";

/// What `garbage` sends instead of an HTTP response: bytes no HTTP client can parse as a status
/// line (a NUL, a TLS-like record header, text), ending without a line break.
pub const GARBAGE: &[u8] =
    b"\x00\xff\xfe\x15\x03\x01\x00\x02\x02\x28 X-Mock-Fault: garbage, not HTTP";

/// How long after half the body a `reset` resets the connection (time for those bytes to
/// leave).
pub const RESET_AFTER: Duration = Duration::from_millis(100);

/// How many pieces a `dribble` cuts the body into.
pub const DRIBBLE_CHUNKS: usize = 10;

/// The pause before each piece of a `dribble` (so a whole dribble takes at most
/// 10 × 200 ms = 2 s).
pub const DRIBBLE_INTERVAL: Duration = Duration::from_millis(200);

/// A way to break an answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Fault {
    /// Bytes that are not HTTP, then close.
    Garbage,
    /// Half the body, then a TCP reset.
    Reset,
    /// The body trickled in pieces.
    Dribble,
}

impl Fault {
    /// The value's name.
    pub fn name(self) -> &'static str {
        match self {
            Fault::Garbage => "garbage",
            Fault::Reset => "reset",
            Fault::Dribble => "dribble",
        }
    }
}

/// Parse a fault: `garbage`, `reset`, `dribble`; `none` means none.
pub(crate) fn parse_fault(value: &str, setting: &str) -> Result<Option<Fault>, ScenarioError> {
    match value.trim().to_ascii_lowercase().as_str() {
        "garbage" => Ok(Some(Fault::Garbage)),
        "reset" => Ok(Some(Fault::Reset)),
        "dribble" => Ok(Some(Fault::Dribble)),
        "none" => Ok(None),
        _ => Err(ScenarioError {
            setting: setting.to_owned(),
            expected: "garbage, reset, dribble or none".to_owned(),
            found: value.to_owned(),
        }),
    }
}
