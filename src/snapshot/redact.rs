//! Redactions: values a snapshot must not pin (dates relative to "now" on a staging server, ids a
//! target generates) replaced by a visible marker such as `[redacted: date]`.
//!
//! A rule is `PATH=[label]`. PATH is a slash path below the body's root that works for both
//! formats: JSON members and array indices (`/ClientFavorites/0/ProcTime`), XML child elements by
//! local name (`/ClientFavorites/<row element>/ProcTime`). `*` matches one step, `**` any number.
//! The label `date` only redacts values that are dates, so a broken date still shows.
//! Besides the rules, the target's URL is always replaced by `[target]` inside string values
//! (404 messages echo the request URI), so recordings do not depend on where the target runs.

use super::xml_doc::{Element, XmlNode};
use crate::codec::datetime::parse_xsd;
use crate::model::MOSCOW;
use crate::wire::json::{Json, Node};
use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

/// What the target URL is replaced by.
pub const TARGET_MARKER: &str = "[target]";

/// The label that redacts dates only.
pub const DATE_LABEL: &str = "date";

/// Why a redaction rule is not usable.
#[derive(Debug, thiserror::Error)]
pub enum RedactError {
    /// The rule text is malformed.
    #[error("redaction `{rule}`: expected {expected}, found {found}")]
    Rule {
        /// The rule as given.
        rule: String,
        /// What the syntax allows.
        expected: &'static str,
        /// What is there.
        found: String,
    },
    /// The redaction file could not be read.
    #[error("cannot read redaction file {path}")]
    Io {
        /// The file.
        path: String,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// The redaction file is not a JSON object of rules.
    #[error(
        "redaction file {path}: expected a JSON object {{\"/path\": \"label\"}}, found {found}"
    )]
    File {
        /// The file.
        path: String,
        /// What is there.
        found: String,
    },
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Step {
    Name(String),
    Any,
    AnyDepth,
}

/// One rule: a path pattern and the label of its marker.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Redaction {
    path: String,
    steps: Vec<Step>,
    label: String,
}

impl Redaction {
    /// A rule from a path pattern and a label.
    pub fn new(path: &str, label: &str) -> Result<Redaction, RedactError> {
        let rule = || format!("{path}={label}");
        let label = label.trim();
        let label = label
            .strip_prefix('[')
            .and_then(|l| l.strip_suffix(']'))
            .unwrap_or(label);
        if label.is_empty()
            || !label
                .chars()
                .all(|c| c.is_alphanumeric() || matches!(c, ' ' | '-' | '_' | '.'))
        {
            return Err(RedactError::Rule {
                rule: rule(),
                expected: "a label of letters, digits, spaces, `-`, `_` or `.`",
                found: format!("`{label}`"),
            });
        }
        let Some(rest) = path.strip_prefix('/') else {
            return Err(RedactError::Rule {
                rule: rule(),
                expected: "a path starting with `/`",
                found: format!("`{path}`"),
            });
        };
        let mut steps = Vec::new();
        for raw in rest.split('/') {
            steps.push(match raw {
                "" => {
                    return Err(RedactError::Rule {
                        rule: rule(),
                        expected: "non-empty path steps",
                        found: format!("`{path}`"),
                    });
                }
                "*" => Step::Any,
                "**" => Step::AnyDepth,
                name => Step::Name(name.replace("~1", "/").replace("~0", "~")),
            });
        }
        Ok(Redaction {
            path: path.to_owned(),
            steps,
            label: label.to_owned(),
        })
    }

    /// The path pattern as given.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The label.
    pub fn label(&self) -> &str {
        &self.label
    }

    /// The marker that replaces a redacted value.
    pub fn marker(&self) -> String {
        format!("[redacted: {}]", self.label)
    }

    /// Whether the path pattern matches a body path: JSON member names and array indices, or
    /// XML element local names, below the root.
    pub fn matches_path(&self, path: &[&str]) -> bool {
        self.matches(path)
    }

    fn matches(&self, path: &[&str]) -> bool {
        fn go(steps: &[Step], path: &[&str]) -> bool {
            match (steps.first(), path.first()) {
                (None, None) => true,
                (Some(Step::AnyDepth), _) => {
                    go(&steps[1..], path) || (!path.is_empty() && go(steps, &path[1..]))
                }
                (Some(Step::Any), Some(_)) => go(&steps[1..], &path[1..]),
                (Some(Step::Name(n)), Some(p)) if n == p => go(&steps[1..], &path[1..]),
                _ => false,
            }
        }
        go(&self.steps, path)
    }

    /// Whether this rule hides `value` (a date rule only hides dates).
    fn hides(&self, value: &str) -> bool {
        self.label != DATE_LABEL || (value.contains('T') && parse_xsd(value, MOSCOW).is_ok())
    }
}

impl FromStr for Redaction {
    type Err = RedactError;

    /// `PATH=[label]` (the brackets are optional).
    fn from_str(text: &str) -> Result<Redaction, RedactError> {
        match text.rsplit_once('=') {
            Some((path, label)) => Redaction::new(path.trim(), label),
            None => Err(RedactError::Rule {
                rule: text.to_owned(),
                expected: "PATH=[label], e.g. /ClientFavorites/*/ProcTime=[date]",
                found: "no `=`".to_owned(),
            }),
        }
    }
}

impl fmt::Display for Redaction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}=[{}]", self.path, self.label)
    }
}

/// The rules of one run plus the target URL to hide.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Redactions {
    rules: Vec<Redaction>,
    target: Option<String>,
}

impl Redactions {
    /// Rules, and the target URL (without a trailing slash) to replace by [`TARGET_MARKER`].
    pub fn new(rules: Vec<Redaction>, target: Option<&str>) -> Redactions {
        Redactions {
            rules,
            target: target
                .map(|t| t.trim_end_matches('/').to_owned())
                .filter(|t| !t.is_empty()),
        }
    }

    /// Read rules from a JSON file `{"/ClientFavorites/*/ProcTime": "date", …}`.
    pub fn read_file(path: &std::path::Path) -> Result<Vec<Redaction>, RedactError> {
        let name = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|source| RedactError::Io {
            path: name.clone(),
            source,
        })?;
        let map: BTreeMap<String, String> =
            serde_json::from_str(&text).map_err(|e| RedactError::File {
                path: name,
                found: e.to_string(),
            })?;
        map.iter().map(|(p, l)| Redaction::new(p, l)).collect()
    }

    /// The rules.
    pub fn rules(&self) -> &[Redaction] {
        &self.rules
    }

    /// Add rules not already present.
    pub fn extend(&mut self, rules: impl IntoIterator<Item = Redaction>) {
        for rule in rules {
            if !self.rules.contains(&rule) {
                self.rules.push(rule);
            }
        }
    }

    fn rule_for(&self, path: &[&str], value: &str) -> Option<&Redaction> {
        self.rules
            .iter()
            .find(|r| r.matches(path) && r.hides(value))
    }

    /// Replace the target URL inside a string; returns whether it occurred.
    fn hide_target(&self, text: &mut String) -> bool {
        match &self.target {
            Some(target) if text.contains(target.as_str()) => {
                *text = text.replace(target.as_str(), TARGET_MARKER);
                true
            }
            _ => false,
        }
    }

    /// Redact a JSON body; returns how many values were hidden.
    pub(crate) fn json(&self, node: &mut Node) -> usize {
        let mut path = Vec::new();
        self.json_at(&mut path, &mut node.value)
    }

    fn json_at(&self, path: &mut Vec<String>, value: &mut Json) -> usize {
        let steps: Vec<&str> = path.iter().map(String::as_str).collect();
        let scalar = match value {
            Json::Null => None,
            Json::Bool(b) => Some(b.to_string()),
            Json::Number(n) => Some(n.clone()),
            Json::String(s) => Some(s.clone()),
            Json::Array(_) | Json::Object(_) => Some(String::new()),
        };
        if let Some(rule) = scalar.as_deref().and_then(|v| self.rule_for(&steps, v)) {
            *value = Json::String(rule.marker());
            return 1;
        }
        match value {
            Json::String(s) => usize::from(self.hide_target(s)),
            Json::Array(items) => {
                let mut n = 0;
                for (i, item) in items.iter_mut().enumerate() {
                    path.push(i.to_string());
                    n += self.json_at(path, &mut item.value);
                    path.pop();
                }
                n
            }
            Json::Object(members) => {
                let mut n = 0;
                for member in members.iter_mut() {
                    path.push(member.key.clone());
                    n += self.json_at(path, &mut member.value.value);
                    path.pop();
                }
                n
            }
            Json::Null | Json::Bool(_) | Json::Number(_) => 0,
        }
    }

    /// Redact an XML body (paths below the root element); returns how many values were hidden.
    pub(crate) fn xml(&self, root: &mut Element) -> usize {
        let mut path = Vec::new();
        let mut n = 0;
        for attr in &mut root.attrs {
            n += usize::from(self.hide_target(&mut attr.value));
        }
        for child in &mut root.children {
            n += self.xml_node(&mut path, child);
        }
        n
    }

    fn xml_node(&self, path: &mut Vec<String>, node: &mut XmlNode) -> usize {
        match node {
            XmlNode::Text(text) => usize::from(self.hide_target(text)),
            XmlNode::Element(element) => {
                path.push(element.local.clone());
                let n = self.xml_element(path, element);
                path.pop();
                n
            }
        }
    }

    fn xml_element(&self, path: &mut Vec<String>, element: &mut Element) -> usize {
        let steps: Vec<&str> = path.iter().map(String::as_str).collect();
        let value = if element.is_leaf() {
            element.text().into_owned()
        } else {
            String::new()
        };
        // An element without content (empty or i:nil) has nothing volatile to hide.
        if !element.children.is_empty()
            && let Some(rule) = self.rule_for(&steps, &value)
        {
            element.children = vec![XmlNode::Text(rule.marker())];
            return 1;
        }
        let mut n = 0;
        for attr in &mut element.attrs {
            n += usize::from(self.hide_target(&mut attr.value));
        }
        for child in &mut element.children {
            n += self.xml_node(path, child);
        }
        n
    }

    /// Replace the target URL in a text body; returns how many values were hidden (0 or 1).
    pub(crate) fn text(&self, text: &mut String) -> usize {
        usize::from(self.hide_target(text))
    }
}
