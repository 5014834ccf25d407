//! Metamorphic relations (domain.md "Invariants", metamorphic): pure functions over pairs and
//! sequences of (request, response). Each checks its precondition first and refuses, with
//! [`NotApplicable`], inputs the relation does not cover — a runner bug, not a server fault.

use super::compare::{Equivalence, diff, row_summary, walk};
use super::finding::{CaseRequest, Finding, Location};
use super::profile::Profile;
use super::rule::{RuleId, Severity};
use crate::model::{Record, Request, Response};
use rust_decimal::Decimal;
use std::collections::HashMap;

/// One observed exchange: the request as bound, the typed response, and the HTTP request that
/// carried it (attached to findings).
#[derive(Clone, Copy, Debug)]
pub struct Observation<'a> {
    /// The request as the action saw it.
    pub request: &'a Request,
    /// The typed response.
    pub response: &'a Response,
    /// The HTTP request sent, if the runner has it.
    pub case: Option<&'a CaseRequest>,
}

/// Why a relation does not apply to the observations given.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum NotApplicable {
    /// The requests differ in a member the relation keeps fixed.
    #[error("expected requests equal except {allowed}, found `{field}` differing")]
    RequestsDiffer {
        /// The members allowed to differ.
        allowed: String,
        /// The first member that differs otherwise.
        field: String,
    },
    /// A response is a business error; relations compare data.
    #[error("expected successful responses (ErrorCode 0), found ErrorCode {code}")]
    NotSuccess {
        /// The code.
        code: i32,
    },
    /// The relation's specific shape is not met.
    #[error("expected {expected}, found {found}")]
    Shape {
        /// What the relation needs.
        expected: String,
        /// What was given.
        found: String,
    },
}

const START: &str = "Start";
const LENGTH: &str = "Length";
const BEG_DATE: &str = "BegDate";
const END_DATE: &str = "EndDate";
const CLIENT_FAVORITE_ID: &str = "ClientFavoriteId";
const LIST_DATA_ID: &str = "ListDataId";
const CLIENT_FAVORITES: &str = "ClientFavorites";
const TOTAL_ROWS_SELECT: &str = "TotalRowsSelect";

/// The requests agree on every member but `allowed`.
fn same_except(a: &Request, b: &Request, allowed: &[&str]) -> Result<(), NotApplicable> {
    let schema = a.schema();
    for (i, field) in schema.fields.iter().enumerate() {
        if allowed.contains(&field.name.as_str()) {
            continue;
        }
        let differs = !diff_field(a, b, i);
        if differs {
            return Err(NotApplicable::RequestsDiffer {
                allowed: if allowed.is_empty() {
                    "nothing".to_owned()
                } else {
                    allowed.join(", ")
                },
                field: field.name.clone(),
            });
        }
    }
    Ok(())
}

fn diff_field(a: &Request, b: &Request, i: usize) -> bool {
    super::compare::exact_eq(a.field(i), b.field(i))
}

fn success(observations: &[Observation<'_>]) -> Result<(), NotApplicable> {
    match observations.iter().find(|o| o.response.error_code != 0) {
        Some(o) => Err(NotApplicable::NotSuccess {
            code: o.response.error_code,
        }),
        None => Ok(()),
    }
}

/// Findings of one relation, attached to the observation that exposed them.
struct Out<'p> {
    rule: RuleId,
    profile: &'p Profile,
    case: Option<CaseRequest>,
    findings: Vec<Finding>,
}

impl<'p> Out<'p> {
    fn new(rule: RuleId, profile: &'p Profile, at: &Observation<'_>) -> Out<'p> {
        Out {
            rule,
            profile,
            case: at.case.cloned(),
            findings: Vec::new(),
        }
    }

    fn push(&mut self, pointer: String, expected: String, actual: String, message: &str) {
        let mut f = Finding::new(
            self.rule,
            Severity::Violation,
            Location::Pointer(pointer),
            expected,
            actual,
            message,
        );
        f.request = self.case.clone();
        self.findings.push(f);
    }

    fn finish(self) -> Vec<Finding> {
        self.profile.apply(self.findings)
    }
}

/// `TotalRows` — and every member but `ClientFavorites`/`TotalRowsSelect` — does not depend on
/// `Start`/`Length`.
pub fn total_rows_paging(
    a: Observation<'_>,
    b: Observation<'_>,
    profile: &Profile,
) -> Result<Vec<Finding>, NotApplicable> {
    same_except(a.request, b.request, &[START, LENGTH])?;
    success(&[a, b])?;
    let mut out = Out::new(RuleId::MetaTotalRowsPaging, profile, &b);
    for d in diff(a.response, b.response, Equivalence::Data, profile) {
        let paged = [CLIENT_FAVORITES, TOTAL_ROWS_SELECT]
            .iter()
            .any(|f| d.pointer == format!("/{f}") || d.pointer.starts_with(&format!("/{f}/")));
        if !paged {
            out.push(
                d.pointer,
                d.expected,
                d.actual,
                "paging changed a member that does not depend on Start/Length",
            );
        }
    }
    Ok(out.finish())
}

/// Consecutive pages (same `Length` > 0, `Start` advancing by `Length` from the first row)
/// concatenate to the unpaged list. Pages that stop before the end are compared as a prefix.
pub fn paging_concat(
    unpaged: Observation<'_>,
    pages: &[Observation<'_>],
    profile: &Profile,
) -> Result<Vec<Finding>, NotApplicable> {
    let whole = profile.page_window(unpaged.request.start, unpaged.request.length);
    if whole.is_none_or(|w| w.offset != 0 || w.limit.is_some()) {
        return Err(NotApplicable::Shape {
            expected: "an unpaged request (Start first row, Length missing or -1)".to_owned(),
            found: format!(
                "Start {:?}, Length {:?}",
                unpaged.request.start, unpaged.request.length
            ),
        });
    }
    let Some(first) = pages.first() else {
        return Err(NotApplicable::Shape {
            expected: "at least one page".to_owned(),
            found: "none".to_owned(),
        });
    };
    let length = first
        .request
        .length
        .filter(|&l| l > 0)
        .ok_or_else(|| NotApplicable::Shape {
            expected: "pages with Length > 0".to_owned(),
            found: format!("Length {:?}", first.request.length),
        })?;
    let step = u64::try_from(length).unwrap_or(0);
    for (k, page) in pages.iter().enumerate() {
        same_except(unpaged.request, page.request, &[START, LENGTH])?;
        let want = profile.start_for_offset(step * k as u64);
        let start_ok = page
            .request
            .start
            .and_then(|s| u64::try_from(s).ok())
            .is_some_and(|s| s == want)
            && page.request.length == Some(length);
        if !start_ok {
            return Err(NotApplicable::Shape {
                expected: format!("page {} with Start {want} and Length {length}", k + 1),
                found: format!(
                    "Start {:?}, Length {:?}",
                    page.request.start, page.request.length
                ),
            });
        }
    }
    let mut all = vec![unpaged];
    all.extend_from_slice(pages);
    success(&all)?;

    let expected = unpaged.response.client_favorites.as_deref().unwrap_or(&[]);
    let mut out = Out::new(
        RuleId::MetaPagingConcat,
        profile,
        pages.last().unwrap_or(first),
    );
    let mut index = 0usize;
    let mut covers_end = false;
    for (k, page) in pages.iter().enumerate() {
        let rows = page.response.client_favorites.as_deref().unwrap_or(&[]);
        if rows.len() > usize::try_from(length).unwrap_or(usize::MAX) {
            out.push(
                format!("/{CLIENT_FAVORITES}"),
                format!("at most {length} rows on page {}", k + 1),
                format!("{} rows", rows.len()),
                "a page holds at most Length rows",
            );
        }
        covers_end |= rows.len() < usize::try_from(length).unwrap_or(usize::MAX);
        for (j, row) in rows.iter().enumerate() {
            let at = format!("/{CLIENT_FAVORITES}/{index}");
            match expected.get(index) {
                Some(e) => {
                    let mut diffs = Vec::new();
                    walk(e, row, &at, Equivalence::Data, profile, &mut diffs);
                    for d in diffs {
                        out.push(
                            d.pointer,
                            d.expected,
                            format!("{} (page {}, row {})", d.actual, k + 1, j + 1),
                            "the pages do not concatenate to the unpaged list",
                        );
                    }
                }
                None => out.push(
                    at,
                    "no row (the unpaged list ends here)".to_owned(),
                    format!("{} (page {}, row {})", row_summary(row), k + 1, j + 1),
                    "a page holds a row the unpaged list does not have",
                ),
            }
            index += 1;
        }
    }
    if covers_end {
        for (i, e) in expected.iter().enumerate().skip(index) {
            out.push(
                format!("/{CLIENT_FAVORITES}/{i}"),
                row_summary(e),
                "no row on any page".to_owned(),
                "a row of the unpaged list is on no page",
            );
        }
    }
    Ok(out.finish())
}

fn unpaged(o: &Observation<'_>, profile: &Profile) -> bool {
    profile
        .page_window(o.request.start, o.request.length)
        .is_some_and(|w| w.offset == 0 && w.limit.is_none())
}

/// Row ids of the narrower answer must be among the wider answer's (both unpaged).
fn rows_subset(out: &mut Out<'_>, wide: &Observation<'_>, narrow: &Observation<'_>, why: &str) {
    if !unpaged(wide, out.profile) || !unpaged(narrow, out.profile) {
        return;
    }
    let ids: Vec<i32> = wide
        .response
        .client_favorites
        .iter()
        .flatten()
        .map(|c| c.id)
        .collect();
    for (i, row) in narrow
        .response
        .client_favorites
        .iter()
        .flatten()
        .enumerate()
    {
        if !ids.contains(&row.id) {
            out.push(
                format!("/{CLIENT_FAVORITES}/{i}"),
                "a row of the wider answer".to_owned(),
                format!("Id {} not in it", row.id),
                why,
            );
        }
    }
}

fn not_above<T: PartialOrd + ToString + Copy>(
    out: &mut Out<'_>,
    name: &str,
    wide: T,
    narrow: T,
    why: &str,
) {
    if narrow > wide {
        out.push(
            format!("/{name}"),
            format!("≤ {}", wide.to_string()),
            narrow.to_string(),
            why,
        );
    }
}

fn unchanged(out: &mut Out<'_>, a: &Response, b: &Response, names: &[&str], why: &str) {
    for d in diff(a, b, Equivalence::Data, out.profile) {
        if names
            .iter()
            .any(|n| d.pointer == format!("/{n}") || d.pointer.starts_with(&format!("/{n}/")))
        {
            out.push(d.pointer, d.expected, d.actual, why);
        }
    }
}

/// Members computed over the period only (never over paging or the row filters).
const PERIOD_COUNTS: &[&str] = &["CountOffer", "CountConfirm", "CountPurchases", "SumGain"];
/// Members computed at `as_of`, not period-filtered.
const NOT_PERIOD_FILTERED: &[&str] = &[
    "MaxLinkGoods",
    "NowLinkGoods",
    "RemainLinkGoods",
    "RemainCountPurchases",
    "RemainGain",
    "RemainEveryGain",
    "ListFavorites",
];

fn counts(r: &Response) -> [(&'static str, Decimal); 4] {
    [
        (PERIOD_COUNTS[0], Decimal::from(r.count_offer)),
        (PERIOD_COUNTS[1], Decimal::from(r.count_confirm)),
        (PERIOD_COUNTS[2], Decimal::from(r.count_purchases)),
        (PERIOD_COUNTS[3], r.sum_gain),
    ]
}

/// Narrowing the period never adds rows, never raises `TotalRows`, the period counts or any
/// `CountSelect`, and leaves the members that are not period-filtered unchanged.
pub fn period_narrowing(
    wide: Observation<'_>,
    narrow: Observation<'_>,
    profile: &Profile,
) -> Result<Vec<Finding>, NotApplicable> {
    same_except(wide.request, narrow.request, &[BEG_DATE, END_DATE])?;
    let (n, w) = (narrow.request, wide.request);
    let inside = profile.period_within(
        (n.beg_date.as_ref(), n.end_date.as_ref()),
        (w.beg_date.as_ref(), w.end_date.as_ref()),
    );
    if !inside {
        return Err(NotApplicable::Shape {
            expected: "the second period inside the first".to_owned(),
            found: "a period that is not narrower".to_owned(),
        });
    }
    success(&[wide, narrow])?;
    let why = "narrowing the period raised a value";
    let mut out = Out::new(RuleId::MetaPeriodNarrowing, profile, &narrow);
    rows_subset(&mut out, &wide, &narrow, "narrowing the period added a row");
    let (w, n) = (wide.response, narrow.response);
    not_above(&mut out, "TotalRows", w.total_rows, n.total_rows, why);
    for ((name, wv), (_, nv)) in counts(w).into_iter().zip(counts(n)) {
        not_above(&mut out, name, wv, nv, why);
    }
    let wide_groups: HashMap<i32, i32> = w
        .group_favorites
        .iter()
        .flatten()
        .map(|g| (g.id, g.count_select))
        .collect();
    for (i, g) in n.group_favorites.iter().flatten().enumerate() {
        let at = format!("/GroupFavorites/{i}/CountSelect");
        match wide_groups.get(&g.id) {
            Some(&wc) if g.count_select > wc => {
                out.push(
                    at,
                    format!("≤ {wc} (Id {})", g.id),
                    g.count_select.to_string(),
                    why,
                );
            }
            Some(_) => {}
            None => out.push(
                at,
                "a goods item of the wider period".to_owned(),
                format!("Id {} not in it", g.id),
                "narrowing the period added a GroupFavorites row",
            ),
        }
    }
    unchanged(
        &mut out,
        w,
        n,
        NOT_PERIOD_FILTERED,
        "a member that is not period-filtered changed with the period",
    );
    Ok(out.finish())
}

/// Adding `ListDataId` or `ClientFavoriteId` never adds rows or raises `TotalRows`, and leaves
/// the period counts, `GroupFavorites` and the eligibility members unchanged (and, for
/// `ListDataId` alone, the selected entry's links too).
pub fn filter_narrowing(
    base: Observation<'_>,
    filtered: Observation<'_>,
    profile: &Profile,
) -> Result<Vec<Finding>, NotApplicable> {
    same_except(
        base.request,
        filtered.request,
        &[CLIENT_FAVORITE_ID, LIST_DATA_ID],
    )?;
    let (b, f) = (base.request, filtered.request);
    let adds = |x: Option<i32>, y: Option<i32>| x.is_none() || x == y;
    let added = (b.client_favorite_id.is_none() && f.client_favorite_id.is_some())
        || (b.list_data_id.is_none() && f.list_data_id.is_some());
    if !added
        || !adds(b.client_favorite_id, f.client_favorite_id)
        || !adds(b.list_data_id, f.list_data_id)
    {
        return Err(NotApplicable::Shape {
            expected: "the second request adding ClientFavoriteId or ListDataId".to_owned(),
            found: "filters that are not a narrowing".to_owned(),
        });
    }
    success(&[base, filtered])?;
    let mut out = Out::new(RuleId::MetaFilterNarrowing, profile, &filtered);
    rows_subset(&mut out, &base, &filtered, "adding a filter added a row");
    let (w, n) = (base.response, filtered.response);
    not_above(
        &mut out,
        "TotalRows",
        w.total_rows,
        n.total_rows,
        "adding a filter raised TotalRows",
    );
    let mut fixed: Vec<&str> = PERIOD_COUNTS.to_vec();
    fixed.extend([
        "GroupFavorites",
        "MaxLinkGoods",
        "RemainCountPurchases",
        "RemainGain",
        "RemainEveryGain",
    ]);
    if b.client_favorite_id == f.client_favorite_id {
        fixed.extend(["ListFavorites", "NowLinkGoods", "RemainLinkGoods"]);
    }
    unchanged(
        &mut out,
        w,
        n,
        &fixed,
        "a member the row filters do not apply to changed",
    );
    Ok(out.finish())
}

/// The same request in two encodings (JSON / XML / form) yields the same data: decimals
/// compared numerically, dates as instants plus kind.
pub fn format_equivalence(
    a: Observation<'_>,
    b: Observation<'_>,
    profile: &Profile,
) -> Result<Vec<Finding>, NotApplicable> {
    same_except(a.request, b.request, &[])?;
    let mut out = Out::new(RuleId::MetaFormatEquivalence, profile, &b);
    for d in diff(a.response, b.response, Equivalence::Data, profile) {
        out.push(
            d.pointer,
            d.expected,
            d.actual,
            "the same request in another encoding got other data",
        );
    }
    Ok(out.finish())
}

/// Repeating a request yields the same answer, representation included (decimal scale, date
/// text).
pub fn repeat(
    first: Observation<'_>,
    second: Observation<'_>,
    profile: &Profile,
) -> Result<Vec<Finding>, NotApplicable> {
    same_except(first.request, second.request, &[])?;
    let mut out = Out::new(RuleId::MetaRepeat, profile, &second);
    for d in diff(first.response, second.response, Equivalence::Exact, profile) {
        out.push(
            d.pointer,
            d.expected,
            d.actual,
            "the same request got another answer",
        );
    }
    Ok(out.finish())
}
