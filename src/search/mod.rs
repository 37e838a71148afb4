//! The search index, built from the text collected while rendering (never a second parse).
//!
//! One document per section (a page's opening text, and each h2/h3). Every term gets a
//! BM25 score per document, computed here once (with the section heading and the page title
//! counting extra), so the browser only adds numbers. The files are scripts, not JSON, so
//! that search works when the site is opened from disk:
//!
//! - a small site gets one file, `search-index.js`: the first search costs one request;
//! - a big one gets a small `search-index.js` (the manifest), one file of terms per
//!   two-letter prefix (`search/t/<hex>.js`) and the documents in chunks
//!   (`search/d/<n>.js`), loaded when a query or a result needs them.
//!
//! Each file pushes `[kind, key, data]` onto `self.CRABSNAKE_SEARCH`, which
//! `static/search.js` reads.

pub mod words;

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::path::PathBuf;

use foldhash::{HashMap, HashMapExt};
use rayon::prelude::*;
use serde::Serialize;

use crate::markdown::Section;
use crate::script_json::script_json;

/// Sites whose whole index is smaller than this get it in one file.
pub const SINGLE_FILE_BYTES: usize = 512_000;
/// Documents per chunk file in a big site.
pub const DOCS_PER_CHUNK: usize = 64;
/// Characters of a section's text kept for snippets and phrase matching.
const MAX_TEXT: usize = 4_000;
/// The same in a big book, where the text would otherwise be most of the index.
const SHORT_TEXT: usize = 400;
/// The most sections a term lists: a word in thousands of sections ("the", "and") keeps the
/// ones it scores best in, which are the ones a reader would open, and no file grows with the
/// size of the book.
const MAX_POSTINGS: usize = 1_000;
/// How much a term in the section heading, or in the page title, counts against the text.
const HEADING_WEIGHT: u32 = 3;
const TITLE_WEIGHT: u32 = 2;
/// BM25's constants, as commonly used.
const K1: f64 = 1.2;
const B: f64 = 0.75;

/// One searchable section: a page's text under one heading, borrowed from the rendered page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry<'a> {
    pub page: &'a str,
    /// Empty for a page's opening text.
    pub section: &'a str,
    /// Relative URL, with the section's anchor.
    pub url: String,
    pub text: &'a str,
}

/// The entries of one page.
pub fn entries<'a>(
    page_title: &'a str,
    url: &str,
    sections: impl IntoIterator<Item = &'a Section>,
) -> Vec<Entry<'a>> {
    sections
        .into_iter()
        .map(|s| Entry {
            page: page_title,
            section: &s.title,
            url: if s.id.is_empty() {
                url.to_string()
            } else {
                format!("{url}#{}", s.id)
            },
            text: &s.text,
        })
        .collect()
}

/// A term's documents and their scores (×100), by document number.
type Postings = Vec<(u32, u32)>;

/// What the browser loads first.
#[derive(Serialize)]
struct Manifest<'a> {
    docs: usize,
    chunk: usize,
    /// Every prefix that has a file of terms (empty for a one-file index).
    shards: Vec<&'a str>,
    /// How many first characters of a term make its prefix.
    key: usize,
    single: bool,
}

/// An index whose terms are smaller than this is filed by first character, not first two:
/// a few dozen files of tens of kilobytes rather than hundreds of small ones, which cost more
/// to write (each file is one more creation on the reader's host, and here on the build's
/// disk) than they save a search.
pub const ONE_CHAR_SHARDS_BYTES: usize = 2_000_000;

/// The prefix a term is filed under: its first `len` characters.
pub fn shard_key(term: &str, len: usize) -> String {
    term.chars().take(len).collect()
}

/// The terms grouped by prefix, each group as one line of a search file.
fn shard_lines(postings: &[(String, Vec<u32>)], key: usize) -> Vec<(String, String)> {
    let mut shards: BTreeMap<String, BTreeMap<&str, &[u32]>> = BTreeMap::new();
    for (term, flat) in postings {
        shards
            .entry(shard_key(term, key))
            .or_default()
            .insert(term.as_str(), flat);
    }
    let shards: Vec<(String, BTreeMap<&str, &[u32]>)> = shards.into_iter().collect();
    shards
        .par_iter()
        .map(|(key, terms)| (key.clone(), push("terms", key, terms)))
        .collect()
}

/// The file name of a prefix: hex of its UTF-8, so any script is a safe name.
fn shard_file(key: &str) -> String {
    let hex: String = key.bytes().map(|b| format!("{b:02x}")).collect();
    format!("search/t/{hex}.js")
}

/// Every search file of the site, by output path.
pub fn files(entries: &[Entry]) -> Vec<(PathBuf, Vec<u8>)> {
    let postings: Vec<(String, Vec<u32>)> = score(entries)
        .into_iter()
        .map(|(term, list)| {
            // Documents as gaps from the one before: small numbers, shorter files.
            let mut last = 0;
            let flat = list
                .iter()
                .flat_map(|&(d, s)| {
                    let gap = d - last;
                    last = d;
                    [gap, s]
                })
                .collect();
            (term, flat)
        })
        .collect();
    let mut key = 2;
    let mut shard_lines = shard_lines(&postings, key);
    let terms_size: usize = shard_lines.iter().map(|(_, l)| l.len()).sum();
    // The documents at full length only when the whole index may still fit in one file.
    let full = (terms_size < SINGLE_FILE_BYTES).then(|| doc_chunks(entries, MAX_TEXT));
    let single = full.as_ref().map_or(usize::MAX, |c| {
        terms_size + c.iter().map(String::len).sum::<usize>()
    }) < SINGLE_FILE_BYTES;
    if !single && terms_size < ONE_CHAR_SHARDS_BYTES {
        key = 1;
        shard_lines = self::shard_lines(&postings, key);
    }
    let chunk_lines = match full {
        Some(lines) if single => lines,
        // A big book keeps the start of each section: enough for a snippet, and the index
        // stays smaller than the book's own Markdown.
        _ => doc_chunks(entries, SHORT_TEXT),
    };
    let manifest = push(
        "manifest",
        &"",
        &Manifest {
            docs: entries.len(),
            chunk: DOCS_PER_CHUNK,
            shards: if single {
                Vec::new()
            } else {
                shard_lines.iter().map(|(key, _)| key.as_str()).collect()
            },
            key,
            single,
        },
    );
    if single {
        let mut all = manifest;
        shard_lines.iter().for_each(|(_, l)| all.push_str(l));
        chunk_lines.iter().for_each(|l| all.push_str(l));
        return vec![(PathBuf::from("search-index.js"), all.into_bytes())];
    }
    let mut out = vec![(PathBuf::from("search-index.js"), manifest.into_bytes())];
    for (key, line) in shard_lines {
        out.push((PathBuf::from(shard_file(&key)), line.into_bytes()));
    }
    for (n, line) in chunk_lines.into_iter().enumerate() {
        out.push((PathBuf::from(format!("search/d/{n}.js")), line.into_bytes()));
    }
    out
}

/// The sections in chunk files of [`DOCS_PER_CHUNK`]: `[url, page, section, text]`, with
/// at most `max` characters of text.
fn doc_chunks(entries: &[Entry], max: usize) -> Vec<String> {
    entries
        .par_chunks(DOCS_PER_CHUNK)
        .enumerate()
        .map(|(n, chunk)| {
            let docs: Vec<(&str, &str, &str, String)> = chunk
                .iter()
                .map(|e| {
                    let text: String = e.text.chars().take(max).collect();
                    (e.url.as_str(), e.page, e.section, text)
                })
                .collect();
            push("docs", &n, &docs)
        })
        .collect()
}

/// One line of a search file: `[kind, key, data]` pushed for `static/search.js`.
fn push(kind: &str, key: &impl Serialize, data: &impl Serialize) -> String {
    format!(
        "(self.CRABSNAKE_SEARCH=self.CRABSNAKE_SEARCH||[]).push({});\n",
        script_json(&(kind, key, data))
    )
}

/// Sections whose words are counted together; their words are held in memory at once.
const COUNT_CHUNK: usize = 4096;

/// One section's terms: (term number, weighted count).
type Counts = Vec<(u32, u32)>;

/// The weighted count of each term in one section (its heading and page title counting
/// extra), and the number of words of its text. Terms borrow from the folded text.
fn count<'a>([text, section, page]: &'a [String; 3]) -> (HashMap<Cow<'a, str>, u32>, u32) {
    // About one distinct term in four words: sized once instead of grown.
    let mut tf: HashMap<Cow<str>, u32> = HashMap::with_capacity(text.len() / 24 + 8);
    let mut length = 0u32;
    words::each_word(text, |w| {
        length += 1;
        *tf.entry(words::stem(w)).or_default() += 1;
    });
    words::each_word(section, |w| {
        *tf.entry(words::stem(w)).or_default() += HEADING_WEIGHT;
    });
    words::each_word(page, |w| {
        *tf.entry(words::stem(w)).or_default() += TITLE_WEIGHT;
    });
    (tf, length.max(1))
}

/// BM25 scores of every term in every document, the heading and page title counting extra.
fn score(entries: &[Entry]) -> BTreeMap<String, Postings> {
    // Every distinct term gets a number, in the order first seen; sections are kept as
    // (number, count) pairs, so the words themselves are held a chunk at a time.
    let mut numbers: HashMap<String, u32> = HashMap::new();
    let mut df: Vec<u32> = Vec::new();
    let mut docs: Vec<(Counts, u32)> = Vec::with_capacity(entries.len());
    for chunk in entries.chunks(COUNT_CHUNK) {
        // Folding, splitting and stemming are most of the work: in parallel.
        let folded: Vec<[String; 3]> = chunk
            .par_iter()
            .map(|e| [e.text, e.section, e.page].map(words::fold))
            .collect();
        let counted: Vec<(HashMap<Cow<str>, u32>, u32)> = folded.par_iter().map(count).collect();
        // Terms not seen before are found in parallel and numbered in sorted order, so the
        // numbers do not depend on thread timing.
        let mut new: Vec<&str> = counted
            .par_iter()
            .flat_map_iter(|(tf, _)| tf.keys().map(|t| t.as_ref()))
            .filter(|t| !numbers.contains_key(*t))
            .collect();
        new.par_sort_unstable();
        new.dedup();
        for term in new {
            numbers.insert(term.to_string(), df.len() as u32);
            df.push(0);
        }
        let numbered: Vec<(Counts, u32)> = counted
            .par_iter()
            .map(|(tf, length)| {
                let counts = tf.iter().map(|(t, &f)| (numbers[t.as_ref()], f)).collect();
                (counts, *length)
            })
            .collect();
        for (counts, _) in &numbered {
            for &(id, _) in counts {
                df[id as usize] += 1;
            }
        }
        docs.extend(numbered);
    }
    let n = entries.len().max(1) as f64;
    let average = docs.iter().map(|(_, l)| f64::from(*l)).sum::<f64>() / n;
    let mut lists: Vec<Postings> = vec![Vec::new(); df.len()];
    for (doc, (counts, length)) in docs.iter().enumerate() {
        let norm = K1 * (1.0 - B + B * f64::from(*length) / average);
        for &(id, f) in counts {
            let d = f64::from(df[id as usize]);
            let idf = (1.0 + (n - d + 0.5) / (d + 0.5)).ln();
            let f = f64::from(f);
            let bm25 = idf * f * (K1 + 1.0) / (f + norm);
            let scaled = (bm25 * 100.0).round().max(1.0) as u32;
            lists[id as usize].push((doc as u32, scaled));
        }
    }
    drop(docs);
    lists.par_iter_mut().for_each(|list| {
        if list.len() > MAX_POSTINGS {
            list.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
            list.truncate(MAX_POSTINGS);
            list.sort();
        }
    });
    numbers
        .into_iter()
        .map(|(term, id)| (term, std::mem::take(&mut lists[id as usize])))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry<'a>(page: &'a str, section: &'a str, text: &'a str) -> Entry<'a> {
        Entry {
            page,
            section,
            url: "p.html".into(),
            text,
        }
    }

    #[test]
    fn entries_link_to_section_anchors() {
        let sections = vec![
            Section {
                id: String::new(),
                title: String::new(),
                text: "intro".into(),
            },
            Section {
                id: "gil".into(),
                title: "The GIL".into(),
                text: "one thread".into(),
            },
        ];
        let e = entries("Side by side", "side-by-side.html", &sections);
        assert_eq!(e[0].url, "side-by-side.html");
        assert_eq!(e[1].url, "side-by-side.html#gil");
    }

    #[test]
    fn headings_outrank_passing_mentions_and_stems_meet() {
        let docs = [
            entry("Guide", "Borrowing", "Rules for references."),
            entry(
                "Guide",
                "Other",
                "It borrows once, among many other words here.",
            ),
        ];
        let postings = score(&docs);
        let borrow = &postings["borrow"];
        assert_eq!(borrow.len(), 2, "{borrow:?}");
        assert!(borrow[0].1 > borrow[1].1, "{borrow:?}");
    }

    #[test]
    fn a_small_site_is_one_file_and_a_big_one_is_split() {
        let small = files(&[entry("A", "B", "words here")]);
        assert_eq!(small.len(), 1);
        assert_eq!(small[0].0, PathBuf::from("search-index.js"));
        let text = String::from_utf8(small[0].1.clone()).unwrap();
        assert!(
            text.starts_with(
                "(self.CRABSNAKE_SEARCH=self.CRABSNAKE_SEARCH||[]).push([\"manifest\""
            )
        );
        assert!(text.contains("[\"terms\",\"wo\",{\"word\":[0,"), "{text}");

        let texts: Vec<(String, String)> = (0..2000)
            .map(|i| {
                (
                    format!("Section {i}"),
                    format!("text{i} shared words {i} {}", "filler words ".repeat(30)),
                )
            })
            .collect();
        let many: Vec<Entry> = texts
            .iter()
            .map(|(section, text)| entry("Page", section, text))
            .collect();
        let big = files(&many);
        let names: Vec<String> = big.iter().map(|(p, _)| p.display().to_string()).collect();
        assert!(names.contains(&"search-index.js".to_string()));
        // A mid-sized index files its terms by their first character.
        assert!(names.contains(&shard_file("s")), "{names:?}");
        assert!(names.contains(&"search/d/0.js".to_string()));
        assert_eq!(
            names.iter().filter(|n| n.starts_with("search/d/")).count(),
            2000_usize.div_ceil(DOCS_PER_CHUNK)
        );
        let manifest = String::from_utf8(big[0].1.clone()).unwrap();
        assert!(manifest.len() < 20_000, "the manifest stays small");
        assert!(manifest.contains("\"key\":1"), "{manifest}");

        // A big one (over ONE_CHAR_SHARDS_BYTES of terms) by their first two.
        let texts: Vec<String> = (0..3000)
            .map(|i| (0..40).map(|j| format!("w{i}x{j} ")).collect())
            .collect();
        let huge: Vec<Entry> = texts.iter().map(|t| entry("Page", "S", t)).collect();
        let files = files(&huge);
        let manifest = String::from_utf8(files[0].1.clone()).unwrap();
        assert!(manifest.contains("\"key\":2"), "{}", &manifest[..200]);
        assert!(
            files
                .iter()
                .any(|(p, _)| p.as_path() == std::path::Path::new(&shard_file("w1")))
        );
    }

    #[test]
    fn script_text_cannot_close_a_script_element() {
        let f = files(&[entry("A", "B", "</script><script>alert(1)")]);
        assert!(!String::from_utf8_lossy(&f[0].1).contains("</script>"));
    }
}
