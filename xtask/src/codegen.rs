//! `cargo xtask codegen`: the Altostrat SDK in generated/ from the specs in specs/,
//! and the test clients in tests/clients/ from their fixtures.
//!
//! The SDK's version is not set here: it is derived from the last release.
//! `generated/api.json` holds the public API of the released version, read from the
//! last commit (the working tree outside git, see [`Baseline`]); when the new
//! generation's API differs, the version is bumped per semver once, however often it
//! is regenerated before a commit, and the API diff, with old locations in the
//! committed specs, is put at the top of `generated/CHANGELOG.md` (see
//! `oagen::diff::changelog`).
//! `--check` verifies those two files and the version like every other file.

use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

use oagen::diff::{changelog, Change, Side, SpecSource};
use oagen::write::{write_tree_with, Mode, WriteOptions};
use oagen::{Config, Layout, RenderedFile};

/// A crate this command keeps generated: where it goes and what it is made from.
struct Target {
    out: &'static str,
    config: Config,
    /// Whether the crate is released: its version and changelog follow its API.
    versioned: bool,
}

/// The configuration the SDK in generated/ is made with.
pub fn sdk_config(root: &Path) -> Config {
    config(
        root,
        &["specs/control-plane.yaml", "specs/keys.yaml"],
        "altostrat",
        "A typed Rust client for the Altostrat Control Plane and API Keys APIs.",
        true,
    )
}

fn config(
    root: &Path,
    specs: &[&str],
    name: &str,
    description: &str,
    own_workspace: bool,
) -> Config {
    Config {
        crate_name: name.to_owned(),
        description: Some(description.to_owned()),
        layout: Layout::Rustfmt,
        own_workspace,
        ..Config::new(
            specs.iter().map(|s| root.join(s)).collect(),
            "cargo xtask codegen",
        )
    }
}

/// The SDK, and the test clients the behaviour tests use for what the SDK lacks: credential
/// kinds, types that contain themselves, and error bodies of other shapes.
fn targets(root: &Path) -> Vec<Target> {
    vec![
        Target {
            out: "generated",
            config: sdk_config(root),
            versioned: true,
        },
        Target {
            out: "tests/clients/auth-schemes",
            config: config(
                root,
                &["tests/fixtures/auth-schemes.yaml"],
                "auth-schemes-client",
                "A test client with every kind of credential placement.",
                // It sits inside the tests package, where cargo refuses a nested workspace root.
                false,
            ),
            versioned: false,
        },
        Target {
            out: "tests/clients/recursive-types",
            config: config(
                root,
                &["tests/fixtures/recursive-types.yaml"],
                "recursive-types-client",
                "A test client whose types contain themselves through aliases.",
                false,
            ),
            versioned: false,
        },
        Target {
            out: "tests/clients/error-bodies",
            config: config(
                root,
                &["tests/fixtures/error-bodies.yaml"],
                "error-bodies-client",
                "A test client with error bodies in the shapes APIs use.",
                false,
            ),
            versioned: false,
        },
    ]
}

/// Regenerates every target, or with `check` verifies they are up to date.
pub fn run(root: &Path, check: bool) -> ExitCode {
    let mut ok = true;
    for target in targets(root) {
        ok &= run_target(root, &target, check);
    }
    if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

fn run_target(root: &Path, target: &Target, check: bool) -> bool {
    let started = Instant::now();
    let name = target.out;
    let mut config = target.config.clone();
    let release = if target.versioned {
        match release(root, target) {
            Ok(release) => Some(release),
            Err(message) => {
                eprintln!("error: {message}; {name}/ was left as it was");
                return false;
            }
        }
    } else {
        None
    };
    if let Some(release) = &release {
        config.crate_version = release.version.clone();
    }
    let generated = match oagen::generate(&config) {
        Ok(generated) => generated,
        Err(diagnostics) => {
            for diagnostic in &diagnostics {
                eprintln!("{diagnostic}\n");
            }
            eprintln!("error: the specs did not generate; {name}/ was left as it was");
            return false;
        }
    };
    for warning in &generated.warnings {
        eprintln!("{warning}\n");
    }
    let mut files = generated.files;
    if let Some(release) = &release {
        files.push(RenderedFile {
            path: changelog::API_FILE.to_owned(),
            contents: release.api_json.clone(),
        });
        files.push(RenderedFile {
            path: changelog::CHANGELOG_FILE.to_owned(),
            contents: release.changelog.clone(),
        });
    }
    let mode = if check { Mode::Check } else { Mode::Write };
    // The API listing and the changelog carry no marker, yet they are this command's to rewrite.
    let options = WriteOptions {
        unmarked: &[changelog::API_FILE, changelog::CHANGELOG_FILE],
        ..WriteOptions::default()
    };
    let report = match write_tree_with(&root.join(name), &files, mode, &options) {
        Ok(report) => report,
        Err(error) => {
            eprintln!("error: cannot update {name}/: {error}");
            return false;
        }
    };
    if let Some(release) = release.as_ref().filter(|r| !r.changes.is_empty()) {
        let verb = if check { "would change" } else { "changed" };
        eprintln!(
            "{name}: the public API {verb} since the last release ({} change(s), {} breaking): version {}; the entry is at the top of {name}/{}",
            release.changes.len(),
            release.changes.iter().filter(|c| c.breaking).count(),
            release.version,
            changelog::CHANGELOG_FILE,
        );
    }
    if check {
        if report.is_fresh() {
            eprintln!("{name}/ is up to date ({} files)", report.unchanged);
            return true;
        }
        for path in &report.changed {
            eprintln!("stale: {name}/{path}");
        }
        for path in &report.removed {
            eprintln!("no longer generated: {name}/{path}");
        }
        eprintln!("error: {name}/ is out of date; run `cargo xtask codegen` and commit the result");
        return false;
    }
    for path in &report.changed {
        eprintln!("wrote {name}/{path}");
    }
    for path in &report.removed {
        eprintln!("removed {name}/{path}");
    }
    eprintln!(
        "{name}: {} operations and {} types in {:.2?}: {} changed, {} removed, {} unchanged",
        generated.operations,
        generated.types,
        started.elapsed(),
        report.changed.len(),
        report.removed.len(),
        report.unchanged
    );
    true
}

/// The version, `api.json` and `CHANGELOG.md` of the next generation of `target`,
/// from its committed `api.json` and the API the specs give now.
fn release(root: &Path, target: &Target) -> Result<changelog::Release, String> {
    let api = oagen::diff::surface_of(&target.config).map_err(|diagnostics| {
        for diagnostic in &diagnostics {
            eprintln!("{diagnostic}\n");
        }
        "the specs did not lower".to_owned()
    })?;
    let baseline = Baseline::of(root);
    let read = |file: &str| baseline.read(root, &format!("{}/{file}", target.out));
    let committed_api = read(changelog::API_FILE);
    let committed_changelog = read(changelog::CHANGELOG_FILE);
    // Each change's location: the new spec for what is there now, the previous one for what went.
    let sources: Vec<(String, Option<SpecSource>)> = target
        .config
        .specs
        .iter()
        .map(|path| {
            let label = path
                .strip_prefix(root)
                .unwrap_or(path)
                .to_string_lossy()
                .replace('\\', "/");
            let source = std::fs::read_to_string(path).ok().map(|text| SpecSource {
                label: label.clone(),
                path: path.clone(),
                text,
                overlay: None,
            });
            (label, source)
        })
        .collect();
    let modules: Vec<String> = api.modules.iter().map(|m| m.name.clone()).collect();
    let specs = sources
        .iter()
        .map(|(label, _)| format!("`{label}`"))
        .collect::<Vec<_>>()
        .join(" and ");
    changelog::release(
        &target.config.crate_name,
        &target.config.generated_by,
        api,
        committed_api.as_deref(),
        committed_changelog.as_deref(),
        &specs,
        |changes: &mut Vec<Change>| {
            for (module, (label, source)) in modules.iter().zip(&sources) {
                let mut mine: Vec<usize> = Vec::new();
                for (i, change) in changes.iter().enumerate() {
                    if &change.module == module {
                        mine.push(i);
                    }
                }
                let mut subset: Vec<Change> = mine.iter().map(|&i| changes[i].clone()).collect();
                let previous = baseline.previous_spec(root, label);
                oagen::diff::locate_changes(&mut subset, previous.as_ref(), source.as_ref());
                for change in subset.iter_mut().filter(|c| c.side == Side::Old) {
                    change.location.file = previous.as_ref().map_or_else(
                        || format!("{label} (previous version)"),
                        |p| p.label.clone(),
                    );
                }
                for (&i, change) in mine.iter().zip(subset) {
                    changes[i] = change;
                }
            }
        },
    )
}

/// Where the previous release of a generated crate is read from.
///
/// In a git repository it is the last commit, so that any number of regenerations
/// before a commit make one version bump and one changelog entry, measured from what
/// was released; elsewhere (a copy of the tree without history) it is the working
/// tree, which is said once on standard error.
#[derive(Clone, Copy, PartialEq, Debug)]
enum Baseline {
    /// `HEAD` of the repository `root` is in.
    LastCommit,
    /// The files as they are on disk.
    WorkingTree,
}

impl Baseline {
    fn of(root: &Path) -> Baseline {
        let head = oagen::diff::git_in(root, &["rev-parse", "--verify", "--quiet", "HEAD"]);
        if head.is_ok() {
            return Baseline::LastCommit;
        }
        eprintln!(
            "note: {} has no git commit to compare with; the version and changelog are measured from the working tree",
            root.display()
        );
        Baseline::WorkingTree
    }

    /// The text of `relative` (a path from `root`, with `/`) in the previous release;
    /// `None` when it was not there.
    fn read(self, root: &Path, relative: &str) -> Option<String> {
        match self {
            Baseline::LastCommit => {
                oagen::diff::git_in(root, &["show", &format!("HEAD:./{relative}")]).ok()
            }
            Baseline::WorkingTree => std::fs::read_to_string(root.join(relative)).ok(),
        }
    }

    /// The spec `label` (a path from `root`) as the previous release was generated
    /// from it, to locate what was removed; only the last commit has it.
    fn previous_spec(self, root: &Path, label: &str) -> Option<SpecSource> {
        let text = match self {
            Baseline::LastCommit => self.read(root, label)?,
            Baseline::WorkingTree => return None,
        };
        Some(SpecSource {
            label: format!("HEAD:{label}"),
            path: root.join(label),
            text,
            overlay: None,
        })
    }
}

#[cfg(test)]
mod tests {
    /// Plain `cargo test` fails when a committed generated crate is stale, the way
    /// `cargo xtask codegen --check` does, so a spec or generator change cannot be
    /// tested green without its regenerated output.
    #[test]
    fn generated_crates_are_up_to_date() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .parent()
            .expect("xtask sits in the workspace root");
        assert_eq!(
            super::run(root, true),
            std::process::ExitCode::SUCCESS,
            "a generated crate is stale (see the files listed above): run `cargo xtask codegen` and commit the result"
        );
    }

    /// Regenerating twice before a commit bumps the version once, measured from the
    /// last commit, and the changelog's old locations name the committed spec.
    #[test]
    fn versions_are_measured_from_the_last_commit() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let git = |args: &[&str]| {
            let status = std::process::Command::new("git")
                .arg("-C")
                .arg(root)
                .args(["-c", "user.name=test", "-c", "user.email=test@example.com"])
                .args(args)
                .stdout(std::process::Stdio::null())
                .status()
                .expect("git runs");
            assert!(status.success(), "git {args:?}");
        };
        let spec = |operations: &str, optional: bool| {
            let required = if optional { "[]" } else { "[name]" };
            std::fs::write(
                root.join("spec.yaml"),
                format!(
                    "openapi: 3.0.3\ninfo: {{title: T, version: '1'}}\npaths:\n{operations}components:\n  schemas:\n    Thing:\n      type: object\n      required: {required}\n      properties:\n        name: {{type: string}}\n"
                ),
            )
            .unwrap();
        };
        let get = "  /things:\n    get:\n      operationId: listThings\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {$ref: '#/components/schemas/Thing'}\n";
        let delete = "  /things/{id}:\n    delete:\n      operationId: deleteThing\n      parameters:\n        - {name: id, in: path, required: true, schema: {type: string}}\n      responses:\n        '204': {description: gone}\n";
        let target = super::Target {
            out: "out",
            config: oagen::Config {
                crate_name: "things".to_owned(),
                ..oagen::Config::new(vec![root.join("spec.yaml")], "cargo xtask codegen")
            },
            versioned: true,
        };
        let version = || {
            let api = std::fs::read_to_string(root.join("out/api.json")).unwrap();
            let api: serde_json::Value = serde_json::from_str(&api).unwrap();
            api["version"].as_str().unwrap().to_owned()
        };
        git(&["init", "-q"]);
        spec(&format!("{get}{delete}"), false);
        assert!(super::run_target(root, &target, false));
        assert_eq!(version(), "0.1.0");
        git(&["add", "-A"]);
        git(&["commit", "-q", "-m", "first release"]);

        // Two changes, each regenerated, before the next commit.
        spec(get, false);
        assert!(super::run_target(root, &target, false));
        spec(get, true);
        assert!(super::run_target(root, &target, false));
        assert_eq!(
            version(),
            "0.2.0",
            "one breaking bump from the committed 0.1.0"
        );
        let changelog = std::fs::read_to_string(root.join("out/CHANGELOG.md")).unwrap();
        assert_eq!(changelog.matches("\n## ").count(), 2, "{changelog}");
        assert!(!changelog.contains("0.3.0"), "{changelog}");
        assert!(
            changelog.contains("the request builder `spec::DeleteThing` and the error enum `spec::DeleteThingError`"),
            "a removed method names the public types that went with it: {changelog}"
        );
        assert!(
            changelog.contains("HEAD:spec.yaml:"),
            "old locations name the committed spec with a line: {changelog}"
        );
        assert!(
            super::run_target(root, &target, true),
            "--check agrees with what was written"
        );
    }
}
