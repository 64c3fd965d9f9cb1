//! The crates generated from the fixtures compile without a rustc warning or a clippy lint.
//!
//! `cargo xtask test` holds the SDK in generated/ to this; the fixtures reach code the SDK
//! does not (operations that document no error status, APIs that use no credentials, every
//! credential placement), so their crates are checked here. Each crate is checked in a
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
        let output = cargo()
            .current_dir(&out)
            .env("CARGO_TARGET_DIR", &target)
            .args(["clippy", "--quiet", "--all-targets", "--", "-D", "warnings"])
            .output()
            .expect("cargo can be started");
        if !output.status.success() {
            failures.push(format!(
                "{}:\n{}",
                spec.display(),
                String::from_utf8_lossy(&output.stderr)
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "generated crates that do not pass clippy:\n\n{}",
        failures.join("\n\n")
    );
}
