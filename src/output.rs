//! Writing the built site: everything goes to a temporary directory beside the output and
//! is swapped in only when complete, so a failed build never destroys the last good site.
//! A marker file proves a directory is ours; any other non-empty directory is refused.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

use rayon::prelude::*;

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
pub fn resolved(path: &Path) -> PathBuf {
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

/// A step of [`write_site`], named so that tests can stop a build between any two of them
/// (as a kill would) and check that the next build recovers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// The lock is held and what an interrupted build left is recovered.
    Recovered,
    /// Half of the files are in the temporary directory.
    HalfWritten,
    /// Every file and the marker are in the temporary directory: it is a complete site.
    Complete,
    /// The previous site has been moved aside (only where directories cannot be exchanged).
    OldMovedAside,
    /// The new site is in place.
    Swapped,
}

/// What [`write_site`] did: the bytes written, and what it could not tidy up (the new site
/// is in place regardless).
#[derive(Debug, Default)]
pub struct Written {
    pub bytes: u64,
    pub leftovers: Vec<String>,
}

/// `.NAME.KIND-ID` beside the output: the lock, temporary and previous sites of `out`.
fn sibling(out: &Path, kind: &str, id: &str) -> PathBuf {
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "public".into());
    out.with_file_name(format!(".{name}.{kind}{id}"))
}

/// The temporary (`tmp-`) and previous (`old-`) directories other builds left beside `out`.
fn leftovers(out: &Path, kind: &str) -> Vec<PathBuf> {
    let prefix = sibling(out, kind, "-");
    let (Some(dir), Some(prefix)) = (prefix.parent(), prefix.file_name()) else {
        return Vec::new();
    };
    let dir = if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    };
    let prefix = prefix.to_string_lossy().into_owned();
    let mut found: Vec<PathBuf> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with(&prefix))
        .map(|e| e.path())
        .collect();
    found.sort();
    found
}

/// Writes `files` as the new content of `out`: into a temporary directory beside it, then
/// swapped in at once. Builds into the same output wait for each other (a lock file beside
/// it), and each first finishes or rolls back what an interrupted build left.
pub fn write_site(out: &Path, files: &Files) -> Result<Written, Error> {
    write_site_with(out, files, &mut |_| true)
}

/// [`write_site`], calling `go_on` after each [`Step`]; when it returns false the function
/// stops right there, leaving everything as a kill at that moment would.
pub fn write_site_with(
    out: &Path,
    files: &Files,
    go_on: &mut dyn FnMut(Step) -> bool,
) -> Result<Written, Error> {
    let mut staging = Staging::begin(out)?;
    if !go_on(Step::Recovered) {
        staging.abandon();
        return Ok(Written::default());
    }
    let all: Vec<(&PathBuf, &Vec<u8>)> = files.iter().collect();
    let (first, second) = all.split_at(all.len() / 2);
    let put = |part: &[(&PathBuf, &Vec<u8>)]| {
        part.par_iter()
            .try_for_each(|(rel, data)| staging.put(rel, data))
    };
    put(first)?;
    if !go_on(Step::HalfWritten) {
        staging.abandon();
        return Ok(Written::default());
    }
    put(second)?;
    staging.commit_with(go_on)
}

/// A new site being written: files go into a temporary directory beside the output as they
/// are made (from any thread), and [`Staging::commit`] swaps it in at once. Dropped without
/// a commit (a failed build), it removes what it wrote: the previous site is untouched.
pub struct Staging {
    out: PathBuf,
    tmp: PathBuf,
    /// Held until the staging ends; released by the system if the process is killed.
    _lock: std::fs::File,
    /// Folders already created in `tmp`.
    folders: Mutex<BTreeSet<PathBuf>>,
    bytes: AtomicU64,
    /// True once committed or abandoned: nothing left for `drop` to clean.
    done: bool,
}

impl Staging {
    /// Takes the output's lock, finishes or rolls back what an interrupted build left, and
    /// creates the temporary directory.
    pub fn begin(out: &Path) -> Result<Staging, Error> {
        // Refused before anything is created beside it.
        check_target(out)?;
        if let Some(parent) = out.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
        }
        let lock_path = sibling(out, "lock", "");
        let lock = std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&lock_path)
            .map_err(|e| Error::io(&lock_path, e))?;
        // Released when the file is closed, also when the process is killed.
        lock.lock().map_err(|e| Error::io(&lock_path, e))?;
        recover(out)?;
        check_target(out)?;
        let tmp = sibling(out, "tmp-", &std::process::id().to_string());
        std::fs::create_dir_all(&tmp).map_err(|e| Error::io(&tmp, e))?;
        Ok(Staging {
            out: out.to_path_buf(),
            tmp,
            _lock: lock,
            folders: Mutex::new(BTreeSet::new()),
            bytes: AtomicU64::new(0),
            done: false,
        })
    }

    /// Writes one file of the new site (`rel` inside the output; anything else is refused).
    pub fn put(&self, rel: &Path, data: &[u8]) -> Result<(), Error> {
        inside_output(rel)?;
        if let Some(folder) = rel.parent().filter(|p| !p.as_os_str().is_empty()) {
            // Each folder once: a big book is thousands of small files, and the time goes to
            // system calls, not to bytes.
            let mut made = self.folders.lock().unwrap_or_else(|e| e.into_inner());
            if !made.contains(folder) {
                let path = self.tmp.join(folder);
                std::fs::create_dir_all(&path).map_err(|e| Error::io(&path, e))?;
                made.insert(folder.to_path_buf());
            }
        }
        let path = self.tmp.join(rel);
        std::fs::write(&path, data).map_err(|e| Error::io(&path, e))?;
        self.bytes.fetch_add(data.len() as u64, Ordering::Relaxed);
        Ok(())
    }

    /// Marks the new site complete and puts it in place of the output.
    pub fn commit(self) -> Result<Written, Error> {
        self.commit_with(&mut |_| true)
    }

    fn commit_with(mut self, go_on: &mut dyn FnMut(Step) -> bool) -> Result<Written, Error> {
        // Written last: a temporary directory with the marker is a complete site.
        let marker = self.tmp.join(MARKER);
        std::fs::write(
            &marker,
            b"This directory is written by crabsnake; it is replaced on every build.\n",
        )
        .map_err(|e| Error::io(&marker, e))?;
        let mut written = Written {
            bytes: self.bytes.load(Ordering::Relaxed),
            leftovers: Vec::new(),
        };
        if !go_on(Step::Complete) {
            self.abandon();
            return Ok(Written::default());
        }
        let swapped = swap_in(&self.tmp, &self.out, go_on);
        // From here on the temporary directory is either the output, the previous site
        // (removed below), or what a stopped swap left for the next build to recover.
        self.done = true;
        let Some(old) = swapped? else {
            return Ok(Written::default());
        };
        if !old.as_os_str().is_empty()
            && let Err(e) = remove_tree(&old)
        {
            written.leftovers.push(format!(
                "the new site is in place, but the previous one could not be removed from \
                 {}: {e}; the next build tries again",
                old.display()
            ));
        }
        Ok(written)
    }

    /// Stops here and leaves everything as it is, as a kill would (for the tests of
    /// recovery).
    fn abandon(&mut self) {
        self.done = true;
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.done {
            let _ = std::fs::remove_dir_all(&self.tmp);
        }
    }
}

/// Refuses a path that is not inside the output folder (`..`, a root, a prefix).
fn inside_output(rel: &Path) -> Result<(), Error> {
    if rel.components().all(|c| matches!(c, Component::Normal(_))) {
        return Ok(());
    }
    Err(Error::Refused(format!(
        "refusing to write {} outside the output directory",
        rel.display()
    )))
}

/// Where a build's files go as they are made, from any thread: a [`Staging`] on disk,
/// memory (for callers that want the files), or nowhere (`check`, which only counts them).
pub struct Sink {
    target: Target,
    /// Every path put so far.
    paths: Mutex<BTreeSet<PathBuf>>,
}

enum Target {
    Disk(Staging),
    Memory(Mutex<Files>),
    /// Counted, not kept: a big book's check holds no page after its template.
    Counted(AtomicU64),
}

/// What a [`Sink`] holds when it is finished.
#[derive(Debug, Default)]
pub struct Finished {
    pub bytes: u64,
    /// The files, when they were kept in memory (empty when written to disk).
    pub files: Files,
    /// What could not be tidied up after the new site was put in place.
    pub leftovers: Vec<String>,
}

impl Sink {
    pub fn disk(staging: Staging) -> Self {
        Sink {
            target: Target::Disk(staging),
            paths: Mutex::default(),
        }
    }

    pub fn memory() -> Self {
        Sink {
            target: Target::Memory(Mutex::default()),
            paths: Mutex::default(),
        }
    }

    /// A sink that keeps nothing but each file's path and the total size.
    pub fn counted() -> Self {
        Sink {
            target: Target::Counted(AtomicU64::new(0)),
            paths: Mutex::default(),
        }
    }

    /// Adds one file of the site.
    pub fn put(&self, rel: &Path, data: &[u8]) -> Result<(), Error> {
        match &self.target {
            Target::Disk(staging) => staging.put(rel, data)?,
            Target::Memory(files) => {
                inside_output(rel)?;
                files
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .insert(rel.to_path_buf(), data.to_vec());
            }
            Target::Counted(bytes) => {
                inside_output(rel)?;
                bytes.fetch_add(data.len() as u64, Ordering::Relaxed);
            }
        }
        self.paths
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(rel.to_path_buf());
        Ok(())
    }

    /// Whether a file was put at `rel`.
    pub fn contains(&self, rel: &Path) -> bool {
        self.paths
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .contains(rel)
    }

    /// Every path put so far, sorted.
    pub fn paths(&self) -> Vec<PathBuf> {
        let paths = self.paths.lock().unwrap_or_else(|e| e.into_inner());
        paths.iter().cloned().collect()
    }

    /// Puts the new site in place (on disk) or hands the files over (in memory).
    pub fn finish(self) -> Result<Finished, Error> {
        match self.target {
            Target::Disk(staging) => {
                let written = staging.commit()?;
                Ok(Finished {
                    bytes: written.bytes,
                    files: Files::new(),
                    leftovers: written.leftovers,
                })
            }
            Target::Memory(files) => {
                let files = files.into_inner().unwrap_or_else(|e| e.into_inner());
                Ok(Finished {
                    bytes: files.values().map(|f| f.len() as u64).sum(),
                    files,
                    leftovers: Vec::new(),
                })
            }
            Target::Counted(bytes) => Ok(Finished {
                bytes: bytes.into_inner(),
                ..Finished::default()
            }),
        }
    }
}

/// Removes a folder and everything in it, the files in parallel.
fn remove_tree(dir: &Path) -> std::io::Result<()> {
    let mut files = Vec::new();
    let mut folders = vec![dir.to_path_buf()];
    let mut i = 0;
    while let Some(folder) = folders.get(i).cloned() {
        i += 1;
        for entry in std::fs::read_dir(&folder)? {
            let entry = entry?;
            // Not followed: a link is removed as a file, never what it points at.
            if entry.file_type()?.is_dir() {
                folders.push(entry.path());
            } else {
                files.push(entry.path());
            }
        }
    }
    files.par_iter().try_for_each(std::fs::remove_file)?;
    for folder in folders.iter().rev() {
        std::fs::remove_dir(folder)?;
    }
    Ok(())
}

/// Finishes or rolls back what an interrupted build left beside `out`: a missing output is
/// restored from a complete new site (`tmp-` with its marker) or else from the previous one
/// (`old-`); every other leftover is removed.
fn recover(out: &Path) -> Result<(), Error> {
    let tmps = leftovers(out, "tmp");
    let olds = leftovers(out, "old");
    if !out.exists() {
        let complete = tmps.iter().find(|t| t.join(MARKER).is_file());
        if let Some(from) = complete.or(olds.last()) {
            std::fs::rename(from, out).map_err(|e| Error::io(out, e))?;
        }
    }
    for dir in tmps.iter().chain(&olds).filter(|d| d.exists()) {
        std::fs::remove_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    }
    Ok(())
}

/// Puts the complete site `tmp` in place of `out`; returns where the previous site now is
/// (to be removed; empty when there was none), or `None` when stopped before the swap
/// finished.
fn swap_in(
    tmp: &Path,
    out: &Path,
    go_on: &mut dyn FnMut(Step) -> bool,
) -> Result<Option<PathBuf>, Error> {
    if !out.exists() {
        std::fs::rename(tmp, out).map_err(|e| Error::io(out, e))?;
        // Nothing to remove: an empty path is skipped by the caller.
        return Ok(go_on(Step::Swapped).then(PathBuf::new));
    }
    // One atomic exchange where the system has it: readers of `out` never see a gap.
    if exchange(tmp, out).is_ok() {
        return Ok(go_on(Step::Swapped).then(|| tmp.to_path_buf()));
    }
    let old = sibling(out, "old-", &std::process::id().to_string());
    std::fs::rename(out, &old).map_err(|e| Error::io(out, e))?;
    if !go_on(Step::OldMovedAside) {
        return Ok(None);
    }
    if let Err(e) = std::fs::rename(tmp, out) {
        // Put the previous site back before reporting.
        let _ = std::fs::rename(&old, out);
        return Err(Error::io(out, e));
    }
    Ok(go_on(Step::Swapped).then_some(old))
}

/// Swaps two directories in one step (Linux `renameat2` with `RENAME_EXCHANGE`).
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> std::io::Result<()> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let path = |p: &Path| {
        CString::new(p.as_os_str().as_bytes())
            .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidInput, e))
    };
    let (a, b) = (path(a)?, path(b)?);
    // SAFETY: both are valid NUL-terminated paths that outlive the call.
    let rc = unsafe {
        libc::renameat2(
            libc::AT_FDCWD,
            a.as_ptr(),
            libc::AT_FDCWD,
            b.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if rc == 0 {
        Ok(())
    } else {
        Err(std::io::Error::last_os_error())
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> std::io::Result<()> {
    Err(std::io::ErrorKind::Unsupported.into())
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
    fn a_check_counts_files_keeps_none_and_refuses_the_same_paths() {
        for sink in [Sink::counted(), Sink::memory()] {
            sink.put(Path::new("a.html"), b"12345").unwrap();
            sink.put(Path::new("g/b.html"), b"678").unwrap();
            let refused = sink.put(Path::new("../x.html"), b"no");
            assert!(matches!(refused, Err(Error::Refused(_))), "{refused:?}");
            assert!(sink.contains(Path::new("g/b.html")));
            let counted = matches!(sink.target, Target::Counted(_));
            let finished = sink.finish().unwrap();
            assert_eq!(finished.bytes, 8);
            assert_eq!(finished.files.is_empty(), counted);
        }
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
        // No temporary or old directories are left beside the output, only the lock file.
        assert_eq!(beside(d.path()), [".public.lock", "public"]);
    }

    fn beside(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    fn read(out: &Path, name: &str) -> String {
        std::fs::read_to_string(out.join(name)).unwrap_or_default()
    }

    /// A build killed after each step, then a normal build: the output is always either the
    /// old or the new site while nothing runs, and the next build leaves only the newest.
    #[test]
    fn a_build_killed_at_any_step_is_recovered_by_the_next() {
        let steps = [
            Step::Recovered,
            Step::HalfWritten,
            Step::Complete,
            Step::OldMovedAside,
            Step::Swapped,
        ];
        for stop_at in steps {
            let d = tempfile::tempdir().unwrap();
            let out = d.path().join("public");
            write_site(&out, &files(&[("a.html", "old"), ("b.html", "old")])).unwrap();
            let mut killed = |step: Step| step != stop_at;
            let new = files(&[("a.html", "new"), ("b.html", "new"), ("c.html", "new")]);
            write_site_with(&out, &new, &mut killed).unwrap();
            // Without the exchange, `OldMovedAside` leaves no output: the next build restores.
            if out.exists() {
                assert!(["old", "new"].contains(&read(&out, "a.html").as_str()));
            }
            write_site(&out, &files(&[("a.html", "third")])).unwrap();
            assert_eq!(read(&out, "a.html"), "third", "stopped at {stop_at:?}");
            assert!(!out.join("b.html").exists());
            assert_eq!(
                beside(d.path()),
                [".public.lock", "public"],
                "stopped at {stop_at:?}"
            );
        }
    }

    #[test]
    fn a_missing_output_is_restored_from_what_a_killed_swap_left() {
        let d = tempfile::tempdir().unwrap();
        let out = d.path().join("public");
        write_site(&out, &files(&[("a.html", "previous")])).unwrap();
        // The state a kill between the two renames of the old swap left behind.
        std::fs::rename(&out, d.path().join(".public.old-4242")).unwrap();
        std::fs::create_dir(d.path().join(".public.tmp-4242")).unwrap();
        std::fs::write(d.path().join(".public.tmp-4242/half.html"), "x").unwrap();
        recover(&out).unwrap();
        assert_eq!(read(&out, "a.html"), "previous");
        assert_eq!(beside(d.path()), [".public.lock", "public"]);
    }

    #[test]
    fn concurrent_builds_into_one_output_wait_for_each_other() {
        let d = tempfile::tempdir().unwrap();
        let out = d.path().join("public");
        let threads: Vec<_> = (0..4)
            .map(|i| {
                let out = out.clone();
                std::thread::spawn(move || {
                    let body = format!("build {i}");
                    for _ in 0..5 {
                        write_site(&out, &files(&[("a.html", &body), ("b/c.html", &body)]))
                            .unwrap();
                    }
                })
            })
            .collect();
        for t in threads {
            t.join().unwrap();
        }
        assert_eq!(read(&out, "a.html"), read(&out, "b/c.html"));
        assert_eq!(beside(d.path()), [".public.lock", "public"]);
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
