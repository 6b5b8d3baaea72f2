//! Opening course files: a new one from a blueprint, an existing one, a
//! text-format folder or a document imported into a new one; closing.

use std::path::{Path, PathBuf};

use serde::Serialize;

use serde_json::{Value, json};
use trellis_model::CourseId;
use trellis_store::CourseFile;

use crate::{App, AppError, ErrorCode, blueprints};

/// What `import_document` did (its answer's `import_report`): what each
/// part of the document became, and what was not brought over.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct ImportReport {
    /// The document's format, in the author's words.
    pub format: &'static str,
    pub mapped: Vec<ImportEntry>,
    pub skipped: Vec<ImportEntry>,
}

/// One line of an [`ImportReport`]: where in the document, and what.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct ImportEntry {
    /// A line, paragraph or slide of the document.
    pub place: String,
    pub what: String,
}

impl App {
    /// Opens what the user named when starting the app: a course file, or a
    /// text-format folder, which is imported into a new course file in the
    /// system's temporary folder (see [`App::path`]). Builds no snapshot (the
    /// window asks for one when it is ready).
    pub fn open_at_start(&mut self, path: &Path) -> Result<(), AppError> {
        if path.is_dir() {
            let name = path
                .canonicalize()
                .ok()
                .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
                .unwrap_or_else(|| "course".into());
            let dir = std::env::temp_dir().join("trellis");
            std::fs::create_dir_all(&dir)
                .map_err(|e| AppError::io(format!("Could not create {}", dir.display()), &e))?;
            let stamp = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_millis())
                .unwrap_or(0);
            let file = dir.join(format!("{name}-{stamp}-{}.trellis", std::process::id()));
            self.import_folder(path, Some(&file))
        } else {
            self.open_course(path)
        }
    }
    /// Opens the course file at `path` (relative: see [`App::resolve`]),
    /// unless it is open already.
    pub(crate) fn open_course(&mut self, path: &Path) -> Result<(), AppError> {
        let path = self.resolve(path);
        if let Some(open) = self.path()
            && same_file(open, &path)
        {
            self.remember();
            return Ok(());
        }
        // Editing writes into the file. Asked first, so that a refused
        // client cannot learn whether a file exists.
        self.may_write(&path, None)?;
        if !path.exists() {
            return Err(AppError::not_found(format!(
                "There is no file at {}.",
                path.display()
            )));
        }
        if path.is_dir() {
            return Err(AppError::new(
                ErrorCode::NotACourse,
                format!(
                    "{} is a folder. To edit a course folder, import it into a course file.",
                    path.display()
                ),
            ));
        }
        // A file from an older Trellis is updated on the first change, not
        // on opening; the snapshot says so meanwhile (`upgrade_notice`).
        let file = CourseFile::open_upgrading_on_first_change(&path)?;
        self.set_file(file);
        Ok(())
    }
    /// Imports the text-format `folder` into a new course file at `path`
    /// and opens it.
    pub(crate) fn import_folder(
        &mut self,
        folder: &Path,
        path: Option<&Path>,
    ) -> Result<(), AppError> {
        let folder = self.resolve(folder);
        self.may_read(&folder)?;
        if !folder.is_dir() {
            return Err(AppError::not_found(format!(
                "There is no folder at {}.",
                folder.display()
            )));
        }
        let imported = trellis_text::import_dir(&folder)?;
        self.create_and_open(path, imported)
    }

    /// Imports `document` into a new course file at `path` and opens it;
    /// what the import did.
    pub(crate) fn import_document(
        &mut self,
        document: &Path,
        path: Option<&Path>,
        options: trellis_import::Options,
    ) -> Result<ImportReport, AppError> {
        let document = self.readable_document(document)?;
        let imported = trellis_import::import_file_with(&document, options)
            .map_err(|e| AppError::bad_input(crate::error::sentence(e.to_string())))?;
        let report = crate::import_into::report(&imported);
        self.create_and_open(
            path,
            trellis_text::Imported {
                course: imported.course,
                assets: imported.assets,
                comments: imported.comments,
                translations: Vec::new(),
            },
        )?;
        Ok(report)
    }

    /// Creates a course file from `blueprint` and opens it (see [`Command::NewCourse`]).
    pub(crate) fn new_course(
        &mut self,
        blueprint: &str,
        path: Option<PathBuf>,
        title: Option<String>,
    ) -> Result<Value, AppError> {
        let mut imported = blueprints::get(blueprint)?;
        imported.course.id = CourseId::generate();
        if let Some(title) = title.filter(|t| !t.trim().is_empty()) {
            if let Some(bad) = trellis_model::find_bad_char(&json!({ "title": title })) {
                return Err(AppError::bad_input(format!(
                    "The course was not created: {bad}."
                )));
            }
            imported.course.info.title = title.trim().to_owned();
        }
        self.create_and_open(path.as_deref(), imported)?;
        self.snapshot()
    }

    /// Writes `imported` (the course with its assets, review comments and
    /// translations) into a new course file at `path`, or at a new name
    /// from its title in the courses folder, and opens it.
    fn create_and_open(
        &mut self,
        path: Option<&Path>,
        imported: trellis_text::Imported,
    ) -> Result<(), AppError> {
        let path = match path {
            Some(path) => self.resolve(path),
            None => self.new_course_path(&imported.course.info.title)?,
        };
        self.may_write(&path, Some("trellis"))?;
        let file = CourseFile::create_with_translations(
            &path,
            &imported.course,
            imported.assets,
            &imported.comments,
            &imported.translations,
        )?;
        self.set_file(file);
        Ok(())
    }

    /// Closes the open course, if any.
    pub(crate) fn close(&mut self) -> Result<Value, AppError> {
        if self.file.take().is_some() {
            self.changed();
        }
        Ok(Value::Null)
    }
}

pub(crate) fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => a == b,
    }
}
