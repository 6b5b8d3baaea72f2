//! A document imported into the open course (`import_document_into`): its
//! modules, objectives, pictures and review comments added as new modules
//! after the course's own, in one change the author undoes in one step; and
//! the import options and report shared with `import_document`.

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::error::AppError;
use crate::{App, ImportEntry, ImportReport, PreviewChange, to_json};

/// The import options a command gives: what a slide becomes, and which
/// heading levels start modules (`None`: none) and lessons.
pub(crate) fn options(
    slides_as_headings: bool,
    module_heading: Option<u8>,
    lesson_heading: u8,
) -> Result<trellis_import::Options, AppError> {
    let headings =
        trellis_import::Headings::new(module_heading, lesson_heading).map_err(|why| {
            AppError::bad_input(crate::error::sentence(format!(
                "Nothing was imported: {why}"
            )))
        })?;
    Ok(trellis_import::Options {
        slides: if slides_as_headings {
            trellis_import::SlideMode::Headings
        } else {
            trellis_import::SlideMode::Lessons
        },
        headings,
    })
}

/// What the import did, for the author: what became what and what was not
/// brought over.
pub(crate) fn report(imported: &trellis_import::Imported) -> ImportReport {
    let entries = |list: &[(trellis_import::Place, String)]| {
        list.iter()
            .map(|(place, what)| ImportEntry {
                place: place.to_string(),
                what: what.clone(),
            })
            .collect::<Vec<_>>()
    };
    ImportReport {
        format: imported.format.name(),
        mapped: entries(&imported.report.mapped),
        skipped: entries(&imported.report.skipped),
    }
}

/// Serde's default heading levels: Heading 1 → module, Heading 2 → lesson.
pub(crate) fn default_module_heading() -> Option<u8> {
    Some(1)
}

pub(crate) fn default_lesson_heading() -> u8 {
    2
}

impl App {
    /// `document` resolved, when the client may read it and it exists.
    pub(crate) fn readable_document(&self, document: &Path) -> Result<PathBuf, AppError> {
        let document = self.resolve(document);
        self.may_read(&document)?;
        if !document.exists() {
            return Err(AppError::not_found(format!(
                "There is no document at {}.",
                document.display()
            )));
        }
        Ok(document)
    }

    /// Imports `document` into the open course as new modules after its
    /// last, with the document's objectives, pictures and review comments,
    /// as one undo step ("Import <file name>"); answers the delta with
    /// `import_report`. A document that cannot be read changes nothing.
    pub(crate) fn import_document_into(
        &mut self,
        document: &Path,
        options: trellis_import::Options,
    ) -> Result<Value, AppError> {
        let document = self.readable_document(document)?;
        let base = self.file()?.course().clone();
        let mut imported = trellis_import::import_file_onto(
            &document,
            options,
            trellis_import::Onto::open_course(base.clone()),
        )
        .map_err(|e| AppError::bad_input(crate::error::sentence(e.to_string())))?;
        trellis_import::fresh_comment_ids(&mut imported.comments, &self.file()?.comments()?);
        let Some(edit) = trellis_import::additions(&base, &imported.course) else {
            return Err(AppError::bad_input(format!(
                "{} added nothing to the course.",
                document.display()
            )));
        };
        let report = report(&imported);
        let before = self.revision;
        let file = self.file_mut()?;
        if file.upgrade_pending().is_some() {
            file.upgrade()?;
        }
        let name = document
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "document".to_owned());
        file.apply_import(
            edit,
            &imported.assets,
            &imported.comments,
            &format!("Import {name}"),
        )?;
        self.changed_rows(PreviewChange::Page);
        let mut delta = self.delta_since(before)?;
        if let Value::Object(map) = &mut delta {
            map.insert("import_report".into(), to_json(&report)?);
        }
        Ok(delta)
    }
}
