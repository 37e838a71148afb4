//! mdBook books, built where they lie: a folder with `book.toml` is read as a book. Its
//! settings become a [`Config`] (plus the book-only [`BookSettings`]), and `SUMMARY.md`
//! becomes the table of contents ([`summary`]). Every key crabsnake gives no meaning gets
//! one warning that says what is not done, so a book builds instead of failing per chapter.

pub mod links;
pub mod summary;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use std::collections::HashMap;

use crate::config::{self, Config, toml_diagnostic};
use crate::content::{
    Content, FrontMatter, Numbering, OutlineItem, OutlineKind, Page, PageKind, Source, out_path,
};
use crate::error::{Diagnostic, Diagnostics, line_col};
use crate::files::{ReadError, Sandbox};
use summary::EntryKind;

/// The file that makes a folder a book.
pub const FILE_NAME: &str = "book.toml";

/// Whether `root` holds an mdBook book rather than a crabsnake site (`site.toml` wins when
/// both are there).
pub fn is_book(root: &Path) -> bool {
    root.join(FILE_NAME).is_file() && !root.join(config::FILE_NAME).is_file()
}

/// Where a book is written by default: its `[build] build-dir`, else `book/`, as mdBook does.
pub fn default_out(root: &Path) -> PathBuf {
    let dir = std::fs::read_to_string(root.join(FILE_NAME))
        .ok()
        .and_then(|text| toml::from_str::<BookToml>(&text).ok())
        .and_then(|b| b.build.build_dir)
        .unwrap_or_else(|| PathBuf::from("book"));
    root.join(dir)
}

/// What a book's settings mean beyond a site's.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct BookSettings {
    /// `[rust] edition`: the edition `crabsnake test` compiles Rust blocks with.
    pub edition: Option<String>,
    /// `[output.html] edit-url-template`: `{path}` becomes the chapter's path from the book's
    /// folder (`src/cli/init.md`).
    pub edit_url_template: Option<String>,
    /// `[output.html.redirect]`: old path -> new URL, each written as a page that forwards.
    pub redirects: Vec<(String, String)>,
    /// `[output.html.code.hidelines]`: language -> the prefix that hides a line of it.
    pub hidelines: BTreeMap<String, String>,
    /// `[output.html] no-section-label`: no section numbers in the sidebar.
    pub no_section_label: bool,
    /// `[build] build-dir`, relative to the book's folder.
    pub build_dir: Option<PathBuf>,
    /// Where `{{#include}}` may read: the git work tree holding the book, or the book's own
    /// folder outside one. Nothing outside it is ever read.
    pub reach: PathBuf,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct BookToml {
    book: BookSection,
    rust: RustSection,
    build: BuildSection,
    output: OutputSection,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct BookSection {
    title: Option<String>,
    description: Option<String>,
    language: Option<String>,
    src: Option<PathBuf>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct RustSection {
    edition: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct BuildSection {
    #[serde(rename = "build-dir")]
    build_dir: Option<PathBuf>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct OutputSection {
    html: HtmlSection,
}

#[derive(Deserialize, Default)]
#[serde(default, rename_all = "kebab-case")]
struct HtmlSection {
    site_url: Option<String>,
    git_repository_url: Option<String>,
    edit_url_template: Option<String>,
    no_section_label: bool,
    redirect: BTreeMap<String, String>,
    code: CodeSection,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct CodeSection {
    hidelines: BTreeMap<String, String>,
}

/// The keys crabsnake uses, by table; any other key of these tables is warned about.
const USED: &[(&str, &[&str])] = &[
    ("book", &["title", "description", "language", "src"]),
    ("rust", &["edition"]),
    ("build", &["build-dir"]),
    (
        "output.html",
        &[
            "site-url",
            "git-repository-url",
            "edit-url-template",
            "hash-files",
            "no-section-label",
            "smart-punctuation",
            "redirect",
            "code",
        ],
    ),
    ("output.html.code", &["hidelines"]),
];

/// mdBook's own preprocessors, whose work crabsnake does itself.
const BUILTIN_PREPROCESSORS: &[&str] = &["links", "index"];

/// Reads `book.toml`: the settings, and one warning per key that is not used.
pub fn load(sandbox: &Sandbox) -> Result<(Config, Vec<Diagnostic>), Diagnostic> {
    let path = Path::new(FILE_NAME);
    let text = sandbox
        .read_to_string(&sandbox.root().join(FILE_NAME))
        .map_err(|e| {
            Diagnostic::file_error(FILE_NAME, format!("cannot read the book's settings: {e}"))
        })?;
    parse(path, &text, &reach_of(sandbox.root()))
}

/// The folder includes may read from: the enclosing git work tree, else the book's folder.
pub fn reach_of(root: &Path) -> PathBuf {
    let Ok(real) = root.canonicalize() else {
        return root.to_path_buf();
    };
    real.ancestors()
        .find(|dir| dir.join(".git").exists())
        .unwrap_or(&real)
        .to_path_buf()
}

/// Parses the text of a `book.toml`; `path` names it in messages.
pub fn parse(
    path: &Path,
    text: &str,
    reach: &Path,
) -> Result<(Config, Vec<Diagnostic>), Diagnostic> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let book: BookToml = toml::from_str(text).map_err(|e| toml_diagnostic(path, text, &e, 0))?;
    let warnings = unused_keys(path, text);
    let html = book.output.html;
    let mut config = config::fallback();
    config.title = book.book.title.unwrap_or_default();
    config.description = book.book.description.unwrap_or_default();
    if let Some(language) = book.book.language {
        config.language = language;
    }
    config.content_dir = book.book.src.unwrap_or_else(|| PathBuf::from("src"));
    // mdBook's site-url is the path the book is served under (`/guide/`); an absolute
    // address is also the base of the sitemap and canonical links.
    if let Some(url) = html.site_url {
        if url.starts_with("https://") || url.starts_with("http://") {
            config.base_url = url;
        } else {
            config.site_path = Some(url);
        }
    }
    config.repository = html
        .git_repository_url
        .filter(|u| u.starts_with("https://") || u.starts_with("http://"));
    config.book = Some(Box::new(BookSettings {
        edition: book.rust.edition,
        edit_url_template: html.edit_url_template,
        redirects: html.redirect.into_iter().collect(),
        hidelines: html.code.hidelines,
        no_section_label: html.no_section_label,
        build_dir: book.build.build_dir,
        reach: reach.to_path_buf(),
    }));
    Ok((config, warnings))
}

/// One note for each key, table, preprocessor or output crabsnake does not use: it is said,
/// and it fails nothing, since the same `book.toml` still serves mdBook.
fn unused_keys(path: &Path, text: &str) -> Vec<Diagnostic> {
    let Ok(table) = toml::de::DeTable::parse(text) else {
        return Vec::new();
    };
    let mut warnings = Vec::new();
    let mut warn = |span: std::ops::Range<usize>, message: String| {
        let (line, col) = line_col(text, span.start);
        warnings.push(Diagnostic::note(path, line, col, message));
    };
    for (key, value) in table.get_ref() {
        let name = key.get_ref().as_ref();
        match name {
            "preprocessor" => {
                for (pre, _) in sub_table(value) {
                    if !BUILTIN_PREPROCESSORS.contains(&pre.get_ref().as_ref()) {
                        warn(
                            pre.span(),
                            format!(
                                "preprocessor `{}` is not run: whatever it changes in the \
                                 chapters is missing from this build",
                                pre.get_ref()
                            ),
                        );
                    }
                }
            }
            "output" => {
                for (out, value) in sub_table(value) {
                    if out.get_ref().as_ref() == "html" {
                        check_table(&mut warn, "output.html", value);
                    } else {
                        warn(
                            out.span(),
                            format!(
                                "output `{}` is not produced: crabsnake writes the HTML site only",
                                out.get_ref()
                            ),
                        );
                    }
                }
            }
            _ if USED.iter().any(|(t, _)| *t == name) => check_table(&mut warn, name, value),
            _ => warn(
                key.span(),
                format!("`[{name}]` has no meaning for crabsnake: ignored"),
            ),
        }
    }
    warnings.sort_by_key(|d| (d.line, d.col));
    warnings
}

fn sub_table<'a, 'i>(
    value: &'a toml::Spanned<toml::de::DeValue<'i>>,
) -> Vec<(
    &'a toml::Spanned<toml::de::DeString<'i>>,
    &'a toml::Spanned<toml::de::DeValue<'i>>,
)> {
    match value.get_ref() {
        toml::de::DeValue::Table(t) => t.iter().collect(),
        _ => Vec::new(),
    }
}

/// Warns about the keys of `table` (named like `output.html`) that are not in [`USED`],
/// and looks into the used keys that are tables themselves.
fn check_table(
    warn: &mut impl FnMut(std::ops::Range<usize>, String),
    table: &str,
    value: &toml::Spanned<toml::de::DeValue<'_>>,
) {
    let used = USED
        .iter()
        .find(|(t, _)| *t == table)
        .map_or(&[][..], |(_, keys)| *keys);
    for (key, value) in sub_table(value) {
        let name = key.get_ref().as_ref();
        let full = format!("{table}.{name}");
        if !used.contains(&name) {
            warn(
                key.span(),
                format!("`{full}` is not supported by crabsnake: ignored"),
            );
        } else if USED.iter().any(|(t, _)| *t == full) {
            check_table(warn, &full, value);
        }
    }
}

/// A book's pages, in the order of its `SUMMARY.md`. Each chapter is written where its
/// source lies (`cli/init.md` -> `cli/init.html`, a `README.md` -> its folder's
/// `index.html`), and mdBook chapters have no front matter: the title comes from the
/// table of contents.
pub fn content(sandbox: &Sandbox, config: &Config, diags: &mut Diagnostics) -> Content {
    let src = config.content_dir.clone();
    let summary_rel = src.join("SUMMARY.md");
    let text = match sandbox.read_to_string(&sandbox.root().join(&summary_rel)) {
        Ok(text) => text.replace("\r\n", "\n"),
        Err(e) => {
            diags.push(Diagnostic::file_error(
                &summary_rel,
                format!("cannot read the book's table of contents: {e}"),
            ));
            return Content::default();
        }
    };
    let (entries, problems) = summary::parse(&summary_rel, &text);
    diags.extend(problems);
    let mut chapters: Vec<Page> = Vec::new();
    let mut outline = Vec::new();
    // The line each chapter is first listed on.
    let mut seen: HashMap<PathBuf, usize> = HashMap::new();
    let numbers = !config.book.as_ref().is_some_and(|b| b.no_section_label);
    for e in entries {
        let number = if numbers {
            e.number.clone()
        } else {
            String::new()
        };
        let kind = match e.kind.clone() {
            EntryKind::Part => OutlineKind::Part,
            EntryKind::Separator => OutlineKind::Separator,
            EntryKind::Draft => OutlineKind::Draft,
            EntryKind::Chapter(path) => {
                if let Some(line) = seen.get(&path) {
                    diags.push(Diagnostic::warning(
                        &summary_rel,
                        e.line,
                        e.col,
                        format!(
                            "`{}` is already listed on line {line}: this entry is left out",
                            path.display()
                        ),
                    ));
                    continue;
                }
                seen.insert(path.clone(), e.line);
                let Some(mut page) = chapter(sandbox, &src, &summary_rel, &e, path, diags) else {
                    continue;
                };
                page.numbered = Some(Numbering {
                    number: number.clone(),
                    depth: e.depth,
                });
                chapters.push(page);
                OutlineKind::Chapter(chapters.len() - 1)
            }
        };
        outline.push(OutlineItem {
            kind,
            title: e.title,
            number,
            depth: e.depth,
        });
    }
    // Without a `README.md` at the top, mdBook writes the first chapter a second time as
    // `index.html`, so that the book's address opens on it; so does crabsnake, rendered for
    // the top folder (its links are made from there), with the ids mdBook gives it.
    let home = (!chapters.iter().any(|p| p.out == "index.html"))
        .then(|| chapters.first())
        .flatten()
        .map(|first| Page {
            kind: PageKind::Home,
            out: "index.html".into(),
            numbered: None,
            ..first.clone()
        });
    Content {
        home,
        chapters,
        groups: Vec::new(),
        drafts: Vec::new(),
        group_indexes: Vec::new(),
        outline: Some(outline),
        bodies_released: true,
        // mdBook has no `fragment` attribute.
        fragments_likely: false,
    }
}

/// Names the build writes itself: a chapter may not take them.
const RESERVED_OUTPUTS: &[&str] = &["404.html", "search.html", "print.html", "search-index.js"];

/// One chapter of the table of contents, read; `None` after reporting why it cannot be.
fn chapter(
    sandbox: &Sandbox,
    src: &Path,
    summary_rel: &Path,
    e: &summary::Entry,
    path: PathBuf,
    diags: &mut Diagnostics,
) -> Option<Page> {
    let rel = src.join(&path);
    let text = match sandbox.read_to_string(&sandbox.root().join(&rel)) {
        Ok(text) => text,
        Err(err) => {
            let why = match err {
                ReadError::Io(io) if io.kind() == std::io::ErrorKind::NotFound => format!(
                    "`{}` does not exist (mdBook would create an empty file; crabsnake never \
                     writes into the sources: create it, or make the entry a draft with `()`)",
                    rel.display()
                ),
                err => format!("cannot read `{}`: {err}", rel.display()),
            };
            diags.push(Diagnostic::error(summary_rel, e.line, e.col, why));
            return None;
        }
    };
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let folder = path.parent().unwrap_or(Path::new("")).to_path_buf();
    let file = if stem.eq_ignore_ascii_case("readme") {
        "index.html".to_string()
    } else {
        format!("{stem}.html")
    };
    let out = out_path(&folder, &file);
    if RESERVED_OUTPUTS.contains(&out.as_str()) {
        diags.push(Diagnostic::error(
            summary_rel,
            e.line,
            e.col,
            format!(
                "`{}` would be written to {out}, a page the build makes itself",
                rel.display()
            ),
        ));
        return None;
    }
    Some(Page {
        kind: PageKind::Chapter,
        title: e.title.clone(),
        slug: stem,
        group: None,
        landing: false,
        out,
        numbered: None,
        source: Source {
            rel,
            content_rel: path,
            front: FrontMatter::default(),
            front_text: String::new(),
            h1: None,
            blank: text.trim().is_empty(),
            // Read again when the chapter is rendered: a big book is never held whole.
            body: String::new(),
            body_line: 0,
            whole_file: true,
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(text: &str) -> (Config, Vec<String>) {
        let (config, warnings) = parse(Path::new("book.toml"), text, Path::new("/book")).unwrap();
        (config, warnings.iter().map(|d| d.to_string()).collect())
    }

    #[test]
    fn reads_the_keys_with_a_meaning() {
        let (config, warnings) = parsed(
            "[book]\ntitle = \"T\"\ndescription = \"D\"\nlanguage = \"fr\"\nsrc = \"pages\"\n\
             [rust]\nedition = \"2021\"\n\
             [output.html]\nsite-url = \"/guide/\"\nhash-files = true\n\
             edit-url-template = \"https://x.test/edit/{path}\"\n\
             git-repository-url = \"https://x.test/repo\"\n\
             [output.html.redirect]\n\"/old.html\" = \"new.html\"\n\
             [output.html.code.hidelines]\npython = \"~\"\n",
        );
        assert_eq!(warnings, Vec::<String>::new());
        assert_eq!(config.title, "T");
        assert_eq!(config.language, "fr");
        assert_eq!(config.content_dir, Path::new("pages"));
        assert_eq!(config.site_path.as_deref(), Some("/guide/"));
        assert_eq!(config.repository.as_deref(), Some("https://x.test/repo"));
        let book = config.book.unwrap();
        assert_eq!(book.edition.as_deref(), Some("2021"));
        assert_eq!(book.redirects, [("/old.html".into(), "new.html".into())]);
        assert_eq!(book.hidelines["python"], "~");
    }

    #[test]
    fn every_unused_key_is_one_warning_with_its_line() {
        let (_, warnings) = parsed(
            "[book]\ntitle = \"T\"\nauthors = [\"A\"]\n\
             [preprocessor.links]\n[preprocessor.katex]\n\
             [output.html]\nmathjax-support = true\n[output.html.search]\nlimit-results = 5\n\
             [output.linkcheck]\n[custom]\nx = 1\n",
        );
        assert_eq!(
            warnings,
            [
                "book.toml:3:1: note: `book.authors` is not supported by crabsnake: ignored",
                "book.toml:5:15: note: preprocessor `katex` is not run: whatever it changes in the chapters is missing from this build",
                "book.toml:7:1: note: `output.html.mathjax-support` is not supported by crabsnake: ignored",
                "book.toml:8:14: note: `output.html.search` is not supported by crabsnake: ignored",
                "book.toml:10:9: note: output `linkcheck` is not produced: crabsnake writes the HTML site only",
                "book.toml:11:2: note: `[custom]` has no meaning for crabsnake: ignored",
            ]
        );
    }

    #[test]
    fn a_wrong_type_is_an_error_at_its_value() {
        let e = parse(
            Path::new("book.toml"),
            "[book]\ntitle = 3\n",
            Path::new("/b"),
        )
        .unwrap_err();
        assert!(e.to_string().starts_with("book.toml:2:9: error"), "{e}");
    }
}
