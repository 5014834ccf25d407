//! Runtime overrides: one-off or standing answers for a client, set without editing the
//! dataset (`POST /__mock/overrides`), e.g. "client 1006 gets business error 2" or "the next
//! request of client 1007 gets a 500".
//!
//! An override matches on the bound request's `Client` and, when given, its effective operator
//! (0 → the JWT's or the dataset's default); without `client` it matches every request. The
//! most recently added match wins. It applies after binding, when neither the request's
//! scenario headers nor the global flags forced an answer, and can set what those can:
//! `error_code`, `status` (401 or 500), `latency`, `fault`, `drop`. With `times: N` it is
//! used N times, then removed. At most [`MAX_OVERRIDES`] exist at once.
//!
//! ```json
//! {"client": 1006, "error_code": 2}
//! {"client": 1007, "status": 500, "times": 1}
//! {"client": 1012, "latency": "200-800", "fault": "dribble"}
//! ```

use super::fault::{Fault, parse_fault};
use super::scenario::{ForcedStatus, Latency, parse_error_code, parse_latency, parse_status};
use serde::Serialize;
use serde_json::{Map, Value};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Most overrides at once; adding one more is refused (409) until some are deleted.
pub const MAX_OVERRIDES: usize = 64;

/// One override as listed by `GET /__mock/overrides`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Override {
    /// Its id (for `DELETE /__mock/overrides/{id}` and the journal's `override_id`).
    pub id: u64,
    /// The `Client` it matches; `None` = any.
    pub client: Option<i32>,
    /// The effective operator it matches; `None` = any.
    pub operator: Option<i16>,
    /// Answer this business error code.
    pub error_code: Option<i32>,
    /// Answer this status (401 or 500) with production's body.
    #[serde(serialize_with = "status_code")]
    pub status: Option<ForcedStatus>,
    /// Wait before answering.
    pub latency: Option<Latency>,
    /// Deliver the answer broken.
    pub fault: Option<Fault>,
    /// Close the connection without answering.
    pub drop: bool,
    /// Uses left before it is removed; `None` = until deleted.
    pub times_left: Option<u32>,
    /// How many requests it has answered.
    pub used: u64,
}

fn status_code<S: serde::Serializer>(
    status: &Option<ForcedStatus>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    match status {
        Some(status) => serializer.serialize_u16(status.code()),
        None => serializer.serialize_none(),
    }
}

/// Why an override was refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub(crate) enum OverrideError {
    /// The body is not an override.
    #[error("override `{member}`: expected {expected}, found {found}")]
    Invalid {
        /// The member (or `body`).
        member: String,
        /// What would have been accepted.
        expected: String,
        /// What was sent.
        found: String,
    },
    /// [`MAX_OVERRIDES`] exist already.
    #[error(
        "the mock holds its limit of {MAX_OVERRIDES} overrides; delete some (DELETE /__mock/overrides/ID or DELETE /__mock/overrides) first"
    )]
    Full,
}

fn invalid(member: &str, expected: &str, found: &Value) -> OverrideError {
    OverrideError::Invalid {
        member: member.to_owned(),
        expected: expected.to_owned(),
        found: found.to_string(),
    }
}

/// The members a request body may hold.
const MEMBERS: &str = "client, operator, error_code, status, latency, fault, drop, times";

/// Parse an override from a JSON body (its `id` and counters are set when it is added).
pub(crate) fn parse(body: &[u8]) -> Result<Override, OverrideError> {
    let value: Value = serde_json::from_slice(body).map_err(|err| OverrideError::Invalid {
        member: "body".to_owned(),
        expected: format!("a JSON object with some of {MEMBERS}"),
        found: format!("invalid JSON ({err})"),
    })?;
    let Value::Object(map) = value else {
        return Err(invalid(
            "body",
            &format!("a JSON object with some of {MEMBERS}"),
            &value,
        ));
    };
    let mut out = Override {
        id: 0,
        client: None,
        operator: None,
        error_code: None,
        status: None,
        latency: None,
        fault: None,
        drop: false,
        times_left: None,
        used: 0,
    };
    for (member, value) in &map {
        match member.as_str() {
            "client" => out.client = Some(integer(value, "client", "an Int32 client id")?),
            "operator" => out.operator = Some(integer(value, "operator", "an Int16 operator id")?),
            "error_code" => {
                let text = scalar_text(value);
                out.error_code = parse_error_code(&text, "error_code")
                    .map_err(|e| invalid("error_code", &e.expected, value))?;
            }
            "status" => {
                out.status = parse_status(&scalar_text(value), "status")
                    .map_err(|_| invalid("status", "401 or 500", value))?;
            }
            "latency" => {
                out.latency = parse_latency(&scalar_text(value), "latency")
                    .map_err(|e| invalid("latency", &e.expected, value))?;
            }
            "fault" => {
                out.fault = parse_fault(&scalar_text(value), "fault")
                    .map_err(|e| invalid("fault", &e.expected, value))?;
            }
            "drop" => {
                out.drop = value
                    .as_bool()
                    .ok_or_else(|| invalid("drop", "true or false", value))?;
            }
            "times" => {
                let times: u32 = integer(value, "times", "a count of uses, at least 1")?;
                if times == 0 {
                    return Err(invalid("times", "a count of uses, at least 1", value));
                }
                out.times_left = Some(times);
            }
            other => {
                return Err(OverrideError::Invalid {
                    member: other.to_owned(),
                    expected: format!("one of {MEMBERS}"),
                    found: format!("`{other}`"),
                });
            }
        }
    }
    let sets_something = out.error_code.is_some()
        || out.status.is_some()
        || out.latency.is_some()
        || out.fault.is_some()
        || out.drop;
    if !sets_something {
        return Err(invalid(
            "body",
            "at least one of error_code, status, latency, fault, drop",
            &Value::Object(Map::clone(&map)),
        ));
    }
    Ok(out)
}

fn integer<T: TryFrom<i64>>(
    value: &Value,
    member: &str,
    expected: &str,
) -> Result<T, OverrideError> {
    value
        .as_i64()
        .and_then(|n| T::try_from(n).ok())
        .ok_or_else(|| invalid(member, expected, value))
}

/// A number or a string as text (`200` and `"200"` both give `200`).
fn scalar_text(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}

/// The overrides in force.
#[derive(Debug, Default)]
pub(crate) struct Overrides {
    /// How many exist: the request path reads this without the lock.
    count: AtomicUsize,
    inner: Mutex<Store>,
}

#[derive(Debug, Default)]
struct Store {
    next_id: u64,
    list: Vec<Override>,
}

impl Overrides {
    fn store(&self) -> std::sync::MutexGuard<'_, Store> {
        // A panic while holding the lock leaves a valid list.
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Add an override; returns it with its id.
    pub(crate) fn add(&self, mut new: Override) -> Result<Override, OverrideError> {
        let mut store = self.store();
        if store.list.len() >= MAX_OVERRIDES {
            return Err(OverrideError::Full);
        }
        store.next_id += 1;
        new.id = store.next_id;
        store.list.push(new.clone());
        self.count.store(store.list.len(), Ordering::Release);
        Ok(new)
    }

    /// The overrides, oldest first.
    pub(crate) fn list(&self) -> Vec<Override> {
        self.store().list.clone()
    }

    /// How many exist.
    pub(crate) fn len(&self) -> usize {
        self.count.load(Ordering::Acquire)
    }

    /// Remove one; whether it existed.
    pub(crate) fn remove(&self, id: u64) -> bool {
        let mut store = self.store();
        let before = store.list.len();
        store.list.retain(|o| o.id != id);
        self.count.store(store.list.len(), Ordering::Release);
        store.list.len() != before
    }

    /// Remove all; how many there were.
    pub(crate) fn clear(&self) -> usize {
        let mut store = self.store();
        let removed = store.list.len();
        store.list.clear();
        self.count.store(0, Ordering::Release);
        removed
    }

    /// The override for a bound request (the newest that matches), counted as used; one whose
    /// uses run out is removed. Lock-free when there are none.
    pub(crate) fn take(&self, client: i32, operator: i16) -> Option<Override> {
        if self.len() == 0 {
            return None;
        }
        let mut store = self.store();
        let index = store.list.iter().rposition(|o| {
            o.client.is_none_or(|c| c == client) && o.operator.is_none_or(|op| op == operator)
        })?;
        let found = &mut store.list[index];
        found.used += 1;
        if let Some(left) = &mut found.times_left {
            *left -= 1;
        }
        let used = found.clone();
        if used.times_left == Some(0) {
            store.list.remove(index);
            self.count.store(store.list.len(), Ordering::Release);
        }
        Some(used)
    }
}
