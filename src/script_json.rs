//! JSON that is safe inside a `<script>` element, whether it is data
//! (`<script type="application/json">`) or part of a script: `<`, `>` and `&` are written as
//! `\u003c`, `\u003e` and `\u0026`, which JSON and JavaScript read back unchanged, so no text
//! can close the element, open an HTML comment or start an entity.

use serde::Serialize;

pub fn script_json(value: &impl Serialize) -> String {
    serde_json::to_string(value)
        .unwrap_or_else(|_| "null".into())
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nothing_can_close_the_script_and_the_value_comes_back() {
        let hostile = "</script><!-- & <script>";
        let json = script_json(&hostile);
        assert!(
            !json.contains('<') && !json.contains('>') && !json.contains('&'),
            "{json}"
        );
        assert_eq!(serde_json::from_str::<String>(&json).unwrap(), hostile);
    }
}
