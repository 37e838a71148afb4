//! GitHub alerts (`> [!NOTE]`, `[!TIP]`, `[!IMPORTANT]`, `[!WARNING]`, `[!CAUTION]`) become
//! labelled callouts instead of plain block quotes.

use pulldown_cmark::{BlockQuoteKind, CowStr, Event, Tag, TagEnd};

use super::{RenderContext, Rendered, Spanned};
use crate::error::Diagnostic;

fn label(kind: BlockQuoteKind) -> (&'static str, &'static str) {
    match kind {
        BlockQuoteKind::Note => ("note", "Note"),
        BlockQuoteKind::Tip => ("tip", "Tip"),
        BlockQuoteKind::Important => ("important", "Important"),
        BlockQuoteKind::Warning => ("warning", "Warning"),
        BlockQuoteKind::Caution => ("caution", "Caution"),
    }
}

/// The word of a `> [!WORD]` line that pulldown-cmark did not take as an alert.
fn misspelled_alert(quote: &str) -> Option<&str> {
    let first = quote.lines().next()?.trim_start().strip_prefix('>')?.trim();
    let word = first.strip_prefix("[!")?.strip_suffix(']')?;
    (!word.is_empty() && word.chars().all(|c| c.is_ascii_alphabetic())).then_some(word)
}

/// Replaces alert block quotes with `<div class="callout callout-KIND" role="note">`, and
/// warns about a `> [!WORD]` that is not one of the five alerts.
pub(super) fn render<'a>(
    events: Vec<Spanned<'a>>,
    body: &str,
    ctx: &RenderContext,
    out: &mut Rendered,
) -> Vec<Spanned<'a>> {
    events
        .into_iter()
        .map(|(e, r)| match e {
            Event::Start(Tag::BlockQuote(None)) => {
                if let Some(word) = misspelled_alert(&body[r.start..r.end.max(r.start)]) {
                    let (line, col) = ctx.position(body, r.start);
                    out.diagnostics.push(Diagnostic::warning(
                        ctx.rel,
                        line,
                        col,
                        format!("unknown alert `[!{word}]`: use NOTE, TIP, IMPORTANT, WARNING or CAUTION"),
                    ));
                }
                (Event::Start(Tag::BlockQuote(None)), r)
            }
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
