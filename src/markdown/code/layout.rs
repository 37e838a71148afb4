//! A code block's HTML: highlighted lines, laid out as the block's kind asks. Shell and Python
//! console sessions split prompts, commands and output; diffs mark added and removed lines
//! (and can highlight the code inside them); any block can number and mark its lines.
//!
//! Markup, all inside `<pre class="code"><code>`: a line styled as a whole is wrapped as
//! `<span class="go">…\n</span>`: `go` for output, `gi`/`gd` for added/removed lines, `gh`
//! for diff headers. A numbered or marked block wraps every line as `<span class="l">`, with
//! `hl` for a marked line. A prompt is `<span class="gp">$ </span>`. Line numbers are a `data-n` attribute shown by CSS, so they
//! are never selected or copied; the copy button leaves out `.gp` and `.go`.

use std::collections::BTreeSet;

use crate::highlight::{Highlighter, Look, escape_html};

use super::info::Info;

/// What kind of block this is, from its language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Kind {
    /// Source code (or plain text) in one language.
    Code,
    /// A shell session (`console`, `shell-session`): `$ ` prompts, `\` continues a command.
    Shell,
    /// A Python console session (`pycon`): `>>> ` and `... ` prompts.
    Pycon,
    /// A unified diff (`diff`), with the code inside highlighted as the given language
    /// (`diff-rust`).
    Diff(Option<String>),
}

impl Kind {
    pub(super) fn of(lang: &str) -> Kind {
        match lang {
            "console" | "shell-session" => Kind::Shell,
            "pycon" => Kind::Pycon,
            "diff" => Kind::Diff(None),
            _ => match lang.strip_prefix("diff-") {
                Some(inner) => Kind::Diff(Some(inner.to_string())),
                None => Kind::Code,
            },
        }
    }

    /// The language the code inside is highlighted as (`None`: plain text).
    pub(super) fn inner_language(&self, lang: &str) -> Option<String> {
        match self {
            Kind::Code => Some(lang.to_string()),
            Kind::Shell => Some("bash".into()),
            Kind::Pycon => Some("python".into()),
            Kind::Diff(inner) => inner.clone(),
        }
    }
}

/// One line as shown.
struct Line {
    /// `go`, `gi`, `gd`, `gh`, or empty.
    class: &'static str,
    html: String,
}

/// The lines of a block, highlighted and classified.
fn lines(
    kind: &Kind,
    code: &str,
    lang: Option<&str>,
    h: &Highlighter,
    used: &mut BTreeSet<Look>,
) -> Vec<Line> {
    let mut highlight = |text: &str| -> Vec<String> {
        match lang {
            Some(lang) => {
                let out = h.highlight(lang, text);
                used.extend(out.looks);
                out.lines
            }
            None => text.lines().map(escape_html).collect(),
        }
    };
    match kind {
        Kind::Code => highlight(code)
            .into_iter()
            .map(|html| Line { class: "", html })
            .collect(),
        Kind::Shell | Kind::Pycon => session(kind, code, &mut highlight),
        Kind::Diff(_) => diff(code, &mut highlight),
    }
}

/// A console session: each line is a prompted command, a continued command, or output. The
/// commands are highlighted together, so a command spread over lines parses as one.
fn session(kind: &Kind, code: &str, highlight: &mut dyn FnMut(&str) -> Vec<String>) -> Vec<Line> {
    enum Part<'a> {
        Command(Option<&'static str>),
        Output(&'a str),
    }
    let mut parts = Vec::new();
    let mut commands = String::new();
    let mut continues = false;
    for line in code.lines() {
        let prompted = match kind {
            Kind::Pycon => [">>> ", "... "]
                .into_iter()
                .find(|p| line.starts_with(p))
                .map(|p| (p, &line[4..]))
                .or_else(|| matches!(line, ">>>" | "...").then(|| (&line[..3], ""))),
            _ => line
                .strip_prefix("$ ")
                .map(|rest| ("$ ", rest))
                .or_else(|| (line == "$").then_some(("$", ""))),
        };
        if let Some((prompt, command)) = prompted {
            let prompt: &'static str = match prompt {
                ">>> " => ">>> ",
                "... " => "... ",
                ">>>" => ">>>",
                "..." => "...",
                "$ " => "$ ",
                _ => "$",
            };
            parts.push(Part::Command(Some(prompt)));
            commands.push_str(command);
            commands.push('\n');
            continues = *kind == Kind::Shell && command.ends_with('\\');
        } else if continues {
            parts.push(Part::Command(None));
            commands.push_str(line);
            commands.push('\n');
            continues = line.ends_with('\\');
        } else {
            parts.push(Part::Output(line));
        }
    }
    let mut highlighted = highlight(&commands).into_iter();
    parts
        .into_iter()
        .map(|part| match part {
            Part::Command(prompt) => {
                let mut html = String::new();
                if let Some(p) = prompt {
                    html.push_str("<span class=\"gp\">");
                    html.push_str(&escape_html(p));
                    html.push_str("</span>");
                }
                html.push_str(&highlighted.next().unwrap_or_default());
                Line { class: "", html }
            }
            Part::Output(text) => Line {
                class: "go",
                html: escape_html(text),
            },
        })
        .collect()
}

/// A unified diff. With a language, the new side (context and added lines) and the old side
/// (context and removed lines) are highlighted as two files, so each parses as it would alone.
fn diff(code: &str, highlight: &mut dyn FnMut(&str) -> Vec<String>) -> Vec<Line> {
    #[derive(Clone, Copy, PartialEq)]
    enum Side {
        Header,
        Context,
        Added,
        Removed,
    }
    let mut in_hunk = false;
    let classified: Vec<(Side, &str)> = code
        .lines()
        .map(|line| {
            if line.starts_with("@@") {
                in_hunk = true;
                return (Side::Header, line);
            }
            let header = [
                "diff ",
                "index ",
                "--- ",
                "+++ ",
                "new file",
                "deleted file",
            ];
            if !in_hunk && header.iter().any(|h| line.starts_with(h)) || line.starts_with('\\') {
                return (Side::Header, line);
            }
            match line.chars().next() {
                Some('+') => (Side::Added, line),
                Some('-') => (Side::Removed, line),
                _ => (Side::Context, line),
            }
        })
        .collect();
    let body = |line: &str| line.get(1..).unwrap_or("").to_string();
    let side_text = |keep: Side| {
        let mut text = String::new();
        for (side, line) in &classified {
            if *side == keep || *side == Side::Context {
                text.push_str(&body(line));
                text.push('\n');
            }
        }
        text
    };
    let mut new_side = highlight(&side_text(Side::Added)).into_iter();
    let mut old_side = highlight(&side_text(Side::Removed)).into_iter();
    classified
        .iter()
        .map(|(side, line)| {
            let marker = escape_html(line.get(..1).unwrap_or(""));
            match side {
                Side::Header => Line {
                    class: "gh",
                    html: escape_html(line),
                },
                Side::Context => {
                    old_side.next();
                    Line {
                        class: "",
                        html: marker + &new_side.next().unwrap_or_default(),
                    }
                }
                Side::Added => Line {
                    class: "gi",
                    html: marker + &new_side.next().unwrap_or_default(),
                },
                Side::Removed => Line {
                    class: "gd",
                    html: marker + &old_side.next().unwrap_or_default(),
                },
            }
        })
        .collect()
}

/// The block's `<pre>`, with its title above it when it has one.
pub(super) fn html(
    info: &Info,
    kind: &Kind,
    code: &str,
    lang: Option<&str>,
    h: &Highlighter,
    used: &mut BTreeSet<Look>,
) -> String {
    let lines = lines(kind, code, lang, h, used);
    let numbered_or_marked = info.linenos.is_some() || !info.marked.is_empty();
    let lang_attr = if info.lang.is_empty() {
        "text".to_string()
    } else {
        escape_html(&info.lang)
    };
    let mut classes = String::from("code");
    let mut attrs = String::new();
    if let Some(first) = info.linenos {
        classes.push_str(" linenos");
        let last = first + lines.len().saturating_sub(1);
        attrs.push_str(&format!(" data-digits=\"{}\"", last.to_string().len()));
    }
    let mut out = String::new();
    if let Some(title) = &info.title {
        out.push_str("<figure class=\"code-block\"><figcaption class=\"code-title\">");
        out.push_str(&escape_html(title));
        out.push_str("</figcaption>");
    }
    out.push_str(&format!(
        "<pre class=\"{classes}\" data-lang=\"{lang_attr}\"{attrs}><code class=\"language-{lang_attr}\">"
    ));
    for (i, line) in lines.iter().enumerate() {
        let marked = info.marked.contains(&(i + 1));
        // A line is wrapped only when something styles it as a whole: a plain command line
        // of a session costs no markup.
        if !numbered_or_marked && line.class.is_empty() {
            out.push_str(&line.html);
            out.push('\n');
            continue;
        }
        let mut class = String::from(if numbered_or_marked { "l" } else { "" });
        for extra in [line.class, if marked { "hl" } else { "" }] {
            if !extra.is_empty() {
                if !class.is_empty() {
                    class.push(' ');
                }
                class.push_str(extra);
            }
        }
        out.push_str(&format!("<span class=\"{class}\""));
        if let Some(first) = info.linenos {
            out.push_str(&format!(" data-n=\"{}\"", first + i));
        }
        out.push('>');
        out.push_str(&line.html);
        out.push_str("\n</span>");
    }
    out.push_str("</code></pre>");
    if info.title.is_some() {
        out.push_str("</figure>");
    }
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::code::info;

    fn render(info_string: &str, code: &str) -> String {
        let (info, problems) = info::parse(info_string);
        assert!(problems.is_empty(), "{problems:?}");
        let kind = Kind::of(&info.lang);
        let lang = kind.inner_language(&info.lang);
        html(
            &info,
            &kind,
            code,
            lang.as_deref(),
            Highlighter::shared(),
            &mut BTreeSet::new(),
        )
    }

    #[test]
    fn shell_session_splits_prompts_commands_and_output() {
        let html = render(
            "console",
            "$ cargo build \\\n    --release\nCompiling x\n$ echo $?\n0\n",
        );
        let code = html
            .split_once("\">")
            .unwrap()
            .1
            .split_once("\">")
            .unwrap()
            .1;
        let lines: Vec<&str> = code.split_inclusive('\n').collect();
        assert_eq!(lines.len(), 6, "{html}"); // five lines, then the closing tags
        assert!(
            lines[0].starts_with("<span class=\"gp\">$ </span>"),
            "{html}"
        );
        assert!(!lines[1].contains("gp"), "{html}"); // continued, no prompt
        assert!(
            lines[2].starts_with("<span class=\"go\">Compiling x"),
            "{html}"
        );
        assert!(
            lines[3].starts_with("</span><span class=\"gp\">$ </span>"),
            "{html}"
        );
        assert!(lines[4].starts_with("<span class=\"go\">0"), "{html}");
    }

    #[test]
    fn pycon_prompts_and_output() {
        let html = render("pycon", ">>> def f():\n...     return 1\n...\n>>> f()\n1\n");
        assert_eq!(html.matches("class=\"gp\"").count(), 4, "{html}");
        assert_eq!(html.matches("class=\"go\"").count(), 1, "{html}");
    }

    #[test]
    fn diff_marks_added_removed_and_headers() {
        let html = render(
            "diff-rust",
            "--- a/x.rs\n+++ b/x.rs\n@@ -1,2 +1,2 @@\n fn main() {\n-    old();\n+    new();\n }\n",
        );
        assert_eq!(html.matches("class=\"gh\"").count(), 3, "{html}");
        assert_eq!(html.matches("class=\"gi\"").count(), 1, "{html}");
        assert_eq!(html.matches("class=\"gd\"").count(), 1, "{html}");
        assert!(html.contains("<span class=\"gi\">+"), "{html}");
        assert!(html.contains("new"), "{html}");
    }

    #[test]
    fn numbers_marks_and_titles() {
        let html = render(
            "rust linenos=9 hl_lines=2 title=\"src/main.rs\"",
            "fn a() {}\nfn b() {}\n",
        );
        assert!(html.starts_with("<figure class=\"code-block\"><figcaption class=\"code-title\">src/main.rs</figcaption>"), "{html}");
        assert!(html.contains("data-digits=\"2\""), "{html}");
        assert!(html.contains("<span class=\"l\" data-n=\"9\">"), "{html}");
        assert!(
            html.contains("<span class=\"l hl\" data-n=\"10\">"),
            "{html}"
        );
        // A block with no per-line feature has no line wrappers.
        assert!(!render("rust", "fn a() {}\n").contains("<span class=\"l"));
    }
}
