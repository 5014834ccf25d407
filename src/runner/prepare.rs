//! Before a run: probe the target, learn what is known about its data, decide how auth is
//! judged, and build the shared context.

use super::RunConfig;
use super::cases::{Case, CaseLabel, EncodeStyle, Knowledge, Payload};
use super::context::RunContext;
use super::driver::RunError;
use super::progress::Progress;
use crate::client::HttpClient;
use crate::codec::Format;
use crate::dataset::Dataset;
use crate::exchange::{HttpRequest, RequestBody};
use crate::judge::{AuthPolicy, Judge, JudgeSetup};
use crate::model::Request;
use std::sync::Arc;

/// The mock's health resource (outside any base path).
const MOCK_HEALTH: &str = "/__mock/health";
/// What the mock's health resource names the embedded dataset.
const EMBEDDED_SOURCE: &str = "embedded default";

/// Ask the mock's health resource whether it serves the embedded dataset.
async fn detect_embedded_mock(client: &HttpClient) -> bool {
    let probe = HttpRequest {
        method: "GET".to_owned(),
        path: MOCK_HEALTH.to_owned(),
        headers: Vec::new(),
        body: RequestBody::Text(String::new()),
        format: None,
    };
    // The health resource lives at the root, outside the base path.
    let Ok(root_client) = HttpClient::new(client.target().root(), client.timeout(), 1) else {
        return false;
    };
    let Ok(exchange) = root_client.send(&probe).await else {
        return false;
    };
    exchange.response.status == 200
        && serde_json::from_slice::<serde_json::Value>(&exchange.response.body)
            .ok()
            .and_then(|v| {
                v.pointer("/dataset/source")
                    .and_then(|s| s.as_str().map(|s| s == EMBEDDED_SOURCE))
            })
            .unwrap_or(false)
}

/// Send one plain valid request to learn whether credentials are needed and accepted.
async fn decide_auth(
    client: &HttpClient,
    config: &RunConfig,
    knowledge: &Knowledge,
) -> Result<AuthPolicy, RunError> {
    let request = Request {
        client: knowledge.clients.first().map_or(1, |c| c.id),
        operator: knowledge
            .clients
            .first()
            .map_or(config.operator, |c| c.operator),
        ..Request::default()
    };
    let mut case = Case::post(
        CaseLabel::Valid,
        Some("application/json"),
        Payload::Encoded {
            request,
            format: Format::Json,
            style: EncodeStyle::Canonical,
        },
    )
    .to_request(&config.credentials);
    case.headers.extend(config.headers.iter().cloned());
    let target = config.target.to_string();
    let exchange = client.send(&case).await.map_err(|e| RunError::NoAnswer {
        target: target.clone(),
        reason: e.to_string(),
    })?;
    match (exchange.response.status, config.credentials.is_empty()) {
        (401, true) => Err(RunError::CredentialsNeeded { target }),
        (401, false) => Err(RunError::CredentialsRefused { target }),
        (_, true) => Ok(AuthPolicy::Unchecked),
        (_, false) => Ok(AuthPolicy::Required),
    }
}

/// Probe the target and build the shared context.
pub(crate) async fn prepare(
    config: &RunConfig,
    notes: &mut Vec<String>,
) -> Result<Arc<RunContext>, RunError> {
    if config.formats.is_empty() {
        return Err(RunError::NoFormats);
    }
    let client = HttpClient::new(
        config.target.clone(),
        config.timeout,
        config.concurrency.max(1),
    )?;
    client.probe().await?;
    let mut dataset = config.dataset.clone();
    if dataset.is_none() && config.detect_mock && detect_embedded_mock(&client).await {
        notes.push(
            "the target is a favorite-contract mock serving the embedded dataset: client ids \
             and business outcomes come from that dataset"
                .to_owned(),
        );
        dataset = Some(Arc::new(Dataset::embedded_default()));
    }
    let knowledge = Arc::new(match &dataset {
        Some(ds) => Knowledge::from_dataset(ds, config.operator, &config.clients),
        None => Knowledge::from_flags(config.operator, &config.clients),
    });
    if knowledge.clients.is_empty() {
        notes.push(
            "no client ids known (--client, --oracle-dataset): valid cases use generated ids, \
             which mostly get business error 2"
                .to_owned(),
        );
    }
    let auth = decide_auth(&client, config, &knowledge).await?;
    if auth == AuthPolicy::Unchecked {
        notes.push(
            "the target answered without credentials and none were given: auth is not \
             judged (pass --bearer to check the 401 cases)"
                .to_owned(),
        );
    }
    let judge = Judge::new(JudgeSetup {
        profile: config.profile.clone(),
        knowledge: Some(knowledge),
        dataset,
        oracle: config.oracle,
        json_net: config.json_net,
        auth,
        base_path: None,
        time_limit: Some(config.timeout),
    });
    let (credentials, extra_headers) = (config.credentials.clone(), config.headers.clone());
    Ok(Arc::new(RunContext {
        client,
        judge,
        credentials,
        extra_headers,
        progress: Arc::new(Progress::new(config.progress)),
    }))
}
