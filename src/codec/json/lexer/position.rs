//! Where the reader is: its cursor over the text, lines, UTF-16 positions and the Json.NET
//! path of the container stack.

use super::{ColumnCache, Container, Frame, Lenient, Reader, State, Token};
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
        if self.state == State::Start && self.line_position() == 0 && self.token != Token::Comment {
            return 0;
        }
        self.line
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
        let slice = self.text.get(cache.byte..self.pos).unwrap_or("");
        let added: usize = slice.chars().map(char::len_utf16).sum();
        cache.units = cache
            .units
            .saturating_add(u32::try_from(added).unwrap_or(u32::MAX));
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
