//! Validating an XML response body against the contract as a DataContractSerializer client
//! reads it (contracts/reference/wire.md#xml, contracts/reference/wire.md#primitive-forms, contracts/reference/wire.md#checker-policy): root name and namespace, each member's declaring-class
//! namespace, forward-only member order, row element names, `i:nil`, lexical forms.

use super::clip;
use super::lexical::{self, Form, Reader, XML_WHITESPACE};
use super::walk::{Walker, XPath};
use crate::checker::finding::Location;
use crate::checker::rule::{RuleId, Severity};
use crate::checker::sink::Sink;
use crate::contract::{ClrType, FieldSchema, TypeSchema, contract};
use crate::model::{Object, Value};
use crate::wire::xml::{self as xml_tree, Dialect, Element, Nil};

/// `path/name` (built without `format!`: this runs for every element of every body).
fn join(path: &str, name: &str) -> String {
    let mut out = String::with_capacity(path.len() + name.len() + 1);
    out.push_str(path);
    out.push('/');
    out.push_str(name);
    out
}

/// Check an XML body; returns the bound object when every value could be read.
pub(super) fn check(
    text: &str,
    schema: &'static TypeSchema,
    charset: &str,
    sink: &mut Sink<'_>,
) -> Option<Object> {
    let root = match xml_tree::parse(text, Dialect::Client) {
        Ok(root) => {
            super::xml_layout::check(text, Some(schema), charset, sink);
            root
        }
        Err(e) => {
            sink.syntax(
                RuleId::XmlSyntax,
                text,
                e.offset,
                e.expected,
                &e.found,
                "the body is not well-formed XML; a .NET client's XmlReader fails on it",
            );
            return None;
        }
    };
    let path = format!("/{}", root.local);
    if root.local != schema.name {
        sink.push(
            RuleId::XmlRoot,
            Severity::Violation,
            Location::XPath(path),
            format!("<{}>", schema.name),
            format!("<{}>", root.local),
            "DataContractSerializer fails with \"Expecting element …\": the client gets no data",
        );
        return None;
    }
    if root.namespace.as_deref() != Some(schema.namespace.as_str()) {
        sink.push(
            RuleId::XmlNamespace,
            Severity::Violation,
            Location::XPath(path),
            format!("namespace {}", schema.namespace),
            namespace_name(root.namespace.as_deref()),
            "a root in another namespace fails DataContractSerializer: the client gets no data",
        );
        return None;
    }
    let mut walker = Walker::<XPath>::new(sink);
    let object = walker.object(&root, schema, &path);
    walker.usable.then_some(object)
}

fn namespace_name(ns: Option<&str>) -> String {
    match ns {
        Some(ns) => format!("namespace {ns}"),
        None => "no namespace".to_owned(),
    }
}

/// How a child element relates to the members of the object being read.
enum Match {
    /// Member `k` of the XML order, at or after the cursor.
    Next(usize),
    /// Member `k`, already passed by the cursor (`k` = cursor: a repeat).
    Behind(usize),
    /// A member's local name, but in another namespace.
    WrongNamespace(usize),
    /// A member's name in another case.
    WrongCase(usize),
    /// Nothing of the type.
    Unknown,
}

impl Walker<'_, '_, XPath> {
    fn classify(schema: &TypeSchema, child: &Element, cursor: Option<usize>) -> Match {
        let order = &schema.xml_order;
        let is = |k: usize| {
            let f = &schema.fields[order[k]];
            f.name == child.local && child.namespace.as_deref() == Some(f.namespace.as_str())
        };
        let from = cursor.map_or(0, |c| c + 1);
        if let Some(k) = (from..order.len()).find(|&k| is(k)) {
            return Match::Next(k);
        }
        if let Some(k) = (0..from).find(|&k| is(k)) {
            return Match::Behind(k);
        }
        let fields = || {
            order
                .iter()
                .enumerate()
                .map(|(k, &i)| (k, &schema.fields[i]))
        };
        if let Some((k, _)) = fields().find(|(_, f)| f.name == child.local) {
            return Match::WrongNamespace(k);
        }
        if let Some((k, _)) = fields().find(|(_, f)| f.name.eq_ignore_ascii_case(&child.local)) {
            return Match::WrongCase(k);
        }
        Match::Unknown
    }

    /// Report character data directly inside an object or a collection (which holds only
    /// elements); true when there was some.
    fn stray_text(&mut self, element: &Element, path: &str, expected: String, why: &str) -> bool {
        let text = element.text();
        let text = text.trim_matches(XML_WHITESPACE);
        if text.is_empty() {
            return false;
        }
        let found = format!("text \"{}\"", clip(text));
        self.unusable(RuleId::XmlMemberSet, path, expected, found, why);
        true
    }

    /// Read an object element the way DataContractSerializer does: a forward-only cursor over
    /// the members in XML order; anything that does not match ahead of the cursor is skipped.
    fn object(&mut self, element: &Element, schema: &'static TypeSchema, path: &str) -> Object {
        let mut object = Object::new(schema);
        let order = &schema.xml_order;
        let mut read = vec![false; order.len()];
        let mut skipped = vec![false; order.len()];
        let mut cursor: Option<usize> = None;
        self.stray_text(
            element,
            path,
            "only member elements".to_owned(),
            "text directly inside an object: DataContractSerializer fails with \"Expecting state \
             'Element'\"",
        );
        for child in element.elements() {
            let at = join(path, &child.local);
            match Self::classify(schema, child, cursor) {
                Match::Next(k) => {
                    cursor = Some(k);
                    read[k] = true;
                    let field = &schema.fields[order[k]];
                    match self.value(field, child, &at) {
                        Some(value) => object.values[order[k]] = value,
                        None => self.usable = false,
                    }
                }
                Match::Behind(k) if read[k] => {
                    self.push(
                        RuleId::XmlMemberSet,
                        Severity::Violation,
                        &at,
                        "each member once",
                        format!("<{}> repeated", child.local),
                        "DataContractSerializer keeps the first and skips the repeat silently",
                    );
                }
                Match::Behind(k) => {
                    skipped[k] = true;
                    self.usable = false;
                    let before = cursor.map_or(String::new(), |c| {
                        format!("<{}>", schema.fields[order[c]].name)
                    });
                    self.push(
                        RuleId::XmlOrder,
                        Severity::Violation,
                        &at,
                        format!("<{}> before {before}", child.local),
                        format!("<{}> after {before}", child.local),
                        format!(
                            "out of DataContract order: a .NET DataContractSerializer client reads \
                             members forward-only and silently drops <{}>, leaving it at its \
                             default",
                            child.local
                        ),
                    );
                }
                Match::WrongNamespace(k) => {
                    skipped[k] = true;
                    self.usable = false;
                    let field = &schema.fields[order[k]];
                    self.push(
                        RuleId::XmlNamespace,
                        Severity::Violation,
                        &at,
                        format!(
                            "namespace {} (declared in {})",
                            field.namespace, field.declared_in
                        ),
                        namespace_name(child.namespace.as_deref()),
                        format!(
                            "a .NET client matches (name, namespace) and silently drops <{}>, \
                             leaving it at its default",
                            child.local
                        ),
                    );
                }
                Match::WrongCase(k) => {
                    skipped[k] = true;
                    self.usable = false;
                    self.push(
                        RuleId::XmlMemberSet,
                        Severity::Violation,
                        &at,
                        format!("<{}>", schema.fields[order[k]].name),
                        format!("<{}>", child.local),
                        "names match case-sensitively: a .NET client silently drops it",
                    );
                }
                Match::Unknown => {
                    self.push(
                        RuleId::XmlMemberSet,
                        Severity::Violation,
                        &at,
                        "no such element",
                        format!("<{}>", child.local),
                        format!("`{}` has no such member", schema.name),
                    );
                }
            }
        }
        for (k, &i) in order.iter().enumerate() {
            if !read[k] && !skipped[k] {
                self.usable = false;
                let field = &schema.fields[i];
                self.push(
                    RuleId::XmlMemberSet,
                    Severity::Violation,
                    &format!("{path}/{}", field.name),
                    format!("<{}>", field.name),
                    "missing",
                    "DataContractSerializer writes every member (null ones as i:nil=\"true\"); \
                     a .NET client leaves it at its default",
                );
            }
        }
        object
    }

    fn value(&mut self, field: &FieldSchema, element: &Element, at: &str) -> Option<Value> {
        if element.stray_nil() {
            self.push(
                RuleId::XmlNil,
                Severity::Warning,
                at,
                "nil in the XMLSchema-instance namespace (i:nil)",
                "a `nil` attribute in another namespace",
                ".NET ignores it and reads the element's content",
            );
        }
        match element.nil() {
            Nil::True if field.nullable || field.ty.is_reference() => return Some(Value::Null),
            Nil::True => {
                return self.unusable(
                    RuleId::XmlNil,
                    at,
                    format!("a {} value", field.ty.clr_name()),
                    "i:nil=\"true\"",
                    format!(
                        "`{}` is a non-nullable {}: DataContractSerializer fails with \
                         \"ValueType 'System.{}' cannot be null\"",
                        field.name,
                        field.ty.clr_name(),
                        field.ty.clr_name()
                    ),
                );
            }
            Nil::Invalid(v) => {
                return self.unusable(
                    RuleId::XmlNil,
                    at,
                    "i:nil=\"true\"",
                    format!("i:nil=\"{}\"", clip(&v)),
                    "i:nil is an xs:boolean; .NET fails on other values",
                );
            }
            Nil::Absent | Nil::False => {}
        }
        if field.ty == ClrType::List {
            return self.list(field, element, at);
        }
        if let Some(child) = element.elements().next() {
            return self.unusable(
                RuleId::XmlLexical,
                at,
                format!("a {} value", field.ty.clr_name()),
                format!("child element <{}>", child.local),
                "a simple member cannot hold elements; DataContractSerializer fails",
            );
        }
        let text = element.text();
        let text = text.as_ref();
        if field.ty == ClrType::String {
            return Some(Value::String(text.to_owned()));
        }
        if text.trim_matches(XML_WHITESPACE).is_empty() {
            return self.unusable(
                RuleId::XmlLexical,
                at,
                format!("a {} value", field.ty.clr_name()),
                "an empty element",
                format!(
                    "an empty element is not null: .NET fails with \"The value '' cannot be \
                     parsed as the type '{}'\"",
                    field.ty.clr_name()
                ),
            );
        }
        let form = match field.ty {
            ClrType::Int16 | ClrType::Int32 | ClrType::Int64 => {
                let (min, max) = field.ty.int_range().unwrap_or((i64::MIN, i64::MAX));
                map(lexical::xml_int(text, min, max), Value::Int)
            }
            ClrType::Decimal => map(lexical::xml_decimal(text), Value::Decimal),
            ClrType::Boolean => map(lexical::xml_bool(text), Value::Bool),
            ClrType::DateTime => map(
                lexical::date(text, Reader::Xml, self.sink.profile.time_zone),
                Value::DateTime,
            ),
            ClrType::String | ClrType::List => Form::Rejected(String::new()),
        };
        let shown = format!("\"{}\"", clip(text));
        let expected = format!("the {} form .NET writes", field.ty.clr_name());
        let value = match form {
            Form::Canonical(v) => v,
            Form::Accepted(v, note) => {
                self.push(
                    RuleId::XmlLexical,
                    Severity::Warning,
                    at,
                    expected,
                    shown,
                    note,
                );
                v
            }
            Form::Misread(v, note) => {
                self.push(
                    RuleId::XmlLexical,
                    Severity::Violation,
                    at,
                    expected,
                    shown,
                    note,
                );
                v
            }
            Form::Rejected(why) => {
                return self.unusable(
                    RuleId::XmlLexical,
                    at,
                    expected,
                    shown,
                    format!("{why}; a .NET client fails on the whole response"),
                );
            }
        };
        if let Value::DateTime(date) = &value {
            self.date_kind(date, at);
        }
        Some(value)
    }

    fn list(&mut self, field: &FieldSchema, element: &Element, at: &str) -> Option<Value> {
        let item = field.item.map(|id| contract().schema(id))?;
        if self.stray_text(
            element,
            at,
            format!("only <{}> elements", item.name),
            "text inside a collection: DataContractSerializer fails",
        ) {
            return None;
        }
        let mut rows = Vec::new();
        for (i, row) in element.elements().enumerate() {
            let row_at = format!("{at}/{}[{}]", row.local, i + 1);
            let name_ok = row.local == item.name;
            let ns_ok = row.namespace.as_deref() == Some(item.namespace.as_str());
            if !name_ok || !ns_ok {
                self.unusable(
                    RuleId::XmlRowName,
                    &row_at,
                    format!("<{}> in namespace {}", item.name, item.namespace),
                    format!(
                        "<{}> in {}",
                        row.local,
                        namespace_name(row.namespace.as_deref())
                    ),
                    "collection items carry the row's data-contract name (Outer.Inner) in the \
                     row's namespace; a .NET client does not read other elements as rows",
                );
                continue;
            }
            if row.nil() == Nil::True {
                self.unusable(
                    RuleId::XmlNil,
                    &row_at,
                    format!("a <{}> row", item.name),
                    "i:nil=\"true\"",
                    "a null row: clients iterating the collection fail on it",
                );
                continue;
            }
            rows.push(self.object(row, item, &row_at));
        }
        Some(Value::List(rows))
    }
}

fn map<T, U>(form: Form<T>, f: impl FnOnce(T) -> U) -> Form<U> {
    match form {
        Form::Canonical(v) => Form::Canonical(f(v)),
        Form::Accepted(v, note) => Form::Accepted(f(v), note),
        Form::Misread(v, note) => Form::Misread(f(v), note),
        Form::Rejected(why) => Form::Rejected(why),
    }
}
