//! What the build may read. A pull request is written by a stranger, so every file the
//! build opens must resolve inside the site's folder and be a regular file of bounded size:
//! a symbolic link is followed only when its target is inside too, and anything else (a
//! path outside, a FIFO, a device, a file over the limit, a path that cannot be resolved)
//! is refused with a message rather than read. Hidden files are never picked up by a walk.

use std::io::Read;
use std::path::{Path, PathBuf};

use crate::error::Diagnostic;

/// The largest text file (chapter, settings, template, data file, include) the build reads.
pub const TEXT_LIMIT: u64 = 16 * 1024 * 1024;
/// The largest static file copied into the site.
pub const STATIC_LIMIT: u64 = 256 * 1024 * 1024;

/// Why a file was not read.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("resolves to {}, outside the site's folder: not read (symbolic links may only point inside the site)", .0.display())]
    Outside(PathBuf),
    #[error("not a regular file (a folder, FIFO, socket or device): not read")]
    NotRegular,
    #[error("larger than {} MiB: not read", .0 / (1024 * 1024))]
    TooLarge(u64),
    #[error("symbolic link to a file that does not exist ({0})")]
    DanglingLink(std::io::Error),
    #[error("cannot resolve the site's folder {}: not reading anything", .0.display())]
    Unresolved(PathBuf),
    #[error("file is not valid UTF-8: save it as UTF-8")]
    NotUtf8(Vec<u8>),
    #[error("{0}")]
    Io(std::io::Error),
}

/// The site's folder, and the only place the build reads from.
#[derive(Debug, Clone)]
pub struct Sandbox {
    /// The folder as given (paths in messages are relative to it).
    root: PathBuf,
    /// The same folder with every symbolic link resolved; `None` when it cannot be, in
    /// which case every read is refused (fail closed).
    real_root: Option<PathBuf>,
    /// The site's own folder, resolved, when reads may reach beyond it (a book).
    site: Option<PathBuf>,
    /// Folders outside the site's own folder that files were read from (`serve` watches
    /// them too).
    outside: std::sync::Arc<std::sync::Mutex<std::collections::BTreeSet<PathBuf>>>,
    /// Folders resolved so far (as written -> resolved, inside `real_root`): a book's files
    /// share a few folders, and resolving every component of every path again was a tenth
    /// of the system calls of a build. A sandbox lives for one build.
    folders: std::sync::Arc<std::sync::Mutex<std::collections::HashMap<PathBuf, PathBuf>>>,
}

impl Sandbox {
    pub fn new(root: &Path) -> Self {
        Sandbox {
            root: root.to_path_buf(),
            real_root: root.canonicalize().ok(),
            site: None,
            outside: Default::default(),
            folders: Default::default(),
        }
    }

    /// The site's folder for messages and walks, with reads allowed anywhere inside
    /// `reach` (a book's includes may read the repository around it, never beyond).
    pub fn reaching(root: &Path, reach: &Path) -> Self {
        Sandbox {
            root: root.to_path_buf(),
            real_root: reach.canonicalize().ok(),
            site: root.canonicalize().ok(),
            outside: Default::default(),
            folders: Default::default(),
        }
    }

    /// The folders outside the site's own folder that files were read from so far.
    pub fn folders_read_outside(&self) -> Vec<PathBuf> {
        let outside = self.outside.lock().unwrap_or_else(|e| e.into_inner());
        outside.iter().cloned().collect()
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// A path on disk (absolute, or relative to the working directory like the site's
    /// root) resolved to a regular file inside the site.
    pub fn resolve(&self, path: &Path) -> Result<PathBuf, ReadError> {
        self.resolve_sized(path).map(|(real, _)| real)
    }

    /// [`Sandbox::resolve`], with the file's size.
    fn resolve_sized(&self, path: &Path) -> Result<(PathBuf, u64), ReadError> {
        let Some(real_root) = &self.real_root else {
            return Err(ReadError::Unresolved(self.root.clone()));
        };
        if let Some(found) = self.in_known_folder(path, real_root) {
            return Ok(found);
        }
        let real = path
            .canonicalize()
            .map_err(|e| match path.symlink_metadata() {
                Ok(m) if m.file_type().is_symlink() => ReadError::DanglingLink(e),
                _ => ReadError::Io(e),
            })?;
        if !real.starts_with(real_root) {
            return Err(ReadError::Outside(real));
        }
        let meta = std::fs::metadata(&real).map_err(ReadError::Io)?;
        if !meta.is_file() {
            return Err(ReadError::NotRegular);
        }
        Ok((real, meta.len()))
    }

    /// The common case the short way: a regular file, not a link, in a folder that resolves
    /// inside the root (resolved once per folder); one `lstat` instead of resolving every
    /// component of the path again. `None` sends anything else the long way, which says
    /// what is wrong with it.
    fn in_known_folder(&self, path: &Path, real_root: &Path) -> Option<(PathBuf, u64)> {
        let (folder, name) = (path.parent()?, path.file_name()?);
        if folder.as_os_str().is_empty() {
            return None;
        }
        let meta = path.symlink_metadata().ok()?;
        if !meta.file_type().is_file() {
            return None;
        }
        let mut folders = self.folders.lock().unwrap_or_else(|e| e.into_inner());
        let real_folder = match folders.get(folder) {
            Some(real) => real.clone(),
            None => {
                let real = folder.canonicalize().ok()?;
                if !real.starts_with(real_root) {
                    return None;
                }
                folders.insert(folder.to_path_buf(), real.clone());
                real
            }
        };
        Some((real_folder.join(name), meta.len()))
    }

    /// Reads a file of the site, at most `limit` bytes.
    pub fn read(&self, path: &Path, limit: u64) -> Result<Vec<u8>, ReadError> {
        let (real, size) = self.resolve_sized(path)?;
        if size > limit {
            return Err(ReadError::TooLarge(limit));
        }
        if let Some(site) = &self.site
            && !real.starts_with(site)
            && let Some(folder) = real.parent()
        {
            let mut outside = self.outside.lock().unwrap_or_else(|e| e.into_inner());
            if !outside.contains(folder) {
                outside.insert(folder.to_path_buf());
            }
        }
        let file = std::fs::File::open(&real).map_err(ReadError::Io)?;
        // Room for the whole file and the byte that would show it grew past the limit.
        let mut bytes = Vec::with_capacity(size as usize + 1);
        file.take(limit + 1)
            .read_to_end(&mut bytes)
            .map_err(ReadError::Io)?;
        if bytes.len() as u64 > limit {
            return Err(ReadError::TooLarge(limit));
        }
        Ok(bytes)
    }

    /// Reads a text file of the site (at most [`TEXT_LIMIT`] bytes); the bytes are returned
    /// with the error when they are not UTF-8, so the caller can say where.
    pub fn read_to_string(&self, path: &Path) -> Result<String, ReadError> {
        let bytes = self.read(path, TEXT_LIMIT)?;
        String::from_utf8(bytes).map_err(|e| ReadError::NotUtf8(e.into_bytes()))
    }

    /// Every regular file under `dir` (relative to the site), in a stable order, skipping
    /// hidden names (a leading `.`) unless `keep_hidden` accepts their path relative to
    /// `dir`. A link that leaves the site, or anything that cannot be read, is a problem
    /// named by its path relative to the site.
    pub fn walk(
        &self,
        dir: &Path,
        keep_hidden: &dyn Fn(&Path) -> bool,
    ) -> (Vec<PathBuf>, Vec<Diagnostic>) {
        let mut files = Vec::new();
        let problems = std::cell::RefCell::new(Vec::new());
        let base = self.root.join(dir);
        let shown = |p: &Path| {
            p.strip_prefix(&self.root)
                .map(Path::to_path_buf)
                .unwrap_or_else(|_| p.to_path_buf())
        };
        // Folders below `base` are walked only when they resolve inside (links are checked
        // as they are met), so `base` inside means every folder walked is.
        let base_inside = self.inside(&base).is_ok();
        let walker = walkdir::WalkDir::new(&base)
            .follow_links(true)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| {
                if e.depth() == 0 {
                    return true;
                }
                let hidden = e.file_name().to_string_lossy().starts_with('.');
                if hidden && !keep_hidden(e.path().strip_prefix(&base).unwrap_or(e.path())) {
                    return false;
                }
                // A linked folder is checked before anything below it is walked.
                if e.path_is_symlink()
                    && e.file_type().is_dir()
                    && let Err(why) = self.inside(e.path())
                {
                    problems
                        .borrow_mut()
                        .push(Diagnostic::file_error(shown(e.path()), why));
                    return false;
                }
                true
            });
        for entry in walker {
            let entry = match entry {
                Ok(e) => e,
                Err(e) => {
                    let at = e.path().map_or_else(|| dir.to_path_buf(), shown);
                    problems
                        .borrow_mut()
                        .push(Diagnostic::file_error(at, format!("cannot read: {e}")));
                    continue;
                }
            };
            if entry.depth() == 0 || entry.file_type().is_dir() {
                continue;
            }
            // A plain file in a folder known to be inside the site is inside too: only
            // links are resolved (a big book is thousands of files, each a `realpath`).
            if base_inside && !entry.path_is_symlink() && entry.file_type().is_file() {
                files.push(entry.into_path());
                continue;
            }
            match self.resolve(entry.path()) {
                Ok(_) => files.push(entry.into_path()),
                Err(why) => problems
                    .borrow_mut()
                    .push(Diagnostic::file_error(shown(entry.path()), why.to_string())),
            }
        }
        (files, problems.into_inner())
    }

    /// Whether a folder resolves inside the site.
    fn inside(&self, path: &Path) -> Result<(), String> {
        let real = path.canonicalize().map_err(|e| e.to_string())?;
        match &self.real_root {
            Some(root) if real.starts_with(root) => Ok(()),
            _ => Err(ReadError::Outside(real).to_string()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::symlink;

    fn site() -> (tempfile::TempDir, Sandbox) {
        let d = tempfile::tempdir().unwrap();
        let root = d.path().join("site");
        std::fs::create_dir_all(root.join("static/sub")).unwrap();
        std::fs::write(root.join("static/a.txt"), "a").unwrap();
        std::fs::write(root.join("static/sub/b.txt"), "b").unwrap();
        std::fs::write(d.path().join("secret.txt"), "secret").unwrap();
        let sandbox = Sandbox::new(&root);
        (d, sandbox)
    }

    #[test]
    fn reads_files_inside_and_links_that_stay_inside() {
        let (_d, s) = site();
        symlink("sub/b.txt", s.root().join("static/link.txt")).unwrap();
        assert_eq!(
            s.read_to_string(&s.root().join("static/a.txt")).unwrap(),
            "a"
        );
        assert_eq!(
            s.read_to_string(&s.root().join("static/link.txt")).unwrap(),
            "b"
        );
    }

    #[test]
    fn refuses_links_to_outside_absolute_paths_and_parents() {
        let (d, s) = site();
        symlink(d.path().join("secret.txt"), s.root().join("static/env.txt")).unwrap();
        symlink("/etc/passwd", s.root().join("static/passwd")).unwrap();
        for p in [
            "static/env.txt",
            "static/passwd",
            "../secret.txt",
            "/etc/hostname",
        ] {
            let e = s.read(&s.root().join(p), TEXT_LIMIT).unwrap_err();
            assert!(matches!(e, ReadError::Outside(_)), "{p}: {e}");
        }
    }

    /// A folder read from before is not trusted for a path that leaves it: through a linked
    /// folder, or `..` out of the site, each read is resolved and refused.
    #[test]
    fn a_folder_read_before_does_not_vouch_for_paths_that_leave_it() {
        let (d, s) = site();
        std::fs::write(d.path().join("outside.txt"), "out").unwrap();
        symlink(d.path(), s.root().join("static/up")).unwrap();
        assert_eq!(
            s.read_to_string(&s.root().join("static/a.txt")).unwrap(),
            "a"
        );
        for p in [
            "static/up/outside.txt",
            "static/../../outside.txt",
            "static/up/secret.txt",
        ] {
            let e = s.read(&s.root().join(p), TEXT_LIMIT).unwrap_err();
            assert!(matches!(e, ReadError::Outside(_)), "{p}: {e}");
        }
        // The same folder again, by another way of writing it, still reads.
        assert_eq!(
            s.read_to_string(&s.root().join("static/sub/../a.txt"))
                .unwrap(),
            "a"
        );
    }

    #[test]
    fn refuses_fifos_without_blocking_and_large_files() {
        let (_d, s) = site();
        let fifo = s.root().join("static/pipe");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        if made.is_ok_and(|st| st.success()) {
            let e = s.read(&fifo, TEXT_LIMIT).unwrap_err();
            assert!(matches!(e, ReadError::NotRegular), "{e}");
            let (files, problems) = s.walk(Path::new("static"), &|_| false);
            assert!(!files.iter().any(|f| f.ends_with("pipe")));
            assert!(
                problems[0].to_string().contains("static/pipe"),
                "{problems:?}"
            );
        }
        std::fs::write(s.root().join("static/big.bin"), vec![0u8; 2048]).unwrap();
        let e = s.read(&s.root().join("static/big.bin"), 1024).unwrap_err();
        assert!(e.to_string().contains("larger than"), "{e}");
    }

    #[test]
    fn fails_closed_when_the_site_cannot_be_resolved() {
        let s = Sandbox::new(Path::new("/no/such/site/anywhere"));
        let e = s.read(Path::new("/no/such/site/anywhere/a.txt"), TEXT_LIMIT);
        assert!(matches!(e, Err(ReadError::Unresolved(_))), "{e:?}");
    }

    #[test]
    fn walk_skips_hidden_files_refuses_outside_links_and_keeps_listed_ones() {
        let (d, s) = site();
        std::fs::write(s.root().join("static/.env"), "SECRET=1").unwrap();
        std::fs::create_dir_all(s.root().join("static/.git")).unwrap();
        std::fs::write(s.root().join("static/.git/config"), "[core]").unwrap();
        std::fs::write(s.root().join("static/.nojekyll"), "").unwrap();
        symlink(d.path(), s.root().join("static/outside")).unwrap();
        symlink(d.path().join("secret.txt"), s.root().join("static/s.txt")).unwrap();
        let (files, problems) = s.walk(Path::new("static"), &|p| p == Path::new(".nojekyll"));
        let names: Vec<_> = files
            .iter()
            .map(|f| f.strip_prefix(s.root()).unwrap().to_path_buf())
            .collect();
        assert_eq!(
            names,
            ["static/.nojekyll", "static/a.txt", "static/sub/b.txt"].map(PathBuf::from)
        );
        let messages: Vec<String> = problems.iter().map(ToString::to_string).collect();
        assert_eq!(messages.len(), 2, "{messages:?}");
        assert!(messages[0].starts_with("static/outside: error: resolves to"));
        assert!(messages[1].starts_with("static/s.txt: error: resolves to"));
    }
}
