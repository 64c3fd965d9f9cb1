//! Webhook payloads: the types an API sends to the caller's own server.
//!
//! No operation of the client uses them, so without this list they would be
//! indistinguishable from schemas nothing uses. Knowing them lets emit put them
//! behind a feature of their own and derive only what decoding them needs.

use indexmap::IndexSet;

use crate::document::resolve;
use crate::document::tree::Node;
use crate::document::METHODS;
use crate::front::LoadedSpec;
use crate::ir::TypeId;

use super::types::TypeLowering;

/// The component schemas named as a request body of a webhook (3.1's `webhooks`,
/// kept as `x-webhooks`, or a 3.0 document's own `x-webhooks`), in document order,
/// each once.
///
/// Only payloads that are `$ref`s to component schemas count: the 3.1 upgrade hoists
/// inline payloads into components, and a 3.0 document's inline payload has never
/// been generated. A reference that cannot be followed is left to the reference
/// check, which reports it.
pub(crate) fn payloads(spec: &LoadedSpec, types: &TypeLowering) -> Vec<TypeId> {
    let tree = &spec.raw;
    let Some(hooks) = tree.pointer("/x-webhooks").and_then(Node::as_object) else {
        return Vec::new();
    };
    let mut found = IndexSet::new();
    for (_, item) in hooks.iter() {
        let Ok(item) = resolve::follow_node(tree, item) else {
            continue;
        };
        for method in METHODS {
            let Some(body) = item.get(method).and_then(|op| op.get("requestBody")) else {
                continue;
            };
            let Ok(body) = resolve::follow_node(tree, body) else {
                continue;
            };
            let media = body.get("content").and_then(Node::as_object);
            for (_, media) in media.into_iter().flat_map(|m| m.iter()) {
                let reference = media.get("schema").and_then(resolve::reference_of);
                found.extend(reference.and_then(|r| types.named(r)));
            }
        }
    }
    found.into_iter().collect()
}
