//! Writing responses as DataContractSerializer does through Web API's XmlWriter.

use super::wire;
use chrono::NaiveDateTime;
use favorite_contract::codec::xml;
use favorite_contract::{
    ClientFavoriteRow, GroupFavoriteRow, MOSCOW, NetDateTime, Request, Response,
};
use rust_decimal::Decimal;

fn wall(s: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S%.f").unwrap()
}

/// Source: contracts/reference/wire.md#xml-names, contracts/reference/wire.md#xml-member-order, contracts/reference/wire.md#xml-writer: one line, no declaration, `xmlns:i` then `xmlns` on the
/// root, base members first with their own namespace, empty lists and null in the short form.
#[test]
fn business_error_response_shape() {
    let response = Response::business_error(3, "Клиент не найден");
    insta::assert_snapshot!(wire(&response), @r#"<ClientFavoriteDataInfoResponse xmlns:i="http://www.w3.org/2001/XMLSchema-instance" xmlns="http://schemas.datacontract.org/2004/07/LCManagerPartner.Implementation.Response"><ErrorCode xmlns="http://schemas.datacontract.org/2004/07/LCManagerPartner.Implementation.Abstractions">3</ErrorCode><Message xmlns="http://schemas.datacontract.org/2004/07/LCManagerPartner.Implementation.Abstractions">Клиент не найден</Message><AvgAll>0.00</AvgAll><AvgFavorite>0.00</AvgFavorite><ClientFavorites /><CountConfirm>0</CountConfirm><CountOffer>0</CountOffer><CountPurchases>0</CountPurchases><GroupFavorites /><ListFavorites /><MaxLinkGoods>0</MaxLinkGoods><NowLinkGoods>0</NowLinkGoods><RemainCountPurchases>0</RemainCountPurchases><RemainEveryGain>0.00</RemainEveryGain><RemainGain>0.00</RemainGain><RemainLinkGoods>0</RemainLinkGoods><SumGain>0.00</SumGain><TotalRows>0</TotalRows><TotalRowsSelect>0</TotalRowsSelect></ClientFavoriteDataInfoResponse>"#);
}

/// Source: contracts/reference/wire.md#xml-writer: null → `<X i:nil="true" />` (the inherited member's namespace
/// declaration follows the explicit attribute, as XmlWellFormedWriter emits implicit ones last);
/// empty string → full end tag (`WriteString("")` enters content state).
#[test]
fn null_and_empty_string_forms() {
    let mut response = Response::empty();
    response.message = None;
    response.client_favorites = None;
    let text = wire(&response);
    assert!(text.contains(r#"<Message i:nil="true" xmlns="http://schemas.datacontract.org/2004/07/LCManagerPartner.Implementation.Abstractions" />"#), "{text}");
    assert!(
        text.contains(r#"<ClientFavorites i:nil="true" />"#),
        "{text}"
    );
    response.message = Some(String::new());
    assert!(wire(&response).contains(r#"<Message xmlns="http://schemas.datacontract.org/2004/07/LCManagerPartner.Implementation.Abstractions"></Message>"#));
}

/// Source: XmlWriter behaviour (`WriteStartElement` + `WriteEndElement` with no content writes
/// the short form): an empty `List<Row>` gets no item writes, so it is `<X />`, not `<X></X>`.
#[test]
fn empty_list_is_the_short_form() {
    let text = wire(&Response::empty());
    assert!(text.contains("<GroupFavorites />") && !text.contains("<GroupFavorites>"));
}

/// Source: contracts/reference/wire.md#decimal-forms, contracts/reference/wire.md#decimal-forms row decimal: scale kept, never `.0` appended.
#[test]
fn decimals_keep_their_scale() {
    let mut response = Response::empty();
    response.avg_all = Decimal::new(150, 2);
    response.avg_favorite = Decimal::new(1, 0);
    response.sum_gain = Decimal::new(100, 0);
    response.remain_gain = Decimal::new(1, 4);
    response.remain_every_gain = Decimal::new(-1250, 3);
    let text = wire(&response);
    for part in [
        "<AvgAll>1.50</AvgAll>",
        "<AvgFavorite>1</AvgFavorite>",
        "<SumGain>100</SumGain>",
        "<RemainGain>0.0001</RemainGain>",
        "<RemainEveryGain>-1.250</RemainEveryGain>",
    ] {
        assert!(text.contains(part), "{part} in {text}");
    }
}

/// Source: contracts/reference/wire.md#datetime-forms (writing), contracts/reference/wire.md#xml-writer escaping and newlines, bool forms.
#[test]
fn dates_booleans_and_text() {
    let row = ClientFavoriteRow {
        id: -7,
        proc_time: NetDateTime::utc(wall("2026-05-07T08:27:39.5")),
        confirm_date_end: Some(NetDateTime::unspecified(wall("2026-05-07T11:27:00"))),
        confirm: false,
        proc_time_confirm: Some(NetDateTime::local(
            wall("2026-05-07T11:27:39.5049468"),
            MOSCOW,
        )),
        action_date_end: None,
        no_active: true,
    };
    let mut response = Response::empty();
    response.client_favorites = Some(vec![row]);
    response.group_favorites = Some(vec![GroupFavoriteRow {
        id: 1,
        name: Some("a<b & \"c\" >\nd\r\ne\u{1}".into()),
        count_select: 2,
    }]);
    let text = wire(&response);
    insta::assert_snapshot!(&text[text.find("<ClientFavorites>").unwrap()..text.find("<CountConfirm>").unwrap()], @"<ClientFavorites><ClientFavoriteDataInfoResponse.ClientFavoriteDataInfoClientFavoritesRow><ActionDateEnd i:nil=\"true\" /><Confirm>false</Confirm><ConfirmDateEnd>2026-05-07T11:27:00</ConfirmDateEnd><Id>-7</Id><NoActive>true</NoActive><ProcTime>2026-05-07T08:27:39.5Z</ProcTime><ProcTimeConfirm>2026-05-07T11:27:39.5049468+03:00</ProcTimeConfirm></ClientFavoriteDataInfoResponse.ClientFavoriteDataInfoClientFavoritesRow></ClientFavorites>");
    assert!(
        text.contains("<Name>a&lt;b &amp; \"c\" &gt;\r\nd\r\ne&#x1;</Name>"),
        "{text}"
    );
}

/// Source: contracts/reference/wire.md#xml-member-order: the request type is written base members first, then ordinal order.
#[test]
fn request_member_order() {
    let text = wire(&Request {
        client: 1,
        site_code: Some("s".into()),
        ..Request::default()
    });
    insta::assert_snapshot!(text, @r#"<ClientFavoriteDataInfoRequest xmlns:i="http://www.w3.org/2001/XMLSchema-instance" xmlns="http://schemas.datacontract.org/2004/07/LCManagerPartner.Implementation.Request"><Operator xmlns="http://schemas.datacontract.org/2004/07/LCManagerPartner.Implementation.Abstractions">0</Operator><SiteCode xmlns="http://schemas.datacontract.org/2004/07/LCManagerPartner.Implementation.Abstractions">s</SiteCode><Token i:nil="true" xmlns="http://schemas.datacontract.org/2004/07/LCManagerPartner.Implementation.Abstractions" /><BegDate i:nil="true" /><Client>1</Client><ClientFavoriteId i:nil="true" /><EndDate i:nil="true" /><Length i:nil="true" /><ListDataId i:nil="true" /><Start i:nil="true" /></ClientFavoriteDataInfoRequest>"#);
}

/// The pretty form keeps short and full end tags as the wire form has them and indents rows.
#[test]
fn pretty_form_of_empty_and_nested_content() {
    let mut response = Response::business_error(1, "");
    response.group_favorites = Some(vec![GroupFavoriteRow {
        id: 1,
        name: None,
        count_select: 0,
    }]);
    let mut out = Vec::new();
    xml::write_pretty(&response, &mut out);
    let text = String::from_utf8(out).unwrap();
    let excerpt: Vec<&str> = text
        .lines()
        .filter(|l| l.contains("Message") || l.contains("Group") || l.contains("<Name"))
        .collect();
    assert_eq!(
        excerpt,
        [
            r#"  <Message xmlns="http://schemas.datacontract.org/2004/07/LCManagerPartner.Implementation.Abstractions"></Message>"#,
            "  <GroupFavorites>",
            "    <ClientFavoriteDataInfoResponse.ClientFavoriteDataInfoGroupFavoritesRow>",
            r#"      <Name i:nil="true" />"#,
            "    </ClientFavoriteDataInfoResponse.ClientFavoriteDataInfoGroupFavoritesRow>",
            "  </GroupFavorites>",
        ]
    );
}
