//! `cargo xtask diff OLD NEW`: the API changes between two versions of a spec, as
//! `oagen diff` reports them (each side a file or `REV:PATH`, overlays applied).
//!
//! For example, what the last commit changed for SDK users:
//! `cargo xtask diff HEAD~1:specs/keys.yaml specs/keys.yaml --format markdown`.

use std::process::ExitCode;

/// Runs the diff from the directory cargo was started in.
pub fn run(args: &oagen::diff::DiffArgs) -> ExitCode {
    oagen::diff::run(args)
}
