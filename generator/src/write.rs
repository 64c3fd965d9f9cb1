//! Write: put rendered files into the output directory, or compare them with it.
//!
//! Only files whose content changed are written, each atomically (a temporary
//! file renamed into place). A file is removed only when it carries the
//! generated marker and the generator no longer produces it, so nothing a
//! person put in the directory is ever touched.

use std::collections::BTreeSet;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use crate::render::{RenderedFile, MARKER};

/// What writing did, or in check mode what it would do.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct WriteReport {
    /// Files whose content changed (or that are new).
    pub changed: Vec<String>,
    /// Generated files that are no longer produced.
    pub removed: Vec<String>,
    /// Files already up to date.
    pub unchanged: usize,
}

impl WriteReport {
    /// Whether the directory already matched.
    pub fn is_fresh(&self) -> bool {
        self.changed.is_empty() && self.removed.is_empty()
    }
}

/// Whether to change the directory or only compare.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Write changed files and remove stale generated ones.
    Write,
    /// Change nothing; report what differs.
    Check,
}

/// Brings `out_dir` in line with `files`.
pub fn write_tree(out_dir: &Path, files: &[RenderedFile], mode: Mode) -> io::Result<WriteReport> {
    let mut report = WriteReport::default();
    let produced: BTreeSet<&str> = files.iter().map(|f| f.path.as_str()).collect();
    for file in files {
        let target = safe_join(out_dir, &file.path)?;
        match fs::read(&target) {
            Ok(existing) if existing == file.contents.as_bytes() => report.unchanged += 1,
            Ok(_) | Err(_) => {
                if mode == Mode::Write {
                    write_atomically(&target, file.contents.as_bytes())?;
                }
                report.changed.push(file.path.clone());
            }
        }
    }
    for path in generated_files(out_dir)? {
        let relative = relative_path(out_dir, &path);
        if !produced.contains(relative.as_str()) {
            if mode == Mode::Write {
                fs::remove_file(&path)?;
                remove_empty_parents(out_dir, &path);
            }
            report.removed.push(relative);
        }
    }
    Ok(report)
}

/// Joins a generated relative path to the output directory, refusing anything
/// that would land outside it.
fn safe_join(out_dir: &Path, relative: &str) -> io::Result<PathBuf> {
    let escapes = relative
        .split('/')
        .any(|part| part.is_empty() || part == "." || part == "..")
        || relative.contains('\\')
        || relative.contains(':');
    if escapes {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("refusing to write `{relative}`: it is not a plain relative path"),
        ));
    }
    Ok(out_dir.join(relative))
}

fn write_atomically(target: &Path, contents: &[u8]) -> io::Result<()> {
    if let Some(parent) = target.parent() {
        fs::create_dir_all(parent)?;
    }
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temporary = target.with_file_name(format!(".{name}.tmp-{}", std::process::id()));
    fs::write(&temporary, contents)?;
    fs::rename(&temporary, target).inspect_err(|_| {
        let _ = fs::remove_file(&temporary);
    })
}

/// Every file under `dir` whose first line carries the generated marker,
/// skipping build output and hidden directories.
fn generated_files(dir: &Path) -> io::Result<Vec<PathBuf>> {
    let mut found = Vec::new();
    if !dir.exists() {
        return Ok(found);
    }
    let mut pending = vec![dir.to_path_buf()];
    while let Some(current) = pending.pop() {
        for entry in fs::read_dir(&current)? {
            let entry = entry?;
            let name = entry.file_name();
            let name = name.to_string_lossy();
            let kind = entry.file_type()?;
            if kind.is_dir() {
                if name != "target" && !name.starts_with('.') {
                    pending.push(entry.path());
                }
            } else if kind.is_file() && first_line_is_generated(&entry.path()) {
                found.push(entry.path());
            }
        }
    }
    found.sort();
    Ok(found)
}

fn first_line_is_generated(path: &Path) -> bool {
    use std::io::Read;
    let mut head = Vec::with_capacity(512);
    let read = fs::File::open(path).and_then(|file| file.take(512).read_to_end(&mut head));
    if read.is_err() {
        return false;
    }
    let head = String::from_utf8_lossy(&head);
    let line = head.lines().next().unwrap_or("");
    line.contains(MARKER) && line.contains("do not edit")
}

fn relative_path(base: &Path, path: &Path) -> String {
    let relative = path.strip_prefix(base).unwrap_or(path);
    relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

fn remove_empty_parents(base: &Path, path: &Path) {
    let mut current = path.parent();
    while let Some(dir) = current {
        if dir == base || fs::remove_dir(dir).is_err() {
            break;
        }
        current = dir.parent();
    }
}
