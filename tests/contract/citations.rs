//! Every document the project cites is in the repository, and every section it cites exists.
//!
//! Citations name a repository path and a section anchor, e.g.
//! `contracts/reference/wire.md#xml-member-order`. This test collects them from the checker's rule
//! table and from every `.rs`, `.md`, `.json` and `.snap` file of the repository, plus the
//! relative links of the Markdown files, and fails on a missing document or anchor — and on the
//! old citation forms that pointed outside the repository.

use favorite_contract::RuleId;
use regex::Regex;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

/// The reference documents, relative to the repository root.
const REFERENCE_DIR: &str = "contracts/reference";

/// A citation: `contracts/reference/<doc>.md` with an optional `#anchor`.
static CITATION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"contracts/reference/([A-Za-z0-9_.-]+?\.md)(?:#([A-Za-z0-9_-]+))?").unwrap()
});

/// An explicit anchor: `<a id="xml-member-order"></a>`.
static ANCHOR: LazyLock<Regex> = LazyLock::new(|| Regex::new(r#"<a id="([^"]+)"></a>"#).unwrap());

/// A Markdown link's target: `[text](target)`.
static LINK: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\]\(([^)\s]+)\)").unwrap());

/// Citation forms that pointed at documents outside the repository.
static LEGACY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r#"wire rules §|(?:^|[^0])§\d|production[- ]conventions|dotnet-wire-rules|\.\./shared/"#,
        r#"|domain\.md`? ?,? ?"[A-Z]"#
    ))
    .unwrap()
});

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The anchors of each reference document, by file name.
fn anchors() -> BTreeMap<String, BTreeSet<String>> {
    let mut out = BTreeMap::new();
    for entry in std::fs::read_dir(root().join(REFERENCE_DIR)).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "md") {
            let text = std::fs::read_to_string(&path).unwrap();
            let mut ids = BTreeSet::new();
            for m in ANCHOR.captures_iter(&text) {
                let id = m[1].to_owned();
                assert!(
                    id.bytes()
                        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'),
                    "{}: anchor `{id}` is not lower-case kebab",
                    path.display()
                );
                assert!(
                    ids.insert(id.clone()),
                    "{}: anchor `{id}` twice",
                    path.display()
                );
            }
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            out.insert(name, ids);
        }
    }
    out
}

/// The repository's text files worth scanning (no build output, no VCS data).
fn files() -> Vec<PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            if path.is_dir() {
                if !name.starts_with('.') && name != "target" {
                    walk(&path, out);
                }
            } else if ["rs", "md", "json", "snap"]
                .iter()
                .any(|ext| path.extension().is_some_and(|e| e == *ext))
            {
                out.push(path);
            }
        }
    }
    let mut out = Vec::new();
    walk(&root(), &mut out);
    out.sort();
    out
}

/// Whether `doc#anchor` (anchor optional) resolves; the reason when it does not.
fn resolve(
    anchors: &BTreeMap<String, BTreeSet<String>>,
    doc: &str,
    anchor: Option<&str>,
) -> Result<(), String> {
    let Some(ids) = anchors.get(doc) else {
        return Err(format!(
            "expected one of the documents {:?} in {REFERENCE_DIR}, found `{doc}`",
            anchors.keys().collect::<Vec<_>>()
        ));
    };
    match anchor {
        Some(a) if !ids.contains(a) => Err(format!(
            "expected an anchor of {REFERENCE_DIR}/{doc}, found `#{a}`"
        )),
        _ => Ok(()),
    }
}

fn relative(path: &Path) -> String {
    path.strip_prefix(root())
        .unwrap_or(path)
        .display()
        .to_string()
}

#[test]
fn the_reference_documents_exist_with_their_sections() {
    let anchors = anchors();
    for doc in ["domain.md", "wire.md", "production.md"] {
        let ids = anchors
            .get(doc)
            .unwrap_or_else(|| panic!("{REFERENCE_DIR}/{doc} is missing"));
        assert!(ids.len() >= 10, "{doc} has only {} anchors", ids.len());
    }
    // Sections the issue and the rule table name explicitly.
    for (doc, anchor) in [
        ("wire.md", "xml-member-order"),
        ("wire.md", "xml-read-algorithm"),
        ("wire.md", "datetime-kinds"),
        ("wire.md", "model-state"),
        ("wire.md", "status-415"),
        ("wire.md", "form-binding"),
        ("domain.md", "business-errors"),
        ("domain.md", "paging"),
        ("domain.md", "invariants"),
        ("domain.md", "metamorphic"),
        ("domain.md", "profile-choices"),
        ("production.md", "status-codes"),
        ("production.md", "auth"),
    ] {
        resolve(&anchors, doc, Some(anchor)).unwrap();
    }
}

#[test]
fn every_rule_cites_existing_sections() {
    let anchors = anchors();
    for rule in RuleId::ALL {
        let source = rule.source();
        assert!(!source.is_empty(), "{rule}: no source");
        for part in source.split("; ") {
            let m = CITATION
                .captures(part)
                .filter(|m| m.get(0).unwrap().as_str() == part && m.get(2).is_some())
                .unwrap_or_else(|| {
                    panic!(
                        "{rule}: expected `contracts/reference/<doc>.md#<anchor>`, found `{part}`"
                    )
                });
            if let Err(why) = resolve(&anchors, &m[1], m.get(2).map(|a| a.as_str())) {
                panic!("{rule}: {why}");
            }
        }
    }
}

#[test]
fn every_citation_in_the_repository_resolves() {
    let anchors = anchors();
    let mut problems = Vec::new();
    let mut seen = 0usize;
    for path in files() {
        let text = std::fs::read_to_string(&path).unwrap();
        for (n, line) in text.lines().enumerate() {
            for m in CITATION.captures_iter(line) {
                seen += 1;
                if let Err(why) = resolve(&anchors, &m[1], m.get(2).map(|a| a.as_str())) {
                    problems.push(format!("{}:{}: {why}", relative(&path), n + 1));
                }
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    // The rule table alone cites more than a hundred sections: a scan that finds few is broken.
    assert!(seen > 300, "only {seen} citations found");
}

#[test]
fn markdown_links_point_at_existing_files_and_sections() {
    let anchors = anchors();
    let mut problems = Vec::new();
    for path in files()
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
    {
        let text = std::fs::read_to_string(&path).unwrap();
        let dir = path.parent().unwrap();
        for (n, line) in text.lines().enumerate() {
            for m in LINK.captures_iter(line) {
                let target = &m[1];
                if target.contains("://") || target.starts_with("mailto:") {
                    continue;
                }
                let (file, anchor) = match target.split_once('#') {
                    Some((f, a)) => (f, Some(a)),
                    None => (target, None),
                };
                let file = if file.is_empty() {
                    path.clone()
                } else {
                    dir.join(file)
                };
                let at = format!("{}:{}", relative(&path), n + 1);
                let Ok(file) = file.canonicalize() else {
                    problems.push(format!("{at}: link to a missing file `{target}`"));
                    continue;
                };
                let in_reference = file.parent() == Some(&root().join(REFERENCE_DIR));
                if let (true, Some(anchor)) = (in_reference, anchor) {
                    let doc = file.file_name().unwrap().to_string_lossy();
                    if let Err(why) = resolve(&anchors, &doc, Some(anchor)) {
                        problems.push(format!("{at}: {why}"));
                    }
                }
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn no_citation_points_outside_the_repository() {
    let mut problems = Vec::new();
    for path in files() {
        if path.ends_with("tests/contract/citations.rs") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        for (n, line) in text.lines().enumerate() {
            // External specifications keep their own section signs.
            let line = line.replace("XML 1.0 §", "");
            if let Some(m) = LEGACY.find(&line) {
                problems.push(format!(
                    "{}:{}: expected a citation `contracts/reference/<doc>.md#<anchor>`, found `{}`",
                    relative(&path),
                    n + 1,
                    m.as_str()
                ));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn corpus_cases_cite_the_document_their_key_names() {
    let cases = favorite_contract::snapshot::corpus::embedded().unwrap();
    let anchors = anchors();
    for case in &cases {
        for covers in &case.covers {
            let (doc, text) = match covers {
                favorite_contract::snapshot::Covers::Domain(t) => ("domain.md", t),
                favorite_contract::snapshot::Covers::Wire(t) => ("wire.md", t),
                favorite_contract::snapshot::Covers::Convention(t) => ("production.md", t),
                favorite_contract::snapshot::Covers::Client(_)
                | favorite_contract::snapshot::Covers::BusinessError(_) => continue,
            };
            let m = CITATION
                .captures(text)
                .filter(|m| m.get(0).unwrap().start() == 0 && m.get(2).is_some())
                .unwrap_or_else(|| {
                    panic!(
                        "case {}: expected `contracts/reference/{doc}#<anchor> — …`, found `{text}`",
                        case.id
                    )
                });
            assert_eq!(&m[1], doc, "case {}: `{text}`", case.id);
            resolve(&anchors, doc, m.get(2).map(|a| a.as_str()))
                .unwrap_or_else(|why| panic!("case {}: {why}", case.id));
        }
    }
}

/// The test can fail: a citation of a missing anchor and one of a missing document are caught.
#[test]
fn a_dangling_citation_is_reported() {
    let anchors = anchors();
    assert!(resolve(&anchors, "wire.md", Some("no-such-section")).is_err());
    assert!(resolve(&anchors, "wire-rules.md", None).is_err());
    assert!(resolve(&anchors, "wire.md", Some("xml-member-order")).is_ok());
    // Built at run time, so the repository scan does not see a dangling citation here.
    let line = format!("see contracts/reference/wire.md#{}", "xml-member-ordr");
    let m = CITATION.captures(&line).unwrap();
    assert_eq!(&m[2], "xml-member-ordr");
    assert!(resolve(&anchors, &m[1], Some(&m[2])).is_err());
    assert!(LEGACY.is_match("Source: wire rules §1.3"));
    assert!(LEGACY.is_match(r#"domain.md "Invariants""#));
    assert!(!LEGACY.is_match("contracts/reference/domain.md#invariants"));
}
