//! `oagen diff` on crafted spec pairs: each kind of change, in both directions.

use std::path::Path;

use oagen::diff::changelog::{release, ApiFile};
use oagen::diff::{bumped, diff, lower_source, suggest_bump, Bump, Format, Report, SpecSource};

fn fixture(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/diff")
        .join(name)
        .to_string_lossy()
        .into_owned()
}

fn run(old: &str, new: &str) -> Report {
    let side =
        |name: &str| lower_source(SpecSource::read(&fixture(name)).unwrap(), Some("api")).unwrap();
    diff(&side(old), &side(new), Some("0.3.1"))
}

fn kinds(report: &Report) -> Vec<(String, bool)> {
    let mut kinds: Vec<(String, bool)> = report
        .changes
        .iter()
        .map(|c| (c.kind.as_str(), c.breaking))
        .collect();
    kinds.sort();
    kinds.dedup();
    kinds
}

fn has(report: &Report, kind: &str, breaking: bool, needle: &str) {
    assert!(
        report.changes.iter().any(|c| c.kind.as_str() == kind
            && c.breaking == breaking
            && c.message.contains(needle)),
        "no {kind} (breaking: {breaking}) mentioning {needle:?} in:\n{}",
        report.render(Format::Text)
    );
}

#[test]
fn old_to_new_reports_every_kind_with_its_classification() {
    let report = run("old.yaml", "new.yaml");
    has(
        &report,
        "method-removed",
        true,
        "client.api().delete_item()",
    );
    has(&report, "method-added", false, "create_widget");
    has(
        &report,
        "method-renamed",
        true,
        "renamed to `client.api().fetch_thing()`",
    );
    has(
        &report,
        "parameter-added",
        true,
        "new required query parameter `region`",
    );
    has(&report, "parameter-removed", true, "`q`");
    has(
        &report,
        "parameter-type-changed",
        true,
        "from `i64` to `String`",
    );
    has(&report, "body-required-changed", true, "became required");
    has(
        &report,
        "success-type-changed",
        true,
        "from `Vec<Item>` to `ItemPage`",
    );
    has(
        &report,
        "error-variant-removed",
        true,
        "ListItemsError::NotFound",
    );
    has(&report, "error-variant-added", false, "status 429");
    has(&report, "required-field-added", true, "CreateItem::owner");
    has(&report, "field-added", false, "Item::note");
    has(
        &report,
        "field-type-changed",
        true,
        "Item::name` changed type from `String` to `i64`",
    );
    has(
        &report,
        "field-presence-changed",
        true,
        "from required to optional",
    );
    has(&report, "enum-value-removed", true, "`blue`");
    has(&report, "enum-value-added", false, "`yellow`");
    has(&report, "type-removed", true, "Legacy");
    has(&report, "type-added", false, "ItemPage");
    // Breaking changes come first, and each points into the right file with a position.
    assert!(report.changes[0].breaking);
    let removed = report
        .changes
        .iter()
        .find(|c| c.kind.as_str() == "method-removed")
        .unwrap();
    assert!(removed.location.file.ends_with("old.yaml"));
    assert_eq!(removed.location.pointer, "/paths/~1items~1{id}/delete");
    assert_eq!(
        (removed.location.line, removed.location.column),
        (Some(21), Some(5))
    );
    let added = report
        .changes
        .iter()
        .find(|c| c.kind.as_str() == "method-added")
        .unwrap();
    assert!(added.location.file.ends_with("new.yaml"));
    assert_eq!(report.bump, Bump::Minor);
    assert_eq!(report.suggested_version.as_deref(), Some("0.4.0"));
}

#[test]
fn new_to_old_reports_the_mirror_image() {
    let report = run("new.yaml", "old.yaml");
    has(&report, "method-added", false, "delete_item");
    has(&report, "method-removed", true, "create_widget");
    has(
        &report,
        "method-renamed",
        true,
        "renamed to `client.api().get_thing()`",
    );
    has(
        &report,
        "parameter-added",
        true,
        "new required query parameter `q`",
    );
    has(&report, "parameter-removed", true, "`region`");
    has(
        &report,
        "parameter-type-changed",
        true,
        "from `String` to `i64`",
    );
    has(&report, "body-required-changed", true, "became optional");
    has(&report, "error-variant-added", false, "status 404");
    has(&report, "error-variant-removed", true, "TooManyRequests");
    has(&report, "field-removed", true, "CreateItem::owner");
    has(&report, "field-removed", true, "Item::note");
    has(
        &report,
        "field-presence-changed",
        true,
        "from optional to required",
    );
    has(&report, "type-added", false, "Legacy");
    has(&report, "type-removed", true, "ItemPage");
}

#[test]
fn a_spec_compared_with_itself_has_no_changes() {
    let report = run("old.yaml", "old.yaml");
    assert!(report.changes.is_empty(), "{}", report.render(Format::Text));
    assert_eq!(report.bump, Bump::None);
    assert_eq!(kinds(&report), vec![]);
}

#[test]
fn formats_say_the_same_thing() {
    let report = run("old.yaml", "new.yaml");
    let json: serde_json::Value = serde_json::from_str(&report.render(Format::Json)).unwrap();
    assert_eq!(json["breaking"], report.breaking);
    assert_eq!(json["bump"], "minor");
    assert_eq!(json["changes"][0]["breaking"], true);
    let markdown = report.render(Format::Markdown);
    assert!(markdown.contains("### Breaking changes"), "{markdown}");
    assert!(markdown.contains("### Other changes"), "{markdown}");
    let text = report.render(Format::Text);
    assert!(text.contains("BREAKING method-removed"), "{text}");
}

#[test]
fn semver_bumps() {
    let report = run("old.yaml", "new.yaml");
    assert_eq!(suggest_bump("0.3.1", &report.changes), Bump::Minor);
    assert_eq!(suggest_bump("1.2.3", &report.changes), Bump::Major);
    let additive: Vec<_> = report
        .changes
        .iter()
        .filter(|c| !c.breaking)
        .cloned()
        .collect();
    assert_eq!(suggest_bump("0.3.1", &additive), Bump::Patch);
    assert_eq!(suggest_bump("1.2.3", &additive), Bump::Minor);
    assert_eq!(suggest_bump("1.2.3", &[]), Bump::None);
    assert_eq!(bumped("0.3.1", Bump::Minor).as_deref(), Some("0.4.0"));
    assert_eq!(bumped("1.2.3", Bump::Major).as_deref(), Some("2.0.0"));
    assert_eq!(bumped("1.2.3", Bump::Patch).as_deref(), Some("1.2.4"));
}

/// A spec whose one response is the schema `Value`, written as `schema`.
fn spec_with(schema: &str) -> String {
    format!(
        "openapi: 3.0.3
info: {{title: Values, version: '1'}}
paths:
  /value:
    get:
      operationId: getValue
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {{$ref: '#/components/schemas/Value'}}
components:
  schemas:
    Value: {schema}
"
    )
}

/// Growing a string enum changes no caller's code, since open enums are
/// `#[non_exhaustive]`: a minor release from 1.0 on. Shrinking one is breaking, and so
/// is growing a union, which is exhaustive.
#[test]
fn a_new_open_enum_value_is_a_minor_change_and_a_removed_one_major() {
    let cases = [
        (
            "{type: string, enum: [ssh]}",
            "{type: string, enum: [ssh, winbox]}",
            ("enum-value-added", false),
            Bump::Minor,
        ),
        (
            "{type: string, enum: [ssh, winbox]}",
            "{type: string, enum: [ssh]}",
            ("enum-value-removed", true),
            Bump::Major,
        ),
        (
            "{oneOf: [{type: string}, {type: integer}]}",
            "{oneOf: [{type: string}, {type: integer}, {type: boolean}]}",
            ("union-variant-added", true),
            Bump::Major,
        ),
    ];
    let dir = tempfile::tempdir().unwrap();
    let side = |name: &str, schema: &str| {
        let file = dir.path().join(name);
        std::fs::write(&file, spec_with(schema)).unwrap();
        lower_source(
            SpecSource::read(file.to_str().unwrap()).unwrap(),
            Some("api"),
        )
        .unwrap()
    };
    for (old, new, (kind, breaking), bump) in cases {
        let report = diff(
            &side("old.yaml", old),
            &side("new.yaml", new),
            Some("1.2.3"),
        );
        assert_eq!(
            kinds(&report),
            vec![(kind.to_owned(), breaking)],
            "{old} → {new}:\n{}",
            report.render(Format::Text)
        );
        assert_eq!(report.bump, bump, "{old} → {new}");
    }
}

#[test]
fn the_changelog_gets_an_entry_and_the_version_moves_only_when_the_api_changes() {
    let surface = |name: &str| {
        lower_source(SpecSource::read(&fixture(name)).unwrap(), Some("api"))
            .unwrap()
            .surface
    };
    // First generation: version 0.1.0, one entry.
    let first = release(
        "demo",
        "cargo xtask codegen",
        surface("old.yaml"),
        None,
        None,
        "`old.yaml`",
        |_| {},
    )
    .unwrap();
    assert_eq!(first.version, "0.1.0");
    assert!(first.changelog.contains("## 0.1.0"));
    // The same API again: nothing moves, byte for byte.
    let again = release(
        "demo",
        "cargo xtask codegen",
        surface("old.yaml"),
        Some(&first.api_json),
        Some(&first.changelog),
        "`old.yaml`",
        |_| {},
    )
    .unwrap();
    assert_eq!(again.version, "0.1.0");
    assert_eq!(again.changelog, first.changelog);
    assert_eq!(again.api_json, first.api_json);
    assert!(again.changes.is_empty());
    // A breaking change: a minor bump below 1.0 and a new entry on top.
    let next = release(
        "demo",
        "cargo xtask codegen",
        surface("new.yaml"),
        Some(&first.api_json),
        Some(&first.changelog),
        "`new.yaml`",
        |_| {},
    )
    .unwrap();
    assert_eq!(next.version, "0.2.0");
    let top = next.changelog.find("## 0.2.0").unwrap();
    assert!(top < next.changelog.find("## 0.1.0").unwrap());
    assert!(next.changelog.contains("### Breaking changes"));
    let file: ApiFile = serde_json::from_str(&next.api_json).unwrap();
    assert_eq!(file.version, "0.2.0");
    // Additions only: a patch bump.
    let back = release(
        "demo",
        "cargo xtask codegen",
        surface("new.yaml"),
        Some(&next.api_json),
        Some(&next.changelog),
        "`new.yaml`",
        |_| {},
    )
    .unwrap();
    assert_eq!(back.version, "0.2.0");
}

#[test]
fn a_git_revision_side_is_read_with_git_show() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    if !root.join(".git").exists() {
        eprintln!("SKIPPED: not a git checkout");
        return;
    }
    std::env::set_current_dir(&root).unwrap();
    let Ok(source) = SpecSource::read("HEAD:specs/keys.yaml") else {
        eprintln!("SKIPPED: specs/keys.yaml is not in HEAD");
        return;
    };
    assert_eq!(source.path, Path::new("specs/keys.yaml"));
    let old = lower_source(source, None).unwrap();
    let new = lower_source(SpecSource::read("specs/keys.yaml").unwrap(), None).unwrap();
    let report = diff(&old, &new, None);
    assert!(report.old.starts_with("HEAD:"));
    let _ = report.render(Format::Markdown);
}
