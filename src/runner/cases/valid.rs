//! Valid requests: every member drawn from its type's boundaries and the known ids, written in
//! each enabled format with each Content-Type spelling and each Accept variant.

use super::values::{client_and_operator, id_filter, paging, period, site_code, token};
use super::{Case, CaseLabel, EncodeStyle, Knowledge, Payload};
use crate::codec::Format;
use crate::model::Request;
use proptest::prelude::*;
use proptest::sample::select;
use std::sync::Arc;

/// The negotiation headers a case sends: `(Accept, X-Requested-With, Accept-Charset)`.
pub(crate) type AcceptVariant = (
    Option<&'static str>,
    Option<&'static str>,
    Option<&'static str>,
);

/// Accept variants of contracts/reference/wire.md#response-format's table: none, `*/*`, each media type, ties (JSON wins),
/// q-values, a browser's header, an unsupported type, ranges, jQuery's `X-Requested-With`, and
/// an explicit charset.
pub(crate) const ACCEPT_VARIANTS: &[AcceptVariant] = &[
    (None, None, None),
    (Some("*/*"), None, None),
    (Some("application/json"), None, None),
    (Some("application/xml"), None, None),
    (Some("text/xml"), None, None),
    (Some("text/json"), None, None),
    (Some("application/xml, application/json"), None, None),
    (
        Some("application/json;q=0.5, application/xml;q=0.9"),
        None,
        None,
    ),
    (
        Some("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"),
        None,
        None,
    ),
    (Some("text/plain"), None, None),
    (Some("text/*"), None, None),
    (None, Some("XMLHttpRequest"), None),
    (Some("*/*"), Some("XMLHttpRequest"), None),
    (Some("application/xml"), Some("XMLHttpRequest"), None),
    (Some("application/json"), None, Some("utf-8")),
];

/// Content-Type spellings per format (all read as UTF-8).
fn content_types(format: Format) -> &'static [&'static str] {
    match format {
        Format::Json => &[
            "application/json",
            "application/json; charset=utf-8",
            "text/json",
        ],
        Format::Xml => &[
            "application/xml",
            "text/xml; charset=utf-8",
            "application/xml; charset=UTF-8",
        ],
        Format::Form => &[
            "application/x-www-form-urlencoded",
            "application/x-www-form-urlencoded; charset=UTF-8",
        ],
    }
}

/// An `Origin` a browser widget sends (CORS).
pub(crate) const ORIGIN: &str = "https://widget.favorite-contract.example";

/// A request whose members come from the contract's boundaries and the known ids.
pub(crate) fn valid_request(k: &Arc<Knowledge>) -> impl Strategy<Value = Request> + use<> {
    let entries: Vec<i32> = k.entries.values().flatten().copied().collect();
    (
        client_and_operator(k),
        id_filter(entries),
        id_filter(k.goods.clone()),
        period(k.anchor),
        paging(),
        paging(),
        token(k),
        site_code(k),
    )
        .prop_map(
            |((client, operator), favorite, list_data, (beg, end), start, length, token, site)| {
                Request {
                    client,
                    client_favorite_id: favorite,
                    list_data_id: list_data,
                    beg_date: beg,
                    end_date: end,
                    start,
                    length,
                    operator,
                    token,
                    site_code: site,
                }
            },
        )
}

/// The negotiation and CORS headers of a case.
pub(crate) fn negotiation_headers() -> impl Strategy<Value = Vec<(String, String)>> {
    (select(ACCEPT_VARIANTS), proptest::bool::weighted(0.15)).prop_map(
        |((accept, xrw, charset), origin)| {
            let mut headers = Vec::new();
            if let Some(a) = accept {
                headers.push(("Accept".to_owned(), a.to_owned()));
            }
            if let Some(x) = xrw {
                headers.push(("X-Requested-With".to_owned(), x.to_owned()));
            }
            if let Some(c) = charset {
                headers.push(("Accept-Charset".to_owned(), c.to_owned()));
            }
            if origin {
                headers.push(("Origin".to_owned(), ORIGIN.to_owned()));
            }
            headers
        },
    )
}

/// A valid request in one of `formats`, with a Content-Type spelling and negotiation headers.
/// `formats` must not be empty.
pub(crate) fn valid_case(
    k: &Arc<Knowledge>,
    formats: Vec<Format>,
) -> impl Strategy<Value = Case> + use<> {
    (
        valid_request(k),
        select(formats),
        0usize..3,
        negotiation_headers(),
        proptest::bool::weighted(0.1),
        proptest::bool::weighted(0.05),
    )
        .prop_map(|(request, format, ct, headers, lower, odd_path)| {
            let spellings = content_types(format);
            let content_type = spellings[ct % spellings.len()];
            let style = match (lower, format) {
                (true, Format::Json | Format::Form) => EncodeStyle::LowerCaseNames,
                _ => EncodeStyle::Canonical,
            };
            let mut case = Case::post(
                CaseLabel::Valid,
                Some(content_type),
                Payload::Encoded {
                    request,
                    format,
                    style,
                },
            );
            if odd_path {
                // Routes match case-insensitively and ignore one trailing slash.
                case.path = format!("{}/", case.path.to_ascii_uppercase());
            }
            case.headers.extend(headers);
            case
        })
}
