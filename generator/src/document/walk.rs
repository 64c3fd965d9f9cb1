//! Walk: the one walk over a document that finds its parts by their position in
//! the object model ([`crate::document::model`]), never by key names.
//!
//! The walk is generic over how a document is held ([`Walkable`]): the compact
//! [`Tree`](crate::document::tree::Tree) that the reference check
//! ([`crate::front::check::refs`]) and lint read, and the `serde_json::Value` that the
//! upgrade of 3.1 and 3.2 documents rewrites in place. It goes once over each part's
//! own keys, asks the model what each holds, and enters only the parts: data values
//! (`default`, `example`, an example's `value`, `enum`, `const`, a link's
//! `parameters`, extensions) are never entered, so a key named `$ref` or `anyOf` in
//! them is left alone. What to do at each part is a [`Visit`]; [`walk`] adapts the
//! simpler [`Visitor`] of the tree (references and prose) to it, so that one walk
//! feeds both the reference check and lint's prose rules.
//!
//! The bundler (`front/bundle.rs`) walks by the same model but not with this walk:
//! it must also see the maps and lists that hold parts and the values the model has
//! no place for, since a `$ref` to another file may stand for any of them.
//!
//! Schemas and callbacks nest; the walk does not enter them deeper than
//! [`MAX_DEPTH`] levels (the structure check refuses documents that deep), so no
//! document can overflow its stack.

use std::fmt::Write as _;

use serde_json::Value;

use crate::diagnostics::{push_pointer_token, Diagnostic};
use crate::document::model::{Field, Part, Place};
use crate::document::tree::Node;

/// How many schemas or callbacks deep the walk enters.
pub const MAX_DEPTH: usize = 256;

/// A way of holding a document that the walk can go through: objects' entries and
/// lists' items, each reached through a mutable handle so that a visitor may rewrite
/// a part where it can.
pub trait Walkable {
    /// Whether this is a list.
    fn is_array(&self) -> bool;

    /// Calls `f` on each entry of this object, in document order (nothing when this is
    /// no object), until `f` fails.
    fn each_entry<E>(&mut self, f: impl FnMut(&str, &mut Self) -> Result<(), E>) -> Result<(), E>;

    /// Calls `f` on each item of this list, in order (nothing when this is no list),
    /// until `f` fails.
    fn each_item<E>(&mut self, f: impl FnMut(usize, &mut Self) -> Result<(), E>) -> Result<(), E>;
}

impl Walkable for Value {
    fn is_array(&self) -> bool {
        Value::is_array(self)
    }

    fn each_entry<E>(
        &mut self,
        mut f: impl FnMut(&str, &mut Self) -> Result<(), E>,
    ) -> Result<(), E> {
        if let Value::Object(map) = self {
            for (key, value) in map.iter_mut() {
                f(key, value)?;
            }
        }
        Ok(())
    }

    fn each_item<E>(
        &mut self,
        mut f: impl FnMut(usize, &mut Self) -> Result<(), E>,
    ) -> Result<(), E> {
        if let Value::Array(items) = self {
            for (index, item) in items.iter_mut().enumerate() {
                f(index, item)?;
            }
        }
        Ok(())
    }
}

/// A tree node is a read-only handle: the walk gets a copy of each child.
impl Walkable for Node<'_> {
    fn is_array(&self) -> bool {
        Node::is_array(*self)
    }

    fn each_entry<E>(
        &mut self,
        mut f: impl FnMut(&str, &mut Self) -> Result<(), E>,
    ) -> Result<(), E> {
        if let Some(object) = self.as_object() {
            for (key, mut value) in object.iter() {
                f(key, &mut value)?;
            }
        }
        Ok(())
    }

    fn each_item<E>(
        &mut self,
        mut f: impl FnMut(usize, &mut Self) -> Result<(), E>,
    ) -> Result<(), E> {
        if let Some(items) = self.as_array() {
            for (index, mut item) in items.iter().enumerate() {
                f(index, &mut item)?;
            }
        }
        Ok(())
    }
}

/// What to do at each part a walk finds. Each method gets the JSON pointer of the
/// node it is about.
pub trait Visit<N> {
    /// Called on a part before its fields are walked; they are walked only when this
    /// returns `true`. A visitor may replace the part (with what a reference names).
    fn enter(&mut self, part: Part, node: &mut N, at: &str) -> Result<bool, Diagnostic>;

    /// Called on a part after its fields, so a rewrite here sees them rewritten.
    fn leave(&mut self, _part: Part, _node: &mut N, _at: &str) -> Result<(), Diagnostic> {
        Ok(())
    }

    /// Called on the value of a prose field (`title`, `summary`, `description`).
    fn prose(&mut self, _node: &mut N, _at: &str) {}
}

/// Walks `node`, a `part` found at `at`, and every part in it, stopping at the first
/// error a visitor returns.
pub fn walk_part<N: Walkable, V: Visit<N>>(
    part: Part,
    node: &mut N,
    at: &str,
    visitor: &mut V,
) -> Result<(), Diagnostic> {
    let mut walker = Walker {
        visitor,
        at: at.to_owned(),
        depth: 0,
    };
    walker.part(part, node)
}

struct Walker<'v, V> {
    visitor: &'v mut V,
    /// The pointer of the node being walked.
    at: String,
    /// How many schemas and callbacks the walk is inside.
    depth: usize,
}

impl<V> Walker<'_, V> {
    /// Runs `f` with `token` pushed on the pointer.
    fn under<T>(&mut self, token: &str, f: impl FnOnce(&mut Self) -> T) -> T {
        let len = self.at.len();
        push_pointer_token(&mut self.at, token);
        let result = f(self);
        self.at.truncate(len);
        result
    }

    /// Runs `f` with the list index `index` pushed on the pointer.
    fn under_index<T>(&mut self, index: usize, f: impl FnOnce(&mut Self) -> T) -> T {
        let len = self.at.len();
        // Writing to a `String` cannot fail.
        let _ = write!(self.at, "/{index}");
        let result = f(self);
        self.at.truncate(len);
        result
    }

    /// Walks `node`, a `part`, unless the walk is as deep as it goes.
    fn part<N: Walkable>(&mut self, part: Part, node: &mut N) -> Result<(), Diagnostic>
    where
        V: Visit<N>,
    {
        if !part.nests() {
            return self.fields(part, node);
        }
        if self.depth >= MAX_DEPTH {
            return Ok(());
        }
        self.depth += 1;
        let result = self.fields(part, node);
        self.depth -= 1;
        result
    }

    /// Visits `node`, a `part`, and walks each of its own keys by what the model says
    /// it holds.
    fn fields<N: Walkable>(&mut self, part: Part, node: &mut N) -> Result<(), Diagnostic>
    where
        V: Visit<N>,
    {
        if self.visitor.enter(part, node, &self.at)? {
            node.each_entry(|key, child| {
                let place = part.child(key, child.is_array());
                self.place(place, key, child)
            })?;
        }
        self.visitor.leave(part, node, &self.at)
    }

    /// Walks `node`, the value of `key`, as `place`.
    fn place<N: Walkable>(
        &mut self,
        place: Place,
        key: &str,
        node: &mut N,
    ) -> Result<(), Diagnostic>
    where
        V: Visit<N>,
    {
        match place {
            Place::Part(part) => self.under(key, |w| w.part(part, node)),
            Place::Map(part) => self.under(key, |w| {
                node.each_entry(|name, entry| w.under(name, |w| w.part(part, entry)))
            }),
            Place::List(part) => self.under(key, |w| {
                node.each_item(|index, item| w.under_index(index, |w| w.part(part, item)))
            }),
            Place::Prose => {
                self.under(key, |w| w.visitor.prose(node, &w.at));
                Ok(())
            }
            Place::Data | Place::Mapping | Place::Reference | Place::Extension | Place::Unknown => {
                Ok(())
            }
        }
    }
}

/// What a walk of a loaded (OpenAPI 3.0) tree reports. Each method gets the JSON
/// pointer of the node it is about.
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

/// Walks `root`, a loaded OpenAPI 3.0 document, calling `visitor` for what it
/// finds, in document order.
pub fn walk<'t>(root: Node<'t>, visitor: &mut impl Visitor<'t>) {
    let mut root = root;
    // The tree's visit never fails.
    let _ = walk_part(Part::Document, &mut root, "", &mut OnTree(visitor));
}

/// The [`Visit`] of a tree for a [`Visitor`]: a part that is a reference is
/// reported, and not entered.
struct OnTree<'v, V>(&'v mut V);

impl<'t, V: Visitor<'t>> Visit<Node<'t>> for OnTree<'_, V> {
    fn enter(&mut self, part: Part, node: &mut Node<'t>, at: &str) -> Result<bool, Diagnostic> {
        let schema = matches!(part, Part::Schema);
        if schema {
            self.0.schema(at);
        }
        if part.is_referable() {
            if let Some(reference) = crate::document::resolve::reference_of(*node) {
                match schema {
                    true => self.0.schema_reference(at, reference),
                    false => self.0.reference(at, reference),
                }
                return Ok(false);
            }
        }
        Ok(true)
    }

    fn prose(&mut self, node: &mut Node<'t>, at: &str) {
        if let Some(text) = node.as_str() {
            self.0.prose(at, text);
        }
    }
}

/// The operations of a path item, as the model lists them: those of the methods it
/// has fields for (in the order of [`crate::document::METHODS`]), then those kept
/// under a map of methods. Each comes with its method, as written, and its pointer
/// from the path item (`/get`, `/x-oagen-operations/QUERY`).
pub fn operations<'t>(item: Node<'t>) -> Vec<(&'t str, String, Node<'t>)> {
    let mut found = Vec::new();
    for (key, field) in Part::PathItem.fields() {
        let Some(value) = item.get(key) else {
            continue;
        };
        let mut at = String::new();
        push_pointer_token(&mut at, key);
        match field {
            Field::One(Part::Operation) => found.push((key, at, value)),
            Field::Map(Part::Operation) => {
                for (method, operation) in value.as_object().into_iter().flat_map(|m| m.iter()) {
                    let mut at = at.clone();
                    push_pointer_token(&mut at, method);
                    found.push((method, at, operation));
                }
            }
            _ => {}
        }
    }
    found
}

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
                        "example": {"items": r("#/s2")}}}}}},
                    "x-extension": r("#/data")}},
                "x-oagen-operations": {"QUERY": {"requestBody": r("#/q")}}},
                "x-not-a-path": {"get": {"requestBody": r("#/data")}}},
            "components": {
                "schemas": {"examples": {"allOf": [r("#/s3")], "x-ext": r("#/data"),
                    "discriminator": {"mapping": {"a": "#/data"}}}},
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
                "/paths/~1p/x-oagen-operations/QUERY/requestBody",
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

    /// Each kind of part that may be a reference is found as one at its position.
    #[test]
    fn every_kind_of_reference_is_found() {
        let r = |to: &str| json!({"$ref": to});
        let found = found(json!({
            "paths": {"/a": r("#/item"), "/b": {"get": {
                "requestBody": r("#/body"),
                "responses": {"200": r("#/response"), "201": {"description": "d",
                    "headers": {"h": r("#/header")},
                    "content": {"a/b": r("#/media"), "c/d": {"schema": r("#/schema"),
                        "encoding": {"e": {"headers": {"h": r("#/encoding-header")}}}}},
                    "links": {"l": r("#/link")}}},
                "callbacks": {"c": r("#/callback")}}}},
            "webhooks": {"w": r("#/webhook")},
            "components": {
                "securitySchemes": {"s": r("#/scheme")},
                "examples": {"e": r("#/example")},
                "pathItems": {"p": r("#/path-item")},
            }
        }));
        let targets: Vec<&str> = found.references.iter().map(|(_, to)| to.as_str()).collect();
        assert_eq!(
            targets,
            [
                "#/item",
                "#/body",
                "#/response",
                "#/header",
                "#/media",
                "#/schema",
                "#/encoding-header",
                "#/link",
                "#/callback",
                "#/webhook",
                "#/scheme",
                "#/example",
                "#/path-item",
            ]
        );
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

    /// The walk of a `Value` visits the same parts, and a visitor's rewrite in
    /// `leave` sees the fields rewritten.
    #[test]
    fn the_walk_of_a_value_rewrites_parts_in_place() {
        struct Upper;
        impl Visit<Value> for Upper {
            fn enter(&mut self, _: Part, _: &mut Value, _: &str) -> Result<bool, Diagnostic> {
                Ok(true)
            }

            fn leave(&mut self, part: Part, node: &mut Value, at: &str) -> Result<(), Diagnostic> {
                if part == Part::Schema {
                    if let Some(object) = node.as_object_mut() {
                        object.insert("x-at".into(), json!(at));
                    }
                }
                Ok(())
            }
        }
        let mut document = json!({"components": {"schemas": {"A": {
            "properties": {"b": {"type": "string"}}, "default": {"properties": {}}}}}});
        walk_part(Part::Document, &mut document, "", &mut Upper).unwrap();
        assert_eq!(
            document,
            json!({"components": {"schemas": {"A": {
                "properties": {"b": {"type": "string", "x-at": "/components/schemas/A/properties/b"}},
                "default": {"properties": {}},
                "x-at": "/components/schemas/A"}}}})
        );
    }

    /// A path item's operations include those of methods 3.0 has no field for.
    #[test]
    fn operations_include_those_of_other_methods() {
        let document = json!({"get": {}, "x-oagen-operations": {"QUERY": {}, "COPY": {}},
            "post": {}, "summary": "s"});
        let tree = Tree::from_value(&document).unwrap();
        let found: Vec<(&str, String)> = operations(tree.root())
            .into_iter()
            .map(|(method, at, _)| (method, at))
            .collect();
        assert_eq!(
            found,
            [
                ("get", "/get".to_owned()),
                ("post", "/post".to_owned()),
                ("QUERY", "/x-oagen-operations/QUERY".to_owned()),
                ("COPY", "/x-oagen-operations/COPY".to_owned()),
            ]
        );
    }
}
