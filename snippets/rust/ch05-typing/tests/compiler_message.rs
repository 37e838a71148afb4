//! The chapter quotes the compiler's error for passing plain numbers where `Temperature`s are
//! expected. This test compiles that call with the current rustc and checks the quote in
//! `src/main.rs` is what rustc prints, so a change in the message fails here.

use std::process::Command;

const MAIN: &str = include_str!("../src/main.rs");

#[test]
fn the_quoted_error_is_what_rustc_prints() {
    // The program up to its `main`, then a `main` that makes the mistake.
    let items = MAIN.split("fn main()").next().unwrap();
    let program = format!("{items}fn main() {{\n    average_celsius(&[20.0, 25.0]);\n}}\n");
    let dir = std::env::temp_dir().join(format!("ch05-typing-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("wrong.rs");
    std::fs::write(&file, program).unwrap();
    let rustc = std::env::var("RUSTC").unwrap_or_else(|_| "rustc".into());
    let out = Command::new(rustc)
        .args([
            "--edition",
            "2024",
            "--crate-type",
            "bin",
            "--emit",
            "metadata",
            "-o",
        ])
        .arg(dir.join("wrong.rmeta"))
        .arg(&file)
        .output()
        .expect("rustc runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "the mistake compiled:\n{stderr}");
    for quoted in [
        "error[E0308]: mismatched types",
        "expected `Temperature`, found floating-point number",
    ] {
        assert!(
            stderr.contains(quoted),
            "rustc no longer prints {quoted:?}:\n{stderr}"
        );
        assert!(
            MAIN.contains(quoted),
            "src/main.rs does not quote {quoted:?}"
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}
