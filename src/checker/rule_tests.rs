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

#[test]
fn every_rule_states_its_grades_and_names_the_secondary_ones() {
    for &rule in RuleId::ALL {
        let grades = rule.grades();
        assert!(!grades.is_empty(), "{rule}");
        let mut sorted = grades.to_vec();
        sorted.sort();
        sorted.dedup();
        assert_eq!(
            sorted, grades,
            "{rule}: grades listed once, most severe first"
        );
        if grades.len() > 1 {
            // Which case gets which grade is said in the description.
            for grade in grades.iter().filter(|g| **g != Severity::Violation) {
                let name = grade.id().replace('-', " ");
                assert!(
                    rule.description().contains(&name),
                    "{rule}: the description does not say when it is a {name}"
                );
            }
        }
    }
    // Profile deviations come only from the domain's profile choices (and the two framework
    // points the domain lists with them); the orders it fixes are violations.
    assert_eq!(RuleId::InvFixedOrder.grades(), [Severity::Violation]);
    assert_eq!(RuleId::InvOrder.grades(), [Severity::ProfileDeviation]);
    assert_eq!(RuleId::HttpChallenge.grades(), [Severity::Violation]);
    assert!(SEVERITY_POLICY.starts_with("contracts/reference/domain.md#"));
}
