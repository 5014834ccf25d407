//! The server under test: scheme, host, port and base path parsed from `--target`.

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
    fn as_str(self) -> &'static str {
        match self {
            Scheme::Http => "http",
            Scheme::Https => "https",
        }
    }

    fn default_port(self) -> u16 {
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
    /// Parse `http[s]://host[:port][/base/path]`.
    ///
    /// ```
    /// use favorite_contract::checker::run::Target;
    /// let t = Target::parse("https://api.example:8443/lcmanager/").unwrap();
    /// assert_eq!(t.to_string(), "https://api.example:8443/lcmanager");
    /// assert_eq!(t.url("/api/x"), "https://api.example:8443/lcmanager/api/x");
    /// ```
    pub fn parse(url: &str) -> Result<Target, TargetError> {
        let url = url.trim();
        let (scheme, rest) = if let Some(rest) = strip_prefix_ci(url, "https://") {
            (Scheme::Https, rest)
        } else if let Some(rest) = strip_prefix_ci(url, "http://") {
            (Scheme::Http, rest)
        } else {
            return Err(TargetError::Scheme {
                found: url.to_owned(),
            });
        };
        for (c, what) in [('?', "a query string"), ('#', "a fragment")] {
            if rest.contains(c) {
                return Err(TargetError::Extra {
                    what,
                    found: url.to_owned(),
                });
            }
        }
        let (authority, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
        if authority.contains('@') {
            return Err(TargetError::Extra {
                what: "user info (pass credentials with --bearer or --header)",
                found: url.to_owned(),
            });
        }
        let (host, port) = split_host_port(authority, url)?;
        let base_path = path.trim_end_matches('/').to_owned();
        Ok(Target {
            port: port.unwrap_or_else(|| scheme.default_port()),
            scheme,
            host,
            base_path,
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

fn strip_prefix_ci<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    let head = text.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &text[prefix.len()..])
}

fn split_host_port(authority: &str, url: &str) -> Result<(String, Option<u16>), TargetError> {
    let no_host = || TargetError::Host {
        found: url.to_owned(),
    };
    let (host, port) = if let Some(rest) = authority.strip_prefix('[') {
        let (host, after) = rest.split_once(']').ok_or_else(no_host)?;
        let port = match after {
            "" => None,
            p => Some(p.strip_prefix(':').ok_or_else(no_host)?),
        };
        (host, port)
    } else {
        match authority.rsplit_once(':') {
            Some((host, port)) => (host, Some(port)),
            None => (authority, None),
        }
    };
    if host.is_empty() {
        return Err(no_host());
    }
    let port = port
        .map(|p| {
            p.parse::<u16>()
                .ok()
                .filter(|&p| p != 0)
                .ok_or_else(|| TargetError::Port {
                    found: p.to_owned(),
                })
        })
        .transpose()?;
    Ok((host.to_owned(), port))
}
