//! The readable forms of bodies and their comparison: JSON semantic, XML canonical.

use crate::snapshot::diff::{DiffAt, Difference};
use crate::snapshot::{json_doc, xml_diff, xml_doc};
use crate::wire::json as json_tree;

fn json_diff(expected: &str, actual: &str) -> Vec<Difference> {
    let mut out = Vec::new();
    json_doc::compare(
        &json_tree::parse(expected).unwrap(),
        &json_tree::parse(actual).unwrap(),
        &mut out,
    );
    out
}

fn xml_diffs(expected: &str, actual: &str) -> Vec<Difference> {
    let mut out = Vec::new();
    xml_diff::compare(
        &xml_doc::parse(expected).unwrap(),
        &xml_doc::parse(actual).unwrap(),
        &mut out,
    );
    out
}

#[test]
fn json_pretty_keeps_every_number_as_sent() {
    let node = json_tree::parse(
        r#"{"SumGain":100.00,"AvgAll":1.0,"N":1E2,"A":[],"O":{},"L":[1,{"x":null}],"S":"a\"b\n"}"#,
    )
    .unwrap();
    insta::assert_snapshot!(json_doc::pretty(&node), @r#"
    {
      "SumGain": 100.00,
      "AvgAll": 1.0,
      "N": 1E2,
      "A": [],
      "O": {},
      "L": [
        1,
        {
          "x": null
        }
      ],
      "S": "a\"b\n"
    }
    "#);
}

#[test]
fn json_compares_numbers_as_numbers_and_ignores_member_order() {
    assert!(json_diff(r#"{"a":100.00,"b":[1.0,2]}"#, r#"{"b":[1,2.000],"a":1E2}"#).is_empty());
}

#[test]
fn json_differences_name_path_expected_and_actual() {
    let d = json_diff(
        r#"{"a":{"b":"x","gone":1},"rows":[1,2]}"#,
        r#"{"a":{"b":"y","new":true},"rows":[1,2,3]}"#,
    );
    let shown: Vec<String> = d
        .iter()
        .map(|d| format!("{} | {} | {}", d.at, d.expected, d.actual))
        .collect();
    insta::assert_snapshot!(shown.join("\n"), @r#"
    /a/b | "x" | "y"
    /a/gone | 1 | (absent)
    /a/new | (absent) | true
    /rows/2 | (absent) | 3
    "#);
    // A number is not a string, even with the same digits.
    assert_eq!(
        json_diff(r#"{"a":1.50}"#, r#"{"a":"1.50"}"#)[0].actual,
        r#""1.50""#
    );
}

const NS: &str = "http://schemas.datacontract.org/2004/07/LCManagerPartner.Implementation.Response";
const ABS: &str =
    "http://schemas.datacontract.org/2004/07/LCManagerPartner.Implementation.Abstractions";
const XSI: &str = "http://www.w3.org/2001/XMLSchema-instance";

#[test]
fn xml_canonical_form_ignores_prefixes_whitespace_and_empty_tag_style() {
    let a = format!(
        r#"<R xmlns:i="{XSI}" xmlns="{NS}"><E xmlns="{ABS}">0</E><M xmlns="{ABS}"></M><U i:nil="true"/><T>a&#xD;&#xA;b</T></R>"#
    );
    let b = format!(
        "<?xml version=\"1.0\"?>\r\n<p:R xmlns:p=\"{NS}\" xmlns:x=\"{XSI}\" xmlns:q=\"{ABS}\">\r\n  <q:E>0</q:E>\r\n  <q:M/>\r\n  <p:U x:nil=\"true\"></p:U>\r\n  <p:T>a\r\nb</p:T>\r\n</p:R>"
    );
    let (a, b) = (xml_doc::parse(&a).unwrap(), xml_doc::parse(&b).unwrap());
    // `&#xD;&#xA;` is a real CR in the text; a literal CRLF is a line end (XML 1.0 §2.11).
    let mut d = Vec::new();
    xml_diff::compare(&a, &b, &mut d);
    assert_eq!(d.len(), 1, "{d:?}");
    assert_eq!(d[0].at, DiffAt::Xml("/R/T".into()));
    insta::assert_snapshot!(xml_doc::pretty(&b), @r#"
    <R xmlns="http://schemas.datacontract.org/2004/07/LCManagerPartner.Implementation.Response" xmlns:i="http://www.w3.org/2001/XMLSchema-instance">
      <E xmlns="http://schemas.datacontract.org/2004/07/LCManagerPartner.Implementation.Abstractions">0</E>
      <M xmlns="http://schemas.datacontract.org/2004/07/LCManagerPartner.Implementation.Abstractions" />
      <U i:nil="true" />
      <T>a&#xA;b</T>
    </R>
    "#);
}

#[test]
fn xml_pretty_form_reads_back_to_the_same_tree() {
    let text = format!(
        r#"<R xmlns:i="{XSI}" xmlns="{NS}"><S> padded  </S><L><Row><Id>1</Id></Row><Row><Id>2</Id></Row></L><X xmlns="">free</X><Mixed>lead<B>1</B>tail</Mixed></R>"#
    );
    let tree = xml_doc::parse(&text).unwrap();
    let again = xml_doc::parse(&xml_doc::pretty(&tree)).unwrap();
    assert_eq!(tree, again);
}

#[test]
fn xml_keeps_datacontract_order_and_reports_a_reordering() {
    let d = xml_diffs(
        &format!(r#"<R xmlns="{NS}"><A>1</A><B>2</B><C>3</C></R>"#),
        &format!(r#"<R xmlns="{NS}"><A>1</A><C>3</C><B>2</B></R>"#),
    );
    assert_eq!(
        d,
        [Difference::new(
            DiffAt::XmlOrder("/R".into()),
            "A, B, C",
            "A, C, B"
        )]
    );
}

#[test]
fn xml_reports_namespace_text_attribute_and_row_changes() {
    let d = xml_diffs(
        &format!(
            r#"<R xmlns:i="{XSI}" xmlns="{NS}"><Op xmlns="{ABS}">1</Op><L><Row><Id>1</Id></Row><Row><Id>2</Id></Row></L><U i:nil="true"/></R>"#
        ),
        &format!(
            r#"<R xmlns:i="{XSI}" xmlns="{NS}"><Op>1</Op><L><Row><Id>1</Id></Row><Row><Id>3</Id></Row><Row><Id>4</Id></Row></L><U>x</U></R>"#
        ),
    );
    let shown: Vec<String> = d
        .iter()
        .map(|d| format!("{} | {} | {}", d.at, d.expected, d.actual))
        .collect();
    insta::assert_snapshot!(shown.join("\n"), @r#"
    /R/Op | xmlns="http://schemas.datacontract.org/2004/07/LCManagerPartner.Implementation.Abstractions" | xmlns="http://schemas.datacontract.org/2004/07/LCManagerPartner.Implementation.Response"
    /R/L/Row[2]/Id | "2" | "3"
    /R/L/Row[3] | (absent) | <Row xmlns="http://schemas.datacontract.org/2004/07/LCManagerPartner.Implementation.Response"><Id>4</Id></Row>
    /R/U/@i:nil | "true" | (absent)
    /R/U | "" | "x"
    "#);
}

#[test]
fn malformed_xml_is_not_xml() {
    for text in [
        "<a><b></a>",
        "<a/><b/>",
        "text",
        "<x:a/>",
        "<a>&nope;</a>",
        "",
    ] {
        assert!(xml_doc::parse(text).is_err(), "{text}");
    }
}

#[test]
fn text_bodies_differ_by_line_diff_not_by_index() {
    let diff = |e: &str, a: &str| {
        let mut out = Vec::new();
        crate::snapshot::record::text(e, a, &mut out);
        out.iter().map(ToString::to_string).collect::<Vec<_>>()
    };
    // One inserted line is one difference; the lines after it did not change.
    insta::assert_debug_snapshot!(diff("| a\n| b\n| c", "| a\n| new\n| b\n| c"), @r#"
    [
        "at body line 2\n  expected (absent)\n  actual   new",
    ]
    "#);
    insta::assert_debug_snapshot!(diff("| a\n| b\n| c", "| a\n| c"), @r#"
    [
        "at body line 2\n  expected b\n  actual   (absent)",
    ]
    "#);
    insta::assert_debug_snapshot!(diff("| a\n| b", "| a\n| B"), @r#"
    [
        "at body line 2\n  expected b\n  actual   B",
    ]
    "#);
    assert!(diff("| same", "| same").is_empty());
}
