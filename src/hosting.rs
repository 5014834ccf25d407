//! The hosting layer in front of Web API: what the host answers before the application sees a
//! request. Production runs on IIS, whose kernel driver HTTP.sys refuses a `POST` or `PUT`
//! that has neither a `Content-Length` nor `Transfer-Encoding: chunked` with its own
//! `411 Length Required` page (so does any host built on HTTP.sys, such as an OWIN
//! `HttpListener` self-host). A host without that check reads such a request as having an empty
//! body, which Web API binds to null. HTTP.sys also answers an HTTP/1.1 request without exactly
//! one `Host` header itself, with a 400 page from the same template
//! ([`host_header_invalid`]); the mock's connection layer applies that before reading the body.
//!
//! [`length_required`] is the first step of the production pipeline
//! ([`Pipeline::host`](crate::Pipeline::host)), which the mock answers from and the checker
//! predicts with, so the mock answers as the expected host does and the checker expects what
//! that host sends.

use serde::{Deserialize, Serialize};

/// Which host runs the Web API application.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Host {
    /// IIS, or any host with HTTP.sys in front: a `POST`/`PUT` without a length gets 411.
    #[default]
    Iis,
    /// A host without HTTP.sys's check (another listener, or a proxy that adds the length):
    /// such a request reaches Web API with an empty body.
    SelfHost,
}

impl Host {
    /// `iis` or `self-host`.
    pub fn name(self) -> &'static str {
        match self {
            Host::Iis => "iis",
            Host::SelfHost => "self-host",
        }
    }

    /// The host named `iis` or `self-host`.
    pub fn from_name(name: &str) -> Option<Host> {
        match name {
            "iis" => Some(Host::Iis),
            "self-host" => Some(Host::SelfHost),
            _ => None,
        }
    }
}

/// How a request's body is framed, as far as the host's length check cares.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Framing {
    /// A `Content-Length` header was sent (any value: a bad one is another error).
    pub content_length: bool,
    /// A `Transfer-Encoding` header was sent.
    pub transfer_encoding: bool,
}

/// Whether `host` refuses the request with 411 before the application runs: HTTP.sys requires
/// a length or chunked encoding on `POST` and `PUT`, whatever the path.
pub fn length_required(host: Host, method: &str, framing: Framing) -> bool {
    host == Host::Iis
        && matches!(method, "POST" | "PUT")
        && !framing.content_length
        && !framing.transfer_encoding
}

/// HTTP.sys's 411 status line reason phrase.
pub const LENGTH_REQUIRED_REASON: &str = "Length Required";

/// HTTP.sys's Content-Type for its own error pages.
pub const HTTP_SYS_CONTENT_TYPE: &str = "text/html; charset=us-ascii";

/// The `Server` header HTTP.sys sends with its own error pages (Windows Server 2008 R2 and
/// later; absent when the `DisableServerHeader` registry value is set).
pub const HTTP_SYS_SERVER: &str = "Microsoft-HTTPAPI/2.0";

/// HTTP.sys's error page: one template (CRLF line breaks) in which only the title, the heading
/// and the message vary.
macro_rules! http_sys_page {
    ($title:literal, $heading:literal, $message:literal) => {
        concat!(
            "<!DOCTYPE HTML PUBLIC \"-//W3C//DTD HTML 4.01//EN\"",
            "\"http://www.w3.org/TR/html4/strict.dtd\">\r\n",
            "<HTML><HEAD><TITLE>",
            $title,
            "</TITLE>\r\n",
            "<META HTTP-EQUIV=\"Content-Type\" Content=\"text/html; charset=us-ascii\"></HEAD>\r\n",
            "<BODY><h2>",
            $heading,
            "</h2>\r\n<hr><p>",
            $message,
            "</p>\r\n</BODY></HTML>\r\n"
        )
    };
}

/// HTTP.sys's 411 page, byte for byte (344 bytes).
pub const LENGTH_REQUIRED_BODY: &str = http_sys_page!(
    "Length Required",
    "Length Required",
    "HTTP Error 411. The request must be chunked or have a content length."
);

/// Whether HTTP.sys answers the request itself with its 400 [`BAD_HOSTNAME_BODY`] page: an
/// HTTP/1.1 request without a `Host` header, or any request with more than one (RFC 9112
/// section 3.2; HTTP/1.0 may omit it). Any HTTP/1.1 server must refuse these, so unlike the 411 the
/// mock applies it whatever the [`Host`] setting.
pub(crate) fn host_header_invalid(http_1_1: bool, host_headers: usize) -> bool {
    match host_headers {
        0 => http_1_1,
        1 => false,
        _ => true,
    }
}

/// HTTP.sys's 400 page for a missing or invalid host, from the same template as the 411 page.
pub(crate) const BAD_HOSTNAME_BODY: &str = http_sys_page!(
    "Bad Request",
    "Bad Request - Invalid Hostname",
    "HTTP Error 400. The request hostname is invalid."
);

#[cfg(test)]
mod tests {
    use super::*;

    const NONE: Framing = Framing {
        content_length: false,
        transfer_encoding: false,
    };

    #[test]
    fn http_sys_wants_a_length_on_post_and_put() {
        // Source: HTTP.sys behaviour on IIS ("HTTP Error 411. The request must be chunked or
        // have a content length." for POST/PUT without either header).
        let length = Framing {
            content_length: true,
            ..NONE
        };
        let chunked = Framing {
            transfer_encoding: true,
            ..NONE
        };
        let rows = [
            (Host::Iis, "POST", NONE, true),
            (Host::Iis, "PUT", NONE, true),
            (Host::Iis, "POST", length, false),
            (Host::Iis, "POST", chunked, false),
            (Host::Iis, "GET", NONE, false),
            (Host::Iis, "DELETE", NONE, false),
            (Host::SelfHost, "POST", NONE, false),
        ];
        for (host, method, framing, expected) in rows {
            assert_eq!(
                length_required(host, method, framing),
                expected,
                "{host:?} {method} {framing:?}"
            );
        }
    }

    #[test]
    fn the_page_is_http_sys_s() {
        // Same template as HTTP.sys's 400 (311 bytes) and 404 (315 bytes) pages.
        assert_eq!(LENGTH_REQUIRED_BODY.len(), 344);
        assert_eq!(
            LENGTH_REQUIRED_BODY,
            "<!DOCTYPE HTML PUBLIC \"-//W3C//DTD HTML 4.01//EN\"\"http://www.w3.org/TR/html4/strict.dtd\">\r\n<HTML><HEAD><TITLE>Length Required</TITLE>\r\n<META HTTP-EQUIV=\"Content-Type\" Content=\"text/html; charset=us-ascii\"></HEAD>\r\n<BODY><h2>Length Required</h2>\r\n<hr><p>HTTP Error 411. The request must be chunked or have a content length.</p>\r\n</BODY></HTML>\r\n"
        );
        // The length HTTP.sys sends with its "Invalid Hostname" page.
        assert_eq!(BAD_HOSTNAME_BODY.len(), 334);
        assert!(BAD_HOSTNAME_BODY.contains(
            "<BODY><h2>Bad Request - Invalid Hostname</h2>\r\n\
             <hr><p>HTTP Error 400. The request hostname is invalid.</p>\r\n</BODY></HTML>\r\n"
        ));
    }

    #[test]
    fn http_1_1_needs_exactly_one_host() {
        assert!(host_header_invalid(true, 0));
        assert!(!host_header_invalid(false, 0));
        assert!(!host_header_invalid(true, 1));
        assert!(host_header_invalid(true, 2));
        assert!(host_header_invalid(false, 2));
    }
}
