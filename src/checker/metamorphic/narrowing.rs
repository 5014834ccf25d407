//! Narrowing relations: a narrower period or an added row filter never adds rows or raises
//! counts, and leaves what it does not filter unchanged.

use super::{
    BEG_DATE, CLIENT_FAVORITE_ID, CLIENT_FAVORITES, END_DATE, LIST_DATA_ID, NotApplicable,
    Observation, Out, same_except, success, under,
};
use crate::checker::compare::Equivalence;
use crate::checker::finding::Finding;
use crate::checker::profile::Profile;
use crate::checker::rule::RuleId;
use crate::model::Response;
use rust_decimal::Decimal;
use std::collections::HashMap;

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

/// The members `names` (and everything inside them) are the same in both answers.
fn unchanged(out: &mut Out<'_>, a: &Response, b: &Response, names: &[&str], why: &str) {
    out.differences(a, b, Equivalence::Data, |p| under(p, names), why);
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
