//! The Trellis design check: reviews a [`Course`] the way a senior
//! instructional designer and an accessibility auditor would.
//!
//! [`check`] is a pure function over the model: it does no I/O and never
//! changes the course. It returns a [`Report`] of [`Finding`]s, in course
//! order (course settings, objectives, then modules, lessons, blocks and the
//! items inside them, then assets). Each finding names a rule of the
//! catalogue [`RULES`], carries that rule's [`Severity`], says where the
//! problem is ([`Location`]) and tells the designer, in plain words, what is
//! wrong and what to do about it.
//!
//! An editor that checks the course after every edit keeps a [`Checker`]:
//! it checks again only the lessons that changed, and reports the same.
//!
//! Severities mean:
//! - **error**: the course cannot be published or tracked as intended, or it
//!   certainly fails a WCAG 2.2 level A/AA success criterion with no
//!   alternative offered;
//! - **warning**: very likely a problem for learners; fix it or know why not;
//! - **info**: a suggestion a reviewer would make.
//!
//! ```
//! let course = trellis_model::sample::demo_course();
//! let report = trellis_check::check(&course);
//! for finding in &report.findings {
//!     println!("{finding}");
//! }
//! ```

mod block_rules;
mod checker;
mod color;
mod course_rules;
mod cx;
mod job_aid_rules;
mod lang;
mod lesson_rules;
mod markdown;
mod placeholder_rules;
pub mod rules;
mod translation_rules;

use std::fmt;

use serde::{Deserialize, Serialize};
use trellis_model::{BlockId, Course, ItemId, LessonId, ModuleId, ObjectiveId};

pub use checker::Checker;
pub use placeholder_rules::kind_noun;
pub use rules::{Category, RULES, RuleInfo, rule};
pub use translation_rules::check_translations;

/// How serious a finding is.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, ts_rs::TS,
)]
#[serde(rename_all = "kebab-case")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Info => "info",
            Self::Warning => "warning",
            Self::Error => "error",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Where in the course a finding is. The ids that apply are set, from the
/// outside in; `path` spells the place out for people.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, ts_rs::TS)]
#[ts(optional_fields)]
pub struct Location {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub objective: Option<ObjectiveId>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub module: Option<ModuleId>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lesson: Option<LessonId>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub block: Option<BlockId>,
    /// An item inside the block: a choice, pair, panel, scenario node...
    #[serde(skip_serializing_if = "Option::is_none")]
    pub item: Option<ItemId>,
    /// An asset name, for findings about an asset itself.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub asset: Option<String>,
    /// The field to fix, as the editor names it (`prompt`, `feedback`,
    /// `description`...), inside the block or item, or of the course settings.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// A target language (`fr`), for findings about a course's translation
    /// into it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    /// e.g. `Module 'Basics' › Lesson 'Quiz' › block q-3 › choice c2`.
    pub path: String,
}

/// One problem the check found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct Finding {
    pub severity: Severity,
    /// Id of a rule in [`RULES`].
    pub rule: &'static str,
    pub location: Location,
    /// What is wrong and what to do, for a designer.
    pub message: String,
}

impl Finding {
    /// The catalogue entry of this finding's rule.
    pub fn rule_info(&self) -> Option<&'static RuleInfo> {
        rule(self.rule)
    }
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}[{}] {}: {}",
            self.severity, self.rule, self.location.path, self.message
        )
    }
}

/// Counts of findings per severity.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct Counts {
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
}

impl Counts {
    fn of<'a>(findings: impl Iterator<Item = &'a Finding>) -> Self {
        let mut c = Self::default();
        for f in findings {
            match f.severity {
                Severity::Error => c.errors += 1,
                Severity::Warning => c.warnings += 1,
                Severity::Info => c.infos += 1,
            }
        }
        c
    }

    /// All findings.
    pub fn total(&self) -> usize {
        self.errors + self.warnings + self.infos
    }
}

/// The result of a check: findings in course order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    pub findings: Vec<Finding>,
}

impl Report {
    pub fn errors(&self) -> impl Iterator<Item = &Finding> {
        self.with_severity(Severity::Error)
    }

    pub fn warnings(&self) -> impl Iterator<Item = &Finding> {
        self.with_severity(Severity::Warning)
    }

    pub fn infos(&self) -> impl Iterator<Item = &Finding> {
        self.with_severity(Severity::Info)
    }

    pub fn with_severity(&self, severity: Severity) -> impl Iterator<Item = &Finding> {
        self.findings.iter().filter(move |f| f.severity == severity)
    }

    /// Findings of one rule.
    pub fn of_rule<'a>(&'a self, rule: &'a str) -> impl Iterator<Item = &'a Finding> {
        self.findings.iter().filter(move |f| f.rule == rule)
    }

    pub fn has_errors(&self) -> bool {
        self.errors().next().is_some()
    }

    pub fn is_empty(&self) -> bool {
        self.findings.is_empty()
    }

    pub fn counts(&self) -> Counts {
        Counts::of(self.findings.iter())
    }

    /// The most serious severity found, if any.
    pub fn worst(&self) -> Option<Severity> {
        self.findings.iter().map(|f| f.severity).max()
    }
}

/// Serialises as `{"counts": {...}, "findings": [...]}`.
impl Serialize for Report {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        ReportShape {
            counts: self.counts(),
            findings: &self.findings,
        }
        .serialize(serializer)
    }
}

/// The JSON shape of a report (also [`Checker`]'s).
#[derive(Serialize)]
struct ReportShape<F: Serialize> {
    counts: Counts,
    findings: F,
}

/// Serialises the findings a function gives as a sequence.
struct Seq<F>(F);

impl<'a, F, I> Serialize for Seq<F>
where
    F: Fn() -> I,
    I: Iterator<Item = &'a Finding>,
{
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq((self.0)())
    }
}

/// Thresholds and rule selection of a check.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Options {
    /// Reading speed used to estimate lesson length.
    pub words_per_minute: u32,
    /// A lesson estimated to take longer than this is reported.
    pub long_lesson_minutes: f64,
    /// A lesson with fewer words than this, and no media or practice, is
    /// reported as very short.
    pub short_lesson_words: usize,
    /// Rule ids not to report.
    pub ignore: Vec<String>,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            words_per_minute: 200,
            long_lesson_minutes: 15.0,
            short_lesson_words: 30,
            ignore: Vec::new(),
        }
    }
}

/// Checks `course` with the default [`Options`].
pub fn check(course: &Course) -> Report {
    check_with(course, &Options::default())
}

/// Checks `course` with `options`.
pub fn check_with(course: &Course, options: &Options) -> Report {
    let mut checker = Checker::new(options.clone());
    checker.run(course);
    checker.into_report()
}
