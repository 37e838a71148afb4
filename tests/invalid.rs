//! Invalid fixture sites, one folder each under `tests/fixtures/invalid/`: the valid `basic`
//! site with the case's `site/` files laid over it (and `remove.txt`'s files deleted). `check`
//! must exit 1 and print every line of the case's `expected.txt` (a prefix of the message,
//! with its `path:line:col`). Adding a case is adding a folder.

mod common;

use std::path::Path;
use std::process::Command;

use common::{Site, copy_dir};

/// Runs one case; returns what went wrong, if anything.
fn run_case(case: &Path) -> Option<String> {
    let name = case.file_name().unwrap().to_string_lossy().into_owned();
    let site = Site::fixture("basic");
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let removed = std::fs::read_to_string(case.join("remove.txt")).unwrap_or_default();
    if case.join("site/templates").is_dir() || removed.contains("templates/") {
        // A case about templates starts from the real ones.
        copy_dir(&repo.join("templates"), &site.root().join("templates"));
    }
    if case.join("site").is_dir() {
        copy_dir(&case.join("site"), site.root());
    }
    for rel in removed.lines().filter(|l| !l.trim().is_empty()) {
        std::fs::remove_file(site.root().join(rel.trim())).unwrap();
    }
    let out = Command::new(env!("CARGO_BIN_EXE_crabsnake"))
        .args(["--root", site.root().to_str().unwrap(), "check"])
        .env(
            "CRABSNAKE_CACHE_DIR",
            std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("cache"),
        )
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    if out.status.code() != Some(1) {
        return Some(format!(
            "{name}: exit {:?}, expected 1\n{stderr}",
            out.status.code()
        ));
    }
    if stderr.contains("panicked") {
        return Some(format!("{name}: panicked\n{stderr}"));
    }
    let expected = std::fs::read_to_string(case.join("expected.txt")).unwrap();
    let missing: Vec<&str> = expected
        .lines()
        .filter(|l| {
            !l.trim().is_empty() && !stderr.lines().any(|got| got.starts_with(l.trim_end()))
        })
        .collect();
    (!missing.is_empty())
        .then(|| format!("{name}: no line starting with {missing:?} in:\n{stderr}"))
}

#[test]
fn every_invalid_fixture_gives_its_expected_messages() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/invalid");
    let mut cases: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    cases.sort();
    assert!(cases.len() >= 10, "only {} invalid fixtures", cases.len());
    let failures: Vec<String> = cases.iter().filter_map(|c| run_case(c)).collect();
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
