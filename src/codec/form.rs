//! `application/x-www-form-urlencoded` binding (wire rules §5).
use crate::codec::{BindOptions, Read};
use crate::contract::TypeSchema;

/// Read a form body as JQueryMvcFormUrlEncodedFormatter would.
pub fn read(_text: &str, _schema: &'static TypeSchema, _options: &BindOptions) -> Read {
    todo!()
}
