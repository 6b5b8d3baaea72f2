//! One small course per rule, each built from the demo course and broken in
//! one way, plus the properties of the report as a whole.

use std::collections::BTreeSet;

use trellis_check::{Options, RULES, Severity, check, check_with};
use trellis_model::sample::demo_course;
use trellis_model::{
    Answer, AssessmentSettings, AssetInfo, Block, BlockContent, CompletionRule, Course, Ending,
    ImageLayout, ItemId, Lesson, LessonId, Module, ModuleId, Objective, ObjectiveId, Panel,
    Question, Scenario, ScenarioChoice, ScenarioNode, TemplateKind,
};

fn image_asset(name: &str) -> AssetInfo {
    AssetInfo {
        name: name.into(),
        sha256: "0".repeat(64),
        size: 1234,
        media_type: "image/png".into(),
        width: Some(640),
        height: Some(480),
    }
}

/// The demo course with the image asset it refers to.
fn demo() -> Course {
    let mut c = demo_course();
    c.assets.push(image_asset("images/diagram.png"));
    c
}

fn item(s: &str) -> ItemId {
    ItemId::new(s).unwrap()
}

fn lesson<'c>(c: &'c mut Course, id: &str) -> &'c mut Lesson {
    c.modules
        .iter_mut()
        .flat_map(|m| m.lessons.iter_mut())
        .find(|l| l.id.as_str() == id)
        .unwrap()
}

fn block<'c>(c: &'c mut Course, id: &str) -> &'c mut Block {
    c.modules
        .iter_mut()
        .flat_map(|m| m.lessons.iter_mut())
        .flat_map(|l| l.blocks.iter_mut())
        .find(|b| b.id.as_str() == id)
        .unwrap()
}

fn content<'c>(c: &'c mut Course, id: &str) -> &'c mut BlockContent {
    &mut block(c, id).content
}

fn question<'c>(c: &'c mut Course, id: &str) -> &'c mut Question {
    match content(c, id) {
        BlockContent::Question(q) => q,
        _ => panic!("{id} is not a question"),
    }
}

fn scenario(c: &mut Course) -> &mut Scenario {
    match content(c, "dec") {
        BlockContent::Scenario(s) => s,
        _ => panic!("not a scenario"),
    }
}

fn node<'c>(c: &'c mut Course, id: &str) -> &'c mut ScenarioNode {
    scenario(c)
        .nodes
        .iter_mut()
        .find(|n| n.id.as_str() == id)
        .unwrap()
}

fn choices<'c>(c: &'c mut Course, id: &str) -> &'c mut Vec<trellis_model::Choice> {
    match &mut question(c, id).answer {
        Answer::SingleChoice { choices } | Answer::MultipleResponse { choices } => choices,
        _ => panic!("{id} has no choices"),
    }
}

fn settings(c: &mut Course) -> &mut AssessmentSettings {
    lesson(c, "l-quiz").assessment.as_mut().unwrap()
}

fn set_text(c: &mut Course, id: &str, md: &str) {
    *content(c, id) = BlockContent::Text {
        markdown: md.into(),
    };
}

fn new_lesson(id: &str, blocks: Vec<Block>) -> Lesson {
    Lesson {
        job_aid: false,
        id: LessonId::new(id).unwrap(),
        title: "Extra".into(),
        template: TemplateKind::Free,
        assessment: None,
        blocks,
    }
}

fn text_block(id: &str, md: &str) -> Block {
    Block {
        job_aid: None,
        placeholders: Default::default(),
        id: trellis_model::BlockId::new(id).unwrap(),
        slot: None,
        content: BlockContent::Text {
            markdown: md.into(),
        },
    }
}

/// A rule, the block its finding should name (if any), and a course that
/// triggers it.
struct Case {
    rule: &'static str,
    block: Option<&'static str>,
    course: Course,
}

fn case(rule: &'static str, block: Option<&'static str>, f: impl FnOnce(&mut Course)) -> Case {
    let mut course = demo();
    f(&mut course);
    Case {
        rule,
        block,
        course,
    }
}

fn cases() -> Vec<Case> {
    vec![
        case("missing-title", None, |c| c.info.title = " ".into()),
        case("language-tag", None, |c| c.info.language = "en_US".into()),
        case("player-language", None, |c| {
            c.info.language = "sv-SE".into()
        }),
        case("theme-color-format", None, |c| {
            c.info.theme.primary_color = "blue".into()
        }),
        case("text-contrast", None, |c| {
            c.info.theme.text_color = "#999999".into()
        }),
        case("link-contrast", None, |c| {
            c.info.theme.primary_color = "#aaaaaa".into()
        }),
        case("theme-font-letters", None, |c| {
            c.info.theme.body_font = "\"Lora\", Georgia, serif".into();
            c.modules[0].title = "Αποθήκη".into();
        }),
        case("job-aid-long", None, |c| {
            let long = (1..=120)
                .map(|n| format!("Step {n} of the long procedure, written out in full."))
                .collect::<Vec<_>>()
                .join("\n\n");
            let mut b = text_block("b-long-aid", &long);
            b.job_aid = Some(true);
            c.modules[0].lessons.push(new_lesson("l-aid", vec![b]));
        }),
        case("job-aid-letters", None, |c| {
            let mut b = text_block("b-greek-aid", "Ανοίξτε την πόρτα της αποθήκης.");
            b.job_aid = Some(true);
            c.modules[0].lessons.push(new_lesson("l-aid", vec![b]));
        }),
        case("completion-needs-assessment", None, |c| {
            c.info.completion = CompletionRule::Both;
            c.modules[0].lessons.retain(|l| l.id.as_str() != "l-quiz");
        }),
        case("course-pass-mark", None, |c| {
            c.info.scoring.pass_mark = Some(120)
        }),
        case("course-pass-mark", None, |c| {
            c.info.scoring.checks_weight = 101
        }),
        case("course-pass-mark-zero", None, |c| {
            c.info.scoring.pass_mark = Some(0)
        }),
        case("pass-mark-nothing-scored", None, |c| {
            c.info.scoring.pass_mark = Some(80);
            c.modules[0].lessons.retain(|l| l.id.as_str() != "l-quiz");
        }),
        case("empty-course", None, |c| c.modules.clear()),
        case("placeholder-text", Some("q-0"), |c| {
            let b = block(c, "q-0");
            b.placeholders = b.filled_text_paths();
        }),
        case("too-long-for-package", None, |c| {
            c.info.title = "Long title ".repeat(20)
        }),
        case("objective-empty", None, |c| {
            c.objectives[0].statement = String::new()
        }),
        case("objective-not-measurable", None, |c| {
            c.objectives[0].statement = "Learners will understand phishing.".into()
        }),
        case("objective-without-practice", None, |c| {
            c.objectives.push(Objective {
                placeholder: false,
                id: ObjectiveId::new("obj-extra").unwrap(),
                statement: "Explain why attackers use urgency.".into(),
                bloom: None,
            })
        }),
        case("objective-not-assessed", None, |_| {}),
        case("duplicate-id", Some("content-1"), |c| {
            // The second of two blocks with one id is reported.
            let first = lesson(c, "l-content").blocks.remove(0);
            let mut copy = first.clone();
            copy.id = trellis_model::BlockId::new("content-1").unwrap();
            lesson(c, "l-content").blocks.insert(0, copy);
        }),
        case("duplicate-item-id", Some("q-0"), |c| {
            choices(c, "q-0")[1].id = item("c1")
        }),
        case("unknown-objective", Some("q-0"), |c| {
            question(c, "q-0")
                .objectives
                .push(ObjectiveId::new("obj-nope").unwrap())
        }),
        case("missing-asset", Some("content-2"), |c| c.assets.clear()),
        case("asset-wrong-type", Some("content-2"), |c| {
            c.assets[0].media_type = "video/mp4".into()
        }),
        case("unused-asset", None, |c| {
            c.assets.push(image_asset("images/unused.png"))
        }),
        case("unportable-asset-name", None, |c| {
            c.assets.push(image_asset("images/CON.png"))
        }),
        case("asset-name-collision", None, |c| {
            c.assets.push(image_asset("images/caf\u{e9}.png"));
            c.assets.push(image_asset("images/cafe\u{301}.png"));
        }),
        case("empty-module", None, |c| {
            c.modules.push(Module {
                id: ModuleId::new("m-empty").unwrap(),
                title: "Empty".into(),
                lessons: vec![],
            })
        }),
        case("empty-lesson", None, |c| {
            c.modules[0].lessons.push(new_lesson("l-empty", vec![]))
        }),
        case("lesson-too-short", None, |c| {
            c.modules[0]
                .lessons
                .push(new_lesson("l-short", vec![text_block("short", "Hello.")]))
        }),
        case("lesson-too-long", None, |c| {
            let long = "word ".repeat(3100);
            c.modules[0]
                .lessons
                .push(new_lesson("l-long", vec![text_block("long", &long)]))
        }),
        case("template-slot-empty", None, |c| {
            lesson(c, "l-scenario")
                .blocks
                .retain(|b| b.id.as_str() != "deb")
        }),
        case("template-unknown-slot", Some("content-0"), |c| {
            block(c, "content-0").slot = Some("example".into())
        }),
        case("template-slot-wrong-kind", Some("sit"), |c| {
            block(c, "sit").slot = Some("decisions".into())
        }),
        case("assessment-settings-missing", None, |c| {
            lesson(c, "l-quiz").assessment = None
        }),
        case("assessment-settings-unused", None, |c| {
            lesson(c, "l-content").assessment = Some(AssessmentSettings::default())
        }),
        case("assessment-pass-mark", None, |c| {
            settings(c).pass_mark = 150
        }),
        case("assessment-pass-mark-zero", None, |c| {
            settings(c).pass_mark = 0
        }),
        case("assessment-draw", None, |c| settings(c).draw = Some(0)),
        case("assessment-empty", None, |c| {
            lesson(c, "l-quiz").blocks.clear()
        }),
        case("question-zero-points", Some("q-0"), |c| {
            question(c, "q-0").points = 0
        }),
        case("question-hint-in-assessment", Some("q-0"), |c| {
            question(c, "q-0").hint = "Think of the sender.".into()
        }),
        case("question-empty-text", Some("q-0"), |c| {
            question(c, "q-0").prompt = String::new()
        }),
        case("question-without-feedback", Some("q-3"), |c| {
            question(c, "q-3").incorrect_feedback = "  ".into()
        }),
        case("question-no-correct-answer", Some("q-0"), |c| {
            choices(c, "q-0")[0].correct = false
        }),
        case("single-choice-correct-count", Some("q-0"), |c| {
            choices(c, "q-0")[1].correct = true
        }),
        case("multiple-response-all-correct", Some("q-1"), |c| {
            choices(c, "q-1").iter_mut().for_each(|x| x.correct = true)
        }),
        case("question-too-few-options", Some("q-0"), |c| {
            choices(c, "q-0").truncate(1)
        }),
        case("fill-blank-no-answers", Some("q-3"), |c| {
            question(c, "q-3").answer = Answer::FillBlank {
                accepted: vec![" ".into()],
                case_sensitive: false,
            }
        }),
        case("fill-blank-no-blank", Some("q-3"), |_| {}),
        case("numeric-tolerance", Some("q-6"), |c| {
            question(c, "q-6").answer = Answer::Numeric {
                value: 1.0,
                tolerance: -0.5,
            }
        }),
        case("duplicate-choice-text", Some("q-0"), |c| {
            choices(c, "q-0")[2].text = " choice  1".into()
        }),
        case("scenario-broken-link", Some("dec"), |c| {
            scenario(c).start = item("nowhere")
        }),
        case("scenario-unreachable-node", Some("dec"), |c| {
            let mut lost = node(c, "good").clone();
            lost.id = item("lost");
            scenario(c).nodes.push(lost);
        }),
        case("scenario-dead-end", Some("dec"), |c| {
            node(c, "bad").ending = None
        }),
        case("scenario-no-exit", Some("dec"), |c| {
            node(c, "n1").choices[1].next = item("loop");
            scenario(c).nodes.push(ScenarioNode {
                id: item("loop"),
                narrative: "You hesitate.".into(),
                choices: vec![ScenarioChoice {
                    id: item("again"),
                    text: "Hesitate again".into(),
                    consequence: "Nothing changes.".into(),
                    next: item("loop"),
                }],
                ending: None,
            });
        }),
        case("scenario-no-ending", Some("dec"), |c| {
            for n in &mut scenario(c).nodes {
                n.ending = None;
            }
        }),
        case("scenario-ending-with-choices", Some("dec"), |c| {
            let choice = node(c, "n1").choices[0].clone();
            node(c, "good").choices.push(ScenarioChoice {
                id: item("c9"),
                ..choice
            });
        }),
        case("scenario-score-range", Some("dec"), |c| {
            node(c, "good").ending = Some(Ending {
                label: "Won".into(),
                score: Some(150),
            })
        }),
        case("scenario-missing-consequence", Some("dec"), |c| {
            node(c, "n1").choices[0].consequence = String::new()
        }),
        case("practice-without-objective", Some("q-0"), |c| {
            question(c, "q-0").objectives.clear()
        }),
        case("empty-content", Some("content-1"), |c| {
            set_text(c, "content-1", "  ")
        }),
        case("heading-level", Some("content-0"), |c| {
            *content(c, "content-0") = BlockContent::Heading {
                text: "Top".into(),
                level: 1,
            }
        }),
        case("heading-skipped-level", Some("content-0"), |c| {
            *content(c, "content-0") = BlockContent::Heading {
                text: "Deep".into(),
                level: 4,
            }
        }),
        case("markdown-heading-level", Some("content-1"), |c| {
            set_text(c, "content-1", "# Big title\n\nText.")
        }),
        case("image-missing-alt", Some("content-2"), |c| {
            if let BlockContent::Image { alt, .. } = content(c, "content-2") {
                alt.clear();
            }
        }),
        case("image-alt-quality", Some("content-2"), |c| {
            if let BlockContent::Image { alt, .. } = content(c, "content-2") {
                *alt = "diagram.png".into();
            }
        }),
        case("image-text-hidden", Some("content-2"), |c| {
            if let BlockContent::Image { markdown, .. } = content(c, "content-2") {
                *markdown = "Text no layout shows.".into();
            }
        }),
        case("markdown-image-missing-alt", Some("content-1"), |c| {
            set_text(c, "content-1", "See ![](images/diagram.png) above.")
        }),
        case("link-text-not-descriptive", Some("content-1"), |_| {}),
        case("marker-position", Some("content-11"), |c| {
            if let BlockContent::LabelledGraphic { markers, .. } = content(c, "content-11") {
                markers[0].x = 150.0;
            }
        }),
        case("media-source", Some("content-3"), |c| {
            if let BlockContent::Video(m) = content(c, "content-3") {
                m.url = None;
            }
        }),
        case("media-insecure-url", Some("content-3"), |c| {
            if let BlockContent::Video(m) = content(c, "content-3") {
                m.url = Some("http://example.org/video.mp4".into());
            }
        }),
        case("media-missing-alternative", Some("content-4"), |c| {
            if let BlockContent::Audio(m) = content(c, "content-4") {
                m.transcript.clear();
            }
        }),
        case("video-missing-captions", Some("content-3"), |_| {}),
    ]
}

/// The quiz lesson as ordinary practice, its first question a scored
/// knowledge check.
fn scored_checks_only(c: &mut Course) {
    let quiz = lesson(c, "l-quiz");
    quiz.template = TemplateKind::Free;
    quiz.assessment = None;
    question(c, "q-0").scored = true;
}

#[test]
fn a_course_pass_mark_over_scored_checks_can_complete_without_an_assessment() {
    let mut c = demo();
    scored_checks_only(&mut c);
    c.info.completion = CompletionRule::Both;
    c.info.scoring.pass_mark = Some(70);
    let report = check(&c);
    for rule in ["completion-needs-assessment", "pass-mark-nothing-scored"] {
        assert_eq!(report.of_rule(rule).count(), 0, "{rule}");
    }
    // Without the course pass mark nothing can be passed.
    c.info.scoring.pass_mark = None;
    assert_eq!(report_of(&c, "completion-needs-assessment"), 1);
}

fn report_of(c: &Course, rule: &str) -> usize {
    check(c).of_rule(rule).count()
}

#[test]
fn every_rule_is_triggered_where_expected() {
    for case in cases() {
        let report = check(&case.course);
        let hits: Vec<_> = report.of_rule(case.rule).collect();
        assert!(
            !hits.is_empty(),
            "rule {} not triggered; got:\n{}",
            case.rule,
            report
                .findings
                .iter()
                .map(|f| f.to_string())
                .collect::<Vec<_>>()
                .join("\n")
        );
        if let Some(block) = case.block {
            assert!(
                hits.iter()
                    .any(|f| f.location.block.as_ref().map(|b| b.as_str()) == Some(block)),
                "rule {} not reported at block {block}: {hits:?}",
                case.rule
            );
        }
        for f in &report.findings {
            let info = f.rule_info().expect("rule in the catalogue");
            assert_eq!(f.severity, info.severity, "{}", f.rule);
            assert!(!f.message.is_empty() && !f.location.path.is_empty());
        }
    }
}

/// Findings are in the author's words: places by titles, kinds and
/// numbers as the editor shows them, no ids and no code marks.
#[test]
fn findings_say_it_in_the_authors_words() {
    for case in cases() {
        for f in check(&case.course).findings {
            let ids = [
                f.location.block.as_ref().map(|b| b.as_str()),
                f.location.item.as_ref().map(|i| i.as_str()),
            ];
            for id in ids.into_iter().flatten() {
                assert!(
                    !f.location.path.split([' ', '›']).any(|w| w == id),
                    "{}: the path names the id {id}: {}",
                    f.rule,
                    f.location.path
                );
            }
            for text in [&f.message, &f.location.path] {
                assert!(!text.contains('`'), "{}: code marks in {text}", f.rule);
            }
        }
    }
}

#[test]
fn catalogue_and_tests_cover_each_other() {
    let catalogue: BTreeSet<&str> = RULES.iter().map(|r| r.id).collect();
    assert_eq!(catalogue.len(), RULES.len(), "rule ids are unique");
    let mut tested: BTreeSet<&str> = cases().iter().map(|c| c.rule).collect();
    // The translation rules take the course's translations too: a French one
    // missing a text and holding one from an older source, and a Swedish one
    // (no player strings).
    let course = demo();
    let mut fr = trellis_translate::pseudo(&course, "fr");
    let ids: Vec<String> = fr.units.keys().take(2).cloned().collect();
    fr.units.remove(&ids[0]);
    fr.units.get_mut(&ids[1]).unwrap().source_hash = "0000000000000000".into();
    let units = trellis_translate::unit_hashes(&course);
    let statuses: Vec<_> = [fr, trellis_translate::pseudo(&course, "sv")]
        .iter()
        .map(|t| trellis_translate::status(&units, t))
        .collect();
    let mut report = trellis_check::Report::default();
    trellis_check::check_translations(&mut report, &course.info.language, &statuses);
    tested.extend(report.findings.iter().map(|f| f.rule));
    assert_eq!(
        catalogue, tested,
        "every rule has a test case and vice versa"
    );
    let emitted: BTreeSet<&str> = cases()
        .iter()
        .flat_map(|c| check(&c.course).findings)
        .map(|f| f.rule)
        .collect();
    assert!(
        emitted.is_subset(&catalogue),
        "{:?}",
        emitted.difference(&catalogue)
    );
    for r in RULES {
        let kebab =
            r.id.split('-')
                .all(|w| !w.is_empty() && w.bytes().all(|b| b.is_ascii_lowercase()));
        assert!(kebab, "{} is not kebab-case", r.id);
        assert!(!r.summary.is_empty());
    }
}

#[test]
fn demo_course_has_no_errors() {
    let report = check(&demo());
    let errors: Vec<String> = report.errors().map(|f| f.to_string()).collect();
    assert!(errors.is_empty(), "{errors:#?}");
    // Without the asset it refers to, only that is an error.
    let bare = check(&demo_course());
    assert!(bare.errors().all(|f| f.rule == "missing-asset"));
    assert_eq!(bare.counts().errors, 2);
}

#[test]
fn report_serialises_to_stable_json() {
    let mut c = demo();
    question(&mut c, "q-0").objectives.clear();
    choices(&mut c, "q-0")[1].id = item("c1");
    let report = check(&c);
    let json = serde_json::to_value(&report).unwrap();
    let counts = &json["counts"];
    assert_eq!(counts["errors"], 1);
    assert_eq!(
        counts["warnings"].as_u64().unwrap() as usize,
        report.warnings().count()
    );
    let dup = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "duplicate-item-id")
        .unwrap();
    assert_eq!(
        dup,
        &serde_json::json!({
            "severity": "error",
            "rule": "duplicate-item-id",
            "location": {
                "module": "m-basics",
                "lesson": "l-quiz",
                "block": "q-0",
                "item": "c1",
                "path": "Module 'Basics' › Lesson 'Quiz' › question 1 › choice 2"
            },
            "message": dup["message"].clone(),
        })
    );
    let catalogue = serde_json::to_value(RULES).unwrap();
    assert_eq!(catalogue[0]["id"], RULES[0].id);
    assert!(catalogue[0]["severity"].is_string());
    assert!(catalogue[0]["category"].is_string());
}

#[test]
fn findings_come_in_course_order() {
    let mut c = demo();
    c.info.title = String::new();
    c.objectives.push(Objective {
        placeholder: false,
        id: ObjectiveId::new("obj-extra").unwrap(),
        statement: "Explain urgency.".into(),
        bloom: None,
    });
    question(&mut c, "q-0").points = 0;
    set_text(&mut c, "content-1", "[here](https://a.org)");
    node(&mut c, "bad").ending = None;
    c.assets.push(image_asset("images/unused.png"));
    let rules: Vec<&str> = check(&c).findings.iter().map(|f| f.rule).collect();
    let pos = |r: &str| rules.iter().position(|x| *x == r).unwrap();
    assert!(pos("missing-title") < pos("objective-without-practice"));
    assert!(pos("objective-without-practice") < pos("link-text-not-descriptive"));
    assert!(pos("link-text-not-descriptive") < pos("scenario-dead-end"));
    assert!(pos("scenario-dead-end") < pos("question-zero-points"));
    assert_eq!(rules.last(), Some(&"unused-asset"));
    // Deterministic.
    assert_eq!(check(&c), check(&c));
}

#[test]
fn lesson_length_comes_before_its_blocks() {
    let long = format!("{} [here](https://a.org)", "word ".repeat(3100));
    let mut c = demo();
    c.modules[0]
        .lessons
        .push(new_lesson("l-long", vec![text_block("long", &long)]));
    let rules: Vec<&str> = check(&c).findings.iter().map(|f| f.rule).collect();
    let pos = |r: &str| rules.iter().rposition(|x| *x == r).unwrap();
    assert!(pos("lesson-too-long") < pos("link-text-not-descriptive"));
}

/// Media from the course's own assets, with captions: the examples' kind.
/// WebM holds sound alone as often as a picture (browsers record audio in
/// it), so an audio block takes a `.webm` file; an MP4 video it does not.
#[test]
fn audio_and_video_from_assets_with_captions() {
    let mut c = demo();
    let asset = |name: &str, media_type: &str| AssetInfo {
        name: name.into(),
        sha256: "0".repeat(64),
        size: 5000,
        media_type: media_type.into(),
        width: None,
        height: None,
    };
    c.assets.extend([
        asset("media/talk.webm", "video/webm"),
        asset("media/call.webm", "video/webm"),
        asset("captions/talk.vtt", "text/vtt"),
        asset("captions/call.vtt", "text/vtt"),
    ]);
    let (mut video, mut audio) = (None, None);
    for b in c
        .modules
        .iter()
        .flat_map(|m| &m.lessons)
        .flat_map(|l| &l.blocks)
    {
        match b.content {
            BlockContent::Video(_) => video = Some(b.id.as_str().to_owned()),
            BlockContent::Audio(_) => audio = Some(b.id.as_str().to_owned()),
            _ => {}
        }
    }
    for (id, file) in [(video.unwrap(), "talk"), (audio.unwrap(), "call")] {
        if let BlockContent::Video(m) | BlockContent::Audio(m) = content(&mut c, &id) {
            m.url = None;
            m.asset = Some(format!("media/{file}.webm"));
            m.captions = Some(format!("captions/{file}.vtt"));
        }
    }
    let report = check(&c);
    let found: Vec<_> = report
        .findings
        .iter()
        .filter(|f| {
            f.rule.starts_with("asset") || f.rule.contains("caption") || f.rule == "missing-asset"
        })
        .map(|f| format!("{}: {}", f.rule, f.message))
        .collect();
    assert_eq!(found, Vec::<String>::new());

    let call = c.assets.len() - 3;
    c.assets[call].media_type = "video/mp4".into();
    assert_eq!(
        check(&c).of_rule("asset-wrong-type").count(),
        1,
        "an MP4 video is no audio file"
    );
}

#[test]
fn decorative_images_need_no_alt() {
    let mut c = demo();
    if let BlockContent::Image {
        alt, decorative, ..
    } = content(&mut c, "content-2")
    {
        alt.clear();
        *decorative = true;
    }
    assert_eq!(check(&c).of_rule("image-missing-alt").count(), 0);
}

#[test]
fn image_beside_text_needs_text_and_is_checked_as_markdown() {
    let mut c = demo();
    let set = |c: &mut Course, l: ImageLayout, text: &str| {
        if let BlockContent::Image {
            layout, markdown, ..
        } = content(c, "content-2")
        {
            *layout = l;
            *markdown = text.into();
        }
    };
    let empty = |c: &Course| {
        check(c)
            .of_rule("empty-content")
            .filter(|f| f.message.contains("beside text"))
            .count()
    };
    let hidden = |c: &Course| check(c).of_rule("image-text-hidden").count();
    let links = |c: &Course| check(c).of_rule("link-text-not-descriptive").count();
    let vague = links(&c);
    assert_eq!((empty(&c), hidden(&c)), (0, 0));
    set(&mut c, ImageLayout::ImageLeft, " ");
    assert_eq!((empty(&c), hidden(&c)), (1, 0));
    set(
        &mut c,
        ImageLayout::ImageRight,
        "See [here](https://example.org).",
    );
    assert_eq!((empty(&c), hidden(&c)), (0, 0));
    assert_eq!(links(&c), vague + 1, "the text beside is checked");
    set(&mut c, ImageLayout::FullWidth, "Kept for later.");
    assert_eq!((empty(&c), hidden(&c)), (0, 1));
}

#[test]
fn lesson_ids_clash_case_insensitively() {
    let mut c = demo();
    c.modules[0].lessons.push(new_lesson(
        "L-Quiz",
        vec![text_block("x", &"word ".repeat(40))],
    ));
    let report = check(&c);
    let dup: Vec<_> = report.of_rule("duplicate-id").collect();
    assert_eq!(dup.len(), 1);
    assert_eq!(dup[0].location.lesson.as_ref().unwrap().as_str(), "L-Quiz");
}

#[test]
fn draw_larger_than_pool_is_an_error() {
    let mut c = demo();
    settings(&mut c).draw = Some(8);
    let report = check(&c);
    let f = report.of_rule("assessment-draw").next().unwrap();
    assert!(f.message.contains("only 7"), "{}", f.message);
    settings(&mut c).draw = Some(7);
    assert_eq!(check(&c).of_rule("assessment-draw").count(), 0);
}

#[test]
fn markdown_images_of_assets_count_as_used() {
    let mut c = demo();
    c.assets.push(image_asset("images/inline.png"));
    set_text(&mut c, "content-1", "![A chart](images/inline.png)");
    assert_eq!(check(&c).of_rule("unused-asset").count(), 0);
}

#[test]
fn options_set_thresholds_and_ignore_rules() {
    let c = demo();
    let options = Options {
        ignore: vec!["video-missing-captions".into()],
        ..Options::default()
    };
    let report = check_with(&c, &options);
    assert_eq!(report.of_rule("video-missing-captions").count(), 0);
    assert!(report.of_rule("fill-blank-no-blank").count() > 0);

    let strict = Options {
        long_lesson_minutes: 0.1,
        ..Options::default()
    };
    assert!(check_with(&c, &strict).of_rule("lesson-too-long").count() > 0);
    let json: Options = serde_json::from_str(r#"{"words_per_minute": 150}"#).unwrap();
    assert_eq!(json.words_per_minute, 150);
    assert_eq!(json.long_lesson_minutes, 15.0);
}

#[test]
fn report_helpers_count_by_severity() {
    let mut c = demo();
    c.info.language = "english".into();
    let report = check(&c);
    let counts = report.counts();
    assert_eq!(counts.errors, 1);
    assert!(report.has_errors());
    assert_eq!(report.worst(), Some(Severity::Error));
    assert_eq!(
        counts.errors + counts.warnings + counts.infos,
        report.findings.len()
    );
    assert!(!check(&demo()).has_errors());
}

#[test]
fn large_generated_course_checks_quickly_and_cleanly() {
    use trellis_model::sample::{Size, generated_course, image_name};
    let mut c = generated_course(Size::LARGE);
    c.assets = (0..Size::LARGE.images)
        .map(|i| image_asset(&image_name(i)))
        .collect();
    let start = std::time::Instant::now();
    let report = check(&c);
    let took = start.elapsed();
    assert!(!report.has_errors(), "{:?}", report.errors().next());
    // Generous: debug builds on a slow machine.
    assert!(took.as_secs() < 20, "took {took:?}");
}

#[test]
fn alt_text_quality_judges_wording() {
    let verdict = |alt_text: &str, caption_text: &str| {
        let mut c = demo();
        if let BlockContent::Image { alt, caption, .. } = content(&mut c, "content-2") {
            *alt = alt_text.into();
            *caption = caption_text.into();
        }
        check(&c).of_rule("image-alt-quality").count() > 0
    };
    assert!(verdict("Image of a phishing e-mail", ""));
    assert!(verdict("A photo showing a desk", ""));
    assert!(verdict("IMG_2041.JPG", ""));
    assert!(verdict("Figure 1", "Figure  1"));
    assert!(verdict(&"long ".repeat(60), ""));
    assert!(!verdict("Imagery used by attackers: a fake bank logo", ""));
    assert!(!verdict(
        "An inbox with one suspicious message highlighted",
        "Figure 1"
    ));
}

/// Placeholders are read from the marks: each marked field is an error at
/// its lesson, block, item and field (or setting, or objective), worded for
/// an author; the same words unmarked are not reported.
#[test]
fn placeholders_are_errors_located_at_their_field() {
    let mut c = demo();
    assert_eq!(check(&c).of_rule("placeholder-text").count(), 0);
    c.info.description = "Pick this blueprint when…".into();
    c.info.placeholders = ["description".to_owned()].into();
    c.objectives[0].placeholder = true;
    let first_choice = choices(&mut c, "q-0")[0].id.clone();
    let b = block(&mut c, "q-0");
    b.placeholders = [
        format!("choices.{first_choice}.feedback"),
        "prompt".to_owned(),
    ]
    .into();
    let report = check(&c);
    let hits: Vec<_> = report.of_rule("placeholder-text").collect();
    assert_eq!(hits.len(), 4, "{hits:#?}");
    assert!(hits.iter().all(|f| f.severity == Severity::Error));
    let setting = &hits[0].location;
    assert_eq!(setting.field.as_deref(), Some("description"));
    assert!(setting.lesson.is_none() && setting.objective.is_none());
    assert!(
        hits[0]
            .message
            .starts_with("The course description still holds"),
        "{}",
        hits[0].message
    );
    assert_eq!(
        hits[1].location.objective.as_ref(),
        Some(&c.objectives[0].id)
    );
    assert!(
        hits[1]
            .message
            .starts_with("Learning objective 1 still holds"),
        "{}",
        hits[1].message
    );
    // In the order the editor shows the fields: the prompt, then the choice.
    let prompt = &hits[2].location;
    assert_eq!(prompt.block.as_ref().map(|b| b.as_str()), Some("q-0"));
    assert!(prompt.lesson.is_some() && prompt.item.is_none());
    assert_eq!(prompt.field.as_deref(), Some("prompt"));
    let feedback = &hits[3].location;
    assert_eq!(feedback.item.as_ref(), Some(&first_choice));
    assert_eq!(feedback.field.as_deref(), Some("feedback"));
    assert!(
        hits[3].message.starts_with(
            "The feedback on answer 1 of this question still holds the blueprint's placeholder text"
        ),
        "{}",
        hits[3].message
    );
    for f in &hits {
        assert!(!f.message.contains("q-0") && !f.message.contains("placeholder-text"));
    }
    let json = serde_json::to_value(&report).unwrap();
    let last = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .rev()
        .find(|f| f["rule"] == "placeholder-text")
        .unwrap();
    assert_eq!(last["location"]["field"], "feedback");
}

#[test]
fn text_columns_need_two_columns_with_text() {
    let mut c = demo();
    let two = vec![
        Panel {
            id: item("k1"),
            title: String::new(),
            markdown: "Left.".into(),
        },
        Panel {
            id: item("k2"),
            title: "Right".into(),
            markdown: "Right.".into(),
        },
    ];
    *content(&mut c, "content-1") = BlockContent::Columns {
        columns: two.clone(),
    };
    let before = report_of(&c, "empty-content");
    // A column without a title is fine; one without text is not.
    let mut one_empty = two.clone();
    one_empty[1].markdown = "  ".into();
    *content(&mut c, "content-1") = BlockContent::Columns { columns: one_empty };
    let report = check(&c);
    let hits: Vec<_> = report.of_rule("empty-content").collect();
    assert_eq!(hits.len(), before + 1);
    assert!(
        hits.iter()
            .any(|f| f.message.contains("This column has no text")
                && f.location.item.as_ref().map(|i| i.as_str()) == Some("k2"))
    );
    // A single column is not columns.
    *content(&mut c, "content-1") = BlockContent::Columns {
        columns: two[..1].to_vec(),
    };
    let report = check(&c);
    assert!(
        report
            .of_rule("empty-content")
            .any(|f| f.message.contains("fewer than two columns"))
    );
}

/// A bundled theme font without the course's letters: the author is told
/// which letters, and what the course is shown in instead, in plain words.
#[test]
fn a_bundled_font_without_the_course_letters_is_named_with_the_letters() {
    let mut c = demo();
    c.info.theme.body_font = "\"Lora\", Georgia, serif".into();
    c.info.theme.heading_font = "Lora".into();
    let quiet = check(&c);
    assert!(
        !quiet
            .findings
            .iter()
            .any(|f| f.rule == "theme-font-letters"),
        "English text: no finding"
    );
    c.modules[0].title = "Bezpieczeństwo w magazynie: łódź".into();
    let report = check(&c);
    let found: Vec<_> = report
        .findings
        .iter()
        .filter(|f| f.rule == "theme-font-letters")
        .collect();
    assert_eq!(found.len(), 1, "one finding for a family used twice");
    let message = &found[0].message;
    assert!(
        message.contains("The theme's font for text and headings, Lora,"),
        "{message}"
    );
    assert!(message.contains("(“ń” “ł” “ź”)"), "{message}");
    assert!(
        message.contains("in Georgia (or the device's serif font) instead"),
        "{message}"
    );
    c.info.theme.body_font = "\"Source Sans 3\", system-ui, sans-serif".into();
    c.info.theme.heading_font = "Georgia, serif".into();
    let message = check(&c)
        .findings
        .into_iter()
        .find(|f| f.rule == "theme-font-letters")
        .unwrap()
        .message;
    assert!(
        message.contains("The theme's font for text, Source Sans 3,"),
        "{message}"
    );
    assert!(
        message.contains("in the device's own interface font instead"),
        "{message}"
    );
}

/// The job aid's warnings: its page count and the letters that would print
/// as `?`, only when the aid has them.
#[test]
fn job_aid_length_and_letters() {
    let mut c = demo();
    let found = |c: &Course, rule: &str| -> Vec<String> {
        check(c).of_rule(rule).map(|f| f.message.clone()).collect()
    };
    assert!(
        found(&c, "job-aid-long").is_empty(),
        "no job aid, no warning"
    );
    let mut b = text_block("b-aid", "Check the forks before lifting.");
    b.job_aid = Some(true);
    c.modules[0].lessons.push(new_lesson("l-aid", vec![b]));
    assert!(found(&c, "job-aid-long").is_empty(), "a short aid");
    assert!(
        found(&c, "job-aid-letters").is_empty(),
        "English letters print"
    );
    set_text(
        &mut c,
        "b-aid",
        "Sprawdź widły: zażółć gęślą jaźń. Őrizze meg, ş ğ ț.",
    );
    assert!(
        found(&c, "job-aid-letters").is_empty(),
        "Latin Extended letters print (the font's second file)"
    );

    let long = (1..=150)
        .map(|n| format!("Step {n} of the long procedure, written out in full."))
        .collect::<Vec<_>>()
        .join("\n\n");
    set_text(&mut c, "b-aid", &long);
    let long = found(&c, "job-aid-long");
    assert_eq!(long.len(), 1, "{long:?}");
    let pages: usize = long[0]
        .split_whitespace()
        .nth(5)
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("a page count in {}", long[0]));
    assert!(pages > 2, "{}", long[0]);
    // The page count is the PDF's own.
    let aid = trellis_jobaid::build(&c);
    let pdf = trellis_jobaid::pdf::write(
        &aid,
        trellis_jobaid::Paper::A4,
        &trellis_jobaid::Labels::for_language("en"),
        &|_| None,
    )
    .unwrap();
    assert_eq!(pdf.pages, pages, "{}", long[0]);
    // Taking the block out of the aid takes the warning away.
    block(&mut c, "b-aid").job_aid = Some(false);
    assert!(found(&c, "job-aid-long").is_empty());

    block(&mut c, "b-aid").job_aid = Some(true);
    set_text(&mut c, "b-aid", "Дверь 倉");
    let letters = found(&c, "job-aid-letters");
    assert_eq!(letters.len(), 1, "{letters:?}");
    assert!(
        letters[0].contains("(“Д” “в” “е” “р” “ь” “倉”)"),
        "{}",
        letters[0]
    );
    assert!(letters[0].contains("question mark"), "{}", letters[0]);
    set_text(&mut c, "b-aid", "Закройте дверь склада. 倉庫");
    let letters = found(&c, "job-aid-letters");
    assert!(letters[0].contains(" and more)"), "{}", letters[0]);
}
