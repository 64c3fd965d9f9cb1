//! Tests of `oagen lint`: every rule on a failing and a passing fixture, exact
//! locations in YAML and JSON, the output formats, the config file, exit codes and
//! bad input.

#[allow(dead_code)]
mod support;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use oagen::lint::{lint_file, lint_text, Category, LintConfig, LintedFile, RULES};
use oagen::{Diagnostic, Severity};
use serde_json::Value;
use support::{fixture, oagen_bin};
use tests::project_root;

fn rules_fixture(rule: &str, kind: &str) -> PathBuf {
    fixture(&format!("lint/rules/{rule}.{kind}.yaml"))
}

fn lint(path: &Path) -> LintedFile {
    lint_file(path, &LintConfig::default())
}

fn of_rule<'a>(file: &'a LintedFile, rule: &str) -> Vec<&'a Diagnostic> {
    file.findings.iter().filter(|f| f.rule == rule).collect()
}

/// Runs `oagen lint ARGS` from `dir`.
fn run_lint(dir: &Path, args: &[&str]) -> Output {
    Command::new(oagen_bin())
        .current_dir(dir)
        .arg("lint")
        .args(args)
        .output()
        .expect("the oagen binary can be started")
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// The last token of a pointer, unescaped.
fn last_token(pointer: &str) -> Option<String> {
    let token = pointer.rsplit('/').next()?;
    Some(token.replace("~1", "/").replace("~0", "~"))
}

/// Checks that a finding's line and column point at its node: at the key of a
/// mapping entry, or at the start of a list item.
fn assert_points_at_node(text: &str, finding: &Diagnostic, json: bool) {
    let at = finding
        .location
        .unwrap_or_else(|| panic!("no location for {finding}"));
    let line = text
        .lines()
        .nth(at.line as usize - 1)
        .unwrap_or_else(|| panic!("line {} is past the end for {finding}", at.line));
    let rest: String = line.chars().skip(at.column as usize - 1).collect();
    let Some(token) = last_token(&finding.pointer) else {
        return;
    };
    // The whole document, a list item, or a node that is absent (found at its nearest parent).
    if finding.pointer.is_empty()
        || token.parse::<usize>().is_ok()
        || ["has no", "lists no", "documents no"]
            .iter()
            .any(|m| finding.message.contains(m))
    {
        return;
    }
    let matches = if json {
        rest.starts_with(&format!("\"{token}\""))
    } else {
        rest.starts_with(&token)
            || rest.starts_with(&format!("'{token}'"))
            || rest.starts_with(&format!("\"{token}\""))
    };
    assert!(
        matches,
        "{finding}\n  the position shows `{rest}`, not `{token}`"
    );
}

#[test]
fn every_rule_has_a_failing_and_a_passing_fixture() {
    let mut problems = Vec::new();
    for rule in RULES.iter().filter(|r| r.category != Category::Input) {
        let (fail, pass) = (
            rules_fixture(rule.id, "fail"),
            rules_fixture(rule.id, "pass"),
        );
        if !fail.is_file() || !pass.is_file() {
            problems.push(format!(
                "{}: missing {} or {}",
                rule.id,
                fail.display(),
                pass.display()
            ));
            continue;
        }
        let failing = lint(&fail);
        let found = of_rule(&failing, rule.id);
        if found.is_empty() {
            problems.push(format!(
                "{}: not reported on its failing fixture; found {:?}",
                rule.id,
                failing.findings.iter().map(|f| f.rule).collect::<Vec<_>>()
            ));
        }
        for finding in &found {
            if finding.severity != rule.severity
                || finding.hint.is_none()
                || finding.location.is_none()
            {
                problems.push(format!(
                    "{}: finding without default severity, hint or location: {finding}",
                    rule.id
                ));
            }
        }
        let passing = lint(&pass);
        if !passing.findings.is_empty() {
            problems.push(format!(
                "{}: the passing fixture has findings:\n{}",
                rule.id,
                passing
                    .findings
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join("\n")
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n\n"));
}

#[test]
fn failing_fixtures_report_exactly_these_findings() {
    insta::glob!("../fixtures", "lint/rules/*.fail.yaml", |path| {
        let file = lint(path);
        let text = std::fs::read_to_string(path).unwrap();
        let mut report = String::new();
        for finding in &file.findings {
            assert_points_at_node(&text, finding, false);
            let at = finding.location.expect("located");
            report.push_str(&format!(
                "{}:{} {} {} [{}]\n  {}\n",
                at.line,
                at.column,
                oagen::lint::rules::severity_name(finding.severity),
                finding.rule,
                finding.pointer,
                finding.message
            ));
        }
        insta::assert_snapshot!(report);
    });
}

/// 3.2's `query` operation, which the upgrade keeps under `x-oagen-operations`, is
/// reached by the tree rules and the reference check alike, and each finding is
/// reported where the user wrote it.
#[test]
fn a_query_operation_is_linted_where_it_is_written() {
    let file = lint(&fixture("lint/oas32-query.yaml"));
    let found: Vec<(&str, &str)> = file
        .findings
        .iter()
        .map(|f| (f.rule, f.pointer.as_str()))
        .collect();
    let query = "/paths/~1items~1{id}/query";
    assert_eq!(
        found,
        [
            // The undeclared `{id}` is generation's refusal, reported in its place of
            // lint's own path-params advice.
            ("generator-unsupported", query),
            ("operation-id", query),
            ("duplicate-parameter", &format!("{query}/parameters/1")[..]),
            (
                "unresolved-ref",
                &format!("{query}/requestBody/content/application~1json/schema/$ref")[..]
            ),
        ]
    );
    assert!(file.findings.iter().all(|f| f.location.is_some()));
}

/// The same document as YAML and as JSON (one line and pretty) gives the same findings, each at its node.
#[test]
fn locations_are_exact_in_yaml_and_json() {
    let dir = tempfile::tempdir().unwrap();
    let mut checked = 0;
    for entry in std::fs::read_dir(fixture("lint/rules")).unwrap() {
        let path = entry.unwrap().path();
        if !path.to_string_lossy().ends_with(".fail.yaml") {
            continue;
        }
        let yaml = lint(&path);
        // The loader's raw tree is the document as JSON (the one fixture that does not load is skipped).
        let Ok(spec) = oagen::front::load_str(&path, &std::fs::read_to_string(&path).unwrap())
        else {
            continue;
        };
        // The tree of a document of another version is its upgrade, not the document.
        if spec.version != oagen::front::upgrade::SpecVersion::OpenApi30 {
            continue;
        }
        let tree: Value = spec.raw.to_json();
        for (name, text) in [
            ("pretty.json", serde_json::to_string_pretty(&tree).unwrap()),
            ("line.json", serde_json::to_string(&tree).unwrap()),
        ] {
            let json_path = dir.path().join(name);
            std::fs::write(&json_path, &text).unwrap();
            let json = lint(&json_path);
            let pairs = |f: &LintedFile| {
                let mut v: Vec<(&str, String)> = f
                    .findings
                    .iter()
                    .map(|d| (d.rule, d.pointer.clone()))
                    .collect();
                v.sort();
                v
            };
            assert_eq!(pairs(&yaml), pairs(&json), "{} as {name}", path.display());
            for finding in &json.findings {
                assert_points_at_node(&text, finding, true);
                checked += 1;
            }
        }
    }
    assert!(checked > 30);
}

#[test]
fn our_specs_lint_clean_with_the_committed_config() {
    let root = project_root();
    let config = LintConfig::load(&root.join(".oagen-lint.yaml")).expect("the config is valid");
    for spec in ["specs/control-plane.yaml", "specs/keys.yaml"] {
        let file = lint_file(&root.join(spec), &config);
        assert!(
            file.findings.is_empty(),
            "{spec}:\n{}",
            file.findings
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("\n")
        );
    }
}

#[test]
fn seed_000_reports_what_spectral_and_redocly_agree_on_and_more() {
    let file = lint(&fixture("lint/seed-000-rotate-credentials.yaml"));
    let rules: Vec<&str> = file.findings.iter().map(|f| f.rule).collect();
    assert_eq!(
        rules,
        [
            "info-contact",
            "info-license",
            "operation-id",
            "secret-not-marked"
        ]
    );
    let missing_id = &file.findings[2];
    assert_eq!(
        missing_id.pointer,
        "/paths/~1control-plane~1{siteId}~1credentials/post"
    );
    assert_eq!(
        missing_id.location.map(|l| (l.line, l.column)),
        Some((54, 5))
    );
}

#[test]
fn bad_input_gives_one_finding_and_exit_code_2() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("binary.yaml"), [0xff, 0xfe, 0x00, 0x01]).unwrap();
    std::fs::write(dir.path().join("prose.yaml"), "just some words\n").unwrap();
    std::fs::write(dir.path().join("deep.json"), "[".repeat(100_000)).unwrap();
    std::fs::write(
        dir.path().join("openapi-number.yaml"),
        "openapi: 3\ninfo: {}\n",
    )
    .unwrap();
    std::fs::create_dir(dir.path().join("a-directory.yaml")).unwrap();
    // A FIFO nobody writes to: reading it would wait for ever.
    let fifo = dir.path().join("fifo.yaml");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    assert!(made.is_ok_and(|s| s.success()), "mkfifo");
    let cases: &[(PathBuf, &str)] = &[
        (fifo.clone(), "unreadable-file"),
        (fixture("bad/empty.yaml"), "empty-file"),
        (fixture("bad/malformed.yaml"), "malformed-yaml"),
        (fixture("bad/malformed.json"), "malformed-json"),
        (fixture("bad/swagger2.yaml"), "unsupported-version"),
        (fixture("bad/openapi33.yaml"), "unsupported-version"),
        (fixture("bad/list.yaml"), "not-openapi"),
        (dir.path().join("binary.yaml"), "unreadable-file"),
        (dir.path().join("prose.yaml"), "not-openapi"),
        (dir.path().join("deep.json"), "nesting-too-deep"),
        (dir.path().join("openapi-number.yaml"), "not-openapi"),
        (dir.path().join("a-directory.yaml"), "unreadable-file"),
        (dir.path().join("missing.yaml"), "unreadable-file"),
    ];
    for (path, rule) in cases {
        let file = lint(path);
        assert!(file.unreadable, "{}", path.display());
        assert_eq!(
            file.findings.len(),
            1,
            "{}: {:?}",
            path.display(),
            file.findings
        );
        let finding = &file.findings[0];
        assert_eq!(finding.rule, *rule, "{}", path.display());
        assert!(finding.hint.is_some());
        let output = run_lint(&project_root(), &["--no-config", &path.to_string_lossy()]);
        assert_eq!(
            output.status.code(),
            Some(2),
            "{}:\n{}",
            path.display(),
            stdout(&output)
        );
        assert!(stdout(&output).contains(rule), "{}", stdout(&output));
    }
    // Positions where the parser or the version check can tell.
    for (path, line) in [
        (fixture("bad/openapi33.yaml"), 1),
        (fixture("bad/malformed.yaml"), 0),
    ] {
        let at = lint(&path).findings[0].location.expect("located");
        assert!(at.line as usize >= line.max(1));
    }
}

#[test]
fn a_spec_that_does_not_deserialize_is_still_linted() {
    let text = "openapi: 3.0.3\ninfo:\n  title: x\n  version: '1'\npaths:\n  /a:\n    get:\n      responses:\n        '200': {}\n      tags: [Nope]\n";
    let file = lint_text(Path::new("inline.yaml"), text, &LintConfig::default());
    assert!(!file.unreadable);
    let rules: Vec<&str> = file.findings.iter().map(|f| f.rule).collect();
    assert!(rules.contains(&"invalid-openapi"), "{rules:?}");
    assert!(rules.contains(&"tag-defined"), "{rules:?}");
    let invalid = of_rule(&file, "invalid-openapi")[0];
    assert_eq!(invalid.location.map(|l| l.line), Some(9), "{invalid}");
}

#[test]
fn exit_codes_follow_severities_and_deny_warnings() {
    let root = project_root();
    let pass = rules_fixture("operation-id", "pass")
        .to_string_lossy()
        .into_owned();
    let warn = rules_fixture("operation-id", "fail")
        .to_string_lossy()
        .into_owned();
    let error = rules_fixture("unresolved-ref", "fail")
        .to_string_lossy()
        .into_owned();
    let info = rules_fixture("inline-schema-name", "fail")
        .to_string_lossy()
        .into_owned();
    let code = |args: &[&str]| run_lint(&root, args).status.code();
    assert_eq!(code(&["--no-config", &pass]), Some(0));
    assert_eq!(code(&["--no-config", &warn]), Some(0));
    assert_eq!(code(&["--no-config", "--deny-warnings", &warn]), Some(1));
    assert_eq!(code(&["--no-config", &error]), Some(1));
    assert_eq!(
        code(&["--no-config", "--deny-warnings", &pass, &error]),
        Some(1)
    );
    let dir = tempfile::tempdir().unwrap();
    let only_infos = dir.path().join("infos.yaml");
    std::fs::write(&only_infos, "rules:\n  unused-component: off\n").unwrap();
    assert_eq!(
        code(&[
            "--config",
            &only_infos.to_string_lossy(),
            "--deny-warnings",
            &info
        ]),
        Some(0),
        "infos never fail a run"
    );
    let broken = dir.path().join("broken.yaml");
    std::fs::write(&broken, "rules:\n  no-such-rule: off\n").unwrap();
    let output = run_lint(&root, &["--config", &broken.to_string_lossy(), &pass]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("no-such-rule"));
}

#[test]
fn config_changes_severities_turns_rules_off_and_ignores_by_file_and_pointer() {
    let spec = rules_fixture("rust-name-collision", "fail");
    let with = |text: &str| lint_file(&spec, &LintConfig::parse(text).expect("valid config"));
    let rules = |f: &LintedFile| {
        f.findings
            .iter()
            .map(|d| (d.rule, d.severity))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        rules(&lint(&spec)),
        [("rust-name-collision", Severity::Warning)]
    );
    assert_eq!(
        rules(&with("rules:\n  rust-name-collision: error\n")),
        [("rust-name-collision", Severity::Error)]
    );
    assert!(with("rules:\n  rust-name-collision: off\n")
        .findings
        .is_empty());
    assert!(with(
        "ignore:\n  - rules: [rust-name-collision]\n    pointers: /components/schemas/Item\n"
    )
    .findings
    .is_empty());
    assert!(
        with("ignore:\n  - pointer: /components/schemas/*/properties/user_id\n")
            .findings
            .is_empty()
    );
    assert!(
        with("ignore:\n  - files: '**/rust-name-collision.fail.yaml'\n")
            .findings
            .is_empty()
    );
    assert_eq!(
        with("ignore:\n  - files: '**/other.yaml'\n").findings.len(),
        1
    );
    assert_eq!(
        with("ignore:\n  - rules: info-license\n    pointers: /components\n")
            .findings
            .len(),
        1
    );
    assert_eq!(
        with("ignore:\n  - pointers: /components/schemas/It\n")
            .findings
            .len(),
        1,
        "prefixes end at a token"
    );
    // JSON config files work too.
    assert!(with("{\"rules\": {\"rust-name-collision\": \"off\"}}")
        .findings
        .is_empty());
}

#[test]
fn the_config_is_found_beside_the_spec_or_above_it() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join(".git")).unwrap();
    let nested = dir.path().join("api/v1");
    std::fs::create_dir_all(&nested).unwrap();
    std::fs::copy(
        rules_fixture("operation-id", "fail"),
        nested.join("spec.yaml"),
    )
    .unwrap();
    let run = |args: &[&str]| stdout(&run_lint(dir.path(), args));
    assert!(run(&["api/v1/spec.yaml"]).contains("operation-id"));
    std::fs::write(
        dir.path().join(".oagen-lint.yaml"),
        "rules:\n  operation-id: off\n",
    )
    .unwrap();
    assert!(run(&["api/v1/spec.yaml"]).contains("clean"));
    assert!(run(&["--no-config", "api/v1/spec.yaml"]).contains("operation-id"));
    std::fs::write(
        nested.join(".oagen-lint.json"),
        "{\"rules\": {\"operation-id\": \"error\"}}",
    )
    .unwrap();
    assert!(run(&["api/v1/spec.yaml"]).contains("error[operation-id]"));
    // File globs are relative to the config's directory.
    std::fs::remove_file(nested.join(".oagen-lint.json")).unwrap();
    std::fs::write(
        dir.path().join(".oagen-lint.yaml"),
        "ignore:\n  - rules: operation-id\n    files: api/*/spec.yaml\n",
    )
    .unwrap();
    assert!(run(&["api/v1/spec.yaml"]).contains("clean"));
    assert!(stdout(&run_lint(&nested, &["spec.yaml"])).contains("clean"));
}

#[test]
fn text_output_shows_the_source_line_and_the_fix() {
    let spec = rules_fixture("operation-id", "fail");
    let output = stdout(&run_lint(
        &project_root(),
        &["--no-config", &spec.to_string_lossy()],
    ));
    assert!(
        output.contains(
            "warning[operation-id]: the operation GET /items/{itemId} has no `operationId`"
        ),
        "{output}"
    );
    assert!(
        output.contains("operation-id.fail.yaml:22:5 (at /paths/~1items~1{itemId}/get)"),
        "{output}"
    );
    assert!(output.contains(" 22 |     get:\n    |     ^\n"), "{output}");
    assert!(output.contains("= help: Add an `operationId`"), "{output}");
    assert!(
        output.ends_with("0 errors, 1 warning, 0 infos in 1 file\n"),
        "{output}"
    );
}

#[test]
fn json_output_has_every_field_of_every_finding() {
    let spec = rules_fixture("unresolved-ref", "fail");
    let output = run_lint(
        &project_root(),
        &["--no-config", "--format", "json", &spec.to_string_lossy()],
    );
    let report: Value = serde_json::from_slice(&output.stdout).expect("JSON");
    assert_eq!(report["summary"]["errors"], 1);
    let finding = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "unresolved-ref")
        .unwrap();
    for field in [
        "rule", "severity", "category", "message", "file", "line", "column", "pointer", "hint",
    ] {
        assert!(!finding[field].is_null(), "{field} in {finding}");
    }
    assert_eq!(finding["severity"], "error");
    assert!(finding["pointer"].as_str().unwrap().ends_with("/$ref"));
}

/// Structural validation against the parts of the SARIF 2.1.0 schema that code scanning reads.
fn validate_sarif(log: &Value) -> usize {
    assert_eq!(log["version"], "2.1.0");
    assert!(log["$schema"].as_str().unwrap().contains("sarif-2.1.0"));
    let run = &log["runs"][0];
    let driver = &run["tool"]["driver"];
    assert_eq!(driver["name"], "oagen");
    let rules = driver["rules"].as_array().unwrap();
    assert_eq!(rules.len(), RULES.len());
    for rule in rules {
        assert!(rule["id"].is_string());
        assert!(rule["shortDescription"]["text"].is_string());
        assert!(rule["help"]["text"].is_string());
        assert!(["error", "warning", "note"]
            .contains(&rule["defaultConfiguration"]["level"].as_str().unwrap()));
    }
    let results = run["results"].as_array().unwrap();
    for result in results {
        let id = result["ruleId"].as_str().unwrap();
        let index = result["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[index]["id"], id);
        assert!(["error", "warning", "note", "none"].contains(&result["level"].as_str().unwrap()));
        assert!(!result["message"]["text"].as_str().unwrap().is_empty());
        let physical = &result["locations"][0]["physicalLocation"];
        let uri = physical["artifactLocation"]["uri"].as_str().unwrap();
        assert!(!uri.contains(' ') && !uri.contains('\\'), "{uri}");
        assert!(physical["region"]["startLine"].as_u64().unwrap() >= 1);
        assert!(physical["region"]["startColumn"].as_u64().unwrap() >= 1);
        for (key, _) in result.as_object().unwrap() {
            assert!(
                ["ruleId", "ruleIndex", "level", "message", "locations"].contains(&key.as_str()),
                "{key}"
            );
        }
    }
    results.len()
}

#[test]
fn sarif_output_is_valid_sarif_2_1_0() {
    let specs: Vec<String> = ["operation-id", "unresolved-ref", "inline-schema-name"]
        .iter()
        .map(|r| rules_fixture(r, "fail").to_string_lossy().into_owned())
        .collect();
    let mut args = vec!["--no-config", "--format", "sarif"];
    args.extend(specs.iter().map(String::as_str));
    let output = run_lint(&project_root(), &args);
    assert_eq!(output.status.code(), Some(1));
    let log: Value = serde_json::from_slice(&output.stdout).expect("SARIF is JSON");
    assert!(validate_sarif(&log) >= 3);
    let levels: Vec<&str> = log["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["level"].as_str().unwrap())
        .collect();
    assert!(
        levels.contains(&"error") && levels.contains(&"warning") && levels.contains(&"note"),
        "{levels:?}"
    );
    // Written to a file with --output as well.
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("lint.sarif");
    run_lint(
        &project_root(),
        &[
            "--no-config",
            "--format",
            "sarif",
            "-o",
            &out.to_string_lossy(),
            &specs[0],
        ],
    );
    validate_sarif(&serde_json::from_str(&std::fs::read_to_string(out).unwrap()).unwrap());
}

#[test]
fn github_output_is_one_workflow_command_per_finding() {
    let spec = rules_fixture("unresolved-ref", "fail");
    let relative = spec
        .strip_prefix(project_root())
        .unwrap()
        .to_string_lossy()
        .into_owned();
    let output = stdout(&run_lint(
        &project_root(),
        &["--no-config", "--format", "github", &relative],
    ));
    let lines: Vec<&str> = output.lines().collect();
    assert_eq!(lines.len(), 2, "{output}");
    assert!(lines.iter().any(|l| l.starts_with(&format!("::error file={relative},line=46,col=17,title=unresolved-ref::`$ref: #/components/schemas/Missing` points at nothing"))), "{output}");
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("::warning file=") && l.contains("title=unused-component::")),
        "{output}"
    );
    assert!(lines
        .iter()
        .all(|l| !l.contains('\n') && l.contains("%0AFix: ")));
}

#[test]
fn list_rules_prints_the_table() {
    let output = stdout(&run_lint(&project_root(), &["--list-rules"]));
    for rule in RULES {
        assert!(output.contains(rule.id), "{}", rule.id);
    }
}
