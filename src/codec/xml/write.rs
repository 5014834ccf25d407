//! The response writer: `DataContractSerializer.WriteObject` through Web API's `XmlWriter`
//! (contracts/reference/wire.md#xml-member-order, contracts/reference/wire.md#xml-writer, contracts/reference/wire.md#primitive-forms), and the help page's pretty form of the same document.
//!
//! Forms, each as .NET's writer produces it:
//! - null (`i:nil`) and an empty list: `WriteEndElement` on a start tag with no content, which
//!   the raw writer closes with the short form `" />"`.
//!   An empty `List<Row>` gets no item calls between `WriteStartElement` and `WriteEndElement`,
//!   so it is `<ClientFavorites />`, never `<ClientFavorites></ClientFavorites>`.
//! - empty string: `WriteString("")` moves the writer into content state, which forces the full
//!   end tag: `<Message></Message>`.
//! - decimal: `decimal.ToString(Invariant)`, scale kept, never `.0` appended (`1`, `1.50`).
//! - DateTime: the round-trip form of [`NetDateTime::write_to`].
//!
//! The pretty form is `XDocument.Parse(wire).ToString()`: two-space indent, one element per
//! line, leaf elements inline, short and full end tags preserved as parsed. The newline is
//! `\n`, as in the captured help page (the live Windows page uses `\r\n`).

use super::clr::{MemberTags, SchemaTags, tags};
use super::escape::{WIRE_NEWLINE, escape_with};
use crate::codec::json::write_decimal_invariant;
use crate::model::{NetDateTime, Record, ValueRef};
use rust_decimal::Decimal;

/// Write a record as DataContractSerializer does through Web API: one line, no declaration.
///
/// ```
/// use favorite_contract::Response;
/// let mut out = Vec::new();
/// favorite_contract::codec::xml::write(&Response::business_error(7, "нет"), &mut out);
/// let text = String::from_utf8(out).unwrap();
/// assert!(text.starts_with("<ClientFavoriteDataInfoResponse xmlns:i="));
/// assert!(text.contains("<ClientFavorites />"));
/// ```
pub fn write(record: &dyn Record, out: &mut Vec<u8>) {
    Emitter::new(out, None).root(record);
}

/// Write a record in the help page's pretty form (`XDocument.ToString()`).
pub fn write_pretty(record: &dyn Record, out: &mut Vec<u8>) {
    Emitter::new(out, Some(b"\n")).root(record);
}

struct Emitter<'o> {
    out: &'o mut Vec<u8>,
    /// `Some(newline)` when indenting.
    pretty: Option<&'static [u8]>,
}

impl<'o> Emitter<'o> {
    fn new(out: &'o mut Vec<u8>, pretty: Option<&'static [u8]>) -> Self {
        Emitter { out, pretty }
    }

    fn root(mut self, record: &dyn Record) {
        let schema = record.schema();
        let tags = tags(schema);
        self.out.extend_from_slice(&tags.root_open);
        self.members(record, &tags, 1);
        self.line(0);
        self.out.extend_from_slice(&tags.root_close);
    }

    /// Newline and indent before an element at `depth` (pretty form only).
    fn line(&mut self, depth: usize) {
        if let Some(newline) = self.pretty {
            self.out.extend_from_slice(newline);
            for _ in 0..depth {
                self.out.extend_from_slice(b"  ");
            }
        }
    }

    fn members(&mut self, record: &dyn Record, tags: &SchemaTags, depth: usize) {
        for &i in &record.schema().xml_order {
            self.line(depth);
            self.member(record.field(i), &tags.members[i], depth);
        }
    }

    fn member(&mut self, value: ValueRef<'_>, tag: &MemberTags, depth: usize) {
        let newline = self.pretty.unwrap_or(WIRE_NEWLINE);
        match value {
            ValueRef::Null => return self.out.extend_from_slice(&tag.nil),
            ValueRef::Rows(rows) if rows.is_empty() => {
                return self.out.extend_from_slice(&tag.empty);
            }
            _ => {}
        }
        self.out.extend_from_slice(&tag.open);
        match value {
            ValueRef::Null => {}
            ValueRef::Int(v) => self
                .out
                .extend_from_slice(itoa::Buffer::new().format(v).as_bytes()),
            ValueRef::Bool(v) => self
                .out
                .extend_from_slice(if v { b"true" } else { b"false" }),
            ValueRef::Decimal(v) => push_decimal(self.out, v),
            ValueRef::DateTime(v) => self.datetime(v),
            ValueRef::Str(v) => escape_with(v, newline, self.out),
            ValueRef::Rows(rows) => {
                if let Some(row) = &tag.row {
                    let row_tags = tags(row.schema);
                    for i in 0..rows.len() {
                        self.line(depth + 1);
                        self.out.extend_from_slice(&row.open);
                        self.members(rows.row(i), &row_tags, depth + 2);
                        self.line(depth + 1);
                        self.out.extend_from_slice(&row.close);
                    }
                }
                self.line(depth);
            }
        }
        self.out.extend_from_slice(&tag.close);
    }

    fn datetime(&mut self, value: &NetDateTime) {
        value.write_bytes(self.out);
    }
}

/// `decimal.ToString(null, Invariant)`: the scale is kept; .NET has no negative zero text.
fn push_decimal(out: &mut Vec<u8>, value: Decimal) {
    write_decimal_invariant(value, out);
}
