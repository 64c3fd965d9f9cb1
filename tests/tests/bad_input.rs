//! Bad specs: each file in `tests/fixtures/bad/` must make generation fail with
//! one precise diagnostic, and must leave the output directory exactly as it was.
//!
//! Every case is checked twice: through `oagen::generate` (the rule, the file, the
//! JSON pointer and the line and column of the diagnostic) and through the `oagen`
//! binary run against a directory holding an earlier generated tree and a
//! hand-written file (the exit code, what stderr names, and that not one byte of
//! the directory changed).

mod support;

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use oagen::diagnostics::LineColumn;
use oagen::{Config, Diagnostic, Severity};
use support::{assert_tree_unchanged, fixture, read_tree, run_oagen, stderr, write_previous_tree};

/// One bad spec and the single error it must produce.
struct Case {
    /// The file name under `tests/fixtures/bad/`.
    file: &'static str,
    /// The diagnostic's rule.
    rule: &'static str,
    /// The JSON pointer of the offending node; empty for the whole file.
    pointer: &'static str,
    /// Where the offending node starts: at its key when it has one, at its first character
    /// after `- ` when it is a sequence item, at 1:1 for the whole file.
    at: (u32, u32),
}

/// A library configuration for the given specs; the layout does not matter, as nothing renders.
fn config(specs: &[PathBuf]) -> Config {
    Config {
        crate_name: "bad-input".to_owned(),
        ..Config::new(specs.to_vec(), "bad_input test")
    }
}

/// The diagnostics `oagen::generate` returns for `specs`, failing if generation succeeds.
fn generate_err(specs: &[PathBuf]) -> Vec<Diagnostic> {
    match oagen::generate(&config(specs)) {
        Ok(generated) => panic!(
            "{specs:?} generated {} files; it should have been rejected",
            generated.files.len()
        ),
        Err(diagnostics) => diagnostics,
    }
}

/// The text stderr must contain to locate a diagnostic: `file:line:col`, then the pointer.
fn location_text(spec: &Path, pointer: &str, (line, column): (u32, u32)) -> String {
    let mut text = format!("{}:{line}:{column}", spec.display());
    if !pointer.is_empty() {
        text.push_str(&format!(" (at {pointer})"));
    }
    text
}

/// Runs the binary on `specs` (the first with `--spec`, the rest as extra `--spec`s) against a
/// directory holding a previous tree and a hand-written file. Checks, in this order, that it
/// did not panic, exited with 1, left the directory untouched, and wrote to stderr each of
/// `expected` and a `help:` line.
fn assert_binary_rejects(specs: &[PathBuf], expected: &[String]) {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let out = dir.path().join("client");
    write_previous_tree(&out);
    fs::write(
        out.join("notes.txt"),
        "hand-written; the generator must not touch it\n",
    )
    .expect("the sentinel can be written");
    let before = read_tree(&out);

    let extra: Vec<&str> = specs[1..]
        .iter()
        .flat_map(|s| ["--spec", s.to_str().expect("fixture paths are UTF-8")])
        .collect();
    let output = run_oagen(&specs[0], &out, &extra);
    let stderr = stderr(&output);
    let context = format!("oagen on {specs:?}; stderr:\n{stderr}");

    assert!(
        !stderr.contains("panicked"),
        "the binary panicked: {context}"
    );
    assert_eq!(
        output.status.code(),
        Some(1),
        "the binary must fail with exit code 1: {context}"
    );
    assert_tree_unchanged(&before, &read_tree(&out), &context);
    assert!(output.stdout.is_empty(), "stdout is not empty: {context}");
    assert!(
        stderr.contains("nothing was written"),
        "stderr does not say that nothing was written: {context}"
    );
    assert!(
        stderr.contains("= help: "),
        "stderr has no help line: {context}"
    );
    for text in expected {
        assert!(
            stderr.contains(text.as_str()),
            "stderr lacks `{text}`: {context}"
        );
    }
}

/// Checks one case through `oagen::generate`: exactly one error, with the expected rule,
/// file, pointer and position, a message and a hint.
fn check_library(case: &Case) {
    let spec = fixture(&format!("bad/{}", case.file));
    let diagnostics = generate_err(std::slice::from_ref(&spec));
    let errors: Vec<&Diagnostic> = diagnostics.iter().filter(|d| d.is_error()).collect();
    let listing = diagnostics
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("\n\n");
    assert_eq!(
        errors.len(),
        1,
        "{}: expected exactly one error, got:\n{listing}",
        case.file
    );
    let error = errors[0];
    let (line, column) = case.at;
    assert_eq!(
        (
            error.rule,
            error.severity,
            &*error.file,
            error.pointer.as_str()
        ),
        (case.rule, Severity::Error, spec.as_path(), case.pointer),
        "{}: wrong rule, file or pointer:\n{listing}",
        case.file
    );
    assert_eq!(
        error.location,
        Some(LineColumn { line, column }),
        "{}: wrong position:\n{listing}",
        case.file
    );
    assert!(!error.message.is_empty(), "{}: empty message", case.file);
    assert!(
        error.hint.as_ref().is_some_and(|h| !h.is_empty()),
        "{}: no hint:\n{listing}",
        case.file
    );
}

/// Checks one case through the binary: it fails cleanly, leaves the directory alone, and
/// stderr gives the rule, the file, the position and the pointer.
fn check_binary(case: &Case) {
    let spec = fixture(&format!("bad/{}", case.file));
    let location = location_text(&spec, case.pointer, case.at);
    assert_binary_rejects(
        std::slice::from_ref(&spec),
        &[format!("error[{}]: ", case.rule), format!("--> {location}")],
    );
}

/// Declares the cases: a module each with a `library` and a `binary` test, and the list
/// [`CASES`] for the coverage test.
macro_rules! cases {
    ($($name:ident: $file:literal => $rule:literal at $pointer:literal, $line:literal:$column:literal;)*) => {
        /// Every case, for [`every_bad_fixture_has_a_case`].
        const CASES: &[Case] = &[$(Case { file: $file, rule: $rule, pointer: $pointer, at: ($line, $column) }),*];
        $(
            mod $name {
                use super::*;

                const CASE: Case = Case { file: $file, rule: $rule, pointer: $pointer, at: ($line, $column) };

                #[test]
                fn library() {
                    check_library(&CASE);
                }

                #[test]
                fn binary() {
                    check_binary(&CASE);
                }
            }
        )*
    };
}

cases! {
    malformed_yaml: "malformed.yaml" => "malformed-yaml" at "", 5:19;
    malformed_json: "malformed.json" => "malformed-json" at "", 6:3;
    // At the second of the two keys (`200` and `'200'` are one key), not at the mapping.
    duplicate_yaml_key: "duplicate-key.yaml" => "malformed-yaml"
        at "/paths/~1things/get/responses/200", 13:9;
    // Both formats refuse a number no float holds, at the number.
    number_out_of_range_yaml: "number-out-of-range.yaml" => "number-out-of-range"
        at "/components/schemas/Amount/maximum", 12:16;
    number_out_of_range_json: "number-out-of-range.json" => "number-out-of-range"
        at "/components/schemas/Amount/maximum", 8:16;
    dangling_ref_in_used_schema: "dangling-ref-used.yaml" => "unresolved-ref"
        at "/paths/~1things/get/responses/200/content/application~1json/schema/$ref", 16:17;
    dangling_ref_in_unused_schema: "dangling-ref-unused.yaml" => "unresolved-ref"
        at "/components/schemas/Unused/properties/owner/$ref", 20:11;
    external_ref_to_a_missing_file: "external-ref.yaml" => "external-ref-unreadable"
        at "/paths/~1things/get/responses/200/content/application~1json/schema/$ref", 16:17;
    swagger_2: "swagger2.yaml" => "unsupported-version" at "/swagger", 2:1;
    openapi_3_3: "openapi33.yaml" => "unsupported-version" at "/openapi", 2:1;
    empty_file: "empty.yaml" => "empty-file" at "", 1:1;
    yaml_list: "list.yaml" => "not-openapi" at "", 1:1;
        content_parameter: "content-param.yaml" => "unsupported-parameter"
        at "/paths/~1session/get/parameters/1", 15:11;
    undeclared_path_parameter: "path-param-undeclared.yaml" => "path-param-undeclared"
        at "/paths/~1things~1{thingId}/get", 8:5;
    path_parameter_not_in_template: "path-param-not-in-template.yaml" => "path-param-not-in-template"
        at "/paths/~1things~1{thingId}/get/parameters/1", 16:11;
    undefined_security_scheme: "undefined-security-scheme.yaml" => "undefined-security-scheme"
        at "/paths/~1reports/get/security/0/missing", 11:11;
    invalid_openapi_node: "invalid-node.yaml" => "invalid-openapi" at "/paths/~1x/get/responses", 9:7;
    error_field_missing: "error-field-missing.yaml" => "invalid-error-field"
        at "/components/schemas/Problem/x-oagen-error-message", 23:7;
    error_field_not_a_path: "error-field-not-a-path.yaml" => "invalid-error-field"
        at "/paths/~1things/get/responses/400/content/application~1json/schema/x-oagen-error-code", 19:17;
}

/// A file added to `tests/fixtures/bad/` without a case would never be checked.
#[test]
fn every_bad_fixture_has_a_case() {
    let on_disk: BTreeSet<String> = fs::read_dir(fixture("bad"))
        .expect("tests/fixtures/bad exists")
        .map(|e| {
            e.expect("a readable entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    let covered: BTreeSet<String> = CASES.iter().map(|c| c.file.to_owned()).collect();
    assert_eq!(
        on_disk, covered,
        "files in tests/fixtures/bad/ and the cases differ"
    );
}

/// A spec path that does not exist is reported as such, not as a crash or an empty spec.
#[test]
fn missing_spec_file() {
    let spec = fixture("bad/does-not-exist.yaml");
    let diagnostics = generate_err(std::slice::from_ref(&spec));
    let rules: Vec<(&str, &Path)> = diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| (d.rule, &*d.file))
        .collect();
    assert_eq!(rules, [("unreadable-file", spec.as_path())]);
    assert_binary_rejects(
        std::slice::from_ref(&spec),
        &[
            "error[unreadable-file]".to_owned(),
            format!("--> {}", spec.display()),
        ],
    );
}

/// With several specs, every bad one is reported, each naming its own file, and a good
/// spec beside them does not get anything written.
#[test]
fn every_bad_spec_of_several_is_reported() {
    let specs = [
        fixture("bad/swagger2.yaml"),
        fixture("models.yaml"),
        fixture("bad/dangling-ref-unused.yaml"),
    ];
    let diagnostics = generate_err(&specs);
    let found: Vec<(&str, &Path, &str)> = diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| (d.rule, &*d.file, d.pointer.as_str()))
        .collect();
    assert_eq!(
        found,
        [
            ("unsupported-version", specs[0].as_path(), "/swagger"),
            (
                "unresolved-ref",
                specs[2].as_path(),
                "/components/schemas/Unused/properties/owner/$ref"
            ),
        ]
    );
    assert_binary_rejects(
        &specs,
        &[
            location_text(&specs[0], "/swagger", (2, 1)),
            location_text(
                &specs[2],
                "/components/schemas/Unused/properties/owner/$ref",
                (20, 11),
            ),
            "generation failed with 2 error(s)".to_owned(),
        ],
    );
}
