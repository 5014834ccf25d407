//! DataContractSerializer under ASP.NET Web API 2 (wire rules §1, §2).
//!
//! - [`write`] / [`write_pretty`]: responses exactly as the server writes them (one line, no
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
