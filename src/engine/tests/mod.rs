//! Unit tests of the engine, one per rule of `contracts/reference/domain.md`, on small hand-built datasets.

mod checks;
mod data;
mod purchases;

use super::{Context, DateStyle, Settings, respond};
use crate::dataset::{Client, Dataset, DatasetParts, Entry, Goods, Link, Operator, Purchase};
use crate::model::{MOSCOW, NetDateTime, Request, Response, Zone};
use chrono::{FixedOffset, NaiveDateTime};
use rust_decimal::Decimal;

/// A wall-clock time from `2026-05-07T11:27:39.507`.
pub(super) fn t(text: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S%.f").unwrap()
}

pub(super) fn dec(text: &str) -> Decimal {
    text.parse().unwrap()
}

/// "Now" of the test datasets.
pub(super) const AS_OF: &str = "2026-05-07T11:27:39.507";

pub(super) fn operator(id: i16, max: i32) -> Operator {
    Operator {
        id,
        name: format!("operator {id}"),
        max_link_goods: max,
        required_purchases: 5,
        required_gain: dec("5000.00"),
        required_every_gain: dec("500.00"),
        tokens: vec![i64::from(id) * 111],
        site_codes: vec![format!("{{oper:{id}}}")],
        time_zone: None,
    }
}

/// An entry offered at `proc_time`, unconfirmed, active, without links.
pub(super) fn entry(id: i32, client: i32, proc_time: &str) -> Entry {
    Entry {
        id,
        client,
        proc_time: t(proc_time),
        confirm_date_end: Some(t(proc_time) + chrono::Duration::days(14)),
        confirm: false,
        proc_time_confirm: None,
        action_date_end: None,
        no_active: false,
        links: Vec::new(),
    }
}

/// `entry` confirmed at `at` with an action ending at `end`, choosing `goods` (active links,
/// ids `id * 10 + k`).
pub(super) fn confirmed(
    id: i32,
    client: i32,
    proc_time: &str,
    at: &str,
    end: Option<&str>,
    goods: &[i32],
) -> Entry {
    Entry {
        confirm: true,
        proc_time_confirm: Some(t(at)),
        action_date_end: end.map(t),
        links: goods
            .iter()
            .zip(1..)
            .map(|(&g, k)| Link {
                id: id * 10 + k,
                list_data_id: g,
                no_active: false,
            })
            .collect(),
        ..entry(id, client, proc_time)
    }
}

/// Client 10's offer 1 of 2026-01-01 10:00, confirmed an hour later, its benefit window open.
pub(super) fn first_offer(goods: &[i32]) -> Entry {
    confirmed(
        1,
        10,
        "2026-01-01T10:00:00",
        "2026-01-01T11:00:00",
        None,
        goods,
    )
}

pub(super) fn purchase(
    id: i64,
    client: i32,
    proc_time: &str,
    amount: &str,
    goods: &[i32],
) -> Purchase {
    Purchase {
        id,
        client,
        proc_time: t(proc_time),
        amount: dec(amount),
        goods: goods.to_vec(),
    }
}

/// Operators 1 (max 3 goods) and 2 (max 1, its own +05:00 zone); clients 10 and 11 of operator
/// 1, 20 of operator 2; goods 101–105 of operator 1 and 201 of operator 2.
pub(super) fn parts(entries: Vec<Entry>, purchases: Vec<Purchase>) -> DatasetParts {
    let goods = |id: i32, operator: i16| Goods {
        id,
        operator,
        code: format!("C-{id}"),
        name: format!("Товар {id}"),
        url_image: (id != 105).then(|| format!("https://cdn.example.ru/goods/{id}.jpg")),
    };
    DatasetParts {
        as_of: t(AS_OF),
        time_zone: Zone::Fixed(MOSCOW),
        default_operator: 1,
        operators: vec![
            operator(1, 3),
            Operator {
                time_zone: FixedOffset::east_opt(5 * 3600).map(Zone::Fixed),
                ..operator(2, 1)
            },
        ],
        clients: vec![
            Client {
                id: 10,
                operator: 1,
            },
            Client {
                id: 11,
                operator: 1,
            },
            Client {
                id: 20,
                operator: 2,
            },
        ],
        goods: [101, 102, 103, 104, 105]
            .map(|id| goods(id, 1))
            .into_iter()
            .chain([goods(201, 2)])
            .collect(),
        entries,
        purchases,
    }
}

pub(super) fn dataset(entries: Vec<Entry>, purchases: Vec<Purchase>) -> Dataset {
    Dataset::from_parts(parts(entries, purchases)).unwrap()
}

/// A request for `client` of operator 1 with nothing else set.
pub(super) fn ask(client: i32) -> Request {
    Request {
        client,
        operator: 1,
        ..Request::default()
    }
}

pub(super) fn answer(dataset: &Dataset, request: &Request) -> Response {
    respond(request, dataset, &Settings::default(), &Context::default())
}

/// The ids of the returned entries, in order.
pub(super) fn ids(response: &Response) -> Vec<i32> {
    response
        .client_favorites
        .iter()
        .flatten()
        .map(|row| row.id)
        .collect()
}

pub(super) fn unspecified(text: &str) -> Option<NetDateTime> {
    Some(NetDateTime::unspecified(t(text)))
}

pub(super) fn with_style(style: DateStyle) -> Settings {
    Settings {
        date_style: style,
        ..Settings::default()
    }
}
