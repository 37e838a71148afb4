//! Plain text of a page, split by h2/h3 headings, for the search index. It reads the same
//! events the HTML comes from, so search never parses a page twice.

use pulldown_cmark::{Event, HeadingLevel, Tag, TagEnd};

use super::headings::plain_text;
use super::{Section, Spanned};

/// The sections before code blocks are rendered: which section each code block is in, so
/// its code (with includes resolved, hidden lines left out) can be added once it is known.
pub(super) struct Draft {
    sections: Vec<Section>,
    code_in: Vec<usize>,
}

/// The page's text in sections: one before the first heading, then one per h2/h3.
pub(super) fn sections(events: &[Spanned]) -> Draft {
    let mut code_in = Vec::new();
    let mut sections = vec![Section {
        id: String::new(),
        title: String::new(),
        text: String::new(),
    }];
    let mut in_code = false;
    let mut i = 0;
    while i < events.len() {
        match &events[i].0 {
            Event::Start(Tag::Heading {
                level: HeadingLevel::H2 | HeadingLevel::H3,
                id,
                ..
            }) => {
                let Some(end) = events[i..]
                    .iter()
                    .position(|(e, _)| matches!(e, Event::End(TagEnd::Heading(_))))
                    .map(|n| i + n)
                else {
                    break;
                };
                sections.push(Section {
                    id: id.as_deref().unwrap_or_default().to_string(),
                    title: plain_text(&events[i + 1..end]),
                    text: String::new(),
                });
                i = end;
            }
            Event::Start(Tag::CodeBlock(_)) => {
                in_code = true;
                code_in.push(sections.len() - 1);
            }
            Event::End(TagEnd::CodeBlock) => in_code = false,
            Event::Text(t) | Event::Code(t) if !in_code => push_words(&mut sections, t),
            Event::SoftBreak | Event::HardBreak => push_words(&mut sections, " "),
            // Block ends separate words: `# A` then `text` is "A text", not "Atext".
            Event::End(
                TagEnd::Paragraph
                | TagEnd::Item
                | TagEnd::TableCell
                | TagEnd::Heading(_)
                | TagEnd::BlockQuote(_)
                | TagEnd::DefinitionListTitle
                | TagEnd::DefinitionListDefinition,
            ) => push_words(&mut sections, " "),
            _ => {}
        }
        i += 1;
    }
    Draft { sections, code_in }
}

/// The finished sections: the code of each block (as shown) added to its section, so that
/// identifiers in code are found too, and whitespace made single.
pub(super) fn finish(draft: Draft, code: &[String]) -> Vec<Section> {
    let Draft {
        mut sections,
        code_in,
    } = draft;
    for (section, text) in code_in.iter().zip(code) {
        let s = &mut sections[*section].text;
        s.push(' ');
        s.push_str(text);
        s.push(' ');
    }
    for s in &mut sections {
        s.text = collapse_whitespace(&s.text);
    }
    sections.retain(|s| !s.id.is_empty() || !s.text.is_empty());
    sections
}

/// Runs of whitespace become one space, with none at either end.
fn collapse_whitespace(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

fn push_words(sections: &mut [Section], t: &str) {
    if let Some(last) = sections.last_mut() {
        last.text.push_str(t);
    }
}
