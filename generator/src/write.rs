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
///
/// Every path is checked before anything is written, and every changed file is first
/// written beside its target under a temporary name; only when all of them are written
/// are they renamed into place. A failure before that point (a bad path, a full disk)
/// removes the temporary files and the directories made for them, so the directory is
/// left exactly as it was.
pub fn write_tree(out_dir: &Path, files: &[RenderedFile], mode: Mode) -> io::Result<WriteReport> {
    let mut report = WriteReport::default();
    let produced: BTreeSet<&str> = files.iter().map(|f| f.path.as_str()).collect();
    if produced.len() < files.len() {
        let mut seen = BTreeSet::new();
        let twice = files.iter().find(|f| !seen.insert(f.path.as_str()));
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!(
                "refusing to write: the generator produced `{}` twice (a generator bug)",
                twice.map_or("", |f| f.path.as_str())
            ),
        ));
    }
    let targets = files
        .iter()
        .map(|file| safe_join(out_dir, &file.path))
        .collect::<io::Result<Vec<_>>>()?;
    let mut changed = Vec::new();
    for (file, target) in files.iter().zip(&targets) {
        match fs::read(target) {
            Ok(existing) if existing == file.contents.as_bytes() => report.unchanged += 1,
            Ok(_) | Err(_) => {
                changed.push((target.as_path(), file.contents.as_bytes()));
                report.changed.push(file.path.clone());
            }
        }
    }
    let mut stale = Vec::new();
    for path in generated_files(out_dir)? {
        let relative = relative_path(out_dir, &path);
        if !produced.contains(relative.as_str()) {
            stale.push(path);
            report.removed.push(relative);
        }
    }
    if mode == Mode::Write {
        let staged = stage(&changed)?;
        for (temporary, target) in &staged {
            if let Err(error) = fs::rename(temporary, target) {
                for (temporary, _) in &staged {
                    let _ = fs::remove_file(temporary);
                }
                return Err(error);
            }
        }
        for path in &stale {
            fs::remove_file(path)?;
            remove_empty_parents(out_dir, path);
        }
    }
    Ok(report)
}

/// The longest file or directory name written, in bytes: most file systems allow 255, and
/// the temporary name adds a few.
const MAX_NAME_BYTES: usize = 200;

/// Joins a generated relative path to the output directory, refusing anything
/// that would land outside it or that no file system would take.
fn safe_join(out_dir: &Path, relative: &str) -> io::Result<PathBuf> {
    let escapes = relative
        .split('/')
        .any(|part| part.is_empty() || part == "." || part == ".." || part.len() > MAX_NAME_BYTES)
        || relative.contains('\\')
        || relative.contains(':')
        || relative.contains('\0');
    if escapes {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("refusing to write `{relative}`: it is not a plain relative path"),
        ));
    }
    Ok(out_dir.join(relative))
}

/// Writes each file under a temporary name beside its target: the pairs (temporary, target).
/// On failure, removes what it wrote and the directories it made, and returns the error.
fn stage<'a>(changed: &[(&'a Path, &[u8])]) -> io::Result<Vec<(PathBuf, &'a Path)>> {
    let mut staged: Vec<(PathBuf, &Path)> = Vec::new();
    let mut made_dirs: Vec<PathBuf> = Vec::new();
    let result = changed.iter().try_for_each(|(target, contents)| {
        if let Some(parent) = target.parent() {
            let mut missing = Vec::new();
            let mut dir = Some(parent);
            while let Some(d) = dir.filter(|d| !d.as_os_str().is_empty() && !d.exists()) {
                missing.push(d.to_path_buf());
                dir = d.parent();
            }
            fs::create_dir_all(parent)?;
            made_dirs.extend(missing.into_iter().rev());
        }
        let temporary = temporary_path(target);
        fs::write(&temporary, contents).inspect_err(|_| {
            let _ = fs::remove_file(&temporary);
        })?;
        staged.push((temporary, *target));
        Ok(())
    });
    match result {
        Ok(()) => Ok(staged),
        Err(error) => {
            for (temporary, _) in &staged {
                let _ = fs::remove_file(temporary);
            }
            for dir in made_dirs.iter().rev() {
                let _ = fs::remove_dir(dir);
            }
            Err(error)
        }
    }
}

fn temporary_path(target: &Path) -> PathBuf {
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    target.with_file_name(format!(".{name}.tmp-{}", std::process::id()))
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

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str, contents: &str) -> RenderedFile {
        RenderedFile {
            path: path.to_owned(),
            contents: contents.to_owned(),
        }
    }

    #[test]
    fn a_failing_write_leaves_the_directory_as_it_was() {
        let dir = std::env::temp_dir().join(format!("oagen-write-test-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        fs::write(dir.join("kept.txt"), "mine").unwrap();
        // The second file cannot be written: a plain file stands where its directory goes.
        fs::write(dir.join("blocker"), "not a directory").unwrap();
        let files = [
            file("src/new/a.rs", "a"),
            file("blocker/b.rs", "b"),
            file("Cargo.toml", "c"),
        ];
        assert!(write_tree(&dir, &files, Mode::Write).is_err());
        let mut left: Vec<String> = Vec::new();
        let mut pending = vec![dir.clone()];
        while let Some(d) = pending.pop() {
            for entry in fs::read_dir(&d).unwrap() {
                let path = entry.unwrap().path();
                left.push(relative_path(&dir, &path));
                if path.is_dir() {
                    pending.push(path);
                }
            }
        }
        left.sort();
        assert_eq!(left, ["blocker", "kept.txt"]);
        let long = format!("src/{}.rs", "a".repeat(300));
        let error =
            write_tree(&dir, &[file("x.rs", "x"), file(&long, "y")], Mode::Write).unwrap_err();
        assert_eq!(error.kind(), io::ErrorKind::InvalidInput);
        assert!(!dir.join("x.rs").exists());
        let twice = [
            file("x.rs", "x"),
            file("src/mod.rs", "1"),
            file("src/mod.rs", "2"),
        ];
        let error = write_tree(&dir, &twice, Mode::Write).unwrap_err();
        assert!(error.to_string().contains("`src/mod.rs` twice"), "{error}");
        assert!(!dir.join("x.rs").exists());
        fs::remove_dir_all(&dir).unwrap();
    }
}
