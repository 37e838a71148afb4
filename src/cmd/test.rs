//! `crabsnake test`: runs the chapters' Rust and `pycon` blocks ([`crate::doctest`]) and
//! prints one line per failure, `path:line`, with the compiler's or Python's output below.

use crate::doctest::{self, BlockKind, Outcome, TestOptions};

/// Runs the tests; exit code 0 when every block passed, 1 otherwise.
pub fn run(opts: &TestOptions) -> i32 {
    let report = doctest::run(opts);
    super::report(&report.diagnostics);
    if report.diagnostics.has_errors() {
        eprintln!("error: the chapters could not be read; nothing was tested");
        return 1;
    }
    for (block, outcome) in &report.results {
        let what = match block.kind {
            BlockKind::Rust { .. } => "Rust block",
            BlockKind::Pycon => "pycon block",
        };
        if let Outcome::Failed(why) = outcome {
            eprintln!(
                "{}:{}: error: {what} {why}",
                block.path.display(),
                block.line
            );
            eprintln!();
        }
    }
    let passed = report.count(|o| *o == Outcome::Passed);
    let ignored = report.count(|o| *o == Outcome::Ignored);
    let failed = report.count(|o| matches!(o, Outcome::Failed(_)));
    println!(
        "tested {} blocks: {passed} passed, {failed} failed, {ignored} ignored",
        report.results.len()
    );
    i32::from(failed > 0)
}
