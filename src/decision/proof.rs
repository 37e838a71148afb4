//! The proof that a table decides: every combination of answers matches a rule
//! (complete) and all rules matching one combination agree (consistent).
//!
//! Both are computed with one bit set per (condition, answer) over the rules, so a table at
//! the limit (16 conditions, tens of thousands of rules) is checked in well under a second
//! instead of comparing every rule with every combination.

use std::path::Path;

use super::{Answer, DecisionTable, Pos};
use crate::error::Diagnostic;

/// How many gaps in the rules, and how many conflicts, are reported before a summary line.
pub(super) const MAX_REPORTED: usize = 5;

/// Completeness and consistency, plus questions and actions that no rule uses.
pub(super) fn prove(path: &Path, table: &DecisionTable) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    let here = |pos: Pos, message: String| Diagnostic::error(path, pos.line, pos.col, message);
    let first_rule = table.rules[0].pos;
    for (i, a) in table.actions.iter().enumerate() {
        if !table.rules.iter().any(|r| r.action == i) {
            let message = format!("action `{}` is not given by any rule", a.id);
            diags.push(here(a.link_pos, message));
        }
    }
    for (i, c) in table.conditions.iter().enumerate() {
        if table.rules.iter().all(|r| r.when[i] == Answer::Any) {
            let message = format!(
                "condition `{}` is \"any\" in every rule, so its answer never matters; \
                 use it in a rule or remove it",
                c.id
            );
            diags.push(here(first_rule, message));
        }
    }
    let sets = RuleSets::new(table);
    for (pos, message) in conflicts(table, &sets) {
        diags.push(here(pos, message));
    }
    for message in gaps(table, &sets) {
        diags.push(here(first_rule, message));
    }
    diags
}

/// Consistency: two rules with different actions must never match one combination. Each
/// conflicting pair is named (the first few), with the combinations both match.
fn conflicts(table: &DecisionTable, sets: &RuleSets) -> Vec<(Pos, String)> {
    let mut found = Vec::new();
    let mut count = 0usize;
    for (j, b) in table.rules.iter().enumerate() {
        let mut rivals = sets.meeting(&sets.cubes[j]);
        rivals.and_not(&sets.by_action[b.action]);
        rivals.keep_below(j);
        for i in rivals.ones() {
            count += 1;
            if count > MAX_REPORTED {
                continue;
            }
            let a = &table.rules[i];
            let message = format!(
                "rules `{}` (line {}) and `{}` (line {}) both match {} but give different \
                 actions: `{}` and `{}`",
                a.id,
                a.pos.line,
                b.id,
                b.pos.line,
                table.describe(&sets.cubes[i].intersection(&sets.cubes[j])),
                table.actions[a.action].id,
                table.actions[b.action].id,
            );
            found.push((b.pos, message));
        }
    }
    if count > MAX_REPORTED {
        let message = format!(
            "{} more pairs of rules give different actions for the same answers",
            count - MAX_REPORTED
        );
        found.push((table.rules[0].pos, message));
    }
    found
}

/// Completeness: every combination of answers matches some rule. Gaps are reported as the
/// largest uncovered groups found greedily, so one missing rule gives one message.
fn gaps(table: &DecisionTable, sets: &RuleSets) -> Vec<String> {
    let n = table.conditions.len();
    let uncovered = sets.uncovered_points(n);
    let missing = uncovered.iter().filter(|u| **u).count();
    let mut in_gap = vec![false; uncovered.len()];
    let mut gaps: Vec<Cube> = Vec::new();
    for (combo, _) in uncovered.iter().enumerate().filter(|(_, u)| **u) {
        if in_gap[combo] {
            continue;
        }
        let mut gap = Cube {
            mask: Cube::all(n),
            bits: combo as u32,
        };
        for bit in (0..n).rev() {
            let wider = gap.without(bit);
            if sets.meeting(&wider).is_empty() {
                gap = wider;
            }
        }
        for point in gap.points(n) {
            in_gap[point as usize] = true;
        }
        gaps.push(gap);
    }
    let mut messages: Vec<String> = gaps
        .iter()
        .take(MAX_REPORTED)
        .map(|gap| format!("no rule covers: {}", table.describe(gap)))
        .collect();
    if gaps.len() > MAX_REPORTED {
        messages.push(format!(
            "and {} more gaps: {missing} of {} combinations of answers match no rule",
            gaps.len() - MAX_REPORTED,
            1u64 << n
        ));
    }
    messages
}

/// The action of every combination of answers, as the page script reads it: character `i`
/// is the index (base 36) of the action for the combination whose bit `c` is condition `c`
/// answered yes. The script looks answers up here instead of matching rules itself, so the
/// page recommends exactly what this proof checked.
pub(in crate::decision) fn outcomes(table: &DecisionTable) -> String {
    let sets = RuleSets::new(table);
    let n = table.conditions.len();
    (0..1u32 << n)
        .map(|bits| {
            let point = Cube {
                mask: Cube::all(n),
                bits,
            };
            sets.meeting(&point)
                .ones()
                .next()
                .and_then(|rule| char::from_digit(table.rules[rule].action as u32, 36))
                .unwrap_or('-')
        })
        .collect()
}

/// The rules as bit sets: for each condition and answer, the rules that accept it.
struct RuleSets {
    cubes: Vec<Cube>,
    /// `accepts[condition][answer]`: rules whose `when` allows that answer (yes = 1).
    accepts: Vec<[Bits; 2]>,
    /// `free_after[d]`: rules that fix none of the conditions from `d` on.
    free_after: Vec<Bits>,
    by_action: Vec<Bits>,
    all: Bits,
}

impl RuleSets {
    fn new(table: &DecisionTable) -> Self {
        let len = table.rules.len();
        let n = table.conditions.len();
        let mut accepts = vec![[Bits::empty(len), Bits::empty(len)]; n];
        let mut free_after = vec![Bits::empty(len); n + 1];
        let mut by_action = vec![Bits::empty(len); table.actions.len()];
        for (r, rule) in table.rules.iter().enumerate() {
            for (c, answer) in rule.when.iter().enumerate() {
                if *answer != Answer::No {
                    accepts[c][1].set(r);
                }
                if *answer != Answer::Yes {
                    accepts[c][0].set(r);
                }
            }
            let first_free = rule.when.iter().rposition(|a| *a != Answer::Any);
            for set in &mut free_after[first_free.map_or(0, |i| i + 1)..] {
                set.set(r);
            }
            by_action[rule.action].set(r);
        }
        RuleSets {
            cubes: table.rules.iter().map(|r| Cube::of_rule(&r.when)).collect(),
            accepts,
            free_after,
            by_action,
            all: Bits::full(len),
        }
    }

    /// The rules that match at least one combination of `cube`.
    fn meeting(&self, cube: &Cube) -> Bits {
        let mut set = self.all.clone();
        for (c, accepts) in self.accepts.iter().enumerate() {
            if cube.mask & (1 << c) != 0 {
                set.and(&accepts[usize::from(cube.bits & (1 << c) != 0)]);
            }
        }
        set
    }

    /// For every combination of answers (bit `c` set = condition `c` answered yes), whether
    /// no rule matches it: a walk over the conditions that stops where no rule is left (all
    /// below uncovered) or where a rule fixes nothing further (all below covered).
    fn uncovered_points(&self, n: usize) -> Vec<bool> {
        let mut out = vec![false; 1 << n];
        self.walk(0, 0, self.all.clone(), n, &mut out);
        out
    }

    fn walk(&self, depth: usize, bits: u32, rules: Bits, n: usize, out: &mut [bool]) {
        if rules.is_empty() {
            let cube = Cube {
                mask: Cube::all(depth),
                bits,
            };
            for point in cube.points(n) {
                out[point as usize] = true;
            }
            return;
        }
        if depth == n || rules.meets(&self.free_after[depth]) {
            return;
        }
        for answer in 0..2u32 {
            let mut next = rules.clone();
            next.and(&self.accepts[depth][answer as usize]);
            self.walk(depth + 1, bits | (answer << depth), next, n, out);
        }
    }
}

/// A set of rule indexes.
#[derive(Debug, Clone)]
struct Bits(Vec<u64>);

impl Bits {
    fn empty(len: usize) -> Self {
        Bits(vec![0; len.div_ceil(64)])
    }

    fn full(len: usize) -> Self {
        let mut b = Bits::empty(len);
        (0..len).for_each(|i| b.set(i));
        b
    }

    fn set(&mut self, i: usize) {
        self.0[i / 64] |= 1 << (i % 64);
    }

    fn and(&mut self, other: &Bits) {
        self.0.iter_mut().zip(&other.0).for_each(|(a, b)| *a &= b);
    }

    fn and_not(&mut self, other: &Bits) {
        self.0.iter_mut().zip(&other.0).for_each(|(a, b)| *a &= !b);
    }

    /// Drops every index from `end` on.
    fn keep_below(&mut self, end: usize) {
        for (w, word) in self.0.iter_mut().enumerate() {
            let first = w * 64;
            if first >= end {
                *word = 0;
            } else if end - first < 64 {
                *word &= (1u64 << (end - first)) - 1;
            }
        }
    }

    fn is_empty(&self) -> bool {
        self.0.iter().all(|w| *w == 0)
    }

    fn meets(&self, other: &Bits) -> bool {
        self.0.iter().zip(&other.0).any(|(a, b)| a & b != 0)
    }

    fn ones(&self) -> impl Iterator<Item = usize> + '_ {
        self.0.iter().enumerate().flat_map(|(w, &word)| {
            (0..64)
                .filter(move |b| word & (1 << b) != 0)
                .map(move |b| w * 64 + b)
        })
    }
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

    fn intersection(&self, other: &Cube) -> Cube {
        Cube {
            mask: self.mask | other.mask,
            bits: self.bits | other.bits,
        }
    }

    /// Every combination of answers in the cube, as bits over `n` conditions.
    fn points(&self, n: usize) -> impl Iterator<Item = u32> {
        let free = Cube::all(n) & !self.mask;
        let base = self.bits & self.mask;
        // Counts through the subsets of the free bits.
        let mut next = Some(0u32);
        std::iter::from_fn(move || {
            let sub = next?;
            next = (sub != free).then(|| sub.wrapping_sub(free) & free);
            Some(base | sub)
        })
    }

    fn without(&self, bit: usize) -> Cube {
        Cube {
            mask: self.mask & !(1 << bit),
            bits: self.bits & !(1 << bit),
        }
    }
}

impl DecisionTable {
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
