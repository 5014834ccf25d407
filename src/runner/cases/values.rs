//! Strategies for single member values: the contract's type boundaries, nulls, and dates on
//! period edges in every `DateTimeKind` and offset.

use super::Knowledge;
use crate::model::{MAX_WALL, MIN_WALL, NetDateTime};
use chrono::{Duration, FixedOffset, NaiveDateTime, NaiveTime};
use proptest::prelude::*;
use proptest::sample::select;

/// Int32 values on and around the type's edges and the paging sentinels.
pub(crate) const INT32_EDGES: &[i32] = &[
    i32::MIN,
    i32::MIN + 1,
    -2,
    -1,
    0,
    1,
    2,
    i32::MAX - 1,
    i32::MAX,
];

/// Int16 edges for `Operator`.
pub(crate) const INT16_EDGES: &[i16] = &[i16::MIN, -1, 0, 1, 2, i16::MAX];

/// Int64 edges for `Token`.
pub(crate) const INT64_EDGES: &[i64] = &[i64::MIN, -1, 0, 1, i64::MAX];

/// Paging values: the sentinels (-1 = everything, 0 = first row / empty page), small pages,
/// the invalid -2, and the type's edges.
pub(crate) const PAGING_EDGES: &[i32] = &[-1, 0, 1, 2, 3, 5, 10, 1000, i32::MAX, -2, i32::MIN];

/// Offsets dates are sent with: the server's, UTC, the operator zones of the default dataset,
/// a half-hour zone, and the extremes .NET accepts.
pub(crate) const OFFSETS_MINUTES: &[i32] = &[180, 0, 300, -300, 330, 840, -720];

/// Site codes beyond the known ones: the production specials, text that needs escaping in
/// every format, whitespace (a form sends it as null), and an empty string.
pub(crate) const SITE_CODES: &[&str] = &[
    "",
    " ",
    "EMPTY",
    "*",
    "ЛИЧНЫЙ КАБИНЕТ",
    "{type:1}{oper:1}{part:12}{pcode:x}{tok:1}",
    "a+b c%20&d=e",
    "<tag attr=\"'\">&amp;</tag>",
];

/// An integer drawn from `edges` or from the whole type.
pub(crate) fn int32() -> impl Strategy<Value = i32> {
    prop_oneof![3 => select(INT32_EDGES), 1 => any::<i32>()]
}

/// A paging value (`Start` / `Length`).
pub(crate) fn paging() -> impl Strategy<Value = Option<i32>> {
    proptest::option::weighted(0.6, prop_oneof![4 => select(PAGING_EDGES), 1 => 0..50i32])
}

fn offset() -> impl Strategy<Value = FixedOffset> {
    select(OFFSETS_MINUTES).prop_filter_map("offsets are within ±14:00", |m| {
        FixedOffset::east_opt(m * 60)
    })
}

/// Times of day on the period edges: midnight, the last tick of the day, noon, and any second
/// with a fraction.
fn time_of_day() -> impl Strategy<Value = NaiveTime> {
    prop_oneof![
        Just(NaiveTime::MIN),
        Just(NaiveTime::from_hms_nano_opt(23, 59, 59, 999_999_900).unwrap_or(NaiveTime::MIN)),
        Just(NaiveTime::from_hms_opt(12, 0, 0).unwrap_or(NaiveTime::MIN)),
        (0u32..86_400, 0u32..10_000_000).prop_map(|(s, ticks)| {
            NaiveTime::from_num_seconds_from_midnight_opt(s, ticks * 100).unwrap_or(NaiveTime::MIN)
        }),
    ]
}

/// A wall clock within `days_before` days before `anchor` and a month after it.
fn wall_near(anchor: NaiveDateTime) -> impl Strategy<Value = NaiveDateTime> {
    (-900i64..40, time_of_day())
        .prop_map(move |(days, time)| (anchor.date() + Duration::days(days)).and_time(time))
}

/// A date in any kind: Unspecified, Utc, or Local with one of [`OFFSETS_MINUTES`]; plus the
/// .NET extremes as Unspecified values (converting them would leave the range).
pub(crate) fn net_date(anchor: NaiveDateTime) -> impl Strategy<Value = NetDateTime> {
    prop_oneof![
        6 => (wall_near(anchor), 0u8..3, offset()).prop_map(|(wall, kind, offset)| match kind {
            0 => NetDateTime::unspecified(wall),
            1 => NetDateTime::utc(wall),
            _ => NetDateTime::local(wall, offset),
        }),
        1 => select(vec![MIN_WALL, MAX_WALL]).prop_map(NetDateTime::unspecified),
    ]
}

/// A period: both ends, either, or none; ends sometimes reversed (business error 7).
pub(crate) fn period(
    anchor: NaiveDateTime,
) -> impl Strategy<Value = (Option<NetDateTime>, Option<NetDateTime>)> {
    (
        proptest::option::weighted(0.4, net_date(anchor)),
        proptest::option::weighted(0.4, net_date(anchor)),
        proptest::bool::weighted(0.8),
    )
        .prop_map(|(beg, end, ordered)| match (beg, end) {
            (Some(b), Some(e)) if ordered && b.wall > e.wall => (Some(e), Some(b)),
            other => other,
        })
}

/// A client and the operator to ask with: a known pair most of the time, otherwise an id on
/// the type's edges under the run's operator.
pub(crate) fn client_and_operator(k: &Knowledge) -> BoxedStrategy<(i32, i16)> {
    let operator = k.operator;
    let edges = (int32(), Just(operator));
    if k.clients.is_empty() {
        return edges.boxed();
    }
    let known: Vec<(i32, i16)> = k.clients.iter().map(|c| (c.id, c.operator)).collect();
    prop_oneof![
        8 => select(known),
        1 => edges,
        1 => (select(k.clients.iter().map(|c| c.id).collect::<Vec<_>>()), select(INT16_EDGES)),
    ]
    .boxed()
}

/// A `Token`: mostly absent; otherwise a known token or a type edge.
pub(crate) fn token(k: &Knowledge) -> BoxedStrategy<Option<i64>> {
    let mut values = k.all_tokens();
    values.extend_from_slice(INT64_EDGES);
    proptest::option::weighted(0.2, prop_oneof![3 => select(values), 1 => any::<i64>()]).boxed()
}

/// A `SiteCode`: mostly absent; otherwise a known code or one of [`SITE_CODES`].
pub(crate) fn site_code(k: &Knowledge) -> BoxedStrategy<Option<String>> {
    let mut values = k.all_site_codes();
    values.extend(SITE_CODES.iter().map(|s| (*s).to_owned()));
    proptest::option::weighted(0.2, select(values)).boxed()
}

/// An id filter (`ClientFavoriteId` / `ListDataId`): mostly absent; else a known id or an edge.
pub(crate) fn id_filter(known: Vec<i32>) -> BoxedStrategy<Option<i32>> {
    let edges = select(INT32_EDGES);
    let value = if known.is_empty() {
        edges.boxed()
    } else {
        prop_oneof![3 => select(known), 1 => edges].boxed()
    };
    proptest::option::weighted(0.25, value).boxed()
}
