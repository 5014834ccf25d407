//! Headers across the proxy: what is hop-by-hop (RFC 9110 section 7.6.1) and stays on its
//! connection, what the upstream gets besides the client's headers (`Via`, credentials), the
//! findings header, and headers as plain data for the judge and the journal.

use crate::checker::Finding;
use crate::server::{AdminAccess, REDACTED, host_allowed, is_credential_header};
use http::header::{self, HeaderMap, HeaderName, HeaderValue};

/// Response header naming an exchange's findings: `N; rule-a, rule-b` (the count, then each
/// distinct rule id in the order found). Only on answers with findings.
pub const FINDINGS_HEADER: &str = "x-contract-findings";

/// The `Via` entry the proxy adds to forwarded requests (RFC 9110 section 7.6.3); a request
/// that already carries it came round in a loop and is refused.
pub const VIA: &str = "1.1 favorite-contract";

/// Headers that describe one connection, never forwarded (RFC 9110 section 7.6.1), besides
/// those the `Connection` header names.
const HOP_BY_HOP: [HeaderName; 6] = [
    header::CONNECTION,
    HeaderName::from_static("keep-alive"),
    HeaderName::from_static("proxy-connection"),
    header::TE,
    header::TRANSFER_ENCODING,
    header::UPGRADE,
];

/// Request headers the proxy deals with itself: `Host` names the upstream, `Expect:
/// 100-continue` was answered by the proxy's own server, and `Proxy-Authorization` is meant
/// for a proxy, not for the origin.
const CONSUMED: [HeaderName; 3] = [header::HOST, header::EXPECT, header::PROXY_AUTHORIZATION];

/// Remove the hop-by-hop headers, including every header `Connection` names.
pub(crate) fn strip_hop_by_hop(headers: &mut HeaderMap) {
    strip(headers, &[]);
}

/// Remove the hop-by-hop headers and `also`, keeping the order of the others
/// (`HeaderMap::remove` would move the last header into the removed one's place).
fn strip(headers: &mut HeaderMap, also: &[HeaderName]) {
    let named: Vec<HeaderName> = headers
        .get_all(header::CONNECTION)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .filter_map(|name| HeaderName::from_bytes(name.trim().as_bytes()).ok())
        .collect();
    let goes = |name: &HeaderName| {
        HOP_BY_HOP.contains(name) || named.contains(name) || also.contains(name)
    };
    if !headers.keys().any(goes) {
        return;
    }
    let all = std::mem::take(headers);
    let mut current: Option<HeaderName> = None;
    for (name, value) in all {
        // Further values of a name come without it.
        if let Some(name) = name {
            current = Some(name);
        }
        if let Some(name) = current.as_ref().filter(|n| !goes(n)) {
            headers.append(name.clone(), value);
        }
    }
}

/// Whether a request's body was framed chunked (its `Transfer-Encoding` ends in `chunked`).
pub(crate) fn is_chunked(headers: &HeaderMap) -> bool {
    headers
        .get_all(header::TRANSFER_ENCODING)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .next_back()
        .is_some_and(|coding| coding.trim().eq_ignore_ascii_case("chunked"))
}

/// Whether the request came through this proxy already (its `Via` names it).
pub(crate) fn looped(headers: &HeaderMap) -> bool {
    headers
        .get_all(header::VIA)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|entry| entry.trim().eq_ignore_ascii_case(VIA))
}

/// The upstream's copy of a request's headers: without hop-by-hop and consumed headers,
/// chunked framing kept (the body is re-chunked), `Via` added, and each credential added when
/// the request has no header of its name and `inject` allows.
pub(crate) fn upstream_request_headers(
    mut headers: HeaderMap,
    credentials: &[(HeaderName, HeaderValue)],
    inject: bool,
) -> HeaderMap {
    let chunked = is_chunked(&headers);
    if chunked {
        // Framed by the chunking, which the body keeps: a length beside it is void.
        let mut consumed = CONSUMED.to_vec();
        consumed.push(header::CONTENT_LENGTH);
        strip(&mut headers, &consumed);
        headers.append(
            header::TRANSFER_ENCODING,
            HeaderValue::from_static("chunked"),
        );
    } else {
        strip(&mut headers, &CONSUMED);
    }
    headers.append(header::VIA, HeaderValue::from_static(VIA));
    if inject {
        for (name, value) in credentials {
            if !headers.contains_key(name) {
                headers.insert(name.clone(), value.clone());
            }
        }
    }
    headers
}

/// Whether credentials may be added to a request: it comes from no web page (no `Origin`), or
/// from a page on this machine or an allowed origin. A page of any other site must not get the
/// developer's credentials added to its requests.
pub(crate) fn may_add_credentials(headers: &HeaderMap, access: &AdminAccess) -> bool {
    let Some(origin) = headers.get(header::ORIGIN) else {
        return true;
    };
    let Ok(origin) = origin.to_str() else {
        return false;
    };
    if access
        .origins
        .iter()
        .any(|o| o.eq_ignore_ascii_case(origin))
    {
        return true;
    }
    // `scheme://host[:port]`; `null` and anything else is no local page.
    origin.split_once("://").is_some_and(|(_, authority)| {
        !authority.contains('/') && host_allowed(authority, &local_only())
    })
}

fn local_only() -> AdminAccess {
    AdminAccess::default()
}

/// Headers as `(name, value)` text, in order (values decoded lossily).
pub(crate) fn to_pairs(headers: &HeaderMap) -> Vec<(String, String)> {
    headers
        .iter()
        .map(|(name, value)| {
            (
                name.as_str().to_owned(),
                String::from_utf8_lossy(value.as_bytes()).into_owned(),
            )
        })
        .collect()
}

/// Hide credentials (by header name) in the requests findings carry.
pub(crate) fn redact_findings(findings: &mut [Finding]) {
    for finding in findings {
        if let Some(request) = &mut finding.request {
            for (name, value) in &mut request.headers {
                if is_credential_header(name) {
                    REDACTED.clone_into(value);
                }
            }
            if let Some((path, query)) = request.path.split_once('?') {
                let query = crate::server::redact_query(query).into_owned();
                request.path = format!("{path}?{query}");
            }
        }
    }
}

/// The [`FINDINGS_HEADER`] value for `findings`: `N; rule-a, rule-b`; `None` without findings.
pub(crate) fn findings_value(findings: &[Finding]) -> Option<HeaderValue> {
    if findings.is_empty() {
        return None;
    }
    let mut rules: Vec<&str> = Vec::new();
    for finding in findings {
        let id = finding.rule.id();
        if !rules.contains(&id) {
            rules.push(id);
        }
    }
    HeaderValue::from_str(&format!("{}; {}", findings.len(), rules.join(", "))).ok()
}

/// Add the findings header to an answer, exposed to browser code when the answer is shared
/// with a page (it carries `Access-Control-Allow-Origin`).
pub(crate) fn add_findings_header(headers: &mut HeaderMap, value: HeaderValue) {
    headers.insert(HeaderName::from_static(FINDINGS_HEADER), value);
    if headers.contains_key(header::ACCESS_CONTROL_ALLOW_ORIGIN) {
        headers.append(
            header::ACCESS_CONTROL_EXPOSE_HEADERS,
            HeaderValue::from_static("X-Contract-Findings"),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map(pairs: &[(&str, &str)]) -> HeaderMap {
        let mut headers = HeaderMap::new();
        for (name, value) in pairs {
            headers.append(
                HeaderName::from_bytes(name.as_bytes()).unwrap_or(header::WARNING),
                HeaderValue::from_str(value).unwrap_or(HeaderValue::from_static("?")),
            );
        }
        headers
    }

    #[test]
    fn hop_by_hop_headers_and_those_connection_names_stay_behind() {
        let headers = map(&[
            ("Host", "127.0.0.1:1"),
            ("Connection", "keep-alive, X-Trace"),
            ("X-Trace", "1"),
            ("Keep-Alive", "timeout=5"),
            ("TE", "trailers"),
            ("Upgrade", "websocket"),
            ("Expect", "100-continue"),
            ("Content-Type", "application/json"),
            ("Content-Length", "2"),
            ("Authorization", "Bearer client"),
        ]);
        let bearer = [(
            header::AUTHORIZATION,
            HeaderValue::from_static("Bearer proxy"),
        )];
        let out = upstream_request_headers(headers, &bearer, true);
        let names: Vec<&str> = out.keys().map(HeaderName::as_str).collect();
        assert_eq!(
            names,
            ["content-type", "content-length", "authorization", "via"]
        );
        // The client's own credentials win.
        assert_eq!(out[header::AUTHORIZATION], "Bearer client");
    }

    #[test]
    fn chunked_framing_is_kept_and_credentials_fill_only_what_is_missing() {
        let headers = map(&[("Transfer-Encoding", "chunked"), ("Content-Length", "5")]);
        let bearer = [(
            header::AUTHORIZATION,
            HeaderValue::from_static("Bearer proxy"),
        )];
        let out = upstream_request_headers(headers.clone(), &bearer, true);
        assert_eq!(out[header::TRANSFER_ENCODING], "chunked");
        assert!(!out.contains_key(header::CONTENT_LENGTH));
        assert_eq!(out[header::AUTHORIZATION], "Bearer proxy");
        let out = upstream_request_headers(headers, &bearer, false);
        assert!(!out.contains_key(header::AUTHORIZATION));
    }

    #[test]
    fn only_local_pages_and_clients_without_origin_get_credentials() {
        let access = AdminAccess {
            origins: vec!["https://app.internal".to_owned()],
            ..AdminAccess::default()
        };
        let allows = |origin: Option<&str>| {
            let pairs: Vec<(&str, &str)> = origin.map(|o| ("Origin", o)).into_iter().collect();
            may_add_credentials(&map(&pairs), &access)
        };
        assert!(allows(None));
        assert!(allows(Some("http://localhost:3000")));
        assert!(allows(Some("http://127.0.0.1:5173")));
        assert!(allows(Some("https://app.internal")));
        assert!(!allows(Some("https://evil.example")));
        assert!(!allows(Some("http://localhost.evil.example")));
        assert!(!allows(Some("null")));
    }

    #[test]
    fn the_findings_header_counts_findings_and_names_each_rule_once() {
        use crate::checker::{Location, RuleId, Severity};
        let finding = |rule| Finding::new(rule, Severity::Violation, Location::Body, "", "", "");
        let value = findings_value(&[
            finding(RuleId::XmlOrder),
            finding(RuleId::XmlNamespace),
            finding(RuleId::XmlOrder),
        ]);
        assert_eq!(value.unwrap(), "3; xml.order, xml.namespace");
        assert_eq!(findings_value(&[]), None);
    }
}
