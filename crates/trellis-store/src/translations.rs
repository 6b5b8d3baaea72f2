//! Translations in the course file (`translation_languages`,
//! `translations`, schema 4).
//!
//! Like comments, translations are kept beside the course: writing one is
//! its own transaction, never an [`Edit`](trellis_model::Edit), so undo and
//! redo pass them by and the in-memory course never changes.

use std::collections::BTreeMap;

use rusqlite::{Connection, TransactionBehavior, params};
use trellis_model::{TranslatedUnit, Translation, is_language_tag};

use crate::CourseFile;
use crate::error::{Result, StoreError};

fn check_language(course_language: &str, language: &str) -> Result<()> {
    if !is_language_tag(language) {
        return Err(StoreError::Translation(format!(
            "`{language}` is not a language tag (e.g. fr, pt-BR)"
        )));
    }
    if language.eq_ignore_ascii_case(course_language) {
        return Err(StoreError::Translation(format!(
            "`{language}` is the course's own language, not a translation"
        )));
    }
    Ok(())
}

/// Writes `translation` over whatever the file holds for its language.
/// The caller owns the transaction.
pub(crate) fn replace(conn: &Connection, translation: &Translation) -> Result<()> {
    conn.execute(
        "INSERT INTO translation_languages (language) VALUES (?1)
         ON CONFLICT (language) DO NOTHING",
        [&translation.language],
    )?;
    conn.execute(
        "DELETE FROM translations WHERE language = ?1",
        [&translation.language],
    )?;
    let mut stmt = conn.prepare_cached(
        "INSERT INTO translations (language, unit, source_hash, target) VALUES (?1, ?2, ?3, ?4)",
    )?;
    for (unit, t) in &translation.units {
        stmt.execute(params![translation.language, unit, t.source_hash, t.text])?;
    }
    Ok(())
}

/// [`CourseFile::translation_hashes`] through `conn`.
pub(crate) fn hashes(conn: &Connection) -> Result<Vec<Translation>> {
    let mut out: Vec<Translation> = languages(conn)?.into_iter().map(Translation::new).collect();
    let mut stmt = conn.prepare_cached(
        "SELECT language, unit, source_hash FROM translations ORDER BY language, unit",
    )?;
    let mut rows = stmt.query([])?;
    let mut at = 0;
    while let Some(row) = rows.next()? {
        let language = row
            .get_ref(0)?
            .as_str()
            .map_err(|e| StoreError::Corrupt(format!("a translation's language: {e}")))?;
        while out.get(at).is_some_and(|t| t.language != language) {
            at += 1;
        }
        let Some(t) = out.get_mut(at) else {
            return Err(StoreError::Corrupt(format!(
                "translated units of `{language}`, which is not a target language"
            )));
        };
        t.units.insert(
            row.get(1)?,
            TranslatedUnit {
                source_hash: row.get(2)?,
                text: String::new(),
            },
        );
    }
    Ok(out)
}

fn languages(conn: &Connection) -> Result<Vec<String>> {
    let mut stmt =
        conn.prepare_cached("SELECT language FROM translation_languages ORDER BY language")?;
    let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

impl CourseFile {
    /// The course's target languages, sorted.
    pub fn translation_languages(&self) -> Result<Vec<String>> {
        languages(&self.conn)
    }

    /// Every target language with its translated units, sorted by language.
    pub fn translations(&self) -> Result<Vec<Translation>> {
        let mut out: BTreeMap<String, Translation> = self
            .translation_languages()?
            .into_iter()
            .map(|l| (l.clone(), Translation::new(l)))
            .collect();
        let mut stmt = self.conn.prepare_cached(
            "SELECT language, unit, source_hash, target FROM translations ORDER BY language, unit",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            let language: String = row.get(0)?;
            let unit = TranslatedUnit {
                source_hash: row.get(2)?,
                text: row.get(3)?,
            };
            out.entry(language.clone())
                .or_insert_with(|| Translation::new(language))
                .units
                .insert(row.get(1)?, unit);
        }
        Ok(out.into_values().collect())
    }

    /// Every target language with its units' source hashes only (each
    /// `text` empty), sorted by language: what a translation's status needs,
    /// without reading the translated texts.
    pub fn translation_hashes(&self) -> Result<Vec<Translation>> {
        hashes(&self.conn)
    }

    /// The translation into `language`, if the course has that language.
    pub fn translation(&self, language: &str) -> Result<Option<Translation>> {
        if !self.translation_languages()?.iter().any(|l| l == language) {
            return Ok(None);
        }
        let mut t = Translation::new(language);
        let mut stmt = self.conn.prepare_cached(
            "SELECT unit, source_hash, target FROM translations WHERE language = ?1",
        )?;
        let mut rows = stmt.query([language])?;
        while let Some(row) = rows.next()? {
            t.units.insert(
                row.get(0)?,
                TranslatedUnit {
                    source_hash: row.get(1)?,
                    text: row.get(2)?,
                },
            );
        }
        Ok(Some(t))
    }

    /// Adds `language` as a target language (with no units yet); a language
    /// the course already has is left as it is.
    pub fn add_translation_language(&mut self, language: &str) -> Result<()> {
        self.writable()?;
        check_language(&self.course.info.language, language)?;
        self.conn.execute(
            "INSERT INTO translation_languages (language) VALUES (?1)
             ON CONFLICT (language) DO NOTHING",
            [language],
        )?;
        Ok(())
    }

    /// Replaces everything the file holds for `translation.language` with
    /// `translation`, in one transaction (adding the language if new).
    pub fn set_translation(&mut self, translation: &Translation) -> Result<()> {
        self.writable()?;
        check_language(&self.course.info.language, &translation.language)?;
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        replace(&tx, translation)?;
        tx.commit()?;
        Ok(())
    }

    /// Removes a target language and its units; whether it was there.
    pub fn remove_translation_language(&mut self, language: &str) -> Result<bool> {
        self.writable()?;
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        tx.execute("DELETE FROM translations WHERE language = ?1", [language])?;
        let n = tx.execute(
            "DELETE FROM translation_languages WHERE language = ?1",
            [language],
        )?;
        tx.commit()?;
        Ok(n > 0)
    }
}

pub(crate) fn validate_all(course_language: &str, translations: &[Translation]) -> Result<()> {
    for t in translations {
        check_language(course_language, &t.language)?;
    }
    Ok(())
}
