//! Literals (`true`, `null`, `undefined`, `NaN`, `Infinity`), comments and JavaScript
//! constructors.

use super::typed::ReadType;
use super::{Fault, FaultKind, Lenient, Reader, State, Token, Val};
use crate::codec::JsonNet;

impl Reader<'_> {
    /// `MatchValueWithTrailingSeparator` followed by the token, or Json.NET's error.
    pub(super) fn parse_literal(
        &mut self,
        literal: &str,
        token: Token,
        value: Val,
    ) -> Result<(), Fault> {
        let start = self.pos;
        if self.match_value_with_separator(literal)? {
            if token == Token::Undefined {
                self.note(Lenient::Undefined, start);
            }
            return self.set_token(token, value, true);
        }
        let message = match token {
            Token::Boolean => "Error parsing boolean value.",
            Token::Null => "Error parsing null value.",
            _ => "Error parsing undefined value.",
        };
        Err(self.fault_at_value(FaultKind::Syntax, message))
    }

    /// `MatchValueWithTrailingSeparator`. 13.x moves to the end (throwing "Unexpected end")
    /// when the body is too short, and past the matching part on a mismatch; 6.x's `MatchValue`
    /// answers `false` and leaves the cursor on the literal's first character, so Json.NET's
    /// recovery reads the same literal again and fails again (the request becomes null).
    pub(super) fn match_value_with_separator(&mut self, literal: &str) -> Result<bool, Fault> {
        let len = literal.chars().count();
        let legacy = self.version == JsonNet::V6;
        if !self.has(len.saturating_sub(1)) {
            if legacy {
                return Ok(false);
            }
            self.pos = self.bytes.len();
            return Err(self.unexpected_end());
        }
        for (i, expected) in literal.chars().enumerate() {
            if self.peek(i) != Some(expected) {
                if !legacy {
                    self.advance_by(i);
                }
                return Ok(false);
            }
        }
        self.advance_by(len);
        match self.cur() {
            None | Some('\0') => Ok(true),
            Some(c) => Ok(self.is_separator(c)),
        }
    }

    fn is_separator(&self, c: char) -> bool {
        match c {
            '}' | ']' | ',' | ' ' | '\t' | '\n' | '\r' => true,
            '/' => matches!(self.peek(1), Some('*' | '/')),
            ')' => matches!(self.state, State::Constructor | State::ConstructorStart),
            _ => c.is_whitespace(),
        }
    }

    /// `NaN`, `Infinity`, `-Infinity`.
    pub(super) fn parse_non_finite(
        &mut self,
        literal: &str,
        value: f64,
        read_type: ReadType,
    ) -> Result<Val, Fault> {
        let start = self.pos;
        if !self.match_value_with_separator(literal)? {
            return Err(
                self.fault_at_value(FaultKind::Syntax, format!("Error parsing {literal} value."))
            );
        }
        self.note(Lenient::NonFinite, start);
        match read_type {
            ReadType::Read => {
                self.set_token(Token::Float, Val::Float(value), true)?;
                Ok(Val::Float(value))
            }
            ReadType::ReadAsString => {
                self.set_token(Token::String, Val::Str(literal.to_owned()), true)?;
                Ok(Val::Str(literal.to_owned()))
            }
            _ => Err(self.fault_at_value(FaultKind::NotA, format!("Cannot read {literal} value."))),
        }
    }

    /// `ParseComment(setToken)`; the cursor is on the `/`.
    pub(super) fn parse_comment(&mut self, set_token: bool) -> Result<(), Fault> {
        let start = self.pos;
        self.pos += 1;
        if !self.has(1) {
            return Err(self.fault(FaultKind::End, "Unexpected end while parsing comment."));
        }
        let single_line = match self.cur() {
            Some('*') => false,
            Some('/') => true,
            other => {
                let c = other.unwrap_or('\0');
                return Err(self.fault(
                    FaultKind::Syntax,
                    format!("Error parsing comment. Expected: *, got {c}."),
                ));
            }
        };
        self.pos += 1;
        let body = self.pos;
        loop {
            match self.cur() {
                None => {
                    if !single_line {
                        return Err(
                            self.fault(FaultKind::End, "Unexpected end while parsing comment.")
                        );
                    }
                    return self.end_comment(set_token, start, body, self.pos);
                }
                Some('*') => {
                    self.pos += 1;
                    if !single_line && self.cur() == Some('/') {
                        let end = self.pos - 1;
                        self.pos += 1;
                        return self.end_comment(set_token, start, body, end);
                    }
                }
                Some('\r') => {
                    if single_line {
                        return self.end_comment(set_token, start, body, self.pos);
                    }
                    self.process_carriage_return();
                }
                Some('\n') => {
                    if single_line {
                        return self.end_comment(set_token, start, body, self.pos);
                    }
                    self.process_line_feed();
                }
                Some(_) => self.advance(),
            }
        }
    }

    fn end_comment(
        &mut self,
        set_token: bool,
        start: usize,
        body: usize,
        end: usize,
    ) -> Result<(), Fault> {
        self.note(Lenient::Comment, start);
        if set_token {
            let text = self.text.get(body..end).unwrap_or("").to_owned();
            self.set_token(Token::Comment, Val::Str(text), true)?;
        }
        Ok(())
    }

    /// `ParseConstructor`: `new Name(`.
    pub(super) fn parse_constructor(&mut self) -> Result<(), Fault> {
        let start = self.pos;
        if !self.match_value_with_separator("new")? {
            return Err(self.fault(FaultKind::Syntax, "Unexpected content while parsing JSON."));
        }
        self.eat_whitespace();
        let name_start = self.pos;
        let name_end;
        loop {
            match self.cur() {
                None => {
                    return Err(
                        self.fault(FaultKind::End, "Unexpected end while parsing constructor.")
                    );
                }
                Some('\0') => {
                    name_end = self.pos;
                    self.pos += 1;
                    break;
                }
                Some('\r') => {
                    name_end = self.pos;
                    self.process_carriage_return();
                    break;
                }
                Some('\n') => {
                    name_end = self.pos;
                    self.process_line_feed();
                    break;
                }
                Some('(') => {
                    name_end = self.pos;
                    break;
                }
                Some(c) if c.is_alphanumeric() => self.advance(),
                Some(c) if c.is_whitespace() => {
                    name_end = self.pos;
                    self.advance();
                    break;
                }
                Some(c) => {
                    return Err(self.fault(
                        FaultKind::Syntax,
                        format!("Unexpected character while parsing constructor: {c}."),
                    ));
                }
            }
        }
        let name = self.text.get(name_start..name_end).unwrap_or("").to_owned();
        self.eat_whitespace();
        if self.cur() != Some('(') {
            let c = self.cur().unwrap_or('\0');
            return Err(self.fault(
                FaultKind::Syntax,
                format!("Unexpected character while parsing constructor: {c}."),
            ));
        }
        self.pos += 1;
        self.note(Lenient::Constructor, start);
        self.set_token(Token::StartConstructor, Val::Str(name), true)
    }
}
