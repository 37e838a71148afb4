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
//!
//! The module is split by reason to change: [`model`] reads the TOML into typed rows and
//! checks each row, [`proof`] proves the rules complete and consistent, [`view`] turns the
//! table into the template's context, its headings and its search text.

mod model;
mod proof;
mod view;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use crate::content::{self, PageUrls, Source};
use crate::error::Diagnostic;
use crate::files::Sandbox;
use crate::markdown::{InternalLink, links};
use crate::template_facts::TemplateFacts;

pub use view::{
    ActionView, CellView, ConditionView, CriterionView, DecisionView, FilterView, RuleView,
};

/// More conditions than this make 2^n combinations too many to check (and to answer).
pub const MAX_CONDITIONS: usize = 16;
/// More actions than this cannot each be named by one base-36 digit in the page data.
pub const MAX_ACTIONS: usize = 36;

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

/// Parse and validate. `path` is only used in messages (e.g. "content/decision.toml").
pub fn parse(path: &Path, text: &str) -> Result<DecisionTable, Vec<Diagnostic>> {
    let table = model::read(path, text)?;
    let problems = proof::prove(path, &table);
    if problems.is_empty() {
        Ok(table)
    } else {
        Err(problems)
    }
}

impl DecisionTable {
    /// Every id of a row (criterion, condition, action, rule), which the partial turns into
    /// element ids.
    fn row_ids(&self) -> BTreeSet<&str> {
        let criteria = self.criteria.iter().map(|c| c.id.as_str());
        let conditions = self.conditions.iter().map(|c| c.id.as_str());
        let actions = self.actions.iter().map(|a| a.id.as_str());
        let rules = self.rules.iter().map(|r| r.id.as_str());
        criteria
            .chain(conditions)
            .chain(actions)
            .chain(rules)
            .collect()
    }
}

/// A page's decision table, read from the file its front matter names, with the paths its
/// links are relative to.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub table: DecisionTable,
    /// The data file relative to `content/`.
    pub content_rel: PathBuf,
    /// The data file as shown in messages.
    pub rel: PathBuf,
}

/// Reads and checks the decision table a page names in its front matter (`None` when it
/// names none). Problems with the path are reported at the front matter key.
pub fn load(sandbox: &Sandbox, source: &Source) -> Result<Option<Loaded>, Vec<Diagnostic>> {
    let Some(data) = &source.front.decision_table else {
        return Ok(None);
    };
    let at = |message: String| {
        let (line, col) = content::front_matter_position(source, "decision_table");
        vec![Diagnostic::error(&source.rel, line, col, message)]
    };
    let Some(content_rel) = links::normalize(&source.content_rel, data) else {
        return Err(at(format!("decision_table `{data}` is outside content/")));
    };
    let rel = Path::new("content").join(&content_rel);
    let text = sandbox
        .read_to_string(&sandbox.root().join(&rel))
        .map_err(|e| at(format!("cannot read decision table `{data}`: {e}")))?;
    let table = parse(&rel, &text)?;
    Ok(Some(Loaded {
        table,
        content_rel,
        rel,
    }))
}

impl Loaded {
    /// The page's own ids that the partial would give a row of this table too
    /// (`rule-` + a rule's id, say): each is an error at the front matter that names the table.
    pub fn id_clashes(
        &self,
        source: &Source,
        page_ids: &BTreeSet<String>,
        facts: &TemplateFacts,
    ) -> Vec<Diagnostic> {
        let row_ids = self.table.row_ids();
        let (line, col) = content::front_matter_position(source, "decision_table");
        page_ids
            .iter()
            .filter(|id| {
                facts.id_prefixes.iter().any(|p| {
                    id.strip_prefix(p.as_str())
                        .is_some_and(|rest| row_ids.contains(rest))
                })
            })
            .map(|id| {
                Diagnostic::error(
                    &source.rel,
                    line,
                    col,
                    format!(
                        "the page has an id `{id}` that the decision table below it also \
                         gives one of its rows: rename the heading with `{{#another-id}}`"
                    ),
                )
            })
            .collect()
    }

    /// The table's links to pages of this site, for the site-wide link check.
    pub fn internal_links(&self) -> Vec<InternalLink> {
        self.table
            .links()
            .into_iter()
            .filter(|l| !links::is_external(&l.target))
            .map(|l| InternalLink::parse(&self.content_rel, &l.target, l.line, l.col))
            .collect()
    }

    /// The template's context, with every link mapped to its output URL.
    pub fn view(&self, urls: &PageUrls) -> DecisionView {
        self.table.view(&|written| {
            if links::is_external(written) {
                return written.to_string();
            }
            let link = InternalLink::parse(&self.content_rel, written, 0, 0);
            match (link.page.as_ref().and_then(|p| urls.get(p)), link.fragment) {
                (Some(url), Some(f)) => format!("{url}#{f}"),
                (Some(url), None) => url.clone(),
                (None, _) => written.to_string(),
            }
        })
    }
}

#[cfg(test)]
mod tests;
