//! Render: token streams to formatted text, each file opened by the line that
//! says it is generated and by what.

use std::io::Write;
use std::process::{Command, Stdio};

use crate::emit::{EmittedFile, FileContent};

/// The marker that opens every generated file; `write` only ever removes files that carry it.
pub const MARKER: &str = "@generated";

/// A file ready to be written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenderedFile {
    /// The path relative to the crate root, with `/` separators.
    pub path: String,
    /// The full text.
    pub contents: String,
}

/// How Rust sources are laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// prettyplease alone: fast, needs nothing installed.
    Prettyplease,
    /// prettyplease, then `rustfmt`, so `cargo fmt --check` passes on the output.
    Rustfmt,
}

/// The first line of every generated file, as a sentence without comment syntax.
pub fn preamble(generated_by: &str, sources: &[String]) -> String {
    format!(
        "{MARKER} by `{generated_by}` from {}; do not edit.",
        sources.join(", ")
    )
}

/// Renders every file; fails only on a generator bug (tokens that do not parse) or a failing `rustfmt`.
pub fn render(
    files: Vec<EmittedFile>,
    preamble: &str,
    layout: Layout,
) -> Result<Vec<RenderedFile>, String> {
    files
        .into_iter()
        .map(|file| {
            let contents = match file.content {
                FileContent::Rust(tokens) => {
                    let parsed = syn::parse2::<syn::File>(tokens).map_err(|e| {
                        format!("generator bug: `{}` is not valid Rust: {e}", file.path)
                    })?;
                    let text = format!("// {preamble}\n\n{}", unparse_spaced(parsed));
                    match layout {
                        Layout::Prettyplease => text,
                        Layout::Rustfmt => rustfmt(&text)
                            .map_err(|e| format!("rustfmt failed on `{}`: {e}", file.path))?,
                    }
                }
                FileContent::RustVerbatim(source) => format!("// {preamble}\n\n{source}"),
                FileContent::Text(text) if file.path.ends_with(".md") => {
                    format!("<!-- {preamble} -->\n\n{text}")
                }
                FileContent::Text(text) => format!("# {preamble}\n\n{text}"),
            };
            Ok(RenderedFile {
                path: file.path,
                contents,
            })
        })
        .collect()
}

/// Pretty-prints a file with a blank line between top-level items, as a person
/// would lay it out (prettyplease puts them on consecutive lines).
fn unparse_spaced(file: syn::File) -> String {
    let header = syn::File {
        shebang: None,
        attrs: file.attrs,
        items: Vec::new(),
    };
    let mut parts = vec![prettyplease::unparse(&header)];
    parts.extend(file.items.into_iter().map(|item| {
        prettyplease::unparse(&syn::File {
            shebang: None,
            attrs: Vec::new(),
            items: vec![item],
        })
    }));
    parts.retain(|part| !part.trim().is_empty());
    parts.join("\n")
}

fn rustfmt(source: &str) -> Result<String, String> {
    let mut child = Command::new("rustfmt")
        .args(["--edition", "2021", "--emit", "stdout", "--quiet"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot run rustfmt ({e}); install it with `rustup component add rustfmt` or pass `--no-rustfmt`"))?;
    let mut stdin = child.stdin.take().expect("stdin was piped");
    let input = source.to_owned();
    // Writing from another thread keeps a large file from filling both pipes at once.
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let output = child.wait_with_output().map_err(|e| e.to_string())?;
    writer
        .join()
        .map_err(|_| "the rustfmt writer thread panicked".to_owned())?
        .map_err(|e| e.to_string())?;
    if !output.status.success() {
        return Err(String::from_utf8_lossy(&output.stderr).into_owned());
    }
    String::from_utf8(output.stdout).map_err(|e| e.to_string())
}
