//! JSON bodies in snapshots: pretty-printed with every number kept exactly as sent (a decimal's
//! scale, `1` vs `1.0`), and compared semantically (property order ignored, numbers compared as
//! numbers, contracts/reference/wire.md#decimal-forms).

use super::diff::{ABSENT, DiffAt, Difference};
use crate::wire::json::{Json, Member, Node};
use crate::wire::{json_string, pointer_segment};
use rust_decimal::Decimal;
use std::str::FromStr;

/// Indentation of one nesting level.
const INDENT: &str = "  ";

/// The body pretty-printed: two-space indentation, members in document order.
pub(crate) fn pretty(node: &Node) -> String {
    let mut out = String::new();
    write(&node.value, 0, &mut out);
    out
}

fn write(value: &Json, depth: usize, out: &mut String) {
    match value {
        Json::Array(items) if items.is_empty() => out.push_str("[]"),
        Json::Object(members) if members.is_empty() => out.push_str("{}"),
        Json::Array(items) => {
            out.push_str("[\n");
            for (i, item) in items.iter().enumerate() {
                out.push_str(&INDENT.repeat(depth + 1));
                write(&item.value, depth + 1, out);
                out.push_str(if i + 1 < items.len() { ",\n" } else { "\n" });
            }
            out.push_str(&INDENT.repeat(depth));
            out.push(']');
        }
        Json::Object(members) => {
            out.push_str("{\n");
            for (i, member) in members.iter().enumerate() {
                out.push_str(&INDENT.repeat(depth + 1));
                out.push_str(&json_string(&member.key));
                out.push_str(": ");
                write(&member.value.value, depth + 1, out);
                out.push_str(if i + 1 < members.len() { ",\n" } else { "\n" });
            }
            out.push_str(&INDENT.repeat(depth));
            out.push('}');
        }
        scalar => out.push_str(&compact(scalar)),
    }
}

/// One-line JSON of a value (numbers as sent).
pub(crate) fn compact(value: &Json) -> String {
    match value {
        Json::Null => "null".to_owned(),
        Json::Bool(b) => b.to_string(),
        Json::Number(n) => n.clone(),
        Json::String(s) => json_string(s),
        Json::Array(items) => {
            let parts: Vec<String> = items.iter().map(|i| compact(&i.value)).collect();
            format!("[{}]", parts.join(","))
        }
        Json::Object(members) => {
            let parts: Vec<String> = members
                .iter()
                .map(|m| format!("{}:{}", json_string(&m.key), compact(&m.value.value)))
                .collect();
            format!("{{{}}}", parts.join(","))
        }
    }
}

/// Compare a recorded body with a live one.
pub(crate) fn compare(expected: &Node, actual: &Node, out: &mut Vec<Difference>) {
    compare_at("", &expected.value, &actual.value, out);
}

fn compare_at(path: &str, expected: &Json, actual: &Json, out: &mut Vec<Difference>) {
    match (expected, actual) {
        (Json::Object(e), Json::Object(a)) => {
            for member in first_occurrences(e) {
                let child = format!("{path}/{}", pointer_segment(&member.key));
                match a.iter().find(|m| m.key == member.key) {
                    Some(live) => compare_at(&child, &member.value.value, &live.value.value, out),
                    None => out.push(Difference::new(
                        DiffAt::Json(child),
                        compact(&member.value.value),
                        ABSENT,
                    )),
                }
            }
            for member in first_occurrences(a) {
                if !e.iter().any(|m| m.key == member.key) {
                    out.push(Difference::new(
                        DiffAt::Json(format!("{path}/{}", pointer_segment(&member.key))),
                        ABSENT,
                        compact(&member.value.value),
                    ));
                }
            }
        }
        (Json::Array(e), Json::Array(a)) => {
            for (i, (x, y)) in e.iter().zip(a).enumerate() {
                compare_at(&format!("{path}/{i}"), &x.value, &y.value, out);
            }
            for (i, x) in e.iter().enumerate().skip(a.len()) {
                out.push(Difference::new(
                    DiffAt::Json(format!("{path}/{i}")),
                    compact(&x.value),
                    ABSENT,
                ));
            }
            for (i, y) in a.iter().enumerate().skip(e.len()) {
                out.push(Difference::new(
                    DiffAt::Json(format!("{path}/{i}")),
                    ABSENT,
                    compact(&y.value),
                ));
            }
        }
        (Json::Number(x), Json::Number(y)) if numbers_equal(x, y) => {}
        (x, y) if x == y => {}
        (x, y) => out.push(Difference::new(
            DiffAt::Json(path.to_owned()),
            compact(x),
            compact(y),
        )),
    }
}

/// Members by first occurrence of each key (Json.NET keeps the last of duplicates, but a
/// duplicate is a defect the checker reports; here the first stands for the key).
fn first_occurrences(members: &[Member]) -> impl Iterator<Item = &Member> {
    members
        .iter()
        .enumerate()
        .filter(|(i, m)| !members[..*i].iter().any(|p| p.key == m.key))
        .map(|(_, m)| m)
}

/// Numeric equality of two JSON number lexemes: `100.00` = `100` = `1E2`.
pub(crate) fn numbers_equal(x: &str, y: &str) -> bool {
    if x == y {
        return true;
    }
    match (decimal(x), decimal(y)) {
        (Some(a), Some(b)) => a == b,
        _ => match (x.parse::<f64>(), y.parse::<f64>()) {
            (Ok(a), Ok(b)) => a == b,
            _ => false,
        },
    }
}

fn decimal(text: &str) -> Option<Decimal> {
    if text.contains(['e', 'E']) {
        Decimal::from_scientific(text).ok()
    } else {
        Decimal::from_str(text).ok()
    }
}
