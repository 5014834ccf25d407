//! DataContractSerializer under Web API 2 (wire rules §1, §2).
use crate::codec::{BindOptions, Read};
use crate::contract::TypeSchema;
use crate::model::Record;

/// Write a record as DataContractSerializer does through Web API (one line, no declaration).
pub fn write(_record: &dyn Record, _out: &mut Vec<u8>) {
    todo!()
}

/// Read a request body as DataContractSerializer under Web API would.
pub fn read(_text: &str, _schema: &'static TypeSchema, _options: &BindOptions) -> Read {
    todo!()
}
