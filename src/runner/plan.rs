//! Drawing a run's cases from its seed: proptest's `TestRunner` with a ChaCha RNG seeded from
//! `--seed`, so the same seed, knowledge and formats always give the same cases.

use super::cases::{
    Case, CaseLabel, Knowledge, SequencePlan, hostile_case, sequence_plan, valid_case,
};
use crate::codec::Format;
use crate::judge::AuthPolicy;
use proptest::strategy::{Strategy, ValueTree};
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
use std::sync::Arc;

/// Share of the planned exchanges spent on single valid cases, in percent.
const VALID_SHARE: u32 = 55;
/// Share spent on hostile cases, in percent; the rest goes to sequences.
const HOSTILE_SHARE: u32 = 30;
/// Exchanges a sequence costs on average (unpaged, repeat, 2 re-encodings, pages, narrowings).
pub(crate) const EXCHANGES_PER_SEQUENCE: u32 = 12;

fn seed_bytes(seed: u64) -> [u8; 32] {
    let mut bytes = [0u8; 32];
    for (i, chunk) in bytes.chunks_mut(8).enumerate() {
        let word = seed ^ (i as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        chunk.copy_from_slice(&word.to_le_bytes());
    }
    bytes
}

/// Draw `n` values of a strategy with `runner`'s RNG.
fn draw<S: Strategy>(strategy: &S, runner: &mut TestRunner, n: u32) -> Vec<S::Value> {
    (0..n)
        .filter_map(|_| strategy.new_tree(runner).ok().map(|t| t.current()))
        .collect()
}

/// Everything a run sends, drawn from the seed.
pub(crate) struct Plan {
    pub(crate) singles: Vec<Case>,
    pub(crate) sequences: Vec<SequencePlan>,
}

/// Draw the cases of a run: the same seed, knowledge and formats always give the same plan.
pub(crate) fn plan(
    seed: u64,
    cases: u32,
    knowledge: &Arc<Knowledge>,
    formats: &[Format],
    auth: AuthPolicy,
) -> Plan {
    let mut runner = TestRunner::new_with_rng(
        Config::default(),
        TestRng::from_seed(RngAlgorithm::ChaCha, &seed_bytes(seed)),
    );
    let formats = formats.to_vec();
    let valid_n = cases * VALID_SHARE / 100;
    let hostile_n = cases * HOSTILE_SHARE / 100;
    let rest = cases.saturating_sub(valid_n + hostile_n);
    let sequence_n = if cases == 0 {
        0
    } else {
        (rest / EXCHANGES_PER_SEQUENCE).max(1)
    };
    let mut singles = draw(
        &valid_case(knowledge, formats.clone()),
        &mut runner,
        valid_n,
    );
    let hostile = draw(
        &hostile_case(knowledge, formats.clone()),
        &mut runner,
        hostile_n,
    );
    singles.extend(hostile.into_iter().filter(|c| {
        auth == AuthPolicy::Required
            || !matches!(c.label, CaseLabel::MissingAuth | CaseLabel::BadAuth)
    }));
    let sequences = draw(&sequence_plan(knowledge, formats), &mut runner, sequence_n);
    Plan { singles, sequences }
}
