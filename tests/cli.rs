//! The command line as authors use it: exit codes, the summary line, `new`, `--root`/`--out`.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::Site;

fn crabsnake(args: &[&str]) -> std::process::Output {
    crabsnake_with_cache(args, &Path::new(env!("CARGO_TARGET_TMPDIR")).join("cache"))
}

/// Runs crabsnake with its build cache in `cache` (never the user's own cache folder).
fn crabsnake_with_cache(args: &[&str], cache: &Path) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_crabsnake"))
        .args(args)
        .env("CRABSNAKE_CACHE_DIR", cache)
        .output()
        .unwrap()
}

/// Every file of a built site, by path.
fn files_of(dir: &Path) -> std::collections::BTreeMap<PathBuf, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(dir).unwrap().to_path_buf();
            (rel, std::fs::read(e.path()).unwrap())
        })
        .collect()
}

#[test]
fn the_build_cache_gives_the_same_site_and_is_dropped_when_it_is_not_ours() {
    let site = Site::fixture("basic");
    let cache = tempfile::tempdir().unwrap();
    let root = site.root().to_str().unwrap();
    let build = |extra: &[&str]| {
        let mut args = vec!["--root", root, "build"];
        args.extend_from_slice(extra);
        let o = crabsnake_with_cache(&args, cache.path());
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        files_of(&site.out())
    };
    let cold = build(&["--no-cache"]);
    assert!(
        std::fs::read_dir(cache.path()).unwrap().next().is_none(),
        "--no-cache writes no cache"
    );
    assert_eq!(build(&[]), cold, "the first build with a cache");
    let files: Vec<PathBuf> = std::fs::read_dir(cache.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(files.len(), 1, "one file per site: {files:?}");
    assert_eq!(build(&[]), cold, "a build from the cache");

    // The cache is used: a block's HTML changed in the file shows in the page...
    let file = &files[0];
    let text = std::fs::read_to_string(file).unwrap();
    let marked = text.replacen("fixture", "FROM-THE-CACHE", 1);
    assert_ne!(marked, text, "the TOML block is in the cache");
    std::fs::write(file, &marked).unwrap();
    let page = |files: &std::collections::BTreeMap<PathBuf, Vec<u8>>| {
        String::from_utf8(files[&PathBuf::from("first.html")].clone()).unwrap()
    };
    assert!(page(&build(&[])).contains("FROM-THE-CACHE"));
    // ...but not when another crabsnake wrote it, or when it does not read back.
    let foreign = marked.replacen("\"stamp\":\"crabsnake ", "\"stamp\":\"crabsnake 0.0.0 ", 1);
    assert_ne!(foreign, marked);
    std::fs::write(file, &foreign).unwrap();
    assert_eq!(
        build(&[]),
        cold,
        "a cache from another crabsnake is ignored"
    );
    std::fs::write(file, "{ not json").unwrap();
    assert_eq!(build(&[]), cold, "a broken cache is ignored");

    // An edited block is highlighted again, not taken from the cache.
    site.write(
        "content/01-first.md",
        std::fs::read_to_string(site.root().join("content/01-first.md"))
            .unwrap()
            .replace("name = \"fixture\"", "name = \"edited\""),
    );
    let edited = page(&build(&[]));
    assert!(edited.contains("edited"), "{edited}");
    assert_ne!(page(&build(&["--no-cache"])), page(&cold));
    assert_eq!(page(&build(&["--no-cache"])), edited);
}

fn stderr(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn build_prints_one_summary_line_and_exits_zero() {
    let site = Site::fixture("basic");
    let root = site.root().to_str().unwrap();
    let o = crabsnake(&["--root", root, "build"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = String::from_utf8(o.stdout).unwrap();
    assert_eq!(out.lines().count(), 1, "{out}");
    assert!(out.starts_with("built 7 pages, 0 warnings, "), "{out}"); // print.html too
    assert!(out.contains(" ms into "), "{out}");
    assert!(site.out().join("index.html").is_file());
}

#[test]
fn no_command_means_build() {
    let site = Site::fixture("basic");
    let out = site.root().join("elsewhere");
    let o = crabsnake(&[
        "--root",
        site.root().to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(out.join("first.html").is_file());
}

#[test]
fn check_reports_problems_and_exits_one_without_writing() {
    let site = Site::fixture("basic");
    site.write(
        "content/05-bad.md",
        "+++\ntitle = \"Bad\"\n+++\n\n[x](gone.md)\n",
    );
    let o = crabsnake(&["--root", site.root().to_str().unwrap(), "check"]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        err.contains("content/05-bad.md:5:1: error: link to missing page gone.md"),
        "{err}"
    );
    assert!(!err.contains("panicked"), "{err}");
    assert!(!site.out().exists());
}

#[test]
fn usage_errors_exit_two() {
    assert_eq!(crabsnake(&["frobnicate"]).status.code(), Some(2));
    assert_eq!(
        crabsnake(&["build", "--no-such-flag"]).status.code(),
        Some(2)
    );
}

#[test]
fn help_documents_every_command_and_flag() {
    let o = crabsnake(&["--help"]);
    let help = String::from_utf8(o.stdout).unwrap();
    for word in ["build", "check", "new", "serve", "--root", "--out"] {
        assert!(help.contains(word), "--help lacks {word}:\n{help}");
    }
}

#[test]
fn running_outside_a_site_is_one_clear_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let o = crabsnake(&["--root", dir.path().to_str().unwrap(), "check"]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.contains("is not a crabsnake site") && err.contains("--root"),
        "{err}"
    );
}

#[test]
fn a_site_without_content_is_reported_not_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("site.toml"), "title = \"T\"\n").unwrap();
    let o = crabsnake(&["--root", dir.path().to_str().unwrap(), "check"]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.contains("no content/ directory"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn new_writes_the_first_free_number_refuses_a_taken_slug_and_builds() {
    let site = Site::fixture("basic");
    let root = site.root().to_str().unwrap();
    let o = crabsnake(&["--root", root, "new", "Free threading"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    // 01, 02 and 04 are taken in content/: the first free number is 03.
    let path = site.root().join("content/03-free-threading.md");
    assert!(path.is_file(), "{}", String::from_utf8_lossy(&o.stdout));
    std::fs::write(&path, "+++\ntitle = \"Mine\"\n+++\n").unwrap();
    let o = crabsnake(&["--root", root, "new", "Free threading"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("already has the slug `free-threading`"),
        "{}",
        stderr(&o)
    );
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        "+++\ntitle = \"Mine\"\n+++\n"
    );
    let o = crabsnake(&["--root", root, "build"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(site.out().join("free-threading.html").is_file());
}

#[test]
fn check_fails_on_warnings_that_build_allows() {
    let site = Site::fixture("basic");
    site.write(
        "content/05-code.md",
        "+++\ntitle = \"C\"\n+++\n\n```klingon\nqapla'\n```\n",
    );
    let root = site.root().to_str().unwrap();
    let o = crabsnake(&["--root", root, "check"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("content/05-code.md:5:1: warning: unknown code language"),
        "{}",
        stderr(&o)
    );
    let o = crabsnake(&["--root", root, "build"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(String::from_utf8_lossy(&o.stdout).contains("1 warning,"));
}
