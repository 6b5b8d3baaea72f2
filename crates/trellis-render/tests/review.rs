//! The review build: every lesson, block and commentable part is marked for
//! the review layer with the ids and fingerprints a `.trellis-review` file
//! needs, and no other build carries any of it.

use trellis_model::{Answer, BlockContent, Course};
use trellis_render::fixtures::demo_with_practice;
use trellis_render::{RenderOptions, Site, Target, inline_css, player, render};

fn site(course: &Course, target: Target) -> Site {
    render(course, &RenderOptions::new(target)).expect("renders")
}

fn text(site: &Site, file: &str) -> String {
    String::from_utf8(site.files[file].clone()).expect("utf-8")
}

fn data(html: &str) -> serde_json::Value {
    let start = html.find("id=\"trellis-data\">").unwrap() + "id=\"trellis-data\">".len();
    let end = html[start..].find("</script>").unwrap() + start;
    serde_json::from_str(&html[start..end]).unwrap()
}

#[test]
fn review_build_marks_lessons_blocks_and_parts() {
    let course = demo_with_practice();
    let site = site(&course, Target::Review);
    let html = text(&site, "index.html");
    let js = text(&site, "trellis.js");
    assert!(js.contains("/* trellis:module review */"));
    assert!(js.trim_end().ends_with("})();"), "one closed bundle");
    assert!(
        inline_css(&site).contains(".rv-cmt"),
        "review.css is inlined"
    );

    for lesson in course.lessons() {
        assert_eq!(
            html.matches(&format!("data-rv-lesson=\"{}\"", lesson.id))
                .count(),
            1,
            "lesson {}",
            lesson.id
        );
    }
    // Every block names itself and its fingerprint, once.
    for (_, block) in course.blocks() {
        let mark = format!(
            "id=\"block-{}\" data-rv-block=\"{}\" data-rv-version=\"{}\"",
            block.id,
            block.id,
            block.fingerprint()
        );
        assert_eq!(html.matches(&mark).count(), 1, "block {}", block.id);
    }
    // Parts carry the model's item ids and the part names of the format.
    let mut choices = 0;
    let mut nodes = 0;
    for (_, block) in course.blocks() {
        match &block.content {
            BlockContent::Question(q) => {
                if let Answer::SingleChoice { choices: list }
                | Answer::MultipleResponse { choices: list } = &q.answer
                {
                    for c in list {
                        choices += 1;
                        assert!(
                            html.contains(&format!(
                                "data-rv-part=\"choice\" data-rv-item=\"{}\"",
                                c.id
                            )),
                            "choice {} of {}",
                            c.id,
                            block.id
                        );
                    }
                }
            }
            BlockContent::Scenario(s) => {
                for n in &s.nodes {
                    nodes += 1;
                    assert!(
                        html.contains(&format!("data-rv-part=\"node\" data-rv-item=\"{}\"", n.id))
                    );
                    for c in &n.choices {
                        for part in ["scenario-choice", "consequence"] {
                            assert!(html.contains(&format!(
                                "data-rv-part=\"{part}\" data-rv-item=\"{}\"",
                                c.id
                            )));
                        }
                    }
                }
            }
            _ => {}
        }
    }
    assert!(
        choices > 0 && nodes > 0,
        "the fixture has choices and nodes"
    );
    for part in [
        "prompt",
        "choice-feedback",
        "correct-feedback",
        "incorrect-feedback",
        "true-feedback",
        "false-feedback",
        "hint",
        "caption",
        "title",
        "transcript",
        "ending",
        "item",
    ] {
        assert!(
            html.contains(&format!("data-rv-part=\"{part}\"")),
            "no `{part}` part"
        );
    }

    // What the review file names: the course and its fingerprint.
    let d = data(&html);
    assert_eq!(d["target"], "review");
    assert_eq!(d["review"]["course"]["id"], course.id.as_str());
    assert_eq!(d["review"]["course"]["title"], course.info.title.as_str());
    assert_eq!(d["review"]["course"]["version"], course.fingerprint());
    assert_eq!(
        d["storagePrefix"], "review:",
        "progress kept apart from the web build"
    );
    // Local progress only: no LMS adapter.
    for adapter in [
        "track-scorm12",
        "track-scorm2004",
        "track-cmi5",
        "track-xapi",
    ] {
        assert!(!js.contains(&format!("/* trellis:module {adapter} */")));
    }
    assert!(js.contains("/* trellis:module track-local */"));
}

#[test]
fn learner_builds_carry_no_review_layer() {
    let course = demo_with_practice();
    for target in Target::ALL {
        if target == Target::Review {
            continue;
        }
        let site = site(&course, target);
        let (js_modules, css) = player::modules_for(&course, target);
        assert!(!js_modules.contains(&"review"), "{target:?}");
        assert!(!css.contains(&"review.css"), "{target:?}");
        for (name, bytes) in &site.files {
            let body = String::from_utf8_lossy(bytes);
            for needle in [
                "data-rv-",
                "trellis:module review",
                "trellis-review",
                ".rv-",
                "rv-cmt",
                "Send comments",
            ] {
                assert!(
                    !body.contains(needle),
                    "{target:?}: {name} contains `{needle}`"
                );
            }
        }
        let d = data(&text(&site, "index.html"));
        assert!(d.get("review").is_none(), "{target:?}");
        assert!(d.get("store").is_none(), "{target:?}");
    }
}

#[test]
fn review_markup_is_otherwise_the_web_build() {
    // Apart from the data-rv-* attributes, a reviewer sees the page a
    // learner sees.
    let course = demo_with_practice();
    let web = text(&site(&course, Target::Web), "index.html");
    let review = text(&site(&course, Target::Review), "index.html");
    let strip = |html: &str| -> String {
        let body_start = html.find("<body").unwrap();
        let data = html.find("<script type=\"application/json\"").unwrap();
        let mut out = String::new();
        let mut rest = &html[body_start..data];
        while let Some(at) = rest.find(" data-rv-") {
            out.push_str(&rest[..at]);
            let after = &rest[at + 1..];
            let q1 = after.find('"').unwrap();
            let q2 = after[q1 + 1..].find('"').unwrap() + q1 + 1;
            rest = &after[q2 + 1..];
        }
        out.push_str(rest);
        out
    };
    assert_eq!(strip(&web), strip(&review));
}
