//! The server to talk to: scheme, host, port and base path parsed from a `--target` URL.

use std::fmt;

/// Why a `--target` URL cannot be used.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum TargetError {
    /// Not `http://` or `https://`.
    #[error("--target: expected a URL starting with http:// or https://, found `{found}`")]
    Scheme {
        /// The URL given.
        found: String,
    },
    /// No host after the scheme.
    #[error("--target: expected a host after the scheme, found `{found}`")]
    Host {
        /// The URL given.
        found: String,
    },
    /// A port that is not a number in 1–65535.
    #[error("--target: expected a port number 1-65535, found `{found}`")]
    Port {
        /// The port text.
        found: String,
    },
    /// Not a URL at all (a space, a stray character).
    #[error("--target: expected an http:// or https:// URL, found `{found}` ({reason})")]
    Invalid {
        /// The URL given.
        found: String,
        /// What the URL parser refused.
        reason: String,
    },
    /// Query strings, fragments and credentials have no meaning for a base URL.
    #[error("--target: expected a base URL without {what}, found `{found}`")]
    Extra {
        /// What was found (`a query string`, `user info`, …).
        what: &'static str,
        /// The URL given.
        found: String,
    },
}

/// HTTP or HTTPS.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scheme {
    /// Plain HTTP.
    Http,
    /// HTTP over TLS (rustls, webpki roots).
    Https,
}

impl Scheme {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Scheme::Http => "http",
            Scheme::Https => "https",
        }
    }

    pub(crate) fn default_port(self) -> u16 {
        match self {
            Scheme::Http => 80,
            Scheme::Https => 443,
        }
    }
}

/// A parsed target: requests go to `{scheme}://{host}:{port}{base_path}{path}`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Target {
    /// The scheme.
    pub scheme: Scheme,
    /// Host name or IP literal (IPv6 without brackets).
    pub host: String,
    /// Port (the scheme's default when the URL names none).
    pub port: u16,
    /// Application path without a trailing slash (`""` or `/lcmanager`).
    pub base_path: String,
}

impl Target {
    /// Parse `http[s]://host[:port][/base/path]` with `http::Uri`, refusing what a base URL
    /// cannot hold (a query, a fragment, credentials) with a message naming it.
    ///
    /// ```
    /// use favorite_contract::Target;
    /// let t = Target::parse("https://api.example:8443/lcmanager/").unwrap();
    /// assert_eq!(t.to_string(), "https://api.example:8443/lcmanager");
    /// assert_eq!(t.url("/api/x"), "https://api.example:8443/lcmanager/api/x");
    /// ```
    pub fn parse(url: &str) -> Result<Target, TargetError> {
        let url = url.trim();
        let found = || url.to_owned();
        // `Uri` drops a fragment silently; a base URL with one is a mistake worth naming.
        if url.contains('#') {
            return Err(TargetError::Extra {
                what: "a fragment",
                found: found(),
            });
        }
        let uri: http::Uri =
            url.parse()
                .map_err(|e: http::uri::InvalidUri| TargetError::Invalid {
                    found: found(),
                    reason: e.to_string(),
                })?;
        let scheme = match uri.scheme_str() {
            Some("https") => Scheme::Https,
            Some("http") => Scheme::Http,
            _ => return Err(TargetError::Scheme { found: found() }),
        };
        if uri.query().is_some() {
            return Err(TargetError::Extra {
                what: "a query string",
                found: found(),
            });
        }
        let authority = uri.authority().map_or("", |a| a.as_str());
        if authority.contains('@') {
            return Err(TargetError::Extra {
                what: "user info (pass credentials with --bearer or --header)",
                found: found(),
            });
        }
        let host = uri.host().unwrap_or("");
        if host.is_empty() {
            return Err(TargetError::Host { found: found() });
        }
        // `Uri` accepts any port text and reports none when it is not a u16; the text after
        // the host says what was written.
        let port = match authority
            .get(host.len()..)
            .and_then(|r| r.strip_prefix(':'))
        {
            None => scheme.default_port(),
            Some(text) => uri
                .port_u16()
                .filter(|&p| p != 0)
                .ok_or_else(|| TargetError::Port {
                    found: text.to_owned(),
                })?,
        };
        let host = host
            .trim_start_matches('[')
            .trim_end_matches(']')
            .to_owned();
        Ok(Target {
            scheme,
            host,
            port,
            base_path: uri.path().trim_end_matches('/').to_owned(),
        })
    }

    /// The origin and base path, as printed and as curl commands use it.
    pub fn base_url(&self) -> String {
        self.to_string()
    }

    /// The full URL of a path (which starts with `/`).
    pub fn url(&self, path: &str) -> String {
        format!("{self}{path}")
    }

    /// `host:port` for a TCP connection (IPv6 literals bracketed).
    pub fn authority(&self) -> String {
        if self.host.contains(':') {
            format!("[{}]:{}", self.host, self.port)
        } else {
            format!("{}:{}", self.host, self.port)
        }
    }

    /// The same server without the base path (where a mock's admin resources live).
    pub fn root(&self) -> Target {
        Target {
            base_path: String::new(),
            ..self.clone()
        }
    }
}

impl fmt::Display for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}://{}{}",
            self.scheme.as_str(),
            self.authority(),
            self.base_path
        )
    }
}
