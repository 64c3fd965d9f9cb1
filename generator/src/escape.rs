//! Escaping: spec text never becomes code.
//!
//! Everything a spec says (titles, descriptions, examples, names, URLs, media types) ends
//! up in some output context, and each context has its own way for text to break out: a
//! quote ends a Rust or TOML string, a line break ends a comment, a fence ends a doc code
//! block and opens a doctest that `cargo test` runs. There is one function per context
//! here, and every emitter goes through them; none formats spec text into output on its
//! own.
//!
//! | context                          | function          |
//! |----------------------------------|-------------------|
//! | Rust string literal              | [`rust_string`]   |
//! | Rust byte string literal         | [`rust_byte_string`] |
//! | doc comment line                 | [`doc_lines`]     |
//! | Markdown prose inside docs       | [`markdown`]      |
//! | inline code inside docs          | [`code_span`]     |
//! | code block inside docs           | [`doc_code_block`]|
//! | `Cargo.toml` string and key      | [`toml_string`], [`toml_key`] |
//! | a one-line comment (`//`, `#`, `<!-- -->`) | [`comment_line`] |
//! | file name                        | [`file_name`]     |

/// A Rust string literal holding `value`, quotes included: quotes, backslashes, line
/// breaks and every other control character are escaped, so the literal is one line
/// and ends where it should.
pub fn rust_string(value: &str) -> String {
    // `str`'s Debug form is a valid Rust literal: it escapes `"`, `\`, control and
    // non-printable characters as `\n`, `\u{..}` and the like.
    format!("{value:?}")
}

/// A Rust byte string literal holding `value`'s bytes, quotes included: every byte
/// outside printable ASCII is written `\xNN`, and quotes and backslashes are escaped.
pub fn rust_byte_string(value: &str) -> String {
    let mut literal = String::from("b\"");
    for byte in value.bytes() {
        match byte {
            b'"' => literal.push_str("\\\""),
            b'\\' => literal.push_str("\\\\"),
            b' '..=b'~' => literal.push(char::from(byte)),
            other => literal.push_str(&format!("\\x{other:02x}")),
        }
    }
    literal.push('"');
    literal
}

/// Each line of `text` as the text of one doc comment line (after `///`): a leading
/// space, and no character rustc or clippy refuses in a comment, whichever part of the
/// spec (a description, a name, an example) it came from.
pub fn doc_lines(text: &str) -> Vec<String> {
    text.lines()
        .map(|line| {
            // Trailing spaces are dropped, as rustfmt drops them.
            let line = clean_line(line).trim_end().to_owned();
            if line.is_empty() {
                line
            } else {
                format!(" {line}")
            }
        })
        .collect()
}

/// A line without what rustc or clippy refuse in docs: tabs become spaces, other
/// control characters and bidi overrides are dropped.
fn clean_line(line: &str) -> String {
    line.replace('\t', "    ")
        .chars()
        .filter(|c| !c.is_control() && !is_bidi_control(*c))
        .collect()
}

/// The bidirectional formatting characters rustc refuses in comments
/// (it warns of "Trojan Source" text that reads differently from how it runs).
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// `text` as one line of plain text, for a message the generated crate prints: runs
/// of white space and control characters (a terminal escape, a line break) become one
/// space, and bidi overrides are dropped, so the text cannot move the cursor or read
/// differently from what it holds.
pub fn plain_line(text: &str) -> String {
    without_controls(text)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// `text` with each control character a space and bidi overrides dropped.
fn without_controls(text: &str) -> String {
    text.chars()
        .filter(|c| !is_bidi_control(*c))
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

/// `text` on one line, for a `//`, `#` or `<!-- -->` comment: line breaks and other
/// control characters become spaces, bidi overrides are dropped, and `--` (which may
/// end an HTML comment) and `*/` are broken up.
pub fn comment_line(text: &str) -> String {
    let mut out = without_controls(text).replace("*/", "* /");
    while out.contains("--") {
        out = out.replace("--", "- -");
    }
    out
}

/// `text` as an inline code span inside docs, whatever backticks it holds, on one line.
pub fn code_span(text: &str) -> String {
    let text: String = text
        .chars()
        .filter(|c| !is_bidi_control(*c))
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let fence = "`".repeat(longest_run(&text, '`') + 1);
    if fence.len() > 1 || text.starts_with(' ') || text.ends_with(' ') {
        format!("{fence} {text} {fence}")
    } else {
        format!("{fence}{text}{fence}")
    }
}

/// The longest run of `c` in `text`.
fn longest_run(text: &str, c: char) -> usize {
    text.split(|other| other != c)
        .map(|run| run.len() / c.len_utf8())
        .max()
        .unwrap_or(0)
}

/// A fenced code block inside docs holding `code`, with `info` (such as `rust,no_run`):
/// the fence is longer than any run of backticks in `code`, so no line of it can close
/// the block early and start text (or another block) that rustdoc would read otherwise.
pub fn doc_code_block(info: &str, code: &str) -> String {
    let fence = "`".repeat((longest_run(code, '`') + 1).max(3));
    let mut out = format!("{fence}{info}\n");
    for line in code.lines() {
        out.push_str(&clean_line(line));
        out.push('\n');
    }
    out.push_str(&fence);
    out.push('\n');
    out
}

/// A TOML basic string holding `value`, quotes included.
pub fn toml_string(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 2);
    out.push('"');
    for c in value.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A TOML key for `key`: bare when it is made of letters, digits, `-` and `_`, quoted otherwise.
pub fn toml_key(key: &str) -> String {
    let bare = !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if bare {
        key.to_owned()
    } else {
        toml_string(key)
    }
}

/// A file or directory name made from `name`: ASCII letters, digits and `_` only (a raw
/// identifier's `r#` dropped), so it can hold no separator, no `..` and nothing a file
/// system treats specially. Names the generator makes are identifiers and pass unchanged.
pub fn file_name(name: &str) -> String {
    let name = name.strip_prefix("r#").unwrap_or(name);
    let cleaned: String = name
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    if cleaned.is_empty() {
        "_".to_owned()
    } else {
        cleaned
    }
}

/// Makes CommonMark from a spec safe for rustdoc: every code block becomes a `text`
/// block (never a doctest), indentation that would make an indented code block (also a
/// doctest) is dropped, and what rustdoc misreads in prose is escaped.
pub fn markdown(text: &str) -> String {
    let mut out = Vec::new();
    let mut in_fence = false;
    for line in text.replace("\r\n", "\n").replace('\r', "\n").lines() {
        let line = clean_line(line);
        let trimmed = line.trim_start();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            // Every fence becomes plain text, so no spec text runs as a doctest.
            out.push(if in_fence {
                "```".to_owned()
            } else {
                "```text".to_owned()
            });
            in_fence = !in_fence;
            continue;
        }
        if in_fence {
            out.push(line);
        } else {
            // Indentation would make an indented code block, which rustdoc also runs.
            out.push(inline(trimmed));
        }
    }
    if in_fence {
        out.push("```".to_owned());
    }
    out.join("\n")
}

/// Escapes what rustdoc misreads in a line of prose, leaving code spans alone.
fn inline(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let chars: Vec<char> = line.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '`' {
            if let Some(end) = code_span_end(&chars, i) {
                out.extend(&chars[i..end]);
                i = end;
            } else {
                // A backtick that opens no span is literal text; escaped so it stays so.
                out.push_str("\\`");
                i += 1;
            }
            continue;
        }
        if let Some(url_len) = bare_url_len(&chars[i..]) {
            let after_link_paren = i > 1 && chars[i - 1] == '(' && chars[i - 2] == ']';
            let url: String = chars[i..i + url_len].iter().collect();
            if after_link_paren || (i > 0 && chars[i - 1] == '<') {
                out.push_str(&url);
            } else {
                out.push('<');
                out.push_str(&url);
                out.push('>');
            }
            i += url_len;
            continue;
        }
        match c {
            '[' if !starts_link(&chars[i..]) => out.push_str("\\["),
            ']' if !closes_link(&chars[..i], &chars[i + 1..]) => out.push_str("\\]"),
            '<' if !starts_autolink(&chars[i + 1..]) => out.push_str("&lt;"),
            '>' if !ends_autolink(&out) => out.push_str("&gt;"),
            '\\' => out.push_str("\\\\"),
            _ => out.push(c),
        }
        i += 1;
    }
    out
}

/// Where the code span opened by the backtick run at `start` ends (just past its closing
/// run of the same length), as CommonMark reads it; `None` when no such run follows.
fn code_span_end(chars: &[char], start: usize) -> Option<usize> {
    let run = chars[start..].iter().take_while(|c| **c == '`').count();
    let mut i = start + run;
    while i < chars.len() {
        if chars[i] == '`' {
            let closing = chars[i..].iter().take_while(|c| **c == '`').count();
            if closing == run {
                return Some(i + closing);
            }
            i += closing;
        } else {
            i += 1;
        }
    }
    None
}

fn bare_url_len(rest: &[char]) -> Option<usize> {
    let prefix: String = rest.iter().take(8).collect();
    if !(prefix.starts_with("http://") || prefix.starts_with("https://")) {
        return None;
    }
    let mut len = rest
        .iter()
        .position(|c| c.is_whitespace() || matches!(c, '<' | '>' | '"' | '`' | ')' | ']' | '\\'))
        .unwrap_or(rest.len());
    while len > 0 && matches!(rest[len - 1], '.' | ',' | ';' | ':' | '!' | '?' | '\'') {
        len -= 1;
    }
    Some(len)
}

/// Whether `rest` opens a link `[text](target)` whose target rustdoc leaves alone: a web
/// address or a relative file path. A target that reads as a Rust path would be taken as
/// an intra-doc link, which resolves to nothing in the generated crate.
fn starts_link(rest: &[char]) -> bool {
    let mut depth = 0;
    for (i, c) in rest.iter().enumerate() {
        match c {
            '[' => depth += 1,
            ']' => {
                depth -= 1;
                if depth == 0 {
                    return rest.get(i + 1) == Some(&'(') && plain_link_target(&rest[i + 2..]);
                }
            }
            _ => {}
        }
    }
    false
}

/// Whether the link target starting at `rest` (just past `(`) is a web address.
fn plain_link_target(rest: &[char]) -> bool {
    let target: String = rest.iter().take_while(|c| **c != ')').collect();
    let closed = rest.contains(&')');
    closed
        && (target.starts_with("http://") || target.starts_with("https://"))
        && !target.contains(|c: char| c.is_whitespace() || matches!(c, '<' | '>' | '`' | '\\'))
}

fn closes_link(before: &[char], after: &[char]) -> bool {
    after.first() == Some(&'(') && plain_link_target(&after[1..]) && before.contains(&'[')
}

fn starts_autolink(rest: &[char]) -> bool {
    bare_url_len(rest).is_some_and(|len| rest.get(len) == Some(&'>'))
}

fn ends_autolink(out: &str) -> bool {
    match out.rfind('<') {
        Some(start) => {
            let inside = &out[start + 1..];
            (inside.starts_with("http://") || inside.starts_with("https://"))
                && !inside.contains(char::is_whitespace)
                && !inside.contains('>')
        }
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_printed_line_holds_no_control_or_bidi_character() {
        let cases = [
            ("Not  found.", "Not found."),
            ("a\rb\u{2028}c\u{1b}[2Jd\u{202E}e", "a b c [2Jde"),
            ("\n  spaced\tout \n", "spaced out"),
        ];
        for (text, expected) in cases {
            assert_eq!(plain_line(text), expected, "{text:?}");
        }
    }

    #[test]
    fn spec_markdown_becomes_safe_doc_text() {
        let cases = [
            (
                "See https://docs.example.com/errors.",
                "See <https://docs.example.com/errors>.",
            ),
            (
                "A [link](https://x.io) stays.",
                "A [link](https://x.io) stays.",
            ),
            ("Already <https://x.io>.", "Already <https://x.io>."),
            (
                "Values in [brackets] are escaped.",
                "Values in \\[brackets\\] are escaped.",
            ),
            (
                "A [path link](crate::Secret) is not followed.",
                "A \\[path link\\](crate::Secret) is not followed.",
            ),
            ("A <b>tag</b>.", "A &lt;b&gt;tag&lt;/b&gt;."),
            ("Code `a[0] <b>` is kept.", "Code `a[0] <b>` is kept."),
            ("An odd ` backtick <b>.", "An odd \\` backtick &lt;b&gt;."),
            ("``a ` <b>``", "``a ` <b>``"),
            ("a \\`b` \\d", "a \\\\`b` \\\\d"),
            ("```\nfn main() {}\n```", "```text\nfn main() {}\n```"),
            ("```rust\nlet x = 1;", "```text\nlet x = 1;\n```"),
            ("para\n\n    indented code", "para\n\nindented code"),
            ("bell\u{7}char", "bellchar"),
            ("tab\there", "tab    here"),
            ("rtl\u{202E}override\u{2066}isolate", "rtloverrideisolate"),
        ];
        for (input, expected) in cases {
            assert_eq!(markdown(input), expected, "{input:?}");
        }
    }

    #[test]
    fn code_spans_survive_backticks_and_line_breaks() {
        assert_eq!(code_span("\"x\""), "`\"x\"`");
        assert_eq!(code_span("a`b"), "`` a`b ``");
        assert_eq!(code_span("x\n```\nrun()"), "```` x ``` run() ````");
    }

    #[test]
    fn code_blocks_cannot_be_closed_from_inside() {
        let block = doc_code_block("rust,no_run", "let a = \"```\";\n```\nrun();\n");
        assert!(block.starts_with("````rust,no_run\n"), "{block}");
        assert!(block.ends_with("\n````\n"), "{block}");
    }

    #[test]
    fn strings_are_escaped_for_rust_and_toml() {
        assert_eq!(rust_string("a\"b\\c\nd"), r#""a\"b\\c\nd""#);
        assert_eq!(rust_byte_string("Q\"\\Ö\u{7f}"), r#"b"Q\"\\\xc3\x96\x7f""#);
        assert_eq!(
            toml_string("x\"\n[dependencies]\u{1}"),
            r#""x\"\n[dependencies]\u0001""#
        );
        assert_eq!(toml_key("full"), "full");
        assert_eq!(toml_key("a b\""), r#""a b\"""#);
    }

    #[test]
    fn comments_stay_one_line_and_closed() {
        assert_eq!(
            comment_line("a\n#[test] fn x() {} --> */"),
            "a #[test] fn x() {} - -> * /"
        );
    }

    #[test]
    fn file_names_hold_no_separator() {
        assert_eq!(file_name("r#type"), "type");
        assert_eq!(file_name("../etc"), "___etc");
        assert_eq!(file_name(""), "_");
    }
}
