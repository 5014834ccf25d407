//! insta's snapshot file format, written and read without insta (a runtime dependency of tests
//! only): a YAML header between `---` lines, then the snapshot text. `.snap` files are accepted
//! snapshots; `.snap.new` files are pending ones `cargo insta review` offers to accept.
//!
//! The header values are written as JSON literals, which are valid YAML flow scalars and mappings,
//! so insta reads them and this module reads its own `info` back.

use serde_json::Value;

/// The snapshot name insta's `glob!` test uses; files are `corpus@<case id>.json.snap`, so a
/// directory recorded from any target has the same layout as `snapshots/` of this repository.
pub const SNAPSHOT_NAME: &str = "corpus";

/// The file name of a case's accepted snapshot.
pub fn snap_file_name(case_id: &str) -> String {
    format!("{SNAPSHOT_NAME}@{case_id}.json.snap")
}

/// The file name of a case's pending snapshot.
pub fn pending_file_name(case_id: &str) -> String {
    format!("{}.new", snap_file_name(case_id))
}

/// What the header of a written snapshot says.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct SnapMeta {
    /// The file the snapshot comes from (the case file, workspace-relative).
    pub(crate) source: String,
    /// The case's comment.
    pub(crate) description: String,
    /// What produced the text.
    pub(crate) expression: String,
    /// Structured details (case, covers, target, redactions).
    pub(crate) info: Value,
}

/// A snapshot file's text.
pub(crate) fn render(meta: &SnapMeta, body: &str) -> String {
    let quote = |s: &str| Value::String(s.to_owned()).to_string();
    format!(
        "---\nsource: {}\ndescription: {}\nexpression: {}\ninfo: {}\ninput_file: {}\n---\n{}\n",
        quote(&meta.source),
        quote(&meta.description),
        quote(&meta.expression),
        meta.info,
        quote(&meta.source),
        body.trim_end()
    )
}

/// A snapshot file read back.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct StoredSnap {
    /// The redaction rules of the header's `info`, as recorded (`PATH=[label]`).
    pub(crate) redactions: Vec<String>,
    /// The snapshot text, trailing whitespace trimmed (insta compares it so).
    pub(crate) body: String,
}

/// Split a snapshot file into header and text, as insta does. The header's `info` is read in
/// both forms it takes: the one-line JSON mapping this module writes, and the YAML block
/// `cargo insta accept` rewrites it into (where the rules, containing `[`, are double-quoted
/// JSON-style strings).
pub(crate) fn parse(text: &str) -> Option<StoredSnap> {
    let mut lines = text.lines();
    if lines.next()?.trim_end() != "---" {
        return None;
    }
    let mut header = Vec::new();
    for line in lines.by_ref() {
        if line.trim_end() == "---" {
            let body = lines.collect::<Vec<_>>().join("\n");
            return Some(StoredSnap {
                redactions: redactions(&header),
                body: body.trim_end().to_owned(),
            });
        }
        header.push(line);
    }
    None
}

fn redactions(header: &[&str]) -> Vec<String> {
    let strings = |value: &Value| -> Vec<String> {
        value
            .as_array()
            .map(|items| {
                items
                    .iter()
                    .filter_map(Value::as_str)
                    .map(str::to_owned)
                    .collect()
            })
            .unwrap_or_default()
    };
    if let Some(info) = header.iter().find_map(|l| l.strip_prefix("info: ")) {
        return serde_json::from_str::<Value>(info)
            .map(|info| info.get("redactions").map(strings).unwrap_or_default())
            .unwrap_or_default();
    }
    let Some(start) = header.iter().position(|l| l.trim_end() == "  redactions:") else {
        return Vec::new();
    };
    header[start + 1..]
        .iter()
        .map_while(|l| l.strip_prefix("    - "))
        .map(|item| serde_json::from_str::<String>(item).unwrap_or_else(|_| item.to_owned()))
        .collect()
}
