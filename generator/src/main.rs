//! The `oagen` command: generate a Rust client crate from Swagger 2.0 and OpenAPI 3.x specs.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use oagen::write::{write_tree_with, Mode, WriteOptions};
use oagen::{Config, Layout};

// Generation and linting build and free millions of small strings and token trees;
// with glibc's allocator that was about a third of the run time (perf), with mimalloc
// a small fraction.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Turns transparent huge pages off for this process. Lint runs in CI next to other
/// jobs and keeps to a memory budget (under 100 MB for GitHub's 13 MB spec): mimalloc
/// asks for 2 MiB pages, which round every region it touches up to 2 MiB and added
/// about 30 MB of resident memory to a lint run, for no speed lint can measure.
fn without_huge_pages() {
    #[cfg(target_os = "linux")]
    // SAFETY: `PR_SET_THP_DISABLE` only sets a flag of this process; a kernel without
    // it returns an error, and the run then goes on with huge pages.
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
}

/// `mi_option_purge_delay` in the C enum of the pinned `libmimalloc-sys` (0.1.49,
/// mimalloc 3), which names no Rust constant for it.
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// Has mimalloc give freed memory back to the system 10 ms after it is freed, as
/// mimalloc 2 did, rather than mimalloc 3's full second. A run of `oagen lint` is
/// over in well under a second, so with the longer delay nothing freed was ever
/// returned: lint of GitHub's spec peaked at 80 MB instead of 59 MB, no faster.
/// `generate` does not ask for it: the memory it gave back was soon taken again and
/// zeroed by the kernel, which made GitHub's generation 0.57–0.80 s instead of
/// 0.42–0.52 s, for 30 MB less at the peak (Cloudflare: 90 MB against 130 MB).
fn return_freed_memory_soon() {
    // SAFETY: setting an option is a plain store that mimalloc allows at any time;
    // the number is checked against the pinned version's enum (see above).
    unsafe {
        libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, 10);
    }
}

#[derive(Parser)]
#[command(
    name = "oagen",
    version,
    about = "Generates typed Rust API clients from Swagger 2.0 and OpenAPI 3.0, 3.1 and 3.2 documents"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Compare two versions of a spec in terms of the generated client's API:
    /// each change classified breaking or not, with its place in the spec.
    Diff(oagen::diff::DiffArgs),
    /// Lint Swagger 2.0 and OpenAPI 3.x specs: validity, quality and SDK rules, each finding with
    /// its location and a fix (exit 0 clean, 1 findings that fail, 2 unreadable input).
    Lint(oagen::lint::cli::LintArgs),
    /// Generate a client crate from one or more specs (one module per spec).
    Generate {
        /// A Swagger 2.0 or OpenAPI 3.x document (YAML or JSON, the root of a multi-file
        /// spec); repeat for several.
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
        /// Do not run rustfmt over the rare file whose layout the writer cannot vouch
        /// for; it is left as written, valid but not exactly rustfmt's layout.
        #[arg(long)]
        no_rustfmt: bool,
        /// Leave out operations that use unsupported constructs (each is listed as a
        /// warning) instead of failing; for specs you do not control.
        #[arg(long)]
        skip_unsupported: bool,
        /// Overwrite files in the output directory that oagen did not generate (a
        /// hand-written `README.md`), and write into a directory holding a crate that is
        /// not ours. Symbolic links, `/` and the home directory are refused even so.
        #[arg(long)]
        force: bool,
        /// Print one `stats:` line with generation time (ms), peak memory (KiB),
        /// operations, skipped operations, types and the Rust files the writer
        /// could not vouch were in rustfmt's layout (which rustfmt laid out), for
        /// benchmarks.
        #[arg(long)]
        stats: bool,
        /// Let `$ref`s name files outside the spec's directory tree (off by default,
        /// so an untrusted spec cannot make oagen read files elsewhere).
        #[arg(long)]
        allow_outside_refs: bool,
        /// Leave the crate's own `[workspace]` table out of its Cargo.toml, to make it a
        /// member of the workspace it is vendored into (without this, list its
        /// directory in that workspace's `exclude`).
        #[arg(long)]
        no_workspace: bool,
    },
    /// Write a multi-file spec as one document: every `$ref` to another file resolved,
    /// in the spec's own version (nothing is upgraded).
    Bundle(oagen::front::bundle::cli::BundleArgs),
}

fn main() -> ExitCode {
    let command = match Cli::parse().command {
        Command::Diff(args) => return oagen::diff::run(&args),
        Command::Bundle(args) => return oagen::front::bundle::cli::run(&args),
        Command::Lint(args) => {
            return_freed_memory_soon();
            without_huge_pages();
            return oagen::lint::cli::run(&args);
        }
        other => other,
    };
    let Command::Generate {
        specs,
        out,
        name,
        crate_version,
        check,
        no_rustfmt,
        skip_unsupported,
        force,
        stats,
        allow_outside_refs,
        no_workspace,
    } = command
    else {
        unreachable!("diff, lint and bundle returned above");
    };
    let started = std::time::Instant::now();
    let config = Config {
        crate_name: name,
        crate_version,
        layout: if no_rustfmt {
            Layout::AsWritten
        } else {
            Layout::Rustfmt
        },
        skip_unsupported,
        allow_outside_refs,
        own_workspace: !no_workspace,
        ..Config::new(specs, "oagen generate")
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
    if stats {
        let skipped = generated
            .warnings
            .iter()
            .filter(|w| w.rule == "skipped-operation")
            .count();
        println!(
            "stats: millis={} peak_kib={} operations={} skipped={skipped} types={} inexact_files={}",
            started.elapsed().as_millis(),
            peak_memory_kib().unwrap_or(0),
            generated.operations,
            generated.types,
            generated.inexact_files
        );
    }
    let mode = if check { Mode::Check } else { Mode::Write };
    let options = WriteOptions {
        force,
        ..WriteOptions::default()
    };
    match write_tree_with(&out, &generated.files, mode, &options) {
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

/// The process's peak resident memory, from Linux's `/proc/self/status`.
fn peak_memory_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The option number names the purge delay: mimalloc 3's default for it is a
    /// second, which no neighbouring option has.
    #[test]
    fn the_purge_delay_option_is_the_one_set() {
        if std::env::var_os("MIMALLOC_PURGE_DELAY").is_some() {
            return;
        }
        // SAFETY: reading an option has no precondition.
        let delay = unsafe { libmimalloc_sys::mi_option_get(MI_OPTION_PURGE_DELAY) };
        assert_eq!(
            delay, 1000,
            "option {MI_OPTION_PURGE_DELAY} is not the purge delay"
        );
    }
}
