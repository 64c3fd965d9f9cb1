//! The one module of a generated crate that is the user's: `src/custom/mod.rs`.
//!
//! Teams add convenience methods and trait impls next to an SDK, and a generated
//! directory gives them nowhere to put them: every run rewrites or sweeps what is
//! there. So the crate declares `pub mod custom;`, and the generator emits this file's
//! first version, which carries no generated line: the writer creates it when it is
//! missing and otherwise leaves it alone ([`crate::render::is_user_file`]), `--check`
//! does not compare it, and the stale-file sweep, which removes only marked files,
//! never touches it or anything beside it in `src/custom/`.

/// Where the user's module lives in the crate.
pub const PATH: &str = "src/custom/mod.rs";

/// The file as first written. It must open with `//! ` and
/// [`crate::render::USER_FILE`], which is how the writer knows it.
pub const FIRST_VERSION: &str = "\
//! Your own code beside the generated crate: oagen wrote this file once and never
//! changes, checks or removes it, so what you add here survives every regeneration.
//!
//! Declare more modules here (`mod helpers;` for `src/custom/helpers.rs`); they are
//! yours too. Code here is inside the crate, so it can add methods to the client
//! (`impl crate::Client { ... }`) and implement your own traits for generated types.
";

#[cfg(test)]
mod tests {
    #[test]
    fn the_first_version_is_known_as_the_users() {
        assert!(crate::render::is_user_file(super::FIRST_VERSION));
        assert!(!super::FIRST_VERSION.contains(crate::render::MARKER));
    }
}
