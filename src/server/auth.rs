//! The `[Authorize]` check (contracts/reference/production.md#auth; contracts/reference/domain.md#auth). Production reads `Authorization: Bearer <jwt>` through the OWIN bearer
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

/// Why a request carries no usable bearer token.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub(crate) enum BearerError {
    #[error("no Authorization header")]
    Missing,
    #[error("Authorization header: expected `Bearer <token>`, found scheme `{0}`")]
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
        return Err(BearerError::Scheme(scheme.to_owned()));
    }
    let token = token.trim();
    if token.is_empty() {
        return Err(BearerError::Empty);
    }
    Ok(token)
}
