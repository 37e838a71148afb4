//! `ch09-cli`: count lines in files or on standard input.
//! A small, dependency-free binary to build, test and ship.

use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::process::ExitCode;

// ANCHOR: version
/// "ch09-cli 0.3.0": both parts are filled in by Cargo at compile time
/// from Cargo.toml, so the binary can never disagree with its manifest.
fn version_line() -> String {
    format!("{} {}", env!("CARGO_PKG_NAME"), env!("CARGO_PKG_VERSION"))
}
// ANCHOR_END: version

#[derive(Debug, PartialEq)]
enum Command {
    Version,
    Help,
    Count(Vec<String>),
}

// ANCHOR: parse
fn parse_args(args: &[String]) -> Result<Command, String> {
    match args {
        [flag] if flag == "--version" || flag == "-V" => Ok(Command::Version),
        [flag] if flag == "--help" || flag == "-h" => Ok(Command::Help),
        _ => match args
            .iter()
            .find(|a| a.starts_with('-') && a.as_str() != "-")
        {
            Some(unknown) => Err(format!("unknown option {unknown}")),
            None => Ok(Command::Count(args.to_vec())),
        },
    }
}
// ANCHOR_END: parse

fn count_lines(reader: impl Read) -> io::Result<u64> {
    let mut total = 0;
    for line in BufReader::new(reader).split(b'\n') {
        line?;
        total += 1;
    }
    Ok(total)
}

fn run(command: Command) -> io::Result<()> {
    match command {
        Command::Version => println!("{}", version_line()),
        Command::Help => println!(
            "{}\nusage: ch09-cli [FILE]...  (no FILE or - reads stdin)",
            version_line()
        ),
        Command::Count(paths) if paths.is_empty() => {
            println!("{}", count_lines(io::stdin().lock())?)
        }
        Command::Count(paths) => {
            for path in paths {
                let n = if path == "-" {
                    count_lines(io::stdin().lock())?
                } else {
                    count_lines(File::open(&path)?)?
                };
                println!("{n}\t{path}");
            }
        }
    }
    Ok(())
}

// ANCHOR: main
fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match parse_args(&args) {
        Ok(command) => run(command).map_err(|error| error.to_string()),
        Err(message) => Err(message),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("ch09-cli: {message}");
            ExitCode::from(2)
        }
    }
}
// ANCHOR_END: main

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(args: &[&str]) -> Vec<String> {
        args.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn version_comes_from_the_manifest() {
        assert_eq!(version_line(), "ch09-cli 0.3.0");
    }

    #[test]
    fn parses_flags_and_files() {
        assert_eq!(parse_args(&strings(&["--version"])), Ok(Command::Version));
        assert_eq!(parse_args(&strings(&["-h"])), Ok(Command::Help));
        assert_eq!(
            parse_args(&strings(&["a.txt", "-"])),
            Ok(Command::Count(strings(&["a.txt", "-"])))
        );
        assert_eq!(
            parse_args(&strings(&["--fast"])),
            Err("unknown option --fast".to_string())
        );
    }

    #[test]
    fn counts_lines_with_or_without_a_final_newline() {
        assert_eq!(count_lines(&b""[..]).unwrap(), 0);
        assert_eq!(count_lines(&b"one\ntwo\n"[..]).unwrap(), 2);
        assert_eq!(count_lines(&b"one\ntwo"[..]).unwrap(), 2);
    }
}
