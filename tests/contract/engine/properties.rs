//! contracts/reference/domain.md#invariants, checked by proptest on generated
//! datasets, plus the metamorphic relations and the naive oracle.

use super::answer;
use super::oracle::{expected, observed};
use chrono::{Duration, FixedOffset, NaiveDate};
use favorite_contract::Dataset;
use favorite_contract::{NetDateTime, Request, Response};
use proptest::prelude::*;
use proptest::test_runner::TestCaseError;
use rust_decimal::Decimal;
use std::sync::OnceLock;

/// Generated datasets the cases draw from (small enough to build once, varied by seed).
fn datasets() -> &'static [Dataset] {
    static SETS: OnceLock<Vec<Dataset>> = OnceLock::new();
    SETS.get_or_init(|| (0..3).map(|seed| Dataset::generate(120, seed)).collect())
}

/// Raw choices a request is built from (numbers shrink well; ids come from the dataset).
#[derive(Clone, Debug)]
struct Knobs {
    set: usize,
    client: (u8, usize),
    operator: u8,
    beg: Option<(i64, i64, u8)>,
    end: Option<(i64, i64, u8)>,
    start: Option<i32>,
    length: Option<i32>,
    favorite: (u8, usize),
    goods: (u8, usize),
    token: u8,
    site_code: u8,
}

fn date() -> impl Strategy<Value = Option<(i64, i64, u8)>> {
    prop::option::of((-800i64..15, 0i64..86_400, 0u8..3))
}

fn knobs() -> impl Strategy<Value = Knobs> {
    (
        (
            0..datasets().len(),
            (0u8..20, any::<usize>()),
            0u8..20,
            date(),
            date(),
        ),
        (
            prop::option::of(-2i32..40),
            prop::option::of(-2i32..15),
            (0u8..10, any::<usize>()),
            (0u8..10, any::<usize>()),
            0u8..20,
            0u8..20,
        ),
    )
        .prop_map(
            |(
                (set, client, operator, beg, end),
                (start, length, favorite, goods, token, site_code),
            )| Knobs {
                set,
                client,
                operator,
                beg,
                end,
                start,
                length,
                favorite,
                goods,
                token,
                site_code,
            },
        )
}

fn net_date(dataset: &Dataset, (days, secs, kind): (i64, i64, u8)) -> NetDateTime {
    let wall = dataset.as_of().date().and_hms_opt(0, 0, 0).unwrap()
        + Duration::days(days)
        + Duration::seconds(secs);
    match kind {
        0 => NetDateTime::unspecified(wall),
        1 => NetDateTime::utc(wall),
        _ => NetDateTime::local(wall, FixedOffset::east_opt(5 * 3600).unwrap()),
    }
}

fn build(k: &Knobs) -> (&'static Dataset, Request) {
    let d = &datasets()[k.set];
    let clients = d.clients();
    let client = &clients[k.client.1 % clients.len()];
    let op = d.operator(client.operator).unwrap();
    let entries = d.client_entries(client.id);
    let goods: Vec<i32> = d
        .goods()
        .iter()
        .filter(|g| g.operator == op.id)
        .map(|g| g.id)
        .collect();
    let request = Request {
        client: match k.client.0 {
            0 => 0,
            1 => 999_999,
            _ => client.id,
        },
        client_favorite_id: match k.favorite.0 {
            0 => Some(-5),
            1 | 2 if !entries.is_empty() => Some(entries[k.favorite.1 % entries.len()].id),
            _ => None,
        },
        list_data_id: (k.goods.0 < 3).then(|| goods[k.goods.1 % goods.len()]),
        beg_date: k.beg.map(|b| net_date(d, b)),
        end_date: k.end.map(|e| net_date(d, e)),
        start: k.start,
        length: k.length,
        operator: match k.operator {
            0 => 0,
            1 => 1 + client.operator % 3,
            2 => 99,
            _ => client.operator,
        },
        token: match k.token {
            0 => Some(op.tokens[0]),
            1 => Some(5),
            _ => None,
        },
        site_code: match k.site_code {
            0 => Some(op.site_codes[0].clone()),
            1 => Some("nope".to_owned()),
            2 => Some(String::new()),
            _ => None,
        },
    };
    (d, request)
}

fn ids(r: &Response) -> Vec<i32> {
    r.client_favorites.iter().flatten().map(|x| x.id).collect()
}

fn money_ok(values: [Decimal; 5]) -> bool {
    values
        .iter()
        .all(|v| v.scale() == 2 && !v.is_sign_negative())
}

/// The per-response invariants of contracts/reference/domain.md#invariants.
fn invariants(r: &Response, request: &Request) -> Result<(), TestCaseError> {
    let money = [
        r.remain_gain,
        r.remain_every_gain,
        r.sum_gain,
        r.avg_favorite,
        r.avg_all,
    ];
    prop_assert!(money_ok(money), "money of scale 2: {money:?}");
    prop_assert_eq!(r.error_code == 0, r.message.as_deref() == Some(""));
    if r.error_code != 0 {
        prop_assert!(r.message.as_deref().is_some_and(|m| !m.is_empty()));
        let mut zero = Response::business_error(r.error_code, r.message.as_deref().unwrap_or(""));
        zero.message.clone_from(&r.message);
        prop_assert_eq!(r, &zero, "error answers carry nothing else");
        return Ok(());
    }
    let rows = r.client_favorites.as_deref().unwrap_or_default();
    prop_assert_eq!(r.total_rows_select as usize, rows.len());
    prop_assert!(r.total_rows_select <= r.total_rows);
    if let Some(length) = request.length.filter(|&l| l > 0) {
        prop_assert!(r.total_rows_select <= length);
    }
    prop_assert_eq!(
        r.remain_link_goods,
        (r.max_link_goods - r.now_link_goods).max(0)
    );
    for count in [
        r.total_rows,
        r.now_link_goods,
        r.remain_count_purchases,
        r.count_offer,
        r.count_confirm,
        r.count_purchases,
    ] {
        prop_assert!(count >= 0);
    }
    prop_assert!(r.count_confirm <= r.count_offer);
    let product = r.avg_favorite * Decimal::from(r.count_purchases);
    let slack = Decimal::new(5, 3) * Decimal::from(r.count_purchases);
    prop_assert!(
        (product - r.sum_gain).abs() <= slack,
        "AvgFavorite × CountPurchases ≈ SumGain"
    );
    if r.count_purchases == 0 {
        prop_assert!(r.sum_gain.is_zero());
    }
    prop_assert!(
        rows.windows(2)
            .all(|w| (w[0].proc_time.wall, w[0].id) > (w[1].proc_time.wall, w[1].id))
    );
    Ok(())
}

/// Each returned entry lies in the period (calendar days in the operator's zone).
fn in_period(d: &Dataset, r: &Response, request: &Request) -> Result<(), TestCaseError> {
    let client = d.client(request.client).unwrap();
    let op = d.operator(client.operator).unwrap();
    let zone = op.time_zone.unwrap_or(d.time_zone());
    let from = request.beg_date.map(|b| b.server_wall(zone).date());
    let to = request.end_date.map(|e| e.server_wall(zone).date());
    for row in r.client_favorites.iter().flatten() {
        let day: NaiveDate = row.proc_time.wall.date();
        prop_assert!(from.is_none_or(|f| day >= f) && to.is_none_or(|t| day <= t));
    }
    Ok(())
}

fn narrower(request: &Request, d: &Dataset, days: (i64, i64)) -> Request {
    let shift = |date: Option<NetDateTime>, by: i64, default_days: i64| {
        let base = date.unwrap_or_else(|| net_date(d, (default_days, 0, 0)));
        Some(NetDateTime {
            wall: base.wall + Duration::days(by),
            kind: base.kind,
        })
    };
    Request {
        beg_date: shift(request.beg_date, days.0, -800),
        end_date: shift(request.end_date, -days.1, 15),
        ..request.clone()
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Source: contracts/reference/domain.md#invariants; "repeating a request
    /// yields the same answer".
    #[test]
    fn every_answer_keeps_the_invariants(k in knobs()) {
        let (d, request) = build(&k);
        let r = answer(d, &request);
        invariants(&r, &request)?;
        if r.error_code == 0 {
            in_period(d, &r, &request)?;
        }
        prop_assert_eq!(&answer(d, &request), &r);
    }

    /// A second, naive reading of contracts/reference/domain.md agrees with the engine on every field it predicts.
    #[test]
    fn the_engine_agrees_with_a_naive_oracle(k in knobs()) {
        let (d, request) = build(&k);
        prop_assert_eq!(observed(&answer(d, &request)), expected(d, &request));
    }

    /// Source: contracts/reference/domain.md#invariants: "`TotalRows` does not depend on `Start`/`Length`;
    /// consecutive pages concatenate to the unpaged list".
    #[test]
    fn pages_concatenate_to_the_unpaged_list(k in knobs(), page in 1i32..8) {
        let (d, request) = build(&k);
        let all = answer(d, &Request { start: None, length: None, ..request.clone() });
        prop_assume!(all.error_code == 0);
        let mut joined = Vec::new();
        let mut start = 1;
        loop {
            let r = answer(d, &Request { start: Some(start), length: Some(page), ..request.clone() });
            prop_assert_eq!(r.total_rows, all.total_rows);
            if r.total_rows_select == 0 {
                break;
            }
            joined.extend(ids(&r));
            start += page;
        }
        prop_assert_eq!(joined, ids(&all));
    }

    /// Source: contracts/reference/domain.md#invariants: "narrowing the period never adds rows and never raises
    /// `TotalRows`, `CountOffer`, `CountConfirm`, `CountPurchases`, `SumGain` or any
    /// `CountSelect`, and leaves the fields that are not period-filtered … unchanged".
    #[test]
    fn narrowing_the_period_never_adds(k in knobs(), cut in (0i64..200, 0i64..200)) {
        let (d, request) = build(&k);
        let wide = answer(d, &Request { start: None, length: None, ..request.clone() });
        let narrow_request = narrower(&Request { start: None, length: None, ..request }, d, cut);
        let narrow = answer(d, &narrow_request);
        prop_assume!(wide.error_code == 0 && narrow.error_code == 0);
        let wide_ids = ids(&wide);
        prop_assert!(ids(&narrow).iter().all(|id| wide_ids.contains(id)));
        prop_assert!(narrow.total_rows <= wide.total_rows);
        prop_assert!(narrow.count_offer <= wide.count_offer);
        prop_assert!(narrow.count_confirm <= wide.count_confirm);
        prop_assert!(narrow.count_purchases <= wide.count_purchases);
        prop_assert!(narrow.sum_gain <= wide.sum_gain);
        for group in narrow.group_favorites.iter().flatten() {
            let before = wide.group_favorites.iter().flatten().find(|g| g.id == group.id);
            prop_assert!(before.is_some_and(|b| group.count_select <= b.count_select));
        }
        prop_assert_eq!(
            (narrow.max_link_goods, narrow.now_link_goods, narrow.remain_link_goods),
            (wide.max_link_goods, wide.now_link_goods, wide.remain_link_goods)
        );
        prop_assert_eq!(
            (narrow.remain_count_purchases, narrow.remain_gain, narrow.remain_every_gain),
            (wide.remain_count_purchases, wide.remain_gain, wide.remain_every_gain)
        );
        prop_assert_eq!(narrow.list_favorites, wide.list_favorites);
    }

    /// Source: contracts/reference/domain.md#invariants: "adding `ListDataId` or `ClientFavoriteId` never adds rows".
    #[test]
    fn filters_never_add_rows(k in knobs(), pick in any::<usize>()) {
        let (d, request) = build(&k);
        let base = Request { client_favorite_id: None, list_data_id: None, start: None, length: None, ..request };
        let all = answer(d, &base);
        prop_assume!(all.error_code == 0);
        // Entries offered after as_of do not exist yet (choosing one is error 6).
        let entries: Vec<_> = d.client_entries(base.client).iter().filter(|e| e.proc_time <= d.as_of()).collect();
        let goods: Vec<i32> = entries.iter().flat_map(|e| e.links.iter().map(|l| l.list_data_id)).collect();
        let mut narrowed = Vec::new();
        if !entries.is_empty() {
            narrowed.push(Request { client_favorite_id: Some(entries[pick % entries.len()].id), ..base.clone() });
        }
        if !goods.is_empty() {
            narrowed.push(Request { list_data_id: Some(goods[pick % goods.len()]), ..base });
        }
        let all_ids = ids(&all);
        for request in narrowed {
            let r = answer(d, &request);
            prop_assert!(r.error_code == 0);
            prop_assert!(r.total_rows <= all.total_rows);
            prop_assert!(ids(&r).iter().all(|id| all_ids.contains(id)));
            prop_assert_eq!(&r.group_favorites, &all.group_favorites);
        }
    }

    /// The engine reads only the requested client's records: removing every other client's
    /// entries and purchases changes nothing in its answer.
    #[test]
    fn other_clients_data_does_not_matter(k in knobs()) {
        let (d, request) = build(&k);
        let mut parts = d.to_parts();
        parts.entries.retain(|e| e.client == request.client);
        parts.purchases.retain(|p| p.client == request.client);
        let alone = Dataset::from_parts(parts).unwrap();
        prop_assert_eq!(answer(&alone, &request), answer(d, &request));
    }
}
