//! mdBook books built where they lie: `tests/fixtures/mdbook-repo` is a repository holding a
//! book (`book/`) and code the book includes from outside its folder (`examples/`).

mod common;

use common::{Site, attr, messages_of, one, select, text};
use crabsnake::site::{self, BuildOptions};
use scraper::Html;

/// The fixture repository, with a `.git` folder so that it is the includes' reach.
fn repo() -> Site {
    let site = Site::fixture("mdbook-repo");
    std::fs::create_dir(site.root().join(".git")).unwrap();
    site
}

fn options(site: &Site) -> BuildOptions {
    BuildOptions {
        root: site.root().join("book"),
        out: site.root().join("book/book"),
        drafts: false,
        write: true,
        keep_files: false,
        base_url: None,
        cache_dir: None,
    }
}

fn build(site: &Site) -> crabsnake::site::Summary {
    match site::build(&options(site)) {
        Ok(s) => s,
        Err(f) => panic!("build failed:\n{}", messages_of(&f).join("\n")),
    }
}

fn page(site: &Site, rel: &str) -> Html {
    let path = site.root().join("book/book").join(rel);
    Html::parse_document(&std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{rel}: {e}")))
}

#[test]
fn pages_keep_their_folders_and_the_outline_is_summary_md() {
    let site = repo();
    let summary = build(&site);
    for rel in [
        "index.html",
        "guide/index.html",
        "guide/install.html",
        "guide/deep/nested.html",
        "function-calls.html",
        "python-from-rust/function-calls.html",
        "reference/code.html",
        "contributors.html",
        "images/crab.svg",
        "old/install.html",
    ] {
        assert!(
            site.root().join("book/book").join(rel).is_file(),
            "{rel} is missing"
        );
    }
    // Every book.toml key without a meaning is one warning, not a failure.
    let warnings: Vec<String> = summary.diagnostics.iter().map(|d| d.to_string()).collect();
    assert_eq!(warnings.len(), 2, "{warnings:?}");
    assert!(warnings[0].starts_with("book.toml:4:1: note: `book.authors`"));

    let doc = page(&site, "guide/deep/nested.html");
    // Numbers, nesting, parts, the draft, the separators, in SUMMARY.md's order.
    let entries: Vec<String> = select(&doc, "#sidebar li")
        .into_iter()
        .map(|li| {
            let own = li
                .children()
                .filter_map(scraper::ElementRef::wrap)
                .find(|e| ["a", "span"].contains(&e.value().name()))
                .map(text)
                .unwrap_or_default();
            format!("{}:{}", li.value().attr("class").unwrap_or(""), own)
        })
        .collect();
    assert_eq!(
        entries,
        [
            ":Introduction",
            "separator:",
            "part-title:",
            ":1. Getting started",
            ":1.1. Install",
            ":1.1.1. Deep dive",
            ":1.2. Not written yet",
            ":2. Function calls",
            "part-title:",
            ":3. Calling Python",
            ":4. Code blocks",
            "separator:",
            ":Contributors",
        ]
    );
    assert_eq!(
        text(one(&doc, "#sidebar a[aria-current=page]")),
        "1.1.1. Deep dive"
    );
    // Every link works from the page's folder: sidebar, assets, prose.
    assert_eq!(
        attr(one(&doc, "#sidebar a[href$='contributors.html']"), "href"),
        "../../contributors.html"
    );
    assert!(attr(one(&doc, "link[rel=stylesheet]"), "href").starts_with("../../style."));
    assert_eq!(
        attr(one(&doc, "main p a"), "href"),
        "../install.html#on-linux-1"
    );
    assert!(
        select(&doc, "#sidebar .draft a").is_empty(),
        "a draft has no link"
    );
}

#[test]
fn heading_ids_are_mdbooks() {
    let site = repo();
    build(&site);
    let doc = page(&site, "guide/install.html");
    let ids: Vec<&str> = select(&doc, "main h2:not(#toc-title)")
        .into_iter()
        .map(|h| attr(h, "id"))
        .collect();
    assert_eq!(
        ids,
        [
            "on-linux",
            "on-linux-1",
            "--passes-add-more-rustdoc-passes",
            "method-call--expressions",
            "über-alles",
            "中文標題-cjk-title",
            "c--rust-a-fair-fight",
            "my-anchor",
            // mdBook does not count an author's id as taken: the same id again.
            "my-anchor",
        ]
    );
    assert_eq!(
        attr(one(&doc, "main p a[href*=nested]"), "href"),
        "deep/nested.html#down-here"
    );
    // A definition list's terms get ids from the same counter, as in mdBook.
    let terms = page(&site, "contributors.html");
    let ids: Vec<&str> = select(&terms, "main dt")
        .into_iter()
        .map(|d| attr(d, "id"))
        .collect();
    assert_eq!(ids, ["crab", "snake", "crab-1"]);
}

#[test]
fn includes_titles_escapes_and_hidden_lines() {
    let site = repo();
    build(&site);
    let home = page(&site, "index.html");
    let contributors = page(&site, "contributors.html");
    assert_eq!(
        text(one(&contributors, "title")),
        "Who wrote this book · Fixture Book"
    );
    assert!(
        text(one(&home, "main blockquote")).contains("included from `shared/notice.md`")
            || text(one(&home, "main blockquote")).contains("included from shared/notice.md")
    );
    assert_eq!(
        attr(one(&home, "footer a[href*=edit]"), "href"),
        "https://example.test/repo/edit/main/book/src/README.md"
    );

    let code = page(&site, "reference/code.html");
    let blocks: Vec<String> = select(&code, "main pre code")
        .into_iter()
        .map(text)
        .collect();
    // Included from outside the book's folder, inside the repository.
    assert!(blocks[0].contains("fn greet(name: &str)") && blocks[0].contains("fn main()"));
    // rustdoc_include shows the anchor's lines and hides the rest.
    assert!(
        blocks[1].contains("fn greet") && !blocks[1].contains("fn main"),
        "{}",
        blocks[1]
    );
    // Neighbouring blocks stay apart, as mdBook shows them (no tabs in a book).
    assert!(select(&code, "[data-tabs]").is_empty());
    // Hidden `# ` lines are not shown.
    assert!(!blocks[3].contains("fn main"), "{}", blocks[3]);

    let calls = page(&site, "python-from-rust/function-calls.html");
    assert!(
        select(&calls, "main p")
            .into_iter()
            .any(|p| text(p).contains("{{#include ../../../examples/hello.rs}}"))
    );
    // `[output.html.code.hidelines] python = "~"`.
    let py = text(one(&calls, "main pre code"));
    assert!(
        !py.contains("import math") && py.contains("print(math.floor(2.5))"),
        "{py}"
    );

    let moved = std::fs::read_to_string(site.root().join("book/book/old/install.html")).unwrap();
    assert!(moved.contains("URL=../guide/install.html"), "{moved}");
}

#[test]
fn includes_never_leave_the_repository() {
    // Without the `.git` folder the book's own folder is the limit.
    let site = Site::fixture("mdbook-repo");
    let f = site::build(&options(&site)).unwrap_err();
    let messages = messages_of(&f);
    assert!(
        messages.iter().any(|m| m.starts_with(
            "src/reference/code.md:6:1: error: cannot include `../../../examples/hello.rs`"
        )),
        "{messages:?}"
    );
    assert!(
        !site.root().join("book/book").exists(),
        "a failed build writes nothing"
    );
}

#[test]
fn a_heading_that_takes_a_template_id_is_a_warning() {
    let site = repo();
    site.write("book/src/contributors.md", "# Contributors\n\n## Sidebar\n");
    let summary = build(&site);
    let warnings: Vec<String> = summary.diagnostics.iter().map(|d| d.to_string()).collect();
    assert!(
        warnings
            .iter()
            .any(|w| w.starts_with("src/contributors.md:3:1: warning: heading id `sidebar`")),
        "{warnings:?}"
    );
    // The id stays mdBook's.
    assert_eq!(
        select(&page(&site, "contributors.html"), "h2#sidebar").len(),
        1
    );
}

#[test]
fn summary_problems_name_their_line() {
    let site = repo();
    site.write(
        "book/src/SUMMARY.md",
        "# Summary\n\n- [Missing](missing.md)\n- [Web](https://example.test/)\n",
    );
    let f = site::build(&options(&site)).unwrap_err();
    let messages: Vec<String> = messages_of(&f)
        .into_iter()
        .filter(|m| m.contains("error"))
        .collect();
    assert!(
        messages[0].starts_with("src/SUMMARY.md:3:3: error: `src/missing.md` does not exist"),
        "{messages:?}"
    );
    assert!(
        messages[1].starts_with("src/SUMMARY.md:4:3: error"),
        "{messages:?}"
    );
}

/// Builds the fixture with mdBook too, when it is installed, and compares: every page mdBook
/// writes exists at the same path, with every heading id mdBook gives it.
#[test]
fn same_pages_and_ids_as_mdbook() {
    let site = repo();
    build(&site);
    let theirs = site.root().join("mdbook-out");
    if !mdbook_build(&site.root().join("book"), &theirs) {
        return;
    }
    let ids = |path: &std::path::Path| -> Vec<String> {
        let doc = Html::parse_document(&std::fs::read_to_string(path).unwrap());
        select(
            &doc,
            "main h1[id], main h2[id], main h3[id], main h4[id], main h5[id], main h6[id], main dt[id]",
        )
        .into_iter()
        .map(|h| attr(h, "id").to_string())
        .collect()
    };
    let mut compared = 0;
    for entry in walk(&theirs) {
        let rel = entry.strip_prefix(&theirs).unwrap();
        let name = rel.to_string_lossy();
        if !name.ends_with(".html")
            || ["toc.html", "print.html", "404.html"].contains(&name.as_ref())
        {
            continue;
        }
        let ours = site.root().join("book/book").join(rel);
        assert!(ours.is_file(), "mdBook writes {name}; crabsnake does not");
        let ours = ids(&ours);
        for id in ids(&entry) {
            assert!(ours.contains(&id), "{name}#{id} is missing");
        }
        compared += 1;
    }
    assert!(compared >= 9, "only {compared} pages compared");
}

/// Builds `book` with mdBook into `out` (`$MDBOOK`, or `mdbook` on PATH); false, with a
/// word on standard error, when mdBook is not installed (the comparison is skipped).
fn mdbook_build(book: &std::path::Path, out: &std::path::Path) -> bool {
    let Some(mdbook) = std::env::var_os("MDBOOK")
        .map(std::path::PathBuf::from)
        .or_else(|| which("mdbook"))
    else {
        eprintln!(
            "not compared with mdBook: it is not installed (set MDBOOK=path or put it on PATH)"
        );
        return false;
    };
    let run = std::process::Command::new(mdbook)
        .arg("build")
        .arg(book)
        .arg("-d")
        .arg(out)
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    true
}

fn which(name: &str) -> Option<std::path::PathBuf> {
    std::env::var_os("PATH")?
        .to_string_lossy()
        .split(':')
        .map(|d| std::path::Path::new(d).join(name))
        .find(|p| p.is_file())
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}

/// `crabsnake test` on a book with passing and failing blocks of every kind: each failure
/// names the block's `path:line` and shows what the compiler or Python said.
#[test]
fn test_runs_rust_and_pycon_blocks_and_names_each_failure() {
    let site = Site::fixture("mdbook-test");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_crabsnake"))
        .args(["test", "--root"])
        .arg(site.root())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stdout}\n{stderr}");
    assert!(
        stdout.contains("tested 12 blocks: 6 passed, 5 failed, 1 ignored"),
        "{stdout}\n{stderr}"
    );
    let failures: Vec<&str> = stderr.lines().filter(|l| l.contains(": error: ")).collect();
    assert_eq!(
        failures,
        [
            "src/failing.md:3: error: Rust block failed when run:",
            "src/failing.md:8: error: Rust block compiled, but the block is marked `compile_fail`",
            "src/failing.md:12: error: Rust block ran to the end, but the block is marked `should_panic`",
            "src/failing.md:16: error: Rust block does not compile:",
            "src/failing.md:20: error: pycon block failed:",
        ],
        "{stderr}"
    );
    // The panic and the compiler's error point into the chapter, not the test program.
    assert!(
        stderr.contains("panicked at src/failing.md:5:1"),
        "{stderr}"
    );
    assert!(stderr.contains("--> src/failing.md:17:14"), "{stderr}");
    assert!(stderr.contains("Expected:\n    5\nGot:\n    4"), "{stderr}");
    // Nothing of the passing chapter failed: the hidden `use` line compiled, the panicking
    // block panicked, the ill-typed one failed to compile, and the second pycon session saw
    // the first one's names.
    assert!(!stderr.contains("src/passing.md"), "{stderr}");
}

#[test]
fn test_stops_a_block_that_never_ends() {
    let site = Site::fixture("mdbook-test");
    site.write("src/SUMMARY.md", "- [Loop](loop.md)\n");
    site.write(
        "src/loop.md",
        "# Loop\n\n```rust\nloop { std::hint::spin_loop(); }\n```\n",
    );
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_crabsnake"))
        .args(["test", "--timeout", "1", "--root"])
        .arg(site.root())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr.contains("src/loop.md:3: error: Rust block still running after 1 s: stopped"),
        "{stderr}"
    );
}

/// Without a `README.md` at the top, the first chapter is also `index.html`, as in mdBook
/// (same headings, same ids), and search and the print edition list it once.
#[test]
fn without_a_readme_the_first_chapter_is_also_the_home_page() {
    let site = repo();
    let summary_path = site.root().join("book/src/SUMMARY.md");
    let summary = std::fs::read_to_string(&summary_path).unwrap();
    std::fs::write(
        &summary_path,
        summary.replace("[Introduction](README.md)\n", ""),
    )
    .unwrap();
    site.write(
        "book/src/guide/README.md",
        "# Getting started\n\nRead about [install](install.md).\n",
    );
    build(&site);
    let home = page(&site, "index.html");
    let first = page(&site, "guide/index.html");
    assert_eq!(text(one(&home, "main h1")), text(one(&first, "main h1")));
    // Its links are made from the top folder.
    assert_eq!(
        attr(one(&home, "main .body a[href*=install]"), "href"),
        "guide/install.html"
    );
    let print = std::fs::read_to_string(site.root().join("book/book/print.html")).unwrap();
    assert_eq!(
        print.matches("Read about").count(),
        1,
        "the chapter is printed once"
    );
}

/// A big book shares one sidebar (`nav.js`); without JavaScript its home page, the book's
/// `README.md`, lists every chapter, so the sidebar's fallback link leads somewhere.
#[test]
fn a_big_book_keeps_a_way_in_without_javascript() {
    let site = repo();
    let mut summary = String::from("[Introduction](README.md)\n\n");
    for i in 0..crabsnake::nav::SHARED_FROM {
        site.write(
            &format!("book/src/part/ch{i}.md"),
            format!("# Chapter {i}\n\nText.\n"),
        );
        summary.push_str(&format!("- [Chapter {i}](part/ch{i}.md)\n"));
    }
    site.write("book/src/SUMMARY.md", &summary);
    site.write("book/src/README.md", "# Introduction\n\nA big book.\n");
    build(&site);
    let home = page(&site, "index.html");
    // Every chapter of the outline, the introduction included.
    assert_eq!(
        select(&home, "#contents-title + ol a").len(),
        crabsnake::nav::SHARED_FROM + 1
    );
    let chapter = page(&site, "part/ch7.html");
    assert_eq!(
        attr(one(&chapter, "#nav-list a"), "href"),
        "../index.html#contents-title"
    );
    let script = std::fs::read_to_string(site.root().join("book/book/nav.js")).unwrap();
    assert!(
        script.contains("ch7.html") && script.contains("8."),
        "numbered entries"
    );
}

/// Includes that mdBook accepts without a word, as *The Rust Programming Language* has them:
/// an anchor opened twice and never closed, a line range past the end of the file, an anchor
/// that is not there. The book builds, each is a warning at its directive, and each block
/// holds what mdBook's does (compared with mdBook's own output when it is installed).
#[test]
fn includes_mdbook_forgives_are_warnings_with_its_text() {
    let site = Site {
        dir: tempfile::tempdir().unwrap(),
    };
    site.write("book.toml", "[book]\ntitle = \"Loose includes\"\n");
    site.write("src/SUMMARY.md", "# Summary\n\n- [Loose](loose.md)\n");
    site.write(
        "src/main.rs",
        "// ANCHOR: all\nuse std::io;\n// ANCHOR: main\nfn main() {\n    println!(\"hi\");\n}\n// ANCHOR: all\n",
    );
    site.write(
        "src/Cargo.toml",
        "[package]\nname = \"loose\"\nversion = \"0.1.0\"\n",
    );
    site.write(
        "src/loose.md",
        "# Loose\n\n```rust,does_not_compile\n{{#include main.rs:all}}\n```\n\n```toml\n{{#include Cargo.toml:2:12}}\n```\n\n```text\n{{#include main.rs:nothing}}\n```\n\n```rust,ignroe\nfn main() {}\n```\n",
    );
    let options = BuildOptions {
        root: site.root().to_path_buf(),
        out: site.root().join("book"),
        ..options(&site)
    };
    let summary = match site::build(&options) {
        Ok(s) => s,
        Err(f) => panic!("build failed:\n{}", messages_of(&f).join("\n")),
    };
    let warnings: Vec<String> = summary
        .diagnostics
        .sorted()
        .iter()
        .map(ToString::to_string)
        .collect();
    for expected in [
        "src/loose.md:4:1: warning: `main.rs` opens anchor `all` but has no `ANCHOR_END: all`: \
         the rest of the file is included, as mdBook does",
        "src/loose.md:8:1: warning: `Cargo.toml` has 3 lines; line 12 does not exist: the range \
         stops at the end of the file, as mdBook does",
        "src/loose.md:12:1: warning: `main.rs` has no anchor `nothing`",
        "src/loose.md:15:9: warning: unknown code block attribute `ignroe`: did you mean `ignore`?",
    ] {
        assert!(
            warnings.iter().any(|w| w.starts_with(expected)),
            "{expected}\n{warnings:#?}"
        );
    }
    // A word of the book's own (for its theme's script), as mdBook takes it: no warning.
    assert_eq!(warnings.len(), 4, "{warnings:#?}");
    let blocks = |dir: &std::path::Path| -> Vec<String> {
        let doc = Html::parse_document(&std::fs::read_to_string(dir.join("loose.html")).unwrap());
        select(&doc, "main pre code")
            .into_iter()
            .map(|c| c.text().collect::<String>().trim_end().to_string())
            .collect()
    };
    let ours = blocks(&site.root().join("book"));
    assert_eq!(
        ours,
        [
            "use std::io;\nfn main() {\n    println!(\"hi\");\n}",
            "name = \"loose\"\nversion = \"0.1.0\"",
            "",
            "fn main() {}",
        ]
    );
    let theirs = site.root().join("mdbook-out");
    if mdbook_build(site.root(), &theirs) {
        assert_eq!(ours, blocks(&theirs));
    }
}

/// A section that opens with its own title at a lower level (`## Macros`, as many of *The
/// Rust Programming Language*'s do) is shown with that heading alone, as mdBook shows it;
/// a page with no heading of its title gets one.
#[test]
fn a_page_that_opens_with_its_title_is_not_titled_twice() {
    let site = Site {
        dir: tempfile::tempdir().unwrap(),
    };
    site.write("book.toml", "[book]\ntitle = \"Titles\"\n");
    site.write(
        "src/SUMMARY.md",
        "# Summary\n\n- [Macros](macros.md)\n- [Plain](plain.md)\n",
    );
    site.write(
        "src/macros.md",
        "## Macros\n\nText.\n\n### Deeper\n\n#### Deepest\n\n## Summary\n",
    );
    site.write("src/plain.md", "Text only.\n\n## Part\n");
    let options = BuildOptions {
        root: site.root().to_path_buf(),
        out: site.root().join("book"),
        ..options(&site)
    };
    if let Err(f) = site::build(&options) {
        panic!("build failed:\n{}", messages_of(&f).join("\n"));
    }
    let headings = |name: &str| -> Vec<String> {
        let path = site.root().join("book").join(name);
        let doc = Html::parse_document(&std::fs::read_to_string(path).unwrap());
        select(&doc, "main :is(h1, h2, h3, h4)")
            .into_iter()
            .map(|h| format!("{} {}", h.value().name(), text(h).trim_end_matches('#')))
            .collect()
    };
    // The title heading is the page's one h1, first as a template's title is (above "On
    // this page"); the rest move up but stay below it, so the outline has no gap (mdBook
    // leaves this page without an h1). Its id stays mdBook's.
    assert_eq!(
        headings("macros.html"),
        [
            "h1 Macros",
            "h2 On this page",
            "h2 Deeper",
            "h3 Deepest",
            "h2 Summary"
        ]
    );
    let path = site.root().join("book/macros.html");
    let doc = Html::parse_document(&std::fs::read_to_string(path).unwrap());
    assert_eq!(select(&doc, "main h1#macros").len(), 1);
    assert_eq!(headings("plain.html"), ["h1 Plain", "h2 Part"]);
}
