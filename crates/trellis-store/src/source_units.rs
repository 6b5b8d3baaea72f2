//! The source hash of every translatable text (`source_units`, schema 9),
//! kept as the course's rows are written, so that a translation's status is
//! read without loading the course ([`TranslationStatus`]).
//!
//! trellis-translate decides what a unit is ([`trellis_translate::Part`]
//! and [`trellis_translate::part_hashes`]); this module stores one row per
//! unit, keyed by the part whose row holds the text, and replaces a part's
//! rows whenever [`crate::rows::write_touched`] writes that part.

use std::path::Path;

use rusqlite::{CachedStatement, Connection, OptionalExtension, params};
use trellis_model::Course;
use trellis_translate::{LanguageStatus, Part, WALK_VERSION, part_hashes};

use crate::CourseFile;
use crate::error::{Result, StoreError};

/// Statements to replace the units of the parts written in one transaction.
pub(crate) struct SourceUnits<'c> {
    delete: CachedStatement<'c>,
    insert: CachedStatement<'c>,
}

impl<'c> SourceUnits<'c> {
    /// `None` when the stored units are not from the current walk: the
    /// caller then calls [`rebuild`] once the rows are written.
    pub(crate) fn current(conn: &'c Connection) -> Result<Option<Self>> {
        if stored_walk(conn)? != Some(WALK_VERSION) {
            return Ok(None);
        }
        Ok(Some(Self {
            delete: conn.prepare_cached("DELETE FROM source_units WHERE part = ?1")?,
            insert: conn.prepare_cached(
                "INSERT INTO source_units (unit, part, hash) VALUES (?1, ?2, ?3)",
            )?,
        }))
    }

    /// Replaces the units of the part whose row has id `part_id`.
    pub(crate) fn replace(&mut self, part_id: &str, part: Part<'_>) -> Result<()> {
        self.delete.execute([part_id])?;
        for (unit, hash) in part_hashes(part) {
            self.insert.execute(params![unit, part_id, hash])?;
        }
        Ok(())
    }

    /// Removes the units of a part that is gone.
    pub(crate) fn remove(&mut self, part_id: &str) -> Result<()> {
        self.delete.execute([part_id])?;
        Ok(())
    }
}

fn stored_walk(conn: &Connection) -> Result<Option<u32>> {
    Ok(conn
        .query_row(
            "SELECT version FROM source_units_walk WHERE singleton = 1",
            [],
            |r| r.get(0),
        )
        .optional()?)
}

/// The number of units and how far each target language is translated
/// (sorted by language), counted by SQLite from the kept source hashes,
/// which the caller has found current.
fn count_languages(conn: &Connection) -> Result<(usize, Vec<LanguageStatus>)> {
    let units: usize = conn.query_row("SELECT count(*) FROM source_units", [], |r| count(r, 0))?;
    // Each translated unit, matched with its source unit: the same hash is
    // translated, another hash stale, no source unit orphaned.
    let mut stmt = conn.prepare_cached(
        "SELECT l.language,
                count(s.hash) FILTER (WHERE t.source_hash = s.hash),
                count(s.hash) FILTER (WHERE t.source_hash <> s.hash),
                count(t.unit) FILTER (WHERE s.hash IS NULL)
         FROM translation_languages l
         LEFT JOIN translations t ON t.language = l.language
         LEFT JOIN source_units s ON s.unit = t.unit
         GROUP BY l.language ORDER BY l.language",
    )?;
    let languages = stmt
        .query_map([], |r| {
            let (translated, stale) = (count(r, 1)?, count(r, 2)?);
            Ok(LanguageStatus {
                language: r.get(0)?,
                translated,
                stale,
                missing: units.saturating_sub(translated + stale),
                orphaned: count(r, 3)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok((units, languages))
}

impl CourseFile {
    /// How far each target language is translated: counted from the kept
    /// source hashes when they are current (no text is read), otherwise
    /// from the course in memory, hashed once.
    pub fn translation_status(&self) -> Result<TranslationStatus> {
        let source_language = self.course.info.language.clone();
        if stored_walk(&self.conn)? == Some(WALK_VERSION) {
            let (units, languages) = count_languages(&self.conn)?;
            return Ok(TranslationStatus {
                source_language,
                units,
                languages,
            });
        }
        let units = trellis_translate::unit_hashes(&self.course);
        Ok(TranslationStatus {
            source_language,
            units: units.len(),
            languages: self
                .translation_hashes()?
                .iter()
                .map(|t| trellis_translate::status(&units, t))
                .collect(),
        })
    }
}

/// A count SQLite returns, as a `usize`.
fn count(row: &rusqlite::Row<'_>, index: usize) -> rusqlite::Result<usize> {
    Ok(usize::try_from(row.get::<_, i64>(index)?).unwrap_or(0))
}

/// Every stored `(unit, hash)`, sorted by unit.
fn stored_units(conn: &Connection) -> Result<Vec<(String, String)>> {
    let mut stmt = conn.prepare("SELECT unit, hash FROM source_units ORDER BY unit")?;
    let units = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(units)
}

/// Writes the units of the whole `course`, made by the current walk.
pub(crate) fn rebuild(conn: &Connection, course: &Course) -> Result<()> {
    conn.execute("DELETE FROM source_units", [])?;
    conn.execute(
        "INSERT OR REPLACE INTO source_units_walk (singleton, version) VALUES (1, ?1)",
        [WALK_VERSION],
    )?;
    let mut units = SourceUnits::current(conn)?.expect("the walk version was just written");
    units.replace(course.id.as_str(), Part::Head(course))?;
    for m in &course.modules {
        units.replace(m.id.as_str(), Part::Module(m))?;
        for l in &m.lessons {
            units.replace(l.id.as_str(), Part::Lesson(l))?;
            for b in &l.blocks {
                units.replace(b.id.as_str(), Part::Block(b))?;
            }
        }
    }
    Ok(())
}

/// Checks that the stored source hashes, when current, are those of
/// `course`'s units: one row per non-empty unit, with its text's hash.
pub(crate) fn check(conn: &Connection, course: &Course) -> Result<()> {
    if stored_walk(conn)? != Some(WALK_VERSION) {
        return Ok(());
    }
    let stored = stored_units(conn)?;
    let mut expected: Vec<(String, String)> = trellis_translate::unit_hashes(course)
        .into_iter()
        .map(|u| (u.field.id, u.hash))
        .collect();
    expected.sort();
    if stored != expected {
        let differ = stored
            .iter()
            .zip(&expected)
            .find(|(a, b)| a != b)
            .map_or_else(
                || format!("{} stored, {} in the course", stored.len(), expected.len()),
                |(a, b)| format!("stored {a:?}, in the course {b:?}"),
            );
        return Err(StoreError::Corrupt(format!(
            "the source texts' hashes kept for translation do not match the course: {differ}"
        )));
    }
    Ok(())
}

/// How far each language of a course file is translated, read without
/// loading its course: [`trellis_translate::status`] computed by SQLite
/// from the kept source hashes and the translations' hashes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TranslationStatus {
    pub source_language: String,
    /// The course's translatable units.
    pub units: usize,
    /// One per target language, sorted by language.
    pub languages: Vec<LanguageStatus>,
}

impl TranslationStatus {
    /// The status of the course file at `path`, opened as
    /// [`CourseFile::open_read_only`] opens it (nothing is written), or
    /// `None` when the file holds no current source hashes: it was written
    /// by an older Trellis and not changed since. The caller then loads
    /// the course ([`CourseFile::translation_status`]).
    pub fn read(path: impl AsRef<Path>) -> Result<Option<Self>> {
        let path = path.as_ref();
        let read = || -> Result<Option<Self>> {
            let (conn, _hold, version) = CourseFile::reading_connection(path)?;
            if version != crate::SCHEMA_VERSION || stored_walk(&conn)? != Some(WALK_VERSION) {
                return Ok(None);
            }
            let info: String =
                conn.query_row("SELECT info FROM course WHERE singleton = 1", [], |r| {
                    r.get(0)
                })?;
            #[derive(serde::Deserialize)]
            struct Language {
                language: String,
            }
            let Language {
                language: source_language,
            } = serde_json::from_str(&info)
                .map_err(|e| StoreError::Corrupt(format!("the course's language: {e}")))?;
            let (units, languages) = count_languages(&conn)?;
            Ok(Some(Self {
                source_language,
                units,
                languages,
            }))
        };
        read().map_err(|e| e.in_authors_words(path))
    }
}
