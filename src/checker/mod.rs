//! The core of `favorite-contract check`: typed findings, rules, profiles, response validation,
//! invariants, metamorphic relations, the oracle diff and reports. Everything here is pure: the
//! HTTP runner feeds it exchanges and collects [`Finding`]s.

mod body;
mod finding;
mod profile;
mod rule;
mod sink;

pub use body::{
    BodyCheck, ExpectedMessage, MAX_EXCERPT_CHARS, check_error_body, check_response_bytes,
    check_response_text, check_text,
};
pub use finding::{Body, CaseRequest, Finding, Location};
pub use profile::{
    BUILTIN, ClientFavoritesOrder, ExpectedDateKind, Granularity, GroupFavoritesOrder, LengthZero,
    Level, ListFavoritesOrder, MissingEnd, Order, PageWindow, Paging, Period, PeriodEnd, Profile,
    ProfileError, PropertyOrder, StartBase, Tolerance,
};
pub use rule::{RuleFamily, RuleId, Severity, UnknownRule};
