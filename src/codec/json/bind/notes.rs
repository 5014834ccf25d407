//! Diagnostics for what Json.NET accepts without a ModelState error: empty or null bodies,
//! trailing content, unknown or duplicate or case-mismatched names, metadata, conversions
//! between strings, numbers and Booleans, dates that were converted, and lenient syntax.

use super::convert::{Target, date_was_shifted};
use super::report::show_value;
use super::{Binder, Scope};
use crate::codec::datetime::{Strict, is_ambiguous_month_first, strict_date};
use crate::codec::json::lexer::{Lenient, LenientEvent, Mark, excerpt, excerpt_cow};
use crate::codec::json::number;
use crate::codec::{Diagnostic, DiagnosticKind, Effect, Location, Severity};
use crate::contract::ClrType;
use crate::model::Value;

impl Binder<'_, '_> {
    pub(super) fn no_content(&mut self) {
        self.info(
            DiagnosticKind::EmptyBody,
            Severity::Error,
            None,
            None,
            Effect::RequestNull,
            "the body holds no JSON value (only whitespace or comments); Json.NET returns null \
             without a ModelState error, so the action receives request == null (production \
             answers HTTP 500)"
                .to_owned(),
        );
    }

    pub(super) fn root_null(&mut self) {
        let found = self.r.value_text();
        self.info(
            DiagnosticKind::JsonInvalidRoot,
            Severity::Error,
            None,
            Some(found.clone()),
            Effect::RequestNull,
            format!(
                "the body is {found}, which Json.NET reads as null without a ModelState error, so \
                 the action receives request == null (production answers HTTP 500)"
            ),
        );
    }

    pub(super) fn trailing_content(&mut self) {
        let trimmed = skip_comments(self.r.rest());
        if trimmed.is_empty() {
            return;
        }
        self.info(
            DiagnosticKind::JsonTrailingContent,
            Severity::Warning,
            None,
            Some(excerpt(trimmed)),
            Effect::Ignored,
            "text follows the root object; Json.NET stops after the root (CheckAdditionalContent \
             is off) and never reads it"
                .to_owned(),
        );
    }

    pub(super) fn unknown_property(&mut self, name: &str) {
        if !self.room() {
            return;
        }
        let name = excerpt(name);
        self.info(
            DiagnosticKind::JsonUnknownProperty,
            Severity::Info,
            None,
            Some(name.clone()),
            Effect::Ignored,
            format!(
                "{name} is not a member of the contract type; Json.NET ignores it \
                 (MissingMemberHandling.Ignore)"
            ),
        );
    }

    pub(super) fn case_mismatch(&mut self, name: &str, member: &str) {
        self.info(
            DiagnosticKind::JsonCaseMismatch,
            Severity::Info,
            Some(member.to_owned()),
            Some(name.to_owned()),
            Effect::Converted,
            format!("{name} matches {member} only ignoring case; Json.NET binds it anyway"),
        );
    }

    pub(super) fn duplicate(
        &mut self,
        member: &Scope<'_>,
        first: Mark,
        previous: &Value,
        target: Target,
    ) {
        // Where the first one was is only worked out for a diagnostic that is kept.
        if !self.room() {
            return;
        }
        let (line, position) = self.r.mark_position(first);
        let first = format!("line {line}, position {position}");
        let member = member.to_string();
        let message = if matches!(target, Target::List(_)) {
            format!(
                "{member} is given twice (first at {first}); Json.NET appends the rows of the \
                 second array to the list it already built"
            )
        } else {
            format!(
                "{member} is given twice (first at {first}); the last one wins, so the earlier \
                 value {} is discarded",
                show_value(previous)
            )
        };
        self.info(
            DiagnosticKind::JsonDuplicateProperty,
            Severity::Warning,
            Some(member),
            None,
            Effect::Ignored,
            message,
        );
    }

    pub(super) fn metadata_ignored(&mut self, name: &str) {
        self.info(
            DiagnosticKind::JsonUnknownProperty,
            Severity::Info,
            None,
            Some(name.to_owned()),
            Effect::Ignored,
            format!(
                "{name} is Json.NET metadata; it is consumed and has no effect (TypeNameHandling \
                 is None, references are not used)"
            ),
        );
    }

    pub(super) fn unresolved_reference(&mut self, reference: &str, at_root: bool) {
        let known = self.ids.iter().any(|id| id == reference);
        let reference = &excerpt(reference);
        let resolution = if known {
            "points at an object read earlier, which Json.NET would reuse; this emulation does \
             not model shared references, so the value is null here"
        } else {
            "names no object read earlier; Json.NET's resolver returns null"
        };
        let (kind, severity, effect, consequence) = if at_root {
            (
                DiagnosticKind::JsonInvalidRoot,
                Severity::Error,
                Effect::RequestNull,
                ", so the action receives request == null without a ModelState error \
                 (production answers HTTP 500)",
            )
        } else {
            (
                DiagnosticKind::JsonConversionFailed,
                Severity::Warning,
                Effect::DefaultKept,
                ", so this object is null",
            )
        };
        self.info(
            kind,
            severity,
            None,
            Some(reference.to_owned()),
            effect,
            format!("\"$ref\": \"{reference}\" {resolution}{consequence}"),
        );
    }

    pub(super) fn null_row(&mut self, field: &str) {
        self.info(
            DiagnosticKind::JsonConverted,
            Severity::Warning,
            Some(field.to_owned()),
            Some(self.r.value_text()),
            Effect::Ignored,
            format!(
                "{field}: a null (or empty) item in the array; .NET adds a null row to the list, \
                 which this model cannot hold, so it is left out"
            ),
        );
    }
}

/// The diagnostic for a lenient construct the reader met.
pub(super) fn lenient(event: LenientEvent) -> Diagnostic {
    let (severity, message) = lenient_message(event.what, &event.found);
    Diagnostic {
        kind: DiagnosticKind::JsonLenientSyntax,
        severity,
        location: Location::Json {
            path: event.path,
            line: event.line,
            position: event.position,
        },
        field: None,
        found: Some(event.found),
        expected: Some("standard JSON (RFC 8259)".to_owned()),
        effect: Effect::Converted,
        model_state: None,
        message,
    }
}

impl Binder<'_, '_> {
    /// Accepted values that were not in their canonical form. `raw` is the value's body text
    /// (quoted as its excerpt); `member` is spelled out only when there is a note.
    pub(super) fn conversion_notes(
        &mut self,
        target: Target,
        raw: &str,
        value: &Value,
        member: &Scope<'_>,
    ) {
        let Target::Prim { ty, .. } = target else {
            return;
        };
        let source = excerpt_cow(raw);
        if let (ClrType::DateTime, Value::DateTime(date)) = (ty, value) {
            self.date_notes(&source, date, member);
            return;
        }
        if let Some((severity, message)) = conversion_note(ty, &source, value) {
            let member = member.to_string();
            self.info(
                DiagnosticKind::JsonConverted,
                severity,
                Some(member.clone()),
                Some(source.into_owned()),
                Effect::Converted,
                format!("{member}: {message}"),
            );
        }
    }

    /// Dates outside the strict ISO form, read month-first, or shifted to server time.
    fn date_notes(&mut self, source: &str, date: &crate::model::NetDateTime, member: &Scope<'_>) {
        let text = source.trim_matches(['"', '\'']);
        let strict = self.r.known_strict(text).unwrap_or_else(|| {
            matches!(
                strict_date(text, self.options.clock(), self.options.json_net),
                Strict::Date(_)
            )
        });
        let not_iso = !strict;
        let shifted = date_was_shifted(text, date);
        if !not_iso && !shifted {
            return;
        }
        let member = member.to_string();
        if not_iso {
            let (severity, extra) = if is_ambiguous_month_first(text) {
                (
                    Severity::Warning,
                    "; .NET reads it month-first, so day and month are swapped for a day-first \
                     date",
                )
            } else {
                (Severity::Info, "")
            };
            self.info(
                DiagnosticKind::JsonConverted,
                severity,
                Some(member.to_owned()),
                Some(source.to_owned()),
                Effect::Converted,
                format!(
                    "{member}: {source} is not ISO 8601; Json.NET falls back to \
                     DateTime.TryParse(Invariant) and reads {}{extra}",
                    date.to_wire()
                ),
            );
        }
        if shifted {
            self.info(
                DiagnosticKind::JsonDateConverted,
                Severity::Info,
                Some(member.to_owned()),
                Some(source.to_owned()),
                Effect::Converted,
                format!(
                    "{member}: {source} carries a UTC offset; Json.NET converts it to the \
                     server's local time {}",
                    date.to_wire()
                ),
            );
        }
    }
}

/// How a primitive value was converted from what the body says, if it was.
fn conversion_note(ty: ClrType, source: &str, value: &Value) -> Option<(Severity, String)> {
    let quoted = source.starts_with(['"', '\'']);
    let literal = source == "true" || source == "false";
    let integer = matches!(ty, ClrType::Int16 | ClrType::Int32 | ClrType::Int64);
    let shown = || show_value(value);
    let note = match (ty, value) {
        (_, Value::Null) if quoted => (
            Severity::Info,
            format!("the empty string {source} is read as null"),
        ),
        (_, Value::Int(_) | Value::Decimal(_)) if quoted => (
            Severity::Info,
            format!("the string {source} is converted to the number {}", shown()),
        ),
        (_, Value::Int(_)) if integer && literal => (
            Severity::Warning,
            format!(
                "the Boolean {source} is converted to the number {}",
                shown()
            ),
        ),
        (_, Value::Int(v)) if integer && source.contains(['.', 'e', 'E']) => {
            #[allow(clippy::cast_precision_loss, reason = "compares with a rounded value")]
            let exact = number::parse_double(source).is_some_and(|f| f == *v as f64);
            if exact {
                (Severity::Info, format!("{source} is read as {v}"))
            } else {
                (
                    Severity::Warning,
                    format!("{source} is rounded (half to even) to {v}"),
                )
            }
        }
        (ClrType::Decimal, Value::Decimal(_)) if source.contains(['e', 'E']) => (
            Severity::Info,
            format!(
                "{source} is written with an exponent; Json.NET reads {}",
                shown()
            ),
        ),
        (ClrType::Boolean, Value::Bool(_)) if !literal => (
            Severity::Info,
            format!("{source} is converted to the Boolean {}", shown()),
        ),
        (ClrType::String, Value::String(_)) if !quoted => (
            Severity::Info,
            format!("the value {source} is converted to the string {}", shown()),
        ),
        _ => return None,
    };
    Some(note)
}

fn lenient_message(what: Lenient, found: &str) -> (Severity, String) {
    let info = |s: &str| (Severity::Info, s.to_owned());
    match what {
        Lenient::Comment => info("a comment; JSON has none, Json.NET skips it"),
        Lenient::SingleQuotes => {
            info("a single-quoted string; JSON requires double quotes, Json.NET accepts it")
        }
        Lenient::UnquotedName => {
            info("an unquoted property name; JSON requires double quotes, Json.NET accepts it")
        }
        Lenient::TrailingComma => info("a trailing comma; Json.NET accepts it"),
        Lenient::EmptyValue => {
            info("a missing value before a comma; Json.NET reads it as undefined (null)")
        }
        Lenient::Undefined => info("undefined is not JSON; Json.NET reads it as null"),
        Lenient::NonFinite => info("NaN and Infinity are not JSON numbers; Json.NET accepts them"),
        Lenient::Constructor => {
            info("a JavaScript constructor (new X(...)) is not JSON; Json.NET reads it")
        }
        Lenient::HexNumber => (
            Severity::Info,
            format!(
                "{found} is hexadecimal, which JSON does not allow; Json.NET reads it as {}",
                radix_value(found)
            ),
        ),
        Lenient::OctalNumber => (
            Severity::Warning,
            format!(
                "{found} has a leading zero, so Json.NET reads it as the octal number {}",
                radix_value(found)
            ),
        ),
        Lenient::RawControlChar => info(
            "a raw control character inside a string; JSON requires it escaped, Json.NET keeps it",
        ),
        Lenient::EscapedApostrophe => {
            info("\\' is not a JSON escape; Json.NET reads it as an apostrophe")
        }
        Lenient::NulChar => {
            info("a NUL character outside strings; Json.NET skips it like whitespace")
        }
    }
}

/// The value Json.NET gives a hex or octal token (as a 64-bit number).
fn radix_value(text: &str) -> String {
    number::radix_parse(text, 64).map_or_else(|| "an error".to_owned(), |v| v.to_string())
}

/// What is left after whitespace, NULs and complete comments.
fn skip_comments(mut rest: &str) -> &str {
    loop {
        rest = rest.trim_start_matches(|c: char| c.is_whitespace() || c == '\0');
        if let Some(line) = rest.strip_prefix("//") {
            rest = line.find(['\n', '\r']).map_or("", |end| &line[end..]);
        } else if let Some(block) = rest.strip_prefix("/*") {
            match block.find("*/") {
                Some(end) => rest = &block[end + 2..],
                None => return rest,
            }
        } else {
            return rest;
        }
    }
}
