//! Tera templates from `templates/`, and the typed contexts they are rendered with.
//! A template error names the template and Tera's whole cause chain.

use std::error::Error as _;
use std::path::{Path, PathBuf};

use serde::Serialize;
use tera::Tera;

use crate::config::Config;
use crate::decision::DecisionView;
use crate::error::Diagnostic;
use crate::files::Sandbox;
use crate::markdown::TocEntry;
use crate::template_facts::TemplateFacts;

/// The templates the build renders directly; `base.html` and partials are theirs to use.
pub const REQUIRED: [(&str, &str); 3] = [
    ("chapter.html", "every chapter is rendered with it"),
    ("index.html", "the home page is rendered with it"),
    ("404.html", "the not-found page is rendered with it"),
];

/// The built-in theme, used by a site that has no `templates/` folder of its own.
pub const BUILTIN: [(&str, &str); 10] = [
    ("base.html", include_str!("../templates/base.html")),
    ("search.html", include_str!("../templates/search.html")),
    ("chapter.html", include_str!("../templates/chapter.html")),
    ("index.html", include_str!("../templates/index.html")),
    ("404.html", include_str!("../templates/404.html")),
    ("print.html", include_str!("../templates/print.html")),
    (
        "partials/pager.html",
        include_str!("../templates/partials/pager.html"),
    ),
    (
        "partials/nav.html",
        include_str!("../templates/partials/nav.html"),
    ),
    (
        "partials/toc.html",
        include_str!("../templates/partials/toc.html"),
    ),
    (
        "partials/decision.html",
        include_str!("../templates/partials/decision.html"),
    ),
];

/// The built-in theme's static files, published by a site that has no `templates/` folder.
pub const BUILTIN_STATIC: [(&str, &str); 6] = [
    ("favicon.svg", include_str!("../static/favicon.svg")),
    ("style.css", include_str!("../static/style.css")),
    ("site.js", include_str!("../static/site.js")),
    ("search.js", include_str!("../static/search.js")),
    ("decide.css", include_str!("../static/decide.css")),
    ("decide.js", include_str!("../static/decide.js")),
];

/// The loaded templates, and what they own that the rest of the build must respect.
pub struct Templates {
    pub tera: Tera,
    pub facts: TemplateFacts,
}

/// Loads every `.html` file under `root/templates` (names relative to that folder), or the
/// built-in theme when the site has no `templates/` folder.
pub fn load(sandbox: &Sandbox) -> Result<Templates, Vec<Diagnostic>> {
    let dir = sandbox.root().join("templates");
    if !dir.exists() {
        let mut tera = Tera::default();
        tera.add_raw_templates(BUILTIN.to_vec())
            .map_err(|e| vec![Diagnostic::file_error("templates", cause_chain(&e))])?;
        let facts = TemplateFacts::read(BUILTIN.iter().map(|(n, t)| (*n, *t)));
        return Ok(Templates { tera, facts });
    }
    // A folder that cannot be walked is reported, never silently skipped.
    let (paths, mut problems) = sandbox.walk(Path::new("templates"), &|_| false);
    let files: Vec<(PathBuf, Option<String>)> = paths
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "html"))
        .map(|p| {
            let name = p
                .strip_prefix(&dir)
                .unwrap_or(&p)
                .to_string_lossy()
                .replace('\\', "/");
            (p, Some(name))
        })
        .collect();
    let mut sources = Vec::new();
    for (path, name) in &files {
        match sandbox.read_to_string(path) {
            Ok(text) => sources.push((name.clone().unwrap_or_default(), text)),
            Err(e) => problems.push(Diagnostic::file_error(
                rel(name.as_deref()),
                format!("cannot read: {e}"),
            )),
        }
    }
    let facts = TemplateFacts::read(sources.iter().map(|(n, t)| (n.as_str(), t.as_str())));
    let mut tera = Tera::default();
    // Tera parses every template and resolves `extends` together; its error names the
    // template and, in the causes, the line and column.
    if let Err(e) = tera.add_raw_templates(sources) {
        let culprit = files
            .iter()
            .filter_map(|(_, n)| n.as_deref())
            .find(|n| e.to_string().contains(&format!("'{n}'")));
        let chain = cause_chain(&e);
        let (line, col) = parse_position(&chain).unwrap_or((0, 0));
        problems.push(Diagnostic::error(
            culprit.map_or_else(|| PathBuf::from("templates"), |n| rel(Some(n))),
            line,
            col,
            chain,
        ));
    }
    for (name, why) in REQUIRED {
        if !files.iter().any(|(_, n)| n.as_deref() == Some(name)) {
            problems.push(Diagnostic::file_error(
                Path::new("templates").join(name),
                format!("missing template: {why}"),
            ));
        }
    }
    if problems.is_empty() {
        Ok(Templates { tera, facts })
    } else {
        Err(problems)
    }
}

fn rel(name: Option<&str>) -> PathBuf {
    Path::new("templates").join(name.unwrap_or_default())
}

/// The `line:col` a Tera parse error points at (its cause reads ` --> 4:1`), so that the
/// message leads with `path:line:col` like every other problem.
fn parse_position(chain: &str) -> Option<(usize, usize)> {
    let at = chain.split("--> ").nth(1)?;
    let (line, rest) = at.split_once(':')?;
    let col: String = rest.chars().take_while(char::is_ascii_digit).collect();
    Some((line.trim().parse().ok()?, col.parse().ok()?))
}

/// A Tera error and every error that caused it, one per line.
pub fn cause_chain(e: &tera::Error) -> String {
    let mut msg = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        msg.push_str("\n  caused by: ");
        msg.push_str(&s.to_string());
        source = s.source();
    }
    msg
}

/// Renders `name` with a typed context; an error names the template and its causes.
pub fn render<T: Serialize>(tera: &Tera, name: &str, context: &T) -> Result<String, Diagnostic> {
    let ctx = tera::Context::from_serialize(context)
        .map_err(|e| Diagnostic::file_error(Path::new("templates").join(name), cause_chain(&e)))?;
    tera.render(name, &ctx)
        .map_err(|e| Diagnostic::file_error(Path::new("templates").join(name), cause_chain(&e)))
}

/// A link in the sidebar or the prev/next bar.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct NavLink {
    pub title: String,
    pub url: String,
}

/// One sidebar entry: a chapter, or a group with its chapters.
#[derive(Debug, Clone, Serialize)]
pub struct NavEntry {
    /// `page`, `group` (a site's sub-folder), and in a book's outline `part` (a part title),
    /// `separator` or `draft` (a chapter listed but not written yet).
    pub kind: &'static str,
    pub title: String,
    /// The page's output path; empty for a group without a landing page, a part title, a
    /// separator or a draft.
    pub url: String,
    /// The section number in a book's outline (`1.2.`), or empty.
    pub number: String,
    pub current: bool,
    pub children: Vec<NavEntry>,
    /// In a book's flat outline: the entries after this one are nested inside it.
    pub opens: bool,
    /// In a book's flat outline: how many nested lists end after this entry.
    pub closes: usize,
}

/// The page being rendered, as templates see it.
#[derive(Debug, Clone, Serialize)]
pub struct PageView {
    pub title: String,
    /// The page's absolute URL, when the site has a `base_url`.
    pub canonical: Option<String>,
    /// Words in the page (prose and code as shown), and minutes to read them at 230 a minute.
    pub words: usize,
    pub reading_minutes: usize,
    /// When the page's file last changed, from git (`YYYY-MM-DD`); none outside a checkout.
    pub updated: Option<String>,
    pub description: String,
    /// The output path (`profile.html`, `cli/init.html`), relative to the site's root.
    pub url: String,
    /// The way back to the site's root from this page (`""`, `"../"`): templates put it in
    /// front of every link to another page or file of the site, so links stay relative.
    pub root: String,
    /// The page's number in a book's outline (`1.2.`), shown before its title.
    pub number: Option<String>,
    /// The highlighting rules for the colours this page's code uses (empty without code).
    pub code_css: String,
    pub body: String,
    /// The `<h1>` the body opened with (its id and self-link kept), taken out of `body` so
    /// that the template puts it where it puts its own title: above "On this page". Empty
    /// when the body does not open with one.
    pub heading: String,
    pub toc: Vec<TocEntry>,
    /// The body has an `<h1>` of its own, further down (an opening one is in `heading`):
    /// the template must not add another.
    pub has_h1: bool,
    pub edit_url: Option<String>,
    /// The group's title, for a chapter in a sub-folder.
    pub group: Option<String>,
}

impl PageView {
    /// A page with no Markdown of its own (the 404 page, `nav.js`'s list).
    pub fn without_body(title: String, description: String, url: String) -> Self {
        PageView {
            title,
            canonical: None,
            words: 0,
            reading_minutes: 0,
            updated: None,
            description,
            root: crate::content::root_of(&url),
            number: None,
            url,
            code_css: String::new(),
            body: String::new(),
            heading: String::new(),
            toc: Vec::new(),
            has_h1: false,
            edit_url: None,
            group: None,
        }
    }
}

/// The context of every page template.
#[derive(Debug, Clone, Serialize)]
pub struct PageContext<'a> {
    pub site: &'a Config,
    pub page: PageView,
    pub nav: &'a [NavEntry],
    /// The sidebar comes from `nav.js`, shared by every page (a big book).
    pub shared_nav: bool,
    /// The home page is one of the outline's chapters (a book's `README.md`), so the
    /// sidebar needs no "Home" link of its own.
    pub home_in_nav: bool,
    pub prev: Option<NavLink>,
    pub next: Option<NavLink>,
    /// Chapters in reading order, for the home page's contents (and the 404 page's); empty
    /// on chapter pages.
    pub chapters: &'a [NavLink],
    /// The decision table of this page, when it has one.
    pub decision: Option<DecisionView>,
    /// The site has a print edition (`print.html`) to link to.
    pub print_edition: bool,
    pub generator: &'static str,
}
