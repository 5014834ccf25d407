//! Json.NET under ASP.NET Web API 2 (contracts/reference/wire.md#json): the writer behind every JSON response and
//! the lenient reader behind every JSON request.
//!
//! - [`write()`] / [`write_pretty`]: `JsonTextWriter` output for contract records (compact, or
//!   `Formatting.Indented` for human-readable snapshots), byte for byte.
//! - [`write_string`]: Json.NET's default string escaping (also used by error bodies).
//! - [`read`]: what `JsonMediaTypeFormatter` makes of a request body — the bound object (or
//!   null), the ModelState errors .NET logs, and everything it accepts silently.
//!
//! The reader is an emulation of Json.NET's own machinery rather than a JSON parser plus rules:
//! `lexer` re-implements `JsonTextReader` (tokens, cursor, path, line/position), `bind`
//! re-implements `JsonSerializerInternalReader` and Web API's error handler. Whether .NET
//! recovers from a bad value or nulls the whole request depends on where its reader stands
//! after the error, so only an emulation at that level gets both the result and the messages
//! right. `number` holds .NET's number and boolean text rules.

mod bind;
mod escape;
mod lexer;
mod number;
mod write;

pub(crate) use write::write_decimal_invariant;

#[cfg(test)]
mod tests;

use crate::codec::{BindOptions, Read};
use crate::contract::TypeSchema;
use crate::model::Record;

/// The name of the action's `[FromBody]` parameter: ModelState keys are `request` for root
/// errors and `request.<Json.NET path>` for member errors (contracts/reference/wire.md#json-errors).
pub const MODEL_PREFIX: &str = "request";

/// Write a record as Json.NET does through Web API: compact, properties in contract order,
/// `null` written, decimals with their scale (`1.0`, `1.50`), dates in the round-trip form.
///
/// ```
/// use favorite_contract::codec::json;
/// use favorite_contract::Response;
/// let mut out = Vec::new();
/// json::write(&Response::business_error(2, "Клиент не найден"), &mut out);
/// let text = String::from_utf8(out).expect("utf-8");
/// assert!(text.starts_with(r#"{"TotalRows":0,"TotalRowsSelect":0,"#));
/// assert!(text.contains(r#""RemainGain":0.00,"#));
/// assert!(text.ends_with(r#""ErrorCode":2,"Message":"Клиент не найден"}"#));
/// ```
pub fn write(record: &dyn Record, out: &mut Vec<u8>) {
    write::compact(record, out);
}

/// Write a record as Json.NET's `Formatting.Indented` does (two spaces, `"Name": value`), with
/// `\n` line breaks as the help page shows them (.NET on Windows would write `\r\n`). For
/// human-readable snapshots; Web API writes responses compactly.
pub fn write_pretty(record: &dyn Record, out: &mut Vec<u8>) {
    write::indented(record, out);
}

/// Write `s` as a Json.NET string literal (default escaping): `"` and `\` escaped, control
/// characters as `\n`-style or `\u001f`-style escapes, U+0085, U+2028 and U+2029 as `\uXXXX`;
/// everything else, Cyrillic included, raw UTF-8.
///
/// ```
/// let mut out = Vec::new();
/// favorite_contract::codec::json::write_string("Ошибка \"1\"\n<b>", &mut out);
/// assert_eq!(String::from_utf8(out).unwrap(), r#""Ошибка \"1\"\n<b>""#);
/// ```
pub fn write_string(s: &str, out: &mut Vec<u8>) {
    escape::write_quoted(s, out);
}

/// Read a request body as Json.NET under Web API would (contracts/reference/wire.md#json-read, contracts/reference/wire.md#json-errors): the object the
/// action receives (`None` when it receives null) and every diagnostic, ModelState errors
/// included, in body order.
///
/// ```
/// use favorite_contract::codec::{BindOptions, json};
/// use favorite_contract::contract;
/// let read = json::read(r#"{"Client":1.5,"Operator":2}"#, contract().request(), &BindOptions::default());
/// let error = read.diagnostics[0].model_state.as_ref().expect("logged");
/// assert_eq!(error.key, "request.Client");
/// assert_eq!(error.message, "Input string '1.5' is not a valid integer. Path 'Client', line 1, position 13.");
/// assert!(read.object.is_some());
/// ```
pub fn read(text: &str, schema: &'static TypeSchema, options: &BindOptions) -> Read {
    bind::read(text, schema, options)
}
