//! Facts the templates own, read from their source when they load, so the Rust side never
//! keeps a copy that can go stale: the ids templates give their own elements (a heading must
//! not take one), and the headings of the decision partial (for "On this page" and search).

use std::collections::BTreeSet;

use crate::markdown::TocEntry;

/// The template whose headings the decision table lists.
pub const DECISION_PARTIAL: &str = "partials/decision.html";

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TemplateFacts {
    /// Literal `id="..."` values of every template.
    pub ids: BTreeSet<String>,
    /// The fixed start of generated ids (`id="rule-{{ r.id }}"` gives `rule-`).
    pub id_prefixes: BTreeSet<String>,
    /// `<h2 id="...">Text</h2>` and `<h3>` headings of the decision partial, in order.
    pub decision_headings: Vec<TocEntry>,
}

impl TemplateFacts {
    /// Reads the facts from every template's source, given as (name, text).
    pub fn read<'a>(templates: impl IntoIterator<Item = (&'a str, &'a str)>) -> Self {
        let mut facts = TemplateFacts::default();
        for (name, text) in templates {
            for id in attribute_values(text, "id") {
                match id.split_once("{{") {
                    Some((prefix, _)) if !prefix.is_empty() => {
                        facts.id_prefixes.insert(prefix.to_string());
                    }
                    Some(_) => {}
                    None => {
                        facts.ids.insert(id.to_string());
                    }
                }
            }
            if name == DECISION_PARTIAL {
                facts.decision_headings = headings(text);
            }
        }
        facts
    }

    /// The text of the decision partial's heading with this id (empty when it has none).
    pub fn decision_heading(&self, id: &str) -> String {
        self.decision_headings
            .iter()
            .find(|h| h.id == id)
            .map_or(String::new(), |h| h.title.clone())
    }
}

/// Every `name="value"` in `text` (double-quoted, as the templates write attributes).
fn attribute_values<'a>(text: &'a str, name: &str) -> Vec<&'a str> {
    let needle = format!(" {name}=\"");
    let mut values = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find(&needle) {
        rest = &rest[at + needle.len()..];
        if let Some(end) = rest.find('"') {
            values.push(&rest[..end]);
            rest = &rest[end..];
        }
    }
    values
}

/// `<h2 id="x">Text</h2>` and `<h3 id="x">Text</h3>` with plain text, in order.
fn headings(text: &str) -> Vec<TocEntry> {
    let mut found = Vec::new();
    for (level, open, close) in [(2u8, "<h2 id=\"", "</h2>"), (3, "<h3 id=\"", "</h3>")] {
        let mut rest = text;
        let mut base = 0;
        while let Some(at) = rest.find(open) {
            let after = &rest[at + open.len()..];
            let parsed = after.split_once('"').and_then(|(id, tail)| {
                let tail = tail.split_once('>')?.1;
                let (title, _) = tail.split_once(close)?;
                Some((id, title))
            });
            if let Some((id, title)) = parsed.filter(|(_, t)| !t.contains(['<', '{'])) {
                found.push((
                    base + at,
                    TocEntry {
                        level,
                        id: id.to_string(),
                        title: title.trim().to_string(),
                    },
                ));
            }
            base += at + open.len();
            rest = after;
        }
    }
    found.sort_by_key(|(at, _)| *at);
    found.into_iter().map(|(_, h)| h).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::templates::BUILTIN;

    fn builtin() -> TemplateFacts {
        TemplateFacts::read(BUILTIN.iter().map(|(n, t)| (*n, *t)))
    }

    #[test]
    fn reads_literal_ids_and_generated_prefixes() {
        let facts = builtin();
        for id in [
            "content",
            "sidebar",
            "search-input",
            "decision-reset",
            "toc-title",
        ] {
            assert!(facts.ids.contains(id), "{id}: {:?}", facts.ids);
        }
        for prefix in ["question-", "rule-", "action-", "criterion-"] {
            assert!(facts.id_prefixes.contains(prefix), "{prefix}");
        }
    }

    #[test]
    fn reads_the_decision_partials_headings_in_order() {
        let ids: Vec<(u8, String)> = builtin()
            .decision_headings
            .into_iter()
            .map(|h| (h.level, h.id))
            .collect();
        assert_eq!(
            ids,
            [
                (2, "questionnaire".to_string()),
                (2, "decision-rules".to_string()),
                (3, "decision-actions".to_string()),
                (2, "comparison".to_string())
            ]
        );
    }
}
