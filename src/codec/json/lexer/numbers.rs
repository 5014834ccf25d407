//! Number tokens: `ReadNumberIntoBuffer` and `ParseReadNumber`, which interprets the same text
//! differently for each read (Int32, decimal, string, or a plain read that yields Int64,
//! BigInteger or double), with Json.NET's octal and hexadecimal readings of `0…` tokens.

use super::typed::ReadType;
use super::{Fault, FaultKind, Lenient, Reader, Token, Val};
use crate::codec::JsonNet;
use crate::codec::json::number::{self, Parsed};
use rust_decimal::Decimal;

/// Json.NET stops turning integer overflow into `BigInteger` past this many characters.
const MAX_BIG_INTEGER_CHARS: usize = 380;

/// How a number token's text is laid out.
struct Shape<'t> {
    text: &'t str,
    /// One ASCII digit: Json.NET takes its value directly.
    single_digit: Option<u8>,
    /// Starts with `0` and continues with neither `.` nor an exponent: hex (`0x`) or octal.
    non_base10: bool,
}

/// Why a number could not be read, with the word Json.NET's message uses.
enum Refusal {
    /// `Input string '…' is not a valid {word}.`
    Invalid(&'static str),
    /// `JSON integer … is too large or small for an Int32.`
    Int32Overflow,
    /// `JSON integer … is too large to parse.`
    TooLong,
}

impl Reader<'_> {
    /// `ParseNumber`: scan the characters of a number, then interpret them for `read_type`.
    pub(super) fn parse_number(&mut self, read_type: ReadType) -> Result<(), Fault> {
        let start = self.pos;
        self.value_start = start;
        loop {
            match self.cur() {
                None | Some('\0') => break,
                Some(c) if is_number_char(c) => self.pos += 1,
                Some(c) if c.is_whitespace() || matches!(c, ',' | '}' | ']' | ')' | '/') => break,
                Some(c) => {
                    let mut fault = self.fault(
                        FaultKind::Syntax,
                        format!("Unexpected character encountered while parsing number: {c}."),
                    );
                    fault.found = Some(c.to_string());
                    return Err(fault);
                }
            }
        }
        self.parse_read_number(read_type, start)
    }

    /// `ParseReadNumber`.
    fn parse_read_number(&mut self, read_type: ReadType, start: usize) -> Result<(), Fault> {
        // Json.NET moves to PostValue first "so that if there is an error parsing the number
        // then the reader can continue".
        self.set_post_value_state(true);
        let text = self.text.get(start..self.pos).unwrap_or("");
        let bytes = text.as_bytes();
        let shape = Shape {
            text,
            single_digit: (bytes.len() == 1 && bytes[0].is_ascii_digit()).then(|| bytes[0] - b'0'),
            non_base10: bytes.len() > 1
                && bytes[0] == b'0'
                && !matches!(bytes[1], b'.' | b'e' | b'E'),
        };
        let outcome = match read_type {
            ReadType::ReadAsString => as_string(&shape),
            ReadType::ReadAsInt32 => as_int32(&shape),
            ReadType::ReadAsDecimal => as_decimal(&shape),
            ReadType::Read | ReadType::ReadAsInt64 => as_any(&shape),
            ReadType::ReadAsBoolean | ReadType::ReadAsDateTime => {
                let mut fault = self.fault(FaultKind::Syntax, "Cannot read number value as type.");
                fault.found = Some(text.to_owned());
                return Err(fault);
            }
        };
        let (token, value) = match outcome {
            Ok(read) => read,
            Err(refusal) => return Err(self.reader_error(text, &refusal)),
        };
        if shape.non_base10 {
            let hex = text.starts_with("0x") || text.starts_with("0X");
            let what = if hex {
                Lenient::HexNumber
            } else {
                Lenient::OctalNumber
            };
            self.note(what, start);
        }
        self.set_token(token, value, false)
    }

    /// `ThrowReaderError`: 13.x marks the token Undefined so `Skip()` does not consume the next
    /// property; 6.x leaves the property-name token in place (and its recovery goes astray).
    fn reader_error(&mut self, text: &str, refusal: &Refusal) -> Fault {
        let (kind, message) = match refusal {
            Refusal::Invalid(word) => (
                FaultKind::NotA,
                format!("Input string '{text}' is not a valid {word}."),
            ),
            Refusal::Int32Overflow => (
                FaultKind::OutOfRange,
                format!("JSON integer {text} is too large or small for an Int32."),
            ),
            Refusal::TooLong => (
                FaultKind::OutOfRange,
                format!("JSON integer {text} is too large to parse."),
            ),
        };
        if self.version == JsonNet::V13 {
            self.token = Token::Undefined;
            self.value = Val::None;
            self.set_post_value_state(false);
        }
        self.fault_at_value(kind, message)
    }
}

type Outcome = Result<(Token, Val), Refusal>;

/// `ReadAsString`: the text itself, once validated.
fn as_string(shape: &Shape<'_>) -> Outcome {
    let valid = if shape.non_base10 {
        number::radix_parse(shape.text, 64).is_some()
    } else {
        number::parse_double(shape.text).is_some()
    };
    if valid {
        Ok((Token::String, Val::Str(shape.text.to_owned())))
    } else {
        Err(Refusal::Invalid("number"))
    }
}

/// `ReadAsInt32`.
fn as_int32(shape: &Shape<'_>) -> Outcome {
    let value = if let Some(d) = shape.single_digit {
        i64::from(d)
    } else if shape.non_base10 {
        number::radix_parse(shape.text, 32).ok_or(Refusal::Invalid("integer"))?
    } else {
        match number::int32_try_parse(shape.text) {
            Parsed::Ok(v) => i64::from(v),
            Parsed::Overflow => return Err(Refusal::Int32Overflow),
            Parsed::Invalid => return Err(Refusal::Invalid("integer")),
        }
    };
    Ok((Token::Integer, Val::Int(value)))
}

/// `ReadAsDecimal`.
fn as_decimal(shape: &Shape<'_>) -> Outcome {
    let value = if let Some(d) = shape.single_digit {
        Decimal::from(d)
    } else if shape.non_base10 {
        Decimal::from(number::radix_parse(shape.text, 64).ok_or(Refusal::Invalid("decimal"))?)
    } else {
        match number::decimal_try_parse(shape.text) {
            Parsed::Ok(v) => v,
            Parsed::Invalid | Parsed::Overflow => return Err(Refusal::Invalid("decimal")),
        }
    };
    Ok((Token::Float, Val::Dec(value)))
}

/// A plain `Read()`: Int64, BigInteger when it overflows, otherwise a double.
fn as_any(shape: &Shape<'_>) -> Outcome {
    if let Some(d) = shape.single_digit {
        return Ok((Token::Integer, Val::Int(i64::from(d))));
    }
    if shape.non_base10 {
        let value = number::radix_parse(shape.text, 64).ok_or(Refusal::Invalid("number"))?;
        return Ok((Token::Integer, Val::Int(value)));
    }
    match number::int64_try_parse(shape.text) {
        Parsed::Ok(v) => Ok((Token::Integer, Val::Int(v))),
        Parsed::Overflow if shape.text.chars().count() > MAX_BIG_INTEGER_CHARS => {
            Err(Refusal::TooLong)
        }
        Parsed::Overflow => Ok((Token::Integer, Val::Big(shape.text.to_owned()))),
        Parsed::Invalid => number::parse_double(shape.text)
            .map(|v| (Token::Float, Val::Float(v)))
            .ok_or(Refusal::Invalid("number")),
    }
}

/// The characters `ReadNumberIntoBuffer` takes into a number token.
fn is_number_char(c: char) -> bool {
    matches!(c, '-' | '+' | 'a'..='f' | 'A'..='F' | 'x' | 'X' | '.' | '0'..='9')
}
