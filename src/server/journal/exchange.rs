//! The headers and bodies of an exchange as the journal keeps them: copied once into compact,
//! exact-size buffers when the request is recorded (never the HTTP layer's read buffer, which
//! a kept slice would pin whole), credentials redacted then, and rendered as text only when
//! the journal is read.

use super::super::redact;
use super::entry::{BodyEncoding, RecordedBody};
use base64::Engine as _;
use bytes::Bytes;
use http::{HeaderMap, HeaderName, StatusCode, header};

/// How much of each request and response body a journal entry keeps, bytes. The entry
/// records the whole size and flags the cut; binding and answering always see the whole body.
pub const MAX_RECORDED_BODY_BYTES: usize = 16 * 1024;
/// How much of each request's and response's header lines a journal entry keeps, bytes
/// (`name: value` without the line ends); later lines are left out and flagged.
pub const MAX_RECORDED_HEADER_BYTES: usize = 8 * 1024;

/// Header lines in one exact-size buffer: `name:value\n` each (header names never contain
/// `:`, values never contain a line feed).
#[derive(Clone, Debug, Default)]
pub(crate) struct KeptHeaders {
    lines: Box<[u8]>,
    truncated: bool,
}

impl KeptHeaders {
    /// A request's headers, each credential value replaced whole by `<redacted>` and
    /// credential query parameters inside URL-like values (a `Referer`) redacted.
    pub(crate) fn request(headers: &HeaderMap) -> KeptHeaders {
        KeptHeaders::build(headers, None, true)
    }

    /// A response's headers as the mock set them, plus `Connection: close` when the answer
    /// closes the connection (the HTTP layer adds `Content-Length`; see [`KeptResponse`]).
    pub(crate) fn response(headers: &HeaderMap, closing: bool) -> KeptHeaders {
        let extra = closing.then_some((&header::CONNECTION, &b"close"[..]));
        KeptHeaders::build(headers, extra, false)
    }

    /// Header pairs as another part received them (the validation proxy's, names in the case
    /// they came in), every line kept and nothing redacted: the reader redacts when it renders.
    pub(crate) fn of_pairs(pairs: &[(String, String)]) -> KeptHeaders {
        let size = pairs.iter().map(|(n, v)| n.len() + v.len() + 2).sum();
        let mut lines = Vec::with_capacity(size);
        for (name, value) in pairs {
            push_line(&mut lines, name.as_bytes(), value.as_bytes());
        }
        KeptHeaders {
            lines: lines.into_boxed_slice(),
            truncated: false,
        }
    }

    fn build(
        headers: &HeaderMap,
        extra: Option<(&HeaderName, &[u8])>,
        redacting: bool,
    ) -> KeptHeaders {
        let estimate: usize = headers
            .iter()
            .map(|(name, value)| name.as_str().len() + value.len() + 2)
            .sum::<usize>()
            + extra.map_or(0, |(name, value)| name.as_str().len() + value.len() + 2);
        let mut lines = Vec::with_capacity(estimate.min(MAX_RECORDED_HEADER_BYTES + 64));
        let mut truncated = false;
        let pairs = headers
            .iter()
            .map(|(name, value)| (name, value.as_bytes()))
            .chain(extra);
        for (name, value) in pairs {
            let value = if redacting {
                redact::header_value(name, value)
            } else {
                std::borrow::Cow::Borrowed(value)
            };
            let line = name.as_str().len() + value.len() + 2;
            if lines.len() + line > MAX_RECORDED_HEADER_BYTES {
                truncated = true;
                break;
            }
            push_line(&mut lines, name.as_str().as_bytes(), &value);
        }
        KeptHeaders {
            lines: lines.into_boxed_slice(),
            truncated,
        }
    }

    /// Bytes held.
    pub(crate) fn weight(&self) -> usize {
        self.lines.len()
    }

    /// Whether lines were left out.
    pub(crate) fn truncated(&self) -> bool {
        self.truncated
    }

    /// `(name, value)` pairs; names title-cased when asked (as the mock writes them).
    pub(crate) fn render(&self, title_case: bool) -> Vec<(String, String)> {
        self.pairs()
            .map(|(name, value)| {
                let name = if title_case {
                    title(name)
                } else {
                    String::from_utf8_lossy(name).into_owned()
                };
                (name, String::from_utf8_lossy(value).into_owned())
            })
            .collect()
    }

    /// `(name, value)` in order, as kept.
    pub(crate) fn pairs(&self) -> impl Iterator<Item = (&[u8], &[u8])> {
        self.lines
            .split(|&b| b == b'\n')
            .filter(|line| !line.is_empty())
            .map(|line| {
                let colon = line.iter().position(|&b| b == b':').unwrap_or(line.len());
                (&line[..colon], line.get(colon + 1..).unwrap_or_default())
            })
    }

    /// The first value of a header, by lower-case name.
    pub(crate) fn get(&self, name: &str) -> Option<&[u8]> {
        self.pairs()
            .find(|(n, _)| n.eq_ignore_ascii_case(name.as_bytes()))
            .map(|(_, v)| v)
    }
}

/// One `name:value\n` line.
fn push_line(lines: &mut Vec<u8>, name: &[u8], value: &[u8]) {
    lines.extend_from_slice(name);
    lines.push(b':');
    lines.extend_from_slice(value);
    lines.push(b'\n');
}

/// `content-type` → `Content-Type`, as the HTTP layer writes names on the wire.
fn title(name: &[u8]) -> String {
    let mut out = String::with_capacity(name.len());
    let mut upper = true;
    for &b in name {
        let c = char::from(b);
        out.push(if upper { c.to_ascii_uppercase() } else { c });
        upper = b == b'-';
    }
    out
}

/// The first [`MAX_RECORDED_BODY_BYTES`] of a body and its whole size.
#[derive(Clone, Debug, Default)]
pub(crate) struct KeptBody {
    size: usize,
    bytes: Bytes,
    /// What the kept bytes take once rendered in the journal's JSON (see [`rendered_size`]).
    weight: usize,
}

/// An upper bound of what `bytes` take in the journal's JSON: a control character becomes a
/// six-byte `\u00XX` escape, a quote or backslash two bytes, and a body that is not text goes
/// out in base64 (4 bytes for 3). Counting this, not the bytes held, keeps the rendered journal
/// within its byte limit whatever the bodies hold.
fn rendered_size(bytes: &[u8]) -> usize {
    // Counted per chunk in byte-wide counters, a loop the compiler turns into vector
    // instructions. A chunk of 192 cannot overflow them and is a whole number of vectors, so
    // only the last chunk has a tail counted byte by byte (with chunks of 255, 31 bytes of
    // each were: 0.49 against 0.36 µs for an 8 KB answer).
    let mut extra = 0;
    for chunk in bytes.chunks(192) {
        let (mut controls, mut quoted) = (0u8, 0u8);
        for &b in chunk {
            controls += u8::from(b < 0x20);
            quoted += u8::from(b == b'"' || b == b'\\');
        }
        extra += 5 * usize::from(controls) + usize::from(quoted);
    }
    (bytes.len() + extra).max(bytes.len().div_ceil(3) * 4)
}

/// Bodies a worker recorded lately, with their rendered sizes: an answer from the answer
/// cache is the very same buffer each time, and counting an 8 KB answer's escapes again for
/// every request cost some 6,000 instructions of the 40,000 the mock spent on it.
#[derive(Default)]
struct RecentBodies {
    /// Each a clone that keeps its buffer alive, so no other buffer can take its address and
    /// pass for it.
    slots: [(Bytes, usize); RECENT_BODY_SLOTS],
    next: usize,
}

/// Bodies [`RecentBodies`] remembers per worker: a few answers served in turn.
const RECENT_BODY_SLOTS: usize = 8;

thread_local! {
    static RECENT_BODIES: std::cell::RefCell<RecentBodies> = std::cell::RefCell::default();
}

impl RecentBodies {
    /// [`rendered_size`] of `body`, counted once per buffer while it is remembered.
    fn rendered_size(&mut self, body: &Bytes) -> usize {
        // Empty bodies need no count, and all look alike.
        if body.is_empty() {
            return 0;
        }
        let same = |(kept, _): &&(Bytes, usize)| {
            kept.as_ptr() == body.as_ptr() && kept.len() == body.len()
        };
        if let Some((_, size)) = self.slots.iter().find(same) {
            return *size;
        }
        let size = rendered_size(body);
        self.slots[self.next] = (body.clone(), size);
        self.next = (self.next + 1) % RECENT_BODY_SLOTS;
        size
    }
}

impl KeptBody {
    /// A request body: the kept part is copied, so the entry never holds the buffer the HTTP
    /// layer read it into.
    pub(crate) fn copied(body: &[u8]) -> KeptBody {
        let kept = body.len().min(MAX_RECORDED_BODY_BYTES);
        KeptBody {
            size: body.len(),
            bytes: if kept == 0 {
                Bytes::new()
            } else {
                Bytes::copy_from_slice(&body[..kept])
            },
            weight: rendered_size(&body[..kept]),
        }
    }

    /// A response body the mock built: shared when it fits (an exact-size buffer, or a
    /// constant), copied in part when it does not.
    pub(crate) fn shared(body: &Bytes) -> KeptBody {
        if body.len() <= MAX_RECORDED_BODY_BYTES {
            KeptBody {
                size: body.len(),
                bytes: body.clone(),
                weight: RECENT_BODIES.with_borrow_mut(|recent| recent.rendered_size(body)),
            }
        } else {
            KeptBody::copied(body)
        }
    }

    /// Bytes it takes in the journal: the rendered size, which is at least the bytes held.
    pub(crate) fn weight(&self) -> usize {
        self.weight
    }

    /// The whole body's size.
    pub(crate) fn size(&self) -> usize {
        self.size
    }

    /// The body as the journal shows it, decoded in the charset of `content_type`.
    pub(crate) fn render(&self, content_type: Option<&[u8]>) -> RecordedBody {
        let truncated = self.bytes.len() < self.size;
        let (encoding, text) = decode(&self.bytes, truncated, content_type);
        RecordedBody {
            size: self.size,
            truncated,
            encoding,
            text,
        }
    }
}

/// Text when the kept bytes are text in their declared charset (a character cut by the cap
/// at the end is dropped), base64 otherwise.
fn decode(bytes: &[u8], truncated: bool, content_type: Option<&[u8]>) -> (BodyEncoding, String) {
    let charset = content_type
        .map(|ct| String::from_utf8_lossy(ct).to_ascii_lowercase())
        .and_then(|ct| {
            ct.split(';')
                .skip(1)
                .filter_map(|p| p.split_once('='))
                .find(|(k, _)| k.trim() == "charset")
                .map(|(_, v)| v.trim().trim_matches('"').to_owned())
        });
    let utf16 = match charset.as_deref() {
        Some("utf-16" | "utf-16le" | "unicode") => Some(false),
        Some("utf-16be" | "unicodefffe") => Some(true),
        _ => None,
    };
    if let Some(big_endian) = utf16 {
        let units = bytes.chunks_exact(2).map(|pair| {
            let pair = [pair[0], pair[1]];
            if big_endian {
                u16::from_be_bytes(pair)
            } else {
                u16::from_le_bytes(pair)
            }
        });
        let mut text = String::with_capacity(bytes.len() / 2);
        let mut ok = true;
        for unit in char::decode_utf16(units) {
            match unit {
                Ok(c) => text.push(c),
                Err(_) if truncated => break,
                Err(_) => {
                    ok = false;
                    break;
                }
            }
        }
        if ok {
            return (
                BodyEncoding::Utf16,
                text.trim_start_matches('\u{feff}').to_owned(),
            );
        }
    } else {
        match std::str::from_utf8(bytes) {
            Ok(text) => return (BodyEncoding::Utf8, text.to_owned()),
            // A character cut by the cap: keep what precedes it.
            Err(err) if truncated && err.error_len().is_none() => {
                let text = String::from_utf8_lossy(&bytes[..err.valid_up_to()]).into_owned();
                return (BodyEncoding::Utf8, text);
            }
            Err(_) => {}
        }
    }
    (
        BodyEncoding::Base64,
        base64::engine::general_purpose::STANDARD.encode(bytes),
    )
}

/// A response as the journal keeps it.
#[derive(Clone, Debug)]
pub(crate) struct KeptResponse {
    pub(crate) status: StatusCode,
    pub(crate) headers: KeptHeaders,
    pub(crate) body: KeptBody,
}

impl KeptResponse {
    /// Bytes held.
    pub(crate) fn weight(&self) -> usize {
        self.headers.weight() + self.body.weight()
    }

    /// The status line as written.
    pub(crate) fn status_line(&self) -> String {
        format!(
            "HTTP/1.1 {} {}",
            self.status.as_u16(),
            self.status.canonical_reason().unwrap_or("")
        )
    }

    /// The header lines as written, `Content-Length` added where the HTTP layer adds it.
    pub(crate) fn render_headers(&self) -> Vec<(String, String)> {
        let mut headers = self.headers.render(true);
        let bodiless = self.status.is_informational()
            || self.status == StatusCode::NO_CONTENT
            || self.status == StatusCode::NOT_MODIFIED;
        if !bodiless && self.headers.get("content-length").is_none() {
            headers.push(("Content-Length".to_owned(), self.body.size().to_string()));
        }
        headers
    }
}

#[cfg(test)]
mod tests {
    use super::{RECENT_BODY_SLOTS, RecentBodies, rendered_size};
    use bytes::Bytes;

    /// The rule written byte by byte.
    fn plain(bytes: &[u8]) -> usize {
        let escaped: usize = bytes
            .iter()
            .map(|&b| match b {
                b'"' | b'\\' => 2,
                0..0x20 => 6,
                _ => 1,
            })
            .sum();
        escaped.max(bytes.len().div_ceil(3) * 4)
    }

    #[test]
    fn the_counted_size_is_the_byte_by_byte_rule_across_chunk_borders() {
        let quotes = vec![b'"'; 1000];
        let controls = vec![0x01; 600];
        let mixed: Vec<u8> = (0..3000u32).map(|i| (i * 7 % 256) as u8).collect();
        let text = br#"{"Name":"a\"b","Id":1}"#.repeat(90);
        for body in [&b""[..], b"x", &quotes, &controls, &mixed, &text] {
            for cut in [0, 1, 254, 255, 256, 511, body.len()] {
                let part = &body[..cut.min(body.len())];
                assert_eq!(rendered_size(part), plain(part), "{} bytes", part.len());
            }
        }
    }

    #[test]
    fn a_remembered_buffer_keeps_its_count_and_another_of_its_length_gets_its_own() {
        let mut recent = RecentBodies::default();
        let quoted = Bytes::from(vec![b'"'; 64]);
        assert_eq!(recent.rendered_size(&quoted), 128);
        assert_eq!(recent.rendered_size(&quoted.clone()), 128);
        // Same length, other bytes, while the first is remembered (and so still allocated).
        drop(quoted);
        let plain_text = Bytes::from(vec![b'a'; 64]);
        assert_eq!(recent.rendered_size(&plain_text), 88, "the base64 bound");
        // A part of a remembered buffer starts at its address but is shorter.
        assert_eq!(recent.rendered_size(&plain_text.slice(..10)), 16);
        // Older buffers give way; each is counted again, correctly.
        let controls: Vec<Bytes> = (0..=RECENT_BODY_SLOTS)
            .map(|i| Bytes::from(vec![0x01; i + 1]))
            .collect();
        for round in 0..2 {
            for body in &controls {
                let size = body.len() * 6;
                assert_eq!(recent.rendered_size(body), size, "round {round}");
            }
        }
        assert_eq!(recent.rendered_size(&Bytes::new()), 0);
    }
}
