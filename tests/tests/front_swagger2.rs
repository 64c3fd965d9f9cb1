//! Swagger 2.0 read natively: the fixtures in tests/fixtures/swagger2/ (one per family
//! of 2.0 constructs) generate the crate the same API written in OpenAPI 3.0 would,
//! and diagnostics and lint findings point at the user's 2.0 file.

#[allow(dead_code)]
mod support;

use std::path::Path;
use std::process::{Command, Output};

use oagen::lint::{lint_file, LintConfig, LintedFile};
use oagen::RenderedFile;
use support::{fixture, generate_like_binary, oagen_bin, run_oagen, stderr};

fn swagger2(name: &str) -> std::path::PathBuf {
    fixture(&format!("swagger2/{name}"))
}

/// The text of the generated file whose path ends with `suffix`.
fn file<'f>(files: &'f [RenderedFile], suffix: &str) -> &'f str {
    files
        .iter()
        .find(|f| f.path.ends_with(suffix))
        .map(|f| f.contents.as_str())
        .unwrap_or_else(|| panic!("no generated file ends with {suffix}"))
}

/// `text` with runs of white space as one space, so that assertions do not depend on
/// how a signature was wrapped.
fn squeezed(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn assert_contains(text: &str, wanted: &str) {
    assert!(
        squeezed(text).contains(&squeezed(wanted)),
        "`{wanted}` is not in:\n{text}"
    );
}

/// The default base URL of the generated crate, from its `lib.rs`.
fn default_base_url(files: &[RenderedFile]) -> Option<String> {
    let lib = squeezed(file(files, "src/lib.rs"));
    let (_, rest) = lib.split_once("DEFAULT_BASE_URL: Option<&str> = ")?;
    let rest = rest.strip_prefix("Some(")?.trim_start();
    let url = rest.strip_prefix('"')?;
    Some(url[..url.find('"')?].to_owned())
}

fn lint(path: &Path) -> LintedFile {
    lint_file(path, &LintConfig::default())
}

fn run_lint(spec: &Path) -> Output {
    Command::new(oagen_bin())
        .arg("lint")
        .arg(spec)
        .output()
        .expect("the oagen binary can be started")
}

#[test]
fn definitions_become_types_with_nullable_references_and_read_only_fields() {
    let files = generate_like_binary(&swagger2("models.yaml"));
    let types = file(&files, "models/types.rs");
    assert_contains(types, "pub struct Pet {");
    assert_contains(types, "pub id: i64,");
    assert_contains(types, "pub kind: String,");
    // `x-nullable: true` is 3.0's `nullable`, on a type and on a `$ref`.
    assert_contains(types, "pub nickname: Option<Option<String>>,");
    assert_contains(types, "/// Who owns the pet, null for strays.");
    assert_contains(types, "pub owner: Option<Option<Owner>>,");
    assert_contains(types, "pub struct Owner {");
    let operations = file(&files, "models/models_operations.rs");
    assert_contains(
        operations,
        "pub async fn send(self) -> Result<types::Pet, crate::Error<GetPetError>>",
    );
    assert_eq!(
        default_base_url(&files).as_deref(),
        Some("https://models.example.com")
    );
}

#[test]
fn body_and_form_parameters_become_request_bodies_of_their_media_types() {
    let files = generate_like_binary(&swagger2("parameters.yaml"));
    let operations = file(&files, "parameters/parameters_operations.rs");
    // A shared body parameter, by reference; the document's `consumes`.
    assert_contains(
        operations,
        "pub fn create_pet(&self, body: &'a types::NewPet) -> CreatePet<'a>",
    );
    assert_contains(operations, "request.json(body, \"application/json\")?;");
    // The operation's own `consumes` wins, and path-level parameters reach it.
    assert_contains(
        operations,
        "pub fn replace_pet( &self, pet_id: impl Into<String>, body: impl Into<bytes::Bytes>, ) -> ReplacePet<'a>",
    );
    assert_contains(operations, "request.raw(body, \"application/xml\");");
    assert_contains(operations, "request.header(\"X-Request-Id\", value);");
    // Form fields: URL-encoded, or multipart when one is a file.
    assert_contains(operations, "body: &'a types::RenamePetRequest,");
    assert_contains(
        operations,
        "request.form(body, \"application/x-www-form-urlencoded\")?;",
    );
    assert_contains(operations, "body: &'a types::UploadPhotoRequest,");
    assert_contains(operations, "request.multipart(body)?;");
    // Value keywords moved into `schema`: the shared query parameter's format, an
    // array's items and their `enum`.
    assert_contains(operations, "pub fn limit(mut self, value: i32) -> Self");
    assert_contains(
        operations,
        "pub fn tags(mut self, value: Vec<types::ListPetsTagsItem>) -> Self",
    );
    assert_contains(operations, "pub fn ids(mut self, value: Vec<i64>) -> Self");
    assert_contains(operations, "/// Example: `\"whiskers\"`");
    let types = file(&files, "parameters/types.rs");
    assert_contains(types, "pub struct UploadPhotoRequest {");
    assert_contains(types, "pub fn new(file: impl Into<String>) -> Self");
    assert_eq!(
        default_base_url(&files).as_deref(),
        Some("https://params.example.com/v1")
    );
}

#[test]
fn the_crate_is_the_one_the_same_api_in_openapi_3_0_gives() {
    let from_swagger = generate_like_binary(&swagger2("parameters.yaml"));
    let from_openapi = generate_like_binary(&swagger2("openapi30/parameters.yaml"));
    assert_eq!(from_swagger.len(), from_openapi.len());
    for (two, three) in from_swagger.iter().zip(&from_openapi) {
        assert_eq!(two.path, three.path);
        assert!(
            two.contents == three.contents,
            "{} differs between the 2.0 and the 3.0 document",
            two.path
        );
    }
}

#[test]
fn responses_are_typed_per_produced_media_type_with_shared_and_default_ones() {
    let files = generate_like_binary(&swagger2("responses.yaml"));
    let operations = file(&files, "responses/responses_operations.rs");
    assert_contains(
        operations,
        "pub async fn send(self) -> Result<types::Report, crate::Error<GetReportError>>",
    );
    // The shared `#/responses/Problem`, and the `default` response.
    assert_contains(operations, "NotFound(types::Problem),");
    assert_contains(operations, "/// 404: Something went wrong.");
    assert_contains(operations, "/// any other status: Any other error.");
    // `type: file` under `produces: [application/pdf]` is bytes.
    assert_contains(
        operations,
        "pub async fn send(self) -> Result<bytes::Bytes, crate::Error<DownloadReportError>>",
    );
}

#[test]
fn security_definitions_become_builder_methods_and_host_the_base_url() {
    let files = generate_like_binary(&swagger2("security.yaml"));
    let auth = file(&files, "src/auth.rs");
    assert_contains(
        auth,
        "pub fn basic_auth(self, user: impl AsRef<str>, password: impl AsRef<str>) -> Self",
    );
    assert_contains(auth, "pub fn key(self, key: impl Into<String>) -> Self");
    // The OAuth2 flows (`implicit`, `application`) take a bearer token.
    assert_contains(
        auth,
        "pub fn bearer_token(self, token: impl Into<String>) -> Self",
    );
    assert_eq!(
        default_base_url(&files).as_deref(),
        Some("https://secure.example.com/api/v2")
    );
}

#[test]
fn a_document_with_neither_host_nor_base_path_has_no_default_base_url() {
    let files = generate_like_binary(&swagger2("no-host.yaml"));
    assert_eq!(default_base_url(&files), None);
    assert_contains(
        file(&files, "src/lib.rs"),
        "DEFAULT_BASE_URL: Option<&str> = None;",
    );
}

#[test]
fn an_error_inside_a_definition_is_reported_in_the_2_0_file_by_generate_and_lint() {
    let spec = swagger2("bad-definition.yaml");
    let out = tempfile::tempdir().unwrap();
    let generated = run_oagen(&spec, out.path(), &[]);
    assert_eq!(generated.status.code(), Some(1));
    let text = stderr(&generated);
    assert!(
        text.contains("bad-definition.yaml:21:7 (at /definitions/Pet/properties/name)"),
        "{text}"
    );
    assert!(!text.contains("components"), "{text}");

    let linted = lint(&spec);
    let found: Vec<_> = linted
        .findings
        .iter()
        .filter(|f| f.rule == "invalid-openapi")
        .collect();
    assert_eq!(found.len(), 1, "{:?}", linted.findings);
    assert_eq!(found[0].pointer, "/definitions/Pet/properties/name");
    assert_eq!(found[0].location.map(|l| (l.line, l.column)), Some((21, 7)));
    assert_eq!(run_lint(&spec).status.code(), Some(1));
}

/// Checks that a finding's line and column are those of its node in the 2.0 file: the
/// key of a mapping entry (a list item, or a node the finding says is absent, is
/// found at its nearest parent and not checked).
fn assert_at_its_node(text: &str, finding: &oagen::Diagnostic) {
    let at = finding
        .location
        .unwrap_or_else(|| panic!("no location for {finding}"));
    let line = text.lines().nth(at.line as usize - 1).unwrap_or("");
    let rest: String = line.chars().skip(at.column as usize - 1).collect();
    let token = finding.pointer.rsplit('/').next().unwrap_or("");
    let token = token.replace("~1", "/").replace("~0", "~");
    let absent = ["has no", "lists no", "documents no", "gives no"]
        .iter()
        .any(|m| finding.message.contains(m));
    if finding.pointer.is_empty() || token.parse::<usize>().is_ok() || absent {
        return;
    }
    assert!(
        rest.starts_with(&token) || rest.starts_with(&format!("\"{token}\"")),
        "{finding}\n  the position shows `{rest}`, not `{token}`"
    );
}

#[test]
fn every_finding_is_located_at_its_node_in_the_2_0_file() {
    for name in [
        "models.yaml",
        "parameters.yaml",
        "responses.yaml",
        "security.yaml",
        "bad-definition.yaml",
        "tsv.yaml",
        "no-host.yaml",
    ] {
        let spec = swagger2(name);
        let text = std::fs::read_to_string(&spec).unwrap();
        let linted = lint(&spec);
        assert!(!linted.findings.is_empty(), "{name}");
        for finding in &linted.findings {
            assert!(
                !finding.pointer.contains("requestBody") && !finding.pointer.contains("components"),
                "{finding}"
            );
            assert_at_its_node(&text, finding);
        }
    }
}

#[test]
fn tsv_is_refused_at_its_collection_format() {
    let spec = swagger2("tsv.yaml");
    let out = tempfile::tempdir().unwrap();
    let generated = run_oagen(&spec, out.path(), &[]);
    assert_eq!(generated.status.code(), Some(1));
    let text = stderr(&generated);
    assert!(
        text.contains("error[unsupported-collection-format]"),
        "{text}"
    );
    assert!(
        text.contains("tsv.yaml:17:11 (at /paths/~1search/get/parameters/0/collectionFormat)"),
        "{text}"
    );
    assert!(
        std::fs::read_dir(out.path()).unwrap().next().is_none(),
        "nothing is written"
    );
    let linted = lint(&spec);
    assert!(
        linted
            .findings
            .iter()
            .any(|f| f.rule == "generator-unsupported"
                && f.pointer == "/paths/~1search/get/parameters/0/collectionFormat"
                && f.location.map(|l| (l.line, l.column)) == Some((17, 11))),
        "{:?}",
        linted.findings
    );
    assert_eq!(run_lint(&spec).status.code(), Some(1));
}

#[test]
fn lint_advice_names_2_0_fields_and_the_upgrades_own_constructs_are_not_findings() {
    let linted = lint(&swagger2("no-host.yaml"));
    let servers: Vec<_> = linted
        .findings
        .iter()
        .filter(|f| f.rule == "servers-defined")
        .collect();
    assert_eq!(servers.len(), 1);
    assert!(servers[0].message.contains("`host`"), "{}", servers[0]);
    assert!(
        servers[0].hint.as_deref().unwrap().contains("`host`"),
        "{}",
        servers[0]
    );
    assert_eq!(run_lint(&swagger2("no-host.yaml")).status.code(), Some(0));

    // `host` given: no advice to add servers.
    let security = lint(&swagger2("security.yaml"));
    assert!(security
        .findings
        .iter()
        .all(|f| f.rule != "servers-defined"));
    // `x-nullable` beside a `$ref` is not `nullable` without a type, and form fields,
    // which 2.0 cannot name, are not inline schemas to move.
    let models = lint(&swagger2("models.yaml"));
    assert!(
        models.findings.iter().all(|f| !f.is_error()),
        "{:?}",
        models.findings
    );
    assert_eq!(run_lint(&swagger2("models.yaml")).status.code(), Some(0));
    let parameters = lint(&swagger2("parameters.yaml"));
    assert!(parameters
        .findings
        .iter()
        .all(|f| f.rule != "inline-schema-name"));
    // A shared parameter nothing uses is reported where `parameters` defines it.
    let unused: Vec<_> = parameters
        .findings
        .iter()
        .filter(|f| f.rule == "unused-component")
        .collect();
    assert_eq!(unused.len(), 1, "{unused:?}");
    assert_eq!(unused[0].pointer, "/parameters/Offset");
    assert_eq!(
        unused[0].location.map(|l| (l.line, l.column)),
        Some((20, 3))
    );
    assert!(unused[0]
        .hint
        .as_deref()
        .unwrap()
        .contains("definition, parameter or response"));
}

#[test]
fn a_swagger_version_other_than_2_0_is_unreadable_for_lint() {
    let dir = tempfile::tempdir().unwrap();
    let spec = dir.path().join("api.yaml");
    std::fs::write(
        &spec,
        "swagger: '1.2'\ninfo: {title: t, version: '1'}\npaths: {}\n",
    )
    .unwrap();
    let linted = lint(&spec);
    assert!(linted.unreadable);
    assert_eq!(linted.findings[0].rule, "unsupported-version");
    assert_eq!(run_lint(&spec).status.code(), Some(2));
}

/// A file of a spec: its name and text.
type SpecFile<'a> = (&'a str, &'a str);

/// A diagnostic about a `$ref` the front end rewrote (a 2.0 location moved to 3.0's,
/// a 3.1 `$defs` entry hoisted, another file's part bundled) quotes it as the user
/// wrote it, from generate and from lint: the rewritten text is nowhere in the file.
#[test]
fn diagnostics_quote_references_as_the_user_wrote_them() {
    let swagger = "swagger: '2.0'\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      \
        parameters:\n        - $ref: '#/parameters/Nope'\n      responses:\n        '200':\n          \
        description: ok\n          schema: {$ref: '#/definitions/Missing'}\n";
    let defs = "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    \
        A:\n      type: object\n      properties:\n        b: {$ref: '#/components/schemas/A/$defs/B/properties/nope'}\n      \
        $defs:\n        B: {type: object, properties: {c: {type: string}}}\n";
    let root =
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    \
        A: {$ref: 'a.yaml'}\n";
    let part = "type: object\nproperties:\n  about: {$ref: 'openapi.yaml#/info'}\n";
    let cases: [(&[SpecFile], &[&str]); 3] = [
        (
            &[("swagger.yaml", swagger)],
            // In the order of the sorted messages.
            &["`$ref: #/definitions/Missing`", "`$ref: #/parameters/Nope`"],
        ),
        (
            &[("openapi.yaml", defs)],
            &["`$ref: #/components/schemas/A/$defs/B/properties/nope`"],
        ),
        (
            &[("openapi.yaml", root), ("a.yaml", part)],
            &["`$ref: openapi.yaml#/info`"],
        ),
    ];
    for (files, quoted) in cases {
        let dir = tempfile::tempdir().unwrap();
        for (name, text) in files {
            std::fs::write(dir.path().join(name), text).unwrap();
        }
        let spec = dir.path().join(files[0].0);
        let config = oagen::Config::new(vec![spec.clone()], "front_swagger2 test");
        let refused = oagen::generate(&config).expect_err("the references are refused");
        let linted = lint(&spec).findings;
        for (by, findings) in [("generate", &refused), ("lint", &linted)] {
            let mut messages: Vec<&str> = findings
                .iter()
                .filter(|d| d.is_error())
                .map(|d| d.message.as_str())
                .collect();
            messages.sort();
            assert_eq!(messages.len(), quoted.len(), "{by}: {messages:?}");
            for (message, quote) in messages.iter().zip(quoted) {
                assert!(
                    message.contains(quote),
                    "{by}: `{message}` quotes no {quote}"
                );
            }
        }
    }
}
