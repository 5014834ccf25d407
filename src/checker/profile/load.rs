//! Reading a profile file with errors that name the file, the JSON path, what was expected and
//! what was found.

use super::{
    ClientFavoritesOrder, ExpectedDateKind, Granularity, LengthZero, Level, MissingEnd, PeriodEnd,
    Profile, PropertyOrder, StartBase, Tolerance,
};
use crate::checker::rule::{RuleId, Severity};
use crate::hosting::Host;
use crate::model::Zone;
use serde_json::{Map, Value};

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
    /// Not JSON.
    #[error(
        "{file}: expected a JSON object, found invalid JSON ({message}) at line {line}, column {column}"
    )]
    Syntax {
        /// The file.
        file: String,
        /// serde_json's description.
        message: String,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
    },
    /// A value of the wrong shape.
    #[error("{file}: at `{path}`: expected {expected}, found {found}")]
    Value {
        /// The file.
        file: String,
        /// JSON path (`$.paging.start_base`).
        path: String,
        /// What the key accepts.
        expected: String,
        /// What the file holds.
        found: String,
    },
    /// No built-in profile of that name.
    #[error("expected a built-in profile (default, help-page, lenient), found `{found}`")]
    UnknownBuiltin {
        /// The name given.
        found: String,
    },
}

/// A cursor over one JSON object that remembers its path and rejects unknown keys.
struct Obj<'a> {
    file: &'a str,
    path: String,
    map: &'a Map<String, Value>,
}

impl<'a> Obj<'a> {
    fn new(file: &'a str, path: String, value: &'a Value) -> Result<Obj<'a>, ProfileError> {
        match value {
            Value::Object(map) => Ok(Obj { file, path, map }),
            other => Err(value_error(file, &path, "an object", other)),
        }
    }

    fn reject_unknown(&self, known: &[&str]) -> Result<(), ProfileError> {
        match self.map.keys().find(|k| !known.contains(&k.as_str())) {
            Some(key) => Err(ProfileError::Value {
                file: self.file.to_owned(),
                path: format!("{}.{key}", self.path),
                expected: format!("one of the keys {}", known.join(", ")),
                found: format!("unknown key `{key}`"),
            }),
            None => Ok(()),
        }
    }

    fn child_path(&self, key: &str) -> String {
        format!("{}.{key}", self.path)
    }

    fn string(&self, key: &str) -> Result<Option<&'a str>, ProfileError> {
        match self.map.get(key) {
            None => Ok(None),
            Some(Value::String(s)) => Ok(Some(s)),
            Some(other) => Err(value_error(
                self.file,
                &self.child_path(key),
                "a string",
                other,
            )),
        }
    }

    fn object(&self, key: &str) -> Result<Option<Obj<'a>>, ProfileError> {
        self.map
            .get(key)
            .map(|v| Obj::new(self.file, self.child_path(key), v))
            .transpose()
    }

    /// A kebab-case choice among `choices`.
    fn choice<T: Copy>(
        &self,
        key: &str,
        choices: &[(&str, T)],
        target: &mut T,
    ) -> Result<(), ProfileError> {
        let Some(value) = self.map.get(key) else {
            return Ok(());
        };
        let names: Vec<String> = choices.iter().map(|(n, _)| format!("\"{n}\"")).collect();
        let expected = format!("one of {}", names.join(", "));
        let found = match value {
            Value::String(s) => choices.iter().find(|(n, _)| n == s).map(|(_, v)| *v),
            _ => None,
        };
        match found {
            Some(v) => {
                *target = v;
                Ok(())
            }
            None => Err(value_error(
                self.file,
                &self.child_path(key),
                &expected,
                value,
            )),
        }
    }
}

fn describe(value: &Value) -> String {
    match value {
        Value::Null => "null".to_owned(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => format!("\"{s}\""),
        Value::Array(_) => "an array".to_owned(),
        Value::Object(_) => "an object".to_owned(),
    }
}

fn value_error(file: &str, path: &str, expected: &str, found: &Value) -> ProfileError {
    ProfileError::Value {
        file: file.to_owned(),
        path: path.to_owned(),
        expected: expected.to_owned(),
        found: describe(found),
    }
}

const TOP_KEYS: &[&str] = &[
    "name",
    "description",
    "time_zone",
    "host",
    "paging",
    "period",
    "order",
    "null_arrays",
    "null_message",
    "date_kind",
    "json_property_order",
    "severity",
];

/// Order keys earlier profiles had for lists whose order the domain fixes: `(key, list, anchor
/// of the domain section)`. A profile naming one is refused with a pointer to `severity`, so an
/// old file never silently believes it still turns the check off.
const FIXED_ORDERS: &[(&str, &str, &str)] = &[
    ("group_favorites", "GroupFavorites", "group-favorites"),
    ("list_favorites", "ListFavorites", "list-favorites"),
];

const TOLERANCE: &[(&str, Tolerance)] =
    &[("allow", Tolerance::Allow), ("report", Tolerance::Report)];

/// Parse profile text over the built-in defaults.
pub(super) fn parse(file: &str, text: &str) -> Result<Profile, ProfileError> {
    let value: Value = serde_json::from_str(text).map_err(|e| ProfileError::Syntax {
        file: file.to_owned(),
        message: e.to_string(),
        line: e.line(),
        column: e.column(),
    })?;
    let top = Obj::new(file, "$".to_owned(), &value)?;
    top.reject_unknown(TOP_KEYS)?;
    let mut p = Profile::default();
    if let Some(name) = top.string("name")? {
        name.clone_into(&mut p.name);
    }
    if let Some(description) = top.string("description")? {
        description.clone_into(&mut p.description);
    }
    if let Some(tz) = top.string("time_zone")? {
        p.time_zone = tz.parse::<Zone>().map_err(|_| ProfileError::Value {
            file: file.to_owned(),
            path: "$.time_zone".to_owned(),
            expected: "a UTC offset ±hh:mm between -14:00 and +14:00 or an IANA time zone name"
                .to_owned(),
            found: format!("\"{tz}\""),
        })?;
    }
    if let Some(host) = top.string("host")? {
        p.host = Host::from_name(host).ok_or_else(|| ProfileError::Value {
            file: file.to_owned(),
            path: "$.host".to_owned(),
            expected: "one of \"iis\", \"self-host\"".to_owned(),
            found: format!("\"{host}\""),
        })?;
    }
    if let Some(paging) = top.object("paging")? {
        paging.reject_unknown(&["start_base", "length_zero"])?;
        if let Some(v) = paging.map.get("start_base") {
            p.paging.start_base = match v.as_i64() {
                Some(1) => StartBase::One,
                Some(0) => StartBase::Zero,
                _ => return Err(value_error(file, "$.paging.start_base", "1 or 0", v)),
            };
        }
        paging.choice(
            "length_zero",
            &[
                ("empty-page", LengthZero::EmptyPage),
                ("unlimited", LengthZero::Unlimited),
            ],
            &mut p.paging.length_zero,
        )?;
    }
    if let Some(period) = top.object("period")? {
        period.reject_unknown(&["end", "granularity", "missing_end"])?;
        period.choice(
            "end",
            &[
                ("inclusive", PeriodEnd::Inclusive),
                ("exclusive", PeriodEnd::Exclusive),
            ],
            &mut p.period.end,
        )?;
        period.choice(
            "granularity",
            &[("day", Granularity::Day), ("instant", Granularity::Instant)],
            &mut p.period.granularity,
        )?;
        period.choice(
            "missing_end",
            &[
                ("unbounded", MissingEnd::Unbounded),
                ("unchecked", MissingEnd::Unchecked),
            ],
            &mut p.period.missing_end,
        )?;
    }
    if let Some(order) = top.object("order")? {
        for (key, list, section) in FIXED_ORDERS {
            if order.map.contains_key(*key) {
                return Err(ProfileError::Value {
                    file: file.to_owned(),
                    path: format!("$.order.{key}"),
                    expected: format!(
                        "no `{key}` key: the order of {list} is fixed by \
                         contracts/reference/domain.md#{section}, not a profile choice (to \
                         re-grade its findings use \"severity\": \
                         {{\"inv.fixed-order\": \"warning\"}})"
                    ),
                    found: describe(&order.map[*key]),
                });
            }
        }
        order.reject_unknown(&["client_favorites"])?;
        order.choice(
            "client_favorites",
            &[
                (
                    "proc-time-desc-id-desc",
                    ClientFavoritesOrder::ProcTimeDescIdDesc,
                ),
                (
                    "proc-time-asc-id-asc",
                    ClientFavoritesOrder::ProcTimeAscIdAsc,
                ),
                ("unchecked", ClientFavoritesOrder::Unchecked),
            ],
            &mut p.order.client_favorites,
        )?;
    }
    top.choice("null_arrays", TOLERANCE, &mut p.null_arrays)?;
    top.choice("null_message", TOLERANCE, &mut p.null_message)?;
    top.choice(
        "date_kind",
        &[
            ("unspecified", ExpectedDateKind::Unspecified),
            ("local", ExpectedDateKind::Local),
            ("utc", ExpectedDateKind::Utc),
            ("any", ExpectedDateKind::Any),
        ],
        &mut p.date_kind,
    )?;
    top.choice(
        "json_property_order",
        &[
            ("ignore", PropertyOrder::Ignore),
            ("strict", PropertyOrder::Strict),
        ],
        &mut p.json_property_order,
    )?;
    if let Some(severity) = top.object("severity")? {
        for (key, value) in severity.map {
            let path = format!("$.severity.{key}");
            let rule: RuleId = key.parse().map_err(|_| ProfileError::Value {
                file: file.to_owned(),
                path: path.clone(),
                expected: "a rule id such as `json.decimal-form`".to_owned(),
                found: format!("`{key}`"),
            })?;
            let level = match value.as_str() {
                Some("violation") => Level::Report(Severity::Violation),
                Some("profile-deviation") => Level::Report(Severity::ProfileDeviation),
                Some("warning") => Level::Report(Severity::Warning),
                Some("off") => Level::Off,
                _ => {
                    return Err(value_error(
                        file,
                        &path,
                        "one of \"violation\", \"profile-deviation\", \"warning\", \"off\"",
                        value,
                    ));
                }
            };
            p.severity.insert(rule, level);
        }
    }
    Ok(p)
}
