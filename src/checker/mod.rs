//! The rules of the contract as pure functions: typed findings, the rule table, profiles,
//! response body validation, HTTP-level checks, invariants, metamorphic relations, the oracle
//! diff and reports. Nothing here does I/O; the judging core ([`crate::judge`]) applies these
//! rules to exchanges and the runner collects the [`Finding`]s into a [`Report`].

mod body;
mod compare;
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
mod selection;
mod sink;

pub(crate) use body::decode;
pub use body::{
    BodyCheck, ExpectedMessage, MAX_EXCERPT_CHARS, check_error_body, check_response_bytes,
    check_response_text, check_text,
};
pub use finding::{Finding, Location};
pub use hostile::{check_cross_operator, check_stack_trace};
pub use http::{
    Situation, check_allow, check_challenge, check_content_type, check_cors, check_no_2xx_data,
    check_preflight, check_status, check_timeout,
};
pub(crate) use http::{preflight_of, timeout_finding};
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
    CheckedRule, EXIT_CLEAN, EXIT_FINDINGS, EXIT_INTERNAL_ERROR, EXIT_INTERRUPTED, HumanOptions,
    InternalError, MAX_LISTED_FINDINGS, Report, RuleCount, RunEnd, RunInfo,
};
pub use rule::{RuleFamily, RuleId, SEVERITY_POLICY, Severity, UnknownRule};
pub use selection::{RuleSelection, SelectionError};
