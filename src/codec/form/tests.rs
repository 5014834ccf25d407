use super::convert::{self, Failure, Note};
use super::pairs::{self, DecodeNotes};
use super::*;
use crate::codec::{Diagnostic, DiagnosticKind, Effect, Location, Severity};
use crate::contract::{ClrType, TypeSchema, contract};
use crate::model::{FromObject, MOSCOW, Object, Request, Value};
use rust_decimal::Decimal;

fn read_request(body: &str) -> (Option<Request>, Vec<Diagnostic>) {
    let result = read(body, contract().request(), &BindOptions::default());
    (
        result.object.and_then(Request::from_object),
        result.diagnostics,
    )
}

fn kinds(diagnostics: &[Diagnostic]) -> Vec<DiagnosticKind> {
    diagnostics.iter().map(|d| d.kind).collect()
}

fn bound(body: &str, member: &str) -> Value {
    let result = read(body, contract().request(), &BindOptions::default());
    result
        .object
        .as_ref()
        .and_then(|o| o.get(member).cloned())
        .unwrap_or(Value::String("<request null>".into()))
}

fn schema_with(field: &str) -> &'static TypeSchema {
    contract()
        .schemas
        .iter()
        .find(|s| s.field_index(field).is_some())
        .unwrap()
}

#[test]
fn url_decode_follows_uri_query_utility() {
    // Source: contracts/reference/wire.md#form-binding (WebUtility.UrlDecode semantics; UriQueryUtility.UrlDecodeInternal).
    let none = DecodeNotes::default();
    let bad = DecodeNotes {
        bad_escape: true,
        replaced: false,
    };
    let replaced = DecodeNotes {
        bad_escape: false,
        replaced: true,
    };
    let cases: [(&str, &str, DecodeNotes); 12] = [
        ("a+b", "a b", none),
        ("%2B05%3A00", "+05:00", none),
        ("%d0%9f%D1%80%D0%B8", "При", none),
        ("При", "При", none),
        ("100%", "100%", bad),
        ("%zz", "%zz", bad),
        ("%4", "%4", bad),
        ("%41", "A", none),
        ("%C3", "\u{FFFD}", replaced),
        ("%C3a", "\u{FFFD}a", replaced),
        ("%C3%A9", "é", none),
        ("%uD83D", "%uD83D", bad),
    ];
    for (input, expected, notes) in cases {
        assert_eq!(
            pairs::url_decode(input),
            (expected.to_owned(), notes),
            "{input:?}"
        );
    }
}

#[test]
fn split_counts_every_ampersand() {
    // Source: FormUrlEncodedParser — a trailing `&` makes an empty pair; only the first `=` splits.
    let split: Vec<_> = pairs::split("a=1&b&c=x=y&").collect();
    let seen: Vec<(&str, Option<&str>, &str)> = split
        .iter()
        .map(|p| (p.raw_key, p.raw_value, p.value.as_str()))
        .collect();
    assert_eq!(
        seen,
        [
            ("a", Some("1"), "1"),
            ("b", None, ""),
            ("c", Some("x=y"), "x=y"),
            ("", None, "")
        ]
    );
}

#[test]
fn jquery_keys_normalise_like_mvc() {
    // Source: contracts/reference/wire.md#form-binding (FormDataCollectionExtensions.NormalizeJQueryToMvc).
    let cases = [
        ("Client", Ok("Client")),
        ("Client[]", Ok("Client")),
        ("a[b]", Ok("a.b")),
        ("a[b][c]", Ok("a.b.c")),
        ("a[0]", Ok("a[0]")),
        ("a[0][b]", Ok("a[0].b")),
        ("[Client]", Ok(".Client")),
        ("a[b]c[d]", Ok("a.bc.d")),
        ("a]", Ok("a]")),
        ("a[", Err(pairs::MissingBracket)),
        ("a[b", Err(pairs::MissingBracket)),
    ];
    for (key, expected) in cases {
        assert_eq!(
            pairs::normalize_jquery(key),
            expected.map(str::to_owned),
            "{key}"
        );
    }
    assert!(pairs::eq_ordinal_ignore_case("CLIENT", "client"));
    assert!(pairs::eq_ordinal_ignore_case("clıent", "CLIENT"));
    assert!(!pairs::eq_ordinal_ignore_case("Client", "Clien"));
}

#[test]
fn integer_conversions() {
    // Source: contracts/reference/wire.md#form-binding (Int32.Parse(Integer), hex via BaseNumberConverter, Int16 range).
    let int = |text: &str, ty| convert::convert(text, ty, MOSCOW).map(|c| (c.value, c.note));
    let hex = Some(Note::Hex);
    let cases = [
        ("7", ClrType::Int32, Ok((Value::Int(7), None))),
        (" +7 ", ClrType::Int32, Ok((Value::Int(7), None))),
        ("-0", ClrType::Int32, Ok((Value::Int(0), None))),
        ("007", ClrType::Int32, Ok((Value::Int(7), None))),
        ("7\0", ClrType::Int32, Ok((Value::Int(7), None))),
        ("0x10", ClrType::Int32, Ok((Value::Int(16), hex))),
        ("0X10", ClrType::Int32, Ok((Value::Int(16), hex))),
        ("#10", ClrType::Int32, Ok((Value::Int(16), hex))),
        ("&h10", ClrType::Int32, Ok((Value::Int(16), hex))),
        ("#0x10", ClrType::Int32, Ok((Value::Int(16), hex))),
        ("0x+10", ClrType::Int32, Ok((Value::Int(16), hex))),
        ("0xFFFFFFFF", ClrType::Int32, Ok((Value::Int(-1), hex))),
        ("0xFFFF", ClrType::Int16, Ok((Value::Int(-1), hex))),
        ("0x10000", ClrType::Int16, Err(Failure::Overflow)),
        ("0x100000000", ClrType::Int32, Err(Failure::Overflow)),
        ("0x", ClrType::Int32, Err(Failure::BadHex)),
        ("0x-1", ClrType::Int32, Err(Failure::BadHex)),
        ("0xZZ", ClrType::Int32, Err(Failure::Format)),
        ("0x1 ", ClrType::Int32, Ok((Value::Int(1), hex))),
        ("7.0", ClrType::Int32, Err(Failure::Format)),
        ("1e2", ClrType::Int32, Err(Failure::Format)),
        ("1,000", ClrType::Int32, Err(Failure::Format)),
        ("abc", ClrType::Int32, Err(Failure::Format)),
        (
            "2147483647",
            ClrType::Int32,
            Ok((Value::Int(2_147_483_647), None)),
        ),
        ("2147483648", ClrType::Int32, Err(Failure::Overflow)),
        ("70000", ClrType::Int16, Err(Failure::Overflow)),
        ("-32768", ClrType::Int16, Ok((Value::Int(-32768), None))),
        (
            "9223372036854775807",
            ClrType::Int64,
            Ok((Value::Int(i64::MAX), None)),
        ),
        (
            "9223372036854775808",
            ClrType::Int64,
            Err(Failure::Overflow),
        ),
        (
            "99999999999999999999999999",
            ClrType::Int64,
            Err(Failure::Overflow),
        ),
    ];
    for (text, ty, expected) in cases {
        assert_eq!(int(text, ty), expected, "{text:?} as {ty:?}");
    }
}

#[test]
fn decimal_bool_and_date_conversions() {
    // Source: contracts/reference/wire.md#form-binding (DecimalConverter NumberStyles.Float, Boolean.Parse, DateTime.Parse).
    let dec = |text: &str| {
        convert::convert(text, ClrType::Decimal, MOSCOW).map(|c| match c.value {
            Value::Decimal(d) => d.to_string(),
            other => format!("{other:?}"),
        })
    };
    assert_eq!(dec("1e2"), Ok("100".into()));
    assert_eq!(dec("1.50"), Ok("1.50".into()));
    assert_eq!(dec("1.50e1"), Ok("15.0".into()));
    assert_eq!(dec("-.5"), Ok("-0.5".into()));
    assert_eq!(dec("5."), Ok("5".into()));
    assert_eq!(dec("100e-2"), Ok("1.00".into()));
    assert_eq!(dec("1,5"), Err(Failure::Format));
    assert_eq!(dec("1e"), Err(Failure::Format));
    assert_eq!(dec("."), Err(Failure::Format));
    assert_eq!(dec("1e30"), Err(Failure::Overflow));
    assert_eq!(dec("1e-40"), Ok("0".into()));
    assert_eq!(
        dec("79228162514264337593543950335"),
        Ok("79228162514264337593543950335".into())
    );
    assert_eq!(dec("79228162514264337593543950336"), Err(Failure::Overflow));

    let boolean = |text: &str| convert::convert(text, ClrType::Boolean, MOSCOW).map(|c| c.value);
    assert_eq!(boolean("TRUE"), Ok(Value::Bool(true)));
    assert_eq!(boolean(" false\0"), Ok(Value::Bool(false)));
    assert_eq!(boolean("on"), Err(Failure::Format));
    assert_eq!(boolean("1"), Err(Failure::Format));

    let date = |text: &str| {
        convert::convert(text, ClrType::DateTime, MOSCOW).map(|c| match c.value {
            Value::DateTime(d) => (d.to_wire(), c.note),
            other => (format!("{other:?}"), c.note),
        })
    };
    assert_eq!(
        date("2026-05-07T11:27:39+05:00"),
        Ok(("2026-05-07T09:27:39+03:00".into(), Some(Note::DateToLocal)))
    );
    assert_eq!(
        date("07.05.2026"),
        Ok(("2026-07-05T00:00:00".into(), Some(Note::MonthFirst)))
    );
    assert_eq!(date("2026-05-07"), Ok(("2026-05-07T00:00:00".into(), None)));
    assert_eq!(date("2026-05-07T11:27:39 05:00"), Err(Failure::Format));
}

#[test]
fn binds_members_by_unprefixed_case_insensitive_keys() {
    // Source: contracts/reference/wire.md#form-binding (key names, OrdinalIgnoreCase; [mono] operator=1&sitecode=abc&CLIENT=7).
    let (request, diagnostics) = read_request("operator=1&sitecode=abc&CLIENT=7");
    let request = request.unwrap();
    assert_eq!(
        (
            request.operator,
            request.site_code.as_deref(),
            request.client
        ),
        (1, Some("abc"), 7)
    );
    assert_eq!(kinds(&diagnostics), [DiagnosticKind::FormCaseMismatch; 3]);
    assert!(diagnostics.iter().all(|d| d.severity == Severity::Info));

    let (request, diagnostics) = read_request("Client=7&SiteCode=abc&Token=5");
    let request = request.unwrap();
    assert_eq!(
        (request.client, request.site_code.as_deref(), request.token),
        (7, Some("abc"), Some(5))
    );
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
}

#[test]
fn prefixed_keys_do_not_bind() {
    // Source: contracts/reference/wire.md#form-binding (`request.Client=7` does not bind).
    let (request, diagnostics) = read_request("request.Client=7");
    assert_eq!(request.unwrap(), Request::default());
    let d = &diagnostics[0];
    assert_eq!(
        (d.kind, d.severity, d.effect, d.field.as_deref()),
        (
            DiagnosticKind::FormUnknownKey,
            Severity::Warning,
            Effect::Ignored,
            Some("Client")
        )
    );
    insta::assert_snapshot!(d, @"warning[form-unknown-key] at form key `request.Client` (pair 0): key `request.Client` does not bind: form keys are the unprefixed property names, so send `Client=…`; Web API ignores this pair and Client keeps its default 0");

    // jQuery nesting normalises to the same dotted key.
    let (_, diagnostics) = read_request("request[Client]=7");
    assert_eq!(diagnostics[0].field.as_deref(), Some("Client"));
    let (_, diagnostics) = read_request("Client[0]=7");
    insta::assert_snapshot!(diagnostics[0].message, @"key `Client[0]` addresses Client as a list or object, but it is a single Int32; send `Client=…`; Web API ignores this pair");
    let (request, diagnostics) = read_request("Foo=1");
    assert_eq!(request.unwrap(), Request::default());
    insta::assert_snapshot!(diagnostics[0].message, @"key `Foo` is not a member of ClientFavoriteDataInfoRequest; Web API ignores it");
}

#[test]
fn jquery_array_key_binds() {
    // Source: contracts/reference/wire.md#form-binding (`a[]` → `a`).
    let (request, diagnostics) = read_request("Client[]=7");
    assert_eq!(request.unwrap().client, 7);
    assert_eq!(kinds(&diagnostics), [DiagnosticKind::FormConverted]);
}

#[test]
fn first_duplicate_wins() {
    // Source: contracts/reference/wire.md#form-binding ([mono] `Client=5&Client=abc` → 5).
    let (request, diagnostics) = read_request("Client=5&Client=abc");
    assert_eq!(request.unwrap().client, 5);
    assert_eq!(kinds(&diagnostics), [DiagnosticKind::FormDuplicateKey]);
    insta::assert_snapshot!(diagnostics[0], @"warning[form-duplicate-key] at form key `Client` (pair 1): Client is sent again (first at pair 0); Web API binds only the first value `5` and ignores `abc`");

    // The failing first value is reported with every value joined (GetAttemptedValue).
    let (request, diagnostics) = read_request("Client=abc&client=5");
    assert_eq!(request.unwrap().client, 0);
    assert_eq!(
        kinds(&diagnostics),
        [
            DiagnosticKind::FormConversionFailed,
            DiagnosticKind::FormDuplicateKey
        ]
    );
    let entry = diagnostics[0].model_state.as_ref().unwrap();
    assert_eq!(
        (entry.key.as_str(), entry.message.as_str()),
        (
            "request.Client",
            "The value 'abc,5' is not valid for Client."
        )
    );
}

#[test]
fn blank_values_are_null() {
    // Source: contracts/reference/wire.md#form-binding (empty or whitespace → null; strings null not ""; int stays 0).
    let (request, diagnostics) = read_request("SiteCode=&ClientFavoriteId=+&Client=%20");
    let request = request.unwrap();
    assert_eq!(
        (
            request.site_code,
            request.client_favorite_id,
            request.client
        ),
        (None, None, 0)
    );
    assert_eq!(kinds(&diagnostics), [DiagnosticKind::FormEmptyValue; 3]);
    let severities: Vec<Severity> = diagnostics.iter().map(|d| d.severity).collect();
    assert_eq!(
        severities,
        [Severity::Warning, Severity::Info, Severity::Warning]
    );
    assert!(diagnostics.iter().all(|d| d.model_state.is_none()));
    insta::assert_snapshot!(diagnostics[0].message, @r#"SiteCode is empty; form binding turns a blank value into null (JSON and XML would give ""), so SiteCode is null; send a non-blank value or leave the key out"#);
    insta::assert_snapshot!(diagnostics[2].message, @"Client is empty; form binding reads a blank value as null, which an Int32 cannot hold, so Client keeps its default 0");

    // A key without `=` is a blank value.
    let (request, diagnostics) = read_request("Client=7&SiteCode");
    assert_eq!(request.unwrap().site_code, None);
    insta::assert_snapshot!(diagnostics[0].message, @r#"key `SiteCode` has no `=`, so SiteCode is empty; form binding turns a blank value into null (JSON and XML would give ""), so SiteCode is null; send a non-blank value or leave the key out"#);

    // Strings keep surrounding whitespace when not blank.
    assert_eq!(
        bound("SiteCode=+a+", "SiteCode"),
        Value::String(" a ".into())
    );
}

#[test]
fn conversion_failures_log_model_state_and_keep_defaults() {
    // Source: contracts/reference/wire.md#form-binding (TypeConverterModelBinder; `The value 'abc' is not valid for Client.`).
    let (request, diagnostics) = read_request("Client=abc&Operator=70000&Token=0x-1&Start=7");
    let request = request.unwrap();
    assert_eq!(
        (
            request.client,
            request.operator,
            request.token,
            request.start
        ),
        (0, 0, None, Some(7))
    );
    let entries: Vec<(String, String)> = diagnostics
        .iter()
        .filter_map(|d| d.model_state.clone())
        .map(|e| (e.key, e.message))
        .collect();
    insta::assert_snapshot!(format!("{entries:#?}"), @r#"
    [
        (
            "request.Client",
            "The value 'abc' is not valid for Client.",
        ),
        (
            "request.Operator",
            "The parameter conversion from type 'System.String' to type 'System.Int16' failed. See the inner exception for more information.",
        ),
        (
            "request.Token",
            "The parameter conversion from type 'System.String' to type 'System.Nullable`1[System.Int64]' failed. See the inner exception for more information.",
        ),
    ]
    "#);
    assert!(diagnostics.iter().all(|d| d.severity == Severity::Error
        && d.kind == DiagnosticKind::FormConversionFailed
        && d.effect == Effect::DefaultKept));
    insta::assert_snapshot!(diagnostics[0], @"error[form-conversion-failed] at form key `Client` (pair 0): Client=abc is not a valid Int32; Web API logs a ModelState error and Client keeps its default 0 (ModelState `request.Client`: The value 'abc' is not valid for Client.)");
    insta::assert_snapshot!(diagnostics[1].message, @"Operator=70000 is outside the Int16 range (-32768 to 32767); Web API logs a ModelState error and Operator keeps its default 0");
    insta::assert_snapshot!(diagnostics[2].message, @"Token=0x-1 is not valid hexadecimal (no digits, or a sign after the prefix); Web API logs a ModelState error and Token keeps its default null");
}

#[test]
fn hex_integers_are_accepted_with_a_note() {
    // Source: contracts/reference/wire.md#form-binding ([mono] `0x10` → 16).
    let (request, diagnostics) = read_request("Client=0x10&Operator=%2310");
    let request = request.unwrap();
    assert_eq!((request.client, request.operator), (16, 16));
    insta::assert_snapshot!(diagnostics[0], @"info[form-converted] at form key `Client` (pair 0): Client=0x10 is read as hexadecimal (16) by the Int32 TypeConverter; send decimal digits unless hex was meant");
}

#[test]
fn dates_convert_with_invariant_culture() {
    // Source: contracts/reference/wire.md#form-binding (DateTime.Parse(Invariant); offset → server Local; 07.05.2026 → 5 July).
    let (request, diagnostics) =
        read_request("BegDate=2026-05-07T11:27:39%2B05:00&EndDate=07.05.2026");
    let request = request.unwrap();
    assert_eq!(
        request.beg_date.map(|d| d.to_wire()).as_deref(),
        Some("2026-05-07T09:27:39+03:00")
    );
    assert_eq!(
        request.end_date.map(|d| d.to_wire()).as_deref(),
        Some("2026-07-05T00:00:00")
    );
    assert_eq!(
        kinds(&diagnostics),
        [
            DiagnosticKind::FormConverted,
            DiagnosticKind::FormMonthFirstDate
        ]
    );
    insta::assert_snapshot!(diagnostics[0].message, @"BegDate=2026-05-07T11:27:39+05:00 carries a UTC designator or offset; form binding converts it to the server's local time, 2026-05-07T09:27:39+03:00");
    insta::assert_snapshot!(diagnostics[1], @"warning[form-month-first-date] at form key `EndDate` (pair 1): EndDate=07.05.2026 is read month-first by the invariant culture, as 2026-07-05T00:00:00; if the day comes first, send ISO yyyy-MM-dd instead");
}

#[test]
fn raw_plus_in_offset_fails_with_a_hint() {
    // Source: contracts/reference/wire.md#form-binding (`+` in ISO offsets must be sent as `%2B`).
    let (request, diagnostics) = read_request("BegDate=2026-05-07T11:27:39+05:00");
    assert_eq!(request.unwrap().beg_date, None);
    assert_eq!(
        kinds(&diagnostics),
        [
            DiagnosticKind::FormConversionFailed,
            DiagnosticKind::FormPlusInOffset
        ]
    );
    assert_eq!(
        diagnostics[0].model_state.as_ref().unwrap().message,
        "The value '2026-05-07T11:27:39 05:00' is not valid for BegDate."
    );
    let hint = &diagnostics[1];
    assert_eq!(
        (hint.severity, hint.expected.as_deref()),
        (Severity::Warning, Some("2026-05-07T11:27:39%2B05:00"))
    );
    insta::assert_snapshot!(hint.message, @"BegDate was sent with a raw `+` (`2026-05-07T11:27:39+05:00`), which form decoding turns into a space, so the date does not parse; percent-encode the plus: BegDate=2026-05-07T11:27:39%2B05:00");

    // A date that fails for another reason gets no plus hint.
    let (_, diagnostics) = read_request("BegDate=tomorrow+noon");
    assert_eq!(kinds(&diagnostics), [DiagnosticKind::FormConversionFailed]);
}

#[test]
fn malformed_escapes_are_kept_and_reported() {
    // Decision (documented in pairs::url_decode): .NET keeps a bad `%` escape literally.
    let (request, diagnostics) = read_request("SiteCode=100%&Client=7");
    assert_eq!(request.unwrap().site_code.as_deref(), Some("100%"));
    assert_eq!(
        (diagnostics[0].kind, diagnostics[0].severity),
        (DiagnosticKind::FormMalformed, Severity::Info)
    );
    let (request, diagnostics) = read_request("SiteCode=%C3");
    assert_eq!(request.unwrap().site_code.as_deref(), Some("\u{FFFD}"));
    assert_eq!(diagnostics[0].severity, Severity::Warning);
    assert_eq!(
        bound("SiteCode=a%2Bb+c", "SiteCode"),
        Value::String("a+b c".into())
    );
    // `+` is a space (HTML forms send spaces that way), so it is not reported.
    let (request, diagnostics) = read_request("SiteCode=a+b");
    assert_eq!(request.unwrap().site_code.as_deref(), Some("a b"));
    assert!(diagnostics.is_empty());
}

#[test]
fn no_matching_key_still_binds_an_instance() {
    // Source: contracts/reference/wire.md#form-binding (no key matches: still an instance). Stray `&` are silent.
    let (request, diagnostics) = read_request("&&");
    assert_eq!(request.unwrap(), Request::default());
    assert!(diagnostics.is_empty());
    let (_, diagnostics) = read_request("=5");
    assert_eq!(kinds(&diagnostics), [DiagnosticKind::FormUnknownKey]);
}

#[test]
fn unclosed_bracket_makes_the_request_null() {
    // Source: FormDataCollectionExtensions.NormalizeJQueryToMvc throws; ReadAs logs and returns null.
    for body in ["Client=7&Client[=1", "Client%5B=1", "a[b=1"] {
        let (request, diagnostics) = read_request(body);
        assert!(request.is_none(), "{body}");
        assert_eq!(
            (diagnostics.len(), diagnostics[0].effect),
            (1, Effect::RequestNull)
        );
    }
    let (_, diagnostics) = read_request("Client=7&Client[=1");
    assert_eq!(
        diagnostics[0].location,
        Location::Form {
            key: "Client[".into(),
            index: 1
        }
    );
    insta::assert_snapshot!(diagnostics[0].message, @"key `Client[` has a `[` without a closing `]`; jQuery key normalisation (which runs after percent-decoding, so %5B does not help) throws, Web API logs an error and the whole request becomes null; remove the bracket");
}

#[test]
fn too_many_pairs_make_the_request_null() {
    // Source: MediaTypeFormatter.MaxHttpCollectionKeys (1000), counted per pair.
    let at_limit = format!("Client=7{}", "&".repeat(MAX_HTTP_COLLECTION_KEYS - 1));
    assert_eq!(read_request(&at_limit).0.unwrap().client, 7);
    let over = format!("Client=7{}", "&".repeat(MAX_HTTP_COLLECTION_KEYS));
    let (request, diagnostics) = read_request(&over);
    assert!(request.is_none());
    assert_eq!(diagnostics[0].kind, DiagnosticKind::LimitExceeded);
    insta::assert_snapshot!(diagnostics[0].model_state.as_ref().unwrap().message, @"The number of keys in a NameValueCollection has exceeded the limit of '1000'. You can adjust it by modifying the MaxHttpCollectionKeys property on the 'System.Net.Http.Formatting.MediaTypeFormatter' class.");
}

#[test]
fn other_schemas_bind_bools_decimals_and_skip_lists() {
    // The reader is schema-driven: row and response types exercise Boolean, Decimal and List.
    let rows = schema_with("Confirm");
    let result = read(
        "confirm=TRUE&NoActive=on&Id=1",
        rows,
        &BindOptions::default(),
    );
    let object = result.object.unwrap();
    assert_eq!(object.get("Confirm"), Some(&Value::Bool(true)));
    assert_eq!(object.get("NoActive"), Some(&Value::Bool(false)));
    assert_eq!(
        result
            .diagnostics
            .iter()
            .filter_map(|d| d.model_state.as_ref())
            .map(|e| e.message.as_str())
            .collect::<Vec<_>>(),
        ["The value 'on' is not valid for NoActive."]
    );

    let response = contract().response();
    let result = read(
        "RemainGain=1e2&SumGain=1,5&ClientFavorites=x",
        response,
        &BindOptions::default(),
    );
    let object = result.object.unwrap();
    assert_eq!(
        object.get("RemainGain"),
        Some(&Value::Decimal(Decimal::from(100)))
    );
    assert_eq!(object.get("SumGain"), Some(&Value::Decimal(Decimal::ZERO)));
    assert_eq!(object.get("ClientFavorites"), Some(&Value::Null));
    assert_eq!(
        kinds(&result.diagnostics),
        [
            DiagnosticKind::FormConverted,
            DiagnosticKind::FormConversionFailed,
            DiagnosticKind::FormUnknownKey
        ]
    );
    assert_eq!(
        Object::new(response).get("SumGain"),
        object.get("SumGain"),
        "a failed decimal keeps the default"
    );
}

#[test]
fn encoder_escapes_so_that_reading_gives_back_the_values() {
    let request = Request {
        client: -7,
        site_code: Some("{type:1}&a=b+c %25 Привет".into()),
        beg_date: Some(crate::model::NetDateTime::local(
            chrono::NaiveDate::from_ymd_opt(2026, 5, 7)
                .unwrap()
                .and_hms_opt(11, 27, 39)
                .unwrap(),
            MOSCOW,
        )),
        token: Some(i64::MIN),
        ..Request::default()
    };
    let body = encode_request(&request);
    insta::assert_snapshot!(body, @"Client=-7&BegDate=2026-05-07T11%3A27%3A39%2B03%3A00&Operator=0&Token=-9223372036854775808&SiteCode=%7Btype%3A1%7D%26a%3Db%2Bc+%2525+%D0%9F%D1%80%D0%B8%D0%B2%D0%B5%D1%82");
    let (back, diagnostics) = read_request(&body);
    assert_eq!(back.unwrap(), request);
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
}

/// Source: form binding's `DateTime.Parse(text, Invariant)` (DateTimeParse.CheckDefaultDateTime
/// fills a missing year or date from DateTime.Now); the issue's `EndDate=1.5` → 5 January of
/// the current year. "Now" is the dataset's as_of (2026-05-07 12:00, +03:00).
#[test]
fn form_dates_without_a_year_or_date_take_the_servers_today() {
    let options = BindOptions {
        now: chrono::NaiveDate::from_ymd_opt(2026, 5, 7).and_then(|d| d.and_hms_opt(12, 0, 0)),
        ..BindOptions::default()
    };
    let rows = [
        ("1.5", Some("2026-01-05T00:00:00")),
        ("5%2F7", Some("2026-05-07T00:00:00")),
        ("May+7", Some("2026-05-07T00:00:00")),
        ("10%3A30", Some("2026-05-07T10:30:00")),
        ("2026-05", Some("2026-05-01T00:00:00")),
        ("2026-05-07t10%3A00%3A00", Some("2026-05-07T10:00:00")),
        ("13.5", None),
    ];
    for (value, expected) in rows {
        let body = format!("Client=7&EndDate={value}");
        let read = read(&body, contract().request(), &options);
        let request = Request::from_object(read.object.expect("binds")).expect("fits");
        assert_eq!(
            request.end_date.map(|d| d.to_wire()).as_deref(),
            expected,
            "EndDate={value}"
        );
    }
    // `1.5` is month-first: flagged for the Russian reader who meant 1 May.
    let read = read("EndDate=1.5", contract().request(), &options);
    assert!(
        read.diagnostics.iter().any(|d| d.message.contains("month")),
        "{:?}",
        read.diagnostics
    );
}
