//! Codec throughput: the faithful Json.NET and DataContractSerializer writers and readers on a
//! 100-row response, beside a plain `serde_json` derive serialisation of the same data, measured
//! in one run. Run with `cargo bench --bench codec`.
//!
//! Targets (issue 2): JSON writer ≥ 70% of serde_json's throughput; XML writer within 2× of the
//! JSON writer's time. The serde mirror uses `f64` for money and pre-formatted date strings,
//! which favours serde_json, so the ratio reported is conservative.
#![allow(clippy::unwrap_used, reason = "a benchmark fails loudly")]

use favorite_contract::codec::{BindOptions, json, xml};
use favorite_contract::contract;
use favorite_contract::{
    ClientFavoriteRow, GroupFavoriteRow, ListFavoriteRow, NetDateTime, Response, money,
};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::hint::black_box;
use std::time::{Duration, Instant};

/// Rows in ClientFavorites (plus 10 ListFavorites and 10 GroupFavorites rows).
const ROWS: usize = 100;
/// Minimum measuring time per case.
const MEASURE: Duration = Duration::from_millis(1500);

#[derive(Serialize, Deserialize)]
#[allow(non_snake_case, reason = "mirrors the wire names")]
struct SRow {
    Id: i32,
    ProcTime: String,
    ConfirmDateEnd: Option<String>,
    Confirm: bool,
    ProcTimeConfirm: Option<String>,
    ActionDateEnd: Option<String>,
    NoActive: bool,
}
#[derive(Serialize, Deserialize)]
#[allow(non_snake_case, reason = "mirrors the wire names")]
struct SList {
    Id: i32,
    ListDataId: i32,
    UrlImage: Option<String>,
    Name: Option<String>,
    Code: Option<String>,
    NoActive: bool,
}
#[derive(Serialize, Deserialize)]
#[allow(non_snake_case, reason = "mirrors the wire names")]
struct SGroup {
    Id: i32,
    Name: Option<String>,
    CountSelect: i32,
}
#[derive(Serialize, Deserialize)]
#[allow(non_snake_case, reason = "mirrors the wire names")]
struct SResponse {
    TotalRows: i32,
    TotalRowsSelect: i32,
    MaxLinkGoods: i32,
    NowLinkGoods: i32,
    RemainLinkGoods: i32,
    RemainCountPurchases: i32,
    RemainGain: f64,
    RemainEveryGain: f64,
    CountOffer: i32,
    CountConfirm: i32,
    CountPurchases: i32,
    SumGain: f64,
    AvgFavorite: f64,
    AvgAll: f64,
    ClientFavorites: Option<Vec<SRow>>,
    ListFavorites: Option<Vec<SList>>,
    GroupFavorites: Option<Vec<SGroup>>,
    ErrorCode: i32,
    Message: Option<String>,
}

fn sample() -> Response {
    let base = chrono::NaiveDate::from_ymd_opt(2026, 5, 7)
        .unwrap()
        .and_hms_milli_opt(11, 27, 39, 507)
        .unwrap();
    let date = |i: usize| NetDateTime::unspecified(base - chrono::Duration::hours(i as i64 * 7));
    let rows = (0..ROWS)
        .map(|i| ClientFavoriteRow {
            id: 100_000 + i as i32,
            proc_time: date(i),
            confirm_date_end: Some(NetDateTime::unspecified(
                date(i).wall + chrono::Duration::days(14),
            )),
            confirm: i % 3 != 0,
            proc_time_confirm: (i % 3 != 0).then(|| date(i)),
            action_date_end: (i % 2 == 0).then(|| date(i)),
            no_active: i % 5 == 0,
        })
        .collect();
    let list = (0..10)
        .map(|i| ListFavoriteRow {
            id: 500 + i,
            list_data_id: 40 + i,
            url_image: Some(format!("https://cdn.example.ru/goods/{i}.jpg")),
            name: Some("Молоко «Простоквашино» 3,2% 930 мл".to_owned()),
            code: Some(format!("MLK-{i:04}")),
            no_active: i % 4 == 0,
        })
        .collect();
    let group = (0..10)
        .map(|i| GroupFavoriteRow {
            id: 40 + i,
            name: Some("Хлеб «Бородинский» нарезка".to_owned()),
            count_select: 10 - i,
        })
        .collect();
    Response {
        total_rows: 140,
        total_rows_select: ROWS as i32,
        max_link_goods: 3,
        now_link_goods: 2,
        remain_link_goods: 1,
        remain_count_purchases: 0,
        remain_gain: money(Decimal::new(150_000, 2)),
        remain_every_gain: money(Decimal::new(50_000, 2)),
        count_offer: 140,
        count_confirm: 93,
        count_purchases: 41,
        sum_gain: money(Decimal::new(8_734_512, 2)),
        avg_favorite: money(Decimal::new(213_037, 2)),
        avg_all: money(Decimal::new(158_004, 2)),
        client_favorites: Some(rows),
        list_favorites: Some(list),
        group_favorites: Some(group),
        error_code: 0,
        message: Some(String::new()),
    }
}

fn mirror(r: &Response) -> SResponse {
    let d = |v: &NetDateTime| v.to_wire();
    let f = |v: Decimal| v.to_string().parse::<f64>().unwrap();
    SResponse {
        TotalRows: r.total_rows,
        TotalRowsSelect: r.total_rows_select,
        MaxLinkGoods: r.max_link_goods,
        NowLinkGoods: r.now_link_goods,
        RemainLinkGoods: r.remain_link_goods,
        RemainCountPurchases: r.remain_count_purchases,
        RemainGain: f(r.remain_gain),
        RemainEveryGain: f(r.remain_every_gain),
        CountOffer: r.count_offer,
        CountConfirm: r.count_confirm,
        CountPurchases: r.count_purchases,
        SumGain: f(r.sum_gain),
        AvgFavorite: f(r.avg_favorite),
        AvgAll: f(r.avg_all),
        ClientFavorites: r.client_favorites.as_ref().map(|rows| {
            rows.iter()
                .map(|x| SRow {
                    Id: x.id,
                    ProcTime: d(&x.proc_time),
                    ConfirmDateEnd: x.confirm_date_end.as_ref().map(d),
                    Confirm: x.confirm,
                    ProcTimeConfirm: x.proc_time_confirm.as_ref().map(d),
                    ActionDateEnd: x.action_date_end.as_ref().map(d),
                    NoActive: x.no_active,
                })
                .collect()
        }),
        ListFavorites: r.list_favorites.as_ref().map(|rows| {
            rows.iter()
                .map(|x| SList {
                    Id: x.id,
                    ListDataId: x.list_data_id,
                    UrlImage: x.url_image.clone(),
                    Name: x.name.clone(),
                    Code: x.code.clone(),
                    NoActive: x.no_active,
                })
                .collect()
        }),
        GroupFavorites: r.group_favorites.as_ref().map(|rows| {
            rows.iter()
                .map(|x| SGroup {
                    Id: x.id,
                    Name: x.name.clone(),
                    CountSelect: x.count_select,
                })
                .collect()
        }),
        ErrorCode: r.error_code,
        Message: r.message.clone(),
    }
}

/// Run `f` repeatedly for at least [`MEASURE`]; returns (iterations, elapsed).
fn measure(mut f: impl FnMut()) -> (u64, Duration) {
    for _ in 0..50 {
        f();
    }
    let start = Instant::now();
    let mut n = 0u64;
    while start.elapsed() < MEASURE {
        for _ in 0..20 {
            f();
        }
        n += 20;
    }
    (n, start.elapsed())
}

struct Line {
    name: &'static str,
    bytes: usize,
    per_op: Duration,
}

impl Line {
    fn mbps(&self) -> f64 {
        self.bytes as f64 / self.per_op.as_secs_f64() / 1e6
    }
}

fn bench(name: &'static str, bytes: usize, f: impl FnMut()) -> Line {
    let (n, elapsed) = measure(f);
    let line = Line {
        name,
        bytes,
        per_op: elapsed / u32::try_from(n).unwrap_or(u32::MAX),
    };
    println!(
        "{:<34} {:>9} bytes {:>10.2} µs/op {:>9.1} MB/s",
        line.name,
        line.bytes,
        line.per_op.as_secs_f64() * 1e6,
        line.mbps()
    );
    line
}

fn main() {
    let response = sample();
    let mirror = mirror(&response);
    let options = BindOptions::default();
    let schema = contract().response();

    let mut out = Vec::with_capacity(64 * 1024);
    json::write(&response, &mut out);
    let json_bytes = out.clone();
    out.clear();
    xml::write(&response, &mut out);
    let xml_bytes = out.clone();
    let serde_bytes = serde_json::to_vec(&mirror).unwrap();
    let json_text = String::from_utf8(json_bytes.clone()).unwrap();
    let xml_text = String::from_utf8(xml_bytes.clone()).unwrap();
    assert!(
        xml::read(&xml_text, schema, &options).object.is_some(),
        "xml re-reads"
    );
    assert!(
        json::read(&json_text, schema, &options).object.is_some(),
        "json re-reads"
    );

    println!("favorite-contract codec bench: {ROWS}-row response, release build, one run");
    let serde_w = bench("serde_json derive: write", serde_bytes.len(), || {
        out.clear();
        serde_json::to_writer(&mut out, black_box(&mirror)).unwrap();
    });
    let json_w = bench("Json.NET writer: write", json_bytes.len(), || {
        out.clear();
        json::write(black_box(&response), &mut out);
    });
    let xml_w = bench("DataContract writer: write", xml_bytes.len(), || {
        out.clear();
        xml::write(black_box(&response), &mut out);
    });
    let serde_r = bench("serde_json derive: read", serde_bytes.len(), || {
        let v: SResponse = serde_json::from_slice(black_box(&serde_bytes)).unwrap();
        black_box(v);
    });
    let json_r = bench("Json.NET reader: read", json_bytes.len(), || {
        black_box(json::read(black_box(&json_text), schema, &options));
    });
    let xml_r = bench("DataContract reader: read", xml_bytes.len(), || {
        black_box(xml::read(black_box(&xml_text), schema, &options));
    });

    println!();
    println!(
        "JSON writer throughput vs serde_json: {:.0}% (target >= 70%)",
        100.0 * json_w.mbps() / serde_w.mbps()
    );
    println!(
        "XML writer time vs JSON writer time: {:.2}x (target <= 2x)",
        xml_w.per_op.as_secs_f64() / json_w.per_op.as_secs_f64()
    );
    println!(
        "JSON reader throughput vs serde_json read: {:.0}% ; XML reader {:.1} MB/s",
        100.0 * json_r.mbps() / serde_r.mbps(),
        xml_r.mbps()
    );
}
