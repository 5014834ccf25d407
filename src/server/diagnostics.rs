//! What the mock tells a caller about binding: the [`DIAGNOSTICS_HEADER`] summary on answers,
//! and the explanation of every diagnostic kind the console shows (each citing the section of
//! the reference documents that pins the rule).
//!
//! The header lists only warnings and errors by default (an info note such as
//! `xml-members-missing` means Web API bound the body fine); `--diagnostics-level` or a
//! request's [`DIAGNOSTICS_LEVEL_HEADER`] lowers or raises the bar. The journal keeps every
//! diagnostic whatever the level.

use crate::codec::{Diagnostic, DiagnosticKind, Severity};

/// Response header summarising what binding noticed: `N; severity:code, severity:code` (the
/// count, then each distinct severity and code in order), e.g.
/// `2; warning:xml-out-of-order, error:json-conversion-failed`. ASCII only; the full text is in
/// the journal.
pub const DIAGNOSTICS_HEADER: &str = "x-mock-diagnostics";

/// Request header choosing the least severity the [`DIAGNOSTICS_HEADER`] lists for this
/// answer: `info`, `warning` (the default) or `error`.
pub const DIAGNOSTICS_LEVEL_HEADER: &str = "x-mock-diagnostics-level";

/// The least severity the header lists unless told otherwise.
pub const DEFAULT_DIAGNOSTICS_LEVEL: Severity = Severity::Warning;

/// Parse a level (`info`, `warning`, `error`).
pub(crate) fn parse_level(value: &str) -> Option<Severity> {
    match value.trim().to_ascii_lowercase().as_str() {
        "info" => Some(Severity::Info),
        "warning" => Some(Severity::Warning),
        "error" => Some(Severity::Error),
        _ => None,
    }
}

/// A severity's name.
pub(crate) fn severity_name(severity: Severity) -> &'static str {
    match severity {
        Severity::Info => "info",
        Severity::Warning => "warning",
        Severity::Error => "error",
    }
}

/// `N; severity:code, …` for the diagnostics at or above `level`, or `None` when there is none
/// to list. `N` counts the listed diagnostics and the omitted ones (those beyond the 64 kept,
/// whose severity is not recorded).
pub(crate) fn summary(
    diagnostics: &[Diagnostic],
    omitted: usize,
    level: Severity,
) -> Option<String> {
    let mut shown = 0;
    // Each distinct (severity, kind) is spelled once (spelling a code serialises the kind).
    let mut seen: Vec<(Severity, DiagnosticKind)> = Vec::new();
    for diagnostic in diagnostics.iter().filter(|d| d.severity >= level) {
        shown += 1;
        let key = (diagnostic.severity, diagnostic.kind);
        if !seen.contains(&key) {
            seen.push(key);
        }
    }
    if shown == 0 && omitted == 0 {
        return None;
    }
    let codes: Vec<String> = seen
        .iter()
        .map(|(severity, kind)| format!("{}:{}", severity_name(*severity), kind.code()))
        .collect();
    Some(format!("{}; {}", shown + omitted, codes.join(", ")))
}

/// A kind by its code (`xml-out-of-order`).
pub(crate) fn kind_from_code(code: &str) -> Option<DiagnosticKind> {
    DiagnosticKind::ALL
        .iter()
        .copied()
        .find(|kind| kind.code() == code)
}

/// What a kind of diagnostic means for the caller, and the section that pins the rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Explanation {
    /// One or two sentences.
    pub(crate) text: &'static str,
    /// A reference document section, `contracts/reference/<doc>.md#<anchor>`.
    pub(crate) reference: &'static str,
}

const fn explained(text: &'static str, reference: &'static str) -> Explanation {
    Explanation { text, reference }
}

/// The explanation of a kind (exhaustive: a new kind needs one).
pub(crate) fn explain(kind: DiagnosticKind) -> Explanation {
    use DiagnosticKind::*;
    match kind {
        EmptyBody => explained(
            "The body is empty, so Web API hands the action a null request and production answers 500 without logging a ModelState error.",
            "contracts/reference/wire.md#request-reader",
        ),
        CharsetFallback => explained(
            "The Content-Type names a charset .NET does not decode here; it silently reads the bytes as UTF-8.",
            "contracts/reference/wire.md#charsets",
        ),
        InvalidEncoding => explained(
            "Bytes that are not valid in the body's encoding: .NET's strict decoder fails and the request becomes null.",
            "contracts/reference/wire.md#charsets",
        ),
        LimitExceeded => explained(
            "The body exceeds a limit (the mock's body size, a nesting depth, the form key count): it is refused or becomes null.",
            "contracts/reference/wire.md#xml-reader-settings",
        ),
        JsonInvalidRoot => explained(
            "The body is not a JSON object at the root (garbage, an array, a scalar): Json.NET cannot bind it and the request is null.",
            "contracts/reference/wire.md#json-read",
        ),
        JsonSyntax => explained(
            "A syntax error Json.NET cannot recover from: the request is null and ModelState holds the error with its path and position.",
            "contracts/reference/wire.md#json-errors",
        ),
        JsonLenientSyntax => explained(
            "Non-standard JSON that Json.NET accepts anyway (comments, single quotes, unquoted names): fine here, but another parser may refuse it.",
            "contracts/reference/wire.md#json-read",
        ),
        JsonTrailingContent => explained(
            "Content after the root object is ignored (Web API does not check for additional content).",
            "contracts/reference/wire.md#json-read",
        ),
        JsonUnknownProperty => explained(
            "A property that is not a member of the request: ignored, so whatever it meant never reaches the action (check the spelling).",
            "contracts/reference/wire.md#json-read",
        ),
        JsonCaseMismatch => explained(
            "The property name matched a member only ignoring case; Json.NET binds it, but the contract spells it differently.",
            "contracts/reference/wire.md#json-read",
        ),
        JsonDuplicateProperty => explained(
            "The same member was sent twice: the last value wins.",
            "contracts/reference/wire.md#json-read",
        ),
        JsonConverted => explained(
            "The value was converted to the member's type (\"7\" to 7, 1 to true): it binds, but not in the canonical form.",
            "contracts/reference/wire.md#json-read",
        ),
        JsonConversionFailed => explained(
            "The value could not be converted to the member's type: ModelState logs an error and the member keeps its default (0 or null), which often turns into a business error.",
            "contracts/reference/wire.md#model-state",
        ),
        JsonDateConverted => explained(
            "A date with an offset or Z was converted to the server's local time, as Web API does; the action sees the local wall time.",
            "contracts/reference/wire.md#datetime-kinds",
        ),
        JsonTooDeep => explained(
            "The JSON nests deeper than the reader allows: the request is null.",
            "contracts/reference/wire.md#json-errors",
        ),
        XmlWrongRoot => explained(
            "The root element's name or namespace is not the request's data contract (ClientFavoriteDataInfoRequest in its namespace): the request is null and production answers 500.",
            "contracts/reference/wire.md#xml-namespaces",
        ),
        XmlMalformed => explained(
            "The document is not well-formed XML: the request is null.",
            "contracts/reference/wire.md#xml-read-failures",
        ),
        XmlDtdRefused => explained(
            "A DTD or entity declaration: the XML reader refuses it and the request is null.",
            "contracts/reference/wire.md#xml-reader-settings",
        ),
        XmlOutOfOrder => explained(
            "DataContractSerializer reads members in a fixed order (base class members first, then alphabetical): an element after a later member is silently skipped and its member keeps its default.",
            "contracts/reference/wire.md#xml-member-order",
        ),
        XmlWrongNamespace => explained(
            "The element is in another namespace than its member's declaring class (inherited members live in the base class's namespace): it is silently skipped.",
            "contracts/reference/wire.md#xml-namespaces",
        ),
        XmlWrongCase => explained(
            "XML names are case-sensitive: an element whose name matches a member only ignoring case is skipped.",
            "contracts/reference/wire.md#xml-names",
        ),
        XmlUnknownElement => explained(
            "An element that is not a member of the request: skipped.",
            "contracts/reference/wire.md#xml-read-cases",
        ),
        XmlDuplicateElement => explained(
            "A member element given twice: the first one wins, the repeat is skipped.",
            "contracts/reference/wire.md#xml-read-algorithm",
        ),
        XmlEmptyValue => explained(
            "An empty element for a number or date cannot be read: the whole request becomes null (500).",
            "contracts/reference/wire.md#xml-read-failures",
        ),
        XmlNilOnValueType => explained(
            "i:nil=\"true\" on a member that cannot be null: the whole request becomes null (500).",
            "contracts/reference/wire.md#xml-read-failures",
        ),
        XmlBadValue => explained(
            "A value whose text the member's type does not accept (XML is strict: no \"7.0\" for an integer): the whole request becomes null (500).",
            "contracts/reference/wire.md#primitive-forms",
        ),
        XmlStrayText => explained(
            "Text directly inside the request element: the whole request becomes null (500).",
            "contracts/reference/wire.md#xml-read-failures",
        ),
        XmlTrimmed => explained(
            "Whitespace around a number, boolean or date was trimmed: accepted.",
            "contracts/reference/wire.md#xml-read-cases",
        ),
        XmlDateConverted => explained(
            "A date with an offset or Z was converted to the server's local time; the action sees the local wall time.",
            "contracts/reference/wire.md#datetime-kinds",
        ),
        XmlTooDeep => explained(
            "The XML nests deeper than the reader's limit of 256: the request is null.",
            "contracts/reference/wire.md#xml-reader-settings",
        ),
        XmlNilObject => explained(
            "The request element (or a list row) carries i:nil=\"true\": .NET binds null without a ModelState error.",
            "contracts/reference/wire.md#xml-read-cases",
        ),
        XmlMembersMissing => explained(
            "Members no element bound keep their defaults (0 or null). Only a note: leaving optional members out is normal.",
            "contracts/reference/wire.md#xml-read-algorithm",
        ),
        FormUnknownKey => explained(
            "A form key that is not a member (a prefix such as request.Client included): ignored.",
            "contracts/reference/wire.md#form-binding",
        ),
        FormCaseMismatch => explained(
            "The key matched a member only ignoring case; form binding accepts it.",
            "contracts/reference/wire.md#form-binding",
        ),
        FormDuplicateKey => explained(
            "A repeated key: the first value wins.",
            "contracts/reference/wire.md#form-binding",
        ),
        FormEmptyValue => explained(
            "An empty value binds as null (strings too), or as the default for a member that cannot be null.",
            "contracts/reference/wire.md#form-binding",
        ),
        FormConverted => explained(
            "The value was converted (a hexadecimal integer, a date with an offset to local time): accepted.",
            "contracts/reference/wire.md#form-binding",
        ),
        FormConversionFailed => explained(
            "The value failed to convert to the member's type: ModelState logs an error and the member keeps its default.",
            "contracts/reference/wire.md#form-binding",
        ),
        FormPlusInOffset => explained(
            "An unencoded + in a date offset decodes to a space, so the date fails to convert: percent-encode it as %2B.",
            "contracts/reference/wire.md#form-binding",
        ),
        FormMonthFirstDate => explained(
            "A dotted date was read month first, as .NET's invariant culture does (07.05.2026 is 5 July): send ISO dates.",
            "contracts/reference/wire.md#dotnet-parse-missing-parts",
        ),
        FormMalformed => explained(
            "A pair that is not key=value form encoding (a bad % escape): skipped.",
            "contracts/reference/wire.md#form-binding",
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_is_found_by_its_code_and_explained() {
        for &kind in DiagnosticKind::ALL {
            assert_eq!(kind_from_code(kind.code()), Some(kind));
            assert!(!explain(kind).text.is_empty());
        }
        assert_eq!(kind_from_code("no-such-kind"), None);
    }
}
