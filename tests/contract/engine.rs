use favorite_contract::dataset::Dataset;
use favorite_contract::engine::{Context, Settings, respond};
use favorite_contract::model::Request;

#[test]
fn scratch_print() {
    let d = Dataset::embedded_default();
    for c in d.clients() {
        let r = respond(
            &Request {
                client: c.id,
                operator: c.operator,
                ..Request::default()
            },
            &d,
            &Settings::default(),
            &Context::default(),
        );
        println!(
            "{} op{} err{} rows{}/{} max{} now{} rem{} rc{} rg{} reg{} off{} conf{} cp{} sg{} af{} aa{} lf{:?} gf{:?}",
            c.id,
            c.operator,
            r.error_code,
            r.total_rows,
            r.total_rows_select,
            r.max_link_goods,
            r.now_link_goods,
            r.remain_link_goods,
            r.remain_count_purchases,
            r.remain_gain,
            r.remain_every_gain,
            r.count_offer,
            r.count_confirm,
            r.count_purchases,
            r.sum_gain,
            r.avg_favorite,
            r.avg_all,
            r.list_favorites
                .as_ref()
                .unwrap()
                .iter()
                .map(|l| (l.list_data_id, l.no_active))
                .collect::<Vec<_>>(),
            r.group_favorites
                .as_ref()
                .unwrap()
                .iter()
                .map(|g| (g.id, g.count_select))
                .collect::<Vec<_>>()
        );
    }
}
