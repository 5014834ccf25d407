//! The request corpus: the cases of `contracts/corpus/`, embedded in the binary so
//! `favorite-contract snapshot` needs no checkout, or read from any folder of case files.

use super::case::Case;
use super::load::{CorpusError, parse_case};
use std::path::Path;

/// The corpus folder, relative to the repository root.
pub const CORPUS_DIR: &str = "contracts/corpus";

macro_rules! embedded {
    ($($name:literal),* $(,)?) => {
        &[$(($name, include_str!(concat!("../../contracts/corpus/", $name)))),*]
    };
}

/// The embedded case files (file name, text), in file-name order. A test checks this list
/// against the folder, so a new case file cannot be forgotten here.
pub const EMBEDDED: &[(&str, &str)] = embedded![
    "accept-browser-prefers-xml.json",
    "accept-none-follows-request.json",
    "accept-q-values-prefer-xml.json",
    "accept-text-json.json",
    "accept-tie-goes-to-json.json",
    "accept-unsupported-falls-back.json",
    "auth-basic-scheme.json",
    "auth-empty-bearer.json",
    "auth-missing.json",
    "body-empty-json.json",
    "body-empty-no-content-type.json",
    "body-json-array.json",
    "body-unparseable-json.json",
    "client-1001-never-offered.json",
    "client-1002-close-to-eligible.json",
    "client-1003-offer-pending.json",
    "client-1004-offer-expired.json",
    "client-1005-confirmed-no-goods.json",
    "client-1006-two-of-three-goods.json",
    "client-1007-replaced-goods.json",
    "client-1008-action-ended.json",
    "client-1009-entry-deactivated.json",
    "client-1010-links-deactivated.json",
    "client-1011-four-offers.json",
    "client-1012-forty-five-offers.json",
    "client-1013-rounding-half-away.json",
    "client-1014-events-after-as-of.json",
    "client-1015-confirmed-after-as-of.json",
    "client-1016-midnight-offers.json",
    "client-1017-same-instant.json",
    "client-1018-open-ended-action.json",
    "client-1019-no-confirm-deadline.json",
    "client-1020-goods-without-picture.json",
    "client-1021-eligible-now.json",
    "client-1022-purchases-below-minimum.json",
    "client-1023-new-offer-after-expiry.json",
    "client-2001-all-five-goods.json",
    "client-2002-offer-pending.json",
    "client-2003-one-purchase-short.json",
    "client-2004-older-entry-deactivated.json",
    "client-2005-deactivated-link.json",
    "client-7001-operator-plus-five.json",
    "client-7002-late-evening-offer.json",
    "client-7003-never-offered.json",
    "client-7004-link-deactivated.json",
    "error-1-client-missing.json",
    "error-2-client-of-another-operator.json",
    "error-2-client-unknown.json",
    "error-3-checked-before-1.json",
    "error-3-operator-unknown.json",
    "error-4-token-of-another-operator.json",
    "error-5-site-code-unknown.json",
    "error-6-entry-after-as-of.json",
    "error-6-entry-of-another-client.json",
    "error-7-checked-before-8.json",
    "error-7-period-reversed.json",
    "error-8-length-below-minus-one.json",
    "error-8-start-below-minus-one.json",
    "filter-both-no-match.json",
    "filter-client-favorite-id-deactivated.json",
    "filter-list-data-id.json",
    "form-lowercase-keys.json",
    "form-plus-in-offset.json",
    "json-client-overflow.json",
    "json-float-in-integer.json",
    "json-lowercase-names.json",
    "json-numbers-as-strings.json",
    "json-operator-overflow.json",
    "media-type-json-suffix.json",
    "media-type-missing.json",
    "media-type-text-plain.json",
    "method-get-not-allowed.json",
    "not-found-unknown-action.json",
    "operator-zero-is-default.json",
    "paging-everything.json",
    "paging-last-partial-page.json",
    "paging-length-without-start.json",
    "paging-length-zero.json",
    "paging-second-page.json",
    "paging-start-minus-one-is-one.json",
    "paging-start-past-end.json",
    "paging-start-zero-is-one.json",
    "period-begin-only.json",
    "period-end-only.json",
    "period-narrows-counts.json",
    "period-one-calendar-day.json",
    "period-operator-time-zone-next-day.json",
    "period-operator-time-zone.json",
    "period-other-offset.json",
    "period-time-parts-ignored.json",
    "period-utc-date.json",
    "site-code-cyrillic.json",
    "site-code-empty-is-not-given.json",
    "token-and-site-code-of-operator.json",
    "token-zero-is-not-given.json",
    "x-requested-with-json.json",
    "xml-base-member-wrong-namespace.json",
    "xml-empty-numeric-element.json",
    "xml-member-out-of-order.json",
    "xml-prefixed-names.json",
    "xml-root-without-namespace.json",
    "xml-wrong-root-name.json",
];

/// The embedded corpus, validated, in id order.
pub fn embedded() -> Result<Vec<Case>, CorpusError> {
    let mut cases = Vec::with_capacity(EMBEDDED.len());
    for (name, text) in EMBEDDED {
        let stem = name.strip_suffix(".json").unwrap_or(name);
        cases.push(parse_case(&format!("{CORPUS_DIR}/{name}"), stem, text)?);
    }
    finish(cases, CORPUS_DIR)
}

/// Every `*.json` case of a folder, validated, in id order.
pub fn load_dir(dir: &Path) -> Result<Vec<Case>, CorpusError> {
    let shown = dir.display().to_string();
    let io = |source| CorpusError::Io {
        path: shown.clone(),
        source,
    };
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(io)? {
        let path = entry.map_err(io)?.path();
        if path.extension().is_some_and(|e| e == "json") {
            files.push(path);
        }
    }
    files.sort();
    let mut cases = Vec::with_capacity(files.len());
    for path in files {
        let file = path.display().to_string();
        let text = std::fs::read_to_string(&path).map_err(|source| CorpusError::Io {
            path: file.clone(),
            source,
        })?;
        let stem = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        cases.push(parse_case(&file, &stem, &text)?);
    }
    finish(cases, &shown)
}

fn finish(mut cases: Vec<Case>, dir: &str) -> Result<Vec<Case>, CorpusError> {
    if cases.is_empty() {
        return Err(CorpusError::Empty {
            path: dir.to_owned(),
        });
    }
    cases.sort_by(|a, b| a.id.cmp(&b.id));
    if let Some(pair) = cases.windows(2).find(|w| w[0].id == w[1].id) {
        return Err(CorpusError::DuplicateId {
            file: format!("{dir}/{}.json", pair[1].id),
            id: pair[1].id.clone(),
            other: format!("{dir}/{}.json", pair[0].id),
        });
    }
    Ok(cases)
}

/// The cases with these ids (all when `ids` is empty), in corpus order.
pub fn select(cases: Vec<Case>, ids: &[String]) -> Result<Vec<Case>, CorpusError> {
    if let Some(id) = ids.iter().find(|id| !cases.iter().any(|c| &c.id == *id)) {
        return Err(CorpusError::UnknownCase { id: id.clone() });
    }
    Ok(cases
        .into_iter()
        .filter(|c| ids.is_empty() || ids.contains(&c.id))
        .collect())
}
