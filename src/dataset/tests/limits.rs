//! Reading limits and encodings: the size limit is checked before anything is read, a UTF-8
//! byte-order mark is accepted, and an out-of-range number is quoted whole.

use super::{BASE, edited, error_of};
use crate::dataset::{Dataset, DatasetError};

#[test]
fn a_dataset_over_the_size_limit_is_refused_before_reading() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("data.json");
    std::fs::write(&file, BASE).unwrap();
    let size = BASE.len() as u64;
    assert!(Dataset::load_limited(&file, size).is_ok());
    let err = Dataset::load_limited(&file, size - 1).unwrap_err();
    assert!(matches!(err, DatasetError::TooLarge { .. }), "{err}");
    let message = err
        .to_string()
        .replace(&dir.path().display().to_string(), "DIR");
    assert_eq!(
        message,
        format!(
            "dataset file DIR/data.json makes the dataset larger than its limit of {} bytes \
             (--max-dataset-bytes); found {size} bytes in the files up to this one",
            size - 1
        )
    );
    // A folder's files count together.
    std::fs::write(dir.path().join("more.json"), "{}").unwrap();
    assert!(matches!(
        Dataset::load_limited(dir.path(), size + 1),
        Err(DatasetError::TooLarge { .. })
    ));
    assert!(Dataset::load_limited(dir.path(), size + 2).is_ok());
}

#[cfg(unix)]
#[test]
fn a_file_without_a_size_is_cut_at_the_limit_while_reading() {
    // A character device reports size 0 and never ends: reading must stop at the limit.
    let err = Dataset::load_limited(std::path::Path::new("/dev/zero"), 4096).unwrap_err();
    assert!(
        err.to_string()
            .ends_with("found more bytes while reading it"),
        "{err}"
    );
}

#[test]
fn a_utf8_byte_order_mark_is_accepted() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("data.json");
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend_from_slice(BASE.as_bytes());
    std::fs::write(&file, bytes).unwrap();
    assert_eq!(
        Dataset::load(&file).unwrap(),
        Dataset::from_json("data.json", BASE).unwrap()
    );
}

#[test]
fn a_number_out_of_range_is_reported_as_written() {
    let text = edited(&[(
        r#"{"id": 10, "operator": 1}"#,
        r#"{"id": 1e400, "operator": 1}"#,
    )]);
    insta::assert_snapshot!(error_of(&text), @r"
    invalid dataset: 1 problem
      data.json:10: $.clients[0].id: expected a number within the range of a 64-bit float, found `1e400`
    ");
}
