//! The exception texts .NET logs to ModelState (`formatterLogger.LogError("", e)` under the key
//! `request`), verbatim from `System.Runtime.Serialization`'s resources, and which of them get
//! wrapped.
//!
//! Wrapping (.NET Framework, `XmlObjectSerializer.ReadObjectHandleExceptions`): an
//! `XmlException` or `FormatException` thrown *inside* `ReadObject` becomes a
//! `SerializationException` "There was an error deserializing the object of type {full CLR
//! name}. {inner message}". That covers every reader (syntax) error and every `XmlConverter`
//! conversion error. A `SerializationException` thrown by the serializer itself (wrong root,
//! stray text, `i:nil` on a value type) is logged as is, and so is an `XmlException` thrown while
//! Web API creates the reader, before `ReadObject` (the declaration's encoding check).

use std::fmt;

/// One exception .NET throws while binding an XML body.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum NetError {
    /// `SerializationException` from DataContractSerializer: logged verbatim.
    Serialization(String),
    /// `XmlException` / `FormatException` inside `ReadObject`: wrapped.
    Xml(String),
    /// `XmlException` from `XmlDictionaryReader.CreateTextReader`: logged verbatim.
    BeforeRead(String),
}

impl NetError {
    /// The message ModelState holds, given the full CLR name of the root type.
    pub(super) fn model_state_message(&self, type_name: &str) -> String {
        match self {
            NetError::Serialization(m) | NetError::BeforeRead(m) => m.clone(),
            NetError::Xml(m) => {
                format!("There was an error deserializing the object of type {type_name}. {m}")
            }
        }
    }
}

/// A node type as `XmlNodeType.ToString()` prints it in "Encountered 'Text'".
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum NodeKind {
    /// An element.
    Element,
    /// Character data or a reference.
    Text,
    /// A CDATA section.
    CData,
    /// End of input (`XmlNodeType.None`).
    None,
}

impl fmt::Display for NodeKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            NodeKind::Element => "Element",
            NodeKind::Text => "Text",
            NodeKind::CData => "CDATA",
            NodeKind::None => "None",
        })
    }
}

/// What the reader was on: kind, local name, namespace (`EncounteredWithNameNamespace`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Encountered {
    pub(super) kind: NodeKind,
    pub(super) name: String,
    pub(super) namespace: String,
}

/// `CreateSerializationExceptionWithReaderDetails`: "Error in line L position P. {what}.
/// Encountered '{kind}'  with name '{name}', namespace '{ns}'." (the double period and double
/// space are .NET's).
fn with_reader_details(line: u32, pos: u32, what: &str, found: &Encountered) -> String {
    format!(
        "Error in line {line} position {pos}. {what}. Encountered '{}'  with name '{}', namespace '{}'.",
        found.kind, found.name, found.namespace
    )
}

/// Wrong root name or namespace (`DataContractSerializer.InternalReadObject`).
pub(super) fn expecting_root(
    line: u32,
    pos: u32,
    name: &str,
    namespace: &str,
    found: &Encountered,
) -> NetError {
    let what = format!("Expecting element '{name}' from namespace '{namespace}'.");
    NetError::Serialization(with_reader_details(line, pos, &what, found))
}

/// Non-element content where a member element is expected (`HandleMemberNotFound`).
pub(super) fn expecting_element_state(line: u32, pos: u32, found: &Encountered) -> NetError {
    NetError::Serialization(with_reader_details(
        line,
        pos,
        "Expecting state 'Element'.",
        found,
    ))
}

/// `XmlConverter` conversion failure (`XmlInvalidConversion`), no position.
pub(super) fn invalid_conversion(value: &str, type_name: &str) -> NetError {
    NetError::Xml(format!(
        "The value '{value}' cannot be parsed as the type '{type_name}'."
    ))
}

/// `XmlReaderDelegator.ThrowConversionException` (the `short` range check): the same text with
/// `TryAddLineInfo`'s "Error in line L position P." in front.
pub(super) fn invalid_conversion_at(line: u32, pos: u32, value: &str, type_name: &str) -> NetError {
    NetError::Xml(format!(
        "Error in line {line} position {pos}. The value '{value}' cannot be parsed as the type '{type_name}'."
    ))
}

/// `i:nil="true"` on a non-nullable value type (generated reader, `ValueTypeCannotBeNull`).
pub(super) fn value_type_cannot_be_null(system_name: &str) -> NetError {
    NetError::Serialization(format!("ValueType '{system_name}' cannot be null."))
}

/// The declaration names an encoding other than the body's (`EncodingStreamWrapper`).
pub(super) fn encoding_mismatch(declared: &str) -> NetError {
    NetError::BeforeRead(format!(
        "The encoding in the declaration '{declared}' does not match the encoding of the document 'utf-8'."
    ))
}

/// A malformed declaration found by `EncodingStreamWrapper` (`XmlMalformedDecl`).
pub(super) fn malformed_declaration_before_read() -> NetError {
    NetError::BeforeRead("Malformed XML declaration.".to_owned())
}

/// A reader (syntax) error: `XmlExceptionHelper.ThrowXmlException` appends "Line L, position P.".
pub(super) fn syntax(what: &Syntax, line: u32, pos: u32) -> NetError {
    NetError::Xml(format!("{what} Line {line}, position {pos}."))
}

/// The reader errors this codec reproduces (texts from the `Xml*` resources).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum Syntax {
    /// `XmlUnexpectedEndOfFile`; the open elements innermost first.
    UnexpectedEof(Vec<String>),
    /// `XmlTagMismatch`.
    TagMismatch { expected: String, found: String },
    /// `XmlTokenExpected`.
    TokenExpected { expected: String, found: String },
    /// `XmlInvalidRootData`.
    InvalidRootData,
    /// `XmlMultipleRootElements`.
    MultipleRoots,
    /// `XmlUndefinedPrefix`.
    UndefinedPrefix(String),
    /// `XmlDuplicateAttribute`.
    DuplicateAttribute {
        first: String,
        second: String,
        namespace: String,
    },
    /// `XmlProcessingInstructionNotSupported` (also DTDs inside the document).
    ProcessingInstruction,
    /// `XmlCDATAInvalidAtTopLevel`, which is also what `<!DOCTYPE` before the root produces.
    CdataAtTopLevel,
    /// `XmlDeclNotFirst`.
    DeclarationNotFirst,
    /// `XmlDeclMissingVersion`.
    DeclarationMissingVersion,
    /// `XmlInvalidVersion`.
    InvalidVersion,
    /// `XmlInvalidStandalone`.
    InvalidStandalone,
    /// `XmlInvalidCharRef`.
    InvalidCharRef,
    /// `XmlInvalidXmlByte`.
    InvalidByte(u8),
    /// `XmlInvalidFFFE`.
    NonCharacter,
    /// `XmlCloseCData`.
    CdataCloseInText,
    /// `XmlInvalidCommentChars`.
    CommentDoubleHyphen,
    /// `XmlEmptyNamespaceRequiresNullPrefix`.
    EmptyNamespaceWithPrefix,
    /// `XmlSpecificBindingPrefix`.
    ReservedPrefix { prefix: String, namespace: String },
    /// `XmlMaxDepthExceeded` (.NET Framework wording).
    MaxDepth(usize),
    /// `XmlEndElementExpected`: a member holding a child element where text was expected.
    EndElementExpected {
        name: String,
        namespace: String,
        found: String,
    },
    /// `XmlUnexpectedEndElement`.
    UnexpectedEndElement,
    /// `Xml_BadStartNameChar` (from `XmlConvert.VerifyNCName`).
    BadStartNameChar(char),
    /// `XmlSpaceBetweenAttributes`.
    SpaceBetweenAttributes,
    /// A malformation whose .NET wording is not modelled: quick-xml's description.
    Unmodelled(String),
}

impl fmt::Display for Syntax {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Syntax::UnexpectedEof(open) => write!(
                f,
                "Unexpected end of file. Following elements are not closed: {}.",
                open.join(", ")
            ),
            Syntax::TagMismatch { expected, found } => write!(
                f,
                "Start element '{expected}' does not match end element '{found}'."
            ),
            Syntax::TokenExpected { expected, found } => {
                write!(f, "The token '{expected}' was expected but found '{found}'.")
            }
            Syntax::InvalidRootData => f.write_str("The data at the root level is invalid."),
            Syntax::MultipleRoots => f.write_str("There are multiple root elements."),
            Syntax::UndefinedPrefix(p) => write!(f, "The prefix '{p}' is not defined."),
            Syntax::DuplicateAttribute {
                first,
                second,
                namespace,
            } => write!(
                f,
                "Duplicate attribute found. Both '{first}' and '{second}' are from the namespace '{namespace}'."
            ),
            Syntax::ProcessingInstruction => f.write_str(
                "Processing instructions (other than the XML declaration) and DTDs are not supported.",
            ),
            Syntax::CdataAtTopLevel => {
                f.write_str("CData elements not valid at top level of an XML document.")
            }
            Syntax::DeclarationNotFirst => {
                f.write_str("No characters can appear before the XML declaration.")
            }
            Syntax::DeclarationMissingVersion => f.write_str("Version not found in XML declaration."),
            Syntax::InvalidVersion => f.write_str("XML version must be '1.0'."),
            Syntax::InvalidStandalone => {
                f.write_str("'standalone' value in declaration must be 'yes' or 'no'.")
            }
            Syntax::InvalidCharRef => f.write_str("Character reference not valid."),
            Syntax::InvalidByte(b) => write!(f, "The byte 0x{b:02X} is not valid at this location."),
            Syntax::NonCharacter => f.write_str(
                "Characters with hexadecimal values 0xFFFE and 0xFFFF are not valid.",
            ),
            Syntax::CdataCloseInText => f.write_str("']]>' not valid in text node content."),
            Syntax::CommentDoubleHyphen => {
                f.write_str("XML comments cannot contain '--' or end with '-'.")
            }
            Syntax::EmptyNamespaceWithPrefix => {
                f.write_str("The empty namespace requires a null or empty prefix.")
            }
            Syntax::ReservedPrefix { prefix, namespace } => write!(
                f,
                "The prefix '{prefix}' can only be bound to the namespace '{namespace}'."
            ),
            Syntax::MaxDepth(n) => write!(
                f,
                "The maximum read depth ({n}) has been exceeded because XML data being read has \
                 more levels of nesting than is allowed by the quota. This quota may be increased \
                 by changing the MaxDepth property on the XmlDictionaryReaderQuotas object used \
                 when creating the XML reader."
            ),
            Syntax::EndElementExpected {
                name,
                namespace,
                found,
            } => write!(
                f,
                "End element '{name}' from namespace '{namespace}' expected. Found {found}."
            ),
            Syntax::UnexpectedEndElement => f.write_str("No matching start tag for end element."),
            Syntax::BadStartNameChar(c) => write!(
                f,
                "Name cannot begin with the '{c}' character, hexadecimal value 0x{:02X}.",
                u32::from(*c)
            ),
            Syntax::SpaceBetweenAttributes => {
                f.write_str("Whitespace must appear between attributes.")
            }
            Syntax::Unmodelled(what) => f.write_str(what),
        }
    }
}
