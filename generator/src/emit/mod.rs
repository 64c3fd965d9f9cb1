//! Emit: turn the IR into the files of the generated crate, all as text; Rust
//! sources are laid out as rustfmt lays them out (see the `text` module).

mod crate_files;
pub mod custom;
mod docs;
pub mod features;
mod models;
mod operations;
mod text;

use crate::escape::file_name;
use crate::ir::Crate;
pub use features::FeaturePlan;
pub use models::rust_type;
pub use text::Written;

/// One file of the generated crate, before rendering.
#[derive(Debug)]
pub enum FileContent {
    /// Rust source written as text in rustfmt's layout (see the `text` module),
    /// and whether the writer vouches that the layout is exactly rustfmt's.
    RustText(Written),
    /// Hand-written Rust source of the runtime, copied verbatim.
    RustVerbatim(&'static str),
    /// The first version of a file that is the user's (see [`custom`]): written
    /// without the generated line, once.
    UserFile(&'static str),
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
    runtime_file!("unknown.rs"),
];

/// Above this many types a module's types are split into parts of at most this
/// size, so no file is huge and files render in parallel; types only one feature
/// compiles get parts of their own (see [`FeaturePlan::type_files`]).
const TYPES_PER_FILE: usize = 400;

/// What one generated file holds, described cheaply; [`EmitJob::emit`] builds it.
/// Jobs are emitted and rendered one by one (in parallel), so the text of only a
/// few files is alive at once.
#[derive(Debug)]
pub enum EmitJob {
    /// A text file (`Cargo.toml`, `README.md`) at this path.
    Text(String, String),
    /// A runtime file copied verbatim to this path.
    Verbatim(String, &'static str),
    /// `src/custom/mod.rs`, the user's module.
    Custom,
    /// `src/lib.rs`.
    Lib,
    /// `src/auth.rs`.
    Auth,
    /// A spec module's `mod.rs`.
    Module(usize),
    /// A group's file: module index, group index.
    Group(usize, usize),
    /// A module's types in one file.
    Types(usize),
    /// `types/mod.rs` of a module: the feature of each part, if the part has one.
    TypesIndex(usize, Vec<Option<String>>),
    /// A part of a module's types: module index, part number, the part.
    TypesPart(usize, usize, features::TypeFile),
}

/// Every file of the generated crate, as jobs in output order.
pub fn plan(krate: &Crate, features: &FeaturePlan) -> Vec<EmitJob> {
    let mut jobs = vec![
        EmitJob::Text(
            "Cargo.toml".into(),
            crate_files::cargo_toml(krate, features),
        ),
        EmitJob::Text("README.md".into(), crate_files::readme(krate, features)),
        EmitJob::Lib,
        EmitJob::Auth,
        EmitJob::Custom,
    ];
    for (path, source) in RUNTIME {
        jobs.push(EmitJob::Verbatim((*path).to_owned(), source));
    }
    for (index, module) in krate.modules.iter().enumerate() {
        jobs.push(EmitJob::Module(index));
        jobs.extend((0..module.groups.len()).map(|group| EmitJob::Group(index, group)));
        if module.types.len() > TYPES_PER_FILE {
            let files = features.type_files(index, TYPES_PER_FILE);
            let gates = files.iter().map(|file| file.feature.clone()).collect();
            jobs.push(EmitJob::TypesIndex(index, gates));
            for (part, file) in files.into_iter().enumerate() {
                jobs.push(EmitJob::TypesPart(index, part + 1, file));
            }
        } else {
            jobs.push(EmitJob::Types(index));
        }
    }
    jobs
}

impl EmitJob {
    /// Builds the file this job describes.
    pub fn emit(&self, krate: &Crate, features: &FeaturePlan) -> EmittedFile {
        let module_dir = |index: usize| format!("src/{}", file_name(&krate.modules[index].name));
        let (path, content) = match self {
            EmitJob::Verbatim(path, source) => (path.clone(), FileContent::RustVerbatim(source)),
            EmitJob::Custom => (
                custom::PATH.into(),
                FileContent::UserFile(custom::FIRST_VERSION),
            ),
            EmitJob::Text(path, text) => (path.clone(), FileContent::Text(text.clone())),
            EmitJob::Lib => (
                "src/lib.rs".into(),
                FileContent::RustText(crate_files::lib_rs(krate, features)),
            ),
            EmitJob::Auth => (
                "src/auth.rs".into(),
                FileContent::RustText(crate_files::auth_rs(krate)),
            ),
            EmitJob::Module(m) => (
                format!("{}/mod.rs", module_dir(*m)),
                FileContent::RustText(operations::module_file(&krate.modules[*m], features)),
            ),
            EmitJob::Group(m, g) => {
                let module = &krate.modules[*m];
                let group = &module.groups[*g];
                let file = file_name(&operations::group_file_name(module, group));
                (
                    format!("{}/{file}.rs", module_dir(*m)),
                    FileContent::RustText(operations::group_file(group, module)),
                )
            }
            EmitJob::Types(m) => (
                format!("{}/types.rs", module_dir(*m)),
                FileContent::RustText(models::types_file(&krate.modules[*m], *m, features)),
            ),
            EmitJob::TypesIndex(m, gates) => (
                format!("{}/types/mod.rs", module_dir(*m)),
                FileContent::RustText(models::types_index(&krate.modules[*m], gates)),
            ),
            EmitJob::TypesPart(m, part, file) => (
                format!("{}/types/part_{part}.rs", module_dir(*m)),
                FileContent::RustText(models::types_part(&krate.modules[*m], *m, features, file)),
            ),
        };
        EmittedFile { path, content }
    }
}
