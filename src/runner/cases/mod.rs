//! The cases the runner sends, as proptest strategies shared with the tests: valid requests
//! from the contract's types and boundaries ([`valid_case`]), hostile requests
//! ([`hostile_case`]) and plans for the stateful sequences behind the metamorphic relations
//! ([`sequence_plan`]).
//!
//! A [`Case`] is data: method, path, headers and a payload that is either a typed [`Request`]
//! encoded in a [`Format`] or raw bytes. It does not know the run's credentials
//! ([`AuthVariant::Configured`] stands for them), so a case file never holds a secret.

mod body;
mod hostile;
mod hostile_http;
mod hostile_xml;
mod sequence;
mod valid;
mod values;

pub(crate) use crate::judge::Knowledge;
pub(crate) use hostile::hostile_case;
pub(crate) use sequence::{MAX_PAGES, SequencePlan, sequence_plan};
pub(crate) use valid::valid_case;

use crate::codec::Format;
use crate::contract::contract;
use crate::exchange::{HttpRequest, RequestBody};
use crate::model::Request;
use serde::{Deserialize, Serialize};

/// What a case exercises (a closed set; reports and case files use the ids).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum CaseLabel {
    /// A valid request in one format.
    Valid,
    /// A member of the wrong JSON type (`"Client":"abc"`, `true`, `[]`).
    WrongType,
    /// A number outside its member's type (`"Operator":70000`).
    Overflow,
    /// JSON that is not well-formed.
    MalformedJson,
    /// XML that is not well-formed, or has a DTD.
    MalformedXml,
    /// A wrong XML root name or namespace.
    WrongXmlRoot,
    /// XML members out of DataContract order.
    XmlOutOfOrder,
    /// XML members in another namespace than their declaring class's.
    XmlWrongNamespace,
    /// An empty element or `i:nil` on a non-nullable numeric member.
    XmlEmptyNumeric,
    /// A Content-Type no formatter reads, or none with a body.
    UnknownContentType,
    /// No body at all.
    MissingBody,
    /// A body of hundreds of KiB.
    HugeBody,
    /// No Authorization header.
    MissingAuth,
    /// An Authorization header that is not a usable bearer token.
    BadAuth,
    /// A path under `/api/` that names no action.
    UnknownPath,
    /// Another method than POST.
    WrongMethod,
    /// A client of another operator, asked for under this operator.
    CrossOperator,
    /// One step of a metamorphic sequence.
    Sequence,
}

impl CaseLabel {
    /// The kebab-case id.
    pub fn id(self) -> &'static str {
        match self {
            CaseLabel::Valid => "valid",
            CaseLabel::WrongType => "wrong-type",
            CaseLabel::Overflow => "overflow",
            CaseLabel::MalformedJson => "malformed-json",
            CaseLabel::MalformedXml => "malformed-xml",
            CaseLabel::WrongXmlRoot => "wrong-xml-root",
            CaseLabel::XmlOutOfOrder => "xml-out-of-order",
            CaseLabel::XmlWrongNamespace => "xml-wrong-namespace",
            CaseLabel::XmlEmptyNumeric => "xml-empty-numeric",
            CaseLabel::UnknownContentType => "unknown-content-type",
            CaseLabel::MissingBody => "missing-body",
            CaseLabel::HugeBody => "huge-body",
            CaseLabel::MissingAuth => "missing-auth",
            CaseLabel::BadAuth => "bad-auth",
            CaseLabel::UnknownPath => "unknown-path",
            CaseLabel::WrongMethod => "wrong-method",
            CaseLabel::CrossOperator => "cross-operator",
            CaseLabel::Sequence => "sequence",
        }
    }
}

/// Which Authorization header a case sends.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "value", rename_all = "kebab-case")]
pub enum AuthVariant {
    /// The run's credentials (`--bearer`, `--header Authorization:…`), if any.
    Configured,
    /// No Authorization header.
    Missing,
    /// This exact header value (`Basic …`, `Bearer` with no token).
    Header(String),
}

/// How a typed request is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum EncodeStyle {
    /// As the codec writes it (contract names).
    Canonical,
    /// Member names in lower case, as the 2021 widget sends JSON (binding is case-insensitive
    /// for JSON and forms; XML is never written this way).
    LowerCaseNames,
}

/// A request body.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Payload {
    /// A typed request written by the codec of `format`.
    Encoded {
        /// The request.
        #[serde(with = "super::casefile::request_serde")]
        request: Request,
        /// The body format.
        format: Format,
        /// The writing style.
        style: EncodeStyle,
    },
    /// Bytes as they are.
    Raw {
        /// The body.
        body: RequestBody,
        /// The format the bytes imitate, if any.
        format: Option<Format>,
    },
}

/// One request to send.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Case {
    /// What it exercises.
    pub label: CaseLabel,
    /// HTTP method.
    pub method: String,
    /// Path and query below the target's base path, with a leading slash.
    pub path: String,
    /// Authorization.
    pub auth: AuthVariant,
    /// Other headers, in order (Content-Type, Accept, Origin, …).
    pub headers: Vec<(String, String)>,
    /// The body.
    pub payload: Payload,
}

/// The action's path, `/api/client/ClientFavoriteDataInfo`.
pub(crate) fn endpoint_path() -> String {
    format!("/{}", contract().endpoint.path.trim_matches('/'))
}

impl Case {
    /// A POST of `request` written canonically in `format`, with the format's Content-Type.
    pub(crate) fn encoded(label: CaseLabel, request: Request, format: Format) -> Case {
        Case::post(
            label,
            Some(format.content_type()),
            Payload::Encoded {
                request,
                format,
                style: EncodeStyle::Canonical,
            },
        )
    }

    /// A POST to the action with this payload and Content-Type.
    pub fn post(label: CaseLabel, content_type: Option<&str>, payload: Payload) -> Case {
        Case {
            label,
            method: "POST".to_owned(),
            path: endpoint_path(),
            auth: AuthVariant::Configured,
            headers: content_type
                .map(|ct| vec![("Content-Type".to_owned(), ct.to_owned())])
                .unwrap_or_default(),
            payload,
        }
    }

    /// The first value of a header by case-insensitive name.
    pub fn header(&self, name: &str) -> Option<&str> {
        crate::exchange::first_header(&self.headers, name)
    }

    /// The body bytes.
    pub fn body(&self) -> RequestBody {
        match &self.payload {
            Payload::Encoded {
                request,
                format,
                style,
            } => RequestBody::Text(body::encode(request, *format, *style)),
            Payload::Raw { body, .. } => body.clone(),
        }
    }

    /// The body's format as the case meant it.
    pub fn format(&self) -> Option<Format> {
        match &self.payload {
            Payload::Encoded { format, .. } => Some(*format),
            Payload::Raw { format, .. } => *format,
        }
    }

    /// The exact HTTP request, with `credentials` standing in for [`AuthVariant::Configured`].
    pub fn to_request(&self, credentials: &[(String, String)]) -> HttpRequest {
        let mut headers = match &self.auth {
            AuthVariant::Configured => credentials.to_vec(),
            AuthVariant::Missing => Vec::new(),
            AuthVariant::Header(value) => vec![("Authorization".to_owned(), value.clone())],
        };
        headers.extend(self.headers.iter().cloned());
        HttpRequest {
            method: self.method.clone(),
            path: self.path.clone(),
            headers,
            body: self.body(),
            format: self.format(),
        }
    }
}

/// `json` / `xml` / `form`.
pub(crate) fn parse_format(text: &str) -> Option<Format> {
    match text {
        "json" => Some(Format::Json),
        "xml" => Some(Format::Xml),
        "form" => Some(Format::Form),
        _ => None,
    }
}
