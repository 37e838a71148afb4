//! How text becomes search terms, identically at build time (here) and in the reader's
//! browser (`static/search.js`): accents folded, lower case, words split at anything that is
//! not a letter, digit or `_`, identifiers split at `_` too, and a light English stemmer so
//! that `borrowing`, `borrowed` and `borrows` all become `borrow`. `tests/search-vectors.json`
//! holds the cases both implementations must agree on.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Words longer than this are not indexed (hashes, base64, minified code).
pub const MAX_WORD: usize = 40;

/// Lower case, with accents removed: `Über` -> `uber`.
pub fn fold(text: &str) -> String {
    text.nfd()
        .filter(|c| !is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .collect()
}

/// The words of `text`, folded, in order: `sum_as_string` gives `sum_as_string`, `sum`, `as`,
/// `string`; `Vec<u8>` gives `vec`, `u8`; `--release` gives `release`.
pub fn words(text: &str) -> Vec<String> {
    let folded = fold(text);
    let mut out = Vec::new();
    for run in folded.split(|c: char| !(c.is_alphanumeric() || c == '_')) {
        let word = run.trim_matches('_');
        if word.is_empty() || word.chars().count() > MAX_WORD {
            continue;
        }
        out.push(word.to_string());
        if word.contains('_') {
            out.extend(
                word.split('_')
                    .filter(|p| !p.is_empty())
                    .map(str::to_string),
            );
        }
    }
    out
}

/// The stem of a folded word. Only plain ASCII words of four letters or more change:
/// plurals and `-ing`/`-ed` forms lose their ending, and a final `e` goes, so `make`,
/// `making` and `makes` meet at `mak`.
pub fn stem(word: &str) -> String {
    if word.len() <= 3 || !word.bytes().all(|b| b.is_ascii_lowercase()) {
        return word.to_string();
    }
    let mut s = word.to_string();
    if s.ends_with("ies") && s.len() > 4 {
        s.truncate(s.len() - 3);
        s.push('y');
    } else if ["sses", "ches", "shes", "xes", "zes"]
        .iter()
        .any(|e| s.ends_with(e))
    {
        s.truncate(s.len() - 2);
    } else if s.ends_with('s') && !["ss", "us", "is"].iter().any(|e| s.ends_with(e)) {
        s.truncate(s.len() - 1);
    }
    if s.ends_with("ied") && s.len() > 4 {
        s.truncate(s.len() - 3);
        s.push('y');
    } else if s.ends_with("ing") && s.len() >= 6 {
        s.truncate(s.len() - 3);
        undouble(&mut s);
    } else if s.ends_with("ed") && s.len() >= 5 {
        s.truncate(s.len() - 2);
        undouble(&mut s);
    }
    if s.len() > 3 && s.ends_with('e') && !s.ends_with("ee") {
        s.pop();
    }
    s
}

/// `stopp` -> `stop`, `runn` -> `run`; `fall`, `pass` and `buzz` keep their double letter.
fn undouble(s: &mut String) {
    let b = s.as_bytes();
    let n = b.len();
    if n >= 2 && b[n - 1] == b[n - 2] && !b"aeioulsz".contains(&b[n - 1]) {
        s.pop();
    }
}

/// The terms of `text`: its words, stemmed.
pub fn terms(text: &str) -> Vec<String> {
    words(text).iter().map(|w| stem(w)).collect()
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
                .map(|w| stem(w.as_str().unwrap()))
                .collect();
            assert!(
                stems.windows(2).all(|p| p[0] == p[1]),
                "{group} -> {stems:?}"
            );
        }
    }
}
