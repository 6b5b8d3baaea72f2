//! Learner results in the course file (`results`, `results_pulls`, schema 8).
//!
//! Statements read back from a learning record store or an export are kept
//! beside the course, like comments: writing them is its own transaction,
//! never an [`Edit`](trellis_model::Edit), so undo and redo pass them by and
//! the in-memory course never changes. Each statement is stored once, by its
//! id, however often it is read.

use rusqlite::{OptionalExtension, TransactionBehavior, params};

use crate::CourseFile;
use crate::error::Result;

/// One statement as the results table keeps it (see `migrations/v5.sql`).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ResultRow {
    pub statement_id: String,
    pub course_id: String,
    /// `context.revision`, '' when the statement has none.
    pub course_version: String,
    /// The verb's IRI.
    pub verb: String,
    /// The object's id.
    pub activity: String,
    /// A key of the actor (not shown to anyone).
    pub learner: String,
    /// '' when the statement has none.
    pub registration: String,
    pub success: Option<bool>,
    /// `result.score.scaled`.
    pub score: Option<f64>,
    pub duration_ms: Option<i64>,
    pub response: Option<String>,
    pub timestamp: String,
    /// '' when unknown.
    pub stored: String,
    /// `lrs`, `file` or `csv`.
    pub origin: String,
}

/// Where the last pull from one record store ended.
#[derive(Debug, Clone, PartialEq)]
pub struct PullMarker {
    pub lrs: String,
    /// The newest `stored` time met.
    pub last_stored: String,
    pub pulled_at: String,
}

impl CourseFile {
    /// Stores each statement whose id is not stored yet, all in one
    /// transaction; returns how many were new. `rows` pairs each row with
    /// the statement's JSON.
    pub fn add_results(&mut self, rows: &[(ResultRow, String)]) -> Result<usize> {
        self.results_writable()?;
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let mut added = 0;
        {
            let mut stmt = tx.prepare_cached(
                "INSERT INTO results (statement_id, course_id, course_version, verb, activity,
                     learner, registration, success, score, duration_ms, response, timestamp,
                     stored, origin, statement)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)
                 ON CONFLICT (statement_id) DO NOTHING",
            )?;
            for (r, json) in rows {
                added += stmt.execute(params![
                    r.statement_id,
                    r.course_id,
                    r.course_version,
                    r.verb,
                    r.activity,
                    r.learner,
                    r.registration,
                    r.success,
                    r.score,
                    r.duration_ms,
                    r.response,
                    r.timestamp,
                    r.stored,
                    r.origin,
                    json
                ])?;
            }
        }
        tx.commit()?;
        Ok(added)
    }

    /// How many statements the file holds.
    pub fn results_count(&self) -> Result<u64> {
        let n: i64 = self
            .conn
            .query_row("SELECT count(*) FROM results", [], |r| r.get(0))?;
        Ok(n as u64)
    }

    /// Calls `each` with every stored statement (without its JSON), in the
    /// order of their timestamps, one row in memory at a time.
    pub fn for_each_result(&self, mut each: impl FnMut(ResultRow)) -> Result<()> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT statement_id, course_id, course_version, verb, activity, learner,
                 registration, success, score, duration_ms, response, timestamp, stored, origin
             FROM results ORDER BY timestamp, statement_id",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            each(ResultRow {
                statement_id: r.get(0)?,
                course_id: r.get(1)?,
                course_version: r.get(2)?,
                verb: r.get(3)?,
                activity: r.get(4)?,
                learner: r.get(5)?,
                registration: r.get(6)?,
                success: r.get(7)?,
                score: r.get(8)?,
                duration_ms: r.get(9)?,
                response: r.get(10)?,
                timestamp: r.get(11)?,
                stored: r.get(12)?,
                origin: r.get(13)?,
            });
        }
        Ok(())
    }

    /// The JSON of one stored statement.
    pub fn result_statement(&self, statement_id: &str) -> Result<Option<String>> {
        Ok(self
            .conn
            .query_row(
                "SELECT statement FROM results WHERE statement_id = ?1",
                [statement_id],
                |r| r.get(0),
            )
            .optional()?)
    }

    /// Where the last pull from the record store `lrs` ended.
    pub fn results_pull_marker(&self, lrs: &str) -> Result<Option<PullMarker>> {
        Ok(self
            .conn
            .query_row(
                "SELECT lrs, last_stored, pulled_at FROM results_pulls WHERE lrs = ?1",
                [lrs],
                |r| {
                    Ok(PullMarker {
                        lrs: r.get(0)?,
                        last_stored: r.get(1)?,
                        pulled_at: r.get(2)?,
                    })
                },
            )
            .optional()?)
    }

    /// Where the last pull from each record store ended, the latest first.
    pub fn results_pull_markers(&self) -> Result<Vec<PullMarker>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT lrs, last_stored, pulled_at FROM results_pulls ORDER BY pulled_at DESC, lrs",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(PullMarker {
                lrs: r.get(0)?,
                last_stored: r.get(1)?,
                pulled_at: r.get(2)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Records where a pull from `marker.lrs` ended.
    pub fn set_results_pull_marker(&mut self, marker: &PullMarker) -> Result<()> {
        self.results_writable()?;
        self.conn.execute(
            "INSERT INTO results_pulls (lrs, last_stored, pulled_at) VALUES (?1, ?2, ?3)
             ON CONFLICT (lrs) DO UPDATE SET last_stored = ?2, pulled_at = ?3",
            params![marker.lrs, marker.last_stored, marker.pulled_at],
        )?;
        Ok(())
    }
}
