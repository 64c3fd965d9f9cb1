//! Swagger 2.0: rewrite a 2.0 document as the OpenAPI 3.0.3 document that means the same.
//!
//! 2.0 and 3.0 differ mostly in where things live: `definitions` become
//! `components/schemas`, a body or form parameter becomes the operation's
//! `requestBody`, a response's `schema` goes under each media type the operation
//! `produces`, and a parameter's type keywords move into its `schema`. Each move is
//! recorded in the [`SourceMap`], so that a problem the later phases find in a moved
//! node is reported at the line the user wrote it on in the 2.0 file.
//!
//! Nothing is validated here beyond what the rewrite needs: a node that is wrong in
//! 2.0 is carried over as it is, and the OpenAPI 3.0 check that follows reports it at
//! its original place.

use std::path::Path;
use std::sync::Arc;

use serde_json::{json, Map, Value};

use crate::diagnostics::{push_pointer_token, Diagnostic};
use crate::document::origin::SourceMap;
use crate::document::METHODS;

/// The media type of bodies when neither the operation nor the document says one.
const DEFAULT_MEDIA_TYPE: &str = "application/json";

/// Schemas nested deeper than this are carried over without rewriting their
/// descendants, so that no document can make the rewrite recurse without bound.
const MAX_SCHEMA_DEPTH: usize = 200;

/// The keywords of a 2.0 parameter, header or items object that describe its value,
/// which OpenAPI 3.0 keeps in a `schema`.
const VALUE_KEYWORDS: &[&str] = &[
    "type",
    "format",
    "items",
    "default",
    "maximum",
    "exclusiveMaximum",
    "minimum",
    "exclusiveMinimum",
    "maxLength",
    "minLength",
    "pattern",
    "maxItems",
    "minItems",
    "uniqueItems",
    "enum",
    "multipleOf",
];

/// Rewrites the Swagger 2.0 document `raw`, read from `path`, as OpenAPI 3.0.3.
pub fn upgrade(path: &Path, raw: &mut Value, origins: &mut SourceMap) -> Result<(), Diagnostic> {
    let Value::Object(document) = std::mem::take(raw) else {
        // `version` refuses a document that is not a mapping before this runs.
        return Ok(());
    };
    let file: Arc<Path> = Arc::from(path);
    let mut upgrader = Upgrader {
        file,
        origins,
        consumes: media_types(&document, "consumes", path, "")?,
        produces: media_types(&document, "produces", path, "")?,
        shared_parameters: document
            .get("parameters")
            .and_then(Value::as_object)
            .cloned()
            .unwrap_or_default(),
    };
    *raw = Value::Object(upgrader.document(document)?);
    Ok(())
}

/// The state of one document's rewrite.
struct Upgrader<'o> {
    /// The 2.0 file, for the source map and diagnostics.
    file: Arc<Path>,
    /// Where moved nodes came from.
    origins: &'o mut SourceMap,
    /// The document's `consumes`, empty when it gives none.
    consumes: Vec<String>,
    /// The document's `produces`, empty when it gives none.
    produces: Vec<String>,
    /// The document's shared `parameters`, as written, so that an operation's
    /// reference to a body or form parameter can be turned into its request body.
    shared_parameters: Map<String, Value>,
}

/// An operation's body parameter or form fields, while its parameters are split.
#[derive(Default, Clone)]
struct Payload {
    /// The `in: body` parameter and the pointer it was written at, or the name of
    /// the shared body parameter it references.
    body: Option<Body>,
    /// The `in: formData` parameters and the pointers they were written at.
    form: Vec<(Map<String, Value>, String)>,
}

/// A body parameter, given in place or by reference.
#[derive(Clone)]
enum Body {
    /// Written in the operation (or path item), at the pointer given.
    Inline(Map<String, Value>, String),
    /// `$ref: '#/parameters/<name>'`, written at the pointer given.
    Shared(String, String),
}

impl Upgrader<'_> {
    /// Records that the node now at `new` was written at `old` in the 2.0 file.
    fn moved(&mut self, new: &str, old: &str) {
        if new != old {
            self.origins.record(new, &self.file, old);
        }
    }

    /// Records that the `$ref` of the node now at `new` (written at `old`) was
    /// `written` and is now `rewritten`, for messages to quote what the user wrote.
    fn rewrote(&mut self, new: &str, old: &str, written: &str, rewritten: &str) {
        self.origins.record_reference(
            format!("{new}/$ref"),
            &format!("{old}/$ref"),
            written,
            rewritten,
        );
    }

    /// The whole document: the 3.0 top level, with the 2.0 parts rewritten.
    fn document(&mut self, document: Map<String, Value>) -> Result<Map<String, Value>, Diagnostic> {
        let mut upgraded = Map::new();
        upgraded.insert("openapi".into(), json!("3.0.3"));
        self.moved("/openapi", "/swagger");
        if let Some(info) = document.get("info") {
            upgraded.insert("info".into(), info.clone());
        }
        if let Some((servers, from)) = servers(&document, &self.file)? {
            upgraded.insert("servers".into(), servers);
            self.moved("/servers", from);
        }
        let mut components = Map::new();
        let mut paths = None;
        for (key, value) in document {
            match key.as_str() {
                "swagger" | "info" | "host" | "basePath" | "schemes" | "consumes" | "produces" => {}
                "paths" => paths = Some(self.paths(value)?),
                "definitions" => {
                    components.insert("schemas".into(), self.definitions(value));
                    self.moved("/components/schemas", "/definitions");
                }
                "parameters" => self.parameters(value, &mut components)?,
                "responses" => {
                    components.insert("responses".into(), self.shared_responses(value));
                    self.moved("/components/responses", "/responses");
                }
                "securityDefinitions" => {
                    components.insert("securitySchemes".into(), security_schemes(value));
                    self.moved("/components/securitySchemes", "/securityDefinitions");
                }
                // `tags`, `security`, `externalDocs` and extensions mean the same in
                // 3.0; anything else is left for the 3.0 check to judge.
                _ => {
                    upgraded.insert(key, value);
                }
            }
        }
        if let Some(paths) = paths {
            upgraded.insert("paths".into(), paths);
        }
        if !components.is_empty() {
            upgraded.insert("components".into(), Value::Object(components));
        }
        Ok(upgraded)
    }

    // ---- components ----

    /// `definitions`, as the schemas of `components`.
    fn definitions(&mut self, definitions: Value) -> Value {
        let Value::Object(definitions) = definitions else {
            return definitions;
        };
        let mut schemas = Map::new();
        for (name, mut schema) in definitions {
            let mut at = String::from("/components/schemas");
            push_pointer_token(&mut at, &name);
            let mut old = String::from("/definitions");
            push_pointer_token(&mut old, &name);
            self.schema(&mut schema, &at, &old, 0);
            schemas.insert(name, schema);
        }
        Value::Object(schemas)
    }

    /// Shared parameters: body ones become request bodies, form fields are inlined
    /// into each operation that uses them, the others stay parameters.
    fn parameters(
        &mut self,
        parameters: Value,
        components: &mut Map<String, Value>,
    ) -> Result<(), Diagnostic> {
        let Value::Object(parameters) = parameters else {
            components.insert("parameters".into(), parameters);
            return Ok(());
        };
        let mut plain = Map::new();
        let mut bodies = Map::new();
        for (name, parameter) in parameters {
            let mut old = String::from("/parameters");
            push_pointer_token(&mut old, &name);
            match location(&parameter) {
                Some("formData") => {}
                Some("body") => {
                    let mut at = String::from("/components/requestBodies");
                    push_pointer_token(&mut at, &name);
                    let media = self.consumes_or_default(&[]);
                    let body = self.request_body(as_map(parameter), &media, &at, &old);
                    bodies.insert(name, body);
                }
                _ => {
                    let mut at = String::from("/components/parameters");
                    push_pointer_token(&mut at, &name);
                    self.moved(&at, &old);
                    let parameter = self.parameter(parameter, &at, &old)?;
                    plain.insert(name, parameter);
                }
            }
        }
        if !plain.is_empty() {
            components.insert("parameters".into(), Value::Object(plain));
        }
        if !bodies.is_empty() {
            components.insert("requestBodies".into(), Value::Object(bodies));
        }
        Ok(())
    }

    /// Shared `responses`, with the document's `produces` as their media types.
    fn shared_responses(&mut self, responses: Value) -> Value {
        let Value::Object(responses) = responses else {
            return responses;
        };
        let media = self.produces_or_default(&[]);
        let mut upgraded = Map::new();
        for (name, response) in responses {
            let mut at = String::from("/components/responses");
            push_pointer_token(&mut at, &name);
            let mut old = String::from("/responses");
            push_pointer_token(&mut old, &name);
            let response = self.response(response, &media, &at, &old);
            upgraded.insert(name, response);
        }
        Value::Object(upgraded)
    }

    // ---- paths and operations ----

    /// `paths`, each path item rewritten.
    fn paths(&mut self, paths: Value) -> Result<Value, Diagnostic> {
        let Value::Object(paths) = paths else {
            return Ok(paths);
        };
        let mut upgraded = Map::new();
        for (template, item) in paths {
            let mut at = String::from("/paths");
            push_pointer_token(&mut at, &template);
            let item = match item {
                Value::Object(item) => Value::Object(self.path_item(item, &at)?),
                other => other,
            };
            upgraded.insert(template, item);
        }
        Ok(Value::Object(upgraded))
    }

    /// A path item: its own parameters are split like an operation's, and its body
    /// and form parameters go to each of its operations.
    fn path_item(
        &mut self,
        item: Map<String, Value>,
        at: &str,
    ) -> Result<Map<String, Value>, Diagnostic> {
        let mut inherited = Payload::default();
        let mut upgraded = Map::new();
        if let Some(parameters) = item.get("parameters") {
            let (parameters, payload) =
                self.split_parameters(parameters.clone(), &format!("{at}/parameters"))?;
            upgraded.insert("parameters".into(), parameters);
            inherited = payload;
        }
        for (key, value) in item {
            if key == "parameters" {
                continue;
            }
            let value = match value {
                Value::Object(operation) if METHODS.contains(&key.as_str()) => {
                    let mut op_at = at.to_owned();
                    push_pointer_token(&mut op_at, &key);
                    Value::Object(self.operation(operation, &inherited, &op_at)?)
                }
                other => other,
            };
            upgraded.insert(key, value);
        }
        Ok(upgraded)
    }

    /// An operation: its parameters split, its responses given content, and its body
    /// or form parameters (its own, else its path item's) as its request body.
    fn operation(
        &mut self,
        operation: Map<String, Value>,
        inherited: &Payload,
        at: &str,
    ) -> Result<Map<String, Value>, Diagnostic> {
        let consumes = media_types(&operation, "consumes", &self.file, at)?;
        let produces = media_types(&operation, "produces", &self.file, at)?;
        let mut payload = inherited.clone();
        let mut upgraded = Map::new();
        for (key, value) in operation {
            match key.as_str() {
                "consumes" | "produces" | "schemes" => {}
                "parameters" => {
                    let (parameters, own) =
                        self.split_parameters(value, &format!("{at}/parameters"))?;
                    upgraded.insert(key, parameters);
                    payload.body = own.body.or(payload.body);
                    for (field, written_at) in own.form {
                        let name = field.get("name").cloned();
                        payload.form.retain(|(f, _)| f.get("name") != name.as_ref());
                        payload.form.push((field, written_at));
                    }
                }
                "responses" => {
                    let media = self.produces_or_default(&produces);
                    let responses = self.responses(value, &media, &format!("{at}/responses"));
                    upgraded.insert(key, responses);
                }
                _ => {
                    upgraded.insert(key, value);
                }
            }
        }
        let body_at = format!("{at}/requestBody");
        if let Some(body) = self.operation_body(payload, &consumes, &body_at)? {
            upgraded.insert("requestBody".into(), body);
        }
        Ok(upgraded)
    }

    /// The request body of an operation: its body parameter, else its form fields.
    fn operation_body(
        &mut self,
        payload: Payload,
        consumes: &[String],
        at: &str,
    ) -> Result<Option<Value>, Diagnostic> {
        let media = self.consumes_or_default(consumes);
        let body = match payload.body {
            Some(Body::Inline(parameter, old)) => self.request_body(parameter, &media, at, &old),
            // The shared body's media types are the document's; an operation that
            // says its own gets its own copy.
            Some(Body::Shared(name, old)) if consumes.is_empty() || *consumes == self.consumes => {
                self.moved(at, &old);
                let mut reference = String::from("#/components/requestBodies");
                push_pointer_token(&mut reference, &name);
                json!({ "$ref": reference })
            }
            Some(Body::Shared(name, _)) => {
                let parameter = as_map(
                    self.shared_parameters
                        .get(&name)
                        .cloned()
                        .unwrap_or_default(),
                );
                let mut old = String::from("/parameters");
                push_pointer_token(&mut old, &name);
                self.request_body(parameter, &media, at, &old)
            }
            None if payload.form.is_empty() => return Ok(None),
            None => self.form_body(payload.form, consumes, at)?,
        };
        Ok(Some(body))
    }

    /// Splits a 2.0 parameter list into the 3.0 parameters and the body or form
    /// fields, recording where each kept parameter was.
    fn split_parameters(&mut self, list: Value, at: &str) -> Result<(Value, Payload), Diagnostic> {
        let Value::Array(list) = list else {
            return Ok((list, Payload::default()));
        };
        let mut kept = Vec::new();
        let mut payload = Payload::default();
        for (index, parameter) in list.into_iter().enumerate() {
            let old = format!("{at}/{index}");
            let shared = shared_name(&parameter);
            let written = match &shared {
                Some(name) => self.shared_parameters.get(name),
                None => Some(&parameter),
            };
            let place = location(written.unwrap_or(&Value::Null));
            if place == Some("body") && payload.body.is_some() {
                return Err(invalid(
                    &self.file,
                    &old,
                    "in",
                    "a second `in: body` parameter: an operation has one body at most".into(),
                ));
            }
            match (place, shared) {
                (Some("body"), Some(name)) => payload.body = Some(Body::Shared(name, old)),
                (Some("body"), None) => payload.body = Some(Body::Inline(as_map(parameter), old)),
                (Some("formData"), Some(name)) => {
                    let field = as_map(written.cloned().unwrap_or_default());
                    let mut field_at = String::from("/parameters");
                    push_pointer_token(&mut field_at, &name);
                    payload.form.push((field, field_at));
                }
                (Some("formData"), None) => payload.form.push((as_map(parameter), old)),
                _ => {
                    let new = format!("{at}/{}", kept.len());
                    self.moved(&new, &old);
                    kept.push(self.parameter(parameter, &new, &old)?);
                }
            }
        }
        if let (Some(Body::Inline(_, old) | Body::Shared(_, old)), false) =
            (&payload.body, payload.form.is_empty())
        {
            return Err(invalid(
                &self.file,
                old,
                "in",
                "`in: body` beside `in: formData` parameters: an operation sends one or the other"
                    .into(),
            ));
        }
        Ok((Value::Array(kept), payload))
    }

    // ---- parameters and bodies ----

    /// A path, query, header (or unknown) parameter: its value keywords move into a
    /// `schema` and its `collectionFormat` becomes a style.
    fn parameter(&mut self, parameter: Value, at: &str, old: &str) -> Result<Value, Diagnostic> {
        let Value::Object(mut parameter) = parameter else {
            return Ok(parameter);
        };
        if let Some(Value::String(reference)) = parameter.get_mut("$ref") {
            let written = std::mem::take(reference);
            *reference = self.rewrite_ref(&written);
            self.rewrote(at, old, &written, reference);
            return Ok(Value::Object(parameter));
        }
        if parameter.get("type").and_then(Value::as_str) == Some("file") {
            return Err(invalid(
                &self.file,
                old,
                "type",
                "`type: file` is only for `in: formData` parameters".into(),
            ));
        }
        let in_query = location_of_map(&parameter) == Some("query");
        let style = collection_style(&parameter, in_query, &self.file, old)?;
        parameter.remove("collectionFormat");
        let schema_at = format!("{at}/schema");
        match value_schema(&mut parameter) {
            Some(mut schema) => {
                self.moved(&schema_at, old);
                self.schema(&mut schema, &schema_at, old, 0);
                parameter.insert("schema".into(), schema);
            }
            // A parameter with a `schema` (not 2.0, but written) keeps it, rewritten.
            None => {
                if let Some(schema) = parameter.get_mut("schema") {
                    self.schema(schema, &schema_at, &format!("{old}/schema"), 0);
                }
            }
        }
        if let Some(example) = parameter.remove("x-example") {
            parameter.insert("example".into(), example);
        }
        if let Some((style, explode)) = style {
            parameter.insert("style".into(), json!(style));
            parameter.insert("explode".into(), json!(explode));
        }
        Ok(Value::Object(parameter))
    }

    /// A body parameter as a request body with `media` as its media types.
    fn request_body(
        &mut self,
        mut parameter: Map<String, Value>,
        media: &[String],
        at: &str,
        old: &str,
    ) -> Value {
        self.moved(at, old);
        let schema = parameter.remove("schema");
        let mut content = Map::new();
        for media_type in media {
            let mut entry = Map::new();
            if let Some(mut schema) = schema.clone() {
                let schema_at = media_pointer(at, media_type, "schema");
                let old_schema = format!("{old}/schema");
                self.moved(&schema_at, &old_schema);
                self.schema(&mut schema, &schema_at, &old_schema, 0);
                entry.insert("schema".into(), schema);
            }
            content.insert(media_type.clone(), Value::Object(entry));
        }
        let mut body = Map::new();
        for (key, value) in parameter {
            if matches!(key.as_str(), "description" | "required") || key.starts_with("x-") {
                body.insert(key, value);
            }
        }
        body.insert("content".into(), Value::Object(content));
        Value::Object(body)
    }

    /// Form fields as one object schema, sent as multipart when a field is a file or
    /// the operation consumes multipart, else URL-encoded.
    fn form_body(
        &mut self,
        fields: Vec<(Map<String, Value>, String)>,
        consumes: &[String],
        at: &str,
    ) -> Result<Value, Diagnostic> {
        let consumes = match consumes.is_empty() {
            true => self.consumes.clone(),
            false => consumes.to_vec(),
        };
        let has_file = fields
            .iter()
            .any(|(field, _)| field.get("type").and_then(Value::as_str) == Some("file"));
        let media_type = match has_file || consumes.iter().any(|m| m == "multipart/form-data") {
            true => "multipart/form-data",
            false => "application/x-www-form-urlencoded",
        };
        // The body and its object schema stand for the form fields: a problem with
        // either is shown at the first field.
        let schema_at = media_pointer(at, media_type, "schema");
        if let Some((_, first)) = fields.first() {
            let first = first.clone();
            self.moved(at, &first);
            self.moved(&schema_at, &first);
        }
        let mut properties = Map::new();
        let mut required = Vec::new();
        let mut encoding = Map::new();
        for (mut field, old) in fields {
            let Some(name) = field.get("name").and_then(Value::as_str).map(str::to_owned) else {
                continue;
            };
            if field.get("required") == Some(&Value::Bool(true)) {
                required.push(json!(name));
            }
            // A URL-encoded list field is written as a query parameter's would be;
            // multipart sends each value as a part whatever the format says.
            let style = collection_style(&field, true, &self.file, &old)?;
            if let (Some((style, explode)), false) = (style, has_multipart(media_type)) {
                encoding.insert(name.clone(), json!({ "style": style, "explode": explode }));
            }
            let mut property_at = format!("{schema_at}/properties");
            push_pointer_token(&mut property_at, &name);
            let mut schema = value_schema(&mut field).unwrap_or_else(|| json!({}));
            if let (Some(description), Value::Object(schema)) =
                (field.remove("description"), &mut schema)
            {
                schema.insert("description".into(), description);
            }
            self.moved(&property_at, &old);
            self.schema(&mut schema, &property_at, &old, 0);
            properties.insert(name, schema);
        }
        let mut schema = Map::new();
        schema.insert("type".into(), json!("object"));
        schema.insert("properties".into(), Value::Object(properties));
        if !required.is_empty() {
            schema.insert("required".into(), Value::Array(required));
        }
        let mut media = Map::new();
        media.insert("schema".into(), Value::Object(schema));
        if !encoding.is_empty() {
            media.insert("encoding".into(), Value::Object(encoding));
        }
        let mut body = Map::new();
        // A form whose fields are all optional may be left out.
        if media["schema"].get("required").is_some() {
            body.insert("required".into(), json!(true));
        }
        body.insert(
            "content".into(),
            json!({ media_type: Value::Object(media) }),
        );
        Ok(Value::Object(body))
    }

    // ---- responses ----

    /// An operation's responses; extensions among them are left as they are.
    fn responses(&mut self, responses: Value, media: &[String], at: &str) -> Value {
        let Value::Object(responses) = responses else {
            return responses;
        };
        let mut upgraded = Map::new();
        for (status, response) in responses {
            let mut response_at = at.to_owned();
            push_pointer_token(&mut response_at, &status);
            let response = match status.starts_with("x-") {
                true => response,
                false => self.response(response, media, &response_at, &response_at),
            };
            upgraded.insert(status, response);
        }
        Value::Object(upgraded)
    }

    /// A response: its `schema` goes under each media type of `media`, its
    /// `examples` under their own media types, and its headers get schemas.
    fn response(&mut self, response: Value, media: &[String], at: &str, old: &str) -> Value {
        let Value::Object(mut response) = response else {
            return response;
        };
        if let Some(Value::String(reference)) = response.get_mut("$ref") {
            let written = std::mem::take(reference);
            *reference = self.rewrite_ref(&written);
            self.rewrote(at, old, &written, reference);
            return Value::Object(response);
        }
        let schema = response.remove("schema");
        let examples = response.remove("examples");
        let mut content = Map::new();
        if let Some(schema) = &schema {
            for media_type in media {
                let entry = self.media_schema(schema, media_type, at, old);
                content.insert(media_type.clone(), entry);
            }
        }
        if let Some(Value::Object(examples)) = examples {
            for (media_type, example) in examples {
                if !content.contains_key(&media_type) {
                    let entry = match &schema {
                        Some(schema) => self.media_schema(schema, &media_type, at, old),
                        None => json!({}),
                    };
                    content.insert(media_type.clone(), entry);
                }
                let example_at = media_pointer(at, &media_type, "example");
                let mut example_old = format!("{old}/examples");
                push_pointer_token(&mut example_old, &media_type);
                self.moved(&example_at, &example_old);
                if let Some(Value::Object(entry)) = content.get_mut(&media_type) {
                    entry.insert("example".into(), example);
                }
            }
        }
        if let Some(Value::Object(headers)) = response.get_mut("headers") {
            for (name, header) in headers.iter_mut() {
                let mut header_at = format!("{at}/headers");
                push_pointer_token(&mut header_at, name);
                let mut header_old = format!("{old}/headers");
                push_pointer_token(&mut header_old, name);
                self.header(header, &header_at, &header_old);
            }
        }
        self.moved(at, old);
        if !content.is_empty() {
            response.insert("content".into(), Value::Object(content));
        }
        Value::Object(response)
    }

    /// The media type object of a response's `schema` under `media_type`.
    fn media_schema(&mut self, schema: &Value, media_type: &str, at: &str, old: &str) -> Value {
        let mut schema = schema.clone();
        let schema_at = media_pointer(at, media_type, "schema");
        let schema_old = format!("{old}/schema");
        self.moved(&schema_at, &schema_old);
        self.schema(&mut schema, &schema_at, &schema_old, 0);
        json!({ "schema": schema })
    }

    /// A 2.0 header has its type keywords directly; 3.0 keeps them in a `schema`.
    fn header(&mut self, header: &mut Value, at: &str, old: &str) {
        let Value::Object(header) = header else {
            return;
        };
        header.remove("collectionFormat");
        if let Some(mut schema) = value_schema(header) {
            let schema_at = format!("{at}/schema");
            self.moved(&schema_at, old);
            self.schema(&mut schema, &schema_at, old, 0);
            header.insert("schema".into(), schema);
        }
    }

    // ---- schemas ----

    /// Rewrites a schema in place: references, `type: file`, `x-nullable` and a
    /// string `discriminator`, then its subschemas. `at` is where it now is and
    /// `old` where it was written, for the nodes the rewrite adds.
    fn schema(&mut self, schema: &mut Value, at: &str, old: &str, depth: usize) {
        let Value::Object(map) = schema else {
            return;
        };
        if depth > MAX_SCHEMA_DEPTH {
            return;
        }
        if let Some(Value::String(reference)) = map.get_mut("$ref") {
            let written = std::mem::take(reference);
            *reference = self.rewrite_ref(&written);
            self.rewrote(at, old, &written, reference);
        }
        if map.get("type").and_then(Value::as_str) == Some("file") {
            map.insert("type".into(), json!("string"));
            map.insert("format".into(), json!("binary"));
        }
        if let Some(Value::String(property)) = map.get("discriminator") {
            let discriminator = json!({ "propertyName": property });
            map.insert("discriminator".into(), discriminator);
        }
        match map.remove("x-nullable") {
            // A nullable reference is `allOf: [$ref]` beside `nullable` in 3.0, which
            // ignores the siblings of a `$ref`.
            Some(Value::Bool(true)) if map.contains_key("$ref") => {
                let reference = map.remove("$ref").unwrap_or_default();
                map.insert("allOf".into(), json!([{ "$ref": reference }]));
                map.insert("nullable".into(), json!(true));
                self.moved(&format!("{at}/allOf/0/$ref"), &format!("{old}/$ref"));
                self.moved(&format!("{at}/nullable"), &format!("{old}/x-nullable"));
                return;
            }
            Some(Value::Bool(nullable)) => {
                map.insert("nullable".into(), json!(nullable));
                self.moved(&format!("{at}/nullable"), &format!("{old}/x-nullable"));
            }
            Some(other) => {
                map.insert("x-nullable".into(), other);
            }
            None => {}
        }
        for (keyword, child) in map.iter_mut() {
            match (keyword.as_str(), child) {
                ("properties", Value::Object(properties)) => {
                    for (name, property) in properties.iter_mut() {
                        let mut tail = String::from("/properties");
                        push_pointer_token(&mut tail, name);
                        self.subschema(property, at, old, &tail, depth);
                    }
                }
                ("allOf" | "anyOf" | "oneOf" | "items", Value::Array(members)) => {
                    for (index, member) in members.iter_mut().enumerate() {
                        let tail = format!("/{keyword}/{index}");
                        self.subschema(member, at, old, &tail, depth);
                    }
                }
                ("items" | "additionalProperties" | "not", child) => {
                    self.subschema(child, at, old, &format!("/{keyword}"), depth);
                }
                _ => {}
            }
        }
    }

    /// Rewrites the subschema at `tail` below a schema now at `at`, written at `old`.
    fn subschema(&mut self, child: &mut Value, at: &str, old: &str, tail: &str, depth: usize) {
        self.schema(
            child,
            &format!("{at}{tail}"),
            &format!("{old}{tail}"),
            depth + 1,
        );
    }

    /// A local reference to a 2.0 location, pointed at the place 3.0 keeps it.
    fn rewrite_ref(&self, reference: &str) -> String {
        if let Some(rest) = reference.strip_prefix("#/definitions/") {
            return format!("#/components/schemas/{rest}");
        }
        if let Some(rest) = reference.strip_prefix("#/responses/") {
            return format!("#/components/responses/{rest}");
        }
        if let Some(rest) = reference.strip_prefix("#/parameters/") {
            let name = rest.split('/').next().unwrap_or(rest);
            let name = crate::diagnostics::unescape_pointer_token(name);
            let kind = match self.shared_parameters.get(&name).and_then(location) {
                Some("body") => "requestBodies",
                _ => "parameters",
            };
            return format!("#/components/{kind}/{rest}");
        }
        reference.to_owned()
    }

    fn consumes_or_default(&self, own: &[String]) -> Vec<String> {
        or_default(own, &self.consumes)
    }

    fn produces_or_default(&self, own: &[String]) -> Vec<String> {
        or_default(own, &self.produces)
    }
}

/// The operation's own media types, else the document's, else JSON.
fn or_default(own: &[String], document: &[String]) -> Vec<String> {
    let chosen = if own.is_empty() { document } else { own };
    match chosen.is_empty() {
        true => vec![DEFAULT_MEDIA_TYPE.to_owned()],
        false => chosen.to_vec(),
    }
}

/// The pointer of `field` of the media type `media_type` under `at`'s `content`.
fn media_pointer(at: &str, media_type: &str, field: &str) -> String {
    let mut pointer = format!("{at}/content");
    push_pointer_token(&mut pointer, media_type);
    pointer.push('/');
    pointer.push_str(field);
    pointer
}

/// The name of the shared parameter `parameter` references, if it is
/// `$ref: '#/parameters/<name>'`.
fn shared_name(parameter: &Value) -> Option<String> {
    let reference = parameter.get("$ref")?.as_str()?;
    let name = reference.strip_prefix("#/parameters/")?;
    (!name.contains('/')).then(|| crate::diagnostics::unescape_pointer_token(name))
}

/// A parameter's `in`.
fn location(parameter: &Value) -> Option<&str> {
    parameter.get("in")?.as_str()
}

/// The `in` of a parameter given as its map.
fn location_of_map(parameter: &Map<String, Value>) -> Option<&str> {
    parameter.get("in")?.as_str()
}

/// Whether `media_type` is multipart, whose parts carry no list style.
fn has_multipart(media_type: &str) -> bool {
    media_type.starts_with("multipart/")
}

/// The object inside `value`, or an empty one when it is not an object (the 3.0
/// check then reports what is missing).
fn as_map(value: Value) -> Map<String, Value> {
    match value {
        Value::Object(map) => map,
        _ => Map::new(),
    }
}

/// Takes the value keywords out of a 2.0 parameter, header or items object as a
/// schema, or `None` when it has none (a body parameter, a reference).
fn value_schema(owner: &mut Map<String, Value>) -> Option<Value> {
    if !owner.contains_key("type") {
        return None;
    }
    let mut schema = Map::new();
    for keyword in VALUE_KEYWORDS {
        if let Some(value) = owner.remove(*keyword) {
            schema.insert((*keyword).to_owned(), value);
        }
    }
    if let Some(nullable) = owner.remove("x-nullable") {
        schema.insert("x-nullable".into(), nullable);
    }
    // Nested items are 2.0 items objects: their `collectionFormat` has no 3.0 form
    // inside a schema, and the rest is schema already.
    let mut items = schema.get_mut("items");
    let mut depth = 0;
    while let Some(Value::Object(inner)) = items {
        inner.remove("collectionFormat");
        depth += 1;
        if depth > MAX_SCHEMA_DEPTH {
            break;
        }
        items = inner.get_mut("items");
    }
    Some(Value::Object(schema))
}

/// The 3.0 `style` and `explode` of an array parameter's `collectionFormat`, or
/// `None` when its location's default style is the one meant. `tsv` and the
/// formats 3.0 has no style for in a location are refused.
fn collection_style(
    parameter: &Map<String, Value>,
    in_query: bool,
    file: &Path,
    at: &str,
) -> Result<Option<(&'static str, bool)>, Diagnostic> {
    if parameter.get("type").and_then(Value::as_str) != Some("array") {
        return Ok(None);
    }
    let format = match parameter.get("collectionFormat") {
        None => "csv",
        Some(Value::String(format)) => format.as_str(),
        Some(other) => {
            return Err(invalid(
                file,
                at,
                "collectionFormat",
                format!("`collectionFormat` is {other}, not one of csv, ssv, tsv, pipes, multi"),
            ))
        }
    };
    match (format, in_query) {
        ("csv", true) => Ok(Some(("form", false))),
        ("multi", true) => Ok(Some(("form", true))),
        ("ssv", true) => Ok(Some(("spaceDelimited", false))),
        ("pipes", true) => Ok(Some(("pipeDelimited", false))),
        ("csv", false) => Ok(None),
        ("tsv", _) => Err(unexpressible(file, at, "tab-separated (`tsv`) lists have no OpenAPI 3.0 style")),
        ("ssv" | "pipes" | "multi", false) => Err(unexpressible(
            file,
            at,
            &format!("`collectionFormat: {format}` is only expressible in OpenAPI 3.0 for query parameters"),
        )),
        (other, _) => Err(invalid(
            file,
            at,
            "collectionFormat",
            format!("`collectionFormat: {other}` is not one of csv, ssv, tsv, pipes, multi"),
        )),
    }
}

/// The refusal of a collection format that OpenAPI 3.0 cannot say.
fn unexpressible(file: &Path, at: &str, why: &str) -> Diagnostic {
    Diagnostic::error(
        "unsupported-collection-format",
        file,
        format!("{at}/collectionFormat"),
        format!("this parameter cannot be sent as the spec says: {why}"),
    )
    .with_hint("use `collectionFormat: csv` (or `multi` for a query parameter), which every client can send")
}

/// The error for a 2.0 field whose value is not of the shape 2.0 gives it.
fn invalid(file: &Path, at: &str, field: &str, message: String) -> Diagnostic {
    Diagnostic::error(
        "invalid-openapi",
        file,
        format!("{at}/{field}"),
        format!("the document is not valid Swagger 2.0 here: {message}"),
    )
    .with_hint("fix the field so it matches the Swagger 2.0 specification")
}

/// The media types listed under `field` (`consumes` or `produces`) of `owner`, at
/// `at`; empty when there is no such field.
fn media_types(
    owner: &Map<String, Value>,
    field: &str,
    file: &Path,
    at: &str,
) -> Result<Vec<String>, Diagnostic> {
    let Some(list) = owner.get(field) else {
        return Ok(Vec::new());
    };
    let strings = list.as_array().and_then(|list| {
        list.iter()
            .map(|m| m.as_str().map(str::to_owned))
            .collect::<Option<Vec<_>>>()
    });
    strings.ok_or_else(|| {
        invalid(
            file,
            at,
            field,
            format!("`{field}` is {list}, not a list of strings"),
        )
    })
}

/// `servers` from `host`, `basePath` and `schemes`, and the field it came from; `None`
/// when the document gives neither a host nor a base path (3.0 then means `/`).
fn servers(
    document: &Map<String, Value>,
    file: &Path,
) -> Result<Option<(Value, &'static str)>, Diagnostic> {
    let text = |field: &str| -> Result<Option<&str>, Diagnostic> {
        match document.get(field) {
            None => Ok(None),
            Some(Value::String(value)) => Ok(Some(value.as_str())),
            Some(other) => Err(invalid(
                file,
                "",
                field,
                format!("`{field}` is {other}, not a string"),
            )),
        }
    };
    let host = text("host")?;
    let base = text("basePath")?.unwrap_or("");
    // Glued to the host, a base path without its `/` would name another host.
    if !base.is_empty() && !base.starts_with('/') {
        return Err(invalid(
            file,
            "",
            "basePath",
            format!("`basePath: {base}` does not start with `/`"),
        ));
    }
    if let Some(host) = host.filter(|h| h.contains('/') || h.contains('?') || h.contains('#')) {
        return Err(invalid(
            file,
            "",
            "host",
            format!("`host: {host}` holds more than a host name and port (a scheme or a path)"),
        )
        .with_hint("give the host alone in `host` (`api.example.com:8443`), the scheme in `schemes` and the path in `basePath`"));
    }
    let base = base.trim_end_matches('/');
    let schemes = media_types(document, "schemes", file, "")?;
    let Some(host) = host.filter(|h| !h.is_empty()) else {
        return Ok((!base.is_empty()).then(|| (json!([{ "url": base }]), "/basePath")));
    };
    // The first server is the client's default: HTTPS when the API offers it.
    let mut schemes: Vec<&String> = schemes
        .iter()
        .filter(|scheme| matches!(scheme.as_str(), "http" | "https"))
        .collect();
    schemes.sort_by_key(|scheme| scheme.as_str() != "https");
    let mut urls: Vec<String> = schemes
        .iter()
        .map(|scheme| format!("{scheme}://{host}{base}"))
        .collect();
    if urls.is_empty() {
        urls.push(format!("https://{host}{base}"));
    }
    let servers = urls.into_iter().map(|url| json!({ "url": url })).collect();
    Ok(Some((Value::Array(servers), "/host")))
}

/// `securityDefinitions` as 3.0 security schemes.
fn security_schemes(definitions: Value) -> Value {
    let Value::Object(definitions) = definitions else {
        return definitions;
    };
    let schemes = definitions
        .into_iter()
        .map(|(name, scheme)| (name, security_scheme(scheme)))
        .collect();
    Value::Object(schemes)
}

/// One security definition: `basic` is HTTP basic, `apiKey` stays, and an `oauth2`
/// flow is renamed and given its URLs and scopes. An unknown type is left for the
/// 3.0 check to report.
fn security_scheme(scheme: Value) -> Value {
    let Value::Object(mut scheme) = scheme else {
        return scheme;
    };
    match scheme.get("type").and_then(Value::as_str) {
        Some("basic") => {
            scheme.insert("type".into(), json!("http"));
            scheme.insert("scheme".into(), json!("basic"));
        }
        Some("oauth2") => {
            let flow = scheme.remove("flow");
            let mut settings = Map::new();
            for field in ["authorizationUrl", "tokenUrl"] {
                if let Some(url) = scheme.remove(field) {
                    settings.insert(field.into(), url);
                }
            }
            let scopes = scheme.remove("scopes").unwrap_or_else(|| json!({}));
            settings.insert("scopes".into(), scopes);
            let flow = match flow.as_ref().and_then(Value::as_str) {
                Some("implicit") => "implicit",
                Some("password") => "password",
                Some("application") => "clientCredentials",
                Some("accessCode") => "authorizationCode",
                // Without a flow 3.0 has nothing to put the URLs in; an empty `flows`
                // is reported by the 3.0 check where the scheme was written.
                _ => return Value::Object(scheme),
            };
            scheme.insert("flows".into(), json!({ flow: Value::Object(settings) }));
        }
        _ => {}
    }
    Value::Object(scheme)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn upgraded(document: Value) -> (Value, SourceMap) {
        let mut raw = document;
        let mut origins = SourceMap::default();
        upgrade(Path::new("api.yaml"), &mut raw, &mut origins).unwrap();
        (raw, origins)
    }

    fn origin(origins: &SourceMap, pointer: &str) -> String {
        origins
            .origin(pointer)
            .map_or_else(|| pointer.to_owned(), |(_, p)| p)
    }

    #[test]
    fn definitions_become_schemas_and_their_references_follow() {
        let (raw, origins) = upgraded(json!({
            "swagger": "2.0",
            "info": {"title": "t", "version": "1"},
            "paths": {},
            "definitions": {
                "Pet": {
                    "type": "object",
                    "discriminator": "kind",
                    "properties": {
                        "owner": {"$ref": "#/definitions/Owner", "x-nullable": true},
                        "photo": {"type": "file"},
                        "age": {"type": "integer", "x-nullable": true}
                    }
                },
                "Owner": {"type": "object"}
            }
        }));
        assert_eq!(raw["openapi"], "3.0.3");
        assert!(raw.get("swagger").is_none() && raw.get("definitions").is_none());
        let pet = &raw["components"]["schemas"]["Pet"];
        assert_eq!(pet["discriminator"], json!({"propertyName": "kind"}));
        assert_eq!(
            pet["properties"]["owner"],
            json!({"allOf": [{"$ref": "#/components/schemas/Owner"}], "nullable": true})
        );
        assert_eq!(
            pet["properties"]["photo"],
            json!({"type": "string", "format": "binary"})
        );
        assert_eq!(pet["properties"]["age"]["nullable"], true);
        assert_eq!(
            origin(&origins, "/components/schemas/Pet/properties/age"),
            "/definitions/Pet/properties/age"
        );
        assert_eq!(
            origin(
                &origins,
                "/components/schemas/Pet/properties/owner/allOf/0/$ref"
            ),
            "/definitions/Pet/properties/owner/$ref"
        );
    }

    #[test]
    fn body_and_form_parameters_become_request_bodies() {
        let (raw, origins) = upgraded(json!({
            "swagger": "2.0",
            "info": {"title": "t", "version": "1"},
            "consumes": ["application/xml"],
            "parameters": {
                "Shared": {"name": "b", "in": "body", "schema": {"$ref": "#/definitions/Pet"}},
                "Limit": {"name": "limit", "in": "query", "type": "integer", "format": "int32"}
            },
            "paths": {
                "/pets": {
                    "post": {
                        "consumes": ["application/json"],
                        "parameters": [
                            {"$ref": "#/parameters/Limit"},
                            {"name": "pet", "in": "body", "required": true,
                             "schema": {"$ref": "#/definitions/Pet"}},
                            {"name": "tag", "in": "query", "type": "array",
                             "items": {"type": "string"}, "collectionFormat": "pipes"}
                        ],
                        "responses": {}
                    },
                    "put": {"parameters": [{"$ref": "#/parameters/Shared"}], "responses": {}}
                },
                "/photos": {
                    "post": {
                        "parameters": [
                            {"name": "file", "in": "formData", "type": "file", "required": true},
                            {"name": "note", "in": "formData", "type": "string", "description": "d"}
                        ],
                        "responses": {}
                    }
                }
            }
        }));
        let post = &raw["paths"]["/pets"]["post"];
        assert_eq!(
            post["requestBody"],
            json!({"required": true, "content": {"application/json":
                {"schema": {"$ref": "#/components/schemas/Pet"}}}})
        );
        assert_eq!(
            post["parameters"][0],
            json!({"$ref": "#/components/parameters/Limit"})
        );
        let tag = &post["parameters"][1];
        assert_eq!(tag["style"], "pipeDelimited");
        assert_eq!(
            tag["schema"],
            json!({"type": "array", "items": {"type": "string"}})
        );
        assert_eq!(
            origin(&origins, "/paths/~1pets/post/parameters/1/schema/items"),
            "/paths/~1pets/post/parameters/2/items"
        );
        assert_eq!(
            origin(
                &origins,
                "/paths/~1pets/post/requestBody/content/application~1json/schema"
            ),
            "/paths/~1pets/post/parameters/1/schema"
        );
        assert_eq!(
            raw["paths"]["/pets"]["put"]["requestBody"],
            json!({"$ref": "#/components/requestBodies/Shared"})
        );
        assert!(
            raw["components"]["requestBodies"]["Shared"]["content"]["application/xml"].is_object()
        );
        assert_eq!(
            raw["components"]["parameters"]["Limit"]["schema"],
            json!({"type": "integer", "format": "int32"})
        );
        assert_eq!(
            origin(&origins, "/components/parameters/Limit"),
            "/parameters/Limit"
        );
        assert_eq!(
            origin(&origins, "/components/requestBodies/Shared"),
            "/parameters/Shared"
        );
        let form = &raw["paths"]["/photos"]["post"]["requestBody"];
        let schema = &form["content"]["multipart/form-data"]["schema"];
        assert_eq!(schema["required"], json!(["file"]));
        assert_eq!(
            schema["properties"]["file"],
            json!({"type": "string", "format": "binary"})
        );
        assert_eq!(
            schema["properties"]["note"],
            json!({"type": "string", "description": "d"})
        );
        assert_eq!(
            origin(
                &origins,
                "/paths/~1photos/post/requestBody/content/multipart~1form-data/schema/properties/note"
            ),
            "/paths/~1photos/post/parameters/1"
        );
    }

    #[test]
    fn url_encoded_list_fields_get_an_encoding_and_path_level_fields_reach_operations() {
        let (raw, origins) = upgraded(json!({
            "swagger": "2.0",
            "info": {"title": "t", "version": "1"},
            "paths": {"/tags": {
                "parameters": [{"name": "owner", "in": "formData", "type": "string"}],
                "post": {
                    "parameters": [
                        {"name": "tags", "in": "formData", "type": "array",
                         "items": {"type": "string"}, "collectionFormat": "multi"},
                        {"name": "ids", "in": "formData", "type": "array",
                         "items": {"type": "integer"}}
                    ],
                    "responses": {}
                }
            }}
        }));
        let form = &raw["paths"]["/tags"]["post"]["requestBody"]["content"]
            ["application/x-www-form-urlencoded"];
        assert_eq!(
            form["encoding"],
            json!({"tags": {"style": "form", "explode": true},
                   "ids": {"style": "form", "explode": false}})
        );
        let properties = form["schema"]["properties"].as_object().unwrap();
        assert_eq!(
            properties.keys().collect::<Vec<_>>(),
            ["owner", "tags", "ids"]
        );
        assert!(raw["paths"]["/tags"]["parameters"]
            .as_array()
            .unwrap()
            .is_empty());
        assert_eq!(
            origin(
                &origins,
                "/paths/~1tags/post/requestBody/content/application~1x-www-form-urlencoded/schema/properties/owner"
            ),
            "/paths/~1tags/parameters/0"
        );
    }

    #[test]
    fn a_field_of_the_wrong_shape_is_refused_at_its_pointer() {
        let mut raw = json!({
            "swagger": "2.0",
            "info": {"title": "t", "version": "1"},
            "paths": {"/a": {"get": {"produces": "application/json", "responses": {}}}}
        });
        let refused =
            upgrade(Path::new("api.yaml"), &mut raw, &mut SourceMap::default()).unwrap_err();
        assert_eq!(refused.rule, "invalid-openapi");
        assert_eq!(refused.pointer, "/paths/~1a/get/produces");
        assert!(
            refused.message.contains("Swagger 2.0"),
            "{}",
            refused.message
        );
    }

    #[test]
    fn collection_formats_become_styles_and_tsv_is_refused() {
        let style = |format: &str, location: &str| {
            let parameter = json!({"in": location, "type": "array", "collectionFormat": format});
            let parameter = parameter.as_object().unwrap();
            collection_style(parameter, location == "query", Path::new("a"), "/p")
        };
        assert_eq!(style("csv", "query").unwrap(), Some(("form", false)));
        assert_eq!(style("multi", "query").unwrap(), Some(("form", true)));
        assert_eq!(
            style("ssv", "query").unwrap(),
            Some(("spaceDelimited", false))
        );
        assert_eq!(style("csv", "header").unwrap(), None);
        let refused = style("tsv", "query").unwrap_err();
        assert_eq!(refused.rule, "unsupported-collection-format");
        assert_eq!(refused.pointer, "/p/collectionFormat");
        assert_eq!(
            style("pipes", "path").unwrap_err().rule,
            "unsupported-collection-format"
        );
    }

    #[test]
    fn a_body_is_one_and_alone_and_a_file_only_a_form_field() {
        let refused = |parameters: Value| {
            let mut raw = json!({
                "swagger": "2.0",
                "info": {"title": "t", "version": "1"},
                "paths": {"/a": {"post": {"parameters": parameters,
                    "responses": {"200": {"description": "ok"}}}}}
            });
            upgrade(Path::new("a.yaml"), &mut raw, &mut SourceMap::default())
                .expect_err("refused")
                .pointer
        };
        let body = |name: &str| json!({"name": name, "in": "body", "schema": {"type": "string"}});
        assert_eq!(
            refused(json!([body("a"), body("b")])),
            "/paths/~1a/post/parameters/1/in"
        );
        assert_eq!(
            refused(json!([body("a"), {"name": "f", "in": "formData", "type": "string"}])),
            "/paths/~1a/post/parameters/0/in"
        );
        assert_eq!(
            refused(json!([{"name": "f", "in": "query", "type": "file"}])),
            "/paths/~1a/post/parameters/0/type"
        );
    }

    #[test]
    fn responses_get_content_per_produced_media_type() {
        let (raw, origins) = upgraded(json!({
            "swagger": "2.0",
            "info": {"title": "t", "version": "1"},
            "paths": {"/a": {"get": {
                "produces": ["application/json", "text/plain"],
                "responses": {
                    "200": {
                        "description": "ok",
                        "schema": {"type": "string"},
                        "headers": {"X-Rate": {"type": "integer", "description": "r"}},
                        "examples": {"application/json": "hi"}
                    },
                    "default": {"$ref": "#/responses/Error"}
                }
            }}},
            "responses": {"Error": {"description": "e", "schema": {"type": "file"}}}
        }));
        let ok = &raw["paths"]["/a"]["get"]["responses"]["200"];
        assert_eq!(
            ok["content"]["application/json"]["schema"],
            json!({"type": "string"})
        );
        assert_eq!(ok["content"]["application/json"]["example"], "hi");
        assert!(ok["content"]["text/plain"].is_object());
        assert_eq!(
            ok["headers"]["X-Rate"],
            json!({"description": "r", "schema": {"type": "integer"}})
        );
        assert_eq!(
            raw["paths"]["/a"]["get"]["responses"]["default"],
            json!({"$ref": "#/components/responses/Error"})
        );
        assert_eq!(
            raw["components"]["responses"]["Error"]["content"]["application/json"]["schema"],
            json!({"type": "string", "format": "binary"})
        );
        assert_eq!(
            origin(
                &origins,
                "/paths/~1a/get/responses/200/content/text~1plain/schema"
            ),
            "/paths/~1a/get/responses/200/schema"
        );
    }

    #[test]
    fn servers_come_from_host_base_path_and_schemes() {
        let document = |fields: Value| fields.as_object().unwrap().clone();
        let (servers_of, from) = servers(
            &document(json!({"host": "h.io", "basePath": "/v1/", "schemes": ["http", "https"]})),
            Path::new("a"),
        )
        .unwrap()
        .unwrap();
        assert_eq!(
            servers_of,
            json!([{"url": "https://h.io/v1"}, {"url": "http://h.io/v1"}]),
            "HTTPS first, as the default"
        );
        assert_eq!(from, "/host");
        for (fields, field) in [
            (json!({"host": "h.io", "basePath": "v2"}), "/basePath"),
            (json!({"host": "https://h.io"}), "/host"),
            (json!({"host": "h.io/v1"}), "/host"),
        ] {
            let refused = servers(&document(fields), Path::new("a")).unwrap_err();
            assert_eq!(refused.pointer, field, "{refused}");
        }
        let (relative, from) = servers(&document(json!({"basePath": "/v2"})), Path::new("a"))
            .unwrap()
            .unwrap();
        assert_eq!(relative, json!([{"url": "/v2"}]));
        assert_eq!(from, "/basePath");
        assert!(servers(&document(json!({})), Path::new("a"))
            .unwrap()
            .is_none());
    }

    #[test]
    fn security_definitions_become_schemes() {
        let scheme = |definition: Value| security_scheme(definition);
        assert_eq!(
            scheme(json!({"type": "basic", "description": "d"})),
            json!({"type": "http", "scheme": "basic", "description": "d"})
        );
        assert_eq!(
            scheme(json!({"type": "apiKey", "name": "X-Key", "in": "header"})),
            json!({"type": "apiKey", "name": "X-Key", "in": "header"})
        );
        assert_eq!(
            scheme(
                json!({"type": "oauth2", "flow": "accessCode", "authorizationUrl": "https://a",
                "tokenUrl": "https://t", "scopes": {"read": "r"}})
            ),
            json!({"type": "oauth2", "flows": {"authorizationCode": {"authorizationUrl": "https://a",
                "tokenUrl": "https://t", "scopes": {"read": "r"}}}})
        );
        assert_eq!(
            scheme(json!({"type": "oauth2", "flow": "application", "tokenUrl": "https://t"})),
            json!({"type": "oauth2", "flows": {"clientCredentials": {"tokenUrl": "https://t", "scopes": {}}}})
        );
    }
}
