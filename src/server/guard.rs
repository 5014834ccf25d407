//! The browser threat. The mock runs on a developer's machine while they browse, so no web page
//! may read or drive its admin resources:
//!
//! - **DNS rebinding**: a page on `evil.example` whose name is re-pointed at 127.0.0.1 talks to
//!   the mock as its own origin. Admin resources therefore answer only a local `Host`
//!   (`localhost`, `127.0.0.1`, `[::1]`, any port) or one listed with `--allowed-host`; others
//!   get 403.
//! - **Cross-site reads**: admin answers carry no CORS headers, so a page on another origin
//!   cannot read them; a preflight to an admin resource is refused. An origin listed with
//!   `--admin-origin` (a local frontend that wants the journal) gets the usual echo.
//! - **Cross-site triggers**: a page can send a "simple" request (`GET`, `HEAD`, or `POST` with
//!   a form or `text/plain` body and no custom header) without any preflight, and the request
//!   runs even though the page cannot read the answer. State-changing admin calls (`POST
//!   /__mock/reload`) therefore require what only a preflight lets a page send: a
//!   `Content-Type: application/json` or an [`ADMIN_HEADER`]. A request whose `Origin` is
//!   neither the mock's own nor an allowed one is refused outright.
//!
//! The API itself keeps production's CORS (`cors`): any origin, credentials included. (A request
//! without exactly one `Host` never gets here: HTTP.sys's 400 for it is the hosting layer's,
//! `crate::hosting`.)

use super::config::AdminAccess;
use super::request::{CapturedRequest, MockResponse};
use http::{HeaderValue, StatusCode, header};
use serde_json::json;

/// A header that marks a deliberate admin call (`X-Mock-Admin: 1`); pages can only send it
/// after a preflight, which the admin resources refuse to other origins.
pub const ADMIN_HEADER: &str = "x-mock-admin";

/// Host names the admin resources always answer (compared without the port).
const LOCAL_HOSTS: [&str; 3] = ["localhost", "127.0.0.1", "[::1]"];

/// Why an admin request was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Refusal {
    /// The `Host` is not local and not allowed (DNS rebinding).
    Host(String),
    /// The `Origin` is another site's.
    Origin(String),
    /// A state-changing call a page could send without a preflight.
    SimpleRequest,
}

impl Refusal {
    /// The 403 answer, JSON, with no CORS headers.
    pub(crate) fn response(&self) -> MockResponse {
        let message = match self {
            Refusal::Host(host) => format!(
                "The mock's admin resources answer only a local Host (localhost, 127.0.0.1, \
                 [::1]); this request names `{host}`. Start the mock with --allowed-host {} to \
                 allow it.",
                host_name(host)
            ),
            Refusal::Origin(origin) => format!(
                "The mock's admin resources are not shared with the web origin `{origin}`. \
                 Start the mock with --admin-origin {origin} to allow it."
            ),
            Refusal::SimpleRequest => "This admin call changes the mock's state, so it needs \
                 `Content-Type: application/json` or an `X-Mock-Admin: 1` header (which a web \
                 page cannot send without the mock's consent), e.g. curl -X POST -H \
                 'X-Mock-Admin: 1' …"
                .to_owned(),
        };
        let body = json!({ "Message": message }).to_string().into_bytes();
        MockResponse::with_body(
            StatusCode::FORBIDDEN,
            "application/json; charset=utf-8",
            body,
        )
    }
}

/// The checks every admin request passes before it is served: Host, then Origin.
pub(crate) fn check_admin(request: &CapturedRequest, access: &AdminAccess) -> Result<(), Refusal> {
    let host = request.header(header::HOST);
    if let Some(host) = host {
        if !host_allowed(host, access) {
            return Err(Refusal::Host(host.to_owned()));
        }
    } else if request.headers.contains_key(header::HOST) {
        // Bytes that are not visible ASCII: no local name looks like that.
        return Err(Refusal::Host("(not ASCII)".to_owned()));
    }
    if let Some(origin) = request.headers.get(header::ORIGIN) {
        let text = String::from_utf8_lossy(origin.as_bytes());
        if !origin_allowed(&text, host, access) {
            return Err(Refusal::Origin(text.into_owned()));
        }
    }
    Ok(())
}

/// The check a state-changing admin call passes on top of [`check_admin`]: it must carry what
/// a page can send only after a preflight.
pub(crate) fn check_trigger(request: &CapturedRequest) -> Result<(), Refusal> {
    if preflighted(request) {
        Ok(())
    } else {
        Err(Refusal::SimpleRequest)
    }
}

/// The CORS answer headers an admin response gets: the echo for an allowed cross origin, none
/// otherwise (a same-origin page needs none).
pub(crate) fn admin_cors(
    request: &CapturedRequest,
    access: &AdminAccess,
    response: &mut MockResponse,
) {
    let Some(origin) = request.headers.get(header::ORIGIN) else {
        return;
    };
    let text = String::from_utf8_lossy(origin.as_bytes());
    if access.origins.iter().any(|o| o.eq_ignore_ascii_case(&text)) {
        response
            .headers
            .insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, origin.clone());
        response
            .headers
            .insert(header::VARY, HeaderValue::from_static("Origin"));
    }
}

/// The answer to a preflight for an admin resource: 200 with the allow headers for an allowed
/// origin, 403 without any CORS header otherwise (the browser then refuses the real request).
pub(crate) fn admin_preflight(request: &CapturedRequest, access: &AdminAccess) -> MockResponse {
    let origin = request
        .headers
        .get(header::ORIGIN)
        .map(|o| String::from_utf8_lossy(o.as_bytes()).into_owned())
        .unwrap_or_default();
    if let Err(refusal) = check_host_only(request, access) {
        return refusal.response();
    }
    if !access
        .origins
        .iter()
        .any(|o| o.eq_ignore_ascii_case(&origin))
    {
        return Refusal::Origin(origin).response();
    }
    let mut response = MockResponse::empty(StatusCode::OK);
    admin_cors(request, access, &mut response);
    response.set_header(header::ACCESS_CONTROL_ALLOW_METHODS, "GET, POST, DELETE");
    response.set_header(
        header::ACCESS_CONTROL_ALLOW_HEADERS,
        "Content-Type, X-Mock-Admin",
    );
    response
}

fn check_host_only(request: &CapturedRequest, access: &AdminAccess) -> Result<(), Refusal> {
    match request.header(header::HOST) {
        Some(host) if !host_allowed(host, access) => Err(Refusal::Host(host.to_owned())),
        _ => Ok(()),
    }
}

/// Whether the request carries something a page can only send after a preflight: the
/// [`ADMIN_HEADER`], or a Content-Type whose essence is `application/json`.
fn preflighted(request: &CapturedRequest) -> bool {
    if request.headers.contains_key(ADMIN_HEADER) {
        return true;
    }
    request.header(header::CONTENT_TYPE).is_some_and(|ct| {
        ct.split(';')
            .next()
            .is_some_and(|essence| essence.trim().eq_ignore_ascii_case("application/json"))
    })
}

/// `host[:port]` → `host` (IPv6 literals keep their brackets).
fn host_name(host: &str) -> &str {
    let host = host.trim();
    if host.starts_with('[') {
        return host.find(']').map_or(host, |end| &host[..=end]);
    }
    host.rsplit_once(':').map_or(host, |(name, _)| name)
}

/// Whether the admin resources answer this `Host`.
pub(crate) fn host_allowed(host: &str, access: &AdminAccess) -> bool {
    let name = host_name(host).trim_end_matches('.');
    LOCAL_HOSTS
        .iter()
        .copied()
        .chain(access.allowed_hosts.iter().map(String::as_str))
        .any(|allowed| host_name(allowed).eq_ignore_ascii_case(name))
}

/// Whether a page on `origin` may use the admin resources: the mock's own origin (the same
/// scheme-less host and port as the request's Host) or an allowed one.
fn origin_allowed(origin: &str, host: Option<&str>, access: &AdminAccess) -> bool {
    if access
        .origins
        .iter()
        .any(|o| o.eq_ignore_ascii_case(origin))
    {
        return true;
    }
    origin
        .strip_prefix("http://")
        .zip(host)
        .is_some_and(|(authority, host)| authority.eq_ignore_ascii_case(host.trim()))
}
