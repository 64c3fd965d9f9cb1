//! Check: the upgraded document against OpenAPI 3.0, part by part, typing its outline
//! ([`check_structure`], the last stage of [`load`](super::load)); and the problems of
//! the whole document, like a dangling `$ref` in a part no operation uses
//! ([`refs`]), which generation and lint both run once the spec is loaded.

pub mod refs;

use std::path::Path;

use indexmap::IndexMap;
use openapiv3::{Info, OpenAPI, ReferenceOr, SecurityRequirement, SecurityScheme, Server, Tag};
use serde_json::Value;

use crate::diagnostics::{escape_pointer_token, Diagnostic};
use crate::document::tree::{Kind, Node, NodeSet, Reader, Tree};
use crate::document::METHODS;

/// The typed parts of a document that are not under `paths` or `components`, and the
/// security schemes.
#[derive(Debug, Clone)]
pub struct Outline {
    /// `info`.
    pub info: Info,
    /// `servers`.
    pub servers: Vec<Server>,
    /// `tags`, in document order.
    pub tags: Vec<Tag>,
    /// The document's default `security`.
    pub security: Option<Vec<SecurityRequirement>>,
    /// `components/securitySchemes`.
    pub security_schemes: IndexMap<String, ReferenceOr<SecurityScheme>>,
}

/// Checks that the document is OpenAPI 3.0, part by part, and types its outline:
/// [`check_schemas`], then [`check_parts`], then [`check_outline`].
pub fn check_structure(path: &Path, raw: &Tree) -> Result<Outline, Diagnostic> {
    let schemas = check_schemas(path, raw)?;
    check_parts(path, raw, &schemas)?;
    check_outline(path, raw)
}

/// The schemas of a document that passed [`check_schemas`].
pub struct CheckedSchemas<'t>(NodeSet<'t>);

/// Checks every schema of the document.
///
/// `openapiv3`'s schemas are untagged enums, which retry every variant at every level
/// when something deep inside is wrong: time exponential in the nesting. So every
/// schema is checked bottom up, children first, and a checked schema reads as `{}`
/// when its parent is checked: the check stops at the innermost bad schema, and each
/// schema's own fields are read once. Once they pass, the path items and components
/// that hold them can be deserialized without that risk.
pub fn check_schemas<'t>(path: &Path, raw: &'t Tree) -> Result<CheckedSchemas<'t>, Diagnostic> {
    let mut checked = NodeSet::default();
    match invalid_schema(raw.root(), &mut checked) {
        Some(BadSchema { found, hint }) => {
            let diagnostic = invalid_openapi(path, found);
            Err(match hint {
                Some(hint) => diagnostic.with_hint(hint),
                None => diagnostic,
            })
        }
        None => Ok(CheckedSchemas(checked)),
    }
}

/// A schema the check refuses: where and why, and what to write instead when the
/// general advice of [`invalid_openapi`] would not say.
struct BadSchema {
    found: Narrowed,
    hint: Option<String>,
}

impl From<Narrowed> for BadSchema {
    fn from(found: Narrowed) -> Self {
        BadSchema { found, hint: None }
    }
}

/// The type names of OpenAPI 3.0's schema object.
const SCHEMA_TYPES: &[&str] = &["array", "boolean", "integer", "number", "object", "string"];

/// A `type` that names no type: `openapiv3` reads such a schema as one of any
/// value, which would hide a typo behind `serde_json::Value`.
fn unknown_type(schema: Node<'_>, at: &str) -> Option<BadSchema> {
    if is_reference(schema) {
        return None;
    }
    let name = schema.get("type")?.as_str()?;
    if SCHEMA_TYPES.contains(&name) {
        return None;
    }
    let names: Vec<String> = SCHEMA_TYPES.iter().map(|t| format!("`{t}`")).collect();
    let (last, others) = names.split_last()?;
    let hint = match name {
        "null" => "write `nullable: true` beside the value's type: OpenAPI 3.0 has no `null` type"
            .to_owned(),
        _ => format!(
            "write one of {} or {last} (a schema without `type` accepts a value of any type)",
            others.join(", ")
        ),
    };
    Some(BadSchema {
        found: (
            format!("{at}/type"),
            format!("`{name}` is not a schema type"),
        ),
        hint: Some(hint),
    })
}

/// Checks each path item and component on its own, its schemas (checked already) read
/// as `{}`, so that an error names the innermost part that is wrong, and no whole
/// typed document is ever held.
pub fn check_parts<'t>(
    path: &Path,
    raw: &'t Tree,
    schemas: &CheckedSchemas<'t>,
) -> Result<(), Diagnostic> {
    match invalid_part(raw.root(), &schemas.0) {
        Some(found) => Err(invalid_openapi(path, found)),
        None => Ok(()),
    }
}

/// Checks and types the document-level parts.
pub fn check_outline(path: &Path, raw: &Tree) -> Result<Outline, Diagnostic> {
    outline(raw.root()).map_err(|found| invalid_openapi(path, found))
}

/// The error for a node that does not deserialize as the OpenAPI type it should be:
/// its pointer and what is wrong there. Lowering uses it too.
pub(crate) fn invalid_openapi(path: &Path, (pointer, message): Narrowed) -> Diagnostic {
    Diagnostic::error(
        "invalid-openapi",
        path,
        pointer,
        format!("the document is not valid OpenAPI 3.0 here: {message}"),
    )
    .with_hint("fix the node so it matches the OpenAPI 3.0 specification")
}

/// The component kinds whose entries the outline leaves to [`invalid_part`].
const PART_KINDS: &[&str] = &[
    "schemas",
    "responses",
    "parameters",
    "requestBodies",
    "headers",
    "examples",
    "links",
    "callbacks",
];

/// Types the document without its path items and components (checked one by one
/// before), keeping the security schemes.
fn outline(root: Node<'_>) -> Result<Outline, Narrowed> {
    let mut top = serde_json::Map::new();
    for (key, node) in root.as_object().into_iter().flat_map(|o| o.iter()) {
        let value = match (key, node.kind()) {
            ("paths", Kind::Object(paths)) => Value::Object(
                paths
                    .iter()
                    .filter(|(path, _)| !path.starts_with('/'))
                    .map(|(key, value)| (key.to_owned(), value.to_json()))
                    .collect(),
            ),
            ("components", Kind::Object(components)) => Value::Object(
                components
                    .iter()
                    .map(|(kind, entries)| {
                        let emptied = PART_KINDS.contains(&kind) && entries.is_object();
                        let value = match emptied {
                            true => Value::Object(serde_json::Map::new()),
                            false => entries.to_json(),
                        };
                        (kind.to_owned(), value)
                    })
                    .collect(),
            ),
            _ => node.to_json(),
        };
        top.insert(key.to_owned(), value);
    }
    let openapi: OpenAPI = serde_path_to_error::deserialize(Value::Object(top))
        .map_err(|error| (path_to_pointer(error.path()), error.inner().to_string()))?;
    Ok(Outline {
        info: openapi.info,
        servers: openapi.servers,
        tags: openapi.tags,
        security: openapi.security,
        security_schemes: openapi
            .components
            .map(|c| c.security_schemes)
            .unwrap_or_default(),
    })
}

/// Where a node fails to deserialize and why: a JSON pointer and a message.
pub(crate) type Narrowed = (String, String);

/// The innermost schema (or `$ref`) in `raw` that does not deserialize, checked children first.
fn invalid_schema<'t>(raw: Node<'t>, checked: &mut NodeSet<'t>) -> Option<BadSchema> {
    let mut roots = SchemaRoots::default();
    for (name, node) in entries(raw.pointer("/components/schemas")) {
        roots.found(
            format!("/components/schemas/{}", escape_pointer_token(name)),
            node,
        );
    }
    roots.document(raw);
    if let Some(too_deep) = roots.too_deep {
        return Some(too_deep.into());
    }
    roots
        .found
        .into_iter()
        .find_map(|(at, node)| check_schema_tree(node, &at, 0, checked))
}

/// How deep schemas may nest before the check stops with an error. The parsers stop
/// at 128 levels of nesting in all, so only an overlay could build a deeper one.
const MAX_SCHEMA_DEPTH: usize = 128;

/// How deep path items may nest through callbacks before the walk stops with an error
/// (rather than leave what is deeper unchecked).
const MAX_CALLBACK_DEPTH: usize = 32;

/// The schemas outside `components/schemas`, found by following the OpenAPI object
/// model (a parameter's, header's or media type's `schema`), never by key names: a
/// parameter may well be named `schema`, and a request body `examples`.
#[derive(Default)]
struct SchemaRoots<'t> {
    found: Vec<(String, Node<'t>)>,
    /// Where callbacks nest too deep to follow, if they do.
    too_deep: Option<Narrowed>,
}

/// Walks one kind of object, given the node and its pointer.
type Walk<'t> = fn(&mut SchemaRoots<'t>, Node<'t>, &str);

impl<'t> SchemaRoots<'t> {
    fn found(&mut self, at: String, node: Node<'t>) {
        self.found.push((at, node));
    }

    fn document(&mut self, root: Node<'t>) {
        let paths = entries(root.get("paths")).filter(|(path, _)| path.starts_with('/'));
        for (path, item) in paths {
            self.path_item(item, &format!("/paths/{}", escape_pointer_token(path)), 0);
        }
        let components = root.get("components");
        let kinds: [(&str, Walk<'t>); 5] = [
            ("responses", Self::response),
            ("parameters", Self::parameter),
            ("requestBodies", Self::request_body),
            ("headers", Self::header),
            ("callbacks", |roots, node, at| roots.callback(node, at, 0)),
        ];
        for (kind, walk) in kinds {
            for (name, node) in entries(components.and_then(|c| c.get(kind))) {
                walk(
                    self,
                    node,
                    &format!("/components/{kind}/{}", escape_pointer_token(name)),
                );
            }
        }
    }

    fn path_item(&mut self, item: Node<'t>, at: &str, depth: usize) {
        if is_reference(item) {
            return;
        }
        self.each(
            item.get("parameters"),
            &format!("{at}/parameters"),
            Self::parameter,
        );
        for method in METHODS {
            let Some(operation) = item.get(method) else {
                continue;
            };
            let at = format!("{at}/{method}");
            self.each(
                operation.get("parameters"),
                &format!("{at}/parameters"),
                Self::parameter,
            );
            if let Some(body) = operation.get("requestBody") {
                self.request_body(body, &format!("{at}/requestBody"));
            }
            for (code, response) in entries(operation.get("responses")) {
                self.response(
                    response,
                    &format!("{at}/responses/{}", escape_pointer_token(code)),
                );
            }
            for (name, callback) in entries(operation.get("callbacks")) {
                let at = format!("{at}/callbacks/{}", escape_pointer_token(name));
                self.callback(callback, &at, depth + 1);
            }
        }
    }

    fn callback(&mut self, callback: Node<'t>, at: &str, depth: usize) {
        if depth > MAX_CALLBACK_DEPTH {
            // Left unchecked, what is deeper could be read slowly later: refuse it instead.
            let message = format!("callbacks nest more than {MAX_CALLBACK_DEPTH} levels deep here");
            self.too_deep.get_or_insert((at.to_owned(), message));
            return;
        }
        for (expression, item) in entries(Some(callback)).filter(|_| !is_reference(callback)) {
            self.path_item(
                item,
                &format!("{at}/{}", escape_pointer_token(expression)),
                depth,
            );
        }
    }

    fn each(&mut self, list: Option<Node<'t>>, at: &str, walk: Walk<'t>) {
        for (index, node) in list
            .and_then(Node::as_array)
            .into_iter()
            .flat_map(|a| a.iter())
            .enumerate()
        {
            walk(self, node, &format!("{at}/{index}"));
        }
    }

    fn request_body(&mut self, body: Node<'t>, at: &str) {
        if !is_reference(body) {
            self.content(body, at);
        }
    }

    fn response(&mut self, response: Node<'t>, at: &str) {
        if is_reference(response) {
            return;
        }
        for (name, header) in entries(response.get("headers")) {
            self.header(
                header,
                &format!("{at}/headers/{}", escape_pointer_token(name)),
            );
        }
        self.content(response, at);
    }

    /// A parameter or a header: a `schema`, or `content`.
    fn parameter(&mut self, parameter: Node<'t>, at: &str) {
        if is_reference(parameter) {
            return;
        }
        if let Some(schema) = parameter.get("schema") {
            self.found(format!("{at}/schema"), schema);
        }
        self.content(parameter, at);
    }

    fn header(&mut self, header: Node<'t>, at: &str) {
        self.parameter(header, at);
    }

    /// The media types of the `content` of `holder`, with their encodings' headers.
    fn content(&mut self, holder: Node<'t>, at: &str) {
        for (media, media_type) in entries(holder.get("content")) {
            let at = format!("{at}/content/{}", escape_pointer_token(media));
            if let Some(schema) = media_type.get("schema") {
                self.found(format!("{at}/schema"), schema);
            }
            for (property, encoding) in entries(media_type.get("encoding")) {
                let at = format!("{at}/encoding/{}", escape_pointer_token(property));
                for (name, header) in entries(encoding.get("headers")) {
                    self.header(
                        header,
                        &format!("{at}/headers/{}", escape_pointer_token(name)),
                    );
                }
            }
        }
    }
}

/// Whether `node` is a reference: `openapiv3` reads a string `$ref` as one, and its
/// target is checked where it stands.
fn is_reference(node: Node<'_>) -> bool {
    node.get("$ref").is_some_and(Node::is_string)
}

/// Checks the schemas inside `node` first, then `node` itself.
fn check_schema_tree<'t>(
    node: Node<'t>,
    at: &str,
    depth: usize,
    checked: &mut NodeSet<'t>,
) -> Option<BadSchema> {
    if depth > MAX_SCHEMA_DEPTH {
        // Left unchecked, a deeper schema could be read slowly later: refuse it instead.
        let message = format!("schemas nest more than {MAX_SCHEMA_DEPTH} levels deep here");
        return Some((at.to_owned(), message).into());
    }
    if let Some(map) = node.as_object().filter(|_| !is_reference(node)) {
        for (key, child) in map.iter() {
            // Pointers are built only for the keys that hold schemas.
            let child_at = || format!("{at}/{}", escape_pointer_token(key));
            let found = match (key, child.kind()) {
                ("properties", Kind::Object(properties)) => {
                    let child_at = child_at();
                    properties.iter().find_map(|(name, property)| {
                        check_schema_tree(
                            property,
                            &format!("{child_at}/{}", escape_pointer_token(name)),
                            depth + 1,
                            checked,
                        )
                    })
                }
                ("allOf" | "oneOf" | "anyOf", Kind::Array(members)) => {
                    let child_at = child_at();
                    members.iter().enumerate().find_map(|(index, member)| {
                        let member_at = format!("{child_at}/{index}");
                        check_schema_tree(member, &member_at, depth + 1, checked)
                    })
                }
                ("items" | "not" | "additionalProperties", Kind::Object(_)) => {
                    check_schema_tree(child, &child_at(), depth + 1, checked)
                }
                _ => None,
            };
            if found.is_some() {
                return found;
            }
        }
    }
    let found = reference_or::<openapiv3::Schema>(node, at, checked)
        .map(BadSchema::from)
        .or_else(|| unknown_type(node, at));
    checked.insert(node);
    found
}

/// Checks one component, given the node, its pointer and the schemas checked already.
type ComponentCheck<'t> = fn(Node<'t>, &str, &NodeSet<'t>) -> Option<Narrowed>;

/// Finds the innermost node of the paths and components that does not deserialize,
/// checking them piece by piece, the `checked` schemas read as `{}`: the pointer and
/// what is wrong there. (Component schemas were checked by [`invalid_schema`].)
fn invalid_part<'t>(raw: Node<'t>, checked: &NodeSet<'t>) -> Option<Narrowed> {
    let path_items = entries(raw.get("paths")).filter(|(path, _)| path.starts_with('/'));
    for (path, item) in path_items {
        if is_reference(item) {
            continue;
        }
        let item_at = format!("/paths/{}", escape_pointer_token(path));
        // With every schema checked, a path item is read whole once; only a bad one is
        // taken apart, for the innermost place that is wrong.
        let whole = invalid_as::<openapiv3::PathItem>(item.stubbing(checked), &item_at);
        if whole.is_none() {
            continue;
        }
        let found = each_item::<openapiv3::Parameter>(
            item.get("parameters"),
            &format!("{item_at}/parameters"),
            checked,
        )
        .or_else(|| {
            METHODS.iter().find_map(|method| {
                let operation = item.get(method)?;
                narrow_operation(operation, &format!("{item_at}/{method}"), checked)
            })
        })
        .or(whole);
        if found.is_some() {
            return found;
        }
    }
    let components = raw.get("components");
    let kinds: [(&str, ComponentCheck<'t>); 8] = [
        ("responses", reference_or::<openapiv3::Response>),
        ("parameters", reference_or::<openapiv3::Parameter>),
        ("requestBodies", reference_or::<openapiv3::RequestBody>),
        ("headers", reference_or::<openapiv3::Header>),
        ("securitySchemes", reference_or::<openapiv3::SecurityScheme>),
        ("examples", reference_or::<openapiv3::Example>),
        ("links", reference_or::<openapiv3::Link>),
        ("callbacks", reference_or::<openapiv3::Callback>),
    ];
    for (kind, check) in kinds {
        for (name, node) in entries(components.and_then(|c| c.get(kind))) {
            let at = format!("/components/{kind}/{}", escape_pointer_token(name));
            if let Some(found) = check(node, &at, checked) {
                return Some(found);
            }
        }
    }
    None
}

/// The entries of a mapping node, or none.
fn entries(node: Option<Node<'_>>) -> impl Iterator<Item = (&str, Node<'_>)> {
    node.and_then(Node::as_object)
        .into_iter()
        .flat_map(|object| object.iter())
}

fn narrow_operation<'t>(operation: Node<'t>, at: &str, checked: &NodeSet<'t>) -> Option<Narrowed> {
    let parameters = operation.get("parameters");
    each_item::<openapiv3::Parameter>(parameters, &format!("{at}/parameters"), checked)
        .or_else(|| {
            operation.get("requestBody").and_then(|b| {
                reference_or::<openapiv3::RequestBody>(b, &format!("{at}/requestBody"), checked)
            })
        })
        .or_else(|| {
            let responses = operation.get("responses")?.as_object()?;
            responses.iter().find_map(|(code, response)| {
                reference_or::<openapiv3::Response>(
                    response,
                    &format!("{at}/responses/{}", escape_pointer_token(code)),
                    checked,
                )
            })
        })
        .or_else(|| invalid_as::<openapiv3::Operation>(operation.stubbing(checked), at))
}

fn each_item<'t, T: serde::de::DeserializeOwned>(
    list: Option<Node<'t>>,
    at: &str,
    checked: &NodeSet<'t>,
) -> Option<Narrowed> {
    let items = list?.as_array()?;
    items
        .iter()
        .enumerate()
        .find_map(|(index, item)| reference_or::<T>(item, &format!("{at}/{index}"), checked))
}

/// Checks a node that may be a `$ref` or a `T`, the `checked` schemas read as `{}`.
fn reference_or<'t, T: serde::de::DeserializeOwned>(
    node: Node<'t>,
    at: &str,
    checked: &NodeSet<'t>,
) -> Option<Narrowed> {
    if is_reference(node) {
        return None;
    }
    invalid_as::<T>(node.stubbing(checked), at)
}

/// Where and why `node` fails to deserialize as `T`, if it does. Tracking the path
/// costs time on every node, so it is done only for a node that fails.
fn invalid_as<T: serde::de::DeserializeOwned>(node: Reader<'_>, at: &str) -> Option<Narrowed> {
    T::deserialize(node).err()?;
    serde_path_to_error::deserialize::<_, T>(node)
        .err()
        .map(|error| {
            (
                format!("{at}{}", path_to_pointer(error.path())),
                error.inner().to_string(),
            )
        })
}

fn path_to_pointer(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut pointer = String::new();
    for segment in path.iter() {
        match segment {
            Segment::Seq { index } => pointer.push_str(&format!("/{index}")),
            Segment::Map { key } => {
                pointer.push('/');
                pointer.push_str(&escape_pointer_token(key));
            }
            Segment::Enum { variant } => {
                pointer.push('/');
                pointer.push_str(&escape_pointer_token(variant));
            }
            Segment::Unknown => {}
        }
    }
    pointer
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::front::{load_str, read::parse_tree};
    use serde_json::json;

    #[test]
    fn a_byte_order_mark_opens_yaml_as_it_opens_json() {
        let yaml = "\u{feff}openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\n";
        let json = "\u{feff}{\"openapi\": \"3.0.3\", \"info\": {\"title\": \"t\", \"version\": \"1\"}, \"paths\": {}}";
        for (name, text) in [("a.yaml", yaml), ("a.json", json)] {
            let spec = load_str(Path::new(name), text).expect(name);
            assert_eq!(spec.outline.info.title, "t", "{name}");
        }
    }

    /// A spec with these paths and components.
    fn spec_with(paths: Value, components: Value) -> String {
        json!({"openapi": "3.0.3", "info": {"title": "t", "version": "1"},
            "paths": paths, "components": components})
        .to_string()
    }

    /// A schema with a bad node (`type` holding an object) 30 levels down, in
    /// `openapiv3`'s untagged enums: read top down, it takes hours.
    fn deep_bad_schema() -> Value {
        let mut deep = json!({"type": {"bad": 1}});
        for i in 0..30 {
            deep = if i % 2 == 0 {
                json!({"type": "object", "properties": {"x": deep}})
            } else {
                json!({"oneOf": [{"allOf": [deep]}, {"type": "string"}]})
            };
        }
        deep
    }

    /// Schemas are found through the object model, not by key names, so names that
    /// look like keywords neither break a valid spec nor hide a bad schema; and a
    /// `$ref` is a reference only when it is a string, as `openapiv3` reads it.
    #[test]
    fn the_structure_check_follows_the_object_model() {
        let string = json!({"type": "string"});
        let cases: Vec<(&str, String, Option<&str>)> = vec![
            (
                "a parameter named `schema`",
                spec_with(
                    json!({}),
                    json!({"parameters": {"schema":
                    {"name": "q", "in": "query", "schema": string}}}),
                ),
                None,
            ),
            (
                "a response named `schema`",
                spec_with(
                    json!({}),
                    json!({"responses": {"schema": {"description": "ok"}}}),
                ),
                None,
            ),
            (
                "a response header named `schema`",
                spec_with(
                    json!({}),
                    json!({"responses": {"R": {"description": "ok",
                    "headers": {"schema": {"schema": string}}}}}),
                ),
                None,
            ),
            (
                "a parameter whose `$ref` is a number",
                spec_with(json!({}), json!({"parameters": {"P": {"$ref": 5}}})),
                Some("/components/parameters/P"),
            ),
            (
                "a bad schema in a request body named `examples`",
                spec_with(
                    json!({}),
                    json!({"requestBodies": {"examples": {"content":
                    {"application/json": {"schema": deep_bad_schema()}}}}}),
                ),
                Some("/components/requestBodies/examples/content/application~1json/schema/"),
            ),
            (
                "an encoding named `schema` with a bad content type",
                spec_with(
                    json!({"/x": {"post": {"responses": {"200": {"description": "ok"}},
                    "requestBody": {"content": {"multipart/form-data": {"schema": {"type": "object"},
                    "encoding": {"schema": {"contentType": 5}}}}}}}}),
                    json!({}),
                ),
                Some("/paths/~1x/post/requestBody/content/multipart~1form-data/encoding/schema"),
            ),
        ];
        for (what, text, refused_at) in cases {
            let loaded = load_str(Path::new("spec.json"), &text);
            match (refused_at, loaded) {
                (None, Ok(_)) => {}
                (Some(at), Err(error)) => {
                    assert_eq!(error.rule, "invalid-openapi", "{what}: {error}");
                    assert!(error.pointer.starts_with(at), "{what}: {}", error.pointer);
                }
                (None, Err(error)) => panic!("{what}: refused: {error}"),
                (Some(at), Ok(_)) => panic!("{what}: loaded, but is invalid at {at}"),
            }
        }
    }

    #[test]
    fn json_with_a_duplicate_key_is_refused_at_the_key() {
        let text = "{\n  \"a\": 1,\n  \"b\": {\"x\": 1, \"x\": 2}\n}";
        let error = parse_tree(Path::new("spec.json"), text).unwrap_err();
        assert_eq!(error.rule, "malformed-json");
        assert!(
            error.message.contains("`x` appears twice"),
            "{}",
            error.message
        );
        assert_eq!(error.location.map(|l| l.line), Some(3));
        // Found bottom up, at the innermost bad schema, without exponential retries.
        let mut deep = serde_json::json!({"type": {"bad": 1}});
        for i in 0..40 {
            deep = if i % 2 == 0 {
                serde_json::json!({"type": "object", "properties": {"x": deep}})
            } else {
                serde_json::json!({"oneOf": [{"allOf": [deep]}, {"type": "string"}]})
            };
        }
        let spec = serde_json::json!({"openapi": "3.0.3", "info": {"title": "t", "version": "1"},
            "paths": {}, "components": {"schemas": {"A": deep}}});
        let started = std::time::Instant::now();
        let error = load_str(Path::new("deep.json"), &spec.to_string()).unwrap_err();
        assert!(started.elapsed() < std::time::Duration::from_secs(5));
        assert_eq!(error.rule, "invalid-openapi");
        assert!(
            error.pointer.ends_with("/allOf/0/properties/x"),
            "{}",
            error.pointer
        );
        let fine = parse_tree(
            Path::new("spec.json"),
            r#"{"a": [1, -2, 2.5, null, true, "s"], "b": {}}"#,
        )
        .unwrap();
        assert_eq!(fine["a"][2], 2.5);
    }
}
