//! Indexing, generation, writing and the embedded default.

use super::super::{Dataset, DatasetParts, Entry};
use super::BASE;
use std::path::Path;

#[test]
fn records_are_indexed_per_client_in_time_order() {
    let dataset = Dataset::from_json("data.json", BASE).unwrap();
    let ids = |client| {
        dataset
            .client_entries(client)
            .iter()
            .map(|e| e.id)
            .collect::<Vec<_>>()
    };
    assert_eq!(ids(10), [1]);
    assert_eq!(ids(20), [2]);
    assert!(ids(99).is_empty());
    assert_eq!(dataset.client_purchases(20)[0].amount.to_string(), "99.90");
    assert_eq!(dataset.client(20).map(|c| c.operator), Some(2));
    assert_eq!(
        dataset.goods_item(102).map(|g| g.name.as_str()),
        Some("Хлеб")
    );
    assert_eq!(dataset.operator(3), None);
}

#[test]
fn unsorted_input_is_sorted_on_load() {
    let mut parts = Dataset::generate(30, 11).to_parts();
    parts.entries.reverse();
    parts.purchases.reverse();
    parts.clients.reverse();
    for entry in &mut parts.entries {
        entry.links.reverse();
    }
    let dataset = Dataset::from_parts(parts).unwrap();
    assert_eq!(dataset, Dataset::generate(30, 11));
    for client in dataset.clients() {
        let entries = dataset.client_entries(client.id);
        assert!(entries.iter().all(|e| e.client == client.id));
        assert!(entries.is_sorted_by_key(|e| (e.proc_time, e.id)));
        let purchases = dataset.client_purchases(client.id);
        assert!(purchases.is_sorted_by_key(|p| (p.proc_time, p.id)));
    }
}

#[test]
fn generation_is_deterministic_and_valid() {
    for seed in [0, 1, 42, u64::MAX] {
        let dataset = Dataset::generate(60, seed);
        assert_eq!(dataset, Dataset::generate(60, seed));
        let parts: DatasetParts = dataset.to_parts();
        assert_eq!(Dataset::from_parts(parts).unwrap(), dataset);
    }
    assert_ne!(Dataset::generate(60, 1), Dataset::generate(60, 2));
    let counts = Dataset::generate(1000, 1).counts();
    // About ten entries and twelve purchases per client.
    assert!((8_000..12_000).contains(&counts.entries), "{counts}");
    assert!((10_000..14_000).contains(&counts.purchases), "{counts}");
}

#[test]
fn generated_data_covers_every_state() {
    let dataset = Dataset::generate(300, 7);
    let as_of = dataset.as_of();
    let entries = dataset.entries();
    let max = |e: &Entry| {
        let client = dataset.client(e.client).unwrap();
        dataset.operator(client.operator).unwrap().max_link_goods as usize
    };
    type State<'a> = Box<dyn Fn(&Entry) -> bool + 'a>;
    let states: [(&str, State<'_>); 9] = [
        (
            "pending",
            Box::new(|e| {
                !e.confirm && e.confirm_date_end.is_some_and(|d| d > as_of) && e.proc_time <= as_of
            }),
        ),
        (
            "expired",
            Box::new(|e| !e.confirm && e.confirm_date_end.is_some_and(|d| d < as_of)),
        ),
        (
            "confirmed, no goods",
            Box::new(|e| e.confirm && e.links.is_empty()),
        ),
        (
            "confirmed, some goods",
            Box::new(|e| e.confirm && (1..max(e)).contains(&e.active_links().count())),
        ),
        (
            "confirmed, maximum",
            Box::new(|e| e.confirm && e.active_links().count() == max(e)),
        ),
        (
            "action ended",
            Box::new(|e| e.action_date_end.is_some_and(|d| d < as_of)),
        ),
        ("deactivated entry", Box::new(|e| e.no_active)),
        (
            "deactivated link",
            Box::new(|e| e.links.iter().any(|l| l.no_active)),
        ),
        ("offered after as_of", Box::new(|e| e.proc_time > as_of)),
    ];
    for (name, state) in &states {
        assert!(entries.iter().any(state), "no entry is {name}");
    }
    assert!(dataset.purchases().iter().any(|p| p.proc_time > as_of));
    assert!(
        dataset
            .clients()
            .iter()
            .any(|c| dataset.client_entries(c.id).is_empty())
    );
    assert!(dataset.operators().iter().any(|o| o.time_zone.is_some()));
}

#[test]
fn write_then_load_gives_the_same_dataset() {
    let scratch = tempfile::tempdir().unwrap();
    for dataset in [
        Dataset::generate(80, 5),
        Dataset::embedded_default(),
        Dataset::from_json("data.json", BASE).unwrap(),
    ] {
        dataset.write(scratch.path()).unwrap();
        let again = Dataset::load(scratch.path()).unwrap();
        assert_eq!(again, dataset);
        // Decimal equality is numeric: check that the scale survived too.
        let scales = |d: &Dataset| {
            d.purchases()
                .iter()
                .map(|p| p.amount.scale())
                .collect::<Vec<_>>()
        };
        assert_eq!(scales(&again), scales(&dataset));
    }
}

#[test]
fn the_embedded_default_is_the_committed_folder() {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("contracts/datasets/default");
    let dataset = Dataset::embedded_default();
    assert_eq!(Dataset::load(&folder).unwrap(), dataset);
    assert_eq!(dataset.default_operator(), 1);
    assert_eq!(dataset.as_of().to_string(), "2026-05-07 11:27:39.507");
    assert!(dataset.clients().len() >= 30);
    assert!(dataset.operators().len() >= 3);
}
