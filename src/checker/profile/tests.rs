use super::*;
use crate::model::NetDateTime;
use chrono::NaiveDateTime;

fn d(s: &str) -> NetDateTime {
    NetDateTime::unspecified(NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S").unwrap())
}

#[test]
fn embedded_default_file_is_the_default_profile() {
    let loaded = Profile::builtin("default").unwrap();
    let Profile { description, .. } = &loaded;
    assert!(!description.is_empty());
    assert_eq!(
        Profile {
            description: String::new(),
            ..loaded
        },
        Profile::default()
    );
}

#[test]
fn every_builtin_profile_loads() {
    for (name, _) in BUILTIN {
        let profile = Profile::builtin(name).unwrap();
        assert_eq!(profile.name, *name);
    }
    assert_eq!(
        Profile::builtin("help-page").unwrap().date_kind,
        ExpectedDateKind::Local
    );
    let lenient = Profile::builtin("lenient").unwrap();
    assert_eq!(
        lenient.level(RuleId::InvPageSize, Severity::ProfileDeviation),
        Level::Off
    );
}

#[test]
fn loading_errors_name_file_path_expected_and_found() {
    let err = |text: &str| Profile::parse("p.json", text).unwrap_err().to_string();
    insta::assert_snapshot!(err(r#"{"paging":{"start_base":2}}"#), @"p.json:1: $.paging.start_base: expected 1 or 0, found integer `2`");
    insta::assert_snapshot!(err(r#"{"date_kind":"Local"}"#), @"p.json:1: $.date_kind: expected one of `unspecified`, `local`, `utc`, `any`, found `Local`");
    insta::assert_snapshot!(err(r#"{"period":{"ends":"inclusive"}}"#), @"p.json:1: $.period.ends: expected one of `end`, `granularity`, `missing_end`, found field `ends`");
    insta::assert_snapshot!(err(r#"{"severity":{"json.decimal":"off"}}"#), @"p.json:1: $.severity['json.decimal']: expected a rule id such as `json.decimal-form`, found `json.decimal`");
    insta::assert_snapshot!(err(r#"{"severity":{"json.decimal-form":"loud"}}"#), @"p.json:1: $.severity['json.decimal-form']: expected one of `violation`, `profile-deviation`, `warning`, `off`, found `loud`");
    insta::assert_snapshot!(err(r#"{"time_zone":"+3"}"#), @r#"p.json:1: $.time_zone: expected a UTC offset ±hh:mm between -14:00 and +14:00 or an IANA time zone name, found string "+3""#);
    insta::assert_snapshot!(err("{\n  \"paging\": {\n    \"length_zero\": \"none\"\n  }\n}"), @"p.json:3: $.paging.length_zero: expected `empty-page` or `unlimited`, found `none`");
    insta::assert_snapshot!(err("{\n\"name\": }"), @"p.json:2: $: expected value, found `}`");
    insta::assert_snapshot!(err("[1]"), @"p.json:1: $: expected a JSON object, found an array");
    // `not json` starts like `null`; only the whole word is the literal.
    insta::assert_snapshot!(err("\nnot json"), @"p.json:2: $: expected a JSON object, found text that is not JSON: `not json`");
    insta::assert_snapshot!(err(" "), @"p.json:1: $: expected a JSON object, found an empty file");
    // A retired order key is refused even when null.
    insta::assert_snapshot!(err(r#"{"order":{"list_favorites":null}}"#), @r#"p.json:1: $.order.list_favorites: expected no `list_favorites` key: the order of ListFavorites is fixed by contracts/reference/domain.md#list-favorites, not a profile choice (to re-grade its findings use "severity": {"inv.fixed-order": "warning"}), found null"#);
    insta::assert_snapshot!(Profile::builtin("strict").unwrap_err().to_string(), @"expected a built-in profile (default, help-page, lenient), found `strict`");
    // The orders the domain fixes are no profile keys; an old file is told where to go instead.
    insta::assert_snapshot!(err(r#"{"order":{"group_favorites":"unchecked"}}"#), @r#"p.json:1: $.order.group_favorites: expected no `group_favorites` key: the order of GroupFavorites is fixed by contracts/reference/domain.md#group-favorites, not a profile choice (to re-grade its findings use "severity": {"inv.fixed-order": "warning"}), found "unchecked""#);
    insta::assert_snapshot!(err(r#"{"order":{"list_favorites":"id-asc"}}"#), @r#"p.json:1: $.order.list_favorites: expected no `list_favorites` key: the order of ListFavorites is fixed by contracts/reference/domain.md#list-favorites, not a profile choice (to re-grade its findings use "severity": {"inv.fixed-order": "warning"}), found "id-asc""#);
}

#[test]
fn paging_windows_follow_the_profile() {
    let one = Profile::default();
    let w = |p: &Profile, s, l| p.page_window(s, l);
    assert_eq!(
        w(&one, None, None),
        Some(PageWindow {
            offset: 0,
            limit: None
        })
    );
    assert_eq!(
        w(&one, Some(0), Some(-1)),
        Some(PageWindow {
            offset: 0,
            limit: None
        })
    );
    assert_eq!(
        w(&one, Some(-1), Some(5)),
        Some(PageWindow {
            offset: 0,
            limit: Some(5)
        })
    );
    assert_eq!(
        w(&one, Some(3), Some(0)),
        Some(PageWindow {
            offset: 2,
            limit: Some(0)
        })
    );
    assert_eq!(w(&one, Some(-2), None), None);
    assert_eq!(w(&one, None, Some(-2)), None);
    let zero = Profile::parse(
        "z",
        r#"{"paging":{"start_base":0,"length_zero":"unlimited"}}"#,
    )
    .unwrap();
    assert_eq!(
        w(&zero, Some(3), Some(0)),
        Some(PageWindow {
            offset: 3,
            limit: None
        })
    );
    assert_eq!(
        PageWindow {
            offset: 2,
            limit: Some(5)
        }
        .size(4),
        2
    );
    assert_eq!(
        PageWindow {
            offset: 9,
            limit: None
        }
        .size(4),
        0
    );
    assert_eq!(one.start_for_offset(4), 5);
    assert_eq!(zero.start_for_offset(4), 4);
}

#[test]
fn periods_compare_calendar_days_with_profile_ends() {
    let p = Profile::default();
    let (beg, end) = (d("2026-05-01T18:00:00"), d("2026-05-07T09:00:00"));
    let inside = |p: &Profile, t: &str| p.in_period(Some(&beg), Some(&end), &d(t));
    // Time parts of BegDate/EndDate are ignored: the whole end day counts.
    assert_eq!(inside(&p, "2026-05-01T00:00:00"), Some(true));
    assert_eq!(inside(&p, "2026-05-07T23:59:59"), Some(true));
    assert_eq!(inside(&p, "2026-05-08T00:00:00"), Some(false));
    assert_eq!(inside(&p, "2026-04-30T23:59:59"), Some(false));
    let half = Profile::parse("h", r#"{"period":{"end":"exclusive"}}"#).unwrap();
    assert_eq!(inside(&half, "2026-05-07T08:00:00"), Some(false));
    assert_eq!(inside(&half, "2026-05-06T23:00:00"), Some(true));
    assert_eq!(
        p.in_period(None, None, &d("1900-01-01T00:00:00")),
        Some(true)
    );
    let unchecked = Profile::builtin("lenient").unwrap();
    assert_eq!(
        unchecked.in_period(Some(&beg), None, &d("2026-05-02T00:00:00")),
        None
    );
    // An offset is converted to the server's zone first: 23:30Z is 02:30 next day in Moscow.
    let utc = NetDateTime::utc(
        NaiveDateTime::parse_from_str("2026-05-07T23:30:00", "%Y-%m-%dT%H:%M:%S").unwrap(),
    );
    assert_eq!(p.in_period(Some(&beg), Some(&end), &utc), Some(false));
    assert!(p.period_within((Some(&beg), Some(&end)), (None, None)));
    assert!(!p.period_within((None, Some(&end)), (Some(&beg), None)));
}

#[test]
fn severity_overrides_regrade_and_drop() {
    let p = Profile::builtin("lenient").unwrap();
    let f = |rule| {
        Finding::new(
            rule,
            Severity::Violation,
            crate::checker::Location::Body,
            "",
            "",
            "",
        )
    };
    let out = p.apply(vec![
        f(RuleId::JsonDecimalForm),
        f(RuleId::InvPageSize),
        f(RuleId::JsonType),
    ]);
    let got: Vec<_> = out.iter().map(|f| (f.rule, f.severity)).collect();
    assert_eq!(
        got,
        vec![
            (RuleId::JsonDecimalForm, Severity::Warning),
            (RuleId::JsonType, Severity::Violation)
        ]
    );
}

/// Source: issue "Fidelity leftovers" — the server zone may be named (with its history) and the
/// profile says which host fronts Web API (HTTP.sys's 411 on IIS).
#[test]
fn named_zones_and_the_host_load() {
    let p = Profile::parse(
        "p.json",
        r#"{"time_zone":"Europe/Moscow","host":"self-host"}"#,
    )
    .unwrap();
    assert_eq!(p.time_zone.to_string(), "Europe/Moscow");
    assert_eq!(p.host, Host::SelfHost);
    assert_eq!(Profile::default().host, Host::Iis);
    let err = Profile::parse("p.json", r#"{"host":"IIS"}"#).unwrap_err();
    insta::assert_snapshot!(err.to_string(), @"p.json:1: $.host: expected `iis` or `self-host`, found `IIS`");
}

/// Source: a Local date is written with the server's offset at its instant: in 2012 a Moscow
/// server wrote +04:00, today +03:00 (TimeZoneInfo "Russian Standard Time").
#[test]
fn local_dates_are_judged_by_the_zone_at_their_instant() {
    use crate::checker::body::check_response_bytes;
    let named = Profile {
        time_zone: "Europe/Moscow".parse().unwrap(),
        date_kind: ExpectedDateKind::Local,
        ..Profile::default()
    };
    let body = |date: &str| {
        format!(
            r#"{{"ClientFavorites":[{{"Id":1,"ProcTime":"{date}","ConfirmDateEnd":null,"Confirm":false,"ProcTimeConfirm":null,"ActionDateEnd":null,"NoActive":false}}],"TotalRows":1,"TotalRowsSelect":1,"GroupFavorites":[],"ListFavorites":[],"NowLinkGoods":0,"MaxLinkGoods":0,"RemainCount":0,"RemainGain":0.0,"ErrorCode":0,"Message":""}}"#
        )
    };
    let kind_findings = |date: &str| {
        check_response_bytes(
            crate::codec::WireFormat::Json,
            Some("application/json; charset=utf-8"),
            body(date).as_bytes(),
            &named,
        )
        .findings
        .into_iter()
        .filter(|f| f.rule == RuleId::DateKind)
        .count()
    };
    assert_eq!(kind_findings("2012-06-01T16:00:00+04:00"), 0);
    assert_eq!(kind_findings("2026-06-01T16:00:00+03:00"), 0);
    assert_eq!(kind_findings("2026-06-01T16:00:00+04:00"), 1);
}
