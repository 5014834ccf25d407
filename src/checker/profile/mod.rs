//! Profiles: the interpretations `contracts/reference/domain.md#profile-choices` marks **(profile)**, made configurable.
//!
//! A profile is a JSON file (`contracts/profiles/<name>.json`). Every key is optional: a missing
//! key keeps the `default` profile's value, an unknown key is an error, so a typo never silently
//! weakens a check. Built-in profiles are embedded: `default`, `help-page`, `lenient`.

mod load;
#[cfg(test)]
mod tests;

pub use load::ProfileError;

use super::finding::Finding;
use super::rule::{RuleId, Severity};
use crate::hosting::Host;
use crate::model::{MOSCOW, NetDateTime, Zone};
use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;

/// The embedded built-in profiles, by name.
pub const BUILTIN: &[(&str, &str)] = &[
    (
        "default",
        include_str!("../../../contracts/profiles/default.json"),
    ),
    (
        "help-page",
        include_str!("../../../contracts/profiles/help-page.json"),
    ),
    (
        "lenient",
        include_str!("../../../contracts/profiles/lenient.json"),
    ),
];

/// Which row `Start` designates.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", try_from = "i64")]
pub enum StartBase {
    /// `Start` 1 is the first row; a missing `Start`, 0 or -1 also mean the first row.
    One,
    /// `Start` 0 is the first row; a missing `Start` or -1 mean the first row.
    Zero,
}

/// What `Length` 0 means.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum LengthZero {
    /// An empty page (TotalRows still filled), as production's paged procedures do.
    EmptyPage,
    /// No limit.
    Unlimited,
}

/// Paging interpretation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Paging {
    /// Base of `Start`.
    pub start_base: StartBase,
    /// Meaning of `Length` 0. A missing `Length` or -1 always means no limit.
    pub length_zero: LengthZero,
}

/// Whether the `EndDate` day belongs to the period.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum PeriodEnd {
    /// `[BegDate, EndDate]`: both ends inclusive.
    Inclusive,
    /// `[BegDate, EndDate)`: the end excluded (some analytics procedures).
    Exclusive,
}

/// What the period compares.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Granularity {
    /// Calendar days in the server's time zone; time parts ignored.
    Day,
    /// Instants, time parts included.
    Instant,
}

/// What a missing `BegDate`/`EndDate` means.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum MissingEnd {
    /// That side of the period is open.
    Unbounded,
    /// Unknown (e.g. "until now"): rows are not checked against a missing end.
    Unchecked,
}

/// Period interpretation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Period {
    /// End inclusion.
    pub end: PeriodEnd,
    /// Day or instant comparison.
    pub granularity: Granularity,
    /// Missing ends.
    pub missing_end: MissingEnd,
}

/// `ClientFavorites` order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ClientFavoritesOrder {
    /// `ProcTime` descending, then `Id` descending (newest first).
    ProcTimeDescIdDesc,
    /// `ProcTime` ascending, then `Id` ascending.
    ProcTimeAscIdAsc,
    /// Not checked.
    Unchecked,
}

/// Row orders a profile may choose. Only `ClientFavorites` is a profile choice
/// (contracts/reference/domain.md#profile-choices); the orders of `GroupFavorites` and
/// `ListFavorites` are fixed by the domain and always checked (`inv.fixed-order`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Order {
    /// `ClientFavorites`.
    pub client_favorites: ClientFavoritesOrder,
}

/// Whether a tolerated variant is accepted or reported as a profile deviation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Tolerance {
    /// Accepted silently.
    Allow,
    /// Reported as [`Severity::ProfileDeviation`].
    Report,
}

/// The `DateTime` kind responses are expected to carry.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ExpectedDateKind {
    /// No suffix: SQL Server values through .NET (production).
    Unspecified,
    /// The server's offset (`+03:00`), like the help page's `DateTime.Now` samples.
    Local,
    /// `Z`.
    Utc,
    /// Any kind.
    Any,
}

/// Whether JSON property order is checked.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum PropertyOrder {
    /// Order-insensitive (contracts/reference/wire.md#json-write: reflection order is unspecified).
    Ignore,
    /// Json.NET order of the contract, reported as a profile deviation.
    Strict,
}

/// A rule's level after a profile override.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Level {
    /// Report with this severity.
    Report(Severity),
    /// Do not report.
    Off,
}

/// A checker profile.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Profile {
    /// Name (the file stem).
    pub name: String,
    /// What it is for.
    pub description: String,
    /// The server's time zone (an offset or an IANA name): dates with an offset are read into
    /// it, `Local` dates carry its offset at their instant.
    #[serde(serialize_with = "serialize_zone")]
    pub time_zone: Zone,
    /// The zone business days are counted in for the case being judged, when it is not the
    /// server's (an operator with its own zone); set per case by the runner, never loaded.
    #[serde(skip)]
    pub business_zone: Option<Zone>,
    /// The host in front of Web API: `iis` answers a `POST`/`PUT` without a length with
    /// HTTP.sys's 411 before the application runs.
    pub host: Host,
    /// Paging.
    pub paging: Paging,
    /// Period filter.
    pub period: Period,
    /// Row orders.
    pub order: Order,
    /// `null` arrays instead of `[]`.
    pub null_arrays: Tolerance,
    /// `null` Message instead of `""` on success.
    pub null_message: Tolerance,
    /// Date kind of response dates.
    pub date_kind: ExpectedDateKind,
    /// JSON property order.
    pub json_property_order: PropertyOrder,
    /// Per-rule severity overrides.
    pub severity: BTreeMap<RuleId, Level>,
}

impl Serialize for Level {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Level::Report(severity) => severity.serialize(s),
            Level::Off => s.serialize_str("off"),
        }
    }
}

fn serialize_zone<S: serde::Serializer>(zone: &Zone, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&zone.to_string())
}

impl Default for Profile {
    /// The built-in `default` profile (the same values as `contracts/profiles/default.json`,
    /// which a test proves).
    fn default() -> Profile {
        Profile {
            name: "default".to_owned(),
            description: String::new(),
            time_zone: Zone::Fixed(MOSCOW),
            business_zone: None,
            host: Host::Iis,
            paging: Paging {
                start_base: StartBase::One,
                length_zero: LengthZero::EmptyPage,
            },
            period: Period {
                end: PeriodEnd::Inclusive,
                granularity: Granularity::Day,
                missing_end: MissingEnd::Unbounded,
            },
            order: Order {
                client_favorites: ClientFavoritesOrder::ProcTimeDescIdDesc,
            },
            null_arrays: Tolerance::Allow,
            null_message: Tolerance::Allow,
            date_kind: ExpectedDateKind::Unspecified,
            json_property_order: PropertyOrder::Ignore,
            severity: BTreeMap::new(),
        }
    }
}

/// The rows a page covers: skip `offset`, then take at most `limit` (`None`: all).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PageWindow {
    /// Rows skipped.
    pub offset: u64,
    /// Rows taken at most.
    pub limit: Option<u64>,
}

impl PageWindow {
    /// The page size for `total` rows.
    pub fn size(&self, total: u64) -> u64 {
        let rest = total.saturating_sub(self.offset);
        self.limit.map_or(rest, |l| rest.min(l))
    }
}

impl Profile {
    /// A built-in profile by name.
    pub fn builtin(name: &str) -> Result<Profile, ProfileError> {
        let (file, text) = BUILTIN.iter().find(|(n, _)| *n == name).ok_or_else(|| {
            ProfileError::UnknownBuiltin {
                found: name.to_owned(),
            }
        })?;
        load::parse(&format!("contracts/profiles/{file}.json"), text)
    }

    /// Load a profile file; a bare name (no `/`, no `.json`) selects a built-in one.
    pub fn load(path: &Path) -> Result<Profile, ProfileError> {
        let text = std::fs::read_to_string(path).map_err(|source| ProfileError::Io {
            file: path.display().to_string(),
            source,
        })?;
        load::parse(&path.display().to_string(), &text)
    }

    /// Parse profile text; `file` names it in errors.
    pub fn parse(file: &str, text: &str) -> Result<Profile, ProfileError> {
        load::parse(file, text)
    }

    /// The level of `rule` whose built-in severity is `default`.
    pub fn level(&self, rule: RuleId, default: Severity) -> Level {
        self.severity
            .get(&rule)
            .copied()
            .unwrap_or(Level::Report(default))
    }

    /// Apply the severity overrides: re-grade findings and drop the ones switched off.
    pub fn apply(&self, findings: Vec<Finding>) -> Vec<Finding> {
        findings
            .into_iter()
            .filter_map(|mut f| match self.level(f.rule, f.severity) {
                Level::Report(severity) => {
                    f.severity = severity;
                    Some(f)
                }
                Level::Off => None,
            })
            .collect()
    }

    /// The page a request's `Start`/`Length` designate; `None` when they are invalid
    /// (< -1, business error 8).
    pub fn page_window(&self, start: Option<i32>, length: Option<i32>) -> Option<PageWindow> {
        let start = start.unwrap_or(-1);
        let length = length.unwrap_or(-1);
        if start < -1 || length < -1 {
            return None;
        }
        let offset = match self.paging.start_base {
            StartBase::One => u64::try_from(start.max(1) - 1).unwrap_or(0),
            StartBase::Zero => u64::try_from(start.max(0)).unwrap_or(0),
        };
        let limit = match length {
            -1 => None,
            0 => match self.paging.length_zero {
                LengthZero::EmptyPage => Some(0),
                LengthZero::Unlimited => None,
            },
            n => u64::try_from(n).ok(),
        };
        Some(PageWindow { offset, limit })
    }

    /// The `Start` value of the page beginning after `offset` rows.
    pub fn start_for_offset(&self, offset: u64) -> u64 {
        match self.paging.start_base {
            StartBase::One => offset + 1,
            StartBase::Zero => offset,
        }
    }

    /// Whether `t` lies in the period `[beg, end]` of a request, per the profile; `None` when the
    /// profile leaves it unchecked (a missing end under [`MissingEnd::Unchecked`]).
    pub fn in_period(
        &self,
        beg: Option<&NetDateTime>,
        end: Option<&NetDateTime>,
        t: &NetDateTime,
    ) -> Option<bool> {
        if self.period.missing_end == MissingEnd::Unchecked && (beg.is_none() || end.is_none()) {
            return None;
        }
        let at = self.point(t);
        let after_beg = beg.is_none_or(|b| self.point(b) <= at);
        let before_end = end.is_none_or(|e| {
            let e = self.point(e);
            match self.period.end {
                PeriodEnd::Inclusive => at <= e,
                PeriodEnd::Exclusive => at < e,
            }
        });
        Some(after_beg && before_end)
    }

    /// Whether period `[nb, ne]` lies inside `[wb, we]` (for the narrowing relation).
    pub fn period_within(
        &self,
        narrow: (Option<&NetDateTime>, Option<&NetDateTime>),
        wide: (Option<&NetDateTime>, Option<&NetDateTime>),
    ) -> bool {
        let beg_ok = match (narrow.0, wide.0) {
            (_, None) => true,
            (None, Some(_)) => false,
            (Some(n), Some(w)) => self.point(w) <= self.point(n),
        };
        let end_ok = match (narrow.1, wide.1) {
            (_, None) => true,
            (None, Some(_)) => false,
            (Some(n), Some(w)) => self.point(n) <= self.point(w),
        };
        beg_ok && end_ok
    }

    /// The zone business days are counted in: the case's operator's, else the server's.
    pub fn business_zone(&self) -> Zone {
        self.business_zone.unwrap_or(self.time_zone)
    }

    /// The comparable point of a date: its business day (as midnight) or its local instant.
    fn point(&self, t: &NetDateTime) -> NaiveDateTime {
        let wall = t.server_wall(self.business_zone());
        match self.period.granularity {
            Granularity::Day => day_start(wall.date()),
            Granularity::Instant => wall,
        }
    }
}

fn day_start(day: NaiveDate) -> NaiveDateTime {
    day.and_time(chrono::NaiveTime::MIN)
}
