//! DataContractSerializer under ASP.NET Web API 2 (contracts/reference/wire.md#xml, contracts/reference/wire.md#primitive-forms).
//!
//! - [`write()`] / [`write_pretty`]: responses exactly as the server writes them (one line, no
//!   declaration) and as the help page shows them (`XDocument.ToString()`).
//! - [`read`]: request bodies exactly as `XmlMediaTypeFormatter` + `DataContractSerializer`
//!   bind them: the forward-only member cursor that silently drops late, misnamespaced,
//!   miscased, unknown and repeated elements (each reported as a diagnostic), the lexical forms
//!   of `XmlConvert`, and the verbatim .NET exception texts that end up in ModelState.
//! - [`escape_text`]: the text escaping of .NET's `XmlWriter` (also used for `HttpError` bodies).
//!
//! What .NET does is modelled from the reference sources (`XmlUTF8TextReader`,
//! `XmlBaseReader`, `XmlBufferReader`, `XmlReaderDelegator`, `XmlConverter`,
//! `XmlObjectSerializerReadContext`); each module says which part it reproduces.
//!
//! Not modelled (documented gaps): `xsi:type` and `z:Id`/`z:Ref` attributes (ignored); a root
//! named after the request's base class (its CLR name is not published); a character reference
//! to a lone surrogate (.NET stores it, a Rust string cannot; reported as invalid); Unicode name
//! validation beyond ASCII; more than 128 namespace bindings in scope
//! (`MAX_NAMESPACE_BINDINGS`); decimals with more than 28 fraction digits (rounding may differ); malformations
//! outside the mapped set keep quick-xml's wording and say so in the diagnostic.

mod bind;
mod clr;
mod cursor;
mod escape;
mod lexer;
mod lexer_errors;
mod lexical;
mod member;
mod messages;
mod position;
mod read;
mod report;
mod rows;
mod scan;
mod tag;
mod write;

#[cfg(test)]
mod tests;

pub use escape::escape_text;
pub use read::read;
pub use write::{write, write_pretty};

/// How many characters of a skipped element's text a diagnostic quotes before eliding the rest.
pub const MAX_QUOTED_CHARS: usize = 80;
