//! Comparing two canonical XML bodies. Children pair by local name and occurrence, so a member in
//! another namespace shows as a namespace change (not as one removal plus one addition), and a
//! member moved within its parent shows as an order change of that parent.

use super::diff::{ABSENT, DiffAt, Difference};
use super::xml_doc::{Attr, Element, pretty};
use crate::wire::json_string;

/// Compare a recorded root with a live one.
pub(crate) fn compare(expected: &Element, actual: &Element, out: &mut Vec<Difference>) {
    let path = format!("/{}", expected.local);
    if expected.local != actual.local {
        out.push(Difference::new(
            DiffAt::Xml(path),
            format!("root <{}>", expected.local),
            format!("root <{}>", actual.local),
        ));
        return;
    }
    element(&path, expected, actual, out);
}

/// An element on one line, for an added or removed member.
fn one_line(element: &Element) -> String {
    pretty(element)
        .lines()
        .map(str::trim)
        .collect::<Vec<_>>()
        .join("")
}

fn namespace(ns: Option<&str>) -> String {
    format!("xmlns=\"{}\"", ns.unwrap_or(""))
}

fn attr_name(attr: &Attr) -> String {
    match attr.namespace.as_deref() {
        Some(crate::contract::XSI_NAMESPACE) => format!("@i:{}", attr.local),
        Some(ns) => format!("@{{{ns}}}{}", attr.local),
        None => format!("@{}", attr.local),
    }
}

fn element(path: &str, expected: &Element, actual: &Element, out: &mut Vec<Difference>) {
    if expected.namespace != actual.namespace {
        out.push(Difference::new(
            DiffAt::Xml(path.to_owned()),
            namespace(expected.namespace.as_deref()),
            namespace(actual.namespace.as_deref()),
        ));
    }
    attributes(path, &expected.attrs, &actual.attrs, out);
    match (expected.is_leaf(), actual.is_leaf()) {
        (true, true) => {
            let (e, a) = (expected.text(), actual.text());
            if e != a {
                out.push(Difference::new(
                    DiffAt::Xml(path.to_owned()),
                    json_string(&e),
                    json_string(&a),
                ));
            }
        }
        (false, false) => children(path, expected, actual, out),
        _ => out.push(Difference::new(
            DiffAt::Xml(path.to_owned()),
            one_line(expected),
            one_line(actual),
        )),
    }
}

fn attributes(path: &str, expected: &[Attr], actual: &[Attr], out: &mut Vec<Difference>) {
    let same = |a: &Attr, b: &Attr| a.namespace == b.namespace && a.local == b.local;
    for e in expected {
        match actual.iter().find(|a| same(e, a)) {
            Some(a) if a.value == e.value => {}
            Some(a) => out.push(Difference::new(
                DiffAt::Xml(format!("{path}/{}", attr_name(e))),
                json_string(&e.value),
                json_string(&a.value),
            )),
            None => out.push(Difference::new(
                DiffAt::Xml(format!("{path}/{}", attr_name(e))),
                json_string(&e.value),
                ABSENT,
            )),
        }
    }
    for a in actual
        .iter()
        .filter(|a| !expected.iter().any(|e| same(e, a)))
    {
        out.push(Difference::new(
            DiffAt::Xml(format!("{path}/{}", attr_name(a))),
            ABSENT,
            json_string(&a.value),
        ));
    }
}

/// Child elements keyed by (local name, occurrence among same-named siblings).
fn keyed(parent: &Element) -> Vec<(&str, usize, &Element)> {
    let mut out: Vec<(&str, usize, &Element)> = Vec::new();
    for child in parent.elements() {
        let n = out
            .iter()
            .filter(|(name, _, _)| *name == child.local)
            .count();
        out.push((child.local.as_str(), n, child));
    }
    out
}

fn children(path: &str, expected: &Element, actual: &Element, out: &mut Vec<Difference>) {
    let e = keyed(expected);
    let a = keyed(actual);
    let repeated = |name: &str| {
        e.iter().filter(|(n, _, _)| *n == name).count() > 1
            || a.iter().filter(|(n, _, _)| *n == name).count() > 1
    };
    let child_path = |name: &str, n: usize| {
        if repeated(name) {
            format!("{path}/{name}[{}]", n + 1)
        } else {
            format!("{path}/{name}")
        }
    };
    let find = |list: &[(&str, usize, &Element)], name: &str, n: usize| {
        list.iter().position(|(m, k, _)| *m == name && *k == n)
    };
    // Order: the shared members must come in the same relative order.
    let shared_in_e: Vec<(&str, usize)> = e
        .iter()
        .filter(|(name, n, _)| find(&a, name, *n).is_some())
        .map(|(name, n, _)| (*name, *n))
        .collect();
    let shared_in_a: Vec<(&str, usize)> = a
        .iter()
        .filter(|(name, n, _)| find(&e, name, *n).is_some())
        .map(|(name, n, _)| (*name, *n))
        .collect();
    if shared_in_e != shared_in_a {
        let names = |list: &[(&str, usize, &Element)]| {
            list.iter()
                .map(|(n, _, _)| *n)
                .collect::<Vec<_>>()
                .join(", ")
        };
        out.push(Difference::new(
            DiffAt::XmlOrder(path.to_owned()),
            names(&e),
            names(&a),
        ));
    }
    for (name, n, child) in &e {
        match find(&a, name, *n) {
            Some(i) => element(&child_path(name, *n), child, a[i].2, out),
            None => out.push(Difference::new(
                DiffAt::Xml(child_path(name, *n)),
                one_line(child),
                ABSENT,
            )),
        }
    }
    for (name, n, child) in &a {
        if find(&e, name, *n).is_none() {
            out.push(Difference::new(
                DiffAt::Xml(child_path(name, *n)),
                ABSENT,
                one_line(child),
            ));
        }
    }
    let (te, ta) = (expected.text(), actual.text());
    if te != ta {
        out.push(Difference::new(
            DiffAt::Xml(format!("{path}/#text")),
            json_string(&te),
            json_string(&ta),
        ));
    }
}
