//! Invariants of one response (domain.md "Invariants"), each a rule. They run on the typed
//! [`Response`] a valid body produced, with the request as the action saw it when known.

use super::finding::{Finding, Location};
use super::profile::{
    ClientFavoritesOrder, Granularity, GroupFavoritesOrder, ListFavoritesOrder, Period, PeriodEnd,
    Profile, Tolerance,
};
use super::rule::{RuleId, Severity};
use super::sink::Sink;
use crate::contract::{ClrType, contract};
use crate::model::{NetDateTime, Record, Request, Response, ValueRef};
use rust_decimal::Decimal;
use std::collections::HashSet;

/// The scale of every money value (SQL `decimal(18,2)`).
pub const MONEY_SCALE: u32 = 2;

/// Half a unit of the last money digit: averages are rounded to 2 decimals, so
/// `|AvgFavorite × CountPurchases − SumGain| ≤ AVG_TOLERANCE × CountPurchases`.
pub const AVG_TOLERANCE: Decimal = Decimal::from_parts(5, 0, 0, false, 3);

/// Check every single-response invariant. `request` is the request as bound; without it the
/// request-dependent invariants (paging, period, filters) are skipped.
pub fn check_invariants(
    request: Option<&Request>,
    response: &Response,
    profile: &Profile,
) -> Vec<Finding> {
    let mut sink = Sink::new(profile, None);
    let mut inv = Inv {
        sink: &mut sink,
        r: response,
    };
    inv.null_arrays();
    inv.money_scale();
    inv.error_and_message();
    if response.error_code == 0 {
        inv.counts();
        inv.rows(request);
        inv.links();
        inv.purchases();
        inv.duplicates();
        inv.order();
        if let Some(request) = request {
            inv.paging(request);
            inv.period(request);
            inv.filters(request);
            inv.invalid_request_succeeded(request);
        }
    }
    sink.finish()
}

/// The data fields of a response that are not zero/empty, as `(pointer, value)`; `ErrorCode`
/// and `Message` excluded. An error answer and a cross-operator answer must have none.
pub(crate) fn data_present(response: &Response) -> Vec<(String, String)> {
    let schema = response.schema();
    let mut present = Vec::new();
    for (i, field) in schema.fields.iter().enumerate() {
        if field.name == ERROR_CODE || field.ty == ClrType::String {
            continue;
        }
        let shown = match response.field(i) {
            ValueRef::Int(v) if v != 0 => v.to_string(),
            ValueRef::Decimal(v) if !v.is_zero() => v.to_string(),
            ValueRef::Rows(rows) if !rows.is_empty() => format!("{} rows", rows.len()),
            _ => continue,
        };
        present.push((format!("/{}", field.name), shown));
    }
    present
}

const ERROR_CODE: &str = "ErrorCode";

struct Inv<'s, 'p, 'r> {
    sink: &'s mut Sink<'p>,
    r: &'r Response,
}

fn at(pointer: impl Into<String>) -> Location {
    Location::Pointer(pointer.into())
}

impl Inv<'_, '_, '_> {
    fn violation(
        &mut self,
        rule: RuleId,
        pointer: impl Into<String>,
        expected: impl Into<String>,
        actual: impl Into<String>,
        message: impl Into<String>,
    ) {
        self.sink.push(
            rule,
            Severity::Violation,
            at(pointer),
            expected,
            actual,
            message,
        );
    }

    fn null_arrays(&mut self) {
        if self.sink.profile.null_arrays == Tolerance::Allow {
            return;
        }
        let schema = self.r.schema();
        for (i, field) in schema.fields.iter().enumerate() {
            if field.ty == ClrType::List && matches!(self.r.field(i), ValueRef::Null) {
                self.sink.push(
                    RuleId::InvNullArray,
                    Severity::ProfileDeviation,
                    at(format!("/{}", field.name)),
                    "[]",
                    "null",
                    "the profile expects empty arrays rather than null",
                );
            }
        }
    }

    fn money_scale(&mut self) {
        let schema = self.r.schema();
        for (i, field) in schema.fields.iter().enumerate() {
            if let ValueRef::Decimal(v) = self.r.field(i) {
                if v.scale() != MONEY_SCALE {
                    self.sink.push(
                        RuleId::InvMoneyScale,
                        Severity::Warning,
                        at(format!("/{}", field.name)),
                        "scale 2 (decimal(18,2), e.g. 100.00)",
                        format!("{v} (scale {})", v.scale()),
                        "money reaches .NET from SQL with scale 2 and keeps it on the wire",
                    );
                }
            }
        }
    }

    fn error_and_message(&mut self) {
        let r = self.r;
        match (r.error_code, r.message.as_deref()) {
            (0, Some("")) => {}
            (0, None) => {
                if self.sink.profile.null_message == Tolerance::Report {
                    self.sink.push(
                        RuleId::InvErrorMessage,
                        Severity::ProfileDeviation,
                        at("/Message"),
                        "\"\"",
                        "null",
                        "production sends an empty string on success (Convert.ToString of an \
                         output parameter)",
                    );
                }
            }
            (0, Some(m)) => self.violation(
                RuleId::InvErrorMessage,
                "/Message",
                "\"\" with ErrorCode 0",
                format!("\"{}\"", super::body::clip(m)),
                "front-ends test success as ErrorCode === 0 && !Message: this success reads as a \
                 failure",
            ),
            (code, None | Some("")) => self.violation(
                RuleId::InvErrorMessage,
                "/Message",
                format!("a message for ErrorCode {code}"),
                "empty",
                "a business error always carries its message",
            ),
            (code, Some(m)) => {
                match contract().business_message(code) {
                    Some(expected) if expected == m => {}
                    Some(expected) => self.sink.push(
                        RuleId::InvBusinessError,
                        Severity::ProfileDeviation,
                        at("/Message"),
                        format!("\"{expected}\""),
                        format!("\"{}\"", super::body::clip(m)),
                        format!("not the contract's message for ErrorCode {code}"),
                    ),
                    None => self.sink.push(
                        RuleId::InvBusinessError,
                        Severity::ProfileDeviation,
                        at("/ErrorCode"),
                        "a contract business code (1–8)",
                        code.to_string(),
                        "the contract defines no such code",
                    ),
                }
                for (pointer, value) in data_present(r) {
                    self.violation(
                        RuleId::InvErrorEmpty,
                        pointer,
                        "0 / empty with a non-zero ErrorCode",
                        value,
                        format!("ErrorCode {code} answers carry no data"),
                    );
                }
            }
        }
    }

    fn counts(&mut self) {
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
        if r.count_confirm > r.count_offer {
            self.violation(
                RuleId::InvCountConfirm,
                "/CountConfirm",
                format!("≤ CountOffer ({})", r.count_offer),
                r.count_confirm.to_string(),
                "only offered entries can be confirmed",
            );
        }
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

    fn rows(&mut self, request: Option<&Request>) {
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
        if r.total_rows_select > r.total_rows {
            self.violation(
                RuleId::InvTotalRows,
                "/TotalRowsSelect",
                format!("≤ TotalRows ({})", r.total_rows),
                r.total_rows_select.to_string(),
                "a page cannot hold more rows than the total",
            );
        }
        if r.total_rows > r.count_offer {
            self.violation(
                RuleId::InvTotalRows,
                "/TotalRows",
                format!("≤ CountOffer ({})", r.count_offer),
                r.total_rows.to_string(),
                "the rows are entries of the period, which CountOffer counts",
            );
        }
        let unfiltered =
            request.is_some_and(|q| q.client_favorite_id.is_none() && q.list_data_id.is_none());
        if unfiltered && r.total_rows != r.count_offer {
            self.sink.push(
                RuleId::InvTotalRows,
                Severity::ProfileDeviation,
                at("/TotalRows"),
                format!(
                    "CountOffer ({}) without ClientFavoriteId/ListDataId",
                    r.count_offer
                ),
                r.total_rows.to_string(),
                "without filters both count the client's entries in the period",
            );
        }
    }

    fn links(&mut self) {
        let r = self.r;
        let expected = (r.max_link_goods - r.now_link_goods).max(0);
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
        if let Some(list) = &r.list_favorites {
            let active = list.iter().filter(|l| !l.no_active).count();
            let now = usize::try_from(r.now_link_goods).unwrap_or(0);
            if now < active || now > list.len() {
                self.violation(
                    RuleId::InvNowLinkGoods,
                    "/NowLinkGoods",
                    format!("{active}..={} (active..all ListFavorites rows)", list.len()),
                    r.now_link_goods.to_string(),
                    "NowLinkGoods counts the active links of the selected entry, which \
                     ListFavorites lists",
                );
            }
        }
    }

    fn purchases(&mut self) {
        let r = self.r;
        let count = Decimal::from(r.count_purchases);
        if r.count_purchases > 0 {
            let gap = (r.avg_favorite * count - r.sum_gain).abs();
            let bound = AVG_TOLERANCE * count;
            if gap > bound {
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

    fn duplicates(&mut self) {
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

    fn order(&mut self) {
        let r = self.r;
        let order = self.sink.profile.order;
        let tz = self.sink.profile.time_zone;
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
        let gf: Vec<_> = r.group_favorites.iter().flatten().collect();
        if order.group_favorites == GroupFavoritesOrder::CountSelectDescIdAsc {
            if let Some(i) = (1..gf.len()).find(|&i| {
                (-gf[i - 1].count_select, gf[i - 1].id) > (-gf[i].count_select, gf[i].id)
            }) {
                self.deviation_order(
                    format!("/GroupFavorites/{i}"),
                    "CountSelect descending, then Id ascending",
                    format!(
                        "Id {} (CountSelect {}) after Id {} (CountSelect {})",
                        gf[i].id,
                        gf[i].count_select,
                        gf[i - 1].id,
                        gf[i - 1].count_select
                    ),
                );
            }
        }
        let lf: Vec<_> = r.list_favorites.iter().flatten().collect();
        if order.list_favorites == ListFavoritesOrder::IdAsc {
            if let Some(i) = (1..lf.len()).find(|&i| lf[i - 1].id > lf[i].id) {
                self.deviation_order(
                    format!("/ListFavorites/{i}"),
                    "link Id ascending",
                    format!("Id {} after Id {}", lf[i].id, lf[i - 1].id),
                );
            }
        }
    }

    fn deviation_order(&mut self, pointer: String, expected: &str, actual: String) {
        self.sink.push(
            RuleId::InvOrder,
            Severity::ProfileDeviation,
            at(pointer),
            expected,
            actual,
            "rows are not in the order the profile pins",
        );
    }

    fn paging(&mut self, request: &Request) {
        let r = self.r;
        if let Some(length) = request.length.filter(|&l| l > 0) {
            if r.total_rows_select > length {
                self.violation(
                    RuleId::InvPageLength,
                    "/TotalRowsSelect",
                    format!("≤ Length ({length})"),
                    r.total_rows_select.to_string(),
                    "a page holds at most Length rows",
                );
            }
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

    fn period(&mut self, request: &Request) {
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

    fn filters(&mut self, request: &Request) {
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

    fn invalid_request_succeeded(&mut self, request: &Request) {
        let day = |d: &NetDateTime| d.server_wall(self.sink.profile.time_zone).date();
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

fn shown(v: Option<i32>) -> String {
    v.map_or("null".to_owned(), |v| v.to_string())
}

fn shown_date(v: Option<&NetDateTime>) -> String {
    v.map_or("(open)".to_owned(), NetDateTime::to_wire)
}
