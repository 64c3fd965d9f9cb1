//! Your own code beside the generated crate: oagen wrote this file once and never
//! changes, checks or removes it, so what you add here survives every regeneration.
//!
//! Declare more modules here (`mod helpers;` for `src/custom/helpers.rs`); they are
//! yours too. Code here is inside the crate, so it can add methods to the client
//! (`impl crate::Client { ... }`) and implement your own traits for generated types.
