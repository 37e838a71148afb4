//! `logcount`: count log lines by level, and fail when there are too many errors.
//!
//! Each log line looks like `2026-11-22T09:00:00Z ERROR disk full`: a timestamp,
//! a level, then free text. Lines with no known level are counted as `other`.
//! The library holds the logic; `main.rs` only deals with the process.

use std::io::{self, BufRead};

// ANCHOR: counts
/// How many lines of each level a log contains.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub error: u64,
    pub warn: u64,
    pub info: u64,
    pub other: u64,
}

/// Reads the log one line at a time, so memory use stays flat
/// however large the file is.
pub fn count_levels(reader: impl BufRead) -> io::Result<Counts> {
    let mut counts = Counts::default();
    for line in reader.lines() {
        let line = line?;
        match line.split_whitespace().nth(1) {
            Some("ERROR") => counts.error += 1,
            Some("WARN") => counts.warn += 1,
            Some("INFO") => counts.info += 1,
            _ => counts.other += 1,
        }
    }
    Ok(counts)
}
// ANCHOR_END: counts

/// What the command line asked for.
#[derive(Debug, PartialEq, Eq)]
pub struct Options {
    /// Exit with status 1 when the log has more errors than this.
    pub max_errors: Option<u64>,
    /// Read this file; `None` means standard input.
    pub path: Option<String>,
}

// ANCHOR: args
/// Parses `[--max-errors N] [FILE]` by hand: no dependency needed for two options.
pub fn parse_args(args: impl IntoIterator<Item = String>) -> Result<Options, String> {
    let mut options = Options {
        max_errors: None,
        path: None,
    };
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        if arg == "--max-errors" {
            let value = args.next().ok_or("--max-errors needs a number")?;
            let n = value
                .parse()
                .map_err(|_| format!("--max-errors: {value:?} is not a whole number"))?;
            options.max_errors = Some(n);
        } else if arg.starts_with('-') {
            return Err(format!("unknown option {arg}"));
        } else if options.path.replace(arg).is_some() {
            return Err("give at most one file".to_string());
        }
    }
    Ok(options)
}
// ANCHOR_END: args

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn counts_each_level_and_the_rest() {
        let log = "\
2026-11-22T09:00:00Z INFO started
2026-11-22T09:00:01Z WARN cache cold
2026-11-22T09:00:02Z ERROR disk full
2026-11-22T09:00:03Z ERROR disk still full

a line with no level
";
        let counts = count_levels(log.as_bytes()).unwrap();
        let expected = Counts {
            error: 2,
            warn: 1,
            info: 1,
            other: 2,
        };
        assert_eq!(counts, expected);
    }

    #[test]
    fn invalid_utf8_is_an_error_not_a_panic() {
        let bytes: &[u8] = b"2026-11-22T09:00:00Z INFO \xff\n";
        assert!(count_levels(bytes).is_err());
    }

    #[test]
    fn no_arguments_means_stdin_and_no_limit() {
        let options = parse_args(args(&[])).unwrap();
        assert_eq!(
            options,
            Options {
                max_errors: None,
                path: None
            }
        );
    }

    #[test]
    fn reads_limit_and_file() {
        let options = parse_args(args(&["--max-errors", "3", "app.log"])).unwrap();
        assert_eq!(options.max_errors, Some(3));
        assert_eq!(options.path.as_deref(), Some("app.log"));
    }

    #[test]
    fn rejects_bad_arguments() {
        assert!(parse_args(args(&["--max-errors"])).is_err());
        assert!(parse_args(args(&["--max-errors", "many"])).is_err());
        assert!(parse_args(args(&["--verbose"])).is_err());
        assert!(parse_args(args(&["a.log", "b.log"])).is_err());
    }
}
