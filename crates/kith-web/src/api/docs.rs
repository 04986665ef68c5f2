//! `/api/v1/docs`: the API's documentation, read from the same OpenAPI document that
//! `/api/v1/openapi.json` serves and drawn on the server. A bundled Swagger UI would add
//! megabytes of script and need inline styles, which the Content-Security-Policy forbids;
//! this page needs neither, and works with JavaScript off.

use askama::Template;
use axum::response::Html;
use serde_json::Value;
use utoipa::OpenApi as _;

use crate::Error;
use crate::api::ApiDoc;
use crate::pages::render;

struct Operation {
    method: String,
    path: String,
    summary: String,
    parameters: Vec<(String, String, bool, String)>,
    body: Option<String>,
    responses: Vec<(String, String, Option<String>)>,
}

struct Shape {
    name: String,
    fields: Vec<(String, String, String)>,
}

#[derive(Template)]
#[template(path = "api_docs.html")]
struct DocsPage {
    description: String,
    operations: Vec<Operation>,
    shapes: Vec<Shape>,
}

/// `GET /api/v1/docs`.
pub(crate) async fn show() -> Result<Html<String>, Error> {
    let document = serde_json::to_value(ApiDoc::openapi())
        .map_err(|err| Error::Internal(format!("the API document could not be read: {err}")))?;
    let text = |value: &Value| value.as_str().unwrap_or_default().to_owned();
    let mut operations = Vec::new();
    if let Some(paths) = document["paths"].as_object() {
        for (path, item) in paths {
            let Some(methods) = item.as_object() else {
                continue;
            };
            for (method, operation) in methods {
                let summary = match operation["description"].as_str() {
                    Some(description) if !description.is_empty() => description.to_owned(),
                    _ => text(&operation["summary"]),
                };
                let parameters = operation["parameters"]
                    .as_array()
                    .map(|parameters| {
                        parameters
                            .iter()
                            .map(|p| {
                                (
                                    text(&p["name"]),
                                    text(&p["in"]),
                                    p["required"].as_bool().unwrap_or(false),
                                    text(&p["description"]),
                                )
                            })
                            .collect()
                    })
                    .unwrap_or_default();
                let body =
                    schema_name(&operation["requestBody"]["content"]["application/json"]["schema"]);
                let responses = operation["responses"]
                    .as_object()
                    .map(|responses| {
                        responses
                            .iter()
                            .map(|(status, response)| {
                                (
                                    status.clone(),
                                    text(&response["description"]),
                                    schema_name(&response["content"]["application/json"]["schema"]),
                                )
                            })
                            .collect()
                    })
                    .unwrap_or_default();
                operations.push(Operation {
                    method: method.to_uppercase(),
                    path: path.clone(),
                    summary,
                    parameters,
                    body,
                    responses,
                });
            }
        }
    }
    let shapes = document["components"]["schemas"]
        .as_object()
        .map(|schemas| {
            schemas
                .iter()
                .map(|(name, schema)| Shape {
                    name: name.clone(),
                    fields: schema["properties"]
                        .as_object()
                        .map(|properties| {
                            properties
                                .iter()
                                .map(|(field, property)| {
                                    (
                                        field.clone(),
                                        type_name(property),
                                        text(&property["description"]),
                                    )
                                })
                                .collect()
                        })
                        .unwrap_or_default(),
                })
                .collect()
        })
        .unwrap_or_default();
    render(&DocsPage {
        description: text(&document["info"]["description"]),
        operations,
        shapes,
    })
}

/// The name of the shape a schema refers to, `[Shape]` for an array of them.
fn schema_name(schema: &Value) -> Option<String> {
    if !schema.is_object() {
        return None;
    }
    if let Some(reference) = schema["$ref"].as_str() {
        return reference.rsplit('/').next().map(str::to_owned);
    }
    schema_name(&schema["items"]).map(|name| format!("[{name}]"))
}

/// A property's type as read: `string`, `string | null`, `[FactJson]`, `PersonRefJson`.
fn type_name(property: &Value) -> String {
    if let Some(name) = schema_name(property) {
        return name;
    }
    if let Some(one_of) = property["oneOf"].as_array() {
        return one_of.iter().map(type_name).collect::<Vec<_>>().join(" | ");
    }
    match &property["type"] {
        Value::String(kind) if kind == "array" => format!("[{}]", type_name(&property["items"])),
        Value::String(kind) => kind.clone(),
        Value::Array(kinds) => kinds
            .iter()
            .filter_map(Value::as_str)
            .collect::<Vec<_>>()
            .join(" | "),
        _ => "any".to_owned(),
    }
}
