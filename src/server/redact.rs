//! Credentials never leave the request: wherever the mock shows what it received (the journal,
//! log lines, diagnostics, the console), a credential's whole value is replaced by
//! [`REDACTED`], whatever its spelling. Names decide, not values: a value cannot be recognised
//! as secret (`sk_live_…`, a JWT, an opaque session id), so every value under a name that
//! carries credentials is hidden entirely, and a header whose value is not understood is never
//! quoted at all (see `auth`).

use http::{HeaderName, header};
use std::borrow::Cow;

/// What a redacted value reads as.
pub(crate) const REDACTED: &str = "<redacted>";

/// Header names whose values are credentials, besides any name containing a
/// [`CREDENTIAL_WORDS`] word.
const CREDENTIAL_HEADERS: [&str; 4] = [
    "authorization",
    "proxy-authorization",
    "cookie",
    "set-cookie",
];

/// Words that make a header, query or form parameter name a credential's (compared without
/// case, anywhere in the name: `access_token`, `X-Api-Key`, `client_secret`, `sessionid`).
const CREDENTIAL_WORDS: [&str; 14] = [
    "auth",
    "token",
    "secret",
    "password",
    "passwd",
    "pwd",
    "apikey",
    "api-key",
    "api_key",
    "session",
    "cookie",
    "credential",
    "signature",
    "jwt",
];

/// Parameter names that are credentials only as a whole (too short to look for inside names):
/// OAuth's `code`, signed URLs' `sig`, `key`.
const CREDENTIAL_NAMES: [&str; 3] = ["code", "sig", "key"];

/// Whether a header's value is a credential (by its name, in any spelling); the mock's and the
/// proxy's journals and reports hide these.
pub(crate) fn is_credential_header(name: &str) -> bool {
    CREDENTIAL_HEADERS
        .iter()
        .any(|h| h.eq_ignore_ascii_case(name))
        || contains_credential_word(name)
}

/// Standard request headers that never carry a credential, so the common case skips the word
/// search (the journal records every request's headers).
static PLAIN_HEADERS: [HeaderName; 14] = [
    header::HOST,
    header::CONTENT_TYPE,
    header::CONTENT_LENGTH,
    header::ACCEPT,
    header::ACCEPT_CHARSET,
    header::ACCEPT_ENCODING,
    header::ACCEPT_LANGUAGE,
    header::USER_AGENT,
    header::ORIGIN,
    header::CONNECTION,
    header::TRANSFER_ENCODING,
    header::CACHE_CONTROL,
    header::PRAGMA,
    header::ACCESS_CONTROL_REQUEST_METHOD,
];

/// A request header's value as the journal keeps it: [`REDACTED`] whole for a credential
/// header; a URL-like value (`Referer`) with its credential query parameters redacted;
/// otherwise as sent.
pub(crate) fn header_value<'v>(name: &HeaderName, value: &'v [u8]) -> Cow<'v, [u8]> {
    if !PLAIN_HEADERS.contains(name) && is_credential_header(name.as_str()) {
        return Cow::Borrowed(REDACTED.as_bytes());
    }
    let Some(mark) = value.iter().position(|&b| b == b'?') else {
        return Cow::Borrowed(value);
    };
    let rest = String::from_utf8_lossy(&value[mark + 1..]);
    match query(&rest) {
        Cow::Borrowed(_) => Cow::Borrowed(value),
        Cow::Owned(redacted) => {
            let mut out = value[..=mark].to_vec();
            out.extend_from_slice(redacted.as_bytes());
            Cow::Owned(out)
        }
    }
}

/// Whether a query-string or form parameter's value is a credential. `name` is the name as
/// sent; percent-escapes and `+` are decoded before comparing.
pub(crate) fn is_credential_parameter(name: &str) -> bool {
    let decoded = percent_decode(name);
    let name = decoded.trim();
    CREDENTIAL_NAMES
        .iter()
        .any(|n| n.eq_ignore_ascii_case(name))
        || contains_credential_word(name)
}

fn contains_credential_word(name: &str) -> bool {
    // Header names arrive lower-case already: no copy then.
    let lower = if name.bytes().any(|b| b.is_ascii_uppercase()) {
        Cow::Owned(name.to_ascii_lowercase())
    } else {
        Cow::Borrowed(name)
    };
    CREDENTIAL_WORDS.iter().any(|w| lower.contains(w))
}

/// A query string (without `?`) with the value of every credential parameter replaced by
/// [`REDACTED`]; names, order and the other values are kept. Borrowed when nothing changes:
/// `client=7&access_token=abc.def&x=1` → `client=7&access_token=<redacted>&x=1`.
pub(crate) fn query(query: &str) -> Cow<'_, str> {
    let redact = |pair: &str| {
        let name = pair.split_once('=').map_or(pair, |(name, _)| name);
        is_credential_parameter(name)
    };
    if !query.split(['&', ';']).any(redact) {
        return Cow::Borrowed(query);
    }
    let mut out = String::with_capacity(query.len());
    let mut rest = query;
    loop {
        let end = rest.find(['&', ';']).unwrap_or(rest.len());
        let pair = &rest[..end];
        match pair.split_once('=') {
            Some((name, _)) if is_credential_parameter(name) => {
                out.push_str(name);
                out.push('=');
                out.push_str(REDACTED);
            }
            // A credential name without a value hides nothing.
            _ => out.push_str(pair),
        }
        if end == rest.len() {
            break;
        }
        out.push_str(&rest[end..=end]);
        rest = &rest[end + 1..];
    }
    Cow::Owned(out)
}

/// `%XX` and `+` decoded (lossy), for comparing names only.
fn percent_decode(text: &str) -> Cow<'_, str> {
    if !text.contains(['%', '+']) {
        return Cow::Borrowed(text);
    }
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| char::from(b).to_digit(16);
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => match (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                (Some(h), Some(l)) => {
                    out.extend(u8::try_from(h * 16 + l));
                    i += 2;
                }
                _ => out.push(b'%'),
            },
            other => out.push(other),
        }
        i += 1;
    }
    Cow::Owned(String::from_utf8_lossy(&out).into_owned())
}
