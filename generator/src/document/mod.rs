//! The document layer, at the bottom of the front end: what every phase reads a
//! loaded document through. Nothing here imports the front end's stages or anything
//! above them.
//!
//! - [`tree`]: the compact read-only tree a loaded document is kept as;
//! - [`resolve`]: the one way a `$ref` is followed (pointer escapes, percent-decoding,
//!   bounded alias chains that report the cycle they found);
//! - [`model`]: the OpenAPI object model as data: which field of which part holds what;
//! - [`walk`]: the one walk that finds parts by their place in the object model;
//! - [`origin`]: where each part the front end moved was written (file and pointer);
//! - [`locate`]: line and column of a pointer in a file's text;
//! - [`typed`]: schema objects typed straight from the tree, without serde's buffering.

pub mod locate;
pub mod model;
pub mod origin;
pub mod resolve;
pub mod tree;
pub mod typed;
pub mod walk;

/// The HTTP methods an OpenAPI 3.0 path item holds as fields, as keys of its object.
pub const METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Whether `name` is an HTTP token (RFC 9110), as a method or a header name must be.
pub fn is_http_token(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

/// The path item extension that holds the operations whose method 3.0 has no field
/// for (`QUERY`, and 3.2's `additionalOperations`), keyed by the method. The upgrade
/// writes it; the walk, lowering and lint read it.
pub const EXTRA_OPERATIONS: &str = "x-oagen-operations";
