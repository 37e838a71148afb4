//! GitHub alerts (`> [!NOTE]`, `[!TIP]`, `[!IMPORTANT]`, `[!WARNING]`, `[!CAUTION]`) become
//! labelled callouts instead of plain block quotes.

use pulldown_cmark::{BlockQuoteKind, CowStr, Event, Tag, TagEnd};

use super::Spanned;

fn label(kind: BlockQuoteKind) -> (&'static str, &'static str) {
    match kind {
        BlockQuoteKind::Note => ("note", "Note"),
        BlockQuoteKind::Tip => ("tip", "Tip"),
        BlockQuoteKind::Important => ("important", "Important"),
        BlockQuoteKind::Warning => ("warning", "Warning"),
        BlockQuoteKind::Caution => ("caution", "Caution"),
    }
}

/// Replaces alert block quotes with `<div class="callout callout-KIND" role="note">`.
pub(super) fn render(events: Vec<Spanned>) -> Vec<Spanned> {
    events
        .into_iter()
        .map(|(e, r)| match e {
            Event::Start(Tag::BlockQuote(Some(kind))) => {
                let (class, title) = label(kind);
                let html = format!(
                    "<div class=\"callout callout-{class}\" role=\"note\" aria-label=\"{title}\">\n<p class=\"callout-title\">{title}</p>\n"
                );
                (Event::Html(CowStr::from(html)), r)
            }
            Event::End(TagEnd::BlockQuote(Some(_))) => (Event::Html(CowStr::from("</div>\n")), r),
            other => (other, r),
        })
        .collect()
}
