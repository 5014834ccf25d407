//! The typed request, `ClientFavoriteDataInfoRequest`.

use super::datetime::NetDateTime;
use super::value::record;

record! {
    /// `ClientFavoriteDataInfoRequest`: what the action receives after binding. Fields are in
    /// the contract's order (own members in declaration order, then the base class's).
    pub struct Request = "ClientFavoriteDataInfoRequest" {
        /// Client id; 0 means "not given".
        "Client" => client: i32,
        /// Filter: one favourite entry.
        "ClientFavoriteId" => client_favorite_id: Option<i32>,
        /// Filter: entries that link this goods item.
        "ListDataId" => list_data_id: Option<i32>,
        /// Period start (calendar day, inclusive).
        "BegDate" => beg_date: Option<NetDateTime>,
        /// Period end (calendar day, inclusive).
        "EndDate" => end_date: Option<NetDateTime>,
        /// Paging: first row, 1-based.
        "Start" => start: Option<i32>,
        /// Paging: page length.
        "Length" => length: Option<i32>,
        /// Operator id; 0 means the deployment default.
        "Operator" => operator: i16,
        /// User token number.
        "Token" => token: Option<i64>,
        /// Widget site code.
        "SiteCode" => site_code: Option<String>,
    }
}

impl Default for Request {
    /// What a parameterless constructor leaves: 0 and null everywhere.
    fn default() -> Self {
        Request {
            client: 0,
            client_favorite_id: None,
            list_data_id: None,
            beg_date: None,
            end_date: None,
            start: None,
            length: None,
            operator: 0,
            token: None,
            site_code: None,
        }
    }
}
