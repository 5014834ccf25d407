//! Names DataContractSerializer derives from the contract (contracts/reference/wire.md#xml-names), and the member tags
//! the writer emits, rendered once per schema.
//!
//! Tags are relative to the owner type's namespace, which is the default namespace in scope
//! inside the owner's element: a member declared in another class (a base class) carries its
//! own `xmlns="…"`. `XmlWellFormedWriter` writes such an implicit declaration *after* the
//! explicit attributes (`StartElementContent`), hence `<Message i:nil="true" xmlns="…" />`.

use crate::contract::{ClrType, TypeSchema, XSI_NAMESPACE, contract};
use std::borrow::Cow;
use std::sync::OnceLock;

/// The namespace prefix of data contracts without an explicit namespace.
pub(super) const DATACONTRACT_NS: &str = "http://schemas.datacontract.org/2004/07/";

/// The namespace of `anyType`, the `object` root DataContractSerializer also accepts.
pub(super) const SERIALIZATION_NS: &str = "http://schemas.microsoft.com/2003/10/Serialization/";

/// The full CLR name .NET prints in "There was an error deserializing the object of type …":
/// the CLR namespace recovered from the contract namespace, then the type name with the nested
/// class separator `+` restored (the contract name `Outer.Inner` comes from `Outer+Inner`).
pub(super) fn clr_full_name(schema: &TypeSchema) -> String {
    let clr_namespace = schema
        .namespace
        .strip_prefix(DATACONTRACT_NS)
        .unwrap_or(&schema.namespace);
    let name = schema.name.replace('.', "+");
    if clr_namespace.is_empty() {
        name
    } else {
        format!("{clr_namespace}.{name}")
    }
}

/// `System.Int32`-style name of a value type, as in "ValueType 'System.Int32' cannot be null.".
pub(super) fn clr_system_name(ty: ClrType) -> String {
    format!("System.{}", ty.clr_name())
}

/// The tags of one member, relative to its owner's namespace.
#[derive(Clone, Debug)]
pub(super) struct MemberTags {
    /// `<Name>` or `<Name xmlns="…">`.
    pub(super) open: Box<[u8]>,
    /// `</Name>`.
    pub(super) close: Box<[u8]>,
    /// `<Name i:nil="true" />` (plus the namespace declaration after it when needed).
    pub(super) nil: Box<[u8]>,
    /// `<Name />`: a start tag closed with no content (an empty list).
    pub(super) empty: Box<[u8]>,
    /// For list members: the row element and the row type.
    pub(super) row: Option<RowTags>,
}

/// The item element of a list member.
#[derive(Clone, Debug)]
pub(super) struct RowTags {
    /// `<Outer.Row>`, with `xmlns` when the row type's namespace differs from the list's.
    pub(super) open: Box<[u8]>,
    /// `</Outer.Row>`.
    pub(super) close: Box<[u8]>,
    /// The row type.
    pub(super) schema: &'static TypeSchema,
}

/// Everything the writer needs for one type.
#[derive(Clone, Debug)]
pub(super) struct SchemaTags {
    /// `<Name xmlns:i="…XMLSchema-instance" xmlns="ns">`.
    pub(super) root_open: Box<[u8]>,
    /// `</Name>`.
    pub(super) root_close: Box<[u8]>,
    /// Member tags by field index (not XML order).
    pub(super) members: Vec<MemberTags>,
}

fn boxed(s: String) -> Box<[u8]> {
    s.into_bytes().into_boxed_slice()
}

fn build(schema: &TypeSchema) -> SchemaTags {
    let members = schema
        .fields
        .iter()
        .map(|field| {
            let decl = if field.namespace == schema.namespace {
                String::new()
            } else {
                format!(" xmlns=\"{}\"", field.namespace)
            };
            let name = &field.name;
            let row = field.item.map(|id| {
                let item = contract().schema(id);
                let row_decl = if item.namespace == field.namespace {
                    String::new()
                } else {
                    format!(" xmlns=\"{}\"", item.namespace)
                };
                RowTags {
                    open: boxed(format!("<{}{row_decl}>", item.name)),
                    close: boxed(format!("</{}>", item.name)),
                    schema: item,
                }
            });
            MemberTags {
                open: boxed(format!("<{name}{decl}>")),
                close: boxed(format!("</{name}>")),
                nil: boxed(format!("<{name} i:nil=\"true\"{decl} />")),
                empty: boxed(format!("<{name}{decl} />")),
                row,
            }
        })
        .collect();
    SchemaTags {
        root_open: boxed(format!(
            "<{} xmlns:i=\"{XSI_NAMESPACE}\" xmlns=\"{}\">",
            schema.name, schema.namespace
        )),
        root_close: boxed(format!("</{}>", schema.name)),
        members,
    }
}

/// The tags of a schema of the embedded contract, rendered once; any other schema (a test's own
/// contract) is rendered on the spot.
pub(super) fn tags(schema: &'static TypeSchema) -> Cow<'static, SchemaTags> {
    static ALL: OnceLock<Vec<SchemaTags>> = OnceLock::new();
    let schemas = &contract().schemas;
    let all = ALL.get_or_init(|| schemas.iter().map(build).collect());
    match schemas.iter().position(|s| std::ptr::eq(s, schema)) {
        Some(i) => Cow::Borrowed(&all[i]),
        None => Cow::Owned(build(schema)),
    }
}
