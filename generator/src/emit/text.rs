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
pub const STRUCT_LIT_WIDTH: usize = 18;
/// rustfmt's `fn_call_width`: the longest argument list a call keeps on one line.
pub const CALL_ARGS_WIDTH: usize = 60;
/// rustfmt's `chain_width`: the longest chain of two or more `.` steps kept on one line.
const CHAIN_WIDTH: usize = 60;
/// rustfmt's `array_width`: the longest element list an array keeps on one line.
pub const ARRAY_WIDTH: usize = 60;
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

    /// Writes `line`, which is past rustfmt's `max_width` for a reason rustfmt cannot
    /// remove: a string literal too long for any layout. rustfmt then gives up on the
    /// statement or `match` the line is in and keeps it as it was written, so the
    /// text stays exact as long as the rest of that statement is in rustfmt's layout.
    pub fn unbreakable_line(&mut self, line: &str) {
        if !line.is_ascii() {
            self.inexact = true;
        }
        self.push_indent(self.level);
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

    /// Writes each of `lines` one level deeper than the current indentation.
    pub fn block_deeper(&mut self, lines: &[&str]) {
        self.indented(|s| {
            for line in lines {
                s.line(line);
            }
        });
    }

    /// Writes what `body` writes one level deeper.
    pub fn indented(&mut self, body: impl FnOnce(&mut Self)) {
        self.level += 1;
        body(self);
        self.level -= 1;
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
        if self.fits_deeper(1, &own_line) {
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
            self.line(&format!("{head}("));
            self.level += 1;
            for param in params {
                match param.split_once(": ") {
                    Some((name, ty)) => self.typed(&format!("{name}: "), ty, ","),
                    None => self.line(&format!("{param},")),
                }
            }
            self.level -= 1;
            self.return_type(ret);
        }
        self.level += 1;
        body(self);
        self.level -= 1;
        self.line("}");
    }

    /// The line closing a broken parameter list, `) -> ret {`. rustfmt's own
    /// measures, found by trying it: the brace stays on the line when the line
    /// leaves the indentation's width free a second time; the return type is
    /// measured against the width left after the indentation and `-> ` (not
    /// `) -> `), so a line without the brace may end up to two columns past the
    /// width; a longer type is broken at its generic arguments.
    fn return_type(&mut self, ret: &str) {
        let closing = format!(") -> {ret} {{");
        let indent = self.level * INDENT.len();
        if indent + closing.chars().count() <= MAX_WIDTH.saturating_sub(indent) {
            return self.line(&closing);
        }
        if self.fits(&format!("-> {ret}")) {
            self.unbreakable_line(&format!(") -> {ret}"));
            return self.line("{");
        }
        self.typed(") -> ", ret, " {");
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
        self.or_arm(&[pattern], value);
    }

    /// A match arm of one or more patterns, `a | b => value,`: the patterns one per
    /// line when they do not fit on one, and the value after the last of them, in a
    /// block when it does not fit there, or broken before each `.` when it is a chain
    /// too long for one line.
    pub fn or_arm<S: AsRef<str>>(&mut self, patterns: &[S], value: &str) {
        let patterns: Vec<&str> = patterns.iter().map(AsRef::as_ref).collect();
        let joined = patterns.join(" | ");
        if self.fits(&format!("{joined} => {{")) {
            return self.arm_value(&joined, value);
        }
        match patterns.as_slice() {
            [first, middle @ .., last] => {
                self.line(first);
                for pattern in middle {
                    self.line(&format!("| {pattern}"));
                }
                self.arm_value(&format!("| {last}"), value);
            }
            // One pattern too long for a line: its layout is not one this module knows.
            _ => {
                self.give_up();
                self.arm_value(&joined, value);
            }
        }
    }

    fn arm_value(&mut self, head: &str, value: &str) {
        if long_chain_within(value, 1) {
            // rustfmt would break a chain inside the value; where is not modelled here.
            self.give_up();
        }
        let steps = chain_steps(value);
        if steps.len() > 2 && value.chars().count() > CHAIN_WIDTH {
            let (root, rest) = steps.split_first().expect("a chain has a root");
            let last = rest.last().expect("a long chain has steps");
            if !self.fits_deeper(1, &format!("{last},")) {
                if let Some((call, body)) = closure_step(last) {
                    // A last step too long for its own line, a call of a closure, keeps
                    // the chain whole and carries the closure's body over in a block.
                    let before: String = steps[..steps.len() - 1].concat();
                    let open = format!("{head} => {before}{call} {{");
                    if self.fits(&open) && self.fits_deeper(1, body) {
                        return self.block(&open, "}),", |s| s.line(body));
                    }
                }
            }
            self.line(&format!("{head} => {root}"));
            self.level += 1;
            for (index, step) in rest.iter().enumerate() {
                let end = if index + 1 == rest.len() { "," } else { "" };
                self.line(&format!("{step}{end}"));
            }
            self.level -= 1;
            return;
        }
        let one_line = format!("{head} => {value},");
        if self.fits(&one_line) {
            return self.line(&one_line);
        }
        self.block(&format!("{head} => {{"), "}", |s| s.line(value));
    }

    /// `callee(args)end`: the arguments on one line when they are short enough, else
    /// one per line, each with a comma after it.
    pub fn call(&mut self, callee: &str, args: &[String], end: &str) {
        let joined = args.join(", ");
        let one_line = format!("{callee}({joined}){end}");
        if long_chain_within(&one_line, 0) {
            self.give_up();
        }
        if joined.chars().count() <= CALL_ARGS_WIDTH && self.fits(&one_line) {
            return self.line(&one_line);
        }
        self.block(&format!("{callee}("), &format!("){end}"), |s| {
            for arg in args {
                s.line(&format!("{arg},"));
            }
        });
    }

    /// Marks the text as not exactly rustfmt's layout: for a shape whose layout
    /// this module does not model, so that rustfmt lays it out.
    pub fn give_up(&mut self) {
        self.inexact = true;
    }

    /// Whether `line` fits `levels` deeper than the current indentation.
    pub fn fits_deeper(&self, levels: usize, line: &str) -> bool {
        (self.level + levels) * INDENT.len() + line.chars().count() <= MAX_WIDTH
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
    pub fn fits(&self, line: &str) -> bool {
        self.fits_deeper(0, line)
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

/// The steps of a chain, `root.a.b()?` as `root`, `.a`, `.b()?`: split at each `.`
/// outside brackets and strings (not at a range's `..`). An expression that is no
/// chain is its only step.
fn chain_steps(expr: &str) -> Vec<&str> {
    let bytes = expr.as_bytes();
    let (mut depth, mut in_string, mut start) = (0usize, false, 0);
    let mut steps = Vec::new();
    let mut index = 0;
    while index < bytes.len() {
        match bytes[index] {
            b'\\' if in_string => index += 1,
            b'"' => in_string = !in_string,
            _ if in_string => {}
            b'(' | b'[' | b'{' | b'<' => depth += 1,
            b')' | b']' | b'}' | b'>' => depth = depth.saturating_sub(1),
            b'.' if bytes.get(index + 1) == Some(&b'.') => index += 1,
            b'.' if depth == 0 => {
                steps.push(&expr[start..index]);
                start = index;
            }
            // Past a space or an operator the expression is more than one chain.
            b' ' | b'|' | b'&' | b'*' | b'!' | b',' if depth == 0 => return vec![expr],
            _ => {}
        }
        index += 1;
    }
    steps.push(&expr[start..]);
    steps
}

/// A chain step that calls a closure, `.map(|r| body)`, as `.map(|r|` and `body`.
fn closure_step(step: &str) -> Option<(&str, &str)> {
    let inside = step.strip_suffix(')')?;
    let open = inside.find("(|")?;
    let params_end = open + 2 + inside[open + 2..].find('|')?;
    let (call, body) = inside.split_at(params_end + 1);
    Some((call, body.strip_prefix(' ')?))
}

/// Whether `expr` holds, at a bracket depth of `min_depth` or more, a chain of two
/// or more steps past rustfmt's `chain_width`, which rustfmt would break.
fn long_chain_within(expr: &str, min_depth: usize) -> bool {
    let bytes = expr.as_bytes();
    // Per open bracket: where the chain being read there started, and its steps.
    let mut chains = vec![(0usize, 0usize)];
    let mut in_string = false;
    let mut long = false;
    let mut end_chain = |chains: &mut Vec<(usize, usize)>, at: usize| {
        let depth = chains.len() - 1;
        let (start, steps) = chains[depth];
        if depth >= min_depth && steps >= 2 && at - start > CHAIN_WIDTH {
            long = true;
        }
    };
    let mut index = 0;
    while index < bytes.len() {
        let byte = bytes[index];
        if in_string {
            match byte {
                b'\\' => index += 1,
                b'"' => in_string = false,
                _ => {}
            }
        } else {
            match byte {
                b'"' => in_string = true,
                b'(' | b'[' | b'{' => chains.push((index + 1, 0)),
                b')' | b']' | b'}' => {
                    end_chain(&mut chains, index);
                    chains.pop();
                    if chains.is_empty() {
                        chains.push((index + 1, 0));
                    }
                }
                b'.' if bytes.get(index + 1) == Some(&b'.') => index += 1,
                b'.' => chains.last_mut().expect("one chain is always open").1 += 1,
                b' ' | b'|' | b'&' | b'*' | b'!' | b',' => {
                    end_chain(&mut chains, index);
                    *chains.last_mut().expect("one chain is always open") = (index + 1, 0);
                }
                _ => {}
            }
        }
        index += 1;
    }
    end_chain(&mut chains, bytes.len());
    long
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

    /// The expected text is what rustfmt gives for the same arms and calls.
    #[test]
    fn arms_and_calls_break_where_rustfmt_breaks() {
        let mut source = Source::default();
        source.block("match x {", "}", |s| {
            s.arm(
                "200",
                &format!("response.json().map(|r| r.map({}::Ok))", "A".repeat(23)),
            );
            s.arm(
                "200",
                &format!("response.json().map(|r| r.map({}::Ok))", "A".repeat(25)),
            );
            let four: Vec<String> = (0..4)
                .map(|i| format!("Self::VariantNumber{i}(body)"))
                .collect();
            s.or_arm(&four, "body.message.as_deref()");
            s.or_arm(
                &four[..2],
                "body.error.as_ref().and_then(|v| v.message.as_deref())",
            );
        });
        source.call(
            "request.query_each",
            &["\"short\"".into(), "value".into()],
            ";",
        );
        source.call(
            "request.query_each",
            &[format!("\"{}\"", "a".repeat(60)), "value".into()],
            ";",
        );
        let expected = format!(
            r#"match x {{
    200 => response.json().map(|r| r.map({a23}::Ok)),
    200 => response
        .json()
        .map(|r| r.map({a25}::Ok)),
    Self::VariantNumber0(body)
    | Self::VariantNumber1(body)
    | Self::VariantNumber2(body)
    | Self::VariantNumber3(body) => body.message.as_deref(),
    Self::VariantNumber0(body) | Self::VariantNumber1(body) => {{
        body.error.as_ref().and_then(|v| v.message.as_deref())
    }}
}}
request.query_each("short", value);
request.query_each(
    "{a60}",
    value,
);
"#,
            a23 = "A".repeat(23),
            a25 = "A".repeat(25),
            a60 = "a".repeat(60),
        );
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
