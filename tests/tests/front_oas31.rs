//! OpenAPI 3.1 and 3.2, read by upgrading them to the 3.0 model.
//!
//! The fixtures in `tests/fixtures/oas31/` hold one family of constructs each; these
//! tests check the Rust types they become, the notes lint gives where meaning is
//! lost, and snapshot the generated types. The OpenAPI Initiative's conformance
//! documents (`corpus-next/oai-conformance/` of `../shared`, or of the folder
//! `OAGEN_SHARED_DIR` names) are walked: every `pass/` document must load and generate,
//! every `fail/` one must be refused at the field that is wrong. Without that folder
//! those two tests are skipped with a message saying so.

use std::path::{Path, PathBuf};

use oagen::lint::{lint_file, LintConfig};
use oagen::{Config, Diagnostic, Generated, Severity};
use tests::project_root;

fn fixture(name: &str) -> PathBuf {
    project_root().join("tests/fixtures/oas31").join(name)
}

fn generate(spec: &Path) -> Result<Generated, Vec<Diagnostic>> {
    oagen::generate(&Config {
        crate_name: "fixture".to_owned(),
        ..Config::new(vec![spec.to_path_buf()], "oagen front_oas31 test")
    })
}

fn generated(spec: &Path) -> Generated {
    generate(spec).unwrap_or_else(|diagnostics| {
        panic!(
            "{} did not generate:\n{}",
            spec.display(),
            diagnostics
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("\n\n")
        )
    })
}

/// The text of the generated file whose path ends with `suffix`.
fn file<'g>(generated: &'g Generated, suffix: &str) -> &'g str {
    generated
        .files
        .iter()
        .find(|f| f.path.ends_with(suffix))
        .map(|f| f.contents.as_str())
        .unwrap_or_else(|| panic!("no generated file ends with {suffix}"))
}

/// The generated `types.rs` of the spec's module.
fn types(generated: &Generated) -> &str {
    file(generated, "/types.rs")
}

fn assert_has(text: &str, expected: &str) {
    assert!(text.contains(expected), "expected `{expected}` in:\n{text}");
}

#[test]
fn type_lists_and_null_unions_are_options() {
    let generated = generated(&fixture("nullable.yaml"));
    let types = types(&generated);
    assert_has(types, "pub nickname: Option<String>,");
    // A reference or null is the referenced type itself, not a union with a Value arm.
    assert_has(types, "pub owner: Option<Owner>,");
    assert_has(types, "pub tags: Option<Option<Vec<String>>>,");
    assert_has(types, "pub weight: Option<Option<PetWeight>>,");
    assert!(!types.contains("serde_json::Value"), "{types}");
    insta::assert_snapshot!("front_oas31__nullable", types);
    // The nullable references the upgrade writes (`allOf: [$ref]`, `nullable: true`)
    // are 3.0's idiom for them, which lint accepts.
    let linted = lint_file(&fixture("nullable.yaml"), &LintConfig::default());
    let errors: Vec<&Diagnostic> = linted.findings.iter().filter(|d| d.is_error()).collect();
    assert!(errors.is_empty(), "{errors:?}");
}

#[test]
fn a_null_only_member_of_a_3_0_union_makes_it_optional() {
    let generated = generated(&fixture("nullable-30.yaml"));
    let types = types(&generated);
    assert_has(types, "pub latest: Option<Option<Deployment>>,");
    assert!(!types.contains("enum ProjectLatest"), "{types}");
}

#[test]
fn json_schema_keywords_become_their_3_0_forms() {
    let generated = generated(&fixture("keywords.yaml"));
    let types = types(&generated);
    // `const` is a one-value enum; the `$ref` with a description is the referenced
    // type; the `$defs` entry is a type of its own, named by its key.
    assert_has(types, "pub kind: DogKind,");
    assert_has(types, "pub owner: Option<Person>,");
    assert_has(types, "pub collar: Option<Collar>,");
    assert_has(types, "pub struct Collar");
    assert_has(types, "pub position: Option<Vec<serde_json::Value>>,");
    assert_has(types, "A tuple of 2 items, each typed by its position.");
    assert_has(types, "The dog's owner.");
    // The first of `examples` is the example.
    assert_has(types, "Example: `\"woof\"`");
    insta::assert_snapshot!("front_oas31__keywords", types);
}

#[test]
fn lint_notes_what_the_3_0_form_loses_where_the_user_wrote_it() {
    let linted = lint_file(&fixture("keywords.yaml"), &LintConfig::default());
    assert!(!linted.unreadable, "{:?}", linted.findings);
    let loosened: Vec<&Diagnostic> = linted
        .findings
        .iter()
        .filter(|d| d.rule == "schema-loosened")
        .collect();
    let pointers: Vec<&str> = loosened.iter().map(|d| d.pointer.as_str()).collect();
    assert_eq!(
        pointers,
        [
            "/components/schemas/Dog/properties/position/prefixItems",
            "/components/schemas/Dog/properties/licence",
        ],
        "{loosened:?}"
    );
    assert!(loosened
        .iter()
        .all(|d| d.severity == Severity::Info && d.location.is_some()));
    assert!(
        !linted
            .findings
            .iter()
            .any(|d| d.severity == Severity::Error),
        "{:?}",
        linted.findings
    );
}

#[test]
fn webhook_payloads_and_shared_path_items_are_generated() {
    let generated = generated(&fixture("document.yaml"));
    let types = types(&generated);
    // The inline payload is hoisted under the webhook's name; both payloads say
    // which webhook sends them.
    assert_has(types, "pub struct NewPetPayload");
    assert_has(types, "Sent as the payload of the `newPet` webhook.");
    assert_has(types, "Sent as the payload of the `petGone` webhook.");
    // The path item given by `$ref` to components/pathItems is an operation.
    assert_eq!(generated.operations, 1);
    let client = generated
        .files
        .iter()
        .map(|f| f.contents.as_str())
        .collect::<String>();
    assert_has(&client, "`GET /pets`");
}

#[test]
fn openapi_3_2_methods_querystring_and_item_schemas() {
    let generated = generated(&fixture("oas32.yaml"));
    let all = generated
        .files
        .iter()
        .map(|f| f.contents.as_str())
        .collect::<String>();
    assert_eq!(generated.operations, 5);
    // QUERY and COPY have no `reqwest::Method` constant: they are built from their names,
    // with the capitalization written.
    assert_has(&all, "reqwest::Method::from_bytes(b\"QUERY\")");
    assert_has(&all, "reqwest::Method::from_bytes(b\"COPY\")");
    assert_has(&all, "reqwest::Method::from_bytes(b\"link\")");
    assert_has(&all, "reqwest::Method::GET");
    // The querystring parameter is typed by its content's schema.
    assert_has(&all, "filter: Option<types::PetQuery>");
    // The streamed item type is generated and the response says what it streams.
    assert_has(types(&generated), "pub struct PetEventsItem");
    assert_has(
        &all,
        "The `application/jsonl` body is a stream of `PetEventsItem` items.",
    );
    let rules: Vec<&str> = generated.warnings.iter().map(|d| d.rule).collect();
    assert_eq!(
        rules,
        ["feature-loosened", "feature-loosened"],
        "{:?}",
        generated.warnings
    );
}

#[test]
fn a_3_2_querystring_is_sent_as_form_fields() {
    let generated = generated(&fixture("oas32.yaml"));
    let operations = generated
        .files
        .iter()
        .find(|f| f.contents.contains("pub struct SearchPets"))
        .map(|f| f.contents.as_str())
        .expect("the searchPets builder is generated");
    // Not deepObject, exploded: each property of the value is a `key=value` pair.
    assert_has(
        operations,
        "request.query_object(\"filter\", value, false, true)?;",
    );
}

/// The conformance folder, when it is there.
fn conformance() -> Option<PathBuf> {
    let dir = tests::shared_dir()?.join("corpus-next/oai-conformance");
    dir.is_dir().then_some(dir)
}

fn documents(dir: &Path) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{} is readable: {e}", dir.display()))
        .map(|e| e.expect("a readable entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml" || e == "json"))
        .collect();
    found.sort();
    found
}

/// `pass/` documents that are valid by the OAS schema but that strict generation
/// refuses for a reason of its own, with the rule it must refuse them by.
const PASS_REFUSED: &[(&str, &str)] = &[
    // The spec text's example declares `petId` for the template `/pets/{id}`.
    (
        "operation-object-example.yaml",
        "path-param-not-in-template",
    ),
    // A security scheme given by a remote `$ref`, which nothing here fetches.
    ("security-scheme-object-examples.yaml", "remote-ref"),
];

#[test]
fn every_conformance_pass_document_loads_and_generates() {
    let Some(dir) = conformance() else {
        eprintln!(
            "SKIPPED!!! ../shared/corpus-next/oai-conformance is absent (set OAGEN_SHARED_DIR to the shared folder): the OAI pass documents were NOT checked"
        );
        return;
    };
    let mut checked = 0;
    for version in ["v3.1", "v3.2"] {
        for document in documents(&dir.join(version).join("pass")) {
            let name = document.file_name().unwrap().to_string_lossy().into_owned();
            let expected = PASS_REFUSED.iter().find(|(n, _)| *n == name);
            if let Err(refused) = oagen::front::load(&document) {
                // Only a refusal by design (a remote reference is never fetched) may stop a
                // valid document before generation.
                assert!(
                    expected
                        .is_some_and(|(_, rule)| refused.first().is_some_and(|d| d.rule == *rule)),
                    "{} did not load: {refused}",
                    document.display()
                );
                checked += 1;
                continue;
            }
            match (generate(&document), expected) {
                (Ok(_), None) => {}
                (Err(diagnostics), Some((_, rule))) => assert!(
                    diagnostics.iter().any(|d| d.rule == *rule),
                    "{} was refused, but not for {rule}: {diagnostics:?}",
                    document.display()
                ),
                (Ok(_), Some((_, rule))) => {
                    panic!(
                        "{} generated, though {rule} was expected",
                        document.display()
                    )
                }
                (Err(diagnostics), None) => panic!(
                    "{} did not generate:\n{}",
                    document.display(),
                    diagnostics
                        .iter()
                        .map(ToString::to_string)
                        .collect::<Vec<_>>()
                        .join("\n")
                ),
            }
            let linted = lint_file(&document, &LintConfig::default());
            assert!(
                !linted.unreadable,
                "{}: {:?}",
                document.display(),
                linted.findings
            );
            checked += 1;
        }
    }
    assert_eq!(checked, 72, "35 v3.1 and 37 v3.2 pass documents");
}

/// Each `fail/` document and the pointer of the field it is refused at (the first, for
/// a document broken in several places: the others are in [`FAIL_ALSO_AT`]).
const FAIL_AT: &[(&str, &str)] = &[
    ("v3.1/fail/example-examples.yaml", "/components/parameters/animal/examples"),
    ("v3.1/fail/header-object-allowReserved.yaml", "/components/headers/Style/allowReserved"),
    ("v3.1/fail/invalid_schema_types.yaml", "/components/schemas/invalid_null"),
    ("v3.1/fail/link-object-no-body.yaml", "/components/links/Link-Object-with-body-property/body"),
    ("v3.1/fail/no_containers.yaml", ""),
    ("v3.1/fail/parameter-object-cookie-form-allowReserved.yaml", "/components/parameters/style_form/allowReserved"),
    ("v3.1/fail/parameter-object-header-allowReserved.yaml", "/components/parameters/header/allowReserved"),
    ("v3.1/fail/parameter-object-path-allowReserved.yaml", "/components/parameters/path/allowReserved"),
    ("v3.1/fail/server_enum_empty.yaml", "/servers/0/variables/var/enum"),
    ("v3.1/fail/servers.yaml", "/servers"),
    ("v3.1/fail/unknown_container.yaml", "/overlays"),
    ("v3.2/fail/encoding-enc-item-exclusion.yaml", "/components/requestBodies/encoding-with-prefixEncoding-not-allowed/content/multipart~1mixed/prefixEncoding/0/prefixEncoding"),
    ("v3.2/fail/encoding-enc-prefix-exclusion.yaml", "/components/requestBodies/encoding-with-itemEncoding-not-allowed/content/multipart~1mixed/prefixEncoding/0/itemEncoding"),
    ("v3.2/fail/example-examples.yaml", "/components/parameters/animal/examples"),
    ("v3.2/fail/example-object-old-exclusions.yaml", "/components/examples/CannotHaveBoth/externalValue"),
    ("v3.2/fail/example-object-old-vs-data.yaml", "/components/examples/NoValueWithDataValue/dataValue"),
    ("v3.2/fail/example-object-old-vs-ser.yaml", "/components/examples/CannotHaveBoth/serializedValue"),
    ("v3.2/fail/example-object-ser-exclusions.yaml", "/components/examples/CannotHaveBoth/externalValue"),
    ("v3.2/fail/header-object-allowReserved.yaml", "/components/headers/Style/allowReserved"),
    ("v3.2/fail/header-object-name.yaml", "/paths/~1foo/get/responses/default/headers/Bad=Header"),
    ("v3.2/fail/invalid_schema_types.yaml", "/components/schemas/invalid_null"),
    ("v3.2/fail/media-type-enc-item-exclusion.yaml", "/components/requestBodies/encoding-with-itemEncoding-not-allowed/content/multipart~1mixed/itemEncoding"),
    ("v3.2/fail/media-type-enc-prefix-exclusion.yaml", "/components/requestBodies/encoding-with-prefixEncoding-not-allowed/content/multipart~1mixed/prefixEncoding"),
    ("v3.2/fail/no_containers.yaml", ""),
    ("v3.2/fail/operation-object-query-with-querystring.yaml", "/components/pathItems/my-path-item/get/parameters/1"),
    ("v3.2/fail/operation-object-two-querystrings.yaml", "/components/pathItems/my-path-item/get/parameters/1"),
    ("v3.2/fail/parameter-object-content-not-with-style.yaml", "/components/parameters/content-not-with-style/style"),
    ("v3.2/fail/parameter-object-cookie-allowReserved.yaml", "/components/parameters/my_cookie/allowReserved"),
    ("v3.2/fail/parameter-object-header-allowReserved.yaml", "/components/parameters/header/allowReserved"),
    ("v3.2/fail/parameter-object-header-name.yaml", "/components/parameters/BadHeader/name"),
    ("v3.2/fail/parameter-object-path-name.yaml", "/components/parameters/BadPath/name"),
    ("v3.2/fail/parameter-object-querystring-not-with-schema.yaml", "/components/parameters/querystring-not-with-schema/in"),
    ("v3.2/fail/path-item-object-conflicting-additional-operation.yaml", "/paths/~1pets~1{id}/additionalOperations/POST"),
    ("v3.2/fail/path-item-object-query-with-querystring.yaml", "/components/pathItems/my-path-item/parameters/1"),
    ("v3.2/fail/path-item-object-two-querystrings.yaml", "/components/pathItems/my-path-item/parameters/1"),
    ("v3.2/fail/server_enum_empty.yaml", "/servers/0/variables/var/enum"),
    ("v3.2/fail/servers.yaml", "/servers"),
    ("v3.2/fail/unknown_container.yaml", "/overlays"),
    ("v3.2/fail/xml-attr-exclusion.yaml", "/components/schemas/Attr/xml/attribute"),
    ("v3.2/fail/xml-wrapped-exclusion.yaml", "/components/schemas/List/xml/wrapped"),
];

/// The other places the fail documents that break a rule more than once break it, after
/// the one in [`FAIL_AT`]: each is refused.
const FAIL_ALSO_AT: &[(&str, &[&str])] = &[
    (
        "v3.1/fail/invalid_schema_types.yaml",
        &[
            "/components/schemas/invalid_number",
            "/components/schemas/invalid_array",
        ],
    ),
    (
        "v3.2/fail/invalid_schema_types.yaml",
        &[
            "/components/schemas/invalid_number",
            "/components/schemas/invalid_array",
        ],
    ),
];

#[test]
fn every_conformance_fail_document_is_refused_at_its_field() {
    let Some(dir) = conformance() else {
        eprintln!(
            "SKIPPED!!! ../shared/corpus-next/oai-conformance is absent (set OAGEN_SHARED_DIR to the shared folder): the OAI fail documents were NOT checked"
        );
        return;
    };
    let mut documents_seen = Vec::new();
    for version in ["v3.1", "v3.2"] {
        for document in documents(&dir.join(version).join("fail")) {
            let name = format!(
                "{version}/fail/{}",
                document.file_name().unwrap().to_string_lossy()
            );
            let (_, pointer) = FAIL_AT
                .iter()
                .find(|(n, _)| *n == name)
                .unwrap_or_else(|| panic!("{name} is not in FAIL_AT"));
            let refused = match oagen::front::load(&document) {
                Ok(_) => panic!("{name} loaded, but the OAS schema refuses it"),
                Err(refused) => refused,
            };
            // Every place the document breaks a rule is refused, and nothing else.
            let also = FAIL_ALSO_AT.iter().find(|(n, _)| *n == name);
            let wanted: Vec<&str> = std::iter::once(*pointer)
                .chain(also.into_iter().flat_map(|(_, more)| more.iter().copied()))
                .collect();
            let errors = refused.clone().into_diagnostics();
            let pointers: Vec<&str> = errors.iter().map(|e| e.pointer.as_str()).collect();
            assert_eq!(pointers, wanted, "{name}: {refused}");
            for error in &errors {
                assert_eq!(error.rule, "invalid-openapi", "{name}: {refused}");
                assert!(error.hint.is_some(), "{name}: {refused}");
            }
            // Lint refuses it as well, at the same field.
            let linted = lint_file(&document, &LintConfig::default());
            assert!(
                linted
                    .findings
                    .iter()
                    .any(|d| d.severity == Severity::Error && d.pointer == *pointer),
                "{name}: {:?}",
                linted.findings
            );
            documents_seen.push(name);
        }
    }
    assert_eq!(documents_seen.len(), FAIL_AT.len());
}

#[test]
fn diff_finds_an_additional_operation_where_it_is_kept() {
    let old_path = fixture("oas32.yaml");
    let old_text = std::fs::read_to_string(&old_path).unwrap();
    let copy = "      COPY:\n        operationId: copyPet\n        tags: [pets]\n        responses:\n          '204':\n            description: Copied.\n";
    assert!(
        old_text.contains(copy),
        "the fixture holds the COPY operation"
    );
    let dir = tempfile::tempdir().unwrap();
    let new_path = dir.path().join("oas32.yaml");
    std::fs::write(&new_path, old_text.replace(copy, "")).unwrap();
    let side = |path: &Path| {
        let source = oagen::diff::SpecSource {
            label: path.display().to_string(),
            path: path.to_path_buf(),
            text: std::fs::read_to_string(path).unwrap(),
            overlay: None,
        };
        oagen::diff::lower_source(source, Some("oas32")).expect("the fixture lowers")
    };
    let report = oagen::diff::diff(&side(&old_path), &side(&new_path), None);
    let removed: Vec<&str> = report
        .changes
        .iter()
        .filter(|c| c.kind == oagen::diff::ChangeKind::MethodRemoved)
        .map(|c| c.location.pointer.as_str())
        .collect();
    assert_eq!(
        removed,
        // Where the user wrote it, not where the upgrade keeps it.
        ["/paths/~1pets~1{id}/additionalOperations/COPY"],
        "{:?}",
        report.changes
    );
}

#[test]
fn problems_in_moved_parts_are_reported_where_the_user_wrote_them() {
    let spec = fixture("moved-dangling.yaml");
    let expected = [
        (
            "/paths/~1a/query/requestBody/content/application~1json/schema/$ref",
            12,
        ),
        (
            "/webhooks/hook/post/requestBody/content/application~1json/schema/properties/a/$ref",
            24,
        ),
    ];
    let Err(refused) = generate(&spec) else {
        panic!("dangling references are refused");
    };
    let linted = lint_file(&spec, &LintConfig::default());
    for findings in [refused, linted.findings] {
        let mut errors: Vec<(String, u32)> = findings
            .iter()
            .filter(|d| d.is_error())
            .map(|d| (d.pointer.clone(), d.location.map_or(0, |l| l.line)))
            .collect();
        errors.sort();
        let expected: Vec<(String, u32)> =
            expected.iter().map(|(p, l)| (p.to_string(), *l)).collect();
        assert_eq!(errors, expected, "{findings:?}");
        assert!(findings
            .iter()
            .filter(|d| d.is_error())
            .all(|d| d.rule == "unresolved-ref"));
    }
}

/// A document of `version` (`2.0` is Swagger) whose schema `Thing` has one property,
/// `value`, of the schema `schema` (YAML flow text), and where that property is.
fn with_property(version: &str, schema: &str) -> (String, &'static str) {
    match version {
        "2.0" => (
            format!(
                "swagger: '2.0'\ninfo: {{title: t, version: '1'}}\npaths: {{}}\n\
                 definitions:\n  Thing:\n    type: object\n    properties:\n      value: {schema}\n"
            ),
            "/definitions/Thing/properties/value",
        ),
        _ => (
            format!(
                "openapi: {version}\ninfo: {{title: t, version: '1'}}\npaths: {{}}\n\
                 components:\n  schemas:\n    Thing:\n      type: object\n      properties:\n        value: {schema}\n"
            ),
            "/components/schemas/Thing/properties/value",
        ),
    }
}

/// One schema a version forbids: the schema, the field it is refused at (below the
/// property), and words its message and its hint must hold.
struct BadSchema {
    schema: &'static str,
    at: &'static str,
    message: &'static str,
    hint: &'static str,
}

/// Checks that generation refuses `text` (written as `name`) with one
/// `invalid-openapi` error at `pointer`, located, whose message and hint hold the
/// case's words, and that lint errs at the same field.
fn assert_refused_at(name: &str, text: &str, pointer: &str, case: &BadSchema) {
    let dir = tempfile::tempdir().unwrap();
    let spec = dir.path().join(name);
    std::fs::write(&spec, text).unwrap();
    let what = format!("{name} with `{}`", case.schema);
    let errors: Vec<Diagnostic> = match generate(&spec) {
        Ok(_) => panic!("{what} generated; it should have been refused"),
        Err(diagnostics) => diagnostics.into_iter().filter(|d| d.is_error()).collect(),
    };
    let [error] = errors.as_slice() else {
        panic!("{what}: one error expected: {errors:#?}");
    };
    assert_eq!(
        (error.rule, error.pointer.as_str()),
        ("invalid-openapi", pointer),
        "{what}: {error}"
    );
    assert!(error.location.is_some(), "{what}: not located: {error}");
    assert!(error.message.contains(case.message), "{what}: {error}");
    let hint = error.hint.as_deref().unwrap_or_default();
    assert!(hint.contains(case.hint), "{what}: the hint is `{hint}`");
    let linted = lint_file(&spec, &LintConfig::default());
    assert!(
        linted
            .findings
            .iter()
            .any(|d| d.is_error() && d.pointer == pointer),
        "{what}: lint does not err at {pointer}: {:?}",
        linted.findings
    );
}

#[test]
fn a_type_that_names_no_type_is_refused_in_every_version() {
    let case = BadSchema {
        schema: "{type: strin}",
        at: "/type",
        message: "`strin` is not a",
        hint: "`string`",
    };
    for version in ["2.0", "3.0.3", "3.1.0", "3.2.0"] {
        let (text, property) = with_property(version, case.schema);
        let pointer = format!("{property}{}", case.at);
        assert_refused_at(&format!("v{version}.yaml"), &text, &pointer, &case);
    }
    // OpenAPI 3.0 has no `null` type: the hint says how 3.0 writes it.
    let (text, property) = with_property("3.0.3", "{type: 'null'}");
    let null = BadSchema {
        schema: "{type: 'null'}",
        at: "/type",
        message: "`null` is not a schema type",
        hint: "nullable: true",
    };
    assert_refused_at("null.yaml", &text, &format!("{property}/type"), &null);
}

/// Schemas that pass the OpenAPI 3.0 check once upgraded, but that JSON Schema
/// 2020-12 (and so OpenAPI 3.1 and 3.2) refuses.
const BAD_3_1_SCHEMAS: &[BadSchema] = &[
    BadSchema {
        schema: "{type: []}",
        at: "/type",
        message: "empty list",
        hint: "remove `type`",
    },
    BadSchema {
        schema: "{type: [string, 'null', string]}",
        at: "/type/2",
        message: "`string` is named twice",
        hint: "once",
    },
    BadSchema {
        schema: "{type: [string, strin]}",
        at: "/type/1",
        message: "`strin` is not a type",
        hint: "`null`",
    },
    BadSchema {
        schema: "{type: [string, 5]}",
        at: "/type/1",
        message: "not `5`",
        hint: "`string`",
    },
    BadSchema {
        schema: "{type: {kind: string}}",
        at: "/type",
        message: "not a mapping",
        hint: "a list of them",
    },
    BadSchema {
        schema: "{type: string, examples: {first: {value: a}}}",
        at: "/examples",
        message: "a schema's `examples` is a list",
        hint: "`examples: [value, ...]`",
    },
    BadSchema {
        schema: "{type: integer, minimum: 5, exclusiveMinimum: true}",
        at: "/exclusiveMinimum",
        message: "`exclusiveMinimum` is a number",
        hint: "write `exclusiveMinimum: 5` instead of `minimum: 5, exclusiveMinimum: true`",
    },
    BadSchema {
        schema: "{type: integer, maximum: 9, exclusiveMaximum: false}",
        at: "/exclusiveMaximum",
        message: "not `false`",
        hint: "remove `exclusiveMaximum: false`",
    },
    BadSchema {
        schema: "{type: array, items: {type: number, exclusiveMaximum: true}}",
        at: "/items/exclusiveMaximum",
        message: "`exclusiveMaximum` is a number",
        hint: "as a number",
    },
];

#[test]
fn schema_forms_json_schema_2020_12_refuses_are_refused_at_their_field() {
    for version in ["3.1.0", "3.2.0"] {
        for case in BAD_3_1_SCHEMAS {
            let (text, property) = with_property(version, case.schema);
            let pointer = format!("{property}{}", case.at);
            assert_refused_at(&format!("v{version}.yaml"), &text, &pointer, case);
        }
    }
}

/// Where a mapping of Example Objects is right (a media type's, a parameter's or a
/// header's `examples`) and the 3.1 forms of what the cases above refuse.
#[test]
fn examples_maps_numeric_bounds_and_type_lists_of_3_1_are_read() {
    let text = "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths:\n  /t:\n    get:\n      \
        parameters:\n        - name: q\n          in: query\n          schema: {type: string}\n          \
        examples: {one: {value: a}}\n      responses:\n        '200':\n          description: ok\n          \
        headers:\n            X-Rate: {schema: {type: integer}, examples: {one: {value: 1}}}\n          \
        content:\n            application/json:\n              schema: {$ref: '#/components/schemas/Thing'}\n              \
        examples: {one: {value: {value: 6}}}\n\
        components:\n  schemas:\n    Thing:\n      type: object\n      properties:\n        \
        value: {type: [integer, 'null'], exclusiveMinimum: 5, exclusiveMaximum: 10, examples: [6, 7]}\n";
    let dir = tempfile::tempdir().unwrap();
    let spec = dir.path().join("valid.yaml");
    std::fs::write(&spec, text).unwrap();
    let generated = generated(&spec);
    assert_has(types(&generated), "pub value: Option<Option<i64>>,");
    assert_has(types(&generated), "Example: `6`");
    let linted = lint_file(&spec, &LintConfig::default());
    let errors: Vec<&Diagnostic> = linted.findings.iter().filter(|d| d.is_error()).collect();
    assert!(errors.is_empty(), "{errors:?}");
}
