//! `serve` as an author uses it: pages come with live reload, a change rebuilds, and a
//! broken change keeps the last good site while reporting the error to open pages.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::Site;

struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn get(port: u16, path: &str) -> (u16, String) {
    get_from(port, path, "127.0.0.1")
}

fn get_from(port: u16, path: &str, host: &str) -> (u16, String) {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut text = String::new();
    s.read_to_string(&mut text).unwrap();
    let code = text[9..12].parse().unwrap();
    let body = text
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_string())
        .unwrap_or_default();
    (code, body)
}

/// Starts `crabsnake serve --port 0` on a site.
fn serve(site: &Site) -> Command {
    serve_at(site.root())
}

/// Starts `crabsnake serve --port 0` on the site or book in `root`.
fn serve_at(root: &std::path::Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_crabsnake"));
    cmd.arg("--root").arg(root).args(["serve", "--port", "0"]);
    cmd
}

fn version(body: &str) -> u64 {
    let v: serde_json::Value = serde_json::from_str(body).unwrap();
    v["version"].as_u64().unwrap()
}

/// Starts the server on a site; returns it (stopped when dropped) and its port.
fn start(site: &Site) -> (Server, u16) {
    start_at(site.root())
}

/// Starts the server on the site or book in `root`.
fn start_at(root: &std::path::Path) -> (Server, u16) {
    let mut child = serve_at(root)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let server = Server(child);
    let mut lines = BufReader::new(stdout).lines();
    let port: u16 = loop {
        let line = lines.next().expect("serve printed its address").unwrap();
        if let Some(rest) = line.split("http://127.0.0.1:").nth(1) {
            break rest
                .trim_end_matches(|c: char| !c.is_ascii_digit())
                .parse()
                .unwrap();
        }
    };
    // Keep reading what it prints, so it never blocks on a full pipe.
    std::thread::spawn(move || lines.for_each(drop));
    (server, port)
}

/// Long-polls until `done` holds for the status, for at most 30 seconds.
fn poll_until(port: u16, mut status: String, done: impl Fn(&str) -> bool) -> String {
    let deadline = Instant::now() + Duration::from_secs(30);
    while !done(&status) {
        assert!(
            Instant::now() < deadline,
            "gave up waiting; last status {status}"
        );
        status = get(port, &format!("/__crabsnake/reload?v={}", version(&status))).1;
    }
    status
}

#[test]
fn serves_with_live_reload_and_survives_a_broken_edit() {
    let site = Site::fixture("basic");
    let (_server, port) = start(&site);

    let (code, page) = get(port, "/first.html");
    assert_eq!(code, 200);
    assert!(
        page.contains("/__crabsnake/reload"),
        "served pages carry the reload script"
    );
    // The file on disk stays exactly what `build` writes.
    let on_disk = std::fs::read_to_string(site.out().join("first.html")).unwrap();
    assert!(!on_disk.contains("__crabsnake"));
    assert_eq!(get(port, "/missing.html").0, 404);

    let (_, status) = get(port, "/__crabsnake/reload?v=0");
    let v1 = version(&status);
    site.write(
        "content/02-second.md",
        "+++\ntitle = \"Second, edited\"\n+++\n\n## Details\n",
    );
    let (_, status) = get(port, &format!("/__crabsnake/reload?v={v1}"));
    let v2 = version(&status);
    assert!(v2 > v1);
    assert!(get(port, "/second.html").1.contains("Second, edited"));

    site.write(
        "content/02-second.md",
        "+++\ntitle = \"Broken\"\n+++\n\n[x](gone.md)\n",
    );
    let status = get(port, &format!("/__crabsnake/reload?v={v2}")).1;
    let status = poll_until(port, status, |s| s.contains("gone.md"));
    assert!(
        status.contains("content/02-second.md:5:1: error: link to missing page gone.md"),
        "{status}"
    );
    assert!(
        get(port, "/second.html").1.contains("Second, edited"),
        "the last good page is still served"
    );
}

#[test]
fn refuses_to_serve_a_directory_it_did_not_create() {
    let site = Site::fixture("basic");
    site.write("public/id_rsa", "PRIVATE");
    let out = serve(&site).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("refusing"));
    assert!(
        String::from_utf8_lossy(&out.stdout).is_empty(),
        "nothing is served"
    );
}

#[test]
fn answers_only_requests_for_localhost() {
    let site = Site::fixture("basic");
    let (_server, port) = start(&site);
    assert_eq!(get_from(port, "/first.html", "localhost:1").0, 200);
    // A page elsewhere that rebinds its own name to 127.0.0.1 gets nothing.
    let (code, body) = get_from(port, "/first.html", "attacker.example");
    assert_eq!(code, 403);
    assert!(!body.contains("First"));
    assert_eq!(
        get_from(port, "/__crabsnake/reload?v=0", "attacker.example").0,
        403
    );
}

/// Threads of the server process, from /proc.
fn threads(server: &Server) -> usize {
    std::fs::read_dir(format!("/proc/{}/task", server.0.id()))
        .map(|d| d.count())
        .unwrap_or(0)
}

#[test]
fn many_open_pages_do_not_each_take_a_thread() {
    let site = Site::fixture("basic");
    let (server, port) = start(&site);
    let before = threads(&server);
    let (_, status) = get(port, "/__crabsnake/reload?v=0");
    let v = version(&status);
    // 300 pages waiting for the next build.
    let waiting: Vec<TcpStream> = (0..300)
        .map(|_| {
            let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
            write!(
                s,
                "GET /__crabsnake/reload?v={v} HTTP/1.1\r\nHost: localhost\r\n\r\n"
            )
            .unwrap();
            s
        })
        .collect();
    std::thread::sleep(Duration::from_millis(500));
    let during = threads(&server);
    assert!(
        during <= before + 4,
        "{during} threads with 300 open pages, {before} before"
    );
    // And the server still answers.
    assert_eq!(get(port, "/first.html").0, 200);
    drop(waiting);
}

#[test]
fn rebuilds_leave_no_gap_and_are_not_delayed_by_traffic() {
    let site = Site::fixture("basic");
    let (_server, port) = start(&site);
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let readers: Vec<_> = (0..2)
        .map(|_| {
            let stop = stop.clone();
            std::thread::spawn(move || {
                let mut codes = Vec::new();
                while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                    codes.push(get(port, "/first.html").0);
                    std::thread::sleep(Duration::from_millis(5));
                }
                codes
            })
        })
        .collect();
    let (_, status) = get(port, "/__crabsnake/reload?v=0");
    let mut v = version(&status);
    for i in 0..5 {
        site.write(
            "content/02-second.md",
            format!("+++\ntitle = \"Edit {i}\"\n+++\n\n## Details\n"),
        );
        let started = Instant::now();
        let status = poll_until(
            port,
            get(port, &format!("/__crabsnake/reload?v={v}")).1,
            |s| version(s) > v,
        );
        v = version(&status);
        // The quiet period is 150 ms; reading served files must not stretch it.
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "rebuild {i} took {:?} under traffic",
            started.elapsed()
        );
    }
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let codes: Vec<u16> = readers
        .into_iter()
        .flat_map(|r| r.join().unwrap())
        .collect();
    assert!(codes.len() > 20, "only {} requests made", codes.len());
    assert!(
        codes.iter().all(|c| *c == 200),
        "{} of {} requests failed during rebuilds",
        codes.iter().filter(|c| **c != 200).count(),
        codes.len()
    );
}

/// `serve`'s rebuilds reuse the pages an edit did not touch: what they produce must be what a
/// full build produces, byte for byte.
#[test]
fn a_rebuild_from_the_cache_matches_a_full_build() {
    use crabsnake::render::RenderCache;
    use crabsnake::site::{build, build_with};
    let site = Site::fixture("basic");
    let opts = site.options(false);
    let mut cache = RenderCache::default();
    build_with(&opts, Some(&mut cache)).expect("first build");
    assert!(!cache.is_empty(), "the pages are kept");

    let second = std::fs::read_to_string(site.root().join("content/02-second.md")).unwrap();
    site.write(
        "content/02-second.md",
        second.replace("## Details", "## Details\n\nA new paragraph."),
    );
    let cached = build_with(&opts, Some(&mut cache)).expect("rebuild");
    let full = build(&opts).expect("full build");
    assert_eq!(
        cached.files.keys().collect::<Vec<_>>(),
        full.files.keys().collect::<Vec<_>>()
    );
    for (path, bytes) in &full.files {
        assert!(
            cached.files[path] == *bytes,
            "{} differs from a full build",
            path.display()
        );
    }
    let page =
        String::from_utf8(cached.files[std::path::Path::new("second.html")].clone()).unwrap();
    assert!(page.contains("A new paragraph."));

    // A problem in the edited chapter is reported as in a full build, and so are the
    // unchanged chapters' problems kept from before.
    site.write(
        "content/02-second.md",
        second.replace("## Details", "## Details\n\n[x](nowhere.md)"),
    );
    let failed = build_with(&opts, Some(&mut cache)).expect_err("broken link");
    let full = build(&opts).expect_err("broken link");
    let text = |f: &crabsnake::site::Failure| -> Vec<String> {
        f.diagnostics
            .sorted()
            .iter()
            .map(ToString::to_string)
            .collect()
    };
    assert_eq!(text(&failed), text(&full));
}

/// A page kept by `serve` says of a broken link what a full build says, when what changed is
/// a page that is not built: a draft added where the link points.
#[test]
fn a_kept_page_s_broken_link_names_a_draft_added_since() {
    use crabsnake::render::RenderCache;
    use crabsnake::site::{build, build_with};
    let site = Site::fixture("basic");
    let opts = site.options(false);
    let second = std::fs::read_to_string(site.root().join("content/02-second.md")).unwrap();
    site.write(
        "content/02-second.md",
        second.replace("## Details", "## Details\n\nSee [later](09-later.md)."),
    );
    let mut cache = RenderCache::default();
    let first = build_with(&opts, Some(&mut cache)).expect_err("broken link");
    let said = |f: &crabsnake::site::Failure| -> String {
        f.diagnostics
            .sorted()
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("\n")
    };
    assert!(!said(&first).contains("draft"), "{}", said(&first));
    site.write(
        "content/09-later.md",
        "+++\ntitle = \"Later\"\ndraft = true\n+++\n\nNot yet.\n",
    );
    let cached = build_with(&opts, Some(&mut cache)).expect_err("still broken");
    let full = build(&opts).expect_err("still broken");
    assert!(said(&full).contains("it is a draft"), "{}", said(&full));
    assert_eq!(said(&cached), said(&full));
}

/// `serve` on an mdBook book: nested pages are served, and an edit to SUMMARY.md (the
/// outline every page shows) or to a chapter rebuilds.
#[test]
fn serves_a_book_and_rebuilds_on_an_outline_change() {
    let site = Site::fixture("mdbook-repo");
    std::fs::create_dir(site.root().join(".git")).unwrap();
    let (_server, port) = start_at(&site.root().join("book"));

    let (code, page) = get(port, "/guide/deep/nested.html");
    assert_eq!(code, 200);
    assert!(page.contains("1.1.1."), "numbered in the sidebar");
    assert_eq!(
        get(port, "/guide/").0,
        200,
        "a folder serves its index.html"
    );

    let (_, status) = get(port, "/__crabsnake/reload?v=0");
    let v1 = version(&status);
    let summary = site.root().join("book/src/SUMMARY.md");
    let text = std::fs::read_to_string(&summary).unwrap();
    std::fs::write(&summary, text.replace("[Install]", "[Installing]")).unwrap();
    let status = get(port, &format!("/__crabsnake/reload?v={v1}")).1;
    let status = poll_until(port, status, |s| version(s) > v1);
    assert!(
        get(port, "/guide/deep/nested.html")
            .1
            .contains("Installing")
    );

    // A file the book includes from outside its folder (the repository's examples/) is
    // watched too, from the first build that read it.
    let v2 = version(&status);
    let example = site.root().join("examples/hello.rs");
    let text = std::fs::read_to_string(&example).unwrap();
    std::fs::write(&example, text.replace("hello, {name}", "ahoy, {name}")).unwrap();
    poll_until(port, status, |s| version(s) > v2);
    assert!(get(port, "/reference/code.html").1.contains("ahoy"));
}
