//! The `oagen bundle` command: a multi-file spec written as one document.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use serde_json::Value;

use super::BundleOptions;
use crate::diagnostics::Diagnostic;

/// How the bundled document is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// YAML.
    Yaml,
    /// JSON, indented.
    Json,
}

/// The arguments of `oagen bundle`.
#[derive(Debug, Clone, clap::Args)]
pub struct BundleArgs {
    /// The root document of the spec, YAML or JSON (Swagger 2.0 or OpenAPI 3.x).
    #[arg(long)]
    pub spec: PathBuf,
    /// The file to write; standard output when absent.
    #[arg(long, short = 'o')]
    pub out: Option<PathBuf>,
    /// The format written; by default JSON when the output file is named `.json`, else YAML.
    #[arg(long, value_enum)]
    pub format: Option<Format>,
    /// Let `$ref`s name files outside the spec's directory tree.
    #[arg(long)]
    pub allow_outside_refs: bool,
}

/// Bundles the spec and writes it: exit 0, or 1 with the diagnostics (nothing written).
pub fn run(args: &BundleArgs) -> ExitCode {
    let options = BundleOptions {
        allow_outside_refs: args.allow_outside_refs,
    };
    let format = args.format.unwrap_or(match &args.out {
        Some(out)
            if out
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("json")) =>
        {
            Format::Json
        }
        _ => Format::Yaml,
    });
    let written = bundle_file(&args.spec, &options).and_then(|bundled| {
        let text = render(&bundled, format);
        match &args.out {
            Some(out) => write_output(out, &args.spec, &text),
            None => {
                print!("{text}");
                Ok(())
            }
        }
    });
    match written {
        Ok(()) => ExitCode::SUCCESS,
        Err(diagnostic) => {
            let mut diagnostics = [diagnostic];
            crate::document::locate::locate_diagnostics(&mut diagnostics);
            eprintln!("{}\n", diagnostics[0]);
            eprintln!("error: the spec could not be bundled; nothing was written");
            ExitCode::FAILURE
        }
    }
}

/// Writes the bundle to `out`, which must not be a symbolic link (the write would land
/// wherever it points) nor the spec itself.
fn write_output(out: &Path, spec: &Path, text: &str) -> Result<(), Diagnostic> {
    let refuse = |message: &str, hint: &str| {
        Diagnostic::error("unwritable-file", out, "", message.to_owned()).with_hint(hint.to_owned())
    };
    if std::fs::symlink_metadata(out).is_ok_and(|m| m.file_type().is_symlink()) {
        return Err(refuse(
            "the output is a symbolic link, which oagen does not write through",
            "name the file itself, not a link to it",
        ));
    }
    let same = std::fs::canonicalize(out)
        .ok()
        .is_some_and(|out| std::fs::canonicalize(spec).is_ok_and(|spec| spec == out));
    if same {
        return Err(refuse(
            "the output is the spec being bundled, which it would overwrite",
            "write the bundle to another file",
        ));
    }
    std::fs::write(out, text).map_err(|error| {
        Diagnostic::error(
            "unwritable-file",
            out,
            "",
            format!("cannot write the bundled spec: {error}"),
        )
        .with_hint("check that the directory exists and is writable")
    })
}

/// The spec whose root document is at `path`, with every part of other files brought in.
pub fn bundle_file(path: &Path, options: &BundleOptions) -> Result<Value, Diagnostic> {
    let text = crate::front::read::read_text(path)?;
    let mut raw = crate::front::read::parse_root(path, &text)?;
    // The same versions as generate and lint, so a bundle never holds what they refuse.
    crate::front::upgrade::version(path, &raw)?;
    let mut origins = crate::document::origin::SourceMap::default();
    super::bundle(path, &mut raw, &mut origins, options)?;
    Ok(raw)
}

/// The document as text in `format`, ending with a new line.
fn render(value: &Value, format: Format) -> String {
    let mut text = match format {
        // Neither can fail on a tree of JSON values, whose keys are strings.
        Format::Json => serde_json::to_string_pretty(value).unwrap_or_default(),
        Format::Yaml => serde_yaml::to_string(value).unwrap_or_default(),
    };
    if !text.ends_with('\n') {
        text.push('\n');
    }
    text
}
