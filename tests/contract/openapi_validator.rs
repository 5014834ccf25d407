//! A validator for the JSON Schema subset our OpenAPI document uses (`$ref`, `type` with null
//! unions, `properties`, `required`, `additionalProperties`, `items`, `minimum`, `maximum`,
//! `pattern`, `const`, `enum`), so tests can prove JSON bodies conform to the committed document.

use serde_json::Value;

/// Validate `value` against `#/components/schemas/{component}` of `doc`; returns one message per
/// violation, each with its JSON pointer.
pub fn validate(doc: &Value, component: &str, value: &Value) -> Vec<String> {
    let schema = &doc["components"]["schemas"][component];
    assert!(schema.is_object(), "no component {component}");
    let mut errors = Vec::new();
    check(doc, schema, value, "", &mut errors);
    errors
}

fn resolve<'a>(doc: &'a Value, schema: &'a Value) -> &'a Value {
    match schema.get("$ref").and_then(Value::as_str) {
        Some(r) => {
            let name = r.trim_start_matches("#/components/schemas/");
            &doc["components"]["schemas"][name]
        }
        None => schema,
    }
}

fn type_ok(ty: &str, value: &Value) -> bool {
    match ty {
        "null" => value.is_null(),
        "object" => value.is_object(),
        "array" => value.is_array(),
        "string" => value.is_string(),
        "boolean" => value.is_boolean(),
        "integer" => value.is_i64() || value.is_u64(),
        "number" => value.is_number(),
        _ => false,
    }
}

fn check(doc: &Value, schema: &Value, value: &Value, at: &str, errors: &mut Vec<String>) {
    let schema = resolve(doc, schema);
    if let Some(ty) = schema.get("type") {
        let types: Vec<&str> = match ty {
            Value::String(s) => vec![s.as_str()],
            Value::Array(a) => a.iter().filter_map(Value::as_str).collect(),
            _ => vec![],
        };
        if !types.iter().any(|t| type_ok(t, value)) {
            errors.push(format!("{at}: expected type {types:?}, found {value}"));
            return;
        }
    }
    if let Some(c) = schema.get("const")
        && c != value
    {
        errors.push(format!("{at}: expected {c}, found {value}"));
    }
    if let Some(allowed) = schema.get("enum").and_then(Value::as_array)
        && !allowed.contains(value)
    {
        errors.push(format!("{at}: expected one of {allowed:?}, found {value}"));
    }
    if let (Some(min), Some(v)) = (
        schema.get("minimum").and_then(Value::as_i64),
        value.as_i64(),
    ) && v < min
    {
        errors.push(format!("{at}: {v} below minimum {min}"));
    }
    if let (Some(max), Some(v)) = (
        schema.get("maximum").and_then(Value::as_i64),
        value.as_i64(),
    ) && v > max
    {
        errors.push(format!("{at}: {v} above maximum {max}"));
    }
    if let (Some(p), Some(s)) = (
        schema.get("pattern").and_then(Value::as_str),
        value.as_str(),
    ) && !regex::Regex::new(p).unwrap().is_match(s)
    {
        errors.push(format!("{at}: {s:?} does not match {p}"));
    }
    if let Value::Object(map) = value {
        let props = schema.get("properties").and_then(Value::as_object);
        for req in schema
            .get("required")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let name = req.as_str().unwrap_or_default();
            if !map.contains_key(name) {
                errors.push(format!("{at}/{name}: required property missing"));
            }
        }
        for (key, v) in map {
            match props.and_then(|p| p.get(key)) {
                Some(s) => check(doc, s, v, &format!("{at}/{key}"), errors),
                None if schema.get("additionalProperties") == Some(&Value::Bool(false)) => {
                    errors.push(format!("{at}/{key}: property not allowed"));
                }
                None => {}
            }
        }
    }
    if let (Value::Array(items), Some(s)) = (value, schema.get("items")) {
        for (i, v) in items.iter().enumerate() {
            check(doc, s, v, &format!("{at}/{i}"), errors);
        }
    }
}
