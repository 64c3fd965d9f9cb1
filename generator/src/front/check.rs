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
use crate::document::model::Part;
use crate::document::tree::{Kind, Node, NodeSet, Reader, Tree};
use crate::document::walk::{walk_part, Visit};
use crate::document::METHODS;
use crate::front::Refused;

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
/// [`check_schemas`], then [`check_parts`], then [`check_outline`]. Every part is
/// checked whatever the others hold (a checked schema reads as `{}` in the part that
/// holds it), so the refusal lists each broken part, not only the first.
pub fn check_structure(path: &Path, raw: &Tree) -> Result<Outline, Refused> {
    let (schemas, mut found) = each_schema(path, raw);
    // Parts holding callbacks nested too deep (refused already) would be read that deep.
    if schemas.complete {
        invalid_parts(raw.root(), &schemas.checked, &mut found);
    }
    let mut refused = found.refused;
    match check_outline(path, raw) {
        Ok(outline) => refused.or_ok(outline),
        Err(error) => {
            refused.push(error);
            Err(refused)
        }
    }
}

/// The schemas of a document, each checked (whether it passed or not), which the
/// parts holding them read as `{}`.
pub struct CheckedSchemas<'t> {
    checked: NodeSet<'t>,
    /// Whether every schema was reached: not when callbacks nest too deep to follow.
    complete: bool,
}

/// Checks every schema of the document, refusing each that does not deserialize.
///
/// `openapiv3`'s schemas are untagged enums, which retry every variant at every level
/// when something deep inside is wrong: time exponential in the nesting. So every
/// schema is checked bottom up, children first, and a checked schema reads as `{}`
/// when its parent is checked: each schema's own fields are read once, and an error
/// is reported at the schema whose own field is wrong. Once they are checked, the path
/// items and components that hold them can be deserialized without that risk.
pub fn check_schemas<'t>(path: &Path, raw: &'t Tree) -> Result<CheckedSchemas<'t>, Refused> {
    let (schemas, found) = each_schema(path, raw);
    found.refused.or_ok(schemas)
}

/// The type names of OpenAPI 3.0's schema object.
const SCHEMA_TYPES: &[&str] = &["array", "boolean", "integer", "number", "object", "string"];

/// A `type` that names no type: `openapiv3` reads such a schema as one of any
/// value, which would hide a typo behind `serde_json::Value`.
fn unknown_type(schema: Node<'_>, at: &str) -> Option<(Narrowed, String)> {
    if is_reference(schema) {
        return None;
    }
    let name = schema.get("type")?.as_str()?;
    if SCHEMA_TYPES.contains(&name) {
        return None;
    }
    let hint = match name {
        "null" => "write `nullable: true` beside the value's type: OpenAPI 3.0 has no `null` type"
            .to_owned(),
        _ => format!(
            "write one of {} (a schema without `type` accepts a value of any type)",
            crate::diagnostics::one_of(SCHEMA_TYPES)
        ),
    };
    let found = (
        format!("{at}/type"),
        format!("`{name}` is not a schema type"),
    );
    Some((found, hint))
}

/// Checks each path item and component on its own, its schemas (checked already) read
/// as `{}`, so that each error names the innermost part that is wrong, and no whole
/// typed document is ever held.
pub fn check_parts<'t>(
    path: &Path,
    raw: &'t Tree,
    schemas: &CheckedSchemas<'t>,
) -> Result<(), Refused> {
    let mut found = Found::new(path);
    invalid_parts(raw.root(), &schemas.checked, &mut found);
    found.refused.or_ok(())
}

/// Checks and types the document-level parts.
pub fn check_outline(path: &Path, raw: &Tree) -> Result<Outline, Diagnostic> {
    outline(raw.root()).map_err(|found| invalid_openapi(path, found))
}

/// The errors a check finds in the file at `path`, bounded as [`Refused`] bounds them.
struct Found<'p> {
    path: &'p Path,
    refused: Refused,
}

impl<'p> Found<'p> {
    fn new(path: &'p Path) -> Self {
        Found {
            path,
            refused: Refused::default(),
        }
    }

    fn add(&mut self, found: Narrowed) {
        self.refused.push(invalid_openapi(self.path, found));
    }

    /// Adds an error whose fix the general advice of [`invalid_openapi`] would not say.
    fn add_with_hint(&mut self, found: Narrowed, hint: String) {
        self.refused
            .push(invalid_openapi(self.path, found).with_hint(hint));
    }

    /// How many errors were found so far, listed or not.
    fn count(&self) -> usize {
        self.refused.len()
    }
}

/// Checks every schema of the document: the schemas, read as `{}` from now on, and
/// the errors.
fn each_schema<'p, 't>(path: &'p Path, raw: &'t Tree) -> (CheckedSchemas<'t>, Found<'p>) {
    let mut checked = NodeSet::default();
    let mut found = Found::new(path);
    let complete = invalid_schemas(raw.root(), &mut checked, &mut found);
    (CheckedSchemas { checked, complete }, found)
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

/// Checks every schema (or `$ref`) in `raw`, children first, adding each that does not
/// deserialize to `found` and each checked one to `checked`; whether every schema was
/// reached (not when callbacks nest too deep to follow, which is refused).
fn invalid_schemas<'t>(raw: Node<'t>, checked: &mut NodeSet<'t>, found: &mut Found<'_>) -> bool {
    let mut roots = SchemaRoots::default();
    let mut root = raw;
    // The visitor never fails.
    let _ = walk_part(Part::Document, &mut root, "", &mut roots);
    let complete = roots.too_deep.is_empty();
    for at in roots.too_deep {
        let message = format!("callbacks nest more than {MAX_CALLBACK_DEPTH} levels deep here");
        found.add((at, message));
    }
    for (at, node) in roots.found {
        check_schema_tree(node, &at, 0, checked, found);
    }
    complete
}

/// How deep schemas may nest before the check stops with an error. The parsers stop
/// at 128 levels of nesting in all, so only an overlay could build a deeper one.
const MAX_SCHEMA_DEPTH: usize = 128;

/// How deep path items may nest through callbacks before the walk stops with an error
/// (rather than leave what is deeper unchecked). Reading a path item (`openapiv3`'s
/// untagged `ReferenceOr`, in lowering) recurses through its callbacks with large
/// frames: six levels overflowed a 2 MiB thread's stack in a debug build, thirty in a
/// release build. Real APIs nest callbacks a level or two.
const MAX_CALLBACK_DEPTH: usize = 4;

/// The schemas that no other schema holds (components, and a parameter's, header's or
/// media type's `schema`), found by the object model's walk, never by key names: a
/// parameter may well be named `schema`, and a request body `examples`. The schemas
/// inside them are [`check_schema_tree`]'s to find.
#[derive(Default)]
struct SchemaRoots<'t> {
    found: Vec<(String, Node<'t>)>,
    /// The pointers of the callbacks that nest too deep to follow.
    too_deep: Vec<String>,
    /// How many callbacks the walk is inside.
    callbacks: usize,
}

impl<'t> Visit<Node<'t>> for SchemaRoots<'t> {
    fn enter(&mut self, part: Part, node: &mut Node<'t>, at: &str) -> Result<bool, Diagnostic> {
        match part {
            Part::Schema => {
                self.found.push((at.to_owned(), *node));
                return Ok(false);
            }
            Part::Callback => {
                self.callbacks += 1;
                if self.callbacks > MAX_CALLBACK_DEPTH {
                    // Left unchecked, what is deeper could be read slowly later: refuse it.
                    self.too_deep.push(at.to_owned());
                    return Ok(false);
                }
            }
            _ => {}
        }
        // What a reference names is checked where it stands.
        Ok(!(part.is_referable() && is_reference(*node)))
    }

    fn leave(&mut self, part: Part, _node: &mut Node<'t>, _at: &str) -> Result<(), Diagnostic> {
        if part == Part::Callback {
            self.callbacks -= 1;
        }
        Ok(())
    }
}

/// Whether `node` is a reference: `openapiv3` reads a string `$ref` as one, and its
/// target is checked where it stands.
fn is_reference(node: Node<'_>) -> bool {
    crate::document::resolve::reference_of(node).is_some()
}

/// Checks the schemas inside `node` first, then `node` itself, its checked children
/// read as `{}`: each schema is refused for its own fields only.
fn check_schema_tree<'t>(
    node: Node<'t>,
    at: &str,
    depth: usize,
    checked: &mut NodeSet<'t>,
    found: &mut Found<'_>,
) {
    if depth > MAX_SCHEMA_DEPTH {
        // Left unchecked, a deeper schema could be read slowly later: refuse it, and
        // have its parent read it as `{}`.
        let message = format!("schemas nest more than {MAX_SCHEMA_DEPTH} levels deep here");
        found.add((at.to_owned(), message));
        checked.insert(node);
        return;
    }
    if let Some(map) = node.as_object().filter(|_| !is_reference(node)) {
        for (key, child) in map.iter() {
            // Pointers are built only for the keys that hold schemas.
            let child_at = || format!("{at}/{}", escape_pointer_token(key));
            match (key, child.kind()) {
                ("properties", Kind::Object(properties)) => {
                    let child_at = child_at();
                    for (name, property) in properties.iter() {
                        let property_at = format!("{child_at}/{}", escape_pointer_token(name));
                        check_schema_tree(property, &property_at, depth + 1, checked, found);
                    }
                }
                ("allOf" | "oneOf" | "anyOf", Kind::Array(members)) => {
                    let child_at = child_at();
                    for (index, member) in members.iter().enumerate() {
                        let member_at = format!("{child_at}/{index}");
                        check_schema_tree(member, &member_at, depth + 1, checked, found);
                    }
                }
                ("items" | "not" | "additionalProperties", Kind::Object(_)) => {
                    check_schema_tree(child, &child_at(), depth + 1, checked, found);
                }
                _ => {}
            }
        }
    }
    // The fast reading says only that a schema is fine; serde says what is wrong.
    let reads = is_reference(node) || crate::document::typed::schema_reads(node, checked);
    let error = (!reads)
        .then(|| reference_or::<openapiv3::Schema>(node, at, checked))
        .flatten();
    if let Some(error) = error {
        found.add(error);
    } else if let Some((error, hint)) = unknown_type(node, at) {
        found.add_with_hint(error, hint);
    }
    checked.insert(node);
}

/// Checks one component, given the node, its pointer and the schemas checked already.
type ComponentCheck<'t> = fn(Node<'t>, &str, &NodeSet<'t>) -> Option<Narrowed>;

/// Checks the paths and components piece by piece, the `checked` schemas read as
/// `{}`, adding to `found` the innermost node of each broken part and what is wrong
/// there. (Component schemas were checked by [`invalid_schemas`].)
fn invalid_parts<'t>(raw: Node<'t>, checked: &NodeSet<'t>, found: &mut Found<'_>) {
    let path_items = entries(raw.get("paths")).filter(|(path, _)| path.starts_with('/'));
    for (path, item) in path_items {
        if is_reference(item) {
            continue;
        }
        let item_at = format!("/paths/{}", escape_pointer_token(path));
        // With every schema checked, a path item is read whole once; only a bad one is
        // taken apart, for the innermost places that are wrong.
        let Some(whole) = invalid_as::<openapiv3::PathItem>(item.stubbing(checked), &item_at)
        else {
            continue;
        };
        let before = found.count();
        let parameters = item.get("parameters");
        each_item::<openapiv3::Parameter>(
            parameters,
            &format!("{item_at}/parameters"),
            checked,
            found,
        );
        for method in METHODS {
            if let Some(operation) = item.get(method) {
                narrow_operation(operation, &format!("{item_at}/{method}"), checked, found);
            }
        }
        if found.count() == before {
            found.add(whole);
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
            if let Some(error) = check(node, &at, checked) {
                found.add(error);
            }
        }
    }
}

/// The entries of a mapping node, or none.
fn entries(node: Option<Node<'_>>) -> impl Iterator<Item = (&str, Node<'_>)> {
    node.and_then(Node::as_object)
        .into_iter()
        .flat_map(|object| object.iter())
}

/// Adds each broken parameter, request body and response of an operation to `found`,
/// or, when they all pass, the operation itself if it does not deserialize.
fn narrow_operation<'t>(
    operation: Node<'t>,
    at: &str,
    checked: &NodeSet<'t>,
    found: &mut Found<'_>,
) {
    if is_reference(operation) {
        // OpenAPI 3.0 has no reference to an operation. The bundler copies in one that
        // another file holds; one in this document would otherwise read as an
        // operation without `responses`, which hides what is wrong.
        let error = (
            format!("{at}/$ref"),
            "an operation cannot be a `$ref` to a place in the root document (OpenAPI 3.0 \
             has no reference to an operation; only one to another file is copied in)"
                .to_owned(),
        );
        let hint = "write the operation where the `$ref` is, or move it to a file of its own \
                    and reference that file";
        found.add_with_hint(error, hint.to_owned());
        return;
    }
    let before = found.count();
    let parameters = operation.get("parameters");
    each_item::<openapiv3::Parameter>(parameters, &format!("{at}/parameters"), checked, found);
    if let Some(body) = operation.get("requestBody") {
        let body_at = format!("{at}/requestBody");
        if let Some(error) = reference_or::<openapiv3::RequestBody>(body, &body_at, checked) {
            found.add(error);
        }
    }
    for (code, response) in entries(operation.get("responses")) {
        let response_at = format!("{at}/responses/{}", escape_pointer_token(code));
        if let Some(error) = reference_or::<openapiv3::Response>(response, &response_at, checked) {
            found.add(error);
        }
    }
    if found.count() == before {
        if let Some(error) = invalid_as::<openapiv3::Operation>(operation.stubbing(checked), at) {
            found.add(error);
        }
    }
}

/// Adds each item of a list that does not deserialize as a `T` (or a `$ref`) to `found`.
fn each_item<'t, T: serde::de::DeserializeOwned>(
    list: Option<Node<'t>>,
    at: &str,
    checked: &NodeSet<'t>,
    found: &mut Found<'_>,
) {
    let items = list
        .and_then(Node::as_array)
        .into_iter()
        .flat_map(|a| a.iter());
    for (index, item) in items.enumerate() {
        if let Some(error) = reference_or::<T>(item, &format!("{at}/{index}"), checked) {
            found.add(error);
        }
    }
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
                (Some(at), Err(refused)) => {
                    let errors = refused.clone().into_diagnostics();
                    let [error] = &errors[..] else {
                        panic!("{what}: one error expected: {refused}");
                    };
                    assert_eq!(error.rule, "invalid-openapi", "{what}: {error}");
                    assert!(error.pointer.starts_with(at), "{what}: {}", error.pointer);
                }
                (None, Err(refused)) => panic!("{what}: refused: {refused}"),
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
            error.message.contains("names the key `x` a second time"),
            "{}",
            error.message
        );
        assert_eq!(error.pointer, "/b/x");
        assert_eq!(error.location.map(|l| l.line), Some(3));
        let in_a_list = r#"{"paths": {"/a~b": {"get": {"tags": ["t"], "parameters": [{}, {"in": "x", "in": "y"}]}}}}"#;
        let error = parse_tree(Path::new("spec.json"), in_a_list).unwrap_err();
        assert_eq!(error.pointer, "/paths/~1a~0b/get/parameters/1/in");
        let fine = parse_tree(
            Path::new("spec.json"),
            r#"{"a": [1, -2, 2.5, null, true, "s"], "b": {}}"#,
        )
        .unwrap();
        assert_eq!(fine["a"][2], 2.5);
    }

    /// A bad schema 40 levels down is found bottom up, at the innermost bad schema,
    /// without the exponential retries of reading it top down (which would not end).
    #[test]
    fn a_deep_bad_schema_is_refused_where_it_is_wrong() {
        let mut deep = json!({"type": {"bad": 1}});
        for i in 0..40 {
            deep = if i % 2 == 0 {
                json!({"type": "object", "properties": {"x": deep}})
            } else {
                json!({"oneOf": [{"allOf": [deep]}, {"type": "string"}]})
            };
        }
        let text = spec_with(json!({}), json!({"schemas": {"A": deep}}));
        let refused = load_str(Path::new("deep.json"), &text).unwrap_err();
        let pointers: Vec<String> = refused
            .into_diagnostics()
            .into_iter()
            .map(|error| format!("{} {}", error.rule, error.pointer))
            .collect();
        assert_eq!(pointers.len(), 1, "{pointers:?}");
        assert!(
            pointers[0].starts_with("invalid-openapi /components/schemas/A/")
                && pointers[0].ends_with("/allOf/0/properties/x"),
            "{pointers:?}"
        );
    }

    /// The pointers a spec is refused at, in the order found.
    fn refused_at(paths: Value, components: Value) -> Vec<String> {
        let text = spec_with(paths, components);
        match load_str(Path::new("spec.json"), &text) {
            Ok(_) => Vec::new(),
            Err(refused) => refused
                .into_diagnostics()
                .into_iter()
                .inspect(|error| assert_eq!(error.rule, "invalid-openapi", "{error}"))
                .map(|error| error.pointer)
                .collect(),
        }
    }

    /// Every independent error is refused, each at its own pointer: a broken schema
    /// does not hide another, nor the parts that hold them, nor the outline; and a
    /// schema is refused for its own fields, not for a broken child. (A schema is an
    /// untagged enum, so its error names the schema, not the field in it.)
    #[test]
    fn every_broken_part_is_refused_at_its_own_place() {
        let ok = json!({"200": {"description": "ok"}});
        let cases: Vec<(&str, Value, Value, &[&str])> = vec![
            (
                "three broken component schemas",
                json!({}),
                json!({"schemas": {
                    "A": {"type": {"bad": 1}},
                    "B": {"type": "object", "properties": {"x": {"type": "string"}}},
                    "C": {"required": 5},
                    "D": {"type": "array", "items": {"maxItems": "many"}}}}),
                &[
                    "/components/schemas/A",
                    "/components/schemas/C",
                    "/components/schemas/D/items",
                ],
            ),
            (
                "a broken schema and its broken parent, each for its own field",
                json!({}),
                json!({"schemas": {"A": {"required": 5, "properties": {"x": {"type": 5}}}}}),
                &[
                    "/components/schemas/A/properties/x",
                    "/components/schemas/A",
                ],
            ),
            (
                "two broken operations of one path item, a broken component and a schema",
                json!({"/x": {
                    "get": {"parameters": [{"name": "q", "in": "nowhere"}], "responses": ok},
                    "post": {"responses": {"200": {"description": 5}}}}}),
                json!({"parameters": {"P": {"in": "query"}},
                    "schemas": {"S": {"type": {"bad": 1}}}}),
                &[
                    "/components/schemas/S",
                    "/paths/~1x/get/parameters/0/in",
                    "/paths/~1x/post/responses/200/description",
                    "/components/parameters/P",
                ],
            ),
            (
                "an operation without responses, beside a broken path item",
                json!({"/a": {"get": {}}, "/b": {"get": {"responses": ok, "tags": 5}}}),
                json!({}),
                &["/paths/~1a/get", "/paths/~1b/get/tags"],
            ),
        ];
        for (what, paths, components, wanted) in cases {
            let found = refused_at(paths, components);
            let found: Vec<&str> = found.iter().map(String::as_str).collect();
            assert_eq!(found, wanted, "{what}");
        }
        // The outline is checked beside the parts.
        let text = json!({"openapi": "3.0.3", "info": {"title": 5, "version": "1"},
            "paths": {"/a": {"get": {}}}})
        .to_string();
        let refused = load_str(Path::new("spec.json"), &text).unwrap_err();
        let pointers: Vec<String> = refused
            .into_diagnostics()
            .into_iter()
            .map(|error| error.pointer)
            .collect();
        assert_eq!(pointers, ["/paths/~1a/get", "/info/title"]);
    }

    /// A spec broken in more places than a refusal lists gets the first ones and one
    /// note counting the rest, so a hostile spec cannot make the output huge.
    #[test]
    fn a_refusal_lists_a_bounded_number_of_errors() {
        let schemas: serde_json::Map<String, Value> = (0..crate::front::MAX_LISTED_ERRORS + 50)
            .map(|index| (format!("S{index:03}"), json!({"type": {"bad": 1}})))
            .collect();
        let text = spec_with(json!({}), json!({ "schemas": schemas }));
        let refused = load_str(Path::new("spec.json"), &text).unwrap_err();
        let diagnostics = refused.into_diagnostics();
        assert_eq!(diagnostics.len(), crate::front::MAX_LISTED_ERRORS + 1);
        assert!(diagnostics[..crate::front::MAX_LISTED_ERRORS]
            .iter()
            .all(Diagnostic::is_error));
        assert_eq!(diagnostics[0].pointer, "/components/schemas/S000");
        let note = diagnostics.last().expect("the note");
        assert!(!note.is_error(), "{note}");
        assert!(note.message.starts_with("50 more error(s)"), "{note}");
    }

    /// Callbacks nested deeper than the check follows (which only an overlay can
    /// build: the readers stop at 128 levels) are refused where they go too deep, and
    /// the schemas are still checked; the path items holding them are not read.
    #[test]
    fn callbacks_nested_too_deep_are_refused_beside_other_errors() {
        let ok = json!({"200": {"description": "ok"}});
        let mut item = json!({"post": {"responses": ok}});
        for _ in 0..=MAX_CALLBACK_DEPTH {
            item = json!({"post": {"responses": ok, "callbacks": {"c": {"e": item}}}});
        }
        let document = json!({"openapi": "3.0.3", "info": {"title": "t", "version": "1"},
            "paths": {"/x": item}, "components": {"schemas": {"S": {"type": {"bad": 1}}}}});
        let tree = Tree::from_value(&document).expect("a tree");
        let refused = check_structure(Path::new("deep.json"), &tree).unwrap_err();
        let found: Vec<(String, String)> = refused
            .into_diagnostics()
            .into_iter()
            .map(|error| (error.pointer, error.message))
            .collect();
        let deepest = format!(
            "/paths/~1x{}/post/callbacks/c",
            "/post/callbacks/c/e".repeat(MAX_CALLBACK_DEPTH)
        );
        assert_eq!(found.len(), 2, "{found:?}");
        assert_eq!(found[0].0, deepest, "{found:?}");
        assert!(found[0].1.contains("callbacks nest more than"), "{found:?}");
        assert_eq!(found[1].0, "/components/schemas/S", "{found:?}");
    }
}
