//! The Trellis text format: a course as a folder of TOML and Markdown files
//! that people can read, diff and review in git.
//!
//! ```text
//! my-course/
//!   course.toml          settings, objectives, modules and lesson order
//!   lessons/<id>.md      one file per lesson: TOML front matter, then blocks
//!   assets/…             every file the course uses, named by its path
//!   comments/<id>.toml   review comments, one file each (optional)
//!   translations/<lang>.toml  one target language each (optional)
//! ```
//!
//! The format is specified in `docs/text-format.md`. This crate reads it
//! ([`import_dir`], [`import_files`]) and writes it ([`export_dir`],
//! [`export_files`]). Import reports every problem it finds, each with its
//! file, line and column ([`ImportError`]). Export is deterministic, and
//! importing an export gives back the same course: exporting again gives the
//! same bytes.

use std::collections::{BTreeMap, BTreeSet};
use std::io::{self, Read};
use std::path::Path;

use trellis_model::{AssetInfo, Comment, Course, Translation};

mod comments;
mod error;
mod export;
mod files;
mod import;
mod toml_out;
mod translations;
mod write;

pub use error::{ExportError, ImportError, Position, Problem};

/// The name of the course settings file at the root of a course folder.
pub const COURSE_FILE: &str = "course.toml";

/// The largest `course.toml` or lesson file accepted: 8 MiB. A lesson that
/// large is far beyond anything written by hand; the limit keeps a stray huge
/// file from exhausting memory.
pub const MAX_TEXT_FILE_BYTES: u64 = 8 * 1024 * 1024;

/// A course read from a folder, with the bytes of its assets.
#[derive(Debug, Clone, PartialEq)]
pub struct Imported {
    /// The course; `course.assets` lists every asset, sorted by name.
    pub course: Course,
    /// Every asset's description and bytes, in the order of `course.assets`.
    pub assets: Vec<(AssetInfo, Vec<u8>)>,
    /// The review comments under `comments/`, oldest first (by creation
    /// time, then id). They are not part of the course.
    pub comments: Vec<Comment>,
    /// The translations under `translations/`, sorted by language. They are
    /// not part of the course.
    pub translations: Vec<Translation>,
}

/// Imports an in-memory course folder: `files` maps paths relative to the
/// folder (with `/` separators, e.g. `lessons/intro.md`) to their bytes.
///
/// Only `course.toml`, `lessons/*.md`, `comments/*.toml`,
/// `translations/*.toml` and files under
/// `assets/` are read;
/// other files (a README, a licence) are ignored, as is any file or folder
/// whose name starts with `.`.
pub fn import_files(files: &BTreeMap<String, Vec<u8>>) -> Result<Imported, ImportError> {
    import::import_map(files, Vec::new(), &BTreeSet::new())
}

/// Imports the course folder at `path`.
///
/// Symbolic links anywhere in the folder are refused (except inside folders
/// whose name starts with `.`, which are not read), as are lesson files and
/// `course.toml` larger than [`MAX_TEXT_FILE_BYTES`] (without reading them).
pub fn import_dir(path: &Path) -> Result<Imported, ImportError> {
    let mut files = BTreeMap::new();
    let mut problems = Vec::new();
    let mut skipped = BTreeSet::new();
    let walker = walkdir::WalkDir::new(path)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
    for entry in walker {
        let entry = entry.map_err(|e| {
            let p = e.path().unwrap_or(path).to_path_buf();
            ImportError::Io {
                path: p,
                source: e
                    .into_io_error()
                    .unwrap_or_else(|| io::Error::other("file system loop")),
            }
        })?;
        if entry.depth() == 0 {
            continue;
        }
        let rel = entry.path().strip_prefix(path).unwrap_or(entry.path());
        let Some(rel) = rel
            .components()
            .map(|c| c.as_os_str().to_str())
            .collect::<Option<Vec<_>>>()
            .map(|parts| parts.join("/"))
        else {
            problems.push(Problem {
                file: rel.to_string_lossy().into_owned(),
                position: None,
                message: "file name is not valid UTF-8".into(),
            });
            continue;
        };
        let ft = entry.file_type();
        if ft.is_symlink() {
            problems.push(Problem {
                file: rel.clone(),
                position: None,
                message: "is a symbolic link; links are refused in a course folder (copy the file in instead)".into(),
            });
            skipped.insert(rel);
            continue;
        }
        if !ft.is_file() {
            continue;
        }
        let is_text = rel == COURSE_FILE
            || rel.starts_with("lessons/")
            || rel.starts_with("comments/")
            || rel.starts_with("translations/");
        if !is_text && !rel.starts_with("assets/") {
            continue;
        }
        let io_err = |source| ImportError::Io {
            path: entry.path().to_path_buf(),
            source,
        };
        let mut file = std::fs::File::open(entry.path()).map_err(io_err)?;
        let size = file.metadata().map_err(io_err)?.len();
        if is_text && size > MAX_TEXT_FILE_BYTES {
            problems.push(import::too_big(&rel, size));
            skipped.insert(rel);
            continue;
        }
        let mut bytes = Vec::with_capacity(size.min(MAX_TEXT_FILE_BYTES) as usize);
        file.read_to_end(&mut bytes).map_err(io_err)?;
        files.insert(rel, bytes);
    }
    import::import_map(&files, problems, &skipped)
}

/// The text files of `course`: `course.toml`, one `lessons/<id>.md` per
/// lesson and one `comments/<id>.toml` per review comment, keyed by their
/// path in the folder. Assets are not included.
pub fn export_files(course: &Course, comments: &[Comment]) -> BTreeMap<String, Vec<u8>> {
    let mut files = export::files(course);
    files.extend(comments::files(comments));
    files
}

/// [`export_files`] with one `translations/<lang>.toml` per translation.
pub fn export_files_with_translations(
    course: &Course,
    comments: &[Comment],
    translations: &[Translation],
) -> BTreeMap<String, Vec<u8>> {
    let mut files = export_files(course, comments);
    files.extend(translations::files(translations));
    files
}

/// The files of review comments alone: one `comments/<id>.toml` each, keyed
/// by path, exactly as [`export_files`] writes them (to add comments to a
/// course folder without rewriting it).
pub fn comment_files(comments: &[Comment]) -> BTreeMap<String, Vec<u8>> {
    comments::files(comments)
}

/// The file of one translation alone, `translations/<lang>.toml`, exactly
/// as [`export_files_with_translations`] writes it: (path, bytes).
pub fn translation_file(translation: &Translation) -> (String, Vec<u8>) {
    translations::files(std::slice::from_ref(translation))
        .into_iter()
        .next()
        .expect("one translation makes one file")
}

/// Writes `course` and its review `comments` as a course folder at `path`,
/// assets included (their bytes come from `assets`).
///
/// The target must not exist, be empty, or already be a course folder (hold a
/// `course.toml`); anything else is refused. In a course folder,
/// `course.toml`, `lessons/`, `assets/` and `comments/` are replaced as a
/// whole (so stale lessons, assets and comments disappear; `comments/` is
/// only written when there are comments) and every other file, such as
/// `.git` or a README, is kept. The new files are written into a staging
/// folder first and swapped in only once all of them are written; on failure
/// the old files are restored.
pub fn export_dir(
    course: &Course,
    comments: &[Comment],
    assets: &dyn Fn(&AssetInfo) -> io::Result<Vec<u8>>,
    path: &Path,
) -> Result<(), ExportError> {
    write::export_dir(course, comments, &[], assets, path)
}

/// [`export_dir`] with the course's translations, one
/// `translations/<lang>.toml` each (`translations/` is replaced as a whole,
/// and only written when there are translations).
pub fn export_dir_with_translations(
    course: &Course,
    comments: &[Comment],
    translations: &[Translation],
    assets: &dyn Fn(&AssetInfo) -> io::Result<Vec<u8>>,
    path: &Path,
) -> Result<(), ExportError> {
    write::export_dir(course, comments, translations, assets, path)
}
