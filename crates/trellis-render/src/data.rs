//! The course data the player needs, embedded in the page as JSON
//! ([`PlayerData`]): pages, answer keys, points, objectives, assessment
//! settings, the completion rule, scenarios, ids and IRIs, and the UI
//! strings. These structs are the one source of that data's shape: the
//! JSON Schema `player/data.schema.json` is made from them (a test keeps it
//! current), and the player's scripts are tested against the schema (the
//! fields they read exist; every field is read).

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::Serialize;
use trellis_model::{Answer, Course, ObjectiveId};

use crate::Target;
use crate::budget::fill_max_len;
use crate::ids;
use crate::markdown::plain;
use crate::template::Templates;

/// What the player reads from the page (`<script id="trellis-data">`).
#[derive(Debug, Clone, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PlayerData {
    /// The course's identity for tracking.
    pub course: CourseData,
    /// What the package is for: `scorm12`, `scorm2004`, `cmi5`, `xapi`,
    /// `web`, `preview` (the editor's) or `review` (a review build); the
    /// player picks its tracking adapter by it.
    pub target: String,
    /// When the course counts as completed: `all-lessons-viewed`,
    /// `assessment-passed` or `both`.
    pub completion: String,
    /// What a SCORM LMS is told: `passed-failed`, `passed-incomplete`,
    /// `completed-incomplete` or `completed-passed`.
    pub reporting: String,
    /// Every lesson (one page each), in course order; `null` for a lesson a
    /// partial build leaves out (indexes stay the whole course's).
    pub pages: Vec<Option<PageData>>,
    /// Every question, in course order (`null` as for pages).
    pub questions: Vec<Option<QuestionData>>,
    /// Every assessment lesson, in course order (`null` as for pages).
    pub assessments: Vec<Option<AssessmentData>>,
    /// Every branching scenario, in course order (`null` as for pages).
    pub scenarios: Vec<Option<ScenarioData>>,
    /// The course's learning objectives; questions and scenarios name them
    /// by index.
    pub objectives: Vec<ObjectiveData>,
    /// The player's texts in the course's language, by key (`strings/*.json`
    /// with a theme's changes).
    pub strings: BTreeMap<String, String>,
    /// The course score and its pass mark, when the course is scored as a
    /// whole.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scoring: Option<ScoringData>,
    /// Review builds: the course as the reviewer's comment file names it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub review: Option<ReviewData>,
    /// A prefix for the player's keys in the browser's storage (`review:` in
    /// review builds, so a review never mixes with a learner's progress).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub storage_prefix: Option<String>,
    /// A package holding the course in several languages: each language's
    /// page, the course's own language first.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub languages: Option<Vec<LanguageData>>,
}

/// The course's identity.
#[derive(Debug, Clone, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CourseData {
    /// The course id (storage keys, IRIs).
    pub id: String,
    pub title: String,
    /// The author's version label (empty when none), sent as the statements'
    /// `context.revision`.
    pub version: String,
    /// The course's language tag, e.g. `en-GB`.
    pub language: String,
    /// The course's activity IRI (xAPI, cmi5).
    pub iri: String,
}

/// One lesson.
#[derive(Debug, Clone, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PageData {
    /// The lesson id.
    pub id: String,
    pub title: String,
    /// The lesson's activity IRI.
    pub iri: String,
}

/// The correct answer of a question, by its kind.
#[derive(Debug, Clone, Serialize, JsonSchema)]
#[serde(untagged)]
pub enum AnswerKey {
    /// Single choice and multiple response: the indexes of the correct
    /// choices.
    Choices(Vec<usize>),
    /// True/false: whether the statement is true.
    Truth(bool),
    /// Fill in the blank: every accepted answer.
    Accepted(Vec<String>),
    /// Numeric: the value and how far off an answer may be.
    Number(NumberKey),
}

/// A numeric question's answer.
#[derive(Debug, Clone, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct NumberKey {
    pub value: f64,
    /// The largest difference still counted right (never negative).
    pub tolerance: f64,
}

/// One question.
#[derive(Debug, Clone, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct QuestionData {
    /// The block id.
    pub id: String,
    /// The index of its lesson in `pages`.
    pub page: usize,
    /// `single-choice`, `multiple-response`, `true-false`, `fill-blank`,
    /// `matching`, `ordering` or `numeric`.
    pub kind: String,
    /// What a right answer is worth.
    pub points: u32,
    /// Tries allowed (0: unlimited).
    pub attempts: u32,
    /// It is in an assessment lesson (scored by the assessment's submit,
    /// not checked on its own).
    pub in_assessment: bool,
    /// Indexes in `objectives` of the objectives it assesses.
    pub objectives: Vec<usize>,
    /// A practice question counted in the course score (written only when
    /// `true`).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    #[schemars(default)]
    pub scored: bool,
    /// How many choices, pairs or items (2 for true/false; absent for
    /// fill-blank and numeric).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub count: Option<usize>,
    /// The correct answer.
    pub key: AnswerKey,
    /// Fill-blank: whether case matters.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub case_sensitive: Option<bool>,
    /// Fill-blank: the input's `maxlength` (see [`fill_max_len`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_length: Option<usize>,
    /// SCORM 2004, cmi5, xAPI: the ids of the choices, pairs or items (the
    /// interaction's response ids).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ids: Option<Vec<String>>,
    /// As `ids`: their texts, as plain text (choices, left items of pairs,
    /// items).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub labels: Option<Vec<String>>,
    /// As `ids`, matching only: the right items' texts.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub targets: Option<Vec<String>>,
    /// As `ids`: the question's activity IRI.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub iri: Option<String>,
    /// As `ids`: the prompt as plain text, at most 250 characters (the
    /// interaction's description).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
}

/// One assessment lesson.
#[derive(Debug, Clone, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AssessmentData {
    /// Indexes in `questions` of its questions.
    pub pool: Vec<usize>,
    /// How many of the pool one attempt shows.
    pub draw: usize,
    /// Whether the drawn questions are shown in a random order.
    pub shuffle: bool,
    /// The percentage needed to pass (0 to 100).
    pub pass_mark: u32,
    /// Attempts allowed (0: unlimited).
    pub attempts: u32,
}

/// One branching scenario.
#[derive(Debug, Clone, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ScenarioData {
    /// The block id.
    pub id: String,
    /// The index of its lesson in `pages`.
    pub page: usize,
    /// Indexes in `objectives` of the objectives it assesses.
    pub objectives: Vec<usize>,
    /// The index in `nodes` of the first node.
    pub start: usize,
    pub nodes: Vec<ScenarioNode>,
    /// The best score an ending gives.
    pub max_score: u32,
}

/// One node of a scenario.
#[derive(Debug, Clone, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ScenarioNode {
    /// For each choice, the index in `nodes` it leads to (`null`: nowhere).
    pub next: Vec<Option<usize>>,
    /// Whether the node is an ending.
    pub ending: bool,
    /// An ending's score, if it has one.
    pub score: Option<u32>,
}

/// One learning objective.
#[derive(Debug, Clone, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ObjectiveData {
    /// The objective id.
    pub id: String,
    /// Its activity IRI.
    pub iri: String,
    /// Its statement, at most 250 characters.
    pub text: String,
}

/// The course score.
#[derive(Debug, Clone, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ScoringData {
    /// The course score needed to pass (0 to 100); `null`: no pass mark.
    pub pass_mark: Option<u32>,
    /// The share (0 to 100) of the course score the practice checks make;
    /// the assessments make the rest.
    pub checks_weight: u32,
}

/// A review build's course, as its comment file names it.
#[derive(Debug, Clone, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ReviewData {
    pub course: ReviewCourse,
}

/// The reviewed course.
#[derive(Debug, Clone, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ReviewCourse {
    pub id: String,
    pub title: String,
    /// The course's fingerprint, so comments can be matched to what was
    /// reviewed.
    pub version: String,
}

/// One language's page of a package holding several.
#[derive(Debug, Clone, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct LanguageData {
    /// The language tag.
    pub language: String,
    /// The language's name in that language, for the picker.
    pub name: String,
    /// The page, relative to this one (`index.html`, `index.fr.html`).
    pub href: String,
}

fn objective_indexes(course: &Course, ids: &[ObjectiveId]) -> Vec<usize> {
    ids.iter()
        .filter_map(|id| course.objectives.iter().position(|o| &o.id == id))
        .collect()
}

/// Cuts `s` to at most `max` characters (interaction descriptions: 250).
fn cut(s: &str, max: usize) -> String {
    s.chars().take(max).collect()
}

pub(crate) fn course_data(course: &Course, target: Target, t: &Templates) -> PlayerData {
    course_data_of(course, target, t, &|_| true)
}

/// The player's question data for question block `block` of page `page`.
fn question_data(
    course: &Course,
    page: usize,
    in_assessment: bool,
    block: &trellis_model::Block,
    q: &trellis_model::Question,
    describe: bool,
) -> QuestionData {
    let strings = |v: Vec<String>| describe.then_some(v);
    let mut d = QuestionData {
        id: block.id.to_string(),
        page,
        kind: q.kind().to_owned(),
        points: q.points,
        attempts: q.attempts,
        in_assessment,
        objectives: objective_indexes(course, &q.objectives),
        scored: q.scored && !in_assessment,
        count: None,
        key: AnswerKey::Choices(Vec::new()),
        case_sensitive: None,
        max_length: None,
        ids: None,
        labels: None,
        targets: None,
        iri: describe.then(|| ids::question_iri(course, &block.id)),
        text: describe.then(|| cut(&plain(&q.prompt), 250)),
    };
    match &q.answer {
        Answer::SingleChoice { choices } | Answer::MultipleResponse { choices } => {
            d.count = Some(choices.len());
            d.key = AnswerKey::Choices(
                choices
                    .iter()
                    .enumerate()
                    .filter(|(_, c)| c.correct)
                    .map(|(i, _)| i)
                    .collect(),
            );
            d.ids = strings(choices.iter().map(|c| c.id.to_string()).collect());
            d.labels = strings(choices.iter().map(|c| plain(&c.text)).collect());
        }
        Answer::TrueFalse { correct, .. } => {
            d.count = Some(2);
            d.key = AnswerKey::Truth(*correct);
        }
        Answer::FillBlank {
            accepted,
            case_sensitive,
        } => {
            d.key = AnswerKey::Accepted(accepted.clone());
            d.case_sensitive = Some(*case_sensitive);
            d.max_length = Some(fill_max_len(accepted));
        }
        Answer::Matching { pairs } => {
            d.count = Some(pairs.len());
            d.ids = strings(pairs.iter().map(|p| p.id.to_string()).collect());
            d.labels = strings(pairs.iter().map(|p| plain(&p.left)).collect());
            d.targets = strings(pairs.iter().map(|p| plain(&p.right)).collect());
        }
        Answer::Ordering { items } => {
            d.count = Some(items.len());
            d.ids = strings(items.iter().map(|p| p.id.to_string()).collect());
            d.labels = strings(items.iter().map(|p| plain(&p.text)).collect());
        }
        Answer::Numeric { value, tolerance } => {
            d.key = AnswerKey::Number(NumberKey {
                value: *value,
                tolerance: tolerance.abs(),
            });
        }
    }
    d
}

/// The course data with the entries of the pages `want` does not take left
/// `null` (their places kept, so indexes stay those of the whole course).
pub(crate) fn course_data_of(
    course: &Course,
    target: Target,
    t: &Templates,
    want: &dyn Fn(usize) -> bool,
) -> PlayerData {
    // xAPI and SCORM 2004 describe interactions; the others need only keys.
    let describe = matches!(target, Target::Scorm2004 | Target::Cmi5 | Target::Xapi);
    let mut pages = Vec::new();
    let mut questions = Vec::new();
    let mut assessments = Vec::new();
    let mut scenarios = Vec::new();
    for (page, lesson) in course.lessons().enumerate() {
        let keep = want(page);
        let in_assessment = lesson.assessment_settings().is_some();
        pages.push(keep.then(|| PageData {
            id: lesson.id.to_string(),
            title: lesson.title.clone(),
            iri: ids::lesson_iri(course, &lesson.id),
        }));
        let mut pool = Vec::new();
        for block in &lesson.blocks {
            if let Some(q) = block.question() {
                pool.push(questions.len());
                questions.push(
                    keep.then(|| question_data(course, page, in_assessment, block, q, describe)),
                );
            }
            if let Some(s) = block.scenario() {
                let index_of =
                    |id: &trellis_model::ItemId| s.nodes.iter().position(|n| &n.id == id);
                scenarios.push(keep.then(|| {
                    ScenarioData {
                        id: block.id.to_string(),
                        page,
                        objectives: objective_indexes(course, &s.objectives),
                        start: index_of(&s.start).unwrap_or(0),
                        nodes: s
                            .nodes
                            .iter()
                            .map(|n| ScenarioNode {
                                next: n.choices.iter().map(|c| index_of(&c.next)).collect(),
                                ending: n.ending.is_some(),
                                score: n.ending.as_ref().and_then(|e| e.score),
                            })
                            .collect(),
                        max_score: s.max_score(),
                    }
                }));
            }
        }
        if let Some(a) = lesson.assessment_settings() {
            let draw = a.draw.map_or(pool.len(), |d| (d as usize).min(pool.len()));
            assessments.push(keep.then(|| AssessmentData {
                pool,
                draw,
                shuffle: a.shuffle,
                pass_mark: a.pass_mark.min(100),
                attempts: a.attempts,
            }));
        }
    }
    let objectives = course
        .objectives
        .iter()
        .map(|o| ObjectiveData {
            id: o.id.to_string(),
            iri: ids::objective_iri(course, &o.id),
            text: cut(&o.statement, 250),
        })
        .collect();
    let review = target == Target::Review;
    PlayerData {
        course: CourseData {
            id: course.id.to_string(),
            title: course.info.title.clone(),
            version: course.info.version.clone(),
            language: course.info.language.clone(),
            iri: ids::course_iri(course),
        },
        target: target.as_str().to_owned(),
        completion: course.info.completion.as_str().to_owned(),
        reporting: course.info.reporting.as_str().to_owned(),
        pages,
        questions,
        assessments,
        scenarios,
        objectives,
        strings: t.strings.clone(),
        // The course score and pass mark (the player's T.results).
        scoring: course.has_course_scoring().then(|| {
            let s = &course.info.scoring;
            ScoringData {
                pass_mark: s.pass_mark.map(|m| m.min(100)),
                checks_weight: s.checks_weight.min(100),
            }
        }),
        // What the review layer writes into a `.trellis-review` file, and a
        // storage key of its own for the learner progress.
        review: review.then(|| ReviewData {
            course: ReviewCourse {
                id: course.id.to_string(),
                title: course.info.title.clone(),
                version: course.fingerprint(),
            },
        }),
        storage_prefix: review.then(|| "review:".to_owned()),
        languages: None,
    }
}

/// The JSON Schema of [`PlayerData`] (checked in as
/// `player/data.schema.json`).
pub fn schema() -> String {
    let schema = schemars::schema_for!(PlayerData);
    let mut text = serde_json::to_string_pretty(&schema).expect("a schema serialises");
    text.push('\n');
    text
}

/// The JSON, safe inside `<script type="application/json">`. It goes
/// through a `serde_json::Value`, so every object's keys come sorted, as in
/// the preview's lesson parts (the player compares the two as text).
pub(crate) fn script_json(value: &impl Serialize) -> String {
    let value = serde_json::to_value(value).expect("player data serialises");
    serde_json::to_string(&value)
        .expect("player data serialises")
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}
