//! The error type of every fallible operation on a course file.

use std::path::{Path, PathBuf};

use trellis_model::{EditError, ReviewError};

/// Why a course file operation failed.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The file is not a Trellis course (not SQLite at all, empty, or another
    /// application's database). It was left untouched.
    #[error("`{}` is not a Trellis course file ({reason})", path.display())]
    NotACourse { path: PathBuf, reason: String },
    /// The file was written by a later Trellis with a schema this one does not
    /// know. It was left untouched.
    #[error(
        "`{}` was made by a newer version of Trellis (schema {found}, this version reads up to {supported})",
        path.display()
    )]
    NewerVersion {
        path: PathBuf,
        found: u32,
        supported: u32,
    },
    /// SQLite could not read the file although its header looked like a
    /// course: damaged (cut short, overwritten) or not a course at all.
    #[error(
        "`{}` is not a Trellis course file, or it is damaged; if it is a course, use a backup copy or its text-format export",
        path.display()
    )]
    Damaged { path: PathBuf },
    /// A write through a course file opened only to read it.
    #[error("`{}` was opened only to read it; nothing was changed", path.display())]
    ReadOnly { path: PathBuf },
    /// Another connection holds the file.
    #[error("`{}` is open in another Trellis window or process", path.display())]
    Locked { path: PathBuf },
    /// `create` never overwrites.
    #[error("`{}` already exists; a new course is never written over an existing file", path.display())]
    AlreadyExists { path: PathBuf },
    /// The edit does not apply to the course; nothing changed.
    #[error(transparent)]
    Edit(#[from] EditError),
    /// The file is a Trellis course but its content is inconsistent.
    #[error("the course file is damaged: {0}")]
    Corrupt(String),
    /// An asset's metadata names content the file does not hold.
    #[error("asset `{name}` refers to content {sha256} that is not stored in the course file")]
    MissingBlob { name: String, sha256: String },
    /// Bytes given for an asset do not match its metadata.
    #[error("the bytes given for asset `{name}` do not match its recorded size and SHA-256")]
    AssetMismatch { name: String },
    /// A review comment was refused by validation; nothing was stored.
    #[error(transparent)]
    Comment(#[from] ReviewError),
    #[error("the course has no comment with the id `{0}`")]
    CommentNotFound(String),
    #[error("the course has a comment with the id `{0}` already")]
    CommentExists(String),
    /// A translation was refused; nothing was stored.
    #[error("{0}")]
    Translation(String),
    #[error("the course has no asset named `{0}`")]
    AssetNotFound(String),
    /// The asset was refused by validation.
    #[error(transparent)]
    Asset(#[from] trellis_assets::AssetError),
    #[error("could not encode course data: {0}")]
    Encode(#[from] serde_json::Error),
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("`{}`: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

impl StoreError {
    /// SQLite's "file is not a database" and "database disk image is
    /// malformed", met while opening `path`, become [`StoreError::Damaged`]:
    /// an author cannot act on SQLite's words.
    pub(crate) fn in_authors_words(self, path: &Path) -> Self {
        match &self {
            Self::Sqlite(e)
                if matches!(
                    e.sqlite_error_code(),
                    Some(rusqlite::ErrorCode::NotADatabase | rusqlite::ErrorCode::DatabaseCorrupt)
                ) =>
            {
                Self::Damaged {
                    path: path.to_owned(),
                }
            }
            _ => self,
        }
    }

    pub(crate) fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Self::Io {
            path: path.into(),
            source,
        }
    }
}

/// Shorthand for results of this crate.
pub type Result<T, E = StoreError> = std::result::Result<T, E>;
