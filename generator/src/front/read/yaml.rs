//! Read: YAML text to the JSON tree the front end works on, in one pass.
//!
//! The text is deserialized straight into a `serde_json::Value` (no intermediate
//! YAML tree, no recursive conversion after), with these rules:
//!
//! - scalar mapping keys become the strings OpenAPI means by them (the unquoted
//!   `200:` of a response is `"200"`); a key that is a list or a mapping has no JSON
//!   form and is refused;
//! - a tag (`!foo value`) is dropped, its value kept;
//! - numbers of any size a double holds are data (one it does not, `1e400`, is
//!   refused, as JSON refuses it): an integer beyond 64 bits is read as the nearest
//!   double, as YAML 1.2's core schema reads numbers (so `-9223372036854776000`, a
//!   bound some generators print for `i64::MIN`, is exactly `-2^63`), and a double
//!   that a 64-bit integer holds exactly is kept as that integer (see
//!   [`number_from_f64`]);
//! - a document may nest at most [`MAX_NESTING`] levels of lists and mappings. The
//!   YAML parser slows down quadratically with flow nesting (`[[[[...]]]]`), so
//!   flow nesting is measured on the text before it is parsed.

use std::cell::Cell;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};

use crate::diagnostics::LineColumn;

use crate::document::tree::number_from_f64;

/// How many levels of lists and mappings a document may nest: the limit of the
/// YAML and JSON parsers themselves, which the front end keeps for both formats.
pub const MAX_NESTING: usize = 128;

/// Why YAML text could not be read.
#[derive(Debug)]
pub enum ReadError {
    /// The text is not YAML; the parser's message and position (1-based).
    Syntax(String, Option<(usize, usize)>),
    /// A mapping key is a list or a mapping, at this position.
    ComplexKey(Option<(usize, usize)>),
    /// A mapping names this key twice; the position is the mapping's.
    DuplicateKey(String, Option<(usize, usize)>),
    /// A number is too large for a 64-bit float: where it is (pointer and position)
    /// and how it is written.
    NumberOutOfRange(String, LineColumn, String),
    /// Lists and mappings nest deeper than [`MAX_NESTING`], first at this position.
    TooDeep(Option<(usize, usize)>),
}

/// The message of the error a complex key raises inside the deserializer, to tell it
/// from the parser's own errors.
const COMPLEX_KEY: &str = "a mapping key is a list or a mapping";

/// What the message of the error a repeated key raises inside the deserializer
/// says, followed by the key as a JSON string (so that any key reads back).
const DUPLICATE_KEY: &str = "a mapping names this key twice: ";

/// Reads YAML text into a JSON tree.
pub fn read(text: &str) -> Result<Value, ReadError> {
    if let Some(position) = flow_too_deep(text) {
        return Err(ReadError::TooDeep(Some(position)));
    }
    let deserializer = serde_yaml::Deserializer::from_str(text);
    let overflow = Cell::new(false);
    let read = JsonValue {
        overflow: &overflow,
    }
    .deserialize(deserializer);
    // The parser reads a plain `1e400` as the string it is written as; only the
    // text's events tell a plain scalar from a quoted one, and they are read only
    // when some string looks like such a number, or a number is `.inf` or `.nan`.
    if read.is_ok() && overflow.get() {
        if let Some((pointer, at, number)) = crate::document::locate::number_out_of_range(text) {
            return Err(ReadError::NumberOutOfRange(pointer, at, number));
        }
    }
    read.map_err(|error| {
        let position = error.location().map(|l| (l.line(), l.column()));
        let message = error.to_string();
        // The parser puts the mapping's path before the message, and its position after.
        let duplicate = message
            .find(DUPLICATE_KEY)
            .map(|start| &message[start + DUPLICATE_KEY.len()..])
            .and_then(|rest| serde_json::Deserializer::from_str(rest).into_iter().next())
            .and_then(Result::ok);
        if let Some(key) = duplicate {
            ReadError::DuplicateKey(key, position)
        } else if message.starts_with(COMPLEX_KEY) {
            ReadError::ComplexKey(position)
        } else if message.contains("recursion limit exceeded") {
            ReadError::TooDeep(position)
        } else {
            ReadError::Syntax(message, position)
        }
    })
}

/// Where flow collections (`[` and `{`) first nest deeper than [`MAX_NESTING`]:
/// line and column. Quoted scalars and comments are skipped; brackets inside plain
/// or block scalars are counted too, which can only overestimate, and a document
/// would need more than a hundred unclosed brackets in its text to be refused.
fn flow_too_deep(text: &str) -> Option<(usize, usize)> {
    let bytes = text.as_bytes();
    let (mut depth, mut line, mut line_start, mut i) = (0usize, 1usize, 0usize, 0usize);
    let mut previous = b'\n';
    while i < bytes.len() {
        let byte = bytes[i];
        match byte {
            b'\n' => {
                line += 1;
                line_start = i + 1;
            }
            b'#' if previous.is_ascii_whitespace() => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
                continue;
            }
            b'"' | b'\'' if !previous.is_ascii_alphanumeric() => {
                i = skip_quoted(bytes, i, &mut line, &mut line_start);
                previous = byte;
                continue;
            }
            b'[' | b'{' => {
                depth += 1;
                if depth > MAX_NESTING {
                    let column = text[line_start..=i].chars().count();
                    return Some((line, column));
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
        previous = byte;
        i += 1;
    }
    None
}

/// The index after the quoted scalar opening at `start`, counting its lines.
fn skip_quoted(bytes: &[u8], start: usize, line: &mut usize, line_start: &mut usize) -> usize {
    let quote = bytes[start];
    let mut i = start + 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' if quote == b'"' => i += 1,
            b'\'' if quote == b'\'' && bytes.get(i + 1) == Some(&b'\'') => i += 1,
            b if b == quote => return i + 1,
            b'\n' => {
                *line += 1;
                *line_start = i + 1;
            }
            _ => {}
        }
        i += 1;
    }
    i
}

/// Deserializes any YAML node as a JSON value, setting `overflow` when a string
/// could be a number too large for a float, written plain, or a number is an
/// infinity or not-a-number.
#[derive(Clone, Copy)]
struct JsonValue<'f> {
    overflow: &'f Cell<bool>,
}

impl JsonValue<'_> {
    fn string(self, text: &str) {
        if crate::document::locate::overflows(text) {
            self.overflow.set(true);
        }
    }
}

impl<'de> DeserializeSeed<'de> for JsonValue<'_> {
    type Value = Value;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for JsonValue<'_> {
    type Value = Value;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a YAML value")
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
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

    fn visit_i128<E>(self, v: i128) -> Result<Value, E> {
        Ok(float(v as f64))
    }

    fn visit_u128<E>(self, v: u128) -> Result<Value, E> {
        Ok(float(v as f64))
    }

    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        // `.inf` and `.nan` have no JSON value: they are reported with their place
        // once the text is read, as a number too large is.
        if !v.is_finite() {
            self.overflow.set(true);
        }
        Ok(float(v))
    }

    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        self.string(v);
        Ok(Value::String(v.to_owned()))
    }

    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        self.string(&v);
        Ok(Value::String(v))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0));
        while let Some(item) = seq.next_element_seed(self)? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut out = Map::new();
        while let Some(key) = map.next_key_seed(Key)? {
            // A mapping that names a key twice is refused, as YAML requires: keeping
            // either value silently would let readers and tools disagree.
            if out.contains_key(&key) {
                return Err(de::Error::custom(format_args!(
                    "{DUPLICATE_KEY}{}",
                    Value::String(key)
                )));
            }
            let value = map.next_value_seed(self)?;
            out.insert(key, value);
        }
        Ok(Value::Object(out))
    }

    /// A tagged node: the tag is dropped, the value kept.
    fn visit_enum<A: de::EnumAccess<'de>>(self, data: A) -> Result<Value, A::Error> {
        let (_, variant) = data.variant::<de::IgnoredAny>()?;
        de::VariantAccess::newtype_variant_seed(variant, self)
    }
}

/// A double as JSON: NaN and the infinities, which JSON cannot hold, are null
/// (and refused once the text is read, see [`read`]).
fn float(v: f64) -> Value {
    number_from_f64(v).map_or(Value::Null, Value::Number)
}

/// Deserializes a mapping key as the string OpenAPI means by it.
struct Key;

impl<'de> DeserializeSeed<'de> for Key {
    type Value = String;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<String, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Key {
    type Value = String;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a scalar mapping key")
    }

    fn visit_unit<E>(self) -> Result<String, E> {
        Ok("null".to_owned())
    }

    fn visit_bool<E>(self, v: bool) -> Result<String, E> {
        Ok(v.to_string())
    }

    fn visit_i64<E>(self, v: i64) -> Result<String, E> {
        Ok(v.to_string())
    }

    fn visit_u64<E>(self, v: u64) -> Result<String, E> {
        Ok(v.to_string())
    }

    fn visit_i128<E>(self, v: i128) -> Result<String, E> {
        Ok(v.to_string())
    }

    fn visit_u128<E>(self, v: u128) -> Result<String, E> {
        Ok(v.to_string())
    }

    fn visit_f64<E>(self, v: f64) -> Result<String, E> {
        Ok(serde_yaml::Number::from(v).to_string())
    }

    fn visit_str<E>(self, v: &str) -> Result<String, E> {
        Ok(v.to_owned())
    }

    fn visit_string<E>(self, v: String) -> Result<String, E> {
        Ok(v)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, _: A) -> Result<String, A::Error> {
        Err(de::Error::custom(COMPLEX_KEY))
    }

    fn visit_map<A: MapAccess<'de>>(self, _: A) -> Result<String, A::Error> {
        Err(de::Error::custom(COMPLEX_KEY))
    }

    fn visit_enum<A: de::EnumAccess<'de>>(self, data: A) -> Result<String, A::Error> {
        let (_, variant) = data.variant::<de::IgnoredAny>()?;
        de::VariantAccess::newtype_variant_seed(variant, Key)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{json, Number};

    #[test]
    fn numbers_of_any_size_are_data() {
        let value =
            read("min: -9223372036854776000\nmax: 99999999999999999999\nsmall: 3\nf: 2.5\n")
                .unwrap();
        assert_eq!(value["min"], json!(i64::MIN));
        assert_eq!(value["max"].as_f64(), Some(1e20));
        assert_eq!(value["small"], json!(3));
        assert_eq!(value["f"], json!(2.5));
        assert_eq!(
            number_from_f64(18_446_744_073_709_551_615.0),
            Number::from_f64(18_446_744_073_709_551_615.0)
        );
        assert_eq!(number_from_f64(1e3), Number::from_f64(1000.0));
        // A number no double holds is refused where it is; quoted, it is a string.
        let Err(ReadError::NumberOutOfRange(pointer, at, number)) =
            read("a: '1e400'\nb: \"-1e400\"\nc:\n  - 1e400\n")
        else {
            panic!("1e400 is refused");
        };
        assert_eq!(
            (pointer.as_str(), at.line, number.as_str()),
            ("/c/0", 4, "1e400")
        );
        let quoted = read("a: '1e400'\nb: \"-1e400\"\n").unwrap();
        assert_eq!(quoted, json!({"a": "1e400", "b": "-1e400"}));
        // So are infinity and not-a-number, which JSON has no value for.
        for (text, pointer, number) in [
            ("a: 1\nb: -.Inf\n", "/b", "-.Inf"),
            ("n: [.nan]\n", "/n/0", ".nan"),
        ] {
            let Err(ReadError::NumberOutOfRange(at, _, written)) = read(text) else {
                panic!("{text:?} is refused");
            };
            assert_eq!((at.as_str(), written.as_str()), (pointer, number));
        }
        assert_eq!(read("a: '.inf'\n").unwrap(), json!({"a": ".inf"}));
    }

    #[test]
    fn keys_tags_and_anchors_read_as_json() {
        let value = read("200: ok\ntrue: yes\n~: n\n1.5: f\nt: !custom {a: 1}\nx: &a [1]\ny: *a\n")
            .unwrap();
        assert_eq!(
            value,
            json!({"200": "ok", "true": "yes", "null": "n", "1.5": "f", "t": {"a": 1}, "x": [1], "y": [1]})
        );
        assert!(matches!(
            read("? [a]\n: 1\n"),
            Err(ReadError::ComplexKey(Some(_)))
        ));
        let Err(ReadError::DuplicateKey(key, Some((line, _)))) =
            read("a: 1\nb:\n  x: 1\n  \"x\": 2\n")
        else {
            panic!("a repeated key is refused");
        };
        assert_eq!(key, "x");
        // The position is the mapping's, where the reader starts looking.
        assert_eq!(line, 3);
    }

    /// Deep flow nesting is refused at once, before the parser's quadratic time; deep
    /// block nesting is refused by the parser's own limit.
    #[test]
    fn deep_nesting_is_refused_quickly() {
        let started = std::time::Instant::now();
        for text in [
            format!("a: {}{}\n", "[".repeat(100_000), "]".repeat(100_000)),
            format!("a: {}1{}\n", "{a: ".repeat(100_000), "}".repeat(100_000)),
            format!("{}1\n", "- ".repeat(100_000)),
        ] {
            assert!(
                matches!(read(&text), Err(ReadError::TooDeep(Some(_)))),
                "{:?}",
                read(&text).err()
            );
        }
        assert!(
            started.elapsed() < std::time::Duration::from_secs(1),
            "{:?}",
            started.elapsed()
        );
        let fine = format!(
            "a: {}{}\nb: '[[[['\nc: \"{{{{\" # [[[[\n",
            "[".repeat(100),
            "]".repeat(100)
        );
        assert!(read(&fine).is_ok());
    }
}
