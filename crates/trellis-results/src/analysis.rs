//! Item analysis, objective mastery and lesson reach from stored statements.
//! The methods are described in docs/results.md.

use std::collections::{BTreeMap, HashMap, HashSet};

use serde::Serialize;
use trellis_model::{Answer, Course};
use trellis_store::ResultRow;

use crate::statement::VERB_ANSWERED;

/// Fewer learners than this and a figure is shown as not yet meaningful.
pub const DEFAULT_MIN_LEARNERS: u32 = 20;
/// First-try facility above this: "too easy".
pub const TOO_EASY: f64 = 0.9;
/// First-try facility below this: "too hard".
pub const TOO_HARD: f64 = 0.3;
/// A learner masters an objective when at least this share of its
/// questions they answered were right at the first try.
pub const MASTERY: f64 = 0.8;

/// A flag on a question, in the design check's words.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
#[ts(rename = "ResultFlag")]
pub struct Flag {
    /// `too-easy`, `too-hard`, `unpicked-distractor`, `negative-discrimination`.
    pub code: &'static str,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct ChoiceFigures {
    pub id: String,
    /// The choice's text as the author wrote it.
    pub text: String,
    pub correct: bool,
    /// Learners who picked it at their first try.
    pub picks: u32,
    /// Share of the learners who answered (0–1).
    pub share: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct QuestionFigures {
    pub block: String,
    /// The prompt's first line, plain and short.
    pub title: String,
    pub lesson: String,
    pub kind: &'static str,
    /// Every answer sent, retries included.
    pub attempts: u32,
    pub learners: u32,
    /// Share of learners right at their first try.
    pub facility_first: Option<f64>,
    /// Share of learners right at some try.
    pub facility_eventual: Option<f64>,
    /// Point-biserial correlation of the first try with the learner's
    /// score on the other questions.
    pub discrimination: Option<f64>,
    /// Choice questions and true/false: each choice's share of first tries.
    pub choices: Vec<ChoiceFigures>,
    /// Median time to answer, where statements carry durations.
    pub median_seconds: Option<f64>,
    /// Enough learners for the figures to mean something.
    pub meaningful: bool,
    pub flags: Vec<Flag>,
}

#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct ObjectiveFigures {
    pub objective: String,
    pub statement: String,
    /// Questions practising it.
    pub questions: u32,
    /// Learners who answered at least one of them.
    pub learners: u32,
    pub mastered: u32,
    pub mastery_rate: Option<f64>,
    pub meaningful: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct LessonFigures {
    pub lesson: String,
    pub title: String,
    /// Whether anything a learner does in it is reported (a question, or
    /// a statement about the lesson itself).
    pub measured: bool,
    /// Learners known to have reached it.
    pub reached: u32,
    /// Share of all learners.
    pub reach: Option<f64>,
    /// Share of the learners who reached the previous measured lesson and
    /// not this one.
    pub drop_off: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct Figures {
    /// Statements counted.
    pub statements: u64,
    pub learners: u32,
    pub completed: u32,
    pub passed: u32,
    pub failed: u32,
    pub meaningful: bool,
    pub questions: Vec<QuestionFigures>,
    pub objectives: Vec<ObjectiveFigures>,
    pub lessons: Vec<LessonFigures>,
    /// Answers to questions the course no longer has.
    pub unknown_questions: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct VersionSummary {
    /// The course's version label the statements carried ('' when none).
    pub version: String,
    pub statements: u64,
    pub learners: u32,
    pub first: String,
    pub last: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
#[ts(rename = "ResultsReport")]
pub struct Report {
    pub course: String,
    pub min_learners: u32,
    /// Every version together.
    pub all: Figures,
    pub versions: Vec<VersionSummary>,
    /// Each version alone, when there is more than one.
    pub by_version: BTreeMap<String, Figures>,
}

/// One learner's answers to one question.
#[derive(Default, Clone, Copy)]
struct Item {
    first: bool,
    eventually: bool,
    /// Choices picked at the first try, as bits.
    picks: u64,
}

struct QuestionInfo<'c> {
    block: &'c str,
    title: String,
    lesson: usize,
    answer: &'c Answer,
    objectives: Vec<usize>,
}

/// The course's questions, lessons and objectives by activity id.
struct Map<'c> {
    course: &'c Course,
    questions: Vec<QuestionInfo<'c>>,
    by_iri: HashMap<String, usize>,
    lesson_iri: HashMap<String, usize>,
    lessons: Vec<(&'c str, &'c str)>,
}

impl<'c> Map<'c> {
    fn new(course: &'c Course) -> Self {
        let mut m = Map {
            course,
            questions: Vec::new(),
            by_iri: HashMap::new(),
            lesson_iri: HashMap::new(),
            lessons: Vec::new(),
        };
        let obj: HashMap<&str, usize> = course
            .objectives
            .iter()
            .enumerate()
            .map(|(i, o)| (o.id.as_str(), i))
            .collect();
        for (li, lesson) in course.lessons().enumerate() {
            m.lessons.push((lesson.id.as_str(), lesson.title.as_str()));
            m.lesson_iri
                .insert(trellis_render::ids::lesson_iri(course, &lesson.id), li);
            for b in &lesson.blocks {
                if let Some(q) = b.question() {
                    m.by_iri.insert(
                        trellis_render::ids::question_iri(course, &b.id),
                        m.questions.len(),
                    );
                    m.questions.push(QuestionInfo {
                        block: b.id.as_str(),
                        title: short_title(&q.prompt),
                        lesson: li,
                        answer: &q.answer,
                        objectives: q
                            .objectives
                            .iter()
                            .filter_map(|o| obj.get(o.as_str()).copied())
                            .collect(),
                    });
                }
            }
        }
        m
    }
}

/// The figures of one group of statements, gathered one statement at a time.
struct Tally {
    statements: u64,
    learners: HashMap<String, u32>,
    items: Vec<HashMap<u32, Item>>,
    attempts: Vec<u32>,
    durations: Vec<Vec<i64>>,
    lesson_seen: Vec<HashSet<u32>>,
    completed: HashSet<u32>,
    passed: HashSet<u32>,
    failed: HashSet<u32>,
    unknown: u64,
    first: String,
    last: String,
}

fn choice_bits(answer: &Answer, response: &str) -> u64 {
    let index = |id: &str| -> Option<usize> {
        match answer {
            Answer::SingleChoice { choices } | Answer::MultipleResponse { choices } => {
                choices.iter().position(|c| c.id.as_str() == id)
            }
            Answer::TrueFalse { .. } => match id {
                "true" => Some(0),
                "false" => Some(1),
                _ => None,
            },
            _ => None,
        }
    };
    response
        .split("[,]")
        .filter_map(|p| index(p.trim()))
        .filter(|&i| i < 64)
        .fold(0, |bits, i| bits | (1 << i))
}

impl Tally {
    fn new(questions: usize, lessons: usize) -> Self {
        Tally {
            statements: 0,
            learners: HashMap::new(),
            items: vec![HashMap::new(); questions],
            attempts: vec![0; questions],
            durations: vec![Vec::new(); questions],
            lesson_seen: vec![HashSet::new(); lessons],
            completed: HashSet::new(),
            passed: HashSet::new(),
            failed: HashSet::new(),
            unknown: 0,
            first: String::new(),
            last: String::new(),
        }
    }

    fn add(&mut self, map: &Map, row: &ResultRow) {
        self.statements += 1;
        if self.first.is_empty() || row.timestamp < self.first {
            self.first = row.timestamp.clone();
        }
        if row.timestamp > self.last {
            self.last = row.timestamp.clone();
        }
        let n = self.learners.len() as u32;
        let learner = *self.learners.entry(row.learner.clone()).or_insert(n);
        let verb = row.verb.rsplit('/').next().unwrap_or("");
        if let Some(&li) = map.lesson_iri.get(&row.activity) {
            self.lesson_seen[li].insert(learner);
        }
        match verb {
            "completed" => drop(self.completed.insert(learner)),
            "passed" => drop(self.passed.insert(learner)),
            "failed" => drop(self.failed.insert(learner)),
            _ => {}
        }
        if row.verb != VERB_ANSWERED {
            return;
        }
        let Some(&qi) = map.by_iri.get(&row.activity) else {
            if row.activity.contains(":question:") {
                self.unknown += 1;
            }
            return;
        };
        let q = &map.questions[qi];
        self.attempts[qi] += 1;
        self.lesson_seen[q.lesson].insert(learner);
        if let Some(d) = row.duration_ms {
            self.durations[qi].push(d);
        }
        let ok = row.success == Some(true);
        match self.items[qi].get_mut(&learner) {
            Some(item) => item.eventually |= ok,
            None => {
                let picks = row
                    .response
                    .as_deref()
                    .map_or(0, |r| choice_bits(q.answer, r));
                self.items[qi].insert(
                    learner,
                    Item {
                        first: ok,
                        eventually: ok,
                        picks,
                    },
                );
            }
        }
    }

    fn figures(&self, map: &Map, min: u32) -> Figures {
        let learners = self.learners.len() as u32;
        // Each learner's first tries: (right, answered) over all questions.
        let mut totals: HashMap<u32, (u32, u32)> = HashMap::new();
        for items in &self.items {
            for (l, it) in items {
                let t = totals.entry(*l).or_default();
                t.0 += it.first as u32;
                t.1 += 1;
            }
        }
        let questions = map
            .questions
            .iter()
            .enumerate()
            .map(|(qi, q)| self.question(map, qi, q, &totals, min))
            .collect();
        let objectives = map
            .course
            .objectives
            .iter()
            .enumerate()
            .map(|(oi, o)| {
                let qs: Vec<usize> = (0..map.questions.len())
                    .filter(|&qi| map.questions[qi].objectives.contains(&oi))
                    .collect();
                let mut per: HashMap<u32, (u32, u32)> = HashMap::new();
                for &qi in &qs {
                    for (l, it) in &self.items[qi] {
                        let t = per.entry(*l).or_default();
                        t.0 += it.first as u32;
                        t.1 += 1;
                    }
                }
                let mastered = per
                    .values()
                    .filter(|(r, n)| f64::from(*r) >= MASTERY * f64::from(*n))
                    .count() as u32;
                let n = per.len() as u32;
                ObjectiveFigures {
                    objective: o.id.as_str().to_owned(),
                    statement: o.statement.clone(),
                    questions: qs.len() as u32,
                    learners: n,
                    mastered,
                    mastery_rate: (n > 0).then(|| f64::from(mastered) / f64::from(n)),
                    meaningful: n >= min,
                }
            })
            .collect();
        let mut lessons = Vec::new();
        let mut previous: Option<u32> = None;
        for (li, (id, title)) in map.lessons.iter().enumerate() {
            let measured =
                map.questions.iter().any(|q| q.lesson == li) || !self.lesson_seen[li].is_empty();
            let reached = self.lesson_seen[li].len() as u32;
            let mut f = LessonFigures {
                lesson: (*id).to_owned(),
                title: (*title).to_owned(),
                measured,
                reached,
                reach: None,
                drop_off: None,
            };
            if measured {
                f.reach = (learners > 0).then(|| f64::from(reached) / f64::from(learners));
                f.drop_off = previous
                    .filter(|&p| p > 0)
                    .map(|p| (f64::from(p) - f64::from(reached.min(p))) / f64::from(p));
                previous = Some(reached);
            }
            lessons.push(f);
        }
        Figures {
            statements: self.statements,
            learners,
            completed: self.completed.len() as u32,
            passed: self.passed.len() as u32,
            failed: self.failed.len() as u32,
            meaningful: learners >= min,
            questions,
            objectives,
            lessons,
            unknown_questions: self.unknown,
        }
    }

    fn question(
        &self,
        map: &Map,
        qi: usize,
        q: &QuestionInfo,
        totals: &HashMap<u32, (u32, u32)>,
        min: u32,
    ) -> QuestionFigures {
        let items = &self.items[qi];
        let n = items.len() as u32;
        let share = |k: u32| (n > 0).then(|| f64::from(k) / f64::from(n));
        let first = items.values().filter(|i| i.first).count() as u32;
        let eventually = items.values().filter(|i| i.eventually).count() as u32;
        // Item score against the rest score: the share right at the first
        // try of the other questions the learner answered.
        let pairs: Vec<(f64, f64)> = items
            .iter()
            .filter_map(|(l, it)| {
                let (right, answered) = totals[l];
                let (right, answered) = (right - it.first as u32, answered - 1);
                (answered > 0).then(|| {
                    (
                        f64::from(it.first as u8),
                        f64::from(right) / f64::from(answered),
                    )
                })
            })
            .collect();
        let discrimination = point_biserial(&pairs);
        let choices = choice_figures(q.answer, items, n);
        let mut d = self.durations[qi].clone();
        let median_seconds = median(&mut d).map(|ms| ms / 1000.0);
        let meaningful = n >= min;
        let facility_first = share(first);
        let mut flags = Vec::new();
        if meaningful {
            if let Some(f) = facility_first {
                if f > TOO_EASY {
                    flags.push(Flag {
                        code: "too-easy",
                        message: format!(
                            "Too easy: {:.0} % of learners answer it right at the first try.",
                            f * 100.0
                        ),
                    });
                } else if f < TOO_HARD {
                    flags.push(Flag {
                        code: "too-hard",
                        message: format!(
                            "Too hard: only {:.0} % of learners answer it right at the first try.",
                            f * 100.0
                        ),
                    });
                }
            }
            for c in choices.iter().filter(|c| !c.correct && c.picks == 0) {
                flags.push(Flag {
                    code: "unpicked-distractor",
                    message: format!(
                        "A distractor nobody picks: “{}”. Make it more plausible or remove it.",
                        c.text
                    ),
                });
            }
            if discrimination.is_some_and(|r| r < 0.0) {
                flags.push(Flag {
                    code: "negative-discrimination",
                    message: "Negative discrimination: check the key. Learners who do well elsewhere get this one wrong more often than the others.".into(),
                });
            }
        }
        QuestionFigures {
            block: q.block.to_owned(),
            title: q.title.clone(),
            lesson: map.lessons[q.lesson].0.to_owned(),
            kind: q.answer.kind(),
            attempts: self.attempts[qi],
            learners: n,
            facility_first,
            facility_eventual: share(eventually),
            discrimination,
            choices,
            median_seconds,
            meaningful,
            flags,
        }
    }
}

fn choice_figures(answer: &Answer, items: &HashMap<u32, Item>, n: u32) -> Vec<ChoiceFigures> {
    let list: Vec<(String, String, bool)> = match answer {
        Answer::SingleChoice { choices } | Answer::MultipleResponse { choices } => choices
            .iter()
            .map(|c| (c.id.as_str().to_owned(), c.text.clone(), c.correct))
            .collect(),
        Answer::TrueFalse { correct, .. } => vec![
            ("true".into(), "True".into(), *correct),
            ("false".into(), "False".into(), !*correct),
        ],
        _ => return Vec::new(),
    };
    list.into_iter()
        .enumerate()
        .map(|(i, (id, text, correct))| {
            let picks = if i < 64 {
                items.values().filter(|it| it.picks & (1 << i) != 0).count() as u32
            } else {
                0
            };
            ChoiceFigures {
                id,
                text,
                correct,
                picks,
                share: if n > 0 {
                    f64::from(picks) / f64::from(n)
                } else {
                    0.0
                },
            }
        })
        .collect()
}

/// The first line of Markdown `text` with its marks left out, at most 100
/// characters.
pub fn short_title(text: &str) -> String {
    let line = text
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or("");
    let plain: String = line
        .trim_start_matches(['#', '>', ' '])
        .chars()
        .filter(|c| !matches!(c, '*' | '_' | '`' | '[' | ']'))
        .collect();
    let mut out: String = plain.chars().take(100).collect();
    if plain.chars().count() > 100 {
        out.push('…');
    }
    out
}

/// Pearson's correlation of `(x, y)` pairs, which for a 0/1 `x` is the
/// point-biserial correlation. `None` when either side does not vary.
pub fn point_biserial(pairs: &[(f64, f64)]) -> Option<f64> {
    let n = pairs.len() as f64;
    if pairs.len() < 2 {
        return None;
    }
    let mx = pairs.iter().map(|p| p.0).sum::<f64>() / n;
    let my = pairs.iter().map(|p| p.1).sum::<f64>() / n;
    let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
    for (x, y) in pairs {
        sxy += (x - mx) * (y - my);
        sxx += (x - mx) * (x - mx);
        syy += (y - my) * (y - my);
    }
    if sxx <= 1e-12 || syy <= 1e-12 {
        return None;
    }
    Some(sxy / (sxx * syy).sqrt())
}

fn median(v: &mut [i64]) -> Option<f64> {
    if v.is_empty() {
        return None;
    }
    v.sort_unstable();
    let m = v.len() / 2;
    Some(if v.len() % 2 == 1 {
        v[m] as f64
    } else {
        (v[m - 1] as f64 + v[m] as f64) / 2.0
    })
}

const LAUNCHED: &str = "http://adlnet.gov/expapi/verbs/launched";

/// Gathers figures from rows given in timestamp order (the order
/// [`trellis_store::CourseFile::for_each_result`] gives).
pub struct Analysis<'c> {
    map: Map<'c>,
    all: Tally,
    versions: BTreeMap<String, Tally>,
}

impl<'c> Analysis<'c> {
    pub fn new(course: &'c Course) -> Self {
        let map = Map::new(course);
        let all = Tally::new(map.questions.len(), map.lessons.len());
        Analysis {
            map,
            all,
            versions: BTreeMap::new(),
        }
    }

    pub fn add(&mut self, row: &ResultRow) {
        self.all.add(&self.map, row);
        // A cmi5 LMS's own `launched` carries no version (the LMS does not
        // know it): counted with every version together, not as a version.
        if row.course_version.is_empty() && row.verb == LAUNCHED {
            return;
        }
        let (q, l) = (self.map.questions.len(), self.map.lessons.len());
        self.versions
            .entry(row.course_version.clone())
            .or_insert_with(|| Tally::new(q, l))
            .add(&self.map, row);
    }

    pub fn report(&self, min_learners: u32) -> Report {
        let versions = self
            .versions
            .iter()
            .map(|(v, t)| VersionSummary {
                version: v.clone(),
                statements: t.statements,
                learners: t.learners.len() as u32,
                first: t.first.clone(),
                last: t.last.clone(),
            })
            .collect();
        let by_version = if self.versions.len() > 1 {
            self.versions
                .iter()
                .map(|(v, t)| (v.clone(), t.figures(&self.map, min_learners)))
                .collect()
        } else {
            BTreeMap::new()
        };
        Report {
            course: self.map.course.id.as_str().to_owned(),
            min_learners,
            all: self.all.figures(&self.map, min_learners),
            versions,
            by_version,
        }
    }
}

/// The report of every statement the course file holds.
pub fn analyse(
    file: &trellis_store::CourseFile,
    min_learners: u32,
) -> Result<Report, trellis_store::StoreError> {
    let mut a = Analysis::new(file.course());
    file.for_each_result(|row| a.add(&row))?;
    Ok(a.report(min_learners))
}
