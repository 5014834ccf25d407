//! The committed OpenAPI document and XSDs are current, and the help page's samples conform.

use crate::openapi_validator::validate;
use favorite_contract::{HELP_PAGE, contract};
use favorite_contract::{OPENAPI_PATH, XSD_DIR, openapi_text, xsd};
use std::path::{Path, PathBuf};

fn repo(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

#[test]
fn committed_openapi_is_current() {
    let committed = std::fs::read_to_string(repo(OPENAPI_PATH)).unwrap();
    assert!(
        committed == openapi_text(),
        "{OPENAPI_PATH} is stale: run `cargo run -- schema openapi --out {OPENAPI_PATH}`"
    );
}

#[test]
fn committed_xsds_are_current() {
    let generated = xsd(contract());
    let mut committed: Vec<String> = std::fs::read_dir(repo(XSD_DIR))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    committed.sort();
    let names: Vec<String> = generated.iter().map(|f| f.file_name.clone()).collect();
    assert_eq!(
        committed, names,
        "{XSD_DIR} holds exactly the generated files"
    );
    for file in generated {
        let text = std::fs::read_to_string(repo(XSD_DIR).join(&file.file_name)).unwrap();
        assert!(
            text == file.text,
            "{XSD_DIR}/{} is stale: run `cargo run -- schema xsd --out {XSD_DIR}`",
            file.file_name
        );
    }
}

fn help_sample(section: &str, marker: &str) -> String {
    let rest = &HELP_PAGE[HELP_PAGE.find(section).unwrap()..];
    let after = &rest[rest.find(marker).unwrap()..];
    let text = &after[after.find("Sample:\n").unwrap() + 8..];
    text[..text.find("\n\n").unwrap_or(text.len())].to_owned()
}

#[test]
fn help_page_json_samples_conform_to_the_openapi_document() {
    let doc: serde_json::Value = serde_json::from_str(&openapi_text()).unwrap();
    let response: serde_json::Value =
        serde_json::from_str(&help_sample("Response Formats", "application/json")).unwrap();
    let errors = validate(&doc, &contract().response().name, &response);
    assert!(errors.is_empty(), "{errors:#?}");
    let request: serde_json::Value =
        serde_json::from_str(&help_sample("Request Formats", "application/json")).unwrap();
    assert!(validate(&doc, &contract().request().name, &request).is_empty());

    // The validator is not vacuous: a decimal as a string, a missing member, an Int16
    // overflow and a business code the contract does not define are caught.
    let mut broken = response;
    broken["SumGain"] = serde_json::json!("1.0");
    broken.as_object_mut().unwrap().remove("TotalRows");
    broken["ClientFavorites"][0]["ProcTime"] = serde_json::json!("07.05.2026");
    broken["ErrorCode"] = serde_json::json!(9);
    let errors = validate(&doc, &contract().response().name, &broken);
    assert_eq!(errors.len(), 4, "{errors:#?}");
}

#[test]
fn business_codes_are_an_enumeration_with_their_messages_and_the_mock_is_a_server() {
    let doc: serde_json::Value = serde_json::from_str(&openapi_text()).unwrap();
    let codes = &doc["components"]["schemas"]["ErrorCode"];
    let contract = contract();
    let mut expected = vec![serde_json::json!(0)];
    expected.extend(
        contract
            .business_errors
            .iter()
            .map(|e| serde_json::json!(e.code)),
    );
    assert_eq!(codes["enum"], serde_json::Value::Array(expected));
    assert_eq!(codes["x-enum-varnames"][0], "Success");
    assert_eq!(codes["x-enum-varnames"][2], "ClientNotFound");
    assert_eq!(codes["x-enum-descriptions"][2], "Клиент не найден");
    assert_eq!(codes["oneOf"][2]["const"], 2);
    assert_eq!(
        doc["components"]["schemas"][&contract.response().name]["properties"]["ErrorCode"]["$ref"],
        "#/components/schemas/ErrorCode"
    );
    assert_eq!(doc["servers"][0]["url"], "http://127.0.0.1:8080");
}

/// Runs `xmllint --schema` when it is installed; `.ci/run` installs it and sets
/// `FAVORITE_CONTRACT_REQUIRE_XMLLINT=1` so CI cannot skip this.
pub fn xmllint_validate(xsd_file: &str, xml: &str) -> Option<Result<(), String>> {
    let required = std::env::var_os("FAVORITE_CONTRACT_REQUIRE_XMLLINT").is_some();
    let probe = std::process::Command::new("xmllint")
        .arg("--version")
        .output();
    if probe.is_err() {
        assert!(
            !required,
            "xmllint is required (FAVORITE_CONTRACT_REQUIRE_XMLLINT) but missing"
        );
        eprintln!("xmllint not installed: XSD validation skipped (CI installs it)");
        return None;
    }
    let dir = tempfile::tempdir().unwrap();
    let doc = dir.path().join("doc.xml");
    std::fs::write(&doc, xml).unwrap();
    let out = std::process::Command::new("xmllint")
        .args(["--noout", "--nonet", "--schema"])
        .arg(repo(XSD_DIR).join(xsd_file))
        .arg(&doc)
        .output()
        .unwrap();
    Some(if out.status.success() {
        Ok(())
    } else {
        Err(String::from_utf8_lossy(&out.stderr).into_owned())
    })
}

#[test]
fn help_page_xml_samples_validate_against_the_xsds() {
    let request = help_sample("Request Formats", "application/xml");
    let response = help_sample("Response Formats", "application/xml");
    let Some(result) = xmllint_validate("LCManagerPartner.Implementation.Request.xsd", &request)
    else {
        return;
    };
    result.unwrap();
    xmllint_validate("LCManagerPartner.Implementation.Response.xsd", &response)
        .unwrap()
        .unwrap();
    // Out of order (Client after BegDate) is invalid, as DataContractSerializer would drop it.
    let moved = request
        .replace("  <Client>1</Client>\n", "")
        .replace("  <BegDate>", "  <Client>1</Client>\n  <BegDate>");
    assert!(
        xmllint_validate("LCManagerPartner.Implementation.Request.xsd", &moved)
            .unwrap()
            .is_err()
    );
}
