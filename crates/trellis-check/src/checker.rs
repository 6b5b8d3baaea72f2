//! The design check kept between runs, for an editor that checks the
//! course again after every edit.
//!
//! Nearly all of a check's work is in the lessons: their Markdown, questions
//! and scenarios. A [`Checker`] keeps each lesson's findings and checks again
//! only the lessons its owner says changed ([`Checker::forget`]), those whose
//! module was renamed or moved, and all of them when the objectives or assets
//! changed. The rest of the course (its settings, objectives, modules and
//! assets) is checked on every run. The report is the same, finding for
//! finding, as [`crate::check_with`] gives, which runs a fresh `Checker`.

use std::collections::HashMap;

use serde::Serialize;
use trellis_model::{Course, LessonId, ModuleId, ObjectiveId};

use crate::cx::Cx;
use crate::{Counts, Finding, Options, Report, course_rules, lesson_rules};

/// A design check that keeps what it found in each lesson.
#[derive(Debug, Default)]
pub struct Checker {
    options: Options,
    /// What the kept lessons were checked against besides themselves.
    env: Env,
    /// The last run's findings in course order.
    parts: Vec<Part>,
    /// Where each lesson of the last run is in `parts`, for the lessons
    /// that may be kept.
    lessons: HashMap<LessonId, usize>,
    counts: Counts,
    /// How many course-wide ids the last run saw.
    ids: usize,
    /// How many lessons the last run checked (the others' findings were kept).
    checked: usize,
}

/// What the rules about a lesson read from the rest of the course: the
/// objectives' ids and the assets' names and media types.
#[derive(Debug, Default)]
struct Env {
    objectives: Vec<ObjectiveId>,
    assets: Vec<(String, String)>,
}

impl Env {
    fn of(course: &Course) -> Self {
        Self {
            objectives: course.objectives.iter().map(|o| o.id.clone()).collect(),
            assets: (course.assets.iter())
                .map(|a| (a.name.clone(), a.media_type.clone()))
                .collect(),
        }
    }

    /// Whether `course` has these objectives and assets (compared without
    /// copying them, as every run does).
    fn matches(&self, course: &Course) -> bool {
        self.objectives
            .iter()
            .eq(course.objectives.iter().map(|o| &o.id))
            && (self.assets.iter().map(|(n, t)| (n.as_str(), t.as_str()))).eq(course
                .assets
                .iter()
                .map(|a| (a.name.as_str(), a.media_type.as_str())))
    }
}

#[derive(Debug)]
enum Part {
    /// Findings about the course, a module or the assets.
    Findings(Vec<Finding>),
    Lesson(KeptLesson),
}

/// One lesson's findings, and what it takes to use them again.
#[derive(Debug)]
struct KeptLesson {
    /// The lesson's module, and its title, which the findings' places name.
    module: ModuleId,
    module_title: String,
    findings: Vec<Finding>,
    /// The assets the lesson refers to.
    assets: Vec<String>,
    /// One of its ids clashed with another's: such a lesson is checked
    /// every time.
    clashed: bool,
}

impl Checker {
    pub fn new(options: Options) -> Self {
        Self {
            options,
            ..Self::default()
        }
    }

    /// The lesson `id` changed: check it again on the next run.
    pub fn forget(&mut self, id: &LessonId) {
        self.lessons.remove(id);
    }

    /// Check every lesson again on the next run (another course, or a
    /// change not known lesson by lesson).
    pub fn forget_all(&mut self) {
        self.lessons.clear();
    }

    /// Checks `course`, using the findings kept of the lessons that have not
    /// changed since the last run (see [`Checker::forget`]).
    pub fn run(&mut self, course: &Course) {
        if !self.env.matches(course) {
            self.env = Env::of(course);
            self.lessons.clear();
        }
        let mut old = std::mem::take(&mut self.parts);
        let kept = std::mem::take(&mut self.lessons);
        let mut cx = Cx::new(course, &self.options);
        cx.expect_ids(self.ids);
        let mut parts = Vec::new();
        self.checked = 0;
        course_rules::check_course(&mut cx);
        crate::job_aid_rules::check_job_aid(&mut cx);
        for module in &course.modules {
            lesson_rules::check_module(&mut cx, module);
            for lesson in &module.lessons {
                let own = std::mem::take(&mut cx.findings);
                if !own.is_empty() {
                    parts.push(Part::Findings(own));
                }
                let reuse = kept.get(&lesson.id).copied().filter(|&i| match old.get(i) {
                    Some(Part::Lesson(k)) => {
                        !k.clashed
                            && k.module == module.id
                            && k.module_title == module.title
                            && cx.register_kept_lesson(lesson, &k.assets)
                    }
                    _ => false,
                });
                let part = match reuse
                    .map(|i| std::mem::replace(&mut old[i], Part::Findings(Vec::new())))
                {
                    Some(Part::Lesson(k)) => k,
                    _ => {
                        self.checked += 1;
                        let clashes = cx.clashes;
                        cx.record_lesson_assets();
                        lesson_rules::check_lesson(&mut cx, module, lesson);
                        KeptLesson {
                            module: module.id.clone(),
                            module_title: module.title.clone(),
                            findings: std::mem::take(&mut cx.findings),
                            assets: cx.take_lesson_assets(),
                            clashed: cx.clashes != clashes,
                        }
                    }
                };
                self.lessons.insert(lesson.id.clone(), parts.len());
                parts.push(Part::Lesson(part));
            }
        }
        course_rules::check_assets(&mut cx);
        self.ids = cx.id_count();
        if !cx.findings.is_empty() {
            parts.push(Part::Findings(cx.findings));
        }
        self.parts = parts;
        self.counts = Counts::of(self.findings());
    }

    /// The last run's findings, in course order.
    pub fn findings(&self) -> impl Iterator<Item = &Finding> {
        self.parts.iter().flat_map(|p| match p {
            Part::Findings(f) => f.iter(),
            Part::Lesson(k) => k.findings.iter(),
        })
    }

    pub fn counts(&self) -> Counts {
        self.counts
    }

    /// How many lessons the last run checked; it kept the others' findings.
    pub fn lessons_checked(&self) -> usize {
        self.checked
    }

    /// The last run's report.
    pub fn into_report(self) -> Report {
        let mut findings = Vec::with_capacity(self.counts.total());
        for part in self.parts {
            match part {
                Part::Findings(f) => findings.extend(f),
                Part::Lesson(k) => findings.extend(k.findings),
            }
        }
        Report { findings }
    }
}

/// Serialises the last run as a [`Report`] does.
impl Serialize for Checker {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        crate::ReportShape {
            counts: self.counts,
            findings: crate::Seq(|| self.findings()),
        }
        .serialize(serializer)
    }
}
