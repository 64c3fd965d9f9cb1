//! Project tasks: `cargo xtask codegen [--check]`, `cargo xtask test`, `cargo xtask bench`,
//! `cargo xtask lint` and `cargo xtask bench-lint`.

mod codegen;
mod corpus;
mod diff;
mod lint;
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
    /// Compare two versions of a spec in terms of the SDK's API (`oagen diff`): OLD and NEW are
    /// files or git revisions such as `HEAD~1:specs/keys.yaml`.
    Diff(oagen::diff::DiffArgs),
    /// Run every check CI runs: formatting, clippy, tests, freshness, and the generated crate's own build.
    Test,
    /// Run the benchmarks and print their figures (per-call client overhead against hand-written reqwest).
    Bench,
    /// Lint specs (default: every spec in specs/ with the committed .oagen-lint.yaml).
    Lint {
        /// Specs to lint instead of those in specs/.
        specs: Vec<PathBuf>,
        /// The output format.
        #[arg(long, value_enum, default_value_t = oagen::lint::cli::Format::Text)]
        format: oagen::lint::cli::Format,
        /// The config file (default for specs/: .oagen-lint.yaml at the root).
        #[arg(long)]
        config: Option<PathBuf>,
        /// Exit with 1 on warnings too.
        #[arg(long)]
        deny_warnings: bool,
        /// Write the report to this file.
        #[arg(long, short = 'o')]
        output: Option<PathBuf>,
    },
    /// Time `oagen lint` beside spectral and redocly on the corpus's big specs.
    BenchLint {
        /// Runs of oagen per spec (the median is shown).
        #[arg(long, default_value_t = 3)]
        runs: usize,
    },
    /// Generate and `cargo check` a client for every spec in ../shared/corpus/, printing a table.
    Corpus,
}

fn main() -> ExitCode {
    match Cli::parse().command {
        Command::Codegen { check } => codegen::run(&project_root(), check),
        Command::Diff(args) => diff::run(&args),
        Command::Test => test::run(&project_root()),
        Command::Bench => bench(&project_root()),
        Command::Lint {
            specs,
            format,
            config,
            deny_warnings,
            output,
        } => lint::run(
            &project_root(),
            specs,
            format,
            config,
            deny_warnings,
            output,
        ),
        Command::BenchLint { runs } => lint::bench(&project_root(), runs.max(1)),
        Command::Corpus => corpus::run(&project_root()),
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
