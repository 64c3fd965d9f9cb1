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

/// How many errors a refusal lists. A hostile spec could break a part a million times
/// over; past this many, the rest are counted in one note instead.
pub const MAX_LISTED_ERRORS: usize = 100;

/// Why the front end refused a spec: every independent error it found (each broken
/// schema, path item or component, the outline), so that a user can fix them all in
/// one go, at most [`MAX_LISTED_ERRORS`] of them.
///
/// It is also the collector the checks fill as they go: [`Refused::push`] keeps the
/// first errors and only counts the rest, so memory stays bounded.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Refused {
    errors: Vec<Diagnostic>,
    unlisted: usize,
}

impl Refused {
    /// Adds an error, or counts it once [`MAX_LISTED_ERRORS`] are listed. An error
    /// found twice (a check that two walks reach) is listed once.
    pub fn push(&mut self, error: Diagnostic) {
        if self.errors.contains(&error) {
            return;
        }
        if self.errors.len() < MAX_LISTED_ERRORS {
            self.errors.push(error);
        } else {
            self.unlisted += 1;
        }
    }

    /// Whether nothing was found.
    pub fn is_empty(&self) -> bool {
        self.errors.is_empty()
    }

    /// How many errors were found, listed or only counted.
    pub fn len(&self) -> usize {
        self.errors.len() + self.unlisted
    }

    /// `Ok(value)` when nothing was found, else the refusal.
    pub fn or_ok<T>(self, value: T) -> Result<T, Refused> {
        match self.is_empty() {
            true => Ok(value),
            false => Err(self),
        }
    }

    /// The first error found: for a spec that cannot be read at all, the only one.
    pub fn first(&self) -> Option<&Diagnostic> {
        self.errors.first()
    }

    /// Moves each error to where its node was written (see [`SourceMap::remap`]).
    pub fn remap(&mut self, origins: &SourceMap, path: &Path) {
        origins.remap(path, &mut self.errors);
    }

    /// The errors, then, when some were only counted, a note saying how many.
    pub fn into_diagnostics(self) -> Vec<Diagnostic> {
        let note = self.unlisted_note();
        let mut diagnostics = self.errors;
        diagnostics.extend(note);
        diagnostics
    }

    /// The note that stands for the errors not listed, if any were counted only.
    fn unlisted_note(&self) -> Option<Diagnostic> {
        let file = &self.errors.first()?.file;
        let unlisted = self.unlisted;
        (unlisted > 0).then(|| Diagnostic {
            severity: crate::diagnostics::Severity::Info,
            ..Diagnostic::error(
                "invalid-openapi",
                file,
                "",
                format!("{unlisted} more error(s) were found, beyond the first {MAX_LISTED_ERRORS} listed"),
            )
            .with_hint("fix the errors listed, then run again to see the rest")
        })
    }
}

impl From<Diagnostic> for Refused {
    fn from(error: Diagnostic) -> Self {
        Refused {
            errors: vec![error],
            unlisted: 0,
        }
    }
}

impl std::fmt::Display for Refused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let note = self.unlisted_note();
        for (index, diagnostic) in self.errors.iter().chain(&note).enumerate() {
            if index > 0 {
                writeln!(f)?;
            }
            write!(f, "{diagnostic}")?;
        }
        Ok(())
    }
}

/// Reads and parses one spec file.
pub fn load(path: &Path) -> Result<LoadedSpec, Refused> {
    load_with(path, &BundleOptions::default())
}

/// Reads and parses one spec file, reading the files it references as `options` allow.
pub fn load_with(path: &Path, options: &BundleOptions) -> Result<LoadedSpec, Refused> {
    let text = read::read_text(path)?;
    let overlay = crate::front::overlay::find_beside(path)?;
    load_text_with(path, &text, overlay.as_ref(), options)
}

/// Parses spec text that was read from `path` (no overlay is looked for).
pub fn load_str(path: &Path, text: &str) -> Result<LoadedSpec, Refused> {
    load_with_overlay(path, text, None)
}

/// Runs the front end on spec text read from `path`: parse, bundle the files it
/// references (see [`crate::front::bundle`]), upgrade to OpenAPI 3.0, apply `overlay` (see
/// [`crate::front::overlay`]), normalize, then check the structure.
pub fn load_with_overlay(
    path: &Path,
    text: &str,
    overlay: Option<&crate::front::overlay::Overlay>,
) -> Result<LoadedSpec, Refused> {
    load_text_with(path, text, overlay, &BundleOptions::default())
}

/// [`load_with_overlay`], reading the files the spec references as `options` allow.
pub fn load_text_with(
    path: &Path,
    text: &str,
    overlay: Option<&crate::front::overlay::Overlay>,
    options: &BundleOptions,
) -> Result<LoadedSpec, Refused> {
    let mut origins = SourceMap::default();
    let mut raw = read::parse_root(path, text)?;
    crate::front::bundle::bundle(path, &mut raw, &mut origins, options)?;
    let mut notes = Vec::new();
    // An upgrade error may sit inside a part the bundle or the upgrade moved.
    let version = crate::front::upgrade::upgrade(path, &mut raw, &mut origins, &mut notes)
        .map_err(|mut refused| {
            refused.remap(&origins, path);
            refused
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
    let outline = check::check_structure(path, &tree).map_err(|mut refused| {
        refused.remap(&origins, path);
        refused
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Two walks reaching one check (a path item's and its operation's) find the same
    /// error twice; it is listed once, and a different error at the same place is not
    /// mistaken for it.
    #[test]
    fn an_error_found_twice_is_listed_once() {
        let error = |message: &str| {
            Diagnostic::error("invalid-openapi", Path::new("a.yaml"), "/x", message)
        };
        let mut refused = Refused::default();
        for message in ["one", "one", "two"] {
            refused.push(error(message));
        }
        let messages: Vec<String> = refused
            .into_diagnostics()
            .into_iter()
            .map(|d| d.message)
            .collect();
        assert_eq!(messages, ["one", "two"]);
    }
}
