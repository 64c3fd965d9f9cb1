//! A walker over the OpenAPI 3.x object model of a parsed document.
//!
//! It finds each part (path item, operation, parameter, schema, ...) by its position
//! in the object model, never by a key name met somewhere in the tree, so an example
//! value that happens to hold a key named `$ref` or `anyOf` is left alone. The upgrade
//! of 3.1 and 3.2 documents uses it both to check their structure and to rewrite them.

use serde_json::{Map, Value};

use crate::diagnostics::{push_pointer_token, Diagnostic};

/// How deep schemas may nest before the walker stops descending. The later phases
/// report a document this deep; the walker only must not recurse without bound.
const MAX_SCHEMA_DEPTH: usize = 256;

/// The HTTP methods a path item names as fixed fields, `query` (3.2) included.
pub(crate) const FIXED_METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace", "query",
];

/// The kinds of object the walker visits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Part {
    /// A Path Item Object (under `paths`, `webhooks`, a callback or `components/pathItems`).
    PathItem,
    /// An Operation Object.
    Operation,
    /// A Parameter Object.
    Parameter,
    /// A Header Object.
    Header,
    /// A Media Type Object.
    MediaType,
    /// An Encoding Object.
    Encoding,
    /// An Example Object.
    Example,
    /// A Link Object.
    Link,
    /// A Response Object.
    Response,
    /// A Request Body Object.
    RequestBody,
    /// A Schema Object (or a boolean schema).
    Schema,
    /// A Security Scheme Object.
    SecurityScheme,
    /// A Server Object.
    Server,
    /// A Tag Object.
    Tag,
}

/// What to do at each part. `enter` runs before the part's children are walked,
/// `leave` after, so a rewrite in `leave` sees its children rewritten already.
pub(crate) trait Visitor {
    /// Called on a part before its children.
    fn enter(&mut self, _part: Part, _node: &mut Value, _at: &str) -> Result<(), Diagnostic> {
        Ok(())
    }

    /// Called on a part after its children.
    fn leave(&mut self, _part: Part, _node: &mut Value, _at: &str) -> Result<(), Diagnostic> {
        Ok(())
    }
}

/// Walks every part of the document `root`.
pub(crate) fn document(root: &mut Value, visitor: &mut dyn Visitor) -> Result<(), Diagnostic> {
    let mut walker = Walker {
        visitor,
        at: String::new(),
    };
    walker.document(root)
}

/// Walks one part found at `at` (a pointer into the document), and everything in it.
pub(crate) fn part(
    part: Part,
    node: &mut Value,
    at: &str,
    visitor: &mut dyn Visitor,
) -> Result<(), Diagnostic> {
    let mut walker = Walker {
        visitor,
        at: at.to_owned(),
    };
    walker.part(part, node, 0)
}

struct Walker<'v> {
    visitor: &'v mut dyn Visitor,
    at: String,
}

impl Walker<'_> {
    fn document(&mut self, root: &mut Value) -> Result<(), Diagnostic> {
        let Some(root) = root.as_object_mut() else {
            return Ok(());
        };
        self.list("servers", root.get_mut("servers"), Part::Server)?;
        self.list("tags", root.get_mut("tags"), Part::Tag)?;
        if let Some(paths) = root.get_mut("paths") {
            self.paths("paths", paths)?;
        }
        if let Some(webhooks) = root.get_mut("webhooks") {
            self.map("webhooks", Some(webhooks), Part::PathItem)?;
        }
        if let Some(Value::Object(components)) = root.get_mut("components") {
            self.descend("components", |walker| {
                for (kind, part) in [
                    ("schemas", Part::Schema),
                    ("responses", Part::Response),
                    ("parameters", Part::Parameter),
                    ("examples", Part::Example),
                    ("requestBodies", Part::RequestBody),
                    ("headers", Part::Header),
                    ("securitySchemes", Part::SecurityScheme),
                    ("links", Part::Link),
                    ("pathItems", Part::PathItem),
                    ("mediaTypes", Part::MediaType),
                ] {
                    walker.map(kind, components.get_mut(kind), part)?;
                }
                if let Some(callbacks) = components.get_mut("callbacks") {
                    walker.descend("callbacks", |walker| walker.callbacks(callbacks))?;
                }
                Ok(())
            })?;
        }
        Ok(())
    }

    /// Runs `f` with `token` pushed on the pointer.
    fn descend<T>(
        &mut self,
        token: &str,
        f: impl FnOnce(&mut Self) -> Result<T, Diagnostic>,
    ) -> Result<T, Diagnostic> {
        let length = self.at.len();
        push_pointer_token(&mut self.at, token);
        let result = f(self);
        self.at.truncate(length);
        result
    }

    /// The entries of a map of parts (extensions skipped).
    /// The encodings a media type or an encoding holds: by property (`encoding`), by
    /// position (`prefixEncoding`) and for every item (`itemEncoding`, 3.2).
    fn encodings(&mut self, object: &mut Map<String, Value>) -> Result<(), Diagnostic> {
        self.map("encoding", object.get_mut("encoding"), Part::Encoding)?;
        self.list(
            "prefixEncoding",
            object.get_mut("prefixEncoding"),
            Part::Encoding,
        )?;
        if let Some(item) = object.get_mut("itemEncoding") {
            self.descend("itemEncoding", |w| w.part(Part::Encoding, item, 0))?;
        }
        Ok(())
    }

    fn map(&mut self, key: &str, node: Option<&mut Value>, part: Part) -> Result<(), Diagnostic> {
        let Some(Value::Object(entries)) = node else {
            return Ok(());
        };
        self.descend(key, |walker| {
            for (name, entry) in entries.iter_mut() {
                if part != Part::Schema && name.starts_with("x-") {
                    continue;
                }
                walker.descend(name, |walker| walker.part(part, entry, 0))?;
            }
            Ok(())
        })
    }

    /// The items of a list of parts.
    fn list(&mut self, key: &str, node: Option<&mut Value>, part: Part) -> Result<(), Diagnostic> {
        let Some(Value::Array(items)) = node else {
            return Ok(());
        };
        self.descend(key, |walker| {
            for (index, item) in items.iter_mut().enumerate() {
                walker.descend(&index.to_string(), |walker| walker.part(part, item, 0))?;
            }
            Ok(())
        })
    }

    fn paths(&mut self, key: &str, paths: &mut Value) -> Result<(), Diagnostic> {
        let Value::Object(paths) = paths else {
            return Ok(());
        };
        self.descend(key, |walker| {
            for (path, item) in paths.iter_mut().filter(|(p, _)| p.starts_with('/')) {
                walker.descend(path, |walker| walker.part(Part::PathItem, item, 0))?;
            }
            Ok(())
        })
    }

    /// A map of callbacks: each callback maps expressions to path items.
    fn callbacks(&mut self, callbacks: &mut Value) -> Result<(), Diagnostic> {
        let Value::Object(callbacks) = callbacks else {
            return Ok(());
        };
        for (name, callback) in callbacks.iter_mut() {
            let Value::Object(expressions) = callback else {
                continue;
            };
            self.descend(name, |walker| {
                for (expression, item) in expressions.iter_mut() {
                    if expression.starts_with("x-") || expression == "$ref" {
                        continue;
                    }
                    walker.descend(expression, |walker| walker.part(Part::PathItem, item, 0))?;
                }
                Ok(())
            })?;
        }
        Ok(())
    }

    fn part(&mut self, part: Part, node: &mut Value, depth: usize) -> Result<(), Diagnostic> {
        let at = self.at.clone();
        self.visitor.enter(part, node, &at)?;
        self.children(part, node, depth)?;
        self.visitor.leave(part, node, &at)
    }

    fn children(&mut self, part: Part, node: &mut Value, depth: usize) -> Result<(), Diagnostic> {
        let Value::Object(object) = node else {
            return Ok(());
        };
        match part {
            Part::PathItem => {
                self.list("servers", object.get_mut("servers"), Part::Server)?;
                self.list("parameters", object.get_mut("parameters"), Part::Parameter)?;
                for method in FIXED_METHODS {
                    if let Some(operation) = object.get_mut(*method) {
                        self.descend(method, |w| w.part(Part::Operation, operation, 0))?;
                    }
                }
                self.map(
                    "additionalOperations",
                    object.get_mut("additionalOperations"),
                    Part::Operation,
                )?;
            }
            Part::Operation => {
                self.list("servers", object.get_mut("servers"), Part::Server)?;
                self.list("parameters", object.get_mut("parameters"), Part::Parameter)?;
                if let Some(body) = object.get_mut("requestBody") {
                    self.descend("requestBody", |w| w.part(Part::RequestBody, body, 0))?;
                }
                self.map("responses", object.get_mut("responses"), Part::Response)?;
                if let Some(callbacks) = object.get_mut("callbacks") {
                    self.descend("callbacks", |walker| walker.callbacks(callbacks))?;
                }
            }
            Part::Parameter | Part::Header => {
                self.schema("schema", object.get_mut("schema"), 0)?;
                self.map("content", object.get_mut("content"), Part::MediaType)?;
                self.map("examples", object.get_mut("examples"), Part::Example)?;
            }
            Part::MediaType => {
                self.schema("schema", object.get_mut("schema"), 0)?;
                self.schema("itemSchema", object.get_mut("itemSchema"), 0)?;
                self.map("examples", object.get_mut("examples"), Part::Example)?;
                self.encodings(object)?;
            }
            Part::Encoding => {
                self.map("headers", object.get_mut("headers"), Part::Header)?;
                self.encodings(object)?;
            }
            Part::Response => {
                self.map("headers", object.get_mut("headers"), Part::Header)?;
                self.map("content", object.get_mut("content"), Part::MediaType)?;
                self.map("links", object.get_mut("links"), Part::Link)?;
            }
            Part::RequestBody => {
                self.map("content", object.get_mut("content"), Part::MediaType)?;
            }
            Part::Link => {
                if let Some(server) = object.get_mut("server") {
                    self.descend("server", |w| w.part(Part::Server, server, 0))?;
                }
            }
            Part::Schema => self.schema_children(object, depth)?,
            Part::Example | Part::SecurityScheme | Part::Server | Part::Tag => {}
        }
        Ok(())
    }

    /// One schema at `key` of the current node, if there is one.
    fn schema(
        &mut self,
        key: &str,
        node: Option<&mut Value>,
        depth: usize,
    ) -> Result<(), Diagnostic> {
        match node {
            Some(schema) => self.descend(key, |w| w.part(Part::Schema, schema, depth)),
            None => Ok(()),
        }
    }

    /// The subschemas of a JSON Schema 2020-12 schema, by the keywords that hold them.
    fn schema_children(
        &mut self,
        object: &mut serde_json::Map<String, Value>,
        depth: usize,
    ) -> Result<(), Diagnostic> {
        if depth >= MAX_SCHEMA_DEPTH {
            return Ok(());
        }
        let depth = depth + 1;
        for (key, child) in object.iter_mut() {
            match key.as_str() {
                "properties" | "patternProperties" | "$defs" | "definitions"
                | "dependentSchemas" => {
                    let Value::Object(entries) = child else {
                        continue;
                    };
                    self.descend(key, |walker| {
                        for (name, entry) in entries.iter_mut() {
                            walker.descend(name, |w| w.part(Part::Schema, entry, depth))?;
                        }
                        Ok(())
                    })?;
                }
                "allOf" | "anyOf" | "oneOf" | "prefixItems" => {
                    let Value::Array(members) = child else {
                        continue;
                    };
                    self.descend(key, |walker| {
                        for (index, member) in members.iter_mut().enumerate() {
                            walker.descend(&index.to_string(), |w| {
                                w.part(Part::Schema, member, depth)
                            })?;
                        }
                        Ok(())
                    })?;
                }
                "items"
                | "additionalProperties"
                | "unevaluatedProperties"
                | "unevaluatedItems"
                | "contains"
                | "propertyNames"
                | "not"
                | "if"
                | "then"
                | "else"
                | "contentSchema"
                    if child.is_object() || child.is_boolean() =>
                {
                    self.descend(key, |w| w.part(Part::Schema, child, depth))?;
                }
                _ => {}
            }
        }
        Ok(())
    }
}
