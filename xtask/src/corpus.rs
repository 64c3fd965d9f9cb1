//! `cargo xtask corpus`: generate a client for every real-world spec in
//! ../shared/corpus/, `cargo check` each, and print a table.
//!
//! Generation runs the release `oagen` binary with `--stats`, so time and peak
//! memory are the generator's own. All crates share one target directory, so
//! their dependencies build once.

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
    check: &'static str,
    features: String,
    check_s: String,
    warnings: usize,
}

/// The spec files under `corpus`, sorted, leaving out extracts of other specs.
fn corpus_specs(corpus: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut pending = vec![corpus.to_path_buf()];
    while let Some(dir) = pending.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            if path.is_dir() {
                pending.push(path);
            } else if (name.ends_with(".json") || name.ends_with(".yaml"))
                && !name.contains(".extract.")
            {
                found.push(path);
            }
        }
    }
    found.sort();
    found
}

/// A crate name for a spec path: `cloudflare/openapi.json` → `corpus-cloudflare-openapi-json`.
fn crate_name(corpus: &Path, spec: &Path) -> String {
    let relative = spec
        .strip_prefix(corpus)
        .unwrap_or(spec)
        .to_string_lossy()
        .to_ascii_lowercase();
    let slug: String = relative
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    format!("corpus-{}", slug.trim_matches('-'))
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
    let corpus = root.join("../shared/corpus");
    if !corpus.is_dir() {
        eprintln!(
            "SKIPPED: cargo xtask corpus: {} is absent, so there is nothing to generate",
            corpus.display()
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
    for spec in corpus_specs(&corpus) {
        let name = crate_name(&corpus, &spec);
        let out = work.join(&name);
        let _ = std::fs::remove_dir_all(&out);
        eprintln!("==> {}", spec.display());
        let generated = Command::new(&oagen)
            .args([
                "generate",
                "--skip-unsupported",
                "--stats",
                "--no-rustfmt",
                "--name",
                &name,
                "--out",
            ])
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
        let spec_label = spec
            .strip_prefix(&corpus)
            .unwrap_or(&spec)
            .display()
            .to_string();
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
                check: "not generated",
                features: "-".into(),
                check_s: "-".into(),
                warnings: 0,
            });
            continue;
        };
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
        if !ok {
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
            check: if ok { "ok" } else { "FAILED" },
            features: feature.map_or_else(|| "all".to_owned(), |f| format!("only `{f}`")),
            check_s,
            warnings,
        });
    }
    println!("\n| spec | operations | skipped | generation (ms) | peak memory (MiB) | check | features checked | check time (s) | warnings |");
    println!("|---|---|---|---|---|---|---|---|---|");
    for row in &rows {
        println!(
            "| {} | {} | {} | {} | {} | {} | {} | {} | {} |",
            row.spec,
            row.operations,
            row.skipped,
            row.generation_ms,
            row.peak_mib,
            row.check,
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
