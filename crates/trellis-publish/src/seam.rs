//! The seam with `trellis-render` (see `docs/publishing.md`).
//!
//! Everything this crate needs from the renderer goes through this module:
//! the target, the rendered [`Site`], the IRI helpers, and the saved-state
//! budget, turned here into [`Budget`] items that name lessons and questions.

use std::collections::BTreeMap;

use trellis_model::Course;

pub use trellis_render::{
    RenderError, RenderOptions, Site, Target, has_job_aid_files, ids, render, render_languages,
};

/// One thing that takes room in the saved state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BudgetItem {
    /// What it is, e.g. "lesson `Quiz` (l-quiz): 7 questions; the biggest is
    /// question q-3 (fill-blank, 205 characters)".
    pub label: String,
    /// Worst-case characters it needs.
    pub chars: usize,
}

/// Worst-case size of the state the player saves, with what costs the most.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Budget {
    pub total: usize,
    /// Per lesson (questions and scenarios) and the fixed parts, biggest first.
    pub items: Vec<BudgetItem>,
}

/// A lesson's share: the lesson, its characters, its tracked blocks, and
/// the biggest of them (characters, block id, kind).
type LessonCost<'a> = (
    &'a trellis_model::Lesson,
    usize,
    usize,
    (usize, String, &'a str),
);

/// The worst-case saved state of `course`, per lesson.
pub fn state_budget(course: &Course) -> Budget {
    let raw = trellis_render::state_budget(course);
    // Where each block sits and what it is.
    let mut blocks = BTreeMap::new();
    for (lesson, block) in course.blocks() {
        let kind = block
            .question()
            .map(|q| q.kind())
            .unwrap_or(block.content.kind());
        blocks.insert(block.id.to_string(), (lesson, kind));
    }
    // lesson id -> (lesson, total, count, biggest (chars, block id, kind))
    let mut lessons: BTreeMap<String, LessonCost> = BTreeMap::new();
    let mut fixed = 0;
    for part in &raw.parts {
        let found = part
            .id
            .as_ref()
            .and_then(|id| blocks.get(id).map(|b| (id, b)));
        match found {
            Some((id, (lesson, kind))) => {
                let entry = lessons.entry(lesson.id.to_string()).or_insert((
                    lesson,
                    0,
                    0,
                    (0, String::new(), ""),
                ));
                entry.1 += part.chars;
                entry.2 += 1;
                if part.chars > entry.3.0 {
                    entry.3 = (part.chars, id.clone(), kind);
                }
            }
            None => fixed += part.chars,
        }
    }
    let mut items: Vec<BudgetItem> = lessons
        .into_values()
        .map(|(lesson, chars, count, (big, id, kind))| BudgetItem {
            label: format!(
                "lesson `{}` ({}): {count} tracked block{}, the biggest being {id} ({kind}, {big} \
                 characters)",
                lesson.title,
                lesson.id,
                if count == 1 { "" } else { "s" },
            ),
            chars,
        })
        .collect();
    if fixed > 0 {
        items.push(BudgetItem {
            label: "progress, pages visited and assessment records".into(),
            chars: fixed,
        });
    }
    items.sort_by(|a, b| b.chars.cmp(&a.chars).then(a.label.cmp(&b.label)));
    Budget {
        total: raw.worst_case_chars,
        items,
    }
}
