//! The site's static files: the built-in theme's (for a site without `templates/`) and every
//! file under `static/`, copied verbatim. Files are read through the site's [`Sandbox`], and
//! hidden names (`.env`, `.git/`) are left out unless `site.toml` lists them. They are read
//! early, with the other inputs, so their problems are reported with everyone else's.

use std::path::{Path, PathBuf};

use crate::config::Config;
use crate::error::{Diagnostic, Error};
use crate::files::{STATIC_LIMIT, Sandbox};
use crate::output::{Files, Sink};
use crate::templates;

/// The static files of a site, by output path.
#[derive(Debug, Default)]
pub struct Assets {
    files: Files,
}

/// Reads every static file; unreadable or refused files are problems.
pub fn load(sandbox: &Sandbox, config: &Config) -> (Assets, Vec<Diagnostic>) {
    let mut files = Files::new();
    if !sandbox.root().join("templates").exists() {
        for (name, text) in templates::BUILTIN_STATIC {
            files.insert(PathBuf::from(name), text.as_bytes().to_vec());
        }
    }
    let dir = Path::new("static");
    if !sandbox.root().join(dir).is_dir() {
        return (Assets { files }, Vec::new());
    }
    let listed = |rel: &Path| config.static_dotfiles.iter().any(|l| rel.starts_with(l));
    let (paths, mut problems) = sandbox.walk(dir, &listed);
    let static_dir = sandbox.root().join(dir);
    for path in paths {
        let rel = path
            .strip_prefix(&static_dir)
            .unwrap_or(&path)
            .to_path_buf();
        match sandbox.read(&path, STATIC_LIMIT) {
            Ok(bytes) => {
                files.insert(rel, bytes);
            }
            Err(e) => problems.push(Diagnostic::file_error(dir.join(&rel), e.to_string())),
        }
    }
    (Assets { files }, problems)
}

impl Assets {
    /// Whether the site has a static file at this output path.
    pub fn contains(&self, rel: &str) -> bool {
        self.files.contains_key(Path::new(rel))
    }

    /// Adds the static files to the built ones; a file of `static/` may not replace a file
    /// the build makes itself.
    pub fn add_to(&self, sink: &Sink) -> Result<Vec<Diagnostic>, Error> {
        let mut problems = Vec::new();
        for (rel, bytes) in &self.files {
            if sink.contains(rel) {
                problems.push(Diagnostic::file_error(
                    Path::new("static").join(rel),
                    format!(
                        "would replace {}, which the build makes itself: rename the static file",
                        rel.display()
                    ),
                ));
            } else {
                sink.put(rel, bytes)?;
            }
        }
        Ok(problems)
    }
}
