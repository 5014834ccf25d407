//! Json.NET 6.x typed reads (`ReadAsInt32Internal` and friends): a plain `Read()` whose number
//! and string parsing depend on the read in progress, followed by a check of the token. Unlike
//! 13.x, a wrong kind of value (`true`, `{…}`, a number for a date) is read whole before the
//! error, so Json.NET's recovery skips it cleanly.

use super::typed::ReadType;
use super::{Fault, FaultKind, Reader, Token, Val};
use crate::codec::json::number;
use rust_decimal::Decimal;

impl Reader<'_> {
    /// `ReadAsInt32Internal`, `ReadAsDecimalInternal`, `ReadAsStringInternal`,
    /// `ReadAsDateTimeInternal` of 6.x.
    pub(super) fn read_typed_v6(&mut self, read_type: ReadType) -> Result<(), Fault> {
        loop {
            if !self.read()? {
                return self.set_token(Token::None, Val::None, true);
            }
            if self.token != Token::Comment {
                break;
            }
        }
        let token = self.token;
        let value = self.value.clone();
        match (token, read_type) {
            (Token::Null | Token::EndArray, _) => Ok(()),
            (Token::Integer | Token::Float, ReadType::ReadAsInt32) => {
                let v = match value {
                    Val::Int(v) => v,
                    Val::Float(f) => {
                        number::double_to_int(f, i64::from(i32::MIN), i64::from(i32::MAX))
                            .ok_or_else(|| overflow(self, "an Int32"))?
                    }
                    _ => return Err(overflow(self, "an Int32")),
                };
                self.set_token(Token::Integer, Val::Int(v), false)
            }
            (Token::Integer | Token::Float, ReadType::ReadAsDecimal) => {
                let d = match value {
                    Val::Dec(d) => d,
                    Val::Int(v) => Decimal::from(v),
                    Val::Float(f) => {
                        Decimal::try_from(f).map_err(|_| overflow(self, "a Decimal"))?
                    }
                    _ => return Err(overflow(self, "a Decimal")),
                };
                self.set_token(Token::Float, Val::Dec(d), false)
            }
            (Token::String, ReadType::ReadAsInt32) => match value {
                Val::Str(s) if s.is_empty() => self.set_token(Token::Null, Val::None, true),
                Val::Str(s) => self.read_int32_string(s),
                _ => Ok(()),
            },
            (Token::String, ReadType::ReadAsDecimal) => match value {
                Val::Str(s) if s.is_empty() => self.set_token(Token::Null, Val::None, true),
                Val::Str(s) => match number::parse_decimal_number(&s) {
                    Some(d) => self.set_token(Token::Float, Val::Dec(d), false),
                    None => Err(self.fault_at_value(
                        FaultKind::NotA,
                        format!("Could not convert string to decimal: {s}."),
                    )),
                },
                _ => Ok(()),
            },
            (Token::Date, ReadType::ReadAsDateTime) | (Token::String, ReadType::ReadAsString) => {
                Ok(())
            }
            (Token::String, ReadType::ReadAsDateTime) => match value {
                Val::Str(s) => self.read_datetime_string(&s),
                _ => Ok(()),
            },
            (
                Token::Integer | Token::Float | Token::Boolean | Token::Date,
                ReadType::ReadAsString,
            ) => {
                // `IFormattable.ToString(null, Invariant)` or `ToString()`: 1.50 → "1.5",
                // true → "True".
                let text = match &value {
                    Val::Int(v) => v.to_string(),
                    Val::Float(f) => number::format_double(*f),
                    Val::Dec(d) => d.to_string(),
                    other => other.dotnet_text().trim_matches('"').to_owned(),
                };
                self.set_token(Token::String, Val::Str(text), false)
            }
            (other, _) => {
                let word = match read_type {
                    ReadType::ReadAsInt32 => "integer",
                    ReadType::ReadAsDecimal => "decimal",
                    ReadType::ReadAsDateTime => "date",
                    _ => "string",
                };
                let kind = if matches!(other, Token::StartObject | Token::StartArray) {
                    FaultKind::Shape
                } else {
                    FaultKind::NotA
                };
                Err(self.fault_at_value(
                    kind,
                    format!("Error reading {word}. Unexpected token: {}.", other.name()),
                ))
            }
        }
    }
}

/// `Convert.ToInt32(double)`'s `OverflowException`: not a Json.NET exception, so its message
/// carries no path.
fn overflow(reader: &Reader<'_>, type_phrase: &str) -> Fault {
    let mut fault = reader.fault_at_value(
        FaultKind::OutOfRange,
        format!("Value was either too large or too small for {type_phrase}."),
    );
    fault.text = fault.message.clone();
    fault
}
