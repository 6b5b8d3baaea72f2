//! Learners' results in the editor: the figures `trellis results` reports,
//! for the open course, from the statements its file holds; reading them in
//! from a record store (in the background, with progress) or from a file
//! (see docs/results.md). Reading or storing results never changes the
//! course, its revision or its undo history.

use std::collections::HashMap;
use std::io::Cursor;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use serde::Serialize;
use trellis_results::{Lrs, PullOptions, ResultsError};
use trellis_store::CourseFile;

use crate::{App, AppError, GivenFile};

/// Files to import are read whole; larger ones go through `trellis results import`.
const MAX_IMPORT_BYTES: usize = 256 * 1024 * 1024;

/// What the `results` command answers.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct ResultsAnswer {
    /// The statements the course file holds.
    pub statements: u64,
    pub report: trellis_results::Report,
    /// The record stores results were read from, the latest first.
    pub stores: Vec<ResultsStore>,
}

/// A record store results were read from.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct ResultsStore {
    /// Its address (the statements API's base).
    pub address: String,
    /// When the last pull from it ended (RFC 3339).
    pub pulled_at: String,
    /// Whether this session holds its key and secret (see [`PullState`]).
    pub key_held: bool,
}

/// How the editor's reading from a record store stands
/// (`results_pull`, `results_pull_status`).
#[derive(Debug, Clone, Default, Serialize, ts_rs::TS)]
pub struct ResultsPullStatus {
    /// This pull's number in the session; 0 before the first.
    pub pull: u32,
    /// The course file it stores into.
    #[ts(type = "string")]
    pub course: PathBuf,
    pub address: String,
    pub running: bool,
    /// Pages read so far.
    pub pages: u32,
    /// Statements read so far.
    pub read: u64,
    /// Once finished: what became of the statements, in one sentence.
    pub done: Option<String>,
    /// Statements left out as damaged: the first few, with why.
    pub problems: Vec<String>,
    /// Once finished, when the author asked to remember the key and secret:
    /// whether the system keyring now keeps them, in one sentence.
    pub kept: Option<String>,
    /// Why it stopped, in the author's words (what was read before is kept).
    pub error: Option<String>,
}

/// What `import_results` answers.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct ResultsImported {
    /// What became of the statements, in one sentence.
    pub summary: String,
    pub added: u64,
    pub problems: Vec<String>,
}

/// The record stores' keys and secrets the author gave in this session,
/// by address, and the pull running in the background. They are kept in
/// memory, and in the system keyring only when the author asks
/// (`remember`); never in the course file (which is shared with others
/// and kept in version control) nor in a settings file (where a secret
/// would sit readable on disk).
#[derive(Default)]
pub(crate) struct PullState {
    credentials: HashMap<String, (String, String)>,
    status: Arc<Mutex<ResultsPullStatus>>,
}

fn lock(status: &Mutex<ResultsPullStatus>) -> std::sync::MutexGuard<'_, ResultsPullStatus> {
    status.lock().unwrap_or_else(|e| e.into_inner())
}

fn results_error(e: ResultsError) -> AppError {
    match e {
        ResultsError::Store(e) => e.into(),
        e => AppError::bad_input(crate::error::sentence(e.to_string())),
    }
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
        let stores = file
            .results_pull_markers()?
            .into_iter()
            .map(|m| ResultsStore {
                key_held: self.pull_state.credentials.contains_key(&m.lrs),
                address: m.lrs,
                pulled_at: m.pulled_at,
            })
            .collect();
        Ok(ResultsAnswer {
            statements,
            report,
            stores,
        })
    }

    /// Starts reading the open course's statements from the record store
    /// at `address` in the background; `results_pull_status` follows it.
    /// Without a key and secret, those given before in this session for
    /// the same store are used, else `TRELLIS_LRS_KEY` and
    /// `TRELLIS_LRS_SECRET`, else those the system keyring keeps for it.
    /// With `remember`, a pull that succeeds leaves the key and secret in
    /// the system keyring.
    pub(crate) fn results_pull(
        &mut self,
        address: &str,
        key: Option<&str>,
        secret: Option<&str>,
        since: Option<&str>,
        remember: bool,
    ) -> Result<ResultsPullStatus, AppError> {
        let file = self.file_mut()?;
        let course = file.path().to_owned();
        // A connection of its own, opened here from the editor's handle.
        let writer = file.open_results_beside()?;
        let address = trellis_results::lrs::normalise_endpoint(address).map_err(results_error)?;
        let since = since
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(trellis_results::lrs::parse_since)
            .transpose()
            .map_err(results_error)?;
        let given = |v: Option<&str>| {
            v.map(str::trim)
                .filter(|v| !v.is_empty())
                .map(str::to_owned)
        };
        let (key, secret, given_as) = match (given(key), given(secret)) {
            (Some(k), Some(s)) => (k, s, "the key and secret given"),
            (None, None) => match self.pull_state.credentials.get(&address) {
                Some((k, s)) => (k.clone(), s.clone(), "the key and secret given before"),
                None => match trellis_results::credentials::find(&address, None) {
                    Ok((c, from)) => (
                        c.key,
                        c.secret,
                        if from == trellis_results::credentials::FROM_ENV {
                            from
                        } else {
                            "the key and secret remembered on this computer"
                        },
                    ),
                    Err(e) => {
                        return Err(AppError::bad_input(match e {
                            // Nothing kept: the usual first pull.
                            ResultsError::NoCredentials(_) => {
                                "Give the record store's key and secret: its administrator issues them.".to_owned()
                            }
                            e => format!(
                                "Give the record store's key and secret: its administrator issues them. ({})",
                                crate::error::sentence(e.to_string())
                            ),
                        }));
                    }
                },
            },
            (Some(_), None) => {
                return Err(AppError::bad_input(
                    "Give the secret that goes with the key.",
                ));
            }
            (None, Some(_)) => {
                return Err(AppError::bad_input(
                    "Give the key that goes with the secret.",
                ));
            }
        };
        let status = Arc::clone(&self.pull_state.status);
        let started = {
            let mut s = lock(&status);
            if s.running {
                return Err(AppError::bad_input(
                    "Results are being read already; wait until that finishes.",
                ));
            }
            *s = ResultsPullStatus {
                pull: s.pull + 1,
                course: course.clone(),
                address: address.clone(),
                running: true,
                ..ResultsPullStatus::default()
            };
            s.clone()
        };
        self.pull_state
            .credentials
            .insert(address.clone(), (key.clone(), secret.clone()));
        let lrs = Lrs {
            endpoint: address,
            key,
            secret,
            given_as: given_as.into(),
        };
        let options = PullOptions {
            since,
            ..PullOptions::default()
        };
        std::thread::Builder::new()
            .name("results pull".into())
            .spawn(move || {
                let outcome = pull_into(writer, &lrs, &options, &status);
                // Kept only once the store has taken them.
                let kept = (remember && outcome.is_ok()).then(|| {
                    let credentials = trellis_results::credentials::Credentials {
                        key: lrs.key.clone(),
                        secret: lrs.secret.clone(),
                    };
                    match trellis_results::credentials::remember(&lrs.endpoint, &credentials) {
                        Ok(()) => {
                            "The key and secret are remembered on this computer (in its keyring)."
                                .to_owned()
                        }
                        Err(e) => format!(
                            "The key and secret could not be remembered on this computer: {}",
                            crate::error::sentence(e.to_string())
                        ),
                    }
                });
                let mut s = lock(&status);
                s.running = false;
                s.kept = kept;
                match outcome {
                    Ok(summary) => {
                        s.read = summary.statements.read;
                        s.done = Some(crate::error::sentence(summary.statements.sentence()));
                        s.problems = summary.statements.problems;
                    }
                    Err(e) => s.error = Some(e.message),
                }
            })
            .map_err(|e| AppError::internal(format!("Could not start reading results: {e}.")))?;
        Ok(started)
    }

    pub(crate) fn results_pull_status(&self) -> ResultsPullStatus {
        lock(&self.pull_state.status).clone()
    }

    /// Stores the statements of a file given by path or as base64: JSON
    /// lines, or an LMS's report (CSV, Moodle's tab-separated download, or
    /// its Excel or ODS download), told apart by their first bytes.
    pub(crate) fn import_results(
        &mut self,
        given: &GivenFile,
    ) -> Result<ResultsImported, AppError> {
        self.file()?;
        let bytes = self.read_given(given, MAX_IMPORT_BYTES, too_large, "results file")?;
        let file = self.file_mut()?;
        let summary = if trellis_results::looks_like_spreadsheet(&bytes) {
            trellis_results::import_spreadsheet(file, bytes)
        } else if trellis_results::looks_like_report(&bytes[..bytes.len().min(512)]) {
            let text = String::from_utf8(bytes).map_err(|_| {
                AppError::bad_input("The report is not text (UTF-8): save it from the LMS as CSV.")
            })?;
            trellis_results::import_csv(file, &text)
        } else {
            trellis_results::import_json_lines(file, Cursor::new(bytes))
        }
        .map_err(results_error)?;
        Ok(ResultsImported {
            summary: crate::error::sentence(summary.sentence()),
            added: summary.added,
            problems: summary.problems,
        })
    }
}

fn too_large() -> AppError {
    AppError::bad_input(format!(
        "The file is larger than {} MB: read it in with `trellis results import` instead.",
        MAX_IMPORT_BYTES / (1024 * 1024)
    ))
}

/// Reads from the record store into the course file through a connection
/// of its own, which stores results while the editor goes on editing.
fn pull_into(
    mut file: CourseFile,
    lrs: &Lrs,
    options: &PullOptions,
    status: &Mutex<ResultsPullStatus>,
) -> Result<trellis_results::PullSummary, AppError> {
    trellis_results::pull_with_progress(&mut file, lrs, options, &mut |p| {
        let mut s = lock(status);
        s.pages = p.pages;
        s.read = p.read;
    })
    .map_err(results_error)
}
