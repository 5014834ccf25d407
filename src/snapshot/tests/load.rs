//! Case files: valid ones load, and every way a file breaks the format or the contract is
//! reported with the file and the JSON path.

use crate::codec::Format;
use crate::snapshot::{Accept, Auth, CaseValue, Covers, Expect, Member, Payload, parse_case};

fn error(text: &str) -> String {
    parse_case("c/x.json", "x", text).unwrap_err().to_string()
}

#[test]
fn a_member_case_loads_with_defaults() {
    let case = parse_case(
        "c/x.json",
        "x",
        r#"{"id":"x","comment":"c","covers":[{"client":1006},{"business_error":3}],
            "request":{"Operator":1,"Client":1006,"BegDate":"2026-05-01T00:00:00+05:00","SiteCode":null},
            "expect":{"status":200,"error_code":0}}"#,
    )
    .unwrap();
    assert_eq!(
        case.covers,
        [Covers::Client(1006), Covers::BusinessError(3)]
    );
    // Members come in contract order (Client first), whatever the file's order.
    assert_eq!(
        case.payload,
        Payload::Members(vec![
            Member {
                name: "Client".into(),
                value: CaseValue::Integer(1006)
            },
            Member {
                name: "BegDate".into(),
                value: CaseValue::Text("2026-05-01T00:00:00+05:00".into())
            },
            Member {
                name: "Operator".into(),
                value: CaseValue::Integer(1)
            },
            Member {
                name: "SiteCode".into(),
                value: CaseValue::Null
            },
        ])
    );
    assert_eq!(case.formats, [Format::Json]);
    assert_eq!(case.accept, [Accept::Json, Accept::Xml]);
    assert_eq!(case.auth, Auth::Target);
    assert_eq!(
        (case.method.as_str(), case.path.as_str()),
        ("POST", "/api/client/ClientFavoriteDataInfo")
    );
    assert_eq!(
        case.expect,
        Expect {
            status: 200,
            error_code: Some(0)
        }
    );
}

#[test]
fn a_raw_case_loads_without_formats() {
    let case = parse_case(
        "c/x.json",
        "x",
        r#"{"id":"x","comment":"c","covers":[{"wire":"contracts/reference/wire.md#request-reader"}],"request":{"raw":"hi","content_type":null},
            "accept":["default"],"headers":{"Accept":"text/plain"},"auth":{"authorization":"Basic a"},
            "method":"GET","path":"/x","expect":{"status":415}}"#,
    )
    .unwrap();
    assert_eq!(
        case.payload,
        Payload::Raw {
            body: "hi".into(),
            content_type: None
        }
    );
    assert!(case.formats.is_empty());
    assert_eq!(
        case.headers,
        [("Accept".to_owned(), "text/plain".to_owned())]
    );
    assert_eq!(case.auth, Auth::Header("Basic a".into()));
}

const HEAD: &str = r#""id":"x","comment":"c","covers":[{"client":1}],"expect":{"status":200}"#;

#[test]
fn unknown_members_name_the_contract_spelling() {
    insta::assert_snapshot!(error(&format!(r#"{{{HEAD},"request":{{"client":1}}}}"#)), @"c/x.json:1: $.request.client: expected a request member of the contract (Client, ClientFavoriteId, ListDataId, BegDate, EndDate, Start, Length, Operator, Token, SiteCode), found unknown member `client` (the contract spells it `Client`)");
}

#[test]
fn values_outside_the_clr_range_are_refused() {
    insta::assert_snapshot!(error(&format!(r#"{{{HEAD},"request":{{"Operator":70000}}}}"#)), @"c/x.json:1: $.request.Operator: expected an Int16 (-32768..=32767); send out-of-range values as a raw request, found 70000");
    insta::assert_snapshot!(error(&format!(r#"{{{HEAD},"request":{{"Client":"7"}}}}"#)), @r#"c/x.json:1: $.request.Client: expected an Int32 (-2147483648..=2147483647); send out-of-range values as a raw request, found "7""#);
}

#[test]
fn dates_must_be_xs_date_times() {
    insta::assert_snapshot!(error(&format!(r#"{{{HEAD},"request":{{"BegDate":"07.05.2026"}}}}"#)), @r#"c/x.json:1: $.request.BegDate: expected a DateTime in xs:dateTime form (2026-05-07T11:27:39, optionally with Z or ±hh:mm), found "07.05.2026""#);
}

#[test]
fn null_only_for_nullable_members() {
    insta::assert_snapshot!(error(&format!(r#"{{{HEAD},"request":{{"Client":null}}}}"#)), @"c/x.json:1: $.request.Client: expected Int32 (not nullable), found null");
}

#[test]
fn the_case_format_is_closed() {
    insta::assert_snapshot!(error(&format!(r#"{{{HEAD},"request":{{}},"format":["json"]}}"#)), @"c/x.json:1: $.format: expected one of `id`, `comment`, `covers`, `request`, `formats`, `accept`, `headers`, `auth`, `method`, `path`, `expect`, found field `format`");
    insta::assert_snapshot!(error(&format!(r#"{{{HEAD},"request":{{"raw":""}},"formats":["json"]}}"#)), @"c/x.json:1: $.request.content_type: expected the Content-Type header value, or null to send none, found nothing");
    insta::assert_snapshot!(error(&format!(r#"{{{HEAD},"request":{{"raw":"","content_type":null}},"formats":["json"]}}"#)), @"c/x.json:1: $.formats: expected no formats for a raw request (its content_type says what it is), found an array of 1 items");
    insta::assert_snapshot!(error(&format!(r#"{{{HEAD},"request":{{}},"formats":["json","yaml"]}}"#)), @"c/x.json:1: $.formats[1]: expected one of `json`, `xml`, `form`, found `yaml`");
    insta::assert_snapshot!(error(&format!(r#"{{{HEAD},"request":{{}},"headers":{{"Authorization":"Bearer x"}}}}"#)), @"c/x.json:1: $.headers.Authorization: expected a header the case may set (use `auth`), found `Authorization`");
    insta::assert_snapshot!(error(&format!(r#"{{{HEAD},"request":{{}},"headers":{{"Accept":"text/json"}}}}"#)), @r#"c/x.json:1: $.headers.Accept: expected an Accept header only with "accept": ["default"], found accept variants ["json", "xml"]"#);
}

#[test]
fn ids_covers_and_expectations_are_checked() {
    insta::assert_snapshot!(error(r#"{"id":"y","comment":"c","covers":[{"client":1}],"request":{},"expect":{}}"#), @r#"c/x.json:1: $.id: expected the file name `x`, found "y""#);
    insta::assert_snapshot!(error(r#"{"id":"x","comment":"two\nlines","covers":[{"client":1}],"request":{},"expect":{}}"#), @r#"c/x.json:1: $.comment: expected one non-empty line of at most 160 characters, found "two\nlines""#);
    insta::assert_snapshot!(error(r#"{"id":"x","comment":"c","covers":[{"business_error":9}],"request":{},"expect":{}}"#), @"c/x.json:1: $.covers[0].business_error: expected a contract business error code [1, 2, 3, 4, 5, 6, 7, 8], found 9");
    insta::assert_snapshot!(error(r#"{"id":"x","comment":"c","covers":[{"client":1}],"request":{},"expect":{"status":404,"error_code":0}}"#), @"c/x.json:1: $.expect.error_code: expected 0 or a contract business error code, with status 200, found 0 with status 404");
    insta::assert_snapshot!(error(r#"{"id":"x","comment":"c","covers":[],"request":{},"expect":{}}"#), @"c/x.json:1: $.covers: expected at least one entry, found an empty array");
}

#[test]
fn syntax_errors_give_line_and_column() {
    insta::assert_snapshot!(error("{\n  \"id\": \"x\",\n  oops\n}"), @"c/x.json:3: $.id: expected a string key, found `o`");
}

#[test]
fn closed_sets_are_read_by_serde_with_their_path() {
    let case = |rest: &str| error(&format!(r#"{{{HEAD},"request":{{}}{rest}}}"#));
    insta::assert_snapshot!(case(r#","auth":"bogus""#), @"c/x.json:1: $.auth: expected one of `target`, `none`, `authorization`, found `bogus`");
    insta::assert_snapshot!(case(r#","accept":["json","json"]"#), @r#"c/x.json:1: $.accept[1]: expected a non-empty array of distinct ids from json, xml, default, found "json" again"#);
    insta::assert_snapshot!(case(r#","headers":{"X-Note":7}"#), @"c/x.json:1: $.headers['X-Note']: expected a string, found integer `7`");
    insta::assert_snapshot!(error(r#"{"id":"x","comment":"c","covers":[{"ticket":1}],"request":{},"expect":{}}"#), @"c/x.json:1: $.covers[0]: expected one of `client`, `business_error`, `domain`, `wire`, `convention`, found `ticket`");
    insta::assert_snapshot!(error("{\n  \"id\": \"x\",\n  \"comment\": \"c\",\n  \"covers\": [{\"client\": 1}],\n  \"request\": {}\n}"), @"c/x.json:6: $.expect: expected field `expect`, found none");
}
