//! Lookups by id: the direct slot for dense ids and the binary search for everything else must
//! find exactly the records a plain search finds, and nothing that is not there.

use super::Dataset;
use crate::dataset::{Client, DatasetParts};

/// A dataset of clients with these ids (operator 1), nothing else.
fn with_clients(ids: &[i32]) -> Dataset {
    let mut parts = Dataset::default().to_parts();
    parts.clients = ids.iter().map(|&id| Client { id, operator: 1 }).collect();
    Dataset::from_parts_unchecked(parts)
}

/// Every id near one of the dataset's ids (and a few far away) resolves as a linear search
/// says.
fn agrees_with_a_linear_search(dataset: &Dataset) {
    let mut probes = vec![i32::MIN, -1, 0, 1, i32::MAX];
    for client in dataset.clients() {
        probes.extend((-3..=3).map(|d| client.id.saturating_add(d)));
    }
    for id in probes {
        let expected = dataset.clients().iter().find(|c| c.id == id);
        assert_eq!(dataset.client(id), expected, "client {id}");
        assert_eq!(
            dataset.client_records(id).map(|r| r.client),
            expected,
            "records of {id}"
        );
    }
}

#[test]
fn dense_sparse_negative_and_empty_ids_resolve_exactly() {
    agrees_with_a_linear_search(&with_clients(&[1, 2, 3, 4, 5]));
    agrees_with_a_linear_search(&with_clients(&[3, 4, 5, 6]));
    agrees_with_a_linear_search(&with_clients(&[1, 2, 4, 8, 9, 30]));
    agrees_with_a_linear_search(&with_clients(&[-7, -3, 0, 2, 3]));
    agrees_with_a_linear_search(&with_clients(&[i32::MIN, 0, i32::MAX]));
    agrees_with_a_linear_search(&with_clients(&[]));
    assert_eq!(with_clients(&[i32::MAX]).client(i32::MIN), None);
}

#[test]
fn client_records_are_the_client_entries_and_purchases() {
    let dataset = Dataset::generate(300, 11);
    for client in dataset.clients() {
        let records = dataset.client_records(client.id).expect("present");
        assert_eq!(records.client, client);
        assert_eq!(records.entries, dataset.client_entries(client.id));
        assert_eq!(records.purchases, dataset.client_purchases(client.id));
    }
    let DatasetParts { goods, .. } = dataset.to_parts();
    for item in &goods {
        assert_eq!(dataset.goods_item(item.id), Some(item));
    }
    assert_eq!(dataset.goods_item(-1), None);
    assert!(dataset.client_records(0).is_none());
}
