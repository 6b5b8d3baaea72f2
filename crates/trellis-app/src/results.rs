//! Learners' results in the editor: the figures `trellis results` reports,
//! for the open course, from the statements its file holds (see
//! docs/results.md). Reading them never changes the course.

use serde::Serialize;

use crate::{App, AppError};

/// What the `results` command answers.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct ResultsAnswer {
    /// The statements the course file holds.
    pub statements: u64,
    pub report: trellis_results::Report,
}

impl App {
    /// The item analysis, objective mastery and lesson reach of the
    /// statements the open course file holds.
    pub(crate) fn results_report(
        &self,
        min_learners: Option<u32>,
    ) -> Result<ResultsAnswer, AppError> {
        let file = self.file()?;
        let min = min_learners
            .unwrap_or(trellis_results::DEFAULT_MIN_LEARNERS)
            .max(1);
        let statements = file.results_count()?;
        let report = trellis_results::analyse(file, min)?;
        Ok(ResultsAnswer { statements, report })
    }
}
