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
    let token = mint_hs256(&claims(json!({"oper": "12", "exp": NOW + 60})), SECRET);
    assert_eq!(
        verify(&token, SECRET, NOW),
        Ok(Claims { operator: Some(12) })
    );
    let token = mint_hs256(&claims(json!({"user": "x", "exp": NOW + 60})), SECRET);
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
    let token = mint_hs256(
        &claims(json!({"nbf": NOW + 3600, "exp": NOW + 7200})),
        SECRET,
    );
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
    let token = mint_hs256(&claims(json!({"oper": 70000, "exp": NOW + 60})), SECRET);
    insta::assert_snapshot!(verify(&token, SECRET, NOW).unwrap_err(), @"jwt claim `oper`: expected an Int16 operator id (number or numeric string), found 70000");
    let token = mint_hs256(&claims(json!({"oper": "seven", "exp": NOW + 60})), SECRET);
    assert!(matches!(
        verify(&token, SECRET, NOW),
        Err(JwtError::Claim { claim: "oper", .. })
    ));
}

#[test]
fn a_token_without_an_expiry_is_refused() {
    // .NET's handler requires `exp` unless told otherwise (RequireExpirationTime).
    let token = mint_hs256(&claims(json!({"oper": 7})), SECRET);
    insta::assert_snapshot!(verify(&token, SECRET, NOW).unwrap_err(), @"jwt: expected an `exp` claim (an expiry is required), found none");
    let token = mint_hs256(&claims(json!({"oper": 7, "exp": null})), SECRET);
    assert_eq!(verify(&token, SECRET, NOW), Err(JwtError::NoExpiry));
}

/// A token signed with `SECRET` whose header is `header` (JSON).
fn with_header(header: &str, payload: &Value) -> String {
    use base64::Engine;
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;
    use hmac::Mac;
    let input = format!(
        "{}.{}",
        URL_SAFE_NO_PAD.encode(header),
        URL_SAFE_NO_PAD.encode(payload.to_string())
    );
    let mut mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(SECRET).unwrap();
    mac.update(input.as_bytes());
    format!(
        "{input}.{}",
        URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes())
    )
}

#[test]
fn a_critical_header_extension_is_refused_even_when_signed() {
    let payload = json!({"exp": NOW + 60});
    let good = with_header(r#"{"alg":"HS256","typ":"JWT"}"#, &payload);
    assert!(verify(&good, SECRET, NOW).is_ok());
    let critical = with_header(r#"{"alg":"HS256","crit":["exp-v2"],"exp-v2":1}"#, &payload);
    insta::assert_snapshot!(verify(&critical, SECRET, NOW).unwrap_err(), @r#"jwt header `crit`: expected no critical extensions, found ["exp-v2"]"#);
}

#[test]
fn an_oversized_token_is_refused_before_decoding() {
    let padding = "a".repeat(crate::server::jwt::MAX_TOKEN_BYTES);
    let token = mint_hs256(&claims(json!({"exp": NOW + 60, "pad": padding})), SECRET);
    assert!(matches!(
        verify(&token, SECRET, NOW),
        Err(JwtError::TooLong { length }) if length == token.len()
    ));
}
