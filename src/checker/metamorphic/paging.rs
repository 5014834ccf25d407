//! Paging relations: TotalRows independent of Start/Length; pages concatenate.

use super::{
    CLIENT_FAVORITES, LENGTH, NotApplicable, Observation, Out, START, TOTAL_ROWS_SELECT,
    same_except, success, under,
};
use crate::checker::compare::{Equivalence, row_summary, walk};
use crate::checker::finding::Finding;
use crate::checker::profile::Profile;
use crate::checker::rule::RuleId;

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
    out.differences(
        a.response,
        b.response,
        Equivalence::Data,
        |pointer| !under(pointer, &[CLIENT_FAVORITES, TOTAL_ROWS_SELECT]),
        "paging changed a member that does not depend on Start/Length",
    );
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
