//! Unit tests of the Json.NET codec. Each cites the section of `contracts/reference/wire.md` it checks in a
//! `/// Source:` line; human-facing messages are pinned with inline snapshots.
#![allow(clippy::unwrap_used, reason = "tests fail loudly by design")]

mod lazy;
mod leftovers;
mod lexer;
mod number;
mod props;
mod read_errors;
mod read_rules;
mod write;

use super::*;
use crate::codec::{BindOptions, JsonNet, Read};
use crate::contract::{HELP_PAGE, contract};
use crate::model::{FromObject, Request};

/// Options for one Json.NET generation (server at +03:00, MaxDepth 256).
pub(super) fn options(json_net: JsonNet) -> BindOptions {
    BindOptions {
        json_net,
        ..BindOptions::default()
    }
}

/// Read a request body with Json.NET 13.
pub(super) fn request(text: &str) -> Read {
    read(text, contract().request(), &options(JsonNet::V13))
}

/// Read a request body with Json.NET 6.
pub(super) fn request_v6(text: &str) -> Read {
    read(text, contract().request(), &options(JsonNet::V6))
}

/// Read a response body (rows, decimals, booleans) with Json.NET 13.
pub(super) fn response(text: &str) -> Read {
    read(text, contract().response(), &options(JsonNet::V13))
}

/// The bound request, typed.
pub(super) fn typed(read: &Read) -> Request {
    Request::from_object(read.object.clone().expect("the request binds")).expect("fits the model")
}

/// The object as compact JSON (or `null`), then one line per diagnostic.
pub(super) fn render(read: &Read) -> String {
    let mut out = match &read.object {
        Some(o) => {
            let mut buf = Vec::new();
            write(o, &mut buf);
            String::from_utf8(buf).unwrap()
        }
        None => "null".to_owned(),
    };
    for d in &read.diagnostics {
        out.push('\n');
        out.push_str(&d.to_string());
    }
    out
}

/// Just the ModelState entries, `key: message`, one per line.
pub(super) fn model_state(read: &Read) -> String {
    read.diagnostics
        .iter()
        .filter_map(|d| d.model_state.as_ref())
        .map(|m| format!("{}: {}", m.key, m.message))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The JSON sample of a help-page section (`Request Formats` or `Response Formats`).
pub(super) fn help_json(section: &str) -> &'static str {
    let from = HELP_PAGE.find(section).expect("section");
    let marker = "application/json, text/json\n\nSample:\n";
    let start = from + HELP_PAGE[from..].find(marker).expect("json sample") + marker.len();
    let len = HELP_PAGE[start..]
        .find("\n\napplication/xml")
        .expect("xml follows");
    &HELP_PAGE[start..start + len]
}
