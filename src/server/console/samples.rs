//! `GET /__mock/samples?client=1006[&operator=1]`: a client's request (`Operator` and `Client`
//! set, nothing else) as the three bodies Web API reads, laid out as the help page lays out its
//! samples: JSON in the members' order, XML in DataContractSerializer's order with inherited
//! members in their base class's namespace, and a form. Without `client`, the default
//! operator's first client.

use super::super::admin::json_response;
use super::super::request::MockResponse;
use super::super::state::State;
use crate::contract::{XSI_NAMESPACE, contract};
use http::StatusCode;
use serde_json::json;

/// The samples document, or 400 naming a bad parameter.
pub(crate) fn samples_document(state: &State, query: Option<&str>) -> MockResponse {
    let loaded = state.dataset();
    let dataset = &loaded.dataset;
    let mut client: Option<i32> = None;
    let mut operator: Option<i16> = None;
    for (name, value) in form_urlencoded::parse(query.unwrap_or("").as_bytes()) {
        let parsed = match name.as_ref() {
            "client" => value.trim().parse().map(|c| client = Some(c)).is_ok(),
            "operator" => value.trim().parse().map(|o| operator = Some(o)).is_ok(),
            _ => false,
        };
        if !parsed {
            let message = format!(
                "query parameter `{name}`: expected client=<Int32> or operator=<Int16>, found `{value}`"
            );
            return json_response(StatusCode::BAD_REQUEST, &json!({ "Message": message }));
        }
    }
    let client = client.unwrap_or_else(|| {
        dataset
            .clients()
            .iter()
            .find(|c| c.operator == dataset.default_operator())
            .or_else(|| dataset.clients().first())
            .map_or(1, |c| c.id)
    });
    let operator = operator.unwrap_or_else(|| {
        dataset
            .client(client)
            .map_or_else(|| dataset.default_operator(), |c| c.operator)
    });
    let values = [
        ("Client", client.to_string()),
        ("Operator", operator.to_string()),
    ];
    json_response(
        StatusCode::OK,
        &json!({
            "client": client,
            "operator": operator,
            "json": json_body(&values),
            "xml": xml_body(&values),
            "form": form_body(&values),
        }),
    )
}

/// `{"Client": 1006, "Operator": 1}` in the request's member order, indented as the help page.
fn json_body(values: &[(&str, String)]) -> String {
    let request = contract().request();
    let lines: Vec<String> = request
        .fields
        .iter()
        .filter_map(|f| values.iter().find(|(name, _)| *name == f.name))
        .map(|(name, value)| format!("  \"{name}\": {value}"))
        .collect();
    format!("{{\n{}\n}}", lines.join(",\n"))
}

/// The XML body in DataContractSerializer's member order.
fn xml_body(values: &[(&str, String)]) -> String {
    let request = contract().request();
    let mut out = format!(
        "<{} xmlns:i=\"{XSI_NAMESPACE}\" xmlns=\"{}\">\n",
        request.name, request.namespace
    );
    for (_, field) in request.xml_fields() {
        let Some((name, value)) = values.iter().find(|(name, _)| *name == field.name) else {
            continue;
        };
        if field.namespace == request.namespace {
            out.push_str(&format!("  <{name}>{value}</{name}>\n"));
        } else {
            out.push_str(&format!(
                "  <{name} xmlns=\"{}\">{value}</{name}>\n",
                field.namespace
            ));
        }
    }
    out.push_str(&format!("</{}>", request.name));
    out
}

/// `Client=1006&Operator=1` in the request's member order.
fn form_body(values: &[(&str, String)]) -> String {
    let request = contract().request();
    let mut form = form_urlencoded::Serializer::new(String::new());
    for field in &request.fields {
        if let Some((name, value)) = values.iter().find(|(name, _)| *name == field.name) {
            form.append_pair(name, value);
        }
    }
    form.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codec::{self, BindOptions};

    #[test]
    fn every_sample_binds_to_the_client_without_a_warning() {
        let values = [("Client", "1006".to_owned()), ("Operator", "1".to_owned())];
        for (content_type, body) in [
            ("application/json", json_body(&values)),
            ("application/xml", xml_body(&values)),
            ("application/x-www-form-urlencoded", form_body(&values)),
        ] {
            let bound = codec::bind(Some(content_type), body.as_bytes(), &BindOptions::default())
                .expect("a supported media type");
            let request = bound.request.expect("a bound request");
            assert_eq!((request.client, request.operator), (1006, 1), "{body}");
            assert!(
                bound
                    .diagnostics
                    .iter()
                    .all(|d| d.severity == codec::Severity::Info),
                "{body}: {:?}",
                bound.diagnostics
            );
        }
    }
}
