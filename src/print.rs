//! The print edition, `print.html`: every page's body in reading order on one page. Each
//! page becomes a `<section id="SLUG">`; every id inside it gets the page's slug in front
//! (`SLUG--id`), so ids stay unique, and every link to a page of the site, or to an anchor
//! in one, is rewritten to point inside the print edition.

use std::collections::HashMap;

use crate::highlight::escape_html;

/// Books with more chapters get no print edition: one page of a whole big book is more than
/// a browser prints usefully (250 generated chapters already make a 2 MB page), and it is the
/// one file that holds every page at once, which a big build would pay for in time and memory.
pub const MAX_CHAPTERS: usize = 250;

/// Where each page of the site is in the print edition: output file name -> section id.
pub struct Sections {
    ids: HashMap<String, String>,
}

impl Sections {
    /// `pages`: every page's output file name (`intro.html`, `index.html`), in any order.
    pub fn new<'a>(pages: impl IntoIterator<Item = &'a str>) -> Self {
        let ids = pages
            .into_iter()
            .map(|name| (name.to_string(), section_id(name)))
            .collect();
        Sections { ids }
    }

    /// The section of one page: its body with ids and links rewritten, under its title.
    pub fn section(&self, name: &str, title: &str, has_h1: bool, body: &str) -> String {
        let id = section_id(name);
        let mut out = format!("<section class=\"print-chapter\" id=\"{id}\">\n");
        if !has_h1 {
            out.push_str(&format!("<h1>{}</h1>\n", escape_html(title)));
        }
        out.push_str(&self.rewrite(&id, body));
        out.push_str("</section>\n");
        out
    }

    /// Rewrites the `id`, `href` and `src` attributes of one page's HTML (as the Markdown
    /// renderer writes them: double-quoted, after a space).
    fn rewrite(&self, own: &str, html: &str) -> String {
        let mut out = String::with_capacity(html.len() + html.len() / 16);
        let mut rest = html;
        while let Some((at, attr)) = next_attribute(rest) {
            let value_start = at + attr.len();
            let Some(len) = rest[value_start..].find('"') else {
                break;
            };
            out.push_str(&rest[..value_start]);
            let value = &rest[value_start..value_start + len];
            let new = match attr {
                " id=\"" => format!("{own}--{value}"),
                " src=\"" => from_root(own, value),
                _ => self.link(own, value),
            };
            out.push_str(&new);
            rest = &rest[value_start + len..];
        }
        out.push_str(rest);
        out
    }

    /// A link inside the print edition, or the link unchanged when it leaves the site's
    /// pages (another site, an image, a file).
    fn link(&self, own: &str, href: &str) -> String {
        if let Some(fragment) = href.strip_prefix('#') {
            return format!("#{own}--{fragment}");
        }
        let (page, fragment) = match href.split_once('#') {
            Some((p, f)) => (p, Some(f)),
            None => (href, None),
        };
        // Links are relative to the page's own folder (`../cli/init.html` from `a/b.html`).
        let page = resolve(own, page);
        match (self.ids.get(&page), fragment) {
            (Some(id), Some(f)) => format!("#{id}--{f}"),
            (Some(id), None) => format!("#{id}"),
            (None, _) => from_root(own, href),
        }
    }
}

/// A relative address written in the page `own` (an image, a file), made relative to the
/// site's root, where the print edition is: `img/a.png` in `cli/init` becomes
/// `cli/img/a.png`. Addresses with a scheme or from the root stay as they are.
fn from_root(own: &str, address: &str) -> String {
    let path_end = address.find(['?', '#']).unwrap_or(address.len());
    let (path, rest) = address.split_at(path_end);
    let has_scheme = path
        .split('/')
        .next()
        .is_some_and(|first| first.contains(':'));
    if path.is_empty() || path.starts_with('/') || has_scheme || !own.contains('/') {
        return address.to_string();
    }
    let resolved = resolve(own, path);
    if resolved == path && path.starts_with("..") {
        // It climbs above the root: left alone.
        return address.to_string();
    }
    format!("{resolved}{rest}")
}

/// `href` (relative to the page whose section id is `own`) as a path from the site's root;
/// unchanged when it climbs above the root.
fn resolve(own: &str, href: &str) -> String {
    let mut parts: Vec<&str> = own.split('/').collect();
    parts.pop();
    for segment in href.split('/') {
        match segment {
            "." => {}
            ".." => {
                if parts.pop().is_none() {
                    return href.to_string();
                }
            }
            s => parts.push(s),
        }
    }
    parts.join("/")
}

/// The section id of a page: its file name without `.html` (`index` for the home page).
fn section_id(name: &str) -> String {
    name.strip_suffix(".html").unwrap_or(name).to_string()
}

/// The next ` id="`, ` href="` or ` src="` in `html`: where it starts and which one. Each
/// `="` is looked at once, so a section's rewrite stays linear in its length (searching
/// for the three names in turn read the rest of the section again for every attribute).
fn next_attribute(html: &str) -> Option<(usize, &'static str)> {
    let mut from = 0;
    while let Some(found) = html[from..].find("=\"") {
        let at = from + found;
        for attr in [" id=\"", " href=\"", " src=\""] {
            let name = &attr[..attr.len() - 2];
            if html[..at].ends_with(name) {
                return Some((at - name.len(), attr));
            }
        }
        from = at + 2;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The first of the three names anywhere in `html`, found by searching for each: what
    /// [`next_attribute`] must agree with.
    fn earliest_of_three(html: &str) -> Option<(usize, &'static str)> {
        [" id=\"", " href=\"", " src=\""]
            .into_iter()
            .filter_map(|attr| Some((html.find(attr)?, attr)))
            .min_by_key(|(at, _)| *at)
    }

    #[test]
    fn the_next_attribute_is_the_earliest_of_the_three_names() {
        for html in [
            "",
            "<p>no attributes</p>",
            "<a data-id=\"x\" hid=\"y\" href=\"z\">",
            "<img alt=\"a=\"\" src=\"p.png\" id=\"i\">",
            "<code>x=\"1\" id=\"</code> <a  href=\"#t\">",
            "=\"=\"=\" src=\"",
            "<h2 id=\"h\"><a href=\"#h\">§</a></h2><span class=\"k\">fn</span>",
            " id=\"",
            "x id=\"é\" ünï src=\"ü\"",
        ] {
            let mut rest = html;
            loop {
                let (fast, slow) = (next_attribute(rest), earliest_of_three(rest));
                assert_eq!(fast, slow, "in {rest:?}");
                let Some((at, attr)) = fast else { break };
                rest = &rest[at + attr.len()..];
            }
        }
    }

    #[test]
    fn a_nested_page_s_images_and_files_are_found_from_the_root() {
        let s = Sections::new(["cli/init.html", "intro.html"]);
        let html = s.section(
            "cli/init.html",
            "Init",
            true,
            "<p><img src=\"img/a.png\" alt=\"\"> <img src=\"../top.png\" alt=\"\"> \
             <a href=\"files/x.txt#l2\">x</a> <a href=\"../intro.html\">intro</a> \
             <img src=\"https://x.test/b.png\" alt=\"\"> <img src=\"/abs.png\" alt=\"\"> \
             <img src=\"data:image/png;base64,AA==\" alt=\"\"> \
             <img src=\"../../away.png\" alt=\"\"></p>",
        );
        for expected in [
            "src=\"cli/img/a.png\"",
            "src=\"top.png\"",
            "href=\"cli/files/x.txt#l2\"",
            "href=\"#intro\"",
            "src=\"https://x.test/b.png\"",
            "src=\"/abs.png\"",
            "src=\"data:image/png;base64,AA==\"",
            "src=\"../../away.png\"",
        ] {
            assert!(html.contains(expected), "{expected} in {html}");
        }
    }

    #[test]
    fn ids_get_the_page_in_front_and_links_stay_inside() {
        let s = Sections::new(["index.html", "intro.html", "gil.html"]);
        let html = s.section(
            "intro.html",
            "Intro",
            false,
            "<h2 id=\"why\">Why</h2><p><a href=\"#why\">here</a>, <a href=\"gil.html#lock\">the lock</a>, \
             <a href=\"gil.html\">GIL</a>, <a href=\"https://x.test/a.html\">out</a>, \
             <img src=\"img/a.png\" alt=\"\"></p>",
        );
        assert!(html.starts_with("<section class=\"print-chapter\" id=\"intro\">\n<h1>Intro</h1>"));
        assert!(html.contains("<h2 id=\"intro--why\">"), "{html}");
        assert!(html.contains("href=\"#intro--why\""), "{html}");
        assert!(html.contains("href=\"#gil--lock\""), "{html}");
        assert!(html.contains("href=\"#gil\""), "{html}");
        assert!(html.contains("href=\"https://x.test/a.html\""), "{html}");
        assert!(html.contains("src=\"img/a.png\""), "{html}");
        // A page with its own `# ` heading gets no second one.
        assert!(
            !s.section("gil.html", "GIL", true, "<h1 id=\"g\">GIL</h1>")
                .contains("<h1>GIL")
        );
    }

    #[test]
    fn odd_html_is_left_as_it_is() {
        let s = Sections::new(["a.html"]);
        for html in ["", " id=\"", "<a href=\"unclosed", "<p data-id=\"x\">t</p>"] {
            let out = s.section("a.html", "A", true, html);
            assert!(
                out.contains(html.trim_start()) || html.starts_with(' '),
                "{out}"
            );
        }
        assert!(
            s.section("a.html", "A", true, "<p data-id=\"x\">")
                .contains("data-id=\"x\"")
        );
    }
}
