//! Rules about one block and the items inside it: content, media, images,
//! questions, scenarios and the Markdown they hold.

use std::collections::{BTreeSet, HashMap, VecDeque};

use trellis_model::{Answer, BlockContent, Choice, ItemId, Media, Panel, Question, Scenario};

use crate::cx::{BlockPlace, Cx, Owner, Want};
use crate::markdown::{self, count_words};
use crate::rules::*;

/// What the rules about a whole lesson need from its blocks.
#[derive(Debug, Default)]
pub(crate) struct LessonStats {
    /// Words a learner reads.
    pub words: usize,
    pub has_media: bool,
    pub has_practice: bool,
    /// Level of the last heading of the lesson's outline so far.
    prev_heading: Option<u8>,
}

type Item<'i> = Option<(&'static str, &'i ItemId)>;

pub(crate) fn check_block<'a>(
    cx: &mut Cx<'a>,
    p: BlockPlace<'a>,
    in_assessment: bool,
    stats: &mut LessonStats,
) {
    let block = p.block;
    cx.register_id(block.id.as_str(), Owner::Block(p.lesson, p.index), || {
        p.loc()
    });
    let mark = cx.mark();
    check_slot(cx, p);
    crate::placeholder_rules::check_block_placeholders(cx, p);
    let mut items: Vec<(&'static str, &ItemId)> = Vec::new();
    match &block.content {
        BlockContent::Text { markdown } => {
            if markdown.trim().is_empty() {
                empty(cx, p, None, "This text block is empty.");
            }
            let summary = md(cx, p, None, "text", markdown, stats);
            for level in summary.headings {
                outline(cx, p, stats, level);
            }
        }
        BlockContent::Heading { text, level } => {
            if text.trim().is_empty() {
                empty(cx, p, None, "This heading has no text.");
            }
            stats.words += count_words(text);
            if !(2..=4).contains(level) {
                cx.emit(
                    HEADING_LEVEL,
                    p.loc(),
                    format!(
                        "This heading is level {level}, but lesson headings go from 2 to 4 \
                         (level 1 is the lesson title). Screen-reader users navigate by \
                         these levels: use 2 for a section, 3 and 4 below it."
                    ),
                );
            }
            outline(cx, p, stats, *level);
        }
        BlockContent::Image {
            asset,
            alt,
            caption,
            decorative,
            layout,
            markdown,
        } => {
            stats.has_media = true;
            cx.asset_ref(|| p.loc(), asset, Want::Image, "image");
            stats.words += count_words(caption);
            if !decorative {
                image_alt(cx, p, alt, caption, asset);
            }
            if layout.beside_text() {
                if markdown.trim().is_empty() {
                    empty(
                        cx,
                        p,
                        None,
                        "This image is laid out beside text, but the text is empty.",
                    );
                }
                let summary = md(cx, p, None, "text beside the image", markdown, stats);
                for level in summary.headings {
                    outline(cx, p, stats, level);
                }
            } else if !markdown.trim().is_empty() {
                cx.emit(
                    IMAGE_TEXT_HIDDEN,
                    p.loc(),
                    "This image block has text, but its layout does not show text: learners \
                     will not see it. Choose the layout image left or image right, or delete \
                     the text.",
                );
            }
        }
        BlockContent::Video(media) => {
            stats.has_media = true;
            check_media(cx, p, media, true);
            stats.words += count_words(&media.title);
        }
        BlockContent::Audio(media) => {
            stats.has_media = true;
            check_media(cx, p, media, false);
            stats.words += count_words(&media.title);
        }
        BlockContent::Callout {
            title, markdown, ..
        } => {
            if markdown.trim().is_empty() {
                empty(cx, p, None, "This callout has no text.");
            }
            stats.words += count_words(title);
            md(cx, p, None, "callout", markdown, stats);
        }
        BlockContent::Quote {
            markdown,
            attribution,
        } => {
            if markdown.trim().is_empty() {
                empty(cx, p, None, "This quote has no text.");
            }
            stats.words += count_words(attribution);
            md(cx, p, None, "quote", markdown, stats);
        }
        BlockContent::Accordion { panels } => {
            panel_list(cx, p, panels, "panel", "accordion", stats, &mut items)
        }
        BlockContent::Tabs { panels } => {
            panel_list(cx, p, panels, "tab", "tabs block", stats, &mut items)
        }
        BlockContent::Process { steps } => {
            panel_list(cx, p, steps, "step", "process", stats, &mut items)
        }
        BlockContent::Columns { columns } => {
            if columns.len() < 2 {
                empty(
                    cx,
                    p,
                    None,
                    "This text columns block has fewer than two columns; a text block would do.",
                );
            }
            for column in columns {
                let item = Some(("column", &column.id));
                items.push(("column", &column.id));
                if column.markdown.trim().is_empty() {
                    empty(cx, p, item, "This column has no text.");
                }
                stats.words += count_words(&column.title);
                md(cx, p, item, "column", &column.markdown, stats);
            }
        }
        BlockContent::Flashcards { cards } => {
            if cards.is_empty() {
                empty(cx, p, None, "This flashcards block has no cards.");
            }
            for card in cards {
                let item = Some(("card", &card.id));
                items.push(("card", &card.id));
                if card.front.trim().is_empty() || card.back.trim().is_empty() {
                    empty(cx, p, item, "This flashcard has an empty side.");
                }
                md(cx, p, item, "card's front", &card.front, stats);
                md(cx, p, item, "card's back", &card.back, stats);
            }
        }
        BlockContent::LabelledGraphic {
            asset,
            alt,
            markers,
        } => {
            stats.has_media = true;
            cx.asset_ref(|| p.loc(), asset, Want::Image, "image");
            image_alt(cx, p, alt, "", asset);
            if markers.is_empty() {
                empty(
                    cx,
                    p,
                    None,
                    "This labelled graphic has no markers, so it is only an image.",
                );
            }
            for marker in markers {
                let item = Some(("marker", &marker.id));
                items.push(("marker", &marker.id));
                let inside = |v: f64| (0.0..=100.0).contains(&v);
                if !inside(marker.x) || !inside(marker.y) {
                    cx.emit(
                        MARKER_POSITION,
                        p.at(item),
                        format!(
                            "This marker sits at x = {}, y = {}, outside the image, so learners \
                             cannot reach it. Place it within 0 to 100 on both axes.",
                            marker.x, marker.y
                        ),
                    );
                }
                if marker.label.trim().is_empty() || marker.markdown.trim().is_empty() {
                    empty(cx, p, item, "This marker has no label or no text.");
                }
                stats.words += count_words(&marker.label);
                md(cx, p, item, "marker", &marker.markdown, stats);
            }
        }
        BlockContent::Divider => {}
        BlockContent::Question(q) => {
            stats.has_practice = true;
            check_objectives(cx, p, block.objectives(), "question");
            check_question(cx, p, q, in_assessment, stats, &mut items);
        }
        BlockContent::Scenario(s) => {
            stats.has_practice = true;
            check_objectives(cx, p, block.objectives(), "scenario");
            check_scenario(cx, p, s, stats, &mut items);
        }
    }
    duplicate_items(cx, p, &items);
    p.number_items(cx, mark, &items);
}

fn empty(cx: &mut Cx<'_>, p: BlockPlace<'_>, item: Item<'_>, what: &str) {
    cx.emit(
        EMPTY_CONTENT,
        p.at(item),
        format!("{what} Learners would see an empty box: write the text, or remove it."),
    );
}

/// Checks a Markdown field: counts its words and reports inaccessible
/// links, images and headings.
fn md(
    cx: &mut Cx<'_>,
    p: BlockPlace<'_>,
    item: Item<'_>,
    field: &str,
    text: &str,
    stats: &mut LessonStats,
) -> markdown::Summary {
    let summary = markdown::summarise(text);
    stats.words += summary.words;
    for link in &summary.links {
        if let Some(why) = markdown::vague_link_text(link) {
            cx.emit(
                LINK_TEXT_NOT_DESCRIPTIVE,
                p.at(item),
                format!(
                    "A link in the {field} {why}. Screen-reader users often list the links of \
                     a page on their own, so the text must say where the link goes: write \
                     e.g. [the password policy]({}) instead.",
                    link.url
                ),
            );
        }
    }
    for image in &summary.images {
        if cx.has_asset(&image.url) {
            cx.use_asset(&image.url);
        }
        if image.alt.trim().is_empty() {
            cx.emit(
                MARKDOWN_IMAGE_MISSING_ALT,
                p.at(item),
                format!(
                    "The image “{}” in the {field} has no alt text, so screen-reader users do \
                     not know what it shows. Write it between the brackets: ![what the image \
                     shows]({}). Leave it empty only if the image is pure decoration.",
                    image.url, image.url
                ),
            );
        }
    }
    for &level in &summary.headings {
        if level == 1 || level > 4 {
            cx.emit(
                MARKDOWN_HEADING_LEVEL,
                p.at(item),
                format!(
                    "The {field} has a level {level} heading ({}). Level 1 is the lesson \
                     title and levels deeper than 4 are hard to follow: use a subheading (## to \
                     ####, or the Subheading button).",
                    "#".repeat(level.into())
                ),
            );
        }
    }
    summary
}

/// Follows the lesson's heading outline and reports skipped levels.
fn outline(cx: &mut Cx<'_>, p: BlockPlace<'_>, stats: &mut LessonStats, level: u8) {
    let prev = stats.prev_heading.unwrap_or(1);
    if level > prev + 1 {
        cx.emit(
            HEADING_SKIPPED_LEVEL,
            p.loc(),
            format!(
                "This level {level} heading follows a level {prev} {}, skipping a level. \
                 Screen-reader users rely on the levels to understand how sections nest: use \
                 level {} here.",
                if stats.prev_heading.is_some() {
                    "heading"
                } else {
                    "lesson title"
                },
                prev + 1
            ),
        );
    }
    stats.prev_heading = Some(level);
}

fn check_slot(cx: &mut Cx<'_>, p: BlockPlace<'_>) {
    let Some(name) = &p.block.slot else {
        return;
    };
    let template = p.lesson.template.template();
    match template.slot(name) {
        None => {
            let known: Vec<&str> = template.slots.iter().map(|s| s.label).collect();
            let hint = if known.is_empty() {
                format!(
                    "{} lessons have no slots: remove the slot name.",
                    template.name
                )
            } else {
                format!("Choose one of its slots: {}.", known.join(", "))
            };
            cx.emit(
                TEMPLATE_UNKNOWN_SLOT,
                p.loc(),
                format!(
                    "This block names a slot (“{name}”) that the {} template does not \
                     have. {hint}",
                    template.name
                ),
            );
        }
        Some(slot) if !slot.accepts.admits(&p.block.content) => {
            cx.emit(
                TEMPLATE_SLOT_WRONG_KIND,
                p.loc(),
                format!(
                    "This {} block fills the \"{}\" slot, which takes {}. Move the block to \
                     another slot, or use the right kind of block here.",
                    p.block.content.kind(),
                    slot.label,
                    match slot.accepts {
                        trellis_model::template::Accepts::Content =>
                            "content blocks, not questions or scenarios",
                        trellis_model::template::Accepts::Question => "a question",
                        trellis_model::template::Accepts::Scenario => "a scenario",
                    }
                ),
            );
        }
        Some(_) => {}
    }
}

fn panel_list<'b>(
    cx: &mut Cx<'_>,
    p: BlockPlace<'_>,
    panels: &'b [Panel],
    kind: &'static str,
    block_name: &str,
    stats: &mut LessonStats,
    items: &mut Vec<(&'static str, &'b ItemId)>,
) {
    if panels.is_empty() {
        empty(cx, p, None, &format!("This {block_name} has no {kind}s."));
    }
    for panel in panels {
        let item = Some((kind, &panel.id));
        items.push((kind, &panel.id));
        if panel.title.trim().is_empty() {
            empty(
                cx,
                p,
                item,
                &format!("This {kind} has no title, so its button has no name."),
            );
        } else if panel.markdown.trim().is_empty() {
            empty(cx, p, item, &format!("This {kind} has no text."));
        }
        stats.words += count_words(&panel.title);
        md(cx, p, item, kind, &panel.markdown, stats);
    }
}

fn image_alt(cx: &mut Cx<'_>, p: BlockPlace<'_>, alt: &str, caption: &str, asset: &str) {
    let alt = alt.trim();
    if alt.is_empty() {
        cx.emit(
            IMAGE_MISSING_ALT,
            p.loc(),
            format!(
                "The image “{asset}” has no alt text, so screen-reader users do not know what \
                 it shows. Describe what the image tells the learner in a short sentence, or \
                 mark the image as decorative if it only decorates."
            ),
        );
        return;
    }
    let lower = norm(alt);
    let file_like = [".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg"]
        .iter()
        .any(|ext| lower.ends_with(ext))
        || lower == asset.to_lowercase();
    let unarticled = ["a ", "an ", "the "]
        .iter()
        .find_map(|a| lower.strip_prefix(a))
        .unwrap_or(&lower);
    let says_image = ["image", "picture", "photo", "photograph", "graphic"]
        .iter()
        .any(|w| {
            unarticled == *w
                || [" of ", " showing ", " with "]
                    .iter()
                    .any(|rest| unarticled.starts_with(&format!("{w}{rest}")))
        });
    let why = if file_like {
        Some("is a file name, which says nothing about the picture")
    } else if says_image {
        Some("starts by saying it is an image, which screen readers already announce")
    } else if !caption.trim().is_empty() && norm(caption) == lower {
        Some("repeats the caption, so screen readers read the same words twice")
    } else if alt.chars().count() > 250 {
        Some("is very long; listeners cannot skim it")
    } else {
        None
    };
    if let Some(why) = why {
        cx.emit(
            IMAGE_ALT_QUALITY,
            p.loc(),
            format!(
                "The alt text of “{asset}” {why}. Say in a sentence what the image shows that \
                 matters to the learner; put long explanations in the caption or the text."
            ),
        );
    }
}

fn check_media(cx: &mut Cx<'_>, p: BlockPlace<'_>, media: &Media, video: bool) {
    let kind = if video { "video" } else { "audio" };
    match (&media.asset, &media.url) {
        (Some(_), Some(_)) => cx.emit(
            MEDIA_SOURCE,
            p.loc(),
            format!(
                "This {kind} has both a file and a URL, so it is unclear which plays. Keep \
                 one of them."
            ),
        ),
        (None, None) => cx.emit(
            MEDIA_SOURCE,
            p.loc(),
            format!("This {kind} has neither a file nor a URL, so nothing plays. Add one."),
        ),
        _ => {}
    }
    if let Some(asset) = &media.asset {
        let want = if video { Want::Video } else { Want::Audio };
        cx.asset_ref(|| p.loc(), asset, want, kind);
    }
    if let Some(url) = &media.url
        && !url.trim().to_ascii_lowercase().starts_with("https://")
    {
        cx.emit(
            MEDIA_INSECURE_URL,
            p.loc(),
            format!(
                "The {kind} address “{url}” does not start with https://. LMSs serve courses over \
                 https, and browsers block plain http media there: use the https address."
            ),
        );
    }
    if let Some(captions) = &media.captions {
        cx.asset_ref(|| p.loc(), captions, Want::Captions, "captions");
    }
    if let Some(poster) = &media.poster {
        cx.asset_ref(|| p.loc(), poster, Want::Image, "poster");
    }
    let transcript = !media.transcript.trim().is_empty();
    if video {
        match (media.captions.is_some(), transcript) {
            (false, false) => cx.emit(
                MEDIA_MISSING_ALTERNATIVE,
                p.loc(),
                "This video has neither captions nor a transcript, so deaf and hard-of-hearing \
                 learners miss everything that is said. Add a WebVTT captions file, and a \
                 transcript.",
            ),
            (false, true) => cx.emit(
                VIDEO_MISSING_CAPTIONS,
                p.loc(),
                "This video has a transcript but no captions. WCAG asks for captions on \
                 recorded video, so learners can follow speech and picture together: add a \
                 WebVTT captions file.",
            ),
            _ => {}
        }
    } else if !transcript {
        cx.emit(
            MEDIA_MISSING_ALTERNATIVE,
            p.loc(),
            "This audio has no transcript, so deaf and hard-of-hearing learners miss all of \
             it. Add a transcript of what is said.",
        );
    }
}

fn check_objectives(
    cx: &mut Cx<'_>,
    p: BlockPlace<'_>,
    objectives: &[trellis_model::ObjectiveId],
    kind: &str,
) {
    if objectives.is_empty() {
        cx.emit(
            PRACTICE_WITHOUT_OBJECTIVE,
            p.loc(),
            format!(
                "This {kind} is linked to no learning objective, so it is unclear what it \
                 practises and its result is not tracked against any. Link it to the \
                 objective it practises."
            ),
        );
    }
    for id in objectives {
        if !cx.objective_ids.contains(id.as_str()) {
            cx.emit(
                UNKNOWN_OBJECTIVE,
                p.loc(),
                format!(
                    "This {kind} is linked to an objective the course no longer has, so its \
                     result cannot be tracked. Unlink it and link one of the course's \
                     objectives instead."
                ),
            );
        }
    }
}

/// Text as learners compare it: trimmed, lower case, single spaces.
fn norm(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Reports items whose text repeats an earlier item's.
fn duplicate_texts<'i>(
    cx: &mut Cx<'_>,
    p: BlockPlace<'_>,
    kind: &'static str,
    texts: impl Iterator<Item = (&'i ItemId, &'i str)>,
) {
    // The number of the first option with each text, as the editor counts.
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (n, (id, text)) in texts.enumerate() {
        let key = norm(text);
        if key.is_empty() {
            continue;
        }
        if let Some(first) = seen.get(&key) {
            cx.emit(
                DUPLICATE_CHOICE_TEXT,
                p.item(kind, id),
                format!(
                    "This {kind} reads the same as {kind} {first} (\"{}\"), so learners \
                     cannot tell them apart. Reword one of them, or remove it.",
                    text.trim()
                ),
            );
        } else {
            seen.insert(key, n + 1);
        }
    }
}

fn check_question<'q>(
    cx: &mut Cx<'_>,
    p: BlockPlace<'_>,
    q: &'q Question,
    in_assessment: bool,
    stats: &mut LessonStats,
    items: &mut Vec<(&'static str, &'q ItemId)>,
) {
    if q.prompt.trim().is_empty() {
        cx.emit(
            QUESTION_EMPTY_TEXT,
            p.loc(),
            "This question has no prompt, so learners do not know what is asked. Write the \
             question.",
        );
    }
    md(cx, p, None, "prompt", &q.prompt, stats);
    md(cx, p, None, "hint", &q.hint, stats);
    md(cx, p, None, "correct feedback", &q.correct_feedback, stats);
    md(
        cx,
        p,
        None,
        "incorrect feedback",
        &q.incorrect_feedback,
        stats,
    );
    if !q.has_feedback() {
        cx.emit(
            QUESTION_WITHOUT_FEEDBACK,
            p.loc(),
            "This question does not explain the answer to every learner. Feedback is where \
             practice teaches: write feedback for both right and wrong answers (or for every \
             choice) that says why.",
        );
    }
    if in_assessment && !q.hint.trim().is_empty() {
        cx.emit(
            QUESTION_HINT_IN_ASSESSMENT,
            p.loc(),
            "This question has a hint, but an assessment never shows hints, so learners will \
             not see it. Remove the hint, or move the question to a practice lesson where the \
             hint can help.",
        );
    }
    if in_assessment && q.points == 0 {
        cx.emit(
            QUESTION_ZERO_POINTS,
            p.loc(),
            "This assessment question is worth 0 points, so answering it does not change the \
             score. Give it points, or move it out of the assessment.",
        );
    }
    let too_few = |cx: &mut Cx<'_>, what: &str, n: usize| {
        cx.emit(
            QUESTION_TOO_FEW_OPTIONS,
            p.loc(),
            format!(
                "This {} question has {n} {what}; it needs at least 2 for the learner to \
                 have a real choice. Add {what}.",
                q.kind()
            ),
        );
    };
    match &q.answer {
        Answer::SingleChoice { choices } | Answer::MultipleResponse { choices } => {
            let single = matches!(q.answer, Answer::SingleChoice { .. });
            check_choices(cx, p, choices, single, stats, items);
            if choices.len() < 2 {
                too_few(cx, "choices", choices.len());
            }
        }
        Answer::TrueFalse {
            true_feedback,
            false_feedback,
            ..
        } => {
            md(cx, p, None, "feedback for \"true\"", true_feedback, stats);
            md(cx, p, None, "feedback for \"false\"", false_feedback, stats);
        }
        Answer::FillBlank { accepted, .. } => {
            if accepted.iter().all(|a| a.trim().is_empty()) {
                cx.emit(
                    FILL_BLANK_NO_ANSWERS,
                    p.loc(),
                    "This fill-in-the-blank question accepts no answer, so every learner is \
                     marked wrong. List the answers to accept, including common spellings.",
                );
            }
            if !q.prompt.trim().is_empty() && !q.prompt.contains("___") {
                cx.emit(
                    FILL_BLANK_NO_BLANK,
                    p.loc(),
                    "The prompt does not show where the blank is. Mark it with ___ (three \
                     underscores).",
                );
            }
        }
        Answer::Matching { pairs } => {
            for pair in pairs {
                items.push(("pair", &pair.id));
                stats.words += count_words(&pair.left) + count_words(&pair.right);
                if pair.left.trim().is_empty() || pair.right.trim().is_empty() {
                    cx.emit(
                        QUESTION_EMPTY_TEXT,
                        p.item("pair", &pair.id),
                        "One side of this pair is empty. Write both sides.",
                    );
                }
            }
            duplicate_texts(
                cx,
                p,
                "pair",
                pairs.iter().map(|x| (&x.id, x.left.as_str())),
            );
            duplicate_texts(
                cx,
                p,
                "pair",
                pairs.iter().map(|x| (&x.id, x.right.as_str())),
            );
            if pairs.len() < 2 {
                too_few(cx, "pairs", pairs.len());
            }
        }
        Answer::Ordering { items: order } => {
            for it in order {
                items.push(("item", &it.id));
                stats.words += count_words(&it.text);
                if it.text.trim().is_empty() {
                    cx.emit(
                        QUESTION_EMPTY_TEXT,
                        p.item("item", &it.id),
                        "This item to put in order has no text. Write it, or remove it.",
                    );
                }
            }
            duplicate_texts(
                cx,
                p,
                "item",
                order.iter().map(|x| (&x.id, x.text.as_str())),
            );
            if order.len() < 2 {
                too_few(cx, "items", order.len());
            }
        }
        Answer::Numeric { value, tolerance } => {
            if !value.is_finite() || !tolerance.is_finite() || *tolerance < 0.0 {
                cx.emit(
                    NUMERIC_TOLERANCE,
                    p.loc(),
                    format!(
                        "This numeric question expects {value} ± {tolerance}; the value must \
                         be a number and the tolerance 0 or more, or no answer can be \
                         marked right. Fix the value and tolerance."
                    ),
                );
            }
        }
    }
}

fn check_choices<'q>(
    cx: &mut Cx<'_>,
    p: BlockPlace<'_>,
    choices: &'q [Choice],
    single: bool,
    stats: &mut LessonStats,
    items: &mut Vec<(&'static str, &'q ItemId)>,
) {
    for c in choices {
        items.push(("choice", &c.id));
        stats.words += count_words(&c.text);
        if c.text.trim().is_empty() {
            cx.emit(
                QUESTION_EMPTY_TEXT,
                p.item("choice", &c.id),
                "This choice has no text. Write it, or remove the choice.",
            );
        }
        md(
            cx,
            p,
            Some(("choice", &c.id)),
            "choice feedback",
            &c.feedback,
            stats,
        );
    }
    duplicate_texts(
        cx,
        p,
        "choice",
        choices.iter().map(|c| (&c.id, c.text.as_str())),
    );
    let correct = choices.iter().filter(|c| c.correct).count();
    if correct == 0 && !choices.is_empty() {
        cx.emit(
            QUESTION_NO_CORRECT_ANSWER,
            p.loc(),
            "No choice is marked correct, so every answer is scored wrong. Mark the right \
             choice as correct.",
        );
    } else if single && correct > 1 {
        cx.emit(
            SINGLE_CHOICE_CORRECT_COUNT,
            p.loc(),
            format!(
                "This single-choice question has {correct} correct choices, but learners can \
                 pick only one. Keep one correct choice, or make it a multiple-response \
                 question."
            ),
        );
    } else if !single && choices.len() >= 2 && correct == choices.len() {
        cx.emit(
            MULTIPLE_RESPONSE_ALL_CORRECT,
            p.loc(),
            "Every choice is correct, so ticking everything wins without thinking. Add \
             plausible wrong choices (common mistakes make the best ones).",
        );
    }
}

fn check_scenario<'s>(
    cx: &mut Cx<'_>,
    p: BlockPlace<'_>,
    s: &'s Scenario,
    stats: &mut LessonStats,
    items: &mut Vec<(&'static str, &'s ItemId)>,
) {
    if s.title.trim().is_empty() {
        empty(cx, p, None, "This scenario has no title.");
    }
    stats.words += count_words(&s.title);
    // Index of the first node with each id.
    let mut index: HashMap<&ItemId, usize> = HashMap::new();
    for (i, node) in s.nodes.iter().enumerate() {
        index.entry(&node.id).or_insert(i);
    }
    let has_start = index.contains_key(&s.start);
    if !has_start {
        cx.emit(
            SCENARIO_BROKEN_LINK,
            p.loc(),
            "The scenario starts at a node that does not exist, so it cannot be played. \
             Set the start to one of its nodes.",
        );
    }
    let has_ending = s.nodes.iter().any(|n| n.ending.is_some());
    if !has_ending {
        cx.emit(
            SCENARIO_NO_ENDING,
            p.loc(),
            "This scenario has no ending, so learners can never finish it. Add at least one \
             ending node (with a label and, if scored, a score).",
        );
    }
    // Nodes reachable from the start.
    let mut reachable = vec![false; s.nodes.len()];
    if let Some(&start) = index.get(&s.start) {
        let mut queue = VecDeque::from([start]);
        reachable[start] = true;
        while let Some(i) = queue.pop_front() {
            for c in &s.nodes[i].choices {
                if let Some(&j) = index.get(&c.next)
                    && !reachable[j]
                {
                    reachable[j] = true;
                    queue.push_back(j);
                }
            }
        }
    }
    // Nodes from which some ending can be reached.
    let mut exits: BTreeSet<usize> = s
        .nodes
        .iter()
        .enumerate()
        .filter(|(_, n)| n.ending.is_some())
        .map(|(i, _)| i)
        .collect();
    loop {
        let before = exits.len();
        for (i, n) in s.nodes.iter().enumerate() {
            if !exits.contains(&i)
                && n.choices
                    .iter()
                    .any(|c| index.get(&c.next).is_some_and(|j| exits.contains(j)))
            {
                exits.insert(i);
            }
        }
        if exits.len() == before {
            break;
        }
    }
    for (i, node) in s.nodes.iter().enumerate() {
        let item = Some(("node", &node.id));
        items.push(("node", &node.id));
        if node.narrative.trim().is_empty() {
            empty(cx, p, item, "This scenario node has no narrative.");
        }
        md(cx, p, item, "narrative", &node.narrative, stats);
        if has_start && !reachable[i] && index.get(&node.id) == Some(&i) {
            cx.emit(
                SCENARIO_UNREACHABLE_NODE,
                p.at(item),
                "No choice leads to this node, so no learner ever sees it. Point a choice at \
                 it, or remove it.",
            );
        }
        match &node.ending {
            Some(ending) => {
                stats.words += count_words(&ending.label);
                if !node.choices.is_empty() {
                    cx.emit(
                        SCENARIO_ENDING_WITH_CHOICES,
                        p.at(item),
                        "This node is an ending but also has choices, which learners never \
                         see. Remove the choices, or make it a normal node.",
                    );
                }
                if let Some(score) = ending.score.filter(|&s| s > 100) {
                    cx.emit(
                        SCENARIO_SCORE_RANGE,
                        p.at(item),
                        format!(
                            "This ending scores {score}, but scores go from 0 to 100. Set a \
                             score within that range."
                        ),
                    );
                }
            }
            None if node.choices.is_empty() => cx.emit(
                SCENARIO_DEAD_END,
                p.at(item),
                "This node is not an ending and offers no choices, so learners who reach it \
                 are stuck. Add choices that lead on, or make it an ending.",
            ),
            None => {
                if has_ending && reachable[i] && !exits.contains(&i) {
                    cx.emit(
                        SCENARIO_NO_EXIT,
                        p.at(item),
                        "No path from this node leads to an ending, so learners who reach it \
                         go round in circles. Add a choice that leads towards an ending.",
                    );
                }
            }
        }
        for c in &node.choices {
            let citem = Some(("choice", &c.id));
            items.push(("choice", &c.id));
            stats.words += count_words(&c.text);
            if c.text.trim().is_empty() {
                empty(cx, p, citem, "This scenario choice has no text.");
            }
            if !index.contains_key(&c.next) {
                cx.emit(
                    SCENARIO_BROKEN_LINK,
                    p.at(citem),
                    "This choice leads to a node that does not exist, so the scenario breaks \
                     when learners pick it. Point it at an existing node.",
                );
            }
            if c.consequence.trim().is_empty() {
                cx.emit(
                    SCENARIO_MISSING_CONSEQUENCE,
                    p.at(citem),
                    "This choice shows no consequence. Learners learn from seeing what their \
                     decision caused: describe what happens next.",
                );
            }
            md(cx, p, citem, "consequence", &c.consequence, stats);
        }
    }
}

/// Reports item ids used twice in one block.
fn duplicate_items(cx: &mut Cx<'_>, p: BlockPlace<'_>, items: &[(&'static str, &ItemId)]) {
    let mut seen: HashMap<&ItemId, &'static str> = HashMap::new();
    for &(kind, id) in items {
        if let Some(first) = seen.get(id) {
            cx.emit(
                DUPLICATE_ITEM_ID,
                p.item(kind, id),
                format!(
                    "This {kind} has the same internal id (“{id}”) as a {first} of the same \
                     block, so answers and branches get mixed up. Delete it and add it again."
                ),
            );
        } else {
            seen.insert(id, kind);
        }
    }
}
