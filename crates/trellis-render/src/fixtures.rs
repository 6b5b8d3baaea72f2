//! Courses for tests and the `render-site` example. Not part of the API.

use trellis_model::sample::demo_course;
use trellis_model::{Block, BlockContent, BlockId, Course, Lesson, LessonId, TemplateKind};

/// The demo course plus a "Practice" lesson (before the quiz) holding a
/// practice copy of every question kind: the demo's own questions are all
/// in its assessment. Practice blocks are `p-0` … `p-6`; one has a hint.
pub fn demo_with_practice() -> Course {
    let mut course = demo_course();
    let module = &mut course.modules[0];
    let quiz = module
        .lessons
        .iter()
        .position(|l| l.assessment_settings().is_some())
        .expect("the demo has a quiz");
    let mut blocks: Vec<Block> = module.lessons[quiz]
        .blocks
        .iter()
        .enumerate()
        .map(|(i, b)| Block {
            job_aid: None,
            placeholders: Default::default(),
            id: BlockId::new(format!("p-{i}")).expect("valid id"),
            slot: None,
            content: b.content.clone(),
        })
        .collect();
    if let Some(BlockContent::Question(q)) = blocks.first_mut().map(|b| &mut b.content) {
        q.hint = "Think about who *sent* it.".into();
    }
    module.lessons.insert(
        quiz,
        Lesson {
            job_aid: false,
            id: LessonId::new("l-practice").expect("valid id"),
            title: "Practice".into(),
            template: TemplateKind::Free,
            assessment: None,
            blocks,
        },
    );
    course
}
