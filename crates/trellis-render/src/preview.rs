//! The authoring tool's preview page (target [`crate::Target::Preview`]) and
//! its parts.
//!
//! [`page`] is the editor's preview: the whole course's menu and player
//! data, but only one lesson drawn in full; every other lesson is a
//! placeholder `<section data-lazy>` (its id, page index and title). The
//! player's `preview` module fetches `lessons/<id>.json` (a [`LessonPart`],
//! as [`LessonPart::json`]) the first time a placeholder is shown, and puts
//! it in as it puts in an edited lesson.
//!
//! The parts let an edit, or that first visit, bring in a lesson without
//! rendering and reloading the whole course: one lesson's `<section>` with
//! the player data it needs, and the course menu. Each part is byte for
//! byte what [`render`] puts in `index.html` for the same course and
//! options. Published sites never use this module.
//!
//! [`render`]: crate::render

use serde_json::{Value, json};
use trellis_model::{Course, LessonId};

use crate::{RenderError, RenderOptions, Site, Target, data, html, markdown, template};

/// The preview site (`index.html`, `trellis.js`) for `options` with only
/// the lesson `open` (a lesson id; the first lesson when `None` or not in
/// the course) drawn in full and the others as placeholders. The player
/// data is the whole course's, as in [`crate::render`], so navigation,
/// progress, scores, saved state and resume do not depend on which lessons
/// have been drawn. For any target other than `preview` this is
/// [`crate::render`]: published sites always carry every lesson.
pub fn page(
    course: &Course,
    options: &RenderOptions,
    open: Option<&str>,
) -> Result<Site, RenderError> {
    if options.target != Target::Preview {
        return crate::render(course, options);
    }
    let at = open
        .and_then(|id| course.lessons().position(|l| l.id.as_str() == id))
        .unwrap_or(0);
    crate::render_page(course, options, Some(at))
}

/// One lesson of the preview page.
#[derive(Debug, Clone, PartialEq)]
pub struct LessonPart {
    /// The lesson's page index (its place among all lessons).
    pub page: usize,
    pub id: String,
    /// The lesson's `<section>`, as in `index.html`.
    pub html: String,
    /// The lesson's part of the player data: `{page, questions: [[index,
    /// question]…], scenarios: [[index, scenario]…], assessment: bool}`,
    /// with the indexes of the course-wide lists.
    pub data: Value,
}

impl LessonPart {
    /// `{page, id, html, data}`: what `lessons/<id>.json` answers and what
    /// the player's `trellisPreview.update` takes in `lessons`.
    pub fn json(&self) -> Value {
        json!({"page": self.page, "id": self.id, "html": self.html, "data": self.data})
    }
}

/// Renders the lessons `ids` (those that exist; in course order).
pub fn lessons(
    course: &Course,
    options: &RenderOptions,
    ids: &[LessonId],
) -> Result<Vec<LessonPart>, RenderError> {
    let templates = template::Templates::load(options.theme_dir.as_deref(), &course.info.language)?;
    let sanitizer = markdown::Sanitizer::new();
    let mut writer = html::PageWriter::new(course, &templates, &sanitizer);
    writer.set_job_aid(options);
    let pages: Vec<usize> = course
        .lessons()
        .enumerate()
        .filter(|(_, l)| ids.contains(&l.id))
        .map(|(page, _)| page)
        .collect();
    if pages.is_empty() {
        return Ok(Vec::new());
    }
    let all = serde_json::to_value(data::course_data_of(
        course,
        options.target,
        &templates,
        &|p| pages.contains(&p),
    ))
    .expect("player data serialises");
    let pick = |list: &str, page: usize| -> Vec<Value> {
        all[list]
            .as_array()
            .map(|items| {
                items
                    .iter()
                    .enumerate()
                    .filter(|(_, d)| d["page"].as_u64() == Some(page as u64))
                    .map(|(i, d)| json!([i, d]))
                    .collect()
            })
            .unwrap_or_default()
    };
    // Every lesson moves the course-wide numbering on, drawn or not.
    let mut parts = Vec::with_capacity(pages.len());
    for (page, lesson) in course.lessons().enumerate() {
        if !pages.contains(&page) {
            writer.skip(lesson);
            continue;
        }
        parts.push(LessonPart {
            page,
            id: lesson.id.to_string(),
            html: writer.lesson(page, lesson),
            data: json!({
                "page": all["pages"][page],
                "questions": pick("questions", page),
                "scenarios": pick("scenarios", page),
                "assessment": lesson.assessment_settings().is_some(),
            }),
        });
    }
    Ok(parts)
}

/// The course menu (`<nav class="t-menu">`), as in `index.html`.
pub fn menu(course: &Course, options: &RenderOptions) -> Result<String, RenderError> {
    let templates = template::Templates::load(options.theme_dir.as_deref(), &course.info.language)?;
    let sanitizer = markdown::Sanitizer::new();
    let writer = html::PageWriter::new(course, &templates, &sanitizer);
    Ok(writer.menu())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Target;

    #[test]
    fn parts_match_the_full_page() {
        let course = trellis_model::sample::demo_course();
        let options = RenderOptions::new(Target::Preview);
        let site = crate::render(&course, &options).unwrap();
        let page = String::from_utf8(site.files["index.html"].clone()).unwrap();
        let ids: Vec<LessonId> = course.lessons().map(|l| l.id.clone()).collect();
        let parts = lessons(&course, &options, &ids).unwrap();
        assert_eq!(parts.len(), ids.len());
        let data: Value = {
            let start = page.find("id=\"trellis-data\">").unwrap() + 18;
            let end = start + page[start..].find("</script>").unwrap();
            serde_json::from_str(&page[start..end]).unwrap()
        };
        for part in &parts {
            assert!(page.contains(&part.html), "lesson {} differs", part.id);
            assert_eq!(part.data["page"], data["pages"][part.page]);
            for pair in part.data["questions"].as_array().unwrap() {
                assert_eq!(
                    pair[1],
                    data["questions"][pair[0].as_u64().unwrap() as usize]
                );
            }
            for pair in part.data["scenarios"].as_array().unwrap() {
                assert_eq!(
                    pair[1],
                    data["scenarios"][pair[0].as_u64().unwrap() as usize]
                );
                // The player compares a scenario's nodes as JSON text: the
                // page writes them with the same key order.
                let nodes = serde_json::to_string(&pair[1]["nodes"]).unwrap();
                assert!(page.contains(&nodes), "{nodes}");
            }
        }
        let n: usize = parts
            .iter()
            .map(|p| p.data["questions"].as_array().unwrap().len())
            .sum();
        assert_eq!(n, data["questions"].as_array().unwrap().len());
        // One lesson alone gives the same bytes as in the whole page.
        let last = ids.last().unwrap().clone();
        let one = lessons(&course, &options, &[last]).unwrap();
        assert_eq!(one[0], parts[parts.len() - 1]);
        assert!(page.contains(&menu(&course, &options).unwrap()));
    }

    fn index(site: &Site) -> String {
        String::from_utf8(site.files["index.html"].clone()).unwrap()
    }

    fn data_of(page: &str) -> Value {
        let start = page.find("id=\"trellis-data\">").unwrap() + 18;
        let end = start + page[start..].find("</script>").unwrap();
        serde_json::from_str(&page[start..end]).unwrap()
    }

    /// The lazy page draws only the lesson it opens on; every other lesson
    /// is a placeholder, and each fetched part is exactly what the whole
    /// page has for that lesson. The player data and the menu are the
    /// whole course's, as in the whole page.
    #[test]
    fn the_lazy_page_draws_one_lesson_and_parts_fill_in_the_rest() {
        let course = crate::fixtures::demo_with_practice();
        let options = RenderOptions::new(Target::Preview);
        let full = crate::render(&course, &options).unwrap();
        let full_page = index(&full);
        let ids: Vec<LessonId> = course.lessons().map(|l| l.id.clone()).collect();
        assert!(ids.len() >= 3);
        assert!(course.lessons().any(|l| l.assessment_settings().is_some()));
        let parts = lessons(&course, &options, &ids).unwrap();
        for (open, part) in parts.iter().enumerate() {
            let site = page(&course, &options, Some(part.id.as_str())).unwrap();
            let lazy = index(&site);
            assert_eq!(site.files["trellis.js"], full.files["trellis.js"]);
            assert_eq!(data_of(&lazy), data_of(&full_page));
            assert!(lazy.contains(&menu(&course, &options).unwrap()));
            assert_eq!(lazy.matches("<section ").count(), ids.len());
            assert_eq!(lazy.matches("data-lazy=\"\"").count(), ids.len() - 1);
            for (i, other) in parts.iter().enumerate() {
                // A part fetched later is what the whole page has.
                assert!(full_page.contains(&other.html), "lesson {}", other.id);
                let lesson = course.lessons().nth(i).unwrap();
                let placeholder = format!(
                    "<section class=\"t-page\" id=\"lesson-{}\" data-page=\"{i}\" aria-labelledby=\"lesson-{}-h\" data-lazy=\"\">\n<h2 class=\"t-page-title\" id=\"lesson-{}-h\" tabindex=\"-1\">{}</h2>\n</section>",
                    other.id,
                    other.id,
                    other.id,
                    crate::markdown::escape(&lesson.title)
                );
                assert_eq!(lazy.contains(&other.html), i == open, "lesson {}", other.id);
                assert_eq!(
                    lazy.contains(&placeholder),
                    i != open,
                    "lesson {}",
                    other.id
                );
            }
            // Putting every part in place of its placeholder gives the whole page.
            let mut filled = lazy.clone();
            for (i, other) in parts.iter().enumerate() {
                if i == open {
                    continue;
                }
                let start = filled.find(&format!("id=\"lesson-{}\"", other.id)).unwrap();
                let start = filled[..start].rfind("<section").unwrap();
                let end = start + filled[start..].find("</section>").unwrap() + 10;
                filled.replace_range(start..end, &other.html);
            }
            assert_eq!(filled, full_page);
        }
        // No lesson named, or one not in the course: the first lesson.
        let first = index(&page(&course, &options, None).unwrap());
        assert!(first.contains(&parts[0].html));
        assert_eq!(
            index(&page(&course, &options, Some("nope")).unwrap()),
            first
        );
        assert_eq!(
            parts[1].json(),
            json!({"page": 1, "id": parts[1].id, "html": parts[1].html, "data": parts[1].data})
        );
    }

    /// Published targets (and the review build) always carry every lesson:
    /// `page` is `render` for them, with no placeholder.
    #[test]
    fn published_targets_draw_every_lesson() {
        let course = crate::fixtures::demo_with_practice();
        let last = course.lessons().last().unwrap().id.to_string();
        for target in Target::ALL {
            if target == Target::Preview {
                continue;
            }
            let options = RenderOptions::new(target);
            let full = crate::render(&course, &options).unwrap();
            assert_eq!(page(&course, &options, Some(&last)).unwrap(), full);
            let html = index(&full);
            assert!(!html.contains("data-lazy"), "{target:?}");
            if target != Target::Review {
                let ids: Vec<LessonId> = course.lessons().map(|l| l.id.clone()).collect();
                for part in lessons(&course, &options, &ids).unwrap() {
                    assert!(html.contains(&part.html), "{target:?} {}", part.id);
                }
            }
        }
        // The whole-course render of the preview target has no placeholder
        // either (`trellis preview` serves it).
        let preview = crate::render(&course, &RenderOptions::new(Target::Preview)).unwrap();
        assert!(!index(&preview).contains("data-lazy"));
    }

    #[test]
    fn only_the_preview_ships_the_update_hook() {
        let course = trellis_model::sample::demo_course();
        for target in Target::ALL {
            let js = crate::player::script(&course, target);
            assert_eq!(
                js.contains("/* trellis:module preview */"),
                target == Target::Preview,
                "{target:?}"
            );
        }
    }
}
