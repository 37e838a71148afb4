//! The site's static files: the built-in theme's (for a site without `templates/`) and every
//! file under `static/`, copied verbatim. Files are read through the site's [`Sandbox`], and
//! hidden names (`.env`, `.git/`) are left out unless `site.toml` lists them. They are read
//! early, with the other inputs, so their problems are reported with everyone else's.

use std::collections::HashMap;
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
    let mut problems = Vec::new();
    let listed = |rel: &Path| config.static_dotfiles.iter().any(|l| rel.starts_with(l));
    copy_dir(
        sandbox,
        Path::new("static"),
        &listed,
        &|_| true,
        &mut files,
        &mut problems,
    );
    if config.book.is_some() {
        // As mdBook does, every file of a book's source folder but its Markdown is published
        // at the same path (images beside the chapters that show them).
        let not_markdown = |rel: &Path| rel.extension().is_none_or(|e| e != "md");
        copy_dir(
            sandbox,
            &config.content_dir,
            &|_| false,
            &not_markdown,
            &mut files,
            &mut problems,
        );
    }
    (Assets { files }, problems)
}

/// Reads the files under `dir` that `wanted` accepts, keyed by their path inside it.
fn copy_dir(
    sandbox: &Sandbox,
    dir: &Path,
    keep_hidden: &dyn Fn(&Path) -> bool,
    wanted: &dyn Fn(&Path) -> bool,
    files: &mut Files,
    problems: &mut Vec<Diagnostic>,
) {
    if !sandbox.root().join(dir).is_dir() {
        return;
    }
    let (paths, found) = sandbox.walk(dir, keep_hidden);
    problems.extend(found);
    let full = sandbox.root().join(dir);
    for path in paths {
        let rel = path.strip_prefix(&full).unwrap_or(&path).to_path_buf();
        if !wanted(&rel) {
            continue;
        }
        match sandbox.read(&path, STATIC_LIMIT) {
            Ok(bytes) => {
                files.insert(rel, bytes);
            }
            Err(e) => problems.push(Diagnostic::file_error(dir.join(&rel), e.to_string())),
        }
    }
}

/// Files whose names get their content's fingerprint: what pages load by name.
const FINGERPRINTED: [&str; 2] = ["css", "js"];

impl Assets {
    /// The fingerprinted name of each stylesheet and script (`style.css` ->
    /// `style.1a2b3c4d.css`): a host can keep such a file forever, since new content gets a
    /// new name. Templates ask for it with `asset(path="style.css")`.
    pub fn fingerprints(&self) -> HashMap<String, String> {
        self.files
            .iter()
            .filter(|(rel, _)| {
                rel.extension()
                    .is_some_and(|e| FINGERPRINTED.iter().any(|f| e == *f))
            })
            .map(|(rel, bytes)| {
                let name = rel.to_string_lossy().replace('\\', "/");
                (name, fingerprinted(rel, bytes))
            })
            .collect()
    }

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
                // Also under its fingerprinted name (pages load that one; the plain name stays
                // for templates and links that use it).
                if rel
                    .extension()
                    .is_some_and(|e| FINGERPRINTED.iter().any(|f| e == *f))
                {
                    sink.put(Path::new(&fingerprinted(rel, bytes)), bytes)?;
                }
            }
        }
        Ok(problems)
    }
}

/// `dir/name.ext` -> `dir/name.<crc32 of the content>.ext`.
pub fn fingerprinted_name(name: &str, bytes: &[u8]) -> String {
    fingerprinted(Path::new(name), bytes)
}

fn fingerprinted(rel: &Path, bytes: &[u8]) -> String {
    let name = rel.to_string_lossy().replace('\\', "/");
    let hash = format!("{:08x}", crc32fast::hash(bytes));
    match name.rsplit_once('.') {
        Some((stem, ext)) if !stem.ends_with('/') && !stem.is_empty() => {
            format!("{stem}.{hash}.{ext}")
        }
        _ => format!("{name}.{hash}"),
    }
}

/// The `asset(path="style.css")` function of the templates: the fingerprinted name of a
/// stylesheet or script of the site, or the path unchanged for any other file.
pub struct AssetUrl(pub HashMap<String, String>);

impl AssetUrl {
    /// Adds a file the build makes itself (`nav.js`).
    pub fn with(mut self, name: &str, bytes: &[u8]) -> Self {
        self.0
            .insert(name.to_string(), fingerprinted_name(name, bytes));
        self
    }
}

impl tera::Function for AssetUrl {
    fn call(&self, args: &HashMap<String, tera::Value>) -> tera::Result<tera::Value> {
        let path = args
            .get("path")
            .and_then(tera::Value::as_str)
            .ok_or_else(|| tera::Error::msg("asset() needs path=\"file name\""))?;
        Ok(tera::Value::String(
            self.0
                .get(path)
                .cloned()
                .unwrap_or_else(|| path.to_string()),
        ))
    }

    fn is_safe(&self) -> bool {
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprints_follow_the_content() {
        let a = fingerprinted(Path::new("style.css"), b"body{}");
        assert!(
            a.starts_with("style.") && a.ends_with(".css") && a.len() == "style.12345678.css".len()
        );
        assert_eq!(a, fingerprinted(Path::new("style.css"), b"body{}"));
        assert_ne!(a, fingerprinted(Path::new("style.css"), b"body{color:red}"));
        assert!(fingerprinted(Path::new("js/app.js"), b"x").starts_with("js/app."));
    }
}
