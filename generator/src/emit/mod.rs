//! Emit: turn the IR into the files of the generated crate, as token streams
//! for Rust sources and text for everything else.

mod crate_files;
mod docs;
mod models;
mod operations;

use proc_macro2::TokenStream;

use crate::ir::Crate;

/// One file of the generated crate, before rendering.
#[derive(Debug)]
pub enum FileContent {
    /// Rust source, to be pretty-printed.
    Rust(TokenStream),
    /// Hand-written Rust source of the runtime, copied verbatim.
    RustVerbatim(&'static str),
    /// Any other text (`Cargo.toml`, `README.md`).
    Text(String),
}

/// A file of the generated crate, at a path relative to the crate root with `/` separators.
#[derive(Debug)]
pub struct EmittedFile {
    /// Where the file goes, such as `src/keys/types.rs`.
    pub path: String,
    /// What it holds.
    pub content: FileContent,
}

/// A runtime file, embedded from `generator/runtime/` and written to `src/runtime/`.
macro_rules! runtime_file {
    ($name:literal) => {
        (
            concat!("src/runtime/", $name),
            include_str!(concat!("../../runtime/", $name)),
        )
    };
}

/// The runtime's files, embedded in the generator so every client gets the same.
const RUNTIME: &[(&str, &str)] = &[
    runtime_file!("mod.rs"),
    runtime_file!("client.rs"),
    runtime_file!("error.rs"),
    runtime_file!("nullable.rs"),
    runtime_file!("request.rs"),
    runtime_file!("response.rs"),
    runtime_file!("secret.rs"),
];

/// Every file of the generated crate.
pub fn emit(krate: &Crate) -> Vec<EmittedFile> {
    let mut files = vec![
        EmittedFile {
            path: "Cargo.toml".into(),
            content: FileContent::Text(crate_files::cargo_toml(krate)),
        },
        EmittedFile {
            path: "README.md".into(),
            content: FileContent::Text(crate_files::readme(krate)),
        },
        EmittedFile {
            path: "src/lib.rs".into(),
            content: FileContent::Rust(crate_files::lib_rs(krate)),
        },
        EmittedFile {
            path: "src/auth.rs".into(),
            content: FileContent::Rust(crate_files::auth_rs(krate)),
        },
    ];
    for (path, source) in RUNTIME {
        files.push(EmittedFile {
            path: (*path).to_owned(),
            content: FileContent::RustVerbatim(source),
        });
    }
    for module in &krate.modules {
        files.push(EmittedFile {
            path: format!("src/{}/mod.rs", module.name),
            content: FileContent::Rust(operations::module_file(module)),
        });
        files.push(EmittedFile {
            path: format!("src/{}/types.rs", module.name),
            content: FileContent::Rust(models::types_file(module)),
        });
    }
    files
}
