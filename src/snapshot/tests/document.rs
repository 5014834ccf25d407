//! The snapshot text: rendering, reading back, and the insta file format around it.

use crate::exchange::HttpResponse;
use crate::snapshot::document::{self, BodyDoc, Raw};
use crate::snapshot::record::{compare, exchange_doc, response_doc};
use crate::snapshot::snap_file::{self, SnapMeta};
use crate::snapshot::{Redactions, exchanges, parse_case};

fn observed(status: u16, content_type: Option<&str>, body: &str) -> HttpResponse {
    HttpResponse {
        status,
        headers: content_type
            .map(|ct| {
                vec![
                    ("content-type".to_owned(), ct.to_owned()),
                    ("date".to_owned(), "now".to_owned()),
                ]
            })
            .unwrap_or_default(),
        body: bytes::Bytes::copy_from_slice(body.as_bytes()),
    }
}

fn case() -> crate::snapshot::Case {
    parse_case(
        "x.json",
        "x",
        r#"{"id":"x","comment":"c","covers":[{"client":1}],"request":{"Client":1},"formats":["json","xml"],"accept":["json"],"expect":{"status":200}}"#,
    )
    .unwrap()
}

#[test]
fn a_case_renders_readably_and_reads_back() {
    let case = case();
    let all = exchanges(&case);
    let none = Redactions::default();
    let docs = vec![
        exchange_doc(
            &all[0],
            &observed(
                200,
                Some("application/json; charset=utf-8"),
                r#"{"ErrorCode":0,"SumGain":100.00}"#,
            ),
            &none,
        ),
        exchange_doc(
            &all[1],
            &observed(
                200,
                Some("application/json; charset=utf-8"),
                r#"{"ErrorCode":0,"SumGain":100.00}"#,
            ),
            &none,
        ),
    ];
    let text = document::render(&docs);
    insta::assert_snapshot!(text, @r#"
    ## json → json
    > POST /api/client/ClientFavoriteDataInfo
    > Content-Type: application/json
    > Accept: application/json
    > Authorization: [target]
    >
    > {"Client":1}
    < 200
    < Content-Type: application/json; charset=utf-8
    < raw: 32 bytes, sha256 46ee8f9b2e59b6581881d6e4c567c215a2c48ce3ca7e2abad8d66aff1a2d9d1a
    < body: json
    {
      "ErrorCode": 0,
      "SumGain": 100.00
    }

    ## xml → json
    > POST /api/client/ClientFavoriteDataInfo
    > Content-Type: application/xml
    > Accept: application/json
    > Authorization: [target]
    >
    > <ClientFavoriteDataInfoRequest xmlns:i="http://www.w3.org/2001/XMLSchema-instance" xmlns="http://schemas.datacontract.org/2004/07/LCManagerPartner.Implementation.Request"><Client>1</Client></ClientFavoriteDataInfoRequest>
    < 200
    < Content-Type: application/json; charset=utf-8
    < raw: 32 bytes, sha256 46ee8f9b2e59b6581881d6e4c567c215a2c48ce3ca7e2abad8d66aff1a2d9d1a
    < body: same as json → json
    "#);
    // Reading back gives the same exchanges (byte offsets inside the JSON tree aside).
    let back = document::parse(&text).unwrap();
    assert_eq!(document::render(&back), text);
    for (x, y) in back.iter().zip(&docs) {
        assert_eq!(
            (&x.label, &x.request, &x.response.raw),
            (&y.label, &y.request, &y.response.raw)
        );
        assert!(compare(x, y).0.is_empty());
    }
}

#[test]
fn other_bodies_are_kept_as_text_empty_or_xml() {
    let e = &exchanges(&case())[0];
    let none = Redactions::default();
    let html = response_doc(
        &observed(
            404,
            Some("text/html"),
            "<html>\r\n## not a header\n\n</html>",
        ),
        &none,
    );
    let empty = response_doc(&observed(405, None, ""), &none);
    let broken = response_doc(&observed(200, Some("application/json"), r#"{"a":"#), &none);
    assert!(matches!(html.body, BodyDoc::Text(_)));
    assert_eq!(empty.body, BodyDoc::Empty);
    assert!(matches!(broken.body, BodyDoc::Text(_)));
    let docs: Vec<_> = [html, empty, broken]
        .into_iter()
        .enumerate()
        .map(|(i, response)| document::ExchangeDoc {
            label: format!("e{i}"),
            request: vec![e.label.clone()],
            response,
        })
        .collect();
    let text = document::render(&docs);
    insta::assert_snapshot!(text, @r#"
    ## e0
    > json → json
    < 404
    < Content-Type: text/html
    < raw: 32 bytes, sha256 4fff52b070f58ba76608f6b68e9115bcd9b91840e5eb9a164db34161d117b8d6
    < body: text
    | <html>\u{d}
    | ## not a header
    |
    | </html>

    ## e1
    > json → json
    < 405
    < raw: 0 bytes, sha256 e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
    < body: empty

    ## e2
    > json → json
    < 200
    < Content-Type: application/json
    < raw: 5 bytes, sha256 ffb38b22ee3e0ca90325ebce953a9846990f292faf44c50498771602e31cb61f
    < body: text
    | {"a":
    "#);
    let back = document::parse(&text).unwrap();
    for (x, y) in back.iter().zip(&docs) {
        let (d, _) = compare(x, y);
        assert!(d.is_empty(), "{d:?}");
    }
}

#[test]
fn redacted_bodies_do_not_pin_bytes() {
    let rules = Redactions::new(vec!["/T=[date]".parse().unwrap()], None);
    let doc = response_doc(
        &observed(
            200,
            Some("application/json"),
            r#"{"T":"2026-05-01T00:00:00"}"#,
        ),
        &rules,
    );
    assert_eq!(doc.raw, Raw::Redacted { values: 1 });
}

#[test]
fn byte_differences_with_equal_data_are_a_note_not_a_difference() {
    let e = &exchanges(&case())[0];
    let none = Redactions::default();
    let a = exchange_doc(
        e,
        &observed(
            200,
            Some("application/json; charset=utf-8"),
            r#"{"A":1.0,"B":2}"#,
        ),
        &none,
    );
    let b = exchange_doc(
        e,
        &observed(
            200,
            Some("application/json;charset=UTF-8"),
            r#"{"B":2, "A":1}"#,
        ),
        &none,
    );
    let (d, bytes_differ) = compare(&a, &b);
    assert!(d.is_empty(), "{d:?}");
    assert!(bytes_differ);
}

#[test]
fn unreadable_snapshot_texts_are_errors_with_a_line() {
    insta::assert_snapshot!(document::parse("## a\n< 2x\n").unwrap_err(), @"line 2: expected a status code, found `2x`");
    insta::assert_snapshot!(document::parse("## a\n< 200\n< raw: 1 bytes, sha256 ab\n< body: yaml\nx").unwrap_err(), @"line 5: expected `< body: json|xml|text|empty|same as <exchange>`, found `yaml`");
    insta::assert_snapshot!(document::parse("hello").unwrap_err(), @"line 1: expected `## <exchange>`, found `hello`");
}

#[test]
fn written_files_are_snapshots_insta_reads() {
    let meta = SnapMeta {
        source: "contracts/corpus/x.json".to_owned(),
        description: "a \"quoted\" comment: ЛИЧНЫЙ".to_owned(),
        expression: "favorite-contract snapshot".to_owned(),
        info: serde_json::json!({"case": "x", "covers": ["catalogue client 1"], "redactions": ["/a/*/b=[date]"], "target": "http://h:1"}),
    };
    let body = "## json → json\n> POST /x\n< 200\n< raw: 0 bytes, sha256 e3\n< body: empty\n";
    let text = snap_file::render(&meta, body);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("corpus@x.json.snap");
    std::fs::write(&path, &text).unwrap();
    let snap = insta::Snapshot::from_file(&path).unwrap();
    assert_eq!(snap.metadata().source(), Some("contracts/corpus/x.json"));
    assert_eq!(
        snap.metadata().expression(),
        Some("favorite-contract snapshot")
    );
    assert_eq!(
        snap.metadata().description(),
        Some("a \"quoted\" comment: ЛИЧНЫЙ")
    );
    assert_eq!(
        snap.metadata().input_file(),
        Some("contracts/corpus/x.json")
    );
    assert_eq!(snap.snapshot_name(), Some("corpus@x.json"));
    let contents = snap.as_text().unwrap().to_string();
    assert_eq!(contents, body.trim_end());
    let back = snap_file::parse(&text).unwrap();
    assert_eq!(back.body, body.trim_end());
    assert_eq!(back.redactions, ["/a/*/b=[date]"]);
}

/// `cargo insta accept` rewrites the header in YAML block style; the recorded redaction rules
/// must survive that.
#[test]
fn redaction_rules_are_read_from_headers_insta_rewrote() {
    let text = "---\nsource: contracts/corpus/x.json\ninfo:\n  case: x\n  covers:\n    - catalogue client 1\n  redactions:\n    - \"/a/*/b=[date]\"\n    - \"/c=[id \\\"x\\\"]\"\n  target: \"http://h:1\"\n---\n## a\n";
    let back = snap_file::parse(text).unwrap();
    assert_eq!(back.redactions, ["/a/*/b=[date]", "/c=[id \"x\"]"]);
    assert_eq!(back.body, "## a");
    let none = "---\ninfo:\n  redactions: []\n---\nx";
    assert!(snap_file::parse(none).unwrap().redactions.is_empty());
}
