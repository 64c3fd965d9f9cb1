//! `cargo xtask fuzz --seconds N`: a bounded, seeded fuzzer of the generator.
//!
//! It starts from every spec in specs/, tests/fixtures/ and tests/hostile/, mutates the JSON
//! tree at random (deletes keys, swaps types, duplicates and swaps nodes, inserts `$ref`s to
//! random pointers, deepens nesting, renames keys to hostile names) and runs load, check,
//! lower, emit and render (`oagen::generate`, with `skip_unsupported` off and on) on each
//! case. A case fails when it panics, takes longer than the per-case limit, or the process
//! grows past the memory limit; each failing case is saved under `target/fuzz/` with the
//! seed that made it, so it can become a regression spec in tests/fuzz-regressions/.
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
    match rng.below(10) {
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
            let spec = oagen::load::load_str(&path, &text).ok()?;
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

/// Runs `generate` on `spec` both ways in a thread with the main thread's stack size;
/// `Err` carries the panic message.
fn run_case(spec: PathBuf, limit: Duration) -> Result<(), String> {
    let (send, receive) = mpsc::channel();
    std::thread::Builder::new()
        .stack_size(8 << 20)
        .spawn(move || {
            let result = std::panic::catch_unwind(|| {
                let _ = oagen::generate(&config(&spec, false));
                let _ = oagen::generate(&config(&spec, true));
            });
            let _ = send.send(result.map_err(|panic| {
                panic
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_owned()))
                    .unwrap_or_else(|| "a panic without a message".to_owned())
            }));
        })
        .map_err(|e| format!("cannot start a thread: {e}"))?;
    match receive.recv_timeout(limit) {
        Ok(result) => result.map_err(|message| format!("panic: {message}")),
        Err(_) => Err(format!("hang: no result within {limit:?}")),
    }
}

/// Fuzzes for `seconds`; exits non-zero when a case failed.
pub fn run(root: &Path, seconds: u64, seed: u64, case_limit: u64, max_rss_mib: u64) -> ExitCode {
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
