//! The outline of a course, for tests that compare structure: shared by the
//! integration tests (`common`) and the crate's unit tests (by `#[path]`).

use trellis_model::{BlockContent, Course};

/// Each module's title with its lessons' titles, in order.
pub fn titles(course: &Course) -> Vec<(String, Vec<String>)> {
    course
        .modules
        .iter()
        .map(|m| {
            (
                m.title.clone(),
                m.lessons.iter().map(|l| l.title.clone()).collect(),
            )
        })
        .collect()
}

/// A lesson's title and its headings (`"2 Links"`: level and text).
pub type LessonOutline = (String, Vec<String>);

/// Modules, their lessons, and each lesson's headings, in order.
pub fn outline(course: &Course) -> Vec<(String, Vec<LessonOutline>)> {
    course
        .modules
        .iter()
        .map(|m| {
            (
                m.title.clone(),
                m.lessons
                    .iter()
                    .map(|l| {
                        let headings = l
                            .blocks
                            .iter()
                            .filter_map(|b| match &b.content {
                                BlockContent::Heading { text, level } => {
                                    Some(format!("{level} {text}"))
                                }
                                _ => None,
                            })
                            .collect();
                        (l.title.clone(), headings)
                    })
                    .collect(),
            )
        })
        .collect()
}

/// `titles`' expected value written with string literals.
pub fn expect(modules: &[(&str, &[&str])]) -> Vec<(String, Vec<String>)> {
    modules
        .iter()
        .map(|(m, ls)| {
            (
                (*m).to_owned(),
                ls.iter().map(|l| (*l).to_owned()).collect(),
            )
        })
        .collect()
}
