//! The crates generated from the fixtures compile without a rustc warning or a clippy lint.
//!
//! `cargo xtask test` holds the SDK in generated/ to this; the fixtures reach code the SDK
//! does not (operations that document no error status, APIs that use no credentials, every
//! credential placement), so their crates are checked here, with the default features (each
//! type with only the serde impls its use needs) and with every feature (both impls on every
//! type). Each crate is checked in a
//! temporary directory with the workspace's `Cargo.lock` and target directory, so the
//! dependencies are the ones the workspace already built.

use std::path::Path;

use oagen::write::{write_tree, Mode};
use oagen::Config;
use tests::{cargo, fixture_specs, project_root, target_dir};

/// Writes the crate generated from `spec` into `out`, with the workspace's lock file.
fn write_crate(spec: &Path, out: &Path) {
    let stem = spec
        .file_stem()
        .expect("fixtures have file names")
        .to_string_lossy();
    let config = Config {
        crate_name: format!("fixture-{stem}"),
        ..Config::new(vec![spec.to_path_buf()], "fixture_crates test")
    };
    let generated = oagen::generate(&config).unwrap_or_else(|diagnostics| {
        panic!("{} does not generate: {diagnostics:#?}", spec.display())
    });
    write_tree(out, &generated.files, Mode::Write).expect("the crate can be written");
    std::fs::copy(project_root().join("Cargo.lock"), out.join("Cargo.lock"))
        .expect("the workspace lock file can be copied");
}

#[test]
fn fixture_crates_pass_clippy_with_warnings_denied() {
    let target = target_dir();
    let dir = tempfile::tempdir().expect("a temporary directory");
    let mut failures = Vec::new();
    for spec in fixture_specs() {
        let out = dir
            .path()
            .join(spec.file_stem().expect("fixtures have file names"));
        write_crate(&spec, &out);
        for features in [None, Some("--all-features")] {
            let output = cargo()
                .current_dir(&out)
                .env("CARGO_TARGET_DIR", &target)
                .args(["clippy", "--quiet", "--all-targets"])
                .args(features)
                .args(["--", "-D", "warnings"])
                .output()
                .expect("cargo can be started");
            if !output.status.success() {
                failures.push(format!(
                    "{} ({}):\n{}",
                    spec.display(),
                    features.unwrap_or("default features"),
                    String::from_utf8_lossy(&output.stderr)
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "generated crates that do not pass clippy:\n\n{}",
        failures.join("\n\n")
    );
}

/// `src/custom/` is the user's: a regeneration after a spec change keeps what they
/// wrote there byte for byte, `--check` does not report it, the sweep leaves it, and
/// the code in it can add methods to the client and implement traits for generated
/// types (the crate is built with clippy to prove it).
#[test]
fn hand_written_code_in_src_custom_survives_regeneration() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let spec = dir.path().join("responses.yaml");
    let original = std::fs::read_to_string(project_root().join("tests/fixtures/responses.yaml"))
        .expect("the fixture is readable");
    std::fs::write(&spec, &original).unwrap();
    let out = dir.path().join("crate");
    write_crate(&spec, &out);
    let seed = std::fs::read_to_string(out.join("src/custom/mod.rs")).expect("the seed is written");
    assert!(
        !seed.contains("@generated"),
        "the user's file carries no generated line: {seed}"
    );

    let mine = "//! Our additions.\n\nmod helpers;\n\npub use helpers::Describe;\n\nimpl crate::Client {\n    /// A method of our own on the generated client.\n    pub fn greeting(&self) -> &'static str {\n        \"hello\"\n    }\n}\n";
    let helpers = "/// A trait of our own, implemented for a generated type.\npub trait Describe {\n    /// A short description.\n    fn describe(&self) -> String;\n}\n\nimpl Describe for crate::responses::types::JobTicket {\n    fn describe(&self) -> String {\n        format!(\"{self:?}\")\n    }\n}\n";
    std::fs::write(out.join("src/custom/mod.rs"), mine).unwrap();
    std::fs::write(out.join("src/custom/helpers.rs"), helpers).unwrap();

    // The spec changes (a new title) and the crate is regenerated over the edits.
    std::fs::write(
        &spec,
        original.replace("Responses Fixture API", "Responses API, renamed"),
    )
    .unwrap();
    write_crate(&spec, &out);
    let read = |path: &str| std::fs::read_to_string(out.join(path)).unwrap();
    assert_eq!(read("src/custom/mod.rs"), mine);
    assert_eq!(read("src/custom/helpers.rs"), helpers);
    assert!(
        read("README.md").contains("Responses API, renamed"),
        "the regeneration ran"
    );

    let config = Config {
        crate_name: "fixture-responses".to_owned(),
        ..Config::new(vec![spec.clone()], "fixture_crates test")
    };
    let generated = oagen::generate(&config).expect("the spec generates");
    let report = write_tree(&out, &generated.files, Mode::Check).expect("the check runs");
    assert!(
        report.is_fresh(),
        "--check ignores the user's files: {report:?}"
    );

    let output = cargo()
        .current_dir(&out)
        .env("CARGO_TARGET_DIR", target_dir())
        .args(["clippy", "--quiet", "--all-targets", "--", "-D", "warnings"])
        .output()
        .expect("cargo can be started");
    assert!(
        output.status.success(),
        "the crate with the user's code does not build:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
}
