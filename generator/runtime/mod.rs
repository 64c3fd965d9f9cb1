//! The hand-written part of the client: HTTP plumbing, errors and credentials.
//!
//! These files are copied verbatim from the generator, so every client it makes
//! behaves the same way. One API uses only part of the runtime (an API without
//! cookie credentials never places one), hence the allowance for unused code.

#![allow(dead_code)]

pub(crate) mod client;
pub(crate) mod error;
pub(crate) mod nullable;
pub(crate) mod request;
pub(crate) mod response;
pub(crate) mod secret;
pub(crate) mod unknown;
