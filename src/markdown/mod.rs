//! Markdown to HTML: one pure function, [`render`], that parses a chapter with
//! pulldown-cmark and runs small named passes over its events. Links are only recorded
//! here; the site checks them all at once after every page is rendered.

mod alerts;
pub(crate) mod code;
mod headings;
pub mod links;
mod text;

use std::cell::OnceCell;
use std::collections::{BTreeSet, HashMap};
use std::ops::Range;
use std::path::{Path, PathBuf};

use pulldown_cmark::{Event, Options, Parser};
use serde::Serialize;

use crate::error::{Diagnostic, LineIndex};
use crate::files::Sandbox;
use crate::highlight::{Highlighter, Look};

pub use crate::snippets::PythonFragment;
pub use headings::slugify;

/// An event with the byte range of the Markdown it came from.
type Spanned<'a> = (Event<'a>, Range<usize>);

/// Everything [`render`] needs besides the Markdown itself.
pub struct RenderContext<'a> {
    /// The file as shown in messages (`content/04-profile.md`).
    pub rel: &'a Path,
    /// The file relative to `content/` (`group/page.md`), the form links are written in.
    pub content_rel: &'a Path,
    /// Lines of the file above the Markdown body (front matter), added to line numbers.
    pub body_line: usize,
    /// The directory of the file on disk, for `{{#include}}` paths.
    pub base_dir: &'a Path,
    /// The site's folder: includes are read through it and may not reach outside it.
    pub sandbox: &'a Sandbox,
    /// Every page of the site: path relative to `content/` -> output file name.
    pub pages: &'a HashMap<PathBuf, String>,
    /// This page's output path (`cli/init.html`): links to other pages are made relative
    /// to it.
    pub here: &'a str,
    pub highlighter: &'a Highlighter,
    /// Ids the templates give their own elements: no heading takes one.
    pub reserved_ids: &'a BTreeSet<String>,
    /// Require every `rust`/`python` block to be included or a parsing fragment.
    pub verify_snippets: bool,
    /// A book's settings: mdBook's conventions apply (its heading ids, no warning for a
    /// language the highlighter lacks, `hidelines` prefixes).
    pub book: Option<&'a crate::book::BookSettings>,
    /// A book page's title (as its `SUMMARY.md` names it). When the page's first heading
    /// says the same below h1 (a section that opens `## Macros`), that heading becomes the
    /// page's one `<h1>` and the others move up as many levels but stay below it (`###`
    /// becomes `<h2>`, and so does a later `## Summary`), so the outline has no gap. mdBook
    /// keeps the levels as written, which leaves such a page without an `<h1>`.
    pub title: Option<&'a str>,
    /// The body's line starts, found on the first position asked for.
    pub lines: OnceCell<LineIndex>,
    /// For a book chapter whose includes were expanded: the chapter's line of each line of
    /// the expanded text, so messages point into the file the author wrote.
    pub line_map: Option<&'a crate::book::links::LineMap>,
}

impl RenderContext<'_> {
    /// `file:line:col` of a byte offset in the body.
    fn position(&self, body: &str, offset: usize) -> (usize, usize) {
        let (line, col) = self
            .lines
            .get_or_init(|| LineIndex::new(body))
            .line_col(body, offset);
        let line = self.line_map.map_or(line, |m| m.source_line(line));
        (line + self.body_line, col)
    }
}

/// One entry of the "On this page" box.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TocEntry {
    pub level: u8,
    pub id: String,
    pub title: String,
}

/// A link to a page of this site, to be checked once every page is rendered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InternalLink {
    /// The target page relative to `content/`, normalised; `None` when it leaves `content/`.
    pub page: Option<PathBuf>,
    pub fragment: Option<String>,
    /// The link as the author wrote it, for messages.
    pub written: String,
    pub line: usize,
    pub col: usize,
}

/// A part of a page under one heading, for the search index.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Section {
    /// The heading's id; empty for the text before the first heading.
    pub id: String,
    pub title: String,
    pub text: String,
}

/// The result of rendering one page.
#[derive(Debug, Clone, Default)]
pub struct Rendered {
    pub html: String,
    /// h2 and h3 headings, in order.
    pub toc: Vec<TocEntry>,
    /// Every id an internal link may point at.
    pub ids: BTreeSet<String>,
    pub links: Vec<InternalLink>,
    pub sections: Vec<Section>,
    /// True when the page has an `<h1>` of its own: a `# ` heading, or a book's title heading
    /// raised to one (see [`RenderContext::title`]); the template then adds none.
    pub has_h1: bool,
    pub diagnostics: Vec<Diagnostic>,
    /// The code of each block as shown, in order, for the search text.
    pub code_texts: Vec<String>,
    /// Python fragments to be parsed in one batch after all pages are rendered.
    pub python_fragments: Vec<PythonFragment>,
    /// The highlighting classes the page's code uses, for the site's `highlight.css`.
    pub code_looks: BTreeSet<Look>,
    /// Words in the page (prose and code as shown), for its reading time.
    pub words: usize,
    /// Time spent highlighting this page's code.
    pub highlight_time: std::time::Duration,
    /// A book chapter's `{{#title ...}}`: the page's `<title>` instead of its name in the
    /// table of contents.
    pub title: Option<String>,
}

/// The Markdown extensions the site supports.
pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_DEFINITION_LIST
        | Options::ENABLE_GFM
}

/// Renders a Markdown body to HTML plus what the rest of the build needs to know about it.
pub fn render(body: &str, ctx: &RenderContext) -> Rendered {
    let mut out = Rendered::default();
    let events: Vec<Spanned> = Parser::new_ext(body, options())
        .into_offset_iter()
        .collect();

    let events = headings::assign_ids(events, body, ctx, &mut out);
    let draft = text::sections(&events);
    let events = links::rewrite(events, body, ctx, &mut out);
    let events = alerts::render(events, body, ctx, &mut out);
    let events = code::render(events, body, ctx, &mut out);
    let events = labelled_task_boxes(events);
    headings::collect_raw_html_ids(&events, &mut out.ids);
    out.sections = text::finish(draft, &std::mem::take(&mut out.code_texts));
    out.words = out
        .sections
        .iter()
        // The text's whitespace is already one space between words.
        .map(|s| match s.text.is_empty() {
            true => 0,
            false => s.text.bytes().filter(|b| *b == b' ').count() + 1,
        })
        .sum();

    pulldown_cmark::html::push_html(&mut out.html, events.into_iter().map(|(e, _)| e));
    out
}

/// Task-list boxes (`- [ ]`, `- [x]`) as disabled checkboxes that say what they show: a
/// form control without a name is an accessibility error.
fn labelled_task_boxes(events: Vec<Spanned>) -> Vec<Spanned> {
    events
        .into_iter()
        .map(|(event, range)| match event {
            Event::TaskListMarker(done) => (
                Event::InlineHtml(pulldown_cmark::CowStr::Borrowed(if done {
                    "<input type=\"checkbox\" disabled checked aria-label=\"done\"> "
                } else {
                    "<input type=\"checkbox\" disabled aria-label=\"to do\"> "
                })),
                range,
            ),
            other => (other, range),
        })
        .collect()
}

#[cfg(test)]
mod tests;
