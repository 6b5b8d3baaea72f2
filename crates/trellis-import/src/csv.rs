//! Question banks kept in a spreadsheet, saved as CSV (comma- or
//! semicolon-separated, quotes as spreadsheets write them). The first row
//! names the columns, in any order, in any case:
//!
//! | column | meaning |
//! |---|---|
//! | `question` (required) | the prompt |
//! | `type` | `single-choice`, `multiple-response`, `true-false`, `fill-blank` or `numeric`; guessed from the other columns when empty |
//! | `choice 1`, `choice 2`, … (or `A`, `B`, …) | the choices |
//! | `correct` | the correct choices by letter or number (`B`, `2`, `A;C`); `true`/`false`; the accepted answers of a fill-blank (`|` between them); a number |
//! | `tolerance` | how far a numeric answer may be off |
//! | `feedback` or `correct feedback`, `incorrect feedback` | what the learner reads after answering |
//! | `points` | a whole number (1 when empty) |
//! | `objective` | the learning objective the question practises; the same words make one objective, `|` between several |
//! | `lesson` | the lesson the question goes into (`Questions` when empty) |
//!
//! A row that cannot become a question is reported with its line and left
//! out; the others are imported.

use std::collections::BTreeMap;

use trellis_model::{Answer, BlockContent, Choice};

use crate::build::{Builder, question};
use crate::{Line, SourceError};

/// The records of `text` (fields split at `sep`, quotes as spreadsheets
/// write them) with the line each starts on.
pub fn records(text: &str, sep: char) -> Vec<(usize, Vec<String>)> {
    let mut out = Vec::new();
    let mut record = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut line = 1;
    let mut start = 1;
    let mut chars = text.chars().peekable();
    let mut any = false;
    while let Some(c) = chars.next() {
        if quoted {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    field.push('"');
                }
                '"' => quoted = false,
                '\n' => {
                    line += 1;
                    field.push('\n');
                }
                c => field.push(c),
            }
            continue;
        }
        match c {
            '"' if field.trim().is_empty() => {
                field.clear();
                quoted = true;
                any = true;
            }
            c if c == sep => {
                record.push(std::mem::take(&mut field));
                any = true;
            }
            '\r' => {}
            '\n' => {
                record.push(std::mem::take(&mut field));
                if any || record.iter().any(|f| !f.trim().is_empty()) {
                    out.push((start, std::mem::take(&mut record)));
                }
                record.clear();
                any = false;
                line += 1;
                start = line;
            }
            c => {
                field.push(c);
                any = true;
            }
        }
    }
    if any || !field.is_empty() {
        record.push(field);
        out.push((start, record));
    }
    out
}

/// The column a header names.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Column {
    Question,
    Type,
    Choice(usize),
    Correct,
    Tolerance,
    Feedback,
    Incorrect,
    Points,
    Objective,
    Lesson,
}

fn column(header: &str) -> Option<Column> {
    let h = header.trim().to_lowercase();
    let h = h.trim_end_matches(':');
    for prefix in ["choice", "option", "answer"] {
        if let Some(n) = h.strip_prefix(prefix).map(str::trim)
            && let Ok(n) = n.parse::<usize>()
            && (1..=26).contains(&n)
        {
            return Some(Column::Choice(n - 1));
        }
    }
    if h.len() == 1 && h.as_bytes()[0].is_ascii_lowercase() {
        return Some(Column::Choice((h.as_bytes()[0] - b'a') as usize));
    }
    Some(match h {
        "question" | "prompt" | "question text" => Column::Question,
        "type" | "kind" | "question type" => Column::Type,
        "correct" | "correct answer" | "correct answers" | "answer" | "key" => Column::Correct,
        "tolerance" => Column::Tolerance,
        "feedback" | "correct feedback" | "explanation" => Column::Feedback,
        "incorrect feedback" | "wrong feedback" => Column::Incorrect,
        "points" | "score" | "marks" => Column::Points,
        "objective" | "objectives" | "learning objective" => Column::Objective,
        "lesson" | "topic" | "category" => Column::Lesson,
        _ => return None,
    })
}

/// The choices `correct` names (`B`, `2`, `A;C`, `1, 3`), by index.
fn correct_indices(correct: &str, n: usize) -> Option<Vec<usize>> {
    let mut out = Vec::new();
    for part in correct
        .split([';', ',', ' ', '|'])
        .filter(|p| !p.is_empty())
    {
        let i = if let Ok(k) = part.parse::<usize>() {
            k.checked_sub(1)?
        } else if part.len() == 1 && part.as_bytes()[0].is_ascii_alphabetic() {
            (part.as_bytes()[0].to_ascii_lowercase() - b'a') as usize
        } else {
            return None;
        };
        if i >= n {
            return None;
        }
        if !out.contains(&i) {
            out.push(i);
        }
    }
    (!out.is_empty()).then_some(out)
}

pub(crate) fn read(text: &str, b: &mut Builder) -> Result<(), SourceError> {
    let first_line = text.lines().next().unwrap_or("");
    let sep = if first_line.matches(';').count() > first_line.matches(',').count() {
        ';'
    } else {
        ','
    };
    let rows = records(text, sep);
    let Some((_, header)) = rows.first() else {
        return Err(SourceError::Empty);
    };
    let mut columns: BTreeMap<usize, Column> = BTreeMap::new();
    for (i, h) in header.iter().enumerate() {
        match column(h) {
            Some(c) => {
                columns.insert(i, c);
            }
            None if h.trim().is_empty() => {}
            None => b.skip(
                1,
                format!(
                    "the column “{}” means nothing to Trellis and was left out",
                    h.trim()
                ),
            ),
        }
    }
    if !columns.values().any(|c| *c == Column::Question) {
        return Err(SourceError::Syntax {
            line: Line(1),
            message: "the first row names no `question` column; it must name the columns (question, choice 1, choice 2, …, correct, feedback, objective; see docs/importing.md)".into(),
        });
    }
    for (line, row) in rows.iter().skip(1) {
        let line = *line;
        let mut cells: BTreeMap<Column, String> = BTreeMap::new();
        for (i, value) in row.iter().enumerate() {
            if let Some(c) = columns.get(&i) {
                let v = value.trim();
                if !v.is_empty() {
                    cells.insert(c.clone(), v.to_owned());
                }
            }
        }
        let get = |c: Column| cells.get(&c).cloned().unwrap_or_default();
        let prompt = get(Column::Question);
        if prompt.is_empty() {
            if !cells.is_empty() {
                b.skip(line, "a row with no question was left out");
            }
            continue;
        }
        let choices: Vec<String> = cells
            .iter()
            .filter(|(c, _)| matches!(c, Column::Choice(_)))
            .map(|(_, v)| v.clone())
            .collect();
        let correct = get(Column::Correct);
        let lower = correct.to_lowercase();
        let kind = match get(Column::Type)
            .to_lowercase()
            .replace([' ', '_'], "-")
            .as_str()
        {
            "" => {
                if choices.is_empty() {
                    if matches!(lower.as_str(), "true" | "false" | "t" | "f") {
                        "true-false"
                    } else if correct.trim().parse::<f64>().is_ok() {
                        "numeric"
                    } else {
                        "fill-blank"
                    }
                } else if correct_indices(&correct, choices.len()).is_some_and(|c| c.len() > 1) {
                    "multiple-response"
                } else {
                    "single-choice"
                }
            }
            "single-choice" | "single" | "multiple-choice" | "mc" | "mcq" => "single-choice",
            "multiple-response" | "multiple" | "multi" | "mr" | "checkbox" => "multiple-response",
            "true-false" | "tf" | "truefalse" => "true-false",
            "fill-blank" | "fill-in" | "short-answer" | "blank" | "fib" => "fill-blank",
            "numeric" | "number" | "numerical" => "numeric",
            other => {
                b.skip(
                    line,
                    format!(
                        "the question type “{other}” is not one Trellis knows; the row was left out"
                    ),
                );
                continue;
            }
        };
        let feedback = get(Column::Feedback);
        let incorrect = get(Column::Incorrect);
        let answer = match kind {
            "single-choice" | "multiple-response" => {
                if choices.len() < 2 {
                    b.skip(line, format!("“{prompt}” has {} choices; a choice question needs two or more, so the row was left out", choices.len()));
                    continue;
                }
                let Some(right) = correct_indices(&correct, choices.len()) else {
                    b.skip(line, format!("the correct answer “{correct}” of “{prompt}” names no choice (write the letter or number of the choice); the row was left out"));
                    continue;
                };
                if kind == "single-choice" && right.len() > 1 {
                    b.skip(line, format!("“{prompt}” is a single-choice question with {} correct choices; it became a multiple-response question", right.len()));
                }
                let choices: Vec<Choice> = choices
                    .into_iter()
                    .enumerate()
                    .map(|(i, text)| Choice {
                        id: Builder::item(i),
                        text,
                        correct: right.contains(&i),
                        feedback: String::new(),
                    })
                    .collect();
                if right.len() > 1 {
                    Answer::MultipleResponse { choices }
                } else {
                    Answer::SingleChoice { choices }
                }
            }
            "true-false" => {
                let value = match lower.as_str() {
                    "true" | "t" | "yes" | "1" => true,
                    "false" | "f" | "no" | "0" => false,
                    _ => {
                        b.skip(line, format!("the answer “{correct}” of the true/false question “{prompt}” is neither true nor false; the row was left out"));
                        continue;
                    }
                };
                Answer::TrueFalse {
                    correct: value,
                    true_feedback: String::new(),
                    false_feedback: String::new(),
                }
            }
            "numeric" => {
                let Ok(value) = correct.trim().replace(',', ".").parse::<f64>() else {
                    b.skip(line, format!("the answer “{correct}” of the numeric question “{prompt}” is not a number; the row was left out"));
                    continue;
                };
                let tolerance = get(Column::Tolerance)
                    .replace(',', ".")
                    .parse::<f64>()
                    .unwrap_or(0.0)
                    .abs();
                if !value.is_finite() || !tolerance.is_finite() {
                    b.skip(
                        line,
                        format!(
                            "the answer of “{prompt}” is not a usable number; the row was left out"
                        ),
                    );
                    continue;
                }
                Answer::Numeric { value, tolerance }
            }
            _ => {
                let accepted: Vec<String> = correct
                    .split('|')
                    .map(|a| a.trim().to_owned())
                    .filter(|a| !a.is_empty())
                    .collect();
                if accepted.is_empty() {
                    b.skip(
                        line,
                        format!("“{prompt}” has no correct answer; the row was left out"),
                    );
                    continue;
                }
                Answer::FillBlank {
                    accepted,
                    case_sensitive: false,
                }
            }
        };
        let points = match get(Column::Points) {
            p if p.is_empty() => 1,
            p => match p.parse::<u32>() {
                Ok(n) if n <= 1000 => n,
                _ => {
                    b.skip(line, format!("the points “{p}” are not a whole number up to 1000; the question is worth 1"));
                    1
                }
            },
        };
        let mut q = question(prompt.clone(), answer);
        q.points = points;
        q.correct_feedback = feedback;
        q.incorrect_feedback = incorrect;
        for statement in get(Column::Objective)
            .split('|')
            .map(str::trim)
            .filter(|s| !s.is_empty())
        {
            let Some(id) = b.objective_named(line, statement) else {
                continue;
            };
            if !q.objectives.contains(&id) {
                q.objectives.push(id);
            }
        }
        let lesson = match get(Column::Lesson) {
            l if l.is_empty() => "Questions".to_owned(),
            l => l,
        };
        if b.current_lesson_title().as_deref() != Some(lesson.as_str()) {
            b.lesson(line, &lesson);
        }
        let what = format!("{} question “{prompt}”", q.answer.kind());
        b.block(line, &lesson, "question", BlockContent::Question(q), &what);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use crate::{Format, Place, import_text};
    use trellis_model::{Answer, BlockContent};

    #[test]
    fn a_spreadsheet_bank_becomes_questions_linked_to_objectives() {
        let src = "Lesson,Question,Choice 1,Choice 2,Choice 3,Correct,Feedback,Incorrect feedback,Points,Objective\n\
Evacuation,Where do you go when the alarm sounds?,The nearest exit,The lift,Your desk,A,Right.,Never the lift.,2,Find the way out\n\
Evacuation,\"Which are exits?\nPick all.\",Door A,Window,Door B,\"A;C\",,,,Find the way out\n\
Evacuation,A fire door may be propped open.,,,,false,,,,\n\
Equipment,How many extinguishers are on each floor?,,,,2,,,,Know the equipment\n\
Equipment,The assembly point is the ___.,,,,car park|yard,,,,\n\
Equipment,Broken row,Only one,,,A,,,,\n";
        let imported = import_text(src, Format::Csv, "bank").unwrap();
        let c = &imported.course;
        assert_eq!(c.objectives.len(), 2);
        let lessons: Vec<&str> = c.lessons().map(|l| l.title.as_str()).collect();
        assert_eq!(lessons, ["Evacuation", "Equipment"]);
        let qs: Vec<_> = c
            .lessons()
            .flat_map(|l| &l.blocks)
            .filter_map(|b| match &b.content {
                BlockContent::Question(q) => Some(q),
                _ => None,
            })
            .collect();
        assert_eq!(qs.len(), 5);
        assert_eq!(qs[0].points, 2);
        assert_eq!(qs[0].incorrect_feedback, "Never the lift.");
        assert_eq!(qs[0].objectives, qs[1].objectives);
        assert_eq!(qs[1].prompt, "Which are exits?\nPick all.");
        assert!(
            matches!(&qs[1].answer, Answer::MultipleResponse { choices } if choices[2].correct && !choices[1].correct)
        );
        assert!(matches!(
            qs[2].answer,
            Answer::TrueFalse { correct: false, .. }
        ));
        assert!(matches!(qs[3].answer, Answer::Numeric { value, .. } if value == 2.0));
        assert!(
            matches!(&qs[4].answer, Answer::FillBlank { accepted, .. } if accepted == &["car park", "yard"])
        );
        assert_eq!(
            imported.report.skipped,
            [(Place::Line(8), "“Broken row” has 1 choices; a choice question needs two or more, so the row was left out".to_owned())]
        );
    }

    #[test]
    fn semicolons_and_a_missing_question_column() {
        let src = "question;a;b;correct\nIs it?;Yes;No;a\n";
        let imported = import_text(src, Format::Csv, "bank").unwrap();
        assert_eq!(imported.course.lessons().count(), 1);
        let err = import_text("prompt text,x\n1,2\n", Format::Csv, "bank");
        assert!(err.is_err());
        let err = import_text("name,x\n1,2\n", Format::Csv, "bank").unwrap_err();
        assert!(matches!(err, crate::SourceError::Syntax { .. }));
    }
}
