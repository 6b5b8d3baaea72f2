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
}
