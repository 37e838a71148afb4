//! Runs the built `logcount` binary the way a user or a CI job would.

use std::io::Write;
use std::process::{Command, Output, Stdio};

fn run(args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_logcount"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary starts");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

const LOG: &str = "\
2026-11-22T09:00:00Z INFO started
2026-11-22T09:00:02Z ERROR disk full
2026-11-22T09:00:03Z ERROR disk still full
";

#[test]
fn prints_counts_and_succeeds_without_a_limit() {
    let out = run(&[], LOG);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "error=2 warn=0 info=1 other=0\n"
    );
}

#[test]
fn exits_1_when_errors_exceed_the_limit() {
    assert_eq!(run(&["--max-errors", "1"], LOG).status.code(), Some(1));
    assert_eq!(run(&["--max-errors", "2"], LOG).status.code(), Some(0));
}

#[test]
fn exits_2_on_a_usage_error_or_missing_file() {
    let out = run(&["--max-errors", "lots"], "");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("usage:"));

    let out = run(&["/no/such/file.log"], "");
    assert_eq!(out.status.code(), Some(2));
}
