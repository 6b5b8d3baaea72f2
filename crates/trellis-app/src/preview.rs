//! The preview: the real player output for the `preview` target, the
//! page rendered once per revision, the lessons that changed since a
//! revision, and the course's assets.

use serde::Serialize;
use serde_json::Value;
use trellis_model::{BlockId, Course, Edit, LessonId};
use trellis_publish::Target;

use crate::{App, AppError, to_json};

/// What `preview_update` answers: the parts of the preview page that
/// changed after a revision, drawn for `revision`; with `reload`, the page
/// must be drawn again instead.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct PreviewUpdate {
    pub revision: u64,
    pub reload: bool,
    pub lessons: Vec<PreviewLesson>,
    /// The menu's HTML, when lesson titles changed.
    pub menu: Option<String>,
}

/// One lesson of a [`PreviewUpdate`] (also `lessons/<id>.json` of the
/// preview): its page index, its `<section>` and its part of the player's
/// data.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct PreviewLesson {
    pub page: usize,
    pub id: String,
    pub html: String,
    pub data: Value,
}

/// What one revision changed, as far as the preview page is concerned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum PreviewChange {
    /// Only these lessons' sections (and, with `menu`, the titles in the menu).
    Lessons { lessons: Vec<LessonId>, menu: bool },
    /// Anything else: the page is drawn again.
    Page,
}

impl App {
    /// `{revision, reload, lessons: [{page, id, html, data}], menu}`: the
    /// parts of the preview page (target `preview`) that changed after
    /// revision `from`, rendered for the current revision; `reload` when
    /// more than lessons and menu titles changed, or `from` is too old.
    pub fn preview_update(&self, from: u64) -> Result<Value, AppError> {
        let file = self.file()?;
        let revision = self.revision;
        let reload = || {
            to_json(&PreviewUpdate {
                revision,
                reload: true,
                lessons: Vec::new(),
                menu: None,
            })
        };
        if from > revision {
            return reload();
        }
        let mut lessons: Vec<LessonId> = Vec::new();
        let mut menu = false;
        for r in from + 1..=revision {
            match self.preview_log.iter().find(|(at, _)| *at == r) {
                Some((
                    _,
                    PreviewChange::Lessons {
                        lessons: l,
                        menu: m,
                    },
                )) => {
                    for id in l {
                        if !lessons.contains(id) {
                            lessons.push(id.clone());
                        }
                    }
                    menu |= m;
                }
                _ => return reload(),
            }
        }
        let options = trellis_render::RenderOptions::new(Target::Preview);
        let parts = trellis_render::preview::lessons(file.course(), &options, &lessons)
            .map_err(|e| AppError::internal(format!("The preview could not be drawn: {e}.")))?;
        if parts.len() != lessons.len() {
            return reload();
        }
        let menu = if menu {
            Some(
                trellis_render::preview::menu(file.course(), &options).map_err(|e| {
                    AppError::internal(format!("The preview could not be drawn: {e}."))
                })?,
            )
        } else {
            None
        };
        let lessons: Vec<PreviewLesson> = parts
            .into_iter()
            .map(|p| PreviewLesson {
                page: p.page,
                id: p.id,
                html: p.html,
                data: p.data,
            })
            .collect();
        to_json(&PreviewUpdate {
            revision,
            reload: false,
            lessons,
            menu,
        })
    }
    /// What `edit` will change in the preview page, judged before it is
    /// applied to `course`.
    pub(crate) fn preview_change(course: &Course, edit: &Edit) -> PreviewChange {
        let lesson_of = |id: &BlockId| {
            course
                .blocks()
                .find(|(_, b)| &b.id == id)
                .map(|(l, _)| l.id.clone())
        };
        let lessons = |ids: Vec<Option<LessonId>>, menu: bool| match ids.into_iter().collect() {
            Some(lessons) => PreviewChange::Lessons { lessons, menu },
            None => PreviewChange::Page,
        };
        match edit {
            Edit::UpdateBlock { block } => lessons(vec![lesson_of(&block.id)], false),
            Edit::AddBlock { lesson, .. } => lessons(vec![Some(lesson.clone())], false),
            Edit::DeleteBlock { id }
            | Edit::LinkObjective { block: id, .. }
            | Edit::UnlinkObjective { block: id, .. } => lessons(vec![lesson_of(id)], false),
            Edit::MoveBlock { id, lesson, .. } => {
                lessons(vec![lesson_of(id), Some(lesson.clone())], false)
            }
            Edit::RenameLesson { id, .. } | Edit::UpdateLesson { id, .. } => {
                lessons(vec![Some(id.clone())], true)
            }
            Edit::RenameModule { .. } => lessons(Vec::new(), true),
            Edit::Batch { edits } => {
                let mut all = Vec::new();
                let mut menu = false;
                for e in edits {
                    match Self::preview_change(course, e) {
                        PreviewChange::Lessons {
                            lessons: l,
                            menu: m,
                        } => {
                            all.extend(l);
                            menu |= m;
                        }
                        PreviewChange::Page => return PreviewChange::Page,
                    }
                }
                PreviewChange::Lessons { lessons: all, menu }
            }
            _ => PreviewChange::Page,
        }
    }
    /// A file of the preview site: `""` or `index.html` for the page,
    /// `assets/<name>` (percent-encoded) for an asset, `lessons/<id>.json`
    /// for one lesson (`{page, id, html, data}`, as in `preview_update`),
    /// `job-aid/<name>` for a file of the job aid the last lesson links to
    /// (made when asked for, see [`crate::job_aid_file`]).
    /// The page draws only one lesson in full, `?lesson=<id>` (else the
    /// first); the player fetches the others as they are shown (see
    /// [`trellis_render::preview::page`]). `None` when there is no such
    /// file or no course is open.
    pub fn preview_file(&mut self, path: &str) -> Option<(String, Vec<u8>)> {
        let path = path.trim_start_matches('/');
        let (path, query) = match path.split_once('?') {
            Some((p, q)) => (p, q.split('#').next().unwrap_or_default()),
            None => (path.split('#').next().unwrap_or_default(), ""),
        };
        // The preview in a target language: `lang/<language>/…`.
        if let Some((language, rest)) = path.strip_prefix("lang/").and_then(|p| p.split_once('/')) {
            if rest.starts_with("assets/") {
                return self.preview_file(rest);
            }
            let rest = if rest.is_empty() { "index.html" } else { rest };
            return self.preview_file_in(language, rest, Self::preview_query_lesson(query));
        }
        let path = if path.is_empty() { "index.html" } else { path };
        let file = self.file.as_ref()?;
        if let Some(name) = path.strip_prefix("assets/") {
            let name = percent_decode(name)?;
            let info = file.course().asset(&name)?;
            let media_type = info.media_type.clone();
            let bytes = file.asset_bytes(&name).ok()?;
            return Some((media_type, bytes));
        }
        if let Some(name) = path.strip_prefix("job-aid/") {
            let assets = |name: &str| file.asset_bytes(name).ok();
            return crate::job_aid_file(file.course(), &assets, name);
        }
        let options = trellis_render::RenderOptions::new(Target::Preview);
        if let Some(name) = path.strip_prefix("lessons/") {
            let id = percent_decode(name.strip_suffix(".json")?)?;
            let lesson = file.course().lessons().find(|l| l.id.as_str() == id)?;
            let ids = std::slice::from_ref(&lesson.id);
            let part = trellis_render::preview::lessons(file.course(), &options, ids)
                .ok()?
                .pop()?;
            return Some((
                mime_for(path).to_owned(),
                part.json().to_string().into_bytes(),
            ));
        }
        let revision = self.revision;
        // The page is handed out, not copied: it is drawn again (for the
        // lesson it opens on) each time it is asked for.
        let stale = match &self.site {
            Some((r, Ok(_))) => *r != revision || path == "index.html",
            Some((r, Err(_))) => *r != revision,
            None => true,
        };
        if stale {
            let open = Self::preview_query_lesson(query);
            let site = trellis_render::preview::page(file.course(), &options, open.as_deref())
                .map_err(|e| e.to_string());
            self.site = Some((revision, site));
        }
        let (_, site) = self.site.as_mut()?;
        match site {
            Ok(site) if path == "index.html" => site
                .files
                .remove(path)
                .map(|bytes| (mime_for(path).to_owned(), bytes)),
            Ok(site) => site
                .files
                .get(path)
                .map(|bytes| (mime_for(path).to_owned(), bytes.clone())),
            Err(message) if path == "index.html" => Some((
                "text/html; charset=utf-8".into(),
                format!(
                    "<!doctype html><meta charset=utf-8><title>Preview</title>\
                     <p>The preview could not be drawn: {}</p>",
                    html_escape(message)
                )
                .into_bytes(),
            )),
            Err(_) => None,
        }
    }
    /// The lesson id in a preview page's query (`lesson=<id>`, percent- or
    /// `+`-encoded), if any.
    pub(crate) fn preview_query_lesson(query: &str) -> Option<String> {
        query
            .split('&')
            .find_map(|pair| pair.strip_prefix("lesson="))
            .and_then(|v| percent_decode(&v.replace('+', " ")))
            .filter(|v| !v.is_empty())
    }
}

/// The media type of a preview file, by its ending.
pub fn mime_for(path: &str) -> &'static str {
    let ext = path.rsplit('.').next().unwrap_or_default();
    match ext.to_ascii_lowercase().as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "txt" => "text/plain; charset=utf-8",
        "vtt" => "text/vtt",
        "mp4" | "m4v" => "video/mp4",
        "webm" => "video/webm",
        "mp3" => "audio/mpeg",
        "wasm" => "application/wasm",
        // Any other asset a course may carry (audio, captions, PDF…).
        _ => trellis_assets::media_type_for(path).unwrap_or("application/octet-stream"),
    }
}

/// Decodes the `%XX` escapes of a URL path (asset names may hold spaces);
/// `None` for a malformed escape or bytes that are not UTF-8.
pub fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = s.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

pub(crate) fn html_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

#[cfg(test)]
mod preview_tests {
    use std::path::Path;

    use serde_json::{Value, json};
    use trellis_model::{BlockContent, Edit};
    use trellis_store::CourseFile;

    use crate::{App, AppConfig, Command};

    fn open_demo(dir: &Path) -> App {
        let mut app = App::new(AppConfig::default());
        let path = dir.join("demo.trellis");
        CourseFile::create(&path, &trellis_model::sample::demo_course(), Vec::new()).unwrap();
        app.call(Command::OpenCourse { path }).unwrap();
        app
    }

    #[test]
    fn text_edits_update_one_lesson_and_others_reload() {
        let dir = tempfile::tempdir().unwrap();
        let mut app = open_demo(dir.path());
        let start = app.revision();
        let none = app.preview_update(start).unwrap();
        assert_eq!(none["reload"], false);
        assert_eq!(none["lessons"], json!([]));
        // Opening the course is no in-place change.
        assert_eq!(app.preview_update(start - 1).unwrap()["reload"], true);

        let course = app.course().unwrap().clone();
        let (lesson, block) = course
            .blocks()
            .find(|(_, b)| matches!(b.content, BlockContent::Text { .. }))
            .map(|(l, b)| (l.id.clone(), b.clone()))
            .unwrap();
        let mut changed = block.clone();
        if let BlockContent::Text { markdown } = &mut changed.content {
            *markdown = "Changed **words**".into();
        }
        app.call(Command::Apply {
            edit: Edit::UpdateBlock { block: changed },
            run: None,
        })
        .unwrap();
        app.call(Command::Apply {
            edit: Edit::RenameLesson {
                id: lesson.clone(),
                title: "New title".into(),
            },
            run: None,
        })
        .unwrap();
        let update = app.preview_update(start).unwrap();
        assert_eq!(update["reload"], false);
        assert_eq!(update["revision"], app.revision());
        let lessons = update["lessons"].as_array().unwrap();
        assert_eq!(lessons.len(), 1);
        assert_eq!(lessons[0]["id"], lesson.as_str());
        let html = lessons[0]["html"].as_str().unwrap();
        assert!(html.contains("<strong>words</strong>") && html.contains("New title"));
        assert!(update["menu"].as_str().unwrap().contains("New title"));
        // The same bytes as the whole page.
        let (_, page) = app.preview_file("index.html").unwrap();
        let page = String::from_utf8(page).unwrap();
        assert!(page.contains(html));

        // Undo is drawn again.
        let before = app.revision();
        app.call(Command::Undo).unwrap();
        assert_eq!(app.preview_update(before).unwrap()["reload"], true);
        // So is a deleted lesson.
        let before = app.revision();
        app.call(Command::Apply {
            edit: Edit::DeleteLesson { id: lesson },
            run: None,
        })
        .unwrap();
        assert_eq!(app.preview_update(before).unwrap()["reload"], true);
    }

    #[test]
    fn the_listener_gets_lesson_updates_as_they_are_made() {
        use std::sync::{Arc, Mutex};
        let dir = tempfile::tempdir().unwrap();
        let mut app = open_demo(dir.path());
        type Seen = Vec<(u64, Option<Value>)>;
        let seen: Arc<Mutex<Seen>> = Arc::default();
        let log = seen.clone();
        app.set_change_listener(Box::new(move |rev, update| {
            log.lock().unwrap().push((rev, update));
        }));
        let lesson = app.course().unwrap().lessons().next().unwrap().id.clone();
        app.call(Command::Apply {
            edit: Edit::RenameLesson {
                id: lesson.clone(),
                title: "Renamed".into(),
            },
            run: None,
        })
        .unwrap();
        let now = app.preview_update(app.revision() - 1).unwrap();
        app.call(Command::Undo).unwrap();
        let seen = seen.lock().unwrap();
        assert_eq!(seen.len(), 2);
        let (rev, update) = &seen[0];
        let update = update.as_ref().unwrap();
        assert_eq!(update["revision"], *rev);
        assert_eq!(update["lessons"][0]["id"], lesson.as_str());
        assert_eq!(*update, now);
        assert_eq!(seen[1], (app.revision(), None));
    }

    /// The last lesson's job aid links come with the first block marked
    /// for the aid (the edited lesson and the last one are drawn again),
    /// and the preview makes the files they open: the phone page and the
    /// PDFs, the same bytes a published package carries.
    #[test]
    fn the_preview_links_to_the_job_aid_it_makes() {
        let dir = tempfile::tempdir().unwrap();
        let mut app = open_demo(dir.path());
        let course = app.course().unwrap().clone();
        assert!(!course.has_job_aid());
        let last = course.lessons().last().unwrap().id.clone();
        assert!(app.preview_file("job-aid/index.html").is_none());
        let (lesson, block) = course
            .blocks()
            .find(|(l, b)| matches!(b.content, BlockContent::Text { .. }) && l.id != last)
            .map(|(l, b)| (l.id.clone(), b.clone()))
            .unwrap();
        let mut marked = block.clone();
        marked.job_aid = Some(true);
        let before = app.revision();
        app.call(Command::Apply {
            edit: Edit::UpdateBlock { block: marked },
            run: None,
        })
        .unwrap();
        let update = app.preview_update(before).unwrap();
        assert_eq!(update["reload"], false);
        let ids: Vec<&str> = update["lessons"]
            .as_array()
            .unwrap()
            .iter()
            .map(|l| l["id"].as_str().unwrap())
            .collect();
        assert_eq!(ids, [lesson.as_str(), last.as_str()]);
        let html = update["lessons"][1]["html"].as_str().unwrap();
        for link in [
            "<a href=\"job-aid/index.html\" target=\"_blank\" rel=\"noopener\">",
            "<a href=\"job-aid/job-aid-a4.pdf\" download type=\"application/pdf\">",
            "<a href=\"job-aid/job-aid-letter.pdf\" download type=\"application/pdf\">",
        ] {
            assert!(html.contains(link), "{link}");
        }
        let (_, page) = app
            .preview_file(&format!("index.html?lesson={last}"))
            .unwrap();
        assert!(String::from_utf8(page).unwrap().contains(html));

        let course = app.course().unwrap().clone();
        let aid = trellis_jobaid::build(&course);
        let labels = trellis_jobaid::Labels::for_language(&course.info.language);
        for name in ["index.html", "job-aid-a4.pdf", "job-aid-letter.pdf"] {
            let (mime, bytes) = app.preview_file(&format!("job-aid/{name}")).unwrap();
            let made = trellis_jobaid::file(&aid, &labels, &|_| None, name)
                .unwrap()
                .unwrap();
            assert_eq!(bytes, made, "{name}");
            assert_eq!(mime, crate::mime_for(name));
        }
        assert_eq!(crate::mime_for("job-aid-a4.pdf"), "application/pdf");
        // No address, no QR code; no other file.
        assert!(app.preview_file("job-aid/qr-code.svg").is_none());
        assert!(app.preview_file("job-aid/other.pdf").is_none());

        // Unmarked again: the links go.
        let before = app.revision();
        app.call(Command::Apply {
            edit: Edit::UpdateBlock { block },
            run: None,
        })
        .unwrap();
        let update = app.preview_update(before).unwrap();
        let html = update["lessons"][1]["html"].as_str().unwrap();
        assert!(!html.contains("job-aid/"));
        assert!(app.preview_file("job-aid/index.html").is_none());
    }
}
