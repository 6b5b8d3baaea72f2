//! The design check, rerun only on what changed since the last run, with
//! the findings about the course's translations after the course's own.

use serde::Serialize;
use serde_json::Value;
use trellis_check::{Counts, Finding, Report};
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
        if self.translations_checked.as_ref().map(|(r, _)| *r) != Some(self.revision) {
            let mut report = Report::default();
            trellis_check::check_translations(
                &mut report,
                &file.course().info.language,
                &file.translation_status()?.languages,
            );
            self.translations_checked = Some((self.revision, report));
        }
        Ok(())
    }
    pub(crate) fn check_counts(&mut self) -> Result<Counts, AppError> {
        self.check_report()?;
        let mut counts = self.checker.counts();
        if let Some((_, report)) = &self.translations_checked {
            let more = report.counts();
            counts.errors += more.errors;
            counts.warnings += more.warnings;
            counts.infos += more.infos;
        }
        Ok(counts)
    }

    /// Drops the translation findings, so that the next check makes them
    /// again: a translation changed, which leaves the revision as it was.
    pub(crate) fn translations_changed(&mut self) {
        self.translations_checked = None;
    }

    /// The design check, of the whole course or of `lesson` (see [`crate::Command::Check`]).
    pub(crate) fn check(&mut self, lesson: Option<LessonId>) -> Result<Value, AppError> {
        let counts = self.check_counts()?;
        let report = &self.checker;
        let translations = self
            .translations_checked
            .iter()
            .flat_map(|(_, r)| r.findings.iter());
        let findings: Vec<&Finding> = match &lesson {
            None => report.findings().chain(translations).collect(),
            Some(lesson) => report
                .findings()
                .chain(translations)
                .filter(|f| {
                    let at = &f.location;
                    at.lesson.as_ref() == Some(lesson)
                        || (at.lesson.is_none() && at.module.is_none())
                })
                .collect(),
        };
        to_json(&CheckReport {
            counts,
            findings,
            lesson,
        })
    }
}
