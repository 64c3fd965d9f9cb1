//! Multi-file specs: `$ref`s to other files are bundled into one document before the
//! document is upgraded, by `oagen generate`, `oagen lint`, `oagen diff` and
//! `oagen bundle` alike.
//!
//! The fixtures are small trees under `tests/fixtures/multifile/`: `tree/` uses every
//! layout the bundle reads (path item and operation files, fragments, nested
//! directories, a schema file that references itself, two that reference each other,
//! a Markdown description, a code sample, file names with `@`, `{` and `}`); each of
//! the others is refused with one diagnostic.

// The shared helpers serve other tests too; this one uses a few of them.
#[allow(dead_code)]
mod support;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use oagen::front::bundle::cli::bundle_file;
use oagen::front::bundle::BundleOptions;
use oagen::lint::{lint_file, LintConfig};
use oagen::{Config, Diagnostic};
use serde_json::Value;
use support::{fixture, oagen_bin, stderr};

/// A fixture of this test's folder.
fn multifile(relative: &str) -> PathBuf {
    fixture(&format!("multifile/{relative}"))
}

/// The bundled `tree/` fixture.
fn bundled_tree() -> Value {
    bundle_file(&multifile("tree/openapi.yaml"), &BundleOptions::default())
        .unwrap_or_else(|d| panic!("the tree bundles: {d}"))
}

/// Runs `oagen` with these arguments.
fn oagen(args: &[&str]) -> Output {
    Command::new(oagen_bin())
        .args(args)
        .output()
        .expect("the oagen binary can be started")
}

fn path_str(path: &Path) -> &str {
    path.to_str().expect("fixture paths are UTF-8")
}

/// The one error `oagen::generate` reports for `spec`.
fn generate_error(spec: &Path) -> Diagnostic {
    let config = Config::new(vec![spec.to_path_buf()], "front_bundle test");
    let errors: Vec<Diagnostic> = match oagen::generate(&config) {
        Ok(_) => panic!("{} generated; it should have been refused", spec.display()),
        Err(diagnostics) => diagnostics.into_iter().filter(|d| d.is_error()).collect(),
    };
    assert_eq!(
        errors.len(),
        1,
        "one error for {}: {errors:#?}",
        spec.display()
    );
    errors.into_iter().next().unwrap()
}

#[test]
fn path_items_operations_and_schemas_in_other_files_become_one_document() {
    let bundled = bundled_tree();
    // Path items and operations are copied where their `$ref` stood.
    let pets = &bundled["paths"]["/pets"];
    assert_eq!(pets["get"]["operationId"], "listPets");
    assert_eq!(pets["post"]["operationId"], "createPet");
    // File names with `@`, `{` and `}`, written as they are and percent-encoded.
    assert_eq!(
        bundled["paths"]["/pets/{id}"]["get"]["operationId"],
        "getPet"
    );
    assert_eq!(
        bundled["paths"]["/owners"]["get"]["operationId"],
        "listOwners"
    );
    // A schema file becomes a component named after its title; the root's own
    // component keeps the name the root gives it, wherever the file is referenced.
    let schemas = &bundled["components"]["schemas"];
    let items = &pets["get"]["responses"]["200"]["content"]["application/json"]["schema"];
    assert_eq!(items["items"]["$ref"], "#/components/schemas/Pet");
    assert_eq!(schemas["Pet"]["title"], "Pet");
    let owners = &bundled["paths"]["/owners"]["get"]["responses"]["200"]["content"];
    assert_eq!(
        owners["application/json"]["schema"]["items"]["$ref"],
        "#/components/schemas/PetOwner"
    );
    // A file that references itself, and two that reference each other.
    let pet = &schemas["Pet"]["properties"];
    assert_eq!(pet["children"]["items"]["$ref"], "#/components/schemas/Pet");
    assert_eq!(pet["owner"]["$ref"], "#/components/schemas/PetOwner");
    assert_eq!(
        schemas["PetOwner"]["properties"]["pets"]["items"]["$ref"],
        "#/components/schemas/Pet"
    );
    // A fragment names its component after the file and the fragment's last token,
    // from YAML (`.yml`) and JSON alike; a reference within an external file
    // (`#/definitions/Tag`) is a part of that file, whoever references it.
    assert_eq!(pet["id"]["$ref"], "#/components/schemas/ids_pet_id");
    assert_eq!(schemas["ids_pet_id"]["format"], "int64");
    assert_eq!(
        pet["created"]["$ref"],
        "#/components/schemas/timestamps_date_created"
    );
    assert_eq!(pet["tag"]["$ref"], "#/components/schemas/pet_Tag");
    assert_eq!(
        schemas["new-pet"]["properties"]["tag"]["$ref"],
        "#/components/schemas/pet_Tag"
    );
    assert_eq!(
        bundled["components"]["parameters"]["parameters_limit"]["name"],
        "limit"
    );
    // Files that are not YAML or JSON stand for their text.
    let description = bundled["info"]["description"].as_str().unwrap();
    assert!(description.starts_with("# Pets\n"), "{description}");
    let sample = &pets["get"]["x-codeSamples"][0]["source"];
    assert!(sample.as_str().unwrap().contains("client.listPets"));
    // Nothing of another file is left to resolve.
    assert!(!oagen::front::bundle::has_external_ref(&bundled));
}

#[test]
fn the_bundle_command_writes_the_same_bytes_every_run_in_the_format_asked() {
    let spec = multifile("tree/openapi.yaml");
    let out = tempfile::tempdir().unwrap();
    let mut written = Vec::new();
    for name in ["a.yaml", "b.yaml", "c.json"] {
        let target = out.path().join(name);
        let run = oagen(&["bundle", "--spec", path_str(&spec), "-o", path_str(&target)]);
        assert!(run.status.success(), "{}", stderr(&run));
        written.push(std::fs::read_to_string(&target).unwrap());
    }
    assert_eq!(written[0], written[1], "two runs wrote different bytes");
    let yaml = read_back(&written[0]).expect("the YAML output reads back");
    let json: Value = serde_json::from_str(&written[2]).expect("a `.json` output is JSON");
    assert_eq!(yaml, json);
    assert_eq!(json, bundled_tree());
    // Not upgraded: the document keeps its version.
    assert_eq!(json["openapi"], "3.0.3");
}

/// Reads a bundled document back through the bundle's own reader (it has nothing
/// left to bring in).
fn read_back(text: &str) -> Result<Value, Diagnostic> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bundled.yaml");
    std::fs::write(&path, text).unwrap();
    bundle_file(&path, &BundleOptions::default())
}

#[test]
fn a_multi_file_spec_generates_with_names_from_titles_and_files() {
    let config = Config::new(vec![multifile("tree/openapi.yaml")], "front_bundle test");
    let generated = oagen::generate(&config).unwrap_or_else(|d| panic!("{d:#?}"));
    assert_eq!(generated.operations, 4);
    let types = generated
        .files
        .iter()
        .find(|f| f.path.ends_with("types.rs"))
        .expect("a types module");
    for name in [
        "pub struct Pet ",
        "pub struct PetOwner ",
        "pub struct NewPet ",
    ] {
        assert!(
            types.contents.contains(name),
            "{name} in:\n{}",
            types.contents
        );
    }
    assert!(!types.contents.contains("Schema1"), "{}", types.contents);
}

#[test]
fn swagger_2_and_openapi_3_1_trees_bundle_in_their_own_version() {
    let swagger = bundle_file(
        &multifile("swagger2/swagger.yaml"),
        &BundleOptions::default(),
    )
    .unwrap_or_else(|d| panic!("{d}"));
    assert_eq!(swagger["swagger"], "2.0");
    assert_eq!(swagger["definitions"]["Pet"]["title"], "Pet");
    let get = &swagger["paths"]["/pets"]["get"];
    assert_eq!(
        get["responses"]["200"]["schema"]["items"]["$ref"],
        "#/definitions/Pet"
    );
    assert_eq!(
        get["parameters"][0]["$ref"],
        "#/parameters/parameters_limit"
    );
    let oas31 = bundle_file(&multifile("oas31/openapi.yaml"), &BundleOptions::default())
        .unwrap_or_else(|d| panic!("{d}"));
    let post = &oas31["webhooks"]["petAdopted"]["post"];
    assert_eq!(post["operationId"], "petAdopted");
    assert_eq!(
        post["requestBody"]["content"]["application/json"]["schema"]["$ref"],
        "#/components/schemas/Pet"
    );
}

/// A refused fixture, the rule, the file the `$ref` (or the bad text) is in, the
/// pointer and the line and column of the diagnostic.
type Refusal = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    (u32, u32),
);

#[test]
fn each_bad_reference_is_one_diagnostic_at_its_ref() {
    let schema_ref = "/paths/~1pets/get/responses/200/content/application~1json/schema/$ref";
    let cases: [Refusal; 8] = [
        (
            "missing/openapi.yaml",
            "external-ref-unreadable",
            "missing/openapi.yaml",
            schema_ref,
            (14, 17),
        ),
        (
            "remote/openapi.yaml",
            "remote-ref",
            "remote/openapi.yaml",
            schema_ref,
            (14, 17),
        ),
        (
            "outside/spec/openapi.yaml",
            "external-ref-outside",
            "outside/spec/openapi.yaml",
            schema_ref,
            (15, 17),
        ),
        // A discriminator's mapping is a reference like `$ref`, even when it is the
        // only one to another file.
        (
            "outside/spec/mapping.yaml",
            "external-ref-outside",
            "outside/spec/mapping.yaml",
            "/components/schemas/Outcome/discriminator/mapping/error",
            (18, 11),
        ),
        (
            "dangling/openapi.yaml",
            "unresolved-external-ref",
            "dangling/openapi.yaml",
            schema_ref,
            (14, 17),
        ),
        (
            "malformed/openapi.yaml",
            "malformed-yaml",
            "malformed/pets.yaml",
            "",
            (4, 1),
        ),
        (
            "cycle/openapi.yaml",
            "external-ref-cycle",
            "cycle/openapi.yaml",
            "/paths/~1loop/$ref",
            (7, 5),
        ),
        (
            "operation-cycle/openapi.yaml",
            "external-ref-cycle",
            "operation-cycle/openapi.yaml",
            "/paths/~1pets/$ref",
            (7, 5),
        ),
    ];
    for (spec, rule, file, pointer, (line, column)) in cases {
        let error = generate_error(&multifile(spec));
        assert_eq!(error.rule, rule, "{spec}: {error}");
        assert_eq!(*error.file, *multifile(file), "{spec}: {error}");
        assert_eq!(error.pointer, pointer, "{spec}: {error}");
        let at = error.location.map(|l| (l.line, l.column));
        assert_eq!(at, Some((line, column)), "{spec}: {error}");
        assert!(error.hint.is_some(), "{spec}: {error}");
    }
    let remote = generate_error(&multifile("remote/openapi.yaml"));
    assert!(remote.message.contains("nothing is fetched"), "{remote}");
    assert!(remote.hint.unwrap().contains("vendor the file"));
    let cycle = generate_error(&multifile("cycle/openapi.yaml"));
    assert!(
        cycle.message.contains("first.yaml -> ") && cycle.message.contains("second.yaml -> "),
        "the cycle names its chain: {cycle}"
    );
    // An operation that refers back to itself through the root document names that
    // chain too, not a field the copy lacks.
    let operation = generate_error(&multifile("operation-cycle/openapi.yaml"));
    assert!(
        operation
            .message
            .contains("paths/pets.yaml -> openapi.yaml#/paths/~1pets/get"),
        "the cycle names its chain: {operation}"
    );
}

#[test]
fn the_binaries_refuse_with_a_non_zero_exit_and_write_nothing() {
    let out = tempfile::tempdir().unwrap();
    for spec in [
        "remote/openapi.yaml",
        "outside/spec/openapi.yaml",
        "missing/openapi.yaml",
    ] {
        let spec = multifile(spec);
        let target = out.path().join("crate");
        let run = support::run_oagen(&spec, &target, &[]);
        assert!(!run.status.success(), "{}", spec.display());
        assert!(
            !target.exists(),
            "{} wrote {}",
            spec.display(),
            target.display()
        );
        let bundled = out.path().join("bundled.yaml");
        let run = oagen(&[
            "bundle",
            "--spec",
            path_str(&spec),
            "-o",
            path_str(&bundled),
        ]);
        assert_eq!(run.status.code(), Some(1), "{}", stderr(&run));
        assert!(!bundled.exists());
        let lint = oagen(&["lint", "--no-config", path_str(&spec)]);
        assert_eq!(lint.status.code(), Some(1), "{}", stderr(&lint));
    }
}

#[test]
fn a_reference_outside_the_tree_is_read_only_with_the_flag() {
    let spec = multifile("outside/spec/openapi.yaml");
    let allowed = BundleOptions {
        allow_outside_refs: true,
    };
    let bundled = bundle_file(&spec, &allowed).unwrap_or_else(|d| panic!("{d}"));
    assert_eq!(
        bundled["components"]["schemas"]["error"]["properties"]["message"]["type"],
        "string"
    );
    let config = Config {
        allow_outside_refs: true,
        ..Config::new(vec![spec.clone()], "front_bundle test")
    };
    assert!(oagen::generate(&config).is_ok());
    // A mapping to the file outside is read with the flag, and its schema made a
    // component the mapping names.
    let mapping = bundle_file(&multifile("outside/spec/mapping.yaml"), &allowed)
        .unwrap_or_else(|d| panic!("{d}"));
    let schemas = &mapping["components"]["schemas"];
    assert_eq!(
        schemas["Outcome"]["discriminator"]["mapping"]["error"],
        "#/components/schemas/error"
    );
    assert_eq!(schemas["error"]["properties"]["message"]["type"], "string");
    let out = tempfile::tempdir().unwrap();
    let target = out.path().join("crate");
    let run = support::run_oagen(&spec, &target, &["--allow-outside-refs"]);
    assert!(run.status.success(), "{}", stderr(&run));
    let lint = oagen(&[
        "lint",
        "--no-config",
        "--allow-outside-refs",
        path_str(&spec),
    ]);
    assert!(!String::from_utf8_lossy(&lint.stdout).contains("external-ref-outside"));
}

#[cfg(unix)]
#[test]
fn a_symbolic_link_out_of_the_tree_is_outside_it() {
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("secret.yaml"), "type: string\n").unwrap();
    let root = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink(
        outside.path().join("secret.yaml"),
        root.path().join("pet.yaml"),
    )
    .unwrap();
    let spec = root.path().join("openapi.yaml");
    std::fs::write(
        &spec,
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\n\
         components:\n  schemas:\n    Pet:\n      $ref: pet.yaml\n",
    )
    .unwrap();
    let refused = bundle_file(&spec, &BundleOptions::default()).unwrap_err();
    assert_eq!(refused.rule, "external-ref-outside", "{refused}");
    assert_eq!(refused.pointer, "/components/schemas/Pet/$ref");
}

#[test]
fn an_error_inside_another_file_is_reported_there_by_generate_and_lint() {
    let spec = multifile("error-inside/openapi.yaml");
    let error = generate_error(&spec);
    assert_eq!(error.rule, "invalid-openapi");
    assert_eq!(*error.file, *multifile("error-inside/schemas/pet.yaml"));
    assert_eq!(error.pointer, "/properties/age");
    assert_eq!(error.location.map(|l| (l.line, l.column)), Some((5, 3)));
    let run = support::run_oagen(&spec, &tempfile::tempdir().unwrap().path().join("c"), &[]);
    assert!(
        stderr(&run).contains("error-inside/schemas/pet.yaml:5:3"),
        "{}",
        stderr(&run)
    );

    let linted = lint_file(&spec, &LintConfig::default());
    let finding = linted
        .findings
        .iter()
        .find(|f| f.rule == "invalid-openapi")
        .unwrap_or_else(|| panic!("{:#?}", linted.findings));
    assert_eq!(*finding.file, *multifile("error-inside/schemas/pet.yaml"));
    assert_eq!(finding.pointer, "/properties/age");
    assert_eq!(finding.location.map(|l| (l.line, l.column)), Some((5, 3)));
    let lint = oagen(&["lint", "--no-config", path_str(&spec)]);
    assert_eq!(lint.status.code(), Some(1));
    let report = String::from_utf8_lossy(&lint.stdout);
    assert!(
        report.contains("error-inside/schemas/pet.yaml:5:3"),
        "{report}"
    );
    // The source line shown is the other file's.
    assert!(report.contains("  age:"), "{report}");
}

#[test]
fn lint_reads_a_3_0_multi_file_spec_through_the_front_end() {
    let linted = lint_file(&multifile("tree/openapi.yaml"), &LintConfig::default());
    assert!(!linted.unreadable);
    let errors: Vec<&Diagnostic> = linted.findings.iter().filter(|f| f.is_error()).collect();
    // The old rule refused every reference to another file.
    assert!(errors.is_empty(), "{errors:#?}");
    // Findings lie in the files their nodes were written in.
    let in_path_file = linted
        .findings
        .iter()
        .find(|f| f.rule == "operation-summary" && f.file.ends_with("pets@{id}.yaml"))
        .unwrap_or_else(|| panic!("{:#?}", linted.findings));
    assert_eq!(in_path_file.pointer, "/get");
    assert_eq!(
        in_path_file.location.map(|l| (l.line, l.column)),
        Some((7, 1))
    );
}

/// Copies the directory `from` into `to`, recursively.
fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

#[test]
fn diff_reports_a_change_in_another_file_where_it_was_made() {
    let dir = tempfile::tempdir().unwrap();
    let (old, new) = (dir.path().join("old"), dir.path().join("new"));
    copy_tree(&multifile("tree"), &old);
    copy_tree(&multifile("tree"), &new);
    let pet = new.join("schemas/pet.yaml");
    let text = std::fs::read_to_string(&pet).unwrap();
    let renamed = text.replace(
        "  name:\n    type: string\n",
        "  nickname:\n    type: string\n",
    );
    assert_ne!(text, renamed, "the fixture has the property to rename");
    std::fs::write(&pet, renamed).unwrap();
    let run = oagen(&[
        "diff",
        path_str(&old.join("openapi.yaml")),
        path_str(&new.join("openapi.yaml")),
        "--fail-on-breaking",
    ]);
    assert_eq!(run.status.code(), Some(1), "{}", stderr(&run));
    let report = String::from_utf8_lossy(&run.stdout);
    let removed = format!(
        "{}:7:3 (/properties/name)",
        old.join("schemas/pet.yaml").display()
    );
    assert!(report.contains(&removed), "{removed} in:\n{report}");
    let added = format!("{}:7:3 (/properties/nickname)", pet.display());
    assert!(report.contains(&added), "{added} in:\n{report}");
}

/// Path item files whose callbacks each reference the next file twice would double
/// the document at every level; the copies of one part are bounded instead.
#[test]
fn a_part_copied_from_many_places_level_after_level_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("root.yaml"),
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a: {$ref: p0.yaml}\n",
    )
    .unwrap();
    for level in 0..10 {
        let callbacks = match level {
            9 => String::new(),
            _ => format!(
                "  callbacks:\n    a: {{'{{$url}}': {{$ref: p{next}.yaml}}}}\n    b: {{'{{$url}}': {{$ref: p{next}.yaml}}}}\n",
                next = level + 1
            ),
        };
        let text = format!("post:\n{callbacks}  responses: {{'204': {{description: ok}}}}\n");
        std::fs::write(dir.path().join(format!("p{level}.yaml")), text).unwrap();
    }
    let error = generate_error(&dir.path().join("root.yaml"));
    assert_eq!(error.rule, "copied-too-often", "{error}");
    assert!(error.file.ends_with("p8.yaml"), "{error}");
    assert_eq!(error.pointer, "/post/callbacks/a/{$url}/$ref", "{error}");
    assert!(error.message.contains("p9.yaml"), "{error}");
}

/// A referenced FIFO would block the read for ever; only regular files are read.
#[test]
fn a_reference_to_a_fifo_is_refused_without_waiting() {
    let dir = tempfile::tempdir().unwrap();
    let made = std::process::Command::new("mkfifo")
        .arg(dir.path().join("pet.yaml"))
        .status();
    assert!(made.is_ok_and(|s| s.success()), "mkfifo");
    std::fs::write(
        dir.path().join("root.yaml"),
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    Pet: {$ref: pet.yaml}\n",
    )
    .unwrap();
    let error = generate_error(&dir.path().join("root.yaml"));
    assert_eq!(error.rule, "external-ref-unreadable", "{error}");
    assert!(error.message.contains("not a regular file"), "{error}");
    assert_eq!(error.pointer, "/components/schemas/Pet/$ref", "{error}");
}

/// `oagen bundle` writes neither through a symbolic link nor over the spec, and
/// refuses the versions generate and lint refuse.
#[test]
fn the_bundle_command_refuses_links_the_spec_itself_and_unknown_versions() {
    let dir = tempfile::tempdir().unwrap();
    let spec = dir.path().join("root.yaml");
    let text = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\n";
    std::fs::write(&spec, text).unwrap();
    let victim = dir.path().join("victim.txt");
    std::fs::write(&victim, "keep").unwrap();
    let link = dir.path().join("bundled.yaml");
    std::os::unix::fs::symlink(&victim, &link).unwrap();
    for out in [&link, &spec] {
        let output = oagen(&["bundle", "--spec", path_str(&spec), "-o", path_str(out)]);
        assert!(!output.status.success(), "{}", stderr(&output));
        assert!(
            stderr(&output).contains("unwritable-file"),
            "{}",
            stderr(&output)
        );
    }
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "keep");
    assert_eq!(std::fs::read_to_string(&spec).unwrap(), text);
    for version in ["openapi: 3.3.0", "openapi: 3.0.3\nswagger: '2.0'"] {
        let other = dir.path().join("other.yaml");
        std::fs::write(
            &other,
            format!("{version}\ninfo: {{title: t, version: '1'}}\npaths: {{}}\n"),
        )
        .unwrap();
        let output = oagen(&["bundle", "--spec", path_str(&other)]);
        assert!(!output.status.success(), "{version}");
        assert!(
            stderr(&output).contains("unsupported-version"),
            "{}",
            stderr(&output)
        );
    }
}

/// Outside the tree, a file that exists and one that does not get the same answer,
/// so a spec linted in CI cannot probe the machine's files.
#[test]
fn a_reference_outside_the_tree_never_tells_whether_the_file_exists() {
    let dir = tempfile::tempdir().unwrap();
    let tree = dir.path().join("spec");
    std::fs::create_dir(&tree).unwrap();
    std::fs::write(dir.path().join("exists.yaml"), "type: string\n").unwrap();
    let mut answers = Vec::new();
    for target in ["../exists.yaml", "../missing.yaml"] {
        let root = tree.join("root.yaml");
        std::fs::write(
            &root,
            format!("openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths: {{}}\ncomponents:\n  schemas:\n    A: {{$ref: '{target}'}}\n"),
        )
        .unwrap();
        let error = generate_error(&root);
        answers.push((error.rule, error.message.replace(target, "TARGET")));
    }
    assert_eq!(answers[0], answers[1]);
    assert_eq!(answers[0].0, "external-ref-outside");
}

/// A root reached through a symbolic link references the files beside its target.
#[test]
fn a_linked_root_resolves_references_beside_its_target() {
    let dir = tempfile::tempdir().unwrap();
    let real = dir.path().join("real");
    std::fs::create_dir(&real).unwrap();
    std::fs::write(
        real.join("pet.yaml"),
        "title: Pet\ntype: object\nproperties:\n  name: {type: string}\n",
    )
    .unwrap();
    std::fs::write(
        real.join("root.yaml"),
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    Pet: {$ref: pet.yaml}\n",
    )
    .unwrap();
    let link = dir.path().join("root.yaml");
    std::os::unix::fs::symlink(real.join("root.yaml"), &link).unwrap();
    let bundled = bundle_file(&link, &BundleOptions::default()).expect("bundles");
    assert_eq!(
        bundled["components"]["schemas"]["Pet"]["properties"]["name"]["type"],
        "string"
    );
}
