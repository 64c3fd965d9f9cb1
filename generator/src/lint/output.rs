//! The output formats of `oagen lint`: text for people, JSON, SARIF 2.1.0 for
//! code-scanning tools, and GitHub Actions workflow commands.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::Path;

use serde::Serialize;
use serde_json::{json, Value};

use super::rules::{self, RULES};
use super::LintedFile;
use crate::diagnostics::{Diagnostic, Severity};

/// The totals of a run.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    /// Files linted.
    pub files: usize,
    /// Findings by severity.
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
}

impl Summary {
    /// Counts the findings of every file.
    pub fn of(files: &[LintedFile]) -> Summary {
        let mut summary = Summary {
            files: files.len(),
            ..Summary::default()
        };
        for finding in files.iter().flat_map(|f| &f.findings) {
            match finding.severity {
                Severity::Error => summary.errors += 1,
                Severity::Warning => summary.warnings += 1,
                Severity::Info => summary.infos += 1,
            }
        }
        summary
    }
}

fn plural(count: usize, word: &str) -> String {
    if count == 1 {
        format!("1 {word}")
    } else {
        format!("{count} {word}s")
    }
}

fn display_path(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

/// Text for people: grouped by file, each finding with its source line and hint.
pub fn text(files: &[LintedFile]) -> String {
    let mut out = String::new();
    for file in files {
        let name = display_path(&file.path);
        if file.findings.is_empty() {
            let _ = writeln!(out, "{name}: clean");
            continue;
        }
        let _ = writeln!(
            out,
            "{name}: {}, {}, {}\n",
            plural(file.count(Severity::Error), "error"),
            plural(file.count(Severity::Warning), "warning"),
            plural(file.count(Severity::Info), "info")
        );
        let lines: Vec<&str> = file.text.lines().collect();
        // Findings of a multi-file spec lie in the files their nodes were written in.
        let mut others: HashMap<&Path, String> = HashMap::new();
        for finding in &file.findings {
            let here = *finding.file == *file.path;
            let name = match here {
                true => name.clone(),
                false => display_path(&finding.file),
            };
            let other_lines: Vec<&str>;
            let lines = match here {
                true => &lines,
                false => {
                    let text = others.entry(&finding.file).or_insert_with(|| {
                        std::fs::read_to_string(&finding.file).unwrap_or_default()
                    });
                    other_lines = text.lines().collect();
                    &other_lines
                }
            };
            let _ = writeln!(
                out,
                "{}[{}]: {}",
                rules::severity_name(finding.severity),
                finding.rule,
                finding.message
            );
            let _ = write!(out, "  --> {name}");
            if let Some(at) = finding.location {
                let _ = write!(out, ":{}:{}", at.line, at.column);
            }
            if !finding.pointer.is_empty() {
                let _ = write!(out, " (at {})", finding.pointer);
            }
            out.push('\n');
            if let Some(at) = finding.location {
                if let Some(line) = lines.get(at.line as usize - 1) {
                    let number = at.line.to_string();
                    let pad = " ".repeat(number.len());
                    let line = line.trim_end();
                    let shown: String = line.chars().take(160).collect();
                    let ellipsis = if shown.len() < line.len() { " ..." } else { "" };
                    let caret = " ".repeat((at.column as usize).saturating_sub(1).min(160));
                    let _ = writeln!(
                        out,
                        " {pad} |\n {number} | {shown}{ellipsis}\n {pad} | {caret}^"
                    );
                }
            }
            if let Some(hint) = &finding.hint {
                let _ = writeln!(out, "  = help: {hint}");
            }
            out.push('\n');
        }
    }
    let summary = Summary::of(files);
    let _ = writeln!(
        out,
        "{}, {}, {} in {}",
        plural(summary.errors, "error"),
        plural(summary.warnings, "warning"),
        plural(summary.infos, "info"),
        plural(summary.files, "file")
    );
    out
}

/// The JSON report, serialized field by field as declared: building it as a
/// `serde_json::Value` first took longer than linting a big spec's tree rules.
#[derive(Serialize)]
struct JsonReport<'a> {
    tool: &'static str,
    version: &'static str,
    files: Vec<JsonFile>,
    findings: Vec<JsonFinding<'a>>,
    summary: Summary,
}

#[derive(Serialize)]
struct JsonFile {
    path: String,
    unreadable: bool,
    errors: usize,
    warnings: usize,
    infos: usize,
}

#[derive(Serialize)]
struct JsonFinding<'a> {
    rule: &'a str,
    severity: &'static str,
    category: Option<&'static str>,
    message: &'a str,
    file: String,
    line: Option<u32>,
    column: Option<u32>,
    pointer: &'a str,
    hint: Option<&'a str>,
}

impl<'a> JsonFinding<'a> {
    fn of(finding: &'a Diagnostic) -> Self {
        JsonFinding {
            rule: finding.rule,
            severity: rules::severity_name(finding.severity),
            category: rules::find(finding.rule).map(|r| r.category.as_str()),
            message: &finding.message,
            file: display_path(&finding.file),
            line: finding.location.map(|l| l.line),
            column: finding.location.map(|l| l.column),
            pointer: &finding.pointer,
            hint: finding.hint.as_deref(),
        }
    }
}

/// One JSON document: every finding, flat, and the totals.
pub fn json(files: &[LintedFile]) -> String {
    let report = JsonReport {
        tool: "oagen lint",
        version: env!("CARGO_PKG_VERSION"),
        files: files
            .iter()
            .map(|f| JsonFile {
                path: display_path(&f.path),
                unreadable: f.unreadable,
                errors: f.count(Severity::Error),
                warnings: f.count(Severity::Warning),
                infos: f.count(Severity::Info),
            })
            .collect(),
        findings: files
            .iter()
            .flat_map(|f| &f.findings)
            .map(JsonFinding::of)
            .collect(),
        summary: Summary::of(files),
    };
    let mut text = serde_json::to_string_pretty(&report).unwrap_or_default();
    text.push('\n');
    text
}

fn sarif_level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// A relative URI reference for a path (RFC 3986), as SARIF's artifactLocation wants.
fn uri(path: &Path) -> String {
    let text = display_path(path);
    let text = text.strip_prefix("./").unwrap_or(&text);
    let mut out = String::new();
    if path.is_absolute() {
        out.push_str("file://");
        if !text.starts_with('/') {
            out.push('/');
        }
    }
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~/:@!$&'()*+,;=".contains(&byte) {
            out.push(byte as char);
        } else {
            let _ = write!(out, "%{byte:02X}");
        }
    }
    out
}

/// A SARIF 2.1.0 log with one run: every rule of the table, and the findings.
pub fn sarif(files: &[LintedFile]) -> String {
    let rules: Vec<Value> = RULES
        .iter()
        .map(|rule| {
            json!({
                "id": rule.id,
                "name": rule.id,
                "shortDescription": { "text": rule.rationale },
                "fullDescription": { "text": rule.rationale },
                "help": { "text": rule.hint },
                "defaultConfiguration": { "level": sarif_level(rule.severity) },
                "properties": { "category": rule.category.as_str(), "tags": [rule.category.as_str()] },
            })
        })
        .collect();
    let results: Vec<Value> = files
        .iter()
        .flat_map(|f| &f.findings)
        .map(|finding| {
            let mut physical = json!({ "artifactLocation": { "uri": uri(&finding.file) } });
            if let Some(at) = finding.location {
                physical["region"] =
                    json!({ "startLine": at.line.max(1), "startColumn": at.column.max(1) });
            }
            let mut message = finding.message.clone();
            if let Some(hint) = &finding.hint {
                message.push_str("\nFix: ");
                message.push_str(hint);
            }
            let mut result = json!({
                "ruleId": finding.rule,
                "level": sarif_level(finding.severity),
                "message": { "text": message },
                "locations": [{ "physicalLocation": physical }],
            });
            if let Some(index) = RULES.iter().position(|r| r.id == finding.rule) {
                result["ruleIndex"] = json!(index);
            }
            if !finding.pointer.is_empty() {
                result["locations"][0]["logicalLocations"] =
                    json!([{ "fullyQualifiedName": finding.pointer, "kind": "member" }]);
            }
            result
        })
        .collect();
    let log = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "oagen",
                "semanticVersion": env!("CARGO_PKG_VERSION"),
                "informationUri": "https://github.com/altostrat/oagen",
                "rules": rules,
            }},
            "results": results,
            "columnKind": "unicodeCodePoints",
        }],
    });
    let mut text = serde_json::to_string_pretty(&log).unwrap_or_default();
    text.push('\n');
    text
}

/// Escapes the data of a workflow command.
fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a property of a workflow command.
fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

/// GitHub Actions workflow commands: one `::error`/`::warning`/`::notice` line per finding.
pub fn github(files: &[LintedFile]) -> String {
    let mut out = String::new();
    for finding in files.iter().flat_map(|f| &f.findings) {
        let level = match finding.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "notice",
        };
        let _ = write!(
            out,
            "::{level} file={}",
            escape_property(&display_path(&finding.file))
        );
        if let Some(at) = finding.location {
            let _ = write!(out, ",line={},col={}", at.line, at.column);
        }
        let mut message = finding.message.clone();
        if !finding.pointer.is_empty() {
            let _ = write!(message, " (at {})", finding.pointer);
        }
        if let Some(hint) = &finding.hint {
            let _ = write!(message, "\nFix: {hint}");
        }
        let _ = writeln!(
            out,
            ",title={}::{}",
            escape_property(finding.rule),
            escape_data(&message)
        );
    }
    out
}
