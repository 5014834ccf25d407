//! Case files: one JSON document per shrunk violation, replayable with `--replay FILE`. The
//! format is documented in the README ("Case files"); `format_version` changes when a
//! field's meaning does.

use super::cases::Case;
use crate::checker::{Finding, RuleId};
use crate::dataset::Problem;
use crate::json_file;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// The case-file format version this build writes and reads.
pub const CASE_FILE_VERSION: u32 = 1;

/// The default folder case files are written to.
pub const DEFAULT_CASES_DIR: &str = "favorite-contract-cases";

/// What the run knew that the prediction of this case used.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordedKnowledge {
    /// `--operator`.
    pub operator: i16,
    /// `--client` ids the prediction relied on.
    pub clients: Vec<i32>,
}

/// A saved, replayable violation.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CaseFile {
    /// Always [`CASE_FILE_VERSION`] when written by this build.
    pub format_version: u32,
    /// The favorite-contract version that wrote it.
    pub favorite_contract: String,
    /// The rule broken.
    pub rule: RuleId,
    /// The finding of the minimal case (its `request` is the exact request, credentials
    /// redacted).
    pub finding: Finding,
    /// The minimal case: what `--replay` sends (the run's credentials stand in for
    /// `"auth": {"kind": "configured"}`).
    pub case: Case,
    /// The case as generated, before shrinking.
    pub original: Case,
    /// Exchanges spent shrinking.
    pub shrink_exchanges: usize,
    /// The run's seed.
    pub seed: u64,
    /// The run's profile name.
    pub profile: String,
    /// The base URL checked.
    pub target: String,
    /// What the prediction relied on.
    pub knowledge: RecordedKnowledge,
    /// A shell command that replays the minimal request.
    pub curl: String,
}

/// Why a case file could not be used.
#[derive(Debug, thiserror::Error)]
pub enum CaseFileError {
    /// Reading or writing failed.
    #[error("case file {path}: cannot {action}")]
    Io {
        /// The file or folder.
        path: String,
        /// `read` / `write` / `create the folder`.
        action: &'static str,
        /// The error.
        #[source]
        source: std::io::Error,
    },
    /// Not a case file.
    #[error("case file {path}: expected a favorite-contract case file, found {problem}")]
    Invalid {
        /// The file.
        path: String,
        /// What was wrong (serde's message with line and column).
        problem: String,
    },
    /// A field of the case file holds something else than the format allows: the file, the
    /// line, the JSON path (`$.finding.request.format`), what was expected and what was found,
    /// in the shape of every other file format of ours.
    #[error("case file {0}")]
    Field(Box<Problem>),
    /// Written by an incompatible version.
    #[error("case file {path}: expected format_version {CASE_FILE_VERSION}, found {found}")]
    Version {
        /// The file.
        path: String,
        /// The version in the file.
        found: u32,
    },
}

impl CaseFile {
    /// Read and check a case file.
    pub fn read(path: &Path) -> Result<CaseFile, CaseFileError> {
        let shown = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|source| CaseFileError::Io {
            path: shown.clone(),
            action: "read",
            source,
        })?;
        let value: serde_json::Value =
            serde_json::from_str(&text).map_err(|e| CaseFileError::Invalid {
                path: shown.clone(),
                problem: format!("invalid JSON ({e})"),
            })?;
        let version = value
            .get("format_version")
            .and_then(serde_json::Value::as_u64)
            .ok_or_else(|| CaseFileError::Invalid {
                path: shown.clone(),
                problem: "no `format_version` number".to_owned(),
            })?;
        if version != u64::from(CASE_FILE_VERSION) {
            return Err(CaseFileError::Version {
                path: shown,
                found: u32::try_from(version).unwrap_or(u32::MAX),
            });
        }
        // Parsed again from the text (not the `Value`) so an error knows its line and path.
        json_file::parse(&shown, &text).map_err(CaseFileError::Field)
    }

    /// Write into `dir` (created if needed) as `<rule>-<n>.json`, `n` the first free number.
    pub fn write(&self, dir: &Path) -> Result<PathBuf, CaseFileError> {
        std::fs::create_dir_all(dir).map_err(|source| CaseFileError::Io {
            path: dir.display().to_string(),
            action: "create the folder",
            source,
        })?;
        let mut n = 1u32;
        let path = loop {
            let candidate = dir.join(format!("{}-{}-{n}.json", self.rule.id(), self.seed));
            if !candidate.exists() {
                break candidate;
            }
            n += 1;
        };
        let text = serde_json::to_string_pretty(self).unwrap_or_default();
        std::fs::write(&path, text + "\n").map_err(|source| CaseFileError::Io {
            path: path.display().to_string(),
            action: "write",
            source,
        })?;
        Ok(path)
    }
}

/// Requests in case files: an object of contract member names, dates in the .NET round-trip
/// form (kind and offset kept), `null` for absent members.
pub(crate) mod request_serde {
    use crate::contract::{ClrType, contract};
    use crate::model::{DateKind, FromObject, NetDateTime, Object, Record, Request, Value};
    use chrono::{FixedOffset, NaiveDateTime};
    use serde::de::Error as _;
    use serde::{Deserialize, Deserializer, Serializer};
    use serde_json::{Map, Value as Json};

    pub(crate) fn serialize<S: Serializer>(request: &Request, s: S) -> Result<S::Ok, S::Error> {
        let object = Object::from_record(request);
        let mut map = Map::new();
        for (field, value) in request.schema().fields.iter().zip(&object.values) {
            let json = match value {
                Value::Null | Value::List(_) => Json::Null,
                Value::Int(v) => Json::from(*v),
                Value::Bool(v) => Json::from(*v),
                Value::Decimal(v) => Json::String(v.to_string()),
                Value::DateTime(v) => Json::String(v.to_wire()),
                Value::String(v) => Json::String(v.clone()),
            };
            map.insert(field.name.clone(), json);
        }
        s.serialize_some(&Json::Object(map))
    }

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Request, D::Error> {
        let map = Map::<String, Json>::deserialize(d)?;
        let schema = contract().request();
        let mut object = Object::new_request();
        for (key, json) in &map {
            let Some(i) = schema.field_index(key) else {
                return Err(D::Error::custom(format!(
                    "expected a request member name, found `{key}`"
                )));
            };
            let field = &schema.fields[i];
            let bad = || {
                D::Error::custom(format!(
                    "expected `{key}` as {}, found {json}",
                    field.ty.clr_name()
                ))
            };
            object.values[i] = match (field.ty, json) {
                (_, Json::Null) if field.nullable => Value::Null,
                (ClrType::Int16 | ClrType::Int32 | ClrType::Int64, Json::Number(n)) => {
                    let v = n.as_i64().ok_or_else(bad)?;
                    let (lo, hi) = field.ty.int_range().ok_or_else(bad)?;
                    if v < lo || v > hi {
                        return Err(bad());
                    }
                    Value::Int(v)
                }
                (ClrType::DateTime, Json::String(t)) => {
                    Value::DateTime(parse_wire_date(t).ok_or_else(bad)?)
                }
                (ClrType::String, Json::String(t)) => Value::String(t.clone()),
                (ClrType::Boolean, Json::Bool(b)) => Value::Bool(*b),
                _ => return Err(bad()),
            };
        }
        Request::from_object(object)
            .ok_or_else(|| D::Error::custom("expected values that fit the request's members"))
    }

    /// The round-trip text `NetDateTime::to_wire` writes, read back with its kind.
    pub(crate) fn parse_wire_date(text: &str) -> Option<NetDateTime> {
        let (main, kind) = if let Some(main) = text.strip_suffix('Z') {
            (main, DateKind::Utc)
        } else if text.len() > 6
            && matches!(text.as_bytes()[text.len() - 6], b'+' | b'-')
            && text.as_bytes()[text.len() - 3] == b':'
        {
            let (main, zone) = text.split_at(text.len() - 6);
            let offset: FixedOffset = zone.parse().ok()?;
            (main, DateKind::Local(offset))
        } else {
            (text, DateKind::Unspecified)
        };
        let wall = NaiveDateTime::parse_from_str(main, "%Y-%m-%dT%H:%M:%S%.f").ok()?;
        Some(NetDateTime { wall, kind })
    }
}
