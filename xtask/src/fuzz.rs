//! `cargo xtask fuzz --seconds N`: a bounded, seeded fuzzer of the generator.
//!
//! It starts from every spec in specs/, tests/fixtures/ and tests/hostile/, mutates the JSON
//! tree at random (deletes keys, swaps types, duplicates and swaps nodes, inserts `$ref`s to
//! random pointers, builds two-step `$ref` cycles between components, deepens nesting,
//! renames keys to hostile names, puts an injection payload into text fields and names) and
//! runs load, check, lower, emit and render (`oagen::generate`, with `skip_unsupported` off
//! and on) on each case. A case fails when it panics, takes longer than the per-case limit,
//! or the process grows past the memory limit; when the generator says its own output is
//! not valid Rust (`render-failed`); or when the payload's code lands where it would be
//! compiled or run: outside a string or comment in Rust source or `Cargo.toml`, or in a doc
//! code block that is not `text` (a doctest). Each failing case is saved under
//! `target/fuzz/` with the seed that made it, so it can become a regression spec in
//! tests/fuzz-regressions/.
//!
//! The case being run is always in `target/fuzz/current.json`, so a crash that kills the
//! process (a stack overflow) still leaves the input behind.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use serde_json::{json, Map, Value};

/// A small xorshift64* generator: deterministic for a seed, no dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// Names and strings that have broken generators before.
const HOSTILE_STRINGS: &[&str] = &[
    "",
    " ",
    "type",
    "self",
    "Self",
    "crate",
    "super",
    "r#type",
    "r#",
    "_",
    "mod",
    "fn",
    "0",
    "1abc",
    "ключ",
    "🦀",
    "a-b",
    "a_b",
    "AB",
    "../../x",
    "/etc/passwd",
    "{",
    "}",
    "{}",
    "{id}",
    "*/",
    "#[",
    "```rust\npanic!()\n```",
    "\u{202e}",
    "\r\n",
    "\\",
    "\"",
    "%",
    "..",
    "send",
    "Error",
    "Client",
    "Result",
    "new",
    "clone",
    "default",
    "Unknown",
    "#/components/schemas",
    "application/json",
    "4XX",
    "default",
    "3.0.3",
    "3.1.0",
];

/// The code in [`PAYLOAD`]: wherever it appears in the output outside a string, a comment
/// or a `text` block, spec text has become code.
const INJECTED: &str = "OAGEN::INJECTED()";

/// Text that tries every way out of an output context: a line break and a fence that would
/// end a doc code block and start a doctest, comment and string terminators, a TOML table,
/// HTML, format braces and a stray backtick.
const PAYLOAD: &str = "x\n```\nOAGEN::INJECTED();\n```\n*/ OAGEN::INJECTED() /* \" OAGEN::INJECTED() \\ ]] '\n[dependencies]\nOAGEN::INJECTED() = 1\n<b>{id}</b> {} ` \n\n    OAGEN::INJECTED();";

/// The component sections a `$ref` cycle is built in.
const CYCLE_SECTIONS: &[&str] = &[
    "schemas",
    "parameters",
    "responses",
    "requestBodies",
    "headers",
];

/// Object keys OpenAPI gives meaning to, so renames and insertions hit real code paths.
const OPENAPI_KEYS: &[&str] = &[
    "type",
    "properties",
    "items",
    "allOf",
    "oneOf",
    "anyOf",
    "not",
    "$ref",
    "enum",
    "required",
    "additionalProperties",
    "nullable",
    "format",
    "discriminator",
    "parameters",
    "requestBody",
    "responses",
    "content",
    "schema",
    "security",
    "in",
    "name",
    "operationId",
    "tags",
    "default",
    "example",
    "servers",
    "paths",
    "components",
    "schemas",
    "description",
    "readOnly",
    "writeOnly",
    "style",
    "explode",
    "headers",
    "mapping",
    "propertyName",
];

/// Every JSON pointer in `value`.
fn pointers(value: &Value, at: String, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                pointers(
                    child,
                    format!("{at}/{}", key.replace('~', "~0").replace('/', "~1")),
                    out,
                );
            }
        }
        Value::Array(items) => {
            for (index, child) in items.iter().enumerate() {
                pointers(child, format!("{at}/{index}"), out);
            }
        }
        _ => {}
    }
    out.push(at);
}

fn random_scalar(rng: &mut Rng) -> Value {
    match rng.below(8) {
        0 => Value::Null,
        1 => Value::Bool(rng.below(2) == 0),
        2 => json!(rng.next() as i64),
        3 => json!(u64::MAX),
        4 => json!(-1.5e300),
        5 => json!([]),
        6 => json!({}),
        _ => Value::String((*rng.pick(HOSTILE_STRINGS)).to_owned()),
    }
}

/// Applies one random mutation to `spec`.
fn mutate(spec: &mut Value, rng: &mut Rng) {
    let mut all = Vec::new();
    pointers(spec, String::new(), &mut all);
    let target = rng.pick(&all).clone();
    let other = rng.pick(&all).clone();
    let other_value = spec.pointer(&other).cloned().unwrap_or(Value::Null);
    let Some(node) = spec.pointer_mut(&target) else {
        return;
    };
    match rng.below(12) {
        // Build a two-step cycle of references through the components, and use it.
        10 => ref_cycle(spec, rng),
        // Put the injection payload into a text field or a name.
        11 => inject(spec, &all, rng),
        // Delete a key or an item.
        0 | 1 => match node {
            Value::Object(map) if !map.is_empty() => {
                let key = map
                    .keys()
                    .nth(rng.below(map.len()))
                    .cloned()
                    .unwrap_or_default();
                map.shift_remove(&key);
            }
            Value::Array(items) if !items.is_empty() => {
                items.remove(rng.below(items.len()));
            }
            _ => *node = Value::Null,
        },
        // Swap the node's type.
        2 => *node = random_scalar(rng),
        // Put a copy of another node here.
        3 => *node = other_value,
        // Insert a `$ref` to a random pointer, existing or not.
        4 => {
            let pointer = if rng.below(4) == 0 {
                format!("#/components/schemas/{}", rng.pick(HOSTILE_STRINGS))
            } else {
                format!("#{other}")
            };
            let reference = json!({ "$ref": pointer });
            match node {
                Value::Object(map) if rng.below(2) == 0 => {
                    map.insert("$ref".to_owned(), reference["$ref"].clone());
                }
                _ => *node = reference,
            }
        }
        // Deepen the nesting.
        5 => {
            let inner = std::mem::take(node);
            let depth = 1 + rng.below(40);
            let mut wrapped = inner;
            for _ in 0..depth {
                wrapped = match rng.below(4) {
                    0 => json!({"type": "object", "properties": {"x": wrapped}}),
                    1 => json!({"allOf": [wrapped]}),
                    2 => json!({"type": "array", "items": wrapped}),
                    _ => json!({"oneOf": [wrapped, {"type": "string"}]}),
                };
            }
            *node = wrapped;
        }
        // Rename a key to a hostile name.
        6 => {
            if let Value::Object(map) = node {
                if !map.is_empty() {
                    let index = rng.below(map.len());
                    let entries: Vec<(String, Value)> = std::mem::take(map).into_iter().collect();
                    let mut renamed = Map::new();
                    for (i, (key, value)) in entries.into_iter().enumerate() {
                        let key = if i == index {
                            (*rng.pick(HOSTILE_STRINGS)).to_owned()
                        } else {
                            key
                        };
                        renamed.insert(key, value);
                    }
                    *map = renamed;
                }
            }
        }
        // Add an OpenAPI key with a random value.
        7 => {
            if let Value::Object(map) = node {
                let value = if rng.below(2) == 0 {
                    other_value
                } else {
                    random_scalar(rng)
                };
                map.insert((*rng.pick(OPENAPI_KEYS)).to_owned(), value);
            }
        }
        // Set a string to a hostile one.
        8 => *node = Value::String((*rng.pick(HOSTILE_STRINGS)).to_owned()),
        // Duplicate an array item or grow an enum.
        _ => match node {
            Value::Array(items) if !items.is_empty() => {
                let item = items[rng.below(items.len())].clone();
                items.push(item);
            }
            _ => *node = json!([other_value.clone(), other_value]),
        },
    }
}

/// Makes components A and B of one section (or of two) refer to each other in two steps
/// and an operation use A, so resolving A runs A → B → A.
fn ref_cycle(spec: &mut Value, rng: &mut Rng) {
    let first = *rng.pick(CYCLE_SECTIONS);
    // Mostly within one section; sometimes across two, where each also has the wrong kind.
    let second = if rng.below(3) == 0 {
        *rng.pick(CYCLE_SECTIONS)
    } else {
        first
    };
    let a = format!("#/components/{first}/FuzzCycleA");
    let b = format!("#/components/{second}/FuzzCycleB");
    // The step back to A: a bare reference, or (for schemas) one inside a schema.
    let back = match (second, rng.below(3)) {
        ("schemas", 0) => json!({"type": "object", "properties": {"a": {"$ref": a}}}),
        ("schemas", 1) => json!({"allOf": [{"$ref": a}]}),
        _ => json!({"$ref": a}),
    };
    let Some(root) = spec.as_object_mut() else {
        return;
    };
    let components = root.entry("components").or_insert_with(|| json!({}));
    let Some(components) = components.as_object_mut() else {
        return;
    };
    for (section, name, value) in [
        (first, "FuzzCycleA", json!({"$ref": b})),
        (second, "FuzzCycleB", back),
    ] {
        let entry = components.entry(section).or_insert_with(|| json!({}));
        if !entry.is_object() {
            *entry = json!({});
        }
        if let Some(map) = entry.as_object_mut() {
            map.insert(name.to_owned(), value);
        }
    }
    let reference = json!({"$ref": a});
    let operation = root
        .entry("paths")
        .or_insert_with(|| json!({}))
        .as_object_mut()
        .map(|paths| paths.entry("/fuzz-cycle").or_insert_with(|| json!({})));
    let Some(path_item) = operation else {
        return;
    };
    let ok = json!({"description": "ok"});
    let op = match first {
        "parameters" => json!({"parameters": [reference], "responses": {"200": ok}}),
        "responses" => json!({"responses": {"200": reference}}),
        "requestBodies" => json!({"requestBody": reference, "responses": {"200": ok}}),
        "headers" => {
            json!({"responses": {"200": {"description": "ok", "headers": {"X-Cycle": reference}}}})
        }
        _ => {
            json!({"responses": {"200": {"description": "ok", "content": {"application/json": {"schema": reference}}}}})
        }
    };
    *path_item = json!({"post": op});
}

/// Replaces a string (a description, an example, a name, an enum value) with the payload,
/// or appends it, or renames an object key to it.
fn inject(spec: &mut Value, all: &[String], rng: &mut Rng) {
    let strings: Vec<&String> = all
        .iter()
        .filter(|p| spec.pointer(p).is_some_and(Value::is_string))
        .collect();
    let rename = strings.is_empty() || rng.below(3) == 0;
    if !rename {
        let pointer = rng.pick(&strings).as_str();
        if let Some(Value::String(text)) = spec.pointer_mut(pointer) {
            if rng.below(2) == 0 {
                *text = PAYLOAD.to_owned();
            } else {
                text.push_str(PAYLOAD);
            }
        }
        return;
    }
    let target = rng.pick(all).clone();
    if let Some(Value::Object(map)) = spec.pointer_mut(&target) {
        if map.is_empty() {
            return;
        }
        let index = rng.below(map.len());
        let entries: Vec<(String, Value)> = std::mem::take(map).into_iter().collect();
        for (i, (key, value)) in entries.into_iter().enumerate() {
            let key = if i == index {
                format!("{key}{PAYLOAD}")
            } else {
                key
            };
            map.insert(key, value);
        }
    }
}

/// Where the payload's code escaped into `files`: the first file and line where it would be
/// compiled or run, or `None`.
fn escaped_payload(files: &[oagen::RenderedFile]) -> Option<String> {
    for file in files.iter().filter(|f| f.contents.contains(INJECTED)) {
        let kind = if file.path.ends_with(".rs") {
            Kind::Rust
        } else if file.path.ends_with(".md") {
            Kind::Markdown
        } else {
            Kind::Toml
        };
        if let Some((number, line)) = escaping_line(&file.contents, kind) {
            return Some(format!(
                "injection: spec text became code in {} line {number}: {line}",
                file.path
            ));
        }
    }
    None
}

/// The kinds of generated file, each with its own comments and code blocks.
#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Rust,
    Markdown,
    Toml,
}

/// The first line (1-based number, text) where [`INJECTED`] is code: outside a string and
/// a comment, or in a doc code block rustdoc would compile (any fence but `text`, or an
/// indented block).
fn escaping_line(text: &str, kind: Kind) -> Option<(usize, &str)> {
    // The info string of the doc (or Markdown) code block the line is in, if any.
    let mut fence: Option<String> = None;
    for (index, line) in text.lines().enumerate() {
        let trimmed = line.trim_start();
        let doc = match kind {
            Kind::Markdown => Some(line),
            Kind::Rust => ["///", "//!"]
                .iter()
                .find_map(|marker| trimmed.strip_prefix(marker))
                .map(|rest| rest.strip_prefix(' ').unwrap_or(rest)),
            Kind::Toml => None,
        };
        let Some(doc) = doc else {
            // Doc comments end with the first line that is not one.
            fence = None;
            let comment = match kind {
                Kind::Toml => trimmed.starts_with('#'),
                _ => trimmed.starts_with("//"),
            };
            if !comment && outside_string(line, INJECTED) {
                return Some((index + 1, line));
            }
            continue;
        };
        if let Some(info) = doc.trim_start().strip_prefix("```") {
            fence = match fence {
                Some(_) => None,
                None => Some(info.trim().to_owned()),
            };
            continue;
        }
        let runs = match &fence {
            Some(info) => info != "text" && outside_string(doc, INJECTED),
            None => doc.starts_with("    ") && doc.contains(INJECTED),
        };
        if runs {
            return Some((index + 1, line));
        }
    }
    None
}

/// Whether `needle` occurs in `line` outside every `"…"` string (escapes honoured).
fn outside_string(line: &str, needle: &str) -> bool {
    let mut in_string = false;
    let mut escaped = false;
    for (index, c) in line.char_indices() {
        if !in_string && line[index..].starts_with(needle) {
            return true;
        }
        match c {
            '\\' if in_string && !escaped => {
                escaped = true;
                continue;
            }
            '"' if !escaped => in_string = !in_string,
            _ => {}
        }
        escaped = false;
    }
    false
}

/// Builds and tests (`cargo test`, doctests included) up to `count` crates generated from
/// `candidates` whose output holds the payload: if its code had escaped anywhere, the crate
/// would not compile. Returns what failed.
fn compile_samples(
    root: &Path,
    out: &Path,
    candidates: &[(u64, String)],
    count: usize,
) -> Vec<String> {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("target"));
    let mut failures = Vec::new();
    let mut built = 0;
    for (case_seed, text) in candidates {
        if built == count {
            break;
        }
        let spec = out.join(format!("sample-{case_seed:016x}.json"));
        if std::fs::write(&spec, text).is_err() {
            failures.push(format!("cannot write {}", spec.display()));
            break;
        }
        // Each sample is a crate of its own name: cargo gives crates of one name and
        // version the same artifact in a shared target directory, so two samples both
        // named `fuzz-client` would overwrite each other's library under their doctests.
        let sample = oagen::Config {
            crate_name: format!("fuzz-sample-{case_seed:016x}"),
            ..config(&spec, false)
        };
        let generated = oagen::generate(&sample)
            .ok()
            .filter(|g| g.files.iter().any(|f| f.contents.contains(INJECTED)));
        let Some(generated) = generated else {
            // Not generated, or the payload did not reach the output: nothing to build.
            let _ = std::fs::remove_file(&spec);
            continue;
        };
        built += 1;
        let dir = out.join(format!("sample-{case_seed:016x}"));
        let _ = std::fs::remove_dir_all(&dir);
        let written = oagen::write::write_tree(&dir, &generated.files, oagen::write::Mode::Write)
            .and_then(|_| std::fs::copy(root.join("Cargo.lock"), dir.join("Cargo.lock")));
        if let Err(error) = written {
            failures.push(format!("cannot write {}: {error}", dir.display()));
            continue;
        }
        let started = Instant::now();
        let output =
            std::process::Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
                .current_dir(&dir)
                .env("CARGO_TARGET_DIR", &target)
                .args(["test", "--offline", "--quiet"])
                .output();
        match output {
            Ok(output) if output.status.success() => println!(
                "fuzz: the crate from case {case_seed:#x} builds and passes its tests and doctests ({:.0?})",
                started.elapsed()
            ),
            Ok(output) => {
                // A failing test or doctest is reported on stdout, the build's errors on
                // stderr: both are needed to tell why.
                let stdout = String::from_utf8_lossy(&output.stdout);
                let stderr = String::from_utf8_lossy(&output.stderr);
                let both = format!("{stdout}\n{stderr}");
                let tail: Vec<&str> = both.lines().rev().take(60).collect();
                let why = format!(
                    "sample: the crate from case {case_seed:#x} ({}) fails cargo test:\n{}",
                    spec.display(),
                    tail.into_iter().rev().collect::<Vec<_>>().join("\n")
                );
                eprintln!("FAIL {why}");
                failures.push(why);
            }
            Err(error) => failures.push(format!("cannot run cargo: {error}")),
        }
    }
    failures
}

/// The seed specs, as JSON trees.
fn seeds(root: &Path) -> Vec<(String, Value)> {
    let mut files = Vec::new();
    for dir in [
        "specs",
        "tests/fixtures",
        "tests/hostile",
        "tests/fuzz-regressions",
    ] {
        let Ok(entries) = std::fs::read_dir(root.join(dir)) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.extension().is_some_and(|e| e == "yaml" || e == "json")
                && !path.to_string_lossy().ends_with(".overlay.yaml")
            {
                files.push(path);
            }
        }
    }
    files.sort();
    files
        .into_iter()
        .filter_map(|path| {
            let text = std::fs::read_to_string(&path).ok()?;
            let spec = oagen::front::load_str(&path, &text).ok()?;
            Some((path.display().to_string(), spec.raw.to_json()))
        })
        .collect()
}

/// The resident set size of this process in MiB, where the platform says.
fn rss_mib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024)
}

fn config(spec: &Path, skip_unsupported: bool) -> oagen::Config {
    oagen::Config {
        crate_name: "fuzz-client".to_owned(),
        skip_unsupported,
        ..oagen::Config::new(vec![spec.to_path_buf()], "cargo xtask fuzz")
    }
}

/// What is wrong with a generation's result, if anything: output the generator itself
/// found not to be Rust, or the payload's code escaped into it.
fn bad_output(result: Result<oagen::Generated, Vec<oagen::Diagnostic>>) -> Option<String> {
    match result {
        Ok(generated) => escaped_payload(&generated.files),
        Err(diagnostics) => diagnostics
            .iter()
            .find(|d| d.rule == "render-failed")
            .map(|d| format!("render-failed: {}", d.message)),
    }
}

/// Runs `generate` on `spec` both ways in a thread with the main thread's stack size;
/// `Err` says what failed: a panic, a hang, broken output or an escaped payload.
fn run_case(spec: PathBuf, limit: Duration) -> Result<(), String> {
    let (send, receive) = mpsc::channel();
    std::thread::Builder::new()
        .stack_size(8 << 20)
        .spawn(move || {
            let result = std::panic::catch_unwind(|| {
                [false, true]
                    .into_iter()
                    .find_map(|skip| bad_output(oagen::generate(&config(&spec, skip))))
            });
            let _ = send.send(match result {
                Ok(None) => Ok(()),
                Ok(Some(why)) => Err(why),
                Err(panic) => Err(format!(
                    "panic: {}",
                    panic
                        .downcast_ref::<String>()
                        .cloned()
                        .or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_owned()))
                        .unwrap_or_else(|| "a panic without a message".to_owned())
                )),
            });
        })
        .map_err(|e| format!("cannot start a thread: {e}"))?;
    match receive.recv_timeout(limit) {
        Ok(result) => result,
        Err(_) => Err(format!("hang: no result within {limit:?}")),
    }
}

/// How long and how hard to fuzz.
pub struct Limits {
    /// How long to run.
    pub seconds: u64,
    /// The PRNG seed.
    pub seed: u64,
    /// The longest one case may take, in seconds.
    pub case_limit: u64,
    /// The most resident memory allowed, in MiB.
    pub max_rss_mib: u64,
    /// How many crates generated from payload-carrying cases to build and test afterwards.
    pub compile: usize,
}

/// How many payload-carrying cases are kept as candidates for compiling.
const MAX_CANDIDATES: usize = 64;

/// Fuzzes for `limits.seconds`; exits non-zero when a case failed.
pub fn run(root: &Path, limits: &Limits) -> ExitCode {
    let &Limits {
        seconds,
        seed,
        case_limit,
        max_rss_mib,
        compile,
    } = limits;
    let out = root.join("target/fuzz");
    if let Err(error) = std::fs::create_dir_all(&out) {
        eprintln!("error: cannot create {}: {error}", out.display());
        return ExitCode::FAILURE;
    }
    let seeds = seeds(root);
    if seeds.is_empty() {
        eprintln!("error: no seed specs load");
        return ExitCode::FAILURE;
    }
    // Panics are expected findings; keep their messages out of the output.
    std::panic::set_hook(Box::new(|_| {}));
    let current = out.join("current.json");
    let started = Instant::now();
    let budget = Duration::from_secs(seconds);
    let mut rng = Rng(seed.max(1));
    let (mut executions, mut failures, mut peak) = (0u64, Vec::new(), 0u64);
    let mut candidates: Vec<(u64, String)> = Vec::new();
    while started.elapsed() < budget {
        let case_seed = rng.next().max(1);
        let mut case_rng = Rng(case_seed);
        let (origin, base) = case_rng.pick(&seeds).clone();
        let mut spec = base;
        for _ in 0..1 + case_rng.below(8) {
            mutate(&mut spec, &mut case_rng);
        }
        let text = serde_json::to_string_pretty(&spec).unwrap_or_default();
        if std::fs::write(&current, &text).is_err() {
            eprintln!("error: cannot write {}", current.display());
            return ExitCode::FAILURE;
        }
        if compile > 0 && candidates.len() < MAX_CANDIDATES && text.contains(INJECTED) {
            candidates.push((case_seed, text.clone()));
        }
        let outcome = run_case(current.clone(), Duration::from_secs(case_limit));
        executions += 1;
        let rss = rss_mib().unwrap_or(0);
        peak = peak.max(rss);
        let outcome = outcome.and_then(|()| {
            if rss > max_rss_mib {
                Err(format!(
                    "memory: {rss} MiB resident, over {max_rss_mib} MiB"
                ))
            } else {
                Ok(())
            }
        });
        if let Err(why) = outcome {
            let saved = out.join(format!("crash-{case_seed:016x}.json"));
            let _ = std::fs::write(&saved, &text);
            eprintln!(
                "FAIL {why}\n  from {origin}, case seed {case_seed:#x}\n  saved as {}",
                saved.display()
            );
            let hang = why.starts_with("hang") || why.starts_with("memory");
            failures.push(why);
            if hang {
                // The stuck thread cannot be stopped; report what was found so far.
                break;
            }
        }
    }
    let _ = std::fs::remove_file(&current);
    if failures.is_empty() && compile > 0 {
        failures.extend(compile_samples(root, &out, &candidates, compile));
    }
    println!(
        "fuzz: {executions} executions in {:.0?} from {} seed specs (seed {seed}), {} failures, peak RSS {peak} MiB",
        started.elapsed(),
        seeds.len(),
        failures.len()
    );
    if failures.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_oracle_finds_the_payload_where_it_would_run() {
        let runs = [
            (
                Kind::Rust,
                "/// Docs\n/// ```\n/// OAGEN::INJECTED();\n/// ```\nfn x() {}",
            ),
            (
                Kind::Rust,
                "/// Docs\n///\n///     OAGEN::INJECTED();\nfn x() {}",
            ),
            (Kind::Rust, "const A: &str = \"a\\\"\"; OAGEN::INJECTED();"),
            (
                Kind::Markdown,
                "# A\n\n```rust,no_run\nOAGEN::INJECTED();\n```\n",
            ),
            (Kind::Toml, "[package]\nOAGEN::INJECTED() = 1\n"),
        ];
        for (kind, text) in runs {
            assert!(escaping_line(text, kind).is_some(), "missed in {text:?}");
        }
        let safe = [
            (
                Kind::Rust,
                "/// ```text\n/// OAGEN::INJECTED();\n/// ```\nfn x() {}",
            ),
            (Kind::Rust, "/// A `OAGEN::INJECTED()` span.\nfn x() {}"),
            (Kind::Rust, "#[serde(rename = \"x\\\" OAGEN::INJECTED()\")]"),
            (
                Kind::Rust,
                "// @generated from OAGEN::INJECTED(); do not edit.",
            ),
            (
                Kind::Markdown,
                "```rust,no_run\nlet a = \"OAGEN::INJECTED()\";\n```\n",
            ),
            (
                Kind::Toml,
                "description = \"x\\nOAGEN::INJECTED() = 1\"\n# OAGEN::INJECTED()",
            ),
        ];
        for (kind, text) in safe {
            assert_eq!(escaping_line(text, kind), None, "{text:?}");
        }
    }

    #[test]
    fn a_ref_cycle_takes_two_steps_and_is_used() {
        for seed in 1..40 {
            let mut spec = json!({"openapi": "3.0.3", "info": {"title": "t", "version": "1"}});
            ref_cycle(&mut spec, &mut Rng(seed));
            let a = spec
                .pointer("/paths/~1fuzz-cycle/post")
                .expect("an operation uses it");
            let used = a.to_string();
            let target = used
                .split("\"$ref\":\"")
                .nth(1)
                .and_then(|rest| rest.split('"').next())
                .expect("the operation holds a reference");
            let first = spec
                .pointer(target.trim_start_matches('#'))
                .expect("A exists");
            let step = first["$ref"].as_str().expect("A refers on");
            let second = spec
                .pointer(step.trim_start_matches('#'))
                .expect("B exists");
            assert!(
                second.to_string().contains(target),
                "B does not lead back to A: {spec}"
            );
        }
    }
}
