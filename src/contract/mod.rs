//! The machine-readable contract of the endpoint, loaded from
//! `contracts/ClientFavoriteDataInfo.contract.json` (embedded at build time).
//!
//! Everything that validates or generates wire data walks the [`TypeSchema`]s resolved here: field
//! sets, C# types, nullability, namespaces, Json.NET order and DataContractSerializer order. There is
//! no second hand-written field list; the typed model in [`crate::model`] is checked against this
//! contract by tests.

mod types;

pub use types::{
    BusinessError, ClrType, Contract, ContractError, Endpoint, FieldSchema, SchemaId, TypeSchema,
};

use std::sync::OnceLock;

/// The contract file's text, as committed under `contracts/`.
pub const CONTRACT_JSON: &str =
    include_str!("../../contracts/ClientFavoriteDataInfo.contract.json");

/// The endpoint's help page, the authoritative document the contract was written from.
pub const HELP_PAGE: &str = include_str!("../../contracts/ClientFavoriteDataInfo.help.txt");

/// The namespace of `i:nil` and the `xmlns:i` declaration every DataContract root carries.
pub const XSI_NAMESPACE: &str = "http://www.w3.org/2001/XMLSchema-instance";

/// The embedded contract, parsed and resolved once.
///
/// The embedded file is validated by the test suite, so a failure here is a build defect; it is
/// reported with the contract error rather than a bare panic message.
pub fn contract() -> &'static Contract {
    static CONTRACT: OnceLock<Contract> = OnceLock::new();
    CONTRACT.get_or_init(|| match Contract::parse(CONTRACT_JSON) {
        Ok(contract) => contract,
        // The embedded file is a compile-time constant checked by `tests`; reaching this is a
        // packaging error that no caller could recover from.
        Err(err) => panic!("embedded contract is invalid: {err}"),
    })
}
