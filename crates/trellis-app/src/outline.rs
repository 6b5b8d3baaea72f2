//! The course as a snapshot carries it: every module and lesson, but the
//! blocks of only the lessons asked for. The other lessons come as
//! *outlines* — title, template, how many blocks, which template slots are
//! filled, and the practice (questions and scenarios) with their linked
//! objectives — which is all the outline, the course map, the objective
//! coverage and the preview's tracking view draw from. The editor fetches a
//! lesson's blocks (`lessons {ids}`) when it opens the lesson; deltas carry
//! changed lessons whole, so a lesson an edit touched is whole from then on.
//!
//! On the large generated course (1,000 lessons, 20,000 blocks) the whole
//! course is 5.6 MB of JSON, which WebKit would have to receive and parse
//! before the editor could draw anything; the first snapshot with outlines
//! is 0.95 MB (docs/performance.md).

use serde::{Serialize, Serializer};
use trellis_model::template::slot_fills;
use trellis_model::{AssessmentSettings, BlockId, Course, Lesson, LessonId, ObjectiveId};

/// Which lessons a snapshot carries whole.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Whole<'a> {
    /// Every lesson (`snapshot {full: true}`: tools and tests).
    All,
    /// This lesson when it exists, else the course's first.
    One(Option<&'a LessonId>),
}

impl<'a> Whole<'a> {
    /// What `snapshot {lesson, full}` asks for.
    pub fn of(lesson: Option<&'a LessonId>, full: bool) -> Self {
        if full { Self::All } else { Self::One(lesson) }
    }
}

/// [`Course`] serialised with the same fields, every lesson not in `whole`
/// replaced by its [`LessonOutline`].
#[derive(Debug, Clone, Copy)]
pub struct CourseView<'a> {
    pub course: &'a Course,
    pub whole: Whole<'a>,
}

impl<'a> CourseView<'a> {
    /// The lesson carried whole besides `All`: the one named, when the
    /// course has it, else the first.
    fn whole_lesson(&self) -> Option<&'a LessonId> {
        let course = self.course;
        match self.whole {
            Whole::All => None,
            Whole::One(Some(id)) if course.lessons().any(|l| &l.id == id) => Some(id),
            Whole::One(_) => course.lessons().next().map(|l| &l.id),
        }
    }
}

/// The JSON shape [`CourseView`] writes (and its TypeScript type).
#[derive(Serialize, ts_rs::TS)]
#[ts(rename = "CourseView")]
pub struct View<'a> {
    id: &'a trellis_model::CourseId,
    info: &'a trellis_model::CourseInfo,
    objectives: &'a [trellis_model::Objective],
    modules: Vec<ModuleView<'a>>,
    assets: &'a [trellis_model::AssetInfo],
}

/// A module of a [`View`]: its lessons whole or as outlines.
#[derive(Serialize, ts_rs::TS)]
#[ts(rename = "ModuleView")]
pub struct ModuleView<'a> {
    id: &'a trellis_model::ModuleId,
    title: &'a str,
    lessons: Vec<LessonView<'a>>,
}

/// A lesson of a [`ModuleView`]: whole, or its outline.
#[derive(Serialize, ts_rs::TS)]
#[serde(untagged)]
#[ts(rename = "LessonEntry")]
pub enum LessonView<'a> {
    Whole(&'a Lesson),
    Outline(LessonOutline<'a>),
}

impl Serialize for CourseView<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let course = self.course;
        let open = self.whole_lesson();
        let all = self.whole == Whole::All;
        View {
            id: &course.id,
            info: &course.info,
            objectives: &course.objectives,
            modules: course
                .modules
                .iter()
                .map(|m| ModuleView {
                    id: &m.id,
                    title: &m.title,
                    lessons: m
                        .lessons
                        .iter()
                        .map(|l| {
                            if all || open == Some(&l.id) {
                                LessonView::Whole(l)
                            } else {
                                LessonView::Outline(LessonOutline::of(l))
                            }
                        })
                        .collect(),
                })
                .collect(),
            assets: &course.assets,
        }
        .serialize(serializer)
    }
}

/// A lesson without its blocks: what the editor shows of a lesson it has
/// not opened. JSON: the lesson's `id`, `title`, `template`, `assessment`,
/// and `outline` instead of `blocks`.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct LessonOutline<'a> {
    pub id: &'a LessonId,
    pub title: &'a str,
    pub template: trellis_model::TemplateKind,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub assessment: Option<&'a AssessmentSettings>,
    pub outline: Summary<'a>,
}

/// The parts of a lesson's blocks the editor draws without them.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct Summary<'a> {
    /// How many blocks the lesson has.
    pub blocks: usize,
    /// The names of the template slots at least one block fills (the rule
    /// of [`slot_fills`]).
    pub filled: Vec<&'static str>,
    /// The lesson's questions and scenarios, in order.
    pub practice: Vec<Practice<'a>>,
}

/// One question or scenario of a lesson outline.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct Practice<'a> {
    pub id: &'a BlockId,
    /// `question` or `scenario`.
    pub kind: &'static str,
    /// The question's type (`single-choice`…); absent for scenarios.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub question_type: Option<&'static str>,
    /// The first line of the prompt (a question) or the title (a
    /// scenario), Markdown, at most [`TEXT_CHARS`] characters.
    pub text: &'a str,
    pub objectives: &'a [ObjectiveId],
    /// A question's points; absent for scenarios.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub points: Option<u32>,
    /// A question marked as counting toward the course score.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    #[ts(as = "Option<bool>", optional)]
    pub scored: bool,
}

/// The longest `text` of a [`Practice`], in characters.
pub const TEXT_CHARS: usize = 100;

impl<'a> LessonOutline<'a> {
    pub fn of(lesson: &'a Lesson) -> Self {
        let practice = lesson
            .blocks
            .iter()
            .filter_map(|b| {
                let (kind, question_type, text, points) = match (b.question(), b.scenario()) {
                    (Some(q), _) => ("question", Some(q.kind()), &q.prompt, Some(q.points)),
                    (_, Some(s)) => ("scenario", None, &s.title, None),
                    _ => return None,
                };
                Some(Practice {
                    id: &b.id,
                    kind,
                    question_type,
                    text: first_line(text),
                    objectives: b.objectives(),
                    points,
                    scored: b.question().is_some_and(|q| q.scored),
                })
            })
            .collect();
        Self {
            id: &lesson.id,
            title: &lesson.title,
            template: lesson.template,
            assessment: lesson.assessment.as_ref(),
            outline: Summary {
                blocks: lesson.blocks.len(),
                filled: slot_fills(lesson)
                    .into_iter()
                    .filter(|f| f.is_filled())
                    .map(|f| f.slot.name)
                    .collect(),
                practice,
            },
        }
    }
}

/// The first non-empty line of `text`, cut to [`TEXT_CHARS`] characters.
fn first_line(text: &str) -> &str {
    let line = text
        .lines()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("")
        .trim();
    match line.char_indices().nth(TEXT_CHARS) {
        Some((at, _)) => &line[..at],
        None => line,
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};
    use trellis_model::sample;

    use super::*;

    fn view(course: &Course, whole: Whole) -> Value {
        serde_json::to_value(CourseView { course, whole }).unwrap()
    }

    #[test]
    fn all_is_the_course_as_serde_writes_it() {
        let course = sample::demo_course();
        assert_eq!(
            view(&course, Whole::All),
            serde_json::to_value(&course).unwrap()
        );
    }

    #[test]
    fn one_lesson_whole_the_others_outlined() {
        let course = sample::demo_course();
        let ids: Vec<&LessonId> = course.lessons().map(|l| &l.id).collect();
        assert!(ids.len() > 1, "the sample has several lessons");
        let lessons = |v: &Value| -> Vec<Value> {
            v["modules"]
                .as_array()
                .unwrap()
                .iter()
                .flat_map(|m| m["lessons"].as_array().unwrap().clone())
                .collect()
        };
        // Nothing named: the first lesson is whole.
        let v = view(&course, Whole::One(None));
        let got = lessons(&v);
        assert!(got[0]["blocks"].is_array() && got[0].get("outline").is_none());
        assert!(
            got[1..]
                .iter()
                .all(|l| l.get("blocks").is_none() && l["outline"].is_object())
        );
        // The second named; an unknown id falls back to the first.
        let v = view(&course, Whole::One(Some(ids[1])));
        assert!(lessons(&v)[1]["blocks"].is_array() && lessons(&v)[0].get("blocks").is_none());
        let unknown = LessonId::new("no-such-lesson").unwrap();
        assert!(lessons(&view(&course, Whole::One(Some(&unknown))))[0]["blocks"].is_array());
        // Everything but the lessons' blocks is as serde writes it.
        let full = serde_json::to_value(&course).unwrap();
        for key in ["id", "info", "objectives", "assets"] {
            assert_eq!(v[key], full[key], "{key}");
        }
    }

    #[test]
    fn an_outline_sums_up_slots_and_practice() {
        let course = sample::demo_course();
        for lesson in course.lessons() {
            let o = serde_json::to_value(LessonOutline::of(lesson)).unwrap();
            assert_eq!(o["id"], json!(lesson.id));
            assert_eq!(o["title"], json!(lesson.title));
            assert_eq!(o["outline"]["blocks"], json!(lesson.blocks.len()));
            let filled: Vec<&str> = slot_fills(lesson)
                .iter()
                .filter(|f| f.is_filled())
                .map(|f| f.slot.name)
                .collect();
            assert_eq!(o["outline"]["filled"], json!(filled));
            let practice: Vec<&BlockId> = lesson
                .blocks
                .iter()
                .filter(|b| b.question().is_some() || b.scenario().is_some())
                .map(|b| &b.id)
                .collect();
            let got: Vec<Value> = o["outline"]["practice"].as_array().unwrap().clone();
            assert_eq!(got.len(), practice.len());
            for (p, id) in got.iter().zip(practice) {
                let block = lesson.blocks.iter().find(|b| &b.id == id).unwrap();
                assert_eq!(p["id"], json!(id));
                assert_eq!(p["objectives"], json!(block.objectives()));
                match block.question() {
                    Some(q) => {
                        assert_eq!(p["question_type"], q.kind());
                        assert_eq!(p["points"], q.points);
                    }
                    None => assert_eq!(p["kind"], "scenario"),
                }
            }
        }
    }

    #[test]
    fn practice_text_is_the_first_line_cut_short() {
        assert_eq!(first_line("\n  Which one?  \nmore"), "Which one?");
        let long = "é".repeat(TEXT_CHARS + 20);
        assert_eq!(first_line(&long).chars().count(), TEXT_CHARS);
        assert_eq!(first_line(""), "");
    }
}
