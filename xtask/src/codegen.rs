//! `cargo xtask codegen`: the Altostrat SDK in generated/ from the specs in specs/,
//! and the test clients in tests/clients/ from their fixtures.
//!
//! The SDK's version is not set here: it is derived from the committed crate.
//! `generated/api.json` holds the public API of the committed version; when the new
//! generation's API differs, the version is bumped per semver and the API diff is
//! put at the top of `generated/CHANGELOG.md` (see `oagen::diff::changelog`).
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

/// The SDK, and the test clients the behaviour tests use for what the SDK lacks: credential
/// kinds, and error bodies of other shapes.
fn targets(root: &Path) -> Vec<Target> {
    let config = |specs: &[&str], name: &str, description: &str, own_workspace: bool| Config {
        crate_name: name.to_owned(),
        description: Some(description.to_owned()),
        layout: Layout::Rustfmt,
        own_workspace,
        ..Config::new(
            specs.iter().map(|s| root.join(s)).collect(),
            "cargo xtask codegen",
        )
    };
    vec![
        Target {
            out: "generated",
            config: config(
                &["specs/control-plane.yaml", "specs/keys.yaml"],
                "altostrat",
                "A typed Rust client for the Altostrat Control Plane and API Keys APIs.",
                true,
            ),
            versioned: true,
        },
        Target {
            out: "tests/clients/auth-schemes",
            config: config(
                &["tests/fixtures/auth-schemes.yaml"],
                "auth-schemes-client",
                "A test client with every kind of credential placement.",
                // It sits inside the tests package, where cargo refuses a nested workspace root.
                false,
            ),
            versioned: false,
        },
        Target {
            out: "tests/clients/error-bodies",
            config: config(
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
            "{name}: the public API {verb} ({} change(s), {} breaking): version {}",
            release.changes.len(),
            release.changes.iter().filter(|c| c.breaking).count(),
            release.version
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
    let out = root.join(target.out);
    let api = oagen::diff::surface_of(&target.config).map_err(|diagnostics| {
        for diagnostic in &diagnostics {
            eprintln!("{diagnostic}\n");
        }
        "the specs did not lower".to_owned()
    })?;
    let read = |file: &str| std::fs::read_to_string(out.join(file)).ok();
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
                oagen::diff::locate_changes(&mut subset, None, source.as_ref());
                for change in subset.iter_mut().filter(|c| c.side == Side::Old) {
                    change.location.file = format!("{label} (previous version)");
                }
                for (&i, change) in mine.iter().zip(subset) {
                    changes[i] = change;
                }
            }
        },
    )
}
