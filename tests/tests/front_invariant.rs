//! The front end's invariant: `oagen lint` reports an error if and only if strict
//! `oagen generate` refuses the spec, with the same rule and at the same pointer.
//!
//! Lint wraps what the generator refuses as `generator-unsupported`, naming the
//! generator's rule in its message (`oagen cannot generate this (RULE): ...`); that
//! rule is what is compared. A few generator rules are reported by a lint rule of
//! its own ([`COVERED`]), and lint has validity rules that judge a document by the
//! OpenAPI specification beyond what generation needs ([`LINT_ONLY`]): those are
//! the only lint errors that need no refusal.
//!
//! The specs: every fixture under `tests/fixtures/` (the resolver's cases in
//! `tests/fixtures/resolver/` state what must happen on their second line), every
//! hostile spec, a few made here (too big to commit), and, when the shared corpus
//! is present (`../shared`, or the directory `OAGEN_SHARED_DIR` names), the entry
//! point of every spec its `SOURCES.tsv` files list.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use oagen::lint::{lint_file, LintConfig};
use oagen::{Config, Diagnostic};
use tests::project_root;

/// Lint's validity rules that check the document against the OpenAPI
/// specification, beyond what the generator needs to read it.
const LINT_ONLY: &[&str] = &[
    "duplicate-operation-id",
    "duplicate-parameter",
    "enum-type-mismatch",
    "nullable-without-type",
    "path-params",
    "required-undefined",
    "security-defined",
    "server-url",
];

/// Generator rules that lint reports under a rule of its own: (generator, lint).
const COVERED: &[(&str, &str)] = &[
    ("path-param-undeclared", "path-params"),
    ("path-param-not-in-template", "path-params"),
    ("undefined-security-scheme", "security-defined"),
];

/// A refusal: the rule (the generator's, for a wrapped lint finding) and the pointer.
type Refusal = (String, String);

/// What strict generation refuses in `spec`: nothing when it generates.
fn generation_refusals(spec: &Path) -> BTreeSet<Refusal> {
    let config = Config::new(vec![spec.to_path_buf()], "front invariant test");
    match oagen::generate(&config) {
        Ok(_) => BTreeSet::new(),
        Err(diagnostics) => diagnostics
            .iter()
            .filter(|d| d.is_error())
            .map(|d| (d.rule.to_owned(), d.pointer.clone()))
            .collect(),
    }
}

/// The rule a lint error stands for: the generator's rule it wraps, or its own.
fn unwrapped_rule(finding: &Diagnostic) -> String {
    if finding.rule == "generator-unsupported" {
        if let Some(rule) = finding
            .message
            .strip_prefix("oagen cannot generate this (")
            .and_then(|rest| rest.split_once(')'))
            .map(|(rule, _)| rule)
        {
            return rule.to_owned();
        }
    }
    finding.rule.to_owned()
}

/// The lint errors of `spec`, unwrapped.
fn lint_errors(spec: &Path) -> BTreeSet<Refusal> {
    lint_file(spec, &LintConfig::default())
        .findings
        .iter()
        .filter(|f| f.is_error())
        .map(|f| (unwrapped_rule(f), f.pointer.clone()))
        .collect()
}

/// How lint and generation disagree on `spec`, if they do.
fn disagreement(spec: &Path) -> Option<String> {
    let refused = generation_refusals(spec);
    let linted = lint_errors(spec);
    let mut problems = Vec::new();
    for (rule, pointer) in &refused {
        let lint_rule = COVERED
            .iter()
            .find(|(generator, _)| generator == rule)
            .map_or(rule.as_str(), |(_, lint)| lint);
        if !linted.contains(&(lint_rule.to_owned(), pointer.clone())) {
            problems.push(format!(
                "generation refuses {rule} at `{pointer}`; lint does not"
            ));
        }
    }
    let covering = |rule: &str, pointer: &str| {
        COVERED.iter().any(|(generator, lint)| {
            *lint == rule && refused.contains(&((*generator).to_owned(), pointer.to_owned()))
        })
    };
    for (rule, pointer) in &linted {
        if LINT_ONLY.contains(&rule.as_str()) || covering(rule, pointer) {
            continue;
        }
        if !refused.contains(&(rule.clone(), pointer.clone())) {
            problems.push(format!(
                "lint reports {rule} at `{pointer}`; generation does not refuse it"
            ));
        }
    }
    (!problems.is_empty()).then(|| format!("{}:\n  {}", spec.display(), problems.join("\n  ")))
}

/// Every YAML or JSON file under `dir`, at any depth, sorted.
fn specs_under(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir).expect("a readable fixture directory") {
            let path = entry.expect("a readable entry").path();
            if path.is_dir() {
                pending.push(path);
            } else if path
                .extension()
                .is_some_and(|e| e == "yaml" || e == "yml" || e == "json")
            {
                found.push(path);
            }
        }
    }
    found.sort();
    found
}

fn assert_agree(specs: &[PathBuf]) {
    let failures: Vec<String> = specs.iter().filter_map(|spec| disagreement(spec)).collect();
    assert!(
        failures.is_empty(),
        "lint and generation disagree on {} of {} specs:\n{}",
        failures.len(),
        specs.len(),
        failures.join("\n")
    );
}

#[test]
fn lint_errs_exactly_where_generation_refuses_on_fixtures() {
    assert_agree(&specs_under(&project_root().join("tests/fixtures")));
}

#[test]
fn lint_errs_exactly_where_generation_refuses_on_hostile_specs() {
    assert_agree(&specs_under(&project_root().join("tests/hostile")));
}

/// The resolver's fixtures say on their second line what must happen, which both
/// lint and generation must then do.
#[test]
fn resolver_fixtures_are_refused_or_generated_as_they_say() {
    let mut failures = Vec::new();
    for spec in specs_under(&project_root().join("tests/fixtures/resolver")) {
        let text = std::fs::read_to_string(&spec).expect("a readable fixture");
        let expect = text
            .lines()
            .find_map(|line| line.strip_prefix("# Expect: "))
            .unwrap_or_else(|| panic!("{}: no `# Expect: ` line", spec.display()));
        let wanted: BTreeSet<Refusal> = match expect.split_whitespace().collect::<Vec<_>>()[..] {
            ["generates"] => BTreeSet::new(),
            ["refused", rule, pointer] => [(rule.to_owned(), pointer.to_owned())].into(),
            _ => panic!(
                "{}: `Expect: {expect}` is `generates` or `refused RULE POINTER`",
                spec.display()
            ),
        };
        let refused = generation_refusals(&spec);
        if refused != wanted {
            failures.push(format!(
                "{}: generation refuses {refused:?}, not {wanted:?}",
                spec.display()
            ));
        }
        let linted: BTreeSet<Refusal> = lint_errors(&spec);
        if linted != wanted {
            failures.push(format!(
                "{}: lint errors are {linted:?}, not {wanted:?}",
                spec.display()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Input nested 100,000 levels deep is refused at once by both, with the nesting
/// rule, and neither overflows its stack.
#[test]
fn deep_nesting_is_refused_in_under_a_second() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let cases = [
        (
            "flow-lists.yaml",
            format!(
                "openapi: 3.0.3\nx: {}{}\n",
                "[".repeat(100_000),
                "]".repeat(100_000)
            ),
        ),
        (
            "flow-maps.yaml",
            format!(
                "openapi: 3.0.3\nx: {}1{}\n",
                "{a: ".repeat(100_000),
                "}".repeat(100_000)
            ),
        ),
        ("block-lists.yaml", format!("{}1\n", "- ".repeat(100_000))),
        (
            "lists.json",
            format!(
                "{{\"openapi\": \"3.0.3\", \"x\": {}{}}}",
                "[".repeat(100_000),
                "]".repeat(100_000)
            ),
        ),
    ];
    for (name, text) in cases {
        let spec = dir.path().join(name);
        std::fs::write(&spec, text).expect("a writable temporary file");
        let started = Instant::now();
        let refused = generation_refusals(&spec);
        let linted = lint_errors(&spec);
        let elapsed = started.elapsed();
        let wanted: BTreeSet<Refusal> = [("nesting-too-deep".to_owned(), String::new())].into();
        assert_eq!(refused, wanted, "{name}: generation");
        assert_eq!(linted, wanted, "{name}: lint");
        assert!(
            elapsed < Duration::from_secs(2),
            "{name}: took {elapsed:?} for lint and generation together"
        );
    }
}

/// The entry point of every spec the corpus folders' `SOURCES.tsv` list.
fn corpus_entry_points(shared: &Path) -> Vec<PathBuf> {
    let mut specs = Vec::new();
    for folder in ["corpus", "corpus-next"] {
        let folder = shared.join(folder);
        let Ok(sources) = std::fs::read_to_string(folder.join("SOURCES.tsv")) else {
            continue;
        };
        for line in sources.lines().skip(1) {
            if let Some(path) = line.split('\t').next().filter(|p| !p.is_empty()) {
                specs.push(folder.join(path));
            }
        }
    }
    specs.retain(|spec| spec.is_file());
    specs
}

#[test]
fn lint_errs_exactly_where_generation_refuses_on_the_corpus() {
    let Some(shared) = tests::shared_dir() else {
        eprintln!(
            "SKIPPED!!! ../shared is absent (set OAGEN_SHARED_DIR): lint and generation were NOT compared on the corpus"
        );
        return;
    };
    let specs = corpus_entry_points(&shared);
    assert!(
        !specs.is_empty(),
        "{}: no corpus entry points",
        shared.display()
    );
    assert_agree(&specs);
}

/// `oagen diff` reads a spec as generation does, leaving out what does not lower:
/// an alias cycle costs it the operation that uses it, never its stack.
#[test]
fn diff_leaves_out_an_operation_behind_an_alias_cycle() {
    let spec = project_root().join("tests/fixtures/resolver/parameter-alias-cycle.yaml");
    let source =
        oagen::diff::SpecSource::read(&spec.to_string_lossy()).expect("a readable fixture");
    let side = oagen::diff::lower_source(source, None)
        .unwrap_or_else(|errors| panic!("diff refused the spec: {errors:?}"));
    assert_eq!(side.skipped, ["GET /x"]);
}
