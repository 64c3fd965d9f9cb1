//! The hostile corpus: every spec in `tests/hostile/`, plus a few too big to commit (made here),
//! each attacking the generator in one way. The comment that opens each file (or its
//! `x-hostile` string, for JSON) says what it attacks and, on its `Expect:` line, what must happen:
//!
//! - `Expect: compiles`: generation succeeds (with and without `skip_unsupported`), every file
//!   lands inside the output directory, and the crate passes `cargo clippy -D warnings`;
//!   `compiles, docs` adds `cargo test --doc` and `cargo doc` with rustdoc warnings denied.
//! - `Expect: diagnostic RULE [POINTER]`: generation fails with an error of that rule at that
//!   JSON pointer, and never panics.
//!
//! All crates that must compile are generated into one temporary workspace and checked with one
//! `cargo clippy --keep-going`, sharing the project's target directory and lock file.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::fs;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};

use oagen::write::{write_tree, Mode};
use oagen::{Config, Diagnostic};
use serde_json::{json, Value};
use tests::{cargo, project_root, target_dir};

/// Specs that still fail, each with the fix it waits for. The test fails if one of them starts
/// passing, so the entry is removed with the fix.
const KNOWN_FAILURES: &[(&str, &str)] = &[];

#[derive(Debug, Clone, PartialEq)]
enum Expect {
    Compiles {
        docs: bool,
    },
    Diagnostic {
        rule: String,
        pointer: Option<String>,
    },
}

#[derive(Debug)]
struct Case {
    name: String,
    spec: PathBuf,
    expect: Expect,
}

fn parse_expect(text: &str) -> Expect {
    let words: Vec<&str> = text.split([' ', ',']).filter(|w| !w.is_empty()).collect();
    match words.as_slice() {
        ["compiles", rest @ ..] => Expect::Compiles {
            docs: rest.contains(&"docs"),
        },
        ["diagnostic", rule, rest @ ..] => Expect::Diagnostic {
            rule: (*rule).to_owned(),
            pointer: rest.first().map(|p| (*p).to_owned()),
        },
        _ => panic!("an `Expect:` line reads `compiles[, docs]` or `diagnostic RULE [POINTER]`, not `{text}`"),
    }
}

/// The expectation a committed spec states about itself.
fn expectation(path: &Path) -> Expect {
    let text = fs::read_to_string(path).expect("a hostile spec is readable");
    if path.extension().is_some_and(|e| e == "json") {
        let value: Value = serde_json::from_str(&text).unwrap_or_default();
        let note = value["x-hostile"].as_str().unwrap_or_else(|| {
            panic!(
                "{}: a JSON spec opens with an `x-hostile` string",
                path.display()
            )
        });
        let (_, expect) = note
            .split_once("Expect: ")
            .unwrap_or_else(|| panic!("{}: `x-hostile` has no `Expect: `", path.display()));
        return parse_expect(expect);
    }
    assert!(
        text.starts_with("# Attacks: "),
        "{}: a hostile spec opens with `# Attacks: `",
        path.display()
    );
    let line = text
        .lines()
        .take_while(|l| l.starts_with('#'))
        .find_map(|l| l.strip_prefix("# Expect: "))
        .unwrap_or_else(|| {
            panic!(
                "{}: no `# Expect: ` line in the opening comment",
                path.display()
            )
        });
    parse_expect(line)
}

fn committed_cases() -> Vec<Case> {
    tests::specs_in(&project_root().join("tests/hostile"))
        .into_iter()
        .map(|spec| Case {
            name: spec
                .file_name()
                .expect("a file name")
                .to_string_lossy()
                .replace('.', "-"),
            expect: expectation(&spec),
            spec,
        })
        .collect()
}

fn info(title: &str) -> Value {
    json!({"title": title, "version": "1"})
}

/// A JSON spec with `schemas` as its only components.
fn with_schemas(title: &str, schemas: Value) -> Value {
    json!({
        "openapi": "3.0.3",
        "info": info(title),
        "servers": [{"url": "https://h.example.com"}],
        "paths": {},
        "components": {"schemas": schemas}
    })
}

/// Specs too large to commit, written into `dir`.
fn synthetic_cases(dir: &Path) -> Vec<Case> {
    let mut cases = Vec::new();
    let mut add = |name: &str, text: String, expect: Expect| {
        let spec = dir.join(name);
        fs::write(&spec, text).expect("a synthetic spec can be written");
        cases.push(Case {
            name: format!("synthetic-{}", name.replace('.', "-")),
            spec,
            expect,
        });
    };
    let compiles = Expect::Compiles { docs: false };

    // Inline objects nested 5000 deep, in JSON and in YAML (flow style): the parsers' depth
    // limits must turn them into a diagnostic, never a stack overflow.
    let mut deep = json!({"type": "string"});
    let mut deep_text = String::from(r#"{"type":"string"}"#);
    for _ in 0..5000 {
        deep_text = format!(r#"{{"type":"object","properties":{{"a":{deep_text}}}}}"#);
    }
    let deep_spec = format!(
        r#"{{"openapi":"3.0.3","info":{{"title":"Deep","version":"1"}},"paths":{{}},"components":{{"schemas":{{"Deep":{deep_text}}}}}}}"#
    );
    add(
        "deep-5000.json",
        deep_spec.clone(),
        Expect::Diagnostic {
            rule: "nesting-too-deep".into(),
            pointer: Some(String::new()),
        },
    );
    add(
        "deep-5000.yaml",
        format!("# Attacks: nesting 5000 deep.\n{deep_spec}\n"),
        Expect::Diagnostic {
            rule: "nesting-too-deep".into(),
            pointer: Some(String::new()),
        },
    );
    // As deep as the parsers allow: 60 nested inline objects become 60 nested types.
    for _ in 0..60 {
        deep = json!({"type": "object", "properties": {"a": deep}});
    }
    add(
        "deep-60.json",
        with_schemas("Deep", json!({ "Deep": deep })).to_string(),
        compiles.clone(),
    );

    // Chains of aliases (S0 -> S1 -> ... -> a string): 60 links resolve; 5000 links stop at the
    // resolver's bound with a diagnostic, never a stack overflow or a hang.
    for (links, expect) in [
        (60, compiles.clone()),
        (
            5000,
            Expect::Diagnostic {
                rule: "ref-chain-too-long".into(),
                pointer: Some("/components/schemas/Holder/properties/s/$ref".into()),
            },
        ),
    ] {
        let mut aliases = serde_json::Map::new();
        for i in 0..links {
            aliases.insert(
                format!("S{i}"),
                json!({"$ref": format!("#/components/schemas/S{}", i + 1)}),
            );
        }
        aliases.insert(format!("S{links}"), json!({"type": "string"}));
        aliases.insert(
            "Holder".into(),
            json!({"type": "object", "properties": {"s": {"$ref": "#/components/schemas/S0"}}}),
        );
        add(
            &format!("ref-chain-{links}.json"),
            with_schemas("Chain", Value::Object(aliases)).to_string(),
            expect,
        );
    }
    let mut structs = serde_json::Map::new();
    for i in 0..100 {
        structs.insert(
            format!("N{i}"),
            json!({"type": "object", "required": ["next"], "properties": {"next": {"$ref": format!("#/components/schemas/N{}", (i + 1) % 100)}}}),
        );
    }
    add(
        "struct-ring-100.json",
        with_schemas("Ring", Value::Object(structs)).to_string(),
        compiles.clone(),
    );

    // An enum of 10,000 values, some differing only in case or punctuation.
    let values: Vec<String> = (0..10_000)
        .map(|i| match i % 4 {
            0 => format!("value-{i}"),
            1 => format!("VALUE_{}", i - 1),
            2 => format!("Value {i}"),
            _ => format!("{i}"),
        })
        .collect();
    add(
        "enum-10000.json",
        with_schemas("Enum", json!({"Huge": {"type": "string", "enum": values}})).to_string(),
        compiles.clone(),
    );

    // A 10 MB description, with markdown, fences and HTML scattered through it.
    let chunk = "Lorem ipsum <b>dolor</b> [sit](https://x.example) amet, `a[0]` */ #[x]\n```rust\npanic!()\n```\n";
    let description = chunk.repeat(10 * 1024 * 1024 / chunk.len() + 1);
    add(
        "description-10mb.json",
        with_schemas(
            "Big docs",
            json!({"Doc": {"type": "object", "description": description, "properties": {"a": {"type": "string", "description": description}}}}),
        )
        .to_string(),
        compiles.clone(),
    );

    // Names 5000 characters long.
    let long = "a".repeat(5000);
    add(
        "long-names.json",
        json!({
            "openapi": "3.0.3",
            "info": info(&long),
            "servers": [{"url": "https://h.example.com"}],
            "paths": {format!("/{long}/{{{long}}}"): {"get": {
                "operationId": long, "tags": [long],
                "parameters": [{"name": long, "in": "path", "required": true, "schema": {"type": "string"}}],
                "responses": {"200": {"description": "ok"}}
            }}},
            "components": {"schemas": {long.clone(): {"type": "object", "properties": {long.clone(): {"type": "string", "enum": [long]}}}}}
        })
        .to_string(),
        compiles,
    );
    cases
}

fn config(spec: &Path, name: &str, skip_unsupported: bool) -> Config {
    Config {
        crate_name: format!("hostile-{name}"),
        own_workspace: false,
        skip_unsupported,
        ..Config::new(vec![spec.to_path_buf()], "hostile test")
    }
}

fn describe(diagnostics: &[Diagnostic]) -> String {
    diagnostics
        .iter()
        .map(|d| {
            format!(
                "  {}[{}] at `{}`: {}",
                if d.is_error() { "error" } else { "warning" },
                d.rule,
                d.pointer,
                d.message
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Every file path under `root`, relative, with `/` separators.
fn files_under(root: &Path) -> Vec<String> {
    let mut found = Vec::new();
    let mut pending = vec![root.to_path_buf()];
    while let Some(dir) = pending.pop() {
        for entry in fs::read_dir(&dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                pending.push(path);
            } else {
                found.push(
                    path.strip_prefix(root)
                        .expect("under the root")
                        .to_string_lossy()
                        .replace('\\', "/"),
                );
            }
        }
    }
    found.sort();
    found
}

/// Runs a cargo command in the hostile workspace; returns the errors per crate and the raw
/// stderr when the command failed without blaming a crate.
fn cargo_in(
    workspace: &Path,
    target: &Path,
    args: &[&str],
    rustdocflags: bool,
) -> (BTreeMap<String, Vec<String>>, Option<String>) {
    let mut command = cargo();
    command
        .current_dir(workspace)
        .env("CARGO_TARGET_DIR", target)
        .args(args);
    if rustdocflags {
        command.env("RUSTDOCFLAGS", "-D warnings");
    }
    let output = command.output().expect("cargo can be started");
    let mut errors: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for line in String::from_utf8_lossy(&output.stdout).lines() {
        let Ok(message) = serde_json::from_str::<Value>(line) else {
            continue;
        };
        if message["reason"] == "compiler-message" && message["message"]["level"] == "error" {
            let package = message["package_id"].as_str().unwrap_or_default();
            let name = package
                .split('#')
                .nth(1)
                .and_then(|p| p.split('@').next())
                .unwrap_or(package)
                .to_owned();
            errors.entry(name).or_default().push(
                message["message"]["rendered"]
                    .as_str()
                    .unwrap_or_default()
                    .chars()
                    .take(2000)
                    .collect(),
            );
        }
    }
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    let unexplained = (!output.status.success() && errors.is_empty()).then_some(stderr);
    (errors, unexplained)
}

#[test]
fn hostile_specs_compile_or_are_diagnosed() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let synthetic = dir.path().join("synthetic");
    fs::create_dir_all(&synthetic).expect("a directory for synthetic specs");
    let workspace = dir.path().join("sandbox/workspace");
    let crates_dir = workspace.join("crates");
    fs::create_dir_all(&crates_dir).expect("the workspace directory");

    let mut cases = committed_cases();
    let committed = cases.len();
    assert!(
        committed >= 40,
        "the corpus holds {committed} specs; at least 40 are wanted"
    );
    cases.extend(synthetic_cases(&synthetic));

    let mut failures: Vec<String> = Vec::new();
    let mut diagnosed = 0;
    let mut to_compile: Vec<(String, bool)> = Vec::new();
    for case in &cases {
        let run = |skip: bool| {
            catch_unwind(AssertUnwindSafe(|| {
                oagen::generate(&config(&case.spec, &case.name, skip))
            }))
        };
        let (strict, lenient) = (run(false), run(true));
        let (Ok(strict), Ok(lenient)) = (strict, lenient) else {
            failures.push(format!("{}: the generator panicked", case.name));
            continue;
        };
        match (&case.expect, strict) {
            (Expect::Compiles { docs }, Ok(generated)) => {
                let out = crates_dir.join(&case.name);
                for file in &generated.files {
                    let plain = !file.path.is_empty()
                        && !file.path.starts_with('/')
                        && !file.path.contains('\\')
                        && !file.path.contains(':')
                        && file
                            .path
                            .split('/')
                            .all(|part| !part.is_empty() && part != "." && part != "..");
                    if !plain {
                        failures.push(format!(
                            "{}: generated a file at `{}`",
                            case.name, file.path
                        ));
                    }
                }
                if let Err(error) = write_tree(&out, &generated.files, Mode::Write) {
                    failures.push(format!("{}: writing failed: {error}", case.name));
                    continue;
                }
                let lib = fs::read_to_string(out.join("src/lib.rs")).unwrap_or_default();
                if !lib.contains("#![forbid(unsafe_code)]") {
                    failures.push(format!(
                        "{}: lib.rs lacks #![forbid(unsafe_code)]",
                        case.name
                    ));
                }
                to_compile.push((case.name.clone(), *docs));
            }
            (Expect::Compiles { .. }, Err(diagnostics)) => failures.push(format!(
                "{}: expected a crate, got diagnostics:\n{}",
                case.name,
                describe(&diagnostics)
            )),
            (Expect::Diagnostic { rule, pointer }, Err(diagnostics)) => {
                let found = diagnostics.iter().any(|d| {
                    d.is_error()
                        && d.rule == rule
                        && pointer.as_ref().is_none_or(|p| d.pointer == *p)
                });
                if found {
                    diagnosed += 1;
                } else {
                    failures.push(format!(
                        "{}: expected error[{rule}] at {pointer:?}, got:\n{}",
                        case.name,
                        describe(&diagnostics)
                    ));
                }
            }
            (Expect::Diagnostic { rule, pointer }, Ok(generated)) => failures.push(format!(
                "{}: expected error[{rule}] at {pointer:?}, but it generated (warnings:\n{})",
                case.name,
                describe(&generated.warnings)
            )),
        }
        // Skipping what is unsupported must never turn a rejected spec into a panic either.
        drop(lenient);
    }

    // Nothing may have been written outside the crates' own directories.
    for file in files_under(&dir.path().join("sandbox")) {
        let inside = to_compile
            .iter()
            .any(|(name, _)| file.starts_with(&format!("workspace/crates/{name}/")));
        if !inside {
            failures.push(format!(
                "a file was written outside every output directory: {file}"
            ));
        }
    }
    assert!(
        !Path::new("/tmp/oagen-escape").exists(),
        "a title escaped the output directory"
    );

    // One workspace, one clippy run for every crate that must compile.
    let members: Vec<String> = to_compile
        .iter()
        .map(|(name, _)| format!("\"crates/{name}\""))
        .collect();
    fs::write(
        workspace.join("Cargo.toml"),
        format!(
            "[workspace]\nresolver = \"2\"\nmembers = [{}]\n",
            members.join(", ")
        ),
    )
    .expect("the workspace manifest");
    fs::copy(
        project_root().join("Cargo.lock"),
        workspace.join("Cargo.lock"),
    )
    .expect("the lock file");
    let target = target_dir();
    let mut broken: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let (errors, unexplained) = cargo_in(
        &workspace,
        &target,
        &[
            "clippy",
            "--workspace",
            "--all-targets",
            "--keep-going",
            "--offline",
            "--message-format=json",
            "--",
            "-D",
            "warnings",
        ],
        false,
    );
    broken.extend(errors);
    if let Some(stderr) = unexplained {
        failures.push(format!(
            "cargo clippy failed without naming a crate:\n{stderr}"
        ));
    }
    let doc_crates: Vec<String> = to_compile
        .iter()
        .filter(|(name, docs)| *docs && !broken.contains_key(&format!("hostile-{name}")))
        .flat_map(|(name, _)| ["-p".to_owned(), format!("hostile-{name}")])
        .collect();
    if !doc_crates.is_empty() {
        for (args, rustdoc) in [
            (["test", "--doc", "--no-fail-fast"].as_slice(), false),
            (["doc", "--no-deps", "--keep-going"].as_slice(), true),
        ] {
            let mut args: Vec<&str> = args.to_vec();
            args.extend(["--offline", "--message-format=json"]);
            args.extend(doc_crates.iter().map(String::as_str));
            let (errors, unexplained) = cargo_in(&workspace, &target, &args, rustdoc);
            for (name, messages) in errors {
                broken.entry(name).or_default().extend(messages);
            }
            if let Some(stderr) = unexplained {
                failures.push(format!("cargo {} failed:\n{stderr}", args[0]));
            }
        }
    }
    let compiled = to_compile
        .iter()
        .filter(|(name, _)| !broken.contains_key(&format!("hostile-{name}")))
        .count();
    for (name, messages) in &broken {
        failures.push(format!(
            "{name} does not compile clean:\n{}",
            messages.join("\n")
        ));
    }

    let known: Vec<&str> = KNOWN_FAILURES.iter().map(|(name, _)| *name).collect();
    for (name, why) in KNOWN_FAILURES {
        if !broken.contains_key(&format!("hostile-{name}")) {
            failures.push(format!(
                "{name} is listed in KNOWN_FAILURES ({why}) but passes now: remove it"
            ));
        }
    }
    failures.retain(|failure| {
        !known
            .iter()
            .any(|name| failure.starts_with(&format!("hostile-{name} ")))
    });

    let mut summary = String::new();
    let _ = write!(
        summary,
        "hostile corpus: {} specs ({committed} committed, {} made here): {compiled} compiled, {diagnosed} diagnosed, {} failed ({} known: {})",
        cases.len(),
        cases.len() - committed,
        cases.len() - compiled - diagnosed,
        known.len(),
        known.join(", "),
    );
    eprintln!("{summary}");
    assert!(
        failures.is_empty(),
        "{summary}\n\n{}",
        failures.join("\n\n")
    );
}

/// Lint reads every hostile spec, committed and synthetic, without a panic, and says what
/// generation says: a spec that generation refuses gets an error finding, and one that
/// compiles gets no `generator-unsupported` finding. (Lint's own validity rules may still
/// object to what generation lets pass, such as a path that does not start with `/`.)
#[test]
fn lint_agrees_with_generation_on_hostile_specs() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let mut cases = committed_cases();
    cases.extend(synthetic_cases(dir.path()));
    let config = oagen::lint::LintConfig::default();
    let mut failures: Vec<String> = Vec::new();
    for case in &cases {
        let Ok(linted) = catch_unwind(AssertUnwindSafe(|| {
            oagen::lint::lint_file(&case.spec, &config)
        })) else {
            failures.push(format!("{}: lint panicked", case.name));
            continue;
        };
        let refused: Vec<&Diagnostic> = linted
            .findings
            .iter()
            .filter(|f| f.rule == "generator-unsupported")
            .collect();
        match &case.expect {
            Expect::Compiles { .. } if !refused.is_empty() => failures.push(format!(
                "{}: generation succeeds, but lint says it would not:\n{}",
                case.name,
                describe(&refused.into_iter().cloned().collect::<Vec<_>>())
            )),
            Expect::Diagnostic { rule, .. } if !linted.findings.iter().any(|f| f.is_error()) => {
                failures.push(format!(
                    "{}: generation fails with {rule}, but lint found no error",
                    case.name
                ))
            }
            _ => {}
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
