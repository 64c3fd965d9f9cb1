//! The walk of a parsed 3.1 or 3.2 document, for its upgrade.
//!
//! It is the document layer's walk ([`crate::document::walk`]) over the
//! `serde_json::Value`, which finds each part (path item, operation, parameter,
//! schema, ...) by its position in the object model ([`crate::document::model`]),
//! never by a key name met somewhere in the tree, so an example value that happens to
//! hold a key named `$ref` or `anyOf` is left alone. The upgrade uses it both to check
//! the document's structure and to rewrite it; every part is entered, references
//! included, since a 3.1 reference may have fields beside its `$ref`.

use serde_json::Value;

use crate::diagnostics::Diagnostic;
use crate::document::walk::{walk_part, Visit};

pub(crate) use crate::document::model::Part;

/// The HTTP methods a path item names as fixed fields, `query` (3.2) included.
pub(crate) const FIXED_METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace", "query",
];

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
    walk_part(Part::Document, root, "", &mut Upgrading(visitor))
}

/// Walks one part found at `at` (a pointer into the document), and everything in it.
pub(crate) fn part(
    part: Part,
    node: &mut Value,
    at: &str,
    visitor: &mut dyn Visitor,
) -> Result<(), Diagnostic> {
    walk_part(part, node, at, &mut Upgrading(visitor))
}

/// The document layer's [`Visit`] for an upgrade [`Visitor`]: every part entered.
struct Upgrading<'v>(&'v mut dyn Visitor);

impl Visit<Value> for Upgrading<'_> {
    fn enter(&mut self, part: Part, node: &mut Value, at: &str) -> Result<bool, Diagnostic> {
        self.0.enter(part, node, at).map(|()| true)
    }

    fn leave(&mut self, part: Part, node: &mut Value, at: &str) -> Result<(), Diagnostic> {
        self.0.leave(part, node, at)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// Records each part entered and left, with its pointer.
    #[derive(Default)]
    struct Trace(Vec<String>);

    impl Visitor for Trace {
        fn enter(&mut self, part: Part, _: &mut Value, at: &str) -> Result<(), Diagnostic> {
            self.0.push(format!("enter {part:?} {at}"));
            Ok(())
        }

        fn leave(&mut self, part: Part, _: &mut Value, at: &str) -> Result<(), Diagnostic> {
            self.0.push(format!("leave {part:?} {at}"));
            Ok(())
        }
    }

    /// Every part is entered, a reference with fields beside its `$ref` (3.1) and a
    /// boolean schema included, and left after the parts in it; data is not entered.
    #[test]
    fn parts_are_entered_then_left_after_their_own() {
        let mut raw = json!({
            "webhooks": {"w": {"post": {"responses": {"200": {
                "$ref": "#/components/responses/R", "description": "beside the $ref"}}}}},
            "components": {"schemas": {"S": {"items": true, "example": {"items": {}}}}}
        });
        let mut trace = Trace::default();
        document(&mut raw, &mut trace).unwrap();
        let w = "/webhooks/w";
        assert_eq!(
            trace.0,
            [
                "enter Document ".to_owned(),
                format!("enter PathItem {w}"),
                format!("enter Operation {w}/post"),
                format!("enter Responses {w}/post/responses"),
                format!("enter Response {w}/post/responses/200"),
                format!("leave Response {w}/post/responses/200"),
                format!("leave Responses {w}/post/responses"),
                format!("leave Operation {w}/post"),
                format!("leave PathItem {w}"),
                "enter Components /components".to_owned(),
                "enter Schema /components/schemas/S".to_owned(),
                "enter Schema /components/schemas/S/items".to_owned(),
                "leave Schema /components/schemas/S/items".to_owned(),
                "leave Schema /components/schemas/S".to_owned(),
                "leave Components /components".to_owned(),
                "leave Document ".to_owned(),
            ]
        );
    }
}
