//! mdBook's `links` preprocessor, on a book's chapter text before it is parsed:
//! `{{#include file}}` (with line ranges and anchors), `{{#rustdoc_include file:range}}` (the
//! whole file, lines outside the range hidden with `# `), `{{#playground file attrs}}` (a
//! Rust block), and `{{#title Text}}` (the page's `<title>`), anywhere in the chapter, prose
//! included. `\{{#...}}` stays literal. Included text is expanded again, relative to its own
//! folder, up to [`MAX_DEPTH`] levels. Files are read through the book's [`Sandbox`], which
//! reaches the repository around the book and nothing beyond it.

use std::path::Path;

use crate::error::{Diagnostic, LineIndex};
use crate::files::Sandbox;
use crate::include::{self, Directive};

/// How deep includes may nest (mdBook stops at the same depth).
pub const MAX_DEPTH: usize = 10;

/// What one chapter's includes may read and produce in all, counting a fixed cost per
/// include: a stranger's files that include each other ten times over, ten levels deep,
/// stop with a message instead of running for hours.
const BUDGET_BYTES: usize = 4 * crate::files::TEXT_LIMIT as usize;
const COST_PER_INCLUDE: usize = 256;

struct Budget(std::cell::Cell<usize>);

impl Budget {
    fn spend(&self, bytes: usize) -> Result<(), String> {
        let left = self
            .0
            .get()
            .checked_sub(bytes + COST_PER_INCLUDE)
            .ok_or_else(|| {
                format!(
                    "the includes of this chapter come to more than {} MiB: do files include \
                 each other over and over?",
                    BUDGET_BYTES >> 20
                )
            })?;
        self.0.set(left);
        Ok(())
    }
}

/// A chapter's text with its directives done, and where each part came from.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Expanded {
    pub text: String,
    /// `{{#title ...}}`: the page's `<title>`.
    pub title: Option<String>,
    pub map: LineMap,
    pub problems: Vec<Diagnostic>,
}

/// From a line of the expanded text to the line of the chapter it came from: included
/// text answers with the line of its directive.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct LineMap {
    /// (first expanded line, chapter line, whether following lines advance with it).
    segments: Vec<(usize, usize, bool)>,
}

impl LineMap {
    /// The chapter's line (1-based) for a line (1-based) of the expanded text.
    pub fn source_line(&self, line: usize) -> usize {
        let at = self.segments.partition_point(|s| s.0 <= line);
        match at.checked_sub(1).map(|i| self.segments[i]) {
            Some((start, source, true)) => source + (line - start),
            Some((_, source, false)) => source,
            None => line,
        }
    }
}

/// Expands the directives of one chapter. `dir` is the chapter's folder (on disk, through
/// the sandbox) and `rel` names the chapter in messages.
pub fn expand(text: &str, dir: &Path, rel: &Path, sandbox: &Sandbox) -> Expanded {
    let mut out = Expanded::default();
    let lines = LineIndex::new(text);
    out.map.segments.push((1, 1, true));
    // The expanded text's line at the end of what was counted so far.
    let (mut out_line, mut counted) = (1, 0);
    let mut expanded = String::with_capacity(text.len());
    let budget = Budget(std::cell::Cell::new(BUDGET_BYTES));
    each_directive(text, &mut expanded, |buf, start, kind, arg, written| {
        out_line += buf[counted..].matches('\n').count();
        let (line, col) = lines.line_col(text, start);
        let inserted = match kind {
            "title" => {
                out.title = Some(arg.to_string());
                Ok(String::new())
            }
            "include" | "rustdoc_include" | "playground" => {
                let mut warnings = Vec::new();
                let text = file_text(kind, arg, dir, sandbox, 1, &budget, &mut warnings);
                out.problems.extend(
                    warnings
                        .into_iter()
                        .map(|w| Diagnostic::warning(rel, line, col, w)),
                );
                text
            }
            // Not a directive mdBook knows: the text stays as written.
            _ => Ok(written.to_string()),
        };
        match inserted {
            Ok(s) => {
                buf.push_str(&s);
                // The included lines all answer with the directive's line; the chapter's
                // own lines go on after it.
                out.map.segments.push((out_line, line, false));
                out_line += s.matches('\n').count();
                out.map.segments.push((out_line + 1, line + 1, true));
            }
            Err(message) => out
                .problems
                .push(Diagnostic::error(rel, line, col, message)),
        }
        counted = buf.len();
    });
    out.text = expanded;
    out
}

/// Copies `text` to `out`, handing each directive to `on` (with its offset, name, argument
/// and written form) to put its text in place of it. An escaped directive is copied without
/// its backslash; text that only looks like a directive is copied as it is.
fn each_directive(
    text: &str,
    out: &mut String,
    mut on: impl FnMut(&mut String, usize, &str, &str, &str),
) {
    let mut rest = 0;
    let mut brace = None;
    while let Some(found) = text[rest..].find("{{#") {
        let start = rest + found;
        let Some((end, kind, arg)) = directive_at(text, start, &mut brace) else {
            out.push_str(&text[rest..start + 3]);
            rest = start + 3;
            continue;
        };
        if text[..start].ends_with('\\') {
            out.push_str(&text[rest..start - 1]);
            out.push_str(&text[start..end]);
        } else {
            out.push_str(&text[rest..start]);
            on(out, start, kind, arg, &text[start..end]);
        }
        rest = end;
    }
    out.push_str(&text[rest..]);
}

/// The directive starting at `start` (at `{{#`), as mdBook's pattern reads one: a name of
/// letters, digits and `_`, whitespace, then arguments up to `}}` with no `}` among them.
/// `None` when the text there is not a directive (it then stays as written).
/// `brace` remembers the first `}` found at or after some offset (or `None` once there is no
/// `}` left), so that many `{{#` before one `}` are read in linear time, not quadratic.
fn directive_at<'t>(
    text: &'t str,
    start: usize,
    brace: &mut Option<Option<usize>>,
) -> Option<(usize, &'t str, &'t str)> {
    let after = &text[start + 3..];
    let name_len = after
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .unwrap_or(after.len());
    let (kind, rest) = after.split_at(name_len);
    if kind.is_empty() || !rest.starts_with(char::is_whitespace) {
        return None;
    }
    let from = start + 3 + name_len;
    let next = match *brace {
        Some(Some(at)) if at >= from => Some(at),
        Some(None) => None,
        _ => text[from..].find('}').map(|i| from + i),
    };
    *brace = Some(next);
    let close = next? - from;
    if !rest[close..].starts_with("}}") || rest[..close].trim().is_empty() {
        return None;
    }
    Some((start + 3 + name_len + close + 2, kind, rest[..close].trim()))
}

/// The text one directive puts in place of itself; what mdBook would include without a word
/// (an anchor never closed, lines past the end) is included, and said in `warnings`.
fn file_text(
    kind: &str,
    arg: &str,
    dir: &Path,
    sandbox: &Sandbox,
    depth: usize,
    budget: &Budget,
    warnings: &mut Vec<String>,
) -> Result<String, String> {
    if depth > MAX_DEPTH {
        return Err(format!(
            "includes nest more than {MAX_DEPTH} levels deep: does a file include itself?"
        ));
    }
    let (target, attrs) = match kind {
        "playground" => arg
            .split_once(char::is_whitespace)
            .map_or((arg, ""), |(t, a)| (t, a.trim())),
        _ => (arg, ""),
    };
    let directive =
        include::parse_directive(&format!("{{{{#include {target}}}}}")).ok_or_else(|| {
            format!("`{{{{#{kind}}}}}` needs a file, as in `{{{{#{kind} file.rs}}}}`")
        })?;
    let text = match kind {
        "rustdoc_include" => rustdoc_include(&directive, dir, sandbox, warnings)?,
        _ => {
            let (text, said) =
                include::resolve_as_mdbook(&directive, dir, sandbox).map_err(|e| e.0)?;
            warnings.extend(said);
            text
        }
    };
    budget.spend(text.len())?;
    let included_dir = dir.join(directive.path.parent().unwrap_or(Path::new("")));
    let text = expand_nested(&text, &included_dir, sandbox, depth, budget, warnings)?;
    Ok(match kind {
        "playground" => {
            let attrs: String = attrs.split_whitespace().map(|a| format!(",{a}")).collect();
            format!("```rust{attrs}\n{text}```")
        }
        _ => text.strip_suffix('\n').unwrap_or(&text).to_string(),
    })
}

/// Expands directives inside included text, relative to the included file's folder; the
/// first problem stops it.
fn expand_nested(
    text: &str,
    dir: &Path,
    sandbox: &Sandbox,
    depth: usize,
    budget: &Budget,
    warnings: &mut Vec<String>,
) -> Result<String, String> {
    let mut out = String::with_capacity(text.len());
    let mut problem = None;
    each_directive(text, &mut out, |buf, _, kind, arg, written| {
        if problem.is_some() {
            return;
        }
        match kind {
            "include" | "rustdoc_include" | "playground" => {
                match file_text(kind, arg, dir, sandbox, depth + 1, budget, warnings) {
                    Ok(s) => buf.push_str(&s),
                    Err(e) => problem = Some(e),
                }
            }
            "title" => {}
            _ => buf.push_str(written),
        }
    });
    problem.map_or(Ok(out), Err)
}

/// The whole file, with the lines outside the selected range hidden (`# `), so the block
/// compiles as a whole and shows only the part asked for.
fn rustdoc_include(
    directive: &Directive,
    dir: &Path,
    sandbox: &Sandbox,
    warnings: &mut Vec<String>,
) -> Result<String, String> {
    let whole = Directive {
        path: directive.path.clone(),
        selector_text: String::new(),
    };
    let all = include::resolve(&whole, dir, sandbox).map_err(|e| e.0)?;
    let (shown, said) = include::resolve_as_mdbook(directive, dir, sandbox).map_err(|e| e.0)?;
    warnings.extend(said);
    if directive.selector_text.is_empty() {
        return Ok(all);
    }
    let shown: Vec<&str> = shown.lines().collect();
    let lines: Vec<&str> = all.lines().collect();
    let start = lines
        .windows(shown.len().max(1))
        .position(|w| {
            w.iter()
                .map(|l| l.trim())
                .eq(shown.iter().map(|l| l.trim()))
        })
        .unwrap_or(0);
    let mut out = String::new();
    for (i, line) in lines.iter().enumerate() {
        if i < start || i >= start + shown.len() {
            out.push_str("# ");
        }
        out.push_str(line);
        out.push('\n');
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn book() -> tempfile::TempDir {
        let d = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(d.path().join("src/sub")).unwrap();
        std::fs::write(d.path().join("src/part.md"), "Included *prose*.\n").unwrap();
        std::fs::write(
            d.path().join("src/sub/code.rs"),
            "use std::fmt;\n// ANCHOR: body\nfn body() {}\n// ANCHOR_END: body\nfn main() {}\n",
        )
        .unwrap();
        std::fs::write(
            d.path().join("src/nest.md"),
            "{{#include sub/code.rs:body}}\n",
        )
        .unwrap();
        std::fs::write(d.path().join("src/loop.md"), "{{#include loop.md}}\n").unwrap();
        d
    }

    fn run(d: &tempfile::TempDir, text: &str) -> Expanded {
        let src = d.path().join("src");
        expand(text, &src, Path::new("src/ch.md"), &Sandbox::new(d.path()))
    }

    #[test]
    fn includes_prose_code_titles_and_keeps_escapes() {
        let d = book();
        let e = run(
            &d,
            "# Ch\n{{#title Custom title}}\n{{#include part.md}}\n\\{{#include part.md}}\n\
             ```rust\n{{#rustdoc_include sub/code.rs:body}}\n```\n{{#include nest.md}}\n",
        );
        assert!(e.problems.is_empty(), "{:?}", e.problems);
        assert_eq!(e.title.as_deref(), Some("Custom title"));
        assert_eq!(
            e.text,
            "# Ch\n\nIncluded *prose*.\n{{#include part.md}}\n```rust\n# use std::fmt;\n\
             fn body() {}\n# fn main() {}\n```\nfn body() {}\n"
        );
    }

    #[test]
    fn problems_name_the_directive_and_lines_map_back() {
        let d = book();
        let e = run(
            &d,
            "a\n{{#include part.md}}\nb {{#include missing.md}}\n{{#include loop.md}}\nc\n",
        );
        let messages: Vec<String> = e.problems.iter().map(|p| p.to_string()).collect();
        assert!(
            messages[0].starts_with("src/ch.md:3:3: error"),
            "{messages:?}"
        );
        assert!(messages[1].contains("more than 10 levels"), "{messages:?}");
        // "c" is line 5 of the chapter and of the expanded text (the include added no line).
        let c_line = e.text.lines().position(|l| l == "c").unwrap() + 1;
        assert_eq!(e.map.source_line(c_line), 5);
        assert_eq!(e.map.source_line(2), 2);
    }

    #[test]
    fn text_that_only_looks_like_a_directive_stays() {
        let d = book();
        let text = "`{{#include}}`d, {{#include\n}} and {{#x y} z}}\n";
        let e = run(&d, text);
        assert!(e.problems.is_empty(), "{:?}", e.problems);
        assert_eq!(e.text, text);
    }

    #[test]
    fn includes_that_multiply_stop_and_many_openings_stay_linear() {
        let d = book();
        // Each file includes the next one ten times, twelve files deep: 10^10 copies.
        for i in 0..12 {
            let line = format!("{{{{#include f{}.md}}}}\n", i + 1).repeat(10);
            std::fs::write(d.path().join(format!("src/f{i}.md")), line).unwrap();
        }
        std::fs::write(d.path().join("src/f12.md"), "x".repeat(100_000)).unwrap();
        let e = run(&d, "{{#include f0.md}}\n");
        assert_eq!(e.problems.len(), 1, "{:?}", e.problems);
        // 200,000 openings before one closing brace.
        let text = "{{#x a ".repeat(200_000) + "}";
        // A quadratic scan would take minutes here, and the test would not end.
        let e = run(&d, &text);
        assert_eq!(e.text, text);
    }

    #[test]
    fn never_reads_outside_the_sandbox() {
        let d = book();
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("secret.md"), "secret").unwrap();
        let e = run(
            &d,
            &format!("{{{{#include {}/secret.md}}}}\n", outside.path().display()),
        );
        assert!(!e.text.contains("secret"));
        assert_eq!(e.problems.len(), 1);
        let e = run(&d, "{{#include ../../../../../../etc/passwd}}\n");
        assert!(!e.text.contains("root:"));
        assert_eq!(e.problems.len(), 1);
    }
}
