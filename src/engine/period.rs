//! The period filter (calendar days, both ends inclusive) and paging (contracts/reference/domain.md#period
//! and "Paging (profile)").

use crate::model::Request;
use crate::model::Zone;
use chrono::{NaiveDate, NaiveDateTime};
use std::ops::Range;

/// `BegDate`..=`EndDate` as calendar days in the server zone; a missing end is unbounded.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Period {
    pub(crate) from: Option<NaiveDate>,
    pub(crate) to: Option<NaiveDate>,
}

impl Period {
    /// The request's period; dates with an offset are first converted to the server zone, as
    /// .NET converts them to local time. Time parts are ignored.
    pub(crate) fn of(request: &Request, zone: Zone) -> Period {
        Period {
            from: request.beg_date.map(|d| d.server_wall(zone).date()),
            to: request.end_date.map(|d| d.server_wall(zone).date()),
        }
    }

    /// The positions of `items` (sorted by time) that fall in the period.
    pub(crate) fn range<T>(&self, items: &[T], time: impl Fn(&T) -> NaiveDateTime) -> Range<usize> {
        let start = self
            .from
            .map_or(0, |from| items.partition_point(|i| time(i).date() < from));
        let end = self.to.map_or(items.len(), |to| {
            items.partition_point(|i| time(i).date() <= to)
        });
        start..end.max(start)
    }
}

/// Which rows of the ordered list a request returns.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Page {
    skip: usize,
    take: Option<usize>,
}

impl Page {
    /// `Start` is 1-based (missing, 0 and -1 mean 1); `Length` missing or -1 means no limit and
    /// 0 an empty page. Values below -1 never get here (business error 8).
    pub(crate) fn of(request: &Request) -> Page {
        let start = request.start.unwrap_or(1).max(1);
        let skip = usize::try_from(start - 1).unwrap_or(0);
        let take = match request.length {
            None | Some(-1) => None,
            Some(n) => Some(usize::try_from(n).unwrap_or(0)),
        };
        Page { skip, take }
    }

    /// Apply to rows in their final order.
    pub(crate) fn apply<T>(self, rows: impl Iterator<Item = T>) -> impl Iterator<Item = T> {
        rows.skip(self.skip).take(self.take.unwrap_or(usize::MAX))
    }
}
