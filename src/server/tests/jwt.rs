//! HS256 verification for `--auth jwt`.

use crate::server::jwt::{Claims, JWT_CLOCK_SKEW_SECS, JwtError, mint_hs256, verify};
use serde_json::{Map, Value, json};

const SECRET: &[u8] = b"s3cret";
const NOW: i64 = 1_800_000_000;

fn claims(value: Value) -> Map<String, Value> {
    match value {
        Value::Object(map) => map,
        _ => panic!("claims must be an object"),
    }
}

#[test]
fn a_signed_token_verifies_and_yields_the_oper_claim() {
    let token = mint_hs256(&claims(json!({"oper": 7, "exp": NOW + 60})), SECRET);
    assert_eq!(
        verify(&token, SECRET, NOW),
        Ok(Claims { operator: Some(7) })
    );
    let token = mint_hs256(&claims(json!({"oper": "12"})), SECRET);
    assert_eq!(
        verify(&token, SECRET, NOW),
        Ok(Claims { operator: Some(12) })
    );
    let token = mint_hs256(&claims(json!({"user": "x"})), SECRET);
    assert_eq!(verify(&token, SECRET, NOW), Ok(Claims { operator: None }));
}

#[test]
fn another_secret_fails_the_signature() {
    let token = mint_hs256(&claims(json!({"oper": 7})), b"other");
    assert_eq!(verify(&token, SECRET, NOW), Err(JwtError::Signature));
}

#[test]
fn a_tampered_payload_fails_the_signature() {
    let token = mint_hs256(&claims(json!({"oper": 7})), SECRET);
    let forged = mint_hs256(&claims(json!({"oper": 8})), SECRET);
    let mut parts: Vec<&str> = token.split('.').collect();
    parts[1] = forged.split('.').nth(1).unwrap_or_default();
    assert_eq!(
        verify(&parts.join("."), SECRET, NOW),
        Err(JwtError::Signature)
    );
}

#[test]
fn expiry_allows_the_dotnet_clock_skew_and_no_more() {
    let exp = NOW - JWT_CLOCK_SKEW_SECS;
    let token = mint_hs256(&claims(json!({"exp": exp})), SECRET);
    assert!(verify(&token, SECRET, NOW).is_ok());
    let err = verify(&token, SECRET, NOW + 1).unwrap_err();
    insta::assert_snapshot!(err, @"jwt expired: `exp` 1799999700 is before now 1800000001 (clock skew 300 s)");
}

#[test]
fn not_before_in_the_future_is_refused() {
    let token = mint_hs256(&claims(json!({"nbf": NOW + 3600})), SECRET);
    assert!(matches!(
        verify(&token, SECRET, NOW),
        Err(JwtError::NotYetValid { .. })
    ));
}

#[test]
fn alg_none_and_garbage_are_refused_with_reasons() {
    // {"alg":"none"} . {"oper":1} . (empty signature)
    let none = "eyJhbGciOiJub25lIn0.eyJvcGVyIjoxfQ.";
    insta::assert_snapshot!(verify(none, SECRET, NOW).unwrap_err(), @"jwt header `alg`: expected HS256, found none");
    insta::assert_snapshot!(verify("abc", SECRET, NOW).unwrap_err(), @"malformed jwt: expected header.payload.signature in base64url JSON, found 1 dot-separated parts");
    insta::assert_snapshot!(verify("a.b.c", SECRET, NOW).unwrap_err(), @"malformed jwt: expected header.payload.signature in base64url JSON, found a header that is not base64url");
    insta::assert_snapshot!(verify("YQ.YQ.YQ", SECRET, NOW).unwrap_err(), @"malformed jwt: expected header.payload.signature in base64url JSON, found a header that is not a JSON object");
}

#[test]
fn an_oper_claim_outside_int16_is_refused() {
    let token = mint_hs256(&claims(json!({"oper": 70000})), SECRET);
    insta::assert_snapshot!(verify(&token, SECRET, NOW).unwrap_err(), @"jwt claim `oper`: expected an Int16 operator id (number or numeric string), found 70000");
    let token = mint_hs256(&claims(json!({"oper": "seven"})), SECRET);
    assert!(matches!(
        verify(&token, SECRET, NOW),
        Err(JwtError::Claim { claim: "oper", .. })
    ));
}
