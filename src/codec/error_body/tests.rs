use super::*;

fn text(error: &HttpError, format: WireFormat) -> String {
    let mut out = Vec::new();
    error.encode(format, &mut out);
    String::from_utf8(out).unwrap()
}

#[test]
fn production_bodies_in_json_and_xml() {
    // Source: contracts/reference/wire.md#error-bodies; contracts/reference/production.md#status-codes.
    let cases = [
        (
            HttpError::unauthorized(),
            r#"{"Message":"Authorization has been denied for this request."}"#,
            "<Error><Message>Authorization has been denied for this request.</Message></Error>",
        ),
        (
            HttpError::not_found("http://host/api/client/Nope"),
            r#"{"Message":"No HTTP resource was found that matches the request URI 'http://host/api/client/Nope'."}"#,
            "<Error><Message>No HTTP resource was found that matches the request URI 'http://host/api/client/Nope'.</Message></Error>",
        ),
        (
            HttpError::method_not_allowed("GET"),
            r#"{"Message":"The requested resource does not support http method 'GET'."}"#,
            "<Error><Message>The requested resource does not support http method 'GET'.</Message></Error>",
        ),
        (
            HttpError::internal_error(),
            r#"{"Message":"An error has occurred."}"#,
            "<Error><Message>An error has occurred.</Message></Error>",
        ),
        (
            HttpError::payload_too_large(),
            r#"{"Message":"Maximum request length exceeded."}"#,
            "<Error><Message>Maximum request length exceeded.</Message></Error>",
        ),
        (
            HttpError::unsupported_media_type(&UnsupportedMediaType {
                media_type: Some("text/plain".into()),
            }),
            r#"{"Message":"The request entity's media type 'text/plain' is not supported for this resource."}"#,
            "<Error><Message>The request entity's media type 'text/plain' is not supported for this resource.</Message></Error>",
        ),
    ];
    for (error, json, xml) in cases {
        assert_eq!(text(&error, WireFormat::Json), json);
        assert_eq!(text(&error, WireFormat::Xml), xml);
    }
}

#[test]
fn detail_keys_in_dotnet_order() {
    // Source: contracts/reference/wire.md#error-detail, the verified HttpErrorTest string (`<StackTrace />` for null).
    let error = HttpError::internal_error().with_exception(ExceptionDetail {
        message: "error".into(),
        type_name: "System.ArgumentException".into(),
        stack_trace: None,
    });
    insta::assert_snapshot!(text(&error, WireFormat::Xml), @"<Error><Message>An error has occurred.</Message><ExceptionMessage>error</ExceptionMessage><ExceptionType>System.ArgumentException</ExceptionType><StackTrace /></Error>");
    insta::assert_snapshot!(text(&error, WireFormat::Json), @r#"{"Message":"An error has occurred.","ExceptionMessage":"error","ExceptionType":"System.ArgumentException","StackTrace":null}"#);

    let not_found = HttpError::not_found("http://host/api/x")
        .with_message_detail("No type was found that matches the controller named 'x'.");
    insta::assert_snapshot!(text(&not_found, WireFormat::Json), @r#"{"Message":"No HTTP resource was found that matches the request URI 'http://host/api/x'.","MessageDetail":"No type was found that matches the controller named 'x'."}"#);
}

#[test]
fn escaping() {
    // Json.NET: `"` `\` and controls escaped, `<>'` and Cyrillic raw. XML: `&<>`, CRLF newlines.
    let error = HttpError::new("a\"b\\c\n\r\t\u{1}\u{1f}<>'&Привет\u{2028}").with_exception(
        ExceptionDetail {
            message: "x < y & z".into(),
            type_name: "T".into(),
            stack_trace: Some("   at A()\n   at B()\r\n".into()),
        },
    );
    insta::assert_snapshot!(text(&error, WireFormat::Json), @r#"{"Message":"a\"b\\c\n\r\t\u0001\u001f<>'&Привет\u2028","ExceptionMessage":"x < y & z","ExceptionType":"T","StackTrace":"   at A()\n   at B()\r\n"}"#);
    let xml = text(&error, WireFormat::Xml);
    assert_eq!(
        xml,
        "<Error><Message>a\"b\\c\r\n\r\n\t&#x1;&#x1F;&lt;&gt;'&amp;Привет\u{2028}</Message>\
         <ExceptionMessage>x &lt; y &amp; z</ExceptionMessage><ExceptionType>T</ExceptionType>\
         <StackTrace>   at A()\r\n   at B()\r\n</StackTrace></Error>"
    );
}
