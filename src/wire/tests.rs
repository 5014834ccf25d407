//! The body trees: what they keep that ordinary parsers hide.

mod json {
    use crate::wire::json::{Json, Node, parse};

    #[test]
    fn numbers_keep_their_text_and_duplicates_their_place() {
        let node = parse(r#" {"a":1.50,"a":1.0,"b":[-0,2e-3]} "#).unwrap();
        let Json::Object(members) = node.value else {
            panic!("object")
        };
        let texts: Vec<_> = members
            .iter()
            .map(|m| (m.key.as_str(), m.value.value.clone()))
            .collect();
        assert_eq!(texts[0], ("a", Json::Number("1.50".to_owned())));
        assert_eq!(texts[1], ("a", Json::Number("1.0".to_owned())));
        assert_eq!(
            texts[2].1,
            Json::Array(vec![
                Node {
                    value: Json::Number("-0".to_owned()),
                    offset: 24
                },
                Node {
                    value: Json::Number("2e-3".to_owned()),
                    offset: 27
                },
            ])
        );
    }

    #[test]
    fn strict_grammar() {
        for bad in [
            "{\"a\":1,}",
            "[01]",
            "{'a':1}",
            "\"\\ud800\"",
            "1.",
            "{\"a\":1} x",
            "\"a\nb\"",
            "NaN",
            "",
        ] {
            assert!(parse(bad).is_err(), "{bad:?}");
        }
        assert_eq!(
            parse("\"\\ud83d\\ude00\\u00e9\"").unwrap().value,
            Json::String("😀é".to_owned())
        );
        let deep = "[".repeat(300) + &"]".repeat(300);
        assert_eq!(
            parse(&deep).unwrap_err().expected,
            "nesting within the depth limit of 256"
        );
    }
}

mod xml {
    use crate::wire::xml::{Dialect, Nil, parse};

    const XSI: &str = "xmlns:i=\"http://www.w3.org/2001/XMLSchema-instance\"";

    #[test]
    fn the_dialects_differ_only_on_dtds() {
        let dtd = "<!DOCTYPE a><a/>";
        assert_eq!(
            parse(dtd, Dialect::Client).unwrap_err().found,
            "a <!DOCTYPE> declaration"
        );
        assert_eq!(parse(dtd, Dialect::Canonical).unwrap().local, "a");
        // Attribute values are normalised for both: an undeclared entity is an error, and a
        // character reference spells the same value .NET reads.
        for dialect in [Dialect::Client, Dialect::Canonical] {
            let attr = format!("<a {XSI} b=\"&x;\"/>");
            assert_eq!(
                parse(&attr, dialect).unwrap_err().expected,
                "an attribute value with predefined entities only"
            );
            let nil = format!("<a {XSI} i:nil=\"tru&#101;\"/>");
            assert_eq!(parse(&nil, dialect).unwrap().nil(), Nil::True);
        }
    }

    #[test]
    fn nil_text_and_children() {
        let text = format!(
            "<a {XSI} xmlns:x=\"urn:x\" x:nil=\"true\">one<b i:nil=\"0\"/>tw&amp;o<c/></a>"
        );
        let root = parse(&text, Dialect::Client).unwrap();
        assert_eq!(root.nil(), Nil::Absent);
        assert!(root.stray_nil());
        assert_eq!(root.text(), "onetw&o");
        let names: Vec<_> = root.elements().map(|e| e.local.as_str()).collect();
        assert_eq!(names, ["b", "c"]);
        assert_eq!(root.elements().next().unwrap().nil(), Nil::False);
        assert!(!root.is_leaf());
    }

    #[test]
    fn not_well_formed() {
        for (text, expected) in [
            ("<a><b></a>", "well-formed XML"),
            ("<a/><b/>", "a single root element"),
            ("<a/>x", "only whitespace outside the root element"),
            ("<x:a/>", "a declared namespace prefix"),
            (
                "<a>&nope;</a>",
                "a predefined entity (&amp; &lt; &gt; &quot; &apos;) or a character reference",
            ),
            ("<a>", "every element closed"),
            ("", "a root element"),
        ] {
            for dialect in [Dialect::Client, Dialect::Canonical] {
                let e = parse(text, dialect).unwrap_err();
                assert_eq!(e.expected, expected, "{text:?}");
            }
        }
        let deep = "<a>".repeat(257) + &"</a>".repeat(257);
        assert_eq!(
            parse(&deep, Dialect::Canonical).unwrap_err().expected,
            "nesting within the depth limit of 256"
        );
    }
}
