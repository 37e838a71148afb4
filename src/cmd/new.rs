//! `new "Title"`: writes `content/NN-title.md` with front matter, numbered with the first
//! free number (so after `01`..`12` comes `13`, even when an appendix `99-` exists). It never
//! overwrites a file, and refuses a title whose slug a chapter already has.

use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::content::strip_number_prefix;
use crate::markdown::slugify;

/// The `NN-` numbers and slugs (file names without the number) of the chapters in `content/`.
fn existing(content_dir: &Path) -> (BTreeSet<u32>, BTreeSet<String>) {
    let mut numbers = BTreeSet::new();
    let mut slugs = BTreeSet::new();
    for entry in std::fs::read_dir(content_dir)
        .into_iter()
        .flatten()
        .flatten()
    {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(stem) = name.strip_suffix(".md") else {
            continue;
        };
        let slug = strip_number_prefix(stem);
        if slug != stem {
            let digits = &stem[..stem.len() - slug.len() - 1];
            if let Ok(n) = digits.parse() {
                numbers.insert(n);
            }
        }
        slugs.insert(slug.to_string());
    }
    (numbers, slugs)
}

/// The first chapter number not taken, counting from 1.
pub fn next_number(content_dir: &Path) -> u32 {
    let (taken, _) = existing(content_dir);
    (1..).find(|n| !taken.contains(n)).unwrap_or(u32::MAX)
}

/// The front matter and opening of a new chapter.
pub fn template(title: &str, weight: u32) -> String {
    let quoted = toml::Value::String(title.to_string()).to_string();
    format!(
        "+++\ntitle = {quoted}\ndescription = \"\"\nweight = {weight}\n+++\n\n<!-- CONTRIBUTING.md says how a chapter is written and checked. -->\n"
    )
}

/// Creates the chapter file and returns its path.
/// The longest slug `new` makes: with the number and `.md` the file name stays far below
/// the 255 bytes file systems allow.
const MAX_SLUG: usize = 80;

/// `slug` cut at a `-` (or a character boundary) to at most [`MAX_SLUG`] bytes.
fn short_slug(slug: &str) -> String {
    if slug.len() <= MAX_SLUG {
        return slug.to_string();
    }
    let mut end = MAX_SLUG;
    while !slug.is_char_boundary(end) {
        end -= 1;
    }
    let cut = &slug[..end];
    cut.rfind('-')
        .filter(|&i| i > MAX_SLUG / 2)
        .map_or(cut, |i| &cut[..i])
        .to_string()
}

pub fn create(root: &Path, title: &str) -> Result<PathBuf, String> {
    let title = title.trim();
    if title.is_empty() {
        return Err("the title is empty: crabsnake new \"Chapter title\"".into());
    }
    if title.chars().any(char::is_control) {
        // A newline could end the front matter early (`+++` on a line of its own).
        return Err("the title must be one line of text, without newlines or tabs".into());
    }
    let content_dir = root.join("content");
    std::fs::create_dir_all(&content_dir).map_err(|e| format!("{}: {e}", content_dir.display()))?;
    let slug = short_slug(&slugify(title));
    if !title.chars().any(char::is_alphanumeric) {
        return Err(format!(
            "the title `{title}` has no letters or digits to make a file name from"
        ));
    }
    if existing(&content_dir).1.contains(&slug) {
        return Err(format!(
            "a chapter in content/ already has the slug `{slug}`: choose another title"
        ));
    }
    let n = next_number(&content_dir);
    let weight = n
        .checked_mul(10)
        .ok_or("chapter numbers have run out: renumber content/")?;
    let text = template(title, weight);
    let path = content_dir.join(format!("{n:02}-{slug}.md"));
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
        .map_err(|e| format!("{}: {e} (nothing was overwritten)", path.display()))?;
    file.write_all(text.as_bytes())
        .map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(path)
}

/// Runs the command; prints the new file's path.
pub fn run(root: &Path, title: &str) -> i32 {
    match create(root, title) {
        Ok(path) => {
            println!("created {}", path.display());
            0
        }
        Err(e) => {
            eprintln!("error: {e}");
            1
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn takes_the_first_free_number_and_never_overwrites() {
        let d = tempfile::tempdir().unwrap();
        std::fs::create_dir(d.path().join("content")).unwrap();
        for name in ["01-a.md", "02-b.md", "99-sources.md", "_index.md"] {
            std::fs::write(d.path().join("content").join(name), "keep").unwrap();
        }
        let p = create(d.path(), "Free-threaded Python!").unwrap();
        assert!(
            p.ends_with("content/03-free-threaded-python.md"),
            "{}",
            p.display()
        );
        let text = std::fs::read_to_string(&p).unwrap();
        assert!(text.starts_with("+++\ntitle = \"Free-threaded Python!\"\n"));
        assert!(text.contains("weight = 30"));
        // The same title again would give a second chapter with the same slug: refused.
        let e = create(d.path(), "Free-threaded Python!").unwrap_err();
        assert!(
            e.contains("already has the slug `free-threaded-python`"),
            "{e}"
        );
        for name in ["01-a.md", "02-b.md", "99-sources.md"] {
            assert_eq!(
                std::fs::read_to_string(d.path().join("content").join(name)).unwrap(),
                "keep"
            );
        }
    }

    #[test]
    fn refuses_titles_without_letters_and_survives_huge_numbers() {
        let d = tempfile::tempdir().unwrap();
        assert!(
            create(d.path(), "!!!")
                .unwrap_err()
                .contains("no letters or digits")
        );
        // Numbers are only as large as the chapters: a huge prefix does not break `new`.
        std::fs::write(d.path().join("content/4294967295-big.md"), "").unwrap();
        assert!(
            create(d.path(), "Next")
                .unwrap()
                .ends_with("content/01-next.md")
        );
    }

    #[test]
    fn new_chapter_front_matter_parses() {
        let src = crate::content::parse_source(
            "a.md".into(),
            "a.md".into(),
            &template("A \"quoted\" title", 10),
        )
        .unwrap();
        assert_eq!(src.front.title.as_deref(), Some("A \"quoted\" title"));
    }

    #[test]
    fn refuses_multi_line_titles_and_shortens_long_ones() {
        let d = tempfile::tempdir().unwrap();
        let e = create(d.path(), "Title\n+++\nweight = 1").unwrap_err();
        assert!(e.contains("one line"), "{e}");
        assert!(!d.path().join("content").exists() || next_number(&d.path().join("content")) == 1);
        let long = "word ".repeat(60);
        let path = create(d.path(), &long).unwrap();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        assert!(name.len() <= MAX_SLUG + "01-.md".len(), "{name}");
        let text = std::fs::read_to_string(&path).unwrap();
        let src = crate::content::parse_source("a.md".into(), "a.md".into(), &text).unwrap();
        assert_eq!(src.front.title.as_deref(), Some(long.trim()));
    }
}
