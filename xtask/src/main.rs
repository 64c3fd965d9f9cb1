//! Project tasks: `cargo xtask codegen [--check]`, `cargo xtask test`, `cargo xtask bench`,
//! `cargo xtask lint`, `cargo xtask bench-lint` and `cargo xtask bench-frontend`.

mod bench_frontend;
mod bench_generators;
mod codegen;
mod corpus;
mod deps;
mod diff;
mod fuzz;
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
    /// Fuzz load, check, lower, emit and render with mutated specs for a bounded time.
    Fuzz {
        /// How long to run.
        #[arg(long, default_value_t = 60)]
        seconds: u64,
        /// The PRNG seed (the same seed replays the same cases).
        #[arg(long, default_value_t = 7)]
        seed: u64,
        /// The longest one case may take, in seconds, before it counts as a hang.
        #[arg(long, default_value_t = 20)]
        case_limit: u64,
        /// The most resident memory allowed, in MiB.
        #[arg(long, default_value_t = 2048)]
        max_rss_mib: u64,
        /// How many generated crates whose output holds the injection payload to build and
        /// test (doctests included) after fuzzing.
        #[arg(long, default_value_t = 0)]
        compile: usize,
    },
    /// Check the generated crate's dependency tree: licenses, sources, duplicate versions.
    Deps {
        /// The crate directory (default: generated/).
        dir: Option<PathBuf>,
    },
    /// Generate and `cargo check` a client for every entry point listed in ../shared/corpus/ and
    /// ../shared/corpus-next/ (their SOURCES.tsv), printing a table.
    Corpus {
        /// Check every feature of big crates, not just one group's.
        #[arg(long)]
        full: bool,
    },
    /// Time lint and generate on synthetic specs of 1k, 4k and 16k operations and check
    /// that the cost per operation stays flat (at most 1.5 times as much at 16k as at 1k).
    BenchFrontend {
        /// Runs per figure (the median is shown).
        #[arg(long, default_value_t = 1)]
        runs: usize,
    },
    /// Generate Cloudflare's and GitHub's clients with oagen, progenitor and OpenAPI Generator
    /// (installed by tests/generator-peers/install.sh), and time `cargo check` of ours.
    BenchGenerators {
        /// Runs of oagen per spec (the median is shown); the peers run once.
        #[arg(long, default_value_t = 3)]
        runs: usize,
        /// The group feature of the single-feature check (default: dns_records, else the first).
        #[arg(long)]
        feature: Option<String>,
    },
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
        Command::Fuzz {
            seconds,
            seed,
            case_limit,
            max_rss_mib,
            compile,
        } => fuzz::run(
            &project_root(),
            &fuzz::Limits {
                seconds,
                seed,
                case_limit,
                max_rss_mib,
                compile,
            },
        ),
        Command::Deps { dir } => deps::run(&project_root(), dir.as_deref()),
        Command::Corpus { full } => corpus::run(&project_root(), full),
        Command::BenchFrontend { runs } => bench_frontend::run(&project_root(), runs.max(1)),
        Command::BenchGenerators { runs, feature } => bench_generators::run(
            &project_root(),
            &bench_generators::Options {
                runs: runs.max(1),
                feature,
            },
        ),
    }
}

/// The repository root: xtask lives one level below it.
fn project_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask is inside the project")
        .to_path_buf()
}

/// `cargo` (the one running xtask, when known) with `args`, run in `dir`.
fn cargo(dir: &Path, args: &[&str]) -> std::process::Command {
    let mut command =
        std::process::Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned()));
    command.current_dir(dir).args(args);
    command
}

/// The workspace's target directory: `CARGO_TARGET_DIR` when set, else `target/`.
fn target_dir(root: &Path) -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| root.join("target"), PathBuf::from)
}

/// Builds the `oagen` binary in release mode and returns its path, or says why not.
fn release_oagen(root: &Path) -> Option<PathBuf> {
    let built = cargo(
        root,
        &[
            "build",
            "--quiet",
            "--release",
            "-p",
            "oagen",
            "--bin",
            "oagen",
        ],
    )
    .status();
    if built.is_ok_and(|s| s.success()) {
        Some(target_dir(root).join("release/oagen"))
    } else {
        eprintln!("error: the oagen binary did not build in release mode");
        None
    }
}

/// Runs the benchmarks in release mode; they print their own figures.
fn bench(root: &Path) -> ExitCode {
    let status = cargo(
        root,
        &["bench", "-p", "tests", "--bench", "client_overhead"],
    )
    .status();
    if status.is_ok_and(|s| s.success()) {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
