//! The fast typed reading of schemas (`oagen::document::typed`) yields exactly what
//! serde's deserialization of `openapiv3` yields, on every schema of every fixture,
//! hostile spec and corpus spec: the same value where serde reads one, and no value
//! where serde refuses (so the caller asks serde why).
//!
//! Two readings are compared at each schema the object model's walk finds:
//! - in full, at every schema that no other schema holds (a component, a parameter's,
//!   a media type's), each such reading going through all the schemas inside;
//! - as the structure check reads a schema, its inner schemas read as `{}`, at every
//!   schema, nested ones too.

use std::collections::HashSet;
use std::path::PathBuf;

use oagen::document::tree::{Node, NodeSet, Tree};
use oagen::document::typed;
use oagen::document::walk::{walk, Visitor};
use openapiv3::{ReferenceOr, Schema};

/// Collects the pointer of every schema the walk finds.
#[derive(Default)]
struct Schemas(Vec<String>);

impl Visitor<'_> for Schemas {
    fn reference(&mut self, _at: &str, _reference: &str) {}

    fn prose(&mut self, _at: &str, _text: &str) {}

    fn schema(&mut self, at: &str) {
        self.0.push(at.to_owned());
    }
}

/// Whether a schema at `pointer` lies inside another of the `schemas`.
fn is_nested(pointer: &str, schemas: &HashSet<&str>) -> bool {
    let mut end = pointer.len();
    while let Some(slash) = pointer[..end].rfind('/') {
        if schemas.contains(&pointer[..slash]) {
            return true;
        }
        end = slash;
    }
    false
}

/// The schemas directly inside `node`, as the structure check finds them.
fn inner_schemas<'t>(node: Node<'t>) -> Vec<Node<'t>> {
    let Some(object) = node.as_object() else {
        return Vec::new();
    };
    let mut inner = Vec::new();
    for (key, child) in object.iter() {
        match key {
            "properties" => inner.extend(child.as_object().into_iter().flat_map(|o| o.values())),
            "allOf" | "oneOf" | "anyOf" => {
                inner.extend(child.as_array().into_iter().flat_map(|a| a.iter()));
            }
            "items" | "not" | "additionalProperties" if child.is_object() => inner.push(child),
            _ => {}
        }
    }
    inner
}

/// Compares both readings at every schema of `tree`; returns how many schemas it
/// compared, or the first difference.
fn compare(tree: &Tree) -> Result<usize, String> {
    let mut found = Schemas::default();
    walk(tree.root(), &mut found);
    let pointers: HashSet<&str> = found.0.iter().map(String::as_str).collect();
    for pointer in &found.0 {
        let node = tree
            .pointer(pointer)
            .ok_or_else(|| format!("the walk found `{pointer}`, which does not resolve"))?;
        if !is_nested(pointer, &pointers) {
            let fast = typed::reference_or_schema(node).ok();
            let serde = node.deserialize::<ReferenceOr<Schema>>().ok();
            if fast != serde {
                return Err(format!(
                    "`{pointer}` in full: fast {fast:?}, serde {serde:?}"
                ));
            }
            let fast = typed::schema(node).ok();
            let serde = node.deserialize::<Schema>().ok();
            if fast != serde {
                return Err(format!(
                    "`{pointer}` as a schema: fast {fast:?}, serde {serde:?}"
                ));
            }
        }
        let mut stubs = NodeSet::default();
        for inner in inner_schemas(node) {
            stubs.insert(inner);
        }
        let fast = typed::schema_reads(node, &stubs);
        let serde = serde::Deserialize::deserialize(node.stubbing(&stubs))
            .map(|_: Schema| ())
            .is_ok();
        if fast != serde {
            return Err(format!(
                "`{pointer}` with its inner schemas as `{{}}`: fast reads it: {fast}, serde: {serde}"
            ));
        }
    }
    Ok(found.0.len())
}

/// Loads each spec and compares the readings; a spec the front end refuses has no
/// tree to compare on and is counted apart.
fn compare_all(specs: &[PathBuf]) -> (usize, usize) {
    let mut schemas = 0;
    let mut refused = 0;
    for spec in specs {
        match oagen::front::load(spec) {
            Ok(loaded) => match compare(&loaded.raw) {
                Ok(count) => schemas += count,
                Err(difference) => panic!("{}: {difference}", spec.display()),
            },
            Err(_) => refused += 1,
        }
    }
    (schemas, refused)
}

#[test]
fn fast_schemas_read_as_serde_reads_them_on_fixtures_and_hostile_specs() {
    let root = tests::project_root();
    let mut specs = tests::fixture_specs();
    specs.extend(tests::specs_in(&root.join("tests/hostile")));
    let (schemas, _) = compare_all(&specs);
    assert!(schemas > 500, "only {schemas} schemas were compared");
}

/// The edge cases of `openapiv3`'s rules, written out: each must read as serde reads it.
#[test]
fn fast_schemas_read_edge_cases_as_serde_does() {
    let cases = [
        r##"{"type": "string", "enum": ["a", null], "format": "date-time", "pattern": "x"}"##,
        r##"{"type": "string", "enum": ["a", 1]}"##,
        r##"{"type": "string", "minimum": 1}"##,
        r##"{"type": "integer", "minimum": 1.5, "format": "int32"}"##,
        r##"{"type": "integer", "minimum": -3, "maximum": 18446744073709551615}"##,
        r##"{"type": "integer", "multipleOf": 2, "enum": [1, 2, null]}"##,
        r##"{"type": "number", "exclusiveMinimum": true, "minimum": 0, "enum": [1.5]}"##,
        r##"{"type": "boolean", "format": "x"}"##,
        r##"{"type": "boolean", "enum": [true, null]}"##,
        r##"{"type": "object", "additionalProperties": false, "minProperties": 1}"##,
        r##"{"type": "object", "additionalProperties": {"$ref": "#/a"}, "required": ["a"]}"##,
        r##"{"type": "object", "enum": [{}]}"##,
        r##"{"type": "array", "items": {"type": "string"}, "uniqueItems": true}"##,
        r##"{"type": "array", "format": "x"}"##,
        r##"{"type": "object", "allOf": [{}]}"##,
        r##"{"oneOf": [{"$ref": "#/a"}, {"type": "null"}]}"##,
        r##"{"oneOf": [], "anyOf": []}"##,
        r##"{"not": {"type": "string"}}"##,
        r##"{"allOf": [{"$ref": 1}]}"##,
        r##"{"nullable": true, "readOnly": false, "deprecated": true, "x-a": {"b": [1]}}"##,
        r##"{"nullable": null}"##,
        r##"{"title": null, "description": null, "example": null, "default": null}"##,
        r##"{"example": {"$ref": "#/not/a/ref"}, "default": [1, "a"]}"##,
        r##"{"externalDocs": {"url": "https://e", "description": null, "x-b": 1}}"##,
        r##"{"externalDocs": {"description": "no url"}}"##,
        r##"{"discriminator": {"propertyName": "kind", "mapping": {"a": "#/a"}, "x-c": 2}}"##,
        r##"{"discriminator": {"propertyName": "kind", "mapping": null}}"##,
        r##"{"discriminator": {"propertyName": "kind", "mapping": {"a": 1}}}"##,
        r##"{"minLength": -1}"##,
        r##"{"maxLength": 2.0}"##,
        r##"{"minItems": "1"}"##,
        r##"{"required": "a"}"##,
        r##"{"properties": []}"##,
        r##"{"properties": {"a": true}}"##,
        r##"{"items": [{"type": "string"}]}"##,
        r##"{"additionalProperties": "yes"}"##,
        r##"{"type": ["string", "null"]}"##,
        r##"{"$ref": "#/a", "type": 5}"##,
        r##"{"$ref": ["#/a"]}"##,
        r##"{"enum": null, "type": "object", "items": null}"##,
        r##"[]"##,
        r##"true"##,
    ];
    for case in cases {
        let tree = Tree::from_json_str(case).expect("each case is JSON");
        let node = tree.root();
        let fast = typed::reference_or_schema(node).ok();
        let serde = node.deserialize::<ReferenceOr<Schema>>().ok();
        assert_eq!(fast, serde, "{case}");
        let fast = typed::schema(node).ok();
        let serde = node.deserialize::<Schema>().ok();
        assert_eq!(fast, serde, "{case}");
        let fast = typed::schema_reads(node, &NodeSet::default());
        assert_eq!(fast, serde.is_some(), "{case}: whether it reads");
    }
}

#[test]
fn fast_schemas_read_as_serde_reads_them_on_the_corpus() {
    let Some(shared) =
        tests::shared_dir_or_say("the fast schema reading against serde on the corpus was")
    else {
        return;
    };
    let specs = tests::corpus_entry_points(&shared);
    assert!(specs.len() > 10, "only {} corpus specs", specs.len());
    let (schemas, refused) = compare_all(&specs);
    assert!(schemas > 100_000, "only {schemas} schemas were compared");
    assert!(
        refused < specs.len() / 2,
        "{refused} corpus specs were refused"
    );
}
