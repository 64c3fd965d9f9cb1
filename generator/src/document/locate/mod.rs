//! Line and column for JSON pointers, read from the spec's text.
//!
//! Diagnostics are found on the parsed tree, which has no positions. This module
//! reads the text once per file and records where each requested pointer starts:
//! at its key when it has one, so a finding points at `responses:` rather than at
//! the line after it. JSON goes through a byte scanner (module `json`), many times
//! faster on multi-megabyte specs; anything else, or JSON the scanner cannot
//! finish, streams through libyaml's events (module `events`; JSON is YAML too),
//! the parser that read the spec.

mod events;
mod json;

use std::collections::{HashMap, HashSet};
use std::path::Path;

use events::{Event, Events, Mark};

use crate::diagnostics::{escape_pointer_token, Diagnostic, LineColumn};

/// Fills in `location` for every diagnostic that has a pointer but no position,
/// reading each file once. A pointer that does not exist (an absent field) gets
/// the position of its nearest existing parent.
pub fn locate_diagnostics(diagnostics: &mut [Diagnostic]) {
    let mut by_file: HashMap<&Path, Vec<usize>> = HashMap::new();
    for (index, diagnostic) in diagnostics.iter().enumerate() {
        if diagnostic.location.is_none() {
            by_file.entry(&diagnostic.file).or_default().push(index);
        }
    }
    let mut located: Vec<(usize, LineColumn)> = Vec::new();
    for (file, indexes) in by_file {
        let Ok(text) = std::fs::read_to_string(file) else {
            continue;
        };
        let pointers: Vec<&str> = indexes
            .iter()
            .map(|&i| diagnostics[i].pointer.as_str())
            .collect();
        let positions = locate(&text, &pointers);
        for (&index, position) in indexes.iter().zip(positions) {
            if let Some(position) = position {
                located.push((index, position));
            }
        }
    }
    for (index, position) in located {
        diagnostics[index].location = Some(position);
    }
}

/// The position of each pointer in `text`, or of its nearest existing parent.
pub fn locate(text: &str, pointers: &[&str]) -> Vec<Option<LineColumn>> {
    opens_like_json(text)
        .then(|| json::locate_json(text, pointers))
        .flatten()
        .unwrap_or_else(|| locate_yaml(text, pointers))
}

/// [`locate`] through the YAML parser, which reads any YAML or JSON.
/// Whether `text` opens with `{`, after any byte order mark and white space.
pub fn opens_like_json(text: &str) -> bool {
    text.trim_start_matches('\u{feff}')
        .trim_start()
        .starts_with('{')
}

fn locate_yaml(text: &str, pointers: &[&str]) -> Vec<Option<LineColumn>> {
    let mut wanted: HashSet<String> = HashSet::new();
    for pointer in pointers {
        let mut prefix = *pointer;
        loop {
            wanted.insert(prefix.to_owned());
            match prefix.rfind('/') {
                Some(end) => prefix = &prefix[..end],
                None => break,
            }
        }
    }
    let mut locator = Locator {
        wanted: &wanted,
        found: HashMap::new(),
        path: String::new(),
        frames: Vec::new(),
    };
    // The whole document starts where the file does, whatever the parser marks.
    locator
        .found
        .insert(String::new(), LineColumn { line: 1, column: 1 });
    // A parse error stops the stream; positions found before it are still right.
    for (event, mark) in Events::new(text).into_iter().flatten() {
        locator.on_event(event, mark);
    }
    pointers
        .iter()
        .map(|pointer| nearest(&locator.found, pointer))
        .collect()
}

/// Where a mapping of `text` first names `key` a second time: the pointer of that
/// entry, the position of the second key and that of the first. The YAML reader
/// refuses such a mapping but knows only where the mapping starts; the duplicate is
/// what the user must see. `None` when no mapping repeats `key` as written (a key
/// that only repeats once read, like `~` and `null`).
pub fn duplicate_key(text: &str, key: &str) -> Option<(String, LineColumn, LineColumn)> {
    let wanted = HashSet::new();
    let mut locator = Locator {
        wanted: &wanted,
        found: HashMap::new(),
        path: String::new(),
        frames: Vec::new(),
    };
    // The keys of each open mapping, innermost last, with where each was written.
    let mut keys: Vec<HashMap<String, LineColumn>> = Vec::new();
    for (event, mark) in Events::new(text)? {
        let is_key = matches!(
            locator.frames.last(),
            Some(Frame::Mapping { key_next: true, .. })
        );
        match &event {
            Event::MappingStart => keys.push(HashMap::new()),
            Event::MappingEnd => {
                keys.pop();
            }
            Event::Scalar { value: name, .. } if is_key => {
                let at = LineColumn::new(mark.line, mark.column + 1);
                let seen = keys.last_mut()?;
                match seen.get(name) {
                    Some(first) if name == key => {
                        let first = *first;
                        locator.on_event(event, mark);
                        return Some((locator.path, at, first));
                    }
                    Some(_) => {}
                    None => {
                        seen.insert(name.clone(), at);
                    }
                }
            }
            _ => {}
        }
        locator.on_event(event, mark);
    }
    None
}

/// The first value of `text` that YAML reads as a number too large for a 64-bit
/// float (`1e400`, an integer of 400 digits), which would otherwise become a string
/// or an infinity JSON cannot hold: its pointer, its position and its text. JSON is
/// read this way too, as libyaml reads JSON; a quoted scalar is a string.
pub fn number_out_of_range(text: &str) -> Option<(String, LineColumn, String)> {
    let wanted = HashSet::new();
    let mut locator = Locator {
        wanted: &wanted,
        found: HashMap::new(),
        path: String::new(),
        frames: Vec::new(),
    };
    for (event, mark) in Events::new(text)? {
        let is_key = matches!(
            locator.frames.last(),
            Some(Frame::Mapping { key_next: true, .. })
        );
        let number = match &event {
            Event::Scalar { value, plain: true } if !is_key && has_no_json_value(value) => {
                Some(value.clone())
            }
            _ => None,
        };
        locator.on_event(event, mark);
        if let Some(number) = number {
            return Some((
                locator.path,
                LineColumn::new(mark.line, mark.column + 1),
                number,
            ));
        }
    }
    None
}

/// Whether the plain scalar `scalar` is a YAML number that JSON has no value for:
/// one too large for a 64-bit float, an infinity or not-a-number.
pub fn has_no_json_value(scalar: &str) -> bool {
    overflows(scalar) || is_infinity_or_nan(scalar)
}

/// Whether `scalar` is YAML's infinity or not-a-number (`.inf`, `-.Inf`, `.NaN`, ...).
pub fn is_infinity_or_nan(scalar: &str) -> bool {
    let unsigned = scalar.strip_prefix(['+', '-']).unwrap_or(scalar);
    matches!(unsigned, ".inf" | ".Inf" | ".INF") || matches!(scalar, ".nan" | ".NaN" | ".NAN")
}

/// Whether `scalar` is written as a decimal number (digits, a point, an exponent)
/// whose value a 64-bit float cannot hold.
pub fn overflows(scalar: &str) -> bool {
    scalar.bytes().any(|b| b.is_ascii_digit())
        && scalar
            .bytes()
            .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'E' | b'+' | b'-'))
        && scalar
            .strip_prefix('+')
            .unwrap_or(scalar)
            .parse::<f64>()
            .is_ok_and(f64::is_infinite)
}

/// The position of `pointer`, or of its nearest parent that has one.
pub(crate) fn nearest(found: &HashMap<String, LineColumn>, pointer: &str) -> Option<LineColumn> {
    let mut prefix = pointer;
    loop {
        if let Some(position) = found.get(prefix) {
            return Some(*position);
        }
        prefix = &prefix[..prefix.rfind('/')?];
    }
}

/// Where the parser is: inside a mapping (waiting for a key or a value) or a sequence.
enum Frame {
    /// `pending` holds the mapping's start until its first key is seen: the parser
    /// marks a block mapping at its first `:`, so the first key's mark is where the
    /// mapping's content really starts.
    Mapping {
        base: usize,
        key_next: bool,
        pending: Option<Mark>,
    },
    Sequence {
        base: usize,
        index: usize,
    },
}

struct Locator<'w> {
    wanted: &'w HashSet<String>,
    found: HashMap<String, LineColumn>,
    /// The pointer of the current node.
    path: String,
    frames: Vec<Frame>,
}

impl Locator<'_> {
    fn record(&mut self, mark: Mark) {
        if self.wanted.contains(&self.path) && !self.found.contains_key(&self.path) {
            self.found.insert(
                self.path.clone(),
                LineColumn::new(mark.line, mark.column + 1),
            );
        }
    }

    /// Sets the path for a value starting here and records it.
    fn begin_value(&mut self, mark: Mark) {
        self.enter_value();
        self.record(mark);
    }

    /// Sets the path for a value starting here.
    fn enter_value(&mut self) {
        match self.frames.last() {
            Some(Frame::Sequence { base, index }) => {
                let (base, index) = (*base, *index);
                self.path.truncate(base);
                self.path.push('/');
                self.path.push_str(&index.to_string());
            }
            Some(Frame::Mapping { .. }) => {}
            None => self.path.clear(),
        }
    }

    /// Moves the enclosing container past the value that just ended.
    fn end_value(&mut self) {
        match self.frames.last_mut() {
            Some(Frame::Sequence { index, .. }) => *index += 1,
            Some(Frame::Mapping { key_next, .. }) => *key_next = true,
            None => {}
        }
    }
}

impl Locator<'_> {
    /// Follows one parse event: where the parser is, and what starts there.
    fn on_event(&mut self, event: Event, mark: Mark) {
        match event {
            Event::Scalar { value, .. } => {
                if let Some(Frame::Mapping {
                    base,
                    key_next,
                    pending,
                }) = self.frames.last_mut()
                {
                    if *key_next {
                        *key_next = false;
                        let base = *base;
                        if pending.take().is_some() {
                            // The mapping itself starts at its first key.
                            self.path.truncate(base);
                            self.record(mark);
                        }
                        self.path.truncate(base);
                        self.path.push('/');
                        self.path.push_str(&escape_pointer_token(&value));
                        self.record(mark);
                        return;
                    }
                }
                self.begin_value(mark);
                self.end_value();
            }
            Event::Alias => {
                self.begin_value(mark);
                self.end_value();
            }
            Event::MappingStart => {
                self.enter_value();
                self.frames.push(Frame::Mapping {
                    base: self.path.len(),
                    key_next: true,
                    pending: Some(mark),
                });
            }
            Event::SequenceStart => {
                self.begin_value(mark);
                self.frames.push(Frame::Sequence {
                    base: self.path.len(),
                    index: 0,
                });
            }
            Event::MappingEnd | Event::SequenceEnd => {
                match self.frames.pop() {
                    Some(Frame::Mapping { base, pending, .. }) => {
                        self.path.truncate(base);
                        // An empty mapping has no key to stand for it.
                        if let Some(start) = pending {
                            self.record(start);
                        }
                    }
                    Some(Frame::Sequence { base, .. }) => self.path.truncate(base),
                    None => {}
                }
                self.end_value();
            }
            Event::Boundary => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointers_resolve_to_their_key_in_yaml_and_json() {
        let yaml = "openapi: 3.0.3\npaths:\n  /keys/{id}:\n    get:\n      responses:\n        '200':\n          description: ok\ntags:\n  - name: a\n  - name: b\n";
        let json = "{\n  \"openapi\": \"3.0.3\",\n  \"paths\": {\n    \"/keys/{id}\": {\n      \"get\": {\"responses\": {\"200\": {\"description\": \"ok\"}}}\n    }\n  },\n  \"tags\": [{\"name\": \"a\"}, {\"name\": \"b\"}]\n}\n";
        let pointers = [
            "/paths/~1keys~1{id}/get/responses/200",
            "/tags/1/name",
            "/paths/~1keys~1{id}/get/missing",
            "",
            "/tags/1",
        ];
        let at = |line, column| Some(LineColumn { line, column });
        assert_eq!(
            locate(yaml, &pointers),
            vec![at(6, 9), at(10, 5), at(4, 5), at(1, 1), at(10, 5)]
        );
        assert_eq!(
            locate(json, &pointers),
            vec![at(5, 29), at(8, 28), at(5, 7), at(1, 1), at(8, 28)]
        );
    }

    /// The second of two equal keys is found, in block and flow mappings, nested or
    /// not; another repeated key of an earlier mapping is passed over.
    #[test]
    fn a_duplicate_key_is_found_at_its_second_occurrence() {
        let at = |line, column| LineColumn { line, column };
        for (text, key, expected) in [
            (
                "a: 1\nb:\n  x: 1\n  y: 2\n  x: 3\n",
                "x",
                Some(("/b/x", at(5, 3), at(3, 3))),
            ),
            ("a: 1\na: 2\n", "a", Some(("/a", at(2, 1), at(1, 1)))),
            (
                "l:\n  - {k: 1, 'k': 2}\n",
                "k",
                Some(("/l/0/k", at(2, 12), at(2, 6))),
            ),
            (
                "p:\n  y: 1\n  y: 2\nq:\n  a~b/c: 1\n  a~b/c: 2\n",
                "a~b/c",
                Some(("/q/a~0b~1c", at(6, 3), at(5, 3))),
            ),
            ("a: 1\nb: 2\n", "a", None),
        ] {
            let found = duplicate_key(text, key);
            let expected =
                expected.map(|(pointer, second, first)| (pointer.to_owned(), second, first));
            assert_eq!(found, expected, "{text:?}");
        }
    }

    /// A number too large for a float is found where it is written, in YAML and in
    /// JSON; the same text quoted, as a key, or within bounds is not.
    #[test]
    fn a_number_out_of_range_is_found_at_its_value() {
        let at = |line, column| LineColumn { line, column };
        let huge = "9".repeat(400);
        for (text, expected) in [
            (
                "a: '1e400'\nb: [1, 1e400]\n".to_owned(),
                Some(("/b/1", at(2, 8), "1e400")),
            ),
            (
                format!("x:\n  {huge}: 1\n  y: -{huge}\n"),
                Some(("/x/y", at(3, 6), "")),
            ),
            (
                "{\"a\": {\"max\": 1.5e309}}".to_owned(),
                Some(("/a/max", at(1, 15), "1.5e309")),
            ),
            ("a: 1e308\nb: inf\nd: 1e400x\n".to_owned(), None),
            // YAML's infinity has no JSON value either; `inf` is a plain string.
            (
                "a: 1e308\nb: inf\nc: .inf\n".to_owned(),
                Some(("/c", at(3, 4), ".inf")),
            ),
        ] {
            let found = number_out_of_range(&text);
            let expected = expected.map(|(pointer, position, number)| {
                let number = match number {
                    "" => format!("-{huge}"),
                    number => number.to_owned(),
                };
                (pointer.to_owned(), position, number)
            });
            assert_eq!(found, expected, "{text:?}");
        }
    }

    #[test]
    fn nodes_after_a_flow_mapping_closed_at_its_keys_indentation_are_located() {
        // Docker's spec closes multi-line flow mappings this way; the parser used
        // before stopped there, and every later node fell back to 1:1.
        let yaml =
            "a:\n  b:\n    example: {\n      \"x\": {},\n      \"y\": {}\n    }\n  c: 1\nd: 2\n";
        let at = |line, column| Some(LineColumn { line, column });
        assert_eq!(
            locate(yaml, &["/a/c", "/d", "/a/b/example/y"]),
            vec![at(7, 3), at(8, 1), at(5, 7)]
        );
    }
}
