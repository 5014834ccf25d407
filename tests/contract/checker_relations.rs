//! The checker flags no correct answer: every answer of the reference engine — for every client
//! of the embedded dataset and of generated ones, under the request shapes that bring the list
//! relations into play — passes every invariant and relation, and each relation's premise is
//! met often enough that the pass means something.
//! Source: contracts/reference/domain.md#list-relations ("holds for any correct implementation").

use chrono::Duration;
use favorite_contract::rules::check_invariants;
use favorite_contract::{Dataset, EngineContext as Context, EngineSettings as Settings, respond};
use favorite_contract::{NetDateTime, Profile, Request, Response};

/// How often each relation's premise held over a dataset's answers.
#[derive(Debug, Default)]
struct Premises {
    answers: usize,
    /// No period and ListFavorites rows: goods-in-groups, proven GroupFavorites.
    selected_without_period: usize,
    /// The ClientFavoriteId row returned.
    entry_row: usize,
    /// A deactivated ClientFavoriteId row with links.
    deactivated_entry: usize,
    /// ListDataId returning rows: TotalRows = CountSelect.
    goods_rows: usize,
    /// Both filters returning the entry.
    both_filters: usize,
    /// The whole period on the page, no filter, no period.
    whole_list: usize,
    /// No period and favourite purchases.
    purchases_without_period: usize,
}

fn day_around(wall: chrono::NaiveDateTime, days: i64) -> NetDateTime {
    NetDateTime::unspecified(wall + Duration::days(days))
}

/// The request shapes for one client: plain, paged, narrowed by each of its first entries (with
/// and without a period around it), by the goods those link, and by both.
fn requests(dataset: &Dataset, client: i32, operator: i16) -> Vec<Request> {
    let base = Request {
        client,
        operator,
        ..Request::default()
    };
    let mut out = vec![
        base.clone(),
        Request {
            start: Some(2),
            length: Some(2),
            ..base.clone()
        },
    ];
    for entry in dataset.client_entries(client).iter().rev().take(4) {
        let around = Request {
            beg_date: Some(day_around(entry.proc_time, -3)),
            end_date: Some(day_around(entry.proc_time, 3)),
            ..base.clone()
        };
        out.push(around.clone());
        for period in [&base, &around] {
            let by_entry = Request {
                client_favorite_id: Some(entry.id),
                ..period.clone()
            };
            out.push(by_entry.clone());
            for link in entry.links.iter().take(2) {
                out.push(Request {
                    list_data_id: Some(link.list_data_id),
                    ..period.clone()
                });
                out.push(Request {
                    list_data_id: Some(link.list_data_id),
                    ..by_entry.clone()
                });
            }
        }
    }
    out
}

fn count(premises: &mut Premises, request: &Request, r: &Response) {
    let no_period = request.beg_date.is_none() && request.end_date.is_none();
    let lf = r.list_favorites.as_deref().unwrap_or_default();
    let rows = r.client_favorites.as_deref().unwrap_or_default();
    let entry_row = request
        .client_favorite_id
        .and_then(|id| rows.iter().find(|row| row.id == id));
    premises.answers += 1;
    premises.selected_without_period += usize::from(no_period && !lf.is_empty());
    premises.entry_row += usize::from(entry_row.is_some());
    premises.deactivated_entry +=
        usize::from(entry_row.is_some_and(|row| row.no_active) && !lf.is_empty());
    premises.goods_rows += usize::from(request.list_data_id.is_some() && r.total_rows > 0);
    premises.both_filters += usize::from(
        request.list_data_id.is_some() && request.client_favorite_id.is_some() && r.total_rows > 0,
    );
    premises.whole_list += usize::from(
        no_period
            && request.client_favorite_id.is_none()
            && request.list_data_id.is_none()
            && usize::try_from(r.total_rows).ok() == Some(rows.len()),
    );
    premises.purchases_without_period += usize::from(no_period && r.count_purchases > 0);
}

fn check_dataset(dataset: &Dataset) -> Premises {
    let mut premises = Premises::default();
    for client in dataset.clients() {
        let Some(operator) = dataset.operator(client.operator) else {
            continue;
        };
        let profile = Profile {
            time_zone: operator.time_zone.unwrap_or(dataset.time_zone()),
            ..Profile::default()
        };
        for request in requests(dataset, client.id, client.operator) {
            let r = respond(&request, dataset, &Settings::default(), &Context::default());
            let found = check_invariants(Some(&request), &r, &profile);
            assert!(found.is_empty(), "{request:?}\n{r:?}\n{found:#?}");
            // An entry offered after `as_of` is error 6: nothing to relate.
            if r.error_code == 0 {
                count(&mut premises, &request, &r);
            }
        }
    }
    premises
}

#[test]
fn no_invariant_or_relation_flags_the_engine_on_the_embedded_dataset() {
    let p = check_dataset(&Dataset::embedded_default());
    assert!(p.answers > 300, "{p:?}");
    for (premise, n) in [
        ("selected_without_period", p.selected_without_period),
        ("entry_row", p.entry_row),
        ("deactivated_entry", p.deactivated_entry),
        ("goods_rows", p.goods_rows),
        ("both_filters", p.both_filters),
        ("whole_list", p.whole_list),
        ("purchases_without_period", p.purchases_without_period),
    ] {
        assert!(n >= 3, "premise {premise} met {n} times: {p:?}");
    }
}

#[test]
fn no_invariant_or_relation_flags_the_engine_on_generated_datasets() {
    for seed in 0..3 {
        let p = check_dataset(&Dataset::generate(150, seed));
        assert!(p.answers > 2000, "{p:?}");
        assert!(p.selected_without_period > 50, "{p:?}");
        assert!(p.goods_rows > 100 && p.both_filters > 50, "{p:?}");
        assert!(p.entry_row > 100 && p.whole_list > 50, "{p:?}");
    }
}
