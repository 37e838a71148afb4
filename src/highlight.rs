//! Build-time syntax highlighting with syntect: code becomes HTML spans with CSS classes
//! (no inline styles), and the light and dark themes become one stylesheet.

use syntect::highlighting::{Color, Theme, ThemeSet};
use syntect::html::{ClassStyle, ClassedHTMLGenerator, css_for_theme_with_class_style};
use syntect::parsing::{SyntaxReference, SyntaxSet};
use syntect::util::LinesWithEndings;

use std::collections::HashSet;

/// Class names are prefixed so they cannot clash with the site's own CSS.
const CLASS_STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "hl-" };
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

/// Holds the syntax definitions; build one per process and share it (it is `Sync`).
pub struct Highlighter {
    syntaxes: SyntaxSet,
    /// The stylesheet for the highlighted code, light and dark.
    css: String,
    /// The class names the stylesheet mentions; spans with none of them are dropped.
    styled: HashSet<String>,
}

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

impl Default for Highlighter {
    fn default() -> Self {
        Self::new()
    }
}

impl Highlighter {
    /// Loads syntect's syntaxes plus the extra ones from two-face (TOML among them).
    pub fn new() -> Self {
        let css = stylesheet();
        Highlighter {
            syntaxes: two_face::syntax::extra_newlines(),
            styled: styled_classes(&css),
            css,
        }
    }

    fn find(&self, lang: &str) -> Option<&SyntaxReference> {
        let token = match lang {
            "console" | "shell" | "sh" | "zsh" | "shell-session" => "bash",
            "javascript" => "js",
            "py" => "python",
            "rs" => "rust",
            other => other,
        };
        self.syntaxes.find_syntax_by_token(token)
    }

    /// The stylesheet (`highlight.css`) the highlighted HTML needs.
    pub fn css(&self) -> &str {
        &self.css
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

    /// Highlights `code` as `lang`; plain or unknown languages come back HTML-escaped.
    pub fn highlight(&self, lang: &str, code: &str) -> String {
        let Some(syntax) = self.find(&lang.trim().to_ascii_lowercase()) else {
            return escape_html(code);
        };
        let mut generator =
            ClassedHTMLGenerator::new_with_class_style(syntax, &self.syntaxes, CLASS_STYLE);
        for line in LinesWithEndings::from(code) {
            if generator
                .parse_html_for_line_which_includes_newline(line)
                .is_err()
            {
                return escape_html(code);
            }
        }
        prune(&generator.finalize(), &self.styled)
    }
}

/// Every class name a stylesheet's selectors use.
fn styled_classes(css: &str) -> HashSet<String> {
    css.split(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '.'))
        .flat_map(|token| token.split('.').skip(1))
        .filter(|name| name.starts_with("hl-"))
        .map(str::to_string)
        .collect()
}

/// Drops the class names no CSS rule uses, and spans left with none. syntect marks every
/// scope (`hl-meta hl-function hl-rust`); most are never coloured, and pruning them roughly
/// halves a page of code without changing how it looks.
fn prune(html: &str, styled: &HashSet<String>) -> String {
    let mut out = String::with_capacity(html.len());
    let mut kept: Vec<bool> = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find('<') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let end = rest.find('>').map_or(rest.len(), |e| e + 1);
        let tag = &rest[..end];
        if let Some(classes) = tag
            .strip_prefix("<span class=\"")
            .and_then(|t| t.strip_suffix("\">"))
        {
            let useful: Vec<&str> = classes.split(' ').filter(|c| styled.contains(*c)).collect();
            kept.push(!useful.is_empty());
            if !useful.is_empty() {
                out.push_str(&format!("<span class=\"{}\">", useful.join(" ")));
            }
        } else if tag == "</span>" {
            if kept.pop().unwrap_or(true) {
                out.push_str(tag);
            }
        } else {
            out.push_str(tag);
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// The stylesheet for highlighted code: the light theme by default, the dark theme under
/// `prefers-color-scheme: dark` unless the reader chose light, and whenever they chose dark.
pub fn stylesheet() -> String {
    let themes = ThemeSet::load_defaults();
    let css = |name: &str| {
        let bg = if name == DARK_THEME {
            code_backgrounds().1
        } else {
            code_backgrounds().0
        };
        let theme = readable(themes.themes[name].clone(), bg);
        css_for_theme_with_class_style(&theme, CLASS_STYLE).unwrap_or_default()
    };
    let dark = css(DARK_THEME);
    format!(
        "/* Generated by crabsnake from syntect's {LIGHT_THEME} and {DARK_THEME} themes. */\n{}\n\
         @media (prefers-color-scheme: dark) {{\n:root:not([data-theme=\"light\"]) {{\n{dark}}}\n}}\n\
         :root[data-theme=\"dark\"] {{\n{dark}}}\n",
        css(LIGHT_THEME)
    )
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
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn knows_the_guide_languages() {
        let h = Highlighter::new();
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
    fn emits_classes_not_inline_styles() {
        let html = Highlighter::new().highlight("rust", "fn main() { let x = 1; }\n");
        assert!(html.contains("class=\"hl-"), "{html}");
        assert!(!html.contains("style="), "{html}");
    }

    #[test]
    fn prunes_unstyled_spans_but_keeps_their_text() {
        let styled: HashSet<String> = ["hl-comment".to_string()].into_iter().collect();
        let html = "<span class=\"hl-source hl-rust\"><span class=\"hl-comment hl-line\">// x</span> a &lt; b</span>";
        assert_eq!(
            prune(html, &styled),
            "<span class=\"hl-comment\">// x</span> a &lt; b"
        );
        let css = stylesheet();
        let classes = styled_classes(&css);
        assert!(classes.contains("hl-comment") && classes.contains("hl-string"));
        assert!(!classes.contains("hl-rust"));
    }

    #[test]
    fn unknown_language_is_escaped_plain_text() {
        let html = Highlighter::new().highlight("klingon", "<b>&</b>");
        assert_eq!(html, "&lt;b&gt;&amp;&lt;/b&gt;");
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

    #[test]
    fn stylesheet_has_light_and_dark_rules() {
        let css = stylesheet();
        assert!(css.contains(".hl-"));
        assert!(css.contains("prefers-color-scheme: dark"));
        assert!(css.contains(":root[data-theme=\"dark\"]"));
    }
}
