//! Helpers shared by the tests that run the `oagen` binary against output directories.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;
use std::time::SystemTime;

use oagen::write::{write_tree, Mode};
use oagen::{Config, Layout, RenderedFile};
use serde_json::Value;
use tests::project_root;

/// The `generated_by` text the binary writes into every file's first line.
pub const BINARY_GENERATED_BY: &str = "oagen generate";

/// A path under `tests/fixtures/`.
pub fn fixture(relative: &str) -> PathBuf {
    project_root().join("tests/fixtures").join(relative)
}

/// The `oagen` binary, built once per test process by the cargo that runs the tests.
///
/// The binary belongs to another package, so `CARGO_BIN_EXE_oagen` is not set here;
/// cargo's JSON messages say where the executable is, whatever the target directory.
pub fn oagen_bin() -> &'static Path {
    static BIN: OnceLock<PathBuf> = OnceLock::new();
    BIN.get_or_init(|| {
        let output = tests::cargo()
            .current_dir(project_root())
            .args(["build", "--quiet", "--package", "oagen", "--bin", "oagen"])
            .arg("--message-format=json")
            .output()
            .expect("cargo can be started");
        assert!(
            output.status.success(),
            "`cargo build -p oagen` failed:\n{}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8_lossy(&output.stdout)
            .lines()
            .filter_map(|line| serde_json::from_str::<Value>(line).ok())
            .filter(|message| message["reason"] == "compiler-artifact")
            .filter(|message| message["target"]["name"] == "oagen")
            .find_map(|message| message["executable"].as_str().map(PathBuf::from))
            .expect("cargo reports the oagen executable")
    })
}

/// Runs `oagen generate --spec SPEC --out OUT --no-rustfmt`, plus `extra` arguments.
pub fn run_oagen(spec: &Path, out: &Path, extra: &[&str]) -> Output {
    Command::new(oagen_bin())
        .arg("generate")
        .arg("--spec")
        .arg(spec)
        .arg("--out")
        .arg(out)
        .arg("--no-rustfmt")
        .args(extra)
        .output()
        .expect("the oagen binary can be started")
}

/// The process's stderr as text.
pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// The files the binary generates from `spec`, as the library renders them.
pub fn generate_like_binary(spec: &Path) -> Vec<RenderedFile> {
    let config = Config {
        specs: vec![spec.to_path_buf()],
        crate_name: "api-client".to_owned(),
        crate_version: "0.1.0".to_owned(),
        description: None,
        generated_by: BINARY_GENERATED_BY.to_owned(),
        layout: Layout::AsWritten,
        own_workspace: true,
        allow_outside_refs: false,
        skip_unsupported: false,
    };
    match oagen::generate(&config) {
        Ok(generated) => generated.files,
        Err(diagnostics) => panic!(
            "{} does not generate:\n{}",
            spec.display(),
            diagnostics
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("\n")
        ),
    }
}

/// Fills `out` with the crate generated from the `models.yaml` fixture, as an
/// earlier run of the binary would have left it.
pub fn write_previous_tree(out: &Path) {
    static FILES: OnceLock<Vec<RenderedFile>> = OnceLock::new();
    let files = FILES.get_or_init(|| generate_like_binary(&fixture("models.yaml")));
    write_tree(out, files, Mode::Write).expect("the previous tree can be written");
}

/// One entry of a directory tree: a file's bytes (`None` for a directory) and its modification time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub contents: Option<Vec<u8>>,
    pub modified: SystemTime,
}

/// Every file and directory under `root`, keyed by `/`-separated relative path.
pub fn read_tree(root: &Path) -> BTreeMap<String, Entry> {
    let mut tree = BTreeMap::new();
    let mut pending = vec![root.to_path_buf()];
    while let Some(dir) = pending.pop() {
        for entry in fs::read_dir(&dir).expect("the directory is readable") {
            let path = entry.expect("the directory entry is readable").path();
            let metadata = fs::metadata(&path).expect("the entry has metadata");
            let relative = path
                .strip_prefix(root)
                .expect("entries are under the root")
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect::<Vec<_>>()
                .join("/");
            let contents = if metadata.is_dir() {
                pending.push(path.clone());
                None
            } else {
                Some(fs::read(&path).expect("the file is readable"))
            };
            tree.insert(
                relative,
                Entry {
                    contents,
                    modified: metadata.modified().expect("the platform records mtimes"),
                },
            );
        }
    }
    tree
}

/// Fails naming every path that was added, removed or changed between two readings of a tree.
pub fn assert_tree_unchanged(
    before: &BTreeMap<String, Entry>,
    after: &BTreeMap<String, Entry>,
    what: &str,
) {
    let mut differences = Vec::new();
    for (path, entry) in before {
        match after.get(path) {
            None => differences.push(format!("removed: {path}")),
            Some(now) if now.contents != entry.contents => {
                differences.push(format!("content changed: {path}"))
            }
            Some(now) if now.modified != entry.modified => {
                differences.push(format!("touched (same content, new mtime): {path}"))
            }
            Some(_) => {}
        }
    }
    for path in after.keys().filter(|p| !before.contains_key(*p)) {
        differences.push(format!("added: {path}"));
    }
    assert!(
        differences.is_empty(),
        "{what} changed the output directory:\n  {}",
        differences.join("\n  ")
    );
}
