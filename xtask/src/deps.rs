//! `cargo xtask deps`: checks the generated crate's dependency tree the way
//! `cargo deny check licenses bans sources` would, without installing cargo-deny (which takes
//! over six minutes to build on a 2-core CI machine). It reads `cargo metadata` offline:
//!
//! - **licenses**: every package's SPDX expression must be satisfiable from [`ALLOWED`];
//! - **sources**: every package comes from crates.io;
//! - **bans**: no crate appears in two versions, except those listed in [`DUPLICATES_ALLOWED`]
//!   with the reason.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Command, ExitCode};

use serde_json::Value;

/// Licenses a dependency may be under (permissive; OSI approved).
const ALLOWED: &[&str] = &[
    "MIT",
    "MIT-0",
    "Apache-2.0",
    "Apache-2.0 WITH LLVM-exception",
    "BSD-2-Clause",
    "BSD-3-Clause",
    "ISC",
    "Unicode-3.0",
    "Unicode-DFS-2016",
    "Zlib",
    "CDLA-Permissive-2.0",
    "0BSD",
    "Unlicense",
    "BSL-1.0",
    "OpenSSL",
];

/// Crates allowed in two versions, and why.
const DUPLICATES_ALLOWED: &[(&str, &str)] = &[
    (
        "base64",
        "reqwest 0.12 uses 0.22, hyper-util 0.1 uses 0.23; both upstream",
    ),
    (
        "getrandom",
        "ring (rustls) uses 0.2, uuid 1 uses 0.4; both upstream",
    ),
];

const CRATES_IO: &[&str] = &[
    "registry+https://github.com/rust-lang/crates.io-index",
    "sparse+https://index.crates.io/",
];

/// Whether an SPDX expression (`A OR B`, `(A OR B) AND C`, `A/B`) is satisfiable from [`ALLOWED`].
fn license_ok(expression: &str) -> bool {
    let expression = expression.replace('/', " OR ");
    // Good enough for what crates.io holds: OR binds looser than AND; parentheses only group ORs.
    let tokens: Vec<String> = expression
        .replace('(', " ( ")
        .replace(')', " ) ")
        .split_whitespace()
        .map(str::to_owned)
        .collect();
    let mut position = 0;
    parse_or(&tokens, &mut position)
}

fn parse_or(tokens: &[String], position: &mut usize) -> bool {
    let mut ok = parse_and(tokens, position);
    while tokens.get(*position).is_some_and(|t| t == "OR") {
        *position += 1;
        ok |= parse_and(tokens, position);
    }
    ok
}

fn parse_and(tokens: &[String], position: &mut usize) -> bool {
    let mut ok = parse_atom(tokens, position);
    while tokens.get(*position).is_some_and(|t| t == "AND") {
        *position += 1;
        ok &= parse_atom(tokens, position);
    }
    ok
}

fn parse_atom(tokens: &[String], position: &mut usize) -> bool {
    match tokens.get(*position).map(String::as_str) {
        Some("(") => {
            *position += 1;
            let ok = parse_or(tokens, position);
            if tokens.get(*position).is_some_and(|t| t == ")") {
                *position += 1;
            }
            ok
        }
        Some(license) => {
            *position += 1;
            let mut name = license.to_owned();
            if tokens.get(*position).is_some_and(|t| t == "WITH") {
                name = format!(
                    "{name} WITH {}",
                    tokens.get(*position + 1).map_or("", |s| s)
                );
                *position += 2;
            }
            ALLOWED.contains(&name.as_str()) || ALLOWED.contains(&license)
        }
        None => false,
    }
}

/// Checks the crate at `manifest_dir`; prints each problem and a summary.
pub fn run(root: &Path, manifest_dir: Option<&Path>) -> ExitCode {
    let dir = manifest_dir.map_or_else(|| root.join("generated"), Path::to_path_buf);
    let host = Command::new("rustc")
        .args(["-vV"])
        .output()
        .ok()
        .and_then(|o| {
            String::from_utf8_lossy(&o.stdout)
                .lines()
                .find_map(|l| l.strip_prefix("host: ").map(str::to_owned))
        });
    let mut command = crate::cargo(&dir, &[]);
    command.args([
        "metadata",
        "--format-version",
        "1",
        "--all-features",
        "--locked",
        "--offline",
    ]);
    if let Some(host) = &host {
        command.args(["--filter-platform", host]);
    }
    let output = match command.output() {
        Ok(output) if output.status.success() => output,
        Ok(output) => {
            eprintln!(
                "error: cargo metadata failed in {}:\n{}",
                dir.display(),
                String::from_utf8_lossy(&output.stderr)
            );
            return ExitCode::FAILURE;
        }
        Err(error) => {
            eprintln!("error: cannot run cargo: {error}");
            return ExitCode::FAILURE;
        }
    };
    let Ok(metadata) = serde_json::from_slice::<Value>(&output.stdout) else {
        eprintln!("error: cargo metadata did not print JSON");
        return ExitCode::FAILURE;
    };
    let resolved: Vec<&str> = metadata["resolve"]["nodes"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|node| node["id"].as_str())
        .collect();
    let mut problems = Vec::new();
    let mut versions: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    let mut checked = 0;
    for package in metadata["packages"].as_array().into_iter().flatten() {
        let id = package["id"].as_str().unwrap_or_default();
        let Some(source) = package["source"].as_str() else {
            continue; // the crate itself
        };
        if !resolved.contains(&id) {
            continue;
        }
        checked += 1;
        let name = package["name"].as_str().unwrap_or_default();
        let version = package["version"].as_str().unwrap_or_default();
        if !CRATES_IO.contains(&source) {
            problems.push(format!(
                "source: {name} {version} comes from {source}, not crates.io"
            ));
        }
        match package["license"].as_str() {
            Some(license) if license_ok(license) => {}
            Some(license) => {
                problems.push(format!("license: {name} {version} is under `{license}`"))
            }
            None => problems.push(format!("license: {name} {version} states no SPDX license")),
        }
        versions.entry(name).or_default().push(version);
    }
    for (name, list) in &versions {
        if list.len() > 1 && !DUPLICATES_ALLOWED.iter().any(|(n, _)| n == name) {
            problems.push(format!(
                "bans: {name} is built in {} versions: {}",
                list.len(),
                list.join(", ")
            ));
        }
    }
    for problem in &problems {
        eprintln!("{problem}");
    }
    println!(
        "deps: {checked} packages of {} checked (licenses, sources, duplicates): {} problems",
        dir.display(),
        problems.len()
    );
    if problems.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

#[cfg(test)]
mod tests {
    use super::license_ok;

    #[test]
    fn spdx_expressions_are_read() {
        for ok in [
            "MIT",
            "MIT OR Apache-2.0",
            "MIT/Apache-2.0",
            "(MIT OR Apache-2.0) AND Unicode-3.0",
            "Apache-2.0 WITH LLVM-exception OR Apache-2.0 OR MIT",
            "GPL-3.0 OR MIT",
        ] {
            assert!(license_ok(ok), "{ok}");
        }
        for bad in [
            "GPL-3.0",
            "MIT AND GPL-2.0",
            "",
            "(GPL-3.0 OR AGPL-3.0) AND MIT",
        ] {
            assert!(!license_ok(bad), "{bad}");
        }
    }
}
