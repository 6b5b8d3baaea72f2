//! An LMS's report of SCORM interactions, saved as CSV, into results rows.
//!
//! Two layouts are read (docs/results.md shows both):
//!
//! - **Moodle's SCORM interactions report** (its "CSV" download, which is
//!   tab-separated text, or the spreadsheet saved as CSV): one row per
//!   learner and attempt, a learner column (`Username`, else `Email
//!   address`, else `First name` and `Surname`/`Last name`, else `Name`,
//!   the full name Moodle writes), `Attempt`, optionally `Started on`, and
//!   per interaction a group `Question N`, `Response N`, `Result N` (and
//!   `Right answer N`, ignored), numbered from 0 as Moodle numbers them (or
//!   from 1). `Question N` holds the interaction id, which Trellis sets to
//!   the question's id.
//! - **One interaction per row**: columns `learner`, `interaction`,
//!   `result`, and optionally `attempt`, `response`, `latency` (seconds or
//!   an ISO 8601 duration), `time`.
//!
//! A result of `correct` counts as right, `wrong`/`incorrect` as wrong,
//! anything else (`neutral`, `unanticipated`, a number) as unknown.
//! Responses in SCORM 1.2's letters (`0`, `1,2`, `t`) are turned into the
//! choice ids the xAPI packages report, so both read alike.

use std::collections::HashMap;

use sha2::{Digest, Sha256};
use trellis_model::{Answer, Course};
use trellis_store::{CourseFile, ResultRow};

use crate::ResultsError;
use crate::intake::{Intake, Summary};
use crate::statement::duration_ms;

struct Column {
    learner: Vec<usize>,
    attempt: Option<usize>,
    time: Option<usize>,
    /// (interaction, response, result, latency) column of each group.
    groups: Vec<(usize, Option<usize>, usize, Option<usize>)>,
}

fn norm(h: &str) -> String {
    h.trim()
        .trim_start_matches('\u{feff}')
        .to_lowercase()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn layout(header: &[String]) -> Option<Column> {
    let names: Vec<String> = header.iter().map(|h| norm(h)).collect();
    let find = |n: &[&str]| names.iter().position(|h| n.contains(&h.as_str()));
    let learner = if let Some(i) = find(&["username", "learner", "user", "email address", "email"])
    {
        vec![i]
    } else if let (Some(first), Some(last)) = (
        find(&["first name", "firstname"]),
        find(&["surname", "last name", "lastname"]),
    ) {
        vec![first, last]
    } else {
        vec![find(&["name", "full name"])?]
    };
    let attempt = find(&["attempt"]);
    let time = find(&["started on", "time", "timestamp"]);
    let mut groups = Vec::new();
    if let (Some(q), Some(r)) = (find(&["interaction"]), find(&["result"])) {
        groups.push((q, find(&["response"]), r, find(&["latency"])));
    }
    // Moodle numbers the groups from 0; other reports may from 1.
    let start = usize::from(find(&["question 0"]).is_none());
    for n in start.. {
        let q = find(&[format!("question {n}").as_str()]);
        let r = find(&[format!("result {n}").as_str()]);
        match (q, r) {
            (Some(q), Some(r)) => {
                groups.push((q, find(&[format!("response {n}").as_str()]), r, None));
            }
            _ => break,
        }
    }
    (!groups.is_empty()).then_some(Column {
        learner,
        attempt,
        time,
        groups,
    })
}

/// SCORM 1.2's response to a question in the xAPI form Trellis reports.
fn xapi_response(answer: Option<&Answer>, response: &str) -> String {
    let r = response.trim();
    match answer {
        Some(Answer::SingleChoice { choices } | Answer::MultipleResponse { choices })
            if !r.contains("[,]") =>
        {
            let ids: Option<Vec<&str>> = r
                .split(',')
                .map(|p| {
                    let p = p.trim();
                    if let Some(c) = choices.iter().find(|c| c.id.as_str() == p) {
                        return Some(c.id.as_str());
                    }
                    let i = usize::from_str_radix(p, 36).ok()?;
                    choices.get(i).map(|c| c.id.as_str())
                })
                .collect();
            ids.map_or_else(|| r.to_owned(), |ids| ids.join("[,]"))
        }
        Some(Answer::TrueFalse { .. }) => match r {
            "t" => "true".into(),
            "f" => "false".into(),
            _ => r.to_owned(),
        },
        _ => r.to_owned(),
    }
}

fn row_id(parts: &[&str]) -> String {
    let mut h = Sha256::new();
    for p in parts {
        h.update(p.as_bytes());
        h.update([0]);
    }
    let d = h.finalize();
    let x: String = d[..16].iter().map(|b| format!("{b:02x}")).collect();
    // The form of a UUID (version 8: made from a hash).
    format!(
        "{}-{}-8{}-{:x}{}-{}",
        &x[0..8],
        &x[8..12],
        &x[13..16],
        8 | (d[8] & 3),
        &x[17..20],
        &x[20..32]
    )
}

/// Whether `text` (the start of a file) is a report of this module rather
/// than JSON lines: its first character that is not a space or a byte-order
/// mark does not open a JSON object.
pub fn looks_like_report(text: &[u8]) -> bool {
    let text = text.strip_prefix("\u{feff}".as_bytes()).unwrap_or(text);
    text.iter()
        .find(|b| !b.is_ascii_whitespace())
        .is_some_and(|&b| b != b'{')
}

/// Stores the interactions of an LMS's report, separated by commas,
/// semicolons or tabs (whichever the first row has most of).
pub fn import_csv(file: &mut CourseFile, text: &str) -> Result<Summary, ResultsError> {
    let first = text.lines().next().unwrap_or("");
    let sep = [',', ';', '\t']
        .into_iter()
        .max_by_key(|&c| (first.matches(c).count(), c == ','))
        .unwrap_or(',');
    let records = trellis_import::csv::records(text, sep);
    let Some((_, header)) = records.first() else {
        return Err(ResultsError::Layout("the file is empty".into()));
    };
    let Some(cols) = layout(header) else {
        return Err(ResultsError::Layout(
            "the first row names no learner and interaction columns; see \"LMS reports\" in docs/results.md for the layouts read"
                .into(),
        ));
    };
    let course: Course = file.course().clone();
    let iri = trellis_render::ids::course_iri(&course);
    let answers: HashMap<&str, &Answer> = course
        .blocks()
        .filter_map(|(_, b)| b.question().map(|q| (b.id.as_str(), &q.answer)))
        .collect();
    let version = course.info.version.clone();
    let mut intake = Intake::new(file, "csv");
    for (line, rec) in records.iter().skip(1) {
        let cell = |i: usize| rec.get(i).map(|s| s.trim()).unwrap_or("");
        let learner: Vec<&str> = cols.learner.iter().map(|&i| cell(i)).collect();
        let learner = learner.join(" ");
        if learner.trim().is_empty() {
            intake.summary.read += 1;
            intake.problem(format!("line {line}: no learner"));
            continue;
        }
        let attempt = cols.attempt.map(cell).unwrap_or("1");
        let time = cols.time.map(cell).unwrap_or("");
        for (g, &(qi, ri, resi, li)) in cols.groups.iter().enumerate() {
            let interaction = cell(qi);
            if interaction.is_empty() {
                continue;
            }
            intake.summary.read += 1;
            let result = cell(resi).to_lowercase();
            let success = match result.as_str() {
                "correct" => Some(true),
                "wrong" | "incorrect" => Some(false),
                _ => None,
            };
            let response = ri.map(|i| xapi_response(answers.get(interaction).copied(), cell(i)));
            let latency = li.map(cell).filter(|l| !l.is_empty()).and_then(|l| {
                l.parse::<f64>()
                    .ok()
                    .map(|s| (s * 1000.0).round() as i64)
                    .or_else(|| duration_ms(l))
            });
            let activity = if answers.contains_key(interaction) {
                format!("{iri}:question:{interaction}")
            } else {
                intake.summary.other_course += 1;
                continue;
            };
            let id = row_id(&[
                &learner,
                attempt,
                interaction,
                &g.to_string(),
                &line.to_string(),
            ]);
            let json = serde_json::json!({
                "line": line, "learner": learner, "attempt": attempt, "interaction": interaction,
                "response": response, "result": result, "time": time,
            })
            .to_string();
            intake.row(
                ResultRow {
                    statement_id: id,
                    course_id: course.id.as_str().to_owned(),
                    course_version: version.clone(),
                    verb: crate::statement::VERB_ANSWERED.into(),
                    activity,
                    learner: format!("lms:{}", learner.to_lowercase()),
                    registration: format!("attempt:{attempt}"),
                    success,
                    score: None,
                    duration_ms: latency,
                    response,
                    // Sorts by attempt, then the row's interactions in
                    // column order, so first tries come first.
                    timestamp: format!("attempt {attempt:0>6} {time} #{g:04}"),
                    stored: String::new(),
                    origin: "csv".into(),
                },
                json,
            )?;
        }
    }
    Ok(intake.finish()?.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_look_like_uuids_and_are_stable() {
        let a = row_id(&["ann", "1", "q-1", "0"]);
        assert!(crate::statement::is_uuid(&a), "{a}");
        assert_eq!(a, row_id(&["ann", "1", "q-1", "0"]));
        assert_ne!(a, row_id(&["ann", "2", "q-1", "0"]));
    }

    #[test]
    fn moodles_own_headers_are_read() {
        // As mod/scorm/report/interactions writes them: the full name, the
        // identity fields, groups numbered from 0.
        let h: Vec<String> = [
            "Name",
            "Attempt",
            "Started on",
            "Last accessed on",
            "Score",
            "Lesson",
            "Question 0",
            "Response 0",
            "Right answer 0",
            "Result 0",
            "Question 1",
            "Response 1",
            "Right answer 1",
            "Result 1",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let c = layout(&h).unwrap();
        assert_eq!(c.learner, [0]);
        assert_eq!(c.groups, [(6, Some(7), 9, None), (10, Some(11), 13, None)]);
        assert!(looks_like_report("\u{feff}Name\tAttempt\n".as_bytes()));
        assert!(!looks_like_report(b"\n {\"id\":1}"));
    }

    #[test]
    fn moodle_headers_are_read() {
        let h: Vec<String> = [
            "First name",
            "Surname",
            "Attempt",
            "Started on",
            "Question 1",
            "Response 1",
            "Right answer 1",
            "Result 1",
            "Question 2",
            "Result 2",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let c = layout(&h).unwrap();
        assert_eq!(c.learner, [0, 1]);
        assert_eq!(c.attempt, Some(2));
        assert_eq!(c.groups, [(4, Some(5), 7, None), (8, None, 9, None)]);
    }
}
