//! Rendering: every kind, sanitising, themes, determinism, size, modules.

use std::io::Write as _;

use trellis_model::sample::demo_course;
use trellis_model::*;
use trellis_render::fixtures::demo_with_practice;
use trellis_render::{RenderOptions, Target, player, render};

fn page(course: &Course, target: Target) -> String {
    let site = render(course, &RenderOptions::new(target)).expect("renders");
    String::from_utf8(site.files["index.html"].clone()).expect("utf-8")
}

/// The HTML without the embedded JSON data.
fn markup(html: &str) -> String {
    let start = html
        .find("<script type=\"application/json\"")
        .expect("data");
    let end = html[start..].find("</script>").expect("closed") + start;
    format!("{}{}", &html[..start], &html[end..])
}

#[test]
fn every_block_and_question_kind_renders_accessibly() {
    let html = page(&demo_with_practice(), Target::Web);
    assert_eq!(html.matches("<h1").count(), 1, "one h1");
    for needle in [
        "<html lang=\"en\" dir=\"ltr\">",
        "<header class=\"t-header\">",
        "<nav class=\"t-menu\" id=\"t-menu\" aria-label=\"Course menu\">",
        "<main id=\"t-main\"",
        "<nav class=\"t-pager\" aria-label=\"Lesson navigation\"",
        ">Previous</button>",
        ">Next</button>",
        "role=\"status\" aria-live=\"polite\"",
        "<h2 class=\"t-page-title\" id=\"lesson-l-content-h\" tabindex=\"-1\">All content</h2>",
        // heading block level 2 under the lesson's h2
        "<h3 class=\"t-block t-heading\"",
        "alt=\"A diagram\"",
        "<figcaption>Figure 1</figcaption>",
        "<video controls",
        "<audio controls",
        "<details class=\"t-transcript\"><summary>Transcript</summary>",
        "role=\"note\"",
        "<span class=\"t-callout-kind\">Tip</span>",
        "<blockquote>",
        "<details class=\"t-panel\"><summary>Panel 1</summary>",
        "role=\"tablist\"",
        "role=\"tab\"",
        "aria-selected=\"true\"",
        "role=\"tabpanel\"",
        "aria-pressed=\"false\"",
        "<ol class=\"t-block t-process\"",
        "class=\"t-marker\"",
        "aria-expanded=\"false\"",
        "<ol class=\"t-marker-list\"><li",
        "<hr class=\"t-block t-divider\"",
        "data-kind=\"single-choice\"",
        "data-kind=\"multiple-response\"",
        "data-kind=\"true-false\"",
        "data-kind=\"fill-blank\"",
        "data-kind=\"matching\"",
        "data-kind=\"ordering\"",
        "data-kind=\"numeric\"",
        "type=\"radio\"",
        "type=\"checkbox\"",
        "<select id=",
        "data-t=\"up\"",
        "data-t=\"down\"",
        "inputmode=\"decimal\"",
        ">Check answer</button>",
        ">Show hint</button>",
        ">Submit assessment</button>",
        "data-t=\"results\"",
        "class=\"t-block t-scenario\"",
        ">Refuse and report</button>",
        "data-t=\"restart\"",
        "<script src=\"trellis.js\" defer></script>",
        "<style>/* Trellis base",
        "--t-primary:#1f5f8b",
    ] {
        assert!(html.contains(needle), "missing {needle:?}");
    }
    // Every input has a label.
    let body = markup(&html);
    let inputs = body.matches("<input ").count() + body.matches("<select ").count();
    let labels = body.matches("<label for=").count();
    assert_eq!(inputs, labels, "every input and select is labelled");
    // Assessment questions have no per-question Check button.
    let quiz = &html[html.find("id=\"lesson-l-quiz\"").unwrap()..];
    assert!(!quiz.contains("data-t=\"check\""));
}

#[test]
fn an_image_not_chosen_yet_loads_nothing() {
    let mut c = demo_course();
    let blocks = &mut c.modules[0].lessons[0].blocks;
    blocks.push(Block::new(BlockContent::Image {
        asset: String::new(),
        alt: "A chart".into(),
        caption: String::new(),
        decorative: false,
        layout: Default::default(),
        markdown: String::new(),
    }));
    blocks.push(Block::new(BlockContent::LabelledGraphic {
        asset: String::new(),
        alt: String::new(),
        markers: Vec::new(),
    }));
    let html = page(&c, Target::Web);
    assert!(
        !html.contains("src=\"assets/\""),
        "an empty asset is no URL"
    );
    assert!(
        html.contains("<span class=\"t-no-image\" role=\"img\" aria-label=\"A chart\"></span>")
    );
    assert!(html.contains("<span class=\"t-no-image\" aria-hidden=\"true\"></span>"));
}

#[test]
fn media_captions_decorative_images_and_logo() {
    let mut c = demo_course();
    c.info.theme.logo = Some("images/logo.png".into());
    let blocks = &mut c.modules[0].lessons[0].blocks;
    blocks.push(Block::new(BlockContent::Video(Media {
        asset: Some("media/intro video.mp4".into()),
        captions: Some("media/intro.vtt".into()),
        poster: Some("images/poster.png".into()),
        transcript: "Words.".into(),
        ..Media::default()
    })));
    blocks.push(Block::new(BlockContent::Image {
        asset: "images/flourish.png".into(),
        alt: "ignored".into(),
        caption: String::new(),
        decorative: true,
        layout: Default::default(),
        markdown: String::new(),
    }));
    blocks.push(Block::new(BlockContent::Video(Media {
        url: Some("javascript:alert(1)".into()),
        ..Media::default()
    })));
    let html = page(&c, Target::Web);
    assert!(html.contains(
        "<track kind=\"captions\" src=\"assets/media/intro.vtt\" srclang=\"en\" label=\"Captions\" default>"
    ));
    assert!(html.contains("src=\"assets/media/intro%20video.mp4\""));
    assert!(html.contains("poster=\"assets/images/poster.png\""));
    assert!(html.contains("<img src=\"assets/images/flourish.png\" alt=\"\""));
    assert!(html.contains("<img class=\"t-logo\" src=\"assets/images/logo.png\" alt=\"\">"));
    assert!(!html.contains("javascript:"));
}

#[test]
fn image_layouts_keep_alt_and_put_the_text_in_reading_order() {
    let mut c = demo_course();
    let blocks = &mut c.modules[0].lessons[0].blocks;
    blocks.clear();
    for layout in ImageLayout::ALL {
        let mut b = Block::new(BlockContent::Image {
            asset: "images/chart.png".into(),
            alt: format!("A chart, {}", layout.as_str()),
            caption: "Sales by month".into(),
            decorative: false,
            layout,
            markdown: format!("Words **beside**, {}.", layout.as_str()),
        });
        b.id = BlockId::new(format!("im-{}", layout.as_str())).unwrap();
        blocks.push(b);
    }
    let html = markup(&page(&c, Target::Web));
    // One block's markup: from its start tag to the start tag of the next.
    let block = |layout: &str| {
        let at = html
            .find(&format!("id=\"block-im-{layout}\""))
            .expect("block");
        let start = html[..at].rfind('<').unwrap();
        let end = html[at..]
            .find("</main>")
            .map(|e| at + e)
            .into_iter()
            .chain(
                html[at + 1..]
                    .find("id=\"block-im-")
                    .map(|e| html[..at + 1 + e].rfind('<').unwrap()),
            )
            .min()
            .unwrap();
        html[start..end].to_owned()
    };
    let img =
        |layout: &str| format!("<img src=\"assets/images/chart.png\" alt=\"A chart, {layout}\"");
    let caption = "<figcaption>Sales by month</figcaption>";

    // The default is exactly the figure every course had before layouts.
    let centered = block("centered");
    assert!(centered.starts_with("<figure class=\"t-block t-image\" id=\"block-im-centered\">"));
    assert!(centered.contains(&img("centered")) && centered.contains(caption));
    assert!(!centered.contains("beside"), "no text in a centred image");

    let full = block("full-width");
    assert!(full.starts_with(
        "<figure class=\"t-block t-image t-image-full-width\" id=\"block-im-full-width\">"
    ));
    assert!(full.contains(&img("full-width")) && !full.contains("beside"));

    let left = block("image-left");
    assert!(left.starts_with(
        "<div class=\"t-block t-image t-image-beside t-image-left\" id=\"block-im-image-left\"><figure class=\"t-image-figure\">"
    ));
    let (i, t) = (
        left.find(&img("image-left")).unwrap(),
        left.find(
            "<div class=\"t-image-text\"><p>Words <strong>beside</strong>, image-left.</p></div>",
        )
        .unwrap(),
    );
    assert!(i < t, "image, then text: {left}");
    assert!(left.contains(caption));

    let right = block("image-right");
    assert!(right.starts_with(
        "<div class=\"t-block t-image t-image-beside t-image-right\" id=\"block-im-image-right\"><div class=\"t-image-text\">"
    ));
    let (i, t) = (
        right.find(&img("image-right")).unwrap(),
        right
            .find("Words <strong>beside</strong>, image-right.")
            .unwrap(),
    );
    assert!(t < i, "text, then image: {right}");

    // A beside layout with no text yet shows the image alone.
    let b = &mut c.modules[0].lessons[0].blocks[2];
    if let BlockContent::Image { markdown, .. } = &mut b.content {
        markdown.clear();
    }
    let html = markup(&page(&c, Target::Web));
    assert!(
        !html.contains("image-left.</p>") && !html.contains("<div class=\"t-image-text\"></div>")
    );

    // The player's style sheet (inlined in the page) reflows the beside
    // layouts.
    let css = page(&c, Target::Web);
    assert!(css.contains(".t-image-beside{display:flex;flex-wrap:wrap"));
}

/// The start tags of an HTML string (lower-cased), with their attributes:
/// enough of a tokenizer to tell markup from escaped text.
fn tags(html: &str) -> Vec<(String, Vec<(String, String)>)> {
    let mut out = Vec::new();
    let b = html.as_bytes();
    let mut i = 0;
    while let Some(off) = html[i..].find('<') {
        i += off + 1;
        let name: String = html[i..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        if name.is_empty() {
            continue;
        }
        i += name.len();
        let mut attrs = Vec::new();
        loop {
            while i < b.len() && (b[i] as char).is_ascii_whitespace() {
                i += 1;
            }
            if i >= b.len() || b[i] == b'>' || b[i] == b'/' {
                break;
            }
            let start = i;
            while i < b.len() && !matches!(b[i], b'=' | b'>' | b' ' | b'\n' | b'\t' | b'/') {
                i += 1;
            }
            let attr = html[start..i].to_owned();
            let mut value = String::new();
            if i < b.len() && b[i] == b'=' {
                i += 1;
                if b[i] == b'"' || b[i] == b'\'' {
                    let q = b[i] as char;
                    let end = html[i + 1..].find(q).map_or(b.len(), |e| i + 1 + e);
                    value = html[i + 1..end].to_owned();
                    i = end + 1;
                } else {
                    let start = i;
                    while i < b.len() && !matches!(b[i], b'>' | b' ') {
                        i += 1;
                    }
                    value = html[start..i].to_owned();
                }
            }
            attrs.push((attr, value));
        }
        out.push((name, attrs));
    }
    out
}

const EVIL: &str = "<script>alert(1)</script><img src=x onerror=alert(2)>[a](javascript:alert(3))<iframe src=\"https://evil.example\"></iframe><a href=\"javascript:alert(4)\" onclick=\"alert(5)\">x</a><svg onload=alert(6)>";

/// A course with `EVIL` in every text field the author writes.
fn evil_course() -> Course {
    let e = || EVIL.to_owned();
    let mut c = demo_with_practice();
    c.info.title = e();
    c.modules[0].title = e();
    for lesson in &mut c.modules[0].lessons {
        lesson.title = e();
        for block in &mut lesson.blocks {
            match &mut block.content {
                BlockContent::Text { markdown } => *markdown = e(),
                BlockContent::Heading { text, .. } => *text = e(),
                BlockContent::Image { alt, caption, .. } => {
                    *alt = e();
                    *caption = e();
                }
                BlockContent::Video(m) | BlockContent::Audio(m) => {
                    m.title = e();
                    m.transcript = e();
                }
                BlockContent::Callout {
                    title, markdown, ..
                } => {
                    *title = e();
                    *markdown = e();
                }
                BlockContent::Quote {
                    markdown,
                    attribution,
                } => {
                    *markdown = e();
                    *attribution = e();
                }
                BlockContent::Accordion { panels }
                | BlockContent::Tabs { panels }
                | BlockContent::Process { steps: panels }
                | BlockContent::Columns { columns: panels } => {
                    for p in panels {
                        p.title = e();
                        p.markdown = e();
                    }
                }
                BlockContent::Flashcards { cards } => {
                    for c in cards {
                        c.front = e();
                        c.back = e();
                    }
                }
                BlockContent::LabelledGraphic { alt, markers, .. } => {
                    *alt = e();
                    for m in markers {
                        m.label = e();
                        m.markdown = e();
                    }
                }
                BlockContent::Divider => {}
                BlockContent::Question(q) => {
                    q.prompt = e();
                    q.correct_feedback = e();
                    q.incorrect_feedback = e();
                    q.hint = e();
                    match &mut q.answer {
                        Answer::SingleChoice { choices } | Answer::MultipleResponse { choices } => {
                            for c in choices {
                                c.text = e();
                                c.feedback = e();
                            }
                        }
                        Answer::TrueFalse {
                            true_feedback,
                            false_feedback,
                            ..
                        } => {
                            *true_feedback = e();
                            *false_feedback = e();
                        }
                        Answer::FillBlank { accepted, .. } => accepted.push(e()),
                        Answer::Matching { pairs } => {
                            for p in pairs {
                                p.left = e();
                                p.right = e();
                            }
                        }
                        Answer::Ordering { items } => {
                            for i in items {
                                i.text = e();
                            }
                        }
                        Answer::Numeric { .. } => {}
                    }
                }
                BlockContent::Scenario(s) => {
                    s.title = e();
                    for n in &mut s.nodes {
                        n.narrative = e();
                        for c in &mut n.choices {
                            c.text = e();
                            c.consequence = e();
                        }
                        if let Some(end) = &mut n.ending {
                            end.label = e();
                        }
                    }
                }
            }
        }
    }
    c.objectives[0].statement = e();
    c
}

#[test]
fn no_course_text_can_inject_script() {
    let course = evil_course();
    for target in Target::ALL {
        let html = page(&course, target);
        let body = markup(&html).to_ascii_lowercase();
        let tags = tags(&body);
        let scripts = tags.iter().filter(|(name, _)| name == "script").count();
        assert_eq!(scripts, 1, "only trellis.js: {target:?}");
        let styles = tags.iter().filter(|(name, _)| name == "style").count();
        assert_eq!(styles, 1, "only the theme's custom properties: {target:?}");
        for (name, attrs) in &tags {
            for bad in ["iframe", "svg", "object", "embed", "form"] {
                assert_ne!(name, bad, "{target:?}");
            }
            for (attr, value) in attrs {
                assert!(!attr.starts_with("on"), "{attr} on <{name}> in {target:?}");
                assert!(
                    !value.trim_start().starts_with("javascript:"),
                    "{attr}={value} on <{name}> in {target:?}"
                );
            }
        }
        // The JSON data cannot close its script element.
        let start = html.find("id=\"trellis-data\">").unwrap() + "id=\"trellis-data\">".len();
        let end = html[start..].find("</script>").unwrap() + start;
        assert!(!html[start..end].contains('<'), "{target:?}");
        // And it still parses to the same text.
        let data: serde_json::Value = serde_json::from_str(&html[start..end]).unwrap();
        assert_eq!(data["course"]["title"], EVIL);
    }
}

#[test]
fn theme_folder_overrides_templates_file_by_file() {
    let dir = tempfile::tempdir().unwrap();
    let page_html = trellis_render::template::EMBEDDED[0].1.replace(
        "<body class=\"t-nojs\">",
        "<body class=\"t-nojs\"><!-- THEMED -->",
    );
    std::fs::write(dir.path().join("page.html"), page_html).unwrap();
    std::fs::write(dir.path().join("base.css"), "/* THEMED CSS */\n").unwrap();
    std::fs::write(dir.path().join("strings.json"), "{\"next\": \"Onward\"}").unwrap();
    let options = RenderOptions {
        target: Target::Web,
        theme_dir: Some(dir.path().to_owned()),
        languages: Vec::new(),
    };
    let site = render(&demo_course(), &options).unwrap();
    let html = String::from_utf8(site.files["index.html"].clone()).unwrap();
    let css = trellis_render::inline_css(&site).to_owned();
    assert!(html.contains("<!-- THEMED -->"));
    assert!(html.contains(">Onward</button>"));
    assert!(
        html.contains(">Previous</button>"),
        "other strings keep defaults"
    );
    assert!(css.starts_with("/* THEMED CSS */"));
    assert!(
        css.contains(".t-callout"),
        "blocks.css is still the embedded one"
    );

    // A broken theme fails loudly.
    std::fs::write(dir.path().join("page.html"), "{{nope}}").unwrap();
    assert!(render(&demo_course(), &options).is_err());
    std::fs::write(dir.path().join("page.html"), "ok").unwrap();
    std::fs::write(dir.path().join("strings.json"), "not json").unwrap();
    assert!(render(&demo_course(), &options).is_err());
}

#[test]
fn output_is_deterministic() {
    for target in Target::ALL {
        let a = render(&demo_with_practice(), &RenderOptions::new(target)).unwrap();
        let b = render(&demo_with_practice().clone(), &RenderOptions::new(target)).unwrap();
        assert_eq!(a, b, "{target:?}");
    }
}

#[test]
fn player_bundle_stays_small() {
    for target in Target::ALL {
        let site = render(&demo_with_practice(), &RenderOptions::new(target)).unwrap();
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        gz.write_all(&site.files["trellis.js"]).unwrap();
        gz.write_all(trellis_render::inline_css(&site).as_bytes())
            .unwrap();
        let size = gz.finish().unwrap().len();
        assert!(size < 40 * 1024, "{target:?}: {size} bytes gzipped");
    }
}

fn js(course: &Course, target: Target) -> String {
    let site = render(course, &RenderOptions::new(target)).unwrap();
    String::from_utf8(site.files["trellis.js"].clone()).unwrap()
}

fn has_module(js: &str, name: &str) -> bool {
    js.contains(&format!("/* trellis:module {name} */"))
}

#[test]
fn only_needed_modules_are_shipped() {
    let mut text_only = Course::new(CourseId::new("t").unwrap(), "Text only");
    text_only.modules.push(Module {
        id: ModuleId::new("m").unwrap(),
        title: "M".into(),
        lessons: vec![Lesson {
            job_aid: false,
            id: LessonId::new("l").unwrap(),
            title: "L".into(),
            template: TemplateKind::Free,
            assessment: None,
            blocks: vec![Block::new(BlockContent::Text {
                markdown: "Hello".into(),
            })],
        }],
    });
    let web = js(&text_only, Target::Web);
    for absent in [
        "questions",
        "assessment",
        "scenario",
        "tabs",
        "cards",
        "graphic",
        "track-scorm12",
        "track-scorm2004",
        "xapi-common",
        "track-cmi5",
        "track-xapi",
    ] {
        assert!(!has_module(&web, absent), "{absent} shipped without need");
    }
    for present in ["core", "state", "track-local", "boot"] {
        assert!(has_module(&web, present), "{present} missing");
    }
    let site = render(&text_only, &RenderOptions::new(Target::Web)).unwrap();
    let css = trellis_render::inline_css(&site).to_owned();
    assert!(!css.contains(".t-question") && !css.contains(".t-scenario"));

    let demo = demo_course();
    let adapters = [
        (Target::Scorm12, "track-scorm12"),
        (Target::Scorm2004, "track-scorm2004"),
        (Target::Cmi5, "track-cmi5"),
        (Target::Xapi, "track-xapi"),
    ];
    for (target, adapter) in adapters {
        let code = js(&demo, target);
        for (_, other) in adapters {
            assert_eq!(
                has_module(&code, other),
                other == adapter,
                "{target:?} / {other}"
            );
        }
        assert!(has_module(&code, "track-local"), "local fallback");
        for m in [
            "questions",
            "assessment",
            "scenario",
            "tabs",
            "cards",
            "graphic",
        ] {
            assert!(has_module(&code, m), "{m} missing for the demo");
        }
    }
    // Every embedded module is reachable for some course and target.
    let all: Vec<&str> = player::JS_MODULES.iter().map(|(n, _)| *n).collect();
    for name in all {
        let used = Target::ALL
            .iter()
            .any(|t| player::modules_for(&demo, *t).0.contains(&name));
        assert!(used, "{name} is never shipped");
    }
}

#[test]
fn assessment_and_scenario_data_are_embedded() {
    let html = page(&demo_course(), Target::Scorm2004);
    let start = html.find("id=\"trellis-data\">").unwrap() + "id=\"trellis-data\">".len();
    let end = html[start..].find("</script>").unwrap() + start;
    let d: serde_json::Value = serde_json::from_str(&html[start..end]).unwrap();
    assert_eq!(d["target"], "scorm2004");
    assert_eq!(d["assessments"][0]["draw"], 5);
    assert_eq!(d["assessments"][0]["passMark"], 80);
    assert_eq!(d["assessments"][0]["attempts"], 3);
    assert_eq!(d["assessments"][0]["pool"].as_array().unwrap().len(), 7);
    assert_eq!(d["questions"][0]["id"], "q-0");
    assert_eq!(
        d["questions"][0]["iri"],
        "urn:trellis:course:demo:question:q-0"
    );
    assert_eq!(d["questions"][0]["key"], serde_json::json!([0]));
    assert_eq!(
        d["scenarios"][0]["nodes"][0]["next"],
        serde_json::json!([1, 2])
    );
    assert_eq!(d["objectives"][1]["id"], "obj-report");
    assert_eq!(d["completion"], "all-lessons-viewed");
}

/// Issue 19: a learner package's page carries a Content-Security-Policy,
/// so the sanitiser is not the only defence: scripts from the package's
/// files only (no inline script runs), requests to any LRS.
#[test]
fn package_pages_carry_a_content_security_policy() {
    let course = trellis_model::sample::demo_course();
    for target in [
        Target::Scorm12,
        Target::Scorm2004,
        Target::Cmi5,
        Target::Xapi,
        Target::Web,
    ] {
        let html = page(&course, target);
        let head = &html[..html.find("</head>").unwrap()];
        let meta = head
            .split("<meta http-equiv=\"Content-Security-Policy\" content=\"")
            .nth(1)
            .unwrap_or_else(|| panic!("{target:?}: no CSP in {head}"));
        let csp = &meta[..meta.find('"').unwrap()];
        // Inline style only from the page's own style element, by its hash:
        // no 'unsafe-inline', so no style attribute applies.
        let css = html
            .split_once("<style>")
            .and_then(|(_, rest)| rest.split_once("</style>"))
            .unwrap()
            .0;
        let hash = trellis_render::style_hash(css);
        assert_eq!(csp, trellis_render::package_csp(&hash));
        assert!(!csp.contains("unsafe-inline"), "{csp}");
        assert!(
            hash.starts_with("sha256-") && hash.len() == 7 + 44,
            "{hash}"
        );
        assert_eq!(html.matches("<style").count(), 1, "one style element");
        let script = csp
            .split(';')
            .find(|d| d.trim().starts_with("script-src"))
            .unwrap();
        assert_eq!(script.trim(), "script-src 'self'", "{target:?}");
        assert!(csp.contains("object-src 'none'") && csp.contains("connect-src *"));
        // Before the page's first script, and the charset stays first.
        assert!(head.find("charset").unwrap() < head.find("Content-Security-Policy").unwrap());
        assert!(head.find("Content-Security-Policy").unwrap() < head.find("<script").unwrap());
        // No inline script for the policy to block: only the player file
        // and the inert course data.
        for (name, attrs) in tags(&html) {
            assert!(
                !attrs.iter().any(|(k, _)| k == "style"),
                "{target:?}: a style attribute on <{name}> {attrs:?}"
            );
            if name == "script" {
                let src = attrs.iter().any(|(k, _)| k == "src");
                let data = attrs
                    .iter()
                    .any(|(k, v)| k == "type" && v == "application/json");
                assert!(src || data, "{target:?}: an inline script {attrs:?}");
            }
        }
    }
    for target in [Target::Preview, Target::Review] {
        assert!(!page(&course, target).contains("http-equiv=\"Content-Security-Policy\""));
    }
}

#[test]
fn the_player_speaks_the_page_language_and_arabic_reads_right_to_left() {
    let mut course = demo_with_practice();
    course.info.language = "fr-CA".into();
    let fr = page(&course, Target::Web);
    assert!(fr.contains("<html lang=\"fr-CA\" dir=\"ltr\">"));
    for needle in [
        ">Suivant</button>",
        ">Vérifier la réponse</button>",
        "aria-label=\"Menu du cours\"",
    ] {
        assert!(fr.contains(needle), "missing {needle:?}");
    }
    assert!(
        fr.contains("\"check\":\"Vérifier la réponse\""),
        "the player data has the French strings"
    );
    course.info.language = "ar".into();
    let ar = page(&course, Target::Web);
    assert!(ar.contains("<html lang=\"ar\" dir=\"rtl\">"));
    assert!(ar.contains(">التالي</button>"));
    // A language without player strings gets English ones.
    course.info.language = "sv".into();
    let sv = page(&course, Target::Web);
    assert!(sv.contains("<html lang=\"sv\" dir=\"ltr\">") && sv.contains(">Next</button>"));
}

#[test]
fn the_player_styles_use_logical_sides_so_right_to_left_mirrors_them() {
    for (name, css) in trellis_render::template::EMBEDDED
        .iter()
        .filter(|(n, _)| n.ends_with(".css"))
    {
        for physical in ["left", "right"] {
            assert!(
                !css.contains(physical),
                "{name} names the physical side `{physical}`: use the logical property (inline-start, inline-end) so right-to-left pages mirror it"
            );
        }
    }
}
