//! Parsing and resolving the contract file into concrete type schemas.

use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// Why a contract file could not be used.
#[derive(Debug, thiserror::Error)]
pub enum ContractError {
    /// The file is not valid JSON of the contract's shape.
    #[error("contract is not valid: {message} at line {line}, column {column}")]
    Syntax {
        /// serde_json's description.
        message: String,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
    },
    /// A type refers to a base or item type the file does not define.
    #[error(
        "type `{owner}` refers to `{missing}`, expected a type defined in the contract, found none"
    )]
    UnknownType {
        /// The referring type.
        owner: String,
        /// The missing name.
        missing: String,
    },
    /// A field of type `List` has no `item`.
    #[error("field `{owner}.{field}` has type List, expected an `item` type name, found none")]
    MissingItem {
        /// The declaring type.
        owner: String,
        /// The field.
        field: String,
    },
    /// Two fields of one concrete type share a name.
    #[error("type `{owner}` has field `{field}` twice, expected unique member names")]
    DuplicateField {
        /// The concrete type.
        owner: String,
        /// The repeated field.
        field: String,
    },
}

/// The C# type of a member, as the serializers see it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ClrType {
    /// `System.Int16`
    Int16,
    /// `System.Int32`
    Int32,
    /// `System.Int64`
    Int64,
    /// `System.Decimal`
    Decimal,
    /// `System.DateTime`
    DateTime,
    /// `System.Boolean`
    Boolean,
    /// `System.String`
    String,
    /// `List<Row>`; the row type is [`FieldSchema::item`].
    List,
}

impl ClrType {
    /// The C# spelling, as .NET messages print it (`Int32`, `Decimal`, `DateTime`, …).
    pub fn clr_name(self) -> &'static str {
        match self {
            ClrType::Int16 => "Int16",
            ClrType::Int32 => "Int32",
            ClrType::Int64 => "Int64",
            ClrType::Decimal => "Decimal",
            ClrType::DateTime => "DateTime",
            ClrType::Boolean => "Boolean",
            ClrType::String => "String",
            ClrType::List => "List",
        }
    }

    /// Inclusive range of an integer type, `None` for the others.
    pub fn int_range(self) -> Option<(i64, i64)> {
        match self {
            ClrType::Int16 => Some((i16::MIN.into(), i16::MAX.into())),
            ClrType::Int32 => Some((i32::MIN.into(), i32::MAX.into())),
            ClrType::Int64 => Some((i64::MIN, i64::MAX)),
            ClrType::Decimal
            | ClrType::DateTime
            | ClrType::Boolean
            | ClrType::String
            | ClrType::List => None,
        }
    }

    /// Whether a null is the CLR default (reference types); value types need `T?` for null.
    pub fn is_reference(self) -> bool {
        matches!(self, ClrType::String | ClrType::List)
    }
}

#[derive(Debug, Deserialize)]
struct RawContract {
    endpoint: Endpoint,
    types: Vec<RawType>,
    business_errors: RawBusinessErrors,
}

#[derive(Debug, Deserialize)]
struct RawType {
    name: String,
    #[serde(rename = "abstract")]
    is_abstract: bool,
    base: Option<String>,
    namespace: String,
    interpretation: Option<String>,
    fields: Vec<RawField>,
}

#[derive(Debug, Clone, Deserialize)]
struct RawField {
    name: String,
    #[serde(rename = "type")]
    ty: ClrType,
    item: Option<String>,
    nullable: bool,
    help_type: String,
    description_ru: String,
    description_en: String,
    interpretation: Option<String>,
}

#[derive(Debug, Deserialize)]
struct RawBusinessErrors {
    order: Vec<i32>,
    codes: Vec<BusinessError>,
}

/// The endpoint itself.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Endpoint {
    /// HTTP method (`POST`).
    pub method: String,
    /// Path without a leading slash (`api/client/ClientFavoriteDataInfo`).
    pub path: String,
    /// Request type name.
    pub request: String,
    /// Response type name.
    pub response: String,
    /// Description from the help page.
    pub description_ru: String,
    /// English translation.
    pub description_en: String,
}

/// One business error code (HTTP 200, `ErrorCode` ≠ 0).
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct BusinessError {
    /// The `ErrorCode` value.
    pub code: i32,
    /// An identifier for generated code (`ClientNotFound`), e.g. the enumeration member
    /// OpenAPI code generators name after it.
    pub name: String,
    /// When it is returned.
    pub when: String,
    /// The Russian `Message`.
    pub message: String,
}

/// Index of a concrete type in [`Contract::schemas`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct SchemaId(pub usize);

/// One member of a concrete type, with everything inherited resolved.
#[derive(Clone, Debug)]
pub struct FieldSchema {
    /// Wire name (C# property name).
    pub name: String,
    /// C# type.
    pub ty: ClrType,
    /// For [`ClrType::List`], the row type.
    pub item: Option<SchemaId>,
    /// Whether null is a legal value (`T?` or a reference type).
    pub nullable: bool,
    /// The class that declares the member (a base class for inherited members).
    pub declared_in: String,
    /// The XML namespace of the member element: the declaring class's namespace.
    pub namespace: String,
    /// The type name the help page prints.
    pub help_type: String,
    /// Description from the help page (or the pinned domain for row members).
    pub description_ru: String,
    /// English translation.
    pub description_en: String,
    /// Why this type/nullability was chosen where the help page is silent.
    pub interpretation: Option<String>,
}

/// A concrete (non-abstract) data contract: the request, the response or a row type.
#[derive(Clone, Debug)]
pub struct TypeSchema {
    /// Data-contract name: the root element name (`ClientFavoriteDataInfoRequest`) or row element
    /// name (`ClientFavoriteDataInfoResponse.ClientFavoriteDataInfoClientFavoritesRow`).
    pub name: String,
    /// The type's own XML namespace.
    pub namespace: String,
    /// Members in Json.NET write order: own members in declaration order, then inherited ones.
    pub fields: Vec<FieldSchema>,
    /// Indices into `fields` in DataContractSerializer order: base members first, then
    /// each class's members by ordinal name.
    pub xml_order: Vec<usize>,
    /// The type's interpretation note.
    pub interpretation: Option<String>,
    by_name: HashMap<String, usize>,
}

impl TypeSchema {
    /// The field index of an exact (case-sensitive) wire name.
    pub fn field_index(&self, name: &str) -> Option<usize> {
        self.by_name.get(name).copied()
    }

    /// The field index of a name compared with ASCII-case-insensitivity, preferring an exact match
    /// (Json.NET and form binding rule).
    pub fn field_index_ignore_case(&self, name: &str) -> Option<usize> {
        self.field_index(name).or_else(|| {
            self.fields
                .iter()
                .position(|f| f.name.eq_ignore_ascii_case(name))
        })
    }

    /// Iterate the fields in XML order.
    pub fn xml_fields(&self) -> impl Iterator<Item = (usize, &FieldSchema)> + '_ {
        self.xml_order.iter().map(move |&i| (i, &self.fields[i]))
    }
}

/// The parsed, resolved contract.
#[derive(Debug)]
pub struct Contract {
    /// The endpoint.
    pub endpoint: Endpoint,
    /// Concrete types.
    pub schemas: Vec<TypeSchema>,
    /// Business error codes.
    pub business_errors: Vec<BusinessError>,
    /// Order in which business checks run.
    pub business_error_order: Vec<i32>,
    request: SchemaId,
    response: SchemaId,
}

impl Contract {
    /// Parse and resolve a contract document.
    pub fn parse(text: &str) -> Result<Contract, ContractError> {
        let raw: RawContract = serde_json::from_str(text).map_err(|e| ContractError::Syntax {
            message: e.to_string(),
            line: e.line(),
            column: e.column(),
        })?;
        let by_name: HashMap<&str, &RawType> =
            raw.types.iter().map(|t| (t.name.as_str(), t)).collect();
        let concrete: Vec<&RawType> = raw.types.iter().filter(|t| !t.is_abstract).collect();
        let ids: HashMap<&str, SchemaId> = concrete
            .iter()
            .enumerate()
            .map(|(i, t)| (t.name.as_str(), SchemaId(i)))
            .collect();

        let mut schemas = Vec::with_capacity(concrete.len());
        for ty in &concrete {
            schemas.push(resolve(ty, &by_name, &ids)?);
        }
        let find = |name: &str| {
            ids.get(name)
                .copied()
                .ok_or_else(|| ContractError::UnknownType {
                    owner: "endpoint".to_owned(),
                    missing: name.to_owned(),
                })
        };
        let request = find(&raw.endpoint.request)?;
        let response = find(&raw.endpoint.response)?;
        Ok(Contract {
            endpoint: raw.endpoint,
            schemas,
            business_errors: raw.business_errors.codes,
            business_error_order: raw.business_errors.order,
            request,
            response,
        })
    }

    /// A concrete type by id.
    pub fn schema(&self, id: SchemaId) -> &TypeSchema {
        &self.schemas[id.0]
    }

    /// A concrete type by data-contract name.
    pub fn schema_by_name(&self, name: &str) -> Option<&TypeSchema> {
        self.schemas.iter().find(|s| s.name == name)
    }

    /// The request type.
    pub fn request(&self) -> &TypeSchema {
        self.schema(self.request)
    }

    /// The response type.
    pub fn response(&self) -> &TypeSchema {
        self.schema(self.response)
    }

    /// The Russian message of a business error code.
    pub fn business_message(&self, code: i32) -> Option<&str> {
        self.business_errors
            .iter()
            .find(|e| e.code == code)
            .map(|e| e.message.as_str())
    }
}

fn resolve(
    ty: &RawType,
    by_name: &HashMap<&str, &RawType>,
    ids: &HashMap<&str, SchemaId>,
) -> Result<TypeSchema, ContractError> {
    // The inheritance chain, most-derived first.
    let mut chain = vec![ty];
    let mut cursor = ty;
    while let Some(base) = &cursor.base {
        let next = by_name
            .get(base.as_str())
            .ok_or_else(|| ContractError::UnknownType {
                owner: cursor.name.clone(),
                missing: base.clone(),
            })?;
        chain.push(next);
        cursor = next;
    }

    // Json.NET reflection order: the derived class's properties, then each base's.
    let mut fields = Vec::new();
    for class in &chain {
        for raw in &class.fields {
            let item =
                match (raw.ty, &raw.item) {
                    (ClrType::List, Some(item)) => Some(*ids.get(item.as_str()).ok_or_else(
                        || ContractError::UnknownType {
                            owner: class.name.clone(),
                            missing: item.clone(),
                        },
                    )?),
                    (ClrType::List, None) => {
                        return Err(ContractError::MissingItem {
                            owner: class.name.clone(),
                            field: raw.name.clone(),
                        });
                    }
                    _ => None,
                };
            fields.push(FieldSchema {
                name: raw.name.clone(),
                ty: raw.ty,
                item,
                nullable: raw.nullable,
                declared_in: class.name.clone(),
                namespace: class.namespace.clone(),
                help_type: raw.help_type.clone(),
                description_ru: raw.description_ru.clone(),
                description_en: raw.description_en.clone(),
                interpretation: raw.interpretation.clone(),
            });
        }
    }

    let mut by_field = HashMap::new();
    for (i, f) in fields.iter().enumerate() {
        if by_field.insert(f.name.clone(), i).is_some() {
            return Err(ContractError::DuplicateField {
                owner: ty.name.clone(),
                field: f.name.clone(),
            });
        }
    }

    // DataContractSerializer order: root-most base first; within a class, ordinal by name.
    let mut xml_order = Vec::with_capacity(fields.len());
    for class in chain.iter().rev() {
        let mut own: Vec<usize> = (0..fields.len())
            .filter(|&i| fields[i].declared_in == class.name)
            .collect();
        own.sort_by(|&a, &b| fields[a].name.cmp(&fields[b].name));
        xml_order.extend(own);
    }

    Ok(TypeSchema {
        name: ty.name.clone(),
        namespace: ty.namespace.clone(),
        fields,
        xml_order,
        interpretation: ty.interpretation.clone(),
        by_name: by_field,
    })
}
