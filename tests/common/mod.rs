//! Shared helpers for the integration tests: copy a fixture site into a temporary
//! directory, build it, and query the output as a DOM.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

use crabsnake::site::{self, BuildOptions, Failure, Summary};
use scraper::{Html, Selector};

/// A fixture site copied into a temporary directory, free to be changed by a test.
pub struct Site {
    pub dir: tempfile::TempDir,
}

impl Site {
    /// Copies `tests/fixtures/<name>` into a fresh temporary directory.
    pub fn fixture(name: &str) -> Site {
        let dir = tempfile::tempdir().unwrap();
        copy_dir(
            &Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("tests/fixtures")
                .join(name),
            dir.path(),
        );
        Site { dir }
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn out(&self) -> PathBuf {
        self.dir.path().join("public")
    }

    /// Writes (or overwrites) a file of the site.
    pub fn write(&self, rel: &str, text: impl AsRef<[u8]>) {
        let path = self.root().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    pub fn options(&self, write: bool) -> BuildOptions {
        BuildOptions {
            root: self.root().to_path_buf(),
            out: self.out(),
            drafts: false,
            write,
            // A check in the tests keeps the files, to be read as the site.
            keep_files: !write,
            base_url: None,
            cache_dir: None,
        }
    }

    pub fn build(&self) -> Result<Summary, Failure> {
        site::build(&self.options(true))
    }

    /// Builds and panics with every diagnostic if the build fails.
    pub fn build_ok(&self) -> Summary {
        match self.build() {
            Ok(s) => s,
            Err(f) => panic!("build failed: {}\n{}", f.error, messages_of(&f).join("\n")),
        }
    }

    /// Builds, expecting failure; returns every diagnostic as `path:line:col: level: message`.
    pub fn build_err(&self) -> Vec<String> {
        match self.build() {
            Ok(_) => panic!("the build should have failed"),
            Err(f) => messages_of(&f),
        }
    }

    pub fn page(&self, name: &str) -> Html {
        let text = std::fs::read_to_string(self.out().join(name))
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        Html::parse_document(&text)
    }
}

pub fn messages_of(f: &Failure) -> Vec<String> {
    f.diagnostics
        .sorted()
        .iter()
        .map(ToString::to_string)
        .collect()
}

/// Copies a folder's files into another, replacing files of the same name.
pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Every element matching a CSS selector.
pub fn select<'a>(doc: &'a Html, css: &str) -> Vec<scraper::ElementRef<'a>> {
    let sel = Selector::parse(css).unwrap_or_else(|e| panic!("bad selector {css}: {e:?}"));
    doc.select(&sel).collect()
}

/// The one element matching a selector.
pub fn one<'a>(doc: &'a Html, css: &str) -> scraper::ElementRef<'a> {
    let found = select(doc, css);
    assert_eq!(
        found.len(),
        1,
        "expected one `{css}`, found {}",
        found.len()
    );
    found[0]
}

pub fn text(e: scraper::ElementRef) -> String {
    e.text()
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

pub fn attr<'a>(e: scraper::ElementRef<'a>, name: &str) -> &'a str {
    e.value()
        .attr(name)
        .unwrap_or_else(|| panic!("no attribute {name}"))
}

/// Asserts that some message contains every one of `parts`.
pub fn assert_reported(messages: &[String], parts: &[&str]) {
    assert!(
        messages.iter().any(|m| parts.iter().all(|p| m.contains(p))),
        "no message contains {parts:?}; got:\n{}",
        messages.join("\n")
    );
}
