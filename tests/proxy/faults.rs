//! In front of a faulty upstream (wiremock answering our mock's bytes with one fault each),
//! every fault is reported with its rule in the answer's header, in the journal and in the
//! reports (human, JSON, JUnit), and `--fail-on-violation` withholds the answer.

use crate::support::{self, ACTION, entry_rules, header_rules, post};
use favorite_contract::{HttpRequest, HttpResponse, ProxyConfig, RuleId};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const JSON: &str = "application/json; charset=utf-8";
const XML: &str = "application/xml; charset=utf-8";

/// Our mock's answer to `request` (the fault-free bytes a fault is made from).
async fn mock_answer(request: &HttpRequest) -> HttpResponse {
    let mock = support::mock().await;
    let answer = support::send(&support::client(&mock.url()), request).await;
    mock.shutdown().await;
    answer
}

/// A valid request of client 1006 asking for `accept`.
fn valid(accept: &str) -> HttpRequest {
    post(
        "application/json",
        r#"{"Client":1006,"Operator":0}"#,
        &[("Accept", accept)],
    )
}

/// Send `request` through a proxy (set up by `change`) to an upstream answering `status`,
/// `content_type` and `body`; return the client's answer, the journal entry's rules, and the
/// final report.
async fn through_fault(
    request: &HttpRequest,
    status: u16,
    content_type: &str,
    body: Vec<u8>,
    change: impl FnOnce(&mut ProxyConfig),
) -> (HttpResponse, Vec<String>, favorite_contract::Report) {
    let upstream = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(ACTION))
        .respond_with(ResponseTemplate::new(status).set_body_raw(body, content_type))
        .mount(&upstream)
        .await;
    let proxy = support::proxy(&upstream.uri(), change).await;
    let answer = support::send(&support::client(&proxy.url()), request).await;
    let journal = support::journal(&proxy).await;
    let entries = journal["exchanges"].as_array().unwrap();
    assert_eq!(entries.len(), 1, "{journal}");
    let rules = entry_rules(&entries[0]);
    (answer, rules, proxy.shutdown().await)
}

/// Assert `rule` is reported everywhere: the header, the journal, and each report format.
fn reported_everywhere(
    rule: RuleId,
    answer: &HttpResponse,
    journal: &[String],
    report: &favorite_contract::Report,
) {
    let id = rule.id().to_owned();
    assert!(
        header_rules(answer).contains(&id),
        "header: {:?}",
        answer.header("x-contract-findings")
    );
    assert!(journal.contains(&id), "journal: {journal:?}");
    assert!(
        report.counts.get(&rule).is_some_and(|c| c.violations > 0),
        "report counts: {:?}",
        report.counts
    );
    assert!(report.findings.iter().any(|f| f.rule == rule));
    assert!(report.render_human().contains(rule.id()));
    assert!(report.to_json().contains(&format!("\"{id}\"")));
    let junit = report.to_junit(false);
    assert!(
        junit.contains("<failure") && junit.contains(rule.id()),
        "{junit}"
    );
    assert!(report.exit_code(false) == 1);
}

/// Source: issue 13, proof ("in front of faulty upstreams … a missing member … reported with
/// the right rule, in the header, the journal and the reports").
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_missing_json_member_is_json_property_set() {
    let request = valid("application/json");
    let good = mock_answer(&request).await;
    let text = String::from_utf8(good.body.to_vec()).unwrap();
    let faulty = text.replacen(r#""AvgAll":1595.47,"#, "", 1);
    assert_ne!(faulty, text);
    let (answer, journal, report) =
        through_fault(&request, 200, JSON, faulty.clone().into_bytes(), |_| {}).await;
    // The client still gets the upstream's bytes.
    assert_eq!(answer.status, 200);
    assert_eq!(answer.body, faulty.as_bytes());
    reported_everywhere(RuleId::JsonPropertySet, &answer, &journal, &report);
}

/// Source: issue 13, proof ("wrong member order in XML").
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn xml_members_out_of_order_are_xml_order() {
    let request = valid("application/xml");
    let good = String::from_utf8(mock_answer(&request).await.body.to_vec()).unwrap();
    let pair = "<CountConfirm>1</CountConfirm><CountOffer>1</CountOffer>";
    assert!(good.contains(pair), "{good}");
    let faulty = good.replacen(
        pair,
        "<CountOffer>1</CountOffer><CountConfirm>1</CountConfirm>",
        1,
    );
    let (answer, journal, report) =
        through_fault(&request, 200, XML, faulty.into_bytes(), |_| {}).await;
    reported_everywhere(RuleId::XmlOrder, &answer, &journal, &report);
}

/// Source: issue 13, proof ("a wrong namespace").
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_base_member_in_the_derived_namespace_is_xml_namespace() {
    let request = valid("application/xml");
    let good = String::from_utf8(mock_answer(&request).await.body.to_vec()).unwrap();
    let member = r#"<ErrorCode xmlns="http://schemas.datacontract.org/2004/07/LCManagerPartner.Implementation.Abstractions">"#;
    assert!(good.contains(member), "{good}");
    let faulty = good.replacen(member, "<ErrorCode>", 1);
    let (answer, journal, report) =
        through_fault(&request, 200, XML, faulty.into_bytes(), |_| {}).await;
    reported_everywhere(RuleId::XmlNamespace, &answer, &journal, &report);
}

/// Source: issue 13, proof ("a wrong status").
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_400_for_a_valid_request_is_http_status() {
    let request = valid("application/json");
    let body = br#"{"Message":"The request is invalid."}"#.to_vec();
    let (answer, journal, report) = through_fault(&request, 400, JSON, body, |_| {}).await;
    assert_eq!(answer.status, 400);
    reported_everywhere(RuleId::HttpStatus, &answer, &journal, &report);
}

/// Source: issue 13, proof ("a broken invariant").
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_row_count_that_disagrees_with_the_rows_is_an_invariant_violation() {
    let request = valid("application/json");
    let text = String::from_utf8(mock_answer(&request).await.body.to_vec()).unwrap();
    let faulty = text.replacen(r#""TotalRowsSelect":1,"#, r#""TotalRowsSelect":2,"#, 1);
    assert_ne!(faulty, text);
    let (answer, journal, report) =
        through_fault(&request, 200, JSON, faulty.into_bytes(), |_| {}).await;
    reported_everywhere(RuleId::InvTotalRowsSelect, &answer, &journal, &report);
}

/// Source: issue 13, proof ("a stack trace in a 500").
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stack_trace_in_a_500_is_hostile_stack_trace() {
    // A body that binds to null: production answers 500, without detail.
    let request = post("application/json", "nope", &[]);
    let body = br#"{"Message":"An error has occurred.","ExceptionMessage":"Object reference not set to an instance of an object.","ExceptionType":"System.NullReferenceException","StackTrace":"   at LCManagerPartner.Controllers.ClientController.ClientFavoriteDataInfo(ClientFavoriteDataInfoRequest request)"}"#.to_vec();
    let (answer, journal, report) = through_fault(&request, 500, JSON, body, |_| {}).await;
    assert_eq!(answer.status, 500);
    reported_everywhere(RuleId::HostileStackTrace, &answer, &journal, &report);
}

/// `--fail-on-violation`: the client gets a 502 naming the findings instead of the broken
/// answer; an answer without a violation still goes through.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fail_on_violation_withholds_a_broken_answer() {
    let request = valid("application/json");
    let body = br#"{"Message":"The request is invalid."}"#.to_vec();
    let (answer, journal, report) = through_fault(&request, 400, JSON, body, |config| {
        config.fail_on_violation = true;
    })
    .await;
    assert_eq!(answer.status, 502);
    let json: serde_json::Value = serde_json::from_slice(&answer.body).unwrap();
    assert!(
        json["Message"]
            .as_str()
            .unwrap()
            .contains("--fail-on-violation")
    );
    assert_eq!(json["findings"][0]["rule"], "http.status");
    assert_eq!(json["findings"][0]["expected"], "200");
    assert_eq!(json["findings"][0]["actual"], "400");
    assert_eq!(header_rules(&answer), ["http.status"]);
    assert_eq!(journal, ["http.status"]);
    assert_eq!(report.counts.len(), 1);
}

/// `--no-findings-header`: the answer is the upstream's, untouched; the journal still knows.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_findings_header_can_be_turned_off() {
    let request = valid("application/json");
    let body = br#"{"Message":"The request is invalid."}"#.to_vec();
    let (answer, journal, _) = through_fault(&request, 400, JSON, body, |config| {
        config.findings_header = false;
    })
    .await;
    assert_eq!(answer.header("x-contract-findings"), None);
    assert_eq!(journal, ["http.status"]);
}

/// The same faulty exchange twice: the second verdict comes from the proxy's memo of verdicts,
/// with the same findings, counted again in the header, the journal and the totals; health
/// says which came from where.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_repeated_exchange_is_judged_once_and_reported_each_time() {
    let request = valid("application/json");
    let answer = mock_answer(&request).await;
    let broken = String::from_utf8(answer.body.to_vec()).unwrap().replacen(
        r#""TotalRows":"#,
        r#""TotalRowz":"#,
        1,
    );
    let upstream = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(ACTION))
        .respond_with(ResponseTemplate::new(200).set_body_raw(broken, JSON))
        .mount(&upstream)
        .await;
    let proxy = support::proxy(&upstream.uri(), |_| {}).await;
    let client = support::client(&proxy.url());
    let first = support::send(&client, &request).await;
    let second = support::send(&client, &request).await;
    assert!(!header_rules(&first).is_empty(), "{first:?}");
    assert_eq!(header_rules(&second), header_rules(&first));
    let journal = support::journal(&proxy).await;
    let entries = journal["exchanges"].as_array().unwrap();
    assert_eq!(entries.len(), 2);
    assert_eq!(entry_rules(&entries[1]), entry_rules(&entries[0]));
    let health = HttpRequest {
        method: "GET".into(),
        path: "/__proxy/health".into(),
        headers: Vec::new(),
        body: favorite_contract::RequestBody::Text(String::new()),
        format: None,
    };
    let health: serde_json::Value =
        serde_json::from_slice(&support::send(&client, &health).await.body).unwrap();
    assert_eq!(health["memo"]["hits"], 1, "{health}");
    assert_eq!(health["memo"]["judged"], 1, "{health}");
    assert_eq!(health["memo"]["kept"], 1, "{health}");
    let count = |answer: &HttpResponse| -> u64 {
        let value = answer.header("x-contract-findings").unwrap();
        value.split(';').next().unwrap().trim().parse().unwrap()
    };
    assert_eq!(count(&second), count(&first));
    let report = proxy.shutdown().await;
    assert_eq!(
        report.totals().total(),
        2 * count(&first),
        "each time counted"
    );
}
