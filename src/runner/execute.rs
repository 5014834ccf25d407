//! Sending the cases: drawn from the generator only when a slot is free, so at most
//! `--concurrency` cases exist at once whatever `--cases` says; folded into the [`Tally`] as
//! they finish. Sending stops at the end of the plan, at `--max-failures` failing cases, or on
//! an interrupt (then the cases in flight get [`INTERRUPT_GRACE`] before they are abandoned). A
//! task that panics is not lost: it becomes an [`InternalError`] naming its case.

use super::accounted;
use super::context::RunContext;
use super::plan::{CaseStream, Held, Planned, panic_text};
use super::relations::run_sequence;
use super::stop::{INTERRUPT_GRACE, Interrupt, wait};
use super::tally::{CaseResult, Tally};
use crate::checker::{InternalError, RunEnd};
use crate::codec::Format;
use crate::exchange::HttpRequest;
use std::collections::HashMap;
use std::sync::Arc;
use tokio::task::{Id, JoinError, JoinSet};

/// When to stop sending besides the end of the plan.
#[derive(Clone, Debug, Default)]
pub(crate) struct Limits {
    /// Cases in flight at once.
    pub(crate) concurrency: usize,
    /// Stop after this many failing cases.
    pub(crate) max_failures: Option<u64>,
    /// Stop on this signal.
    pub(crate) interrupt: Option<Interrupt>,
}

/// How sending ended, and the most cases that were held at once.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Sent {
    pub(crate) end: RunEnd,
    pub(crate) peak_held: usize,
}

/// The text of a panic's payload.
pub(crate) fn panic_message(error: JoinError) -> String {
    if error.is_cancelled() {
        return "the task was cancelled".to_owned();
    }
    format!("panicked: {}", panic_text(error.into_panic().as_ref()))
}

/// The first request of a planned case, with the run's credentials redacted.
pub(crate) fn first_request(ctx: &RunContext, planned: &Planned) -> HttpRequest {
    let mut request = match planned {
        Planned::Single(case) => ctx.request_of(case),
        Planned::Sequence(plan) => ctx.request_of(&super::relations::first_case(plan)),
    };
    ctx.redact(&mut request);
    request
}

fn label(planned: &Planned) -> String {
    match planned {
        Planned::Single(case) => case.label.id().to_owned(),
        Planned::Sequence(_) => "sequence".to_owned(),
    }
}

/// The cases in flight, by task.
struct InFlight {
    set: JoinSet<CaseResult>,
    cases: HashMap<Id, (u64, Planned)>,
    held: Arc<Held>,
}

impl InFlight {
    fn spawn(
        &mut self,
        ctx: &Arc<RunContext>,
        formats: &Arc<[Format]>,
        index: u64,
        planned: Planned,
    ) {
        let task_ctx = Arc::clone(ctx);
        let formats = Arc::clone(formats);
        let sent = planned.clone();
        // A panic here is folded into the tally with its case (see `fold`).
        let handle = self.set.spawn(accounted::task(async move {
            match sent {
                Planned::Single(case) => CaseResult::Single(Box::new(task_ctx.step(case).await)),
                Planned::Sequence(plan) => {
                    CaseResult::Sequence(run_sequence(&task_ctx, &plan, &formats).await)
                }
            }
        }));
        self.cases.insert(handle.id(), (index, planned));
    }

    /// Fold one finished task; returns whether it was a failing case.
    fn fold(
        &mut self,
        ctx: &RunContext,
        tally: &mut Tally,
        joined: Result<(Id, CaseResult), JoinError>,
    ) -> bool {
        self.held.release();
        match joined {
            Ok((id, result)) => {
                let index = self.cases.remove(&id).map_or(0, |(i, _)| i);
                let exchanges = result.exchanges();
                let failing = tally.record(index, result);
                ctx.progress.case_done(exchanges, failing);
                failing
            }
            Err(error) => {
                let Some((index, planned)) = self.cases.remove(&error.id()) else {
                    return false;
                };
                if error.is_cancelled() {
                    return false;
                }
                tally.internal.push(InternalError {
                    case: index,
                    label: label(&planned),
                    request: Some(first_request(ctx, &planned)),
                    message: panic_message(error),
                });
                false
            }
        }
    }
}

/// Send the stream's cases with bounded concurrency and fold them into `tally`.
pub(crate) async fn execute(
    ctx: &Arc<RunContext>,
    mut stream: CaseStream,
    formats: &[Format],
    limits: &Limits,
    tally: &mut Tally,
) -> Sent {
    let formats: Arc<[Format]> = formats.into();
    let concurrency = limits.concurrency.max(1);
    let interrupt = limits.interrupt.as_ref();
    let mut flight = InFlight {
        set: JoinSet::new(),
        cases: HashMap::new(),
        held: Arc::clone(stream.held()),
    };
    let mut end = RunEnd::Complete;
    let mut sending = true;
    let mut next_index = 0u64;
    loop {
        while sending && flight.set.len() < concurrency {
            if interrupt.is_some_and(Interrupt::is_triggered) {
                end = RunEnd::Interrupted { abandoned: 0 };
                sending = false;
                break;
            }
            match stream.next().await {
                Some(Ok((index, planned))) => {
                    next_index = index + 1;
                    flight.spawn(ctx, &formats, index, planned);
                }
                Some(Err(message)) => {
                    flight.held.release();
                    tally.internal.push(InternalError {
                        case: next_index,
                        label: "generator".to_owned(),
                        message: format!("the case generator failed: {message}"),
                        request: None,
                    });
                    sending = false;
                }
                None => sending = false,
            }
        }
        if flight.set.is_empty() || matches!(end, RunEnd::Interrupted { .. }) {
            break;
        }
        tokio::select! {
            Some(joined) = flight.set.join_next_with_id() => {
                let failing = flight.fold(ctx, tally, joined);
                if failing && sending
                    && let Some(limit) = limits.max_failures
                        && tally.failing_cases >= limit {
                            end = RunEnd::MaxFailures { limit };
                            sending = false;
                        }
            }
            () = wait(interrupt, 1) => {
                end = RunEnd::Interrupted { abandoned: 0 };
                sending = false;
            }
        }
    }
    if let RunEnd::Interrupted { .. } = end {
        // The grace period: cases in flight may finish; a second interrupt cuts it short.
        let grace = tokio::time::sleep(INTERRUPT_GRACE);
        tokio::pin!(grace);
        while !flight.set.is_empty() {
            tokio::select! {
                Some(joined) = flight.set.join_next_with_id() => {
                    flight.fold(ctx, tally, joined);
                }
                () = &mut grace => break,
                () = wait(interrupt, 2) => break,
            }
        }
        let abandoned = flight.set.len() as u64;
        flight.set.abort_all();
        for _ in 0..abandoned {
            flight.held.release();
        }
        end = RunEnd::Interrupted { abandoned };
    }
    Sent {
        end,
        peak_held: stream.held().peak(),
    }
}
