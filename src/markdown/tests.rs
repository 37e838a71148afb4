//! Unit tests of the Markdown passes, on small inputs.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use proptest::strategy::Strategy;

use super::*;
use crate::highlight::Highlighter;

/// One highlighter for all tests: loading syntect's syntaxes is the slow part.
fn highlighter() -> &'static Highlighter {
    Highlighter::shared()
}

fn render_with(body: &str, verify: bool) -> Rendered {
    let h = highlighter();
    let pages: HashMap<PathBuf, String> = [
        (PathBuf::from("01-intro.md"), "intro.html".to_string()),
        (PathBuf::from("02-other.md"), "other.html".to_string()),
        (PathBuf::from("group/page.md"), "page.html".to_string()),
    ]
    .into_iter()
    .collect();
    let sandbox = crate::files::Sandbox::new(Path::new("."));
    let reserved = crate::template_facts::TemplateFacts::read(
        crate::templates::BUILTIN.iter().map(|(n, t)| (*n, *t)),
    )
    .ids;
    let ctx = RenderContext {
        rel: Path::new("content/01-intro.md"),
        content_rel: Path::new("01-intro.md"),
        body_line: 4,
        base_dir: Path::new("."),
        sandbox: &sandbox,
        pages: &pages,
        here: "intro.html",
        book: None,
        line_map: None,
        highlighter: h,
        reserved_ids: &reserved,
        verify_snippets: verify,
        title: None,
        lines: Default::default(),
    };
    render(body, &ctx)
}

fn r(body: &str) -> Rendered {
    render_with(body, false)
}

#[test]
fn heading_ids_are_slugified_and_unique() {
    let out =
        r("## Hello, World!\n\n## Hello, World!\n\n### `None` vs `Option`\n\n## Custom {#mine}\n");
    let ids: Vec<&str> = out.toc.iter().map(|t| t.id.as_str()).collect();
    assert_eq!(
        ids,
        ["hello-world", "hello-world-1", "none-vs-option", "mine"]
    );
    assert!(out.html.contains("<h2 id=\"hello-world\">"));
    assert!(out.html.contains("<a class=\"anchor\" href=\"#mine\""));
}

#[test]
fn generated_id_never_takes_a_custom_one() {
    let out = r("## Setup\n\n## Other {#setup}\n");
    let ids: Vec<&str> = out.toc.iter().map(|t| t.id.as_str()).collect();
    assert_eq!(ids, ["setup-1", "setup"]);
}

#[test]
fn toc_holds_h2_and_h3_only() {
    let out = r("# Title\n\n## A\n\n### B\n\n#### C\n");
    assert!(out.has_h1);
    assert_eq!(out.toc.len(), 2);
    assert_eq!(out.toc[1].level, 3);
}

#[test]
fn chapter_links_are_rewritten_and_recorded_with_positions() {
    let out = r(
        "See [other](02-other.md#x) and\n[grp](group/page.md), [here](#top), [web](https://a.test/b.md).\n",
    );
    assert!(out.html.contains("href=\"other.html#x\""));
    assert!(out.html.contains("href=\"page.html\""));
    assert!(out.html.contains("href=\"https://a.test/b.md\""));
    assert_eq!(out.links.len(), 3);
    assert_eq!((out.links[0].line, out.links[0].col), (5, 5));
    assert_eq!((out.links[1].line, out.links[1].col), (6, 1));
    assert_eq!(out.links[2].page.as_deref(), Some(Path::new("01-intro.md")));
}

#[test]
fn github_alerts_become_callouts() {
    let out = r("> [!WARNING]\n> Mind the GIL.\n");
    assert!(
        out.html.contains("class=\"callout callout-warning\""),
        "{}",
        out.html
    );
    assert!(out.html.contains("<p class=\"callout-title\">Warning</p>"));
    assert!(!out.html.contains("<blockquote"));
}

#[test]
fn consecutive_blocks_in_two_languages_become_tabs() {
    let out = r(
        "```rust\nfn a() {}\n```\n```python\ndef a(): pass\n```\n\ntext\n\n```toml\na = 1\n```\n",
    );
    assert_eq!(
        out.html.matches("class=\"tabs\"").count(),
        1,
        "{}",
        out.html
    );
    assert!(out.html.contains("data-label=\"Rust\""));
    assert!(out.html.contains("data-label=\"Python\""));
    // A language seen again starts a new run; output never joins a tab set.
    let run = r(
        "```rust\nfn a() {}\n```\n\n```python\ndef a(): pass\n```\n\n```rust\nfn b() {}\n```\n```text\nout\n```\n",
    );
    assert_eq!(
        run.html.matches("class=\"tabs\"").count(),
        1,
        "{}",
        run.html
    );
    assert_eq!(run.html.matches("<pre").count(), 4);
}

#[test]
fn unknown_language_warns_with_line() {
    let out = r("text\n\n```klingon\nqapla'\n```\n");
    assert_eq!(out.diagnostics.len(), 1);
    let d = &out.diagnostics[0];
    assert!(!d.is_error());
    assert_eq!((d.line, d.col), (7, 1));
    assert!(d.message.contains("unknown code language `klingon`"));
}

#[test]
fn unverified_rust_block_is_an_error_when_verification_is_on() {
    let out = render_with("```rust\nfn main() {}\n```\n", true);
    assert_eq!(out.diagnostics.len(), 1);
    assert!(out.diagnostics[0].message.contains("not verified"));
    let ok = render_with(
        "```rust,fragment\nlet x = 1;\n```\n```text\nplain\n```\n",
        true,
    );
    assert!(ok.diagnostics.is_empty(), "{:?}", ok.diagnostics);
}

#[test]
fn broken_rust_fragment_names_its_line() {
    let out = r("intro\n\n```rust,fragment\nfn ok() {}\nfn broken( {\n```\n");
    let d = &out.diagnostics[0];
    assert!(d.message.contains("does not parse"), "{}", d.message);
    assert_eq!(d.line, 9);
}

#[test]
fn python_fragments_are_collected_for_the_batch_check() {
    let out = r("```python,fragment\nimport polars as pl\n```\n");
    assert_eq!(out.python_fragments.len(), 1);
    assert_eq!(out.python_fragments[0].line, 6);
}

#[test]
fn search_sections_follow_headings_and_include_code_as_shown() {
    let out = r(
        "Intro text.\n\n## First\n\nAlpha `beta`.\n\n```rust,fragment\n# let setup = 0;\nlet sum_as_string = 1;\n```\n",
    );
    assert_eq!(out.sections.len(), 2);
    assert_eq!(out.sections[0].text, "Intro text.");
    assert_eq!(out.sections[1].id, "first");
    // The code is searchable as the reader sees it: hidden lines stay hidden.
    assert_eq!(out.sections[1].text, "Alpha beta. let sum_as_string = 1;");
}

#[test]
fn raw_html_passes_through_and_its_ids_count() {
    let out = r("<div id=\"raw\">hi</div>\n");
    assert!(out.html.contains("<div id=\"raw\">"));
    assert!(out.ids.contains("raw"));
}

#[test]
fn include_errors_point_at_the_directive_inside_lists_and_indented_blocks() {
    let out = r("- item\n\n  ```rust\n  {{#include missing.rs}}\n  ```\n");
    let d = &out.diagnostics[0];
    assert_eq!((d.line, d.col), (8, 3), "{d}");
    let out = r("Para.\n\n    {{#include missing.txt}}\n");
    let d = &out.diagnostics[0];
    assert_eq!((d.line, d.col), (7, 5), "{d}");
}

#[test]
fn links_keep_queries_and_decode_percent_escapes() {
    let out = r("[q](02-other.md?x=1#a) and [s](group/pa%67e.md)\n");
    assert!(
        out.html.contains("href=\"other.html?x=1#a\""),
        "{}",
        out.html
    );
    assert!(out.html.contains("href=\"page.html\""), "{}", out.html);
    assert_eq!(out.links[0].fragment.as_deref(), Some("a"));
    assert_eq!(
        out.links[1].page.as_deref(),
        Some(Path::new("group/page.md"))
    );
}

#[test]
fn repeated_or_reserved_custom_ids_are_errors_and_generated_ids_avoid_reserved_ones() {
    let out = r("## A {#same}\n\n## B {#same}\n\n## C {#content}\n\n## Content\n");
    let msgs: Vec<String> = out.diagnostics.iter().map(ToString::to_string).collect();
    assert!(
        msgs.iter()
            .any(|m| m.contains(":7:1: error: heading id `same` is already used on line 5")),
        "{msgs:?}"
    );
    assert!(
        msgs.iter()
            .any(|m| m.contains(":9:1: error: heading id `content` is used by the page template")),
        "{msgs:?}"
    );
    assert_eq!(out.toc[3].id, "content-1");
}

#[test]
fn misspelled_alerts_and_code_attributes_warn() {
    let out = r(
        "> [!NOTES]\n> Text.\n\n```python,fragmnet\nx = 1\n```\n\n```rust,ignore\nfn f() {}\n```\n",
    );
    let msgs: Vec<String> = out.diagnostics.iter().map(ToString::to_string).collect();
    assert!(
        msgs.iter()
            .any(|m| m.contains(":5:1: warning: unknown alert `[!NOTES]`")),
        "{msgs:?}"
    );
    assert!(
        msgs.iter().any(|m| m.contains(
            ":8:11: warning: unknown code block attribute `fragmnet`: did you mean `fragment`?"
        )),
        "{msgs:?}"
    );
    // rustdoc's `ignore` is understood (it tells `crabsnake test` to skip the block).
    assert!(!msgs.iter().any(|m| m.contains("`ignore`")), "{msgs:?}");
}

/// Random Markdown made of the characters and fragments that drive the passes (headings,
/// links, fences, alerts, includes, attributes); no input may make rendering panic.
/// Pieces of Markdown that interact: headings, ids, links, alerts, fences, includes, tables,
/// footnotes, raw HTML, non-ASCII text and line endings.
const MARKDOWN_PIECES: &[&str] = &[
    "# ",
    "## ",
    "### ",
    "{#",
    "}",
    "[",
    "](",
    ")",
    "#",
    ".md",
    "../",
    "> ",
    "[!NOTE]",
    "[!TIP]\n",
    "```",
    "```rust",
    "```python,fragment",
    "```text\n",
    "~~~",
    "{{#include ",
    "x.rs:a}}",
    "\n",
    "\n\n",
    "    ",
    "- ",
    "1. ",
    "| a | b |\n|---|---|\n",
    "*",
    "_",
    "`",
    "<div id=\"q\">",
    "</div>",
    "é",
    "🦀",
    "word ",
    "[^n]",
    "[^n]: note\n",
    ": def\n",
    "\r\n",
    "# hidden\n",
    "##",
    "\t",
    "\\",
    "&amp;",
    "<",
];

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(600))]

    /// Whatever the Markdown, rendering never panics and every position is inside the body
    /// (which starts on line 5 in these tests).
    #[test]
    fn random_markdown_never_panics(
        doc in proptest::collection::vec(proptest::sample::select(MARKDOWN_PIECES), 0..40)
            .prop_map(|pieces| pieces.concat())
    ) {
        let out = render_with(&doc, true);
        let last = 4 + doc.lines().count().max(1) + 1;
        for d in &out.diagnostics {
            proptest::prop_assert!(d.line >= 5 && d.line <= last, "{d} for {doc:?}");
        }
    }

    /// Any info string on a fence: a warning or an error with the fence's position, never a
    /// panic.
    #[test]
    fn random_info_strings_never_panic(
        info in "[a-z,= \"{}0-9._-]{0,24}",
        code in "[a-z(){}\n ]{0,20}",
    ) {
        let doc = format!("Text.\n\n```{info}\n{code}\n```\n");
        let out = render_with(&doc, false);
        for d in &out.diagnostics {
            proptest::prop_assert!(d.line >= 5, "{d} for {doc:?}");
            proptest::prop_assert!(d.line <= 4 + doc.lines().count(), "{d} for {doc:?}");
        }
    }
}

#[test]
fn an_h1_does_not_run_into_the_next_paragraph_in_search_text() {
    let out = r("# A\ntext\n\n> quoted\n\nafter\n");
    assert_eq!(out.sections[0].text, "A text quoted after");
}

#[test]
fn many_equal_headings_get_consecutive_ids() {
    let body = "## Same\n\n".repeat(5) + "## Same 2\n\n## Same\n";
    let ids: Vec<String> = r(&body).toc.into_iter().map(|t| t.id).collect();
    assert_eq!(
        ids,
        [
            "same", "same-1", "same-2", "same-3", "same-4", "same-2-1", "same-5"
        ]
    );
}
