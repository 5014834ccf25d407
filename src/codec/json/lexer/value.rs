//! How .NET prints a token's value in messages (`MiscellaneousUtils.ToString`, `ToString()`).

use super::Val;
use crate::codec::json::number;
use chrono::{Datelike, Timelike};

impl Val {
    /// `MiscellaneousUtils.ToString(value)`, as "Error converting value {0}" prints it: `{null}`,
    /// strings in quotes, `True`/`False`, numbers and dates by their `ToString()` (invariant
    /// formats are assumed where .NET would use the server's culture).
    pub(crate) fn dotnet_text(&self) -> String {
        match self {
            Val::None => "{null}".to_owned(),
            Val::Int(v) => v.to_string(),
            Val::Big(text) => normalize_big(text),
            Val::Float(v) => number::format_double(*v),
            Val::Dec(v) => v.to_string(),
            Val::Str(s) => format!("\"{s}\""),
            Val::Bool(true) => "True".to_owned(),
            Val::Bool(false) => "False".to_owned(),
            Val::Date(d) => format!(
                "{:02}/{:02}/{:04} {:02}:{:02}:{:02}",
                d.wall.month(),
                d.wall.day(),
                d.wall.year(),
                d.wall.hour(),
                d.wall.minute(),
                d.wall.second()
            ),
        }
    }
}

/// `BigInteger.ToString()` of validated integer text.
pub(crate) fn normalize_big(text: &str) -> String {
    let (negative, digits) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let digits = digits.trim_start_matches('0');
    match (negative, digits.is_empty()) {
        (_, true) => "0".to_owned(),
        (true, false) => format!("-{digits}"),
        (false, false) => digits.to_owned(),
    }
}
