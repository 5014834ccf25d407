//! A naive second reading of contracts/reference/domain.md: linear scans over the whole dataset, no indexes, no
//! shared code with the engine. Property tests compare the two on generated datasets, which
//! catches index, range and ordering mistakes the hand-written cases miss.

use favorite_contract::Request;
use favorite_contract::{Dataset, Entry};
use rust_decimal::{Decimal, RoundingStrategy};
use std::collections::BTreeMap;

/// What the oracle predicts for a request.
#[derive(Debug, PartialEq)]
pub(crate) struct Expected {
    pub(crate) error_code: i32,
    pub(crate) ids: Vec<i32>,
    pub(crate) total_rows: i32,
    pub(crate) list: Vec<(i32, bool)>,
    pub(crate) now: i32,
    pub(crate) groups: Vec<(i32, i32)>,
    pub(crate) offers: (i32, i32),
    pub(crate) purchases: (i32, Decimal, Decimal, Decimal),
    pub(crate) remain: (i32, Decimal),
}

fn round2(value: Decimal) -> Decimal {
    let mut v = value.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
    v.rescale(2);
    v
}

fn avg(sum: Decimal, n: usize) -> Decimal {
    if n == 0 {
        round2(Decimal::ZERO)
    } else {
        round2(sum / Decimal::from(n))
    }
}

pub(crate) fn expected(dataset: &Dataset, request: &Request) -> Expected {
    let as_of = dataset.as_of();
    let op_id = if request.operator == 0 {
        dataset.default_operator()
    } else {
        request.operator
    };
    let op = dataset.operators().iter().find(|o| o.id == op_id);
    let zone = op.and_then(|o| o.time_zone).unwrap_or(dataset.time_zone());
    let client = dataset
        .clients()
        .iter()
        .find(|c| c.id == request.client && c.operator == op_id);
    let visible: Vec<&Entry> = dataset
        .entries()
        .iter()
        .filter(|e| Some(e.client) == client.map(|c| c.id) && e.proc_time <= as_of)
        .collect();
    let day = |d: &favorite_contract::NetDateTime| d.server_wall(zone).date();
    let failing = [
        (3, op.is_none()),
        (
            4,
            request
                .token
                .is_some_and(|t| t != 0 && !op.is_some_and(|o| o.tokens.contains(&t))),
        ),
        (
            5,
            request
                .site_code
                .as_ref()
                .is_some_and(|s| !s.is_empty() && !op.is_some_and(|o| o.site_codes.contains(s))),
        ),
        (1, request.client == 0),
        (2, client.is_none()),
        (
            6,
            request
                .client_favorite_id
                .is_some_and(|id| !visible.iter().any(|e| e.id == id)),
        ),
        (
            7,
            matches!((&request.beg_date, &request.end_date), (Some(b), Some(e)) if day(b) > day(e)),
        ),
        (
            8,
            request.start.is_some_and(|s| s < -1) || request.length.is_some_and(|l| l < -1),
        ),
    ];
    if let Some(&(code, _)) = failing.iter().find(|(_, fails)| *fails) {
        return Expected {
            error_code: code,
            ids: vec![],
            total_rows: 0,
            list: vec![],
            now: 0,
            groups: vec![],
            offers: (0, 0),
            purchases: (
                0,
                round2(Decimal::ZERO),
                round2(Decimal::ZERO),
                round2(Decimal::ZERO),
            ),
            remain: (0, round2(Decimal::ZERO)),
        };
    }
    let (Some(op), Some(client)) = (op, client) else {
        unreachable!()
    };
    let from = request.beg_date.as_ref().map(day);
    let to = request.end_date.as_ref().map(day);
    let in_period = |t: chrono::NaiveDateTime| {
        from.is_none_or(|f| t.date() >= f) && to.is_none_or(|x| t.date() <= x)
    };
    let confirmed = |e: &Entry| e.confirm && e.proc_time_confirm.is_some_and(|t| t <= as_of);
    let links = |e: &Entry| {
        if e.confirm && !confirmed(e) {
            vec![]
        } else {
            e.links.clone()
        }
    };

    let mut period: Vec<&Entry> = visible
        .iter()
        .copied()
        .filter(|e| in_period(e.proc_time))
        .collect();
    period.sort_by_key(|e| std::cmp::Reverse((e.proc_time, e.id)));
    let filtered: Vec<i32> = period
        .iter()
        .filter(|e| request.client_favorite_id.is_none_or(|id| e.id == id))
        .filter(|e| {
            request
                .list_data_id
                .is_none_or(|g| links(e).iter().any(|l| l.list_data_id == g))
        })
        .map(|e| e.id)
        .collect();
    let start = match request.start {
        None | Some(0) | Some(-1) => 1,
        Some(s) => s as usize,
    };
    let ids: Vec<i32> = match request.length {
        None | Some(-1) => filtered.iter().skip(start - 1).copied().collect(),
        Some(n) => filtered
            .iter()
            .skip(start - 1)
            .take(n as usize)
            .copied()
            .collect(),
    };

    let mut counts: BTreeMap<i32, i32> = BTreeMap::new();
    for e in &period {
        let mut goods: Vec<i32> = links(e).iter().map(|l| l.list_data_id).collect();
        goods.sort_unstable();
        goods.dedup();
        for g in goods {
            *counts.entry(g).or_default() += 1;
        }
    }
    let mut groups: Vec<(i32, i32)> = counts.into_iter().collect();
    groups.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));

    let selected = match request.client_favorite_id {
        Some(id) => visible.iter().find(|e| e.id == id).copied(),
        None => visible
            .iter()
            .filter(|e| !e.no_active)
            .max_by_key(|e| (e.proc_time, e.id))
            .copied(),
    };
    let list: Vec<(i32, bool)> = selected.map_or(vec![], |e| {
        let mut l: Vec<(i32, bool)> = links(e)
            .iter()
            .map(|l| (l.id, l.no_active || e.no_active))
            .collect();
        l.sort_unstable();
        l
    });
    let now = list.iter().filter(|(_, off)| !off).count() as i32;

    let purchases: Vec<_> = dataset
        .purchases()
        .iter()
        .filter(|p| p.client == client.id && p.proc_time <= as_of)
        .collect();
    let q: Vec<_> = purchases
        .iter()
        .filter(|p| in_period(p.proc_time))
        .collect();
    let favourite = |p: &favorite_contract::Purchase| {
        visible.iter().any(|e| {
            confirmed(e)
                && !e.no_active
                && e.proc_time_confirm.is_some_and(|t| t <= p.proc_time)
                && e.action_date_end.is_none_or(|end| p.proc_time <= end)
                && e.links
                    .iter()
                    .any(|l| !l.no_active && p.goods.contains(&l.list_data_id))
        })
    };
    let fav: Vec<_> = q.iter().filter(|p| favourite(p)).collect();
    let fav_sum: Decimal = fav.iter().map(|p| p.amount).sum();
    let all_sum: Decimal = q.iter().map(|p| p.amount).sum();

    let newest = visible.iter().map(|e| e.proc_time).max();
    let qualifying: Vec<_> = purchases
        .iter()
        .filter(|p| newest.is_none_or(|n| p.proc_time > n) && p.amount >= op.required_every_gain)
        .collect();
    let gained: Decimal = qualifying.iter().map(|p| p.amount).sum();

    Expected {
        error_code: 0,
        ids,
        total_rows: filtered.len() as i32,
        list,
        now,
        groups,
        offers: (
            period.len() as i32,
            period.iter().filter(|e| confirmed(e)).count() as i32,
        ),
        purchases: (
            fav.len() as i32,
            round2(fav_sum),
            avg(fav_sum, fav.len()),
            avg(all_sum, q.len()),
        ),
        remain: (
            (op.required_purchases - qualifying.len() as i32).max(0),
            round2((op.required_gain - gained).max(Decimal::ZERO)),
        ),
    }
}

/// The same projection of an engine response.
pub(crate) fn observed(r: &favorite_contract::Response) -> Expected {
    Expected {
        error_code: r.error_code,
        ids: r.client_favorites.iter().flatten().map(|x| x.id).collect(),
        total_rows: r.total_rows,
        list: r
            .list_favorites
            .iter()
            .flatten()
            .map(|x| (x.id, x.no_active))
            .collect(),
        now: r.now_link_goods,
        groups: r
            .group_favorites
            .iter()
            .flatten()
            .map(|x| (x.id, x.count_select))
            .collect(),
        offers: (r.count_offer, r.count_confirm),
        purchases: (r.count_purchases, r.sum_gain, r.avg_favorite, r.avg_all),
        remain: (r.remain_count_purchases, r.remain_gain),
    }
}
