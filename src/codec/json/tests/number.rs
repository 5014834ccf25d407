//! .NET number text rules.

use super::super::number::*;
use rust_decimal::Decimal;
use std::str::FromStr;

fn dec(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

/// Source: Json.NET `ConvertUtils.DecimalTryParse` — scale kept, exponents applied.
#[test]
fn json_net_decimal_parser() {
    let ok = [
        ("1", "1"),
        ("1.50", "1.50"),
        ("0.0", "0.0"),
        ("-0.001", "-0.001"),
        ("1e2", "100"),
        ("1.5e1", "15"),
        ("1.50e1", "15.0"),
        ("96.014e-05", "0.00096014"),
        (
            "79228162514264337593543950335",
            "79228162514264337593543950335",
        ),
        (
            "7.9228162514264337593543950335",
            "7.9228162514264337593543950335",
        ),
        ("1e-30", "0"),
    ];
    for (text, expected) in ok {
        match decimal_try_parse(text) {
            Parsed::Ok(v) => assert_eq!(v.to_string(), dec(expected).to_string(), "{text}"),
            other => panic!("{text}: {other:?}"),
        }
    }
    for bad in [
        "", "-", ".5", "5.", "1.2.3", "1e", "e1", "1.e1", "01", "0x1", "1-",
    ] {
        assert_eq!(decimal_try_parse(bad), Parsed::Invalid, "{bad}");
    }
    assert_eq!(
        decimal_try_parse("79228162514264337593543950336"),
        Parsed::Overflow
    );
    assert_eq!(decimal_try_parse("1e29"), Parsed::Overflow);
}

/// Source: contracts/reference/wire.md#json-read — quoted decimals use `NumberStyles.Number`.
#[test]
fn number_style_decimals() {
    let ok = [
        ("1,000.5", "1000.5"),
        (" 7 ", "7"),
        ("+1.50", "1.50"),
        ("1.50-", "-1.50"),
        (".5", "0.5"),
        ("5.", "5"),
        ("1,,0", "10"),
        (
            "0.12345678901234567890123456789",
            "0.1234567890123456789012345679",
        ),
    ];
    for (text, expected) in ok {
        assert_eq!(
            parse_decimal_number(text).map(|d| d.to_string()),
            Some(dec(expected).to_string()),
            "{text}"
        );
    }
    for bad in [
        "", ",1", "1e2", "1.2.3", "--1", "-1-", "(1)", "1 000", "abc",
    ] {
        assert_eq!(parse_decimal_number(bad), None, "{bad}");
    }
}

/// Source: Json.NET `ConvertUtils.Int32TryParse` and `int.TryParse(NumberStyles.Integer)`.
#[test]
fn integers() {
    assert_eq!(int32_try_parse("-2147483648"), Parsed::Ok(i32::MIN));
    assert_eq!(int32_try_parse("2147483648"), Parsed::Overflow);
    assert_eq!(int32_try_parse("-00000000001"), Parsed::Overflow);
    assert_eq!(int32_try_parse("1.0"), Parsed::Invalid);
    assert_eq!(int32_try_parse("12345678901.5"), Parsed::Invalid);
    assert_eq!(int64_try_parse("9223372036854775807"), Parsed::Ok(i64::MAX));
    assert_eq!(int64_try_parse("9223372036854775808"), Parsed::Overflow);
    assert_eq!(parse_integer(" +7 \0", -10, 10), Ok(7));
    assert_eq!(parse_integer("11", -10, 10), Err(IntError::Overflow));
    assert_eq!(
        parse_integer("1,000", i64::MIN, i64::MAX),
        Err(IntError::Format)
    );
    assert_eq!(radix_parse("0x1F", 32), Some(31));
    assert_eq!(radix_parse("0xFFFFFFFF", 32), Some(-1));
    assert_eq!(radix_parse("0x100000000", 32), None);
    assert_eq!(radix_parse("010", 32), Some(8));
    assert_eq!(radix_parse("09", 32), None);
    assert_eq!(radix_parse("0x", 64), None);
}

/// Source: .NET `Convert.ToInt64(double)` rounds half to even; `double.ToString()` is `G15`.
#[test]
fn doubles() {
    assert_eq!(double_to_int(2.5, i64::MIN, i64::MAX), Some(2));
    assert_eq!(double_to_int(-3.5, i64::MIN, i64::MAX), Some(-4));
    assert_eq!(double_to_int(32767.5, -32768, 32767), None);
    assert_eq!(double_to_int(f64::NAN, i64::MIN, i64::MAX), None);
    assert_eq!(double_to_int(9.3e18, i64::MIN, i64::MAX), None);
    let shown: Vec<_> = [
        1.5,
        100.0,
        1e15,
        1e30,
        0.0001,
        0.00001,
        -2.5e-7,
        123456789012345.0,
        0.1 + 0.2,
    ]
    .iter()
    .map(|v| format_double(*v))
    .collect();
    assert_eq!(
        shown,
        [
            "1.5",
            "100",
            "1E+15",
            "1E+30",
            "0.0001",
            "1E-05",
            "-2.5E-07",
            "123456789012345",
            "0.3"
        ]
    );
    assert_eq!(parse_double("1e400"), None);
    assert_eq!(parse_double("1."), Some(1.0));
    assert_eq!(parse_double("-"), None);
}

/// Source: .NET `bool.TryParse`.
#[test]
fn booleans() {
    assert_eq!(parse_bool(" TRUE \0"), Some(true));
    assert_eq!(parse_bool("false"), Some(false));
    assert_eq!(parse_bool("1"), None);
    assert_eq!(parse_bool("yes"), None);
}
