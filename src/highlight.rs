//! Build-time syntax highlighting with syntect. Each token's colour and font style are worked
//! out here, in both themes, and a run of text that looks the same in both becomes one span
//! with a short class (`h0a1b`): scopes that colour nothing leave no trace in the page. The
//! stylesheet is generated from the same mapping, for the classes a site actually uses.

use std::collections::{BTreeSet, HashMap};
use std::fmt::Write as _;

use serde::{Deserialize, Serialize};
use syntect::highlighting::{self, Color, FontStyle, Theme, ThemeSet};
use syntect::parsing::{ParseState, Scope, ScopeStack, SyntaxReference, SyntaxSet};
use syntect::util::LinesWithEndings;

const LIGHT_THEME: &str = "InspiredGitHub";
const DARK_THEME: &str = "base16-ocean.dark";
/// The stylesheet that owns the code block background (`--code-bg`): the colours are read
/// from it, so there is one place to change them.
const STYLESHEET: &str = include_str!("../static/style.css");

/// The code block backgrounds, light and dark, from `--code-bg: light-dark(#light, #dark)`.
fn code_backgrounds() -> (Color, Color) {
    let hex = |h: &str| -> Option<Color> {
        let h = h.trim().strip_prefix('#')?;
        let byte = |i: usize| u8::from_str_radix(h.get(i..i + 2)?, 16).ok();
        Some(Color {
            r: byte(0)?,
            g: byte(2)?,
            b: byte(4)?,
            a: 0xff,
        })
    };
    let pair = STYLESHEET
        .split("--code-bg:")
        .nth(1)
        .and_then(|rest| rest.split_once("light-dark(")?.1.split_once(')'))
        .and_then(|(inside, _)| inside.split_once(','))
        .and_then(|(light, dark)| Some((hex(light)?, hex(dark)?)));
    pair.expect("static/style.css sets --code-bg: light-dark(#rrggbb, #rrggbb)")
}

/// WCAG AA contrast for normal text.
const MIN_CONTRAST: f64 = 4.5;

/// One theme, made readable on its code background, with its colours numbered.
struct Palette {
    /// The theme's scope selectors, compiled once.
    styler: highlighting::Highlighter<'static>,
    /// The theme's text colours: the default foreground first, then the others sorted.
    colours: Vec<Color>,
}

impl Palette {
    /// The theme lives as long as the process: [`Highlighter::shared`] makes one of each.
    fn new(theme: Theme) -> Self {
        let theme: &'static Theme = Box::leak(Box::new(theme));
        let default = theme.settings.foreground.unwrap_or(Color::BLACK);
        let mut others: Vec<Color> = theme
            .scopes
            .iter()
            .filter_map(|item| item.style.foreground)
            .filter(|c| *c != default)
            .collect();
        others.sort_by_key(|c| (c.r, c.g, c.b, c.a));
        others.dedup();
        let mut colours = vec![default];
        colours.extend(others);
        Palette {
            styler: highlighting::Highlighter::new(theme),
            colours,
        }
    }

    /// A style as a number: its colour's place in the palette times 8, plus its font bits.
    /// The theme's plain text is 0.
    fn ink(&self, style: highlighting::Style) -> u16 {
        let colour = self
            .colours
            .iter()
            .position(|c| *c == style.foreground)
            .unwrap_or(0);
        colour as u16 * 8 + u16::from(style.font_style.bits())
    }

    fn colour(&self, ink: u16) -> Color {
        self.colours[usize::from(ink / 8).min(self.colours.len() - 1)]
    }
}

/// How a run of code looks: its ink in the light theme and in the dark theme.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Serialize, Deserialize,
)]
pub struct Look {
    light: u16,
    dark: u16,
}

impl Look {
    /// Plain text in both themes: no span at all.
    const PLAIN: Look = Look { light: 0, dark: 0 };

    /// The class name: `h` and the two inks, two base-36 digits each.
    pub fn class(self) -> String {
        const DIGITS: &[u8; 36] = b"0123456789abcdefghijklmnopqrstuvwxyz";
        let mut name = String::from("h");
        for ink in [self.light, self.dark] {
            let ink = usize::from(ink).min(36 * 36 - 1);
            name.push(char::from(DIGITS[ink / 36]));
            name.push(char::from(DIGITS[ink % 36]));
        }
        name
    }

    fn underlined(self) -> bool {
        let underline = u16::from(FontStyle::UNDERLINE.bits());
        (self.light | self.dark) & underline != 0
    }
}

/// A block of code, highlighted: one HTML string per line (no newline), and the looks used.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Highlighted {
    pub lines: Vec<String>,
    pub looks: BTreeSet<Look>,
}

/// Holds the syntax definitions and both themes; build one per process and share it (it is
/// `Sync`), see [`Highlighter::shared`].
pub struct Highlighter {
    syntaxes: SyntaxSet,
    light: Palette,
    dark: Palette,
    /// Blocks already highlighted, by a hash of their language and code, when
    /// [`Highlighter::remember`] is on (`serve`: an edit to a chapter's prose does not
    /// highlight its code again).
    memo: std::sync::Mutex<HashMap<u64, Highlighted>>,
    remembering: std::sync::atomic::AtomicBool,
    /// The blocks asked for since [`Highlighter::take_used`] last ran, by key; kept only
    /// once the build cache has given blocks ([`Highlighter::preload`]).
    used: std::sync::Mutex<std::collections::HashSet<u64>>,
    tracking: std::sync::atomic::AtomicBool,
}

/// The most blocks `serve` remembers; past it the memory starts again from empty.
const MEMO_LIMIT: usize = 20_000;

/// How a code block's language was understood.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Language {
    /// Highlighted with the named syntax.
    Known(String),
    /// Shown as plain text on purpose (`text`, `plain`, or no language).
    Plain,
    /// A language syntect does not know: shown as plain text, with a warning.
    Unknown(String),
}

impl Highlighter {
    /// Loads syntect's syntaxes plus the extra ones from two-face (TOML among them), and the
    /// two themes made readable on the code backgrounds. Use [`Highlighter::shared`]: each
    /// highlighter keeps its themes for the life of the process.
    fn new() -> Self {
        let themes = ThemeSet::load_defaults();
        let (light_bg, dark_bg) = code_backgrounds();
        Highlighter {
            syntaxes: two_face::syntax::extra_newlines(),
            light: Palette::new(readable(themes.themes[LIGHT_THEME].clone(), light_bg)),
            dark: Palette::new(readable(themes.themes[DARK_THEME].clone(), dark_bg)),
            memo: Default::default(),
            remembering: Default::default(),
            used: Default::default(),
            tracking: Default::default(),
        }
    }

    /// One highlighter for the whole process: loading the syntaxes takes longer than
    /// highlighting a book, so `serve` and the tests load them once.
    pub fn shared() -> &'static Highlighter {
        static SHARED: std::sync::OnceLock<Highlighter> = std::sync::OnceLock::new();
        SHARED.get_or_init(Highlighter::new)
    }

    fn find(&self, lang: &str) -> Option<&SyntaxReference> {
        let token = match lang {
            "console" | "shell" | "sh" | "zsh" | "shell-session" => "bash",
            "javascript" => "js",
            "py" | "pycon" => "python",
            "rs" => "rust",
            other => other,
        };
        // A linear search of every syntax's names and extensions: remembered per thread.
        thread_local! {
            static FOUND: std::cell::RefCell<HashMap<String, Option<usize>>> = Default::default();
        }
        let all = self.syntaxes.syntaxes();
        let index = FOUND.with_borrow_mut(|found| {
            if let Some(index) = found.get(token) {
                return *index;
            }
            let index = self
                .syntaxes
                .find_syntax_by_token(token)
                .and_then(|s| all.iter().position(|t| std::ptr::eq(s, t)));
            found.insert(token.to_string(), index);
            index
        });
        index.map(|i| &all[i])
    }

    /// Classifies a code block's language token.
    pub fn language(&self, lang: &str) -> Language {
        let lang = lang.trim().to_ascii_lowercase();
        match lang.as_str() {
            "" | "text" | "plain" | "plaintext" | "txt" | "output" => Language::Plain,
            _ => match self.find(&lang) {
                Some(s) => Language::Known(s.name.clone()),
                None => Language::Unknown(lang),
            },
        }
    }

    /// Keeps every block's result for the rest of the process (for `serve`'s rebuilds).
    pub fn remember(&self, on: bool) {
        self.remembering
            .store(on, std::sync::atomic::Ordering::Relaxed);
    }

    /// Adds blocks highlighted by an earlier build (the build cache), and remembers from
    /// now on.
    pub fn preload(&self, blocks: Vec<(u64, Highlighted)>) {
        self.remember(true);
        self.tracking
            .store(true, std::sync::atomic::Ordering::Relaxed);
        let mut memo = self.memo.lock().unwrap_or_else(|e| e.into_inner());
        if memo.len() + blocks.len() > MEMO_LIMIT {
            memo.clear();
        }
        memo.extend(blocks.into_iter().take(MEMO_LIMIT));
    }

    /// The blocks asked for since the last call, highlighted, by key (for the build cache).
    pub fn take_used(&self) -> Vec<(u64, Highlighted)> {
        let used = std::mem::take(&mut *self.used.lock().unwrap_or_else(|e| e.into_inner()));
        let memo = self.memo.lock().unwrap_or_else(|e| e.into_inner());
        let mut blocks: Vec<(u64, Highlighted)> = used
            .into_iter()
            .filter_map(|key| Some((key, memo.get(&key)?.clone())))
            .collect();
        blocks.sort_by_key(|(key, _)| *key);
        blocks
    }

    /// Highlights `code` as `lang`, line by line. Plain or unknown languages, and code the
    /// syntax cannot parse, come back HTML-escaped with no spans.
    pub fn highlight(&self, lang: &str, code: &str) -> Highlighted {
        if !self.remembering.load(std::sync::atomic::Ordering::Relaxed) {
            return self.highlight_now(lang, code);
        }
        use std::hash::{Hash, Hasher};
        let mut h = std::hash::DefaultHasher::new();
        (lang, code).hash(&mut h);
        let key = h.finish();
        if self.tracking.load(std::sync::atomic::Ordering::Relaxed) {
            self.used
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .insert(key);
        }
        let memo = |f: &mut dyn FnMut(&mut HashMap<u64, Highlighted>)| {
            f(&mut self.memo.lock().unwrap_or_else(|e| e.into_inner()))
        };
        let mut found = None;
        memo(&mut |m| found = m.get(&key).cloned());
        if let Some(found) = found {
            return found;
        }
        let fresh = self.highlight_now(lang, code);
        memo(&mut |m| {
            if m.len() >= MEMO_LIMIT {
                m.clear();
            }
            m.insert(key, fresh.clone());
        });
        fresh
    }

    fn highlight_now(&self, lang: &str, code: &str) -> Highlighted {
        self.find(&lang.trim().to_ascii_lowercase())
            .and_then(|syntax| self.spans(syntax, code))
            .unwrap_or_else(|| Highlighted {
                lines: code.lines().map(escape_html).collect(),
                looks: BTreeSet::new(),
            })
    }

    fn spans(&self, syntax: &SyntaxReference, code: &str) -> Option<Highlighted> {
        thread_local! {
            /// Scope stacks repeat all the time; each is matched against the themes once per
            /// thread. The themes are the same for every highlighter, so the cache can be too.
            static LOOKS: std::cell::RefCell<foldhash::HashMap<Vec<Scope>, Look>> = Default::default();
        }
        let look_of = |stack: &ScopeStack| {
            LOOKS.with_borrow_mut(|looks| {
                if let Some(look) = looks.get(stack.as_slice()) {
                    return *look;
                }
                let look = Look {
                    light: self
                        .light
                        .ink(self.light.styler.style_for_stack(stack.as_slice())),
                    dark: self
                        .dark
                        .ink(self.dark.styler.style_for_stack(stack.as_slice())),
                };
                looks.insert(stack.as_slice().to_vec(), look);
                look
            })
        };
        let mut state = ParseState::new(syntax);
        let mut stack = ScopeStack::new();
        let mut out = Highlighted::default();
        let syntax_id = std::ptr::from_ref(syntax) as usize;
        for line in LinesWithEndings::from(code) {
            if let Some(seen) = LineMemo::recall(syntax_id, line, &state, &stack) {
                out.lines.push(seen.html);
                out.looks.extend(seen.looks);
                (state, stack) = (seen.state, seen.stack);
                continue;
            }
            let before = LineMemo::has_room(line).then(|| (state.clone(), stack.clone()));
            let ops = state.parse_line(line, &self.syntaxes).ok()?;
            let text = line.trim_end_matches(['\n', '\r']);
            let mut used = Vec::new();
            let mut html = LineWriter::new(&mut used);
            let mut at = 0;
            for (offset, op) in ops {
                if offset > at {
                    html.push(
                        &text[at.min(text.len())..offset.min(text.len())],
                        look_of(&stack),
                    );
                    at = offset;
                }
                stack.apply(&op).ok()?;
            }
            html.push(&text[at.min(text.len())..], look_of(&stack));
            let line_html = html.finish();
            out.looks.extend(used.iter().copied());
            if let Some((state_before, stack_before)) = before {
                LineMemo::keep(
                    syntax_id,
                    line,
                    (state_before, stack_before),
                    SeenLine {
                        html: line_html.clone(),
                        looks: used,
                        state: state.clone(),
                        stack: stack.clone(),
                    },
                );
            }
            out.lines.push(line_html);
        }
        Some(out)
    }

    /// The stylesheet (`highlight.css`) for the given looks, with a line saying where it
    /// comes from.
    pub fn css(&self, looks: &BTreeSet<Look>) -> String {
        format!(
            "/* Generated by crabsnake from syntect's {LIGHT_THEME} and {DARK_THEME} themes. */\n{}",
            self.css_rules(looks)
        )
    }

    /// The rules alone, as a page carries them for its own code (in a `<style>` element: one
    /// request fewer, and only the colours that page uses): each class's colour as
    /// `light-dark()`, so it follows the page's colour scheme (the reader's choice or the
    /// system's).
    pub fn css_rules(&self, looks: &BTreeSet<Look>) -> String {
        let hex = |c: Color| {
            if c.a == 0xff {
                format!("#{:02x}{:02x}{:02x}", c.r, c.g, c.b)
            } else {
                format!("#{:02x}{:02x}{:02x}{:02x}", c.r, c.g, c.b, c.a)
            }
        };
        let font = |bits: u16| {
            let mut rule = String::new();
            if bits & u16::from(FontStyle::BOLD.bits()) != 0 {
                rule.push_str("font-weight:bold;");
            }
            if bits & u16::from(FontStyle::ITALIC.bits()) != 0 {
                rule.push_str("font-style:italic;");
            }
            if bits & u16::from(FontStyle::UNDERLINE.bits()) != 0 {
                rule.push_str("text-decoration:underline;");
            }
            rule
        };
        // The theme's plain text colour is left to the page (`currentColor`), so code reads
        // in the page's own text colour wherever the theme does not colour it.
        let colour = |palette: &Palette, ink: u16| match ink / 8 {
            0 => "currentColor".to_string(),
            _ => hex(palette.colour(ink)),
        };
        let mut css = String::new();
        let (mut only_light, mut only_dark) = (String::new(), String::new());
        for look in looks {
            let class = look.class();
            let (lf, df) = (font(look.light % 8), font(look.dark % 8));
            let _ = writeln!(
                css,
                ".code .{class}{{color:light-dark({},{});{}}}",
                colour(&self.light, look.light),
                colour(&self.dark, look.dark),
                if lf == df { lf.as_str() } else { "" }
            );
            if lf != df {
                let _ = writeln!(only_light, ".code .{class}{{{lf}}}");
                let _ = writeln!(only_dark, ".code .{class}{{{df}}}");
            }
        }
        if !only_light.is_empty() {
            // Font styles that differ between the themes follow the page's colour scheme.
            let _ = write!(
                css,
                ":root:not([data-theme=\"dark\"]) {{\n{only_light}}}\n\
                 @media (prefers-color-scheme: dark) {{\n:root:not([data-theme=\"light\"]) {{\n{only_dark}}}\n}}\n\
                 :root[data-theme=\"dark\"] {{\n{only_dark}}}\n"
            );
        }
        css
    }
}

/// A line of code as highlighted once: its HTML, the looks it used, and the parser's and the
/// scope stack's state after it.
#[derive(Clone)]
struct SeenLine {
    html: String,
    looks: Vec<Look>,
    state: ParseState,
    stack: ScopeStack,
}

/// The parser's and the scope stack's state before a line.
type Before = (ParseState, ScopeStack);

/// One syntax's lines: each line's text -> the states it was seen in, and what came of each.
type SyntaxLines = foldhash::HashMap<Box<str>, Vec<(Before, SeenLine)>>;

/// Lines already highlighted. Parsing a line with syntect is a pure function of the syntax,
/// the line and the parser's state before it (and the line's HTML, of the scope stack before
/// it too), and it is most of a build's time: 30 to 40 microseconds a line of Rust or Python.
/// Books repeat lines: closing braces and blank lines everywhere, and a tutorial shows the
/// same listing again as it grows (over half the code lines of *The Rust Programming
/// Language* come again in the same state). So each (syntax, line, state) is parsed once
/// per thread, as an editor keeps each line's state. One memo per thread: a parser's state
/// holds the regex engine's match regions, which cannot cross threads. Bounded: lines of up
/// to [`LineMemo::LONGEST`] bytes, and [`LineMemo::CAPACITY`] lines; past that it keeps the
/// lines that came first and parses the rest.
#[derive(Default)]
struct LineMemo {
    /// Syntax (by address) -> its lines.
    lines: foldhash::HashMap<usize, SyntaxLines>,
    count: usize,
}

thread_local! {
    static SEEN_LINES: std::cell::RefCell<LineMemo> = Default::default();
}

impl LineMemo {
    const LONGEST: usize = 160;
    const CAPACITY: usize = 2048;

    /// What came of `line` when it was last parsed in this state, if it was.
    fn recall(
        syntax: usize,
        line: &str,
        state: &ParseState,
        stack: &ScopeStack,
    ) -> Option<SeenLine> {
        if line.len() > Self::LONGEST {
            return None;
        }
        SEEN_LINES.with_borrow(|memo| {
            memo.lines
                .get(&syntax)?
                .get(line)?
                .iter()
                .find(|((s, k), _)| s == state && k == stack)
                .map(|(_, after)| after.clone())
        })
    }

    /// Whether a line parsed now would be kept: then its state before is worth a copy.
    fn has_room(line: &str) -> bool {
        line.len() <= Self::LONGEST && SEEN_LINES.with_borrow(|memo| memo.count < Self::CAPACITY)
    }

    fn keep(syntax: usize, line: &str, before: Before, after: SeenLine) {
        SEEN_LINES.with_borrow_mut(|memo| {
            if memo.count >= Self::CAPACITY {
                return;
            }
            memo.count += 1;
            let seen = memo.lines.entry(syntax).or_default();
            match seen.get_mut(line) {
                Some(states) => states.push((before, after)),
                None => {
                    seen.insert(line.into(), vec![(before, after)]);
                }
            }
        });
    }
}

/// Writes one line of HTML, opening a span only where the look changes. Whitespace takes the
/// look of the span it is in, so `a + b` in one colour is one span. Spans close at the end of
/// each line, so a line stands alone (line numbers and marked lines wrap whole lines).
struct LineWriter<'a> {
    html: String,
    open: Look,
    used: &'a mut Vec<Look>,
}

impl<'a> LineWriter<'a> {
    fn new(used: &'a mut Vec<Look>) -> Self {
        LineWriter {
            html: String::new(),
            open: Look::PLAIN,
            used,
        }
    }

    fn push(&mut self, text: &str, look: Look) {
        if text.is_empty() {
            return;
        }
        let blank = text.chars().all(char::is_whitespace);
        let look = if blank && !self.open.underlined() {
            self.open
        } else {
            look
        };
        if look != self.open {
            if self.open != Look::PLAIN {
                self.html.push_str("</span>");
            }
            if look != Look::PLAIN {
                self.html.push_str("<span class=\"");
                self.html.push_str(&look.class());
                self.html.push_str("\">");
                if !self.used.contains(&look) {
                    self.used.push(look);
                }
            }
            self.open = look;
        }
        push_escaped(&mut self.html, text);
    }

    fn finish(mut self) -> String {
        if self.open != Look::PLAIN {
            self.html.push_str("</span>");
        }
        self.html
    }
}

/// The theme with every text colour moved toward black (on a light background) or white (on
/// a dark one) just far enough to reach [`MIN_CONTRAST`] against `bg`: syntect's themes
/// have comments and constants too faint to read comfortably.
pub fn readable(mut theme: Theme, bg: Color) -> Theme {
    let fix = |c: &mut Option<Color>| {
        if let Some(color) = c {
            *color = with_contrast(*color, bg);
        }
    };
    fix(&mut theme.settings.foreground);
    for item in &mut theme.scopes {
        fix(&mut item.style.foreground);
    }
    theme
}

fn with_contrast(color: Color, bg: Color) -> Color {
    let target = if luminance(bg) > 0.5 { 0.0 } else { 255.0 };
    let mut c = color;
    let mut t = 0.0;
    while contrast(c, bg) < MIN_CONTRAST && t < 1.0 {
        t += 0.02;
        let mix = |v: u8| (f64::from(v) + (target - f64::from(v)) * t).round() as u8;
        c = Color {
            r: mix(color.r),
            g: mix(color.g),
            b: mix(color.b),
            a: color.a,
        };
    }
    c
}

/// WCAG relative luminance.
fn luminance(c: Color) -> f64 {
    let channel = |v: u8| {
        let v = f64::from(v) / 255.0;
        if v <= 0.03928 {
            v / 12.92
        } else {
            ((v + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * channel(c.r) + 0.7152 * channel(c.g) + 0.0722 * channel(c.b)
}

/// WCAG contrast ratio of two colours.
pub fn contrast(a: Color, b: Color) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

/// Escapes text for HTML element content and attribute values.
pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    push_escaped(&mut out, s);
    out
}

/// Appends `s` to `out`, escaped for HTML element content and attribute values.
pub fn push_escaped(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn knows_the_guide_languages() {
        let h = Highlighter::shared();
        for lang in [
            "rust",
            "python",
            "toml",
            "bash",
            "sh",
            "shell",
            "console",
            "json",
            "yaml",
            "html",
            "css",
            "javascript",
        ] {
            assert!(
                matches!(h.language(lang), Language::Known(_)),
                "{lang} should be known"
            );
        }
        assert_eq!(h.language("text"), Language::Plain);
        assert_eq!(h.language("klingon"), Language::Unknown("klingon".into()));
    }

    #[test]
    fn spans_carry_short_classes_and_merge_runs_of_one_look() {
        let h = Highlighter::shared();
        let out = h.highlight("rust", "fn main() { let x = 1; }\n// done\n");
        assert_eq!(out.lines.len(), 2);
        let html = out.lines.join("\n");
        assert!(!html.contains("style="), "{html}");
        // Every span has one class, `h` and four base-36 digits, listed in `looks`.
        for class in html
            .split("class=\"")
            .skip(1)
            .map(|c| &c[..c.find('"').unwrap()])
        {
            assert_eq!(class.len(), 5, "{class}");
            assert!(out.looks.iter().any(|l| l.class() == class), "{class}");
        }
        // A comment is one span, not one per scope.
        assert_eq!(out.lines[1].matches("<span").count(), 1, "{}", out.lines[1]);
        assert!(out.lines[1].ends_with("// done</span>"), "{}", out.lines[1]);
        // Each line closes its own spans.
        for line in &out.lines {
            assert_eq!(
                line.matches("<span").count(),
                line.matches("</span>").count()
            );
        }
    }

    #[test]
    fn a_line_seen_before_comes_out_as_it_would_be_parsed_in_its_state() {
        let h = Highlighter::shared();
        // The same line, `x = 1`, at the top level and inside a docstring: the memo keys on
        // the parser's state, so the second is string-coloured, not code.
        let code = "x = 1\ns = \"\"\"\nx = 1\n\"\"\"\nx = 1\n";
        let first = h.highlight("python", code);
        assert_eq!(first.lines[0], first.lines[4], "{:?}", first.lines);
        assert_ne!(first.lines[0], first.lines[2], "{:?}", first.lines);
        // A fresh thread (an empty memo) highlights the block the same way, looks included.
        let fresh = std::thread::spawn(move || Highlighter::shared().highlight("python", code))
            .join()
            .unwrap();
        assert_eq!(first, fresh);
        // And so does this thread, now answering every line from its memo.
        assert_eq!(h.highlight("python", code), fresh);
    }

    #[test]
    fn a_multi_line_string_is_split_into_whole_lines() {
        let out = Highlighter::shared().highlight("python", "s = \"\"\"a\nb\"\"\"\n");
        assert_eq!(out.lines.len(), 2);
        assert!(out.lines[1].starts_with("<span"), "{:?}", out.lines);
        assert!(out.lines[0].ends_with("</span>"), "{:?}", out.lines);
    }

    #[test]
    fn unknown_language_is_escaped_plain_text() {
        let out = Highlighter::shared().highlight("klingon", "<b>&</b>\nx");
        assert_eq!(out.lines, vec!["&lt;b&gt;&amp;&lt;/b&gt;", "x"]);
        assert!(out.looks.is_empty());
    }

    #[test]
    fn stylesheet_has_a_rule_per_look_in_both_themes() {
        let h = Highlighter::shared();
        let out = h.highlight("python", "# note\ndef f(x):\n    return 'a'\n");
        let css = h.css(&out.looks);
        for look in &out.looks {
            assert!(css.contains(&format!(".code .{}{{color:light-dark(", look.class())));
        }
        assert!(
            !css.contains("pre.code code{"),
            "plain code keeps the page's colour"
        );
    }

    #[test]
    fn every_syntax_colour_is_readable_on_the_code_background() {
        let themes = ThemeSet::load_defaults();
        let (light_bg, dark_bg) = code_backgrounds();
        for (name, bg) in [(LIGHT_THEME, light_bg), (DARK_THEME, dark_bg)] {
            let theme = readable(themes.themes[name].clone(), bg);
            for item in &theme.scopes {
                if let Some(fg) = item.style.foreground {
                    let ratio = contrast(fg, bg);
                    assert!(
                        ratio >= MIN_CONTRAST,
                        "{name}: {fg:?} has contrast {ratio:.2}"
                    );
                }
            }
        }
        // Colours that were already readable are kept as they are.
        let black = Color {
            r: 0,
            g: 0,
            b: 0,
            a: 255,
        };
        assert_eq!(with_contrast(black, code_backgrounds().0), black);
    }
}
