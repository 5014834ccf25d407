//! The rows of contracts/reference/wire.md#json-read, contracts/reference/wire.md#model-state that log ModelState errors: what the action then
//! receives (the object with defaults, or null), the exact Json.NET messages, and the sentences.

use super::*;
use crate::codec::{DiagnosticKind, Effect, Location, Severity};

/// Source: contracts/reference/wire.md#json-read — `"Client":1.5` gives `Input string '1.5' is not a valid integer.
/// Path 'Client', line 1, position 13.`; 13.x resumes and binds the rest.
#[test]
fn float_into_int_v13_recovers() {
    let read = request(r#"{"Client":1.5,"SiteCode":"s"}"#);
    let d = &read.diagnostics[0];
    assert_eq!(d.kind, DiagnosticKind::JsonConversionFailed);
    assert_eq!(d.severity, Severity::Error);
    assert_eq!(d.effect, Effect::DefaultKept);
    assert_eq!(d.field.as_deref(), Some("Client"));
    assert_eq!(d.found.as_deref(), Some("1.5"));
    assert_eq!(
        d.location,
        Location::Json {
            path: "Client".to_owned(),
            line: 1,
            position: 13
        }
    );
    let entry = d.model_state.as_ref().unwrap();
    assert_eq!(entry.key, "request.Client");
    assert_eq!(
        entry.message,
        "Input string '1.5' is not a valid integer. Path 'Client', line 1, position 13."
    );
    assert_eq!(typed(&read).site_code.as_deref(), Some("s"));
    insta::assert_snapshot!(d.message, @"Client: 1.5 is not an Int32; Json.NET logs a ModelState error and Client stays 0");
    for json in ["1.0", "1e2", "-0.5", "1E+2"] {
        let read = request(&format!(r#"{{"Client":{json},"Operator":1}}"#));
        assert_eq!(
            model_state(&read),
            format!(
                "request.Client: Input string '{json}' is not a valid integer. Path 'Client', line 1, position {}.",
                10 + json.len()
            )
        );
        assert_eq!(typed(&read).operator, 1);
    }
}

/// Source: contracts/reference/wire.md#json-read — in 6.x the reader cannot resume after a float in an int member:
/// with later properties the whole request becomes null.
#[test]
fn float_into_int_v6_nulls_the_request_when_properties_follow() {
    let read = request_v6(r#"{"Client":1.5,"SiteCode":"s"}"#);
    assert_eq!(read.object, None);
    assert_eq!(read.diagnostics.last().unwrap().effect, Effect::RequestNull);
    insta::assert_snapshot!(model_state(&read), @r#"
        request.Client: Input string '1.5' is not a valid integer. Path 'Client', line 1, position 13.
        request.SiteCode: Unexpected token when deserializing object: String. Path 'SiteCode', line 1, position 28.
    "#);
    let last = request_v6(r#"{"Operator":1,"Client":1.5}"#);
    assert_eq!(typed(&last).operator, 1);
    insta::assert_snapshot!(model_state(&last), @r#"
        request.Client: Input string '1.5' is not a valid integer. Path 'Client', line 1, position 26.
        request: Unexpected end when deserializing object. Path '', line 1, position 27.
    "#);
}

/// Source: contracts/reference/wire.md#json-read — overflow: Int32 from the reader, Int16 from `Convert.ChangeType`.
#[test]
fn integer_overflow_messages() {
    let read = request(
        r#"{"Client":2147483648,"Operator":70000,"Start":-2147483649,"Token":9223372036854775808}"#,
    );
    assert_eq!(typed(&read), Request::default());
    insta::assert_snapshot!(model_state(&read), @r#"
        request.Client: JSON integer 2147483648 is too large or small for an Int32. Path 'Client', line 1, position 20.
        request.Operator: Error converting value 70000 to type 'System.Int16'. Path 'Operator', line 1, position 37.
        request.Start: JSON integer -2147483649 is too large or small for an Int32. Path 'Start', line 1, position 57.
        request.Token: Error converting value 9223372036854775808 to type 'System.Nullable`1[System.Int64]'. Path 'Token', line 1, position 85.
    "#);
    insta::assert_snapshot!(read.diagnostics[1].message, @"Operator: 70000 is outside the range of Int16; Json.NET logs a ModelState error and Operator stays 0");
    // The same Int16 message in 6.x, where short is read with a plain Read().
    let old = request_v6(r#"{"Operator":70000}"#);
    assert_eq!(
        model_state(&old),
        model_state(&request(r#"{"Operator":70000}"#))
    );
}

/// Source: contracts/reference/wire.md#json-read — `null` or `""` for a non-nullable int: `Error converting value
/// {null} to type 'System.Int32'. Path 'Client', line 1, position 14.`; the rest binds.
#[test]
fn null_and_empty_string_into_non_nullable_int() {
    let read = request(r#"{"Client":null,"Operator":2}"#);
    assert_eq!(
        model_state(&read),
        "request.Client: Error converting value {null} to type 'System.Int32'. Path 'Client', line 1, position 14."
    );
    assert_eq!(typed(&read).operator, 2);
    let empty = request(r#"{"Client":"","Operator":""}"#);
    insta::assert_snapshot!(render(&empty), @r#"
        {"Client":0,"ClientFavoriteId":null,"ListDataId":null,"BegDate":null,"EndDate":null,"Start":null,"Length":null,"Operator":0,"Token":null,"SiteCode":null}
        error[json-conversion-failed] at json `Client` (line 1, position 12): Client: an empty string reads as null, which the non-nullable Int32 cannot hold; Json.NET logs a ModelState error and Client stays 0 (ModelState `request.Client`: Error converting value {null} to type 'System.Int32'. Path 'Client', line 1, position 12.)
        error[json-conversion-failed] at json `Operator` (line 1, position 26): Operator: an empty string reads as null, which the non-nullable Int16 cannot hold; Json.NET logs a ModelState error and Operator stays 0 (ModelState `request.Operator`: Error converting value {null} to type 'System.Int16'. Path 'Operator', line 1, position 26.)
    "#);
}

/// Source: contracts/reference/wire.md#json-read — `"Client":"abc"` gives `Could not convert string to integer: abc.`
#[test]
fn text_into_int_and_long() {
    let read = request(r#"{"Client":"abc","Token":"1.0","Operator":"7"}"#);
    assert_eq!(typed(&read).operator, 7);
    insta::assert_snapshot!(model_state(&read), @r#"
        request.Client: Could not convert string to integer: abc. Path 'Client', line 1, position 15.
        request.Token: Error converting value "1.0" to type 'System.Nullable`1[System.Int64]'. Path 'Token', line 1, position 29.
    "#);
}

/// Source: contracts/reference/wire.md#json-read — `"Flag":"1"`: 13.x `Could not convert string to boolean: 1.`,
/// 6.x `Error converting value "1" to type 'System.Boolean'.`
#[test]
fn string_one_into_bool_differs_by_version() {
    let body = r#"{"ClientFavorites":[{"Confirm":"1","Id":4}]}"#;
    insta::assert_snapshot!(model_state(&response(body)), @"request.ClientFavorites[0].Confirm: Could not convert string to boolean: 1. Path 'ClientFavorites[0].Confirm', line 1, position 34.");
    let old = read(body, contract().response(), &options(JsonNet::V6));
    insta::assert_snapshot!(model_state(&old), @r#"request.ClientFavorites[0].Confirm: Error converting value "1" to type 'System.Boolean'. Path 'ClientFavorites[0].Confirm', line 1, position 34."#);
}

/// Source: contracts/reference/wire.md#json-read — decimals: text that is not a number, and number tokens Json.NET's
/// decimal parser refuses.
#[test]
fn decimal_errors() {
    let read =
        response(r#"{"SumGain":"abc","AvgAll":1.2.3,"RemainGain":"1e2x","AvgFavorite":null}"#);
    insta::assert_snapshot!(model_state(&read), @r#"
        request.SumGain: Could not convert string to decimal: abc. Path 'SumGain', line 1, position 16.
        request.AvgAll: Input string '1.2.3' is not a valid decimal. Path 'AvgAll', line 1, position 31.
        request.RemainGain: Could not convert string to decimal: 1e2x. Path 'RemainGain', line 1, position 51.
        request.AvgFavorite: Error converting value {null} to type 'System.Decimal'. Path 'AvgFavorite', line 1, position 70.
    "#);
}

/// Source: contracts/reference/wire.md#json-read — `"tomorrow"` gives `Could not convert string to DateTime: tomorrow.`;
/// a number or Boolean where a date is read is a reader error.
#[test]
fn date_errors() {
    let read = request(r#"{"BegDate":"tomorrow","EndDate":20260507,"Client":3}"#);
    assert_eq!(typed(&read).client, 3);
    insta::assert_snapshot!(render(&read), @r#"
        {"Client":3,"ClientFavoriteId":null,"ListDataId":null,"BegDate":null,"EndDate":null,"Start":null,"Length":null,"Operator":0,"Token":null,"SiteCode":null}
        error[json-conversion-failed] at json `BegDate` (line 1, position 21): BegDate: "tomorrow" is not a DateTime; Json.NET logs a ModelState error and BegDate stays null (ModelState `request.BegDate`: Could not convert string to DateTime: tomorrow. Path 'BegDate', line 1, position 21.)
        error[json-syntax] at json `EndDate` (line 1, position 33): EndDate: a number cannot be bound to a DateTime or null; Json.NET logs a ModelState error and EndDate stays null (ModelState `request.EndDate`: Unexpected character encountered while parsing value: 2. Path 'EndDate', line 1, position 33.)
        warning[json-lenient-syntax] at json `EndDate` (line 1, position 40): 0260507 has a leading zero, so Json.NET reads it as the octal number 90439
    "#);
}

/// Source: contracts/reference/wire.md#json-read — a Boolean literal where a date is read: Json.NET's recovery
/// re-reads `rue` and gives up, so the request is null.
#[test]
fn boolean_into_date_nulls_the_request() {
    let read = request(r#"{"BegDate":true,"Client":3}"#);
    assert_eq!(read.object, None);
    insta::assert_snapshot!(model_state(&read), @r#"
        request.BegDate: Unexpected character encountered while parsing value: t. Path 'BegDate', line 1, position 12.
        request.BegDate: Unexpected character encountered while parsing value: r. Path 'BegDate', line 1, position 12.
    "#);
}

/// Source: contracts/reference/wire.md#json-read — an object where an int is read: the recovery lands inside the
/// object and Json.NET gives up.
#[test]
fn object_into_int_nulls_the_request() {
    let read = request(r#"{"Client":{"a":1},"Operator":2}"#);
    assert_eq!(read.object, None);
    insta::assert_snapshot!(render(&read), @r#"
        null
        error[json-syntax] at json `Client` (line 1, position 11): Client: a JSON object cannot be bound to an Int32 (-2147483648..2147483647); Json.NET logs a ModelState error and Client stays 0 (ModelState `request.Client`: Unexpected character encountered while parsing value: {. Path 'Client', line 1, position 11.)
        error[json-syntax] at json `Client` (line 1, position 14): Client: malformed JSON (After parsing a value an unexpected character was encountered: :); Json.NET gives up and the whole body binds to null (the action receives request == null; production answers HTTP 500) (ModelState `request.Client`: After parsing a value an unexpected character was encountered: :. Path 'Client', line 1, position 14.)
    "#);
}

/// Source: contracts/reference/wire.md#json-read — body `null` and an empty (whitespace or comment only) body give
/// null without a ModelState error.
#[test]
fn null_and_empty_bodies_without_model_state() {
    for body in ["null", " null ", "", " \r\n\t", "/* nothing */", "\"\""] {
        let read = request(body);
        assert_eq!(read.object, None, "{body:?}");
        let root: Vec<_> = read
            .diagnostics
            .iter()
            .filter(|d| d.kind != DiagnosticKind::JsonLenientSyntax)
            .collect();
        assert_eq!(root.len(), 1, "{body:?}");
        assert_eq!(root[0].model_state, None, "{body:?}");
        assert_eq!(root[0].effect, Effect::RequestNull, "{body:?}");
    }
    insta::assert_snapshot!(render(&request("null")), @r#"
        null
        error[json-invalid-root] at json `$` (line 1, position 4): the body is null, which Json.NET reads as null without a ModelState error, so the action receives request == null (production answers HTTP 500)
    "#);
}

/// Source: contracts/reference/wire.md#json-read — `[1,2]`, `hello` and scalars are null with an error logged under
/// `request`.
#[test]
fn invalid_roots() {
    for body in ["[1,2]", "hello", "5", "\"text\"", "true", "{", "}"] {
        let read = request(body);
        assert_eq!(read.object, None, "{body}");
        let entry = read.diagnostics[0].model_state.as_ref().expect("logged");
        assert_eq!(entry.key, "request", "{body}");
    }
    insta::assert_snapshot!(render(&request("hello")), @r#"
        null
        error[json-invalid-root] at json `$` (line 0, position 0): body: malformed JSON (Unexpected character encountered while parsing value: h); Json.NET gives up and the whole body binds to null (the action receives request == null; production answers HTTP 500) (ModelState `request`: Unexpected character encountered while parsing value: h. Path '', line 0, position 0.)
    "#);
    insta::assert_snapshot!(model_state(&request("[1,2]")), @r#"
        request: Cannot deserialize the current JSON array (e.g. [1,2,3]) into type 'LCManagerPartner.Implementation.Request.ClientFavoriteDataInfoRequest' because the type requires a JSON object (e.g. {"name":"value"}) to deserialize correctly.
        To fix this error either change the JSON to a JSON object (e.g. {"name":"value"}) or change the deserialized type to an array or a type that implements a collection interface (e.g. ICollection, IList) like List<T> that can be deserialized from a JSON array. JsonArrayAttribute can also be added to the type to force it to deserialize from a JSON array.
        Path '', line 1, position 1.
    "#);
    insta::assert_snapshot!(model_state(&request("5")), @"request: Error converting value 5 to type 'LCManagerPartner.Implementation.Request.ClientFavoriteDataInfoRequest'. Path '', line 1, position 1.");
}

/// Source: contracts/reference/wire.md#json-read — truncated `{"Client":7,"SiteCode":"ab` binds a partial object
/// (Client=7) plus errors; other truncations give null.
#[test]
fn truncated_bodies() {
    let read = request(r#"{"Client":7,"SiteCode":"ab"#);
    assert_eq!(typed(&read).client, 7);
    insta::assert_snapshot!(model_state(&read), @r#"
        request.SiteCode: Unterminated string. Expected delimiter: ". Path 'SiteCode', line 1, position 26.
        request.SiteCode: Unexpected end when deserializing object. Path 'SiteCode', line 1, position 26.
    "#);
    let cut_in_name = request(r#"{"Client":7,"Site"#);
    assert_eq!(cut_in_name.object, None);
    insta::assert_snapshot!(model_state(&cut_in_name), @r#"request.Client: Unterminated string. Expected delimiter: ". Path 'Client', line 1, position 17."#);
    let cut_after_colon = request(r#"{"Client":"#);
    insta::assert_snapshot!(render(&cut_after_colon), @r#"
        {"Client":0,"ClientFavoriteId":null,"ListDataId":null,"BegDate":null,"EndDate":null,"Start":null,"Length":null,"Operator":0,"Token":null,"SiteCode":null}
        error[json-syntax] at json `Client` (line 1, position 10): Client: the body ends too early (Unexpected end when setting Client's value); Json.NET logs a ModelState error and Client stays 0 (ModelState `request.Client`: Unexpected end when setting Client's value. Path 'Client', line 1, position 10.)
        error[json-syntax] at json `Client` (line 1, position 10): Client: the body ends too early (Unexpected end when deserializing object); Json.NET logs a ModelState error and keeps the ClientFavoriteDataInfoRequest members read so far (ModelState `request.Client`: Unexpected end when deserializing object. Path 'Client', line 1, position 10.)
    "#);
}

/// Source: contracts/reference/wire.md#json-settings (MaxDepth 256) — Json.NET's message, logged where it happened; the
/// reader skips the rest and the request still binds.
#[test]
fn max_depth() {
    let deep = format!(
        r#"{{"x":{}{},"Client":5}}"#,
        "[".repeat(256),
        "]".repeat(256)
    );
    let read = request(&deep);
    assert_eq!(typed(&read).client, 5);
    let too_deep = read
        .diagnostics
        .iter()
        .find(|d| d.kind == DiagnosticKind::JsonTooDeep)
        .expect("reported");
    let message = &too_deep.model_state.as_ref().unwrap().message;
    assert!(message.starts_with("The reader's MaxDepth of 256 has been exceeded. Path 'x[0][0]"));
    // The 256th '[' is the 257th container: position 5 + 256.
    assert!(message.ends_with("', line 1, position 261."));
    // 255 nested arrays inside the root object are within the limit.
    let fine = format!(r#"{{"x":{}{}}}"#, "[".repeat(255), "]".repeat(255));
    assert!(model_state(&request(&fine)).is_empty());
    // The limit is the option's.
    let small = BindOptions {
        max_depth: 1,
        ..BindOptions::default()
    };
    let read = super::read(r#"{"x":{"y":1},"Client":5}"#, contract().request(), &small);
    insta::assert_snapshot!(render(&read), @r#"
        {"Client":5,"ClientFavoriteId":null,"ListDataId":null,"BegDate":null,"EndDate":null,"Start":null,"Length":null,"Operator":0,"Token":null,"SiteCode":null}
        info[json-unknown-property] at json `x` (line 1, position 5): x is not a member of the contract type; Json.NET ignores it (MissingMemberHandling.Ignore)
        error[json-too-deep] at json `x` (line 1, position 6): x: the JSON nests too deep (The reader's MaxDepth of 1 has been exceeded); Json.NET logs a ModelState error while skipping the unknown property x (ModelState `request.x`: The reader's MaxDepth of 1 has been exceeded. Path 'x', line 1, position 6.)
    "#);
}

/// Source: contracts/reference/wire.md#json-read (lists) — a bad row is logged under its index and left out; an
/// object where a list is expected is an error for the member.
#[test]
fn list_errors() {
    let read = response(
        r#"{"ClientFavorites":[5,{"Id":"x"},null],"ListFavorites":{"Id":1},"TotalRows":3}"#,
    );
    insta::assert_snapshot!(render(&read), @r#"
        {"TotalRows":3,"TotalRowsSelect":0,"MaxLinkGoods":0,"NowLinkGoods":0,"RemainLinkGoods":0,"RemainCountPurchases":0,"RemainGain":0.0,"RemainEveryGain":0.0,"CountOffer":0,"CountConfirm":0,"CountPurchases":0,"SumGain":0.0,"AvgFavorite":0.0,"AvgAll":0.0,"ClientFavorites":[{"Id":0,"ProcTime":"0001-01-01T00:00:00","ConfirmDateEnd":null,"Confirm":false,"ProcTimeConfirm":null,"ActionDateEnd":null,"NoActive":false}],"ListFavorites":null,"GroupFavorites":null,"ErrorCode":0,"Message":null}
        error[json-conversion-failed] at json `ClientFavorites[0]` (line 1, position 21): ClientFavorites[0]: Error converting value 5 to type 'LCManagerPartner.Implementation.Response.ClientFavoriteDataInfoResponse+ClientFavoriteDataInfoClientFavoritesRow'; Json.NET logs a ModelState error and leaves this item out of ClientFavorites (ModelState `request.ClientFavorites[0]`: Error converting value 5 to type 'LCManagerPartner.Implementation.Response.ClientFavoriteDataInfoResponse+ClientFavoriteDataInfoClientFavoritesRow'. Path 'ClientFavorites[0]', line 1, position 21.)
        error[json-conversion-failed] at json `ClientFavorites[1].Id` (line 1, position 31): ClientFavorites[1].Id: "x" is not an Int32; Json.NET logs a ModelState error and ClientFavorites.Id stays 0 (ModelState `request.ClientFavorites[1].Id`: Could not convert string to integer: x. Path 'ClientFavorites[1].Id', line 1, position 31.)
        warning[json-converted] at json `ClientFavorites[2]` (line 1, position 37): ClientFavorites: a null (or empty) item in the array; .NET adds a null row to the list, which this model cannot hold, so it is left out
        error[json-conversion-failed] at json `ListFavorites.Id` (line 1, position 61): ListFavorites.Id: a JSON object cannot be bound to a JSON array of ClientFavoriteDataInfoListFavoritesRow objects or null; Json.NET logs a ModelState error and ListFavorites stays null (ModelState `request.ListFavorites.Id`: Cannot deserialize the current JSON object (e.g. {"name":"value"}) into type 'System.Collections.Generic.List`1[LCManagerPartner.Implementation.Response.ClientFavoriteDataInfoResponse+ClientFavoriteDataInfoListFavoritesRow]' because the type requires a JSON array (e.g. [1,2,3]) to deserialize correctly.
        To fix this error either change the JSON to a JSON array (e.g. [1,2,3]) or change the deserialized type so that it is a normal .NET type (e.g. not a primitive type like integer, not a collection type like an array or List<T>) that can be deserialized from a JSON object. JsonObjectAttribute can also be added to the type to force it to deserialize from a JSON object.
        Path 'ListFavorites.Id', line 1, position 61.)
    "#);
}

/// Source: contracts/reference/wire.md#json-errors — positions count UTF-16 characters of the line, lines are counted
/// on `\n`, `\r` and `\r\n`.
#[test]
fn positions_count_lines_and_utf16() {
    let read = request("{\r\n  \"Имя😀\": 1,\r\n  \"Client\": 1.5\n}");
    assert_eq!(
        model_state(&read),
        "request.Client: Input string '1.5' is not a valid integer. Path 'Client', line 3, position 15."
    );
    let astral = request(r#"{"x":"😀😀","Client":"a"}"#);
    assert!(model_state(&astral).ends_with("Path 'Client', line 1, position 24."));
}

/// Source: contracts/reference/wire.md#json-errors — Json.NET writes path segments with special characters as
/// `['name']`.
#[test]
fn paths_quote_special_names() {
    let read = request(r#"{"a.b":{"c d":[{"it's":}]}}"#);
    insta::assert_snapshot!(model_state(&read), @r#"
        request['a.b']['c d'][0]['it\'s']: Unexpected character encountered while parsing value: }. Path '['a.b']['c d'][0]['it\'s']', line 1, position 23.
        request['a.b']['c d'][0]['it\'s']: Unexpected character encountered while parsing value: }. Path '['a.b']['c d'][0]['it\'s']', line 1, position 23.
    "#);
}

/// Source: contracts/reference/wire.md#json-read — an undefined value for `long` and a big integer.
#[test]
fn long_edge_cases() {
    let read = request(r#"{"Token":undefined,"Client":1}"#);
    insta::assert_snapshot!(model_state(&read), @"request.Token: An undefined token is not a valid System.Nullable`1[System.Int64]. Path 'Token', line 1, position 18.");
    let big = request(r#"{"Token":-00000000000000000001,"Client":1}"#);
    assert_eq!(typed(&big).token, Some(-1));
}

/// Source: Json.NET metadata handling (`ReadMetadataProperties`): `$id`/`$type` are consumed,
/// an unresolvable `$ref` makes the object null without an error.
#[test]
fn metadata_properties() {
    let read = request(r#"{"$id":"1","$type":"X","Client":2}"#);
    assert_eq!(typed(&read).client, 2);
    let reference = request(r#"{"$ref":"9"}"#);
    assert_eq!(reference.object, None);
    assert!(model_state(&reference).is_empty());
    insta::assert_snapshot!(render(&reference), @r#"
        null
        error[json-invalid-root] at json `$` (line 1, position 12): "$ref": "9" names no object read earlier; Json.NET's resolver returns null, so the action receives request == null without a ModelState error (production answers HTTP 500)
    "#);
}

/// Source: contracts/reference/wire.md#json-read (6.x column) and Json.NET 6.x `ReadAsInt32Internal`,
/// `ReadAsStringInternal`, `ReadAsDateTimeInternal`: 6.x typed reads read the whole token and
/// then refuse it, so a wrong kind of value costs only the member (13.x stops mid-token and, for
/// objects and Booleans, loses the request); 6.x turns numbers into strings through `double`.
#[test]
fn v6_typed_reads_refuse_whole_tokens() {
    let read =
        request_v6(r#"{"Client":{"a":1},"BegDate":true,"SiteCode":1.50,"Start":"x","Operator":2}"#);
    let request = typed(&read);
    assert_eq!((request.client, request.operator), (0, 2));
    assert_eq!(request.site_code.as_deref(), Some("1.5"));
    insta::assert_snapshot!(model_state(&read), @r#"
        request.Client: Error reading integer. Unexpected token: StartObject. Path 'Client', line 1, position 11.
        request.BegDate: Error reading date. Unexpected token: Boolean. Path 'BegDate', line 1, position 32.
        request.Start: Could not convert string to integer: x. Path 'Start', line 1, position 60.
    "#);
    assert_eq!(
        request_v13_object(r#"{"Client":{"a":1},"Operator":2}"#),
        None
    );
}

fn request_v13_object(body: &str) -> Option<crate::model::Object> {
    request(body).object
}
