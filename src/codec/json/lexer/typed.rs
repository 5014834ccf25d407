//! The typed reads (`ReadAsInt32`, `ReadAsDecimal`, `ReadAsString`, `ReadAsBoolean`,
//! `ReadAsDateTime`) the serializer uses for primitive members: each parses the next value
//! directly for its type, with its own rules for quoted text, literals and errors.

use super::{Fault, FaultKind, Reader, State, Token, Val};
use crate::codec::JsonNet;
use crate::codec::datetime::parse_jsonnet_as;
use crate::codec::json::number;

/// Json.NET's `ReadType`: which read a member's contract asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ReadType {
    /// Plain `Read()` (objects, lists, and 6.x `short`/`bool`).
    Read,
    /// `ReadAsInt32` (`int`, and `short` in 13.x).
    ReadAsInt32,
    /// `Read()` plus a check against `undefined` (`long`, 13.x).
    ReadAsInt64,
    /// `ReadAsDecimal`.
    ReadAsDecimal,
    /// `ReadAsString`.
    ReadAsString,
    /// `ReadAsBoolean` (13.x).
    ReadAsBoolean,
    /// `ReadAsDateTime`.
    ReadAsDateTime,
}

impl Reader<'_> {
    /// Read the next value with the read `read_type` names; the result is in `token()` and
    /// `value()`. Returns whether a token was read (`ReadForType`).
    pub(crate) fn read_for_type(&mut self, read_type: ReadType) -> Result<bool, Fault> {
        let typed = matches!(
            read_type,
            ReadType::ReadAsInt32
                | ReadType::ReadAsDecimal
                | ReadType::ReadAsString
                | ReadType::ReadAsDateTime
        );
        if typed && self.version == JsonNet::V6 {
            self.read_as = read_type;
            let result = self.read_typed_v6(read_type);
            self.read_as = ReadType::Read;
            result?;
            return Ok(self.token != Token::None);
        }
        match read_type {
            ReadType::Read | ReadType::ReadAsInt64 => return self.read_to_content(),
            ReadType::ReadAsInt32 | ReadType::ReadAsDecimal => self.read_number_value(read_type)?,
            ReadType::ReadAsString | ReadType::ReadAsDateTime => {
                self.read_string_value(read_type)?;
            }
            ReadType::ReadAsBoolean => self.read_as_boolean()?,
        }
        Ok(self.token != Token::None)
    }

    /// The common entry of the typed reads: `false` when the read is already over.
    fn enter_typed(&mut self) -> Result<bool, Fault> {
        self.step()?;
        match self.state {
            State::Finished => {
                self.read_finished()?;
                Ok(false)
            }
            State::PostValue => Ok(!self.parse_post_value(true)?),
            State::Start
            | State::Property
            | State::Array
            | State::ArrayStart
            | State::Constructor
            | State::ConstructorStart => Ok(true),
            State::Object | State::ObjectStart => Err(self.fault(
                FaultKind::Syntax,
                format!("Unexpected state: {:?}.", self.state),
            )),
        }
    }

    /// `ReadNumberValue` (for `ReadAsInt32` and `ReadAsDecimal`).
    fn read_number_value(&mut self, read_type: ReadType) -> Result<(), Fault> {
        if !self.enter_typed()? {
            return Ok(());
        }
        loop {
            let Some(c) = self.cur() else {
                return self.set_token(Token::None, Val::None, false);
            };
            self.value_start = self.pos;
            match c {
                '"' | '\'' => {
                    let text = self.parse_string(c, read_type)?;
                    return if read_type == ReadType::ReadAsInt32 {
                        self.read_int32_string(text)
                    } else {
                        self.read_decimal_string(text)
                    };
                }
                'n' => return self.handle_null(),
                'N' => return self.parse_non_finite("NaN", f64::NAN, read_type).map(drop),
                'I' => {
                    return self
                        .parse_non_finite("Infinity", f64::INFINITY, read_type)
                        .map(drop);
                }
                '-' if self.peek(1) == Some('I') => {
                    return self
                        .parse_non_finite("-Infinity", f64::NEG_INFINITY, read_type)
                        .map(drop);
                }
                '-' | '.' | '0'..='9' => return self.parse_number(read_type),
                _ => {
                    if self.typed_common(c)? {
                        return Ok(());
                    }
                }
            }
        }
    }

    /// `ReadStringValue` (for `ReadAsString` and `ReadAsDateTime`).
    fn read_string_value(&mut self, read_type: ReadType) -> Result<(), Fault> {
        if !self.enter_typed()? {
            return Ok(());
        }
        let as_string = read_type == ReadType::ReadAsString;
        loop {
            let Some(c) = self.cur() else {
                return self.set_token(Token::None, Val::None, false);
            };
            self.value_start = self.pos;
            match c {
                '"' | '\'' => {
                    let text = self.parse_string(c, read_type)?;
                    if as_string || self.token == Token::Date {
                        return Ok(());
                    }
                    return self.read_datetime_string(&text);
                }
                '-' if self.peek(1) == Some('I') => {
                    return self
                        .parse_non_finite("-Infinity", f64::NEG_INFINITY, read_type)
                        .map(drop);
                }
                '-' => return self.parse_number(read_type),
                '.' | '0'..='9' => {
                    if !as_string {
                        self.pos += 1;
                        return Err(self.unexpected_char(c));
                    }
                    return self.parse_number(ReadType::ReadAsString);
                }
                't' | 'f' => {
                    if !as_string {
                        self.pos += 1;
                        return Err(self.unexpected_char(c));
                    }
                    let literal = if c == 't' { "true" } else { "false" };
                    if !self.match_value_with_separator(literal)? {
                        let at = self.cur().unwrap_or('\0');
                        return Err(self.unexpected_char(at));
                    }
                    return self.set_token(Token::String, Val::Str(literal.to_owned()), true);
                }
                'I' => {
                    return self
                        .parse_non_finite("Infinity", f64::INFINITY, read_type)
                        .map(drop);
                }
                'N' => return self.parse_non_finite("NaN", f64::NAN, read_type).map(drop),
                'n' => return self.handle_null(),
                _ => {
                    if self.typed_common(c)? {
                        return Ok(());
                    }
                }
            }
        }
    }

    /// `ReadAsBoolean` (13.x).
    fn read_as_boolean(&mut self) -> Result<(), Fault> {
        if !self.enter_typed()? {
            return Ok(());
        }
        loop {
            let Some(c) = self.cur() else {
                return self.set_token(Token::None, Val::None, false);
            };
            self.value_start = self.pos;
            match c {
                '"' | '\'' => {
                    let text = self.parse_string(c, ReadType::Read)?;
                    return self.read_boolean_string(text);
                }
                'n' => return self.handle_null(),
                '-' | '.' | '0'..='9' => {
                    self.parse_number(ReadType::Read)?;
                    let truth = match &self.value {
                        Val::Int(v) => *v != 0,
                        Val::Float(v) => *v != 0.0,
                        Val::Big(text) => text.bytes().any(|b| matches!(b, b'1'..=b'9')),
                        _ => false,
                    };
                    return self.set_token(Token::Boolean, Val::Bool(truth), false);
                }
                't' | 'f' => {
                    let truth = c == 't';
                    let literal = if truth { "true" } else { "false" };
                    if !self.match_value_with_separator(literal)? {
                        let at = self.cur().unwrap_or('\0');
                        return Err(self.unexpected_char(at));
                    }
                    return self.set_token(Token::Boolean, Val::Bool(truth), true);
                }
                _ => {
                    if self.typed_common(c)? {
                        return Ok(());
                    }
                }
            }
        }
    }

    /// The cases every typed read shares: comments, commas, `]`, whitespace, anything else.
    /// Returns `true` when a token was produced.
    fn typed_common(&mut self, c: char) -> Result<bool, Fault> {
        match c {
            '\0' => self.skip_nul(),
            '/' => self.parse_comment(false)?,
            ',' => self.process_value_comma()?,
            ']' => {
                self.pos += 1;
                if matches!(
                    self.state,
                    State::Array | State::ArrayStart | State::PostValue
                ) {
                    self.set_token(Token::EndArray, Val::None, true)?;
                    return Ok(true);
                }
                return Err(self.unexpected_char(c));
            }
            '\r' => self.process_carriage_return(),
            '\n' => self.process_line_feed(),
            ' ' | '\t' => self.pos += 1,
            _ => {
                self.advance();
                if !c.is_whitespace() {
                    return Err(self.unexpected_char(c));
                }
            }
        }
        Ok(false)
    }

    /// `ProcessValueComma`: a comma where a value should be.
    fn process_value_comma(&mut self) -> Result<(), Fault> {
        self.pos += 1;
        if self.state != State::PostValue {
            self.set_token(Token::Undefined, Val::None, true)?;
            let fault = self.unexpected_char(',');
            self.pos -= 1;
            return Err(fault);
        }
        self.set_state_based_on_current();
        Ok(())
    }

    /// `HandleNull`: `null` where a typed value is read.
    fn handle_null(&mut self) -> Result<(), Fault> {
        if !self.has(1) {
            self.pos = self.bytes.len();
            return Err(self.unexpected_end());
        }
        if self.peek(1) == Some('u') {
            return self.parse_literal("null", Token::Null, Val::None);
        }
        self.advance_by(2);
        let bad = self.peek_back().unwrap_or('\0');
        Err(self.unexpected_char(bad))
    }

    fn peek_back(&self) -> Option<char> {
        self.text
            .get(..self.pos)
            .and_then(|s| s.chars().next_back())
    }

    /// `ReadFinished`: a typed read after the root value.
    fn read_finished(&mut self) -> Result<(), Fault> {
        if !self.at_end() {
            self.eat_whitespace();
            if self.at_end() {
                return Ok(());
            }
            if self.cur() == Some('/') {
                self.parse_comment(false)?;
            } else {
                let c = self.cur().unwrap_or('\0');
                return Err(self.fault(
                    FaultKind::Syntax,
                    format!(
                        "Additional text encountered after finished reading JSON content: {c}."
                    ),
                ));
            }
        }
        self.set_token(Token::None, Val::None, true)
    }

    /// `ReadInt32String`: `int.TryParse(s, NumberStyles.Integer, Invariant)`.
    pub(super) fn read_int32_string(&mut self, text: String) -> Result<(), Fault> {
        self.read_string_as(text, "integer", |t| {
            number::parse_integer(t, i64::from(i32::MIN), i64::from(i32::MAX))
                .ok()
                .map(|v| (Token::Integer, Val::Int(v)))
        })
    }

    /// `ReadDecimalString`: `decimal.TryParse(s, NumberStyles.Number, Invariant)`, then
    /// Json.NET's own parser (for exponents).
    fn read_decimal_string(&mut self, text: String) -> Result<(), Fault> {
        self.read_string_as(text, "decimal", |t| {
            number::parse_decimal_number(t)
                .or_else(|| match number::decimal_try_parse(t) {
                    number::Parsed::Ok(v) => Some(v),
                    number::Parsed::Invalid | number::Parsed::Overflow => None,
                })
                .map(|v| (Token::Float, Val::Dec(v)))
        })
    }

    /// `ReadBooleanString`: `bool.TryParse`.
    fn read_boolean_string(&mut self, text: String) -> Result<(), Fault> {
        self.read_string_as(text, "boolean", |t| {
            number::parse_bool(t).map(|v| (Token::Boolean, Val::Bool(v)))
        })
    }

    /// What `ReadInt32String`, `ReadDecimalString` and `ReadBooleanString` share: an empty
    /// string is null; a string `parse` accepts becomes its typed token; any other leaves the
    /// reader on a String token and fails with "Could not convert string to {what}".
    fn read_string_as(
        &mut self,
        text: String,
        what: &str,
        parse: impl FnOnce(&str) -> Option<(Token, Val)>,
    ) -> Result<(), Fault> {
        if text.is_empty() {
            return self.set_token(Token::Null, Val::None, false);
        }
        if let Some((token, val)) = parse(&text) {
            return self.set_token(token, val, false);
        }
        let message = format!("Could not convert string to {what}: {text}.");
        self.set_token(Token::String, Val::Str(text), false)?;
        Err(self.fault_at_value(FaultKind::NotA, message))
    }

    /// `ReadDateTimeString`: the strict forms, then `DateTime.TryParse(Invariant)`. Unlike the
    /// others, Json.NET throws without making the string the current token.
    pub(super) fn read_datetime_string(&mut self, text: &str) -> Result<(), Fault> {
        if text.is_empty() {
            return self.set_token(Token::Null, Val::None, false);
        }
        match parse_jsonnet_as(text, self.clock, self.version) {
            Ok(date) => self.set_token(Token::Date, Val::Date(date), false),
            Err(_) => Err(self.fault_at_value(
                FaultKind::NotA,
                format!("Could not convert string to DateTime: {text}."),
            )),
        }
    }
}
