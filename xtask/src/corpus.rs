//! `cargo xtask corpus`: generate a client for every real-world spec listed in
//! ../shared/corpus/SOURCES.tsv and ../shared/corpus-next/SOURCES.tsv, `cargo check`
//! each, and print a table.
//!
//! Generation runs the release `oagen` binary on its default path (rustfmt's
//! layout) with `--stats`, so time and peak memory are what a user sees. Files
//! the text writer vouches for skip rustfmt, so `cargo fmt --check` on each crate
//! is the check that the writer's layout is rustfmt's on every spec. All crates
//! share one target directory, so their dependencies build once.

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::Instant;

/// One row of the table.
struct Row {
    spec: String,
    operations: String,
    skipped: String,
    generation_ms: String,
    peak_mib: String,
    inexact: String,
    check: &'static str,
    layout: &'static str,
    features: String,
    check_s: String,
    warnings: usize,
}

/// The corpus folders beside the project, each with a `SOURCES.tsv` whose first
/// column names its entry points. Walking the folders for spec files instead would
/// take multi-file specs' fragments for specs and miss a root named `.yml`.
const CORPORA: &[&str] = &["corpus", "corpus-next"];

/// Entry points that the conformance test (`tests/tests/front_oas31.rs`) loads one by
/// one instead: tiny documents, most without operations, a third of them meant to fail.
const CHECKED_ELSEWHERE: &str = "oai-conformance/";

/// The specs generated with a flag beyond the defaults, each with the flag and the
/// upstream fact that needs it. Every other spec is generated strictly, as its owner
/// would, and reading no file outside its root's folder.
const FLAGS: &[(&str, &str, &str)] = &[
    (
        "corpus/cloudflare/openapi.yaml",
        "--skip-unsupported",
        "three `$ref`s point at components the file does not define (`#/components/responses/4XX`, \
         `#/components/responses/200`, `#/components/requestBodies/requestBody`)",
    ),
    (
        "corpus-next/oas31/garage/garage-admin-v2.json",
        "--skip-unsupported",
        "19 operations declare `in: path` parameters on paths without a `{name}` for them",
    ),
    (
        "corpus-next/swagger2/oai-petstore-separate/spec/swagger.yaml",
        "--allow-outside-refs",
        "the root in `spec/` references `../common/Error.yaml`, outside its own folder",
    ),
];

/// One spec to generate: its path and its label, relative to `shared`.
struct Entry {
    path: PathBuf,
    label: String,
}

/// The entry points of every corpus folder under `shared`, in SOURCES.tsv order; a
/// folder without its SOURCES.tsv is reported and left out.
fn entry_points(shared: &Path) -> Vec<Entry> {
    let mut entries = Vec::new();
    for corpus in CORPORA {
        let sources = shared.join(corpus).join("SOURCES.tsv");
        let Ok(text) = std::fs::read_to_string(&sources) else {
            eprintln!(
                "SKIPPED: cargo xtask corpus: {} is absent, so {corpus}/ is not generated",
                sources.display()
            );
            continue;
        };
        for line in text.lines().skip(1) {
            let Some(local) = line.split('\t').next().filter(|l| !l.is_empty()) else {
                continue;
            };
            if local.starts_with(CHECKED_ELSEWHERE) {
                continue;
            }
            entries.push(Entry {
                path: shared.join(corpus).join(local),
                label: format!("{corpus}/{local}"),
            });
        }
    }
    entries
}

/// Whether `cargo fmt --check` finds the generated crate at `out` in rustfmt's
/// layout; prints the start of what it would change when not.
fn rustfmt_agrees(out: &Path) -> bool {
    match crate::cargo(out, &["fmt", "--check"]).output() {
        Ok(output) if output.status.success() => true,
        Ok(output) => {
            let diff = String::from_utf8_lossy(&output.stdout);
            eprintln!("  the generated files are not in rustfmt's layout:");
            for line in diff.lines().take(30) {
                eprintln!("  {line}");
            }
            false
        }
        Err(e) => {
            eprintln!(
                "  cannot run `cargo fmt` ({e}); install it with `rustup component add rustfmt`"
            );
            false
        }
    }
}

/// A crate name for a spec label: `corpus/cloudflare/openapi.json` → `corpus-cloudflare-openapi-json`.
fn crate_name(label: &str) -> String {
    let slug: String = label
        .to_ascii_lowercase()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    slug.trim_matches('-').to_owned()
}

fn stat(line: &str, key: &str) -> Option<String> {
    line.split_whitespace()
        .find_map(|field| field.strip_prefix(&format!("{key}=")).map(str::to_owned))
}

/// The first group feature of a generated crate with per-group features, read from
/// its `Cargo.toml` (`full = ["a", "b", ...]`); `None` when it has none.
fn first_group_feature(manifest: &Path) -> Option<String> {
    let text = std::fs::read_to_string(manifest).ok()?;
    let list = text
        .lines()
        .find_map(|line| line.strip_prefix("full = ["))?;
    list.split('"').nth(1).map(str::to_owned)
}

/// Generates and checks every corpus spec; non-zero when any fails. Without
/// `full`, a crate with per-group features is checked with one group only, which
/// is how a user of one part of a big API builds it and keeps CI within budget.
pub fn run(root: &Path, full: bool) -> ExitCode {
    // The same place the tests look: OAGEN_SHARED_DIR, or ../shared beside the repository.
    let shared = std::env::var_os("OAGEN_SHARED_DIR")
        .map_or_else(|| root.join("../shared"), std::path::PathBuf::from);
    let entries = entry_points(&shared);
    if entries.is_empty() {
        eprintln!(
            "SKIPPED: cargo xtask corpus: no corpus under {} (set OAGEN_SHARED_DIR to where it is), so there is nothing to generate",
            shared.display()
        );
        return ExitCode::SUCCESS;
    }
    let Some(oagen) = crate::release_oagen(root) else {
        return ExitCode::FAILURE;
    };
    let work = root.join("target/corpus");
    // The workspace's target directory: the SDK's dependencies are built there already.
    let target = crate::target_dir(root);
    let mut rows = Vec::new();
    let mut failed = 0;
    for Entry { path: spec, label } in entries {
        let name = crate_name(&label);
        let out = work.join(&name);
        let _ = std::fs::remove_dir_all(&out);
        let flag = FLAGS.iter().find(|(l, _, _)| *l == label);
        match flag {
            Some((_, flag, why)) => eprintln!("==> {label} (with {flag}: {why})"),
            None => eprintln!("==> {label}"),
        }
        let generated = Command::new(&oagen)
            .arg("generate")
            .args(flag.map(|(_, flag, _)| *flag))
            .args(["--stats", "--name", &name, "--out"])
            .arg(&out)
            .arg("--spec")
            .arg(&spec)
            .output();
        let stats = generated.as_ref().ok().and_then(|o| {
            String::from_utf8_lossy(&o.stdout)
                .lines()
                .find(|l| l.starts_with("stats:"))
                .map(str::to_owned)
        });
        let spec_label = match flag {
            Some((_, flag, _)) => format!("{label} ({flag})"),
            None => label,
        };
        let Some(stats) = stats.filter(|_| generated.as_ref().is_ok_and(|o| o.status.success()))
        else {
            if let Ok(output) = &generated {
                eprintln!("{}", String::from_utf8_lossy(&output.stderr));
            }
            failed += 1;
            rows.push(Row {
                spec: spec_label,
                operations: "-".into(),
                skipped: "-".into(),
                generation_ms: "-".into(),
                peak_mib: "-".into(),
                inexact: "-".into(),
                check: "not generated",
                layout: "-",
                features: "-".into(),
                check_s: "-".into(),
                warnings: 0,
            });
            continue;
        };
        let layout = rustfmt_agrees(&out);
        let feature = if full {
            None
        } else {
            first_group_feature(&out.join("Cargo.toml"))
        };
        let mut command = crate::cargo(&out, &["check", "--message-format", "short"]);
        command.env("CARGO_TARGET_DIR", &target);
        if let Some(feature) = &feature {
            command.args(["--no-default-features", "--features", feature]);
        }
        let started = Instant::now();
        let check = command.output();
        let check_s = format!("{:.1}", started.elapsed().as_secs_f64());
        let (ok, warnings) = match &check {
            Ok(output) => {
                let stderr = String::from_utf8_lossy(&output.stderr);
                let problems: Vec<&str> = stderr
                    .lines()
                    .filter(|l| l.contains(": warning:") || l.contains(": error"))
                    .collect();
                for line in problems.iter().take(20) {
                    eprintln!("  {line}");
                }
                (
                    output.status.success(),
                    problems.iter().filter(|l| l.contains("warning")).count(),
                )
            }
            Err(_) => (false, 0),
        };
        if !ok || !layout {
            failed += 1;
        }
        let peak_kib: u64 = stat(&stats, "peak_kib")
            .and_then(|v| v.parse().ok())
            .unwrap_or(0);
        rows.push(Row {
            spec: spec_label,
            operations: stat(&stats, "operations").unwrap_or_default(),
            skipped: stat(&stats, "skipped").unwrap_or_default(),
            generation_ms: stat(&stats, "millis").unwrap_or_default(),
            peak_mib: format!("{:.0}", peak_kib as f64 / 1024.0),
            inexact: stat(&stats, "inexact_files").unwrap_or_default(),
            check: if ok { "ok" } else { "FAILED" },
            layout: if layout { "rustfmt's" } else { "DIFFERS" },
            features: feature.map_or_else(|| "all".to_owned(), |f| format!("only `{f}`")),
            check_s,
            warnings,
        });
    }
    println!("\n| spec | operations | skipped | generation (ms) | peak memory (MiB) | files rustfmt laid out | check | layout | features checked | check time (s) | warnings |");
    println!("|---|---|---|---|---|---|---|---|---|---|---|");
    for row in &rows {
        println!(
            "| {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |",
            row.spec,
            row.operations,
            row.skipped,
            row.generation_ms,
            row.peak_mib,
            row.inexact,
            row.check,
            row.layout,
            row.features,
            row.check_s,
            row.warnings
        );
    }
    println!("corpus: {} passed, {failed} failed", rows.len() - failed);
    if failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
