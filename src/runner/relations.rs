//! Running a sequence plan: the requests derived from the first answer, each checked on its
//! own, then the metamorphic relations over them (contracts/reference/domain.md#metamorphic, metamorphic).

use super::cases::{Case, CaseLabel, MAX_PAGES, SequencePlan};
use super::context::{RunContext, Step};
use crate::checker::{
    Finding, NotApplicable, Observation, Profile, filter_narrowing, format_equivalence,
    paging_concat, period_narrowing, repeat, total_rows_paging,
};
use crate::codec::Format;
use crate::model::{NetDateTime, Request};

/// What a sequence produced.
#[derive(Debug, Default)]
pub(crate) struct SequenceResult {
    /// Every exchange.
    pub(crate) steps: Vec<Step>,
    /// Findings of the relations.
    pub(crate) relation_findings: Vec<Finding>,
    /// Relations applied (for the report's list of checked rules).
    pub(crate) relations_applied: usize,
}

fn case_of(plan: &SequencePlan, request: Request, format: Format) -> Case {
    let mut case = Case::encoded(CaseLabel::Sequence, request, format);
    case.headers.extend(plan.headers.iter().cloned());
    case
}

fn observation(step: &Step) -> Option<Observation<'_>> {
    Some(Observation {
        request: step.prediction.bound.as_ref()?,
        response: step.outcome.response.as_ref()?,
        case: Some(&step.request),
    })
}

fn succeeded(step: &Step) -> bool {
    step.outcome
        .response
        .as_ref()
        .is_some_and(|r| r.error_code == 0)
}

/// A relation between the sequence's first answer and a later one.
type Relation =
    fn(Observation<'_>, Observation<'_>, &Profile) -> Result<Vec<Finding>, NotApplicable>;

impl SequenceResult {
    fn apply(&mut self, relation: Result<Vec<Finding>, NotApplicable>) {
        // A relation that does not apply (a business error, a codec difference in how two
        // encodings bind) is not a finding: the single-exchange checks judge those answers.
        if let Ok(findings) = relation {
            self.relations_applied += 1;
            self.relation_findings.extend(findings);
        }
    }

    /// Send `request` in `format`, hold its answer against the first step's with `relation`,
    /// and keep the step.
    async fn relate(
        &mut self,
        ctx: &RunContext,
        plan: &SequencePlan,
        request: Request,
        format: Format,
        relation: Relation,
    ) {
        let step = ctx.step(case_of(plan, request, format)).await;
        if let (Some(first), Some(later)) = (observation(&self.steps[0]), observation(&step)) {
            self.apply(relation(first, later, ctx.judge.profile()));
        }
        self.steps.push(step);
    }
}

/// A date of a row's server wall clock, sent in the plan's kind.
fn bound_date(wall: chrono::NaiveDateTime, kind: u8, zone: crate::model::Zone) -> NetDateTime {
    match kind {
        0 => NetDateTime::unspecified(wall),
        1 => NetDateTime::utc(zone.to_utc(wall)),
        _ => NetDateTime::local(wall, zone.offset_of_local(wall)),
    }
}

/// The first case a plan sends: its query unpaged, in its format.
pub(crate) fn first_case(plan: &SequencePlan) -> Case {
    let mut unpaged = plan.base.clone();
    (unpaged.start, unpaged.length) = plan.unpaged;
    case_of(plan, unpaged, plan.format)
}

/// Run one plan to its end; `formats` are the run's formats (for re-encoding).
pub(crate) async fn run_sequence(
    ctx: &RunContext,
    plan: &SequencePlan,
    formats: &[Format],
) -> SequenceResult {
    let mut out = SequenceResult::default();
    let mut unpaged = plan.base.clone();
    (unpaged.start, unpaged.length) = plan.unpaged;
    let first = ctx.step(first_case(plan)).await;
    let go_on = succeeded(&first);
    out.steps.push(first);
    if !go_on {
        return out;
    }

    // Repeat, then the same request in the other formats.
    out.relate(ctx, plan, unpaged.clone(), plan.format, repeat)
        .await;
    for &format in formats.iter().filter(|&&f| f != plan.format) {
        out.relate(ctx, plan, unpaged.clone(), format, format_equivalence)
            .await;
    }

    let Some(base) = out.steps[0].outcome.response.clone() else {
        return out;
    };
    let total = u64::try_from(base.total_rows.max(0)).unwrap_or(0);
    let length = u64::try_from(plan.page_length).unwrap_or(1).max(1);

    // Pages.
    let mut pages = Vec::new();
    let mut k = 0u64;
    while (k == 0 || k * length < total) && (k as usize) < MAX_PAGES {
        let mut paged = unpaged.clone();
        let start = ctx.judge.profile().start_for_offset(k * length);
        paged.start = i32::try_from(start).ok();
        paged.length = Some(plan.page_length);
        pages.push(ctx.step(case_of(plan, paged, plan.format)).await);
        k += 1;
    }
    let mut results = Vec::new();
    if let Some(u) = observation(&out.steps[0]) {
        let observed: Vec<Observation<'_>> = pages.iter().filter_map(observation).collect();
        if observed.len() == pages.len() {
            results.push(paging_concat(u, &observed, ctx.judge.profile()));
        }
        for page in &observed {
            results.push(total_rows_paging(u, *page, ctx.judge.profile()));
        }
    }
    for r in results {
        out.apply(r);
    }
    out.steps.extend(pages);

    // Narrowing by period, between two returned rows' days.
    let rows = base.client_favorites.clone().unwrap_or_default();
    let zone = out.steps[0]
        .prediction
        .zone
        .unwrap_or(ctx.judge.profile().business_zone());
    if !rows.is_empty() {
        let a = rows[plan.narrow.0.index(rows.len())].proc_time;
        let b = rows[plan.narrow.1.index(rows.len())].proc_time;
        let (lo, hi) = if a.server_wall(zone) <= b.server_wall(zone) {
            (a, b)
        } else {
            (b, a)
        };
        let mut narrow = unpaged.clone();
        narrow.beg_date = Some(bound_date(lo.server_wall(zone), plan.narrow_kind, zone));
        narrow.end_date = Some(bound_date(hi.server_wall(zone), plan.narrow_kind, zone));
        out.relate(ctx, plan, narrow, plan.format, period_narrowing)
            .await;

        // Narrowing by one entry.
        let mut by_entry = unpaged.clone();
        by_entry.client_favorite_id = Some(rows[plan.favorite.index(rows.len())].id);
        out.relate(ctx, plan, by_entry, plan.format, filter_narrowing)
            .await;
    }

    // Narrowing by one goods item (chosen in the selected entry, or in any entry of the period).
    let mut goods: Vec<i32> = base
        .list_favorites
        .iter()
        .flatten()
        .map(|l| l.list_data_id)
        .chain(base.group_favorites.iter().flatten().map(|g| g.id))
        .collect();
    goods.sort_unstable();
    goods.dedup();
    if !goods.is_empty() {
        let mut by_goods = unpaged;
        by_goods.list_data_id = Some(goods[plan.list_data.index(goods.len())]);
        out.relate(ctx, plan, by_goods, plan.format, filter_narrowing)
            .await;
    }
    out
}
