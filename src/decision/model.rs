//! The data file as a contributor writes it: TOML rows deserialized one at a time (so one
//! bad row does not hide the others), ids, values and references checked, with positions.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::ops::Range;
use std::path::Path;

use serde::Deserialize;
use serde::de::{DeserializeOwned, IntoDeserializer};
use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::{
    Action, Answer, Condition, Criterion, DecisionTable, Favours, MAX_ACTIONS, MAX_CONDITIONS, Pos,
    Rule,
};
use crate::error::{Diagnostic, LineIndex};
use crate::markdown::links;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCriterion {
    id: Spanned<String>,
    name: Spanned<String>,
    rust: Spanned<String>,
    python: Spanned<String>,
    favours: Spanned<String>,
    link: Spanned<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCondition {
    id: Spanned<String>,
    label: Spanned<String>,
    question: Spanned<String>,
    #[serde(default)]
    help: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAction {
    id: Spanned<String>,
    title: Spanned<String>,
    summary: Spanned<String>,
    link: Spanned<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRule {
    id: Spanned<String>,
    #[serde(default)]
    when: BTreeMap<Spanned<String>, Spanned<String>>,
    action: Spanned<String>,
    #[serde(default)]
    why: Option<Spanned<String>>,
}

#[derive(Debug, Default)]
struct RawDocument {
    criteria: Vec<RawCriterion>,
    conditions: Vec<RawCondition>,
    actions: Vec<RawAction>,
    rules: Vec<RawRule>,
    /// Where each array was named, for errors about the array as a whole.
    condition_key: Option<Range<usize>>,
}

/// Reads the rows and checks each one: the table when nothing is wrong, else every problem.
pub(super) fn read(path: &Path, text: &str) -> Result<DecisionTable, Vec<Diagnostic>> {
    let mut checker = Checker::new(path, text);
    let Some(raw) = checker.read_document() else {
        return Err(checker.diags);
    };
    let table = checker.build(raw);
    if checker.diags.is_empty() {
        Ok(table)
    } else {
        Err(checker.diags)
    }
}

/// Collects every problem in one data file.
struct Checker<'a> {
    path: &'a Path,
    text: &'a str,
    lines: LineIndex,
    diags: Vec<Diagnostic>,
    /// `(table, id)` of rows that did not deserialize; references to them are not reported.
    broken: HashSet<(String, String)>,
}

impl<'a> Checker<'a> {
    fn new(path: &'a Path, text: &'a str) -> Self {
        Checker {
            path,
            text,
            lines: LineIndex::new(text),
            diags: Vec::new(),
            broken: HashSet::new(),
        }
    }

    fn pos(&self, span: &Range<usize>) -> Pos {
        let (line, col) = self.lines.line_col(self.text, span.start);
        Pos { line, col }
    }

    fn error(&mut self, span: &Range<usize>, message: impl Into<String>) {
        let Pos { line, col } = self.pos(span);
        self.diags
            .push(Diagnostic::error(self.path, line, col, message));
    }

    /// Syntax, the four arrays, and the keys and types of each row. Returns `None` when the
    /// TOML itself does not parse.
    fn read_document(&mut self) -> Option<RawDocument> {
        let (root, syntax_errors) = DeTable::parse_recoverable(self.text);
        if !syntax_errors.is_empty() {
            for e in syntax_errors {
                let span = e.span().unwrap_or(0..0);
                self.error(&span, format!("invalid TOML: {}", e.message()));
            }
            return None;
        }
        let mut doc = RawDocument::default();
        for (key, value) in root.into_inner() {
            let key_span = key.span();
            match key.get_ref().as_ref() {
                "criterion" => doc.criteria = self.rows("criterion", value),
                "condition" => {
                    doc.condition_key = Some(key_span);
                    doc.conditions = self.rows("condition", value);
                }
                "action" => doc.actions = self.rows("action", value),
                "rule" => doc.rules = self.rows("rule", value),
                other => self.error(
                    &key_span,
                    format!(
                        "unknown key `{other}`: expected only [[criterion]], [[condition]], \
                         [[action]] and [[rule]] tables"
                    ),
                ),
            }
        }
        Some(doc)
    }

    /// Deserializes each element of one array on its own, so that a mistake in one row does
    /// not hide the mistakes in the others.
    fn rows<T: DeserializeOwned>(&mut self, name: &str, value: Spanned<DeValue<'_>>) -> Vec<T> {
        let span = value.span();
        let DeValue::Array(items) = value.into_inner() else {
            self.error(
                &span,
                format!("`{name}` must be an array of tables, written [[{name}]]"),
            );
            return Vec::new();
        };
        let mut rows = Vec::new();
        for item in items {
            let item_span = item.span();
            let id = item
                .get_ref()
                .as_table()
                .and_then(|t| t.get("id"))
                .and_then(|id| id.get_ref().as_str())
                .map(str::to_string);
            match T::deserialize(item.into_deserializer()) {
                Ok(row) => rows.push(row),
                Err(e) => {
                    let span = e.span().unwrap_or(item_span);
                    self.error(&span, format!("in [[{name}]]: {}", e.message()));
                    // Rules that name this row are not wrong: do not report them as well.
                    self.broken.extend(id.map(|id| (name.to_string(), id)));
                }
            }
        }
        rows
    }

    /// Converts the raw rows into the checked model: ids, values and references.
    /// Turns the raw rows into the table, one small pass per kind of row.
    fn build(&mut self, raw: RawDocument) -> DecisionTable {
        self.check_present(&raw);
        let mut ids = IdSet::default();
        let criteria = raw
            .criteria
            .into_iter()
            .map(|c| self.criterion(&mut ids, c))
            .collect();
        let conditions: Vec<Condition> = raw
            .conditions
            .into_iter()
            .map(|c| self.condition(&mut ids, c))
            .collect();
        if conditions.len() > MAX_CONDITIONS {
            let span = raw.condition_key.clone().unwrap_or(0..0);
            self.error(
                &span,
                format!(
                    "{} conditions are too many to check every combination of answers; \
                     the limit is {MAX_CONDITIONS}",
                    conditions.len()
                ),
            );
        }
        let actions: Vec<Action> = raw
            .actions
            .into_iter()
            .map(|a| self.action(&mut ids, a))
            .collect();
        if actions.len() > MAX_ACTIONS {
            self.error(
                &(0..0),
                format!(
                    "{} actions are too many: the page names each with one character, so \
                     the limit is {MAX_ACTIONS}",
                    actions.len()
                ),
            );
        }
        let rules = raw
            .rules
            .into_iter()
            .filter_map(|r| self.rule(&mut ids, r, &conditions, &actions))
            .collect();
        DecisionTable {
            criteria,
            conditions,
            actions,
            rules,
        }
    }

    /// Every kind of row must appear at least once.
    fn check_present(&mut self, raw: &RawDocument) {
        for (name, empty) in [
            ("criterion", raw.criteria.is_empty()),
            ("condition", raw.conditions.is_empty()),
            ("action", raw.actions.is_empty()),
            ("rule", raw.rules.is_empty()),
        ] {
            if empty {
                self.error(
                    &(0..0),
                    format!("no [[{name}]] tables: at least one is needed"),
                );
            }
        }
    }

    fn criterion(&mut self, ids: &mut IdSet, c: RawCriterion) -> Criterion {
        self.check_id(ids, "criterion", &c.id);
        self.check_text(&c.name, "name");
        self.check_text(&c.rust, "rust");
        self.check_text(&c.python, "python");
        self.check_text(&c.link, "link");
        self.check_link(&c.link);
        let favours = Favours::parse(c.favours.get_ref()).unwrap_or_else(|| {
            self.error(
                &c.favours.span(),
                format!(
                    "`favours = \"{}\"` is not allowed: use \"rust\", \"python\", \"even\" or \"both\"",
                    c.favours.get_ref()
                ),
            );
            Favours::Even
        });
        Criterion {
            link_pos: self.pos(&c.link.span()),
            id: c.id.into_inner(),
            name: c.name.into_inner(),
            rust: c.rust.into_inner(),
            python: c.python.into_inner(),
            favours,
            link: c.link.into_inner(),
        }
    }

    fn condition(&mut self, ids: &mut IdSet, c: RawCondition) -> Condition {
        self.check_id(ids, "condition", &c.id);
        self.check_text(&c.label, "label");
        self.check_text(&c.question, "question");
        Condition {
            id: c.id.into_inner(),
            label: c.label.into_inner(),
            question: c.question.into_inner(),
            help: c
                .help
                .map(Spanned::into_inner)
                .filter(|h| !h.trim().is_empty()),
        }
    }

    fn action(&mut self, ids: &mut IdSet, a: RawAction) -> Action {
        self.check_id(ids, "action", &a.id);
        self.check_text(&a.title, "title");
        self.check_text(&a.summary, "summary");
        self.check_text(&a.link, "link");
        self.check_link(&a.link);
        Action {
            link_pos: self.pos(&a.link.span()),
            id: a.id.into_inner(),
            title: a.title.into_inner(),
            summary: a.summary.into_inner(),
            link: a.link.into_inner(),
        }
    }

    /// A rule with its answers in condition order; `None` when its action is unusable.
    fn rule(
        &mut self,
        ids: &mut IdSet,
        r: RawRule,
        conditions: &[Condition],
        actions: &[Action],
    ) -> Option<Rule> {
        self.check_id(ids, "rule", &r.id);
        let mut when = vec![Answer::Any; conditions.len()];
        for (key, value) in &r.when {
            let answer = Answer::parse(value.get_ref());
            if answer.is_none() {
                self.error(
                    &value.span(),
                    format!(
                        "rule `{}`: `{} = \"{}\"` is not allowed: use \"yes\", \"no\" or \"any\"",
                        r.id.get_ref(),
                        key.get_ref(),
                        value.get_ref()
                    ),
                );
            }
            match conditions.iter().position(|c| &c.id == key.get_ref()) {
                Some(i) => when[i] = answer.unwrap_or(Answer::Any),
                None if self.is_broken("condition", key.get_ref()) => {}
                None => self.error(
                    &key.span(),
                    format!(
                        "rule `{}` names unknown condition `{}`; the conditions are: {}",
                        r.id.get_ref(),
                        key.get_ref(),
                        list_ids(conditions.iter().map(|c| c.id.as_str()))
                    ),
                ),
            }
        }
        let action = match actions.iter().position(|a| &a.id == r.action.get_ref()) {
            Some(i) => i,
            None if self.is_broken("action", r.action.get_ref()) => return None,
            None => {
                self.error(
                    &r.action.span(),
                    format!(
                        "rule `{}` gives unknown action `{}`; the actions are: {}",
                        r.id.get_ref(),
                        r.action.get_ref(),
                        list_ids(actions.iter().map(|a| a.id.as_str()))
                    ),
                );
                return None;
            }
        };
        Some(Rule {
            pos: self.pos(&r.id.span()),
            id: r.id.into_inner(),
            when,
            action,
            why: r
                .why
                .map(Spanned::into_inner)
                .filter(|w| !w.trim().is_empty()),
        })
    }

    /// Ids go into URLs (`?a=hotspot:y`) and HTML ids, so they are kept plain.
    fn check_id(&mut self, ids: &mut IdSet, kind: &'static str, id: &Spanned<String>) {
        let s = id.get_ref();
        let well_formed = s.starts_with(|c: char| c.is_ascii_lowercase())
            && s.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_');
        if !well_formed {
            self.error(
                &id.span(),
                format!(
                    "{kind} id `{s}` must start with a lower-case letter and use only a-z, 0-9, \
                     `-` and `_`"
                ),
            );
        }
        let pos = self.pos(&id.span());
        if let Some(first) = ids.seen.insert((kind, s.clone()), pos) {
            self.error(
                &id.span(),
                format!(
                    "duplicate {kind} id `{s}`: already used at line {}",
                    first.line
                ),
            );
        }
    }

    fn is_broken(&self, table: &str, id: &str) -> bool {
        self.broken.contains(&(table.to_string(), id.to_string()))
    }

    /// A link must not run code in the reader's browser.
    fn check_link(&mut self, link: &Spanned<String>) {
        if let Some(scheme) = links::refused_scheme(link.get_ref()) {
            self.error(&link.span(), links::refused_message(scheme));
        }
    }

    fn check_text(&mut self, value: &Spanned<String>, field: &str) {
        if value.get_ref().trim().is_empty() {
            self.error(&value.span(), format!("`{field}` must not be empty"));
        }
    }
}

#[derive(Default)]
struct IdSet {
    seen: HashMap<(&'static str, String), Pos>,
}

fn list_ids<'a>(ids: impl Iterator<Item = &'a str>) -> String {
    ids.map(|id| format!("`{id}`"))
        .collect::<Vec<_>>()
        .join(", ")
}
