//! The course's languages in the editor: how far each translation is, its
//! units side by side with their source for translating or fixing one by
//! hand, and the preview in any language.
//!
//! Translations sit beside the course (`trellis_model::Translation`): a
//! translated unit stored here never changes the course, its undo history
//! or its revision; it is written to the course file at once, in one
//! transaction, with the hash of the source it was translated from.

use serde::Serialize;
use trellis_model::{TranslatedUnit, Translation};
use trellis_render::Target;
use trellis_translate::{Syntax, UnitState};

use crate::{App, AppError};

/// A language tag the editor accepts for a new translation: a plausible
/// BCP 47 tag other than the course's own language.
fn check_language(course_language: &str, language: &str) -> Result<(), AppError> {
    if !trellis_model::is_language_tag(language) {
        return Err(AppError::bad_input(format!(
            "“{language}” is not a language code. Use a code such as fr, de or pt-BR."
        )));
    }
    if language.eq_ignore_ascii_case(course_language) {
        return Err(AppError::bad_input(format!(
            "“{language}” is the course's own language: choose the language to translate into."
        )));
    }
    Ok(())
}

/// A language and its own name ("Français"), or its code when Trellis has
/// none.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct LanguageName {
    pub language: String,
    pub name: String,
}

/// How far one target language is.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct LanguageStatus {
    pub language: String,
    pub name: String,
    pub translated: usize,
    pub stale: usize,
    pub missing: usize,
    pub orphaned: usize,
    pub total: usize,
    /// Whether the course player has its own buttons and messages in this
    /// language.
    pub player_strings: bool,
}

/// The course's own language and how far each target language is.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct TranslationStatus {
    pub source: LanguageName,
    pub languages: Vec<LanguageStatus>,
}

/// A unit's translation state, in the words the UI shows.
#[derive(Debug, Clone, Copy, Serialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum TranslationState {
    Translated,
    Stale,
    Missing,
}

impl From<UnitState> for TranslationState {
    fn from(state: UnitState) -> Self {
        match state {
            UnitState::Translated => Self::Translated,
            UnitState::Stale => Self::Stale,
            UnitState::Missing => Self::Missing,
        }
    }
}

/// A length limit on a unit's text and why it has one.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct UnitLimit {
    pub chars: usize,
    pub why: String,
}

/// One text of the course beside its translation.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct TranslationUnit {
    pub id: String,
    /// Where the text appears, in the author's words.
    pub context: String,
    pub markdown: bool,
    pub limit: Option<UnitLimit>,
    pub purpose: Option<String>,
    pub source: String,
    pub text: Option<String>,
    pub state: TranslationState,
}

/// Every unit of the course beside its translation into `language`.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct TranslationUnits {
    pub language: String,
    pub units: Vec<TranslationUnit>,
}

/// A unit's translation as stored.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct UnitTranslation {
    pub id: String,
    pub text: Option<String>,
    pub state: TranslationState,
}

/// What `set_translation` answers: the unit and its language's new status.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct TranslationSet {
    pub unit: UnitTranslation,
    pub status: TranslationStatus,
}

impl App {
    /// `{source: {language, name}, languages: [{language, name, translated,
    /// stale, missing, orphaned, total, player_strings}]}`: how far each
    /// target language is, for the status panel and the language switcher.
    pub(crate) fn translations_status(&self) -> Result<TranslationStatus, AppError> {
        let file = self.file()?;
        let course = file.course();
        let languages = file
            .translation_status()?
            .languages
            .into_iter()
            .map(|s| LanguageStatus {
                name: trellis_render::language_name(&s.language).to_string(),
                player_strings: trellis_model::player_language(&s.language).is_some(),
                translated: s.translated,
                stale: s.stale,
                missing: s.missing,
                orphaned: s.orphaned,
                total: s.total(),
                language: s.language,
            })
            .collect();
        let source = &course.info.language;
        Ok(TranslationStatus {
            source: LanguageName {
                language: source.clone(),
                name: trellis_render::language_name(source).to_string(),
            },
            languages,
        })
    }

    /// `{language, units: [{id, context, markdown, limit, source, text,
    /// state, previous}]}`: every unit of the course in course order beside
    /// its translation into `language` (`text` null when missing; a stale
    /// unit's `text` is its translation from the older source).
    pub(crate) fn translation_units(&self, language: &str) -> Result<TranslationUnits, AppError> {
        let file = self.file()?;
        let course = file.course();
        check_language(&course.info.language, language)?;
        let translation = file
            .translation(language)?
            .unwrap_or_else(|| Translation::new(language));
        let units = trellis_translate::units(course)
            .iter()
            .map(|u| TranslationUnit {
                id: u.field.id.clone(),
                context: u.field.context.clone(),
                markdown: u.field.syntax == Syntax::Markdown,
                limit: u.field.limit.map(|(chars, why)| UnitLimit {
                    chars,
                    why: why.to_owned(),
                }),
                purpose: u.field.purpose.map(str::to_owned),
                source: u.source.to_string(),
                text: translation.units.get(&u.field.id).map(|t| t.text.clone()),
                state: trellis_translate::unit_state(u, &translation).into(),
            })
            .collect();
        Ok(TranslationUnits {
            language: language.to_owned(),
            units,
        })
    }

    /// Stores the translation of unit `id` into `language` as made from the
    /// unit's current source text (an empty `text` removes it), adding the
    /// language when the course does not have it yet. Answers the unit's
    /// `{id, text, state}` and the language's new status.
    pub(crate) fn set_translation(
        &mut self,
        language: &str,
        id: &str,
        text: &str,
    ) -> Result<TranslationSet, AppError> {
        let file = self.file()?;
        let course = file.course();
        check_language(&course.info.language, language)?;
        let Some(unit) = trellis_translate::unit_hashes(course)
            .into_iter()
            .find(|u| u.field.id == id)
        else {
            return Err(AppError::not_found(
                "That text is no longer in the course; it may have been deleted or emptied.",
            ));
        };
        let mut translation = file
            .translation(language)?
            .unwrap_or_else(|| Translation::new(language));
        if text.trim().is_empty() {
            translation.units.remove(id);
        } else {
            translation.units.insert(
                id.to_owned(),
                TranslatedUnit {
                    source_hash: unit.hash.clone(),
                    text: text.to_owned(),
                },
            );
        }
        self.file_mut()?.set_translation(&translation)?;
        self.translations_changed();
        let state = trellis_translate::unit_state(&unit, &translation);
        let status = self.translations_status()?;
        Ok(TranslationSet {
            unit: UnitTranslation {
                id: id.to_owned(),
                text: translation.units.get(id).map(|t| t.text.clone()),
                state: state.into(),
            },
            status,
        })
    }

    /// A file of the preview in `language` (`lang/<language>/…` of the
    /// preview site): the page, its player and lessons of the course as
    /// published in that language, assets as in the source. Drawn afresh
    /// on each request.
    pub(crate) fn preview_file_in(
        &self,
        language: &str,
        path: &str,
        lesson: Option<String>,
    ) -> Option<(String, Vec<u8>)> {
        let file = self.file.as_ref()?;
        if path.starts_with("assets/") {
            return None;
        }
        let translation = file.translation(language).ok()??;
        let (course, _) = trellis_translate::translated_course(file.course(), &translation);
        if let Some(name) = path.strip_prefix("job-aid/") {
            let assets = |name: &str| file.asset_bytes(name).ok();
            return crate::job_aid_file(&course, &assets, name);
        }
        let options = trellis_render::RenderOptions::new(Target::Preview);
        if let Some(name) = path.strip_prefix("lessons/") {
            let id = crate::percent_decode(name.strip_suffix(".json")?)?;
            let lesson = course.lessons().find(|l| l.id.as_str() == id)?;
            let part = trellis_render::preview::lessons(
                &course,
                &options,
                std::slice::from_ref(&lesson.id),
            )
            .ok()?
            .pop()?;
            return Some((
                "application/json".into(),
                part.json().to_string().into_bytes(),
            ));
        }
        let mut site = trellis_render::preview::page(&course, &options, lesson.as_deref()).ok()?;
        let bytes = site.files.remove(path)?;
        Some((crate::mime_for(path).to_owned(), bytes))
    }
}
