//! Proof that the checker works: for each rule family a deliberately broken target, which the
//! checker must catch with the right rule id. Most targets are a small faulty proxy in front of
//! the real in-process mock that mutates requests or answers; one is a wiremock server with a
//! fixed body. The correct mock itself gives zero violations (`checker_run.rs`).
//! Source: issue 4 ("Proof that it works").

use bytes::Bytes;
use favorite_contract::Dataset;
use favorite_contract::Target;
use favorite_contract::codec::{BindOptions, Format, bind, form, json, xml};
use favorite_contract::{CaseFile, RunConfig, RunOutcome, replay, run};
use favorite_contract::{MockServer, ServerHandle};
use favorite_contract::{Report, RuleId, Severity};
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use hyper::http;
use hyper::service::service_fn;
use hyper::{Request, Response};
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::{TokioExecutor, TokioIo};
use regex::Regex;
use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpListener;

type TestResult = Result<(), Box<dyn std::error::Error>>;

/// Exchanges per broken run: every case kind is drawn, and each run stays well under a second.
const CASES: u32 = 400;
const SEED: u64 = 4;

/// One way to break the contract.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Fault {
    /// `MaxLinkGoods` left out of every success body.
    MissingField,
    /// `TotalRows` written as a string.
    WrongType,
    /// `RemainEveryGain` written as a string.
    DecimalAsString,
    /// `ProcTime` written with a zone abbreviation (`2026-02-01T10:00:00 MSK`).
    DateForm,
    /// `ErrorCode` written in the response's namespace instead of the base class's.
    XmlNamespace,
    /// `AvgFavorite` written before `AvgAll`.
    XmlOrder,
    /// `Start` read as 0-based: every page starts one row late.
    OffByOnePaging,
    /// `TotalRows` one too high.
    WrongTotal,
    /// `RemainLinkGoods` not `MaxLinkGoods − NowLinkGoods`.
    BrokenInvariant,
    /// Any Authorization header is replaced by a good one.
    AcceptsBadToken,
    /// 500 bodies carry the exception detail.
    StackTrace,
    /// 500 answers come after the checker's deadline.
    Slow,
    /// Another operator's client is answered with its data.
    CrossOperatorLeak,
}

const TOKEN: &str = "Bearer favorite-contract";
const SLOW_TIMEOUT: Duration = Duration::from_millis(300);

struct Proxy {
    upstream: String,
    fault: Fault,
    client: Client<HttpConnector, Full<Bytes>>,
    dataset: Dataset,
}

fn replace(re: &str, body: &str, with: &str) -> String {
    Regex::new(re)
        .map(|r| r.replace_all(body, with).into_owned())
        .unwrap_or_else(|_| body.to_owned())
}

/// Add `delta` to every value of an integer member, in JSON and XML.
fn bump(body: &str, member: &str, delta: i64) -> String {
    let json = Regex::new(&format!("\"{member}\":(-?\\d+)")).ok();
    let xml = Regex::new(&format!("<{member}>(-?\\d+)</{member}>")).ok();
    let mut out = body.to_owned();
    if let Some(re) = json {
        out = re
            .replace_all(&out, |c: &regex::Captures<'_>| {
                let v: i64 = c[1].parse().unwrap_or(0);
                format!("\"{member}\":{}", v + delta)
            })
            .into_owned();
    }
    if let Some(re) = xml {
        out = re
            .replace_all(&out, |c: &regex::Captures<'_>| {
                let v: i64 = c[1].parse().unwrap_or(0);
                format!("<{member}>{}</{member}>", v + delta)
            })
            .into_owned();
    }
    out
}

const ABSTRACTIONS: &str =
    "http://schemas.datacontract.org/2004/07/LCManagerPartner.Implementation.Abstractions";

impl Proxy {
    /// Re-encode the request body after changing the bound request (same format).
    fn rewrite_request(
        &self,
        content_type: Option<&str>,
        body: &[u8],
        change: impl Fn(&mut favorite_contract::Request) -> bool,
    ) -> Option<Vec<u8>> {
        let bound = bind(content_type, body, &BindOptions::default()).ok()?;
        let mut request = bound.request?;
        if !change(&mut request) {
            return None;
        }
        let mut out = Vec::new();
        match bound.format? {
            Format::Json => json::write(&request, &mut out),
            Format::Xml => xml::write(&request, &mut out),
            Format::Form => out = form::encode_request(&request).into_bytes(),
        }
        Some(out)
    }

    async fn forward(
        &self,
        parts: &http::request::Parts,
        body: Vec<u8>,
    ) -> Result<(http::response::Parts, Vec<u8>), Box<dyn std::error::Error + Send + Sync>> {
        let uri = format!(
            "{}{}",
            self.upstream,
            parts.uri.path_and_query().map_or("/", |p| p.as_str())
        );
        let mut builder = Request::builder().method(parts.method.clone()).uri(uri);
        for (name, value) in &parts.headers {
            if name != http::header::HOST && name != http::header::CONTENT_LENGTH {
                builder = builder.header(name, value);
            }
        }
        let response = self
            .client
            .request(builder.body(Full::new(Bytes::from(body)))?)
            .await?;
        let (parts, body) = response.into_parts();
        Ok((parts, body.collect().await?.to_bytes().to_vec()))
    }

    async fn handle(
        self: Arc<Self>,
        request: Request<Incoming>,
    ) -> Result<Response<Full<Bytes>>, Infallible> {
        let (mut parts, body) = request.into_parts();
        let mut body = body
            .collect()
            .await
            .map(|b| b.to_bytes().to_vec())
            .unwrap_or_default();
        let content_type = parts
            .headers
            .get(http::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        match self.fault {
            Fault::OffByOnePaging => {
                if let Some(b) =
                    self.rewrite_request(content_type.as_deref(), &body, |r| match r.start {
                        Some(s) if s >= 1 && r.length.is_some_and(|l| l > 0) => {
                            r.start = Some(s + 1);
                            true
                        }
                        _ => false,
                    })
                {
                    body = b;
                }
            }
            Fault::AcceptsBadToken => {
                parts.headers.insert(
                    http::header::AUTHORIZATION,
                    http::HeaderValue::from_static(TOKEN),
                );
            }
            _ => {}
        }
        let Ok((mut head, mut answer)) = self.forward(&parts, body.clone()).await else {
            return Ok(Response::builder()
                .status(502)
                .body(Full::new(Bytes::new()))
                .unwrap_or_default());
        };
        let text = String::from_utf8_lossy(&answer).into_owned();
        let mutated = match self.fault {
            Fault::MissingField => Some(replace(
                r#""MaxLinkGoods":-?\d+,|<MaxLinkGoods>-?\d+</MaxLinkGoods>"#,
                &text,
                "",
            )),
            Fault::WrongType => Some(replace(r#""TotalRows":(\d+)"#, &text, r#""TotalRows":"$1""#)),
            Fault::DecimalAsString => Some(replace(
                r#""RemainEveryGain":([0-9.]+)"#,
                &text,
                r#""RemainEveryGain":"$1""#,
            )),
            Fault::DateForm => Some(replace(
                r#"(<ProcTime>[^<]*|"ProcTime":"[^"]*)"#,
                &text,
                "${1} MSK",
            )),
            Fault::XmlNamespace => Some(text.replace(
                &format!("<ErrorCode xmlns=\"{ABSTRACTIONS}\">"),
                "<ErrorCode>",
            )),
            Fault::XmlOrder => Some(replace(
                r"(<AvgAll>[^<]*</AvgAll>)(<AvgFavorite>[^<]*</AvgFavorite>)",
                &text,
                "$2$1",
            )),
            Fault::WrongTotal => Some(bump(&text, "TotalRows", 1)),
            Fault::BrokenInvariant => Some(bump(&text, "RemainLinkGoods", 1)),
            Fault::StackTrace if head.status == 500 => Some(
                r#"{"Message":"An error has occurred.","ExceptionMessage":"Object reference not set to an instance of an object.","ExceptionType":"System.NullReferenceException","StackTrace":"   at LCManagerPartner.Controllers.ClientController.ClientFavoriteDataInfo(ClientFavoriteDataInfoRequest request)"}"#
                    .to_owned(),
            ),
            Fault::Slow if head.status == 500 => {
                tokio::time::sleep(SLOW_TIMEOUT * 3).await;
                None
            }
            Fault::CrossOperatorLeak if text.contains("\"ErrorCode\":2") || text.contains(">2</ErrorCode>") => {
                let dataset = &self.dataset;
                let leaked = self.rewrite_request(content_type.as_deref(), &body, |r| {
                    match dataset.client(r.client) {
                        Some(c) if c.operator != r.operator => {
                            r.operator = c.operator;
                            true
                        }
                        _ => false,
                    }
                });
                if let Some(b) = leaked {
                    if let Ok((h, a)) = self.forward(&parts, b).await {
                        head = h;
                        answer = a;
                    }
                }
                None
            }
            _ => None,
        };
        if let Some(m) = mutated {
            answer = m.into_bytes();
        }
        let mut response = Response::builder().status(head.status);
        for (name, value) in &head.headers {
            if name != http::header::CONTENT_LENGTH && name != http::header::TRANSFER_ENCODING {
                response = response.header(name, value);
            }
        }
        Ok(response
            .body(Full::new(Bytes::from(answer)))
            .unwrap_or_default())
    }
}

/// Start the mock and a faulty proxy in front of it.
async fn broken(fault: Fault) -> Result<(String, ServerHandle), Box<dyn std::error::Error>> {
    let mock = MockServer::builder()
        .bind("127.0.0.1:0")
        .quiet(true)
        .start()
        .await?;
    let listener = TcpListener::bind("127.0.0.1:0").await?;
    let url = format!("http://{}", listener.local_addr()?);
    let proxy = Arc::new(Proxy {
        upstream: mock.url(),
        fault,
        client: Client::builder(TokioExecutor::new()).build_http(),
        dataset: Dataset::embedded_default(),
    });
    tokio::spawn(async move {
        loop {
            let Ok((stream, _)) = listener.accept().await else {
                break;
            };
            let proxy = Arc::clone(&proxy);
            tokio::spawn(async move {
                let service = service_fn(move |req| Arc::clone(&proxy).handle(req));
                let _ = hyper::server::conn::http1::Builder::new()
                    .serve_connection(TokioIo::new(stream), service)
                    .await;
            });
        }
    });
    Ok((url, mock))
}

fn config(url: &str) -> Result<RunConfig, Box<dyn std::error::Error>> {
    let mut config = RunConfig::new(Target::parse(url)?);
    config.credentials = vec![("Authorization".into(), TOKEN.into())];
    config.cases = CASES;
    config.seed = SEED;
    config.shrink = false;
    // Ids and business outcomes from the dataset the mock serves; no oracle, so each fault is
    // caught by its own rule family.
    config.dataset = Some(Arc::new(Dataset::embedded_default()));
    Ok(config)
}

fn caught(report: &Report, rule: RuleId) -> bool {
    report
        .findings
        .iter()
        .any(|f| f.rule == rule && f.severity == Severity::Violation)
}

async fn expect_caught(
    fault: Fault,
    rule: RuleId,
) -> Result<RunOutcome, Box<dyn std::error::Error>> {
    let (url, mock) = broken(fault).await?;
    let mut config = config(&url)?;
    if fault == Fault::Slow {
        config.timeout = SLOW_TIMEOUT;
    }
    let outcome = run(config).await?;
    mock.shutdown().await;
    let report = &outcome.report;
    assert!(
        caught(report, rule),
        "{fault:?} was not caught as {rule}:\n{}",
        report.render_human()
    );
    assert_eq!(report.exit_code(false), 1);
    Ok(outcome)
}

macro_rules! broken_target {
    ($($name:ident: $fault:ident => $rule:ident;)*) => {$(
        #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
        async fn $name() -> TestResult {
            expect_caught(Fault::$fault, RuleId::$rule).await.map(|_| ())
        }
    )*};
}

broken_target! {
    a_missing_json_field_is_caught: MissingField => JsonPropertySet;
    a_missing_xml_member_is_caught: MissingField => XmlMemberSet;
    a_wrong_type_is_caught: WrongType => JsonType;
    a_decimal_as_a_string_is_caught: DecimalAsString => JsonDecimalForm;
    a_date_in_another_form_is_caught: DateForm => JsonDateForm;
    a_date_in_another_xml_form_is_caught: DateForm => XmlLexical;
    a_wrong_xml_namespace_is_caught: XmlNamespace => XmlNamespace;
    a_wrong_xml_order_is_caught: XmlOrder => XmlOrder;
    off_by_one_paging_is_caught: OffByOnePaging => MetaPagingConcat;
    a_wrong_total_is_caught: WrongTotal => InvTotalRows;
    a_broken_invariant_is_caught: BrokenInvariant => InvRemainLinkGoods;
    a_200_for_a_bad_token_is_caught: AcceptsBadToken => HostileNo2xxData;
    a_stack_trace_is_caught: StackTrace => HostileStackTrace;
    a_slow_response_is_caught: Slow => HostileTimeout;
    a_cross_operator_leak_is_caught: CrossOperatorLeak => HostileCrossOperator;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn oracle_mode_catches_what_the_invariants_cannot() -> TestResult {
    // One row too many on a page is consistent with itself; only the engine knows better.
    let (url, mock) = broken(Fault::WrongTotal).await?;
    let mut config = config(&url)?;
    config.oracle = true;
    let report = run(config).await?.report;
    mock.shutdown().await;
    assert!(
        caught(&report, RuleId::OracleDiff),
        "{}",
        report.render_human()
    );
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_same_seed_gives_the_same_findings() -> TestResult {
    let (url, mock) = broken(Fault::BrokenInvariant).await?;
    let first = run(config(&url)?).await?.report;
    let second = run(config(&url)?).await?.report;
    mock.shutdown().await;
    assert_eq!(first.findings, second.findings);
    assert_eq!(first.cases_run, second.cases_run);
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn violations_shrink_to_a_case_file_that_replays() -> TestResult {
    let (url, mock) = broken(Fault::AcceptsBadToken).await?;
    let dir = tempfile::tempdir()?;
    let mut config = config(&url)?;
    config.shrink = true;
    config.cases_dir = Some(dir.path().to_owned());
    let outcome = run(config.clone()).await?;
    assert!(!outcome.case_files.is_empty());
    let path = outcome
        .case_files
        .iter()
        .find(|p| p.to_string_lossy().contains("hostile.no-2xx-data"))
        .ok_or("no case file for hostile.no-2xx-data")?;
    let file = CaseFile::read(path)?;
    // Shrunk: no optional header is left, and the body is the bare request.
    assert!(file.case.headers.len() <= file.original.headers.len());
    assert!(file.curl.starts_with("curl -sS -i -X 'POST'"));
    // The credentials never reach a case file or a report.
    let text = std::fs::read_to_string(path)?;
    assert!(!text.contains("favorite-contract\""), "{text}");
    assert!(!outcome.report.to_json().contains(TOKEN));
    let replayed = replay(config, std::slice::from_ref(path)).await?.report;
    mock.shutdown().await;
    assert!(
        caught(&replayed, RuleId::HostileNo2xxData),
        "{}",
        replayed.render_human()
    );
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_fixed_wiremock_body_is_caught() -> TestResult {
    use wiremock::matchers::any;
    use wiremock::{Mock, MockServer as Wiremock, ResponseTemplate};
    let server = Wiremock::start().await;
    // A success body with a decimal of the wrong form and a date with a space, for every
    // request: wrong for the error situations and for the lexical rules alike.
    let body = r#"{"TotalRows":0,"TotalRowsSelect":0,"MaxLinkGoods":3,"NowLinkGoods":0,"RemainLinkGoods":3,"RemainCountPurchases":5,"RemainGain":"5000.00","RemainEveryGain":500.00,"CountOffer":0,"CountConfirm":0,"CountPurchases":0,"SumGain":0.00,"AvgFavorite":0.00,"AvgAll":0.00,"ClientFavorites":[],"ListFavorites":[],"GroupFavorites":[],"ErrorCode":0,"Message":""}"#;
    Mock::given(any())
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("Content-Type", "application/json; charset=utf-8")
                .set_body_string(body),
        )
        .mount(&server)
        .await;
    let mut config = RunConfig::new(Target::parse(&server.uri())?);
    config.credentials = vec![("Authorization".into(), TOKEN.into())];
    config.cases = 200;
    config.seed = SEED;
    config.clients = vec![1001];
    config.detect_mock = false;
    config.shrink = false;
    let report = run(config).await?.report;
    for rule in [
        RuleId::JsonDecimalForm,
        RuleId::HttpStatus,
        RuleId::HostileNo2xxData,
        RuleId::HttpContentType,
    ] {
        assert!(caught(&report, rule), "{rule}: {}", report.render_human());
    }
    Ok(())
}
