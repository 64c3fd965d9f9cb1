//! Normalize: rewrite the few valid OpenAPI 3.0 forms that the `openapiv3`
//! crate cannot deserialize into equivalent forms it can, before it sees them.

use serde_json::Value;

use crate::document::METHODS;

/// Rewrites `raw` in place. Today: an operation's callback given as a `$ref`
/// (allowed by the specification, refused by `openapiv3`) is replaced by the
/// callback it points at. A reference that resolves nowhere is left for
/// `check` to report.
pub fn normalize(raw: &mut Value) {
    let mut replacements = Vec::new();
    if let Some(paths) = raw.get("paths").and_then(Value::as_object) {
        for (path, item) in paths {
            for method in METHODS {
                let callbacks = item
                    .get(*method)
                    .and_then(|op| op.get("callbacks"))
                    .and_then(Value::as_object);
                for (name, callback) in callbacks.into_iter().flatten() {
                    let Some(reference) = callback.get("$ref").and_then(Value::as_str) else {
                        continue;
                    };
                    let target = reference.strip_prefix('#').and_then(|p| raw.pointer(p));
                    if let Some(target) = target.filter(|t| t.get("$ref").is_none()) {
                        replacements.push((path.clone(), *method, name.clone(), target.clone()));
                    }
                }
            }
        }
    }
    for (path, method, name, target) in replacements {
        if let Some(slot) = raw
            .get_mut("paths")
            .and_then(|p| p.get_mut(&path))
            .and_then(|item| item.get_mut(method))
            .and_then(|op| op.get_mut("callbacks"))
            .and_then(|callbacks| callbacks.get_mut(&name))
        {
            *slot = target;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn callback_references_are_inlined() {
        let mut raw = serde_json::json!({
            "paths": {"/x": {"post": {"callbacks": {
                "done": {"$ref": "#/components/callbacks/Done"},
                "missing": {"$ref": "#/components/callbacks/Nope"}
            }}}},
            "components": {"callbacks": {"Done": {"{$request.body#/url}": {"post": {"responses": {}}}}}}
        });
        normalize(&mut raw);
        let callbacks = &raw["paths"]["/x"]["post"]["callbacks"];
        assert_eq!(callbacks["done"], raw["components"]["callbacks"]["Done"]);
        assert_eq!(callbacks["missing"]["$ref"], "#/components/callbacks/Nope");
    }
}
