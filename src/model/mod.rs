//! The typed model of the endpoint and the contract-driven value layer the codecs share.

mod datetime;
mod request;
mod response;
pub mod strategies;
mod value;
mod zone;

pub use datetime::{
    DateKind, MAX_WALL, MIN_WALL, MOSCOW, NetDateTime, push_offset, truncate_to_ticks,
};
pub use request::Request;
pub use response::{ClientFavoriteRow, GroupFavoriteRow, ListFavoriteRow, Response, money};
pub use value::{FieldValue, FromObject, Object, Record, RowSet, Value, ValueRef, record_json};
pub use zone::{MAX_OFFSET_MINUTES, Zone, ZoneError};
