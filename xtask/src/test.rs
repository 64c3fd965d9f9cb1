//! `cargo xtask test`: every check CI runs, in one command.
//!
//! Each step is a command of its own; all steps run even after one fails, so a
//! single run shows everything that is wrong. The last line counts steps in the
//! `N passed, N failed` form.
//!
//! Before the steps, Prism (the mock server of the contract tests) is installed
//! into `tests/prism` when it is missing. Without Node.js and npm that is a failed
//! step in CI and a skip, printed in the summary, elsewhere.

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::Instant;

use crate::cargo;

/// One check: a name for the summary and the command that performs it.
struct Step {
    name: &'static str,
    command: Command,
}

/// What the contract tests' Prism needs before the steps run.
enum Prism {
    /// `tests/prism/node_modules/.bin/prism` is there already.
    Installed,
    /// Install it from `tests/prism/package-lock.json`.
    Install(Box<Step>),
    /// Node.js or npm is missing.
    Unavailable,
}

const PRISM_STEP: &str = "install Prism (npm ci --prefix tests/prism)";
const PRISM_SKIPPED: &str = "contract tests against Prism: Node.js/npm not found";

fn prism(root: &Path) -> Prism {
    if root.join("tests/prism/node_modules/.bin/prism").is_file() {
        return Prism::Installed;
    }
    let found = |tool: &str| {
        Command::new(tool)
            .arg("--version")
            .output()
            .is_ok_and(|output| output.status.success())
    };
    if !found("node") || !found("npm") {
        return Prism::Unavailable;
    }
    let mut command = Command::new("npm");
    command
        .current_dir(root)
        .args(["ci", "--prefix", "tests/prism", "--no-audit", "--no-fund"]);
    Prism::Install(Box::new(Step {
        name: PRISM_STEP,
        command,
    }))
}

/// The steps, in the order a failure is cheapest to find.
fn steps(root: &Path, target: &Path, vendored: &Vendored) -> Vec<Step> {
    let generated = root.join("generated");
    let in_generated = |args: &[&str]| {
        let mut command = cargo(&generated, args);
        // One target directory for everything, so dependencies build once.
        command.env("CARGO_TARGET_DIR", target);
        command
    };
    let mut doc = in_generated(&["doc", "--no-deps"]);
    doc.env("RUSTDOCFLAGS", "-D warnings");
    let mut tests = cargo(root, &["test", "--workspace"]);
    // A stale snapshot fails the run instead of being rewritten.
    tests.env("INSTA_UPDATE", "no");
    let vendored_build = |host: &Path| {
        let mut build = cargo(host, &["build", "--quiet"]);
        build.env("CARGO_TARGET_DIR", target);
        build
    };
    vec![
        Step {
            name: "format (workspace)",
            command: cargo(root, &["fmt", "--all", "--check"]),
        },
        Step {
            name: "generated/ is fresh",
            command: cargo(root, &["xtask", "codegen", "--check"]),
        },
        Step {
            // Our specs lint clean; exceptions are configured and explained in .oagen-lint.yaml.
            name: "lint specs/",
            command: cargo(root, &["xtask", "lint", "--deny-warnings"]),
        },
        Step {
            name: "clippy (workspace)",
            command: cargo(
                root,
                &[
                    "clippy",
                    "--workspace",
                    "--all-targets",
                    "--",
                    "-D",
                    "warnings",
                ],
            ),
        },
        Step {
            name: "tests (workspace)",
            command: tests,
        },
        Step {
            name: "format (generated)",
            command: in_generated(&["fmt", "--check"]),
        },
        Step {
            name: "build (generated)",
            command: in_generated(&["build"]),
        },
        Step {
            name: "clippy (generated)",
            command: in_generated(&[
                "clippy",
                "--all-targets",
                "--all-features",
                "--",
                "-D",
                "warnings",
            ]),
        },
        Step {
            name: "tests and doctests (generated)",
            command: in_generated(&["test"]),
        },
        Step {
            name: "docs (generated)",
            command: doc,
        },
        Step {
            name:
                "corpus: every entry point of ../shared/corpus and corpus-next generates and checks",
            command: cargo(root, &["xtask", "corpus"]),
        },
        Step {
            // Licenses, sources and duplicate versions, like `cargo deny check licenses bans sources`.
            name: "dependency tree (generated)",
            command: cargo(root, &["xtask", "deps"]),
        },
        Step {
            // A short, seeded pass, then two crates whose output holds the injection payload
            // built and tested; `cargo xtask fuzz --seconds N --seed S` runs longer.
            name: "fuzz the generator (45 s, then 2 crates built)",
            command: cargo(
                root,
                &["xtask", "fuzz", "--seconds", "45", "--compile", "2"],
            ),
        },
        Step {
            name: "vendored: a copy of generated/ builds in a workspace that excludes it",
            command: vendored_build(&vendored.excluded),
        },
        Step {
            name: "vendored: the SDK generated with --no-workspace builds as a workspace member",
            command: vendored_build(&vendored.member),
        },
    ]
}

/// Runs every step and prints a summary.
pub fn run(root: &Path) -> ExitCode {
    let target = crate::target_dir(root);
    let scratch = std::env::temp_dir().join(format!("altostrat-vendored-{}", std::process::id()));
    let vendored = match Vendored::set_up(root, &scratch) {
        Ok(vendored) => vendored,
        Err(error) => {
            eprintln!(
                "error: cannot set up the vendoring workspaces in {}: {error}",
                scratch.display()
            );
            let _ = std::fs::remove_dir_all(&scratch);
            return ExitCode::FAILURE;
        }
    };
    let mut failed = Vec::new();
    let mut skipped = Vec::new();
    let mut passed = 0;
    let mut install = None;
    match prism(root) {
        Prism::Installed => {}
        Prism::Install(step) => install = Some(*step),
        Prism::Unavailable if std::env::var_os("CI").is_some() => {
            eprintln!("\n==> {PRISM_STEP}");
            eprintln!(
                "error: Node.js and npm are needed to install Prism for the contract tests \
                 (tests/tests/contract_prism.rs); install them, then `npm ci --prefix tests/prism`"
            );
            eprintln!("<== {PRISM_STEP}: FAILED");
            failed.push(PRISM_STEP);
        }
        Prism::Unavailable => {
            eprintln!("\nSKIPPED: {PRISM_SKIPPED}");
            skipped.push(PRISM_SKIPPED);
        }
    }
    for mut step in install.into_iter().chain(steps(root, &target, &vendored)) {
        eprintln!("\n==> {}", step.name);
        let started = Instant::now();
        let ok = step.command.status().is_ok_and(|status| status.success());
        eprintln!(
            "<== {}: {} in {:.1?}",
            step.name,
            if ok { "ok" } else { "FAILED" },
            started.elapsed()
        );
        if ok {
            passed += 1;
        } else {
            failed.push(step.name);
        }
    }
    let _ = std::fs::remove_dir_all(&scratch);
    for name in &failed {
        eprintln!("failed: {name}");
    }
    for name in &skipped {
        eprintln!("SKIPPED: {name}");
    }
    if skipped.is_empty() {
        println!("xtask: {passed} passed, {} failed", failed.len());
    } else {
        println!(
            "xtask: {passed} passed, {} failed, {} skipped",
            failed.len(),
            skipped.len()
        );
    }
    if failed.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

/// Copies the crate's sources (not its build output) to `to`.
/// The two ways README tells users to vendor the SDK, each a fresh workspace whose
/// application calls it: a copy of generated/ (which has its own `[workspace]`) at a
/// path the host workspace excludes, and the SDK generated without a `[workspace]` as
/// a member of the host's.
struct Vendored {
    excluded: PathBuf,
    member: PathBuf,
}

impl Vendored {
    fn set_up(root: &Path, scratch: &Path) -> Result<Vendored, String> {
        let excluded = scratch.join("excluded");
        let member = scratch.join("member");
        copy_dir(&root.join("generated"), &excluded.join("vendor/altostrat"))
            .map_err(|e| format!("cannot copy generated/: {e}"))?;
        host_workspace(
            &excluded,
            r#"members = ["app"]
exclude = ["vendor/altostrat"]"#,
        )?;
        let config = oagen::Config {
            own_workspace: false,
            ..crate::codegen::sdk_config(root)
        };
        let generated = oagen::generate(&config).map_err(|diagnostics| {
            let first = diagnostics
                .first()
                .map(ToString::to_string)
                .unwrap_or_default();
            format!("the SDK did not generate: {first}")
        })?;
        oagen::write::write_tree(
            &member.join("vendor/altostrat"),
            &generated.files,
            oagen::write::Mode::Write,
        )
        .map_err(|e| format!("cannot write the SDK: {e}"))?;
        host_workspace(&member, r#"members = ["app", "vendor/altostrat"]"#)?;
        Ok(Vendored { excluded, member })
    }
}

/// A workspace at `dir` with `members` (TOML lines of its `[workspace]` table) and an
/// application `app` that depends on the SDK at `vendor/altostrat` and builds a client.
fn host_workspace(dir: &Path, members: &str) -> Result<(), String> {
    let write = |path: &str, text: &str| {
        let path = dir.join(path);
        std::fs::create_dir_all(path.parent().expect("a file in a folder"))
            .and_then(|()| std::fs::write(&path, text))
            .map_err(|e| format!("cannot write {}: {e}", path.display()))
    };
    write(
        "Cargo.toml",
        &format!("[workspace]\nresolver = \"2\"\n{members}\n"),
    )?;
    write(
        "app/Cargo.toml",
        "[package]\nname = \"app\"\nversion = \"0.1.0\"\nedition = \"2021\"\npublish = false\n\n[dependencies]\naltostrat = { path = \"../vendor/altostrat\" }\n",
    )?;
    write(
        "app/src/main.rs",
        "fn main() {\n    let client = altostrat::Client::builder().build().expect(\"a client\");\n    let _ = client.policies();\n}\n",
    )
}

fn copy_dir(from: &Path, to: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let name = entry.file_name();
        if name == "target" || name == "Cargo.lock" {
            continue;
        }
        let path = entry.path();
        if entry.file_type()?.is_dir() {
            copy_dir(&path, &to.join(&name))?;
        } else {
            std::fs::copy(&path, to.join(&name))?;
        }
    }
    Ok(())
}
