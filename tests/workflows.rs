//! The GitHub workflows are code too: they parse as YAML, pin every action to a major
//! version, and run the commands the README gives (`cargo test` through `.ci/run`, and
//! `cargo run --release` to build the site that Pages publishes).

use std::path::Path;

use yaml_rust2::{Yaml, YamlLoader};

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn workflow(name: &str) -> Yaml {
    let path = repo().join(".github/workflows").join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{name}: {e}"));
    let mut docs = YamlLoader::load_from_str(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
    assert_eq!(docs.len(), 1, "{name}: one YAML document");
    docs.remove(0)
}

/// Every step of every job, in order.
fn steps(w: &Yaml) -> Vec<&Yaml> {
    w["jobs"]
        .as_hash()
        .expect("jobs")
        .values()
        .flat_map(|job| job["steps"].as_vec().into_iter().flatten())
        .collect()
}

fn uses(w: &Yaml) -> Vec<String> {
    steps(w)
        .iter()
        .filter_map(|s| s["uses"].as_str().map(str::to_string))
        .collect()
}

fn runs(w: &Yaml) -> String {
    steps(w)
        .iter()
        .filter_map(|s| s["run"].as_str())
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn every_action_is_pinned_to_a_major_version() {
    for name in ["ci.yml", "pages.yml"] {
        let w = workflow(name);
        let actions = uses(&w);
        assert!(!actions.is_empty(), "{name} uses no actions");
        for action in actions {
            let (repo, version) = action
                .split_once('@')
                .unwrap_or_else(|| panic!("{name}: {action} has no version"));
            assert!(repo.split('/').count() >= 2, "{name}: {action}");
            let major = version.strip_prefix('v').unwrap_or("");
            assert!(
                !major.is_empty() && major.chars().all(|c| c.is_ascii_digit()),
                "{name}: {action} is not pinned to a major version like @v4"
            );
        }
    }
}

#[test]
fn ci_runs_what_ci_runs_here_and_offers_the_site() {
    let w = workflow("ci.yml");
    let on = &w["on"];
    assert!(!on["pull_request"].is_badvalue(), "runs on pull requests");
    assert!(runs(&w).contains("bash .ci/run"));
    assert!(
        uses(&w)
            .iter()
            .any(|u| u.starts_with("actions/upload-artifact@"))
    );
    assert!(uses(&w).iter().any(|u| u.starts_with("actions/cache@")));
    // .ci/run calls the README's test command.
    let ci = std::fs::read_to_string(repo().join(".ci/run")).unwrap();
    assert!(ci.lines().any(|l| l.trim() == "cargo test"));
    let readme = std::fs::read_to_string(repo().join("README.md")).unwrap();
    assert!(readme.contains("$ cargo test "));
}

#[test]
fn pages_builds_with_the_readme_command_and_deploys_with_the_official_actions() {
    let w = workflow("pages.yml");
    assert!(runs(&w).contains("cargo run --release -- --base-url"));
    let actions = uses(&w);
    for official in ["actions/upload-pages-artifact@", "actions/deploy-pages@"] {
        assert!(
            actions.iter().any(|u| u.starts_with(official)),
            "{official}"
        );
    }
    assert_eq!(w["permissions"]["pages"].as_str(), Some("write"));
    assert_eq!(w["permissions"]["id-token"].as_str(), Some("write"));
}
