//! Whole runs against the in-process mock: cases are drawn as they are sent (the most cases
//! held at once follows `concurrency`, not `cases`), a panicking exchange is an internal error
//! naming its case (exit 2) instead of a lost case, and an interrupt stops the run with a
//! report marked interrupted.

use crate::checker::{EXIT_INTERNAL_ERROR, EXIT_INTERRUPTED, RunEnd};
use crate::client::Target;
use crate::codec::Format;
use crate::runner::context::BeforeSend;
use crate::runner::driver::run_with;
use crate::runner::{Interrupt, RunConfig};
use crate::server::MockServer;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

async fn mock_config(cases: u32, concurrency: usize) -> (RunConfig, crate::server::ServerHandle) {
    let server = MockServer::builder()
        .bind("127.0.0.1:0")
        .quiet(true)
        .start()
        .await
        .expect("the mock starts");
    let mut config = RunConfig::new(Target::parse(&server.url()).expect("the mock's URL"));
    config.credentials = vec![("Authorization".into(), "Bearer t".into())];
    config.formats = vec![Format::Json];
    config.cases = cases;
    config.concurrency = concurrency;
    config.seed = 11;
    config.shrink = false;
    (config, server)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cases_held_at_once_follow_the_concurrency_not_the_number_of_cases() {
    let (config, server) = mock_config(400, 3).await;
    let outcome = run_with(config, None).await.expect("the run");
    server.shutdown().await;
    let report = &outcome.report;
    assert_eq!((report.cases_planned, report.cases_run), (400, 400));
    assert!(report.exchanges > 400, "sequences make several exchanges");
    // In flight (3), waiting in the generator's channel (3), and one being handed over.
    let peak = outcome.peak_cases_held();
    assert!(
        (3..=7).contains(&peak),
        "{peak} cases held at once with --concurrency 3 (drawing them all first would hold 400)"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_panicking_exchange_is_an_internal_error_with_its_case() {
    let (config, server) = mock_config(60, 4).await;
    let sent = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&sent);
    let hook: BeforeSend = Arc::new(move |_| {
        if counter.fetch_add(1, Ordering::SeqCst) == 7 {
            panic!("injected fault");
        }
    });
    let outcome = run_with(config, Some(hook)).await.expect("the run");
    server.shutdown().await;
    let report = &outcome.report;
    assert_eq!(report.internal_errors.len(), 1, "{}", report.render_human());
    let error = &report.internal_errors[0];
    assert_eq!(error.message, "panicked: injected fault");
    assert!(error.request.is_some(), "the case's request is reported");
    assert_eq!(report.cases_run, 59, "the other cases still ran");
    assert_eq!(report.totals().violations, 0);
    assert_eq!(report.exit_code(false), EXIT_INTERNAL_ERROR, "never a pass");
    assert!(
        report
            .summary_line()
            .ends_with(", 1 internal error (the run is not a pass)"),
        "{}",
        report.summary_line()
    );
    let human = report.render_human();
    assert!(
        human.contains(&format!(
            "  case {} ({}): panicked: injected fault",
            error.case, error.label
        )),
        "{human}"
    );
    assert!(
        report
            .to_junit(false)
            .contains("<error type=\"internal\" message=\"panicked: injected fault\">")
    );
    assert_eq!(report.to_json().matches("\"internal_errors\"").count(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_interrupt_stops_sending_and_marks_the_report() {
    let (mut config, server) = mock_config(1_000_000, 2).await;
    let interrupt = Interrupt::new();
    config.interrupt = Some(interrupt.clone());
    let sent = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&sent);
    let stop = interrupt.clone();
    let hook: BeforeSend = Arc::new(move |_| {
        if counter.fetch_add(1, Ordering::SeqCst) == 50 {
            stop.trigger();
        }
    });
    let outcome = run_with(config, Some(hook)).await.expect("the run");
    server.shutdown().await;
    let report = &outcome.report;
    assert!(
        matches!(report.end, RunEnd::Interrupted { .. }),
        "{:?}",
        report.end
    );
    assert!(
        report.cases_run >= 40 && report.cases_run < 100,
        "{}",
        report.cases_run
    );
    assert_eq!(report.exit_code(false), EXIT_INTERRUPTED);
    assert!(report.summary_line().starts_with(&format!(
        "interrupted: {} of 1000000 cases (",
        report.cases_run
    )));
}
