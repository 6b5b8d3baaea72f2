//! Placeholder marks: text a blueprint put in a course for the author to
//! replace.
//!
//! A blueprint fills every slot with guidance ("Replace with the correct
//! answer"). Such text is marked *in the model*, never recognised by its
//! words: a block lists the paths of its text fields that still hold the
//! blueprint's text ([`Block::placeholders`]), an objective carries
//! [`Objective::placeholder`](crate::Objective::placeholder), and the course
//! settings list theirs in [`CourseInfo::placeholders`](crate::CourseInfo::placeholders).
//!
//! **Replaced** means changed: an edit that gives a marked field a different
//! value clears that field's mark, and only that one. Undoing the edit brings
//! the text and its mark back. Edits cannot add a mark to a field the course
//! holds unmarked, except by restoring a block, objective or settings that
//! had it (undo).

use std::collections::BTreeSet;

use crate::block::{Answer, Block, BlockContent, Panel};
use crate::course::{Course, CourseInfo, Lesson, Module, Objective};
use crate::id::ItemId;

/// One text field of a block: what a placeholder mark names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextField<'a> {
    /// How marks name the field: `prompt`, `choices.<id>.feedback`,
    /// `nodes.<id>.choices.<id>.text`…
    pub path: String,
    /// The item of the block the field belongs to (a choice, panel, node…).
    pub item: Option<ItemId>,
    /// The editor's name of the field inside its block or item.
    pub field: &'static str,
    /// The field named for an author, e.g. "the feedback on answer 2".
    pub label: String,
    pub value: &'a str,
}

/// The course settings that can be marked, with their names for an author.
pub const COURSE_INFO_FIELDS: [(&str, &str); 3] = [
    ("title", "the course title"),
    ("description", "the course description"),
    ("authors", "the authors"),
];

fn field<'a>(
    path: impl Into<String>,
    item: Option<&ItemId>,
    name: &'static str,
    label: impl Into<String>,
    value: &'a str,
) -> TextField<'a> {
    TextField {
        path: path.into(),
        item: item.cloned(),
        field: name,
        label: label.into(),
        value,
    }
}

fn panels<'a>(out: &mut Vec<TextField<'a>>, key: &str, word: &str, list: &'a [Panel]) {
    for (i, p) in list.iter().enumerate() {
        let n = i + 1;
        out.push(field(
            format!("{key}.{}.title", p.id),
            Some(&p.id),
            "title",
            format!("the title of {word} {n}"),
            &p.title,
        ));
        out.push(field(
            format!("{key}.{}.markdown", p.id),
            Some(&p.id),
            "markdown",
            format!("the text of {word} {n}"),
            &p.markdown,
        ));
    }
}

impl Block {
    /// Every text field of the block an author writes, in the order the
    /// editor shows them.
    pub fn text_fields(&self) -> Vec<TextField<'_>> {
        let mut out = Vec::new();
        match &self.content {
            BlockContent::Text { markdown } => {
                out.push(field("markdown", None, "markdown", "the text", markdown))
            }
            BlockContent::Heading { text, .. } => {
                out.push(field("text", None, "text", "the heading", text))
            }
            BlockContent::Image {
                alt,
                caption,
                markdown,
                ..
            } => {
                out.push(field("alt", None, "alt", "the alt text", alt));
                out.push(field("caption", None, "caption", "the caption", caption));
                out.push(field(
                    "markdown",
                    None,
                    "markdown",
                    "the text beside the image",
                    markdown,
                ));
            }
            BlockContent::Video(m) | BlockContent::Audio(m) => {
                out.push(field("title", None, "title", "the title", &m.title));
                out.push(field(
                    "transcript",
                    None,
                    "transcript",
                    "the transcript",
                    &m.transcript,
                ));
            }
            BlockContent::Callout {
                title, markdown, ..
            } => {
                out.push(field("title", None, "title", "the title", title));
                out.push(field("markdown", None, "markdown", "the text", markdown));
            }
            BlockContent::Quote {
                markdown,
                attribution,
            } => {
                out.push(field("markdown", None, "markdown", "the quote", markdown));
                out.push(field(
                    "attribution",
                    None,
                    "attribution",
                    "the attribution",
                    attribution,
                ));
            }
            BlockContent::Accordion { panels: list } => panels(&mut out, "panels", "panel", list),
            BlockContent::Tabs { panels: list } => panels(&mut out, "panels", "tab", list),
            BlockContent::Process { steps } => panels(&mut out, "steps", "step", steps),
            BlockContent::Columns { columns } => panels(&mut out, "columns", "column", columns),
            BlockContent::Flashcards { cards } => {
                for (i, c) in cards.iter().enumerate() {
                    let n = i + 1;
                    out.push(field(
                        format!("cards.{}.front", c.id),
                        Some(&c.id),
                        "front",
                        format!("the front of card {n}"),
                        &c.front,
                    ));
                    out.push(field(
                        format!("cards.{}.back", c.id),
                        Some(&c.id),
                        "back",
                        format!("the back of card {n}"),
                        &c.back,
                    ));
                }
            }
            BlockContent::LabelledGraphic { alt, markers, .. } => {
                out.push(field("alt", None, "alt", "the alt text", alt));
                for (i, m) in markers.iter().enumerate() {
                    let n = i + 1;
                    out.push(field(
                        format!("markers.{}.label", m.id),
                        Some(&m.id),
                        "label",
                        format!("the label of marker {n}"),
                        &m.label,
                    ));
                    out.push(field(
                        format!("markers.{}.markdown", m.id),
                        Some(&m.id),
                        "markdown",
                        format!("the text of marker {n}"),
                        &m.markdown,
                    ));
                }
            }
            BlockContent::Divider => {}
            BlockContent::Question(q) => {
                out.push(field("prompt", None, "prompt", "the question", &q.prompt));
                match &q.answer {
                    Answer::SingleChoice { choices } | Answer::MultipleResponse { choices } => {
                        for (i, c) in choices.iter().enumerate() {
                            let n = i + 1;
                            out.push(field(
                                format!("choices.{}.text", c.id),
                                Some(&c.id),
                                "text",
                                format!("answer {n}"),
                                &c.text,
                            ));
                            out.push(field(
                                format!("choices.{}.feedback", c.id),
                                Some(&c.id),
                                "feedback",
                                format!("the feedback on answer {n}"),
                                &c.feedback,
                            ));
                        }
                    }
                    Answer::TrueFalse {
                        true_feedback,
                        false_feedback,
                        ..
                    } => {
                        out.push(field(
                            "true_feedback",
                            Some(&editor_item("true")),
                            "feedback",
                            "the feedback on \"True\"",
                            true_feedback,
                        ));
                        out.push(field(
                            "false_feedback",
                            Some(&editor_item("false")),
                            "feedback",
                            "the feedback on \"False\"",
                            false_feedback,
                        ));
                    }
                    Answer::Matching { pairs } => {
                        for (i, p) in pairs.iter().enumerate() {
                            let n = i + 1;
                            out.push(field(
                                format!("pairs.{}.left", p.id),
                                Some(&p.id),
                                "left",
                                format!("the left side of pair {n}"),
                                &p.left,
                            ));
                            out.push(field(
                                format!("pairs.{}.right", p.id),
                                Some(&p.id),
                                "right",
                                format!("the right side of pair {n}"),
                                &p.right,
                            ));
                        }
                    }
                    Answer::Ordering { items } => {
                        for (i, it) in items.iter().enumerate() {
                            out.push(field(
                                format!("items.{}.text", it.id),
                                Some(&it.id),
                                "text",
                                format!("item {}", i + 1),
                                &it.text,
                            ));
                        }
                    }
                    Answer::FillBlank { accepted, .. } => {
                        for (i, a) in accepted.iter().enumerate() {
                            out.push(field(
                                format!("accepted.{i}"),
                                Some(&editor_item(&format!("a{i}"))),
                                "accepted",
                                format!("accepted answer {}", i + 1),
                                a,
                            ));
                        }
                    }
                    Answer::Numeric { .. } => {}
                }
                out.push(field(
                    "correct_feedback",
                    None,
                    "correct_feedback",
                    "the feedback when right",
                    &q.correct_feedback,
                ));
                out.push(field(
                    "incorrect_feedback",
                    None,
                    "incorrect_feedback",
                    "the feedback when wrong",
                    &q.incorrect_feedback,
                ));
                out.push(field("hint", None, "hint", "the hint", &q.hint));
            }
            BlockContent::Scenario(s) => {
                out.push(field(
                    "title",
                    None,
                    "title",
                    "the scenario title",
                    &s.title,
                ));
                for (i, node) in s.nodes.iter().enumerate() {
                    let n = i + 1;
                    out.push(field(
                        format!("nodes.{}.narrative", node.id),
                        Some(&node.id),
                        "narrative",
                        format!("the narrative of step {n}"),
                        &node.narrative,
                    ));
                    if let Some(ending) = &node.ending {
                        out.push(field(
                            format!("nodes.{}.ending", node.id),
                            Some(&node.id),
                            "label",
                            format!("the ending label of step {n}"),
                            &ending.label,
                        ));
                    }
                    for (ci, c) in node.choices.iter().enumerate() {
                        let cn = ci + 1;
                        out.push(field(
                            format!("nodes.{}.choices.{}.text", node.id, c.id),
                            Some(&c.id),
                            "text",
                            format!("choice {cn} of step {n}"),
                            &c.text,
                        ));
                        out.push(field(
                            format!("nodes.{}.choices.{}.consequence", node.id, c.id),
                            Some(&c.id),
                            "consequence",
                            format!("the consequence of choice {cn} of step {n}"),
                            &c.consequence,
                        ));
                    }
                }
            }
        }
        out
    }

    /// The value of the text field at `path`, if the block has one.
    pub fn text_at(&self, path: &str) -> Option<String> {
        self.text_fields()
            .into_iter()
            .find(|f| f.path == path)
            .map(|f| f.value.to_owned())
    }

    /// The text fields that still hold placeholder text, in editor order.
    pub fn placeholder_fields(&self) -> Vec<TextField<'_>> {
        if self.placeholders.is_empty() {
            return Vec::new();
        }
        self.text_fields()
            .into_iter()
            .filter(|f| self.placeholders.contains(&f.path))
            .collect()
    }

    /// The paths of every text field that holds some text: what marking a
    /// whole block as a placeholder marks.
    pub fn filled_text_paths(&self) -> BTreeSet<String> {
        self.text_fields()
            .into_iter()
            .filter(|f| !f.value.is_empty())
            .map(|f| f.path)
            .collect()
    }
}

/// The editor's name for an item that has no id of its own in the model:
/// the "True" and "False" answers, an accepted answer by position.
fn editor_item(name: &str) -> ItemId {
    ItemId::new(name).expect("editor item names are valid ids")
}

/// Keeps `new`'s marks that are still placeholders after replacing `old`
/// with `new`: a mark both carry stays only while its text is unchanged; a
/// mark only `new` carries is a restored one (undo) and stays; a mark on a
/// field `new` no longer has goes.
pub(crate) fn settle_block(old: &Block, new: &mut Block) {
    if new.placeholders.is_empty() {
        return;
    }
    fn value_of<'f>(fields: &'f [TextField<'_>], path: &str) -> Option<&'f str> {
        fields.iter().find(|f| f.path == path).map(|f| f.value)
    }
    let old_fields = old.text_fields();
    let new_fields = new.text_fields();
    let keep: BTreeSet<String> = new
        .placeholders
        .iter()
        .filter(|p| {
            let Some(now) = value_of(&new_fields, p) else {
                return false;
            };
            !old.placeholders.contains(*p) || value_of(&old_fields, p) == Some(now)
        })
        .cloned()
        .collect();
    new.placeholders = keep;
}

/// The same rule for one objective's statement.
pub(crate) fn settle_objective(old: &Objective, new: &mut Objective) {
    if new.placeholder && old.placeholder && old.statement != new.statement {
        new.placeholder = false;
    }
}

/// The value of a course setting that marks name.
pub fn course_info_text(info: &CourseInfo, path: &str) -> Option<String> {
    match path {
        "title" => Some(info.title.clone()),
        "description" => Some(info.description.clone()),
        "authors" => Some(info.authors.join("\n")),
        _ => None,
    }
}

/// The same rule for the course settings.
pub(crate) fn settle_course_info(old: &CourseInfo, new: &mut CourseInfo) {
    if new.placeholders.is_empty() {
        return;
    }
    let keep: BTreeSet<String> = new
        .placeholders
        .iter()
        .filter(|p| {
            let Some(now) = course_info_text(new, p) else {
                return false;
            };
            !old.placeholders.contains(*p) || course_info_text(old, p) == Some(now)
        })
        .cloned()
        .collect();
    new.placeholders = keep;
}

/// Where a placeholder is: in the course settings, an objective, or a field
/// of a block.
#[derive(Debug, Clone, PartialEq)]
pub enum PlaceholderAt<'a> {
    CourseInfo {
        path: &'static str,
        label: &'static str,
    },
    Objective {
        index: usize,
        objective: &'a Objective,
    },
    Block {
        module: &'a Module,
        lesson: &'a Lesson,
        block: &'a Block,
        field: TextField<'a>,
    },
}

impl Course {
    /// Every placeholder the course still holds, in course order: the
    /// settings, the objectives, then each lesson's blocks.
    pub fn placeholders(&self) -> Vec<PlaceholderAt<'_>> {
        let mut out = Vec::new();
        for (path, label) in COURSE_INFO_FIELDS {
            if self.info.placeholders.contains(path) {
                out.push(PlaceholderAt::CourseInfo { path, label });
            }
        }
        for (index, objective) in self.objectives.iter().enumerate() {
            if objective.placeholder {
                out.push(PlaceholderAt::Objective { index, objective });
            }
        }
        for module in &self.modules {
            for lesson in &module.lessons {
                for block in &lesson.blocks {
                    for field in block.placeholder_fields() {
                        out.push(PlaceholderAt::Block {
                            module,
                            lesson,
                            block,
                            field,
                        });
                    }
                }
            }
        }
        out
    }

    /// How many placeholders remain and where, for a message to the author:
    /// e.g. "3 in the course settings and objectives; 5 in lesson 'Why the
    /// rule exists'". `None` when there are none.
    pub fn placeholder_summary(&self) -> Option<(usize, String)> {
        let all = self.placeholders();
        if all.is_empty() {
            return None;
        }
        let mut parts: Vec<(String, usize)> = Vec::new();
        for p in &all {
            let place = match p {
                PlaceholderAt::CourseInfo { .. } => "the course settings".to_owned(),
                PlaceholderAt::Objective { .. } => "the learning objectives".to_owned(),
                PlaceholderAt::Block { lesson, .. } => format!("lesson '{}'", lesson.title.trim()),
            };
            match parts.last_mut() {
                Some((last, n)) if *last == place => *n += 1,
                _ => parts.push((place, 1)),
            }
        }
        let places = parts
            .iter()
            .map(|(place, n)| format!("{n} in {place}"))
            .collect::<Vec<_>>()
            .join(", ");
        Some((all.len(), places))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::block::Choice;
    use crate::edit::{Edit, apply};
    use crate::sample::demo_course;

    fn first_question(course: &Course) -> Block {
        course
            .blocks()
            .map(|(_, b)| b)
            .find(|b| {
                matches!(
                    b.question().map(|q| &q.answer),
                    Some(Answer::SingleChoice { .. })
                )
            })
            .expect("the demo course has a single-choice question")
            .clone()
    }

    fn set_choice_text(block: &mut Block, i: usize, text: &str) {
        if let BlockContent::Question(q) = &mut block.content
            && let Answer::SingleChoice { choices } = &mut q.answer
        {
            choices[i].text = text.into();
        }
    }

    fn choices(block: &Block) -> &[Choice] {
        match &block.question().unwrap().answer {
            Answer::SingleChoice { choices } => choices,
            _ => unreachable!(),
        }
    }

    #[test]
    fn editing_a_marked_field_clears_only_its_mark_and_undo_restores_it() {
        let mut course = demo_course();
        let mut block = first_question(&course);
        block.placeholders = block.filled_text_paths();
        let marked = block.placeholders.clone();
        apply(
            &mut course,
            &Edit::UpdateBlock {
                block: block.clone(),
            },
        )
        .unwrap();
        assert_eq!(course.block(&block.id).unwrap().placeholders, marked);

        // The editor sends a changed copy, marks and all.
        let mut edited = block.clone();
        set_choice_text(&mut edited, 0, "My own answer");
        let applied = apply(&mut course, &Edit::UpdateBlock { block: edited }).unwrap();
        let now = course.block(&block.id).unwrap();
        let path = format!("choices.{}.text", choices(now)[0].id);
        assert!(
            !now.placeholders.contains(&path),
            "the edited field's mark is cleared"
        );
        assert_eq!(now.placeholders.len(), marked.len() - 1, "the others stay");

        // Undo gives the text and its mark back; redo clears it again.
        let redo = apply(&mut course, &applied.inverse).unwrap().inverse;
        assert_eq!(course.block(&block.id).unwrap().placeholders, marked);
        apply(&mut course, &redo).unwrap();
        assert!(
            !course
                .block(&block.id)
                .unwrap()
                .placeholders
                .contains(&path)
        );
    }

    #[test]
    fn marks_on_fields_that_went_are_dropped() {
        let mut course = demo_course();
        let mut block = first_question(&course);
        block.placeholders = block.filled_text_paths();
        apply(
            &mut course,
            &Edit::UpdateBlock {
                block: block.clone(),
            },
        )
        .unwrap();
        let gone = choices(&block)[0].id.clone();
        let mut edited = block.clone();
        if let BlockContent::Question(q) = &mut edited.content
            && let Answer::SingleChoice { choices } = &mut q.answer
        {
            choices.remove(0);
        }
        apply(&mut course, &Edit::UpdateBlock { block: edited }).unwrap();
        let now = course.block(&block.id).unwrap();
        assert!(now.placeholders.iter().all(|p| !p.contains(gone.as_str())));
        assert!(now.placeholders.contains("prompt"));
    }

    #[test]
    fn course_info_and_objective_marks_clear_on_edit() {
        let mut course = demo_course();
        let mut info = course.info.clone();
        info.placeholders = ["description".to_owned(), "authors".to_owned()].into();
        apply(&mut course, &Edit::SetCourseInfo { info: info.clone() }).unwrap();
        info.authors = vec!["Learning team".into()];
        apply(&mut course, &Edit::SetCourseInfo { info }).unwrap();
        assert_eq!(
            course.info.placeholders,
            BTreeSet::from(["description".to_owned()])
        );

        let mut o = course.objectives[0].clone();
        o.placeholder = true;
        apply(
            &mut course,
            &Edit::UpdateObjective {
                objective: o.clone(),
            },
        )
        .unwrap();
        o.bloom = None;
        apply(
            &mut course,
            &Edit::UpdateObjective {
                objective: o.clone(),
            },
        )
        .unwrap();
        assert!(course.objectives[0].placeholder, "another field changed");
        o.statement = "Report a phishing e-mail the same day.".into();
        apply(&mut course, &Edit::UpdateObjective { objective: o }).unwrap();
        assert!(!course.objectives[0].placeholder);
        assert!(course.placeholders().len() == 1);
        let (n, places) = course.placeholder_summary().unwrap();
        assert_eq!((n, places.as_str()), (1, "1 in the course settings"));
    }
}
