//! Upgrade: bring every version of the document the front end reads to the one model
//! the later phases know, OpenAPI 3.0 as the `openapiv3` crate types it.
//!
//! This phase runs on the parsed (and bundled) document, before the overlay. It reads
//! the version field, refuses a version it does not know by name, and rewrites the
//! document in place. Whatever it moves is recorded in the [`SourceMap`], so a problem
//! found later is still reported where the user wrote the node.

use std::path::Path;

use serde_json::Value;

use crate::diagnostics::Diagnostic;
use crate::document::origin::SourceMap;
use crate::front::Refused;

mod oas3x;
mod schema;
mod shape;
mod swagger2;
mod walk;

/// The version a document declared, before it was upgraded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SpecVersion {
    /// Swagger 2.0 (`swagger: "2.0"`).
    Swagger2,
    /// OpenAPI 3.0.x.
    OpenApi30,
    /// OpenAPI 3.1.x.
    OpenApi31,
    /// OpenAPI 3.2.x.
    OpenApi32,
}

impl SpecVersion {
    /// The version as users write it: `Swagger 2.0`, `OpenAPI 3.1`.
    pub fn name(self) -> &'static str {
        match self {
            SpecVersion::Swagger2 => "Swagger 2.0",
            SpecVersion::OpenApi30 => "OpenAPI 3.0",
            SpecVersion::OpenApi31 => "OpenAPI 3.1",
            SpecVersion::OpenApi32 => "OpenAPI 3.2",
        }
    }
}

/// Reads the version of `raw` and rewrites it as OpenAPI 3.0, recording moved parts in
/// `origins` and, in `notes`, what the 3.0 form cannot say (findings of severity
/// info or warning). A document that is not OpenAPI, or of a version this generator
/// does not know, is refused with the field that says so.
pub fn upgrade(
    path: &Path,
    raw: &mut Value,
    origins: &mut SourceMap,
    notes: &mut Vec<Diagnostic>,
) -> Result<SpecVersion, Refused> {
    let version = version(path, raw)?;
    match version {
        SpecVersion::OpenApi30 => {}
        SpecVersion::Swagger2 => swagger2::upgrade(path, raw, origins)?,
        SpecVersion::OpenApi31 | SpecVersion::OpenApi32 => {
            oas3x::upgrade(path, raw, origins, version, notes)?;
        }
    }
    Ok(version)
}

/// The version `raw` declares.
pub fn version(path: &Path, raw: &Value) -> Result<SpecVersion, Diagnostic> {
    let Some(object) = raw.as_object() else {
        return Err(Diagnostic::error(
            "not-openapi",
            path,
            "",
            "the document is not a mapping, so it is not an OpenAPI document",
        )
        .with_hint("an OpenAPI document starts with `openapi: 3.1.0` (or 3.0.x, 3.2.x, `swagger: \"2.0\"`), `info` and `paths`"));
    };
    if object.contains_key("swagger") && object.contains_key("openapi") {
        // Either reading would silently ignore half of what the document says.
        return Err(Diagnostic::error(
            "unsupported-version",
            path,
            "/swagger",
            "the document declares both `swagger` and `openapi`, so its version is unclear",
        )
        .with_hint(
            "keep the one field the document follows: `swagger: \"2.0\"` or `openapi: 3.x.y`",
        ));
    }
    if let Some(swagger) = object.get("swagger") {
        return match swagger.as_str() {
            Some("2.0") => Ok(SpecVersion::Swagger2),
            _ => Err(Diagnostic::error(
                "unsupported-version",
                path,
                "/swagger",
                format!("`swagger: {swagger}` is not a Swagger version this generator reads; only `swagger: \"2.0\"` is"),
            )
            .with_hint("write the version as the string \"2.0\" (quoted in YAML), or use an OpenAPI 3.x document")),
        };
    }
    match object.get("openapi") {
        Some(Value::String(version)) => parse_openapi_version(version).ok_or_else(|| {
            Diagnostic::error(
                "unsupported-version",
                path,
                "/openapi",
                format!("OpenAPI {version} is not a version this generator knows; it reads Swagger 2.0 and OpenAPI 3.0, 3.1 and 3.2"),
            )
            .with_hint("check the `openapi` field: it is `major.minor.patch`, such as `3.1.0`; a newer version needs a newer oagen")
        }),
        Some(other) => Err(Diagnostic::error(
            "not-openapi",
            path,
            "/openapi",
            format!("`openapi` is {other}, not a version string such as \"3.1.0\""),
        )
        .with_hint("quote the version in YAML: `openapi: \"3.1.0\"`")),
        None => Err(Diagnostic::error(
            "not-openapi",
            path,
            "",
            "the document has neither an `openapi` nor a `swagger` field, so it is not an OpenAPI document",
        )
        .with_hint("add `openapi: 3.1.0` (or the version the document follows) at the top, or point oagen at an OpenAPI document")),
    }
}

/// The known minor version of an `openapi` field: `3.0.3` and `3.1.1` are known,
/// `3.3.0`, `3.1` (no patch) and `4.0.0` are not.
pub(crate) fn parse_openapi_version(version: &str) -> Option<SpecVersion> {
    let mut parts = version.split('.');
    let (major, minor, patch) = (parts.next()?, parts.next()?, parts.next()?);
    let numeric = |part: &str| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit());
    // A pre-release suffix (`3.1.0-rc1`) is accepted on the patch number.
    let patch = patch.split_once('-').map_or(patch, |(number, _)| number);
    if parts.next().is_some() || major != "3" || !numeric(minor) || !numeric(patch) {
        return None;
    }
    match minor {
        "0" => Some(SpecVersion::OpenApi30),
        "1" => Some(SpecVersion::OpenApi31),
        "2" => Some(SpecVersion::OpenApi32),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_are_known_by_minor_and_refused_by_name() {
        for (text, expected) in [
            ("3.0.0", Some(SpecVersion::OpenApi30)),
            ("3.0.3", Some(SpecVersion::OpenApi30)),
            ("3.1.1", Some(SpecVersion::OpenApi31)),
            ("3.2.0", Some(SpecVersion::OpenApi32)),
            ("3.1.0-rc1", Some(SpecVersion::OpenApi31)),
            ("3.3.0", None),
            ("4.0.0", None),
            ("3.1", None),
            ("3.0.x", None),
            ("3.0.0.0", None),
        ] {
            assert_eq!(parse_openapi_version(text), expected, "{text}");
        }
        let refused = version(
            Path::new("a.yaml"),
            &serde_json::json!({"openapi": "3.3.0"}),
        )
        .unwrap_err();
        assert_eq!(refused.rule, "unsupported-version");
        assert!(refused.message.contains("3.3.0"), "{}", refused.message);
        let both = serde_json::json!({"openapi": "3.0.3", "swagger": "2.0"});
        let refused = version(Path::new("a.yaml"), &both).unwrap_err();
        assert_eq!(
            (refused.rule, refused.pointer.as_str()),
            ("unsupported-version", "/swagger")
        );
    }
}
