//! A pull request is written by a stranger: nothing in it may make the build read outside
//! the site, publish the machine's secrets, or hang. Each test sets up one hostile input the
//! way an attacker would (links are made here, since a fixture folder cannot hold them
//! portably) and checks the build refuses it by name and publishes nothing of it.

mod common;

use std::os::unix::fs::symlink;
use std::path::Path;

use common::{Site, assert_reported};

/// A file outside the site holding a secret the build must never publish.
fn secret(site: &Site) -> std::path::PathBuf {
    let outside = site.root().parent().unwrap().join(format!(
        "secret-{}.md",
        site.root().file_name().unwrap().to_string_lossy()
    ));
    std::fs::write(&outside, "+++\ntitle = \"Secret\"\n+++\nTOKEN=hunter2\n").unwrap();
    outside
}

fn output_contains(site: &Site, needle: &str) -> bool {
    walkdir::WalkDir::new(site.out())
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .any(|e| String::from_utf8_lossy(&std::fs::read(e.path()).unwrap()).contains(needle))
}

#[test]
fn a_static_link_to_a_file_outside_is_refused_and_not_published() {
    let site = Site::fixture("basic");
    let outside = secret(&site);
    std::fs::create_dir_all(site.root().join("static")).unwrap();
    symlink(&outside, site.root().join("static/env.txt")).unwrap();
    symlink("/etc/passwd", site.root().join("static/passwd")).unwrap();
    let messages = site.build_err();
    assert_reported(
        &messages,
        &["static/env.txt: error: resolves to", "outside the site"],
    );
    assert_reported(
        &messages,
        &["static/passwd: error: resolves to /etc/passwd"],
    );
    assert!(!site.out().exists(), "a failed build wrote output");
    std::fs::remove_file(outside).unwrap();
}

#[test]
fn a_content_link_to_a_folder_outside_is_refused_and_not_indexed() {
    let site = Site::fixture("basic");
    let outside = secret(&site);
    let dir = outside.with_extension("d");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::copy(&outside, dir.join("leak.md")).unwrap();
    symlink(&dir, site.root().join("content/linked")).unwrap();
    let messages = site.build_err();
    assert_reported(
        &messages,
        &["content/linked: error: resolves to", "outside the site"],
    );
    std::fs::remove_dir_all(dir).unwrap();
    std::fs::remove_file(outside).unwrap();
}

#[test]
fn links_that_stay_inside_the_site_are_followed() {
    let site = Site::fixture("basic");
    site.write(
        "shared/extra.md",
        "+++\ntitle = \"Shared\"\n+++\nShared words.\n",
    );
    symlink(
        site.root().join("shared/extra.md"),
        site.root().join("content/09-extra.md"),
    )
    .unwrap();
    site.build_ok();
    assert!(site.out().join("extra.html").is_file());
}

#[test]
fn a_decision_table_linked_from_outside_is_refused() {
    let site = Site::fixture("basic");
    let outside = secret(&site).with_extension("toml");
    std::fs::write(&outside, "[[criterion]]\n").unwrap();
    symlink(&outside, site.root().join("content/table.toml")).unwrap();
    site.write(
        "content/05-decide.md",
        "+++\ntitle = \"Decide\"\ndecision_table = \"table.toml\"\n+++\nWords.\n",
    );
    let messages = site.build_err();
    assert_reported(
        &messages,
        &["content/05-decide.md:3:1: error: cannot read decision table `table.toml`: resolves to"],
    );
    assert_reported(
        &messages,
        &["content/table.toml: error: resolves to", "outside the site"],
    );
    std::fs::remove_file(outside).unwrap();
}

#[test]
fn hidden_static_files_are_not_published_unless_listed() {
    let site = Site::fixture("basic");
    site.write("static/.env", "AWS_SECRET=1");
    site.write("static/.git/config", "[remote]");
    site.write("static/.nojekyll", "");
    site.write("static/robots.txt", "User-agent: *");
    site.build_ok();
    assert!(site.out().join("robots.txt").is_file());
    for hidden in [".env", ".git/config", ".nojekyll"] {
        assert!(!site.out().join(hidden).exists(), "{hidden} was published");
    }
    assert!(!output_contains(&site, "AWS_SECRET"));

    let config = std::fs::read_to_string(site.root().join("site.toml")).unwrap();
    site.write(
        "site.toml",
        format!("{config}static_dotfiles = [\".nojekyll\"]\n"),
    );
    site.build_ok();
    assert!(site.out().join(".nojekyll").is_file());
    assert!(!site.out().join(".env").exists());
}

#[test]
fn fifos_are_refused_instead_of_hanging_the_build() {
    let site = Site::fixture("basic");
    let made = |rel: &str| {
        let path = site.root().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::process::Command::new("mkfifo")
            .arg(&path)
            .status()
            .is_ok_and(|s| s.success())
    };
    if !made("snippets/pipe.rs") || !made("static/pipe") {
        eprintln!("skipped: mkfifo is not available");
        return;
    }
    site.write(
        "content/05-pipe.md",
        "+++\ntitle = \"Pipe\"\n+++\n```rust\n{{#include ../snippets/pipe.rs}}\n```\n",
    );
    let messages = site.build_err();
    assert_reported(
        &messages,
        &[
            "content/05-pipe.md:5:1: error: cannot include `../snippets/pipe.rs`: not a regular file",
        ],
    );
    assert_reported(&messages, &["static/pipe: error: not a regular file"]);
}

#[test]
fn a_fifo_as_site_toml_is_refused() {
    let site = Site::fixture("basic");
    let toml = site.root().join("site.toml");
    std::fs::remove_file(&toml).unwrap();
    let made = std::process::Command::new("mkfifo").arg(&toml).status();
    if !made.is_ok_and(|s| s.success()) {
        eprintln!("skipped: mkfifo is not available");
        return;
    }
    let messages = site.build_err();
    assert_reported(
        &messages,
        &["site.toml: error: cannot read the site's settings: not a regular file"],
    );
}

#[test]
fn an_output_inside_a_folder_of_the_site_is_refused() {
    let site = Site::fixture("basic");
    let mut opts = site.options(true);
    opts.out = site.root().join("snippets/gen");
    let failure = crabsnake::site::build(&opts).unwrap_err();
    assert!(
        failure.error.to_string().contains("a folder of the site"),
        "{}",
        failure.error
    );
    assert!(!Path::new(&opts.out).exists());
}
