//! Embedded templates, styles and UI strings, each overridable from a theme
//! folder by a file of the same name.
//!
//! The page template uses `{{name}}` placeholders only; the values are HTML
//! the renderer has already escaped or sanitised. An unknown or unclosed
//! placeholder is an error, so a broken theme fails loudly at publish time.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use crate::RenderError;

/// Every embedded file a theme may override, with its default content.
pub const EMBEDDED: &[(&str, &str)] = &[
    ("page.html", include_str!("../templates/page.html")),
    ("strings.json", include_str!("../templates/strings.json")),
    ("base.css", include_str!("../player/base.css")),
    ("blocks.css", include_str!("../player/blocks.css")),
    ("questions.css", include_str!("../player/questions.css")),
    ("scenario.css", include_str!("../player/scenario.css")),
    ("review.css", include_str!("../player/review.css")),
];

/// The placeholders `page.html` may use.
pub const PAGE_SLOTS: &[&str] = &[
    "lang",
    "title",
    "theme_css",
    "skip_label",
    "logo",
    "toolbar",
    "menu",
    "lessons",
    "pager",
    "live",
    "data",
];

/// The templates in force for one render: embedded ones, overridden by a
/// theme folder's files of the same name.
pub struct Templates {
    files: HashMap<&'static str, String>,
    /// UI strings: the embedded ones, then the theme's keys on top.
    pub strings: BTreeMap<String, String>,
}

impl Templates {
    pub fn load(theme_dir: Option<&Path>) -> Result<Self, RenderError> {
        let mut files = HashMap::new();
        for (name, text) in EMBEDDED {
            let text = match theme_dir.map(|d| d.join(name)) {
                Some(path) if path.is_file() => {
                    std::fs::read_to_string(&path).map_err(|e| RenderError::Theme {
                        file: (*name).to_owned(),
                        message: e.to_string(),
                    })?
                }
                _ => (*text).to_owned(),
            };
            files.insert(*name, text);
        }
        let mut strings: BTreeMap<String, String> =
            serde_json::from_str(EMBEDDED[1].1).expect("embedded strings.json is valid");
        let themed: BTreeMap<String, String> = serde_json::from_str(&files["strings.json"])
            .map_err(|e| RenderError::Theme {
                file: "strings.json".into(),
                message: e.to_string(),
            })?;
        strings.extend(themed);
        Ok(Self { files, strings })
    }

    pub fn file(&self, name: &str) -> &str {
        self.files.get(name).map(String::as_str).unwrap_or("")
    }

    /// A UI string; `{key}` placeholders are filled from `args`.
    pub fn s<'a>(&'a self, key: &'a str) -> &'a str {
        self.strings.get(key).map(String::as_str).unwrap_or(key)
    }

    /// A string with a count `{n}` of exactly 1 takes the key's `…One` form
    /// when there is one ("1 question", not "1 questions"); the player's
    /// `fmt` follows the same rule.
    pub fn fmt(&self, key: &str, args: &[(&str, &str)]) -> String {
        let one = args.iter().any(|&(k, v)| k == "n" && v == "1");
        let mut out = match self.strings.get(&format!("{key}One")) {
            Some(s) if one => s.clone(),
            _ => self.s(key).to_owned(),
        };
        for (k, v) in args {
            out = out.replace(&format!("{{{k}}}"), v);
        }
        out
    }
}

/// Fills `{{name}}` placeholders of `template` from `values`.
pub fn fill(name: &str, template: &str, values: &[(&str, &str)]) -> Result<String, RenderError> {
    let mut out =
        String::with_capacity(template.len() + values.iter().map(|v| v.1.len()).sum::<usize>());
    let mut rest = template;
    while let Some(start) = rest.find("{{") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let end = after.find("}}").ok_or_else(|| RenderError::Template {
            file: name.to_owned(),
            message: "a `{{` is not closed".into(),
        })?;
        let key = after[..end].trim();
        let value =
            values
                .iter()
                .find(|(k, _)| *k == key)
                .ok_or_else(|| RenderError::Template {
                    file: name.to_owned(),
                    message: format!("unknown placeholder `{key}`"),
                })?;
        out.push_str(value.1);
        rest = &after[end + 2..];
    }
    out.push_str(rest);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_embedded_template_renders() {
        let t = Templates::load(None).unwrap();
        let values: Vec<(&str, &str)> = PAGE_SLOTS.iter().map(|s| (*s, "X")).collect();
        let page = fill("page.html", t.file("page.html"), &values).unwrap();
        assert!(!page.contains("{{"));
        for slot in PAGE_SLOTS {
            assert!(
                t.file("page.html").contains(&format!("{{{{{slot}}}}}")),
                "page.html lacks {slot}"
            );
        }
        // strings parse, and every CSS file is balanced.
        assert!(t.strings.len() > 40);
        for (name, text) in EMBEDDED.iter().filter(|(n, _)| n.ends_with(".css")) {
            assert_eq!(
                text.matches('{').count(),
                text.matches('}').count(),
                "{name} has unbalanced braces"
            );
        }
    }

    #[test]
    fn a_count_of_one_takes_the_singular_form() {
        let t = Templates::load(None).unwrap();
        let intro = |n: &str| t.fmt("asmtIntro", &[("n", n), ("pass", "80")]);
        assert_eq!(intro("1"), "1 question. Pass mark: 80%.");
        assert_eq!(intro("2"), "2 questions. Pass mark: 80%.");
        assert_eq!(intro("11"), "11 questions. Pass mark: 80%.");
        assert_eq!(t.fmt("points", &[("n", "1")]), "1 point");
        // A count of one is no plural slip in any string the player shows.
        for (key, s) in &t.strings {
            if s.contains("{n}") && !key.ends_with("One") {
                let one = t.fmt(key, &[("n", "1")]);
                for word in ["questions", "points", "attempts", "comments", "lessons"] {
                    assert!(!one.contains(&format!("1 {word}")), "{key}: {one}");
                }
            }
        }
    }

    #[test]
    fn unknown_and_unclosed_placeholders_fail() {
        assert!(fill("x", "{{nope}}", &[]).is_err());
        assert!(fill("x", "a {{title", &[("title", "t")]).is_err());
        assert_eq!(fill("x", "a{{ t }}b", &[("t", "-")]).unwrap(), "a-b");
    }
}
