//! [`Snapshot`]: the state the UI draws from, whole or as a delta since
//! a revision.

use std::path::Path;

use serde::Serialize;
use serde_json::Value;
use trellis_check::Counts;
use trellis_model::Touched;

use crate::{App, AppError, Changes, CourseView, Whole, delta, to_json};

/// `new_course`, `import_folder` and `snapshot`; as a delta (with `base` and
/// `changes` instead of `course`) from the commands that change the course.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(rename = "SnapshotShape")]
pub struct Snapshot<'a> {
    pub path: &'a Path,
    pub revision: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(as = "Option<crate::outline::View<'a>>", optional)]
    pub course: Option<CourseView<'a>>,
    /// In a delta: the revision `changes` apply to.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub base: Option<u64>,
    /// In a delta: what changed from `base` to `revision`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub changes: Option<Changes>,
    pub can_undo: bool,
    pub can_redo: bool,
    /// What undo would undo, e.g. "Delete block", as the course file's log
    /// keeps it; `null` when nothing is to undo or the change was made by a
    /// Trellis that kept no labels.
    pub undo_label: Option<String>,
    pub redo_label: Option<String>,
    pub check: Counts,
    /// Changes whenever the review comments change (comment changes leave
    /// `revision` alone): refetch `comments` when it differs.
    pub comments_revision: u64,
    /// Set while the open file, from an older Trellis, waits to be updated
    /// to this version's format on the first change ([`UPGRADE_NOTICE`]);
    /// `null` otherwise.
    pub upgrade_notice: Option<&'static str>,
}

/// What the editor tells the author while a course file from an older
/// Trellis is open and not yet changed: opening it changed nothing, and
/// the first change updates its format, after which older versions no
/// longer open it.
pub const UPGRADE_NOTICE: &str = "This course was saved by an older version of Trellis. Opening it \
     changed nothing; your first change updates the file to this version's format, and older \
     versions of Trellis will not open it after that.";

impl App {
    /// Does ahead of time the work the next snapshot needs besides
    /// encoding the course (the design check of this revision), e.g. while
    /// a window is still starting.
    pub fn prepare_snapshot(&mut self) {
        if self.file.is_some() {
            let _ = self.check_report();
        }
    }
    /// The snapshot of the open course, its first lesson whole (see
    /// [`Command::Snapshot`]).
    pub fn snapshot(&mut self) -> Result<Value, AppError> {
        self.with_snapshot(Whole::One(None), None, |s| to_json(s))
    }
    /// What changed after revision `from` as a delta (a [`Snapshot`] with
    /// `base` and `changes` instead of `course`), or the whole snapshot when
    /// the log no longer reaches back to `from` or a change was not to rows
    /// (another course opened).
    pub fn delta_since(&mut self, from: u64) -> Result<Value, AppError> {
        let revision = self.revision;
        if from > revision {
            return self.snapshot();
        }
        let mut touched = Touched::default();
        for r in from + 1..=revision {
            match self.change_log.iter().find(|(at, _)| *at == r) {
                Some((_, Some(t))) => delta::merge(&mut touched, t),
                _ => return self.snapshot(),
            }
        }
        let changes = Changes::from_touched(self.file()?.course(), &touched);
        self.with_snapshot(Whole::One(None), Some((from, changes)), |s| to_json(s))
    }
    /// The delta since `from` (see [`App::delta_since`]) with `place`: where
    /// the undone or redone change happened ([`delta::Place`]), for the
    /// editor to take the author there; absent when nothing changed.
    /// `info` is the course's details from before the change.
    pub(crate) fn delta_with_place(
        &mut self,
        from: u64,
        info: &trellis_model::CourseInfo,
    ) -> Result<Value, AppError> {
        let place = if self.revision > from {
            let file = self.file()?;
            delta::Place::of(file.course(), file.last_touched(), info)
        } else {
            None
        };
        let mut value = self.delta_since(from)?;
        if let (Some(place), Value::Object(map)) = (place, &mut value) {
            map.insert("place".into(), to_json(&place)?);
        }
        Ok(value)
    }
    /// Builds the [`Snapshot`] (or, with `delta`, the delta) and hands it
    /// to `encode`; `whole` says which lessons a snapshot carries whole.
    pub(crate) fn with_snapshot<T>(
        &mut self,
        whole: Whole,
        delta: Option<(u64, Changes)>,
        encode: impl FnOnce(&Snapshot) -> Result<T, AppError>,
    ) -> Result<T, AppError> {
        let counts = self.check_counts()?;
        let file = self.file()?;
        let (can_undo, undo_label, can_redo, redo_label) = self.history();
        let (course, base, changes) = match delta {
            Some((base, changes)) => (None, Some(base), Some(changes)),
            None => (
                Some(CourseView {
                    course: file.course(),
                    whole,
                }),
                None,
                None,
            ),
        };
        let snapshot = Snapshot {
            path: file.path(),
            revision: self.revision,
            course,
            base,
            changes,
            can_undo,
            can_redo,
            undo_label,
            redo_label,
            check: counts,
            comments_revision: file.comments_revision(),
            upgrade_notice: file.upgrade_pending().map(|_| UPGRADE_NOTICE),
        };
        encode(&snapshot)
    }
}
