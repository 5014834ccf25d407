//! Business validation (contracts/reference/domain.md#business-errors): eight independent checks run in
//! the contract's order (3, 4, 5, 1, 2, 6, 7, 8); the first failure wins.

use super::visibility::until;
use super::{Settings, zone};
use crate::contract::contract;
use crate::dataset::{ClientRecords, Dataset};
use crate::model::{Request, Response};
use chrono::NaiveDateTime;
use std::sync::OnceLock;

/// One business check, named by what fails it; the discriminant is its `ErrorCode`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Check {
    /// 1: `Client` is 0.
    ClientMissing = 1,
    /// 2: the client does not exist or belongs to another operator.
    ClientNotFound = 2,
    /// 3: the operator does not exist.
    OperatorNotFound = 3,
    /// 4: a given `Token` is not one of the operator's.
    TokenNotFound = 4,
    /// 5: a given `SiteCode` is not one of the operator's.
    SiteCodeNotFound = 5,
    /// 6: a given `ClientFavoriteId` is not an entry of this client.
    EntryNotFound = 6,
    /// 7: `BegDate` is a later calendar day than `EndDate`.
    PeriodReversed = 7,
    /// 8: `Start` or `Length` below -1.
    PagingInvalid = 8,
}

impl Check {
    const ALL: [Check; 8] = [
        Check::ClientMissing,
        Check::ClientNotFound,
        Check::OperatorNotFound,
        Check::TokenNotFound,
        Check::SiteCodeNotFound,
        Check::EntryNotFound,
        Check::PeriodReversed,
        Check::PagingInvalid,
    ];

    /// The `ErrorCode`.
    pub(crate) fn code(self) -> i32 {
        self as i32
    }

    fn from_code(code: i32) -> Option<Check> {
        Check::ALL.into_iter().find(|c| c.code() == code)
    }
}

/// The checks in the contract's order; any check the contract's order omits runs last, so a
/// contract edit can reorder checks but never silently disable one. Worked out once.
fn order() -> &'static [Check] {
    static ORDER: OnceLock<Vec<Check>> = OnceLock::new();
    ORDER.get_or_init(|| {
        let mut listed: Vec<Check> = contract()
            .business_error_order
            .iter()
            .filter_map(|&code| Check::from_code(code))
            .collect();
        let rest: Vec<Check> = Check::ALL
            .into_iter()
            .filter(|c| !listed.contains(c))
            .collect();
        listed.extend(rest);
        listed
    })
}

/// The code of the first failing check, if any. `records` is the request's client as the
/// dataset holds it (looked up once by the caller).
pub(crate) fn first_failure(
    request: &Request,
    dataset: &Dataset,
    settings: &Settings,
    operator_id: i16,
    as_of: NaiveDateTime,
    records: Option<ClientRecords<'_>>,
) -> Option<i32> {
    let operator = dataset.operator(operator_id);
    let client = records.filter(|r| r.client.operator == operator_id);
    let fails = |check: Check| match check {
        Check::ClientMissing => request.client == 0,
        Check::ClientNotFound => client.is_none(),
        Check::OperatorNotFound => operator.is_none(),
        Check::TokenNotFound => request.token.is_some_and(|token| {
            token != 0 && operator.is_none_or(|op| op.tokens.binary_search(&token).is_err())
        }),
        Check::SiteCodeNotFound => request.site_code.as_deref().is_some_and(|code| {
            !code.is_empty()
                && operator.is_none_or(|op| {
                    op.site_codes
                        .binary_search_by(|c| c.as_str().cmp(code))
                        .is_err()
                })
        }),
        Check::EntryNotFound => request.client_favorite_id.is_some_and(|id| {
            // Entries offered after as_of do not exist yet.
            let entries = client.map_or(&[][..], |c| c.entries);
            !until(entries, as_of, |e| e.proc_time)
                .iter()
                .any(|e| e.id == id)
        }),
        Check::PeriodReversed => match (&request.beg_date, &request.end_date) {
            (Some(beg), Some(end)) => {
                let zone = zone(dataset, settings, operator);
                beg.server_wall(zone).date() > end.server_wall(zone).date()
            }
            _ => false,
        },
        Check::PagingInvalid => {
            request.start.is_some_and(|s| s < -1) || request.length.is_some_and(|l| l < -1)
        }
    };
    order()
        .iter()
        .find(|&&check| fails(check))
        .map(|check| check.code())
}

/// The response of a failed check, with the contract's message.
pub(crate) fn business_error(code: i32) -> Response {
    Response::business_error(code, contract().business_message(code).unwrap_or_default())
}
