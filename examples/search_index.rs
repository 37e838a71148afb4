//! Builds only the search index of a site, without rendering pages through templates, so its
//! size can be measured on books too big to build in full yet:
//!
//!     cargo run --release --example search_index -- SITE OUT
//!
//! Writes the index files under OUT and prints their count and total size.

use std::path::PathBuf;
use std::sync::Mutex;

use crabsnake::content::{self, LoadOptions};
use crabsnake::error::Diagnostics;
use crabsnake::files::Sandbox;
use crabsnake::highlight::Highlighter;
use crabsnake::template_facts::TemplateFacts;
use crabsnake::{config, render, search};

fn main() {
    let args: Vec<PathBuf> = std::env::args_os().skip(1).map(PathBuf::from).collect();
    let [site, out] = args.as_slice() else {
        eprintln!("usage: search_index SITE OUT");
        std::process::exit(2);
    };
    let sandbox = Sandbox::new(site);
    let config = config::load(&sandbox).unwrap_or_else(|_| config::fallback());
    let mut diags = Diagnostics::default();
    let content = content::load(&sandbox, LoadOptions::default(), &mut diags);
    let urls = content.urls();
    let facts = TemplateFacts::default();
    let inputs = render::Inputs {
        sandbox: &sandbox,
        content: &content,
        urls: &urls,
        highlighter: Highlighter::shared(),
        config: &config,
        facts: &facts,
    };
    // Each page's sections, taken as it is rendered (the build gives them to the index then).
    let sections = Mutex::new(Vec::new());
    let take = |r: &mut render::RenderedPage| {
        let taken = std::mem::take(&mut r.rendered.sections);
        let mut all = sections.lock().unwrap();
        all.push((r.index, r.page.title.clone(), r.page.output_name(), taken));
        Vec::new()
    };
    render::pages(&inputs, &take, None);
    let mut sections = sections.into_inner().unwrap();
    sections.sort_by_key(|(index, ..)| *index);
    let entries: Vec<search::Entry> = sections
        .iter()
        .flat_map(|(_, title, url, sections)| search::entries(title, url, sections))
        .collect();
    let files = search::files(&entries).expect("the search index reads back its term counts");
    let mut total = 0;
    for (path, bytes) in &files {
        let path = out.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, bytes).unwrap();
        total += bytes.len();
    }
    println!(
        "{} sections, {} files, {total} bytes",
        entries.len(),
        files.len()
    );
}
