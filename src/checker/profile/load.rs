//! Reading a profile file: serde over the file's shape (every key optional, unknown keys
//! refused), laid over the built-in defaults; every error names the file, the line, the JSONPath,
//! what was expected and what was found.

use super::{
    ClientFavoritesOrder, ExpectedDateKind, Granularity, GroupFavoritesOrder, LengthZero, Level,
    ListFavoritesOrder, MissingEnd, PeriodEnd, Profile, PropertyOrder, StartBase, Tolerance,
};
use crate::checker::rule::RuleId;
use crate::dataset::Problem;
use crate::json_file;
use chrono::FixedOffset;
use serde::{Deserialize, Deserializer};
use std::collections::BTreeMap;

/// Why a profile could not be used.
#[derive(Debug, thiserror::Error)]
pub enum ProfileError {
    /// The file could not be read.
    #[error("cannot read profile {file}")]
    Io {
        /// The path.
        file: String,
        /// The I/O error.
        #[source]
        source: std::io::Error,
    },
    /// Not JSON, or a key or value the format does not have.
    #[error("{0}")]
    Invalid(Box<Problem>),
    /// No built-in profile of that name.
    #[error("expected a built-in profile (default, help-page, lenient), found `{found}`")]
    UnknownBuiltin {
        /// The name given.
        found: String,
    },
}

/// A profile file: each key present overrides the default profile's value.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ProfileFile {
    name: Option<String>,
    description: Option<String>,
    time_zone: Option<Offset>,
    paging: Option<PagingFile>,
    period: Option<PeriodFile>,
    order: Option<OrderFile>,
    null_arrays: Option<Tolerance>,
    null_message: Option<Tolerance>,
    date_kind: Option<ExpectedDateKind>,
    json_property_order: Option<PropertyOrder>,
    severity: Option<BTreeMap<RuleId, Level>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PagingFile {
    start_base: Option<StartBase>,
    length_zero: Option<LengthZero>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PeriodFile {
    end: Option<PeriodEnd>,
    granularity: Option<Granularity>,
    missing_end: Option<MissingEnd>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct OrderFile {
    client_favorites: Option<ClientFavoritesOrder>,
    group_favorites: Option<GroupFavoritesOrder>,
    list_favorites: Option<ListFavoritesOrder>,
}

/// A `±hh:mm` offset between -14:00 and +14:00.
struct Offset(FixedOffset);

impl<'de> Deserialize<'de> for Offset {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Offset, D::Error> {
        let text = String::deserialize(d)?;
        parse_offset(&text).map(Offset).ok_or_else(|| {
            serde::de::Error::invalid_value(
                serde::de::Unexpected::Str(&text),
                &"a UTC offset ±hh:mm between -14:00 and +14:00",
            )
        })
    }
}

impl TryFrom<i64> for StartBase {
    type Error = String;

    fn try_from(n: i64) -> Result<StartBase, String> {
        match n {
            1 => Ok(StartBase::One),
            0 => Ok(StartBase::Zero),
            other => Err(format!("invalid value: integer `{other}`, expected 1 or 0")),
        }
    }
}

impl<'de> Deserialize<'de> for Level {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Level, D::Error> {
        const LEVELS: &[&str] = &["violation", "profile-deviation", "warning", "off"];
        let text = String::deserialize(d)?;
        Ok(match text.as_str() {
            "violation" => Level::Report(crate::checker::Severity::Violation),
            "profile-deviation" => Level::Report(crate::checker::Severity::ProfileDeviation),
            "warning" => Level::Report(crate::checker::Severity::Warning),
            "off" => Level::Off,
            other => return Err(serde::de::Error::unknown_variant(other, LEVELS)),
        })
    }
}

/// Parse profile text over the built-in defaults.
pub(super) fn parse(file: &str, text: &str) -> Result<Profile, ProfileError> {
    let f: ProfileFile = json_file::parse(file, text).map_err(ProfileError::Invalid)?;
    let mut p = Profile::default();
    if let Some(name) = f.name {
        p.name = name;
    }
    if let Some(description) = f.description {
        p.description = description;
    }
    if let Some(Offset(tz)) = f.time_zone {
        p.time_zone = tz;
    }
    if let Some(paging) = f.paging {
        set(&mut p.paging.start_base, paging.start_base);
        set(&mut p.paging.length_zero, paging.length_zero);
    }
    if let Some(period) = f.period {
        set(&mut p.period.end, period.end);
        set(&mut p.period.granularity, period.granularity);
        set(&mut p.period.missing_end, period.missing_end);
    }
    if let Some(order) = f.order {
        set(&mut p.order.client_favorites, order.client_favorites);
        set(&mut p.order.group_favorites, order.group_favorites);
        set(&mut p.order.list_favorites, order.list_favorites);
    }
    set(&mut p.null_arrays, f.null_arrays);
    set(&mut p.null_message, f.null_message);
    set(&mut p.date_kind, f.date_kind);
    set(&mut p.json_property_order, f.json_property_order);
    p.severity = f.severity.unwrap_or_default();
    Ok(p)
}

/// Override `target` when the file gives a value.
fn set<T>(target: &mut T, value: Option<T>) {
    if let Some(v) = value {
        *target = v;
    }
}

/// `±hh:mm`.
fn parse_offset(text: &str) -> Option<FixedOffset> {
    let bytes = text.as_bytes();
    if bytes.len() != 6
        || bytes[3] != b':'
        || ![1, 2, 4, 5].iter().all(|&i| bytes[i].is_ascii_digit())
    {
        return None;
    }
    let sign = match bytes[0] {
        b'+' => 1,
        b'-' => -1,
        _ => return None,
    };
    let hours: i32 = text.get(1..3)?.parse().ok()?;
    let minutes: i32 = text.get(4..6)?.parse().ok()?;
    if hours > 14 || minutes > 59 {
        return None;
    }
    FixedOffset::east_opt(sign * (hours * 3600 + minutes * 60))
}
