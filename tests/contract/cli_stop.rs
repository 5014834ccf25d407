//! Stopping long commands from outside, through the real binary and real signals: SIGTERM (how
//! CI cancels a job) stops `check` exactly like Ctrl-C, with exit 143; `snapshot` stops on
//! either, leaves only whole files behind, and says what it did (exit 130 / 143).

use super::bin_support::{Answer, BIN, BinMock, CONTRACT_JSON, Stub, lines, run, text};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// Send `signal` (`TERM`, `INT`) to a child process.
fn signal(child: &Child, signal: &str) {
    let sent = Command::new("kill")
        .args([&format!("-{signal}"), &child.id().to_string()])
        .status()
        .unwrap();
    assert!(sent.success(), "kill -{signal}");
}

/// Wait for a signalled child, failing the test if it does not end within 20 s.
fn wait_for_end(child: &mut Child) -> ExitStatus {
    let started = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return status;
        }
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "still running 20 s after the signal"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// The rest of a child's stdout and its whole stderr.
fn rest(
    child: &mut Child,
    stdout: Option<BufReader<std::process::ChildStdout>>,
) -> (String, String) {
    let mut out = String::new();
    match stdout {
        Some(mut reader) => reader.read_to_string(&mut out).unwrap(),
        None => child
            .stdout
            .take()
            .unwrap()
            .read_to_string(&mut out)
            .unwrap(),
    };
    let mut err = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut err)
        .unwrap();
    (out, err)
}

fn spawn(args: &[&str]) -> Child {
    Command::new(BIN)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

/// A target that answers every request like this endpoint, 100 ms late: slow enough to stop a
/// snapshot run in the middle of the corpus.
fn slow_target() -> Stub {
    Stub::start(Answer::http(
        "200 OK",
        &[("Content-Type", "application/json; charset=utf-8")],
        CONTRACT_JSON,
        Duration::from_millis(100),
    ))
}

/// The names of the files in a folder, sorted.
fn file_names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// `interrupted: … N of M …` → (N, M).
fn n_of_m(line: &str, verb: &str) -> (usize, usize) {
    let after = line
        .split_once(&format!("{verb} "))
        .unwrap_or_else(|| panic!("no `{verb} N of M` in {line}"))
        .1;
    let mut words = after.split(' ');
    let n = words.next().unwrap().parse().unwrap();
    assert_eq!(words.next(), Some("of"), "{line}");
    let m = words.next().unwrap().parse().unwrap();
    (n, m)
}

/// SIGTERM stops `check` as Ctrl-C does — no new case, every report written and marked
/// interrupted — and the exit code says it was SIGTERM (143).
#[test]
fn sigterm_stops_check_like_ctrl_c_and_exits_143() {
    let mock = BinMock::start();
    let dir = tempfile::tempdir().unwrap();
    let (json, junit) = (dir.path().join("r.json"), dir.path().join("r.xml"));
    let mut child = spawn(&[
        "check",
        "--target",
        &mock.url,
        "--bearer",
        "t",
        "--seed",
        "8",
        "--cases",
        "10000000",
        "--no-shrink",
        "--report",
        "human",
        "--report",
        &format!("json={}", json.display()),
        "--report",
        &format!("junit={}", junit.display()),
    ]);
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut header = String::new();
    stdout.read_line(&mut header).unwrap();
    assert!(header.starts_with("favorite-contract "), "{header}");
    std::thread::sleep(Duration::from_millis(800));
    signal(&child, "TERM");
    let status = wait_for_end(&mut child);
    let (out, err) = rest(&mut child, Some(stdout));
    assert_eq!(status.code(), Some(143), "{err}");
    assert!(
        err.contains(
            "interrupted by SIGTERM: sending no new case; cases in flight get 2 s to finish"
        ) && err.contains(
            "interrupted by SIGTERM: the reports cover only the cases that finished, and \
                 say so (exit 143)"
        ),
        "{err}"
    );
    let summary = out.lines().next().unwrap_or_default();
    assert!(
        summary.starts_with("interrupted: ") && summary.contains(" of 10000000 cases ("),
        "{out}"
    );
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    assert_eq!(report["end"]["reason"], "interrupted", "{report:#}");
    let cases_run = report["cases_run"].as_u64().unwrap();
    assert!(cases_run > 0 && cases_run < 10_000_000, "{cases_run}");
    let junit = std::fs::read_to_string(&junit).unwrap();
    assert!(junit.contains("<error type=\"interrupted\""), "{junit}");
}

/// A target that answers every GET and the first POST (the probe) like this endpoint, and
/// never answers a later POST: every case stays in flight until it is abandoned.
/// Returns its URL and the number of POSTs it has read.
fn answers_only_the_probe() -> (String, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let posts = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&posts);
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(stream) = stream else { break };
            let counter = Arc::clone(&counter);
            std::thread::spawn(move || hold_all_but_the_probe(stream, &counter));
        }
    });
    (url, posts)
}

fn hold_all_but_the_probe(mut stream: TcpStream, posts: &AtomicUsize) {
    loop {
        let mut head = Vec::new();
        let mut byte = [0u8; 1];
        while !head.ends_with(b"\r\n\r\n") {
            match stream.read(&mut byte) {
                Ok(1) => head.push(byte[0]),
                _ => return,
            }
        }
        let head = String::from_utf8_lossy(&head).into_owned();
        let length: usize = head
            .lines()
            .find_map(|l| {
                let (name, value) = l.split_once(':')?;
                name.eq_ignore_ascii_case("content-length")
                    .then(|| value.trim().parse().ok())?
            })
            .unwrap_or(0);
        let mut body = vec![0u8; length];
        if stream.read_exact(&mut body).is_err() {
            return;
        }
        if head.starts_with("POST") && posts.fetch_add(1, Ordering::SeqCst) > 0 {
            // A case: held until the test process ends.
            std::thread::sleep(Duration::from_secs(3600));
            return;
        }
        let response = format!(
            "HTTP/1.1 200 OK\r\nContent-Type: application/json; charset=utf-8\r\n\
             Content-Length: {}\r\n\r\n{CONTRACT_JSON}",
            CONTRACT_JSON.len()
        );
        if stream.write_all(response.as_bytes()).is_err() {
            return;
        }
    }
}

/// After a first SIGTERM the cases in flight get their grace period; a second signal, of
/// either kind, abandons them at once — and the exit code stays the first signal's.
#[test]
fn a_second_signal_abandons_the_cases_in_flight_and_the_first_decides_the_code() {
    let (url, posts) = answers_only_the_probe();
    let dir = tempfile::tempdir().unwrap();
    let json = dir.path().join("r.json");
    let mut child = spawn(&[
        "check",
        "--target",
        &url,
        "--seed",
        "8",
        "--cases",
        "100",
        "--concurrency",
        "4",
        "--timeout",
        "60s",
        "--no-shrink",
        "--report",
        &format!("json={}", json.display()),
    ]);
    let mut stderr = BufReader::new(child.stderr.take().unwrap());
    let mut header = String::new();
    stderr.read_line(&mut header).unwrap();
    assert!(header.starts_with("favorite-contract "), "{header}");
    // The probe is answered at once; then four cases wait for answers that never come.
    let started = Instant::now();
    while posts.load(Ordering::SeqCst) < 5 {
        assert!(started.elapsed() < Duration::from_secs(20), "no cases sent");
        std::thread::sleep(Duration::from_millis(20));
    }
    signal(&child, "TERM");
    std::thread::sleep(Duration::from_millis(300));
    signal(&child, "INT");
    let status = wait_for_end(&mut child);
    let mut err = String::new();
    stderr.read_to_string(&mut err).unwrap();
    assert_eq!(status.code(), Some(143), "{err}");
    assert!(
        err.contains("interrupted by SIGTERM: sending no new case")
            && err.contains("interrupted again: abandoning the cases in flight")
            && err.contains("(exit 143)"),
        "{err}"
    );
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    assert_eq!(report["end"]["reason"], "interrupted", "{report:#}");
    assert_eq!(report["end"]["abandoned"], 4, "{report:#}");
    assert_eq!(report["cases_run"], 0, "{report:#}");
}

/// SIGTERM in the middle of `snapshot --out`: the case in progress is abandoned, every file in
/// the folder is a whole snapshot (each checks clean against the same target), none is a
/// temporary or half-written file, and the summary says how many of the cases were recorded.
#[test]
fn sigterm_stops_snapshot_recording_leaving_only_whole_files() {
    let target = slow_target();
    let dir = tempfile::tempdir().unwrap();
    let out_dir = dir.path().join("recorded");
    let mut child = spawn(&[
        "snapshot",
        "--target",
        &target.url,
        "--out",
        out_dir.to_str().unwrap(),
    ]);
    // Stop once the first snapshot is on disk, while the next case is being recorded.
    let started = Instant::now();
    let finished =
        |dir: &Path| dir.exists() && file_names(dir).iter().any(|n| n.ends_with(".snap"));
    while !finished(&out_dir) {
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "nothing recorded"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    signal(&child, "TERM");
    let status = wait_for_end(&mut child);
    let (out, err) = rest(&mut child, None);
    assert_eq!(status.code(), Some(143), "{out}\n{err}");
    let summary = out.lines().next().unwrap_or_default();
    assert!(summary.starts_with("interrupted: recorded "), "{out}");
    let (recorded, planned) = n_of_m(summary, "recorded");
    assert!(recorded >= 1 && recorded < planned, "{summary}");
    assert!(
        summary.ends_with(&format!(
            "; the other {} cases were not recorded and their files are untouched",
            planned - recorded
        )),
        "{summary}"
    );
    assert!(
        err.contains("interrupted by SIGTERM: stopping; the case in progress is abandoned")
            && err.contains(&format!(
                "interrupted by SIGTERM: recorded {recorded} of {planned} cases; the case in \
                 progress was abandoned and no file was written for it (exit 143)"
            )),
        "{err}"
    );
    let names = file_names(&out_dir);
    assert_eq!(
        names.len(),
        recorded,
        "one file per recorded case: {names:?}"
    );
    let mut ids = Vec::new();
    for name in &names {
        let id = name
            .strip_prefix("corpus@")
            .and_then(|n| n.strip_suffix(".json.snap"))
            .unwrap_or_else(|| panic!("not a finished snapshot: {name}"));
        ids.push(id.to_owned());
    }
    // Whole files: each reads back and matches the target it was recorded from.
    let mut args = vec![
        "snapshot",
        "--target",
        &target.url,
        "--check",
        out_dir.to_str().unwrap(),
    ];
    for id in &ids {
        args.extend(["--case", id.as_str()]);
    }
    let checked = run(&args);
    assert_eq!(
        checked.status.code(),
        Some(0),
        "{}{}",
        text(&checked.stdout),
        text(&checked.stderr)
    );
    assert!(
        lines(&checked.stdout)
            .last()
            .is_some_and(|l| l.ends_with(": no differences")),
        "{}",
        text(&checked.stdout)
    );
}

/// Ctrl-C in the middle of `snapshot --check`: the differences of the cases compared so far
/// are printed, the summary says how many of the cases were compared, and the exit code is 130
/// whatever was found.
#[test]
fn ctrl_c_stops_snapshot_check_and_says_what_was_compared() {
    let mock = BinMock::start();
    let dir = tempfile::tempdir().unwrap();
    let baseline = dir.path().join("baseline");
    let recorded = run(&[
        "snapshot",
        "--target",
        &mock.url,
        "--bearer",
        "t",
        "--out",
        baseline.to_str().unwrap(),
    ]);
    assert_eq!(
        recorded.status.code(),
        Some(0),
        "{}",
        text(&recorded.stderr)
    );
    let before = file_names(&baseline);
    let target = slow_target();
    let mut child = spawn(&[
        "snapshot",
        "--target",
        &target.url,
        "--check",
        baseline.to_str().unwrap(),
    ]);
    // Stop once the probe and a few exchanges have been answered.
    let started = Instant::now();
    while target.request_lines().len() < 4 {
        assert!(started.elapsed() < Duration::from_secs(20), "no case sent");
        std::thread::sleep(Duration::from_millis(20));
    }
    signal(&child, "INT");
    let status = wait_for_end(&mut child);
    let (out, err) = rest(&mut child, None);
    assert_eq!(status.code(), Some(130), "{out}\n{err}");
    let summary = out.lines().last().unwrap_or_default();
    assert!(summary.starts_with("interrupted: checked "), "{out}");
    let (compared, planned) = n_of_m(summary, "checked");
    assert!(compared < planned, "{summary}");
    if compared > 0 {
        // The slow target answers one fixed body: every case compared differs.
        assert!(out.contains("\n✗ ") || out.starts_with("✗ "), "{out}");
        assert!(summary.contains(" differ"), "{summary}");
    }
    assert!(
        err.contains("interrupted by SIGINT: stopping; the case in progress is abandoned")
            && err.contains(&format!(
                "interrupted by SIGINT: compared {compared} of {planned} cases"
            ))
            && err.ends_with("(exit 130)\n"),
        "{err}"
    );
    assert_eq!(file_names(&baseline), before, "checking writes nothing");
}
