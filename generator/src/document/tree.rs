//! A compact, read-only JSON tree: the loaded document that lint's tree rules walk
//! and that lowering reads, deserializing `openapiv3` types one part at a time.
//!
//! A `serde_json::Value` with `preserve_order` costs about 120 bytes for each object
//! entry and a heap allocation for each key and string; for GitHub's 13 MB spec that is
//! 66 MB, and a whole typed `openapiv3` document was 97 MB more. This tree stores every
//! node in 12 bytes, object entries in 20 and all text in one buffer with each key once:
//! the same spec takes 21 MB, parses four times faster, and is never typed whole.
//!
//! [`Node`] is a copyable handle with the parts of `Value`'s API the rules need, and
//! [`Node::deserialize`] reads any `openapiv3` type straight from the tree through a
//! serde deserializer, the [`Reader`]. Errors are
//! `serde_json::Error`s, worded as `serde_json::from_value` words them.

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::hash::{BuildHasherDefault, Hasher};
use std::marker::PhantomData;

use serde::de::{
    self, DeserializeSeed, Deserializer, EnumAccess, IntoDeserializer, MapAccess, SeqAccess,
    VariantAccess, Visitor,
};
use serde_json::{Map, Number, Value};

use crate::diagnostics::unescape_pointer_token;

/// The number for a double, kept as an integer when a 64-bit integer holds it
/// exactly and it lies beyond what a double holds exactly as an integer (2^53): that
/// is an integer written too wide, not a fraction. `None` for infinities and NaN.
pub fn number_from_f64(value: f64) -> Option<Number> {
    const EXACT: f64 = 9_007_199_254_740_992.0; // 2^53
    const I64_MIN: f64 = -9_223_372_036_854_775_808.0; // -2^63
    const U64_END: f64 = 18_446_744_073_709_551_616.0; // 2^64
    if value.fract() == 0.0 && value.abs() > EXACT {
        if (I64_MIN..0.0).contains(&value) {
            return Some(Number::from(value as i64));
        }
        if (0.0..U64_END).contains(&value) {
            return Some(Number::from(value as u64));
        }
    }
    Number::from_f64(value)
}

/// Objects with more entries than this get a sorted index, so looking a key up in
/// `paths` or `components/schemas` is a binary search rather than a scan.
const INDEXED_FROM: usize = 16;

/// A run of the tree's text, items or entries.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
struct Span {
    start: u32,
    len: u32,
}

impl Span {
    fn range(self) -> std::ops::Range<usize> {
        self.start as usize..(self.start + self.len) as usize
    }
}

/// One node, as stored: scalars inline, everything else as a span of the tree's buffers.
#[derive(Clone, Copy)]
enum Slot {
    Null,
    Bool(bool),
    Number(u32),
    String(Span),
    Array(Span),
    Object(Span),
}

/// One entry of an object: its key and its value.
#[derive(Clone, Copy)]
struct Entry {
    key: Span,
    value: Slot,
}

/// A whole JSON document, compactly stored.
pub struct Tree {
    text: String,
    numbers: Vec<Number>,
    items: Vec<Slot>,
    entries: Vec<Entry>,
    /// For each big object (by the start of its entries), its entry indexes sorted by key.
    sorted: HashMap<u32, Box<[u32]>>,
    root: Slot,
    repeated_keys: bool,
}

impl Tree {
    /// Parses JSON text. Of duplicate keys the last value is kept at the first one's
    /// place, as `serde_json::Value` keeps it.
    pub fn from_json_str(text: &str) -> Result<Tree, serde_json::Error> {
        let mut builder = Builder::default();
        let mut deserializer = serde_json::Deserializer::from_str(text);
        let root = builder.node().deserialize(&mut deserializer)?;
        deserializer.end()?;
        builder.finish(root)
    }

    /// Copies a `serde_json::Value`.
    pub fn from_value(value: &Value) -> Result<Tree, serde_json::Error> {
        let mut builder = Builder::default();
        let root = builder.value(value);
        builder.finish(root)
    }

    /// Whether an object of the text named a key twice (only the last value is kept).
    pub fn has_repeated_keys(&self) -> bool {
        self.repeated_keys
    }

    /// The document's root.
    pub fn root(&self) -> Node<'_> {
        Node {
            tree: self,
            slot: &self.root,
        }
    }

    /// The node at a JSON pointer (`""` is the root), like `Value::pointer`.
    pub fn pointer(&self, pointer: &str) -> Option<Node<'_>> {
        self.root().pointer(pointer)
    }

    /// A key of the root object, like `Value::get`.
    pub fn get(&self, key: &str) -> Option<Node<'_>> {
        self.root().get(key)
    }

    /// The document as a `serde_json::Value` (for tests and small parts).
    pub fn to_json(&self) -> Value {
        self.root().to_json()
    }

    fn str(&self, span: Span) -> &str {
        &self.text[span.range()]
    }
}

impl fmt::Debug for Tree {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.root(), f)
    }
}

/// A node of a [`Tree`]: cheap to copy, borrowed from the tree.
#[derive(Clone, Copy)]
pub struct Node<'t> {
    tree: &'t Tree,
    slot: &'t Slot,
}

/// What a node is, for `match`: the counterpart of `serde_json::Value`'s variants.
#[derive(Clone, Copy)]
pub enum Kind<'t> {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number.
    Number(&'t Number),
    /// A string.
    String(&'t str),
    /// An array.
    Array(Array<'t>),
    /// An object.
    Object(Object<'t>),
}

impl<'t> Node<'t> {
    /// What this node is.
    pub fn kind(self) -> Kind<'t> {
        let tree = self.tree;
        match *self.slot {
            Slot::Null => Kind::Null,
            Slot::Bool(b) => Kind::Bool(b),
            Slot::Number(i) => Kind::Number(&tree.numbers[i as usize]),
            Slot::String(span) => Kind::String(tree.str(span)),
            Slot::Array(span) => Kind::Array(Array { tree, span }),
            Slot::Object(span) => Kind::Object(Object { tree, span }),
        }
    }

    /// The value of `key`, when this is an object that has it.
    pub fn get(self, key: &str) -> Option<Node<'t>> {
        self.as_object()?.get(key)
    }

    /// The node at a JSON pointer relative to this one, like `Value::pointer`.
    pub fn pointer(self, pointer: &str) -> Option<Node<'t>> {
        if pointer.is_empty() {
            return Some(self);
        }
        let rest = pointer.strip_prefix('/')?;
        let mut node = self;
        for token in rest.split('/') {
            let token: std::borrow::Cow<'_, str> = if token.contains('~') {
                unescape_pointer_token(token).into()
            } else {
                token.into()
            };
            node = match node.kind() {
                Kind::Object(object) => object.get(&token)?,
                Kind::Array(array) => array.get(array_index(&token)?)?,
                _ => return None,
            };
        }
        Some(node)
    }

    /// The string, when this is one.
    pub fn as_str(self) -> Option<&'t str> {
        match self.kind() {
            Kind::String(text) => Some(text),
            _ => None,
        }
    }

    /// The boolean, when this is one.
    pub fn as_bool(self) -> Option<bool> {
        match *self.slot {
            Slot::Bool(b) => Some(b),
            _ => None,
        }
    }

    /// The number, when this is one.
    pub fn as_number(self) -> Option<&'t Number> {
        match self.kind() {
            Kind::Number(number) => Some(number),
            _ => None,
        }
    }

    /// The number as an `f64`, when this is a number.
    pub fn as_f64(self) -> Option<f64> {
        self.as_number().and_then(Number::as_f64)
    }

    /// The object, when this is one.
    pub fn as_object(self) -> Option<Object<'t>> {
        match *self.slot {
            Slot::Object(span) => Some(Object {
                tree: self.tree,
                span,
            }),
            _ => None,
        }
    }

    /// The array, when this is one.
    pub fn as_array(self) -> Option<Array<'t>> {
        match *self.slot {
            Slot::Array(span) => Some(Array {
                tree: self.tree,
                span,
            }),
            _ => None,
        }
    }

    /// Whether this is an object.
    pub fn is_object(self) -> bool {
        matches!(self.slot, Slot::Object(_))
    }

    /// Whether this is an array.
    pub fn is_array(self) -> bool {
        matches!(self.slot, Slot::Array(_))
    }

    /// Whether this is a string.
    pub fn is_string(self) -> bool {
        matches!(self.slot, Slot::String(_))
    }

    /// Whether this is a number.
    pub fn is_number(self) -> bool {
        matches!(self.slot, Slot::Number(_))
    }

    /// Whether this is `true` or `false`.
    pub fn is_boolean(self) -> bool {
        matches!(self.slot, Slot::Bool(_))
    }

    /// Whether this is `null`.
    pub fn is_null(self) -> bool {
        matches!(self.slot, Slot::Null)
    }

    /// Deserializes this node as a `T`, as `serde_json::from_value` would.
    pub fn deserialize<T: serde::Deserialize<'t>>(self) -> Result<T, serde_json::Error> {
        T::deserialize(self.reader())
    }

    /// A copy of this node as a `serde_json::Value`.
    pub fn to_json(self) -> Value {
        match self.kind() {
            Kind::Null => Value::Null,
            Kind::Bool(b) => Value::Bool(b),
            Kind::Number(number) => Value::Number(number.clone()),
            Kind::String(text) => Value::String(text.to_owned()),
            Kind::Array(array) => Value::Array(array.iter().map(Node::to_json).collect()),
            Kind::Object(object) => Value::Object(
                object
                    .iter()
                    .map(|(key, value)| (key.to_owned(), value.to_json()))
                    .collect::<Map<String, Value>>(),
            ),
        }
    }

    fn unexpected(self) -> de::Unexpected<'t> {
        match self.kind() {
            Kind::Null => de::Unexpected::Unit,
            Kind::Bool(b) => de::Unexpected::Bool(b),
            Kind::Number(number) => match (number.as_u64(), number.as_i64()) {
                (Some(unsigned), _) => de::Unexpected::Unsigned(unsigned),
                (None, Some(signed)) => de::Unexpected::Signed(signed),
                (None, None) => de::Unexpected::Float(number.as_f64().unwrap_or(f64::NAN)),
            },
            Kind::String(text) => de::Unexpected::Str(text),
            Kind::Array(_) => de::Unexpected::Seq,
            Kind::Object(_) => de::Unexpected::Map,
        }
    }
}

impl PartialEq for Node<'_> {
    /// Structural equality, as `Value`'s: object key order does not matter.
    fn eq(&self, other: &Self) -> bool {
        match (self.kind(), other.kind()) {
            (Kind::Null, Kind::Null) => true,
            (Kind::Bool(a), Kind::Bool(b)) => a == b,
            (Kind::Number(a), Kind::Number(b)) => a == b,
            (Kind::String(a), Kind::String(b)) => a == b,
            (Kind::Array(a), Kind::Array(b)) => a.len() == b.len() && a.iter().eq(b.iter()),
            (Kind::Object(a), Kind::Object(b)) => {
                a.len() == b.len() && a.iter().all(|(key, value)| b.get(key) == Some(value))
            }
            _ => false,
        }
    }
}

impl fmt::Debug for Node<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.to_json(), f)
    }
}

/// A JSON pointer token as an array index: digits, without leading zeros.
fn array_index(token: &str) -> Option<usize> {
    if token.starts_with('+') || token.len() > 1 && token.starts_with('0') {
        return None;
    }
    token.parse().ok()
}

/// An object node: its entries in document order.
#[derive(Clone, Copy)]
pub struct Object<'t> {
    tree: &'t Tree,
    span: Span,
}

impl<'t> Object<'t> {
    /// How many entries it has.
    pub fn len(self) -> usize {
        self.span.len as usize
    }

    /// Whether it has no entries.
    pub fn is_empty(self) -> bool {
        self.span.len == 0
    }

    /// The value of `key`.
    pub fn get(self, key: &str) -> Option<Node<'t>> {
        let tree = self.tree;
        let entries = &tree.entries[self.span.range()];
        // Only a big object has an index; an empty one starts where the next one does.
        let index = (self.len() > INDEXED_FROM)
            .then(|| tree.sorted.get(&self.span.start))
            .flatten();
        let found = match index {
            Some(sorted) => sorted
                .binary_search_by(|&i| tree.str(tree.entries[i as usize].key).cmp(key))
                .ok()
                .map(|at| &tree.entries[sorted[at] as usize]),
            None => entries.iter().find(|entry| tree.str(entry.key) == key),
        };
        found.map(|entry| Node {
            tree,
            slot: &entry.value,
        })
    }

    /// Whether it has `key`.
    pub fn contains_key(self, key: &str) -> bool {
        self.get(key).is_some()
    }

    fn entries(self) -> &'t [Entry] {
        &self.tree.entries[self.span.range()]
    }

    /// Its entries, in document order.
    pub fn iter(self) -> impl DoubleEndedIterator<Item = (&'t str, Node<'t>)> + ExactSizeIterator {
        let tree = self.tree;
        tree.entries[self.span.range()].iter().map(move |entry| {
            (
                tree.str(entry.key),
                Node {
                    tree,
                    slot: &entry.value,
                },
            )
        })
    }

    /// Its keys, in document order.
    pub fn keys(self) -> impl DoubleEndedIterator<Item = &'t str> + ExactSizeIterator {
        self.iter().map(|(key, _)| key)
    }

    /// Its values, in document order.
    pub fn values(self) -> impl DoubleEndedIterator<Item = Node<'t>> + ExactSizeIterator {
        self.iter().map(|(_, value)| value)
    }
}

/// An array node.
#[derive(Clone, Copy)]
pub struct Array<'t> {
    tree: &'t Tree,
    span: Span,
}

impl<'t> Array<'t> {
    /// How many items it has.
    pub fn len(self) -> usize {
        self.span.len as usize
    }

    /// Whether it has no items.
    pub fn is_empty(self) -> bool {
        self.span.len == 0
    }

    /// The item at `index`.
    pub fn get(self, index: usize) -> Option<Node<'t>> {
        let tree = self.tree;
        tree.items[self.span.range()]
            .get(index)
            .map(|slot| Node { tree, slot })
    }

    /// Its items, in order.
    pub fn iter(self) -> impl DoubleEndedIterator<Item = Node<'t>> + ExactSizeIterator {
        let tree = self.tree;
        tree.items[self.span.range()]
            .iter()
            .map(move |slot| Node { tree, slot })
    }
}

// ---- building ----

/// Collects nodes bottom-up: a container's children wait on a stack until it ends,
/// then move to the tree's buffers side by side.
#[derive(Default)]
struct Builder {
    text: String,
    numbers: Vec<Number>,
    items: Vec<Slot>,
    entries: Vec<Entry>,
    sorted: HashMap<u32, Box<[u32]>>,
    repeated_keys: bool,
    /// Whether some text did not fit in the 32-bit spans.
    too_big: bool,
    pending_items: Vec<Slot>,
    pending_entries: Vec<Entry>,
    /// Every key seen, so each is stored once. (SipHash, keyed at random: the keys
    /// come from the spec, which may be made to collide under a fixed hash.)
    keys: HashMap<Box<str>, Span>,
}

impl Builder {
    /// The tree, unless a buffer outgrew the 32-bit spans (4 GiB of text): then the
    /// document is refused rather than misread.
    fn finish(self, root: Slot) -> Result<Tree, serde_json::Error> {
        let counts = [self.numbers.len(), self.items.len(), self.entries.len()];
        if self.too_big || counts.iter().any(|&len| u32::try_from(len).is_err()) {
            return Err(de::Error::custom(
                "the document holds 4 GiB or more, more than oagen reads",
            ));
        }
        Ok(Tree {
            text: self.text,
            numbers: self.numbers,
            items: self.items,
            entries: self.entries,
            sorted: self.sorted,
            root,
            repeated_keys: self.repeated_keys,
        })
    }

    fn node(&mut self) -> NodeSeed<'_> {
        NodeSeed(self)
    }

    /// Stores `text`, unless the buffer would outgrow the 32-bit spans: then the text is
    /// dropped and the tree refused in [`Builder::finish`], so that no span (sorting
    /// keys slices the buffer while building) ever points at the wrong bytes.
    fn string(&mut self, text: &str) -> Span {
        let start = self.text.len();
        let (Ok(start), Ok(len), Ok(_)) = (
            u32::try_from(start),
            u32::try_from(text.len()),
            u32::try_from(start + text.len()),
        ) else {
            self.too_big = true;
            return Span { start: 0, len: 0 };
        };
        self.text.push_str(text);
        Span { start, len }
    }

    fn key(&mut self, key: &str) -> Span {
        if let Some(span) = self.keys.get(key) {
            return *span;
        }
        let span = self.string(key);
        self.keys.insert(key.into(), span);
        span
    }

    fn number(&mut self, number: Number) -> Slot {
        self.numbers.push(number);
        Slot::Number(self.numbers.len() as u32 - 1)
    }

    fn value(&mut self, value: &Value) -> Slot {
        match value {
            Value::Null => Slot::Null,
            Value::Bool(b) => Slot::Bool(*b),
            Value::Number(number) => self.number(number.clone()),
            Value::String(text) => Slot::String(self.string(text)),
            Value::Array(list) => {
                let base = self.pending_items.len();
                for item in list {
                    let slot = self.value(item);
                    self.pending_items.push(slot);
                }
                self.end_array(base)
            }
            Value::Object(map) => {
                let base = self.pending_entries.len();
                for (key, item) in map {
                    let key = self.key(key);
                    let value = self.value(item);
                    self.pending_entries.push(Entry { key, value });
                }
                self.end_object(base)
            }
        }
    }

    fn end_array(&mut self, base: usize) -> Slot {
        let start = self.items.len() as u32;
        self.items.extend(self.pending_items.drain(base..));
        Slot::Array(Span {
            start,
            len: self.items.len() as u32 - start,
        })
    }

    fn end_object(&mut self, base: usize) -> Slot {
        self.repeated_keys |= keep_last_of_duplicates(&mut self.pending_entries, base);
        let start = self.entries.len() as u32;
        self.entries.extend(self.pending_entries.drain(base..));
        let len = self.entries.len() as u32 - start;
        if len as usize > INDEXED_FROM {
            let mut order: Vec<u32> = (start..start + len).collect();
            let (text, entries) = (&self.text, &self.entries);
            order.sort_unstable_by(|&a, &b| {
                let key = |i: u32| &text[entries[i as usize].key.range()];
                key(a).cmp(key(b))
            });
            self.sorted.insert(start, order.into_boxed_slice());
        }
        Slot::Object(Span { start, len })
    }
}

/// Drops repeated keys among `entries[base..]`, giving the first one the last value;
/// says whether there were any. Keys are stored once, so equal keys have equal spans.
fn keep_last_of_duplicates(entries: &mut Vec<Entry>, base: usize) -> bool {
    let object = &entries[base..];
    let repeated = if object.len() <= INDEXED_FROM {
        (1..object.len()).any(|i| object[..i].iter().any(|e| e.key == object[i].key))
    } else {
        let mut seen = std::collections::HashSet::with_capacity(object.len());
        !object.iter().all(|e| seen.insert(e.key))
    };
    if !repeated {
        return false;
    }
    let mut kept: Vec<Entry> = Vec::with_capacity(entries.len() - base);
    let mut place: HashMap<Span, usize> = HashMap::new();
    for entry in entries.drain(base..) {
        match place.get(&entry.key) {
            Some(&first) => kept[first].value = entry.value,
            None => {
                place.insert(entry.key, kept.len());
                kept.push(entry);
            }
        }
    }
    entries.extend(kept);
    true
}

/// Deserializes one node of JSON text into the builder.
struct NodeSeed<'b>(&'b mut Builder);

impl<'de> DeserializeSeed<'de> for NodeSeed<'_> {
    type Value = Slot;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Slot, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for NodeSeed<'_> {
    type Value = Slot;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_unit<E>(self) -> Result<Slot, E> {
        Ok(Slot::Null)
    }

    fn visit_bool<E>(self, v: bool) -> Result<Slot, E> {
        Ok(Slot::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Slot, E> {
        Ok(self.0.number(v.into()))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Slot, E> {
        Ok(self.0.number(v.into()))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Slot, E> {
        // As the front end reads it, so that lint and generation see the same number.
        number_from_f64(v)
            .map(|number| self.0.number(number))
            .ok_or_else(|| E::custom("a number that JSON cannot hold"))
    }

    fn visit_str<E>(self, v: &str) -> Result<Slot, E> {
        Ok(Slot::String(self.0.string(v)))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Slot, A::Error> {
        let builder = self.0;
        let base = builder.pending_items.len();
        while let Some(slot) = seq.next_element_seed(NodeSeed(builder))? {
            builder.pending_items.push(slot);
        }
        Ok(builder.end_array(base))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Slot, A::Error> {
        let builder = self.0;
        let base = builder.pending_entries.len();
        while let Some(key) = map.next_key_seed(KeySeed(builder))? {
            let value = map.next_value_seed(NodeSeed(builder))?;
            builder.pending_entries.push(Entry { key, value });
        }
        Ok(builder.end_object(base))
    }
}

/// Deserializes an object key into the builder's stored keys.
struct KeySeed<'b>(&'b mut Builder);

impl<'de> DeserializeSeed<'de> for KeySeed<'_> {
    type Value = Span;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Span, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for KeySeed<'_> {
    type Value = Span;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object key")
    }

    fn visit_str<E>(self, v: &str) -> Result<Span, E> {
        Ok(self.0.key(v))
    }
}

// ---- deserializing typed values from nodes ----

/// A set of nodes of one tree, by identity: it borrows the tree, so it cannot outlive
/// it or be used with another.
pub struct NodeSet<'t> {
    addresses: HashSet<usize, BuildHasherDefault<AddressHasher>>,
    tree: PhantomData<&'t Tree>,
}

impl Default for NodeSet<'_> {
    fn default() -> Self {
        NodeSet {
            addresses: HashSet::default(),
            tree: PhantomData,
        }
    }
}

impl<'t> NodeSet<'t> {
    /// Adds `node`.
    pub fn insert(&mut self, node: Node<'t>) {
        self.addresses.insert(node.address());
    }

    pub(crate) fn contains(&self, node: Node<'t>) -> bool {
        self.addresses.contains(&node.address())
    }
}

/// Hashes node addresses, which are unique already and not chosen by the spec: one
/// multiplication spreads them, far faster than SipHash.
#[derive(Default)]
struct AddressHasher(u64);

impl Hasher for AddressHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    /// Only `write_usize` is used; this keeps the trait's contract for anything else.
    fn write(&mut self, bytes: &[u8]) {
        for &byte in bytes {
            self.0 = (self.0.rotate_left(8) ^ u64::from(byte)).wrapping_mul(0x9e37_79b9_7f4a_7c15);
        }
    }

    fn write_usize(&mut self, address: usize) {
        // Addresses end in zero bits, which a multiplication keeps; the table indexes by
        // the low bits, so the well-mixed high half is rotated down.
        self.0 = (address as u64)
            .wrapping_mul(0x9e37_79b9_7f4a_7c15)
            .rotate_left(32);
    }
}

impl<'t> Node<'t> {
    fn address(self) -> usize {
        self.slot as *const Slot as usize
    }

    /// A deserializer that reads the nodes in `stubs` as `{}`: checking a node whose
    /// children were checked already then costs only the node's own fields.
    pub fn stubbing(self, stubs: &'t NodeSet<'t>) -> Reader<'t> {
        Reader {
            node: self,
            stubs: Some(stubs),
        }
    }

    fn reader(self) -> Reader<'t> {
        Reader {
            node: self,
            stubs: None,
        }
    }
}

/// Reads typed values from a node, as `serde_json`'s `Value` deserializer does, with
/// some nodes read as `{}` (see [`Node::stubbing`]).
#[derive(Clone, Copy)]
pub struct Reader<'t> {
    node: Node<'t>,
    stubs: Option<&'t NodeSet<'t>>,
}

impl<'t> Reader<'t> {
    fn child(self, node: Node<'t>) -> Reader<'t> {
        Reader { node, ..self }
    }

    fn is_stub(self) -> bool {
        self.stubs.is_some_and(|stubs| stubs.contains(self.node))
    }
}

impl<'t> Deserializer<'t> for Reader<'t> {
    type Error = serde_json::Error;

    fn deserialize_any<V: Visitor<'t>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        if self.is_stub() {
            return visitor.visit_map(&mut Entries {
                entries: [].iter(),
                value: None,
                reader: self,
            });
        }
        match self.node.kind() {
            Kind::Null => visitor.visit_unit(),
            Kind::Bool(b) => visitor.visit_bool(b),
            Kind::Number(number) => number.deserialize_any(visitor),
            Kind::String(text) => visitor.visit_borrowed_str(text),
            Kind::Array(array) => {
                let mut items = Items {
                    items: array.iter(),
                    reader: self,
                };
                let value = visitor.visit_seq(&mut items)?;
                match items.items.len() {
                    0 => Ok(value),
                    _ => Err(de::Error::invalid_length(
                        array.len(),
                        &"fewer elements in array",
                    )),
                }
            }
            Kind::Object(object) => {
                let mut entries = Entries {
                    entries: object.entries().iter(),
                    value: None,
                    reader: self,
                };
                let value = visitor.visit_map(&mut entries)?;
                match entries.entries.len() {
                    0 => Ok(value),
                    _ => Err(de::Error::invalid_length(
                        object.len(),
                        &"fewer elements in map",
                    )),
                }
            }
        }
    }

    fn deserialize_option<V: Visitor<'t>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        match self.node.slot {
            Slot::Null if !self.is_stub() => visitor.visit_none(),
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'t>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_enum<V: Visitor<'t>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        // The errors are `serde_json`'s own for a `Value` that is not an enum.
        let not_one_key =
            || de::Error::invalid_value(de::Unexpected::Map, &"map with a single key");
        if self.is_stub() {
            return Err(not_one_key());
        }
        match self.node.kind() {
            Kind::String(variant) => visitor.visit_enum(variant.into_deserializer()),
            Kind::Object(object) => {
                let mut entries = object.iter();
                match (entries.next(), entries.next()) {
                    (Some((variant, value)), None) => visitor.visit_enum(Variant {
                        variant,
                        value: self.child(value),
                    }),
                    _ => Err(not_one_key()),
                }
            }
            _ => Err(de::Error::invalid_type(
                self.node.unexpected(),
                &"string or map",
            )),
        }
    }

    fn deserialize_ignored_any<V: Visitor<'t>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        visitor.visit_unit()
    }

    serde::forward_to_deserialize_any! {
        <W: Visitor<'t>>
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf unit unit_struct seq tuple tuple_struct map struct identifier
    }
}

/// An array's items, for a visitor.
struct Items<'t, I> {
    items: I,
    reader: Reader<'t>,
}

impl<'t, I: Iterator<Item = Node<'t>>> SeqAccess<'t> for &mut Items<'t, I> {
    type Error = serde_json::Error;

    fn next_element_seed<T: DeserializeSeed<'t>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Self::Error> {
        let reader = self.reader;
        self.items
            .next()
            .map(|item| seed.deserialize(reader.child(item)))
            .transpose()
    }

    fn size_hint(&self) -> Option<usize> {
        self.items.size_hint().1
    }
}

/// An object's entries, for a visitor.
struct Entries<'t> {
    entries: std::slice::Iter<'t, Entry>,
    value: Option<Node<'t>>,
    reader: Reader<'t>,
}

impl<'t> MapAccess<'t> for &mut Entries<'t> {
    type Error = serde_json::Error;

    fn next_key_seed<K: DeserializeSeed<'t>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Self::Error> {
        let Some(entry) = self.entries.next() else {
            return Ok(None);
        };
        let tree = self.reader.node.tree;
        let key = tree.str(entry.key);
        self.value = Some(Node {
            tree,
            slot: &entry.value,
        });
        let key: de::value::BorrowedStrDeserializer<'t, serde_json::Error> =
            de::value::BorrowedStrDeserializer::new(key);
        seed.deserialize(key).map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'t>>(
        &mut self,
        seed: V,
    ) -> Result<V::Value, Self::Error> {
        match self.value.take() {
            Some(value) => seed.deserialize(self.reader.child(value)),
            None => Err(de::Error::custom(
                "a map value was asked for before its key",
            )),
        }
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.entries.len())
    }
}

/// An externally tagged enum value: `{ "variant": value }`.
struct Variant<'t> {
    variant: &'t str,
    value: Reader<'t>,
}

impl<'t> EnumAccess<'t> for Variant<'t> {
    type Error = serde_json::Error;
    type Variant = Reader<'t>;

    fn variant_seed<V: DeserializeSeed<'t>>(
        self,
        seed: V,
    ) -> Result<(V::Value, Reader<'t>), Self::Error> {
        let variant: de::value::BorrowedStrDeserializer<'t, serde_json::Error> =
            de::value::BorrowedStrDeserializer::new(self.variant);
        Ok((seed.deserialize(variant)?, self.value))
    }
}

impl<'t> VariantAccess<'t> for Reader<'t> {
    type Error = serde_json::Error;

    fn unit_variant(self) -> Result<(), Self::Error> {
        serde::Deserialize::deserialize(self)
    }

    fn newtype_variant_seed<T: DeserializeSeed<'t>>(
        self,
        seed: T,
    ) -> Result<T::Value, Self::Error> {
        seed.deserialize(self)
    }

    fn tuple_variant<V: Visitor<'t>>(
        self,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        self.deserialize_seq(visitor)
    }

    fn struct_variant<V: Visitor<'t>>(
        self,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        self.deserialize_map(visitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = r#"{"openapi": "3.0.3", "a~b": {"c/d": [1, -2, 2.5, true, null, "x\ny"]},
        "dup": 1, "big": {"k00": 0, "k01": 1, "k02": 2, "k03": 3, "k04": 4, "k05": 5, "k06": 6,
        "k07": 7, "k08": 8, "k09": 9, "k10": 10, "k11": 11, "k12": 12, "k13": 13, "k14": 14,
        "k15": 15, "k16": 16, "k17": 17, "k11": "last", "empty": {}}, "dup": 2}"#;

    #[test]
    fn a_tree_holds_what_a_value_holds() {
        let tree = Tree::from_json_str(SAMPLE).unwrap();
        let value: Value = serde_json::from_str(SAMPLE).unwrap();
        assert_eq!(tree.to_json(), value);
        assert!(tree.has_repeated_keys());
        assert_eq!(Tree::from_value(&value).unwrap().to_json(), value);
        assert_eq!(
            tree.root().as_object().unwrap().keys().collect::<Vec<_>>(),
            ["openapi", "a~b", "dup", "big"]
        );
    }

    #[test]
    fn pointers_and_keys_find_what_value_finds() {
        let tree = Tree::from_json_str(SAMPLE).unwrap();
        let value: Value = serde_json::from_str(SAMPLE).unwrap();
        for pointer in [
            "",
            "/openapi",
            "/a~0b",
            "/a~0b/c~1d/5",
            "/a~0b/c~1d/05",
            "/big/k11",
            "/big/k17",
            "/big/k99",
            "/dup",
            "/openapi/0",
            "/a~0b/c~1d/9",
            "/big/empty",
            "/big/empty/k00",
        ] {
            assert_eq!(
                tree.pointer(pointer).map(Node::to_json).as_ref(),
                value.pointer(pointer),
                "{pointer}"
            );
        }
    }

    #[test]
    fn stubbed_nodes_read_as_empty_objects() {
        let text = r#"{"type": "array", "items": {"type": "string", "enum": "not a list"}}"#;
        let tree = Tree::from_json_str(text).unwrap();
        let root = tree.root();
        assert!(root.deserialize::<openapiv3::Schema>().is_err());
        let mut stubs = NodeSet::default();
        stubs.insert(root.get("items").unwrap());
        let schema: openapiv3::Schema = serde::Deserialize::deserialize(root.stubbing(&stubs))
            .expect("the bad items read as `{}`");
        let openapiv3::SchemaKind::Type(openapiv3::Type::Array(array)) = schema.schema_kind else {
            panic!("an array schema: {schema:?}");
        };
        let items = array.items.expect("items").into_item().expect("a schema");
        assert_eq!(
            items.schema_kind,
            openapiv3::SchemaKind::Any(Default::default())
        );
    }

    #[test]
    fn typed_values_deserialize_as_from_a_value() {
        let text = r#"{"type": "object", "required": ["id"], "properties": {
            "id": {"type": "string", "format": "uuid"}, "n": {"type": "integer", "enum": [1, 2]},
            "bad": {"type": "string", "enum": "x"}}}"#;
        let tree = Tree::from_json_str(text).unwrap();
        let value: Value = serde_json::from_str(text).unwrap();
        let from_tree = tree.pointer("/properties/id").unwrap();
        assert_eq!(
            from_tree.deserialize::<openapiv3::Schema>().unwrap(),
            serde_json::from_value::<openapiv3::Schema>(value["properties"]["id"].clone()).unwrap()
        );
        for enum_text in [
            r#"{"a": 1, "b": 2}"#,
            "5",
            "-5",
            "2.5",
            "[]",
            r#""nowhere""#,
        ] {
            let tree = Tree::from_json_str(enum_text).unwrap();
            let value: Value = serde_json::from_str(enum_text).unwrap();
            assert_eq!(
                tree.root()
                    .deserialize::<openapiv3::APIKeyLocation>()
                    .unwrap_err()
                    .to_string(),
                serde_json::from_value::<openapiv3::APIKeyLocation>(value)
                    .unwrap_err()
                    .to_string(),
                "{enum_text}"
            );
        }
        let bad = tree.root().deserialize::<openapiv3::Schema>().unwrap_err();
        let expected = serde_json::from_value::<openapiv3::Schema>(value).unwrap_err();
        assert_eq!(bad.to_string(), expected.to_string());
    }
}
