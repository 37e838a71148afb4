//! Every output file of a checked site: each page through its template, the pages without
//! Markdown (404, a home page without `_index.md`), the highlighting stylesheet, the search
//! index and the static files.

use std::collections::{BTreeSet, HashMap};
use std::path::Path;

use crate::assets::{Assets, fingerprinted_name};
use crate::config::Config;
use crate::content::{Content, Page, PageKind, PageUrls};
use crate::error::{Diagnostic, Error};
use crate::highlight::escape_html;
use crate::highlight::{Highlighter, Look};
use crate::nav;
use crate::output::Sink;
use crate::publish;
use crate::render::{PageFacts, RenderedPage};
use crate::script_json::script_json;
use crate::search;
use crate::templates::{self, NavEntry, NavLink, PageContext, PageView, Templates};
use crate::timings::Timings;

/// A common reading speed for technical prose, for the "minutes to read" of each chapter.
const WORDS_PER_MINUTE: usize = 230;

/// Named in every page's `<meta name="generator">` and footer.
const GENERATOR: &str = concat!("crabsnake ", env!("CARGO_PKG_VERSION"));

/// What every page's template is rendered with, besides the page itself.
pub struct Shared<'a> {
    pub config: &'a Config,
    pub content: &'a Content,
    pub urls: &'a PageUrls,
    pub templates: &'a Templates,
    pub highlighter: &'a Highlighter,
    pub assets: &'a Assets,
    /// When each chapter file last changed, from git.
    pub dates: &'a crate::history::Dates,
    /// The site gets a print edition (see [`crate::print`]).
    pub print: bool,
}

/// Why assembling stopped: problems in the site (templates, static files), or the output
/// could not be written.
#[derive(Debug)]
pub enum Stopped {
    Problems(Vec<Diagnostic>),
    Output(crate::error::Error),
}

impl From<crate::error::Error> for Stopped {
    fn from(e: crate::error::Error) -> Self {
        Stopped::Output(e)
    }
}

/// Makes the output files that need every page: the search index, the pages without
/// Markdown, the stylesheets and scripts, the sitemap and the static files (each page went
/// through its template with [`page_into`] as soon as it was rendered).
pub fn site(
    shared: &Shared,
    rendered: Vec<PageFacts>,
    index: search::Index,
    print_sections: HashMap<String, String>,
    clock: &mut Timings,
    sink: &Sink,
) -> Result<(), Stopped> {
    let chapters = nav::chapters(shared.content);
    let looks: BTreeSet<Look> = rendered
        .iter()
        .flat_map(|r| r.code_looks.iter().copied())
        .collect();

    drop(rendered);
    index.write(|path, bytes| sink.put(path, bytes))?;
    clock.lap("search");
    let mut problems = Vec::new();

    let (config, content) = (shared.config, shared.content);
    let mut generated = vec![("404.html", "Page not found".to_string(), None)];
    // The full-page search (`search.html?q=...`), when the templates have one.
    if shared
        .templates
        .tera
        .get_template_names()
        .any(|n| n == "search.html")
    {
        generated.push(("search.html", "Search".to_string(), None));
    }
    if content.home.is_none() && !content.home_in_outline() {
        // No _index.md: the home page is still made, from the index template alone.
        let next = content.chapters.first().map(nav::link_to);
        generated.insert(0, ("index.html", config.title.clone(), next));
    }
    for (name, title, next) in generated {
        match generated_page(shared, &chapters, (name, title, next)) {
            Ok(html) => sink.put(Path::new(name), html.as_bytes())?,
            Err(d) => problems.push(d),
        }
    }
    if shared.print {
        // The sections in reading order.
        let body: String = content
            .pages()
            .filter(|p| !content.is_copy(p))
            .filter_map(|p| print_sections.get(&p.output_name()))
            .map(String::as_str)
            .collect();
        match print_page(shared, body, &looks) {
            Ok(html) => sink.put(Path::new("print.html"), html.as_bytes())?,
            Err(d) => problems.push(d),
        }
    }
    if let Some(book) = &config.book {
        for (from, to) in &book.redirects {
            match redirect_page(from, to) {
                Ok((path, html)) => sink.put(Path::new(&path), html.as_bytes())?,
                Err(message) => problems.push(Diagnostic::file_error(
                    crate::book::FILE_NAME,
                    format!("redirect `{from}`: {message}"),
                )),
            }
        }
    }
    sink.put(
        Path::new("highlight.css"),
        shared.highlighter.css(&looks).as_bytes(),
    )?;
    clock.lap("other pages");

    let pages: Vec<String> = sink
        .paths()
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .filter(|p| p.ends_with(".html") && p != "404.html")
        .collect();
    let own_robots = shared.assets.contains("robots.txt");
    for (path, bytes) in publish::files(config, &pages, own_robots) {
        sink.put(&path, &bytes)?;
    }
    problems.extend(shared.assets.add_to(sink)?);
    clock.lap("assets");
    if problems.is_empty() {
        Ok(())
    } else {
        Err(Stopped::Problems(problems))
    }
}

/// One page through its template, written to `sink` at once; its Markdown's HTML moves
/// into the page, so a big book never holds its pages. Called for each page as soon as its
/// Markdown is rendered.
pub fn page_into(
    shared: &Shared,
    r: &mut RenderedPage,
    chapters: &[NavLink],
    sink: &Sink,
) -> Result<(), Stopped> {
    let html = page(shared, r, chapters).map_err(|d| Stopped::Problems(vec![d]))?;
    sink.put(Path::new(&r.page.output_name()), html.as_bytes())?;
    Ok(())
}

/// Gives the page's sections (moved out of the rendered page, plus its decision table's)
/// to the search index, as soon as the page is rendered, and writes the index's files the
/// page completed. A book's home page that repeats its first chapter adds no sections.
pub fn index_page(
    shared: &Shared,
    r: &mut RenderedPage,
    index: &search::Index,
    sink: &Sink,
) -> Result<(), Error> {
    let mut sections = std::mem::take(&mut r.rendered.sections);
    if shared.content.is_copy(r.page) {
        sections.clear();
    } else if let Some(t) = &r.decision {
        sections.extend(t.table.search_sections(&shared.templates.facts));
    }
    let name = r.page.output_name();
    for (path, line) in index.add(r.index, search::entries(&r.page.title, &name, &sections)) {
        sink.put(&path, line.as_bytes())?;
    }
    Ok(())
}

/// `nav.js`: replaces the page's placeholder list with the whole list and marks the page.
const NAV_SCRIPT: &str = r#"// The chapter list of this book, shared by every page instead of repeated in each.
(() => {
  const list = document.getElementById('nav-list');
  if (!list) return;
  // The list's links are relative to the site's root, where this script lives.
  const root = document.currentScript.src.replace(/[^/]*$/, '');
  list.outerHTML = NAV_LIST;
  let here = location.href.split(/[?#]/)[0];
  if (here.endsWith('/')) here += 'index.html';
  for (const a of document.querySelectorAll('#sidebar a')) {
    a.href = new URL(a.getAttribute('href'), root).href;
    if (a.href === here) a.setAttribute('aria-current', 'page');
  }
})();
"#;

/// Writes `nav.js` under its fingerprinted name, which pages load, and its plain one.
pub fn put_nav_script(script: &str, sink: &Sink) -> Result<(), Error> {
    sink.put(Path::new("nav.js"), script.as_bytes())?;
    sink.put(
        Path::new(&fingerprinted_name("nav.js", script.as_bytes())),
        script.as_bytes(),
    )
}

/// `nav.js`: the sidebar list rendered once, which puts itself in place of the page's
/// placeholder and marks the current page. Made before any page, since pages load it by its
/// fingerprinted name.
pub fn shared_nav_script(
    config: &Config,
    content: &Content,
    templates: &Templates,
    print: bool,
) -> Result<String, Diagnostic> {
    let nav = nav::sidebar(content, None);
    let chapters = nav::chapters(content);
    let context = PageContext {
        site: config,
        page: PageView::without_body(String::new(), String::new(), String::new()),
        nav: &nav,
        shared_nav: false,
        home_in_nav: content.home_in_outline(),
        prev: None,
        next: None,
        chapters: &chapters,
        decision: None,
        generator: GENERATOR,
        print_edition: print,
    };
    let html = templates::render(&templates.tera, "partials/nav.html", &context)?;
    let html = script_json(&html);
    // The list goes in once, into a constant script: nothing else is substituted after it.
    Ok(NAV_SCRIPT.replacen("NAV_LIST", &html, 1))
}

/// Whether the sidebar is shared (`nav.js`), and otherwise the page's own sidebar.
fn sidebar(shared: &Shared, page: Option<&Page>) -> (bool, Vec<NavEntry>) {
    if nav::is_shared(shared.content) {
        (true, Vec::new())
    } else {
        (false, nav::sidebar(shared.content, page))
    }
}

/// The page the site's address opens on: `_index.md`, or a book's top `README.md` (a chapter
/// of its outline, written to `index.html`). It gets the home template, which lists every
/// chapter when a big book's sidebar needs JavaScript.
fn is_home(page: &Page) -> bool {
    page.kind == PageKind::Home || page.out == "index.html"
}

/// One page through its template.
fn page(shared: &Shared, r: &mut RenderedPage, chapters: &[NavLink]) -> Result<String, Diagnostic> {
    let page = r.page;
    let (prev, next) = nav::prev_next(shared.content, page);
    let (shared_nav, nav) = sidebar(shared, Some(page));
    let context = PageContext {
        site: shared.config,
        page: page_view(shared, page, r),
        nav: &nav,
        shared_nav,
        home_in_nav: shared.content.home_in_outline(),
        prev,
        next,
        // The list of every chapter is for the home page; giving it to every page would
        // make the templates' work grow with the square of the book.
        chapters: if is_home(page) { chapters } else { &[] },
        decision: r.decision.as_ref().map(|t| t.view(shared.urls)),
        generator: GENERATOR,
        print_edition: shared.print,
    };
    let template = if is_home(page) {
        "index.html"
    } else {
        "chapter.html"
    };
    templates::render(&shared.templates.tera, template, &context)
}

fn page_view(shared: &Shared, page: &Page, r: &mut RenderedPage) -> PageView {
    let (config, content) = (shared.config, shared.content);
    let rendered = &r.rendered;
    let words = rendered.words;
    let mut toc = rendered.toc.clone();
    if let Some(t) = &r.decision {
        toc.extend(t.table.toc(&shared.templates.facts));
    }
    // The body moves into the page: it is not needed after this.
    let (heading, body) = opening_h1(std::mem::take(&mut r.rendered.html));
    let has_h1 = r.rendered.has_h1 && heading.is_empty();
    let rendered = &r.rendered;
    PageView {
        title: rendered.title.clone().unwrap_or_else(|| page.title.clone()),
        description: page
            .source
            .front
            .description
            .clone()
            .filter(|d| !d.trim().is_empty())
            .unwrap_or_else(|| config.description.clone()),
        url: page.output_name(),
        root: page.root(),
        number: page
            .numbered
            .as_ref()
            .map(|n| n.number.clone())
            .filter(|n| !n.is_empty()),
        code_css: shared.highlighter.css_rules(&rendered.code_looks),
        canonical: publish::absolute(config, &page.output_name()),
        words,
        reading_minutes: words.div_ceil(WORDS_PER_MINUTE),
        updated: shared.dates.get(&page.source.rel).cloned(),
        body,
        heading,
        toc,
        has_h1,
        edit_url: edit_url(config, &page.source.rel),
        group: page.group.map(|g| content.groups[g].title.clone()),
    }
}

/// Splits a body that opens with its `<h1>` into that heading and the rest (see
/// [`PageView::heading`]); any other body comes back whole, with no heading.
fn opening_h1(body: String) -> (String, String) {
    let start = body.len() - body.trim_start().len();
    if !body[start..].starts_with("<h1") {
        return (String::new(), body);
    }
    match body.find("</h1>") {
        Some(end) => {
            let end = end + "</h1>".len();
            let rest = body[end..].trim_start_matches('\n');
            (body[start..end].to_string(), rest.to_string())
        }
        None => (String::new(), body),
    }
}

/// A book's `[output.html.redirect]` entry as a page that forwards (`/old.html` ->
/// `new.html`, relative to the old page's folder as in mdBook, or an absolute address).
fn redirect_page(from: &str, to: &str) -> Result<(String, String), String> {
    let path = from.trim_start_matches('/');
    if path.is_empty()
        || path
            .split('/')
            .any(|s| s.is_empty() || s == "." || s == "..")
        || !path.ends_with(".html")
    {
        return Err("the old path must be a page of the book, like `/old/page.html`".into());
    }
    if crate::markdown::links::refused_scheme(to).is_some() {
        return Err(format!("`{to}` is not a page address"));
    }
    let to = escape_html(to);
    Ok((
        path.to_string(),
        format!(
            "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
             <title>Moved</title>\n<meta http-equiv=\"refresh\" content=\"0; URL={to}\">\n\
             <link rel=\"canonical\" href=\"{to}\">\n</head>\n<body>\n\
             <p>This page has moved to <a href=\"{to}\">{to}</a>.</p>\n</body>\n</html>\n"
        ),
    ))
}

/// Where a reader proposes a change to a page: a book's `edit-url-template` with `{path}`
/// filled in, or `{repo_url}/edit/main/{path}` for a site.
fn edit_url(config: &Config, rel: &Path) -> Option<String> {
    let path = rel.to_string_lossy().replace('\\', "/");
    if let Some(book) = &config.book {
        return book
            .edit_url_template
            .as_ref()
            .map(|t| t.replace("{path}", &path));
    }
    config
        .repo_url
        .as_ref()
        .map(|repo| format!("{}/edit/main/{path}", repo.trim_end_matches('/')))
}

/// A page with no Markdown of its own (`404.html`, or `index.html` without `_index.md`),
/// given as (template and file name, title, next link).
/// `print.html`: every page's section, in reading order (see [`crate::print`]).
fn print_page(shared: &Shared, body: String, looks: &BTreeSet<Look>) -> Result<String, Diagnostic> {
    let config = shared.config;
    let (shared_nav, nav) = sidebar(shared, None);
    let title = format!("{} (print edition)", config.title);
    let context = PageContext {
        site: config,
        page: PageView {
            canonical: publish::absolute(config, "print.html"),
            code_css: shared.highlighter.css_rules(looks),
            body,
            ..PageView::without_body(title, config.description.clone(), "print.html".into())
        },
        nav: &nav,
        shared_nav,
        home_in_nav: shared.content.home_in_outline(),
        prev: None,
        next: None,
        chapters: &[],
        decision: None,
        generator: GENERATOR,
        print_edition: shared.print,
    };
    templates::render(&shared.templates.tera, "print.html", &context)
}

fn generated_page(
    shared: &Shared,
    chapters: &[NavLink],
    (name, title, next): (&str, String, Option<NavLink>),
) -> Result<String, Diagnostic> {
    let config = shared.config;
    let (shared_nav, nav) = sidebar(shared, None);
    let context = PageContext {
        site: config,
        page: PageView {
            // The not-found page answers for many addresses; it has no address of its own.
            canonical: (name != "404.html")
                .then(|| publish::absolute(config, name))
                .flatten(),
            ..PageView::without_body(title, config.description.clone(), name.into())
        },
        nav: &nav,
        shared_nav,
        home_in_nav: shared.content.home_in_outline(),
        prev: None,
        next,
        chapters,
        decision: None,
        generator: GENERATOR,
        print_edition: shared.print,
    };
    templates::render(&shared.templates.tera, name, &context)
}
