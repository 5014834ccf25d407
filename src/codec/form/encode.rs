//! Writing a record as a form body that Web API binds back to the same values (used by the
//! checker to send form requests).

use crate::model::Record;

/// Encode any record's scalar members as `key=value` pairs in contract order.
///
/// - Keys are the unprefixed member names (what form binding matches).
/// - Null members are left out (an absent key keeps the constructor's null).
/// - Dates use the round-trip text (`2026-05-07T11:27:39.5+03:00`) with `+` sent as `%2B`.
///   Form binding reads `Z` and offsets as *server local time*, so such values come back as the
///   same instant with the server's offset; Unspecified values come back unchanged.
/// - Values are percent-encoded as UTF-8 except `A–Z a–z 0–9 - . _ *`; a space is sent as `+`.
/// - Text that is empty or only whitespace cannot survive a form: Web API binds it as null.
/// - List members are not written (form binding of nested lists is out of scope).
pub fn encode_record(record: &dyn Record) -> String {
    let schema = record.schema();
    let mut out = String::new();
    for (i, field) in schema.fields.iter().enumerate() {
        let Some(text) = record.field(i).text() else {
            continue;
        };
        if !out.is_empty() {
            out.push('&');
        }
        percent_encode(&field.name, &mut out);
        out.push('=');
        percent_encode(&text, &mut out);
    }
    out
}

/// `application/x-www-form-urlencoded` escaping that `UrlDecode` reverses exactly.
fn percent_encode(text: &str, out: &mut String) {
    out.extend(form_urlencoded::byte_serialize(text.as_bytes()));
}
