//! Writing the built site: everything goes to a temporary directory beside the output and
//! is swapped in only when complete, so a failed build never destroys the last good site.
//! A marker file proves a directory is ours; any other non-empty directory is refused.

use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};

use crate::error::Error;

/// Present in every output directory crabsnake wrote.
pub const MARKER: &str = ".crabsnake-output";

/// The files of a built site: path relative to the output directory -> bytes.
pub type Files = BTreeMap<PathBuf, Vec<u8>>;

/// Refuses an output directory that exists, is not empty, and has no marker.
pub fn check_target(out: &Path) -> Result<(), Error> {
    if !out.exists() {
        return Ok(());
    }
    if !out.is_dir() {
        return Err(Error::Refused(format!(
            "{} exists and is not a directory: not writing the site there",
            out.display()
        )));
    }
    if out.join(MARKER).is_file() {
        return Ok(());
    }
    let empty = std::fs::read_dir(out)
        .map_err(|e| Error::io(out, e))?
        .next()
        .is_none();
    if empty {
        return Ok(());
    }
    Err(Error::Refused(format!(
        "{} is not empty and was not written by crabsnake (no {MARKER} file): refusing to replace it; choose another --out",
        out.display()
    )))
}

/// Everything that makes `out` a safe place to write the site of `root`: not inside one of
/// the site's folders, and empty or written by crabsnake before.
pub fn check_destination(root: &Path, out: &Path) -> Result<(), Error> {
    check_not_nested(root, out)?;
    let sources = ["content", "static", "templates"].map(|d| root.join(d));
    check_outside(out, &sources)?;
    check_target(out)
}

/// An output inside the site's folder must be directly in it (`public/`, `site/`): deeper,
/// it would sit inside a folder the build may read (`snippets/gen`, `static/x`), and the
/// next build would read its own output.
fn check_not_nested(root: &Path, out: &Path) -> Result<(), Error> {
    let (root, out) = (resolved(root), resolved(out));
    match out.strip_prefix(&root) {
        Ok(rest) if rest.components().count() > 1 => Err(Error::Refused(format!(
            "the output directory {} is inside {}, a folder of the site: choose an --out \
             directly in the site's folder (like public/) or outside it",
            out.display(),
            rest.components()
                .next()
                .map_or_else(|| root.clone(), |c| root.join(c))
                .display()
        ))),
        Ok(rest) if rest.as_os_str().is_empty() => Err(Error::Refused(format!(
            "the output directory {} is the site's folder itself: choose another --out",
            out.display()
        ))),
        _ => Ok(()),
    }
}

/// Refuses an output directory inside one of the site's source folders: a build would copy
/// its own output into itself (`static/`), or mix pages with sources.
pub fn check_outside(out: &Path, sources: &[PathBuf]) -> Result<(), Error> {
    let out = resolved(out);
    for dir in sources.iter().filter(|d| d.is_dir()) {
        if out.starts_with(resolved(dir)) {
            return Err(Error::Refused(format!(
                "the output directory {} is inside {}: choose an --out outside the site's sources",
                out.display(),
                dir.display()
            )));
        }
    }
    Ok(())
}

/// `path` made absolute through its nearest existing ancestor (it may not exist yet).
fn resolved(path: &Path) -> PathBuf {
    let mut existing = path.to_path_buf();
    let mut rest = Vec::new();
    while !existing.exists() {
        match (existing.file_name(), existing.parent()) {
            (Some(name), Some(parent)) => {
                rest.push(name.to_os_string());
                existing = parent.to_path_buf();
            }
            _ => break,
        }
    }
    let mut full = existing.canonicalize().unwrap_or(existing);
    full.extend(rest.iter().rev());
    full
}

fn sibling(out: &Path, what: &str) -> PathBuf {
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "public".into());
    out.with_file_name(format!(".{name}.{what}-{}", std::process::id()))
}

/// Writes `files` as the new content of `out`; returns the number of bytes written.
pub fn write_site(out: &Path, files: &Files) -> Result<u64, Error> {
    check_target(out)?;
    if let Some(parent) = out.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
    }
    let tmp = sibling(out, "tmp");
    if tmp.exists() {
        std::fs::remove_dir_all(&tmp).map_err(|e| Error::io(&tmp, e))?;
    }
    let result = write_all(&tmp, files).and_then(|bytes| swap_in(&tmp, out).map(|()| bytes));
    if result.is_err() && tmp.exists() {
        let _ = std::fs::remove_dir_all(&tmp);
    }
    result
}

fn write_all(dir: &Path, files: &Files) -> Result<u64, Error> {
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    let mut bytes = 0;
    for (rel, data) in files {
        if !rel.components().all(|c| matches!(c, Component::Normal(_))) {
            return Err(Error::Refused(format!(
                "refusing to write {} outside the output directory",
                rel.display()
            )));
        }
        let path = dir.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
        }
        std::fs::write(&path, data).map_err(|e| Error::io(&path, e))?;
        bytes += data.len() as u64;
    }
    std::fs::write(
        dir.join(MARKER),
        b"This directory is written by crabsnake; it is replaced on every build.\n",
    )
    .map_err(|e| Error::io(dir.join(MARKER), e))?;
    Ok(bytes)
}

fn swap_in(tmp: &Path, out: &Path) -> Result<(), Error> {
    if !out.exists() {
        return std::fs::rename(tmp, out).map_err(|e| Error::io(out, e));
    }
    let old = sibling(out, "old");
    std::fs::rename(out, &old).map_err(|e| Error::io(out, e))?;
    if let Err(e) = std::fs::rename(tmp, out) {
        // Put the previous site back before reporting.
        let _ = std::fs::rename(&old, out);
        return Err(Error::io(out, e));
    }
    std::fs::remove_dir_all(&old).map_err(|e| Error::io(&old, e))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(pairs: &[(&str, &str)]) -> Files {
        pairs
            .iter()
            .map(|(p, c)| (PathBuf::from(p), c.as_bytes().to_vec()))
            .collect()
    }

    #[test]
    fn writes_and_replaces_its_own_output() {
        let d = tempfile::tempdir().unwrap();
        let out = d.path().join("public");
        write_site(&out, &files(&[("a.html", "1"), ("css/s.css", "x")])).unwrap();
        assert_eq!(std::fs::read_to_string(out.join("a.html")).unwrap(), "1");
        write_site(&out, &files(&[("b.html", "2")])).unwrap();
        assert!(!out.join("a.html").exists());
        assert!(out.join("b.html").exists());
        // No temporary or old directories are left beside the output.
        assert_eq!(std::fs::read_dir(d.path()).unwrap().count(), 1);
    }

    #[test]
    fn refuses_a_directory_it_did_not_create() {
        let d = tempfile::tempdir().unwrap();
        std::fs::write(d.path().join("precious.txt"), "keep me").unwrap();
        let err = write_site(d.path(), &files(&[("a.html", "1")])).unwrap_err();
        assert!(err.to_string().contains("refusing"), "{err}");
        assert_eq!(
            std::fs::read_to_string(d.path().join("precious.txt")).unwrap(),
            "keep me"
        );
    }

    #[test]
    fn refuses_an_output_inside_the_sources() {
        let d = tempfile::tempdir().unwrap();
        let statics = d.path().join("static");
        std::fs::create_dir(&statics).unwrap();
        let sources = [statics.clone(), d.path().join("content")];
        assert!(check_outside(&statics.join("site/x"), &sources).is_err());
        assert!(check_outside(&d.path().join("public"), &sources).is_ok());
    }

    #[test]
    fn refuses_an_output_nested_in_any_folder_of_the_site() {
        let d = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(d.path().join("snippets")).unwrap();
        let e = check_destination(d.path(), &d.path().join("snippets/gen")).unwrap_err();
        assert!(e.to_string().contains("a folder of the site"), "{e}");
        assert!(check_destination(d.path(), d.path()).is_err());
        assert!(check_destination(d.path(), &d.path().join("public")).is_ok());
        let elsewhere = tempfile::tempdir().unwrap();
        assert!(check_destination(d.path(), &elsewhere.path().join("site")).is_ok());
    }

    #[test]
    fn refuses_paths_outside_the_output() {
        let d = tempfile::tempdir().unwrap();
        let out = d.path().join("public");
        assert!(write_site(&out, &files(&[("../evil.html", "x")])).is_err());
        assert!(!d.path().join("evil.html").exists());
    }
}
