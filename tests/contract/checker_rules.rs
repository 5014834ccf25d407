//! The checker's rules against hand-written bodies: the help page's samples and a
//! production-like answer pass; each rule family catches its hand-broken variant.
//! Source: contracts/reference/domain.md#invariants; contracts/reference/wire.md#xml to contracts/reference/wire.md#error-bodies, contracts/reference/wire.md#checker-policy.

use favorite_contract::HELP_PAGE;
use favorite_contract::codec::{Format, WireFormat};
use favorite_contract::rules::{
    Observation, check_allow, check_challenge, check_content_type, check_cors,
    check_cross_operator, check_error_body, check_invariants, check_no_2xx_data,
    check_response_text, check_stack_trace, check_status, format_equivalence, oracle_diff,
    paging_concat, period_narrowing, repeat, total_rows_paging,
};
use favorite_contract::{
    CheckedRule, ExpectedMessage, Finding, Profile, Report, RuleId, RunInfo, Severity, Situation,
};
use favorite_contract::{Expectation, check_exchange};
use favorite_contract::{HttpRequest, HttpResponse, RequestBody};
use favorite_contract::{NetDateTime, Request, Response};
use std::time::Duration;

type TestResult = Result<(), Box<dyn std::error::Error>>;

/// A production-like success answer: Unspecified dates, money of scale 2, every invariant held
/// for [`good_request`].
const GOOD_JSON: &str = r#"{"TotalRows":3,"TotalRowsSelect":2,"MaxLinkGoods":3,"NowLinkGoods":2,"RemainLinkGoods":1,"RemainCountPurchases":0,"RemainGain":0.00,"RemainEveryGain":500.00,"CountOffer":3,"CountConfirm":2,"CountPurchases":2,"SumGain":1500.00,"AvgFavorite":750.00,"AvgAll":612.50,"ClientFavorites":[{"Id":12,"ProcTime":"2026-04-20T10:15:00.123","ConfirmDateEnd":"2026-04-27T10:15:00.123","Confirm":true,"ProcTimeConfirm":"2026-04-21T09:00:00","ActionDateEnd":null,"NoActive":false},{"Id":11,"ProcTime":"2026-03-02T18:40:00","ConfirmDateEnd":"2026-03-09T18:40:00","Confirm":true,"ProcTimeConfirm":"2026-03-03T12:00:00","ActionDateEnd":"2026-04-01T00:00:00","NoActive":true}],"ListFavorites":[{"Id":101,"ListDataId":7,"UrlImage":"https://cdn.example/7.png","Name":"Кофе","Code":"C-7","NoActive":false},{"Id":102,"ListDataId":9,"UrlImage":null,"Name":"Чай","Code":"T-9","NoActive":false}],"GroupFavorites":[{"Id":7,"Name":"Кофе","CountSelect":2},{"Id":9,"Name":"Чай","CountSelect":1}],"ErrorCode":0,"Message":""}"#;

const RESPONSE_NS: &str =
    "http://schemas.datacontract.org/2004/07/LCManagerPartner.Implementation.Response";

/// [`GOOD_JSON`] as DataContractSerializer writes it (one line, base members first, each class
/// ordinal by name, decimals without `.0`).
fn good_xml() -> String {
    let cf = |id: &str, proc: &str, cde: &str, ptc: &str, ade: Option<&str>, no_active: &str| {
        let ade = ade.map_or("<ActionDateEnd i:nil=\"true\" />".to_owned(), |d| {
            format!("<ActionDateEnd>{d}</ActionDateEnd>")
        });
        format!(
            "<ClientFavoriteDataInfoResponse.ClientFavoriteDataInfoClientFavoritesRow>{ade}<Confirm>true</Confirm><ConfirmDateEnd>{cde}</ConfirmDateEnd><Id>{id}</Id><NoActive>{no_active}</NoActive><ProcTime>{proc}</ProcTime><ProcTimeConfirm>{ptc}</ProcTimeConfirm></ClientFavoriteDataInfoResponse.ClientFavoriteDataInfoClientFavoritesRow>"
        )
    };
    let lf = |id: &str, ld: &str, url: Option<&str>, name: &str, code: &str| {
        let url = url.map_or("<UrlImage i:nil=\"true\" />".to_owned(), |u| {
            format!("<UrlImage>{u}</UrlImage>")
        });
        format!(
            "<ClientFavoriteDataInfoResponse.ClientFavoriteDataInfoListFavoritesRow><Code>{code}</Code><Id>{id}</Id><ListDataId>{ld}</ListDataId><Name>{name}</Name><NoActive>false</NoActive>{url}</ClientFavoriteDataInfoResponse.ClientFavoriteDataInfoListFavoritesRow>"
        )
    };
    let gf = |id: &str, name: &str, count: &str| {
        format!(
            "<ClientFavoriteDataInfoResponse.ClientFavoriteDataInfoGroupFavoritesRow><CountSelect>{count}</CountSelect><Id>{id}</Id><Name>{name}</Name></ClientFavoriteDataInfoResponse.ClientFavoriteDataInfoGroupFavoritesRow>"
        )
    };
    let abstractions =
        "http://schemas.datacontract.org/2004/07/LCManagerPartner.Implementation.Abstractions";
    format!(
        "<ClientFavoriteDataInfoResponse xmlns:i=\"http://www.w3.org/2001/XMLSchema-instance\" xmlns=\"{RESPONSE_NS}\">\
<ErrorCode xmlns=\"{abstractions}\">0</ErrorCode><Message xmlns=\"{abstractions}\"></Message>\
<AvgAll>612.50</AvgAll><AvgFavorite>750.00</AvgFavorite>\
<ClientFavorites>{}{}</ClientFavorites>\
<CountConfirm>2</CountConfirm><CountOffer>3</CountOffer><CountPurchases>2</CountPurchases>\
<GroupFavorites>{}{}</GroupFavorites>\
<ListFavorites>{}{}</ListFavorites>\
<MaxLinkGoods>3</MaxLinkGoods><NowLinkGoods>2</NowLinkGoods><RemainCountPurchases>0</RemainCountPurchases>\
<RemainEveryGain>500.00</RemainEveryGain><RemainGain>0.00</RemainGain><RemainLinkGoods>1</RemainLinkGoods>\
<SumGain>1500.00</SumGain><TotalRows>3</TotalRows><TotalRowsSelect>2</TotalRowsSelect>\
</ClientFavoriteDataInfoResponse>",
        cf(
            "12",
            "2026-04-20T10:15:00.123",
            "2026-04-27T10:15:00.123",
            "2026-04-21T09:00:00",
            None,
            "false"
        ),
        cf(
            "11",
            "2026-03-02T18:40:00",
            "2026-03-09T18:40:00",
            "2026-03-03T12:00:00",
            Some("2026-04-01T00:00:00"),
            "true"
        ),
        gf("7", "Кофе", "2"),
        gf("9", "Чай", "1"),
        lf("101", "7", Some("https://cdn.example/7.png"), "Кофе", "C-7"),
        lf("102", "9", None, "Чай", "T-9"),
    )
}

fn date(text: &str) -> NetDateTime {
    NetDateTime::unspecified(
        chrono::NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S").unwrap(),
    )
}

fn good_request() -> Request {
    Request {
        client: 5,
        beg_date: Some(date("2026-01-01T00:00:00")),
        end_date: Some(date("2026-04-20T00:00:00")),
        start: Some(1),
        length: Some(2),
        operator: 1,
        ..Request::default()
    }
}

/// Replace exactly one occurrence, so a typo in a test cannot silently test nothing.
fn edit(text: &str, from: &str, to: &str) -> String {
    assert_eq!(text.matches(from).count(), 1, "`{from}` must occur once");
    text.replacen(from, to, 1)
}

fn rules(findings: &[Finding]) -> Vec<(RuleId, Severity, String)> {
    findings
        .iter()
        .map(|f| (f.rule, f.severity, f.location.to_string()))
        .collect()
}

fn check(format: WireFormat, text: &str) -> Vec<(RuleId, Severity, String)> {
    rules(&check_response_text(format, text, &Profile::default()).findings)
}

fn good_response() -> Response {
    check_response_text(WireFormat::Json, GOOD_JSON, &Profile::default())
        .response
        .unwrap()
}

fn help_sample(format: WireFormat) -> String {
    let response = &HELP_PAGE[HELP_PAGE.find("Response Formats").unwrap()..];
    let start = match format {
        WireFormat::Json => "application/json, text/json\n\nSample:\n",
        WireFormat::Xml => "application/xml, text/xml\n\nSample:\n",
    };
    let rest = &response[response.find(start).unwrap() + start.len()..];
    let end = match format {
        WireFormat::Json => rest.find("\n\napplication/xml").unwrap(),
        WireFormat::Xml => rest.len(),
    };
    rest[..end].trim().to_owned()
}

// ---- never cry wolf -------------------------------------------------------------------------

/// The help page indents its samples for display (contracts/reference/wire.md#xml-writer):
/// the one finding that says so, a layout warning.
fn display_indentation(format: WireFormat, findings: &[Finding]) -> Vec<Finding> {
    let layout = match format {
        WireFormat::Json => RuleId::JsonLayout,
        WireFormat::Xml => RuleId::XmlLayout,
    };
    let (indentation, rest): (Vec<_>, Vec<_>) =
        findings.iter().cloned().partition(|f| f.rule == layout);
    assert_eq!(
        rules(&indentation),
        vec![(layout, Severity::Warning, "body".to_owned())],
        "{format:?}: {findings:?}"
    );
    rest
}

#[test]
fn help_page_samples_pass_under_the_help_page_profile() -> TestResult {
    let profile = Profile::builtin("help-page")?;
    for format in [WireFormat::Json, WireFormat::Xml] {
        let check = check_response_text(format, &help_sample(format), &profile);
        assert_eq!(
            display_indentation(format, &check.findings),
            vec![],
            "{format:?}"
        );
        assert!(check.response.is_some());
    }
    Ok(())
}

#[test]
fn help_page_samples_deviate_only_in_date_kind_under_the_default_profile() {
    // Source: contracts/reference/wire.md#datetime-kinds — the samples' +03:00 comes from DateTime.Now.
    for format in [WireFormat::Json, WireFormat::Xml] {
        let findings =
            check_response_text(format, &help_sample(format), &Profile::default()).findings;
        let found = rules(&display_indentation(format, &findings));
        assert_eq!(found.len(), 8, "{format:?}: 2 rows × 4 dates");
        assert!(
            found
                .iter()
                .all(|(rule, sev, _)| *rule == RuleId::DateKind
                    && *sev == Severity::ProfileDeviation),
            "{found:?}"
        );
    }
}

#[test]
fn help_page_sample_data_breaks_the_invariants_it_should() {
    // The sample is generated (ErrorCode 1 with data, 2 rows but TotalRowsSelect 1): the
    // invariants must say so, while its wire form is valid.
    let profile = Profile::builtin("help-page").unwrap();
    let response = check_response_text(WireFormat::Json, &help_sample(WireFormat::Json), &profile)
        .response
        .unwrap();
    let found: Vec<RuleId> = check_invariants(None, &response, &profile)
        .iter()
        .map(|f| f.rule)
        .collect();
    assert!(found.contains(&RuleId::InvErrorEmpty), "{found:?}");
    assert!(found.contains(&RuleId::InvBusinessError), "{found:?}");
    assert!(found.contains(&RuleId::InvMoneyScale), "{found:?}");
}

#[test]
fn production_like_answer_has_zero_findings_in_both_formats() {
    let profile = Profile::default();
    let json = check_response_text(WireFormat::Json, GOOD_JSON, &profile);
    let xml = check_response_text(WireFormat::Xml, &good_xml(), &profile);
    assert_eq!(json.findings, vec![]);
    assert_eq!(xml.findings, vec![]);
    let (json, xml) = (json.response.unwrap(), xml.response.unwrap());
    assert_eq!(
        check_invariants(Some(&good_request()), &json, &profile),
        vec![]
    );
    assert_eq!(
        check_invariants(Some(&good_request()), &xml, &profile),
        vec![]
    );
    // The typed response keeps the decimal scale and the date kind.
    assert_eq!(json.remain_gain.to_string(), "0.00");
    assert_eq!(xml.sum_gain.to_string(), "1500.00");
    assert_eq!(
        json.client_favorites.as_ref().unwrap()[0]
            .proc_time
            .to_wire(),
        "2026-04-20T10:15:00.123"
    );
    assert_eq!(json, xml);
}

// ---- JSON rule family -----------------------------------------------------------------------

#[test]
fn json_missing_unknown_and_case_different_properties() {
    let missing = edit(GOOD_JSON, r#""AvgAll":612.50,"#, "");
    assert_eq!(
        check(WireFormat::Json, &missing),
        vec![(
            RuleId::JsonPropertySet,
            Severity::Violation,
            "/AvgAll".to_owned()
        )]
    );
    let renamed = edit(GOOD_JSON, r#""AvgAll":"#, r#""avgAll":"#);
    let found = check_response_text(WireFormat::Json, &renamed, &Profile::default()).findings;
    assert_eq!(found.len(), 2, "{found:?}");
    insta::assert_snapshot!(found[0].to_string(), @"json.property-set [violation] at /avgAll (json): expected no such property, found property `avgAll`; differs from `AvgAll` only in case; JavaScript clients are case-sensitive and will not find it");
}

#[test]
fn json_wrong_types_nulls_and_ranges() {
    let cases = [
        (
            r#""TotalRows":3"#,
            r#""TotalRows":"3""#,
            RuleId::JsonType,
            "/TotalRows",
        ),
        (
            r#""TotalRows":3"#,
            r#""TotalRows":3.0"#,
            RuleId::JsonType,
            "/TotalRows",
        ),
        (
            r#""TotalRows":3"#,
            r#""TotalRows":null"#,
            RuleId::JsonNull,
            "/TotalRows",
        ),
        (
            r#""TotalRows":3"#,
            r#""TotalRows":2147483648"#,
            RuleId::JsonIntRange,
            "/TotalRows",
        ),
        (
            r#""Confirm":true,"ProcTimeConfirm":"2026-04-21"#,
            r#""Confirm":1,"ProcTimeConfirm":"2026-04-21"#,
            RuleId::JsonType,
            "/ClientFavorites/0/Confirm",
        ),
        (
            r#""GroupFavorites":[{"Id":7"#,
            r#""GroupFavorites":[null,{"Id":7"#,
            RuleId::JsonNull,
            "/GroupFavorites/0",
        ),
    ];
    for (from, to, rule, at) in cases {
        assert_eq!(
            check(WireFormat::Json, &edit(GOOD_JSON, from, to)),
            vec![(rule, Severity::Violation, at.to_owned())],
            "{to}"
        );
    }
}

#[test]
fn json_decimal_lexical_forms() {
    // Source: contracts/reference/wire.md#json-write — `.0` on integral values, scale kept, numbers not strings.
    for (to, rule) in [
        (r#""SumGain":"1500.00""#, RuleId::JsonDecimalForm),
        (r#""SumGain":1500"#, RuleId::JsonDecimalForm),
        (r#""SumGain":1.5e3"#, RuleId::JsonDecimalForm),
        (r#""SumGain":true"#, RuleId::JsonType),
    ] {
        let found = check(
            WireFormat::Json,
            &edit(GOOD_JSON, r#""SumGain":1500.00"#, to),
        );
        assert_eq!(
            found,
            vec![(rule, Severity::Violation, "/SumGain".to_owned())],
            "{to}"
        );
    }
    let check = check_response_text(
        WireFormat::Json,
        &edit(GOOD_JSON, r#""SumGain":1500.00"#, r#""SumGain":"1500.00""#),
        &Profile::default(),
    );
    assert!(
        check.response.is_none(),
        "a string decimal leaves no typed response"
    );
    insta::assert_snapshot!(check.findings[0].to_string(), @r#"json.decimal-form [violation] at /SumGain (json): expected a JSON number, found the string "1500.00"; a decimal sent as a string: Json.NET writes decimals as numbers, and JavaScript clients would concatenate instead of add"#);
}

#[test]
fn json_date_forms() {
    // Source: contracts/reference/wire.md#datetime-forms — round-trip form, ≤ 7 fraction digits, trailing zeros trimmed.
    let at = "/ClientFavorites/1/ProcTime".to_owned();
    let from = r#""ProcTime":"2026-03-02T18:40:00""#;
    let rejected = edit(GOOD_JSON, from, r#""ProcTime":"yesterday 18:40""#);
    assert_eq!(
        check(WireFormat::Json, &rejected),
        vec![(RuleId::JsonDateForm, Severity::Violation, at.clone())]
    );
    // Read by Json.NET, but not by every browser (Safari: Invalid Date): a violation, as are
    // the other forms JavaScript engines read differently (contracts/reference/wire.md#writer-deviations).
    for misread in ["2026-03-02 18:40:00", "2026-03-02", "03/02/2026 18:40:00"] {
        let text = edit(GOOD_JSON, from, &format!(r#""ProcTime":"{misread}""#));
        assert_eq!(
            check(WireFormat::Json, &text),
            vec![(RuleId::JsonDateForm, Severity::Violation, at.clone())],
            "{misread}"
        );
    }
    let no_seconds = edit(GOOD_JSON, from, r#""ProcTime":"2026-03-02T18:40""#);
    assert_eq!(
        check(WireFormat::Json, &no_seconds),
        vec![(RuleId::JsonDateForm, Severity::Warning, at.clone())]
    );
    let zeros = edit(GOOD_JSON, from, r#""ProcTime":"2026-03-02T18:40:00.500""#);
    assert_eq!(
        check(WireFormat::Json, &zeros),
        vec![(RuleId::JsonDateForm, Severity::Warning, at.clone())]
    );
    let local = edit(GOOD_JSON, from, r#""ProcTime":"2026-03-02T18:40:00+03:00""#);
    assert_eq!(
        check(WireFormat::Json, &local),
        vec![(RuleId::DateKind, Severity::ProfileDeviation, at)]
    );
}

#[test]
fn json_property_order_is_checked_only_when_the_profile_asks() -> TestResult {
    let swapped = edit(
        GOOD_JSON,
        r#"{"TotalRows":3,"TotalRowsSelect":2,"#,
        r#"{"TotalRowsSelect":2,"TotalRows":3,"#,
    );
    assert_eq!(check(WireFormat::Json, &swapped), vec![]);
    let strict = Profile::parse("strict.json", r#"{"json_property_order":"strict"}"#)?;
    let found = rules(&check_response_text(WireFormat::Json, &swapped, &strict).findings);
    assert_eq!(
        found,
        vec![(
            RuleId::JsonPropertyOrder,
            Severity::ProfileDeviation,
            "/".to_owned()
        )]
    );
    Ok(())
}

#[test]
fn json_syntax_errors_name_line_and_column() {
    let found = check_response_text(
        WireFormat::Json,
        "{\"TotalRows\":3,\n \"X\" 1}",
        &Profile::default(),
    )
    .findings;
    insta::assert_snapshot!(found[0].to_string(), @"json.syntax [violation] at body (json): expected `:`, found `1}` at line 2, column 6; the body is not JSON; no client can read the response");
}

// ---- XML rule family ------------------------------------------------------------------------

#[test]
fn xml_wrong_root_and_namespaces() {
    let xml = good_xml();
    let root = edit(
        &xml,
        "<ClientFavoriteDataInfoResponse xmlns:i",
        "<ClientFavoriteDataInfoResult xmlns:i",
    )
    .replace(
        "</ClientFavoriteDataInfoResponse>",
        "</ClientFavoriteDataInfoResult>",
    );
    assert_eq!(
        check(WireFormat::Xml, &root),
        vec![(
            RuleId::XmlRoot,
            Severity::Violation,
            "/ClientFavoriteDataInfoResult".to_owned()
        )]
    );
    // A base member in the derived namespace is silently dropped by a .NET client (contracts/reference/wire.md#xml-namespaces).
    let base_ns = edit(
        &xml,
        "<ErrorCode xmlns=\"http://schemas.datacontract.org/2004/07/LCManagerPartner.Implementation.Abstractions\">",
        "<ErrorCode>",
    );
    let found = check_response_text(WireFormat::Xml, &base_ns, &Profile::default());
    assert_eq!(
        rules(&found.findings),
        vec![(
            RuleId::XmlNamespace,
            Severity::Violation,
            "/ClientFavoriteDataInfoResponse/ErrorCode".to_owned()
        )]
    );
    assert!(found.response.is_none());
    insta::assert_snapshot!(found.findings[0].to_string(), @"xml.namespace [violation] at /ClientFavoriteDataInfoResponse/ErrorCode (xml): expected namespace http://schemas.datacontract.org/2004/07/LCManagerPartner.Implementation.Abstractions (declared in BaseResponse), found namespace http://schemas.datacontract.org/2004/07/LCManagerPartner.Implementation.Response; a .NET client matches (name, namespace) and silently drops <ErrorCode>, leaving it at its default");
}

#[test]
fn xml_out_of_order_member_is_a_violation_naming_the_silent_drop() {
    let swapped = edit(
        &good_xml(),
        "<AvgAll>612.50</AvgAll><AvgFavorite>750.00</AvgFavorite>",
        "<AvgFavorite>750.00</AvgFavorite><AvgAll>612.50</AvgAll>",
    );
    let found = check_response_text(WireFormat::Xml, &swapped, &Profile::default()).findings;
    assert_eq!(
        rules(&found),
        vec![(
            RuleId::XmlOrder,
            Severity::Violation,
            "/ClientFavoriteDataInfoResponse/AvgAll".to_owned()
        )]
    );
    insta::assert_snapshot!(found[0].to_string(), @"xml.order [violation] at /ClientFavoriteDataInfoResponse/AvgAll (xml): expected <AvgAll> before <AvgFavorite>, found <AvgAll> after <AvgFavorite>; out of DataContract order: a .NET DataContractSerializer client reads members forward-only and silently drops <AvgAll>, leaving it at its default");
}

#[test]
fn xml_row_names_nil_and_member_set() {
    let xml = good_xml();
    let row = "ClientFavoriteDataInfoResponse.ClientFavoriteDataInfoGroupFavoritesRow";
    let renamed = xml.replace(row, "ClientFavoriteDataInfoGroupFavoritesRow");
    assert_eq!(
        check(WireFormat::Xml, &renamed),
        vec![
            (RuleId::XmlRowName, Severity::Violation, "/ClientFavoriteDataInfoResponse/GroupFavorites/ClientFavoriteDataInfoGroupFavoritesRow[1]".to_owned()),
            (RuleId::XmlRowName, Severity::Violation, "/ClientFavoriteDataInfoResponse/GroupFavorites/ClientFavoriteDataInfoGroupFavoritesRow[2]".to_owned()),
        ]
    );
    let nil_int = edit(
        &xml,
        "<TotalRows>3</TotalRows>",
        "<TotalRows i:nil=\"true\" />",
    );
    assert_eq!(
        check(WireFormat::Xml, &nil_int),
        vec![(
            RuleId::XmlNil,
            Severity::Violation,
            "/ClientFavoriteDataInfoResponse/TotalRows".to_owned()
        )]
    );
    let missing = edit(&xml, "<CountOffer>3</CountOffer>", "");
    assert_eq!(
        check(WireFormat::Xml, &missing),
        vec![(
            RuleId::XmlMemberSet,
            Severity::Violation,
            "/ClientFavoriteDataInfoResponse/CountOffer".to_owned()
        )]
    );
    let unknown = edit(
        &xml,
        "<CountOffer>3</CountOffer>",
        "<CountOffer>3</CountOffer><Bonus>1</Bonus>",
    );
    assert_eq!(
        check(WireFormat::Xml, &unknown),
        vec![(
            RuleId::XmlMemberSet,
            Severity::Violation,
            "/ClientFavoriteDataInfoResponse/Bonus".to_owned()
        )]
    );
    let repeated = edit(
        &xml,
        "<CountOffer>3</CountOffer>",
        "<CountOffer>3</CountOffer><CountConfirm>2</CountConfirm>",
    );
    let found = check_response_text(WireFormat::Xml, &repeated, &Profile::default()).findings;
    assert_eq!(
        rules(&found),
        vec![(
            RuleId::XmlMemberSet,
            Severity::Violation,
            "/ClientFavoriteDataInfoResponse/CountConfirm".to_owned()
        )]
    );
    assert!(found[0].message.contains("keeps the first"), "{}", found[0]);
    let unbound = edit(
        &xml,
        "<ClientFavoriteDataInfoResponse xmlns:i=\"http://www.w3.org/2001/XMLSchema-instance\" ",
        "<ClientFavoriteDataInfoResponse ",
    );
    assert_eq!(
        check(WireFormat::Xml, &unbound),
        vec![(RuleId::XmlSyntax, Severity::Violation, "body".to_owned())]
    );
}

#[test]
fn xml_lexical_forms_and_equal_empty_element_spellings() {
    let xml = good_xml();
    let exponent = edit(
        &xml,
        "<SumGain>1500.00</SumGain>",
        "<SumGain>1.5E3</SumGain>",
    );
    assert_eq!(
        check(WireFormat::Xml, &exponent),
        vec![(
            RuleId::XmlLexical,
            Severity::Violation,
            "/ClientFavoriteDataInfoResponse/SumGain".to_owned()
        )]
    );
    let capital = edit(
        &xml,
        "<Confirm>true</Confirm><ConfirmDateEnd>2026-04-27",
        "<Confirm>True</Confirm><ConfirmDateEnd>2026-04-27",
    );
    assert_eq!(check(WireFormat::Xml, &capital).len(), 1);
    let empty_int = edit(&xml, "<TotalRows>3</TotalRows>", "<TotalRows></TotalRows>");
    assert_eq!(
        check(WireFormat::Xml, &empty_int),
        vec![(
            RuleId::XmlLexical,
            Severity::Violation,
            "/ClientFavoriteDataInfoResponse/TotalRows".to_owned()
        )]
    );
    let padded = edit(
        &xml,
        "<TotalRows>3</TotalRows>",
        "<TotalRows> +3 </TotalRows>",
    );
    assert_eq!(
        check(WireFormat::Xml, &padded),
        vec![(
            RuleId::XmlLexical,
            Severity::Warning,
            "/ClientFavoriteDataInfoResponse/TotalRows".to_owned()
        )]
    );
    // `<X/>`, `<X />` and `<X></X>` are the same empty string (contracts/reference/wire.md#xml-writer);
    // only the last is what DataContractSerializer writes, so the others are a layout warning.
    let abstractions =
        "http://schemas.datacontract.org/2004/07/LCManagerPartner.Implementation.Abstractions";
    for spelling in [
        format!("<Message xmlns=\"{abstractions}\"/>"),
        format!("<Message xmlns=\"{abstractions}\" />"),
    ] {
        let text = edit(
            &xml,
            &format!("<Message xmlns=\"{abstractions}\"></Message>"),
            &spelling,
        );
        let check = check_response_text(WireFormat::Xml, &text, &Profile::default());
        assert_eq!(
            rules(&check.findings),
            vec![(RuleId::XmlLayout, Severity::Warning, "body".to_owned())],
            "{spelling}"
        );
        assert_eq!(check.response.unwrap().message.as_deref(), Some(""));
    }
    // `\r\n` written by a Windows server reads as `\n`.
    let crlf = edit(
        &xml,
        "<Name>Кофе</Name><NoActive>",
        "<Name>Кофе\r\nлатте</Name><NoActive>",
    );
    let response = check_response_text(WireFormat::Xml, &crlf, &Profile::default())
        .response
        .unwrap();
    assert_eq!(
        response.list_favorites.unwrap()[0].name.as_deref(),
        Some("Кофе\nлатте")
    );
}

// ---- bytes the writers never produce --------------------------------------------------------

/// Each row of contracts/reference/wire.md#writer-deviations, as one edit of a production-like
/// body: exactly one finding, with the table's rule and grade.
#[test]
fn writer_deviations_are_graded_as_the_table_says() {
    use RuleId::{HttpEncoding, JsonLayout, XmlLayout, XmlLexical, XmlNil};
    use Severity::{Violation, Warning};
    let abstractions =
        "http://schemas.datacontract.org/2004/07/LCManagerPartner.Implementation.Abstractions";
    let xml = good_xml();
    let root_open = xml[..xml.find('>').unwrap() + 1].to_owned();
    let json_cases: Vec<(&str, &str, RuleId, Severity)> = vec![
        (
            r#"{"TotalRows":3,"#,
            "\u{feff}{\"TotalRows\":3,",
            HttpEncoding,
            Violation,
        ),
        (
            r#"{"TotalRows":3,"#,
            "{\n  \"TotalRows\": 3,",
            JsonLayout,
            Warning,
        ),
        (
            r#""Message":""}"#,
            "\"Message\":\"\"}\n",
            JsonLayout,
            Warning,
        ),
        (
            r#""https://cdn.example/7.png""#,
            r#""https:\/\/cdn.example\/7.png""#,
            JsonLayout,
            Warning,
        ),
        (
            r#""Code":"C-7""#,
            r#""Code":"\u0043-7""#,
            JsonLayout,
            Warning,
        ),
        (
            r#""Code":"C-7""#,
            "\"Code\":\"C\u{2028}7\"",
            JsonLayout,
            Warning,
        ),
        (
            r#""RemainCountPurchases":0"#,
            r#""RemainCountPurchases":-0"#,
            JsonLayout,
            Warning,
        ),
    ];
    for (from, to, rule, severity) in json_cases {
        let found = check(WireFormat::Json, &edit(GOOD_JSON, from, to));
        assert_eq!(found, vec![(rule, severity, "body".to_owned())], "{to:?}");
    }
    let nil = "<UrlImage i:nil=\"true\" />";
    let message = format!("<Message xmlns=\"{abstractions}\"></Message>");
    let xml_cases: Vec<(String, String, RuleId, Severity, &str)> = vec![
        (
            root_open.clone(),
            format!("\u{feff}{root_open}"),
            HttpEncoding,
            Warning,
            "body",
        ),
        (
            root_open.clone(),
            format!("<?xml version=\"1.0\"?>{root_open}"),
            XmlLayout,
            Warning,
            "body",
        ),
        (
            root_open.clone(),
            format!("<?xml version=\"1.0\" encoding=\"utf-8\"?>{root_open}"),
            XmlLayout,
            Violation,
            "body",
        ),
        (
            root_open.clone(),
            format!("<?xml version=\"1.0\" encoding=\"utf-16\"?>{root_open}"),
            XmlLayout,
            Violation,
            "body",
        ),
        (
            root_open.clone(),
            format!("{root_open}\r\n  "),
            XmlLayout,
            Warning,
            "body",
        ),
        (
            "</ClientFavoriteDataInfoResponse>".to_owned(),
            "</ClientFavoriteDataInfoResponse>\n".to_owned(),
            XmlLayout,
            Warning,
            "body",
        ),
        (
            "<AvgAll>".to_owned(),
            "<!-- money --><AvgAll>".to_owned(),
            XmlLayout,
            Warning,
            "body",
        ),
        (
            "<AvgAll>".to_owned(),
            "<?pi x?><AvgAll>".to_owned(),
            XmlLayout,
            Warning,
            "body",
        ),
        (
            "<Code>C-7</Code>".to_owned(),
            "<Code><![CDATA[C-7]]></Code>".to_owned(),
            XmlLayout,
            Warning,
            "body",
        ),
        (
            "<AvgAll>612.50</AvgAll>".to_owned(),
            format!("<r:AvgAll xmlns:r=\"{RESPONSE_NS}\">612.50</r:AvgAll>"),
            XmlLayout,
            Warning,
            "body",
        ),
        (
            "<AvgAll>".to_owned(),
            format!("<AvgAll xmlns=\"{RESPONSE_NS}\">"),
            XmlLayout,
            Warning,
            "body",
        ),
        (
            message.clone(),
            format!("<Message xmlns='{abstractions}'></Message>"),
            XmlLayout,
            Warning,
            "body",
        ),
        (
            message,
            format!("<Message xmlns=\"{abstractions}\"/>"),
            XmlLayout,
            Warning,
            "body",
        ),
        (
            nil.to_owned(),
            "<UrlImage i:nil=\"true\"/>".to_owned(),
            XmlLayout,
            Warning,
            "body",
        ),
        (
            nil.to_owned(),
            "<UrlImage i:nil=\"true\"></UrlImage>".to_owned(),
            XmlLayout,
            Warning,
            "body",
        ),
        (
            "</AvgAll>".to_owned(),
            "</AvgAll >".to_owned(),
            XmlLayout,
            Warning,
            "body",
        ),
        (
            "<Code>C-7</Code>".to_owned(),
            "<Code>C&#45;7</Code>".to_owned(),
            XmlLayout,
            Warning,
            "body",
        ),
        (
            "<Code>C-7</Code>".to_owned(),
            "<Code>C&quot;7</Code>".to_owned(),
            XmlLayout,
            Warning,
            "body",
        ),
        (
            "<Code>C-7</Code>".to_owned(),
            "<Code>C>7</Code>".to_owned(),
            XmlLayout,
            Warning,
            "body",
        ),
        (
            "<Code>C-7</Code>".to_owned(),
            "<Code>C\n7</Code>".to_owned(),
            XmlLayout,
            Warning,
            "body",
        ),
        (
            nil.to_owned(),
            "<UrlImage i:nil=\"1\" />".to_owned(),
            XmlNil,
            Violation,
            "body",
        ),
        (
            "<NoActive>false</NoActive><ProcTime>2026-04-20".to_owned(),
            "<NoActive>0</NoActive><ProcTime>2026-04-20".to_owned(),
            XmlLexical,
            Violation,
            "/ClientFavoriteDataInfoResponse/ClientFavorites/ClientFavoriteDataInfoResponse.ClientFavoriteDataInfoClientFavoritesRow[1]/NoActive",
        ),
        (
            "<ProcTime>2026-04-20T10:15:00.123</ProcTime>".to_owned(),
            "<ProcTime>2026-04-20</ProcTime>".to_owned(),
            XmlLexical,
            Violation,
            "/ClientFavoriteDataInfoResponse/ClientFavorites/ClientFavoriteDataInfoResponse.ClientFavoriteDataInfoClientFavoritesRow[1]/ProcTime",
        ),
    ];
    for (from, to, rule, severity, at) in xml_cases {
        let found = check(WireFormat::Xml, &edit(&xml, &from, &to));
        assert_eq!(found, vec![(rule, severity, at.to_owned())], "{to:?}");
    }
    // The `\r\n` the writer puts in text is canonical, and a line break in the value reads back.
    let crlf = edit(&xml, "<Code>C-7</Code>", "<Code>C\r\n7</Code>");
    assert_eq!(check(WireFormat::Xml, &crlf), vec![]);
}

// ---- invariants -----------------------------------------------------------------------------

fn invariants_of(json: &str) -> Vec<(RuleId, Severity, String)> {
    let response = check_response_text(WireFormat::Json, json, &Profile::default())
        .response
        .unwrap();
    rules(&check_invariants(
        Some(&good_request()),
        &response,
        &Profile::default(),
    ))
}

/// Source: contracts/reference/domain.md#invariants: TotalRowsSelect ≤ TotalRows ≤ CountOffer, CountConfirm ≤
/// CountOffer, and a page holds at most Length rows.
#[test]
fn counts_above_their_bound_name_the_bound() {
    let mut response = good_response();
    (
        response.total_rows_select,
        response.total_rows,
        response.count_offer,
    ) = (3, 2, 1);
    let findings = check_invariants(Some(&good_request()), &response, &Profile::default());
    let bounds: Vec<String> = findings
        .iter()
        .filter(|f| f.expected.starts_with('≤'))
        .map(|f| {
            format!(
                "{:?} at {}: {} / {}",
                f.rule, f.location, f.expected, f.actual
            )
        })
        .collect();
    insta::assert_snapshot!(bounds.join("\n"), @"
    InvCountConfirm at /CountConfirm: ≤ CountOffer (1) / 2
    InvTotalRows at /TotalRowsSelect: ≤ TotalRows (2) / 3
    InvTotalRows at /TotalRows: ≤ CountOffer (1) / 2
    InvPageLength at /TotalRowsSelect: ≤ Length (2) / 3
    ");
}

#[test]
fn invariant_violations_are_caught() {
    let off_by_one = edit(
        GOOD_JSON,
        r#""TotalRowsSelect":2"#,
        r#""TotalRowsSelect":1"#,
    );
    assert_eq!(
        invariants_of(&off_by_one),
        vec![
            (
                RuleId::InvTotalRowsSelect,
                Severity::Violation,
                "/TotalRowsSelect".to_owned()
            ),
            (
                RuleId::InvPageSize,
                Severity::ProfileDeviation,
                "/TotalRowsSelect".to_owned()
            ),
        ]
    );
    let remain = edit(
        GOOD_JSON,
        r#""RemainLinkGoods":1"#,
        r#""RemainLinkGoods":2"#,
    );
    assert_eq!(
        invariants_of(&remain),
        vec![(
            RuleId::InvRemainLinkGoods,
            Severity::Violation,
            "/RemainLinkGoods".to_owned()
        )]
    );
    let message = edit(GOOD_JSON, r#""Message":"""#, r#""Message":"OK""#);
    assert_eq!(
        invariants_of(&message),
        vec![(
            RuleId::InvErrorMessage,
            Severity::Violation,
            "/Message".to_owned()
        )]
    );
    // 1500.01 / 2 = 750.005 rounds to 750.01: |750.01 × 2 − 1500.01| = 0.01 ≤ 0.005 × 2.
    let sum = edit(GOOD_JSON, r#""SumGain":1500.00"#, r#""SumGain":1500.01"#);
    assert_eq!(
        invariants_of(&edit(
            &sum,
            r#""AvgFavorite":750.00"#,
            r#""AvgFavorite":750.01"#
        )),
        vec![]
    );
    let avg = edit(&sum, r#""AvgFavorite":750.00"#, r#""AvgFavorite":750.02"#);
    assert_eq!(
        invariants_of(&avg),
        vec![(
            RuleId::InvAvgFavorite,
            Severity::Violation,
            "/AvgFavorite".to_owned()
        )]
    );
    let scale = edit(GOOD_JSON, r#""AvgAll":612.50"#, r#""AvgAll":612.5"#);
    assert_eq!(
        invariants_of(&scale),
        vec![(
            RuleId::InvMoneyScale,
            Severity::Warning,
            "/AvgAll".to_owned()
        )]
    );
    let dup = edit(GOOD_JSON, r#"{"Id":11,"#, r#"{"Id":12,"#);
    assert!(invariants_of(&dup).contains(&(
        RuleId::InvDuplicateId,
        Severity::Violation,
        "/ClientFavorites/1/Id".to_owned()
    )));
    let outside = edit(
        GOOD_JSON,
        r#""ProcTime":"2026-04-20T10:15:00.123""#,
        r#""ProcTime":"2026-04-21T00:00:00""#,
    );
    assert!(invariants_of(&outside).contains(&(
        RuleId::InvPeriod,
        Severity::Violation,
        "/ClientFavorites/0/ProcTime".to_owned()
    )));
}

#[test]
fn request_dependent_and_profile_invariants() -> TestResult {
    let profile = Profile::default();
    let response = good_response();
    // Rows out of the pinned order (ProcTime descending) are a profile deviation.
    let mut swapped = response.clone();
    swapped.client_favorites.as_mut().unwrap().reverse();
    assert_eq!(
        rules(&check_invariants(Some(&good_request()), &swapped, &profile)),
        vec![(
            RuleId::InvOrder,
            Severity::ProfileDeviation,
            "/ClientFavorites/1".to_owned()
        )]
    );
    // With ClientFavoriteId only that entry comes back.
    let filtered = Request {
        client_favorite_id: Some(12),
        ..good_request()
    };
    let found = rules(&check_invariants(Some(&filtered), &response, &profile));
    assert!(
        found.contains(&(
            RuleId::InvFilter,
            Severity::Violation,
            "/ClientFavorites/1/Id".to_owned()
        )),
        "{found:?}"
    );
    // A request invalid on its own (Client 0 → code 1) never succeeds.
    let no_client = Request {
        client: 0,
        ..good_request()
    };
    assert_eq!(
        rules(&check_invariants(Some(&no_client), &response, &profile)),
        vec![(
            RuleId::InvBusinessError,
            Severity::Violation,
            "/ErrorCode".to_owned()
        )]
    );
    // Null arrays are tolerated by default and reported when the profile says so.
    let mut nulls = response;
    nulls.list_favorites = None;
    nulls.now_link_goods = 0;
    nulls.remain_link_goods = 3;
    assert_eq!(check_invariants(None, &nulls, &profile), vec![]);
    let strict = Profile::parse(
        "strict.json",
        r#"{"null_arrays":"report","null_message":"report"}"#,
    )?;
    nulls.message = None;
    assert_eq!(
        rules(&check_invariants(None, &nulls, &strict)),
        vec![
            (
                RuleId::InvNullArray,
                Severity::ProfileDeviation,
                "/ListFavorites".to_owned()
            ),
            (
                RuleId::InvErrorMessage,
                Severity::ProfileDeviation,
                "/Message".to_owned()
            ),
        ]
    );
    Ok(())
}

/// Source: contracts/reference/domain.md#list-relations — each relation against the list it
/// proves wrong, on the production-like answer.
#[test]
fn list_relations_catch_what_the_other_lists_prove() {
    let profile = Profile::default();
    let whole = Request {
        beg_date: None,
        end_date: None,
        start: None,
        length: None,
        ..good_request()
    };
    let found = |request: &Request, change: &dyn Fn(&mut Response)| {
        let mut r = good_response();
        change(&mut r);
        rules(&check_invariants(Some(request), &r, &profile))
    };
    let has = |found: &[(RuleId, Severity, String)], rule: RuleId, at: &str| {
        assert!(
            found.contains(&(rule, Severity::Violation, at.to_owned())),
            "{rule} at {at} not in {found:?}"
        );
    };
    // Without a period the current entry's goods are counted in GroupFavorites…
    has(
        &found(&whole, &|r| r.group_favorites = None),
        RuleId::InvProvenRows,
        "/GroupFavorites",
    );
    has(
        &found(&whole, &|r| {
            r.group_favorites.as_mut().unwrap().pop();
        }),
        RuleId::InvGoodsInGroups,
        "/ListFavorites/1/ListDataId",
    );
    // …exactly, when it is the only entry.
    has(
        &found(&whole, &|r| {
            (r.count_offer, r.total_rows, r.count_confirm) = (1, 1, 1);
            r.client_favorites.as_mut().unwrap().truncate(1);
            r.total_rows_select = 1;
            r.group_favorites.as_mut().unwrap()[1].id = 10;
            r.group_favorites.as_mut().unwrap()[0].count_select = 1;
        }),
        RuleId::InvGoodsInGroups,
        "/GroupFavorites/1/Id",
    );
    // With a period nothing proves the selected entry lies in it: no finding.
    let mut no_groups = good_response();
    no_groups.group_favorites = None;
    assert_eq!(
        check_invariants(Some(&good_request()), &no_groups, &profile),
        vec![]
    );
    // ListDataId: TotalRows is the goods item's CountSelect (2 for goods 7).
    let by_goods = Request {
        list_data_id: Some(7),
        ..good_request()
    };
    has(
        &found(&by_goods, &|_| {}),
        RuleId::InvFilterCounts,
        "/TotalRows",
    );
    assert!(
        !found(&by_goods, &|r| r.total_rows = 2)
            .iter()
            .any(|(rule, _, _)| *rule == RuleId::InvFilterCounts)
    );
    has(
        &found(&by_goods, &|r| {
            r.total_rows = 2;
            r.group_favorites = Some(vec![]);
        }),
        RuleId::InvProvenRows,
        "/GroupFavorites",
    );
    // ClientFavoriteId: the deactivated entry's links show deactivated; without a period it is
    // returned.
    let by_entry = |id: i32| Request {
        client_favorite_id: Some(id),
        ..whole.clone()
    };
    let only = |id: i32| {
        move |r: &mut Response| {
            let rows = r.client_favorites.as_mut().unwrap();
            rows.retain(|row| row.id == id);
            r.total_rows_select = 1;
            r.total_rows = 1;
        }
    };
    has(
        &found(&by_entry(11), &only(11)),
        RuleId::InvSelectedEntry,
        "/ListFavorites/0/NoActive",
    );
    has(
        &found(&by_entry(12), &|r| {
            r.client_favorites = Some(vec![]);
            (r.total_rows, r.total_rows_select) = (0, 0);
        }),
        RuleId::InvFilterCounts,
        "/TotalRows",
    );
    // No active entry at all, yet goods of a current one.
    has(
        &found(&whole, &|r| {
            r.total_rows = 2;
            r.count_offer = 2;
            r.client_favorites.as_mut().unwrap()[0].no_active = true;
        }),
        RuleId::InvSelectedEntry,
        "/ListFavorites",
    );
    // Counts against rows and purchases.
    has(
        &found(&whole, &|r| {
            (r.total_rows, r.count_offer) = (2, 2);
            r.count_confirm = 1;
        }),
        RuleId::InvCountConfirm,
        "/CountConfirm",
    );
    has(
        &found(&whole, &|r| {
            r.count_confirm = 0;
            r.client_favorites.as_mut().unwrap().clear();
            (r.total_rows, r.total_rows_select) = (0, 0);
        }),
        RuleId::InvCountConfirm,
        "/CountConfirm",
    );
    // One goods item, one name; NowLinkGoods is the active ListFavorites rows.
    has(
        &found(&good_request(), &|r| {
            r.group_favorites.as_mut().unwrap()[0].name = Some("Coffee".to_owned());
        }),
        RuleId::InvGoodsNames,
        "/GroupFavorites/0/Name",
    );
    has(
        &found(&good_request(), &|r| {
            r.now_link_goods = 1;
            r.remain_link_goods = 2;
        }),
        RuleId::InvNowLinkGoods,
        "/NowLinkGoods",
    );
    has(
        &found(&good_request(), &|r| r.list_favorites = None),
        RuleId::InvProvenRows,
        "/ListFavorites",
    );
    // The orders the domain fixes are violations.
    has(
        &found(&good_request(), &|r| {
            r.group_favorites.as_mut().unwrap().reverse();
        }),
        RuleId::InvFixedOrder,
        "/GroupFavorites/1",
    );
    has(
        &found(&good_request(), &|r| {
            r.list_favorites.as_mut().unwrap().reverse();
        }),
        RuleId::InvFixedOrder,
        "/ListFavorites/1",
    );
}

#[test]
fn error_answers_carry_no_data() {
    let error = r#"{"TotalRows":0,"TotalRowsSelect":0,"MaxLinkGoods":3,"NowLinkGoods":0,"RemainLinkGoods":0,"RemainCountPurchases":0,"RemainGain":0.00,"RemainEveryGain":0.00,"CountOffer":0,"CountConfirm":0,"CountPurchases":0,"SumGain":0.00,"AvgFavorite":0.00,"AvgAll":0.00,"ClientFavorites":[],"ListFavorites":null,"GroupFavorites":[],"ErrorCode":2,"Message":"Клиент не найден"}"#;
    assert_eq!(
        invariants_of(error),
        vec![(
            RuleId::InvErrorEmpty,
            Severity::Violation,
            "/MaxLinkGoods".to_owned()
        )]
    );
    let clean = edit(error, r#""MaxLinkGoods":3"#, r#""MaxLinkGoods":0"#);
    assert_eq!(invariants_of(&clean), vec![]);
    let response = check_response_text(WireFormat::Json, &clean, &Profile::default())
        .response
        .unwrap();
    assert_eq!(check_cross_operator(&response), vec![]);
    // ErrorCode, Message, and the 15 non-zero data members.
    assert_eq!(rules(&check_cross_operator(&good_response())).len(), 2 + 15);
}

// ---- HTTP and hostile rules -----------------------------------------------------------------

fn case(method: &str, headers: &[(&str, &str)], body: &str) -> HttpRequest {
    HttpRequest {
        method: method.to_owned(),
        path: "/api/client/ClientFavoriteDataInfo".to_owned(),
        headers: headers
            .iter()
            .map(|(n, v)| ((*n).to_owned(), (*v).to_owned()))
            .collect(),
        body: RequestBody::Text(body.to_owned()),
        format: Some(Format::Json),
    }
}

fn observed(status: u16, headers: &[(&str, &str)], body: &str) -> HttpResponse {
    HttpResponse {
        status,
        headers: headers
            .iter()
            .map(|(n, v)| ((*n).to_owned(), (*v).to_owned()))
            .collect(),
        body: body.as_bytes().to_vec().into(),
    }
}

#[test]
fn http_status_content_type_cors_and_allow() {
    let ok = observed(
        200,
        &[("Content-Type", "application/json; charset=utf-8")],
        GOOD_JSON,
    );
    assert_eq!(check_status(Situation::Success, &ok), vec![]);
    assert_eq!(
        rules(&check_status(
            Situation::ServerError,
            &observed(400, &[], "")
        )),
        vec![(RuleId::HttpStatus, Severity::Violation, "status".to_owned())]
    );
    assert_eq!(
        check_content_type("application/json; charset=utf-8", &ok),
        vec![]
    );
    assert_eq!(
        rules(&check_content_type("application/xml; charset=utf-8", &ok)).len(),
        1
    );
    let with_origin = case("POST", &[("Origin", "https://widget.example")], "{}");
    assert_eq!(
        rules(&check_cors(&with_origin, &ok)),
        vec![(
            RuleId::HttpCors,
            Severity::Violation,
            "header Access-Control-Allow-Origin".to_owned()
        )]
    );
    let echoed = observed(
        200,
        &[("Access-Control-Allow-Origin", "https://widget.example")],
        "",
    );
    assert_eq!(check_cors(&with_origin, &echoed), vec![]);
    assert_eq!(rules(&check_allow(&observed(405, &[], ""))).len(), 1);
    assert_eq!(
        check_allow(&observed(405, &[("Allow", "POST")], "")),
        vec![]
    );
}

/// Source: contracts/reference/production.md#auth-401 — HTTP requires a challenge on a 401, and
/// the service takes bearer tokens.
#[test]
fn a_401_carries_a_bearer_challenge() {
    let denied = |challenges: &[&str]| {
        let headers: Vec<(&str, &str)> = challenges
            .iter()
            .map(|c| ("WWW-Authenticate", *c))
            .collect();
        rules(&check_challenge(&observed(401, &headers, "{}")))
    };
    for ok in [
        &["Bearer"][..],
        &["bearer realm=\"lcmanager\", error=\"invalid_token\""],
        &["Negotiate, Bearer"],
        &["Basic realm=\"x\"", "Bearer"],
    ] {
        assert_eq!(denied(ok), vec![], "{ok:?}");
    }
    let violation = vec![(
        RuleId::HttpChallenge,
        Severity::Violation,
        "header WWW-Authenticate".to_owned(),
    )];
    for bad in [&[][..], &["Basic realm=\"Bearer\""], &["Bearerish"]] {
        assert_eq!(denied(bad), violation, "{bad:?}");
    }
    // Only a 401 needs one.
    assert_eq!(check_challenge(&observed(403, &[], "")), vec![]);
}

#[test]
fn error_bodies_and_stack_traces() {
    let profile = Profile::default();
    let get = case("GET", &[], "");
    let expected = Situation::MethodNotAllowed.error_message(&get).unwrap();
    let json = r#"{"Message":"The requested resource does not support http method 'GET'."}"#;
    assert_eq!(
        check_error_body(WireFormat::Json, json, &expected, &profile),
        vec![]
    );
    let xml = "<Error><Message>An error has occurred.</Message></Error>";
    let server = ExpectedMessage::Exact("An error has occurred.".to_owned());
    assert_eq!(
        check_error_body(WireFormat::Xml, xml, &server, &profile),
        vec![]
    );
    // Error bodies are the writers' output too (contracts/reference/wire.md#writer-deviations).
    assert_eq!(
        rules(&check_error_body(
            WireFormat::Json,
            r#"{"Message": "An error has occurred."}"#,
            &server,
            &profile
        )),
        vec![(RuleId::JsonLayout, Severity::Warning, "body".to_owned())]
    );
    assert_eq!(
        rules(&check_error_body(
            WireFormat::Xml,
            &format!("<?xml version=\"1.0\" encoding=\"utf-8\"?>{xml}"),
            &server,
            &profile
        )),
        vec![(RuleId::XmlLayout, Severity::Violation, "body".to_owned())]
    );
    let wrong = check_error_body(WireFormat::Json, r#"{"error":"boom"}"#, &server, &profile);
    assert!(rules(&wrong).contains(&(
        RuleId::HttpErrorBody,
        Severity::Violation,
        "/Message".to_owned()
    )));

    assert_eq!(check_stack_trace(json.as_bytes()), vec![]);
    assert_eq!(check_stack_trace(GOOD_JSON.as_bytes()), vec![]);
    let leaked = r#"{"Message":"An error has occurred.","ExceptionMessage":"Object reference not set to an instance of an object.","ExceptionType":"System.NullReferenceException","StackTrace":"   at LCManagerPartner.Controllers.ClientController.ClientFavoriteDataInfo(ClientFavoriteDataInfoRequest request)"}"#;
    let found = check_stack_trace(leaked.as_bytes());
    insta::assert_snapshot!(found[0].to_string(), @r#"hostile.stack-trace [violation] at body: expected no exception detail (error detail is off for remote callers), found an HttpError StackTrace: `"StackTrace"`; the body leaks server internals; production hides them (customErrors RemoteOnly)"#);
    let frame = "Ошибка\n   at LCManager.Data.Db.Exec(String sql)";
    assert_eq!(rules(&check_stack_trace(frame.as_bytes())).len(), 1);
    let typed = "Message: System.Data.SqlClient.SqlException was thrown";
    assert_eq!(rules(&check_stack_trace(typed.as_bytes())).len(), 1);
}

#[test]
fn no_2xx_with_data_for_failing_requests() {
    let ok = observed(200, &[], GOOD_JSON);
    let data = good_response();
    assert_eq!(
        rules(&check_no_2xx_data(
            Situation::Unauthorized,
            &ok,
            Some(&data)
        )),
        vec![(
            RuleId::HostileNo2xxData,
            Severity::Violation,
            "status".to_owned()
        )]
    );
    assert_eq!(
        rules(&check_no_2xx_data(
            Situation::BusinessError(1),
            &ok,
            Some(&data)
        ))
        .len(),
        1
    );
    assert_eq!(
        check_no_2xx_data(Situation::Unauthorized, &observed(401, &[], "{}"), None),
        vec![]
    );
    assert_eq!(
        check_no_2xx_data(Situation::Success, &ok, Some(&data)),
        vec![]
    );
}

// ---- metamorphic relations and the oracle ---------------------------------------------------

fn obs<'a>(request: &'a Request, response: &'a Response) -> Observation<'a> {
    Observation {
        request,
        response,
        case: None,
    }
}

fn page_of(all: &Response, rows: std::ops::Range<usize>) -> Response {
    let mut page = all.clone();
    let cf = all.client_favorites.clone().unwrap();
    page.client_favorites = Some(cf[rows.start.min(cf.len())..rows.end.min(cf.len())].to_vec());
    page.total_rows_select = i32::try_from(page.client_favorites.as_ref().unwrap().len()).unwrap();
    page
}

#[test]
fn paging_relations() -> TestResult {
    let profile = Profile::default();
    let all = good_response();
    let unpaged_req = Request {
        start: None,
        length: None,
        ..good_request()
    };
    let (p1, p2) = (
        Request {
            start: Some(1),
            length: Some(1),
            ..good_request()
        },
        Request {
            start: Some(2),
            length: Some(1),
            ..good_request()
        },
    );
    let (r1, r2) = (page_of(&all, 0..1), page_of(&all, 1..2));
    let pages = [obs(&p1, &r1), obs(&p2, &r2)];
    assert_eq!(
        paging_concat(obs(&unpaged_req, &all), &pages, &profile)?,
        vec![]
    );
    assert_eq!(
        total_rows_paging(obs(&p1, &r1), obs(&p2, &r2), &profile)?,
        vec![]
    );
    // Page 2 repeating page 1's row: the concatenation differs at row 1.
    let bad = page_of(&all, 0..1);
    let found = paging_concat(
        obs(&unpaged_req, &all),
        &[obs(&p1, &r1), obs(&p2, &bad)],
        &profile,
    )?;
    assert!(
        rules(&found)
            .iter()
            .all(|(r, _, at)| *r == RuleId::MetaPagingConcat
                && at.starts_with("/ClientFavorites/1/")),
        "{found:?}"
    );
    assert!(!found.is_empty());
    let mut other_total = r2.clone();
    other_total.total_rows = 4;
    assert_eq!(
        rules(&total_rows_paging(
            obs(&p1, &r1),
            obs(&p2, &other_total),
            &profile
        )?),
        vec![(
            RuleId::MetaTotalRowsPaging,
            Severity::Violation,
            "/TotalRows".to_owned()
        )]
    );
    // Requests differing in more than paging are refused, not judged.
    let other_client = Request {
        client: 6,
        ..p2.clone()
    };
    assert!(total_rows_paging(obs(&p1, &r1), obs(&other_client, &r2), &profile).is_err());
    Ok(())
}

#[test]
fn period_narrowing_and_format_equivalence() -> TestResult {
    let profile = Profile::default();
    let wide = good_response();
    let wide_req = good_request();
    let narrow_req = Request {
        beg_date: Some(date("2026-03-01T00:00:00")),
        ..good_request()
    };
    assert_eq!(
        period_narrowing(obs(&wide_req, &wide), obs(&narrow_req, &wide), &profile)?,
        vec![]
    );
    let mut raised = wide.clone();
    raised.count_offer = 4;
    raised.remain_gain = rust_decimal::Decimal::new(100, 2);
    let found = rules(&period_narrowing(
        obs(&wide_req, &wide),
        obs(&narrow_req, &raised),
        &profile,
    )?);
    assert_eq!(
        found,
        vec![
            (
                RuleId::MetaPeriodNarrowing,
                Severity::Violation,
                "/CountOffer".to_owned()
            ),
            (
                RuleId::MetaPeriodNarrowing,
                Severity::Violation,
                "/RemainGain".to_owned()
            ),
        ]
    );
    assert!(period_narrowing(obs(&narrow_req, &wide), obs(&wide_req, &wide), &profile).is_err());

    let xml = check_response_text(WireFormat::Xml, &good_xml(), &profile)
        .response
        .unwrap();
    assert_eq!(
        format_equivalence(obs(&wide_req, &wide), obs(&wide_req, &xml), &profile)?,
        vec![]
    );
    let mut rescaled = xml;
    rescaled.sum_gain = rust_decimal::Decimal::new(15000, 1);
    assert_eq!(
        format_equivalence(obs(&wide_req, &wide), obs(&wide_req, &rescaled), &profile)?,
        vec![]
    );
    assert_eq!(
        rules(&repeat(
            obs(&wide_req, &wide),
            obs(&wide_req, &rescaled),
            &profile
        )?),
        vec![(
            RuleId::MetaRepeat,
            Severity::Violation,
            "/SumGain".to_owned()
        )]
    );
    Ok(())
}

#[test]
fn oracle_diff_points_at_fields_and_rows() {
    let expected = good_response();
    let mut actual = expected.clone();
    actual.client_favorites.as_mut().unwrap()[1].no_active = false;
    actual.group_favorites.as_mut().unwrap().pop();
    let found = oracle_diff(&expected, &actual);
    assert_eq!(
        rules(&found),
        vec![
            (
                RuleId::OracleDiff,
                Severity::Violation,
                "/ClientFavorites/1/NoActive".to_owned()
            ),
            (
                RuleId::OracleDiff,
                Severity::Violation,
                "/GroupFavorites/1".to_owned()
            ),
        ]
    );
    insta::assert_snapshot!(found[1].to_string(), @"oracle.diff [violation] at /GroupFavorites/1: expected a row with Id 9, found no row; differs from the reference engine's answer for the same dataset and request");
    assert_eq!(oracle_diff(&expected, &expected), vec![]);
}

// ---- reports --------------------------------------------------------------------------------

fn sample_report() -> Report {
    let request = case(
        "POST",
        &[
            ("Content-Type", "application/json"),
            ("Authorization", "Bearer t"),
        ],
        r#"{"Client":5,"SiteCode":"it's"}"#,
    );
    let mut findings = check_response_text(
        WireFormat::Json,
        &edit(GOOD_JSON, r#""SumGain":1500.00"#, r#""SumGain":"1500.00""#),
        &Profile::default(),
    )
    .findings;
    findings.extend(
        check_response_text(
            WireFormat::Json,
            &edit(
                GOOD_JSON,
                r#""ProcTime":"2026-03-02T18:40:00""#,
                r#""ProcTime":"2026-03-02T18:40:00+03:00""#,
            ),
            &Profile::default(),
        )
        .findings,
    );
    let findings = findings
        .into_iter()
        .map(|f| f.with_request(request.clone()))
        .collect();
    Report::new(
        RunInfo {
            seed: Some(42),
            profile: "default".to_owned(),
            target: "http://localhost:5000".to_owned(),
            cases_planned: 2,
            cases_run: 2,
            exchanges: 2,
            failing_cases: 1,
            duration: Duration::from_millis(1234),
            checked: vec![CheckedRule {
                rule: RuleId::JsonType,
                format: Some(WireFormat::Json),
            }],
            ..RunInfo::default()
        },
        findings,
    )
}

#[test]
fn human_report_groups_by_rule_with_replayable_requests() {
    let report = sample_report();
    insta::assert_snapshot!(report.render_human().replace(env!("CARGO_PKG_VERSION"), "[version]"), @r#"
    favorite-contract check [version] — target http://localhost:5000, profile default, seed 42
    2 cases (2 exchanges) in 1.234 s: 1 violation in 1 case, 1 profile deviation, 0 warnings

    json.decimal-form — decimals are JSON numbers in Json.NET form: scale kept, `.0` on integral values, no exponent (a .NET client reads another scale) (contracts/reference/wire.md#decimal-forms; contracts/reference/wire.md#json-write; contracts/reference/wire.md#writer-deviations): 1 finding
      [violation] /SumGain (json)
        expected: a JSON number
        actual:   the string "1500.00"
        why:      a decimal sent as a string: Json.NET writes decimals as numbers, and JavaScript clients would concatenate instead of add
        replay:   curl -sS -i -X 'POST' -H 'Content-Type: application/json' -H 'Authorization: Bearer t' --data-raw '{"Client":5,"SiteCode":"it'\''s"}' 'http://localhost:5000/api/client/ClientFavoriteDataInfo'

    date.kind — dates carry the kind the profile expects (Unspecified: no suffix; Local: server offset) (contracts/reference/domain.md#dates; contracts/reference/wire.md#datetime-kinds): 1 finding
      [profile-deviation] /ClientFavorites/1/ProcTime (json)
        expected: Unspecified (no suffix)
        actual:   Local (`+03:00`) in "2026-03-02T18:40:00+03:00"
        why:      the profile expects another DateTime kind (SQL Server values reach .NET as Unspecified; DateTime.Now is Local)
        replay:   curl -sS -i -X 'POST' -H 'Content-Type: application/json' -H 'Authorization: Bearer t' --data-raw '{"Client":5,"SiteCode":"it'\''s"}' 'http://localhost:5000/api/client/ClientFavoriteDataInfo'
    "#);
    assert_eq!(report.exit_code(false), 1);
}

#[test]
fn json_report_round_trips() -> TestResult {
    let report = sample_report();
    let text = report.to_json();
    let back: Report = serde_json::from_str(&text)?;
    assert_eq!(back, report);
    let value: serde_json::Value = serde_json::from_str(&text)?;
    assert_eq!(value["counts"]["json.decimal-form"]["violations"], 1);
    assert_eq!(value["findings"][0]["request"]["format"], "json");
    Ok(())
}

#[test]
fn junit_report_is_well_formed_with_a_testcase_per_rule_and_format() -> TestResult {
    use quick_xml::events::Event;
    let report = sample_report();
    let xml = report.to_junit(false);
    let mut reader = quick_xml::Reader::from_str(&xml);
    let (mut depth, mut testcases, mut failures, mut names) = (0usize, 0, 0, Vec::new());
    let mut path: Vec<String> = Vec::new();
    loop {
        match reader.read_event()? {
            Event::Start(e) | Event::Empty(e) if false => drop(e),
            Event::Start(e) => {
                let name = e.local_name().as_ref().to_owned();
                if name == "testcase" {
                    testcases += 1;
                    names.push(e.try_get_attribute("name")?.unwrap().value.to_string());
                }
                if name == "failure" {
                    failures += 1;
                }
                path.push(name);
                depth += 1;
            }
            Event::Empty(e) if e.local_name().as_ref() == "testcase" => {
                testcases += 1;
                names.push(e.try_get_attribute("name")?.unwrap().value.to_string());
            }
            Event::End(e) => {
                assert_eq!(path.pop().as_deref(), Some(e.local_name().as_ref()));
                depth -= 1;
            }
            Event::Eof => break,
            _ => {}
        }
    }
    assert_eq!(depth, 0);
    assert_eq!(testcases, 3, "{names:?}");
    assert_eq!(names, vec!["json.type", "json.decimal-form", "date.kind"]);
    assert_eq!(failures, 1, "only the violation fails");
    assert!(
        xml.contains(
            "replay: curl -sS -i -X &apos;POST&apos; -H &apos;Content-Type: application/json&apos;"
        ),
        "the minimal request is in the failure: {xml}"
    );
    assert_eq!(report.to_junit(true).matches("<failure").count(), 2);
    Ok(())
}

#[test]
fn exit_codes() {
    let clean = Report::new(RunInfo::default(), vec![]);
    assert_eq!(clean.exit_code(true), 0);
    let deviation_only = Report::new(
        RunInfo::default(),
        check_response_text(
            WireFormat::Json,
            &help_sample(WireFormat::Json),
            &Profile::default(),
        )
        .findings,
    );
    assert_eq!(deviation_only.exit_code(false), 0);
    assert_eq!(deviation_only.exit_code(true), 1);
}

#[test]
fn curl_replays_non_utf8_bodies_byte_for_byte() {
    let request = HttpRequest {
        method: "POST".to_owned(),
        path: "/api/client/ClientFavoriteDataInfo".to_owned(),
        headers: vec![
            (
                "Content-Type".to_owned(),
                "application/json; charset=windows-1251".to_owned(),
            ),
            ("X-Empty".to_owned(), String::new()),
            ("Content-Length".to_owned(), "99".to_owned()),
        ],
        body: RequestBody::from_bytes(b"{\"SiteCode\":\"\xCA\xEE\xF4\xE5 %s\\n'\"}"),
        format: None,
    };
    insta::assert_snapshot!(request.to_curl("http://localhost:5000/"), @r#"printf '{"SiteCode":"\312\356\364\345 %%s\\n\047"}' | curl -sS -i -X 'POST' -H 'Content-Type: application/json; charset=windows-1251' -H 'X-Empty;' --data-binary @- 'http://localhost:5000/api/client/ClientFavoriteDataInfo'"#);
}

// ---- one exchange end to end ----------------------------------------------------------------

#[test]
fn exchanges_are_checked_end_to_end() {
    let profile = Profile::default();
    let request = case(
        "POST",
        &[
            ("Content-Type", "application/json"),
            ("Origin", "https://w.example"),
        ],
        "{}",
    );
    let bound = good_request();
    let oracle = good_response();
    let expectation = Expectation {
        situation: Situation::Success,
        content_type: Some("application/json; charset=utf-8"),
        request: Some(&bound),
        oracle: Some(&oracle),
        time_limit: Some(Duration::from_secs(5)),
    };
    let headers = [
        ("Content-Type", "application/json; charset=utf-8"),
        ("Access-Control-Allow-Origin", "https://w.example"),
    ];
    let good = check_exchange(
        &request,
        &observed(200, &headers, GOOD_JSON),
        Duration::from_millis(20),
        &expectation,
        &profile,
    );
    assert_eq!(good.findings, vec![]);
    assert_eq!(good.response.as_ref(), Some(&oracle));

    // A 500 with exception detail, where production hides it behind the generic message.
    let failing = Expectation {
        situation: Situation::ServerError,
        oracle: None,
        request: None,
        ..expectation
    };
    let leak =
        r#"{"Message":"An error has occurred.","ExceptionType":"System.NullReferenceException"}"#;
    let found = check_exchange(
        &request,
        &observed(500, &headers, leak),
        Duration::from_secs(9),
        &failing,
        &profile,
    );
    assert_eq!(
        rules(&found.findings),
        vec![
            (
                RuleId::HostileStackTrace,
                Severity::Violation,
                "body".to_owned()
            ),
            (
                RuleId::HostileTimeout,
                Severity::Violation,
                "exchange".to_owned()
            ),
        ]
    );
    assert!(
        found
            .findings
            .iter()
            .all(|f| f.request.as_ref() == Some(&request))
    );

    // An unauthorized request answered with data.
    let unauthorized = Expectation {
        situation: Situation::Unauthorized,
        ..failing
    };
    let found = check_exchange(
        &request,
        &observed(200, &headers, GOOD_JSON),
        Duration::ZERO,
        &unauthorized,
        &profile,
    );
    assert_eq!(
        rules(&found.findings),
        vec![
            (RuleId::HttpStatus, Severity::Violation, "status".to_owned()),
            (
                RuleId::HostileNo2xxData,
                Severity::Violation,
                "status".to_owned()
            ),
        ]
    );
    // Its proper answer passes; without the challenge HTTP requires, it does not.
    let denied = r#"{"Message":"Authorization has been denied for this request."}"#;
    let challenged = [
        ("Content-Type", "application/json; charset=utf-8"),
        ("Access-Control-Allow-Origin", "https://w.example"),
        ("WWW-Authenticate", "Bearer"),
    ];
    let found = check_exchange(
        &request,
        &observed(401, &challenged, denied),
        Duration::ZERO,
        &unauthorized,
        &profile,
    );
    assert_eq!(found.findings, vec![]);
    let found = check_exchange(
        &request,
        &observed(401, &headers, denied),
        Duration::ZERO,
        &unauthorized,
        &profile,
    );
    assert_eq!(
        rules(&found.findings),
        vec![(
            RuleId::HttpChallenge,
            Severity::Violation,
            "header WWW-Authenticate".to_owned()
        )]
    );
}
