//! Json.NET under Web API 2 (wire rules §3).
use crate::codec::{BindOptions, Read};
use crate::contract::TypeSchema;
use crate::model::Record;

/// Write a record as Json.NET does (compact, contract order).
pub fn write(_record: &dyn Record, _out: &mut Vec<u8>) {
    todo!()
}

/// Read a request body as Json.NET under Web API would.
pub fn read(_text: &str, _schema: &'static TypeSchema, _options: &BindOptions) -> Read {
    todo!()
}
