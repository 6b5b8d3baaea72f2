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
