//! Any bytes as a chapter body: rendering never panics, and every diagnostic points inside
//! the body.
#![no_main]

use std::path::Path;
use std::sync::OnceLock;

use crabsnake::files::Sandbox;
use crabsnake::highlight::Highlighter;
use crabsnake::markdown::{RenderContext, render};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    static HIGHLIGHTER: OnceLock<Highlighter> = OnceLock::new();
    let Ok(body) = std::str::from_utf8(data) else {
        return;
    };
    let pages = Default::default();
    let reserved = Default::default();
    let sandbox = Sandbox::new(Path::new("."));
    let ctx = RenderContext {
        rel: Path::new("content/fuzz.md"),
        content_rel: Path::new("fuzz.md"),
        body_line: 3,
        base_dir: Path::new("."),
        sandbox: &sandbox,
        pages: &pages,
        highlighter: HIGHLIGHTER.get_or_init(Highlighter::new),
        reserved_ids: &reserved,
        verify_snippets: true,
        lines: Default::default(),
    };
    let out = render(body, &ctx);
    let last = 3 + body.lines().count().max(1) + 1;
    for d in &out.diagnostics {
        assert!(d.line == 0 || (d.line > 3 && d.line <= last), "{d}");
    }
});
