//! `favorite-contract proxy` as a CI job runs it: started in the background, traffic sent
//! through it, stopped with SIGTERM; reports written at shutdown (and on `POST
//! /__proxy/report`), exit 0 when clean, 1 on a violation, 2 for a setup it cannot run.

use crate::support::{self, ACTION, post};
use std::io::{BufRead, BufReader, Read};
use std::process::{Child, Command, Stdio};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

const BINARY: &str = env!("CARGO_BIN_EXE_favorite-contract");

/// A running proxy process.
struct Proxy {
    child: Child,
    url: String,
    stdout: Option<JoinHandle<String>>,
    stderr: Option<JoinHandle<String>>,
}

impl Proxy {
    /// Start `proxy --port 0` with these flags; the banner (on stdout with the human report,
    /// else on stderr) names the address.
    fn start(args: &[&str]) -> Proxy {
        let mut child = Command::new(BINARY)
            .args(["proxy", "--port", "0", "--quiet"])
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let banner_on_stdout =
            !args.iter().any(|a| a.starts_with("--report")) || args.contains(&"human");
        let (tx, rx) = std::sync::mpsc::channel::<String>();
        let read =
            |stream: Box<dyn Read + Send>, banner: bool, tx: std::sync::mpsc::Sender<String>| {
                std::thread::spawn(move || {
                    let mut reader = BufReader::new(stream);
                    let mut all = String::new();
                    let mut line = String::new();
                    while reader.read_line(&mut line).is_ok_and(|n| n > 0) {
                        if banner && line.contains("listening on") {
                            let _ = tx.send(line.clone());
                        }
                        all.push_str(&line);
                        line.clear();
                    }
                    all
                })
            };
        let stdout = read(
            Box::new(child.stdout.take().unwrap()),
            banner_on_stdout,
            tx.clone(),
        );
        let stderr = read(
            Box::new(child.stderr.take().unwrap()),
            !banner_on_stdout,
            tx,
        );
        let banner = rx
            .recv_timeout(Duration::from_secs(20))
            .expect("the proxy prints its banner");
        let url = banner
            .split_whitespace()
            .find(|w| w.starts_with("http://"))
            .unwrap()
            .to_owned();
        Proxy {
            child,
            url,
            stdout: Some(stdout),
            stderr: Some(stderr),
        }
    }

    /// SIGTERM, then the exit code, stdout and stderr.
    fn terminate(mut self) -> (i32, String, String) {
        Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .unwrap();
        let started = Instant::now();
        let status = loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                break status;
            }
            assert!(
                started.elapsed() < Duration::from_secs(20),
                "no exit after SIGTERM"
            );
            std::thread::sleep(Duration::from_millis(20));
        };
        let stdout = self.stdout.take().unwrap().join().unwrap();
        let stderr = self.stderr.take().unwrap().join().unwrap();
        (status.code().unwrap_or(-1), stdout, stderr)
    }
}

impl Drop for Proxy {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn clean_traffic_exits_0_with_its_reports() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let mock = runtime.block_on(support::mock());
    let dir = tempfile::tempdir().unwrap();
    let json = dir.path().join("proxy.json");
    let junit = dir.path().join("proxy.xml");
    let proxy = Proxy::start(&[
        "--upstream",
        &mock.url(),
        "--report",
        "human",
        "--report",
        &format!("json={}", json.display()),
        "--report",
        &format!("junit={}", junit.display()),
    ]);
    runtime.block_on(async {
        let client = support::client(&proxy.url);
        for body in [r#"{"Client":1006}"#, r#"{"Client":0}"#, "nope"] {
            support::send(&client, &post("application/json", body, &[])).await;
        }
    });
    let (code, stdout, stderr) = proxy.terminate();
    assert_eq!(code, 0, "{stdout}\n{stderr}");
    assert!(stdout.contains("3 cases"), "{stdout}");
    assert!(stdout.contains("0 violations"), "{stdout}");
    assert!(stderr.contains("SIGTERM"), "{stderr}");
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    assert_eq!(report["cases_run"], 3);
    assert_eq!(report["target"], mock.url());
    let junit = std::fs::read_to_string(&junit).unwrap();
    assert!(
        junit.contains("<testsuite") && !junit.contains("<failure"),
        "{junit}"
    );
    runtime.block_on(mock.shutdown());
}

#[test]
fn a_violation_exits_1_and_post_report_writes_the_reports_before_that() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let upstream = runtime.block_on(async {
        let upstream = MockServer::start().await;
        Mock::given(method("POST"))
            .respond_with(ResponseTemplate::new(400))
            .mount(&upstream)
            .await;
        upstream
    });
    let dir = tempfile::tempdir().unwrap();
    let junit = dir.path().join("proxy.xml");
    let proxy = Proxy::start(&[
        "--upstream",
        &upstream.uri(),
        "--report",
        &format!("junit={}", junit.display()),
        "--report",
        "json=-",
    ]);
    let written = runtime.block_on(async {
        let client = support::client(&proxy.url);
        let answer =
            support::send(&client, &post("application/json", r#"{"Client":1}"#, &[])).await;
        // A bare 400: the wrong status, and no Content-Type.
        assert_eq!(
            answer.header("x-contract-findings"),
            Some("2; http.status, http.content-type")
        );
        let mut report = post("application/json", "", &[("X-Mock-Admin", "1")]);
        report.path = "/__proxy/report".into();
        support::send(&client, &report).await
    });
    assert_eq!(written.status, 200);
    // Written on request, before any shutdown.
    let before = std::fs::read_to_string(&junit).unwrap();
    assert!(before.contains("<failure"), "{before}");
    let (code, stdout, stderr) = proxy.terminate();
    assert_eq!(code, 1, "{stderr}");
    // stdout carries only the JSON reports (one per write), the summary goes to stderr.
    let reports: Vec<serde_json::Value> = serde_json::Deserializer::from_str(&stdout)
        .into_iter()
        .collect::<Result<_, _>>()
        .unwrap_or_else(|e| panic!("stdout is not JSON only ({e}): {stdout}"));
    assert_eq!(reports.len(), 2, "{stdout}");
    assert_eq!(reports[1]["counts"]["http.status"]["violations"], 1);
    assert!(stderr.contains("2 violations"), "{stderr}");
    // The banner went to stderr too, naming what is judged.
    assert!(stderr.contains(&format!("judging {ACTION}")), "{stderr}");
}

#[test]
fn a_setup_that_cannot_run_exits_2_in_one_sentence() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let taken = listener.local_addr().unwrap().port().to_string();
    let cases: [(&[&str], &str); 4] = [
        (
            &["--upstream", "ftp://staging"],
            "--upstream: expected a URL starting with http://",
        ),
        (
            &[
                "--upstream",
                "http://127.0.0.1:1",
                "--ca-cert",
                "/nonexistent/ca.pem",
            ],
            "--ca-cert /nonexistent/ca.pem",
        ),
        (
            &["--upstream", "http://127.0.0.1:1", "--profile", "nope"],
            "nope",
        ),
        (
            &["--upstream", "http://127.0.0.1:1", "--port", &taken],
            "could not listen on",
        ),
    ];
    for (args, expected) in cases {
        let output = Command::new(BINARY)
            .arg("proxy")
            .args(args)
            .stdin(Stdio::null())
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains(expected), "{args:?}: {stderr}");
        assert_eq!(
            stderr.lines().filter(|l| l.starts_with("error:")).count(),
            1,
            "{stderr}"
        );
    }
    drop(listener);
}
