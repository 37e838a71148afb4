//! When each chapter last changed, from git: the date of the newest commit that touched it.
//! Asked once per build (one `git log` for the whole `content/` folder); outside a git
//! checkout, or without git, there are no dates and pages say nothing rather than guess.
//! The dates are commit dates, so a build of a given commit is the same every time.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Chapter file (as `content/...`, relative to the site) -> `YYYY-MM-DD`.
pub type Dates = HashMap<PathBuf, String>;

/// Starts `git log` for `root/content` on another thread; join it to get the dates.
pub fn start(root: &Path) -> std::thread::JoinHandle<Dates> {
    let root = root.to_path_buf();
    std::thread::spawn(move || last_commits(&root).unwrap_or_default())
}

/// The newest commit date of every file under `content/` that git knows.
fn last_commits(root: &Path) -> Option<Dates> {
    let output = Command::new("git")
        .arg("-C")
        .arg(root)
        .args([
            "log",
            "--format=%x01%cs",
            "--name-only",
            "--no-renames",
            "--relative",
            "--",
            "content",
        ])
        .output()
        .ok()?;
    if !output.status.success() {
        return None;
    }
    Some(parse(&String::from_utf8_lossy(&output.stdout)))
}

/// Reads `git log --format=%x01%cs --name-only`: a date line, then the files of that
/// commit. The log is newest first, so a file's first date is its last change.
fn parse(log: &str) -> Dates {
    let mut dates = Dates::new();
    let mut date = "";
    for line in log.lines() {
        if let Some(d) = line.strip_prefix('\u{1}') {
            date = d.trim();
        } else if !line.is_empty() && !date.is_empty() {
            dates
                .entry(PathBuf::from(line))
                .or_insert_with(|| date.to_string());
        }
    }
    dates
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_newest_commit_wins() {
        let log =
            "\u{1}2026-11-20\n\ncontent/a.md\n\n\u{1}2026-10-01\n\ncontent/a.md\ncontent/b.md\n";
        let dates = parse(log);
        assert_eq!(dates[Path::new("content/a.md")], "2026-11-20");
        assert_eq!(dates[Path::new("content/b.md")], "2026-10-01");
    }

    #[test]
    fn outside_a_checkout_there_are_no_dates() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("content")).unwrap();
        assert!(start(dir.path()).join().unwrap().is_empty());
    }
}
