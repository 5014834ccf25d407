//! Quoted strings (escapes, surrogates) and property names, quoted or not.

use super::typed::ReadType;
use super::{Fault, FaultKind, Lenient, Reader, Token, Val};
use crate::codec::datetime::{Strict, Thrown, strict_date};

/// `'\u{FFFD}'`, what Json.NET puts in place of an unpaired surrogate escape.
const REPLACEMENT: char = '\u{FFFD}';

impl Reader<'_> {
    /// `ParseString(quote, readType)`: read a quoted string and set the token `readType` asks
    /// for. Returns the string, except for `ReadAsString`, whose token value takes it (the
    /// return is then empty; no caller needs it twice).
    pub(super) fn parse_string(
        &mut self,
        quote: char,
        read_type: ReadType,
    ) -> Result<String, Fault> {
        let open = self.pos;
        self.pos += 1;
        let text = self.read_string_into_buffer(quote)?;
        if quote == '\'' {
            self.note(Lenient::SingleQuotes, open);
        }
        self.set_post_value_state(true);
        match read_type {
            ReadType::ReadAsString => {
                self.set_token(Token::String, Val::Str(text), false)?;
                return Ok(String::new());
            }
            ReadType::ReadAsInt32 | ReadType::ReadAsDecimal | ReadType::ReadAsBoolean => {}
            ReadType::Read | ReadType::ReadAsInt64 | ReadType::ReadAsDateTime => {
                let date = strict_date(&text, self.clock, self.version);
                // Remembered for `known_strict`, when the body holds the text verbatim.
                self.strict_hint = self
                    .plain_string
                    .clone()
                    .map(|content| (content, matches!(date, Strict::Date(_))));
                match date {
                    Strict::Date(date) => self.set_token(Token::Date, Val::Date(date), false)?,
                    Strict::NotDate => {
                        self.set_token(Token::String, Val::Str(text.clone()), false)?;
                    }
                    // A .NET exception from inside the date attempt: the reader is past the
                    // string (PostValue) but its token is still the one before.
                    Strict::Throws(thrown) => {
                        let kind = match thrown {
                            Thrown::TicksOutOfRange => FaultKind::OutOfRange,
                            Thrown::IndexOutOfRange | Thrown::Format => FaultKind::NotA,
                        };
                        let mut fault = self.fault_at_value(kind, thrown.message());
                        fault.text = fault.message.clone();
                        return Err(fault);
                    }
                }
            }
        }
        Ok(text)
    }

    /// `ReadStringIntoBuffer`: from after the opening quote to after the closing one.
    fn read_string_into_buffer(&mut self, quote: char) -> Result<String, Fault> {
        // Fast path: the plain run up to the first byte the loop below treats specially (the
        // quote, `\`, a line break or another control character) is copied in one go. Bytes of
        // multi-byte characters are all >= 0x80, so none of them stops the run early.
        let rest = self.bytes.get(self.pos..).unwrap_or(&[]);
        let run = rest
            .iter()
            .position(|&b| b == quote as u8 || b == b'\\' || b < b' ')
            .unwrap_or(rest.len());
        let plain = self.text.get(self.pos..self.pos + run).unwrap_or("");
        if rest.get(run) == Some(&(quote as u8)) {
            self.plain_string = Some(self.pos..self.pos + run);
            self.pos += run + 1;
            return Ok(plain.to_owned());
        }
        self.plain_string = None;
        let mut out = String::with_capacity(run + 16);
        out.push_str(plain);
        self.pos += run;
        let mut noted_control = false;
        loop {
            let Some(c) = self.cur() else {
                return Err(self.fault_at_value(
                    FaultKind::End,
                    format!("Unterminated string. Expected delimiter: {quote}."),
                ));
            };
            match c {
                '\\' => {
                    self.pos += 1;
                    let Some(escape) = self.cur() else {
                        return Err(self.fault_at_value(
                            FaultKind::End,
                            format!("Unterminated string. Expected delimiter: {quote}."),
                        ));
                    };
                    self.advance();
                    match escape {
                        'b' => out.push('\u{8}'),
                        't' => out.push('\t'),
                        'n' => out.push('\n'),
                        'f' => out.push('\u{c}'),
                        'r' => out.push('\r'),
                        '\\' | '"' | '/' => out.push(escape),
                        '\'' => {
                            out.push('\'');
                            self.note(Lenient::EscapedApostrophe, self.pos - 2);
                        }
                        'u' => self.read_unicode_escape(&mut out)?,
                        other => {
                            let mut fault = self.fault(
                                FaultKind::Syntax,
                                format!("Bad JSON escape sequence: \\{other}."),
                            );
                            fault.found = Some(format!("\\{other}"));
                            return Err(fault);
                        }
                    }
                }
                '\r' => {
                    self.process_carriage_return();
                    out.push('\r');
                    if self.bytes.get(self.pos.wrapping_sub(1)) == Some(&b'\n') {
                        out.push('\n');
                    }
                }
                '\n' => {
                    self.process_line_feed();
                    out.push('\n');
                }
                _ if c == quote => {
                    self.pos += 1;
                    return Ok(out);
                }
                _ => {
                    if c < ' ' && !noted_control {
                        noted_control = true;
                        let from = self.pos;
                        self.pos += 1;
                        self.note(Lenient::RawControlChar, from);
                        self.pos -= 1;
                    }
                    self.advance();
                    out.push(c);
                }
            }
        }
    }

    /// `\uXXXX`, with Json.NET's surrogate pairing and replacement of lone surrogates.
    fn read_unicode_escape(&mut self, out: &mut String) -> Result<(), Fault> {
        let mut unit = self.parse_unicode()?;
        if is_low_surrogate(unit) {
            out.push(REPLACEMENT);
            return Ok(());
        }
        if !is_high_surrogate(unit) {
            out.push(char::from_u32(u32::from(unit)).unwrap_or(REPLACEMENT));
            return Ok(());
        }
        loop {
            if self.has(2) && self.cur() == Some('\\') && self.peek(1) == Some('u') {
                let high = unit;
                self.pos += 2;
                unit = self.parse_unicode()?;
                if is_low_surrogate(unit) {
                    let code =
                        0x10000 + ((u32::from(high) - 0xD800) << 10) + (u32::from(unit) - 0xDC00);
                    out.push(char::from_u32(code).unwrap_or(REPLACEMENT));
                    return Ok(());
                }
                out.push(REPLACEMENT);
                if is_high_surrogate(unit) {
                    continue;
                }
                out.push(char::from_u32(u32::from(unit)).unwrap_or(REPLACEMENT));
                return Ok(());
            }
            out.push(REPLACEMENT);
            return Ok(());
        }
    }

    /// `ParseUnicode`: four hex digits after `\u`.
    fn parse_unicode(&mut self) -> Result<u16, Fault> {
        if !self.has(4) {
            return Err(self.fault(
                FaultKind::End,
                "Unexpected end while parsing Unicode escape sequence.",
            ));
        }
        let digits: String = self
            .text
            .get(self.pos..)
            .unwrap_or("")
            .chars()
            .take(4)
            .collect();
        match u16::from_str_radix(&digits, 16) {
            Ok(unit) if digits.bytes().all(|b| b.is_ascii_hexdigit()) => {
                self.pos += 4;
                Ok(unit)
            }
            _ => {
                let mut fault = self.fault(
                    FaultKind::Syntax,
                    format!("Invalid Unicode escape sequence: \\u{digits}."),
                );
                fault.found = Some(format!("\\u{digits}"));
                Err(fault)
            }
        }
    }

    /// `ParseProperty`: a quoted or unquoted name and its colon.
    pub(super) fn parse_property(&mut self) -> Result<bool, Fault> {
        let start = self.pos;
        self.value_start = start;
        let first = self.cur().unwrap_or('\0');
        let name = if first == '"' || first == '\'' {
            self.pos += 1;
            let name = self.read_string_into_buffer(first)?;
            if first == '\'' {
                self.note(Lenient::SingleQuotes, start);
            }
            name
        } else if is_identifier_char(first) {
            let name = self.parse_unquoted_property()?;
            self.note(Lenient::UnquotedName, start);
            name
        } else {
            let mut fault = self.fault(
                FaultKind::Syntax,
                format!("Invalid property identifier character: {first}."),
            );
            fault.found = Some(first.to_string());
            return Err(fault);
        };
        self.eat_whitespace();
        if self.cur() != Some(':') {
            let c = self.cur().unwrap_or('\0');
            let kind = if self.at_end() {
                FaultKind::End
            } else {
                FaultKind::Syntax
            };
            return Err(self.fault(
                kind,
                format!(
                    "Invalid character after parsing property name. Expected ':' but got: {c}."
                ),
            ));
        }
        self.pos += 1;
        self.set_token(Token::PropertyName, Val::Str(name), true)?;
        Ok(true)
    }

    fn parse_unquoted_property(&mut self) -> Result<String, Fault> {
        let start = self.pos;
        loop {
            match self.cur() {
                None => {
                    return Err(self.fault(
                        FaultKind::End,
                        "Unexpected end while parsing unquoted property name.",
                    ));
                }
                Some('\0') => break,
                Some(c) if is_identifier_char(c) => self.advance(),
                Some(c) if c.is_whitespace() || c == ':' => break,
                Some(c) => {
                    let mut fault = self.fault(
                        FaultKind::Syntax,
                        format!("Invalid JavaScript property identifier character: {c}."),
                    );
                    fault.found = Some(c.to_string());
                    return Err(fault);
                }
            }
        }
        Ok(self.text.get(start..self.pos).unwrap_or("").to_owned())
    }
}

/// `char.IsLetterOrDigit(c) || c == '_' || c == '$'`.
fn is_identifier_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || c == '$'
}

fn is_high_surrogate(unit: u16) -> bool {
    (0xD800..=0xDBFF).contains(&unit)
}

fn is_low_surrogate(unit: u16) -> bool {
    (0xDC00..=0xDFFF).contains(&unit)
}
