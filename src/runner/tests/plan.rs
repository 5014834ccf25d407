//! The same seed draws the same cases in the same positions; the mix of kinds is fixed by
//! position; hostile kinds follow the formats and the auth policy; cases are drawn lazily.

use crate::codec::Format;
use crate::dataset::Dataset;
use crate::judge::AuthPolicy;
use crate::runner::cases::{CaseLabel, Knowledge, Payload};
use crate::runner::plan::{CYCLE, CaseStream, Generator, Kind, Planned, kind_of};
use std::collections::BTreeSet;
use std::sync::Arc;

fn knowledge() -> Arc<Knowledge> {
    Arc::new(Knowledge::from_dataset(
        &Dataset::embedded_default(),
        0,
        &[],
    ))
}

fn singles(g: Generator) -> Vec<crate::runner::Case> {
    g.filter_map(|(_, p)| match p {
        Planned::Single(c) => Some(c),
        Planned::Sequence(_) => None,
    })
    .collect()
}

#[test]
fn the_mix_is_fixed_by_position() {
    let kinds: Vec<Kind> = (0..CYCLE).map(kind_of).collect();
    let count = |k: Kind| kinds.iter().filter(|&&x| x == k).count();
    assert_eq!(
        (
            count(Kind::Valid),
            count(Kind::Hostile),
            count(Kind::Sequence)
        ),
        (27, 12, 1)
    );
    assert_eq!(kind_of(20), Kind::Sequence);
    assert_eq!(kind_of(60), Kind::Sequence);
}

#[test]
fn the_same_seed_draws_the_same_cases_and_exactly_as_many_as_asked() {
    let k = knowledge();
    let formats = [Format::Json, Format::Xml, Format::Form];
    let draw = |seed| Generator::new(seed, 400, &k, &formats, AuthPolicy::Required);
    let a: Vec<(u64, Planned)> = draw(7).collect();
    let b: Vec<(u64, Planned)> = draw(7).collect();
    assert_eq!(format!("{a:?}"), format!("{b:?}"));
    assert_ne!(singles(draw(7)), singles(draw(8)));
    assert_eq!(a.len(), 400, "every position drawn");
    assert!(
        a.iter()
            .enumerate()
            .all(|(i, (index, _))| *index == i as u64)
    );
    let sequences = a
        .iter()
        .filter(|(_, p)| matches!(p, Planned::Sequence(_)))
        .count();
    assert_eq!(sequences, 10);
}

#[test]
fn hostile_kinds_cover_the_issue_list() {
    let k = knowledge();
    let formats = [Format::Json, Format::Xml, Format::Form];
    let cases = singles(Generator::new(1, 4000, &k, &formats, AuthPolicy::Required));
    let labels: BTreeSet<CaseLabel> = cases.iter().map(|c| c.label).collect();
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
    let used: BTreeSet<&str> = cases
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
    let generator = Generator::new(3, 2000, &k, &[Format::Form], AuthPolicy::Unchecked);
    let cases = singles(generator);
    // Auth cases are redrawn, not dropped: every single position still holds a case.
    assert_eq!(cases.len(), 2000 - 2000 / CYCLE as usize);
    for case in &cases {
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

/// The generator thread stays at most its buffer ahead of the reader, whatever the plan's
/// size: ten million cases cost no more memory than ten.
#[tokio::test]
async fn the_stream_draws_only_as_far_ahead_as_its_buffer() {
    let mut stream = CaseStream::spawn(
        5,
        10_000_000,
        knowledge(),
        vec![Format::Json],
        AuthPolicy::Required,
        4,
    );
    for _ in 0..3 {
        let drawn = stream
            .next()
            .await
            .expect("a case")
            .expect("no generator failure");
        drop(drawn);
        stream.held().release();
    }
    // Give the thread every chance to run ahead.
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    let peak = stream.held().peak();
    assert!(
        peak <= 4 + 2,
        "{peak} cases held with a buffer of 4 (eager generation would hold all of them)"
    );
    assert!(peak >= 4, "the buffer fills: {peak}");
}
