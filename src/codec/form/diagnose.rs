//! The diagnostics of form binding: one constructor per finding, each with a message a
//! frontend developer can act on (what was sent, what .NET does with it, what to send instead).

use super::convert::{self, Converted, Failure, Note};
use super::pairs::{self, Pair};
use super::{MAX_SHOWN_CHARS, PARAMETER_NAME};
use crate::codec::{
    BindOptions, Diagnostic, DiagnosticKind, Effect, Location, ModelStateEntry, Severity, datetime,
};
use crate::contract::{ClrType, FieldSchema, TypeSchema};
use crate::model::Value;

/// Text shortened for messages (values can be arbitrarily long).
pub(super) fn shown(text: &str) -> String {
    crate::excerpt::excerpt(text, MAX_SHOWN_CHARS).into_owned()
}

/// A diagnostic at a pair.
fn diag(
    kind: DiagnosticKind,
    severity: Severity,
    pair: &Pair<'_>,
    effect: Effect,
    message: String,
) -> Diagnostic {
    Diagnostic {
        kind,
        severity,
        location: Location::Form {
            key: pair.key.clone(),
            index: pair.index,
        },
        field: None,
        found: None,
        expected: None,
        effect,
        model_state: None,
        message,
    }
}

/// The text of a member's CLR default, for messages.
pub(super) fn default_text(field: &FieldSchema) -> &'static str {
    match Value::default_for(field.ty, field.nullable) {
        Value::Null => "null",
        Value::Bool(_) => "false",
        Value::DateTime(_) => "0001-01-01T00:00:00",
        Value::Int(_) | Value::Decimal(_) | Value::String(_) | Value::List(_) => "0",
    }
}

/// A key naming a list member: this reader binds scalar members only.
pub(super) fn list_member(pair: &Pair<'_>, field: &FieldSchema) -> Diagnostic {
    let mut d = diag(
        DiagnosticKind::FormUnknownKey,
        Severity::Warning,
        pair,
        Effect::Ignored,
        format!(
            "member {} is a list; this reader binds scalar members only, so the pair is not read",
            field.name
        ),
    );
    d.field = Some(field.name.clone());
    d
}

pub(super) fn decode_notes(pair: &Pair<'_>, out: &mut Vec<Diagnostic>) {
    let sent = shown(&format!(
        "{}{}",
        pair.raw_key,
        pair.raw_value.map(|v| format!("={v}")).unwrap_or_default()
    ));
    if pair.notes.bad_escape {
        let mut d = diag(
            DiagnosticKind::FormMalformed,
            Severity::Info,
            pair,
            Effect::Converted,
            format!(
                "pair `{sent}` has a `%` not followed by two hex digits; Web API keeps it as a \
                 literal `%` (encode a literal percent sign as %25)"
            ),
        );
        d.found = Some(sent.clone());
        out.push(d);
    }
    if pair.notes.replaced {
        let mut d = diag(
            DiagnosticKind::FormMalformed,
            Severity::Warning,
            pair,
            Effect::Converted,
            format!(
                "pair `{sent}` has %-escaped bytes that are not UTF-8; Web API decodes them to \
                 U+FFFD, so the text differs from what was meant (percent-encode UTF-8 bytes)"
            ),
        );
        d.found = Some(sent);
        out.push(d);
    }
}

/// A key that names no member. Stray `&` separators (empty key, no value) are ignored silently.
pub(super) fn unknown_key(pair: &Pair<'_>, key: &str, schema: &TypeSchema) -> Option<Diagnostic> {
    if pair.key.is_empty() && pair.value.is_empty() {
        return None;
    }
    let member = |name: &str| {
        schema
            .fields
            .iter()
            .find(|f| pairs::eq_ordinal_ignore_case(&f.name, name))
    };
    // `request.Client` → suffix names a member; `Client[0]` / `Client.x` → prefix does.
    let suffix = key.rsplit_once('.').and_then(|(_, s)| member(s));
    let prefix = key.split(['.', '[']).next().and_then(member);
    let (field, message) = if pair.key.is_empty() {
        (
            None,
            "a value without a key binds to no member; Web API ignores it".to_owned(),
        )
    } else if let Some(f) = suffix {
        (
            Some(f),
            format!(
                "key `{}` does not bind: form keys are the unprefixed property names, so send \
                 `{}=…`; Web API ignores this pair and {} keeps its default {}",
                shown(&pair.key),
                f.name,
                f.name,
                default_text(f)
            ),
        )
    } else if let Some(f) = prefix {
        (
            Some(f),
            format!(
                "key `{}` addresses {} as a list or object, but it is a single {}; send `{}=…`; \
                 Web API ignores this pair",
                shown(&pair.key),
                f.name,
                f.ty.clr_name(),
                f.name
            ),
        )
    } else {
        (
            None,
            format!(
                "key `{}` is not a member of {}; Web API ignores it",
                shown(&pair.key),
                schema.name
            ),
        )
    };
    let mut d = diag(
        DiagnosticKind::FormUnknownKey,
        Severity::Warning,
        pair,
        Effect::Ignored,
        message,
    );
    d.field = field.map(|f| f.name.clone());
    d.found = Some(shown(&pair.key));
    let names: Vec<&str> = schema.fields.iter().map(|f| f.name.as_str()).collect();
    d.expected = Some(format!("one of the member names: {}", names.join(", ")));
    Some(d)
}

pub(super) fn duplicate(pair: &Pair<'_>, first: &Pair<'_>, field: &FieldSchema) -> Diagnostic {
    let mut d = diag(
        DiagnosticKind::FormDuplicateKey,
        Severity::Warning,
        pair,
        Effect::Ignored,
        format!(
            "{} is sent again (first at pair {}); Web API binds only the first value `{}` and \
             ignores `{}`",
            field.name,
            first.index,
            shown(&first.value),
            shown(&pair.value)
        ),
    );
    d.field = Some(field.name.clone());
    d.found = Some(shown(&pair.value));
    d.expected = Some(format!("{} once", field.name));
    d
}

pub(super) fn key_notes(
    pair: &Pair<'_>,
    key: &str,
    field: &FieldSchema,
    out: &mut Vec<Diagnostic>,
) {
    if pair.key != key {
        let mut d = diag(
            DiagnosticKind::FormConverted,
            Severity::Info,
            pair,
            Effect::Converted,
            format!(
                "key `{}` is jQuery bracket syntax; Web API normalises it to `{key}` and binds {}",
                shown(&pair.key),
                field.name
            ),
        );
        d.field = Some(field.name.clone());
        d.found = Some(shown(&pair.key));
        d.expected = Some(field.name.clone());
        out.push(d);
    }
    if key != field.name {
        let mut d = diag(
            DiagnosticKind::FormCaseMismatch,
            Severity::Info,
            pair,
            Effect::Converted,
            format!(
                "key `{}` matches member {} only ignoring case; Web API binds it (form keys are \
                 compared OrdinalIgnoreCase)",
                shown(key),
                field.name
            ),
        );
        d.field = Some(field.name.clone());
        d.found = Some(shown(key));
        d.expected = Some(field.name.clone());
        out.push(d);
    }
}

pub(super) fn empty_value(pair: &Pair<'_>, field: &FieldSchema) -> Diagnostic {
    let what = match pair.raw_value {
        None => format!(
            "key `{}` has no `=`, so {} is empty",
            shown(&pair.key),
            field.name
        ),
        Some(_) => format!("{} is empty", field.name),
    };
    let (severity, effect, consequence) = if field.ty.is_reference() {
        (
            Severity::Warning,
            Effect::Converted,
            format!(
                "form binding turns a blank value into null (JSON and XML would give \"\"), so \
                 {} is null; send a non-blank value or leave the key out",
                field.name
            ),
        )
    } else if field.nullable {
        (
            Severity::Info,
            Effect::Converted,
            format!(
                "form binding reads a blank value as null, so {} is null",
                field.name
            ),
        )
    } else {
        // MutableObjectModelBinder skips the setter for null on a value type. Web API 5.x source
        // then adds "A value is required." at validation; Web API on Mono logged nothing
        // (contracts/reference/wire.md#form-binding), which is what this reproduces.
        (
            Severity::Warning,
            Effect::DefaultKept,
            format!(
                "form binding reads a blank value as null, which an {} cannot hold, so {} keeps \
                 its default {}",
                field.ty.clr_name(),
                field.name,
                default_text(field)
            ),
        )
    };
    diag(
        DiagnosticKind::FormEmptyValue,
        severity,
        pair,
        effect,
        format!("{what}; {consequence}"),
    )
}

pub(super) fn converted_note(
    pair: &Pair<'_>,
    field: &FieldSchema,
    converted: &Converted,
) -> Option<Diagnostic> {
    let sent = shown(pair.value.trim());
    let bound = match &converted.value {
        Value::Int(v) => v.to_string(),
        Value::Decimal(v) => v.to_string(),
        Value::DateTime(v) => v.to_wire(),
        Value::Bool(v) => v.to_string(),
        Value::String(_) | Value::Null | Value::List(_) => String::new(),
    };
    let (kind, severity, message) = match converted.note {
        Some(Note::Hex) => (
            DiagnosticKind::FormConverted,
            Severity::Info,
            format!(
                "{}={sent} is read as hexadecimal ({bound}) by the {} TypeConverter; send decimal \
                 digits unless hex was meant",
                field.name,
                field.ty.clr_name()
            ),
        ),
        Some(Note::Exponent) => (
            DiagnosticKind::FormConverted,
            Severity::Info,
            format!(
                "{}={sent} is exponent notation, read as {bound}",
                field.name
            ),
        ),
        Some(Note::DateToLocal) => (
            DiagnosticKind::FormConverted,
            Severity::Info,
            format!(
                "{}={sent} carries a UTC designator or offset; form binding converts it to the \
                 server's local time, {bound}",
                field.name
            ),
        ),
        Some(Note::MonthFirst) => (
            DiagnosticKind::FormMonthFirstDate,
            Severity::Warning,
            format!(
                "{}={sent} is read month-first by the invariant culture, as {bound}; if the day \
                 comes first, send ISO yyyy-MM-dd instead",
                field.name
            ),
        ),
        None => return None,
    };
    Some(diag(kind, severity, pair, Effect::Converted, message))
}

pub(super) fn conversion_failed(
    pair: &Pair<'_>,
    field: &FieldSchema,
    attempted: &str,
    failure: Failure,
) -> Diagnostic {
    let sent = shown(pair.value.trim());
    let model_message = if failure.is_format() {
        // `ModelBinderConfig_ValueInvalid` with the attempted value and the display name.
        format!("The value '{attempted}' is not valid for {}.", field.name)
    } else {
        // `ValueProviderResult_ConversionThrew`, the exception ModelState stores.
        format!(
            "The parameter conversion from type 'System.String' to type '{}' failed. See the \
             inner exception for more information.",
            convert::clr_full_name(field.ty, field.nullable)
        )
    };
    let why = match failure {
        Failure::Format => format!(
            "{}={sent} is not a valid {}",
            field.name,
            field.ty.clr_name()
        ),
        Failure::Overflow => {
            let range = field
                .ty
                .int_range()
                .map(|(min, max)| format!(" ({min} to {max})"))
                .unwrap_or_default();
            format!(
                "{}={sent} is outside the {} range{range}",
                field.name,
                field.ty.clr_name()
            )
        }
        Failure::BadHex => format!(
            "{}={sent} is not valid hexadecimal (no digits, or a sign after the prefix)",
            field.name
        ),
    };
    let mut d = diag(
        DiagnosticKind::FormConversionFailed,
        Severity::Error,
        pair,
        Effect::DefaultKept,
        format!(
            "{why}; Web API logs a ModelState error and {} keeps its default {}",
            field.name,
            default_text(field)
        ),
    );
    d.model_state = Some(ModelStateEntry {
        key: format!("{PARAMETER_NAME}.{}", field.name),
        message: model_message,
    });
    d
}

/// A date whose `+` was sent raw: it decoded to a space and the date failed; with the `+` kept it
/// would have parsed.
pub(super) fn plus_in_offset(
    pair: &Pair<'_>,
    field: &FieldSchema,
    options: &BindOptions,
) -> Option<Diagnostic> {
    let raw = pair.raw_value?;
    if field.ty != ClrType::DateTime || !raw.contains('+') {
        return None;
    }
    let encoded = raw.replace('+', "%2B");
    let (intended, _) = pairs::url_decode(&encoded);
    datetime::parse_invariant(intended.trim(), options.clock()).ok()?;
    let mut d = diag(
        DiagnosticKind::FormPlusInOffset,
        Severity::Warning,
        pair,
        Effect::DefaultKept,
        format!(
            "{} was sent with a raw `+` (`{}`), which form decoding turns into a space, so the \
             date does not parse; percent-encode the plus: {}={}",
            field.name,
            shown(raw),
            field.name,
            shown(&encoded)
        ),
    );
    d.found = Some(shown(raw));
    d.expected = Some(shown(&encoded));
    Some(d)
}
