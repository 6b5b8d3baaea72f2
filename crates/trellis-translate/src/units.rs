//! The translatable fields of a course, walked once.
//!
//! [`walk`] visits every text field a learner reads, in course order, with
//! its unit id, syntax and context. Listing units, applying a translation
//! and pseudo-localising all go through it, so a new field is added here and
//! nowhere else. A test serialises a course whose every string is unique and
//! fails when a string field is neither walked nor named as not translatable.

use trellis_model::{
    Answer, Block, BlockContent, Course, CourseInfo, Lesson, Module, Objective, Panel,
};

/// How a field's text is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Syntax {
    /// Markdown: inline formatting becomes inline codes in XLIFF.
    Markdown,
    /// Plain text (titles, alt text, accepted answers): exported as is.
    Plain,
}

/// What the walk tells about one field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field {
    /// `<entity id>.<field path>`, e.g. `b-k3v9.choices.a.feedback`.
    pub id: String,
    pub syntax: Syntax,
    /// Where the text appears, in the author's words: "Module 1 “Basics” ›
    /// Lesson 2 “Phishing” › block 3 (question) › the feedback on answer 1".
    pub context: String,
    /// A length the text must keep to, with the reason.
    pub limit: Option<(usize, &'static str)>,
    /// What the text is for, when the translator needs to know (alt text).
    pub purpose: Option<&'static str>,
}

pub(crate) const ALT_PURPOSE: &str = "Alternative text: read aloud by screen readers in place of the image. Describe what the image shows and why it matters, briefly.";

/// Walks the course calling `f` with each field and its text: `T` is
/// `&mut String` for [`walk`], `&String` for [`read`].
struct Walker<'f, T, F: FnMut(Field, T)> {
    f: &'f mut F,
    place: String,
    /// Whether to spell out each field's context (status needs none).
    contexts: bool,
    text: std::marker::PhantomData<T>,
}

impl<T, F: FnMut(Field, T)> Walker<'_, T, F> {
    fn visit(&mut self, entity: &str, path: &str, syntax: Syntax, what: &str, text: T) {
        self.visit_with(entity, path, syntax, what, None, None, text)
    }

    #[allow(clippy::too_many_arguments)]
    fn visit_with(
        &mut self,
        entity: &str,
        path: &str,
        syntax: Syntax,
        what: &str,
        limit: Option<(usize, &'static str)>,
        purpose: Option<&'static str>,
        text: T,
    ) {
        let context = if !self.contexts {
            String::new()
        } else if self.place.is_empty() {
            what.to_owned()
        } else {
            format!("{} › {what}", self.place)
        };
        (self.f)(
            Field {
                id: format!("{entity}.{path}"),
                syntax,
                context,
                limit,
                purpose,
            },
            text,
        );
    }
}

/// Calls `f` on every translatable field of `course`, in course order: the
/// course title and description, objectives, then each module, lesson and
/// block. Empty fields are visited too (callers skip them as they need).
pub fn walk(course: &mut Course, f: impl FnMut(Field, &mut String)) {
    walk_with(course, true, f)
}

/// [`walk`], with every [`Field::context`] left empty when `contexts` is
/// false (faster, for status and hashes).
/// The walk, written once for both handles: `$m` is `mut` for [`walk_with`]
/// and empty for [`read_with`].
macro_rules! walker {
    ($walk:ident, $head:ident, $module:ident, $lesson:ident, $block:ident, $panels:ident, $iter:ident $(, $m:tt)?) => {
        pub fn $walk<'c>(
            course: &'c $($m)? Course,
            contexts: bool,
            mut f: impl FnMut(Field, &'c $($m)? String),
        ) {
            let mut w = Walker {
                f: &mut f,
                place: String::new(),
                contexts,
                text: std::marker::PhantomData,
            };
            let course_id = course.id.to_string();
            $head(&mut w, &course_id, &$($m)? course.info, &$($m)? course.objectives);
            for (mi, m) in course.modules.$iter().enumerate() {
                w.place = String::new();
                let module_place = if contexts {
                    format!("Module {} “{}”", mi + 1, m.title)
                } else {
                    String::new()
                };
                $module(&mut w, mi, m.id.as_str(), &$($m)? m.title);
                for (li, l) in m.lessons.$iter().enumerate() {
                    let lesson_place = if contexts {
                        w.place = module_place.clone();
                        format!("{module_place} › Lesson {} “{}”", li + 1, l.title)
                    } else {
                        String::new()
                    };
                    $lesson(&mut w, li, l.id.as_str(), &$($m)? l.title);
                    for (bi, b) in l.blocks.$iter().enumerate() {
                        if contexts {
                            w.place = format!("{lesson_place} › block {} ({})", bi + 1, b.content.kind());
                        }
                        $block(&mut w, b.id.as_str(), &$($m)? b.content);
                    }
                }
            }
        }

        /// The course's own fields: title, description and objectives.
        fn $head<'c, F: FnMut(Field, &'c $($m)? String)>(
            w: &mut Walker<'_, &'c $($m)? String, F>,
            course_id: &str,
            info: &'c $($m)? CourseInfo,
            objectives: &'c $($m)? [Objective],
        ) {
            w.visit_with(
                course_id,
                "title",
                Syntax::Plain,
                "the course title",
                Some((
                    200,
                    "SCORM 1.2 manifests allow 200 characters for the course title",
                )),
                None,
                &$($m)? info.title,
            );
            w.visit(
                course_id,
                "description",
                Syntax::Plain,
                "the course description",
                &$($m)? info.description,
            );
            for (i, o) in objectives.$iter().enumerate() {
                w.visit_with(
                    o.id.as_str(),
                    "statement",
                    Syntax::Plain,
                    &format!("learning objective {}", i + 1),
                    Some((
                        250,
                        "SCORM 2004 LMSs keep the first 250 characters as the objective's description",
                    )),
                    None,
                    &$($m)? o.statement,
                );
            }
        }

        fn $module<'c, F: FnMut(Field, &'c $($m)? String)>(w: &mut Walker<'_, &'c $($m)? String, F>, index: usize, id: &str, title: &'c $($m)? String) {
            w.visit(id, "title", Syntax::Plain, &format!("the title of module {}", index + 1), title);
        }

        fn $lesson<'c, F: FnMut(Field, &'c $($m)? String)>(w: &mut Walker<'_, &'c $($m)? String, F>, index: usize, id: &str, title: &'c $($m)? String) {
            w.visit(id, "title", Syntax::Plain, &format!("the title of lesson {}", index + 1), title);
        }

        fn $block<'c, F: FnMut(Field, &'c $($m)? String)>(w: &mut Walker<'_, &'c $($m)? String, F>, b: &str, content: &'c $($m)? BlockContent) {
            use Syntax::{Markdown as Md, Plain};
            match content {
                BlockContent::Text { markdown } => w.visit(b, "markdown", Md, "the text", markdown),
                BlockContent::Heading { text, .. } => w.visit(b, "text", Plain, "the heading", text),
                BlockContent::Image {
                    alt,
                    caption,
                    markdown,
                    ..
                } => {
                    w.visit_with(
                        b,
                        "alt",
                        Plain,
                        "the alt text",
                        None,
                        Some(ALT_PURPOSE),
                        alt,
                    );
                    w.visit(b, "caption", Md, "the caption", caption);
                    w.visit(b, "markdown", Md, "the text beside the image", markdown);
                }
                BlockContent::Video(m) | BlockContent::Audio(m) => {
                    w.visit(b, "title", Plain, "the title", &$($m)? m.title);
                    w.visit(b, "transcript", Md, "the transcript", &$($m)? m.transcript);
                }
                BlockContent::Callout {
                    title, markdown, ..
                } => {
                    w.visit(b, "title", Md, "the title", title);
                    w.visit(b, "markdown", Md, "the text", markdown);
                }
                BlockContent::Quote {
                    markdown,
                    attribution,
                } => {
                    w.visit(b, "markdown", Md, "the quote", markdown);
                    w.visit(b, "attribution", Md, "the attribution", attribution);
                }
                BlockContent::Accordion { panels } => $panels(w, b, "panels", "panel", panels),
                BlockContent::Tabs { panels } => $panels(w, b, "panels", "tab", panels),
                BlockContent::Process { steps } => $panels(w, b, "steps", "step", steps),
                BlockContent::Columns { columns } => $panels(w, b, "columns", "column", columns),
                BlockContent::Flashcards { cards } => {
                    for (i, c) in cards.$iter().enumerate() {
                        let n = i + 1;
                        w.visit(
                            b,
                            &format!("cards.{}.front", c.id),
                            Md,
                            &format!("the front of card {n}"),
                            &$($m)? c.front,
                        );
                        w.visit(
                            b,
                            &format!("cards.{}.back", c.id),
                            Md,
                            &format!("the back of card {n}"),
                            &$($m)? c.back,
                        );
                    }
                }
                BlockContent::LabelledGraphic { alt, markers, .. } => {
                    w.visit_with(
                        b,
                        "alt",
                        Plain,
                        "the alt text",
                        None,
                        Some(ALT_PURPOSE),
                        alt,
                    );
                    for (i, m) in markers.$iter().enumerate() {
                        let n = i + 1;
                        w.visit(
                            b,
                            &format!("markers.{}.label", m.id),
                            Md,
                            &format!("the label of marker {n}"),
                            &$($m)? m.label,
                        );
                        w.visit(
                            b,
                            &format!("markers.{}.markdown", m.id),
                            Md,
                            &format!("the text of marker {n}"),
                            &$($m)? m.markdown,
                        );
                    }
                }
                BlockContent::Divider => {}
                BlockContent::Question(q) => {
                    w.visit_with(
                        b,
                        "prompt",
                        Md,
                        "the question",
                        Some((250, "SCORM 2004 LMSs keep the first 250 characters (as plain text) as the interaction's description")),
                        None,
                        &$($m)? q.prompt,
                    );
                    match &$($m)? q.answer {
                        Answer::SingleChoice { choices } | Answer::MultipleResponse { choices } => {
                            for (i, c) in choices.$iter().enumerate() {
                                let n = i + 1;
                                w.visit(
                                    b,
                                    &format!("choices.{}.text", c.id),
                                    Md,
                                    &format!("answer {n}"),
                                    &$($m)? c.text,
                                );
                                w.visit(
                                    b,
                                    &format!("choices.{}.feedback", c.id),
                                    Md,
                                    &format!("the feedback on answer {n}"),
                                    &$($m)? c.feedback,
                                );
                            }
                        }
                        Answer::TrueFalse {
                            true_feedback,
                            false_feedback,
                            ..
                        } => {
                            w.visit(
                                b,
                                "true_feedback",
                                Md,
                                "the feedback on “True”",
                                true_feedback,
                            );
                            w.visit(
                                b,
                                "false_feedback",
                                Md,
                                "the feedback on “False”",
                                false_feedback,
                            );
                        }
                        Answer::FillBlank { accepted, .. } => {
                            for (i, a) in accepted.$iter().enumerate() {
                                w.visit_with(
                                    b,
                                    &format!("accepted.{i}"),
                                    Plain,
                                    &format!(
                                        "accepted answer {} (what the learner types, compared as written)",
                                        i + 1
                                    ),
                                    Some((
                                        255,
                                        "a SCORM 1.2 LMS keeps 255 characters of the learner's answer",
                                    )),
                                    None,
                                    a,
                                );
                            }
                        }
                        Answer::Matching { pairs } => {
                            for (i, p) in pairs.$iter().enumerate() {
                                let n = i + 1;
                                w.visit(
                                    b,
                                    &format!("pairs.{}.left", p.id),
                                    Md,
                                    &format!("the left side of pair {n}"),
                                    &$($m)? p.left,
                                );
                                w.visit(
                                    b,
                                    &format!("pairs.{}.right", p.id),
                                    Md,
                                    &format!("the right side of pair {n}"),
                                    &$($m)? p.right,
                                );
                            }
                        }
                        Answer::Ordering { items } => {
                            for (i, it) in items.$iter().enumerate() {
                                w.visit(
                                    b,
                                    &format!("items.{}.text", it.id),
                                    Md,
                                    &format!("item {}", i + 1),
                                    &$($m)? it.text,
                                );
                            }
                        }
                        Answer::Numeric { .. } => {}
                    }
                    w.visit(
                        b,
                        "correct_feedback",
                        Md,
                        "the feedback when right",
                        &$($m)? q.correct_feedback,
                    );
                    w.visit(
                        b,
                        "incorrect_feedback",
                        Md,
                        "the feedback when wrong",
                        &$($m)? q.incorrect_feedback,
                    );
                    w.visit(b, "hint", Md, "the hint", &$($m)? q.hint);
                }
                BlockContent::Scenario(s) => {
                    w.visit(b, "title", Md, "the scenario title", &$($m)? s.title);
                    for (i, node) in s.nodes.$iter().enumerate() {
                        let n = i + 1;
                        let base = format!("nodes.{}", node.id);
                        w.visit(
                            b,
                            &format!("{base}.narrative"),
                            Md,
                            &format!("the narrative of step {n}"),
                            &$($m)? node.narrative,
                        );
                        if let Some(ending) = &$($m)? node.ending {
                            w.visit(
                                b,
                                &format!("{base}.ending"),
                                Plain,
                                &format!("the ending label of step {n}"),
                                &$($m)? ending.label,
                            );
                        }
                        for (ci, c) in node.choices.$iter().enumerate() {
                            let cn = ci + 1;
                            w.visit(
                                b,
                                &format!("{base}.choices.{}.text", c.id),
                                Md,
                                &format!("choice {cn} of step {n}"),
                                &$($m)? c.text,
                            );
                            w.visit(
                                b,
                                &format!("{base}.choices.{}.consequence", c.id),
                                Md,
                                &format!("the consequence of choice {cn} of step {n}"),
                                &$($m)? c.consequence,
                            );
                        }
                    }
                }
            }
        }

        fn $panels<'c, F: FnMut(Field, &'c $($m)? String)>(w: &mut Walker<'_, &'c $($m)? String, F>, b: &str, key: &str, word: &str, list: &'c $($m)? [Panel]) {
            for (i, p) in list.$iter().enumerate() {
                let n = i + 1;
                let base = format!("{key}.{}", p.id);
                w.visit(
                    b,
                    &format!("{base}.title"),
                    Syntax::Markdown,
                    &format!("the title of {word} {n}"),
                    &$($m)? p.title,
                );
                w.visit(
                    b,
                    &format!("{base}.markdown"),
                    Syntax::Markdown,
                    &format!("the text of {word} {n}"),
                    &$($m)? p.markdown,
                );
            }
        }

    };
}

walker!(
    walk_with, head_mut, module_mut, lesson_mut, block_mut, panels_mut, iter_mut, mut
);
walker!(
    read_with, head_ref, module_ref, lesson_ref, block_ref, panels_ref, iter
);

/// One part of a course whose units [`read_part`] visits: the parts are
/// what the course file stores in rows of their own, so that it can keep
/// each part's source hashes up to date as the part is written.
#[derive(Debug, Clone, Copy)]
pub enum Part<'c> {
    /// The course's title, description and objectives.
    Head(&'c Course),
    Module(&'c Module),
    Lesson(&'c Lesson),
    Block(&'c Block),
}

/// Calls `f` on every translatable field of one part of a course (empty
/// ones too), with no contexts: the units [`read_with`] visits for that
/// part, with the same ids.
pub fn read_part<'c>(part: Part<'c>, mut f: impl FnMut(Field, &'c String)) {
    let mut w = Walker {
        f: &mut f,
        place: String::new(),
        contexts: false,
        text: std::marker::PhantomData,
    };
    match part {
        Part::Head(course) => {
            head_ref(&mut w, course.id.as_ref(), &course.info, &course.objectives)
        }
        Part::Module(m) => module_ref(&mut w, 0, m.id.as_str(), &m.title),
        Part::Lesson(l) => lesson_ref(&mut w, 0, l.id.as_str(), &l.title),
        Part::Block(b) => block_ref(&mut w, b.id.as_str(), &b.content),
    }
}

/// [`walk`] over a course that is only read: no copy of it is made.
pub fn read<'c>(course: &'c Course, f: impl FnMut(Field, &'c String)) {
    read_with(course, true, f)
}
