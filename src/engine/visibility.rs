//! What exists at `as_of` (contracts/reference/domain.md#as-of): offers and purchases
//! made later are invisible, and a confirmation made later has not happened yet.

use crate::dataset::{Entry, Link};
use chrono::NaiveDateTime;

/// The records of `items` (sorted by time) that exist at `as_of`.
pub(crate) fn until<T>(
    items: &[T],
    as_of: NaiveDateTime,
    time: impl Fn(&T) -> NaiveDateTime,
) -> &[T] {
    &items[..items.partition_point(|item| time(item) <= as_of)]
}

/// An entry's confirmation as it stands at `as_of`: a confirmation made later has not happened
/// yet, so it shows as unconfirmed, without confirmation time, action end or chosen goods (goods
/// are chosen when confirming).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Confirmation {
    pub(crate) confirm: bool,
    pub(crate) proc_time_confirm: Option<NaiveDateTime>,
    pub(crate) action_date_end: Option<NaiveDateTime>,
}

impl Confirmation {
    pub(crate) fn at(entry: &Entry, as_of: NaiveDateTime) -> Confirmation {
        if Self::pending(entry, as_of) {
            Confirmation {
                confirm: false,
                proc_time_confirm: None,
                action_date_end: None,
            }
        } else {
            Confirmation {
                confirm: entry.confirm,
                proc_time_confirm: entry.proc_time_confirm,
                action_date_end: entry.action_date_end,
            }
        }
    }

    /// The entry's links as they stand at `as_of`.
    pub(crate) fn links(entry: &Entry, as_of: NaiveDateTime) -> &[Link] {
        if Self::pending(entry, as_of) {
            &[]
        } else {
            &entry.links
        }
    }

    /// Confirmed, but only after `as_of`.
    fn pending(entry: &Entry, as_of: NaiveDateTime) -> bool {
        entry.confirm && entry.proc_time_confirm.is_some_and(|time| time > as_of)
    }
}
