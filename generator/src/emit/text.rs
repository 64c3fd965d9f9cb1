//! Rust source written straight to text, laid out the way rustfmt lays it out.
//!
//! The types of a big spec are most of its code (Cloudflare's: 9,052 types, 11 of
//! its 20 MB). Building them as token streams, parsing those with syn and
//! printing them with prettyplease took about two thirds of generation time, so
//! the few regular shapes `types` needs (attributes, doc comments, fields,
//! signatures, struct literals, match arms) are written here as text, with
//! rustfmt's default widths. rustfmt leaves such text unchanged; the tests check
//! that on fixtures. A type too long for even the broken layouts below (a deeply
//! nested generic type past 100 columns) is left long: still valid Rust, but not
//! a layout the writer can vouch for, so the text is marked inexact ([`Written`])
//! and rendering runs rustfmt over it when the layout asks for rustfmt.

use crate::escape;

/// rustfmt's `max_width`.
const MAX_WIDTH: usize = 100;
/// rustfmt's `attr_fn_like_width`: the longest argument list an attribute keeps on one line.
const ATTR_ARGS_WIDTH: usize = 70;
/// rustfmt's `struct_lit_width`: the longest field list a struct literal keeps on one line.
const STRUCT_LIT_WIDTH: usize = 18;
/// rustfmt's `tab_spaces`.
const INDENT: &str = "    ";

/// Rust source being written, one line at a time, at a current indentation.
#[derive(Debug, Default)]
pub struct Source {
    text: String,
    level: usize,
    /// Whether some line was left in a shape rustfmt might lay out otherwise.
    inexact: bool,
}

/// Rust source written as text.
#[derive(Debug)]
pub struct Written {
    /// The source.
    pub text: String,
    /// Whether it is exactly as rustfmt lays it out: every line but comments
    /// within rustfmt's `max_width`, in the shapes this module knows rustfmt's
    /// layout of. rustfmt need not run over exact text.
    pub exact: bool,
}

impl Source {
    /// The text written so far, and whether it is exactly rustfmt's layout.
    pub fn finish(self) -> Written {
        Written {
            text: self.text,
            exact: !self.inexact,
        }
    }

    /// Writes `line` at the current indentation. A line past rustfmt's
    /// `max_width` marks the text inexact: rustfmt gives up on the whole
    /// statement or item such a line is in and keeps its input's layout there.
    /// So does one with a character outside ASCII, which rustfmt measures by its
    /// display width, not by counting it as one column as [`Source::fits`] does.
    pub fn line(&mut self, line: &str) {
        if !line.is_empty() {
            if !self.fits(line) || !line.is_ascii() {
                self.inexact = true;
            }
            self.push_indent(self.level);
        }
        self.text.push_str(line);
        self.text.push('\n');
    }

    /// Writes a blank line, which separates items.
    pub fn blank(&mut self) {
        self.text.push('\n');
    }

    /// Writes `open`, then what `body` writes one level deeper, then `close`.
    pub fn block(&mut self, open: &str, close: &str, body: impl FnOnce(&mut Self)) {
        self.line(open);
        self.level += 1;
        body(self);
        self.level -= 1;
        self.line(close);
    }

    /// `///` comments, one per line of `text`.
    pub fn doc(&mut self, text: &str) {
        self.comment("///", text);
    }

    /// `//!` comments documenting the enclosing module.
    pub fn inner_doc(&mut self, text: &str) {
        self.comment("//!", text);
    }

    fn comment(&mut self, marker: &str, text: &str) {
        for line in escape::doc_lines(text) {
            self.push_indent(self.level);
            self.text.push_str(marker);
            self.text.push_str(&line);
            self.text.push('\n');
        }
    }

    /// `#[name(args)]`, with the arguments one per line when they are too long
    /// for one (a single argument only has to fit the line).
    pub fn attribute(&mut self, name: &str, args: &[String]) {
        let joined = args.join(", ");
        let one_line = format!("#[{name}({joined})]");
        if (args.len() == 1 || joined.len() <= ATTR_ARGS_WIDTH) && self.fits(&one_line) {
            return self.line(&one_line);
        }
        self.block(&format!("#[{name}("), ")]", |s| s.attribute_lines(args));
    }

    /// `#[cfg(any(feature = "a", ...))]`: rustfmt applies the attribute width
    /// to the inner list, and breaks inside `any(` when it is too long.
    pub fn cfg_any<'f>(&mut self, features: impl IntoIterator<Item = &'f String>) {
        let items: Vec<String> = features
            .into_iter()
            .map(|feature| format!("feature = {}", escape::rust_string(feature)))
            .collect();
        if let [only] = items.as_slice() {
            // `any` of one condition is that condition; clippy's `non_minimal_cfg` says so.
            return self.line(&format!("#[cfg({only})]"));
        }
        let joined = items.join(", ");
        let one_line = format!("#[cfg(any({joined}))]");
        if joined.len() <= ATTR_ARGS_WIDTH && self.fits(&one_line) {
            return self.line(&one_line);
        }
        self.block("#[cfg(any(", "))]", |s| s.attribute_lines(&items));
    }

    /// `pub name: ty,` (a field).
    pub fn field(&mut self, head: &str, ty: &str) {
        self.declaration(&format!("{head}:"), ty, ",");
    }

    /// `pub type Name = ty;` (an alias).
    pub fn alias(&mut self, name: &str, ty: &str) {
        self.declaration(&format!("pub type {name} ="), ty, ";");
    }

    /// `type Name = ty;` in an `impl` (an associated type).
    pub fn associated_type(&mut self, name: &str, ty: &str) {
        self.declaration(&format!("type {name} ="), ty, ";");
    }

    /// `head(field);`, a tuple struct of one field, the field on its own line when
    /// the whole does not fit.
    pub fn tuple_struct(&mut self, head: &str, field: &str) {
        let one_line = format!("{head}({field});");
        if self.fits(&one_line) {
            return self.line(&one_line);
        }
        self.block(&format!("{head}("), ");", |s| s.typed("", field, ","));
    }

    /// `head ty end` on one line; else the type alone on the next line; else
    /// the type broken at its generic arguments.
    fn declaration(&mut self, head: &str, ty: &str, end: &str) {
        let one_line = format!("{head} {ty}{end}");
        if self.fits(&one_line) {
            return self.line(&one_line);
        }
        let own_line = format!("{ty}{end}");
        if (self.level + 1) * INDENT.len() + own_line.chars().count() <= MAX_WIDTH {
            self.line(head);
            self.level += 1;
            self.line(&own_line);
            self.level -= 1;
            return;
        }
        self.typed(&format!("{head} "), ty, end);
    }

    /// `prefix ty suffix`, breaking the type's generic arguments one per line,
    /// as deep as it takes, when the whole does not fit.
    fn typed(&mut self, prefix: &str, ty: &str, suffix: &str) {
        self.nested(prefix, ty, suffix, ('<', '>'));
    }

    /// `prefix text suffix` on one line; else broken after the first `open`, the
    /// comma-separated parts inside one per line (each broken again as it needs),
    /// then `close`: how rustfmt breaks generic arguments and call arguments alike.
    fn nested(&mut self, prefix: &str, text: &str, suffix: &str, (open, close): (char, char)) {
        let one_line = format!("{prefix}{text}{suffix}");
        if self.fits(&one_line) {
            return self.line(&one_line);
        }
        match text
            .split_once(open)
            .and_then(|(outer, rest)| Some((outer, rest.strip_suffix(close)?)))
        {
            Some((outer, inside)) => {
                self.block(
                    &format!("{prefix}{outer}{open}"),
                    &format!("{close}{suffix}"),
                    |s| {
                        for part in split_top_level(inside) {
                            s.nested("", part, ",", (open, close));
                        }
                    },
                );
            }
            // Nothing left to break: the line stays long, as rustfmt would leave it.
            None => self.line(&one_line),
        }
    }

    /// A tuple variant `Name(ty),`, the type on its own line when the whole does not fit.
    pub fn tuple_variant(&mut self, name: &str, ty: &str) {
        let one_line = format!("{name}({ty}),");
        if self.fits(&one_line) {
            return self.line(&one_line);
        }
        self.block(&format!("{name}("), "),", |s| s.typed("", ty, ","));
    }

    /// `head(params) -> ret {`, `body`, `}`: the parameters one per line when
    /// the signature does not fit on one.
    pub fn function(
        &mut self,
        head: &str,
        params: &[String],
        ret: &str,
        body: impl FnOnce(&mut Self),
    ) {
        let one_line = format!("{head}({}) -> {ret} {{", params.join(", "));
        if self.fits(&one_line) {
            self.line(&one_line);
        } else {
            self.block(&format!("{head}("), &format!(") -> {ret} {{"), |s| {
                for param in params {
                    match param.split_once(": ") {
                        Some((name, ty)) => s.typed(&format!("{name}: "), ty, ","),
                        None => s.line(&format!("{param},")),
                    }
                }
            });
        }
        self.level += 1;
        body(self);
        self.level -= 1;
        self.line("}");
    }

    /// `name { fields }`, one field per line when they are too long for one.
    pub fn struct_literal(&mut self, name: &str, fields: &[String]) {
        let joined = fields.join(", ");
        let one_line = format!("{name} {{ {joined} }}");
        if joined.len() <= STRUCT_LIT_WIDTH && self.fits(&one_line) {
            return self.line(&one_line);
        }
        self.block(&format!("{name} {{"), "}", |s| {
            for field in fields {
                s.nested("", field, ",", ('(', ')'));
            }
        });
    }

    /// A match arm `pattern => value,`, the value in a block when it does not fit.
    pub fn arm(&mut self, pattern: &str, value: &str) {
        let one_line = format!("{pattern} => {value},");
        if self.fits(&one_line) {
            return self.line(&one_line);
        }
        self.block(&format!("{pattern} => {{"), "}", |s| s.line(value));
    }

    /// An `impl` block's opening, with `for Type` on its own line when the header is too long.
    pub fn impl_block(&mut self, header: &str, body: impl FnOnce(&mut Self)) {
        let one_line = format!("{header} {{");
        if self.fits(&one_line) {
            return self.block(&one_line, "}", body);
        }
        match header.split_once(" for ") {
            Some((head, ty)) => {
                self.line(head);
                self.level += 1;
                self.line(&format!("for {ty}"));
                self.level -= 1;
                self.block("{", "}", body);
            }
            None => self.block(&one_line, "}", body),
        }
    }

    /// An attribute's `items`, one per line, commas between them and none after
    /// the last (rustfmt adds no trailing comma inside attributes).
    fn attribute_lines<S: AsRef<str>>(&mut self, items: &[S]) {
        let last = items.len().saturating_sub(1);
        for (index, item) in items.iter().enumerate() {
            let comma = if index < last { "," } else { "" };
            self.line(&format!("{}{comma}", item.as_ref()));
        }
    }

    /// Whether `line` fits at the current indentation.
    fn fits(&self, line: &str) -> bool {
        self.level * INDENT.len() + line.chars().count() <= MAX_WIDTH
    }

    fn push_indent(&mut self, level: usize) {
        for _ in 0..level {
            self.text.push_str(INDENT);
        }
    }
}

/// The comma-separated parts of `list`, not splitting inside parentheses or strings.
fn split_top_level(list: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let (mut depth, mut in_string, mut start) = (0usize, false, 0);
    let mut chars = list.char_indices();
    while let Some((index, c)) = chars.next() {
        match c {
            '\\' if in_string => {
                chars.next();
            }
            '"' => in_string = !in_string,
            '(' | '<' if !in_string => depth += 1,
            ')' | '>' if !in_string => depth = depth.saturating_sub(1),
            ',' if !in_string && depth == 0 => {
                parts.push(list[start..index].trim());
                start = index + 1;
            }
            _ => {}
        }
    }
    parts.push(list[start..].trim());
    parts.retain(|part| !part.is_empty());
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layouts_break_where_rustfmt_breaks() {
        let mut source = Source::default();
        source.cfg_any(&["only".to_owned()]);
        source.cfg_any(&["a".to_owned(), "b".to_owned()]);
        source.cfg_any(&[
            "aaaaaaaaaaaaaaaaaaaa".to_owned(),
            "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb".to_owned(),
        ]);
        source.impl_block("impl A", |s| {
            s.function("pub fn new", &["a: i32".into()], "Self", |s| {
                s.struct_literal("Self", &["a".into(), "b: None".into()]);
            });
            s.function(
                "pub fn new",
                &[
                    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa: i32".into(),
                    "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb: i32".into(),
                ],
                "Self",
                |s| s.struct_literal("Self", &["aaaaaaaaa".into(), "bb: None".into()]),
            );
        });
        let expected = r#"#[cfg(feature = "only")]
#[cfg(any(feature = "a", feature = "b"))]
#[cfg(any(
    feature = "aaaaaaaaaaaaaaaaaaaa",
    feature = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"
))]
impl A {
    pub fn new(a: i32) -> Self {
        Self { a, b: None }
    }
    pub fn new(
        aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa: i32,
        bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb: i32,
    ) -> Self {
        Self {
            aaaaaaaaa,
            bb: None,
        }
    }
}
"#;
        let written = source.finish();
        assert_eq!(written.text, expected);
        assert!(written.exact);
    }

    #[test]
    fn a_line_past_the_width_marks_the_text_inexact() {
        let mut source = Source::default();
        source.field("pub a", "Vec<String>");
        assert!(Source::default().finish().exact);
        source.field("pub a", &"B".repeat(120));
        let written = source.finish();
        assert!(!written.exact, "{}", written.text);
    }
}
