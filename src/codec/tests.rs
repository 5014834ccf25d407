//! Limits every reader shares: diagnostics per body are capped at [`MAX_DIAGNOSTICS`] (the
//! first ones kept, the rest counted), and locating one diagnostic after another along a
//! single long line stays exact.

use super::{BindOptions, Bound, Location, MAX_DIAGNOSTICS, bind};

fn bound(content_type: &str, body: &str) -> Bound {
    bind(Some(content_type), body.as_bytes(), &BindOptions::default()).unwrap()
}

fn repeated(head: &str, unit: &str, sep: &str, tail: &str, n: usize) -> String {
    format!("{head}{}{tail}", vec![unit; n].join(sep))
}

#[test]
fn json_keeps_the_first_diagnostics_and_counts_the_rest() {
    // Every repeat after the first is a duplicate and a failed conversion: two diagnostics.
    let n = 5_000;
    let body = repeated("{", r#""Client":"x""#, ",", "}", n);
    let bound = bound("application/json", &body);
    assert_eq!(bound.diagnostics.len(), MAX_DIAGNOSTICS);
    assert_eq!(
        bound.diagnostics.len() + bound.diagnostics_omitted,
        2 * n - 1
    );
    // The first ones met are the ones kept, in body order.
    let positions: Vec<u32> = bound
        .diagnostics
        .iter()
        .map(|d| match d.location {
            Location::Json { position, .. } => position,
            _ => panic!("a JSON location"),
        })
        .collect();
    assert!(positions.windows(2).all(|w| w[0] <= w[1]), "{positions:?}");
    assert!(positions[MAX_DIAGNOSTICS - 1] < 600, "{positions:?}");
}

#[test]
fn json_repeated_members_name_where_the_previous_one_was_along_a_long_line() {
    // `{"Client":1,"Client":1,…}`: the k-th repeat (k ≥ 1) names the one before it, whose
    // name ended at position 9 + 11·(k−1) (Json.NET positions count from the line start).
    let body = repeated("{", r#""Client":1"#, ",", "}", 40);
    let bound = bound("application/json", &body);
    let repeats: Vec<&str> = bound
        .diagnostics
        .iter()
        .map(|d| d.message.as_str())
        .collect();
    assert_eq!(repeats.len(), 39);
    for (k, message) in repeats.iter().enumerate() {
        let expected = format!("first at line 1, position {}", 10 + 11 * k);
        assert!(message.contains(&expected), "repeat {}: {message}", k + 1);
    }
}

#[test]
fn json_lenient_syntax_is_capped_and_merged_in_body_order() {
    // Comments are reader events, merged with the binder's diagnostics at the end.
    let body = format!(r#"{{"client":1,{}"Client":"x"}}"#, "/**/".repeat(500));
    let bound = bound("application/json", &body);
    assert_eq!(bound.diagnostics.len(), MAX_DIAGNOSTICS);
    // case mismatch, 500 comments, a duplicate and a failed conversion.
    assert_eq!(bound.diagnostics.len() + bound.diagnostics_omitted, 503);
    assert_eq!(bound.diagnostics[0].kind.code(), "json-case-mismatch");
}

#[test]
fn xml_keeps_the_first_diagnostics_with_exact_columns() {
    let root = r#"<ClientFavoriteDataInfoRequest xmlns="http://schemas.datacontract.org/2004/07/LCManagerPartner.Implementation.Request">"#;
    let n = 10_000;
    let body = repeated(root, "<Z/>", "", "</ClientFavoriteDataInfoRequest>", n);
    let bound = bound("application/xml", &body);
    assert_eq!(bound.diagnostics.len(), MAX_DIAGNOSTICS);
    // n unknown elements and the missing-members note.
    assert_eq!(bound.diagnostics.len() + bound.diagnostics_omitted, n + 1);
    for (k, d) in bound.diagnostics.iter().enumerate() {
        let Location::Xml { column, .. } = d.location else {
            panic!("an XML location")
        };
        let expected = u32::try_from(root.len() + 1 + 4 * k).unwrap();
        assert_eq!(column, expected, "element {k}");
    }
}

#[test]
fn form_keeps_the_first_diagnostics() {
    let body = repeated("", "Z=1", "&", "", 900);
    let bound = bound("application/x-www-form-urlencoded", &body);
    assert_eq!(bound.diagnostics.len(), MAX_DIAGNOSTICS);
    assert_eq!(bound.diagnostics.len() + bound.diagnostics_omitted, 900);
}
