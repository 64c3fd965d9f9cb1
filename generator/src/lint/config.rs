//! The lint config file: severities, rules turned off, and findings ignored by
//! file and JSON pointer.
//!
//! ```yaml
//! # .oagen-lint.yaml (YAML or JSON)
//! rules:
//!   info-license: off          # off | info | warning | error
//!   operation-description: info
//! ignore:
//!   - rules: [secret-not-marked]          # one id or a list; none means every rule
//!     files: specs/control-plane.yaml     # glob(s) over the spec's path
//!     pointers: /components/schemas/ApiCredential   # pointer prefixes, or globs with `*`
//!     reason: published upstream without `format: password`
//! ```
//!
//! Without `--config`, the first `.oagen-lint.yaml` (or `.yml`, `.json`) found in
//! the spec's directory or above it, up to the repository root, is used.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::rules::{self, Category};
use crate::diagnostics::{Diagnostic, Severity};

/// The file names looked for, in this order, in each directory.
pub const FILE_NAMES: &[&str] = &[".oagen-lint.yaml", ".oagen-lint.yml", ".oagen-lint.json"];

/// A parsed config file, or the defaults.
#[derive(Debug, Clone, Default)]
pub struct LintConfig {
    /// Where it was read from.
    pub source: Option<PathBuf>,
    /// The directory file globs are relative to.
    base: Option<PathBuf>,
    /// A severity per rule id; `None` turns the rule off.
    rules: BTreeMap<String, Option<Severity>>,
    ignores: Vec<Ignore>,
    /// Whether a `$ref` may name a file outside the spec's directory tree. Set by the
    /// command line only: the config file lives beside the specs it would trust.
    pub allow_outside_refs: bool,
}

#[derive(Debug, Clone)]
struct Ignore {
    rules: Vec<String>,
    files: Vec<String>,
    pointers: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FileFormat {
    #[serde(default)]
    rules: BTreeMap<String, String>,
    #[serde(default)]
    ignore: Vec<IgnoreFormat>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct IgnoreFormat {
    #[serde(default, alias = "rule")]
    rules: OneOrMany,
    #[serde(default, alias = "file")]
    files: OneOrMany,
    #[serde(default, alias = "pointer")]
    pointers: OneOrMany,
    #[allow(dead_code)]
    #[serde(default)]
    reason: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(untagged)]
enum OneOrMany {
    #[default]
    None,
    One(String),
    Many(Vec<String>),
}

impl OneOrMany {
    fn into_vec(self) -> Vec<String> {
        match self {
            OneOrMany::None => Vec::new(),
            OneOrMany::One(one) => vec![one],
            OneOrMany::Many(many) => many,
        }
    }
}

impl LintConfig {
    /// Reads a config file.
    pub fn load(path: &Path) -> Result<LintConfig, String> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("cannot read the lint config {}: {e}", path.display()))?;
        let base = path
            .parent()
            .map(|p| {
                if p.as_os_str().is_empty() {
                    Path::new(".")
                } else {
                    p
                }
            })
            .map(|p| p.canonicalize().unwrap_or_else(|_| p.to_path_buf()));
        let mut config =
            LintConfig::parse(&text).map_err(|e| format!("{}: {e}", path.display()))?;
        config.source = Some(path.to_path_buf());
        config.base = base;
        Ok(config)
    }

    /// Parses config text (YAML or JSON).
    pub fn parse(text: &str) -> Result<LintConfig, String> {
        if text.trim().is_empty() {
            return Ok(LintConfig::default());
        }
        let file: FileFormat =
            serde_yaml::from_str(text).map_err(|e| format!("invalid lint config: {e}"))?;
        let mut config = LintConfig::default();
        for (id, level) in file.rules {
            let rule = known_rule(&id)?;
            let severity = match level.to_ascii_lowercase().as_str() {
                "off" | "none" | "false" => None,
                "info" | "hint" => Some(Severity::Info),
                "warning" | "warn" => Some(Severity::Warning),
                "error" => Some(Severity::Error),
                other => {
                    return Err(format!(
                        "rule `{}`: unknown level `{other}` (use off, info, warning or error)",
                        rule.id
                    ))
                }
            };
            config.rules.insert(id, severity);
        }
        for entry in file.ignore {
            let rules = entry.rules.into_vec();
            for id in &rules {
                known_rule(id)?;
            }
            config.ignores.push(Ignore {
                rules,
                files: entry.files.into_vec(),
                pointers: entry.pointers.into_vec(),
            });
        }
        Ok(config)
    }

    /// Finds the config for a spec: in its directory or above, up to the repository root.
    pub fn discover(spec: &Path) -> Option<PathBuf> {
        let start = spec
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let mut dir = start.canonicalize().ok()?;
        loop {
            for name in FILE_NAMES {
                let candidate = dir.join(name);
                if candidate.is_file() {
                    return Some(candidate);
                }
            }
            if dir.join(".git").exists() || !dir.pop() {
                return None;
            }
        }
    }

    /// Whether the rule is on (not turned off by the config).
    pub fn is_on(&self, rule: &str) -> bool {
        !matches!(self.rules.get(rule), Some(None))
    }

    /// Changes severities and removes turned-off or ignored findings of `file`.
    pub fn apply(&self, file: &Path, findings: &mut Vec<Diagnostic>) {
        if self.rules.is_empty() && self.ignores.is_empty() {
            return;
        }
        let names = self.file_names(file);
        findings.retain_mut(|finding| {
            if rules::find(finding.rule).is_some_and(|r| r.category == Category::Input) {
                return true;
            }
            if let Some(setting) = self.rules.get(finding.rule) {
                match setting {
                    None => return false,
                    Some(severity) => finding.severity = *severity,
                }
            }
            !self.ignores.iter().any(|ignore| {
                (ignore.rules.is_empty() || ignore.rules.iter().any(|r| r == finding.rule))
                    && (ignore.files.is_empty()
                        || ignore
                            .files
                            .iter()
                            .any(|g| names.iter().any(|n| glob(g, n))))
                    && (ignore.pointers.is_empty()
                        || ignore
                            .pointers
                            .iter()
                            .any(|p| pointer_matches(p, &finding.pointer)))
            })
        });
    }

    /// The names a file glob is matched against: the path as given, and relative to the config's directory.
    fn file_names(&self, file: &Path) -> Vec<String> {
        let slashes = |p: &Path| {
            let text = p.to_string_lossy().replace('\\', "/");
            text.strip_prefix("./").map(str::to_owned).unwrap_or(text)
        };
        let mut names = vec![slashes(file)];
        if let (Some(base), Ok(full)) = (&self.base, file.canonicalize()) {
            if let Ok(relative) = full.strip_prefix(base) {
                names.push(slashes(relative));
            }
        }
        names
    }
}

fn known_rule(id: &str) -> Result<&'static rules::Rule, String> {
    match rules::find(id) {
        Some(rule) if rule.category == Category::Input => Err(format!(
            "rule `{id}` reports a file that cannot be read, so it cannot be configured"
        )),
        Some(rule) => Ok(rule),
        None => Err(format!(
            "unknown rule `{id}` (`oagen lint --list-rules` lists them)"
        )),
    }
}

/// Whether a pointer pattern matches: a prefix ending at a token boundary, or a glob when it has `*`.
fn pointer_matches(pattern: &str, pointer: &str) -> bool {
    if pattern.contains('*') {
        return glob(pattern, pointer);
    }
    let pattern = pattern.strip_prefix('#').unwrap_or(pattern);
    pattern.is_empty()
        || pointer == pattern
        || pointer.starts_with(pattern) && pointer[pattern.len()..].starts_with('/')
}

/// A glob over `/`-separated text: `*` is any run within a segment, `**` any run
/// across segments, `?` one character.
pub fn glob(pattern: &str, text: &str) -> bool {
    let p: Vec<char> = pattern.chars().collect();
    let t: Vec<char> = text.chars().collect();
    // Iterative matching with memo of (pattern index, text index).
    let mut memo = vec![None; (p.len() + 1) * (t.len() + 1)];
    glob_at(&p, &t, 0, 0, &mut memo)
}

fn glob_at(p: &[char], t: &[char], i: usize, j: usize, memo: &mut [Option<bool>]) -> bool {
    let key = i * (t.len() + 1) + j;
    if let Some(done) = memo[key] {
        return done;
    }
    let result = if i == p.len() {
        j == t.len()
    } else if p[i] == '*' {
        let double = p.get(i + 1) == Some(&'*');
        let next = if double { i + 2 } else { i + 1 };
        // `**/` also matches no directory at all.
        (double && p.get(next) == Some(&'/') && glob_at(p, t, next + 1, j, memo))
            || glob_at(p, t, next, j, memo)
            || (j < t.len() && (double || t[j] != '/') && glob_at(p, t, i, j + 1, memo))
    } else if j < t.len() && (p[i] == '?' && t[j] != '/' || p[i] == t[j]) {
        glob_at(p, t, i + 1, j + 1, memo)
    } else {
        false
    };
    memo[key] = Some(result);
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn globs_and_pointer_prefixes() {
        assert!(glob("specs/*.yaml", "specs/keys.yaml"));
        assert!(!glob("specs/*.yaml", "specs/a/keys.yaml"));
        assert!(glob("**/*.yaml", "specs/a/keys.yaml"));
        assert!(glob("**/keys.yaml", "keys.yaml"));
        assert!(glob("/paths/*/get", "/paths/~1keys/get"));
        assert!(pointer_matches(
            "/components/schemas/A",
            "/components/schemas/A/properties/x"
        ));
        assert!(!pointer_matches(
            "/components/schemas/A",
            "/components/schemas/AB"
        ));
    }

    #[test]
    fn unknown_rules_and_levels_are_refused() {
        assert!(LintConfig::parse("rules:\n  nope: off\n").is_err());
        assert!(LintConfig::parse("rules:\n  info-license: loud\n").is_err());
        assert!(LintConfig::parse("rules:\n  malformed-yaml: off\n").is_err());
        assert!(LintConfig::parse("surprise: 1\n").is_err());
        assert!(LintConfig::parse("ignore:\n  - rule: info-license\n    pointer: /info\n").is_ok());
    }
}
