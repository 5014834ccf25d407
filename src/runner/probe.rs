//! Before any case: is the target alive, is it this endpoint, and does it want credentials?
//!
//! One plain valid request answers all three. It gets a longer deadline than the cases
//! ([`LIVENESS_FACTOR`] × `--timeout`, for a cold start), and that deadline is the probe's
//! whole: the host's lookup and the TCP connect before it (together at most `--timeout`) come
//! out of it, and the mock's health lookup (at most `--timeout`) runs at the same time, so the
//! probe never waits for one thing and then another. Its answer is
//! classified: a redirect, a 404/405/501 on the action, an HTML page or a 2xx body that is not
//! this endpoint's answer is a wrong setup ([`SetupError::NotThisEndpoint`], exit 2, one
//! sentence naming the URL tried and the likely fix) instead of thousands of findings; a 401
//! without credentials asks for `--bearer`. A target that answers, however slowly, is checked:
//! its slowness is reported as findings, not as a setup error.
//!
//! `check` and `snapshot` both start with [`probe`].

use super::cases::{Case, CaseLabel, EncodeStyle, Payload};
use crate::client::{HttpClient, Reply, Scheme, SendError, TlsFailure, TlsSetup, Unreachable};
use crate::codec::Format;
use crate::exchange::{HttpRequest, HttpResponse, RequestBody};
use crate::model::Request;
use std::time::{Duration, Instant};

/// The first request may take this many times `--timeout` before the target counts as not
/// answering (an IIS application pool or a container can take that long to start).
pub const LIVENESS_FACTOR: u32 = 3;

/// The mock's health resource (outside any base path).
const MOCK_HEALTH: &str = "/__mock/health";
/// What the mock's health resource names the embedded dataset.
const EMBEDDED_SOURCE: &str = "embedded default";
/// Characters of a body quoted in a setup error.
const QUOTED_BODY_CHARS: usize = 60;

/// Why a target cannot be checked (exit code 2), each in one sentence that names the URL tried
/// and the likely fix.
#[derive(Debug, thiserror::Error)]
pub enum SetupError {
    /// Nothing answers at the target's address.
    #[error(transparent)]
    Unreachable(#[from] Unreachable),
    /// The TLS client could not be built.
    #[error(transparent)]
    TlsSetup(#[from] TlsSetup),
    /// The TLS handshake failed.
    #[error("target {target}: {failure}")]
    Tls {
        /// The base URL.
        target: String,
        /// What failed, in plain words.
        failure: TlsFailure,
    },
    /// The target accepts connections but gave no answer to the first request in time.
    #[error(
        "target {target} accepts connections but did not answer POST {url} within {} ms ({}× \
         --timeout, allowed for a cold start): {reason}{hint}",
        waited.as_millis(), LIVENESS_FACTOR
    )]
    NoAnswer {
        /// The base URL.
        target: String,
        /// The URL tried.
        url: String,
        /// How long the probe waited.
        waited: Duration,
        /// What happened instead.
        reason: String,
        /// A likely fix, when one is known (`; if the port serves HTTPS, use https://`).
        hint: String,
    },
    /// The answer shows the URL is not this endpoint.
    #[error("target {target} is not this endpoint: POST {url} answered {found}; {fix}")]
    NotThisEndpoint {
        /// The base URL.
        target: String,
        /// The URL tried.
        url: String,
        /// What came back.
        found: String,
        /// The likely fix.
        fix: String,
    },
    /// No credentials were given and the target wants some.
    #[error(
        "target {target} answered 401 to a request without credentials: expected a bearer token, \
         pass --bearer TOKEN or --header 'Authorization: Bearer TOKEN'"
    )]
    CredentialsNeeded {
        /// The base URL.
        target: String,
    },
    /// The credentials given were refused.
    #[error("target {target} answered 401 to the credentials given: expected them to be accepted")]
    CredentialsRefused {
        /// The base URL.
        target: String,
    },
}

/// What the probe learnt.
#[derive(Clone, Debug)]
pub(crate) struct FirstAnswer {
    /// How long the first answer took.
    pub(crate) elapsed: Duration,
    /// Whether the target is a favorite-contract mock serving the embedded dataset.
    pub(crate) embedded_mock: bool,
}

/// The plain valid request the probe sends: a canonical JSON body asking for `client` under
/// `operator`, accepting JSON, with `credentials` and the other `headers`.
pub(crate) fn plain_request(
    credentials: &[(String, String)],
    headers: &[(String, String)],
    client: i32,
    operator: i16,
) -> HttpRequest {
    let request = Request {
        client,
        operator,
        ..Request::default()
    };
    let mut probe = Case::post(
        CaseLabel::Valid,
        Some("application/json"),
        Payload::Encoded {
            request,
            format: Format::Json,
            style: EncodeStyle::Canonical,
        },
    )
    .to_request(credentials);
    probe.headers.extend(headers.iter().cloned());
    if probe.header("accept").is_none() {
        probe
            .headers
            .push(("Accept".to_owned(), "application/json".to_owned()));
    }
    probe
}

/// The deadline of the first request for a per-request `timeout`.
pub(crate) fn liveness(timeout: Duration) -> Duration {
    timeout.saturating_mul(LIVENESS_FACTOR)
}

/// Ask the mock's health resource whether it serves the embedded dataset (within `timeout`).
async fn detect_embedded_mock(client: &HttpClient) -> bool {
    let request = HttpRequest {
        method: "GET".to_owned(),
        path: MOCK_HEALTH.to_owned(),
        headers: Vec::new(),
        body: RequestBody::Text(String::new()),
        format: None,
    };
    // The health resource lives at the root, outside the base path.
    let root = client.for_target(client.target().root());
    let Ok(reply) = root.send(&request).await else {
        return false;
    };
    reply.response.status == 200
        && serde_json::from_slice::<serde_json::Value>(&reply.response.body)
            .ok()
            .and_then(|v| {
                v.pointer("/dataset/source")
                    .and_then(|s| s.as_str().map(|s| s == EMBEDDED_SOURCE))
            })
            .unwrap_or(false)
}

/// Connect, then send `request` (a plain valid request, with the run's credentials if any)
/// while asking the mock's health resource (when `detect_mock`), and classify the answer.
pub(crate) async fn probe(
    client: &HttpClient,
    request: &HttpRequest,
    credentials_given: bool,
    detect_mock: bool,
) -> Result<FirstAnswer, SetupError> {
    super::fault::point(super::fault::Fault::Probe);
    // One deadline for the whole probe: the connection (at most `--timeout`) comes out of the
    // first request's allowance, so the probe never waits longer than `waited` in total.
    let started = Instant::now();
    let waited = liveness(client.timeout());
    client.probe().await?;
    let remaining = waited.saturating_sub(started.elapsed());
    let (reply, embedded_mock) = tokio::join!(client.send_within(request, remaining), async {
        detect_mock && detect_embedded_mock(client).await
    });
    let target = client.target();
    let url = target.url(&request.path);
    let reply: Reply = match reply {
        Ok(reply) => reply,
        Err(SendError::Tls(failure)) => {
            return Err(SetupError::Tls {
                target: target.to_string(),
                failure,
            });
        }
        Err(e) => {
            let hint = match (&e, target.scheme) {
                (SendError::Connection(_), Scheme::Http) => {
                    "; if that port serves HTTPS, use an https:// URL".to_owned()
                }
                _ => String::new(),
            };
            let reason = match &e {
                SendError::Timeout { .. } => "the connection stayed open and silent (a server \
                                              stuck before answering, or a proxy waiting on one)"
                    .to_owned(),
                other => other.to_string(),
            };
            return Err(SetupError::NoAnswer {
                target: target.to_string(),
                url,
                waited,
                reason,
                hint,
            });
        }
    };
    if let Some((found, fix)) = not_this_endpoint(&reply.response, target, &request.path) {
        return Err(SetupError::NotThisEndpoint {
            target: target.to_string(),
            url,
            found,
            fix,
        });
    }
    if reply.response.status == 401 {
        let target = target.to_string();
        return Err(if credentials_given {
            SetupError::CredentialsRefused { target }
        } else {
            SetupError::CredentialsNeeded { target }
        });
    }
    Ok(FirstAnswer {
        elapsed: reply.elapsed,
        embedded_mock,
    })
}

/// `(found, fix)` when an answer to a valid request to the action shows that the URL is not
/// this endpoint. Answers this endpoint can give — its JSON or XML body, an HttpError with any
/// status other than 404/405/501, a 401 — pass: the cases judge those.
pub(crate) fn not_this_endpoint(
    response: &HttpResponse,
    target: &crate::client::Target,
    path: &str,
) -> Option<(String, String)> {
    let status = response.status;
    let reason = http::StatusCode::from_u16(status)
        .ok()
        .and_then(|s| s.canonical_reason())
        .map_or(String::new(), |r| format!(" {r}"));
    let content_type = response
        .header("content-type")
        .map_or(String::new(), |t| format!(" ({t})"));
    if (300..400).contains(&status) {
        let location = response.header("location").unwrap_or("");
        let fix = match location.strip_suffix(path) {
            Some(base) if base.starts_with("http") => {
                format!("pass --target {}", base.trim_end_matches('/'))
            }
            _ if !location.is_empty() => {
                "pass the URL it redirects to as --target (the base URL, without the action's path)"
                    .to_owned()
            }
            _ => "check the scheme, host and base path in --target".to_owned(),
        };
        let found = if location.is_empty() {
            format!("{status}{reason}")
        } else {
            format!("{status}{reason} to {location}")
        };
        return Some((found, fix));
    }
    let example = format!("{}/lcmanager", target.root());
    let fix = match status {
        404 => Some(format!(
            "check the base path: put the application's path in --target (such as {example}) or \
             correct it"
        )),
        405 => Some(
            "the URL exists but does not take POST, so it is not this action: check the base \
             path in --target"
                .to_owned(),
        ),
        501 => Some(
            "the server there does not handle POST at all (a static file server?): check the \
             port in --target"
                .to_owned(),
        ),
        _ => None,
    };
    if let Some(fix) = fix {
        return Some((format!("{status}{reason}{content_type}"), fix));
    }
    // A 401 is about credentials whatever its body (IIS answers its own HTML page).
    if status == 401 {
        return None;
    }
    if is_html(response) {
        let fix = match status {
            403 => {
                "the server, or a proxy in front of it, refuses with a web page: check the URL \
                    and that this machine may reach the API"
            }
            500..=599 => {
                "the server, or a proxy in front of it, failed before this API could \
                          answer: check that the application is running, then the base path"
            }
            _ => "that is a web page, not this API: check the port and the base path in --target",
        };
        return Some((
            format!("{status}{reason} with an HTML page"),
            fix.to_owned(),
        ));
    }
    if (200..300).contains(&status) && !is_contract_body(&response.body) {
        let text = String::from_utf8_lossy(&response.body);
        let quoted = crate::excerpt::excerpt(text.trim(), QUOTED_BODY_CHARS);
        let found = if quoted.is_empty() {
            format!("{status}{reason} with an empty body")
        } else {
            format!("{status}{reason} with `{quoted}`")
        };
        return Some((
            found,
            "expected this endpoint's JSON or XML answer with an ErrorCode: check the base path \
             and the port in --target"
                .to_owned(),
        ));
    }
    None
}

fn is_html(response: &HttpResponse) -> bool {
    let typed = response
        .header("content-type")
        .is_some_and(|t| t.to_ascii_lowercase().contains("html"));
    let text = String::from_utf8_lossy(&response.body[..response.body.len().min(512)])
        .trim_start_matches('\u{feff}')
        .trim_start()
        .to_ascii_lowercase();
    typed || text.starts_with("<!doctype html") || text.starts_with("<html")
}

/// A JSON object with an `ErrorCode` member, or XML whose root is the response element.
fn is_contract_body(body: &[u8]) -> bool {
    let text = String::from_utf8_lossy(body);
    let text = text.trim_start_matches('\u{feff}').trim();
    if text.starts_with('{') {
        return serde_json::from_str::<serde_json::Map<String, serde_json::Value>>(text)
            .is_ok_and(|m| m.keys().any(|k| k.eq_ignore_ascii_case("ErrorCode")));
    }
    if text.starts_with('<') {
        let root = crate::contract::contract().response().name.clone();
        let mut reader = quick_xml::Reader::from_str(text);
        loop {
            match reader.read_event() {
                Ok(quick_xml::events::Event::Start(e) | quick_xml::events::Event::Empty(e)) => {
                    return e.local_name().as_ref() == root.as_str();
                }
                Ok(quick_xml::events::Event::Eof) | Err(_) => return false,
                Ok(_) => {}
            }
        }
    }
    false
}
