//! Shrink candidates: each is one step simpler.

use crate::codec::Format;
use crate::exchange::RequestBody;
use crate::model::Request;
use crate::runner::cases::{Case, CaseLabel, EncodeStyle, Payload};
use crate::runner::shrink::candidates;

fn raw(body: &str, format: Format) -> Case {
    Case::post(
        CaseLabel::WrongType,
        Some("application/x"),
        Payload::Raw {
            body: RequestBody::Text(body.to_owned()),
            format: Some(format),
        },
    )
}

fn bodies(cases: &[Case]) -> Vec<String> {
    cases
        .iter()
        .filter_map(|c| match &c.payload {
            Payload::Raw {
                body: RequestBody::Text(t),
                ..
            } => Some(t.clone()),
            _ => None,
        })
        .collect()
}

#[test]
fn drops_one_header_then_one_form_pair_at_a_time() {
    let mut case = raw("Client=abc&Operator=1", Format::Form);
    case.headers.push(("Accept".into(), "*/*".into()));
    let c = candidates(&case);
    assert_eq!(c[0].headers.len(), 1);
    assert_eq!(c[1].headers.len(), 1);
    assert_eq!(bodies(&c[2..]), ["Operator=1", "Client=abc"]);
}

#[test]
fn drops_json_members_and_xml_children() {
    // The first candidate drops the Content-Type header; the body candidates follow.
    let json = bodies(&candidates(&raw(r#"{"Client":"abc","Operator":1}"#, Format::Json))[1..]);
    assert_eq!(json, [r#"{"Operator":1}"#, r#"{"Client":"abc"}"#]);
    let xml = bodies(
        &candidates(&raw(
            "<R xmlns=\"n\"><A>1</A><B/><C><D/></C></R>",
            Format::Xml,
        ))[1..],
    );
    assert_eq!(
        xml,
        [
            "<R xmlns=\"n\"><B/><C><D/></C></R>",
            "<R xmlns=\"n\"><A>1</A><C><D/></C></R>",
            "<R xmlns=\"n\"><A>1</A><B/></R>",
        ]
    );
    // Malformed bodies have no structure to drop.
    assert_eq!(candidates(&raw("{\"Client\":", Format::Json)).len(), 1);
}

#[test]
fn resets_one_typed_member_at_a_time() {
    let request = Request {
        client: 7,
        start: Some(3),
        site_code: Some("x".into()),
        ..Request::default()
    };
    let case = Case::post(
        CaseLabel::Valid,
        Some("application/json"),
        Payload::Encoded {
            request,
            format: Format::Json,
            style: EncodeStyle::LowerCaseNames,
        },
    );
    let c = candidates(&case);
    // Content-Type dropped, style made canonical, then Client, Start, SiteCode reset.
    assert_eq!(c.len(), 5);
    let requests: Vec<Request> = c[2..]
        .iter()
        .filter_map(|c| match &c.payload {
            Payload::Encoded { request, .. } => Some(request.clone()),
            Payload::Raw { .. } => None,
        })
        .collect();
    assert_eq!(requests[0].client, 0);
    assert_eq!(requests[1].start, None);
    assert_eq!(requests[2].site_code, None);
}
