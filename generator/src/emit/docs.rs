//! Doc comments from spec text.
//!
//! Spec descriptions are CommonMark written for a web page. Copied as they are,
//! rustdoc would run their code blocks as doctests, warn about bare URLs and
//! brackets, and choke on stray HTML. This module makes them safe doc text.

use proc_macro2::TokenStream;
use quote::quote;

use crate::ir::Docs;

/// `#[doc]` attributes for `text`, one per line.
pub fn attrs(text: &str) -> TokenStream {
    let lines = doc_lines(text);
    quote! { #( #[doc = #lines] )* }
}

/// Each line of `text` as a doc attribute's string: a leading space, and no
/// character rustc or clippy refuses in a comment, whichever part of the spec
/// (a description, a name, an example) it came from.
pub(super) fn doc_lines(text: &str) -> Vec<String> {
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

/// `#![doc]` attributes for `text`, one per line, documenting the enclosing module.
pub fn inner_attrs(text: &str) -> TokenStream {
    let lines = doc_lines(text);
    quote! { #( #![doc = #lines] )* }
}

/// The doc text for a spec node: summary, description and example, or `fallback`.
pub fn text(docs: &Docs, fallback: &str) -> String {
    let mut parts = Vec::new();
    if let Some(summary) = docs
        .summary
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        parts.push(markdown(summary));
    }
    if let Some(description) = docs
        .description
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        if docs.summary.as_deref().map(str::trim) != Some(description) {
            parts.push(markdown(description));
        }
    }
    if parts.is_empty() {
        parts.push(fallback.to_owned());
    }
    if let Some(example) = &docs.example {
        parts.push(format!("Example: {}", code_span(example)));
    }
    parts.join("\n\n")
}

/// The bidirectional formatting characters rustc refuses in comments
/// (it warns of "Trojan Source" text that reads differently from how it runs).
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// `text` as an inline code span, whatever backticks it holds.
pub fn code_span(text: &str) -> String {
    let text: String = text
        .chars()
        .filter(|c| !is_bidi_control(*c))
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let longest_run = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest_run + 1);
    if longest_run > 0 {
        format!("{fence} {text} {fence}")
    } else {
        format!("{fence}{text}{fence}")
    }
}

/// Makes CommonMark from a spec safe for rustdoc.
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
    let mut in_code = false;
    let chars: Vec<char> = line.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '`' {
            in_code = !in_code;
            out.push(c);
            i += 1;
            continue;
        }
        if in_code {
            out.push(c);
            i += 1;
            continue;
        }
        if let Some(url_len) = bare_url_len(&chars[i..]) {
            let after_link_paren = i > 0 && chars[i - 1] == '(' && i > 1 && chars[i - 2] == ']';
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
            _ => out.push(c),
        }
        i += 1;
    }
    out
}

fn bare_url_len(rest: &[char]) -> Option<usize> {
    let prefix: String = rest.iter().take(8).collect();
    if !(prefix.starts_with("http://") || prefix.starts_with("https://")) {
        return None;
    }
    let mut len = rest
        .iter()
        .position(|c| c.is_whitespace() || matches!(c, '<' | '>' | '"' | '`' | ')' | ']'))
        .unwrap_or(rest.len());
    while len > 0 && matches!(rest[len - 1], '.' | ',' | ';' | ':' | '!' | '?' | '\'') {
        len -= 1;
    }
    Some(len)
}

fn starts_link(rest: &[char]) -> bool {
    let mut depth = 0;
    for (i, c) in rest.iter().enumerate() {
        match c {
            '[' => depth += 1,
            ']' => {
                depth -= 1;
                if depth == 0 {
                    return rest.get(i + 1) == Some(&'(');
                }
            }
            _ => {}
        }
    }
    false
}

fn closes_link(before: &[char], after: &[char]) -> bool {
    after.first() == Some(&'(') && before.contains(&'[')
}

fn starts_autolink(rest: &[char]) -> bool {
    bare_url_len(rest).is_some()
}

fn ends_autolink(out: &str) -> bool {
    match out.rfind('<') {
        Some(start) => {
            let inside = &out[start + 1..];
            (inside.starts_with("http://") || inside.starts_with("https://"))
                && !inside.contains(char::is_whitespace)
        }
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
            ("A <b>tag</b>.", "A &lt;b&gt;tag&lt;/b&gt;."),
            ("Code `a[0] <b>` is kept.", "Code `a[0] <b>` is kept."),
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
    fn code_spans_survive_backticks() {
        assert_eq!(code_span("\"x\""), "`\"x\"`");
        assert_eq!(code_span("a`b"), "`` a`b ``");
    }
}
