//! An internal failure is never a pass and never a raw panic: the real binary, made to panic at
//! a named point (a debug build reads `FAVORITE_CONTRACT_DEBUG_PANIC_AT`; a release build
//! ignores it), ends with exit 2 and one `internal error: …` line on stderr — and a panic in a
//! check case (generated or replayed) is still counted in the reports with its case.

use super::bin_support::{BIN, BinMock, text};
use favorite_contract::{DateStyle, EngineSettings};
use std::path::Path;
use std::process::{Command, Output, Stdio};

const FAULT: &str = "FAVORITE_CONTRACT_DEBUG_PANIC_AT";
const REPORT_IT: &str = "(this is a bug; please report it with the command line)";

/// Run the binary with a fault armed at `point` (and without `RUST_BACKTRACE`, which adds the
/// standard panic message on purpose).
fn run_faulty(point: &str, args: &[&str]) -> Output {
    Command::new(BIN)
        .args(args)
        .env(FAULT, point)
        .env_remove("RUST_BACKTRACE")
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

/// Exit 2 and exactly one line on stderr, `internal error: injected panic at `point` …`, with
/// where it happened and what to do — never the standard panic text.
fn assert_one_internal_error_line(out: &Output, point: &str) -> String {
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 1, "one line: {stderr}");
    let line = lines[0];
    assert!(
        line.starts_with(&format!(
            "internal error: injected panic at `{point}` ({FAULT}) at src/"
        )) && line.ends_with(REPORT_IT),
        "{line}"
    );
    assert!(!stderr.contains("panicked") && !stderr.contains("RUST_BACKTRACE"));
    line.to_owned()
}

#[test]
fn a_panic_in_any_command_is_exit_2_and_one_line() {
    for args in [
        &["schema", "xsd"][..],
        &["explain-request", "--content-type", "application/json"][..],
    ] {
        let out = run_faulty("command", args);
        assert_one_internal_error_line(&out, "command");
        assert!(out.stdout.is_empty(), "{}", text(&out.stdout));
    }
    // Unarmed, the same command works (the variable names a point, nothing else).
    let fine = run_faulty("nowhere", &["schema", "xsd"]);
    assert_eq!(fine.status.code(), Some(0), "{}", text(&fine.stderr));
}

#[test]
fn a_panic_in_the_probe_is_exit_2_and_one_line_for_check_and_snapshot() {
    let mock = BinMock::start();
    let dir = tempfile::tempdir().unwrap();
    let json = dir.path().join("r.json");
    let check = run_faulty(
        "probe",
        &[
            "check",
            "--target",
            &mock.url,
            "--bearer",
            "t",
            "--report",
            "human",
            "--report",
            &format!("json={}", json.display()),
        ],
    );
    let line = assert_one_internal_error_line(&check, "probe");
    assert!(line.contains("src/runner/probe.rs:"), "{line}");
    assert!(!json.exists(), "no report claims a result");
    let out_dir = dir.path().join("snaps");
    let snapshot = run_faulty(
        "probe",
        &[
            "snapshot",
            "--target",
            &mock.url,
            "--bearer",
            "t",
            "--out",
            out_dir.to_str().unwrap(),
        ],
    );
    assert_one_internal_error_line(&snapshot, "probe");
    assert!(snapshot.stdout.is_empty(), "{}", text(&snapshot.stdout));
    assert!(!out_dir.exists(), "nothing recorded");
}

#[test]
fn a_panic_while_recording_snapshots_writes_no_file() {
    let mock = BinMock::start();
    let dir = tempfile::tempdir().unwrap();
    let out_dir = dir.path().join("snaps");
    let out = run_faulty(
        "snapshot",
        &[
            "snapshot",
            "--target",
            &mock.url,
            "--bearer",
            "t",
            "--out",
            out_dir.to_str().unwrap(),
        ],
    );
    assert_one_internal_error_line(&out, "snapshot");
    let written = std::fs::read_dir(&out_dir).map_or(0, Iterator::count);
    assert_eq!(written, 0, "no snapshot file, whole or partial");
}

/// The reports' internal errors, as (case, label, message).
fn internal_errors(json: &Path) -> Vec<(u64, String, String)> {
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(json).unwrap()).unwrap();
    report["internal_errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["case"].as_u64().unwrap(),
                e["label"].as_str().unwrap().to_owned(),
                e["message"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

/// The stderr lines that are not notes or case-file names.
fn messages(stderr: &str) -> Vec<&str> {
    stderr
        .lines()
        .filter(|l| !l.starts_with("note: ") && !l.starts_with("case file: "))
        .collect()
}

/// A panic in a case's task stays what it was before the guard: an internal error in the
/// reports with its case, every other case still run, exit 2 — and one line on stderr.
#[test]
fn a_panic_in_check_cases_is_counted_with_each_case() {
    let mock = BinMock::start();
    let dir = tempfile::tempdir().unwrap();
    let json = dir.path().join("r.json");
    let out = run_faulty(
        "exchange",
        &[
            "check",
            "--target",
            &mock.url,
            "--bearer",
            "t",
            "--seed",
            "2",
            "--cases",
            "6",
            "--report",
            &format!("json={}", json.display()),
        ],
    );
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    let errors = internal_errors(&json);
    assert_eq!(errors.len(), 6, "{errors:?}");
    let mut cases: Vec<u64> = errors.iter().map(|e| e.0).collect();
    cases.sort_unstable();
    assert_eq!(cases, [0, 1, 2, 3, 4, 5]);
    assert!(
        errors
            .iter()
            .all(|e| e.2 == format!("panicked: injected panic at `exchange` ({FAULT})")),
        "{errors:?}"
    );
    let messages = messages(&stderr);
    let header_and_summary = 2;
    assert_eq!(messages.len(), header_and_summary + 1, "{stderr}");
    assert_eq!(
        messages.last().copied(),
        Some(
            "internal error: the runner failed on 6 cases (listed in the report), so this run \
             is not a pass (this is a bug; please report it with the command line)"
        ),
        "{stderr}"
    );
    assert!(!stderr.contains("panicked at"), "{stderr}");
}

/// `--replay` runs its case in a task too: a panic there is an internal error naming the
/// case file's case, the reports are written, exit 2.
#[test]
fn a_panic_in_replay_is_an_internal_error_with_its_case() {
    let mock = BinMock::with(EngineSettings {
        date_style: DateStyle::Local,
        ..EngineSettings::default()
    });
    let dir = tempfile::tempdir().unwrap();
    let profile = dir.path().join("dates-matter.json");
    std::fs::write(
        &profile,
        r#"{"name": "dates-matter", "severity": {"date.kind": "violation"}}"#,
    )
    .unwrap();
    let profile = profile.to_str().unwrap();
    let cases_dir = dir.path().join("cases");
    let recorded = Command::new(BIN)
        .args([
            "check",
            "--target",
            &mock.url,
            "--bearer",
            "t",
            "--seed",
            "3",
            "--cases",
            "80",
            "--profile",
            profile,
            "--cases-dir",
            cases_dir.to_str().unwrap(),
        ])
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert_eq!(
        recorded.status.code(),
        Some(1),
        "{}",
        text(&recorded.stderr)
    );
    let file = std::fs::read_dir(&cases_dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.to_string_lossy().contains("date.kind"))
        .expect("a case file for date.kind");
    let json = dir.path().join("replay.json");
    let out = run_faulty(
        "exchange",
        &[
            "check",
            "--replay",
            file.to_str().unwrap(),
            "--profile",
            profile,
            "--bearer",
            "t",
            "--report",
            &format!("json={}", json.display()),
        ],
    );
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    let errors = internal_errors(&json);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0].0, 0, "the first (only) case file");
    let messages = messages(&stderr);
    assert_eq!(
        messages.last().copied(),
        Some(
            "internal error: the runner failed on 1 case (listed in the report), so this run \
             is not a pass (this is a bug; please report it with the command line)"
        ),
        "{stderr}"
    );
    assert!(!stderr.contains("panicked at"), "{stderr}");
}

/// A helper task that panics where nothing accounts for it (here the signal listener: on a
/// worker thread for `check`, on the command's own thread for `snapshot`) does not end the
/// command, but it is said, and the verdict is not a pass: exit 2 instead of 0.
#[test]
fn a_panic_in_a_helper_task_turns_a_pass_into_exit_2() {
    let mock = BinMock::start();
    let dir = tempfile::tempdir().unwrap();
    let clean = run_faulty(
        "helper",
        &[
            "check", "--target", &mock.url, "--bearer", "t", "--seed", "2", "--cases", "10",
        ],
    );
    let baseline = dir.path().join("baseline");
    let recorded = run_faulty(
        "helper",
        &[
            "snapshot",
            "--target",
            &mock.url,
            "--bearer",
            "t",
            "--case",
            "accept-text-json",
            "--out",
            baseline.to_str().unwrap(),
        ],
    );
    let checked = run_faulty(
        "helper",
        &[
            "snapshot",
            "--target",
            &mock.url,
            "--bearer",
            "t",
            "--case",
            "accept-text-json",
            "--check",
            baseline.to_str().unwrap(),
        ],
    );
    for (out, said) in [
        (&clean, "internal error in thread `"),
        (&recorded, "internal error in a task of this command: "),
        (&checked, "internal error in a task of this command: "),
    ] {
        let stderr = text(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{stderr}");
        let lines: Vec<&str> = stderr
            .lines()
            .filter(|l| l.starts_with("internal error"))
            .collect();
        assert_eq!(lines.len(), 2, "{stderr}");
        assert!(
            lines[0].starts_with(said)
                && lines[0].contains(&format!("injected panic at `helper` ({FAULT}) at src/cli/"))
                && lines[0].ends_with(REPORT_IT),
            "{stderr}"
        );
        assert_eq!(
            lines[1],
            format!(
                "internal error: 1 background task of this command failed (said above), so its \
                 result is not a pass {REPORT_IT}"
            )
        );
        assert!(!stderr.contains("panicked"), "{stderr}");
    }
    assert!(
        text(&checked.stdout).contains("no differences"),
        "the comparison itself was clean: {}",
        text(&checked.stdout)
    );
}
