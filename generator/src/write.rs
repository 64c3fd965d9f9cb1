//! Write: put rendered files into the output directory, or compare them with it.
//!
//! Only files whose content changed are written, each atomically (a temporary
//! file renamed into place). The writer is careful with a directory it does not
//! fully control:
//!
//! - it refuses an output directory that is `/`, the home directory or one above
//!   it, or that holds a crate that is not ours: a `Cargo.toml` without the
//!   generated marker, or a nested crate (a `Cargo.toml` below the top);
//! - it never writes through a symbolic link: one anywhere on the way to a file
//!   it writes, or in place of the file, is refused with its path;
//! - it overwrites only files that carry the generated marker (or that the caller
//!   names as its own, such as a changelog); a hand-written `README.md` or
//!   `src/lib.rs` in the way is refused by name unless [`WriteOptions::force`];
//! - temporary files get unpredictable names and are created exclusively, so
//!   nothing prepared in advance (a symbolic link, a file) is written through;
//! - a file is removed only when it carries the generated marker and the
//!   generator no longer produces it, and the search for such files stays in our
//!   own crate (not build output, hidden directories or nested crates) and gives
//!   up past [`MAX_SWEEP_ENTRIES`] entries.

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

/// How much of the output directory the writer may take over.
#[derive(Debug, Clone, Copy, Default)]
pub struct WriteOptions<'a> {
    /// Overwrite files that do not carry the generated marker, and write into a
    /// directory whose `Cargo.toml` or nested crates are not ours (nested crates
    /// are still never searched for stale files). Symbolic links, `/` and the home
    /// directory are refused even so.
    pub force: bool,
    /// Paths (relative, `/`-separated) that the caller writes without a marker and
    /// owns all the same, such as a changelog: they may be overwritten.
    pub unmarked: &'a [&'a str],
}

/// The most entries the search for stale generated files looks at: a generated crate
/// has a few hundred files, so a directory with many more is not one.
pub const MAX_SWEEP_ENTRIES: usize = 20_000;

/// Brings `out_dir` in line with `files`, with the default [`WriteOptions`]: nothing
/// that is not ours is overwritten.
pub fn write_tree(out_dir: &Path, files: &[RenderedFile], mode: Mode) -> io::Result<WriteReport> {
    write_tree_with(out_dir, files, mode, &WriteOptions::default())
}

/// Brings `out_dir` in line with `files`.
///
/// Every path is checked before anything is written, and every changed file is first
/// written beside its target under a temporary name; only when all of them are written
/// are they renamed into place. A failure before that point (a bad path, a full disk,
/// a file that is not ours) removes the temporary files and the directories made for
/// them, so the directory is left exactly as it was.
pub fn write_tree_with(
    out_dir: &Path,
    files: &[RenderedFile],
    mode: Mode,
    options: &WriteOptions,
) -> io::Result<WriteReport> {
    let mut report = WriteReport::default();
    let produced: BTreeSet<&str> = files.iter().map(|f| f.path.as_str()).collect();
    if produced.len() < files.len() {
        let mut seen = BTreeSet::new();
        let twice = files.iter().find(|f| !seen.insert(f.path.as_str()));
        return Err(refusal(format!(
            "refusing to write: the generator produced `{}` twice (a generator bug)",
            twice.map_or("", |f| f.path.as_str())
        )));
    }
    check_out_dir(out_dir, options)?;
    let targets = files
        .iter()
        .map(|file| safe_join(out_dir, &file.path))
        .collect::<io::Result<Vec<_>>>()?;
    let mut changed = Vec::new();
    for (file, target) in files.iter().zip(&targets) {
        no_symlink_on_the_way(out_dir, &file.path)?;
        if crate::render::is_user_file(&file.contents) && fs::symlink_metadata(target).is_ok() {
            // The user's file: created when missing, never compared or rewritten.
            report.unchanged += 1;
            continue;
        }
        match fs::read(target) {
            Ok(existing) if existing == file.contents.as_bytes() => report.unchanged += 1,
            Ok(_) => {
                if mode == Mode::Write {
                    may_overwrite(target, &file.path, options)?;
                }
                changed.push((target.as_path(), file.contents.as_bytes()));
                report.changed.push(file.path.clone());
            }
            Err(_) => {
                changed.push((target.as_path(), file.contents.as_bytes()));
                report.changed.push(file.path.clone());
            }
        }
    }
    let mut stale = Vec::new();
    for path in generated_files(out_dir, options.force)? {
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

/// An error for something the writer will not do.
fn refusal(message: String) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidInput, message)
}

/// Refuses an output directory that is a symbolic link, `/`, the home directory or a
/// directory above it, or that holds a crate that is not ours (unless forced).
fn check_out_dir(out_dir: &Path, options: &WriteOptions) -> io::Result<()> {
    if fs::symlink_metadata(out_dir).is_ok_and(|m| m.file_type().is_symlink()) {
        return Err(refusal(format!(
            "refusing to write into {}: it is a symbolic link; pass the directory it points to",
            out_dir.display()
        )));
    }
    let resolved = resolve(out_dir)?;
    let home = std::env::var_os("HOME")
        .filter(|h| !h.is_empty())
        .and_then(|h| fs::canonicalize(h).ok());
    let above_home = home
        .as_ref()
        .is_some_and(|home| home.starts_with(&resolved));
    if resolved.parent().is_none() || above_home {
        return Err(refusal(format!(
            "refusing to write into {}: it is the root or the home directory (or above it), never a crate's own directory; pass a directory for the crate",
            out_dir.display()
        )));
    }
    if options.force {
        return Ok(());
    }
    let manifest = out_dir.join("Cargo.toml");
    if manifest.exists() && !first_line_is_generated(&manifest) {
        return Err(refusal(format!(
            "refusing to write into {}: its Cargo.toml was not generated by oagen (it has no `{MARKER}` line), so the directory holds a crate or workspace that is not ours; choose another directory, or pass --force to overwrite it",
            out_dir.display()
        )));
    }
    Ok(())
}

/// `path` with every symbolic link resolved, for a directory that may not exist yet:
/// its nearest existing ancestor resolved, and the rest appended.
fn resolve(path: &Path) -> io::Result<PathBuf> {
    let absolute = std::path::absolute(path)?;
    let mut existing = absolute.as_path();
    let mut rest = Vec::new();
    loop {
        match fs::canonicalize(existing) {
            Ok(mut resolved) => {
                resolved.extend(rest.iter().rev());
                return Ok(resolved);
            }
            Err(_) => match (existing.parent(), existing.file_name()) {
                (Some(parent), Some(name)) => {
                    rest.push(name.to_owned());
                    existing = parent;
                }
                _ => return Ok(absolute),
            },
        }
    }
}

/// Refuses `relative` when a directory on the way to it, or the file itself, is a
/// symbolic link: writing there would land wherever the link points.
fn no_symlink_on_the_way(out_dir: &Path, relative: &str) -> io::Result<()> {
    let mut path = out_dir.to_path_buf();
    for part in relative.split('/') {
        path.push(part);
        match fs::symlink_metadata(&path) {
            Ok(metadata) if metadata.file_type().is_symlink() => {
                return Err(refusal(format!(
                    "refusing to write `{relative}`: {} is a symbolic link, and nothing is written through one; remove it",
                    path.display()
                )))
            }
            Ok(_) => {}
            // Nothing further exists, so nothing further can be a link.
            Err(_) => return Ok(()),
        }
    }
    Ok(())
}

/// Refuses to overwrite a file that is not ours: one without the generated marker that
/// the caller does not name as its own, unless forced.
fn may_overwrite(target: &Path, relative: &str, options: &WriteOptions) -> io::Result<()> {
    if options.force || options.unmarked.contains(&relative) || first_line_is_generated(target) {
        return Ok(());
    }
    Err(refusal(format!(
        "refusing to overwrite {}: it was not generated by oagen (its first line has no `{MARKER}` marker), so it may be hand-written; move it away, or pass --force to overwrite it",
        target.display()
    )))
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
        return Err(refusal(format!(
            "refusing to write `{relative}`: it is not a plain relative path"
        )));
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
        let temporary = write_temporary(target, contents)?;
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

/// Writes `contents` to a new file beside `target` with an unpredictable name, created
/// exclusively (it fails rather than open anything already there, a symbolic link
/// included); returns its path. Removes it again when writing fails.
fn write_temporary(target: &Path, contents: &[u8]) -> io::Result<PathBuf> {
    use std::io::Write;
    let mut attempts = 0;
    loop {
        let temporary = temporary_path(target);
        match fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&temporary)
        {
            Ok(mut file) => {
                return file
                    .write_all(contents)
                    .and_then(|()| file.sync_all())
                    .map(|()| temporary.clone())
                    .inspect_err(|_| {
                        let _ = fs::remove_file(&temporary);
                    });
            }
            // Someone else's file has the name: draw another, a few times.
            Err(error) if error.kind() == io::ErrorKind::AlreadyExists && attempts < 8 => {
                attempts += 1;
            }
            Err(error) => return Err(error),
        }
    }
}

/// A hidden name beside `target` with 64 unpredictable bits in it.
fn temporary_path(target: &Path) -> PathBuf {
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    target.with_file_name(format!(".{name}.oagen-{:016x}.tmp", unpredictable()))
}

/// 64 bits no other process can guess: `RandomState` keys its hasher from the operating
/// system's random source, and the time, process id and a counter make each call differ.
fn unpredictable() -> u64 {
    use std::hash::{BuildHasher, Hasher};
    use std::sync::atomic::{AtomicU64, Ordering};
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    hasher.write_u64(COUNTER.fetch_add(1, Ordering::Relaxed));
    hasher.write_u32(std::process::id());
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default();
    hasher.write_u128(now.as_nanos());
    hasher.finish()
}

/// Every file under `dir` whose first line carries the generated marker, skipping build
/// output, hidden directories, symbolic links and nested crates (a directory below the
/// top with its own `Cargo.toml`). Fails past [`MAX_SWEEP_ENTRIES`] entries, and on a
/// nested crate that is not ours unless `force`.
fn generated_files(dir: &Path, force: bool) -> io::Result<Vec<PathBuf>> {
    let mut found = Vec::new();
    if !dir.exists() {
        return Ok(found);
    }
    let mut seen = 0usize;
    let mut pending = vec![dir.to_path_buf()];
    while let Some(current) = pending.pop() {
        let manifest = current.join("Cargo.toml");
        if current != dir && manifest.exists() {
            if !force && !first_line_is_generated(&manifest) {
                return Err(refusal(format!(
                    "refusing to write into {}: it holds another crate, {}, that oagen did not generate; choose a directory of its own for the generated crate, or pass --force (the other crate is left alone either way)",
                    dir.display(),
                    current.display()
                )));
            }
            // Another crate: its files are not ours to remove, even generated ones.
            continue;
        }
        for entry in fs::read_dir(&current)? {
            let entry = entry?;
            seen += 1;
            if seen > MAX_SWEEP_ENTRIES {
                return Err(refusal(format!(
                    "refusing to search {} for stale generated files: it holds more than {MAX_SWEEP_ENTRIES} entries, far more than a generated crate; is it the crate's own directory?",
                    dir.display()
                )));
            }
            let name = entry.file_name();
            let name = name.to_string_lossy();
            // The entry's own type: a symbolic link is neither a directory nor a file here.
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

/// Whether `path` is a regular file (not a link to one) whose first line carries the marker.
fn first_line_is_generated(path: &Path) -> bool {
    use std::io::Read;
    if !fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_file()) {
        return false;
    }
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

    /// A fresh, empty directory for one test, and another beside it standing for
    /// everything outside the output directory.
    fn scratch(test: &str) -> (PathBuf, PathBuf) {
        let root = std::env::temp_dir().join(format!("oagen-write-{test}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&root);
        let (out, outside) = (root.join("out"), root.join("outside"));
        fs::create_dir_all(&out).unwrap();
        fs::create_dir_all(&outside).unwrap();
        (out, outside)
    }

    /// A file as the generator writes it: its first line carries the marker.
    fn generated(path: &str, body: &str) -> RenderedFile {
        file(
            path,
            &format!("// {MARKER} (`test`) from a.yaml; do not edit.\n\n{body}"),
        )
    }

    /// What the generator writes for a small crate.
    fn crate_files() -> Vec<RenderedFile> {
        vec![
            generated("Cargo.toml", "[package]"),
            generated("README.md", "# A"),
            generated("src/lib.rs", "mod a;"),
        ]
    }

    fn message(result: io::Result<WriteReport>) -> String {
        result.expect_err("the write must be refused").to_string()
    }

    #[cfg(unix)]
    #[test]
    fn nothing_is_written_through_a_symbolic_link() {
        let (out, outside) = scratch("symlink");
        std::os::unix::fs::symlink(&outside, out.join("src")).unwrap();
        let error = message(write_tree(&out, &crate_files(), Mode::Write));
        assert!(
            error.contains("src") && error.contains("symbolic link"),
            "{error}"
        );
        assert_eq!(
            fs::read_dir(&outside).unwrap().count(),
            0,
            "a file went through src/"
        );
        assert!(
            !out.join("Cargo.toml").exists(),
            "a refused write wrote something"
        );

        // A link in place of a file is refused too, and what it points to is untouched.
        fs::remove_file(out.join("src")).unwrap();
        fs::write(outside.join("secret"), "mine").unwrap();
        std::os::unix::fs::symlink(outside.join("secret"), out.join("README.md")).unwrap();
        let error = message(write_tree(&out, &crate_files(), Mode::Write));
        assert!(error.contains("README.md"), "{error}");
        assert_eq!(fs::read_to_string(outside.join("secret")).unwrap(), "mine");

        // And the output directory itself may not be a link.
        fs::remove_file(out.join("README.md")).unwrap();
        let link = out.with_file_name("link");
        std::os::unix::fs::symlink(&outside, &link).unwrap();
        let error = message(write_tree(&link, &crate_files(), Mode::Write));
        assert!(error.contains("symbolic link"), "{error}");
        assert!(!outside.join("Cargo.toml").exists());
        fs::remove_dir_all(out.parent().unwrap()).unwrap();
    }

    #[cfg(unix)]
    #[test]
    fn temporary_files_are_new_and_unguessable() {
        let (out, outside) = scratch("temporary");
        fs::write(outside.join("victim"), "mine").unwrap();
        // The name the writer used to take, `.{name}.tmp-{pid}`, planted as a link.
        let planted = out.join(format!(".Cargo.toml.tmp-{}", std::process::id()));
        std::os::unix::fs::symlink(outside.join("victim"), &planted).unwrap();
        write_tree(&out, &crate_files(), Mode::Write).unwrap();
        assert_eq!(fs::read_to_string(outside.join("victim")).unwrap(), "mine");
        assert!(first_line_is_generated(&out.join("Cargo.toml")));
        let target = out.join("Cargo.toml");
        let (first, second) = (temporary_path(&target), temporary_path(&target));
        assert_ne!(first, second, "two temporary names were the same");
        // The temporary file is a new one holding exactly what was written.
        let written = write_temporary(&target, b"x").unwrap();
        assert_eq!(fs::read(&written).unwrap(), b"x");
        fs::remove_file(written).unwrap();
        fs::remove_dir_all(out.parent().unwrap()).unwrap();
    }

    #[test]
    fn files_that_are_not_ours_are_refused_by_name_unless_forced() {
        for hand_written in ["README.md", "src/lib.rs"] {
            let (out, _) = scratch("not-ours");
            write_tree(&out, &crate_files(), Mode::Write).unwrap();
            fs::write(out.join(hand_written), "written by a person\n").unwrap();
            let error = message(write_tree(&out, &crate_files(), Mode::Write));
            assert!(
                error.contains(hand_written) && error.contains("--force"),
                "{error}"
            );
            assert_eq!(
                fs::read_to_string(out.join(hand_written)).unwrap(),
                "written by a person\n"
            );
            // Check mode only reports the difference.
            let report = write_tree(&out, &crate_files(), Mode::Check).unwrap();
            assert_eq!(report.changed, [hand_written]);
            let forced = WriteOptions {
                force: true,
                ..WriteOptions::default()
            };
            write_tree_with(&out, &crate_files(), Mode::Write, &forced).unwrap();
            assert!(first_line_is_generated(&out.join(hand_written)));
            fs::remove_dir_all(out.parent().unwrap()).unwrap();
        }
        // A hand-written Cargo.toml means the directory is someone else's crate.
        let (out, _) = scratch("not-our-crate");
        fs::write(out.join("Cargo.toml"), "[workspace]\nmembers = [\"a\"]\n").unwrap();
        let error = message(write_tree(&out, &crate_files(), Mode::Write));
        assert!(
            error.contains("Cargo.toml") && error.contains("not ours"),
            "{error}"
        );
        assert!(!out.join("README.md").exists());
        fs::remove_dir_all(out.parent().unwrap()).unwrap();
        // A file the caller names as its own may be rewritten without a marker.
        let (out, _) = scratch("unmarked");
        let mut files = crate_files();
        files.push(file("CHANGELOG.md", "# 1\n"));
        let options = WriteOptions {
            unmarked: &["CHANGELOG.md"],
            ..WriteOptions::default()
        };
        write_tree_with(&out, &files, Mode::Write, &options).unwrap();
        files.last_mut().unwrap().contents = "# 2\n".into();
        write_tree_with(&out, &files, Mode::Write, &options).unwrap();
        assert_eq!(
            fs::read_to_string(out.join("CHANGELOG.md")).unwrap(),
            "# 2\n"
        );
        assert!(write_tree(&out, &files[..3], Mode::Write).is_ok());
        fs::remove_dir_all(out.parent().unwrap()).unwrap();
    }

    #[test]
    fn the_root_directory_is_refused() {
        // Check mode, so that the old writer, which accepted `/`, would not write there.
        let error = message(write_tree(Path::new("/"), &crate_files(), Mode::Check));
        assert!(error.contains("root or the home directory"), "{error}");
    }

    #[test]
    fn the_sweep_stays_out_of_nested_crates_and_refuses_foreign_ones() {
        let (out, _) = scratch("nested");
        write_tree(&out, &crate_files(), Mode::Write).unwrap();
        let stale = generated("nested/src/old.rs", "");
        let nested_manifest = out.join("nested/Cargo.toml");
        fs::create_dir_all(out.join("nested/src")).unwrap();
        fs::write(out.join(&stale.path), &stale.contents).unwrap();
        // A nested crate that is ours (generated) is left alone, stale files and all.
        fs::write(&nested_manifest, &generated("Cargo.toml", "").contents).unwrap();
        let report = write_tree(&out, &crate_files(), Mode::Write).unwrap();
        assert!(report.removed.is_empty(), "{report:?}");
        assert!(out.join(&stale.path).exists());
        // A nested crate that is not ours is refused, and with force still left alone.
        fs::write(&nested_manifest, "[package]\nname = \"theirs\"\n").unwrap();
        let error = message(write_tree(&out, &crate_files(), Mode::Write));
        assert!(error.contains("nested"), "{error}");
        let forced = WriteOptions {
            force: true,
            ..WriteOptions::default()
        };
        write_tree_with(&out, &crate_files(), Mode::Write, &forced).unwrap();
        assert!(out.join(&stale.path).exists());
        fs::remove_dir_all(out.parent().unwrap()).unwrap();
    }

    #[test]
    fn the_sweep_gives_up_on_a_huge_directory() {
        let (out, _) = scratch("huge");
        write_tree(&out, &crate_files(), Mode::Write).unwrap();
        fs::create_dir_all(out.join("many")).unwrap();
        for index in 0..MAX_SWEEP_ENTRIES {
            fs::write(out.join(format!("many/{index}")), "").unwrap();
        }
        let error = message(write_tree(&out, &crate_files(), Mode::Check));
        assert!(error.contains(&MAX_SWEEP_ENTRIES.to_string()), "{error}");
        fs::remove_dir_all(out.parent().unwrap()).unwrap();
    }
}
