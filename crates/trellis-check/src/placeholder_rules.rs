//! Placeholders: text a blueprint put in the course for the author to
//! replace. They are marked in the model (`trellis_model::placeholder`), so
//! this rule reads the marks and never guesses from the words.

use trellis_model::placeholder::COURSE_INFO_FIELDS;
use trellis_model::{Objective, TextField};

use crate::cx::{BlockPlace, Cx, course_loc, objective_loc};
use crate::rules::PLACEHOLDER_TEXT;

/// The start of a placeholder, on one line, to recognise it by.
fn excerpt(text: &str) -> String {
    let flat: String = text
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .trim_matches(|c| c == '*' || c == '_')
        .to_owned();
    let mut chars = flat.chars();
    let head: String = chars.by_ref().take(70).collect();
    if chars.next().is_some() {
        format!("{}…", head.trim_end())
    } else {
        head
    }
}

fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(first) => first.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

fn message(what: &str, text: &str) -> String {
    format!(
        "{} still holds the blueprint's placeholder text (\"{}\"). Write your own here: \
         the course cannot be published for learners until every placeholder is replaced.",
        capitalised(what),
        excerpt(text)
    )
}

/// The course settings and objectives still marked as placeholders.
pub(crate) fn check_course_placeholders(cx: &mut Cx<'_>) {
    let course = cx.course;
    let info = &course.info;
    for (path, label) in COURSE_INFO_FIELDS {
        if !info.placeholders.contains(path) {
            continue;
        }
        let text = trellis_model::placeholder::course_info_text(info, path).unwrap_or_default();
        let mut loc = course_loc(Some("Settings"));
        loc.field = Some(path.to_owned());
        cx.emit(PLACEHOLDER_TEXT, loc, message(label, &text));
    }
}

pub(crate) fn check_objective_placeholder(cx: &mut Cx<'_>, index: usize, o: &Objective) {
    if o.placeholder {
        cx.emit(
            PLACEHOLDER_TEXT,
            objective_loc(o),
            message(&format!("learning objective {}", index + 1), &o.statement),
        );
    }
}

/// The name of the kind of item a field path points into, for the path
/// shown to people.
fn item_kind(f: &TextField<'_>) -> &'static str {
    let first = f.path.split('.').next().unwrap_or("");
    match first {
        "choices" | "true_feedback" | "false_feedback" => "choice",
        "panels" => "panel",
        "steps" => "step",
        "columns" => "column",
        "cards" => "card",
        "markers" => "marker",
        "pairs" => "pair",
        "items" => "item",
        "accepted" => "accepted answer",
        "nodes" if f.path.contains(".choices.") => "choice",
        "nodes" => "node",
        _ => "item",
    }
}

/// Each field of a block still marked as a placeholder.
pub(crate) fn check_block_placeholders(cx: &mut Cx<'_>, p: BlockPlace<'_>) {
    for f in p.block.placeholder_fields() {
        let mut loc = p.at(f.item.as_ref().map(|id| (item_kind(&f), id)));
        loc.field = Some(f.field.to_owned());
        let what = format!("{} of this {}", f.label, block_noun(p));
        cx.emit(PLACEHOLDER_TEXT, loc, message(&what, f.value));
    }
}

fn block_noun(p: BlockPlace<'_>) -> &'static str {
    kind_noun(&p.block.content)
}

/// How the check's messages name a block of this kind ("labelled graphic",
/// "set of flashcards"…).
pub fn kind_noun(content: &trellis_model::BlockContent) -> &'static str {
    use trellis_model::BlockContent as C;
    match content {
        C::Question(_) => "question",
        C::Scenario(_) => "scenario",
        C::Text { .. } => "text block",
        C::Heading { .. } => "heading",
        C::Image { .. } => "image",
        C::Video(_) => "video",
        C::Audio(_) => "audio block",
        C::Callout { .. } => "callout",
        C::Quote { .. } => "quote",
        C::Accordion { .. } => "accordion",
        C::Tabs { .. } => "tabs block",
        C::Flashcards { .. } => "set of flashcards",
        C::Process { .. } => "process",
        C::Columns { .. } => "text columns block",
        C::LabelledGraphic { .. } => "labelled graphic",
        C::Divider => "divider",
    }
}
