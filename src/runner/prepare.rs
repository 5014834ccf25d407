//! Before a run: probe the target ([`super::probe`]), learn what is known about its data,
//! decide how auth is judged, and build the shared context.

use super::RunConfig;
use super::cases::Knowledge;
use super::context::{BeforeSend, RunContext};
use super::driver::RunError;
use super::probe::{plain_request, probe};
use super::progress::Progress;
use crate::client::HttpClient;
use crate::dataset::Dataset;
use crate::judge::{AuthPolicy, Judge, JudgeSetup};
use std::sync::Arc;

fn knowledge_of(dataset: Option<&Dataset>, config: &RunConfig) -> Knowledge {
    match dataset {
        Some(ds) => Knowledge::from_dataset(ds, config.operator, &config.clients),
        None => Knowledge::from_flags(config.operator, &config.clients),
    }
}

/// Probe the target and build the shared context.
pub(crate) async fn prepare(
    config: &RunConfig,
    notes: &mut Vec<String>,
    before_send: Option<BeforeSend>,
) -> Result<Arc<RunContext>, RunError> {
    if config.formats.is_empty() {
        return Err(RunError::NoFormats);
    }
    let client = HttpClient::with_trust(
        config.target.clone(),
        config.timeout,
        config.concurrency.max(1),
        &config.trust,
    )
    .map_err(super::probe::SetupError::from)?;
    let known = knowledge_of(config.dataset.as_deref(), config);
    let request = plain_request(
        &config.credentials,
        &config.headers,
        known.clients.first().map_or(1, |c| c.id),
        known
            .clients
            .first()
            .map_or(config.operator, |c| c.operator),
    );
    let first = probe(
        &client,
        &request,
        !config.credentials.is_empty(),
        config.detect_mock && config.dataset.is_none(),
    )
    .await?;
    if first.elapsed > config.timeout {
        notes.push(format!(
            "the target answered the first request after {} ms, beyond --timeout {} ms: every \
             exchange slower than that is a hostile.timeout violation (raise --timeout if the \
             target is allowed to be this slow)",
            first.elapsed.as_millis(),
            config.timeout.as_millis()
        ));
    }
    let mut dataset = config.dataset.clone();
    if first.embedded_mock {
        notes.push(
            "the target is a favorite-contract mock serving the embedded dataset: client ids \
             and business outcomes come from that dataset"
                .to_owned(),
        );
        dataset = Some(Arc::new(Dataset::embedded_default()));
    }
    let knowledge = Arc::new(if first.embedded_mock {
        knowledge_of(dataset.as_deref(), config)
    } else {
        known
    });
    if knowledge.clients.is_empty() {
        notes.push(
            "no client ids known (--client, --oracle-dataset): valid cases use generated ids, \
             which mostly get business error 2"
                .to_owned(),
        );
    }
    let auth = if config.credentials.is_empty() {
        notes.push(
            "the target answered without credentials and none were given: auth is not \
             judged (pass --bearer to check the 401 cases)"
                .to_owned(),
        );
        AuthPolicy::Unchecked
    } else {
        AuthPolicy::Required
    };
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
        before_send,
    }))
}
