//! The binary as scripts use it: a closed stdout ends every command quietly with its normal
//! exit code, `--report …=-` keeps stdout for one document, colour follows `--color` and
//! `NO_COLOR`, wrong setups are usage errors (exit 2) and bad values get precise messages.
//!
//! Everything here runs the real binary (`CARGO_BIN_EXE_favorite-contract`).

use super::support;
use favorite_contract::{
    AuthMode, DateStyle, EngineSettings as Settings, MockServer, ServerHandle,
};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_favorite-contract");

/// A mock in its own runtime, shut down on drop.
struct Mock {
    runtime: tokio::runtime::Runtime,
    handle: Option<ServerHandle>,
    url: String,
}

impl Mock {
    /// The reference mock: a clean target.
    fn start() -> Mock {
        Mock::with(Settings::default())
    }

    /// A mock that writes dates as Local `+03:00` where the default profile expects them
    /// without an offset: every answer with a date breaks `date.kind`, deterministically, so
    /// [`VIOLATING_PROFILE`] turns that into violations.
    fn violating() -> Mock {
        Mock::with(Settings {
            date_style: DateStyle::Local,
            ..Settings::default()
        })
    }

    fn with(settings: Settings) -> Mock {
        let runtime = tokio::runtime::Runtime::new().unwrap();
        let builder = MockServer::builder()
            .auth(AuthMode::Bearer)
            .settings(settings);
        let handle = runtime.block_on(support::spawn_mock(builder));
        let url = handle.url();
        Mock {
            runtime,
            handle: Some(handle),
            url,
        }
    }
}

impl Drop for Mock {
    fn drop(&mut self) {
        if let Some(handle) = self.handle.take() {
            self.runtime.block_on(handle.shutdown());
        }
    }
}

/// A profile under which the wrong date kind of [`Mock::violating`] is a violation.
const VIOLATING_PROFILE: &str =
    r#"{"name": "dates-matter", "severity": {"date.kind": "violation"}}"#;

/// [`VIOLATING_PROFILE`] in a file that lives as long as the returned folder.
fn violating_profile() -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("dates-matter.json");
    std::fs::write(&path, VIOLATING_PROFILE).unwrap();
    let path = path.display().to_string();
    (dir, path)
}

/// A pipe whose reader is already gone: everything written to it fails with EPIPE. The reader
/// is the stdin of a `true` process that has exited, so no timing is involved.
fn closed_pipe() -> Stdio {
    let mut reader = Command::new("true").stdin(Stdio::piped()).spawn().unwrap();
    let writer = reader.stdin.take().unwrap();
    reader.wait().unwrap();
    Stdio::from(writer)
}

/// Run the binary with stdout on a closed pipe; stderr is captured.
fn run_closed(args: &[&str], stdin: Option<&[u8]>) -> (Option<i32>, String) {
    let mut child = Command::new(BIN)
        .args(args)
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(closed_pipe())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    if let Some(body) = stdin {
        child.stdin.take().unwrap().write_all(body).unwrap();
    }
    let out = child.wait_with_output().unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn run(args: &[&str]) -> Output {
    Command::new(BIN)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// A quiet end: no panic, no "Broken pipe", nothing on stderr.
fn assert_quiet(args: &[&str], code: Option<i32>, stderr: &str, expected: i32) {
    assert_eq!(code, Some(expected), "{args:?}: {stderr}");
    assert!(
        !stderr.contains("panicked")
            && !stderr.contains("Broken pipe")
            && !stderr.contains("os error"),
        "{args:?}: {stderr}"
    );
}

/// Arguments, stdin, expected exit code.
type Invocation<'a> = (Vec<&'a str>, Option<&'a [u8]>, i32);

#[test]
fn every_command_ends_quietly_on_a_closed_stdout() {
    let out_dir = tempfile::tempdir().unwrap();
    let generated = out_dir.path().join("generated");
    let dataset = support::default_dataset_folder();
    let body = br#"{"Client":1006,"Operator":1}"#;
    let cases: Vec<Invocation<'_>> = vec![
        (vec!["schema", "xsd"], None, 0),
        (vec!["schema", "openapi"], None, 0),
        (vec!["--help"], None, 0),
        (vec!["check", "--help"], None, 0),
        (vec!["--version"], None, 0),
        (
            vec!["explain-request", "--content-type", "application/json"],
            Some(body.as_slice()),
            0,
        ),
        (
            vec![
                "explain-request",
                "--content-type",
                "application/json",
                "--json",
            ],
            Some(b"[1,2]".as_slice()),
            1,
        ),
        (vec!["dataset", "check", dataset.to_str().unwrap()], None, 0),
        (
            vec![
                "dataset",
                "generate",
                "--clients",
                "3",
                "--out",
                generated.to_str().unwrap(),
            ],
            None,
            0,
        ),
    ];
    for (args, stdin, expected) in cases {
        let (code, stderr) = run_closed(&args, stdin);
        assert_quiet(&args, code, &stderr, expected);
    }
    assert!(
        generated.join("clients.json").is_file(),
        "generate still wrote its files"
    );
}

#[test]
fn check_on_a_closed_stdout_keeps_its_exit_code() {
    let mock = Mock::violating();
    let (_keep, profile) = violating_profile();
    let args = [
        "check",
        "--target",
        &mock.url,
        "--bearer",
        "tok",
        "--seed",
        "3",
        "--cases",
        "80",
        "--no-shrink",
        "--profile",
        &profile,
    ];
    let normal = run(&args);
    assert_eq!(normal.status.code(), Some(1), "{}", text(&normal.stdout));
    let (code, stderr) = run_closed(&args, None);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        !stderr.contains("panicked") && !stderr.contains("Broken pipe"),
        "{stderr}"
    );
    // The same through a real `| head -1`.
    let piped = Command::new("bash")
        .arg("-c")
        .arg(format!(
            "'{BIN}' check --target '{}' --bearer tok --seed 3 --cases 80 --no-shrink \
             --profile '{profile}' | head -1; exit ${{PIPESTATUS[0]}}",
            mock.url
        ))
        .output()
        .unwrap();
    assert_eq!(piped.status.code(), Some(1), "{}", text(&piped.stderr));
    assert!(text(&piped.stdout).starts_with("favorite-contract 0.1.0 check:"));
    assert!(
        !text(&piped.stderr).contains("panicked"),
        "{}",
        text(&piped.stderr)
    );
}

#[test]
fn snapshot_check_on_a_closed_stdout_ends_quietly() {
    let mock = Mock::start();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("snapshots");
    let args = [
        "snapshot",
        "--target",
        &mock.url,
        "--bearer",
        "tok",
        "--check",
        dir.to_str().unwrap(),
        "--case",
        "client-1006-two-of-three-goods",
        "--case",
        "paging-second-page",
    ];
    let normal = run(&args);
    assert_eq!(normal.status.code(), Some(0), "{}", text(&normal.stdout));
    let (code, stderr) = run_closed(&args, None);
    assert_quiet(&args, code, &stderr, 0);
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// Kills the server child by its handle when the test ends, even on failure.
struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[test]
fn serve_keeps_serving_when_its_banner_cannot_be_printed() {
    let port = free_port().to_string();
    let mut server = Running(
        Command::new(BIN)
            .args(["serve", "--port", &port, "--quiet"])
            .stdin(Stdio::null())
            .stdout(closed_pipe())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap(),
    );
    let deadline = Instant::now() + Duration::from_secs(20);
    let answered = loop {
        if let Some(status) = server.0.try_wait().unwrap() {
            let mut stderr = String::new();
            server
                .0
                .stderr
                .take()
                .unwrap()
                .read_to_string(&mut stderr)
                .unwrap();
            panic!("serve exited with {status}: {stderr}");
        }
        if let Ok(mut stream) = std::net::TcpStream::connect(format!("127.0.0.1:{port}")) {
            stream
                .set_read_timeout(Some(Duration::from_secs(5)))
                .unwrap();
            // A local Host: the admin resources answer no other (DNS rebinding).
            stream
                .write_all(
                    b"GET /__mock/health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n",
                )
                .unwrap();
            let mut answer = String::new();
            let _ = stream.read_to_string(&mut answer);
            break answer;
        }
        assert!(Instant::now() < deadline, "serve never listened");
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(answered.starts_with("HTTP/1.1 200"), "{answered}");
    assert!(server.0.try_wait().unwrap().is_none(), "still running");
}

// ---- reports and stdout ----

#[test]
fn a_report_on_stdout_is_the_only_thing_there() {
    let mock = Mock::start();
    let base = [
        "check",
        "--target",
        &mock.url,
        "--bearer",
        "tok",
        "--seed",
        "5",
        "--cases",
        "40",
        "--formats",
        "json",
    ];
    let json = run(&[&base[..], &["--report", "json=-"]].concat());
    assert_eq!(json.status.code(), Some(0), "{}", text(&json.stderr));
    let report: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is not one JSON document ({e}): {}",
            text(&json.stdout)
        )
    });
    assert_eq!(report["seed"], 5);
    let stderr = text(&json.stderr);
    assert!(
        stderr.starts_with("favorite-contract 0.1.0 check: target"),
        "{stderr}"
    );
    assert!(
        stderr.contains(": 0 violations, "),
        "the summary goes to stderr: {stderr}"
    );

    let junit = run(&[&base[..], &["--report", "junit=-"]].concat());
    assert_eq!(junit.status.code(), Some(0));
    let xml = text(&junit.stdout);
    assert!(
        xml.trim_start().starts_with('<') && xml.trim_end().ends_with('>'),
        "{xml}"
    );
    assert!(!xml.contains("favorite-contract 0.1.0 check:"), "{xml}");
    assert!(text(&junit.stderr).contains(": 0 violations, "));
}

#[test]
fn file_reports_still_print_the_summary_on_stderr() {
    let mock = Mock::start();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("report.json");
    let out = run(&[
        "check",
        "--target",
        &mock.url,
        "--bearer",
        "tok",
        "--seed",
        "5",
        "--cases",
        "40",
        "--formats",
        "json",
        "--report",
        &format!("json={}", file.display()),
    ]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(text(&out.stdout), "", "nothing was asked for on stdout");
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("favorite-contract 0.1.0 check:"),
        "{stderr}"
    );
    assert!(
        stderr.contains("40 cases (")
            && stderr.contains(" exchanges) in ")
            && stderr.contains(": 0 violations, "),
        "{stderr}"
    );
    let saved: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    assert_eq!(saved["seed"], 5);
}

#[test]
fn two_reports_on_stdout_are_a_usage_error() {
    for reports in [
        ["--report", "json=-", "--report", "junit=-"],
        ["--report", "human", "--report", "json=-"],
        ["--report", "json=a.json", "--report", "junit=a.json"],
    ] {
        // The target is never contacted: the error comes first.
        let out = run(&[
            &["check", "--target", "http://127.0.0.1:9"][..],
            &reports[..],
        ]
        .concat());
        assert_eq!(out.status.code(), Some(2), "{reports:?}");
        assert_eq!(text(&out.stdout), "", "{reports:?}");
        let stderr = text(&out.stderr);
        assert!(stderr.starts_with("error: expected "), "{stderr}");
    }
    let out = run(&[
        "check",
        "--target",
        "http://127.0.0.1:9",
        "--report",
        "json=-",
        "--report",
        "human",
    ]);
    assert!(
        text(&out.stderr)
            .contains("expected at most one report on stdout, found 2 (json=-, human)"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn zero_cases_is_a_usage_error() {
    let out = run(&["check", "--target", "http://127.0.0.1:9", "--cases", "0"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr)
            .contains("'--cases <CASES>': expected a number of cases of at least 1, found `0`"),
        "{}",
        text(&out.stderr)
    );
}

// ---- colour ----

fn has_ansi(bytes: &[u8]) -> bool {
    bytes.windows(2).any(|w| w == b"\x1b[")
}

#[test]
fn colour_follows_the_flag_and_no_color() {
    let mock = Mock::violating();
    let (_keep, profile) = violating_profile();
    let base = [
        "check",
        "--target",
        &mock.url,
        "--bearer",
        "tok",
        "--seed",
        "3",
        "--cases",
        "40",
        "--no-shrink",
        "--profile",
        &profile,
    ];
    let always = run(&[&base[..], &["--color", "always"]].concat());
    assert!(has_ansi(&always.stdout), "{}", text(&always.stdout));
    assert!(text(&always.stdout).contains("\x1b[1;31m[violation]\x1b[0m"));
    let never = run(&[&base[..], &["--color", "never"]].concat());
    assert!(!has_ansi(&never.stdout));
    // auto (the default) into a pipe: no colour.
    let auto = run(&base);
    assert!(!has_ansi(&auto.stdout));
    // Without colour the text is the same, escapes aside.
    let stripped = text(&always.stdout)
        .replace("\x1b[0m", "")
        .replace("\x1b[1;31m", "")
        .replace("\x1b[32m", "")
        .replace("\x1b[1m", "");
    let plain = text(&never.stdout);
    let summary = |t: &str| t.lines().nth(2).map(str::to_owned);
    assert_eq!(
        stripped.lines().skip(3).collect::<Vec<_>>(),
        plain.lines().skip(3).collect::<Vec<_>>(),
        "same findings, only painted"
    );
    assert!(summary(&stripped).is_some());

    // On a terminal (util-linux `script` gives the binary a pseudo-terminal): colour, unless
    // NO_COLOR is set.
    if Command::new("script").arg("--version").output().is_err() {
        eprintln!("skipping the terminal half: `script` (util-linux) is not installed");
        return;
    }
    let line = format!("'{BIN}' {}", base.map(|a| format!("'{a}'")).join(" "));
    let on_tty = |no_color: Option<&str>| {
        let mut cmd = Command::new("script");
        cmd.args(["-qec", &line, "/dev/null"]).stdin(Stdio::null());
        cmd.env_remove("NO_COLOR").env("TERM", "xterm");
        if let Some(v) = no_color {
            cmd.env("NO_COLOR", v);
        }
        cmd.output().unwrap().stdout
    };
    let tty = on_tty(None);
    assert!(
        text(&tty).contains("\x1b[1;31m[violation]"),
        "{}",
        text(&tty)
    );
    let tty_no_color = on_tty(Some("1"));
    assert!(text(&tty_no_color).contains("[violation]"));
    assert!(
        !text(&tty_no_color).contains("\x1b[1;31m"),
        "{}",
        text(&tty_no_color)
    );
}

// ---- never pass by accident ----

#[test]
fn a_missing_or_empty_snapshot_folder_is_a_usage_error() {
    let empty = tempfile::tempdir().unwrap();
    let file = empty.path().join("a-file");
    std::fs::write(&file, "x").unwrap();
    for (dir, expected) in [
        (
            PathBuf::from("/nonexistent/snapshots"),
            "expected a folder of recorded snapshots, found no such file or folder",
        ),
        (
            file,
            "expected a folder of recorded snapshots, found a file",
        ),
        (
            empty.path().to_owned(),
            "expected snapshot files such as corpus@",
        ),
    ] {
        // Checked before the target is contacted (port 9 would refuse).
        let out = run(&[
            "snapshot",
            "--target",
            "http://127.0.0.1:9",
            "--check",
            dir.to_str().unwrap(),
        ]);
        assert_eq!(out.status.code(), Some(2), "{}", dir.display());
        assert!(
            text(&out.stderr).contains(expected),
            "{}",
            text(&out.stderr)
        );
        assert_eq!(text(&out.stdout), "");
    }
}

#[test]
fn accept_removes_the_pending_snapshots_it_accepted() {
    let mock = Mock::start();
    let dir = tempfile::tempdir().unwrap();
    let case = "client-1006-two-of-three-goods";
    let name = format!("corpus@{case}.json.snap");
    let original = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("snapshots")
            .join(&name),
    )
    .unwrap();
    // A recording that no longer matches: the target now answers differently.
    let stale = original.replace("Кофе", "Чай");
    assert_ne!(stale, original);
    std::fs::write(dir.path().join(&name), &stale).unwrap();
    let record = |extra: &[&str]| {
        run(&[
            &[
                "snapshot",
                "--target",
                &mock.url,
                "--bearer",
                "tok",
                "--case",
                case,
                "--out",
                dir.path().to_str().unwrap(),
            ][..],
            extra,
        ]
        .concat())
    };
    let review = record(&[]);
    assert_eq!(review.status.code(), Some(0), "{}", text(&review.stderr));
    let pending = dir.path().join(format!("{name}.new"));
    assert!(pending.is_file(), "review mode leaves a .snap.new");
    let accept = record(&["--accept"]);
    assert_eq!(accept.status.code(), Some(0), "{}", text(&accept.stderr));
    assert!(
        text(&accept.stdout).contains("1 changed (accepted)"),
        "{}",
        text(&accept.stdout)
    );
    assert!(!pending.exists(), "the accepted change's .snap.new is gone");
    let accepted = std::fs::read_to_string(dir.path().join(&name)).unwrap();
    assert!(!accepted.contains("Чай") && accepted.contains("Кофе"));
}

#[test]
fn a_redaction_that_matches_nothing_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let out = run(&[
        "snapshot",
        "--target",
        "http://127.0.0.1:9",
        "--out",
        dir.path().to_str().unwrap(),
        "--redact",
        "/ClientFavorites/*/ProcTme=[date]",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains(
            "redaction `/ClientFavorites/*/ProcTme=[date]`: expected a path that matches"
        ) && stderr
            .contains("found `/ClientFavorites/*/ProcTme`, which matches nothing in any case"),
        "{stderr}"
    );
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        0,
        "nothing recorded"
    );

    // From a file too.
    let file = dir.path().join("redactions.json");
    std::fs::write(&file, r#"{"/Nothing/Here": "x"}"#).unwrap();
    let out = run(&[
        "snapshot",
        "--target",
        "http://127.0.0.1:9",
        "--out",
        dir.path().join("out").to_str().unwrap(),
        "--redactions",
        file.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("`/Nothing/Here`"),
        "{}",
        text(&out.stderr)
    );

    // Paths that do match some answer pass: an index, `**`, an XML row element, an HttpError
    // member.
    let mock = Mock::start();
    let out = run(&[
        "snapshot",
        "--target",
        &mock.url,
        "--bearer",
        "tok",
        "--case",
        "client-1006-two-of-three-goods",
        "--out",
        dir.path().join("ok").to_str().unwrap(),
        "--redact",
        "/ClientFavorites/3/ProcTime=[date]",
        "--redact",
        "/**/ProcTimeConfirm=[date]",
        "--redact",
        "/ListFavorites/ClientFavoriteDataInfoResponse.ClientFavoriteDataInfoListFavoritesRow/Name=[name]",
        "--redact",
        "/Message=[message]",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
}

#[test]
fn dataset_generate_refuses_a_non_empty_folder_without_force() {
    let dir = tempfile::tempdir().unwrap();
    let notes = dir.path().join("notes.txt");
    std::fs::write(&notes, "mine").unwrap();
    let args = |force: bool| {
        let mut a = vec![
            "dataset".to_owned(),
            "generate".to_owned(),
            "--clients".to_owned(),
            "2".to_owned(),
            "--out".to_owned(),
            dir.path().display().to_string(),
        ];
        if force {
            a.push("--force".to_owned());
        }
        a
    };
    let refused = Command::new(BIN).args(args(false)).output().unwrap();
    assert_eq!(refused.status.code(), Some(2));
    let stderr = text(&refused.stderr);
    assert!(
        stderr.contains("expected a new or empty folder, found one holding 1 entry (pass --force"),
        "{stderr}"
    );
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        1,
        "nothing written"
    );
    let forced = Command::new(BIN).args(args(true)).output().unwrap();
    assert_eq!(forced.status.code(), Some(0), "{}", text(&forced.stderr));
    assert!(dir.path().join("clients.json").is_file());
    assert_eq!(
        std::fs::read_to_string(&notes).unwrap(),
        "mine",
        "other files kept"
    );
    // A new folder needs no --force.
    let fresh = dir.path().join("fresh");
    let out = run(&[
        "dataset",
        "generate",
        "--clients",
        "2",
        "--out",
        fresh.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
}

// ---- messages: expected, found, where ----

#[test]
fn bad_values_say_what_was_expected_found_and_where() {
    let as_of = run(&["serve", "--as-of", "2026-05-07"]);
    assert_eq!(as_of.status.code(), Some(2));
    insta::assert_snapshot!(text(&as_of.stderr).lines().next().unwrap(), @"error: invalid value '2026-05-07' for '--as-of <AS_OF>': expected a local date-time like 2026-05-07T12:00:00, found `2026-05-07` (a date without a time: try 2026-05-07T00:00:00)");

    let client = run(&["check", "--target", "http://127.0.0.1:9", "--client", "abc"]);
    assert_eq!(client.status.code(), Some(2));
    insta::assert_snapshot!(text(&client.stderr).lines().next().unwrap(), @"error: invalid value 'abc' for '--client <ID>': expected a client id, an integer from -2147483648 to 2147483647, found `abc`");

    let operator = run(&[
        "check",
        "--target",
        "http://127.0.0.1:9",
        "--operator",
        "70000",
    ]);
    assert!(
        text(&operator.stderr)
            .contains("expected an operator id, an integer from -32768 to 32767, found `70000`"),
        "{}",
        text(&operator.stderr)
    );

    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("data.json");
    std::fs::write(&file, "not json\n").unwrap();
    let dataset = run(&["dataset", "check", file.to_str().unwrap()]);
    assert_eq!(dataset.status.code(), Some(1));
    let shown = text(&dataset.stdout).replace(&dir.path().display().to_string(), "DIR");
    insta::assert_snapshot!(shown, @r"
    invalid dataset: 1 problem
      DIR/data.json:1: $: expected an object holding dataset keys (`as_of`, `operators`, `entries`…), found text that is not JSON: `not json`
    ");
}

#[test]
fn a_case_file_with_an_unknown_format_names_the_field_and_the_value() {
    // A case file as `check` writes it, with its first format changed to `yaml`.
    let mock = Mock::violating();
    let (_keep, profile) = violating_profile();
    let dir = tempfile::tempdir().unwrap();
    let out = run(&[
        "check",
        "--target",
        &mock.url,
        "--bearer",
        "tok",
        "--seed",
        "3",
        "--cases",
        "80",
        "--profile",
        &profile,
        "--cases-dir",
        dir.path().to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    let written = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "json"))
        .expect("a case file");
    let text_of = std::fs::read_to_string(&written).unwrap();
    let at = text_of
        .find("\"format\": \"json\"")
        .expect("a request format");
    let broken = format!(
        "{}\"format\": \"yaml\"{}",
        &text_of[..at],
        &text_of[at + "\"format\": \"json\"".len()..]
    );
    let line = text_of[..at].lines().count();
    let yaml = dir.path().join("yaml.json");
    std::fs::write(&yaml, broken).unwrap();
    let replay = run(&["check", "--replay", yaml.to_str().unwrap()]);
    assert_eq!(replay.status.code(), Some(2));
    let stderr = text(&replay.stderr);
    let shown = stderr.replace(&yaml.display().to_string(), "yaml.json");
    assert!(
        shown.starts_with("error: case file yaml.json:")
            && shown.contains(": $.finding.")
            && shown.contains(": expected `json`")
            && shown.contains(", found `yaml`"),
        "{shown}"
    );
    // The line points at the format (or the end of the object holding it).
    let reported: usize = shown["error: case file yaml.json:".len()..]
        .split(':')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    assert!(
        (line..=line + 2).contains(&reported),
        "{shown} (format on line {line})"
    );
}

#[test]
fn top_level_help_shows_examples_and_exit_codes() {
    let help = run(&["--help"]);
    assert_eq!(help.status.code(), Some(0));
    let text = text(&help.stdout);
    assert!(text.contains("Examples:"), "{text}");
    assert!(
        text.contains("favorite-contract serve --port 8080"),
        "{text}"
    );
    assert!(text.contains("--report json=-"), "{text}");
    assert!(text.contains("Exit codes: 0 success"), "{text}");
    assert!(text.contains("--color <WHEN>"), "{text}");
}
