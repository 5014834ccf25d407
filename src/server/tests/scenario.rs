//! Scenario controls: parsing and header-over-global resolution.

use crate::server::fault::Fault;
use crate::server::scenario::{
    ForcedStatus, Latency, Scenario, parse_drop, parse_error_code, parse_latency, parse_status,
};
use http::{HeaderMap, HeaderValue};

fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
    let mut map = HeaderMap::new();
    for (name, value) in pairs {
        map.insert(*name, HeaderValue::from_static(value));
    }
    map
}

#[test]
fn latency_is_a_number_or_a_range_and_zero_is_none() {
    assert_eq!(
        parse_latency("200", "x"),
        Ok(Some(Latency::Fixed { ms: 200 }))
    );
    assert_eq!(
        parse_latency("100-500", "x"),
        Ok(Some(Latency::Range { min: 100, max: 500 }))
    );
    assert_eq!(parse_latency("0", "x"), Ok(None));
    insta::assert_snapshot!(parse_latency("500-100", "X-Mock-Latency").unwrap_err(), @"X-Mock-Latency: expected MIN-MAX with MIN <= MAX, found `500-100`");
    insta::assert_snapshot!(parse_latency("fast", "--latency").unwrap_err(), @"--latency: expected milliseconds `N` or `MIN-MAX`, at most 60000, found `fast`");
}

#[test]
fn a_range_picks_within_its_bounds() {
    let range = Latency::Range { min: 10, max: 12 };
    for random in [0, 1, 2, 3, u64::MAX] {
        let ms = range.pick(random).as_millis();
        assert!((10..=12).contains(&ms), "{ms}");
    }
}

#[test]
fn status_error_code_and_drop_parse_their_closed_sets() {
    assert_eq!(
        parse_status("401", "x"),
        Ok(Some(ForcedStatus::Unauthorized))
    );
    assert_eq!(
        parse_status("500", "x"),
        Ok(Some(ForcedStatus::InternalServerError))
    );
    assert_eq!(parse_status("200", "x"), Ok(None));
    insta::assert_snapshot!(parse_status("404", "X-Mock-Status").unwrap_err(), @"X-Mock-Status: expected 401, 500 or 200 (none), found `404`");
    assert_eq!(parse_error_code("2", "x"), Ok(Some(2)));
    assert_eq!(parse_error_code("0", "x"), Ok(None));
    insta::assert_snapshot!(parse_error_code("42", "X-Mock-Error-Code").unwrap_err(), @"X-Mock-Error-Code: expected a business error code (1, 2, 3, 4, 5, 6, 7, 8) or 0 (none), found `42`");
    assert_eq!(parse_drop("1", "x"), Ok(true));
    assert_eq!(parse_drop("false", "x"), Ok(false));
    assert!(parse_drop("yes", "x").is_err());
}

#[test]
fn a_header_overrides_its_own_global_control_only() {
    let global = Scenario {
        latency: Some(Latency::Fixed { ms: 300 }),
        status: Some(ForcedStatus::InternalServerError),
        error_code: None,
        drop: false,
        fault: None,
    };
    let resolved = global
        .resolve(&headers(&[
            ("x-mock-status", "200"),
            ("x-mock-error-code", "3"),
            ("x-mock-fault", "reset"),
        ]))
        .unwrap();
    assert_eq!(
        resolved,
        Scenario {
            latency: Some(Latency::Fixed { ms: 300 }),
            status: None,
            error_code: Some(3),
            drop: false,
            fault: Some(Fault::Reset),
        }
    );
    let off = global
        .resolve(&headers(&[("x-mock-latency", "0")]))
        .unwrap();
    assert_eq!(off.latency, None);
    assert_eq!(global.resolve(&HeaderMap::new()).unwrap(), global);
}

#[test]
fn a_fault_is_garbage_reset_dribble_or_none() {
    use crate::server::fault::parse_fault;
    assert_eq!(parse_fault("garbage", "x"), Ok(Some(Fault::Garbage)));
    assert_eq!(parse_fault(" Reset ", "x"), Ok(Some(Fault::Reset)));
    assert_eq!(parse_fault("dribble", "x"), Ok(Some(Fault::Dribble)));
    assert_eq!(parse_fault("none", "x"), Ok(None));
    insta::assert_snapshot!(parse_fault("slow", "X-Mock-Fault").unwrap_err(), @"X-Mock-Fault: expected garbage, reset, dribble or none, found `slow`");
}
