//! Purchases: favourite purchases in the period (`CountPurchases`, `SumGain`, `AvgFavorite`),
//! `AvgAll`, and eligibility for the next offer at `as_of` (`Remain*`).

use super::visibility::Confirmation;
use super::{Scope, count};
use crate::dataset::Purchase;
use crate::model::{Response, money};
use chrono::NaiveDateTime;
use rust_decimal::Decimal;

/// A goods item that makes a purchase favourite while its window is open.
struct Window {
    goods: i32,
    from: NaiveDateTime,
    /// `None` = open.
    to: Option<NaiveDateTime>,
}

impl Window {
    fn covers(&self, purchase: &Purchase) -> bool {
        self.from <= purchase.proc_time
            && self.to.is_none_or(|to| purchase.proc_time <= to)
            && purchase.goods.contains(&self.goods)
    }
}

/// Active links of the client's confirmed, active entries, each with its benefit window
/// [`proc_time_confirm`, `action_date_end`] (any period: the window decides).
fn windows(scope: &Scope<'_>) -> Vec<Window> {
    let mut out = Vec::new();
    for entry in scope.entries.iter().filter(|e| !e.no_active) {
        let c = Confirmation::at(entry, scope.as_of);
        let (true, Some(from)) = (c.confirm, c.proc_time_confirm) else {
            continue;
        };
        out.extend(entry.active_links().map(|l| Window {
            goods: l.list_data_id,
            from,
            to: c.action_date_end,
        }));
    }
    out
}

fn total<'p>(purchases: impl Iterator<Item = &'p Purchase>) -> (usize, Decimal) {
    purchases.fold((0, Decimal::ZERO), |(n, sum), p| {
        // decimal(18,2) amounts cannot reach Decimal's 28 digits in any real client history;
        // saturate rather than panic if a fixture tries.
        (n + 1, sum.checked_add(p.amount).unwrap_or(Decimal::MAX))
    })
}

/// `sum / n` rounded half away from zero to 2 decimals; 0.00 when there is nothing to average.
fn average(sum: Decimal, n: usize) -> Decimal {
    if n == 0 {
        return money(Decimal::ZERO);
    }
    money(sum.checked_div(Decimal::from(n)).unwrap_or_default())
}

pub(crate) fn fill(response: &mut Response, scope: &Scope<'_>) {
    let in_period = &scope.purchases[scope.period.range(scope.purchases, |p| p.proc_time)];
    let windows = windows(scope);
    let (favourite_count, favourite_sum) = total(
        in_period
            .iter()
            .filter(|p| windows.iter().any(|w| w.covers(p))),
    );
    let (all_count, all_sum) = total(in_period.iter());
    response.count_purchases = count(favourite_count);
    response.sum_gain = money(favourite_sum);
    response.avg_favorite = average(favourite_sum, favourite_count);
    response.avg_all = average(all_sum, all_count);

    // Eligibility: purchases after the newest offer (any state), up to as_of, each reaching
    // the operator's minimum.
    let op = scope.operator;
    let newest = scope.entries.last().map(|e| e.proc_time);
    let since = newest.map_or(0, |t| scope.purchases.partition_point(|p| p.proc_time <= t));
    let (qualifying, gained) = total(
        scope.purchases[since..]
            .iter()
            .filter(|p| p.amount >= op.required_every_gain),
    );
    response.remain_count_purchases = op
        .required_purchases
        .saturating_sub(count(qualifying))
        .max(0);
    response.remain_gain =
        money((op.required_gain - gained.min(op.required_gain)).max(Decimal::ZERO));
    response.remain_every_gain = money(op.required_every_gain);
}
