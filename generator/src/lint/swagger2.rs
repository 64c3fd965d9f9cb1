//! Lint of Swagger 2.0 documents: the tree rules run on the upgraded 3.0 document, so
//! their advice names 3.0 fields. This pass, run before the findings are moved back
//! to the 2.0 file, drops what the upgrade itself wrote and names the 2.0 fields.

use crate::diagnostics::Diagnostic;
use crate::document::tree::{Node, Tree};
use crate::document::METHODS;

/// Adjusts the tree rules' findings on the upgrade of a Swagger 2.0 document.
pub(crate) fn adjust(upgraded: &Tree, findings: &mut Vec<Diagnostic>) {
    findings.retain(|finding| !written_by_the_upgrade(upgraded, finding));
    for finding in findings.iter_mut() {
        if let Some((message, hint)) = in_swagger2_terms(finding.rule) {
            if let Some(message) = message {
                finding.message = message.to_owned();
            }
            finding.hint = Some(hint.to_owned());
        }
    }
}

/// Whether a finding is about a construct the upgrade wrote, which the user cannot
/// change in 2.0 and which the generator reads as meant:
/// - `allOf: [$ref]` beside `nullable: true` is how 3.0 says `x-nullable: true`
///   beside a `$ref`;
/// - the object schema of a form body stands for `in: formData` parameters, which
///   2.0 has no way to name.
fn written_by_the_upgrade(upgraded: &Tree, finding: &Diagnostic) -> bool {
    match finding.rule {
        "nullable-without-type" => finding
            .pointer
            .strip_suffix("/nullable")
            .and_then(|at| upgraded.pointer(at))
            .is_some_and(is_nullable_reference),
        "inline-schema-name" => {
            is_form_body_schema(&finding.pointer) || is_in_parameter_schema(&finding.pointer)
        }
        _ => false,
    }
}

/// Whether `schema` is `allOf` of one `$ref`.
fn is_nullable_reference(schema: Node<'_>) -> bool {
    schema
        .get("allOf")
        .and_then(Node::as_array)
        .is_some_and(|members| {
            members.len() == 1 && members.get(0).is_some_and(|m| m.get("$ref").is_some())
        })
}

/// Whether `pointer` is the schema of an operation's form body.
fn is_form_body_schema(pointer: &str) -> bool {
    ["application~1x-www-form-urlencoded", "multipart~1form-data"]
        .iter()
        .any(|media| pointer.ends_with(&format!("/requestBody/content/{media}/schema")))
}

/// Whether `pointer` is inside the schema the upgrade wrote for a parameter or a
/// response header: 2.0 types those with `type` and `items`, which cannot `$ref` a
/// definition, so there is nothing to move.
fn is_in_parameter_schema(pointer: &str) -> bool {
    let tokens: Vec<&str> = pointer.split('/').collect();
    tokens.windows(4).any(|w| match (w[0], w[1], w[3]) {
        (holder, "parameters", "schema") => {
            holder == "components" || holder.starts_with("~1") || METHODS.contains(&holder)
        }
        (_, "headers", "schema") => true,
        _ => false,
    })
}

/// The message (when it names a 3.0 field) and hint of a rule, in the words of
/// Swagger 2.0, for the rules whose 3.0 advice does not apply as written.
fn in_swagger2_terms(rule: &str) -> Option<(Option<&'static str>, &'static str)> {
    Some(match rule {
        "servers-defined" => (
            Some("the document gives no `host` or `basePath`"),
            "Add `host` (and `basePath` and `schemes`) with the API's address.",
        ),
        "security-defined" => (
            None,
            "Define the scheme under `securityDefinitions`, or fix the name in the requirement.",
        ),
        "error-response-schema" => (
            None,
            "Add a `schema` (for example a `$ref` to a shared error definition) to the error response.",
        ),
        "inline-schema-name" => (
            None,
            "Move the schema to `definitions` under the name you want, and `$ref` it.",
        ),
        "unused-component" => (
            None,
            "Reference the definition, parameter or response, or remove it.",
        ),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    #[test]
    fn the_upgrades_own_constructs_are_not_reported_and_hints_name_2_0_fields() {
        let upgraded = Tree::from_value(&serde_json::json!({
            "components": {"schemas": {
                "Pet": {"allOf": [{"$ref": "#/components/schemas/Owner"}], "nullable": true},
                "Note": {"nullable": true}
            }}
        }))
        .unwrap();
        let file = Path::new("api.yaml");
        let mut findings = vec![
            Diagnostic::error(
                "nullable-without-type",
                file,
                "/components/schemas/Pet/nullable",
                "m",
            ),
            Diagnostic::error(
                "nullable-without-type",
                file,
                "/components/schemas/Note/nullable",
                "m",
            ),
            Diagnostic::error(
                "inline-schema-name",
                file,
                "/paths/~1a/post/requestBody/content/multipart~1form-data/schema",
                "m",
            ),
            Diagnostic::error(
                "inline-schema-name",
                file,
                "/paths/~1a/get/parameters/1/schema/items",
                "m",
            ),
            Diagnostic::error(
                "inline-schema-name",
                file,
                "/components/responses/Ok/headers/X-Kind/schema",
                "m",
            ),
            // A definition's property that happens to be called `schema` is movable.
            Diagnostic::error(
                "inline-schema-name",
                file,
                "/components/schemas/parameters/properties/schema",
                "m",
            ),
            Diagnostic::warning("servers-defined", file, "/servers", "m"),
        ];
        adjust(&upgraded, &mut findings);
        let pointers: Vec<&str> = findings.iter().map(|f| f.pointer.as_str()).collect();
        assert_eq!(
            pointers,
            [
                "/components/schemas/Note/nullable",
                "/components/schemas/parameters/properties/schema",
                "/servers"
            ]
        );
        assert!(findings[2].hint.as_deref().unwrap().contains("`host`"));
        assert!(findings[2].message.contains("`host`"));
    }
}
