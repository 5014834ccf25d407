//! `Read()`: values, objects and what follows a value, as `JsonTextReader` scans them.

use super::typed::ReadType;
use super::{Fault, FaultKind, Lenient, Reader, State, Token, Val};
use crate::codec::JsonNet;

impl Reader<'_> {
    /// `Read()`: the next token, `false` at the end of the body.
    pub(crate) fn read(&mut self) -> Result<bool, Fault> {
        self.step()?;
        loop {
            match self.state {
                State::Start
                | State::Property
                | State::Array
                | State::ArrayStart
                | State::Constructor
                | State::ConstructorStart => return self.parse_value(),
                State::Object | State::ObjectStart => return self.parse_object(),
                State::PostValue => {
                    if self.parse_post_value(false)? {
                        return Ok(true);
                    }
                }
                State::Finished => {
                    if !self.at_end() {
                        self.eat_whitespace();
                        if self.at_end() {
                            self.set_token(Token::None, Val::None, true)?;
                            return Ok(false);
                        }
                        if self.cur() == Some('/') {
                            self.parse_comment(true)?;
                            return Ok(true);
                        }
                        let c = self.cur().unwrap_or('\0');
                        return Err(self.fault(
                            FaultKind::Syntax,
                            format!(
                                "Additional text encountered after finished reading JSON content: {c}."
                            ),
                        ));
                    }
                    self.set_token(Token::None, Val::None, true)?;
                    return Ok(false);
                }
            }
        }
    }

    /// `Skip()`: past the current property value or container.
    pub(crate) fn skip(&mut self) -> Result<(), Fault> {
        if self.token == Token::PropertyName {
            self.read()?;
        }
        if self.token.is_start() {
            let depth = self.depth();
            while self.read()? && depth < self.depth() {}
        }
        Ok(())
    }

    /// `ReadAndMoveToContent()`: the next token that is not a comment.
    pub(crate) fn read_to_content(&mut self) -> Result<bool, Fault> {
        if !self.read()? {
            return Ok(false);
        }
        while matches!(self.token, Token::None | Token::Comment) {
            if !self.read()? {
                return Ok(false);
            }
        }
        Ok(true)
    }

    pub(super) fn parse_value(&mut self) -> Result<bool, Fault> {
        loop {
            let Some(c) = self.cur() else {
                return Ok(false);
            };
            self.value_start = self.pos;
            match c {
                '\0' => self.skip_nul(),
                '"' | '\'' => {
                    self.parse_string(c, self.string_read())?;
                    return Ok(true);
                }
                't' => {
                    self.parse_literal("true", Token::Boolean, Val::Bool(true))?;
                    return Ok(true);
                }
                'f' => {
                    self.parse_literal("false", Token::Boolean, Val::Bool(false))?;
                    return Ok(true);
                }
                'n' => {
                    if !self.has(1) {
                        if self.version == JsonNet::V6 {
                            // 6.x: "Unexpected end." with the cursor still on the `n`.
                            return Err(self.fault(FaultKind::End, "Unexpected end."));
                        }
                        self.advance();
                        return Err(self.unexpected_end());
                    }
                    match self.peek(1) {
                        Some('u') => self.parse_literal("null", Token::Null, Val::None)?,
                        Some('e') => self.parse_constructor()?,
                        _ => return Err(self.unexpected_char(c)),
                    }
                    return Ok(true);
                }
                'N' => {
                    self.parse_non_finite("NaN", f64::NAN, ReadType::Read)?;
                    return Ok(true);
                }
                'I' => {
                    self.parse_non_finite("Infinity", f64::INFINITY, ReadType::Read)?;
                    return Ok(true);
                }
                '-' => {
                    if self.peek(1) == Some('I') {
                        self.parse_non_finite("-Infinity", f64::NEG_INFINITY, ReadType::Read)?;
                    } else {
                        self.parse_number(self.number_read())?;
                    }
                    return Ok(true);
                }
                '/' => {
                    self.parse_comment(true)?;
                    return Ok(true);
                }
                'u' => {
                    self.parse_literal("undefined", Token::Undefined, Val::None)?;
                    return Ok(true);
                }
                '{' => {
                    self.pos += 1;
                    self.set_token(Token::StartObject, Val::None, true)?;
                    return Ok(true);
                }
                '[' => {
                    self.pos += 1;
                    self.set_token(Token::StartArray, Val::None, true)?;
                    return Ok(true);
                }
                ']' => {
                    self.pos += 1;
                    if let Some(comma) = self.after_comma {
                        self.note(Lenient::TrailingComma, comma);
                    }
                    self.set_token(Token::EndArray, Val::None, true)?;
                    return Ok(true);
                }
                ',' => {
                    // Json.NET does not consume the comma: the next read handles it.
                    if self.state != State::Start && self.state != State::Property {
                        let from = self.after_comma.unwrap_or(self.pos);
                        self.note(Lenient::EmptyValue, from);
                    }
                    self.set_token(Token::Undefined, Val::None, true)?;
                    return Ok(true);
                }
                ')' => {
                    self.pos += 1;
                    self.set_token(Token::EndConstructor, Val::None, true)?;
                    return Ok(true);
                }
                '\r' => self.process_carriage_return(),
                '\n' => self.process_line_feed(),
                ' ' | '\t' => self.pos += 1,
                _ => {
                    if c.is_whitespace() {
                        self.advance();
                        continue;
                    }
                    if c.is_numeric() || c == '.' {
                        self.parse_number(self.number_read())?;
                        return Ok(true);
                    }
                    return Err(self.unexpected_char(c));
                }
            }
        }
    }

    pub(super) fn parse_object(&mut self) -> Result<bool, Fault> {
        loop {
            let Some(c) = self.cur() else {
                return Ok(false);
            };
            match c {
                '\0' => self.skip_nul(),
                '}' => {
                    if let Some(comma) = self.after_comma {
                        self.pos += 1;
                        self.note(Lenient::TrailingComma, comma);
                        self.pos -= 1;
                    }
                    self.set_token(Token::EndObject, Val::None, true)?;
                    self.pos += 1;
                    return Ok(true);
                }
                '/' => {
                    self.parse_comment(true)?;
                    return Ok(true);
                }
                '\r' => self.process_carriage_return(),
                '\n' => self.process_line_feed(),
                ' ' | '\t' => self.pos += 1,
                _ if c.is_whitespace() => self.advance(),
                _ => return self.parse_property(),
            }
        }
    }

    pub(super) fn parse_post_value(&mut self, ignore_comments: bool) -> Result<bool, Fault> {
        loop {
            let Some(c) = self.cur() else {
                self.state = State::Finished;
                return Ok(false);
            };
            match c {
                '\0' => self.skip_nul(),
                '}' => {
                    self.pos += 1;
                    self.set_token(Token::EndObject, Val::None, true)?;
                    return Ok(true);
                }
                ']' => {
                    self.pos += 1;
                    self.set_token(Token::EndArray, Val::None, true)?;
                    return Ok(true);
                }
                ')' => {
                    self.pos += 1;
                    self.set_token(Token::EndConstructor, Val::None, true)?;
                    return Ok(true);
                }
                '/' => {
                    self.parse_comment(!ignore_comments)?;
                    if !ignore_comments {
                        return Ok(true);
                    }
                }
                ',' => {
                    self.after_comma = Some(self.pos);
                    self.pos += 1;
                    self.set_state_based_on_current();
                    return Ok(false);
                }
                ' ' | '\t' => self.pos += 1,
                '\r' => self.process_carriage_return(),
                '\n' => self.process_line_feed(),
                _ if c.is_whitespace() => self.advance(),
                _ => {
                    let mut fault = self.fault(
                        FaultKind::Syntax,
                        format!(
                            "After parsing a value an unexpected character was encountered: {c}."
                        ),
                    );
                    fault.found = Some(c.to_string());
                    return Err(fault);
                }
            }
        }
    }

    /// How a string met by `Read()` is read: 6.x typed reads go through `Read()` and only
    /// `ReadAsString` skips the date attempt.
    fn string_read(&self) -> ReadType {
        match self.read_as {
            ReadType::ReadAsString => ReadType::ReadAsString,
            _ => ReadType::Read,
        }
    }

    /// How a number met by `Read()` is read: 6.x parses Int32 and decimal reads directly.
    fn number_read(&self) -> ReadType {
        match self.read_as {
            ReadType::ReadAsInt32 => ReadType::ReadAsInt32,
            ReadType::ReadAsDecimal => ReadType::ReadAsDecimal,
            _ => ReadType::Read,
        }
    }
}
