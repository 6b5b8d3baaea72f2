//! Import and export errors.

use std::fmt;
use std::io;
use std::path::PathBuf;

/// A 1-based line and column (columns count Unicode characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

/// One problem found in a course folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Path of the file, relative to the course folder, with `/` separators.
    pub file: String,
    /// Where in the file, when the problem has a place.
    pub position: Option<Position>,
    /// What is wrong and, where it helps, what was expected.
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.position {
            Some(p) => write!(f, "{}:{}:{}: {}", self.file, p.line, p.column, self.message),
            None => write!(f, "{}: {}", self.file, self.message),
        }
    }
}

/// Why a folder could not be imported.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// The folder (or a file in it) could not be read.
    #[error("cannot read {}: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
    /// The folder was read but is not a valid course: every problem found,
    /// in file order.
    #[error("{}", ProblemList(.0))]
    Invalid(Vec<Problem>),
}

impl ImportError {
    /// The problems found, if the folder could be read.
    pub fn problems(&self) -> &[Problem] {
        match self {
            Self::Invalid(p) => p,
            Self::Io { .. } => &[],
        }
    }
}

struct ProblemList<'a>(&'a [Problem]);

impl fmt::Display for ProblemList<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.0.len();
        write!(
            f,
            "the course folder has {n} problem{}:",
            if n == 1 { "" } else { "s" }
        )?;
        for p in self.0 {
            write!(f, "\n{p}")?;
        }
        Ok(())
    }
}

/// Why a course could not be exported to a folder.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// The target exists, is not empty and has no `course.toml`: export
    /// refuses to touch it.
    #[error(
        "{} is not empty and is not a Trellis course folder (it has no course.toml); choose an empty or new folder",
        .0.display()
    )]
    NotACourseFolder(PathBuf),
    /// The target exists and is not a folder.
    #[error("{} exists and is not a folder", .0.display())]
    NotADirectory(PathBuf),
    /// An asset name the course holds cannot be written as a file.
    #[error("asset `{name}` cannot be exported: {reason}")]
    BadAssetName { name: String, reason: String },
    /// Two files would get the same name on a case-insensitive file system.
    #[error(
        "`{0}` and `{1}` differ only in letter case; they would overwrite each other on many file systems"
    )]
    CaseClash(String, String),
    /// The bytes of an asset could not be obtained.
    #[error("cannot read the bytes of asset `{name}`: {source}")]
    Asset {
        name: String,
        #[source]
        source: io::Error,
    },
    /// Writing, moving or deleting a file failed.
    #[error("cannot write {}: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
}
