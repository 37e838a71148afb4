//! A valid fixture site builds, and its pages hold what readers need: queried as a DOM.

mod common;

use std::path::Path;

use common::{Site, assert_reported, attr, one, select, text};

#[test]
fn builds_every_page_and_asset() {
    let site = Site::fixture("basic");
    let summary = site.build_ok();
    assert!(summary.diagnostics.is_empty(), "{:?}", summary.diagnostics);
    for name in [
        "index.html",
        "first.html",
        "second.html",
        "guide/nested.html",
        "404.html",
        "style.css",
        "site.js",
        "highlight.css",
        "search-index.js",
        ".crabsnake-output",
    ] {
        assert!(site.out().join(name).is_file(), "{name} missing");
    }
    // Drafts are left out unless asked for.
    assert!(!site.out().join("draft.html").exists());
}

#[test]
fn drafts_are_built_with_the_drafts_flag() {
    let site = Site::fixture("basic");
    let mut opts = site.options(true);
    opts.drafts = true;
    crabsnake::site::build(&opts).unwrap();
    assert!(site.out().join("draft.html").is_file());
}

#[test]
fn every_page_has_landmarks_lang_and_description() {
    let site = Site::fixture("basic");
    site.build_ok();
    let doc = site.page("first.html");
    assert_eq!(attr(one(&doc, "html"), "lang"), "en-GB");
    for landmark in ["header", "nav#sidebar", "main#content", "footer"] {
        one(&doc, landmark);
    }
    assert_eq!(attr(one(&doc, "a.skip-link"), "href"), "#content");
    assert_eq!(
        attr(one(&doc, "meta[name=description]"), "content"),
        "Every Markdown feature in one page."
    );
    // A chapter without a description falls back to the site's.
    let nested = site.page("guide/nested.html");
    assert_eq!(
        attr(one(&nested, "meta[name=description]"), "content"),
        "A small site that exercises every feature."
    );
}

#[test]
fn front_matter_values_are_escaped() {
    let site = Site::fixture("basic");
    site.build_ok();
    let doc = site.page("first.html");
    assert_eq!(text(one(&doc, "h1")), "First <chapter>");
    assert!(
        std::fs::read_to_string(site.out().join("first.html"))
            .unwrap()
            .contains("First &lt;chapter&gt;")
    );
}

#[test]
fn title_falls_back_to_the_first_heading_without_a_second_h1() {
    let site = Site::fixture("basic");
    site.build_ok();
    let doc = site.page("second.html");
    assert_eq!(select(&doc, "h1").len(), 1);
    assert_eq!(text(one(&doc, "title")), "Second chapter · Fixture Guide");
}

/// The basic fixture with one more chapter, `content/05-{slug}.md`, built: that chapter's page.
fn fixture_page_with(slug: &str, markdown: &str) -> scraper::Html {
    let site = Site::fixture("basic");
    site.write(&format!("content/05-{slug}.md"), markdown);
    site.build_ok();
    site.page(&format!("{slug}.html"))
}

/// A site's page opening with its own title as a `##` heading still gets the template's
/// `<h1>` (a book's page makes that heading its `<h1>` instead: tests/book.rs).
#[test]
fn a_site_page_keeps_its_h1_when_it_opens_with_its_title() {
    let doc = fixture_page_with(
        "same",
        "+++\ntitle = \"Same title\"\n+++\n\n## Same title\n\nText.\n",
    );
    assert_eq!(text(one(&doc, "main h1")), "Same title");
}

#[test]
fn a_page_s_own_opening_h1_comes_before_on_this_page_as_a_template_title_does() {
    let doc = fixture_page_with(
        "own",
        "+++\ntitle = \"Own\"\n+++\n\n# Own heading\n\nText.\n\n## One\n\n## Two\n",
    );
    let order: Vec<String> = select(&doc, "main :is(h1, h2)")
        .into_iter()
        .map(|h| text(h).trim_end_matches('#').to_string())
        .collect();
    assert_eq!(order, ["Own heading", "On this page", "One", "Two"]);
    // The heading keeps its id and self-link; the body does not say it again.
    assert_eq!(select(&doc, "main h1#own-heading a.anchor").len(), 1);
    assert!(select(&doc, ".body h1").is_empty());
}

#[test]
fn sidebar_lists_chapters_in_order_with_groups_and_marks_the_current_page() {
    let site = Site::fixture("basic");
    site.build_ok();
    let doc = site.page("second.html");
    let links: Vec<String> = select(&doc, "#sidebar a")
        .into_iter()
        .map(|a| attr(a, "href").to_string())
        .collect();
    assert_eq!(
        links,
        [
            "index.html",
            "first.html",
            "second.html",
            "guide/nested.html"
        ]
    );
    assert_eq!(text(one(&doc, "#sidebar .group-title")), "Deeper topics");
    assert_eq!(
        attr(one(&doc, "#sidebar a[aria-current=page]"), "href"),
        "second.html"
    );
}

#[test]
fn previous_and_next_follow_the_reading_order() {
    let site = Site::fixture("basic");
    site.build_ok();
    let doc = site.page("second.html");
    assert_eq!(attr(one(&doc, ".pager a[rel=prev]"), "href"), "first.html");
    assert_eq!(
        attr(one(&doc, ".pager a[rel=next]"), "href"),
        "guide/nested.html"
    );
    let home = site.page("index.html");
    assert_eq!(attr(one(&home, ".pager a[rel=next]"), "href"), "first.html");
    let first = site.page("first.html");
    assert_eq!(
        attr(one(&first, ".pager a[rel=prev]"), "href"),
        "index.html"
    );
}

#[test]
fn headings_get_ids_self_links_and_a_table_of_contents() {
    let site = Site::fixture("basic");
    site.build_ok();
    let doc = site.page("first.html");
    let ids: Vec<&str> = select(&doc, ".body h2")
        .into_iter()
        .map(|h| attr(h, "id"))
        .collect();
    assert_eq!(ids, ["alerts-and-tables", "code", "links", "links-1"]);
    assert_eq!(attr(one(&doc, "h2#code a.anchor"), "href"), "#code");
    let toc: Vec<&str> = select(&doc, ".toc a")
        .into_iter()
        .map(|a| attr(a, "href"))
        .collect();
    assert_eq!(toc, ["#alerts-and-tables", "#code", "#links", "#links-1"]);
}

#[test]
fn chapter_links_point_at_output_files() {
    let site = Site::fixture("basic");
    site.build_ok();
    let doc = site.page("first.html");
    let hrefs: Vec<&str> = select(&doc, ".body a:not(.anchor):not(.footnote-backref)")
        .into_iter()
        .map(|a| attr(a, "href"))
        .collect();
    for expected in [
        "second.html#details",
        "#code",
        "guide/nested.html",
        "https://www.rust-lang.org/",
    ] {
        assert!(hrefs.contains(&expected), "{expected} not in {hrefs:?}");
    }
    let nested = site.page("guide/nested.html");
    assert_eq!(attr(one(&nested, ".body p a"), "href"), "../first.html");
}

#[test]
fn every_url_is_relative_so_the_site_works_from_disk_and_under_a_sub_path() {
    let site = Site::fixture("basic");
    site.build_ok();
    for page in ["index.html", "first.html", "guide/nested.html", "404.html"] {
        let doc = site.page(page);
        for e in select(&doc, "[href], [src]") {
            let url = e.value().attr("href").or(e.value().attr("src")).unwrap();
            assert!(!url.starts_with('/'), "{page}: absolute URL {url}");
            if !url.starts_with("https://") {
                assert!(!url.contains("://"), "{page}: {url}");
            }
        }
    }
}

#[test]
fn code_is_highlighted_with_classes_and_paired_blocks_become_tabs() {
    let site = Site::fixture("basic");
    site.build_ok();
    let doc = site.page("first.html");
    let rust = select(&doc, ".tabs .tab-panel[data-lang=rust] pre.code code")[0];
    assert!(!select(&doc, "pre.code span[class^=h]").is_empty());
    assert!(
        select(&doc, "pre.code [style]").is_empty(),
        "inline styles in code"
    );
    // The include's anchor markers are gone; its body is there.
    let code = text(rust);
    assert!(
        code.contains("println!(\"hello\")") && !code.contains("ANCHOR"),
        "{code}"
    );
    assert_eq!(
        attr(
            one(&doc, ".tabs .tab-panel[data-lang=python]"),
            "data-label"
        ),
        "Python"
    );
    // A hidden `# ` line is compiled but not shown.
    let fragment = text(select(&doc, "pre.code[data-lang=rust]")[1]);
    assert!(
        fragment.contains("let shown = 1;") && !fragment.contains("hidden_setup"),
        "{fragment}"
    );
    assert!(
        std::fs::read_to_string(site.out().join("highlight.css"))
            .unwrap()
            .contains("light-dark(")
    );
}

#[test]
fn markdown_extensions_render() {
    let site = Site::fixture("basic");
    site.build_ok();
    let doc = site.page("first.html");
    assert_eq!(text(one(&doc, ".callout-tip .callout-title")), "Tip");
    assert_eq!(attr(one(&doc, ".callout-tip"), "role"), "note");
    assert_eq!(select(&doc, ".body table th").len(), 2);
    assert_eq!(select(&doc, "input[type=checkbox]").len(), 2);
    one(&doc, "dl dt");
    one(&doc, "del");
    one(&doc, ".footnote-definition");
    // Smart punctuation.
    assert!(text(select(&doc, ".body p")[0]).contains("“quotes”"));
}

#[test]
fn search_index_covers_sections_with_anchored_urls() {
    let site = Site::fixture("basic");
    site.build_ok();
    let js = std::fs::read_to_string(site.out().join("search-index.js")).unwrap();
    // A small site's index is one file of `[kind, key, data]` lines.
    let lines: Vec<serde_json::Value> = js
        .lines()
        .map(|l| {
            let json = l
                .strip_prefix("(self.CRABSNAKE_SEARCH=self.CRABSNAKE_SEARCH||[]).push(")
                .and_then(|l| l.strip_suffix(");"))
                .unwrap_or_else(|| panic!("not an index line: {l}"));
            serde_json::from_str(json).unwrap()
        })
        .collect();
    assert_eq!(lines[0][0], "manifest");
    assert_eq!(lines[0][2]["single"], true);
    let docs: Vec<&serde_json::Value> = lines
        .iter()
        .filter(|l| l[0] == "docs")
        .flat_map(|l| l[2].as_array().unwrap())
        .collect();
    assert!(
        docs.iter()
            .any(|d| d[0] == "second.html#details" && d[2] == "Details")
    );
    assert!(docs.iter().any(|d| d[0] == "first.html#alerts-and-tables"
        && d[3].as_str().unwrap().contains("Profile first")));
    // Terms are stemmed: "Details" is filed as "detail", pointing at that section.
    let terms = lines
        .iter()
        .find(|l| l[0] == "terms" && l[1] == "de")
        .unwrap();
    assert!(terms[2]["detail"].as_array().is_some_and(|p| !p.is_empty()));
}

#[test]
fn building_twice_gives_identical_output() {
    let site = Site::fixture("basic");
    let a = site.build_ok().files;
    let b = site.build_ok().files;
    assert_eq!(a, b);
}

#[test]
fn accepts_bom_and_crlf_line_endings() {
    let site = Site::fixture("basic");
    site.write("content/05-windows.md", "\u{feff}+++\r\ntitle = \"Windows\"\r\nweight = 50\r\n+++\r\n\r\n## Saved on Windows\r\n\r\nText.\r\n");
    site.build_ok();
    let doc = site.page("windows.html");
    assert_eq!(text(one(&doc, "h1")), "Windows");
    one(&doc, "h2#saved-on-windows");
}

#[test]
fn static_files_are_copied_verbatim() {
    let site = Site::fixture("basic");
    site.write(
        "static/img/logo.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    );
    site.build_ok();
    assert_eq!(
        std::fs::read_to_string(site.out().join("img/logo.svg")).unwrap(),
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>"
    );
}

#[test]
fn check_writes_nothing() {
    let site = Site::fixture("basic");
    crabsnake::site::build(&site.options(false)).unwrap();
    assert!(!site.out().exists());
}

#[test]
fn without_a_home_page_the_index_lists_every_chapter() {
    let site = Site::fixture("basic");
    std::fs::remove_file(site.root().join("content/_index.md")).unwrap();
    site.build_ok();
    let doc = site.page("index.html");
    assert_eq!(text(one(&doc, "h1")), "Fixture Guide");
    let listed: Vec<&str> = select(&doc, ".contents a")
        .into_iter()
        .map(|a| attr(a, "href"))
        .collect();
    assert_eq!(listed, ["first.html", "second.html", "guide/nested.html"]);
    assert_eq!(attr(one(&doc, ".pager a[rel=next]"), "href"), "first.html");
}

#[test]
fn headings_never_take_an_id_the_templates_use() {
    let site = Site::fixture("basic");
    site.write(
        "content/05-ids.md",
        "+++\ntitle = \"Ids\"\n+++\n## Content\n\n## Sidebar\n\n## Search input\n\n\
         ## Decision reset\n\n## Toc title\n",
    );
    site.build_ok();
    let doc = site.page("ids.html");
    let mut ids: Vec<&str> = select(&doc, "[id]")
        .into_iter()
        .map(|e| attr(e, "id"))
        .collect();
    let count = ids.len();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), count, "an id is used twice on the page: {ids:?}");
}

/// A decision table whose rows are named like the headings of the page above it.
const SMALL_TABLE: &str = r#"
[[criterion]]
id = "speed"
name = "Speed"
rust = "Fast."
python = "Slower."
favours = "rust"
link = "01-first.md"

[[condition]]
id = "hot"
label = "Hot"
question = "Is there a hot spot?"

[[action]]
id = "port"
title = "Port it"
summary = "Port the hot spot."
link = "01-first.md"

[[rule]]
id = "hot"
action = "port"
when = { hot = "yes" }

[[rule]]
id = "cold"
action = "port"
when = { hot = "no" }
"#;

#[test]
fn a_heading_that_clashes_with_a_decision_row_id_is_an_error() {
    let site = Site::fixture("basic");
    site.write("content/table.toml", SMALL_TABLE);
    site.write(
        "content/05-decide.md",
        "+++\ntitle = \"Decide\"\ndecision_table = \"table.toml\"\n+++\n## Rule cold\n",
    );
    let messages = site.build_err();
    assert_reported(
        &messages,
        &["content/05-decide.md:3:1: error: the page has an id `rule-cold`"],
    );
}

#[test]
fn a_published_site_has_a_sitemap_canonical_links_and_previews() {
    let site = Site::fixture("basic");
    let mut opts = site.options(true);
    opts.base_url = Some("https://user.github.io/guide/".into());
    crabsnake::site::build(&opts).unwrap();
    let sitemap = std::fs::read_to_string(site.out().join("sitemap.xml")).unwrap();
    for page in ["", "first.html", "second.html", "guide/nested.html"] {
        let loc = format!("<loc>https://user.github.io/guide/{page}</loc>");
        assert!(sitemap.contains(&loc), "{loc} missing from\n{sitemap}");
    }
    assert!(!sitemap.contains("404.html"));
    let robots = std::fs::read_to_string(site.out().join("robots.txt")).unwrap();
    assert!(robots.contains("Sitemap: https://user.github.io/guide/sitemap.xml"));

    let doc = site.page("first.html");
    assert_eq!(
        attr(one(&doc, "link[rel=canonical]"), "href"),
        "https://user.github.io/guide/first.html"
    );
    assert_eq!(
        attr(one(&doc, "meta[property='og:url']"), "content"),
        "https://user.github.io/guide/first.html"
    );
    assert_eq!(
        attr(one(&doc, "meta[property='og:site_name']"), "content"),
        "Fixture Guide"
    );
    assert_eq!(select(&doc, "meta[name=theme-color]").len(), 2);
    // The not-found page answers for any address, so it claims none.
    assert!(select(&site.page("404.html"), "link[rel=canonical]").is_empty());
}

#[test]
fn without_a_base_url_nothing_pretends_to_know_the_address() {
    let site = Site::fixture("basic");
    site.build_ok();
    assert!(!site.out().join("sitemap.xml").exists());
    let doc = site.page("first.html");
    assert!(select(&doc, "link[rel=canonical]").is_empty());
    // Previews still get a title and a description.
    assert_eq!(
        attr(one(&doc, "meta[property='og:title']"), "content"),
        "First <chapter>"
    );
}

/// A generated book of `n` chapters of the same size, built into its own folder.
fn book(n: usize) -> (Site, crabsnake::site::Summary) {
    let site = Site::fixture("basic");
    for i in 0..n {
        site.write(
            &format!("content/gen/{i:04}-chapter-{i}.md"),
            format!(
                "+++\ntitle = \"Generated chapter {i}\"\n+++\n\n## Part one\n\n{}\n\n## Part two\n\n{}\n",
                "Words about borrowing and threads. ".repeat(30),
                "More words about wheels and releases. ".repeat(30)
            ),
        );
    }
    site.write(
        "content/gen/_index.md",
        "+++\ntitle = \"Generated\"\nweight = 50\n+++\n",
    );
    let summary = site.build_ok();
    (site, summary)
}

/// The average size of the generated chapters' pages, as written.
fn average_page_bytes(site: &Site) -> f64 {
    let pages: Vec<u64> = std::fs::read_dir(site.out().join("gen"))
        .unwrap()
        .map(|e| e.unwrap())
        .filter(|e| e.file_name().to_string_lossy().starts_with("chapter-"))
        .map(|e| e.metadata().unwrap().len())
        .collect();
    pages.iter().sum::<u64>() as f64 / pages.len() as f64
}

/// Not a timing: the size of a page must not grow with the number of chapters, or a big book
/// becomes quadratic again (every page carrying the whole sidebar).
#[test]
fn page_size_does_not_grow_with_the_number_of_chapters() {
    let (small, _) = book(50);
    let (big, _) = book(500);
    let (s, b) = (average_page_bytes(&small), average_page_bytes(&big));
    assert!(
        b <= s * 1.1,
        "average page: {s:.0} bytes at 50 chapters, {b:.0} at 500"
    );
}

#[test]
fn a_big_book_shares_one_sidebar_and_keeps_a_way_in_without_javascript() {
    let (site, _) = book(crabsnake::nav::SHARED_FROM);
    let script = std::fs::read_to_string(site.out().join("nav.js")).unwrap();
    assert!(
        script.contains("chapter-7.html"),
        "nav.js lists the chapters"
    );
    let doc = site.page("gen/chapter-7.html");
    assert_eq!(select(&doc, "#sidebar a[href='chapter-8.html']").len(), 0);
    let fallback = one(&doc, "#nav-list a");
    assert_eq!(attr(fallback, "href"), "../index.html#contents-title");
    // Loaded by its fingerprinted name, which holds the same list.
    let src = attr(one(&doc, "#sidebar script"), "src");
    assert!(
        src.starts_with("../nav.") && src.ends_with(".js") && src != "../nav.js",
        "{src}"
    );
    assert_eq!(
        std::fs::read_to_string(site.out().join(src.trim_start_matches("../"))).unwrap(),
        script
    );
    // The home page has its own text, and still lists every chapter for readers without JS.
    let home = site.page("index.html");
    assert!(select(&home, "#contents-title").len() == 1);
    assert!(select(&home, ".contents a").len() > crabsnake::nav::SHARED_FROM);
    // A small book keeps its sidebar in the page and has no nav.js.
    let small = Site::fixture("basic");
    let summary = small.build_ok();
    assert!(!summary.files.contains_key(Path::new("nav.js")));
    assert!(!select(&small.page("first.html"), "#sidebar a[href='second.html']").is_empty());
}

#[test]
fn chapters_say_how_long_they_take_to_read() {
    let site = Site::fixture("basic");
    site.write(
        "content/05-long.md",
        format!("+++\ntitle = \"Long\"\n+++\n\n{}\n", "word ".repeat(460)),
    );
    site.build_ok();
    let meta = text(one(&site.page("long.html"), ".page-meta"));
    assert_eq!(meta, "460 words · about 2 minutes to read");
}

#[test]
fn the_not_found_page_resolves_links_from_the_site_root_when_published() {
    let site = Site::fixture("basic");
    let mut opts = site.options(true);
    opts.base_url = Some("https://user.github.io/guide/".into());
    crabsnake::site::build(&opts).unwrap();
    // Served for /guide/a/b/c, its relative links still reach the site's pages: the page sets
    // its base to the site's root before any link (only on the published site's own origin,
    // so a copy opened from disk or a local preview keeps working).
    let html = std::fs::read_to_string(site.out().join("404.html")).unwrap();
    let base = html
        .find("createElement(\"base\")")
        .expect("404.html sets a base");
    assert!(base < html.find("rel=\"stylesheet\"").unwrap());
    assert!(
        html.contains("new URL(\"https://user.github.io/guide/\"||"),
        "{html}"
    );
    assert!(html.contains("location.origin===u.origin"));
    let first = std::fs::read_to_string(site.out().join("first.html")).unwrap();
    assert!(!first.contains("createElement(\"base\")"));
    // Without a base_url nothing is guessed.
    site.build_ok();
    let html = std::fs::read_to_string(site.out().join("404.html")).unwrap();
    assert!(!html.contains("createElement(\"base\")"));
}

/// The print edition: every page in reading order on one page, ids unique, every link to a
/// page or an anchor of the site leading inside it.
#[test]
fn the_print_edition_holds_every_page_with_unique_ids_and_inner_links() {
    let site = Site::fixture("basic");
    site.build_ok();
    let doc = site.page("print.html");
    let sections: Vec<&str> = select(&doc, "section.print-chapter")
        .into_iter()
        .map(|s| attr(s, "id"))
        .collect();
    let home = site.page("index.html");
    // Reading order: the home page, then the chapters as the sidebar lists them.
    let order: Vec<String> = select(&home, ".sidebar a")
        .into_iter()
        .map(|a| attr(a, "href").trim_end_matches(".html").to_string())
        .collect();
    assert_eq!(sections, order, "sections in reading order");

    let ids: Vec<&str> = select(&doc, "[id]")
        .into_iter()
        .map(|e| attr(e, "id"))
        .collect();
    let unique: std::collections::BTreeSet<&&str> = ids.iter().collect();
    assert_eq!(unique.len(), ids.len(), "ids repeat: {ids:?}");
    for a in select(&doc, "main a[href]") {
        let href = attr(a, "href");
        if let Some(target) = href.strip_prefix('#') {
            assert!(ids.contains(&target), "{href} leads nowhere in print.html");
        } else {
            assert!(
                !href.ends_with(".html") && !href.contains(".html#"),
                "{href} leaves the print edition"
            );
        }
    }
    // Every page links to it.
    assert_eq!(
        attr(
            one(&site.page("first.html"), "footer a[href='print.html']"),
            "href"
        ),
        "print.html"
    );
}

/// Stylesheets and scripts carry their content's fingerprint in their names, so a host can
/// keep them forever: every page refers to such names, and each exists.
#[test]
fn pages_load_fingerprinted_stylesheets_and_scripts() {
    let site = Site::fixture("basic");
    site.build_ok();
    let fingerprinted = |name: &str| {
        let parts: Vec<&str> = name.rsplitn(3, '.').collect();
        parts.len() == 3 && parts[1].len() == 8 && parts[1].chars().all(|c| c.is_ascii_hexdigit())
    };
    for page in [
        "index.html",
        "first.html",
        "404.html",
        "print.html",
        "search.html",
    ] {
        let doc = site.page(page);
        let mut names: Vec<&str> = select(&doc, "link[rel=stylesheet]")
            .into_iter()
            .map(|l| attr(l, "href"))
            .collect();
        names.extend(
            select(&doc, "script[src]")
                .into_iter()
                .map(|s| attr(s, "src")),
        );
        names.extend(
            select(&doc, "script[data-search]")
                .into_iter()
                .map(|s| attr(s, "data-search")),
        );
        assert!(names.len() >= 3, "{page}: {names:?}");
        for name in names {
            assert!(
                fingerprinted(name),
                "{page} loads {name}, which has no fingerprint"
            );
            assert!(
                site.out().join(name).is_file(),
                "{page} loads {name}, which is missing"
            );
        }
    }
    // A change to a stylesheet changes its name.
    let before = attr(
        one(&site.page("first.html"), "link[rel=stylesheet]"),
        "href",
    )
    .to_string();
    site.write("static/style.css", "body { color: red; }\n");
    site.build_ok();
    let after = attr(
        one(&site.page("first.html"), "link[rel=stylesheet]"),
        "href",
    )
    .to_string();
    assert_ne!(before, after);
    assert!(after.starts_with("style."));
}

/// In a git checkout each chapter says when it last changed: the date of the newest commit
/// that touched it, never the time of the build; a file git does not know says nothing.
#[test]
fn chapters_show_when_they_last_changed_in_git() {
    let site = Site::fixture("basic");
    let git = |args: &[&str], date: &str| {
        let ok = std::process::Command::new("git")
            .arg("-C")
            .arg(site.root())
            .args([
                "-c",
                "user.name=Test",
                "-c",
                "user.email=test@example.invalid",
            ])
            .args(args)
            .env("GIT_COMMITTER_DATE", date)
            .env("GIT_AUTHOR_DATE", date)
            .output()
            .map(|o| o.status.success())
            .unwrap_or(false);
        assert!(ok, "git {args:?}");
    };
    if std::process::Command::new("git")
        .arg("--version")
        .output()
        .is_err()
    {
        eprintln!("skipped: git is not installed");
        return;
    }
    // Outside a checkout: no date.
    site.build_ok();
    assert!(!text(one(&site.page("first.html"), ".page-meta")).contains("updated"));

    git(&["init", "-q"], "2026-01-01T00:00:00Z");
    git(&["add", "."], "2026-01-01T00:00:00Z");
    git(&["commit", "-q", "-m", "first"], "2026-03-04T10:00:00Z");
    let first = std::fs::read_to_string(site.root().join("content/01-first.md")).unwrap();
    site.write("content/01-first.md", format!("{first}\nOne more line.\n"));
    git(&["commit", "-q", "-am", "second"], "2026-05-06T10:00:00Z");
    site.write(
        "content/05-new.md",
        "+++\ntitle = \"New\"\n+++\n\nNot committed yet.\n",
    );
    site.build_ok();
    let meta = |page: &str| text(one(&site.page(page), ".page-meta"));
    assert!(
        meta("first.html").ends_with("last updated 2026-05-06"),
        "{}",
        meta("first.html")
    );
    assert!(
        meta("second.html").ends_with("last updated 2026-03-04"),
        "{}",
        meta("second.html")
    );
    assert!(
        !meta("new.html").contains("updated"),
        "{}",
        meta("new.html")
    );
    let page = site.page("first.html");
    assert_eq!(
        attr(one(&page, ".page-meta time"), "datetime"),
        "2026-05-06"
    );
}

/// A group's `_index.md` with text of its own is the group's landing page: first in the
/// group's reading order, and the group's title in the sidebar links to it.
#[test]
fn a_group_index_with_text_is_the_groups_landing_page() {
    let site = Site::fixture("basic");
    site.build_ok();
    assert!(
        !site.out().join("guide/index.html").exists(),
        "no text, no page"
    );
    assert_eq!(
        select(&site.page("index.html"), ".sidebar .group-title[href]").len(),
        0
    );

    site.write(
        "content/guide/_index.md",
        "+++\ntitle = \"Deeper topics\"\nweight = 30\n+++\n\nWhat this part covers, and [where it starts](03-nested.md).\n",
    );
    site.build_ok();
    let landing = site.page("guide/index.html");
    assert_eq!(text(one(&landing, "main h1")), "Deeper topics");
    assert!(text(one(&landing, "main .body")).contains("What this part covers"));
    let home = site.page("index.html");
    let link = one(&home, ".sidebar li.group > a.group-title");
    assert_eq!(
        (attr(link, "href"), text(link).as_str()),
        ("guide/index.html", "Deeper topics")
    );
    // It comes before the group's chapters, and is not listed again among them.
    let next = one(&landing, ".pager a[rel=next]");
    // Links go by the site's root, so they read the same on every page.
    assert_eq!(attr(next, "href"), "../guide/nested.html");
    let children: Vec<&str> = select(&home, ".sidebar li.group li a")
        .into_iter()
        .map(|a| attr(a, "href"))
        .collect();
    assert!(!children.contains(&"guide/index.html"), "{children:?}");
    // On its own page, the sidebar marks it as the current page.
    assert_eq!(
        attr(one(&landing, ".sidebar .group-title"), "aria-current"),
        "page"
    );
}
