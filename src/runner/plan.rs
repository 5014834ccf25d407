//! Drawing a run's cases from its seed, one at a time as they are sent: proptest's `TestRunner`
//! with a ChaCha RNG seeded from `--seed`, so the same seed, knowledge and formats always give
//! the same cases in the same positions, and memory holds only the cases in flight whatever
//! `--cases` says. The generator runs on its own thread ([`CaseStream`]: proptest's strategies
//! cannot move between threads) and hands cases over a channel of `--concurrency` slots, so it
//! is never more than that ahead of the sending.
//!
//! A **case** is one scenario: a single valid or hostile request, or a metamorphic sequence
//! (several exchanges derived from the first answer). Of every [`CYCLE`] (40) cases, one is a
//! sequence and 12 are hostile; the other 27 are valid.

use super::cases::{
    Case, CaseLabel, Knowledge, SequencePlan, hostile_case, sequence_plan, valid_case,
};
use crate::codec::Format;
use crate::judge::AuthPolicy;
use proptest::strategy::{BoxedStrategy, Strategy, ValueTree};
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use tokio::sync::mpsc;

/// Cases in one round of the valid / hostile / sequence mix.
pub(crate) const CYCLE: u64 = 40;
/// The position of the round's sequence.
const SEQUENCE_AT: u64 = 20;
/// Draws tried for one case before giving up on its kind (a strategy's filters can reject,
/// and hostile auth cases are redrawn when auth is not judged).
const MAX_DRAWS: usize = 64;

/// What a case is, by its position in the run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    Valid,
    Hostile,
    Sequence,
}

/// The kind of the case at `index`: a fixed pattern, so a run stopped early (`--max-failures`,
/// Ctrl-C) still has the mix.
pub(crate) fn kind_of(index: u64) -> Kind {
    match index % CYCLE {
        SEQUENCE_AT => Kind::Sequence,
        k if k % 3 == 2 => Kind::Hostile,
        _ => Kind::Valid,
    }
}

/// One drawn case.
#[derive(Clone, Debug)]
pub(crate) enum Planned {
    /// One request.
    Single(Case),
    /// A metamorphic sequence.
    Sequence(SequencePlan),
}

fn seed_bytes(seed: u64) -> [u8; 32] {
    let mut bytes = [0u8; 32];
    for (i, chunk) in bytes.chunks_mut(8).enumerate() {
        let word = seed ^ (i as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        chunk.copy_from_slice(&word.to_le_bytes());
    }
    bytes
}

/// The cases of a run, drawn lazily in order.
pub(crate) struct Generator {
    runner: TestRunner,
    valid: BoxedStrategy<Case>,
    hostile: BoxedStrategy<Case>,
    sequence: BoxedStrategy<SequencePlan>,
    auth: AuthPolicy,
    next: u64,
    total: u64,
}

impl std::fmt::Debug for Generator {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Generator")
            .field("next", &self.next)
            .field("total", &self.total)
            .finish_non_exhaustive()
    }
}

impl Generator {
    /// `cases` cases from `seed` over what is known of the target, in `formats`; auth cases
    /// only when auth is judged.
    pub(crate) fn new(
        seed: u64,
        cases: u64,
        knowledge: &Arc<Knowledge>,
        formats: &[Format],
        auth: AuthPolicy,
    ) -> Generator {
        Generator {
            runner: TestRunner::new_with_rng(
                Config::default(),
                TestRng::from_seed(RngAlgorithm::ChaCha, &seed_bytes(seed)),
            ),
            valid: valid_case(knowledge, formats.to_vec()).boxed(),
            hostile: hostile_case(knowledge, formats.to_vec()).boxed(),
            sequence: sequence_plan(knowledge, formats.to_vec()).boxed(),
            auth,
            next: 0,
            total: cases,
        }
    }

    fn draw<T: std::fmt::Debug>(
        runner: &mut TestRunner,
        strategy: &BoxedStrategy<T>,
        keep: impl Fn(&T) -> bool,
    ) -> Option<T> {
        (0..MAX_DRAWS)
            .filter_map(|_| strategy.new_tree(runner).ok().map(|t| t.current()))
            .find(|value| keep(value))
    }

    fn draw_kind(&mut self, kind: Kind) -> Option<Planned> {
        let auth = self.auth;
        let judged = move |c: &Case| {
            auth == AuthPolicy::Required
                || !matches!(c.label, CaseLabel::MissingAuth | CaseLabel::BadAuth)
        };
        match kind {
            Kind::Valid => Self::draw(&mut self.runner, &self.valid, |_| true).map(Planned::Single),
            Kind::Hostile => Self::draw(&mut self.runner, &self.hostile, judged)
                .map(Planned::Single)
                .or_else(|| self.draw_kind(Kind::Valid)),
            Kind::Sequence => {
                Self::draw(&mut self.runner, &self.sequence, |_| true).map(Planned::Sequence)
            }
        }
    }
}

impl Iterator for Generator {
    type Item = (u64, Planned);

    fn next(&mut self) -> Option<(u64, Planned)> {
        while self.next < self.total {
            let index = self.next;
            self.next += 1;
            if let Some(planned) = self.draw_kind(kind_of(index)) {
                return Some((index, planned));
            }
        }
        None
    }
}

/// Cases drawn and not yet folded into the tally, and the most there ever were: what the
/// memory bound is about.
#[derive(Debug, Default)]
pub(crate) struct Held {
    now: AtomicUsize,
    peak: AtomicUsize,
}

impl Held {
    fn add(&self) {
        let now = self.now.fetch_add(1, Ordering::Relaxed) + 1;
        self.peak.fetch_max(now, Ordering::Relaxed);
    }

    /// One case folded (or abandoned).
    pub(crate) fn release(&self) {
        self.now.fetch_sub(1, Ordering::Relaxed);
    }

    /// The most cases held at once.
    pub(crate) fn peak(&self) -> usize {
        self.peak.load(Ordering::Relaxed)
    }
}

/// A case from the generator thread, or why it stopped early.
pub(crate) type Drawn = Result<(u64, Planned), String>;

/// The receiving end of the generator thread.
#[derive(Debug)]
pub(crate) struct CaseStream {
    rx: mpsc::Receiver<Drawn>,
    total: u64,
    held: Arc<Held>,
}

impl CaseStream {
    /// Start drawing `cases` cases on a thread of its own, at most `ahead` cases ahead of
    /// [`CaseStream::next`]. Dropping the stream stops the thread at its next case.
    pub(crate) fn spawn(
        seed: u64,
        cases: u64,
        knowledge: Arc<Knowledge>,
        formats: Vec<Format>,
        auth: AuthPolicy,
        ahead: usize,
    ) -> CaseStream {
        let (tx, rx) = mpsc::channel(ahead.max(1));
        let held = Arc::new(Held::default());
        let counter = Arc::clone(&held);
        let work = move || {
            let mut generator = Generator::new(seed, cases, &knowledge, &formats, auth);
            loop {
                // A panicking strategy must not end the stream as if the plan were complete.
                let next = super::accounted::sync(|| {
                    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| generator.next()))
                });
                let item = match next {
                    Ok(Some(drawn)) => Ok(drawn),
                    Ok(None) => return,
                    Err(payload) => Err(panic_text(payload.as_ref())),
                };
                let stop = item.is_err();
                counter.add();
                if tx.blocking_send(item).is_err() || stop {
                    return;
                }
            }
        };
        let spawned = std::thread::Builder::new()
            .name("case-generator".to_owned())
            .spawn(work);
        let (rx, total) = match spawned {
            Ok(_) => (rx, cases),
            Err(e) => {
                // No thread, no cases: say so through the stream itself.
                let (tx, rx) = mpsc::channel(1);
                let _ = tx.try_send(Err(format!("cannot start the case generator: {e}")));
                held.add();
                (rx, cases)
            }
        };
        CaseStream { rx, total, held }
    }

    /// The number of cases planned.
    pub(crate) fn total(&self) -> u64 {
        self.total
    }

    /// The counter of cases held.
    pub(crate) fn held(&self) -> &Arc<Held> {
        &self.held
    }

    /// The next case, `None` at the end of the plan.
    pub(crate) async fn next(&mut self) -> Option<Drawn> {
        self.rx.recv().await
    }
}

/// The text of a panic payload.
pub(crate) fn panic_text(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "a panic without a message".to_owned())
}
