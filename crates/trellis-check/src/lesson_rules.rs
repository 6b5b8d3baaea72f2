//! Rules about modules and lessons: titles, templates and their slots,
//! assessments, length and heading structure.

use trellis_model::template::{Accepts, slot_fills};
use trellis_model::{Lesson, Module, TemplateKind};

use crate::block_rules::{self, LessonStats};
use crate::cx::{BlockPlace, Cx, Owner, lesson_loc, module_loc};
use crate::rules::*;

/// The rules about a module itself; its lessons are checked one by one
/// after it (see [`crate::Checker`]).
pub(crate) fn check_module<'a>(cx: &mut Cx<'a>, module: &'a Module) {
    cx.register_id(module.id.as_str(), Owner::Module(module), || {
        module_loc(module)
    });
    if module.title.trim().is_empty() {
        cx.emit(
            MISSING_TITLE,
            module_loc(module),
            "This module has no title, so the course menu shows an empty entry. Give it a \
             title that says what the module covers.",
        );
    }
    if module.lessons.is_empty() {
        cx.emit(
            EMPTY_MODULE,
            module_loc(module),
            "This module has no lessons; learners would find an empty section in the menu. \
             Add lessons to it, or remove it.",
        );
    }
}

pub(crate) fn check_lesson<'a>(cx: &mut Cx<'a>, module: &'a Module, lesson: &'a Lesson) {
    let loc = || lesson_loc(module, lesson);
    cx.register_id(lesson.id.as_str(), Owner::Lesson(lesson), loc);
    cx.register_lesson_file(lesson.id.as_str(), loc);
    if lesson.title.trim().is_empty() {
        cx.emit(
            MISSING_TITLE,
            loc(),
            "This lesson has no title. It is the page title, the menu entry and what the LMS \
             shows: give it a title that says what the learner will do.",
        );
    }
    if lesson.blocks.is_empty() {
        cx.emit(
            EMPTY_LESSON,
            loc(),
            "This lesson has no blocks, so learners would open an empty page. Add content, or \
             remove the lesson.",
        );
    }
    let is_assessment = lesson.template == TemplateKind::Assessment;
    check_assessment(cx, module, lesson);
    check_slots(cx, module, lesson);

    // Blocks; lesson-wide findings known only afterwards go before them.
    let mark = cx.mark();
    let mut stats = LessonStats::default();
    for (index, block) in lesson.blocks.iter().enumerate() {
        let place = BlockPlace {
            module,
            lesson,
            block,
            index,
        };
        block_rules::check_block(cx, place, is_assessment, &mut stats);
    }
    check_length(cx, mark, module, lesson, &stats);
}

fn check_assessment(cx: &mut Cx<'_>, module: &Module, lesson: &Lesson) {
    let loc = || lesson_loc(module, lesson);
    if lesson.template != TemplateKind::Assessment {
        if lesson.assessment.is_some() {
            cx.emit(
                ASSESSMENT_SETTINGS_UNUSED,
                loc(),
                format!(
                    "This {} lesson carries assessment settings (pass mark, draw...), which only \
                     an assessment lesson uses. Remove them, or make the lesson an assessment.",
                    lesson.template.as_str()
                ),
            );
        }
        return;
    }
    let pool = lesson
        .blocks
        .iter()
        .filter(|b| b.question().is_some())
        .count();
    if pool == 0 {
        cx.emit(
            ASSESSMENT_EMPTY,
            loc(),
            "This assessment has no questions, so it cannot be scored or passed. Add questions \
             to its pool, covering every objective.",
        );
    }
    let Some(settings) = lesson.assessment_settings() else {
        cx.emit(
            ASSESSMENT_SETTINGS_MISSING,
            loc(),
            "This assessment lesson has no assessment settings, so it has no pass mark and \
             cannot be scored. Set a pass mark (and, if you like, how many questions to draw \
             and how many attempts to allow).",
        );
        return;
    };
    if settings.pass_mark > 100 {
        cx.emit(
            ASSESSMENT_PASS_MARK,
            loc(),
            format!(
                "The pass mark is {}%, which nobody can reach. Set a pass mark from 0 to 100 \
                 (80 is common).",
                settings.pass_mark
            ),
        );
    } else if settings.pass_mark == 0 {
        cx.emit(
            ASSESSMENT_PASS_MARK_ZERO,
            loc(),
            "The pass mark is 0%, so every learner passes whatever they answer. Set the score \
             that shows mastery (80 is common).",
        );
    }
    match settings.draw {
        Some(0) => cx.emit(
            ASSESSMENT_DRAW,
            loc(),
            "The assessment draws 0 questions per attempt, so learners get an empty test. Draw \
             at least one question, or leave the draw empty to use the whole pool.",
        ),
        Some(draw) if pool > 0 && draw as usize > pool => cx.emit(
            ASSESSMENT_DRAW,
            loc(),
            format!(
                "The assessment draws {draw} questions per attempt but its pool holds only \
                 {pool}. Add questions to the pool, or draw at most {pool}."
            ),
        ),
        _ => {}
    }
}

fn check_slots(cx: &mut Cx<'_>, module: &Module, lesson: &Lesson) {
    let template = lesson.template.template();
    for fill in slot_fills(lesson) {
        let slot = fill.slot;
        if !slot.required {
            continue;
        }
        // An empty assessment pool is reported as `assessment-empty`.
        if lesson.template == TemplateKind::Assessment && slot.accepts == Accepts::Question {
            continue;
        }
        let filled = fill
            .blocks
            .iter()
            .any(|&i| slot.accepts.admits(&lesson.blocks[i].content));
        if !filled {
            cx.emit(
                TEMPLATE_SLOT_EMPTY,
                lesson_loc(module, lesson),
                format!(
                    "The {} template's \"{}\" slot is empty. {} Add a block and set its slot \
                     to \"{}\".",
                    template.name, slot.label, slot.guidance, slot.label
                ),
            );
        }
    }
}

fn check_length(
    cx: &mut Cx<'_>,
    mark: usize,
    module: &Module,
    lesson: &Lesson,
    stats: &LessonStats,
) {
    let wpm = cx.options.words_per_minute.max(1);
    let minutes = stats.words as f64 / f64::from(wpm);
    if minutes > cx.options.long_lesson_minutes {
        cx.emit_at(
            mark,
            LESSON_TOO_LONG,
            lesson_loc(module, lesson),
            format!(
                "This lesson has about {} words, some {} minutes of reading at {wpm} words a \
                 minute; attention drops well before that. Split it into lessons of 5 to 10 \
                 minutes, each with its own practice.",
                stats.words,
                minutes.round()
            ),
        );
    } else if !lesson.blocks.is_empty()
        && stats.words < cx.options.short_lesson_words
        && !stats.has_media
        && !stats.has_practice
    {
        cx.emit_at(
            mark,
            LESSON_TOO_SHORT,
            lesson_loc(module, lesson),
            format!(
                "This lesson has only {} words and no media or practice, so it may not be \
                 worth a page of its own. Merge it with the lesson next to it, or give it \
                 substance.",
                stats.words
            ),
        );
    }
}
