//! Origins: where each part of a loaded document came from.
//!
//! The front end rewrites the document it reads: bundling brings in parts of other
//! files, and upgrading moves Swagger 2.0 and OpenAPI 3.1 constructs to where OpenAPI
//! 3.0 keeps them (`/definitions/Pet` becomes `/components/schemas/Pet`). Every later
//! phase reports problems by the pointer of the rewritten document, so a
//! [`SourceMap`] records, for each moved subtree, the file and pointer it came from,
//! and [`SourceMap::remap`] turns a diagnostic's pointer back into one the user can
//! find in their own file before it is located. Rewritten `$ref`s are recorded too
//! (`#/definitions/Pet` became `#/components/schemas/Pet`), so that a diagnostic
//! about one quotes what the user wrote.

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use crate::diagnostics::Diagnostic;

/// For each moved subtree of a document, the file and pointer it came from.
///
/// A pointer that no entry covers lies at the same pointer of the root file. When
/// several entries cover a pointer, the longest prefix wins, so an entry for a
/// subtree can refine the entry of the subtree that holds it.
#[derive(Debug, Clone, Default)]
pub struct SourceMap {
    /// `(pointer in the document, file, pointer in that file)`, in insertion order.
    entries: Vec<(String, Arc<Path>, String)>,
    /// For each rewritten `$ref`, by the pointer of the `$ref` in the document: the
    /// text the user wrote and the text it became.
    references: HashMap<String, (String, String)>,
}

impl SourceMap {
    /// Records that the subtree at `pointer` of the document is the one at `source`
    /// in `file`.
    pub fn record(
        &mut self,
        pointer: impl Into<String>,
        file: &Arc<Path>,
        source: impl Into<String>,
    ) {
        self.entries
            .push((pointer.into(), Arc::clone(file), source.into()));
    }

    /// Records that the `$ref` now at `pointer` (and at `before` until this rewrite)
    /// was `written` and is now `rewritten`. A reference rewritten twice (bundled,
    /// then upgraded) keeps the text the user wrote.
    pub fn record_reference(
        &mut self,
        pointer: String,
        before: &str,
        written: &str,
        rewritten: &str,
    ) {
        if written == rewritten {
            return;
        }
        let original = match self.references.get(before) {
            Some((original, earlier)) if earlier == written => original.clone(),
            _ => written.to_owned(),
        };
        self.references
            .insert(pointer, (original, rewritten.to_owned()));
    }

    /// Whether nothing was moved or rewritten.
    pub fn is_identity(&self) -> bool {
        self.entries.is_empty() && self.references.is_empty()
    }

    /// The file and pointer that `pointer` of the document came from, or `None` when it
    /// lies at the same pointer of the root file.
    pub fn origin(&self, pointer: &str) -> Option<(&Arc<Path>, String)> {
        self.entries
            .iter()
            .filter(|(prefix, _, _)| covers(prefix, pointer))
            .max_by_key(|(prefix, _, _)| prefix.len())
            .map(|(prefix, file, source)| (file, format!("{source}{}", &pointer[prefix.len()..])))
    }

    /// Rewrites the file and pointer of each diagnostic that names `root` (the
    /// document this map is of) to where the node came from. Diagnostics of other
    /// files (an overlay's) are left as they are.
    pub fn remap(&self, root: &Path, diagnostics: &mut [Diagnostic]) {
        if self.is_identity() {
            return;
        }
        for diagnostic in diagnostics.iter_mut().filter(|d| *d.file == *root) {
            if let Some((written, rewritten)) = self.references.get(&diagnostic.pointer) {
                // Messages quote a reference as `$ref: ...`.
                diagnostic.message = diagnostic.message.replace(
                    &format!("`$ref: {rewritten}`"),
                    &format!("`$ref: {written}`"),
                );
            }
            if let Some((file, pointer)) = self.origin(&diagnostic.pointer) {
                if *file != diagnostic.file {
                    // A position found in the root file means nothing in another one.
                    diagnostic.location = None;
                    diagnostic.file = Arc::clone(file);
                } else if pointer != diagnostic.pointer {
                    diagnostic.location = None;
                }
                diagnostic.pointer = pointer;
            }
        }
    }
}

/// Whether `prefix` is `pointer` or one of its parents, token by token.
fn covers(prefix: &str, pointer: &str) -> bool {
    pointer
        .strip_prefix(prefix)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(name: &str) -> Arc<Path> {
        Arc::from(Path::new(name))
    }

    #[test]
    fn the_longest_covering_prefix_wins_and_tokens_are_whole() {
        let root = file("root.yaml");
        let pet = file("pet.yaml");
        let mut map = SourceMap::default();
        map.record("/components/schemas/Pet", &root, "/definitions/Pet");
        map.record("/components/schemas/Pet/properties", &pet, "/properties");
        assert_eq!(
            map.origin("/components/schemas/Pet/required/0"),
            Some((&root, "/definitions/Pet/required/0".to_owned()))
        );
        assert_eq!(
            map.origin("/components/schemas/Pet/properties/name"),
            Some((&pet, "/properties/name".to_owned()))
        );
        // `/components/schemas/Pets` is not inside `/components/schemas/Pet`.
        assert_eq!(map.origin("/components/schemas/Pets"), None);
    }

    #[test]
    fn remap_moves_diagnostics_of_the_root_only_and_drops_stale_positions() {
        let root = file("root.yaml");
        let other = file("paths/pets.yaml");
        let mut map = SourceMap::default();
        map.record("/paths/~1pets", &other, "");
        let mut diagnostics = vec![
            Diagnostic::error("r", &root, "/paths/~1pets/get", "m")
                .at(Some(crate::diagnostics::LineColumn { line: 3, column: 1 })),
            Diagnostic::error("r", &root, "/info", "m"),
            Diagnostic::error("r", &file("overlay.yaml"), "/paths/~1pets", "m"),
        ];
        map.remap(&root, &mut diagnostics);
        assert_eq!(*diagnostics[0].file, *other);
        assert_eq!(diagnostics[0].pointer, "/get");
        assert_eq!(diagnostics[0].location, None);
        assert_eq!(*diagnostics[1].file, *root);
        assert_eq!(diagnostics[1].pointer, "/info");
        assert_eq!(diagnostics[2].pointer, "/paths/~1pets");
    }

    /// A diagnostic at a rewritten `$ref` quotes what the user wrote, through two
    /// rewrites (bundled, then upgraded); one elsewhere is left as it is.
    #[test]
    fn remap_quotes_references_as_written() {
        let root = file("root.yaml");
        let mut map = SourceMap::default();
        map.record_reference(
            "/definitions/pet_Tag/$ref".into(),
            "/definitions/pet_Tag/$ref",
            "pet.yaml#/Tag",
            "#/definitions/pet_Tag",
        );
        map.record_reference(
            "/components/schemas/A/$ref".into(),
            "/definitions/pet_Tag/$ref",
            "#/definitions/pet_Tag",
            "#/components/schemas/pet_Tag",
        );
        map.record_reference(
            "/components/schemas/B/$ref".into(),
            "/definitions/B/$ref",
            "#/definitions/B",
            "#/components/schemas/B",
        );
        let quoting = |at: &str, reference: &str| {
            Diagnostic::error(
                "r",
                &root,
                at,
                format!("`$ref: {reference}` points at nothing"),
            )
        };
        let mut diagnostics = vec![
            quoting("/components/schemas/A/$ref", "#/components/schemas/pet_Tag"),
            quoting("/components/schemas/B/$ref", "#/components/schemas/B"),
            quoting("/components/schemas/C/$ref", "#/components/schemas/B"),
        ];
        map.remap(&root, &mut diagnostics);
        let messages: Vec<&str> = diagnostics.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "`$ref: pet.yaml#/Tag` points at nothing",
                "`$ref: #/definitions/B` points at nothing",
                "`$ref: #/components/schemas/B` points at nothing",
            ]
        );
    }
}
