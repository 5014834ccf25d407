//! The XML codec (DataContractSerializer under Web API 2) against `contracts/reference/wire.md` and the help
//! page. Source: `contracts/reference/wire.md`, cited by section anchor.

mod help;
mod props;
mod reading;
mod writing;

use favorite_contract::codec::{BindOptions, Diagnostic, DiagnosticKind, Read, xml};
use favorite_contract::{TypeSchema, contract};

/// The request namespace.
pub const REQUEST_NS: &str =
    "http://schemas.datacontract.org/2004/07/LCManagerPartner.Implementation.Request";
/// The base class's namespace (Operator, SiteCode, Token, ErrorCode, Message).
pub const ABSTRACTIONS_NS: &str =
    "http://schemas.datacontract.org/2004/07/LCManagerPartner.Implementation.Abstractions";
/// The response namespace.
pub const RESPONSE_NS: &str =
    "http://schemas.datacontract.org/2004/07/LCManagerPartner.Implementation.Response";

/// `<ClientFavoriteDataInfoRequest xmlns:i=… xmlns=…>{inner}</…>`, as a client would post it.
pub fn request_body(inner: &str) -> String {
    format!(
        r#"<ClientFavoriteDataInfoRequest xmlns:i="http://www.w3.org/2001/XMLSchema-instance" xmlns="{REQUEST_NS}">{inner}</ClientFavoriteDataInfoRequest>"#
    )
}

/// `xmlns="…Abstractions"`, for base members.
pub fn abs() -> String {
    format!(r#"xmlns="{ABSTRACTIONS_NS}""#)
}

/// Read a body as the request type with default options (server at +03:00, MaxDepth 256).
pub fn read_request(body: &str) -> Read {
    xml::read(body, contract().request(), &BindOptions::default())
}

/// Read `inner` wrapped in the request root.
pub fn read_inner(inner: &str) -> Read {
    read_request(&request_body(inner))
}

/// Read a body as `schema`.
pub fn read_as(body: &str, schema: &'static TypeSchema) -> Read {
    xml::read(body, schema, &BindOptions::default())
}

/// The kinds of the diagnostics, in order.
pub fn kinds(read: &Read) -> Vec<DiagnosticKind> {
    read.diagnostics.iter().map(|d| d.kind).collect()
}

/// The one diagnostic of `kind`.
pub fn only(read: &Read, kind: DiagnosticKind) -> &Diagnostic {
    let found: Vec<&Diagnostic> = read.diagnostics.iter().filter(|d| d.kind == kind).collect();
    assert_eq!(found.len(), 1, "one {kind:?} in {:#?}", read.diagnostics);
    found[0]
}

/// The ModelState message of a request that became null.
pub fn model_state(read: &Read) -> String {
    assert!(
        read.object.is_none(),
        "the request is null: {:#?}",
        read.diagnostics
    );
    let entries: Vec<_> = read
        .diagnostics
        .iter()
        .filter_map(|d| d.model_state.as_ref())
        .collect();
    assert_eq!(
        entries.len(),
        1,
        "one ModelState entry: {:#?}",
        read.diagnostics
    );
    assert_eq!(entries[0].key, "request");
    entries[0].message.clone()
}

/// The serialised text of a record.
pub fn wire(record: &dyn favorite_contract::Record) -> String {
    let mut out = Vec::new();
    xml::write(record, &mut out);
    String::from_utf8(out).unwrap()
}
