//! Bodies as trees that keep what a reviewer or a checker must see and ordinary parsers hide:
//! [`json`] keeps each number's exact text, duplicate keys, key order and byte offsets; [`xml`]
//! resolves namespaces while keeping document order, attributes and `i:nil`. The checker reads
//! response bodies through them and the regression snapshots render and compare them.

pub(crate) mod json;
pub(crate) mod xml;

/// One JSON pointer segment (RFC 6901: `~` → `~0`, `/` → `~1`).
pub(crate) fn pointer_segment(segment: &str) -> String {
    segment.replace('~', "~0").replace('/', "~1")
}

/// A JSON string literal as serde_json writes it (non-ASCII kept as is). Used where a body is
/// composed or rendered by hand; the Json.NET writer (`codec::json`) is for what a server
/// writes.
pub(crate) fn json_string(text: &str) -> String {
    serde_json::Value::String(text.to_owned()).to_string()
}
#[cfg(test)]
mod tests;
