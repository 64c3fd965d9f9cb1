//! Tests of the generator and of the generated SDK; the tests live in `tests/tests/`.
//!
//! Fixtures (small specs written for one behaviour each) live in `tests/fixtures/`.
//! The repository README is included below so that its example is compiled as a doctest.
#![doc = include_str!("../README.md")]

use std::path::{Path, PathBuf};

/// The repository root.
pub fn project_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ is inside the project")
        .to_path_buf()
}

/// The folder of the shared corpora (`corpus/`, `corpus-next/`): `../shared` beside the
/// project, or the folder `OAGEN_SHARED_DIR` names (for a checkout elsewhere, such as a
/// git worktree). `None` when it is not there; each test that needs it says so loudly.
pub fn shared_dir() -> Option<PathBuf> {
    let dir = std::env::var_os("OAGEN_SHARED_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| project_root().join("../shared"));
    dir.is_dir().then_some(dir)
}

/// The shared corpora's folder, or `None` after saying loudly that `what` was not
/// checked because it is absent.
pub fn shared_dir_or_say(what: &str) -> Option<PathBuf> {
    let dir = shared_dir();
    if dir.is_none() {
        eprintln!("SKIPPED!!! ../shared is absent (set OAGEN_SHARED_DIR): {what} NOT checked");
    }
    dir
}

/// The cargo that runs the tests.
pub fn cargo() -> std::process::Command {
    std::process::Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
}

/// The workspace's target directory, as cargo resolves it (`CARGO_TARGET_DIR`, config, default).
pub fn target_dir() -> PathBuf {
    let output = cargo()
        .current_dir(project_root())
        .args([
            "metadata",
            "--format-version",
            "1",
            "--no-deps",
            "--offline",
        ])
        .output()
        .expect("cargo can be started");
    assert!(
        output.status.success(),
        "cargo metadata failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let metadata: serde_json::Value =
        serde_json::from_slice(&output.stdout).expect("cargo metadata is JSON");
    PathBuf::from(
        metadata["target_directory"]
            .as_str()
            .expect("cargo metadata names the target directory"),
    )
}

/// The fixture specs: every YAML or JSON file directly in `tests/fixtures/`, sorted.
pub fn fixture_specs() -> Vec<PathBuf> {
    specs_in(&project_root().join("tests/fixtures"))
}

/// Every YAML or JSON file directly in `dir`, sorted.
pub fn specs_in(dir: &Path) -> Vec<PathBuf> {
    let mut specs: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{} is readable: {e}", dir.display()))
        .map(|e| e.expect("a readable entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml" || e == "json"))
        .collect();
    specs.sort();
    specs
}

/// The entry point of every spec the corpus folders' `SOURCES.tsv` list.
pub fn corpus_entry_points(shared: &Path) -> Vec<PathBuf> {
    let mut specs = Vec::new();
    for folder in ["corpus", "corpus-next"] {
        let folder = shared.join(folder);
        let Ok(sources) = std::fs::read_to_string(folder.join("SOURCES.tsv")) else {
            continue;
        };
        for line in sources.lines().skip(1) {
            if let Some(path) = line.split('\t').next().filter(|p| !p.is_empty()) {
                specs.push(folder.join(path));
            }
        }
    }
    specs.retain(|spec| spec.is_file());
    specs
}
