//! Where the reader is: its cursor over the text, lines, UTF-16 positions and the Json.NET
//! path of the container stack.

use super::{ColumnCache, Container, Frame, Lenient, Mark, Reader, State, Token};
use crate::codec::json::escape;

impl Reader<'_> {
    /// `Path`.
    pub(crate) fn path(&self) -> String {
        if self.current.kind == Container::None {
            return String::new();
        }
        let inside = !matches!(
            self.state,
            State::ArrayStart | State::ConstructorStart | State::ObjectStart
        );
        let mut out = String::new();
        for frame in &self.stack {
            write_frame(&mut out, frame);
        }
        if inside {
            write_frame(&mut out, &self.current);
        }
        out
    }

    /// `LineNumber`: 0 before anything was read at the very start, as Json.NET reports.
    pub(crate) fn line_number(&self) -> u32 {
        // `LinePosition` is 0 exactly when the cursor stands at the start of its line (every
        // character counts at least one UTF-16 unit), so no counting is needed here.
        if self.state == State::Start && self.pos == self.line_start && self.token != Token::Comment
        {
            return 0;
        }
        self.line
    }

    /// Remember where the reader stands, to report it later as [`Reader::mark_position`]
    /// does; nothing is counted until then (the happy path never reports).
    pub(crate) fn mark(&self) -> Mark {
        Mark {
            line: self.line_number(),
            line_start: self.line_start,
            pos: self.pos,
        }
    }

    /// The `(LineNumber, LinePosition)` the reader had when `mark` was taken. Counted from the
    /// last position asked for on the same line when there is one (forwards or backwards), so
    /// reporting one mark after another along a long line costs the distance between them, not
    /// the length of the line each time.
    pub(crate) fn mark_position(&self, mark: Mark) -> (u32, u32) {
        let cache = self.column.get();
        let units = if cache.line_start == mark.line_start && cache.byte >= mark.pos {
            cache
                .units
                .saturating_sub(utf16_units(self.text.get(mark.pos..cache.byte)))
        } else if cache.line_start == mark.line_start {
            cache
                .units
                .saturating_add(utf16_units(self.text.get(cache.byte..mark.pos)))
        } else {
            utf16_units(self.text.get(mark.line_start..mark.pos))
        };
        (mark.line, units)
    }

    /// `LinePosition`: UTF-16 units from the start of the line to the cursor.
    pub(crate) fn line_position(&self) -> u32 {
        let mut cache = self.column.get();
        if cache.line_start != self.line_start || cache.byte > self.pos {
            cache = ColumnCache {
                line_start: self.line_start,
                byte: self.line_start,
                units: 0,
            };
        }
        cache.units = cache
            .units
            .saturating_add(utf16_units(self.text.get(cache.byte..self.pos)));
        cache.byte = self.pos;
        self.column.set(cache);
        cache.units
    }

    /// The character at the cursor (`None` at the end of the body).
    pub(super) fn cur(&self) -> Option<char> {
        self.char_at(self.pos)
    }

    pub(super) fn char_at(&self, at: usize) -> Option<char> {
        let b = *self.bytes.get(at)?;
        if b < 0x80 {
            return Some(char::from(b));
        }
        self.text.get(at..).and_then(|s| s.chars().next())
    }

    /// The character `n` characters after the cursor.
    pub(super) fn peek(&self, n: usize) -> Option<char> {
        // Over ASCII (the usual case) the nth character is the nth byte.
        if let Some(run) = self.bytes.get(self.pos..=self.pos + n)
            && run.is_ascii()
        {
            return Some(char::from(run[n]));
        }
        self.text.get(self.pos..).and_then(|s| s.chars().nth(n))
    }

    /// `EnsureChars(n)`: whether the character `n` places after the cursor exists.
    pub(super) fn has(&self, n: usize) -> bool {
        self.peek(n).is_some()
    }

    pub(super) fn advance(&mut self) {
        if let Some(c) = self.cur() {
            self.pos += c.len_utf8();
        }
    }

    pub(super) fn advance_by(&mut self, chars: usize) {
        for _ in 0..chars {
            self.advance();
        }
    }

    pub(super) fn at_end(&self) -> bool {
        self.pos >= self.bytes.len()
    }

    pub(super) fn process_line_feed(&mut self) {
        self.pos += 1;
        self.on_new_line();
    }

    pub(super) fn process_carriage_return(&mut self) {
        self.pos += 1;
        if self.cur() == Some('\n') {
            self.pos += 1;
        }
        self.on_new_line();
    }

    pub(super) fn on_new_line(&mut self) {
        self.line = self.line.saturating_add(1);
        self.line_start = self.pos;
    }

    /// Skip a literal NUL, which Json.NET mistakes for its buffer sentinel and passes over.
    pub(super) fn skip_nul(&mut self) {
        let from = self.pos;
        self.pos += 1;
        self.note(Lenient::NulChar, from);
    }

    pub(super) fn eat_whitespace(&mut self) {
        while let Some(c) = self.cur() {
            match c {
                '\0' => self.skip_nul(),
                '\r' => self.process_carriage_return(),
                '\n' => self.process_line_feed(),
                c if c == ' ' || c.is_whitespace() => self.advance(),
                _ => return,
            }
        }
    }
}

/// UTF-16 code units of a slice (none when the range is not one).
fn utf16_units(slice: Option<&str>) -> u32 {
    let slice = slice.unwrap_or("");
    let units: usize = if slice.is_ascii() {
        slice.len()
    } else {
        slice.chars().map(char::len_utf16).sum()
    };
    u32::try_from(units).unwrap_or(u32::MAX)
}

/// `JsonPosition.WriteTo`.
fn write_frame(out: &mut String, frame: &Frame) {
    match frame.kind {
        Container::Object => {
            let name = frame.name.as_deref().unwrap_or("");
            if name.contains(PATH_SPECIAL) {
                out.push_str("['");
                escape_single_quoted(out, name);
                out.push_str("']");
            } else {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(name);
            }
        }
        Container::Array | Container::Constructor => {
            out.push('[');
            out.push_str(&frame.index.to_string());
            out.push(']');
        }
        Container::None => {}
    }
}

/// Characters that make Json.NET write a path segment as `['name']`.
const PATH_SPECIAL: &[char] = &[
    '.', ' ', '\'', '/', '"', '[', ']', '(', ')', '\t', '\n', '\r', '\u{c}', '\u{8}', '\\',
    '\u{85}', '\u{2028}', '\u{2029}',
];

/// Json.NET's escaping with `'` as the delimiter (used only inside bracketed path segments).
fn escape_single_quoted(out: &mut String, s: &str) {
    let mut buf = Vec::with_capacity(s.len() + 8);
    escape::escape_into(&mut buf, s, b'\'');
    out.push_str(&String::from_utf8_lossy(&buf));
}
