//! How text becomes search terms, identically at build time (here) and in the reader's
//! browser (`static/search.js`): accents folded, lower case, words split at anything that is
//! not a letter, digit or `_`, identifiers split at `_` too, and a light English stemmer so
//! that `borrowing`, `borrowed` and `borrows` all become `borrow`. `tests/search-vectors.json`
//! holds the cases both implementations must agree on.

use std::borrow::Cow;

use unicode_normalization::char::{decompose_canonical, is_combining_mark};

/// Words longer than this are not indexed (hashes, base64, minified code).
pub const MAX_WORD: usize = 40;

/// Lower case, with accents removed: `Über` -> `uber`.
pub fn fold(text: &str) -> String {
    // Most text is ASCII, which has nothing to decompose.
    if text.is_ascii() {
        return text.to_ascii_lowercase();
    }
    // Each character decomposed on its own: the same as decomposing the whole text, since the
    // combining marks whose order that would fix are all dropped.
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
        } else {
            decompose_canonical(c, |d| {
                if !is_combining_mark(d) {
                    out.extend(d.to_lowercase());
                }
            });
        }
    }
    out
}

/// The words of `text`, folded, in order: `sum_as_string` gives `sum_as_string`, `sum`, `as`,
/// `string`; `Vec<u8>` gives `vec`, `u8`; `--release` gives `release`.
pub fn words(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    each_word(&fold(text), |w| out.push(w.to_string()));
    out
}

/// Calls `f` with each word of already folded text, as [`words`] lists them, without
/// copying any: the index builder counts them in place.
pub fn each_word<'a>(folded: &'a str, mut f: impl FnMut(&'a str)) {
    for run in folded.split(|c: char| !(c.is_alphanumeric() || c == '_')) {
        let word = run.trim_matches('_');
        if word.is_empty() || (word.len() > MAX_WORD && word.chars().count() > MAX_WORD) {
            continue;
        }
        f(word);
        if word.contains('_') {
            word.split('_').filter(|p| !p.is_empty()).for_each(&mut f);
        }
    }
}

/// The stem of a folded word. Only plain ASCII words of four letters or more change:
/// plurals and `-ing`/`-ed` forms lose their ending, and a final `e` goes, so `make`,
/// `making` and `makes` meet at `mak`. The stem is a prefix of the word, borrowed, except
/// where `-ies` and `-ied` become `y`.
pub fn stem(word: &str) -> Cow<'_, str> {
    if word.len() <= 3 || !word.bytes().all(|b| b.is_ascii_lowercase()) {
        return Cow::Borrowed(word);
    }
    let ends = |end: usize, suffix: &str| word[..end].ends_with(suffix);
    let mut end = word.len();
    if ends(end, "ies") && end > 4 {
        return Cow::Owned(format!("{}y", &word[..end - 3]));
    } else if ["sses", "ches", "shes", "xes", "zes"]
        .iter()
        .any(|e| ends(end, e))
    {
        end -= 2;
    } else if ends(end, "s") && !["ss", "us", "is"].iter().any(|e| ends(end, e)) {
        end -= 1;
    }
    if ends(end, "ied") && end > 4 {
        return Cow::Owned(format!("{}y", &word[..end - 3]));
    } else if ends(end, "ing") && end >= 6 {
        end = undouble(word, end - 3);
    } else if ends(end, "ed") && end >= 5 {
        end = undouble(word, end - 2);
    }
    if end > 3 && ends(end, "e") && !ends(end, "ee") {
        end -= 1;
    }
    Cow::Borrowed(&word[..end])
}

/// `stopp` -> `stop`, `runn` -> `run`; `fall`, `pass` and `buzz` keep their double letter.
/// Works on `word[..end]` and returns its new end.
fn undouble(word: &str, end: usize) -> usize {
    let b = word.as_bytes();
    if end >= 2 && b[end - 1] == b[end - 2] && !b"aeioulsz".contains(&b[end - 1]) {
        end - 1
    } else {
        end
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The shared vectors: the browser's implementation is tested on the same file.
    #[test]
    fn agrees_with_the_shared_test_vectors() {
        let text = include_str!("../../tests/search-vectors.json");
        let v: serde_json::Value = serde_json::from_str(text).unwrap();
        for case in v["words"].as_array().unwrap() {
            let input = case[0].as_str().unwrap();
            let want: Vec<&str> = case[1]
                .as_array()
                .unwrap()
                .iter()
                .map(|w| w.as_str().unwrap())
                .collect();
            assert_eq!(words(input), want, "words of {input:?}");
        }
        for case in v["stems"].as_array().unwrap() {
            let (word, want) = (case[0].as_str().unwrap(), case[1].as_str().unwrap());
            assert_eq!(stem(word), want, "stem of {word:?}");
        }
        for group in v["same_stem"].as_array().unwrap() {
            let stems: Vec<String> = group
                .as_array()
                .unwrap()
                .iter()
                .map(|w| stem(w.as_str().unwrap()).into_owned())
                .collect();
            assert!(
                stems.windows(2).all(|p| p[0] == p[1]),
                "{group} -> {stems:?}"
            );
        }
    }
}
