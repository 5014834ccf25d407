//! Hostile request bodies of a given size, one per way a reader could spend more than linear
//! time or memory on its input: repeated members, unknown members, lenient syntax, deep
//! nesting, long names and values, escapes, many lines. Shared by the `hostile` bench (bind
//! time per body, mock memory after many of them) and the attack tests.
#![allow(dead_code, reason = "each user takes part of this module")]

/// One body with the Content-Type it is sent with.
pub(crate) struct HostileBody {
    /// Short stable name (`json-duplicate-client`).
    pub(crate) name: &'static str,
    /// `application/json`, `application/xml`, `application/x-www-form-urlencoded`.
    pub(crate) content_type: &'static str,
    /// The body, at most the size asked for.
    pub(crate) body: Vec<u8>,
}

/// The request's root start tag and its end tag.
const XML_ROOT: &str = r#"<ClientFavoriteDataInfoRequest xmlns="http://schemas.datacontract.org/2004/07/LCManagerPartner.Implementation.Request">"#;
const XML_END: &str = "</ClientFavoriteDataInfoRequest>";
/// The root's start tag up to its attributes, and the rest of an empty root after them.
const ROOT_OPEN: &str = "<ClientFavoriteDataInfoRequest";
const ROOT_CLOSE_EMPTY: &str =
    r#" xmlns="http://schemas.datacontract.org/2004/07/LCManagerPartner.Implementation.Request"/>"#;
const JSON: &str = "application/json";
const XML: &str = "application/xml";
const FORM: &str = "application/x-www-form-urlencoded";

/// `head`, then `unit` as many times as fits in `size` with `tail`, then `tail`.
fn repeat(head: &str, unit: &str, sep: &str, tail: &str, size: usize) -> Vec<u8> {
    let mut out = String::with_capacity(size);
    out.push_str(head);
    let mut first = true;
    while out.len() + sep.len() + unit.len() + tail.len() <= size {
        if !first {
            out.push_str(sep);
        }
        first = false;
        out.push_str(unit);
    }
    out.push_str(tail);
    out.into_bytes()
}

/// A long run of one character.
fn run(c: char, size: usize) -> String {
    std::iter::repeat_n(c, size).collect()
}

fn json(name: &'static str, body: Vec<u8>) -> HostileBody {
    HostileBody {
        name,
        content_type: JSON,
        body,
    }
}

fn xml(name: &'static str, body: Vec<u8>) -> HostileBody {
    HostileBody {
        name,
        content_type: XML,
        body,
    }
}

fn form(name: &'static str, body: Vec<u8>) -> HostileBody {
    HostileBody {
        name,
        content_type: FORM,
        body,
    }
}

/// Every hostile body, each at most `size` bytes.
pub(crate) fn all(size: usize) -> Vec<HostileBody> {
    let mut out = json_bodies(size);
    out.extend(xml_bodies(size));
    out.extend(form_bodies(size));
    out
}

/// JSON bodies.
pub(crate) fn json_bodies(size: usize) -> Vec<HostileBody> {
    let deep = size.min(100_000) / 2;
    vec![
        // Each repeat is a duplicate and a failed conversion (two diagnostics).
        json(
            "json-duplicate-client",
            repeat("{", r#""Client":"x""#, ",", "}", size),
        ),
        json(
            "json-duplicate-valid",
            repeat("{", r#""Client":1"#, ",", "}", size),
        ),
        json(
            "json-duplicate-lines",
            repeat("{", r#""Client":"x""#, ",\n", "}", size),
        ),
        json(
            "json-duplicate-cyrillic",
            repeat("{", r#""Client":"ж""#, ",", "}", size),
        ),
        json(
            "json-unknown-members",
            repeat("{", r#""Z":0"#, ",", "}", size),
        ),
        json(
            "json-case-mismatch",
            repeat("{", r#""client":1"#, ",", "}", size),
        ),
        json(
            "json-converted-strings",
            repeat("{", r#""Client":"7""#, ",", "}", size),
        ),
        json(
            "json-duplicate-dates",
            repeat(
                "{",
                r#""BegDate":"2026-05-07T00:00:00+05:00""#,
                ",",
                "}",
                size,
            ),
        ),
        json(
            "json-single-quotes",
            repeat("{", "'Client':'1'", ",", "}", size),
        ),
        json(
            "json-comments",
            repeat("{", "/**/", "", r#""Client":1}"#, size),
        ),
        json(
            "json-empty-values",
            repeat(r#"{"Client":1"#, ",", "", "}", size),
        ),
        json(
            "json-float-in-int",
            repeat("{", r#""Start":1.5"#, ",", "}", size),
        ),
        json(
            "json-leading-spaces",
            format!(
                "{}{}",
                run(' ', size / 2),
                String::from_utf8_lossy(&repeat("{", r#""Client":"x""#, ",", "}", size / 2))
            )
            .into_bytes(),
        ),
        json(
            "json-long-name",
            format!(r#"{{"{}":0}}"#, run('Z', size - 8)).into_bytes(),
        ),
        json(
            "json-long-string",
            format!(r#"{{"Token":"{}"}}"#, run('a', size - 14)).into_bytes(),
        ),
        json(
            "json-escapes",
            repeat(r#"{"Token":""#, r"\u0041", "", r#""}"#, size),
        ),
        json(
            "json-long-number",
            format!(r#"{{"Client":{}}}"#, run('1', size - 12)).into_bytes(),
        ),
        json(
            "json-deep-unknown",
            format!(r#"{{"Z":{}{}}}"#, run('[', deep), run(']', deep)).into_bytes(),
        ),
        json("json-deep-root", run('[', size).into_bytes()),
        json(
            "json-metadata",
            repeat("{", r#""$type":"x""#, ",", r#","Client":1}"#, size),
        ),
    ]
}

/// XML bodies.
pub(crate) fn xml_bodies(size: usize) -> Vec<HostileBody> {
    let nested = |size: usize| {
        let unit = format!("{}{}", "<Z>".repeat(200), "</Z>".repeat(200));
        repeat(XML_ROOT, &unit, "", XML_END, size)
    };
    vec![
        xml(
            "xml-unknown-elements",
            repeat(XML_ROOT, "<Z/>", "", XML_END, size),
        ),
        xml(
            "xml-unknown-lines",
            repeat(XML_ROOT, "<Z/>", "\n", XML_END, size),
        ),
        xml(
            "xml-unknown-with-text",
            repeat(
                XML_ROOT,
                &format!("<Z>{}</Z>", run('t', 100)),
                "",
                XML_END,
                size,
            ),
        ),
        xml(
            "xml-duplicate-client",
            repeat(
                &format!("{XML_ROOT}<Client>1</Client>"),
                "<Client>1</Client>",
                "",
                XML_END,
                size,
            ),
        ),
        xml(
            "xml-out-of-order",
            repeat(
                &format!("{XML_ROOT}<Start>1</Start>"),
                "<Client>1</Client>",
                "",
                XML_END,
                size,
            ),
        ),
        xml(
            "xml-wrong-namespace",
            repeat(XML_ROOT, "<Operator>1</Operator>", "", XML_END, size),
        ),
        xml(
            "xml-wrong-case",
            repeat(XML_ROOT, "<client>1</client>", "", XML_END, size),
        ),
        xml(
            "xml-comments",
            repeat(XML_ROOT, "<!---->", "", XML_END, size),
        ),
        xml(
            "xml-processing-instructions",
            repeat(XML_ROOT, "<?p?>", "", XML_END, size),
        ),
        xml(
            "xml-cdata",
            repeat(XML_ROOT, "<![CDATA[ ]]>", "", XML_END, size),
        ),
        xml("xml-nested-unknown", nested(size)),
        xml(
            "xml-char-refs",
            repeat(
                &format!("{XML_ROOT}<Token>"),
                "&#65;",
                "",
                &format!("</Token>{XML_END}"),
                size,
            ),
        ),
        xml(
            "xml-entity-refs",
            repeat(
                &format!("{XML_ROOT}<Token>"),
                "&amp;",
                "",
                &format!("</Token>{XML_END}"),
                size,
            ),
        ),
        xml(
            "xml-long-text",
            format!("{XML_ROOT}<Token>{}</Token>{XML_END}", run('a', size - 200)).into_bytes(),
        ),
        xml(
            "xml-long-name",
            format!("{XML_ROOT}<{}/>{XML_END}", run('Z', size - 200)).into_bytes(),
        ),
        xml(
            "xml-many-attributes",
            repeat(ROOT_OPEN, r#" a="""#, "", ROOT_CLOSE_EMPTY, size),
        ),
        xml("xml-many-distinct-attributes", distinct_attributes(size)),
        xml(
            "xml-namespace-declarations",
            repeat(
                XML_ROOT,
                r#"<Z xmlns:p="urn:a" xmlns:q="urn:b" xmlns:r="urn:c"/>"#,
                "",
                XML_END,
                size,
            ),
        ),
        xml("xml-deep-root", repeat("", "<a>", "", "", size)),
    ]
}

/// The root start tag with `a0=""`, `a1=""`, … up to `size`.
fn distinct_attributes(size: usize) -> Vec<u8> {
    let mut s = String::from(ROOT_OPEN);
    let mut i = 0usize;
    while s.len() + 200 < size {
        s.push_str(&format!(r#" a{i}="""#));
        i += 1;
    }
    s.push_str(ROOT_CLOSE_EMPTY);
    s.into_bytes()
}

/// Form bodies.
pub(crate) fn form_bodies(size: usize) -> Vec<HostileBody> {
    // The first 999 pairs count (1,000 is .NET's key limit), so bodies spend their bytes on
    // long keys and values instead of many pairs.
    let per_pair = size / 1_000;
    vec![
        form(
            "form-duplicate-client",
            repeat("", "Client=x", "&", "", size),
        ),
        form(
            "form-duplicate-long",
            repeat("", &format!("Client={}", run('x', per_pair)), "&", "", size),
        ),
        form(
            "form-unknown-long",
            repeat("", &format!("{}=1", run('Z', per_pair)), "&", "", size),
        ),
        form(
            "form-plus-dates",
            repeat("", "BegDate=2026-05-01T00:00:00+03:00", "&", "", size),
        ),
        form(
            "form-escapes",
            format!("Token={}", "%41".repeat((size - 6) / 3)).into_bytes(),
        ),
        form(
            "form-bad-escapes",
            format!("Token={}", run('%', size - 6)).into_bytes(),
        ),
        form(
            "form-brackets",
            format!("a{}=1", "[b]".repeat((size - 4) / 3)).into_bytes(),
        ),
        form("form-ampersands", run('&', size).into_bytes()),
        form(
            "form-long-number",
            format!("Client={}", run('1', size - 7)).into_bytes(),
        ),
    ]
}
