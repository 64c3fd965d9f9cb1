//! `oagen diff` against oasdiff on two real versions of the Cloudflare spec.
//!
//! `tests/oasdiff/expected/cloudflare-breaking.json` is oasdiff's list of breaking changes
//! between `cloudflare/openapi.yaml` (2023-08) and `cloudflare/openapi.json` (2024-05), written
//! by `tests/oasdiff/regenerate.sh`. Every one of them that concerns an operation of the
//! generated client (one oagen lowers on both sides) and a kind of change the client's API can
//! show must be matched by a breaking change of ours on that operation: on the method itself,
//! or on a type its signature reaches. Skipped (with a message) when ../shared/corpus is absent.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::time::Instant;

use oagen::diff::surface::ModuleSurface;
use oagen::diff::{diff, lower_source, SpecSource};
use serde_json::Value;

/// oasdiff's checks whose changes show in the generated client's API. The others concern
/// what the client does not model: defaults, lengths, patterns, formats of the same Rust type.
/// A new enum value in a response (`response-property-enum-value-added`) breaks no caller of
/// the client, whose string enums are open and `#[non_exhaustive]`, so it is not listed.
const AFFECTS_CLIENT: &[&str] = &[
    "api-path-removed-without-deprecation",
    "api-removed-without-deprecation",
    "request-body-removed",
    "request-body-became-required",
    "request-parameter-removed",
    "request-parameter-became-required",
    "new-required-request-parameter",
    "request-parameter-type-changed",
    "request-parameter-became-enum",
    "request-property-removed",
    "request-property-became-required",
    "new-required-request-property",
    "request-property-type-changed",
    "request-property-enum-value-removed",
    "request-parameter-enum-value-removed",
    "response-success-status-removed",
    "response-body-type-changed",
    "response-required-property-removed",
    "response-optional-property-removed",
    "response-property-became-optional",
    "response-property-became-nullable",
    "response-property-type-changed",
];

fn corpus() -> Option<PathBuf> {
    let dir = tests::shared_dir()?.join("corpus/cloudflare");
    dir.join("openapi.yaml").is_file().then_some(dir)
}

/// `METHOD /path` from a pointer under `/paths`.
fn operation_of(pointer: &str) -> Option<String> {
    let mut tokens = pointer.strip_prefix("/paths/")?.split('/');
    let path = tokens.next()?.replace("~1", "/").replace("~0", "~");
    let method = tokens.next()?;
    Some(format!("{} {path}", method.to_ascii_uppercase()))
}

/// Every named type each operation's signature reaches, through fields, variants and aliases.
fn reached_types(module: &ModuleSurface) -> BTreeMap<String, BTreeSet<String>> {
    let names: BTreeSet<&str> = module.types.iter().map(|t| t.name.as_str()).collect();
    let words = |text: &str| -> Vec<String> {
        text.split(|c: char| !c.is_alphanumeric() && c != '_')
            .filter(|w| names.contains(w))
            .map(str::to_owned)
            .collect()
    };
    let direct: BTreeMap<&str, Vec<String>> = module
        .types
        .iter()
        .map(|t| {
            let mut inner: Vec<String> = t.fields.iter().flat_map(|f| words(&f.ty)).collect();
            inner.extend(t.variants.iter().flat_map(|v| words(v)));
            inner.extend(t.alias.iter().flat_map(|a| words(a)));
            (t.name.as_str(), inner)
        })
        .collect();
    module
        .operations
        .iter()
        .map(|op| {
            let mut stack: Vec<String> = op.params.iter().flat_map(|p| words(&p.ty)).collect();
            stack.extend(op.body.iter().flat_map(|b| words(&b.ty)));
            stack.extend(words(&op.success));
            stack.extend(op.errors.iter().flat_map(|e| words(&e.payload)));
            let mut seen = BTreeSet::new();
            while let Some(name) = stack.pop() {
                if seen.insert(name.clone()) {
                    stack.extend(direct.get(name.as_str()).into_iter().flatten().cloned());
                }
            }
            (op.key.clone(), seen)
        })
        .collect()
}

#[test]
fn every_breaking_change_oasdiff_reports_for_the_client_is_ours_too() {
    let Some(dir) = corpus() else {
        eprintln!(
            "SKIPPED: ../shared/corpus/cloudflare is absent, so the comparison with oasdiff did not run"
        );
        return;
    };
    let expected: Value = serde_json::from_str(
        &std::fs::read_to_string(
            PathBuf::from(env!("CARGO_MANIFEST_DIR"))
                .join("oasdiff/expected/cloudflare-breaking.json"),
        )
        .expect(
            "tests/oasdiff/expected/cloudflare-breaking.json (run tests/oasdiff/regenerate.sh)",
        ),
    )
    .unwrap();

    let started = Instant::now();
    let read = |name: &str| SpecSource::read(dir.join(name).to_str().unwrap()).unwrap();
    let old = lower_source(read("openapi.yaml"), None).expect("the 2023 spec lowers");
    let new = lower_source(read("openapi.json"), None).expect("the 2024 spec lowers");
    let report = diff(&old, &new, None);
    let elapsed = started.elapsed();

    let old_ops: BTreeSet<&str> = old.surface.modules[0]
        .operations
        .iter()
        .map(|o| o.key.as_str())
        .collect();
    let skipped: BTreeSet<&str> = old
        .skipped
        .iter()
        .chain(&new.skipped)
        .map(String::as_str)
        .collect();
    let reached = reached_types(&old.surface.modules[0]);
    // Operations with a breaking change of ours: on the method, or on a type it reaches.
    let broken_types: BTreeSet<String> = report
        .changes
        .iter()
        .filter(|c| c.breaking && c.subject.contains("::types::"))
        .filter_map(|c| c.subject.rsplit("::").next().map(str::to_owned))
        .collect();
    let mut ours: BTreeSet<String> = report
        .changes
        .iter()
        .filter(|c| c.breaking)
        .filter_map(|c| operation_of(&c.location.pointer))
        .collect();
    for (op, types) in &reached {
        if types.iter().any(|t| broken_types.contains(t)) {
            ours.insert(op.clone());
        }
    }

    let theirs_all = expected["changes"].as_array().unwrap();
    let mut relevant = 0;
    let mut matched = 0;
    let mut missed: Vec<String> = Vec::new();
    let mut relevant_ops = BTreeSet::new();
    for change in theirs_all {
        let op = change["operation"].as_str().unwrap();
        let id = change["id"].as_str().unwrap();
        if !AFFECTS_CLIENT.contains(&id) || !old_ops.contains(op) || skipped.contains(op) {
            continue;
        }
        relevant += 1;
        relevant_ops.insert(op.to_owned());
        if ours.contains(op) {
            matched += 1;
        } else {
            missed.push(format!(
                "{op}: {id}: {}",
                change["text"].as_str().unwrap_or("")
            ));
        }
    }
    let ours_breaking = report.breaking;
    eprintln!(
        "cloudflare 2023-08 → 2024-05 in {elapsed:.2?}: ours {ours_breaking} breaking changes ({} changes in all) on {} operations; \
         oasdiff {} breaking changes, {relevant} of them on {} operations of the client in kinds it shows; \
         overlap {matched}/{relevant}; skipped operations: {} old, {} new",
        report.changes.len(),
        ours.len(),
        theirs_all.len(),
        relevant_ops.len(),
        old.skipped.len(),
        new.skipped.len(),
    );
    assert!(
        missed.is_empty(),
        "{} oasdiff breaking change(s) have no counterpart in ours:\n{}",
        missed.len(),
        missed.join("\n")
    );
}
