//! Parts of the authoring tool's preview page (target [`crate::Target::Preview`]),
//! so that an edit can update the preview without rendering and reloading
//! the whole course: one lesson's `<section>` with the player data it
//! needs, and the course menu. Each part is byte for byte what [`render`]
//! puts in `index.html` for the same course and options. Published sites
//! never use this module.
//!
//! [`render`]: crate::render

use serde_json::{Value, json};
use trellis_model::{Course, LessonId};

use crate::{RenderError, RenderOptions, data, html, markdown, template};

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

/// Renders the lessons `ids` (those that exist; in course order).
pub fn lessons(
    course: &Course,
    options: &RenderOptions,
    ids: &[LessonId],
) -> Result<Vec<LessonPart>, RenderError> {
    let templates = template::Templates::load(options.theme_dir.as_deref())?;
    let sanitizer = markdown::Sanitizer::new();
    let mut writer = html::PageWriter::new(course, &templates, &sanitizer);
    let mut wanted: Vec<(usize, &trellis_model::Lesson, usize, usize, usize)> = Vec::new();
    let (mut q, mut s, mut a) = (0, 0, 0);
    for (page, lesson) in course.lessons().enumerate() {
        if ids.contains(&lesson.id) {
            wanted.push((page, lesson, q, s, a));
        }
        for block in &lesson.blocks {
            q += usize::from(block.question().is_some());
            s += usize::from(block.scenario().is_some());
        }
        a += usize::from(lesson.assessment.is_some());
    }
    if wanted.is_empty() {
        return Ok(Vec::new());
    }
    let pages: Vec<usize> = wanted.iter().map(|w| w.0).collect();
    let all = data::course_data_of(course, options.target, &templates, &|p| pages.contains(&p));
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
    Ok(wanted
        .into_iter()
        .map(|(page, lesson, q, s, a)| {
            writer.next_question = q;
            writer.next_scenario = s;
            writer.next_assessment = a;
            LessonPart {
                page,
                id: lesson.id.to_string(),
                html: writer.lesson(page, lesson),
                data: json!({
                    "page": all["pages"][page],
                    "questions": pick("questions", page),
                    "scenarios": pick("scenarios", page),
                    "assessment": lesson.assessment.is_some(),
                }),
            }
        })
        .collect())
}

/// The course menu (`<nav class="t-menu">`), as in `index.html`.
pub fn menu(course: &Course, options: &RenderOptions) -> Result<String, RenderError> {
    let templates = template::Templates::load(options.theme_dir.as_deref())?;
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
