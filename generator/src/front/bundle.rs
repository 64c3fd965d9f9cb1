//! Bundle: bring the parts of a spec that live in other files into the one document.
//!
//! Multi-file specs reference other files with `$ref: schemas/pet.yaml` or
//! `$ref: ../attributes/timestamps.yml#/date_created`, even where OpenAPI 3.0 allows no
//! reference at all (a path item, an operation). This phase runs right after the root
//! file is parsed and before the document is upgraded, so it works alike for Swagger
//! 2.0 and every OpenAPI 3.x: it only rewrites `$ref`s.
//!
//! The document is walked by its object model ([`crate::document::model`], the table
//! every walker reads), so that each reference is known by what it stands for (a
//! schema, a parameter, a path item), never by key names:
//!
//! - a reusable part (a schema, a parameter, a response, ...) in another file becomes a
//!   component of the root document, named as a component would be (its `title`, else
//!   its file's stem), and the reference points at it. A file that references itself,
//!   or two files that reference each other, are then ordinary references between
//!   components;
//! - a part that cannot be a component (a path item, an operation, a whole map, an
//!   extension's value) is copied where the reference stood;
//! - a file that is not YAML or JSON (`description.md`, a code sample `x.js`) is copied
//!   in as a string.
//!
//! Every file is read and parsed once. Whatever is brought in is recorded in the
//! [`SourceMap`], so a problem found later names the file, line and column where the
//! node was written. A remote (`https://`) reference, a missing file, a dangling
//! fragment, a reference that leaves the root document's directory (unless
//! [`BundleOptions::allow_outside_refs`]) and a cycle of copied parts are refused, each
//! with one diagnostic at the `$ref`.

pub mod cli;

use std::collections::{HashMap, HashSet, VecDeque};
use std::path::{Component, Path, PathBuf};
use std::rc::Rc;
use std::sync::Arc;

use serde_json::{Map, Value};

use crate::diagnostics::{percent_decode, push_pointer_token, unescape_pointer_token, Diagnostic};
use crate::document::model::{Field, Part, Place};
use crate::document::origin::SourceMap;

/// What the bundler may read.
#[derive(Debug, Clone, Copy, Default)]
pub struct BundleOptions {
    /// Whether a `$ref` may name a file outside the root document's directory tree.
    /// Off by default: lint runs on untrusted specs in CI, and a spec must not make it
    /// read (and echo in diagnostics) files elsewhere on the machine.
    pub allow_outside_refs: bool,
}

/// The rules of the diagnostics this phase reports (lint keeps them as they are).
pub const RULES: &[&str] = &[
    "remote-ref",
    "external-ref-unreadable",
    "external-ref-outside",
    "unresolved-external-ref",
    "external-ref-cycle",
    "external-ref-too-deep",
    "external-ref-name-clash",
    crate::diagnostics::COPIED_TOO_OFTEN,
];

/// How many copied parts may nest inside each other (a path item file whose
/// operation is in another file, ...). Real specs nest a few; the bound keeps a
/// long chain of files from exhausting the stack.
const MAX_INLINE_DEPTH: usize = 48;

/// Brings every part of other files that `raw` (the document read from `path`)
/// references into it, recording where each came from in `origins`. A document
/// without a reference to another file is left untouched, at the cost of one scan.
pub fn bundle(
    path: &Path,
    raw: &mut Value,
    origins: &mut SourceMap,
    options: &BundleOptions,
) -> Result<(), Diagnostic> {
    if !has_external_ref(raw) {
        return Ok(());
    }
    let mut bundler = Bundler::new(path, raw, origins, *options);
    bundler.run(raw)
}

/// Whether any object of `value` has a `$ref` string that does not start with `#`,
/// or is a discriminator whose `mapping` names another file. It looks at every node,
/// data included: the bundler's own walk decides which of them are references.
pub fn has_external_ref(value: &Value) -> bool {
    let mut stack = vec![value];
    while let Some(value) = stack.pop() {
        match value {
            Value::Object(map) => {
                if map
                    .get("$ref")
                    .and_then(Value::as_str)
                    .is_some_and(|r| !r.starts_with('#'))
                {
                    return true;
                }
                // A mapping may be the only reference to a file, which must then be
                // read (and judged) like any other.
                let mapping = map
                    .get("discriminator")
                    .and_then(|d| d.get("mapping"))
                    .and_then(Value::as_object);
                if mapping
                    .into_iter()
                    .flat_map(|m| m.values())
                    .filter_map(Value::as_str)
                    .any(names_a_file)
                {
                    return true;
                }
                stack.extend(map.values());
            }
            Value::Array(items) => stack.extend(items),
            _ => {}
        }
    }
    false
}

/// The reusable kinds of parts, which become components when another file holds one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Kind {
    Schema,
    Parameter,
    Response,
    RequestBody,
    Header,
    Example,
    Link,
    Callback,
    SecurityScheme,
    PathItem,
}

impl Kind {
    /// The key of `components` that holds this kind in OpenAPI 3.
    fn components_key(self) -> Option<&'static str> {
        let map = Field::Map(self.part());
        Part::Components
            .fields()
            .find_map(|(key, field)| (field == map).then_some(key))
    }

    /// The kind `components/<key>` holds.
    fn of_components_key(key: &str) -> Option<Kind> {
        Kind::of_map(Part::Components, key)
    }

    /// The kind a Swagger 2.0 top-level map holds.
    fn of_swagger2_key(key: &str) -> Option<Kind> {
        Kind::of_map(Part::Swagger2, key)
    }

    /// The kind of the entries of the map at `key` of `holder`, when they can be
    /// components.
    fn of_map(holder: Part, key: &str) -> Option<Kind> {
        match holder.child(key, false) {
            Place::Map(part) => Kind::of_part(part),
            _ => None,
        }
    }

    /// The part an entry of this kind is.
    fn part(self) -> Part {
        match self {
            Kind::Schema => Part::Schema,
            Kind::Parameter => Part::Parameter,
            Kind::Response => Part::Response,
            Kind::RequestBody => Part::RequestBody,
            Kind::Header => Part::Header,
            Kind::Example => Part::Example,
            Kind::Link => Part::Link,
            Kind::Callback => Part::Callback,
            Kind::SecurityScheme => Part::SecurityScheme,
            Kind::PathItem => Part::PathItem,
        }
    }

    /// The kind of component a `part` is, when it can be one.
    fn of_part(part: Part) -> Option<Kind> {
        Some(match part {
            Part::Schema => Kind::Schema,
            Part::Parameter => Kind::Parameter,
            Part::Response => Kind::Response,
            Part::RequestBody => Kind::RequestBody,
            Part::Header => Kind::Header,
            Part::Example => Kind::Example,
            Part::Link => Kind::Link,
            Part::Callback => Kind::Callback,
            Part::SecurityScheme => Kind::SecurityScheme,
            Part::PathItem => Kind::PathItem,
            _ => return None,
        })
    }

    /// Whether a part of this kind in another file becomes a component; a link, a
    /// security scheme and a path item are copied where they are referenced.
    fn is_hoisted(self) -> bool {
        !matches!(self, Kind::Link | Kind::SecurityScheme | Kind::PathItem)
    }
}

/// What a node stands for, which tells what a `$ref` there means and where the
/// node's children stand: its place in the object model of any version
/// ([`crate::document::model`]), or a value the model gives no place.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ctx {
    /// A place of the object model: a part, or a map or list of them.
    At(Place),
    /// Anything else: an extension, `info`'s `contact`. A `$ref` in it is copied in.
    Any,
    /// A data value (`example`, `default`, `enum`): a `$ref` key is only data.
    Data,
}

impl Ctx {
    /// The document's root, of a Swagger 2.0 document or of an OpenAPI 3.x one.
    fn root(swagger2: bool) -> Ctx {
        Ctx::At(Place::Part(match swagger2 {
            true => Part::Swagger2,
            false => Part::Document,
        }))
    }

    /// What `value`, the value of `key` in an object of this kind, stands for.
    fn child(self, key: &str, value: &Value) -> Ctx {
        match self {
            Ctx::At(place) => Ctx::of(place.child(key, value.is_array())),
            other => other,
        }
    }

    /// What the items of an array of this kind stand for.
    fn item(self) -> Ctx {
        match self {
            Ctx::At(place) => Ctx::of(place.item()),
            other => other,
        }
    }

    fn of(place: Place) -> Ctx {
        match place {
            Place::Data => Ctx::Data,
            Place::Prose | Place::Reference | Place::Extension | Place::Unknown => Ctx::Any,
            place => Ctx::At(place),
        }
    }

    /// The component kind a `$ref` here names, when the part it names can be one.
    fn kind(self) -> Option<Kind> {
        match self {
            Ctx::At(Place::Part(part)) => Kind::of_part(part).filter(|kind| kind.is_hoisted()),
            _ => None,
        }
    }
}

/// The kind of the entries of a map of components, when `ctx` is a map of parts
/// that can be components (where it lies tells whether it is one).
fn component_map(ctx: Ctx) -> Option<Kind> {
    match ctx {
        Ctx::At(Place::Map(part)) => Kind::of_part(part),
        _ => None,
    }
}

/// A file the bundle read: the root document, or one a `$ref` named.
#[derive(Debug)]
struct Source {
    /// The path diagnostics name: the root's as given, another file's relative to it.
    display: Arc<Path>,
    /// The canonical path, which identifies the file.
    canonical: Option<PathBuf>,
    /// What the file holds; the root's is the document being bundled, kept apart.
    content: Content,
}

#[derive(Debug)]
enum Content {
    /// The root document.
    Root,
    /// A parsed YAML or JSON document.
    Document(Value),
    /// Any other file, which stands for its text.
    Text(String),
}

/// What a `$ref` names: a part of a file, by its JSON pointer (escaped, percent-decoded).
struct Target {
    source: Rc<Source>,
    fragment: String,
}

/// A part being copied in, and the `$ref` that brought it.
struct Copying {
    canonical: PathBuf,
    fragment: String,
    /// The part as the user writes it: `paths/pets.yaml#/get`.
    shown: String,
    /// The file and pointer of the `$ref`.
    ref_file: Arc<Path>,
    ref_at: String,
    /// Where the part is put in the bundled document.
    out: String,
}

/// A component to fill once the walk that named it is done.
struct Pending {
    kind: Kind,
    name: String,
    target: Target,
}

struct Bundler<'o> {
    root: Rc<Source>,
    /// The canonical directory of the root document, which references may not leave.
    root_dir: Option<PathBuf>,
    options: BundleOptions,
    swagger2: bool,
    origins: &'o mut SourceMap,
    /// Every file read, by canonical path.
    files: HashMap<PathBuf, Rc<Source>>,
    /// The component made for each part of another file, by kind, file and fragment.
    hoisted: HashMap<(Kind, PathBuf, String), String>,
    /// The component names in use, by kind.
    taken: HashMap<Kind, HashSet<String>>,
    /// Components named but not yet filled, in the order they were named.
    queue: VecDeque<Pending>,
    /// Components filled, in the order they were named.
    made: Vec<(Kind, String, Value)>,
    /// The parts being copied in, outermost first, to find a cycle of copies.
    inlining: Vec<Copying>,
    /// The pointer of the component being filled, which is no entry to name again.
    filling: Option<String>,
    /// The parts being walked, outermost first, each as the file and fragment it is
    /// read from and the pointer it is put at, to place a pointer into one of them.
    placed: Vec<(PathBuf, String, String)>,
    /// How many times each part (file and fragment) was copied in, against
    /// [`crate::diagnostics::MAX_COPIES`].
    copies: HashMap<(PathBuf, String), usize>,
}

impl<'o> Bundler<'o> {
    fn new(path: &Path, raw: &Value, origins: &'o mut SourceMap, options: BundleOptions) -> Self {
        let canonical = std::fs::canonicalize(path).ok();
        let root_dir = canonical
            .as_deref()
            .and_then(Path::parent)
            .map(Path::to_path_buf);
        let swagger2 = raw.get("swagger").is_some();
        Bundler {
            root: Rc::new(Source {
                display: Arc::from(path),
                canonical,
                content: Content::Root,
            }),
            root_dir,
            options,
            swagger2,
            origins,
            files: HashMap::new(),
            hoisted: HashMap::new(),
            taken: HashMap::new(),
            queue: VecDeque::new(),
            made: Vec::new(),
            inlining: Vec::new(),
            filling: None,
            placed: Vec::new(),
            copies: HashMap::new(),
        }
    }

    fn run(&mut self, raw: &mut Value) -> Result<(), Diagnostic> {
        self.claim_root_components(raw);
        let root = Rc::clone(&self.root);
        let Value::Object(map) = raw else {
            return Ok(());
        };
        // The components first, so that a part the root lists as a component keeps
        // the name the root gives it wherever else it is referenced.
        let mut keys: Vec<String> = map.keys().cloned().collect();
        let root_ctx = Ctx::root(self.swagger2);
        let holds_path_items = |ctx: Ctx| {
            matches!(
                ctx,
                Ctx::At(Place::Part(Part::Paths) | Place::Map(Part::PathItem))
            )
        };
        keys.sort_by_key(|key| holds_path_items(root_ctx.child(key, &map[key])));
        for key in keys {
            let mut at = String::new();
            push_pointer_token(&mut at, &key);
            if let Some(value) = map.get_mut(&key) {
                let ctx = root_ctx.child(&key, value);
                let mut out = at.clone();
                self.walk(value, ctx, &root, &mut at, &mut out, 0)?;
            }
        }
        while let Some(pending) = self.queue.pop_front() {
            let value = self.fill(&pending)?;
            self.made.push((pending.kind, pending.name, value));
        }
        self.place_components(raw)
    }

    /// Takes the names of the root's components, before anything is named after a
    /// file: those the root lists, and those of a component map it keeps in another
    /// file (`schemas: {$ref: schemas.yaml}`). Each that is only a reference to another
    /// file names that part, so it gets the name wherever it is referenced from.
    fn claim_root_components(&mut self, raw: &Value) {
        let root = Rc::clone(&self.root);
        for (kind, entries) in component_maps(raw, self.swagger2) {
            let Some(reference) = only_external_ref(entries) else {
                if let Some(entries) = entries.as_object() {
                    self.claim_map(kind, entries, &root);
                }
                continue;
            };
            let Ok(Some(target)) = self.target(&root, reference, "") else {
                // The walk reports what is wrong with the reference.
                continue;
            };
            let source = Rc::clone(&target.source);
            if let Content::Document(document) = &source.content {
                if let Some(Value::Object(entries)) = document.pointer(&target.fragment) {
                    self.claim_map(kind, entries, &source);
                }
            }
        }
    }

    /// Takes the names of `entries`, a component map of `kind` written in `file`.
    fn claim_map(&mut self, kind: Kind, entries: &Map<String, Value>, file: &Rc<Source>) {
        self.taken
            .entry(kind)
            .or_default()
            .extend(entries.keys().cloned());
        for (name, entry) in entries {
            let Some(reference) = only_external_ref(entry) else {
                continue;
            };
            if let Ok(Some(target)) = self.target(file, reference, "") {
                if let Some(canonical) = &target.source.canonical {
                    let key = (kind, canonical.clone(), target.fragment);
                    self.hoisted.entry(key).or_insert_with(|| name.clone());
                }
            }
        }
    }

    /// Walks `value`, which stands for `ctx` and lies at `at` in `file` and at `out`
    /// in the bundled document, resolving every reference in it.
    fn walk(
        &mut self,
        value: &mut Value,
        ctx: Ctx,
        file: &Rc<Source>,
        at: &mut String,
        out: &mut String,
        depth: usize,
    ) -> Result<(), Diagnostic> {
        if ctx == Ctx::Data {
            return Ok(());
        }
        match value {
            Value::Object(map) => {
                if ctx == Ctx::At(Place::Mapping) {
                    return self.mapping(map, file, at);
                }
                if let Some(kind) = component_map(ctx) {
                    // A component map brought in from another file names components too.
                    if self.base(kind).as_deref() == Some(out.as_str()) {
                        self.taken
                            .entry(kind)
                            .or_default()
                            .extend(map.keys().cloned());
                    }
                }
                for (key, child) in map.iter_mut() {
                    if key == "$ref" || !(child.is_object() || child.is_array()) {
                        continue;
                    }
                    let (at_len, out_len) = (at.len(), out.len());
                    push_pointer_token(at, key);
                    push_pointer_token(out, key);
                    let child_ctx = ctx.child(key, child);
                    self.walk(child, child_ctx, file, at, out, depth)?;
                    at.truncate(at_len);
                    out.truncate(out_len);
                }
                let entry = self.entry_name(ctx, out);
                if let Some(reference) = map.get("$ref").and_then(Value::as_str) {
                    let reference = reference.to_owned();
                    self.reference(value, &reference, ctx, entry, file, at, out, depth)?;
                }
            }
            Value::Array(items) => {
                for (index, item) in items.iter_mut().enumerate() {
                    let (at_len, out_len) = (at.len(), out.len());
                    push_pointer_token(at, &index.to_string());
                    push_pointer_token(out, &index.to_string());
                    self.walk(item, ctx.item(), file, at, out, depth)?;
                    at.truncate(at_len);
                    out.truncate(out_len);
                }
            }
            _ => {}
        }
        Ok(())
    }

    /// The component name and kind of the node at `out` of the bundled document, when
    /// it is an entry of one of the root's component maps.
    fn entry_name(&self, ctx: Ctx, out: &str) -> Option<(Kind, String)> {
        let kind = ctx.kind()?;
        if self.filling.as_deref() == Some(out) {
            return None;
        }
        let rest = match self.swagger2 {
            true => out.strip_prefix('/')?.split_once('/')?,
            false => out.strip_prefix("/components/")?.split_once('/')?,
        };
        let of_key = match self.swagger2 {
            true => Kind::of_swagger2_key(rest.0),
            false => Kind::of_components_key(rest.0),
        };
        (of_key == Some(kind) && !rest.1.contains('/'))
            .then(|| (kind, unescape_pointer_token(rest.1)))
    }

    /// Resolves the `$ref` of `value`, which stands for `ctx`: points it at a component
    /// made of the part it names, or puts that part in its place.
    #[allow(clippy::too_many_arguments)]
    fn reference(
        &mut self,
        value: &mut Value,
        reference: &str,
        ctx: Ctx,
        entry: Option<(Kind, String)>,
        file: &Rc<Source>,
        at: &mut String,
        out: &mut String,
        depth: usize,
    ) -> Result<(), Diagnostic> {
        let ref_at = format!("{at}/$ref");
        let Some(target) = self.target(file, reference, &ref_at)? else {
            return Ok(());
        };
        if let Content::Root = target.source.content {
            if let Some(cycle) = self.copied_into_itself(ctx, &target, file, &ref_at, out) {
                return Err(cycle);
            }
            // A part of the root document, from another file: a reference within it.
            let local = format!("#{}", target.fragment);
            self.rewrote(out, reference, &local);
            set_ref(value, local);
            return Ok(());
        }
        if let Content::Text(text) = &target.source.content {
            let text = text.clone();
            self.origins.record(out.clone(), &target.source.display, "");
            *value = Value::String(text);
            return Ok(());
        }
        let kind = ctx.kind().filter(|&kind| self.base(kind).is_some());
        if let Some(kind) = kind {
            let key = self.key(kind, &target);
            let named_here = entry.as_ref().is_some_and(|(entry_kind, name)| {
                *entry_kind == kind && self.hoisted.get(&key).is_none_or(|hoisted| hoisted == name)
            });
            if !named_here {
                let name = self.hoist(kind, target, key);
                let mut pointer = self.base(kind).unwrap_or_default();
                push_pointer_token(&mut pointer, &name);
                let local = format!("#{pointer}");
                self.rewrote(out, reference, &local);
                set_ref(value, local);
                return Ok(());
            }
            if let Some((kind, name)) = entry {
                // Named after the entry already (by another reference): it is made here.
                self.queue
                    .retain(|pending| !(pending.kind == kind && pending.name == name));
                self.hoisted.insert(key, name.clone());
                self.taken.entry(kind).or_default().insert(name);
            }
        }
        self.inline(value, ctx, target, file, &ref_at, out, depth)
    }

    /// Records that the `$ref` of the node at `out` was `written` and is now
    /// `rewritten`, for messages to quote what the user wrote.
    fn rewrote(&mut self, out: &str, written: &str, rewritten: &str) {
        let at = format!("{out}/$ref");
        self.origins
            .record_reference(at.clone(), &at, written, rewritten);
    }

    /// Puts the part `target` names in place of `value` (in `file`), walked in its own file.
    #[allow(clippy::too_many_arguments)]
    fn inline(
        &mut self,
        value: &mut Value,
        ctx: Ctx,
        target: Target,
        file: &Rc<Source>,
        ref_at: &str,
        out: &mut String,
        depth: usize,
    ) -> Result<(), Diagnostic> {
        let canonical = target.source.canonical.clone().unwrap_or_default();
        let path = self.path_from_root(&target.source.display);
        let shown = match target.fragment.as_str() {
            "" => path,
            fragment => format!("{path}#{fragment}"),
        };
        let copying = Copying {
            canonical,
            fragment: target.fragment.clone(),
            shown,
            ref_file: Arc::clone(&file.display),
            ref_at: ref_at.to_owned(),
            out: out.clone(),
        };
        if let Some(start) = self
            .inlining
            .iter()
            .position(|c| c.canonical == copying.canonical && c.fragment == copying.fragment)
        {
            return Err(self.cycle(start, &copying));
        }
        if depth >= MAX_INLINE_DEPTH {
            // At the outermost `$ref` of the chain, which the user can follow inwards.
            let first = self.inlining.first().unwrap_or(&copying);
            return Err(Diagnostic::error(
                "external-ref-too-deep",
                &first.ref_file,
                first.ref_at.as_str(),
                format!(
                    "this `$ref` brings in parts of files copied into each other more than {MAX_INLINE_DEPTH} deep, down to `{}`",
                    copying.shown
                ),
            )
            .with_hint("reference the deepest parts as components (`#/components/...`) instead of nesting files"));
        }
        let copies = self
            .copies
            .entry((copying.canonical.clone(), copying.fragment.clone()))
            .or_default();
        *copies += 1;
        if *copies > crate::diagnostics::MAX_COPIES {
            return Err(crate::diagnostics::copied_too_often(
                &copying.ref_file,
                &copying.ref_at,
                &copying.shown,
            ));
        }
        let mut part = resolved(&target)?;
        self.origins
            .record(out.clone(), &target.source.display, target.fragment.clone());
        self.placed.push((
            copying.canonical.clone(),
            target.fragment.clone(),
            out.clone(),
        ));
        self.inlining.push(copying);
        let mut at = target.fragment.clone();
        self.walk(&mut part, ctx, &target.source, &mut at, out, depth + 1)?;
        self.inlining.pop();
        self.placed.pop();
        // Keys beside the `$ref` (a 3.1 path item's `summary`) apply over the part.
        if let (Value::Object(siblings), Value::Object(merged)) = (&mut *value, &mut part) {
            for (key, sibling) in std::mem::take(siblings) {
                if key != "$ref" {
                    merged.insert(key, sibling);
                }
            }
        }
        *value = part;
        Ok(())
    }

    /// The refusal of a reference, from a part being copied in, back to the root
    /// document's part at `out` (where the reference is put) or around or inside it,
    /// when the part is one that is copied where it stands (an operation, a path
    /// item): it would contain itself. Schemas may hold themselves, and a part that
    /// stays a reference to a component is checked as one once bundled.
    fn copied_into_itself(
        &self,
        ctx: Ctx,
        target: &Target,
        file: &Rc<Source>,
        ref_at: &str,
        out: &str,
    ) -> Option<Diagnostic> {
        let referenced = ctx.kind().and_then(|kind| self.base(kind)).is_some();
        if referenced || matches!(ctx, Ctx::At(Place::Part(Part::Schema)) | Ctx::Any) {
            return None;
        }
        let fragment = target.fragment.as_str();
        let overlaps = |placed: &str| within(placed, fragment) || within(fragment, placed);
        if !overlaps(out) {
            return None;
        }
        let closing = Copying {
            canonical: self.root.canonical.clone().unwrap_or_default(),
            fragment: fragment.to_owned(),
            shown: format!("{}#{fragment}", self.path_from_root(&self.root.display)),
            ref_file: Arc::clone(&file.display),
            ref_at: ref_at.to_owned(),
            out: out.to_owned(),
        };
        // The chain starts at the outermost copy that the root's part lands in.
        let start = self
            .inlining
            .iter()
            .position(|copy| overlaps(&copy.out))
            .unwrap_or(self.inlining.len());
        Some(self.cycle(start, &closing))
    }

    /// The refusal of a cycle of copied parts that starts at `inlining[start]` (at
    /// `closing` itself when `start` is past the copies) and that `closing` closes,
    /// naming the chain, at the `$ref` that enters it.
    fn cycle(&self, start: usize, closing: &Copying) -> Diagnostic {
        let entered = self.inlining.get(start).unwrap_or(closing);
        let chain: Vec<&str> = self.inlining[start..]
            .iter()
            .chain([closing])
            .map(|c| c.shown.as_str())
            .collect();
        Diagnostic::error(
            "external-ref-cycle",
            &entered.ref_file,
            entered.ref_at.as_str(),
            format!(
                "this `$ref` brings in parts that include each other, so they cannot be copied into one document: {} (closed at {} in {})",
                chain.join(" -> "),
                closing.ref_at,
                self.path_from_root(&closing.ref_file)
            ),
        )
        .with_hint("break the cycle: a path item or operation cannot contain itself; only schemas may refer to themselves")
    }

    /// A file's path as the root document would reference it, for messages that name
    /// several files.
    fn path_from_root(&self, path: &Path) -> String {
        let dir = self.root.display.parent().unwrap_or(Path::new(""));
        path.strip_prefix(dir)
            .unwrap_or(path)
            .to_string_lossy()
            .into_owned()
    }

    /// The key under which the component made of `target` is known.
    fn key(&self, kind: Kind, target: &Target) -> (Kind, PathBuf, String) {
        let canonical = target.source.canonical.clone().unwrap_or_default();
        (kind, canonical, target.fragment.clone())
    }

    /// The name of the component made of `target`, named (and queued to be filled)
    /// the first time it is referenced.
    fn hoist(&mut self, kind: Kind, target: Target, key: (Kind, PathBuf, String)) -> String {
        if let Some(name) = self.hoisted.get(&key) {
            return name.clone();
        }
        let name = self.choose_name(kind, &target);
        self.hoisted.insert(key, name.clone());
        self.queue.push_back(Pending {
            kind,
            name: name.clone(),
            target,
        });
        name
    }

    /// The walked content of a queued component.
    fn fill(&mut self, pending: &Pending) -> Result<Value, Diagnostic> {
        let mut value = resolved(&pending.target)?;
        let mut out = self.base(pending.kind).unwrap_or_default();
        push_pointer_token(&mut out, &pending.name);
        let source = Rc::clone(&pending.target.source);
        self.origins.record(
            out.clone(),
            &source.display,
            pending.target.fragment.clone(),
        );
        let mut at = pending.target.fragment.clone();
        let ctx = Ctx::At(Place::Part(pending.kind.part()));
        self.filling = Some(out.clone());
        let canonical = source.canonical.clone().unwrap_or_default();
        self.placed
            .push((canonical, pending.target.fragment.clone(), out.clone()));
        let walked = self.walk(&mut value, ctx, &source, &mut at, &mut out, 0);
        self.placed.pop();
        self.filling = None;
        walked.map(|()| value)
    }

    /// A name for the component made of `target`, as good as a written one's: the
    /// schema's `title`, else (or when another part has it) the file's stem with the
    /// fragment's last token, made unique with the parent directory's name, then a
    /// number.
    fn choose_name(&mut self, kind: Kind, target: &Target) -> String {
        let part = match &target.source.content {
            Content::Document(document) => document.pointer(&target.fragment),
            _ => None,
        };
        let title = part
            .filter(|_| kind == Kind::Schema)
            .and_then(|p| p.get("title"))
            .and_then(Value::as_str)
            .map(component_name)
            .filter(|t| !t.is_empty());
        let path = &target.source.display;
        let stem = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let last = target
            .fragment
            .rsplit('/')
            .next()
            .filter(|token| !token.is_empty())
            .map(unescape_pointer_token);
        let from_file = component_name(&match &last {
            Some(last) => format!("{stem}_{last}"),
            None => stem,
        });
        let from_file = match from_file.is_empty() {
            true => "Part".to_owned(),
            false => from_file,
        };
        let parent = path
            .parent()
            .and_then(Path::file_name)
            .map(|p| component_name(&p.to_string_lossy()))
            .filter(|p| !p.is_empty());
        // Titles repeat across a spec more than file names do ("Payment card" for
        // each variant of a card): a taken title falls back to the file's name.
        let mut candidates: Vec<String> = title.iter().cloned().collect();
        candidates.push(from_file.clone());
        candidates.extend(parent.map(|p| format!("{p}_{from_file}")));
        let base = title.unwrap_or(from_file);
        let taken = self.taken.entry(kind).or_default();
        let name = candidates
            .into_iter()
            .chain((2..).map(|n| format!("{base}{n}")))
            .find(|name| !taken.contains(name))
            .unwrap_or(base);
        taken.insert(name.clone());
        name
    }

    /// Where components of `kind` live in the bundled document, or `None` when the
    /// document's version has no place for them (then parts of that kind are copied).
    fn base(&self, kind: Kind) -> Option<String> {
        match (self.swagger2, kind) {
            (true, Kind::Schema) => Some("/definitions".to_owned()),
            (true, Kind::Parameter) => Some("/parameters".to_owned()),
            (true, Kind::Response) => Some("/responses".to_owned()),
            (true, _) | (false, Kind::PathItem | Kind::SecurityScheme) => None,
            (false, kind) => kind
                .components_key()
                .map(|key| format!("/components/{key}")),
        }
    }

    /// Adds the components made to the root document, after those it has.
    fn place_components(&mut self, raw: &mut Value) -> Result<(), Diagnostic> {
        for (kind, name, value) in std::mem::take(&mut self.made) {
            let base = self.base(kind).unwrap_or_default();
            let map = components_map(raw, &base).ok_or_else(|| {
                Diagnostic::error(
                    "invalid-openapi",
                    &self.root.display,
                    base.clone(),
                    "this is not a mapping, so the parts of other files cannot be added to it",
                )
                .with_hint("make it a mapping of components")
            })?;
            if map.contains_key(&name) {
                // At the map: the entry may have come from another file with it.
                return Err(Diagnostic::error(
                    "external-ref-name-clash",
                    &self.root.display,
                    base,
                    format!("the component `{name}` is defined here and also made of a part of another file, referenced before this map was read"),
                )
                .with_hint("rename the component, or reference the file from it"));
            }
            map.insert(name, value);
        }
        Ok(())
    }

    /// The references of a discriminator's `mapping` that name other files point at
    /// the components made of them.
    fn mapping(
        &mut self,
        map: &mut Map<String, Value>,
        file: &Rc<Source>,
        at: &str,
    ) -> Result<(), Diagnostic> {
        for (key, value) in map.iter_mut() {
            let Some(reference) = value.as_str().filter(|r| is_file_like(r, file)) else {
                continue;
            };
            let reference = reference.to_owned();
            let mut value_at = at.to_owned();
            push_pointer_token(&mut value_at, key);
            let Some(target) = self.target(file, &reference, &value_at)? else {
                continue;
            };
            let placed = self.placed_at(&target);
            let pointer = match (&target.source.content, placed) {
                (Content::Root, _) => target.fragment.clone(),
                // A member of the schema being walked (`#/oneOf/0`) stays that member.
                (_, Some(placed)) => placed,
                _ => {
                    let key = self.key(Kind::Schema, &target);
                    let name = self.hoist(Kind::Schema, target, key);
                    let mut pointer = self.base(Kind::Schema).unwrap_or_default();
                    push_pointer_token(&mut pointer, &name);
                    pointer
                }
            };
            *value = Value::String(format!("#{pointer}"));
        }
        Ok(())
    }

    /// Where in the bundled document the part `target` names already lies, when it
    /// is inside one of the parts being walked.
    fn placed_at(&self, target: &Target) -> Option<String> {
        let canonical = target.source.canonical.as_ref()?;
        self.placed.iter().rev().find_map(|(file, fragment, out)| {
            let rest = target.fragment.strip_prefix(fragment.as_str())?;
            (file == canonical && (rest.is_empty() || rest.starts_with('/')))
                .then(|| format!("{out}{rest}"))
        })
    }

    /// What `reference`, written at `at` in `from`, names; `None` for a reference
    /// within the root document, which stays as it is.
    fn target(
        &mut self,
        from: &Rc<Source>,
        reference: &str,
        at: &str,
    ) -> Result<Option<Target>, Diagnostic> {
        let refuse = |rule: &'static str, message: String, hint: &str| {
            Diagnostic::error(rule, &from.display, at, message).with_hint(hint)
        };
        let (file_part, fragment) = reference.split_once('#').unwrap_or((reference, ""));
        if is_remote(file_part) {
            return Err(refuse(
                "remote-ref",
                format!("`$ref: {reference}` names a document on the network; nothing is fetched"),
                "vendor the file next to the spec and reference it by a relative path",
            ));
        }
        let fragment = percent_decode(fragment).into_owned();
        if !fragment.is_empty() && !fragment.starts_with('/') {
            return Err(refuse(
                "unresolved-external-ref",
                format!("`$ref: {reference}` has a fragment that is not a JSON pointer"),
                "write the fragment as a JSON pointer, such as `#/components/schemas/Pet`",
            ));
        }
        let source = if file_part.is_empty() {
            if matches!(from.content, Content::Root) {
                return Ok(None);
            }
            Rc::clone(from)
        } else {
            self.source(from, &percent_decode(file_part), reference, at)?
        };
        let target = Target { source, fragment };
        if let Err(missing) = check_fragment(&target) {
            return Err(refuse(
                "unresolved-external-ref",
                format!("`$ref: {reference}` points at nothing in that file: {missing}"),
                "fix the fragment after `#` so it names a node of that file",
            ));
        }
        Ok(Some(target))
    }

    /// The file `relative` names from `from`, read and parsed the first time.
    fn source(
        &mut self,
        from: &Rc<Source>,
        relative: &str,
        reference: &str,
        at: &str,
    ) -> Result<Rc<Source>, Diagnostic> {
        let refuse = |rule: &'static str, message: String, hint: &str| {
            Diagnostic::error(rule, &from.display, at, message).with_hint(hint)
        };
        // As the spec names it, for messages.
        let joined = from
            .display
            .parent()
            .unwrap_or(Path::new(""))
            .join(relative);
        // Resolved from the file's real place, which the boundary is drawn from too
        // (a root reached through a symbolic link references files beside its target).
        let real = match from.canonical.as_deref().and_then(Path::parent) {
            Some(dir) => dir.join(relative),
            None => joined.clone(),
        };
        let outside = |path: &Path| {
            self.root_dir
                .as_ref()
                .is_none_or(|dir| !path.starts_with(dir))
        };
        // Judged on the path's text first, so that whether a file outside exists is
        // never told.
        if outside(&lexically_normal(&real)) && !self.options.allow_outside_refs {
            return Err(refuse(
                "external-ref-outside",
                format!("`$ref: {reference}` names a file outside the root document's directory"),
                "move the file under the spec's directory, or pass --allow-outside-refs if you trust the spec",
            ));
        }
        let canonical = std::fs::canonicalize(&real).map_err(|error| {
            refuse(
                "external-ref-unreadable",
                format!("`$ref: {reference}` names a file that cannot be read: {error}"),
                "check the path: it is relative to the file that holds the `$ref`",
            )
        })?;
        if self.root.canonical.as_ref() == Some(&canonical) {
            return Ok(Rc::clone(&self.root));
        }
        if outside(&canonical) && !self.options.allow_outside_refs {
            return Err(refuse(
                "external-ref-outside",
                format!(
                    "`$ref: {reference}` names a file outside the root document's directory (symbolic links followed)"
                ),
                "move the file under the spec's directory, or pass --allow-outside-refs if you trust the spec",
            ));
        }
        if let Some(source) = self.files.get(&canonical) {
            return Ok(Rc::clone(source));
        }
        let display = shown_path(&joined, &canonical);
        let text = crate::front::read::read_spec_file(&canonical).map_err(|error| {
            refuse(
                "external-ref-unreadable",
                format!("`$ref: {reference}` names a file that cannot be read: {error}"),
                "check that the file exists and is UTF-8 text",
            )
        })?;
        let content = match is_document(&canonical) {
            true => Content::Document(crate::front::read::parse_tree(&display, &text)?),
            false => Content::Text(text),
        };
        let source = Rc::new(Source {
            display: Arc::from(display),
            canonical: Some(canonical.clone()),
            content,
        });
        self.files.insert(canonical, Rc::clone(&source));
        Ok(source)
    }
}

/// `path` with its `.` and `..` components resolved on its text alone (a `..` past
/// the start is kept), so a path can be judged before the file system is asked.
fn lexically_normal(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                if !matches!(out.components().next_back(), Some(Component::Normal(_))) {
                    out.push("..");
                } else {
                    out.pop();
                }
            }
            other => out.push(other),
        }
    }
    out
}

/// The root's component maps (each a mapping, or a reference to one), by kind.
fn component_maps(raw: &Value, swagger2: bool) -> Vec<(Kind, &Value)> {
    let maps: Vec<(&String, &Value)> = match swagger2 {
        true => raw.as_object().into_iter().flatten().collect(),
        false => raw
            .get("components")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
            .collect(),
    };
    maps.into_iter()
        .filter_map(|(key, entries)| {
            let kind = match swagger2 {
                true => Kind::of_swagger2_key(key),
                false => Kind::of_components_key(key),
            }?;
            Some((kind, entries))
        })
        .collect()
}

/// The component map at `base` (`/components/schemas`, `/definitions`), made when absent.
fn components_map<'v>(raw: &'v mut Value, base: &str) -> Option<&'v mut Map<String, Value>> {
    let mut node = raw;
    for token in base.split('/').skip(1) {
        node = node
            .as_object_mut()?
            .entry(token.to_owned())
            .or_insert_with(|| Value::Object(Map::new()));
    }
    node.as_object_mut()
}

/// Whether the pointer `inner` is `outer` or names a node inside it.
fn within(inner: &str, outer: &str) -> bool {
    inner
        .strip_prefix(outer)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
}

/// The `$ref` of a node that is only a reference to another file.
fn only_external_ref(node: &Value) -> Option<&str> {
    let map = node.as_object()?;
    let reference = map.get("$ref")?.as_str()?;
    (map.len() == 1 && !reference.starts_with('#')).then_some(reference)
}

/// Replaces the `$ref` of `value`, keeping the keys beside it.
fn set_ref(value: &mut Value, reference: String) {
    if let Some(map) = value.as_object_mut() {
        map.insert("$ref".to_owned(), Value::String(reference));
    }
}

/// The part `target` names, copied.
fn resolved(target: &Target) -> Result<Value, Diagnostic> {
    match &target.source.content {
        Content::Document(document) => Ok(document
            .pointer(&target.fragment)
            .cloned()
            .unwrap_or(Value::Null)),
        Content::Text(text) => Ok(Value::String(text.clone())),
        Content::Root => Ok(Value::Null),
    }
}

/// Whether the fragment of `target` names a node; the error says what it misses.
fn check_fragment(target: &Target) -> Result<(), String> {
    match &target.source.content {
        // The root's parts are checked once it is bundled, as its own references are.
        Content::Root => Ok(()),
        Content::Text(_) if target.fragment.is_empty() => Ok(()),
        Content::Text(_) => Err("the file is not YAML or JSON, so it has no parts".to_owned()),
        Content::Document(document) => match document.pointer(&target.fragment) {
            Some(_) => Ok(()),
            None => Err(format!("there is no `{}`", target.fragment)),
        },
    }
}

/// Whether a reference names a document by URL (`https://`, `//host/x`), not by path.
fn is_remote(file_part: &str) -> bool {
    if file_part.starts_with("//") {
        return true;
    }
    file_part.split_once(':').is_some_and(|(scheme, _)| {
        scheme.len() > 1
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
    })
}

/// Whether a discriminator mapping value names another file (`pet.yaml`,
/// `./pet.yaml#/Pet`) rather than a component by name (`Pet`).
fn is_file_like(value: &str, file: &Source) -> bool {
    match value.strip_prefix('#') {
        // A pointer within another file names a part of that file.
        Some(_) => !matches!(file.content, Content::Root),
        None => names_a_file(value),
    }
}

/// Whether a mapping value that is not a pointer (`#/...`) names a file rather than
/// a schema by its component name (`Dog`).
pub(crate) fn names_a_file(value: &str) -> bool {
    !value.starts_with('#')
        && (value.contains('/')
            || value.contains('#')
            || value.contains(".y")
            || value.contains(".json"))
}

/// Whether a file is read as YAML or JSON: by its extension, `.yaml`, `.yml`, `.json`
/// or none; anything else (`.md`, `.js`) stands for its text.
fn is_document(path: &Path) -> bool {
    path.extension().is_none_or(|extension| {
        ["yaml", "yml", "json"]
            .iter()
            .any(|known| extension.eq_ignore_ascii_case(known))
    })
}

/// The path diagnostics name for a file: `joined` without `.` and `dir/..` steps,
/// unless that names another file (a symbolic link on the way), when it stays as it is.
fn shown_path(joined: &Path, canonical: &Path) -> PathBuf {
    let mut shown = PathBuf::new();
    for component in joined.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir
                if matches!(shown.components().next_back(), Some(Component::Normal(_))) =>
            {
                shown.pop();
            }
            other => shown.push(other),
        }
    }
    match std::fs::canonicalize(&shown) {
        Ok(same) if same == canonical => shown,
        _ => joined.to_path_buf(),
    }
}

/// A component name made of free text (a title, a file name): the characters a
/// component name may hold (`A-Z a-z 0-9 . - _`), any others as one `_`.
fn component_name(text: &str) -> String {
    let mut name = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_ascii_alphanumeric() || ".-_".contains(c) {
            name.push(c);
        } else if !name.ends_with('_') {
            name.push('_');
        }
    }
    name.trim_matches(['_', '.', '-']).to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// A directory of files for one test, removed when the test ends.
    struct Files(PathBuf);

    impl Files {
        fn new(test: &str, files: &[(&str, &str)]) -> Files {
            let dir =
                std::env::temp_dir().join(format!("oagen-bundle-{test}-{}", std::process::id()));
            let _ = std::fs::remove_dir_all(&dir);
            for (name, text) in files {
                let path = dir.join(name);
                std::fs::create_dir_all(path.parent().unwrap()).unwrap();
                std::fs::write(path, text).unwrap();
            }
            Files(dir)
        }

        /// Bundles `openapi.yaml` of the directory.
        fn bundle(&self) -> Result<(Value, SourceMap), Diagnostic> {
            let root = self.0.join("openapi.yaml");
            let text = std::fs::read_to_string(&root).unwrap();
            let mut raw = crate::front::read::parse_tree(&root, &text)?;
            let mut origins = SourceMap::default();
            bundle(&root, &mut raw, &mut origins, &BundleOptions::default())?;
            Ok((raw, origins))
        }
    }

    impl Drop for Files {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }

    const HEAD: &str = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\n";

    #[test]
    fn only_a_scheme_or_an_authority_makes_a_reference_remote() {
        for remote in [
            "https://example.com/a.yaml",
            "http://x/y",
            "//host/a.yaml",
            "file:///etc/passwd",
        ] {
            assert!(is_remote(remote), "{remote}");
        }
        for local in [
            "pets@{id}.yaml",
            "./a:b.yaml",
            "../schemas/pet.yaml",
            "C:pet.yaml",
            "",
        ] {
            assert!(!is_remote(local), "{local}");
        }
    }

    #[test]
    fn component_names_keep_only_the_characters_a_name_may_hold() {
        assert_eq!(component_name("Address Object (v2)"), "Address_Object_v2");
        assert_eq!(component_name("bank_id.v1-x"), "bank_id.v1-x");
        assert_eq!(component_name("KYC documents."), "KYC_documents");
        assert_eq!(component_name("  "), "");
    }

    /// Positions are told by the object model, not by key names: a property named
    /// `parameters` is a schema, an `example` holds data.
    #[test]
    fn the_walk_knows_a_node_by_its_position() {
        let (object, list) = (json!({}), json!([]));
        let part = |part| Ctx::At(Place::Part(part));
        let schemas = Ctx::At(Place::Map(Part::Schema));
        assert_eq!(schemas.child("parameters", &object), part(Part::Schema));
        assert_eq!(part(Part::Schema).child("example", &object), Ctx::Data);
        assert_eq!(Ctx::Data.child("schema", &object), Ctx::Data);
        assert_eq!(
            part(Part::Operation).child("parameters", &list).item(),
            part(Part::Parameter)
        );
        assert_eq!(
            Ctx::root(true).child("definitions", &object),
            Ctx::At(Place::Map(Part::Schema))
        );
        assert_eq!(Ctx::root(false).child("definitions", &object), Ctx::Any);
        // An extension's value is walked, so that a `$ref` in it is copied in.
        let extension = part(Part::Info).child("x-logo", &object);
        assert_eq!(extension, Ctx::Any);
        assert_eq!(extension.child("schema", &object), Ctx::Any);
    }

    /// Every kind of component has its map in `components`, read from the model.
    #[test]
    fn every_kind_has_its_components_map() {
        for kind in [
            Kind::Schema,
            Kind::Parameter,
            Kind::Response,
            Kind::RequestBody,
            Kind::Header,
            Kind::Example,
            Kind::Link,
            Kind::Callback,
            Kind::SecurityScheme,
            Kind::PathItem,
        ] {
            let key = kind.components_key();
            assert!(key.is_some(), "{kind:?}");
            assert_eq!(key.and_then(Kind::of_components_key), Some(kind));
        }
        assert_eq!(Kind::of_swagger2_key("definitions"), Some(Kind::Schema));
        assert_eq!(Kind::of_swagger2_key("paths"), None);
    }

    #[test]
    fn a_ref_in_a_data_value_is_left_as_data() {
        let mut raw = json!({"openapi": "3.0.3", "components": {"schemas": {"A": {
            "type": "object", "example": {"$ref": "not/a/file.yaml"}}}}});
        let before = raw.clone();
        let mut origins = SourceMap::default();
        bundle(
            Path::new("nowhere/openapi.yaml"),
            &mut raw,
            &mut origins,
            &BundleOptions::default(),
        )
        .unwrap();
        assert_eq!(raw, before);
        assert!(origins.is_identity());
    }

    #[test]
    fn names_fall_back_from_the_title_to_the_file_then_its_directory() {
        let files = Files::new(
            "names",
            &[
                (
                    "openapi.yaml",
                    &format!(
                        "{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    All:\n      allOf:\n\
                         \x20       - $ref: a/pet.yaml\n        - $ref: b/pet.yaml\n\
                         \x20       - $ref: a/titled.yaml\n        - $ref: b/titled.yaml\n\
                         \x20       - $ref: b/pet.yaml\n"
                    ),
                ),
                ("a/pet.yaml", "type: object\n"),
                ("b/pet.yaml", "type: string\n"),
                ("a/titled.yaml", "title: Pet\ntype: object\n"),
                ("b/titled.yaml", "title: Pet\ntype: integer\n"),
            ],
        );
        let (raw, _) = files.bundle().unwrap();
        let refs: Vec<&str> = raw["components"]["schemas"]["All"]["allOf"]
            .as_array()
            .unwrap()
            .iter()
            .map(|member| member["$ref"].as_str().unwrap())
            .collect();
        assert_eq!(
            refs,
            [
                "#/components/schemas/pet",
                "#/components/schemas/b_pet",
                "#/components/schemas/Pet",
                "#/components/schemas/titled",
                "#/components/schemas/b_pet",
            ]
        );
        assert_eq!(raw["components"]["schemas"]["titled"]["type"], "integer");
    }

    #[test]
    fn moved_parts_are_recorded_at_their_file_and_pointer() {
        let files = Files::new(
            "origins",
            &[
                ("openapi.yaml", &format!("{HEAD}paths:\n  /pets:\n    $ref: paths/pets.yaml\n")),
                (
                    "paths/pets.yaml",
                    "get:\n  responses:\n    '200':\n      description: ok\n      content:\n\
                     \x20       application/json:\n          schema:\n            $ref: ../pet.yaml#/Pet\n",
                ),
                ("pet.yaml", "Pet:\n  type: object\n  properties:\n    name: {type: string}\n"),
            ],
        );
        let (raw, origins) = files.bundle().unwrap();
        assert_eq!(raw["components"]["schemas"]["pet_Pet"]["type"], "object");
        let (file, pointer) = origins
            .origin("/components/schemas/pet_Pet/properties/name")
            .unwrap();
        assert!(
            file.ends_with("pet.yaml") && !file.ends_with("pets.yaml"),
            "{file:?}"
        );
        assert_eq!(pointer, "/Pet/properties/name");
        let (file, pointer) = origins.origin("/paths/~1pets/get/responses").unwrap();
        assert!(file.ends_with("paths/pets.yaml"), "{file:?}");
        assert_eq!(pointer, "/get/responses");
        // Nothing moved stays in the root.
        assert_eq!(origins.origin("/info"), None);
    }

    /// A component map kept in another file names its components before anything
    /// is named after a file, so a schema file named like one of them gets another name.
    #[test]
    fn a_component_map_in_another_file_keeps_its_names() {
        let files = Files::new(
            "maps",
            &[
                (
                    "openapi.yaml",
                    &format!(
                        "{HEAD}paths: {{}}\ncomponents:\n  parameters:\n    P:\n      name: p\n\
                         \x20     in: query\n      schema: {{$ref: parts/Error.yaml}}\n\
                         \x20 schemas:\n    $ref: parts/schemas.yaml\n"
                    ),
                ),
                ("parts/Error.yaml", "type: string\n"),
                (
                    "parts/schemas.yaml",
                    "Error: {type: object}\nPet: {$ref: pet.yaml}\n",
                ),
                ("parts/pet.yaml", "type: object\n"),
            ],
        );
        let (raw, _) = files.bundle().unwrap();
        let schemas = &raw["components"]["schemas"];
        assert_eq!(schemas["Error"]["type"], "object");
        assert_eq!(schemas["Pet"]["type"], "object");
        assert_eq!(
            raw["components"]["parameters"]["P"]["schema"]["$ref"],
            "#/components/schemas/parts_Error"
        );
        assert_eq!(schemas["parts_Error"]["type"], "string");
    }

    /// A discriminator mapping names a member of its own schema (`#/oneOf/0` of the
    /// file): it points at that member where the schema was put, not at a copy.
    #[test]
    fn a_mapping_into_its_own_schema_points_where_the_schema_was_put() {
        let files = Files::new(
            "mapping",
            &[
                (
                    "openapi.yaml",
                    &format!("{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    Proof:\n      $ref: proof.yaml\n"),
                ),
                (
                    "proof.yaml",
                    "oneOf:\n  - {type: object, title: Card}\n  - $ref: letter.yaml\n\
                     discriminator:\n  propertyName: kind\n  mapping:\n    card: '#/oneOf/0'\n    letter: letter.yaml\n",
                ),
                ("letter.yaml", "type: object\n"),
            ],
        );
        let (raw, _) = files.bundle().unwrap();
        let schemas = &raw["components"]["schemas"];
        let mapping = &schemas["Proof"]["discriminator"]["mapping"];
        assert_eq!(mapping["card"], "#/components/schemas/Proof/oneOf/0");
        assert_eq!(mapping["letter"], "#/components/schemas/letter");
        assert_eq!(
            schemas["Proof"]["oneOf"][1]["$ref"],
            "#/components/schemas/letter"
        );
        assert!(schemas.get("Card").is_none(), "{schemas}");
    }

    /// A fragment is percent-decoded, then read as a JSON pointer whose tokens are
    /// unescaped (`~1` is `/`), as RFC 3986 and RFC 6901 say, in that order.
    #[test]
    fn fragments_are_percent_decoded_then_unescaped() {
        let files = Files::new(
            "fragments",
            &[
                (
                    "openapi.yaml",
                    &format!(
                        "{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    All:\n      allOf:\n\
                         \x20       - $ref: 'parts.yaml#/by~1path'\n\
                         \x20       - $ref: 'parts.yaml#/%7Bid%7D%20x'\n\
                         \x20       - $ref: 'parts.yaml#/tilde~0key'\n"
                    ),
                ),
                (
                    "parts.yaml",
                    "by/path: {type: object}\n'{id} x': {type: object}\ntilde~key: {type: object}\n",
                ),
            ],
        );
        let (raw, _) = files.bundle().unwrap();
        let refs: Vec<&str> = raw["components"]["schemas"]["All"]["allOf"]
            .as_array()
            .unwrap()
            .iter()
            .map(|member| member["$ref"].as_str().unwrap())
            .collect();
        assert_eq!(
            refs,
            [
                "#/components/schemas/parts_by_path",
                "#/components/schemas/parts_id_x",
                "#/components/schemas/parts_tilde_key",
            ]
        );
    }

    #[test]
    fn a_reference_back_into_the_root_becomes_a_reference_within_it() {
        let files = Files::new(
            "back",
            &[
                (
                    "openapi.yaml",
                    &format!(
                        "{HEAD}paths:\n  /a:\n    $ref: a.yaml\ncomponents:\n  schemas:\n    Id: {{type: string}}\n"
                    ),
                ),
                ("a.yaml", "parameters:\n  - {name: id, in: path, required: true, schema: {$ref: 'openapi.yaml#/components/schemas/Id'}}\n"),
            ],
        );
        let (raw, _) = files.bundle().unwrap();
        assert_eq!(
            raw["paths"]["/a"]["parameters"][0]["schema"]["$ref"],
            "#/components/schemas/Id"
        );
    }
}
