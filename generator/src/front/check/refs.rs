//! Check: problems in a loaded spec that stop generation before lowering starts.
//!
//! Lowering reports what it meets on its way; this phase looks at the whole
//! document, so a dangling `$ref` in a part no operation uses is still reported, and
//! so is a schema `$ref` to what is no schema (`#`, `#/info`), which lowering would
//! type as any value. Lint runs the same check ([`references`]), so the two agree on
//! every reference.

use std::collections::HashSet;
use std::path::Path;

use crate::diagnostics::Diagnostic;
use crate::document::resolve::{self, Problem};
use crate::document::tree::Tree;
use crate::document::walk::{self, Visitor};

/// Every problem of the document in `tree`, read from `file`, that makes generation
/// impossible.
pub fn check(tree: &Tree, file: &Path) -> Vec<Diagnostic> {
    let mut diagnostics = path_keys(tree, file);
    diagnostics.extend(references(tree, file).diagnostics);
    diagnostics
}

/// A diagnostic for each key of `paths` that is neither a path (`/...`) nor an
/// extension (`x-...`): the generator would otherwise leave its operations out
/// without a word. Lint reports these through here too.
pub fn path_keys(tree: &Tree, file: &Path) -> Vec<Diagnostic> {
    let keys = tree
        .get("paths")
        .and_then(crate::document::tree::Node::as_object);
    keys.into_iter()
        .flat_map(|paths| paths.keys())
        .filter(|key| !key.starts_with('/') && !key.starts_with("x-"))
        .map(|key| {
            Diagnostic::error(
                "invalid-openapi",
                file,
                crate::diagnostics::pointer(["paths", key]),
                format!("the path `{key}` does not start with `/`"),
            )
            .with_hint("start the path with `/`, or name an extension `x-...`")
        })
        .collect()
}

/// The rules of what [`references`] reports; lowering reports them again where it
/// meets the same references, which callers leave out when they ran the check.
pub const REFERENCE_RULES: &[&str] = &[
    "unresolved-ref",
    "external-ref",
    "ref-cycle",
    "ref-chain-too-long",
];

/// What checking the references of a document found.
#[derive(Debug, Default)]
pub struct References {
    /// A diagnostic for each reference that cannot be followed: external, dangling,
    /// or a cycle (reported once, at the first of its references the walk meets).
    pub diagnostics: Vec<Diagnostic>,
    /// The components that some reference points into (`/components/schemas/Pet`).
    pub used: HashSet<String>,
}

/// Checks every reference of `tree`, the document of `file`, found by
/// [`walk`]: where the object model allows a reference, never inside data.
pub fn references(tree: &Tree, file: &Path) -> References {
    let mut found = Found::default();
    walk::walk(tree.root(), &mut found);
    check_references(tree, file, &found)
}

/// Checks `found`, the references a [`walk`] of `tree` (the document of `file`) met:
/// each holder's pointer and its `$ref`, in the order the walk met them. A caller that
/// walks the tree for more than references (lint) checks them through here, so the
/// tree is walked once.
pub fn check_references(tree: &Tree, file: &Path, walked: &Found<'_>) -> References {
    let found = &walked.references;
    let holders: HashSet<&str> = found.iter().map(|(at, _)| at.as_str()).collect();
    let targets: HashSet<String> = found
        .iter()
        .filter_map(|(_, reference)| resolve::local_pointer(reference).ok())
        .map(|pointer| pointer.into_owned())
        .collect();
    let mut out = References::default();
    let mut cycles: HashSet<Vec<String>> = HashSet::new();
    for (at, reference) in found {
        let report = |problem: &Problem| problem.diagnostic(file, &format!("{at}/$ref"), reference);
        let target = match resolve::target(tree, reference) {
            Ok(target) => target,
            Err(problem) => {
                out.diagnostics.push(report(&problem));
                continue;
            }
        };
        if let Ok(pointer) = resolve::local_pointer(reference) {
            out.used.insert(component_of(&pointer));
        }
        if resolve::reference_of(target).is_none() {
            continue;
        }
        match resolve::follow(tree, reference) {
            Ok(_) => {}
            Err(Problem::Cycle(passed)) => {
                let members = cycle_members(&passed);
                let mut key = members.to_vec();
                key.sort();
                let on_cycle = members.iter().any(|m| m == at);
                // A cycle is reported at one of its own references when the walk meets
                // one; a chain that only leads into it is not reported again.
                let reported_elsewhere =
                    !on_cycle && members.iter().any(|m| holders.contains(m.as_str()));
                if reported_elsewhere || !cycles.insert(key) {
                    continue;
                }
                let chain = match on_cycle {
                    true => rotated_to(members, at),
                    false => passed,
                };
                out.diagnostics.push(report(&Problem::Cycle(chain)));
            }
            // A chain too long to follow is reported at its head only, not at each of
            // its links.
            Err(Problem::TooLong) if targets.contains(at.as_str()) => {}
            // A broken link further down the chain is reported where its own `$ref`
            // is, when the walk meets it there.
            Err(problem) => {
                let next = resolve::local_pointer(reference).map(|p| p.into_owned());
                if problem != Problem::TooLong
                    && next.is_ok_and(|next| holders.contains(next.as_str()))
                {
                    continue;
                }
                out.diagnostics.push(report(&problem));
            }
        }
    }
    out.diagnostics.extend(not_schemas(tree, file, walked));
    out
}

/// A diagnostic for each reference standing for a schema whose target is no schema:
/// the whole document (`#`), `info`, a path item. Read as a schema, such a target
/// would type the value as any JSON value without a word.
fn not_schemas(tree: &Tree, file: &Path, found: &Found<'_>) -> Vec<Diagnostic> {
    let mut suspects: Vec<(&str, &str, String)> = Vec::new();
    for &index in &found.schema_references {
        let (at, reference) = &found.references[index];
        let Ok(pointer) = resolve::local_pointer(reference) else {
            continue;
        };
        // Nearly every schema reference names an entry of `components/schemas`,
        // which is a schema wherever it is: only the others need the walk below.
        let component = pointer
            .strip_prefix("/components/schemas/")
            .is_some_and(|name| !name.contains('/'));
        if !component && tree.pointer(&pointer).is_some() {
            suspects.push((at, reference, pointer.into_owned()));
        }
    }
    if suspects.is_empty() {
        return Vec::new();
    }
    let mut positions = SchemaPositions {
        wanted: suspects.iter().map(|(_, _, p)| p.clone()).collect(),
        found: HashSet::new(),
    };
    walk::walk(tree.root(), &mut positions);
    suspects
        .into_iter()
        .filter(|(_, _, pointer)| !positions.found.contains(pointer))
        .map(|(at, reference, pointer)| {
            let what = match pointer.as_str() {
                "" => "the whole document".to_owned(),
                _ => format!("`{pointer}`"),
            };
            Diagnostic::error(
                "invalid-openapi",
                file,
                format!("{at}/$ref"),
                format!("`$ref: {reference}` stands for a schema here, but it points at {what}, which is not a schema"),
            )
            .with_hint("point the reference at a schema, such as `#/components/schemas/Name`")
        })
        .collect()
}

/// The references a walk found: each holder's pointer and its `$ref`, and which of
/// them stand for schemas (their indexes).
#[derive(Default)]
pub struct Found<'t> {
    /// Each holder's pointer and its `$ref`, in the order the walk met them.
    pub references: Vec<(String, &'t str)>,
    /// The indexes in `references` of those that stand for a schema.
    pub schema_references: Vec<usize>,
}

impl<'t> Found<'t> {
    /// Records a reference, as [`Visitor::reference`] reports it.
    pub fn reference(&mut self, at: &str, reference: &'t str) {
        self.references.push((at.to_owned(), reference));
    }

    /// Records a reference that stands for a schema, as
    /// [`Visitor::schema_reference`] reports it.
    pub fn schema_reference(&mut self, at: &str, reference: &'t str) {
        self.schema_references.push(self.references.len());
        self.reference(at, reference);
    }
}

impl<'t> Visitor<'t> for Found<'t> {
    fn reference(&mut self, at: &str, reference: &'t str) {
        Found::reference(self, at, reference);
    }

    fn schema_reference(&mut self, at: &str, reference: &'t str) {
        Found::schema_reference(self, at, reference);
    }

    fn prose(&mut self, _: &str, _: &'t str) {}
}

/// Which of the `wanted` pointers a walk finds schemas at.
struct SchemaPositions {
    wanted: HashSet<String>,
    found: HashSet<String>,
}

impl<'t> Visitor<'t> for SchemaPositions {
    fn reference(&mut self, _: &str, _: &'t str) {}

    fn schema(&mut self, at: &str) {
        if self.wanted.contains(at) {
            self.found.insert(at.to_owned());
        }
    }

    fn prose(&mut self, _: &str, _: &'t str) {}
}

/// The component a pointer leads into: its first three tokens.
fn component_of(pointer: &str) -> String {
    pointer.split('/').take(4).collect::<Vec<_>>().join("/")
}

/// The pointers on the cycle itself, given a chain that ends with the first one
/// it repeats.
fn cycle_members(passed: &[String]) -> &[String] {
    let repeated = passed.last().expect("a cycle repeats a pointer");
    let start = passed
        .iter()
        .position(|p| p == repeated)
        .expect("the repeated pointer was passed before");
    &passed[start..passed.len() - 1]
}

/// The cycle `members` as a chain from `at` back to `at`: `A → B → A`.
fn rotated_to(members: &[String], at: &str) -> Vec<String> {
    let start = members.iter().position(|m| m == at).unwrap_or(0);
    let mut chain: Vec<String> = members[start..]
        .iter()
        .chain(&members[..start])
        .cloned()
        .collect();
    chain.push(chain[0].clone());
    chain
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::resolve::MAX_CHAIN;
    use serde_json::json;

    fn diagnostics(components: serde_json::Value, paths: serde_json::Value) -> Vec<Diagnostic> {
        let document = json!({"openapi": "3.0.3", "info": {"title": "t", "version": "1"},
            "paths": paths, "components": components});
        let tree = Tree::from_value(&document).unwrap();
        references(&tree, Path::new("spec.yaml")).diagnostics
    }

    #[test]
    fn each_cycle_is_reported_once_at_its_first_reference() {
        for kind in [
            "parameters",
            "responses",
            "requestBodies",
            "headers",
            "examples",
            "links",
            "callbacks",
            "securitySchemes",
            "pathItems",
            "schemas",
        ] {
            let a = format!("#/components/{kind}/A");
            let b = format!("#/components/{kind}/B");
            let found = diagnostics(
                json!({kind: {"A": {"$ref": b}, "B": {"$ref": a}, "C": {"$ref": a}}}),
                json!({}),
            );
            assert_eq!(found.len(), 1, "{kind}: {found:?}");
            assert_eq!(found[0].rule, "ref-cycle", "{kind}");
            assert_eq!(found[0].pointer, format!("/components/{kind}/A/$ref"));
            assert!(
                found[0].message.ends_with("A → B → A"),
                "{}",
                found[0].message
            );
        }
    }

    #[test]
    fn a_path_item_cycle_is_reported() {
        let found = diagnostics(
            json!({}),
            json!({"/a": {"$ref": "#/paths/~1b"}, "/b": {"$ref": "#/paths/~1a"}}),
        );
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].pointer, "/paths/~1a/$ref");
        assert!(
            found[0].message.ends_with("/a → /b → /a"),
            "{}",
            found[0].message
        );
    }

    #[test]
    fn recursive_types_and_data_are_not_cycles() {
        let found = diagnostics(
            json!({"schemas": {
                "Tree": {"type": "object", "properties": {"kids": {"type": "array", "items": {"$ref": "#/components/schemas/Tree"}}},
                    "default": {"$ref": "#/nowhere"}, "x-meta": {"$ref": "#/nowhere"}},
                "Alias": {"$ref": "#/components/schemas/Tree"},
                "A B": {"type": "string"},
                "Spaced": {"$ref": "#/components/schemas/A%20B"},
            }}),
            json!({}),
        );
        assert!(found.is_empty(), "{found:?}");
    }

    /// A chain of aliases `A1 → A2 → … → An → Thing`, used by a response (so of n + 1
    /// references with the response's own): as long as the resolver follows, it is
    /// fine; one link longer, it is refused once, at its head, as too long rather than
    /// as a cycle.
    #[test]
    fn a_chain_one_link_too_long_is_refused_at_its_head_but_not_as_a_cycle() {
        for (aliases, refused) in [
            (MAX_CHAIN - 2, false),
            (MAX_CHAIN - 1, false),
            (MAX_CHAIN, true),
        ] {
            let mut schemas = serde_json::Map::new();
            for i in 1..=aliases {
                let next = match i == aliases {
                    true => "Thing".to_owned(),
                    false => format!("A{}", i + 1),
                };
                schemas.insert(
                    format!("A{i}"),
                    json!({"$ref": format!("#/components/schemas/{next}")}),
                );
            }
            schemas.insert("Thing".into(), json!({"type": "string"}));
            let found = diagnostics(
                json!({"schemas": schemas, "responses": {"R": {"description": "r",
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/A1"}}}}}}),
                json!({}),
            );
            if !refused {
                assert!(found.is_empty(), "{aliases} aliases: {found:?}");
                continue;
            }
            assert_eq!(found.len(), 1, "{aliases} aliases: {found:?}");
            assert_eq!(found[0].rule, "ref-chain-too-long");
            assert_eq!(
                found[0].pointer,
                "/components/responses/R/content/application~1json/schema/$ref"
            );
            assert!(
                found[0].message.contains("more than 64"),
                "{}",
                found[0].message
            );
            assert!(found[0].hint.is_some());
        }
    }

    /// A reference standing for a schema must name a schema: wherever the object
    /// model puts one, but not the document, its `info`, a path item or a map.
    #[test]
    fn a_schema_reference_to_what_is_no_schema_is_refused() {
        let paths = json!({"/a": {"get": {"parameters": [{"name": "q", "in": "query",
            "schema": {"type": "string"}}],
            "responses": {"200": {"description": "ok", "content": {"application/json":
                {"schema": {"type": "object", "properties": {"n": {"type": "integer"}}}}}}}}}});
        for (target, refused) in [
            ("#", true),
            ("#/info", true),
            ("#/paths/~1a", true),
            ("#/paths/~1a/get", true),
            ("#/components/schemas", true),
            ("#/components/schemas/B/properties", true),
            ("#/components/schemas/B", false),
            ("#/components/schemas/B/properties/x", false),
            ("#/components/schemas/B/items", false),
            ("#/paths/~1a/get/parameters/0/schema", false),
            (
                "#/paths/~1a/get/responses/200/content/application~1json/schema",
                false,
            ),
            (
                "#/paths/~1a/get/responses/200/content/application~1json/schema/properties/n",
                false,
            ),
        ] {
            let components = json!({"schemas": {
                "A": {"type": "object", "properties": {"p": {"$ref": target}}},
                "B": {"type": "object", "properties": {"x": {"type": "string"}},
                    "items": {"type": "string"}},
            }});
            let found = diagnostics(components, paths.clone());
            if !refused {
                assert!(found.is_empty(), "{target}: {found:?}");
                continue;
            }
            assert_eq!(found.len(), 1, "{target}: {found:?}");
            assert_eq!(
                (found[0].rule, found[0].pointer.as_str()),
                ("invalid-openapi", "/components/schemas/A/properties/p/$ref"),
                "{target}"
            );
            assert!(
                found[0].message.contains("which is not a schema"),
                "{target}"
            );
            assert!(found[0].hint.is_some(), "{target}");
        }
    }

    #[test]
    fn dangling_references_are_reported_in_unused_components() {
        let found = diagnostics(
            json!({"responses": {"Gone": {"$ref": "#/components/responses/Missing"}}}),
            json!({}),
        );
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].rule, "unresolved-ref");
        assert_eq!(found[0].pointer, "/components/responses/Gone/$ref");
    }
}
