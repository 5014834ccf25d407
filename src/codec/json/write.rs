//! Json.NET's `JsonTextWriter` output for contract records: properties in contract order,
//! `null` written, integers as digits, decimals in the invariant form with `.0` appended when
//! there is no decimal point, dates in the round-trip form, lists as arrays of objects.
//!
//! This is the mock's hot path: property keys are rendered once per schema, and numbers and
//! dates are formatted into stack buffers without allocating.

use super::escape::write_quoted;
use crate::contract::{TypeSchema, contract};
use crate::model::{Record, ValueRef};
use rust_decimal::Decimal;
use std::sync::OnceLock;

/// Indentation of `Formatting.Indented` (Json.NET's default: two spaces).
const INDENT: &[u8] = b"  ";

/// Pre-rendered `"Name":` keys of one schema, by field index.
struct Keys {
    schema: &'static TypeSchema,
    keys: Vec<Box<[u8]>>,
}

/// The keys of every contract type, rendered on first use.
fn key_table() -> &'static [Keys] {
    static TABLE: OnceLock<Vec<Keys>> = OnceLock::new();
    TABLE.get_or_init(|| {
        contract()
            .schemas
            .iter()
            .map(|schema| Keys {
                schema,
                keys: schema
                    .fields
                    .iter()
                    .map(|field| {
                        let mut key = Vec::with_capacity(field.name.len() + 3);
                        write_quoted(&field.name, &mut key);
                        key.push(b':');
                        key.into_boxed_slice()
                    })
                    .collect(),
            })
            .collect()
    })
}

fn keys_for(schema: &'static TypeSchema) -> Option<&'static [Box<[u8]>]> {
    key_table()
        .iter()
        .find(|k| std::ptr::eq(k.schema, schema))
        .map(|k| k.keys.as_slice())
}

/// Layout: compact (Web API's default) or `Formatting.Indented`.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Layout {
    Compact,
    Indented,
}

struct Writer<'o> {
    out: &'o mut Vec<u8>,
    layout: Layout,
}

/// Write `record` compactly.
pub(crate) fn compact(record: &dyn Record, out: &mut Vec<u8>) {
    Writer::new(out, Layout::Compact).object(record, 0);
}

/// Write `record` indented by two spaces, `"Name": value`, one property per line (`\n`).
pub(crate) fn indented(record: &dyn Record, out: &mut Vec<u8>) {
    Writer::new(out, Layout::Indented).object(record, 0);
}

impl<'o> Writer<'o> {
    fn new(out: &'o mut Vec<u8>, layout: Layout) -> Writer<'o> {
        Writer { out, layout }
    }

    fn newline(&mut self, level: usize) {
        if self.layout == Layout::Indented {
            self.out.push(b'\n');
            for _ in 0..level {
                self.out.extend_from_slice(INDENT);
            }
        }
    }

    fn object(&mut self, record: &dyn Record, level: usize) {
        let schema = record.schema();
        let keys = keys_for(schema);
        self.out.push(b'{');
        for (i, field) in schema.fields.iter().enumerate() {
            if i > 0 {
                self.out.push(b',');
            }
            self.newline(level + 1);
            match keys.and_then(|k| k.get(i)) {
                Some(key) => self.out.extend_from_slice(key),
                None => {
                    write_quoted(&field.name, self.out);
                    self.out.push(b':');
                }
            }
            if self.layout == Layout::Indented {
                self.out.push(b' ');
            }
            self.value(record.field(i), level + 1);
        }
        if !schema.fields.is_empty() {
            self.newline(level);
        }
        self.out.push(b'}');
    }

    fn value(&mut self, value: ValueRef<'_>, level: usize) {
        match value {
            ValueRef::Null => self.out.extend_from_slice(b"null"),
            ValueRef::Int(v) => write_i64(v, self.out),
            ValueRef::Bool(true) => self.out.extend_from_slice(b"true"),
            ValueRef::Bool(false) => self.out.extend_from_slice(b"false"),
            ValueRef::Decimal(v) => write_decimal(v, self.out),
            ValueRef::DateTime(v) => {
                self.out.push(b'"');
                v.write_bytes(self.out);
                self.out.push(b'"');
            }
            ValueRef::Str(s) => write_quoted(s, self.out),
            ValueRef::Rows(rows) => {
                self.out.push(b'[');
                for i in 0..rows.len() {
                    if i > 0 {
                        self.out.push(b',');
                    }
                    self.newline(level + 1);
                    self.object(rows.row(i), level + 1);
                }
                if !rows.is_empty() {
                    self.newline(level);
                }
                self.out.push(b']');
            }
        }
    }
}

/// An integer as `WriteValue(long)` writes it.
pub(crate) fn write_i64(v: i64, out: &mut Vec<u8>) {
    out.extend_from_slice(itoa::Buffer::new().format(v).as_bytes());
}

/// A decimal as `JsonConvert.ToString(decimal)`: `decimal.ToString(Invariant)` (scale kept,
/// never an exponent) with `.0` appended when there is no decimal point. Zero is written
/// without a sign.
pub(crate) fn write_decimal(v: Decimal, out: &mut Vec<u8>) {
    write_decimal_invariant(v, out);
    if v.scale() == 0 {
        out.extend_from_slice(b".0");
    }
}

/// `decimal.ToString(Invariant)`: the digits with the scale kept, never an exponent; zero
/// without a sign (.NET has no negative zero text). The DataContract writer's form.
pub(crate) fn write_decimal_invariant(v: Decimal, out: &mut Vec<u8>) {
    let mantissa = v.mantissa();
    let scale = v.scale() as usize;
    if mantissa < 0 {
        out.push(b'-');
    }
    let mut buf = itoa::Buffer::new();
    let digits = buf.format(mantissa.unsigned_abs()).as_bytes();
    if scale == 0 {
        out.extend_from_slice(digits);
        return;
    }
    if digits.len() > scale {
        let point = digits.len() - scale;
        out.extend_from_slice(&digits[..point]);
        out.push(b'.');
        out.extend_from_slice(&digits[point..]);
    } else {
        out.extend_from_slice(b"0.");
        out.resize(out.len() + scale - digits.len(), b'0');
        out.extend_from_slice(digits);
    }
}
