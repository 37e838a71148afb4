//! Proof for code fragments that cannot run on their own: Rust must parse with `syn`,
//! Python with Python's own `ast` module (all of a site's fragments in one `python3` call).

use std::io::Write;
use std::process::{Command, Stdio};

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::error::{Diagnostic, Severity};

/// A Python fragment waiting to be parsed (all of a site's fragments go to one `python3`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PythonFragment {
    pub code: String,
    /// Where the block's first code line is, in the chapter file.
    pub path: std::path::PathBuf,
    pub line: usize,
}

/// Parses Rust as a file (items), or else as the statements of a block, or an expression. On
/// failure returns the 1-based line and column in `code` and a message, from the attempt that
/// got furthest (so `let x = ;` is reported at the `;`, not as "expected an item").
pub fn parse_rust(code: &str) -> Result<(), (usize, usize, String)> {
    // syn parses nested groups recursively: bound the depth before it can exhaust the stack
    // of a render thread.
    if let Some((line, col)) = too_deep(code) {
        return Err((
            line,
            col,
            format!(
                "brackets nested more than {MAX_NESTING} deep: too deep to check; split the \
                 expression"
            ),
        ));
    }
    let as_file = match syn::parse_file(code) {
        Ok(_) => return Ok(()),
        Err(e) => e,
    };
    // Statements: wrapped in a block that opens on the same first line, so lines stay put
    // (columns on the first line shift by one).
    let as_block = match syn::parse_str::<syn::Block>(&format!("{{{code}\n}}")) {
        Ok(_) => return Ok(()),
        Err(e) => e,
    };
    if syn::parse_str::<syn::Expr>(code).is_ok() {
        return Ok(());
    }
    let place = |e: &syn::Error, shift: usize| {
        let start = e.span().start();
        let col = if start.line == 1 {
            start.column.saturating_sub(shift)
        } else {
            start.column
        };
        (start.line.max(1), col + 1)
    };
    let (file_at, block_at) = (place(&as_file, 0), place(&as_block, 1));
    let (at, err) = if block_at > file_at {
        (block_at, as_block)
    } else {
        (file_at, as_file)
    };
    let message = err.to_string();
    let message = if message.contains("cannot parse string into token stream") {
        "unbalanced brackets: a `(`, `[` or `{` is not closed, or is closed twice".to_string()
    } else {
        message
    };
    Err((at.0, at.1, message))
}

/// The deepest nesting of `(`, `[` and `{` a Rust fragment may have.
pub const MAX_NESTING: usize = 128;

/// Where the brackets of `code` first nest deeper than [`MAX_NESTING`], skipping strings and
/// comments (a rough scan: it only has to be right about depth, not about Rust).
fn too_deep(code: &str) -> Option<(usize, usize)> {
    let mut depth = 0usize;
    let (mut line, mut col) = (1, 0);
    let mut chars = code.chars().peekable();
    let mut in_string = false;
    while let Some(c) = chars.next() {
        col += 1;
        if c == '\n' {
            (line, col) = (line + 1, 0);
            continue;
        }
        if in_string {
            match c {
                '\\' => {
                    chars.next();
                    col += 1;
                }
                '"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match c {
            '"' => in_string = true,
            '/' if chars.peek() == Some(&'/') => {
                for c in chars.by_ref() {
                    if c == '\n' {
                        (line, col) = (line + 1, 0);
                        break;
                    }
                }
            }
            '(' | '[' | '{' => {
                depth += 1;
                if depth > MAX_NESTING {
                    return Some((line, col));
                }
            }
            ')' | ']' | '}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    None
}

/// The Python side of the fragment check: reads the sources on stdin, separated by NUL
/// bytes (which no fragment holds: see [`answer`]), and prints a JSON list of
/// `[index, line, column, message]` for the ones that do not parse. `compile` with
/// `PyCF_ONLY_AST` (0x400) is what `ast.parse` calls; calling it directly, and importing
/// `json` only when there is something to say, keeps the checker to the interpreter's own
/// start-up (`ast` and `json` would more than double it: 6 against 15 ms of CPU here).
const PYTHON_CHECKER: &str = r#"
import sys
out = []
for i, src in enumerate(sys.stdin.buffer.read().decode("utf-8").split("\0")):
    try:
        compile(src, "<fragment>", "exec", 0x400, True)
    except SyntaxError as e:
        out.append([i, e.lineno or 1, e.offset or 1, e.msg])
    except (RecursionError, MemoryError, ValueError) as e:
        out.append([i, 1, 1, "too deeply nested or too large to check: " + type(e).__name__])
if out:
    import json
    json.dump(out, sys.stdout)
else:
    sys.stdout.write("[]")
"#;

/// A `python3` started ahead of time, so that its start-up (often longer than the build's
/// Markdown) overlaps the rendering: the build starts it when the first page with a
/// fragment is rendered, and sends the fragments once all are known.
pub struct PythonCheck {
    interpreter: String,
    child: std::sync::OnceLock<std::sync::Mutex<Option<std::io::Result<std::process::Child>>>>,
}

impl PythonCheck {
    /// A checker with no interpreter running yet.
    pub fn new() -> Self {
        Self::with(python())
    }

    fn with(interpreter: String) -> Self {
        PythonCheck {
            interpreter,
            child: Default::default(),
        }
    }

    /// Starts the interpreter, unless it is already running (any thread may call this).
    pub fn start(&self) {
        self.child.get_or_init(|| {
            let child = Command::new(&self.interpreter)
                // Isolated and without `site`: the checker needs only the standard library,
                // and importing site-packages' start-up hooks can triple Python's start-up.
                .args(["-I", "-S", "-c", PYTHON_CHECKER])
                .stdin(Stdio::piped())
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn();
            std::sync::Mutex::new(Some(child))
        });
    }

    /// Sends the fragments and reads the answer; one diagnostic per fragment that fails.
    pub fn finish(mut self, fragments: &[PythonFragment]) -> Vec<Diagnostic> {
        if !fragments.is_empty() {
            self.start();
        }
        let child = std::mem::take(&mut self.child)
            .into_inner()
            .and_then(|m| m.into_inner().unwrap_or_else(|e| e.into_inner()));
        let Some(child) = child else {
            return Vec::new();
        };
        if fragments.is_empty() {
            // Started for nothing: closing its input lets it end at once.
            if let Ok(mut child) = child {
                drop(child.stdin.take());
                let _ = child.wait();
            }
            return Vec::new();
        }
        answer(child, fragments)
    }
}

impl Drop for PythonCheck {
    /// A checker dropped unfinished (a build that stopped early) is stopped and waited for,
    /// so a long `serve` leaves no processes behind.
    fn drop(&mut self) {
        let child = std::mem::take(&mut self.child)
            .into_inner()
            .and_then(|m| m.into_inner().unwrap_or_else(|e| e.into_inner()));
        if let Some(Ok(mut child)) = child {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

impl Default for PythonCheck {
    fn default() -> Self {
        Self::new()
    }
}

/// Python's answer for each fragment's code: where in the fragment it fails to parse, and
/// why; `None` when it parses. Positions in the file are added when used, so an edit above a
/// fragment does not ask Python again. `serve` keeps one between builds, and the build cache
/// between runs.
#[derive(Debug, Default, Clone, Serialize, Deserialize)]
pub struct PythonMemo {
    answers: HashMap<String, Option<(usize, usize, String)>>,
}

impl PythonMemo {
    pub fn is_empty(&self) -> bool {
        self.answers.is_empty()
    }

    /// Whether Python has already answered for this code.
    pub fn knows(&self, code: &str) -> bool {
        self.answers.contains_key(code)
    }

    /// Checks the fragments, asking `python` only about code not seen before; keeps only
    /// the answers for these fragments (what a later build may need).
    pub fn check(&mut self, fragments: &[PythonFragment], python: PythonCheck) -> Vec<Diagnostic> {
        let new: Vec<PythonFragment> = fragments
            .iter()
            .filter(|f| !self.answers.contains_key(&f.code))
            .cloned()
            .collect();
        let answers = python.finish(&new);
        if answers.iter().any(|d| d.severity != Severity::Error) {
            // Python could not be asked: nothing to remember.
            return answers;
        }
        for f in &new {
            let last = f.line + f.code.lines().count();
            let failure = answers
                .iter()
                .find(|d| d.path == f.path && (f.line..=last).contains(&d.line))
                .map(|d| (d.line + 1 - f.line, d.col, d.message.clone()));
            self.answers.insert(f.code.clone(), failure);
        }
        let wanted: std::collections::HashSet<&str> =
            fragments.iter().map(|f| f.code.as_str()).collect();
        self.answers
            .retain(|code, _| wanted.contains(code.as_str()));
        fragments
            .iter()
            .filter_map(|f| {
                let (line, col, message) = self.answers.get(&f.code)?.clone()?;
                Some(Diagnostic::error(&f.path, f.line + line - 1, col, message))
            })
            .collect()
    }
}

/// Parses every Python fragment with `python3`; one diagnostic per fragment that fails.
/// When no `python3` can be run, one warning says the fragments went unchecked.
pub fn check_python(fragments: &[PythonFragment]) -> Vec<Diagnostic> {
    PythonCheck::new().finish(fragments)
}

#[cfg(test)]
fn check_python_with(interpreter: &str, fragments: &[PythonFragment]) -> Vec<Diagnostic> {
    PythonCheck::with(interpreter.to_string()).finish(fragments)
}

/// Sends the fragments to a started checker and turns its answer into diagnostics.
fn answer(
    child: std::io::Result<std::process::Child>,
    fragments: &[PythonFragment],
) -> Vec<Diagnostic> {
    // NUL separates the sources. Markdown never yields one (CommonMark replaces it), and
    // Python refuses one in source code just as it refuses U+FFFD, so an included file's
    // NUL is sent as U+FFFD and still fails.
    let mut input = String::new();
    for (i, f) in fragments.iter().enumerate() {
        if i > 0 {
            input.push('\0');
        }
        input.push_str(&f.code.replace('\0', "\u{FFFD}"));
    }
    let run = || -> std::io::Result<std::process::Output> {
        let mut child = child?;
        if let Some(mut stdin) = child.stdin.take() {
            stdin.write_all(input.as_bytes())?;
        }
        child.wait_with_output()
    };
    let first = &fragments[0];
    let output = match run() {
        Ok(o) if o.status.success() => o,
        Ok(o) => {
            return vec![Diagnostic::warning(
                &first.path,
                first.line,
                1,
                format!(
                    "could not check Python fragments: python3 failed: {}",
                    String::from_utf8_lossy(&o.stderr).trim()
                ),
            )];
        }
        Err(e) => {
            return vec![Diagnostic::warning(
                &first.path,
                first.line,
                1,
                format!(
                    "could not check {} Python fragment(s): cannot run python3: {e}",
                    fragments.len()
                ),
            )];
        }
    };
    // An answer that cannot be read proves nothing: say so rather than pass every fragment.
    let failures: Vec<(usize, usize, usize, String)> = match serde_json::from_slice(&output.stdout)
    {
        Ok(f) => f,
        Err(e) => {
            return vec![Diagnostic::warning(
                &first.path,
                first.line,
                1,
                format!(
                    "could not check {} Python fragment(s): python3's answer was not \
                         understood ({e})",
                    fragments.len()
                ),
            )];
        }
    };
    failures
        .into_iter()
        .filter_map(|(i, line, col, msg)| {
            let f = fragments.get(i)?;
            Some(Diagnostic::error(
                &f.path,
                (f.line + line).saturating_sub(1),
                col,
                format!("Python fragment does not parse: {msg}"),
            ))
        })
        .collect()
}

/// The Python interpreter to use: `$PYTHON` if set, else `python3`.
pub fn python() -> String {
    std::env::var("PYTHON").unwrap_or_else(|_| "python3".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rust_items_statements_and_expressions_parse() {
        assert!(parse_rust("fn main() {}\nstruct A;").is_ok());
        assert!(parse_rust("let x = vec![1, 2];\nprintln!(\"{x:?}\");").is_ok());
        assert!(parse_rust("a.iter().map(|x| x * 2).sum::<i32>()").is_ok());
    }

    #[test]
    fn rust_syntax_error_names_line() {
        let (line, _, msg) = parse_rust("fn main() {\n    let = 3;\n}\n").unwrap_err();
        assert_eq!(line, 2, "{msg}");
    }

    #[test]
    fn statement_errors_come_from_the_attempt_that_got_furthest() {
        let (line, col, msg) = parse_rust("use std::thread;\nlet h = ;\n").unwrap_err();
        assert_eq!((line, col), (2, 9), "{msg}");
        assert!(msg.contains("expected an expression"), "{msg}");
        let (_, _, msg) = parse_rust("let x = (1, 2;\n").unwrap_err();
        assert!(msg.contains("unbalanced brackets"), "{msg}");
    }

    #[test]
    fn python_syntax_error_names_line() {
        let frags = vec![
            PythonFragment {
                code: "x = 1\n".into(),
                path: "c.md".into(),
                line: 10,
            },
            PythonFragment {
                code: "def f(:\n    pass\n".into(),
                path: "c.md".into(),
                line: 20,
            },
        ];
        let d = check_python(&frags);
        assert_eq!(d.len(), 1, "{d:?}");
        assert_eq!(d[0].line, 20);
        assert!(d[0].message.contains("does not parse"));
    }

    #[test]
    fn a_nul_or_any_character_in_a_fragment_keeps_every_answer_in_its_place() {
        let frag = |code: &str, line| PythonFragment {
            code: code.into(),
            path: "c.md".into(),
            line,
        };
        let frags = vec![
            frag("a = 1\0\n", 10),
            frag("café = \"ünï\"  # non-ASCII names are Python\n", 20),
            frag("\u{1e}\u{1f}\n", 30),
            frag("def f(:\n    pass\n", 40),
            frag("", 50),
        ];
        let d = check_python(&frags);
        let lines: Vec<usize> = d.iter().map(|d| d.line).collect();
        assert_eq!(lines, [10, 30, 40], "{d:?}");
    }

    #[test]
    fn an_answer_that_is_not_understood_is_a_warning_not_a_pass() {
        let frag = PythonFragment {
            code: "x = (".into(),
            path: "content/a.md".into(),
            line: 7,
        };
        // An interpreter that reads the fragments, exits 0 and answers something not JSON.
        let dir = tempfile::tempdir().unwrap();
        let fake = dir.path().join("fake-python");
        std::fs::write(&fake, "#!/bin/sh\ncat >/dev/null\necho 'not json'\n").unwrap();
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&fake, std::fs::Permissions::from_mode(0o755)).unwrap();
        let d = check_python_with(fake.to_str().unwrap(), &[frag]);
        assert_eq!(d.len(), 1, "{d:?}");
        assert!(!d[0].is_error());
        assert!(d[0].message.contains("not understood"), "{}", d[0].message);
    }

    #[test]
    fn deep_nesting_is_an_error_with_a_position_not_a_crash() {
        let deep = format!("let x = {}1{};", "(".repeat(700), ")".repeat(700));
        // On a thread with rayon's default stack (2 MiB), like a render thread.
        let result = std::thread::Builder::new()
            .stack_size(2 * 1024 * 1024)
            .spawn(move || parse_rust(&deep))
            .unwrap()
            .join()
            .expect("no stack overflow");
        let (line, col, msg) = result.unwrap_err();
        assert_eq!((line, col), (1, 9 + MAX_NESTING));
        assert!(msg.contains("nested more than"), "{msg}");
        let braces = format!("fn f() {}{}", "{".repeat(700), "}".repeat(700));
        assert!(parse_rust(&braces).is_err());
    }

    #[test]
    fn nesting_up_to_the_limit_parses_on_a_render_thread() {
        let n = MAX_NESTING - 1;
        let ok = format!(
            "let x = {}1{};\n// ((((\nlet s = \"((((\";",
            "(".repeat(n),
            ")".repeat(n)
        );
        let result = std::thread::Builder::new()
            .stack_size(2 * 1024 * 1024)
            .spawn(move || parse_rust(&ok))
            .unwrap()
            .join()
            .expect("no stack overflow");
        assert!(result.is_ok(), "{result:?}");
    }

    #[test]
    fn deeply_nested_python_is_reported_not_a_crash() {
        let frag = PythonFragment {
            code: format!("x = {}1{}", "(".repeat(3000), ")".repeat(3000)),
            path: "content/a.md".into(),
            line: 3,
        };
        let d = check_python(&[frag]);
        assert_eq!(d.len(), 1, "{d:?}");
        assert!(d[0].is_error(), "{d:?}");
    }
}
