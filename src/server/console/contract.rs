//! `GET /__mock/contract`: the endpoint's documentation generated from the contract, for the
//! console's documentation tab and try-it panel. Nothing here is written by hand twice: types,
//! members, descriptions and business errors come from `contracts/ClientFavoriteDataInfo.contract.json`,
//! diagnostic explanations from `server::diagnostics`, samples from the help page.

use super::super::admin::json_response;
use super::super::diagnostics::{self, DIAGNOSTICS_HEADER, DIAGNOSTICS_LEVEL_HEADER};
use super::super::fault::{FAULT_HEADER, GARBAGE};
use super::super::guard::ADMIN_HEADER;
use super::super::request::MockResponse;
use super::super::scenario::{
    DROP_HEADER, ERROR_CODE_HEADER, LATENCY_HEADER, MAX_LATENCY_MS, STATUS_HEADER,
};
use super::super::state::State;
use crate::contract::{ClrType, FieldSchema, HELP_PAGE, TypeSchema, contract};
use http::StatusCode;
use serde_json::{Value, json};

/// The documentation document.
pub(crate) fn contract_document(state: &State) -> MockResponse {
    let contract = contract();
    let endpoint = &contract.endpoint;
    let types: Vec<Value> = contract.schemas.iter().map(type_doc).collect();
    let errors: Vec<Value> = contract
        .business_errors
        .iter()
        .map(|e| json!({ "code": e.code, "message": e.message, "when": e.when }))
        .collect();
    let kinds: Vec<Value> = crate::codec::DiagnosticKind::ALL
        .iter()
        .map(|kind| {
            let explanation = diagnostics::explain(*kind);
            json!({
                "code": kind.code(),
                "explanation": explanation.text,
                "reference": explanation.reference,
            })
        })
        .collect();
    let path = format!(
        "{}/{}",
        state.config.base_path.as_deref().unwrap_or(""),
        endpoint.path
    );
    let document = json!({
        "endpoint": {
            "method": endpoint.method,
            "path": path,
            "description_ru": endpoint.description_ru,
            "description_en": endpoint.description_en,
            "request": endpoint.request,
            "response": endpoint.response,
        },
        "types": types,
        "business_errors": errors,
        "check_order": contract.business_error_order,
        "diagnostics": kinds,
        "headers": {
            "diagnostics": header_name(DIAGNOSTICS_HEADER),
            "diagnostics_level": header_name(DIAGNOSTICS_LEVEL_HEADER),
            "admin": header_name(ADMIN_HEADER),
        },
        "scenario": [
            {
                "header": header_name(LATENCY_HEADER),
                "values": format!("200 or 100-500 (ms, at most {MAX_LATENCY_MS})"),
                "effect": "wait before answering",
            },
            {
                "header": header_name(STATUS_HEADER),
                "values": "401, 500 (200 = none)",
                "effect": "answer production's 401 or 500 body",
            },
            {
                "header": header_name(ERROR_CODE_HEADER),
                "values": "a business error code (0 = none)",
                "effect": "HTTP 200 with that code and its Russian message",
            },
            {
                "header": header_name(DROP_HEADER),
                "values": "1 / 0",
                "effect": "close the connection without answering",
            },
            {
                "header": header_name(FAULT_HEADER),
                "values": "garbage, reset, dribble (none = none)",
                "effect": format!(
                    "garbage: {} bytes that are not HTTP; reset: half the body, then a TCP reset; \
                     dribble: the body in pieces over about 2 s",
                    GARBAGE.len()
                ),
            },
        ],
        "media_types": {
            "request": ["application/json", "text/json", "application/xml", "text/xml", "application/x-www-form-urlencoded"],
            "response": ["application/json", "text/json", "application/xml", "text/xml"],
        },
        "help_samples": {
            "json": help_sample("application/json, text/json"),
            "xml": help_sample("application/xml, text/xml"),
        },
        "references": [
            { "document": "contracts/ClientFavoriteDataInfo.help.txt", "what": "the endpoint's help page, authoritative" },
            { "document": "contracts/reference/domain.md", "what": "what the endpoint computes: business errors, paging, periods, every response member" },
            { "document": "contracts/reference/wire.md", "what": "how ASP.NET Web API 2 reads and writes JSON, XML and forms, negotiates and answers errors" },
            { "document": "contracts/reference/production.md", "what": "routing, CORS, auth, status codes and date conventions of the production service" },
            { "document": "contracts/openapi.json", "what": "the OpenAPI 3.1 document generated from the contract" },
        ],
    });
    json_response(StatusCode::OK, &document)
}

/// `x-mock-latency` → `X-Mock-Latency`.
fn header_name(lower: &str) -> String {
    lower
        .split('-')
        .map(|part| {
            let mut chars = part.chars();
            chars.next().map_or_else(String::new, |first| {
                first.to_ascii_uppercase().to_string() + chars.as_str()
            })
        })
        .collect::<Vec<_>>()
        .join("-")
}

fn type_doc(schema: &TypeSchema) -> Value {
    let contract = contract();
    let fields: Vec<Value> = schema
        .fields
        .iter()
        .map(|field| field_doc(schema, field))
        .collect();
    let xml_order: Vec<&str> = schema.xml_fields().map(|(_, f)| f.name.as_str()).collect();
    let role = if schema.name == contract.request().name {
        "request"
    } else if schema.name == contract.response().name {
        "response"
    } else {
        "row"
    };
    json!({
        "name": schema.name,
        "role": role,
        "namespace": schema.namespace,
        "interpretation": schema.interpretation,
        "fields": fields,
        "xml_order": xml_order,
    })
}

fn field_doc(owner: &TypeSchema, field: &FieldSchema) -> Value {
    let item = field.item.map(|id| contract().schema(id).name.clone());
    let clr = format!(
        "{}{}",
        field.ty.clr_name(),
        if field.nullable && !field.ty.is_reference() {
            "?"
        } else {
            ""
        }
    );
    json!({
        "name": field.name,
        "type": match (field.ty, &item) {
            (ClrType::List, Some(item)) => format!("List<{}>", short_name(item)),
            _ => clr,
        },
        "json": json_type(field.ty),
        "nullable": field.nullable,
        "help_type": field.help_type,
        "description_ru": field.description_ru,
        "description_en": field.description_en,
        "interpretation": field.interpretation,
        "item": item,
        "declared_in": field.declared_in,
        "namespace": (field.namespace != owner.namespace).then_some(&field.namespace),
    })
}

/// A row type's name after its containing class (`…Response.ClientFavoritesRow` → `ClientFavoritesRow`).
fn short_name(name: &str) -> &str {
    name.rsplit('.').next().unwrap_or(name)
}

/// How a member looks in JSON.
fn json_type(ty: ClrType) -> &'static str {
    match ty {
        ClrType::Int16 | ClrType::Int32 | ClrType::Int64 => "number (integer)",
        ClrType::Decimal => "number (decimal, scale kept)",
        ClrType::DateTime => "string (date-time, offset only for Local/Utc kinds)",
        ClrType::Boolean => "boolean",
        ClrType::String => "string",
        ClrType::List => "array",
    }
}

/// The help page's sample body for a media-type line, as printed there.
fn help_sample(media_line: &str) -> Option<String> {
    let start = HELP_PAGE.find(media_line)?;
    let rest = &HELP_PAGE[start + media_line.len()..];
    let sample = rest.find("Sample:")?;
    let body = rest[sample + "Sample:".len()..].trim_start();
    // A sample ends at the blank line before the next media-type heading.
    let end = body.find("\n\n").unwrap_or(body.len());
    Some(body[..end].trim_end().to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn help_samples_are_cut_from_the_help_page() {
        let json = help_sample("application/json, text/json").unwrap();
        assert!(json.starts_with('{') && json.ends_with('}'), "{json}");
        let xml = help_sample("application/xml, text/xml").unwrap();
        assert!(
            xml.starts_with("<ClientFavoriteDataInfoRequest")
                && xml.ends_with("</ClientFavoriteDataInfoRequest>"),
            "{xml}"
        );
        assert_eq!(
            header_name("x-mock-diagnostics-level"),
            "X-Mock-Diagnostics-Level"
        );
    }
}
