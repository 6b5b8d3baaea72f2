//! The job aid in the editor: the view of the aid as it will print (the
//! phone page made from the same model as the PDF), publishing it from
//! the Publish panel, and its files in the preview.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Serialize;
use trellis_jobaid::Labels;
use trellis_model::Course;

use crate::{App, AppError, LanguageName};

/// The job aid of the open course as it will print.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct JobAidView {
    /// Whether anything in the course is marked for the job aid.
    pub has: bool,
    /// The phone page as it prints (without its Print button, whose
    /// script the editor's own policy would refuse), made from the same
    /// model as the PDF.
    pub html: String,
    /// The aid's sections (lessons) in order.
    pub sections: Vec<String>,
    /// The address the QR code points to, when the author set one.
    pub url: Option<String>,
    /// Pages of the PDF on A4 (0 when nothing is marked).
    pub pages: usize,
    /// The language the aid is shown in.
    pub language: String,
    /// The languages it can be shown in: the course's own first, then each
    /// translation's.
    pub languages: Vec<LanguageName>,
}

/// What publishing the job aid (`publish` with target `job-aid`) answers.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct JobAidPublished {
    #[ts(type = "string")]
    pub path: PathBuf,
    pub target: &'static str,
    /// The files in the zip, by path.
    pub files: Vec<String>,
    /// The PDF's page count.
    pub pages: usize,
}

impl App {
    /// `{has, html, sections, url, pages, language, languages}`: whether
    /// anything is marked, the phone page of the open course's aid in
    /// `language` (the course's own when `None`; else one of its
    /// translations, made from the translated course as `publish --lang`
    /// makes it), its lessons in order, its address, its length on A4, and
    /// the languages it can be shown in.
    pub(crate) fn job_aid_view(&self, language: Option<&str>) -> Result<JobAidView, AppError> {
        let file = self.file()?;
        let source = file.course();
        let targets = file.translation_languages()?;
        let translated;
        let course = match language {
            Some(l) if !l.eq_ignore_ascii_case(&source.info.language) => {
                let translation = file.translation(l)?.ok_or_else(|| {
                    AppError::not_found(format!("The course has no translation into “{l}”."))
                })?;
                translated = trellis_translate::translated_course(source, &translation).0;
                &translated
            }
            _ => source,
        };
        let aid = trellis_jobaid::build(course);
        let labels = Labels::for_language(&course.info.language);
        let assets = |name: &str| file.asset_bytes(name).ok();
        let html = trellis_jobaid::phone::printed_page(&aid, &labels, &assets);
        let has = !aid.sections.is_empty();
        let pages = if has {
            trellis_jobaid::measure(course).pages
        } else {
            0
        };
        let name = |l: &str| LanguageName {
            language: l.to_owned(),
            name: trellis_render::language_name(l).to_string(),
        };
        Ok(JobAidView {
            has,
            html,
            sections: aid.sections.iter().map(|s| s.title.clone()).collect(),
            url: aid.url.clone(),
            pages,
            language: course.info.language.clone(),
            languages: std::iter::once(source.info.language.as_str())
                .chain(targets.iter().map(String::as_str))
                .map(name)
                .collect(),
        })
    }

    /// Writes the job aid zip (both PDFs, the phone page, the QR code when
    /// the course has an address for it; each translation's in a folder
    /// named after its language) at `path`: `{path, files, pages}`, the
    /// page count the course's own language's.
    pub(crate) fn publish_job_aid(&mut self, path: &Path) -> Result<JobAidPublished, AppError> {
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
        let assets = |name: &str| file.asset_bytes(name).ok();
        // The course's own language at the top, each translation's in a
        // folder named after its language, as `trellis publish` writes it.
        let mut files: BTreeMap<String, Vec<u8>> = BTreeMap::new();
        let mut pages = 0;
        let translated: Vec<Course> = file
            .translations()?
            .iter()
            .map(|t| trellis_translate::translated_course(course, t).0)
            .collect();
        for (i, c) in std::iter::once(course).chain(&translated).enumerate() {
            let prefix = if i == 0 {
                String::new()
            } else {
                format!("{}/", c.info.language)
            };
            let aid = trellis_jobaid::build(c);
            let labels = Labels::for_language(&c.info.language);
            let out = trellis_jobaid::files(&aid, &labels, &assets)
                .map_err(|e| AppError::bad_input(e.to_string()))?;
            if i == 0 {
                pages = out.pages;
            }
            for (name, bytes) in out.files {
                files.insert(format!("{prefix}{name}"), bytes);
            }
        }
        trellis_publish::output::write_file(&path, |w| {
            trellis_publish::zipout::write_zip(&files, w, &mut |_| {}).map(|(_, size)| size)
        })
        .map_err(|e| AppError::io("Could not write the job aid", &std::io::Error::other(e)))?;
        self.last_package_dir = path.parent().map(Path::to_owned);
        Ok(JobAidPublished {
            target: "job-aid",
            files: files.keys().cloned().collect(),
            pages,
            path,
        })
    }
}

/// A file of `course`'s job aid as the preview serves it at
/// `job-aid/<name>`, where the last lesson's links point (`index.html`,
/// the PDFs, `qr-code.svg`): made from the course as it is now, when it is
/// asked for, in the course's language, exactly as a published package
/// carries it. `None` when the course has no job aid or no such file.
pub fn job_aid_file(
    course: &Course,
    assets: trellis_jobaid::pdf::Assets,
    name: &str,
) -> Option<(String, Vec<u8>)> {
    if !trellis_jobaid::PACKAGE_FILES.contains(&name) || !trellis_jobaid::has_job_aid(course) {
        return None;
    }
    let aid = trellis_jobaid::build(course);
    let labels = Labels::for_language(&course.info.language);
    let bytes = trellis_jobaid::file(&aid, &labels, assets, name).ok()??;
    Some((crate::mime_for(name).to_owned(), bytes))
}
