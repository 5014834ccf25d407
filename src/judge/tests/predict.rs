//! Predictions follow the production pipeline: route, method, auth, binding, business checks.

use crate::checker::{Profile, Situation};
use crate::dataset::Dataset;
use crate::exchange::{HttpRequest, RequestBody};
use crate::hosting::Host;
use crate::judge::{AuthPolicy, Judge, JudgeSetup, Knowledge};
use std::collections::BTreeSet;
use std::sync::Arc;

fn predictor(dataset: Option<Dataset>) -> Judge {
    let knowledge = match &dataset {
        Some(ds) => Knowledge::from_dataset(ds, 0, &[]),
        None => Knowledge::from_flags(1, &[1001]),
    };
    Judge::new(JudgeSetup {
        knowledge: Some(Arc::new(knowledge)),
        dataset: dataset.map(Arc::new),
        oracle: true,
        auth: AuthPolicy::Required,
        ..JudgeSetup::default()
    })
}

fn form(body: &str) -> HttpRequest {
    HttpRequest {
        method: "POST".into(),
        path: "/api/client/ClientFavoriteDataInfo".into(),
        headers: vec![
            ("Authorization".into(), "Bearer t".into()),
            (
                "Content-Type".into(),
                "application/x-www-form-urlencoded".into(),
            ),
        ],
        body: RequestBody::Text(body.into()),
        format: None,
    }
}

fn codes(p: &Judge, body: &str) -> Vec<i32> {
    p.predict(&form(body)).codes.into_iter().collect()
}

#[test]
fn routes_and_bearer_tokens_as_production_reads_them() {
    let p = predictor(None);
    let situation = |path: &str, auth: Option<&str>| {
        let mut r = form("Client=1001&Operator=1");
        r.path = path.into();
        r.headers.retain(|(n, _)| n != "Authorization");
        if let Some(value) = auth {
            r.headers.push(("Authorization".into(), value.into()));
        }
        p.predict(&r).situation
    };
    let action = "/api/client/ClientFavoriteDataInfo";
    for path in [
        "/API/Client/clientfavoritedatainfo/",
        "/api/client/ClientFavoriteDataInfo?x=1",
    ] {
        assert_eq!(
            situation(path, Some("Bearer t")),
            Situation::Success,
            "{path}"
        );
    }
    assert_eq!(
        situation("/api/client/ClientFavoriteDataInfo/extra", Some("Bearer t")),
        Situation::NotFound
    );
    assert_eq!(situation(action, Some("bearer  abc ")), Situation::Success);
    for bad in [
        None,
        Some("Bearer"),
        Some("Bearer   "),
        Some("Basic abc"),
        Some("Bearer ток"),
    ] {
        assert_eq!(situation(action, bad), Situation::Unauthorized, "{bad:?}");
    }
}

#[test]
fn paths_with_a_base_path_route_below_it() {
    let judge = Judge::new(JudgeSetup {
        base_path: Some("lcmanager/".into()),
        ..JudgeSetup::default()
    });
    let mut r = form("Client=1001&Operator=1");
    r.path = "/LCManager/api/client/ClientFavoriteDataInfo".into();
    assert_ne!(judge.predict(&r).situation, Situation::NotFound);
    r.path = "/api/client/ClientFavoriteDataInfo".into();
    assert_eq!(judge.predict(&r).situation, Situation::NotFound);
}

#[test]
fn http_level_situations_come_first() {
    let p = predictor(None);
    let mut r = form("Client=1001&Operator=1");
    r.path = "/api/client/Nope".into();
    assert_eq!(p.predict(&r).situation, Situation::NotFound);
    let mut r = form("Client=1001&Operator=1");
    r.method = "GET".into();
    assert_eq!(p.predict(&r).situation, Situation::MethodNotAllowed);
    let mut r = form("Client=1001&Operator=1");
    r.headers.remove(0);
    assert_eq!(p.predict(&r).situation, Situation::Unauthorized);
    let mut r = form("Client=1001");
    r.headers[1].1 = "text/plain".into();
    assert_eq!(p.predict(&r).situation, Situation::UnsupportedMediaType);
    // An empty body goes out without a length: IIS answers 411 (HTTP.sys), a self-host or an
    // explicit Content-Length lets Web API bind it to null (500).
    let r = form("");
    let empty = p.predict(&r);
    assert_eq!(empty.situation, Situation::LengthRequired);
    assert_eq!(empty.content_type, "text/html; charset=us-ascii");
    let self_host = Judge::new(JudgeSetup {
        profile: Profile {
            host: Host::SelfHost,
            ..Profile::default()
        },
        knowledge: Some(Arc::new(Knowledge::from_flags(1, &[1001]))),
        ..JudgeSetup::default()
    });
    assert_eq!(self_host.predict(&r).situation, Situation::ServerError);
    let mut zero = form("");
    zero.headers.push(("Content-Length".into(), "0".into()));
    assert_eq!(p.predict(&zero).situation, Situation::ServerError);
    let mut nowhere = form("");
    nowhere.path = "/api/client/Nope".into();
    assert_eq!(p.predict(&nowhere).situation, Situation::LengthRequired);
    let mut r = form("Client=1001&Operator=1");
    r.headers.push(("Accept".into(), "application/xml".into()));
    assert_eq!(p.predict(&r).content_type, "application/xml; charset=utf-8");
}

#[test]
fn business_codes_from_what_is_known() {
    let p = predictor(None);
    assert_eq!(codes(&p, "Client=1001&Operator=1"), [0]);
    assert_eq!(
        p.predict(&form("Client=1001&Operator=1")).situation,
        Situation::Success
    );
    assert_eq!(codes(&p, "Client=0&Operator=1"), [1]);
    assert_eq!(
        p.predict(&form("Client=0&Operator=1")).situation,
        Situation::BusinessError(1)
    );
    // An unknown client may or may not exist.
    assert_eq!(codes(&p, "Client=5&Operator=1"), [0, 2]);
    // An unknown token: code 4 or anything after it.
    assert_eq!(codes(&p, "Client=1001&Operator=1&Token=5"), [0, 4]);
    assert_eq!(codes(&p, "Client=1001&Operator=1&Start=-2"), [8]);
    assert_eq!(
        codes(
            &p,
            "Client=1001&Operator=1&BegDate=2026-05-02&EndDate=2026-05-01"
        ),
        [7]
    );
}

#[test]
fn a_dataset_makes_predictions_exact() {
    let p = predictor(Some(Dataset::embedded_default()));
    let success = p.predict(&form("Client=1001&Operator=1"));
    assert_eq!(success.codes, BTreeSet::from([0]));
    assert!(success.oracle.as_ref().is_some_and(|r| r.error_code == 0));
    // Operator 2's view of operator 1's client: "not found", never which.
    assert_eq!(codes(&p, "Client=1001&Operator=2"), [2]);
    assert!(p.predict(&form("Client=1001&Operator=2")).foreign_client);
    assert!(!success.foreign_client);
    // Operator 7 has its own zone, which the case's profile takes.
    let seven = p.predict(&form("Client=7001&Operator=7"));
    assert_eq!(seven.zone.map(|z| z.to_string()).as_deref(), Some("+05:00"));
}
