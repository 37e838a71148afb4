//! The site's static files: the built-in theme's (for a site without `templates/`) and every
//! file under `static/`, copied verbatim. Files are read through the site's [`Sandbox`], and
//! hidden names (`.env`, `.git/`) are left out unless `site.toml` lists them.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use crate::config::Config;
use crate::error::Diagnostic;
use crate::files::{STATIC_LIMIT, Sandbox};
use crate::output::Files;
use crate::templates;

/// Adds the static files to `files`; a static file may not replace a file the build makes.
pub fn copy(sandbox: &Sandbox, config: &Config, files: &mut Files) -> Vec<Diagnostic> {
    let built: BTreeSet<PathBuf> = files.keys().cloned().collect();
    if !sandbox.root().join("templates").exists() {
        for (name, text) in templates::BUILTIN_STATIC {
            files.insert(PathBuf::from(name), text.as_bytes().to_vec());
        }
    }
    let dir = Path::new("static");
    if !sandbox.root().join(dir).is_dir() {
        return Vec::new();
    }
    let listed = |rel: &Path| config.static_dotfiles.iter().any(|l| rel.starts_with(l));
    let (paths, mut problems) = sandbox.walk(dir, &listed);
    let static_dir = sandbox.root().join(dir);
    for path in paths {
        let rel = path
            .strip_prefix(&static_dir)
            .unwrap_or(&path)
            .to_path_buf();
        let shown = dir.join(&rel);
        if built.contains(&rel) {
            problems.push(Diagnostic::file_error(
                &shown,
                format!(
                    "would replace {}, which the build makes itself: rename the static file",
                    rel.display()
                ),
            ));
            continue;
        }
        match sandbox.read(&path, STATIC_LIMIT) {
            Ok(bytes) => {
                files.insert(rel, bytes);
            }
            Err(e) => problems.push(Diagnostic::file_error(&shown, e.to_string())),
        }
    }
    problems
}
