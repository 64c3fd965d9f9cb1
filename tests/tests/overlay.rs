//! Overlays (`<name>.overlay.yaml` beside `<name>.yaml`) are applied when a spec loads.

use std::path::{Path, PathBuf};

use oagen::ir::TypeKind;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/overlay")
        .join(name)
}

#[test]
fn the_overlay_beside_a_spec_is_applied_on_load() {
    let spec = oagen::front::load(&fixture("api.yaml")).unwrap();
    let raw = spec.raw.to_json();
    let post = &raw["paths"]["/sessions"]["post"];
    assert_eq!(post["operationId"], "startSession");
    let properties = &raw["components"]["schemas"]["Session"]["properties"];
    assert_eq!(properties["link"]["x-sensitive"], true);
    assert!(properties.get("internal").is_none());
    // Lowering sees it too: the link is a secret.
    let (krate, _) = oagen::lower::lower(std::slice::from_ref(&spec), &support_config()).unwrap();
    let op = &krate.modules[0].groups[0].operations[0];
    assert_eq!(op.method_name, "start_session");
    let session = krate.modules[0]
        .types
        .iter()
        .find(|t| t.name == "Session")
        .unwrap();
    let TypeKind::Struct(fields) = &session.kind else {
        panic!("a struct")
    };
    assert_eq!(fields.len(), 1);
    assert!(fields[0].secret);
}

#[test]
fn load_str_applies_no_overlay() {
    let text = std::fs::read_to_string(fixture("api.yaml")).unwrap();
    let spec = oagen::front::load_str(&fixture("api.yaml"), &text).unwrap();
    assert!(spec.raw.to_json()["paths"]["/sessions"]["post"]
        .get("operationId")
        .is_none());
}

#[test]
fn a_target_that_matches_nothing_is_an_error_naming_the_action_and_the_overlay() {
    let refused = oagen::front::load(&fixture("unmatched.yaml")).unwrap_err();
    let error = refused.first().expect("the overlay's error");
    assert_eq!(error.rule, "overlay-target-unmatched");
    assert!(error.file.ends_with("unmatched.overlay.yaml"), "{error}");
    assert_eq!(error.pointer, "/actions/1/target");
    assert_eq!(error.location.map(|l| (l.line, l.column)), Some((6, 5)));
    let text = error.to_string();
    assert!(
        text.contains("overlay action 1 (\"Mark the link secret.\")"),
        "{text}"
    );
    assert!(
        text.contains("$.components.schemas.Renamed.properties.link"),
        "{text}"
    );
    assert!(text.contains("unmatched.overlay.yaml:6:5"), "{text}");
}

#[test]
fn the_altostrat_overlay_keeps_the_published_operation_unnamed_in_the_spec() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let raw = std::fs::read_to_string(root.join("specs/control-plane.yaml")).unwrap();
    assert!(
        !raw.contains("operationId"),
        "control-plane.yaml stays as published"
    );
    assert!(
        !raw.contains("x-sensitive"),
        "the secret marking lives in the overlay"
    );
    let spec = oagen::front::load(&root.join("specs/control-plane.yaml")).unwrap();
    assert_eq!(
        spec.raw.to_json()["paths"]["/control-plane/{siteId}/credentials"]["post"]["operationId"],
        "rotateApiCredentials"
    );
}

fn support_config() -> oagen::Config {
    oagen::Config {
        crate_name: "overlay-fixture".to_owned(),
        ..oagen::Config::new(vec![fixture("api.yaml")], "test")
    }
}
