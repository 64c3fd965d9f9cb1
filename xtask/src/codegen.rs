//! `cargo xtask codegen`: the Altostrat SDK in generated/ from the specs in specs/.

use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

use oagen::write::{write_tree, Mode};
use oagen::{Config, Layout};

/// The specs of the SDK, one module each, in this order.
pub const SPECS: &[&str] = &["specs/control-plane.yaml", "specs/keys.yaml"];

/// The SDK's configuration, shared with the freshness test.
pub fn config(root: &Path) -> Config {
    Config {
        specs: SPECS.iter().map(|s| root.join(s)).collect(),
        crate_name: "altostrat".to_owned(),
        crate_version: "0.1.0".to_owned(),
        description: Some(
            "A typed Rust client for the Altostrat Control Plane and API Keys APIs.".to_owned(),
        ),
        generated_by: "cargo xtask codegen".to_owned(),
        layout: Layout::Rustfmt,
    }
}

/// Regenerates generated/, or with `check` verifies it is up to date.
pub fn run(root: &Path, check: bool) -> ExitCode {
    let started = Instant::now();
    let generated = match oagen::generate(&config(root)) {
        Ok(generated) => generated,
        Err(diagnostics) => {
            for diagnostic in &diagnostics {
                eprintln!("{diagnostic}\n");
            }
            eprintln!("error: the specs did not generate; generated/ was left as it was");
            return ExitCode::FAILURE;
        }
    };
    for warning in &generated.warnings {
        eprintln!("{warning}\n");
    }
    let out = root.join("generated");
    let mode = if check { Mode::Check } else { Mode::Write };
    let report = match write_tree(&out, &generated.files, mode) {
        Ok(report) => report,
        Err(error) => {
            eprintln!("error: cannot update generated/: {error}");
            return ExitCode::FAILURE;
        }
    };
    if check {
        if report.is_fresh() {
            eprintln!("generated/ is up to date ({} files)", report.unchanged);
            return ExitCode::SUCCESS;
        }
        for path in &report.changed {
            eprintln!("stale: generated/{path}");
        }
        for path in &report.removed {
            eprintln!("no longer generated: generated/{path}");
        }
        eprintln!(
            "error: generated/ is out of date; run `cargo xtask codegen` and commit the result"
        );
        return ExitCode::FAILURE;
    }
    for path in &report.changed {
        eprintln!("wrote generated/{path}");
    }
    for path in &report.removed {
        eprintln!("removed generated/{path}");
    }
    eprintln!(
        "{} operations and {} types in {:.2?}: {} changed, {} removed, {} unchanged",
        generated.operations,
        generated.types,
        started.elapsed(),
        report.changed.len(),
        report.removed.len(),
        report.unchanged
    );
    ExitCode::SUCCESS
}
