//! The core of `favorite-contract check`: typed findings, rules, profiles, response validation,
//! invariants, metamorphic relations, the oracle diff and reports. Everything here is pure: the
//! HTTP runner feeds it exchanges and collects [`Finding`]s.

pub(crate) mod body;
mod compare;
mod exchange;
mod finding;
mod hostile;
mod http;
mod invariants;
mod metamorphic;
mod oracle;
mod profile;
mod report;
mod rule;
#[cfg(test)]
mod rule_tests;
pub mod run;
mod sink;

pub use body::{
    BodyCheck, ExpectedMessage, MAX_EXCERPT_CHARS, check_error_body, check_response_bytes,
    check_response_text, check_text,
};
pub use exchange::{ExchangeCheck, Expectation, check_exchange};
pub(crate) use finding::format_id;
pub use finding::{Body, CaseRequest, Finding, Location};
pub use hostile::{check_cross_operator, check_stack_trace};
pub use http::{
    Observed, Situation, check_allow, check_challenge, check_content_type, check_cors,
    check_no_2xx_data, check_status, check_timeout, media_format,
};
pub(crate) use http::{first_header, timeout_finding};
pub use invariants::{AVG_TOLERANCE, MONEY_SCALE, check_invariants};
pub use metamorphic::{
    NotApplicable, Observation, filter_narrowing, format_equivalence, paging_concat,
    period_narrowing, repeat, total_rows_paging,
};
pub use oracle::{oracle_diff, oracle_diff_with};
pub use profile::{
    BUILTIN, ClientFavoritesOrder, ExpectedDateKind, Granularity, LengthZero, Level, MissingEnd,
    Order, PageWindow, Paging, Period, PeriodEnd, Profile, ProfileError, PropertyOrder, StartBase,
    Tolerance,
};
pub use report::{
    CheckedRule, EXIT_CLEAN, EXIT_FINDINGS, HumanOptions, Report, RuleCount, RunInfo,
};
pub use rule::{RuleFamily, RuleId, SEVERITY_POLICY, Severity, UnknownRule};
