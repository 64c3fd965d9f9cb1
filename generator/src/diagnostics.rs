//! The one diagnostic type shared by every phase.
//!
//! Loading, checking and lowering all report problems as [`Diagnostic`]s so that a
//! user sees the same shape of message (file, location, what is wrong, what to do)
//! whichever phase found it.

use std::fmt;
use std::path::Path;
use std::sync::Arc;

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// A remark from the linter; never fails a run.
    Info,
    /// Worth knowing; generation goes on unchanged.
    Warning,
    /// Generation cannot produce a correct client; nothing is written.
    Error,
}

/// A position in a source file, both 1-based.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct LineColumn {
    /// The line, counting from 1.
    pub line: u32,
    /// The column in characters, counting from 1.
    pub column: u32,
}

impl LineColumn {
    /// A position from the `usize`s parsers report, saturating on absurd sizes.
    pub fn new(line: usize, column: usize) -> Self {
        LineColumn {
            line: u32::try_from(line).unwrap_or(u32::MAX),
            column: u32::try_from(column).unwrap_or(u32::MAX),
        }
    }
}

/// One problem found in a spec, with where it is and how to fix it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// A stable identifier for the kind of problem, such as `unresolved-ref`.
    pub rule: &'static str,
    /// Whether generation can go on.
    pub severity: Severity,
    /// The spec file the problem is in.
    pub file: Arc<Path>,
    /// The JSON pointer of the offending node (`/paths/~1keys/get`), or empty for the whole file.
    pub pointer: String,
    /// The line and column of the node, when the loader could tell.
    pub location: Option<LineColumn>,
    /// What is wrong, as a sentence.
    pub message: String,
    /// What the user can do about it, as a sentence.
    pub hint: Option<String>,
}

impl Diagnostic {
    /// An error at `pointer` in `file`.
    pub fn error(
        rule: &'static str,
        file: &Path,
        pointer: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            rule,
            severity: Severity::Error,
            file: Arc::from(file),
            pointer: pointer.into(),
            location: None,
            message: message.into(),
            hint: None,
        }
    }

    /// A warning at `pointer` in `file`.
    pub fn warning(
        rule: &'static str,
        file: &Path,
        pointer: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(rule, file, pointer, message)
        }
    }

    /// Adds the sentence telling the user what to do.
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// Adds the line and column of the node.
    pub fn at(mut self, location: Option<LineColumn>) -> Self {
        self.location = location;
        self
    }

    /// Whether this diagnostic stops generation.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let severity = match self.severity {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        };
        write!(f, "{severity}[{}]: {}", self.rule, self.message)?;
        write!(f, "\n  --> {}", self.file.display())?;
        if let Some(LineColumn { line, column }) = self.location {
            write!(f, ":{line}:{column}")?;
        }
        if !self.pointer.is_empty() {
            write!(f, " (at {})", self.pointer)?;
        }
        if let Some(hint) = &self.hint {
            write!(f, "\n  = help: {hint}")?;
        }
        Ok(())
    }
}

/// Escapes one JSON pointer reference token (RFC 6901).
pub fn escape_pointer_token(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

/// Appends `/` and `token`, escaped, to a JSON pointer, copying no more than it must:
/// most tokens have nothing to escape.
pub fn push_pointer_token(pointer: &mut String, token: &str) {
    pointer.push('/');
    if token.contains(['~', '/']) {
        pointer.push_str(&escape_pointer_token(token));
    } else {
        pointer.push_str(token);
    }
}

/// The rule of a part copied into the document more often than [`MAX_COPIES`].
pub const COPIED_TOO_OFTEN: &str = "copied-too-often";

/// How many times the front end copies one part (a path item of another file, or of
/// `components/pathItems`) into the places that reference it. Parts that reference a
/// part twice, level after level, would otherwise double the document at each level.
pub const MAX_COPIES: usize = 256;

/// The refusal of a part copied more than [`MAX_COPIES`] times, at the `$ref` (in
/// `file`, at `at`) that would copy it once more.
pub fn copied_too_often(file: &Path, at: &str, part: &str) -> Diagnostic {
    Diagnostic::error(
        COPIED_TOO_OFTEN,
        file,
        at,
        format!("`{part}` would be copied in more than {MAX_COPIES} times: parts that reference it from several places, level after level, multiply the document"),
    )
    .with_hint("reference the part from fewer places, or make the repeated part a component that is referenced rather than copied")
}

/// Undoes [`escape_pointer_token`].
pub fn unescape_pointer_token(token: &str) -> String {
    token.replace("~1", "/").replace("~0", "~")
}

/// Decodes `%XX` escapes, as a `$ref` (its file part and its fragment) may carry them;
/// text that would not be UTF-8 once decoded is left as it is.
pub fn percent_decode(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains('%') {
        return text.into();
    }
    let bytes = text.as_bytes();
    let hex = |b: u8| (b as char).to_digit(16);
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let (Some(high), Some(low)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push((high * 16 + low) as u8);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).map_or(text.into(), Into::into)
}

/// Builds a JSON pointer from unescaped tokens.
pub fn pointer<'a>(tokens: impl IntoIterator<Item = &'a str>) -> String {
    tokens
        .into_iter()
        .map(|t| format!("/{}", escape_pointer_token(t)))
        .collect()
}

/// Choices as a message lists them: "`a`, `b` or `c`" (one alone as "`a`").
pub fn one_of(choices: &[&str]) -> String {
    let quoted: Vec<String> = choices.iter().map(|c| format!("`{c}`")).collect();
    match quoted.split_last() {
        Some((last, [])) => last.clone(),
        Some((last, others)) => format!("{} or {last}", others.join(", ")),
        None => String::new(),
    }
}
