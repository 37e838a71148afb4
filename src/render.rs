//! Rendering every page's Markdown, in parallel, in reading order, and reading the decision
//! table a page names. The result is what the link check and the templates need. `serve`
//! keeps a [`RenderCache`] between rebuilds, so that an edit renders again only the chapters
//! it changed.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::config::Config;
use crate::content::{Content, Page, PageUrls};
use crate::decision;
use crate::error::Diagnostic;
use crate::files::Sandbox;
use crate::highlight::Highlighter;
use crate::linkcheck;
use crate::markdown::{self, PythonFragment, RenderContext, Rendered};
use crate::snippets;
use crate::template_facts::TemplateFacts;

/// A page with its Markdown rendered.
pub struct RenderedPage<'a> {
    pub page: &'a Page,
    /// The page's place in [`Content::pages`](crate::content::Content::pages).
    pub index: usize,
    pub rendered: Rendered,
    /// The page's decision table (front matter `decision_table`), checked.
    pub decision: Option<decision::Loaded>,
}

/// What the rest of the build needs of a page once its template has taken it: a big book
/// holds one of these per page until every page is in, so it keeps no HTML, no text and no
/// outline.
pub struct PageFacts<'a> {
    pub page: &'a Page,
    /// The page's place in [`Content::pages`](crate::content::Content::pages).
    pub index: usize,
    /// Every id an internal link may point at.
    pub ids: std::collections::BTreeSet<String>,
    /// The links the page's own rendering could not settle: anchors on other pages.
    pub links: Vec<markdown::InternalLink>,
    pub python_fragments: Vec<PythonFragment>,
    pub code_looks: std::collections::BTreeSet<crate::highlight::Look>,
    pub highlight_time: std::time::Duration,
    /// The page's decision table (front matter `decision_table`), checked.
    pub decision: Option<Box<decision::Loaded>>,
}

impl<'a> From<RenderedPage<'a>> for PageFacts<'a> {
    fn from(r: RenderedPage<'a>) -> Self {
        let Rendered {
            ids,
            links,
            python_fragments,
            code_looks,
            highlight_time,
            ..
        } = r.rendered;
        PageFacts {
            page: r.page,
            index: r.index,
            ids,
            links,
            python_fragments,
            code_looks,
            highlight_time,
            decision: r.decision.map(Box::new),
        }
    }
}

/// Pages rendered by an earlier build, for `serve`. An entry is used when the page's own
/// file (front matter and Markdown) and everything site-wide that rendering reads (the list
/// of pages and of drafts, the templates' ids, `verify_snippets`) are unchanged; whoever
/// keeps the cache calls [`RenderCache::forget`] when any other file changes (an included
/// snippet, a decision table, a template, `site.toml`), since a page may read those.
#[derive(Default)]
pub struct RenderCache {
    site_key: u64,
    pages: HashMap<PathBuf, Cached>,
    python: snippets::PythonMemo,
}

/// One page as its Markdown rendered, before its template.
#[derive(Clone)]
struct Cached {
    key: u64,
    rendered: Rendered,
    decision: Option<decision::Loaded>,
    problems: Vec<Diagnostic>,
}

impl RenderCache {
    /// Drops every page: the next build renders all of them.
    pub fn forget(&mut self) {
        self.pages.clear();
    }

    pub fn is_empty(&self) -> bool {
        self.pages.is_empty()
    }

    fn fresh(&self, page: &Page, body: &Body) -> Option<&Cached> {
        self.pages
            .get(&page.source.rel)
            .filter(|c| c.key == page_key(page, body))
    }

    /// Python's answers kept from earlier builds.
    pub fn python(&self) -> &snippets::PythonMemo {
        &self.python
    }

    /// Checks Python fragments, asking `python` only about code it has not seen.
    pub fn check_python(
        &mut self,
        fragments: &[PythonFragment],
        python: snippets::PythonCheck,
    ) -> Vec<Diagnostic> {
        self.python.check(fragments, python)
    }
}

/// What a page's rendering depends on in its own file.
fn page_key(page: &Page, body: &Body) -> u64 {
    let mut h = std::hash::DefaultHasher::new();
    let s = &page.source;
    (&s.rel, &s.front_text, body.text(), body.line(), &page.slug).hash(&mut h);
    h.finish()
}

/// A page's Markdown: the one loaded with the page, or read again for rendering when the
/// content's bodies were released.
enum Body<'a> {
    Loaded(&'a crate::content::Source),
    Read(String, usize),
}

impl Body<'_> {
    fn text(&self) -> &str {
        match self {
            Body::Loaded(s) => &s.body,
            Body::Read(text, _) => text,
        }
    }

    fn line(&self) -> usize {
        match self {
            Body::Loaded(s) => s.body_line,
            Body::Read(_, line) => *line,
        }
    }
}

/// What every page's rendering depends on, site-wide: the pages, and for the messages of
/// links checked as a page renders, the drafts and the groups' `_index.md` files without a
/// page.
fn site_key(urls: &PageUrls, content: &Content, facts: &TemplateFacts, config: &Config) -> u64 {
    let mut h = std::hash::DefaultHasher::new();
    let mut pages: Vec<_> = urls.iter().collect();
    pages.sort();
    let mut unbuilt: Vec<_> = content
        .drafts
        .iter()
        .chain(&content.group_indexes)
        .collect();
    unbuilt.sort();
    (pages, unbuilt, &facts.ids, config.verify_snippets).hash(&mut h);
    h.finish()
}

/// What to do with each page as soon as it is rendered (in the thread that rendered it):
/// the build puts it through its template and writes it, and returns the problems found.
pub type Finish<'f> = dyn Fn(&mut RenderedPage) -> Vec<Diagnostic> + Sync + 'f;

/// What rendering reads besides each page itself.
pub struct Inputs<'a> {
    pub sandbox: &'a Sandbox,
    pub content: &'a Content,
    pub urls: &'a PageUrls,
    pub highlighter: &'a Highlighter,
    pub config: &'a Config,
    pub facts: &'a TemplateFacts,
}

/// Renders every page, handing each to `finish` as soon as it is rendered; what the rest of
/// the build needs of each page and the problems found (Markdown, includes, decision
/// tables, and `finish`'s) are returned, in page order.
pub fn pages<'a>(
    inputs: &Inputs<'a>,
    finish: &Finish,
    mut cache: Option<&mut RenderCache>,
) -> (Vec<PageFacts<'a>>, Vec<Diagnostic>) {
    let Inputs {
        sandbox,
        content,
        urls,
        highlighter,
        config,
        facts,
    } = *inputs;
    let list: Vec<&Page> = content.pages().collect();
    if let Some(cache) = cache.as_deref_mut() {
        let key = site_key(urls, content, facts, config);
        if cache.site_key != key {
            cache.forget();
            cache.site_key = key;
        }
    }
    let known = cache.as_deref();
    // Pages are taken in reading order as threads come free (not split into halves), so
    // they finish nearly in order: the search index writes its files as it goes.
    // A page kept for `serve` is boxed: a big book's list of results stays small.
    let mut results: Vec<(PageFacts, Vec<Diagnostic>, Option<Box<Cached>>)> = list
        .iter()
        .enumerate()
        .par_bridge()
        .map(|(index, page)| {
            let body = if content.bodies_released {
                match page.source.read_body(sandbox) {
                    Ok((text, line)) => Body::Read(text, line),
                    Err(problem) => {
                        let page = RenderedPage {
                            page,
                            index,
                            rendered: Rendered::default(),
                            decision: None,
                        };
                        return (page.into(), vec![problem], None);
                    }
                }
            } else {
                Body::Loaded(&page.source)
            };
            if let Some(c) = known.and_then(|c| c.fresh(page, &body)) {
                let mut rendered = c.rendered.clone();
                // Nothing was highlighted for this page in this build.
                rendered.highlight_time = Default::default();
                let mut done = RenderedPage {
                    page,
                    index,
                    rendered,
                    decision: c.decision.clone(),
                };
                let mut problems = c.problems.clone();
                problems.extend(finish(&mut done));
                return (done.into(), problems, None);
            }
            let base_dir = sandbox
                .root()
                .join(&config.content_dir)
                .join(page.source.content_rel.parent().unwrap_or(Path::new("")));
            // A book's chapters go through mdBook's links preprocessor first: includes
            // anywhere in the text, `{{#title}}`.
            let expanded = config.book.as_ref().map(|_| {
                crate::book::links::expand(body.text(), &base_dir, &page.source.rel, sandbox)
            });
            let text = expanded.as_ref().map_or(body.text(), |e| &e.text);
            let ctx = RenderContext {
                rel: &page.source.rel,
                content_rel: &page.source.content_rel,
                body_line: body.line(),
                base_dir: &base_dir,
                sandbox,
                pages: urls,
                here: &page.out,
                highlighter,
                reserved_ids: &facts.ids,
                verify_snippets: config.verify_snippets,
                book: config.book.as_deref(),
                title: config.book.is_some().then_some(page.title.as_str()),
                lines: Default::default(),
                line_map: expanded.as_ref().map(|e| &e.map),
            };
            let mut rendered = markdown::render(text, &ctx);
            let mut problems = rendered.diagnostics.clone();
            problems.extend(linkcheck::check_page(
                &page.source.rel,
                &page.source.content_rel,
                &mut rendered,
                urls,
                content,
            ));
            if let Some(e) = expanded {
                problems.extend(e.problems);
                rendered.title = e.title;
            }
            let decision = decision::load(sandbox, &page.source).unwrap_or_else(|ds| {
                problems.extend(ds);
                None
            });
            if let Some(table) = &decision {
                problems.extend(table.id_clashes(&page.source, &rendered.ids, facts));
            }
            // Kept before the template takes the page's HTML.
            let keep = known.map(|_| {
                Box::new(Cached {
                    key: page_key(page, &body),
                    rendered: rendered.clone(),
                    decision: decision.clone(),
                    problems: problems.clone(),
                })
            });
            let mut done = RenderedPage {
                page,
                index,
                rendered,
                decision,
            };
            problems.extend(finish(&mut done));
            (done.into(), problems, keep)
        })
        .collect();
    results.sort_by_key(|(r, ..)| r.index);
    let mut problems = Vec::new();
    let mut kept = Vec::new();
    let pages = results
        .into_iter()
        .map(|(page, ds, keep)| {
            problems.extend(ds);
            if let Some(keep) = keep {
                kept.push((page.page.source.rel.clone(), *keep));
            }
            page
        })
        .collect();
    if let Some(cache) = cache {
        let here: std::collections::HashSet<&PathBuf> =
            list.iter().map(|p| &p.source.rel).collect();
        cache.pages.retain(|rel, _| here.contains(rel));
        cache.pages.extend(kept);
    }
    (pages, problems)
}
