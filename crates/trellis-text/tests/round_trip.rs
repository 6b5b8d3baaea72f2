//! Export then import gives back the same course, and exporting it again
//! gives the same bytes: for the demo course, a large generated course and
//! generated courses full of awkward strings.

mod common;

use std::collections::BTreeMap;

use proptest::prelude::*;
use trellis_model::sample::{Size, demo_course, generated_course, image_name};
use trellis_model::*;

use common::{assert_round_trip, attach_assets, png};

#[test]
fn demo_course_round_trips() {
    let mut course = demo_course();
    let mut bytes = BTreeMap::new();
    bytes.insert("images/diagram.png".to_owned(), png(3, 2));
    let assets = attach_assets(&mut course, &bytes);
    assert_round_trip(&course, &assets);
}

#[test]
fn large_generated_course_round_trips() {
    let size = Size {
        modules: 10,
        lessons_per_module: 10,
        blocks_per_lesson: 20,
        questions_per_lesson: 5,
        images: 50,
    };
    let mut course = generated_course(size);
    let pixels = png(2, 2);
    let bytes: BTreeMap<String, Vec<u8>> = (0..size.images)
        .map(|i| (image_name(i), pixels.clone()))
        .collect();
    let assets = attach_assets(&mut course, &bytes);
    assert_round_trip(&course, &assets);
}

#[test]
fn export_is_deterministic() {
    let course = demo_course();
    assert_eq!(
        trellis_text::export_files(&course, &[]),
        trellis_text::export_files(&course.clone(), &[])
    );
}

// ---- Generated courses -------------------------------------------------

/// Pieces that stress the format: fences, quotes, escapes, unicode, blank
/// and trailing-space lines, TOML and front-matter delimiters.
const PIECES: &[&str] = &[
    "text",
    " ",
    "  ",
    "\n",
    "\n\n",
    "\t",
    ":::",
    "::::",
    "::: text {id = \"x\"}",
    "```",
    "~~~",
    "\"",
    "\"\"",
    "\"\"\"",
    "'''",
    "'",
    "\\",
    "\\n",
    "é",
    "😀",
    "+++",
    "# Heading",
    "- item",
    "[[choices]]",
    "x = 1",
    "{",
    "}",
    "#",
    "\u{7f}",
    "\u{85}",
    "\u{200b}",
];

fn from_pieces(extra: &'static [&'static str]) -> impl Strategy<Value = String> {
    let all: Vec<&'static str> = PIECES.iter().chain(extra).copied().collect();
    prop::collection::vec(prop::sample::select(all), 0..8).prop_map(|v| v.concat())
}

/// Any string a course may hold: everything but the characters XML cannot
/// carry (refused at import, see `trellis_model::text`).
fn any_string() -> impl Strategy<Value = String> {
    any::<String>().prop_map(|s| {
        s.chars()
            .filter(|&c| trellis_model::xml_allows(c))
            .collect()
    })
}

/// Any text, carriage returns included: TOML strings hold them.
fn any_text() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => from_pieces(&["\r", "\r\n", "a\rb"]),
        1 => any_string(),
    ]
}

/// A Markdown block body (text, callout, quote): anything but a carriage
/// return, which the format writes as a line end.
fn md_body() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => from_pieces(&[]),
        1 => any_string().prop_map(|s| s.replace('\r', "")),
    ]
}

fn float() -> impl Strategy<Value = f64> {
    any::<f64>().prop_filter("NaN is not equal to itself", |x| !x.is_nan())
}

fn item() -> ItemId {
    ItemId::new("tmp").unwrap()
}

fn panels() -> impl Strategy<Value = Vec<Panel>> {
    prop::collection::vec((any_text(), any_text()), 0..3).prop_map(|v| {
        v.into_iter()
            .map(|(title, markdown)| Panel {
                id: item(),
                title,
                markdown,
            })
            .collect()
    })
}

fn media() -> impl Strategy<Value = Media> {
    (
        any::<(bool, bool, bool, bool)>(),
        any_text(),
        any_text(),
        any_text(),
    )
        .prop_map(|((a, u, c, p), url, title, transcript)| Media {
            asset: a.then(|| "ASSET".into()),
            url: u.then_some(url),
            title,
            captions: c.then(|| "ASSET".into()),
            transcript,
            poster: p.then(|| "ASSET".into()),
        })
}

fn choices() -> impl Strategy<Value = Vec<Choice>> {
    prop::collection::vec((any_text(), any::<bool>(), any_text()), 0..4).prop_map(|v| {
        v.into_iter()
            .map(|(text, correct, feedback)| Choice {
                id: item(),
                text,
                correct,
                feedback,
            })
            .collect()
    })
}

fn answer() -> impl Strategy<Value = Answer> {
    prop_oneof![
        choices().prop_map(|choices| Answer::SingleChoice { choices }),
        choices().prop_map(|choices| Answer::MultipleResponse { choices }),
        (any::<bool>(), any_text(), any_text()).prop_map(|(correct, t, f)| Answer::TrueFalse {
            correct,
            true_feedback: t,
            false_feedback: f
        }),
        (prop::collection::vec(any_text(), 0..3), any::<bool>()).prop_map(|(accepted, cs)| {
            Answer::FillBlank {
                accepted,
                case_sensitive: cs,
            }
        }),
        prop::collection::vec((any_text(), any_text()), 0..3).prop_map(|v| Answer::Matching {
            pairs: v
                .into_iter()
                .map(|(left, right)| MatchPair {
                    id: item(),
                    left,
                    right
                })
                .collect()
        }),
        prop::collection::vec(any_text(), 0..3).prop_map(|v| Answer::Ordering {
            items: v
                .into_iter()
                .map(|text| OrderItem { id: item(), text })
                .collect()
        }),
        (float(), float()).prop_map(|(value, tolerance)| Answer::Numeric { value, tolerance }),
    ]
}

fn question() -> impl Strategy<Value = Question> {
    (
        (any_text(), any::<u32>(), any::<u32>(), any::<u8>()),
        (any_text(), any_text(), any_text(), any::<bool>()),
        answer(),
    )
        .prop_map(
            |((prompt, points, attempts, objectives), (c, i, h, scored), answer)| Question {
                prompt,
                points,
                objectives: (0..objectives % 3)
                    .map(|_| ObjectiveId::new("OBJ").unwrap())
                    .collect(),
                correct_feedback: c,
                incorrect_feedback: i,
                hint: h,
                attempts,
                scored,
                answer,
            },
        )
}

fn scenario() -> impl Strategy<Value = Scenario> {
    let node = (
        any_text(),
        prop::collection::vec((any_text(), any_text()), 0..3),
        prop::option::of((any_text(), prop::option::of(any::<u32>()))),
    )
        .prop_map(|(narrative, choices, ending)| ScenarioNode {
            id: item(),
            narrative,
            choices: choices
                .into_iter()
                .map(|(text, consequence)| ScenarioChoice {
                    id: item(),
                    text,
                    consequence,
                    next: ItemId::new("n0").unwrap(),
                })
                .collect(),
            ending: ending.map(|(label, score)| Ending { label, score }),
        });
    (any_text(), any::<bool>(), prop::collection::vec(node, 0..3)).prop_map(
        |(title, objective, nodes)| Scenario {
            title,
            objectives: if objective {
                vec![ObjectiveId::new("OBJ").unwrap()]
            } else {
                vec![]
            },
            start: ItemId::new("n0").unwrap(),
            nodes,
        },
    )
}

fn content() -> impl Strategy<Value = BlockContent> {
    prop_oneof![
        md_body().prop_map(|markdown| BlockContent::Text { markdown }),
        (any_text(), any::<u8>()).prop_map(|(text, level)| BlockContent::Heading { text, level }),
        (
            any_text(),
            any_text(),
            any::<bool>(),
            prop::sample::select(ImageLayout::ALL.to_vec()),
            any_text()
        )
            .prop_map(|(alt, caption, decorative, layout, markdown)| {
                BlockContent::Image {
                    asset: "ASSET".into(),
                    alt,
                    caption,
                    decorative,
                    layout,
                    markdown,
                }
            }),
        media().prop_map(BlockContent::Video),
        media().prop_map(BlockContent::Audio),
        (
            prop::sample::select(vec![
                CalloutStyle::Info,
                CalloutStyle::Tip,
                CalloutStyle::Warning
            ]),
            any_text(),
            md_body()
        )
            .prop_map(|(style, title, markdown)| BlockContent::Callout {
                style,
                title,
                markdown
            }),
        (md_body(), any_text()).prop_map(|(markdown, attribution)| BlockContent::Quote {
            markdown,
            attribution
        }),
        panels().prop_map(|panels| BlockContent::Accordion { panels }),
        panels().prop_map(|panels| BlockContent::Tabs { panels }),
        panels().prop_map(|steps| BlockContent::Process { steps }),
        panels().prop_map(|columns| BlockContent::Columns { columns }),
        prop::collection::vec((any_text(), any_text()), 0..3).prop_map(|v| {
            BlockContent::Flashcards {
                cards: v
                    .into_iter()
                    .map(|(front, back)| Flashcard {
                        id: item(),
                        front,
                        back,
                    })
                    .collect(),
            }
        }),
        (
            any_text(),
            prop::collection::vec((float(), float(), any_text(), any_text()), 0..3)
        )
            .prop_map(|(alt, markers)| BlockContent::LabelledGraphic {
                asset: "ASSET".into(),
                alt,
                markers: markers
                    .into_iter()
                    .map(|(x, y, label, markdown)| Marker {
                        id: item(),
                        x,
                        y,
                        label,
                        markdown
                    })
                    .collect(),
            }),
        Just(BlockContent::Divider),
        question().prop_map(BlockContent::Question),
        scenario().prop_map(BlockContent::Scenario),
    ]
}

fn block() -> impl Strategy<Value = Block> {
    (prop::option::of(any_text()), content()).prop_map(|(slot, content)| Block {
        job_aid: None,
        placeholders: Default::default(),
        id: BlockId::new("tmp").unwrap(),
        slot,
        content,
    })
}

fn template() -> impl Strategy<Value = TemplateKind> {
    prop::sample::select(vec![
        TemplateKind::Concept,
        TemplateKind::Procedure,
        TemplateKind::Scenario,
        TemplateKind::Assessment,
        TemplateKind::Free,
    ])
}

fn lesson() -> impl Strategy<Value = Lesson> {
    let assessment = prop::option::of((
        prop::option::of(any::<u32>()),
        any::<bool>(),
        any::<u32>(),
        any::<u32>(),
    ))
    .prop_map(|a| {
        a.map(|(draw, shuffle, pass_mark, attempts)| AssessmentSettings {
            draw,
            shuffle,
            pass_mark,
            attempts,
        })
    });
    (
        any_text(),
        template(),
        assessment,
        prop::collection::vec(block(), 0..6),
    )
        .prop_map(|(title, template, assessment, blocks)| Lesson {
            job_aid: false,
            id: LessonId::new("tmp").unwrap(),
            title,
            template,
            assessment,
            blocks,
        })
}

fn theme() -> impl Strategy<Value = Theme> {
    (
        prop::collection::vec(prop::option::of(any_text()), 5),
        any::<bool>(),
    )
        .prop_map(|(v, logo)| {
            let mut t = Theme::default();
            let slots = [
                &mut t.primary_color,
                &mut t.background_color,
                &mut t.text_color,
                &mut t.body_font,
                &mut t.heading_font,
            ];
            for (slot, value) in slots.into_iter().zip(v) {
                if let Some(value) = value {
                    *slot = value;
                }
            }
            t.logo = logo.then(|| "ASSET".into());
            t
        })
}

fn course() -> impl Strategy<Value = Course> {
    let info = (
        (any_text(), any_text(), any_text()),
        (prop::collection::vec(any_text(), 0..3), any_text()),
        (
            prop::sample::select(CompletionRule::ALL.to_vec()),
            prop::sample::select(Reporting::ALL.to_vec()),
            (prop::option::of(any::<u32>()), any::<u32>()),
        ),
        theme(),
    )
        .prop_map(
            |(
                (title, language, description),
                (authors, version),
                (completion, reporting, (pass_mark, checks_weight)),
                theme,
            )| {
                CourseInfo {
                    job_aid_url: String::new(),
                    version_date: String::new(),
                    placeholders: Default::default(),
                    title,
                    language,
                    description,
                    authors,
                    version,
                    completion,
                    reporting,
                    scoring: Scoring {
                        pass_mark,
                        checks_weight,
                    },
                    theme,
                }
            },
        );
    let objectives = prop::collection::vec(
        (
            any_text(),
            prop::option::of(prop::sample::select(BloomLevel::ALL.to_vec())),
        ),
        0..3,
    );
    let modules = prop::collection::vec((any_text(), prop::collection::vec(lesson(), 0..3)), 0..3);
    (info, objectives, modules, any::<u64>()).prop_map(|(info, objectives, modules, seed)| {
        let mut course = Course {
            id: CourseId::new("course").unwrap(),
            info,
            objectives: objectives
                .into_iter()
                .enumerate()
                .map(|(i, (statement, bloom))| Objective {
                    placeholder: false,
                    id: ObjectiveId::new(format!("o{i}")).unwrap(),
                    statement,
                    bloom,
                })
                .collect(),
            modules: modules
                .into_iter()
                .enumerate()
                .map(|(i, (title, lessons))| Module {
                    id: ModuleId::new(format!("m{i}")).unwrap(),
                    title,
                    lessons,
                })
                .collect(),
            assets: Vec::new(),
        };
        fix_ids(&mut course, seed);
        course
    })
}

const ASSET_NAMES: [&str; 3] = ["a.png", "images/b c.png", "deep/er/é.png"];

/// Gives every entity a unique id and points every reference at something
/// that exists.
fn fix_ids(course: &mut Course, mut seed: u64) {
    let mut next = move |n: usize| {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (seed >> 33) as usize % n.max(1)
    };
    let objectives: Vec<ObjectiveId> = course.objectives.iter().map(|o| o.id.clone()).collect();
    let asset =
        |next: &mut dyn FnMut(usize) -> usize| ASSET_NAMES[next(ASSET_NAMES.len())].to_owned();
    if course.info.theme.logo.is_some() {
        course.info.theme.logo = Some(asset(&mut next));
    }
    let mut n_lesson = 0;
    let mut n_block = 0;
    for m in &mut course.modules {
        for l in &mut m.lessons {
            l.id = LessonId::new(format!("l{n_lesson}")).unwrap();
            n_lesson += 1;
            for b in &mut l.blocks {
                b.id = BlockId::new(format!("b{n_block}")).unwrap();
                n_block += 1;
                let mut k = 0;
                let mut fresh = || {
                    k += 1;
                    ItemId::new(format!("i{k}")).unwrap()
                };
                if let Some(objs) = b.objectives_mut() {
                    if objectives.is_empty() {
                        objs.clear();
                    } else {
                        for o in objs.iter_mut() {
                            *o = objectives[next(objectives.len())].clone();
                        }
                    }
                }
                match &mut b.content {
                    BlockContent::Image { asset: a, .. }
                    | BlockContent::LabelledGraphic { asset: a, .. } => {
                        *a = asset(&mut next);
                    }
                    BlockContent::Video(m) | BlockContent::Audio(m) => {
                        for slot in [&mut m.asset, &mut m.captions, &mut m.poster] {
                            if slot.is_some() {
                                *slot = Some(asset(&mut next));
                            }
                        }
                    }
                    _ => {}
                }
                match &mut b.content {
                    BlockContent::Accordion { panels }
                    | BlockContent::Tabs { panels }
                    | BlockContent::Process { steps: panels }
                    | BlockContent::Columns { columns: panels } => {
                        panels.iter_mut().for_each(|p| p.id = fresh())
                    }
                    BlockContent::Flashcards { cards } => {
                        cards.iter_mut().for_each(|c| c.id = fresh())
                    }
                    BlockContent::LabelledGraphic { markers, .. } => {
                        markers.iter_mut().for_each(|m| m.id = fresh())
                    }
                    BlockContent::Question(q) => match &mut q.answer {
                        Answer::SingleChoice { choices } | Answer::MultipleResponse { choices } => {
                            choices.iter_mut().for_each(|c| c.id = fresh())
                        }
                        Answer::Matching { pairs } => pairs.iter_mut().for_each(|p| p.id = fresh()),
                        Answer::Ordering { items } => items.iter_mut().for_each(|i| i.id = fresh()),
                        _ => {}
                    },
                    BlockContent::Scenario(s) => {
                        let n = s.nodes.len();
                        for node in &mut s.nodes {
                            node.id = fresh();
                            for c in &mut node.choices {
                                c.id = fresh();
                                c.next = ItemId::new(format!("i{}", next(n) + 1)).unwrap();
                            }
                        }
                        if let Some(first) = s.nodes.first() {
                            s.start = first.id.clone();
                        }
                    }
                    _ => {}
                }
            }
        }
    }
}

fn asset_bytes() -> BTreeMap<String, Vec<u8>> {
    ASSET_NAMES
        .iter()
        .enumerate()
        .map(|(i, n)| (n.to_string(), png(i as u32 + 1, 1)))
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn generated_courses_round_trip(mut course in course()) {
        let assets = attach_assets(&mut course, &asset_bytes());
        assert_round_trip(&course, &assets);
    }

    /// Carriage returns in Markdown bodies become line ends; the second
    /// export is still byte-identical to the first.
    #[test]
    fn carriage_returns_in_markdown_bodies_normalise(body in from_pieces(&["\r", "\r\n"])) {
        let mut course = demo_course();
        let assets = attach_assets(&mut course, &BTreeMap::from([("images/diagram.png".to_owned(), png(1, 1))]));
        course.modules[0].lessons[0].blocks[1].content = BlockContent::Text { markdown: body.clone() };
        let files = common::folder(&course, &assets);
        let imported = trellis_text::import_files(&files).unwrap();
        let expected = body.replace("\r\n", "\n").replace('\r', "\n");
        prop_assert_eq!(
            &imported.course.modules[0].lessons[0].blocks[1].content,
            &BlockContent::Text { markdown: expected }
        );
        prop_assert_eq!(trellis_text::export_files(&imported.course, &[]), trellis_text::export_files(&course, &[]));
    }
}
