//! Which rules a run reports: `--include-rule` / `--exclude-rule` globs over rule ids
//! (`inv.*`, `http.status`, `*.layout`). A pattern that matches no rule id is refused, so a typo
//! never silently selects nothing.

use super::rule::RuleId;
use serde::{Deserialize, Serialize};

/// Rule-id globs: `*` stands for any run of characters, `?` for one.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RuleSelection {
    /// Only rules matching one of these (all rules when empty).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub include: Vec<String>,
    /// Never rules matching one of these.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub exclude: Vec<String>,
}

/// Why a selection cannot be used (a usage error).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum SelectionError {
    /// A pattern matches no rule id.
    #[error(
        "--{flag} `{pattern}`: expected a glob matching a rule id (e.g. inv.*, http.status, \
         *.layout; ids start with {families}), found one that matches none"
    )]
    NoMatch {
        /// `include-rule` or `exclude-rule`.
        flag: &'static str,
        /// The pattern.
        pattern: String,
        /// The family prefixes, for the message.
        families: String,
    },
    /// Nothing is left to check.
    #[error("--include-rule/--exclude-rule: expected at least one rule left to check, found none")]
    Empty,
}

/// Whether `text` matches the glob `pattern` (`*` any run, `?` one character; case-sensitive,
/// as rule ids are lower case).
pub(crate) fn glob_matches(pattern: &str, text: &str) -> bool {
    let p: Vec<char> = pattern.chars().collect();
    let t: Vec<char> = text.chars().collect();
    // Iterative matching with one backtrack point: linear in practice, no recursion.
    let (mut i, mut j) = (0usize, 0usize);
    let mut star: Option<(usize, usize)> = None;
    while j < t.len() {
        if i < p.len() && (p[i] == '?' || p[i] == t[j]) {
            i += 1;
            j += 1;
        } else if i < p.len() && p[i] == '*' {
            star = Some((i, j));
            i += 1;
        } else if let Some((si, sj)) = star {
            i = si + 1;
            j = sj + 1;
            star = Some((si, sj + 1));
        } else {
            return false;
        }
    }
    p[i..].iter().all(|&c| c == '*')
}

fn family_prefixes() -> String {
    let mut prefixes: Vec<&str> = Vec::new();
    for rule in RuleId::ALL {
        let prefix = rule.id().split('.').next().unwrap_or("");
        if !prefixes.contains(&prefix) {
            prefixes.push(prefix);
        }
    }
    prefixes
        .iter()
        .map(|p| format!("{p}."))
        .collect::<Vec<_>>()
        .join(", ")
}

impl RuleSelection {
    /// Every rule.
    pub fn all() -> RuleSelection {
        RuleSelection::default()
    }

    /// A selection from the flags' patterns, each checked to match at least one rule id.
    pub fn new(
        include: Vec<String>,
        exclude: Vec<String>,
    ) -> Result<RuleSelection, SelectionError> {
        for (flag, patterns) in [("include-rule", &include), ("exclude-rule", &exclude)] {
            for pattern in patterns {
                if !RuleId::ALL.iter().any(|r| glob_matches(pattern, r.id())) {
                    return Err(SelectionError::NoMatch {
                        flag,
                        pattern: pattern.clone(),
                        families: family_prefixes(),
                    });
                }
            }
        }
        let selection = RuleSelection { include, exclude };
        if !RuleId::ALL.iter().any(|&r| selection.selects(r)) {
            return Err(SelectionError::Empty);
        }
        Ok(selection)
    }

    /// Whether findings of `rule` are reported.
    pub fn selects(&self, rule: RuleId) -> bool {
        let id = rule.id();
        (self.include.is_empty() || self.include.iter().any(|p| glob_matches(p, id)))
            && !self.exclude.iter().any(|p| glob_matches(p, id))
    }

    /// Whether every rule is selected (no flag given).
    pub fn is_all(&self) -> bool {
        self.include.is_empty() && self.exclude.is_empty()
    }

    /// The flags as given, for a report's header (`--include-rule inv.* --exclude-rule …`).
    pub fn to_flags(&self) -> String {
        let include = self.include.iter().map(|p| format!("--include-rule {p}"));
        let exclude = self.exclude.iter().map(|p| format!("--exclude-rule {p}"));
        include.chain(exclude).collect::<Vec<_>>().join(" ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn globs_match_whole_ids() {
        assert!(glob_matches("inv.*", "inv.total-rows"));
        assert!(!glob_matches("inv.*", "hostile.timeout"));
        assert!(glob_matches("*.layout", "json.layout"));
        assert!(glob_matches("http.status", "http.status"));
        assert!(
            !glob_matches("http.stat", "http.status"),
            "a prefix is not a match"
        );
        assert!(glob_matches("http.?tatus", "http.status"));
        assert!(glob_matches("*", "meta.repeat"));
        assert!(!glob_matches("*o*o*", "oracle.diff"), "one o only");
        assert!(glob_matches("*a*e*", "oracle.diff"));
    }

    #[test]
    fn include_then_exclude() {
        let s = RuleSelection::new(vec!["inv.*".into()], vec!["inv.order".into()]).unwrap();
        assert!(s.selects(RuleId::InvTotalRows));
        assert!(!s.selects(RuleId::InvOrder));
        assert!(!s.selects(RuleId::HttpStatus));
        let only_exclude = RuleSelection::new(vec![], vec!["hostile.*".into()]).unwrap();
        assert!(only_exclude.selects(RuleId::HttpStatus));
        assert!(!only_exclude.selects(RuleId::HostileTimeout));
    }

    #[test]
    fn a_pattern_matching_nothing_or_an_empty_selection_is_refused() {
        let err = RuleSelection::new(vec!["inv.totl*".into()], vec![]).unwrap_err();
        assert!(
            err.to_string().starts_with(
                "--include-rule `inv.totl*`: expected a glob matching a rule id (e.g. inv.*"
            ),
            "{err}"
        );
        assert!(err.to_string().contains("http., "), "{err}");
        let err = RuleSelection::new(vec![], vec!["nope".into()]).unwrap_err();
        assert!(
            err.to_string().starts_with("--exclude-rule `nope`"),
            "{err}"
        );
        assert_eq!(
            RuleSelection::new(vec!["inv.*".into()], vec!["inv.*".into()]),
            Err(SelectionError::Empty)
        );
    }
}
