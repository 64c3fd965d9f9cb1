//! Overlays: our changes to a spec, kept apart from the spec itself.
//!
//! An overlay is an [OpenAPI Overlay Specification 1.0.0] document: a list of
//! actions, each selecting nodes of the spec with a JSONPath `target` (RFC 9535)
//! and either merging an `update` into each of them or removing them:
//!
//! ```yaml
//! overlay: 1.0.0
//! info: {title: Our additions to the Control Plane API, version: 1.0.0}
//! actions:
//!   - target: $.paths['/control-plane/{siteId}/credentials'].post
//!     description: Name the rotate operation.
//!     update: {operationId: rotateApiCredentials}
//!   - target: $.components.schemas.Obsolete
//!     remove: true
//! ```
//!
//! `specs/<name>.overlay.yaml` beside `specs/<name>.yaml` is found and applied by
//! [`crate::front::load`] right after the spec's text is parsed, before anything
//! else looks at it, so checking, linting, lowering and diffing all see the
//! overlaid document and the spec file can stay byte for byte as published.
//!
//! Merging follows the specification: an object update is merged into an
//! object recursively (properties of the update replace or are added to the
//! target's), arrays are appended to, and any other value replaces the target.
//! An update aimed at an array appends the update as one entry. Actions apply in
//! order, each to the result of the previous ones. A target that selects nothing
//! is an error naming the action, since it usually means the upstream spec moved
//! and the customisation silently stopped applying.
//!
//! JSONPath is evaluated by `serde_json_path`, an implementation of RFC 9535
//! (the JSONPath standard the Overlay specification refers to) that reports the
//! normalized location of every match, which is what lets us edit the matched
//! nodes in place.
//!
//! [OpenAPI Overlay Specification 1.0.0]: https://spec.openapis.org/overlay/v1.0.0.html

use std::path::{Path, PathBuf};

use serde_json::Value;
use serde_json_path::JsonPath;

use crate::diagnostics::{Diagnostic, LineColumn};
use crate::document::locate::locate;

/// A parsed overlay document, with its text kept for error positions.
#[derive(Debug, Clone)]
pub struct Overlay {
    /// The file it came from (or a `rev:path` for one read from git).
    pub path: PathBuf,
    text: String,
    actions: Vec<Action>,
}

/// One action of an overlay.
#[derive(Debug, Clone)]
struct Action {
    index: usize,
    target_text: String,
    target: JsonPath,
    description: Option<String>,
    update: Option<Value>,
    remove: bool,
}

/// The overlay file names looked for beside `spec`: `<stem>.overlay.yaml`, `.yml`, `.json`.
pub fn candidates_beside(spec: &Path) -> Vec<PathBuf> {
    let stem = spec
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    ["yaml", "yml", "json"]
        .iter()
        .map(|ext| spec.with_file_name(format!("{stem}.overlay.{ext}")))
        .collect()
}

/// Reads the overlay beside `spec`, if there is one.
pub fn find_beside(spec: &Path) -> Result<Option<Overlay>, Diagnostic> {
    for candidate in candidates_beside(spec) {
        if candidate.is_file() {
            let text = std::fs::read_to_string(&candidate).map_err(|error| {
                Diagnostic::error(
                    "unreadable-overlay",
                    &candidate,
                    "",
                    format!("cannot read the overlay: {error}"),
                )
            })?;
            return Overlay::parse(&candidate, &text).map(Some);
        }
    }
    Ok(None)
}

impl Overlay {
    /// Parses an overlay document (YAML or JSON) read from `path`.
    pub fn parse(path: &Path, text: &str) -> Result<Overlay, Diagnostic> {
        let tree = crate::front::read::parse_tree(path, text)?;
        let error = |pointer: &str, message: String| {
            let location = locate(text, &[pointer]).pop().flatten();
            Diagnostic::error("invalid-overlay", path, pointer, message)
                .at(location)
                .with_hint(
                    "an overlay has `overlay: 1.0.0`, `info` and `actions: [{target, update | remove}]`",
                )
        };
        match tree.get("overlay") {
            Some(Value::String(version)) if version.starts_with("1.") => {}
            Some(other) => {
                return Err(error(
                    "/overlay",
                    format!("overlay version {other} is not supported; only 1.0.x is"),
                ))
            }
            None => {
                return Err(error(
                    "",
                    "the document has no `overlay: 1.0.0` field, so it is not an overlay".into(),
                ))
            }
        }
        let Some(list) = tree.get("actions").and_then(Value::as_array) else {
            return Err(error(
                "/actions",
                "the overlay has no `actions` list".into(),
            ));
        };
        let mut actions = Vec::with_capacity(list.len());
        for (index, node) in list.iter().enumerate() {
            let at = format!("/actions/{index}");
            let Some(target_text) = node.get("target").and_then(Value::as_str) else {
                return Err(error(
                    &at,
                    format!("action {index} has no `target` JSONPath string"),
                ));
            };
            let target = JsonPath::parse(target_text).map_err(|e| {
                error(
                    &format!("{at}/target"),
                    format!("action {index}: `{target_text}` is not a valid JSONPath: {e}"),
                )
            })?;
            let remove = match node.get("remove") {
                None => false,
                Some(Value::Bool(b)) => *b,
                Some(_) => {
                    return Err(error(
                        &format!("{at}/remove"),
                        format!("action {index}: `remove` must be true or false"),
                    ))
                }
            };
            let update = node.get("update").cloned();
            if !remove && update.is_none() {
                return Err(error(
                    &at,
                    format!("action {index} has neither `update` nor `remove: true`"),
                ));
            }
            actions.push(Action {
                index,
                target_text: target_text.to_owned(),
                target,
                description: node
                    .get("description")
                    .and_then(Value::as_str)
                    .map(str::to_owned),
                update,
                remove,
            });
        }
        Ok(Overlay {
            path: path.to_path_buf(),
            text: text.to_owned(),
            actions,
        })
    }

    /// How many actions the overlay has.
    pub fn len(&self) -> usize {
        self.actions.len()
    }

    /// Whether the overlay has no actions.
    pub fn is_empty(&self) -> bool {
        self.actions.is_empty()
    }

    /// Applies every action to `document`, in order. Every action is tried; the
    /// error names the first whose target matched nothing and counts the others.
    pub fn apply(&self, document: &mut Value) -> Result<(), Diagnostic> {
        let mut unmatched: Vec<&Action> = Vec::new();
        for action in &self.actions {
            let mut pointers: Vec<String> = action
                .target
                .query_located(document)
                .locations()
                .map(|l| l.to_json_pointer())
                .collect();
            if pointers.is_empty() {
                unmatched.push(action);
                continue;
            }
            if action.remove {
                // Deepest and highest-indexed first, so earlier removals do not shift later ones.
                pointers.sort_by(|a, b| compare_for_removal(b, a));
                for pointer in &pointers {
                    remove_at(document, pointer);
                }
            } else if let Some(update) = &action.update {
                for pointer in &pointers {
                    if let Some(node) = document.pointer_mut(pointer) {
                        apply_update(node, update);
                    }
                }
            }
        }
        let Some(first) = unmatched.first() else {
            return Ok(());
        };
        let pointer = format!("/actions/{}/target", first.index);
        let location: Option<LineColumn> = locate(&self.text, &[&pointer]).pop().flatten();
        let described = first
            .description
            .as_deref()
            .map(|d| format!(" (\"{d}\")"))
            .unwrap_or_default();
        let others = match unmatched.len() - 1 {
            0 => String::new(),
            n => format!(
                "; {n} more action(s) match nothing too: {}",
                unmatched[1..]
                    .iter()
                    .map(|a| a.index.to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        };
        Err(Diagnostic::error(
            "overlay-target-unmatched",
            &self.path,
            pointer,
            format!(
                "overlay action {}{described}: target `{}` matches nothing in the spec{others}",
                first.index, first.target_text
            ),
        )
        .at(location)
        .with_hint(
            "the spec probably changed under the overlay: point the target at the node's new place, or drop the action if upstream now has the change",
        ))
    }
}

/// Merges `update` into `target`: objects recursively, arrays appended, anything else replaced.
/// An update aimed at an array is appended to it as one entry.
fn apply_update(target: &mut Value, update: &Value) {
    match (target, update) {
        (Value::Array(items), update) => items.push(update.clone()),
        (target, update) => merge(target, update),
    }
}

fn merge(target: &mut Value, update: &Value) {
    match (target, update) {
        (Value::Object(target), Value::Object(update)) => {
            for (key, value) in update {
                match target.get_mut(key) {
                    Some(existing) => merge(existing, value),
                    None => {
                        target.insert(key.clone(), value.clone());
                    }
                }
            }
        }
        (Value::Array(target), Value::Array(update)) => target.extend(update.iter().cloned()),
        (target, update) => *target = update.clone(),
    }
}

/// Orders pointers so that a parent's array indexes compare numerically.
fn compare_for_removal(a: &str, b: &str) -> std::cmp::Ordering {
    let tokens = |p: &str| -> Vec<(u8, usize, String)> {
        p.split('/')
            .skip(1)
            .map(|t| match t.parse::<usize>() {
                Ok(n) => (0, n, String::new()),
                Err(_) => (1, 0, t.to_owned()),
            })
            .collect()
    };
    tokens(a).cmp(&tokens(b))
}

fn remove_at(document: &mut Value, pointer: &str) {
    let Some(split) = pointer.rfind('/') else {
        // The root itself: an overlay may not remove the whole document; leave it empty.
        *document = Value::Object(Default::default());
        return;
    };
    let (parent, last) = (&pointer[..split], &pointer[split + 1..]);
    let key = crate::diagnostics::unescape_pointer_token(last);
    match document.pointer_mut(parent) {
        Some(Value::Object(map)) => {
            map.shift_remove(&key);
        }
        Some(Value::Array(items)) => {
            if let Ok(index) = key.parse::<usize>() {
                if index < items.len() {
                    items.remove(index);
                }
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn overlay(text: &str) -> Overlay {
        Overlay::parse(Path::new("test.overlay.yaml"), text).unwrap()
    }

    #[test]
    fn merges_objects_appends_arrays_replaces_scalars() {
        let mut doc = json!({"a": {"b": 1, "c": [1], "d": {"e": "x"}}});
        overlay(
            "overlay: 1.0.0\ninfo: {title: t, version: '1'}\nactions:\n  - target: $.a\n    update: {b: 2, c: [2], d: {f: y}, g: true}\n",
        )
        .apply(&mut doc)
        .unwrap();
        assert_eq!(
            doc,
            json!({"a": {"b": 2, "c": [1, 2], "d": {"e": "x", "f": "y"}, "g": true}})
        );
    }

    #[test]
    fn removes_every_match_and_appends_to_a_targeted_array() {
        let mut doc = json!({"tags": [{"name": "a"}, {"name": "b"}, {"name": "a"}], "x": 1});
        overlay(
            "overlay: 1.0.0\ninfo: {title: t, version: '1'}\nactions:\n  - target: \"$.tags[?@.name == 'a']\"\n    remove: true\n  - target: $.tags\n    update: {name: c}\n  - target: $.x\n    remove: true\n",
        )
        .apply(&mut doc)
        .unwrap();
        assert_eq!(doc, json!({"tags": [{"name": "b"}, {"name": "c"}]}));
    }

    #[test]
    fn an_unmatched_target_names_the_action_and_its_place() {
        let mut doc = json!({"a": 1});
        let error = overlay(
            "overlay: 1.0.0\ninfo: {title: t, version: '1'}\nactions:\n  - target: $.a\n    update: 2\n  - target: $.missing\n    description: Mark it.\n    update: {x: 1}\n",
        )
        .apply(&mut doc)
        .unwrap_err();
        assert_eq!(error.rule, "overlay-target-unmatched");
        assert_eq!(error.pointer, "/actions/1/target");
        assert_eq!(error.location, Some(LineColumn { line: 6, column: 5 }));
        assert!(error.message.contains("action 1 (\"Mark it.\")"), "{error}");
        assert!(error.message.contains("$.missing"), "{error}");
    }
}
