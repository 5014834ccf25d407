//! Deterministic synthetic datasets for property tests and load benchmarks.
//!
//! Three operators (one with its own time zone), forty goods each, clients spread over them with
//! about ten entries each in every state (pending, expired, confirmed with none / some / the
//! maximum of goods, action ended, deactivated entries and links), about twelve purchases each
//! (some with favourite goods), and a few events after `as_of` that the engine must ignore.
//! The output is a function of `(clients, seed)` only.

use super::DatasetParts;
use super::records::{Client, Entry, Goods, Link, Operator, Purchase};
use crate::model::{MOSCOW, Zone};
use chrono::{Duration, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime};
use rust_decimal::Decimal;

/// Goods per operator.
const GOODS_PER_OPERATOR: i32 = 40;
/// Entries per client are drawn from `0..=MAX_ENTRIES` (mean 10).
const MAX_ENTRIES: u64 = 20;
/// Purchases per client are drawn from `0..=MAX_PURCHASES` (mean 12).
const MAX_PURCHASES: u64 = 24;

const NAMES: [&str; 20] = [
    "Молоко «Простоквашино» 3,2% 930 мл",
    "Хлеб «Бородинский» нарезка 400 г",
    "Сыр «Российский» 50% 200 г",
    "Кефир «Домик в деревне» 2,5% 1 л",
    "Кофе «Жокей» молотый 250 г",
    "Чай «Майский» чёрный 100 пакетиков",
    "Шоколад «Алёнка» молочный 100 г",
    "Гречка «Мистраль» ядрица 900 г",
    "Масло сливочное «Вологодское» 82,5% 180 г",
    "Яйца куриные С1 10 шт",
    "Сметана «Простоквашино» 20% 300 г",
    "Пельмени «Сибирская коллекция» 700 г",
    "Йогурт «Чудо» персик 2,4% 270 г",
    "Макароны «Макфа» спагетти 450 г",
    "Сок «Добрый» яблоко 1 л",
    "Вода «Святой источник» 1,5 л",
    "Творог «Савушкин» 5% 300 г",
    "Колбаса «Докторская» 400 г",
    "Мёд «Башкирский» 500 г",
    "Печенье «Юбилейное» 112 г",
];

/// SplitMix64: tiny, fast, and stable across platforms and crate versions.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in `0..=max`.
    fn upto(&mut self, max: u64) -> u64 {
        self.next() % (max + 1)
    }
    /// True with probability `percent`/100.
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
    /// A duration of up to `max_minutes`, with SQL `datetime`-like milliseconds (…0, …3, …7).
    fn minutes(&mut self, max_minutes: u64) -> Duration {
        let millis = (self.upto(299) * 10 + 1) / 3;
        Duration::minutes(self.upto(max_minutes) as i64)
            + Duration::seconds(self.upto(59) as i64)
            + Duration::milliseconds(millis as i64)
    }
}

/// The `as_of` of generated datasets.
pub(crate) fn as_of() -> NaiveDateTime {
    let date = NaiveDate::from_ymd_opt(2026, 5, 7).unwrap_or_default();
    let time = NaiveTime::from_hms_milli_opt(11, 27, 39, 507).unwrap_or_default();
    date.and_time(time)
}

fn operators() -> Vec<Operator> {
    let op = |id: i16, name: &str, max, purchases, gain: i64, every: i64, zone| Operator {
        id,
        name: name.to_owned(),
        max_link_goods: max,
        required_purchases: purchases,
        required_gain: Decimal::new(gain, 2),
        required_every_gain: Decimal::new(every, 2),
        tokens: (1..=3).map(|n| i64::from(id) * 1_000_000 + n).collect(),
        site_codes: vec![format!(
            "{{type:1}}{{oper:{id}}}{{part:1}}{{pcode:gen{id}}}{{tok:{}}}",
            i64::from(id) * 1_000_000 + 1
        )],
        time_zone: zone,
    };
    vec![
        op(1, "Победа", 3, 5, 500_000, 50_000, None),
        op(2, "Магнолия", 5, 3, 300_000, 30_000, None),
        op(
            3,
            "Уральский дом",
            1,
            10,
            1_000_000,
            100_000,
            FixedOffset::east_opt(5 * 3600).map(Zone::Fixed),
        ),
    ]
}

fn goods_id(operator: i16, n: i32) -> i32 {
    i32::from(operator) * 1000 + n
}

/// A notional shelf price (not part of the format), so cheque totals look like real ones.
fn price(goods: i32) -> Decimal {
    Decimal::new(4_990 + i64::from(goods % 97) * 3_100, 2)
}

fn goods(operators: &[Operator]) -> Vec<Goods> {
    let mut out = Vec::new();
    for op in operators {
        for n in 1..=GOODS_PER_OPERATOR {
            let id = goods_id(op.id, n);
            out.push(Goods {
                id,
                operator: op.id,
                code: format!("{:02}-{:05}", op.id, id),
                name: NAMES[(n as usize - 1) % NAMES.len()].to_owned(),
                url_image: (n % 10 != 0).then(|| format!("https://cdn.example.ru/goods/{id}.jpg")),
            });
        }
    }
    out
}

pub(crate) fn parts(clients: u32, seed: u64) -> DatasetParts {
    let operators = operators();
    let goods = goods(&operators);
    let mut maker = Generator {
        rng: Rng(seed),
        as_of: as_of(),
        entries: Vec::new(),
        purchases: Vec::new(),
        next_link: 1,
    };
    let mut client_list = Vec::with_capacity(clients as usize);
    for id in 1..=i32::try_from(clients).unwrap_or(i32::MAX) {
        let roll = maker.rng.upto(9);
        let op = &operators[if roll < 5 {
            0
        } else if roll < 8 {
            1
        } else {
            2
        }];
        client_list.push(Client {
            id,
            operator: op.id,
        });
        maker.client(id, op);
    }
    DatasetParts {
        as_of: maker.as_of,
        time_zone: Zone::Fixed(MOSCOW),
        default_operator: 1,
        operators,
        clients: client_list,
        goods,
        entries: maker.entries,
        purchases: maker.purchases,
    }
}

struct Generator {
    rng: Rng,
    as_of: NaiveDateTime,
    entries: Vec<Entry>,
    purchases: Vec<Purchase>,
    next_link: i32,
}

impl Generator {
    fn client(&mut self, client: i32, op: &Operator) {
        let first = self.as_of - Duration::days(30 + self.rng.upto(700) as i64);
        let span = (self.as_of - first).num_minutes().max(1) as u64;
        // About 2% of events fall after as_of: the engine must not see them.
        let horizon = span + span / 50;
        let count = self.rng.upto(MAX_ENTRIES);
        let mut offers: Vec<NaiveDateTime> = (0..count)
            .map(|_| first + self.rng.minutes(horizon))
            .collect();
        offers.sort_unstable();
        let mut favourites = Vec::new();
        for (n, &time) in offers.iter().enumerate() {
            let entry = self.entry(client, op, time, n + 1 == offers.len());
            favourites.extend(entry.active_links().map(|l| l.list_data_id));
            self.entries.push(entry);
        }
        let purchases = self.rng.upto(MAX_PURCHASES);
        let mut times: Vec<NaiveDateTime> = (0..purchases)
            .map(|_| first + self.rng.minutes(horizon))
            .collect();
        times.sort_unstable();
        for time in times {
            self.purchase(client, op, time, &favourites);
        }
    }

    fn entry(&mut self, client: i32, op: &Operator, proc_time: NaiveDateTime, last: bool) -> Entry {
        let id = i32::try_from(self.entries.len() + 1).unwrap_or(i32::MAX);
        let confirm_date_end = proc_time + Duration::days(14);
        // Older entries are mostly settled; the newest one takes any state.
        let confirm = self.rng.chance(if last { 50 } else { 60 });
        let no_active = !last && self.rng.chance(70) || last && self.rng.chance(10);
        let (proc_time_confirm, action_date_end) = if confirm {
            let at = proc_time + self.rng.minutes(13 * 24 * 60);
            let end =
                (!self.rng.chance(10)).then(|| at + Duration::days(30 + self.rng.upto(90) as i64));
            (Some(at), end)
        } else {
            (None, None)
        };
        let mut links = Vec::new();
        if confirm {
            let wanted = self.rng.upto(u64::try_from(op.max_link_goods).unwrap_or(0));
            let mut picked: Vec<i32> = Vec::new();
            while (picked.len() as u64) < wanted {
                let goods = goods_id(
                    op.id,
                    1 + self.rng.upto(GOODS_PER_OPERATOR as u64 - 1) as i32,
                );
                if !picked.contains(&goods) {
                    picked.push(goods);
                }
            }
            if self.rng.chance(20) {
                // A replaced choice: deactivated links do not count against the maximum.
                picked.push(goods_id(
                    op.id,
                    1 + self.rng.upto(GOODS_PER_OPERATOR as u64 - 1) as i32,
                ));
            }
            let active = wanted as usize;
            for (n, list_data_id) in picked.into_iter().enumerate() {
                links.push(Link {
                    id: self.next_link,
                    list_data_id,
                    no_active: n >= active,
                });
                self.next_link += 1;
            }
        }
        Entry {
            id,
            client,
            proc_time,
            confirm_date_end: Some(confirm_date_end),
            confirm,
            proc_time_confirm,
            action_date_end,
            no_active,
            links,
        }
    }

    fn purchase(
        &mut self,
        client: i32,
        op: &Operator,
        proc_time: NaiveDateTime,
        favourites: &[i32],
    ) {
        let mut goods = Vec::new();
        for _ in 0..=self.rng.upto(4) {
            goods.push(goods_id(
                op.id,
                1 + self.rng.upto(GOODS_PER_OPERATOR as u64 - 1) as i32,
            ));
        }
        if !favourites.is_empty() && self.rng.chance(30) {
            goods.push(favourites[self.rng.upto(favourites.len() as u64 - 1) as usize]);
        }
        // Items outside the goods list (bread, bags…) add to the cheque too.
        let extra = Decimal::new(self.rng.upto(200_000) as i64, 2);
        let amount = goods.iter().map(|&g| price(g)).sum::<Decimal>() + extra;
        self.purchases.push(Purchase {
            id: self.purchases.len() as i64 + 1,
            client,
            proc_time,
            amount,
            goods,
        });
    }
}
