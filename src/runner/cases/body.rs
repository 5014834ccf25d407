//! Writing request bodies through the codecs, as a client of each format would (the
//! member-level pieces the hostile generator rearranges are in [`crate::compose`]).

use super::EncodeStyle;
use crate::codec::{Format, form, json, xml};
use crate::compose::{json_members, json_object};
use crate::model::Request;

/// Write a request as a client of `format` would, through the project's codecs.
pub(crate) fn encode(request: &Request, format: Format, style: EncodeStyle) -> String {
    match format {
        Format::Json => {
            let mut out = Vec::new();
            json::write(request, &mut out);
            let text = String::from_utf8_lossy(&out).into_owned();
            match style {
                EncodeStyle::Canonical => text,
                EncodeStyle::LowerCaseNames => lower_case_json_names(request),
            }
        }
        Format::Xml => {
            let mut out = Vec::new();
            xml::write(request, &mut out);
            String::from_utf8_lossy(&out).into_owned()
        }
        Format::Form => {
            let text = form::encode_request(request);
            match style {
                EncodeStyle::Canonical => text,
                EncodeStyle::LowerCaseNames => lower_case_form_keys(&text),
            }
        }
    }
}

fn lower_case_json_names(request: &Request) -> String {
    let members: Vec<(String, String)> = json_members(request)
        .into_iter()
        .map(|(name, value)| (name.to_ascii_lowercase(), value))
        .collect();
    json_object(&members)
}

fn lower_case_form_keys(text: &str) -> String {
    text.split('&')
        .map(|pair| match pair.split_once('=') {
            Some((k, v)) => format!("{}={v}", k.to_ascii_lowercase()),
            None => pair.to_ascii_lowercase(),
        })
        .collect::<Vec<_>>()
        .join("&")
}
