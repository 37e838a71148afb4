//! The site-wide link check: after every page is rendered, each internal link (in Markdown
//! and in decision tables) must name a page that exists and, with a `#fragment`, an id on
//! that page. Every broken link is reported at once, with the nearest page or anchor.

use std::collections::{BTreeSet, HashMap};
use std::path::Path;

use crate::content::{Content, PageUrls};
use crate::error::Diagnostic;
use crate::markdown::InternalLink;
use crate::render::RenderedPage;

/// A link to check, with the file it is written in and the folder (relative to the
/// content folder) its links are read from.
struct LinkSite<'a> {
    file: &'a Path,
    dir: &'a Path,
    link: InternalLink,
}

/// Checks every internal link of the site against the pages and ids that exist.
pub fn check(rendered: &[RenderedPage], urls: &PageUrls, content: &Content) -> Vec<Diagnostic> {
    let ids: HashMap<&Path, &BTreeSet<String>> = rendered
        .iter()
        .map(|r| (r.page.source.content_rel.as_path(), &r.rendered.ids))
        .collect();
    all_links(rendered)
        .into_iter()
        .filter_map(|LinkSite { file, dir, link }| {
            problem(&link, dir, urls, &ids, content)
                .map(|message| Diagnostic::error(file, link.line, link.col, message))
        })
        .collect()
}

/// Every internal link of the site: those in Markdown and those in decision tables.
fn all_links<'a>(rendered: &'a [RenderedPage]) -> Vec<LinkSite<'a>> {
    let mut sites = Vec::new();
    for r in rendered {
        let dir = r.page.source.content_rel.parent().unwrap_or(Path::new(""));
        sites.extend(r.rendered.links.iter().map(|l| LinkSite {
            file: &r.page.source.rel,
            dir,
            link: l.clone(),
        }));
        if let Some(t) = &r.decision {
            sites.extend(t.internal_links().into_iter().map(|link| LinkSite {
                file: &t.rel,
                dir,
                link,
            }));
        }
    }
    sites
}

/// `to` (relative to the content folder) as a link written in `dir`: `../a.md` from `g/`.
fn relative(dir: &Path, to: &Path) -> String {
    let (from, to): (Vec<_>, Vec<_>) = (dir.components().collect(), to.components().collect());
    let shared = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
    let mut parts: Vec<String> = vec!["..".to_string(); from.len() - shared];
    parts.extend(
        to[shared..]
            .iter()
            .map(|c| c.as_os_str().to_string_lossy().into_owned()),
    );
    parts.join("/")
}

/// What is wrong with one link, if anything.
fn problem(
    link: &InternalLink,
    dir: &Path,
    urls: &PageUrls,
    ids: &HashMap<&Path, &BTreeSet<String>>,
    content: &Content,
) -> Option<String> {
    let target = link.page.as_ref().filter(|p| urls.contains_key(*p));
    match (target, &link.fragment) {
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
            // A page with the same file name elsewhere (a link missing its `../`), else the
            // nearest path.
            let guess = link.page.as_ref().and_then(|p| {
                let same_name = urls
                    .keys()
                    .filter(|k| k.file_name() == p.file_name())
                    .map(|k| k.to_string_lossy().into_owned())
                    .min();
                same_name.or_else(|| {
                    closest(
                        &p.to_string_lossy(),
                        urls.keys().map(|k| k.to_string_lossy().into_owned()),
                    )
                })
            });
            // Said the way the author writes it: from the linking page's folder.
            let hint = guess
                .map(|g| format!("; did you mean {}?", relative(dir, Path::new(&g))))
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_links_climb_out_of_the_linking_folder() {
        let rel = |dir: &str, to: &str| relative(Path::new(dir), Path::new(to));
        assert_eq!(rel("", "a.md"), "a.md");
        assert_eq!(rel("g", "a.md"), "../a.md");
        assert_eq!(rel("g", "g/b.md"), "b.md");
        assert_eq!(rel("g/h", "g/k/c.md"), "../k/c.md");
        assert_eq!(rel("", "g/b.md"), "g/b.md");
    }
}
