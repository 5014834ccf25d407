//! Hostile requests at the HTTP level: unknown content types, missing bodies, missing or
//! unusable credentials, unknown paths, other methods, and another operator's clients.

use super::hostile::raw;
use super::{AuthVariant, Case, CaseLabel, Payload};
use crate::codec::Format;
use crate::compose::{json_members, json_object};
use crate::exchange::RequestBody;
use crate::model::Request;
use proptest::prelude::*;
use proptest::sample::select;

/// Content types no formatter reads.
const UNKNOWN_CONTENT_TYPES: &[Option<&str>] = &[
    Some("text/plain"),
    Some("application/octet-stream"),
    Some("application/vnd.api+json"),
    Some("application/merge-patch+json"),
    Some("multipart/form-data; boundary=x"),
    Some("application/x-json"),
    None,
];

/// Content types for empty bodies (each reader, and none).
const EMPTY_BODY_CONTENT_TYPES: &[Option<&str>] = &[
    Some("application/json"),
    Some("application/xml"),
    Some("application/x-www-form-urlencoded"),
    Some("text/plain"),
    None,
];

/// Authorization values that carry no usable bearer token.
const BAD_AUTH: &[&str] = &[
    "Bearer",
    "Bearer    ",
    "Basic dXNlcjpwYXNzd29yZA==",
    "Token abc",
    "",
];

/// Paths under `/api/` that name no action.
const UNKNOWN_PATHS: &[&str] = &[
    "/api/client/ClientFavoriteDataInfoX",
    "/api/client/Nope",
    "/api/client/ClientFavoriteDataInfo/extra",
    "/api/clients/ClientFavoriteDataInfo",
    "/api/",
];

/// Methods the action does not allow.
const WRONG_METHODS: &[&str] = &["GET", "PUT", "DELETE", "PATCH"];

pub(super) fn unknown_content_type(base: BoxedStrategy<Request>) -> BoxedStrategy<Case> {
    (base, select(UNKNOWN_CONTENT_TYPES))
        .prop_map(|(request, ct)| {
            raw(
                CaseLabel::UnknownContentType,
                ct,
                json_object(&json_members(&request)),
                None,
            )
        })
        .boxed()
}

pub(super) fn missing_body() -> BoxedStrategy<Case> {
    select(EMPTY_BODY_CONTENT_TYPES)
        .prop_map(|ct| raw(CaseLabel::MissingBody, ct, String::new(), None))
        .boxed()
}

pub(super) fn bad_auth(base: BoxedStrategy<Request>, formats: Vec<Format>) -> BoxedStrategy<Case> {
    (
        base,
        select(formats),
        proptest::option::of(select(BAD_AUTH)),
    )
        .prop_map(|(request, format, value)| match value {
            None => {
                let mut case = Case::encoded(CaseLabel::MissingAuth, request, format);
                case.auth = AuthVariant::Missing;
                case
            }
            Some(v) => {
                let mut case = Case::encoded(CaseLabel::BadAuth, request, format);
                case.auth = AuthVariant::Header(v.to_owned());
                case
            }
        })
        .boxed()
}

pub(super) fn unknown_path(
    base: BoxedStrategy<Request>,
    formats: Vec<Format>,
) -> BoxedStrategy<Case> {
    (base, select(formats), select(UNKNOWN_PATHS))
        .prop_map(|(request, format, path)| {
            let mut case = Case::encoded(CaseLabel::UnknownPath, request, format);
            path.clone_into(&mut case.path);
            case
        })
        .boxed()
}

pub(super) fn wrong_method(
    base: BoxedStrategy<Request>,
    formats: Vec<Format>,
) -> BoxedStrategy<Case> {
    (
        base,
        select(formats),
        select(WRONG_METHODS),
        proptest::bool::ANY,
    )
        .prop_map(|(request, format, method, with_body)| {
            let mut case = Case::encoded(CaseLabel::WrongMethod, request, format);
            method.clone_into(&mut case.method);
            if !with_body {
                case.payload = Payload::Raw {
                    body: RequestBody::Text(String::new()),
                    format: None,
                };
                case.headers.clear();
            }
            case
        })
        .boxed()
}

pub(super) fn cross_operator(
    base: BoxedStrategy<Request>,
    pairs: Vec<(i32, i16)>,
    formats: Vec<Format>,
) -> BoxedStrategy<Case> {
    (base, select(pairs), select(formats))
        .prop_map(|(mut request, (client, operator), format)| {
            request.client = client;
            request.operator = operator;
            // Keys of the home operator would fail earlier checks (4, 5) and hide the leak.
            request.token = None;
            request.site_code = None;
            request.client_favorite_id = None;
            Case::encoded(CaseLabel::CrossOperator, request, format)
        })
        .boxed()
}
