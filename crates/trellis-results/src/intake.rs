//! Statements into the course file: checked one by one, stored in batches,
//! counted by what became of them; and the readers of exported files.

use std::io::BufRead;

use serde::Serialize;
use serde_json::Value;
use trellis_store::{CourseFile, ResultRow};

use crate::ResultsError;
use crate::statement::{CourseKey, Skip, to_row};

/// Statements stored per transaction.
pub const BATCH: usize = 2_000;
/// How many reasons for refused statements a summary keeps.
const KEPT_PROBLEMS: usize = 10;

/// What became of the statements read.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Summary {
    /// Statements read.
    pub read: u64,
    /// Stored now.
    pub added: u64,
    /// Already in the course file.
    pub already_held: u64,
    /// About another course: left out.
    pub other_course: u64,
    /// Not statements this version understands: left out.
    pub malformed: u64,
    /// The first few reasons, each with where the statement was
    /// (`line 12`, `statement 3 of page 2`).
    pub problems: Vec<String>,
}

impl Summary {
    /// The summary in the author's words, one line.
    pub fn sentence(&self) -> String {
        let mut s = format!(
            "{} statement{} read: {} new, {} already held",
            self.read,
            if self.read == 1 { "" } else { "s" },
            self.added,
            self.already_held
        );
        if self.other_course > 0 {
            s += &format!(", {} about another course left out", self.other_course);
        }
        if self.malformed > 0 {
            s += &format!(", {} damaged or unreadable left out", self.malformed);
        }
        s
    }
}

/// Collects rows and writes them to the course file in batches.
pub struct Intake<'a> {
    file: &'a mut CourseFile,
    course: CourseKey,
    origin: &'static str,
    batch: Vec<(ResultRow, String)>,
    pub summary: Summary,
    /// The newest `stored` time met (RFC 3339 text, as the store wrote it).
    pub newest_stored: Option<jiff::Timestamp>,
}

impl<'a> Intake<'a> {
    pub fn new(file: &'a mut CourseFile, origin: &'static str) -> Self {
        let course = CourseKey::of(file.course());
        Self {
            file,
            course,
            origin,
            batch: Vec::with_capacity(BATCH),
            summary: Summary::default(),
            newest_stored: None,
        }
    }

    pub fn course(&self) -> &CourseKey {
        &self.course
    }

    /// Takes one statement; `place` says where it was, for a problem.
    pub fn statement(
        &mut self,
        s: &Value,
        place: impl FnOnce() -> String,
    ) -> Result<(), ResultsError> {
        self.summary.read += 1;
        match to_row(s, &self.course, self.origin) {
            Ok(row) => {
                if let Ok(t) = row.stored.parse::<jiff::Timestamp>()
                    && self.newest_stored.is_none_or(|n| t > n)
                {
                    self.newest_stored = Some(t);
                }
                let json = serde_json::to_string(s).expect("a JSON value serialises");
                self.row(row, json)?;
            }
            Err(Skip::OtherCourse) => self.summary.other_course += 1,
            Err(Skip::Malformed(why)) => self.problem(format!("{}: {why}", place())),
        }
        Ok(())
    }

    /// Takes one row made elsewhere (an LMS export), with its source as JSON.
    pub fn row(&mut self, row: ResultRow, json: String) -> Result<(), ResultsError> {
        self.batch.push((row, json));
        if self.batch.len() >= BATCH {
            self.flush()?;
        }
        Ok(())
    }

    /// Counts a record that could not be read.
    pub fn problem(&mut self, why: String) {
        self.summary.malformed += 1;
        if self.summary.problems.len() < KEPT_PROBLEMS {
            self.summary.problems.push(why);
        }
    }

    /// Stores what is waiting.
    pub fn flush(&mut self) -> Result<(), ResultsError> {
        if self.batch.is_empty() {
            return Ok(());
        }
        let added = self.file.add_results(&self.batch)? as u64;
        self.summary.added += added;
        self.summary.already_held += self.batch.len() as u64 - added;
        self.batch.clear();
        Ok(())
    }

    /// Stores what is waiting and gives the summary.
    pub fn finish(mut self) -> Result<(Summary, Option<jiff::Timestamp>), ResultsError> {
        self.flush()?;
        Ok((self.summary, self.newest_stored))
    }
}

/// Longest line of a JSON-lines file read (a statement is a few KB).
const MAX_LINE: usize = 1 << 20;

/// Stores the statements of a JSON-lines file (one statement per line;
/// blank lines are skipped), reading one line at a time.
pub fn import_json_lines(
    file: &mut CourseFile,
    input: impl BufRead,
) -> Result<Summary, ResultsError> {
    let mut intake = Intake::new(file, "file");
    let mut input = input;
    let mut line = Vec::new();
    let mut n = 0u64;
    loop {
        line.clear();
        let read = (&mut input)
            .take(MAX_LINE as u64 + 1)
            .read_until(b'\n', &mut line)
            .map_err(ResultsError::Read)?;
        if read == 0 {
            break;
        }
        n += 1;
        if line.len() > MAX_LINE && !line.ends_with(b"\n") {
            intake.summary.read += 1;
            intake.problem(format!("line {n}: longer than 1 MB, not a statement"));
            // Skip the rest of the line.
            loop {
                line.clear();
                let r = (&mut input)
                    .take(MAX_LINE as u64)
                    .read_until(b'\n', &mut line)
                    .map_err(ResultsError::Read)?;
                if r == 0 || line.ends_with(b"\n") {
                    break;
                }
            }
            continue;
        }
        let text = String::from_utf8_lossy(&line);
        let text = text.trim();
        if text.is_empty() {
            continue;
        }
        match serde_json::from_str::<Value>(text) {
            Ok(v) => intake.statement(&v, || format!("line {n}"))?,
            Err(e) => {
                intake.summary.read += 1;
                intake.problem(format!("line {n}: not JSON ({e})"));
            }
        }
    }
    Ok(intake.finish()?.0)
}

use std::io::Read as _;
