//! The `[Authorize]` check (production conventions, "Authentication"; domain.md "Request
//! handling" step 1). Production reads `Authorization: Bearer <jwt>` through the OWIN bearer
//! middleware: the scheme matches case-insensitively and the token is trimmed; no, a malformed or
//! an expired token gives 401 with `HttpError::unauthorized()` and (inference)
//! `WWW-Authenticate: Bearer`.

use super::jwt::{self, JwtError};
use http::HeaderValue;
use serde::Serialize;

/// How the mock authenticates calls to the action.
#[derive(Clone, PartialEq, Eq, Default)]
pub enum AuthMode {
    /// Any non-empty bearer token (the default).
    #[default]
    Bearer,
    /// No check at all (frontend bootstrapping).
    Off,
    /// An HS256 JWT signed with this secret; `exp`/`nbf` checked; `oper` fills the operator.
    Jwt {
        /// The shared secret (bytes of `--jwt-secret`).
        secret: Vec<u8>,
    },
}

impl std::fmt::Debug for AuthMode {
    // The secret never reaches logs.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

impl AuthMode {
    /// The mode's CLI name.
    pub fn name(&self) -> &'static str {
        match self {
            AuthMode::Bearer => "bearer",
            AuthMode::Off => "off",
            AuthMode::Jwt { .. } => "jwt",
        }
    }
}

/// The result of the check, as the journal records it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "result", rename_all = "kebab-case")]
pub enum AuthOutcome {
    /// Auth is off.
    Skipped,
    /// A bearer token was accepted; `operator` is the verified `oper` claim in JWT mode.
    Allowed {
        /// The `oper` claim, if verified and present.
        operator: Option<i16>,
    },
    /// Refused: 401.
    Denied {
        /// Why, for the journal.
        reason: String,
    },
}

/// Why a request carries no usable bearer token. Messages never quote the header: whatever it
/// holds may be a credential (`sk_live_…` with no scheme, `Bearer<TAB>token`), so it is
/// described instead (see `redact`).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub(crate) enum BearerError {
    #[error("no Authorization header")]
    Missing,
    #[error("Authorization header: expected `Bearer <token>`, found {0}")]
    Scheme(String),
    #[error("Authorization header: expected a non-empty bearer token, found none")]
    Empty,
    #[error("Authorization header: expected visible ASCII, found other bytes")]
    NotText,
    #[error(transparent)]
    Jwt(#[from] JwtError),
}

/// Check a request's Authorization header at `now` (Unix seconds).
pub(crate) fn check(mode: &AuthMode, authorization: Option<&HeaderValue>, now: i64) -> AuthOutcome {
    let verdict = match mode {
        AuthMode::Off => return AuthOutcome::Skipped,
        AuthMode::Bearer => bearer_token(authorization).map(|_| None),
        AuthMode::Jwt { secret } => bearer_token(authorization)
            .and_then(|token| Ok(jwt::verify(token, secret, now)?.operator)),
    };
    match verdict {
        Ok(operator) => AuthOutcome::Allowed { operator },
        Err(err) => AuthOutcome::Denied {
            reason: err.to_string(),
        },
    }
}

fn bearer_token(authorization: Option<&HeaderValue>) -> Result<&str, BearerError> {
    let header = authorization
        .ok_or(BearerError::Missing)?
        .to_str()
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
