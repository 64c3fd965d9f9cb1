//! Resolve: the one way a `$ref` of a loaded document is followed.
//!
//! Check, lint and lowering all go through here, so they agree on what a reference
//! names and on when following one fails:
//!
//! - a `$ref` is a URI reference whose fragment is a JSON pointer (RFC 6901 in
//!   RFC 3986): the fragment is percent-decoded first (`A%20B` is the key `A B`),
//!   then each token is unescaped (`~1` is `/`, `~0` is `~`);
//! - a reference to another document is [`Problem::External`];
//! - a chain of references (a `$ref` whose target is itself a `$ref`) is followed
//!   until it reaches a node that is not a reference, for at most [`MAX_CHAIN`]
//!   links (a longer one is [`Problem::TooLong`], rule `ref-chain-too-long`); a
//!   chain that comes back to a target it has passed is a [`Problem::Cycle`]
//!   (rule `ref-cycle`), reported with the names along it (`A → B → A`).
//!
//! Only pure alias chains are followed: a schema that refers to itself through a
//! property or `items` is a recursive type, not a cycle, as the target of its
//! `$ref` is an object with structure, not another `$ref`.

use std::borrow::Cow;
use std::path::Path;

use crate::diagnostics::{percent_decode, unescape_pointer_token, Diagnostic};
use crate::document::tree::{Node, Tree};

/// How many references a chain may pass before following it stops with an error.
/// Real documents alias a component once or twice; the bound keeps a machine-made
/// chain from costing more than a linear walk.
pub const MAX_CHAIN: usize = 64;

/// Why a `$ref` could not be followed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// It names another document (a file or a URL).
    External,
    /// Its pointer names no node of this document.
    Unresolved,
    /// Following it comes back to a reference it passed: the targets' pointers,
    /// from the first reference's target to the repeated one.
    Cycle(Vec<String>),
    /// The chain passes more than [`MAX_CHAIN`] references.
    TooLong,
}

/// The JSON pointer into this document that `reference` names: its fragment,
/// percent-decoded (still pointer-escaped, as [`Tree::pointer`] reads it). A `%`
/// that does not start two hex digits, or escapes that do not decode to UTF-8, are
/// kept as they are written.
pub fn local_pointer(reference: &str) -> Result<Cow<'_, str>, Problem> {
    let fragment = reference.strip_prefix('#').ok_or(Problem::External)?;
    Ok(percent_decode(fragment))
}

/// The reference in the canonical form `#<pointer>`, the pointer percent-decoded:
/// two spellings of one reference give the same key.
pub fn canonical(reference: &str) -> Cow<'_, str> {
    match local_pointer(reference) {
        Ok(Cow::Owned(pointer)) => Cow::Owned(format!("#{pointer}")),
        _ => Cow::Borrowed(reference),
    }
}

/// The node `reference` names, without following it further.
pub fn target<'t>(tree: &'t Tree, reference: &str) -> Result<Node<'t>, Problem> {
    let pointer = local_pointer(reference)?;
    tree.pointer(&pointer).ok_or(Problem::Unresolved)
}

/// The string of `node`'s `$ref`, when it is a reference (a `$ref` that is a string,
/// as `openapiv3` reads one).
pub fn reference_of(node: Node<'_>) -> Option<&str> {
    node.get("$ref").and_then(Node::as_str)
}

/// [`follow`], with the reason a reference cannot be followed pushed onto
/// `diagnostics`, as found at `at` in `file`.
pub(crate) fn follow_or_report<'t>(
    tree: &'t Tree,
    file: &Path,
    reference: &str,
    at: &str,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Node<'t>> {
    follow(tree, reference)
        .map_err(|problem| diagnostics.push(problem.diagnostic(file, at, reference)))
        .ok()
}

/// Follows the `$ref` `reference` and every reference its target is, to the first
/// node that is not a reference.
pub fn follow<'t>(tree: &'t Tree, reference: &str) -> Result<Node<'t>, Problem> {
    let mut passed: Vec<String> = Vec::new();
    let mut current = Cow::Borrowed(reference);
    loop {
        let pointer = local_pointer(&current)?.into_owned();
        if passed.contains(&pointer) {
            passed.push(pointer);
            return Err(Problem::Cycle(passed));
        }
        if passed.len() == MAX_CHAIN {
            return Err(Problem::TooLong);
        }
        let node = tree.pointer(&pointer).ok_or(Problem::Unresolved)?;
        passed.push(pointer);
        match reference_of(node) {
            Some(next) => current = Cow::Owned(next.to_owned()),
            None => return Ok(node),
        }
    }
}

/// Follows `node` when it is a reference, else gives it back.
pub fn follow_node<'t>(tree: &'t Tree, node: Node<'t>) -> Result<Node<'t>, Problem> {
    match reference_of(node) {
        Some(reference) => follow(tree, reference),
        None => Ok(node),
    }
}

impl Problem {
    /// The diagnostic for `$ref: reference`, found at `at` (the pointer of the
    /// `$ref` itself, or of the node that holds it) in `file`.
    pub fn diagnostic(&self, file: &Path, at: &str, reference: &str) -> Diagnostic {
        match self {
            Problem::External => Diagnostic::error(
                "external-ref",
                file,
                at,
                format!("`$ref: {reference}` points into another document here, where oagen does not bundle"),
            )
            .with_hint("oagen bundles references to other files only where the object model expects a part (a schema, a parameter, a path item); write this value inline"),
            Problem::Unresolved => Diagnostic::error(
                "unresolved-ref",
                file,
                at,
                format!("`$ref: {reference}` points at nothing in this file"),
            )
            .with_hint("fix the reference or add the component it names"),
            Problem::Cycle(pointers) => Diagnostic::error(
                "ref-cycle",
                file,
                at,
                format!(
                    "`$ref: {reference}` starts a cycle of references that never reaches an object: {}",
                    cycle_names(pointers)
                ),
            )
            .with_hint("make one of the references point at the object itself"),
            Problem::TooLong => Diagnostic::error(
                "ref-chain-too-long",
                file,
                at,
                format!(
                    "`$ref: {reference}` starts a chain of more than {MAX_CHAIN} references, each naming \
                     another reference, without reaching an object: oagen follows at most {MAX_CHAIN} \
                     (none of them comes back to one passed, so this is not a cycle)"
                ),
            )
            .with_hint("point the reference at the object the chain ends at: an alias of an alias adds nothing to the generated types"),
        }
    }
}

/// The pointers of a cycle as the names a reader knows them by: each one's last
/// token, unescaped (`A → B → A`).
pub fn cycle_names(pointers: &[String]) -> String {
    pointers
        .iter()
        .map(|pointer| unescape_pointer_token(pointer.rsplit('/').next().unwrap_or(pointer)))
        .collect::<Vec<_>>()
        .join(" → ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn tree(value: serde_json::Value) -> Tree {
        Tree::from_value(&value).unwrap()
    }

    #[test]
    fn fragments_are_percent_decoded_then_unescaped() {
        let doc =
            tree(json!({"s": {"A B": {"type": "string"}, "a/b": {"type": "integer"}, "%": 1}}));
        assert_eq!(local_pointer("#/s/A%20B").unwrap(), "/s/A B");
        assert!(target(&doc, "#/s/A%20B").unwrap().is_object());
        assert!(target(&doc, "#/s/a~1b").unwrap().is_object());
        assert!(target(&doc, "#/s/a%7E1b").unwrap().is_object());
        // A `%` that starts no escape is the character itself.
        assert!(target(&doc, "#/s/%").unwrap().is_number());
        assert_eq!(target(&doc, "#/s/A B%2"), Err(Problem::Unresolved));
        assert_eq!(target(&doc, "other.yaml#/s"), Err(Problem::External));
        assert_eq!(canonical("#/s/A%20B"), "#/s/A B");
        assert_eq!(canonical("#/s/plain"), "#/s/plain");
    }

    #[test]
    fn alias_cycles_are_found_and_named() {
        let doc = tree(json!({"c": {
            "A": {"$ref": "#/c/B"}, "B": {"$ref": "#/c/A"},
            "Self": {"$ref": "#/c/Self"},
            "Into": {"$ref": "#/c/A"},
            "Tree": {"type": "object", "properties": {"kids": {"$ref": "#/c/Tree"}}},
            "Alias": {"$ref": "#/c/Tree"},
        }}));
        let Err(Problem::Cycle(pointers)) = follow(&doc, "#/c/B") else {
            panic!("A and B refer to each other")
        };
        assert_eq!(cycle_names(&pointers), "B → A → B");
        assert!(matches!(follow(&doc, "#/c/Self"), Err(Problem::Cycle(p)) if p.len() == 2));
        // A chain that runs into a cycle is stopped too.
        assert!(matches!(follow(&doc, "#/c/Into"), Err(Problem::Cycle(_))));
        // A recursive type is not a cycle of references.
        assert!(follow(&doc, "#/c/Alias")
            .unwrap()
            .get("properties")
            .is_some());
    }

    #[test]
    fn long_chains_stop() {
        let mut components = serde_json::Map::new();
        for i in 0..200 {
            components.insert(format!("N{i}"), json!({"$ref": format!("#/c/N{}", i + 1)}));
        }
        components.insert("N200".into(), json!({"type": "string"}));
        let doc = tree(json!({ "c": components }));
        assert_eq!(follow(&doc, "#/c/N0"), Err(Problem::TooLong));
        assert!(follow(&doc, "#/c/N150").unwrap().is_object());
    }
}
