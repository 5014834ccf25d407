//! Proof that the checker works: for each rule family a deliberately broken target, which the
//! checker must catch with the right rule id and severity. Most targets are a small faulty proxy
//! in front of the real in-process mock that mutates requests or answers (as bytes, or as the
//! typed answer re-written by the codecs); one is a wiremock server with a fixed body. The same
//! proxy without a fault passes everything through and gets no finding at all, like the mock
//! itself (`checker_run.rs`).
//! Source: issue 4 ("Proof that it works"); issue 16 (grading by what the contract fixes, and
//! the relations between the lists).

use bytes::Bytes;
use favorite_contract::Response as Answer;
use favorite_contract::codec::{BindOptions, Format, WireFormat, bind, form, json, xml};
use favorite_contract::rules::check_response_text;
use favorite_contract::{CaseFile, RunConfig, RunOutcome, Target, replay, run};
use favorite_contract::{Dataset, MockServer, ServerHandle};
use favorite_contract::{Profile, Report, RuleId, Severity};
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
    /// Nothing: a transparent proxy.
    Transparent,
    /// 401 answers lose their `WWW-Authenticate` header.
    NoChallenge,
    /// `ProcTime` written with a space instead of `T`.
    DateSpace,
    /// XML bodies start with an `<?xml … encoding="utf-8"?>` declaration.
    XmlDeclaration,
    /// JSON bodies start with a UTF-8 byte-order mark.
    JsonBom,
    /// JSON success bodies indented (Formatting.Indented).
    JsonPretty,
    /// XML success bodies indented.
    XmlIndent,
    /// XML booleans written `1`/`0`.
    XmlBoolDigits,
    /// `i:nil="1"` for `i:nil="true"`.
    NilDigit,
    /// GroupFavorites in reverse order.
    GroupsReversed,
    /// ListFavorites in reverse order.
    ListReversed,
    /// GroupFavorites `null` whenever ListFavorites has rows.
    GroupsNull,
    /// GroupFavorites loses the row of the first ListFavorites goods item (when it has others).
    GroupsDropListed,
    /// Every CountSelect one higher.
    CountSelectBump,
    /// NowLinkGoods one lower (RemainLinkGoods kept consistent with it).
    NowLinkGoodsLow,
    /// ClientFavorites `NoActive` inverted.
    NoActiveInverted,
    /// GroupFavorites names differ from the goods' own.
    GroupNames,
    /// CountConfirm one lower.
    ConfirmLow,
    /// CountOffer one higher.
    CountOfferBump,
    /// Business errors carry an English message.
    EnglishMessage,
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

    /// A fault applied to the typed answer of a success, re-written by the codecs in the format
    /// it came in; `None` when the fault does not apply.
    fn typed(&self, head: &http::response::Parts, answer: &[u8]) -> Option<Vec<u8>> {
        let content_type = head
            .headers
            .get(http::header::CONTENT_TYPE)?
            .to_str()
            .ok()?;
        let format = if content_type.contains("xml") {
            WireFormat::Xml
        } else {
            WireFormat::Json
        };
        let text = std::str::from_utf8(answer).ok()?;
        let mut r = check_response_text(format, text, &Profile::default()).response?;
        if head.status != 200 || r.error_code != 0 || !mutate(self.fault, &mut r) {
            return None;
        }
        let mut out = Vec::new();
        match (self.fault, format) {
            (Fault::JsonPretty, WireFormat::Json) => json::write_pretty(&r, &mut out),
            (Fault::XmlIndent, WireFormat::Xml) => xml::write_pretty(&r, &mut out),
            (Fault::JsonPretty | Fault::XmlIndent, _) => return None,
            (_, WireFormat::Json) => json::write(&r, &mut out),
            (_, WireFormat::Xml) => xml::write(&r, &mut out),
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
            Fault::NoChallenge if head.status == 401 => {
                head.headers.remove(http::header::WWW_AUTHENTICATE);
                None
            }
            Fault::DateSpace => Some(replace(
                r#"(<ProcTime>|"ProcTime":")(\d{4}-\d{2}-\d{2})T"#,
                &text,
                "${1}${2} ",
            )),
            Fault::XmlDeclaration if text.starts_with('<') => {
                Some(format!("<?xml version=\"1.0\" encoding=\"utf-8\"?>{text}"))
            }
            Fault::JsonBom if text.starts_with('{') => Some(format!("\u{feff}{text}")),
            Fault::NilDigit => Some(text.replace("i:nil=\"true\"", "i:nil=\"1\"")),
            Fault::XmlBoolDigits => Some(
                text.replace(">true</", ">1</")
                    .replace(">false</", ">0</"),
            ),
            Fault::EnglishMessage => Some(replace(
                r#"("Message":"|<Message xmlns="[^"]*">)[А-Яа-яЁё«»\s]+"#,
                &text,
                "${1}Client not found",
            )),
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
                if let Some(b) = leaked
                    && let Ok((h, a)) = self.forward(&parts, b).await {
                        head = h;
                        answer = a;
                    }
                None
            }
            _ => None,
        };
        if let Some(m) = mutated {
            answer = m.into_bytes();
        }
        if let Some(typed) = self.typed(&head, &answer) {
            answer = typed;
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

/// Change a success answer for a typed fault; false when it does not apply to this answer.
fn mutate(fault: Fault, r: &mut Answer) -> bool {
    let lists = |r: &Answer| r.list_favorites.as_ref().map_or(0, Vec::len);
    let groups = |r: &Answer| r.group_favorites.as_ref().map_or(0, Vec::len);
    match fault {
        Fault::JsonPretty | Fault::XmlIndent => true,
        Fault::GroupsReversed => {
            let rows = r.group_favorites.get_or_insert_with(Vec::new);
            rows.reverse();
            rows.windows(2)
                .any(|w| w[0].count_select != w[1].count_select || w[0].id != w[1].id)
        }
        Fault::ListReversed => {
            let rows = r.list_favorites.get_or_insert_with(Vec::new);
            rows.reverse();
            rows.len() > 1
        }
        Fault::GroupsNull if lists(r) > 0 => {
            r.group_favorites = None;
            true
        }
        Fault::GroupsDropListed if groups(r) > 1 => {
            let Some(goods) = r
                .list_favorites
                .iter()
                .flatten()
                .next()
                .map(|l| l.list_data_id)
            else {
                return false;
            };
            r.group_favorites
                .get_or_insert_with(Vec::new)
                .retain(|g| g.id != goods);
            true
        }
        Fault::CountSelectBump if groups(r) > 0 => {
            r.group_favorites
                .iter_mut()
                .flatten()
                .for_each(|g| g.count_select += 1);
            true
        }
        Fault::NowLinkGoodsLow if r.now_link_goods > 0 => {
            r.now_link_goods -= 1;
            r.remain_link_goods = (r.max_link_goods - r.now_link_goods).max(0);
            true
        }
        Fault::NoActiveInverted if r.client_favorites.iter().flatten().next().is_some() => {
            r.client_favorites
                .iter_mut()
                .flatten()
                .for_each(|c| c.no_active = !c.no_active);
            true
        }
        Fault::GroupNames if groups(r) > 0 => {
            r.group_favorites.iter_mut().flatten().for_each(|g| {
                g.name = Some(format!("{} (2)", g.name.as_deref().unwrap_or_default()));
            });
            true
        }
        Fault::ConfirmLow if r.count_confirm > 0 => {
            r.count_confirm -= 1;
            true
        }
        Fault::CountOfferBump => {
            r.count_offer += 1;
            true
        }
        _ => false,
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

/// Every finding carries a severity its rule's table entry declares (the built-in policy; these
/// runs use the default profile, which re-grades nothing).
fn graded_by_the_table(report: &Report) {
    for f in &report.findings {
        assert!(
            f.rule.grades().contains(&f.severity),
            "{} reported as {}, not among its grades {:?}",
            f.rule,
            f.severity,
            f.rule.grades()
        );
    }
}

async fn run_against(fault: Fault) -> Result<RunOutcome, Box<dyn std::error::Error>> {
    let (url, mock) = broken(fault).await?;
    let mut config = config(&url)?;
    if fault == Fault::Slow {
        config.timeout = SLOW_TIMEOUT;
    }
    let outcome = run(config).await?;
    mock.shutdown().await;
    graded_by_the_table(&outcome.report);
    Ok(outcome)
}

async fn expect_caught(
    fault: Fault,
    rule: RuleId,
) -> Result<RunOutcome, Box<dyn std::error::Error>> {
    let outcome = run_against(fault).await?;
    let report = &outcome.report;
    assert!(
        caught(report, rule),
        "{fault:?} was not caught as {rule}:\n{}",
        report.render_human()
    );
    assert_eq!(report.exit_code(false), 1);
    Ok(outcome)
}

/// A fault the contract leaves legal but risky (or a profile choice): reported with exactly
/// that severity under `rule`, no violation at all, so the run passes unless `--strict`.
async fn expect_reported(fault: Fault, rule: RuleId, severity: Severity) -> TestResult {
    let report = run_against(fault).await?.report;
    assert!(
        report
            .findings
            .iter()
            .any(|f| f.rule == rule && f.severity == severity),
        "{fault:?} was not reported as {rule} [{severity}]:\n{}",
        report.render_human()
    );
    assert_eq!(
        report.counts.values().map(|c| c.violations).sum::<u64>(),
        0,
        "{}",
        report.render_human()
    );
    assert_eq!((report.exit_code(false), report.exit_code(true)), (0, 1));
    Ok(())
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

// Issue 16: what the contract, HTTP or the domain fix is a violation.
broken_target! {
    a_401_without_a_challenge_is_caught: NoChallenge => HttpChallenge;
    a_json_date_with_a_space_is_caught: DateSpace => JsonDateForm;
    an_xml_date_with_a_space_is_caught: DateSpace => XmlLexical;
    an_xml_declaration_is_caught: XmlDeclaration => XmlLayout;
    a_json_byte_order_mark_is_caught: JsonBom => HttpEncoding;
    xml_booleans_as_digits_are_caught: XmlBoolDigits => XmlLexical;
    a_nil_written_as_a_digit_is_caught: NilDigit => XmlNil;
    a_reversed_group_favorites_is_caught: GroupsReversed => InvFixedOrder;
    a_reversed_list_favorites_is_caught: ListReversed => InvFixedOrder;
    a_null_group_favorites_with_listed_goods_is_caught: GroupsNull => InvProvenRows;
    listed_goods_missing_from_group_favorites_are_caught: GroupsDropListed => InvGoodsInGroups;
    count_select_out_of_step_with_the_goods_filter_is_caught: CountSelectBump => InvFilterCounts;
    now_link_goods_out_of_step_with_list_favorites_is_caught: NowLinkGoodsLow => InvNowLinkGoods;
    goods_of_an_entry_shown_deactivated_are_caught: NoActiveInverted => InvSelectedEntry;
    a_goods_item_with_two_names_is_caught: GroupNames => InvGoodsNames;
    count_confirm_out_of_step_with_the_rows_is_caught: ConfirmLow => InvCountConfirm;
    total_rows_other_than_count_offer_is_caught: CountOfferBump => InvTotalRows;
    a_business_error_with_another_message_is_caught: EnglishMessage => InvBusinessError;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_indented_json_body_is_a_warning() -> TestResult {
    expect_reported(Fault::JsonPretty, RuleId::JsonLayout, Severity::Warning).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_indented_xml_body_is_a_warning() -> TestResult {
    expect_reported(Fault::XmlIndent, RuleId::XmlLayout, Severity::Warning).await
}

/// The mock behind a proxy that changes nothing: not a single finding, whatever the severity.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_transparent_proxy_gets_no_finding() -> TestResult {
    let report = run_against(Fault::Transparent).await?.report;
    assert!(report.findings.is_empty(), "{}", report.render_human());
    assert!(report.cases_run >= u64::from(CASES) / 2);
    Ok(())
}

/// The order of ClientFavorites stays a profile choice: a profile pinning the other direction
/// turns the mock's newest-first rows into profile deviations, never violations.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn another_client_favorites_order_is_a_profile_deviation() -> TestResult {
    let (url, mock) = broken(Fault::Transparent).await?;
    let mut config = config(&url)?;
    config.profile = Profile::parse(
        "oldest-first.json",
        r#"{"name":"oldest-first","order":{"client_favorites":"proc-time-asc-id-asc"}}"#,
    )?;
    let report = run(config).await?.report;
    mock.shutdown().await;
    let rules: std::collections::BTreeSet<(RuleId, Severity)> = report
        .findings
        .iter()
        .map(|f| (f.rule, f.severity))
        .collect();
    assert_eq!(
        rules,
        [(RuleId::InvOrder, Severity::ProfileDeviation)].into(),
        "{}",
        report.render_human()
    );
    assert_eq!((report.exit_code(false), report.exit_code(true)), (0, 1));
    Ok(())
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
