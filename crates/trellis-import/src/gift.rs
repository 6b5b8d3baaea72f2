//! Moodle's GIFT question format (docs.moodle.org, "GIFT format"):
//! questions separated by blank lines, `//` comments, `$CATEGORY:` lines,
//! an optional `::title::`, an optional `[markdown]`/`[html]`/`[plain]`/
//! `[moodle]` text format, and the answers in braces, which may sit inside
//! the question text ("missing word"). `\` escapes `~ = # { } :`. A
//! `// objective: …` comment before a question names the objectives it
//! practises (by statement or number; Trellis' own convention).
//!
//! | Answers | Question |
//! |---|---|
//! | `{T}`, `{FALSE}` | true-false; `#` feedback for a wrong, then a right answer |
//! | `{=right ~wrong}` | single choice |
//! | `{~%50%a ~%50%b ~%-100%c}` | multiple response (positive weights are correct) |
//! | `{=a =b}` | fill in the blank, each accepted |
//! | `{=a -> 1 =b -> 2}` | matching |
//! | `{#3.14:0.01}`, `{#1..5}` | numeric, with a tolerance |
//! | no braces | a text block (a "description") |
//! | `{}` | essay: not brought over |

use trellis_model::{Answer, BlockContent, Choice, MatchPair};

use crate::build::{Builder, question};
use crate::{Line, SourceError};

/// Whether `text` reads as GIFT: an answer block in braces outside comments.
pub(crate) fn looks_like_gift(text: &str) -> bool {
    text.lines()
        .filter(|l| !l.trim_start().starts_with("//"))
        .any(|l| l.contains('{') && l.contains('}'))
        || text.lines().any(|l| l.trim_start().starts_with("::"))
}

/// One question's text as it was in the file: the chunk, and its first line.
struct Chunk {
    line: usize,
    text: String,
    /// Objectives named in `// objective:` comments before it.
    objectives: Vec<String>,
}

/// The objectives a comment names: `// objective: Spot a phishing e-mail`
/// (or `objectives:`, several between `|`, by statement or number).
fn objective_comment(line: &str) -> Option<Vec<String>> {
    let rest = line.trim_start_matches('/').trim();
    let lower = rest.to_lowercase();
    let after = ["objectives:", "objective:"]
        .iter()
        .find(|p| lower.starts_with(*p))
        .map(|p| &rest[p.len()..])?;
    Some(
        after
            .split('|')
            .map(|s| s.trim().to_owned())
            .filter(|s| !s.is_empty())
            .collect(),
    )
}

/// Splits the file into questions: blank lines separate them, comment lines
/// are dropped, a `$CATEGORY:` line stands alone.
fn chunks(text: &str) -> Vec<Chunk> {
    let mut out = Vec::new();
    let mut cur: Option<Chunk> = None;
    let mut depth = 0usize;
    // Objectives named in comments, for the next question.
    let mut pending: Vec<String> = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let trimmed = line.trim();
        if depth == 0 && trimmed.starts_with("//") {
            if let Some(names) = objective_comment(trimmed) {
                pending.extend(names);
            }
            continue;
        }
        if depth == 0 && trimmed.starts_with("$CATEGORY:") {
            out.extend(cur.take());
            out.push(Chunk {
                line: i + 1,
                text: trimmed.to_owned(),
                objectives: Vec::new(),
            });
            continue;
        }
        if trimmed.is_empty() && depth == 0 {
            out.extend(cur.take());
            continue;
        }
        let c = cur.get_or_insert_with(|| Chunk {
            line: i + 1,
            text: String::new(),
            objectives: std::mem::take(&mut pending),
        });
        if !c.text.is_empty() {
            c.text.push('\n');
        }
        c.text.push_str(line);
        // Braces may hold blank lines: keep the chunk open until they close.
        let mut escaped = false;
        for ch in line.chars() {
            match (escaped, ch) {
                (false, '\\') => escaped = true,
                (false, '{') => depth += 1,
                (false, '}') => depth = depth.saturating_sub(1),
                _ => escaped = false,
            }
        }
    }
    out.extend(cur);
    out
}

/// The index of the first unescaped `c` in `s` at or after `from`.
fn find(s: &str, c: char, from: usize) -> Option<usize> {
    let mut escaped = false;
    for (i, ch) in s[from..].char_indices() {
        if escaped {
            escaped = false;
        } else if ch == '\\' {
            escaped = true;
        } else if ch == c {
            return Some(from + i);
        }
    }
    None
}

/// Removes GIFT escapes: `\~` → `~`, `\n` → a line break.
fn unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some('n') => out.push('\n'),
                Some(n) => out.push(n),
                None => out.push('\\'),
            }
        } else {
            out.push(c);
        }
    }
    out.trim().to_owned()
}

/// Splits `s` at each unescaped `sep`.
fn split_unescaped(s: &str, sep: char) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    while let Some(i) = find(s, sep, start) {
        out.push(&s[start..i]);
        start = i + sep.len_utf8();
    }
    out.push(&s[start..]);
    out
}

/// One answer inside the braces: its mark (`=` or `~`), weight, text and feedback.
struct Ans {
    right: bool,
    weight: Option<f64>,
    text: String,
    feedback: String,
}

/// Splits the inside of the braces into answers at each unescaped `=` or `~`.
fn answers(inner: &str) -> Vec<Ans> {
    let mut starts = Vec::new();
    let mut escaped = false;
    for (i, ch) in inner.char_indices() {
        if escaped {
            escaped = false;
        } else if ch == '\\' {
            escaped = true;
        } else if ch == '=' || ch == '~' {
            starts.push(i);
        }
    }
    let mut out = Vec::new();
    for (k, &s) in starts.iter().enumerate() {
        let end = starts.get(k + 1).copied().unwrap_or(inner.len());
        let raw = &inner[s + 1..end];
        let right = inner[s..].starts_with('=');
        let (body, feedback) = match find(raw, '#', 0) {
            Some(h) => (&raw[..h], unescape(&raw[h + 1..])),
            None => (raw, String::new()),
        };
        let mut body = body.trim_start();
        let mut weight = None;
        if let Some(rest) = body.strip_prefix('%')
            && let Some(close) = rest.find('%')
        {
            weight = rest[..close].trim().parse::<f64>().ok();
            body = &rest[close + 1..];
        }
        out.push(Ans {
            right,
            weight,
            text: body.to_owned(),
            feedback,
        });
    }
    out
}

/// Text in a GIFT text format as Markdown: `[html]` loses its tags (said in
/// the report), the others are kept as written.
fn prompt_text(raw: &str, b: &mut Builder, line: usize) -> String {
    let raw = raw.trim();
    for fmt in ["[markdown]", "[plain]", "[moodle]"] {
        if let Some(rest) = raw.strip_prefix(fmt) {
            return unescape(rest);
        }
    }
    if let Some(rest) = raw.strip_prefix("[html]") {
        b.skip(
            line,
            "HTML formatting in the question text was removed; the text is kept",
        );
        let mut out = String::new();
        let mut in_tag = false;
        for c in unescape(rest).chars() {
            match c {
                '<' => in_tag = true,
                '>' => in_tag = false,
                c if !in_tag => out.push(c),
                _ => {}
            }
        }
        return out.trim().to_owned();
    }
    unescape(raw)
}

/// Whether answers carried `#` feedback the question kind cannot keep
/// (fill-in-the-blank and matching have feedback per question only).
fn list_feedback_lost(inner: &str, answer: &Answer) -> bool {
    matches!(answer, Answer::FillBlank { .. } | Answer::Matching { .. })
        && answers(inner).iter().any(|a| !a.feedback.is_empty())
}

/// A number as GIFT writes it (`3.14`, `-2`, `1e3`).
fn number(s: &str) -> Option<f64> {
    s.trim().parse::<f64>().ok().filter(|v| v.is_finite())
}

/// The numeric answer: `value`, `value:tolerance` or `min..max`.
fn numeric(spec: &str) -> Option<(f64, f64)> {
    let spec = spec.trim();
    if let Some((lo, hi)) = spec.split_once("..") {
        let (lo, hi) = (number(lo)?, number(hi)?);
        return Some(((lo + hi) / 2.0, (hi - lo).abs() / 2.0));
    }
    match spec.split_once(':') {
        Some((v, t)) => Some((number(v)?, number(t)?.abs())),
        None => Some((number(spec)?, 0.0)),
    }
}

pub(crate) fn read(text: &str, b: &mut Builder) -> Result<(), SourceError> {
    let mut lesson = "Questions".to_owned();
    let mut n = 0;
    for chunk in chunks(text) {
        let line = chunk.line;
        let t = chunk.text.trim();
        if let Some(cat) = t.strip_prefix("$CATEGORY:") {
            let name = cat
                .trim()
                .rsplit('/')
                .find(|s| !s.trim().is_empty())
                .unwrap_or("Questions")
                .trim();
            let name = name.strip_prefix("$course$").unwrap_or(name).trim();
            lesson = if name.is_empty() {
                "Questions".into()
            } else {
                name.to_owned()
            };
            b.lesson(line, &lesson);
            continue;
        }
        // ::title::
        let (title, body) = match t.strip_prefix("::").and_then(|r| {
            let end = r.find("::")?;
            Some((r[..end].trim().to_owned(), &r[end + 2..]))
        }) {
            Some((title, body)) => (Some(unescape(&title)), body),
            None => (None, t),
        };
        let name = title
            .clone()
            .unwrap_or_else(|| format!("Question {}", n + 1));
        let Some(open) = find(body, '{', 0) else {
            // A description: text for the learner, no answers.
            let md = prompt_text(body, b, line);
            if !md.is_empty() {
                b.block(
                    line,
                    &lesson,
                    "text",
                    BlockContent::Text { markdown: md },
                    "text (a GIFT description)",
                );
                if !chunk.objectives.is_empty() {
                    b.skip(line, "an objective was named before a description, not a question; it links nothing");
                }
            }
            continue;
        };
        let close = find(body, '}', open + 1).ok_or_else(|| SourceError::Syntax {
            line: Line(line),
            message: format!("the answers of “{name}” open with {{ but never close with }}"),
        })?;
        let mut inner = &body[open + 1..close];
        let before = prompt_text(&body[..open], b, line);
        let after = unescape(&body[close + 1..]);
        let blank = !after.is_empty();
        let prompt_with_blank = if blank {
            format!("{before} ___ {after}").trim().to_owned()
        } else {
            before.clone()
        };
        // ####general feedback
        let mut general = String::new();
        if let Some(g) = inner.find("####") {
            general = unescape(&inner[g + 4..]);
            inner = &inner[..g];
        }
        let inner_t = inner.trim();
        n += 1;
        let hint = format!("q{n}");
        let (answer, kind) = if inner_t.is_empty() {
            b.skip(
                line,
                format!(
                    "“{name}” is an essay question, which Trellis does not have; it was left out"
                ),
            );
            continue;
        } else if let Some(spec) = inner_t.strip_prefix('#') {
            // Numeric: one spec, or several `=` answers (the first full-credit one counts).
            let spec = if spec.trim_start().starts_with('=') {
                let list = answers(spec);
                let best = list
                    .iter()
                    .find(|a| a.weight.is_none_or(|w| w >= 100.0))
                    .or(list.first());
                if list.len() > 1 {
                    b.skip(line, format!("“{name}”: only the full-credit number was kept; partial-credit numbers were left out"));
                }
                best.map(|a| a.text.clone()).unwrap_or_default()
            } else {
                match find(spec, '#', 0) {
                    Some(h) => spec[..h].to_owned(),
                    None => spec.to_owned(),
                }
            };
            let Some((value, tolerance)) = numeric(&spec) else {
                return Err(SourceError::Syntax {
                    line: Line(line),
                    message: format!(
                        "“{name}” is a numeric question, but “{}” is not a number, a number:tolerance or a range min..max",
                        spec.trim()
                    ),
                });
            };
            (Answer::Numeric { value, tolerance }, "numeric question")
        } else if let Some(tf) = {
            let head = match find(inner_t, '#', 0) {
                Some(h) => &inner_t[..h],
                None => inner_t,
            };
            match head.trim().to_ascii_uppercase().as_str() {
                "T" | "TRUE" => Some(true),
                "F" | "FALSE" => Some(false),
                _ => None,
            }
        } {
            let parts = split_unescaped(inner_t, '#');
            let wrong_fb = parts.get(1).map(|s| unescape(s)).unwrap_or_default();
            let right_fb = parts.get(2).map(|s| unescape(s)).unwrap_or_default();
            let (true_feedback, false_feedback) = if tf {
                (right_fb, wrong_fb)
            } else {
                (wrong_fb, right_fb)
            };
            (
                Answer::TrueFalse {
                    correct: tf,
                    true_feedback,
                    false_feedback,
                },
                "true-false question",
            )
        } else {
            let list = answers(inner_t);
            if list.is_empty() {
                return Err(SourceError::Syntax {
                    line: Line(line),
                    message: format!(
                        "the answers of “{name}” start with neither = nor ~, so none can be read"
                    ),
                });
            }
            if list.iter().all(|a| a.right) && list.iter().any(|a| a.text.contains("->")) {
                let pairs = list
                    .iter()
                    .enumerate()
                    .map(|(i, a)| {
                        let (l, r) = a.text.split_once("->").unwrap_or((&a.text, ""));
                        MatchPair {
                            id: Builder::item(i),
                            left: unescape(l),
                            right: unescape(r),
                        }
                    })
                    .collect();
                (Answer::Matching { pairs }, "matching question")
            } else if list.iter().all(|a| a.right) {
                if list.iter().any(|a| a.weight.is_some_and(|w| w < 100.0)) {
                    b.skip(line, format!("“{name}”: partial credit is not kept; every listed answer is accepted as right"));
                }
                let accepted = list.iter().map(|a| unescape(&a.text)).collect();
                (
                    Answer::FillBlank {
                        accepted,
                        case_sensitive: false,
                    },
                    "fill-in-the-blank question",
                )
            } else {
                let weighted = list.iter().any(|a| a.weight.is_some());
                let correct: Vec<bool> = list
                    .iter()
                    .map(|a| {
                        if weighted {
                            a.weight.unwrap_or(0.0) > 0.0 || (a.right && a.weight.is_none())
                        } else {
                            a.right
                        }
                    })
                    .collect();
                let choices: Vec<Choice> = list
                    .iter()
                    .enumerate()
                    .map(|(i, a)| Choice {
                        id: Builder::item(i),
                        text: unescape(&a.text),
                        correct: correct[i],
                        feedback: a.feedback.clone(),
                    })
                    .collect();
                let many = correct.iter().filter(|c| **c).count() != 1;
                if many {
                    (
                        Answer::MultipleResponse { choices },
                        "multiple-response question",
                    )
                } else {
                    (Answer::SingleChoice { choices }, "single-choice question")
                }
            }
        };
        let prompt = match &answer {
            Answer::FillBlank { .. } if !blank => format!("{before} ___").trim().to_owned(),
            _ if blank => prompt_with_blank,
            _ => before,
        };
        if list_feedback_lost(inner_t, &answer) {
            b.skip(
                line,
                format!(
                    "“{name}”: feedback on single answers has no place in a {kind} and was left out"
                ),
            );
        }
        let mut q = question(prompt, answer);
        if !general.is_empty() {
            q.correct_feedback = general.clone();
            q.incorrect_feedback = general;
        }
        for name in &chunk.objectives {
            if let Some(id) = b.objective_named(line, name)
                && !q.objectives.contains(&id)
            {
                q.objectives.push(id);
            }
        }
        b.block(
            line,
            &lesson,
            &hint,
            BlockContent::Question(q),
            &format!("{kind} “{name}”"),
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Format, import_text};
    use trellis_model::Question;

    fn questions(src: &str) -> Vec<Question> {
        let imported = import_text(src, Format::Gift, "bank").unwrap();
        imported
            .course
            .blocks()
            .filter_map(|(_, b)| b.question().cloned())
            .collect()
    }

    #[test]
    fn each_kind_becomes_its_question() {
        let src = r#"// a comment
::Colours:: Which is a primary colour? {=Red#Yes, red is. ~Green#No, green is mixed. ~Purple}

The sky is blue.{T#It is blue on a clear day.#Right.}

Who painted the Mona Lisa? {=Leonardo =da Vinci =Leonardo da Vinci}

Match the capitals. {=France -> Paris =Italy -> Rome =Spain -> Madrid}

How long is the rod, in metres? {#1.25:0.005}

How many days in a week? {#6..8}

Pick the even numbers. {~%50%2 ~%50%4 ~%-100%3}
"#;
        let qs = questions(src);
        let kinds: Vec<&str> = qs.iter().map(|q| q.kind()).collect();
        assert_eq!(
            kinds,
            [
                "single-choice",
                "true-false",
                "fill-blank",
                "matching",
                "numeric",
                "numeric",
                "multiple-response"
            ]
        );
        match &qs[0].answer {
            Answer::SingleChoice { choices } => {
                assert_eq!(choices[0].text, "Red");
                assert!(choices[0].correct && !choices[1].correct);
                assert_eq!(choices[1].feedback, "No, green is mixed.");
            }
            _ => unreachable!(),
        }
        assert_eq!(qs[0].prompt, "Which is a primary colour?");
        match &qs[1].answer {
            Answer::TrueFalse {
                correct,
                true_feedback,
                false_feedback,
            } => {
                assert!(*correct);
                assert_eq!(true_feedback, "Right.");
                assert_eq!(false_feedback, "It is blue on a clear day.");
            }
            _ => unreachable!(),
        }
        assert_eq!(qs[2].prompt, "Who painted the Mona Lisa? ___");
        match &qs[3].answer {
            Answer::Matching { pairs } => assert_eq!(
                (pairs[1].left.as_str(), pairs[1].right.as_str()),
                ("Italy", "Rome")
            ),
            _ => unreachable!(),
        }
        match (&qs[4].answer, &qs[5].answer) {
            (
                Answer::Numeric { value, tolerance },
                Answer::Numeric {
                    value: v2,
                    tolerance: t2,
                },
            ) => {
                assert_eq!((*value, *tolerance), (1.25, 0.005));
                assert_eq!((*v2, *t2), (7.0, 1.0));
            }
            _ => unreachable!(),
        }
        match &qs[6].answer {
            Answer::MultipleResponse { choices } => {
                assert_eq!(
                    choices.iter().map(|c| c.correct).collect::<Vec<_>>(),
                    [true, true, false]
                )
            }
            _ => unreachable!(),
        }
    }

    #[test]
    fn missing_word_escapes_categories_and_descriptions() {
        let src = "$CATEGORY: $course$/Safety/Fire\n\nYou should call {=112 ~911 ~999} in the EU.\n\nA note for learners: no answers here.\n\nA \\{brace\\} and a colon\\: {=yes\\= no ~maybe}\n\nWrite an essay. {}\n";
        let imported = import_text(src, Format::Gift, "bank").unwrap();
        let c = &imported.course;
        assert_eq!(c.modules[0].lessons[0].title, "Fire");
        let blocks = &c.modules[0].lessons[0].blocks;
        assert_eq!(blocks.len(), 3, "the essay is left out");
        assert_eq!(
            blocks[0].question().unwrap().prompt,
            "You should call ___ in the EU."
        );
        assert!(matches!(blocks[1].content, BlockContent::Text { .. }));
        let q = blocks[2].question().unwrap();
        assert_eq!(q.prompt, "A {brace} and a colon:");
        match &q.answer {
            Answer::SingleChoice { choices } => assert_eq!(choices[0].text, "yes= no"),
            _ => unreachable!(),
        }
        assert_eq!(imported.report.skipped.len(), 1);
        assert!(
            imported.report.skipped[0].1.contains("essay"),
            "{:?}",
            imported.report
        );
        assert_eq!(imported.report.skipped[0].0, crate::Place::Line(9));
    }

    #[test]
    fn broken_input_names_its_line() {
        let err =
            import_text("Q1 {=a ~b}\n\n::Two:: Unclosed {=a ~b\n", Format::Gift, "x").unwrap_err();
        match err {
            SourceError::Syntax { line, message } => {
                assert_eq!(line, Line(3));
                assert!(
                    message.contains("Two") && message.contains("never close"),
                    "{message}"
                );
            }
            e => panic!("{e:?}"),
        }
        let err = import_text("How much? {#lots}\n", Format::Gift, "x").unwrap_err();
        assert!(matches!(err, SourceError::Syntax { .. }));
        assert_eq!(
            import_text("// only a comment\n", Format::Gift, "x").unwrap_err(),
            SourceError::Empty
        );
    }
}
