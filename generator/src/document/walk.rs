//! Walk: the one walk over a document that finds its parts by their position in
//! the OpenAPI 3.0 object model, never by key names.
//!
//! A key means what its position says: `schema` is a schema under a parameter, a
//! header or a media type, and the name of a parameter under
//! `components/parameters`; `$ref` is a reference in a Reference Object or a
//! schema, and plain data inside `default`, `example`, an example's `value`,
//! `enum`, `const`, a link's `parameters` or any `x-` extension, which the walk
//! never enters (but for the two the front end gives a meaning: `x-webhooks` and
//! the upgrade's operations of other methods). The check ([`crate::front::check::refs`]) and
//! lint's tree rules both walk this way, so they agree on which `$ref`s are references.
//!
//! Schemas and callbacks nest; the walk stops descending at [`MAX_DEPTH`] levels
//! of them (the structure check refuses documents that deep), so no document can
//! overflow its stack.

use crate::diagnostics::push_pointer_token;
use crate::document::tree::{Node, Object};
use crate::document::METHODS;

/// How many schemas or callbacks deep the walk descends.
pub const MAX_DEPTH: usize = 256;

/// What a walk reports. Each method gets the JSON pointer of the node it is about.
pub trait Visitor<'t> {
    /// A reference: the node at `at` is a Reference Object (or a schema) whose
    /// `$ref` is `reference`. What it points at is not walked from here.
    fn reference(&mut self, at: &str, reference: &'t str);

    /// A reference that stands for a schema: by default, a reference like any other.
    fn schema_reference(&mut self, at: &str, reference: &'t str) {
        self.reference(at, reference);
    }

    /// A schema position: the node at `at` is a schema, or a reference standing for
    /// one (reported next, by [`Visitor::schema_reference`]).
    fn schema(&mut self, _at: &str) {}

    /// Prose meant for readers: a `title`, `summary` or `description`.
    fn prose(&mut self, at: &str, text: &'t str);
}

/// Walks `root`, an OpenAPI 3.0 document, calling `visitor` for what it finds, in
/// document order: the info and tags, the path items, then the components.
pub fn walk<'t>(root: Node<'t>, visitor: &mut impl Visitor<'t>) {
    let mut walker = Walker {
        visitor,
        at: String::new(),
        depth: 0,
    };
    walker.document(root);
}

/// A component kind, with how its entries are walked.
type Part<'v, 't, V> = fn(&mut Walker<'v, V>, Node<'t>);

struct Walker<'v, V> {
    visitor: &'v mut V,
    /// The pointer of the node being walked.
    at: String,
    /// How many schemas and callbacks the walk is inside.
    depth: usize,
}

impl<'v, 't, V: Visitor<'t>> Walker<'v, V> {
    /// Walks `node` with `token` pushed on the pointer.
    fn under(&mut self, token: &str, node: Node<'t>, part: Part<'v, 't, V>) {
        let len = self.at.len();
        push_pointer_token(&mut self.at, token);
        part(self, node);
        self.at.truncate(len);
    }

    /// Walks the value of `key` in `node`, if it has one.
    fn field(&mut self, node: Node<'t>, key: &str, part: Part<'v, 't, V>) {
        if let Some(value) = node.get(key) {
            self.under(key, value, part);
        }
    }

    /// Walks each value of the map at `key` in `node`.
    fn map(&mut self, node: Node<'t>, key: &str, part: Part<'v, 't, V>) {
        if let Some(map) = node.get(key).and_then(Node::as_object) {
            let len = self.at.len();
            push_pointer_token(&mut self.at, key);
            self.entries(map, part);
            self.at.truncate(len);
        }
    }

    fn entries(&mut self, map: Object<'t>, part: Part<'v, 't, V>) {
        for (name, value) in map.iter() {
            self.under(name, value, part);
        }
    }

    /// Walks each item of the list at `key` in `node`.
    fn list(&mut self, node: Node<'t>, key: &str, part: Part<'v, 't, V>) {
        if let Some(items) = node.get(key).and_then(Node::as_array) {
            let len = self.at.len();
            push_pointer_token(&mut self.at, key);
            for (index, item) in items.iter().enumerate() {
                self.under(&index.to_string(), item, part);
            }
            self.at.truncate(len);
        }
    }

    /// Reports the prose fields of `node`.
    fn prose(&mut self, node: Node<'t>, keys: &[&str]) {
        for key in keys {
            if let Some(text) = node.get(key).and_then(Node::as_str) {
                let len = self.at.len();
                push_pointer_token(&mut self.at, key);
                self.visitor.prose(&self.at, text);
                self.at.truncate(len);
            }
        }
    }

    /// Reports `node` when it is a reference; otherwise walks it as `part`.
    fn referable(&mut self, node: Node<'t>, part: Part<'v, 't, V>) {
        match crate::document::resolve::reference_of(node) {
            Some(reference) => self.visitor.reference(&self.at, reference),
            None => part(self, node),
        }
    }

    fn document(&mut self, root: Node<'t>) {
        self.field(root, "info", |w, info| {
            w.prose(info, &["title", "summary", "description"])
        });
        self.list(root, "tags", |w, tag| w.prose(tag, &["description"]));
        if let Some(paths) = root.get("paths").and_then(Node::as_object) {
            let len = self.at.len();
            self.at.push_str("/paths");
            for (path, item) in paths.iter().filter(|(path, _)| path.starts_with('/')) {
                self.under(path, item, Self::path_item);
            }
            self.at.truncate(len);
        }
        // The upgrade keeps 3.1's `webhooks` as `x-webhooks`, the name 3.0 specs use
        // (Lob's), so both are path items.
        self.map(root, "webhooks", Self::path_item);
        self.map(root, "x-webhooks", Self::path_item);
        let Some(components) = root.get("components") else {
            return;
        };
        let len = self.at.len();
        self.at.push_str("/components");
        let kinds: [(&str, Part<'v, 't, V>); 10] = [
            ("schemas", Self::schema),
            ("responses", Self::response),
            ("parameters", Self::parameter),
            ("examples", Self::example),
            ("requestBodies", Self::request_body),
            ("headers", Self::parameter),
            ("securitySchemes", Self::security_scheme),
            ("links", Self::link),
            ("callbacks", Self::callback),
            ("pathItems", Self::path_item),
        ];
        for (kind, part) in kinds {
            self.map(components, kind, part);
        }
        self.at.truncate(len);
    }

    fn path_item(&mut self, item: Node<'t>) {
        self.referable(item, |w, item| {
            w.prose(item, &["summary", "description"]);
            w.list(item, "parameters", Self::parameter);
            for method in METHODS {
                w.field(item, method, Self::operation);
            }
            // Operations of methods 3.0 has no field for (3.2's `query`, `COPY`), where
            // the upgrade keeps them.
            w.map(item, crate::document::EXTRA_OPERATIONS, Self::operation);
        });
    }

    fn operation(&mut self, operation: Node<'t>) {
        self.prose(operation, &["summary", "description"]);
        self.list(operation, "parameters", Self::parameter);
        self.field(operation, "requestBody", Self::request_body);
        self.map(operation, "responses", Self::response);
        self.map(operation, "callbacks", Self::callback);
    }

    /// A parameter, or a header (a parameter without `name` and `in`).
    fn parameter(&mut self, parameter: Node<'t>) {
        self.referable(parameter, |w, parameter| {
            w.prose(parameter, &["description"]);
            w.field(parameter, "schema", Self::schema);
            w.map(parameter, "examples", Self::example);
            w.map(parameter, "content", Self::media_type);
        });
    }

    fn request_body(&mut self, body: Node<'t>) {
        self.referable(body, |w, body| {
            w.prose(body, &["description"]);
            w.map(body, "content", Self::media_type);
        });
    }

    fn response(&mut self, response: Node<'t>) {
        self.referable(response, |w, response| {
            w.prose(response, &["description"]);
            w.map(response, "headers", Self::parameter);
            w.map(response, "content", Self::media_type);
            w.map(response, "links", Self::link);
        });
    }

    fn media_type(&mut self, media_type: Node<'t>) {
        self.field(media_type, "schema", Self::schema);
        self.map(media_type, "examples", Self::example);
        self.map(media_type, "encoding", |w, encoding| {
            w.map(encoding, "headers", Self::parameter);
        });
    }

    /// An example: its `value` is data.
    fn example(&mut self, example: Node<'t>) {
        self.referable(example, |w, example| {
            w.prose(example, &["summary", "description"])
        });
    }

    /// A link: its `parameters` and `requestBody` are data (runtime expressions).
    fn link(&mut self, link: Node<'t>) {
        self.referable(link, |w, link| w.prose(link, &["description"]));
    }

    fn security_scheme(&mut self, scheme: Node<'t>) {
        self.referable(scheme, |w, scheme| w.prose(scheme, &["description"]));
    }

    fn callback(&mut self, callback: Node<'t>) {
        self.nested(callback, |w, callback| {
            w.referable(callback, |w, callback| {
                if let Some(map) = callback.as_object() {
                    w.entries(map, Self::path_item);
                }
            });
        });
    }

    /// A schema, with the schemas it holds. `default`, `example`, `enum` and `const`
    /// are data; JSON Schema keywords that hold schemas are walked as schemas, so
    /// that a reference in one is checked as it would be read.
    fn schema(&mut self, schema: Node<'t>) {
        self.nested(schema, |w, schema| {
            w.visitor.schema(&w.at);
            if let Some(reference) = crate::document::resolve::reference_of(schema) {
                w.visitor.schema_reference(&w.at, reference);
                return;
            }
            w.prose(schema, &["title", "description"]);
            for key in ["properties", "patternProperties", "$defs", "definitions"] {
                w.map(schema, key, Self::schema);
            }
            for key in ["allOf", "oneOf", "anyOf", "prefixItems"] {
                w.list(schema, key, Self::schema);
            }
            for key in SCHEMA_KEYWORDS {
                match schema.get(key) {
                    Some(child) if child.is_object() => w.under(key, child, Self::schema),
                    Some(children) if children.is_array() && *key == "items" => {
                        w.list(schema, key, Self::schema)
                    }
                    _ => {}
                }
            }
        });
    }

    /// Walks `node` one level deeper, unless the walk is as deep as it goes.
    fn nested(&mut self, node: Node<'t>, part: Part<'v, 't, V>) {
        if self.depth >= MAX_DEPTH {
            return;
        }
        self.depth += 1;
        part(self, node);
        self.depth -= 1;
    }
}

/// The keywords whose value is one schema (when it is an object).
const SCHEMA_KEYWORDS: &[&str] = &[
    "items",
    "additionalProperties",
    "not",
    "if",
    "then",
    "else",
    "contains",
    "propertyNames",
    "additionalItems",
    "unevaluatedItems",
    "unevaluatedProperties",
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::tree::Tree;
    use serde_json::json;

    #[derive(Default)]
    struct Found {
        references: Vec<(String, String)>,
        prose: Vec<String>,
    }

    impl<'t> Visitor<'t> for Found {
        fn reference(&mut self, at: &str, reference: &'t str) {
            self.references.push((at.to_owned(), reference.to_owned()));
        }

        fn prose(&mut self, at: &str, _: &'t str) {
            self.prose.push(at.to_owned());
        }
    }

    fn found(document: serde_json::Value) -> Found {
        let tree = Tree::from_value(&document).unwrap();
        let mut found = Found::default();
        walk(tree.root(), &mut found);
        found
    }

    /// A `$ref` is a reference only where the object model allows one, whatever
    /// the keys around it are named.
    #[test]
    fn references_are_found_by_position() {
        let r = |to: &str| json!({"$ref": to});
        let found = found(json!({
            "openapi": "3.0.3",
            "info": {"title": "t", "version": "1", "x-data": r("#/a")},
            "paths": {"/p": {"get": {
                "parameters": [r("#/p1"), {"name": "schema", "in": "query",
                    "schema": {"type": "string", "default": r("#/data"), "example": r("#/data")},
                    "examples": {"value": {"value": r("#/data")}, "e": r("#/e")}}],
                "responses": {"200": {"description": "d", "links": {"l": {"parameters": {"x": r("#/data")}}},
                    "content": {"application/json": {"schema": {"properties": {
                        "default": r("#/s1"), "enum": {"enum": [r("#/data")]},
                        "example": {"items": r("#/s2")}}}}}}}}}},
            "components": {
                "schemas": {"examples": {"allOf": [r("#/s3")], "x-ext": r("#/data")}},
                "parameters": {"schema": r("#/p2")},
                "callbacks": {"c": {"{$url}": {"post": {"requestBody": r("#/b")}}}},
            }
        }));
        let references: Vec<&str> = found.references.iter().map(|(at, _)| at.as_str()).collect();
        assert_eq!(
            references,
            [
                "/paths/~1p/get/parameters/0",
                "/paths/~1p/get/parameters/1/examples/e",
                "/paths/~1p/get/responses/200/content/application~1json/schema/properties/default",
                "/paths/~1p/get/responses/200/content/application~1json/schema/properties/example/items",
                "/components/schemas/examples/allOf/0",
                "/components/parameters/schema",
                "/components/callbacks/c/{$url}/post/requestBody",
            ]
        );
        assert!(found.prose.contains(&"/info/title".to_owned()));
        assert!(found
            .prose
            .contains(&"/paths/~1p/get/responses/200/description".to_owned()));
    }

    /// The walk stops at its depth bound instead of following nesting without end.
    #[test]
    fn the_walk_stops_at_its_depth_bound() {
        let nested = |levels: usize| {
            let mut schema = json!({"$ref": "#/components/schemas/Leaf"});
            for _ in 0..levels {
                schema = json!({"items": schema});
            }
            found(json!({"components": {"schemas": {"Deep": schema}}})).references
        };
        assert_eq!(nested(MAX_DEPTH - 1).len(), 1);
        assert!(nested(MAX_DEPTH + 50).is_empty());
    }
}
