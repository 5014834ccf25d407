//! The situation a request is in, decided as production's pipeline decides it, as a pure
//! function of the request and the deployment. See [`Pipeline`].

use crate::codec::{self, BindOptions, Bound, UnsupportedMediaType};
use crate::contract::contract;
use crate::hosting::{self, Framing, Host};
use crate::model::Request;
use serde::Serialize;

/// The one method the action accepts.
pub const ACTION_METHOD: &str = "POST";

/// What a request path names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Route {
    /// `{base}/api/client/ClientFavoriteDataInfo`.
    Action,
    /// A path under `{base}/api/` that names no action: Web API answers 404 with an HttpError.
    ApiNotFound,
    /// A path outside `{base}/api/`. Under IIS this never reaches Web API (IIS sends its HTML
    /// 404 page); the mock answers the same HttpError body as [`Route::ApiNotFound`].
    OutsideApi,
}

/// Normalise a configured base path: `lcmanager/` → `/lcmanager`; `""` and `/` → none.
pub fn normalize_base_path(base: &str) -> Option<String> {
    let trimmed = base.trim().trim_matches('/');
    (!trimmed.is_empty()).then(|| format!("/{trimmed}"))
}

/// Classify a path (without the query). `base` is a normalised base path (`/lcmanager`, see
/// [`normalize_base_path`]).
/// Production matches attribute routes case-insensitively and ignores one trailing slash.
pub fn route(path: &str, base: Option<&str>) -> Route {
    let Some(in_app) = strip_prefix_ignore_case(path, base.unwrap_or("")) else {
        return Route::OutsideApi;
    };
    // ASP.NET routing ignores one trailing slash.
    let in_app = in_app.strip_suffix('/').unwrap_or(in_app);
    // `/` + the endpoint path, compared without building the string.
    let action = contract().endpoint.path.trim_matches('/');
    if in_app
        .strip_prefix('/')
        .is_some_and(|rest| rest.eq_ignore_ascii_case(action))
    {
        Route::Action
    } else if in_app.eq_ignore_ascii_case("/api")
        || strip_prefix_ignore_case(in_app, "/api/").is_some()
    {
        Route::ApiNotFound
    } else {
        Route::OutsideApi
    }
}

/// `path` without `prefix` (ASCII case-insensitive), only on a segment boundary.
fn strip_prefix_ignore_case<'a>(path: &'a str, prefix: &str) -> Option<&'a str> {
    let head = path.get(..prefix.len())?;
    if !head.eq_ignore_ascii_case(prefix) {
        return None;
    }
    let rest = &path[prefix.len()..];
    (prefix.ends_with('/') || rest.is_empty() || rest.starts_with('/')).then_some(rest)
}

/// The result of the `[Authorize]` step, as the mock's journal records it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "result", rename_all = "kebab-case")]
pub enum AuthOutcome {
    /// Auth is not checked.
    Skipped,
    /// A bearer token was accepted; `operator` is a verified `oper` claim, if any.
    Allowed {
        /// The `oper` claim, if verified and present.
        operator: Option<i16>,
    },
    /// Refused: 401.
    Denied {
        /// Why, in "expected X, found Y" form.
        reason: String,
    },
}

/// The `[Authorize]` step: decide from the raw `Authorization` header value (the first one).
/// Any `Fn(Option<&[u8]>) -> AuthOutcome` is one.
pub trait Authorize {
    /// The outcome for this header value (`None`: no header).
    fn authorize(&self, authorization: Option<&[u8]>) -> AuthOutcome;
}

impl<F: Fn(Option<&[u8]>) -> AuthOutcome> Authorize for F {
    fn authorize(&self, authorization: Option<&[u8]>) -> AuthOutcome {
        self(authorization)
    }
}

/// Why a request carries no usable bearer token. Messages never quote the header: whatever it
/// holds may be a credential (`sk_live_…` with no scheme, `Bearer<TAB>token`), so it is
/// described instead.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum BearerError {
    /// No header.
    #[error("no Authorization header")]
    Missing,
    /// Another scheme (`Basic …`) or a malformed `Bearer`: a description of the value, which
    /// names a known scheme but quotes none of the request's bytes.
    #[error("Authorization header: expected `Bearer <token>`, found {0}")]
    Scheme(String),
    /// `Bearer` and nothing else.
    #[error("Authorization header: expected a non-empty bearer token, found none")]
    Empty,
    /// Bytes that are not visible ASCII (the server cannot read the header as text).
    #[error("Authorization header: expected visible ASCII, found other bytes")]
    NotText,
}

/// The token of `Authorization: Bearer <token>` as the OWIN bearer middleware reads it: the
/// scheme matches case-insensitively and the token is trimmed.
pub fn bearer_token(authorization: Option<&[u8]>) -> Result<&str, BearerError> {
    let bytes = authorization.ok_or(BearerError::Missing)?;
    if !bytes
        .iter()
        .all(|&b| b == b'\t' || (0x20..0x7f).contains(&b))
    {
        return Err(BearerError::NotText);
    }
    let header = std::str::from_utf8(bytes)
        .map_err(|_| BearerError::NotText)?
        .trim();
    let (scheme, token) = header.split_once(' ').unwrap_or((header, ""));
    if !scheme.eq_ignore_ascii_case("Bearer") {
        return Err(BearerError::Scheme(describe_scheme(header)));
    }
    let token = token.trim();
    if token.is_empty() {
        return Err(BearerError::Empty);
    }
    Ok(token)
}

/// Schemes named in messages (in our spelling, never the request's bytes).
const KNOWN_SCHEMES: [&str; 8] = [
    "Basic",
    "Digest",
    "Negotiate",
    "NTLM",
    "Token",
    "ApiKey",
    "AWS4-HMAC-SHA256",
    "HOBA",
];

/// What an Authorization value that is not `Bearer <token>` looks like, without any of it.
fn describe_scheme(header: &str) -> String {
    const BEARER: &str = "Bearer";
    let prefix = header.get(..BEARER.len());
    let after = header
        .get(BEARER.len()..)
        .and_then(|rest| rest.chars().next());
    if let (Some(prefix), Some(after)) = (prefix, after) {
        if !prefix.eq_ignore_ascii_case(BEARER) {
            return describe_other(header);
        }
        let what = match after {
            '\t' => "a tab".to_owned(),
            c if c.is_whitespace() => format!("whitespace U+{:04X}", u32::from(c)),
            _ => "no space".to_owned(),
        };
        return format!(
            "`Bearer` followed by {what} instead of one space (the value is not shown)"
        );
    }
    describe_other(header)
}

fn describe_other(header: &str) -> String {
    let scheme = header.split(char::is_whitespace).next().unwrap_or("");
    match KNOWN_SCHEMES
        .iter()
        .find(|k| k.eq_ignore_ascii_case(scheme))
    {
        Some(known) => format!("the {known} scheme (the value is not shown)"),
        None => format!(
            "a value of {} characters in no known scheme (not shown: it may be a credential)",
            header.chars().count()
        ),
    }
}

/// What the pipeline reads of a request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Inbound<'a> {
    /// The method.
    pub method: &'a str,
    /// The path, without the query string.
    pub path: &'a str,
    /// The `Content-Type` header as text (`None` when absent or not visible ASCII).
    pub content_type: Option<&'a str>,
    /// The first `Authorization` header's raw value.
    pub authorization: Option<&'a [u8]>,
    /// The whole body.
    pub body: &'a [u8],
    /// Which length headers frame the body (the host's 411 looks only at these).
    pub framing: Framing,
}

/// Steps 2–4 for a request that reached the action.
#[derive(Clone, Debug, PartialEq)]
pub enum Admission {
    /// No usable credentials: 401 (`auth` is [`AuthOutcome::Denied`]).
    Unauthorized(AuthOutcome),
    /// No formatter reads the media type: 415.
    UnsupportedMediaType {
        /// The `[Authorize]` outcome.
        auth: AuthOutcome,
        /// The refusal, whose text is the 415 message.
        error: UnsupportedMediaType,
    },
    /// The body was read: `bound.request` is `None` when the action receives null (500).
    Bound {
        /// The `[Authorize]` outcome.
        auth: AuthOutcome,
        /// What binding produced.
        bound: Bound,
    },
}

/// Where the pipeline leaves a request.
#[derive(Clone, Debug, PartialEq)]
pub enum RequestClass {
    /// The host refuses a `POST`/`PUT` with neither `Content-Length` nor chunked encoding:
    /// HTTP.sys's own 411 page, before Web API (or its CORS handling) runs.
    LengthRequired,
    /// The path names no action: 404.
    NotFound(Route),
    /// Another method than `POST`: 405 with `Allow: POST`.
    MethodNotAllowed,
    /// No usable credentials: 401.
    Unauthorized {
        /// Why.
        reason: String,
    },
    /// No formatter reads the media type: 415.
    UnsupportedMediaType(UnsupportedMediaType),
    /// The body binds to null (empty, unreadable, wrong root): 500.
    NullRequest(Bound),
    /// The action runs with this request (the business checks decide the answer).
    Business {
        /// The request as bound.
        request: Request,
        /// Everything binding noticed and the reader used.
        bound: Bound,
        /// A verified `oper` claim, which fills `Operator` 0.
        claimed_operator: Option<i16>,
    },
}

/// The production pipeline's decision for one request, as a pure function of the request and
/// the deployment settings it holds (contracts/reference/domain.md#request-handling;
/// contracts/reference/wire.md#negotiation). ASP.NET Web API 2 hosted on IIS goes through
/// these steps in this order:
///
/// 0. the host ([`hosting::length_required`]): HTTP.sys refuses a `POST`/`PUT` without a
///    length → 411, whatever the path ([`Host::SelfHost`] skips this step);
/// 1. routing ([`route`]): a path that names no action → 404; another method than `POST` → 405;
/// 2. `[Authorize]` ([`Authorize`]): no usable bearer token → 401;
/// 3. the request reader: a media type no formatter reads → 415;
/// 4. binding: a body that binds to null → 500 (the action dereferences it);
/// 5. otherwise the bound request reaches the business checks.
///
/// The mock server answers from this classification and the judging core predicts from it,
/// so the two cannot disagree about a request. The mock's own extras (CORS preflight, admin
/// resources, scenario controls, body limits) stay outside.
///
/// ```
/// use favorite_contract::{AuthOutcome, Framing, Inbound, Pipeline, RequestClass};
/// // A server that does not check credentials.
/// let open = |_: Option<&[u8]>| AuthOutcome::Skipped;
/// let pipeline = Pipeline::default();
/// let request = Inbound {
///     method: "POST",
///     path: "/API/client/clientfavoritedatainfo/",
///     content_type: Some("text/plain"),
///     authorization: None,
///     body: b"Client=1",
///     framing: Framing { content_length: true, transfer_encoding: false },
/// };
/// assert!(matches!(pipeline.classify(&request, &open), RequestClass::UnsupportedMediaType(_)));
/// let get = Inbound { method: "GET", ..request };
/// assert_eq!(pipeline.classify(&get, &open), RequestClass::MethodNotAllowed);
/// // Without a length, IIS (the default host) answers before routing.
/// let no_length = Framing { content_length: false, transfer_encoding: false };
/// let unframed = Inbound { framing: no_length, ..request };
/// assert_eq!(pipeline.classify(&unframed, &open), RequestClass::LengthRequired);
/// ```
#[derive(Clone, Copy, Debug, Default)]
pub struct Pipeline<'a> {
    /// The host in front of Web API (IIS, whose HTTP.sys answers 411 for want of a length).
    pub host: Host,
    /// The normalised base path requests are routed below (`/lcmanager`); `None` for none.
    pub base_path: Option<&'a str>,
    /// How bodies bind (server zone and "now", Json.NET generation, depth limit).
    pub bind: BindOptions,
}

impl Pipeline<'_> {
    /// Step 0, the host: the class of a request the host refuses before Web API sees it (411);
    /// `None` when it passes.
    pub fn host(&self, request: &Inbound<'_>) -> Option<RequestClass> {
        hosting::length_required(self.host, request.method, request.framing)
            .then_some(RequestClass::LengthRequired)
    }

    /// Step 1, routing: the class of a request that does not reach the action (404, 405);
    /// `None` when it does.
    pub fn route(&self, request: &Inbound<'_>) -> Option<RequestClass> {
        match route(request.path, self.base_path) {
            Route::Action if request.method == ACTION_METHOD => None,
            Route::Action => Some(RequestClass::MethodNotAllowed),
            other => Some(RequestClass::NotFound(other)),
        }
    }

    /// Steps 2–4 for a request that reached the action: `[Authorize]`, the reader, binding.
    pub fn admit(&self, request: &Inbound<'_>, authorize: &dyn Authorize) -> Admission {
        self.admit_with(request, authorize, codec::bind)
    }

    /// [`Pipeline::admit`] with `bind` in the place of [`codec::bind`]: for a caller that
    /// keeps what binding gave for a body it has seen (the mock's bind memo). `bind` must
    /// give what [`codec::bind`] gives for the same arguments.
    pub fn admit_with(
        &self,
        request: &Inbound<'_>,
        authorize: &dyn Authorize,
        bind: impl FnOnce(Option<&str>, &[u8], &BindOptions) -> Result<Bound, UnsupportedMediaType>,
    ) -> Admission {
        let auth = authorize.authorize(request.authorization);
        if let AuthOutcome::Denied { .. } = auth {
            return Admission::Unauthorized(auth);
        }
        match bind(request.content_type, request.body, &self.bind) {
            Ok(bound) => Admission::Bound { auth, bound },
            Err(error) => Admission::UnsupportedMediaType { auth, error },
        }
    }

    /// Every step: the class of a request.
    pub fn classify(&self, request: &Inbound<'_>, authorize: &dyn Authorize) -> RequestClass {
        if let Some(class) = self.host(request).or_else(|| self.route(request)) {
            return class;
        }
        match self.admit(request, authorize) {
            Admission::Unauthorized(auth) => RequestClass::Unauthorized {
                reason: match auth {
                    AuthOutcome::Denied { reason } => reason,
                    AuthOutcome::Skipped | AuthOutcome::Allowed { .. } => String::new(),
                },
            },
            Admission::UnsupportedMediaType { error, .. } => {
                RequestClass::UnsupportedMediaType(error)
            }
            Admission::Bound { auth, mut bound } => match bound.request.take() {
                None => RequestClass::NullRequest(bound),
                Some(request) => RequestClass::Business {
                    request,
                    bound,
                    claimed_operator: match auth {
                        AuthOutcome::Allowed { operator } => operator,
                        AuthOutcome::Skipped | AuthOutcome::Denied { .. } => None,
                    },
                },
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ACTION: &str = "/api/client/ClientFavoriteDataInfo";

    fn post(body: &'static [u8]) -> Inbound<'static> {
        Inbound {
            method: "POST",
            path: ACTION,
            content_type: Some("application/json"),
            authorization: Some(b"Bearer t"),
            body,
            framing: LENGTH,
        }
    }

    const LENGTH: Framing = Framing {
        content_length: true,
        transfer_encoding: false,
    };
    const UNFRAMED: Framing = Framing {
        content_length: false,
        transfer_encoding: false,
    };

    fn bearer(authorization: Option<&[u8]>) -> AuthOutcome {
        match bearer_token(authorization) {
            Ok(_) => AuthOutcome::Allowed { operator: None },
            Err(e) => AuthOutcome::Denied {
                reason: e.to_string(),
            },
        }
    }

    #[test]
    fn the_host_answers_before_routing() {
        // HTTP.sys refuses a POST without a length whatever the path; a self-host lets it
        // through to Web API, which binds the empty body to null.
        let iis = Pipeline::default();
        let unframed = Inbound {
            framing: UNFRAMED,
            ..post(b"")
        };
        assert_eq!(
            iis.classify(&unframed, &bearer),
            RequestClass::LengthRequired
        );
        let elsewhere = Inbound {
            path: "/nowhere",
            ..unframed
        };
        assert_eq!(
            iis.classify(&elsewhere, &bearer),
            RequestClass::LengthRequired
        );
        let get = Inbound {
            method: "GET",
            ..unframed
        };
        assert_eq!(iis.classify(&get, &bearer), RequestClass::MethodNotAllowed);
        let self_host = Pipeline {
            host: Host::SelfHost,
            ..Pipeline::default()
        };
        assert!(matches!(
            self_host.classify(&unframed, &bearer),
            RequestClass::NullRequest(_)
        ));
    }

    #[test]
    fn routing_comes_before_the_method_and_auth() {
        let pipeline = Pipeline::default();
        let get = Inbound {
            method: "GET",
            path: "/api/client/Other",
            authorization: None,
            ..post(b"")
        };
        assert_eq!(
            pipeline.classify(&get, &bearer),
            RequestClass::NotFound(Route::ApiNotFound)
        );
        let get = Inbound {
            path: ACTION,
            ..get
        };
        assert_eq!(
            pipeline.classify(&get, &bearer),
            RequestClass::MethodNotAllowed
        );
    }

    #[test]
    fn auth_comes_before_the_media_type_and_binding() {
        let pipeline = Pipeline::default();
        let request = Inbound {
            content_type: Some("text/plain"),
            authorization: Some(b"Basic x"),
            ..post(b"{}")
        };
        insta::assert_debug_snapshot!(pipeline.classify(&request, &bearer), @r#"
        Unauthorized {
            reason: "Authorization header: expected `Bearer <token>`, found the Basic scheme (the value is not shown)",
        }
        "#);
        let request = Inbound {
            authorization: Some(b"Bearer t"),
            ..request
        };
        assert!(matches!(
            pipeline.classify(&request, &bearer),
            RequestClass::UnsupportedMediaType(_)
        ));
    }

    #[test]
    fn null_bodies_and_bound_requests() {
        let pipeline = Pipeline::default();
        assert!(matches!(
            pipeline.classify(&post(b""), &bearer),
            RequestClass::NullRequest(_)
        ));
        match pipeline.classify(&post(br#"{"Client":7}"#), &bearer) {
            RequestClass::Business { request, .. } => assert_eq!(request.client, 7),
            other => panic!("expected a bound request, found {other:?}"),
        }
    }

    #[test]
    fn a_bearer_token_is_read_as_owin_reads_it() {
        assert_eq!(bearer_token(Some(b" bearer  tok ")), Ok("tok"));
        assert_eq!(bearer_token(None), Err(BearerError::Missing));
        assert_eq!(bearer_token(Some(b"Bearer")), Err(BearerError::Empty));
        assert_eq!(
            bearer_token(Some("Bearer ток".as_bytes())),
            Err(BearerError::NotText)
        );
    }
}
