//! The whole build: load settings, content and templates, render every page in parallel,
//! check every internal link at once, then write the site atomically (or, for `check`,
//! write nothing). Each step is a small function; problems are collected, never thrown.

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::time::Instant;

use rayon::prelude::*;
use tera::Tera;

use crate::config::{self, Config};
use crate::content::{self, Content, LoadOptions, Page, PageKind};
use crate::decision::{self, DecisionTable};
use crate::error::{Diagnostic, Diagnostics, Error};
use crate::highlight::Highlighter;
use crate::markdown::{self, InternalLink, RenderContext, Rendered, links};
use crate::output::{self, Files};
use crate::search;
use crate::snippets;
use crate::templates::{self, NavEntry, NavLink, PageContext, PageView};

/// Named in every page's `<meta name="generator">` and footer.
const GENERATOR: &str = concat!("crabsnake ", env!("CARGO_PKG_VERSION"));

/// What to build and where.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// The site directory: `site.toml`, `content/`, `templates/`, `static/`.
    pub root: PathBuf,
    /// The output directory (default `root/public`).
    pub out: PathBuf,
    /// Include `draft = true` chapters.
    pub drafts: bool,
    /// False for `check`: do everything but write.
    pub write: bool,
}

/// A finished build.
#[derive(Debug)]
pub struct Summary {
    pub pages: usize,
    pub bytes: u64,
    pub elapsed_ms: u128,
    /// Warnings only (a build with errors is a [`Failure`]).
    pub diagnostics: Diagnostics,
    /// The files of the site (also when nothing was written).
    pub files: Files,
}

/// A build that stopped; the previous output is untouched.
#[derive(Debug)]
pub struct Failure {
    pub diagnostics: Diagnostics,
    pub error: Error,
}

/// A page with its Markdown rendered.
struct RenderedPage<'a> {
    page: &'a Page,
    rendered: Rendered,
    /// The page's decision table (front matter `decision_table`), checked.
    decision: Option<LoadedTable>,
}

/// A decision table with the paths its links are relative to.
struct LoadedTable {
    table: DecisionTable,
    /// The data file relative to `content/`.
    content_rel: PathBuf,
    /// The data file as shown in messages.
    rel: PathBuf,
}

/// A link to check, with the file it is written in.
struct LinkSite<'a> {
    file: &'a Path,
    link: InternalLink,
}

/// Builds the site described by `opts`.
pub fn build(opts: &BuildOptions) -> Result<Summary, Failure> {
    let started = Instant::now();
    let mut diags = Diagnostics::default();
    let fail = |diags: Diagnostics| Failure {
        error: Error::Input {
            errors: diags.error_count(),
        },
        diagnostics: diags,
    };

    if opts.write {
        // Refuse a foreign output directory before doing any work.
        let sources = ["content", "static", "templates"].map(|d| opts.root.join(d));
        let checked = output::check_outside(&opts.out, &sources)
            .and_then(|()| output::check_target(&opts.out));
        if let Err(error) = checked {
            return Err(Failure {
                diagnostics: diags,
                error,
            });
        }
    }

    let config = config::load(&opts.root).unwrap_or_else(|d| {
        diags.push(d);
        fallback_config()
    });
    let content = content::load(
        &opts.root,
        LoadOptions {
            drafts: opts.drafts,
        },
        &mut diags,
    );
    let tera = templates::load(&opts.root)
        .map_err(|ds| diags.extend(ds))
        .ok();

    let highlighter = Highlighter::new();
    let page_urls = page_urls(&content);
    let mut rendered = render_pages(&opts.root, &content, &page_urls, &highlighter, &config);
    for r in &rendered {
        diags.extend(r.rendered.diagnostics.iter().cloned());
    }
    load_decision_tables(&opts.root, &mut rendered, &mut diags);
    check_links(&rendered, &page_urls, &content, &mut diags);
    let fragments: Vec<_> = rendered
        .iter()
        .flat_map(|r| r.rendered.python_fragments.iter().cloned())
        .collect();
    diags.extend(snippets::check_python(&fragments));

    let Some(tera) = tera else {
        return Err(fail(diags));
    };
    if diags.has_errors() {
        return Err(fail(diags));
    }

    let files = match assemble(
        &opts.root,
        &config,
        &content,
        &rendered,
        &tera,
        &highlighter,
    ) {
        Ok(files) => files,
        Err(ds) => {
            diags.extend(ds);
            return Err(fail(diags));
        }
    };
    let bytes = if opts.write {
        output::write_site(&opts.out, &files).map_err(|error| Failure {
            diagnostics: diags.clone(),
            error,
        })?
    } else {
        files.values().map(|f| f.len() as u64).sum()
    };
    Ok(Summary {
        pages: files
            .keys()
            .filter(|p| p.extension().is_some_and(|e| e == "html"))
            .count(),
        bytes,
        elapsed_ms: started.elapsed().as_millis(),
        diagnostics: diags,
        files,
    })
}

/// Used when `site.toml` is broken, so the rest of the input is still checked.
fn fallback_config() -> Config {
    Config {
        title: String::new(),
        description: String::new(),
        base_url: String::new(),
        repo_url: None,
        language: "en".into(),
        verify_snippets: false,
    }
}

/// Every page's source path (relative to `content/`) -> its output file name.
fn page_urls(content: &Content) -> HashMap<PathBuf, String> {
    content
        .pages()
        .map(|p| (p.source.content_rel.clone(), p.output_name()))
        .collect()
}

/// Renders every page's Markdown, in parallel, in reading order.
fn render_pages<'a>(
    root: &Path,
    content: &'a Content,
    pages: &HashMap<PathBuf, String>,
    highlighter: &Highlighter,
    config: &Config,
) -> Vec<RenderedPage<'a>> {
    let list: Vec<&Page> = content.pages().collect();
    list.par_iter()
        .map(|page| {
            let base_dir = root
                .join("content")
                .join(page.source.content_rel.parent().unwrap_or(Path::new("")));
            let ctx = RenderContext {
                rel: &page.source.rel,
                content_rel: &page.source.content_rel,
                body_line: page.source.body_line,
                base_dir: &base_dir,
                site_root: root,
                pages,
                highlighter,
                verify_snippets: config.verify_snippets,
            };
            RenderedPage {
                page,
                rendered: markdown::render(&page.source.body, &ctx),
                decision: None,
            }
        })
        .collect()
}

/// Reads and checks the decision table of each page that names one in its front matter.
fn load_decision_tables(root: &Path, rendered: &mut [RenderedPage], diags: &mut Diagnostics) {
    for r in rendered.iter_mut() {
        let Some(data) = &r.page.source.front.decision_table else {
            continue;
        };
        // Problems with the data file's path are reported at the front matter key naming it.
        let at = |message: String| {
            let line = content::front_matter_line(&r.page.source, "decision_table");
            Diagnostic::error(&r.page.source.rel, line, 1, message)
        };
        let Some(content_rel) = links::normalize(&r.page.source.content_rel, data) else {
            diags.push(at(format!("decision_table `{data}` is outside content/")));
            continue;
        };
        let rel = Path::new("content").join(&content_rel);
        let text = match std::fs::read_to_string(root.join(&rel)) {
            Ok(t) => t,
            Err(e) => {
                diags.push(at(format!("cannot read decision table `{data}`: {e}")));
                continue;
            }
        };
        match decision::parse(&rel, &text) {
            Ok(table) => {
                r.decision = Some(LoadedTable {
                    table,
                    content_rel,
                    rel,
                })
            }
            Err(ds) => diags.extend(ds),
        }
    }
}

/// Every internal link of the site: those in Markdown and those in decision tables.
fn all_links<'a>(rendered: &'a [RenderedPage]) -> Vec<LinkSite<'a>> {
    let mut sites = Vec::new();
    for r in rendered {
        sites.extend(r.rendered.links.iter().map(|l| LinkSite {
            file: &r.page.source.rel,
            link: l.clone(),
        }));
        if let Some(t) = &r.decision {
            sites.extend(
                t.table
                    .links()
                    .into_iter()
                    .filter(|l| !links::is_external(&l.target))
                    .map(|l| LinkSite {
                        file: &t.rel,
                        link: InternalLink::parse(&t.content_rel, &l.target, l.line, l.col),
                    }),
            );
        }
    }
    sites
}

/// Checks every internal link of the site against the pages and ids that exist.
fn check_links(
    rendered: &[RenderedPage],
    pages: &HashMap<PathBuf, String>,
    content: &Content,
    diags: &mut Diagnostics,
) {
    let ids: HashMap<&Path, &BTreeSet<String>> = rendered
        .iter()
        .map(|r| (r.page.source.content_rel.as_path(), &r.rendered.ids))
        .collect();
    for LinkSite { file, link } in all_links(rendered) {
        let target = link.page.as_ref().filter(|p| pages.contains_key(*p));
        let message = match (target, &link.fragment) {
            (None, _) => {
                let written = link.written.split('#').next().unwrap_or_default();
                let why = match &link.page {
                    Some(p) if content.drafts.contains(p) => {
                        " (it is a draft, built only with --drafts)"
                    }
                    Some(p) if content.group_indexes.contains(p) => {
                        " (a group's _index.md has no page: link to one of its chapters)"
                    }
                    _ => "",
                };
                let guess = link.page.as_ref().and_then(|p| {
                    closest(
                        &p.to_string_lossy(),
                        pages.keys().map(|k| k.to_string_lossy().into_owned()),
                    )
                });
                let hint = guess
                    .map(|g| format!("; did you mean {g}?"))
                    .unwrap_or_default();
                Some(format!("link to missing page {written}{why}{hint}"))
            }
            (Some(page), Some(fragment))
                if !ids
                    .get(page.as_path())
                    .is_some_and(|set| set.contains(fragment)) =>
            {
                let known = ids
                    .get(page.as_path())
                    .into_iter()
                    .flat_map(|set| set.iter().cloned());
                let hint = closest(fragment, known)
                    .map(|g| format!("; did you mean #{g}?"))
                    .unwrap_or_default();
                Some(format!(
                    "link to missing anchor #{fragment} in {}{hint}",
                    page.display()
                ))
            }
            _ => None,
        };
        if let Some(message) = message {
            diags.push(Diagnostic::error(file, link.line, link.col, message));
        }
    }
}

/// The candidate nearest to `wanted`, when it is near enough to be a likely typo.
fn closest(wanted: &str, candidates: impl Iterator<Item = String>) -> Option<String> {
    let limit = (wanted.chars().count() / 3).max(2);
    candidates
        .map(|c| (strsim::levenshtein(wanted, &c), c))
        .filter(|(d, _)| *d <= limit)
        .min()
        .map(|(_, c)| c)
}

/// Maps a link written in a data file (relative to it) to its output URL.
fn resolve_url(from: &Path, written: &str, pages: &HashMap<PathBuf, String>) -> String {
    if links::is_external(written) {
        return written.to_string();
    }
    let link = InternalLink::parse(from, written, 0, 0);
    match (link.page.as_ref().and_then(|p| pages.get(p)), link.fragment) {
        (Some(url), Some(f)) => format!("{url}#{f}"),
        (Some(url), None) => url.clone(),
        (None, _) => written.to_string(),
    }
}

/// The sidebar: chapters in reading order, grouped, with `current` set for one page.
fn nav(content: &Content, current: Option<&Page>) -> Vec<NavEntry> {
    let mut entries: Vec<NavEntry> = Vec::new();
    let mut group_at: HashMap<usize, usize> = HashMap::new();
    for p in &content.chapters {
        let entry = NavEntry {
            title: p.title.clone(),
            url: p.output_name(),
            current: current.is_some_and(|c| c.slug == p.slug && c.kind == p.kind),
            children: Vec::new(),
        };
        match p.group {
            Some(g) => {
                let at = *group_at.entry(g).or_insert_with(|| {
                    entries.push(NavEntry {
                        title: content.groups[g].title.clone(),
                        url: String::new(),
                        current: false,
                        children: Vec::new(),
                    });
                    entries.len() - 1
                });
                entries[at].current |= entry.current;
                entries[at].children.push(entry);
            }
            None => entries.push(entry),
        }
    }
    entries
}

/// The pages before and after `page` in reading order (home, then the chapters).
fn prev_next(content: &Content, page: &Page) -> (Option<NavLink>, Option<NavLink>) {
    let order = &content.chapters;
    if page.kind == PageKind::Home {
        return (None, order.first().map(link_to));
    }
    let Some(i) = order.iter().position(|p| p.slug == page.slug) else {
        return (None, None);
    };
    let prev = match i {
        0 => content.home.as_ref().map(link_to),
        _ => Some(link_to(&order[i - 1])),
    };
    (prev, order.get(i + 1).map(link_to))
}

fn link_to(p: &Page) -> NavLink {
    NavLink {
        title: p.title.clone(),
        url: p.output_name(),
    }
}

/// Renders templates for every page and gathers every output file.
fn assemble(
    root: &Path,
    config: &Config,
    content: &Content,
    rendered: &[RenderedPage],
    tera: &Tera,
    highlighter: &Highlighter,
) -> Result<Files, Vec<Diagnostic>> {
    let page_urls = page_urls(content);
    let chapters: Vec<NavLink> = content.chapters.iter().map(link_to).collect();
    let results: Vec<Result<(PathBuf, Vec<u8>), Diagnostic>> = rendered
        .par_iter()
        .map(|r| {
            let page = r.page;
            let (prev, next) = prev_next(content, page);
            let nav = nav(content, Some(page));
            let context = PageContext {
                site: config,
                page: page_view(config, page, r, content),
                nav: &nav,
                prev,
                next,
                chapters: &chapters,
                decision: r.decision.as_ref().map(|t| {
                    t.table
                        .view(&|w| resolve_url(&t.content_rel, w, &page_urls))
                }),
                generator: GENERATOR,
            };
            let template = match page.kind {
                PageKind::Home => "index.html",
                PageKind::Chapter => "chapter.html",
            };
            templates::render(tera, template, &context)
                .map(|html| (PathBuf::from(page.output_name()), html.into_bytes()))
        })
        .collect();

    let mut files = Files::new();
    let mut problems = Vec::new();
    for r in results {
        match r {
            Ok((path, bytes)) => {
                files.insert(path, bytes);
            }
            Err(d) => problems.push(d),
        }
    }
    if content.home.is_none() {
        // No _index.md: the home page is still made, from the index template alone.
        let title = config.title.clone();
        let next = content.chapters.first().map(link_to);
        match generated_page(
            config,
            content,
            &chapters,
            tera,
            ("index.html", title, next),
        ) {
            Ok(html) => {
                files.insert(PathBuf::from("index.html"), html.into_bytes());
            }
            Err(d) => problems.push(d),
        }
    }
    match generated_page(
        config,
        content,
        &chapters,
        tera,
        ("404.html", "Page not found".into(), None),
    ) {
        Ok(html) => {
            files.insert(PathBuf::from("404.html"), html.into_bytes());
        }
        Err(d) => problems.push(d),
    }
    files.insert(
        PathBuf::from("highlight.css"),
        highlighter.css().as_bytes().to_vec(),
    );
    let index: Vec<search::Entry> = rendered
        .iter()
        .flat_map(|r| {
            let mut sections = r.rendered.sections.clone();
            if let Some(t) = &r.decision {
                sections.extend(t.table.search_sections());
            }
            search::entries(&r.page.title, &r.page.output_name(), &sections)
        })
        .collect();
    files.insert(
        PathBuf::from("search-index.js"),
        search::script(&index).into_bytes(),
    );
    problems.extend(copy_static(root, &mut files));
    if problems.is_empty() {
        Ok(files)
    } else {
        Err(problems)
    }
}

fn page_view(config: &Config, page: &Page, r: &RenderedPage, content: &Content) -> PageView {
    let rendered = &r.rendered;
    let mut toc = rendered.toc.clone();
    if let Some(t) = &r.decision {
        toc.extend(t.table.toc());
    }
    PageView {
        title: page.title.clone(),
        description: page
            .source
            .front
            .description
            .clone()
            .filter(|d| !d.trim().is_empty())
            .unwrap_or_else(|| config.description.clone()),
        url: page.output_name(),
        body: rendered.html.clone(),
        toc,
        has_h1: rendered.has_h1,
        edit_url: config.repo_url.as_ref().map(|repo| {
            format!(
                "{}/edit/main/{}",
                repo.trim_end_matches('/'),
                page.source.rel.to_string_lossy().replace('\\', "/")
            )
        }),
        group: page.group.map(|g| content.groups[g].title.clone()),
    }
}

/// A page with no Markdown of its own (`404.html`, or `index.html` without `_index.md`),
/// given as (template and file name, title, next link).
fn generated_page(
    config: &Config,
    content: &Content,
    chapters: &[NavLink],
    tera: &Tera,
    (name, title, next): (&str, String, Option<NavLink>),
) -> Result<String, Diagnostic> {
    let nav = nav(content, None);
    let context = PageContext {
        site: config,
        page: PageView {
            title,
            description: config.description.clone(),
            url: name.into(),
            body: String::new(),
            toc: Vec::new(),
            has_h1: false,
            edit_url: None,
            group: None,
        },
        nav: &nav,
        prev: None,
        next,
        chapters,
        decision: None,
        generator: GENERATOR,
    };
    templates::render(tera, name, &context)
}

/// The built-in theme's static files, used by a site that has no `templates/` folder.
const BUILTIN_STATIC: [(&str, &str); 5] = [
    ("favicon.svg", include_str!("../static/favicon.svg")),
    ("style.css", include_str!("../static/style.css")),
    ("site.js", include_str!("../static/site.js")),
    ("decide.css", include_str!("../static/decide.css")),
    ("decide.js", include_str!("../static/decide.js")),
];

/// Adds every file under `root/static` to the output, verbatim (the built-in theme's files
/// first when the site uses the built-in templates).
fn copy_static(root: &Path, files: &mut Files) -> Vec<Diagnostic> {
    // Pages and generated files may not be replaced by a static file of the same name.
    let built: BTreeSet<PathBuf> = files.keys().cloned().collect();
    if !root.join("templates").exists() {
        for (name, text) in BUILTIN_STATIC {
            files.insert(PathBuf::from(name), text.as_bytes().to_vec());
        }
    }
    let dir = root.join("static");
    let mut problems = Vec::new();
    if !dir.is_dir() {
        return problems;
    }
    for entry in walkdir::WalkDir::new(&dir)
        .follow_links(true)
        .sort_by_file_name()
    {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                problems.push(Diagnostic::file_error(
                    "static",
                    format!("cannot read: {e}"),
                ));
                continue;
            }
        };
        if !entry.file_type().is_file() {
            continue;
        }
        let rel = entry
            .path()
            .strip_prefix(&dir)
            .unwrap_or(entry.path())
            .to_path_buf();
        let shown = Path::new("static").join(&rel);
        if built.contains(&rel) {
            problems.push(Diagnostic::file_error(
                &shown,
                format!(
                    "would replace {}, which the build makes itself: rename the static file",
                    rel.display()
                ),
            ));
            continue;
        }
        match std::fs::read(entry.path()) {
            Ok(bytes) => {
                files.insert(rel, bytes);
            }
            Err(e) => problems.push(Diagnostic::file_error(&shown, format!("cannot read: {e}"))),
        }
    }
    problems
}
