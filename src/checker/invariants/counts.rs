//! Count, link and purchase invariants, and requests that can never succeed.

use super::{AVG_TOLERANCE, ERROR_CODE, Inv, shown};
use crate::checker::rule::RuleId;
use crate::model::{NetDateTime, Record, Request, ValueRef};
use rust_decimal::Decimal;

impl Inv<'_, '_, '_> {
    pub(super) fn counts(&mut self) {
        let schema = self.r.schema();
        for (i, field) in schema.fields.iter().enumerate() {
            let negative = match self.r.field(i) {
                ValueRef::Int(v) if v < 0 && field.name != ERROR_CODE => v.to_string(),
                ValueRef::Decimal(v) if v.is_sign_negative() && !v.is_zero() => v.to_string(),
                _ => continue,
            };
            self.violation(
                RuleId::InvNonNegative,
                format!("/{}", field.name),
                "≥ 0",
                negative,
                "counts and money are never negative",
            );
        }
        let offer = self.r.count_offer;
        for (i, g) in self.r.group_favorites.iter().flatten().enumerate() {
            if g.count_select < 1 || g.count_select > offer.max(0) {
                self.violation(
                    RuleId::InvCountSelect,
                    format!("/GroupFavorites/{i}/CountSelect"),
                    format!("1..={offer} (CountOffer)"),
                    g.count_select.to_string(),
                    "a goods item appears only when chosen in at least one of the CountOffer \
                     entries of the period",
                );
            }
        }
        let r = self.r;
        self.at_most(
            RuleId::InvCountConfirm,
            ("CountConfirm", r.count_confirm),
            ("CountOffer", r.count_offer),
            "only offered entries can be confirmed",
        );
        let confirmed = r
            .client_favorites
            .iter()
            .flatten()
            .filter(|c| c.confirm)
            .count();
        if i64::try_from(confirmed).unwrap_or(i64::MAX) > i64::from(r.count_confirm) {
            self.violation(
                RuleId::InvCountConfirm,
                "/CountConfirm",
                format!("≥ {confirmed} (confirmed rows returned)"),
                r.count_confirm.to_string(),
                "returned rows are entries of the period, so their confirmed ones are counted",
            );
        }
    }

    pub(super) fn links(&mut self) {
        let r = self.r;
        let expected = r.max_link_goods.saturating_sub(r.now_link_goods).max(0);
        if r.remain_link_goods != expected {
            self.violation(
                RuleId::InvRemainLinkGoods,
                "/RemainLinkGoods",
                format!(
                    "max(0, MaxLinkGoods {} − NowLinkGoods {}) = {expected}",
                    r.max_link_goods, r.now_link_goods
                ),
                r.remain_link_goods.to_string(),
                "RemainLinkGoods is what is left to choose",
            );
        }
        // A null ListFavorites with NowLinkGoods > 0 is `inv.proven-rows` (relations.rs).
        if let Some(list) = &r.list_favorites {
            let active = list.iter().filter(|l| !l.no_active).count();
            if i64::try_from(active).unwrap_or(i64::MAX) != i64::from(r.now_link_goods) {
                self.violation(
                    RuleId::InvNowLinkGoods,
                    "/NowLinkGoods",
                    format!("{active} (ListFavorites rows with NoActive false)"),
                    r.now_link_goods.to_string(),
                    "NowLinkGoods counts the selected entry's links that ListFavorites shows as \
                     active",
                );
            }
        }
    }

    pub(super) fn purchases(&mut self) {
        let r = self.r;
        let count = Decimal::from(r.count_purchases);
        if r.count_purchases > 0 {
            // Checked: a hostile answer's extreme decimals must not overflow the checker.
            let gap = r
                .avg_favorite
                .checked_mul(count)
                .and_then(|product| product.checked_sub(r.sum_gain))
                .map(|gap| gap.abs());
            let bound = AVG_TOLERANCE * count;
            if gap.is_none_or(|gap| gap > bound) {
                let gap = gap.map_or("beyond System.Decimal".to_owned(), |g| g.to_string());
                self.violation(
                    RuleId::InvAvgFavorite,
                    "/AvgFavorite",
                    format!(
                        "SumGain {} / CountPurchases {} rounded to 2 decimals (|Avg × Count − \
                         Sum| ≤ {bound})",
                        r.sum_gain, r.count_purchases
                    ),
                    format!("{} (|Avg × Count − Sum| = {gap})", r.avg_favorite),
                    "AvgFavorite is the average of the favourite purchases",
                );
            }
        } else {
            for (pointer, value) in [("/SumGain", r.sum_gain), ("/AvgFavorite", r.avg_favorite)] {
                if !value.is_zero() {
                    self.violation(
                        RuleId::InvSumGainZero,
                        pointer,
                        "0 when CountPurchases is 0",
                        value.to_string(),
                        "no favourite purchase, nothing to sum or average",
                    );
                }
            }
        }
    }

    pub(super) fn invalid_request_succeeded(&mut self, request: &Request) {
        let day = |d: &NetDateTime| d.server_wall(self.sink.profile.business_zone()).date();
        let reason = if request.client == 0 {
            Some((1, "Client is 0 or missing".to_owned()))
        } else if let (Some(b), Some(e)) = (&request.beg_date, &request.end_date) {
            (day(b) > day(e)).then(|| (7, format!("BegDate {b} is after EndDate {e}")))
        } else {
            None
        };
        let reason = reason.or_else(|| {
            let bad = |v: Option<i32>| v.is_some_and(|v| v < -1);
            (bad(request.start) || bad(request.length)).then(|| {
                (
                    8,
                    format!(
                        "Start {} / Length {}",
                        shown(request.start),
                        shown(request.length)
                    ),
                )
            })
        });
        if let Some((code, why)) = reason {
            self.violation(
                RuleId::InvBusinessError,
                "/ErrorCode",
                format!("a business error (code {code} unless an earlier check fails)"),
                "0 (success)",
                format!("the request is invalid on its own: {why}"),
            );
        }
    }
}
