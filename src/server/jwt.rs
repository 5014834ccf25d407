//! HS256 JSON Web Tokens: verification for `--auth jwt`, and minting for the start-up curl
//! command and tests. Only what the mock needs: compact JWS, `alg` HS256, `exp`/`nbf` with .NET's
//! default clock skew, and the `oper` claim.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, Mac};
use serde_json::{Map, Value};
use sha2::Sha256;

/// Clock skew allowed on `exp` and `nbf`: `TokenValidationParameters.DefaultClockSkew` (5 min),
/// which the production OWIN JWT middleware uses, so a token a few minutes past `exp` still
/// passes there and here.
pub const JWT_CLOCK_SKEW_SECS: i64 = 300;
/// Longest token accepted, bytes. Real HS256 tokens are a few hundred bytes; a bound keeps
/// base64 decoding and JSON parsing of a hostile header short (hyper allows ~400 KB of headers).
pub const MAX_TOKEN_BYTES: usize = 8 * 1024;
/// Longest header value quoted in a message, characters.
const MAX_SHOWN: usize = 80;

/// Why a token was refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum JwtError {
    /// Not three base64url parts of JSON.
    #[error("malformed jwt: expected header.payload.signature in base64url JSON, found {found}")]
    Malformed {
        /// What was wrong.
        found: String,
    },
    /// An algorithm other than HS256 (including `none`).
    #[error("jwt header `alg`: expected HS256, found {found}")]
    Algorithm {
        /// The `alg` value.
        found: String,
    },
    /// The signature does not match the configured secret.
    #[error("jwt signature: expected an HS256 signature by the configured secret, found another")]
    Signature,
    /// `exp` is past (beyond the clock skew).
    #[error("jwt expired: `exp` {exp} is before now {now} (clock skew {JWT_CLOCK_SKEW_SECS} s)")]
    Expired {
        /// The claim.
        exp: i64,
        /// Now, Unix seconds.
        now: i64,
    },
    /// `nbf` is in the future (beyond the clock skew).
    #[error(
        "jwt not yet valid: `nbf` {nbf} is after now {now} (clock skew {JWT_CLOCK_SKEW_SECS} s)"
    )]
    NotYetValid {
        /// The claim.
        nbf: i64,
        /// Now, Unix seconds.
        now: i64,
    },
    /// Longer than [`MAX_TOKEN_BYTES`].
    #[error("jwt: expected at most {MAX_TOKEN_BYTES} bytes, found {length}")]
    TooLong {
        /// The token's length, bytes.
        length: usize,
    },
    /// No `exp` claim: .NET's token handler requires an expiry by default
    /// (`RequireExpirationTime`).
    #[error("jwt: expected an `exp` claim (an expiry is required), found none")]
    NoExpiry,
    /// A `crit` header naming extensions the mock does not understand (RFC 7515 section 4.1.11: the
    /// token must then be refused).
    #[error("jwt header `crit`: expected no critical extensions, found {found}")]
    Critical {
        /// The `crit` value (JSON), shortened.
        found: String,
    },
    /// A time claim or `oper` that is not the right type.
    #[error("jwt claim `{claim}`: expected {expected}, found {found}")]
    Claim {
        /// The claim name.
        claim: &'static str,
        /// What it should be.
        expected: &'static str,
        /// What it was (JSON).
        found: String,
    },
}

/// The claims the mock uses from a verified token.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Claims {
    /// The `oper` claim (operator id), a JSON number or numeric string within Int16.
    pub operator: Option<i16>,
}

/// Verify a compact HS256 token at `now` (Unix seconds) and extract its claims.
pub fn verify(token: &str, secret: &[u8], now: i64) -> Result<Claims, JwtError> {
    if token.len() > MAX_TOKEN_BYTES {
        return Err(JwtError::TooLong {
            length: token.len(),
        });
    }
    let mut parts = token.split('.');
    let (Some(head), Some(body), Some(sig), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(malformed(format!(
            "{} dot-separated parts",
            token.split('.').count()
        )));
    };
    let header = decode_json(head, "header")?;
    match header.get("alg").and_then(Value::as_str) {
        Some("HS256") => {}
        other => {
            return Err(JwtError::Algorithm {
                found: other.map_or("no alg", shown_algorithm).to_owned(),
            });
        }
    }
    // The mock implements no extension, so any critical one is unknown.
    if let Some(crit) = header.get("crit") {
        let text = crit.to_string();
        let mut found: String = text.chars().take(MAX_SHOWN).collect();
        if found.len() < text.len() {
            found.push('…');
        }
        return Err(JwtError::Critical { found });
    }
    let signature = URL_SAFE_NO_PAD
        .decode(sig)
        .map_err(|_| malformed("a signature that is not base64url".to_owned()))?;
    let mut mac = mac(secret);
    mac.update(&token.as_bytes()[..head.len() + 1 + body.len()]);
    mac.verify_slice(&signature)
        .map_err(|_| JwtError::Signature)?;
    let payload = decode_json(body, "payload")?;
    let exp = time_claim(&payload, "exp")?.ok_or(JwtError::NoExpiry)?;
    if now > exp.saturating_add(JWT_CLOCK_SKEW_SECS) {
        return Err(JwtError::Expired { exp, now });
    }
    if let Some(nbf) = time_claim(&payload, "nbf")?
        && now.saturating_add(JWT_CLOCK_SKEW_SECS) < nbf
    {
        return Err(JwtError::NotYetValid { nbf, now });
    }
    Ok(Claims {
        operator: operator_claim(&payload)?,
    })
}

/// Mint a compact HS256 token with these claims (a JSON object).
pub fn mint_hs256(claims: &Map<String, Value>, secret: &[u8]) -> String {
    let head = URL_SAFE_NO_PAD.encode(br#"{"alg":"HS256","typ":"JWT"}"#);
    let body = URL_SAFE_NO_PAD.encode(Value::Object(claims.clone()).to_string());
    let signing_input = format!("{head}.{body}");
    let mut mac = mac(secret);
    mac.update(signing_input.as_bytes());
    let sig = URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes());
    format!("{signing_input}.{sig}")
}

fn mac(secret: &[u8]) -> Hmac<Sha256> {
    // HMAC accepts keys of any length (long keys are hashed), so this cannot fail.
    match <Hmac<Sha256> as Mac>::new_from_slice(secret) {
        Ok(mac) => mac,
        Err(_) => unreachable!("HMAC-SHA256 takes keys of any length"),
    }
}

fn malformed(found: String) -> JwtError {
    JwtError::Malformed { found }
}

fn decode_json(part: &str, what: &str) -> Result<Map<String, Value>, JwtError> {
    let bytes = URL_SAFE_NO_PAD
        .decode(part)
        .map_err(|_| malformed(format!("a {what} that is not base64url")))?;
    match serde_json::from_slice(&bytes) {
        Ok(Value::Object(map)) => Ok(map),
        _ => Err(malformed(format!("a {what} that is not a JSON object"))),
    }
}

fn time_claim(payload: &Map<String, Value>, claim: &'static str) -> Result<Option<i64>, JwtError> {
    match payload.get(claim) {
        None | Some(Value::Null) => Ok(None),
        Some(value) => value
            .as_i64()
            .or_else(|| value.as_f64().map(|f| f as i64))
            .map(Some)
            .ok_or_else(|| JwtError::Claim {
                claim,
                expected: "a NumericDate (seconds since 1970)",
                found: shown_claim(value),
            }),
    }
}

fn operator_claim(payload: &Map<String, Value>) -> Result<Option<i16>, JwtError> {
    let Some(value) = payload.get("oper") else {
        return Ok(None);
    };
    let parsed = match value {
        Value::Number(n) => n.as_i64(),
        Value::String(s) => s.trim().parse::<i64>().ok(),
        _ => None,
    };
    parsed
        .and_then(|n| i16::try_from(n).ok())
        .map(Some)
        .ok_or_else(|| JwtError::Claim {
            claim: "oper",
            expected: "an Int16 operator id (number or numeric string)",
            found: shown_claim(value),
        })
}

/// JWS algorithm names a message may quote; any other `alg` value is part of the token and is
/// described instead.
const KNOWN_ALGORITHMS: [&str; 13] = [
    "none", "HS256", "HS384", "HS512", "RS256", "RS384", "RS512", "ES256", "ES384", "ES512",
    "PS256", "PS384", "PS512",
];

fn shown_algorithm(alg: &str) -> &'static str {
    KNOWN_ALGORITHMS
        .iter()
        .find(|known| **known == alg)
        .copied()
        .unwrap_or("an unknown algorithm")
}

/// A claim value as messages show it: numbers and literals as they are, text only by its
/// length (the token is a credential; its text claims are not repeated).
fn shown_claim(value: &Value) -> String {
    match value {
        Value::String(s) => format!("a string of {} characters", s.chars().count()),
        Value::Array(_) => "an array".to_owned(),
        Value::Object(_) => "an object".to_owned(),
        other => other.to_string(),
    }
}
