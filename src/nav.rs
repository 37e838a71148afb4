//! Reading order as readers move through it: the sidebar (chapters in order, grouped) and
//! the previous/next links of each page.

use std::collections::HashMap;

use crate::content::{Content, OutlineItem, OutlineKind, Page, PageKind};
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

/// The sidebar: chapters in reading order, grouped (a site) or nested as the outline says (a
/// book), with `current` set for one page.
pub fn sidebar(content: &Content, current: Option<&Page>) -> Vec<NavEntry> {
    if let Some(outline) = &content.outline {
        return outline_entries(content, outline, current);
    }
    let mut entries: Vec<NavEntry> = Vec::new();
    let mut group_at: HashMap<usize, usize> = HashMap::new();
    for p in &content.chapters {
        let entry = NavEntry {
            kind: "page",
            title: p.title.clone(),
            url: p.output_name(),
            number: String::new(),
            current: current.is_some_and(|c| c.out == p.out),
            children: Vec::new(),
            opens: false,
            closes: 0,
        };
        match p.group {
            Some(g) => {
                let at = *group_at.entry(g).or_insert_with(|| {
                    entries.push(NavEntry {
                        kind: "group",
                        title: content.groups[g].title.clone(),
                        url: String::new(),
                        number: String::new(),
                        current: false,
                        children: Vec::new(),
                        opens: false,
                        closes: 0,
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

/// A book's outline as one flat list of entries, each saying whether the entries after it
/// go in a list inside it (`opens`) and how many such lists end after it (`closes`): a
/// template can then nest to any depth with one loop (Tera's macros cannot recurse from an
/// included template).
fn outline_entries(
    content: &Content,
    outline: &[OutlineItem],
    current: Option<&Page>,
) -> Vec<NavEntry> {
    // Depths as the lists can hold them: at most one deeper than the entry before.
    let mut depths = Vec::with_capacity(outline.len());
    let mut previous: Option<usize> = None;
    for item in outline {
        let depth = match (&item.kind, previous) {
            (OutlineKind::Part | OutlineKind::Separator, _) | (_, None) => 0,
            (_, Some(p)) => item.depth.min(p + 1),
        };
        depths.push(depth);
        previous = Some(depth);
    }
    let mut entries = Vec::with_capacity(outline.len());
    for (i, item) in outline.iter().enumerate() {
        let mut e = match &item.kind {
            OutlineKind::Part => entry("part", &item.title, String::new(), ""),
            OutlineKind::Separator => entry("separator", "", String::new(), ""),
            OutlineKind::Draft => entry("draft", &item.title, String::new(), &item.number),
            OutlineKind::Chapter(c) => {
                let p = &content.chapters[*c];
                let mut e = entry("page", &p.title, p.output_name(), &item.number);
                e.current = current.is_some_and(|c| c.out == p.out);
                e
            }
        };
        let next = depths.get(i + 1).copied().unwrap_or(0);
        e.opens = next > depths[i];
        e.closes = depths[i].saturating_sub(next);
        entries.push(e);
    }
    entries
}

fn entry(kind: &'static str, title: &str, url: String, number: &str) -> NavEntry {
    NavEntry {
        kind,
        title: title.to_string(),
        url,
        number: number.to_string(),
        current: false,
        children: Vec::new(),
        opens: false,
        closes: 0,
    }
}

/// The pages before and after `page` in reading order (home, then the chapters).
pub fn prev_next(content: &Content, page: &Page) -> (Option<NavLink>, Option<NavLink>) {
    let order = &content.chapters;
    if page.kind == PageKind::Home {
        return (None, order.first().map(link_to));
    }
    let Some(i) = order.iter().position(|p| p.out == page.out) else {
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
