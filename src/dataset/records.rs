//! The records of a dataset, exactly as fixture files hold them (contracts/reference/domain.md#dataset).
//!
//! These structs are deserialised straight from the files (no intermediate JSON tree) and kept
//! as they are in the loaded [`super::Dataset`], so a million entries cost one allocation each at
//! most (their links).

use super::wire;
use crate::model::Zone;
use chrono::NaiveDateTime;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// A loyalty-program operator and its favourite-product settings.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Operator {
    /// Operator id (`Operator` of the request).
    pub id: i16,
    /// Display name.
    pub name: String,
    /// How many goods a client may choose (`MaxLinkGoods`).
    pub max_link_goods: i32,
    /// Qualifying purchases needed for the next offer.
    pub required_purchases: i32,
    /// Qualifying money needed for the next offer.
    #[serde(with = "wire::money")]
    pub required_gain: Decimal,
    /// Minimum amount of a qualifying purchase.
    #[serde(with = "wire::money")]
    pub required_every_gain: Decimal,
    /// Token numbers of the operator's users (`Token` of the request).
    #[serde(default)]
    pub tokens: Vec<i64>,
    /// Codes of the operator's widgets (`SiteCode` of the request).
    #[serde(default)]
    pub site_codes: Vec<String>,
    /// The operator's own UTC offset, overriding the dataset's `time_zone` for its requests
    /// (an interpretation: an operator served from another region). `None` = the dataset's.
    #[serde(
        default,
        with = "wire::opt_offset",
        skip_serializing_if = "Option::is_none"
    )]
    pub time_zone: Option<Zone>,
}

/// A client of one operator. Client ids are unique across the dataset.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Client {
    /// Client id (`Client` of the request).
    pub id: i32,
    /// The operator the client belongs to.
    pub operator: i16,
}

/// A goods item of an operator's list (list data).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Goods {
    /// `ListDataId`; unique across the dataset.
    pub id: i32,
    /// The operator whose list holds it.
    pub operator: i16,
    /// Article code.
    pub code: String,
    /// Display name.
    pub name: String,
    /// Picture URL; `null` is allowed.
    #[serde(default)]
    pub url_image: Option<String>,
}

/// A favourite entry: one offer of the mechanic to a client.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    /// `ClientFavoriteId`; unique across the dataset.
    pub id: i32,
    /// The client offered.
    pub client: i32,
    /// When the offer was made.
    #[serde(with = "wire::local_time")]
    pub proc_time: NaiveDateTime,
    /// Deadline to confirm; `null` = none.
    #[serde(default, with = "wire::opt_local_time")]
    pub confirm_date_end: Option<NaiveDateTime>,
    /// Confirmed by the client.
    pub confirm: bool,
    /// When it was confirmed; only with `confirm` true.
    #[serde(default, with = "wire::opt_local_time")]
    pub proc_time_confirm: Option<NaiveDateTime>,
    /// End of the benefit window; `null` = open.
    #[serde(default, with = "wire::opt_local_time")]
    pub action_date_end: Option<NaiveDateTime>,
    /// Deactivated.
    #[serde(default)]
    pub no_active: bool,
    /// Chosen goods, ordered by link id once loaded.
    #[serde(default)]
    pub links: Vec<Link>,
}

/// One goods item chosen in an entry.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Link {
    /// Link row id; unique across the dataset.
    pub id: i32,
    /// The goods item (of the entry's operator).
    pub list_data_id: i32,
    /// Deactivated.
    #[serde(default)]
    pub no_active: bool,
}

/// A purchase (cheque) of a client.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Purchase {
    /// Cheque id; unique across the dataset.
    pub id: i64,
    /// The buyer.
    pub client: i32,
    /// When it was made.
    #[serde(with = "wire::local_time")]
    pub proc_time: NaiveDateTime,
    /// Cheque total, scale at most 2.
    #[serde(with = "wire::money")]
    pub amount: Decimal,
    /// Goods items (of the client's operator) in the cheque.
    #[serde(default)]
    pub goods: Vec<i32>,
}

impl Entry {
    /// Links whose own flag is not set.
    pub fn active_links(&self) -> impl Iterator<Item = &Link> {
        self.links.iter().filter(|l| !l.no_active)
    }
}
