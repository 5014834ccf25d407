//! Business validation: codes, messages, order, and what "given" means.

use super::super::{Context, Settings, respond};
use super::{answer, ask, dataset, entry, t, unspecified};
use crate::contract::contract;
use crate::model::{NetDateTime, Request, Response};
use chrono::FixedOffset;

fn code(response: &Response) -> i32 {
    response.error_code
}

/// Source: contracts/reference/domain.md#business-errors: "HTTP 200, `ErrorCode` ≠ 0, a Russian `Message`,
/// every other number 0, every array empty".
#[test]
fn a_business_error_has_the_contract_message_and_nothing_else() {
    let d = dataset(vec![entry(1, 10, "2026-05-01T10:00:00")], vec![]);
    let response = answer(&d, &ask(0));
    let expected = Response::business_error(1, "Не задан идентификатор Клиента");
    assert_eq!(response, expected);
    for code in 1..=8 {
        assert!(
            contract()
                .business_message(code)
                .is_some_and(|m| !m.is_empty())
        );
    }
}

/// Source: contracts/reference/domain.md#check-order: "Checks run in the order 3, 4, 5, 1, 2, 6, 7, 8;
/// the first failure wins."
#[test]
fn checks_run_in_the_contract_order() {
    let d = dataset(vec![entry(1, 10, "2026-05-01T10:00:00")], vec![]);
    let mut request = Request {
        client: 0,
        operator: 9,
        token: Some(5),
        site_code: Some("nope".into()),
        client_favorite_id: Some(77),
        beg_date: unspecified("2026-05-02T00:00:00"),
        end_date: unspecified("2026-05-01T00:00:00"),
        start: Some(-2),
        length: Some(-2),
        ..Request::default()
    };
    let mut seen = Vec::new();
    let fixes: [&dyn Fn(&mut Request); 8] = [
        &|r| r.operator = 1,
        &|r| r.token = Some(111),
        &|r| r.site_code = Some("{oper:1}".into()),
        &|r| r.client = 99,
        &|r| r.client = 10,
        &|r| r.client_favorite_id = Some(1),
        &|r| r.end_date = unspecified("2026-05-02T00:00:00"),
        &|r| {
            r.start = Some(-1);
            r.length = Some(-1);
        },
    ];
    for fix in fixes {
        let response = answer(&d, &request);
        seen.push(code(&response));
        assert_eq!(
            response.message.as_deref(),
            contract().business_message(response.error_code)
        );
        fix(&mut request);
    }
    assert_eq!(seen, [3, 4, 5, 1, 2, 6, 7, 8]);
    assert_eq!(
        code(&answer(
            &d,
            &Request {
                length: Some(-2),
                ..request.clone()
            }
        )),
        8
    );
    assert_eq!(code(&answer(&d, &request)), 0);
}

/// Source: contracts/reference/domain.md#business-errors, code 3: "`Operator` (after 0 → dataset default
/// operator) does not exist"; issue brief: 0 → the JWT's `oper` claim when there is one.
#[test]
fn operator_zero_means_the_jwt_operator_then_the_default() {
    let d = dataset(vec![], vec![]);
    let zero = Request {
        operator: 0,
        ..ask(10)
    };
    assert_eq!(
        code(&answer(&d, &zero)),
        0,
        "default operator 1 owns client 10"
    );
    let jwt = |oper| Context {
        jwt_operator: Some(oper),
    };
    let with = |request: &Request, oper| respond(request, &d, &Settings::default(), &jwt(oper));
    assert_eq!(
        code(&with(&zero, 2)),
        2,
        "operator 2 does not own client 10"
    );
    assert_eq!(code(&with(&zero, 5)), 3);
    assert_eq!(
        code(&with(
            &Request {
                operator: 2,
                ..ask(20)
            },
            1
        )),
        0,
        "a body operator wins"
    );
}

/// Source: contracts/reference/domain.md#business-errors, codes 4 and 5: "`Token` is given (non-null,
/// non-zero)", "`SiteCode` is given (non-empty)".
#[test]
fn token_and_site_code_are_checked_only_when_given() {
    let d = dataset(vec![], vec![]);
    for token in [None, Some(0), Some(111)] {
        assert_eq!(
            code(&answer(&d, &Request { token, ..ask(10) })),
            0,
            "{token:?}"
        );
    }
    assert_eq!(
        code(&answer(
            &d,
            &Request {
                token: Some(222),
                ..ask(10)
            }
        )),
        4,
        "operator 2's token"
    );
    for site_code in [None, Some(String::new()), Some("{oper:1}".to_owned())] {
        let request = Request {
            site_code: site_code.clone(),
            ..ask(10)
        };
        assert_eq!(code(&answer(&d, &request)), 0, "{site_code:?}");
    }
    let other = Request {
        site_code: Some("{oper:2}".into()),
        ..ask(10)
    };
    assert_eq!(code(&answer(&d, &other)), 5);
    let case = Request {
        site_code: Some("{OPER:1}".into()),
        ..ask(10)
    };
    assert_eq!(code(&answer(&d, &case)), 5, "site codes compare exactly");
}

/// Source: contracts/reference/domain.md#business-errors, code 2: "the client does not exist, or belongs to
/// another operator (never reveal which)".
#[test]
fn a_client_of_another_operator_is_not_found() {
    let d = dataset(vec![], vec![]);
    let missing = answer(&d, &ask(12345));
    let foreign = answer(&d, &ask(20));
    assert_eq!(code(&missing), 2);
    assert_eq!(missing, foreign);
}

/// Source: contracts/reference/domain.md#business-errors, code 6: "`ClientFavoriteId` is given and is not an
/// entry of this client"; "Events after `as_of` do not exist yet".
#[test]
fn a_favourite_id_must_be_an_existing_entry_of_this_client() {
    let d = dataset(
        vec![
            entry(1, 10, "2026-05-01T10:00:00"),
            entry(2, 11, "2026-05-01T10:00:00"),
            entry(3, 10, "2026-05-08T10:00:00"),
        ],
        vec![],
    );
    let with = |id| {
        code(&answer(
            &d,
            &Request {
                client_favorite_id: Some(id),
                ..ask(10)
            },
        ))
    };
    assert_eq!(with(1), 0);
    assert_eq!(with(2), 6, "another client's entry");
    assert_eq!(with(3), 6, "offered after as_of");
    assert_eq!(with(0), 6, "0 is a given id that matches nothing");
}

/// Source: contracts/reference/domain.md#business-errors, code 7: "`BegDate` > `EndDate` (by calendar day)";
/// "The data": "Dates with an offset are first converted to the server's time zone".
#[test]
fn a_reversed_period_is_judged_by_calendar_day_in_the_server_zone() {
    let d = dataset(vec![], vec![]);
    let period = |beg: NetDateTime, end: NetDateTime| {
        code(&answer(
            &d,
            &Request {
                beg_date: Some(beg),
                end_date: Some(end),
                ..ask(10)
            },
        ))
    };
    let day = |s| NetDateTime::unspecified(t(s));
    assert_eq!(
        period(day("2026-05-01T23:00:00"), day("2026-05-01T01:00:00")),
        0,
        "same day"
    );
    assert_eq!(
        period(day("2026-05-02T00:00:00"), day("2026-05-01T23:59:59")),
        7
    );
    // 2026-05-02T01:00+05:00 is 2026-05-01T23:00 in Moscow: the same day as the end.
    let five = FixedOffset::east_opt(5 * 3600).unwrap();
    let beg = NetDateTime::local(t("2026-05-02T01:00:00"), five);
    assert_eq!(period(beg, day("2026-05-01T10:00:00")), 0);
    // 2026-05-01T21:30Z is 2026-05-02T00:30 in Moscow: a day after the end.
    let utc = NetDateTime::utc(t("2026-05-01T21:30:00"));
    assert_eq!(period(utc, day("2026-05-01T10:00:00")), 7);
    let only_beg = Request {
        beg_date: Some(day("2030-01-01T00:00:00")),
        ..ask(10)
    };
    assert_eq!(
        code(&answer(&d, &only_beg)),
        0,
        "one end alone is never reversed"
    );
}

/// Source: contracts/reference/domain.md#business-errors, code 8: "`Start` < -1 or `Length` < -1".
#[test]
fn paging_below_minus_one_is_rejected() {
    let d = dataset(vec![], vec![]);
    let page = |start, length| {
        code(&answer(
            &d,
            &Request {
                start,
                length,
                ..ask(10)
            },
        ))
    };
    assert_eq!(page(Some(-1), Some(-1)), 0);
    assert_eq!(page(None, Some(0)), 0);
    assert_eq!(page(Some(-2), None), 8);
    assert_eq!(page(None, Some(-2)), 8);
    assert_eq!(page(Some(i32::MIN), Some(i32::MAX)), 8);
}
