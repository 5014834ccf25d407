//! Unit tests of dataset loading, validation, indexing, generation and writing.

mod format;
mod limits;
mod lookup;
mod roundtrip;
mod validation;

use super::Dataset;

/// A small valid single-file dataset; line numbers matter to the validation snapshots.
pub(super) const BASE: &str = r#"{
  "as_of": "2026-05-07T11:27:39.507",
  "time_zone": "+03:00",
  "default_operator": 1,
  "operators": [
    {"id": 1, "name": "Победа", "max_link_goods": 2, "required_purchases": 5, "required_gain": 5000.00, "required_every_gain": 500.00, "tokens": [1234567], "site_codes": ["{type:1}{oper:1}"]},
    {"id": 2, "name": "Здоровье", "max_link_goods": 5, "required_purchases": 3, "required_gain": "3000.00", "required_every_gain": "300.00"}
  ],
  "clients": [
    {"id": 10, "operator": 1},
    {"id": 20, "operator": 2}
  ],
  "goods": [
    {"id": 101, "operator": 1, "code": "A-101", "name": "Молоко", "url_image": null},
    {"id": 102, "operator": 1, "code": "A-102", "name": "Хлеб"},
    {"id": 201, "operator": 2, "code": "B-201", "name": "Аспирин"}
  ],
  "entries": [
    {"id": 1, "client": 10, "proc_time": "2026-01-10T10:00:00", "confirm_date_end": "2026-01-24T23:59:59.997", "confirm": true, "proc_time_confirm": "2026-01-11T10:00:00", "links": [{"id": 11, "list_data_id": 101}, {"id": 12, "list_data_id": 102, "no_active": true}]},
    {"id": 2, "client": 20, "proc_time": "2026-02-10T10:00:00", "confirm": false}
  ],
  "purchases": [
    {"id": 1, "client": 10, "proc_time": "2026-02-01T12:00:00", "amount": 1250.50, "goods": [101]},
    {"id": 2, "client": 20, "proc_time": "2026-02-02T12:00:00", "amount": "99.90"}
  ]
}
"#;

/// `BASE` with each `(from, to)` replacement applied once (each `from` must occur).
pub(super) fn edited(edits: &[(&str, &str)]) -> String {
    let mut text = BASE.to_owned();
    for (from, to) in edits {
        assert!(text.contains(from), "fixture edit target not found: {from}");
        text = text.replacen(from, to, 1);
    }
    text
}

/// The error message of loading `text` as `data.json`.
pub(super) fn error_of(text: &str) -> String {
    match Dataset::from_json("data.json", text) {
        Ok(_) => panic!("expected the dataset to be rejected"),
        Err(err) => err.to_string(),
    }
}
