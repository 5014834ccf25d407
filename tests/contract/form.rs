//! Form-urlencoded binding through the public API (contracts/reference/wire.md#form-binding), plus properties: the reader
//! never panics, and any request written by `encode_request` binds back to the same values.

use chrono::{Duration, FixedOffset, NaiveDate};
use favorite_contract::codec::form::{self, MAX_HTTP_COLLECTION_KEYS, encode_request};
use favorite_contract::codec::{
    BindOptions, DiagnosticKind, DiagnosticLocation as Location, DiagnosticSeverity as Severity,
    Effect, Format, bind,
};
use favorite_contract::contract;
use favorite_contract::{MOSCOW, NetDateTime, Request};
use proptest::prelude::*;

const FORM: &str = "application/x-www-form-urlencoded";

/// Source: contracts/reference/wire.md#form-binding — a form body through `bind()` gives what the action sees.
#[test]
fn form_body_binds_through_bind() {
    let body =
        b"client=7&Operator=70000&SiteCode=&BegDate=2026-05-07T11:27:39%2B05:00&request.Token=5";
    let bound = bind(Some(FORM), body, &BindOptions::default()).unwrap();
    assert_eq!(bound.format, Some(Format::Form));
    let request = bound.request.clone().unwrap();
    assert_eq!(
        (
            request.client,
            request.operator,
            request.site_code,
            request.token,
            request.beg_date.map(|d| d.to_wire()),
        ),
        (
            7,
            0,
            None,
            None,
            Some("2026-05-07T09:27:39+03:00".to_owned())
        )
    );
    let keys: Vec<&str> = bound
        .diagnostics
        .iter()
        .filter_map(|d| d.model_state.as_ref().map(|m| m.key.as_str()))
        .collect();
    assert_eq!(keys, ["request.Operator"]);
    assert_eq!(bound.worst(), Some(Severity::Error));
    let rendered: Vec<String> = bound.diagnostics.iter().map(ToString::to_string).collect();
    insta::assert_snapshot!(rendered.join("\n"), @r#"
    info[form-case-mismatch] at form key `client` (pair 0): key `client` matches member Client only ignoring case; Web API binds it (form keys are compared OrdinalIgnoreCase)
    error[form-conversion-failed] at form key `Operator` (pair 1): Operator=70000 is outside the Int16 range (-32768 to 32767); Web API logs a ModelState error and Operator keeps its default 0 (ModelState `request.Operator`: The parameter conversion from type 'System.String' to type 'System.Int16' failed. See the inner exception for more information.)
    warning[form-empty-value] at form key `SiteCode` (pair 2): SiteCode is empty; form binding turns a blank value into null (JSON and XML would give ""), so SiteCode is null; send a non-blank value or leave the key out
    info[form-converted] at form key `BegDate` (pair 3): BegDate=2026-05-07T11:27:39+05:00 carries a UTC designator or offset; form binding converts it to the server's local time, 2026-05-07T09:27:39+03:00
    warning[form-unknown-key] at form key `request.Token` (pair 4): key `request.Token` does not bind: form keys are the unprefixed property names, so send `Token=…`; Web API ignores this pair and Token keeps its default null
    "#);
}

/// Source: contracts/reference/wire.md#form-binding — the `+` trap and the month-first trap, as a frontend would hit them.
#[test]
fn date_traps() {
    let bound = bind(
        Some(FORM),
        b"BegDate=2026-05-07T11:27:39+05:00&EndDate=07.05.2026",
        &BindOptions::default(),
    )
    .unwrap();
    let request = bound.request.unwrap();
    assert_eq!(request.beg_date, None);
    assert_eq!(
        request.end_date.map(|d| d.to_wire()).as_deref(),
        Some("2026-07-05T00:00:00")
    );
    let kinds: Vec<DiagnosticKind> = bound.diagnostics.iter().map(|d| d.kind).collect();
    assert_eq!(
        kinds,
        [
            DiagnosticKind::FormConversionFailed,
            DiagnosticKind::FormPlusInOffset,
            DiagnosticKind::FormMonthFirstDate
        ]
    );
}

fn net_date() -> impl Strategy<Value = NetDateTime> {
    let wall = (0i64..(200 * 366 * 86_400), 0i64..10_000_000).prop_map(|(secs, ticks)| {
        let base = NaiveDate::from_ymd_opt(1900, 1, 1)
            .unwrap()
            .and_hms_opt(0, 0, 0)
            .unwrap();
        base + Duration::seconds(secs) + Duration::nanoseconds(ticks * 100)
    });
    let offset = (-48i32..=56).prop_map(|quarters| FixedOffset::east_opt(quarters * 900).unwrap());
    (wall, 0u8..3, offset).prop_map(|(wall, kind, offset)| match kind {
        0 => NetDateTime::unspecified(wall),
        1 => NetDateTime::utc(wall),
        _ => NetDateTime::local(wall, offset),
    })
}

prop_compose! {
    fn any_request()(
        client in any::<i32>(),
        client_favorite_id in proptest::option::of(any::<i32>()),
        list_data_id in proptest::option::of(any::<i32>()),
        beg_date in proptest::option::of(net_date()),
        end_date in proptest::option::of(net_date()),
        start in proptest::option::of(any::<i32>()),
        length in proptest::option::of(any::<i32>()),
        operator in any::<i16>(),
        token in proptest::option::of(any::<i64>()),
        site_code in proptest::option::of(prop_oneof![".*", "[ a-z+%&=\\[\\]{}:]*"]),
    ) -> Request {
        Request {
            client, client_favorite_id, list_data_id, beg_date, end_date, start, length,
            operator, token, site_code,
        }
    }
}

/// What form binding makes of a request's values: dates with `Z` or an offset arrive as server
/// local time (same instant), blank strings arrive as null.
fn as_form_binds(mut request: Request, server: FixedOffset) -> Request {
    let local = |d: Option<NetDateTime>| {
        d.map(|d| match d.kind {
            favorite_contract::DateKind::Unspecified => d,
            _ => NetDateTime::local(d.server_wall(server), server),
        })
    };
    request.beg_date = local(request.beg_date);
    request.end_date = local(request.end_date);
    request.site_code = request
        .site_code
        .filter(|s| !s.chars().all(char::is_whitespace));
    request
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Source: contracts/reference/wire.md#form-binding — encode_request writes what .NET binds back to the same values.
    #[test]
    fn encoded_requests_bind_back(request in any_request()) {
        let body = encode_request(&request);
        let bound = bind(Some(FORM), body.as_bytes(), &BindOptions::default()).unwrap();
        let expected = as_form_binds(request, MOSCOW);
        prop_assert_eq!(bound.request, Some(expected));
        prop_assert!(
            bound.diagnostics.iter().all(|d| d.severity != Severity::Error),
            "{:?}", bound.diagnostics
        );
    }

    /// The reader never panics, and what it reports is coherent.
    #[test]
    fn reader_never_panics(
        body in prop_oneof![".*", "[a-zA-Z%+=&\\[\\]0-9.:# x-]{0,80}", "(Client|SiteCode|BegDate|Operator)=[^&]{0,20}(&[a-zA-Z]{0,8}=[0-9a-fA-F%+x#-]{0,12}){0,6}"],
    ) {
        let read = form::read(&body, contract().request(), &BindOptions::default());
        let pairs = body.split('&').count();
        match &read.object {
            Some(_) => prop_assert!(read.diagnostics.iter().all(|d| d.effect != Effect::RequestNull)),
            None => {
                prop_assert_eq!(read.diagnostics.len(), 1);
                prop_assert_eq!(read.diagnostics[0].effect, Effect::RequestNull);
            }
        }
        for d in &read.diagnostics {
            prop_assert!(!d.message.is_empty());
            match &d.location {
                Location::Form { index, .. } => prop_assert!(*index < pairs.min(MAX_HTTP_COLLECTION_KEYS + 1)),
                other => prop_assert!(false, "unexpected location {:?}", other),
            }
        }
        // And the whole path through bind() on raw bytes.
        let _ = bind(Some(FORM), body.as_bytes(), &BindOptions::default());
    }
}
