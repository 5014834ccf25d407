//! Diagnostics of the XML reader: what a frontend developer needs to know about each element
//! DataContractSerializer dropped, each value it trimmed or converted, and each failure that
//! turned the request into null (with the ModelState entry .NET logs).

use super::cursor::SkipReason;
use super::lexer::{Element, LexError, LexKind};
use super::messages::NetError;
use crate::codec::{Diagnostic, DiagnosticKind, Effect, Location, ModelStateEntry, Severity};
use crate::contract::{ClrType, FieldSchema, TypeSchema};
use crate::model::{Object, Value};

/// A failure that makes .NET hand the action `null`.
#[derive(Clone, Debug)]
pub(super) struct Fatal {
    pub(super) kind: DiagnosticKind,
    pub(super) error: NetError,
    /// Document offset, for the location.
    pub(super) offset: usize,
    pub(super) path: String,
    pub(super) field: Option<String>,
    pub(super) found: Option<String>,
    pub(super) expected: Option<String>,
    /// Our sentence.
    pub(super) message: String,
}

impl Fatal {
    /// A reader (syntax, DTD, depth) error at `path`.
    pub(super) fn lex(e: LexError, path: String) -> Box<Fatal> {
        let (kind, message) = match e.kind {
            LexKind::Dtd => (
                DiagnosticKind::XmlDtdRefused,
                "the body contains a document type declaration; .NET's XmlDictionaryReader \
                 refuses DTDs (nothing is expanded or fetched), so the action receives null"
                    .to_owned(),
            ),
            LexKind::TooDeep => (
                DiagnosticKind::XmlTooDeep,
                "elements nest deeper than the reader's MaxDepth quota, so the action receives \
                 null"
                    .to_owned(),
            ),
            LexKind::Malformed => (
                DiagnosticKind::XmlMalformed,
                match &e.unmodelled {
                    None => "the body is not XML .NET's reader accepts, so the action receives \
                             null"
                        .to_owned(),
                    Some(what) => format!(
                        "the body is not well-formed XML ({what}); .NET's exact wording for this \
                         case is not modelled, the action receives null"
                    ),
                },
            ),
        };
        Box::new(Fatal {
            kind,
            error: e.error,
            offset: e.offset,
            path,
            field: None,
            found: None,
            expected: None,
            message,
        })
    }

    /// The diagnostic, with the ModelState entry under `request`.
    pub(super) fn into_diagnostic(self, type_name: &str, location: Location) -> Diagnostic {
        let effect = match (self.kind, &self.error) {
            (DiagnosticKind::XmlDtdRefused, _) | (_, NetError::BeforeRead(_)) => Effect::Refused,
            _ => Effect::RequestNull,
        };
        Diagnostic {
            kind: self.kind,
            severity: Severity::Error,
            location,
            field: self.field,
            found: self.found,
            expected: self.expected,
            effect,
            model_state: Some(ModelStateEntry {
                key: "request".to_owned(),
                message: self.error.model_state_message(type_name),
            }),
            message: self.message,
        }
    }
}

/// How a bound value reads in a sentence: `0`, `null`, `"text"`, a date's wire form.
pub(super) fn show(value: &Value) -> String {
    Shown(value).to_string()
}

/// Append [`show`]`(value)` to `out`; the common values (null, Booleans) without formatting.
pub(super) fn push_shown(out: &mut String, value: &Value) {
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(true) => out.push_str("true"),
        Value::Bool(false) => out.push_str("false"),
        other => {
            use std::fmt::Write as _;
            // Writing into a String cannot fail.
            let _ = write!(out, "{}", Shown(other));
        }
    }
}

/// [`show`] as a `Display`, to write into a sentence without an intermediate string.
pub(super) struct Shown<'v>(pub(super) &'v Value);

impl std::fmt::Display for Shown<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.0 {
            Value::Null => f.write_str("null"),
            Value::Int(v) => write!(f, "{v}"),
            Value::Bool(v) => write!(f, "{v}"),
            Value::Decimal(v) => write!(f, "{v}"),
            Value::DateTime(v) => f.write_str(&v.to_wire()),
            Value::String(v) => write!(f, "{v:?}"),
            Value::List(rows) => write!(f, "[{} rows]", rows.len()),
        }
    }
}

/// What a skipped element held, for "the value … is lost".
#[derive(Clone, Debug, Default)]
pub(super) struct Skipped {
    /// Its text (possibly elided).
    pub(super) text: String,
    /// Child elements inside it.
    pub(super) children: usize,
    /// It carried `i:nil="true"`.
    pub(super) nil: bool,
}

impl Skipped {
    fn shown(&self) -> String {
        if self.nil {
            "nil".to_owned()
        } else if self.children > 0 {
            format!("of {} child element(s)", self.children)
        } else {
            format!("{:?}", self.text)
        }
    }
}

/// The lexical form a member type accepts, for `expected`.
pub(super) fn lexical_form(ty: ClrType) -> &'static str {
    match ty {
        ClrType::Int16 => "an Int16: optional sign and decimal digits, -32768..32767",
        ClrType::Int32 => "an Int32: optional sign and decimal digits, -2147483648..2147483647",
        ClrType::Int64 => "an Int64: optional sign and decimal digits",
        ClrType::Decimal => {
            "a decimal: optional sign, digits and one '.', no exponent or separators"
        }
        ClrType::Boolean => "true, false, 1 or 0 (case-sensitive)",
        ClrType::DateTime => "an xs:dateTime such as 2026-05-07T11:27:39 with optional Z or ±hh:mm",
        ClrType::String => "text",
        ClrType::List => "row elements",
    }
}

/// Everything a skip diagnostic needs.
pub(super) struct SkipContext<'a> {
    pub(super) schema: &'static TypeSchema,
    pub(super) object: &'a Object,
    pub(super) element: &'a Element<'a>,
    pub(super) location: Location,
    pub(super) skipped: &'a Skipped,
}

/// The diagnostic for an element the member cursor dropped.
pub(super) fn skip_diagnostic(reason: &SkipReason, cx: &SkipContext<'_>) -> Diagnostic {
    let fields = &cx.schema.fields;
    let local = &cx.element.local;
    let lost = cx.skipped.shown();
    let stays = |f: &FieldSchema, i: usize| {
        format!(
            "{} stays {} and the value {lost} is lost",
            f.name,
            show(&cx.object.values[i])
        )
    };
    let order = || {
        let names: Vec<&str> = cx
            .schema
            .xml_order
            .iter()
            .map(|&i| fields[i].name.as_str())
            .collect();
        names.join(", ")
    };
    let (kind, effect, field, found, expected, message) = match *reason {
        SkipReason::OutOfOrder { field, after } => {
            let f = &fields[field];
            (
                DiagnosticKind::XmlOutOfOrder,
                Effect::DefaultKept,
                Some(f.name.clone()),
                Some(lost.clone()),
                Some(format!(
                    "{} before {} (DataContract order: {})",
                    f.name,
                    fields[after].name,
                    order()
                )),
                format!(
                    "element {} arrived after {}; DataContractSerializer skips it, so {}",
                    f.name,
                    fields[after].name,
                    stays(f, field)
                ),
            )
        }
        SkipReason::Duplicate { field } => {
            let f = &fields[field];
            (
                DiagnosticKind::XmlDuplicateElement,
                Effect::Ignored,
                Some(f.name.clone()),
                Some(lost.clone()),
                Some(format!("{} once", f.name)),
                format!(
                    "element {} appears again; DataContractSerializer keeps the first value and \
                     skips the repeat, so {}",
                    f.name,
                    stays(f, field)
                ),
            )
        }
        SkipReason::WrongNamespace { field } => {
            let f = &fields[field];
            (
                DiagnosticKind::XmlWrongNamespace,
                Effect::DefaultKept,
                Some(f.name.clone()),
                Some(cx.element.namespace.clone()),
                Some(f.namespace.clone()),
                format!(
                    "element {} is in namespace `{}` but {} is declared by {} in namespace `{}`; \
                     DataContractSerializer skips it, so {}",
                    local,
                    cx.element.namespace,
                    f.name,
                    f.declared_in,
                    f.namespace,
                    stays(f, field)
                ),
            )
        }
        SkipReason::WrongCase { field } => {
            let f = &fields[field];
            (
                DiagnosticKind::XmlWrongCase,
                Effect::DefaultKept,
                Some(f.name.clone()),
                Some((*local).to_owned()),
                Some(f.name.clone()),
                format!(
                    "element {local} matches member {} only ignoring case; DataContractSerializer \
                     compares names exactly and skips it, so {}",
                    f.name,
                    stays(f, field)
                ),
            )
        }
        SkipReason::Unknown => (
            DiagnosticKind::XmlUnknownElement,
            Effect::Ignored,
            None,
            Some(format!("{local} in namespace `{}`", cx.element.namespace)),
            Some(format!("a member of {}: {}", cx.schema.name, order())),
            format!(
                "element {local} (namespace `{}`) is not a member of {}; DataContractSerializer \
                 skips it and the value {lost} is lost",
                cx.element.namespace, cx.schema.name
            ),
        ),
    };
    Diagnostic {
        kind,
        severity: Severity::Warning,
        location: cx.location.clone(),
        field,
        found,
        expected,
        effect,
        model_state: None,
        message,
    }
}

/// An Info or Warning diagnostic with no ModelState entry.
pub(super) fn note(
    kind: DiagnosticKind,
    severity: Severity,
    location: Location,
    field: Option<String>,
    effect: Effect,
    message: String,
) -> Diagnostic {
    Diagnostic {
        kind,
        severity,
        location,
        field,
        found: None,
        expected: None,
        effect,
        model_state: None,
        message,
    }
}
