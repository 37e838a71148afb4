//! The site's input: walks `content/`, splits TOML front matter from Markdown, and orders
//! chapters and groups into the reading order used by the sidebar and prev/next links.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::Deserialize;

use crate::config::toml_diagnostic;
use crate::error::{Diagnostic, Diagnostics};
use crate::files::{ReadError, Sandbox};

/// Every page's source path (relative to `content/`) -> its output file name: the one map
/// that rendering, the link check and the decision table resolve links with.
pub type PageUrls = HashMap<PathBuf, String>;

/// Front matter of a chapter or of a group's `_index.md`, between `+++` lines.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct FrontMatter {
    pub title: Option<String>,
    pub description: Option<String>,
    pub weight: Option<i64>,
    pub slug: Option<String>,
    #[serde(default)]
    pub draft: bool,
    /// A decision-table data file (relative to this page) rendered below the page's text.
    pub decision_table: Option<String>,
}

/// One Markdown file, read and split.
#[derive(Debug, Clone)]
pub struct Source {
    /// The path as shown in messages, relative to the site root (`content/04-profile.md`).
    pub rel: PathBuf,
    /// The path relative to `content/`, the form links are written in (`group/page.md`).
    pub content_rel: PathBuf,
    pub front: FrontMatter,
    /// The raw front matter text, for finding the line of a key in messages.
    pub front_text: String,
    /// The Markdown after the front matter, with BOM removed and CRLF turned into LF. Empty
    /// in pages the loaders made (see [`Content::bodies_released`]): [`Source::read_body`]
    /// reads it again.
    pub body: String,
    /// Lines before the body in the file, added to body line numbers in messages.
    pub body_line: usize,
    /// The whole file is Markdown (a book's chapter): no front matter is looked for.
    pub whole_file: bool,
    /// The body's first `# ` heading, the title when the front matter names none (looked
    /// for only then).
    pub h1: Option<String>,
    /// The body has no text (a group's `_index.md` that only sets front matter).
    pub blank: bool,
}

impl Source {
    /// The source with its Markdown dropped (kept: the title facts taken from it).
    pub fn without_body(self) -> Source {
        Source {
            body: String::new(),
            ..self
        }
    }

    /// The body and its first line, read from the file again, split as when it was loaded
    /// (the front matter was read then: it is only skipped here, not parsed again).
    pub fn read_body(&self, sandbox: &Sandbox) -> Result<(String, usize), Diagnostic> {
        let text = sandbox
            .read_to_string(&sandbox.root().join(&self.rel))
            .map_err(|e| Diagnostic::file_error(&self.rel, format!("cannot read: {e}")))?;
        let text = normalize(&text);
        if self.whole_file {
            return Ok((text, 0));
        }
        match split_front_matter(&text) {
            Some(Ok((_, body, body_line))) => Ok((body.to_string(), body_line)),
            // Changed since it was loaded (a rebuild follows): reported as a load would.
            Some(Err(line)) => Err(unclosed(&self.rel, line)),
            None => Ok((text, 0)),
        }
    }
}

/// Text as the Markdown passes see it: no byte-order mark, LF line ends.
pub fn normalize(text: &str) -> String {
    text.strip_prefix('\u{feff}')
        .unwrap_or(text)
        .replace("\r\n", "\n")
}

/// What a page is, which decides its template and file name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageKind {
    /// `content/_index.md`, rendered as `index.html`.
    Home,
    Chapter,
}

/// A page to render.
#[derive(Debug, Clone)]
pub struct Page {
    pub kind: PageKind,
    pub source: Source,
    pub title: String,
    pub slug: String,
    /// Index into [`Content::groups`] for chapters in a sub-folder.
    pub group: Option<usize>,
    /// A group's `_index.md` with text of its own: the group's landing page, first in the
    /// group, and what the group's title links to.
    pub landing: bool,
    /// Where the page is written, relative to the output folder, with `/` between folders.
    /// One scheme for every site: the source's folders are kept and the file is named after
    /// the slug (`group/page.md` -> `group/page.html`); a folder's own page (a group's
    /// `_index.md`, a book's `README.md`) is that folder's `index.html`.
    pub out: String,
    /// Where the page sits in a book's table of contents (`SUMMARY.md`): its section number
    /// and depth. `None` for a site ordered by weight.
    pub numbered: Option<Numbering>,
}

/// A chapter's place in a book's numbered outline: `1.2.` is at depth 1.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Numbering {
    /// The section number as mdBook shows it (`1.2.`), empty for prefix and suffix chapters.
    pub number: String,
    /// Nesting depth in the outline: 0 for top-level chapters.
    pub depth: usize,
}

impl Page {
    /// The output file name, relative to the output directory.
    pub fn output_name(&self) -> String {
        self.out.clone()
    }

    /// The way back to the output folder's root from this page (`../` per folder).
    pub fn root(&self) -> String {
        root_of(&self.out)
    }
}

/// `../` once per folder of an output path: prefixed to a root-relative URL, it makes a
/// relative link that works from disk, under a sub-path and on any host.
pub fn root_of(out: &str) -> String {
    "../".repeat(out.matches('/').count())
}

/// A link from the page written at `from` to the file at `to` (both relative to the output
/// root): the shortest relative URL (`page.html`, `../cli/init.html`).
pub fn relative_url(from: &str, to: &str) -> String {
    let from_dirs: Vec<&str> = from.split('/').collect();
    let from_dirs = &from_dirs[..from_dirs.len() - 1];
    let to_parts: Vec<&str> = to.split('/').collect();
    let common = from_dirs
        .iter()
        .zip(&to_parts[..to_parts.len() - 1])
        .take_while(|(a, b)| a == b)
        .count();
    let mut url = "../".repeat(from_dirs.len() - common);
    url.push_str(&to_parts[common..].join("/"));
    url
}

/// The output path of a page with this slug in this source folder.
pub fn out_path(folder: &Path, file: &str) -> String {
    let mut out = String::new();
    for part in folder.components() {
        out.push_str(&part.as_os_str().to_string_lossy());
        out.push('/');
    }
    out.push_str(file);
    out
}

/// A sub-folder of `content/`, shown as a titled group in the sidebar.
#[derive(Debug, Clone)]
pub struct Group {
    pub dir: PathBuf,
    pub title: String,
    pub weight: Option<i64>,
}

/// Everything under `content/`, in reading order.
#[derive(Debug, Clone, Default)]
pub struct Content {
    pub home: Option<Page>,
    /// Chapters in reading order (sidebar order, group members together).
    pub chapters: Vec<Page>,
    pub groups: Vec<Group>,
    /// Chapters left out because they are drafts (paths relative to `content/`).
    pub drafts: Vec<PathBuf>,
    /// Groups' `_index.md` files with no text of their own, which have no page.
    pub group_indexes: Vec<PathBuf>,
    /// A book's table of contents (from `SUMMARY.md`), in order; `None` for a site, whose
    /// sidebar follows its folders and weights.
    pub outline: Option<Vec<OutlineItem>>,
    /// The loaders keep no page's Markdown (only its title and first heading): each page
    /// reads its file again when it is rendered, so a big book's text is never all in
    /// memory at once.
    pub bodies_released: bool,
    /// Some page's text mentions `fragment`: it may have Python fragments to check, so the
    /// build starts Python before rendering (its start-up then overlaps the rendering).
    pub fragments_likely: bool,
}

/// One line of a book's table of contents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutlineItem {
    pub kind: OutlineKind,
    pub title: String,
    /// The section number (`1.2.`); empty for prefix and suffix chapters, parts, separators.
    pub number: String,
    /// Nesting depth: 0 at the top.
    pub depth: usize,
}

/// What an [`OutlineItem`] is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OutlineKind {
    /// A chapter with a page: its index in [`Content::chapters`].
    Chapter(usize),
    /// A chapter listed without a file yet (`- [Title]()`): shown, not linked.
    Draft,
    /// A part title (`# Part` between numbered chapters).
    Part,
    /// A horizontal rule (`---`).
    Separator,
}

impl Content {
    /// Home first (if any), then chapters.
    pub fn pages(&self) -> impl Iterator<Item = &Page> {
        self.home.iter().chain(self.chapters.iter())
    }

    /// Whether `page` is a book's home page that repeats its first chapter (written twice,
    /// as mdBook does): search and the print edition take the chapter only.
    pub fn is_copy(&self, page: &Page) -> bool {
        page.kind == PageKind::Home
            && self
                .chapters
                .first()
                .is_some_and(|c| c.source.rel == page.source.rel)
    }

    /// Whether a chapter of the outline is the home page (a book's `README.md`).
    pub fn home_in_outline(&self) -> bool {
        self.chapters.iter().any(|p| p.out == "index.html")
    }

    /// Where each page is written, by its source path.
    pub fn urls(&self) -> PageUrls {
        self.pages()
            .map(|p| (p.source.content_rel.clone(), p.output_name()))
            .collect()
    }
}

/// Options that change which files become pages.
#[derive(Debug, Clone, Copy, Default)]
pub struct LoadOptions {
    pub drafts: bool,
}

/// Walks `content/`, reading every `.md` file through the site's [`Sandbox`] (hidden files
/// are skipped, links leaving the site refused). Problems are collected, not returned early.
pub fn load(sandbox: &Sandbox, opts: LoadOptions, diags: &mut Diagnostics) -> Content {
    load_keeping(sandbox, opts, KEEP_BODIES_BYTES, diags)
}

/// [`load`], keeping the pages' Markdown when all of it is at most `keep` bytes.
fn load_keeping(
    sandbox: &Sandbox,
    opts: LoadOptions,
    keep: u64,
    diags: &mut Diagnostics,
) -> Content {
    let root = sandbox.root();
    let content_dir = root.join("content");
    if !content_dir.is_dir() {
        diags.push(Diagnostic::file_error(
            "content",
            "no content/ directory: chapters live in content/*.md",
        ));
        return Content::default();
    }
    let (paths, problems) = sandbox.walk(Path::new("content"), &|_| false);
    diags.extend(problems);
    // Read and split in parallel (each file is its own work), gathered in walk order (an
    // indexed list: each result goes straight to its place, not through a list per thread).
    let markdown: Vec<&PathBuf> = paths
        .iter()
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
        .collect();
    let release = !fits(&markdown, keep);
    let read: Vec<(Result<Source, Unreadable>, bool)> = markdown
        .into_par_iter()
        .map(|path| match read_source(sandbox, &content_dir, path) {
            Ok(src) => {
                let fragments = src.body.contains("fragment");
                (
                    Ok(if release { src.without_body() } else { src }),
                    fragments,
                )
            }
            Err(Unreadable { problem, recovered }) => (
                Err(Unreadable {
                    problem,
                    recovered: recovered.map(|b| {
                        if release {
                            Box::new(b.without_body())
                        } else {
                            b
                        }
                    }),
                }),
                false,
            ),
        })
        .collect();
    let mut sources = Vec::new();
    let mut fragments_likely = false;
    for (result, fragments) in read {
        fragments_likely |= fragments;
        match result {
            Ok(src) => sources.push(src),
            Err(Unreadable { problem, recovered }) => {
                diags.push(problem);
                // Bad front matter still lets the page's body be checked, so one run
                // reports its broken links too.
                sources.extend(recovered.map(|b| *b));
            }
        }
    }
    let mut content = Content {
        bodies_released: release,
        fragments_likely,
        ..assemble(sources, opts, diags)
    };
    // Held for the whole build: no room left over from growing.
    content.chapters.shrink_to_fit();
    content
}

/// The most Markdown a site's pages keep from loading to rendering: up to this, each file is
/// read once (a 1,000-chapter book is 6 MB); past it, a page keeps only its title facts and
/// reads its file again when it renders, so a big book's text is never all in memory.
pub const KEEP_BODIES_BYTES: u64 = 16 << 20;

/// Whether the files, by their sizes, come to at most `limit` bytes.
fn fits(paths: &[&PathBuf], limit: u64) -> bool {
    let mut total = 0u64;
    for path in paths {
        total += std::fs::metadata(path).map_or(0, |m| m.len());
        if total > limit {
            return false;
        }
    }
    true
}

fn rel_to(root: &Path, p: &Path) -> PathBuf {
    p.strip_prefix(root)
        .map(Path::to_path_buf)
        .unwrap_or_else(|_| p.to_path_buf())
}

/// A file that could not be read as a chapter, and what could be saved of it.
pub struct Unreadable {
    pub problem: Diagnostic,
    /// The body with empty front matter, when only the front matter was wrong.
    pub recovered: Option<Box<Source>>,
}

impl From<Diagnostic> for Unreadable {
    fn from(problem: Diagnostic) -> Self {
        Unreadable {
            problem,
            recovered: None,
        }
    }
}

/// Reads one file, rejecting non-UTF-8 text and bad front matter.
fn read_source(sandbox: &Sandbox, content_dir: &Path, path: &Path) -> Result<Source, Unreadable> {
    let rel = rel_to(sandbox.root(), path);
    let text = sandbox.read_to_string(path).map_err(|e| match e {
        ReadError::NotUtf8(bytes) => {
            let valid = std::str::from_utf8(&bytes).map_or_else(|e| e.valid_up_to(), str::len);
            let (line, col) =
                crate::error::line_col(&String::from_utf8_lossy(&bytes[..valid]), usize::MAX);
            Diagnostic::error(&rel, line, col, "file is not valid UTF-8: save it as UTF-8")
        }
        e => Diagnostic::file_error(&rel, format!("cannot read: {e}")),
    })?;
    let content_rel = path.strip_prefix(content_dir).unwrap_or(path).to_path_buf();
    parse_source_recovering(rel, content_rel, &text)
}

/// Splits front matter from the body and parses it. Accepts a BOM and CRLF line endings.
pub fn parse_source(rel: PathBuf, content_rel: PathBuf, text: &str) -> Result<Source, Diagnostic> {
    parse_source_recovering(rel, content_rel, text).map_err(|u| u.problem)
}

fn parse_source_recovering(
    rel: PathBuf,
    content_rel: PathBuf,
    text: &str,
) -> Result<Source, Unreadable> {
    let text = normalize(text);
    let (front, front_text, body, body_line) = match split_front_matter(&text) {
        Some(Ok((fm, body, body_line))) => match toml::from_str::<FrontMatter>(fm) {
            Ok(front) => (front, fm.to_string(), body.to_string(), body_line),
            Err(e) => {
                let stem = content_rel
                    .file_stem()
                    .map(|s| s.to_string_lossy().into_owned());
                return Err(Unreadable {
                    problem: toml_diagnostic(&rel, fm, &e, 1),
                    recovered: Some(Box::new(Source {
                        front: FrontMatter {
                            title: stem,
                            ..FrontMatter::default()
                        },
                        front_text: fm.to_string(),
                        // The file's name is the title: no heading is needed.
                        h1: None,
                        blank: body.trim().is_empty(),
                        body: body.to_string(),
                        body_line,
                        whole_file: false,
                        rel,
                        content_rel,
                    })),
                });
            }
        },
        Some(Err(line)) => return Err(unclosed(&rel, line).into()),
        None => (FrontMatter::default(), String::new(), text.clone(), 0),
    };
    // Only a page without a title in its front matter needs its heading (a whole parse of
    // the Markdown, which rendering does again).
    let h1 = front.title.is_none().then(|| first_h1(&body)).flatten();
    Ok(Source {
        rel,
        content_rel,
        front,
        front_text,
        h1,
        blank: body.trim().is_empty(),
        body,
        body_line,
        whole_file: false,
    })
}

/// Front matter opened at `line` and never closed.
fn unclosed(rel: &Path, line: usize) -> Diagnostic {
    Diagnostic::error(
        rel,
        line,
        1,
        "front matter opened with `+++` is never closed",
    )
}

/// `Some(Ok((front, body, lines before body)))`, `Some(Err(line of the opening +++))` when it
/// is never closed, `None` without front matter.
fn split_front_matter(text: &str) -> Option<Result<(&str, &str, usize), usize>> {
    let rest = text.strip_prefix("+++")?;
    let rest = rest
        .strip_prefix('\n')
        .or_else(|| rest.trim_start_matches([' ', '\t']).strip_prefix('\n'))?;
    let fm_start = text.len() - rest.len();
    let mut offset = fm_start;
    for line in rest.split_inclusive('\n') {
        if line.trim_end() == "+++" {
            let fm = &text[fm_start..offset];
            let body_start = offset + line.len();
            let body_line = text[..body_start].matches('\n').count();
            return Some(Ok((fm, &text[body_start..], body_line)));
        }
        offset += line.len();
    }
    Some(Err(1))
}

/// Drops a numeric prefix (`03-`, `3_`) from a file stem: `03-ownership` -> `ownership`.
pub fn strip_number_prefix(stem: &str) -> &str {
    let digits = stem.len() - stem.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    if digits > 0 {
        let rest = &stem[digits..];
        if let Some(r) = rest.strip_prefix(['-', '_'])
            && !r.is_empty()
        {
            return r;
        }
    }
    stem
}

/// The text of the Markdown's first level-1 heading (ATX or setext), used when front matter
/// has no title.
fn first_h1(body: &str) -> Option<String> {
    use pulldown_cmark::{Event, HeadingLevel, Parser, Tag, TagEnd};
    let mut text: Option<String> = None;
    for event in Parser::new_ext(body, crate::markdown::options()) {
        match event {
            Event::Start(Tag::Heading {
                level: HeadingLevel::H1,
                ..
            }) => text = Some(String::new()),
            Event::End(TagEnd::Heading(HeadingLevel::H1)) => {
                return text.map(|t| t.trim().to_string());
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some(title) = text.as_mut() {
                    title.push_str(&t);
                }
            }
            _ => {}
        }
    }
    None
}

/// The longest slug: with `.html` (and a temporary name's room) a file name stays valid.
const MAX_SLUG_BYTES: usize = 200;

/// Checks a slug stays one plain path segment: nothing is ever written outside the output.
fn check_slug(slug: &str) -> Result<(), String> {
    if slug.is_empty() {
        return Err("the slug is empty".into());
    }
    if slug.contains(['/', '\\']) || slug.contains("..") || slug.starts_with('.') {
        return Err(format!(
            "slug `{slug}` must not contain `/`, `\\` or `..`, nor start with `.`"
        ));
    }
    if slug
        .chars()
        .any(|c| c.is_control() || matches!(c, ':' | '*' | '?' | '"' | '<' | '>' | '|'))
    {
        return Err(format!(
            "slug `{slug}` contains a character that is not allowed in a file name"
        ));
    }
    // The slug is also the page's URL: these would end it early or be read as an escape.
    if let Some(c) = slug
        .chars()
        .find(|c| c.is_whitespace() || matches!(c, '#' | '%'))
    {
        let what = if c.is_whitespace() {
            "a space".to_string()
        } else {
            format!("`{c}`")
        };
        return Err(format!(
            "slug `{slug}` contains {what}, which breaks the page's URL: use letters, digits \
             and `-` (set `slug = \"...\"` in the front matter or rename the file)"
        ));
    }
    if slug.len() > MAX_SLUG_BYTES {
        return Err(format!(
            "slug `{}...` is {} bytes long; file systems allow 255 for a file name: keep it \
             under {MAX_SLUG_BYTES} (set `slug = \"...\"` in the front matter)",
            slug.chars().take(40).collect::<String>(),
            slug.len()
        ));
    }
    if ["index", "404", "search", "search-index"].contains(&slug) {
        return Err(format!(
            "slug `{slug}` is reserved for a page the build makes itself"
        ));
    }
    Ok(())
}

/// The sources sorted by role, before pages are made.
#[derive(Default)]
struct Sorted {
    home: Option<Source>,
    group_indexes: Vec<Source>,
    chapters: Vec<Source>,
    drafts: Vec<PathBuf>,
}

/// The folder of a file relative to `content/` (empty at the top).
fn folder(content_rel: &Path) -> PathBuf {
    content_rel.parent().unwrap_or(Path::new("")).to_path_buf()
}

/// Turns the read sources into ordered pages and groups: sort the sources by role, make the
/// groups, make the pages, then put them in sidebar order.
fn assemble(sources: Vec<Source>, opts: LoadOptions, diags: &mut Diagnostics) -> Content {
    let sorted = sort_by_role(sources, opts);
    let home = sorted.home.map(|src| Page {
        kind: PageKind::Home,
        title: src
            .front
            .title
            .clone()
            .or_else(|| src.h1.clone())
            .unwrap_or_default(),
        slug: "index".into(),
        group: None,
        landing: false,
        out: "index.html".into(),
        numbered: None,
        source: src,
    });
    let group_indexes = sorted
        .group_indexes
        .iter()
        .filter(|s| s.blank)
        .map(|s| s.content_rel.clone())
        .collect();
    // A group's _index.md with text becomes the group's landing page.
    let landings: Vec<Source> = sorted
        .group_indexes
        .iter()
        .filter(|s| !s.blank)
        .cloned()
        .collect();
    let groups = make_groups(&sorted.chapters, sorted.group_indexes, diags);
    let mut pages: Vec<Page> = sorted
        .chapters
        .into_iter()
        .filter_map(|src| make_page(src, diags))
        .collect();
    for src in landings {
        let dir = folder(&src.content_rel);
        if !groups.iter().any(|g| g.dir == dir) {
            continue; // already reported: a group without chapters
        }
        let group_name = dir
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let title = src.front.title.clone().or_else(|| src.h1.clone());
        let mut src = src;
        // Its slug: the one it names, or the folder's name (`advanced/_index.md` ->
        // `advanced.html`).
        if src.front.slug.is_none() {
            src.front.slug = Some(group_name.clone());
        }
        if src.front.title.is_none() && title.is_none() {
            src.front.title = Some(group_name);
        }
        if let Some(mut page) = make_page(src, diags) {
            page.landing = true;
            page.out = out_path(&dir, "index.html");
            pages.push(page);
        }
    }
    check_duplicate_slugs(&pages, home.as_ref(), diags);
    for p in &mut pages {
        p.group = groups
            .iter()
            .position(|g| g.dir == folder(&p.source.content_rel));
    }
    Content {
        home,
        chapters: sidebar_order(pages, &groups),
        groups,
        drafts: sorted.drafts,
        group_indexes,
        outline: None,
        bodies_released: false,
        fragments_likely: false,
    }
}

fn sort_by_role(sources: Vec<Source>, opts: LoadOptions) -> Sorted {
    let mut sorted = Sorted::default();
    for src in sources {
        let is_index = src
            .content_rel
            .file_name()
            .is_some_and(|n| n == "_index.md");
        if is_index && folder(&src.content_rel).as_os_str().is_empty() {
            sorted.home = Some(src);
        } else if is_index {
            sorted.group_indexes.push(src);
        } else if src.front.draft && !opts.drafts {
            sorted.drafts.push(src.content_rel.clone());
        } else {
            sorted.chapters.push(src);
        }
    }
    sorted
}

/// Every folder holding chapters is a group, titled and weighted by its `_index.md` (or
/// named after the folder). Groups come out ordered by folder path.
fn make_groups(chapters: &[Source], indexes: Vec<Source>, diags: &mut Diagnostics) -> Vec<Group> {
    let mut groups: BTreeMap<PathBuf, Group> = BTreeMap::new();
    for src in chapters {
        let dir = folder(&src.content_rel);
        if !dir.as_os_str().is_empty() {
            groups.entry(dir.clone()).or_insert_with(|| Group {
                title: dir
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default(),
                dir,
                weight: None,
            });
        }
    }
    for idx in indexes {
        match groups.get_mut(&folder(&idx.content_rel)) {
            Some(g) => {
                if let Some(t) = idx.front.title.clone().or_else(|| idx.h1.clone()) {
                    g.title = t;
                }
                g.weight = idx.front.weight;
            }
            None => diags.push(Diagnostic::warning(
                &idx.rel,
                1,
                1,
                "this group has no chapters: its _index.md is not shown",
            )),
        }
    }
    groups.into_values().collect()
}

/// A chapter's page: its slug (checked) and title; `None` after reporting a problem.
fn make_page(src: Source, diags: &mut Diagnostics) -> Option<Page> {
    let stem = src
        .content_rel
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let slug = src
        .front
        .slug
        .clone()
        .unwrap_or_else(|| strip_number_prefix(&stem).to_string());
    if let Err(msg) = check_slug(&slug) {
        let (line, col) = front_matter_position(&src, "slug");
        diags.push(Diagnostic::error(&src.rel, line, col, msg));
        return None;
    }
    let Some(title) = src.front.title.clone().or_else(|| src.h1.clone()) else {
        diags.push(Diagnostic::error(
            &src.rel,
            1,
            1,
            "no title: add `title = \"...\"` to the front matter or start with a `# ` heading",
        ));
        return None;
    };
    Some(Page {
        kind: PageKind::Chapter,
        title,
        out: out_path(&folder(&src.content_rel), &format!("{slug}.html")),
        slug,
        group: None,
        landing: false,
        numbered: None,
        source: src,
    })
}

/// Reading order: top-level chapters and groups interleaved by (weight, name), each group's
/// chapters together and in their own (weight, name) order. No weight sorts last.
fn sidebar_order(pages: Vec<Page>, groups: &[Group]) -> Vec<Page> {
    let key = |weight: Option<i64>, name: &Path| (weight.unwrap_or(i64::MAX), name.to_path_buf());
    let mut blocks: Vec<((i64, PathBuf), Vec<Page>)> = Vec::new();
    let mut members: Vec<Vec<Page>> = vec![Vec::new(); groups.len()];
    for p in pages {
        match p.group {
            Some(g) => members[g].push(p),
            None => blocks.push((key(p.source.front.weight, &p.source.content_rel), vec![p])),
        }
    }
    for (group, mut pages) in groups.iter().zip(members) {
        // The landing page first, then the chapters by weight.
        pages.sort_by_key(|p| {
            (
                !p.landing,
                key(p.source.front.weight, &p.source.content_rel),
            )
        });
        blocks.push((key(group.weight, &group.dir), pages));
    }
    blocks.sort_by(|a, b| a.0.cmp(&b.0));
    blocks.into_iter().flat_map(|(_, pages)| pages).collect()
}

/// Line and column of a front-matter key, from TOML's own spans (1:1 when it is absent), so
/// a problem with its value points at the line that sets it.
pub fn front_matter_position(src: &Source, key: &str) -> (usize, usize) {
    let Ok(table) = toml::de::DeTable::parse(&src.front_text) else {
        return (1, 1);
    };
    table
        .get_ref()
        .keys()
        .find(|k| k.get_ref() == key)
        .map_or((1, 1), |k| {
            let (line, col) = crate::error::line_col(&src.front_text, k.span().start);
            // The front matter starts below its opening `+++` line.
            (line + 1, col)
        })
}

fn check_duplicate_slugs(pages: &[Page], home: Option<&Page>, diags: &mut Diagnostics) {
    let mut seen: HashMap<&str, &Page> = HashMap::new();
    if let Some(h) = home {
        seen.insert("index.html", h);
    }
    for p in pages {
        if let Some(first) = seen.get(p.out.as_str()) {
            let (line, col) = front_matter_position(&p.source, "slug");
            diags.push(Diagnostic::error(
                &p.source.rel,
                line,
                col,
                format!(
                    "two chapters have the slug `{}`: {} and {}; give one of them another `slug` in its front matter",
                    p.slug,
                    first.source.rel.display(),
                    p.source.rel.display()
                ),
            ));
        } else {
            seen.insert(&p.out, p);
        }
    }
}

#[cfg(test)]
mod tests {
    use proptest::strategy::Strategy;

    use super::*;

    fn src(path: &str, text: &str) -> Source {
        parse_source(Path::new("content").join(path), PathBuf::from(path), text).unwrap()
    }

    #[test]
    fn splits_front_matter_and_counts_body_lines() {
        let s = src("a.md", "+++\ntitle = \"A\"\nweight = 2\n+++\nBody\n");
        assert_eq!(s.front.title.as_deref(), Some("A"));
        assert_eq!(s.front.weight, Some(2));
        assert_eq!(s.body, "Body\n");
        assert_eq!(s.body_line, 4);
        assert_eq!(front_matter_position(&s, "weight"), (3, 1));
    }

    #[test]
    fn a_big_site_keeps_titles_not_text_and_pages_read_their_text_again() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("content")).unwrap();
        let page = "\u{feff}+++\r\nweight = 1\r\n+++\r\n# From the heading\r\n\r\nText.\r\n";
        std::fs::write(dir.path().join("content/a.md"), page).unwrap();
        let sandbox = Sandbox::new(dir.path());
        let mut diags = Diagnostics::default();
        // A small site keeps its pages' text from loading to rendering.
        let small = load(&sandbox, LoadOptions::default(), &mut diags);
        assert!(!small.bodies_released);
        assert_eq!(
            small.chapters[0].source.body,
            "# From the heading\n\nText.\n"
        );
        // Past the budget, only the titles are kept.
        let content = load_keeping(&sandbox, LoadOptions::default(), 10, &mut diags);
        assert!(diags.is_empty(), "{diags:?}");
        assert!(content.bodies_released);
        let chapter = &content.chapters[0];
        assert_eq!(chapter.title, "From the heading");
        assert!(chapter.source.body.is_empty(), "the text is not held");
        let (body, line) = chapter.source.read_body(&sandbox).unwrap();
        assert_eq!(body, "# From the heading\n\nText.\n");
        assert_eq!(line, 3);
        std::fs::remove_file(dir.path().join("content/a.md")).unwrap();
        let gone = chapter.source.read_body(&sandbox).unwrap_err();
        assert!(gone.to_string().starts_with("content/a.md"), "{gone}");
    }

    #[test]
    fn no_front_matter_is_fine() {
        let s = src("a.md", "# Just text\n");
        assert_eq!(s.front, FrontMatter::default());
        assert_eq!(s.body_line, 0);
    }

    #[test]
    fn front_matter_errors_point_into_the_file() {
        let e = parse_source(
            "content/a.md".into(),
            "a.md".into(),
            "+++\ntitle = \"A\"\ndraft = \"yes\"\n+++\n",
        )
        .unwrap_err();
        assert_eq!(e.line, 3);
        let e =
            parse_source("content/a.md".into(), "a.md".into(), "+++\ntitle = \"A\"\n").unwrap_err();
        assert!(e.message.contains("never closed"));
    }

    #[test]
    fn numeric_prefixes_are_dropped_from_slugs() {
        assert_eq!(strip_number_prefix("03-ownership"), "ownership");
        assert_eq!(strip_number_prefix("3_x"), "x");
        assert_eq!(strip_number_prefix("2024"), "2024");
        assert_eq!(strip_number_prefix("intro"), "intro");
    }

    #[test]
    fn title_falls_back_to_the_first_h1_outside_code() {
        assert_eq!(
            first_h1("```\n# not this\n```\n# Real {#id}\n").as_deref(),
            Some("Real")
        );
        assert_eq!(first_h1("## only h2\n"), None);
    }

    #[test]
    fn unsafe_slugs_are_rejected() {
        for bad in ["../x", "a/b", "a\\b", ".hidden", "", "index"] {
            assert!(check_slug(bad).is_err(), "{bad}");
        }
        assert!(check_slug("pyo3-maturin").is_ok());
    }

    #[test]
    fn orders_by_weight_then_name_with_groups_interleaved() {
        let sources = vec![
            src("02-b.md", "+++\ntitle = \"B\"\nweight = 20\n+++\n"),
            src("01-a.md", "+++\ntitle = \"A\"\nweight = 20\n+++\n"),
            src(
                "adv/_index.md",
                "+++\ntitle = \"Advanced\"\nweight = 15\n+++\n",
            ),
            src("adv/x.md", "+++\ntitle = \"X\"\n+++\n"),
            src("later.md", "# Later\n"),
            src("draft.md", "+++\ntitle = \"D\"\ndraft = true\n+++\n"),
        ];
        let mut diags = Diagnostics::default();
        let c = assemble(sources, LoadOptions::default(), &mut diags);
        assert!(diags.is_empty(), "{diags:?}");
        let order: Vec<&str> = c.chapters.iter().map(|p| p.slug.as_str()).collect();
        assert_eq!(order, ["x", "a", "b", "later"]);
        assert_eq!(c.groups[0].title, "Advanced");
        assert_eq!(c.chapters[0].group, Some(0));
    }

    const FRONT_PIECES: &[&str] = &[
        "+++", "+++\n", "\n", "\r\n", "\u{feff}", "title", "weight", "slug", "draft", " = ", "\"",
        "3", "true", "[x]", "é", "# H\n", "#", " ", "{", "}", "'''", "\\", "🦀",
    ];

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(1500))]

        /// Random front matter shapes: whatever the input, parsing returns a source or a
        /// problem with a position inside the file, and never panics.
        #[test]
        fn random_front_matter_never_panics(
            text in proptest::collection::vec(proptest::sample::select(FRONT_PIECES), 0..24)
                .prop_map(|pieces| pieces.concat())
        ) {
            if let Err(d) = parse_source("content/r.md".into(), "r.md".into(), &text) {
                let lines = text.lines().count().max(1);
                proptest::prop_assert!(d.line >= 1 && d.line <= lines + 1, "{d} for {text:?}");
            }
        }
    }
}
