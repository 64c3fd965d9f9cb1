//! The rules that look at the raw JSON tree of a spec.
//!
//! Everything here reads the compact [`Tree`]: it keeps what the typed
//! `openapiv3` document drops (duplicate names, enum values of the wrong type,
//! unknown keys), and every node has a JSON pointer. Each check pushes findings
//! with a pointer and no position; the caller locates them all in one pass.

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::Arc;

use super::rules;
use crate::diagnostics::{escape_pointer_token, push_pointer_token, Diagnostic, Severity};
use crate::document::tree::{Array, Kind, Node, Object, Tree};
use crate::document::walk::operations;
use crate::naming::{self, Scope};

/// The component kinds whose entries are used through `$ref`.
const REFERENCED_KINDS: &[&str] = &[
    "schemas",
    "responses",
    "parameters",
    "examples",
    "requestBodies",
    "headers",
    "links",
    "callbacks",
];

/// Runs every tree rule on `raw`, the document of `file`.
pub fn run(raw: &Tree, file: &Arc<Path>) -> Vec<Diagnostic> {
    let stem = file
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("api")
        .to_owned();
    let mut ctx = Ctx {
        raw,
        file: file.clone(),
        out: Vec::new(),
        refs: HashSet::new(),
        stem,
    };
    ctx.references_and_prose();
    ctx.info();
    ctx.servers();
    ctx.paths();
    ctx.components();
    ctx.out
}

struct Ctx<'a> {
    raw: &'a Tree,
    file: Arc<Path>,
    out: Vec<Diagnostic>,
    /// The components that some `$ref` points into.
    refs: HashSet<String>,
    /// The spec file's stem: the generator's group for untagged operations.
    stem: String,
}

fn esc(token: &str) -> std::borrow::Cow<'_, str> {
    if token.contains(['~', '/']) {
        escape_pointer_token(token).into()
    } else {
        token.into()
    }
}

fn is_blank(value: Option<Node>) -> bool {
    value
        .and_then(Node::as_str)
        .is_none_or(|s| s.trim().is_empty())
}

fn objects<'t>(node: Option<Node<'t>>) -> impl Iterator<Item = (&'t str, Node<'t>)> {
    node.and_then(Node::as_object)
        .into_iter()
        .flat_map(Object::iter)
}

fn items<'t>(node: Option<Node<'t>>) -> impl Iterator<Item = (usize, Node<'t>)> {
    node.and_then(Node::as_array)
        .into_iter()
        .flat_map(Array::iter)
        .enumerate()
}

/// The `{name}`s of a path template or server URL.
fn template_names(template: &str) -> Vec<&str> {
    template
        .split('{')
        .skip(1)
        .filter_map(|rest| rest.split_once('}').map(|(name, _)| name))
        .collect()
}

/// Whether a response status is a success (2xx, or 3xx as spectral accepts).
fn is_success(code: &str) -> bool {
    code.starts_with('2') || code.starts_with('3')
}

/// Where a schema sits, which decides whether it needs a made-up name.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Place {
    /// Under components/schemas: named by the spec.
    Component,
    /// Merged into its parent by `allOf`, or under `not`: never a type of its own.
    Unnamed,
    /// Anywhere else: a parameter, body, property, item or variant.
    Inline,
}

impl<'a> Ctx<'a> {
    fn report(&mut self, rule: &'static str, at: String, message: String) {
        self.out.push(Diagnostic {
            rule,
            severity: rules::find(rule).map_or(Severity::Warning, |r| r.severity),
            file: self.file.clone(),
            pointer: at,
            location: None,
            message,
            hint: None,
        });
    }

    fn report_hint(&mut self, rule: &'static str, at: String, message: String, hint: String) {
        self.report(rule, at, message);
        if let Some(last) = self.out.last_mut() {
            last.hint = Some(hint);
        }
    }

    /// Follows `$ref`s from `node` to the node they end at, as lowering follows them
    /// (or stays at `node` when they cannot be followed: the check reports why).
    fn resolve(&self, node: Node<'a>) -> Node<'a> {
        crate::document::resolve::follow_node(self.raw, node).unwrap_or(node)
    }

    // ---- the whole document: references and markdown ----

    /// Checks every reference as generation does ([`crate::front::check::refs::check_references`])
    /// and the prose of every part, both found by one walk of the object model.
    fn references_and_prose(&mut self) {
        for diagnostic in crate::front::check::refs::path_keys(self.raw, &self.file) {
            self.out.push(diagnostic);
        }
        let mut found = Found::default();
        crate::document::walk::walk(self.raw.root(), &mut found);
        let checked =
            crate::front::check::refs::check_references(self.raw, &self.file, &found.references);
        self.refs = checked.used;
        for mut diagnostic in checked.diagnostics {
            if diagnostic.rule == "external-ref" {
                diagnostic.rule = "generator-unsupported";
                diagnostic.message = format!(
                    "oagen cannot generate this (external-ref): {}",
                    diagnostic.message
                );
            }
            diagnostic.file = self.file.clone();
            self.out.push(diagnostic);
        }
        for (at, what) in found.unsafe_prose {
            self.report(
                "unsafe-markdown",
                at,
                format!("this text contains {what}, which documentation viewers may run"),
            );
        }
    }

    // ---- info and servers ----

    fn info(&mut self) {
        let Some(info) = self.raw.get("info").and_then(Node::as_object) else {
            return;
        };
        if !info.get("contact").is_some_and(Node::is_object) {
            self.report(
                "info-contact",
                "/info".into(),
                "the info object has no `contact`".into(),
            );
        }
        match info.get("license").and_then(Node::as_object) {
            Some(license) if license.get("url").is_none() => self.report_hint(
                "info-license",
                "/info/license".into(),
                "the license has no `url`".into(),
                "Add the license's `url`.".into(),
            ),
            Some(_) => {}
            None => self.report(
                "info-license",
                "/info".into(),
                "the info object has no `license`".into(),
            ),
        }
        if is_blank(info.get("description")) {
            self.report(
                "info-description",
                "/info".into(),
                "the info object has no `description`".into(),
            );
        }
    }

    fn servers(&mut self) {
        let raw = self.raw;
        match raw.get("servers").and_then(Node::as_array) {
            Some(list) if !list.is_empty() => {}
            _ => self.report(
                "servers-defined",
                "/servers".into(),
                "the document lists no `servers`".into(),
            ),
        }
        self.server_list(raw.get("servers"), "/servers".to_owned());
        for (path, item) in path_items(raw) {
            let at = format!("/paths/{}", esc(path));
            self.server_list(item.get("servers"), format!("{at}/servers"));
            for (_, op_at, operation) in operations(item) {
                self.server_list(operation.get("servers"), format!("{at}{op_at}/servers"));
            }
        }
    }

    fn server_list(&mut self, list: Option<Node<'a>>, at: String) {
        for (index, server) in items(list) {
            self.server(server, format!("{at}/{index}"));
        }
    }

    fn server(&mut self, server: Node<'a>, at: String) {
        let Some(url) = server.get("url").and_then(Node::as_str) else {
            return;
        };
        let url_at = format!("{at}/url");
        if url.trim().is_empty() {
            self.report("server-url", url_at, "the server URL is empty".into());
            return;
        }
        let variables = server.get("variables").and_then(Node::as_object);
        let mut filled = url.to_owned();
        for name in template_names(url) {
            match variables.and_then(|v| v.get(name)) {
                Some(variable) => {
                    let default = variable.get("default").and_then(Node::as_str).unwrap_or("");
                    filled = filled.replace(&format!("{{{name}}}"), default);
                }
                None => self.report(
                    "server-url",
                    url_at.clone(),
                    format!(
                        "the server URL uses `{{{name}}}`, which is not defined under `variables`"
                    ),
                ),
            }
        }
        for (name, variable) in variables.into_iter().flat_map(Object::iter) {
            let variable_at = format!("{at}/variables/{}", esc(name));
            let default = variable.get("default").and_then(Node::as_str);
            if let Some(choices) = variable.get("enum").and_then(Node::as_array) {
                if choices.is_empty() {
                    self.report(
                        "server-url",
                        format!("{variable_at}/enum"),
                        format!("the server variable `{name}` has an empty `enum`"),
                    );
                } else if let Some(default) = default {
                    if !choices.iter().any(|c| c.as_str() == Some(default)) {
                        self.report("server-url", format!("{variable_at}/default"), format!("the default `{default}` of server variable `{name}` is not one of its `enum` values"));
                    }
                }
            }
        }
        if filled.chars().any(char::is_whitespace) {
            self.report(
                "server-url",
                url_at,
                format!("the server URL `{url}` contains white space"),
            );
            return;
        }
        if let Some((scheme, rest)) = filled.split_once("://") {
            let scheme_ok = scheme.starts_with(|c: char| c.is_ascii_alphabetic())
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
            let host = rest.split(['/', '?', '#']).next().unwrap_or("");
            if !scheme_ok || host.is_empty() {
                self.report(
                    "server-url",
                    url_at,
                    format!("the server URL `{url}` is not a valid URL"),
                );
                return;
            }
        }
        if url.len() > 1 && url.ends_with('/') {
            self.report(
                "trailing-slash",
                url_at,
                format!("the server URL `{url}` ends with `/`"),
            );
        }
    }

    // ---- paths and operations ----

    fn paths(&mut self) {
        let raw = self.raw;
        let declared_tags: HashSet<&str> = items(raw.get("tags"))
            .filter_map(|(_, tag)| tag.get("name").and_then(Node::as_str))
            .collect();
        let schemes = raw
            .pointer("/components/securitySchemes")
            .and_then(Node::as_object);
        self.security(raw.get("security"), "/security", schemes);
        let mut operation_ids: HashMap<&str, String> = HashMap::new();
        let mut groups: HashMap<String, Scope> = HashMap::new();
        let mut templates: Vec<(&str, String)> = Vec::new();
        for (path, item) in path_items(raw) {
            let at = format!("/paths/{}", esc(path));
            if path.len() > 1 && path.ends_with('/') {
                self.report(
                    "trailing-slash",
                    at.clone(),
                    format!("the path `{path}` ends with `/`"),
                );
            }
            if path.contains('?') {
                self.report(
                    "path-query-string",
                    at.clone(),
                    format!("the path `{path}` contains a query string"),
                );
            }
            let names = template_names(path);
            for (index, name) in names.iter().enumerate() {
                if names[..index].contains(name) {
                    self.report(
                        "path-params",
                        at.clone(),
                        format!("the path template names `{{{name}}}` twice"),
                    );
                }
            }
            templates.push((path, at.clone()));
            let item = self.resolve(item);
            let item_params =
                self.parameter_list(item.get("parameters"), &format!("{at}/parameters"));
            for (method, op_at, operation) in operations(item) {
                if !operation.is_object() {
                    continue;
                }
                let op_at = format!("{at}{op_at}");
                let operation_id = operation.get("operationId").and_then(Node::as_str);
                match operation_id {
                    Some(id) if !id.trim().is_empty() => {
                        if let Some(first) = operation_ids.get(id) {
                            self.report(
                                "duplicate-operation-id",
                                format!("{op_at}/operationId"),
                                format!("the operationId `{id}` is also used at {first}"),
                            );
                        } else {
                            operation_ids.insert(id, op_at.clone());
                        }
                    }
                    _ => self.report(
                        "operation-id",
                        op_at.clone(),
                        format!(
                            "the operation {} {path} has no `operationId`",
                            method.to_ascii_uppercase()
                        ),
                    ),
                }
                let summary = operation.get("summary").and_then(Node::as_str);
                if is_blank(operation.get("summary")) {
                    self.report(
                        "operation-summary",
                        op_at.clone(),
                        "the operation has no `summary`".into(),
                    );
                }
                if is_blank(operation.get("description")) {
                    self.report(
                        "operation-description",
                        op_at.clone(),
                        "the operation has no `description`".into(),
                    );
                }
                let tags: Vec<&str> = items(operation.get("tags"))
                    .filter_map(|(_, t)| t.as_str())
                    .collect();
                if tags.is_empty() {
                    self.report(
                        "operation-tags",
                        op_at.clone(),
                        "the operation has no `tags`".into(),
                    );
                }
                for (index, tag) in items(operation.get("tags")) {
                    if let Some(tag) = tag.as_str() {
                        if !declared_tags.contains(tag) {
                            self.report(
                                "tag-defined",
                                format!("{op_at}/tags/{index}"),
                                format!("the tag `{tag}` is not declared in the top-level `tags`"),
                            );
                        }
                    }
                }
                self.responses(operation, &op_at);
                self.security(
                    operation.get("security"),
                    &format!("{op_at}/security"),
                    schemes,
                );
                let op_params = self
                    .parameter_list(operation.get("parameters"), &format!("{op_at}/parameters"));
                // The operation's own parameters override the path item's with the same name and location.
                let mut effective: Vec<&(String, String, Node<'a>, String)> =
                    op_params.iter().collect();
                for param in &item_params {
                    if !op_params.iter().any(|p| p.0 == param.0 && p.1 == param.1) {
                        effective.push(param);
                    }
                }
                self.path_params(path, &names, &effective, &op_at);
                let mut param_names: HashMap<String, &str> = HashMap::new();
                for (name, _, _, param_at) in effective.iter().map(|p| (&p.0, &p.1, &p.2, &p.3)) {
                    let ident = naming::snake(name, "param");
                    match param_names.get(&ident) {
                        Some(other) if *other != name.as_str() => self.report("rust-name-collision", param_at.clone(), format!("the parameters `{other}` and `{name}` both become the Rust argument `{ident}`")),
                        _ => {
                            param_names.insert(ident, name);
                        }
                    }
                }
                // The method name, chosen as the generator chooses it.
                let group = tags
                    .first()
                    .map_or_else(|| self.stem.clone(), |t| (*t).to_owned());
                let words = naming::operation_words(operation_id, summary, method, path);
                let short = naming::method_from_words(&naming::strip_group_words(&words, &group));
                let scope = groups.entry(group.clone()).or_default();
                if scope.is_free(&short) {
                    scope.claim(&short);
                } else {
                    let full = naming::method_from_words(&words);
                    if !scope.is_free(&full) {
                        let claimed = scope.claim(&full);
                        self.report_hint("rust-name-collision", op_at.clone(), format!("another operation in group `{group}` is already the method `{full}`, so this one becomes `{claimed}`"), "Give the operation an operationId that names it differently.".into());
                    } else {
                        scope.claim(&full);
                    }
                }
            }
        }
        self.path_overlaps(&templates);
    }

    /// The parameters of a list, resolved: (name, in, node, pointer); reports duplicates.
    fn parameter_list(
        &mut self,
        list: Option<Node<'a>>,
        at: &str,
    ) -> Vec<(String, String, Node<'a>, String)> {
        let mut out: Vec<(String, String, Node<'a>, String)> = Vec::new();
        for (index, param) in items(list) {
            let resolved = self.resolve(param);
            let (Some(name), Some(location)) = (
                resolved.get("name").and_then(Node::as_str),
                resolved.get("in").and_then(Node::as_str),
            ) else {
                continue;
            };
            let param_at = format!("{at}/{index}");
            // Header names are case-insensitive.
            let same = |other: &(String, String, Node, String)| {
                other.1 == location
                    && if location == "header" {
                        other.0.eq_ignore_ascii_case(name)
                    } else {
                        other.0 == name
                    }
            };
            if let Some(first) = out.iter().find(|o| same(o)) {
                let first_at = first.3.clone();
                self.report(
                    "duplicate-parameter",
                    param_at,
                    format!("the {location} parameter `{name}` is also declared at {first_at}"),
                );
                continue;
            }
            out.push((name.to_owned(), location.to_owned(), resolved, param_at));
        }
        out
    }

    fn path_params(
        &mut self,
        path: &str,
        names: &[&str],
        params: &[&(String, String, Node<'a>, String)],
        op_at: &str,
    ) {
        for name in names {
            if !params.iter().any(|p| p.1 == "path" && p.0 == *name) {
                self.report_hint("path-params", op_at.to_owned(), format!("the path template `{path}` names `{{{name}}}`, but the operation declares no path parameter `{name}`"), format!("Declare `{name}` under `parameters` with `in: path` and `required: true`."));
            }
        }
        for (name, location, node, at) in params.iter().map(|p| (&p.0, &p.1, p.2, &p.3)) {
            if location != "path" {
                continue;
            }
            if !names.contains(&name.as_str()) {
                self.report_hint(
                    "path-params",
                    at.clone(),
                    format!("the path parameter `{name}` is not in the path template `{path}`"),
                    format!("Add `{{{name}}}` to the path, or remove the parameter."),
                );
            } else if node.get("required").and_then(Node::as_bool) != Some(true) {
                self.report_hint(
                    "path-params",
                    at.clone(),
                    format!("the path parameter `{name}` is not marked `required: true`"),
                    "Add `required: true`: path parameters are always required.".into(),
                );
            }
        }
    }

    fn responses(&mut self, operation: Node<'a>, op_at: &str) {
        let Some(responses) = operation.get("responses").and_then(Node::as_object) else {
            return;
        };
        let codes: Vec<&str> = responses.keys().collect();
        if !codes.iter().any(|c| is_success(c)) {
            self.report(
                "operation-2xx-response",
                format!("{op_at}/responses"),
                "the operation documents no success (2xx) response".into(),
            );
        }
        if !codes.iter().any(|c| c.starts_with('4')) {
            self.report(
                "operation-4xx-response",
                format!("{op_at}/responses"),
                "the operation documents no 4xx response".into(),
            );
        }
        for (code, response) in responses.iter() {
            if !(code.starts_with('4') || code.starts_with('5') || code == "default") {
                continue;
            }
            let response = self.resolve(response);
            let has_schema =
                objects(response.get("content")).any(|(_, media)| media.get("schema").is_some());
            if !has_schema {
                self.report("error-response-schema", format!("{op_at}/responses/{}", esc(code)), format!("the {code} response has no body schema, so the client gets no error details"));
            }
        }
    }

    fn security(&mut self, list: Option<Node<'a>>, at: &str, schemes: Option<Object<'a>>) {
        for (index, requirement) in items(list) {
            for (name, _) in objects(Some(requirement)) {
                if !schemes.is_some_and(|s| s.contains_key(name)) {
                    self.report("security-defined", format!("{at}/{index}/{}", esc(name)), format!("the security requirement names `{name}`, which is not defined under components/securitySchemes"));
                }
            }
        }
    }

    /// Reports templates that match the same URLs. Only the pairs whose segments
    /// agree wherever both are literal are compared, found through a trie of the
    /// templates' segments, so a spec of many distinct paths costs linear time.
    fn path_overlaps(&mut self, templates: &[(&str, String)]) {
        let split: Vec<Vec<&str>> = templates
            .iter()
            .map(|(path, _)| path.trim_end_matches('/').split('/').collect())
            .collect();
        let trie = SegmentTrie::of(&split);
        for (j, b) in split.iter().enumerate() {
            let mut candidates = trie.matching(b);
            candidates.retain(|&i| i < j);
            candidates.sort_unstable();
            for i in candidates {
                let a = &split[i];
                let identical = a
                    .iter()
                    .zip(b)
                    .all(|(x, y)| x == y || is_param(x) && is_param(y));
                if identical {
                    if templates[i].0 != templates[j].0 {
                        self.report("path-params", templates[j].1.clone(), format!("the paths `{}` and `{}` are the same template with different parameter names", templates[i].0, templates[j].0));
                    }
                    continue;
                }
                let count = |s: &[&str]| s.iter().filter(|x| is_param(x)).count();
                if count(a) == count(b) {
                    self.report(
                        "ambiguous-paths",
                        templates[j].1.clone(),
                        format!(
                            "the paths `{}` and `{}` can match the same URL",
                            templates[i].0, templates[j].0
                        ),
                    );
                }
            }
        }
    }

    // ---- components and schemas ----

    fn components(&mut self) {
        let raw = self.raw;
        let components = raw.get("components");
        for kind in REFERENCED_KINDS {
            for (name, _) in objects(components.and_then(|c| c.get(kind))) {
                let at = format!("/components/{kind}/{}", esc(name));
                if !self.refs.contains(&at) {
                    self.report(
                        "unused-component",
                        at,
                        format!("the component `{name}` ({kind}) is never referenced"),
                    );
                }
            }
        }
        let mut type_names: HashMap<String, &str> = HashMap::new();
        let mut at = String::new();
        for (name, schema) in objects(components.and_then(|c| c.get("schemas"))) {
            at.clear();
            at.push_str("/components/schemas/");
            at.push_str(&esc(name));
            let type_name = naming::type_name(name);
            if let Some(first) = type_names.get(&type_name) {
                self.report("rust-name-collision", at.clone(), format!("the schemas `{first}` and `{name}` both become the Rust type `{type_name}`; the second gets a number"));
            } else {
                type_names.insert(type_name, name);
            }
            self.schema(schema, &mut at, Place::Component, 0);
        }
        for kind in ["parameters", "headers"] {
            for (name, node) in objects(components.and_then(|c| c.get(kind))) {
                let at = format!("/components/{kind}/{}", esc(name));
                self.parameter_schemas(node, at);
            }
        }
        for kind in ["requestBodies", "responses"] {
            for (name, node) in objects(components.and_then(|c| c.get(kind))) {
                let at = format!("/components/{kind}/{}", esc(name));
                self.body_schemas(node, at);
            }
        }
        for (path, item) in path_items(raw) {
            let at = format!("/paths/{}", esc(path));
            for (index, param) in items(item.get("parameters")) {
                self.parameter_schemas(param, format!("{at}/parameters/{index}"));
            }
            for (_, op_at, operation) in operations(item) {
                let op_at = format!("{at}{op_at}");
                for (index, param) in items(operation.get("parameters")) {
                    self.parameter_schemas(param, format!("{op_at}/parameters/{index}"));
                }
                if let Some(body) = operation.get("requestBody") {
                    self.body_schemas(body, format!("{op_at}/requestBody"));
                }
                for (code, response) in objects(operation.get("responses")) {
                    self.body_schemas(response, format!("{op_at}/responses/{}", esc(code)));
                }
            }
        }
    }

    /// The schemas of a parameter or header (not followed through `$ref`: the target is visited where it is).
    fn parameter_schemas(&mut self, node: Node<'a>, at: String) {
        if node.get("$ref").is_some() {
            return;
        }
        if let Some(schema) = node.get("schema") {
            let mut at = format!("{at}/schema");
            self.schema(schema, &mut at, Place::Inline, 0);
        }
        self.content_schemas(node, &at);
    }

    /// The schemas of a request body or response, and of a response's headers.
    fn body_schemas(&mut self, node: Node<'a>, at: String) {
        if node.get("$ref").is_some() {
            return;
        }
        self.content_schemas(node, &at);
        for (name, header) in objects(node.get("headers")) {
            self.parameter_schemas(header, format!("{at}/headers/{}", esc(name)));
        }
    }

    fn content_schemas(&mut self, node: Node<'a>, at: &str) {
        for (media, entry) in objects(node.get("content")) {
            if let Some(schema) = entry.get("schema") {
                let mut at = format!("{at}/content/{}/schema", esc(media));
                self.schema(schema, &mut at, Place::Inline, 0);
            }
        }
    }

    fn schema(&mut self, node: Node<'a>, at: &mut String, place: Place, depth: usize) {
        let Some(map) = node.as_object() else {
            return;
        };
        let keywords = Keywords::of(map);
        if keywords.reference || depth > 64 {
            return;
        }
        let ty = keywords.ty.and_then(Node::as_str);
        let nullable = keywords.nullable.and_then(Node::as_bool) == Some(true);
        let all_of = keywords.all_of.and_then(Node::as_array);
        // `allOf: [X]` with `nullable: true` is the 3.0 idiom for a nullable reference,
        // which lowering reads as `Option<X>` (and the 3.1 upgrade writes).
        let single_all_of = all_of.is_some_and(|members| members.len() == 1);
        if nullable && keywords.ty.is_none() && !single_all_of {
            self.report(
                "nullable-without-type",
                format!("{at}/nullable"),
                "`nullable: true` has no `type` beside it".into(),
            );
        }
        if let Some(values) = keywords.enumeration.and_then(Node::as_array) {
            self.enumeration(values, ty, nullable, at);
        }
        // A member of an `allOf` may require what a sibling defines, so its `required`
        // is checked against the whole `allOf`, from the schema that holds it.
        let merged = place == Place::Unnamed;
        if let Some(required) = keywords.required.and_then(Node::as_array) {
            if !merged
                && (keywords.properties.is_some()
                    || keywords.all_of.is_some()
                    || ty == Some("object"))
            {
                let defined = self.defined_properties(node, 0);
                self.required_defined(required, &defined, &format!("{at}/required"));
            }
        }
        if let Some(members) = all_of.filter(|m| m.len() > 1) {
            let defined = self.defined_properties(node, 0);
            for (index, member) in members.iter().enumerate() {
                if let Some(required) = member.get("required").and_then(Node::as_array) {
                    self.required_defined(
                        required,
                        &defined,
                        &format!("{at}/allOf/{index}/required"),
                    );
                }
            }
        }
        if place == Place::Inline && needs_name(map) {
            self.report("inline-schema-name", at.clone(), "this inline schema becomes a type whose name the generator makes up from where it is used".into());
        }
        if let Some(variants) = keywords.one_of.and_then(Node::as_array) {
            if !keywords.discriminator {
                self.one_of(variants, at);
            }
        }
        if let Some(properties) = keywords.properties.and_then(Node::as_object) {
            let mut fields: HashMap<String, &str> = HashMap::new();
            for (name, property) in properties.iter() {
                let len = at.len();
                at.push_str("/properties");
                push_pointer_token(at, name);
                let ident = naming::snake(name, "field");
                match fields.get(&ident) {
                    Some(first) => self.report("rust-name-collision", at.clone(), format!("the properties `{first}` and `{name}` both become the Rust field `{ident}`; the second gets a number")),
                    None => {
                        fields.insert(ident, name);
                    }
                }
                if naming::sounds_secret(name) && !self.marked_secret(property) {
                    self.report("secret-not-marked", at.clone(), format!("the property `{name}` looks like it holds a secret but its schema does not say so"));
                }
                self.schema(property, at, Place::Inline, depth + 1);
                at.truncate(len);
            }
        }
        let children = [
            ("items", keywords.items, Place::Inline),
            (
                "additionalProperties",
                keywords.additional_properties,
                Place::Inline,
            ),
            ("not", keywords.not, Place::Unnamed),
        ];
        for (key, child, child_place) in children {
            if let Some(child) = child {
                let len = at.len();
                at.push('/');
                at.push_str(key);
                self.schema(child, at, child_place, depth + 1);
                at.truncate(len);
            }
        }
        let lists = [
            ("allOf", keywords.all_of),
            ("oneOf", keywords.one_of),
            ("anyOf", keywords.any_of),
        ];
        for (key, members) in lists {
            let count = members.and_then(Node::as_array).map_or(0, |m| m.len());
            for (index, child) in items(members) {
                let len = at.len();
                at.push('/');
                at.push_str(key);
                at.push('/');
                at.push_str(&index.to_string());
                // The generator reads a lone member as the schema itself, under its name;
                // the members of a merge are never types of their own.
                let place = match (count, key) {
                    (1, _) => place,
                    (_, "allOf") => Place::Unnamed,
                    _ => Place::Inline,
                };
                self.schema(child, at, place, depth + 1);
                at.truncate(len);
            }
        }
    }

    fn enumeration(&mut self, values: Array<'a>, ty: Option<&str>, nullable: bool, at: &str) {
        let mut seen: Vec<Node<'a>> = Vec::new();
        let mut variants: HashMap<String, &str> = HashMap::new();
        for (index, value) in values.iter().enumerate() {
            let fits = match (ty, value.kind()) {
                (_, Kind::Null) => nullable || ty.is_none(),
                (Some("string"), _) => value.is_string(),
                (Some("integer"), Kind::Number(n)) => {
                    n.is_i64() || n.is_u64() || n.as_f64().is_some_and(|f| f.fract() == 0.0)
                }
                (Some("number"), _) => value.is_number(),
                (Some("boolean"), _) => value.is_boolean(),
                (Some("object"), _) => value.is_object(),
                (Some("array"), _) => value.is_array(),
                (Some("integer"), _) => false,
                _ => true,
            };
            if !fits {
                self.report(
                    "enum-type-mismatch",
                    format!("{at}/enum/{index}"),
                    format!(
                        "the enum value {} is not of the schema's type `{}`",
                        value.to_json(),
                        ty.unwrap_or("")
                    ),
                );
            }
            if seen.contains(&value) {
                self.report(
                    "enum-duplicate",
                    format!("{at}/enum/{index}"),
                    format!("the enum value {} is listed twice", value.to_json()),
                );
                continue;
            }
            seen.push(value);
            if let (Some("string"), Some(text)) = (ty, value.as_str()) {
                let variant = naming::enum_variant(text);
                match variants.get(&variant) {
                    Some(first) => self.report("rust-name-collision", format!("{at}/enum/{index}"), format!("the enum values `{first}` and `{text}` both become the Rust variant `{variant}`; the second gets a number")),
                    None => {
                        variants.insert(variant, text);
                    }
                }
            }
        }
    }

    /// The properties a schema defines itself or through `allOf`.
    /// Reports each name of `required` (at `at`) that `defined` does not hold.
    fn required_defined(&mut self, required: Array<'a>, defined: &HashSet<&'a str>, at: &str) {
        for (index, name) in required.iter().enumerate() {
            if let Some(name) = name.as_str().filter(|name| !defined.contains(name)) {
                self.report(
                    "required-undefined",
                    format!("{at}/{index}"),
                    format!("the required property `{name}` is not defined under `properties`"),
                );
            }
        }
    }

    fn defined_properties(&self, node: Node<'a>, depth: usize) -> HashSet<&'a str> {
        let mut out = HashSet::new();
        let node = self.resolve(node);
        if depth > 16 {
            return out;
        }
        if let Some(properties) = node.get("properties").and_then(Node::as_object) {
            out.extend(properties.keys());
        }
        for (_, member) in items(node.get("allOf")) {
            out.extend(self.defined_properties(member, depth + 1));
        }
        out
    }

    fn marked_secret(&self, property: Node<'a>) -> bool {
        let resolved = self.resolve(property);
        let marked = |node: Node| {
            node.get("format").and_then(Node::as_str) == Some("password")
                || node.get("x-sensitive").and_then(Node::as_bool) == Some(true)
        };
        // Only text can be a secret: objects, arrays, numbers and flags are left alone.
        let ty = resolved.get("type").and_then(Node::as_str);
        let textual = ty.is_none_or(|t| t == "string") && resolved.get("properties").is_none();
        !textual || marked(property) || marked(resolved)
    }

    fn one_of(&mut self, variants: Array<'a>, at: &str) {
        #[derive(PartialEq)]
        enum Shape<'v> {
            Object {
                required: Vec<&'v str>,
            },
            Scalar {
                ty: &'v str,
                format: Option<&'v str>,
            },
            Any,
            Other,
        }
        let shapes: Vec<Shape> = variants
            .iter()
            .map(|variant| {
                let v = self.resolve(variant);
                let ty = v.get("type").and_then(Node::as_str);
                let has_enum = v.get("enum").is_some();
                let composite = ["allOf", "oneOf", "anyOf", "not"]
                    .iter()
                    .any(|k| v.get(k).is_some());
                match ty {
                    Some("object") | None
                        if v.get("properties").is_some() || ty.is_some() && !composite =>
                    {
                        Shape::Object {
                            required: items(v.get("required"))
                                .filter_map(|(_, r)| r.as_str())
                                .collect(),
                        }
                    }
                    Some(ty @ ("string" | "integer" | "number" | "boolean")) if !has_enum => {
                        Shape::Scalar {
                            ty,
                            format: v.get("format").and_then(Node::as_str),
                        }
                    }
                    None if !composite && !has_enum && v.get("items").is_none() => Shape::Any,
                    _ => Shape::Other,
                }
            })
            .collect();
        for (j, shape) in shapes.iter().enumerate() {
            let clash = shapes[..j]
                .iter()
                .position(|earlier| match (earlier, shape) {
                    (Shape::Any, _) | (_, Shape::Any) => true,
                    (Shape::Object { required: a }, Shape::Object { required: b }) => {
                        a.is_empty() || b.is_empty() || a == b
                    }
                    (Shape::Scalar { .. }, Shape::Scalar { .. }) => earlier == shape,
                    _ => false,
                });
            if let Some(i) = clash {
                let why = match shape {
                    Shape::Any => "accepts any value".to_owned(),
                    Shape::Object { required } if required.is_empty() => {
                        "is an object with no required property".to_owned()
                    }
                    Shape::Object { .. } => format!("accepts the same objects as variant {i}"),
                    _ => format!("has the same type as variant {i}"),
                };
                self.report("oneof-ambiguous", format!("{at}/oneOf/{j}"), format!("`oneOf` variant {j} {why}, so a value cannot be told apart from variant {i}"));
            }
        }
    }
}

/// Whether the generator gives this schema a type of its own: a string enum, an
/// object with properties, or a union or merge of several schemas. The schema is
/// judged as `openapiv3` reads it: `type: string` with only string keywords is a
/// string schema (named when it has an enum); anything else is named for its
/// properties or its several members.
pub(crate) fn needs_name(map: Object) -> bool {
    if is_plain_string(map) {
        return map
            .get("enum")
            .and_then(Node::as_array)
            .is_some_and(|values| values.iter().any(Node::is_string));
    }
    let many = |key: &str| {
        map.get(key)
            .and_then(Node::as_array)
            .is_some_and(|a| a.len() > 1)
    };
    map.get("properties")
        .and_then(Node::as_object)
        .is_some_and(|p| !p.is_empty())
        || many("allOf")
        || many("oneOf")
        || many("anyOf")
}

/// The keywords of a schema that its rules read, found in one pass over its keys:
/// a schema has a few keys, and looking each keyword up would scan them all again.
#[derive(Default)]
struct Keywords<'t> {
    /// Whether it is a reference (`$ref`), which the rules leave to its target.
    reference: bool,
    /// Whether it has a `discriminator`.
    discriminator: bool,
    ty: Option<Node<'t>>,
    nullable: Option<Node<'t>>,
    enumeration: Option<Node<'t>>,
    required: Option<Node<'t>>,
    properties: Option<Node<'t>>,
    items: Option<Node<'t>>,
    additional_properties: Option<Node<'t>>,
    not: Option<Node<'t>>,
    all_of: Option<Node<'t>>,
    one_of: Option<Node<'t>>,
    any_of: Option<Node<'t>>,
}

impl<'t> Keywords<'t> {
    fn of(map: Object<'t>) -> Keywords<'t> {
        let mut keywords = Keywords::default();
        for (key, value) in map.iter() {
            let slot = match key {
                "$ref" => {
                    keywords.reference = true;
                    continue;
                }
                "discriminator" => {
                    keywords.discriminator = true;
                    continue;
                }
                "type" => &mut keywords.ty,
                "nullable" => &mut keywords.nullable,
                "enum" => &mut keywords.enumeration,
                "required" => &mut keywords.required,
                "properties" => &mut keywords.properties,
                "items" => &mut keywords.items,
                "additionalProperties" => &mut keywords.additional_properties,
                "not" => &mut keywords.not,
                "allOf" => &mut keywords.all_of,
                "oneOf" => &mut keywords.one_of,
                "anyOf" => &mut keywords.any_of,
                _ => continue,
            };
            // A key written twice reads as its first value, as `Object::get` finds it.
            slot.get_or_insert(value);
        }
        keywords
    }
}

/// The keywords that make `openapiv3` read a `type: string` schema as some other kind.
const NOT_STRING_KEYWORDS: &[&str] = &[
    "multipleOf",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "minimum",
    "maximum",
    "properties",
    "required",
    "additionalProperties",
    "minProperties",
    "maxProperties",
    "items",
    "minItems",
    "maxItems",
    "uniqueItems",
    "oneOf",
    "allOf",
    "anyOf",
    "not",
];

/// Whether `openapiv3` reads the schema as a string schema.
fn is_plain_string(map: Object) -> bool {
    let strings = match map.get("enum") {
        None => true,
        Some(values) => values
            .as_array()
            .is_some_and(|values| values.iter().all(|v| v.is_string() || v.is_null())),
    };
    map.get("type").and_then(Node::as_str) == Some("string")
        && strings
        && !NOT_STRING_KEYWORDS.iter().any(|key| map.contains_key(key))
}

/// What the one walk of the tree found: each reference (its holder's pointer and
/// its `$ref`), and each prose field that holds what a viewer may run (its pointer
/// and what it holds). Prose is checked as it is met, so that a big spec's thousands
/// of descriptions cost no pointer or copy each.
#[derive(Default)]
struct Found<'t> {
    references: crate::front::check::refs::Found<'t>,
    unsafe_prose: Vec<(String, &'static str)>,
    /// The prose being checked, in lower case: one buffer for all of them.
    lower: String,
}

impl<'t> crate::document::walk::Visitor<'t> for Found<'t> {
    fn reference(&mut self, at: &str, reference: &'t str) {
        self.references.reference(at, reference);
    }

    fn schema_reference(&mut self, at: &str, reference: &'t str) {
        self.references.schema_reference(at, reference);
    }

    fn prose(&mut self, at: &str, text: &'t str) {
        self.lower.clear();
        self.lower.push_str(text);
        self.lower.make_ascii_lowercase();
        if let Some(what) = runnable_markup(&self.lower) {
            self.unsafe_prose.push((at.to_owned(), what));
        }
    }
}

/// What `lower`, a text in lower case, holds that a documentation viewer may run, if
/// anything: a `<script>` tag, a `javascript:` link or a call to `eval(`.
fn runnable_markup(lower: &str) -> Option<&'static str> {
    [
        ("<script", "a `<script>` tag"),
        ("javascript:", "a `javascript:` link"),
        ("eval(", "a call to `eval(`"),
    ]
    .into_iter()
    .find(|(needle, _)| lower.contains(needle))
    .map(|(_, what)| what)
}

/// The path items of the document: the entries of `paths` whose key is a path (the
/// others, extensions or mistakes, are not read as path items by the generator).
fn path_items(raw: &Tree) -> impl Iterator<Item = (&str, Node<'_>)> {
    objects(raw.get("paths")).filter(|(path, _)| path.starts_with('/'))
}

/// Whether a path segment is a template parameter (`{id}`).
fn is_param(segment: &str) -> bool {
    segment.starts_with('{') && segment.ends_with('}')
}

/// The path templates' segments as a trie: literal segments by text, parameters
/// all under one child, since any parameter matches any segment.
#[derive(Default)]
struct SegmentTrie<'p> {
    nodes: Vec<TrieNode<'p>>,
}

#[derive(Default)]
struct TrieNode<'p> {
    literals: HashMap<&'p str, usize>,
    parameter: Option<usize>,
    /// The templates that end here, by index.
    ends: Vec<usize>,
}

impl<'p> SegmentTrie<'p> {
    fn of(templates: &[Vec<&'p str>]) -> Self {
        let mut trie = SegmentTrie {
            nodes: vec![TrieNode::default()],
        };
        for (index, segments) in templates.iter().enumerate() {
            let mut node = 0;
            for segment in segments {
                let existing = match is_param(segment) {
                    true => trie.nodes[node].parameter,
                    false => trie.nodes[node].literals.get(segment).copied(),
                };
                node = existing.unwrap_or_else(|| {
                    trie.nodes.push(TrieNode::default());
                    let child = trie.nodes.len() - 1;
                    match is_param(segment) {
                        true => trie.nodes[node].parameter = Some(child),
                        false => {
                            trie.nodes[node].literals.insert(segment, child);
                        }
                    }
                    child
                });
            }
            trie.nodes[node].ends.push(index);
        }
        trie
    }

    /// The templates of the same length that can match a URL `segments` matches:
    /// at each segment, equal literals or a parameter on either side.
    fn matching(&self, segments: &[&str]) -> Vec<usize> {
        let mut found = Vec::new();
        let mut pending = vec![(0usize, 0usize)];
        while let Some((node, depth)) = pending.pop() {
            let node = &self.nodes[node];
            let Some(segment) = segments.get(depth) else {
                found.extend(&node.ends);
                continue;
            };
            if is_param(segment) {
                pending.extend(node.literals.values().map(|&child| (child, depth + 1)));
            } else if let Some(&child) = node.literals.get(segment) {
                pending.push((child, depth + 1));
            }
            if let Some(child) = node.parameter {
                pending.push((child, depth + 1));
            }
        }
        found
    }
}
