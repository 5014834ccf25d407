//! Properties: write → read round-trips, the reader survives any input, the writer's output is
//! well-formed XML.

use super::{ABSTRACTIONS_NS, read_as, request_body, wire};
use favorite_contract::codec::{BindOptions, Read, xml};
use favorite_contract::contract;
use favorite_contract::strategies::{
    optional_xml_text, request_with, response_with, server_datetime,
};
use favorite_contract::{FromObject, Record, Request, Response};
use proptest::prelude::*;
use quick_xml::NsReader;
use quick_xml::events::Event;
use quick_xml::name::ResolveResult;
use std::sync::mpsc;
use std::time::Duration;

/// Any request an XML document carries unchanged (no `\r` in strings, dates as the server at
/// +03:00 writes them).
fn request() -> impl Strategy<Value = Request> {
    request_with(optional_xml_text, server_datetime)
}

/// Any response an XML document carries unchanged.
fn response() -> impl Strategy<Value = Response> {
    response_with(optional_xml_text, server_datetime)
}

/// Generous bound for one read; a hang, not slowness, is what it catches.
const HANG: Duration = Duration::from_secs(20);

fn pretty(record: &dyn Record) -> String {
    let mut out = Vec::new();
    xml::write_pretty(record, &mut out);
    String::from_utf8(out).unwrap()
}

/// Read `text` as `T` and check it is `original`, with nothing to report, and that writing it
/// again gives the same bytes (decimal scales included).
fn round_trip<T>(original: &T, text: &str) -> Result<(), TestCaseError>
where
    T: Record + FromObject + PartialEq + std::fmt::Debug,
{
    let read = read_as(text, original.schema());
    prop_assert!(read.diagnostics.is_empty(), "{:#?}", read.diagnostics);
    let object = read.object.unwrap();
    let back = T::from_object(object).unwrap();
    prop_assert_eq!(&back, original);
    prop_assert_eq!(wire(&back), wire(original));
    Ok(())
}

/// Events parse, names resolve, one root, every element closed.
fn well_formed(text: &str) -> Result<(), TestCaseError> {
    let mut reader = NsReader::from_str(text);
    let (mut depth, mut roots) = (0usize, 0usize);
    loop {
        let (resolved, event) = match reader.read_resolved_event() {
            Ok((resolved, event)) => (!matches!(resolved, ResolveResult::Unknown(_)), event),
            Err(e) => return Err(TestCaseError::fail(format!("{e} in {text}"))),
        };
        prop_assert!(resolved, "unbound prefix in {}", text);
        match event {
            Event::Start(_) => {
                roots += usize::from(depth == 0);
                depth += 1;
            }
            Event::Empty(_) => roots += usize::from(depth == 0),
            Event::End(_) => depth -= 1,
            Event::Eof => break,
            Event::Text(t) => prop_assert!(depth > 0 || t.is_empty(), "text outside the root"),
            Event::Decl(_) | Event::PI(_) | Event::DocType(_) => {
                prop_assert!(false, "unexpected {event:?}");
            }
            Event::GeneralRef(_) | Event::CData(_) | Event::Comment(_) => {}
        }
    }
    prop_assert_eq!((depth, roots), (0, 1));
    Ok(())
}

/// Read on another thread: a panic or a hang fails the case.
fn read_survives(text: String) -> Result<Read, TestCaseError> {
    let (send, receive) = mpsc::channel();
    let worker = std::thread::spawn(move || {
        let read = xml::read(&text, contract().request(), &BindOptions::default());
        let _ = send.send(read);
    });
    let read = receive
        .recv_timeout(HANG)
        .map_err(|_| TestCaseError::fail("the reader panicked or hung"))?;
    worker
        .join()
        .map_err(|_| TestCaseError::fail("the reader panicked"))?;
    Ok(read)
}

/// Pieces of XML (and near-XML) to build hostile bodies from.
fn token() -> impl Strategy<Value = String> {
    let fixed = prop::sample::select(vec![
        "<",
        ">",
        "</",
        "/>",
        "<?xml version=\"1.0\"?>",
        "<?pi?>",
        "<!--",
        "-->",
        "<![CDATA[",
        "]]>",
        "<!DOCTYPE x>",
        "&",
        "&amp;",
        "&#x1;",
        "&#xD800;",
        "&#0;",
        "&bogus;",
        ";",
        "=",
        "\"",
        "'",
        " ",
        "\n",
        "\r",
        "\t",
        "i:nil=\"true\"",
        "xmlns=\"\"",
        "xmlns:p=\"\"",
        "xmlns:i=\"http://www.w3.org/2001/XMLSchema-instance\"",
        "Client",
        "Operator",
        "ClientFavoriteDataInfoRequest",
        "<Client>",
        "</Client>",
        "<Client/>",
        "7",
        "-",
        "2026-05-07T11:27:39+05:00",
        "p:",
        "\u{1}",
        "\u{fffe}",
        "ж",
    ]);
    prop_oneof![
        fixed.prop_map(str::to_owned),
        Just(format!("xmlns=\"{ABSTRACTIONS_NS}\"")),
        "[ -~]{0,6}",
    ]
}

/// A valid body with one byte range replaced by arbitrary text.
fn mutated() -> impl Strategy<Value = String> {
    let base = request_body(&format!(
        "<Operator xmlns=\"{ABSTRACTIONS_NS}\">1</Operator><BegDate>2026-05-07</BegDate><Client>7</Client>"
    ));
    let len = base.len();
    (0..len, 0..8usize, "\\PC{0,4}|[<>&/\"=]{0,3}").prop_map(move |(at, cut, insert)| {
        let bytes = base.as_bytes();
        let end = (at + cut).min(len);
        let mut out = bytes[..at].to_vec();
        out.extend_from_slice(insert.as_bytes());
        out.extend_from_slice(&bytes[end..]);
        String::from_utf8_lossy(&out).into_owned()
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// Source: contracts/reference/wire.md#xml-member-order to contracts/reference/wire.md#datetime-forms: what the server writes, .NET (and this reader) reads back.
    #[test]
    fn requests_round_trip(r in request()) {
        let text = wire(&r);
        round_trip::<Request>(&r, &text)?;
        round_trip::<Request>(&r, &pretty(&r))?;
    }

    #[test]
    fn responses_round_trip(r in response()) {
        round_trip::<Response>(&r, &wire(&r))?;
        round_trip::<Response>(&r, &pretty(&r))?;
    }

    #[test]
    fn written_xml_is_well_formed(r in response(), q in request()) {
        well_formed(&wire(&r))?;
        well_formed(&pretty(&r))?;
        well_formed(&wire(&q))?;
    }

    #[test]
    fn reader_survives_arbitrary_text(text in "\\PC{0,64}|[\\x00-\\x7f]{0,64}") {
        read_survives(text)?;
    }

    #[test]
    fn reader_survives_token_soup(tokens in prop::collection::vec(token(), 0..40)) {
        let read = read_survives(tokens.concat())?;
        // Null exactly when a failure was reported.
        let failed = read.diagnostics.iter().any(|d| d.model_state.is_some()
            || d.kind == favorite_contract::codec::DiagnosticKind::XmlNilObject);
        prop_assert_eq!(read.object.is_none(), failed, "{:#?}", read.diagnostics);
    }

    #[test]
    fn reader_survives_mutations(text in mutated()) {
        let read = read_survives(text)?;
        for d in &read.diagnostics {
            let located = matches!(
                d.location,
                favorite_contract::codec::DiagnosticLocation::Xml { line, column, .. } if line >= 1 && column >= 1
            );
            prop_assert!(located, "{}", d);
        }
    }
}
