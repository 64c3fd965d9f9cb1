//! OpenAPI 3.1 and 3.2, upgraded in place to the OpenAPI 3.0 form the rest of the
//! generator reads.
//!
//! The document is first checked for what its own version forbids ([`super::shape`]),
//! then rewritten:
//! - JSON Schema 2020-12 schemas become 3.0 schemas ([`super::schema`]); `$defs` are
//!   hoisted to `components/schemas` and the references into them rewritten;
//! - path items given by `$ref` to `components/pathItems` (and 3.2 media types given by
//!   `$ref` to `components/mediaTypes`) are copied in place, then upgraded there;
//! - `mutualTLS` security schemes go: TLS identity is the HTTP client's business;
//! - `webhooks` become `x-webhooks`, each inline payload schema hoisted to
//!   `components/schemas` as `<Webhook>Payload`, so that every payload is a generated,
//!   documented type (nothing is sent by the client, so no operation is generated);
//! - 3.2's `query` and `additionalOperations` move under the path item's
//!   `x-oagen-operations` extension, keyed by the method in upper case, which lowering
//!   reads beside the fixed methods;
//! - an `in: querystring` parameter becomes a form-style, exploded query parameter
//!   typed by its content's schema;
//! - a streamed media type's `itemSchema` becomes a named item type, the body itself
//!   bytes, and the response says what the items are;
//! - fields 3.0 has no place for (`info.summary`, `license.identifier`, tag `parent`
//!   and `kind`, server `name`, `$self`, ...) are folded into what 3.0 has or dropped.
//!
//! Where meaning is lost, a note (a lint finding of rule `schema-loosened` or
//! `feature-loosened`) says so at the user's pointer.

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::Arc;

use serde_json::{json, Map, Value};

use super::walk::{self, Part, Visitor, FIXED_METHODS};
use super::{schema, shape, SpecVersion};
use crate::diagnostics::{
    copied_too_often, escape_pointer_token, push_pointer_token, Diagnostic, Severity, MAX_COPIES,
};
use crate::document::origin::SourceMap;
use crate::document::EXTRA_OPERATIONS;
use crate::front::Refused;

/// The rule of notes about features other than schemas that the 3.0 model loosens.
pub(crate) const FEATURE_LOOSENED: &str = "feature-loosened";

/// Upgrades a 3.1 or 3.2 document `raw`, read from `path`, to OpenAPI 3.0.
pub(crate) fn upgrade(
    path: &Path,
    raw: &mut Value,
    origins: &mut SourceMap,
    version: SpecVersion,
    notes: &mut Vec<Diagnostic>,
) -> Result<(), Refused> {
    shape::check(path, raw, version)?;
    let file: Arc<Path> = Arc::from(path);
    document_fields(raw);
    inline_components(raw, &file, origins)?;
    if let Some(Value::Object(components)) = raw.get_mut("components") {
        components.remove("pathItems");
        components.remove("mediaTypes");
    }
    let transport = transport_schemes(path, raw, notes);
    let hoisted = schema::hoist_defs(raw, &file, origins);
    let mut upgrader = Upgrader {
        path,
        file: &file,
        origins,
        notes,
        hoisted,
        names: component_names(raw),
        transport: &transport,
        operation_streams: Vec::new(),
        pending: Vec::new(),
        operation: String::new(),
        streamed: Vec::new(),
    };
    walk::document(raw, &mut upgrader)?;
    let Upgrader { pending, names, .. } = upgrader;
    add_components(raw, pending);
    webhooks(raw, &file, origins, names);
    if let Some(security) = raw.get_mut("security") {
        without_schemes(security, &transport);
    }
    raw["openapi"] = Value::String("3.0.3".to_owned());
    Ok(())
}

/// A note at `at`: something the document says that the generated client does not keep.
pub(crate) fn note(
    rule: &'static str,
    path: &Path,
    at: &str,
    message: impl Into<String>,
    hint: &str,
) -> Diagnostic {
    Diagnostic {
        severity: Severity::Info,
        ..Diagnostic::warning(rule, path, at, message).with_hint(hint)
    }
}

/// The document-level fields 3.0 does not have: `info.summary` becomes the
/// description when there is none, an SPDX `license.identifier` its URL, and
/// `jsonSchemaDialect` and `$self` go (every schema is read as the OAS dialect, and
/// references are resolved against the file). `paths` becomes required.
fn document_fields(raw: &mut Value) {
    let Some(root) = raw.as_object_mut() else {
        return;
    };
    root.remove("jsonSchemaDialect");
    root.remove("$self");
    root.entry("paths").or_insert_with(|| json!({}));
    if let Some(Value::Object(info)) = root.get_mut("info") {
        if let Some(summary) = info.remove("summary") {
            info.entry("description").or_insert(summary);
        }
        if let Some(Value::Object(license)) = info.get_mut("license") {
            if let Some(Value::String(identifier)) = license.remove("identifier") {
                let url = format!("https://spdx.org/licenses/{identifier}.html");
                license.entry("url").or_insert(Value::String(url));
            }
        }
    }
}

/// The names under `components/schemas`, which new components must not take.
fn component_names(raw: &Value) -> HashSet<String> {
    raw.pointer("/components/schemas")
        .and_then(Value::as_object)
        .map(|schemas| schemas.keys().cloned().collect())
        .unwrap_or_default()
}

/// A name from `base` that is not in `names`, which it is added to: `base`, else
/// `base2`, `base3`, ...
pub(crate) fn claim(names: &mut HashSet<String>, base: &str) -> String {
    let mut name = base.to_owned();
    let mut number = 2;
    while names.contains(&name) {
        name = format!("{base}{number}");
        number += 1;
    }
    names.insert(name.clone());
    name
}

/// Adds the schemas hoisted while walking to `components/schemas`.
fn add_components(raw: &mut Value, pending: Vec<(String, Value)>) {
    if pending.is_empty() {
        return;
    }
    let Some(root) = raw.as_object_mut() else {
        return;
    };
    let components = root.entry("components").or_insert_with(|| json!({}));
    let Some(components) = components.as_object_mut() else {
        return;
    };
    let schemas = components
        .entry("schemas")
        .or_insert_with(|| json!({}))
        .as_object_mut();
    if let Some(schemas) = schemas {
        schemas.extend(pending);
    }
}

/// Rewrites each part of the document to its 3.0 form.
struct Upgrader<'a> {
    path: &'a Path,
    file: &'a Arc<Path>,
    origins: &'a mut SourceMap,
    notes: &'a mut Vec<Diagnostic>,
    /// Where each hoisted `$defs` entry went: `(old reference, new reference)`.
    hoisted: Vec<(String, String)>,
    /// The names of `components/schemas`, with those claimed for new components.
    names: HashSet<String>,
    /// Schemas to add to `components/schemas` once the walk is done.
    pending: Vec<(String, Value)>,
    /// The `operationId` of the operation being walked, to name its item types.
    operation: String,
    /// The streamed media types of the response or request body being walked, and the
    /// name of their item type.
    streamed: Vec<(String, String)>,
    /// The security schemes that [`transport_schemes`] took out.
    transport: &'a HashSet<String>,
    /// What the streamed bodies of the operation being walked hold, as sentences for
    /// its description (which the generated method's docs show).
    operation_streams: Vec<String>,
}

impl Visitor for Upgrader<'_> {
    fn enter(&mut self, part: Part, node: &mut Value, _at: &str) -> Result<(), Diagnostic> {
        match part {
            Part::Schema => schema::enter(node),
            // Items found elsewhere (in a media type of no response) describe nothing here.
            Part::Response | Part::RequestBody => self.streamed.clear(),
            Part::Operation => {
                self.operation_streams.clear();
                self.operation = node
                    .get("operationId")
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .to_owned();
            }
            _ => {}
        }
        Ok(())
    }

    fn leave(&mut self, part: Part, node: &mut Value, at: &str) -> Result<(), Diagnostic> {
        if part == Part::Schema {
            let mut context = schema::Context {
                path: self.path,
                notes: self.notes,
                hoisted: &self.hoisted,
            };
            let written = node.get("$ref").and_then(Value::as_str).map(str::to_owned);
            schema::leave(node, at, &mut context);
            if let Some(written) = written {
                // A reference into a hoisted `$defs` entry now names its component;
                // it may have moved into an `allOf` beside its siblings.
                for pointer in ["/$ref", "/allOf/0/$ref"] {
                    if let Some(now) = node.pointer(pointer).and_then(Value::as_str) {
                        let now = now.to_owned();
                        self.origins.record_reference(
                            format!("{at}{pointer}"),
                            &format!("{at}/$ref"),
                            &written,
                            &now,
                        );
                        break;
                    }
                }
            }
            return Ok(());
        }
        let Value::Object(object) = node else {
            return Ok(());
        };
        match part {
            Part::PathItem => self.extra_operations(object, at),
            Part::Operation => {
                object.entry("responses").or_insert_with(|| json!({}));
                self.describe_operation_streams(object);
                if let Some(security) = object.get_mut("security") {
                    without_schemes(security, self.transport);
                }
            }
            Part::Parameter => {
                self.querystring(object, at);
                // 3.2's `style: cookie` is a cookie without percent-encoding; 3.0 only
                // knows `form`, which the client writes the same for plain values.
                if object.get("style").and_then(Value::as_str) == Some("cookie") {
                    object.remove("style");
                }
            }
            Part::MediaType => self.item_schema(object, at),
            Part::Response | Part::RequestBody => {
                if part == Part::Response {
                    object.remove("summary");
                }
                self.describe_streams(object);
            }
            Part::Example => {
                if let Some(data) = object.remove("dataValue") {
                    object.entry("value").or_insert(data);
                }
                object.remove("serializedValue");
            }
            Part::SecurityScheme => self.security_scheme(object, at),
            Part::Server => {
                object.remove("name");
            }
            Part::Tag => {
                object.remove("parent");
                object.remove("kind");
                if let Some(summary) = object.remove("summary") {
                    object.entry("description").or_insert(summary);
                }
            }
            _ => {}
        }
        Ok(())
    }
}

impl Upgrader<'_> {
    /// Moves `query` and the `additionalOperations` of a path item under
    /// [`EXTRA_OPERATIONS`], keyed by the method as it is sent.
    fn extra_operations(&mut self, item: &mut Map<String, Value>, at: &str) {
        let mut extra = Map::new();
        if let Some(query) = item.remove("query") {
            extra.insert("QUERY".to_owned(), query);
            self.moved(at, "QUERY", &format!("{at}/query"));
        }
        if let Some(Value::Object(additional)) = item.remove("additionalOperations") {
            for (method, operation) in additional {
                let mut from = format!("{at}/additionalOperations");
                push_pointer_token(&mut from, &method);
                self.moved(at, &method, &from);
                extra.insert(method, operation);
            }
        }
        if !extra.is_empty() {
            item.insert(EXTRA_OPERATIONS.to_owned(), Value::Object(extra));
        }
    }

    /// Records that the operation of `method` of the path item at `item` came from `from`.
    fn moved(&mut self, item: &str, method: &str, from: &str) {
        let mut to = format!("{item}/{EXTRA_OPERATIONS}");
        push_pointer_token(&mut to, method);
        self.origins.record(to, self.file, from);
    }

    /// An `in: querystring` parameter describes the whole query string by a media
    /// type. It becomes a form-style, exploded query parameter of the content's
    /// schema, which writes each property of the value as one query parameter: the
    /// `application/x-www-form-urlencoded` form.
    fn querystring(&mut self, parameter: &mut Map<String, Value>, at: &str) {
        if parameter.get("in").and_then(Value::as_str) != Some("querystring") {
            return;
        }
        let Some(Value::Object(content)) = parameter.remove("content") else {
            return;
        };
        let Some((media_type, mut media)) = content.into_iter().next() else {
            return;
        };
        let schema = media
            .as_object_mut()
            .and_then(|m| m.remove("schema"))
            .unwrap_or_else(|| json!({"type": "object"}));
        if media_type != "application/x-www-form-urlencoded" {
            self.notes.push(note(
                FEATURE_LOOSENED,
                self.path,
                &format!("{at}/content"),
                format!("the query string is described as `{media_type}`; the client writes the value's properties as form-encoded query parameters instead"),
                "describe the query string as `application/x-www-form-urlencoded` if that is what the server reads",
            ));
        }
        parameter.insert("in".to_owned(), json!("query"));
        parameter.insert("style".to_owned(), json!("form"));
        parameter.insert("explode".to_owned(), json!(true));
        parameter.insert("schema".to_owned(), schema);
    }

    /// A media type whose `itemSchema` describes each item of a stream: the item
    /// schema becomes a component (so its type is generated), and the body, which the
    /// client returns unsplit, bytes.
    fn item_schema(&mut self, media: &mut Map<String, Value>, at: &str) {
        media.remove("prefixEncoding");
        media.remove("itemEncoding");
        let Some(item) = media.remove("itemSchema") else {
            return;
        };
        let name = match item.get("$ref").and_then(Value::as_str) {
            Some(reference) if item.as_object().is_some_and(|o| o.len() == 1) => {
                let last = reference.rsplit('/').next().unwrap_or(reference);
                crate::diagnostics::unescape_pointer_token(last)
            }
            _ => {
                let base = match self.operation.as_str() {
                    "" => "StreamItem".to_owned(),
                    operation => format!("{}Item", crate::naming::type_name(operation)),
                };
                let name = claim(&mut self.names, &base);
                let mut to = "/components/schemas".to_owned();
                push_pointer_token(&mut to, &name);
                self.origins
                    .record(to, self.file, format!("{at}/itemSchema"));
                self.pending.push((name.clone(), item));
                name
            }
        };
        let media_type = at.rsplit('/').next().unwrap_or("");
        let media_type = crate::diagnostics::unescape_pointer_token(media_type);
        if !media.contains_key("schema") {
            media.insert(
                "schema".to_owned(),
                json!({"type": "string", "format": "binary"}),
            );
            self.notes.push(note(
                FEATURE_LOOSENED,
                self.path,
                &format!("{at}/itemSchema"),
                format!("the `{media_type}` body is a stream of `{name}` items; the client returns it as bytes, and generates `{name}` for the caller to decode each item"),
                "split the stream and decode each item as the generated item type",
            ));
        }
        self.streamed.push((media_type, name));
    }

    /// Says in the description of a response or request body what its streamed
    /// media types hold.
    fn describe_streams(&mut self, object: &mut Map<String, Value>) {
        if self.streamed.is_empty() {
            return;
        }
        let sentences: Vec<String> = std::mem::take(&mut self.streamed)
            .into_iter()
            .map(|(media_type, name)| {
                format!("The `{media_type}` body is a stream of `{name}` items.")
            })
            .collect();
        let sentences = sentences.join(" ");
        self.operation_streams.push(sentences.clone());
        let description = match object.get("description").and_then(Value::as_str) {
            Some(text) if !text.is_empty() => format!("{text}\n\n{sentences}"),
            _ => sentences,
        };
        object.insert("description".to_owned(), Value::String(description));
    }

    /// Adds what the operation's streamed bodies hold to its description.
    fn describe_operation_streams(&mut self, operation: &mut Map<String, Value>) {
        if self.operation_streams.is_empty() {
            return;
        }
        let sentences = std::mem::take(&mut self.operation_streams).join(" ");
        let description = match operation.get("description").and_then(Value::as_str) {
            Some(text) if !text.is_empty() => format!("{text}\n\n{sentences}"),
            _ => sentences,
        };
        operation.insert("description".to_owned(), Value::String(description));
    }

    /// The OAuth 2.0 device authorization flow (3.2) has no 3.0 form; the client takes
    /// a token however it was obtained, so the flow goes with a note.
    fn security_scheme(&mut self, scheme: &mut Map<String, Value>, at: &str) {
        scheme.remove("oauth2MetadataUrl");
        scheme.remove("deprecated");
        let Some(Value::Object(flows)) = scheme.get_mut("flows") else {
            return;
        };
        if flows.remove("deviceAuthorization").is_some() {
            self.notes.push(note(
                FEATURE_LOOSENED,
                self.path,
                &format!("{at}/flows/deviceAuthorization"),
                "the OAuth 2.0 device authorization flow is not described in the generated client",
                "obtain the token with the device flow yourself, and give it to the client as a bearer token",
            ));
        }
    }
}

/// Replaces each path item given by `$ref` to `components/pathItems`, and each media
/// type given by `$ref` to `components/mediaTypes` (3.2), with a copy of the component
/// (a path item's `summary` and `description` overridden by the reference's own), so
/// that each copy is upgraded where it is used.
fn inline_components(
    raw: &mut Value,
    file: &Arc<Path>,
    origins: &mut SourceMap,
) -> Result<(), Diagnostic> {
    let components = raw.get("components");
    let path_items = components.and_then(|c| c.get("pathItems")).cloned();
    let media_types = components.and_then(|c| c.get("mediaTypes")).cloned();
    if path_items.is_none() && media_types.is_none() {
        return Ok(());
    }
    let mut inliner = Inliner {
        path_items: path_items.unwrap_or(Value::Null),
        media_types: media_types.unwrap_or(Value::Null),
        file,
        origins,
        copies: HashMap::new(),
    };
    walk::document(raw, &mut inliner)
}

struct Inliner<'a> {
    path_items: Value,
    media_types: Value,
    file: &'a Arc<Path>,
    origins: &'a mut SourceMap,
    /// How many times each component was copied, against [`MAX_COPIES`].
    copies: HashMap<String, usize>,
}

impl Visitor for Inliner<'_> {
    fn enter(&mut self, part: Part, node: &mut Value, at: &str) -> Result<(), Diagnostic> {
        let (components, kind) = match part {
            Part::PathItem => (&self.path_items, "pathItems"),
            Part::MediaType => (&self.media_types, "mediaTypes"),
            _ => return Ok(()),
        };
        if at.starts_with(&format!("/components/{kind}/")) {
            return Ok(());
        }
        let Some(reference) = node.get("$ref").and_then(Value::as_str) else {
            return Ok(());
        };
        let Some(pointer) = reference.strip_prefix(&format!("#/components/{kind}/")) else {
            return Ok(());
        };
        let Some(component) = components.pointer(&format!("/{pointer}")) else {
            return Ok(());
        };
        let shown = format!("#/components/{kind}/{pointer}");
        let copies = self.copies.entry(shown.clone()).or_default();
        *copies += 1;
        if *copies > MAX_COPIES {
            return Err(copied_too_often(self.file, &format!("{at}/$ref"), &shown));
        }
        let mut copy = component.clone();
        if let (Value::Object(copy), Value::Object(reference)) = (&mut copy, &*node) {
            for key in ["summary", "description"] {
                if let Some(text) = reference.get(key) {
                    copy.insert(key.to_owned(), text.clone());
                }
            }
        }
        self.origins
            .record(at, self.file, format!("/components/{kind}/{pointer}"));
        *node = copy;
        Ok(())
    }
}

/// Takes out the `mutualTLS` security schemes (3.1): the client's TLS identity is
/// set on its HTTP client, not per request, so no credential is generated for them.
/// Their names are returned, for [`without_schemes`].
fn transport_schemes(path: &Path, raw: &mut Value, notes: &mut Vec<Diagnostic>) -> HashSet<String> {
    let mut names = HashSet::new();
    let Some(Value::Object(schemes)) = raw.pointer_mut("/components/securitySchemes") else {
        return names;
    };
    schemes.retain(|name, scheme| {
        let mutual = scheme.get("type").and_then(Value::as_str) == Some("mutualTLS");
        if mutual {
            let mut at = "/components/securitySchemes".to_owned();
            push_pointer_token(&mut at, name);
            notes.push(note(
                FEATURE_LOOSENED,
                path,
                &at,
                format!("`{name}` is mutual TLS, which the client does not set up per request: requirements naming it are left out"),
                "give the client's HTTP client your TLS identity (reqwest's `Identity`) when you build it",
            ));
            names.insert(name.clone());
        }
        !mutual
    });
    names
}

/// Leaves the `names` schemes out of each security requirement of `security`.
fn without_schemes(security: &mut Value, names: &HashSet<String>) {
    if names.is_empty() {
        return;
    }
    for requirement in security.as_array_mut().into_iter().flatten() {
        if let Value::Object(requirement) = requirement {
            requirement.retain(|name, _| !names.contains(name));
        }
    }
}

/// Keeps `webhooks` as the `x-webhooks` extension (so the components they use count
/// as used), with each inline payload schema hoisted to `components/schemas`, and
/// each payload type's description saying which webhook sends it.
fn webhooks(
    raw: &mut Value,
    file: &Arc<Path>,
    origins: &mut SourceMap,
    mut names: HashSet<String>,
) {
    let Some(Value::Object(root)) = Some(&mut *raw) else {
        return;
    };
    let Some(mut hooks) = root.remove("webhooks") else {
        return;
    };
    let mut payloads: Vec<(String, String)> = Vec::new();
    let mut hoisted: Vec<(String, Value)> = Vec::new();
    for (hook, item) in hooks.as_object_mut().into_iter().flatten() {
        let Some(item) = item.as_object_mut() else {
            continue;
        };
        for method in FIXED_METHODS {
            let Some(content) = item
                .get_mut(*method)
                .and_then(|o| o.pointer_mut("/requestBody/content"))
                .and_then(Value::as_object_mut)
            else {
                continue;
            };
            for (media_type, media) in content.iter_mut() {
                let Some(schema) = media.get_mut("schema") else {
                    continue;
                };
                let name = match schema.get("$ref").and_then(Value::as_str) {
                    Some(reference) => match reference.strip_prefix("#/components/schemas/") {
                        Some(name) => crate::diagnostics::unescape_pointer_token(name),
                        None => continue,
                    },
                    None => {
                        let name = claim(&mut names, &format!("{hook}Payload"));
                        let mut from = "/webhooks".to_owned();
                        for token in [
                            hook.as_str(),
                            method,
                            "requestBody",
                            "content",
                            media_type,
                            "schema",
                        ] {
                            push_pointer_token(&mut from, token);
                        }
                        let mut to = "/components/schemas".to_owned();
                        push_pointer_token(&mut to, &name);
                        origins.record(to, file, from);
                        let reference =
                            format!("#/components/schemas/{}", escape_pointer_token(&name));
                        let inline = std::mem::replace(schema, json!({ "$ref": reference }));
                        hoisted.push((name.clone(), inline));
                        name
                    }
                };
                payloads.push((name, hook.clone()));
            }
        }
    }
    root.insert("x-webhooks".to_owned(), hooks);
    origins.record("/x-webhooks", file, "/webhooks");
    add_components(raw, hoisted);
    for (name, hook) in payloads {
        let mut at = "/components/schemas".to_owned();
        push_pointer_token(&mut at, &name);
        if let Some(Value::Object(schema)) = raw.pointer_mut(&at) {
            let sentence = format!("Sent as the payload of the `{hook}` webhook.");
            let description = match schema.get("description").and_then(Value::as_str) {
                Some(text) if text.contains(&sentence) => continue,
                Some(text) if !text.is_empty() => format!("{text}\n\n{sentence}"),
                _ => sentence,
            };
            schema.insert("description".to_owned(), Value::String(description));
        }
    }
}
