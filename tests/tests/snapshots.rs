//! Snapshots of the code the generator emits, one per generated file, for the
//! SDK's specs and for every fixture in `tests/fixtures/`.
//!
//! Each spec also has an index snapshot listing its files and warnings, so a
//! file that stops being generated shows up in review instead of leaving an
//! orphaned snapshot behind. The runtime files are the same for every spec; they
//! are snapshotted once, with the SDK, and the fixtures only check that theirs match.
//!
//! Update with `cargo insta review`, or `INSTA_UPDATE=always cargo test -p tests --test snapshots`.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use oagen::{Config, Diagnostic, Generated, Layout, RenderedFile};
use tests::project_root;

/// The command named in every snapshot's "do not edit" line, fixed so snapshots do not
/// change when the real commands do.
const GENERATED_BY: &str = "oagen snapshot test";

/// The SDK's configuration from `xtask/src/codegen.rs`, laid out by prettyplease alone so
/// that snapshots do not depend on the installed rustfmt.
fn sdk_config() -> Config {
    let specs = ["specs/control-plane.yaml", "specs/keys.yaml"]
        .iter()
        .map(|s| project_root().join(s))
        .collect();
    Config {
        crate_name: "altostrat".to_owned(),
        description: Some(
            "A typed Rust client for the Altostrat Control Plane and API Keys APIs.".to_owned(),
        ),
        ..Config::new(specs, GENERATED_BY)
    }
}

/// The configuration for one fixture: a crate of its own named after the file.
fn fixture_config(spec: &Path) -> Config {
    let stem = spec
        .file_stem()
        .expect("fixtures have file names")
        .to_string_lossy();
    Config {
        crate_name: format!("fixture-{stem}"),
        ..Config::new(vec![spec.to_path_buf()], GENERATED_BY)
    }
}

/// Generates, failing with every diagnostic when the spec is rejected.
fn generate(config: &Config) -> Generated {
    oagen::generate(config).unwrap_or_else(|diagnostics| {
        panic!(
            "{:?} did not generate:\n{}",
            config.specs,
            diagnostics
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("\n\n")
        )
    })
}

/// Whether a file is part of the fixed runtime rather than derived from the spec.
fn is_runtime(file: &RenderedFile) -> bool {
    // The user's module is one constant, the same in every crate, so it is left out too.
    file.path.starts_with("src/runtime/") || file.path.starts_with("src/custom/")
}

/// A snapshot name for a generated path: `src/keys/types.rs` becomes `src__keys__types.rs`.
fn snapshot_name(prefix: &str, path: &str) -> String {
    format!("{prefix}__{}", path.replace('/', "__"))
}

/// The index of a generated crate: its counts, its files and its warnings, with the
/// warnings' spec paths reduced to file names so the snapshot is the same on every machine.
fn index(generated: &Generated) -> String {
    let mut text = format!(
        "operations: {}\ntypes: {}\nfiles:\n",
        generated.operations, generated.types
    );
    for file in &generated.files {
        text.push_str(&format!("  {}\n", file.path));
    }
    if generated.warnings.is_empty() {
        text.push_str("warnings: none\n");
    } else {
        text.push_str("warnings:\n");
        for warning in &generated.warnings {
            text.push_str(&format!("  {}\n", describe(warning)));
        }
    }
    text
}

/// A diagnostic on one line, without the absolute path of its file.
fn describe(diagnostic: &Diagnostic) -> String {
    let file = diagnostic
        .file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let position = diagnostic
        .location
        .map(|l| format!(":{}:{}", l.line, l.column))
        .unwrap_or_default();
    format!(
        "{:?}[{}] {file}{position} {}: {}",
        diagnostic.severity, diagnostic.rule, diagnostic.pointer, diagnostic.message
    )
}

/// Runs `assert` with the snapshot settings of this file: no module prefix, no expression.
fn with_settings(assert: impl FnOnce()) {
    let mut settings = insta::Settings::clone_current();
    settings.set_prepend_module_to_snapshot(false);
    settings.set_omit_expression(true);
    settings.bind(assert);
}

#[test]
fn sdk() {
    let generated = generate(&sdk_config());
    with_settings(|| {
        insta::assert_snapshot!("sdk__index", index(&generated));
        for file in &generated.files {
            insta::assert_snapshot!(snapshot_name("sdk", &file.path), &file.contents);
        }
    });
}

#[test]
fn fixtures() {
    with_settings(|| {
        insta::glob!("../fixtures", "*.{yaml,json}", |spec| {
            let generated = generate(&fixture_config(spec));
            insta::assert_snapshot!("fixture__index", index(&generated));
            for file in generated.files.iter().filter(|f| !is_runtime(f)) {
                insta::assert_snapshot!(snapshot_name("fixture", &file.path), &file.contents);
            }
        });
    });
}

/// The runtime is copied verbatim: only its "generated from" line may depend on the spec.
#[test]
fn runtime_is_the_same_for_every_spec() {
    /// A file's text after its first line.
    fn body(file: &RenderedFile) -> (&str, &str) {
        let (_, rest) = file.contents.split_once('\n').unwrap_or(("", ""));
        (file.path.as_str(), rest)
    }
    let sdk = generate(&sdk_config());
    let reference: Vec<(&str, &str)> = sdk
        .files
        .iter()
        .filter(|f| is_runtime(f))
        .map(body)
        .collect();
    assert!(!reference.is_empty(), "the SDK has runtime files");
    for spec in fixture_specs() {
        let generated = generate(&fixture_config(&spec));
        let runtime: Vec<(&str, &str)> = generated
            .files
            .iter()
            .filter(|f| is_runtime(f))
            .map(body)
            .collect();
        assert!(
            runtime == reference,
            "the runtime generated for {} differs from the SDK's",
            spec.display()
        );
    }
}

/// Generating the same specs twice gives the same files, byte for byte, in the same order.
#[test]
fn generation_is_deterministic() {
    let specs = fixture_specs();
    let configs = std::iter::once(sdk_config()).chain(specs.iter().map(|s| fixture_config(s)));
    for config in configs {
        let first = generate(&config);
        let second = generate(&config);
        let paths = |g: &Generated| g.files.iter().map(|f| f.path.clone()).collect::<Vec<_>>();
        assert_eq!(
            paths(&first),
            paths(&second),
            "{:?}: file lists differ",
            config.specs
        );
        for (a, b) in first.files.iter().zip(&second.files) {
            assert!(
                a.contents == b.contents,
                "{:?}: {} differs between runs",
                config.specs,
                a.path
            );
        }
        assert_eq!(
            first.warnings, second.warnings,
            "{:?}: warnings differ",
            config.specs
        );
    }
}

/// The default layout is rustfmt's without running rustfmt over what the writer
/// vouches for: every Rust file generated with `Layout::Rustfmt` is exactly what rustfmt
/// makes of the same file laid out without it (printed by prettyplease, or the text as
/// written), and rustfmt changes nothing in it. A file the text writer marks exact skips
/// rustfmt, so this is the check that the mark is right. The types are written as text
/// laid out as rustfmt lays it out even without it (`long-names.yaml` reaches every line
/// break that layout knows), so theirs is the same in both layouts.
#[test]
fn the_default_layout_is_rustfmt_s() {
    let configs = std::iter::once(sdk_config())
        .chain(fixture_specs().into_iter().map(|s| fixture_config(&s)));
    let mut checked = 0;
    let mut types = 0;
    for config in configs {
        let printed = generate(&config);
        let laid_out = generate(&Config {
            layout: Layout::Rustfmt,
            ..config.clone()
        });
        let paths = |g: &Generated| g.files.iter().map(|f| f.path.clone()).collect::<Vec<_>>();
        assert_eq!(paths(&printed), paths(&laid_out), "{:?}", config.specs);
        for (printed, laid_out) in printed.files.iter().zip(&laid_out.files) {
            if is_runtime(printed) || !printed.path.ends_with(".rs") {
                continue;
            }
            let formatted = rustfmt(&printed.contents);
            assert!(
                formatted == laid_out.contents,
                "{:?}: the default layout of {} is not rustfmt's:\n{}",
                config.specs,
                laid_out.path,
                first_difference(&laid_out.contents, &formatted)
            );
            let is_types = printed.path.ends_with("/types.rs") || printed.path.contains("/types/");
            assert!(
                !is_types || printed.contents == laid_out.contents,
                "{:?}: rustfmt changes the types written as text in {}:\n{}",
                config.specs,
                printed.path,
                first_difference(&printed.contents, &laid_out.contents)
            );
            types += usize::from(is_types);
            let again = rustfmt(&laid_out.contents);
            assert!(
                again == laid_out.contents,
                "{:?}: rustfmt changes the default layout of {}:\n{}",
                config.specs,
                laid_out.path,
                first_difference(&laid_out.contents, &again)
            );
            checked += 1;
        }
    }
    assert!(checked > 20, "only {checked} Rust files were checked");
    assert!(types > 5, "only {types} types files were checked");
}

/// `source` as `rustfmt` (edition 2021, default settings) lays it out.
fn rustfmt(source: &str) -> String {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let mut child = Command::new("rustfmt")
        .args(["--edition", "2021", "--emit", "stdout", "--quiet"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("rustfmt runs (rustup component add rustfmt)");
    let mut stdin = child.stdin.take().expect("stdin is piped");
    let input = source.to_owned();
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let output = child.wait_with_output().expect("rustfmt finishes");
    writer
        .join()
        .expect("the writer thread finishes")
        .expect("rustfmt reads its input");
    assert!(output.status.success(), "rustfmt refused the source");
    String::from_utf8(output.stdout).expect("rustfmt writes UTF-8")
}

/// The first line where `a` and `b` differ, with both versions.
fn first_difference(a: &str, b: &str) -> String {
    let mut b_lines = b.lines();
    for (number, line) in a.lines().enumerate() {
        let other = b_lines.next().unwrap_or("<end of file>");
        if line != other {
            return format!(
                "line {}:\n  written: {line}\n  rustfmt: {other}",
                number + 1
            );
        }
    }
    "rustfmt adds lines at the end".to_owned()
}

/// Every `.snap` file belongs to a snapshot the tests above take, so none lingers
/// unchecked after its file stops being generated or its fixture is deleted.
#[test]
fn no_orphaned_snapshots() {
    let mut expected = BTreeSet::from(["sdk__index.snap".to_owned()]);
    for file in generate(&sdk_config()).files {
        expected.insert(format!("{}.snap", snapshot_name("sdk", &file.path)));
    }
    for spec in fixture_specs() {
        let suffix = spec
            .file_name()
            .expect("fixtures have file names")
            .to_string_lossy()
            .into_owned();
        expected.insert(format!("fixture__index@{suffix}.snap"));
        for file in generate(&fixture_config(&spec)).files {
            if !is_runtime(&file) {
                let name = snapshot_name("fixture", &file.path);
                expected.insert(format!("{name}@{suffix}.snap"));
            }
        }
    }
    let dir = project_root().join("tests/tests/snapshots");
    let orphans: Vec<String> = std::fs::read_dir(&dir)
        .expect("tests/tests/snapshots exists")
        .map(|e| {
            e.expect("a readable entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        // Other test files keep snapshots here too; only this file's are judged.
        .filter(|name| name.starts_with("sdk__") || name.starts_with("fixture__"))
        .filter(|name| name.ends_with(".snap") && !expected.contains(name))
        .collect();
    assert!(
        orphans.is_empty(),
        "snapshots no test takes any more; delete them from {}: {orphans:?}",
        dir.display()
    );
}

/// The fixture specs, the ones [`fixtures`] snapshots.
fn fixture_specs() -> Vec<PathBuf> {
    let specs = tests::fixture_specs();
    assert!(
        specs.len() >= 4,
        "the fixtures are missing from tests/fixtures"
    );
    specs
}
