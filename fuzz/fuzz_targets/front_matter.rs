//! Any bytes as a chapter file: splitting and parsing front matter never panics, and a problem
//! names a line of the file.
#![no_main]

use crabsnake::content::parse_source;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Err(d) = parse_source("content/fuzz.md".into(), "fuzz.md".into(), text) {
        let lines = text.lines().count().max(1);
        assert!(d.line <= lines + 1, "{d}");
    }
});
