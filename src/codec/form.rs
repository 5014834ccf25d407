//! `application/x-www-form-urlencoded` binding (contracts/reference/wire.md#form-binding): what
//! `JQueryMvcFormUrlEncodedFormatter` and MVC model binding make of a form body.
//!
//! 1. `pairs`: split on `&` and the first `=`, `UrlDecode` (`+` → space, `%XX` → UTF-8 bytes;
//!    a `%` without two hex digits stays literal and invalid UTF-8 becomes U+FFFD), then jQuery
//!    key normalisation (`a[b]` → `a.b`, `a[]` → `a`). More than [`MAX_HTTP_COLLECTION_KEYS`]
//!    pairs, or a `[` without `]` in any key, make the whole request null.
//! 2. `bind`: keys are the unprefixed member names compared OrdinalIgnoreCase (`request.Client`
//!    binds nothing); the first value of a repeated key wins; a blank value is null (strings too);
//!    values go through the invariant `TypeConverter`s (`convert`). A failed conversion logs
//!    `The value 'abc' is not valid for Client.` under `request.Client` and keeps the default.
//!
//! Only scalar members are bound: the request has no nested members, and list members are
//! reported and skipped. A body with no matching key still yields an instance with defaults (an
//! empty body never gets here: [`super::bind`] handles it).

mod bind;
mod convert;
mod diagnose;
mod encode;
mod pairs;
#[cfg(test)]
mod tests;

pub use encode::encode_record;

use crate::codec::{
    BindOptions, Diagnostic, DiagnosticKind, Effect, Location, ModelStateEntry, Read, Severity,
};
use crate::contract::TypeSchema;
use crate::model::Request;
use pairs::Pair;

/// `MediaTypeFormatter.MaxHttpCollectionKeys` default: a form with more pairs (empty ones
/// included) makes the request null.
pub const MAX_HTTP_COLLECTION_KEYS: usize = 1000;

/// The action's parameter name, the prefix of every ModelState key.
const PARAMETER_NAME: &str = "request";

/// Longest value or key quoted in a diagnostic message before it is cut with `…`.
const MAX_SHOWN_CHARS: usize = 80;

/// Read a form body as JQueryMvcFormUrlEncodedFormatter would.
///
/// ```
/// use favorite_contract::codec::{form, BindOptions};
/// use favorite_contract::contract;
/// use favorite_contract::Value;
/// let read = form::read("client=7&SiteCode=&Operator=0x10", contract().request(), &BindOptions::default());
/// let object = read.object.expect("a non-empty form always binds an instance");
/// assert_eq!(object.get("Client"), Some(&Value::Int(7)));
/// assert_eq!(object.get("SiteCode"), Some(&Value::Null));
/// assert_eq!(object.get("Operator"), Some(&Value::Int(16)));
/// ```
pub fn read(text: &str, schema: &'static TypeSchema, options: &BindOptions) -> Read {
    // One pair past the limit is enough to know the request is null.
    let pairs: Vec<Pair<'_>> = pairs::split(text)
        .take(MAX_HTTP_COLLECTION_KEYS + 1)
        .collect();
    // `GetJQueryNameValuePairs` counts and normalises pair by pair; the first failure throws,
    // `ReadAs` catches it, logs it under the parameter name and returns null.
    let mut keys = Vec::with_capacity(pairs.len());
    for pair in &pairs {
        if pair.index >= MAX_HTTP_COLLECTION_KEYS {
            return fatal(too_many_keys(pair));
        }
        match pairs::normalize_jquery(&pair.key) {
            Ok(key) => keys.push(key),
            Err(pairs::MissingBracket) => return fatal(missing_bracket(pair)),
        }
    }
    bind::bind(&pairs, &keys, schema, options)
}

/// Encode a request as a form body that Web API binds to the same values (see
/// [`encode_record`] for the rules, notably dates with an offset arriving as server local time).
///
/// ```
/// use favorite_contract::codec::form::encode_request;
/// use favorite_contract::Request;
/// let request = Request { client: 7, site_code: Some("a+b c".into()), ..Request::default() };
/// assert_eq!(encode_request(&request), "Client=7&Operator=0&SiteCode=a%2Bb+c");
/// ```
pub fn encode_request(request: &Request) -> String {
    encode_record(request)
}

fn fatal(diagnostic: Diagnostic) -> Read {
    Read::capped(None, vec![diagnostic])
}

fn too_many_keys(pair: &Pair<'_>) -> Diagnostic {
    Diagnostic {
        kind: DiagnosticKind::LimitExceeded,
        severity: Severity::Error,
        location: Location::Form {
            key: pair.key.clone(),
            index: pair.index,
        },
        field: None,
        found: Some(format!("more than {MAX_HTTP_COLLECTION_KEYS} pairs")),
        expected: Some(format!("at most {MAX_HTTP_COLLECTION_KEYS} pairs")),
        effect: Effect::RequestNull,
        model_state: Some(ModelStateEntry {
            key: PARAMETER_NAME.to_owned(),
            message: format!(
                "The number of keys in a NameValueCollection has exceeded the limit of \
                 '{MAX_HTTP_COLLECTION_KEYS}'. You can adjust it by modifying the \
                 MaxHttpCollectionKeys property on the \
                 'System.Net.Http.Formatting.MediaTypeFormatter' class."
            ),
        }),
        message: format!(
            "the form has more than {MAX_HTTP_COLLECTION_KEYS} pairs (MaxHttpCollectionKeys, \
             every `&` counts); Web API logs an error and the request becomes null"
        ),
    }
}

fn missing_bracket(pair: &Pair<'_>) -> Diagnostic {
    Diagnostic {
        kind: DiagnosticKind::FormMalformed,
        severity: Severity::Error,
        location: Location::Form {
            key: pair.key.clone(),
            index: pair.index,
        },
        field: None,
        found: Some(diagnose::shown(&pair.key)),
        expected: Some("a key whose every `[` is closed by `]`".to_owned()),
        effect: Effect::RequestNull,
        model_state: Some(ModelStateEntry {
            key: PARAMETER_NAME.to_owned(),
            // SRResources.JQuerySyntaxMissingClosingBracket as ArgumentException("key") prints
            // it; the resource text is recalled, not checked against the resx.
            message: "The key is invalid JQuery syntax because it is missing a closing \
                      bracket.\r\nParameter name: key"
                .to_owned(),
        }),
        message: format!(
            "key `{}` has a `[` without a closing `]`; jQuery key normalisation (which runs after \
             percent-decoding, so %5B does not help) throws, Web API logs an error and the whole \
             request becomes null; remove the bracket",
            diagnose::shown(&pair.key)
        ),
    }
}
