//! Diff: what changed for users of the generated client between two versions of a spec.
//!
//! Both versions are loaded the way generation loads them (overlay included),
//! lowered to the [`ir`](crate::ir), and reduced to an [`ApiSurface`]: the
//! methods, parameters, bodies, success and error types and named types a
//! user of the crate sees. [`compare`] then lists every change in those terms
//! (`client.api_keys().create()`, `keys::types::ApiKey::name`), each classified
//! breaking or not (the rules are in [`compare`]'s module) and pointing at its
//! place in the spec: file, JSON pointer and line:column.
//!
//! A side is a file, or `REV:PATH` read with `git show` (its overlay, if any, is
//! read from the same revision). Operations that the generator cannot lower
//! (an unsupported construct in a foreign spec) are left out of both sides and
//! listed, rather than failing the whole diff.
//!
//! `cargo xtask codegen` uses the same comparison between the committed crate's
//! `api.json` and the new generation to write `CHANGELOG.md` and bump the version.

pub mod changelog;
mod compare;
pub mod surface;

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use serde::Serialize;

pub use compare::compare;
pub use surface::ApiSurface;

use crate::diagnostics::{unescape_pointer_token, Diagnostic};
use crate::document::origin::SourceMap;
use crate::front::bundle::BundleOptions;
use crate::front::overlay::Overlay;
use crate::front::Refused;
use crate::Config;

/// What changed, as a stable kebab-case name in JSON output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
#[allow(missing_docs)]
pub enum ChangeKind {
    ModuleAdded,
    ModuleRemoved,
    MethodAdded,
    MethodRemoved,
    MethodRenamed,
    ParameterAdded,
    ParameterRemoved,
    ParameterTypeChanged,
    ParameterRequiredChanged,
    ParameterRenamed,
    BodyAdded,
    BodyRemoved,
    BodyTypeChanged,
    BodyRequiredChanged,
    SuccessTypeChanged,
    ErrorVariantAdded,
    ErrorVariantRemoved,
    ErrorVariantChanged,
    TypeAdded,
    TypeRemoved,
    TypeKindChanged,
    FieldAdded,
    RequiredFieldAdded,
    FieldRemoved,
    FieldTypeChanged,
    FieldPresenceChanged,
    FieldRenamed,
    EnumValueAdded,
    EnumValueRemoved,
    UnionVariantAdded,
    UnionVariantRemoved,
    AliasChanged,
}

impl ChangeKind {
    /// The kebab-case name.
    pub fn as_str(self) -> String {
        serde_json::to_value(self)
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default()
    }
}

/// Which version a change's location is in: the old one for what was removed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Side {
    /// The old spec.
    Old,
    /// The new spec.
    New,
}

/// Where a change is in a spec.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Location {
    /// The spec as given (a path, or `REV:PATH`).
    pub file: String,
    /// The JSON pointer of the node.
    pub pointer: String,
    /// Its line, when the spec's text is at hand.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<u32>,
    /// Its column.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<u32>,
}

impl std::fmt::Display for Location {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.file)?;
        if let (Some(line), Some(column)) = (self.line, self.column) {
            write!(f, ":{line}:{column}")?;
        }
        if !self.pointer.is_empty() {
            write!(f, " ({})", self.pointer)?;
        }
        Ok(())
    }
}

/// One change of the client's API.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    /// What kind of change it is.
    pub kind: ChangeKind,
    /// Whether code written against the old client may break.
    pub breaking: bool,
    /// The Rust module it is in.
    pub module: String,
    /// The method or type it concerns, as Rust.
    pub subject: String,
    /// What changed, in terms of the Rust API.
    pub message: String,
    /// Which spec the location is in.
    pub side: Side,
    /// Where in that spec.
    pub location: Location,
}

impl Change {
    pub(crate) fn new(
        kind: ChangeKind,
        breaking: bool,
        module: &str,
        subject: String,
        message: String,
        side: Side,
        pointer: &str,
    ) -> Change {
        Change {
            kind,
            breaking,
            module: module.to_owned(),
            subject,
            message,
            side,
            location: Location {
                pointer: pointer.to_owned(),
                ..Location::default()
            },
        }
    }
}

/// How much the version should move.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Bump {
    /// No API change.
    None,
    /// `x.y.Z`.
    Patch,
    /// `x.Y.0`.
    Minor,
    /// `X.0.0`.
    Major,
}

/// The bump semver asks for, given the current version and the changes: from
/// 1.0 on, breaking → major and any other API change → minor; before 1.0,
/// breaking → minor and any other change → patch.
pub fn suggest_bump(current: &str, changes: &[Change]) -> Bump {
    if changes.is_empty() {
        return Bump::None;
    }
    let breaking = changes.iter().any(|c| c.breaking);
    let stable = parse_version(current).is_some_and(|(major, _, _)| major >= 1);
    match (stable, breaking) {
        (true, true) => Bump::Major,
        (true, false) | (false, true) => Bump::Minor,
        (false, false) => Bump::Patch,
    }
}

/// `current` moved by `bump`; `None` when it is not `MAJOR.MINOR.PATCH`.
pub fn bumped(current: &str, bump: Bump) -> Option<String> {
    let (major, minor, patch) = parse_version(current)?;
    Some(match bump {
        Bump::None => current.to_owned(),
        Bump::Patch => format!("{major}.{minor}.{}", patch + 1),
        Bump::Minor => format!("{major}.{}.0", minor + 1),
        Bump::Major => format!("{}.0.0", major + 1),
    })
}

fn parse_version(version: &str) -> Option<(u64, u64, u64)> {
    let core = version.split(['-', '+']).next()?;
    let mut parts = core.split('.').map(|p| p.parse::<u64>().ok());
    Some((parts.next()??, parts.next()??, parts.next()??))
}

/// The result of a diff.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// The old side as given.
    pub old: String,
    /// The new side as given.
    pub new: String,
    /// Every change, breaking ones first.
    pub changes: Vec<Change>,
    /// How many changes are breaking.
    pub breaking: usize,
    /// The suggested bump; for a version below 1.0 unless `--current-version` says otherwise.
    pub bump: Bump,
    /// The version the bump gives, when the current version is known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub suggested_version: Option<String>,
    /// Operations left out because the generator cannot lower them, per side.
    pub skipped: Skipped,
}

/// Operations left out of the comparison, as `METHOD /path`.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Skipped {
    /// Those the old spec has but the generator cannot lower.
    pub old: Vec<String>,
    /// Those the new spec has but the generator cannot lower.
    pub new: Vec<String>,
}

/// A spec read from a file or from git, with its overlay.
#[derive(Debug, Clone)]
pub struct SpecSource {
    /// As given on the command line.
    pub label: String,
    /// Its path (in the repository, for a git side), which names the module.
    pub path: PathBuf,
    /// Its text.
    pub text: String,
    /// The overlay found beside it, if any.
    pub overlay: Option<Overlay>,
}

impl SpecSource {
    /// Reads `spec`: an existing file, or `REV:PATH` through `git show`.
    pub fn read(spec: &str) -> Result<SpecSource, Diagnostic> {
        let path = Path::new(spec);
        if path.is_file() || !spec.contains(':') {
            let text = std::fs::read_to_string(path).map_err(|error| {
                Diagnostic::error(
                    "unreadable-file",
                    path,
                    "",
                    format!("cannot read the spec: {error}"),
                )
                .with_hint("give a spec file or a git revision such as `HEAD~1:specs/keys.yaml`")
            })?;
            return Ok(SpecSource {
                label: spec.to_owned(),
                path: path.to_path_buf(),
                text,
                overlay: crate::front::overlay::find_beside(path)?,
            });
        }
        let (rev, file) = spec.split_once(':').expect("checked above");
        let text = git_show(rev, file).map_err(|message| {
            Diagnostic::error("unreadable-revision", Path::new(spec), "", message).with_hint(
                "give `REV:PATH` with PATH relative to the repository root, such as `HEAD~1:specs/keys.yaml`",
            )
        })?;
        let mut overlay = None;
        for candidate in crate::front::overlay::candidates_beside(Path::new(file)) {
            let candidate = candidate.to_string_lossy().replace('\\', "/");
            if let Ok(text) = git_show(rev, &candidate) {
                overlay = Some(Overlay::parse(
                    Path::new(&format!("{rev}:{candidate}")),
                    &text,
                )?);
                break;
            }
        }
        Ok(SpecSource {
            label: spec.to_owned(),
            path: PathBuf::from(file),
            text,
            overlay,
        })
    }
}

fn git_show(rev: &str, file: &str) -> Result<String, String> {
    git_in(Path::new("."), &["show", &format!("{rev}:{file}")])
}

/// The standard output of `git args` run in `dir`, or why it failed (git's own message).
pub fn git_in(dir: &Path, args: &[&str]) -> Result<String, String> {
    let command = format!("git {}", args.join(" "));
    let output = std::process::Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .output()
        .map_err(|e| format!("cannot run git: {e}"))?;
    if !output.status.success() {
        return Err(format!(
            "`{command}` failed: {}",
            String::from_utf8_lossy(&output.stderr).trim()
        ));
    }
    String::from_utf8(output.stdout)
        .map_err(|_| format!("the output of `{command}` is not UTF-8 text"))
}

/// One side, lowered.
#[derive(Debug, Clone)]
pub struct LoweredSide {
    /// Where it came from.
    pub source: SpecSource,
    /// Its API.
    pub surface: ApiSurface,
    /// Operations the generator could not lower, as `METHOD /path`.
    pub skipped: Vec<String>,
    /// Where the parts the front end moved came from (other files of a multi-file spec).
    pub origins: SourceMap,
}

/// Loads, checks and lowers one spec as generation would, leaving out (and
/// listing) operations that do not lower. `module_stem`, when given, stands for
/// the file's stem in the names derived from it (the module, and the group of
/// untagged operations), so two files named differently lower alike.
pub fn lower_source(
    source: SpecSource,
    module_stem: Option<&str>,
) -> Result<LoweredSide, Vec<Diagnostic>> {
    lower_source_with(source, module_stem, &BundleOptions::default())
}

/// [`lower_source`], reading the files the spec references as `options` allow.
pub fn lower_source_with(
    source: SpecSource,
    module_stem: Option<&str>,
    options: &BundleOptions,
) -> Result<LoweredSide, Vec<Diagnostic>> {
    let overlay = source.overlay.as_ref();
    let mut spec = crate::front::load_text_with(&source.path, &source.text, overlay, options)
        .map_err(Refused::into_diagnostics)?;
    if let Some(stem) = module_stem {
        let extension = spec
            .path
            .extension()
            .map(|e| e.to_string_lossy().into_owned())
            .unwrap_or_else(|| "yaml".to_owned());
        spec.path = spec.path.with_file_name(format!("{stem}.{extension}"));
    }
    let mut diagnostics = crate::front::check::refs::check(&spec.raw, &spec.path);
    crate::lower::demote_errors(&mut diagnostics);
    let config = Config {
        skip_unsupported: true,
        ..Config::new(vec![source.path.clone()], "oagen diff")
    };
    let (krate, warnings) = crate::lower::lower(std::slice::from_ref(&spec), &config)?;
    let skipped = warnings
        .iter()
        .filter(|w| w.rule == "skipped-operation")
        .filter_map(|w| operation_key(&w.pointer))
        .collect();
    let surface = ApiSurface::of(&krate, &[&*spec.raw]);
    Ok(LoweredSide {
        source,
        surface,
        skipped,
        origins: spec.origins.clone(),
    })
}

/// The API of the crate `config` describes, lowered as generation lowers it
/// (overlays included), with the specs' trees for locating changes.
pub fn surface_of(config: &Config) -> Result<ApiSurface, Vec<Diagnostic>> {
    let mut specs = Vec::new();
    let mut diagnostics = Vec::new();
    for path in &config.specs {
        match crate::front::load_with(path, &config.bundle_options()) {
            Ok(spec) => {
                diagnostics.extend(crate::front::check::refs::check(&spec.raw, &spec.path));
                specs.push(spec);
            }
            Err(refused) => diagnostics.extend(refused.into_diagnostics()),
        }
    }
    if diagnostics.iter().any(Diagnostic::is_error) {
        crate::remap(&specs, &mut diagnostics);
        return Err(diagnostics);
    }
    let (krate, _) = crate::lower::lower(&specs, config).map_err(|mut errors| {
        crate::remap(&specs, &mut errors);
        errors
    })?;
    let raws: Vec<&crate::document::tree::Tree> = specs.iter().map(|s| &*s.raw).collect();
    Ok(ApiSurface::of(&krate, &raws))
}

/// `METHOD /path` from an operation's pointer `/paths/<path>/<method>`.
fn operation_key(pointer: &str) -> Option<String> {
    let rest = pointer.strip_prefix("/paths/")?;
    let mut tokens = rest.split('/');
    let path = unescape_pointer_token(tokens.next()?);
    let mut method = tokens.next()?;
    // A method OpenAPI 3.0 has no field for is kept under an extension of the path item.
    if method == crate::document::EXTRA_OPERATIONS {
        method = tokens.next()?;
    }
    Some(format!(
        "{} {path}",
        unescape_pointer_token(method).to_ascii_uppercase()
    ))
}

/// Compares two lowered sides; `current_version` (if known) picks the bump.
pub fn diff(old: &LoweredSide, new: &LoweredSide, current_version: Option<&str>) -> Report {
    let mut changes = compare(&old.surface, &new.surface);
    let skipped_old: BTreeSet<&str> = old.skipped.iter().map(String::as_str).collect();
    let skipped_new: BTreeSet<&str> = new.skipped.iter().map(String::as_str).collect();
    // An operation one side cannot lower is not compared at all.
    let key_of = |c: &Change| {
        operation_key(&c.location.pointer)
            .filter(|_| matches!(c.kind, ChangeKind::MethodAdded | ChangeKind::MethodRemoved))
    };
    changes.retain(|c| match key_of(c) {
        Some(key) => !skipped_old.contains(key.as_str()) && !skipped_new.contains(key.as_str()),
        None => true,
    });
    locate_changes(&mut changes, Some(&old.source), Some(&new.source));
    relocate_moved(&mut changes, Side::Old, &old.origins);
    relocate_moved(&mut changes, Side::New, &new.origins);
    finish(
        old.source.label.clone(),
        new.source.label.clone(),
        changes,
        current_version,
        Skipped {
            old: old.skipped.clone(),
            new: new.skipped.clone(),
        },
    )
}

/// Orders changes (breaking first, then by kind and subject) and adds the bump.
pub fn finish(
    old: String,
    new: String,
    mut changes: Vec<Change>,
    current_version: Option<&str>,
    skipped: Skipped,
) -> Report {
    changes.sort_by(|a, b| {
        (!a.breaking, &a.module, &a.subject, a.kind, &a.message).cmp(&(
            !b.breaking,
            &b.module,
            &b.subject,
            b.kind,
            &b.message,
        ))
    });
    let bump = suggest_bump(current_version.unwrap_or("0.1.0"), &changes);
    Report {
        old,
        new,
        breaking: changes.iter().filter(|c| c.breaking).count(),
        suggested_version: current_version.and_then(|v| bumped(v, bump)),
        bump,
        changes,
        skipped,
    }
}

/// Fills in each change's file and line:column from the side it is on. A side
/// given as `None` (the committed API, which has no text) keeps its pointers only.
pub fn locate_changes(changes: &mut [Change], old: Option<&SpecSource>, new: Option<&SpecSource>) {
    for (side, source) in [(Side::Old, old), (Side::New, new)] {
        let Some(source) = source else { continue };
        let indexes: Vec<usize> = (0..changes.len())
            .filter(|&i| changes[i].side == side)
            .collect();
        let pointers: Vec<&str> = indexes
            .iter()
            .map(|&i| changes[i].location.pointer.as_str())
            .collect();
        let positions = crate::document::locate::locate(&source.text, &pointers);
        for (&i, position) in indexes.iter().zip(positions) {
            let location = &mut changes[i].location;
            location.file = source.label.clone();
            if let Some(position) = position {
                location.line = Some(position.line);
                location.column = Some(position.column);
            }
        }
    }
}

/// Moves the location of each change on `side` whose node the front end brought in
/// from another file (see [`SourceMap`]) to that file, pointer and line:column.
fn relocate_moved(changes: &mut [Change], side: Side, origins: &SourceMap) {
    if origins.is_identity() {
        return;
    }
    let mut texts: std::collections::HashMap<std::sync::Arc<Path>, String> = Default::default();
    for change in changes.iter_mut().filter(|c| c.side == side) {
        let Some((file, pointer)) = origins.origin(&change.location.pointer) else {
            continue;
        };
        let text = texts
            .entry(std::sync::Arc::clone(file))
            .or_insert_with(|| std::fs::read_to_string(file).unwrap_or_default());
        let position = crate::document::locate::locate(text, &[pointer.as_str()])[0];
        let location = &mut change.location;
        location.file = file.display().to_string();
        location.line = position.map(|p| p.line);
        location.column = position.map(|p| p.column);
        location.pointer = pointer;
    }
}

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// For a terminal.
    Text,
    /// For tools.
    Json,
    /// For a pull request or a changelog.
    Markdown,
}

impl Report {
    /// Renders the report.
    pub fn render(&self, format: Format) -> String {
        match format {
            Format::Json => {
                let mut text = serde_json::to_string_pretty(self).unwrap_or_default();
                text.push('\n');
                text
            }
            Format::Markdown => {
                let mut out = format!(
                    "# API changes: `{}` → `{}`\n\n{}\n",
                    self.old,
                    self.new,
                    self.summary()
                );
                if !self.changes.is_empty() {
                    out.push('\n');
                    out.push_str(&markdown_changes(&self.changes));
                }
                out.push_str(&self.skipped_text("\n", "- "));
                out
            }
            Format::Text => {
                let mut out = format!("{} → {}\n{}\n", self.old, self.new, self.summary());
                for change in &self.changes {
                    let _ = write!(
                        out,
                        "\n{:<8} {}\n         {}\n         at {}\n",
                        if change.breaking {
                            "BREAKING"
                        } else {
                            "change"
                        },
                        change.kind.as_str(),
                        change.message,
                        change.location
                    );
                }
                out.push_str(&self.skipped_text("\n", "  "));
                out
            }
        }
    }

    fn summary(&self) -> String {
        let others = self.changes.len() - self.breaking;
        let bump = match (&self.suggested_version, self.bump) {
            (_, Bump::None) => "no version bump needed".to_owned(),
            (Some(version), bump) => format!(
                "suggested version: {version} (a {} bump)",
                serde_json::to_value(bump)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_owned))
                    .unwrap_or_default()
            ),
            (None, Bump::Minor) if self.breaking > 0 => {
                "suggested bump: minor while below 1.0, major from 1.0 on".to_owned()
            }
            (None, _) => "suggested bump: patch while below 1.0, minor from 1.0 on".to_owned(),
        };
        format!(
            "{} breaking change(s), {others} other change(s); {bump}.",
            self.breaking
        )
    }

    fn skipped_text(&self, lead: &str, bullet: &str) -> String {
        let mut out = String::new();
        for (side, list) in [("old", &self.skipped.old), ("new", &self.skipped.new)] {
            if list.is_empty() {
                continue;
            }
            let _ = writeln!(
                out,
                "{lead}Not compared: {} operation(s) of the {side} spec that the generator cannot lower:",
                list.len()
            );
            for key in list {
                let _ = writeln!(out, "{bullet}{key}");
            }
        }
        out
    }

    /// Whether any change is breaking.
    pub fn has_breaking(&self) -> bool {
        self.breaking > 0
    }
}

/// The changes as Markdown sections: breaking first, then the others.
pub fn markdown_changes(changes: &[Change]) -> String {
    let mut out = String::new();
    for (title, breaking) in [("Breaking changes", true), ("Other changes", false)] {
        let list: Vec<&Change> = changes.iter().filter(|c| c.breaking == breaking).collect();
        if list.is_empty() {
            continue;
        }
        let _ = writeln!(out, "### {title}\n");
        for change in list {
            let _ = writeln!(
                out,
                "- {} ({}; {})",
                change.message,
                change.kind.as_str(),
                markdown_location(&change.location)
            );
        }
        out.push('\n');
    }
    out
}

fn markdown_location(location: &Location) -> String {
    let mut out = format!("`{}", location.file);
    if let (Some(line), Some(column)) = (location.line, location.column) {
        let _ = write!(out, ":{line}:{column}");
    }
    out.push('`');
    if !location.pointer.is_empty() {
        let _ = write!(out, " at `{}`", location.pointer);
    }
    out
}

/// The arguments of `oagen diff` and `cargo xtask diff`.
#[derive(Debug, Clone, clap::Args)]
pub struct DiffArgs {
    /// The old spec: a file, or a git revision and path such as `HEAD~1:specs/keys.yaml`.
    pub old: String,
    /// The new spec, likewise.
    pub new: String,
    /// How to print the report.
    #[arg(long, value_enum, default_value = "text")]
    pub format: Format,
    /// Exit with status 1 when a change is breaking (for CI).
    #[arg(long)]
    pub fail_on_breaking: bool,
    /// The crate's current version, to suggest the next one (semver; below 1.0 a
    /// breaking change bumps the minor version).
    #[arg(long)]
    pub current_version: Option<String>,
    /// Let `$ref`s name files outside each spec's directory tree.
    #[arg(long)]
    pub allow_outside_refs: bool,
}

/// Runs a diff and prints its report: exit 0, 1 for breaking changes with
/// `--fail-on-breaking`, 2 when a side cannot be read or lowered.
pub fn run(args: &DiffArgs) -> ExitCode {
    // Both sides take the new file's stem, so renaming the file renames nothing.
    let stem = Path::new(args.new.rsplit(':').next().unwrap_or(&args.new))
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned());
    let options = BundleOptions {
        allow_outside_refs: args.allow_outside_refs,
    };
    let lower = |spec: &str| {
        SpecSource::read(spec)
            .map_err(|d| vec![d])
            .and_then(|source| lower_source_with(source, stem.as_deref(), &options))
    };
    let sides = lower(&args.old).and_then(|old| lower(&args.new).map(|new| (old, new)));
    let (old, new) = match sides {
        Ok(sides) => sides,
        Err(mut diagnostics) => {
            crate::document::locate::locate_diagnostics(&mut diagnostics);
            for diagnostic in diagnostics.iter().filter(|d| d.is_error()) {
                eprintln!("{diagnostic}\n");
            }
            eprintln!("error: the diff could not be made");
            return ExitCode::from(2);
        }
    };
    let report = diff(&old, &new, args.current_version.as_deref());
    print!("{}", report.render(args.format));
    if args.fail_on_breaking && report.has_breaking() {
        eprintln!(
            "error: {} breaking change(s) (--fail-on-breaking)",
            report.breaking
        );
        return ExitCode::from(1);
    }
    ExitCode::SUCCESS
}
