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

/// Two-digit pairs for integer formatting.
const PAIRS: &[u8; 200] = b"0001020304050607080910111213141516171819\
2021222324252627282930313233343536373839\
4041424344454647484950515253545556575859\
6061626364656667686970717273747576777879\
8081828384858687888990919293949596979899";

/// The decimal digits of `n`, right-aligned in `buf`.
fn digits_u128(mut n: u128, buf: &mut [u8; 40]) -> &[u8] {
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            return &buf[i..];
        }
    }
}

fn push_u64(mut n: u64, out: &mut Vec<u8>) {
    let mut buf = [0u8; 20];
    let mut i = buf.len();
    while n >= 100 {
        let pair = (n % 100) as usize * 2;
        n /= 100;
        i -= 2;
        buf[i..i + 2].copy_from_slice(&PAIRS[pair..pair + 2]);
    }
    if n >= 10 {
        let pair = n as usize * 2;
        i -= 2;
        buf[i..i + 2].copy_from_slice(&PAIRS[pair..pair + 2]);
    } else {
        i -= 1;
        buf[i] = b'0' + n as u8;
    }
    out.extend_from_slice(&buf[i..]);
}

/// An integer as `WriteValue(long)` writes it.
pub(crate) fn write_i64(v: i64, out: &mut Vec<u8>) {
    if v < 0 {
        out.push(b'-');
    }
    push_u64(v.unsigned_abs(), out);
}

/// A decimal as `JsonConvert.ToString(decimal)`: `decimal.ToString(Invariant)` (scale kept,
/// never an exponent) with `.0` appended when there is no decimal point. Zero is written
/// without a sign.
pub(crate) fn write_decimal(v: Decimal, out: &mut Vec<u8>) {
    let mantissa = v.mantissa();
    let scale = v.scale() as usize;
    if mantissa < 0 {
        out.push(b'-');
    }
    if scale == 0 {
        match u64::try_from(mantissa.unsigned_abs()) {
            Ok(small) => push_u64(small, out),
            Err(_) => out.extend_from_slice(digits_u128(mantissa.unsigned_abs(), &mut [0; 40])),
        }
        out.extend_from_slice(b".0");
        return;
    }
    let mut buf = [0u8; 40];
    let digits = digits_u128(mantissa.unsigned_abs(), &mut buf);
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
