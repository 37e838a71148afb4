//! Run the real binary, as a user (or a release pipeline) would.

use std::io::Write;
use std::process::{Command, Stdio};

// ANCHOR: test
#[test]
fn prints_its_version() {
    let output = Command::new(env!("CARGO_BIN_EXE_ch09-cli"))
        .arg("--version")
        .output()
        .unwrap();
    assert!(output.status.success());
    assert_eq!(
        String::from_utf8(output.stdout).unwrap(),
        "ch09-cli 0.3.0\n"
    );
}
// ANCHOR_END: test

#[test]
fn counts_lines_on_stdin() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_ch09-cli"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(b"a\nb\nc\n").unwrap();
    let output = child.wait_with_output().unwrap();
    assert_eq!(String::from_utf8(output.stdout).unwrap(), "3\n");
}

#[test]
fn rejects_unknown_options_with_exit_code_2() {
    let output = Command::new(env!("CARGO_BIN_EXE_ch09-cli"))
        .arg("--fast")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        String::from_utf8(output.stderr).unwrap(),
        "ch09-cli: unknown option --fast\n"
    );
}
