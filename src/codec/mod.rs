//! Codecs that read and write the endpoint exactly as ASP.NET Web API 2 does
//! (`contracts/reference/wire.md`, cited by section anchor, e.g.
//! `contracts/reference/wire.md#xml-member-order`).
//!
//! - [`json`]: Json.NET writing and lenient reading.
//! - [`xml`]: DataContractSerializer writing and forward-only reading.
//! - [`form`]: `JQueryMvcFormUrlEncodedFormatter` reading (forms are never written).
//! - [`negotiate`]: request reader choice (415) and response format choice (Accept, q-values).
//! - [`error_body`]: `HttpError` bodies in JSON and XML.
//!
//! [`bind`] is the one entry point from (content type, body) to what the action would see.

pub mod datetime;
mod diagnostic;
pub mod error_body;
mod explain;
pub mod form;
pub mod json;
pub mod negotiate;
mod text;
mod words;
pub mod xml;

#[cfg(test)]
mod tests;

pub(crate) use diagnostic::{Capped, cap};
pub use diagnostic::{Diagnostic, DiagnosticKind, Effect, MAX_DIAGNOSTICS, ModelStateEntry};
// Named for what they qualify, so they never read as a finding's `Location` or `Severity`.
pub use diagnostic::{Location as DiagnosticLocation, Severity as DiagnosticSeverity};
pub(crate) use diagnostic::{Location, Severity};
pub use negotiate::{Charset, MediaType, ResponseType, UnsupportedMediaType};
pub use text::{decode_body, encode_text};

use crate::contract::{TypeSchema, contract};
use crate::model::{FromObject, MOSCOW, Object, Record, Request, Zone};
use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

/// Json.NET's and XmlDictionaryReader's nesting limit under Web API (contracts/reference/wire.md#xml-reader-settings, contracts/reference/wire.md#json-settings).
pub const MAX_DEPTH: usize = 256;

/// A request body format (a reader).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Format {
    /// `application/json`, `text/json` (Json.NET).
    Json,
    /// `application/xml`, `text/xml` (DataContractSerializer).
    Xml,
    /// `application/x-www-form-urlencoded` (JQueryMvcFormUrlEncodedFormatter).
    Form,
}

/// A response body format (a writer). Forms are never written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum WireFormat {
    /// Json.NET.
    Json,
    /// DataContractSerializer (or `HttpError`'s XmlSerializer for errors).
    Xml,
}

impl Format {
    /// The id used in reports, case files and labels: `json`, `xml`, `form`.
    pub fn id(self) -> &'static str {
        match self {
            Format::Json => "json",
            Format::Xml => "xml",
            Format::Form => "form",
        }
    }

    /// The Content-Type a well-behaved client sends for this format.
    pub fn content_type(self) -> &'static str {
        match self {
            Format::Json => "application/json",
            Format::Xml => "application/xml",
            Format::Form => "application/x-www-form-urlencoded",
        }
    }
}

impl WireFormat {
    /// The id used in reports and labels: `json`, `xml`.
    pub fn id(self) -> &'static str {
        match self {
            WireFormat::Json => "json",
            WireFormat::Xml => "xml",
        }
    }
}

/// Settings that change how a body binds.
#[derive(Clone, Copy, Debug)]
pub struct BindOptions {
    /// The server's time zone: dates with an offset are converted to local time in it (Kind
    /// Local), with the zone's history.
    pub server_zone: Zone,
    /// The server's local "now" (`DateTime.Now`): `DateTime.Parse` takes the missing parts of a
    /// date without a year, or of a time without a date, from it. The mock passes the dataset's
    /// `as_of`, so answers stay reproducible; `None` rejects such forms.
    pub now: Option<NaiveDateTime>,
    /// Maximum nesting depth (default [`MAX_DEPTH`]).
    pub max_depth: usize,
    /// Which Json.NET generation's reading quirks to reproduce.
    pub json_net: JsonNet,
}

/// Json.NET generations whose reading differs (contracts/reference/wire.md#json-read). Web API 5.2 references 6.0.4;
/// most deployments upgrade to 12/13.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum JsonNet {
    /// Newtonsoft.Json 6.x: a float in an int member aborts the reader (the request becomes null
    /// when properties follow); `short` values are rounded.
    V6,
    /// Newtonsoft.Json 13.x: a float in an int member is a recoverable error; `short` errors like
    /// `int`.
    #[default]
    V13,
}

impl BindOptions {
    /// The clock the date parsers see.
    pub fn clock(&self) -> datetime::Clock {
        datetime::Clock {
            zone: self.server_zone,
            now: self.now,
        }
    }
}

impl Default for BindOptions {
    fn default() -> Self {
        BindOptions {
            server_zone: Zone::Fixed(MOSCOW),
            now: None,
            max_depth: MAX_DEPTH,
            json_net: JsonNet::V13,
        }
    }
}

/// What a reader produced: the bound object (or null) and what it noticed.
#[derive(Clone, Debug, PartialEq)]
pub struct Read {
    /// The bound object; `None` when .NET would hand the action `null`.
    pub object: Option<Object>,
    /// What was noticed, in body order: the first [`MAX_DIAGNOSTICS`].
    pub diagnostics: Vec<Diagnostic>,
    /// How many more were noticed but not kept.
    pub diagnostics_omitted: usize,
}

impl Read {
    /// A result whose diagnostics are cut to [`MAX_DIAGNOSTICS`] here.
    pub(crate) fn capped(object: Option<Object>, mut diagnostics: Vec<Diagnostic>) -> Read {
        let diagnostics_omitted = cap(&mut diagnostics);
        Read {
            object,
            diagnostics,
            diagnostics_omitted,
        }
    }
}

/// What the action sees for a request body.
#[derive(Clone, Debug, PartialEq)]
pub struct Bound {
    /// The reader used; `None` when no reader applied (empty body without a Content-Type).
    pub format: Option<Format>,
    /// The request as bound; `None` when .NET would pass `null` (→ HTTP 500).
    pub request: Option<Request>,
    /// What binding noticed: the first [`MAX_DIAGNOSTICS`], in body order.
    pub diagnostics: Vec<Diagnostic>,
    /// How many more binding noticed but did not keep.
    pub diagnostics_omitted: usize,
}

impl Bound {
    /// The most severe diagnostic level, if any.
    pub fn worst(&self) -> Option<Severity> {
        self.diagnostics.iter().map(|d| d.severity).max()
    }
}

/// Bind a request body as Web API 2 would: pick the reader from the Content-Type (or refuse
/// with 415), decode the charset, read, and convert to the typed request.
///
/// ```
/// use favorite_contract::codec::{bind, BindOptions};
/// let bound = bind(Some("application/json"), br#"{"client":"7","Operator":1}"#, &BindOptions::default())
///     .expect("json is supported");
/// let request = bound.request.expect("binds");
/// assert_eq!((request.client, request.operator), (7, 1));
/// ```
pub fn bind(
    content_type: Option<&str>,
    body: &[u8],
    options: &BindOptions,
) -> Result<Bound, UnsupportedMediaType> {
    let media = negotiate::request_reader(content_type, body.len())?;
    let Some(media) = media else {
        return Ok(Bound {
            format: None,
            request: None,
            diagnostics: vec![empty_body()],
            diagnostics_omitted: 0,
        });
    };
    let format = media.format;
    if body.is_empty() {
        return Ok(Bound {
            format: Some(format),
            request: None,
            diagnostics: vec![empty_body()],
            diagnostics_omitted: 0,
        });
    }
    let schema = contract().request();
    let mut diagnostics = Vec::new();
    let read = match text::decode_text(body, &media, &mut diagnostics) {
        Some(text) => read_text(format, &text, schema, options),
        None => Read::capped(None, Vec::new()),
    };
    diagnostics.extend(read.diagnostics);
    let diagnostics_omitted = read.diagnostics_omitted + cap(&mut diagnostics);
    let request = read.object.and_then(Request::from_object);
    Ok(Bound {
        format: Some(format),
        request,
        diagnostics,
        diagnostics_omitted,
    })
}

/// Read decoded body text of a format into an object of `schema`.
pub fn read_text(
    format: Format,
    text: &str,
    schema: &'static TypeSchema,
    options: &BindOptions,
) -> Read {
    match format {
        Format::Json => json::read(text, schema, options),
        Format::Xml => xml::read(text, schema, options),
        Format::Form => form::read(text, schema, options),
    }
}

/// Serialise a record as the server writes it (UTF-8 bytes).
pub fn encode(record: &dyn Record, format: WireFormat, out: &mut Vec<u8>) {
    match format {
        WireFormat::Json => json::write(record, out),
        WireFormat::Xml => xml::write(record, out),
    }
}

fn empty_body() -> Diagnostic {
    Diagnostic {
        kind: DiagnosticKind::EmptyBody,
        severity: Severity::Error,
        location: Location::Body,
        field: None,
        found: None,
        expected: Some("a request body".to_owned()),
        effect: Effect::RequestNull,
        model_state: None,
        message: "the body is empty; Web API passes null to the action without a ModelState \
                  error, which production answers with HTTP 500"
            .to_owned(),
    }
}
