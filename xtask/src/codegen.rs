//! `cargo xtask codegen`: the Altostrat SDK in generated/ from the specs in specs/,
//! and the test client in tests/clients/ from its fixture.

use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

use oagen::write::{write_tree, Mode};
use oagen::{Config, Layout};

/// A crate this command keeps generated: where it goes and what it is made from.
struct Target {
    out: &'static str,
    config: Config,
}

/// The SDK, and the test client the behaviour tests use for credential kinds the SDK lacks.
fn targets(root: &Path) -> Vec<Target> {
    let config = |specs: &[&str], name: &str, description: &str, own_workspace: bool| Config {
        specs: specs.iter().map(|s| root.join(s)).collect(),
        crate_name: name.to_owned(),
        crate_version: "0.1.0".to_owned(),
        description: Some(description.to_owned()),
        generated_by: "cargo xtask codegen".to_owned(),
        layout: Layout::Rustfmt,
        own_workspace,
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
    let generated = match oagen::generate(&target.config) {
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
    let mode = if check { Mode::Check } else { Mode::Write };
    let report = match write_tree(&root.join(name), &generated.files, mode) {
        Ok(report) => report,
        Err(error) => {
            eprintln!("error: cannot update {name}/: {error}");
            return false;
        }
    };
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
