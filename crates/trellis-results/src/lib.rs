//! Results back into the course: the statements learners' players sent,
//! read from any xAPI 1.0.3 record store ([`lrs::pull`]), a JSON-lines
//! export ([`intake::import_json_lines`]) or an LMS's CSV report of SCORM
//! interactions ([`lms_csv::import_csv`]), stored in the course file's
//! results table (beside the course, outside its undo log), and turned
//! into item analysis, objective mastery and lesson reach
//! ([`analysis::analyse`]), written as JSON, CSV or an HTML page with
//! charts ([`output`]). See docs/results.md.

pub mod analysis;
pub mod credentials;
pub mod intake;
pub mod lms_csv;
pub mod lrs;
pub mod output;
pub mod statement;

pub use analysis::{DEFAULT_MIN_LEARNERS, Report, analyse};
pub use intake::{Summary, import_json_lines};
pub use lms_csv::{import_csv, import_spreadsheet, looks_like_report, looks_like_spreadsheet};
pub use lrs::{Lrs, PullOptions, PullProgress, PullSummary, pull, pull_with_progress};

/// Why reading or storing results failed.
#[derive(Debug, thiserror::Error)]
pub enum ResultsError {
    #[error(transparent)]
    Store(#[from] trellis_store::StoreError),
    #[error("could not read the file: {0}")]
    Read(std::io::Error),
    /// The CSV file is not a layout this version reads.
    #[error("{0}")]
    Layout(String),
    /// The record store could not be read; the message says why.
    #[error("{0}")]
    Lrs(String),
    /// The system keyring could not keep or give a key and secret.
    #[error("{0}")]
    Keyring(String),
    /// Neither the environment nor the system keyring has a key and
    /// secret for the record store.
    #[error("{0}")]
    NoCredentials(String),
}
