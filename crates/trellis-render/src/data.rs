//! The course data the player needs, embedded in the page as JSON:
//! pages, answer keys, points, objectives, assessment settings, the
//! completion rule, scenarios, ids and IRIs, and the UI strings.

use serde_json::{Value, json};
use trellis_model::{Answer, Course, ObjectiveId};

use crate::Target;
use crate::budget::fill_max_len;
use crate::ids;
use crate::markdown::plain;
use crate::template::Templates;

fn objective_indexes(course: &Course, ids: &[ObjectiveId]) -> Vec<usize> {
    ids.iter()
        .filter_map(|id| course.objectives.iter().position(|o| &o.id == id))
        .collect()
}

/// Cuts `s` to at most `max` characters (interaction descriptions: 250).
fn cut(s: &str, max: usize) -> String {
    s.chars().take(max).collect()
}

pub(crate) fn course_data(course: &Course, target: Target, t: &Templates) -> Value {
    course_data_of(course, target, t, &|_| true)
}

/// The course data with the entries of the pages `want` does not take left
/// `null` (their places kept, so indexes stay those of the whole course).
pub(crate) fn course_data_of(
    course: &Course,
    target: Target,
    t: &Templates,
    want: &dyn Fn(usize) -> bool,
) -> Value {
    // xAPI and SCORM 2004 describe interactions; the others need only keys.
    let describe = matches!(target, Target::Scorm2004 | Target::Cmi5 | Target::Xapi);
    let mut pages = Vec::new();
    let mut questions = Vec::new();
    let mut assessments = Vec::new();
    let mut scenarios = Vec::new();
    for (page, lesson) in course.lessons().enumerate() {
        let keep = want(page);
        if !keep {
            pages.push(Value::Null);
            for block in &lesson.blocks {
                if block.question().is_some() {
                    questions.push(Value::Null);
                }
                if block.scenario().is_some() {
                    scenarios.push(Value::Null);
                }
            }
            if lesson.assessment_settings().is_some() {
                assessments.push(Value::Null);
            }
            continue;
        }
        pages.push(json!({
            "id": lesson.id.as_str(),
            "title": lesson.title,
            "iri": ids::lesson_iri(course, &lesson.id),
        }));
        let mut pool = Vec::new();
        for block in &lesson.blocks {
            if let Some(q) = block.question() {
                pool.push(questions.len());
                let mut d = json!({
                    "id": block.id.as_str(),
                    "page": page,
                    "kind": q.kind(),
                    "points": q.points,
                    "attempts": q.attempts,
                    "asmt": lesson.assessment_settings().is_some(),
                    "obj": objective_indexes(course, &q.objectives),
                });
                let m = d.as_object_mut().expect("object");
                if q.scored && lesson.assessment_settings().is_none() {
                    m.insert("scored".into(), json!(true));
                }
                match &q.answer {
                    Answer::SingleChoice { choices } | Answer::MultipleResponse { choices } => {
                        m.insert("n".into(), json!(choices.len()));
                        let key: Vec<usize> = choices
                            .iter()
                            .enumerate()
                            .filter(|(_, c)| c.correct)
                            .map(|(i, _)| i)
                            .collect();
                        m.insert("key".into(), json!(key));
                        if describe {
                            m.insert(
                                "ids".into(),
                                json!(choices.iter().map(|c| c.id.as_str()).collect::<Vec<_>>()),
                            );
                            m.insert(
                                "labels".into(),
                                json!(choices.iter().map(|c| plain(&c.text)).collect::<Vec<_>>()),
                            );
                        }
                    }
                    Answer::TrueFalse { correct, .. } => {
                        m.insert("n".into(), json!(2));
                        m.insert("key".into(), json!(correct));
                    }
                    Answer::FillBlank {
                        accepted,
                        case_sensitive,
                    } => {
                        m.insert("key".into(), json!(accepted));
                        m.insert("case".into(), json!(case_sensitive));
                        m.insert("max".into(), json!(fill_max_len(accepted)));
                    }
                    Answer::Matching { pairs } => {
                        m.insert("n".into(), json!(pairs.len()));
                        if describe {
                            m.insert(
                                "ids".into(),
                                json!(pairs.iter().map(|p| p.id.as_str()).collect::<Vec<_>>()),
                            );
                            m.insert(
                                "labels".into(),
                                json!(pairs.iter().map(|p| plain(&p.left)).collect::<Vec<_>>()),
                            );
                            m.insert(
                                "targets".into(),
                                json!(pairs.iter().map(|p| plain(&p.right)).collect::<Vec<_>>()),
                            );
                        }
                    }
                    Answer::Ordering { items } => {
                        m.insert("n".into(), json!(items.len()));
                        if describe {
                            m.insert(
                                "ids".into(),
                                json!(items.iter().map(|p| p.id.as_str()).collect::<Vec<_>>()),
                            );
                            m.insert(
                                "labels".into(),
                                json!(items.iter().map(|p| plain(&p.text)).collect::<Vec<_>>()),
                            );
                        }
                    }
                    Answer::Numeric { value, tolerance } => {
                        m.insert(
                            "key".into(),
                            json!({ "value": value, "tol": tolerance.abs() }),
                        );
                    }
                }
                if describe {
                    m.insert("iri".into(), json!(ids::question_iri(course, &block.id)));
                    m.insert("text".into(), json!(cut(&plain(&q.prompt), 250)));
                }
                questions.push(d);
            }
            if let Some(s) = block.scenario() {
                let index_of =
                    |id: &trellis_model::ItemId| s.nodes.iter().position(|n| &n.id == id);
                let nodes: Vec<Value> = s
                    .nodes
                    .iter()
                    .map(|n| {
                        json!({
                            "next": n.choices.iter().map(|c| index_of(&c.next)).collect::<Vec<_>>(),
                            "end": n.ending.is_some(),
                            "score": n.ending.as_ref().and_then(|e| e.score),
                        })
                    })
                    .collect();
                scenarios.push(json!({
                    "id": block.id.as_str(),
                    "iri": ids::question_iri(course, &block.id),
                    "page": page,
                    "obj": objective_indexes(course, &s.objectives),
                    "start": index_of(&s.start).unwrap_or(0),
                    "nodes": nodes,
                    "max": s.max_score(),
                }));
            }
        }
        if let Some(a) = lesson.assessment_settings() {
            let draw = a.draw.map_or(pool.len(), |d| (d as usize).min(pool.len()));
            assessments.push(json!({
                "page": page,
                "pool": pool,
                "draw": draw,
                "shuffle": a.shuffle,
                "pass": a.pass_mark.min(100),
                "attempts": a.attempts,
            }));
        }
    }
    let objectives: Vec<Value> = course
        .objectives
        .iter()
        .map(|o| {
            json!({
                "id": o.id.as_str(),
                "iri": ids::objective_iri(course, &o.id),
                "text": cut(&o.statement, 250),
            })
        })
        .collect();
    let mut data = json!({
        "course": {
            "id": course.id.as_str(),
            "title": course.info.title,
            "version": course.info.version,
            "lang": course.info.language,
            "iri": ids::course_iri(course),
        },
        "target": target.as_str(),
        "completion": course.info.completion.as_str(),
        "reporting": course.info.reporting.as_str(),
        "pages": pages,
        "questions": questions,
        "assessments": assessments,
        "scenarios": scenarios,
        "objectives": objectives,
        "strings": t.strings,
    });
    if course.has_course_scoring() {
        // The course score and pass mark (the player's T.results).
        let s = &course.info.scoring;
        data.as_object_mut().expect("object").insert(
            "scoring".into(),
            json!({
                "pass": s.pass_mark.map(|m| m.min(100)),
                "weight": s.checks_weight.min(100),
            }),
        );
    }
    if target == Target::Review {
        // What the review layer writes into a `.trellis-review` file, and a
        // storage key of its own for the learner progress.
        let m = data.as_object_mut().expect("object");
        m.insert(
            "review".into(),
            json!({
                "course": {
                    "id": course.id.as_str(),
                    "title": course.info.title,
                    "version": course.fingerprint(),
                },
            }),
        );
        m.insert("store".into(), json!("review:"));
    }
    data
}

/// The JSON, safe inside `<script type="application/json">`.
pub(crate) fn script_json(value: &Value) -> String {
    serde_json::to_string(value)
        .expect("JSON values serialise")
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}
