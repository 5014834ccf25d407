use super::*;
use crate::contract::HELP_PAGE;

/// The help page's response sample in a format (the second `Sample:` of that format).
fn help_sample(format: WireFormat) -> String {
    let response = &HELP_PAGE[HELP_PAGE.find("Response Formats").unwrap()..];
    let (start, end) = match format {
        WireFormat::Json => (
            "application/json, text/json\n\nSample:\n",
            "\n\napplication/xml",
        ),
        WireFormat::Xml => ("application/xml, text/xml\n\nSample:\n", "\u{0}"),
    };
    let from = response.find(start).unwrap() + start.len();
    let rest = &response[from..];
    rest[..rest.find(end).unwrap_or(rest.len())]
        .trim()
        .to_owned()
}

#[test]
fn help_samples_pass_under_help_page_profile() {
    let profile = Profile::builtin("help-page").unwrap();
    for format in [WireFormat::Json, WireFormat::Xml] {
        let check = check_response_text(format, &help_sample(format), &profile);
        assert_eq!(check.findings, vec![], "{format:?}");
        let response = check.response.expect("typed response");
        assert_eq!(response.client_favorites.as_ref().map(Vec::len), Some(2));
    }
}
