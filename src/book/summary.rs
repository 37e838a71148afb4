//! `SUMMARY.md`, a book's table of contents, read as mdBook reads it: an optional `# Title`,
//! prefix chapters (links before the first list), numbered chapters (list items, nested to
//! any depth, numbered `1.`, `1.1.`, ...), part titles (`# Part` between them), separators
//! (`---`), drafts (`[Title]()`, listed but not written), and suffix chapters (links after
//! the lists). Numbering runs on across parts, as in mdBook.

use std::path::{Path, PathBuf};

use pulldown_cmark::{Event, HeadingLevel, Parser, Tag, TagEnd};

use crate::error::{Diagnostic, LineIndex};
use crate::markdown::links::{is_external, normalize, percent_decode};

/// One line of the table of contents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub kind: EntryKind,
    pub title: String,
    /// `1.2.` for numbered chapters (and drafts among them); empty otherwise.
    pub number: String,
    pub depth: usize,
    /// Where the entry is written in `SUMMARY.md`.
    pub line: usize,
    pub col: usize,
}

/// What an [`Entry`] is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EntryKind {
    /// A chapter: its file, relative to the book's `src` folder.
    Chapter(PathBuf),
    Draft,
    Part,
    Separator,
}

/// Where a link or heading being read started, and its text so far.
struct Open {
    dest: String,
    title: String,
    start: usize,
}

/// Reads a `SUMMARY.md` (`rel` names it in messages). Links that leave the book's `src`
/// folder or are not Markdown files are errors at their position.
pub fn parse(rel: &Path, text: &str) -> (Vec<Entry>, Vec<Diagnostic>) {
    let lines = LineIndex::new(text);
    let at = |offset: usize| lines.line_col(text, offset);
    let mut entries = Vec::new();
    let mut problems = Vec::new();
    // Numbered chapters' counters, one per level of the lists we are in.
    let mut counters: Vec<usize> = Vec::new();
    let mut list_depth = 0usize;
    // Whether the current list item already has its link (a second link is prose).
    let mut item_has_link = false;
    let mut link: Option<Open> = None;
    let mut heading: Option<Open> = None;
    let mut seen_any = false;
    for (event, range) in Parser::new_ext(text, crate::markdown::options()).into_offset_iter() {
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                heading = Some(Open {
                    dest: String::new(),
                    title: String::new(),
                    start: range.start,
                });
                if level != HeadingLevel::H1 {
                    let (line, col) = at(range.start);
                    problems.push(Diagnostic::warning(
                        rel,
                        line,
                        col,
                        "only `# ` headings mean something here (the book's title, or a part \
                         title): this one is shown as a part title",
                    ));
                }
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some(h) = heading.take() {
                    let (line, col) = at(h.start);
                    // The first heading, before any entry, is the book's title.
                    if seen_any {
                        entries.push(entry(EntryKind::Part, h.title.trim(), "", 0, (line, col)));
                    }
                    seen_any = true;
                }
            }
            Event::Rule => {
                seen_any = true;
                entries.push(entry(EntryKind::Separator, "", "", 0, at(range.start)));
            }
            Event::Start(Tag::List(_)) => list_depth += 1,
            // Numbers run on after a list ends: the next list (after a part title) goes on
            // from them. Deeper counters are dropped by the next item at a lower depth.
            Event::End(TagEnd::List(_)) => list_depth = list_depth.saturating_sub(1),
            Event::Start(Tag::Item) => item_has_link = false,
            Event::Start(Tag::Link { dest_url, .. }) if !(list_depth > 0 && item_has_link) => {
                link = Some(Open {
                    dest: dest_url.to_string(),
                    title: String::new(),
                    start: range.start,
                });
            }
            Event::End(TagEnd::Link) => {
                let Some(l) = link.take() else { continue };
                seen_any = true;
                let (depth, number) = if list_depth > 0 {
                    item_has_link = true;
                    let depth = list_depth - 1;
                    counters.truncate(depth + 1);
                    if counters.len() == depth + 1 {
                        counters[depth] += 1;
                    } else {
                        counters.resize(depth, 1);
                        counters.push(1);
                    }
                    let number: String = counters.iter().map(|n| format!("{n}.")).collect();
                    (depth, number)
                } else {
                    (0, String::new())
                };
                let position = at(l.start);
                let kind = match chapter_path(&l.dest) {
                    Ok(None) => EntryKind::Draft,
                    Ok(Some(path)) => EntryKind::Chapter(path),
                    Err(why) => {
                        problems.push(Diagnostic::error(rel, position.0, position.1, why));
                        continue;
                    }
                };
                entries.push(entry(kind, l.title.trim(), &number, depth, position));
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some(open) = link.as_mut().or(heading.as_mut()) {
                    open.title.push_str(&t);
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some(open) = link.as_mut().or(heading.as_mut()) {
                    open.title.push(' ');
                }
            }
            _ => {}
        }
    }
    (entries, problems)
}

fn entry(
    kind: EntryKind,
    title: &str,
    number: &str,
    depth: usize,
    (line, col): (usize, usize),
) -> Entry {
    Entry {
        kind,
        title: title.to_string(),
        number: number.to_string(),
        depth,
        line,
        col,
    }
}

/// The chapter file a link names, relative to `src`; `None` for a draft (`()`).
fn chapter_path(dest: &str) -> Result<Option<PathBuf>, String> {
    let path = dest.split('#').next().unwrap_or_default();
    if path.trim().is_empty() {
        return Ok(None);
    }
    if is_external(path) {
        return Err(format!(
            "`{dest}` is a web address: the table of contents lists the book's own Markdown files"
        ));
    }
    if !path.to_ascii_lowercase().ends_with(".md") {
        return Err(format!("`{dest}` is not a Markdown file (`.md`)"));
    }
    normalize(Path::new("SUMMARY.md"), &percent_decode(path))
        .map(Some)
        .ok_or_else(|| format!("`{dest}` leaves the book's source folder"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn outline(text: &str) -> Vec<String> {
        let (entries, problems) = parse(Path::new("src/SUMMARY.md"), text);
        assert!(problems.is_empty(), "{problems:?}");
        entries
            .iter()
            .map(|e| {
                let what = match &e.kind {
                    EntryKind::Chapter(p) => p.display().to_string(),
                    EntryKind::Draft => "draft".into(),
                    EntryKind::Part => "part".into(),
                    EntryKind::Separator => "---".into(),
                };
                format!("{}{} {} [{what}]", "  ".repeat(e.depth), e.number, e.title)
                    .trim_start_matches(' ')
                    .to_string()
            })
            .collect()
    }

    #[test]
    fn reads_every_kind_of_entry_with_mdbook_numbers() {
        let text = "# Summary\n\n[Introduction](README.md)\n\n---\n\n# Guide\n\n\
                    - [Install](guide/install.md)\n  - [From source](guide/source.md)\n    \
                    - [Deep *one*](guide/deep.md)\n  - [Later]()\n- [Use](use.md)\n\n\
                    # Reference\n\n- [CLI](cli/README.md)\n\n---\n\n[Contributors](misc/contributors.md)\n";
        assert_eq!(
            outline(text),
            [
                " Introduction [README.md]",
                " [---]",
                " Guide [part]",
                "1. Install [guide/install.md]",
                "1.1. From source [guide/source.md]",
                "1.1.1. Deep one [guide/deep.md]",
                "1.2. Later [draft]",
                "2. Use [use.md]",
                " Reference [part]",
                "3. CLI [cli/README.md]",
                " [---]",
                " Contributors [misc/contributors.md]",
            ]
            .map(|s| s.trim_start().to_string())
        );
    }

    #[test]
    fn entries_carry_their_depth_and_position() {
        let (entries, _) = parse(Path::new("S.md"), "- [A](a.md)\n  - [B](b/b.md)\n");
        assert_eq!(
            (entries[1].depth, entries[1].line, entries[1].col),
            (1, 2, 5)
        );
    }

    #[test]
    fn bad_links_are_errors_at_their_position() {
        let (entries, problems) = parse(
            Path::new("src/SUMMARY.md"),
            "- [Web](https://x.test/)\n- [Up](../../etc/passwd.md)\n- [Pic](a.png)\n- [Ok](ok.md)\n",
        );
        let messages: Vec<String> = problems.iter().map(|d| d.to_string()).collect();
        assert_eq!(messages.len(), 3, "{messages:?}");
        assert!(
            messages[0].starts_with("src/SUMMARY.md:1:3: error"),
            "{messages:?}"
        );
        assert!(messages[1].contains("leaves the book's source folder"));
        assert_eq!(entries.len(), 1);
        // The skipped entries still took their numbers, as mdBook numbers what it lists.
        assert_eq!(entries[0].number, "4.");
    }
}
