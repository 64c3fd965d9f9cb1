//! The structural rules of OpenAPI 3.1 and 3.2 that typing the upgraded document as
//! OpenAPI 3.0 would not see: fields that 3.0 does not have (so `openapiv3` ignores
//! them) or combinations the OAS JSON Schema forbids. Each refusal names the field.

use std::path::Path;

use serde_json::{Map, Value};

use super::walk::{self, Part, Visitor, FIXED_METHODS};
use super::SpecVersion;
use crate::diagnostics::{one_of, push_pointer_token, Diagnostic};
use crate::front::Refused;

/// The rule id of every refusal made here: the document breaks its own version's
/// specification.
const RULE: &str = "invalid-openapi";

/// Checks the structure of a 3.1 or 3.2 document before it is upgraded, reporting
/// every part that breaks a rule (the first rule each breaks), not only the first part.
pub(crate) fn check(path: &Path, raw: &mut Value, version: SpecVersion) -> Result<(), Refused> {
    let mut collecting = Collecting {
        checker: Checker { path, version },
        refused: Refused::default(),
    };
    if let Err(error) = top_level(path, raw, version) {
        collecting.refused.push(error);
    }
    // The walk itself stops only on what it cannot walk (nesting too deep).
    if let Err(error) = walk::document(raw, &mut collecting) {
        collecting.refused.push(error);
    }
    collecting.refused.or_ok(())
}

/// The [`Checker`] as a visitor that notes each part's refusal and goes on walking, so
/// that one run lists every broken part.
struct Collecting<'p> {
    checker: Checker<'p>,
    refused: Refused,
}

impl Visitor for Collecting<'_> {
    fn enter(&mut self, part: Part, node: &mut Value, at: &str) -> Result<(), Diagnostic> {
        if let Err(error) = self.checker.enter(part, node, at) {
            self.refused.push(error);
        }
        Ok(())
    }
}

/// The top-level fields each version defines, besides extensions.
fn top_level(path: &Path, raw: &Value, version: SpecVersion) -> Result<(), Diagnostic> {
    let Some(root) = raw.as_object() else {
        return Ok(());
    };
    let mut known = vec![
        "openapi",
        "info",
        "jsonSchemaDialect",
        "servers",
        "paths",
        "webhooks",
        "components",
        "security",
        "tags",
        "externalDocs",
    ];
    if version == SpecVersion::OpenApi32 {
        known.push("$self");
    }
    if let Some(unknown) = root
        .keys()
        .find(|key| !key.starts_with("x-") && !known.contains(&key.as_str()))
    {
        let mut at = String::new();
        push_pointer_token(&mut at, unknown);
        return Err(refusal(
            path,
            at,
            format!(
                "`{unknown}` is not a field of an {} document",
                version.name()
            ),
            format!("remove `{unknown}`, or rename it `x-{unknown}` to keep it as an extension"),
        ));
    }
    if !["paths", "components", "webhooks"]
        .iter()
        .any(|key| root.contains_key(*key))
    {
        return Err(refusal(
            path,
            "",
            format!(
                "an {} document needs at least one of `paths`, `components` or `webhooks`",
                version.name()
            ),
            "add `paths: {}` (or the components or webhooks the document is meant to hold)",
        ));
    }
    if let Some(servers) = root.get("servers") {
        if !servers.is_array() {
            return Err(list_expected(path, "/servers"));
        }
    }
    Ok(())
}

fn refusal(
    path: &Path,
    at: impl Into<String>,
    message: impl Into<String>,
    hint: impl Into<String>,
) -> Diagnostic {
    Diagnostic::error(RULE, path, at, message).with_hint(hint)
}

fn list_expected(path: &Path, at: &str) -> Diagnostic {
    refusal(
        path,
        at,
        "`servers` is a mapping, but it must be a list of Server Objects",
        "write each server as an item of a list: `servers: [{url: ...}]`",
    )
}

struct Checker<'p> {
    path: &'p Path,
    version: SpecVersion,
}

impl Checker<'_> {
    /// Refuses `second` beside `first` in `object`.
    fn exclusive(
        &self,
        object: &Map<String, Value>,
        at: &str,
        first: &str,
        second: &str,
        what: &str,
    ) -> Result<(), Diagnostic> {
        if object.contains_key(first) && object.contains_key(second) {
            let mut field = at.to_owned();
            push_pointer_token(&mut field, second);
            return Err(refusal(
                self.path,
                field,
                format!("{what} has both `{first}` and `{second}`, which exclude each other"),
                format!("keep `{first}` or `{second}`, not both"),
            ));
        }
        Ok(())
    }

    fn schema(&self, node: &Value, at: &str) -> Result<(), Diagnostic> {
        let object = match node {
            Value::Bool(_) => return Ok(()),
            Value::Object(object) => object,
            other => {
                return Err(refusal(
                    self.path,
                    at,
                    format!("a Schema Object must be a mapping or a boolean, not `{other}`"),
                    "write the schema as a mapping (`{}` accepts any value)",
                ))
            }
        };
        if let Some(Value::Object(xml)) = object.get("xml") {
            let xml_at = format!("{at}/xml");
            self.exclusive(xml, &xml_at, "nodeType", "attribute", "this XML Object")?;
            self.exclusive(xml, &xml_at, "nodeType", "wrapped", "this XML Object")?;
        }
        if let Some(types) = object.get("type") {
            self.schema_type(types, &format!("{at}/type"))?;
        }
        if object.get("examples").is_some_and(|e| !e.is_array()) {
            return Err(refusal(
                self.path,
                format!("{at}/examples"),
                format!(
                    "a schema's `examples` is a list of example values in {}, not {}",
                    self.version.name(),
                    described(&object["examples"])
                ),
                "write `examples: [value, ...]`; named Example Objects belong in the `examples` of a media type, parameter or header",
            ));
        }
        for (exclusive, inclusive) in [
            ("exclusiveMinimum", "minimum"),
            ("exclusiveMaximum", "maximum"),
        ] {
            self.exclusive_bound(object, at, exclusive, inclusive)?;
        }
        Ok(())
    }

    /// A schema's `type`: one of the JSON Schema type names, or a non-empty list of
    /// them with none named twice.
    fn schema_type(&self, types: &Value, at: &str) -> Result<(), Diagnostic> {
        let list = match types {
            Value::String(name) => return self.type_name(name, at),
            Value::Array(list) => list,
            other => {
                return Err(refusal(
                    self.path,
                    at,
                    format!(
                        "`type` is a type name or a list of them, not {}",
                        described(other)
                    ),
                    format!("write one of {}, or a list of them", one_of(JSON_TYPES)),
                ))
            }
        };
        if list.is_empty() {
            return Err(refusal(
                self.path,
                at,
                "`type` is an empty list, which no value matches",
                "list the types the value may have, or remove `type` to accept any value",
            ));
        }
        for (index, member) in list.iter().enumerate() {
            let member_at = format!("{at}/{index}");
            let Value::String(name) = member else {
                return Err(refusal(
                    self.path,
                    member_at,
                    format!("a `type` list holds type names, not {}", described(member)),
                    format!("write each member as one of {}", one_of(JSON_TYPES)),
                ));
            };
            self.type_name(name, &member_at)?;
            if list[..index].contains(member) {
                return Err(refusal(
                    self.path,
                    member_at,
                    format!("`{name}` is named twice in this `type` list"),
                    format!("list `{name}` once"),
                ));
            }
        }
        Ok(())
    }

    fn type_name(&self, name: &str, at: &str) -> Result<(), Diagnostic> {
        if JSON_TYPES.contains(&name) {
            return Ok(());
        }
        Err(refusal(
            self.path,
            at,
            format!(
                "`{name}` is not a type a schema can have in {}",
                self.version.name()
            ),
            format!("write one of {}", one_of(JSON_TYPES)),
        ))
    }

    /// In 3.1 and 3.2 an exclusive bound is the number itself; 3.0's boolean beside
    /// `minimum` or `maximum` is refused with the form to write instead.
    fn exclusive_bound(
        &self,
        object: &Map<String, Value>,
        at: &str,
        exclusive: &str,
        inclusive: &str,
    ) -> Result<(), Diagnostic> {
        let Some(flag) = object.get(exclusive).filter(|v| !v.is_number()) else {
            return Ok(());
        };
        let bound = object.get(inclusive).filter(|v| v.is_number());
        let hint = match (flag, bound) {
            (Value::Bool(true), Some(bound)) => format!(
                "write `{exclusive}: {bound}` instead of `{inclusive}: {bound}, {exclusive}: true`"
            ),
            (Value::Bool(false), _) => {
                format!("remove `{exclusive}: false`: `{inclusive}` alone is an inclusive bound")
            }
            _ => {
                let side = if inclusive == "minimum" {
                    "above"
                } else {
                    "below"
                };
                format!("write the bound as a number: `{exclusive}: 5` for values {side} 5")
            }
        };
        Err(refusal(
            self.path,
            format!("{at}/{exclusive}"),
            format!(
                "in {}, `{exclusive}` is a number (the bound itself), not {}",
                self.version.name(),
                described(flag)
            ),
            hint,
        ))
    }

    /// `allowReserved` is only for values that are percent-encoded: query parameters
    /// in 3.1, and in 3.2 every parameter but headers and `style: cookie` cookies.
    fn allow_reserved(&self, object: &Map<String, Value>, at: &str) -> Result<(), Diagnostic> {
        if !object.contains_key("allowReserved") {
            return Ok(());
        }
        let location = object.get("in").and_then(Value::as_str).unwrap_or("");
        let style = object.get("style").and_then(Value::as_str);
        let allowed = match self.version {
            SpecVersion::OpenApi32 => {
                !(matches!(location, "header" | "")
                    || location == "cookie" && style == Some("cookie"))
            }
            _ => location == "query",
        };
        if allowed {
            return Ok(());
        }
        let whose = match location {
            "" => "a Header Object".to_owned(),
            _ => format!("an `in: {location}` parameter"),
        };
        Err(refusal(
            self.path,
            format!("{at}/allowReserved"),
            format!(
                "`allowReserved` is not allowed on {whose} in {}",
                self.version.name()
            ),
            "remove `allowReserved`: it only applies to values that are percent-encoded",
        ))
    }

    fn parameter(&self, object: &Map<String, Value>, at: &str) -> Result<(), Diagnostic> {
        self.allow_reserved(object, at)?;
        self.exclusive(object, at, "example", "examples", "this parameter")?;
        if self.version != SpecVersion::OpenApi32 {
            return Ok(());
        }
        let location = object.get("in").and_then(Value::as_str);
        let name = object.get("name").and_then(Value::as_str).unwrap_or("");
        if location == Some("querystring")
            && (object.contains_key("schema") || !object.contains_key("content"))
        {
            return Err(refusal(
                    self.path,
                    format!("{at}/in"),
                    "an `in: querystring` parameter is described by `content`, not by `schema`",
                    "give the parameter `content` with one media type (such as `application/x-www-form-urlencoded`) holding the schema",
                ));
        }
        if object.contains_key("content") {
            for field in ["style", "explode", "allowReserved", "schema"] {
                self.exclusive(object, at, "content", field, "this parameter")?;
            }
        }
        let bad_name = match location {
            Some("header") => !crate::document::is_http_token(name),
            Some("path") => name.contains(['{', '}']),
            _ => false,
        };
        if bad_name {
            return Err(refusal(
                self.path,
                format!("{at}/name"),
                format!(
                    "`{name}` is not a valid name for an `in: {}` parameter",
                    location.unwrap_or("")
                ),
                "use the header or path variable name as it appears on the wire",
            ));
        }
        Ok(())
    }

    /// The parameters of an operation (with those of its path item) hold at most one
    /// `in: querystring`, and none beside `in: query` ones.
    fn querystrings(&self, parameters: &[(&Value, String)]) -> Result<(), Diagnostic> {
        let location = |p: &Value| p.get("in").and_then(Value::as_str).map(str::to_owned);
        let strings: Vec<&(&Value, String)> = parameters
            .iter()
            .filter(|(p, _)| location(p).as_deref() == Some("querystring"))
            .collect();
        if strings.len() > 1 {
            return Err(refusal(
                self.path,
                strings[1].1.clone(),
                "a second `in: querystring` parameter: the query string is described once",
                "describe the whole query string in one `in: querystring` parameter",
            ));
        }
        if let (Some(_), Some((_, query))) = (
            strings.first(),
            parameters
                .iter()
                .find(|(p, _)| location(p).as_deref() == Some("query")),
        ) {
            return Err(refusal(
                self.path,
                query.clone(),
                "an `in: query` parameter beside an `in: querystring` one, which already describes the whole query string",
                "move the query parameter into the querystring parameter's schema",
            ));
        }
        Ok(())
    }
}

/// The parameters listed directly (not by `$ref`) under `parameters` of `object`.
fn listed_parameters<'v>(object: &'v Map<String, Value>, at: &str) -> Vec<(&'v Value, String)> {
    object
        .get("parameters")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .enumerate()
        .map(|(index, p)| (p, format!("{at}/parameters/{index}")))
        .collect()
}

/// The type names of JSON Schema 2020-12.
const JSON_TYPES: &[&str] = &[
    "array", "boolean", "integer", "null", "number", "object", "string",
];

/// A value as a message names it: a scalar quoted as written, a mapping or a list
/// (which may be long) by its kind.
fn described(value: &Value) -> String {
    match value {
        Value::Object(_) => "a mapping".to_owned(),
        Value::Array(_) => "a list".to_owned(),
        other => format!("`{other}`"),
    }
}

impl Visitor for Checker<'_> {
    fn enter(&mut self, part: Part, node: &mut Value, at: &str) -> Result<(), Diagnostic> {
        if part == Part::Schema {
            return self.schema(node, at);
        }
        let Value::Object(object) = node else {
            return Ok(());
        };
        if object.contains_key("$ref") {
            return Ok(());
        }
        let is_32 = self.version == SpecVersion::OpenApi32;
        match part {
            Part::Parameter => self.parameter(object, at)?,
            Part::Header => {
                self.allow_reserved(object, at)?;
                self.exclusive(object, at, "example", "examples", "this header")?;
            }
            Part::MediaType => {
                self.exclusive(object, at, "example", "examples", "this media type")?;
                if is_32 {
                    self.exclusive(object, at, "encoding", "prefixEncoding", "this media type")?;
                    self.exclusive(object, at, "encoding", "itemEncoding", "this media type")?;
                }
            }
            Part::Encoding if is_32 => {
                self.exclusive(
                    object,
                    at,
                    "encoding",
                    "prefixEncoding",
                    "this Encoding Object",
                )?;
                self.exclusive(
                    object,
                    at,
                    "encoding",
                    "itemEncoding",
                    "this Encoding Object",
                )?;
            }
            Part::Example => {
                let pairs: &[(&str, &str)] = if is_32 {
                    &[
                        ("value", "externalValue"),
                        ("value", "dataValue"),
                        ("value", "serializedValue"),
                        ("serializedValue", "externalValue"),
                    ]
                } else {
                    &[("value", "externalValue")]
                };
                for (first, second) in pairs {
                    self.exclusive(object, at, first, second, "this Example Object")?;
                }
            }
            Part::Link => {
                let known = [
                    "operationRef",
                    "operationId",
                    "parameters",
                    "requestBody",
                    "description",
                    "server",
                ];
                if let Some(unknown) = object
                    .keys()
                    .find(|k| !k.starts_with("x-") && !known.contains(&k.as_str()))
                {
                    let mut field = at.to_owned();
                    push_pointer_token(&mut field, unknown);
                    return Err(refusal(
                        self.path,
                        field,
                        format!("`{unknown}` is not a field of a Link Object"),
                        "a Link Object has `operationRef` or `operationId`, `parameters`, `requestBody`, `description` and `server`",
                    ));
                }
            }
            Part::Server => {
                let variables = object.get("variables").and_then(Value::as_object);
                for (name, variable) in variables.into_iter().flatten() {
                    if variable
                        .get("enum")
                        .and_then(Value::as_array)
                        .is_some_and(Vec::is_empty)
                    {
                        let mut field = format!("{at}/variables");
                        push_pointer_token(&mut field, name);
                        return Err(refusal(
                            self.path,
                            format!("{field}/enum"),
                            format!("the server variable `{name}` has an empty `enum`, so it can take no value"),
                            "list the values the variable can take, or remove `enum`",
                        ));
                    }
                }
            }
            Part::PathItem => {
                for key in ["servers", "parameters"] {
                    if object.get(key).is_some_and(|v| !v.is_array()) {
                        return Err(refusal(
                            self.path,
                            format!("{at}/{key}"),
                            format!("`{key}` of a path item must be a list"),
                            format!("write `{key}` as a list"),
                        ));
                    }
                }
                if is_32 {
                    self.path_item_32(object, at)?;
                }
            }
            Part::Response if is_32 => {
                let headers = object.get("headers").and_then(Value::as_object);
                if let Some(name) = headers
                    .into_iter()
                    .flatten()
                    .map(|(n, _)| n)
                    .find(|n| !crate::document::is_http_token(n))
                {
                    let mut field = format!("{at}/headers");
                    push_pointer_token(&mut field, name);
                    return Err(refusal(
                        self.path,
                        field,
                        format!("`{name}` is not a valid header name"),
                        "name the header as it appears on the wire: letters, digits and `!#$%&'*+-.^_`|~`",
                    ));
                }
            }
            Part::Operation if is_32 => {
                // The operation's own parameters with those of its path item are
                // checked from the path item; an operation alone is checked here.
                self.querystrings(&listed_parameters(object, at))?;
            }
            _ => {}
        }
        Ok(())
    }
}

impl Checker<'_> {
    fn path_item_32(&self, item: &Map<String, Value>, at: &str) -> Result<(), Diagnostic> {
        let shared = listed_parameters(item, at);
        self.querystrings(&shared)?;
        for method in FIXED_METHODS {
            if let Some(Value::Object(operation)) = item.get(*method) {
                let mut all = shared.clone();
                all.extend(listed_parameters(operation, &format!("{at}/{method}")));
                self.querystrings(&all)?;
            }
        }
        if let Some(Value::Object(additional)) = item.get("additionalOperations") {
            if let Some(bad) = additional
                .keys()
                .find(|k| !crate::document::is_http_token(k))
            {
                let mut field = format!("{at}/additionalOperations");
                push_pointer_token(&mut field, bad);
                return Err(refusal(
                    self.path,
                    field,
                    format!("`{bad}` is not an HTTP method name"),
                    "name the method as it is sent, such as `COPY`: letters, digits and `!#$%&'*+-.^_`|~`",
                ));
            }
            if let Some(fixed) = additional
                .keys()
                .find(|k| FIXED_METHODS.contains(&k.to_ascii_lowercase().as_str()))
            {
                let mut field = format!("{at}/additionalOperations");
                push_pointer_token(&mut field, fixed);
                return Err(refusal(
                    self.path,
                    field,
                    format!("`{fixed}` is a method the path item has a fixed field for, so it cannot be an additional operation"),
                    format!("describe the operation under `{}` instead", fixed.to_ascii_lowercase()),
                ));
            }
        }
        Ok(())
    }
}
