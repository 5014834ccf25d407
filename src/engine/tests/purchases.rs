//! Purchases: favourite purchases, averages, eligibility, money scale.

use super::super::{Context, Settings, respond};
use super::{answer, ask, confirmed, dataset, dec, entry, first_offer, purchase, t, unspecified};
use crate::model::{Request, Response};

fn stats(response: &Response) -> (i32, String, String, String) {
    (
        response.count_purchases,
        response.sum_gain.to_string(),
        response.avg_favorite.to_string(),
        response.avg_all.to_string(),
    )
}

fn remain(response: &Response) -> (i32, String, String) {
    (
        response.remain_count_purchases,
        response.remain_gain.to_string(),
        response.remain_every_gain.to_string(),
    )
}

/// Source: contracts/reference/domain.md#purchases: "A purchase is a favourite purchase when it contains a goods
/// item that is an active link of a confirmed, active entry of the client whose benefit window
/// [`proc_time_confirm`, `action_date_end`] (no end = open) contains the purchase time".
#[test]
fn favourite_purchases_fall_in_a_benefit_window_of_an_active_link() {
    let mut window = confirmed(
        1,
        10,
        "2026-01-01T10:00:00",
        "2026-01-02T10:00:00",
        Some("2026-02-01T10:00:00"),
        &[101, 102],
    );
    window.links[1].no_active = true;
    let mut inactive = confirmed(
        2,
        10,
        "2026-01-05T10:00:00",
        "2026-01-05T12:00:00",
        None,
        &[103],
    );
    inactive.no_active = true;
    let open = confirmed(
        3,
        10,
        "2026-03-01T10:00:00",
        "2026-03-01T12:00:00",
        None,
        &[104],
    );
    let unconfirmed = Vec::from([{
        let mut e = entry(4, 10, "2026-03-10T10:00:00");
        e.links = vec![crate::dataset::Link {
            id: 41,
            list_data_id: 105,
            no_active: false,
        }];
        e
    }]);
    let mut entries = vec![window, inactive, open];
    entries.extend(unconfirmed);
    let d = dataset(
        entries,
        vec![
            purchase(1, 10, "2026-01-02T09:59:59.997", "100.00", &[101]), // before the window
            purchase(2, 10, "2026-01-02T10:00:00", "200.00", &[101]),     // window start: in
            purchase(3, 10, "2026-02-01T10:00:00", "300.00", &[101, 103]), // window end: in
            purchase(4, 10, "2026-02-01T10:00:00.003", "400.00", &[101]), // after the end
            purchase(5, 10, "2026-01-20T10:00:00", "500.00", &[102]),     // inactive link
            purchase(6, 10, "2026-01-20T10:00:00", "600.00", &[103]),     // inactive entry
            purchase(7, 10, "2026-05-01T10:00:00", "700.00", &[104]),     // open window
            purchase(8, 10, "2026-05-01T10:00:00", "800.00", &[105]),     // unconfirmed entry
            purchase(9, 11, "2026-05-01T10:00:00", "900.00", &[104]),     // another client
        ],
    );
    let response = answer(&d, &ask(10));
    // 200 + 300 + 700 = 1200 over 3; all eight purchases average 450.
    assert_eq!(
        stats(&response),
        (3, "1200.00".into(), "400.00".into(), "450.00".into())
    );
}

/// Source: contracts/reference/domain.md#purchases: "Q = the client's purchases with `proc_time` in P …
/// CountPurchases = favourite purchases in Q; SumGain = their total amount; AvgFavorite =
/// SumGain / CountPurchases; AvgAll = average amount over all of Q".
#[test]
fn purchases_are_period_filtered_by_calendar_day() {
    let d = dataset(
        vec![first_offer(&[101])],
        vec![
            purchase(1, 10, "2026-02-01T23:59:59.997", "100.00", &[101]),
            purchase(2, 10, "2026-02-02T00:00:00", "50.00", &[102]),
            purchase(3, 10, "2026-02-03T00:00:00", "70.00", &[101]),
        ],
    );
    let request = Request {
        beg_date: unspecified("2026-02-01T12:00:00"),
        end_date: unspecified("2026-02-02T00:00:00"),
        ..ask(10)
    };
    assert_eq!(
        stats(&answer(&d, &request)),
        (1, "100.00".into(), "100.00".into(), "75.00".into())
    );
}

/// Source: contracts/reference/domain.md#averages: "Averages are rounded half away from zero to 2 decimals";
/// "0 when there is nothing to average"; "Money values … are always decimals of scale 2".
#[test]
fn averages_round_half_away_from_zero_and_money_has_scale_two() {
    let d = dataset(
        vec![first_offer(&[101])],
        vec![
            purchase(1, 10, "2026-02-01T10:00:00", "1000", &[101]),
            purchase(2, 10, "2026-02-02T10:00:00", "1000.01", &[101]),
            purchase(3, 10, "2026-02-03T10:00:00", "0.02", &[102]),
        ],
    );
    // 2000.01 / 2 = 1000.005 → 1000.01 (banker's rounding would give 1000.00);
    // 2000.03 / 3 = 666.676… → 666.68.
    assert_eq!(
        stats(&answer(&d, &ask(10))),
        (2, "2000.01".into(), "1000.01".into(), "666.68".into())
    );
    let empty = answer(&d, &ask(11));
    assert_eq!(
        stats(&empty),
        (0, "0.00".into(), "0.00".into(), "0.00".into())
    );
    assert_eq!(remain(&empty), (5, "5000.00".into(), "500.00".into()));
}

/// Source: contracts/reference/domain.md#eligibility: "the qualifying purchases are those strictly after the
/// client's newest entry's `proc_time` (any state; all purchases if the client has no entry) and
/// not after `as_of`, with amount ≥ `required_every_gain`. RemainCountPurchases = max(0,
/// `required_purchases` − their count); RemainGain = max(0, `required_gain` − their total
/// amount); RemainEveryGain = `required_every_gain`".
#[test]
fn eligibility_counts_big_enough_purchases_since_the_newest_offer() {
    let mut newest = entry(2, 10, "2026-03-01T10:00:00");
    newest.no_active = true;
    let d = dataset(
        vec![entry(1, 10, "2026-01-01T10:00:00"), newest],
        vec![
            purchase(1, 10, "2026-02-01T10:00:00", "4000.00", &[]), // before the newest offer
            purchase(2, 10, "2026-03-01T10:00:00", "900.00", &[]),  // at it: not strictly after
            purchase(3, 10, "2026-03-02T10:00:00", "500.00", &[]),  // exactly the minimum: counts
            purchase(4, 10, "2026-03-03T10:00:00", "499.99", &[]),  // below the minimum
            purchase(5, 10, "2026-04-03T10:00:00", "1250.50", &[]),
            purchase(6, 10, "2026-05-07T11:27:39.510", "9000.00", &[]), // after as_of
            purchase(7, 11, "2026-03-03T10:00:00", "700.00", &[]),
        ],
    );
    assert_eq!(
        remain(&answer(&d, &ask(10))),
        (3, "3249.50".into(), "500.00".into())
    );
    let narrowed = Request {
        end_date: unspecified("2026-01-01T00:00:00"),
        ..ask(10)
    };
    assert_eq!(
        remain(&answer(&d, &narrowed)),
        (3, "3249.50".into(), "500.00".into()),
        "not period-filtered"
    );
    // Client 11 has no entry: all its purchases count.
    assert_eq!(
        remain(&answer(&d, &ask(11))),
        (4, "4300.00".into(), "500.00".into())
    );
    // Far past every requirement: clamped at zero.
    let rich = dataset(
        vec![],
        (1..=7)
            .map(|i| purchase(i, 10, &format!("2026-04-0{i}T10:00:00"), "1000.00", &[]))
            .collect(),
    );
    assert_eq!(
        remain(&answer(&rich, &ask(10))),
        (0, "0.00".into(), "500.00".into())
    );
}

/// Source: contracts/reference/domain.md#as-of: "Events after `as_of` do not exist yet"; settings override `as_of`.
#[test]
fn purchases_after_as_of_do_not_count_until_as_of_moves() {
    let d = dataset(
        vec![first_offer(&[101])],
        vec![
            purchase(1, 10, "2026-05-07T11:27:39.507", "600.00", &[101]),
            purchase(2, 10, "2026-05-07T11:27:39.510", "700.00", &[101]),
        ],
    );
    assert_eq!(
        stats(&answer(&d, &ask(10))),
        (1, "600.00".into(), "600.00".into(), "600.00".into())
    );
    assert_eq!(answer(&d, &ask(10)).remain_count_purchases, 4);
    let later = Settings {
        as_of: Some(t("2026-06-01T00:00:00")),
        ..Settings::default()
    };
    let response = respond(&ask(10), &d, &later, &Context::default());
    assert_eq!(
        stats(&response),
        (2, "1300.00".into(), "650.00".into(), "650.00".into())
    );
    assert_eq!(response.remain_count_purchases, 3);
    assert_eq!(response.remain_every_gain, dec("500.00"));
    assert_eq!(response.remain_every_gain.scale(), 2);
}
