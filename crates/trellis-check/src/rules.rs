//! The rule catalogue: every rule the check can report, with its stable id,
//! default severity, area and the WCAG success criterion it relates to.

use serde::Serialize;

use crate::Severity;

/// The area of design a rule belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Category {
    /// Alignment of objectives, practice and assessment; lesson design.
    InstructionalDesign,
    /// Whether every learner can perceive and operate the course (WCAG).
    Accessibility,
    /// Scoring and tracking of questions, scenarios and assessments.
    Assessment,
    /// Ids, references and anything else the course needs to publish.
    Structure,
}

impl Category {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::InstructionalDesign => "instructional-design",
            Self::Accessibility => "accessibility",
            Self::Assessment => "assessment",
            Self::Structure => "structure",
        }
    }
}

/// One rule of the design check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct RuleInfo {
    /// Stable kebab-case id, e.g. `image-missing-alt`.
    pub id: &'static str,
    /// Severity of every finding of this rule.
    pub severity: Severity,
    pub category: Category,
    /// The WCAG 2.2 success criterion the rule checks, e.g. `1.1.1`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub wcag: Option<&'static str>,
    /// One line saying what the rule looks for.
    pub summary: &'static str,
}

/// Looks a rule up by id.
pub fn rule(id: &str) -> Option<&'static RuleInfo> {
    RULES.iter().find(|r| r.id == id)
}

macro_rules! rules {
    ($($name:ident = $id:literal, $sev:ident, $cat:ident, $wcag:expr, $summary:literal;)*) => {
        $(
            pub(crate) const $name: RuleInfo = RuleInfo {
                id: $id,
                severity: Severity::$sev,
                category: Category::$cat,
                wcag: $wcag,
                summary: $summary,
            };
        )*
        /// Every rule, grouped by what it looks at, in the order findings are
        /// usually reported.
        pub const RULES: &[RuleInfo] = &[$($name),*];
    };
}

rules! {
    // Course settings.
    MISSING_TITLE = "missing-title", Error, Structure, Some("2.4.2"),
        "The course, a module or a lesson has no title.";
    LANGUAGE_TAG = "language-tag", Error, Accessibility, Some("3.1.1"),
        "The course language is not a plausible BCP 47 tag such as `en` or `fr-CA`.";
    PLAYER_LANGUAGE = "player-language", Warning, Accessibility, Some("3.1.2"),
        "The player's own buttons and messages are not available in the course language, so they show in English.";
    TRANSLATION_MISSING = "translation-missing", Warning, Accessibility, Some("3.1.2"),
        "A target language lacks translations of some texts, which its learners would read in the source language.";
    TRANSLATION_STALE = "translation-stale", Warning, Structure, None,
        "Some translations were made from a source text that has changed since.";
    TRANSLATION_PLAYER_LANGUAGE = "translation-player-language", Warning, Accessibility, Some("3.1.2"),
        "A target language has no player strings, so its learners get the player's buttons and messages in English.";
    THEME_COLOR_FORMAT = "theme-color-format", Error, Structure, None,
        "A theme colour is not a `#rrggbb` hex colour.";
    TEXT_CONTRAST = "text-contrast", Error, Accessibility, Some("1.4.3"),
        "Text colour on the background colour is below the 4.5:1 contrast of WCAG AA.";
    LINK_CONTRAST = "link-contrast", Error, Accessibility, Some("1.4.3"),
        "The primary colour (links, buttons) on the background is below 4.5:1 contrast.";
    THEME_FONT_LETTERS = "theme-font-letters", Warning, Structure, None,
        "A bundled theme font lacks letters the course's text uses, so the course is shown in the rest of the font list.";
    // The job aid.
    JOB_AID_LONG = "job-aid-long", Warning, InstructionalDesign, None,
        "The job aid runs to more than two pages on A4.";
    JOB_AID_LETTERS = "job-aid-letters", Warning, Structure, None,
        "The job aid's text uses letters its font has no shape for; the PDF prints them as ?.";
    COMPLETION_NEEDS_ASSESSMENT = "completion-needs-assessment", Error, Assessment, None,
        "Completion requires passing an assessment, but the course has no assessment lesson.";
    COURSE_PASS_MARK = "course-pass-mark", Error, Assessment, None,
        "The course pass mark is above 100%, or the knowledge checks' weight is above 100%.";
    COURSE_PASS_MARK_ZERO = "course-pass-mark-zero", Warning, Assessment, None,
        "The course pass mark is 0%, so every learner passes.";
    PASS_MARK_NOTHING_SCORED = "pass-mark-nothing-scored", Warning, Assessment, None,
        "The course has a pass mark, but no knowledge check is scored and there is no assessment.";
    EMPTY_COURSE = "empty-course", Error, Structure, None,
        "The course has no lessons to publish.";
    // Blueprint placeholders (course settings, objectives and blocks).
    PLACEHOLDER_TEXT = "placeholder-text", Error, Structure, None,
        "Text a blueprint put in the course as guidance has not been replaced yet.";
    TOO_LONG_FOR_PACKAGE = "too-long-for-package", Warning, Structure, None,
        "Text is longer than a package standard's manifest allows (the SCORM 1.2 course title: 200 characters).";
    // Objectives.
    OBJECTIVE_EMPTY = "objective-empty", Error, InstructionalDesign, None,
        "A learning objective has no statement.";
    OBJECTIVE_NOT_MEASURABLE = "objective-not-measurable", Info, InstructionalDesign, None,
        "An objective starts with a verb that cannot be observed (understand, know, learn...).";
    OBJECTIVE_WITHOUT_PRACTICE = "objective-without-practice", Warning, InstructionalDesign, None,
        "No question or scenario practises the objective.";
    OBJECTIVE_NOT_ASSESSED = "objective-not-assessed", Warning, InstructionalDesign, None,
        "The course has an assessment, but no assessment question covers the objective.";
    // Ids and references.
    DUPLICATE_ID = "duplicate-id", Error, Structure, None,
        "Two objectives, modules, lessons or blocks share an id (lesson ids also case-insensitively).";
    DUPLICATE_ITEM_ID = "duplicate-item-id", Error, Structure, None,
        "Two items inside one block (choices, pairs, panels, nodes...) share an id.";
    UNKNOWN_OBJECTIVE = "unknown-objective", Error, Structure, None,
        "Practice links to an objective id the course does not define.";
    MISSING_ASSET = "missing-asset", Error, Structure, None,
        "A block or the theme names an asset the course does not carry.";
    ASSET_WRONG_TYPE = "asset-wrong-type", Error, Structure, None,
        "An asset is used where another media type is needed (e.g. a video as an image).";
    UNUSED_ASSET = "unused-asset", Info, Structure, None,
        "An asset is carried but nothing uses it; it only makes the package bigger.";
    UNPORTABLE_ASSET_NAME = "unportable-asset-name", Error, Structure, None,
        "An asset's name is one publishing refuses (a Windows device name such as `CON`, a part starting with a space or ending with a space or a dot, or too long).";
    ASSET_NAME_COLLISION = "asset-name-collision", Error, Structure, None,
        "Two asset names differ only in letter case or in how an accented letter is encoded, so they would overwrite each other once unpacked.";
    // Modules and lessons.
    EMPTY_MODULE = "empty-module", Warning, Structure, None,
        "A module has no lessons.";
    EMPTY_LESSON = "empty-lesson", Warning, InstructionalDesign, None,
        "A lesson has no blocks.";
    LESSON_TOO_SHORT = "lesson-too-short", Info, InstructionalDesign, None,
        "A lesson has very little text and no media or practice.";
    LESSON_TOO_LONG = "lesson-too-long", Warning, InstructionalDesign, None,
        "A lesson takes longer to read than the limit (15 minutes at 200 words a minute).";
    TEMPLATE_SLOT_EMPTY = "template-slot-empty", Warning, InstructionalDesign, None,
        "A required slot of the lesson's template has no block.";
    TEMPLATE_UNKNOWN_SLOT = "template-unknown-slot", Warning, InstructionalDesign, None,
        "A block names a slot its lesson's template does not have.";
    TEMPLATE_SLOT_WRONG_KIND = "template-slot-wrong-kind", Warning, InstructionalDesign, None,
        "A block fills a slot that does not accept its kind of block.";
    // Assessments.
    ASSESSMENT_SETTINGS_MISSING = "assessment-settings-missing", Error, Assessment, None,
        "An assessment lesson has no assessment settings (pass mark, draw, attempts).";
    ASSESSMENT_SETTINGS_UNUSED = "assessment-settings-unused", Warning, Assessment, None,
        "A lesson that is not an assessment carries assessment settings, which are ignored.";
    ASSESSMENT_PASS_MARK = "assessment-pass-mark", Error, Assessment, None,
        "The pass mark is above 100%.";
    ASSESSMENT_PASS_MARK_ZERO = "assessment-pass-mark-zero", Warning, Assessment, None,
        "The pass mark is 0%, so every learner passes.";
    ASSESSMENT_DRAW = "assessment-draw", Error, Assessment, None,
        "The assessment draws 0 questions, or more than its pool holds.";
    ASSESSMENT_EMPTY = "assessment-empty", Error, Assessment, None,
        "An assessment lesson has no questions.";
    QUESTION_ZERO_POINTS = "question-zero-points", Warning, Assessment, None,
        "An assessment question is worth 0 points, so it does not count.";
    QUESTION_HINT_IN_ASSESSMENT = "question-hint-in-assessment", Warning, Assessment, None,
        "An assessment question has a hint, which an assessment never shows.";
    // Questions.
    QUESTION_EMPTY_TEXT = "question-empty-text", Error, Assessment, None,
        "A question's prompt, or the text of one of its options, is empty.";
    QUESTION_WITHOUT_FEEDBACK = "question-without-feedback", Warning, InstructionalDesign, None,
        "A question does not explain both right and wrong answers.";
    QUESTION_NO_CORRECT_ANSWER = "question-no-correct-answer", Error, Assessment, None,
        "A choice question has no choice marked correct.";
    SINGLE_CHOICE_CORRECT_COUNT = "single-choice-correct-count", Error, Assessment, None,
        "A single-choice question has more than one correct choice.";
    MULTIPLE_RESPONSE_ALL_CORRECT = "multiple-response-all-correct", Warning, Assessment, None,
        "Every choice of a multiple-response question is correct, so ticking all wins.";
    QUESTION_TOO_FEW_OPTIONS = "question-too-few-options", Error, Assessment, None,
        "A choice question has fewer than 2 choices, matching fewer than 2 pairs, or ordering fewer than 2 items.";
    FILL_BLANK_NO_ANSWERS = "fill-blank-no-answers", Error, Assessment, None,
        "A fill-in-the-blank question accepts no answer.";
    FILL_BLANK_NO_BLANK = "fill-blank-no-blank", Warning, Assessment, None,
        "A fill-in-the-blank prompt does not mark the blank with `___`.";
    NUMERIC_TOLERANCE = "numeric-tolerance", Error, Assessment, None,
        "A numeric question has a negative or non-finite tolerance, or a non-finite value.";
    DUPLICATE_CHOICE_TEXT = "duplicate-choice-text", Warning, Assessment, None,
        "Two options of one question read the same.";
    // Scenarios.
    SCENARIO_BROKEN_LINK = "scenario-broken-link", Error, Structure, None,
        "A scenario's start, or a choice's next node, names a node that does not exist.";
    SCENARIO_UNREACHABLE_NODE = "scenario-unreachable-node", Warning, InstructionalDesign, None,
        "No path from the start leads to a scenario node.";
    SCENARIO_DEAD_END = "scenario-dead-end", Error, InstructionalDesign, None,
        "A scenario node is not an ending and offers no choices: the learner is stuck.";
    SCENARIO_NO_EXIT = "scenario-no-exit", Error, InstructionalDesign, None,
        "From a reachable scenario node no path leads to an ending: the learner loops forever.";
    SCENARIO_NO_ENDING = "scenario-no-ending", Error, InstructionalDesign, None,
        "A scenario has no ending node.";
    SCENARIO_ENDING_WITH_CHOICES = "scenario-ending-with-choices", Warning, InstructionalDesign, None,
        "An ending node also has choices, which the learner never sees.";
    SCENARIO_SCORE_RANGE = "scenario-score-range", Error, Assessment, None,
        "A scenario ending scores more than 100.";
    SCENARIO_MISSING_CONSEQUENCE = "scenario-missing-consequence", Info, InstructionalDesign, None,
        "A scenario choice shows no consequence; learners learn from seeing what their decision caused.";
    PRACTICE_WITHOUT_OBJECTIVE = "practice-without-objective", Warning, InstructionalDesign, None,
        "A question or scenario is not linked to any learning objective.";
    // Content.
    EMPTY_CONTENT = "empty-content", Warning, InstructionalDesign, None,
        "A content block (or one of its panels, cards or markers) has no text.";
    HEADING_LEVEL = "heading-level", Error, Accessibility, Some("1.3.1"),
        "A heading block's level is outside 2 to 4 (level 1 is the lesson title).";
    HEADING_SKIPPED_LEVEL = "heading-skipped-level", Warning, Accessibility, Some("1.3.1"),
        "A heading jumps more than one level down from the one before (e.g. 2 to 4).";
    MARKDOWN_HEADING_LEVEL = "markdown-heading-level", Warning, Accessibility, Some("1.3.1"),
        "Markdown text uses a level 1 heading (the lesson title's level) or one deeper than 4.";
    IMAGE_MISSING_ALT = "image-missing-alt", Error, Accessibility, Some("1.1.1"),
        "An image or labelled graphic has no alt text and is not marked decorative.";
    IMAGE_TEXT_HIDDEN = "image-text-hidden", Warning, InstructionalDesign, None,
        "An image block holds text its layout does not show (only image left and right do).";
    IMAGE_ALT_QUALITY = "image-alt-quality", Warning, Accessibility, Some("1.1.1"),
        "Alt text is a file name, starts with \"image of\", or is too long to listen to.";
    MARKDOWN_IMAGE_MISSING_ALT = "markdown-image-missing-alt", Warning, Accessibility, Some("1.1.1"),
        "An image inside Markdown text has no alt text.";
    LINK_TEXT_NOT_DESCRIPTIVE = "link-text-not-descriptive", Warning, Accessibility, Some("2.4.4"),
        "A link's text (\"click here\", \"more\", a bare URL...) does not say where it goes.";
    MARKER_POSITION = "marker-position", Error, Structure, None,
        "A labelled-graphic marker lies outside the image (x or y not within 0 to 100).";
    // Media.
    MEDIA_SOURCE = "media-source", Error, Structure, None,
        "A video or audio block has both an asset and a URL, or neither.";
    MEDIA_INSECURE_URL = "media-insecure-url", Warning, Structure, None,
        "A media URL is not https://, so browsers may block it inside an https LMS.";
    MEDIA_MISSING_ALTERNATIVE = "media-missing-alternative", Error, Accessibility, Some("1.2.1"),
        "Audio without a transcript, or video with neither captions nor a transcript.";
    VIDEO_MISSING_CAPTIONS = "video-missing-captions", Warning, Accessibility, Some("1.2.2"),
        "A video has a transcript but no captions.";
}
