//! Read: the text of a spec file, and the JSON tree parsed from it. YAML goes through
//! [`yaml`]; JSON through `serde_json`, refusing a key named twice. Every file the
//! front end reads, the root and each referenced one, is read here and only once.

pub mod yaml;

use std::path::Path;

use serde_json::Value;

use crate::diagnostics::{Diagnostic, LineColumn};

/// The text of the spec file at `path`.
pub(crate) fn read_text(path: &Path) -> Result<String, Diagnostic> {
    read_spec_file(path).map_err(|error| {
        Diagnostic::error(
            "unreadable-file",
            path,
            "",
            format!("cannot read the spec: {error}"),
        )
        .with_hint("check that the path is right and the file is UTF-8 text")
    })
}

/// The largest file the front end reads, root or referenced, lint included: twenty
/// times the biggest spec of the corpus (GitHub's, 13 MB).
pub const MAX_FILE_SIZE: u64 = 256 * 1024 * 1024;

/// Reads a spec file, refusing what is not a regular file (a FIFO or a device would
/// block or never end) and what is larger than [`MAX_FILE_SIZE`].
pub(crate) fn read_spec_file(path: &Path) -> std::io::Result<String> {
    use std::io::{Error, ErrorKind, Read};
    let not_regular = || Error::new(ErrorKind::InvalidInput, "it is not a regular file");
    // Opening a FIFO waits for a writer, so the kind of file is known before it is opened.
    if !std::fs::metadata(path)?.is_file() {
        return Err(not_regular());
    }
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(target_os = "linux")]
    {
        // Should the file be swapped for a FIFO in between, opening does not wait.
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    let file = options.open(path)?;
    let metadata = file.metadata()?;
    if !metadata.is_file() {
        return Err(not_regular());
    }
    if metadata.len() > MAX_FILE_SIZE {
        return Err(Error::new(
            ErrorKind::FileTooLarge,
            format!("it is larger than {} MiB", MAX_FILE_SIZE / (1024 * 1024)),
        ));
    }
    let mut text = String::new();
    // The limit holds even for a file that grows while it is read.
    file.take(MAX_FILE_SIZE + 1).read_to_string(&mut text)?;
    if text.len() as u64 > MAX_FILE_SIZE {
        return Err(Error::new(
            ErrorKind::InvalidData,
            "it grew past the size limit while read",
        ));
    }
    Ok(text)
}

/// The root document of a spec, parsed from the text read from `path`; empty text is
/// no document.
pub(crate) fn parse_root(path: &Path, text: &str) -> Result<Value, Diagnostic> {
    if text.trim().is_empty() {
        return Err(
            Diagnostic::error("empty-file", path, "", "the spec file is empty")
                .with_hint("point oagen at an OpenAPI or Swagger document"),
        );
    }
    parse_tree(path, text)
}

/// Whether the file is read as JSON: named `.json`, or its text opens with `{`
/// (after a byte order mark, which JSON parsers refuse and which is dropped).
pub(crate) fn looks_like_json(path: &Path, text: &str) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"))
        || crate::document::locate::opens_like_json(text)
}

pub(crate) fn parse_tree(path: &Path, text: &str) -> Result<Value, Diagnostic> {
    if looks_like_json(path, text) {
        return serde_json::from_str::<StrictJson>(text.trim_start_matches('\u{feff}'))
            .map(|strict| strict.0)
            .map_err(|error| {
                let location = Some(LineColumn::new(error.line(), error.column()));
                if error.to_string().starts_with("recursion limit exceeded") {
                    return too_deep(path, location);
                }
                if is_out_of_range(&error) {
                    return json_number_out_of_range(path, text, location);
                }
                let repeated = error.to_string().contains(REPEATED_KEY);
                if let Some((pointer, key)) = repeated.then(|| repeated_json_key(text)).flatten() {
                    return Diagnostic::error(
                        "malformed-json",
                        path,
                        pointer,
                        format!("this object names the key `{key}` a second time, and which value counts would depend on the JSON parser"),
                    )
                    .at(location)
                    .with_hint("keep one of the two entries: a key appears once in an object, and tools disagree on which value wins");
                }
                Diagnostic::error(
                    "malformed-json",
                    path,
                    "",
                    format!("the file is not valid JSON: {error}"),
                )
                .at(Some(LineColumn::new(error.line(), error.column())))
                .with_hint("fix the JSON syntax at the position shown")
            });
    }
    read_yaml(path, text)
}

/// Reads YAML spec text ([`yaml::read`]), with a diagnostic for each way it
/// can fail. Lint reads YAML through here too.
pub(crate) fn read_yaml(path: &Path, text: &str) -> Result<Value, Diagnostic> {
    use yaml::ReadError;
    let at = |position: Option<(usize, usize)>| {
        position.map(|(line, column)| LineColumn::new(line, column))
    };
    // A byte order mark opens many files saved on Windows; it is no part of the YAML.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    yaml::read(text).map_err(|error| match error {
        ReadError::Syntax(message, position) => Diagnostic::error(
            "malformed-yaml",
            path,
            "",
            format!("the file is not valid YAML: {message}"),
        )
        .at(at(position))
        .with_hint("fix the YAML syntax at the position shown"),
        ReadError::ComplexKey(position) => Diagnostic::error(
            "unsupported-yaml",
            path,
            "",
            "a mapping key here is a list or a mapping, which JSON cannot represent",
        )
        .at(at(position))
        .with_hint("use a plain string as the key"),
        ReadError::DuplicateKey(key, position) => duplicate_key(path, text, &key, at(position)),
        ReadError::NumberOutOfRange(pointer, position, number) => {
            number_out_of_range(path, pointer, Some(position), Some(&number))
        }
        ReadError::TooDeep(position) => {
            too_deep(path, position.map(|(l, c)| LineColumn::new(l, c)))
        }
    })
}

/// The diagnostic for a YAML mapping that names `key` twice: at the second one, the
/// one to remove or rename, with where the first is; at the mapping when the parser
/// cannot tell.
fn duplicate_key(path: &Path, text: &str, key: &str, mapping: Option<LineColumn>) -> Diagnostic {
    let hint = "keep one of the two entries: a key appears once in a mapping, and tools disagree on which value wins";
    match crate::document::locate::duplicate_key(text, key) {
        Some((pointer, second, first)) => Diagnostic::error(
            "malformed-yaml",
            path,
            pointer,
            format!(
                "the file is not valid YAML: this mapping names the key `{key}` a second time (first at line {}, column {})",
                first.line, first.column
            ),
        )
        .at(Some(second)),
        None => Diagnostic::error(
            "malformed-yaml",
            path,
            "",
            format!("the file is not valid YAML: the mapping that starts here names the key `{key}` twice"),
        )
        .at(mapping),
    }
    .with_hint(hint)
}

/// Whether the JSON parser stopped at a number too large for a float.
pub(crate) fn is_out_of_range(error: &serde_json::Error) -> bool {
    error.to_string().starts_with("number out of range")
}

/// The diagnostic for JSON text the parser stopped reading at a number too large for
/// a float, found at `location`: with the number's pointer and text when the YAML
/// events (JSON is YAML) find it, as YAML text gets.
pub(crate) fn json_number_out_of_range(
    path: &Path,
    text: &str,
    location: Option<LineColumn>,
) -> Diagnostic {
    match crate::document::locate::number_out_of_range(text.trim_start_matches('\u{feff}')) {
        Some((pointer, position, number)) => {
            number_out_of_range(path, pointer, Some(position), Some(&number))
        }
        None => number_out_of_range(path, String::new(), location, None),
    }
}

/// The diagnostic for a number too large for a 64-bit float (written `number`, when
/// known), in either format. A JSON tree cannot hold it: reading it as a string or as
/// the largest float would change what the document says without a word.
fn number_out_of_range(
    path: &Path,
    pointer: String,
    location: Option<LineColumn>,
    number: Option<&str>,
) -> Diagnostic {
    if let Some(special) = number.filter(|n| crate::document::locate::is_infinity_or_nan(n)) {
        return Diagnostic::error(
            "number-out-of-range",
            path,
            pointer,
            format!("`{special}` is YAML's infinity or not-a-number, which JSON (and so OpenAPI) has no value for, so it cannot be read as a number"),
        )
        .at(location)
        .with_hint("write a finite number, leave the field out for no bound, or quote it to keep it as a string");
    }
    let number = number.map_or_else(|| "here".to_owned(), |n| format!("`{n}`"));
    Diagnostic::error(
        "number-out-of-range",
        path,
        pointer,
        format!("the number {number} is too large for a 64-bit float, beyond ±1.8e308, so it cannot be read as a number"),
    )
    .at(location)
    .with_hint("write a number a 64-bit float holds, or quote it to keep it as a string")
}

/// The diagnostic for a document that nests deeper than [`yaml::MAX_NESTING`].
pub(crate) fn too_deep(path: &Path, location: Option<LineColumn>) -> Diagnostic {
    Diagnostic::error(
        "nesting-too-deep",
        path,
        "",
        format!(
            "lists and mappings nest more than {} levels deep here",
            yaml::MAX_NESTING
        ),
    )
    .at(location)
    .with_hint("no API description nests this deep: check how the file was made")
}

/// How the strict read's error says an object named a key twice, so that only then is
/// the file read again to find where.
const REPEATED_KEY: &str = "appears twice in one object";

/// The pointer of the first member whose object names its key a second time, and
/// the key, found by a second read that only tracks where it is. It runs only once
/// the strict read has failed, so reading a good file pays nothing for it.
fn repeated_json_key(text: &str) -> Option<(String, String)> {
    let found = std::cell::RefCell::new(None);
    let seed = Tracking {
        pointer: String::new(),
        found: &found,
    };
    let mut reader = serde_json::Deserializer::from_str(text.trim_start_matches('\u{feff}'));
    let _ = serde::de::DeserializeSeed::deserialize(seed, &mut reader);
    found.into_inner()
}

/// Where [`repeated_json_key`]'s read is, and where it puts what it finds.
struct Tracking<'f> {
    pointer: String,
    found: &'f std::cell::RefCell<Option<(String, String)>>,
}

impl<'de> serde::de::DeserializeSeed<'de> for Tracking<'_> {
    type Value = ();

    fn deserialize<D: serde::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> serde::de::Visitor<'de> for Tracking<'_> {
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_bool<E>(self, _: bool) -> Result<(), E> {
        Ok(())
    }

    fn visit_i64<E>(self, _: i64) -> Result<(), E> {
        Ok(())
    }

    fn visit_u64<E>(self, _: u64) -> Result<(), E> {
        Ok(())
    }

    fn visit_f64<E>(self, _: f64) -> Result<(), E> {
        Ok(())
    }

    fn visit_str<E>(self, _: &str) -> Result<(), E> {
        Ok(())
    }

    fn visit_unit<E>(self) -> Result<(), E> {
        Ok(())
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        for index in 0.. {
            let mut pointer = self.pointer.clone();
            crate::diagnostics::push_pointer_token(&mut pointer, &index.to_string());
            let item = Tracking {
                pointer,
                found: self.found,
            };
            if seq.next_element_seed(item)?.is_none() {
                break;
            }
        }
        Ok(())
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let mut keys = std::collections::HashSet::new();
        while let Some(key) = map.next_key::<String>()? {
            let mut pointer = self.pointer.clone();
            crate::diagnostics::push_pointer_token(&mut pointer, &key);
            if !keys.insert(key.clone()) {
                *self.found.borrow_mut() = Some((pointer, key));
                return Err(serde::de::Error::custom(REPEATED_KEY));
            }
            let value = Tracking {
                pointer,
                found: self.found,
            };
            map.next_value_seed(value)?;
        }
        Ok(())
    }
}

/// A JSON tree that refuses an object naming one key twice. `serde_json::Value` keeps the
/// last silently, so a reviewer would read one definition and the generator use another.
struct StrictJson(Value);

impl<'de> serde::Deserialize<'de> for StrictJson {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(StrictVisitor).map(StrictJson)
    }
}

struct StrictVisitor;

impl<'de> serde::de::Visitor<'de> for StrictVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::from(v))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::from(v))
    }

    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(crate::document::tree::number_from_f64(v).map_or(Value::Null, Value::Number))
    }

    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_owned()))
    }

    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(StrictJson(item)) = seq.next_element()? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut out = serde_json::Map::new();
        while let Some(key) = map.next_key::<String>()? {
            if out.contains_key(&key) {
                return Err(serde::de::Error::custom(format!(
                    "the key `{key}` {REPEATED_KEY}"
                )));
            }
            let StrictJson(value) = map.next_value()?;
            out.insert(key, value);
        }
        Ok(Value::Object(out))
    }
}
