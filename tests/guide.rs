//! The guide itself: the real `content/` builds with no warning, byte for byte the same
//! twice; every Python example prints exactly its `.expected` output; and the decision
//! table page renders as accessible tables.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{attr, select, text};
use crabsnake::site::{self, BuildOptions};
use scraper::Html;

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn check_guide() -> crabsnake::site::Summary {
    let opts = BuildOptions {
        root: repo().to_path_buf(),
        out: repo().join("public"),
        drafts: false,
        write: false,
        keep_files: true,
        base_url: None,
        cache_dir: None,
    };
    match site::build(&opts) {
        Ok(s) => s,
        Err(f) => panic!(
            "the guide does not build:\n{}",
            common::messages_of(&f).join("\n")
        ),
    }
}

#[test]
fn the_guide_builds_with_zero_warnings_and_identically_twice() {
    let first = check_guide();
    let warnings: Vec<String> = first.diagnostics.iter().map(ToString::to_string).collect();
    assert!(warnings.is_empty(), "warnings:\n{}", warnings.join("\n"));
    let second = check_guide();
    assert_eq!(first.files, second.files, "two builds differ");
    for page in [
        "index.html",
        "decide.html",
        "404.html",
        "csv-example.html",
        "pyo3-maturin.html",
    ] {
        assert!(first.files.contains_key(Path::new(page)), "{page} missing");
    }
}

fn python_examples() -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(repo().join("snippets/python"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "py"))
        .collect();
    v.sort();
    v
}

#[test]
fn every_python_example_prints_its_expected_output() {
    let dir = repo().join("snippets/python");
    let examples = python_examples();
    assert!(
        examples.len() >= 10,
        "only {} Python examples found",
        examples.len()
    );
    let mut failures = Vec::new();
    for script in &examples {
        let expected_path = script.with_extension("expected");
        let expected = std::fs::read_to_string(&expected_path)
            .unwrap_or_else(|_| panic!("{} has no {}", script.display(), expected_path.display()));
        let out = Command::new(crabsnake::snippets::python())
            .arg(script.file_name().unwrap())
            .current_dir(&dir)
            .output()
            .expect("python3 runs");
        let stdout = String::from_utf8_lossy(&out.stdout);
        if !out.status.success() || stdout != expected {
            failures.push(format!(
                "{}: exit {:?}\n--- expected\n{expected}--- got\n{stdout}--- stderr\n{}",
                script.display(),
                out.status.code(),
                String::from_utf8_lossy(&out.stderr)
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_expected_file_belongs_to_an_example() {
    for e in std::fs::read_dir(repo().join("snippets/python")).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|x| x == "expected") {
            assert!(
                p.with_extension("py").is_file(),
                "{} has no script",
                p.display()
            );
        }
    }
}

#[test]
fn decision_page_renders_accessible_tables_with_working_links() {
    let summary = check_guide();
    let html = String::from_utf8(summary.files[Path::new("decide.html")].clone()).unwrap();
    let doc = Html::parse_document(&html);
    let tables = select(&doc, "table");
    assert!(tables.len() >= 2, "the rules and the comparison matrix");
    for table in &tables {
        assert!(
            table
                .select(&scraper::Selector::parse("caption").unwrap())
                .next()
                .is_some(),
            "a table without caption"
        );
    }
    for th in select(&doc, "table th") {
        assert!(
            th.value().attr("scope").is_some(),
            "th without scope: {}",
            text(th)
        );
    }
    // One radio group (yes / no / not sure) per condition of the data file.
    let conditions = std::fs::read_to_string(repo().join("content/decision.toml"))
        .unwrap()
        .lines()
        .filter(|l| l.trim() == "[[condition]]")
        .count();
    assert_eq!(select(&doc, "#decision-form fieldset").len(), conditions);
    // Every link in the tables points at a page that was built.
    for a in select(&doc, "#decision a[href]") {
        let href = attr(a, "href");
        if href.starts_with('#') || href.starts_with("http") {
            continue;
        }
        let file = href.split('#').next().unwrap();
        assert!(
            summary.files.contains_key(Path::new(file)),
            "decision link to missing {href}"
        );
    }
    assert!(
        select(&doc, "#sidebar a[aria-current=page]")
            .iter()
            .any(|a| attr(*a, "href") == "decide.html")
    );
    // The tables' text is searchable like any chapter, and each result's anchor exists.
    let index = String::from_utf8(summary.files[Path::new("search-index.js")].clone()).unwrap();
    for id in ["questionnaire", "decision-actions", "comparison"] {
        assert!(
            index.contains(&format!("\"decide.html#{id}\"")),
            "{id} not indexed"
        );
        assert_eq!(select(&doc, &format!("#{id}")).len(), 1);
    }
    // The partial's headings are listed in "On this page" with the text they have on the page.
    let facts = crabsnake::template_facts::TemplateFacts::read(
        crabsnake::templates::BUILTIN.iter().map(|(n, t)| (*n, *t)),
    );
    assert_eq!(facts.decision_headings.len(), 4);
    for crabsnake::markdown::TocEntry { id, title, .. } in facts.decision_headings {
        let heading = select(&doc, &format!("#{id}"));
        assert_eq!(text(heading[0]), title, "#{id}");
        let entry = select(&doc, &format!(".toc a[href='#{id}']"));
        assert_eq!(text(entry[0]), title);
    }
}

/// Every table of measured figures (times, sizes) names the script that produced them, within
/// the 30 lines above it, and that script exists: a reader can rerun every number.
#[test]
fn every_figure_bearing_table_names_its_script() {
    let content = Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
    let figure = |cell: &str| {
        let words: Vec<&str> = cell.split_whitespace().collect();
        words.windows(2).any(|w| {
            w[0].trim_start_matches(['~', '<', '>'])
                .replace(',', "")
                .parse::<f64>()
                .is_ok()
                && ["ms", "s", "ns", "µs", "MiB", "MB", "KiB", "GiB"].contains(&w[1])
        })
    };
    let mut checked = 0;
    for entry in std::fs::read_dir(&content).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "md") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        let mut i = 0;
        while i < lines.len() {
            if !lines[i].starts_with('|') {
                i += 1;
                continue;
            }
            let start = i;
            while i < lines.len() && lines[i].starts_with('|') {
                i += 1;
            }
            if !lines[start..i].iter().any(|l| l.split('|').any(figure)) {
                continue;
            }
            checked += 1;
            let before = lines[start.saturating_sub(30)..start].join("\n");
            let script = before
                .split(|c: char| c.is_whitespace() || c == '`')
                .find(|w| w.starts_with("snippets/bench/"));
            let script = script.unwrap_or_else(|| {
                panic!(
                    "{}:{}: a table of measured figures names no script under snippets/bench/",
                    path.display(),
                    start + 1
                )
            });
            let script = script.trim_end_matches(|c: char| !c.is_alphanumeric());
            assert!(
                Path::new(env!("CARGO_MANIFEST_DIR")).join(script).is_file(),
                "{}:{}: {script} does not exist",
                path.display(),
                start + 1
            );
        }
    }
    assert!(checked >= 3, "only {checked} figure tables found");
}
