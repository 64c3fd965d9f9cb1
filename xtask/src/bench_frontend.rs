//! `cargo xtask bench-frontend`: checks that the front end stays linear.
//!
//! It writes synthetic specs of 1k, 4k and 16k operations, shaped like real APIs
//! (each operation uses shared parameters and responses by `$ref`, and schemas that
//! refer to each other and to shared ones), and times the release `oagen` on each:
//! `lint`, and `generate` on its default path (rustfmt included), with the front
//! end's part of it (load, check and lower, which `generate` prints under
//! `OAGEN_TIMINGS`). The figures are per operation; the target is that at 16k
//! operations each costs at most 1.5 times what it costs at 1k.
//!
//! Then it times lint and generate refusing input nested 100,000 levels deep (YAML
//! flow and block nesting, JSON), which the target wants refused in under a second:
//! the tests check where such input is refused, never how fast.

use std::path::Path;
use std::process::{Command, ExitCode, Stdio};
use std::time::Instant;

use serde_json::{json, Map, Value};

/// The sizes measured, in operations.
const SIZES: [usize; 3] = [1_000, 4_000, 16_000];

/// The most a per-operation cost may grow from the smallest size to the largest.
const MAX_GROWTH: f64 = 1.5;

/// One size's figures, in seconds.
struct Figures {
    operations: usize,
    lint: f64,
    generate: f64,
    front_end: f64,
}

/// Runs the benchmark with the median of `runs` runs for each figure.
pub fn run(root: &Path, runs: usize) -> ExitCode {
    let Some(oagen) = crate::release_oagen(root) else {
        return ExitCode::FAILURE;
    };
    let dir = crate::target_dir(root).join("bench-frontend");
    if let Err(error) = std::fs::create_dir_all(&dir) {
        eprintln!("error: cannot create {}: {error}", dir.display());
        return ExitCode::FAILURE;
    }
    println!("front-end scaling: median of {runs} run(s) per figure, release oagen\n");
    println!(
        "{:>10} {:>12} {:>12} {:>14} {:>14} {:>16}",
        "operations", "lint (s)", "lint µs/op", "generate (s)", "generate µs/op", "front end µs/op"
    );
    let mut all = Vec::new();
    for operations in SIZES {
        let spec = dir.join(format!("synthetic-{operations}.json"));
        if let Err(error) = std::fs::write(&spec, synthetic_spec(operations).to_string()) {
            eprintln!("error: cannot write {}: {error}", spec.display());
            return ExitCode::FAILURE;
        }
        let Some(figures) = measure_size(&oagen, &spec, &dir, operations, runs) else {
            return ExitCode::FAILURE;
        };
        let per_op = |seconds: f64| seconds * 1e6 / operations as f64;
        println!(
            "{:>10} {:>12.2} {:>12.0} {:>14.2} {:>14.0} {:>16.0}",
            operations,
            figures.lint,
            per_op(figures.lint),
            figures.generate,
            per_op(figures.generate),
            per_op(figures.front_end)
        );
        all.push(figures);
    }
    let linear = report_growth(&all);
    let deep = report_deep_nesting(&oagen, &dir, runs);
    if linear && deep {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

/// How deep the specs of [`report_deep_nesting`] nest.
const DEEP_LEVELS: usize = 100_000;

/// The most lint or generate may take to refuse a spec nested [`DEEP_LEVELS`] deep.
const MAX_DEEP_SECONDS: f64 = 1.0;

/// Specs nested [`DEEP_LEVELS`] deep, each way the readers meet nesting: YAML flow
/// lists and maps, YAML block lists, JSON lists.
fn deep_specs() -> [(&'static str, String); 4] {
    let n = DEEP_LEVELS;
    [
        (
            "flow-lists.yaml",
            format!("openapi: 3.0.3\nx: {}{}\n", "[".repeat(n), "]".repeat(n)),
        ),
        (
            "flow-maps.yaml",
            format!(
                "openapi: 3.0.3\nx: {}1{}\n",
                "{a: ".repeat(n),
                "}".repeat(n)
            ),
        ),
        ("block-lists.yaml", format!("{}1\n", "- ".repeat(n))),
        (
            "lists.json",
            format!(
                "{{\"openapi\": \"3.0.3\", \"x\": {}{}}}",
                "[".repeat(n),
                "]".repeat(n)
            ),
        ),
    ]
}

/// Times lint and generate refusing each of [`deep_specs`] (both must refuse it,
/// and neither may take more than [`MAX_DEEP_SECONDS`]); whether all were in time.
fn report_deep_nesting(oagen: &Path, dir: &Path, runs: usize) -> bool {
    println!(
        "\nrefusing input nested {DEEP_LEVELS} levels deep, median of {runs} run(s) (target: under {MAX_DEEP_SECONDS} s each):"
    );
    println!("  {:<18} {:>10} {:>14}", "spec", "lint (s)", "generate (s)");
    let out = dir.join("crate-deep").to_string_lossy().into_owned();
    let mut within = true;
    for (name, text) in deep_specs() {
        let spec = dir.join(format!("deep-{name}"));
        if let Err(error) = std::fs::write(&spec, text) {
            eprintln!("error: cannot write {}: {error}", spec.display());
            return false;
        }
        let spec = spec.to_string_lossy().into_owned();
        let lint_args = ["lint", "--no-config", spec.as_str()];
        let generate_args = ["generate", "--spec", spec.as_str(), "--out", out.as_str()];
        let (Some(lint), Some(generate)) = (
            refusal_seconds(oagen, &lint_args, runs),
            refusal_seconds(oagen, &generate_args, runs),
        ) else {
            return false;
        };
        let verdict = if lint.max(generate) < MAX_DEEP_SECONDS {
            "ok"
        } else {
            "over"
        };
        within &= verdict == "ok";
        println!("  {name:<18} {lint:>10.3} {generate:>14.3}  {verdict}");
    }
    within
}

/// The median wall time of `runs` runs of `oagen ARGS`, each of which must refuse the
/// spec for its nesting (exit code 1 or 2, naming `nesting-too-deep`).
fn refusal_seconds(oagen: &Path, args: &[&str], runs: usize) -> Option<f64> {
    let mut seconds = Vec::new();
    for _ in 0..runs {
        let started = Instant::now();
        let output = Command::new(oagen).args(args).stdin(Stdio::null()).output();
        seconds.push(started.elapsed().as_secs_f64());
        let output = match output {
            Ok(output) => output,
            Err(error) => {
                eprintln!("error: cannot run {}: {error}", oagen.display());
                return None;
            }
        };
        let said = format!(
            "{}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
        if output.status.success() || !said.contains("nesting-too-deep") {
            eprintln!(
                "error: `oagen {}` did not refuse the nesting:\n{said}",
                args.join(" ")
            );
            return None;
        }
    }
    Some(median(seconds))
}

/// Times lint and generate on one spec.
fn measure_size(
    oagen: &Path,
    spec: &Path,
    dir: &Path,
    operations: usize,
    runs: usize,
) -> Option<Figures> {
    let spec_arg = spec.to_string_lossy().into_owned();
    let out = dir.join(format!("crate-{operations}"));
    let out_arg = out.to_string_lossy().into_owned();
    let name = format!("synthetic-{operations}");
    let lint_args = ["lint", "--no-config", "--format", "json", spec_arg.as_str()];
    let generate_args = [
        "generate",
        "--spec",
        spec_arg.as_str(),
        "--out",
        out_arg.as_str(),
        "--name",
        name.as_str(),
    ];
    let mut lint = Vec::new();
    let mut generate = Vec::new();
    let mut front_end = Vec::new();
    for _ in 0..runs {
        lint.push(timed(oagen, &lint_args, false)?.0);
        // A run writes only what changed: start each from an empty directory.
        let _ = std::fs::remove_dir_all(&out);
        let (seconds, stderr) = timed(oagen, &generate_args, true)?;
        generate.push(seconds);
        let Some(front) = front_end_seconds(&stderr) else {
            eprintln!("error: generate printed no front-end timing:\n{stderr}");
            return None;
        };
        front_end.push(front);
    }
    Some(Figures {
        operations,
        lint: median(lint),
        generate: median(generate),
        front_end: median(front_end),
    })
}

/// Runs `oagen` with `args`; its wall time and standard error. A `generate` must
/// succeed; `lint` exits with 1 for the synthetic spec's warnings, which is fine.
fn timed(oagen: &Path, args: &[&str], must_succeed: bool) -> Option<(f64, String)> {
    let started = Instant::now();
    let output = Command::new(oagen)
        .args(args)
        .env("OAGEN_TIMINGS", "1")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .output();
    let seconds = started.elapsed().as_secs_f64();
    let output = match output {
        Ok(output) => output,
        Err(error) => {
            eprintln!("error: cannot run {}: {error}", oagen.display());
            return None;
        }
    };
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    if must_succeed && !output.status.success() || output.status.code() == Some(2) {
        eprintln!("error: `oagen {}` failed:\n{stderr}", args.join(" "));
        return None;
    }
    Some((seconds, stderr))
}

/// The front end's time from `timing: front end: 1.2s` (as `Duration`'s debug form prints it).
fn front_end_seconds(stderr: &str) -> Option<f64> {
    let text = stderr
        .lines()
        .find_map(|line| line.strip_prefix("timing: front end: "))?;
    let units = [("ms", 1e-3), ("µs", 1e-6), ("ns", 1e-9), ("s", 1.0)];
    units.iter().find_map(|(unit, scale)| {
        text.strip_suffix(unit)
            .and_then(|number| number.parse::<f64>().ok())
            .map(|number| number * scale)
    })
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

/// Prints how much each per-operation cost grew from the smallest size to the
/// largest; whether none grew more than [`MAX_GROWTH`].
fn report_growth(all: &[Figures]) -> bool {
    let (Some(small), Some(large)) = (all.first(), all.last()) else {
        return false;
    };
    let growth = |pick: fn(&Figures) -> f64| {
        (pick(large) / large.operations as f64) / (pick(small) / small.operations as f64)
    };
    let figures = [
        ("lint", growth(|f| f.lint)),
        ("generate", growth(|f| f.generate)),
        ("front end", growth(|f| f.front_end)),
    ];
    println!(
        "\nper-operation cost at {} operations, relative to {} (target: at most {MAX_GROWTH}):",
        large.operations, small.operations
    );
    let mut within = true;
    for (what, ratio) in figures {
        let verdict = if ratio <= MAX_GROWTH { "ok" } else { "over" };
        within &= ratio <= MAX_GROWTH;
        println!("  {what:<10} {ratio:.2}  {verdict}");
    }
    within
}

/// A spec of `operations` operations: two per path (get and put) over one resource
/// schema per path, fifty operations per tag, shared parameters and responses used
/// by every operation, and resource schemas that refer to shared ones and to the
/// resource before them in their group.
pub fn synthetic_spec(operations: usize) -> Value {
    let resources = operations.div_ceil(2);
    let mut paths = Map::new();
    let mut schemas = Map::new();
    schemas.insert(
        "Error".into(),
        json!({"type": "object", "required": ["code"], "properties": {
            "code": {"type": "string"}, "message": {"type": "string"}}}),
    );
    schemas.insert(
        "Status".into(),
        json!({"type": "string", "enum": ["active", "paused", "retired"]}),
    );
    schemas.insert(
        "Audit".into(),
        json!({"type": "object", "properties": {
            "created": {"type": "string", "format": "date-time"},
            "by": {"type": "string"}}}),
    );
    let mut tags = Vec::new();
    for index in 0..resources {
        let name = format!("Resource{index}");
        let tag = format!("group{}", index * 2 / 50);
        if index * 2 % 50 == 0 {
            tags.push(json!({"name": tag, "description": format!("Operations of {tag}.")}));
        }
        // Each resource refers to the one before it in its group, so types stay
        // reachable from their own group. (A chain across all groups would put
        // every group in the feature list of each type: output quadratic by design.)
        let previous = match index % 25 {
            0 => json!({"$ref": "#/components/schemas/Audit"}),
            _ => json!({"$ref": format!("#/components/schemas/Resource{}", index - 1)}),
        };
        schemas.insert(
            name.clone(),
            json!({"type": "object", "required": ["id"], "properties": {
                "id": {"type": "string"},
                "status": {"$ref": "#/components/schemas/Status"},
                "audit": {"$ref": "#/components/schemas/Audit"},
                "related": {"type": "array", "items": previous},
                "count": {"type": "integer", "format": "int64", "minimum": 0}}}),
        );
        let schema_ref = json!({"$ref": format!("#/components/schemas/{name}")});
        let ok = json!({"description": "The resource.", "content": {"application/json": {"schema": schema_ref}}});
        let errors = |ok: Value| {
            json!({"200": ok,
                "404": {"$ref": "#/components/responses/NotFound"},
                "default": {"$ref": "#/components/responses/Failure"}})
        };
        let shared = |extra: Value| {
            let mut list = vec![json!({"$ref": "#/components/parameters/Id"})];
            if !extra.is_null() {
                list.push(extra);
            }
            Value::Array(list)
        };
        let mut item = Map::new();
        item.insert(
            "get".into(),
            json!({"operationId": format!("get{name}"), "summary": format!("Get a {name}"),
                "tags": [tag], "parameters": shared(json!({"$ref": "#/components/parameters/Expand"})),
                "responses": errors(ok.clone())}),
        );
        if index * 2 + 1 < operations {
            item.insert(
                "put".into(),
                json!({"operationId": format!("put{name}"), "summary": format!("Replace a {name}"),
                    "tags": [tag], "parameters": shared(Value::Null),
                    "requestBody": {"required": true, "content": {"application/json": {"schema": schema_ref}}},
                    "responses": errors(ok)}),
            );
        }
        paths.insert(format!("/resources{index}/{{id}}"), Value::Object(item));
    }
    json!({
        "openapi": "3.0.3",
        "info": {"title": "Synthetic", "version": "1", "description": "A synthetic API for the front-end benchmark."},
        "servers": [{"url": "https://api.example.com"}],
        "tags": tags,
        "paths": paths,
        "components": {
            "schemas": schemas,
            "parameters": {
                "Id": {"name": "id", "in": "path", "required": true, "schema": {"type": "string"}},
                "Expand": {"name": "expand", "in": "query", "schema": {"type": "array", "items": {"type": "string"}}},
            },
            "responses": {
                "NotFound": {"description": "Not found.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
                "Failure": {"description": "An error.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
            },
        }
    })
}
