//! What `trellis info` and `trellis check` print.

use std::collections::BTreeMap;
use std::fmt::Write;

use serde::Serialize;
use trellis_model::Course;

use crate::term;
use trellis_model::block::QUESTION_KINDS;

/// Counts of what a course holds. Its JSON form is what `info --format json`
/// prints, for tools.
#[derive(Debug, Serialize)]
pub struct Summary {
    pub id: String,
    pub title: String,
    pub language: String,
    pub version: String,
    pub objectives: usize,
    pub modules: usize,
    pub lessons: usize,
    pub blocks: usize,
    pub questions: usize,
    /// Questions by kind; every kind is listed, with 0 when unused.
    pub questions_by_kind: BTreeMap<&'static str, usize>,
    pub scenarios: usize,
    pub assets: usize,
    pub asset_bytes: u64,
    /// Texts still holding a blueprint's placeholder (marked, not guessed).
    pub placeholders: usize,
}

impl Summary {
    pub fn of(course: &Course) -> Self {
        let mut questions_by_kind: BTreeMap<&'static str, usize> =
            QUESTION_KINDS.iter().map(|k| (*k, 0)).collect();
        let mut blocks = 0;
        let mut scenarios = 0;
        for (_, block) in course.blocks() {
            blocks += 1;
            if let Some(q) = block.question() {
                *questions_by_kind.entry(q.kind()).or_default() += 1;
            }
            if block.scenario().is_some() {
                scenarios += 1;
            }
        }
        Self {
            id: course.id.to_string(),
            title: course.info.title.clone(),
            language: course.info.language.clone(),
            version: course.info.version.clone(),
            objectives: course.objectives.len(),
            modules: course.modules.len(),
            lessons: course.lessons().count(),
            blocks,
            questions: questions_by_kind.values().sum(),
            questions_by_kind,
            scenarios,
            assets: course.assets.len(),
            asset_bytes: course.assets.iter().map(|a| a.size).sum(),
            placeholders: course.placeholders().len(),
        }
    }

    /// "1 module, 3 lessons, …": each count with its word, singular for one.
    pub fn one_line(&self) -> String {
        let n =
            |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
        [
            n(self.modules, "module", "modules"),
            n(self.lessons, "lesson", "lessons"),
            n(self.blocks, "block", "blocks"),
            n(self.questions, "question", "questions"),
            n(self.objectives, "objective", "objectives"),
            n(self.assets, "asset", "assets"),
        ]
        .join(", ")
    }

    pub fn render(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "{}", term::line(&self.title));
        let _ = writeln!(
            out,
            "  id {}, language {}, version {}",
            term::line(&self.id),
            term::line(&self.language),
            term::line(&self.version)
        );
        let rows = [
            ("objectives", self.objectives),
            ("modules", self.modules),
            ("lessons", self.lessons),
            ("blocks", self.blocks),
            ("questions", self.questions),
            ("scenarios", self.scenarios),
            ("assets", self.assets),
        ];
        for (label, n) in rows {
            let _ = writeln!(out, "  {label:<11} {n}");
            if label == "questions" {
                for (kind, n) in self.questions_by_kind.iter().filter(|(_, n)| **n > 0) {
                    let _ = writeln!(out, "    {kind:<19} {n}");
                }
            }
        }
        let _ = writeln!(
            out,
            "  asset size  {:.1} KiB",
            self.asset_bytes as f64 / 1024.0
        );
        if self.placeholders > 0 {
            let _ = writeln!(
                out,
                "  {} placeholder texts from the blueprint still to replace",
                self.placeholders
            );
        }
        out
    }
}

/// The design-check report as a person reads it: one finding a line, worst
/// first within each place, then the totals.
pub fn render_report(report: &trellis_check::Report) -> String {
    let mut out = String::new();
    for f in &report.findings {
        let _ = writeln!(
            out,
            "{:<7} {}  [{}]\n        {}",
            f.severity.as_str(),
            term::line(&f.location.path),
            f.rule,
            term::line(&f.message)
        );
    }
    let counts = report.counts();
    if report.is_empty() {
        let _ = writeln!(out, "No findings: the course passes the design check.");
    } else {
        let _ = writeln!(
            out,
            "\n{} errors, {} warnings, {} notes.",
            counts.errors, counts.warnings, counts.infos
        );
    }
    out
}
