//! The open course file and the revision counter: every change bumps the
//! revision, is logged for previews and deltas, and is told to the listener.

use std::path::Path;

use trellis_model::{Course, Touched};
use trellis_store::CourseFile;

use crate::preview::PreviewChange;
use crate::{App, AppError, ChangeListener, delta, recent};

/// How many revisions the preview log remembers.
const PREVIEW_LOG: usize = 64;

impl App {
    /// Calls `listener` after every change (see [`ChangeListener`]).
    pub fn set_change_listener(&mut self, listener: ChangeListener) {
        self.listener = Some(listener);
    }
    /// Grows with every change of the open course (or of which is open).
    pub fn revision(&self) -> u64 {
        self.revision
    }
    /// The open course, if any.
    pub fn course(&self) -> Option<&Course> {
        self.file.as_ref().map(CourseFile::course)
    }
    /// The open course file's path, if any.
    pub fn path(&self) -> Option<&Path> {
        self.file.as_ref().map(CourseFile::path)
    }
    /// "Course title — Trellis", or "Trellis" with nothing open.
    pub fn window_title(&self) -> String {
        match self.course() {
            Some(c) => format!("{} — Trellis", c.info.title),
            None => "Trellis".into(),
        }
    }
    pub(crate) fn file(&self) -> Result<&CourseFile, AppError> {
        self.file.as_ref().ok_or_else(AppError::not_open)
    }
    /// The open course file, to change it: a file from an older Trellis is
    /// updated to this version's format first (the author was told when it
    /// opened, see [`UPGRADE_NOTICE`]).
    pub(crate) fn file_mut(&mut self) -> Result<&mut CourseFile, AppError> {
        let file = self.file.as_mut().ok_or_else(AppError::not_open)?;
        file.upgrade()?;
        Ok(file)
    }
    /// A change that is not to rows of the open course (another course, or
    /// none): deltas across it are whole snapshots.
    pub(crate) fn changed(&mut self) {
        self.log_rows(None);
        self.changed_in(PreviewChange::Page);
    }
    /// A change to the open course's rows, as the store reported them.
    pub(crate) fn changed_rows(&mut self, change: PreviewChange) {
        let touched = self.file.as_ref().map(|f| f.last_touched().clone());
        self.log_rows(touched);
        self.changed_in(change);
    }
    /// Records what the coming revision touched, and has the design check
    /// forget the lessons it changed (all of them when that is not known).
    pub(crate) fn log_rows(&mut self, touched: Option<Touched>) {
        match (&touched, &self.file) {
            (Some(t), Some(file)) => {
                for lesson in file.course().lessons() {
                    if delta::touches(t, lesson) {
                        self.checker.forget(&lesson.id);
                    }
                }
            }
            _ => self.checker.forget_all(),
        }
        if self.change_log.len() >= PREVIEW_LOG {
            self.change_log.pop_front();
        }
        self.change_log.push_back((self.revision + 1, touched));
    }
    pub(crate) fn changed_in(&mut self, change: PreviewChange) {
        self.revision += 1;
        if self.preview_log.len() >= PREVIEW_LOG {
            self.preview_log.pop_front();
        }
        let lessons = matches!(change, PreviewChange::Lessons { .. });
        self.preview_log.push_back((self.revision, change));
        if let Some(listener) = &self.listener {
            let update = lessons
                .then(|| self.preview_update(self.revision - 1).ok())
                .flatten()
                .filter(|u| u["reload"] == false);
            listener(self.revision, update);
        }
    }

    pub(crate) fn set_file(&mut self, file: CourseFile) {
        self.file = Some(file);
        self.changed();
        self.remember();
    }
    pub(crate) fn remember(&self) {
        if let (Some(dir), Some(file)) = (&self.config.config_dir, &self.file) {
            recent::touch(dir, file.path(), &file.course().info.title);
        }
    }
}
