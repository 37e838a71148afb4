//! The decision-table page: `content/decision.toml` parsed into typed rows, verified as a
//! decision table in the formal sense, and turned into the context of
//! `templates/partials/decision.html`.
//!
//! # The data
//!
//! Four arrays of tables: `[[criterion]]` rows of the Rust/Python comparison matrix,
//! `[[condition]]` yes/no questions, `[[action]]` recommendations and `[[rule]]`s that map
//! answers to an action:
//!
//! ```toml
//! [[rule]]
//! id = "library-exists"
//! when = { hotspot = "yes", library = "yes" }   # other conditions: "any"
//! action = "native-library"
//! why = "Someone already maintains the fast version."   # optional
//! ```
//!
//! # Semantics of the rules
//!
//! A rule matches a combination of answers when every condition in its `when` has the answer
//! given there; a condition it omits, or sets to `"any"`, matches both answers. Rules are
//! **order-independent**: the result never depends on where a rule stands in the file. The
//! table must be
//!
//! - **complete**: each of the 2^n combinations of answers matches at least one rule, and
//! - **consistent**: all rules that match one combination give the same action. Overlapping
//!   rules are allowed when they agree.
//!
//! [`parse`] reports every violation with `file:line:col`, together with syntax errors, unknown
//! keys, wrong types, unknown or duplicate ids and bad values, so a contributor sees them all
//! in one build.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::ops::Range;
use std::path::Path;

use serde::de::{DeserializeOwned, IntoDeserializer};
use serde::{Deserialize, Serialize};
use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::error::{Diagnostic, line_col};

/// More conditions than this make 2^n combinations too many to check (and to answer).
pub const MAX_CONDITIONS: usize = 16;
/// How many gaps in the rules, and how many conflicts, are reported before a summary line.
const MAX_REPORTED: usize = 5;

/// The checked contents of a decision-table data file.
#[derive(Debug, Clone)]
pub struct DecisionTable {
    criteria: Vec<Criterion>,
    conditions: Vec<Condition>,
    actions: Vec<Action>,
    rules: Vec<Rule>,
}

/// A link written in the data file, with its 1-based position there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DataLink {
    pub target: String,
    pub line: usize,
    pub col: usize,
}

/// Which language a criterion of the comparison matrix speaks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Favours {
    Rust,
    Python,
    Even,
    Both,
}

impl Favours {
    const ALL: [Favours; 4] = [Favours::Rust, Favours::Python, Favours::Even, Favours::Both];

    fn parse(s: &str) -> Option<Favours> {
        Favours::ALL.into_iter().find(|f| f.id() == s)
    }

    fn id(self) -> &'static str {
        match self {
            Favours::Rust => "rust",
            Favours::Python => "python",
            Favours::Even => "even",
            Favours::Both => "both",
        }
    }

    fn label(self) -> &'static str {
        match self {
            Favours::Rust => "Rust",
            Favours::Python => "Python",
            Favours::Even => "Even",
            Favours::Both => "Both",
        }
    }

    fn filter_label(self) -> &'static str {
        match self {
            Favours::Rust => "Favour Rust",
            Favours::Python => "Favour Python",
            Favours::Even => "Even",
            Favours::Both => "Use both",
        }
    }
}

/// One condition's entry in a rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Answer {
    Yes,
    No,
    Any,
}

impl Answer {
    fn parse(s: &str) -> Option<Answer> {
        match s {
            "yes" => Some(Answer::Yes),
            "no" => Some(Answer::No),
            "any" => Some(Answer::Any),
            _ => None,
        }
    }

    fn id(self) -> &'static str {
        match self {
            Answer::Yes => "yes",
            Answer::No => "no",
            Answer::Any => "any",
        }
    }
}

/// 1-based line and column in the data file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Pos {
    line: usize,
    col: usize,
}

#[derive(Debug, Clone)]
struct Criterion {
    id: String,
    name: String,
    rust: String,
    python: String,
    favours: Favours,
    link: String,
    link_pos: Pos,
}

#[derive(Debug, Clone)]
struct Condition {
    id: String,
    label: String,
    question: String,
    help: Option<String>,
}

#[derive(Debug, Clone)]
struct Action {
    id: String,
    title: String,
    summary: String,
    link: String,
    link_pos: Pos,
}

#[derive(Debug, Clone)]
struct Rule {
    id: String,
    /// One answer per condition, in the order of [`DecisionTable::conditions`].
    when: Vec<Answer>,
    /// Index into [`DecisionTable::actions`].
    action: usize,
    why: Option<String>,
    pos: Pos,
}

// The file format, exactly as a contributor writes it. Every value keeps its span so that a
// later check can point at it.

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

/// Parse and validate. `path` is only used in messages (e.g. "content/decision.toml").
pub fn parse(path: &Path, text: &str) -> Result<DecisionTable, Vec<Diagnostic>> {
    let mut checker = Checker {
        path,
        text,
        diags: Vec::new(),
        broken: HashSet::new(),
    };
    let Some(raw) = checker.read_document() else {
        return Err(checker.diags);
    };
    let table = checker.build(raw);
    if checker.diags.is_empty() {
        checker.check_rules(&table);
    }
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
    diags: Vec<Diagnostic>,
    /// `(table, id)` of rows that did not deserialize; references to them are not reported.
    broken: HashSet<(String, String)>,
}

impl Checker<'_> {
    fn pos(&self, span: &Range<usize>) -> Pos {
        let (line, col) = line_col(self.text, span.start);
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

    fn check_text(&mut self, value: &Spanned<String>, field: &str) {
        if value.get_ref().trim().is_empty() {
            self.error(&value.span(), format!("`{field}` must not be empty"));
        }
    }

    /// Completeness and consistency, plus questions and actions that no rule uses.
    fn check_rules(&mut self, table: &DecisionTable) {
        let n = table.conditions.len();
        let first_rule = table.rules[0].pos;
        let here = |checker: &Checker<'_>, pos: Pos, message: String| {
            Diagnostic::error(checker.path, pos.line, pos.col, message)
        };
        let cubes: Vec<Cube> = table.rules.iter().map(|r| Cube::of_rule(&r.when)).collect();

        for (i, a) in table.actions.iter().enumerate() {
            if !table.rules.iter().any(|r| r.action == i) {
                let d = here(
                    self,
                    a.link_pos,
                    format!("action `{}` is not given by any rule", a.id),
                );
                self.diags.push(d);
            }
        }
        for (i, c) in table.conditions.iter().enumerate() {
            if table.rules.iter().all(|r| r.when[i] == Answer::Any) {
                let message = format!(
                    "condition `{}` is \"any\" in every rule, so its answer never matters; \
                     use it in a rule or remove it",
                    c.id
                );
                self.diags.push(here(self, first_rule, message));
            }
        }

        // Consistency: two rules with different actions must never match one combination.
        let mut conflicts = 0;
        for j in 0..table.rules.len() {
            for i in 0..j {
                let (a, b) = (&table.rules[i], &table.rules[j]);
                if a.action == b.action || !cubes[i].meets(&cubes[j]) {
                    continue;
                }
                conflicts += 1;
                if conflicts > MAX_REPORTED {
                    continue;
                }
                let message = format!(
                    "rules `{}` (line {}) and `{}` (line {}) both match {} but give different \
                     actions: `{}` and `{}`",
                    a.id,
                    a.pos.line,
                    b.id,
                    b.pos.line,
                    table.describe(&cubes[i].intersection(&cubes[j])),
                    table.actions[a.action].id,
                    table.actions[b.action].id,
                );
                self.diags.push(here(self, b.pos, message));
            }
        }
        if conflicts > MAX_REPORTED {
            let message = format!(
                "{} more pairs of rules give different actions for the same answers",
                conflicts - MAX_REPORTED
            );
            self.diags.push(here(self, first_rule, message));
        }

        // Completeness: every combination of answers matches some rule. Gaps are reported as
        // the largest uncovered groups found greedily, so one missing rule gives one message.
        let all = Cube::all(n);
        let uncovered = |cube: &Cube| !cubes.iter().any(|r| r.meets(cube));
        let mut gaps: Vec<Cube> = Vec::new();
        let mut missing = 0usize;
        for combo in 0..(1u32 << n) {
            let point = Cube {
                mask: all,
                bits: combo,
            };
            if !uncovered(&point) {
                continue;
            }
            missing += 1;
            if gaps.iter().any(|g| g.meets(&point)) {
                continue;
            }
            let mut gap = point;
            for bit in (0..n).rev() {
                let wider = gap.without(bit);
                if uncovered(&wider) {
                    gap = wider;
                }
            }
            gaps.push(gap);
        }
        for gap in gaps.iter().take(MAX_REPORTED) {
            let message = format!("no rule covers: {}", table.describe(gap));
            self.diags.push(here(self, first_rule, message));
        }
        if gaps.len() > MAX_REPORTED {
            let message = format!(
                "and {} more gaps: {missing} of {} combinations of answers match no rule",
                gaps.len() - MAX_REPORTED,
                1u64 << n
            );
            self.diags.push(here(self, first_rule, message));
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

/// A set of answer combinations where some conditions are fixed (`mask`) to the answers in
/// `bits` (1 = yes) and the others are free: a rule's `when`, or a gap between rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Cube {
    mask: u32,
    bits: u32,
}

impl Cube {
    fn all(n: usize) -> u32 {
        if n >= 32 { u32::MAX } else { (1u32 << n) - 1 }
    }

    fn of_rule(when: &[Answer]) -> Cube {
        let mut cube = Cube { mask: 0, bits: 0 };
        for (i, answer) in when.iter().enumerate() {
            match answer {
                Answer::Yes => {
                    cube.mask |= 1 << i;
                    cube.bits |= 1 << i;
                }
                Answer::No => cube.mask |= 1 << i,
                Answer::Any => {}
            }
        }
        cube
    }

    /// Whether some combination of answers lies in both.
    fn meets(&self, other: &Cube) -> bool {
        (self.bits ^ other.bits) & self.mask & other.mask == 0
    }

    fn intersection(&self, other: &Cube) -> Cube {
        Cube {
            mask: self.mask | other.mask,
            bits: self.bits | other.bits,
        }
    }

    fn without(&self, bit: usize) -> Cube {
        Cube {
            mask: self.mask & !(1 << bit),
            bits: self.bits & !(1 << bit),
        }
    }
}

/// The headings of `templates/partials/decision.html` (level, id, text), for the page's
/// "On this page" box and its search entries.
pub const HEADINGS: [(u8, &str, &str); 4] = [
    (2, "questionnaire", "Answer the questions"),
    (2, "decision-rules", "The decision table"),
    (3, "decision-actions", "The recommendations"),
    (2, "comparison", "Rust and Python compared"),
];

/// The text of the partial's heading with this id.
fn heading(id: &str) -> String {
    HEADINGS
        .iter()
        .find(|h| h.1 == id)
        .map_or(String::new(), |h| h.2.to_string())
}

impl DecisionTable {
    /// The partial's headings as table-of-contents entries.
    pub fn toc(&self) -> Vec<crate::markdown::TocEntry> {
        HEADINGS
            .iter()
            .map(|&(level, id, title)| crate::markdown::TocEntry {
                level,
                id: id.into(),
                title: title.into(),
            })
            .collect()
    }

    /// The page's searchable text, by the partial's headings: the questions, the
    /// recommendations and the comparison matrix.
    pub fn search_sections(&self) -> Vec<crate::markdown::Section> {
        let join = |parts: Vec<String>| parts.join(" ");
        vec![
            crate::markdown::Section {
                id: "questionnaire".into(),
                title: heading("questionnaire"),
                text: join(
                    self.conditions
                        .iter()
                        .map(|c| format!("{} {}", c.question, c.help.as_deref().unwrap_or("")))
                        .collect(),
                ),
            },
            crate::markdown::Section {
                id: "decision-actions".into(),
                title: heading("decision-actions"),
                text: join(
                    self.actions
                        .iter()
                        .map(|a| format!("{}: {}", a.title, a.summary))
                        .collect(),
                ),
            },
            crate::markdown::Section {
                id: "comparison".into(),
                title: heading("comparison"),
                text: join(
                    self.criteria
                        .iter()
                        .map(|c| format!("{}: Rust {} Python {}", c.name, c.rust, c.python))
                        .collect(),
                ),
            },
        ]
    }

    /// Every link in the data with its 1-based position, for the site-wide link check.
    pub fn links(&self) -> Vec<DataLink> {
        let criteria = self.criteria.iter().map(|c| (&c.link, c.link_pos));
        let actions = self.actions.iter().map(|a| (&a.link, a.link_pos));
        criteria
            .chain(actions)
            .map(|(target, pos)| DataLink {
                target: target.clone(),
                line: pos.line,
                col: pos.col,
            })
            .collect()
    }

    /// The Tera context for templates/partials/decision.html; `resolve` maps a link as written
    /// ("03-when-rust.md#cli") to its output URL ("when-rust.html#cli").
    pub fn view(&self, resolve: &dyn Fn(&str) -> String) -> DecisionView {
        let conditions: Vec<ConditionView> = self
            .conditions
            .iter()
            .map(|c| ConditionView {
                id: c.id.clone(),
                label: c.label.clone(),
                question: c.question.clone(),
                help: c.help.clone(),
            })
            .collect();
        let actions: Vec<ActionView> = self
            .actions
            .iter()
            .map(|a| ActionView {
                id: a.id.clone(),
                title: a.title.clone(),
                summary: a.summary.clone(),
                url: resolve(&a.link),
            })
            .collect();
        let rules: Vec<RuleView> = self
            .rules
            .iter()
            .map(|r| {
                let action = &actions[r.action];
                RuleView {
                    id: r.id.clone(),
                    cells: self
                        .conditions
                        .iter()
                        .zip(&r.when)
                        .map(|(c, answer)| CellView {
                            condition: c.id.clone(),
                            answer: answer.id(),
                        })
                        .collect(),
                    action: action.id.clone(),
                    action_title: action.title.clone(),
                    action_url: action.url.clone(),
                    why: r.why.clone(),
                }
            })
            .collect();
        let criteria = self
            .criteria
            .iter()
            .map(|c| CriterionView {
                id: c.id.clone(),
                name: c.name.clone(),
                rust: c.rust.clone(),
                python: c.python.clone(),
                favours: c.favours.id(),
                favours_label: c.favours.label(),
                url: resolve(&c.link),
            })
            .collect();
        let filters = Favours::ALL
            .into_iter()
            .map(|f| FilterView {
                favours: f.id(),
                label: f.filter_label(),
                count: self.criteria.iter().filter(|c| c.favours == f).count(),
            })
            .collect();
        let json = script_json(&ScriptData {
            conditions: &conditions,
            actions: &actions,
            rules: self
                .rules
                .iter()
                .map(|r| ScriptRule {
                    id: &r.id,
                    when: self
                        .conditions
                        .iter()
                        .zip(&r.when)
                        .filter(|(_, a)| **a != Answer::Any)
                        .map(|(c, a)| (c.id.as_str(), a.id()))
                        .collect(),
                    action: &self.actions[r.action].id,
                })
                .collect(),
        });
        DecisionView {
            has_why: rules.iter().any(|r| r.why.is_some()),
            conditions,
            actions,
            rules,
            criteria,
            filters,
            json,
        }
    }

    /// "hotspot = yes, library = no (any answer to the others)", in condition order.
    fn describe(&self, cube: &Cube) -> String {
        let fixed: Vec<String> = self
            .conditions
            .iter()
            .enumerate()
            .filter(|(i, _)| cube.mask & (1 << i) != 0)
            .map(|(i, c)| {
                let answer = if cube.bits & (1 << i) != 0 {
                    "yes"
                } else {
                    "no"
                };
                format!("{} = {answer}", c.id)
            })
            .collect();
        if fixed.is_empty() {
            "every combination of answers".to_string()
        } else if fixed.len() == self.conditions.len() {
            fixed.join(", ")
        } else {
            format!("{} (any answer to the others)", fixed.join(", "))
        }
    }
}

/// Context of `templates/partials/decision.html`, under the name `decision`.
#[derive(Debug, Clone, Serialize)]
pub struct DecisionView {
    pub conditions: Vec<ConditionView>,
    pub actions: Vec<ActionView>,
    pub rules: Vec<RuleView>,
    /// Whether any rule has a `why`, so the table needs that column.
    pub has_why: bool,
    pub criteria: Vec<CriterionView>,
    /// The matrix filter buttons besides "All", in a fixed order.
    pub filters: Vec<FilterView>,
    /// What `static/decide.js` needs, as JSON that is safe inside a `<script>` element.
    pub json: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ConditionView {
    pub id: String,
    /// Short column heading.
    pub label: String,
    pub question: String,
    pub help: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ActionView {
    pub id: String,
    pub title: String,
    pub summary: String,
    pub url: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct RuleView {
    pub id: String,
    /// One cell per condition, in column order.
    pub cells: Vec<CellView>,
    pub action: String,
    pub action_title: String,
    pub action_url: String,
    pub why: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct CellView {
    pub condition: String,
    /// "yes", "no" or "any".
    pub answer: &'static str,
}

#[derive(Debug, Clone, Serialize)]
pub struct CriterionView {
    pub id: String,
    pub name: String,
    pub rust: String,
    pub python: String,
    /// "rust", "python", "even" or "both".
    pub favours: &'static str,
    pub favours_label: &'static str,
    pub url: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct FilterView {
    pub favours: &'static str,
    pub label: &'static str,
    pub count: usize,
}

#[derive(Serialize)]
struct ScriptData<'a> {
    conditions: &'a [ConditionView],
    actions: &'a [ActionView],
    rules: Vec<ScriptRule<'a>>,
}

#[derive(Serialize)]
struct ScriptRule<'a> {
    id: &'a str,
    /// Only the conditions the rule fixes; the others are "any".
    when: BTreeMap<&'a str, &'static str>,
    action: &'a str,
}

/// JSON for a `<script type="application/json">` element. Every `<` is written as `\u003c`,
/// which is the same string to `JSON.parse` and can never close the element (`</script>`) or
/// open an HTML comment.
fn script_json(data: &ScriptData<'_>) -> String {
    let json = serde_json::to_string(data).expect("plain structs always serialize to JSON");
    json.replace('<', "\\u003c")
}

#[cfg(test)]
mod tests {
    use super::*;

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

    const VALID: &str = include_str!("../tests/fixtures/decision/valid.toml");
    const INCOMPLETE: &str = include_str!("../tests/fixtures/decision/incomplete.toml");
    const CONFLICTING: &str = include_str!("../tests/fixtures/decision/conflicting.toml");
    const SITE: &str = include_str!("../content/decision.toml");

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
        assert_eq!(table.actions.len(), 6);
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
}
