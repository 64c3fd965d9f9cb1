//! Tests of the generator and of the generated SDK; the tests live in `tests/tests/`.
//!
//! Fixtures (small specs written for one behaviour each) live in `tests/fixtures/`.
//! The repository README is included below so that its example is compiled as a doctest.
#![doc = include_str!("../README.md")]

use std::path::{Path, PathBuf};

/// The repository root.
pub fn project_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ is inside the project")
        .to_path_buf()
}
