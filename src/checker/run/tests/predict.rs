//! Predictions follow the production pipeline: route, method, auth, binding, business checks.

use crate::checker::run::cases::Knowledge;
use crate::checker::run::predict::{routes_to_action, usable_bearer};
use crate::checker::run::{AuthPolicy, Predictor};
use crate::checker::{Body, CaseRequest, Situation};
use crate::codec::BindOptions;
use crate::dataset::Dataset;
use crate::engine::Settings;
use crate::hosting::Host;
use std::collections::BTreeSet;
use std::sync::Arc;

fn predictor(dataset: Option<Dataset>) -> Predictor {
    let knowledge = match &dataset {
        Some(ds) => Knowledge::from_dataset(ds, 0, &[]),
        None => Knowledge::from_flags(1, &[1001]),
    };
    Predictor {
        knowledge: Arc::new(knowledge),
        dataset: dataset.map(Arc::new),
        oracle: true,
        settings: Settings::default(),
        bind: BindOptions::default(),
        host: Host::Iis,
        auth: AuthPolicy::Required,
    }
}

fn form(body: &str) -> CaseRequest {
    CaseRequest {
        method: "POST".into(),
        path: "/api/client/ClientFavoriteDataInfo".into(),
        headers: vec![
            ("Authorization".into(), "Bearer t".into()),
            (
                "Content-Type".into(),
                "application/x-www-form-urlencoded".into(),
            ),
        ],
        body: Body::Text(body.into()),
        format: None,
    }
}

fn codes(p: &Predictor, body: &str) -> Vec<i32> {
    p.predict(&form(body)).codes.into_iter().collect()
}

#[test]
fn routes_and_bearer_tokens_as_production_reads_them() {
    assert!(routes_to_action("/API/Client/clientfavoritedatainfo/"));
    assert!(routes_to_action("/api/client/ClientFavoriteDataInfo?x=1"));
    assert!(!routes_to_action(
        "/api/client/ClientFavoriteDataInfo/extra"
    ));
    assert!(usable_bearer(Some("bearer  abc ")));
    for bad in [None, Some("Bearer"), Some("Bearer   "), Some("Basic abc")] {
        assert!(!usable_bearer(bad), "{bad:?}");
    }
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
    let self_host = Predictor {
        host: Host::SelfHost,
        ..predictor(None)
    };
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
    assert!(success.oracle.is_some_and(|r| r.error_code == 0));
    // Operator 2's view of operator 1's client: "not found", never which.
    assert_eq!(codes(&p, "Client=1001&Operator=2"), [2]);
    // Operator 7 has its own zone, which the case's profile takes.
    let seven = p.predict(&form("Client=7001&Operator=7"));
    assert_eq!(seven.zone.map(|z| z.to_string()).as_deref(), Some("+05:00"));
}
