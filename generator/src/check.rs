//! Check: problems in a loaded spec that stop generation before lowering starts.
//!
//! Lowering reports what it meets on its way; this phase looks at the whole
//! document, so a dangling `$ref` in a part no operation uses is still reported.

use crate::diagnostics::{escape_pointer_token, Diagnostic};
use crate::load::LoadedSpec;
use crate::tree::{Kind, Node};

/// Every problem of `spec` that makes generation impossible.
pub fn check(spec: &LoadedSpec) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    let mut stack: Vec<(String, Node<'_>)> = vec![(String::new(), spec.raw.root())];
    while let Some((at, node)) = stack.pop() {
        match node.kind() {
            Kind::Object(map) => {
                if let Some(reference) = map.get("$ref").and_then(Node::as_str) {
                    if let Some(problem) = check_reference(spec, reference, &at) {
                        diagnostics.push(problem);
                    }
                }
                for (key, value) in map.iter().rev() {
                    // Examples are data, not schema: a `$ref` key inside one is just a value.
                    if key == "example" || key == "value" && at.contains("/examples/") {
                        continue;
                    }
                    stack.push((format!("{at}/{}", escape_pointer_token(key)), value));
                }
            }
            Kind::Array(items) => {
                for (index, value) in items.iter().enumerate().rev() {
                    stack.push((format!("{at}/{index}"), value));
                }
            }
            _ => {}
        }
    }
    diagnostics
}

fn check_reference(spec: &LoadedSpec, reference: &str, at: &str) -> Option<Diagnostic> {
    let pointer = format!("{at}/$ref");
    let Some(target) = reference.strip_prefix('#') else {
        return Some(
            Diagnostic::error(
                "external-ref",
                &spec.path,
                pointer,
                format!("`$ref: {reference}` points into another document, which is not supported"),
            )
            .with_hint("oagen bundles references to other files only where the object model expects a part (a schema, a parameter, a path item); write this value inline"),
        );
    };
    if spec.raw.pointer(target).is_none() {
        return Some(
            Diagnostic::error(
                "unresolved-ref",
                &spec.path,
                pointer,
                format!("`$ref: {reference}` points at nothing in this file"),
            )
            .with_hint("fix the reference or add the component it names"),
        );
    }
    None
}
