//! Rendering every page's Markdown, in parallel, in reading order, and reading the decision
//! table a page names. The result is what the link check and the templates need.

use std::path::Path;

use rayon::prelude::*;

use crate::config::Config;
use crate::content::{Content, Page, PageUrls};
use crate::decision;
use crate::error::Diagnostic;
use crate::files::Sandbox;
use crate::highlight::Highlighter;
use crate::markdown::{self, RenderContext, Rendered};
use crate::template_facts::TemplateFacts;

/// A page with its Markdown rendered.
pub struct RenderedPage<'a> {
    pub page: &'a Page,
    pub rendered: Rendered,
    /// The page's decision table (front matter `decision_table`), checked.
    pub decision: Option<decision::Loaded>,
}

/// What to do with each page as soon as it is rendered (in the thread that rendered it):
/// the build puts it through its template and writes it, and returns the problems found.
pub type Finish<'f> = dyn Fn(&mut RenderedPage) -> Vec<Diagnostic> + Sync + 'f;

/// Renders every page, handing each to `finish` as soon as it is rendered; the problems
/// found (Markdown, includes, decision tables, and `finish`'s) are returned beside the
/// pages, in page order.
pub fn pages<'a>(
    sandbox: &Sandbox,
    content: &'a Content,
    urls: &PageUrls,
    highlighter: &Highlighter,
    config: &Config,
    facts: &TemplateFacts,
    finish: &Finish,
) -> (Vec<RenderedPage<'a>>, Vec<Diagnostic>) {
    let list: Vec<&Page> = content.pages().collect();
    let results: Vec<(RenderedPage, Vec<Diagnostic>)> = list
        .par_iter()
        .map(|page| {
            let base_dir = sandbox
                .root()
                .join("content")
                .join(page.source.content_rel.parent().unwrap_or(Path::new("")));
            let ctx = RenderContext {
                rel: &page.source.rel,
                content_rel: &page.source.content_rel,
                body_line: page.source.body_line,
                base_dir: &base_dir,
                sandbox,
                pages: urls,
                highlighter,
                reserved_ids: &facts.ids,
                verify_snippets: config.verify_snippets,
                lines: Default::default(),
            };
            let rendered = markdown::render(&page.source.body, &ctx);
            let mut problems = rendered.diagnostics.clone();
            let decision = decision::load(sandbox, &page.source).unwrap_or_else(|ds| {
                problems.extend(ds);
                None
            });
            if let Some(table) = &decision {
                problems.extend(table.id_clashes(&page.source, &rendered.ids, facts));
            }
            let mut done = RenderedPage {
                page,
                rendered,
                decision,
            };
            problems.extend(finish(&mut done));
            (done, problems)
        })
        .collect();
    let mut problems = Vec::new();
    let pages = results
        .into_iter()
        .map(|(page, ds)| {
            problems.extend(ds);
            page
        })
        .collect();
    (pages, problems)
}
