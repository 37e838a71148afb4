//! `site.toml`: the site's settings, parsed into a typed [`Config`].
//! Unknown keys and wrong types are errors naming `site.toml:LINE:COL`.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::{Diagnostic, line_col};
use crate::files::Sandbox;

/// The site's settings, as written in `site.toml`.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Shown in the header and in every page's `<title>`.
    pub title: String,
    /// The default `<meta name="description">` for pages without their own.
    #[serde(default)]
    pub description: String,
    /// Where the site is published (`https://user.github.io/repo/`): the sitemap, canonical
    /// links and link previews need absolute URLs. Links between pages stay relative.
    #[serde(default)]
    pub base_url: String,
    /// An image for link previews (Open Graph, Twitter cards), as a path in the built site
    /// (`social.png` for `static/social.png`).
    #[serde(default)]
    pub social_image: Option<String>,
    /// The repository, for "edit this page" links: `{repo_url}/edit/main/content/...`.
    #[serde(default)]
    pub repo_url: Option<String>,
    /// The `lang` attribute of every page.
    #[serde(default = "default_language")]
    pub language: String,
    /// When true, every `rust` and `python` code block must be included from a verified
    /// file or marked as a parsing fragment (see CONTRIBUTING.md).
    #[serde(default)]
    pub verify_snippets: bool,
    /// Hidden files or folders under `static/` to publish (`.nojekyll`, `.well-known`);
    /// every other name starting with `.` is left out, so `.env` or `.git/` never ship.
    #[serde(default, skip_serializing)]
    pub static_dotfiles: Vec<PathBuf>,
    /// The folder of the chapters, relative to the root: `content` for a site, the book's
    /// `src` for an mdBook book.
    #[serde(skip, default = "default_content_dir")]
    pub content_dir: PathBuf,
    /// The path the site is served under (`/guide/`) when no absolute `base_url` is known
    /// (a book's `site-url`): the not-found page resolves its links from there.
    #[serde(skip_deserializing)]
    pub site_path: Option<String>,
    /// The source repository's web address, linked from every page's footer (a book's
    /// `git-repository-url`).
    #[serde(skip_deserializing)]
    pub repository: Option<String>,
    /// What a book's `book.toml` says beyond a site's settings; `None` for a site.
    #[serde(skip)]
    pub book: Option<Box<crate::book::BookSettings>>,
}

fn default_content_dir() -> PathBuf {
    PathBuf::from("content")
}

fn default_language() -> String {
    "en".to_string()
}

/// The file name looked for in the site's root directory.
pub const FILE_NAME: &str = "site.toml";

/// Reads and parses the site's `site.toml`.
pub fn load(sandbox: &Sandbox) -> Result<Config, Diagnostic> {
    let text = sandbox
        .read_to_string(&sandbox.root().join(FILE_NAME))
        .map_err(|e| {
            Diagnostic::file_error(FILE_NAME, format!("cannot read the site's settings: {e}"))
        })?;
    parse(Path::new(FILE_NAME), &text)
}

/// Used when `site.toml` is broken, so the rest of the input is still checked.
pub fn fallback() -> Config {
    Config {
        title: String::new(),
        description: String::new(),
        base_url: String::new(),
        social_image: None,
        repo_url: None,
        language: default_language(),
        verify_snippets: false,
        static_dotfiles: Vec::new(),
        content_dir: default_content_dir(),
        site_path: None,
        repository: None,
        book: None,
    }
}

/// Parses the text of a `site.toml`; `path` names it in messages.
pub fn parse(path: &Path, text: &str) -> Result<Config, Diagnostic> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let config: Config = toml::from_str(text).map_err(|e| toml_diagnostic(path, text, &e, 0))?;
    check_repo_url(path, text)?;
    Ok(config)
}

/// `repo_url` becomes a link on every page: it must be a web address.
fn check_repo_url(path: &Path, text: &str) -> Result<(), Diagnostic> {
    #[derive(Deserialize)]
    struct Spans {
        repo_url: Option<toml::Spanned<String>>,
    }
    let Ok(Spans {
        repo_url: Some(url),
    }) = toml::from_str::<Spans>(text)
    else {
        return Ok(());
    };
    let lower = url.get_ref().trim().to_ascii_lowercase();
    if lower.starts_with("https://") || lower.starts_with("http://") {
        return Ok(());
    }
    let (line, col) = line_col(text, url.span().start);
    Err(Diagnostic::error(
        path,
        line,
        col,
        format!(
            "repo_url `{}` must be an https:// (or http://) address: it becomes the \
             \"Edit this page\" link of every page",
            url.get_ref()
        ),
    ))
}

/// Turns a TOML error into a diagnostic at its position; `line_offset` is added to the line
/// (front matter starts below the `+++` line of its file).
pub fn toml_diagnostic(
    path: &Path,
    text: &str,
    e: &toml::de::Error,
    line_offset: usize,
) -> Diagnostic {
    let (line, col) = e.span().map_or((1, 1), |span| line_col(text, span.start));
    // serde names Rust types; a contributor writing TOML thinks in TOML's.
    let message = e
        .message()
        .trim()
        .replace("expected i64", "expected an integer")
        .replace("expected u64", "expected a whole number")
        .replace("expected a boolean", "expected true or false");
    Diagnostic::error(path, line + line_offset, col, message)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_a_full_config() {
        let c = parse(
            Path::new("site.toml"),
            "title = \"T\"\ndescription = \"D\"\nbase_url = \"https://x.test/guide/\"\nrepo_url = \"https://git.test/r\"\nlanguage = \"fr\"\n",
        )
        .unwrap();
        assert_eq!(c.title, "T");
        assert_eq!(c.language, "fr");
        assert_eq!(c.repo_url.as_deref(), Some("https://git.test/r"));
    }

    #[test]
    fn language_defaults_to_english() {
        let c = parse(Path::new("site.toml"), "title = \"T\"").unwrap();
        assert_eq!(c.language, "en");
        assert!(!c.verify_snippets);
    }

    #[test]
    fn errors_on_unknown_key_with_line_and_column() {
        let e = parse(Path::new("site.toml"), "title = \"T\"\ntitel = \"typo\"\n").unwrap_err();
        assert_eq!((e.line, e.col), (2, 1));
        assert!(e.message.contains("unknown field `titel`"), "{}", e.message);
    }

    #[test]
    fn errors_on_wrong_type() {
        let e = parse(Path::new("site.toml"), "title = 3\n").unwrap_err();
        assert_eq!(e.line, 1);
        assert!(e.message.contains("string"), "{}", e.message);
        let e = parse(
            Path::new("site.toml"),
            "title = \"T\"\nverify_snippets = \"yes\"\n",
        )
        .unwrap_err();
        assert!(
            e.message.contains("expected true or false"),
            "{}",
            e.message
        );
    }
}
