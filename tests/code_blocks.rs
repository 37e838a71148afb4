//! Code blocks as a reader sees them: titles, line numbers, marked lines, console sessions,
//! diffs and the merged highlighting spans, checked on a built fixture site as DOM queries.

mod common;

use common::*;

const CHAPTER: &str = r#"+++
title = "Code"
weight = 50
+++

Numbered, marked and titled:

```python,fragment linenos=10 hl_lines="2 4-5" title="tools/count.py"
import sys

def count(path):
    with open(path) as f:
        return sum(1 for _ in f)
```

A shell session:

```console
$ cargo build --release \
    --locked
   Compiling demo v0.1.0
$ echo done
done
```

A Python session:

```pycon
>>> def add(a, b):
...     return a + b
...
>>> add(2, 3)
5
```

A change:

```diff-rust
--- a/src/lib.rs
+++ b/src/lib.rs
@@ -1,3 +1,3 @@
 pub fn answer() -> u32 {
-    41
+    42
 }
```

Plain highlighted code:

```toml
[package]
name = "demo"   # a comment
```
"#;

fn built() -> (Site, scraper::Html) {
    let site = Site::fixture("basic");
    site.write("content/05-code.md", CHAPTER);
    site.build_ok();
    let doc = site.page("code.html");
    (site, doc)
}

#[test]
fn a_title_line_numbers_and_marked_lines() {
    let (_site, doc) = built();
    let figure = one(&doc, "figure.code-block");
    assert_eq!(
        text(one(&doc, "figure.code-block > figcaption.code-title")),
        "tools/count.py"
    );
    let pre = figure
        .select(&sel("pre.code.linenos"))
        .next()
        .expect("numbered pre");
    assert_eq!(attr(pre, "data-digits"), "2");
    let lines: Vec<_> = pre.select(&sel("span.l")).collect();
    assert_eq!(lines.len(), 5);
    let numbers: Vec<&str> = lines.iter().map(|l| attr(*l, "data-n")).collect();
    assert_eq!(numbers, ["10", "11", "12", "13", "14"]);
    let marked: Vec<&str> = pre
        .select(&sel("span.l.hl"))
        .map(|l| attr(l, "data-n"))
        .collect();
    assert_eq!(marked, ["11", "13", "14"]);
    // The numbers are not text: what is selected or copied is the code alone.
    assert!(
        raw(pre).starts_with("import sys\n\ndef count"),
        "{}",
        raw(pre)
    );
}

#[test]
fn console_sessions_separate_prompts_commands_and_output() {
    let (_site, doc) = built();
    let shell = one(&doc, "pre.code[data-lang=console]");
    let prompts: Vec<String> = shell.select(&sel(".gp")).map(raw).collect();
    assert_eq!(prompts, ["$ ", "$ "]);
    let output: Vec<String> = shell.select(&sel(".go")).map(raw).collect();
    assert_eq!(output, ["   Compiling demo v0.1.0\n", "done\n"]);
    // What the copy button copies: everything but prompts and output.
    let commands = copied(shell);
    assert_eq!(
        commands,
        "cargo build --release \\\n    --locked\necho done\n"
    );

    let pycon = one(&doc, "pre.code[data-lang=pycon]");
    assert_eq!(pycon.select(&sel(".gp")).count(), 4);
    assert_eq!(
        copied(pycon),
        "def add(a, b):\n    return a + b\n\nadd(2, 3)\n"
    );
    // The commands are highlighted as Python.
    assert!(pycon.select(&sel("span[class^=h]")).count() >= 3);
}

#[test]
fn diffs_mark_added_and_removed_lines_and_highlight_inside_them() {
    let (_site, doc) = built();
    let diff = one(&doc, "pre.code[data-lang=diff-rust]");
    assert_eq!(diff.select(&sel(".gh")).count(), 3);
    let added: Vec<String> = diff.select(&sel(".gi")).map(raw).collect();
    let removed: Vec<String> = diff.select(&sel(".gd")).map(raw).collect();
    assert_eq!(
        (added[0].as_str(), removed[0].as_str()),
        ("+    42\n", "-    41\n")
    );
    // The number inside the added line is coloured as Rust.
    assert!(diff.select(&sel(".gi span[class^=h]")).next().is_some());
}

#[test]
fn spans_are_merged_and_classes_short() {
    let (site, doc) = built();
    let toml = one(&doc, "pre.code[data-lang=toml] code");
    let classes: Vec<&str> = toml
        .select(&sel("span"))
        .map(|s| attr(s, "class"))
        .collect();
    assert!(!classes.is_empty());
    for class in &classes {
        assert!(class.len() == 5 && class.starts_with('h'), "{class}");
    }
    // No span is followed directly by one of the same class: they would have been one.
    for span in toml.select(&sel("span")) {
        if let Some(next) = span.next_sibling().and_then(scraper::ElementRef::wrap) {
            assert_ne!(
                attr(span, "class"),
                attr(next, "class"),
                "{}",
                toml.inner_html()
            );
        }
    }
    // The stylesheet has a rule for every class the page uses.
    let css = std::fs::read_to_string(site.out().join("highlight.css")).unwrap();
    for class in classes {
        assert!(
            css.contains(&format!(".code .{class}{{color:light-dark(")),
            "{class}"
        );
    }
}

#[test]
fn bad_attributes_are_reported_at_their_column() {
    let site = Site::fixture("basic");
    site.write(
        "content/05-code.md",
        "+++\ntitle = \"Code\"\n+++\n\n```python,fragment hl_lines=\"2 x\" titel=\"a.py\"\nx = 1\n```\n\n```text hl_lines=7\none\n```\n\n```text linenos=ten title=\"unclosed\n```\n",
    );
    let messages = site.build_err();
    assert_reported(
        &messages,
        &["content/05-code.md:5:32: error: `hl_lines`: `x` is not a line number"],
    );
    assert_reported(
        &messages,
        &[
            "content/05-code.md:5:35: warning: unknown code block attribute `titel`: did you mean `title`?",
        ],
    );
    assert_reported(
        &messages,
        &["content/05-code.md:9:1: error: `hl_lines` marks line 7, but the block shows 1 line"],
    );
    assert_reported(
        &messages,
        &["content/05-code.md:13:17: error: `linenos=ten`"],
    );
    assert_reported(
        &messages,
        &["content/05-code.md:13:27: error: the value of `title` has no closing"],
    );
}

/// An element's text exactly as written (no whitespace folding).
fn raw(e: scraper::ElementRef) -> String {
    e.text().collect()
}

fn sel(css: &str) -> scraper::Selector {
    scraper::Selector::parse(css).unwrap()
}

/// The text the copy button takes: the code without `.gp` prompts and `.go` output lines.
fn copied(pre: scraper::ElementRef) -> String {
    let mut out = String::new();
    for node in pre.descendants() {
        if let Some(t) = node.value().as_text() {
            let skipped = node.ancestors().any(|a| {
                a.value().as_element().is_some_and(|e| {
                    e.has_class("gp", scraper::CaseSensitivity::CaseSensitive)
                        || e.has_class("go", scraper::CaseSensitivity::CaseSensitive)
                })
            });
            if !skipped {
                out.push_str(t);
            }
        }
    }
    out
}

#[test]
fn an_included_file_is_the_default_title_and_an_explicit_title_wins() {
    let site = Site::fixture("basic");
    site.build_ok();
    let doc = site.page("first.html");
    let titles: Vec<String> = select(&doc, ".tab-panel figure.code-block > figcaption")
        .into_iter()
        .map(text)
        .collect();
    assert_eq!(titles, ["snippets/hello.rs", "snippets/hello.py"]);

    let chapter = std::fs::read_to_string(site.root().join("content/01-first.md")).unwrap();
    site.write(
        "content/01-first.md",
        chapter.replace(
            "```rust\n{{#include",
            "```rust title=\"hello.rs\"\n{{#include",
        ),
    );
    site.build_ok();
    let doc = site.page("first.html");
    assert_eq!(
        text(one(&doc, ".tab-panel[data-lang=rust] figcaption")),
        "hello.rs"
    );
}
