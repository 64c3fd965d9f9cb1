//! Line and column of JSON pointers in JSON text, in one pass over the bytes.
//!
//! The YAML parser is exact but slow on multi-megabyte JSON. This scanner gives
//! the same answers for JSON (a node is
//! found at its key; a mapping in a list at its first key; a missing node at its
//! nearest existing parent) and skips every container no wanted pointer goes into
//! without building a path for it. It expects text that `serde_json` has already
//! accepted, so its nesting is bounded; on anything else it stops early, never panics.

use std::collections::{HashMap, HashSet};

use crate::diagnostics::{push_pointer_token, LineColumn};

/// The position of each pointer in `text`, or of its nearest existing parent;
/// `None` when the text is not JSON this scanner can read to its end.
pub(super) fn locate_json(text: &str, pointers: &[&str]) -> Option<Vec<Option<LineColumn>>> {
    let mut wanted: HashSet<&str> = HashSet::new();
    for pointer in pointers {
        let mut prefix = *pointer;
        loop {
            if !wanted.insert(prefix) {
                break;
            }
            match prefix.rfind('/') {
                Some(end) => prefix = &prefix[..end],
                None => break,
            }
        }
    }
    let mut scanner = Scanner {
        bytes: text.as_bytes(),
        text,
        pos: 0,
        wanted: &wanted,
        found: HashMap::new(),
        path: String::new(),
        counted_to: 0,
        line: 1,
        column: 0,
        depth: 0,
    };
    scanner
        .found
        .insert(String::new(), LineColumn { line: 1, column: 1 });
    if scanner.bytes.starts_with("\u{feff}".as_bytes()) {
        scanner.pos = 3;
    }
    scanner.skip_whitespace();
    scanner.value(true).ok()?;
    scanner.skip_whitespace();
    if scanner.pos != scanner.bytes.len() {
        return None;
    }
    Some(
        pointers
            .iter()
            .map(|pointer| super::nearest(&scanner.found, pointer))
            .collect(),
    )
}

/// Gives up on the rest of the text.
struct Stop;

struct Scanner<'t, 'w> {
    bytes: &'t [u8],
    text: &'t str,
    pos: usize,
    wanted: &'w HashSet<&'w str>,
    found: HashMap<String, LineColumn>,
    /// The pointer of the value being read.
    path: String,
    /// Newlines are counted lazily, up to here.
    counted_to: usize,
    line: usize,
    /// Characters between the start of the line and `counted_to`.
    column: usize,
    depth: usize,
}

/// Deeper than `serde_json` accepts; only reached on text it did not check.
const MAX_DEPTH: usize = 256;

impl Scanner<'_, '_> {
    fn peek(&self) -> Result<u8, Stop> {
        self.bytes.get(self.pos).copied().ok_or(Stop)
    }

    fn skip_whitespace(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.bytes.get(self.pos) {
            self.pos += 1;
        }
    }

    fn record(&mut self, at: usize) {
        if !self.wanted.contains(self.path.as_str()) || self.found.contains_key(&self.path) {
            return;
        }
        let end = at.min(self.bytes.len());
        if end >= self.counted_to {
            for byte in &self.bytes[self.counted_to..end] {
                if *byte == b'\n' {
                    self.line += 1;
                    self.column = 0;
                } else if byte & 0xC0 != 0x80 {
                    // Columns count characters: UTF-8 continuation bytes are not counted.
                    self.column += 1;
                }
            }
            self.counted_to = end;
        }
        let column = self.column + 1;
        self.found
            .insert(self.path.clone(), LineColumn::new(self.line, column));
    }

    /// Reads the value at `pos`, whose pointer is `path`; `record_here` when no key stood for it.
    fn value(&mut self, record_here: bool) -> Result<(), Stop> {
        let start = self.pos;
        let interesting = self.wanted.contains(self.path.as_str());
        match self.peek()? {
            b'{' if interesting => self.object(start, record_here),
            b'[' if interesting => {
                if record_here {
                    self.record(start);
                }
                self.array()
            }
            b'{' | b'[' => self.skip_container(),
            b'"' => {
                if record_here {
                    self.record(start);
                }
                self.skip_string().map(|_| ())
            }
            _ => {
                if record_here {
                    self.record(start);
                }
                while let Some(b) = self.bytes.get(self.pos) {
                    if matches!(b, b',' | b'}' | b']' | b' ' | b'\t' | b'\n' | b'\r') {
                        break;
                    }
                    self.pos += 1;
                }
                Ok(())
            }
        }
    }

    fn enter(&mut self) -> Result<(), Stop> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(Stop);
        }
        Ok(())
    }

    fn object(&mut self, start: usize, record_here: bool) -> Result<(), Stop> {
        self.enter()?;
        self.pos += 1;
        let base = self.path.len();
        let mut first = true;
        loop {
            self.skip_whitespace();
            match self.peek()? {
                b'}' => {
                    if first && record_here {
                        self.record(start);
                    }
                    self.pos += 1;
                    break;
                }
                b',' => {
                    self.pos += 1;
                    self.skip_whitespace();
                }
                _ => {}
            }
            let key_start = self.pos;
            let key_end = self.skip_string()?;
            if first && record_here {
                // A mapping with no key of its own starts at its first key.
                self.record(key_start);
            }
            first = false;
            let raw_key = &self.text[key_start + 1..key_end - 1];
            if raw_key.contains('\\') {
                let key: String =
                    serde_json::from_str(&self.text[key_start..key_end]).map_err(|_| Stop)?;
                push_pointer_token(&mut self.path, &key);
            } else {
                push_pointer_token(&mut self.path, raw_key);
            }
            self.record(key_start);
            self.skip_whitespace();
            if self.peek()? != b':' {
                return Err(Stop);
            }
            self.pos += 1;
            self.skip_whitespace();
            self.value(false)?;
            self.path.truncate(base);
        }
        self.depth -= 1;
        Ok(())
    }

    fn array(&mut self) -> Result<(), Stop> {
        self.enter()?;
        self.pos += 1;
        let base = self.path.len();
        let mut index = 0usize;
        loop {
            self.skip_whitespace();
            match self.peek()? {
                b']' => {
                    self.pos += 1;
                    break;
                }
                b',' => {
                    self.pos += 1;
                    self.skip_whitespace();
                }
                _ => {}
            }
            self.path.push('/');
            self.path.push_str(&index.to_string());
            self.value(true)?;
            self.path.truncate(base);
            index += 1;
        }
        self.depth -= 1;
        Ok(())
    }

    /// Skips the string at `pos`; returns the index just past its closing quote.
    fn skip_string(&mut self) -> Result<usize, Stop> {
        if self.peek()? != b'"' {
            return Err(Stop);
        }
        let mut i = self.pos + 1;
        loop {
            match self.bytes.get(i) {
                Some(b'"') => {
                    self.pos = i + 1;
                    return Ok(self.pos);
                }
                Some(b'\\') => i += 2,
                Some(_) => i += 1,
                None => return Err(Stop),
            }
        }
    }

    /// Skips a whole object or array without looking inside.
    fn skip_container(&mut self) -> Result<(), Stop> {
        let mut depth = 0usize;
        loop {
            match self.peek()? {
                b'"' => {
                    self.skip_string()?;
                    continue;
                }
                b'{' | b'[' => depth += 1,
                b'}' | b']' => {
                    depth -= 1;
                    if depth == 0 {
                        self.pos += 1;
                        return Ok(());
                    }
                }
                _ => {}
            }
            self.pos += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn agrees_with_the_yaml_locator_on_json() {
        let json = "{\n  \"openapi\": \"3.0.3\",\n  \"paths\": {\n    \"/keys/{id}\": {\n      \"get\": {\"responses\": {\"200\": {\"description\": \"ok\"}}}\n    }\n  },\n  \"tags\": [{\"name\": \"a\"}, {\"name\": \"b\"}, {}, [1, \"é\"]],\n  \"x\\u002Fy\": {\"a~b\": [true]}, \"é\": \"ü\", \"z\": 1\n}\n";
        let pointers = [
            "/paths/~1keys~1{id}/get/responses/200",
            "/tags/1/name",
            "/paths/~1keys~1{id}/get/missing",
            "",
            "/tags/1",
            "/tags/2",
            "/tags/3/1",
            "/x~1y/a~0b/0",
            "/z",
            "/openapi",
            "/tags",
        ];
        assert_eq!(
            locate_json(json, &pointers),
            Some(super::super::locate_yaml(json, &pointers))
        );
    }

    #[test]
    fn never_panics_on_broken_text() {
        for text in [
            "",
            "{",
            "{\"a\"",
            "[1,",
            "{\"a\": [",
            "\"x",
            "{\"a\":1}}}",
            "}",
        ] {
            assert_eq!(locate_json(text, &["/a", "/0", ""]), None, "{text}");
        }
    }
}
