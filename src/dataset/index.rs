//! Indexes that make a request cost the same with 100 or 1,000,000 entries: everything sorted
//! by id (binary search), each client's entries and purchases contiguous and sorted by time.

use super::records::{Client, Entry, Operator, Purchase};
use super::{Dataset, DatasetParts};
use std::ops::Range;

/// Where one client's records are, parallel to the sorted clients.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Span {
    pub(crate) entries: Range<usize>,
    pub(crate) purchases: Range<usize>,
}

fn sort_if_needed<T>(items: &mut [T], key: impl Fn(&T, &T) -> std::cmp::Ordering) {
    // Files written by `Dataset::write` are already in order: check in O(n) before sorting.
    if !items.is_sorted_by(|a, b| key(a, b).is_le()) {
        items.sort_unstable_by(key);
    }
}

/// Put the parts in index order and compute the client spans. Never fails: references that do
/// not resolve (possible only for unvalidated parts) are simply unreachable.
pub(crate) fn build(mut parts: DatasetParts) -> Dataset {
    sort_if_needed(&mut parts.operators, |a, b| a.id.cmp(&b.id));
    for operator in &mut parts.operators {
        tidy_operator(operator);
    }
    sort_if_needed(&mut parts.clients, |a, b| a.id.cmp(&b.id));
    sort_if_needed(&mut parts.goods, |a, b| a.id.cmp(&b.id));
    sort_if_needed(&mut parts.entries, |a, b| {
        (a.client, a.proc_time, a.id).cmp(&(b.client, b.proc_time, b.id))
    });
    for entry in &mut parts.entries {
        sort_if_needed(&mut entry.links, |a, b| a.id.cmp(&b.id));
    }
    sort_if_needed(&mut parts.purchases, |a, b| {
        (a.client, a.proc_time, a.id).cmp(&(b.client, b.proc_time, b.id))
    });
    let entry_spans = spans(&parts.clients, &parts.entries, |e: &Entry| e.client);
    let purchase_spans = spans(&parts.clients, &parts.purchases, |p: &Purchase| p.client);
    let spans = entry_spans
        .into_iter()
        .zip(purchase_spans)
        .map(|(entries, purchases)| Span { entries, purchases })
        .collect();
    Dataset {
        as_of: parts.as_of,
        time_zone: parts.time_zone,
        default_operator: parts.default_operator,
        operators: parts.operators,
        clients: parts.clients,
        spans,
        goods: parts.goods,
        entries: parts.entries,
        purchases: parts.purchases,
    }
}

fn tidy_operator(operator: &mut Operator) {
    sort_if_needed(&mut operator.tokens, i64::cmp);
    sort_if_needed(&mut operator.site_codes, String::cmp);
}

/// For each client (sorted by id), the range of `records` (sorted by client) that are its own.
fn spans<T>(clients: &[Client], records: &[T], client_of: impl Fn(&T) -> i32) -> Vec<Range<usize>> {
    let mut out = Vec::with_capacity(clients.len());
    let mut at = 0;
    for client in clients {
        // Skip records of unknown clients that sort before this one.
        while at < records.len() && client_of(&records[at]) < client.id {
            at += 1;
        }
        let start = at;
        while at < records.len() && client_of(&records[at]) == client.id {
            at += 1;
        }
        out.push(start..at);
    }
    out
}
