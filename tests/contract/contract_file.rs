//! The contract file agrees with the help page and the typed model.
//!
//! Source: contracts/ClientFavoriteDataInfo.help.txt (the authoritative document).

use favorite_contract::{
    ClientFavoriteRow, FromObject, GroupFavoriteRow, ListFavoriteRow, Request, Response,
};
use favorite_contract::{ClrType, HELP_PAGE, TypeSchema, contract};

/// One row of a help-page parameter table.
#[derive(Debug, PartialEq)]
struct HelpRow {
    name: String,
    description: String,
    help_type: String,
}

/// The parameter table that follows `heading` (the type name line) up to `end`.
fn help_table(heading: &str, end: &str) -> Vec<HelpRow> {
    let start = HELP_PAGE
        .find(&format!(
            "{heading}\nNameDescriptionTypeAdditional information\n"
        ))
        .unwrap_or_else(|| panic!("help page has no table for {heading}"));
    let rest = &HELP_PAGE[start..];
    let stop = rest
        .find(end)
        .unwrap_or_else(|| panic!("no `{end}` after {heading}"));
    let body = &rest[..stop];
    let lines: Vec<&str> = body
        .lines()
        .skip(2)
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    assert_eq!(
        lines.len() % 4,
        0,
        "rows of four lines (name, description, type, info)"
    );
    lines
        .chunks(4)
        .map(|c| {
            assert_eq!(c[3], "None.", "additional information column of {}", c[0]);
            HelpRow {
                name: c[0].to_owned(),
                description: c[1].to_owned(),
                help_type: c[2].to_owned(),
            }
        })
        .collect()
}

/// The help page's type word for a C# type.
fn help_word(schema: &TypeSchema, i: usize) -> String {
    let field = &schema.fields[i];
    match field.ty {
        ClrType::Int16 | ClrType::Int32 | ClrType::Int64 => "integer".into(),
        ClrType::Decimal => "decimal number".into(),
        ClrType::DateTime => "date".into(),
        ClrType::String => "string".into(),
        ClrType::Boolean => "boolean".into(),
        ClrType::List => {
            let item = contract().schema(field.item.expect("list has item"));
            let short = item.name.rsplit('.').next().unwrap();
            format!("Collection of {short}")
        }
    }
}

fn assert_table_matches(schema: &TypeSchema, table: &[HelpRow]) {
    let mut documented: Vec<&str> = table.iter().map(|r| r.name.as_str()).collect();
    let mut ours: Vec<&str> = schema.fields.iter().map(|f| f.name.as_str()).collect();
    documented.sort_unstable();
    ours.sort_unstable();
    assert_eq!(
        ours, documented,
        "{}: exactly the documented fields",
        schema.name
    );
    for row in table {
        let i = schema.field_index(&row.name).unwrap();
        let field = &schema.fields[i];
        assert_eq!(
            field.help_type, row.help_type,
            "{}.{} help type",
            schema.name, row.name
        );
        assert_eq!(
            help_word(schema, i),
            row.help_type,
            "{}.{} C# type",
            schema.name,
            row.name
        );
        assert_eq!(
            field.description_ru, row.description,
            "{}.{} description",
            schema.name, row.name
        );
    }
}

#[test]
fn request_fields_names_and_types_match_the_help_page() {
    let table = help_table("ClientFavoriteDataInfoRequest", "Request Formats");
    assert_eq!(table.len(), 10);
    assert_table_matches(contract().request(), &table);
}

#[test]
fn response_fields_names_and_types_match_the_help_page() {
    let table = help_table("ClientFavoriteDataInfoResponse", "Response Formats");
    assert_eq!(table.len(), 19);
    assert_table_matches(contract().response(), &table);
}

/// The text of the sample that follows `marker` (a media-type line) up to the next blank line
/// that is followed by a non-indented heading.
fn sample(section: &str, marker: &str) -> String {
    let at = HELP_PAGE.find(section).unwrap();
    let rest = &HELP_PAGE[at..];
    let m = rest.find(marker).unwrap();
    let after = &rest[m + marker.len()..];
    let s = after.find("Sample:\n").unwrap() + "Sample:\n".len();
    let text = &after[s..];
    let end = text.find("\n\n").unwrap_or(text.len());
    text[..end].to_owned()
}

/// Top-level property names of a JSON object in document order.
fn json_keys(value: &serde_json::Value) -> Vec<String> {
    value.as_object().unwrap().keys().cloned().collect()
}

#[test]
fn json_samples_list_fields_in_contract_order() {
    // serde_json's `preserve_order` is off, so read the order from the text instead.
    let names = |schema: &TypeSchema| -> Vec<String> {
        schema.fields.iter().map(|f| f.name.clone()).collect()
    };
    let request = sample("Request Formats", "application/json, text/json");
    assert_eq!(key_order(&request, 1), names(contract().request()));
    let response = sample("Response Formats", "application/json, text/json");
    assert_eq!(key_order(&response, 1), names(contract().response()));

    // Rows: the keys at depth 3 of each array, first occurrence.
    let parsed: serde_json::Value = serde_json::from_str(&response).unwrap();
    for list in ["ClientFavorites", "ListFavorites", "GroupFavorites"] {
        let field = &contract().response().fields[contract().response().field_index(list).unwrap()];
        let row = contract().schema(field.item.unwrap());
        let first = &parsed[list][0];
        let mut keys = json_keys(first);
        let mut ours: Vec<String> = row.fields.iter().map(|f| f.name.clone()).collect();
        keys.sort();
        ours.sort();
        assert_eq!(keys, ours, "{list} row fields");
        let text_order = row_key_order(&response, list);
        let declared: Vec<&str> = row.fields.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(text_order, declared, "{list} row field order");
    }
}

/// Keys at a given brace depth, in text order (samples are indented two spaces per level).
fn key_order(text: &str, depth: usize) -> Vec<&str> {
    let indent = " ".repeat(depth * 2);
    text.lines()
        .filter_map(|l| l.strip_prefix(&indent))
        .filter(|l| l.starts_with('"'))
        .filter_map(|l| l[1..].split('"').next())
        .collect()
}

fn row_key_order<'a>(text: &'a str, list: &str) -> Vec<&'a str> {
    let start = text.find(&format!("\"{list}\": [")).unwrap();
    let rest = &text[start..];
    let end = rest.find("    },").unwrap();
    key_order(&rest[..end], 3)
}

/// (local name, namespace) of the direct children of the root, in order.
fn xml_children(text: &str, depth: usize) -> Vec<(String, String)> {
    use quick_xml::events::Event;
    use quick_xml::name::ResolveResult;
    let mut reader = quick_xml::NsReader::from_str(text);
    let mut level = 0usize;
    let mut out = Vec::new();
    loop {
        match reader.read_resolved_event().unwrap() {
            (ns, Event::Start(e)) => {
                level += 1;
                if level == depth + 1 {
                    out.push(resolved(&ns, e.local_name().into_inner()));
                }
            }
            (ns, Event::Empty(e)) if level + 1 == depth + 1 => {
                out.push(resolved(&ns, e.local_name().into_inner()));
            }
            (_, Event::End(_)) => level -= 1,
            (_, Event::Eof) => break,
            _ => {}
        }
    }
    fn resolved(ns: &ResolveResult<'_>, local: &str) -> (String, String) {
        let ns = match ns {
            ResolveResult::Bound(n) => n.into_inner().to_owned(),
            _ => String::new(),
        };
        (local.to_owned(), ns)
    }
    out
}

#[test]
fn xml_samples_follow_datacontract_order_and_namespaces() {
    for (section, schema) in [
        ("Request Formats", contract().request()),
        ("Response Formats", contract().response()),
    ] {
        let text = sample(section, "application/xml, text/xml");
        let root = xml_children(&text, 0);
        assert_eq!(root, vec![(schema.name.clone(), schema.namespace.clone())]);
        let children = xml_children(&text, 1);
        let ours: Vec<(String, String)> = schema
            .xml_fields()
            .map(|(_, f)| (f.name.clone(), f.namespace.clone()))
            .collect();
        assert_eq!(
            children, ours,
            "{} member order and namespaces",
            schema.name
        );
    }
    // Row element names are the nested types' data-contract names.
    let text = sample("Response Formats", "application/xml, text/xml");
    let rows: Vec<String> = xml_children(&text, 2).into_iter().map(|(n, _)| n).collect();
    for list in ["ClientFavorites", "GroupFavorites", "ListFavorites"] {
        let field = &contract().response().fields[contract().response().field_index(list).unwrap()];
        let row = contract().schema(field.item.unwrap());
        assert!(
            rows.contains(&row.name),
            "row element {} in the sample",
            row.name
        );
        let grandchildren = xml_children(&text, 3);
        for (_, f) in row.xml_fields() {
            assert!(
                grandchildren.iter().any(|(n, _)| n == &f.name),
                "{} member {}",
                row.name,
                f.name
            );
        }
    }
}

/// Every choice the help page does not settle carries an interpretation.
#[test]
fn undocumented_choices_are_marked_as_interpretations() {
    let pinned_by_issue = [
        "Operator",
        "Token",
        "Client",
        "ClientFavoriteId",
        "ListDataId",
        "Start",
        "Length",
        "BegDate",
        "EndDate",
    ];
    for name in pinned_by_issue {
        let s = contract().request();
        let f = &s.fields[s.field_index(name).unwrap()];
        assert!(f.interpretation.is_some(), "{name} needs an interpretation");
    }
    for schema in &contract().schemas {
        for f in &schema.fields {
            let non_string = !matches!(f.ty, ClrType::String);
            if non_string {
                assert!(
                    f.interpretation.is_some(),
                    "{}.{} needs an interpretation",
                    schema.name,
                    f.name
                );
            }
            assert!(
                !f.description_en.is_empty(),
                "{}.{} needs an English description",
                schema.name,
                f.name
            );
        }
    }
}

fn assert_model_agrees<T: FromObject>() {
    let schema = contract()
        .schema_by_name(T::TYPE_NAME)
        .expect("type in contract");
    let names: Vec<&str> = schema.fields.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(T::FIELDS, names.as_slice(), "{} field order", T::TYPE_NAME);
    let types: Vec<(ClrType, bool, Option<String>)> = schema
        .fields
        .iter()
        .map(|f| {
            (
                f.ty,
                f.nullable,
                f.item.map(|id| contract().schema(id).name.clone()),
            )
        })
        .collect();
    let model: Vec<(ClrType, bool, Option<String>)> = T::field_types()
        .into_iter()
        .map(|(t, n, item)| (t, n, item.map(str::to_owned)))
        .collect();
    assert_eq!(model, types, "{} types and nullability", T::TYPE_NAME);
}

#[test]
fn typed_model_agrees_with_the_contract() {
    assert_model_agrees::<Request>();
    assert_model_agrees::<Response>();
    assert_model_agrees::<ClientFavoriteRow>();
    assert_model_agrees::<ListFavoriteRow>();
    assert_model_agrees::<GroupFavoriteRow>();
}

#[test]
fn pinned_types_of_the_issue() {
    // Source: issue "Contract model…", pinned C# types.
    let r = contract().request();
    let ty = |n: &str| {
        let f = &r.fields[r.field_index(n).unwrap()];
        (f.ty, f.nullable)
    };
    assert_eq!(ty("Operator"), (ClrType::Int16, false));
    assert_eq!(ty("Client"), (ClrType::Int32, false));
    assert_eq!(ty("Token"), (ClrType::Int64, true));
    assert_eq!(ty("SiteCode"), (ClrType::String, true));
    for n in ["ClientFavoriteId", "ListDataId", "Start", "Length"] {
        assert_eq!(ty(n), (ClrType::Int32, true), "{n}");
    }
    for n in ["BegDate", "EndDate"] {
        assert_eq!(ty(n), (ClrType::DateTime, true), "{n}");
    }
    let row = contract()
        .schema_by_name("ClientFavoriteDataInfoResponse.ClientFavoriteDataInfoClientFavoritesRow")
        .unwrap();
    let rty = |n: &str| {
        let f = &row.fields[row.field_index(n).unwrap()];
        (f.ty, f.nullable)
    };
    assert_eq!(rty("ProcTime"), (ClrType::DateTime, false));
    for n in ["ConfirmDateEnd", "ProcTimeConfirm", "ActionDateEnd"] {
        assert_eq!(rty(n), (ClrType::DateTime, true), "{n}");
    }
}
