//! `oagen` generates typed Rust API clients from Swagger 2.0 and OpenAPI 3.0, 3.1 and
//! 3.2 documents, in one file or split over many.
//!
//! The flow runs one way, one module per phase:
//!
//! ```text
//! front (read ─▶ bundle ─▶ upgrade ─▶ overlay ─▶ check) ─▶ lower (IR) ─▶ emit ─▶ render ─▶ write
//! ```
//!
//! - [`front`] runs the front end, one stage a module: it reads YAML or JSON
//!   ([`front::read`]), brings in the parts kept in other files ([`front::bundle`]),
//!   rewrites every version as OpenAPI 3.0 ([`front::upgrade`]), applies the
//!   [`front::overlay`], builds the compact tree and checks it ([`front::check`]).
//! - [`document`] is the layer every phase reads a loaded document through: the
//!   [`document::tree`], the one resolver ([`document::resolve`]), the object model as
//!   data ([`document::model`]) and the one walk it drives ([`document::walk`]), where each moved part came from ([`document::origin`])
//!   and the line and column of a pointer ([`document::locate`]). It imports nothing
//!   above it.
//! - [`lower`] resolves references and chooses every name ([`naming`]), giving the [`ir`].
//! - [`emit`] turns the IR into token streams; it never sees `openapiv3` types. The
//!   types, most of a big spec's code, are written as text already laid out as
//!   rustfmt would, which is several times faster than printing tokens.
//! - [`render`] pretty-prints the tokens and adds the "generated, do not edit" line.
//! - [`write`](mod@write) updates the output directory, or checks that it is up to date.
//!
//! [`generate`] runs every phase but the last. ARCHITECTURE.md at the repository root
//! maps every module and the invariants they keep.

pub mod diagnostics;
pub mod diff;
pub mod document;
pub mod emit;
pub mod escape;
pub mod front;
pub mod ir;
pub mod lint;
pub mod lower;
pub mod naming;
pub mod render;
pub mod write;

use std::path::PathBuf;

pub use diagnostics::{Diagnostic, Severity};
pub use render::{Layout, RenderedFile};

/// What to generate.
#[derive(Debug, Clone)]
pub struct Config {
    /// The spec files, one module each, in this order.
    pub specs: Vec<PathBuf>,
    /// The package name of the generated crate.
    pub crate_name: String,
    /// Its version.
    pub crate_version: String,
    /// Its one-line description; derived from the specs' titles when `None`.
    pub description: Option<String>,
    /// The command named in each file's "do not edit" line.
    pub generated_by: String,
    /// How Rust sources are laid out.
    pub layout: Layout,
    /// Whether to leave out what cannot be generated (an operation with an
    /// unsupported construct, a dangling `$ref`) with a warning naming it, instead
    /// of failing. Off for specs we own, so CI catches problems; on for foreign specs.
    pub skip_unsupported: bool,
    /// Whether `Cargo.toml` declares a `[workspace]` of its own, so a copy builds
    /// anywhere. Off only for a crate nested inside another workspace member's
    /// directory, where cargo refuses a second workspace root.
    pub own_workspace: bool,
    /// Whether a `$ref` may name a file outside the root document's directory tree
    /// (see [`front::bundle::BundleOptions`]). Off by default, for specs you do not control.
    pub allow_outside_refs: bool,
}

impl Config {
    /// A configuration for `specs` with the command-line defaults: crate
    /// `api-client` 0.1.0 with its own workspace, as the text writer writes it (no rustfmt),
    /// failing on anything unsupported. Set the other fields with struct update syntax.
    pub fn new(specs: Vec<PathBuf>, generated_by: &str) -> Self {
        Config {
            specs,
            crate_name: "api-client".to_owned(),
            crate_version: "0.1.0".to_owned(),
            description: None,
            generated_by: generated_by.to_owned(),
            layout: Layout::AsWritten,
            skip_unsupported: false,
            own_workspace: true,
            allow_outside_refs: false,
        }
    }

    /// What the front end may read, for this configuration.
    pub fn bundle_options(&self) -> front::bundle::BundleOptions {
        front::bundle::BundleOptions {
            allow_outside_refs: self.allow_outside_refs,
        }
    }
}

/// Moves each diagnostic to the file and pointer where its node was written, for
/// the parts of each spec that the front end moved (see [`origin`]).
pub(crate) fn remap(specs: &[front::LoadedSpec], diagnostics: &mut [Diagnostic]) {
    for spec in specs {
        spec.origins.remap(&spec.path, diagnostics);
    }
}

/// What lowering refuses in specs the check refused already, leaving out the
/// references the check reported: a refused spec gets every reason at once, as
/// `oagen lint` gives them.
fn lowering_errors(specs: &[front::LoadedSpec], config: &Config) -> Vec<Diagnostic> {
    match lower::lower(specs, config) {
        Ok(_) => Vec::new(),
        Err(errors) => errors
            .into_iter()
            .filter(|d| d.is_error() && !front::check::refs::REFERENCE_RULES.contains(&d.rule))
            .collect(),
    }
}

/// A generated crate, rendered and ready to write.
#[derive(Debug)]
pub struct Generated {
    /// Every file, with paths relative to the crate root.
    pub files: Vec<RenderedFile>,
    /// Problems that did not stop generation.
    pub warnings: Vec<Diagnostic>,
    /// How many operations became methods.
    pub operations: usize,
    /// How many named types were generated.
    pub types: usize,
    /// How many Rust files hold a statement whose layout the text writer does not
    /// model, which rustfmt laid out (on the default layout).
    pub inexact_files: usize,
}

/// Runs load, check, lower, emit and render. On failure returns every diagnostic
/// found, errors and warnings alike; nothing is written either way.
pub fn generate(config: &Config) -> Result<Generated, Vec<Diagnostic>> {
    let started = std::time::Instant::now();
    let mut diagnostics = Vec::new();
    let mut specs = Vec::new();
    for path in &config.specs {
        match front::load_with(path, &config.bundle_options()) {
            Ok(spec) => {
                diagnostics.extend(front::check::refs::check(&spec.raw, &spec.path));
                diagnostics.extend(spec.notes.iter().cloned());
                specs.push(spec);
            }
            Err(refused) => diagnostics.extend(refused.into_diagnostics()),
        }
    }
    // A file that did not load leaves nothing to generate from, whatever the mode.
    let unloaded = specs.len() < config.specs.len();
    if config.skip_unsupported && !unloaded {
        lower::demote_errors(&mut diagnostics);
    }
    if diagnostics.iter().any(Diagnostic::is_error) {
        diagnostics.extend(lowering_errors(&specs, config));
        remap(&specs, &mut diagnostics);
        document::locate::locate_diagnostics(&mut diagnostics);
        return Err(diagnostics);
    }
    let (krate, warnings) = lower::lower(&specs, config).map_err(|mut errors| {
        errors.splice(0..0, diagnostics.iter().cloned());
        remap(&specs, &mut errors);
        document::locate::locate_diagnostics(&mut errors);
        errors
    })?;
    diagnostics.extend(warnings);
    // The front end (load, check, lower) is done: benchmarks time it apart from rendering.
    if std::env::var_os("OAGEN_TIMINGS").is_some() {
        eprintln!("timing: front end: {:.1?}", started.elapsed());
    }
    remap(&specs, &mut diagnostics);
    // The documents are no longer needed; freeing them keeps peak memory to the
    // crate's model plus the files being rendered.
    drop(specs);
    document::locate::locate_diagnostics(&mut diagnostics);
    let operations = krate
        .modules
        .iter()
        .flat_map(|m| &m.groups)
        .map(|g| g.operations.len())
        .sum();
    let types = krate.modules.iter().map(|m| m.types.len()).sum();
    let sources: Vec<String> = config
        .specs
        .iter()
        .map(|p| {
            p.file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default()
        })
        .collect();
    let preamble = render::preamble(&config.generated_by, &sources);
    let rendered = render::render(&krate, &preamble, config.layout).map_err(|message| {
        vec![Diagnostic::error(
            "render-failed",
            config
                .specs
                .first()
                .map(PathBuf::as_path)
                .unwrap_or(std::path::Path::new("")),
            "",
            message,
        )]
    })?;
    Ok(Generated {
        files: rendered.files,
        warnings: diagnostics,
        operations,
        types,
        inexact_files: rendered.inexact,
    })
}
