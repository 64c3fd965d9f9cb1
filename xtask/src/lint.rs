//! `cargo xtask lint`: lint the specs in specs/ with the committed `.oagen-lint.yaml`;
//! `cargo xtask bench-lint`: time `oagen lint` beside spectral and redocly on the big
//! specs of the shared corpus.

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::time::Instant;

use oagen::lint::cli::{Format, LintArgs};

/// The specs of specs/ (overlays are not specs).
pub fn project_specs(root: &Path) -> Vec<PathBuf> {
    let mut specs: Vec<PathBuf> = std::fs::read_dir(root.join("specs"))
        .into_iter()
        .flatten()
        .flatten()
        .map(|entry| entry.path())
        .filter(|path| {
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            (name.ends_with(".yaml") || name.ends_with(".yml") || name.ends_with(".json"))
                && !name.contains(".overlay.")
        })
        .filter_map(|path| path.strip_prefix(root).ok().map(Path::to_path_buf))
        .collect();
    specs.sort();
    specs
}

/// Lints the given specs, or every spec in specs/ with the repository's config.
pub fn run(
    root: &Path,
    specs: Vec<PathBuf>,
    format: Format,
    config: Option<PathBuf>,
    deny_warnings: bool,
    output: Option<PathBuf>,
) -> ExitCode {
    let ours = specs.is_empty();
    let specs = if ours {
        // Relative paths, so findings read `specs/keys.yaml:12:5` wherever the command is run.
        if let Err(error) = std::env::set_current_dir(root) {
            eprintln!("error: cannot enter {}: {error}", root.display());
            return ExitCode::from(2);
        }
        project_specs(Path::new("."))
    } else {
        specs
    };
    let config = config.or_else(|| ours.then(|| PathBuf::from(".oagen-lint.yaml")));
    let args = LintArgs {
        specs,
        format,
        config,
        no_config: false,
        deny_warnings,
        output,
        list_rules: false,
        allow_outside_refs: false,
    };
    oagen::lint::cli::run(&args)
}

/// One measured run: wall time, peak resident memory, and whether it could run at all.
struct Measured {
    seconds: f64,
    peak_mb: Option<f64>,
}

/// Runs `program args`, discarding its output, under `/usr/bin/time -v` when it exists.
fn measure(program: &Path, args: &[&str], envs: &[(&str, &str)]) -> Option<Measured> {
    let time = Path::new("/usr/bin/time");
    let mut command = if time.is_file() {
        let mut c = Command::new(time);
        c.arg("-v").arg(program);
        c
    } else {
        Command::new(program)
    };
    command
        .args(args)
        .envs(envs.iter().copied())
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    let started = Instant::now();
    let output = command.output().ok()?;
    let seconds = started.elapsed().as_secs_f64();
    let stderr = String::from_utf8_lossy(&output.stderr);
    let peak_mb = stderr
        .lines()
        .find_map(|l| l.trim().strip_prefix("Maximum resident set size (kbytes):"))
        .and_then(|kb| kb.trim().parse::<f64>().ok())
        .map(|kb| kb / 1024.0);
    Some(Measured { seconds, peak_mb })
}

/// The median of several runs (by wall time).
fn median(mut runs: Vec<Measured>) -> Option<Measured> {
    runs.sort_by(|a, b| a.seconds.total_cmp(&b.seconds));
    let middle = runs.len() / 2;
    runs.into_iter().nth(middle)
}

/// `cargo xtask bench-lint`: ours (release build), spectral and redocly, side by side.
pub fn bench(root: &Path, runs: usize) -> ExitCode {
    let Some(oagen) = crate::release_oagen(root) else {
        return ExitCode::FAILURE;
    };
    let target = crate::target_dir(root);
    let corpus = std::env::var_os("OAGEN_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("../shared/corpus"));
    let peers = root.join("tests/lint-peers");
    let spectral = peers.join("node_modules/.bin/spectral");
    let redocly = peers.join("node_modules/.bin/redocly");
    // Generator rules off: only the rules a general linter has, for a like-for-like row.
    let no_generator = target.join("oagen-lint-bench-no-generator.yaml");
    let _ = std::fs::write(
        &no_generator,
        "rules:\n  generator-unsupported: off\n  generator-warning: off\n",
    );
    let ruleset = peers.join(".spectral.yaml");
    println!("oagen lint benchmark: wall time and peak memory (one process per run; oagen: median of {runs}, after a warm-up run)\n");
    let mut failed = false;
    for spec in ["cloudflare/openapi.json", "github/api.github.com.json"] {
        let path = corpus.join(spec);
        if !path.is_file() {
            println!(
                "SKIPPED {spec}: not found under {} (set OAGEN_CORPUS)",
                corpus.display()
            );
            continue;
        }
        let path_text = path.to_string_lossy().into_owned();
        let ours_args = [
            "lint",
            "--no-config",
            "--format",
            "json",
            path_text.as_str(),
        ];
        let no_gen = no_generator.to_string_lossy().into_owned();
        let lean_args = [
            "lint",
            "--config",
            no_gen.as_str(),
            "--format",
            "json",
            path_text.as_str(),
        ];
        // One run first, not counted: right after the release build the first spec's
        // median came out up to half again slower than the same binary a minute later.
        let _ = measure(&oagen, &ours_args, &[]);
        let ours = median(
            (0..runs)
                .filter_map(|_| measure(&oagen, &ours_args, &[]))
                .collect(),
        );
        let lean = median(
            (0..runs)
                .filter_map(|_| measure(&oagen, &lean_args, &[]))
                .collect(),
        );
        let spectral_run = spectral.is_file().then(|| {
            let ruleset = ruleset.to_string_lossy().into_owned();
            measure(
                &spectral,
                &[
                    "lint",
                    "--ruleset",
                    ruleset.as_str(),
                    "--format",
                    "json",
                    "--quiet",
                    path_text.as_str(),
                ],
                &[],
            )
        });
        let redocly_run = redocly.is_file().then(|| {
            measure(
                &redocly,
                &[
                    "lint",
                    "--extends",
                    "recommended",
                    "--format",
                    "json",
                    path_text.as_str(),
                ],
                &[
                    ("REDOCLY_TELEMETRY", "off"),
                    ("REDOCLY_SUPPRESS_UPDATE_NOTICE", "true"),
                ],
            )
        });
        println!("{spec}");
        println!(
            "  {:<34} {:>9} {:>10} {:>14}",
            "tool", "wall (s)", "peak (MB)", "ours faster by"
        );
        let row = |name: &str, run: &Option<Measured>, ours: Option<&Measured>| match run {
            Some(m) => {
                let ratio = ours
                    .filter(|o| o.seconds > 0.0)
                    .map(|o| format!("{:.1}x", m.seconds / o.seconds))
                    .unwrap_or_default();
                let peak = m
                    .peak_mb
                    .map(|p| format!("{p:.0}"))
                    .unwrap_or_else(|| "n/a".into());
                println!("  {name:<34} {:>9.2} {peak:>10} {ratio:>14}", m.seconds);
            }
            None => println!("  {name:<34} {:>9} (could not run)", "-"),
        };
        row("oagen lint (all rules)", &ours, None);
        row("oagen lint (generator rules off)", &lean, None);
        for (name, peer) in [
            ("spectral 6.16 (spectral:oas)", &spectral_run),
            ("redocly 2.77 (recommended)", &redocly_run),
        ] {
            match peer {
                None => println!(
                    "  {name:<34} SKIPPED: not installed (npm ci --prefix tests/lint-peers)"
                ),
                Some(run) => row(name, run, ours.as_ref()),
            }
        }
        if let Some(m) = &ours {
            if m.peak_mb.is_some_and(|p| p >= 100.0) {
                println!("  note: oagen's peak memory is over the 100 MB target with all rules on");
            }
            for (name, peer, target) in [
                ("spectral", &spectral_run, 20.0),
                ("redocly", &redocly_run, 10.0),
            ] {
                if let Some(Some(p)) = peer {
                    let ratio = p.seconds / m.seconds;
                    if ratio < target {
                        println!("  note: {ratio:.1}x faster than {name}, short of the {target:.0}x target");
                        failed = true;
                    }
                }
            }
        }
        println!();
    }
    if failed {
        println!("bench-lint: a speed target was missed (see the notes above)");
    }
    ExitCode::SUCCESS
}
