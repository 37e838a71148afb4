//! The table as the page shows it: the context of `templates/partials/decision.html`, the
//! data `static/decide.js` reads, and the partial's headings for the page's contents and search.

use std::collections::BTreeMap;

use serde::Serialize;

use super::{Answer, DataLink, DecisionTable, Favours};
use crate::markdown::{Section, TocEntry};
use crate::script_json::script_json;
use crate::template_facts::TemplateFacts;

impl DecisionTable {
    /// The partial's headings as table-of-contents entries.
    pub fn toc(&self, facts: &TemplateFacts) -> Vec<TocEntry> {
        facts.decision_headings.clone()
    }

    /// The page's searchable text, by the partial's headings: the questions, the
    /// recommendations and the comparison matrix.
    pub fn search_sections(&self, facts: &TemplateFacts) -> Vec<Section> {
        let heading = |id: &str| facts.decision_heading(id);
        let join = |parts: Vec<String>| parts.join(" ");
        vec![
            Section {
                id: "questionnaire".into(),
                title: heading("questionnaire"),
                text: join(
                    self.conditions
                        .iter()
                        .map(|c| format!("{} {}", c.question, c.help.as_deref().unwrap_or("")))
                        .collect(),
                ),
            },
            Section {
                id: "decision-actions".into(),
                title: heading("decision-actions"),
                text: join(
                    self.actions
                        .iter()
                        .map(|a| format!("{}: {}", a.title, a.summary))
                        .collect(),
                ),
            },
            Section {
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
            outcomes: super::proof::outcomes(self),
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
    /// The proven answer for every combination of answers: see [`super::proof::outcomes`].
    outcomes: String,
}

#[derive(Serialize)]
struct ScriptRule<'a> {
    id: &'a str,
    /// Only the conditions the rule fixes; the others are "any".
    when: BTreeMap<&'a str, &'static str>,
    action: &'a str,
}
