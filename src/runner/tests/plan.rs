//! The same seed draws the same cases; hostile kinds follow the formats and the auth policy.

use crate::codec::Format;
use crate::dataset::Dataset;
use crate::judge::AuthPolicy;
use crate::runner::cases::{CaseLabel, Knowledge, Payload};
use crate::runner::plan::plan;
use std::collections::BTreeSet;
use std::sync::Arc;

fn knowledge() -> Arc<Knowledge> {
    Arc::new(Knowledge::from_dataset(
        &Dataset::embedded_default(),
        0,
        &[],
    ))
}

#[test]
fn the_same_seed_draws_the_same_plan() {
    let k = knowledge();
    let formats = [Format::Json, Format::Xml, Format::Form];
    let a = plan(7, 400, &k, &formats, AuthPolicy::Required);
    let b = plan(7, 400, &k, &formats, AuthPolicy::Required);
    let c = plan(8, 400, &k, &formats, AuthPolicy::Required);
    assert_eq!(a.singles, b.singles);
    assert_eq!(format!("{:?}", a.sequences), format!("{:?}", b.sequences));
    assert_ne!(a.singles, c.singles);
    assert_eq!(a.singles.len(), 400 * 55 / 100 + 400 * 30 / 100);
    assert!(!a.sequences.is_empty());
}

#[test]
fn hostile_kinds_cover_the_issue_list() {
    let k = knowledge();
    let formats = [Format::Json, Format::Xml, Format::Form];
    let p = plan(1, 4000, &k, &formats, AuthPolicy::Required);
    let labels: BTreeSet<CaseLabel> = p.singles.iter().map(|c| c.label).collect();
    for label in [
        CaseLabel::Valid,
        CaseLabel::WrongType,
        CaseLabel::Overflow,
        CaseLabel::MalformedJson,
        CaseLabel::MalformedXml,
        CaseLabel::WrongXmlRoot,
        CaseLabel::XmlOutOfOrder,
        CaseLabel::XmlWrongNamespace,
        CaseLabel::XmlEmptyNumeric,
        CaseLabel::UnknownContentType,
        CaseLabel::MissingBody,
        CaseLabel::HugeBody,
        CaseLabel::MissingAuth,
        CaseLabel::BadAuth,
        CaseLabel::UnknownPath,
        CaseLabel::WrongMethod,
        CaseLabel::CrossOperator,
    ] {
        assert!(labels.contains(&label), "no {label:?} case drawn");
    }
    let used: BTreeSet<&str> = p
        .singles
        .iter()
        .filter_map(|c| match &c.payload {
            Payload::Encoded { format, .. } => Some(match format {
                Format::Json => "json",
                Format::Xml => "xml",
                Format::Form => "form",
            }),
            Payload::Raw { .. } => None,
        })
        .collect();
    assert_eq!(used, BTreeSet::from(["form", "json", "xml"]));
}

#[test]
fn formats_and_auth_policy_limit_the_kinds() {
    let k = knowledge();
    let p = plan(3, 2000, &k, &[Format::Form], AuthPolicy::Unchecked);
    for case in &p.singles {
        assert!(
            !matches!(
                case.label,
                CaseLabel::MalformedJson
                    | CaseLabel::MalformedXml
                    | CaseLabel::XmlOutOfOrder
                    | CaseLabel::MissingAuth
                    | CaseLabel::BadAuth
            ),
            "{:?} drawn for a form-only run without auth",
            case.label
        );
        if let Payload::Encoded { format, .. } = &case.payload {
            assert_eq!(*format, Format::Form);
        }
    }
}
