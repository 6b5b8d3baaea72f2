//! `AppError`: what the UI gets when a command fails: a stable code to act on
//! and a message for the author, in plain words.

use serde::{Deserialize, Serialize};
use trellis_store::StoreError;

/// The kind of failure, stable across versions; the UI may act on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// The command needs an open course and none is open.
    NotOpen,
    /// A file, course entity, asset or blueprint that does not exist.
    NotFound,
    /// The edit does not apply to the course; nothing changed.
    InvalidEdit,
    /// Reading or writing a file failed.
    Io,
    /// The course file is open in another window or process.
    Locked,
    /// The file is not a Trellis course.
    NotACourse,
    /// The course file was written by a newer Trellis.
    NewerVersion,
    /// The command's arguments are wrong (a bad name, a broken folder…).
    BadInput,
    /// Publishing failed; the message says why and what to do.
    PublishFailed,
    /// Something that should not happen; the message has the details.
    Internal,
    /// Browser mode only: the request lacks the token or comes from another
    /// host or site.
    Forbidden,
}

impl ErrorCode {
    /// The code as it appears in JSON, e.g. `not_open`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::NotOpen => "not_open",
            Self::NotFound => "not_found",
            Self::InvalidEdit => "invalid_edit",
            Self::Io => "io",
            Self::Locked => "locked",
            Self::NotACourse => "not_a_course",
            Self::NewerVersion => "newer_version",
            Self::BadInput => "bad_input",
            Self::PublishFailed => "publish_failed",
            Self::Internal => "internal",
            Self::Forbidden => "forbidden",
        }
    }
}

/// A failed command: `{code, message}` at the boundary.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error, ts_rs::TS)]
#[error("{message}")]
pub struct AppError {
    pub code: ErrorCode,
    /// For the author: what happened and what to do about it.
    pub message: String,
}

impl AppError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
        }
    }

    pub fn not_open() -> Self {
        Self::new(
            ErrorCode::NotOpen,
            "No course is open. Open a course file or create a new course first.",
        )
    }

    pub fn bad_input(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::BadInput, message)
    }

    pub fn not_found(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::NotFound, message)
    }

    pub fn io(what: impl std::fmt::Display, err: &std::io::Error) -> Self {
        Self::new(ErrorCode::Io, format!("{what}: {}", io_words(err)))
    }

    pub fn internal(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::Internal, message)
    }
}

/// An I/O error in the author's words.
pub(crate) fn io_words(err: &std::io::Error) -> String {
    use std::io::ErrorKind;
    match err.kind() {
        ErrorKind::NotFound => "the file or folder does not exist".into(),
        ErrorKind::PermissionDenied => "Trellis is not allowed to access it".into(),
        ErrorKind::AlreadyExists => "it already exists".into(),
        _ => err.to_string(),
    }
}

/// Capitalises the first letter of a message built from a lower-case error.
pub(crate) fn sentence(s: impl AsRef<str>) -> String {
    let s = s.as_ref();
    let mut chars = s.chars();
    let mut out: String = match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => return String::new(),
    };
    if !out.ends_with(['.', '!', '?']) {
        out.push('.');
    }
    out
}

impl From<StoreError> for AppError {
    fn from(err: StoreError) -> Self {
        let message = sentence(err.to_string());
        match err {
            StoreError::NotACourse { .. } => Self::new(
                ErrorCode::NotACourse,
                format!(
                    "{message} Choose a file that ends in .trellis, or import a course folder."
                ),
            ),
            // The message says what to do (a backup or the text format).
            StoreError::Damaged { .. } => Self::new(ErrorCode::NotACourse, message),
            StoreError::ReadOnly { .. } => Self::internal(message),
            StoreError::NewerVersion { .. } => Self::new(
                ErrorCode::NewerVersion,
                format!("{message} Update Trellis to open it."),
            ),
            StoreError::Locked { .. } => Self::new(
                ErrorCode::Locked,
                format!("{message} Close it there, then try again."),
            ),
            StoreError::AlreadyExists { .. } => Self::bad_input(message),
            StoreError::Edit(e) => Self::new(
                ErrorCode::InvalidEdit,
                format!("That change could not be made: {e}. Nothing was changed."),
            ),
            StoreError::AssetNotFound(_) | StoreError::CommentNotFound(_) => {
                Self::not_found(message)
            }
            StoreError::Comment(_) | StoreError::CommentExists(_) | StoreError::Translation(_) => {
                Self::bad_input(message)
            }
            StoreError::Asset(_) | StoreError::AssetMismatch { .. } => Self::bad_input(message),
            StoreError::Io {
                ref path,
                ref source,
            } => Self::new(
                ErrorCode::Io,
                format!("{}: {}.", path.display(), io_words(source)),
            ),
            StoreError::Corrupt(_)
            | StoreError::MissingBlob { .. }
            | StoreError::Encode(_)
            | StoreError::Sqlite(_) => Self::internal(message),
        }
    }
}

impl From<trellis_model::EditError> for AppError {
    fn from(e: trellis_model::EditError) -> Self {
        match e {
            trellis_model::EditError::NotFound { .. } => Self::not_found(sentence(e.to_string())),
            _ => Self::new(
                ErrorCode::InvalidEdit,
                format!("That change could not be made: {e}. Nothing was changed."),
            ),
        }
    }
}

impl From<trellis_text::ImportError> for AppError {
    fn from(e: trellis_text::ImportError) -> Self {
        match e {
            trellis_text::ImportError::Io {
                ref path,
                ref source,
            } => Self::new(
                ErrorCode::Io,
                format!("Could not read {}: {}.", path.display(), io_words(source)),
            ),
            trellis_text::ImportError::Invalid(_) => Self::bad_input(format!(
                "The folder is not a valid Trellis course. Fix these problems and import it again:\n{e}"
            )),
        }
    }
}

impl From<trellis_publish::PublishError> for AppError {
    fn from(e: trellis_publish::PublishError) -> Self {
        Self::new(
            ErrorCode::PublishFailed,
            format!("The course could not be published: {e}"),
        )
    }
}

impl From<trellis_model::ReviewError> for AppError {
    fn from(e: trellis_model::ReviewError) -> Self {
        Self::bad_input(sentence(e.to_string()))
    }
}

impl From<trellis_text::ExportError> for AppError {
    fn from(e: trellis_text::ExportError) -> Self {
        use trellis_text::ExportError as E;
        let message = format!("The course could not be exported: {e}");
        match e {
            E::NotACourseFolder(_) | E::NotADirectory(_) => Self::bad_input(sentence(message)),
            _ => Self::new(ErrorCode::Io, sentence(message)),
        }
    }
}
