//! Proptest strategies for the typed model, shared by the codecs', the server's and the
//! checker's property tests (`favorite_contract::strategies`).
//!
//! They lean on the edges that break serializers: integer limits, nulls, every `DateTime` kind
//! with odd offsets and seven-digit fractions, decimals of every scale up to 28 (including the
//! largest mantissa), and strings with Cyrillic, quotes, backslashes, control characters,
//! U+0085/U+2028/U+2029 and astral characters.
//!
//! Local dates keep a one-day margin from `DateTime.MinValue`/`MaxValue` so that converting them
//! to any server offset stays representable (what .NET does at the very edges is not modelled).

use super::{ClientFavoriteRow, GroupFavoriteRow, ListFavoriteRow, NetDateTime, Request, Response};
use chrono::{FixedOffset, NaiveDate, NaiveDateTime, NaiveTime};
use proptest::prelude::*;
use rust_decimal::Decimal;

/// `Int16` values, edges first.
pub fn int16() -> impl Strategy<Value = i16> {
    prop_oneof![
        Just(i16::MIN),
        Just(i16::MAX),
        Just(0i16),
        Just(-1i16),
        any::<i16>()
    ]
}

/// `Int32` values, edges first.
pub fn int32() -> impl Strategy<Value = i32> {
    prop_oneof![
        Just(i32::MIN),
        Just(i32::MAX),
        Just(0),
        Just(1),
        Just(-1),
        any::<i32>()
    ]
}

/// `Int64` values, edges first.
pub fn int64() -> impl Strategy<Value = i64> {
    prop_oneof![
        Just(i64::MIN),
        Just(i64::MAX),
        Just(0i64),
        Just(1_234_567_891_011i64),
        any::<i64>()
    ]
}

/// Decimals of scale 0..=28: money, small and huge mantissas, negative values, zeros with a
/// scale, and the extremes.
pub fn decimal() -> impl Strategy<Value = Decimal> {
    prop_oneof![
        Just(Decimal::ZERO),
        Just(Decimal::new(0, 2)),
        Just(Decimal::MAX),
        Just(Decimal::MIN),
        Just(Decimal::from_i128_with_scale((1i128 << 96) - 1, 28)),
        (any::<i32>(), 0u32..=4).prop_map(|(m, s)| Decimal::new(i64::from(m), s)),
        (any::<i64>(), 0u32..=28).prop_map(|(m, s)| Decimal::new(m, s)),
        (0u128..(1u128 << 96), 0u32..=28, any::<bool>()).prop_map(|(m, s, negative)| {
            let mut d = Decimal::from_i128_with_scale(i128::try_from(m).unwrap_or(0), s);
            d.set_sign_negative(negative);
            d
        }),
    ]
}

fn wall(min_year: i32, max_year: i32) -> impl Strategy<Value = NaiveDateTime> {
    (
        min_year..=max_year,
        1u32..=12,
        1u32..=31,
        0u32..24,
        0u32..60,
        0u32..60,
        prop_oneof![Just(0u32), Just(5_000_000), 0u32..10_000_000],
    )
        .prop_map(|(y, mo, d, h, mi, s, ticks)| {
            // Clamp the day into the month instead of filtering (keeps shrinking cheap).
            let date = (1..=d)
                .rev()
                .find_map(|day| NaiveDate::from_ymd_opt(y, mo, day))
                .unwrap_or(NaiveDate::MIN);
            let time =
                NaiveTime::from_hms_nano_opt(h, mi, s, ticks * 100).unwrap_or(NaiveTime::MIN);
            date.and_time(time)
        })
}

/// UTC offsets .NET can carry: whole minutes within ±14:00, common ones first.
pub fn offset() -> impl Strategy<Value = FixedOffset> {
    prop_oneof![
        Just(super::MOSCOW),
        Just(FixedOffset::east_opt(0).unwrap_or(super::MOSCOW)),
        Just(FixedOffset::east_opt(5 * 3600 + 45 * 60).unwrap_or(super::MOSCOW)),
        Just(FixedOffset::west_opt(9 * 3600 + 30 * 60).unwrap_or(super::MOSCOW)),
        (-14 * 60..=14 * 60i32)
            .prop_map(|minutes| FixedOffset::east_opt(minutes * 60).unwrap_or(super::MOSCOW)),
    ]
}

/// A `DateTime` of any kind: Unspecified and Utc over the whole range (MinValue and MaxValue
/// included), Local with any offset.
pub fn net_datetime() -> impl Strategy<Value = NetDateTime> {
    prop_oneof![
        Just(NetDateTime::min_value()),
        Just(NetDateTime::unspecified(super::MAX_WALL)),
        wall(1, 9999).prop_map(NetDateTime::unspecified),
        wall(1, 9999).prop_map(NetDateTime::utc),
        (wall(2, 9998), offset()).prop_map(|(w, o)| NetDateTime::local(w, o)),
    ]
}

/// Characters that stress escaping and position counting.
pub fn tricky_char() -> impl Strategy<Value = char> {
    prop_oneof![
        3 => proptest::char::range('a', 'z'),
        3 => proptest::char::range('А', 'я'),
        1 => proptest::char::range('\u{0}', '\u{1f}'),
        1 => prop::sample::select(vec![
            '"', '\\', '/', '\'', '<', '>', '&', ' ', '\u{7f}', '\u{85}', '\u{a0}', '\u{2028}',
            '\u{2029}', '\u{feff}', 'ё', 'Ё', '€', '😀', '𐀀',
        ]),
        1 => any::<char>(),
    ]
}

/// Strings of up to 24 tricky characters.
pub fn text() -> impl Strategy<Value = String> {
    prop::collection::vec(tricky_char(), 0..24).prop_map(|chars| chars.into_iter().collect())
}

/// `string` members: null, empty, or text.
pub fn optional_text() -> impl Strategy<Value = Option<String>> {
    prop_oneof![Just(None), Just(Some(String::new())), text().prop_map(Some)]
}

/// Strings an XML document carries unchanged: [`text`] without `\r`, which every XML reader
/// (.NET's too) turns into `\n`.
pub fn xml_text() -> impl Strategy<Value = String> {
    text().prop_map(|t| t.replace('\r', ""))
}

/// `string` members an XML document carries unchanged: null, empty, or [`xml_text`].
pub fn optional_xml_text() -> impl Strategy<Value = Option<String>> {
    prop_oneof![
        Just(None),
        Just(Some(String::new())),
        xml_text().prop_map(Some)
    ]
}

/// A `DateTime` as a server at [`super::MOSCOW`] writes it, so it reads back unchanged:
/// Unspecified, Utc, or Local at +03:00.
pub fn server_datetime() -> impl Strategy<Value = NetDateTime> {
    prop_oneof![
        wall(1, 9999).prop_map(NetDateTime::unspecified),
        wall(1, 9999).prop_map(NetDateTime::utc),
        wall(2, 9998).prop_map(|w| NetDateTime::local(w, super::MOSCOW)),
    ]
}

/// A strategy for struct `$ty` from one strategy per field, in field order: the tuple of the
/// strategies mapped into the struct, so each field is named once, next to its strategy.
/// Proptest implements tuples of up to 12, so larger structs list their fields in parenthesised
/// groups (a tuple of tuples).
macro_rules! record {
    ($ty:ident { $($field:ident: $strategy:expr),+ $(,)? }) => {
        ($($strategy,)+).prop_map(|($($field,)+)| $ty { $($field),+ })
    };
    ($ty:ident { $(($($field:ident: $strategy:expr),+ $(,)?)),+ $(,)? }) => {
        ($(($($strategy,)+),)+).prop_map(|($(($($field,)+),)+)| $ty { $($($field),+),+ })
    };
}

/// Any request.
pub fn request() -> impl Strategy<Value = Request> {
    request_with(optional_text, net_datetime)
}

/// Any request whose strings come from `text` and dates from `date` (a format that cannot
/// carry some values, such as `\r` in XML, narrows them).
pub fn request_with<T, D>(text: fn() -> T, date: fn() -> D) -> impl Strategy<Value = Request>
where
    T: Strategy<Value = Option<String>>,
    D: Strategy<Value = NetDateTime>,
{
    record!(Request {
        client: int32(),
        client_favorite_id: proptest::option::of(int32()),
        list_data_id: proptest::option::of(int32()),
        beg_date: proptest::option::of(date()),
        end_date: proptest::option::of(date()),
        start: proptest::option::of(int32()),
        length: proptest::option::of(int32()),
        operator: int16(),
        token: proptest::option::of(int64()),
        site_code: text(),
    })
}

/// A `ClientFavorites` row.
pub fn client_favorite_row() -> impl Strategy<Value = ClientFavoriteRow> {
    client_favorite_row_with(net_datetime)
}

fn client_favorite_row_with<D>(date: fn() -> D) -> impl Strategy<Value = ClientFavoriteRow>
where
    D: Strategy<Value = NetDateTime>,
{
    record!(ClientFavoriteRow {
        id: int32(),
        proc_time: date(),
        confirm_date_end: proptest::option::of(date()),
        confirm: any::<bool>(),
        proc_time_confirm: proptest::option::of(date()),
        action_date_end: proptest::option::of(date()),
        no_active: any::<bool>(),
    })
}

/// A `ListFavorites` row.
pub fn list_favorite_row() -> impl Strategy<Value = ListFavoriteRow> {
    list_favorite_row_with(optional_text)
}

fn list_favorite_row_with<T>(text: fn() -> T) -> impl Strategy<Value = ListFavoriteRow>
where
    T: Strategy<Value = Option<String>>,
{
    record!(ListFavoriteRow {
        id: int32(),
        list_data_id: int32(),
        url_image: text(),
        name: text(),
        code: text(),
        no_active: any::<bool>(),
    })
}

/// A `GroupFavorites` row.
pub fn group_favorite_row() -> impl Strategy<Value = GroupFavoriteRow> {
    group_favorite_row_with(optional_text)
}

fn group_favorite_row_with<T>(text: fn() -> T) -> impl Strategy<Value = GroupFavoriteRow>
where
    T: Strategy<Value = Option<String>>,
{
    record!(GroupFavoriteRow {
        id: int32(),
        name: text(),
        count_select: int32(),
    })
}

/// Rows of one list, boxed: a response's value tree is deep enough to overflow a test thread's
/// stack otherwise.
fn rows<S>(row: S) -> BoxedStrategy<Option<Vec<S::Value>>>
where
    S: Strategy + 'static,
    S::Value: std::fmt::Debug,
{
    proptest::option::of(prop::collection::vec(row, 0..4)).boxed()
}

/// Any response.
pub fn response() -> impl Strategy<Value = Response> {
    response_with(optional_text, net_datetime)
}

/// Any response whose strings come from `text` and dates from `date`.
pub fn response_with<T, D>(text: fn() -> T, date: fn() -> D) -> impl Strategy<Value = Response>
where
    T: Strategy<Value = Option<String>> + 'static,
    D: Strategy<Value = NetDateTime> + 'static,
{
    record!(Response {
        (
            total_rows: int32(),
            total_rows_select: int32(),
            max_link_goods: int32(),
            now_link_goods: int32(),
            remain_link_goods: int32(),
            remain_count_purchases: int32(),
        ),
        (
            remain_gain: decimal(),
            remain_every_gain: decimal(),
            sum_gain: decimal(),
            avg_favorite: decimal(),
            avg_all: decimal(),
        ),
        (
            count_offer: int32(),
            count_confirm: int32(),
            count_purchases: int32(),
        ),
        (
            client_favorites: rows(client_favorite_row_with(date)),
            list_favorites: rows(list_favorite_row_with(text)),
            group_favorites: rows(group_favorite_row_with(text)),
        ),
        (error_code: int32(), message: text()),
    })
}
