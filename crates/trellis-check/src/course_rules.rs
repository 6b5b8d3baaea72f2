//! Rules about the course as a whole: settings, theme, objectives, assets.

use std::collections::BTreeSet;

use trellis_model::{BlockContent, TemplateKind, fonts};

use crate::color::{self, AA_TEXT};
use crate::cx::{Cx, Owner, Want, asset_loc, course_loc, objective_loc};
use crate::lang;
use crate::rules::*;

pub(crate) fn check_course(cx: &mut Cx<'_>) {
    let course = cx.course;
    let info = &course.info;
    if info.title.trim().is_empty() {
        cx.emit(
            MISSING_TITLE,
            course_loc(None),
            "The course has no title. The title names the course in the LMS catalogue and is \
             the title of every page: give the course a short, specific title.",
        );
    }
    if let Err(why) = lang::check_tag(&info.language) {
        cx.emit(
            LANGUAGE_TAG,
            course_loc(None),
            format!(
                "The course language “{}” {why}. Screen readers pick their voice and \
                 pronunciation from it and the LMS shows it: use a language code such as \
                 “en”, “en-GB” or “fr-CA”.",
                info.language
            ),
        );
    } else if trellis_model::player_language(&info.language).is_none() {
        cx.emit(
            PLAYER_LANGUAGE,
            course_loc(None),
            player_language_message(&info.language, "The course is written in"),
        );
    }
    crate::placeholder_rules::check_course_placeholders(cx);
    for (limit, len) in trellis_model::over_manifest_limits(course) {
        cx.emit(
            TOO_LONG_FOR_PACKAGE,
            course_loc(None),
            format!(
                "The {} is {len} characters long, but {} packages allow at most {}, so \
                 publishing for {} will be refused. Shorten it to {} characters or fewer.",
                limit.field, limit.standard, limit.max_chars, limit.standard, limit.max_chars
            ),
        );
    }
    check_theme(cx);
    let has_assessment = course
        .lessons()
        .any(|l| l.template == TemplateKind::Assessment);
    let scored_checks = course.scored_checks().count();
    check_scoring(cx, has_assessment, scored_checks);
    let judged_by_checks = info.scoring.pass_mark.is_some() && scored_checks > 0;
    if info.completion.needs_assessment() && !has_assessment && !judged_by_checks {
        cx.emit(
            COMPLETION_NEEDS_ASSESSMENT,
            course_loc(None),
            format!(
                "The course completes when \"{}\", but it has no assessment lesson, so no \
                 learner can ever complete it. Add an assessment lesson, or set completion to \
                 \"all-lessons-viewed\".",
                info.completion.as_str()
            ),
        );
    }
    if course.lessons().next().is_none() {
        cx.emit(
            EMPTY_COURSE,
            course_loc(None),
            "The course has no lessons, so there is nothing to publish. Add a module with at \
             least one lesson.",
        );
    }
    check_objectives(cx, has_assessment);
}

/// The course pass mark and the knowledge checks' weight.
fn check_scoring(cx: &mut Cx<'_>, has_assessment: bool, scored_checks: usize) {
    let scoring = cx.course.info.scoring;
    if scoring.checks_weight > 100 {
        cx.emit(
            COURSE_PASS_MARK,
            course_loc(None),
            format!(
                "Scored knowledge checks carry {}% of the course score, which is more than \
                 all of it. Set a share from 0 to 100; the assessments carry the rest.",
                scoring.checks_weight
            ),
        );
    }
    let Some(mark) = scoring.pass_mark else {
        return;
    };
    if mark > 100 {
        cx.emit(
            COURSE_PASS_MARK,
            course_loc(None),
            format!(
                "The course pass mark is {mark}%, which nobody can reach. Set a pass mark \
                 from 0 to 100 (80 is common)."
            ),
        );
    } else if mark == 0 {
        cx.emit(
            COURSE_PASS_MARK_ZERO,
            course_loc(None),
            "The course pass mark is 0%, so every learner passes whatever they answer. Set \
             the score that shows mastery (80 is common).",
        );
    }
    if scored_checks == 0 && !has_assessment {
        cx.emit(
            PASS_MARK_NOTHING_SCORED,
            course_loc(None),
            format!(
                "The course has a pass mark of {mark}%, but nothing is scored: no knowledge \
                 check counts toward the course score and there is no assessment, so no \
                 learner can pass. Mark the knowledge checks that should count, add an \
                 assessment, or remove the pass mark."
            ),
        );
    }
}

fn check_theme(cx: &mut Cx<'_>) {
    let theme = &cx.course.info.theme;
    let colour = |cx: &mut Cx<'_>, name: &str, value: &str| {
        let parsed = color::parse_hex(value);
        if parsed.is_none() {
            cx.emit(
                THEME_COLOR_FORMAT,
                course_loc(Some("Theme")),
                format!(
                    "The {name} colour “{value}” is not a colour the published course can use. \
                     Pick it with the colour picker, or write # and six hex digits, e.g. \
                     #1f5f8b."
                ),
            );
        }
        parsed
    };
    let primary = colour(cx, "primary", &theme.primary_color);
    let background = colour(cx, "background", &theme.background_color);
    let text = colour(cx, "text", &theme.text_color);
    if let (Some(text), Some(background)) = (text, background) {
        let ratio = color::contrast(text, background);
        if ratio < AA_TEXT {
            cx.emit(
                TEXT_CONTRAST,
                course_loc(Some("Theme")),
                format!(
                    "Text ({}) on the background ({}) has a contrast of only {}; WCAG AA needs \
                     at least 4.5:1 so that people with low vision can read it. Darken the text \
                     colour or lighten the background (or the other way round).",
                    theme.text_color,
                    theme.background_color,
                    color::ratio_text(ratio)
                ),
            );
        }
    }
    if let (Some(primary), Some(background)) = (primary, background) {
        let ratio = color::contrast(primary, background);
        if ratio < AA_TEXT {
            cx.emit(
                LINK_CONTRAST,
                course_loc(Some("Theme")),
                format!(
                    "Links and buttons use the primary colour ({}) on the background ({}), a \
                     contrast of only {}; WCAG AA needs at least 4.5:1. Pick a darker (or, on \
                     a dark background, lighter) primary colour.",
                    theme.primary_color,
                    theme.background_color,
                    color::ratio_text(ratio)
                ),
            );
        }
    }
    if let Some(logo) = &theme.logo {
        cx.asset_ref(|| course_loc(Some("Theme")), logo, Want::Image, "logo");
    }
    check_theme_fonts(cx);
}

/// A bundled font that cannot draw some of the course's letters: the
/// player shows the rest of the font list instead (trellis-render
/// `fonts::used`), and the author is told why the look differs.
fn check_theme_fonts(cx: &mut Cx<'_>) {
    let theme = &cx.course.info.theme;
    let mut seen: Vec<&str> = Vec::new();
    for (role, stack) in [
        ("text", &theme.body_font),
        ("headings", &theme.heading_font),
    ] {
        let Some(family) = fonts::bundled_family(stack) else {
            continue;
        };
        if seen.contains(&family.family) {
            continue;
        }
        seen.push(family.family);
        let missing = fonts::letters_missing(cx.course, family);
        if missing.is_empty() {
            continue;
        }
        let letters = missing
            .iter()
            .map(|c| format!("“{c}”"))
            .collect::<Vec<_>>()
            .join(" ");
        let more = if missing.len() >= fonts::MISSING_LETTERS_SHOWN {
            " and more"
        } else {
            ""
        };
        let both = fonts::bundled_family(&theme.heading_font)
            .is_some_and(|h| h.family == family.family)
            && role == "text";
        let what = if both { "text and headings" } else { role };
        cx.emit(
            THEME_FONT_LETTERS,
            course_loc(Some("Theme")),
            format!(
                "The theme's font for {what}, {}, comes with Trellis but has no letters for \
                 some of this course's text ({letters}{more}). So that words are not drawn in \
                 two fonts, the course shows its {what} in {} instead. To choose the look \
                 yourself, pick one of the fonts of the learner's device in Theme.",
                family.family,
                stack_words(&fonts::rest_of_stack(stack, family))
            ),
        );
    }
}

/// A font stack in an author's words: "Georgia (or the device's serif font)".
fn stack_words(stack: &str) -> String {
    let names: Vec<&str> = stack
        .split(',')
        .map(|p| p.trim().trim_matches(['"', '\'']))
        .filter(|p| !p.is_empty())
        .collect();
    let generic = |g: &str| match g {
        "serif" => Some("serif font"),
        "sans-serif" => Some("sans serif font"),
        "monospace" | "ui-monospace" => Some("monospace font"),
        "system-ui" => Some("own interface font"),
        _ => None,
    };
    let last = names.last().and_then(|g| generic(g));
    match (names.first(), last) {
        (Some(first), Some(g)) if generic(first).is_some() => {
            format!("the device's {}", generic(first).unwrap_or(g))
        }
        (Some(first), Some(g)) => format!("{first} (or the device's {g})"),
        (Some(first), None) => (*first).to_owned(),
        (None, _) => "the device's own font".to_owned(),
    }
}

/// Verbs that name no behaviour anyone could observe.
const VAGUE_VERBS: &[&str] = &[
    "understand",
    "know",
    "learn",
    "appreciate",
    "comprehend",
    "realise",
    "realize",
    "grasp",
    "believe",
    "be aware",
    "become aware",
    "be familiar",
    "become familiar",
    "get to know",
    "gain an understanding",
    "have an understanding",
    "gain knowledge",
    "be exposed",
];

/// Leading words that come before an objective's verb.
const LEADS: &[&str] = &[
    "learners will",
    "the learner will",
    "participants will",
    "students will",
    "you will",
    "be able to",
];

fn vague_verb(statement: &str) -> Option<&'static str> {
    let mut s = statement.trim().to_lowercase();
    loop {
        let before = s.len();
        for lead in LEADS {
            if let Some(rest) = s.strip_prefix(lead) {
                s = rest.trim_start().to_owned();
            }
        }
        if s.len() == before {
            break;
        }
    }
    VAGUE_VERBS.iter().copied().find(|v| {
        s.strip_prefix(v)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with([' ', ',', ':', ';', '.']))
    })
}

fn check_objectives(cx: &mut Cx<'_>, has_assessment: bool) {
    let course = cx.course;
    cx.register_id(course.id.as_str(), Owner::Course, || course_loc(None));
    let mut practised = BTreeSet::new();
    let mut assessed = BTreeSet::new();
    for (lesson, block) in course.blocks() {
        for o in block.objectives() {
            practised.insert(o.as_str());
            if lesson.template == TemplateKind::Assessment
                && matches!(block.content, BlockContent::Question(_))
            {
                assessed.insert(o.as_str());
            }
        }
    }
    for (index, o) in course.objectives.iter().enumerate() {
        cx.register_id(o.id.as_str(), Owner::Objective(o), || objective_loc(o));
        crate::placeholder_rules::check_objective_placeholder(cx, index, o);
        if o.statement.trim().is_empty() {
            cx.emit(
                OBJECTIVE_EMPTY,
                objective_loc(o),
                "This objective has no statement. Say what the learner will be able to do, \
                 starting with an observable verb (identify, explain, choose, report...).",
            );
        } else if let Some(verb) = vague_verb(&o.statement) {
            cx.emit(
                OBJECTIVE_NOT_MEASURABLE,
                objective_loc(o),
                format!(
                    "The objective starts with \"{verb}\", which nobody can observe or \
                     measure. Use a verb that names what the learner will do, such as \
                     identify, explain, choose or report."
                ),
            );
        }
        if !practised.contains(o.id.as_str()) {
            cx.emit(
                OBJECTIVE_WITHOUT_PRACTICE,
                objective_loc(o),
                "No question or scenario practises this objective, so learners never try it \
                 and its status is never tracked. Link at least one question or scenario to \
                 it, or remove the objective.",
            );
        } else if has_assessment && !assessed.contains(o.id.as_str()) {
            cx.emit(
                OBJECTIVE_NOT_ASSESSED,
                objective_loc(o),
                "The course has an assessment, but none of its questions covers this \
                 objective, so passing says nothing about it. Add an assessment question \
                 linked to it.",
            );
        }
    }
}

/// Reports assets nothing uses, and names publishing would refuse; run after
/// every reference has been seen. The names are judged by the functions
/// publishing uses (`trellis_assets::package_path_problem`,
/// `trellis_assets::colliding_paths`), so the two never disagree.
pub(crate) fn check_assets(cx: &mut Cx<'_>) {
    let course = cx.course;
    for asset in &course.assets {
        if let Some(problem) =
            trellis_assets::package_path_problem(&trellis_assets::package_path(&asset.name))
        {
            cx.emit(
                UNPORTABLE_ASSET_NAME,
                asset_loc(&asset.name),
                format!(
                    "The asset “{}” cannot be published under this name: {problem}. Rename \
                     it; letters, digits, hyphens, underscores and spaces inside the name are \
                     safe everywhere.",
                    asset.name
                ),
            );
        }
    }
    let packaged: Vec<String> = course
        .assets
        .iter()
        .map(|a| trellis_assets::package_path(&a.name))
        .collect();
    for (first, second) in trellis_assets::colliding_paths(packaged.iter().map(String::as_str)) {
        let name = |path: &str| path.strip_prefix("assets/").unwrap_or(path).to_owned();
        let (first, second) = (name(&first), name(&second));
        cx.emit(
            ASSET_NAME_COLLISION,
            asset_loc(&second),
            format!(
                "The assets “{first}” and “{second}” differ only in letter case or in how an \
                 accented letter is encoded, so they would overwrite each other once the \
                 package is unpacked, and publishing refuses them. Rename one of them."
            ),
        );
    }
    for asset in &course.assets {
        if !cx.used_assets.contains(&asset.name) {
            cx.emit(
                UNUSED_ASSET,
                asset_loc(&asset.name),
                format!(
                    "Nothing in the course uses “{}”, yet it is packaged with it. Remove it if \
                     it is not needed.",
                    asset.name
                ),
            );
        }
    }
}

/// What the author is told when the player has no strings for `language`:
/// `lead` says where the language comes from ("The course is written in").
pub fn player_language_message(language: &str, lead: &str) -> String {
    format!(
        "{lead} “{language}”, but the course player's own buttons and messages (Next, \
         Check answer, Your result and the labels screen readers announce) are not \
         available in that language, so learners will see them in English. They are \
         available in {}. If the language code is a mistake, correct it in the course \
         settings.",
        trellis_model::PLAYER_LANGUAGES.join(", ")
    )
}
