//! Translations in the text format: one `translations/<lang>.toml` per
//! target language, beside `course.toml` and `lessons/`. Units are sorted by
//! id, one `[[units]]` table each, so a translator's change is a small diff.
//!
//! ```toml
//! language = "fr"
//!
//! [[units]]
//! id = "les-intro.title"
//! source_hash = "3f2a9c0d41be7e55"
//! text = "Introduction"
//! ```

use std::collections::BTreeMap;

use serde::Deserialize;
use toml::Spanned;
use trellis_model::{TranslatedUnit, Translation, is_language_tag};

use crate::error::Problem;
use crate::import::{FileCtx, Frag, Refs};
use crate::toml_out::Doc;

/// The folder of translation files, with its trailing `/`.
pub(crate) const DIR: &str = "translations/";

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FileToml {
    language: Spanned<String>,
    #[serde(default)]
    units: Vec<UnitToml>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct UnitToml {
    id: Spanned<String>,
    source_hash: Spanned<String>,
    text: String,
}

/// Every translation as `translations/<lang>.toml`, keyed by path.
pub(crate) fn files(translations: &[Translation]) -> BTreeMap<String, Vec<u8>> {
    translations
        .iter()
        .map(|t| (format!("{DIR}{}.toml", t.language), file(t).into_bytes()))
        .collect()
}

fn file(t: &Translation) -> String {
    let mut d = Doc::default();
    d.line_str("language", &t.language);
    for (id, u) in &t.units {
        d.header("[[units]]");
        d.line_str("id", id);
        d.line_str("source_hash", &u.source_hash);
        d.text("text", &u.text);
    }
    d.out
}

fn unit_id_ok(id: &str) -> bool {
    id.split_once('.').is_some_and(|(entity, path)| {
        trellis_model::id::validate_id(entity).is_ok()
            && !path.is_empty()
            && path
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'))
    })
}

/// Reads one translation file; problems go to `problems` with their place.
pub(crate) fn parse(
    file: &str,
    stem: &str,
    course_language: Option<&str>,
    text: &str,
    problems: &mut Vec<Problem>,
) -> Option<Translation> {
    let mut refs = Refs::default();
    let mut ctx = FileCtx::new(file, text, problems, &mut refs);
    let t: FileToml = ctx.toml(text, Frag::at(0), "translation")?;
    let before = ctx.problem_count();
    let lang = t.language.get_ref();
    if !is_language_tag(lang) {
        ctx.problem(
            t.language.span().start,
            format!("`{lang}` is not a language tag (e.g. fr, pt-BR)"),
        );
    } else if lang != stem {
        ctx.problem(
            t.language.span().start,
            format!("the language `{lang}` does not match the file name; expected `{stem}` (the file is {DIR}<language>.toml)"),
        );
    } else if course_language.is_some_and(|c| c.eq_ignore_ascii_case(lang)) {
        ctx.problem(
            t.language.span().start,
            format!("`{lang}` is the course's own language, not a translation"),
        );
    }
    let mut out = Translation::new(lang.clone());
    for u in t.units {
        let id = u.id.get_ref();
        if !unit_id_ok(id) {
            ctx.problem(
                u.id.span().start,
                format!("`{id}` is not a unit id (an entity id, a dot, then the field's path)"),
            );
            continue;
        }
        let hash = u.source_hash.get_ref();
        if hash.len() != 16 || !hash.bytes().all(|b| b.is_ascii_hexdigit()) {
            ctx.problem(
                u.source_hash.span().start,
                format!("source_hash `{hash}` is not 16 hexadecimal digits"),
            );
            continue;
        }
        let unit = TranslatedUnit {
            source_hash: hash.clone(),
            text: u.text,
        };
        if out.units.insert(id.clone(), unit).is_some() {
            ctx.problem(u.id.span().start, format!("unit `{id}` appears twice"));
        }
    }
    (ctx.problem_count() == before).then_some(out)
}
