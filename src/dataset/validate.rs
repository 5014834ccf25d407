//! The semantic rules of a parsed dataset (contracts/reference/domain.md#dataset-validation: "Loading rejects…"): unique
//! ids per kind, references that resolve (goods of the same operator), amounts ≥ 0 of scale ≤ 2,
//! consistent confirmation fields, at most `max_link_goods` active links per entry.
//!
//! Runs over the records in file order, so each problem names the record's original index.

use super::error::{ProblemKind, Problems};
use super::ids::{IdMap, id_map, unique};
use super::records::{Entry, Operator, Purchase};
use super::source::{At, Sections, Source};
use super::wire;
use rust_decimal::Decimal;
use std::collections::HashMap;

/// The largest money value: SQL `decimal(18,2)`, as the production columns are.
pub const MAX_MONEY: Decimal = Decimal::from_parts(0xA763_FFFF, 0x0DE0_B6B3, 0, false, 2);

fn file_of<T>(at: Option<&At<T>>, sources: &[Source]) -> String {
    at.map_or_else(String::new, |a| sources[a.file].name.clone())
}

fn slice_of<T>(at: Option<&At<Vec<T>>>) -> &[T] {
    at.map_or(&[], |a| a.value.as_slice())
}

fn money(value: Decimal, file: &str, path: impl Fn() -> String, problems: &mut Problems) {
    if value.is_sign_negative() && !value.is_zero() {
        problems.add(
            file,
            path(),
            ProblemKind::BadAmount,
            "an amount ≥ 0",
            value.to_string(),
        );
    } else if value.scale() > 2 {
        problems.add(
            file,
            path(),
            ProblemKind::BadAmount,
            "an amount with at most 2 decimal places",
            value.to_string(),
        );
    } else if value > MAX_MONEY {
        problems.add(
            file,
            path(),
            ProblemKind::BadAmount,
            format!("an amount ≤ {MAX_MONEY} (decimal(18,2))"),
            value.to_string(),
        );
    }
}

/// What validation learned about operators and clients, for the checks that follow.
struct Known<'a> {
    operators: IdMap<i16, &'a Operator>,
    client_operator: IdMap<i32, i16>,
    goods_operator: IdMap<i32, i16>,
}

/// Check every rule; problems go to `problems`. `dataset` names the whole dataset (for keys
/// missing from every file).
pub(crate) fn validate(s: &Sections, sources: &[Source], dataset: &str, problems: &mut Problems) {
    for (missing, key, what) in [
        (s.as_of.is_none(), "as_of", "a local date-time"),
        (
            s.default_operator.is_none(),
            "default_operator",
            "an operator id",
        ),
    ] {
        if missing {
            problems.add(
                dataset,
                format!("$.{key}"),
                ProblemKind::MissingField,
                format!("`{key}` ({what}) in one of the files"),
                "it in none",
            );
        }
    }
    let operators = operators(s, sources, problems);
    if let Some(default) = &s.default_operator
        && !operators.contains_key(&default.value)
    {
        problems.add(
            &sources[default.file].name,
            "$.default_operator".to_owned(),
            ProblemKind::Dangling,
            "the id of an operator",
            format!("{} (no such operator)", default.value),
        );
    }
    let mut known = Known {
        operators,
        client_operator: id_map(0),
        goods_operator: id_map(0),
    };
    known.client_operator = owned_by(
        slice_of(s.clients.as_ref())
            .iter()
            .map(|c| (c.id, c.operator)),
        "clients",
        "client id",
        &known,
        &file_of(s.clients.as_ref(), sources),
        problems,
    );
    known.goods_operator = owned_by(
        slice_of(s.goods.as_ref())
            .iter()
            .map(|g| (g.id, g.operator)),
        "goods",
        "goods id",
        &known,
        &file_of(s.goods.as_ref(), sources),
        problems,
    );
    entries(s, sources, &known, problems);
    purchases(s, sources, &known, problems);
}

fn operators<'a>(
    s: &'a Sections,
    sources: &[Source],
    problems: &mut Problems,
) -> IdMap<i16, &'a Operator> {
    let file = file_of(s.operators.as_ref(), sources);
    let list = slice_of(s.operators.as_ref());
    let mut ids = id_map(list.len());
    let mut tokens = id_map(0);
    let mut codes: HashMap<&str, String> = HashMap::new();
    let mut by_id = id_map(list.len());
    for (i, op) in list.iter().enumerate() {
        let at = |field: &str| format!("$.operators[{i}].{field}");
        let id_path = |i: usize| format!("$.operators[{i}].id");
        unique(&mut ids, op.id, i, id_path, "operator id", &file, problems);
        by_id.entry(op.id).or_insert(op);
        for (field, value) in [
            ("max_link_goods", op.max_link_goods),
            ("required_purchases", op.required_purchases),
        ] {
            if value < 0 {
                problems.add(
                    &file,
                    at(field),
                    ProblemKind::BadAmount,
                    "a count ≥ 0",
                    value.to_string(),
                );
            }
        }
        money(op.required_gain, &file, || at("required_gain"), problems);
        money(
            op.required_every_gain,
            &file,
            || at("required_every_gain"),
            problems,
        );
        for (t, &token) in op.tokens.iter().enumerate() {
            let path = |(i, t): (usize, usize)| format!("$.operators[{i}].tokens[{t}]");
            if token == 0 {
                // 0 means "no token" in a request, so it could never match.
                problems.add(
                    &file,
                    path((i, t)),
                    ProblemKind::Type,
                    "a non-zero token",
                    "0",
                );
            }
            let what = "token (across operators)";
            unique(&mut tokens, token, (i, t), path, what, &file, problems);
        }
        for (c, code) in op.site_codes.iter().enumerate() {
            let path = format!("$.operators[{i}].site_codes[{c}]");
            if code.is_empty() {
                // An empty SiteCode in a request means "not given", so it could never match.
                problems.add(
                    &file,
                    path,
                    ProblemKind::Type,
                    "a non-empty site code",
                    "\"\"",
                );
            } else if let Some(first) = codes.get(code.as_str()) {
                problems.add(
                    &file,
                    path,
                    ProblemKind::DuplicateId,
                    "a unique site code (across operators)",
                    format!("{code:?}, already at {first}"),
                );
            } else {
                codes.insert(code, path);
            }
        }
    }
    by_id
}

/// Clients and goods: unique ids, each owned by an existing operator. Returns id → operator.
fn owned_by(
    records: impl ExactSizeIterator<Item = (i32, i16)>,
    section: &str,
    what: &str,
    known: &Known<'_>,
    file: &str,
    problems: &mut Problems,
) -> IdMap<i32, i16> {
    let mut ids = id_map(records.len());
    let mut owner = id_map(records.len());
    for (i, (id, operator)) in records.enumerate() {
        let path = |i: usize| format!("$.{section}[{i}].id");
        unique(&mut ids, id, i, path, what, file, problems);
        if !known.operators.contains_key(&operator) {
            problems.add(
                file,
                format!("$.{section}[{i}].operator"),
                ProblemKind::Dangling,
                "the id of an operator",
                format!("{operator} (no such operator)"),
            );
        }
        owner.entry(id).or_insert(operator);
    }
    owner
}

/// The client's operator, reporting a dangling client reference.
fn client_operator(
    known: &Known<'_>,
    client: i32,
    file: &str,
    path: impl FnOnce() -> String,
    problems: &mut Problems,
) -> Option<i16> {
    let operator = known.client_operator.get(&client).copied();
    if operator.is_none() {
        problems.add(
            file,
            path(),
            ProblemKind::Dangling,
            "the id of a client",
            format!("{client} (no such client)"),
        );
    }
    operator
}

/// A goods reference of a client of `operator` (`None` when the client is unknown).
fn goods_ref(
    known: &Known<'_>,
    goods: i32,
    operator: Option<i16>,
    file: &str,
    path: impl FnOnce() -> String,
    problems: &mut Problems,
) {
    match (known.goods_operator.get(&goods), operator) {
        (None, _) => problems.add(
            file,
            path(),
            ProblemKind::Dangling,
            "the id of a goods item",
            format!("{goods} (no such goods)"),
        ),
        (Some(&owner), Some(operator)) if owner != operator => problems.add(
            file,
            path(),
            ProblemKind::ForeignGoods,
            format!("goods of operator {operator} (the client's operator)"),
            format!("{goods} (goods of operator {owner})"),
        ),
        _ => {}
    }
}

fn entries(s: &Sections, sources: &[Source], known: &Known<'_>, problems: &mut Problems) {
    let file = file_of(s.entries.as_ref(), sources);
    let list = slice_of(s.entries.as_ref());
    let mut ids = id_map(list.len());
    let mut link_ids = id_map(list.len());
    for (i, entry) in list.iter().enumerate() {
        let at = |field: &str| format!("$.entries[{i}].{field}");
        let path = |i: usize| format!("$.entries[{i}].id");
        unique(&mut ids, entry.id, i, path, "entry id", &file, problems);
        let operator = client_operator(known, entry.client, &file, || at("client"), problems);
        confirmation(entry, &file, &at, problems);
        for (l, link) in entry.links.iter().enumerate() {
            let at_link = |field: &str| format!("$.entries[{i}].links[{l}].{field}");
            let path = |(i, l): (usize, usize)| format!("$.entries[{i}].links[{l}].id");
            unique(
                &mut link_ids,
                link.id,
                (i, l),
                path,
                "link id",
                &file,
                problems,
            );
            goods_ref(
                known,
                link.list_data_id,
                operator,
                &file,
                || at_link("list_data_id"),
                problems,
            );
        }
        let max = operator
            .and_then(|op| known.operators.get(&op))
            .map(|op| op.max_link_goods);
        let active = entry.active_links().count();
        if let Some(max) = max.filter(|&max| active > usize::try_from(max).unwrap_or(0)) {
            problems.add(
                &file,
                at("links"),
                ProblemKind::TooManyLinks,
                format!("at most {max} active links (max_link_goods of the client's operator)"),
                format!("{active}"),
            );
        }
    }
}

/// `proc_time_confirm` exactly when `confirm`, and not before the offer.
fn confirmation(entry: &Entry, file: &str, at: &dyn Fn(&str) -> String, problems: &mut Problems) {
    match (entry.confirm, entry.proc_time_confirm) {
        (false, Some(time)) => problems.add(
            file,
            at("proc_time_confirm"),
            ProblemKind::Inconsistent,
            "null while confirm is false",
            wire::format_local(time),
        ),
        (true, None) => problems.add(
            file,
            at("proc_time_confirm"),
            ProblemKind::Inconsistent,
            "the confirmation time while confirm is true",
            "null",
        ),
        (true, Some(time)) if time < entry.proc_time => problems.add(
            file,
            at("proc_time_confirm"),
            ProblemKind::Inconsistent,
            format!(
                "a time at or after proc_time {}",
                wire::format_local(entry.proc_time)
            ),
            wire::format_local(time),
        ),
        _ => {}
    }
}

fn purchases(s: &Sections, sources: &[Source], known: &Known<'_>, problems: &mut Problems) {
    let file = file_of(s.purchases.as_ref(), sources);
    let list: &[Purchase] = slice_of(s.purchases.as_ref());
    let mut ids = id_map(list.len());
    for (i, purchase) in list.iter().enumerate() {
        let at = |field: &str| format!("$.purchases[{i}].{field}");
        let path = |i: usize| format!("$.purchases[{i}].id");
        unique(
            &mut ids,
            purchase.id,
            i,
            path,
            "purchase id",
            &file,
            problems,
        );
        let operator = client_operator(known, purchase.client, &file, || at("client"), problems);
        money(purchase.amount, &file, || at("amount"), problems);
        for (g, &goods) in purchase.goods.iter().enumerate() {
            let path = || format!("$.purchases[{i}].goods[{g}]");
            goods_ref(known, goods, operator, &file, path, problems);
        }
    }
}
