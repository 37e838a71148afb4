//! The search index, built from the text collected while rendering (never a second parse),
//! written as a script so that search works when the site is opened from disk.

use serde::Serialize;

use crate::markdown::Section;

/// One searchable section: a page's text under one heading.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Entry {
    /// Page title.
    pub p: String,
    /// Section title (empty for a page's opening text).
    pub s: String,
    /// Relative URL, with the section's anchor.
    pub u: String,
    /// The section's text.
    pub t: String,
}

/// The entries of one page.
pub fn entries(page_title: &str, url: &str, sections: &[Section]) -> Vec<Entry> {
    sections
        .iter()
        .map(|s| Entry {
            p: page_title.to_string(),
            s: s.title.clone(),
            u: if s.id.is_empty() {
                url.to_string()
            } else {
                format!("{url}#{}", s.id)
            },
            t: s.text.clone(),
        })
        .collect()
}

/// The index as a script that sets `window.CRABSNAKE_SEARCH` (a `fetch` of JSON would fail
/// under `file://`).
pub fn script(entries: &[Entry]) -> String {
    let json = serde_json::to_string(entries).unwrap_or_else(|_| "[]".into());
    // Keep the JSON from closing a <script> element if it is ever inlined.
    format!(
        "window.CRABSNAKE_SEARCH = {};\n",
        json.replace("</", "<\\/")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_link_to_section_anchors() {
        let sections = vec![
            Section {
                id: String::new(),
                title: String::new(),
                text: "intro".into(),
            },
            Section {
                id: "gil".into(),
                title: "The GIL".into(),
                text: "one thread".into(),
            },
        ];
        let e = entries("Side by side", "side-by-side.html", &sections);
        assert_eq!(e[0].u, "side-by-side.html");
        assert_eq!(e[1].u, "side-by-side.html#gil");
        assert!(script(&e).starts_with("window.CRABSNAKE_SEARCH = [{"));
    }
}
