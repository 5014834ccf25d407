//! Reading requests as DataContractSerializer under Web API does: one test per rule of the wire
//! document, .NET's ModelState texts pinned verbatim.

use super::{
    ABSTRACTIONS_NS, REQUEST_NS, RESPONSE_NS, abs, kinds, model_state, only, read_as, read_inner,
    read_request, request_body,
};
use favorite_contract::codec::{
    BindOptions, DiagnosticKind as K, DiagnosticLocation as Location,
    DiagnosticSeverity as Severity, Effect, xml,
};
use favorite_contract::contract;
use favorite_contract::{DateKind, MOSCOW, Value};

fn int(v: i64) -> Option<Value> {
    Some(Value::Int(v))
}

/// Source: contracts/reference/wire.md#xml-read-cases table row "Correct order": all members set.
#[test]
fn correct_order_sets_every_member() {
    let a = abs();
    let read = read_inner(&format!(
        "<Operator {a}>2</Operator><SiteCode {a}>s</SiteCode><Token {a}>3</Token>\
         <BegDate>2026-05-01T00:00:00</BegDate><Client>7</Client><ClientFavoriteId>4</ClientFavoriteId>\
         <EndDate>2026-05-31T00:00:00</EndDate><Length>10</Length><ListDataId>5</ListDataId><Start>1</Start>"
    ));
    assert!(read.diagnostics.is_empty(), "{:#?}", read.diagnostics);
    let o = read.object.unwrap();
    assert_eq!(o.get("Operator"), int(2).as_ref());
    assert_eq!(o.get("SiteCode"), Some(&Value::String("s".into())));
    assert_eq!(o.get("Token"), int(3).as_ref());
    assert_eq!(o.get("Client"), int(7).as_ref());
    assert_eq!(o.get("Start"), int(1).as_ref());
}

/// Source: contracts/reference/wire.md#xml-read-cases table row "`<Client>` before `<BegDate>`": BegDate keeps its default,
/// no error. (BegDate is `DateTime?` in this contract, so the default is null.)
#[test]
fn element_after_a_later_member_is_dropped() {
    let read = read_inner("<Client>7</Client><BegDate>2026-05-07T00:00:00</BegDate>");
    let o = read.object.as_ref().unwrap();
    assert_eq!(o.get("Client"), int(7).as_ref());
    assert_eq!(o.get("BegDate"), Some(&Value::Null));
    let d = only(&read, K::XmlOutOfOrder);
    assert_eq!(
        (d.severity, d.effect),
        (Severity::Warning, Effect::DefaultKept)
    );
    assert_eq!(d.field.as_deref(), Some("BegDate"));
    insta::assert_snapshot!(d.message, @r#"element BegDate arrived after Client; DataContractSerializer skips it, so BegDate stays null and the value "2026-05-07T00:00:00" is lost"#);
    insta::assert_snapshot!(d.expected.as_deref().unwrap(), @"BegDate before Client (DataContract order: Operator, SiteCode, Token, BegDate, Client, ClientFavoriteId, EndDate, Length, ListDataId, Start)");
    assert!(d.model_state.is_none(), "no error is logged");
}

/// Source: contracts/reference/wire.md#xml-read-algorithm read algorithm (the brief's example: Client after EndDate stays 0).
#[test]
fn client_after_end_date_stays_zero() {
    let read = read_inner("<EndDate>2026-05-07T00:00:00</EndDate><Client>7</Client>");
    assert_eq!(read.object.as_ref().unwrap().get("Client"), int(0).as_ref());
    insta::assert_snapshot!(only(&read, K::XmlOutOfOrder).message, @r#"element Client arrived after EndDate; DataContractSerializer skips it, so Client stays 0 and the value "7" is lost"#);
}

/// Source: contracts/reference/wire.md#xml-read-cases table row "Base members after derived members": defaults, no error.
#[test]
fn base_members_after_derived_members_are_dropped() {
    let a = abs();
    let read = read_inner(&format!(
        "<Client>7</Client><Operator {a}>2</Operator><SiteCode {a}>s</SiteCode>"
    ));
    let o = read.object.as_ref().unwrap();
    assert_eq!(o.get("Operator"), int(0).as_ref());
    assert_eq!(o.get("SiteCode"), Some(&Value::Null));
    assert_eq!(
        kinds(&read),
        [K::XmlOutOfOrder, K::XmlOutOfOrder, K::XmlMembersMissing]
    );
}

/// Source: contracts/reference/wire.md#xml-namespaces, contracts/reference/wire.md#xml-read-cases table row "Base members in the derived (Request)
/// namespace": dropped silently.
#[test]
fn base_member_in_the_request_namespace_is_dropped() {
    let read = read_inner("<Operator>2</Operator><Client>7</Client>");
    assert_eq!(
        read.object.as_ref().unwrap().get("Operator"),
        int(0).as_ref()
    );
    let d = only(&read, K::XmlWrongNamespace);
    assert_eq!(d.found.as_deref(), Some(REQUEST_NS));
    assert_eq!(d.expected.as_deref(), Some(ABSTRACTIONS_NS));
    insta::assert_snapshot!(d.message, @r#"element Operator is in namespace `http://schemas.datacontract.org/2004/07/LCManagerPartner.Implementation.Request` but Operator is declared by BaseRequest in namespace `http://schemas.datacontract.org/2004/07/LCManagerPartner.Implementation.Abstractions`; DataContractSerializer skips it, so Operator stays 0 and the value "2" is lost"#);
}

/// Source: contracts/reference/wire.md#xml-read-cases table row "`<client>` (wrong case)": ignored, no error.
#[test]
fn wrong_case_is_dropped() {
    let read = read_inner("<client>7</client>");
    assert_eq!(read.object.as_ref().unwrap().get("Client"), int(0).as_ref());
    insta::assert_snapshot!(only(&read, K::XmlWrongCase).message, @r#"element client matches member Client only ignoring case; DataContractSerializer compares names exactly and skips it, so Client stays 0 and the value "7" is lost"#);
}

/// Source: contracts/reference/wire.md#xml-read-cases table row "Unknown `<Bogus>`": ignored (the request type has no
/// ExtensionData), whatever it contains.
#[test]
fn unknown_element_is_skipped_with_its_content() {
    let read =
        read_inner("<Bogus a=\"1\" i:nil=\"maybe\"><x><y/></x>text</Bogus><Client>7</Client>");
    assert_eq!(read.object.as_ref().unwrap().get("Client"), int(7).as_ref());
    let d = only(&read, K::XmlUnknownElement);
    assert_eq!(d.effect, Effect::Ignored);
    insta::assert_snapshot!(d.message, @"element Bogus (namespace `http://schemas.datacontract.org/2004/07/LCManagerPartner.Implementation.Request`) is not a member of ClientFavoriteDataInfoRequest; DataContractSerializer skips it and the value of 2 child element(s) is lost");
}

/// Source: contracts/reference/wire.md#xml-read-cases table row "`<Client>7</Client><Client>8</Client>`": first wins.
#[test]
fn duplicate_keeps_the_first_value() {
    let read = read_inner("<Client>7</Client><Client>8</Client>");
    assert_eq!(read.object.as_ref().unwrap().get("Client"), int(7).as_ref());
    insta::assert_snapshot!(only(&read, K::XmlDuplicateElement).message, @r#"element Client appears again; DataContractSerializer keeps the first value and skips the repeat, so Client stays 7 and the value "8" is lost"#);
}

/// Source: contracts/reference/wire.md#xml-read-cases table row "Missing element": defaults (listed as an Info).
#[test]
fn missing_members_keep_defaults_and_are_listed() {
    let read = read_inner("<Client>7</Client>");
    let d = only(&read, K::XmlMembersMissing);
    assert_eq!(d.severity, Severity::Info);
    insta::assert_snapshot!(d.message, @"members not bound keep their defaults: Operator = 0, SiteCode = null, Token = null, BegDate = null, ClientFavoriteId = null, EndDate = null, Length = null, ListDataId = null, Start = null");
}

/// Source: contracts/reference/wire.md#xml-read-cases table row "`i:nil="true"` on string, class or `int?`": null;
/// `i:nil` is an xs:boolean, so `1` works too.
#[test]
fn nil_on_nullable_members_is_null() {
    let a = abs();
    let read = read_inner(&format!(
        "<SiteCode i:nil=\"1\" {a}>ignored</SiteCode><Client>7</Client><ClientFavoriteId i:nil=\" true \" />\
         <EndDate i:nil=\"false\">2026-05-07T00:00:00</EndDate>"
    ));
    let o = read.object.as_ref().unwrap();
    assert_eq!(o.get("SiteCode"), Some(&Value::Null));
    assert_eq!(o.get("ClientFavoriteId"), Some(&Value::Null));
    assert!(matches!(o.get("EndDate"), Some(Value::DateTime(_))));
}

/// Source: contracts/reference/wire.md#xml-read-cases table row "`i:nil="true"` on `int`": SerializationException, not
/// wrapped (it is thrown by the generated reader, not by XmlConvert).
#[test]
fn nil_on_a_value_type_nulls_the_request() {
    let read = read_inner(r#"<Client i:nil="true"/>"#);
    assert_eq!(
        only(&read, K::XmlNilOnValueType).field.as_deref(),
        Some("Client")
    );
    insta::assert_snapshot!(model_state(&read), @"ValueType 'System.Int32' cannot be null.");
    let read = read_inner(&format!(r#"<Operator i:nil="true" {}/>"#, abs()));
    insta::assert_snapshot!(model_state(&read), @"ValueType 'System.Int16' cannot be null.");
}

/// Source: contracts/reference/wire.md#xml-read-cases (`i:nil` parsed as xs:boolean): a bad value fails the conversion.
#[test]
fn nil_that_is_not_a_boolean_nulls_the_request() {
    let read = read_inner(r#"<Client i:nil="yes">1</Client>"#);
    insta::assert_snapshot!(model_state(&read), @"There was an error deserializing the object of type LCManagerPartner.Implementation.Request.ClientFavoriteDataInfoRequest. The value 'yes' cannot be parsed as the type 'Boolean'.");
}

/// Source: contracts/reference/wire.md#xml-read-cases table row "`<SiteCode/>` or `<SiteCode></SiteCode>`": "".
#[test]
fn empty_string_element_is_empty_not_null() {
    let a = abs();
    for inner in [
        format!("<SiteCode {a}/>"),
        format!("<SiteCode {a}></SiteCode>"),
    ] {
        let read = read_inner(&inner);
        assert_eq!(
            read.object.unwrap().get("SiteCode"),
            Some(&Value::String(String::new()))
        );
    }
}

/// Source: contracts/reference/wire.md#xml-read-cases table row "`<Client/>`, or `<Opt/>` where `Opt` is `int?`": an empty
/// element is not null. The XmlException is wrapped (contracts/reference/wire.md#xml-read-failures, last paragraph).
#[test]
fn empty_value_elements_null_the_request() {
    let a = abs();
    let cases = [
        ("<Client/>".to_owned(), "Int32"),
        ("<Client></Client>".to_owned(), "Int32"),
        ("<ClientFavoriteId/>".to_owned(), "Int32"),
        // `short` is read as `int` first.
        (format!("<Operator {a}/>"), "Int32"),
        (format!("<Token {a}></Token>"), "Int64"),
        ("<BegDate/>".to_owned(), "DateTime"),
    ];
    for (inner, ty) in cases {
        let read = read_inner(&inner);
        assert_eq!(kinds(&read), [K::XmlEmptyValue], "{inner}");
        assert_eq!(
            model_state(&read),
            format!(
                "There was an error deserializing the object of type LCManagerPartner.Implementation.Request.ClientFavoriteDataInfoRequest. The value '' cannot be parsed as the type '{ty}'."
            ),
            "{inner}"
        );
    }
}

/// Source: contracts/reference/wire.md#xml-read-cases table rows "Whitespace between elements" (ignored) and "inside
/// numeric, bool or date elements" (trimmed, accepted).
#[test]
fn whitespace_is_ignored_between_and_trimmed_inside_values() {
    let read = read_inner("\n  <BegDate>\n 2026-05-07 \n</BegDate>\n  <Client>\n 7 \n</Client>\n");
    let o = read.object.as_ref().unwrap();
    assert_eq!(o.get("Client"), int(7).as_ref());
    assert_eq!(
        kinds(&read),
        [K::XmlTrimmed, K::XmlTrimmed, K::XmlMembersMissing]
    );
    assert_eq!(
        read.diagnostics[1].message,
        "whitespace around the value of Client was trimmed; .NET reads it as 7"
    );
}

/// Source: contracts/reference/wire.md#xml-read-cases table row "Whitespace inside a string element": preserved; the
/// reader normalises line ends (`\r\n` and `\r` to `\n`) as every XML reader does.
#[test]
fn string_whitespace_is_verbatim() {
    let read = read_inner(&format!(
        "<SiteCode {}>  a\r\nb\rc &amp; &#x41;<![CDATA[<x>]]>\t</SiteCode>",
        abs()
    ));
    let site = read.object.unwrap().get("SiteCode").cloned();
    assert_eq!(site, Some(Value::String("  a\nb\nc & A<x>\t".into())));
}

/// Source: contracts/reference/wire.md#xml-read-cases table row "Stray text directly inside the object".
#[test]
fn stray_text_nulls_the_request() {
    let read = read_inner("hello<Client>1</Client>");
    assert_eq!(kinds(&read), [K::XmlStrayText]);
    insta::assert_snapshot!(model_state(&read), @"Error in line 1 position 177. Expecting state 'Element'.. Encountered 'Text'  with name '', namespace ''.");
    // After whitespace, in a CDATA section: the position counts only the node .NET holds.
    let read = read_inner("<Client>1</Client>\n  <![CDATA[x]]>");
    insta::assert_snapshot!(model_state(&read), @"Error in line 1 position 185. Expecting state 'Element'.. Encountered 'CDATA'  with name '', namespace ''.");
}

/// Source: contracts/reference/wire.md#xml-read-cases table row "Root with wrong namespace (e.g. none)": the position is
/// just after the 31-byte start tag.
#[test]
fn root_without_namespace_nulls_the_request() {
    let read = read_request(
        "<ClientFavoriteDataInfoRequest><Client>1</Client></ClientFavoriteDataInfoRequest>",
    );
    assert_eq!(kinds(&read), [K::XmlWrongRoot]);
    insta::assert_snapshot!(model_state(&read), @"Error in line 1 position 32. Expecting element 'ClientFavoriteDataInfoRequest' from namespace 'http://schemas.datacontract.org/2004/07/LCManagerPartner.Implementation.Request'.. Encountered 'Element'  with name 'ClientFavoriteDataInfoRequest', namespace ''.");
}

/// Source: contracts/reference/wire.md#xml-read-cases table row "Wrong root name".
#[test]
fn wrong_root_name_nulls_the_request() {
    let read = read_request(&format!(r#"<Foo xmlns="{REQUEST_NS}"/>"#));
    insta::assert_snapshot!(model_state(&read), @"Error in line 1 position 95. Expecting element 'ClientFavoriteDataInfoRequest' from namespace 'http://schemas.datacontract.org/2004/07/LCManagerPartner.Implementation.Request'.. Encountered 'Element'  with name 'Foo', namespace 'http://schemas.datacontract.org/2004/07/LCManagerPartner.Implementation.Request'.");
    // An empty or comment-only body never reaches an element.
    let read = read_request("  <!-- -->  ");
    insta::assert_snapshot!(model_state(&read), @"Error in line 1 position 1. Expecting element 'ClientFavoriteDataInfoRequest' from namespace 'http://schemas.datacontract.org/2004/07/LCManagerPartner.Implementation.Request'.. Encountered 'None'  with name '', namespace ''.");
}

/// Source: contracts/reference/wire.md#xml-read-algorithm (IsStartObject also accepts `anyType` in the serialization
/// namespace, `XmlObjectSerializer.IsRootElement`).
#[test]
fn any_type_root_is_accepted() {
    let read = read_request(&format!(
        r#"<anyType xmlns="http://schemas.microsoft.com/2003/10/Serialization/"><Client xmlns="{REQUEST_NS}">3</Client></anyType>"#
    ));
    assert_eq!(read.object.unwrap().get("Client"), int(3).as_ref());
}

/// Source: contracts/reference/wire.md#xml-read-cases (`TryHandleNullOrRef` on the root): a nil root is null without a
/// ModelState error.
#[test]
fn nil_root_is_null_without_model_state() {
    let body = format!(
        r#"<ClientFavoriteDataInfoRequest xmlns:i="http://www.w3.org/2001/XMLSchema-instance" i:nil="true" xmlns="{REQUEST_NS}"><Client>x</Client></ClientFavoriteDataInfoRequest>"#
    );
    let read = read_request(&body);
    assert!(read.object.is_none());
    let d = only(&read, K::XmlNilObject);
    assert!(d.model_state.is_none());
    assert_eq!(d.effect, Effect::RequestNull);
}

/// Source: contracts/reference/wire.md#primitive-forms table row int/long: `Int32.Parse(s, AllowLeadingSign |
/// AllowLeadingWhite | AllowTrailingWhite)`.
#[test]
fn integer_lexical_forms() {
    for (text, v) in [("+7", 7), ("007", 7), (" 7 ", 7), ("-5", -5)] {
        let read = read_inner(&format!("<Client>{text}</Client>"));
        assert_eq!(
            read.object.unwrap().get("Client"),
            int(v).as_ref(),
            "{text:?}"
        );
    }
    for text in ["7.0", "1e2", "0x10", "1 000", "2147483648"] {
        let read = read_inner(&format!("<Client>{text}</Client>"));
        assert_eq!(kinds(&read), [K::XmlBadValue], "{text}");
        assert_eq!(
            model_state(&read),
            format!(
                "There was an error deserializing the object of type LCManagerPartner.Implementation.Request.ClientFavoriteDataInfoRequest. The value '{text}' cannot be parsed as the type 'Int32'."
            )
        );
    }
}

/// Source: contracts/reference/wire.md#primitive-forms table row short: read as int, then range-checked by
/// `XmlReaderDelegator.ToShort`, whose message carries "Error in line L position P." taken after
/// the end tag *and the next node* were read.
#[test]
fn short_out_of_range_names_int16_with_a_position() {
    let read = read_inner(&format!("<Operator {}>70000</Operator>", abs()));
    insta::assert_snapshot!(model_state(&read), @"There was an error deserializing the object of type LCManagerPartner.Implementation.Request.ClientFavoriteDataInfoRequest. Error in line 1 position 204. The value '70000' cannot be parsed as the type 'Int16'.");
    // Pretty-printed: the next node is the whitespace "\n  " right after the root start tag in
    // .NET's compacted buffer, hence line 2 (the document's line 3).
    let body = request_body(&format!(
        "\n  <Operator {}>70000</Operator>\n  <Client>1</Client>\n",
        abs()
    ));
    insta::assert_snapshot!(model_state(&read_request(&body)), @"There was an error deserializing the object of type LCManagerPartner.Implementation.Request.ClientFavoriteDataInfoRequest. Error in line 2 position 3. The value '70000' cannot be parsed as the type 'Int16'.");
}

/// Source: contracts/reference/wire.md#decimal-forms table rows bool and decimal (read through the response type, which has
/// them).
#[test]
fn boolean_and_decimal_lexical_forms() {
    let response = |inner: &str| {
        format!(
            r#"<ClientFavoriteDataInfoResponse xmlns:i="http://www.w3.org/2001/XMLSchema-instance" xmlns="{RESPONSE_NS}">{inner}</ClientFavoriteDataInfoResponse>"#
        )
    };
    let schema = contract().response();
    let read = read_as(
        &response("<AvgAll>+1.50</AvgAll><AvgFavorite>.5</AvgFavorite>"),
        schema,
    );
    let o = read.object.unwrap();
    assert_eq!(
        o.get("AvgAll").map(|v| format!("{v:?}")),
        Some("Decimal(1.50)".into())
    );
    assert_eq!(
        o.get("AvgFavorite").map(|v| format!("{v:?}")),
        Some("Decimal(0.5)".into())
    );
    for text in ["1e2", "1,5", "1,000"] {
        let read = read_as(&response(&format!("<AvgAll>{text}</AvgAll>")), schema);
        assert_eq!(
            model_state(&read),
            format!(
                "There was an error deserializing the object of type LCManagerPartner.Implementation.Response.ClientFavoriteDataInfoResponse. The value '{text}' cannot be parsed as the type 'decimal'."
            )
        );
    }
    let row = |confirm: &str| {
        response(&format!(
            "<ClientFavorites><ClientFavoriteDataInfoResponse.ClientFavoriteDataInfoClientFavoritesRow>\
             <Confirm>{confirm}</Confirm></ClientFavoriteDataInfoResponse.ClientFavoriteDataInfoClientFavoritesRow></ClientFavorites>"
        ))
    };
    for (text, v) in [
        ("true", true),
        ("1", true),
        (" false ", false),
        ("0", false),
    ] {
        let o = read_as(&row(text), schema).object.unwrap();
        let Some(Value::List(rows)) = o.get("ClientFavorites") else {
            panic!("rows")
        };
        assert_eq!(rows[0].get("Confirm"), Some(&Value::Bool(v)), "{text:?}");
    }
    let read = read_as(&row("True"), schema);
    insta::assert_snapshot!(model_state(&read), @"There was an error deserializing the object of type LCManagerPartner.Implementation.Response.ClientFavoriteDataInfoResponse. The value 'True' cannot be parsed as the type 'Boolean'.");
}

/// Source: contracts/reference/wire.md#datetime-kinds "DateTime rules": `Z` → Utc, offset → server local (Kind Local), no
/// suffix → Unspecified, date-only → midnight; a space separator is refused.
#[test]
fn date_lexical_forms() {
    let date = |text: &str| {
        let read = read_inner(&format!("<BegDate>{text}</BegDate>"));
        let o = read.object.clone().unwrap();
        let Some(Value::DateTime(d)) = o.get("BegDate").cloned() else {
            panic!("date")
        };
        (d, read)
    };
    let (d, read) = date("2026-05-07T11:27:39.1+05:00");
    assert_eq!(
        (d.to_wire(), d.kind),
        (
            "2026-05-07T09:27:39.1+03:00".to_owned(),
            DateKind::Local(MOSCOW)
        )
    );
    insta::assert_snapshot!(only(&read, K::XmlDateConverted).message, @"BegDate carries an offset; .NET converts it to the server's local time: 2026-05-07T09:27:39.1+03:00 (Kind Local)");
    assert_eq!(date("2026-05-07T08:27:39.5Z").0.kind, DateKind::Utc);
    assert_eq!(date("2026-05-07").0.to_wire(), "2026-05-07T00:00:00");
    assert_eq!(
        date("2026-05-07T11:27:39.123456789").0.to_wire(),
        "2026-05-07T11:27:39.1234568"
    );
    let read = read_inner("<BegDate>2026-05-07 11:27:39</BegDate>");
    insta::assert_snapshot!(model_state(&read), @"There was an error deserializing the object of type LCManagerPartner.Implementation.Request.ClientFavoriteDataInfoRequest. The value '2026-05-07 11:27:39' cannot be parsed as the type 'DateTime'.");
}

/// Source: contracts/reference/wire.md#xml-reader-settings "Reader quotas: MaxDepth 256": deeper nesting fails the reader.
#[test]
fn nesting_beyond_max_depth_nulls_the_request() {
    let options = BindOptions {
        max_depth: 4,
        ..BindOptions::default()
    };
    let read = xml::read(
        &request_body("<Bogus><a><b><c/></b></a></Bogus>"),
        contract().request(),
        &options,
    );
    assert_eq!(kinds(&read), [K::XmlTooDeep]);
    insta::assert_snapshot!(model_state(&read), @"There was an error deserializing the object of type LCManagerPartner.Implementation.Request.ClientFavoriteDataInfoRequest. The maximum read depth (4) has been exceeded because XML data being read has more levels of nesting than is allowed by the quota. This quota may be increased by changing the MaxDepth property on the XmlDictionaryReaderQuotas object used when creating the XML reader. Line 1, position 186.");
    let deep = format!("{}{}", "<a>".repeat(300), "</a>".repeat(300));
    assert_eq!(kinds(&read_inner(&deep)), [K::XmlTooDeep]);
}

/// Source: contracts/reference/wire.md#xml-reader-settings (XmlDictionaryReader): no DTD processing; only the five predefined
/// entities and character references exist, nothing is expanded or fetched.
#[test]
fn dtds_are_refused_and_entities_never_expanded() {
    let body = format!(
        "<!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>{}",
        request_body("<SiteCode>&x;</SiteCode>")
    );
    let read = read_request(&body);
    assert_eq!(kinds(&read), [K::XmlDtdRefused]);
    assert_eq!(read.diagnostics[0].effect, Effect::Refused);
    insta::assert_snapshot!(model_state(&read), @"There was an error deserializing the object of type LCManagerPartner.Implementation.Request.ClientFavoriteDataInfoRequest. CData elements not valid at top level of an XML document. Line 1, position 3.");
    let read = read_inner(&format!("<SiteCode {}>&x;</SiteCode>", abs()));
    insta::assert_snapshot!(model_state(&read), @"There was an error deserializing the object of type LCManagerPartner.Implementation.Request.ClientFavoriteDataInfoRequest. Character reference not valid. Line 1, position 275.");
}

/// Source: contracts/reference/wire.md#xml-read-failures (reader errors are XmlExceptions, wrapped; Web API returns null).
#[test]
fn malformed_bodies_null_the_request() {
    let cases = [
        (
            request_body("<Client>1</Client>").replace("</ClientFavoriteDataInfoRequest>", ""),
            "Unexpected end of file. Following elements are not closed: ClientFavoriteDataInfoRequest. Line 1, position 172.",
        ),
        (
            request_body("<Client>1</Clien>"),
            "Start element 'Client' does not match end element 'Clien'. Line 1, position 187.",
        ),
        (
            request_body("<Client a=1>1</Client>"),
            "The token '\"' was expected but found '1'. Line 1, position 182.",
        ),
        (
            request_body("<p:Client>1</p:Client>"),
            "The prefix 'p' is not defined. Line 1, position 181.",
        ),
        (
            request_body("<?pi?>"),
            "Processing instructions (other than the XML declaration) and DTDs are not supported. Line 1, position 173.",
        ),
        (
            format!("{}<x/>", request_body("")),
            "There are multiple root elements. Line 1, position 2.",
        ),
        (
            format!("{}junk", request_body("")),
            "The data at the root level is invalid. Line 1, position 1.",
        ),
    ];
    for (body, inner) in cases {
        let read = read_request(&body);
        assert_eq!(kinds(&read), [K::XmlMalformed], "{body}");
        assert_eq!(
            model_state(&read),
            format!(
                "There was an error deserializing the object of type LCManagerPartner.Implementation.Request.ClientFavoriteDataInfoRequest. {inner}"
            ),
            "{body}"
        );
    }
    // .NET reads exactly one node after the root: whitespace there hides any later garbage.
    assert!(
        read_request(&format!("{} junk <x/>", request_body("")))
            .object
            .is_some()
    );
}

/// Source: contracts/reference/wire.md#charsets and `EncodingStreamWrapper`: a declared encoding other than the
/// body's fails while Web API creates the reader, outside ReadObject, so it is not wrapped.
#[test]
fn declared_encoding_must_be_the_bodys() {
    let body = format!(
        "<?xml version=\"1.0\" encoding=\"windows-1251\"?>{}",
        request_body("")
    );
    insta::assert_snapshot!(model_state(&read_request(&body)), @"The encoding in the declaration 'windows-1251' does not match the encoding of the document 'utf-8'.");
    let body = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n{}",
        request_body("<Client>5</Client>")
    );
    assert_eq!(
        read_request(&body).object.unwrap().get("Client"),
        int(5).as_ref()
    );
}

/// Source: contracts/reference/wire.md#xml-read-algorithm (content concatenation): comments are skipped, CDATA and references
/// are part of a value.
#[test]
fn values_span_comments_cdata_and_references() {
    let read = read_inner("<Client><!--x-->4<![CDATA[2]]>&#x30;</Client>");
    assert_eq!(read.object.unwrap().get("Client"), int(420).as_ref());
}

/// Every diagnostic points at the element in the document (1-based line and column).
#[test]
fn locations_point_at_the_element() {
    let body = request_body("\n  <EndDate>2026-05-07T00:00:00</EndDate>\n  <Client>7</Client>\n");
    let read = read_request(&body);
    assert_eq!(
        only(&read, K::XmlOutOfOrder).location,
        Location::Xml {
            path: "/ClientFavoriteDataInfoRequest/Client".into(),
            line: 3,
            column: 3
        }
    );
}

/// Source: contracts/reference/wire.md#xml-read-algorithm (a member is read with `ReadElementContentAs*`, whose
/// `ReadEndElement` refuses a child element).
#[test]
fn child_element_inside_a_simple_member_nulls_the_request() {
    let read = read_inner(&format!("<SiteCode {}>x<b/></SiteCode>", abs()));
    insta::assert_snapshot!(model_state(&read), @"There was an error deserializing the object of type LCManagerPartner.Implementation.Request.ClientFavoriteDataInfoRequest. End element 'SiteCode' from namespace 'http://schemas.datacontract.org/2004/07/LCManagerPartner.Implementation.Abstractions' expected. Found element 'b' from namespace 'http://schemas.datacontract.org/2004/07/LCManagerPartner.Implementation.Abstractions'. Line 1, position 279.");
}

/// Source: contracts/reference/wire.md#xml-collections "Collections" (item element = the row contract's name, in its
/// namespace): other elements are skipped; a nil row is a null entry .NET keeps.
#[test]
fn list_rows_are_matched_by_contract_name() {
    let row = "ClientFavoriteDataInfoResponse.ClientFavoriteDataInfoGroupFavoritesRow";
    let body = format!(
        r#"<ClientFavoriteDataInfoResponse xmlns:i="http://www.w3.org/2001/XMLSchema-instance" xmlns="{RESPONSE_NS}"><GroupFavorites><{row}><Id>1</Id></{row}><ClientFavoriteDataInfoGroupFavoritesRow><Id>2</Id></ClientFavoriteDataInfoGroupFavoritesRow><{row} i:nil="true"/><{row}><Id>3</Id></{row}></GroupFavorites></ClientFavoriteDataInfoResponse>"#
    );
    let read = read_as(&body, contract().response());
    let o = read.object.as_ref().unwrap();
    let Some(Value::List(rows)) = o.get("GroupFavorites") else {
        panic!("rows")
    };
    let ids: Vec<_> = rows.iter().map(|r| r.get("Id").cloned()).collect();
    assert_eq!(ids, [int(1), int(3)]);
    assert_eq!(kinds(&read)[..2], [K::XmlUnknownElement, K::XmlNilObject]);
}
