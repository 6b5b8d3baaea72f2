//! Course files as an older Trellis wrote them, for the tests of every
//! crate that must leave such a file alone until the author edits it.

use std::path::Path;

use rusqlite::Connection;

use crate::{APPLICATION_ID, Result};

/// Writes at `old` a course file at schema 1, the first released format
/// (tables from the frozen `tests/schema_v1.sql`, in rollback-journal mode
/// as that version left them), holding the rows of the current course file
/// `current`: its course, assets and undo history. Comments and
/// placeholder marks, which schema 1 lacks, are left out.
pub fn write_schema_v1(current: &Path, old: &Path) -> Result<()> {
    let conn = Connection::open(old)?;
    conn.pragma_update(None, "application_id", APPLICATION_ID as i32)?;
    conn.execute_batch(include_str!("../tests/schema_v1.sql"))?;
    conn.pragma_update(None, "user_version", 1)?;
    conn.execute("ATTACH DATABASE ?1 AS current", [current.to_string_lossy()])?;
    conn.execute_batch(
        "INSERT INTO main.blocks SELECT id, lesson_id, slot, content FROM current.blocks",
    )?;
    conn.execute_batch(
        "INSERT INTO main.edit_log SELECT seq, undone, edit, inverse FROM current.edit_log",
    )?;
    for table in ["course", "modules", "lessons", "blobs", "assets"] {
        conn.execute_batch(&format!(
            "INSERT INTO main.{table} SELECT * FROM current.{table}"
        ))?;
    }
    conn.execute_batch("DETACH DATABASE current")?;
    Ok(())
}

/// What each migration from schema 4 on added, taken away again: entry `i`
/// takes a file from version `i + 4` back to version `i + 3`.
const TAKE_BACK: &[&str] = &[
    "DROP TABLE translations; DROP TABLE translation_languages;",
    "ALTER TABLE edit_log DROP COLUMN comments;",
    "ALTER TABLE edit_log DROP COLUMN label;",
    "ALTER TABLE blocks DROP COLUMN job_aid;",
    "DROP TABLE results_pulls; DROP TABLE results;",
    "DROP TABLE source_units_walk; DROP TABLE source_units;",
];

/// Turns the current course file at `path` into one as Trellis wrote it at
/// schema `version` (3 or later): every later migration's tables and
/// columns dropped, in reverse order, and `user_version` set back.
pub fn set_back_to(path: &Path, version: u32) -> Result<()> {
    assert_eq!(
        TAKE_BACK.len() + 3,
        crate::SCHEMA_VERSION as usize,
        "a new migration needs its entry in TAKE_BACK"
    );
    assert!(
        version >= 3,
        "schema {version} is older than TAKE_BACK reaches"
    );
    let conn = Connection::open(path)?;
    for sql in TAKE_BACK[(version as usize - 3)..].iter().rev() {
        conn.execute_batch(sql)?;
    }
    conn.pragma_update(None, "user_version", version)?;
    Ok(())
}
