//! The `{{#include path}}` directive in code blocks, as in mdBook: whole files, line ranges
//! (`file:10:20`, `file:10:`, `file::20`, `file:10`) and named anchors (`file:name`).

use std::path::{Path, PathBuf};

use crate::files::{ReadError, Sandbox};

/// What went wrong with one include, as a message for the chapter's `file:line:col`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IncludeError(pub String);

/// The part of a file an include asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Selector {
    All,
    /// 1-based, inclusive; `None` means open-ended.
    Lines(Option<usize>, Option<usize>),
    Anchor(String),
}

/// One directive found in a code block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Directive {
    pub path: PathBuf,
    /// What follows the path's `:` (`10:20`, `name`), empty for the whole file.
    pub selector_text: String,
}

/// If `line` is an include directive, the path and selector it names.
pub fn parse_directive(line: &str) -> Option<Directive> {
    let inner = line
        .trim()
        .strip_prefix("{{#include")?
        .strip_suffix("}}")?
        .trim();
    if inner.is_empty() {
        return None;
    }
    let (path, selector_text) = match inner.split_once(':') {
        Some((p, s)) => (p, s.to_string()),
        None => (inner, String::new()),
    };
    Some(Directive {
        path: PathBuf::from(path.trim()),
        selector_text,
    })
}

fn parse_selector(s: &str) -> Result<Selector, IncludeError> {
    if s.is_empty() {
        return Ok(Selector::All);
    }
    let num = |t: &str| -> Result<Option<usize>, IncludeError> {
        if t.is_empty() {
            return Ok(None);
        }
        match t.parse::<usize>() {
            Ok(0) => Err(IncludeError("line numbers start at 1".into())),
            Ok(n) => Ok(Some(n)),
            Err(_) => Err(IncludeError(format!("`{t}` is not a line number"))),
        }
    };
    match s.split_once(':') {
        Some((a, b)) => Ok(Selector::Lines(num(a)?, num(b)?)),
        None if s.chars().all(|c| c.is_ascii_digit()) => {
            let n = num(s)?;
            Ok(Selector::Lines(n, n))
        }
        None => Ok(Selector::Anchor(s.to_string())),
    }
}

/// Reads the file a directive names (relative to `base_dir`, and only through the site's
/// [`Sandbox`], so a chapter cannot publish other files of the machine) and returns the
/// selected lines, with anchor marker lines removed and common indentation stripped. A
/// missing anchor or line, or a range written backwards, is an error.
pub fn resolve(
    directive: &Directive,
    base_dir: &Path,
    sandbox: &Sandbox,
) -> Result<String, IncludeError> {
    resolve_with(directive, base_dir, sandbox, Reading::Strict).map(|(text, _)| text)
}

/// [`resolve`] as mdBook reads an include, for books written for it: an anchor that is not
/// in the file gives nothing, an anchor never closed runs to the end of the file, and a line
/// range is cut at the file's end (a backwards one gives nothing). mdBook says nothing about
/// these; they come back here as warnings, with the text mdBook would have included, so a
/// book that builds with mdBook builds here too. (*The Rust Programming Language* has one of
/// each: an `ANCHOR: all` closed by a second `ANCHOR: all`, and `Cargo.toml:6:12` on an
/// 11-line file.)
pub fn resolve_as_mdbook(
    directive: &Directive,
    base_dir: &Path,
    sandbox: &Sandbox,
) -> Result<(String, Vec<String>), IncludeError> {
    resolve_with(directive, base_dir, sandbox, Reading::AsMdBook)
}

/// How forgiving [`resolve_with`] is of a selection the file cannot satisfy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Reading {
    Strict,
    AsMdBook,
}

fn resolve_with(
    directive: &Directive,
    base_dir: &Path,
    sandbox: &Sandbox,
    reading: Reading,
) -> Result<(String, Vec<String>), IncludeError> {
    let mut warnings = Vec::new();
    // A problem that is an error when strict; otherwise a warning that says what mdBook
    // includes instead, which is then included.
    let mut soft = |message: String, instead: &str| match reading {
        Reading::Strict => Err(IncludeError(message)),
        Reading::AsMdBook => {
            warnings.push(format!("{message}: {instead}, as mdBook does"));
            Ok(())
        }
    };
    let selector = parse_selector(&directive.selector_text)?;
    let outside = || {
        IncludeError(format!(
            "cannot include `{}`: included files must be inside the site's directory",
            directive.path.display()
        ))
    };
    if directive.path.is_absolute() {
        return Err(outside());
    }
    let text = sandbox
        .read_to_string(&base_dir.join(&directive.path))
        .map_err(|e| match e {
            ReadError::Outside(_) => outside(),
            e => IncludeError(format!(
                "cannot include `{}`: {e}",
                directive.path.display()
            )),
        })?;
    let text = text.replace("\r\n", "\n");
    let lines: Vec<&str> = text.lines().collect();
    let shown = directive.path.display();
    let selected: Vec<&str> = match &selector {
        Selector::All => lines,
        Selector::Lines(written_from, written_to) => {
            let from = written_from.unwrap_or(1);
            let to = written_to.unwrap_or(lines.len());
            if let (Some(from), Some(to)) = (written_from, written_to)
                && from > to
            {
                soft(
                    format!("the line range {from} to {to} is reversed"),
                    "nothing is included",
                )?;
                Vec::new()
            } else if lines.is_empty() && selector == Selector::Lines(None, None) {
                Vec::new()
            } else if from > lines.len() || to > lines.len() {
                let past = if from > lines.len() { from } else { to };
                soft(
                    format!(
                        "`{shown}` has {} lines; line {past} does not exist",
                        lines.len()
                    ),
                    "the range stops at the end of the file",
                )?;
                lines.get(from - 1..).unwrap_or_default().to_vec()
            } else {
                lines[from - 1..to].to_vec()
            }
        }
        Selector::Anchor(name) => match anchor_lines(&lines, name) {
            Some((selected, true)) => selected,
            Some((selected, false)) => {
                soft(
                    format!("`{shown}` opens anchor `{name}` but has no `ANCHOR_END: {name}`"),
                    "the rest of the file is included",
                )?;
                selected
            }
            None => {
                soft(
                    format!(
                        "`{shown}` has no anchor `{name}` (write `ANCHOR: {name}` and \
                         `ANCHOR_END: {name}` in comments)"
                    ),
                    "nothing is included",
                )?;
                Vec::new()
            }
        },
    };
    let kept: Vec<&str> = selected
        .into_iter()
        .filter(|l| anchor_marker(l).is_none())
        .collect();
    Ok((dedent(&kept), warnings))
}

/// `Some((is_end, name))` for a line holding `ANCHOR: name` or `ANCHOR_END: name`.
fn anchor_marker(line: &str) -> Option<(bool, &str)> {
    let t = line.trim_start();
    let t = t
        .strip_prefix("//")
        .or_else(|| t.strip_prefix('#'))?
        .trim_start();
    if let Some(n) = t.strip_prefix("ANCHOR_END:") {
        return Some((true, n.trim()));
    }
    t.strip_prefix("ANCHOR:").map(|n| (false, n.trim()))
}

/// The lines inside anchor `name`, and whether it was closed (if not, the rest of the
/// file); `None` when the file has no such anchor.
fn anchor_lines<'a>(lines: &[&'a str], name: &str) -> Option<(Vec<&'a str>, bool)> {
    let start = lines
        .iter()
        .position(|l| anchor_marker(l) == Some((false, name)))?;
    let inside = &lines[start + 1..];
    Some(
        match inside
            .iter()
            .position(|l| anchor_marker(l) == Some((true, name)))
        {
            Some(len) => (inside[..len].to_vec(), true),
            None => (inside.to_vec(), false),
        },
    )
}

fn dedent(lines: &[&str]) -> String {
    let indent = lines
        .iter()
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.len() - l.trim_start().len())
        .min()
        .unwrap_or(0);
    let mut out = String::new();
    for l in lines {
        out.push_str(l.get(indent..).unwrap_or("").trim_end());
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("ex.rs"),
            "use std::io;\n// ANCHOR: main\nfn main() {\n    // ANCHOR: inner\n    run();\n    // ANCHOR_END: inner\n}\n// ANCHOR_END: main\n",
        )
        .unwrap();
        std::fs::write(
            dir.path().join("ex.py"),
            "import sys\n# ANCHOR: body\n    print(1)\n# ANCHOR_END: body\n",
        )
        .unwrap();
        dir
    }

    fn include(dir: &Path, line: &str) -> Result<String, IncludeError> {
        resolve(&parse_directive(line).unwrap(), dir, &Sandbox::new(dir))
    }

    #[test]
    fn includes_whole_file_without_markers() {
        let d = fixture();
        assert_eq!(
            include(d.path(), "{{#include ex.rs}}").unwrap(),
            "use std::io;\nfn main() {\n    run();\n}\n"
        );
    }

    #[test]
    fn includes_line_ranges() {
        let d = fixture();
        assert_eq!(
            include(d.path(), "{{#include ex.rs:1}}").unwrap(),
            "use std::io;\n"
        );
        assert_eq!(
            include(d.path(), "{{#include ex.rs:3:3}}").unwrap(),
            "fn main() {\n"
        );
        assert_eq!(
            include(d.path(), "{{#include ex.rs::1}}").unwrap(),
            "use std::io;\n"
        );
        assert_eq!(include(d.path(), "{{#include ex.rs:7:}}").unwrap(), "}\n");
    }

    #[test]
    fn includes_named_anchors_dedented() {
        let d = fixture();
        assert_eq!(
            include(d.path(), "{{#include ex.rs:inner}}").unwrap(),
            "run();\n"
        );
        assert_eq!(
            include(d.path(), "{{#include ex.rs:main}}").unwrap(),
            "fn main() {\n    run();\n}\n"
        );
        assert_eq!(
            include(d.path(), "{{#include ex.py:body}}").unwrap(),
            "print(1)\n"
        );
    }

    #[test]
    fn missing_file_anchor_or_lines_are_errors() {
        let d = fixture();
        assert!(
            include(d.path(), "{{#include nope.rs}}")
                .unwrap_err()
                .0
                .contains("cannot include `nope.rs`")
        );
        assert!(
            include(d.path(), "{{#include ex.rs:nope}}")
                .unwrap_err()
                .0
                .contains("no anchor `nope`")
        );
        assert!(
            include(d.path(), "{{#include ex.rs:50:60}}")
                .unwrap_err()
                .0
                .contains("has 8 lines; line 50 does not exist")
        );
    }

    #[test]
    fn read_as_mdbook_what_it_forgives_is_a_warning_with_its_text() {
        let d = fixture();
        let sandbox = Sandbox::new(d.path());
        let loose = |line: &str| {
            resolve_as_mdbook(&parse_directive(line).unwrap(), d.path(), &sandbox).unwrap()
        };
        for (line, included, said) in [
            (
                "{{#include ex.rs:7:20}}",
                "}\n",
                "has 8 lines; line 20 does not exist",
            ),
            (
                "{{#include ex.rs:30:}}",
                "",
                "has 8 lines; line 30 does not exist",
            ),
            (
                "{{#include ex.rs:3:2}}",
                "",
                "reversed: nothing is included",
            ),
            ("{{#include ex.rs:nope}}", "", "no anchor `nope`"),
        ] {
            let (text, warnings) = loose(line);
            assert_eq!(text, included, "{line}");
            assert!(warnings[0].contains(said), "{line}: {warnings:?}");
        }
        // What both readings accept reads the same, with nothing to say.
        assert_eq!(
            loose("{{#include ex.rs:inner}}"),
            ("run();\n".to_string(), vec![])
        );
        // A file whose anchor is never closed: the rest of it, markers left out.
        std::fs::write(
            d.path().join("open.rs"),
            "// ANCHOR: all\na();\n// ANCHOR: all\nb();\n",
        )
        .unwrap();
        let (text, said) = loose("{{#include open.rs:all}}");
        assert_eq!(text, "a();\nb();\n");
        assert!(said[0].contains("no `ANCHOR_END: all`"), "{said:?}");
        assert!(include(d.path(), "{{#include open.rs:all}}").is_err());
    }

    #[test]
    fn refuses_files_outside_the_site() {
        let d = fixture();
        let site = d.path().join("site");
        std::fs::create_dir(&site).unwrap();
        let sandbox = Sandbox::new(&site);
        std::os::unix::fs::symlink(d.path().join("ex.rs"), site.join("link.rs")).unwrap();
        for line in [
            "{{#include ../ex.rs}}",
            "{{#include /etc/hostname}}",
            "{{#include link.rs}}",
        ] {
            let e = resolve(&parse_directive(line).unwrap(), &site, &sandbox).unwrap_err();
            assert!(
                e.0.contains("inside the site's directory"),
                "{line}: {}",
                e.0
            );
        }
    }

    #[test]
    fn fails_closed_when_the_site_cannot_be_resolved() {
        let d = fixture();
        // The old guard read the file anyway when the site's folder could not be resolved.
        let gone = Sandbox::new(&d.path().join("no-such-site"));
        let e = resolve(
            &parse_directive("{{#include ex.rs}}").unwrap(),
            d.path(),
            &gone,
        )
        .unwrap_err();
        assert!(e.0.contains("cannot resolve the site's folder"), "{}", e.0);
    }

    #[test]
    fn a_range_past_the_end_says_so_not_reversed() {
        let d = fixture();
        let e = include(d.path(), "{{#include ex.rs:20:}}").unwrap_err();
        assert!(
            e.0.contains("has 8 lines; line 20 does not exist"),
            "{}",
            e.0
        );
    }

    #[test]
    fn reversed_ranges_say_so() {
        let d = fixture();
        assert!(
            include(d.path(), "{{#include ex.rs:3:2}}")
                .unwrap_err()
                .0
                .contains("reversed")
        );
    }

    #[test]
    fn only_whole_directive_lines_are_directives() {
        assert!(parse_directive("let x = \"{{#include a}}\";").is_none());
        assert_eq!(
            parse_directive("  {{#include a/b.rs:x}}  ").unwrap().path,
            PathBuf::from("a/b.rs")
        );
    }
}
