//! The decision table's checks, each on a small table with the message it must give.

use super::proof::MAX_REPORTED;
use super::*;
use crate::error::line_col;

const PATH: &str = "content/decision.toml";

fn check(text: &str) -> Result<DecisionTable, Vec<Diagnostic>> {
    parse(Path::new(PATH), text)
}

fn errors(text: &str) -> Vec<String> {
    match check(text) {
        Ok(_) => panic!("expected errors"),
        Err(ds) => ds.iter().map(ToString::to_string).collect(),
    }
}

/// Line and column of the first occurrence of `needle` in `text`, 1-based.
fn find(text: &str, needle: &str) -> (usize, usize) {
    line_col(text, text.find(needle).expect("needle in fixture"))
}

fn at(text: &str, needle: &str) -> String {
    let (line, col) = find(text, needle);
    format!("{PATH}:{line}:{col}: error: ")
}

const VALID: &str = include_str!("../../tests/fixtures/decision/valid.toml");
const INCOMPLETE: &str = include_str!("../../tests/fixtures/decision/incomplete.toml");
const CONFLICTING: &str = include_str!("../../tests/fixtures/decision/conflicting.toml");
const SITE: &str = include_str!("../../content/decision.toml");

#[test]
fn accepts_a_valid_table() {
    let table = check(VALID).expect("valid fixture");
    assert_eq!(table.conditions.len(), 2);
    assert_eq!(table.rules.len(), 3);
}

#[test]
fn accepts_the_site_table() {
    let table = check(SITE).unwrap_or_else(|ds| {
        panic!(
            "{}",
            ds.iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("\n")
        )
    });
    assert!(table.criteria.len() >= 11);
    assert_eq!(table.actions.len(), 7);
}

#[test]
fn errors_on_incomplete_table_naming_the_gap() {
    let errs = errors(INCOMPLETE);
    let first_rule = at(INCOMPLETE, "\"calm\"");
    assert_eq!(
        errs,
        vec![format!(
            "{first_rule}no rule covers: hotspot = yes, library = no, team = no"
        )]
    );
}

#[test]
fn errors_on_conflicting_rules_naming_both() {
    let errs = errors(CONFLICTING);
    let (first_line, _) = find(CONFLICTING, "\"use-library\"");
    let (second_line, _) = find(CONFLICTING, "\"write-extension\"");
    assert_eq!(
        errs,
        vec![format!(
            "{}rules `use-library` (line {first_line}) and `write-extension` (line \
             {second_line}) both match hotspot = yes, library = yes, team = yes but give \
             different actions: `native-library` and `pyo3-extension`",
            at(CONFLICTING, "\"write-extension\"")
        )]
    );
}

#[test]
fn order_of_rules_does_not_matter() {
    let mut blocks: Vec<&str> = VALID.split("\n[[rule]]").collect();
    let head = blocks.remove(0);
    blocks.reverse();
    let reversed = format!("{head}\n[[rule]]{}", blocks.join("\n[[rule]]"));
    assert!(check(&reversed).is_ok(), "{reversed}");
}

#[test]
fn overlapping_rules_that_agree_are_fine() {
    let text = VALID.replace(
        "\n[[rule]]\nid = \"calm\"",
        "\n[[rule]]\nid = \"also-calm\"\nwhen = { hotspot = \"no\", library = \"no\" }\n\
         action = \"stay-python\"\n\n[[rule]]\nid = \"calm\"",
    );
    assert_ne!(text, VALID);
    assert!(check(&text).is_ok());
}

#[test]
fn errors_on_unknown_key_with_position() {
    let text = VALID.replace("summary = \"Keep", "sumary = \"Keep");
    let errs = errors(&text);
    assert_eq!(errs.len(), 1, "{errs:?}");
    assert!(errs[0].starts_with(&at(&text, "sumary")), "{errs:?}");
    assert!(errs[0].contains("unknown field `sumary`"), "{errs:?}");
}

#[test]
fn errors_on_unknown_action_and_condition_and_bad_value_all_at_once() {
    let text = VALID
        .replace("action = \"native-library\"", "action = \"native-lib\"")
        .replace("when = { hotspot = \"no\" }", "when = { hotspt = \"no\" }")
        .replace("library = \"no\" }", "library = \"maybe\" }");
    let errs = errors(&text);
    assert_eq!(errs.len(), 3, "{errs:?}");
    let expected = [
        (
            at(&text, "hotspt"),
            "rule `calm` names unknown condition `hotspt`",
        ),
        (
            at(&text, "\"maybe\""),
            "`library = \"maybe\"` is not allowed",
        ),
        (
            at(&text, "\"native-lib\""),
            "gives unknown action `native-lib`",
        ),
    ];
    for (prefix, words) in expected {
        assert!(
            errs.iter()
                .any(|e| e.starts_with(&prefix) && e.contains(words)),
            "no `{prefix}...{words}` in {errs:?}"
        );
    }
}

#[test]
fn errors_on_wrong_type_in_each_row_it_occurs() {
    let text = VALID.replace("favours = \"rust\"", "favours = 3");
    let errs = errors(&text);
    assert_eq!(errs.len(), 1, "{errs:?}");
    let value = text.find("favours = 3").unwrap() + "favours = ".len();
    let (line, col) = line_col(&text, value);
    assert!(
        errs[0].starts_with(&format!("{PATH}:{line}:{col}: ")),
        "{errs:?}"
    );
    assert!(
        errs[0].contains("in [[criterion]]: invalid type: integer"),
        "{errs:?}"
    );
}

#[test]
fn errors_on_bad_favours_duplicate_ids_and_bad_ids() {
    let text = VALID
        .replace("favours = \"rust\"", "favours = \"crab\"")
        .replace("id = \"library\"", "id = \"hotspot\"")
        .replace("id = \"calm\"", "id = \"Calm down\"");
    let errs = errors(&text);
    assert!(errs.iter().any(|e| e.starts_with(&at(&text, "\"crab\""))
        && e.contains("use \"rust\", \"python\", \"even\" or \"both\"")));
    let (first, _) = find(&text, "id = \"hotspot\"");
    let duplicate = text.rfind("id = \"hotspot\"").unwrap();
    let (line, col) = line_col(&text, duplicate + "id = ".len());
    assert!(
        errs.contains(&format!(
            "{PATH}:{line}:{col}: error: duplicate condition id `hotspot`: already used at line {first}"
        )),
        "{errs:?}"
    );
    assert!(
        errs.iter()
            .any(|e| e.starts_with(&at(&text, "\"Calm down\"")))
    );
}

#[test]
fn errors_on_toml_syntax_with_position() {
    let text = VALID.replace("name = \"Raw speed\"", "name = \"Raw speed");
    let errs = errors(&text);
    assert!(!errs.is_empty());
    let (line, _) = find(&text, "name = \"Raw speed");
    assert!(errs[0].starts_with(&format!("{PATH}:{line}:")), "{errs:?}");
    assert!(errs[0].contains("invalid TOML"), "{errs:?}");
}

#[test]
fn errors_on_missing_tables_and_unknown_top_level_keys() {
    let errs = errors("title = \"x\"\n");
    assert!(
        errs.iter()
            .any(|e| e.starts_with(&format!("{PATH}:1:1: error: unknown key `title`")))
    );
    for name in ["criterion", "condition", "action", "rule"] {
        assert!(
            errs.iter()
                .any(|e| e.contains(&format!("no [[{name}]] tables"))),
            "{errs:?}"
        );
    }
}

#[test]
fn reports_a_bounded_number_of_gaps() {
    // Eight conditions and one narrow rule leave many separate gaps.
    let mut text = String::from(
        "[[criterion]]\nid = \"c\"\nname = \"n\"\nrust = \"r\"\npython = \"p\"\n\
         favours = \"even\"\nlink = \"a.md\"\n\n[[action]]\nid = \"a\"\ntitle = \"t\"\n\
         summary = \"s\"\nlink = \"a.md\"\n",
    );
    for i in 0..8 {
        text.push_str(&format!(
            "\n[[condition]]\nid = \"c{i}\"\nlabel = \"l\"\nquestion = \"q\"\n"
        ));
    }
    let when: Vec<String> = (0..8).map(|i| format!("c{i} = \"yes\"")).collect();
    text.push_str(&format!(
        "\n[[rule]]\nid = \"r\"\nwhen = {{ {} }}\naction = \"a\"\n",
        when.join(", ")
    ));
    let errs = errors(&text);
    assert_eq!(errs.len(), MAX_REPORTED + 1, "{errs:?}");
    assert!(
        errs[MAX_REPORTED].ends_with("255 of 256 combinations of answers match no rule"),
        "{errs:?}"
    );
}

#[test]
fn errors_on_too_many_conditions() {
    let mut text = VALID.to_string();
    for i in 0..MAX_CONDITIONS {
        text.push_str(&format!(
            "\n[[condition]]\nid = \"x{i}\"\nlabel = \"l\"\nquestion = \"q\"\n"
        ));
    }
    let errs = errors(&text);
    assert!(
        errs.iter().any(|e| e.contains("too many to check")),
        "{errs:?}"
    );
}

#[test]
fn links_carry_their_positions() {
    let table = check(VALID).unwrap();
    let links = table.links();
    let (line, col) = find(VALID, "\"03-when-rust.md#performance\"");
    assert!(links.contains(&DataLink {
        target: "03-when-rust.md#performance".to_string(),
        line,
        col
    }));
    assert_eq!(links.len(), table.criteria.len() + table.actions.len());
}

#[test]
fn view_resolves_links_and_escapes_script_json() {
    let text = VALID.replace(
        "title = \"Stay in Python\"",
        "title = \"Stay </script> in Python\"",
    );
    let table = check(&text).unwrap();
    let view = table.view(&|link: &str| format!("/out/{link}"));
    assert_eq!(view.criteria[0].url, "/out/03-when-rust.md#performance");
    assert_eq!(view.rules[0].cells.len(), 2);
    assert!(!view.json.contains("</"));
    let data: serde_json::Value = serde_json::from_str(&view.json).unwrap();
    assert_eq!(data["actions"][0]["title"], "Stay </script> in Python");
    assert_eq!(
        data["rules"][0]["when"],
        serde_json::json!({ "hotspot": "no" })
    );
    assert_eq!(
        view.filters.iter().map(|f| f.count).sum::<usize>(),
        view.criteria.len()
    );
}

#[test]
fn errors_on_links_that_run_code() {
    let text = VALID.replacen(
        "\"03-when-rust.md#performance\"",
        "\"javascript:alert(1)\"",
        1,
    );
    let errs = errors(&text);
    let prefix = at(&text, "\"javascript:alert(1)\"");
    assert!(
        errs.iter()
            .any(|e| e.starts_with(&prefix) && e.contains("`javascript:` URLs are not allowed")),
        "{errs:?}"
    );
}

#[test]
fn outcomes_give_every_combination_its_proven_action() {
    let table = check(VALID).unwrap();
    let outcomes = super::proof::outcomes(&table);
    assert_eq!(outcomes.len(), 1 << table.conditions.len());
    for (combination, c) in outcomes.chars().enumerate() {
        let action = c.to_digit(36).unwrap() as usize;
        // Every rule that matches this combination gives that action.
        for rule in &table.rules {
            let matches = rule.when.iter().enumerate().all(|(i, a)| match a {
                Answer::Any => true,
                Answer::Yes => combination & (1 << i) != 0,
                Answer::No => combination & (1 << i) == 0,
            });
            if matches {
                assert_eq!(rule.action, action, "rule {} at {combination:b}", rule.id);
            }
        }
    }
}
