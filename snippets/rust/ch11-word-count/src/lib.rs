//! The Rust side of a dual implementation: a word counter that must agree,
//! input for input, with the pure-Python reference `count_words_py`.

use std::collections::HashMap;

// ANCHOR: split
/// Python's `str.split()` treats U+001C..U+001F (the ASCII file, group,
/// record and unit separators) as whitespace; Rust's `char::is_whitespace`
/// does not. Matching the reference means matching its quirks.
fn is_python_whitespace(c: char) -> bool {
    c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c)
}

/// Counts lower-cased words, splitting exactly where Python's `str.split()` does.
pub fn count_words(text: &str) -> HashMap<String, usize> {
    let mut counts = HashMap::new();
    for word in text.split(is_python_whitespace).filter(|w| !w.is_empty()) {
        *counts.entry(word.to_lowercase()).or_insert(0) += 1;
    }
    counts
}
// ANCHOR_END: split

#[cfg(test)]
mod tests {
    use super::*;

    fn counts(pairs: &[(&str, usize)]) -> HashMap<String, usize> {
        pairs.iter().map(|&(w, n)| (w.to_string(), n)).collect()
    }

    #[test]
    fn counts_case_insensitively() {
        let got = count_words("The cat saw the CAT");
        assert_eq!(got, counts(&[("the", 2), ("cat", 2), ("saw", 1)]));
    }

    #[test]
    fn empty_and_blank_inputs_have_no_words() {
        assert!(count_words("").is_empty());
        assert!(count_words(" \t\n ").is_empty());
    }

    #[test]
    fn unit_separator_splits_like_python() {
        // Python: "unit\x1fseparator".split() == ["unit", "separator"]
        let got = count_words("unit\u{1f}separator");
        assert_eq!(got, counts(&[("unit", 1), ("separator", 1)]));
    }

    #[test]
    fn plain_split_whitespace_would_disagree() {
        let naive: Vec<&str> = "unit\u{1f}separator".split_whitespace().collect();
        assert_eq!(naive, ["unit\u{1f}separator"]);
    }

    #[test]
    fn unicode_spaces_and_letters() {
        let got = count_words("non\u{a0}breaking Stra\u{df}e em\u{2003}space");
        let want = counts(&[
            ("non", 1),
            ("breaking", 1),
            ("stra\u{df}e", 1),
            ("em", 1),
            ("space", 1),
        ]);
        assert_eq!(got, want);
    }
}
