//! The typed response, `ClientFavoriteDataInfoResponse`, and its row types.

use super::datetime::{MOSCOW, NetDateTime};
use super::value::record;
use rust_decimal::Decimal;

record! {
    /// One favourite entry (offer) of the client.
    pub struct ClientFavoriteRow = "ClientFavoriteDataInfoResponse.ClientFavoriteDataInfoClientFavoritesRow" {
        /// Entry id.
        "Id" => id: i32,
        /// When the offer was made.
        "ProcTime" => proc_time: NetDateTime,
        /// Deadline to confirm.
        "ConfirmDateEnd" => confirm_date_end: Option<NetDateTime>,
        /// Confirmed by the client.
        "Confirm" => confirm: bool,
        /// When it was confirmed.
        "ProcTimeConfirm" => proc_time_confirm: Option<NetDateTime>,
        /// End of the benefit window.
        "ActionDateEnd" => action_date_end: Option<NetDateTime>,
        /// Deactivated.
        "NoActive" => no_active: bool,
    }
}

record! {
    /// One goods item chosen in the selected entry.
    pub struct ListFavoriteRow = "ClientFavoriteDataInfoResponse.ClientFavoriteDataInfoListFavoritesRow" {
        /// Link id.
        "Id" => id: i32,
        /// Goods item id.
        "ListDataId" => list_data_id: i32,
        /// Image URL.
        "UrlImage" => url_image: Option<String>,
        /// Goods name.
        "Name" => name: Option<String>,
        /// Goods code.
        "Code" => code: Option<String>,
        /// The link or its entry is deactivated.
        "NoActive" => no_active: bool,
    }
}

record! {
    /// How often one goods item was chosen.
    pub struct GroupFavoriteRow = "ClientFavoriteDataInfoResponse.ClientFavoriteDataInfoGroupFavoritesRow" {
        /// Goods item id.
        "Id" => id: i32,
        /// Goods name.
        "Name" => name: Option<String>,
        /// Number of entries that link it.
        "CountSelect" => count_select: i32,
    }
}

record! {
    /// `ClientFavoriteDataInfoResponse`. Fields are in the contract's (Json.NET) order.
    pub struct Response = "ClientFavoriteDataInfoResponse" {
        /// Rows before paging.
        "TotalRows" => total_rows: i32,
        /// Rows returned.
        "TotalRowsSelect" => total_rows_select: i32,
        /// Operator's maximum of favourite goods.
        "MaxLinkGoods" => max_link_goods: i32,
        /// Active links of the selected entry.
        "NowLinkGoods" => now_link_goods: i32,
        /// max(0, Max − Now).
        "RemainLinkGoods" => remain_link_goods: i32,
        /// Qualifying purchases still needed.
        "RemainCountPurchases" => remain_count_purchases: i32,
        /// Qualifying money still needed.
        "RemainGain" => remain_gain: Decimal,
        /// Minimum amount of a qualifying purchase.
        "RemainEveryGain" => remain_every_gain: Decimal,
        /// Offers in the period.
        "CountOffer" => count_offer: i32,
        /// Confirmed offers in the period.
        "CountConfirm" => count_confirm: i32,
        /// Favourite purchases in the period.
        "CountPurchases" => count_purchases: i32,
        /// Their total.
        "SumGain" => sum_gain: Decimal,
        /// Their average.
        "AvgFavorite" => avg_favorite: Decimal,
        /// Average of all purchases in the period.
        "AvgAll" => avg_all: Decimal,
        /// Entries (paged).
        "ClientFavorites" => client_favorites: Option<Vec<ClientFavoriteRow>>,
        /// Goods of the selected entry.
        "ListFavorites" => list_favorites: Option<Vec<ListFavoriteRow>>,
        /// Choice counts per goods item.
        "GroupFavorites" => group_favorites: Option<Vec<GroupFavoriteRow>>,
        /// 0 on success.
        "ErrorCode" => error_code: i32,
        /// "" on success.
        "Message" => message: Option<String>,
    }
}

/// Money of scale 2, as SQL `decimal(18,2)` values reach .NET.
pub fn money(value: Decimal) -> Decimal {
    let mut v =
        value.round_dp_with_strategy(2, rust_decimal::RoundingStrategy::MidpointAwayFromZero);
    v.rescale(2);
    v
}

impl Response {
    /// A business error: HTTP 200, the code and message, every number 0, arrays empty.
    pub fn business_error(code: i32, message: &str) -> Response {
        Response {
            error_code: code,
            message: Some(message.to_owned()),
            ..Response::empty()
        }
    }

    /// The response the help page shows as its sample, as a value: what `HelpPageSampleGenerator`
    /// fills in — every integer 1, every decimal 1 of scale 0, strings `"sample string N"` (N the
    /// member's position among the class's strings), every date `DateTime.Now` (Local, +03:00; the
    /// instant the page was generated), two items per collection.
    ///
    /// ```
    /// use favorite_contract::codec::json;
    /// use favorite_contract::Response;
    ///
    /// let mut out = Vec::new();
    /// json::write(&Response::help_page_sample(), &mut out);
    /// assert!(out.starts_with(br#"{"TotalRows":1,"TotalRowsSelect":1,"#));
    /// ```
    pub fn help_page_sample() -> Response {
        let now = NetDateTime::local(
            chrono::NaiveDate::from_ymd_opt(2026, 5, 7)
                .and_then(|d| d.and_hms_nano_opt(11, 27, 39, 520_569_800))
                .unwrap_or_default(),
            MOSCOW,
        );
        let one = Decimal::ONE;
        let event = ClientFavoriteRow {
            id: 1,
            proc_time: now,
            confirm_date_end: Some(now),
            confirm: true,
            proc_time_confirm: Some(now),
            action_date_end: Some(now),
            no_active: true,
        };
        let goods = ListFavoriteRow {
            id: 1,
            list_data_id: 1,
            url_image: Some("sample string 1".to_owned()),
            name: Some("sample string 2".to_owned()),
            code: Some("sample string 3".to_owned()),
            no_active: true,
        };
        let group = GroupFavoriteRow {
            id: 1,
            name: Some("sample string 1".to_owned()),
            count_select: 1,
        };
        Response {
            total_rows: 1,
            total_rows_select: 1,
            max_link_goods: 1,
            now_link_goods: 1,
            remain_link_goods: 1,
            remain_count_purchases: 1,
            remain_gain: one,
            remain_every_gain: one,
            count_offer: 1,
            count_confirm: 1,
            count_purchases: 1,
            sum_gain: one,
            avg_favorite: one,
            avg_all: one,
            client_favorites: Some(vec![event.clone(), event]),
            list_favorites: Some(vec![goods.clone(), goods]),
            group_favorites: Some(vec![group.clone(), group]),
            error_code: 1,
            message: Some("sample string 2".to_owned()),
        }
    }

    /// All counts 0, money `0.00`, arrays empty, `ErrorCode` 0 and `Message` "".
    pub fn empty() -> Response {
        let zero = money(Decimal::ZERO);
        Response {
            total_rows: 0,
            total_rows_select: 0,
            max_link_goods: 0,
            now_link_goods: 0,
            remain_link_goods: 0,
            remain_count_purchases: 0,
            remain_gain: zero,
            remain_every_gain: zero,
            count_offer: 0,
            count_confirm: 0,
            count_purchases: 0,
            sum_gain: zero,
            avg_favorite: zero,
            avg_all: zero,
            client_favorites: Some(Vec::new()),
            list_favorites: Some(Vec::new()),
            group_favorites: Some(Vec::new()),
            error_code: 0,
            message: Some(String::new()),
        }
    }
}
