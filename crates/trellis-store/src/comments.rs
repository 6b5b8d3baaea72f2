//! Review comments in the course file (`comments`, schema 2).
//!
//! Comments are kept beside the course: writing one is its own small
//! transaction, never an [`Edit`](trellis_model::Edit), so undo and redo pass
//! them by and the in-memory [`Course`](trellis_model::Course) never changes.

use std::sync::atomic::{AtomicU64, Ordering};

use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};
use trellis_model::{Comment, CommentId, timestamp_sort_key};

use crate::CourseFile;
use crate::error::{Result, StoreError};

/// Comment revisions are drawn from one counter for the whole process, so
/// a number never stands for two states, even of two files.
static REVISIONS: AtomicU64 = AtomicU64::new(1);

pub(crate) fn next_revision() -> u64 {
    REVISIONS.fetch_add(1, Ordering::Relaxed)
}

fn decode(id: &str, text: &str) -> Result<Comment> {
    let comment: Comment = serde_json::from_str(text)
        .map_err(|e| StoreError::Corrupt(format!("comment `{id}`: {e}")))?;
    if comment.id.as_str() != id {
        return Err(StoreError::Corrupt(format!(
            "the row of comment `{id}` holds comment `{}`",
            comment.id
        )));
    }
    Ok(comment)
}

/// Inserts each comment whose id is not stored yet; returns how many were.
/// The caller has validated them and owns the transaction.
pub(crate) fn insert_new(conn: &Connection, comments: &[Comment]) -> Result<usize> {
    let mut stmt = conn.prepare_cached(
        "INSERT INTO comments (id, sort_key, comment) VALUES (?1, ?2, ?3)
         ON CONFLICT (id) DO NOTHING",
    )?;
    let mut added = 0;
    for comment in comments {
        added += stmt.execute(params![
            comment.id.as_str(),
            timestamp_sort_key(&comment.created),
            serde_json::to_string(comment)?
        ])?;
    }
    Ok(added)
}

/// The comments logged with edit `seq` (an import's), taken out of the
/// comments as they stand now and kept in the log entry; whether it had any.
pub(crate) fn take_logged(conn: &Connection, seq: i64) -> Result<bool> {
    let Some(logged) = logged(conn, seq)? else {
        return Ok(false);
    };
    let mut now = Vec::with_capacity(logged.len());
    for comment in logged {
        let stored: Option<String> = conn
            .prepare_cached("SELECT comment FROM comments WHERE id = ?1")?
            .query_row([comment.id.as_str()], |r| r.get(0))
            .optional()?;
        match stored {
            Some(text) => now.push(decode(comment.id.as_str(), &text)?),
            None => now.push(comment),
        }
    }
    let mut delete = conn.prepare_cached("DELETE FROM comments WHERE id = ?1")?;
    for comment in &now {
        delete.execute([comment.id.as_str()])?;
    }
    conn.prepare_cached("UPDATE edit_log SET comments = ?2 WHERE seq = ?1")?
        .execute(params![seq, serde_json::to_string(&now)?])?;
    Ok(true)
}

/// Puts the comments logged with edit `seq` back; whether it had any.
pub(crate) fn restore_logged(conn: &Connection, seq: i64) -> Result<bool> {
    let Some(logged) = logged(conn, seq)? else {
        return Ok(false);
    };
    insert_new(conn, &logged)?;
    Ok(true)
}

fn logged(conn: &Connection, seq: i64) -> Result<Option<Vec<Comment>>> {
    let text: Option<String> = conn
        .prepare_cached("SELECT comments FROM edit_log WHERE seq = ?1")?
        .query_row([seq], |r| r.get(0))?;
    text.map(|t| {
        serde_json::from_str(&t)
            .map_err(|e| StoreError::Corrupt(format!("the comments of edit {seq}: {e}")))
    })
    .transpose()
}

impl CourseFile {
    /// A number that changes whenever this file's comments change (through
    /// this `CourseFile`), and differs between files opened in one process:
    /// a cache of the comments is current while it is the same.
    pub fn comments_revision(&self) -> u64 {
        self.comments_revision
    }

    /// Every review comment, oldest first (by creation time, then id).
    pub fn comments(&self) -> Result<Vec<Comment>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT id, comment FROM comments ORDER BY sort_key, id")?;
        let mut rows = stmt.query([])?;
        let mut comments = Vec::new();
        while let Some(row) = rows.next()? {
            let id: String = row.get(0)?;
            let text: String = row.get(1)?;
            comments.push(decode(&id, &text)?);
        }
        Ok(comments)
    }

    /// The comment with id `id`, if the course has one.
    pub fn comment(&self, id: &CommentId) -> Result<Option<Comment>> {
        let text: Option<String> = self
            .conn
            .prepare_cached("SELECT comment FROM comments WHERE id = ?1")?
            .query_row([id.as_str()], |r| r.get(0))
            .optional()?;
        text.map(|t| decode(id.as_str(), &t)).transpose()
    }

    /// Adds review comments in one transaction and returns how many were
    /// new. Every comment is validated before anything is written, so one
    /// bad comment adds none. A comment whose id the course already holds is
    /// skipped (as is the second of two with one id): importing the same
    /// review file again adds nothing and leaves replies and status alone.
    pub fn add_comments(&mut self, comments: &[Comment]) -> Result<usize> {
        self.writable()?;
        for comment in comments {
            comment.validate()?;
        }
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let added = insert_new(&tx, comments)?;
        tx.commit()?;
        if added > 0 {
            self.comments_revision = next_revision();
        }
        Ok(added)
    }

    /// Replaces a stored comment with `comment` (the same id): a reply
    /// added, resolved, reopened. The comment must exist and be valid.
    pub fn update_comment(&mut self, comment: &Comment) -> Result<()> {
        self.writable()?;
        comment.validate()?;
        let changed = self
            .conn
            .prepare_cached("UPDATE comments SET sort_key = ?2, comment = ?3 WHERE id = ?1")?
            .execute(params![
                comment.id.as_str(),
                timestamp_sort_key(&comment.created),
                serde_json::to_string(comment)?
            ])?;
        if changed == 0 {
            return Err(StoreError::CommentNotFound(comment.id.to_string()));
        }
        self.comments_revision = next_revision();
        Ok(())
    }
}
