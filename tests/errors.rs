//! Bad input gets a clear error naming `path:line:col`, every problem is reported at once,
//! and a failed build never touches the previous output. A problem that one bad file shows
//! on its own is a folder in `tests/fixtures/invalid/` instead (see `tests/invalid.rs`); the
//! tests here need several files, a built site, or more than the messages.

mod common;

use common::{Site, assert_reported};

#[test]
fn errors_on_unclosed_front_matter() {
    let site = Site::fixture("basic");
    site.write("content/05-open.md", "+++\ntitle = \"Open\"\n\nText.\n");
    assert_reported(
        &site.build_err(),
        &["content/05-open.md:1:1:", "never closed"],
    );
}

#[test]
fn errors_on_broken_anchor_naming_the_target_page() {
    let site = Site::fixture("basic");
    site.write(
        "content/05-links.md",
        "+++\ntitle = \"L\"\n+++\n\nText\nand [this](02-second.md#nope) and [here](#gone).\n",
    );
    let m = site.build_err();
    assert_reported(
        &m,
        &["content/05-links.md:6:5: error: link to missing anchor #nope in 02-second.md"],
    );
    assert_reported(
        &m,
        &["content/05-links.md:6:35: error: link to missing anchor #gone in 05-links.md"],
    );
}

#[test]
fn warns_on_unknown_code_language_with_line() {
    let site = Site::fixture("basic");
    site.write(
        "content/05-code.md",
        "+++\ntitle = \"C\"\n+++\n\n```klingon\nqapla'\n```\n",
    );
    let summary = site.build_ok();
    let warnings: Vec<String> = summary
        .diagnostics
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_reported(
        &warnings,
        &["content/05-code.md:5:1: warning: unknown code language `klingon`"],
    );
}

#[test]
fn errors_on_unverified_rust_block_when_snippets_are_verified() {
    let site = Site::fixture("basic");
    site.write(
        "content/05-code.md",
        "+++\ntitle = \"C\"\n+++\n\n```python\nprint('unproven')\n```\n",
    );
    assert_reported(
        &site.build_err(),
        &["content/05-code.md:5:1:", "python block is not verified"],
    );
}

#[test]
fn errors_on_fragments_that_do_not_parse() {
    let site = Site::fixture("basic");
    site.write(
        "content/05-code.md",
        "+++\ntitle = \"C\"\n+++\n\n```rust,fragment\nfn f( {\n```\n\n```python,fragment\ndef g(:\n    pass\n```\n",
    );
    let m = site.build_err();
    assert_reported(
        &m,
        &["content/05-code.md:6:", "Rust fragment does not parse"],
    );
    assert_reported(
        &m,
        &["content/05-code.md:10:", "Python fragment does not parse"],
    );
}

/// Python's answer comes while the rest of the site is put together in the staging folder:
/// a fragment only Python finds wrong still publishes nothing.
#[test]
fn a_fragment_only_python_rejects_leaves_the_previous_site() {
    let site = Site::fixture("basic");
    site.build_ok();
    let before = std::fs::read(site.out().join("index.html")).unwrap();
    site.write(
        "content/05-code.md",
        "+++\ntitle = \"C\"\n+++\n\nText.\n\n```python,fragment\ndef g(:\n    pass\n```\n",
    );
    assert_reported(
        &site.build_err(),
        &["content/05-code.md:8:", "Python fragment does not parse"],
    );
    assert_eq!(
        std::fs::read(site.out().join("index.html")).unwrap(),
        before
    );
    assert!(!site.out().join("code.html").exists());
    // No staging folder is left beside the output.
    let beside: Vec<String> = std::fs::read_dir(site.root())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("public") && (n.contains("tmp") || n.contains("old")))
        .collect();
    assert!(beside.is_empty(), "{beside:?}");
}

#[test]
fn errors_on_missing_include_file_and_anchor() {
    let site = Site::fixture("basic");
    site.write(
        "content/05-code.md",
        "+++\ntitle = \"C\"\n+++\n\n```rust\n{{#include ../snippets/none.rs}}\n```\n\n```python\n{{#include ../snippets/hello.py:nope}}\n```\n",
    );
    let m = site.build_err();
    assert_reported(
        &m,
        &[
            "content/05-code.md:6:1:",
            "cannot include `../snippets/none.rs`",
        ],
    );
    assert_reported(&m, &["content/05-code.md:10:1:", "no anchor `nope`"]);
}

#[test]
fn errors_on_slug_with_dot_dot() {
    let site = Site::fixture("basic");
    site.write(
        "content/05-escape.md",
        "+++\ntitle = \"Escape\"\nslug = \"../../etc/evil\"\n+++\n",
    );
    assert_reported(
        &site.build_err(),
        &["content/05-escape.md:3:1:", "must not contain"],
    );
    assert!(!site.root().join("etc").exists());
}

fn with_own_templates(site: &Site) {
    for name in [
        "base.html",
        "chapter.html",
        "index.html",
        "404.html",
        "partials/pager.html",
        "partials/toc.html",
        "partials/decision.html",
    ] {
        let text = std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("templates")
                .join(name),
        )
        .unwrap();
        site.write(&format!("templates/{name}"), text);
    }
}

#[test]
fn errors_on_template_syntax_with_name_and_cause() {
    let site = Site::fixture("basic");
    with_own_templates(&site);
    site.write(
        "templates/404.html",
        "{% extends \"base.html\" %}\n{% block main %}\n{{ page.title \n{% endblock main %}\n",
    );
    let m = site.build_err();
    assert_reported(&m, &["templates/404.html", "Failed to parse", "404.html"]);
    assert_reported(&m, &["caused by", "4:"]);
}

#[test]
fn reports_every_problem_at_once() {
    let site = Site::fixture("basic");
    site.write(
        "content/05-a.md",
        "+++\ntitle = \"A\"\n+++\n\n[x](missing-a.md)\n",
    );
    site.write("content/06-b.md", "+++\ntitle = \"B\"\ncolour = 1\n+++\n");
    site.write(
        "content/07-c.md",
        "+++\ntitle = \"C\"\n+++\n\n[y](#missing-c)\n",
    );
    let m = site.build_err();
    assert_reported(&m, &["05-a.md:5:1", "missing-a.md"]);
    assert_reported(&m, &["06-b.md:3:1", "colour"]);
    assert_reported(&m, &["07-c.md:5:1", "#missing-c"]);
}

#[test]
fn refuses_an_output_directory_it_did_not_create() {
    let site = Site::fixture("basic");
    site.write("public/notes.txt", "my notes");
    let err = site.build().unwrap_err();
    assert!(err.error.to_string().contains("refusing"), "{}", err.error);
    assert_eq!(
        std::fs::read_to_string(site.out().join("notes.txt")).unwrap(),
        "my notes"
    );
}

#[test]
fn failed_build_keeps_the_previous_output() {
    let site = Site::fixture("basic");
    site.build_ok();
    let before = std::fs::read(site.out().join("first.html")).unwrap();
    site.write(
        "content/01-first.md",
        "+++\ntitle = \"Broken\"\nnope = true\n+++\n",
    );
    site.build_err();
    assert_eq!(
        std::fs::read(site.out().join("first.html")).unwrap(),
        before
    );
    assert!(site.out().join("second.html").is_file());
}

#[test]
fn errors_when_a_static_file_would_replace_a_page() {
    let site = Site::fixture("basic");
    site.write("static/first.html", "<p>static</p>");
    assert_reported(
        &site.build_err(),
        &["static/first.html", "would replace first.html"],
    );
}

#[test]
fn errors_on_include_outside_the_site() {
    let site = Site::fixture("basic");
    site.write(
        "content/05-leak.md",
        "+++\ntitle = \"Leak\"\n+++\n\n```text\n{{#include /etc/hostname}}\n```\n",
    );
    assert_reported(
        &site.build_err(),
        &["content/05-leak.md:6:1:", "inside the site's directory"],
    );
}

#[test]
fn links_to_drafts_say_so() {
    let site = Site::fixture("basic");
    site.write(
        "content/05-l.md",
        "+++\ntitle = \"L\"\n+++\n\n[soon](04-draft.md)\n",
    );
    assert_reported(
        &site.build_err(),
        &[
            "content/05-l.md:5:1:",
            "04-draft.md",
            "built only with --drafts",
        ],
    );
}

#[test]
fn broken_links_suggest_the_nearest_page_and_anchor() {
    let site = Site::fixture("basic");
    site.write(
        "content/05-l.md",
        "+++\ntitle = \"L\"\n+++\n\n[a](02-secnod.md) and [b](02-second.md#detials)\n",
    );
    let m = site.build_err();
    assert_reported(&m, &["05-l.md:5:1:", "did you mean 02-second.md?"]);
    assert_reported(&m, &["05-l.md:5:23:", "did you mean #details?"]);
}

/// From a page in a folder, the suggestion is written as that page would link to it.
#[test]
fn a_suggestion_is_relative_to_the_linking_page() {
    let site = Site::fixture("basic");
    site.write(
        "content/guide/05-l.md",
        "+++
title = \"L\"
+++

[a](02-second.md) and [b](03-nestd.md)
",
    );
    let m = site.build_err();
    assert_reported(&m, &["guide/05-l.md:5:1:", "did you mean ../02-second.md?"]);
    assert_reported(&m, &["guide/05-l.md:5:23:", "did you mean 03-nested.md?"]);
}

#[test]
fn bad_front_matter_does_not_hide_the_pages_other_problems() {
    let site = Site::fixture("basic");
    site.write(
        "content/05-two.md",
        "+++\ntitle = \"Two\"\nweight = \"3\"\n+++\n\n[x](#nowhere)\n",
    );
    let m = site.build_err();
    assert_reported(&m, &["content/05-two.md:3:10:", "expected an integer"]);
    assert_reported(&m, &["content/05-two.md:6:1:", "missing anchor #nowhere"]);
}
