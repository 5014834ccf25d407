//! Turning what the binder met into [`Diagnostic`]s: the ModelState entry .NET would log, and a
//! sentence a frontend developer can act on.

use super::Binder;
use super::convert::Target;
use super::notes::lenient;
use crate::codec::json::lexer::{Fault, FaultKind, Reader, excerpt};
use crate::codec::{Diagnostic, DiagnosticKind, Effect, Location, ModelStateEntry, Read, Severity};
use crate::model::{Object, Value};

use crate::codec::json::MODEL_PREFIX;

/// Where a fault was caught, which decides what it cost.
pub(super) enum Catch {
    /// `PopulateObject` while setting a contract member.
    Member {
        field: String,
        target: Target,
        current: String,
    },
    /// `PopulateObject` while skipping a property the type does not have.
    Unknown { name: String },
    /// `PopulateList` while reading one item.
    Row { field: String },
    /// The body ended inside an object (`ThrowUnexpectedEndException`, handled).
    ObjectEnd { type_name: String },
    /// The body ended inside a list (handled).
    ListEnd { field: String },
    /// `Deserialize`: nothing could handle it; the result is null.
    Root,
}

impl Catch {
    fn effect(&self) -> Effect {
        match self {
            Catch::Member { .. } | Catch::ObjectEnd { .. } | Catch::ListEnd { .. } => {
                Effect::DefaultKept
            }
            Catch::Unknown { .. } | Catch::Row { .. } => Effect::Ignored,
            Catch::Root => Effect::RequestNull,
        }
    }

    fn consequence(&self) -> String {
        match self {
            Catch::Member { field, current, .. } => {
                format!("Json.NET logs a ModelState error and {field} stays {current}")
            }
            Catch::Unknown { name } => format!(
                "Json.NET logs a ModelState error while skipping the unknown property {name}"
            ),
            Catch::Row { field } => {
                format!("Json.NET logs a ModelState error and leaves this item out of {field}")
            }
            Catch::ObjectEnd { type_name } => format!(
                "Json.NET logs a ModelState error and keeps the {type_name} members read so far"
            ),
            Catch::ListEnd { field } => {
                format!("Json.NET logs a ModelState error and keeps the {field} rows read so far")
            }
            Catch::Root => "Json.NET gives up and the whole body binds to null (the action \
                            receives request == null; production answers HTTP 500)"
                .to_owned(),
        }
    }
}

/// `ModelStateFormatterLogger` key: the prefix, then the Json.NET path.
pub(crate) fn model_key(path: &str) -> String {
    if path.is_empty() {
        MODEL_PREFIX.to_owned()
    } else if path.starts_with('[') {
        format!("{MODEL_PREFIX}{path}")
    } else {
        format!("{MODEL_PREFIX}.{path}")
    }
}

/// A member value as sentences show it.
pub(super) fn show_value(value: &Value) -> String {
    match value {
        Value::Null => "null".to_owned(),
        Value::Int(v) => v.to_string(),
        Value::Bool(v) => v.to_string(),
        Value::Decimal(v) => v.to_string(),
        Value::DateTime(v) => v.to_wire(),
        Value::String(s) => format!("\"{}\"", excerpt(s)),
        Value::List(rows) => format!("a list of {} rows", rows.len()),
    }
}

/// The `NullReferenceException` Json.NET throws on `"$type": null` (no path in its message).
pub(super) fn null_reference(reader: &Reader<'_>) -> Fault {
    let mut fault = reader.fault(
        FaultKind::Reference,
        "Object reference not set to an instance of an object.",
    );
    fault.text = fault.message.clone();
    fault
}

fn with_article(word: &str) -> String {
    let vowel = word
        .chars()
        .next()
        .is_some_and(|c| matches!(c.to_ascii_uppercase(), 'A' | 'E' | 'I' | 'O' | 'U'));
    if vowel {
        format!("an {word}")
    } else {
        format!("a {word}")
    }
}

/// Why it failed, in words.
fn reason(fault: &Fault, target: Option<Target>) -> String {
    let found = fault.found.as_deref();
    let detail = fault.message.trim_end_matches('.');
    let shape = |f: &str| match f.chars().next() {
        Some('{') => Some("a JSON object"),
        Some('[') => Some("a JSON array"),
        Some('t' | 'f') => Some("a Boolean literal"),
        Some('0'..='9' | '-' | '.') => Some("a number"),
        _ => None,
    };
    match (fault.kind, found, target) {
        (FaultKind::Syntax, Some(f), Some(t @ Target::Prim { .. })) if shape(f).is_some() => {
            format!(
                "{} cannot be bound to {}",
                shape(f).unwrap_or("a container"),
                t.describe()
            )
        }
        (FaultKind::NotA, Some(f), Some(t)) => {
            format!("{f} is not {}", with_article(&t.type_word()))
        }
        (FaultKind::OutOfRange, Some(f), Some(t)) => {
            format!("{f} is outside the range of {}", t.type_word())
        }
        (FaultKind::NullForValueType, Some(f), Some(t)) if f.starts_with(['"', '\'']) => format!(
            "an empty string reads as null, which the non-nullable {} cannot hold",
            t.type_word()
        ),
        (FaultKind::NullForValueType, _, Some(t)) => {
            format!(
                "null cannot be stored in the non-nullable {}",
                t.type_word()
            )
        }
        (FaultKind::Shape, Some(f), Some(t)) => format!(
            "{} cannot be bound to {}",
            shape(f).map_or_else(|| format!("the value {f}"), str::to_owned),
            t.describe()
        ),
        (FaultKind::Syntax, _, _) => format!("malformed JSON ({detail})"),
        (FaultKind::End, _, _) => format!("the body ends too early ({detail})"),
        (FaultKind::TooDeep, _, _) => format!("the JSON nests too deep ({detail})"),
        _ => detail.to_owned(),
    }
}

impl Binder<'_, '_> {
    pub(super) fn push(&mut self, offset: usize, diagnostic: Diagnostic) {
        self.found.push((offset, diagnostic));
    }

    /// Whether another diagnostic will be kept; when not, it is counted here, and the caller
    /// builds nothing (past [`crate::codec::MAX_DIAGNOSTICS`] a diagnostic costs one increment).
    pub(super) fn room(&mut self) -> bool {
        if self.found.has_room() {
            true
        } else {
            self.found.omit();
            false
        }
    }

    pub(super) fn here(&self) -> Location {
        Location::Json {
            path: self.r.path(),
            line: self.r.line_number(),
            position: self.r.line_position(),
        }
    }

    /// `IsErrorHandled`: the error handler Web API registers logs the exception to ModelState.
    pub(super) fn log_fault(&mut self, fault: Fault, catch: &Catch) {
        if !self.room() {
            return;
        }
        let key_path = self.r.path();
        let (field, target) = match catch {
            Catch::Member { field, target, .. } => (Some(field.clone()), Some(*target)),
            Catch::Row { field } | Catch::ListEnd { field } => (Some(field.clone()), None),
            Catch::Unknown { .. } | Catch::ObjectEnd { .. } | Catch::Root => (None, None),
        };
        let kind = match (fault.kind, catch) {
            (FaultKind::Limit, _) => DiagnosticKind::LimitExceeded,
            (FaultKind::TooDeep, _) => DiagnosticKind::JsonTooDeep,
            (_, Catch::Root) if !self.object_started => DiagnosticKind::JsonInvalidRoot,
            (FaultKind::Syntax | FaultKind::End, _) => DiagnosticKind::JsonSyntax,
            _ => DiagnosticKind::JsonConversionFailed,
        };
        let place = if fault.path.is_empty() {
            "body"
        } else {
            fault.path.as_str()
        };
        let message = format!(
            "{place}: {}; {}",
            reason(&fault, target),
            catch.consequence()
        );
        let Fault {
            text,
            path,
            line,
            position,
            found,
            offset,
            ..
        } = fault;
        let diagnostic = Diagnostic {
            kind,
            severity: Severity::Error,
            location: Location::Json {
                path,
                line,
                position,
            },
            field,
            found,
            expected: target.map(Target::describe),
            effect: catch.effect(),
            model_state: Some(ModelStateEntry {
                key: model_key(&key_path),
                message: text,
            }),
            message,
        };
        self.push(offset, diagnostic);
    }

    pub(super) fn info(
        &mut self,
        kind: DiagnosticKind,
        severity: Severity,
        field: Option<String>,
        found: Option<String>,
        effect: Effect,
        message: String,
    ) {
        if !self.room() {
            return;
        }
        let diagnostic = Diagnostic {
            kind,
            severity,
            location: self.here(),
            field,
            found,
            expected: None,
            effect,
            model_state: None,
            message,
        };
        self.push(self.r.offset(), diagnostic);
    }

    /// The first [`crate::codec::MAX_DIAGNOSTICS`] noticed in body order, and how many more. The reader's
    /// lenient-syntax events and the binder's own diagnostics are each capped as they are met;
    /// here the two are merged by body offset and cut to the limit once more.
    pub(super) fn finish(self, object: Option<Object>) -> Read {
        let Binder { mut r, found, .. } = self;
        let (events, events_omitted) = r.take_lenient();
        let (mut found, found_omitted) = found.into_parts();
        found.extend(
            events
                .into_iter()
                .map(|event| (event.offset, lenient(event))),
        );
        found.sort_by_key(|(offset, _)| *offset);
        let cut = crate::codec::cap(&mut found);
        Read {
            object,
            diagnostics: found.into_iter().map(|(_, d)| d).collect(),
            diagnostics_omitted: found_omitted + events_omitted + cut,
        }
    }
}
