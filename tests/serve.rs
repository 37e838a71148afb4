//! `serve` as an author uses it: pages come with live reload, a change rebuilds, and a
//! broken change keeps the last good site while reporting the error to open pages.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use common::Site;

struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn get(port: u16, path: &str) -> (u16, String) {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
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
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_crabsnake"));
    cmd.args([
        "--root",
        site.root().to_str().unwrap(),
        "serve",
        "--port",
        "0",
    ]);
    cmd
}

fn version(body: &str) -> u64 {
    let v: serde_json::Value = serde_json::from_str(body).unwrap();
    v["version"].as_u64().unwrap()
}

#[test]
fn serves_with_live_reload_and_survives_a_broken_edit() {
    let site = Site::fixture("basic");
    let mut child = serve(&site)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let _server = Server(child);
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
    let mut status = get(port, &format!("/__crabsnake/reload?v={v2}")).1;
    while !status.contains("gone.md") {
        status = get(port, &format!("/__crabsnake/reload?v={}", version(&status))).1;
    }
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
