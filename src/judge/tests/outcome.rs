//! Checking an exchange: possible business codes, failures without a response, and no panic on
//! any bytes a server may send.

use crate::checker::{Profile, RuleId, Severity, Situation};
use crate::client::{Reply, SendError};
use crate::exchange::{HttpRequest, HttpResponse, RequestBody};
use crate::judge::outcome::judge_reply;
use crate::judge::{Judge, JudgeSetup, Prediction};
use proptest::prelude::*;
use std::collections::BTreeSet;
use std::time::Duration;

const NOT_FOUND_BODY: &str = r#"{"TotalRows":0,"TotalRowsSelect":0,"MaxLinkGoods":0,"NowLinkGoods":0,"RemainLinkGoods":0,"RemainCountPurchases":0,"RemainGain":0.00,"RemainEveryGain":0.00,"CountOffer":0,"CountConfirm":0,"CountPurchases":0,"SumGain":0.00,"AvgFavorite":0.00,"AvgAll":0.00,"ClientFavorites":[],"ListFavorites":[],"GroupFavorites":[],"ErrorCode":2,"Message":"Клиент не найден"}"#;

fn request() -> HttpRequest {
    HttpRequest {
        method: "POST".into(),
        path: "/api/client/ClientFavoriteDataInfo".into(),
        headers: vec![("Content-Type".into(), "application/json".into())],
        body: RequestBody::Text(r#"{"Client":1001}"#.into()),
        format: None,
    }
}

fn prediction(codes: &[i32], foreign_client: bool) -> Prediction {
    let codes: BTreeSet<i32> = codes.iter().copied().collect();
    let situation = if codes.contains(&0) {
        Situation::Success
    } else {
        Situation::BusinessError(*codes.iter().next().unwrap_or(&2))
    };
    Prediction {
        situation,
        codes,
        content_type: "application/json; charset=utf-8".into(),
        bound: None,
        oracle: None,
        zone: None,
        foreign_client,
    }
}

fn answer(body: &str) -> Result<Reply, SendError> {
    Ok(Reply {
        response: HttpResponse {
            status: 200,
            headers: vec![(
                "Content-Type".into(),
                "application/json; charset=utf-8".into(),
            )],
            body: bytes::Bytes::copy_from_slice(body.as_bytes()),
        },
        elapsed: Duration::from_millis(1),
    })
}

fn judge(limit: Duration) -> Judge {
    Judge::new(JudgeSetup {
        time_limit: Some(limit),
        ..JudgeSetup::default()
    })
}

fn rules(codes: &[i32], body: &str, foreign_client: bool) -> Vec<(RuleId, Severity)> {
    let outcome = judge(Duration::from_secs(1)).judge_reply(
        &request(),
        &prediction(codes, foreign_client),
        &answer(body),
    );
    outcome
        .findings
        .iter()
        .map(|f| (f.rule, f.severity))
        .collect()
}

#[test]
fn business_codes_are_judged_against_what_was_possible() {
    assert_eq!(rules(&[0, 2], NOT_FOUND_BODY, false), []);
    assert_eq!(rules(&[2, 6], NOT_FOUND_BODY, false), []);
    assert_eq!(
        rules(&[0], NOT_FOUND_BODY, false),
        [(RuleId::InvBusinessError, Severity::Violation)]
    );
    assert_eq!(
        rules(&[6], NOT_FOUND_BODY, false),
        [(RuleId::InvBusinessError, Severity::ProfileDeviation)]
    );
    // The cross-operator answer passes the isolation rule.
    assert_eq!(rules(&[2], NOT_FOUND_BODY, true), []);
}

#[test]
fn exchanges_without_an_answer_are_findings() {
    let check = |error: SendError| {
        judge(Duration::from_millis(200))
            .judge_reply(&request(), &prediction(&[0], false), &Err(error))
            .findings
    };
    let timeout = check(SendError::Timeout {
        limit: Duration::from_millis(200),
    });
    insta::assert_snapshot!(timeout[0].to_string(), @"hostile.timeout [violation] at exchange: expected an answer within 200 ms, found no answer within 200 ms; the server hangs on this input");
    assert!(timeout[0].request.is_some());
    let reset = check(SendError::Connection(
        "connection closed before message completed".into(),
    ));
    insta::assert_snapshot!(reset[0].to_string(), @"http.response [violation] at exchange: expected an HTTP response, found connection closed before message completed; the server dropped the request; production answers every request (an error status at worst)");
}

const CONTENT_TYPES: &[Option<&str>] = &[
    None,
    Some("application/json; charset=utf-8"),
    Some("application/xml; charset=utf-8"),
    Some("text/xml; charset=utf-16"),
    Some("text/html"),
    Some(";;;=="),
];

fn bytes() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        proptest::collection::vec(any::<u8>(), 0..300),
        ".{0,200}".prop_map(String::into_bytes),
        (0..NOT_FOUND_BODY.len(), any::<u8>()).prop_map(|(at, b)| {
            let mut v = NOT_FOUND_BODY.as_bytes().to_vec();
            v[at] = b;
            v
        }),
        Just(b"<ClientFavoriteDataInfoResponse xmlns=\"x\"><ErrorCode>".to_vec()),
    ]
}

proptest! {
    /// Source: issue 4 ("the checker never panics on arbitrary response bytes").
    #[test]
    fn response_handling_never_panics(
        status in 100u16..600,
        ct in proptest::sample::select(CONTENT_TYPES),
        body in bytes(),
        codes in proptest::sample::select(vec![vec![0], vec![0, 2], vec![8], vec![2, 6]]),
        foreign_client in any::<bool>(),
    ) {
        let headers = ct.map(|c| vec![("Content-Type".to_owned(), c.to_owned())]).unwrap_or_default();
        let response = HttpResponse { status, headers, body: body.into() };
        let outcome = judge_reply(
            &request(),
            &prediction(&codes, foreign_client),
            Ok((&response, Duration::from_millis(3))),
            Some(Duration::from_millis(1)),
            &Profile::default(),
        );
        prop_assert!(outcome.findings.iter().all(|f| f.request.is_some()));
    }
}
