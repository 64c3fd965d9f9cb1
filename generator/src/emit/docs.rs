//! Doc comments from spec text.
//!
//! Spec descriptions are CommonMark written for a web page. Copied as they are,
//! rustdoc would run their code blocks as doctests, warn about bare URLs and
//! brackets, and choke on stray HTML. This module puts them together into doc
//! attributes; the escaping itself is [`crate::escape`]'s.

use crate::escape::{code_span, markdown};
use crate::ir::Docs;

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
