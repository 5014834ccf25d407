//! Secrets and the browser threat, end to end: no credential reaches the journal, the log or
//! the diagnostics header in any spelling; admin resources refuse foreign hosts, foreign
//! origins and simple cross-site requests; `--auth jwt` refuses tokens without an expiry,
//! with a critical extension, or too long.

use crate::http::Connection;
use crate::process::MockProcess;
use crate::{ACTION, ADMIN, CLIENT_BODY};
use std::time::Duration;

/// The secrets the attacks send; none may come back.
const SECRETS: [&str; 6] = [
    "sk_live_NOSCHEME1",
    "sk_live_TAB2",
    "sk_live_COOKIE3",
    "sk_live_QUERY4",
    "c2tfbGl2ZV9CQVNJQzU6cHc",
    "sk_live_APIKEY6",
];

#[test]
fn credentials_never_reach_the_journal_the_log_or_the_diagnostics() {
    let mock = MockProcess::start_logging(&[]);
    let mut connection = Connection::open(mock.addr).with_host("localhost");
    let json = ("Content-Type", "application/json");
    let attempts: [(&str, Vec<(&str, &str)>); 6] = [
        (ACTION, vec![("Authorization", SECRETS[0]), json]),
        (
            ACTION,
            vec![("Authorization", "Bearer\tsk_live_TAB2"), json],
        ),
        (
            ACTION,
            vec![
                ("Authorization", "Bearer x"),
                ("Cookie", "session=sk_live_COOKIE3"),
                json,
            ],
        ),
        (
            "/api/client/ClientFavoriteDataInfo?access_token=sk_live_QUERY4",
            vec![("Authorization", "Bearer x"), json],
        ),
        (
            ACTION,
            vec![("Authorization", "Basic c2tfbGl2ZV9CQVNJQzU6cHc"), json],
        ),
        (
            ACTION,
            vec![
                ("Authorization", "Bearer x"),
                ("X-Api-Key", "sk_live_APIKEY6"),
                json,
            ],
        ),
    ];
    for (path, headers) in &attempts {
        let answer = connection.send("POST", path, headers, CLIENT_BODY);
        for (name, value) in &answer.headers {
            for secret in SECRETS {
                assert!(!value.contains(secret), "{name}: {value}");
            }
        }
    }
    let journal = connection
        .send("GET", "/__mock/requests", &ADMIN, b"")
        .text();
    assert!(journal.contains("access_token=<redacted>"), "{journal}");
    assert!(journal.contains("in no known scheme"), "{journal}");
    assert!(journal.contains("followed by a tab"), "{journal}");
    let (_, log) = mock.terminate(Duration::from_secs(10));
    for secret in SECRETS {
        assert!(
            !journal.contains(secret),
            "journal leaks {secret}: {journal}"
        );
        assert!(!log.contains(secret), "log leaks {secret}: {log}");
    }
}

#[test]
fn admin_resources_refuse_foreign_hosts_origins_and_simple_requests() {
    let mock = MockProcess::start(&["--admin-origin", "http://localhost:3000"]);
    let generation = |connection: &mut Connection| {
        let health = connection.send("GET", "/__mock/health", &[], b"");
        let value: serde_json::Value = serde_json::from_slice(&health.body).unwrap();
        value["dataset"]["generation"].as_u64().unwrap()
    };
    let mut local = Connection::open(mock.addr).with_host("localhost");
    assert_eq!(generation(&mut local), 1);
    // DNS rebinding: the page's own name, resolved to 127.0.0.1.
    let mut rebound = Connection::open(mock.addr).with_host("evil.example:8080");
    let answer = rebound.send("GET", "/__mock/requests", &[], b"");
    assert_eq!(answer.status, 403);
    // A cross-site read: no CORS echo, so the page cannot read it; refused anyway.
    let answer = local.send(
        "GET",
        "/__mock/requests",
        &[("Origin", "http://evil.example")],
        b"",
    );
    assert_eq!(answer.status, 403);
    assert_eq!(answer.header("access-control-allow-origin"), None);
    // A cross-site trigger without a preflight: text/plain, no custom header.
    let answer = local.send(
        "POST",
        "/__mock/reload",
        &[
            ("Content-Type", "text/plain"),
            ("Origin", "http://evil.example"),
        ],
        b"x",
    );
    assert_eq!(answer.status, 403);
    let answer = local.send(
        "POST",
        "/__mock/reload",
        &[("Content-Type", "text/plain")],
        b"x",
    );
    assert_eq!(answer.status, 403);
    assert_eq!(generation(&mut local), 1, "nothing was reloaded");
    // The preflight a page would need is refused to a foreign origin…
    let answer = local.send(
        "OPTIONS",
        "/__mock/reload",
        &[
            ("Origin", "http://evil.example"),
            ("Access-Control-Request-Method", "POST"),
            ("Access-Control-Request-Headers", "x-mock-admin"),
        ],
        b"",
    );
    assert_eq!(answer.status, 403);
    assert_eq!(answer.header("access-control-allow-origin"), None);
    // …and granted to the allowed one, which can then read.
    let answer = local.send(
        "GET",
        "/__mock/requests",
        &[("Origin", "http://localhost:3000")],
        b"",
    );
    assert_eq!(answer.status, 200);
    assert_eq!(
        answer.header("access-control-allow-origin"),
        Some("http://localhost:3000")
    );
    // A deliberate local call works.
    let answer = local.send("POST", "/__mock/reload", &ADMIN, b"");
    assert_eq!(answer.status, 200);
    assert_eq!(generation(&mut local), 2);
}

#[test]
fn jwt_mode_refuses_tokens_without_expiry_with_crit_or_oversized() {
    use favorite_contract::{MAX_TOKEN_BYTES, mint_hs256};
    let mock = MockProcess::start(&["--auth", "jwt", "--jwt-secret", "attack-secret"]);
    let mut connection = Connection::open(mock.addr).with_host("localhost");
    let exp = chrono::Utc::now().timestamp() + 600;
    let claims = |value: serde_json::Value| value.as_object().unwrap().clone();
    let status = |connection: &mut Connection, token: &str| {
        let bearer = format!("Bearer {token}");
        connection
            .send(
                "POST",
                ACTION,
                &[
                    ("Authorization", &bearer),
                    ("Content-Type", "application/json"),
                ],
                CLIENT_BODY,
            )
            .status
    };
    let good = mint_hs256(&claims(serde_json::json!({"exp": exp})), b"attack-secret");
    assert_eq!(status(&mut connection, &good), 200);
    let no_exp = mint_hs256(&claims(serde_json::json!({"oper": 1})), b"attack-secret");
    assert_eq!(status(&mut connection, &no_exp), 401);
    let long = mint_hs256(
        &claims(serde_json::json!({"exp": exp, "pad": "a".repeat(MAX_TOKEN_BYTES)})),
        b"attack-secret",
    );
    assert_eq!(status(&mut connection, &long), 401);
    let journal = connection
        .send("GET", "/__mock/requests", &ADMIN, b"")
        .text();
    assert!(journal.contains("an expiry is required"), "{journal}");
    assert!(journal.contains("expected at most 8192 bytes"), "{journal}");
}
