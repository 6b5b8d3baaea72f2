//! Embedded templates, styles and UI strings, each overridable from a theme
//! folder by a file of the same name.
//!
//! The player's own strings come in one table per language
//! (`strings/<code>.json`, see [`STRING_TABLES`]); the page's language picks
//! the table, English fills any key a table lacks, and a theme's
//! `strings.json` goes on top.
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
    ("strings.json", include_str!("../strings/en.json")),
    ("base.css", include_str!("../player/base.css")),
    ("blocks.css", include_str!("../player/blocks.css")),
    ("questions.css", include_str!("../player/questions.css")),
    ("scenario.css", include_str!("../player/scenario.css")),
    ("review.css", include_str!("../player/review.css")),
];

/// The player's strings, one table per language of
/// [`trellis_model::PLAYER_LANGUAGES`], English first.
pub const STRING_TABLES: &[(&str, &str)] = &[
    ("en", include_str!("../strings/en.json")),
    ("fr", include_str!("../strings/fr.json")),
    ("nl", include_str!("../strings/nl.json")),
    ("de", include_str!("../strings/de.json")),
    ("es", include_str!("../strings/es.json")),
    ("it", include_str!("../strings/it.json")),
    ("pt", include_str!("../strings/pt.json")),
    ("pl", include_str!("../strings/pl.json")),
    ("ja", include_str!("../strings/ja.json")),
    ("zh", include_str!("../strings/zh.json")),
    ("ar", include_str!("../strings/ar.json")),
];

/// The strings table of `code` (a [`STRING_TABLES`] language).
pub fn string_table(code: &str) -> BTreeMap<String, String> {
    STRING_TABLES
        .iter()
        .find(|(c, _)| *c == code)
        .map(|(_, json)| serde_json::from_str(json).expect("embedded string tables are valid"))
        .unwrap_or_default()
}

/// The placeholders `page.html` may use.
pub const PAGE_SLOTS: &[&str] = &[
    "lang",
    "dir",
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
    /// UI strings: English, the page language's table on top, then the
    /// theme's keys.
    pub strings: BTreeMap<String, String>,
    /// The player language the strings are in (`en` when the page's
    /// language has no table).
    pub language: &'static str,
}

impl Templates {
    /// The templates for a page in `language` (a BCP 47 tag).
    pub fn load(theme_dir: Option<&Path>, language: &str) -> Result<Self, RenderError> {
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
        let player = trellis_model::player_language(language).unwrap_or("en");
        let mut strings = string_table("en");
        if player != "en" {
            strings.extend(string_table(player));
        }
        let themed: BTreeMap<String, String> = serde_json::from_str(&files["strings.json"])
            .map_err(|e| RenderError::Theme {
                file: "strings.json".into(),
                message: e.to_string(),
            })?;
        // An unchanged embedded `strings.json` is the English table: only a
        // theme's own file goes on top of the page language's.
        if files["strings.json"] != EMBEDDED[1].1 {
            strings.extend(themed);
        }
        Ok(Self {
            files,
            strings,
            language: player,
        })
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
        let t = Templates::load(None, "en").unwrap();
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
        let t = Templates::load(None, "en").unwrap();
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
    fn every_player_language_has_every_key_and_the_same_placeholders() {
        let en = string_table("en");
        let codes: Vec<&str> = STRING_TABLES.iter().map(|(c, _)| *c).collect();
        assert_eq!(codes, trellis_model::PLAYER_LANGUAGES);
        let holes = |s: &str| {
            let mut v: Vec<String> = s
                .split('{')
                .skip(1)
                .filter_map(|r| r.split_once('}').map(|(k, _)| k.to_owned()))
                .collect();
            v.sort();
            v
        };
        for (code, _) in STRING_TABLES {
            let table = string_table(code);
            let keys: Vec<&String> = table.keys().collect();
            assert_eq!(
                keys,
                en.keys().collect::<Vec<_>>(),
                "{code}: keys differ from en"
            );
            for (key, text) in &table {
                assert!(!text.trim().is_empty(), "{code}.{key} is empty");
                assert_eq!(
                    holes(text),
                    holes(&en[key]),
                    "{code}.{key}: placeholders differ"
                );
            }
            // A table copied from English (words such as "Menu" or "Tip" may
            // be the same in another language, most are not).
            let same = table.iter().filter(|(k, v)| en[*k] == **v).count();
            assert!(
                *code == "en" || same * 10 < table.len(),
                "{code}: {same} strings are the English ones"
            );
        }
    }

    #[test]
    fn the_page_language_picks_the_table_and_english_fills_the_rest() {
        let fr = Templates::load(None, "fr-CA").unwrap();
        assert_eq!(fr.language, "fr");
        assert_eq!(fr.s("next"), "Suivant");
        let ar = Templates::load(None, "ar").unwrap();
        assert_eq!(ar.s("next"), "التالي");
        let sv = Templates::load(None, "sv").unwrap();
        assert_eq!(sv.language, "en");
        assert_eq!(sv.s("next"), "Next");
        // A theme's strings win over the language's.
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("strings.json"), "{\"next\": \"Weiter so\"}").unwrap();
        let themed = Templates::load(Some(dir.path()), "de").unwrap();
        assert_eq!(themed.s("next"), "Weiter so");
        assert_eq!(themed.s("prev"), "Zurück");
    }

    #[test]
    fn unknown_and_unclosed_placeholders_fail() {
        assert!(fill("x", "{{nope}}", &[]).is_err());
        assert!(fill("x", "a {{title", &[("title", "t")]).is_err());
        assert_eq!(fill("x", "a{{ t }}b", &[("t", "-")]).unwrap(), "a-b");
    }
}
