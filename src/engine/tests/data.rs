//! Entries: ClientFavorites, paging, the selected entry, ListFavorites, *LinkGoods,
//! GroupFavorites, counts, dates and `as_of`.

use super::super::{Context, DateStyle, Settings, respond};
use super::{
    AS_OF, answer, ask, confirmed, dataset, entry, first_offer, ids, t, unspecified, with_style,
};
use crate::dataset::Link;
use crate::model::{
    ClientFavoriteRow, GroupFavoriteRow, ListFavoriteRow, NetDateTime, Request, Zone,
};
use chrono::FixedOffset;

/// Five entries of client 10 on 1–3 May, one of client 11.
fn five() -> crate::dataset::Dataset {
    dataset(
        vec![
            entry(1, 10, "2026-05-01T00:00:00"),
            entry(2, 10, "2026-05-01T23:59:59.997"),
            entry(3, 10, "2026-05-02T12:00:00"),
            entry(5, 10, "2026-05-03T08:00:00"),
            entry(4, 10, "2026-05-03T08:00:00"),
            entry(6, 11, "2026-05-02T12:00:00"),
        ],
        vec![],
    )
}

fn period(beg: Option<&str>, end: Option<&str>) -> Request {
    Request {
        beg_date: beg.and_then(unspecified),
        end_date: end.and_then(unspecified),
        ..ask(10)
    }
}

/// Source: contracts/reference/domain.md#client-favorites: "ordered by `proc_time` descending, then `id` descending".
#[test]
fn entries_are_newest_first_then_by_id_descending() {
    let response = answer(&five(), &ask(10));
    assert_eq!(ids(&response), [5, 4, 3, 2, 1]);
    assert_eq!((response.total_rows, response.total_rows_select), (5, 5));
}

/// Source: contracts/reference/domain.md#period: "P = the period filter on `proc_time` by calendar day, both
/// ends inclusive, time parts of `BegDate`/`EndDate` ignored, a missing end unbounded".
#[test]
fn the_period_is_whole_calendar_days_both_ends_inclusive() {
    let d = five();
    let rows = |beg, end| ids(&answer(&d, &period(beg, end)));
    assert_eq!(
        rows(Some("2026-05-01T23:00:00"), Some("2026-05-01T00:00:01")),
        [2, 1]
    );
    assert_eq!(rows(Some("2026-05-02T00:00:00"), None), [5, 4, 3]);
    assert_eq!(rows(None, Some("2026-05-02T00:00:00")), [3, 2, 1]);
    assert_eq!(rows(Some("2026-05-04T00:00:00"), None), Vec::<i32>::new());
}

/// Source: contracts/reference/domain.md#period: "Dates with an offset are first converted to the server's
/// time zone (`time_zone`), as .NET converts them to local time."
#[test]
fn dates_with_an_offset_are_converted_to_the_server_zone_first() {
    let d = five();
    // 2026-05-01T21:00Z is 2026-05-02T00:00 in Moscow.
    let utc = Request {
        beg_date: Some(NetDateTime::utc(t("2026-05-01T21:00:00"))),
        end_date: Some(NetDateTime::utc(t("2026-05-01T21:00:00"))),
        ..ask(10)
    };
    assert_eq!(ids(&answer(&d, &utc)), [3]);
    // A deployment in another zone converts differently: at +00:00 that instant is 1 May.
    let settings = Settings {
        time_zone: FixedOffset::east_opt(0).map(Zone::Fixed),
        ..Settings::default()
    };
    let response = respond(&utc, &d, &settings, &Context::default());
    assert_eq!(ids(&response), [2, 1]);
}

/// Source: contracts/reference/domain.md#client-favorites: "narrowed by `ClientFavoriteId` (that entry only) and by
/// `ListDataId` (entries with a link — active or not — to that goods item)".
#[test]
fn the_two_filters_narrow_the_entries() {
    let mut linked = confirmed(
        2,
        10,
        "2026-04-02T10:00:00",
        "2026-04-03T10:00:00",
        None,
        &[101, 102],
    );
    linked.links[1].no_active = true;
    let d = dataset(
        vec![
            confirmed(
                1,
                10,
                "2026-04-01T10:00:00",
                "2026-04-01T12:00:00",
                None,
                &[102],
            ),
            linked,
            entry(3, 10, "2026-04-03T10:00:00"),
        ],
        vec![],
    );
    let with = |favorite, goods| {
        let request = Request {
            client_favorite_id: favorite,
            list_data_id: goods,
            ..ask(10)
        };
        let response = answer(&d, &request);
        (ids(&response), response.total_rows)
    };
    assert_eq!(
        with(None, Some(102)),
        (vec![2, 1], 2),
        "inactive links count"
    );
    assert_eq!(with(None, Some(101)), (vec![2], 1));
    assert_eq!(with(Some(1), None), (vec![1], 1));
    assert_eq!(with(Some(1), Some(101)), (vec![], 0));
    assert_eq!(with(None, Some(999)), (vec![], 0));
}

/// Source: contracts/reference/domain.md#paging: "`Start` is 1-based; a missing `Start`, 0 or -1 means
/// 1; a missing `Length` or -1 means no limit …; `Length` 0 → an empty page; a `Start` past the
/// last row → an empty page. `TotalRows` = rows before paging; `TotalRowsSelect` = rows returned".
#[test]
fn paging_is_one_based_with_pinned_edge_cases() {
    let d = five();
    let page = |start, length| {
        let response = answer(
            &d,
            &Request {
                start,
                length,
                ..ask(10)
            },
        );
        (
            ids(&response),
            response.total_rows,
            response.total_rows_select,
        )
    };
    assert_eq!(page(Some(2), Some(2)), (vec![4, 3], 5, 2));
    for first in [None, Some(0), Some(-1), Some(1)] {
        assert_eq!(page(first, Some(2)), (vec![5, 4], 5, 2), "{first:?}");
    }
    assert_eq!(page(Some(4), None), (vec![2, 1], 5, 2));
    assert_eq!(page(Some(4), Some(-1)), (vec![2, 1], 5, 2));
    assert_eq!(page(Some(-1), Some(-1)), (vec![5, 4, 3, 2, 1], 5, 5));
    assert_eq!(page(Some(1), Some(0)), (vec![], 5, 0));
    assert_eq!(page(Some(6), Some(10)), (vec![], 5, 0));
    assert_eq!(page(Some(i32::MAX), Some(i32::MAX)), (vec![], 5, 0));
}

/// Source: contracts/reference/domain.md#selected-entry: "The selected entry = the entry `ClientFavoriteId` if given;
/// otherwise the client's current entry: the newest … entry with `no_active` false (filters and
/// paging do not apply). None → no selected entry."
#[test]
fn the_selected_entry_is_the_given_one_or_the_newest_active() {
    let mut old = confirmed(
        1,
        10,
        "2026-03-01T10:00:00",
        "2026-03-02T10:00:00",
        None,
        &[101],
    );
    old.no_active = true;
    let current = confirmed(
        2,
        10,
        "2026-04-01T10:00:00",
        "2026-04-02T10:00:00",
        None,
        &[102, 103],
    );
    let mut newest = entry(3, 10, "2026-05-01T10:00:00");
    newest.no_active = true;
    let d = dataset(vec![old, current, newest], vec![]);
    let goods = |request: &Request| {
        let response = answer(&d, request);
        let list = response.list_favorites.unwrap_or_default();
        list.iter().map(|l| l.list_data_id).collect::<Vec<_>>()
    };
    assert_eq!(goods(&ask(10)), [102, 103], "newest active entry");
    let outside = Request {
        end_date: unspecified("2026-03-15T00:00:00"),
        start: Some(5),
        ..ask(10)
    };
    assert_eq!(
        goods(&outside),
        [102, 103],
        "period and paging do not apply"
    );
    assert_eq!(
        goods(&Request {
            client_favorite_id: Some(1),
            ..ask(10)
        }),
        [101],
        "even deactivated"
    );

    let none = dataset(vec![], vec![]);
    let response = answer(&none, &ask(10));
    assert_eq!(response.list_favorites, Some(vec![]));
    assert_eq!(
        (
            response.max_link_goods,
            response.now_link_goods,
            response.remain_link_goods
        ),
        (3, 0, 3)
    );
}

/// Source: contracts/reference/domain.md#list-favorites: "ListFavorites: the links of the selected entry, ordered by link
/// `id`: `Id` = link id, `ListDataId`, and `UrlImage`, `Name`, `Code` of the goods item,
/// `NoActive` = the link's `no_active` or the entry's."
#[test]
fn list_favorites_describe_the_links_of_the_selected_entry() {
    let mut chosen = confirmed(
        1,
        10,
        "2026-04-01T10:00:00",
        "2026-04-02T10:00:00",
        None,
        &[],
    );
    chosen.links = vec![
        Link {
            id: 30,
            list_data_id: 103,
            no_active: false,
        },
        Link {
            id: 10,
            list_data_id: 105,
            no_active: false,
        },
        Link {
            id: 20,
            list_data_id: 101,
            no_active: true,
        },
    ];
    let d = dataset(vec![chosen.clone()], vec![]);
    let response = answer(&d, &ask(10));
    let row = |id, goods: i32, image: bool, no_active| ListFavoriteRow {
        id,
        list_data_id: goods,
        url_image: image.then(|| format!("https://cdn.example.ru/goods/{goods}.jpg")),
        name: Some(format!("Товар {goods}")),
        code: Some(format!("C-{goods}")),
        no_active,
    };
    assert_eq!(
        response.list_favorites,
        Some(vec![
            row(10, 105, false, false),
            row(20, 101, true, true),
            row(30, 103, true, false)
        ])
    );
    assert_eq!(
        (
            response.max_link_goods,
            response.now_link_goods,
            response.remain_link_goods
        ),
        (3, 2, 1)
    );

    chosen.no_active = true;
    let d = dataset(vec![chosen], vec![]);
    let response = answer(
        &d,
        &Request {
            client_favorite_id: Some(1),
            ..ask(10)
        },
    );
    let list = response.list_favorites.unwrap_or_default();
    assert!(
        list.iter().all(|l| l.no_active),
        "a deactivated entry deactivates its links"
    );
    assert_eq!(
        (response.now_link_goods, response.remain_link_goods),
        (0, 3)
    );
}

/// Source: contracts/reference/domain.md#link-goods: "RemainLinkGoods = max(0, MaxLinkGoods − NowLinkGoods)".
#[test]
fn remaining_goods_never_go_below_zero() {
    // Operator 2 allows one goods item; a fixture cannot hold more active links, but a lowered
    // maximum can: the engine must still clamp. Build the dataset unvalidated to get there.
    let mut parts = super::parts(
        vec![confirmed(
            1,
            20,
            "2026-04-01T10:00:00",
            "2026-04-02T10:00:00",
            None,
            &[201],
        )],
        vec![],
    );
    parts.operators[1].max_link_goods = 0;
    let invalid = crate::dataset::Dataset::from_parts(parts.clone());
    assert!(invalid.is_err(), "validation refuses it");
    let unchecked = crate::dataset::Dataset::from_parts_unchecked(parts);
    let response = answer(
        &unchecked,
        &Request {
            operator: 2,
            ..ask(20)
        },
    );
    assert_eq!(
        (
            response.max_link_goods,
            response.now_link_goods,
            response.remain_link_goods
        ),
        (0, 1, 0)
    );
}

/// Source: contracts/reference/domain.md#group-favorites: "GroupFavorites: over E ∩ P (other filters and paging do not
/// apply), one row per goods item chosen in at least one entry: … `CountSelect` = number of
/// entries that link it (active or not); ordered by `CountSelect` descending, then `Id` ascending."
#[test]
fn group_favorites_count_entries_per_goods_item_in_the_period() {
    let mut second = confirmed(
        2,
        10,
        "2026-02-01T10:00:00",
        "2026-02-01T11:00:00",
        None,
        &[103, 101],
    );
    second.links[0].no_active = true;
    second.no_active = true;
    let mut twice = confirmed(
        3,
        10,
        "2026-03-01T10:00:00",
        "2026-03-01T11:00:00",
        None,
        &[104, 103],
    );
    twice.links.push(Link {
        id: 39,
        list_data_id: 104,
        no_active: true,
    });
    let d = dataset(vec![first_offer(&[101, 102]), second, twice], vec![]);
    let group = |request: &Request| {
        let rows = answer(&d, request).group_favorites.unwrap_or_default();
        rows.iter()
            .map(|g| (g.id, g.count_select))
            .collect::<Vec<_>>()
    };
    assert_eq!(group(&ask(10)), [(101, 2), (103, 2), (102, 1), (104, 1)]);
    let narrowed = Request {
        client_favorite_id: Some(1),
        list_data_id: Some(104),
        start: Some(3),
        length: Some(0),
        ..ask(10)
    };
    assert_eq!(
        group(&narrowed),
        group(&ask(10)),
        "filters and paging do not apply"
    );
    assert_eq!(
        group(&period(Some("2026-02-01T00:00:00"), None)),
        [(103, 2), (101, 1), (104, 1)]
    );
    let rows = answer(&d, &ask(10)).group_favorites.unwrap_or_default();
    assert_eq!(
        rows[0],
        GroupFavoriteRow {
            id: 101,
            name: Some("Товар 101".into()),
            count_select: 2
        }
    );
}

/// Source: contracts/reference/domain.md#offer-counts: "CountOffer = |E ∩ P|; CountConfirm = entries of E ∩ P with
/// `confirm` true."
#[test]
fn offers_and_confirmations_are_counted_in_the_period() {
    let d = dataset(
        vec![
            first_offer(&[]),
            entry(2, 10, "2026-02-01T10:00:00"),
            confirmed(
                3,
                10,
                "2026-03-01T10:00:00",
                "2026-03-01T11:00:00",
                None,
                &[],
            ),
        ],
        vec![],
    );
    let counts = |request: &Request| {
        let r = answer(&d, request);
        (r.count_offer, r.count_confirm)
    };
    assert_eq!(counts(&ask(10)), (3, 2));
    assert_eq!(counts(&period(Some("2026-02-01T00:00:00"), None)), (2, 1));
    assert_eq!(
        counts(&Request {
            client_favorite_id: Some(2),
            ..ask(10)
        }),
        (3, 2),
        "not narrowed"
    );
}

/// Source: contracts/reference/domain.md#dates: "Dates are written like SQL Server values through .NET: Kind
/// Unspecified, no offset (profile: … as Local with the operator's offset)".
#[test]
fn dates_are_unspecified_or_local_in_the_servers_zone() {
    let entries = vec![
        confirmed(
            1,
            10,
            "2026-04-01T10:00:00.5",
            "2026-04-02T10:00:00",
            Some("2026-10-02T23:59:59.997"),
            &[],
        ),
        confirmed(
            2,
            20,
            "2026-04-01T10:00:00",
            "2026-04-02T10:00:00",
            None,
            &[],
        ),
    ];
    let d = dataset(entries, vec![]);
    let first = |request: &Request, settings: &Settings| {
        let rows = respond(request, &d, settings, &Context::default()).client_favorites;
        rows.unwrap_or_default().remove(0)
    };
    let row = first(&ask(10), &Settings::default());
    assert_eq!(
        row,
        ClientFavoriteRow {
            id: 1,
            proc_time: NetDateTime::unspecified(t("2026-04-01T10:00:00.5")),
            confirm_date_end: unspecified("2026-04-15T10:00:00.5"),
            confirm: true,
            proc_time_confirm: unspecified("2026-04-02T10:00:00"),
            action_date_end: unspecified("2026-10-02T23:59:59.997"),
            no_active: false,
        }
    );
    let local = first(&ask(10), &with_style(DateStyle::Local));
    assert_eq!(local.proc_time.to_wire(), "2026-04-01T10:00:00.5+03:00");
    assert_eq!(
        local.action_date_end.map(|d| d.to_wire()).as_deref(),
        Some("2026-10-02T23:59:59.997+03:00")
    );
    let ural = first(
        &Request {
            operator: 2,
            ..ask(20)
        },
        &with_style(DateStyle::Local),
    );
    // Source: issue "Fidelity leftovers" — a .NET server has one local zone: Json.NET and
    // DataContractSerializer write a Local DateTime with the server's offset. Operator 2's
    // 10:00 at +05:00 is 05:00Z, which a +03:00 server writes as 08:00+03:00.
    assert_eq!(
        ural.proc_time.to_wire(),
        "2026-04-01T08:00:00+03:00",
        "operator 2's instant, in the server's zone"
    );
    // A named server zone: operator 1 (no zone of its own) keeps its wall clock and gets the
    // zone's offset; operator 2's +05:00 instant lands in the server's zone.
    let named = Settings {
        time_zone: "Europe/Moscow".parse().ok(),
        ..with_style(DateStyle::Local)
    };
    assert_eq!(
        first(&ask(10), &named).proc_time.to_wire(),
        "2026-04-01T10:00:00.5+03:00"
    );
    let ural_named = Request {
        operator: 2,
        ..ask(20)
    };
    assert_eq!(
        first(&ural_named, &named).proc_time.to_wire(),
        "2026-04-01T08:00:00+03:00"
    );
}

/// Source: contracts/reference/domain.md#as-of: "Events after `as_of` do not exist yet for the engine."
#[test]
fn nothing_after_as_of_exists() {
    let late_confirmation = confirmed(
        2,
        10,
        "2026-05-05T10:00:00",
        "2026-05-08T09:00:00",
        Some("2026-11-08T00:00:00"),
        &[101],
    );
    let d = dataset(
        vec![
            entry(1, 10, "2026-05-01T10:00:00"),
            late_confirmation,
            entry(3, 10, "2026-05-07T11:27:39.510"),
        ],
        vec![],
    );
    let response = answer(&d, &ask(10));
    assert_eq!(ids(&response), [2, 1]);
    let rows = response.client_favorites.clone().unwrap_or_default();
    assert_eq!(
        (
            rows[0].confirm,
            rows[0].proc_time_confirm,
            rows[0].action_date_end
        ),
        (false, None, None)
    );
    assert_eq!(
        response.list_favorites,
        Some(vec![]),
        "goods are chosen when confirming"
    );
    assert_eq!(response.group_favorites, Some(vec![]));
    assert_eq!((response.count_offer, response.count_confirm), (2, 0));

    // Moving "now" past the confirmation and the third offer makes them exist.
    let later = Settings {
        as_of: Some(t("2026-05-09T00:00:00")),
        ..Settings::default()
    };
    let response = respond(&ask(10), &d, &later, &Context::default());
    assert_eq!(ids(&response), [3, 2, 1]);
    assert_eq!(response.count_confirm, 1);
    assert_eq!(t(AS_OF), d.as_of());
}
