//! Row invariants: sizes, paging, period, filters, duplicates, order.

use super::{Inv, at, shown, shown_date};
use crate::checker::profile::{ClientFavoritesOrder, Granularity, Period, PeriodEnd, Profile};
use crate::checker::rule::{RuleId, Severity};
use crate::model::{NetDateTime, Request};
use std::cmp::Reverse;
use std::collections::HashSet;

impl Inv<'_, '_, '_> {
    pub(super) fn rows(&mut self, request: Option<&Request>) {
        let r = self.r;
        let len = r.client_favorites.as_ref().map_or(0, Vec::len);
        if i64::try_from(len).unwrap_or(i64::MAX) != i64::from(r.total_rows_select) {
            self.violation(
                RuleId::InvTotalRowsSelect,
                "/TotalRowsSelect",
                format!("{len} (the number of ClientFavorites rows)"),
                r.total_rows_select.to_string(),
                "TotalRowsSelect counts the rows returned",
            );
        }
        self.at_most(
            RuleId::InvTotalRows,
            ("TotalRowsSelect", r.total_rows_select),
            ("TotalRows", r.total_rows),
            "a page cannot hold more rows than the total",
        );
        self.at_most(
            RuleId::InvTotalRows,
            ("TotalRows", r.total_rows),
            ("CountOffer", r.count_offer),
            "the rows are entries of the period, which CountOffer counts",
        );
        let unfiltered =
            request.is_some_and(|q| q.client_favorite_id.is_none() && q.list_data_id.is_none());
        if unfiltered && r.total_rows != r.count_offer {
            self.violation(
                RuleId::InvTotalRows,
                "/TotalRows",
                format!(
                    "CountOffer ({}) without ClientFavoriteId/ListDataId",
                    r.count_offer
                ),
                r.total_rows.to_string(),
                "without filters both count the client's entries in the period",
            );
        }
    }

    pub(super) fn duplicates(&mut self) {
        let r = self.r;
        let lists: [(&str, Vec<i32>); 3] = [
            (
                "ClientFavorites",
                r.client_favorites.iter().flatten().map(|c| c.id).collect(),
            ),
            (
                "ListFavorites",
                r.list_favorites.iter().flatten().map(|l| l.id).collect(),
            ),
            (
                "GroupFavorites",
                r.group_favorites.iter().flatten().map(|g| g.id).collect(),
            ),
        ];
        for (name, ids) in lists {
            let mut seen = HashSet::new();
            for (i, id) in ids.iter().enumerate() {
                if !seen.insert(*id) {
                    self.violation(
                        RuleId::InvDuplicateId,
                        format!("/{name}/{i}/Id"),
                        "an Id not returned before in the array",
                        id.to_string(),
                        format!("each {name} row is a distinct record"),
                    );
                }
            }
        }
    }

    pub(super) fn order(&mut self) {
        let r = self.r;
        let order = self.sink.profile.order;
        let tz = self.sink.profile.business_zone();
        let key = |t: &NetDateTime, id: i32| (t.server_wall(tz), id);
        let cf: Vec<_> = r.client_favorites.iter().flatten().collect();
        let bad = match order.client_favorites {
            ClientFavoritesOrder::Unchecked => None,
            ClientFavoritesOrder::ProcTimeDescIdDesc => (1..cf.len()).find(|&i| {
                key(&cf[i - 1].proc_time, cf[i - 1].id) < key(&cf[i].proc_time, cf[i].id)
            }),
            ClientFavoritesOrder::ProcTimeAscIdAsc => (1..cf.len()).find(|&i| {
                key(&cf[i - 1].proc_time, cf[i - 1].id) > key(&cf[i].proc_time, cf[i].id)
            }),
        };
        if let Some(i) = bad {
            self.deviation_order(
                format!("/ClientFavorites/{i}"),
                "ProcTime then Id in the profile's direction",
                format!(
                    "Id {} ({}) after Id {} ({})",
                    cf[i].id,
                    cf[i].proc_time,
                    cf[i - 1].id,
                    cf[i - 1].proc_time
                ),
            );
        }
        // The orders of GroupFavorites and ListFavorites are fixed by the domain, not chosen
        // by a profile: a client showing "most chosen first" relies on them.
        let gf: Vec<_> = r.group_favorites.iter().flatten().collect();
        let rank = |i: usize| (Reverse(gf[i].count_select), gf[i].id);
        if let Some(i) = (1..gf.len()).find(|&i| rank(i - 1) > rank(i)) {
            self.violation(
                RuleId::InvFixedOrder,
                format!("/GroupFavorites/{i}"),
                "CountSelect descending, then Id ascending",
                format!(
                    "Id {} (CountSelect {}) after Id {} (CountSelect {})",
                    gf[i].id,
                    gf[i].count_select,
                    gf[i - 1].id,
                    gf[i - 1].count_select
                ),
                "GroupFavorites lists the most chosen goods first, ties by Id",
            );
        }
        let lf: Vec<_> = r.list_favorites.iter().flatten().collect();
        if let Some(i) = (1..lf.len()).find(|&i| lf[i - 1].id > lf[i].id) {
            self.violation(
                RuleId::InvFixedOrder,
                format!("/ListFavorites/{i}"),
                "link Id ascending",
                format!("Id {} after Id {}", lf[i].id, lf[i - 1].id),
                "ListFavorites lists the selected entry's links by link Id",
            );
        }
    }

    fn deviation_order(&mut self, pointer: String, expected: &str, actual: String) {
        self.sink.push(
            RuleId::InvOrder,
            Severity::ProfileDeviation,
            at(pointer),
            expected,
            actual,
            "ClientFavorites rows are not in the order the profile pins",
        );
    }

    pub(super) fn paging(&mut self, request: &Request) {
        let r = self.r;
        if let Some(length) = request.length.filter(|&l| l > 0) {
            self.at_most(
                RuleId::InvPageLength,
                ("TotalRowsSelect", r.total_rows_select),
                ("Length", length),
                "a page holds at most Length rows",
            );
        }
        let Some(window) = self.sink.profile.page_window(request.start, request.length) else {
            return;
        };
        let expected = window.size(u64::try_from(r.total_rows).unwrap_or(0));
        if u64::try_from(r.total_rows_select).ok() != Some(expected) {
            self.sink.push(
                RuleId::InvPageSize,
                Severity::ProfileDeviation,
                at("/TotalRowsSelect"),
                format!(
                    "{expected} (Start {}, Length {}, TotalRows {})",
                    shown(request.start),
                    shown(request.length),
                    r.total_rows
                ),
                r.total_rows_select.to_string(),
                "the page size differs from the profile's paging (Start base, Length 0/-1)",
            );
        }
    }

    pub(super) fn period(&mut self, request: &Request) {
        let profile = self.sink.profile;
        let (beg, end) = (request.beg_date.as_ref(), request.end_date.as_ref());
        let widest = Profile {
            period: Period {
                end: PeriodEnd::Inclusive,
                granularity: Granularity::Day,
                missing_end: profile.period.missing_end,
            },
            ..profile.clone()
        };
        for (i, row) in self.r.client_favorites.iter().flatten().enumerate() {
            if profile.in_period(beg, end, &row.proc_time) != Some(false) {
                continue;
            }
            let severity = if widest.in_period(beg, end, &row.proc_time) == Some(false) {
                Severity::Violation
            } else {
                Severity::ProfileDeviation
            };
            self.sink.push(
                RuleId::InvPeriod,
                severity,
                at(format!("/ClientFavorites/{i}/ProcTime")),
                format!("within {} … {}", shown_date(beg), shown_date(end)),
                row.proc_time.to_wire(),
                "ClientFavorites holds only entries offered in the period",
            );
        }
    }

    pub(super) fn filters(&mut self, request: &Request) {
        let Some(id) = request.client_favorite_id else {
            return;
        };
        for (i, row) in self.r.client_favorites.iter().flatten().enumerate() {
            if row.id != id {
                self.violation(
                    RuleId::InvFilter,
                    format!("/ClientFavorites/{i}/Id"),
                    format!("{id} (ClientFavoriteId)"),
                    row.id.to_string(),
                    "with ClientFavoriteId only that entry is returned",
                );
            }
        }
    }
}
