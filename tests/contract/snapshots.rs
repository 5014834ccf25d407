//! Regression snapshots (issue 5): the corpus validates and covers what it must, our mock's answer
//! to every case is pinned with insta, and `favorite-contract snapshot` records and checks any
//! target (here wiremock targets whose answers change in controlled ways).

use crate::support;
use favorite_contract::Target;
use favorite_contract::snapshot::{
    self, Case, CheckReport, Covers, DiffAt, HttpTarget, Payload, RecordSummary, Redactions,
    WriteMode, check_dir, record_case, record_dir, snap_file_name,
};
use favorite_contract::{AuthPolicy, Dataset, Judge, JudgeSetup, contract};
use favorite_contract::{MockServer as Mock_, ServerHandle};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;
use std::time::Duration;
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(snapshot::corpus::CORPUS_DIR)
}

// ---- the corpus ----

/// Source: issue 5 ("the corpus files all validate against the contract").
#[test]
fn every_corpus_file_validates_and_is_embedded() {
    let from_dir = snapshot::corpus::load_dir(&corpus_dir()).unwrap();
    let embedded = snapshot::corpus::embedded().unwrap();
    let ids = |cases: &[Case]| cases.iter().map(|c| c.id.clone()).collect::<Vec<_>>();
    assert_eq!(
        ids(&from_dir),
        ids(&embedded),
        "src/snapshot/corpus.rs lists every file of the folder"
    );
    assert_eq!(from_dir, embedded);
    assert!(
        from_dir.len() >= 40,
        "at least 40 cases, found {}",
        from_dir.len()
    );
}

/// The client ids of the catalogue's client table.
fn catalogue_clients() -> BTreeSet<i32> {
    let text =
        std::fs::read_to_string(support::default_dataset_folder().join("CATALOGUE.md")).unwrap();
    let clients: BTreeSet<i32> = text
        .lines()
        .filter_map(|l| l.strip_prefix("| "))
        .filter_map(|l| l.split(" |").next()?.trim().parse().ok())
        .filter(|id: &i32| *id > 100)
        .collect();
    assert!(
        clients.len() >= 30,
        "the catalogue's client table parsed: {clients:?}"
    );
    clients
}

/// Source: issue 5 ("every catalogue client, every business error code, … each format in and out").
#[test]
fn the_corpus_covers_clients_errors_formats_and_hostile_classes() {
    let cases = snapshot::corpus::embedded().unwrap();
    let covered_clients: BTreeSet<i32> = cases
        .iter()
        .flat_map(|c| &c.covers)
        .filter_map(|c| match c {
            Covers::Client(id) => Some(*id),
            _ => None,
        })
        .collect();
    assert_eq!(
        covered_clients,
        catalogue_clients(),
        "every catalogue client, and only those"
    );

    let codes: BTreeSet<i32> = contract().business_errors.iter().map(|e| e.code).collect();
    let covered_codes: BTreeSet<i32> = cases
        .iter()
        .filter_map(|c| c.expect.error_code)
        .filter(|c| *c != 0)
        .collect();
    assert_eq!(
        covered_codes, codes,
        "a case answered with each business error code"
    );

    let inputs: BTreeSet<&str> = cases
        .iter()
        .flat_map(snapshot::exchanges)
        .map(|e| e.input.id())
        .collect();
    assert_eq!(inputs, BTreeSet::from(["form", "json", "raw", "xml"]));
    let accepts: BTreeSet<&str> = cases
        .iter()
        .flat_map(|c| &c.accept)
        .map(|a| a.id())
        .collect();
    assert_eq!(accepts, BTreeSet::from(["default", "json", "xml"]));

    let statuses: BTreeSet<u16> = cases.iter().map(|c| c.expect.status).collect();
    assert_eq!(statuses, BTreeSet::from([200, 401, 404, 405, 415, 500]));
    let content_type_of_415 = |with: bool| {
        cases.iter().any(|c| {
            c.expect.status == 415
                && matches!(&c.payload, Payload::Raw { content_type, .. } if content_type.is_some() == with)
        })
    };
    assert!(
        content_type_of_415(true) && content_type_of_415(false),
        "415 with and without a Content-Type"
    );
    for prefix in [
        "paging-",
        "period-",
        "xml-member-out-of-order",
        "xml-base-member-wrong-namespace",
        "json-operator-overflow",
        "form-plus-in-offset",
    ] {
        assert!(
            cases.iter().any(|c| c.id.starts_with(prefix)),
            "a `{prefix}` case"
        );
    }
}

// ---- our mock's answer to every case, pinned ----

/// The bearer token the tests send (the mock accepts any non-empty one).
const TOKEN: &str = "snapshot-test";

/// insta settings of the corpus snapshots (style lesson 9): top-level `snapshots/`, files named
/// `corpus@<case>.json.snap` like `favorite-contract snapshot` names them, maps sorted, and the
/// mock's URL (a random port) redacted from the header.
fn settings() -> insta::Settings {
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path(concat!(env!("CARGO_MANIFEST_DIR"), "/snapshots"));
    settings.set_prepend_module_to_snapshot(false);
    settings.set_sort_maps(true);
    settings.add_redaction(".target", "[in-process mock]");
    settings
}

/// The in-process mock on 127.0.0.1, any free port, with its default (embedded) dataset, and a
/// client for it.
fn mock(runtime: &tokio::runtime::Runtime) -> (ServerHandle, HttpTarget, Redactions) {
    let server = runtime.block_on(support::spawn_mock(Mock_::builder()));
    let target = HttpTarget::new(
        Target::parse(&server.url()).unwrap(),
        vec![("Authorization".to_owned(), format!("Bearer {TOKEN}"))],
        Duration::from_secs(10),
    )
    .unwrap();
    let redactions = Redactions::new(Vec::new(), Some(target.base_url()));
    (server, target, redactions)
}

/// Source: issue 5 ("one glob-driven test over the corpus … pinning the mock's response to every
/// case: status, content type and body, in JSON and XML"). The answers come from the dataset's
/// `as_of`, never the wall clock, so the snapshots are stable. Each case's documented `expect`
/// is checked first, so a wrong answer cannot be accepted as a snapshot unnoticed.
#[test]
fn corpus() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let (server, target, redactions) = mock(&runtime);
    let cases = snapshot::corpus::embedded().unwrap();
    settings().bind(|| {
        insta::glob!("../../contracts/corpus", "*.json", |path| {
            let id = path.file_stem().unwrap().to_string_lossy();
            let case = cases.iter().find(|c| c.id == id).unwrap();
            let recording = runtime
                .block_on(record_case(&target, case, &redactions))
                .unwrap();
            for exchange in recording.summary() {
                let at = format!("{id} · {}", exchange.label);
                assert_eq!(exchange.status, case.expect.status, "{at}");
                if case.expect.error_code.is_some() {
                    assert_eq!(exchange.error_code, case.expect.error_code, "{at}");
                }
            }
            let mut settings = insta::Settings::clone_current();
            settings.set_description(case.comment.as_str());
            settings.set_info(&recording.info(target.base_url()));
            settings.bind(|| insta::assert_snapshot!(recording.text()));
        });
    });
    runtime.block_on(server.shutdown());
}

/// The corpus through the judging core, as `check` judges its generated cases: our mock's
/// answer to every exchange has no violation (oracle mode on its dataset), and the judge's
/// prediction — the same pipeline classification the mock answers from — is each case's
/// documented answer.
#[test]
fn the_judge_passes_the_mock_on_the_whole_corpus_and_predicts_every_documented_answer() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let (server, target, _) = mock(&runtime);
    let judge = Judge::new(JudgeSetup {
        dataset: Some(Arc::new(Dataset::embedded_default())),
        oracle: true,
        auth: AuthPolicy::Required,
        time_limit: Some(Duration::from_secs(10)),
        ..JudgeSetup::default()
    });
    let mut exchanges = 0;
    for case in snapshot::corpus::embedded().unwrap() {
        for judged in runtime.block_on(snapshot::judge_case(&target, &case, &judge)) {
            let at = format!("{} · {}", case.id, judged.label);
            let violations: Vec<String> = judged
                .verdict
                .findings
                .iter()
                .filter(|f| f.is_violation())
                .map(ToString::to_string)
                .collect();
            assert!(violations.is_empty(), "{at}: {violations:#?}");
            assert_eq!(
                judged.prediction.situation.status(),
                case.expect.status,
                "{at}"
            );
            if let Some(code) = case.expect.error_code {
                assert_eq!(judged.prediction.codes, BTreeSet::from([code]), "{at}");
            }
            assert!(
                judged.request.header("authorization") != Some(&format!("Bearer {TOKEN}")),
                "{at}: the target's credentials are redacted"
            );
            exchanges += 1;
        }
    }
    assert!(exchanges > 200, "{exchanges} exchanges judged");
    runtime.block_on(server.shutdown());
}

/// The committed snapshots are what `favorite-contract snapshot --check snapshots/` compares a
/// target with: against our mock it finds no difference, and its recorder writes the same text
/// insta stored.
#[test]
fn the_cli_check_agrees_with_the_insta_snapshots() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let (server, target, redactions) = mock(&runtime);
    let cases = snapshot::corpus::embedded().unwrap();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("snapshots");
    let report = runtime
        .block_on(check_dir(&target, &cases, &redactions, &dir))
        .unwrap();
    assert!(report.is_clean(), "{report}");
    assert!(
        report
            .cases
            .iter()
            .all(|c| c.exchanges.iter().all(|e| !e.bytes_differ)),
        "{report}"
    );
    runtime.block_on(server.shutdown());
}

// ---- recording and checking wiremock targets ----

const ENDPOINT: &str = "/api/client/ClientFavoriteDataInfo";

/// One case, in its own corpus folder, so these tests do not move with the real corpus.
fn tiny_corpus(dir: &Path) -> Vec<Case> {
    std::fs::write(
        dir.join("tiny.json"),
        r#"{"id": "tiny", "comment": "one request, JSON and XML out", "covers": [{"client": 1006}],
            "request": {"Operator": 1, "Client": 1006}, "expect": {"status": 200, "error_code": 0}}"#,
    )
    .unwrap();
    snapshot::corpus::load_dir(dir).unwrap()
}

const NS: &str = "http://schemas.datacontract.org/2004/07/LCManagerPartner.Implementation.Response";

fn json_body(name: &str, proc_time: &str) -> String {
    format!(
        r#"{{"ClientFavorites":[{{"Id":100601,"ProcTime":"{proc_time}","Name":"{name}"}}],"SumGain":6790.50,"ErrorCode":0,"Message":""}}"#
    )
}

fn xml_body(name: &str, proc_time: &str) -> String {
    format!(
        r#"<ClientFavoriteDataInfoResponse xmlns:i="http://www.w3.org/2001/XMLSchema-instance" xmlns="{NS}"><ErrorCode>0</ErrorCode><ClientFavorites><Row><Id>100601</Id><Name>{name}</Name><ProcTime>{proc_time}</ProcTime></Row></ClientFavorites><SumGain>6790.50</SumGain></ClientFavoriteDataInfoResponse>"#
    )
}

/// Answer JSON for `Accept: application/json` and XML for `Accept: application/xml`.
async fn serve(server: &MockServer, json: String, xml: String) {
    server.reset().await;
    for (accept, body) in [("application/json", json), ("application/xml", xml)] {
        Mock::given(method("POST"))
            .and(path(ENDPOINT))
            .and(header("Accept", accept))
            .respond_with(
                ResponseTemplate::new(200).set_body_raw(body, &format!("{accept}; charset=utf-8")),
            )
            .mount(server)
            .await;
    }
}

/// The proc time of the recorded row, and a later one.
const RECORDED: &str = "2026-02-01T10:00:00";
const LATER: &str = "2026-05-07T11:27:39.507";

/// A wiremock target, the one-case corpus of [`tiny_corpus`] in a temporary folder, and the
/// folder its snapshots go to.
struct Wired {
    server: MockServer,
    /// Holds the corpus file and `recorded/`.
    dir: tempfile::TempDir,
    cases: Vec<Case>,
    out: PathBuf,
    target: HttpTarget,
    /// No redaction rules (the target's URL is still hidden).
    none: Redactions,
}

impl Wired {
    async fn start() -> Wired {
        let server = MockServer::start().await;
        let dir = tempfile::tempdir().unwrap();
        let cases = tiny_corpus(dir.path());
        let out = dir.path().join("recorded");
        let target = HttpTarget::new(
            Target::parse(&server.uri()).unwrap(),
            vec![("Authorization".to_owned(), "Bearer secret-token".to_owned())],
            Duration::from_secs(5),
        )
        .unwrap();
        let none = Redactions::new(Vec::new(), Some(target.base_url()));
        Wired {
            server,
            dir,
            cases,
            out,
            target,
            none,
        }
    }

    /// Answer with one row, `(name, proc_time)` in JSON and in XML.
    async fn serve_rows(&self, json: (&str, &str), xml: (&str, &str)) {
        serve(
            &self.server,
            json_body(json.0, json.1),
            xml_body(xml.0, xml.1),
        )
        .await;
    }

    async fn record(&self, redactions: &Redactions) -> RecordSummary {
        record_dir(
            &self.target,
            &self.cases,
            redactions,
            &self.out,
            WriteMode::Review,
        )
        .await
        .unwrap()
    }

    /// Check the target against `recorded/` (with the redactions recorded there).
    async fn check(&self) -> CheckReport {
        check_dir(&self.target, &self.cases, &self.none, &self.out)
            .await
            .unwrap()
    }

    fn stored(&self) -> String {
        std::fs::read_to_string(self.out.join(snap_file_name("tiny"))).unwrap()
    }
}

fn differences(report: &CheckReport) -> Vec<(String, DiffAt, String, String)> {
    report
        .cases
        .iter()
        .flat_map(|c| &c.exchanges)
        .flat_map(|e| {
            e.differences.iter().map(move |d| {
                (
                    e.label.clone(),
                    d.at.clone(),
                    d.expected.clone(),
                    d.actual.clone(),
                )
            })
        })
        .collect()
}

/// Source: issue 5 ("a changed field in a wiremock target shows up as exactly that diff").
#[tokio::test]
async fn a_changed_field_is_exactly_one_difference_per_format() {
    let w = Wired::start().await;
    w.serve_rows(("Кофе", RECORDED), ("Кофе", RECORDED)).await;
    let summary = w.record(&w.none).await;
    assert_eq!(summary.created, ["tiny"]);
    let stored = w.stored();
    assert!(
        !stored.contains("secret-token"),
        "credentials never reach a snapshot"
    );
    assert!(stored.contains("> Authorization: [target]"));

    // The same data in another member order and spacing is no difference.
    let reordered = r#"{"ErrorCode":0, "Message":"", "SumGain":6790.5, "ClientFavorites":[{"Name":"Кофе","Id":100601,"ProcTime":"2026-02-01T10:00:00"}]}"#;
    serve(&w.server, reordered.to_owned(), xml_body("Кофе", RECORDED)).await;
    let report = w.check().await;
    assert!(report.is_clean(), "{report}");
    assert!(
        report.cases[0].exchanges[0].bytes_differ,
        "the bytes did change"
    );

    // One field changes in each format: exactly that difference.
    w.serve_rows(("Чай", RECORDED), ("Чай", RECORDED)).await;
    let report = w.check().await;
    assert_eq!(
        differences(&report),
        [
            (
                "json → json".to_owned(),
                DiffAt::Json("/ClientFavorites/0/Name".into()),
                r#""Кофе""#.to_owned(),
                r#""Чай""#.to_owned()
            ),
            (
                "json → xml".to_owned(),
                DiffAt::Xml("/ClientFavoriteDataInfoResponse/ClientFavorites/Row/Name".into()),
                r#""Кофе""#.to_owned(),
                r#""Чай""#.to_owned()
            ),
        ]
    );
    insta::assert_snapshot!(report.to_string().replace(&w.out.display().to_string(), "DIR"), @r#"
    ✗ tiny · json → json: 1 difference
        at /ClientFavorites/0/Name
          expected "Кофе"
          actual   "Чай"
    ✗ tiny · json → xml: 1 difference
        at /ClientFavoriteDataInfoResponse/ClientFavorites/Row/Name
          expected "Кофе"
          actual   "Чай"
    checked 1 cases (2 exchanges) against DIR: 1 case differs (2 differences)
    "#);

    // Recording again leaves the accepted snapshot alone and writes a pending one for review.
    let summary = w.record(&w.none).await;
    assert_eq!(summary.pending, ["tiny"]);
    let pending = w.out.join(snapshot::pending_file_name("tiny"));
    let new = insta::Snapshot::from_file(&pending).unwrap();
    let old = insta::Snapshot::from_file(&w.out.join(snap_file_name("tiny"))).unwrap();
    assert!(
        new.as_text()
            .unwrap()
            .to_string()
            .contains("\"Name\": \"Чай\"")
    );
    assert!(
        old.as_text()
            .unwrap()
            .to_string()
            .contains("\"Name\": \"Кофе\"")
    );
    assert_eq!(
        new.metadata().description(),
        Some("one request, JSON and XML out")
    );
}

/// Source: contracts/reference/wire.md#xml-member-order, contracts/reference/wire.md#checker-policy (XML responses: prefixes, whitespace and `<X/>` do not matter;
/// DataContract order does).
#[tokio::test]
async fn xml_is_compared_canonically_and_order_changes_are_reported() {
    let w = Wired::start().await;
    let json = json_body("Кофе", RECORDED);
    let xml = |inner: &str| {
        format!(
            r#"<ClientFavoriteDataInfoResponse xmlns:i="http://www.w3.org/2001/XMLSchema-instance" xmlns="{NS}">{inner}</ClientFavoriteDataInfoResponse>"#
        )
    };
    serve(&w.server, json.clone(), xml("<ErrorCode>0</ErrorCode><Message></Message><SumGain>6790.50</SumGain><UrlImage i:nil=\"true\"/>")).await;
    w.record(&w.none).await;

    // Other prefixes, an XML declaration, CRLF and indentation, `<X/>` for `<X></X>`: equal.
    let restyled = format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\r\n<r:ClientFavoriteDataInfoResponse xmlns:r=\"{NS}\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">\r\n  <r:ErrorCode>0</r:ErrorCode>\r\n  <r:Message/>\r\n  <r:SumGain>6790.50</r:SumGain>\r\n  <r:UrlImage xsi:nil=\"true\"></r:UrlImage>\r\n</r:ClientFavoriteDataInfoResponse>"
    );
    serve(&w.server, json.clone(), restyled).await;
    let report = w.check().await;
    assert!(report.is_clean(), "{report}");

    // The same members in another order: one difference, the parent's order.
    serve(&w.server, json, xml("<ErrorCode>0</ErrorCode><SumGain>6790.50</SumGain><Message></Message><UrlImage i:nil=\"true\"/>")).await;
    let report = w.check().await;
    assert_eq!(
        differences(&report),
        [(
            "json → xml".to_owned(),
            DiffAt::XmlOrder("/ClientFavoriteDataInfoResponse".into()),
            "ErrorCode, Message, SumGain, UrlImage".to_owned(),
            "ErrorCode, SumGain, Message, UrlImage".to_owned()
        )]
    );
}

/// Source: issue 5 ("redactions hide what they name and nothing else").
#[tokio::test]
async fn redactions_hide_what_they_name_and_nothing_else() {
    let w = Wired::start().await;
    let rule = "/ClientFavorites/*/ProcTime=[date]".parse().unwrap();
    let rules = Redactions::new(vec![rule], Some(w.target.base_url()));

    w.serve_rows(("Кофе", RECORDED), ("Кофе", RECORDED)).await;
    w.record(&rules).await;
    let stored = w.stored();
    assert_eq!(stored.matches("[redacted: date]").count(), 2, "{stored}");
    assert!(!stored.contains(RECORDED), "{stored}");
    assert!(
        stored.contains("\"Name\": \"Кофе\"") && stored.contains("<Name>Кофе</Name>"),
        "{stored}"
    );
    assert!(
        stored.contains("6790.50") && stored.contains("100601"),
        "{stored}"
    );
    assert!(stored.contains("< raw: [redacted: 1 values]"), "{stored}");
    assert!(
        stored.contains(r#""redactions":["/ClientFavorites/*/ProcTime=[date]"]"#),
        "{stored}"
    );

    // The check needs no flag: the rules recorded in the snapshot apply. A new date passes…
    w.serve_rows(("Кофе", LATER), ("Кофе", LATER)).await;
    assert!(w.check().await.is_clean());
    // …a value that is no date does not hide behind the date marker…
    w.serve_rows(("Кофе", "tomorrow"), ("Кофе", LATER)).await;
    assert_eq!(
        differences(&w.check().await),
        [(
            "json → json".to_owned(),
            DiffAt::Json("/ClientFavorites/0/ProcTime".into()),
            r#""[redacted: date]""#.to_owned(),
            r#""tomorrow""#.to_owned()
        )]
    );
    // …and a field the rule does not name still counts.
    w.serve_rows(("Чай", LATER), ("Кофе", LATER)).await;
    let differences = differences(&w.check().await);
    assert_eq!(differences.len(), 1);
    assert_eq!(
        differences[0].1,
        DiffAt::Json("/ClientFavorites/0/Name".into())
    );
}

// ---- the command line ----

/// Run `favorite-contract snapshot ARGS` off the async runtime: (exit code, stdout, stderr).
async fn cli(args: Vec<String>) -> (i32, String, String) {
    tokio::task::spawn_blocking(move || {
        let output = Command::new(env!("CARGO_BIN_EXE_favorite-contract"))
            .arg("snapshot")
            .args(args)
            .output()
            .unwrap();
        (
            output.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&output.stdout).into_owned(),
            String::from_utf8_lossy(&output.stderr).into_owned(),
        )
    })
    .await
    .unwrap()
}

/// Exit code 2 with `needle` in stderr.
async fn fails_with(args: Vec<String>, needle: &str) {
    let (code, stdout, stderr) = cli(args).await;
    assert_eq!(code, 2, "{stdout}\n{stderr}");
    assert!(stderr.contains(needle), "{stderr}");
}

fn strings<const N: usize>(args: [&str; N]) -> Vec<String> {
    args.map(str::to_owned).to_vec()
}

/// Source: issue 4's exit codes, which `snapshot --check` mirrors: 0 none, 1 differences, 2 usage
/// error or unreachable target.
#[tokio::test]
async fn check_exit_codes() {
    let w = Wired::start().await;
    let corpus = w.dir.path().display().to_string();
    let out = w.out.display().to_string();
    let url = w.server.uri();
    let base = |mode: &str, dir: &str| -> Vec<String> {
        strings([
            "--target", &url, "--corpus", &corpus, "--bearer", "t", mode, dir,
        ])
    };
    let with = |mut args: Vec<String>, more: [&str; 2]| {
        args.extend(strings(more));
        args
    };

    w.serve_rows(("Кофе", RECORDED), ("Кофе", RECORDED)).await;
    let (code, stdout, _) = cli(base("--out", &out)).await;
    assert_eq!(code, 0, "{stdout}");
    assert!(stdout.contains("1 new"), "{stdout}");

    let (code, stdout, _) = cli(base("--check", &out)).await;
    assert_eq!(code, 0, "{stdout}");
    assert!(stdout.contains("no differences"), "{stdout}");

    w.serve_rows(("Чай", RECORDED), ("Кофе", RECORDED)).await;
    let (code, stdout, _) = cli(base("--check", &out)).await;
    assert_eq!(code, 1, "{stdout}");
    assert!(stdout.contains("at /ClientFavorites/0/Name"), "{stdout}");

    // A target slower than --timeout is reported as such, quickly: the first request may take
    // 3 × --timeout (a cold start), and no answer within that is a setup error.
    w.server.reset().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_secs(5)))
        .mount(&w.server)
        .await;
    let started = std::time::Instant::now();
    fails_with(
        with(base("--check", &out), ["--timeout", "200ms"]),
        "accepts connections but did not answer POST",
    )
    .await;
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "never waits for the slow answer"
    );

    // A snapshot this tool cannot read is a usage error naming the file and the line (against
    // a target that answers like this endpoint again: an empty 200 is not its answer).
    w.serve_rows(("Кофе", RECORDED), ("Кофе", RECORDED)).await;
    let snap = w.out.join(snap_file_name("tiny"));
    let text = std::fs::read_to_string(&snap).unwrap();
    std::fs::write(&snap, text.replace("< 200", "< two hundred")).unwrap();
    let (code, _, stderr) = cli(base("--check", &out)).await;
    assert_eq!(code, 2);
    assert!(
        stderr.contains("corpus@tiny.json.snap: expected a snapshot"),
        "{stderr}"
    );
    assert!(
        stderr.contains("expected a status code, found `two hundred`"),
        "{stderr}"
    );
    std::fs::write(&snap, text).unwrap();

    // Unreachable: a port nothing listens on.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let dead = format!("http://{}", closed.local_addr().unwrap());
    drop(closed);
    let mut args = base("--check", &out);
    args[1] = dead;
    fails_with(args, "unreachable").await;

    // Usage errors.
    let (code, _, stderr) = cli(strings(["--target", &url])).await;
    assert_eq!(code, 2, "{stderr}");
    fails_with(
        with(base("--check", &out), ["--redact", "ClientFavorites=[x]"]),
        "expected a path starting with `/`",
    )
    .await;
    fails_with(
        with(base("--check", &out), ["--case", "nope"]),
        "expected a case id of the corpus, found `nope`",
    )
    .await;
    fails_with(
        strings(["--target", "ftp://staging.example", "--check", &out]),
        "expected a URL starting with http:// or https://",
    )
    .await;
    // HTTPS goes through the checker's TLS client: a plain-HTTP server fails the handshake,
    // explained in plain words.
    let https = url.replacen("http://", "https://", 1);
    let mut args = base("--out", &out);
    args[1] = https;
    fails_with(
        args,
        "the server answered plain HTTP to a TLS handshake: use an http:// URL for this port",
    )
    .await;
}
