//! Classifying the probe's answer: what this endpoint can answer passes (the cases judge it);
//! what shows the URL is something else is a setup error with the likely fix.

use crate::client::Target;
use crate::exchange::HttpResponse;
use crate::runner::probe::not_this_endpoint;

const ACTION: &str = "/api/client/ClientFavoriteDataInfo";

fn answer(status: u16, content_type: &str, body: &str) -> HttpResponse {
    HttpResponse {
        status,
        headers: vec![("Content-Type".to_owned(), content_type.to_owned())],
        body: bytes::Bytes::copy_from_slice(body.as_bytes()),
    }
}

fn classify(response: &HttpResponse) -> Option<(String, String)> {
    let target = Target::parse("http://api.example:8080/app").unwrap();
    not_this_endpoint(response, &target, ACTION)
}

#[test]
fn answers_this_endpoint_can_give_pass() {
    let json = "application/json; charset=utf-8";
    for response in [
        answer(200, json, r#"{"ErrorCode":2,"Message":"Клиент не найден"}"#),
        answer(200, json, "\u{feff}{\"errorcode\":0}"),
        answer(
            200,
            "application/xml; charset=utf-8",
            r#"<?xml version="1.0"?><ClientFavoriteDataInfoResponse xmlns="http://schemas.datacontract.org/2004/07/X"><ErrorCode>0</ErrorCode></ClientFavoriteDataInfoResponse>"#,
        ),
        // Broken, but this endpoint's to explain: the cases judge these.
        answer(500, json, r#"{"Message":"An error has occurred."}"#),
        answer(400, json, r#"{"Message":"The request is invalid."}"#),
        answer(
            415,
            json,
            r#"{"Message":"The request entity's media type is not supported."}"#,
        ),
        // Credentials, whatever the body (IIS's own page).
        answer(
            401,
            "text/html",
            "<html><body>401 - Unauthorized</body></html>",
        ),
    ] {
        assert_eq!(classify(&response), None, "{response:?}");
    }
}

#[test]
fn answers_that_are_not_this_endpoint_name_the_fix() {
    let cases = [
        (
            answer(404, "text/html", "<html>Not Found</html>"),
            "404 Not Found (text/html)",
            "check the base path: put the application's path in --target (such as http://api.example:8080/lcmanager) or correct it",
        ),
        (
            answer(501, "text/html", "<html/>"),
            "501 Not Implemented (text/html)",
            "the server there does not handle POST at all (a static file server?): check the port in --target",
        ),
        (
            answer(
                502,
                "text/html",
                "<!DOCTYPE html><title>502 Bad Gateway</title>",
            ),
            "502 Bad Gateway with an HTML page",
            "the server, or a proxy in front of it, failed before this API could answer: check that the application is running, then the base path",
        ),
        (
            answer(200, "application/json", "[1,2,3]"),
            "200 OK with `[1,2,3]`",
            "expected this endpoint's JSON or XML answer with an ErrorCode: check the base path and the port in --target",
        ),
        (
            answer(204, "text/plain", ""),
            "204 No Content with an empty body",
            "expected this endpoint's JSON or XML answer with an ErrorCode: check the base path and the port in --target",
        ),
    ];
    for (response, found, fix) in cases {
        assert_eq!(
            classify(&response),
            Some((found.to_owned(), fix.to_owned())),
            "{response:?}"
        );
    }
    let mut redirect = answer(302, "text/html", "");
    redirect.headers.push((
        "Location".to_owned(),
        format!("https://api.example/app{ACTION}"),
    ));
    assert_eq!(
        classify(&redirect).map(|(_, fix)| fix),
        Some("pass --target https://api.example/app".to_owned())
    );
}
