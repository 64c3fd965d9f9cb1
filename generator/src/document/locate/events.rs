//! The event stream of libyaml, the parser that reads our YAML specs.
//!
//! `serde_yaml` parses a spec with libyaml (through `unsafe-libyaml`) but gives no
//! positions for what it read. Positions come from parsing the text again, and they
//! must come from the same parser: another one (yaml-rust2 was used here) refuses
//! some YAML that libyaml reads, such as a multi-line flow mapping whose closing
//! brace sits at its key's indentation, and every node after that point went
//! unlocated. This module is the only unsafe code of the generator, a thin owner of
//! a libyaml parser that yields safe events.

use std::marker::PhantomData;
use std::mem::MaybeUninit;

use unsafe_libyaml as unsafe_yaml;

/// One parse event, with what locating needs of it.
#[derive(Debug, PartialEq)]
pub(super) enum Event {
    /// A scalar, with its text (a mapping key is one), and whether it is plain
    /// (neither quoted nor a block), the only style that can be a number.
    Scalar { value: String, plain: bool },
    /// An alias (`*name`).
    Alias,
    /// The start of a mapping.
    MappingStart,
    /// The end of a mapping.
    MappingEnd,
    /// The start of a sequence.
    SequenceStart,
    /// The end of a sequence.
    SequenceEnd,
    /// Stream and document boundaries, which hold no node.
    Boundary,
}

/// Where an event starts: 1-based line, 0-based column in characters.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Mark {
    pub line: usize,
    pub column: usize,
}

/// A libyaml parser over borrowed text. It yields events until the stream ends or
/// the text stops being YAML; an error ends the stream, and the events before it
/// stand.
pub(super) struct Events<'t> {
    /// Boxed because libyaml keeps pointers into its own state.
    parser: Box<MaybeUninit<unsafe_yaml::yaml_parser_t>>,
    done: bool,
    /// The parser reads from the text without owning it.
    text: PhantomData<&'t str>,
}

impl<'t> Events<'t> {
    /// A parser over `text`, or `None` when libyaml cannot allocate one.
    pub(super) fn new(text: &'t str) -> Option<Self> {
        let mut parser = Box::new(MaybeUninit::<unsafe_yaml::yaml_parser_t>::uninit());
        // SAFETY: `yaml_parser_initialize` initializes the whole struct it is given;
        // on failure it leaves nothing to free, and we return before using it. The
        // input pointer stays valid for `'t`, which bounds the parser's life.
        unsafe {
            let raw = parser.as_mut_ptr();
            if unsafe_yaml::yaml_parser_initialize(raw).fail {
                return None;
            }
            unsafe_yaml::yaml_parser_set_encoding(raw, unsafe_yaml::YAML_UTF8_ENCODING);
            unsafe_yaml::yaml_parser_set_input_string(raw, text.as_ptr(), text.len() as u64);
        }
        Some(Events {
            parser,
            done: false,
            text: PhantomData,
        })
    }
}

impl Iterator for Events<'_> {
    type Item = (Event, Mark);

    fn next(&mut self) -> Option<(Event, Mark)> {
        if self.done {
            return None;
        }
        let mut event = MaybeUninit::<unsafe_yaml::yaml_event_t>::uninit();
        // SAFETY: the parser was initialized in `new`. `yaml_parser_parse` fills
        // `event` when it succeeds, and only then is the event read and deleted.
        unsafe {
            let raw = self.parser.as_mut_ptr();
            // After a failure the stream is done, so a parser in error is never asked again.
            if unsafe_yaml::yaml_parser_parse(raw, event.as_mut_ptr()).fail {
                self.done = true;
                return None;
            }
            let event = event.as_mut_ptr();
            let start = (*event).start_mark;
            let converted = match (*event).type_ {
                unsafe_yaml::YAML_SCALAR_EVENT => {
                    let scalar = (*event).data.scalar;
                    let bytes = std::slice::from_raw_parts(scalar.value, scalar.length as usize);
                    Event::Scalar {
                        value: String::from_utf8_lossy(bytes).into_owned(),
                        plain: scalar.style == unsafe_yaml::YAML_PLAIN_SCALAR_STYLE,
                    }
                }
                unsafe_yaml::YAML_ALIAS_EVENT => Event::Alias,
                unsafe_yaml::YAML_MAPPING_START_EVENT => Event::MappingStart,
                unsafe_yaml::YAML_MAPPING_END_EVENT => Event::MappingEnd,
                unsafe_yaml::YAML_SEQUENCE_START_EVENT => Event::SequenceStart,
                unsafe_yaml::YAML_SEQUENCE_END_EVENT => Event::SequenceEnd,
                unsafe_yaml::YAML_STREAM_END_EVENT => {
                    self.done = true;
                    Event::Boundary
                }
                _ => Event::Boundary,
            };
            unsafe_yaml::yaml_event_delete(event);
            let mark = Mark {
                line: start.line as usize + 1,
                column: start.column as usize,
            };
            Some((converted, mark))
        }
    }
}

impl Drop for Events<'_> {
    fn drop(&mut self) {
        // SAFETY: the parser was initialized in `new` (a failed one is never built)
        // and is deleted once, here.
        unsafe { unsafe_yaml::yaml_parser_delete(self.parser.as_mut_ptr()) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_flow_mapping_closed_at_its_keys_indentation_is_read_to_the_end() {
        let text =
            "a:\n  b:\n    example: {\n      \"x\": {},\n      \"y\": {}\n    }\n  c: 1\nd: 2\n";
        let scalars: Vec<(String, Mark)> = Events::new(text)
            .expect("a parser")
            .filter_map(|(event, mark)| match event {
                Event::Scalar { value, .. } => Some((value, mark)),
                _ => None,
            })
            .collect();
        let at = |line, column| Mark { line, column };
        assert!(scalars.contains(&("c".to_owned(), at(7, 2))), "{scalars:?}");
        assert!(scalars.contains(&("d".to_owned(), at(8, 0))), "{scalars:?}");
    }

    #[test]
    fn text_that_is_not_yaml_ends_the_stream_after_what_was_read() {
        let events: Vec<Event> = Events::new("a: 1\nb: [\n")
            .expect("a parser")
            .map(|(event, _)| event)
            .collect();
        let a = Event::Scalar {
            value: "a".into(),
            plain: true,
        };
        assert!(events.contains(&a), "{events:?}");
        assert_ne!(events.last(), Some(&Event::Boundary));
    }
}
