//! Starter content for a new block: every kind (and question type) comes
//! with placeholder text that tells the author what to write there.

use trellis_model::{
    Answer, Block, BlockContent, CalloutStyle, Choice, Ending, Flashcard, ItemId, Marker,
    MatchPair, Media, OrderItem, Panel, Question, Scenario, ScenarioChoice, ScenarioNode,
};

use crate::error::AppError;

fn item(id: &str) -> ItemId {
    ItemId::new(id).expect("starter item ids are valid")
}

fn panels(prefix: &str, what: &str) -> Vec<Panel> {
    (1..=3)
        .map(|i| Panel {
            id: item(&format!("{prefix}{i}")),
            title: format!("{what} {i}"),
            markdown: format!(
                "Write what the learner sees in {} {i}: one idea, in a few short sentences.",
                what.to_lowercase()
            ),
        })
        .collect()
}

/// A new block of `kind` (a `BlockContent` kind tag such as `text` or
/// `question`) with a fresh id; questions take `question_type` (an `Answer`
/// type tag, `single-choice` when absent).
pub fn new_block(kind: &str, question_type: Option<&str>) -> Result<Block, AppError> {
    let content = match kind {
        "text" => BlockContent::Text {
            markdown:
                "Write the explanation here, in plain words. Keep each paragraph to one idea."
                    .into(),
        },
        "heading" => BlockContent::Heading {
            text: "Name this part of the lesson".into(),
            level: 2,
        },
        "image" => BlockContent::Image {
            asset: String::new(),
            alt: String::new(),
            caption: String::new(),
            decorative: false,
            layout: Default::default(),
            markdown: String::new(),
        },
        "video" => BlockContent::Video(Media {
            title: "Name the video".into(),
            transcript: "Paste the transcript here, so learners who cannot watch can read it."
                .into(),
            ..Media::default()
        }),
        "audio" => BlockContent::Audio(Media {
            title: "Name the recording".into(),
            transcript: "Paste the transcript here, so learners who cannot listen can read it."
                .into(),
            ..Media::default()
        }),
        "callout" => BlockContent::Callout {
            style: CalloutStyle::Tip,
            title: "Tip".into(),
            markdown: "Point out the one thing learners must not miss.".into(),
        },
        "quote" => BlockContent::Quote {
            markdown: "Quote someone the learner trusts: an expert, a customer, a colleague."
                .into(),
            attribution: "Who said it, and their role".into(),
        },
        "accordion" => BlockContent::Accordion {
            panels: panels("a", "Panel"),
        },
        "tabs" => BlockContent::Tabs {
            panels: panels("t", "Tab"),
        },
        "flashcards" => BlockContent::Flashcards {
            cards: (1..=3)
                .map(|i| Flashcard {
                    id: item(&format!("f{i}")),
                    front: format!("Term or question {i}"),
                    back: format!("What the learner should recall about term {i}"),
                })
                .collect(),
        },
        "process" => BlockContent::Process {
            steps: panels("s", "Step"),
        },
        "columns" => BlockContent::Columns {
            columns: (1..=2)
                .map(|i| Panel {
                    id: item(&format!("k{i}")),
                    title: String::new(),
                    markdown: format!(
                        "Write what column {i} says: a short point that reads well beside the other."
                    ),
                })
                .collect(),
        },
        "labelled-graphic" => BlockContent::LabelledGraphic {
            asset: String::new(),
            alt: String::new(),
            markers: (1..=2)
                .map(|i| Marker {
                    id: item(&format!("m{i}")),
                    x: 25.0 * i as f64,
                    y: 50.0,
                    label: format!("Part {i}"),
                    markdown: format!("Explain what part {i} of the picture shows."),
                })
                .collect(),
        },
        "divider" => BlockContent::Divider,
        "question" => BlockContent::Question(question(question_type.unwrap_or("single-choice"))?),
        "scenario" => BlockContent::Scenario(scenario()),
        other => {
            return Err(AppError::bad_input(format!(
                "There is no block kind `{other}`. The kinds are: {}.",
                trellis_model::block::BLOCK_KINDS.join(", ")
            )));
        }
    };
    if kind != "question" && question_type.is_some() {
        return Err(AppError::bad_input(
            "Only question blocks have a question type.",
        ));
    }
    Ok(Block::new(content))
}

fn choices(n: usize) -> Vec<Choice> {
    (1..=n)
        .map(|i| Choice {
            id: item(&format!("c{i}")),
            text: if i == 1 {
                "The right answer".into()
            } else {
                format!("A likely mistake ({i})")
            },
            correct: i == 1,
            feedback: if i == 1 {
                "Say why this is right.".into()
            } else {
                "Say why this is wrong and what to do instead.".into()
            },
        })
        .collect()
}

fn question(kind: &str) -> Result<Question, AppError> {
    let (prompt, answer) = match kind {
        "single-choice" => (
            "Ask a question that makes the learner apply the idea to a real situation.",
            Answer::SingleChoice {
                choices: choices(3),
            },
        ),
        "multiple-response" => (
            "Ask which of these apply. Select every right answer.",
            Answer::MultipleResponse {
                choices: {
                    let mut c = choices(4);
                    c[1].correct = true;
                    c[1].text = "Another right answer".into();
                    c[1].feedback = "Say why this is right too.".into();
                    c
                },
            },
        ),
        "true-false" => (
            "Write a statement the learner judges true or false.",
            Answer::TrueFalse {
                correct: true,
                true_feedback: "Say why the statement is true.".into(),
                false_feedback: "Say why the statement is not false.".into(),
            },
        ),
        "fill-blank" => (
            "Write a sentence with one blank: the answer is ___.",
            Answer::FillBlank {
                accepted: vec!["answer".into()],
                case_sensitive: false,
            },
        ),
        "matching" => (
            "Match each item on the left with its partner on the right.",
            Answer::Matching {
                pairs: (1..=3)
                    .map(|i| MatchPair {
                        id: item(&format!("p{i}")),
                        left: format!("Item {i}"),
                        right: format!("Its match {i}"),
                    })
                    .collect(),
            },
        ),
        "ordering" => (
            "Put these steps in the right order.",
            Answer::Ordering {
                items: (1..=4)
                    .map(|i| OrderItem {
                        id: item(&format!("s{i}")),
                        text: format!("Step {i}"),
                    })
                    .collect(),
            },
        ),
        "numeric" => (
            "Ask for a number the learner works out.",
            Answer::Numeric {
                value: 0.0,
                tolerance: 0.0,
            },
        ),
        other => {
            return Err(AppError::bad_input(format!(
                "There is no question type `{other}`. The types are: {}.",
                trellis_model::block::QUESTION_KINDS.join(", ")
            )));
        }
    };
    Ok(Question {
        prompt: prompt.into(),
        points: 1,
        objectives: Vec::new(),
        correct_feedback: "Right. Say why, in one or two sentences.".into(),
        incorrect_feedback: "Not quite. Explain the right answer and why.".into(),
        hint: String::new(),
        attempts: 2,
        scored: false,
        answer,
    })
}

fn scenario() -> Scenario {
    let node = |id: &str, narrative: &str, choices: Vec<ScenarioChoice>, ending| ScenarioNode {
        id: item(id),
        narrative: narrative.into(),
        choices,
        ending,
    };
    let choice = |id: &str, text: &str, consequence: &str, next: &str| ScenarioChoice {
        id: item(id),
        text: text.into(),
        consequence: consequence.into(),
        next: item(next),
    };
    Scenario {
        title: "Name the situation".into(),
        objectives: Vec::new(),
        start: item("n1"),
        nodes: vec![
            node(
                "n1",
                "Set the scene: who is the learner, where are they, what just happened?",
                vec![
                    choice(
                        "c1",
                        "What a skilled person would do",
                        "Show what happens next because of this choice.",
                        "n2",
                    ),
                    choice(
                        "c2",
                        "A tempting mistake",
                        "Show the realistic cost of this choice.",
                        "n3",
                    ),
                ],
                None,
            ),
            node(
                "n2",
                "Describe the good outcome and why it worked.",
                Vec::new(),
                Some(Ending {
                    label: "Good outcome".into(),
                    score: Some(100),
                }),
            ),
            node(
                "n3",
                "Describe the poor outcome and what would have worked better.",
                Vec::new(),
                Some(Ending {
                    label: "Poor outcome".into(),
                    score: Some(0),
                }),
            ),
        ],
    }
}
