//! XSDs of the DataContract XML, one document per namespace, in the shape WCF's
//! `XsdDataContractExporter` produces: every member `minOccurs="0"` (DataContractSerializer does
//! not require members), `nillable="true"` for nullable ones, members in a `xs:sequence` in
//! DataContract order (an out-of-order element is invalid here and silently dropped by .NET),
//! base classes as `xs:extension`, lists as `ArrayOf…` types.

use crate::contract::{ClrType, Contract, FieldSchema, TypeSchema};
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// One generated XSD document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct XsdFile {
    /// File name, e.g. `LCManagerPartner.Implementation.Request.xsd`.
    pub file_name: String,
    /// Target namespace.
    pub namespace: String,
    /// The document text.
    pub text: String,
}

const DATACONTRACT_PREFIX: &str = "http://schemas.datacontract.org/2004/07/";

/// A class as the XSD sees it: its own members only, and its base.
struct Class<'a> {
    name: String,
    base: Option<(String, String)>,
    members: Vec<&'a FieldSchema>,
}

/// Generate one XSD per namespace of the contract, sorted by file name.
pub fn xsd(contract: &Contract) -> Vec<XsdFile> {
    // namespace -> class name -> class
    let mut by_ns: BTreeMap<String, BTreeMap<String, Class<'_>>> = BTreeMap::new();
    let mut arrays: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
    for schema in &contract.schemas {
        add_classes(contract, schema, &mut by_ns, &mut arrays);
    }
    let mut files = Vec::new();
    for (ns, classes) in &by_ns {
        // Prefixes only for the namespaces this document refers to (its classes' bases).
        let mut imports: Vec<&str> = classes
            .values()
            .filter_map(|c| c.base.as_ref().map(|(bns, _)| bns.as_str()))
            .filter(|bns| *bns != ns)
            .collect();
        imports.sort_unstable();
        imports.dedup();
        let prefixes: BTreeMap<&str, String> = imports
            .iter()
            .enumerate()
            .map(|(i, other)| (*other, format!("q{}", i + 1)))
            .collect();
        let mut text = String::new();
        text.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
        let _ = writeln!(
            text,
            "<xs:schema xmlns:tns=\"{ns}\" elementFormDefault=\"qualified\" targetNamespace=\"{ns}\" xmlns:xs=\"http://www.w3.org/2001/XMLSchema\"{}>",
            prefixes
                .iter()
                .map(|(other, p)| format!(" xmlns:{p}=\"{other}\""))
                .collect::<String>()
        );
        for import in imports {
            let _ = writeln!(
                text,
                "  <xs:import schemaLocation=\"{}\" namespace=\"{import}\" />",
                file_name(import)
            );
        }
        for class in classes.values() {
            write_class(contract, &mut text, class, ns, &prefixes);
        }
        for (array, item) in arrays.get(ns).into_iter().flatten() {
            let _ = writeln!(text, "  <xs:complexType name=\"{array}\">");
            text.push_str("    <xs:sequence>\n");
            let _ = writeln!(
                text,
                "      <xs:element minOccurs=\"0\" maxOccurs=\"unbounded\" name=\"{item}\" nillable=\"true\" type=\"tns:{item}\" />"
            );
            text.push_str("    </xs:sequence>\n  </xs:complexType>\n");
            let _ = writeln!(
                text,
                "  <xs:element name=\"{array}\" nillable=\"true\" type=\"tns:{array}\" />"
            );
        }
        text.push_str("</xs:schema>\n");
        files.push(XsdFile {
            file_name: file_name(ns),
            namespace: ns.clone(),
            text,
        });
    }
    files.sort_by(|a, b| a.file_name.cmp(&b.file_name));
    files
}

fn file_name(namespace: &str) -> String {
    let short = namespace
        .strip_prefix(DATACONTRACT_PREFIX)
        .unwrap_or(namespace)
        .replace('/', ".");
    format!("{short}.xsd")
}

fn add_classes<'a>(
    contract: &'a Contract,
    schema: &'a TypeSchema,
    by_ns: &mut BTreeMap<String, BTreeMap<String, Class<'a>>>,
    arrays: &mut BTreeMap<String, BTreeMap<String, String>>,
) {
    // Group members by declaring class; the concrete type's base is the class of its inherited
    // members (one level of inheritance in this contract, but the grouping handles more).
    let mut own = Vec::new();
    let mut bases: BTreeMap<String, (String, Vec<&FieldSchema>)> = BTreeMap::new();
    for (_, field) in schema.xml_fields() {
        if field.declared_in == schema.name {
            own.push(field);
        } else {
            bases
                .entry(field.declared_in.clone())
                .or_insert_with(|| (field.namespace.clone(), Vec::new()))
                .1
                .push(field);
        }
        if let (ClrType::List, Some(item)) = (field.ty, field.item) {
            let row = contract.schema(item);
            arrays
                .entry(row.namespace.clone())
                .or_default()
                .insert(format!("ArrayOf{}", row.name), row.name.clone());
        }
    }
    let base = bases
        .iter()
        .next()
        .map(|(name, (ns, _))| (ns.clone(), name.clone()));
    for (name, (ns, members)) in bases {
        by_ns.entry(ns).or_default().insert(
            name.clone(),
            Class {
                name,
                base: None,
                members,
            },
        );
    }
    by_ns.entry(schema.namespace.clone()).or_default().insert(
        schema.name.clone(),
        Class {
            name: schema.name.clone(),
            base,
            members: own,
        },
    );
}

fn write_class(
    contract: &Contract,
    text: &mut String,
    class: &Class<'_>,
    ns: &str,
    prefixes: &BTreeMap<&str, String>,
) {
    let _ = writeln!(text, "  <xs:complexType name=\"{}\">", class.name);
    let indent = if let Some((bns, bname)) = &class.base {
        let prefix = if bns == ns {
            "tns".to_owned()
        } else {
            prefixes
                .get(bns.as_str())
                .cloned()
                .unwrap_or_else(|| "tns".to_owned())
        };
        text.push_str("    <xs:complexContent mixed=\"false\">\n");
        let _ = writeln!(text, "      <xs:extension base=\"{prefix}:{bname}\">");
        "        "
    } else {
        "    "
    };
    let _ = writeln!(text, "{indent}<xs:sequence>");
    for member in &class.members {
        let nillable = if member.nullable {
            " nillable=\"true\""
        } else {
            ""
        };
        let _ = writeln!(
            text,
            "{indent}  <xs:element minOccurs=\"0\" name=\"{}\"{nillable} type=\"{}\" />",
            member.name,
            xsd_type(contract, member)
        );
    }
    let _ = writeln!(text, "{indent}</xs:sequence>");
    if class.base.is_some() {
        text.push_str("      </xs:extension>\n    </xs:complexContent>\n");
    }
    text.push_str("  </xs:complexType>\n");
    let _ = writeln!(
        text,
        "  <xs:element name=\"{0}\" nillable=\"true\" type=\"tns:{0}\" />",
        class.name
    );
}

fn xsd_type(contract: &Contract, field: &FieldSchema) -> String {
    match field.ty {
        ClrType::Int16 => "xs:short".into(),
        ClrType::Int32 => "xs:int".into(),
        ClrType::Int64 => "xs:long".into(),
        ClrType::Decimal => "xs:decimal".into(),
        ClrType::DateTime => "xs:dateTime".into(),
        ClrType::Boolean => "xs:boolean".into(),
        ClrType::String => "xs:string".into(),
        // Rows live in the declaring (response) namespace in this contract.
        ClrType::List => format!(
            "tns:ArrayOf{}",
            field
                .item
                .map(|id| contract.schema(id).name.clone())
                .unwrap_or_default()
        ),
    }
}
