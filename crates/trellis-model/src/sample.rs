//! Generated courses for tests and benchmarks, built deterministically.

use crate::block::*;
use crate::course::*;
use crate::id::*;
use crate::template::TemplateKind;

fn item(s: &str) -> ItemId {
    ItemId::new(s).expect("valid item id")
}

fn obj(s: &str) -> ObjectiveId {
    ObjectiveId::new(s).expect("valid objective id")
}

fn block(id: String, slot: Option<&str>, content: BlockContent) -> Block {
    Block {
        job_aid: None,
        placeholders: Default::default(),
        id: BlockId::new(id).expect("valid block id"),
        slot: slot.map(str::to_owned),
        content,
    }
}

fn text(markdown: &str) -> BlockContent {
    BlockContent::Text {
        markdown: markdown.to_owned(),
    }
}

fn question(objectives: &[&str], answer: Answer) -> Question {
    Question {
        prompt: "Which answer is right?".into(),
        points: 1,
        objectives: objectives.iter().copied().map(obj).collect(),
        correct_feedback: "Right: this is why.".into(),
        incorrect_feedback: "Not quite: here is why.".into(),
        hint: String::new(),
        attempts: 2,
        scored: false,
        answer,
    }
}

fn choices(n: usize) -> Vec<Choice> {
    (0..n)
        .map(|i| Choice {
            id: item(&format!("c{}", i + 1)),
            text: format!("Choice {}", i + 1),
            correct: i == 0,
            feedback: format!("Feedback for choice {}.", i + 1),
        })
        .collect()
}

/// One example of every question kind, linked to `objective`.
pub fn every_answer() -> Vec<Answer> {
    vec![
        Answer::SingleChoice {
            choices: choices(3),
        },
        Answer::MultipleResponse {
            choices: choices(4),
        },
        Answer::TrueFalse {
            correct: true,
            true_feedback: "Yes.".into(),
            false_feedback: "No.".into(),
        },
        Answer::FillBlank {
            accepted: vec!["phishing".into(), "spear phishing".into()],
            case_sensitive: false,
        },
        Answer::Matching {
            pairs: (1..=3)
                .map(|i| MatchPair {
                    id: item(&format!("p{i}")),
                    left: format!("Term {i}"),
                    right: format!("Meaning {i}"),
                })
                .collect(),
        },
        Answer::Ordering {
            items: (1..=4)
                .map(|i| OrderItem {
                    id: item(&format!("s{i}")),
                    text: format!("Step {i}"),
                })
                .collect(),
        },
        Answer::Numeric {
            value: 42.5,
            tolerance: 0.5,
        },
    ]
}

/// One example of every content block kind, referring to `image`.
pub fn every_content(image: &str) -> Vec<BlockContent> {
    let panels = |prefix: &str| -> Vec<Panel> {
        (1..=2)
            .map(|i| Panel {
                id: item(&format!("{prefix}{i}")),
                title: format!("Panel {i}"),
                markdown: format!("Body of panel **{i}**."),
            })
            .collect()
    };
    vec![
        BlockContent::Heading {
            text: "A heading".into(),
            level: 2,
        },
        text("Some *Markdown* text with a [link](https://example.org)."),
        BlockContent::Image {
            asset: image.into(),
            alt: "A diagram".into(),
            caption: "Figure 1".into(),
            decorative: false,
            layout: Default::default(),
            markdown: String::new(),
        },
        BlockContent::Video(Media {
            url: Some("https://example.org/video.mp4".into()),
            title: "Demo".into(),
            transcript: "What is said in the video.".into(),
            ..Media::default()
        }),
        BlockContent::Audio(Media {
            url: Some("https://example.org/audio.mp3".into()),
            transcript: "What is said.".into(),
            ..Media::default()
        }),
        BlockContent::Callout {
            style: CalloutStyle::Tip,
            title: "Tip".into(),
            markdown: "Check the sender.".into(),
        },
        BlockContent::Quote {
            markdown: "Trust, but verify.".into(),
            attribution: "A proverb".into(),
        },
        BlockContent::Accordion {
            panels: panels("a"),
        },
        BlockContent::Tabs {
            panels: panels("t"),
        },
        BlockContent::Flashcards {
            cards: vec![Flashcard {
                id: item("f1"),
                front: "Front".into(),
                back: "Back".into(),
            }],
        },
        BlockContent::Process { steps: panels("p") },
        BlockContent::LabelledGraphic {
            asset: image.into(),
            alt: "A labelled diagram".into(),
            markers: vec![Marker {
                id: item("m1"),
                x: 25.0,
                y: 75.5,
                label: "Here".into(),
                markdown: "This part matters.".into(),
            }],
        },
        BlockContent::Divider,
        BlockContent::Columns {
            columns: panels("k"),
        },
    ]
}

/// A short scenario with one decision and two endings.
pub fn small_scenario(objectives: &[&str]) -> Scenario {
    Scenario {
        title: "A suspicious call".into(),
        objectives: objectives.iter().copied().map(obj).collect(),
        start: item("n1"),
        nodes: vec![
            ScenarioNode {
                id: item("n1"),
                narrative: "A caller asks for your password.".into(),
                choices: vec![
                    ScenarioChoice {
                        id: item("c1"),
                        text: "Refuse and report".into(),
                        consequence: "The security team thanks you.".into(),
                        next: item("good"),
                    },
                    ScenarioChoice {
                        id: item("c2"),
                        text: "Give it".into(),
                        consequence: "Your account is taken over.".into(),
                        next: item("bad"),
                    },
                ],
                ending: None,
            },
            ScenarioNode {
                id: item("good"),
                narrative: "Well done.".into(),
                choices: vec![],
                ending: Some(Ending {
                    label: "Attack stopped".into(),
                    score: Some(100),
                }),
            },
            ScenarioNode {
                id: item("bad"),
                narrative: "The attacker got in.".into(),
                choices: vec![],
                ending: Some(Ending {
                    label: "Account lost".into(),
                    score: Some(0),
                }),
            },
        ],
    }
}

/// A small course using every block and question kind once, an assessment
/// and a scenario. It refers to one image asset, `images/diagram.png`, which
/// its `assets` list does not hold: callers add the bytes they need.
pub fn demo_course() -> Course {
    let mut course = Course::new(CourseId::new("demo").unwrap(), "Demo course");
    course.objectives = vec![
        Objective {
            placeholder: false,
            id: obj("obj-spot"),
            statement: "Spot a phishing message.".into(),
            bloom: Some(BloomLevel::Apply),
        },
        Objective {
            placeholder: false,
            id: obj("obj-report"),
            statement: "Report a suspected attack.".into(),
            bloom: None,
        },
    ];
    let image = "images/diagram.png";
    let content: Vec<Block> = every_content(image)
        .into_iter()
        .enumerate()
        .map(|(i, c)| block(format!("content-{i}"), None, c))
        .collect();
    let practice: Vec<Block> = every_answer()
        .into_iter()
        .enumerate()
        .map(|(i, a)| {
            block(
                format!("q-{i}"),
                None,
                BlockContent::Question(question(&["obj-spot"], a)),
            )
        })
        .collect();
    course.modules = vec![Module {
        id: ModuleId::new("m-basics").unwrap(),
        title: "Basics".into(),
        lessons: vec![
            Lesson {
                job_aid: false,
                id: LessonId::new("l-content").unwrap(),
                title: "All content".into(),
                template: TemplateKind::Free,
                assessment: None,
                blocks: content,
            },
            Lesson {
                job_aid: false,
                id: LessonId::new("l-scenario").unwrap(),
                title: "A scenario".into(),
                template: TemplateKind::Scenario,
                assessment: None,
                blocks: vec![
                    block(
                        "sit".into(),
                        Some("situation"),
                        text("You are at your desk."),
                    ),
                    block(
                        "dec".into(),
                        Some("decisions"),
                        BlockContent::Scenario(small_scenario(&["obj-report"])),
                    ),
                    block("deb".into(), Some("debrief"), text("Always report.")),
                ],
            },
            Lesson {
                job_aid: false,
                id: LessonId::new("l-quiz").unwrap(),
                title: "Quiz".into(),
                template: TemplateKind::Assessment,
                assessment: Some(AssessmentSettings {
                    draw: Some(5),
                    shuffle: true,
                    pass_mark: 80,
                    attempts: 3,
                }),
                blocks: practice,
            },
        ],
    }];
    course
}

/// Sizes of a generated course.
#[derive(Debug, Clone, Copy)]
pub struct Size {
    pub modules: usize,
    pub lessons_per_module: usize,
    pub blocks_per_lesson: usize,
    pub questions_per_lesson: usize,
    /// One image block in every `image_every`-th lesson... per lesson count.
    pub images: usize,
}

impl Size {
    /// The benchmark course: 1,000 lessons, 20,000 blocks of which 5,000 are
    /// questions, and 500 distinct images.
    pub const LARGE: Size = Size {
        modules: 50,
        lessons_per_module: 20,
        blocks_per_lesson: 20,
        questions_per_lesson: 5,
        images: 500,
    };
}

/// Name of the `n`th image a generated course refers to.
pub fn image_name(n: usize) -> String {
    format!("images/img-{n:04}.png")
}

/// A generated course of `size`. Its image blocks refer to
/// [`image_name`]`(0..size.images)`; its `assets` list is empty.
pub fn generated_course(size: Size) -> Course {
    let mut course = Course::new(CourseId::new("generated").unwrap(), "Generated course");
    course.info.description = "A large course generated for benchmarks.".into();
    let objectives = 20;
    course.objectives = (0..objectives)
        .map(|i| Objective {
            placeholder: false,
            id: obj(&format!("o{i}")),
            statement: format!("Objective number {i}: apply rule {i} correctly."),
            bloom: Some(BloomLevel::ALL[i % 6]),
        })
        .collect();
    let answers = every_answer();
    let lessons_total = size.modules * size.lessons_per_module;
    let mut image = 0usize;
    let mut q = 0usize;
    for m in 0..size.modules {
        let mut module = Module {
            id: ModuleId::new(format!("m{m}")).unwrap(),
            title: format!("Module {m}"),
            lessons: Vec::with_capacity(size.lessons_per_module),
        };
        for l in 0..size.lessons_per_module {
            let lesson_no = m * size.lessons_per_module + l;
            let mut blocks = Vec::with_capacity(size.blocks_per_lesson);
            let wants_image =
                image < size.images && lesson_no * size.images / lessons_total.max(1) >= image;
            for b in 0..size.blocks_per_lesson {
                let id = format!("b{m}-{l}-{b}");
                let content = if b < size.questions_per_lesson {
                    let o = format!("o{}", q % objectives);
                    let mut question = question(&[o.as_str()], answers[q % answers.len()].clone());
                    question.prompt = format!(
                        "Question {q}: which of these applies rule {}?",
                        q % objectives
                    );
                    q += 1;
                    BlockContent::Question(question)
                } else if b == size.questions_per_lesson && wants_image {
                    image += 1;
                    BlockContent::Image {
                        asset: image_name(image - 1),
                        alt: format!("Illustration {image}"),
                        caption: String::new(),
                        decorative: false,
                        layout: Default::default(),
                        markdown: String::new(),
                    }
                } else {
                    text(&format!(
                        "## Part {b}\n\nLesson {lesson_no} explains rule {} in a paragraph of \
                         ordinary length, with **bold** words, a [link](https://example.org/{b}) \
                         and a list:\n\n- first point\n- second point\n",
                        b % objectives
                    ))
                };
                blocks.push(block(id, None, content));
            }
            module.lessons.push(Lesson {
                job_aid: false,
                id: LessonId::new(format!("l{m}-{l}")).unwrap(),
                title: format!("Lesson {m}.{l}"),
                template: TemplateKind::Free,
                assessment: None,
                blocks,
            });
        }
        course.modules.push(module);
    }
    course
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn large_course_has_the_promised_size() {
        let c = generated_course(Size::LARGE);
        assert_eq!(c.lessons().count(), 1000);
        assert_eq!(c.blocks().count(), 20_000);
        let questions = c.blocks().filter(|(_, b)| b.question().is_some()).count();
        assert_eq!(questions, 5000);
        let images: std::collections::BTreeSet<_> =
            c.blocks().flat_map(|(_, b)| b.asset_refs()).collect();
        assert_eq!(images.len(), 500);
    }

    #[test]
    fn demo_course_uses_every_kind() {
        let c = demo_course();
        let kinds: std::collections::BTreeSet<_> =
            c.blocks().map(|(_, b)| b.content.kind()).collect();
        assert_eq!(kinds.len(), BLOCK_KINDS.len());
        let qkinds: std::collections::BTreeSet<_> = c
            .blocks()
            .filter_map(|(_, b)| b.question().map(|q| q.kind()))
            .collect();
        assert_eq!(qkinds.len(), QUESTION_KINDS.len());
    }
}
