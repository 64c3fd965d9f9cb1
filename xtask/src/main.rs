//! Project tasks: `cargo xtask codegen [--check]`, `cargo xtask test` and `cargo xtask bench`.

mod codegen;
mod test;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(name = "xtask", about = "Tasks of the Altostrat SDK project")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Regenerate generated/ from specs/ (only changed files are written).
    Codegen {
        /// Write nothing; exit non-zero naming each stale file.
        #[arg(long)]
        check: bool,
    },
    /// Run every check CI runs: formatting, clippy, tests, freshness, and the generated crate's own build.
    Test,
    /// Run the benchmarks and print their figures (per-call client overhead against hand-written reqwest).
    Bench,
}

fn main() -> ExitCode {
    match Cli::parse().command {
        Command::Codegen { check } => codegen::run(&project_root(), check),
        Command::Test => test::run(&project_root()),
        Command::Bench => bench(&project_root()),
    }
}

/// The repository root: xtask lives one level below it.
fn project_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask is inside the project")
        .to_path_buf()
}

/// Runs the benchmarks in release mode; they print their own figures.
fn bench(root: &Path) -> ExitCode {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let status = std::process::Command::new(cargo)
        .current_dir(root)
        .args(["bench", "-p", "tests", "--bench", "client_overhead"])
        .status();
    if status.is_ok_and(|s| s.success()) {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
