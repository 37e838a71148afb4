//! `new "Title"`: writes `content/NN-title.md` with front matter, numbered after the
//! highest existing chapter. It never overwrites a file.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::content::strip_number_prefix;
use crate::markdown::slugify;

/// The next free chapter number: one more than the highest `NN-` prefix in `content/`.
pub fn next_number(content_dir: &Path) -> u32 {
    let highest = std::fs::read_dir(content_dir)
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            let digits: String = name.chars().take_while(char::is_ascii_digit).collect();
            (name.ends_with(".md")
                && !digits.is_empty()
                && strip_number_prefix(name.trim_end_matches(".md"))
                    != name.trim_end_matches(".md"))
            .then(|| digits.parse::<u32>().ok())
            .flatten()
        })
        .max()
        .unwrap_or(0);
    highest.saturating_add(1)
}

/// The front matter and opening of a new chapter.
pub fn template(title: &str, weight: u32) -> String {
    let quoted = toml::Value::String(title.to_string()).to_string();
    format!(
        "+++\ntitle = {quoted}\ndescription = \"\"\nweight = {weight}\n+++\n\n<!-- CONTRIBUTING.md says how a chapter is written and checked. -->\n"
    )
}

/// Creates the chapter file and returns its path.
pub fn create(root: &Path, title: &str) -> Result<PathBuf, String> {
    let title = title.trim();
    if title.is_empty() {
        return Err("the title is empty: crabsnake new \"Chapter title\"".into());
    }
    let content_dir = root.join("content");
    std::fs::create_dir_all(&content_dir).map_err(|e| format!("{}: {e}", content_dir.display()))?;
    let slug = slugify(title);
    if !title.chars().any(char::is_alphanumeric) {
        return Err(format!(
            "the title `{title}` has no letters or digits to make a file name from"
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
    fn numbers_after_the_highest_chapter_and_never_overwrites() {
        let d = tempfile::tempdir().unwrap();
        std::fs::create_dir(d.path().join("content")).unwrap();
        std::fs::write(d.path().join("content/07-old.md"), "x").unwrap();
        let p = create(d.path(), "Free-threaded Python!").unwrap();
        assert!(
            p.ends_with("content/08-free-threaded-python.md"),
            "{}",
            p.display()
        );
        let text = std::fs::read_to_string(&p).unwrap();
        assert!(text.starts_with("+++\ntitle = \"Free-threaded Python!\"\n"));
        assert!(text.contains("weight = 80"));
        // Same number again is impossible; an existing name is never overwritten.
        std::fs::write(d.path().join("content/09-twice.md"), "keep").unwrap();
        std::fs::remove_file(&p).unwrap();
        std::fs::write(d.path().join("content/10-x.md"), "").unwrap();
        assert!(create(d.path(), "Twice").is_ok());
        assert_eq!(
            std::fs::read_to_string(d.path().join("content/09-twice.md")).unwrap(),
            "keep"
        );
    }

    #[test]
    fn refuses_titles_without_letters_and_huge_numbers() {
        let d = tempfile::tempdir().unwrap();
        assert!(
            create(d.path(), "!!!")
                .unwrap_err()
                .contains("no letters or digits")
        );
        std::fs::write(d.path().join("content/4294967295-big.md"), "").unwrap();
        assert!(create(d.path(), "Next").is_err());
        assert_eq!(
            std::fs::read_dir(d.path().join("content")).unwrap().count(),
            1,
            "nothing was written"
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
}
