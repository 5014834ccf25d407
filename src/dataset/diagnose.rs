//! The error path of parsing: a file that failed to deserialise is parsed again, key by key,
//! record by record and field by field, so that every type error is reported with its path and
//! line, not just serde's first one. Never runs for a valid file.

use super::error::{Problem, ProblemKind, Problems};
use super::locate;
use super::records::{Client, Entry, Goods, Operator, Purchase};
use super::source::Key;
use super::wire;
use crate::excerpt::excerpt;
use crate::model::Zone;
use chrono::NaiveDateTime;
use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::value::RawValue;
use std::collections::BTreeMap;

/// serde would also read a struct from a JSON array (by position); the format is objects only.
pub(crate) fn not_an_object(name: &str, bytes: &[u8]) -> Option<Problem> {
    let (line, found) = non_object(bytes)?;
    Some(Problem {
        file: name.to_owned(),
        line: Some(line),
        path: "$".to_owned(),
        kind: ProblemKind::Type,
        expected: "an object holding dataset keys (`as_of`, `operators`, `entries`…)".to_owned(),
        found,
    })
}

/// Longest quote of a file's first line when the file is not JSON.
const MAX_FIRST_LINE_CHARS: usize = 40;

/// What a file of one of our JSON formats holds when it is not an object (`None` when it starts
/// like one): "an array", "null", "text that is not JSON: `…`", "an empty file"; with the line
/// its first value starts on.
pub(crate) fn non_object(bytes: &[u8]) -> Option<(usize, String)> {
    let first = bytes.iter().position(|c| !c.is_ascii_whitespace());
    let rest = first.map_or(&[][..], |at| &bytes[at..]);
    // `not json` starts like `null`: only the whole word is the literal.
    let literal = |word: &[u8]| {
        rest.starts_with(word)
            && rest
                .get(word.len())
                .is_none_or(|b| !b.is_ascii_alphanumeric())
    };
    let found = match rest.first() {
        Some(b'{') => return None,
        Some(b'[') => "an array".to_owned(),
        Some(b'"') => "a string".to_owned(),
        Some(b'0'..=b'9' | b'-') => "a number".to_owned(),
        Some(b't' | b'f') if literal(b"true") || literal(b"false") => "a boolean".to_owned(),
        Some(b'n') if literal(b"null") => "null".to_owned(),
        Some(_) => format!("text that is not JSON: `{}`", first_line(rest)),
        None => "an empty file".to_owned(),
    };
    let line = first.map_or(1, |at| locate::line_column(bytes, at).0);
    Some((line, found))
}

/// The start of a file's first line, for a message.
fn first_line(bytes: &[u8]) -> String {
    let line = bytes.split(|&b| b == b'\n').next().unwrap_or_default();
    let text = String::from_utf8_lossy(line);
    excerpt(text.trim_end(), MAX_FIRST_LINE_CHARS).into_owned()
}

/// `as_of` alone, to find its type error.
#[derive(Deserialize)]
struct AsOf(
    #[serde(deserialize_with = "wire::local_time::deserialize")]
    #[expect(dead_code, reason = "parsed only to report its errors")]
    NaiveDateTime,
);

/// `time_zone` alone, to find its type error.
#[derive(Deserialize)]
struct TimeZone(
    #[serde(deserialize_with = "wire::offset::deserialize")]
    #[expect(dead_code, reason = "parsed only to report its errors")]
    Zone,
);

/// A file failed to parse: report its syntax error, or every record that fails to deserialise.
pub(crate) fn file(name: &str, bytes: &[u8], err: &serde_json::Error, problems: &mut Problems) {
    let before = problems.total;
    if err.is_data()
        && let Ok(top) = serde_json::from_slice::<BTreeMap<String, &RawValue>>(bytes)
    {
        for (key, raw) in &top {
            if problems.is_full() {
                break;
            }
            diagnose_key(name, bytes, key, raw, problems);
        }
    }
    if problems.total == before {
        // Nothing more precise was found (a syntax error, a non-object file, a repeated key).
        let offset = locate::offset_of(bytes, err.line(), err.column());
        problems.push(problem_at(name, bytes, offset, err), Some(offset));
    }
}

fn diagnose_key(name: &str, bytes: &[u8], key: &str, raw: &RawValue, problems: &mut Problems) {
    if raw.get() == "null" {
        // Every key may be null (= absent); only `deny_unknown_fields` could still object.
        if Key::parse(key).is_some() || key == "$comment" {
            return;
        }
    }
    let Some(known) = Key::parse(key) else {
        if key != "$comment" {
            let offset = offset_in(bytes, raw);
            let mut path = String::from("$");
            locate::push_key(&mut path, key);
            let expected = Key::ALL.map(|k| format!("`{}`", k.name())).join(", ");
            problems.push(
                Problem {
                    file: name.to_owned(),
                    line: Some(locate::line_column(bytes, offset).0),
                    path,
                    kind: ProblemKind::UnknownField,
                    expected: format!("one of {expected}, `$comment`"),
                    found: format!("field `{key}`"),
                },
                Some(offset),
            );
        }
        return;
    };
    match known {
        Key::AsOf => check::<AsOf>(name, bytes, raw, problems),
        Key::TimeZone => check::<TimeZone>(name, bytes, raw, problems),
        Key::DefaultOperator => check::<i16>(name, bytes, raw, problems),
        Key::Operators => check_array::<Operator>(name, bytes, raw, problems),
        Key::Clients => check_array::<Client>(name, bytes, raw, problems),
        Key::Goods => check_array::<Goods>(name, bytes, raw, problems),
        Key::Entries => check_array::<Entry>(name, bytes, raw, problems),
        Key::Purchases => check_array::<Purchase>(name, bytes, raw, problems),
    }
}

fn check_array<T: DeserializeOwned>(
    name: &str,
    bytes: &[u8],
    raw: &RawValue,
    problems: &mut Problems,
) {
    match serde_json::from_str::<Vec<&RawValue>>(raw.get()) {
        Ok(items) => {
            for item in items {
                if problems.is_full() {
                    return;
                }
                check::<T>(name, bytes, item, problems);
            }
        }
        Err(err) => report(name, bytes, (raw, raw.get(), 0), &err, problems),
    }
}

fn check<T: DeserializeOwned>(name: &str, bytes: &[u8], raw: &RawValue, problems: &mut Problems) {
    let Err(err) = serde_json::from_str::<T>(raw.get()) else {
        return;
    };
    let before = problems.total;
    check_fields::<T>(name, bytes, raw, problems);
    // A missing field (or a repeated key, which the per-field pass cannot see) is only visible
    // to the whole record.
    if problems.total == before || err.to_string().starts_with("missing field") {
        report(name, bytes, (raw, raw.get(), 0), &err, problems);
    }
}

/// serde stops at a record's first error; to report every bad field, parse each member alone as
/// a one-member record and keep the errors that are not about the other (missing) members.
fn check_fields<T: DeserializeOwned>(
    name: &str,
    bytes: &[u8],
    raw: &RawValue,
    problems: &mut Problems,
) {
    let Ok(members) = serde_json::from_str::<BTreeMap<String, &RawValue>>(raw.get()) else {
        return;
    };
    for (key, value) in members {
        let Ok(key_json) = serde_json::to_string(&key) else {
            continue;
        };
        let prefix = format!("{{{key_json}:");
        let alone = format!("{prefix}{}}}", value.get());
        if let Err(err) = serde_json::from_str::<T>(&alone)
            && !err.to_string().starts_with("missing field")
        {
            // Positions past the prefix fall inside `value`, which lies in the file.
            report(name, bytes, (value, &alone, prefix.len()), &err, problems);
        }
    }
}

/// Report an error of parsing `parsed`, whose byte `skip` is the first byte of `raw`, at its
/// place in the file.
fn report(
    name: &str,
    bytes: &[u8],
    (raw, parsed, skip): (&RawValue, &str, usize),
    err: &serde_json::Error,
    problems: &mut Problems,
) {
    let inner = locate::offset_of(parsed.as_bytes(), err.line(), err.column());
    // serde may report the byte after the value (e.g. after a number): stay on its last byte.
    let last = raw.get().len().saturating_sub(1);
    let offset = offset_in(bytes, raw) + inner.saturating_sub(skip).min(last);
    problems.push(problem_at(name, bytes, offset, err), Some(offset));
}

/// Where a borrowed raw value starts in the file it was parsed from.
fn offset_in(bytes: &[u8], raw: &RawValue) -> usize {
    let start = raw.get().as_ptr() as usize;
    let base = bytes.as_ptr() as usize;
    start.saturating_sub(base).min(bytes.len())
}

/// A serde_json error in a whole file of any of our JSON formats, as a problem with path and
/// line.
pub(crate) fn serde_problem(name: &str, bytes: &[u8], err: &serde_json::Error) -> Problem {
    let offset = locate::offset_of(bytes, err.line(), err.column());
    problem_at(name, bytes, offset, err)
}

/// serde_json's message without its ` at line L column C` suffix.
pub(crate) fn serde_message(err: &serde_json::Error) -> String {
    let full = err.to_string();
    let position = format!(" at line {} column {}", err.line(), err.column());
    full.strip_suffix(&position).unwrap_or(&full).to_owned()
}

/// Turn a serde_json error at `offset` into a problem with path, line, expected and found.
fn problem_at(name: &str, bytes: &[u8], offset: usize, err: &serde_json::Error) -> Problem {
    let (line, _) = locate::line_column(bytes, offset);
    let mut path = locate::path_at(bytes, offset);
    let message = serde_message(err);
    let message = message.as_str();
    let (kind, expected, found) = if err.is_data() {
        classify_data(message, &mut path)
    } else {
        let found = match bytes.get(offset) {
            _ if err.is_eof() => "end of file".to_owned(),
            // serde stops on the number's last byte; the whole number is what was wrong.
            Some(c) if is_number_byte(*c) && message.contains("number") => {
                format!("`{}`", number_around(bytes, offset))
            }
            Some(c) if c.is_ascii_graphic() => format!("`{}`", char::from(*c)),
            Some(c) => format!("byte 0x{c:02x}"),
            None => "end of file".to_owned(),
        };
        (ProblemKind::Syntax, syntax_expected(message), found)
    };
    Problem {
        file: name.to_owned(),
        line: Some(line),
        path,
        kind,
        expected,
        found,
    }
}

fn is_number_byte(c: u8) -> bool {
    c.is_ascii_digit() || matches!(c, b'-' | b'+' | b'.' | b'e' | b'E')
}

/// The number literal around `offset` (at most [`MAX_NUMBER_SHOWN`] bytes of it).
fn number_around(bytes: &[u8], offset: usize) -> String {
    let start = bytes[..offset]
        .iter()
        .rposition(|&c| !is_number_byte(c))
        .map_or(0, |i| i + 1);
    let end = bytes[offset..]
        .iter()
        .position(|&c| !is_number_byte(c))
        .map_or(bytes.len(), |i| offset + i);
    let text = String::from_utf8_lossy(&bytes[start..end]);
    if text.len() > MAX_NUMBER_SHOWN {
        format!("{}… ({} characters)", &text[..MAX_NUMBER_SHOWN], text.len())
    } else {
        text.into_owned()
    }
}

/// Longest number quoted in a problem.
const MAX_NUMBER_SHOWN: usize = 40;

/// What serde_json's syntax-error wording says was expected.
fn syntax_expected(message: &str) -> String {
    if let Some(expected) = message.strip_prefix("expected ") {
        return expected.to_owned();
    }
    if let Some(what) = message.strip_prefix("EOF while parsing ") {
        return format!("the rest of {what}");
    }
    let expected = match message {
        "key must be a string" => "a string key",
        "trailing comma" => "a value after the comma",
        "trailing characters" => "the end of the file after the top-level object",
        "invalid number" => "a number",
        "number out of range" => "a number within the range of a 64-bit float",
        "invalid escape"
        | "invalid unicode code point"
        | "lone leading surrogate in hex escape" => "a valid string escape",
        "recursion limit exceeded" => "at most 128 levels of nesting",
        _ if message.starts_with("control character") => "a string without control characters",
        _ => return format!("valid JSON ({message})"),
    };
    expected.to_owned()
}

/// Split serde's data-error wording into the problem's kind, expected and found parts.
pub(crate) fn classify_data(message: &str, path: &mut String) -> (ProblemKind, String, String) {
    let quoted = |rest: &str| rest.split('`').nth(1).unwrap_or(rest).to_owned();
    if let Some(rest) = message.strip_prefix("missing field ") {
        let field = quoted(rest);
        locate::push_key(path, &field);
        return (
            ProblemKind::MissingField,
            format!("field `{field}`"),
            "none".to_owned(),
        );
    }
    if let Some(rest) = message.strip_prefix("unknown field ") {
        let (field, expected) = rest
            .split_once(", expected ")
            .unwrap_or((rest, "no other field"));
        return (
            ProblemKind::UnknownField,
            expected.to_owned(),
            format!("field {field}"),
        );
    }
    if let Some(rest) = message.strip_prefix("unknown variant ") {
        let (variant, expected) = rest.split_once(", expected ").unwrap_or((rest, "no value"));
        return (ProblemKind::Type, expected.to_owned(), variant.to_owned());
    }
    if let Some(rest) = message.strip_prefix("duplicate field ") {
        return (
            ProblemKind::Type,
            format!("field {rest} once"),
            "it twice".to_owned(),
        );
    }
    for prefix in ["invalid type: ", "invalid value: "] {
        if let Some(rest) = message.strip_prefix(prefix)
            && let Some((found, expected)) = rest.split_once(", expected ")
        {
            return (ProblemKind::Type, expected.to_owned(), found.to_owned());
        }
    }
    // A message of our own deserialisers, already in "expected X, found Y" form.
    if let Some((expected, found)) = message
        .strip_prefix("expected ")
        .and_then(|rest| rest.rsplit_once(", found "))
    {
        return (ProblemKind::Type, expected.to_owned(), found.to_owned());
    }
    (
        ProblemKind::Type,
        "a valid value".to_owned(),
        message.to_owned(),
    )
}
