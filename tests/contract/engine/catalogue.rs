//! `contracts/datasets/default/CATALOGUE.md` is executable: its client table and every
//! `Expect:` line are checked against the engine.

use super::{answer, request_from_json};
use favorite_contract::Dataset;
use favorite_contract::Response;
use std::collections::BTreeSet;

const CATALOGUE: &str = include_str!("../../../contracts/datasets/default/CATALOGUE.md");

/// One field of a response as the catalogue writes it.
fn field(response: &Response, key: &str) -> String {
    fn list<T: std::fmt::Debug>(rows: impl Iterator<Item = T>) -> String {
        format!("{:?}", rows.collect::<Vec<_>>())
    }
    let entries = || response.client_favorites.iter().flatten();
    let links = || response.list_favorites.iter().flatten();
    let groups = || response.group_favorites.iter().flatten();
    match key {
        "ErrorCode" => response.error_code.to_string(),
        "Message" => format!("\"{}\"", response.message.as_deref().unwrap_or_default()),
        "TotalRows" => response.total_rows.to_string(),
        "TotalRowsSelect" => response.total_rows_select.to_string(),
        "MaxLinkGoods" => response.max_link_goods.to_string(),
        "NowLinkGoods" => response.now_link_goods.to_string(),
        "RemainLinkGoods" => response.remain_link_goods.to_string(),
        "CountOffer" => response.count_offer.to_string(),
        "CountConfirm" => response.count_confirm.to_string(),
        "CountPurchases" => response.count_purchases.to_string(),
        "SumGain" => response.sum_gain.to_string(),
        "AvgFavorite" => response.avg_favorite.to_string(),
        "AvgAll" => response.avg_all.to_string(),
        "RemainCountPurchases" => response.remain_count_purchases.to_string(),
        "RemainGain" => response.remain_gain.to_string(),
        "ClientFavorites.Id" => list(entries().map(|r| r.id)),
        "ClientFavorites.Confirm" => list(entries().map(|r| r.confirm)),
        "ListFavorites.ListDataId" => list(links().map(|r| r.list_data_id)),
        "ListFavorites.NoActive" => list(links().map(|r| r.no_active)),
        "GroupFavorites.Id" => list(groups().map(|r| r.id)),
        "GroupFavorites.CountSelect" => list(groups().map(|r| r.count_select)),
        other => panic!("the catalogue uses a field the test does not know: {other}"),
    }
}

fn cells(line: &str) -> Vec<&str> {
    line.trim_matches('|').split('|').map(str::trim).collect()
}

/// The client table: ids, then `TotalRows`, `Max/Now/Remain`, `Offers/Confirmed`,
/// `count · sum · avg`, `AvgAll`, `count · gain · every`.
#[test]
fn the_client_table_matches_the_engine() {
    let dataset = Dataset::embedded_default();
    let mut listed = BTreeSet::new();
    let rows = CATALOGUE
        .lines()
        .filter(|l| l.starts_with("| ") && l[2..].starts_with(|c: char| c.is_ascii_digit()))
        .filter(|l| cells(l).len() == 9);
    for line in rows {
        let c = cells(line);
        let body = format!("{{\"Operator\":{},\"Client\":{}}}", c[1], c[0]);
        let r = answer(&dataset, &request_from_json(&body, &dataset));
        let actual = [
            r.total_rows.to_string(),
            format!(
                "{}/{}/{}",
                r.max_link_goods, r.now_link_goods, r.remain_link_goods
            ),
            format!("{}/{}", r.count_offer, r.count_confirm),
            format!(
                "{} · {} · {}",
                r.count_purchases, r.sum_gain, r.avg_favorite
            ),
            r.avg_all.to_string(),
            format!(
                "{} · {} · {}",
                r.remain_count_purchases, r.remain_gain, r.remain_every_gain
            ),
        ];
        assert_eq!(r.error_code, 0, "{line}");
        assert_eq!(c[3..], actual, "client {} in CATALOGUE.md", c[0]);
        listed.insert(c[0].parse::<i32>().unwrap());
    }
    let all: BTreeSet<i32> = dataset.clients().iter().map(|c| c.id).collect();
    assert_eq!(
        listed, all,
        "every client of the dataset is in the table, and only those"
    );
}

/// Every ready request: its body, then its `Expect:` line of `` `Field` value `` pairs.
#[test]
fn every_ready_request_answers_as_the_catalogue_says() {
    let dataset = Dataset::embedded_default();
    let mut body = None;
    let mut checked = 0;
    for line in CATALOGUE.lines() {
        if let Some((_, rest)) = line.split_once(" -d '") {
            body = Some(rest.trim_end_matches('\'').to_owned());
        }
        let Some(expect) = line.strip_prefix("Expect: ") else {
            continue;
        };
        let json = body.take().expect("an Expect: line follows a curl command");
        let response = answer(&dataset, &request_from_json(&json, &dataset));
        for item in expect.split(" · ") {
            let (key, value) = item
                .strip_prefix('`')
                .and_then(|i| i.split_once("` "))
                .unwrap_or_else(|| panic!("malformed Expect item {item:?}"));
            assert_eq!(field(&response, key), value, "{key} of {json}");
        }
        checked += 1;
    }
    assert!(checked >= 25, "only {checked} ready requests found");
}
