//! Redactions hide what they name and nothing else.

use crate::snapshot::{Redaction, Redactions, json_doc, xml_doc};
use crate::wire::json as json_tree;

fn rules(rules: &[&str], target: Option<&str>) -> Redactions {
    Redactions::new(rules.iter().map(|r| r.parse().unwrap()).collect(), target)
}

const BODY: &str = r#"{"ErrorCode":0,"Message":"","ClientFavorites":[{"Id":1,"ProcTime":"2026-05-01T10:00:00","ActionDateEnd":null},{"Id":2,"ProcTime":"not a date","ActionDateEnd":"2026-06-01T00:00:00.997+03:00"}],"Note":"see http://127.0.0.1:5000/api/x"}"#;

#[test]
fn json_rules_hide_exactly_the_named_values() {
    let r = rules(
        &[
            "/ClientFavorites/*/ProcTime=[date]",
            "/ClientFavorites/**/ActionDateEnd=date",
        ],
        Some("http://127.0.0.1:5000/"),
    );
    let mut node = json_tree::parse(BODY).unwrap();
    let hidden = r.json(&mut node);
    assert_eq!(
        hidden, 3,
        "one ProcTime, one non-null ActionDateEnd, one target URL"
    );
    insta::assert_snapshot!(json_doc::compact(&node.value), @r#"{"ErrorCode":0,"Message":"","ClientFavorites":[{"Id":1,"ProcTime":"[redacted: date]","ActionDateEnd":null},{"Id":2,"ProcTime":"not a date","ActionDateEnd":"[redacted: date]"}],"Note":"see [target]/api/x"}"#);
}

#[test]
fn plain_labels_hide_any_value_even_a_list() {
    let r = rules(&["/ClientFavorites=[rows]", "/ErrorCode=[code]"], None);
    let mut node = json_tree::parse(BODY).unwrap();
    assert_eq!(r.json(&mut node), 2);
    insta::assert_snapshot!(json_doc::compact(&node.value), @r#"{"ErrorCode":"[redacted: code]","Message":"","ClientFavorites":"[redacted: rows]","Note":"see http://127.0.0.1:5000/api/x"}"#);
}

#[test]
fn xml_rules_use_the_same_paths_below_the_root() {
    let text = r#"<R xmlns:i="http://www.w3.org/2001/XMLSchema-instance"><ClientFavorites><Row><ProcTime>2026-05-01T10:00:00</ProcTime><ActionDateEnd i:nil="true"/></Row></ClientFavorites><Other><ProcTime>2026-05-01T10:00:00</ProcTime></Other></R>"#;
    let mut root = xml_doc::parse(text).unwrap();
    let r = rules(
        &[
            "/ClientFavorites/*/ProcTime=[date]",
            "/ClientFavorites/*/ActionDateEnd=[date]",
        ],
        None,
    );
    assert_eq!(r.xml(&mut root), 1, "a nil element has nothing to hide");
    insta::assert_snapshot!(xml_doc::pretty(&root), @r#"
    <R xmlns:i="http://www.w3.org/2001/XMLSchema-instance">
      <ClientFavorites>
        <Row>
          <ProcTime>[redacted: date]</ProcTime>
          <ActionDateEnd i:nil="true" />
        </Row>
      </ClientFavorites>
      <Other>
        <ProcTime>2026-05-01T10:00:00</ProcTime>
      </Other>
    </R>
    "#);
}

#[test]
fn double_star_matches_any_depth() {
    let r = rules(&["/**/Id=[id]"], None);
    let mut node = json_tree::parse(r#"{"Id":1,"A":[{"Id":2,"B":{"Id":3}}],"Ids":4}"#).unwrap();
    assert_eq!(r.json(&mut node), 3);
    insta::assert_snapshot!(json_doc::compact(&node.value), @r#"{"Id":"[redacted: id]","A":[{"Id":"[redacted: id]","B":{"Id":"[redacted: id]"}}],"Ids":4}"#);
}

#[test]
fn rules_parse_and_print_the_same_way() {
    let rule: Redaction = " /a/*/b = [date] ".parse().unwrap();
    assert_eq!((rule.path(), rule.label()), ("/a/*/b", "date"));
    assert_eq!(rule.to_string(), "/a/*/b=[date]");
    insta::assert_snapshot!("a/b=[x]".parse::<Redaction>().unwrap_err(), @"redaction `a/b=[x]`: expected a path starting with `/`, found `a/b`");
    insta::assert_snapshot!("/a//b=[x]".parse::<Redaction>().unwrap_err(), @"redaction `/a//b=[x]`: expected non-empty path steps, found `/a//b`");
    insta::assert_snapshot!("/a=[x]y]".parse::<Redaction>().unwrap_err(), @"redaction `/a=[x]y]`: expected a label of letters, digits, spaces, `-`, `_` or `.`, found `x]y`");
    insta::assert_snapshot!("/a".parse::<Redaction>().unwrap_err(), @"redaction `/a`: expected PATH=[label], e.g. /ClientFavorites/*/ProcTime=[date], found no `=`");
}

#[test]
fn a_redaction_file_is_an_object_of_paths_and_labels() {
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("r.json");
    std::fs::write(
        &good,
        r#"{"/ClientFavorites/*/ProcTime": "date", "/Message": "[text]"}"#,
    )
    .unwrap();
    let rules = Redactions::read_file(&good).unwrap();
    let shown: Vec<String> = rules.iter().map(ToString::to_string).collect();
    assert_eq!(
        shown,
        ["/ClientFavorites/*/ProcTime=[date]", "/Message=[text]"]
    );
    let bad = dir.path().join("bad.json");
    std::fs::write(&bad, r#"["/x"]"#).unwrap();
    let err = Redactions::read_file(&bad).unwrap_err().to_string();
    assert!(err.contains("expected a JSON object"), "{err}");
}
