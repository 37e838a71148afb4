//! `build` and `check`: run the whole build; `check` writes nothing and also fails on
//! warnings, since it is the gate contributors and CI run.

use crate::cmd::{human_size, report};
use crate::error::Error;
use crate::site::{self, BuildOptions};

/// Builds (or, with `opts.write == false`, checks) and prints a one-line summary; with
/// `timings`, also how long each stage took.
pub fn run(opts: &BuildOptions, timings: bool) -> i32 {
    match site::build(opts) {
        Ok(summary) => {
            report(&summary.diagnostics);
            let verb = if opts.write { "built" } else { "checked" };
            let place = if opts.write {
                format!(" into {}", opts.out.display())
            } else {
                String::new()
            };
            println!(
                "{verb} {} pages, {} warning{}, {} in {} ms{place}",
                summary.pages,
                summary.diagnostics.warning_count(),
                if summary.diagnostics.warning_count() == 1 {
                    ""
                } else {
                    "s"
                },
                human_size(summary.bytes),
                summary.elapsed_ms
            );
            if timings {
                print!("{}", summary.timings);
            }
            // `check` is the gate contributors and CI run: a warning there is a problem too.
            let warnings = summary.diagnostics.warning_count();
            if !opts.write && warnings > 0 {
                eprintln!(
                    "error: check found {warnings} warning(s); fix them so the site builds cleanly"
                );
                return 1;
            }
            0
        }
        Err(failure) => {
            report(&failure.diagnostics);
            match failure.error {
                Error::Input { errors } => eprintln!(
                    "error: {errors} problem(s) found; {}",
                    if opts.write {
                        "nothing was written, the previous output is unchanged"
                    } else {
                        "fix them and run check again"
                    }
                ),
                other => eprintln!("error: {other}"),
            }
            1
        }
    }
}
