//! The `[Authorize]` check (contracts/reference/production.md#auth; contracts/reference/domain.md#auth). Production reads `Authorization: Bearer <jwt>` through the OWIN bearer
//! middleware: the scheme matches case-insensitively and the token is trimmed; no, a malformed or
//! an expired token gives 401 with `HttpError::unauthorized()` and (inference)
//! `WWW-Authenticate: Bearer`.

use super::jwt::{self, JwtError};
pub(crate) use crate::pipeline::AuthOutcome;
use crate::pipeline::{Authorize, BearerError, bearer_token};

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

/// Why a request was refused in bearer or JWT mode.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
enum Refusal {
    #[error(transparent)]
    Bearer(#[from] BearerError),
    #[error(transparent)]
    Jwt(#[from] JwtError),
}

/// Check a request's Authorization header at `now` (Unix seconds).
#[cfg(test)]
pub(crate) fn check(
    mode: &AuthMode,
    authorization: Option<&http::HeaderValue>,
    now: i64,
) -> AuthOutcome {
    AuthorizeAt { mode, now }.authorize(authorization.map(http::HeaderValue::as_bytes))
}

/// The pipeline's `[Authorize]` step for a mode at a time (Unix seconds; JWT `exp`/`nbf` are
/// checked against it).
pub(crate) struct AuthorizeAt<'a> {
    pub(crate) mode: &'a AuthMode,
    pub(crate) now: i64,
}

impl Authorize for AuthorizeAt<'_> {
    fn authorize(&self, authorization: Option<&[u8]>) -> AuthOutcome {
        let verdict: Result<Option<i16>, Refusal> = match self.mode {
            AuthMode::Off => return AuthOutcome::Skipped,
            AuthMode::Bearer => bearer_token(authorization)
                .map(|_| None)
                .map_err(Refusal::from),
            AuthMode::Jwt { secret } => bearer_token(authorization)
                .map_err(Refusal::from)
                .and_then(|token| Ok(jwt::verify(token, secret, self.now)?.operator)),
        };
        match verdict {
            Ok(operator) => AuthOutcome::Allowed { operator },
            Err(err) => AuthOutcome::Denied {
                reason: err.to_string(),
            },
        }
    }
}
