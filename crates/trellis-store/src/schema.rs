//! File identification, schema versions and migrations.
//!
//! A course file is an SQLite database whose header carries
//! [`APPLICATION_ID`] and whose `user_version` is the number of migrations
//! applied. Migrations are only ever appended to [`MIGRATIONS`]; a released
//! entry is never edited (tests keep a frozen copy of each).

use std::io::Read;
use std::path::Path;

use rusqlite::{Connection, TransactionBehavior};

use crate::error::{Result, StoreError};

/// `PRAGMA application_id` of every Trellis course file: ASCII `TRLS`.
pub const APPLICATION_ID: u32 = u32::from_be_bytes(*b"TRLS");

/// SQL of each schema version, in order: entry `i` upgrades a file from
/// version `i` to version `i + 1`. Append only.
pub const MIGRATIONS: &[&str] = &[
    include_str!("migrations/v1.sql"),
    include_str!("migrations/v2.sql"),
    include_str!("migrations/v3.sql"),
    include_str!("migrations/v4.sql"),
    include_str!("migrations/v5.sql"),
    include_str!("migrations/v6.sql"),
    include_str!("migrations/v7.sql"),
    include_str!("migrations/v8.sql"),
    include_str!("migrations/v9.sql"),
];

/// The schema version this build writes and the newest it reads.
pub const SCHEMA_VERSION: u32 = MIGRATIONS.len() as u32;

const SQLITE_MAGIC: &[u8; 16] = b"SQLite format 3\0";
const HEADER_LEN: usize = 100;
const USER_VERSION_OFFSET: usize = 60;
const APPLICATION_ID_OFFSET: usize = 68;

fn be_u32(header: &[u8], at: usize) -> u32 {
    u32::from_be_bytes([header[at], header[at + 1], header[at + 2], header[at + 3]])
}

/// Reads the database header with plain file I/O, without SQLite, and refuses
/// anything that is not a Trellis course this version can read. Nothing is
/// written and no side file is created, whatever the outcome.
/// Returns the file's schema version.
pub(crate) fn check_header(path: &Path) -> Result<u32> {
    let mut file = std::fs::File::open(path).map_err(|e| StoreError::io(path, e))?;
    let mut header = Vec::with_capacity(HEADER_LEN);
    (&mut file)
        .take(HEADER_LEN as u64)
        .read_to_end(&mut header)
        .map_err(|e| StoreError::io(path, e))?;
    let not_a_course = |reason: &str| StoreError::NotACourse {
        path: path.to_owned(),
        reason: reason.to_owned(),
    };
    if header.is_empty() {
        return Err(not_a_course("the file is empty"));
    }
    if header.len() < HEADER_LEN || !header.starts_with(SQLITE_MAGIC) {
        return Err(not_a_course("it is not an SQLite database"));
    }
    if be_u32(&header, APPLICATION_ID_OFFSET) != APPLICATION_ID {
        return Err(not_a_course("it is a database of another application"));
    }
    let version = be_u32(&header, USER_VERSION_OFFSET);
    check_version(path, version)?;
    Ok(version)
}

fn check_version(path: &Path, found: u32) -> Result<()> {
    if found > SCHEMA_VERSION {
        return Err(StoreError::NewerVersion {
            path: path.to_owned(),
            found,
            supported: SCHEMA_VERSION,
        });
    }
    Ok(())
}

/// Checks identity and version again through SQLite (the write-ahead log may
/// hold a newer header than the main file), reading only; returns the
/// schema version.
pub(crate) fn check_identity(conn: &Connection, path: &Path) -> Result<u32> {
    let app: i64 = conn.pragma_query_value(None, "application_id", |r| r.get(0))?;
    if app as u32 != APPLICATION_ID {
        return Err(StoreError::NotACourse {
            path: path.to_owned(),
            reason: "it is a database of another application".into(),
        });
    }
    let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    let version = version as u32;
    check_version(path, version)?;
    Ok(version)
}

/// [`check_identity`], then applies any missing migrations, all in one
/// immediate transaction.
pub(crate) fn check_and_migrate(conn: &mut Connection, path: &Path) -> Result<()> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let version = check_identity(&tx, path)?;
    if version < SCHEMA_VERSION {
        for sql in &MIGRATIONS[version as usize..] {
            tx.execute_batch(sql)?;
        }
        tx.pragma_update(None, "user_version", SCHEMA_VERSION)?;
        tx.commit()?;
    }
    Ok(())
}

/// Marks a fresh, empty database as a Trellis course at the current schema.
pub(crate) fn initialise(conn: &mut Connection) -> Result<()> {
    conn.pragma_update(None, "application_id", APPLICATION_ID as i32)?;
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    for sql in MIGRATIONS {
        tx.execute_batch(sql)?;
    }
    tx.pragma_update(None, "user_version", SCHEMA_VERSION)?;
    tx.commit()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Released migrations are frozen: editing one would make files written
    /// by different builds disagree about what "version N" means.
    #[test]
    fn released_migrations_are_frozen() {
        assert_eq!(MIGRATIONS[0], include_str!("../tests/schema_v1.sql"));
        assert_eq!(MIGRATIONS[1], include_str!("../tests/schema_v2.sql"));
        assert_eq!(MIGRATIONS[2], include_str!("../tests/schema_v3.sql"));
        assert_eq!(MIGRATIONS[3], include_str!("../tests/schema_v4.sql"));
        assert_eq!(MIGRATIONS[4], include_str!("../tests/schema_v5.sql"));
        assert_eq!(MIGRATIONS[5], include_str!("../tests/schema_v6.sql"));
        assert_eq!(MIGRATIONS[6], include_str!("../tests/schema_v7.sql"));
        assert_eq!(MIGRATIONS[7], include_str!("../tests/schema_v8.sql"));
        assert_eq!(MIGRATIONS[8], include_str!("../tests/schema_v9.sql"));
    }

    #[test]
    fn application_id_spells_trls() {
        assert_eq!(APPLICATION_ID.to_be_bytes(), *b"TRLS");
        assert!(APPLICATION_ID < i32::MAX as u32, "fits PRAGMA's signed int");
    }
}
