//! The job aid in the editor: the view of the aid as it will print (the
//! phone page made from the same model as the PDF) and publishing it from
//! the Publish panel.

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::{Value, json};
use trellis_jobaid::Labels;

use crate::{App, AppError};

impl App {
    /// `{has, html, sections, url}`: whether anything is marked, the phone
    /// page of the open course's aid, its lessons in order, and its address.
    pub(crate) fn job_aid_view(&self) -> Result<Value, AppError> {
        let file = self.file()?;
        let course = file.course();
        let aid = trellis_jobaid::build(course);
        let assets = |name: &str| file.asset_bytes(name).ok();
        let html = trellis_jobaid::phone::page(&aid, &Labels::default(), &assets);
        Ok(json!({
            "has": !aid.sections.is_empty(),
            "html": html,
            "sections": aid.sections.iter().map(|s| s.title.clone()).collect::<Vec<_>>(),
            "url": aid.url,
        }))
    }

    /// Writes the job aid zip (both PDFs, the phone page, the QR code when
    /// the course has an address for it) at `path`: `{path, files, pages}`.
    pub(crate) fn publish_job_aid(&mut self, path: &Path) -> Result<Value, AppError> {
        let path = self.resolve(path);
        self.may_write(&path, Some("zip"))?;
        let file = self.file()?;
        if trellis_publish::output::same_file(&path, file.path()) {
            return Err(AppError::bad_input(format!(
                "{} is the course itself; choose another name for the job aid, such as aid.zip.",
                path.display()
            )));
        }
        let course = file.course();
        if !trellis_jobaid::has_job_aid(course) {
            return Err(AppError::bad_input(
                "Nothing in this course is marked for the job aid yet. Mark a lesson or a block \
                 for it first.",
            ));
        }
        let aid = trellis_jobaid::build(course);
        let assets = |name: &str| file.asset_bytes(name).ok();
        let out = trellis_jobaid::files(&aid, &Labels::default(), &assets)
            .map_err(|e| AppError::bad_input(e.to_string()))?;
        let files: BTreeMap<String, Vec<u8>> = out.files.into_iter().collect();
        trellis_publish::output::write_file(&path, |w| {
            trellis_publish::zipout::write_zip(&files, w, &mut |_| {}).map(|(_, size)| size)
        })
        .map_err(|e| AppError::io("Could not write the job aid", &std::io::Error::other(e)))?;
        self.last_package_dir = path.parent().map(Path::to_owned);
        Ok(json!({
            "path": path,
            "target": "job-aid",
            "files": files.keys().collect::<Vec<_>>(),
            "pages": out.pages,
        }))
    }
}
