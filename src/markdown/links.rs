//! Links between chapters: `other.md#anchor`, `#anchor` and `../group/other.md` become the
//! output URLs, and each is recorded with its position for the site-wide check.

use std::path::{Component, Path, PathBuf};

use pulldown_cmark::{CowStr, Event, Tag};

use super::{InternalLink, RenderContext, Rendered, Spanned};
use crate::error::Diagnostic;

/// True for links that leave the site: `https:`, `mailto:`, `//host`.
pub fn is_external(dest: &str) -> bool {
    if dest.starts_with("//") {
        return true;
    }
    match dest.find(':') {
        Some(i) => {
            let scheme = &dest[..i];
            !scheme.is_empty()
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        }
        None => false,
    }
}

/// The scheme of a URL that would run code or smuggle a document when a reader follows it
/// (`javascript:`, `vbscript:`, `data:`), read the way browsers read it: case-insensitive,
/// after dropping leading spaces and control characters and any tab or newline inside.
pub fn refused_scheme(dest: &str) -> Option<&'static str> {
    let cleaned: String = dest
        .trim_start_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .take(16)
        .collect::<String>()
        .to_ascii_lowercase();
    ["javascript:", "vbscript:", "data:"]
        .into_iter()
        .find(|s| cleaned.starts_with(s))
}

/// The message for a link with a [`refused_scheme`].
pub fn refused_message(scheme: &str) -> String {
    format!(
        "`{scheme}` URLs are not allowed in links: they run code or open a document of the \
         link's own making in the reader's browser; link to a page or an https: address"
    )
}

/// Decodes `%XX` escapes in a link's path (`a%20b.md` names `a b.md`).
pub fn percent_decode(s: &str) -> String {
    percent_encoding::percent_decode_str(s)
        .decode_utf8_lossy()
        .into_owned()
}

/// Resolves `target` (relative to the directory of `from`) inside `content/`.
pub fn normalize(from: &Path, target: &str) -> Option<PathBuf> {
    let mut parts: Vec<String> = from
        .parent()
        .map(|p| {
            p.components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    for c in Path::new(target).components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                parts.pop()?;
            }
            Component::Normal(n) => parts.push(n.to_string_lossy().into_owned()),
            Component::RootDir | Component::Prefix(_) => return None,
        }
    }
    Some(parts.iter().collect())
}

impl InternalLink {
    /// A link as written in `from` (relative to `content/`): `page.md#frag`, `#frag`, `page.md`.
    pub fn parse(from: &Path, written: &str, line: usize, col: usize) -> InternalLink {
        let (before, fragment) = match written.split_once('#') {
            Some((p, f)) => (p, Some(f.to_string())),
            None => (written, None),
        };
        let path = before.split('?').next().unwrap_or_default();
        let page = if path.is_empty() {
            Some(from.to_path_buf())
        } else {
            normalize(from, &percent_decode(path))
        };
        InternalLink {
            page,
            fragment,
            written: written.to_string(),
            line,
            col,
        }
    }
}

/// Rewrites Markdown links to `.md` files and records every internal link.
pub(super) fn rewrite<'a>(
    events: Vec<Spanned<'a>>,
    body: &str,
    ctx: &RenderContext,
    out: &mut Rendered,
) -> Vec<Spanned<'a>> {
    events
        .into_iter()
        .map(|(event, range)| match event {
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let (line, col) = ctx.position(body, range.start);
                let dest_url = match record(&dest_url, ctx, line, col, out) {
                    Some(url) => CowStr::from(url),
                    None => dest_url,
                };
                (
                    Event::Start(Tag::Link {
                        link_type,
                        dest_url,
                        title,
                        id,
                    }),
                    range,
                )
            }
            other => (other, range),
        })
        .collect()
}

/// Records an internal link; returns the rewritten URL when it changes.
fn record(
    dest: &str,
    ctx: &RenderContext,
    line: usize,
    col: usize,
    out: &mut Rendered,
) -> Option<String> {
    if let Some(scheme) = refused_scheme(dest) {
        out.diagnostics.push(Diagnostic::error(
            ctx.rel,
            line,
            col,
            refused_message(scheme),
        ));
        return None;
    }
    if is_external(dest) || dest.is_empty() {
        return None;
    }
    let before = dest.split('#').next().unwrap_or_default();
    let (path, query) = match before.split_once('?') {
        Some((p, q)) => (p, Some(q)),
        None => (before, None),
    };
    if !path.is_empty() && !path.to_ascii_lowercase().ends_with(".md") {
        // A static file or an output URL written by hand: left as written.
        return None;
    }
    let link = InternalLink::parse(ctx.content_rel, dest, line, col);
    let url = if path.is_empty() {
        None
    } else {
        link.page
            .as_ref()
            .and_then(|p| ctx.pages.get(p))
            .map(|name| {
                let mut url = crate::content::relative_url(ctx.here, name);
                if let Some(q) = query {
                    url.push('?');
                    url.push_str(q);
                }
                if let Some(f) = &link.fragment {
                    url.push('#');
                    url.push_str(f);
                }
                url
            })
    };
    out.links.push(link);
    url
}
