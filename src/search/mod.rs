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
use std::cmp::Reverse;
use std::collections::{BTreeMap, BinaryHeap};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use foldhash::{HashMap, HashMapExt};
use rayon::prelude::*;
use serde::Serialize;

use crate::markdown::Section;

mod arena;
use crate::script_json::script_json;
use arena::{Arena, Span};

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

/// The search index, collected a page at a time while the pages are rendered: each page's
/// sections are counted as soon as the page is done, and the index keeps only their term
/// counts and the start of their text, never the pages themselves. Pages may arrive in any
/// order and from any thread; their place in the book orders the documents, so the files
/// do not depend on thread timing.
#[derive(Default)]
pub struct Index {
    state: Mutex<State>,
}

#[derive(Default)]
struct State {
    /// Every distinct term, numbered in the order first seen.
    numbers: HashMap<String, u32>,
    /// Every section's counts, in the order added (a page's sections together).
    docs: Vec<Doc>,
    /// The sections' packed counts, back to back.
    counts: Arena,
    /// What each page's results show, by the page's place, until it is written.
    waiting: BTreeMap<usize, Vec<Shown>>,
    /// The first page whose sections have not been taken from `waiting` yet.
    next_place: usize,
    /// Sections taken in reading order, short of a whole chunk file.
    ready: Vec<Shown>,
    /// Chunk files made so far.
    chunks: usize,
    /// Bytes of section text kept so far.
    kept: usize,
    /// Set once the text kept passes [`SINGLE_FILE_BYTES`]: the index can no longer be one
    /// file, so every section keeps only [`SHORT_TEXT`] characters, and the chunk files are
    /// made as soon as the pages before them are in.
    short: bool,
}

/// One section's counts, by the place of its page.
struct Doc {
    place: u32,
    /// (term number, weighted count) pairs, packed by [`pack_counts`].
    counts: Span,
    /// Words in the section's text.
    length: u32,
}

/// What a search result shows of one section: `[url, page, section, text]` in a chunk file.
struct Shown {
    url: String,
    page: String,
    section: String,
    /// At most [`MAX_TEXT`] characters (or [`SHORT_TEXT`] once the index is known to be big).
    text: String,
}

/// The length in bytes of the first `max` characters of `text`.
fn clip(text: &str, max: usize) -> usize {
    text.char_indices()
        .nth(max)
        .map_or(text.len(), |(at, _)| at)
}

impl Shown {
    fn clip(&mut self, max: usize) {
        self.text.truncate(clip(&self.text, max));
    }
}

impl State {
    /// The chunk files that can be made now: from the pages in reading order up to the first
    /// one not in yet, or with `all`, from every page left (and the last, partial chunk).
    fn chunk_files(&mut self, all: bool) -> Vec<(PathBuf, String)> {
        let mut files = Vec::new();
        loop {
            let next = if all {
                self.waiting.pop_first()
            } else {
                let place = self.next_place;
                self.waiting.remove(&place).map(|shown| (place, shown))
            };
            let Some((place, shown)) = next else {
                break;
            };
            self.next_place = place + 1;
            self.ready.extend(shown);
            while self.ready.len() >= DOCS_PER_CHUNK {
                let chunk: Vec<Shown> = self.ready.drain(..DOCS_PER_CHUNK).collect();
                files.push(chunk_file(self.chunks, &chunk));
                self.chunks += 1;
            }
        }
        if all && !self.ready.is_empty() {
            files.push(chunk_file(self.chunks, &std::mem::take(&mut self.ready)));
            self.chunks += 1;
        }
        files
    }
}

impl Index {
    pub fn new() -> Self {
        Self::default()
    }

    /// An index whose term counts go to its temporary file after a few bytes.
    #[cfg(test)]
    fn spilling() -> Self {
        let index = Self::default();
        index.state.lock().unwrap().counts = Arena::tiny();
        index
    }

    /// Adds the sections of the page at `place` (its position in the book's reading order;
    /// every page is added, with no sections if it has none to search). Returns the chunk
    /// files of documents that this page completed, for the caller to write: in a big book
    /// they are written while the pages render, instead of held to the end.
    pub fn add<'a>(
        &self,
        place: usize,
        entries: impl IntoIterator<Item = Entry<'a>>,
    ) -> Vec<(PathBuf, String)> {
        // Folding, splitting and stemming are most of the work: done before taking the lock.
        let counted: Vec<(Entry, [String; 3])> = entries
            .into_iter()
            .map(|e| {
                let folded = [e.text, e.section, e.page].map(words::fold);
                (e, folded)
            })
            .collect();
        let counts: Vec<_> = counted.iter().map(|(_, f)| count(f)).collect();
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        let state = &mut *state;
        let mut shown = Vec::with_capacity(counted.len());
        for ((entry, _), (tf, length)) in counted.iter().zip(counts) {
            let numbered: Counts = tf
                .into_iter()
                .map(|(term, f)| {
                    let next = state.numbers.len() as u32;
                    let id = match state.numbers.get(term.as_ref()) {
                        Some(&id) => id,
                        None => *state.numbers.entry(term.into_owned()).or_insert(next),
                    };
                    (id, f)
                })
                .collect();
            let text =
                &entry.text[..clip(entry.text, if state.short { SHORT_TEXT } else { MAX_TEXT })];
            state.kept += text.len();
            state.docs.push(Doc {
                place: place as u32,
                counts: state.counts.push(&pack_counts(numbered)),
                length,
            });
            shown.push(Shown {
                url: entry.url.clone(),
                page: entry.page.to_string(),
                section: entry.section.to_string(),
                text: text.to_string(),
            });
        }
        state.waiting.insert(place, shown);
        if !state.short && state.kept >= SINGLE_FILE_BYTES {
            // The documents alone are past the one-file size: a big book's index keeps the
            // start of each section, enough for a snippet.
            state.short = true;
            for s in state.waiting.values_mut().flatten() {
                s.clip(SHORT_TEXT);
            }
        }
        if state.short {
            state.chunk_files(false)
        } else {
            Vec::new()
        }
    }

    /// The documents in the order they were added, the terms by number, and the rest of
    /// the state.
    fn into_parts(self) -> (Vec<Doc>, Vec<String>, State) {
        let mut state = self.state.into_inner().unwrap_or_else(|e| e.into_inner());
        let docs = std::mem::take(&mut state.docs);
        let mut terms: Vec<String> = vec![String::new(); state.numbers.len()];
        for (term, id) in std::mem::take(&mut state.numbers) {
            terms[id as usize] = term;
        }
        (docs, terms, state)
    }

    /// The rest of the search files (after those [`Index::add`] returned), handed to `put`
    /// by output path as they are made.
    pub fn write<E: From<ReadBack>>(
        self,
        mut put: impl FnMut(&Path, &[u8]) -> Result<(), E>,
    ) -> Result<(), E> {
        let (docs, terms, mut state) = self.into_parts();
        let postings: Vec<(String, Vec<u32>)> = score(&docs, &state.counts, terms)
            .map_err(ReadBack)?
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
        // One file when the whole index fits: the first search costs one request.
        let full = (!state.short && terms_size < SINGLE_FILE_BYTES)
            .then(|| {
                let shown: Vec<&Shown> = state.waiting.values().flatten().collect();
                shown
                    .chunks(DOCS_PER_CHUNK)
                    .enumerate()
                    .map(|(n, chunk)| chunk_line(n, chunk.iter().copied()))
                    .collect::<Vec<String>>()
            })
            .filter(|lines| {
                terms_size + lines.iter().map(String::len).sum::<usize>() < SINGLE_FILE_BYTES
            });
        let single = full.is_some();
        if !single && terms_size < ONE_CHAR_SHARDS_BYTES {
            key = 1;
            shard_lines = self::shard_lines(&postings, key);
        }
        drop(postings);
        let manifest = push(
            "manifest",
            &"",
            &Manifest {
                docs: docs.len(),
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
        if let Some(lines) = full {
            let mut all = manifest;
            shard_lines.iter().for_each(|(_, l)| all.push_str(l));
            lines.iter().for_each(|l| all.push_str(l));
            return put(Path::new("search-index.js"), all.as_bytes());
        }
        put(Path::new("search-index.js"), manifest.as_bytes())?;
        for (key, line) in shard_lines {
            put(Path::new(&shard_file(&key)), line.as_bytes())?;
        }
        // Once the index is split, each section keeps the start of its text: enough for a
        // snippet, and the index stays smaller than the book's own Markdown.
        for s in state.waiting.values_mut().flatten() {
            s.clip(SHORT_TEXT);
        }
        for (path, line) in state.chunk_files(true) {
            put(&path, line.as_bytes())?;
        }
        Ok(())
    }
}

/// Reading the index's term counts back from its temporary file failed.
#[derive(Debug)]
pub struct ReadBack(pub std::io::Error);

/// Every search file of the given sections, by output path (the whole index at once; the
/// build adds pages to an [`Index`] as they are rendered instead).
pub fn files(entries: &[Entry]) -> Result<Vec<(PathBuf, Vec<u8>)>, ReadBack> {
    let index = Index::new();
    let early = index.add(0, entries.iter().cloned());
    let mut out = Vec::new();
    index.write(|path, bytes| -> Result<(), ReadBack> {
        out.push((path.to_path_buf(), bytes.to_vec()));
        Ok(())
    })?;
    // The manifest first, then the files in the order they were made.
    out.splice(1..1, early.into_iter().map(|(p, l)| (p, l.into_bytes())));
    Ok(out)
}

/// Chunk file number `n`: its path and its line.
fn chunk_file(n: usize, chunk: &[Shown]) -> (PathBuf, String) {
    (
        PathBuf::from(format!("search/d/{n}.js")),
        chunk_line(n, chunk.iter()),
    )
}

/// The line of chunk file `n`: `[url, page, section, text]` for each of its sections.
fn chunk_line<'a>(n: usize, chunk: impl Iterator<Item = &'a Shown>) -> String {
    let docs: Vec<(&str, &str, &str, &str)> = chunk
        .map(|d| {
            (
                d.url.as_str(),
                d.page.as_str(),
                d.section.as_str(),
                d.text.as_str(),
            )
        })
        .collect();
    push("docs", &n, &docs)
}

/// One line of a search file: `[kind, key, data]` pushed for `static/search.js`.
fn push(kind: &str, key: &impl Serialize, data: &impl Serialize) -> String {
    format!(
        "(self.CRABSNAKE_SEARCH=self.CRABSNAKE_SEARCH||[]).push({});\n",
        script_json(&(kind, key, data))
    )
}

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

/// A term's documents while they are scored: all of them, or for a term in more than
/// [`MAX_POSTINGS`] documents the best so far, in a heap whose top is the one to drop next
/// (the lowest score; among equal scores, the latest document).
enum Scored {
    All(Postings),
    Best(BinaryHeap<Reverse<(u32, Reverse<u32>)>>),
}

/// BM25 scores of every term (`terms`, by number) in every document, the heading and page
/// title counting extra. A term keeps its best [`MAX_POSTINGS`] documents as it goes, so the
/// lists never hold every pair.
///
/// `docs` come in the order they were added (which is the order of their counts in the
/// arena, read front to back); a document's number is its place in reading order.
fn score(
    docs: &[Doc],
    counts: &Arena,
    terms: Vec<String>,
) -> std::io::Result<BTreeMap<String, Postings>> {
    // Stable: a page's sections keep their order.
    let mut reading: Vec<u32> = (0..docs.len() as u32).collect();
    reading.sort_by_key(|&i| docs[i as usize].place);
    let mut numbers = vec![0u32; docs.len()];
    for (number, &i) in reading.iter().enumerate() {
        numbers[i as usize] = number as u32;
    }
    let mut df: Vec<u32> = vec![0; terms.len()];
    let mut read = counts.reader();
    for doc in docs {
        each_count(read.bytes(doc.counts)?, |id, _| df[id as usize] += 1);
    }
    let n = docs.len().max(1) as f64;
    // Summed in reading order: the same float, so the same scores, however pages finished.
    let average = reading
        .iter()
        .map(|&i| f64::from(docs[i as usize].length))
        .sum::<f64>()
        / n;
    // Each term's rarity, worked out once per term rather than once per section.
    let idf: Vec<f64> = df
        .iter()
        .map(|&d| {
            let d = f64::from(d);
            (1.0 + (n - d + 0.5) / (d + 0.5)).ln()
        })
        .collect();
    // The terms are shared out between the threads in runs of term numbers holding about as
    // many (term, section) pairs each: each thread reads every section's counts for its run
    // (a section's pairs are in term order) and scores only those, so each term's list is
    // made exactly as one thread would make it.
    let shares = rayon::current_num_threads().clamp(1, 16);
    let total: u64 = df.iter().map(|&d| u64::from(d)).sum();
    let mut bounds = vec![0u32];
    let mut so_far = 0u64;
    for (id, &d) in df.iter().enumerate() {
        so_far += u64::from(d);
        if bounds.len() < shares && so_far * shares as u64 >= total * bounds.len() as u64 {
            bounds.push(id as u32 + 1);
        }
    }
    while bounds.len() <= shares {
        bounds.push(df.len() as u32);
    }
    let shared: Vec<Vec<Postings>> = bounds
        .windows(2)
        .map(|w| w[0]..w[1])
        .collect::<Vec<_>>()
        .into_par_iter()
        .map(|run| {
            let first = run.start as usize;
            let mut lists: Vec<Scored> = df[run.start as usize..run.end as usize]
                .iter()
                .map(|&d| match d as usize {
                    d if d <= MAX_POSTINGS => Scored::All(Vec::with_capacity(d)),
                    _ => Scored::Best(BinaryHeap::with_capacity(MAX_POSTINGS)),
                })
                .collect();
            let mut read = counts.reader();
            for (doc, &number) in docs.iter().zip(&numbers) {
                let norm = K1 * (1.0 - B + B * f64::from(doc.length) / average);
                each_count_in(read.bytes(doc.counts)?, run.clone(), |id, f| {
                    let idf = idf[id as usize];
                    let f = f64::from(f);
                    let bm25 = idf * f * (K1 + 1.0) / (f + norm);
                    let scaled = (bm25 * 100.0).round().max(1.0) as u32;
                    match &mut lists[id as usize - first] {
                        Scored::All(list) => list.push((number, scaled)),
                        Scored::Best(best) => {
                            let entry = Reverse((scaled, Reverse(number)));
                            if best.len() < MAX_POSTINGS {
                                best.push(entry);
                            } else if let Some(mut worst) = best.peek_mut().filter(|w| entry < **w)
                            {
                                // Better than the worst kept (`Reverse`: smaller is better
                                // here): it takes that one's place.
                                *worst = entry;
                            }
                        }
                    }
                });
            }
            // Each list in reading order (documents were taken in the order they were
            // added).
            Ok(lists
                .into_iter()
                .map(|scored| {
                    let mut list: Postings = match scored {
                        Scored::All(list) => list,
                        Scored::Best(best) => best
                            .into_iter()
                            .map(|Reverse((score, Reverse(doc)))| (doc, score))
                            .collect(),
                    };
                    list.sort_unstable();
                    list
                })
                .collect())
        })
        .collect::<std::io::Result<_>>()?;
    // The runs, in order, hold every term's list in term order.
    Ok(terms
        .into_iter()
        .zip(shared.into_iter().flatten())
        .collect())
}

/// A section's term counts as compact bytes: (term number, count) pairs in term order, each
/// number as the gap from the one before, all as LEB128 varints (two to three bytes a pair
/// rather than eight).
fn pack_counts(mut counts: Vec<(u32, u32)>) -> Box<[u8]> {
    counts.sort_unstable();
    let mut out = Vec::with_capacity(counts.len() * 3);
    let mut last = 0;
    for (id, f) in counts {
        put_varint(&mut out, id - last);
        put_varint(&mut out, f);
        last = id;
    }
    out.into_boxed_slice()
}

fn put_varint(out: &mut Vec<u8>, mut v: u32) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

/// The (term number, count) pairs of packed counts, in term order.
fn pairs(packed: &[u8]) -> impl Iterator<Item = (u32, u32)> + '_ {
    let mut bytes = packed.iter();
    let mut next = move || {
        let mut v = 0u32;
        let mut shift = 0;
        for &b in bytes.by_ref() {
            v |= u32::from(b & 0x7f) << shift;
            if b < 0x80 {
                return Some(v);
            }
            shift += 7;
        }
        None
    };
    let mut id = 0u32;
    std::iter::from_fn(move || {
        let (gap, count) = (next()?, next()?);
        id += gap;
        Some((id, count))
    })
}

/// Calls `f` with each (term number, count) of packed counts.
fn each_count(packed: &[u8], mut f: impl FnMut(u32, u32)) {
    pairs(packed).for_each(|(id, count)| f(id, count));
}

/// [`each_count`] for the term numbers in `range` only: the pairs come in term order, so
/// the reading stops at the first number past it.
fn each_count_in(packed: &[u8], range: std::ops::Range<u32>, mut f: impl FnMut(u32, u32)) {
    pairs(packed)
        .skip_while(|(id, _)| *id < range.start)
        .take_while(|(id, _)| *id < range.end)
        .for_each(|(id, count)| f(id, count));
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

    /// The postings of the given sections, by term.
    fn scored(entries: &[Entry]) -> BTreeMap<String, Postings> {
        let index = Index::new();
        index.add(0, entries.iter().cloned());
        let (docs, terms, state) = index.into_parts();
        score(&docs, &state.counts, terms).expect("in memory")
    }

    #[test]
    fn chunk_files_come_while_pages_are_added_and_do_not_depend_on_their_order() {
        let texts: Vec<Vec<String>> = (0..120)
            .map(|p| {
                (0..30)
                    .map(|s| format!("page{p} section{s} {}", "some words ".repeat(20)))
                    .collect()
            })
            .collect();
        let build_with = |order: &[usize], index: Index| {
            let mut files = BTreeMap::new();
            let mut early = 0;
            for &p in order {
                let entries = texts[p].iter().map(|t| Entry {
                    page: "Page",
                    section: "S",
                    url: format!("p{p}.html"),
                    text: t,
                });
                for (path, line) in index.add(p, entries) {
                    early += 1;
                    files.insert(path, line.into_bytes());
                }
            }
            let spilled = index.state.lock().unwrap().counts.spilled();
            index
                .write(|path, bytes| -> Result<(), ReadBack> {
                    files.insert(path.to_path_buf(), bytes.to_vec());
                    Ok(())
                })
                .expect("read back");
            (files, early, spilled)
        };
        let build = |order: &[usize]| build_with(order, Index::new());
        let in_order: Vec<usize> = (0..texts.len()).collect();
        let mut shuffled = in_order.clone();
        shuffled.reverse();
        shuffled.swap(3, 70);
        let (a, early, in_memory) = build(&in_order);
        let (b, ..) = build(&shuffled);
        assert!(!in_memory, "a small index keeps its counts in memory");
        assert!(early > 40, "chunk files came as pages were added: {early}");
        assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
        assert!(a == b, "the same files whatever the order pages came in");
        // And whether the term counts waited in memory or in the temporary file.
        let spilling = Index::spilling();
        let (c, _, spilled) = build_with(&shuffled, spilling);
        assert!(spilled, "the counts went to the temporary file");
        assert!(a == c, "the same files with the counts read back from disk");
        let chunks = a.keys().filter(|p| p.starts_with("search/d")).count();
        assert_eq!(chunks, (120 * 30_usize).div_ceil(DOCS_PER_CHUNK));
    }

    #[test]
    fn packed_counts_come_back_in_term_order() {
        let counts = vec![(300, 1), (0, 7), (u32::MAX, u32::MAX), (128, 200_000)];
        let mut back = Vec::new();
        each_count(&pack_counts(counts.clone()), |id, f| back.push((id, f)));
        let mut sorted = counts;
        sorted.sort();
        assert_eq!(back, sorted);
    }

    #[test]
    fn a_common_term_keeps_its_best_documents() {
        // "common" is in every other section (so it still scores), and every tenth of those
        // repeats it: those score higher and are kept.
        let with = MAX_POSTINGS + 50;
        let texts: Vec<String> = (0..2 * with)
            .map(|i| match i % 2 {
                0 if (i / 2) % 10 == 0 => format!("common common common common common filler{i}"),
                0 => format!("common filler{i} other words here"),
                _ => format!("filler{i} other words here too"),
            })
            .collect();
        let docs: Vec<Entry> = texts.iter().map(|t| entry("P", "", t)).collect();
        let common = &scored(&docs)["common"];
        assert_eq!(common.len(), MAX_POSTINGS);
        assert!(
            common.windows(2).all(|w| w[0].0 < w[1].0),
            "in document order"
        );
        for i in (0..docs.len()).step_by(20) {
            assert!(common.iter().any(|&(d, _)| d as usize == i), "{i} kept");
        }
        // Among equal scores the earliest documents stay.
        assert!(common.iter().any(|&(d, _)| d == 2));
        assert!(!common.iter().any(|&(d, _)| d as usize == docs.len() - 2));
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
        let postings = scored(&docs);
        let borrow = &postings["borrow"];
        assert_eq!(borrow.len(), 2, "{borrow:?}");
        assert!(borrow[0].1 > borrow[1].1, "{borrow:?}");
    }

    #[test]
    fn a_small_site_is_one_file_and_a_big_one_is_split() {
        let small = files(&[entry("A", "B", "words here")]).unwrap();
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
        let big = files(&many).unwrap();
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
        let files = files(&huge).unwrap();
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
        let f = files(&[entry("A", "B", "</script><script>alert(1)")]).unwrap();
        assert!(!String::from_utf8_lossy(&f[0].1).contains("</script>"));
    }
}
