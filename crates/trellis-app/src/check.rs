//! The design check, rerun only on what changed since the last run.

use serde_json::{Value, json};
use trellis_check::Counts;
use trellis_model::LessonId;

use crate::{App, AppError, to_json};

impl App {
    /// Runs the design check unless this revision is checked; it checks
    /// again only the lessons changed since the last run (see `log_rows`).
    pub(crate) fn check_report(&mut self) -> Result<(), AppError> {
        let file = self.file.as_ref().ok_or_else(AppError::not_open)?;
        if self.checked != Some(self.revision) {
            self.checker.run(file.course());
            self.checked = Some(self.revision);
        }
        Ok(())
    }
    pub(crate) fn check_counts(&mut self) -> Result<Counts, AppError> {
        self.check_report()?;
        Ok(self.checker.counts())
    }

    /// The design check, of the whole course or of `lesson` (see [`Command::Check`]).
    pub(crate) fn check(&mut self, lesson: Option<LessonId>) -> Result<Value, AppError> {
        self.check_report()?;
        let report = &self.checker;
        match lesson {
            None => to_json(report),
            Some(lesson) => {
                let findings: Vec<&trellis_check::Finding> = report
                    .findings()
                    .filter(|f| {
                        let at = &f.location;
                        at.lesson.as_ref() == Some(&lesson)
                            || (at.lesson.is_none() && at.module.is_none())
                    })
                    .collect();
                Ok(json!({"counts": report.counts(), "findings": findings, "lesson": lesson}))
            }
        }
    }
}
