//! Every loading rule rejects with file, line, JSON path, expected and found; all problems are
//! reported, up to the cap.

use super::super::{Dataset, DatasetError, MAX_PROBLEMS, ProblemKind};
use super::{BASE, edited, error_of};

#[test]
fn the_base_fixture_is_valid() {
    let dataset = Dataset::from_json("data.json", BASE).unwrap();
    insta::assert_snapshot!(dataset.counts(), @"2 operators, 2 clients, 3 goods, 2 entries (2 links), 2 purchases");
}

#[test]
fn a_syntax_error_names_line_path_and_the_offending_character() {
    let text = edited(&[(
        "{\"id\": 20, \"operator\": 2}",
        "{\"id\": 20, \"operator\": 2,}",
    )]);
    insta::assert_snapshot!(error_of(&text), @r"
        invalid dataset: 1 problem
          data.json:11: $.clients[1]: expected a value after the comma, found `}`
        ");
}

#[test]
fn a_truncated_file_reports_the_end_of_file() {
    insta::assert_snapshot!(error_of(&BASE[..BASE.find("\"goods\"").unwrap()]), @r"
        invalid dataset: 1 problem
          data.json:13: $.clients: expected the rest of a value, found end of file
        ");
}

#[test]
fn a_file_that_is_not_an_object_is_rejected() {
    insta::assert_snapshot!(error_of("[1, 2]"), @r"
        invalid dataset: 1 problem
          data.json:1: $: expected an object holding dataset keys (`as_of`, `operators`, `entries`…), found an array
        ");
    insta::assert_snapshot!(error_of("  "), @r"
        invalid dataset: 1 problem
          data.json:1: $: expected an object holding dataset keys (`as_of`, `operators`, `entries`…), found an empty file
        ");
}

/// Source: contracts/reference/domain.md#dataset-validation: "Loading rejects, with the file, the JSON path and what was
/// expected" — here for values of the wrong type or form, all reported at once.
#[test]
fn every_type_error_is_reported_not_just_the_first() {
    let text = edited(&[
        ("\"time_zone\": \"+03:00\"", "\"time_zone\": \"MSK\""),
        ("{\"id\": 2, \"name\"", "{\"id\": 70000, \"name\""),
        (
            "\"proc_time\": \"2026-01-10T10:00:00\"",
            "\"proc_time\": \"2026-01-10 10:00\"",
        ),
        ("\"confirm\": true", "\"confirm\": \"yes\""),
        (
            "{\"id\": 12, \"list_data_id\": 102",
            "{\"id\": 12, \"list_data_id\": \"102\"",
        ),
        ("\"confirm\": false}", "\"confirmed\": false}"),
        ("\"amount\": \"99.90\"", "\"amount\": 1e2"),
        ("{\"id\": 102, \"operator\": 1, ", "{\"id\": 102, "),
    ]);
    insta::assert_snapshot!(error_of(&text), @r#"
        invalid dataset: 8 problems
          data.json:3: $.time_zone: expected a UTC offset like +03:00 between -14:00 and +14:00, or an IANA time zone name like Europe/Moscow, found string "MSK"
          data.json:7: $.operators[1].id: expected i16, found integer `70000`
          data.json:15: $.goods[1].operator: expected field `operator`, found none
          data.json:19: $.entries[0].proc_time: expected a local date-time like 2026-05-07T11:27:39.507 (no offset, at most 7 fraction digits), found string "2026-01-10 10:00"
          data.json:19: $.entries[0].confirm: expected a boolean, found string "yes"
          data.json:19: $.entries[0].links[1].list_data_id: expected i32, found string "102"
          data.json:20: $.entries[1].confirmed: expected one of `id`, `client`, `proc_time`, `confirm_date_end`, `confirm`, `proc_time_confirm`, `action_date_end`, `no_active`, `links`, found field `confirmed`
          data.json:24: $.purchases[1].amount: expected a decimal number like 1250.50 (a JSON number or string, no exponent), found 1e2
        "#);
}

/// Source: contracts/reference/domain.md#dataset-validation: "Loading rejects … duplicate ids".
#[test]
fn duplicate_ids_are_rejected_per_kind() {
    let text = edited(&[
        (
            "{\"id\": 20, \"operator\": 2}",
            "{\"id\": 10, \"operator\": 2}",
        ),
        (
            "{\"id\": 102, \"operator\": 1",
            "{\"id\": 101, \"operator\": 1",
        ),
        ("{\"id\": 2, \"client\": 20", "{\"id\": 1, \"client\": 10"),
        (
            "{\"id\": 12, \"list_data_id\": 102",
            "{\"id\": 11, \"list_data_id\": 101",
        ),
        (
            "{\"id\": 2, \"client\": 20, \"proc_time\": \"2026-02-02",
            "{\"id\": 1, \"client\": 20, \"proc_time\": \"2026-02-02",
        ),
        ("{\"id\": 2, \"name\"", "{\"id\": 1, \"name\""),
    ]);
    insta::assert_snapshot!(error_of(&text), @r"
        invalid dataset: 9 problems
          data.json:7: $.operators[1].id: expected a unique operator id, found 1, already at $.operators[0].id
          data.json:11: $.clients[1].id: expected a unique client id, found 10, already at $.clients[0].id
          data.json:11: $.clients[1].operator: expected the id of an operator, found 2 (no such operator)
          data.json:15: $.goods[1].id: expected a unique goods id, found 101, already at $.goods[0].id
          data.json:16: $.goods[2].operator: expected the id of an operator, found 2 (no such operator)
          data.json:19: $.entries[0].links[1].id: expected a unique link id, found 11, already at $.entries[0].links[0].id
          data.json:20: $.entries[1].id: expected a unique entry id, found 1, already at $.entries[0].id
          data.json:24: $.purchases[1].id: expected a unique purchase id, found 1, already at $.purchases[0].id
          data.json:24: $.purchases[1].client: expected the id of a client, found 20 (no such client)
        ");
}

/// Source: contracts/reference/domain.md#dataset: "dangling references (client → operator, entry → client, link →
/// goods of the same operator, purchase → client)".
#[test]
fn dangling_references_are_rejected() {
    let text = edited(&[
        ("\"default_operator\": 1", "\"default_operator\": 9"),
        (
            "{\"id\": 20, \"operator\": 2}",
            "{\"id\": 20, \"operator\": 3}",
        ),
        (
            "{\"id\": 201, \"operator\": 2",
            "{\"id\": 201, \"operator\": 4",
        ),
        (
            "{\"id\": 2, \"client\": 20, \"proc_time\": \"2026-02-10",
            "{\"id\": 2, \"client\": 21, \"proc_time\": \"2026-02-10",
        ),
        (
            "{\"id\": 11, \"list_data_id\": 101}",
            "{\"id\": 11, \"list_data_id\": 999}",
        ),
        (
            "{\"id\": 1, \"client\": 10, \"proc_time\": \"2026-02-01",
            "{\"id\": 1, \"client\": 11, \"proc_time\": \"2026-02-01",
        ),
    ]);
    insta::assert_snapshot!(error_of(&text), @r"
        invalid dataset: 6 problems
          data.json:4: $.default_operator: expected the id of an operator, found 9 (no such operator)
          data.json:11: $.clients[1].operator: expected the id of an operator, found 3 (no such operator)
          data.json:16: $.goods[2].operator: expected the id of an operator, found 4 (no such operator)
          data.json:19: $.entries[0].links[0].list_data_id: expected the id of a goods item, found 999 (no such goods)
          data.json:20: $.entries[1].client: expected the id of a client, found 21 (no such client)
          data.json:23: $.purchases[0].client: expected the id of a client, found 11 (no such client)
        ");
}

/// Source: contracts/reference/domain.md#dataset: "link → goods of the same operator".
#[test]
fn links_and_cheques_must_name_goods_of_the_clients_operator() {
    let text = edited(&[
        (
            "{\"id\": 11, \"list_data_id\": 101}",
            "{\"id\": 11, \"list_data_id\": 201}",
        ),
        ("\"goods\": [101]", "\"goods\": [101, 201]"),
    ]);
    insta::assert_snapshot!(error_of(&text), @r"
        invalid dataset: 2 problems
          data.json:19: $.entries[0].links[0].list_data_id: expected goods of operator 1 (the client's operator), found 201 (goods of operator 2)
          data.json:23: $.purchases[0].goods[1]: expected goods of operator 1 (the client's operator), found 201 (goods of operator 2)
        ");
}

/// Source: contracts/reference/domain.md#dataset: "negative amounts" (and money is decimal(18,2)).
#[test]
fn amounts_must_be_non_negative_with_at_most_two_decimals() {
    let text = edited(&[
        ("\"amount\": 1250.50", "\"amount\": -1250.50"),
        ("\"amount\": \"99.90\"", "\"amount\": \"99.905\""),
        (
            "\"required_gain\": 5000.00",
            "\"required_gain\": 99999999999999999.00",
        ),
        ("\"max_link_goods\": 5", "\"max_link_goods\": -1"),
    ]);
    insta::assert_snapshot!(error_of(&text), @r"
        invalid dataset: 4 problems
          data.json:6: $.operators[0].required_gain: expected an amount ≤ 9999999999999999.99 (decimal(18,2)), found 99999999999999999.00
          data.json:7: $.operators[1].max_link_goods: expected a count ≥ 0, found -1
          data.json:23: $.purchases[0].amount: expected an amount ≥ 0, found -1250.50
          data.json:24: $.purchases[1].amount: expected an amount with at most 2 decimal places, found 99.905
        ");
}

/// Source: contracts/reference/domain.md#dataset: "`proc_time_confirm` set while `confirm` is false".
#[test]
fn confirmation_fields_must_agree() {
    let text = edited(&[
        (
            "\"proc_time_confirm\": \"2026-01-11T10:00:00\"",
            "\"proc_time_confirm\": \"2026-01-09T10:00:00\"",
        ),
        (
            "\"confirm\": false}",
            "\"confirm\": false, \"proc_time_confirm\": \"2026-02-11T10:00:00\"}",
        ),
    ]);
    let missing = edited(&[("\"proc_time_confirm\": \"2026-01-11T10:00:00\", ", "")]);
    insta::assert_snapshot!(format!("{}\n{}", error_of(&text), error_of(&missing)), @r"
        invalid dataset: 2 problems
          data.json:19: $.entries[0].proc_time_confirm: expected a time at or after proc_time 2026-01-10T10:00:00, found 2026-01-09T10:00:00
          data.json:20: $.entries[1].proc_time_confirm: expected null while confirm is false, found 2026-02-11T10:00:00
        invalid dataset: 1 problem
          data.json:19: $.entries[0].proc_time_confirm: expected the confirmation time while confirm is true, found null
        ");
}

/// Source: contracts/reference/domain.md#dataset: "more active links in an entry than `max_link_goods`".
#[test]
fn active_links_may_not_exceed_the_operators_maximum() {
    // Operator 1 allows 2; a third active link breaks it, a deactivated one would not.
    let text = edited(&[(
        "{\"id\": 12, \"list_data_id\": 102, \"no_active\": true}",
        "{\"id\": 12, \"list_data_id\": 102}, {\"id\": 13, \"list_data_id\": 102}",
    )]);
    insta::assert_snapshot!(error_of(&text), @r"
        invalid dataset: 1 problem
          data.json:19: $.entries[0].links: expected at most 2 active links (max_link_goods of the client's operator), found 3
        ");
    let inactive = edited(&[(
        "{\"id\": 12, \"list_data_id\": 102, \"no_active\": true}",
        "{\"id\": 12, \"list_data_id\": 102}, {\"id\": 13, \"list_data_id\": 102, \"no_active\": true}",
    )]);
    assert!(Dataset::from_json("data.json", &inactive).is_ok());
}

#[test]
fn tokens_and_site_codes_must_be_usable_and_unique() {
    let text = edited(&[
        ("\"tokens\": [1234567]", "\"tokens\": [1234567, 0]"),
        (
            "\"site_codes\": [\"{type:1}{oper:1}\"]",
            "\"site_codes\": [\"{type:1}{oper:1}\", \"\"]",
        ),
        (
            "\"required_every_gain\": \"300.00\"}",
            "\"required_every_gain\": \"300.00\", \"tokens\": [1234567], \"site_codes\": [\"{type:1}{oper:1}\"]}",
        ),
    ]);
    insta::assert_snapshot!(error_of(&text), @r#"
        invalid dataset: 4 problems
          data.json:6: $.operators[0].tokens[1]: expected a non-zero token, found 0
          data.json:6: $.operators[0].site_codes[1]: expected a non-empty site code, found ""
          data.json:7: $.operators[1].tokens[0]: expected a unique token (across operators), found 1234567, already at $.operators[0].tokens[0]
          data.json:7: $.operators[1].site_codes[0]: expected a unique site code (across operators), found "{type:1}{oper:1}", already at $.operators[0].site_codes[0]
        "#);
}

#[test]
fn required_keys_and_unknown_top_level_keys() {
    let text = edited(&[
        ("  \"as_of\": \"2026-05-07T11:27:39.507\",\n", ""),
        (
            "\"default_operator\": 1,",
            "\"default_operator\": 1, \"operator\": 1,",
        ),
    ]);
    insta::assert_snapshot!(error_of(&text), @r"
        invalid dataset: 1 problem
          data.json:3: $.operator: expected one of `as_of`, `time_zone`, `default_operator`, `operators`, `clients`, `goods`, `entries`, `purchases`, `$comment`, found field `operator`
        ");
    let missing = edited(&[("  \"as_of\": \"2026-05-07T11:27:39.507\",\n", "")]);
    insta::assert_snapshot!(error_of(&missing), @r"
        invalid dataset: 1 problem
          data.json:1: $.as_of: expected `as_of` (a local date-time) in one of the files, found it in none
        ");
}

#[test]
fn problems_beyond_the_cap_are_counted_not_listed() {
    let extra: Vec<String> = (0..MAX_PROBLEMS + 5)
        .map(|i| format!("{{\"id\": {}, \"operator\": 1}}", 1000 + i))
        .collect();
    let text = edited(&[(
        "{\"id\": 10, \"operator\": 1}",
        &format!(
            "{{\"id\": 10, \"operator\": 1}}, {}",
            extra
                .join(", ")
                .replace("\"operator\": 1", "\"operator\": 5")
        ),
    )]);
    let err = Dataset::from_json("data.json", &text).unwrap_err();
    let DatasetError::Invalid { problems, total } = &err else {
        panic!("{err}")
    };
    assert_eq!((problems.len(), *total), (MAX_PROBLEMS, MAX_PROBLEMS + 5));
    assert!(
        problems
            .iter()
            .all(|p| p.kind == ProblemKind::Dangling && p.line == Some(10))
    );
    let message = err.to_string();
    insta::assert_snapshot!(message.lines().last().unwrap(), @"  … and 5 more (only the first 100 are listed)");
}

#[test]
fn folder_sections_are_merged_and_may_not_repeat() {
    let scratch = tempfile::tempdir().unwrap();
    let dir = scratch.path();
    let all: serde_json::Value = serde_json::from_str(BASE).unwrap();
    let write = |name: &str, keys: &[&str]| {
        let part: serde_json::Map<String, serde_json::Value> = keys
            .iter()
            .map(|k| ((*k).to_owned(), all[*k].clone()))
            .collect();
        std::fs::write(dir.join(name), serde_json::to_string_pretty(&part).unwrap()).unwrap();
    };
    write(
        "a.json",
        &["as_of", "time_zone", "default_operator", "operators"],
    );
    write("b.json", &["clients", "goods", "entries", "purchases"]);
    std::fs::write(dir.join("notes.txt"), "not json, ignored").unwrap();
    let merged = Dataset::load(dir).unwrap();
    assert_eq!(merged, Dataset::from_json("data.json", BASE).unwrap());

    write("c.json", &["clients"]);
    let message = Dataset::load(dir).unwrap_err().to_string();
    let message = message.replace(&dir.display().to_string(), "DIR");
    insta::assert_snapshot!(message, @r"
        invalid dataset: 1 problem
          DIR/c.json:2: $.clients: expected `clients` in one file of the dataset only, found it also in DIR/b.json
        ");
}

#[test]
fn an_empty_folder_and_a_missing_path_are_read_errors() {
    let scratch = tempfile::tempdir().unwrap();
    let message = Dataset::load(scratch.path()).unwrap_err().to_string();
    assert_eq!(
        message,
        format!(
            "dataset folder {} holds no .json file",
            scratch.path().display()
        )
    );
    let missing = scratch.path().join("nope.json");
    let err = Dataset::load(&missing).unwrap_err();
    assert!(matches!(err, DatasetError::Read { .. }), "{err}");
}
