//! The build cache: code blocks highlighted and Python fragments checked by an earlier
//! `build` or `check` of the same site, so that a repeat build does again only what changed
//! (highlighting is most of a small site's build time).
//!
//! - One file per site folder, `<hash of the folder's path>.json`, in the user's cache
//!   folder: `$CRABSNAKE_CACHE_DIR`, else `$XDG_CACHE_HOME/crabsnake`, else
//!   `~/.cache/crabsnake`. Never inside the site, so a pull request cannot plant one.
//! - Tied to the crabsnake that wrote it (its version and its executable's size and
//!   modification time): a rebuilt crabsnake starts afresh, and so does a file that does not
//!   read back. Nothing in it is trusted beyond that.
//! - Written after a successful build, with only what that build used (a removed block is
//!   forgotten), to a temporary file renamed into place. The folder keeps the
//!   [`KEEP_FILES`] most recently written files.
//! - `--no-cache` turns it off, and books of more than [`MAX_PAGES`] pages go without.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::highlight::{Highlighted, Highlighter};
use crate::snippets::PythonMemo;

/// Cache files kept in the cache folder, newest first (one per site built recently).
pub const KEEP_FILES: usize = 64;

/// Books with more pages than this build without the cache: every highlighted block would
/// stay in memory until the end of the build, and a big book's peak memory matters more than
/// the time saved.
pub const MAX_PAGES: usize = 2_000;

/// What one site's cache file holds.
#[derive(Serialize, Deserialize, Default)]
struct Stored {
    stamp: String,
    blocks: Vec<(u64, Highlighted)>,
    python: PythonMemo,
}

/// A site's cache, read at the start of a build and written at its end.
pub struct BuildCache {
    path: PathBuf,
    stamp: String,
    /// Python's earlier answers; the build asks Python only about new fragments.
    pub python: PythonMemo,
    /// Blocks read from the file (before they go to the highlighter).
    blocks: usize,
}

/// The folder cache files go in, from the environment; `None` when there is no home.
pub fn default_dir() -> Option<PathBuf> {
    let var = |name: &str| std::env::var_os(name).filter(|v| !v.is_empty());
    var("CRABSNAKE_CACHE_DIR")
        .map(PathBuf::from)
        .or_else(|| var("XDG_CACHE_HOME").map(|d| PathBuf::from(d).join("crabsnake")))
        .or_else(|| var("HOME").map(|h| PathBuf::from(h).join(".cache/crabsnake")))
}

/// What identifies the crabsnake that is running.
fn stamp() -> String {
    let exe = std::env::current_exe()
        .and_then(std::fs::metadata)
        .map(|m| {
            let modified = m
                .modified()
                .ok()
                .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                .map_or(0, |d| d.as_nanos());
            format!("{} {modified}", m.len())
        })
        .unwrap_or_default();
    format!("crabsnake {} {exe}", env!("CARGO_PKG_VERSION"))
}

/// The cache file of the site at `root`.
fn file_for(dir: &Path, root: &Path) -> PathBuf {
    use std::hash::{Hash, Hasher};
    let root = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    let mut h = std::hash::DefaultHasher::new();
    root.hash(&mut h);
    dir.join(format!("{:016x}.json", h.finish()))
}

impl BuildCache {
    /// Reads the site's cache file, if there is a good one, and gives its blocks to the
    /// highlighter (which from now on remembers what it highlights).
    pub fn open(dir: &Path, root: &Path, highlighter: &Highlighter) -> BuildCache {
        let path = file_for(dir, root);
        let stamp = stamp();
        let stored = std::fs::read(&path)
            .ok()
            .and_then(|bytes| serde_json::from_slice::<Stored>(&bytes).ok())
            .filter(|s| s.stamp == stamp)
            .unwrap_or_default();
        let blocks = stored.blocks.len();
        highlighter.preload(stored.blocks);
        BuildCache {
            path,
            stamp,
            python: stored.python,
            blocks,
        }
    }

    /// Whether the file had anything in it (a warm cache).
    pub fn is_warm(&self) -> bool {
        self.blocks > 0 || !self.python.is_empty()
    }

    /// Writes what this build used. A cache that cannot be written is not a failed build:
    /// the error is returned for a note, nothing more.
    pub fn save(self, highlighter: &Highlighter) -> std::io::Result<()> {
        let stored = Stored {
            stamp: self.stamp,
            blocks: highlighter.take_used(),
            python: self.python,
        };
        let dir = self.path.parent().unwrap_or(Path::new("."));
        std::fs::create_dir_all(dir)?;
        let mut file = tempfile::NamedTempFile::new_in(dir)?;
        let mut out = std::io::BufWriter::new(file.as_file_mut());
        serde_json::to_writer(&mut out, &stored)?;
        std::io::Write::flush(&mut out)?;
        drop(out);
        file.persist(&self.path).map_err(|e| e.error)?;
        prune(dir);
        Ok(())
    }
}

/// Removes all but the [`KEEP_FILES`] newest cache files of the folder.
fn prune(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut files: Vec<(std::time::SystemTime, PathBuf)> = entries
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == "json"))
        .filter_map(|e| Some((e.metadata().ok()?.modified().ok()?, e.path())))
        .collect();
    if files.len() <= KEEP_FILES {
        return;
    }
    files.sort_by_key(|f| std::cmp::Reverse(f.0));
    for (_, path) in files.into_iter().skip(KEEP_FILES) {
        let _ = std::fs::remove_file(path);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_folder_keeps_only_the_newest_files() {
        let dir = tempfile::tempdir().unwrap();
        let start = std::time::SystemTime::now() - std::time::Duration::from_secs(10_000);
        for i in 0..KEEP_FILES + 3 {
            let path = dir.path().join(format!("{i:04}.json"));
            let file = std::fs::File::create(&path).unwrap();
            file.set_modified(start + std::time::Duration::from_secs(i as u64))
                .unwrap();
        }
        std::fs::write(dir.path().join("notes.txt"), "not a cache file").unwrap();
        prune(dir.path());
        let mut left: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        left.sort();
        assert_eq!(left.len(), KEEP_FILES + 1);
        assert_eq!(left[0], "0003.json", "the three oldest are gone");
        assert!(left.contains(&"notes.txt".to_string()));
    }

    #[test]
    fn each_site_folder_has_its_own_file() {
        let dir = Path::new("/cache");
        let a = file_for(dir, Path::new("/no/such/site-a"));
        let b = file_for(dir, Path::new("/no/such/site-b"));
        assert_ne!(a, b);
        assert_eq!(a, file_for(dir, Path::new("/no/such/site-a")));
        assert_eq!(a.parent(), Some(dir));
    }
}
