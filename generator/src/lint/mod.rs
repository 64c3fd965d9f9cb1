//! Lint: check Swagger 2.0 and OpenAPI 3.x specs for problems, with a location and a
//! fix for each.
//!
//! `oagen lint` reads each spec once, parses it into one compact [`Tree`] and runs
//! the tree rules ([`checks`]) on it while a second thread runs the generator's own
//! phases (the structure check, lowering) on the same tree, so that anything
//! codegen would refuse is reported here first. Findings are [`Diagnostic`]s whose rule comes
//! from the table in [`rules`]; the config file ([`config`]) changes severities
//! and ignores some; then every finding of a file is located in one pass over its
//! text and printed in one of the [`output`] formats.
//!
//! A file that cannot be read at all (not YAML or JSON, empty, of a version the
//! front end does not read) gets one finding of an input rule and makes the run exit
//! with code 2. A Swagger 2.0 document is linted as the OpenAPI 3.0 document it is
//! upgraded to, with the findings moved back to where they were written.

pub mod checks;
pub mod cli;
pub mod config;
pub mod output;
pub mod rules;
mod swagger2;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::diagnostics::{Diagnostic, LineColumn, Severity};
use crate::document::tree::{Node, Tree};
use crate::front::bundle::BundleOptions;
use crate::front::upgrade::SpecVersion;
use crate::front::{LoadedSpec, Refused};
pub use config::LintConfig;
pub use rules::{Category, Rule, RULES};

/// One linted file: its findings, located, sorted and configured.
#[derive(Debug, Clone)]
pub struct LintedFile {
    /// The file, as given.
    pub path: PathBuf,
    /// Its text, for showing source lines (empty when unreadable).
    pub text: String,
    /// What was found, in file order.
    pub findings: Vec<Diagnostic>,
    /// Whether the file could not be read as an OpenAPI document at all.
    pub unreadable: bool,
}

impl LintedFile {
    /// How many findings have this severity.
    pub fn count(&self, severity: Severity) -> usize {
        self.findings
            .iter()
            .filter(|f| f.severity == severity)
            .count()
    }
}

/// Lints the spec file at `path`.
pub fn lint_file(path: &Path, config: &LintConfig) -> LintedFile {
    let unreadable = |rule: &'static str, message: String| LintedFile {
        path: path.to_path_buf(),
        text: String::new(),
        findings: vec![input_finding(rule, path, message, None)],
        unreadable: true,
    };
    match std::fs::metadata(path) {
        Ok(meta) if meta.is_dir() => {
            return unreadable(
                "unreadable-file",
                "this is a directory, not a spec file".into(),
            )
        }
        // A FIFO or a device would block the read or never end.
        Ok(meta) if !meta.is_file() => {
            return unreadable(
                "unreadable-file",
                "this is not a regular file, so it is not read".into(),
            )
        }
        Ok(meta) if meta.len() > crate::front::read::MAX_FILE_SIZE => {
            return unreadable(
                "file-too-large",
                format!(
                    "the file is {} MiB, more than the {} MiB the linter reads",
                    meta.len() / (1024 * 1024),
                    crate::front::read::MAX_FILE_SIZE / (1024 * 1024)
                ),
            )
        }
        _ => {}
    }
    match crate::front::read::read_spec_file(path) {
        Ok(text) => lint_source(path, text, Source::File, config),
        Err(error) if error.kind() == std::io::ErrorKind::InvalidData => {
            unreadable("unreadable-file", "the file is not UTF-8 text".into())
        }
        Err(error) => unreadable("unreadable-file", format!("cannot read the file: {error}")),
    }
}

/// Lints spec text as if it were read from `path` (which need not exist).
pub fn lint_text(path: &Path, text: &str, config: &LintConfig) -> LintedFile {
    lint_source(path, text.to_owned(), Source::Text, config)
}

/// Where the generator's phases read the spec from.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Source {
    /// From the file, exactly as `oagen generate` does (overlays included).
    File,
    /// From the text given.
    Text,
}

fn input_finding(
    rule: &'static str,
    path: &Path,
    message: String,
    location: Option<LineColumn>,
) -> Diagnostic {
    let mut finding = Diagnostic::error(rule, path, "", message).at(location);
    finding.hint = rules::find(rule).map(|r| r.hint.to_owned());
    finding
}

fn lint_source(path: &Path, text: String, source: Source, config: &LintConfig) -> LintedFile {
    let file: Arc<Path> = Arc::from(path);
    let started = std::time::Instant::now();
    let findings = run_rules(&file, &text, source, config);
    timing("rules", started);
    let mut findings = match findings {
        Ok(findings) => findings,
        Err(finding) => {
            return LintedFile {
                path: path.to_path_buf(),
                text,
                findings: vec![*finding],
                unreadable: true,
            };
        }
    };
    config.apply(path, &mut findings);
    locate(&text, path, &mut findings);
    timing("locate", started);
    for finding in &mut findings {
        if finding.hint.is_none() {
            finding.hint = rules::find(finding.rule).map(|r| r.hint.to_owned());
        }
    }
    findings.sort_by(|a, b| {
        (&a.file, a.location, &a.pointer, a.rule, &a.message)
            .cmp(&(&b.file, b.location, &b.pointer, b.rule, &b.message))
    });
    findings.dedup_by(|a, b| a.rule == b.rule && a.pointer == b.pointer && a.message == b.message);
    LintedFile {
        path: path.to_path_buf(),
        text,
        findings,
        unreadable: false,
    }
}

/// Parses the spec into one tree and runs every rule on it, on two threads:
///
/// - this one runs the tree rules, then checks the path items and components
///   ([`check_parts`](crate::front::check::check_parts));
/// - the other checks the schemas and the outline, then lowers the spec as
///   `oagen generate` would. Once the schemas pass, no part of the document can make
///   deserializing it slow, so lowering need not wait for the parts' check.
///
/// When the schemas or the parts do not pass, or an overlay lies beside the spec, or
/// the text repeats a key, the generator loads the file its own way, exactly as
/// `oagen generate` does, for its exact errors, every one (or its overlay).
fn run_rules(
    file: &Arc<Path>,
    text: &str,
    source: Source,
    config: &LintConfig,
) -> Result<Vec<Diagnostic>, Box<Diagnostic>> {
    let lowering = config.is_on("generator-unsupported") || config.is_on("generator-warning");
    let structure = lowering || config.is_on("invalid-openapi");
    let started = std::time::Instant::now();
    let options = BundleOptions {
        allow_outside_refs: config.allow_outside_refs,
    };
    let options = &options;
    let tree = match parse(file, text)? {
        Parsed::OpenApi30(tree) => Arc::new(tree),
        Parsed::FrontEnd => {
            // On a thread of its own, so that a panic becomes a finding.
            return std::thread::scope(|scope| {
                let linted =
                    scope.spawn(|| lint_through_front_end(file, text, source, options, lowering));
                linted
                    .join()
                    .unwrap_or_else(|_| Ok(vec![internal_error(file)]))
            });
        }
    };
    timing("parse", started);
    let own_load = has_overlay(file, source) || tree.has_repeated_keys();
    let findings = std::thread::scope(|scope| {
        let (schemas_sent, schemas_checked) = std::sync::mpsc::channel();
        let shared = &tree;
        let generator = (structure && !own_load).then(|| {
            scope.spawn(move || {
                let checked =
                    crate::front::check::check_schemas(file, shared).and_then(|schemas| {
                        Ok((schemas, crate::front::check::check_outline(file, shared)?))
                    });
                timing("schemas", started);
                let Ok((schemas, outline)) = checked else {
                    drop(schemas_sent);
                    return None;
                };
                let _ = schemas_sent.send(schemas);
                let spec = LoadedSpec {
                    path: file.to_path_buf(),
                    raw: shared.clone(),
                    outline,
                    version: SpecVersion::OpenApi30,
                    origins: crate::document::origin::SourceMap::default(),
                    notes: Vec::new(),
                };
                Some(match lowering {
                    true => lowering_diagnostics(&spec),
                    false => Vec::new(),
                })
            })
        });
        let mut findings = checks::run(&tree, file);
        timing("tree rules", started);
        // Located now, the tree rules' findings cost nothing while lowering goes on;
        // the generator's few are located after.
        locate(text, file, &mut findings);
        if structure {
            // Without a generator thread the sender went with its closure: `recv` fails at once.
            // The check runs on a thread of its own, so that a panic in it is not the run's end.
            let parts_pass = schemas_checked.recv().is_ok_and(|schemas| {
                scope
                    .spawn(move || crate::front::check::check_parts(file, shared, &schemas).is_ok())
                    .join()
                    .unwrap_or(false)
            });
            timing("parts", started);
            let lowered = generator.map(|generator| joined(generator, file));
            let generator_found = match lowered {
                Some(Some(lowered)) if parts_pass => Some(lowered),
                // On a thread of its own too, so that a panic becomes a finding.
                _ => joined(
                    scope.spawn(move || {
                        Some(generator_diagnostics(
                            load_spec(file, text, source, options),
                            lowering,
                        ))
                    }),
                    file,
                ),
            };
            add_generator_findings(&mut findings, generator_found.unwrap_or_default());
        }
        findings
    });
    drop_elsewhere(tree);
    timing("generator", started);
    Ok(findings)
}

/// Frees a big tree on another thread: the report does not wait for it.
fn drop_elsewhere<T: Send + 'static>(value: T) {
    if std::thread::Builder::new()
        .spawn(move || drop(value))
        .is_err()
    {
        // Without a thread the value was dropped in place.
    }
}

/// Whether the generator would apply an overlay to this spec.
fn has_overlay(file: &Path, source: Source) -> bool {
    source == Source::File
        && crate::front::overlay::candidates_beside(file)
            .iter()
            .any(|candidate| candidate.is_file())
}

fn load_spec(
    file: &Path,
    text: &str,
    source: Source,
    options: &BundleOptions,
) -> Result<LoadedSpec, Refused> {
    match source {
        Source::File => crate::front::load_with(file, options),
        Source::Text => crate::front::load_text_with(file, text, None, options),
    }
}

/// What the generator's thread found (`None`: the spec must be loaded the generator's
/// own way), or one finding saying that it panicked.
fn joined(
    handle: std::thread::ScopedJoinHandle<'_, Option<Vec<Diagnostic>>>,
    file: &Arc<Path>,
) -> Option<Vec<Diagnostic>> {
    handle
        .join()
        .unwrap_or_else(|_| Some(vec![internal_error(file)]))
}

/// The finding that stands for a panic of the generator on `file`.
fn internal_error(file: &Path) -> Diagnostic {
    let mut finding = Diagnostic::error(
        "generator-unsupported",
        file,
        "",
        "the generator stopped with an internal error on this spec",
    );
    finding.hint = Some("Report this as a bug of oagen, with the spec.".into());
    finding
}

/// Prints how long a phase took when `OAGEN_LINT_TIMINGS` is set (for benchmarks).
fn timing(phase: &str, since: std::time::Instant) {
    if std::env::var_os("OAGEN_LINT_TIMINGS").is_some() {
        eprintln!("timing: {phase}: {:.1?}", since.elapsed());
    }
}

/// Rules of the generator that a lint rule already reports in its own words.
const COVERED_BY_LINT: &[&str] = &[
    "unresolved-ref",
    "ref-cycle",
    "ref-chain-too-long",
    "external-ref",
    "skipped-operation",
];

/// Refusals of the generator that a lint rule also finds, as advice, in its own words:
/// (the generator's rule, lint's). Where generation refuses, the refusal is the error
/// and lint's advice at the same place is left out; elsewhere lint's rule finds what
/// the generator reads fine, which stays a warning. So lint errs exactly where
/// generation refuses, and says each thing once.
const REFUSED_AS_ADVICE: &[(&str, &str)] = &[
    ("path-param-undeclared", "path-params"),
    ("path-param-not-in-template", "path-params"),
    ("undefined-security-scheme", "security-defined"),
];

/// Adds the generator's `diagnostics` to lint's own `findings`, as findings, leaving
/// out lint's advice where the generator refuses the same thing (see
/// [`REFUSED_AS_ADVICE`]).
fn add_generator_findings(findings: &mut Vec<Diagnostic>, diagnostics: Vec<Diagnostic>) {
    let refused: Vec<(&str, &Path, &str)> = diagnostics
        .iter()
        .filter(|d| d.is_error())
        .filter_map(|d| {
            let (_, advice) = REFUSED_AS_ADVICE.iter().find(|(rule, _)| *rule == d.rule)?;
            Some((*advice, &*d.file, d.pointer.as_str()))
        })
        .collect();
    findings.retain(|f| !refused.contains(&(f.rule, &*f.file, f.pointer.as_str())));
    findings.extend(as_findings(diagnostics));
}

/// What loading (and, when `lowering`, lowering) says about the spec.
fn generator_diagnostics(loaded: Result<LoadedSpec, Refused>, lowering: bool) -> Vec<Diagnostic> {
    match loaded {
        Err(refused) => refused.into_diagnostics(),
        Ok(spec) if lowering => {
            let diagnostics = lowering_diagnostics(&spec);
            drop_elsewhere(spec);
            diagnostics
        }
        Ok(spec) => {
            drop_elsewhere(spec);
            Vec::new()
        }
    }
}

/// What lowering says about a loaded spec. (`check` is not run: the tree rules report
/// dangling and external references themselves.)
fn lowering_diagnostics(spec: &LoadedSpec) -> Vec<Diagnostic> {
    let config = crate::Config::new(vec![spec.path.clone()], "oagen lint");
    let started = std::time::Instant::now();
    let diagnostics = match crate::lower::lower(std::slice::from_ref(spec), &config) {
        Ok((krate, warnings)) => {
            drop_elsewhere(krate);
            warnings
        }
        Err(errors) => errors,
    };
    timing("lower", started);
    diagnostics
}

/// The generator's diagnostics as lint findings: errors become `generator-unsupported`,
/// warnings `generator-warning`; what a lint rule reports already is left out.
fn as_findings(diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
    diagnostics
        .into_iter()
        .filter(|d| !COVERED_BY_LINT.contains(&d.rule))
        .map(|mut d| {
            // The finding that stands for a panic of the generator is one already.
            let kept = ["invalid-openapi", "generator-unsupported"].contains(&d.rule);
            if kept || crate::front::bundle::RULES.contains(&d.rule) {
                return d;
            }
            let what = d.rule;
            if d.is_error() {
                d.rule = "generator-unsupported";
                d.message = format!("oagen cannot generate this ({what}): {}", d.message);
            } else {
                d.rule = "generator-warning";
                d.message = format!("{} ({what})", d.message);
            }
            d
        })
        .collect()
}

/// Fills in every finding's line and column, reading the text once.
fn locate(text: &str, path: &Path, findings: &mut [Diagnostic]) {
    let wanted: Vec<usize> = (0..findings.len())
        .filter(|&i| findings[i].location.is_none() && *findings[i].file == *path)
        .collect();
    // Findings in another file (an overlay's) are located in that file.
    let mut elsewhere: Vec<Diagnostic> = findings
        .iter()
        .filter(|f| f.location.is_none() && *f.file != *path)
        .cloned()
        .collect();
    if !elsewhere.is_empty() {
        crate::document::locate::locate_diagnostics(&mut elsewhere);
        let mut located = elsewhere.into_iter();
        for finding in findings
            .iter_mut()
            .filter(|f| f.location.is_none() && *f.file != *path)
        {
            finding.location = located.next().and_then(|f| f.location);
        }
    }
    if wanted.is_empty() {
        return;
    }
    let pointers: Vec<&str> = wanted
        .iter()
        .map(|&i| findings[i].pointer.as_str())
        .collect();
    let positions = crate::document::locate::locate(text, &pointers);
    for (index, position) in wanted.into_iter().zip(positions) {
        findings[index].location = position;
    }
}

/// Parses the text into a tree and tells whether it is OpenAPI 3.0.
fn parse(path: &Path, text: &str) -> Result<Parsed, Box<Diagnostic>> {
    let fail =
        |rule: &'static str, pointer: &str, message: String, location: Option<LineColumn>| {
            let mut finding = Diagnostic::error(rule, path, pointer, message).at(location);
            finding.hint = rules::find(rule).map(|r| r.hint.to_owned());
            Box::new(finding)
        };
    if text.trim().is_empty() {
        return Err(fail(
            "empty-file",
            "",
            "the spec file is empty".into(),
            Some(LineColumn { line: 1, column: 1 }),
        ));
    }
    let raw = if crate::front::read::looks_like_json(path, text) {
        Tree::from_json_str(text.trim_start_matches('\u{feff}')).map_err(|error| {
            let location = Some(LineColumn::new(error.line().max(1), error.column().max(1)));
            if error.to_string().starts_with("recursion limit exceeded") {
                return Box::new(as_input_finding(crate::front::read::too_deep(
                    path, location,
                )));
            }
            if crate::front::read::is_out_of_range(&error) {
                return Box::new(as_input_finding(
                    crate::front::read::json_number_out_of_range(path, text, location),
                ));
            }
            fail(
                "malformed-json",
                "",
                format!("the file is not valid JSON: {error}"),
                location,
            )
        })?
    } else {
        let json = crate::front::read::read_yaml(path, text).map_err(|diagnostic| {
            let mut finding = as_input_finding(diagnostic);
            finding.location = finding.location.or(Some(LineColumn { line: 1, column: 1 }));
            Box::new(finding)
        })?;
        Tree::from_value(&json)
            .map_err(|error| fail("file-too-large", "", error.to_string(), None))?
    };
    let is_openapi_30 = raw
        .root()
        .as_object()
        .and_then(|object| object.get("openapi"))
        .and_then(Node::as_str)
        .and_then(crate::front::upgrade::parse_openapi_version)
        == Some(SpecVersion::OpenApi30);
    Ok(match is_openapi_30 && !references_other_files(text, &raw) {
        true => Parsed::OpenApi30(raw),
        false => Parsed::FrontEnd,
    })
}

/// Whether the document has a `$ref` to another file, or a discriminator mapping
/// naming one, which only the front end's bundle resolves (as
/// [`has_external_ref`](crate::front::bundle::has_external_ref) finds them). The
/// text is looked at first, so that a document without one (nearly every
/// single-file spec) costs no walk of its tree.
fn references_other_files(text: &str, raw: &Tree) -> bool {
    let maybe = text.match_indices("$ref").any(|(at, _)| {
        let rest = text[at + 4..].trim_start_matches(['"', '\'', ' ', ':', '\t']);
        !rest.starts_with('#')
    }) || text.contains("mapping");
    if !maybe {
        return false;
    }
    let mut stack = vec![raw.root()];
    while let Some(node) = stack.pop() {
        match node.kind() {
            crate::document::tree::Kind::Object(map) => {
                let reference = map.get("$ref").and_then(Node::as_str);
                if reference.is_some_and(|r| !r.starts_with('#')) {
                    return true;
                }
                let mapping = map
                    .get("discriminator")
                    .and_then(|d| d.get("mapping"))
                    .and_then(Node::as_object);
                if mapping
                    .into_iter()
                    .flat_map(|m| m.values())
                    .filter_map(Node::as_str)
                    .any(crate::front::bundle::names_a_file)
                {
                    return true;
                }
                stack.extend(map.values());
            }
            crate::document::tree::Kind::Array(items) => stack.extend(items.iter()),
            _ => {}
        }
    }
    false
}

/// A front-end diagnostic about the input as lint's finding: its rule's hint.
fn as_input_finding(mut diagnostic: Diagnostic) -> Diagnostic {
    diagnostic.hint = rules::find(diagnostic.rule).map(|r| r.hint.to_owned());
    diagnostic
}

/// What [`parse`] found.
enum Parsed {
    /// An OpenAPI 3.0 document, which the rules read as it is.
    OpenApi30(Tree),
    /// Anything else: another version, a document with parts in other files, or not
    /// OpenAPI at all. Only the generator's front end can tell which, and bring it to
    /// the form the rules read.
    FrontEnd,
}

/// Lints a document that is not OpenAPI 3.0 as the generator reads it: loaded by the
/// front end (upgraded, overlaid), then the tree rules and lowering on the result,
/// with every finding moved back to where its node was written. A document the
/// front end cannot read at all is the run's one finding, as [`parse`] gives it.
fn lint_through_front_end(
    file: &Arc<Path>,
    text: &str,
    source: Source,
    options: &BundleOptions,
    lowering: bool,
) -> Result<Vec<Diagnostic>, Box<Diagnostic>> {
    let spec = match load_spec(file, text, source, options) {
        Ok(spec) => spec,
        Err(refused) => {
            // A document that cannot be read at all is refused for that one reason.
            return match refused
                .first()
                .filter(|d| UNREADABLE_RULES.contains(&d.rule))
            {
                Some(unreadable) => Err(Box::new(unreadable_finding(unreadable, file, text))),
                None => {
                    let mut findings = Vec::new();
                    add_generator_findings(&mut findings, refused.into_diagnostics());
                    Ok(findings)
                }
            };
        }
    };
    let mut findings = checks::run(&spec.raw, file);
    if spec.version == SpecVersion::Swagger2 {
        swagger2::adjust(&spec.raw, &mut findings);
    }
    if lowering {
        add_generator_findings(&mut findings, lowering_diagnostics(&spec));
    }
    spec.origins.remap(file, &mut findings);
    // The upgrade's notes are at the user's pointers already.
    findings.extend(spec.notes.iter().cloned());
    drop_elsewhere(spec);
    Ok(findings)
}

/// The finding of a document the front end cannot read at all, located in `text`
/// (at its start, when the pointer is not found), with its rule's hint.
fn unreadable_finding(diagnostic: &Diagnostic, file: &Path, text: &str) -> Diagnostic {
    let mut finding = diagnostic.clone();
    if finding.location.is_none() && *finding.file == *file {
        let pointers = [finding.pointer.as_str()];
        finding.location = crate::document::locate::locate(text, &pointers)[0]
            .or(Some(LineColumn { line: 1, column: 1 }));
    }
    if finding.hint.is_none() {
        finding.hint = rules::find(finding.rule).map(|r| r.hint.to_owned());
    }
    finding
}

/// The front end's rules for a document that cannot be read at all, which make a run
/// exit with 2 as a parse failure does.
const UNREADABLE_RULES: &[&str] = &[
    "empty-file",
    "malformed-json",
    "malformed-yaml",
    "unsupported-yaml",
    "nesting-too-deep",
    "not-openapi",
    "unsupported-version",
    "file-too-large",
    "unreadable-file",
];

/// The exit code for a run: 2 when a file or the config could not be read, 1 when
/// an error was found (or a warning, with `deny_warnings`), else 0.
pub fn exit_code(files: &[LintedFile], deny_warnings: bool) -> u8 {
    if files.iter().any(|f| f.unreadable) {
        2
    } else if files.iter().any(|f| {
        f.findings.iter().any(|d| {
            d.severity == Severity::Error || deny_warnings && d.severity == Severity::Warning
        })
    }) {
        1
    } else {
        0
    }
}
