//! Documents generated from the contract: an OpenAPI 3.1 description (JSON and XML bodies, error
//! bodies, the 401) and XSDs of the DataContract XML. Both are committed under `contracts/`
//! (`openapi.json`, `xsd/`) and a test proves the committed copies are current.

mod openapi;
mod xsd;

pub use openapi::{DATETIME_PATTERN, openapi};
pub use xsd::{XsdFile, xsd};

/// Where the OpenAPI document is committed, relative to the repository root.
pub const OPENAPI_PATH: &str = "contracts/openapi.json";
/// Where the XSDs are committed, relative to the repository root.
pub const XSD_DIR: &str = "contracts/xsd";

/// The OpenAPI document as committed: pretty JSON with a trailing newline. (A
/// `serde_json::Value` always prints: there is no error to lose.)
pub fn openapi_text() -> String {
    let doc = openapi(crate::contract::contract());
    format!("{doc:#}\n")
}
