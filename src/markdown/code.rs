//! Code blocks: `{{#include}}` expansion, rustdoc-style hidden lines, snippet proof rules,
//! build-time highlighting, and tabs for consecutive blocks in different languages.

use pulldown_cmark::{CodeBlockKind, CowStr, Event, Tag, TagEnd};

use super::{RenderContext, Rendered, Spanned};
use crate::error::Diagnostic;
use crate::highlight::{Language, escape_html};
use crate::include;
use crate::snippets::{self, PythonFragment};

/// A code block's info string: `rust,fragment` or `rust fragment`.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Info {
    lang: String,
    attrs: Vec<String>,
}

fn parse_info(info: &str) -> Info {
    let mut parts = info
        .split(|c: char| c == ',' || c.is_whitespace())
        .filter(|s| !s.is_empty());
    let lang = parts.next().unwrap_or("").to_ascii_lowercase();
    Info {
        lang,
        attrs: parts.map(str::to_string).collect(),
    }
}

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
    // The block being read: its info, its text, where it starts, where its text starts.
    let mut current: Option<(Info, String, usize, Option<usize>)> = None;
    for (event, range) in events {
        match event {
            Event::Start(Tag::CodeBlock(kind)) => {
                let info = match kind {
                    CodeBlockKind::Fenced(info) => parse_info(&info),
                    CodeBlockKind::Indented => parse_info(""),
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
                flush(&mut pending, &mut result);
                result.push((other, range));
            }
        }
    }
    flush(&mut pending, &mut result);
    result
}

/// Emits waiting blocks (code blocks with no other Markdown between them). A run of blocks in
/// different programming languages becomes one set of tabs; a language seen again, or output
/// and shell sessions, start a new run.
fn flush(pending: &mut Vec<Block>, result: &mut Vec<Spanned>) {
    let mut html = String::new();
    let mut run: Vec<&Block> = Vec::new();
    for block in pending.iter() {
        let tabbable = !matches!(
            block.lang.as_str(),
            "" | "text" | "plain" | "console" | "output"
        );
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
    let (code, included) = expand_includes(code, first_line, body, ctx, out);
    let fragment = info.attrs.iter().any(|a| a == "fragment");
    for attr in info.attrs.iter().filter(|a| *a != "fragment") {
        out.diagnostics.push(Diagnostic::warning(
            ctx.rel,
            line,
            col,
            attribute_problem(attr),
        ));
    }
    let is_rust = info.lang == "rust";
    let (full, shown) = if is_rust {
        hidden_lines(&code)
    } else {
        (code.clone(), code.clone())
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

    let highlighted = match ctx.highlighter.language(&info.lang) {
        Language::Known(_) => ctx.highlighter.highlight(&info.lang, &shown),
        Language::Plain => escape_html(&shown),
        Language::Unknown(lang) => {
            out.diagnostics.push(Diagnostic::warning(
                ctx.rel,
                line,
                col,
                format!("unknown code language `{lang}`: shown as plain text"),
            ));
            escape_html(&shown)
        }
    };
    let lang_attr = if info.lang.is_empty() {
        "text".to_string()
    } else {
        escape_html(&info.lang)
    };
    Block {
        lang: info.lang.clone(),
        html: format!(
            "<pre class=\"code\" data-lang=\"{lang_attr}\"><code class=\"language-{lang_attr}\">{highlighted}</code></pre>\n"
        ),
    }
}

/// What is wrong with a code block attribute other than `fragment`.
fn attribute_problem(attr: &str) -> String {
    match attr {
        "ignore" | "no_run" | "should_panic" | "compile_fail" | "editable" | "noplayground" => {
            format!(
                "code block attribute `{attr}` is not supported here: include tested code, or mark code that cannot stand alone as `fragment`"
            )
        }
        _ if strsim::levenshtein(attr, "fragment") <= 3 => {
            format!("unknown code block attribute `{attr}`: did you mean `fragment`?")
        }
        _ => format!("unknown code block attribute `{attr}`: the only one is `fragment`"),
    }
}

/// Replaces `{{#include ...}}` lines; reports a missing file or anchor at its line.
fn expand_includes(
    code: &str,
    first_line: usize,
    body: &str,
    ctx: &RenderContext,
    out: &mut Rendered,
) -> (String, bool) {
    let mut result = String::with_capacity(code.len());
    let mut included = false;
    for (i, line) in code.lines().enumerate() {
        match include::parse_directive(line) {
            Some(directive) => {
                included = true;
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
                result.push_str(line);
                result.push('\n');
            }
        }
    }
    (result, included)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn info_string_accepts_commas_and_spaces() {
        assert_eq!(parse_info("rust,fragment").attrs, vec!["fragment"]);
        assert_eq!(parse_info("Python fragment").lang, "python");
        assert_eq!(parse_info("").lang, "");
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
