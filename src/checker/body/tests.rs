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
    // The samples are indented for display (contracts/reference/wire.md#xml-writer): that is
    // their only difference from the wire form, and a warning.
    let profile = Profile::builtin("help-page").unwrap();
    for (format, layout) in [
        (WireFormat::Json, RuleId::JsonLayout),
        (WireFormat::Xml, RuleId::XmlLayout),
    ] {
        let check = check_response_text(format, &help_sample(format), &profile);
        let found: Vec<_> = check
            .findings
            .iter()
            .map(|f| {
                (
                    f.rule,
                    f.severity,
                    f.actual.starts_with("whitespace") || f.actual.starts_with('"'),
                )
            })
            .collect();
        assert_eq!(
            found,
            vec![(layout, Severity::Warning, true)],
            "{format:?}: {:?}",
            check.findings
        );
        let response = check.response.expect("typed response");
        assert_eq!(response.client_favorites.as_ref().map(Vec::len), Some(2));
    }
}

mod forms {
    use super::super::lexical::*;
    use crate::model::MOSCOW;
    use rust_decimal::Decimal;

    fn dec(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn xml_numbers() {
        assert_eq!(xml_int("-5", -10, 10), Form::Canonical(-5));
        assert!(matches!(xml_int(" 007 ", -10, 10), Form::Accepted(7, _)));
        assert!(matches!(xml_int("+7", -10, 10), Form::Accepted(7, _)));
        assert!(matches!(xml_int("-0", -10, 10), Form::Accepted(0, _)));
        assert!(matches!(xml_int("70000", -32768, 32767), Form::Rejected(_)));
        for bad in ["7.0", "1e2", "0x10", "", "-", "99999999999999999999999"] {
            assert!(
                matches!(xml_int(bad, i64::MIN, i64::MAX), Form::Rejected(_)),
                "{bad:?}"
            );
        }
        assert_eq!(xml_decimal("1.50"), Form::Canonical(dec("1.50")));
        assert_eq!(xml_decimal("1"), Form::Canonical(dec("1")));
        assert!(matches!(xml_decimal(".5"), Form::Accepted(v, _) if v == dec("0.5")));
        assert!(matches!(xml_decimal("+1.50"), Form::Accepted(v, _) if v.scale() == 2));
        for bad in ["1e2", "1,5", "1,000", "", ".", "abc"] {
            assert!(matches!(xml_decimal(bad), Form::Rejected(_)), "{bad:?}");
        }
        assert_eq!(xml_bool("true"), Form::Canonical(true));
        assert!(matches!(xml_bool("0"), Form::Misread(false, _)));
        assert!(matches!(xml_bool(" true "), Form::Misread(true, _)));
        assert!(matches!(xml_bool("True"), Form::Rejected(_)));
    }

    #[test]
    fn json_decimals() {
        assert_eq!(json_decimal("1.0"), Form::Canonical(dec("1.0")));
        assert!(matches!(json_decimal("1"), Form::Misread(_, _)));
        assert!(matches!(json_decimal("1E2"), Form::Misread(v, _) if v == dec("100")));
        assert!(matches!(json_decimal("1e400"), Form::Rejected(_)));
        assert_eq!(json_int("-12"), Some(Ok(-12)));
        assert_eq!(json_int("1.0"), None);
        assert_eq!(
            json_int("9223372036854775808"),
            Some(Err(9_223_372_036_854_775_808))
        );
    }

    #[test]
    fn dates_by_reader() {
        let canonical = date("2026-05-07T11:27:39.5049468+03:00", Reader::Json, MOSCOW);
        assert!(
            matches!(canonical, Form::Canonical(v) if v.to_wire() == "2026-05-07T11:27:39.5049468+03:00")
        );
        // The same instant for every reader: a warning.
        for accepted in ["2026-05-07T11:27:39.50", "2026-05-07T11:27:39.123456789"] {
            assert!(
                matches!(date(accepted, Reader::Xml, MOSCOW), Form::Accepted(..)),
                "{accepted}"
            );
        }
        for accepted in ["2026-05-07T11:27", "2026-05-07T11:27+03:00"] {
            assert!(
                matches!(date(accepted, Reader::Json, MOSCOW), Form::Accepted(..)),
                "{accepted}"
            );
        }
        // Read by .NET, but JavaScript engines read another instant or none: a violation.
        for misread in ["2026-05-07T11:27:39z", "2026-05-07"] {
            assert!(
                matches!(date(misread, Reader::Xml, MOSCOW), Form::Misread(..)),
                "{misread}"
            );
        }
        for misread in [
            "2026-05-07 11:27:39",
            "05/07/2026",
            "2026-05-07T11:27:39+0300",
        ] {
            assert!(
                matches!(date(misread, Reader::Json, MOSCOW), Form::Misread(..)),
                "{misread}"
            );
        }
        assert!(matches!(
            date("2026-05-07 11:27:39", Reader::Xml, MOSCOW),
            Form::Rejected(_)
        ));
        assert!(matches!(
            date("2026-02-30T00:00:00", Reader::Json, MOSCOW),
            Form::Rejected(_)
        ));
    }
}

mod never_panics {
    use super::*;
    use proptest::prelude::*;

    fn all_checks(bytes: &[u8]) {
        let profile = Profile::default();
        let any = ExpectedMessage::Any;
        for format in [WireFormat::Json, WireFormat::Xml] {
            let _ = check_response_bytes(
                format,
                Some("application/json; charset=utf-8"),
                bytes,
                &profile,
            );
            let _ = check_response_bytes(format, Some("text/xml; charset=utf-16"), bytes, &profile);
            let text = String::from_utf8_lossy(bytes);
            let _ = check_error_body(format, &text, &any, &profile);
        }
        let _ = crate::checker::check_stack_trace(bytes);
    }

    proptest! {
        #[test]
        fn on_arbitrary_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
            all_checks(&bytes);
        }

        #[test]
        fn on_mutated_samples(
            xml in any::<bool>(),
            edits in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..8),
        ) {
            let format = if xml { WireFormat::Xml } else { WireFormat::Json };
            let mut bytes = help_sample(format).into_bytes();
            for (at, byte) in edits {
                let i = at.index(bytes.len());
                bytes[i] = byte;
            }
            all_checks(&bytes);
            if let Ok(text) = std::str::from_utf8(&bytes) {
                let check = check_response_text(format, text, &Profile::default());
                if let Some(response) = check.response {
                    let _ = crate::checker::check_invariants(None, &response, &Profile::default());
                }
            }
        }
    }
}
