//! JSON Schema 2020-12 schemas (OpenAPI 3.1 and 3.2) rewritten as OpenAPI 3.0
//! schemas, one schema at a time, children first.
//!
//! Nullability is the main difference: 2020-12 writes it as a type (`type: [T,
//! "null"]`, `anyOf: [T, {type: "null"}]`), 3.0 as `nullable: true` beside a `type`.
//! Both become 3.0's form, a nullable reference `allOf: [{$ref}]` with `nullable:
//! true` (the 3.0 idiom for it), so that lowering types the value `Option<T>`.
//! Keywords 3.0 has no counterpart for are dropped, with a note where that loosens
//! the type.

use std::collections::HashSet;
use std::path::Path;
use std::sync::Arc;

use serde_json::{json, Map, Value};

use super::oas3x::{claim, note};
use super::walk::{self, Part, Visitor};
use crate::diagnostics::{escape_pointer_token, push_pointer_token, Diagnostic};
use crate::document::origin::SourceMap;

/// The rule of notes about JSON Schema keywords whose meaning the 3.0 model loses.
pub(crate) const SCHEMA_LOOSENED: &str = "schema-loosened";

/// Keywords that only name, identify or comment a schema: dropped silently.
const IDENTIFIERS: &[&str] = &[
    "$schema",
    "$id",
    "$anchor",
    "$dynamicAnchor",
    "$comment",
    "$vocabulary",
    "contentSchema",
];

/// Keywords that constrain values in ways 3.0 cannot say: dropped with a note, the
/// generated type then accepts more than the schema does.
const CONSTRAINTS: &[&str] = &[
    "$dynamicRef",
    "if",
    "then",
    "else",
    "dependentSchemas",
    "dependentRequired",
    "unevaluatedProperties",
    "unevaluatedItems",
    "patternProperties",
    "propertyNames",
    "contains",
    "minContains",
    "maxContains",
];

/// Keywords that document a schema or its use rather than shape the value: they stay
/// on the outer schema when the rest moves into an `allOf`.
const ANNOTATIONS: &[&str] = &[
    "description",
    "title",
    "default",
    "deprecated",
    "readOnly",
    "writeOnly",
    "example",
    "externalDocs",
    "nullable",
    "xml",
];

/// What rewriting a schema needs besides the schema.
pub(crate) struct Context<'a> {
    /// The file, for notes.
    pub(crate) path: &'a Path,
    /// Where notes go.
    pub(crate) notes: &'a mut Vec<Diagnostic>,
    /// Each hoisted `$defs` entry: `(old reference, new reference)`.
    pub(crate) hoisted: &'a [(String, String)],
}

/// Before the children are rewritten: the `null` members of `anyOf` and `oneOf` go,
/// and the schema is marked nullable instead.
pub(crate) fn enter(node: &mut Value) {
    let Value::Object(object) = node else {
        return;
    };
    for keyword in ["anyOf", "oneOf"] {
        let Some(Value::Array(members)) = object.get_mut(keyword) else {
            continue;
        };
        let before = members.len();
        members.retain(|member| !is_null_schema(member));
        if members.len() < before {
            object.insert("nullable".to_owned(), Value::Bool(true));
        }
    }
}

/// Whether a schema only allows `null`: `{type: "null"}` (or `["null"]`),
/// `{const: null}` or `{enum: [null]}`, annotations aside.
fn is_null_schema(schema: &Value) -> bool {
    let Some(object) = schema.as_object() else {
        return false;
    };
    let null_type = match object.get("type") {
        Some(Value::String(t)) => t == "null",
        Some(Value::Array(types)) => types.len() == 1 && types[0] == "null",
        _ => false,
    };
    let null_value =
        object.get("const") == Some(&Value::Null) || object.get("enum") == Some(&json!([null]));
    (null_type || null_value)
        && object.keys().all(|key| {
            ["type", "const", "enum"].contains(&key.as_str())
                || ANNOTATIONS.contains(&key.as_str())
                || key.starts_with('$')
                || key.starts_with("x-")
        })
}

/// After the children are rewritten: the schema at `at` itself.
pub(crate) fn leave(node: &mut Value, at: &str, context: &mut Context<'_>) {
    if let Value::Bool(allowed) = node {
        // 3.0 takes a boolean `additionalProperties` as it is.
        if !at.ends_with("/additionalProperties") {
            *node = if *allowed {
                json!({})
            } else {
                json!({"not": {}})
            };
        }
        return;
    }
    let Value::Object(object) = node else {
        return;
    };
    rewrite_reference(object, context.hoisted);
    drop_keywords(object, at, context);
    constant(object);
    examples(object);
    exclusive_bounds(object);
    content_encoding(object);
    tuple(object, at, context);
    type_list(object);
    lone_null_type(object);
    single_member_union(object);
    xml_node_type(object);
    if let Some(Value::Object(discriminator)) = object.get_mut("discriminator") {
        discriminator.remove("defaultMapping");
    }
    reference_siblings(object);
    nullable(object);
}

/// A reference into a hoisted `$defs` entry now points at its component.
fn rewrite_reference(object: &mut Map<String, Value>, hoisted: &[(String, String)]) {
    let Some(Value::String(reference)) = object.get_mut("$ref") else {
        return;
    };
    for (old, new) in hoisted {
        if let Some(rest) = reference.strip_prefix(old.as_str()) {
            if rest.is_empty() || rest.starts_with('/') {
                *reference = format!("{new}{rest}");
                return;
            }
        }
    }
}

fn drop_keywords(object: &mut Map<String, Value>, at: &str, context: &mut Context<'_>) {
    for keyword in IDENTIFIERS {
        object.remove(*keyword);
    }
    let dropped: Vec<&str> = CONSTRAINTS
        .iter()
        .copied()
        .filter(|keyword| object.remove(*keyword).is_some())
        .collect();
    if dropped.is_empty() {
        return;
    }
    let list = dropped
        .iter()
        .map(|k| format!("`{k}`"))
        .collect::<Vec<_>>()
        .join(", ");
    context.notes.push(note(
        SCHEMA_LOOSENED,
        context.path,
        at,
        format!("{list} cannot be expressed in the generated types, so they accept more than this schema allows"),
        "validate what these keywords require in your own code, or describe the value without them",
    ));
}

/// `const: v` is a one-value `enum`, typed by the value, so that a discriminating
/// property (`kind: {const: dog}`) is still a string the client can match.
fn constant(object: &mut Map<String, Value>) {
    let Some(value) = object.remove("const") else {
        return;
    };
    if value.is_null() {
        object.insert("nullable".to_owned(), Value::Bool(true));
        return;
    }
    let kind = match &value {
        Value::String(_) => Some("string"),
        Value::Bool(_) => Some("boolean"),
        Value::Number(n) if n.is_i64() || n.is_u64() => Some("integer"),
        Value::Number(_) => Some("number"),
        _ => None,
    };
    if let Some(kind) = kind {
        object.entry("type").or_insert(json!(kind));
    }
    object.entry("enum").or_insert(json!([value]));
}

/// A schema's `examples` list: its first value is the 3.0 `example`.
fn examples(object: &mut Map<String, Value>) {
    if let Some(examples) = object.remove("examples") {
        if let Some(first) = examples.as_array().and_then(|list| list.first()) {
            object.entry("example").or_insert(first.clone());
        }
    }
}

/// Numeric `exclusiveMinimum`/`exclusiveMaximum` are the bound itself; 3.0 writes
/// the bound as `minimum`/`maximum` and the exclusion as a boolean. Of two lower
/// bounds, the tighter one is kept.
fn exclusive_bounds(object: &mut Map<String, Value>) {
    for (exclusive, inclusive, tighter) in [
        ("exclusiveMinimum", "minimum", 1.0),
        ("exclusiveMaximum", "maximum", -1.0),
    ] {
        let Some(bound) = object.get(exclusive).and_then(Value::as_f64) else {
            continue;
        };
        let Some(bound_value) = object.remove(exclusive) else {
            continue;
        };
        let keep_exclusive = match object.get(inclusive).and_then(Value::as_f64) {
            Some(other) => (bound - other) * tighter >= 0.0,
            None => true,
        };
        if keep_exclusive {
            object.insert(inclusive.to_owned(), bound_value);
            object.insert(exclusive.to_owned(), Value::Bool(true));
        }
    }
}

/// `contentEncoding: base64` is 3.0's `format: byte`; a string of some other media
/// type with no encoding is `format: binary`.
fn content_encoding(object: &mut Map<String, Value>) {
    let encoding = object.remove("contentEncoding");
    let media_type = object.remove("contentMediaType");
    let format = match (encoding.as_ref().and_then(Value::as_str), &media_type) {
        (Some("base64" | "base64url"), _) => "byte",
        (None, Some(_)) => "binary",
        _ => return,
    };
    object.entry("type").or_insert(json!("string"));
    object.entry("format").or_insert(json!(format));
}

/// `prefixItems` types an array's items by position, which the generated types
/// cannot: the items are typed as any value unless every position has the same
/// schema, and the schema's description says it is a tuple.
fn tuple(object: &mut Map<String, Value>, at: &str, context: &mut Context<'_>) {
    let Some(Value::Array(positions)) = object.remove("prefixItems") else {
        return;
    };
    let rest = object.remove("items");
    let same = positions
        .first()
        .filter(|first| positions.iter().all(|p| p == *first))
        .filter(|first| {
            rest.as_ref()
                .is_none_or(|r| r == *first || *r == json!({"not": {}}))
        });
    let items = same.cloned().unwrap_or_else(|| json!({}));
    object.entry("type").or_insert(json!("array"));
    object.insert("items".to_owned(), items);
    let sentence = format!(
        "A tuple of {} items, each typed by its position.",
        positions.len()
    );
    let description = match object.get("description").and_then(Value::as_str) {
        Some(text) if !text.is_empty() => format!("{text}\n\n{sentence}"),
        _ => sentence,
    };
    object.insert("description".to_owned(), Value::String(description));
    if same.is_none() {
        context.notes.push(note(
            SCHEMA_LOOSENED,
            context.path,
            &format!("{at}/prefixItems"),
            "the items of this tuple (`prefixItems`) have different schemas, so they are typed as any JSON value",
            "decode each item by its position yourself, or describe the value as an object",
        ));
    }
}

/// A list of types: `null` among them makes the schema nullable; one other type is
/// the type, several are a `oneOf` of one schema per type.
fn type_list(object: &mut Map<String, Value>) {
    let Some(Value::Array(types)) = object.get("type") else {
        return;
    };
    let nullable = types.iter().any(|t| t == "null");
    let others: Vec<Value> = types.iter().filter(|t| *t != "null").cloned().collect();
    object.remove("type");
    if nullable {
        object.insert("nullable".to_owned(), Value::Bool(true));
    }
    match others.as_slice() {
        [] => {}
        [only] => {
            object.insert("type".to_owned(), only.clone());
        }
        several => {
            let members: Vec<Value> = several.iter().map(|t| json!({ "type": t })).collect();
            if object.contains_key("oneOf") {
                let all_of = object.entry("allOf").or_insert_with(|| json!([]));
                if let Value::Array(all_of) = all_of {
                    all_of.push(json!({ "oneOf": members }));
                }
            } else {
                object.insert("oneOf".to_owned(), Value::Array(members));
            }
        }
    }
}

/// A schema that only allows `null`, outside a union: any value, as 3.0 cannot say
/// `null` alone.
fn lone_null_type(object: &mut Map<String, Value>) {
    if object.get("type").and_then(Value::as_str) == Some("null") {
        object.remove("type");
        object.insert("nullable".to_owned(), Value::Bool(true));
    }
}

/// A union left with one member (its `null` taken out) is that member.
fn single_member_union(object: &mut Map<String, Value>) {
    for keyword in ["anyOf", "oneOf"] {
        let single =
            matches!(object.get(keyword), Some(Value::Array(members)) if members.len() == 1);
        if !single {
            continue;
        }
        let Some(Value::Array(mut members)) = object.remove(keyword) else {
            continue;
        };
        let member = members.remove(0);
        let mergeable = match &member {
            Value::Object(inner) => {
                !inner.contains_key("$ref")
                    && inner
                        .keys()
                        .all(|k| !object.contains_key(k) || ANNOTATIONS.contains(&k.as_str()))
            }
            _ => false,
        };
        match member {
            Value::Object(inner) if mergeable => {
                for (key, value) in inner {
                    // The outer schema's own annotations describe this use of the value.
                    object.entry(key).or_insert(value);
                }
            }
            member => {
                let all_of = object.entry("allOf").or_insert_with(|| json!([]));
                if let Value::Array(all_of) = all_of {
                    all_of.push(member);
                }
            }
        }
    }
}

/// XML `nodeType` (3.2): `attribute` is 3.0's `attribute: true`; the other node
/// types have no 3.0 form and change nothing the client sends.
fn xml_node_type(object: &mut Map<String, Value>) {
    let Some(Value::Object(xml)) = object.get_mut("xml") else {
        return;
    };
    if let Some(node_type) = xml.remove("nodeType") {
        if node_type == "attribute" {
            xml.insert("attribute".to_owned(), Value::Bool(true));
        }
    }
}

/// A `$ref` with siblings: the siblings apply. Annotations stay beside an `allOf` of
/// the reference alone, which lowers to the referenced type itself (no new type);
/// constraining siblings become a second `allOf` member.
fn reference_siblings(object: &mut Map<String, Value>) {
    if !object.contains_key("$ref") || object.len() == 1 {
        return;
    }
    // `summary` is a Reference Object field, not a schema keyword.
    object.remove("summary");
    let Some(reference) = object.remove("$ref") else {
        return;
    };
    let structural: Map<String, Value> = object
        .iter()
        .filter(|(key, _)| !ANNOTATIONS.contains(&key.as_str()) && !key.starts_with("x-"))
        .map(|(key, value)| (key.clone(), value.clone()))
        .collect();
    if object.is_empty() {
        object.insert("$ref".to_owned(), reference);
        return;
    }
    for key in structural.keys() {
        object.remove(key);
    }
    let mut members = vec![json!({ "$ref": reference })];
    if !structural.is_empty() {
        members.push(Value::Object(structural));
    }
    object.insert("allOf".to_owned(), Value::Array(members));
}

/// `nullable: true` only means something beside a `type`, or on an `allOf` of one
/// member (a nullable reference). Otherwise the rest of the schema moves into such
/// an `allOf`; a schema with nothing but annotations accepts `null` already.
fn nullable(object: &mut Map<String, Value>) {
    if object.get("nullable") != Some(&Value::Bool(true)) || object.contains_key("type") {
        return;
    }
    let structural: Vec<String> = object
        .keys()
        .filter(|key| !ANNOTATIONS.contains(&key.as_str()) && !key.starts_with("x-"))
        .cloned()
        .collect();
    let single_all_of = structural == ["allOf"]
        && matches!(object.get("allOf"), Some(Value::Array(members)) if members.len() == 1);
    if single_all_of {
        return;
    }
    if structural.is_empty() {
        object.remove("nullable");
        return;
    }
    let mut inner = Map::new();
    for key in structural {
        if let Some(value) = object.remove(&key) {
            inner.insert(key, value);
        }
    }
    object.insert("allOf".to_owned(), json!([Value::Object(inner)]));
}

/// Moves every `$defs` entry that something references to `components/schemas`,
/// named by its key (or, when that is taken, its owner's name and its key), and
/// returns where each went: `(old reference, new reference)`. An entry that is a
/// bare reference is not hoisted: references to it go to its target.
pub(crate) fn hoist_defs(
    raw: &mut Value,
    file: &Arc<Path>,
    origins: &mut SourceMap,
) -> Vec<(String, String)> {
    let mut collector = Defs::default();
    // The collector never fails.
    let _ = walk::document(raw, &mut collector);
    let mut queue = std::mem::take(&mut collector.found);
    let mut index = 0;
    while index < queue.len() {
        let (at, mut schema) = (queue[index].0.clone(), std::mem::take(&mut queue[index].1));
        let _ = walk::part(Part::Schema, &mut schema, &at, &mut collector);
        queue[index].1 = schema;
        queue.append(&mut collector.found);
        index += 1;
    }
    let mut names: HashSet<String> = raw
        .pointer("/components/schemas")
        .and_then(Value::as_object)
        .map(|s| s.keys().cloned().collect())
        .unwrap_or_default();
    let mut moved = Vec::new();
    let mut hoisted = Vec::new();
    for (at, schema) in queue {
        let old = format!("#{at}");
        let used = collector.references.iter().any(|r| {
            r.strip_prefix(old.as_str())
                .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
        });
        if !used {
            continue;
        }
        if let Some(target) = bare_reference(&schema) {
            moved.push((old, target));
            continue;
        }
        let key = at.rsplit('/').next().unwrap_or("Definition");
        let key = crate::diagnostics::unescape_pointer_token(key);
        let name = if names.contains(&key) {
            let owner = at
                .strip_prefix("/components/schemas/")
                .and_then(|rest| rest.split('/').next())
                .map(crate::diagnostics::unescape_pointer_token)
                .unwrap_or_default();
            claim(&mut names, &format!("{owner}{}", capitalized(&key)))
        } else {
            claim(&mut names, &key)
        };
        let mut to = "/components/schemas".to_owned();
        push_pointer_token(&mut to, &name);
        origins.record(to.clone(), file, at);
        moved.push((
            old,
            format!("#/components/schemas/{}", escape_pointer_token(&name)),
        ));
        hoisted.push((name, schema));
    }
    if !hoisted.is_empty() {
        if let Some(root) = raw.as_object_mut() {
            let components = root.entry("components").or_insert_with(|| json!({}));
            if let Some(components) = components.as_object_mut() {
                let schemas = components.entry("schemas").or_insert_with(|| json!({}));
                if let Some(schemas) = schemas.as_object_mut() {
                    schemas.extend(hoisted);
                }
            }
        }
    }
    // The longest old reference first, so a nested entry's own mapping wins.
    moved.sort_by_key(|(old, _)| std::cmp::Reverse(old.len()));
    moved
}

/// The target of a schema that is only a `$ref` (identifiers aside).
fn bare_reference(schema: &Value) -> Option<String> {
    let object = schema.as_object()?;
    let reference = object.get("$ref")?.as_str()?;
    object
        .keys()
        .all(|k| k == "$ref" || IDENTIFIERS.contains(&k.as_str()))
        .then(|| reference.to_owned())
}

fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Takes every `$defs` out of the schemas it visits, and collects every `$ref`.
#[derive(Default)]
struct Defs {
    /// The `$defs` entries taken out: their pointer and schema.
    found: Vec<(String, Value)>,
    /// Every schema `$ref` seen.
    references: HashSet<String>,
}

impl Visitor for Defs {
    fn enter(&mut self, part: Part, node: &mut Value, at: &str) -> Result<(), Diagnostic> {
        if part != Part::Schema {
            return Ok(());
        }
        let Value::Object(object) = node else {
            return Ok(());
        };
        if let Some(Value::String(reference)) = object.get("$ref") {
            self.references.insert(reference.clone());
        }
        if let Some(Value::Object(defs)) = object.remove("$defs") {
            for (key, schema) in defs {
                let mut pointer = format!("{at}/$defs");
                push_pointer_token(&mut pointer, &key);
                self.found.push((pointer, schema));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{json, Value};

    use crate::document::origin::SourceMap;

    /// The schema `Thing` once a 3.1 document holding it (and `example`, a media type
    /// example) is upgraded.
    fn upgraded(schema: Value, example: Value) -> (Value, Value) {
        let mut raw = json!({
            "openapi": "3.1.0",
            "info": {"title": "t", "version": "1"},
            "paths": {"/t": {"get": {"responses": {"200": {
                "description": "ok",
                "content": {"application/json": {"schema": {}, "example": example}}
            }}}}},
            "components": {"schemas": {"Thing": schema}}
        });
        let mut notes = Vec::new();
        crate::front::upgrade::upgrade(
            std::path::Path::new("t.yaml"),
            &mut raw,
            &mut SourceMap::default(),
            &mut notes,
        )
        .expect("the document upgrades");
        let example = raw
            .pointer("/paths/~1t/get/responses/200/content/application~1json/example")
            .cloned()
            .unwrap_or(Value::Null);
        (raw["components"]["schemas"]["Thing"].clone(), example)
    }

    #[test]
    fn the_tighter_bound_wins() {
        let (thing, _) = upgraded(
            json!({"type": "integer", "exclusiveMinimum": 5, "minimum": 3}),
            json!(null),
        );
        assert_eq!(
            thing,
            json!({"type": "integer", "minimum": 5, "exclusiveMinimum": true})
        );
        let (thing, _) = upgraded(
            json!({"type": "integer", "exclusiveMaximum": 9, "maximum": 3}),
            json!(null),
        );
        assert_eq!(thing, json!({"type": "integer", "maximum": 3}));
    }

    #[test]
    fn several_types_and_null_are_a_nullable_union() {
        let (thing, _) = upgraded(
            json!({"type": ["integer", "string", "null"], "description": "d"}),
            json!(null),
        );
        assert_eq!(
            thing,
            json!({
                "description": "d",
                "nullable": true,
                "allOf": [{"oneOf": [{"type": "integer"}, {"type": "string"}]}]
            })
        );
    }

    #[test]
    fn boolean_schemas_keep_their_meaning() {
        let (thing, _) = upgraded(
            json!({"type": "object", "properties": {"never": false, "any": true}, "additionalProperties": false}),
            json!(null),
        );
        assert_eq!(
            thing,
            json!({"type": "object", "properties": {"never": {"not": {}}, "any": {}}, "additionalProperties": false})
        );
    }

    #[test]
    fn example_values_are_data_not_schemas() {
        let example =
            json!({"type": ["string", "null"], "anyOf": [{"type": "null"}], "$ref": "#/x"});
        let (_, kept) = upgraded(json!({"type": "string"}), example.clone());
        assert_eq!(kept, example);
    }

    #[test]
    fn a_reference_with_constraints_is_an_all_of() {
        let (thing, _) = upgraded(
            json!({"$ref": "#/components/schemas/Other", "description": "d", "required": ["a"]}),
            json!(null),
        );
        assert_eq!(
            thing,
            json!({"description": "d", "allOf": [{"$ref": "#/components/schemas/Other"}, {"required": ["a"]}]})
        );
    }
}
