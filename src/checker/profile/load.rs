//! Reading a profile file: serde over the file's shape (every key optional, unknown keys
//! refused), laid over the built-in defaults; every error names the file, the line, the JSONPath,
//! what was expected and what was found.

use super::{
    ClientFavoritesOrder, ExpectedDateKind, Granularity, LengthZero, Level, MissingEnd, PeriodEnd,
    Profile, PropertyOrder, StartBase, Tolerance,
};
use crate::checker::rule::RuleId;
use crate::dataset::{Problem, ProblemKind};
use crate::excerpt::excerpt;
use crate::hosting::Host;
use crate::json_file;
use crate::model::Zone;
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
    time_zone: Option<ZoneText>,
    host: Option<Host>,
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
    // Read only to be refused with a pointer to the domain (see `FIXED_ORDERS`); `null` too.
    #[serde(default, deserialize_with = "present")]
    group_favorites: Option<serde_json::Value>,
    #[serde(default, deserialize_with = "present")]
    list_favorites: Option<serde_json::Value>,
}

/// Any value of a key that is present, `null` included.
fn present<'de, D: Deserializer<'de>>(d: D) -> Result<Option<serde_json::Value>, D::Error> {
    serde_json::Value::deserialize(d).map(Some)
}

/// A UTC offset `±hh:mm` between -14:00 and +14:00, or an IANA time zone name.
struct ZoneText(Zone);

impl<'de> Deserialize<'de> for ZoneText {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<ZoneText, D::Error> {
        let text = String::deserialize(d)?;
        text.parse::<Zone>().map(ZoneText).map_err(|_| {
            serde::de::Error::invalid_value(
                serde::de::Unexpected::Str(&text),
                &"a UTC offset ±hh:mm between -14:00 and +14:00 or an IANA time zone name",
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

/// Order keys earlier profiles had for lists whose order the domain fixes: `(key, list, anchor
/// of the domain section)`. A profile naming one is refused with a pointer to `severity`, so an
/// old file never silently believes it still turns the check off.
const FIXED_ORDERS: [(&str, &str, &str); 2] = [
    ("group_favorites", "GroupFavorites", "group-favorites"),
    ("list_favorites", "ListFavorites", "list-favorites"),
];

/// Longest excerpt of a refused value quoted in a profile error.
const MAX_FOUND_CHARS: usize = 60;

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
    if let Some(ZoneText(tz)) = f.time_zone {
        p.time_zone = tz;
    }
    set(&mut p.host, f.host);
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
        let retired = [order.group_favorites, order.list_favorites];
        for ((key, list, section), value) in FIXED_ORDERS.into_iter().zip(retired) {
            if let Some(value) = value {
                return Err(ProfileError::Invalid(json_file::problem(
                    file,
                    text,
                    &format!("$.order.{key}"),
                    ProblemKind::UnknownField,
                    format!(
                        "no `{key}` key: the order of {list} is fixed by \
                         contracts/reference/domain.md#{section}, not a profile choice (to \
                         re-grade its findings use \"severity\": \
                         {{\"inv.fixed-order\": \"warning\"}})"
                    ),
                    excerpt(&value.to_string(), MAX_FOUND_CHARS),
                )));
            }
        }
        set(&mut p.order.client_favorites, order.client_favorites);
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
