//! The seam with `trellis-render` (see `docs/publishing.md`).
//!
//! Everything this crate needs from the renderer goes through this module, so
//! that swapping the stand-in below for the real crate touches one file.
//!
//! Stand-in: until `trellis-render` lands, [`render`] builds a minimal site
//! (an `index.html` that lists the lessons) and [`state_budget`] a rough
//! estimate. Both follow the documented API.

use std::collections::BTreeMap;
use std::path::PathBuf;

use trellis_model::Course;

/// Which package to build.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Target {
    Scorm12,
    Scorm2004,
    Cmi5,
    Xapi,
    Web,
    Preview,
}

/// What the renderer is asked for.
#[derive(Debug, Clone)]
pub struct RenderOptions {
    pub target: Target,
    pub theme_dir: Option<PathBuf>,
}

/// A rendered site: relative `/` paths to bytes.
#[derive(Debug, Clone, Default)]
pub struct Site {
    pub files: BTreeMap<String, Vec<u8>>,
}

/// Why rendering failed.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct RenderError(pub String);

/// Renders the course for `options.target`.
pub fn render(course: &Course, options: &RenderOptions) -> Result<Site, RenderError> {
    let _ = options;
    let mut html = String::from("<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>");
    html.push_str(&escape(&course.info.title));
    html.push_str("</title></head><body>\n");
    for lesson in course.lessons() {
        html.push_str("<section><h1>");
        html.push_str(&escape(&lesson.title));
        html.push_str("</h1></section>\n");
    }
    html.push_str("</body></html>\n");
    let mut site = Site::default();
    site.files.insert("index.html".into(), html.into_bytes());
    site.files
        .insert("trellis.js".into(), b"/* player */\n".to_vec());
    site.files
        .insert("trellis.css".into(), b"/* styles */\n".to_vec());
    Ok(site)
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// One thing that takes room in the saved state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BudgetItem {
    /// What it is, e.g. "lesson `Quiz` (l-quiz)" or "question q-3 in `Quiz`".
    pub label: String,
    /// Worst-case characters it needs.
    pub chars: usize,
}

/// Worst-case size of the state the player saves, with what costs the most.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Budget {
    pub total: usize,
    /// Biggest first.
    pub items: Vec<BudgetItem>,
}

/// The worst-case saved state of `course`.
pub fn state_budget(course: &Course) -> Budget {
    // Stand-in estimate: a fixed header, a flag per lesson, and per question
    // its id plus a worst-case response.
    let mut items = Vec::new();
    for lesson in course.lessons() {
        let mut chars = lesson.id.as_str().len() + 4;
        for block in &lesson.blocks {
            if let Some(q) = block.question() {
                let response = match &q.answer {
                    trellis_model::Answer::SingleChoice { choices }
                    | trellis_model::Answer::MultipleResponse { choices } => choices.len() * 2,
                    trellis_model::Answer::Matching { pairs } => pairs.len() * 4,
                    trellis_model::Answer::Ordering { items } => items.len() * 2,
                    trellis_model::Answer::FillBlank { .. } => 64,
                    _ => 8,
                };
                chars += block.id.as_str().len() + 6 + response;
            }
        }
        items.push(BudgetItem {
            label: format!("lesson `{}` ({})", lesson.title, lesson.id),
            chars,
        });
    }
    items.sort_by(|a, b| b.chars.cmp(&a.chars).then(a.label.cmp(&b.label)));
    Budget {
        total: 32 + items.iter().map(|i| i.chars).sum::<usize>(),
        items,
    }
}

/// Activity IRIs, from the model's stable ids.
pub mod ids {
    use trellis_model::{BlockId, Course, LessonId, ObjectiveId};

    pub fn course_iri(course: &Course) -> String {
        format!("urn:trellis:course:{}", course.id)
    }
    pub fn lesson_iri(course: &Course, lesson: &LessonId) -> String {
        format!("{}:lesson:{lesson}", course_iri(course))
    }
    pub fn question_iri(course: &Course, block: &BlockId) -> String {
        format!("{}:question:{block}", course_iri(course))
    }
    pub fn objective_iri(course: &Course, objective: &ObjectiveId) -> String {
        format!("{}:objective:{objective}", course_iri(course))
    }
}
