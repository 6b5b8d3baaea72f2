//! The design check, rerun only on what changed since the last run.

use serde::Serialize;
use serde_json::Value;
use trellis_check::{Counts, Finding};
use trellis_model::LessonId;

use crate::{App, AppError, to_json};

/// What `check` answers: the counts of the whole course and its findings,
/// or with `lesson` that lesson's and those outside any module or lesson.
#[derive(Debug, Serialize, ts_rs::TS)]
#[ts(rename = "Report")]
pub struct CheckReport<'a> {
    pub counts: Counts,
    pub findings: Vec<&'a Finding>,
    /// Set when the findings are one lesson's (and the course-level ones).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub lesson: Option<LessonId>,
}

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

    /// The design check, of the whole course or of `lesson` (see [`crate::Command::Check`]).
    pub(crate) fn check(&mut self, lesson: Option<LessonId>) -> Result<Value, AppError> {
        self.check_report()?;
        let report = &self.checker;
        let findings: Vec<&Finding> = match &lesson {
            None => report.findings().collect(),
            Some(lesson) => report
                .findings()
                .filter(|f| {
                    let at = &f.location;
                    at.lesson.as_ref() == Some(lesson)
                        || (at.lesson.is_none() && at.module.is_none())
                })
                .collect(),
        };
        to_json(&CheckReport {
            counts: report.counts(),
            findings,
            lesson,
        })
    }
}
