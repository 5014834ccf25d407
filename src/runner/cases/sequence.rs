//! Plans for the stateful sequences behind the metamorphic relations: the same query unpaged,
//! repeated, re-encoded in every format, paged, narrowed by period and by each filter. The
//! later requests depend on the first answer (its rows' dates and ids), so a plan holds the
//! choices and the runner derives the requests from what the server returned.

use super::Knowledge;
use super::valid::negotiation_headers;
use super::values::client_and_operator;
use crate::codec::Format;
use crate::model::Request;
use proptest::prelude::*;
use proptest::sample::{Index, select};
use std::sync::Arc;

/// Pages fetched at most per sequence (the rest of the list is compared as a prefix).
pub(crate) const MAX_PAGES: usize = 6;

/// Largest page length a sequence pages with.
const MAX_PAGE_LENGTH: i32 = 4;

/// Ways to ask for every row: `Start`/`Length` absent, both -1 (production's "no paging"),
/// `Start` 1 or 0 with no `Length`.
pub(crate) const UNPAGED_FORMS: &[(Option<i32>, Option<i32>)] = &[
    (None, None),
    (Some(-1), Some(-1)),
    (Some(1), None),
    (Some(0), Some(-1)),
];

/// The choices of one sequence.
#[derive(Clone, Debug)]
pub(crate) struct SequencePlan {
    /// The query without paging, period or row filters.
    pub base: Request,
    /// The format of the first request (the others re-encode it).
    pub format: Format,
    /// Negotiation headers sent with every request of the sequence.
    pub headers: Vec<(String, String)>,
    /// How the unpaged request spells "every row".
    pub unpaged: (Option<i32>, Option<i32>),
    /// The page length.
    pub page_length: i32,
    /// Which row dates bound the narrowed period.
    pub narrow: (Index, Index),
    /// The kind the narrowed bounds are sent in: 0 Unspecified, 1 Utc, 2 Local server offset.
    pub narrow_kind: u8,
    /// Which row's id narrows by `ClientFavoriteId`.
    pub favorite: Index,
    /// Which goods id narrows by `ListDataId`.
    pub list_data: Index,
}

/// A sequence plan over the known clients (any client when none is known).
pub(crate) fn sequence_plan(
    k: &Arc<Knowledge>,
    formats: Vec<Format>,
) -> impl Strategy<Value = SequencePlan> + use<> {
    (
        client_and_operator(k),
        select(formats),
        negotiation_headers(),
        select(UNPAGED_FORMS),
        1..=MAX_PAGE_LENGTH,
        (any::<Index>(), any::<Index>()),
        0u8..3,
        any::<Index>(),
        any::<Index>(),
    )
        .prop_map(
            |((client, operator), format, headers, unpaged, page_length, narrow, kind, fav, ld)| {
                SequencePlan {
                    base: Request {
                        client,
                        operator,
                        ..Request::default()
                    },
                    format,
                    headers,
                    unpaged,
                    page_length,
                    narrow,
                    narrow_kind: kind,
                    favorite: fav,
                    list_data: ld,
                }
            },
        )
}
