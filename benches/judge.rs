//! CPU cost of judging one exchange in process, without any network: the judging core the
//! proxy, `check` and the snapshot runner share ([`favorite_contract::Judge`]), fed the mock's
//! answers to the proxy benchmark's three requests (JSON, XML, form). Answers are fetched once
//! from an in-process mock; then each exchange is judged repeatedly and the mean µs per
//! judgment is printed per format. Run with `cargo bench --bench judge` (`-- --rounds N`,
//! default 3,000 judgments per format).
#![allow(clippy::unwrap_used, reason = "a benchmark fails loudly")]

mod common;

use common::number_arg;
use favorite_contract::{HttpRequest, HttpResponse, Judge, JudgeSetup, MockServer, RequestBody};
use std::time::{Duration, Instant};

const DEFAULT_ROUNDS: u64 = 3_000;
const ACTION: &str = "/api/client/ClientFavoriteDataInfo";
const JSON_BODY: &str = r#"{"Operator":1,"Client":1006,"Start":1,"Length":10}"#;
const XML_BODY: &str = r#"<ClientFavoriteDataInfoRequest xmlns="http://schemas.datacontract.org/2004/07/LCManagerPartner.Implementation.Request"><Client>1012</Client><Length>10</Length><Start>1</Start></ClientFavoriteDataInfoRequest>"#;
const FORM_BODY: &str = "Operator=1&Client=1007";

fn request(content_type: &str, body: &str) -> HttpRequest {
    HttpRequest {
        method: "POST".into(),
        path: ACTION.into(),
        headers: vec![
            ("Host".into(), "127.0.0.1".into()),
            ("Authorization".into(), "Bearer bench".into()),
            ("Content-Type".into(), content_type.into()),
            ("Content-Length".into(), body.len().to_string()),
        ],
        body: RequestBody::Text(body.into()),
        format: None,
    }
}

fn main() {
    let rounds = number_arg("--rounds").unwrap_or(DEFAULT_ROUNDS);
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let mock = runtime
        .block_on(MockServer::builder().bind("127.0.0.1:0").start())
        .unwrap();
    let addr = mock.local_addr();
    let exchanges: Vec<(&str, HttpRequest, HttpResponse)> = [
        ("JSON", "application/json", JSON_BODY),
        ("XML", "application/xml", XML_BODY),
        ("form", "application/x-www-form-urlencoded", FORM_BODY),
    ]
    .into_iter()
    .map(|(name, content_type, body)| {
        let answer = common::http::Connection::open(addr).send(
            "POST",
            ACTION,
            &[
                ("Authorization", "Bearer bench"),
                ("Content-Type", content_type),
            ],
            body.as_bytes(),
        );
        let response = HttpResponse {
            status: answer.status,
            headers: answer.headers,
            body: answer.body.into(),
        };
        (name, request(content_type, body), response)
    })
    .collect();
    let judge = Judge::new(JudgeSetup::default()).for_captured_traffic();
    println!("judging one exchange in process, {rounds} judgments per format:");
    for (name, request, response) in &exchanges {
        let verdict = judge.judge(request, response, Duration::from_millis(1));
        assert!(
            verdict.findings.is_empty(),
            "the mock's answer judges clean: {:?}",
            verdict.findings
        );
        let started = Instant::now();
        for _ in 0..rounds {
            std::hint::black_box(judge.judge(request, response, Duration::from_millis(1)));
        }
        let us = started.elapsed().as_secs_f64() * 1e6 / rounds as f64;
        println!(
            "  {name}: {us:.1} µs per judgment ({} byte answer)",
            response.body.len()
        );
    }
    runtime.block_on(mock.shutdown());
}
