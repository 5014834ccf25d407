//! What binding noticed: typed diagnostics that explain what the .NET server would do with a
//! request body, including everything it does *silently*.

use serde::Serialize;
use std::fmt;

/// Most diagnostics one request body keeps: the first ones binding meets, in body order; the
/// rest are only counted (`diagnostics_omitted` of [`super::Read`] and [`super::Bound`]). A real
/// request has a handful, while a hostile body can produce one per element or property (a
/// quarter of a million in 1 MiB), each with a sentence longer than the bytes that caused it.
pub const MAX_DIAGNOSTICS: usize = 64;

/// A list that keeps its first [`MAX_DIAGNOSTICS`] items and counts the rest. Callers that
/// build an item at some cost ask [`Capped::has_room`] first, and only [`Capped::omit`] it
/// when there is none, so nothing is built once the list is full.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Capped<T> {
    kept: Vec<T>,
    omitted: usize,
}

impl<T> Default for Capped<T> {
    fn default() -> Self {
        Capped {
            kept: Vec::new(),
            omitted: 0,
        }
    }
}

impl<T> Capped<T> {
    /// Whether another item would be kept.
    pub(crate) fn has_room(&self) -> bool {
        self.kept.len() < MAX_DIAGNOSTICS
    }

    /// Keep `item`, or count it when full.
    pub(crate) fn push(&mut self, item: T) {
        if self.has_room() {
            self.kept.push(item);
        } else {
            self.omitted += 1;
        }
    }

    /// Count one item that is not kept (the caller saw there was no room and built nothing).
    pub(crate) fn omit(&mut self) {
        self.omitted += 1;
    }

    /// The kept items and how many were only counted.
    pub(crate) fn into_parts(self) -> (Vec<T>, usize) {
        (self.kept, self.omitted)
    }
}

/// Cut `items` to [`MAX_DIAGNOSTICS`]; returns how many were cut.
pub(crate) fn cap<T>(items: &mut Vec<T>) -> usize {
    let cut = items.len().saturating_sub(MAX_DIAGNOSTICS);
    items.truncate(MAX_DIAGNOSTICS);
    cut
}

/// How much a diagnostic matters to the caller.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Severity {
    /// Accepted, but not in the canonical form (a string converted to a number, a name matched
    /// case-insensitively).
    Info,
    /// Data was silently lost or changed: the value the caller sent is not what the action sees.
    Warning,
    /// .NET logged an error to ModelState, or the whole request became null.
    Error,
}

/// Where in the request body a diagnostic points.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Location {
    /// A JSON position: Json.NET path (`Client`, `Rows[0].Id`, or "" for the root), 1-based
    /// line and Json.NET's position (characters into the line).
    Json {
        /// Json.NET path.
        path: String,
        /// 1-based line.
        line: u32,
        /// Position in the line as Json.NET reports it.
        position: u32,
    },
    /// An XML element: its path (`/ClientFavoriteDataInfoRequest/Client`) and 1-based line and
    /// column of its start tag.
    Xml {
        /// Element path with local names.
        path: String,
        /// 1-based line.
        line: u32,
        /// 1-based column.
        column: u32,
    },
    /// A form-urlencoded pair: the key as sent and its 0-based index among the pairs.
    Form {
        /// The key as sent (decoded).
        key: String,
        /// 0-based pair index.
        index: usize,
    },
    /// The body as a whole.
    Body,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Location::Json {
                path,
                line,
                position,
            } => {
                let shown = if path.is_empty() { "$" } else { path };
                write!(f, "json `{shown}` (line {line}, position {position})")
            }
            Location::Xml { path, line, column } => {
                write!(f, "xml `{path}` (line {line}, column {column})")
            }
            Location::Form { key, index } => write!(f, "form key `{key}` (pair {index})"),
            Location::Body => f.write_str("body"),
        }
    }
}

/// What happened to the value or the request because of this finding.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Effect {
    /// The value was bound, possibly after a conversion.
    Converted,
    /// The element, property or key was skipped; nothing was bound from it.
    Ignored,
    /// The member kept its default (0, null, `DateTime.MinValue`) or its earlier value.
    DefaultKept,
    /// The whole request became null (the action sees `request == null`).
    RequestNull,
    /// The body could not be used at all before binding (e.g. a refused DTD).
    Refused,
}

/// An entry .NET writes to ModelState (`formatterLogger.LogError(key, exception)`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ModelStateEntry {
    /// ModelState key: `request` for root errors, `request.Client` for a member.
    pub key: String,
    /// The exception message, verbatim as .NET produces it.
    pub message: String,
}

/// Declares [`DiagnosticKind`] and [`DiagnosticKind::ALL`] from one list, so the two cannot
/// disagree.
macro_rules! diagnostic_kinds {
    (
        $(#[$enum_meta:meta])*
        pub enum DiagnosticKind { $($(#[$meta:meta])* $kind:ident,)* }
    ) => {
        $(#[$enum_meta])*
        pub enum DiagnosticKind {
            $($(#[$meta])* $kind,)*
        }

        impl DiagnosticKind {
            /// Every kind, in declaration order (the console's list; lookup by code).
            pub const ALL: &'static [DiagnosticKind] = &[$(DiagnosticKind::$kind,)*];
        }
    };
}

diagnostic_kinds! {
/// The closed set of things binding can notice. The codec owning each family defines its
/// variants' meaning; `code()` gives a stable kebab-case id for reports and headers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum DiagnosticKind {
    // ---- body-level (any format) ----
    /// Empty body (`Content-Length: 0`): the request is null, no ModelState error.
    EmptyBody,
    /// A charset other than utf-8/utf-16 was declared; .NET silently reads UTF-8.
    CharsetFallback,
    /// Bytes that are not valid in the body's encoding; .NET's strict decoder fails.
    InvalidEncoding,
    /// A body larger than a named limit.
    LimitExceeded,

    // ---- JSON (Json.NET) ----
    /// The body is not JSON Json.NET can read at the root (garbage, array, scalar).
    JsonInvalidRoot,
    /// A syntax error Json.NET could not recover from.
    JsonSyntax,
    /// Non-standard syntax Json.NET accepts (comments, single quotes, unquoted names).
    JsonLenientSyntax,
    /// Content after the root object, ignored (`CheckAdditionalContent` is false).
    JsonTrailingContent,
    /// A property not in the contract, ignored.
    JsonUnknownProperty,
    /// A property name that matched a member only case-insensitively.
    JsonCaseMismatch,
    /// The same member was given twice; the last value wins.
    JsonDuplicateProperty,
    /// A value converted to the member type (`"7"` → 7, `123` → `"123"`, `1` → true).
    JsonConverted,
    /// A value that could not be converted; logged to ModelState, member kept its default.
    JsonConversionFailed,
    /// A date with an offset converted to the server's local time.
    JsonDateConverted,
    /// A JSON nesting deeper than the reader's limit.
    JsonTooDeep,

    // ---- XML (DataContractSerializer) ----
    /// Root element name or namespace is not the request's: the request is null.
    XmlWrongRoot,
    /// The document is not well-formed XML: the request is null.
    XmlMalformed,
    /// A DTD or entity declaration, refused.
    XmlDtdRefused,
    /// An element that arrived after a later member was read: silently skipped.
    XmlOutOfOrder,
    /// A member element in the wrong namespace (e.g. a base member in the derived namespace).
    XmlWrongNamespace,
    /// A member element whose name matches only case-insensitively.
    XmlWrongCase,
    /// An element that is not a member of the type.
    XmlUnknownElement,
    /// A member element given twice: the first wins.
    XmlDuplicateElement,
    /// An empty element for a non-string member: SerializationException, request null.
    XmlEmptyValue,
    /// `i:nil="true"` on a non-nullable value type: request null.
    XmlNilOnValueType,
    /// A value whose lexical form the type does not accept: request null.
    XmlBadValue,
    /// Text directly inside the object element: request null.
    XmlStrayText,
    /// Whitespace around a numeric, bool or date value, trimmed (accepted).
    XmlTrimmed,
    /// A date with an offset converted to the server's local time.
    XmlDateConverted,
    /// Nesting deeper than MaxDepth 256: request null.
    XmlTooDeep,
    /// An object element (the root, or a list row) with `i:nil="true"`: .NET binds null (the
    /// request is null without a ModelState error; a row becomes a null list entry).
    XmlNilObject,
    /// Members that no element bound keep their CLR defaults (listed for the developer).
    XmlMembersMissing,

    // ---- form-urlencoded (JQueryMvcFormUrlEncodedFormatter) ----
    /// A key that is not a member (including `request.Client`-style prefixes), ignored.
    FormUnknownKey,
    /// A key that matched a member only case-insensitively.
    FormCaseMismatch,
    /// A repeated key: the first value wins.
    FormDuplicateKey,
    /// An empty or whitespace value: null (strings too), default for non-nullable members.
    FormEmptyValue,
    /// A value converted (hex integer, date with offset to local time, …).
    FormConverted,
    /// A value that failed conversion: ModelState error, member default.
    FormConversionFailed,
    /// An ISO offset whose `+` was not percent-encoded and decoded to a space.
    FormPlusInOffset,
    /// A date read in invariant month-first order (`07.05.2026` → 5 July).
    FormMonthFirstDate,
    /// A pair that is not `key=value` form-urlencoding (e.g. a bad `%` escape).
    FormMalformed,
}
}

impl DiagnosticKind {
    /// Stable kebab-case id (as serialised), worked out once per kind.
    pub fn code(self) -> &'static str {
        static CODES: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
        let codes = CODES.get_or_init(|| {
            DiagnosticKind::ALL
                .iter()
                .map(|kind| {
                    // serde_json renders a unit variant as a JSON string; strip the quotes.
                    serde_json::to_string(kind)
                        .map(|s| s.trim_matches('"').to_owned())
                        .unwrap_or_default()
                })
                .collect()
        });
        // A fieldless enum's discriminant is its declaration index, which is its place in ALL.
        codes.get(self as usize).map_or("", String::as_str)
    }
}

/// One thing binding noticed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// What kind of finding.
    pub kind: DiagnosticKind,
    /// How much it matters.
    pub severity: Severity,
    /// Where in the body.
    pub location: Location,
    /// The contract member affected, if any.
    pub field: Option<String>,
    /// What the request contained (raw text, element or key), if relevant.
    pub found: Option<String>,
    /// What would have been accepted, if relevant.
    pub expected: Option<String>,
    /// What happened.
    pub effect: Effect,
    /// The ModelState entry .NET logs, if it logs one.
    pub model_state: Option<ModelStateEntry>,
    /// A sentence a frontend developer can act on, e.g. "element Client arrived after EndDate;
    /// DataContractSerializer skips it, so Client stays 0".
    pub message: String,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let severity = match self.severity {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        };
        write!(
            f,
            "{severity}[{}] at {}: {}",
            self.kind.code(),
            self.location,
            self.message
        )?;
        if let Some(entry) = &self.model_state {
            write!(f, " (ModelState `{}`: {})", entry.key, entry.message)?;
        }
        Ok(())
    }
}

impl Diagnostic {
    /// About the bytes this diagnostic holds: its own size and its texts' lengths (what the
    /// mock's journal and bind memo count it as).
    pub fn held_bytes(&self) -> usize {
        let text = |s: &Option<String>| s.as_ref().map_or(0, String::len);
        let location = match &self.location {
            Location::Json { path, .. } | Location::Xml { path, .. } => path.len(),
            Location::Form { key, .. } => key.len(),
            Location::Body => 0,
        };
        let model_state = self
            .model_state
            .as_ref()
            .map_or(0, |e| e.key.len() + e.message.len());
        size_of::<Diagnostic>()
            + location
            + text(&self.field)
            + text(&self.found)
            + text(&self.expected)
            + model_state
            + self.message.len()
    }
}

#[cfg(test)]
mod kind_tests {
    use super::DiagnosticKind;
    use std::collections::HashSet;

    #[test]
    fn every_kind_has_its_own_kebab_case_code_at_its_place() {
        let codes: HashSet<&str> = DiagnosticKind::ALL.iter().map(|k| k.code()).collect();
        assert_eq!(codes.len(), DiagnosticKind::ALL.len());
        assert_eq!(DiagnosticKind::EmptyBody.code(), "empty-body");
        assert_eq!(
            DiagnosticKind::XmlNilOnValueType.code(),
            "xml-nil-on-value-type"
        );
        assert_eq!(DiagnosticKind::FormMalformed.code(), "form-malformed");
        for (i, kind) in DiagnosticKind::ALL.iter().enumerate() {
            assert_eq!(*kind as usize, i, "{kind:?}");
        }
    }
}
