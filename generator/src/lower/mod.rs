//! Lower: turn loaded specs into the [`ir`](crate::ir), resolving every reference
//! and choosing every name.

mod auth;
mod error_fields;
mod operations;
mod types;
mod webhooks;

use std::path::Path;

use crate::diagnostics::Diagnostic;
use crate::front::LoadedSpec;
use crate::ir::{Crate, SpecModule};
use crate::naming::{self, Scope};
use crate::Config;

pub use operations::path_template_names;

use auth::AuthRegistry;
use operations::OperationLowering;
use types::TypeLowering;

/// Lowers all specs into one crate. Returns the crate and any warnings, or every
/// diagnostic when at least one is an error.
pub fn lower(
    specs: &[LoadedSpec],
    config: &Config,
) -> Result<(Crate, Vec<Diagnostic>), Vec<Diagnostic>> {
    let mut diagnostics = Vec::new();
    let mut skipped = Vec::new();
    let mut auth = AuthRegistry::default();
    let mut module_names = Scope::with_reserved(&["client", "error", "runtime", "auth", "secret"]);
    // An accessor also names its module's file: `r#mod` or `types` would be written over
    // the spec module's own `mod.rs` or `types.rs`.
    let mut accessors =
        Scope::with_reserved(&["builder", "new", "base_url", "clone", "r#mod", "types"]);
    let mut modules = Vec::new();
    for spec in specs {
        let stem = spec
            .path
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or("api");
        let name = module_names.claim(&naming::module_name(stem));
        let mut types = TypeLowering::new(spec);
        let mut lowering = OperationLowering {
            spec,
            types: &mut types,
            auth: &mut auth,
            module_names: Scope::with_reserved(&["types"]),
            default_group: stem.to_owned(),
            diagnostics: Vec::new(),
            skipped: Vec::new(),
            text_requests: Default::default(),
        };
        let grouped = lowering.lower_all();
        let (mut groups, op_diagnostics, op_skipped, text_requests) =
            lowering.into_groups(grouped, &mut accessors);
        skipped.extend(op_skipped);
        let webhook_payloads = webhooks::payloads(spec, &types);
        let (type_defs, type_diagnostics) = types.finish();
        diagnostics.extend(type_diagnostics);
        diagnostics.extend(op_diagnostics);
        diagnostics.extend(error_fields::choose(
            &mut groups,
            &type_defs,
            &text_requests,
            &spec.path,
        ));
        let info = &spec.outline.info;
        modules.push(SpecModule {
            name,
            title: one_line(&info.title),
            api_version: info.version.clone(),
            description: info.description.clone(),
            source: file_name(&spec.path),
            types: type_defs,
            groups,
            webhook_payloads,
        });
    }
    if config.skip_unsupported {
        // Each error left a type as `serde_json::Value` or an operation out; say so and go on.
        demote_errors(&mut diagnostics);
        diagnostics.extend(skipped);
    } else if diagnostics.iter().any(Diagnostic::is_error) {
        return Err(diagnostics);
    }
    let default_base_url = specs
        .iter()
        .find_map(|s| s.outline.servers.first())
        .and_then(|server| {
            let mut url = server.url.clone();
            for (name, variable) in server.variables.iter().flatten() {
                url = url.replace(&format!("{{{name}}}"), &variable.default);
            }
            // A relative server URL says nothing about the host, so the caller must give one.
            url.contains("://")
                .then(|| url.trim_end_matches('/').to_owned())
        });
    let description = one_line(&config.description.clone().unwrap_or_else(|| {
        let titles: Vec<&str> = specs
            .iter()
            .map(|s| s.outline.info.title.as_str())
            .collect();
        format!("A typed Rust client for the {}.", titles.join(" and the "))
    }));
    Ok((
        Crate {
            name: config.crate_name.clone(),
            version: config.crate_version.clone(),
            description,
            own_workspace: config.own_workspace,
            default_base_url,
            auth: auth.finish(&config.crate_name),
            modules,
        },
        diagnostics,
    ))
}

/// Turns errors into warnings, for runs that skip what they cannot generate.
pub fn demote_errors(diagnostics: &mut [Diagnostic]) {
    for diagnostic in diagnostics.iter_mut().filter(|d| d.is_error()) {
        diagnostic.severity = crate::Severity::Warning;
    }
}

/// `text` on one line: line breaks, control characters and runs of white space become one
/// space, so a title cannot break out of `Cargo.toml`'s one-line `description` string.
fn one_line(text: &str) -> String {
    text.split(|c: char| c.is_control() || c.is_whitespace())
        .filter(|word| !word.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    #[test]
    fn descriptions_are_one_line() {
        assert_eq!(
            super::one_line("API\"\n[dependencies]\r\nevil\u{0}=\u{1b}[31m  1\t"),
            "API\" [dependencies] evil = [31m 1"
        );
    }
}
