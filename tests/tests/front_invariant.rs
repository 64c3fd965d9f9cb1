//! The front end's invariant: `oagen lint` reports an error if and only if strict
//! `oagen generate` refuses the spec, with the same rule, in the same file, at the
//! same pointer and so the same line and column: the two sets of errors are equal.
//!
//! Lint wraps what the generator refuses as `generator-unsupported`, naming the
//! generator's rule in its message (`oagen cannot generate this (RULE): ...`); that
//! rule is what is compared. Lint's validity rules that the generator reads past
//! are warnings, so they are not compared.
//!
//! The specs: every fixture under `tests/fixtures/` (the resolver's cases in
//! `tests/fixtures/resolver/` state what must happen on their second line, the specs
//! of `tests/fixtures/many-errors/` every error they must get), every hostile spec, a
//! few made here (too big to commit), and, when the shared corpus is present
//! (`../shared`, or the directory `OAGEN_SHARED_DIR` names), the entry point of every
//! spec its `SOURCES.tsv` files list.

#[allow(dead_code)]
mod support;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use oagen::lint::{lint_file, LintConfig};
use oagen::{Config, Diagnostic};
use tests::project_root;

/// An error: the rule (the generator's, for a wrapped lint finding), the file, the
/// pointer and the line and column.
type Refusal = (String, PathBuf, String, Option<(u32, u32)>);

/// An error as a [`Refusal`], under `rule`.
fn refusal(rule: String, diagnostic: &Diagnostic) -> Refusal {
    (
        rule,
        diagnostic.file.to_path_buf(),
        diagnostic.pointer.clone(),
        diagnostic.location.map(|l| (l.line, l.column)),
    )
}

/// What strict generation refuses in `spec`: nothing when it generates.
fn generation_refusals(spec: &Path) -> BTreeSet<Refusal> {
    let config = Config::new(vec![spec.to_path_buf()], "front invariant test");
    match oagen::generate(&config) {
        Ok(_) => BTreeSet::new(),
        Err(diagnostics) => diagnostics
            .iter()
            .filter(|d| d.is_error())
            .map(|d| refusal(d.rule.to_owned(), d))
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
        .map(|f| refusal(unwrapped_rule(f), f))
        .collect()
}

/// How lint and generation disagree on `spec`, if they do.
fn disagreement(spec: &Path) -> Option<String> {
    let refused = generation_refusals(spec);
    let linted = lint_errors(spec);
    let problems: Vec<String> = (refused.difference(&linted))
        .map(|r| format!("generation refuses {r:?}; lint does not err"))
        .chain(
            linted
                .difference(&refused)
                .map(|r| format!("lint errs {r:?}; generation does not refuse it")),
        )
        .collect();
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

/// An error without its line and column: the rule, the file and the pointer.
type Unlocated = (String, PathBuf, String);

fn unlocated(refusals: BTreeSet<Refusal>) -> BTreeSet<Unlocated> {
    refusals
        .into_iter()
        .map(|(rule, file, pointer, _)| (rule, file, pointer))
        .collect()
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
        let wanted: BTreeSet<Unlocated> = match expect.split_whitespace().collect::<Vec<_>>()[..] {
            ["generates"] => BTreeSet::new(),
            ["refused", rule, pointer] => {
                [(rule.to_owned(), spec.clone(), pointer.to_owned())].into()
            }
            _ => panic!(
                "{}: `Expect: {expect}` is `generates` or `refused RULE POINTER`",
                spec.display()
            ),
        };
        let refused = unlocated(generation_refusals(&spec));
        if refused != wanted {
            failures.push(format!(
                "{}: generation refuses {refused:?}, not {wanted:?}",
                spec.display()
            ));
        }
        let linted = unlocated(lint_errors(&spec));
        if linted != wanted {
            failures.push(format!(
                "{}: lint errors are {linted:?}, not {wanted:?}",
                spec.display()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// A JSON object that names a key twice is refused by both at that member, with the
/// same line and column (JSON has no comments, so it cannot be a resolver fixture).
#[test]
fn a_key_named_twice_in_json_is_refused_by_both_at_the_member() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let spec = dir.path().join("twice.json");
    let text = r#"{"openapi": "3.0.3", "info": {"title": "t", "version": "1"},
  "paths": {"/a": {"get": {"responses": {"200": {"description": "x", "description": "y"}}}}}}"#;
    std::fs::write(&spec, text).expect("the spec can be written");
    let refused = generation_refusals(&spec);
    let wanted: BTreeSet<Unlocated> = [(
        "malformed-json".to_owned(),
        spec.clone(),
        "/paths/~1a/get/responses/200/description".to_owned(),
    )]
    .into();
    assert_eq!(unlocated(refused.clone()), wanted);
    assert_eq!(
        lint_errors(&spec),
        refused,
        "lint agrees, line and column too"
    );
}

/// Input nested 100,000 levels deep is refused by both with the nesting rule, and
/// neither overflows its stack. YAML's flow nesting is refused by the measure taken
/// before parsing, which names the bracket that goes one level too deep, the 129th
/// (the parser, quadratic in flow nesting, never sees it); block nesting and JSON by
/// the parsers' own limits, where they stop. (`cargo xtask bench-frontend` times
/// these.)
#[test]
fn deep_nesting_is_refused_where_it_goes_too_deep() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let levels = 100_000;
    let cases = [
        (
            "flow-lists.yaml",
            format!(
                "openapi: 3.0.3\nx: {}{}\n",
                "[".repeat(levels),
                "]".repeat(levels)
            ),
            // `x: ` and 128 brackets come before the 129th.
            (2, 3 + 129),
        ),
        (
            "flow-maps.yaml",
            format!(
                "openapi: 3.0.3\nx: {}1{}\n",
                "{a: ".repeat(levels),
                "}".repeat(levels)
            ),
            (2, 3 + 128 * 4 + 1),
        ),
        // 128 `- ` come before the 129th.
        (
            "block-lists.yaml",
            format!("{}1\n", "- ".repeat(levels)),
            (1, 2 * 128 + 1),
        ),
        (
            "lists.json",
            format!(
                "{{\"openapi\": \"3.0.3\", \"x\": {}{}}}",
                "[".repeat(levels),
                "]".repeat(levels)
            ),
            // serde_json refuses the 128th level it opens, the document's own object
            // counted: the 127th bracket, after the 26 characters before the first.
            (1, 26 + 127),
        ),
    ];
    for (name, text, (line, column)) in cases {
        let spec = dir.path().join(name);
        std::fs::write(&spec, text).expect("a writable temporary file");
        let wanted: BTreeSet<Refusal> = [(
            "nesting-too-deep".to_owned(),
            spec.clone(),
            String::new(),
            Some((line, column)),
        )]
        .into();
        assert_eq!(generation_refusals(&spec), wanted, "{name}: generation");
        assert_eq!(lint_errors(&spec), wanted, "{name}: lint");
    }
}

#[test]
fn lint_errs_exactly_where_generation_refuses_on_the_corpus() {
    let Some(shared) =
        tests::shared_dir_or_say("the agreement of lint and generation on the corpus was")
    else {
        return;
    };
    let specs = tests::corpus_entry_points(&shared);
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

/// The errors a spec of `tests/fixtures/many-errors/` says it must get, one a line:
/// `# Expect: RULE [FILE] POINTER LINE:COLUMN`, FILE (beside the spec) when the error
/// is in another file than the spec.
fn stated_errors(spec: &Path) -> BTreeSet<Refusal> {
    let text = std::fs::read_to_string(spec).expect("a readable fixture");
    text.lines()
        .filter_map(|line| line.strip_prefix("# Expect: "))
        .map(|expect| {
            let tokens: Vec<&str> = expect.split_whitespace().collect();
            let (rule, file, pointer, at) = match tokens[..] {
                [rule, pointer, at] => (rule, spec.to_path_buf(), pointer, at),
                [rule, file, pointer, at] => (rule, spec.with_file_name(file), pointer, at),
                _ => panic!(
                    "{}: `Expect: {expect}` is `RULE [FILE] POINTER LINE:COLUMN`",
                    spec.display()
                ),
            };
            let (line, column) = at
                .split_once(':')
                .and_then(|(l, c)| Some((l.parse().ok()?, c.parse().ok()?)))
                .unwrap_or_else(|| panic!("{}: `{at}` is not LINE:COLUMN", spec.display()));
            (
                rule.to_owned(),
                file,
                pointer.to_owned(),
                Some((line, column)),
            )
        })
        .collect()
}

/// The specs of `tests/fixtures/many-errors/`: the ones that state their errors.
fn many_errors_specs() -> Vec<PathBuf> {
    let specs: Vec<PathBuf> = specs_under(&project_root().join("tests/fixtures/many-errors"))
        .into_iter()
        .filter(|spec| !stated_errors(spec).is_empty())
        .collect();
    assert!(
        specs.len() >= 4,
        "the many-errors fixtures are missing: {specs:?}"
    );
    specs
}

/// A spec broken in several independent places gets every error, each where it is
/// written (in the other file of a multi-file spec, in the Swagger 2.0 document rather
/// than the OpenAPI 3.0 one it is upgraded to), from the library's generate and lint
/// alike, in every version.
#[test]
fn every_structural_error_is_reported_at_its_own_place() {
    let mut failures = Vec::new();
    for spec in many_errors_specs() {
        let wanted = stated_errors(&spec);
        assert!(
            wanted.len() >= 3,
            "{}: states fewer than three errors",
            spec.display()
        );
        let refused = generation_refusals(&spec);
        if refused != wanted {
            failures.push(format!(
                "{}: generation refuses\n  {refused:?}\nnot\n  {wanted:?}",
                spec.display()
            ));
        }
        let linted = lint_errors(&spec);
        if linted != wanted {
            failures.push(format!(
                "{}: lint errs\n  {linted:?}\nnot\n  {wanted:?}",
                spec.display()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The binaries report them all too: `oagen generate` prints each error with its
/// file, line, column and pointer, and exits with 1; `oagen lint --format json` lists
/// each, and exits with 1.
#[test]
fn the_binaries_report_every_structural_error() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    for spec in many_errors_specs() {
        let wanted = stated_errors(&spec);
        let output = support::run_oagen(&spec, &dir.path().join("client"), &[]);
        let stderr = support::stderr(&output);
        assert_eq!(
            output.status.code(),
            Some(1),
            "{}: {stderr}",
            spec.display()
        );
        for (rule, file, pointer, at) in &wanted {
            let (line, column) = at.expect("stated");
            let shown = format!("error[{rule}]: ");
            let located = format!("--> {}:{line}:{column} (at {pointer})", file.display());
            assert!(
                stderr.contains(&shown) && stderr.contains(&located),
                "{}: generate's output lacks `{located}`:\n{stderr}",
                spec.display()
            );
        }
        assert!(
            stderr.contains(&format!("generation failed with {} error(s)", wanted.len())),
            "{}: {stderr}",
            spec.display()
        );
        let output = std::process::Command::new(support::oagen_bin())
            .args(["lint", "--no-config", "--format", "json"])
            .arg(&spec)
            .output()
            .expect("the oagen binary can be started");
        assert_eq!(output.status.code(), Some(1), "{}: lint", spec.display());
        let report: serde_json::Value =
            serde_json::from_slice(&output.stdout).expect("lint's JSON report");
        let listed: BTreeSet<Refusal> = report["findings"]
            .as_array()
            .expect("a list of findings")
            .iter()
            .filter(|f| f["severity"] == "error")
            .map(|f| {
                let number = |key: &str| f[key].as_u64().and_then(|n| u32::try_from(n).ok());
                (
                    f["rule"].as_str().unwrap_or_default().to_owned(),
                    PathBuf::from(f["file"].as_str().unwrap_or_default()),
                    f["pointer"].as_str().unwrap_or_default().to_owned(),
                    number("line").zip(number("column")),
                )
            })
            .collect();
        assert_eq!(listed, wanted, "{}: lint's JSON report", spec.display());
    }
}

/// Where generation refuses what a lint rule also finds as advice (an undeclared path
/// parameter, an undefined security scheme), lint says it once: the refusal, as an
/// error, and not the advice beside it.
#[test]
fn a_refusal_that_lint_also_advises_on_is_said_once() {
    for (fixture, refusal, advice) in [
        (
            "path-param-undeclared.yaml",
            "path-param-undeclared",
            "path-params",
        ),
        (
            "path-param-not-in-template.yaml",
            "path-param-not-in-template",
            "path-params",
        ),
        (
            "undefined-security-scheme.yaml",
            "undefined-security-scheme",
            "security-defined",
        ),
    ] {
        let spec = support::fixture(&format!("bad/{fixture}"));
        let refused = generation_refusals(&spec);
        let [(rule, _, pointer, _)] = &refused.iter().collect::<Vec<_>>()[..] else {
            panic!("{fixture}: one refusal expected: {refused:?}");
        };
        assert_eq!(rule, refusal, "{fixture}");
        let at_refusal: Vec<(String, bool)> = lint_file(&spec, &LintConfig::default())
            .findings
            .iter()
            .filter(|f| f.pointer == *pointer && (f.is_error() || f.rule == advice))
            .map(|f| (unwrapped_rule(f), f.is_error()))
            .collect();
        assert_eq!(
            at_refusal,
            [(refusal.to_owned(), true)],
            "{fixture}: lint at {pointer}, where {advice} would repeat the refusal"
        );
    }
}

/// A spec whose one path item holds callbacks nested `levels` deep.
fn nested_callbacks(levels: usize) -> String {
    let ok = serde_json::json!({"200": {"description": "ok"}});
    let mut item = serde_json::json!({"post": {"operationId": "deepest", "responses": ok}});
    for level in 0..levels {
        item = serde_json::json!({"post": {"operationId": format!("level{level}"),
            "responses": ok, "callbacks": {"c": {"e": item}}}});
    }
    serde_json::json!({"openapi": "3.0.3", "info": {"title": "t", "version": "1"},
        "paths": {"/x": item}})
    .to_string()
}

/// Reading a path item recurses through its callbacks, so they may nest only a few
/// levels: at the limit both generate (on a test's thread, whose stack is small, in
/// a debug build), and one level more is refused by both at the callback too deep.
#[test]
fn callbacks_nest_to_the_limit_and_no_deeper() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let limit = 4;
    for (levels, refused_at) in [(limit, None), (limit + 1, Some(limit))] {
        let spec = dir.path().join(format!("callbacks-{levels}.json"));
        std::fs::write(&spec, nested_callbacks(levels)).expect("a writable temporary file");
        let wanted: BTreeSet<Unlocated> = refused_at
            .map(|depth| {
                let pointer = format!(
                    "/paths/~1x{}/post/callbacks/c",
                    "/post/callbacks/c/e".repeat(depth)
                );
                ("invalid-openapi".to_owned(), spec.clone(), pointer)
            })
            .into_iter()
            .collect();
        assert_eq!(
            unlocated(generation_refusals(&spec)),
            wanted,
            "{levels} levels: generation"
        );
        assert_eq!(
            unlocated(lint_errors(&spec)),
            wanted,
            "{levels} levels: lint"
        );
    }
}
