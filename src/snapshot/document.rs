//! The text of a snapshot: for each exchange of a case, the request (`>` lines) and the response
//! (`<` lines: status, recorded headers, the raw body's length and SHA-256, then the body in a
//! readable form). The same text is what insta stores for our mock and what
//! `favorite-contract snapshot` writes for any target, and it parses back for `--check`.
//!
//! ```text
//! ## json → xml
//! > POST /api/client/ClientFavoriteDataInfo
//! > Content-Type: application/json
//! > Accept: application/xml
//! > Authorization: [target]
//! >
//! > {"Client":1006,"Operator":1}
//! < 200
//! < Content-Type: application/xml; charset=utf-8
//! < raw: 1234 bytes, sha256 9f86d081…
//! < body: xml
//! <ClientFavoriteDataInfoResponse xmlns="…">
//! …
//! ```

use super::json_doc;
use super::xml_doc::{self, Element};
use crate::wire::json::{self as json_tree, Node};

/// Response headers a snapshot records (besides the status and the body): the ones the contract
/// fixes. Others (Date, Server, diagnostics) vary between deployments.
pub const RECORDED_HEADERS: &[&str] = &["Content-Type", "Allow", "WWW-Authenticate"];

/// How the target's own credentials appear in a recorded request (never the secret itself).
pub const TARGET_AUTH_LINE: &str = "Authorization: [target]";

/// A response body in readable form.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum BodyDoc {
    /// No bytes.
    Empty,
    /// JSON, pretty-printed.
    Json(Node),
    /// XML, canonical.
    Xml(Element),
    /// Anything else, line by line.
    Text(String),
}

impl BodyDoc {
    fn kind(&self) -> &'static str {
        match self {
            BodyDoc::Empty => "empty",
            BodyDoc::Json(_) => "json",
            BodyDoc::Xml(_) => "xml",
            BodyDoc::Text(_) => "text",
        }
    }

    /// The body as stored (after the `< body:` line).
    pub(crate) fn render(&self) -> String {
        match self {
            BodyDoc::Empty => String::new(),
            BodyDoc::Json(node) => json_doc::pretty(node),
            BodyDoc::Xml(root) => xml_doc::pretty(root),
            BodyDoc::Text(text) => text
                .split('\n')
                .map(|line| {
                    if line.is_empty() {
                        "|".to_owned()
                    } else {
                        format!("| {}", escape_controls(line))
                    }
                })
                .collect::<Vec<_>>()
                .join("\n"),
        }
    }
}

/// How the raw bytes are pinned.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Raw {
    /// Length and SHA-256 (hex) of the bytes as received.
    Pinned { len: usize, sha256: String },
    /// Redactions changed the body, so its bytes cannot be pinned.
    Redacted { values: usize },
}

/// A recorded response.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct ResponseDoc {
    pub(crate) status: u16,
    /// [`RECORDED_HEADERS`] present in the response, in that order, names as listed there.
    pub(crate) headers: Vec<(String, String)>,
    pub(crate) raw: Raw,
    pub(crate) body: BodyDoc,
}

impl ResponseDoc {
    /// The first value of a recorded header.
    pub(crate) fn header(&self, name: &str) -> Option<&str> {
        crate::exchange::first_header(&self.headers, name)
    }
}

/// One exchange: its label, request lines and response.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct ExchangeDoc {
    pub(crate) label: String,
    /// The request, one entry per `>` line (without the `> ` prefix).
    pub(crate) request: Vec<String>,
    pub(crate) response: ResponseDoc,
}

/// Why a stored snapshot text cannot be read back.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: expected {expected}, found {found}")]
pub struct DocError {
    /// 1-based line of the body text.
    pub line: usize,
    /// What the format allows there.
    pub expected: String,
    /// What is there.
    pub found: String,
}

/// Control characters other than tab shown as `\u{…}` so a text line stays one line.
fn escape_controls(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_control() && c != '\t' {
                format!("\\u{{{:x}}}", u32::from(c))
            } else {
                c.to_string()
            }
        })
        .collect()
}

/// A request body on one line (control characters escaped).
pub(crate) fn request_body_line(body: &str) -> String {
    escape_controls(body)
}

/// Render the exchanges of a case.
pub(crate) fn render(exchanges: &[ExchangeDoc]) -> String {
    let mut out = String::new();
    let mut bodies: Vec<(&str, String, &Raw)> = Vec::new();
    for (i, exchange) in exchanges.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push_str(&format!("## {}\n", exchange.label));
        for line in &exchange.request {
            if line.is_empty() {
                out.push_str(">\n");
            } else {
                out.push_str(&format!("> {line}\n"));
            }
        }
        let response = &exchange.response;
        out.push_str(&format!("< {}\n", response.status));
        for (name, value) in &response.headers {
            out.push_str(&format!("< {name}: {value}\n"));
        }
        match &response.raw {
            Raw::Pinned { len, sha256 } => {
                out.push_str(&format!("< raw: {len} bytes, sha256 {sha256}\n"));
            }
            Raw::Redacted { values } => {
                out.push_str(&format!("< raw: [redacted: {values} values]\n"));
            }
        }
        let rendered = response.body.render();
        let same = bodies.iter().find(|(_, body, raw)| {
            *body == rendered && **raw == response.raw && response.body != BodyDoc::Empty
        });
        match same {
            Some((label, _, _)) => out.push_str(&format!("< body: same as {label}\n")),
            None => {
                out.push_str(&format!("< body: {}\n", response.body.kind()));
                if !rendered.is_empty() {
                    out.push_str(&rendered);
                    out.push('\n');
                }
            }
        }
        bodies.push((&exchange.label, rendered, &response.raw));
    }
    out
}

struct Lines<'a> {
    lines: Vec<&'a str>,
    pos: usize,
}

impl<'a> Lines<'a> {
    fn peek(&self) -> Option<&'a str> {
        self.lines.get(self.pos).copied()
    }

    fn error(&self, expected: &str) -> DocError {
        DocError {
            line: self.pos + 1,
            expected: expected.to_owned(),
            found: self
                .peek()
                .map_or_else(|| "end of text".to_owned(), |l| format!("`{l}`")),
        }
    }

    fn take(&mut self, prefix: &str, expected: &str) -> Result<&'a str, DocError> {
        match self.peek().and_then(|l| l.strip_prefix(prefix)) {
            Some(rest) => {
                self.pos += 1;
                Ok(rest)
            }
            None => Err(self.error(expected)),
        }
    }
}

/// Parse a stored snapshot text back into its exchanges (bodies of `same as` resolved).
pub(crate) fn parse(text: &str) -> Result<Vec<ExchangeDoc>, DocError> {
    let mut lines = Lines {
        lines: text.lines().collect(),
        pos: 0,
    };
    let mut out: Vec<ExchangeDoc> = Vec::new();
    loop {
        while lines.peek() == Some("") {
            lines.pos += 1;
        }
        if lines.peek().is_none() {
            return Ok(out);
        }
        let label = lines.take("## ", "`## <exchange>`")?.to_owned();
        let mut request = Vec::new();
        while let Some(line) = lines.peek() {
            match line {
                ">" => request.push(String::new()),
                _ => match line.strip_prefix("> ") {
                    Some(rest) => request.push(rest.to_owned()),
                    None => break,
                },
            }
            lines.pos += 1;
        }
        let status = lines.take("< ", "`< <status>`")?;
        let status: u16 = status.parse().map_err(|_| DocError {
            line: lines.pos,
            expected: "a status code".to_owned(),
            found: format!("`{status}`"),
        })?;
        let mut headers = Vec::new();
        let raw = loop {
            let line = lines.take("< ", "`< raw: …`")?;
            if let Some(rest) = line.strip_prefix("raw: ") {
                break parse_raw(rest).ok_or_else(|| DocError {
                    line: lines.pos,
                    expected: "`N bytes, sha256 HEX` or `[redacted: N values]`".to_owned(),
                    found: format!("`{rest}`"),
                })?;
            }
            match line.split_once(": ") {
                Some((name, value)) => headers.push((name.to_owned(), value.to_owned())),
                None => {
                    return Err(DocError {
                        line: lines.pos,
                        expected: "`< Name: value` or `< raw: …`".to_owned(),
                        found: format!("`< {line}`"),
                    });
                }
            }
        };
        let kind = lines.take("< body: ", "`< body: …`")?;
        let body_start = lines.pos;
        let mut body_lines = Vec::new();
        while let Some(line) = lines.peek().filter(|l| !l.is_empty()) {
            body_lines.push(line);
            lines.pos += 1;
        }
        let body = match kind.strip_prefix("same as ") {
            Some(other) => out
                .iter()
                .find(|e| e.label == other)
                .map(|e| e.response.body.clone())
                .ok_or_else(|| DocError {
                    line: body_start,
                    expected: "the label of an earlier exchange".to_owned(),
                    found: format!("`{other}`"),
                })?,
            None => parse_body(kind, &body_lines, body_start)?,
        };
        out.push(ExchangeDoc {
            label,
            request,
            response: ResponseDoc {
                status,
                headers,
                raw,
                body,
            },
        });
    }
}

fn parse_raw(text: &str) -> Option<Raw> {
    if let Some(values) = text
        .strip_prefix("[redacted: ")
        .and_then(|t| t.strip_suffix(" values]"))
    {
        return values.parse().ok().map(|values| Raw::Redacted { values });
    }
    let (len, sha) = text.split_once(" bytes, sha256 ")?;
    Some(Raw::Pinned {
        len: len.parse().ok()?,
        sha256: sha.to_owned(),
    })
}

fn parse_body(kind: &str, lines: &[&str], start: usize) -> Result<BodyDoc, DocError> {
    let fail = |expected: &str, found: String| DocError {
        line: start + 1,
        expected: expected.to_owned(),
        found,
    };
    let text = lines.join("\n");
    match kind {
        "empty" if lines.is_empty() => Ok(BodyDoc::Empty),
        "json" => json_tree::parse(&text)
            .map(BodyDoc::Json)
            .map_err(|e| fail("a JSON body", format!("{} at byte {}", e.found, e.offset))),
        "xml" => xml_doc::parse(&text).map(BodyDoc::Xml).map_err(|e| {
            fail(
                "an XML body",
                format!("{} at byte {} (expected {})", e.found, e.offset, e.expected),
            )
        }),
        "text" => {
            let mut out = Vec::with_capacity(lines.len());
            for line in lines {
                match (*line, line.strip_prefix("| ")) {
                    ("|", _) => out.push(String::new()),
                    (_, Some(rest)) => out.push(rest.to_owned()),
                    _ => return Err(fail("a text line starting with `| `", format!("`{line}`"))),
                }
            }
            Ok(BodyDoc::Text(out.join("\n")))
        }
        other => Err(fail(
            "`< body: json|xml|text|empty|same as <exchange>`",
            format!("`{other}`"),
        )),
    }
}
