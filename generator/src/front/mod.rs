//! The front end: every spec version and layout in, one OpenAPI 3.0 document out.
//!
//! Its stages are modules, in the order they run: [`read`] the text of a file (YAML
//! or JSON), [`bundle`] the parts kept in other files, [`upgrade`] any version to
//! OpenAPI 3.0, apply the [`overlay`], [`normalize`] the few forms `openapiv3` cannot
//! read, build the tree, and [`check`] the result against OpenAPI 3.0. Each stage
//! imports only earlier ones and the [`document`](crate::document) layer below them;
//! this module runs them in turn ([`load`]).
//!
//! The document is kept as a compact [`Tree`]: reference checking and error
//! locations work on it, and lowering deserializes the `openapiv3` type of each
//! part (a path item, a schema) from it when it gets there. Only the document-level
//! parts are typed up front, in the [`Outline`](check::Outline). No whole typed document is built:
//! for a big spec it would be several times the size of the text.

use std::path::{Path, PathBuf};
use std::sync::Arc;

pub mod bundle;
pub mod check;
pub mod normalize;
pub mod overlay;
pub mod read;
pub mod upgrade;

use crate::diagnostics::Diagnostic;
use crate::document::origin::SourceMap;
use crate::document::tree::Tree;
use bundle::BundleOptions;
use upgrade::SpecVersion;

/// A spec that was read, bundled, upgraded and checked as OpenAPI 3.0.
#[derive(Debug, Clone)]
pub struct LoadedSpec {
    /// The file it came from, as given by the user.
    pub path: PathBuf,
    /// The document, for `$ref` resolution, pointers and the typed parts lowering reads.
    /// Shared, so that lint's tree rules can read it while lowering runs.
    pub raw: Arc<Tree>,
    /// The document-level parts, typed.
    pub outline: check::Outline,
    /// The version the document declared before it was upgraded to OpenAPI 3.0.
    pub version: SpecVersion,
    /// Where the parts that the front end moved came from: remap a diagnostic's
    /// pointer through it before locating it.
    pub origins: SourceMap,
    /// What the upgrade to OpenAPI 3.0 could not keep (infos and warnings, at the
    /// pointers the user wrote).
    pub notes: Vec<Diagnostic>,
}

/// Reads and parses one spec file.
pub fn load(path: &Path) -> Result<LoadedSpec, Diagnostic> {
    load_with(path, &BundleOptions::default())
}

/// Reads and parses one spec file, reading the files it references as `options` allow.
pub fn load_with(path: &Path, options: &BundleOptions) -> Result<LoadedSpec, Diagnostic> {
    let text = read::read_text(path)?;
    let overlay = crate::front::overlay::find_beside(path)?;
    load_text_with(path, &text, overlay.as_ref(), options)
}

/// Parses spec text that was read from `path` (no overlay is looked for).
pub fn load_str(path: &Path, text: &str) -> Result<LoadedSpec, Diagnostic> {
    load_with_overlay(path, text, None)
}

/// Runs the front end on spec text read from `path`: parse, bundle the files it
/// references (see [`crate::front::bundle`]), upgrade to OpenAPI 3.0, apply `overlay` (see
/// [`crate::front::overlay`]), normalize, then check the structure.
pub fn load_with_overlay(
    path: &Path,
    text: &str,
    overlay: Option<&crate::front::overlay::Overlay>,
) -> Result<LoadedSpec, Diagnostic> {
    load_text_with(path, text, overlay, &BundleOptions::default())
}

/// [`load_with_overlay`], reading the files the spec references as `options` allow.
pub fn load_text_with(
    path: &Path,
    text: &str,
    overlay: Option<&crate::front::overlay::Overlay>,
    options: &BundleOptions,
) -> Result<LoadedSpec, Diagnostic> {
    let mut origins = SourceMap::default();
    let mut raw = read::parse_root(path, text)?;
    crate::front::bundle::bundle(path, &mut raw, &mut origins, options)?;
    let mut notes = Vec::new();
    // An upgrade error may sit inside a part the bundle or the upgrade moved.
    let version = crate::front::upgrade::upgrade(path, &mut raw, &mut origins, &mut notes)
        .map_err(|mut diagnostic| {
            origins.remap(path, std::slice::from_mut(&mut diagnostic));
            diagnostic
        })?;
    if let Some(overlay) = overlay {
        overlay.apply(&mut raw)?;
    }
    crate::front::normalize::normalize(&mut raw);
    let tree = Tree::from_value(&raw).map_err(|error| {
        Diagnostic::error("file-too-large", path, "", error.to_string())
            .with_hint("split the spec, or leave out what the client does not need")
    })?;
    drop(raw);
    let outline = check::check_structure(path, &tree).map_err(|mut diagnostic| {
        origins.remap(path, std::slice::from_mut(&mut diagnostic));
        diagnostic
    })?;
    Ok(LoadedSpec {
        path: path.to_path_buf(),
        raw: Arc::new(tree),
        outline,
        version,
        origins,
        notes,
    })
}
