//! Translations of a course: one [`Translation`] per target language,
//! holding translated text per *unit*.
//!
//! A unit is one translatable text field of the course, named by a stable
//! id: the id of the entity that holds it and the field's path inside it,
//! joined by `.` (`les-intro.title`, `blk-q1.choices.a.feedback`; ids hold no dots). Each
//! translated unit remembers a hash of the source text it was translated
//! from, so a change to the source marks the translation stale. Which
//! fields are units, and how they are hashed, is `trellis-translate`'s
//! business; the model only carries the data. Translations sit beside the
//! course: edits never change them and the undo log never holds them.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// Every translated unit of one target language.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(deny_unknown_fields)]
pub struct Translation {
    /// BCP 47 language tag of the target language, e.g. `fr`, `pt-BR`.
    pub language: String,
    /// Translated units by unit id.
    #[serde(default)]
    pub units: BTreeMap<String, TranslatedUnit>,
}

/// The translation of one unit.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(deny_unknown_fields)]
pub struct TranslatedUnit {
    /// Hash of the source text this was translated from (see
    /// `trellis_translate::source_hash`).
    pub source_hash: String,
    /// The translated text, in the field's own syntax (Markdown for
    /// Markdown fields).
    pub text: String,
}

impl Translation {
    pub fn new(language: impl Into<String>) -> Self {
        Self {
            language: language.into(),
            units: BTreeMap::new(),
        }
    }
}

/// Whether `tag` is a plausible BCP 47 language tag: subtags of 1 to 8
/// ASCII letters or digits separated by `-`, the first of 2 to 8 letters
/// (or the private-use `x`, or `qps`-style pseudo tags, which are letters
/// too). Used to refuse a language name that could not be a file name or an
/// XML attribute value.
pub fn is_language_tag(tag: &str) -> bool {
    let mut parts = tag.split('-');
    let Some(first) = parts.next() else {
        return false;
    };
    let first_ok = (first.len() >= 2 && first.len() <= 8 || first == "x")
        && first.bytes().all(|b| b.is_ascii_alphabetic());
    first_ok
        && parts
            .all(|p| !p.is_empty() && p.len() <= 8 && p.bytes().all(|b| b.is_ascii_alphanumeric()))
}

/// The languages the player's own strings (buttons, verdicts, progress,
/// results, screen-reader labels) ship in, by primary language subtag. The
/// tables themselves are `trellis-render`'s (`strings/<code>.json`); a
/// language not listed gets English ones.
pub const PLAYER_LANGUAGES: &[&str] = &[
    "en", "fr", "nl", "de", "es", "it", "pt", "pl", "ja", "zh", "ar",
];

/// The primary language subtag of `tag`, lower-cased (`pt-BR` → `pt`).
pub fn primary_language(tag: &str) -> String {
    tag.split(['-', '_'])
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase()
}

/// The player language for a course or page language `tag`: its primary
/// subtag when the player has strings for it.
pub fn player_language(tag: &str) -> Option<&'static str> {
    let primary = primary_language(tag);
    PLAYER_LANGUAGES.iter().copied().find(|l| *l == primary)
}

/// Whether text in `tag` is written right to left (Arabic, Hebrew, Persian,
/// Urdu and the other languages whose usual script is right to left),
/// unless the tag names a left-to-right script (`az-Latn`).
pub fn is_right_to_left(tag: &str) -> bool {
    const RTL: &[&str] = &[
        "ar", "arc", "ckb", "dv", "fa", "he", "iw", "ks", "ku", "ps", "sd", "ug", "ur", "yi",
    ];
    const RTL_SCRIPTS: &[&str] = &["arab", "hebr", "syrc", "thaa", "nkoo", "adlm", "rohg"];
    let mut parts = tag.split('-').skip(1);
    if let Some(script) = parts.find(|p| p.len() == 4 && p.bytes().all(|b| b.is_ascii_alphabetic()))
    {
        return RTL_SCRIPTS.contains(&script.to_ascii_lowercase().as_str());
    }
    RTL.contains(&primary_language(tag).as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn language_tags() {
        for ok in [
            "fr",
            "en-GB",
            "pt-BR",
            "zh-Hans-CN",
            "qps",
            "x-test",
            "de-CH-1996",
        ] {
            assert!(is_language_tag(ok), "{ok}");
        }
        for bad in [
            "",
            "f",
            "fr_FR",
            "fr-",
            "-fr",
            "../x",
            "fr fr",
            "1fr",
            "fr-abcdefghi",
        ] {
            assert!(!is_language_tag(bad), "{bad}");
        }
    }

    #[test]
    fn player_languages_and_direction() {
        assert_eq!(player_language("pt-BR"), Some("pt"));
        assert_eq!(player_language("FR"), Some("fr"));
        assert_eq!(player_language("zh-Hans-CN"), Some("zh"));
        assert_eq!(player_language("sv"), None);
        assert!(is_right_to_left("ar"));
        assert!(is_right_to_left("ar-EG"));
        assert!(is_right_to_left("he"));
        assert!(is_right_to_left("az-Arab"));
        assert!(!is_right_to_left("az-Latn"));
        assert!(!is_right_to_left("fr"));
        assert!(!is_right_to_left("en-GB"));
    }
}
