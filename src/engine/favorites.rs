//! Entries and chosen goods: `ClientFavorites` (+ `TotalRows*`), the selected entry's
//! `ListFavorites` and `*LinkGoods`, `GroupFavorites`, `CountOffer` and `CountConfirm`.

use super::period::Page;
use super::visibility::Confirmation;
use super::{Scope, count};
use crate::dataset::Entry;
use crate::model::{ClientFavoriteRow, GroupFavoriteRow, ListFavoriteRow, Request, Response};

pub(crate) fn fill(response: &mut Response, request: &Request, scope: &Scope<'_>, page: Page) {
    let in_period = &scope.entries[scope.period.range(scope.entries, |e| e.proc_time)];

    // ClientFavorites: newest first, narrowed by the two filters, then paged.
    let matches = |e: &&Entry| {
        request.client_favorite_id.is_none_or(|id| e.id == id)
            && request.list_data_id.is_none_or(|goods| {
                Confirmation::links(e, scope.as_of)
                    .iter()
                    .any(|l| l.list_data_id == goods)
            })
    };
    let total = in_period.iter().rev().filter(matches).count();
    let rows: Vec<ClientFavoriteRow> = page
        .apply(in_period.iter().rev().filter(matches))
        .map(|e| row(e, scope))
        .collect();
    response.total_rows = count(total);
    response.total_rows_select = count(rows.len());
    response.client_favorites = Some(rows);

    response.count_offer = count(in_period.len());
    response.count_confirm = count(
        in_period
            .iter()
            .filter(|e| Confirmation::at(e, scope.as_of).confirm)
            .count(),
    );
    response.group_favorites = Some(groups(in_period, scope));

    let list = selected(request, scope).map_or_else(Vec::new, |e| links(e, scope));
    let now = list.iter().filter(|l| !l.no_active).count();
    response.max_link_goods = scope.operator.max_link_goods;
    response.now_link_goods = count(now);
    response.remain_link_goods = scope
        .operator
        .max_link_goods
        .saturating_sub(response.now_link_goods)
        .max(0);
    response.list_favorites = Some(list);
}

fn row(entry: &Entry, scope: &Scope<'_>) -> ClientFavoriteRow {
    let c = Confirmation::at(entry, scope.as_of);
    ClientFavoriteRow {
        id: entry.id,
        proc_time: scope.date(entry.proc_time),
        confirm_date_end: entry.confirm_date_end.map(|d| scope.date(d)),
        confirm: c.confirm,
        proc_time_confirm: c.proc_time_confirm.map(|d| scope.date(d)),
        action_date_end: c.action_date_end.map(|d| scope.date(d)),
        no_active: entry.no_active,
    }
}

/// The entry `ClientFavoriteId`, or else the newest active one (filters and paging aside).
fn selected<'d>(request: &Request, scope: &Scope<'d>) -> Option<&'d Entry> {
    match request.client_favorite_id {
        Some(id) => scope.entries.iter().find(|e| e.id == id),
        None => scope.entries.iter().rev().find(|e| !e.no_active),
    }
}

fn links(entry: &Entry, scope: &Scope<'_>) -> Vec<ListFavoriteRow> {
    Confirmation::links(entry, scope.as_of)
        .iter()
        .map(|link| {
            let goods = scope.dataset.goods_item(link.list_data_id);
            ListFavoriteRow {
                id: link.id,
                list_data_id: link.list_data_id,
                url_image: goods.and_then(|g| g.url_image.clone()),
                name: goods.map(|g| g.name.clone()),
                code: goods.map(|g| g.code.clone()),
                no_active: link.no_active || entry.no_active,
            }
        })
        .collect()
}

/// One row per goods item linked (actively or not) by an entry of the period: how many entries
/// link it; most chosen first, then by id.
fn groups(entries: &[Entry], scope: &Scope<'_>) -> Vec<GroupFavoriteRow> {
    // (goods, entry index) pairs, deduplicated so an entry counts once per goods item.
    let mut pairs: Vec<(i32, usize)> = entries
        .iter()
        .enumerate()
        .flat_map(|(n, e)| {
            Confirmation::links(e, scope.as_of)
                .iter()
                .map(move |l| (l.list_data_id, n))
        })
        .collect();
    pairs.sort_unstable();
    pairs.dedup();
    let mut rows: Vec<GroupFavoriteRow> = Vec::new();
    for (goods, _) in pairs {
        match rows.last_mut() {
            Some(last) if last.id == goods => last.count_select += 1,
            _ => rows.push(GroupFavoriteRow {
                id: goods,
                name: scope.dataset.goods_item(goods).map(|g| g.name.clone()),
                count_select: 1,
            }),
        }
    }
    rows.sort_by(|a, b| b.count_select.cmp(&a.count_select).then(a.id.cmp(&b.id)));
    rows
}
