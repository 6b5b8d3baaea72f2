//! The player: a small, dependency-free JavaScript and CSS runtime,
//! concatenated per course and target from the modules in `player/`.
//!
//! Only the modules the course's blocks and the target need are shipped:
//! one tracking adapter (plus the local-storage fallback), question code only
//! with questions, assessment code only with an assessment lesson, and so on.
//! Every JS module starts with a `/* trellis:module NAME */` line.

use trellis_model::{BlockContent, Course};

use crate::Target;
use crate::template::Templates;

/// Every JS module: name and source.
pub const JS_MODULES: &[(&str, &str)] = &[
    ("core", include_str!("../player/core.js")),
    ("state", include_str!("../player/state.js")),
    ("tabs", include_str!("../player/tabs.js")),
    ("cards", include_str!("../player/cards.js")),
    ("graphic", include_str!("../player/graphic.js")),
    ("questions", include_str!("../player/questions.js")),
    ("assessment", include_str!("../player/assessment.js")),
    ("scenario", include_str!("../player/scenario.js")),
    ("languages", include_str!("../player/languages.js")),
    ("track-local", include_str!("../player/track-local.js")),
    ("track-scorm12", include_str!("../player/track-scorm12.js")),
    (
        "track-scorm2004",
        include_str!("../player/track-scorm2004.js"),
    ),
    ("xapi-common", include_str!("../player/xapi-common.js")),
    ("track-cmi5", include_str!("../player/track-cmi5.js")),
    ("track-xapi", include_str!("../player/track-xapi.js")),
    ("boot", include_str!("../player/boot.js")),
    ("preview", include_str!("../player/preview.js")),
    ("review", include_str!("../player/review.js")),
];

/// The modules `course` needs for `target`, in load order.
pub fn modules_for(course: &Course, target: Target) -> (Vec<&'static str>, Vec<&'static str>) {
    let has = |f: fn(&BlockContent) -> bool| course.blocks().any(|(_, b)| f(&b.content));
    let questions = has(|c| matches!(c, BlockContent::Question(_)));
    let assessment = course.lessons().any(|l| l.assessment_settings().is_some());
    let scenario = has(|c| matches!(c, BlockContent::Scenario(_)));
    let mut js = vec!["core", "state"];
    if has(|c| matches!(c, BlockContent::Tabs { .. })) {
        js.push("tabs");
    }
    if has(|c| matches!(c, BlockContent::Flashcards { .. })) {
        js.push("cards");
    }
    if has(|c| matches!(c, BlockContent::LabelledGraphic { .. })) {
        js.push("graphic");
    }
    if questions {
        js.push("questions");
    }
    if assessment {
        js.push("assessment");
    }
    if scenario {
        js.push("scenario");
    }
    if target == Target::Cmi5 {
        // The learner's language preference (T.pickLanguage).
        js.push("languages");
    }
    js.push("track-local");
    match target {
        Target::Scorm12 => js.push("track-scorm12"),
        Target::Scorm2004 => js.push("track-scorm2004"),
        Target::Cmi5 => js.extend(["xapi-common", "track-cmi5"]),
        Target::Xapi => js.extend(["xapi-common", "track-xapi"]),
        Target::Web | Target::Preview | Target::Review => {}
    }
    js.push("boot");
    if target == Target::Preview {
        // The editor's in-place update of changed lessons.
        js.push("preview");
    }
    if target == Target::Review {
        // The reviewer's comments: only ever in review builds.
        js.push("review");
    }
    let mut css = vec!["base.css", "blocks.css"];
    if questions || assessment {
        css.push("questions.css");
    }
    if scenario {
        css.push("scenario.css");
    }
    if target == Target::Review {
        css.push("review.css");
    }
    (js, css)
}

/// `trellis.js` for the course and target.
pub fn script(course: &Course, target: Target) -> String {
    script_of(modules_for(course, target).0)
}

/// `trellis.js` for a package holding the course in several languages:
/// with the language choice (`languages.js`) before the tracking adapters.
pub fn script_in_languages(course: &Course, target: Target) -> String {
    let (mut js, _) = modules_for(course, target);
    if !js.contains(&"languages") {
        let at = js
            .iter()
            .position(|m| *m == "track-local")
            .unwrap_or(js.len());
        js.insert(at, "languages");
    }
    script_of(js)
}

fn script_of(js: Vec<&'static str>) -> String {
    let mut out = String::from("/*! Trellis player */\n(function () {\n\"use strict\";\n");
    for name in js {
        let src = JS_MODULES
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, s)| *s)
            .expect("every module is embedded");
        out.push_str(src);
        if !src.ends_with('\n') {
            out.push('\n');
        }
    }
    out.push_str("})();\n");
    out
}

/// The player's styles for the course and target (inlined in `index.html`),
/// from the templates in force (so a theme folder can replace any of the
/// style sheets).
pub fn style(course: &Course, templates: &Templates, target: Target) -> String {
    let (_, css) = modules_for(course, target);
    let mut out = String::new();
    for name in css {
        out.push_str(templates.file(name));
        if !out.ends_with('\n') {
            out.push('\n');
        }
    }
    out
}
