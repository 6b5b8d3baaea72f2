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
    groups: Vec<Group>,
}

/// The columns of one interaction: which question (absent when Moodle's
/// "Question" is not ticked), the learner's response, its result (absent
/// when "Result" is not ticked: worked out from the course's key) and the
/// latency.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Group {
    question: Option<usize>,
    response: Option<usize>,
    result: Option<usize>,
    latency: Option<usize>,
    /// The number in the columns' names (Moodle's start at 0).
    number: usize,
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
        groups.push(Group {
            question: Some(q),
            response: find(&["response"]),
            result: Some(r),
            latency: find(&["latency"]),
            number: 0,
        });
    }
    // Moodle numbers the groups from 0; other reports may from 1. Each of
    // its "Question", "Response" and "Result" columns is there only when
    // ticked in the report's options ("Response" alone by default).
    let numbered = |what: &str, n: usize| find(&[format!("{what} {n}").as_str()]);
    let start = usize::from(
        ["question", "response", "result"]
            .iter()
            .all(|w| numbered(w, 0).is_none()),
    );
    for n in start.. {
        let group = Group {
            question: numbered("question", n),
            response: numbered("response", n),
            result: numbered("result", n),
            latency: None,
            number: n,
        };
        match group {
            Group {
                question: None,
                response: None,
                result: None,
                ..
            } => break,
            // A question with neither response nor result, or a result
            // alone, says nothing that can be read.
            Group {
                question: Some(_),
                response: None,
                result: None,
                ..
            }
            | Group {
                question: None,
                response: None,
                ..
            } => {}
            g => groups.push(g),
        }
    }
    (!groups.is_empty()).then_some(Column {
        learner,
        attempt,
        time,
        groups,
    })
}

/// SCORM 1.2's response to a question in the xAPI form Trellis reports
/// (what [`read_response`] makes of it), or the response as it is when it
/// does not fit the question.
fn xapi_response(answer: Option<&Answer>, response: &str) -> String {
    answer
        .and_then(|a| read_response(a, response))
        .unwrap_or_else(|| response.trim().to_owned())
}

/// One item of a list response: its id, or (SCORM 1.2) its number in
/// base 36, as the player writes it.
fn item(ids: &[&str], part: &str) -> Option<usize> {
    let part = part.trim();
    ids.iter().position(|id| *id == part).or_else(|| {
        let i = usize::from_str_radix(part, 36).ok()?;
        (i < ids.len() && part.len() <= 2).then_some(i)
    })
}

fn parts(response: &str) -> Vec<&str> {
    if response.contains("[,]") {
        response.split("[,]").collect()
    } else {
        response.split(',').collect()
    }
}

/// `response`, as SCORM 1.2 or 2004 reports an answer to a question with
/// `answer`, in the xAPI form Trellis reports (choice ids joined by `[,]`,
/// `true`/`false`, `left[.]right-r` pairs…); `None` when it cannot be an
/// answer to that question.
fn read_response(answer: &Answer, response: &str) -> Option<String> {
    let r = response.trim();
    if r.is_empty() {
        return None;
    }
    match answer {
        Answer::SingleChoice { choices } => {
            let ids: Vec<&str> = choices.iter().map(|c| c.id.as_str()).collect();
            item(&ids, r).map(|i| ids[i].to_owned())
        }
        Answer::MultipleResponse { choices } => {
            let ids: Vec<&str> = choices.iter().map(|c| c.id.as_str()).collect();
            let mut picked = Vec::new();
            for p in parts(r) {
                let i = item(&ids, p)?;
                if picked.contains(&i) {
                    return None;
                }
                picked.push(i);
            }
            picked.sort_unstable();
            Some(
                picked
                    .iter()
                    .map(|&i| ids[i])
                    .collect::<Vec<_>>()
                    .join("[,]"),
            )
        }
        Answer::TrueFalse { .. } => match r.to_lowercase().as_str() {
            "t" | "true" => Some("true".into()),
            "f" | "false" => Some("false".into()),
            _ => None,
        },
        Answer::FillBlank { .. } => Some(r.to_owned()),
        Answer::Matching { pairs } => {
            let ids: Vec<&str> = pairs.iter().map(|p| p.id.as_str()).collect();
            let mut out = Vec::new();
            for p in parts(r) {
                let (left, right) = p.split_once("[.]").or_else(|| p.split_once('.'))?;
                let l = item(&ids, left)?;
                let right = right.trim();
                let x = item(&ids, right.strip_suffix("-r").unwrap_or(right))?;
                out.push(format!("{}[.]{}-r", ids[l], ids[x]));
            }
            Some(out.join("[,]"))
        }
        Answer::Ordering { items } => {
            let ids: Vec<&str> = items.iter().map(|p| p.id.as_str()).collect();
            let order: Option<Vec<usize>> = parts(r).into_iter().map(|p| item(&ids, p)).collect();
            let order = order?;
            let mut seen = order.clone();
            seen.sort_unstable();
            seen.dedup();
            // The player reports every item, each once.
            (seen.len() == order.len() && order.len() == ids.len()).then(|| {
                order
                    .iter()
                    .map(|&i| ids[i])
                    .collect::<Vec<_>>()
                    .join("[,]")
            })
        }
        Answer::Numeric { .. } => r.parse::<f64>().ok().map(|_| r.to_owned()),
    }
}

/// Whether a response in the xAPI form [`read_response`] makes is right
/// by the course's key, as the player grades it.
fn right_by_key(answer: &Answer, response: &str) -> bool {
    match answer {
        Answer::SingleChoice { choices } | Answer::MultipleResponse { choices } => {
            let picked: Vec<&str> = parts(response).into_iter().collect();
            choices
                .iter()
                .all(|c| c.correct == picked.contains(&c.id.as_str()))
        }
        Answer::TrueFalse { correct, .. } => (response == "true") == *correct,
        Answer::FillBlank {
            accepted,
            case_sensitive,
        } => {
            let r = response.trim();
            accepted.iter().any(|a| {
                if *case_sensitive {
                    a.trim() == r
                } else {
                    a.trim().to_lowercase() == r.to_lowercase()
                }
            })
        }
        Answer::Matching { pairs } => {
            let given = parts(response);
            given.len() == pairs.len()
                && pairs
                    .iter()
                    .all(|p| given.contains(&format!("{0}[.]{0}-r", p.id).as_str()))
        }
        Answer::Ordering { items } => {
            let want: Vec<&str> = items.iter().map(|i| i.id.as_str()).collect();
            parts(response) == want
        }
        Answer::Numeric { value, tolerance } => response
            .trim()
            .parse::<f64>()
            .is_ok_and(|v| (v - value).abs() <= tolerance.abs() + 1e-9),
    }
}

/// A result column's text, lower-cased, and whether it says right or wrong.
type Outcome = (String, Option<bool>);

/// A question as the player asks it, for placing responses that do not
/// say which question they answer.
struct Asked<'a> {
    block: &'a str,
    answer: &'a Answer,
    /// Questions in the same place: each question of a lesson on its own,
    /// an assessment's questions together (it may draw, shuffle and be
    /// taken again).
    place: usize,
    assessment: bool,
    /// Tries allowed; 0 = unlimited.
    attempts: u32,
}

/// The course's questions in the order the player asks them.
fn asked(course: &Course) -> Vec<Asked<'_>> {
    let mut out = Vec::new();
    let mut place = 0;
    for lesson in course.lessons() {
        let assessment = lesson.assessment_settings().is_some();
        for block in &lesson.blocks {
            if let Some(q) = block.question() {
                out.push(Asked {
                    block: block.id.as_str(),
                    answer: &q.answer,
                    place,
                    assessment,
                    attempts: q.attempts,
                });
                if !assessment {
                    place += 1;
                }
            }
        }
        if assessment {
            place += 1;
        }
    }
    out
}

/// Which question each of a learner's responses answers, when the report
/// gives the responses alone (Moodle's default): the interactions are
/// numbered in the order the learner answered, which follows the course
/// (a question is asked again only after a wrong answer, and no more often
/// than its tries allow; an assessment's questions come in any order, and
/// again when it is taken again). Each response goes to the one question it
/// answers in every way of reading the whole row in that order; `None`
/// where there are several or none. A row that cannot be read in the
/// course's order at all (a learner who went back) places each response by
/// its value alone.
fn place_responses(asked: &[Asked<'_>], responses: &[(&str, Option<bool>)]) -> Vec<Option<usize>> {
    // For each response, the questions it can answer, and whether rightly.
    // A typed answer (fill in the blank, a number) takes a response only
    // when no question with choices, true/false, pairs or an order does:
    // a choice's id or "true" is not what a learner types.
    let typed = |a: &Answer| matches!(a, Answer::FillBlank { .. } | Answer::Numeric { .. });
    let fits: Vec<Vec<(usize, bool)>> = responses
        .iter()
        .map(|(r, result)| {
            let read: Vec<(usize, String)> = asked
                .iter()
                .enumerate()
                .filter_map(|(q, a)| read_response(a.answer, r).map(|x| (q, x)))
                .collect();
            let formed = read.iter().any(|(q, _)| !typed(asked[*q].answer));
            read.into_iter()
                .filter(|(q, _)| !(formed && typed(asked[*q].answer)))
                .map(|(q, x)| {
                    (
                        q,
                        result.unwrap_or_else(|| right_by_key(asked[q].answer, &x)),
                    )
                })
                .collect()
        })
        .collect();
    // A response no question takes is refused on its own; the rest of the
    // row is read in order without it.
    let taken: Vec<usize> = (0..fits.len()).filter(|&j| !fits[j].is_empty()).collect();
    let fits: Vec<Vec<(usize, bool)>> = taken.iter().map(|&j| fits[j].clone()).collect();
    let mut placed = vec![None; responses.len()];
    for (j, q) in taken.into_iter().zip(place_in_order(asked, &fits)) {
        placed[j] = q;
    }
    placed
}

/// [`place_responses`] for responses each of which some question takes:
/// `fits[j]` the questions response `j` can answer, and whether rightly.
fn place_in_order(asked: &[Asked<'_>], fits: &[Vec<(usize, bool)>]) -> Vec<Option<usize>> {
    // A state: (question, tries at it so far, whether the last was right).
    type State = (usize, u32, bool);
    let next = |(a, tries, right): State, (b, b_right): (usize, bool)| -> Option<State> {
        let (pa, pb) = (&asked[a], &asked[b]);
        if pb.place > pa.place || (pb.place == pa.place && pa.assessment) {
            Some((b, 1, b_right))
        } else if a == b && !right && (pa.attempts == 0 || tries < pa.attempts) {
            Some((b, tries + 1, b_right))
        } else {
            None
        }
    };
    // The states each response can be in, reading the row from its start.
    let mut forward: Vec<Vec<State>> = Vec::with_capacity(fits.len());
    for (j, fit) in fits.iter().enumerate() {
        let mut states: Vec<State> = if j == 0 {
            fit.iter().map(|&(q, ok)| (q, 1, ok)).collect()
        } else {
            forward[j - 1]
                .iter()
                .flat_map(|&s| fit.iter().filter_map(move |&f| next(s, f)))
                .collect()
        };
        states.sort_unstable();
        states.dedup();
        forward.push(states);
    }
    let k = fits.len();
    if k == 0 {
        return Vec::new();
    }
    if forward[k - 1].is_empty() {
        return fits
            .iter()
            .map(|fit| match fit.as_slice() {
                [(q, _)] => Some(*q),
                _ => None,
            })
            .collect();
    }
    // Of those, the ones from which the rest of the row can be read too.
    let mut on_path: Vec<Vec<State>> = vec![Vec::new(); k];
    on_path[k - 1] = forward[k - 1].clone();
    for j in (0..k - 1).rev() {
        let later = &on_path[j + 1];
        on_path[j] = forward[j]
            .iter()
            .copied()
            .filter(|&s| {
                fits[j + 1]
                    .iter()
                    .any(|&f| next(s, f).is_some_and(|t| later.contains(&t)))
            })
            .collect();
    }
    on_path
        .iter()
        .map(|states| {
            let mut qs: Vec<usize> = states.iter().map(|s| s.0).collect();
            qs.dedup();
            match qs.as_slice() {
                [q] => Some(*q),
                _ => None,
            }
        })
        .collect()
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
    import_records(file, &trellis_import::csv::records(text, sep))
}

/// Whether `bytes` (the start of a file) are a spreadsheet: an Excel
/// workbook or an OpenDocument spreadsheet (both zip files), or an old
/// Excel file.
pub fn looks_like_spreadsheet(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(&[0xd0, 0xcf, 0x11, 0xe0])
}

/// Stores the interactions of an LMS's report downloaded as a spreadsheet
/// (Moodle's Excel `.xlsx` or OpenDocument `.ods` download): its first
/// sheet, read as the same layouts as [`import_csv`]. A "line" in a
/// problem is the sheet's row number.
pub fn import_spreadsheet(file: &mut CourseFile, bytes: Vec<u8>) -> Result<Summary, ResultsError> {
    use calamine::{Data, Reader as _};
    let unreadable = |e: calamine::Error| {
        ResultsError::Layout(format!(
            "the spreadsheet could not be read ({e}); save it from the LMS as CSV"
        ))
    };
    let mut book =
        calamine::open_workbook_auto_from_rs(std::io::Cursor::new(bytes)).map_err(unreadable)?;
    let Some(range) = book.worksheet_range_at(0) else {
        return Err(ResultsError::Layout("the spreadsheet has no sheet".into()));
    };
    let range = range.map_err(unreadable)?;
    let first_row = range.start().map_or(0, |(r, _)| r as usize);
    let first_col = range.start().map_or(0, |(_, c)| c as usize);
    let records: Vec<(usize, Vec<String>)> = range
        .rows()
        .enumerate()
        .map(|(i, row)| {
            // Cells left of the used range are empty, as in the CSV.
            let mut cells = vec![String::new(); first_col];
            cells.extend(row.iter().map(|c| match c {
                Data::Empty => String::new(),
                Data::String(s) => s.clone(),
                Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
                Data::Float(f) => f.to_string(),
                Data::Int(n) => n.to_string(),
                Data::Bool(b) => if *b { "true" } else { "false" }.into(),
                other => other.to_string(),
            }));
            (first_row + i + 1, cells)
        })
        .filter(|(_, cells)| cells.iter().any(|c| !c.trim().is_empty()))
        .collect();
    import_records(file, &records)
}

/// Stores the interactions of a report's records (the header row first),
/// each with its line.
fn import_records(
    file: &mut CourseFile,
    records: &[(usize, Vec<String>)],
) -> Result<Summary, ResultsError> {
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
    let asked = asked(&course);
    let answers: HashMap<&str, &Answer> = asked.iter().map(|a| (a.block, a.answer)).collect();
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
        let result_of = |g: &Group| {
            g.result.map(|i| {
                let result = cell(i).to_lowercase();
                let success = match result.as_str() {
                    "correct" => Some(true),
                    "wrong" | "incorrect" => Some(false),
                    _ => None,
                };
                (result, success)
            })
        };
        // The row's interactions: (group number, question, response, result).
        let mut found: Vec<(usize, &str, Option<&str>, Option<Outcome>)> = Vec::new();
        // Responses that do not say their question (Moodle's default).
        let mut unplaced: Vec<(usize, &str, Option<Outcome>)> = Vec::new();
        for (g, group) in cols.groups.iter().enumerate() {
            let response = group.response.map(cell).filter(|r| !r.is_empty());
            match group.question.map(cell) {
                Some("") => {}
                Some(q) => found.push((g, q, response, result_of(group))),
                None => {
                    if let Some(r) = response {
                        unplaced.push((g, r, result_of(group)));
                    }
                }
            }
        }
        if !unplaced.is_empty() {
            let values: Vec<(&str, Option<bool>)> = unplaced
                .iter()
                .map(|(_, r, res)| (*r, res.as_ref().and_then(|(_, s)| *s)))
                .collect();
            let placed = place_responses(&asked, &values);
            for ((g, r, res), q) in unplaced.into_iter().zip(placed) {
                match q {
                    Some(q) => found.push((g, asked[q].block, Some(r), res)),
                    None => {
                        intake.summary.read += 1;
                        let n = cols.groups[g].number;
                        intake.problem(format!(
                            "line {line}: response {n} (\"{}\") could answer {} question of this course; tick \"Question\" in the report's options to say which",
                            r.chars().take(40).collect::<String>(),
                            if asked.iter().any(|a| read_response(a.answer, r).is_some()) {
                                "more than one"
                            } else {
                                "no"
                            }
                        ));
                    }
                }
            }
            found.sort_by_key(|f| f.0);
        }
        for (g, interaction, raw, result) in found {
            intake.summary.read += 1;
            let group = cols.groups[g];
            let answer = answers.get(interaction).copied();
            let Some(answer) = answer else {
                intake.summary.other_course += 1;
                continue;
            };
            let response = raw.map(|r| xapi_response(Some(answer), r));
            // Without a result column, the course's key says.
            let (result, success) = match result {
                Some(r) => r,
                None => match &response {
                    Some(r) if read_response(answer, raw.unwrap_or("")).is_some() => {
                        let ok = right_by_key(answer, r);
                        (if ok { "correct" } else { "wrong" }.to_owned(), Some(ok))
                    }
                    _ => (String::new(), None),
                },
            };
            let latency = group
                .latency
                .map(cell)
                .filter(|l| !l.is_empty())
                .and_then(|l| {
                    l.parse::<f64>()
                        .ok()
                        .map(|s| (s * 1000.0).round() as i64)
                        .or_else(|| duration_ms(l))
                });
            let activity = format!("{iri}:question:{interaction}");
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

    fn g(
        question: Option<usize>,
        response: Option<usize>,
        result: Option<usize>,
        number: usize,
    ) -> Group {
        Group {
            question,
            response,
            result,
            latency: None,
            number,
        }
    }

    fn header(names: &[&str]) -> Vec<String> {
        names.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn moodles_default_report_has_responses_alone() {
        let c = layout(&header(&[
            "Name",
            "Email address",
            "Attempt",
            "Started on",
            "Last accessed on",
            "Score",
            "Response 0",
            "Response 1",
        ]))
        .unwrap();
        assert_eq!(
            c.groups,
            [g(None, Some(6), None, 0), g(None, Some(7), None, 1)]
        );
        // Results alone say nothing that can be read.
        assert!(layout(&header(&["Name", "Result 0", "Result 1"])).is_none());
    }

    #[test]
    fn responses_are_read_as_the_player_writes_them() {
        let course = trellis_model::sample::demo_course();
        let answer = |id: &str| {
            course
                .blocks()
                .find(|(_, b)| b.id.as_str() == id)
                .and_then(|(_, b)| b.question())
                .map(|q| &q.answer)
                .unwrap()
        };
        // q-0: single choice c1 (right), c2, c3; q-1: multiple response.
        assert_eq!(read_response(answer("q-0"), "0").as_deref(), Some("c1"));
        assert_eq!(read_response(answer("q-0"), "c2").as_deref(), Some("c2"));
        assert_eq!(read_response(answer("q-0"), "9"), None);
        assert_eq!(
            read_response(answer("q-1"), "1,0").as_deref(),
            Some("c1[,]c2")
        );
        assert_eq!(read_response(answer("q-1"), "0,0"), None);
        assert_eq!(read_response(answer("q-2"), "t").as_deref(), Some("true"));
        assert_eq!(read_response(answer("q-2"), "c1"), None);
        assert!(right_by_key(answer("q-0"), "c1"));
        assert!(!right_by_key(answer("q-0"), "c2"));
        assert!(right_by_key(answer("q-2"), "true"));
    }

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
        assert_eq!(
            c.groups,
            [
                g(Some(6), Some(7), Some(9), 0),
                g(Some(10), Some(11), Some(13), 1)
            ]
        );
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
        assert_eq!(
            c.groups,
            [
                g(Some(4), Some(5), Some(7), 1),
                g(Some(8), None, Some(9), 2)
            ]
        );
    }
}
