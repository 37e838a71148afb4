//! Reading order as readers move through it: the sidebar (chapters in order, grouped) and
//! the previous/next links of each page.

use std::collections::HashMap;

use crate::content::{Content, Page, PageKind};
use crate::templates::{NavEntry, NavLink};

/// From this many chapters on, the sidebar is one shared `nav.js` instead of part of every
/// page. Each entry costs about 90 bytes of HTML; at 100 chapters the list is as large as a
/// typical chapter's own text, and beyond it a repeated list would make every page, and the
/// whole book, grow with the number of chapters (a 10,000-chapter book would write gigabytes).
/// Below it the list stays in the page: no extra request, and it works without JavaScript.
pub const SHARED_FROM: usize = 100;

/// Whether this book's sidebar is shared (see [`SHARED_FROM`]).
pub fn is_shared(content: &Content) -> bool {
    content.chapters.len() >= SHARED_FROM
}

/// The sidebar: chapters in reading order, grouped, with `current` set for one page.
pub fn sidebar(content: &Content, current: Option<&Page>) -> Vec<NavEntry> {
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
                if p.landing {
                    // The group's title is the link to its landing page.
                    entries[at].url = entry.url;
                } else {
                    entries[at].children.push(entry);
                }
            }
            None => entries.push(entry),
        }
    }
    entries
}

/// The pages before and after `page` in reading order (home, then the chapters).
pub fn prev_next(content: &Content, page: &Page) -> (Option<NavLink>, Option<NavLink>) {
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

/// Every chapter in reading order, for the home page's contents.
pub fn chapters(content: &Content) -> Vec<NavLink> {
    content.chapters.iter().map(link_to).collect()
}

pub fn link_to(p: &Page) -> NavLink {
    NavLink {
        title: p.title.clone(),
        url: p.output_name(),
    }
}
