//! Code blocks: `{{#include}}` expansion, rustdoc-style hidden lines, snippet proof rules,
//! build-time highlighting, and tabs for consecutive blocks in different languages. The info
//! string's grammar is in [`info`]; how a block's lines are laid out (sessions, diffs, line
//! numbers, marked lines, titles) is in [`layout`].

pub(crate) mod info;
mod layout;

use pulldown_cmark::{CodeBlockKind, CowStr, Event, Tag, TagEnd};

use super::{RenderContext, Rendered, Spanned};
use crate::error::Diagnostic;
use crate::highlight::{Language, escape_html};
use crate::include;
use crate::snippets::{self, PythonFragment};
use info::Info;
use layout::Kind;

/// A rendered block waiting to be grouped into tabs with its neighbours.
struct Block {
    lang: String,
    html: String,
}

/// Replaces every code block by its highlighted HTML.
pub(super) fn render<'a>(
    events: Vec<Spanned<'a>>,
    body: &str,
    ctx: &RenderContext,
    out: &mut Rendered,
) -> Vec<Spanned<'a>> {
    let mut result = Vec::with_capacity(events.len());
    let mut pending: Vec<Block> = Vec::new();
    let tabs_allowed = ctx.book.is_none();
    // The block being read: its info, its text, where it starts, where its text starts.
    let mut current: Option<(Info, String, usize, Option<usize>)> = None;
    for (event, range) in events {
        match event {
            Event::Start(Tag::CodeBlock(kind)) => {
                let info = match kind {
                    CodeBlockKind::Fenced(raw) => read_info(&raw, range.start, body, ctx, out),
                    CodeBlockKind::Indented => Info::default(),
                };
                current = Some((info, String::new(), range.start, None));
            }
            Event::Text(t) if current.is_some() => {
                if let Some((_, code, _, text_start)) = current.as_mut() {
                    code.push_str(&t);
                    text_start.get_or_insert(range.start);
                }
            }
            Event::End(TagEnd::CodeBlock) => {
                if let Some((info, code, start, text_start)) = current.take() {
                    let (line, col) = ctx.position(body, start);
                    // The first code line: after the fence, or the block's own first line.
                    let first_line = text_start.map_or(line + 1, |t| ctx.position(body, t).0);
                    let at = Place {
                        line,
                        col,
                        first_line,
                    };
                    pending.push(render_block(&info, &code, at, body, ctx, out));
                }
            }
            other => {
                flush(&mut pending, &mut result, tabs_allowed);
                result.push((other, range));
            }
        }
    }
    flush(&mut pending, &mut result, tabs_allowed);
    result
}

/// Parses a fence's info string, reporting each problem at its own column.
fn read_info(raw: &str, fence: usize, body: &str, ctx: &RenderContext, out: &mut Rendered) -> Info {
    let (info, problems) = info::parse(raw);
    if problems.is_empty() {
        return info;
    }
    // The info string as written on the fence line; pulldown-cmark may have unescaped it,
    // and then problems are reported at the fence.
    let line_end = body[fence..].find('\n').map_or(body.len(), |e| fence + e);
    let start = body[fence..line_end].find(raw).map(|i| fence + i);
    for problem in problems {
        if problem.foreign && ctx.book.is_some() {
            continue;
        }
        let at = start.map_or(fence, |s| s + problem.offset);
        let (line, col) = ctx.position(body, at);
        out.diagnostics.push(if problem.error {
            Diagnostic::error(ctx.rel, line, col, problem.message)
        } else {
            Diagnostic::warning(ctx.rel, line, col, problem.message)
        });
    }
    info
}

/// Emits waiting blocks (code blocks with no other Markdown between them). A run of blocks in
/// different programming languages becomes one set of tabs; a language seen again, or output
/// and shell sessions, start a new run. A book gets no tabs: mdBook shows each block as
/// written, and its authors did not write neighbouring blocks to be one.
fn flush(pending: &mut Vec<Block>, result: &mut Vec<Spanned>, tabs_allowed: bool) {
    let mut html = String::new();
    let mut run: Vec<&Block> = Vec::new();
    for block in pending.iter() {
        let tabbable = !matches!(
            block.lang.as_str(),
            "" | "text" | "plain" | "console" | "output" | "shell-session" | "pycon"
        ) && Kind::of(&block.lang) == Kind::Code
            && tabs_allowed;
        if !tabbable || run.iter().any(|b| b.lang == block.lang) {
            html.push_str(&tabs(&run));
            run.clear();
        }
        if tabbable {
            run.push(block);
        } else {
            html.push_str(&block.html);
        }
    }
    html.push_str(&tabs(&run));
    pending.clear();
    if !html.is_empty() {
        result.push((Event::Html(CowStr::from(html)), 0..0));
    }
}

/// One block as itself; two or more as a tab set.
fn tabs(run: &[&Block]) -> String {
    if run.len() < 2 {
        return run.iter().map(|b| b.html.as_str()).collect();
    }
    let mut h = String::from("<div class=\"tabs\" data-tabs>\n");
    for b in run {
        h.push_str(&format!(
            "<div class=\"tab-panel\" data-lang=\"{lang}\" data-label=\"{label}\">\n{html}</div>\n",
            lang = escape_html(&b.lang),
            label = escape_html(&language_label(&b.lang)),
            html = b.html
        ));
    }
    h.push_str("</div>\n");
    h
}

/// A language's name as shown on a tab.
fn language_label(lang: &str) -> String {
    match lang {
        "rust" => "Rust".into(),
        "python" => "Python".into(),
        "toml" => "TOML".into(),
        "bash" | "sh" | "shell" | "console" => "Shell".into(),
        "javascript" | "js" => "JavaScript".into(),
        other => {
            let mut c = other.chars();
            c.next()
                .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
                .unwrap_or_default()
        }
    }
}

/// Where a code block is in its file.
struct Place {
    /// Line and column of the block's start (its fence).
    line: usize,
    col: usize,
    /// The file line of the block's first line of code.
    first_line: usize,
}

fn render_block(
    info: &Info,
    code: &str,
    at: Place,
    body: &str,
    ctx: &RenderContext,
    out: &mut Rendered,
) -> Block {
    let Place {
        line,
        col,
        first_line,
    } = at;
    let expanded = expand_includes(code, first_line, body, ctx, out);
    let code = &expanded.code;
    let included = !expanded.files.is_empty();
    let fragment = info.fragment;
    let is_rust = info.lang == "rust";
    let prefix = info.hidelines.as_deref().or_else(|| {
        ctx.book
            .and_then(|b| b.hidelines.get(&info.lang))
            .map(String::as_str)
    });
    let (full, shown) = match prefix {
        Some(prefix) => hidden_by_prefix(code, prefix),
        None if is_rust => hidden_lines(code),
        None => (code.clone(), code.clone()),
    };
    out.code_texts.push(shown.clone());

    if ctx.verify_snippets
        && matches!(info.lang.as_str(), "rust" | "python")
        && !included
        && !fragment
    {
        out.diagnostics.push(Diagnostic::error(
            ctx.rel,
            line,
            col,
            format!(
                "this {lang} block is not verified: include it from a tested file with `{{{{#include ...}}}}`, or mark it ```{lang},fragment if it cannot stand alone",
                lang = info.lang
            ),
        ));
    }
    if fragment {
        match info.lang.as_str() {
            "rust" => {
                if let Err((l, c, msg)) = snippets::parse_rust(&full) {
                    out.diagnostics.push(Diagnostic::error(
                        ctx.rel,
                        first_line + l - 1,
                        c,
                        format!("Rust fragment does not parse: {msg}"),
                    ));
                }
            }
            "python" => out.python_fragments.push(PythonFragment {
                code: full.clone(),
                path: ctx.rel.to_path_buf(),
                line: first_line,
            }),
            _ => {}
        }
    }
    let shown_lines = shown.lines().count();
    if let Some(past) = info.marked.iter().find(|n| **n > shown_lines) {
        out.diagnostics.push(Diagnostic::error(
            ctx.rel,
            line,
            col,
            format!(
                "`hl_lines` marks line {past}, but the block shows {shown_lines} line{}",
                if shown_lines == 1 { "" } else { "s" }
            ),
        ));
    }

    let kind = Kind::of(&info.lang);
    let inner = kind.inner_language(&info.lang);
    let lang = match inner.as_deref().map(|l| (l, ctx.highlighter.language(l))) {
        None | Some((_, Language::Plain)) => None,
        Some((l, Language::Known(_))) => Some(l),
        // mdBook says nothing about a language it cannot highlight; a book builds as it did.
        Some((_, Language::Unknown(_))) if ctx.book.is_some() => None,
        Some((_, Language::Unknown(unknown))) => {
            out.diagnostics.push(Diagnostic::warning(
                ctx.rel,
                line,
                col,
                format!("unknown code language `{unknown}`: shown as plain text"),
            ));
            None
        }
    };
    let titled;
    let info = match expanded.default_title(&kind, lang) {
        Some(title) if info.title.is_none() => {
            titled = Info {
                title: Some(title),
                ..info.clone()
            };
            &titled
        }
        _ => info,
    };
    let started = std::time::Instant::now();
    let html = layout::html(
        info,
        &kind,
        &shown,
        lang,
        ctx.highlighter,
        &mut out.code_looks,
    );
    out.highlight_time += started.elapsed();
    Block {
        lang: info.lang.clone(),
        html,
    }
}

/// Replaces `{{#include ...}}` lines; reports a missing file or anchor at its line.
fn expand_includes(
    code: &str,
    first_line: usize,
    body: &str,
    ctx: &RenderContext,
    out: &mut Rendered,
) -> Expanded {
    let mut result = String::with_capacity(code.len());
    let mut files = Vec::new();
    let mut own_lines = false;
    if ctx.book.is_some() {
        // A book's includes were expanded before parsing; what looks like one now was
        // written escaped (`\{{#include}}`) and stays as it is.
        return Expanded {
            code: code.to_string(),
            files,
            own_lines: true,
        };
    }
    for (i, line) in code.lines().enumerate() {
        match include::parse_directive(line) {
            Some(directive) => {
                files.push(site_path(ctx, &directive.path));
                match include::resolve(&directive, ctx.base_dir, ctx.sandbox) {
                    Ok(text) => result.push_str(&text),
                    Err(e) => {
                        // The column in the file, where list or quote markers come first.
                        let file_line = first_line + i;
                        let source = body
                            .lines()
                            .nth(file_line.saturating_sub(ctx.body_line + 1))
                            .unwrap_or(line);
                        let col = source
                            .find("{{#include")
                            .map_or(1, |c| source[..c].chars().count() + 1);
                        out.diagnostics
                            .push(Diagnostic::error(ctx.rel, file_line, col, e.0));
                    }
                }
            }
            None => {
                own_lines |= !line.trim().is_empty();
                result.push_str(line);
                result.push('\n');
            }
        }
    }
    Expanded {
        code: result,
        files,
        own_lines,
    }
}

/// A code block after its `{{#include}}` lines were replaced.
struct Expanded {
    code: String,
    /// The included files, as paths from the site's folder (`snippets/src/lib.rs`).
    files: Vec<String>,
    /// True when the block has lines of its own besides the includes.
    own_lines: bool,
}

impl Expanded {
    /// The title a block gets when it names none: the file it shows, when it is nothing
    /// but one include of source code (not output, not a session).
    fn default_title(&self, kind: &Kind, language: Option<&str>) -> Option<String> {
        match (&self.files[..], self.own_lines, kind, language) {
            ([file], false, Kind::Code, Some(_)) => Some(file.clone()),
            _ => None,
        }
    }
}

/// An include path as a path from the site's folder, worked out from the chapter's folder
/// without touching the disk (`../snippets/a.rs` from `content/` is `snippets/a.rs`).
fn site_path(ctx: &RenderContext, path: &std::path::Path) -> String {
    use std::path::Component;
    let from_root = ctx
        .base_dir
        .strip_prefix(ctx.sandbox.root())
        .unwrap_or(ctx.base_dir);
    let mut parts: Vec<String> = Vec::new();
    for component in from_root.components().chain(path.components()) {
        match component {
            Component::Normal(p) => parts.push(p.to_string_lossy().into_owned()),
            Component::ParentDir => {
                parts.pop();
            }
            _ => {}
        }
    }
    parts.join("/")
}

/// Splits rustdoc-style hidden lines: returns (code as compiled, code as shown).
/// `# line` and a lone `#` are hidden; `##` shows a literal `#`; `#[attr]` and `#!` stay.
pub(crate) fn hidden_lines(code: &str) -> (String, String) {
    let mut full = String::with_capacity(code.len());
    let mut shown = String::with_capacity(code.len());
    for line in code.lines() {
        let trimmed = line.trim_start();
        let indent = &line[..line.len() - trimmed.len()];
        if trimmed == "#" {
            full.push('\n');
        } else if let Some(rest) = trimmed.strip_prefix("# ") {
            full.push_str(indent);
            full.push_str(rest);
            full.push('\n');
        } else if let Some(rest) = trimmed.strip_prefix("##") {
            let l = format!("{indent}#{rest}\n");
            full.push_str(&l);
            shown.push_str(&l);
        } else {
            full.push_str(line);
            full.push('\n');
            shown.push_str(line);
            shown.push('\n');
        }
    }
    (full, shown)
}

/// mdBook's `hidelines` rule for other languages: a line whose text starts with `prefix`
/// (after its indentation) is hidden, and runs without the prefix.
pub(crate) fn hidden_by_prefix(code: &str, prefix: &str) -> (String, String) {
    let mut full = String::with_capacity(code.len());
    let mut shown = String::with_capacity(code.len());
    for line in code.lines() {
        let trimmed = line.trim_start();
        match trimmed.strip_prefix(prefix) {
            Some(rest) if !prefix.is_empty() => {
                full.push_str(&line[..line.len() - trimmed.len()]);
                full.push_str(rest);
            }
            _ => {
                full.push_str(line);
                shown.push_str(line);
                shown.push('\n');
            }
        }
        full.push('\n');
    }
    (full, shown)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hidelines_prefixes_hide_lines_of_other_languages() {
        let (full, shown) = hidden_by_prefix("~import os\nprint(os.sep)\n  ~x = 1\n", "~");
        assert_eq!(full, "import os\nprint(os.sep)\n  x = 1\n");
        assert_eq!(shown, "print(os.sep)\n");
    }

    #[test]
    fn hidden_lines_are_compiled_but_not_shown() {
        let (full, shown) =
            hidden_lines("# fn main() {\nlet x = 1;\n#[derive(Debug)]\n##not hidden\n# }\n");
        assert_eq!(
            full,
            "fn main() {\nlet x = 1;\n#[derive(Debug)]\n#not hidden\n}\n"
        );
        assert_eq!(shown, "let x = 1;\n#[derive(Debug)]\n#not hidden\n");
    }
}
