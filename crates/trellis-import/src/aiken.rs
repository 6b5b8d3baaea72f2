//! The Aiken question format (Moodle, "Aiken format"): a question on one
//! line, its options on the lines below as `A.` or `A)`, then
//! `ANSWER: B`. Questions are separated by blank lines. Each becomes a
//! single-choice question.

use trellis_model::{Answer, BlockContent, Choice};

use crate::build::{Builder, question};
use crate::{Line, SourceError};

/// `A. text` or `A) text` → (index, text).
fn option(line: &str) -> Option<(usize, &str)> {
    let mut chars = line.chars();
    let letter = chars.next().filter(|c| c.is_ascii_uppercase())?;
    let rest = chars.as_str();
    let text = rest
        .strip_prefix(". ")
        .or_else(|| rest.strip_prefix(") "))?;
    Some(((letter as u8 - b'A') as usize, text.trim()))
}

pub(crate) fn read(text: &str, b: &mut Builder) -> Result<(), SourceError> {
    let lines: Vec<&str> = text.lines().collect();
    let mut i = 0;
    let mut n = 0;
    while i < lines.len() {
        if lines[i].trim().is_empty() {
            i += 1;
            continue;
        }
        let start = i + 1;
        let prompt = lines[i].trim().to_owned();
        i += 1;
        let mut choices: Vec<String> = Vec::new();
        let mut answer = None;
        while i < lines.len() && !lines[i].trim().is_empty() {
            let l = lines[i].trim();
            if let Some(key) = l.strip_prefix("ANSWER:") {
                answer = Some((i + 1, key.trim().to_owned()));
                i += 1;
                break;
            }
            match option(l) {
                Some((k, t)) if k == choices.len() => choices.push(t.to_owned()),
                _ => {
                    return Err(SourceError::Syntax {
                        line: Line(i + 1),
                        message: format!(
                            "“{l}” should be option {} of the question on line {start}, written “{}. text”",
                            (b'A' + choices.len() as u8) as char,
                            (b'A' + choices.len() as u8) as char
                        ),
                    });
                }
            }
            i += 1;
        }
        let Some((at, key)) = answer else {
            return Err(SourceError::Syntax {
                line: Line(start),
                message: "this question has no “ANSWER: letter” line after its options".into(),
            });
        };
        let right = key
            .chars()
            .next()
            .filter(|c| c.is_ascii_uppercase() && key.len() == 1)
            .map(|c| (c as u8 - b'A') as usize)
            .filter(|k| *k < choices.len())
            .ok_or_else(|| SourceError::Syntax {
                line: Line(at),
                message: format!("“ANSWER: {key}” names no option of the question on line {start}"),
            })?;
        if choices.len() < 2 {
            return Err(SourceError::Syntax {
                line: Line(start),
                message: "this question has fewer than two options".into(),
            });
        }
        n += 1;
        let choices = choices
            .iter()
            .enumerate()
            .map(|(k, t)| Choice {
                id: Builder::item(k),
                text: t.clone(),
                correct: k == right,
                feedback: String::new(),
            })
            .collect();
        let q = question(prompt.clone(), Answer::SingleChoice { choices });
        b.block(
            start,
            "Questions",
            &format!("q{n}"),
            BlockContent::Question(q),
            &format!("single-choice question “{prompt}”"),
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use crate::{Format, Line, SourceError, import_text};
    use trellis_model::Answer;

    #[test]
    fn questions_and_their_key() {
        let src = "What is the capital of France?\nA. Lyon\nB) Paris\nC. Nice\nANSWER: B\n\n\nWhich is a mammal?\nA. Shark\nB. Whale\nANSWER: B\n";
        let imported = import_text(src, Format::Aiken, "geo").unwrap();
        let qs: Vec<_> = imported
            .course
            .blocks()
            .filter_map(|(_, b)| b.question().cloned())
            .collect();
        assert_eq!(qs.len(), 2);
        match &qs[0].answer {
            Answer::SingleChoice { choices } => {
                assert_eq!(
                    choices
                        .iter()
                        .map(|c| (c.text.as_str(), c.correct))
                        .collect::<Vec<_>>(),
                    [("Lyon", false), ("Paris", true), ("Nice", false)]
                );
            }
            _ => unreachable!(),
        }
        assert_eq!(
            imported.report.mapped.last().unwrap().0,
            crate::Place::Line(8)
        );
    }

    #[test]
    fn mistakes_name_their_line() {
        for (src, line, words) in [
            ("Q?\nA. x\nB. y\n", 1, "ANSWER"),
            ("Q?\nA. x\nB. y\nANSWER: D\n", 4, "names no option"),
            ("Q?\nA. x\nC. y\nANSWER: A\n", 3, "option B"),
        ] {
            match import_text(src, Format::Aiken, "x").unwrap_err() {
                SourceError::Syntax { line: l, message } => {
                    assert_eq!(l, Line(line), "{src}");
                    assert!(message.contains(words), "{message}");
                }
                e => panic!("{e:?}"),
            }
        }
    }
}
