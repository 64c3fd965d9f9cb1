//! Spec text never becomes code.
//!
//! `tests/fixtures/injection/everywhere.json` puts one payload in every field that reaches
//! the generated crate (titles, descriptions, summaries, examples of every type, enum
//! values, property, parameter, header, cookie and security scheme names, tags, server
//! URLs, media types, license and contact). The payload closes a doc code block and
//! opens a doctest, declares a `#[test]`, ends comments and Rust and TOML strings, adds a
//! TOML dependency table, and holds HTML, format braces and a stray backtick. Its code
//! writes a marker file and exits non-zero, so if any of it ran, `cargo test` fails and
//! the marker exists.
//!
//! The crate is built like the fixture crates: in a temporary directory with the
//! workspace's lock file and target directory, so its dependencies are already built.

use std::ffi::OsStr;
use std::path::Path;
use std::process::Output;

use oagen::write::{write_tree, Mode};
use oagen::Config;
use tests::{cargo, project_root, target_dir};

/// Runs `cargo args` in the crate at `dir` with the workspace's target directory.
fn cargo_in(dir: &Path, args: &[&str], env: &[(&str, &OsStr)]) -> Output {
    let mut command = cargo();
    command
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", target_dir())
        .args(args);
    for (name, value) in env {
        command.env(name, value);
    }
    command.output().expect("cargo can be started")
}

/// Fails with cargo's output unless the command succeeded.
fn assert_ok(what: &str, output: &Output) {
    assert!(
        output.status.success(),
        "{what} failed:\n{}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn an_injection_payload_in_every_field_runs_nowhere_and_the_crate_tests_and_documents_clean() {
    let spec = project_root().join("tests/fixtures/injection/everywhere.json");
    let config = Config {
        crate_name: "injection-everywhere".to_owned(),
        ..Config::new(vec![spec.clone()], "injection test")
    };
    let generated = oagen::generate(&config).unwrap_or_else(|diagnostics| {
        panic!("{} does not generate: {diagnostics:#?}", spec.display())
    });
    let dir = tempfile::tempdir().expect("a temporary directory");
    let out = dir.path().join("crate");
    write_tree(&out, &generated.files, Mode::Write).expect("the crate can be written");
    std::fs::copy(project_root().join("Cargo.lock"), out.join("Cargo.lock"))
        .expect("the workspace lock file can be copied");

    // The payload's TOML must not have opened a table of its own.
    let manifest = std::fs::read_to_string(out.join("Cargo.toml")).expect("Cargo.toml");
    let tables: Vec<&str> = manifest.lines().filter(|l| l.starts_with('[')).collect();
    assert_eq!(
        tables,
        [
            "[package]",
            "[dependencies]",
            "[dev-dependencies]",
            "[features]",
            "[workspace]"
        ],
        "{manifest}"
    );
    assert!(
        !manifest.lines().any(|l| l.starts_with("evil")),
        "{manifest}"
    );

    // Every payload's code records that it ran here, then exits non-zero.
    let ran = dir.path().join("injected-code-ran");
    let test = cargo_in(
        &out,
        &["test", "--offline"],
        &[("OAGEN_INJECTED", ran.as_os_str())],
    );
    assert_ok("cargo test (unit tests and doctests)", &test);
    let stdout = String::from_utf8_lossy(&test.stdout);
    // The README's example (calling the first operation, with its uuid path parameter) is
    // the one doctest, compiled but not run.
    assert!(
        stdout.contains("src/lib.rs - (line") && stdout.contains(" - compile ... ok"),
        "the README example was not compiled as a doctest:\n{stdout}"
    );
    assert!(
        !stdout.contains("injected"),
        "a test from the spec was compiled:\n{stdout}"
    );

    let doc = cargo_in(
        &out,
        &["doc", "--offline", "--no-deps"],
        &[("RUSTDOCFLAGS", OsStr::new("-D warnings"))],
    );
    assert_ok("cargo doc with rustdoc warnings denied", &doc);
    assert!(!ran.exists(), "code from the spec ran");
}
