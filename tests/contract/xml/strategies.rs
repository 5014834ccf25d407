//! Strategies for the typed model (local to the XML tests; the shared `src/model/strategies.rs`
//! did not exist on this branch when they were written).

use chrono::NaiveDate;
use favorite_contract::model::{
    ClientFavoriteRow, GroupFavoriteRow, ListFavoriteRow, MOSCOW, NetDateTime, Request, Response,
};
use proptest::collection::vec;
use proptest::option;
use proptest::prelude::*;
use rust_decimal::Decimal;

/// Any `DateTime` with 100 ns ticks, of every kind (Local at the server's offset, as the
/// server writes it).
pub fn datetime() -> impl Strategy<Value = NetDateTime> {
    (
        (1i32..=9999, 1u32..=12, 1u32..=28),
        (0u32..24, 0u32..60, 0u32..60, 0u32..10_000_000),
        0u8..3,
    )
        .prop_map(|((y, mo, d), (h, mi, s, ticks), kind)| {
            let wall = NaiveDate::from_ymd_opt(y, mo, d)
                .and_then(|date| date.and_hms_nano_opt(h, mi, s, ticks * 100))
                .expect("valid date-time");
            match kind {
                0 => NetDateTime::unspecified(wall),
                1 => NetDateTime::utc(wall),
                _ => NetDateTime::local(wall, MOSCOW),
            }
        })
}

/// Text biased towards what XML must escape. `\r` is left out: every XML reader turns `\r\n`
/// and `\r` into `\n`, so it cannot round-trip (by design, on .NET too).
pub fn text() -> impl Strategy<Value = String> {
    let special = prop::sample::select(vec![
        '<', '>', '&', '"', '\'', ']', '\n', '\t', ' ', '\u{0}', '\u{1}', '\u{1f}', '\u{7f}',
        '\u{fffe}', '\u{ffff}', 'ж', '😀',
    ]);
    vec(prop_oneof![any::<char>(), special], 0..24)
        .prop_map(|chars| chars.into_iter().filter(|&c| c != '\r').collect())
}

/// A decimal of any scale .NET allows.
pub fn decimal() -> impl Strategy<Value = Decimal> {
    (any::<i64>(), 0u32..=28).prop_map(|(m, scale)| Decimal::new(m, scale))
}

prop_compose! {
    /// Any request.
    pub fn request()(
        client in any::<i32>(),
        client_favorite_id in option::of(any::<i32>()),
        list_data_id in option::of(any::<i32>()),
        beg_date in option::of(datetime()),
        end_date in option::of(datetime()),
        start in option::of(any::<i32>()),
        length in option::of(any::<i32>()),
        operator in any::<i16>(),
        token in option::of(any::<i64>()),
        site_code in option::of(text()),
    ) -> Request {
        Request { client, client_favorite_id, list_data_id, beg_date, end_date, start, length, operator, token, site_code }
    }
}

prop_compose! {
    fn client_favorite()(
        id in any::<i32>(),
        proc_time in datetime(),
        confirm_date_end in option::of(datetime()),
        confirm in any::<bool>(),
        proc_time_confirm in option::of(datetime()),
        action_date_end in option::of(datetime()),
        no_active in any::<bool>(),
    ) -> ClientFavoriteRow {
        ClientFavoriteRow { id, proc_time, confirm_date_end, confirm, proc_time_confirm, action_date_end, no_active }
    }
}

prop_compose! {
    fn list_favorite()(
        id in any::<i32>(),
        list_data_id in any::<i32>(),
        url_image in option::of(text()),
        name in option::of(text()),
        code in option::of(text()),
        no_active in any::<bool>(),
    ) -> ListFavoriteRow {
        ListFavoriteRow { id, list_data_id, url_image, name, code, no_active }
    }
}

prop_compose! {
    fn group_favorite()(id in any::<i32>(), name in option::of(text()), count_select in any::<i32>())
        -> GroupFavoriteRow {
        GroupFavoriteRow { id, name, count_select }
    }
}

prop_compose! {
    fn counts()(c in vec(any::<i32>(), 10)) -> Vec<i32> { c }
}

prop_compose! {
    /// Any response.
    pub fn response()(
        counts in counts(),
        money in vec(decimal(), 5),
        client_favorites in option::of(vec(client_favorite(), 0..3)),
        list_favorites in option::of(vec(list_favorite(), 0..3)),
        group_favorites in option::of(vec(group_favorite(), 0..3)),
        message in option::of(text()),
    ) -> Response {
        Response {
            total_rows: counts[0],
            total_rows_select: counts[1],
            max_link_goods: counts[2],
            now_link_goods: counts[3],
            remain_link_goods: counts[4],
            remain_count_purchases: counts[5],
            remain_gain: money[0],
            remain_every_gain: money[1],
            count_offer: counts[6],
            count_confirm: counts[7],
            count_purchases: counts[8],
            sum_gain: money[2],
            avg_favorite: money[3],
            avg_all: money[4],
            client_favorites,
            list_favorites,
            group_favorites,
            error_code: counts[9],
            message,
        }
    }
}
