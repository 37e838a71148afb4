// ANCHOR: main
use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let Some(path) = std::env::args_os().nth(1).map(PathBuf::from) else {
        eprintln!("usage: csv-count FILE.csv");
        return ExitCode::from(2);
    };
    match csv_count::count_rows_in_file(&path) {
        Ok(rows) => {
            println!("{rows}");
            ExitCode::SUCCESS
        }
        Err(err) => {
            eprintln!("csv-count: {}: {err}", path.display());
            ExitCode::FAILURE
        }
    }
}
// ANCHOR_END: main
