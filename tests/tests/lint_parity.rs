//! Parity with spectral (`spectral:oas`) and redocly (`recommended`): on seed 000's
//! operation and on both of our specs, every finding either tool reports has a
//! counterpart in `oagen lint` (same rule, mapped, at the same node or its parent).
//!
//! Their findings are test data in `tests/fixtures/lint/peers/`, re-derived from the
//! real tools by `tests/lint-peers/run.sh`.

use std::path::Path;

use oagen::lint::{lint_file, LintConfig, RULES};
use serde_json::Value;
use tests::project_root;

/// Their rule ids and ours. A peer rule with no counterpart must be added here, with
/// the rule that covers it; `None` marks one we deliberately do not have.
const MAPPING: &[(&str, Option<&str>)] = &[
    // spectral:oas
    ("info-contact", Some("info-contact")),
    ("info-description", Some("info-description")),
    ("info-license", Some("info-license")),
    ("license-url", Some("info-license")),
    ("operation-operationId", Some("operation-id")),
    (
        "operation-operationId-unique",
        Some("duplicate-operation-id"),
    ),
    ("operation-description", Some("operation-description")),
    ("operation-tags", Some("operation-tags")),
    ("operation-tag-defined", Some("tag-defined")),
    ("operation-success-response", Some("operation-2xx-response")),
    ("operation-parameters", Some("duplicate-parameter")),
    ("path-params", Some("path-params")),
    ("path-keys-no-trailing-slash", Some("trailing-slash")),
    ("path-not-include-query", Some("path-query-string")),
    ("no-script-tags-in-markdown", Some("unsafe-markdown")),
    ("no-eval-in-markdown", Some("unsafe-markdown")),
    ("typed-enum", Some("enum-type-mismatch")),
    ("duplicated-entry-in-enum", Some("enum-duplicate")),
    ("oas3-schema", Some("invalid-openapi")),
    ("oas3-unused-component", Some("unused-component")),
    ("oas3-api-servers", Some("servers-defined")),
    ("oas3-server-trailing-slash", Some("trailing-slash")),
    ("oas3-server-variables", Some("server-url")),
    ("oas3-operation-security-defined", Some("security-defined")),
    ("invalid-ref", Some("unresolved-ref")),
    // redocly recommended
    ("struct", Some("invalid-openapi")),
    ("no-unresolved-refs", Some("unresolved-ref")),
    ("operation-2xx-response", Some("operation-2xx-response")),
    ("operation-4xx-response", Some("operation-4xx-response")),
    ("operation-summary", Some("operation-summary")),
    ("operation-operationId-url-safe", None),
    ("operation-parameters-unique", Some("duplicate-parameter")),
    ("path-parameters-defined", Some("path-params")),
    ("path-declaration-must-exist", Some("path-params")),
    ("no-identical-paths", Some("path-params")),
    ("no-ambiguous-paths", Some("ambiguous-paths")),
    ("no-path-trailing-slash", Some("trailing-slash")),
    ("no-server-trailing-slash", Some("trailing-slash")),
    ("no-empty-servers", Some("servers-defined")),
    ("no-undefined-server-variable", Some("server-url")),
    ("no-server-variables-empty-enum", Some("server-url")),
    ("security-defined", Some("security-defined")),
    ("no-enum-type-mismatch", Some("enum-type-mismatch")),
    ("nullable-type-sibling", Some("nullable-without-type")),
    (
        "no-required-schema-properties-undefined",
        Some("required-undefined"),
    ),
    ("no-unused-components", Some("unused-component")),
    ("info-license-url", Some("info-license")),
];

/// Whether two pointers name the same node, or one is inside the other (a missing
/// field is reported at the field by some tools and at its parent by others).
fn related(a: &str, b: &str) -> bool {
    let inside = |outer: &str, inner: &str| {
        inner == outer || inner.starts_with(outer) && inner[outer.len()..].starts_with('/')
    };
    inside(a, b) || inside(b, a)
}

#[test]
fn every_mapped_rule_exists() {
    for (theirs, ours) in MAPPING {
        if let Some(ours) = ours {
            assert!(
                RULES.iter().any(|r| r.id == *ours),
                "{theirs} maps to unknown rule {ours}"
            );
        }
    }
}

#[test]
fn every_spectral_and_redocly_finding_has_a_counterpart() {
    let root = project_root();
    let dir = root.join("tests/fixtures/lint/peers");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    assert_eq!(
        files.len(),
        6,
        "seed 000 and both specs, for each tool: {files:?}"
    );
    let mut missing = Vec::new();
    let mut compared = 0;
    for data in files {
        let peer: Value = serde_json::from_str(&std::fs::read_to_string(&data).unwrap()).unwrap();
        let spec = peer["spec"].as_str().unwrap();
        // No config: the parity is with the rules' defaults, exceptions included.
        let ours = lint_file(&root.join(Path::new(spec)), &LintConfig::default());
        for finding in peer["findings"].as_array().unwrap() {
            compared += 1;
            let rule = finding["rule"].as_str().unwrap();
            let pointer = finding["pointer"].as_str().unwrap();
            let Some((_, mapped)) = MAPPING.iter().find(|(theirs, _)| *theirs == rule) else {
                missing.push(format!(
                    "{}: {rule} has no mapping to one of our rules",
                    data.display()
                ));
                continue;
            };
            let Some(mapped) = mapped else { continue };
            let found = ours
                .findings
                .iter()
                .any(|f| f.rule == *mapped && related(&f.pointer, pointer));
            if !found {
                missing.push(format!(
                    "{}: {rule} at {pointer} (line {}) has no `{mapped}` finding of ours there",
                    data.display(),
                    finding["line"]
                ));
            }
        }
    }
    assert!(compared >= 40, "only {compared} peer findings compared");
    assert!(missing.is_empty(), "{}", missing.join("\n"));
}
