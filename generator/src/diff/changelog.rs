//! The version and changelog of a generated crate, derived from its committed state.
//!
//! The committed crate carries `api.json`: its version and its [`ApiSurface`].
//! Each generation compares the new surface with it. When they are equal nothing
//! moves (the version stays, `CHANGELOG.md` is left as it is); when they differ
//! the version is bumped per semver ([`super::suggest_bump`]) and an entry (the
//! diff as Markdown) is put at the top of `CHANGELOG.md`.
//!
//! Why a file in the crate rather than the specs at git `HEAD`: it describes the
//! crate as committed, whatever generator built it, so a change of the generator
//! that renames something shows up too; it needs no git history (a shallow clone
//! or a copy of the tree works), and the version lives beside the API it belongs to.

use serde::{Deserialize, Serialize};

use super::surface::ApiSurface;
use super::{bumped, compare, finish, markdown_changes, Bump, Change, Skipped};

/// The file name of the committed API summary.
pub const API_FILE: &str = "api.json";
/// The file name of the changelog.
pub const CHANGELOG_FILE: &str = "CHANGELOG.md";
/// The version of a crate that has no `api.json` yet.
pub const FIRST_VERSION: &str = "0.1.0";

/// What `api.json` holds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ApiFile {
    /// Says the file is generated.
    #[serde(rename = "@generated")]
    pub generated: String,
    /// The crate's package name.
    #[serde(rename = "crate")]
    pub crate_name: String,
    /// The crate version this API was released as.
    pub version: String,
    /// The public API.
    pub api: ApiSurface,
}

/// The files of a new generation that carry its version and history.
#[derive(Debug, Clone, PartialEq)]
pub struct Release {
    /// The crate version to generate.
    pub version: String,
    /// The new `api.json`.
    pub api_json: String,
    /// The new `CHANGELOG.md`.
    pub changelog: String,
    /// The changes since the committed API (empty when nothing changed).
    pub changes: Vec<Change>,
    /// The bump applied.
    pub bump: Bump,
}

/// Derives the version, `api.json` and `CHANGELOG.md` of a new generation.
///
/// `committed_api` and `committed_changelog` are the files as committed (if
/// any); `locate` fills in the files and positions of the changes; `specs`
/// names the spec files for the entry's first line.
pub fn release(
    crate_name: &str,
    generated_by: &str,
    new_api: ApiSurface,
    committed_api: Option<&str>,
    committed_changelog: Option<&str>,
    specs: &str,
    locate: impl FnOnce(&mut Vec<Change>),
) -> Result<Release, String> {
    let previous: Option<ApiFile> = committed_api
        .map(|text| {
            serde_json::from_str(text)
                .map_err(|e| format!("{API_FILE} is not a valid API summary: {e}"))
        })
        .transpose()?;
    let (version, changes, bump, entry) = match &previous {
        None => (
            FIRST_VERSION.to_owned(),
            Vec::new(),
            Bump::None,
            Some(format!(
                "## {FIRST_VERSION}\n\nFirst release, generated from {specs}: {} methods and {} types.\n\n",
                new_api.modules.iter().map(|m| m.operations.len()).sum::<usize>(),
                new_api.modules.iter().map(|m| m.types.len()).sum::<usize>(),
            )),
        ),
        Some(previous) => {
            let mut changes = compare(&previous.api, &new_api);
            locate(&mut changes);
            let report = finish(
                String::new(),
                String::new(),
                changes,
                Some(&previous.version),
                Skipped::default(),
            );
            if report.changes.is_empty() {
                (previous.version.clone(), Vec::new(), Bump::None, None)
            } else {
                let version = bumped(&previous.version, report.bump).ok_or_else(|| {
                    format!(
                        "{API_FILE} has version `{}`, which is not MAJOR.MINOR.PATCH",
                        previous.version
                    )
                })?;
                let entry = format!(
                    "## {version}\n\nGenerated from {specs}. {} breaking change(s), {} other change(s); a {} bump from {}.\n\n{}",
                    report.breaking,
                    report.changes.len() - report.breaking,
                    serde_json::to_value(report.bump)
                        .ok()
                        .and_then(|v| v.as_str().map(str::to_owned))
                        .unwrap_or_default(),
                    previous.version,
                    markdown_changes(&report.changes)
                );
                (version, report.changes, report.bump, Some(entry))
            }
        }
    };
    let changelog = match (committed_changelog, entry) {
        (Some(text), None) => text.to_owned(),
        (existing, entry) => {
            let text = prepend(
                crate_name,
                generated_by,
                existing,
                &entry.unwrap_or_default(),
            );
            format!("{}\n", text.trim_end())
        }
    };
    let file = ApiFile {
        generated: format!(
            "by oagen (`{generated_by}`); do not edit. The public API of this version, compared with the next generation to write CHANGELOG.md and bump the version"
        ),
        crate_name: crate_name.to_owned(),
        version: version.clone(),
        api: new_api,
    };
    let mut api_json = serde_json::to_string_pretty(&file).map_err(|e| e.to_string())?;
    api_json.push('\n');
    Ok(Release {
        version,
        api_json,
        changelog,
        changes,
        bump,
    })
}

/// The changelog with `entry` above its newest entry.
fn prepend(crate_name: &str, generated_by: &str, existing: Option<&str>, entry: &str) -> String {
    let header = format!(
        "# Changelog of `{crate_name}`\n\n`{generated_by}` adds an entry whenever the public API changes: the API diff\n(`oagen diff`) against the previous version, and the semver bump it calls for (below 1.0, a breaking\nchange bumps the minor version). Locations are in the new spec, or in the previous one for what was removed.\n\n"
    );
    match existing {
        None => format!("{header}{entry}"),
        Some(text) => match text.find("\n## ") {
            Some(at) => format!("{}{entry}{}", &text[..=at], &text[at + 1..]),
            None => format!("{}\n{entry}", text.trim_end()),
        },
    }
}
