//! Request encoding: only the given members, contract order, each format's rules.

use crate::codec::Format;
use crate::snapshot::{Accept, Input, exchanges, parse_case};

fn case(request: &str, extra: &str) -> crate::snapshot::Case {
    let text = format!(
        r#"{{"id":"x","comment":"c","covers":[{{"client":1}}],"request":{request},"expect":{{"status":200}}{extra}}}"#
    );
    parse_case("x.json", "x", &text).unwrap()
}

fn bodies(request: &str) -> Vec<String> {
    let case = case(
        request,
        r#","formats":["json","xml","form"],"accept":["json"]"#,
    );
    exchanges(&case)
        .iter()
        .map(|e| String::from_utf8(e.request.body.as_bytes().to_vec()).unwrap())
        .collect()
}

#[test]
fn members_are_encoded_in_every_format() {
    let b = bodies(
        r#"{"SiteCode":"ЛИЧНЫЙ КАБИНЕТ & co","Operator":1,"Client":1006,"BegDate":"2026-05-01T00:00:00+03:00","Token":null}"#,
    );
    insta::assert_snapshot!(b[0], @r#"{"Client":1006,"BegDate":"2026-05-01T00:00:00+03:00","Operator":1,"Token":null,"SiteCode":"ЛИЧНЫЙ КАБИНЕТ & co"}"#);
    // Base-class members first, each in the Abstractions namespace; then ordinal order.
    insta::assert_snapshot!(b[1], @r#"<ClientFavoriteDataInfoRequest xmlns:i="http://www.w3.org/2001/XMLSchema-instance" xmlns="http://schemas.datacontract.org/2004/07/LCManagerPartner.Implementation.Request"><Operator xmlns="http://schemas.datacontract.org/2004/07/LCManagerPartner.Implementation.Abstractions">1</Operator><SiteCode xmlns="http://schemas.datacontract.org/2004/07/LCManagerPartner.Implementation.Abstractions">ЛИЧНЫЙ КАБИНЕТ &amp; co</SiteCode><Token xmlns="http://schemas.datacontract.org/2004/07/LCManagerPartner.Implementation.Abstractions" i:nil="true"/><BegDate>2026-05-01T00:00:00+03:00</BegDate><Client>1006</Client></ClientFavoriteDataInfoRequest>"#);
    // `+` travels as %2B; a null is an empty value.
    insta::assert_snapshot!(b[2], @"Client=1006&BegDate=2026-05-01T00%3A00%3A00%2B03%3A00&Operator=1&Token=&SiteCode=%D0%9B%D0%98%D0%A7%D0%9D%D0%AB%D0%99%20%D0%9A%D0%90%D0%91%D0%98%D0%9D%D0%95%D0%A2%20%26%20co");
}

#[test]
fn exchanges_cross_formats_with_accept_variants() {
    let case = case(
        r#"{"Client":1}"#,
        r#","formats":["xml","form"],"accept":["json","default"]"#,
    );
    let all = exchanges(&case);
    let labels: Vec<&str> = all.iter().map(|e| e.label.as_str()).collect();
    assert_eq!(
        labels,
        [
            "xml → json",
            "xml → default",
            "form → json",
            "form → default"
        ]
    );
    assert_eq!(all[0].input, Input::Format(Format::Xml));
    assert_eq!(all[1].accept, Accept::Default);
    assert_eq!(all[0].request.header("Accept"), Some("application/json"));
    assert_eq!(all[1].request.header("Accept"), None);
    assert_eq!(
        all[2].request.header("Content-Type"),
        Some("application/x-www-form-urlencoded")
    );
    assert!(all.iter().all(|e| e.target_auth));
}

#[test]
fn raw_cases_send_their_bytes_and_content_type() {
    let case = case(
        r#"{"raw":"Client=1","content_type":null}"#,
        r#","accept":["xml"],"auth":"none","method":"PUT","path":"/api/x""#,
    );
    let all = exchanges(&case);
    assert_eq!(all.len(), 1);
    let e = &all[0];
    assert_eq!(e.label, "raw → xml");
    assert_eq!(e.request.header("Content-Type"), None);
    assert_eq!(e.request.body.as_bytes(), b"Client=1");
    assert_eq!(
        (e.request.method.as_str(), e.request.path.as_str()),
        ("PUT", "/api/x")
    );
    assert!(!e.target_auth);
}
