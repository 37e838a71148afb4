//! The whole build, as the list of its stages: load the settings, the content and the
//! templates; render every page; check every internal link and snippet; assemble the output
//! files; write them atomically (or, for `check`, write nothing). Each stage lives in the
//! module that owns it; problems are collected from all of them, never thrown.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use crate::assemble::{self, Shared, Stopped};
use crate::assets;
use crate::book;
use crate::cache::{self, BuildCache};
use crate::config;
use crate::config::Config;
use crate::content::{self, Content, LoadOptions};
use crate::error::{Diagnostic, Diagnostics, Error};
use crate::files::Sandbox;
use crate::highlight::Highlighter;
use crate::linkcheck;
use crate::nav;
use crate::output::{self, Files, Sink};
use crate::print;
use crate::render::{self, RenderCache, RenderedPage};
use crate::search;
use crate::snippets;
use crate::templates;
use crate::timings::Timings;

/// What to build and where.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// The site directory: `site.toml`, `content/`, `templates/`, `static/`.
    pub root: PathBuf,
    /// The output directory (default `root/public`).
    pub out: PathBuf,
    /// Include `draft = true` chapters.
    pub drafts: bool,
    /// False for `check`: do everything but write.
    pub write: bool,
    /// Without `write`: keep every file in memory, in [`Summary::files`] (for tests and
    /// tools that read the site); otherwise a check only counts them.
    pub keep_files: bool,
    /// Overrides `site.toml`'s `base_url` (`--base-url`).
    pub base_url: Option<String>,
    /// The build cache's folder ([`crate::cache`]); `None` builds without one.
    pub cache_dir: Option<PathBuf>,
}

/// A finished build.
#[derive(Debug)]
pub struct Summary {
    pub pages: usize,
    pub bytes: u64,
    pub elapsed_ms: u128,
    /// Warnings only (a build with errors is a [`Failure`]).
    pub diagnostics: Diagnostics,
    /// The files of the site, when asked for with [`BuildOptions::keep_files`] (a build
    /// writes them instead, and `check` only counts them).
    pub files: Files,
    /// How long each stage took.
    pub timings: Timings,
    /// Folders outside the site's folder that the build read files from (a book's
    /// includes from the repository around it): `serve` watches them too.
    pub read_outside: Vec<PathBuf>,
}

/// A build that stopped; the previous output is untouched.
#[derive(Debug)]
pub struct Failure {
    pub diagnostics: Diagnostics,
    pub error: Error,
}

/// The settings, and the [`Sandbox`] every read goes through: a book's `book.toml` (whose
/// includes may read the repository around it) or a site's `site.toml`.
pub fn settings(opts: &BuildOptions, diags: &mut Diagnostics) -> (Sandbox, Config) {
    let (sandbox, mut config) = if book::is_book(&opts.root) {
        let sandbox = Sandbox::new(&opts.root);
        match book::load(&sandbox) {
            Ok((config, warnings)) => {
                diags.extend(warnings);
                let reach = config.book.as_ref().map(|b| b.reach.clone());
                let sandbox = match reach {
                    Some(reach) => Sandbox::reaching(&opts.root, &reach),
                    None => sandbox,
                };
                (sandbox, config)
            }
            Err(d) => {
                diags.push(d);
                (sandbox, config::fallback())
            }
        }
    } else {
        let sandbox = Sandbox::new(&opts.root);
        let config = config::load(&sandbox).unwrap_or_else(|d| {
            diags.push(d);
            config::fallback()
        });
        (sandbox, config)
    };
    if let Some(url) = &opts.base_url {
        config.base_url = url.clone();
    }
    (sandbox, config)
}

/// The pages: a book's, in its `SUMMARY.md` order, or a site's `content/`.
pub fn pages(sandbox: &Sandbox, config: &Config, drafts: bool, diags: &mut Diagnostics) -> Content {
    match config.book {
        Some(_) => book::content(sandbox, config, diags),
        None => content::load(sandbox, LoadOptions { drafts }, diags),
    }
}

/// Builds the site described by `opts`.
pub fn build(opts: &BuildOptions) -> Result<Summary, Failure> {
    build_with(opts, None)
}

/// [`build`], reusing the pages a [`RenderCache`] kept from an earlier build whose sources
/// they still match (`serve` keeps one), and keeping this build's pages in it.
pub fn build_with(
    opts: &BuildOptions,
    mut cache: Option<&mut RenderCache>,
) -> Result<Summary, Failure> {
    let started = Instant::now();
    let mut clock = Timings::start();
    let mut diags = Diagnostics::default();
    let failed = |diags: Diagnostics| Failure {
        error: Error::Input {
            errors: diags.error_count(),
        },
        diagnostics: diags,
    };
    if opts.write {
        // Refuse a foreign output directory before doing any work.
        if let Err(error) = output::check_destination(&opts.root, &opts.out) {
            return Err(Failure {
                diagnostics: diags,
                error,
            });
        }
    }

    // git's answer comes while the rest loads.
    let history = crate::history::start(&opts.root);
    let (sandbox, config) = settings(opts, &mut diags);
    let content = pages(&sandbox, &config, opts.drafts, &mut diags);
    let templates = templates::load(&sandbox)
        .map_err(|ds| diags.extend(ds))
        .ok();
    let facts = templates
        .as_ref()
        .map(|t| t.facts.clone())
        .unwrap_or_default();
    let (assets, problems) = assets::load(&sandbox, &config);
    diags.extend(problems);
    let print = templates.as_ref().is_some_and(|t| {
        t.tera.get_template_names().any(|n| n == "print.html")
            && content.chapters.len() <= print::MAX_CHAPTERS
    });
    // A big book's shared sidebar (nav.js) is made first: pages load it by its fingerprint.
    let nav_script = match &templates {
        Some(t) if nav::is_shared(&content) => {
            match assemble::shared_nav_script(&config, &content, t, print) {
                Ok(script) => Some(script),
                Err(d) => {
                    diags.push(d);
                    None
                }
            }
        }
        _ => None,
    };
    let mut templates = templates;
    if let Some(t) = templates.as_mut() {
        let mut urls = assets::AssetUrl(assets.fingerprints());
        if let Some(script) = &nav_script {
            urls = urls.with("nav.js", script.as_bytes());
        }
        t.tera.register_function("asset", urls);
    }
    let highlighter = Highlighter::shared();
    // `serve` keeps its own cache in memory; `build` and `check` read the one on disk.
    let mut disk = match (&opts.cache_dir, &cache) {
        (Some(dir), None) if content.pages().count() <= cache::MAX_PAGES => {
            Some(BuildCache::open(dir, &opts.root, highlighter))
        }
        _ => None,
    };
    let urls = content.urls();
    clock.lap("load");

    // Python starts now when a page mentions fragments, or else with the first page found
    // to have one, so that its start-up overlaps the rendering; the fragments are sent when
    // all are known.
    let python = snippets::PythonCheck::new();
    // What Python has answered before: in the build cache, or in `serve`'s memory.
    let serving = cache.as_ref().map(|c| c.python().clone());
    let known = disk.as_ref().map(|d| &d.python).or(serving.as_ref());
    if content.fragments_likely && known.is_none_or(|k| k.is_empty()) {
        python.start();
    }

    // Each page goes through its template and to the output (or to memory, for `check`) as
    // soon as its Markdown is rendered, so a big book is never held in memory twice. The
    // output is a staging folder until the end: a problem found later leaves the previous
    // site as it was.
    let sink = match (&templates, opts.write) {
        (None, _) => None,
        (Some(_), false) if opts.keep_files => Some(Sink::memory()),
        (Some(_), false) => Some(Sink::counted()),
        (Some(_), true) => match output::Staging::begin(&opts.out) {
            Ok(staging) => Some(Sink::disk(staging)),
            Err(error) => {
                return Err(Failure {
                    diagnostics: diags,
                    error,
                });
            }
        },
    };
    // A big book's shared sidebar is written now, not held to the end.
    if let (Some(script), Some(sink)) = (nav_script, &sink)
        && let Err(error) = assemble::put_nav_script(&script, sink)
    {
        return Err(Failure {
            diagnostics: diags,
            error,
        });
    }
    let dates = history.join().unwrap_or_default();
    let shared = templates.as_ref().map(|templates| Shared {
        config: &config,
        content: &content,
        urls: &urls,
        templates,
        highlighter,
        assets: &assets,
        dates: &dates,
        print,
    });
    // Each page's section of the print edition, made before its template takes the HTML.
    let names: Vec<String> = content.pages().map(|p| p.output_name()).collect();
    let print_sections = print::Sections::new(names.iter().map(String::as_str));
    let print_parts: Mutex<HashMap<String, String>> = Mutex::default();
    let chapters = nav::chapters(&content);
    let output_error: Mutex<Option<Error>> = Mutex::new(None);
    let template_time = AtomicU64::new(0);
    let index = search::Index::new();
    let finish = |r: &mut RenderedPage| -> Vec<Diagnostic> {
        let (Some(shared), Some(sink)) = (&shared, &sink) else {
            return Vec::new();
        };
        if shared.print {
            let name = r.page.output_name();
            let section =
                print_sections.section(&name, &r.page.title, r.rendered.has_h1, &r.rendered.html);
            print_parts
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .insert(name, section);
        }
        let fragments = &r.rendered.python_fragments;
        if fragments
            .iter()
            .any(|f| known.is_none_or(|k| !k.knows(&f.code)))
        {
            python.start();
        }
        let started = Instant::now();
        let result = assemble::index_page(shared, r, &index, sink)
            .map_err(Stopped::Output)
            .and_then(|()| assemble::page_into(shared, r, &chapters, sink));
        template_time.fetch_add(started.elapsed().as_nanos() as u64, Ordering::Relaxed);
        match result {
            Ok(()) => Vec::new(),
            Err(Stopped::Problems(ds)) => ds,
            Err(Stopped::Output(e)) => {
                output_error
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .get_or_insert(e);
                Vec::new()
            }
        }
    };
    let inputs = render::Inputs {
        sandbox: &sandbox,
        content: &content,
        urls: &urls,
        highlighter,
        config: &config,
        facts: &facts,
    };
    let (rendered, problems) = render::pages(&inputs, &finish, cache.as_deref_mut());
    diags.extend(problems);
    clock.lap("markdown+pages");
    clock.highlighting = rendered.iter().map(|r| r.highlight_time).sum();
    clock.templates = Duration::from_nanos(template_time.load(Ordering::Relaxed));
    if let Some(error) = output_error.into_inner().unwrap_or_else(|e| e.into_inner()) {
        return Err(Failure {
            diagnostics: diags,
            error,
        });
    }
    diags.extend(linkcheck::check(&rendered, &urls, &content));
    clock.lap("links");
    let fragments: Vec<_> = rendered
        .iter()
        .flat_map(|r| r.python_fragments.iter().cloned())
        .collect();
    let check_python = || match (cache, disk.as_mut()) {
        (Some(cache), _) => cache.check_python(&fragments, python),
        (None, Some(disk)) => disk.python.check(&fragments, python),
        (None, None) => python.finish(&fragments),
    };
    let (Some(shared), Some(sink)) = (shared.filter(|_| !diags.has_errors()), sink) else {
        diags.extend(check_python());
        return Err(failed(diags));
    };
    let print_parts = print_parts.into_inner().unwrap_or_else(|e| e.into_inner());
    // Python parses the fragments while the rest of the site is put together in the staging
    // folder; nothing is published until its answer is in.
    let (assembled, python_problems) = std::thread::scope(|scope| {
        let python = scope.spawn(check_python);
        let assembled = assemble::site(&shared, rendered, index, print_parts, &mut clock, &sink);
        let problems = python
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (assembled, problems)
    });
    diags.extend(python_problems);
    clock.lap("snippets");
    match assembled {
        Ok(()) if !diags.has_errors() => {}
        Ok(()) => return Err(failed(diags)),
        Err(Stopped::Problems(ds)) => {
            diags.extend(ds);
            return Err(failed(diags));
        }
        Err(Stopped::Output(error)) => {
            return Err(Failure {
                diagnostics: diags,
                error,
            });
        }
    }
    let pages = sink
        .paths()
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "html"))
        .count();
    let finished = sink.finish().map_err(|error| Failure {
        diagnostics: diags.clone(),
        error,
    })?;
    for leftover in finished.leftovers {
        diags.push(Diagnostic::warning(&opts.out, 0, 0, leftover));
    }
    if let Some(disk) = disk {
        // Only an optimisation: a cache that cannot be written leaves the build as it is.
        let _ = disk.save(highlighter);
    }
    clock.lap("write");
    Ok(Summary {
        pages,
        bytes: finished.bytes,
        elapsed_ms: started.elapsed().as_millis(),
        diagnostics: diags,
        files: finished.files,
        timings: clock,
        read_outside: sandbox.folders_read_outside(),
    })
}
