//! The `oagen lint` command line, shared by the binary and `cargo xtask lint`.

use std::io::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use super::config::LintConfig;
use super::{exit_code, lint_file, output, rules, LintedFile, RULES};

/// How findings are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// For people: grouped by file, with the source line.
    Text,
    /// One JSON document.
    Json,
    /// SARIF 2.1.0, for code scanning.
    Sarif,
    /// GitHub Actions annotations.
    Github,
}

/// The arguments of `oagen lint`.
#[derive(Debug, Clone, clap::Args)]
pub struct LintArgs {
    /// Swagger 2.0 or OpenAPI 3.x documents to lint, YAML or JSON (the root of a multi-file spec).
    #[arg(required_unless_present = "list_rules")]
    pub specs: Vec<PathBuf>,
    /// The output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// The config file; by default `.oagen-lint.yaml` beside the spec or above it, up to the repository root.
    #[arg(long)]
    pub config: Option<PathBuf>,
    /// Use no config file, only the rules' default severities.
    #[arg(long, conflicts_with = "config")]
    pub no_config: bool,
    /// Exit with 1 on warnings too.
    #[arg(long)]
    pub deny_warnings: bool,
    /// Write the report to this file instead of standard output.
    #[arg(long, short = 'o')]
    pub output: Option<PathBuf>,
    /// Print the rules (id, default severity, category, rationale) and exit.
    #[arg(long)]
    pub list_rules: bool,
    /// Let `$ref`s name files outside each spec's directory tree (off by default:
    /// lint runs on untrusted specs, which must not make it read files elsewhere).
    #[arg(long)]
    pub allow_outside_refs: bool,
}

/// Lints every spec, prints the report and returns the exit code (0 clean, 1
/// findings that fail the run, 2 an unreadable spec or config).
pub fn run(args: &LintArgs) -> ExitCode {
    if args.list_rules {
        let mut out = String::new();
        for rule in RULES {
            out.push_str(&format!(
                "{:<24} {:<8} {:<9} {}\n",
                rule.id,
                rules::severity_name(rule.severity),
                rule.category.as_str(),
                rule.rationale
            ));
        }
        print!("{out}");
        return ExitCode::SUCCESS;
    }
    let explicit = match &args.config {
        Some(path) => match LintConfig::load(path) {
            Ok(config) => Some(config),
            Err(message) => {
                eprintln!("error: {message}");
                return ExitCode::from(2);
            }
        },
        None => None,
    };
    let mut discovered: Vec<(PathBuf, LintConfig)> = Vec::new();
    let mut files: Vec<LintedFile> = Vec::new();
    for spec in &args.specs {
        let config = if let Some(config) = &explicit {
            config.clone()
        } else if args.no_config {
            LintConfig::default()
        } else {
            match LintConfig::discover(spec) {
                None => LintConfig::default(),
                Some(path) => match discovered.iter().find(|(p, _)| *p == path) {
                    Some((_, config)) => config.clone(),
                    None => match LintConfig::load(&path) {
                        Ok(config) => {
                            discovered.push((path, config.clone()));
                            config
                        }
                        Err(message) => {
                            eprintln!("error: {message}");
                            return ExitCode::from(2);
                        }
                    },
                },
            }
        };
        let mut config = config;
        config.allow_outside_refs = args.allow_outside_refs;
        files.push(lint_file(spec, &config));
    }
    let report = match args.format {
        Format::Text => output::text(&files),
        Format::Json => output::json(&files),
        Format::Sarif => output::sarif(&files),
        Format::Github => output::github(&files),
    };
    let written = match &args.output {
        Some(path) => std::fs::write(path, report.as_bytes()),
        None => std::io::stdout().lock().write_all(report.as_bytes()),
    };
    if let Err(error) = written {
        eprintln!("error: cannot write the report: {error}");
        return ExitCode::from(2);
    }
    if args.output.is_some() || args.format != Format::Text {
        let summary = output::Summary::of(&files);
        eprintln!(
            "oagen lint: {} error(s), {} warning(s), {} info(s) in {} file(s)",
            summary.errors, summary.warnings, summary.infos, summary.files
        );
    }
    ExitCode::from(exit_code(&files, args.deny_warnings))
}
