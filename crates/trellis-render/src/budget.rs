//! The saved-state budget: the longest state string the player can write
//! for a course, computed from the same encoding rules as the player's
//! `state.js` (a test runs that encoder on the worst case and compares).
//!
//! The encoding (version `1`), all printable ASCII:
//!
//! ```text
//! 1 F HH | P | V | Q | A | S
//! ```
//!
//! - `F`: one base-64 digit of flags (completion/pass/fail already sent);
//!   `HH`: two base-36 digits hashing the course's shape, so that a state
//!   saved for another version of the course is not misread.
//! - `P`: the current page, base 36, fixed width for the page count.
//! - `V`: the visited bitset, 6 lessons per base-64 digit.
//! - `Q`: one record per answered question, joined by `~`: question index
//!   (base 36, fixed width), tries (one base-36 digit, capped at 35), result
//!   (`c` right, `w` wrong, `n` not checked yet), then the response:
//!   single choice: the choice index; multiple response: a bitset; true/false:
//!   `1`/`0`; fill-blank and numeric: the text, where any character outside
//!   `A-Za-z0-9 .,!?()/@+:_-` is written `*` and four hex digits; matching:
//!   per left item, 0 for none or 1 + the chosen right item; ordering: the
//!   order as item indexes.
//! - `A`: ten characters per assessment: attempts used, status (`i`, `p`,
//!   `f`), draw seed (4 digits), best and last score (2 digits each).
//! - `S`: one record per scenario, joined by `~`: the current node, then
//!   the path of choice indexes (at most as many as the scenario has nodes;
//!   the oldest are dropped first).

use trellis_model::{Answer, Course};

/// SCORM 1.2 `cmi.suspend_data` holds at most this many characters.
pub const SUSPEND_DATA_LIMIT: usize = 4096;

/// The longest numeric answer a learner can type.
pub const NUMERIC_MAX_LEN: usize = 16;

/// Characters one escaped UTF-16 unit of free text can take (`*` + 4 hex).
pub const ESCAPED_UNIT: usize = 5;

/// Characters of an assessment record.
pub const ASSESSMENT_RECORD: usize = 10;

/// The `maxlength` of a fill-blank input: 40, or the longest accepted
/// answer if longer (in UTF-16 units, as browsers count).
pub fn fill_max_len(accepted: &[String]) -> usize {
    accepted
        .iter()
        .map(|a| a.encode_utf16().count())
        .max()
        .unwrap_or(0)
        .max(40)
}

/// Digits needed to write `0..n` in base 36 (at least one).
pub fn width36(n: usize) -> usize {
    let mut w = 1;
    let mut cap = 36usize;
    while cap < n {
        w += 1;
        cap = cap.saturating_mul(36);
    }
    w
}

/// One contributor to the worst case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BudgetPart {
    /// `header`, `question`, `assessments` or `scenario`.
    pub kind: &'static str,
    /// The block id for questions and scenarios.
    pub id: Option<String>,
    pub chars: usize,
}

/// How long the saved state can get, against the SCORM 1.2 limit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StateBudget {
    pub worst_case_chars: usize,
    /// 4,096: SCORM 1.2 `cmi.suspend_data`. Other targets allow more, but a
    /// course that fits here fits everywhere.
    pub limit: usize,
    /// Every contributor, in course order (the separators they bring
    /// included), so a publisher can name the largest ones.
    pub parts: Vec<BudgetPart>,
}

impl StateBudget {
    pub fn fits(&self) -> bool {
        self.worst_case_chars <= self.limit
    }

    /// The `n` largest question and scenario parts, largest first.
    pub fn largest(&self, n: usize) -> Vec<&BudgetPart> {
        let mut parts: Vec<&BudgetPart> = self.parts.iter().filter(|p| p.id.is_some()).collect();
        parts.sort_by(|a, b| b.chars.cmp(&a.chars).then(a.id.cmp(&b.id)));
        parts.truncate(n);
        parts
    }
}

/// The worst-case length of the response part of a question record.
fn response_worst(answer: &Answer) -> usize {
    match answer {
        Answer::SingleChoice { choices } => width36(choices.len()),
        Answer::MultipleResponse { choices } => choices.len().div_ceil(6),
        Answer::TrueFalse { .. } => 1,
        Answer::FillBlank { accepted, .. } => ESCAPED_UNIT * fill_max_len(accepted),
        Answer::Matching { pairs } => pairs.len() * width36(pairs.len() + 1),
        Answer::Ordering { items } => items.len() * width36(items.len()),
        Answer::Numeric { .. } => NUMERIC_MAX_LEN,
    }
}

/// The worst-case saved state of `course`.
pub fn state_budget(course: &Course) -> StateBudget {
    let pages = course.lessons().count();
    let questions: Vec<_> = course
        .blocks()
        .filter_map(|(_, b)| b.question().map(|q| (b, q)))
        .collect();
    let scenarios: Vec<_> = course
        .blocks()
        .filter_map(|(_, b)| b.scenario().map(|s| (b, s)))
        .collect();
    let assessments = course
        .lessons()
        .filter(|l| l.assessment_settings().is_some())
        .count();

    // "1", flags and the two-digit course shape; then five `|` separators,
    // the page and the visited bitset.
    let header = 4 + 5 + width36(pages) + pages.div_ceil(6);
    let mut parts = vec![BudgetPart {
        kind: "header",
        id: None,
        chars: header,
    }];
    let qw = width36(questions.len());
    for (i, (block, q)) in questions.iter().enumerate() {
        let sep = usize::from(i > 0);
        parts.push(BudgetPart {
            kind: "question",
            id: Some(block.id.to_string()),
            chars: sep + qw + 2 + response_worst(&q.answer),
        });
    }
    parts.push(BudgetPart {
        kind: "assessments",
        id: None,
        chars: ASSESSMENT_RECORD * assessments,
    });
    for (i, (block, s)) in scenarios.iter().enumerate() {
        let sep = usize::from(i > 0);
        let nodes = s.nodes.len();
        let max_choices = s.nodes.iter().map(|n| n.choices.len()).max().unwrap_or(0);
        let path = if max_choices == 0 {
            0
        } else {
            nodes * width36(max_choices)
        };
        parts.push(BudgetPart {
            kind: "scenario",
            id: Some(block.id.to_string()),
            chars: sep + width36(nodes) + path,
        });
    }
    StateBudget {
        worst_case_chars: parts.iter().map(|p| p.chars).sum(),
        limit: SUSPEND_DATA_LIMIT,
        parts,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths() {
        assert_eq!(width36(0), 1);
        assert_eq!(width36(36), 1);
        assert_eq!(width36(37), 2);
        assert_eq!(width36(1296), 2);
        assert_eq!(width36(1297), 3);
    }

    #[test]
    fn demo_course_fits_and_the_large_one_does_not() {
        let demo = state_budget(&trellis_model::sample::demo_course());
        assert!(demo.fits(), "{demo:?}");
        let large = state_budget(&trellis_model::sample::generated_course(
            trellis_model::sample::Size::LARGE,
        ));
        assert!(!large.fits());
        assert_eq!(large.largest(3).len(), 3);
        // The fill-blank questions dominate: 40 units, 5 characters each.
        assert!(large.largest(1)[0].chars > 200);
    }
}
