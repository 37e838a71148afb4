//! The site-wide link check: after every page is rendered, each internal link (in Markdown
//! and in decision tables) must name a page that exists and, with a `#fragment`, an id on
//! that page. Every broken link is reported at once, with the nearest page or anchor.

use std::collections::{BTreeSet, HashMap};
use std::path::Path;

use crate::content::{Content, PageUrls};
use crate::error::Diagnostic;
use crate::markdown::InternalLink;
use crate::render::RenderedPage;

/// A link to check, with the file it is written in.
struct LinkSite<'a> {
    file: &'a Path,
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
        .filter_map(|LinkSite { file, link }| {
            problem(&link, urls, &ids, content)
                .map(|message| Diagnostic::error(file, link.line, link.col, message))
        })
        .collect()
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
                t.internal_links()
                    .into_iter()
                    .map(|link| LinkSite { file: &t.rel, link }),
            );
        }
    }
    sites
}

/// What is wrong with one link, if anything.
fn problem(
    link: &InternalLink,
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
            let guess = link.page.as_ref().and_then(|p| {
                closest(
                    &p.to_string_lossy(),
                    urls.keys().map(|k| k.to_string_lossy().into_owned()),
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
