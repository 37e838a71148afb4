//! A code block's info string: the language, then attributes separated by commas or spaces.
//!
//! ```text
//! info      = language { sep attribute }
//! attribute = "fragment" | "linenos" [ "=" number ] | "hl_lines=" value | "title=" value
//! value     = '"' any text but '"' '"' | text up to the next comma or space
//! ```
//!
//! `hl_lines` lists line numbers and ranges: `"2 4-6"` (commas work too). Problems come back
//! with their byte offset in the info string, so the message can name the column.

use std::collections::BTreeSet;

/// The most lines `hl_lines` may mark, and the highest first line number: bounds that no real
/// block reaches, so that a hostile info string cannot make the build loop or overflow.
const MAX_MARKED: usize = 100_000;
const MAX_FIRST_LINE: usize = 1_000_000_000;

/// The attributes a code block can carry.
const KNOWN: [&str; 4] = ["fragment", "linenos", "hl_lines", "title"];
/// rustdoc's test attributes: they say how `crabsnake test` treats a Rust block, as rustdoc
/// and `mdbook test` do. On its own (```` ```ignore ````) each one also means Rust.
pub(crate) const RUSTDOC: [&str; 6] = [
    "ignore",
    "no_run",
    "should_panic",
    "compile_fail",
    "test_harness",
    "allow_fail",
];
/// mdBook's playground attributes: accepted, with nothing to do in a site without a
/// playground.
const PLAYGROUND: [&str; 4] = ["editable", "noplayground", "noplaypen", "mdbook-runnable"];

/// How `crabsnake test` treats a Rust block (rustdoc's attributes).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum TestMode {
    /// Compiled and run; it must exit successfully.
    #[default]
    Run,
    /// Not compiled (`ignore`).
    Ignore,
    /// Compiled, not run (`no_run`).
    NoRun,
    /// Must fail to compile (`compile_fail`).
    CompileFail,
    /// Compiled and run; it must panic (`should_panic`).
    ShouldPanic,
}

/// Whether an info string's token is an edition (`edition2021`).
fn edition(key: &str) -> Option<&str> {
    key.strip_prefix("edition")
        .filter(|y| y.len() == 4 && y.chars().all(|c| c.is_ascii_digit()))
}

/// A parsed info string.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Info {
    /// The language, lower-cased (`rust`, `console`, `diff-python`); empty for none.
    pub lang: String,
    /// `fragment`: code that cannot stand alone, parsed instead of run.
    pub fragment: bool,
    /// rustdoc's attributes: how `crabsnake test` treats the block.
    pub test: TestMode,
    /// `edition2021`: the edition the block is compiled with.
    pub edition: Option<String>,
    /// mdBook's `hidelines=PREFIX`: lines starting with it are hidden.
    pub hidelines: Option<String>,
    /// `title="src/lib.rs"`: shown above the block.
    pub title: Option<String>,
    /// `linenos` or `linenos=N`: number the lines, starting at N (default 1).
    pub linenos: Option<usize>,
    /// `hl_lines="2 4-6"`: the lines to mark, counted from 1 as shown.
    pub marked: BTreeSet<usize>,
    /// Where `hl_lines` was written, to report a line past the end.
    pub marked_at: usize,
}

/// Something wrong in an info string.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Problem {
    /// Byte offset in the info string.
    pub offset: usize,
    pub message: String,
    /// True for an error; false for a warning (an unknown or foreign attribute).
    pub error: bool,
    /// An attribute unlike any crabsnake knows (not a near miss of one). mdBook passes such
    /// words on to the book's theme and preprocessors (*The Rust Programming Language*
    /// marks blocks `does_not_compile` for its own script), so a book is not warned of them.
    pub foreign: bool,
}

/// One `key` or `key=value` of the info string, with offsets.
struct Token<'a> {
    at: usize,
    key: &'a str,
    value: Option<(usize, &'a str)>,
}

fn is_sep(c: char) -> bool {
    c == ',' || c.is_whitespace()
}

/// Splits the info string into tokens; an unterminated quote is a problem.
fn tokens<'a>(info: &'a str, problems: &mut Vec<Problem>) -> Vec<Token<'a>> {
    let bytes = info.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < info.len() {
        let rest = &info[i..];
        let Some(c) = rest.chars().next() else { break };
        if is_sep(c) {
            i += c.len_utf8();
            continue;
        }
        let at = i;
        let key_len = rest
            .find(|c: char| is_sep(c) || c == '=')
            .unwrap_or(rest.len());
        let key = &rest[..key_len];
        i += key_len;
        let mut value = None;
        if bytes.get(i) == Some(&b'=') {
            i += 1;
            if bytes.get(i) == Some(&b'"') {
                let start = i + 1;
                match info[start..].find('"') {
                    Some(len) => {
                        value = Some((start, &info[start..start + len]));
                        i = start + len + 1;
                    }
                    None => {
                        problems.push(Problem {
                            foreign: false,
                            offset: i,
                            message: format!("the value of `{key}` has no closing `\"`"),
                            error: true,
                        });
                        value = Some((start, &info[start..]));
                        i = info.len();
                    }
                }
            } else {
                let len = info[i..].find(is_sep).unwrap_or(info.len() - i);
                value = Some((i, &info[i..i + len]));
                i += len;
            }
        }
        out.push(Token { at, key, value });
    }
    out
}

/// Parses an info string; every problem is returned, none stops the parse.
pub(crate) fn parse(info: &str) -> (Info, Vec<Problem>) {
    let mut problems = Vec::new();
    let mut parsed = Info::default();
    let mut tokens = tokens(info, &mut problems).into_iter();
    if let Some(first) = tokens.next() {
        parsed.lang = first.key.to_ascii_lowercase();
        // rustdoc reads ```` ```ignore ```` or ```` ```edition2021 ```` as a Rust block.
        if first.value.is_none() && (RUSTDOC.contains(&first.key) || edition(first.key).is_some()) {
            parsed.lang = "rust".into();
            attribute(&first, &mut parsed, &mut problems);
        } else if first.value.is_some() {
            problems.push(Problem {
                foreign: false,
                offset: first.at,
                message: format!(
                    "a code block starts with its language, not `{}=`",
                    first.key
                ),
                error: true,
            });
        }
    }
    for token in tokens {
        attribute(&token, &mut parsed, &mut problems);
    }
    (parsed, problems)
}

fn attribute(token: &Token, info: &mut Info, problems: &mut Vec<Problem>) {
    let mut problem = |offset: usize, message: String, error: bool| {
        problems.push(Problem {
            offset,
            message,
            error,
            foreign: false,
        })
    };
    let needs_value = |problem: &mut dyn FnMut(usize, String, bool), example: &str| {
        problem(
            token.at,
            format!("`{}` needs a value, as in `{example}`", token.key),
            true,
        )
    };
    match (token.key, token.value) {
        ("fragment", None) => info.fragment = true,
        ("linenos", None) => info.linenos = Some(1),
        ("linenos", Some((at, v))) => match v.parse::<usize>() {
            Ok(n) if n <= MAX_FIRST_LINE => info.linenos = Some(n),
            _ => problem(
                at,
                format!(
                    "`linenos={v}`: the first line number must be a whole number up to {MAX_FIRST_LINE}, as in `linenos=10`"
                ),
                true,
            ),
        },
        ("title", Some((at, v))) => {
            if v.trim().is_empty() {
                problem(at, "`title` is empty".into(), true);
            } else {
                info.title = Some(v.to_string());
            }
        }
        ("title", None) => needs_value(&mut problem, "title=\"src/lib.rs\""),
        ("hl_lines", Some((at, v))) => {
            info.marked_at = token.at;
            match line_set(v) {
                Ok(lines) => info.marked.extend(lines),
                Err((offset, message)) => problem(at + offset, message, true),
            }
        }
        ("hl_lines", None) => needs_value(&mut problem, "hl_lines=\"2 4-6\""),
        ("fragment", Some(_)) => problem(token.at, "`fragment` takes no value".into(), true),
        ("ignore", None) => info.test = TestMode::Ignore,
        ("no_run", None) => info.test = TestMode::NoRun,
        ("compile_fail", None) => info.test = TestMode::CompileFail,
        ("should_panic", None) => info.test = TestMode::ShouldPanic,
        ("test_harness" | "allow_fail", None) => {}
        (key, None) if PLAYGROUND.contains(&key) => {}
        ("hidelines", Some((_, v))) => info.hidelines = Some(v.to_string()),
        (key, None) if edition(key).is_some() => info.edition = edition(key).map(str::to_string),
        (key, _) => {
            // A near miss of any attribute read here (`ignroe`, `no-run`) is named.
            let near = KNOWN
                .iter()
                .chain(&RUSTDOC)
                .chain(&PLAYGROUND)
                .chain(&["hidelines"])
                .filter(|k| strsim::levenshtein(k, key) <= 3)
                .min_by_key(|k| strsim::levenshtein(k, key));
            let message = match near {
                Some(k) => format!("unknown code block attribute `{key}`: did you mean `{k}`?"),
                None => format!(
                    "unknown code block attribute `{key}`: the attributes are {}",
                    KNOWN.map(|k| format!("`{k}`")).join(", ")
                ),
            };
            problem(token.at, message, false);
            if near.is_none()
                && let Some(last) = problems.last_mut()
            {
                last.foreign = true;
            }
        }
    }
}

/// `"2 4-6"` as {2, 4, 5, 6}; a problem comes back with its offset in the value.
fn line_set(value: &str) -> Result<BTreeSet<usize>, (usize, String)> {
    let mut lines = BTreeSet::new();
    let mut offset = 0;
    for part in value.split(is_sep) {
        let at = offset;
        offset += part.len() + 1;
        if part.is_empty() {
            continue;
        }
        let number = |s: &str| s.parse::<usize>().ok().filter(|n| *n >= 1);
        let bad = || {
            (
                at,
                format!("`hl_lines`: `{part}` is not a line number (from 1) or a range like `4-6`"),
            )
        };
        let (first, last) = match part.split_once('-') {
            Some((a, b)) => (number(a).ok_or_else(bad)?, number(b).ok_or_else(bad)?),
            None => {
                let n = number(part).ok_or_else(bad)?;
                (n, n)
            }
        };
        if last < first {
            return Err((at, format!("`hl_lines`: the range `{part}` runs backwards")));
        }
        // A range is bounded by the block's length later; this stops `1-99999999999`, and
        // many long ranges, before any work is done for them.
        if lines.len() + (last - first) >= MAX_MARKED {
            return Err((
                at,
                format!("`hl_lines`: `{part}` marks more than {MAX_MARKED} lines"),
            ));
        }
        lines.extend(first..=last);
    }
    Ok(lines)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn language_and_attributes() {
        let (info, problems) =
            parse("rust,fragment linenos=10 hl_lines=\"2 4-6\" title=\"src/my lib.rs\"");
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(info.lang, "rust");
        assert!(info.fragment);
        assert_eq!(info.linenos, Some(10));
        assert_eq!(info.marked, BTreeSet::from([2, 4, 5, 6]));
        assert_eq!(info.title.as_deref(), Some("src/my lib.rs"));
        let (info, _) = parse("Python linenos hl_lines=3");
        assert_eq!((info.lang.as_str(), info.linenos), ("python", Some(1)));
        assert_eq!(info.marked, BTreeSet::from([3]));
        assert_eq!(parse("").0, Info::default());
    }

    #[test]
    fn problems_name_their_offset() {
        let (_, p) = parse("rust hl_lines=\"2 x\"");
        assert_eq!(p.len(), 1);
        assert_eq!(p[0].offset, "rust hl_lines=\"2 ".len());
        assert!(p[0].error && p[0].message.contains("`x`"), "{p:?}");
        let (_, p) = parse("rust titel=\"a\"");
        assert_eq!((p[0].offset, p[0].error), (5, false));
        assert!(p[0].message.contains("did you mean `title`"), "{p:?}");
        let (_, p) = parse("rust title=\"a");
        assert!(p[0].error && p[0].message.contains("closing"), "{p:?}");
        let (info, p) = parse("rust linenos=ten hl_lines=6-4 ignore");
        let messages: Vec<&str> = p.iter().map(|p| p.message.as_str()).collect();
        assert_eq!(p.len(), 2, "{messages:?}");
        assert!(messages[1].contains("backwards"));
        // rustdoc's attributes are understood: they say how `crabsnake test` runs the block.
        assert_eq!(info.test, TestMode::Ignore);
    }

    #[test]
    fn rustdoc_and_mdbook_attributes_are_understood() {
        let (info, p) = parse("compile_fail");
        assert!(p.is_empty());
        assert_eq!(
            (info.lang.as_str(), info.test),
            ("rust", TestMode::CompileFail)
        );
        let (info, p) = parse("rust,no_run,edition2021,editable,noplayground");
        assert!(p.is_empty(), "{p:?}");
        assert_eq!(info.test, TestMode::NoRun);
        assert_eq!(info.edition.as_deref(), Some("2021"));
        let (info, _) = parse("edition2018");
        assert_eq!(
            (info.lang.as_str(), info.edition.as_deref()),
            ("rust", Some("2018"))
        );
        let (info, _) = parse("python,hidelines=!!");
        assert_eq!(info.hidelines.as_deref(), Some("!!"));
        assert_eq!(parse("rust,should_panic").0.test, TestMode::ShouldPanic);
    }

    #[test]
    fn hostile_numbers_are_refused_without_work() {
        let many = format!("rust hl_lines=\"{}\"", "1-99999 ".repeat(100_000));
        let (info, p) = parse(&many);
        assert!(p[0].message.contains("more than"), "{p:?}");
        // The first range that would pass the bound stops the parse: the work is bounded.
        assert!(info.marked.len() < MAX_MARKED);
        let (info, p) = parse("rust linenos=18446744073709551615");
        assert!(info.linenos.is_none() && p[0].error, "{p:?}");
    }

    #[test]
    fn any_input_parses_without_panicking() {
        for info in [
            "=",
            "\"",
            "rust,,=",
            "a=\"",
            "rust hl_lines=",
            "rust é=\"ü",
            "x title=",
        ] {
            let _ = parse(info);
        }
    }
}
