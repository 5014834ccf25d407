//! Datasets on disk: the committed default folder, the `dataset` subcommands, and messages that
//! name the file of a folder.

use clap::Parser;
use favorite_contract::Dataset;
use favorite_contract::cli::{Cli, run};
use std::process::ExitCode;

use crate::support::{dataset_copy, default_dataset_folder};

fn cli(args: &[&str]) -> Result<ExitCode, favorite_contract::cli::CliError> {
    let mut argv = vec!["favorite-contract"];
    argv.extend_from_slice(args);
    run(Cli::parse_from(argv))
}

#[test]
fn the_committed_default_folder_is_the_embedded_dataset() {
    let loaded = Dataset::load(&default_dataset_folder()).unwrap();
    assert_eq!(loaded, Dataset::embedded_default());
    insta::assert_snapshot!(loaded.counts(), @"3 operators, 32 clients, 33 goods, 79 entries (72 links), 63 purchases");
}

#[test]
fn dataset_check_exits_0_on_a_valid_folder_and_1_on_problems() {
    let folder = default_dataset_folder();
    assert_eq!(
        cli(&["dataset", "check", folder.to_str().unwrap()]).unwrap(),
        ExitCode::SUCCESS
    );

    let scratch = dataset_copy();
    let entries = scratch.path().join("entries.json");
    let text = std::fs::read_to_string(&entries).unwrap();
    let broken = text
        .replacen("\"list_data_id\": 105", "\"list_data_id\": 201", 1)
        .replacen("\"client\": 1004", "\"client\": 4004", 1);
    std::fs::write(&entries, broken).unwrap();
    assert_eq!(
        cli(&["dataset", "check", scratch.path().to_str().unwrap()]).unwrap(),
        ExitCode::from(1)
    );

    let message = Dataset::load(scratch.path()).unwrap_err().to_string();
    insta::assert_snapshot!(message.replace(&scratch.path().display().to_string(), "DIR"), @r"
        invalid dataset: 2 problems
          DIR/entries.json:5: $.entries[1].client: expected the id of a client, found 4004 (no such client)
          DIR/entries.json:7: $.entries[3].links[0].list_data_id: expected goods of operator 1 (the client's operator), found 201 (goods of operator 2)
        ");

    let missing = scratch.path().join("missing");
    assert!(
        cli(&["dataset", "check", missing.to_str().unwrap()]).is_err(),
        "unreadable is exit 2"
    );
}

#[test]
fn dataset_generate_writes_what_generate_builds() {
    let scratch = tempfile::tempdir().unwrap();
    let out = scratch.path().join("ds");
    let code = cli(&[
        "dataset",
        "generate",
        "--clients",
        "40",
        "--seed",
        "9",
        "--out",
        out.to_str().unwrap(),
    ])
    .unwrap();
    assert_eq!(code, ExitCode::SUCCESS);
    assert_eq!(Dataset::load(&out).unwrap(), Dataset::generate(40, 9));
    let mut files: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|f| f.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    files.sort();
    assert_eq!(
        files,
        [
            "clients.json",
            "dataset.json",
            "entries.json",
            "goods.json",
            "operators.json",
            "purchases.json"
        ]
    );
}
