use super::rule::*;
use std::collections::HashSet;

#[test]
fn rule_ids_are_unique_parse_back_and_name_their_family() {
    let mut seen = HashSet::new();
    for &rule in RuleId::ALL {
        assert!(seen.insert(rule.id()), "duplicate id {}", rule.id());
        assert_eq!(rule.id().parse::<RuleId>().unwrap(), rule);
        let family = serde_json::to_value(rule.family()).unwrap();
        assert_eq!(Some(rule.id().split('.').next().unwrap()), family.as_str());
        assert!(!rule.description().is_empty() && !rule.source().is_empty());
        assert_eq!(
            serde_json::to_string(&rule).unwrap(),
            format!("\"{}\"", rule.id())
        );
    }
    insta::assert_snapshot!("json.decimal".parse::<RuleId>().unwrap_err().to_string(), @"expected a rule id such as `json.decimal-form`, found `json.decimal`");
}
