//! Heading ids (slugified, unique, `{#custom}` respected), the hover/focus self-link, and the
//! "On this page" entries.

use std::collections::{BTreeSet, HashMap};

use pulldown_cmark::{CowStr, Event, HeadingLevel, Tag, TagEnd};

use super::{RenderContext, Rendered, Spanned, TocEntry};
use crate::error::Diagnostic;
use crate::highlight::escape_html;

/// A heading's text as an id: lower case; letters, digits, `-` and `_` kept; spaces become
/// `-`; other punctuation dropped.
pub fn slugify(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if c.is_alphanumeric() || c == '_' {
            out.extend(c.to_lowercase());
        } else if (c.is_whitespace() || c == '-') && !out.ends_with('-') {
            out.push('-');
        }
    }
    let out = out.trim_matches('-').to_string();
    if out.is_empty() {
        "section".to_string()
    } else {
        out
    }
}

/// A heading's id as mdBook 0.5 makes it, so that every link into a published book keeps
/// working: the trimmed text in lower case; letters, digits, `_` and `-` kept; each
/// whitespace character becomes `-` (none are merged); everything else dropped. A heading
/// with nothing left gets `section`, as mdBook's next release does (0.5.4 leaves the id
/// empty, which no link can reach).
pub fn mdbook_id(text: &str) -> String {
    let id: String = text
        .trim()
        .to_lowercase()
        .chars()
        .filter_map(|c| {
            if c.is_alphanumeric() || c == '_' || c == '-' {
                Some(c)
            } else if c.is_whitespace() {
                Some('-')
            } else {
                None
            }
        })
        .collect();
    if id.is_empty() { "section".into() } else { id }
}

/// Gives every heading a unique id and a self-link; records the table of contents.
/// A repeated or reserved `{#custom}` id is an error at its heading.
pub(super) fn assign_ids<'a>(
    events: Vec<Spanned<'a>>,
    body: &str,
    ctx: &RenderContext,
    out: &mut Rendered,
) -> Vec<Spanned<'a>> {
    // Custom ids are claimed first so that a generated id never takes one an author chose.
    // A book numbers its ids as mdBook does instead: one pass in order, where an author's id
    // claims nothing, so the same headings get the same ids as in mdBook.
    let mdbook = ctx.book.is_some();
    let mut used: BTreeSet<String> = if mdbook {
        BTreeSet::new()
    } else {
        ctx.reserved_ids.clone()
    };
    let mut explicit: BTreeSet<String> = BTreeSet::new();
    let mut next_suffix: HashMap<String, usize> = HashMap::new();
    let mut first_line: HashMap<String, usize> = HashMap::new();
    for (e, range) in &events {
        if let Event::Start(Tag::Heading { id: Some(id), .. }) = e {
            let (line, col) = ctx.position(body, range.start);
            let claimed = if mdbook {
                explicit.insert(id.to_string())
            } else {
                used.insert(id.to_string())
            };
            if claimed {
                first_line.insert(id.to_string(), line);
                continue;
            }
            let why = match first_line.get(id.as_ref()) {
                Some(first) => format!("is already used on line {first}"),
                None => "is used by the page template".to_string(),
            };
            out.diagnostics.push(Diagnostic::error(
                ctx.rel,
                line,
                col,
                format!("heading id `{id}` {why}"),
            ));
        }
    }
    let mut result = Vec::with_capacity(events.len() + 8);
    // Levels every heading after the title moves up by, and the highest they may reach: set
    // at the first heading (see `RenderContext::title`).
    let (mut raise, mut highest) = (0, 1);
    let mut first = true;
    let mut i = 0;
    while i < events.len() {
        let (event, range) = &events[i];
        // mdBook gives a definition list's terms ids too, from the same counter.
        if mdbook
            && matches!(event, Event::Start(Tag::DefinitionListTitle))
            && let Some(end) = events[i..]
                .iter()
                .position(|(e, _)| matches!(e, Event::End(TagEnd::DefinitionListTitle)))
                .map(|n| i + n)
        {
            let id = unique(
                mdbook_id(&plain_text(&events[i + 1..end])),
                &mut used,
                &mut next_suffix,
            );
            out.ids.insert(id.clone());
            let open = format!("<dt id=\"{}\">", escape_html(&id));
            result.push((Event::Html(CowStr::from(open)), range.clone()));
            result.extend(events[i + 1..end].iter().cloned());
            result.push((Event::Html(CowStr::from("</dt>\n")), events[end].1.clone()));
            i = end + 1;
            continue;
        }
        let Event::Start(Tag::Heading {
            level,
            id,
            classes,
            attrs,
        }) = event
        else {
            result.push(events[i].clone());
            i += 1;
            continue;
        };
        let Some(end) = events[i..]
            .iter()
            .position(|(e, _)| matches!(e, Event::End(TagEnd::Heading(_))))
            .map(|n| i + n)
        else {
            // pulldown-cmark closes every heading; without its end there is nothing to wrap.
            result.extend(events[i..].iter().cloned());
            break;
        };
        let title = plain_text(&events[i + 1..end]);
        let id = match id {
            Some(id) => id.to_string(),
            None if mdbook => {
                let id = unique(mdbook_id(&title), &mut used, &mut next_suffix);
                if ctx.reserved_ids.contains(&id) {
                    // Kept, so links into the published book still work; said, since the
                    // page now has two elements with this id.
                    let (line, col) = ctx.position(body, range.start);
                    out.diagnostics.push(Diagnostic::warning(
                        ctx.rel,
                        line,
                        col,
                        format!(
                            "heading id `{id}` (mdBook's id for this heading) is also used by \
                             the page template: `#{id}` may lead to the template's element; \
                             give the heading another id with `{{#...}}`"
                        ),
                    ));
                }
                id
            }
            None => unique(slugify(&title), &mut used, &mut next_suffix),
        };
        let level = if std::mem::take(&mut first)
            && *level > HeadingLevel::H1
            && ctx.title.is_some_and(|t| t.trim() == title.trim())
        {
            (raise, highest) = (*level as usize - 1, 2);
            &HeadingLevel::H1
        } else {
            &HeadingLevel::try_from((*level as usize).saturating_sub(raise).max(highest))
                .unwrap_or(*level)
        };
        if *level == HeadingLevel::H1 {
            out.has_h1 = true;
        }
        if matches!(level, HeadingLevel::H2 | HeadingLevel::H3) {
            out.toc.push(TocEntry {
                level: *level as u8,
                id: id.clone(),
                title: title.clone(),
            });
        }
        out.ids.insert(id.clone());
        result.push((
            Event::Start(Tag::Heading {
                level: *level,
                id: Some(CowStr::from(id.clone())),
                classes: classes.clone(),
                attrs: attrs.clone(),
            }),
            range.clone(),
        ));
        result.extend(events[i + 1..end].iter().cloned());
        let link = format!(
            "<a class=\"anchor\" href=\"#{id}\" aria-label=\"Link to this section: {}\">#</a>",
            escape_html(&title),
            id = escape_html(&id)
        );
        result.push((Event::InlineHtml(CowStr::from(link)), range.clone()));
        result.push((Event::End(TagEnd::Heading(*level)), events[end].1.clone()));
        i = end + 1;
    }
    result
}

/// `base`, or else `base-1`, `base-2`, ...: the first one not used yet. The count goes on
/// from where it stopped for the same base, so 50,000 equal headings stay linear.
fn unique(base: String, used: &mut BTreeSet<String>, next: &mut HashMap<String, usize>) -> String {
    let n = next.entry(base.clone()).or_insert(1);
    let mut id = base.clone();
    while used.contains(&id) {
        id = format!("{base}-{n}");
        *n += 1;
    }
    used.insert(id.clone());
    id
}

/// The text of inline events, as a reader sees it.
pub(super) fn plain_text(events: &[Spanned]) -> String {
    let mut s = String::new();
    for (e, _) in events {
        match e {
            Event::Text(t) | Event::Code(t) => s.push_str(t),
            Event::SoftBreak | Event::HardBreak => s.push(' '),
            _ => {}
        }
    }
    s.trim().to_string()
}

/// Ids written in raw HTML (`<div id="x">`) are link targets too.
pub(super) fn collect_raw_html_ids(events: &[Spanned], ids: &mut BTreeSet<String>) {
    for (e, _) in events {
        if let Event::Html(h) | Event::InlineHtml(h) = e {
            let mut rest: &str = h;
            while let Some(i) = rest.find(" id=\"") {
                rest = &rest[i + 5..];
                if let Some(end) = rest.find('"') {
                    ids.insert(rest[..end].to_string());
                    rest = &rest[end..];
                }
            }
        }
    }
}
