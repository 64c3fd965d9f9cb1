//! The `oagen` command: generate a Rust client crate from OpenAPI 3.0 specs.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use oagen::write::{write_tree, Mode};
use oagen::{Config, Layout};

#[derive(Parser)]
#[command(
    name = "oagen",
    version,
    about = "Generates typed Rust API clients from OpenAPI 3.0 documents"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Generate a client crate from one or more specs (one module per spec).
    Generate {
        /// An OpenAPI 3.0 document, YAML or JSON; repeat for several.
        #[arg(long = "spec", required = true)]
        specs: Vec<PathBuf>,
        /// The directory of the generated crate.
        #[arg(long)]
        out: PathBuf,
        /// The crate's package name.
        #[arg(long, default_value = "api-client")]
        name: String,
        /// The crate's version.
        #[arg(long = "crate-version", default_value = "0.1.0")]
        crate_version: String,
        /// Compare with the output directory instead of writing; exit 1 when it is stale.
        #[arg(long)]
        check: bool,
        /// Lay out code with prettyplease only, without running rustfmt.
        #[arg(long)]
        no_rustfmt: bool,
    },
}

fn main() -> ExitCode {
    let Command::Generate {
        specs,
        out,
        name,
        crate_version,
        check,
        no_rustfmt,
    } = Cli::parse().command;
    let config = Config {
        specs,
        crate_name: name,
        crate_version,
        description: None,
        generated_by: "oagen generate".to_owned(),
        layout: if no_rustfmt {
            Layout::Prettyplease
        } else {
            Layout::Rustfmt
        },
        own_workspace: true,
    };
    let generated = match oagen::generate(&config) {
        Ok(generated) => generated,
        Err(diagnostics) => {
            for diagnostic in &diagnostics {
                eprintln!("{diagnostic}\n");
            }
            let errors = diagnostics.iter().filter(|d| d.is_error()).count();
            eprintln!(
                "error: generation failed with {errors} error(s); nothing was written to {}",
                out.display()
            );
            return ExitCode::FAILURE;
        }
    };
    for warning in &generated.warnings {
        eprintln!("{warning}\n");
    }
    let mode = if check { Mode::Check } else { Mode::Write };
    match write_tree(&out, &generated.files, mode) {
        Ok(report) if check && !report.is_fresh() => {
            for path in report.changed.iter().chain(&report.removed) {
                eprintln!("stale: {}", out.join(path).display());
            }
            eprintln!(
                "error: {} is out of date; run without --check to regenerate it",
                out.display()
            );
            ExitCode::FAILURE
        }
        Ok(report) => {
            eprintln!(
                "{} operations, {} types: {} file(s) changed, {} removed, {} unchanged in {}",
                generated.operations,
                generated.types,
                report.changed.len(),
                report.removed.len(),
                report.unchanged,
                out.display()
            );
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("error: cannot write {}: {error}", out.display());
            ExitCode::FAILURE
        }
    }
}
