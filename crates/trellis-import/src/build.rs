//! Builds the imported course through the model's edits: modules, lessons
//! and blocks in source order, with readable ids made from titles.

use std::collections::BTreeSet;

use trellis_model::{
    Block, BlockContent, BlockId, Course, CourseId, Edit, ItemId, Lesson, LessonId, Module,
    ModuleId, TemplateKind, apply, xml_allows,
};

use crate::Report;

/// The course under construction and the report of what went where.
pub struct Builder {
    course: Course,
    report: Report,
    ids: BTreeSet<String>,
    module: Option<ModuleId>,
    lesson: Option<LessonId>,
    blocks: usize,
}

/// An id made of the ASCII letters and digits of `text`, lower case, words
/// joined by `-`, at most 40 characters; `fallback` when nothing is left.
fn slug(text: &str, fallback: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
        if out.len() >= 40 {
            break;
        }
    }
    let out = out.trim_end_matches('-');
    if out.is_empty() {
        fallback.to_owned()
    } else {
        out.to_owned()
    }
}

/// `text` without the characters a package's XML cannot carry.
pub(crate) fn clean(text: &str) -> String {
    text.chars().filter(|&c| xml_allows(c)).collect()
}

impl Builder {
    /// A new course titled after `name` (a file name without extension).
    pub fn new(name: &str) -> Self {
        let title = title_of(name);
        let mut ids = BTreeSet::new();
        let id = slug(name, "imported");
        ids.insert(id.clone());
        let course = Course::new(
            CourseId::new(id).expect("a slug is an id"),
            if title.is_empty() {
                "Imported course".to_owned()
            } else {
                title
            },
        );
        Self {
            course,
            report: Report::default(),
            ids,
            module: None,
            lesson: None,
            blocks: 0,
        }
    }

    /// Titles the course (a document's own title).
    pub fn title(&mut self, title: &str) {
        let title = clean(title.trim());
        if !title.is_empty() {
            self.course.info.title = title;
        }
    }

    /// A fresh id from `text`, unique in the course.
    fn id(&mut self, text: &str, fallback: &str) -> String {
        let base = slug(text, fallback);
        let mut id = base.clone();
        let mut n = 2;
        while !self.ids.insert(id.clone()) {
            id = format!("{base}-{n}");
            n += 1;
        }
        id
    }

    /// An item id (a choice, a pair) unique within its block.
    pub(crate) fn item(n: usize) -> ItemId {
        ItemId::new(format!("i{}", n + 1)).expect("a valid item id")
    }

    fn edit(&mut self, edit: Edit) {
        apply(&mut self.course, &edit).expect("the import builds only valid edits");
    }

    /// Starts a module titled `title` (source line `line`).
    pub fn module(&mut self, line: usize, title: &str) {
        let title = clean(title.trim());
        let id = ModuleId::new(self.id(&title, "module")).expect("a slug is an id");
        let index = self.course.modules.len();
        self.edit(Edit::AddModule {
            index,
            module: Module {
                id: id.clone(),
                title: title.clone(),
                lessons: Vec::new(),
            },
        });
        self.report.became(line, format!("module “{title}”"));
        self.module = Some(id);
        self.lesson = None;
    }

    /// Starts a lesson titled `title` in the current module (one is made,
    /// titled after the course, when there is none yet).
    pub fn lesson(&mut self, line: usize, title: &str) {
        let title = clean(title.trim());
        if self.module.is_none() {
            let course_title = self.course.info.title.clone();
            self.module(line, &course_title);
        }
        let module = self.module.clone().expect("a module");
        let id = LessonId::new(self.id(&title, "lesson")).expect("a slug is an id");
        let index = self
            .course
            .modules
            .iter()
            .find(|m| m.id == module)
            .map_or(0, |m| m.lessons.len());
        self.edit(Edit::AddLesson {
            module,
            index,
            lesson: Lesson {
                id: id.clone(),
                title: title.clone(),
                template: TemplateKind::Free,
                assessment: None,
                blocks: Vec::new(),
            },
        });
        self.report.became(line, format!("lesson “{title}”"));
        self.lesson = Some(id);
    }

    /// Whether a lesson is open for blocks.
    pub fn has_lesson(&self) -> bool {
        self.lesson.is_some()
    }

    /// Adds a block to the current lesson (one is made, titled `lesson`,
    /// when there is none yet); `what` says what it is, for the report.
    pub fn block(
        &mut self,
        line: usize,
        lesson: &str,
        hint: &str,
        content: BlockContent,
        what: &str,
    ) {
        if self.lesson.is_none() {
            self.lesson(line, lesson);
        }
        let lesson = self.lesson.clone().expect("a lesson");
        let id = BlockId::new(self.id(&format!("{} {hint}", lesson.as_str()), "block"))
            .expect("a slug is an id");
        let index = self
            .course
            .lessons()
            .find(|l| l.id == lesson)
            .map_or(0, |l| l.blocks.len());
        let content = clean_content(content);
        self.edit(Edit::AddBlock {
            lesson,
            index,
            block: Block {
                id,
                slot: None,
                content,
                placeholders: BTreeSet::new(),
            },
        });
        self.blocks += 1;
        self.report.became(line, what.to_owned());
    }

    pub fn skip(&mut self, line: usize, why: impl Into<String>) {
        self.report.skip(line, why);
    }

    /// The course and report; `None` when no block was made.
    pub fn finish(self) -> Option<(Course, Report)> {
        (self.blocks > 0).then_some((self.course, self.report))
    }
}

/// Content with every text field cleaned of characters XML cannot carry
/// (the import makes only text, heading and question blocks).
fn clean_content(content: BlockContent) -> BlockContent {
    use trellis_model::Answer;
    match content {
        BlockContent::Text { markdown } => BlockContent::Text {
            markdown: clean(&markdown),
        },
        BlockContent::Heading { text, level } => BlockContent::Heading {
            text: clean(&text),
            level,
        },
        BlockContent::Question(mut q) => {
            q.prompt = clean(&q.prompt);
            q.correct_feedback = clean(&q.correct_feedback);
            q.incorrect_feedback = clean(&q.incorrect_feedback);
            match &mut q.answer {
                Answer::SingleChoice { choices } | Answer::MultipleResponse { choices } => {
                    for c in choices {
                        c.text = clean(&c.text);
                        c.feedback = clean(&c.feedback);
                    }
                }
                Answer::TrueFalse {
                    true_feedback,
                    false_feedback,
                    ..
                } => {
                    *true_feedback = clean(true_feedback);
                    *false_feedback = clean(false_feedback);
                }
                Answer::FillBlank { accepted, .. } => {
                    accepted.iter_mut().for_each(|a| *a = clean(a));
                }
                Answer::Matching { pairs } => {
                    for p in pairs {
                        p.left = clean(&p.left);
                        p.right = clean(&p.right);
                    }
                }
                Answer::Ordering { items } => {
                    items.iter_mut().for_each(|i| i.text = clean(&i.text));
                }
                Answer::Numeric { .. } => {}
            }
            BlockContent::Question(q)
        }
        other => other,
    }
}

/// A title from a file name: `phishing_quiz-2` → `Phishing quiz 2`.
fn title_of(name: &str) -> String {
    let words: Vec<&str> = name
        .split(|c: char| c == '-' || c == '_' || c.is_whitespace())
        .filter(|w| !w.is_empty())
        .collect();
    let joined = clean(&words.join(" "));
    let mut chars = joined.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_slugs_made_unique() {
        let mut b = Builder::new("My quiz");
        assert_eq!(b.course.id.as_str(), "my-quiz");
        assert_eq!(b.course.info.title, "My quiz");
        assert_eq!(b.id("Spot the signs!", "x"), "spot-the-signs");
        assert_eq!(b.id("Spot the signs?", "x"), "spot-the-signs-2");
        assert_eq!(b.id("日本語", "lesson"), "lesson");
        assert_eq!(b.id("日本語", "lesson"), "lesson-2");
        assert_eq!(slug(&"a".repeat(100), "x").len(), 40);
    }

    #[test]
    fn a_block_before_any_heading_gets_a_module_and_lesson() {
        let mut b = Builder::new("bank");
        b.block(
            1,
            "Questions",
            "q1",
            BlockContent::Text {
                markdown: "Hi\u{7}".into(),
            },
            "text",
        );
        let (course, report) = b.finish().unwrap();
        assert_eq!(course.modules.len(), 1);
        assert_eq!(course.modules[0].title, "Bank");
        assert_eq!(course.modules[0].lessons[0].title, "Questions");
        match &course.modules[0].lessons[0].blocks[0].content {
            BlockContent::Text { markdown } => assert_eq!(markdown, "Hi"),
            _ => unreachable!(),
        }
        assert_eq!(report.mapped.len(), 3);
    }

    #[test]
    fn nothing_made_is_nothing_imported() {
        assert!(Builder::new("x").finish().is_none());
    }
}
