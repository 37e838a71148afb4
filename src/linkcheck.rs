//! The site-wide link check: after every page is rendered, each internal link (in Markdown
//! and in decision tables) must name a page that exists and, with a `#fragment`, an id on
//! that page. Every broken link is reported at once, with the nearest page or anchor.

use std::collections::{BTreeSet, HashMap};
use std::path::Path;

use crate::content::{Content, PageUrls};
use crate::error::Diagnostic;
use crate::markdown::{InternalLink, Rendered};
use crate::render::PageFacts;

/// Checks a page's links as soon as it is rendered, against the pages that exist and the
/// page's own ids. Only a link to an anchor on another page waits in `rendered.links` for
/// [`check`]: a big book has a hundred thousand links, and most need nothing more.
pub fn check_page(
    file: &Path,
    content_rel: &Path,
    rendered: &mut Rendered,
    urls: &PageUrls,
    content: &Content,
) -> Vec<Diagnostic> {
    let dir = content_rel.parent().unwrap_or(Path::new(""));
    let own = HashMap::from([(content_rel, &rendered.ids)]);
    let mut problems = Vec::new();
    let mut waiting = Vec::new();
    for link in std::mem::take(&mut rendered.links) {
        let elsewhere = link
            .page
            .as_deref()
            .is_some_and(|p| p != content_rel && urls.contains_key(p));
        if link.fragment.is_some() && elsewhere {
            waiting.push(link);
        } else if let Some(message) = problem(&link, dir, urls, &own, content) {
            problems.push(Diagnostic::error(file, link.line, link.col, message));
        }
    }
    rendered.links = waiting;
    problems
}

/// Checks the links left for when every page is rendered (anchors on other pages, see
/// [`check_page`]) and those of decision tables, against the pages and ids that exist.
///
/// Links are checked where they are kept, page by page, not copied into one list.
pub fn check(rendered: &[PageFacts], urls: &PageUrls, content: &Content) -> Vec<Diagnostic> {
    let ids: HashMap<&Path, &BTreeSet<String>> = rendered
        .iter()
        .map(|r| (r.page.source.content_rel.as_path(), &r.ids))
        .collect();
    let mut problems = Vec::new();
    for r in rendered {
        // The folder (relative to the content folder) the page's links are read from.
        let dir = r.page.source.content_rel.parent().unwrap_or(Path::new(""));
        let mut report = |file: &Path, link: &InternalLink| {
            if let Some(message) = problem(link, dir, urls, &ids, content) {
                problems.push(Diagnostic::error(file, link.line, link.col, message));
            }
        };
        for link in &r.links {
            report(&r.page.source.rel, link);
        }
        if let Some(t) = &r.decision {
            for link in t.internal_links() {
                report(&t.rel, &link);
            }
        }
    }
    problems
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
    fn only_anchors_on_other_pages_wait_for_every_page() {
        let here = Path::new("g/a.md");
        let urls: PageUrls = [("g/a.md", "g/a.html"), ("b.md", "b.html")]
            .into_iter()
            .map(|(k, v)| (k.into(), v.to_string()))
            .collect();
        let mut rendered = Rendered {
            ids: BTreeSet::from(["intro".to_string()]),
            ..Default::default()
        };
        rendered.links = ["../b.md", "../b.md#later", "#intro", "#nope", "../c.md"]
            .iter()
            .enumerate()
            .map(|(i, w)| InternalLink::parse(here, w, i + 1, 1))
            .collect();
        let problems = check_page(
            Path::new("content/g/a.md"),
            here,
            &mut rendered,
            &urls,
            &Content::default(),
        );
        let said: Vec<(usize, &str)> = problems
            .iter()
            .map(|d| (d.line, d.message.as_str()))
            .collect();
        assert_eq!(said.len(), 2, "{said:?}");
        assert!(said[0].0 == 4 && said[0].1.contains("missing anchor #nope"));
        assert!(said[1].0 == 5 && said[1].1.contains("missing page ../c.md"));
        let waiting: Vec<&str> = rendered.links.iter().map(|l| l.written.as_str()).collect();
        assert_eq!(waiting, ["../b.md#later"]);
    }

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
