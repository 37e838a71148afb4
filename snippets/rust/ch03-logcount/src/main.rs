// ANCHOR: main
use std::fs::File;
use std::io::{self, BufReader};
use std::process::ExitCode;

use ch03_logcount::{count_levels, parse_args};

fn main() -> ExitCode {
    let options = match parse_args(std::env::args().skip(1)) {
        Ok(options) => options,
        Err(message) => {
            eprintln!("logcount: {message}\nusage: logcount [--max-errors N] [FILE]");
            return ExitCode::from(2);
        }
    };
    let counts = match &options.path {
        Some(path) => File::open(path).and_then(|f| count_levels(BufReader::new(f))),
        None => count_levels(io::stdin().lock()),
    };
    let counts = match counts {
        Ok(counts) => counts,
        Err(err) => {
            eprintln!("logcount: {err}");
            return ExitCode::from(2);
        }
    };
    println!(
        "error={} warn={} info={} other={}",
        counts.error, counts.warn, counts.info, counts.other
    );
    match options.max_errors {
        Some(max) if counts.error > max => ExitCode::from(1),
        _ => ExitCode::SUCCESS,
    }
}
// ANCHOR_END: main
