//! `crabsnake test`: the code of every chapter, run. Rust blocks are compiled and run as
//! rustdoc and `mdbook test` do: `# ` lines unhidden, a `fn main` wrapped around code without
//! one, and rustdoc's attributes honoured (`ignore`, `no_run`, `compile_fail`,
//! `should_panic`, `editionNNNN`; the book's `[rust] edition` otherwise). `pycon` blocks run
//! as Python doctests, each chapter's blocks sharing one namespace, as a doctest file does.
//! Every failure names the block's `path:line` and shows the compiler's or Python's words.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use pulldown_cmark::{CodeBlockKind, Event, Parser, Tag, TagEnd};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::book;
use crate::error::{Diagnostics, LineIndex};
use crate::include;
use crate::markdown::code::hidden_lines;
use crate::markdown::code::info::{self, TestMode};
use crate::site::{self, BuildOptions};

/// How a test run is set up.
#[derive(Debug, Clone)]
pub struct TestOptions {
    /// The site or book to test.
    pub root: PathBuf,
    /// Folders of compiled libraries for `extern crate` (rustc's `-L`, as `mdbook test -L`).
    pub library_paths: Vec<PathBuf>,
    /// The longest a test program may run before it counts as failed (it may loop forever).
    pub timeout: Duration,
    /// Only the chapters whose path contains this text.
    pub filter: Option<String>,
}

/// One code block to run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    /// `src/ch.md`, as shown in messages.
    pub path: PathBuf,
    /// The line of the block's opening fence in that file.
    pub line: usize,
    pub kind: BlockKind,
    pub code: String,
}

/// What a block is tested as.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BlockKind {
    Rust { mode: TestMode, edition: String },
    Pycon,
}

/// What came of one block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Passed,
    Ignored,
    /// Why, with the compiler's or Python's output.
    Failed(String),
}

/// The result of a whole run.
#[derive(Debug, Default)]
pub struct Report {
    pub results: Vec<(Block, Outcome)>,
    /// Problems loading the chapters (a broken `SUMMARY.md`, an include that fails).
    pub diagnostics: Diagnostics,
}

impl Report {
    pub fn count(&self, what: fn(&Outcome) -> bool) -> usize {
        self.results.iter().filter(|(_, o)| what(o)).count()
    }
}

/// Finds and runs every Rust and `pycon` block of the site or book at `opts.root`.
pub fn run(opts: &TestOptions) -> Report {
    let mut report = Report::default();
    let blocks = collect(opts, &mut report.diagnostics);
    if report.diagnostics.has_errors() {
        return report;
    }
    // A folder for the test programs, removed when the run ends.
    let scratch = match tempfile::Builder::new().prefix("crabsnake-test-").tempdir() {
        Ok(s) => s,
        Err(e) => {
            report
                .diagnostics
                .push(crate::error::Diagnostic::file_error(
                    std::env::temp_dir(),
                    format!("cannot make a folder for the test programs: {e}"),
                ));
            return report;
        }
    };
    let (rust, pycon): (Vec<Block>, Vec<Block>) = blocks
        .into_iter()
        .partition(|b| matches!(b.kind, BlockKind::Rust { .. }));
    let mut results: Vec<(Block, Outcome)> = rust
        .into_par_iter()
        .enumerate()
        .map(|(i, b)| {
            let outcome = run_rust(&b, i, scratch.path(), opts);
            (b, outcome)
        })
        .collect();
    results.extend(run_pycon(pycon));
    results.sort_by(|a, b| (&a.0.path, a.0.line).cmp(&(&b.0.path, b.0.line)));
    report.results = results;
    report
}

/// Every testable block, in reading order, with its file and line.
pub fn collect(opts: &TestOptions, diags: &mut Diagnostics) -> Vec<Block> {
    let build = BuildOptions {
        root: opts.root.clone(),
        out: opts.root.join("public"),
        drafts: false,
        write: false,
        keep_files: false,
        base_url: None,
        cache_dir: None,
    };
    let (sandbox, config) = site::settings(&build, diags);
    let content = site::pages(&sandbox, &config, false, diags);
    let edition = config
        .book
        .as_ref()
        .and_then(|b| b.edition.clone())
        .unwrap_or_else(|| "2021".to_string());
    let mut blocks = Vec::new();
    for page in content.pages().filter(|p| !content.is_copy(p)) {
        let source = &page.source;
        if opts
            .filter
            .as_ref()
            .is_some_and(|f| !source.rel.to_string_lossy().contains(f.as_str()))
        {
            continue;
        }
        let dir = sandbox
            .root()
            .join(&config.content_dir)
            .join(source.content_rel.parent().unwrap_or(Path::new("")));
        // A book: the same text the build renders, includes expanded, lines mapped back.
        // A site includes its code from files its own tests compile and run (see
        // CONTRIBUTING), so its included blocks are left to them.
        let (body, body_line) = if content.bodies_released {
            match source.read_body(&sandbox) {
                Ok(read) => read,
                Err(problem) => {
                    diags.push(problem);
                    continue;
                }
            }
        } else {
            (source.body.clone(), source.body_line)
        };
        let expanded = match config.book {
            Some(_) => book::links::expand(&body, &dir, &source.rel, &sandbox),
            None => book::links::Expanded {
                text: body,
                ..Default::default()
            },
        };
        diags.extend(expanded.problems.iter().cloned());
        let lines = LineIndex::new(&expanded.text);
        let mut open: Option<(usize, info::Info)> = None;
        let mut code = String::new();
        for (event, range) in
            Parser::new_ext(&expanded.text, crate::markdown::options()).into_offset_iter()
        {
            match event {
                Event::Start(Tag::CodeBlock(kind)) => {
                    let text = match &kind {
                        CodeBlockKind::Fenced(info) => info.to_string(),
                        CodeBlockKind::Indented => String::new(),
                    };
                    let (line, _) = lines.line_col(&expanded.text, range.start);
                    let line = expanded.map.source_line(line) + body_line;
                    // rustdoc tests a fence without a language as Rust; an indented block is
                    // not a fence, and not tested.
                    let fenced = matches!(kind, CodeBlockKind::Fenced(_));
                    let (parsed, _) = info::parse(if text.trim().is_empty() {
                        "rust"
                    } else {
                        &text
                    });
                    open = fenced.then_some((line, parsed));
                    code.clear();
                }
                Event::Text(t) if open.is_some() => code.push_str(&t),
                Event::End(TagEnd::CodeBlock) => {
                    let Some((line, parsed)) = open.take() else {
                        continue;
                    };
                    let included = code.lines().any(|l| include::parse_directive(l).is_some());
                    let kind = match parsed.lang.as_str() {
                        "rust" if !parsed.fragment => BlockKind::Rust {
                            mode: if included {
                                TestMode::Ignore
                            } else {
                                parsed.test
                            },
                            edition: parsed.edition.clone().unwrap_or_else(|| edition.clone()),
                        },
                        "pycon" => BlockKind::Pycon,
                        _ => continue,
                    };
                    blocks.push(Block {
                        path: source.rel.clone(),
                        line,
                        kind,
                        code: code.clone(),
                    });
                }
                _ => {}
            }
        }
    }
    blocks
}

/// The program rustdoc would make of a block: hidden lines back, `fn main` around code
/// without one (crate attributes and `extern crate` lines stay outside it); and for each
/// line of the program, the line of the block it came from (0 for the lines added).
pub fn rust_program(code: &str) -> (String, Vec<usize>) {
    let (full, _) = hidden_lines(code);
    let mut program = String::from("#![allow(unused)]\n");
    let mut from = vec![0];
    if full.contains("fn main") {
        program.push_str(&full);
        from.extend(1..=full.lines().count());
        return (program, from);
    }
    let mut body = String::new();
    let mut body_from = Vec::new();
    for (i, line) in full.lines().enumerate() {
        let t = line.trim_start();
        if (t.starts_with("#![") || t.starts_with("extern crate")) && body.trim().is_empty() {
            program.push_str(line);
            program.push('\n');
            from.push(i + 1);
        } else {
            body.push_str(line);
            body.push('\n');
            body_from.push(i + 1);
        }
    }
    program.push_str("fn main() {\n");
    from.push(0);
    program.push_str(&body);
    from.extend(body_from);
    program.push_str("}\n");
    from.push(0);
    (program, from)
}

/// The compiler's or the program's words with the test program's `file:line:col` turned
/// into the chapter's (`src/ch.md:12:5`), so a message points where the author can fix it.
fn in_chapter_terms(text: &str, program: &Path, block: &Block, from: &[usize]) -> String {
    let name = program.to_string_lossy();
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(name.as_ref()) {
        out.push_str(&rest[..at]);
        let after = &rest[at + name.len()..];
        let digits: String = after
            .strip_prefix(':')
            .map(|a| a.chars().take_while(char::is_ascii_digit).collect())
            .unwrap_or_default();
        match digits
            .parse::<usize>()
            .ok()
            .and_then(|l| from.get(l.checked_sub(1)?))
        {
            Some(&code_line) if code_line > 0 => {
                out.push_str(&format!(
                    "{}:{}",
                    block.path.display(),
                    block.line + code_line
                ));
                rest = &after[1 + digits.len()..];
            }
            _ => {
                out.push_str(&block.path.display().to_string());
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

fn run_rust(block: &Block, index: usize, scratch: &Path, opts: &TestOptions) -> Outcome {
    let BlockKind::Rust { mode, edition } = &block.kind else {
        return Outcome::Ignored;
    };
    if *mode == TestMode::Ignore {
        return Outcome::Ignored;
    }
    let source = scratch.join(format!("block_{index}.rs"));
    let binary = scratch.join(format!("block_{index}"));
    let (program, from) = rust_program(&block.code);
    if let Err(e) = std::fs::write(&source, program) {
        return Outcome::Failed(format!("cannot write the test program: {e}"));
    }
    let mut rustc = Command::new(std::env::var("RUSTC").unwrap_or_else(|_| "rustc".into()));
    rustc
        .arg("--edition")
        .arg(edition)
        .args(["--crate-type", "bin", "--crate-name"])
        .arg(format!("block_{index}"))
        .args(["-A", "warnings", "-o"])
        .arg(&binary)
        .arg(&source);
    for dir in &opts.library_paths {
        rustc.arg("-L").arg(dir);
    }
    let compiled = match rustc.output() {
        Ok(o) => o,
        Err(e) => return Outcome::Failed(format!("cannot run rustc: {e}")),
    };
    let errors = in_chapter_terms(
        &String::from_utf8_lossy(&compiled.stderr),
        &source,
        block,
        &from,
    );
    match (mode, compiled.status.success()) {
        (TestMode::CompileFail, true) => {
            return Outcome::Failed("compiled, but the block is marked `compile_fail`".into());
        }
        (TestMode::CompileFail, false) => return Outcome::Passed,
        (_, false) => return Outcome::Failed(format!("does not compile:\n{errors}")),
        (TestMode::NoRun, true) => return Outcome::Passed,
        _ => {}
    }
    match run_with_timeout(&binary, opts.timeout) {
        Err(e) => Outcome::Failed(e),
        Ok((success, output)) => match (mode, success) {
            (TestMode::ShouldPanic, false) | (TestMode::Run, true) => Outcome::Passed,
            (TestMode::ShouldPanic, true) => {
                Outcome::Failed("ran to the end, but the block is marked `should_panic`".into())
            }
            _ => Outcome::Failed(format!(
                "failed when run:\n{}",
                in_chapter_terms(&output, &source, block, &from)
            )),
        },
    }
}

/// Runs a test program; `(exited successfully, its output)`, or why it was stopped.
fn run_with_timeout(binary: &Path, timeout: Duration) -> Result<(bool, String), String> {
    let mut child = Command::new(binary)
        // A panic's message and place, without a backtrace of the test program's frames.
        .env("RUST_BACKTRACE", "0")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot run the compiled block: {e}"))?;
    let started = Instant::now();
    loop {
        match child.try_wait() {
            Ok(Some(_)) => break,
            Ok(None) if started.elapsed() > timeout => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(format!(
                    "still running after {} s: stopped (a loop that never ends?)",
                    timeout.as_secs()
                ));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(5)),
            Err(e) => return Err(format!("cannot wait for the compiled block: {e}")),
        }
    }
    let out = child
        .wait_with_output()
        .map_err(|e| format!("cannot read the block's output: {e}"))?;
    let text =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    Ok((out.status.success(), text))
}

/// Runs every `pycon` block in one Python process: the blocks of a chapter share a
/// namespace, and a failure comes back with doctest's own report.
const PYCON_RUNNER: &str = r#"
import doctest, json, sys
blocks = json.load(sys.stdin)
spaces = {}
results = []
for b in blocks:
    globs = spaces.setdefault(b["path"], {"__name__": "__crabsnake_doctest__"})
    test = doctest.DocTestParser().get_doctest(b["code"], globs, b["path"], b["path"], b["line"])
    lines = []
    runner = doctest.DocTestRunner(verbose=False, optionflags=doctest.ELLIPSIS)
    runner.run(test, out=lines.append, clear_globs=False)
    spaces[b["path"]] = test.globs
    results.append("".join(lines).replace("*" * 70 + "\n", ""))
json.dump(results, sys.stdout)
"#;

#[derive(Serialize)]
struct PyconBlock<'a> {
    path: String,
    /// The line of the block's first line of code, counted from 0 (doctest adds its own 1).
    line: usize,
    code: &'a str,
}

#[derive(Deserialize)]
struct PyconResults(Vec<String>);

fn run_pycon(blocks: Vec<Block>) -> Vec<(Block, Outcome)> {
    if blocks.is_empty() {
        return Vec::new();
    }
    let input: Vec<PyconBlock> = blocks
        .iter()
        .map(|b| PyconBlock {
            path: b.path.to_string_lossy().replace('\\', "/"),
            line: b.line,
            code: &b.code,
        })
        .collect();
    let answer = python_answer(&serde_json::to_string(&input).unwrap_or_default());
    match answer {
        Ok(PyconResults(reports)) if reports.len() == blocks.len() => blocks
            .into_iter()
            .zip(reports)
            .map(|(b, r)| {
                let outcome = if r.trim().is_empty() {
                    Outcome::Passed
                } else {
                    Outcome::Failed(format!("failed:\n{r}"))
                };
                (b, outcome)
            })
            .collect(),
        Ok(_) => fail_all(blocks, "Python's answer did not match the blocks sent"),
        Err(e) => fail_all(blocks, &e),
    }
}

fn fail_all(blocks: Vec<Block>, why: &str) -> Vec<(Block, Outcome)> {
    blocks
        .into_iter()
        .map(|b| (b, Outcome::Failed(why.to_string())))
        .collect()
}

fn python_answer(input: &str) -> Result<PyconResults, String> {
    use std::io::Write;
    let python = crate::snippets::python();
    let mut child = Command::new(&python)
        .args(["-c", PYCON_RUNNER])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot run {python}: {e}"))?;
    if let Some(mut stdin) = child.stdin.take() {
        stdin
            .write_all(input.as_bytes())
            .map_err(|e| format!("cannot send the blocks to {python}: {e}"))?;
    }
    let out = child
        .wait_with_output()
        .map_err(|e| format!("{python} failed: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "{python} failed:\n{}",
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    serde_json::from_slice(&out.stdout).map_err(|e| format!("{python}'s answer was not read: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_without_main_is_wrapped_as_rustdoc_does() {
        let (program, from) =
            rust_program("#![deny(unsafe_code)]\nlet x = 1;\n# assert_eq!(x, 1);\n");
        assert_eq!(
            program,
            "#![allow(unused)]\n#![deny(unsafe_code)]\nfn main() {\nlet x = 1;\nassert_eq!(x, 1);\n}\n"
        );
        // Program line 5 (`assert_eq!`) is the block's line 3.
        assert_eq!(from, [0, 1, 0, 2, 3, 0]);
        let own = "# fn main() {\nprintln!(\"hi\");\n# }\n";
        assert_eq!(
            rust_program(own).0,
            "#![allow(unused)]\nfn main() {\nprintln!(\"hi\");\n}\n"
        );
    }
}
