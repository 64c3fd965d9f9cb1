//! `cargo xtask bench-generators`: generate Oxide's, GitHub's, Cloudflare's and Stripe's
//! clients with oagen, progenitor and OpenAPI Generator side by side, then time `cargo check`
//! of every crate that was generated: ours with its default features (every group) and, when
//! it has group features, with one group's; the peers' with theirs. Stripe's spec is not in
//! the corpus today, and the run says so.
//!
//! Each crate's dependencies are built first, by checking a copy of its manifest with an empty
//! `lib.rs` in the same target directory, so the figures are of the crate alone.
//!
//! The peers are installed into tests/generator-peers/ (git-ignored) by
//! tests/generator-peers/install.sh when they are missing. A peer that cannot be installed is
//! reported as NOT MEASURED with the reason; a peer that fails or panics is reported as failed,
//! with its first error line and the time until it failed.
//!
//! OpenAPI Generator runs with `--skip-validate-spec`: its validation refuses Cloudflare's spec
//! (10 errors such as `components.schemas.workers-kv_query.default=<now> is not of type
//! date-time`) after about 4 s, before generating anything; oagen and progenitor do not validate
//! defaults this way either.
//!
//! Every child runs under `/usr/bin/time -v` (Debian's `time`, which the script installs when it
//! can), so wall time and peak resident memory are measured the same way for every tool; peak
//! memory is that of the largest process in the child's tree (the JVM for OpenAPI Generator,
//! rustc for `cargo check`). The 1-minute load average is printed beside each figure, since
//! other builds on the machine skew them.

use std::fs::File;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::time::Instant;

/// The specs measured: a short label and the path under the corpus.
const SPECS: [(&str, &str); 4] = [
    ("oxide", "oxide/nexus.json"),
    ("github", "github/api.github.com.json"),
    ("cloudflare", "cloudflare/openapi.json"),
    ("stripe", "stripe/spec3.json"),
];

/// Group features tried first for the single-feature check, in order: mid-sized groups.
const PREFERRED_FEATURES: [&str; 3] = ["dns_records", "dns_records_for_a_zone", "issues"];

/// The label of our rows.
const OURS: &str = "oagen (ours)";

/// The options of `cargo xtask bench-generators`.
pub struct Options {
    /// Runs of oagen per spec (the median is shown); the peers, being slow, run once.
    pub runs: usize,
    /// The group feature of the single-feature check (default: `dns_records` or the like).
    pub feature: Option<String>,
}

/// One measured child process.
struct Measured {
    ok: bool,
    seconds: f64,
    peak_mib: Option<f64>,
    /// The first error line when the child failed.
    error: String,
    /// Where its stdout and stderr went.
    log: PathBuf,
}

/// One row of the generation table.
struct Row {
    spec: &'static str,
    tool: &'static str,
    result: String,
    measured: Option<Measured>,
    load: String,
}

/// The 1-minute, 5-minute and 15-minute load averages.
fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .map(|text| {
            text.split_whitespace()
                .take(3)
                .collect::<Vec<_>>()
                .join(" ")
        })
        .unwrap_or_else(|| "unknown".to_owned())
}

fn time_available() -> bool {
    Path::new("/usr/bin/time").is_file()
}

/// The first line of `text` that reads as an error: a panic (with its message), an error or an
/// exception; else the last line.
fn first_error(text: &str) -> String {
    let lines: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    let found = lines.iter().enumerate().find_map(|(i, line)| {
        if line.contains("panicked at") {
            let message = lines.get(i + 1).copied().unwrap_or_default();
            return Some(format!("{line} {message}"));
        }
        let lower = line.to_ascii_lowercase();
        (lower.contains("error")
            || lower.contains("exception")
            || lower.starts_with("gen fail")
            || lower.starts_with("fatal"))
        .then(|| (*line).to_owned())
    });
    let mut line = found
        .or_else(|| lines.last().map(|l| (*l).to_owned()))
        .unwrap_or_default();
    // `/root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/typify-impl-0.8.0/src/..`
    // reads as `typify-impl-0.8.0/src/..`.
    while let Some(start) = line.find("/registry/src/") {
        let from = line[..start].rfind(' ').map_or(0, |space| space + 1);
        let rest = &line[start + "/registry/src/".len()..];
        let after = rest.find('/').map_or(rest.len(), |slash| slash + 1);
        line = format!("{}{}", &line[..from], &rest[after..]);
    }
    if line.chars().count() > 200 {
        format!("{}…", line.chars().take(200).collect::<String>())
    } else {
        line
    }
}

/// Runs `command` under `/usr/bin/time -v` (when present), its output going to `log`.
fn measure(command: Command, log: &Path) -> Measured {
    let time_file = log.with_extension("time");
    let _ = std::fs::remove_file(&time_file);
    let mut run = if time_available() {
        let mut timed = Command::new("/usr/bin/time");
        timed.arg("-v").arg("-o").arg(&time_file);
        timed.arg(command.get_program()).args(command.get_args());
        if let Some(dir) = command.get_current_dir() {
            timed.current_dir(dir);
        }
        for (key, value) in command.get_envs() {
            match value {
                Some(value) => timed.env(key, value),
                None => timed.env_remove(key),
            };
        }
        timed
    } else {
        command
    };
    let files = File::create(log).and_then(|out| Ok((out.try_clone()?, out)));
    let started = Instant::now();
    let status = match files {
        Ok((out, err)) => run.stdout(out).stderr(err).stdin(Stdio::null()).status(),
        Err(error) => Err(error),
    };
    let seconds = started.elapsed().as_secs_f64();
    let peak_mib = std::fs::read_to_string(&time_file).ok().and_then(|text| {
        text.lines()
            .find_map(|l| l.trim().strip_prefix("Maximum resident set size (kbytes):"))
            .and_then(|kib| kib.trim().parse::<f64>().ok())
            .map(|kib| kib / 1024.0)
    });
    let (ok, error) = match status {
        Ok(status) if status.success() => (true, String::new()),
        Ok(status) => {
            let text = std::fs::read_to_string(log).unwrap_or_default();
            let line = first_error(&text);
            (
                false,
                if line.is_empty() {
                    format!("exited with {status}")
                } else {
                    line
                },
            )
        }
        Err(error) => (false, format!("could not run: {error}")),
    };
    Measured {
        ok,
        seconds,
        peak_mib,
        error,
        log: log.to_path_buf(),
    }
}

/// The median run by wall time.
fn median(mut runs: Vec<Measured>) -> Option<Measured> {
    runs.sort_by(|a, b| a.seconds.total_cmp(&b.seconds));
    let middle = runs.len() / 2;
    runs.into_iter().nth(middle)
}

/// A `stats:` field from oagen's output.
fn stat(text: &str, key: &str) -> Option<String> {
    let line = text.lines().find(|l| l.starts_with("stats:"))?;
    line.split_whitespace()
        .find_map(|field| field.strip_prefix(&format!("{key}=")).map(str::to_owned))
}

/// How to run a peer generator.
enum Runner {
    /// `cargo-progenitor`, run as `cargo progenitor` would run it.
    Progenitor(PathBuf),
    /// The `openapi-generator-cli` entry script and the `pip --target` folder for PYTHONPATH.
    OpenApiGenerator { script: PathBuf, python: PathBuf },
}

impl Runner {
    /// The command generating a crate called `name` from `spec` into `out`.
    fn command(&self, spec: &Path, out: &Path, name: &str) -> Command {
        match self {
            Runner::Progenitor(binary) => {
                // What `cargo progenitor ...` runs, without cargo in between.
                let mut command = Command::new(binary);
                command
                    .arg("progenitor")
                    .arg("-i")
                    .arg(spec)
                    .arg("-o")
                    .arg(out)
                    .args(["-n", name, "-v", "0.1.0"]);
                command
            }
            Runner::OpenApiGenerator { script, python } => {
                let mut command = Command::new(script);
                command
                    .env("PYTHONPATH", python)
                    .arg("generate")
                    .arg("-i")
                    .arg(spec)
                    .args(["-g", "rust", "--skip-validate-spec", "-o"])
                    .arg(out);
                command
            }
        }
    }
}

/// A peer generator: how to run it, or why it cannot be measured.
struct Peer {
    tool: &'static str,
    slug: &'static str,
    runner: Result<Runner, String>,
}

/// Runs tests/generator-peers/install.sh and returns the peers, installed or not.
fn install_peers(root: &Path) -> Vec<Peer> {
    let peers = root.join("tests/generator-peers");
    let script = peers.join("install.sh");
    eprintln!("==> {} (installs missing peers)", script.display());
    let started = Instant::now();
    let output = Command::new("bash")
        .arg(&script)
        .current_dir(root)
        .stderr(Stdio::inherit())
        .output();
    let stdout = match &output {
        Ok(output) => String::from_utf8_lossy(&output.stdout).into_owned(),
        Err(error) => format!(
            "PEER-NOT-INSTALLED: all: cannot run {}: {error}",
            script.display()
        ),
    };
    for line in stdout.lines() {
        eprintln!("    {line}");
    }
    eprintln!(
        "<== peers ready in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    let reason = |tool: &str, binary: &Path| {
        stdout
            .lines()
            .find_map(|l| {
                l.strip_prefix("PEER-NOT-INSTALLED: ")
                    .filter(|rest| rest.starts_with(tool) || rest.starts_with("all:"))
                    .map(str::to_owned)
            })
            .unwrap_or_else(|| format!("{} is missing after the install script", binary.display()))
    };
    let progenitor = peers.join("cargo/bin/cargo-progenitor");
    let python = peers.join("python");
    let openapi_generator = python.join("bin/openapi-generator-cli");
    vec![
        Peer {
            tool: "progenitor 0.15.1",
            slug: "progenitor",
            runner: if progenitor.is_file() {
                Ok(Runner::Progenitor(progenitor))
            } else {
                Err(reason("progenitor", &progenitor))
            },
        },
        Peer {
            tool: "OpenAPI Generator 7.26 (rust, --skip-validate-spec)",
            slug: "openapi-generator",
            runner: if openapi_generator.is_file() {
                Ok(Runner::OpenApiGenerator {
                    script: openapi_generator,
                    python,
                })
            } else {
                Err(reason("openapi-generator", &openapi_generator))
            },
        },
    ]
}

/// The group features of a generated Cargo.toml (the crate's own features left out), in order.
fn group_features(manifest: &str) -> Vec<String> {
    let mut in_features = false;
    let mut features = Vec::new();
    for line in manifest.lines() {
        let line = line.trim();
        if line.starts_with('[') {
            in_features = line == "[features]";
            continue;
        }
        if !in_features || line.starts_with('#') {
            continue;
        }
        if let Some((name, _)) = line.split_once('=') {
            let name = name.trim();
            let own = [
                "default",
                "full",
                "webhook-payloads",
                "serde-both-ways",
                "tracing",
            ];
            if !name.is_empty() && !own.contains(&name) {
                features.push(name.to_owned());
            }
        }
    }
    features
}

fn fmt_seconds(seconds: f64) -> String {
    format!("{seconds:.2}")
}

fn fmt_mib(mib: Option<f64>) -> String {
    mib.map_or_else(|| "n/a".to_owned(), |m| format!("{m:.0}"))
}

/// Counts `warning:` and `error` lines of a `cargo check --message-format short` log.
fn diagnostics(log: &Path) -> (usize, usize) {
    let text = std::fs::read_to_string(log).unwrap_or_default();
    let warnings = text.lines().filter(|l| l.contains(": warning:")).count();
    let errors = text
        .lines()
        .filter(|l| l.contains(": error:") || l.contains(": error["))
        .count();
    (warnings, errors)
}

/// `cargo xtask bench-generators`.
pub fn run(root: &Path, options: &Options) -> ExitCode {
    let corpus = std::env::var_os("OAGEN_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("../shared/corpus"));
    if !corpus.is_dir() {
        eprintln!(
            "SKIPPED: cargo xtask bench-generators: {} is absent, so there is nothing to measure",
            corpus.display()
        );
        return ExitCode::SUCCESS;
    }
    eprintln!("load average at start: {}", load_average());
    let Some(oagen) = crate::release_oagen(root) else {
        return ExitCode::FAILURE;
    };
    let peers = install_peers(root);
    if !time_available() {
        eprintln!(
            "WARNING: /usr/bin/time is missing (Debian package `time`): peak memory is NOT MEASURED \
             for any tool; oagen's own --stats figure is shown for ours"
        );
    }
    let work = crate::target_dir(root).join("bench-generators");
    let logs = work.join("logs");
    if let Err(error) = std::fs::create_dir_all(&logs) {
        eprintln!("error: cannot create {}: {error}", logs.display());
        return ExitCode::FAILURE;
    }

    let mut rows: Vec<Row> = Vec::new();
    let mut ours_failed = false;
    let mut crates: Vec<Generated> = Vec::new();
    let mut absent = Vec::new();
    for (label, relative) in SPECS {
        let spec = corpus.join(relative);
        if !spec.is_file() {
            eprintln!(
                "!!! {label}: NOT MEASURED: {} is absent from the corpus",
                spec.display()
            );
            absent.push(format!("{label} ({relative})"));
            continue;
        }
        // Ours: the median of several runs.
        let name = format!("bench-{label}");
        let out = work.join(label).join("oagen");
        let mut runs = Vec::new();
        for run in 0..options.runs {
            let _ = std::fs::remove_dir_all(&out);
            let load = load_average();
            eprintln!("==> {label}: oagen, run {} (load {load})", run + 1);
            let mut command = Command::new(&oagen);
            command
                .args(["generate", "--skip-unsupported", "--stats"])
                .args(["--name", &name, "--out"])
                .arg(&out)
                .arg("--spec")
                .arg(&spec);
            let measured = measure(command, &logs.join(format!("{label}-oagen-{run}.log")));
            runs.push((measured, load));
        }
        let (ours, load) = {
            let mut loads: Vec<String> = runs.iter().map(|(_, l)| l.clone()).collect();
            loads.dedup();
            let median = median(runs.into_iter().map(|(m, _)| m).collect());
            (median, loads.first().cloned().unwrap_or_default())
        };
        let result = match &ours {
            Some(m) if m.ok => {
                let text = std::fs::read_to_string(&m.log).unwrap_or_default();
                let operations = stat(&text, "operations").unwrap_or_default();
                let skipped = stat(&text, "skipped").unwrap_or_default();
                if let (true, Some(kib)) = (
                    m.peak_mib.is_none(),
                    stat(&text, "peak_kib").and_then(|k| k.parse::<f64>().ok()),
                ) {
                    eprintln!("    oagen --stats peak: {:.0} MiB", kib / 1024.0);
                }
                crates.push(Generated {
                    spec: label,
                    tool: OURS,
                    dir: out.clone(),
                });
                format!(
                    "ok: {operations} operations, {skipped} skipped (median of {})",
                    options.runs
                )
            }
            Some(m) => {
                ours_failed = true;
                format!("FAILED after {:.2} s: {}", m.seconds, m.error)
            }
            None => {
                ours_failed = true;
                "not run".to_owned()
            }
        };
        rows.push(Row {
            spec: label,
            tool: OURS,
            result,
            measured: ours,
            load,
        });

        for peer in &peers {
            match &peer.runner {
                Err(reason) => {
                    eprintln!(
                        "!!! {label}: {} NOT MEASURED: it is not installed: {reason}",
                        peer.tool
                    );
                    rows.push(Row {
                        spec: label,
                        tool: peer.tool,
                        result: format!("NOT MEASURED (not installed: {reason})"),
                        measured: None,
                        load: load_average(),
                    });
                }
                Ok(runner) => {
                    let slug = peer.slug;
                    let out = work.join(label).join(slug);
                    let _ = std::fs::remove_dir_all(&out);
                    let load = load_average();
                    eprintln!("==> {label}: {} (load {load})", peer.tool);
                    let measured = measure(
                        runner.command(&spec, &out, &name),
                        &logs.join(format!("{label}-{slug}.log")),
                    );
                    let result = if measured.ok {
                        crates.push(Generated {
                            spec: label,
                            tool: peer.tool,
                            dir: out.clone(),
                        });
                        "ok".to_owned()
                    } else {
                        format!("FAILED after {:.2} s: {}", measured.seconds, measured.error)
                    };
                    eprintln!("<== {label}: {}: {result}", peer.tool);
                    rows.push(Row {
                        spec: label,
                        tool: peer.tool,
                        result,
                        measured: Some(measured),
                        load,
                    });
                }
            }
        }
    }

    println!("\n## Generation (one run per peer; ours: median)\n");
    println!(
        "| spec | tool | result | wall time (s) | peak memory (MiB) | ours faster by | ours uses less memory by | load avg (1/5/15 min) |"
    );
    println!("|---|---|---|---|---|---|---|---|");
    for row in &rows {
        let ours = rows
            .iter()
            .find(|r| r.spec == row.spec && r.tool == OURS)
            .and_then(|r| r.measured.as_ref())
            .filter(|m| m.ok);
        let (time_ratio, memory_ratio) = match (&row.measured, ours) {
            (Some(m), Some(o)) if m.ok && row.tool != OURS => (
                format!("{:.1}×", m.seconds / o.seconds),
                match (m.peak_mib, o.peak_mib) {
                    (Some(peer), Some(ours)) => format!("{:.1}×", peer / ours),
                    _ => "n/a".to_owned(),
                },
            ),
            (Some(m), _) if !m.ok => ("- (peer failed)".to_owned(), "- (peer failed)".to_owned()),
            _ => ("-".to_owned(), "-".to_owned()),
        };
        println!(
            "| {} | {} | {} | {} | {} | {} | {} | {} |",
            row.spec,
            row.tool,
            row.result.replace('|', "\\|"),
            row.measured
                .as_ref()
                .map_or_else(|| "-".to_owned(), |m| fmt_seconds(m.seconds)),
            row.measured
                .as_ref()
                .map_or_else(|| "-".to_owned(), |m| fmt_mib(m.peak_mib)),
            time_ratio,
            memory_ratio,
            row.load
        );
    }
    for row in &rows {
        if row.result.starts_with("NOT MEASURED") {
            println!(
                "\n!!! {} on {} was NOT MEASURED: {}",
                row.tool, row.spec, row.result
            );
        }
    }
    for spec in &absent {
        println!("\n!!! {spec} was NOT MEASURED by any tool: the spec is absent from the corpus");
    }
    println!(
        "\nOpenAPI Generator runs with --skip-validate-spec: without it, it refuses Cloudflare's spec \
         (SpecValidationException, 10 errors about `default` values) after about 4 s."
    );
    println!("logs: {}", logs.display());

    let check_ok = check_crates(&crates, &work, &logs, options.feature.as_deref());
    println!("\nload average at end: {}", load_average());
    if ours_failed || !check_ok {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

/// A crate one tool generated from one spec.
struct Generated {
    spec: &'static str,
    tool: &'static str,
    dir: PathBuf,
}

/// One `cargo check` to time: a crate and the features it is checked with.
struct CheckCase<'g> {
    krate: &'g Generated,
    /// How the features read in the table.
    features: String,
    args: Vec<String>,
}

/// The cases for `krate`: ours with its default features and, when it has group
/// features, with one group's (`wanted`, else a mid-sized one); a peer's with its defaults.
fn check_cases<'g>(krate: &'g Generated, wanted: Option<&str>) -> Vec<CheckCase<'g>> {
    let mut cases = vec![CheckCase {
        krate,
        features: "default".to_owned(),
        args: Vec::new(),
    }];
    if krate.tool != OURS {
        return cases;
    }
    let manifest = std::fs::read_to_string(krate.dir.join("Cargo.toml")).unwrap_or_default();
    let features = group_features(&manifest);
    if let Some(wanted) = wanted.filter(|w| !features.iter().any(|f| f == w)) {
        println!(
            "\n!!! {}: the crate has no feature `{wanted}`; another group is checked",
            krate.spec
        );
    }
    let chosen = wanted
        .into_iter()
        .chain(PREFERRED_FEATURES)
        .find(|p| features.iter().any(|f| f == p))
        .map(str::to_owned)
        .or_else(|| features.first().cloned());
    if let Some(chosen) = chosen {
        cases.push(CheckCase {
            krate,
            features: format!("one group: {chosen}"),
            args: vec![
                "--no-default-features".to_owned(),
                "--features".to_owned(),
                chosen,
            ],
        });
    }
    cases
}

/// Builds the dependencies `args` need for the crate in `dir`, by checking a copy of its
/// manifest (and lock file) with an empty `lib.rs` in the same target directory, so that a
/// check of the crate afterwards compiles the crate alone.
fn warm_dependencies(
    dir: &Path,
    warm: &Path,
    target: &Path,
    args: &[String],
    log: &Path,
) -> Measured {
    let _ = std::fs::remove_dir_all(warm);
    let copied = std::fs::create_dir_all(warm.join("src"))
        .and_then(|()| std::fs::write(warm.join("src/lib.rs"), ""))
        .and_then(|()| std::fs::read_to_string(dir.join("Cargo.toml")))
        .and_then(|manifest| std::fs::write(warm.join("Cargo.toml"), renamed(&manifest)));
    if let Err(error) = copied {
        return Measured {
            ok: false,
            seconds: 0.0,
            peak_mib: None,
            error: format!("cannot copy the manifest: {error}"),
            log: log.to_path_buf(),
        };
    }
    let _ = std::fs::copy(dir.join("Cargo.lock"), warm.join("Cargo.lock"));
    let mut command = crate::cargo(warm, &["check", "--message-format", "short"]);
    command
        .env("CARGO_TARGET_DIR", target)
        .env("CARGO_INCREMENTAL", "0")
        .args(args);
    measure(command, log)
}

/// `manifest` with its package renamed. Cargo names a path package's build by its
/// name and version, not its folder, so a copy under the same name would leave a
/// fresh-looking build of the empty `lib.rs` that the crate's own check then reuses.
fn renamed(manifest: &str) -> String {
    let mut in_package = false;
    let mut done = false;
    let mut out = String::new();
    for line in manifest.lines() {
        let trimmed = line.trim();
        if trimmed.starts_with('[') {
            in_package = trimmed == "[package]";
        }
        let is_name = trimmed.split('=').next().map(str::trim) == Some("name");
        if in_package && !done && is_name {
            out.push_str("name = \"oagen-bench-dependencies\"\n");
            done = true;
        } else {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

/// A peer's crate is generated inside this repository's target directory, so cargo
/// would take it for a member of the project's workspace; a `[workspace]` table of its
/// own makes it a workspace by itself, as ours are.
fn own_workspace(dir: &Path) {
    let manifest = dir.join("Cargo.toml");
    if let Ok(text) = std::fs::read_to_string(&manifest) {
        if !text.lines().any(|l| l.trim() == "[workspace]") {
            let _ = std::fs::write(&manifest, format!("{text}\n[workspace]\n"));
        }
    }
}

/// Times `cargo check` of every generated crate (see [`check_cases`]), each after its
/// dependencies are built, and prints the table, with each crate's figure beside ours.
fn check_crates(crates: &[Generated], work: &Path, logs: &Path, wanted: Option<&str>) -> bool {
    let target = work.join("check-target");
    let mut all_ok = true;
    let mut results: Vec<(CheckCase, Measured, String)> = Vec::new();
    for krate in crates {
        own_workspace(&krate.dir);
        for case in check_cases(krate, wanted) {
            let slug = format!(
                "check-{}-{}-{}",
                krate.spec,
                krate.tool.split_whitespace().next().unwrap_or("tool"),
                results.len()
            );
            let warm_dir = work.join("warm").join(&slug);
            eprintln!(
                "==> cargo check {} / {} ({}): building dependencies (not counted; load {})",
                krate.spec,
                krate.tool,
                case.features,
                load_average()
            );
            let warm = warm_dependencies(
                &krate.dir,
                &warm_dir,
                &target,
                &case.args,
                &logs.join(format!("{slug}-warm.log")),
            );
            if !warm.ok {
                println!(
                    "\n!!! {} / {}: the dependencies did not build on their own ({}); its figure includes them",
                    krate.spec, krate.tool, warm.error
                );
            }
            let load = load_average();
            eprintln!(
                "==> cargo check {} / {} ({}) (load {load})",
                krate.spec, krate.tool, case.features
            );
            let mut command = crate::cargo(&krate.dir, &["check", "--message-format", "short"]);
            command
                .env("CARGO_TARGET_DIR", &target)
                // A full check of the crate every time, whatever an earlier run left behind.
                .env("CARGO_INCREMENTAL", "0")
                .args(&case.args);
            let mut measured = measure(command, &logs.join(format!("{slug}.log")));
            let log = std::fs::read_to_string(&measured.log).unwrap_or_default();
            if measured.ok && !log.contains("Checking ") {
                // A figure of a build cargo found fresh would be no figure at all.
                measured.ok = false;
                measured.error = "cargo checked nothing: it found the crate fresh".to_owned();
            }
            eprintln!(
                "<== {}: {:.1} s",
                if measured.ok { "ok" } else { "FAILED" },
                measured.seconds
            );
            all_ok &= measured.ok || krate.tool != OURS;
            results.push((case, measured, load));
        }
    }
    println!(
        "\n## cargo check of each generated crate (dependencies prebuilt in {}, not counted; \
         CARGO_INCREMENTAL=0; peak memory is the largest rustc)\n",
        target.display()
    );
    println!("| spec | tool | features | result | time (s) | peak memory (MiB) | time vs ours | memory vs ours | warnings | errors | load avg (1/5/15 min) |");
    println!("|---|---|---|---|---|---|---|---|---|---|---|");
    for (case, measured, load) in &results {
        let (warnings, errors) = diagnostics(&measured.log);
        let ours = results
            .iter()
            .find(|(c, m, _)| {
                c.krate.spec == case.krate.spec && c.krate.tool == OURS && c.args.is_empty() && m.ok
            })
            .map(|(_, m, _)| m);
        let (time_ratio, memory_ratio) = match ours {
            Some(o) if case.krate.tool != OURS && measured.ok => (
                format!("{:.1}×", measured.seconds / o.seconds),
                match (measured.peak_mib, o.peak_mib) {
                    (Some(peer), Some(ours)) => format!("{:.1}×", peer / ours),
                    _ => "n/a".to_owned(),
                },
            ),
            _ => ("-".to_owned(), "-".to_owned()),
        };
        println!(
            "| {} | {} | {} | {} | {} | {} | {time_ratio} | {memory_ratio} | {warnings} | {errors} | {load} |",
            case.krate.spec,
            case.krate.tool,
            case.features,
            if measured.ok {
                "ok".to_owned()
            } else {
                format!("FAILED: {}", measured.error.replace('|', "\\|"))
            },
            fmt_seconds(measured.seconds),
            fmt_mib(measured.peak_mib),
        );
    }
    all_ok
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_reads_as_its_location_and_message() {
        let log = "\nthread 'main' (27566) panicked at /root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/typify-impl-0.8.0/src/convert.rs:788:36:\nnot yet implemented: invalid (or unexpected) schema:\n{...}";
        assert_eq!(
            first_error(log),
            "thread 'main' (27566) panicked at typify-impl-0.8.0/src/convert.rs:788:36: \
             not yet implemented: invalid (or unexpected) schema:"
        );
        assert_eq!(
            first_error("INFO fine\nException in thread \"main\" java.lang.Oops\n\tat x"),
            "Exception in thread \"main\" java.lang.Oops"
        );
    }

    #[test]
    fn the_dependencies_copy_is_another_package() {
        let manifest =
            "[package]\nname = \"github\"\nversion = \"0.1.0\"\n\n[dependencies]\nname = \"1\"\n";
        assert_eq!(
            renamed(manifest),
            "[package]\nname = \"oagen-bench-dependencies\"\nversion = \"0.1.0\"\n\n[dependencies]\nname = \"1\"\n"
        );
    }

    #[test]
    fn group_features_leave_out_the_crate_s_own_features() {
        let manifest = "[package]\nname = \"x\"\n[features]\n# groups\ndefault = [\"full\"]\nfull = [\"a\", \"b\"]\na = []\nb = []\nwebhook-payloads = []\nserde-both-ways = []\ntracing = [\"dep:tracing\"]\n[dependencies]\nc = \"1\"\n";
        assert_eq!(group_features(manifest), ["a", "b"]);
    }
}
