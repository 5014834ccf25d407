//! `check` runs as CI scripts see them, through the real binary: one vocabulary for what is
//! counted (cases and exchanges) in the summary, the progress line and the reports;
//! `--max-failures`; `--include-rule` / `--exclude-rule`; Ctrl-C (a real SIGINT) writing every
//! report marked interrupted with exit 130, in bounded memory whatever `--cases`; and a case
//! recorded with credentials refused on replay without them.

use super::bin_support::{BIN, BinMock, lines, run, text};
use favorite_contract::{DateStyle, EngineSettings};
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// A mock whose dates carry the Local offset, and a profile under which that is a violation:
/// every answer with a date breaks `date.kind`.
fn violating() -> (BinMock, tempfile::TempDir, String) {
    let mock = BinMock::with(EngineSettings {
        date_style: DateStyle::Local,
        ..EngineSettings::default()
    });
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("dates-matter.json");
    std::fs::write(
        &path,
        r#"{"name": "dates-matter", "severity": {"date.kind": "violation"}}"#,
    )
    .unwrap();
    let path = path.display().to_string();
    (mock, dir, path)
}

fn json_file(path: &std::path::Path) -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// The value of a JUnit run property.
fn property(junit: &str, name: &str) -> String {
    let key = format!("<property name=\"{name}\" value=\"");
    let at = junit
        .find(&key)
        .unwrap_or_else(|| panic!("no {name}: {junit}"))
        + key.len();
    junit[at..].split('"').next().unwrap().to_owned()
}

#[test]
fn summary_progress_and_reports_count_cases_and_exchanges_alike() {
    let mock = BinMock::start();
    let dir = tempfile::tempdir().unwrap();
    let (json, junit) = (dir.path().join("r.json"), dir.path().join("r.xml"));
    let args = [
        "check",
        "--target",
        &mock.url,
        "--bearer",
        "t",
        "--seed",
        "4",
        "--cases",
        "100",
        "--formats",
        "json,xml",
        "--report",
        "human",
        "--report",
        &format!("json={}", json.display()),
        "--report",
        &format!("junit={}", junit.display()),
    ];
    let out = run(&args);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let report = json_file(&json);
    let exchanges = report["exchanges"].as_u64().unwrap();
    assert_eq!(report["cases_planned"], 100);
    assert_eq!(report["cases_run"], 100, "--cases counts cases, exactly");
    assert!(
        exchanges > 100,
        "the sequences make several exchanges each: {exchanges}"
    );
    assert_eq!(report["end"]["reason"], "complete");
    let summary = lines(&out.stdout)[1].clone();
    assert!(
        summary.starts_with(&format!("100 cases ({exchanges} exchanges) in ")),
        "{summary}"
    );
    let junit = std::fs::read_to_string(&junit).unwrap();
    assert_eq!(property(&junit, "cases_run"), "100");
    assert_eq!(property(&junit, "exchanges"), exchanges.to_string());
    assert_eq!(property(&junit, "end"), "complete");

    // The progress line (drawn on a terminal only) counts the same units.
    if Command::new("script").arg("--version").output().is_err() {
        eprintln!("skipping the progress line: `script` (util-linux) is not installed");
        return;
    }
    let line = format!(
        "'{BIN}' {} 2>&1 >/dev/null",
        args[..11]
            .iter()
            .map(|a| format!("'{a}'"))
            .collect::<Vec<_>>()
            .join(" ")
    );
    let tty = Command::new("script")
        .args(["-qec", &line, "/dev/null"])
        .stdin(Stdio::null())
        .output()
        .unwrap();
    let shown = text(&tty.stdout);
    assert!(
        shown.contains("/100 cases, ")
            && shown.contains(" exchanges, ")
            && shown.contains(" failing"),
        "{shown:?}"
    );
}

#[test]
fn max_failures_stops_sending_and_the_reports_say_so() {
    let (mock, _keep, profile) = violating();
    let dir = tempfile::tempdir().unwrap();
    let (json, junit) = (dir.path().join("r.json"), dir.path().join("r.xml"));
    let out = run(&[
        "check",
        "--target",
        &mock.url,
        "--bearer",
        "t",
        "--seed",
        "3",
        "--cases",
        "5000",
        "--max-failures",
        "3",
        "--concurrency",
        "2",
        "--no-shrink",
        "--profile",
        &profile,
        "--report",
        &format!("json={}", json.display()),
        "--report",
        &format!("junit={}", junit.display()),
    ]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("stopped sending after 3 failing cases (--max-failures 3)"),
        "{stderr}"
    );
    let report = json_file(&json);
    assert_eq!(report["end"]["reason"], "max-failures");
    assert_eq!(report["end"]["limit"], 3);
    let run_cases = report["cases_run"].as_u64().unwrap();
    let failing = report["failing_cases"].as_u64().unwrap();
    // The cases in flight when the limit was reached still finish: at most `--concurrency`
    // more.
    assert!((3..=5).contains(&failing), "{failing} failing cases");
    assert!(run_cases < 200, "{run_cases} of 5000 cases sent");
    assert!(
        stderr.contains(&format!(
            "stopped at --max-failures 3: {run_cases} of 5000 cases ("
        )),
        "the summary says where it stopped: {stderr}"
    );
    assert_eq!(
        property(&std::fs::read_to_string(&junit).unwrap(), "end"),
        "max-failures"
    );
}

#[test]
fn rule_globs_choose_what_is_reported() {
    let (mock, _keep, profile) = violating();
    let dir = tempfile::tempdir().unwrap();
    let json = dir.path().join("r.json");
    let check = |extra: &[&str]| {
        run(&[
            &[
                "check",
                "--target",
                &mock.url,
                "--bearer",
                "t",
                "--seed",
                "3",
                "--cases",
                "80",
                "--no-shrink",
                "--profile",
                &profile,
                "--report",
                &format!("json={}", json.display()),
            ][..],
            extra,
        ]
        .concat())
    };
    // Only the invariants: the wrong date kind is not among them.
    let out = check(&["--include-rule", "inv.*"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let report = json_file(&json);
    assert_eq!(report["rules"]["include"][0], "inv.*");
    let checked: Vec<String> = report["checked"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["rule"].as_str().unwrap().to_owned())
        .collect();
    assert!(
        !checked.is_empty() && checked.iter().all(|r| r.starts_with("inv.")),
        "{checked:?}"
    );

    // Everything but the date kind: clean.
    let out = check(&["--exclude-rule", "date.kind"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(json_file(&json)["counts"].get("date.kind").is_none());
    // The date kind alone: the violations are there.
    let out = check(&["--include-rule", "date.*"]);
    assert_eq!(out.status.code(), Some(1));
    let counts = json_file(&json)["counts"].clone();
    assert!(counts["date.kind"]["violations"].as_u64().unwrap() > 0);
    assert_eq!(counts.as_object().unwrap().len(), 1, "{counts:#}");

    // A glob that matches no rule id is a usage error, before the target is contacted.
    for (flag, glob) in [
        ("--include-rule", "inv.totl*"),
        ("--exclude-rule", "json.nul"),
    ] {
        let out = run(&["check", "--target", "http://127.0.0.1:9", flag, glob]);
        assert_eq!(out.status.code(), Some(2));
        let stderr = text(&out.stderr);
        assert!(
            stderr.starts_with(&format!(
                "error: {flag} `{glob}`: expected a glob matching a rule id (e.g. inv.*"
            )) && stderr.contains("found one that matches none"),
            "{stderr}"
        );
        assert_eq!(text(&out.stdout), "");
    }
}

/// The resident memory of a process, in KiB (Linux).
fn rss_kib(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
}

/// Ten million cases start sending at once in a few MiB (they are drawn as they are sent); a
/// real SIGINT then stops the run: every report asked for is written and marked interrupted,
/// and the exit code is 130.
#[test]
fn ctrl_c_writes_every_report_marked_interrupted_and_exits_130() {
    let mock = BinMock::start();
    let dir = tempfile::tempdir().unwrap();
    let (json, junit) = (dir.path().join("r.json"), dir.path().join("r.xml"));
    let mut child = Command::new(BIN)
        .args([
            "check",
            "--target",
            &mock.url,
            "--bearer",
            "t",
            "--seed",
            "6",
            "--cases",
            "10000000",
            "--no-shrink",
            "--report",
            "human",
            "--report",
            &format!("json={}", json.display()),
            "--report",
            &format!("junit={}", junit.display()),
        ])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let pid = child.id();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut header = String::new();
    stdout.read_line(&mut header).unwrap();
    assert!(
        header.starts_with("favorite-contract 0.1.0 check:"),
        "{header}"
    );
    // Let it send for a while, then look at its memory.
    std::thread::sleep(Duration::from_millis(1500));
    let rss = rss_kib(pid).expect("the process is running");
    assert!(
        rss < 200 * 1024,
        "{rss} KiB resident with --cases 10000000 (drawing them all first takes GiBs)"
    );
    let killed = Command::new("kill")
        .args(["-INT", &pid.to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "still running after SIGINT"
        );
        std::thread::sleep(Duration::from_millis(50));
    };
    let mut rest = String::new();
    std::io::Read::read_to_string(&mut stdout, &mut rest).unwrap();
    let mut stderr = String::new();
    std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut stderr).unwrap();
    assert_eq!(status.code(), Some(130), "{stderr}");
    assert!(
        stderr.contains("interrupted: sending no new case")
            && stderr.contains("interrupted: the reports cover only the cases that finished"),
        "{stderr}"
    );
    let summary = rest.lines().next().unwrap_or_default();
    assert!(
        summary.starts_with("interrupted: ") && summary.contains(" of 10000000 cases ("),
        "{rest}"
    );
    let report = json_file(&json);
    assert_eq!(report["end"]["reason"], "interrupted", "{report:#}");
    let run_cases = report["cases_run"].as_u64().unwrap();
    assert!(run_cases > 0 && run_cases < 10_000_000, "{run_cases}");
    let junit = std::fs::read_to_string(&junit).unwrap();
    assert_eq!(property(&junit, "end"), "interrupted");
    assert!(junit.contains("<error type=\"interrupted\""), "{junit}");
}

#[test]
fn replaying_a_case_recorded_with_credentials_needs_them() {
    let (mock, _keep, profile) = violating();
    let dir = tempfile::tempdir().unwrap();
    let out = run(&[
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
        &profile,
        "--cases-dir",
        dir.path().to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    let file = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.to_string_lossy().contains("date.kind"))
        .expect("a case file for date.kind");
    let file = file.to_str().unwrap();
    let bare = run(&["check", "--replay", file, "--profile", &profile]);
    assert_eq!(bare.status.code(), Some(2), "{}", text(&bare.stdout));
    let stderr = text(&bare.stderr);
    assert!(
        stderr.contains(&format!("case file {file}: this case needs --bearer"))
            && stderr.contains("pass --bearer TOKEN"),
        "{stderr}"
    );
    let with = run(&[
        "check",
        "--replay",
        file,
        "--profile",
        &profile,
        "--bearer",
        "t",
    ]);
    assert_eq!(with.status.code(), Some(1), "{}", text(&with.stderr));
    assert!(
        text(&with.stdout).contains("1 case (1 exchange) in "),
        "{}",
        text(&with.stdout)
    );
}
