//! The `.trellis` course file: one SQLite database holding one whole course,
//! its assets and its undo history.
//!
//! This crate owns the file format and everything about keeping it safe:
//! identifying a course file (and refusing anything else without touching
//! it), schema versions and append-only migrations, writing each [`Edit`] as
//! one durable transaction (WAL, `synchronous=FULL`) that rewrites only the
//! rows the edit touched, a persistent edit log that gives undo and redo
//! across closing and reopening, content-addressed asset blobs stored once per
//! SHA-256, and one editor at a time (a lock on a side file, see
//! `EditorLock`) so that two windows or processes never edit the same
//! file, while learners' results may be stored alongside
//! ([`CourseFile::open_for_results`]). [`CourseFile`] is the whole API.
//!
//! # Layout
//!
//! One `course` row (id, info, objectives, module order), one row per module
//! (title, lesson order), lesson (module, settings, block order) and block
//! (lesson, slot, content), all as JSON of the model types. A parent's row
//! holds the order of its children, so a move rewrites O(1) rows. `assets`
//! maps names to hashes; `blobs` holds bytes by hash. `edit_log` holds each
//! edit with its inverse and an `undone` flag; it keeps the last
//! [`UNDO_LIMIT`] entries. `comments` (schema 2) holds review comments as
//! JSON, keyed by comment id: they are not edits, never enter the undo log
//! and never change the course. `translation_languages` and `translations`
//! (schema 4) hold the target languages and translated text per unit, kept
//! beside the course the same way. The one exception: the comments an
//! import brings in with its edit ([`CourseFile::apply_import`]) are kept
//! in that edit's log entry too (schema 5), so its undo takes them out.
//! Each `edit_log` entry also carries the undo menu's name for its change
//! (`label`, schema 6), so the names survive closing the file.
//! `results` (schema 8) holds learner
//! statements read back from a record store or an export, one row per
//! statement id, and `results_pulls` where each store's last pull ended;
//! also beside the course, outside the undo log. `source_units` (schema 9)
//! holds the source hash of every translatable text, rewritten with the row
//! of the part that holds the text, so that a translation's status is read
//! without loading the course ([`TranslationStatus`]).

mod comments;
mod error;
pub mod older;
mod results;
mod rows;
mod schema;
mod source_units;
mod translations;

use std::fs::{File, OpenOptions};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

use rusqlite::{Connection, ErrorCode, OpenFlags, OptionalExtension, TransactionBehavior, params};
use trellis_model::{Applied, AssetInfo, Comment, Course, Edit, Touched, Translation};

pub use error::{Result, StoreError};
pub use results::{PullMarker, ResultRow};
pub use schema::{APPLICATION_ID, MIGRATIONS, SCHEMA_VERSION};
pub use source_units::TranslationStatus;

/// How many edits the undo history keeps. Older entries are dropped as new
/// edits arrive; ten thousand is far more than anyone undoes, while keeping
/// the log (which holds whole deleted modules in its inverses) bounded.
pub const UNDO_LIMIT: i64 = 10_000;

/// Unreferenced blobs (of assets removed or replaced, whose edits left the
/// history) are collected once every this many edits, once the history is full.
const BLOB_GC_INTERVAL: i64 = 1_000;

/// An open course file. It is the file's only editor until dropped (a
/// results pull may still store statements meanwhile, see
/// [`CourseFile::open_for_results`]), and keeps the course in memory: [`CourseFile::course`] is always what the file
/// holds.
pub struct CourseFile {
    conn: Connection,
    path: PathBuf,
    course: Course,
    /// The newest edit that is not undone: what `undo` undoes.
    undo_seq: Option<i64>,
    /// The oldest undone edit: what `redo` redoes.
    redo_seq: Option<i64>,
    /// See [`CourseFile::comments_revision`].
    comments_revision: u64,
    /// The rows the last successful apply, undo or redo touched.
    last_touched: Touched,
    /// The run of edits the newest undo entry stands for, while it can grow.
    run: Option<EditRun>,
    /// Opened with [`CourseFile::open_read_only`]: every write is refused.
    read_only: bool,
    /// Set by [`CourseFile::open_upgrading_on_first_change`] for a file
    /// from an older Trellis: its schema version.
    pending_upgrade: Option<u32>,
    /// Opened with [`CourseFile::open_for_results`]: only results may be
    /// written.
    results_only: bool,
    /// The editor's hold on the file (see [`EditorLock`]); declared last so
    /// the connection closes (and SQLite tidies its side files) first.
    hold: Option<EditorLock>,
}

/// See [`CourseFile::apply_in_run`].
struct EditRun {
    key: String,
    seq: i64,
    last: Edit,
}

impl std::fmt::Debug for CourseFile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CourseFile")
            .field("path", &self.path)
            .field("course", &self.course.id)
            .field("undo_seq", &self.undo_seq)
            .field("redo_seq", &self.redo_seq)
            .finish_non_exhaustive()
    }
}

fn is_busy(err: &rusqlite::Error) -> bool {
    matches!(
        err.sqlite_error_code(),
        Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked)
    )
}

impl CourseFile {
    /// Writes `course` and the bytes of its assets to a new file at `path`
    /// and opens it.
    ///
    /// Each `(info, bytes)` of `assets` must match in size and SHA-256; its
    /// `info` is added to the course's asset list (replacing one of the same
    /// name). Every asset of the resulting list must have its bytes given.
    /// Identical bytes are stored once. The file is built under a temporary
    /// name in the same directory and moved into place when complete; an
    /// existing file at `path` is never overwritten.
    pub fn create(
        path: impl AsRef<Path>,
        course: &Course,
        assets: impl IntoIterator<Item = (AssetInfo, Vec<u8>)>,
    ) -> Result<Self> {
        Self::create_with_comments(path, course, assets, &[])
    }

    /// [`CourseFile::create`] with review comments written in the same
    /// build, so the file appears with all of them or not at all. Every
    /// comment is validated first; of two comments with one id the first is
    /// kept.
    pub fn create_with_comments(
        path: impl AsRef<Path>,
        course: &Course,
        assets: impl IntoIterator<Item = (AssetInfo, Vec<u8>)>,
        comments: &[Comment],
    ) -> Result<Self> {
        Self::create_with_translations(path, course, assets, comments, &[])
    }

    /// [`CourseFile::create_with_comments`] with translations written in
    /// the same build. Every language must be a language tag other than
    /// the course's own.
    pub fn create_with_translations(
        path: impl AsRef<Path>,
        course: &Course,
        assets: impl IntoIterator<Item = (AssetInfo, Vec<u8>)>,
        comments: &[Comment],
        translations: &[Translation],
    ) -> Result<Self> {
        let path = path.as_ref();
        for comment in comments {
            comment.validate()?;
        }
        translations::validate_all(&course.info.language, translations)?;
        if path.symlink_metadata().is_ok() {
            return Err(StoreError::AlreadyExists {
                path: path.to_owned(),
            });
        }
        let mut course = course.clone();
        check_unique_ids(&course)?;
        course.assets.sort();
        course.assets.dedup_by(|a, b| a.name == b.name);
        let mut blobs: Vec<(String, Vec<u8>)> = Vec::new();
        for (info, bytes) in assets {
            trellis_assets::validate_name(&info.name)?;
            if bytes.len() as u64 != info.size || trellis_assets::sha256_hex(&bytes) != info.sha256
            {
                return Err(StoreError::AssetMismatch { name: info.name });
            }
            if !blobs.iter().any(|(sha, _)| *sha == info.sha256) {
                blobs.push((info.sha256.clone(), bytes));
            }
            match course.assets.binary_search_by(|a| a.name.cmp(&info.name)) {
                Ok(i) => course.assets[i] = info,
                Err(i) => course.assets.insert(i, info),
            }
        }
        if let Some(a) = course
            .assets
            .iter()
            .find(|a| !blobs.iter().any(|(sha, _)| *sha == a.sha256))
        {
            return Err(StoreError::MissingBlob {
                name: a.name.clone(),
                sha256: a.sha256.clone(),
            });
        }

        let temp = TempFile::new(path)?;
        {
            let mut conn = Connection::open_with_flags(
                &temp.path,
                OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
            )?;
            // The file only gets its real name once complete, so building it
            // needs no journal; durability comes from the sync below.
            pragma_text(&conn, "PRAGMA journal_mode = OFF")?;
            conn.execute_batch("PRAGMA synchronous = OFF")?;
            schema::initialise(&mut conn)?;
            let tx = conn.transaction()?;
            for (sha, bytes) in &blobs {
                rows::put_blob(&tx, sha, bytes)?;
            }
            rows::insert_all(&tx, &course)?;
            comments::insert_new(&tx, comments)?;
            for t in translations {
                translations::replace(&tx, t)?;
            }
            tx.commit()?;
            pragma_text(&conn, "PRAGMA journal_mode = WAL")?;
            conn.close().map_err(|(_, e)| e)?;
        }
        File::open(&temp.path)
            .and_then(|f| f.sync_all())
            .map_err(|e| StoreError::io(&temp.path, e))?;
        temp.persist_as(path)?;
        Self::open(path)
    }

    /// Opens an existing course file for editing, upgrading its schema if it
    /// was written by an older Trellis (an older Trellis then no longer
    /// opens it: callers say so first, see [`CourseFile::upgrade_needed`]).
    ///
    /// A file that is not a Trellis course, or one from a newer Trellis, is
    /// refused before SQLite opens it, and is left byte-for-byte unchanged.
    /// A file open elsewhere gives [`StoreError::Locked`]; one SQLite cannot
    /// read gives [`StoreError::Damaged`].
    pub fn open(path: impl AsRef<Path>) -> Result<Self> {
        let path = path.as_ref();
        Self::open_for_editing(path).map_err(|e| e.in_authors_words(path))
    }

    fn open_for_editing(path: &Path) -> Result<Self> {
        schema::check_header(path)?;
        let (mut conn, hold) = open_exclusive(path)?;
        let locked = |e| locked_or(path, e);
        let mode = pragma_text(&conn, "PRAGMA journal_mode = WAL").map_err(locked)?;
        if !mode.eq_ignore_ascii_case("wal") {
            return Err(StoreError::Corrupt(format!(
                "could not switch to write-ahead logging (journal mode is {mode})"
            )));
        }
        // FULL: every commit is on disk before `apply` returns. The WAL is
        // truncated back to a few MiB after a checkpoint.
        conn.execute_batch("PRAGMA synchronous = FULL; PRAGMA journal_size_limit = 4194304")
            .map_err(locked)?;
        match schema::check_and_migrate(&mut conn, path) {
            Err(StoreError::Sqlite(e)) => return Err(locked(e)),
            other => other?,
        }
        let mut file = Self::load(conn, path, false)?;
        file.hold = Some(hold);
        Ok(file)
    }

    /// Opens a current course file to store learners' results in it
    /// ([`CourseFile::add_results`], [`CourseFile::set_results_pull_marker`])
    /// while a Trellis window may be editing it: the course is read as
    /// last saved, and every other write is refused with
    /// [`StoreError::ReadOnly`]. This handle does not hold the file, so
    /// SQLite arbitrates: each write is one short immediate transaction
    /// that waits (up to a few seconds) for the editor's commit in
    /// progress, and the editor's edits wait for it the same way; neither
    /// is lost. A file from an older Trellis is refused: it is upgraded by
    /// opening it for editing.
    pub fn open_for_results(path: impl AsRef<Path>) -> Result<Self> {
        let path = path.as_ref();
        Self::open_results_writer(path).map_err(|e| e.in_authors_words(path))
    }

    /// [`CourseFile::open_for_results`] of the file this handle has open,
    /// for another thread of the same process: the file is not opened
    /// outside SQLite to check its header (this handle did that), because
    /// closing such a descriptor would drop this process's SQLite locks on
    /// the file (POSIX advisory locks belong to the process).
    pub fn open_results_beside(&self) -> Result<Self> {
        if self.read_only || self.pending_upgrade.is_some() {
            return Err(StoreError::ReadOnly {
                path: self.path.clone(),
            });
        }
        Self::open_results_connection(&self.path).map_err(|e| e.in_authors_words(&self.path))
    }

    fn open_results_writer(path: &Path) -> Result<Self> {
        let version = schema::check_header(path)?;
        if version < SCHEMA_VERSION {
            return Err(StoreError::Locked {
                path: path.to_owned(),
            });
        }
        Self::open_results_connection(path)
    }

    fn open_results_connection(path: &Path) -> Result<Self> {
        let conn = open_shared(path)?;
        let locked = |e| locked_or(path, e);
        let mode = pragma_text(&conn, "PRAGMA journal_mode").map_err(locked)?;
        if !mode.eq_ignore_ascii_case("wal") {
            // Only a file no Trellis has open can be out of WAL mode.
            let mode = pragma_text(&conn, "PRAGMA journal_mode = WAL").map_err(locked)?;
            if !mode.eq_ignore_ascii_case("wal") {
                return Err(StoreError::Corrupt(format!(
                    "could not switch to write-ahead logging (journal mode is {mode})"
                )));
            }
        }
        conn.execute_batch("PRAGMA synchronous = FULL; PRAGMA journal_size_limit = 4194304")
            .map_err(locked)?;
        let version = schema::check_identity(&conn, path).map_err(|e| match e {
            StoreError::Sqlite(e) => locked_or(path, e),
            other => other,
        })?;
        if version != SCHEMA_VERSION {
            return Err(StoreError::Locked {
                path: path.to_owned(),
            });
        }
        let mut file = Self::load(conn, path, false)?;
        file.results_only = true;
        Ok(file)
    }

    /// Opens a course file to read it (`info`, `check`, `publish`, listing
    /// comments...): nothing is ever written to it. SQLite opens it
    /// read-only, its journal mode stays as it is, and a file from an older
    /// Trellis is not upgraded: it is copied into memory and upgraded
    /// there, so it reads as it would after an upgrade while the file stays
    /// as the older Trellis wrote it. Every write through the result is
    /// refused with [`StoreError::ReadOnly`].
    ///
    /// One exception: when side files show that a save was interrupted
    /// (`-wal` or `-journal` beside the file, left by a crash or held by a
    /// Trellis that has the course open), the file is opened as
    /// [`CourseFile::open`] opens it, but neither upgraded nor switched to
    /// another journal mode, so that SQLite finishes the interrupted save
    /// (or says the file is in use) instead of reading an older state.
    pub fn open_read_only(path: impl AsRef<Path>) -> Result<Self> {
        let path = path.as_ref();
        Self::open_for_reading(path).map_err(|e| e.in_authors_words(path))
    }

    fn open_for_reading(path: &Path) -> Result<Self> {
        let (conn, hold, version) = Self::reading_connection(path)?;
        if version == SCHEMA_VERSION {
            let mut file = Self::load(conn, path, true)?;
            file.hold = hold;
            return Ok(file);
        }
        // An older file: upgrade a copy in memory, never the file.
        let mut memory = Connection::open_in_memory()?;
        let copied = rusqlite::backup::Backup::new(&conn, &mut memory)?.step(-1)?;
        if !matches!(copied, rusqlite::backup::StepResult::Done) {
            return Err(StoreError::Locked {
                path: path.to_owned(),
            });
        }
        drop(conn);
        schema::check_and_migrate(&mut memory, path)?;
        Self::load(memory, path, true)
    }

    /// The connection [`CourseFile::open_read_only`] reads through, the
    /// editor's lock when it had to take one, and the file's schema
    /// version. Nothing is written and the file is not upgraded.
    pub(crate) fn reading_connection(path: &Path) -> Result<(Connection, Option<EditorLock>, u32)> {
        schema::check_header(path)?;
        let unfinished = ["-wal", "-journal"]
            .iter()
            .any(|suffix| side_file(path, suffix).symlink_metadata().is_ok());
        let mut hold = None;
        let conn = if unfinished {
            let (conn, held) = open_exclusive(path)?;
            hold = Some(held);
            conn
        } else {
            // `immutable`: SQLite takes no lock and creates no side file
            // (a read-only open of a WAL file would otherwise create and
            // leave `-wal` and `-shm` files). No side file exists, so no
            // Trellis has the file open and none of its saves is pending.
            Connection::open_with_flags(
                sqlite_uri(path, "mode=ro&immutable=1"),
                OpenFlags::SQLITE_OPEN_READ_ONLY
                    | OpenFlags::SQLITE_OPEN_URI
                    | OpenFlags::SQLITE_OPEN_NO_MUTEX,
            )?
        };
        conn.set_prepared_statement_cache_capacity(32);
        let version = schema::check_identity(&conn, path).map_err(|e| match e {
            StoreError::Sqlite(e) => locked_or(path, e),
            other => other,
        })?;
        Ok((conn, hold, version))
    }

    /// Opens a course file to edit it, but leaves a file from an older
    /// Trellis as it is until the first change: such a file is opened as
    /// [`CourseFile::open_read_only`] opens it, and
    /// [`CourseFile::upgrade_pending`] gives its version so the caller can
    /// tell the author before [`CourseFile::upgrade`] (which the caller
    /// runs before its first write) updates the file. A current file is
    /// opened as [`CourseFile::open`] opens it.
    pub fn open_upgrading_on_first_change(path: impl AsRef<Path>) -> Result<Self> {
        let path = path.as_ref();
        match Self::upgrade_needed(path) {
            Ok(Some(version)) => {
                let mut file = Self::open_read_only(path)?;
                file.pending_upgrade = Some(version);
                Ok(file)
            }
            _ => Self::open(path),
        }
    }

    /// The schema version of a file opened with
    /// [`CourseFile::open_upgrading_on_first_change`] that is still waiting
    /// for its upgrade; `None` once it is current.
    pub fn upgrade_pending(&self) -> Option<u32> {
        self.pending_upgrade
    }

    /// Upgrades a file waiting for it (see
    /// [`CourseFile::open_upgrading_on_first_change`]) and opens it for
    /// editing; does nothing to a current one. On failure (another Trellis
    /// has the file open, the folder is read-only) this handle still reads
    /// the file as before.
    pub fn upgrade(&mut self) -> Result<()> {
        if self.pending_upgrade.is_none() {
            return Ok(());
        }
        *self = Self::open(&self.path)?;
        Ok(())
    }

    /// The schema version of the file at `path` when it is older than this
    /// Trellis writes, so that [`CourseFile::open`] would upgrade it; `None`
    /// when it is current. Reads only the file's header. Callers that edit
    /// say so before opening: an older Trellis cannot open an upgraded file.
    pub fn upgrade_needed(path: impl AsRef<Path>) -> Result<Option<u32>> {
        let version = schema::check_header(path.as_ref())?;
        Ok((version < SCHEMA_VERSION).then_some(version))
    }

    fn load(conn: Connection, path: &Path, read_only: bool) -> Result<Self> {
        let course = rows::load_course(&conn)?;
        let (undo_seq, redo_seq) = log_state(&conn)?;
        Ok(Self {
            conn,
            path: path.to_owned(),
            course,
            undo_seq,
            redo_seq,
            last_touched: Touched::default(),
            run: None,
            comments_revision: comments::next_revision(),
            read_only,
            pending_upgrade: None,
            results_only: false,
            hold: None,
        })
    }

    /// Refuses a write through a file opened with [`CourseFile::open_read_only`]
    /// or [`CourseFile::open_for_results`].
    fn writable(&self) -> Result<()> {
        if self.read_only || self.results_only {
            return Err(StoreError::ReadOnly {
                path: self.path.clone(),
            });
        }
        Ok(())
    }

    /// Refuses a results write through a file opened with
    /// [`CourseFile::open_read_only`].
    fn results_writable(&self) -> Result<()> {
        if self.read_only {
            return Err(StoreError::ReadOnly {
                path: self.path.clone(),
            });
        }
        Ok(())
    }

    /// Where the file is.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The course as the file holds it.
    pub fn course(&self) -> &Course {
        &self.course
    }

    /// Applies `edit` and commits it, with its undo entry, in one durable
    /// transaction. Any redo history is dropped. An edit that does not apply
    /// gives [`StoreError::Edit`]; on any error the course (in memory and on
    /// disk) is unchanged.
    pub fn apply(&mut self, edit: Edit) -> Result<()> {
        self.apply_with_blob(edit, None, None)
    }

    /// [`apply`](CourseFile::apply) with the name the undo menu gives the
    /// change (e.g. "Delete block"), kept in the log beside it: see
    /// [`undo_label`](CourseFile::undo_label).
    pub fn apply_labelled(&mut self, edit: Edit, label: &str) -> Result<()> {
        self.apply_with_blob(edit, None, Some(label))
    }

    /// Applies `edit` (what an import adds to the course) with the bytes of
    /// the assets it adds and the review comments that came with it, in one
    /// transaction and as one undo step named `label` in the undo menu: undo
    /// takes the comments out again
    /// (as they stand then, replies included) and redo puts them back.
    /// Each `(info, bytes)` must match in size and SHA-256; every comment
    /// must be valid and its id new to the file. On any error nothing is
    /// written and the course is unchanged.
    pub fn apply_import(
        &mut self,
        edit: Edit,
        assets: &[(AssetInfo, Vec<u8>)],
        comments: &[Comment],
        label: &str,
    ) -> Result<()> {
        self.writable()?;
        for (info, bytes) in assets {
            trellis_assets::validate_name(&info.name)?;
            if bytes.len() as u64 != info.size || trellis_assets::sha256_hex(bytes) != info.sha256 {
                return Err(StoreError::AssetMismatch {
                    name: info.name.clone(),
                });
            }
        }
        for comment in comments {
            comment.validate()?;
            if self.comment(&comment.id)?.is_some() {
                return Err(StoreError::CommentExists(comment.id.to_string()));
            }
        }
        let blobs: Vec<(&str, &[u8])> = assets
            .iter()
            .map(|(info, bytes)| (info.sha256.as_str(), bytes.as_slice()))
            .collect();
        self.apply_logged(edit, &blobs, comments, Some(label))?;
        if !comments.is_empty() {
            self.comments_revision = comments::next_revision();
        }
        Ok(())
    }

    /// Applies `edit` as part of the run of edits named `run` (one text
    /// field being typed in, say): when the newest undo entry was made by the
    /// same run, nothing came after it, and `edit` sets the same thing
    /// ([`Edit::supersedes`]), that entry is rewritten to hold `edit` and
    /// keeps its inverse, so one undo undoes the whole run. Otherwise this is
    /// [`apply`](CourseFile::apply). Returns whether the edit joined the
    /// newest entry. The caller ends a run by changing its key (on a pause,
    /// or when another field takes the focus); closing the file ends it too.
    pub fn apply_in_run(&mut self, edit: Edit, run: &str) -> Result<bool> {
        self.apply_in_run_labelled(edit, run, None)
    }

    /// [`apply_in_run`](CourseFile::apply_in_run) with the undo menu's name
    /// for the change, kept when the edit starts a new entry (an edit that
    /// joins the run's entry leaves its name as it is).
    pub fn apply_in_run_labelled(
        &mut self,
        edit: Edit,
        run: &str,
        label: Option<&str>,
    ) -> Result<bool> {
        self.writable()?;
        let joins = self.run.as_ref().is_some_and(|r| {
            r.key == run
                && Some(r.seq) == self.undo_seq
                && self.redo_seq.is_none()
                && edit.supersedes(&r.last)
        });
        if !joins {
            self.apply_with_blob(edit.clone(), None, label)?;
            if let Some(seq) = self.undo_seq {
                self.run = Some(EditRun {
                    key: run.to_owned(),
                    seq,
                    last: edit,
                });
            }
            return Ok(false);
        }
        let applied = trellis_model::apply(&mut self.course, &edit)?;
        let seq = self.undo_seq.expect("a run's entry is the newest");
        let result = (|| {
            let tx = self
                .conn
                .transaction_with_behavior(TransactionBehavior::Immediate)?;
            rows::write_touched(&tx, &self.course, &applied.touched)?;
            tx.prepare_cached("UPDATE edit_log SET edit = ?2 WHERE seq = ?1")?
                .execute(params![seq, serde_json::to_string(&edit)?])?;
            tx.commit()?;
            Ok(())
        })();
        match result {
            Ok(()) => {
                self.last_touched = applied.touched;
                if let Some(r) = &mut self.run {
                    r.last = edit;
                }
                Ok(true)
            }
            Err(e) => Err(self.roll_back(&applied, e)),
        }
    }

    fn apply_with_blob(
        &mut self,
        edit: Edit,
        blob: Option<(&str, &[u8])>,
        label: Option<&str>,
    ) -> Result<()> {
        self.apply_logged(edit, blob.as_slice(), &[], label)
    }

    /// Applies `edit` with `blobs` stored and `comments` added, logging the
    /// comments and the undo menu's `label` with the edit.
    fn apply_logged(
        &mut self,
        edit: Edit,
        blobs: &[(&str, &[u8])],
        comments: &[Comment],
        label: Option<&str>,
    ) -> Result<()> {
        self.writable()?;
        self.run = None;
        let applied = trellis_model::apply(&mut self.course, &edit)?;
        let seq = self.undo_seq.map_or(1, |s| s + 1);
        let result = (|| {
            let tx = self
                .conn
                .transaction_with_behavior(TransactionBehavior::Immediate)?;
            if let Some(redo) = self.redo_seq {
                tx.prepare_cached("DELETE FROM edit_log WHERE seq >= ?1")?
                    .execute([redo])?;
            }
            for (sha, bytes) in blobs {
                rows::put_blob(&tx, sha, bytes)?;
            }
            rows::write_touched(&tx, &self.course, &applied.touched)?;
            let logged = if comments.is_empty() {
                None
            } else {
                comments::insert_new(&tx, comments)?;
                Some(serde_json::to_string(comments)?)
            };
            tx.prepare_cached(
                "INSERT INTO edit_log (seq, undone, edit, inverse, comments, label) \
                 VALUES (?1, 0, ?2, ?3, ?4, ?5)",
            )?
            .execute(params![
                seq,
                serde_json::to_string(&edit)?,
                serde_json::to_string(&applied.inverse)?,
                logged,
                label
            ])?;
            if seq > UNDO_LIMIT {
                tx.prepare_cached("DELETE FROM edit_log WHERE seq <= ?1")?
                    .execute([seq - UNDO_LIMIT])?;
                if seq % BLOB_GC_INTERVAL == 0 {
                    collect_blobs(&tx)?;
                }
            }
            tx.commit()?;
            Ok(())
        })();
        match result {
            Ok(()) => {
                self.undo_seq = Some(seq);
                self.redo_seq = None;
                self.last_touched = applied.touched;
                Ok(())
            }
            Err(e) => Err(self.roll_back(&applied, e)),
        }
    }

    /// Undoes the newest edit not yet undone; `false` when there is none.
    pub fn undo(&mut self) -> Result<bool> {
        self.writable()?;
        self.run = None;
        let Some(seq) = self.undo_seq else {
            return Ok(false);
        };
        let inverse = self.logged_edit(seq, "inverse")?;
        let applied = trellis_model::apply(&mut self.course, &inverse).map_err(|e| {
            StoreError::Corrupt(format!("undo history entry {seq} no longer applies: {e}"))
        })?;
        let result = (|| {
            let tx = self
                .conn
                .transaction_with_behavior(TransactionBehavior::Immediate)?;
            rows::write_touched(&tx, &self.course, &applied.touched)?;
            let comments = comments::take_logged(&tx, seq)?;
            tx.prepare_cached("UPDATE edit_log SET undone = 1 WHERE seq = ?1")?
                .execute([seq])?;
            let previous: Option<i64> = tx
                .prepare_cached("SELECT max(seq) FROM edit_log WHERE seq < ?1")?
                .query_row([seq], |r| r.get(0))?;
            tx.commit()?;
            Ok((previous, comments))
        })();
        match result {
            Ok((previous, comments)) => {
                if comments {
                    self.comments_revision = comments::next_revision();
                }
                self.undo_seq = previous;
                self.redo_seq = Some(seq);
                self.last_touched = applied.touched;
                Ok(true)
            }
            Err(e) => Err(self.roll_back(&applied, e)),
        }
    }

    /// Redoes the oldest undone edit; `false` when there is none.
    pub fn redo(&mut self) -> Result<bool> {
        self.writable()?;
        self.run = None;
        let Some(seq) = self.redo_seq else {
            return Ok(false);
        };
        let edit = self.logged_edit(seq, "edit")?;
        let applied = trellis_model::apply(&mut self.course, &edit).map_err(|e| {
            StoreError::Corrupt(format!("redo history entry {seq} no longer applies: {e}"))
        })?;
        let result = (|| {
            let tx = self
                .conn
                .transaction_with_behavior(TransactionBehavior::Immediate)?;
            rows::write_touched(&tx, &self.course, &applied.touched)?;
            tx.prepare_cached("UPDATE edit_log SET undone = 0, inverse = ?2 WHERE seq = ?1")?
                .execute(params![seq, serde_json::to_string(&applied.inverse)?])?;
            let comments = comments::restore_logged(&tx, seq)?;
            let next: Option<i64> = tx
                .prepare_cached("SELECT min(seq) FROM edit_log WHERE seq > ?1")?
                .query_row([seq], |r| r.get(0))?;
            tx.commit()?;
            Ok((next, comments))
        })();
        match result {
            Ok((next, comments)) => {
                if comments {
                    self.comments_revision = comments::next_revision();
                }
                self.undo_seq = Some(seq);
                self.redo_seq = next;
                self.last_touched = applied.touched;
                Ok(true)
            }
            Err(e) => Err(self.roll_back(&applied, e)),
        }
    }

    /// The rows (course, objectives, modules, lessons, blocks, assets) that
    /// the last successful [`apply`](CourseFile::apply), [`undo`](CourseFile::undo),
    /// [`redo`](CourseFile::redo) or [`import_asset`](CourseFile::import_asset)
    /// may have changed, as [`trellis_model::apply`] reported them; empty
    /// before the first change. An editor sends just these to its view.
    pub fn last_touched(&self) -> &Touched {
        &self.last_touched
    }

    /// The undo menu's name for what [`CourseFile::undo`] would undo, as
    /// logged with it; `None` when there is nothing to undo or the change
    /// was logged without one (by an older Trellis, or by
    /// [`apply`](CourseFile::apply)).
    pub fn undo_label(&self) -> Option<String> {
        self.logged_label(self.undo_seq?)
    }

    /// The name of what [`CourseFile::redo`] would redo, like
    /// [`undo_label`](CourseFile::undo_label).
    pub fn redo_label(&self) -> Option<String> {
        self.logged_label(self.redo_seq?)
    }

    fn logged_label(&self, seq: i64) -> Option<String> {
        // A file waiting for its upgrade has no labels yet.
        if self.upgrade_pending().is_some() {
            return None;
        }
        self.conn
            .prepare_cached("SELECT label FROM edit_log WHERE seq = ?1")
            .and_then(|mut s| s.query_row([seq], |r| r.get::<_, Option<String>>(0)))
            .ok()
            .flatten()
    }

    /// Whether [`CourseFile::undo`] has something to undo.
    pub fn can_undo(&self) -> bool {
        self.undo_seq.is_some()
    }

    /// Whether [`CourseFile::redo`] has something to redo.
    pub fn can_redo(&self) -> bool {
        self.redo_seq.is_some()
    }

    /// Validates an asset with [`trellis_assets::inspect`], stores its bytes
    /// (once per content hash) and adds it to the course under `name`,
    /// replacing any asset of that name, as one undoable edit.
    pub fn import_asset(&mut self, name: &str, bytes: &[u8]) -> Result<AssetInfo> {
        self.import_asset_labelled(name, bytes, None)
    }

    /// [`import_asset`](CourseFile::import_asset) with the undo menu's name
    /// for the change.
    pub fn import_asset_labelled(
        &mut self,
        name: &str,
        bytes: &[u8],
        label: Option<&str>,
    ) -> Result<AssetInfo> {
        let info = trellis_assets::inspect(name, bytes)?;
        let sha = info.sha256.clone();
        self.apply_with_blob(
            Edit::PutAsset {
                asset: info.clone(),
            },
            Some((&sha, bytes)),
            label,
        )?;
        Ok(info)
    }

    /// The bytes of the asset named `name`, checked against its hash.
    pub fn asset_bytes(&self, name: &str) -> Result<Vec<u8>> {
        let info = self
            .course
            .asset(name)
            .ok_or_else(|| StoreError::AssetNotFound(name.to_owned()))?;
        let bytes: Vec<u8> = self
            .conn
            .prepare_cached("SELECT bytes FROM blobs WHERE sha256 = ?1")?
            .query_row([info.sha256.as_str()], |r| r.get(0))
            .optional()?
            .ok_or_else(|| StoreError::MissingBlob {
                name: name.to_owned(),
                sha256: info.sha256.clone(),
            })?;
        if trellis_assets::sha256_hex(&bytes) != info.sha256 {
            return Err(StoreError::Corrupt(format!(
                "the stored bytes of asset `{name}` do not match their hash"
            )));
        }
        Ok(bytes)
    }

    /// Runs SQLite's full integrity check and checks the source hashes kept
    /// for translation against the course; [`StoreError::Corrupt`] lists
    /// the problems found.
    pub fn check_integrity(&self) -> Result<()> {
        let mut stmt = self.conn.prepare("PRAGMA integrity_check")?;
        let problems = stmt
            .query_map([], |r| r.get::<_, String>(0))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        if problems != ["ok"] {
            return Err(StoreError::Corrupt(problems.join("; ")));
        }
        source_units::check(&self.conn, &self.course)
    }

    fn logged_edit(&self, seq: i64, column: &str) -> Result<Edit> {
        let sql = format!("SELECT {column} FROM edit_log WHERE seq = ?1");
        let text: String = self
            .conn
            .prepare_cached(&sql)?
            .query_row([seq], |r| r.get(0))?;
        serde_json::from_str(&text)
            .map_err(|e| StoreError::Corrupt(format!("undo history entry {seq}: {e}")))
    }

    /// Puts the in-memory course back after a failed write, and passes the
    /// write's error on.
    fn roll_back(&mut self, applied: &Applied, error: StoreError) -> StoreError {
        if trellis_model::apply(&mut self.course, &applied.inverse).is_err() {
            // Cannot happen for a correct model; the file is the truth.
            if let Ok(course) = rows::load_course(&self.conn) {
                self.course = course;
            }
        }
        error
    }
}

/// Refuses a course in which two entities share an id: rows are keyed by id,
/// so such a course could not be stored faithfully.
fn check_unique_ids(course: &Course) -> Result<()> {
    let mut seen = std::collections::BTreeSet::new();
    let ids = std::iter::once(course.id.as_str())
        .chain(course.objectives.iter().map(|o| o.id.as_str()))
        .chain(course.modules.iter().map(|m| m.id.as_str()))
        .chain(course.lessons().map(|l| l.id.as_str()))
        .chain(course.blocks().map(|(_, b)| b.id.as_str()));
    for id in ids {
        if !seen.insert(id) {
            return Err(trellis_model::EditError::DuplicateId(id.to_owned()).into());
        }
    }
    Ok(())
}

/// How long a connection waits for another's write to finish (a results
/// pull's batch, an edit) before giving up with [`StoreError::Locked`].
const BUSY_WAIT: Duration = Duration::from_secs(10);

/// Opens `path` read-write (never creating it) for editing: takes the
/// editor's hold ([`EditorLock`]) first, so that one Trellis window or
/// process edits a file at a time, then opens it in SQLite's normal
/// locking mode, so that a results pull ([`CourseFile::open_for_results`])
/// can store statements meanwhile. A file held elsewhere gives
/// [`StoreError::Locked`].
fn open_exclusive(path: &Path) -> Result<(Connection, EditorLock)> {
    let hold = EditorLock::take(path)?;
    let conn = open_shared(path)?;
    Ok((conn, hold))
}

/// Opens `path` read-write (never creating it) without holding it.
fn open_shared(path: &Path) -> Result<Connection> {
    // No SQLITE_OPEN_CREATE: a file that vanished since the check stays gone.
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    conn.busy_timeout(BUSY_WAIT)?;
    conn.set_prepared_statement_cache_capacity(32);
    Ok(conn)
}

/// The editor's hold on a course file: an operating-system lock on a side
/// file (`NAME-lock`, beside SQLite's `-wal` and `-shm`), taken without
/// waiting and released when the process ends, however it ends. It is
/// kept apart from SQLite's own locks on the course file, which SQLite
/// needs free to let a results pull write while the course is open.
#[derive(Debug)]
struct EditorLock {
    file: File,
    path: PathBuf,
}

impl EditorLock {
    fn take(course: &Path) -> Result<Self> {
        let path = side_file(course, "-lock");
        loop {
            let file = OpenOptions::new()
                .read(true)
                .write(true)
                .create(true)
                .truncate(false)
                .open(&path)
                .map_err(|e| StoreError::io(&path, e))?;
            match file.try_lock() {
                Ok(()) => {}
                Err(std::fs::TryLockError::WouldBlock) => {
                    return Err(StoreError::Locked {
                        path: course.to_owned(),
                    });
                }
                Err(std::fs::TryLockError::Error(e)) => return Err(StoreError::io(&path, e)),
            }
            // The holder before may have removed the side file between our
            // opening and locking it: a lock on a removed file holds nothing.
            if still_named(&file, &path) {
                return Ok(Self { file, path });
            }
        }
    }
}

#[cfg(unix)]
fn still_named(file: &File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (file.metadata(), std::fs::metadata(path)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn still_named(_file: &File, _path: &Path) -> bool {
    // The side file is never removed here (see Drop), so the lock is on it.
    true
}

impl Drop for EditorLock {
    fn drop(&mut self) {
        // Removed while still locked, so a Trellis waiting for it finds
        // the name gone (see `still_named`) and makes a new one. Windows
        // cannot remove a file another process has open: it stays.
        #[cfg(unix)]
        let _ = std::fs::remove_file(&self.path);
        let _ = self.file.unlock();
    }
}

/// [`StoreError::Locked`] when SQLite says another connection holds the file.
fn locked_or(path: &Path, e: rusqlite::Error) -> StoreError {
    if is_busy(&e) {
        StoreError::Locked {
            path: path.to_owned(),
        }
    } else {
        StoreError::Sqlite(e)
    }
}

/// `path` beside its SQLite side file `suffix` (`-wal`, `-journal`...).
fn side_file(path: &Path, suffix: &str) -> PathBuf {
    let mut side = path.as_os_str().to_owned();
    side.push(suffix);
    PathBuf::from(side)
}

/// An SQLite `file:` URI for `path` with `query` (see [`sqlite_uri_from`]).
fn sqlite_uri(path: &Path, query: &str) -> String {
    #[cfg(unix)]
    let bytes = {
        use std::os::unix::ffi::OsStrExt;
        path.as_os_str().as_bytes().to_vec()
    };
    #[cfg(not(unix))]
    let bytes = path.to_string_lossy().into_owned().into_bytes();
    sqlite_uri_from(&bytes, cfg!(windows), query)
}

/// An SQLite `file:` URI for the path `bytes` with `query`: every byte but
/// unreserved ones and `/` percent-encoded, so `?`, `#` and `%` in a name
/// stay a name. A `windows` path has its `\` separators written as `/`,
/// its extended-length prefix (`\\?\C:\…`, `\\?\UNC\server\…`) dropped,
/// and a network path (`\\server\share\…`) an empty authority before it,
/// so that SQLite does not read the server as the URI's authority.
fn sqlite_uri_from(bytes: &[u8], windows: bool, query: &str) -> String {
    let mut path = bytes.to_vec();
    if windows {
        for b in &mut path {
            if *b == b'\\' {
                *b = b'/';
            }
        }
        if let Some(rest) = path.strip_prefix(b"//?/UNC/") {
            path = [b"//".as_slice(), rest].concat();
        } else if let Some(rest) = path.strip_prefix(b"//?/") {
            path = rest.to_vec();
        }
        if path.starts_with(b"//") {
            path = [b"//".as_slice(), &path].concat();
        }
    }
    let mut uri = String::from("file:");
    for b in path {
        if b.is_ascii_alphanumeric() || matches!(b, b'/' | b'-' | b'.' | b'_' | b'~') {
            uri.push(char::from(b));
        } else {
            uri.push_str(&format!("%{b:02X}"));
        }
    }
    uri.push('?');
    uri.push_str(query);
    uri
}

/// Runs a pragma that answers with one text value.
fn pragma_text(conn: &Connection, sql: &str) -> rusqlite::Result<String> {
    conn.query_row(sql, [], |r| r.get(0))
}

/// The newest done and the oldest undone entry of the edit log. Undone
/// entries form the tail, so this reads only the redo stack and one more row.
fn log_state(conn: &Connection) -> Result<(Option<i64>, Option<i64>)> {
    let mut stmt = conn.prepare("SELECT seq, undone FROM edit_log ORDER BY seq DESC")?;
    let mut rows = stmt.query([])?;
    let mut redo = None;
    while let Some(row) = rows.next()? {
        let seq: i64 = row.get(0)?;
        if row.get::<_, i64>(1)? == 0 {
            return Ok((Some(seq), redo));
        }
        redo = Some(seq);
    }
    Ok((None, redo))
}

/// Deletes blobs that no asset uses and no kept edit mentions.
fn collect_blobs(conn: &Connection) -> Result<()> {
    conn.execute(
        "DELETE FROM blobs WHERE sha256 NOT IN (SELECT sha256 FROM assets)
           AND NOT EXISTS (SELECT 1 FROM edit_log
                           WHERE instr(edit, blobs.sha256) > 0 OR instr(inverse, blobs.sha256) > 0)",
        [],
    )?;
    Ok(())
}

/// A file being built next to its final path; removed (with any SQLite side
/// files) when dropped.
struct TempFile {
    path: PathBuf,
}

impl TempFile {
    fn new(final_path: &Path) -> Result<Self> {
        static COUNTER: AtomicU32 = AtomicU32::new(0);
        let dir = match final_path.parent() {
            Some(d) if !d.as_os_str().is_empty() => d,
            _ => Path::new("."),
        };
        let name = final_path.file_name().ok_or_else(|| {
            StoreError::io(
                final_path,
                std::io::Error::new(std::io::ErrorKind::InvalidInput, "not a file path"),
            )
        })?;
        for attempt in 0.. {
            let n = COUNTER.fetch_add(1, Ordering::Relaxed);
            let path = dir.join(format!(
                ".{}.{}-{n}.tmp",
                name.to_string_lossy(),
                std::process::id()
            ));
            match OpenOptions::new().write(true).create_new(true).open(&path) {
                Ok(_) => return Ok(Self { path }),
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && attempt < 100 => {}
                Err(e) => return Err(StoreError::io(path, e)),
            }
        }
        unreachable!("the loop returns")
    }

    /// Gives the complete file its final name, failing if that name is taken.
    fn persist_as(self, path: &Path) -> Result<()> {
        let exists = || StoreError::AlreadyExists {
            path: path.to_owned(),
        };
        match std::fs::hard_link(&self.path, path) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => return Err(exists()),
            // Some file systems have no hard links: check, then rename.
            Err(_) if path.symlink_metadata().is_ok() => return Err(exists()),
            Err(_) => std::fs::rename(&self.path, path).map_err(|e| StoreError::io(path, e))?,
        }
        #[cfg(unix)]
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            File::open(dir)
                .and_then(|d| d.sync_all())
                .map_err(|e| StoreError::io(dir, e))?;
        }
        Ok(())
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
        for suffix in ["-wal", "-shm", "-journal"] {
            let mut side = self.path.clone().into_os_string();
            side.push(suffix);
            let _ = std::fs::remove_file(side);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sqlite_uris_keep_names_and_windows_paths() {
        let q = "mode=ro";
        assert_eq!(
            sqlite_uri_from(b"/home/a/My course #2?.trellis", false, q),
            "file:/home/a/My%20course%20%232%3F.trellis?mode=ro"
        );
        // A backslash is an ordinary byte of a Unix name.
        assert_eq!(
            sqlite_uri_from(b"/tmp/a\\b", false, q),
            "file:/tmp/a%5Cb?mode=ro"
        );
        assert_eq!(
            sqlite_uri_from(b"C:\\Users\\Ana\\Kurs 1.trellis", true, q),
            "file:C%3A/Users/Ana/Kurs%201.trellis?mode=ro"
        );
        assert_eq!(
            sqlite_uri_from(b"\\\\?\\C:\\Users\\Ana\\c.trellis", true, q),
            "file:C%3A/Users/Ana/c.trellis?mode=ro"
        );
        assert_eq!(
            sqlite_uri_from(b"\\\\server\\share\\c.trellis", true, q),
            "file:////server/share/c.trellis?mode=ro"
        );
        assert_eq!(
            sqlite_uri_from(b"\\\\?\\UNC\\server\\share\\c.trellis", true, q),
            "file:////server/share/c.trellis?mode=ro"
        );
    }
    use trellis_model::sample::demo_course;

    fn blobs(file: &CourseFile) -> i64 {
        file.conn
            .query_row("SELECT count(*) FROM blobs", [], |r| r.get(0))
            .unwrap()
    }

    /// A removed asset's bytes stay while the history mentions them (undo
    /// needs them) and go once it no longer does.
    #[test]
    fn blobs_are_collected_once_no_asset_or_edit_uses_them() {
        let dir = tempfile::TempDir::new().unwrap();
        let mut file =
            CourseFile::create(dir.path().join("c.trellis"), &demo_course(), []).unwrap();
        let vtt = b"WEBVTT\n\n00:00.000 --> 00:01.000\nHi\n";
        file.import_asset("a.vtt", vtt).unwrap();
        file.apply(Edit::RemoveAsset {
            name: "a.vtt".into(),
        })
        .unwrap();
        collect_blobs(&file.conn).unwrap();
        assert_eq!(blobs(&file), 1, "the history still refers to it");
        file.conn.execute("DELETE FROM edit_log", []).unwrap();
        collect_blobs(&file.conn).unwrap();
        assert_eq!(blobs(&file), 0);
    }
}
