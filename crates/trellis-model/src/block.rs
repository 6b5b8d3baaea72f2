//! Blocks: the content, practice and scenarios a lesson is made of.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use crate::id::{BlockId, ItemId, ObjectiveId};

/// One block of a lesson.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct Block {
    pub id: BlockId,
    /// The lesson-template slot this block fills, e.g. `explanation`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub slot: Option<String>,
    pub content: BlockContent,
    /// Paths of the text fields that still hold a blueprint's placeholder
    /// text (see [`crate::placeholder`]).
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub placeholders: BTreeSet<String>,
    /// The author's choice for the job aid: `Some(true)` puts the block in
    /// it, `Some(false)` keeps it out, `None` leaves it to the default
    /// ([`Block::in_job_aid_by_default`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub job_aid: Option<bool>,
}

impl Block {
    pub fn new(content: BlockContent) -> Self {
        Self {
            id: BlockId::generate(),
            slot: None,
            content,
            placeholders: BTreeSet::new(),
            job_aid: None,
        }
    }

    /// Whether a block goes in the job aid when the author has not said:
    /// the steps of a procedure lesson and every lesson's summary.
    pub fn in_job_aid_by_default(&self) -> bool {
        matches!(self.slot.as_deref(), Some("steps" | "summary"))
    }

    pub fn question(&self) -> Option<&Question> {
        match &self.content {
            BlockContent::Question(q) => Some(q),
            _ => None,
        }
    }

    pub fn scenario(&self) -> Option<&Scenario> {
        match &self.content {
            BlockContent::Scenario(s) => Some(s),
            _ => None,
        }
    }

    /// Objectives this block practises (questions and scenarios).
    pub fn objectives(&self) -> &[ObjectiveId] {
        match &self.content {
            BlockContent::Question(q) => &q.objectives,
            BlockContent::Scenario(s) => &s.objectives,
            _ => &[],
        }
    }

    pub fn objectives_mut(&mut self) -> Option<&mut Vec<ObjectiveId>> {
        match &mut self.content {
            BlockContent::Question(q) => Some(&mut q.objectives),
            BlockContent::Scenario(s) => Some(&mut s.objectives),
            _ => None,
        }
    }

    /// Names of every asset this block refers to.
    pub fn asset_refs(&self) -> Vec<&str> {
        let mut out = Vec::new();
        match &self.content {
            BlockContent::Image { asset, .. } | BlockContent::LabelledGraphic { asset, .. } => {
                out.push(asset.as_str())
            }
            BlockContent::Video(m) | BlockContent::Audio(m) => {
                out.extend(m.asset.as_deref());
                out.extend(m.captions.as_deref());
                out.extend(m.poster.as_deref());
            }
            _ => {}
        }
        out
    }
}

/// The kinds of block. The `kind` tag names them in files and the API.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum BlockContent {
    /// Markdown text.
    Text {
        markdown: String,
    },
    Heading {
        text: String,
        /// 2 to 4; level 1 is the lesson title.
        level: u8,
    },
    Image {
        asset: String,
        /// Empty only when `decorative` is true.
        alt: String,
        #[serde(default, skip_serializing_if = "String::is_empty")]
        caption: String,
        #[serde(default, skip_serializing_if = "is_false")]
        decorative: bool,
        /// Where the image sits: centred (the default), full width, or
        /// beside the block's text.
        #[serde(default, skip_serializing_if = "ImageLayout::is_default")]
        layout: ImageLayout,
        /// Markdown shown beside the image in the `image-left` and
        /// `image-right` layouts (kept, but not shown, in the others).
        #[serde(default, skip_serializing_if = "String::is_empty")]
        markdown: String,
    },
    Video(Media),
    Audio(Media),
    Callout {
        style: CalloutStyle,
        #[serde(default, skip_serializing_if = "String::is_empty")]
        title: String,
        markdown: String,
    },
    Quote {
        markdown: String,
        #[serde(default, skip_serializing_if = "String::is_empty")]
        attribution: String,
    },
    Accordion {
        panels: Vec<Panel>,
    },
    Tabs {
        panels: Vec<Panel>,
    },
    Flashcards {
        cards: Vec<Flashcard>,
    },
    /// Numbered process steps.
    Process {
        steps: Vec<Panel>,
    },
    /// Text in two to four columns side by side (stacked, in order, on a
    /// narrow screen), each with an optional title.
    Columns {
        columns: Vec<Panel>,
    },
    /// An image with numbered markers that reveal text.
    LabelledGraphic {
        asset: String,
        alt: String,
        markers: Vec<Marker>,
    },
    Divider,
    Question(Question),
    Scenario(Scenario),
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// Every block kind's tag, in the order the palette shows them.
pub const BLOCK_KINDS: [&str; 16] = [
    "text",
    "heading",
    "image",
    "video",
    "audio",
    "callout",
    "quote",
    "accordion",
    "tabs",
    "flashcards",
    "process",
    "columns",
    "labelled-graphic",
    "divider",
    "question",
    "scenario",
];

impl BlockContent {
    /// Whether a block of this kind can go in a job aid: reference content,
    /// not media to play or questions to answer.
    pub fn fits_job_aid(&self) -> bool {
        !matches!(
            self,
            Self::Video(_) | Self::Audio(_) | Self::Divider | Self::Question(_)
        )
    }

    /// The `kind` tag of this block.
    pub fn kind(&self) -> &'static str {
        match self {
            Self::Text { .. } => "text",
            Self::Heading { .. } => "heading",
            Self::Image { .. } => "image",
            Self::Video(_) => "video",
            Self::Audio(_) => "audio",
            Self::Callout { .. } => "callout",
            Self::Quote { .. } => "quote",
            Self::Accordion { .. } => "accordion",
            Self::Tabs { .. } => "tabs",
            Self::Flashcards { .. } => "flashcards",
            Self::Process { .. } => "process",
            Self::Columns { .. } => "columns",
            Self::LabelledGraphic { .. } => "labelled-graphic",
            Self::Divider => "divider",
            Self::Question(_) => "question",
            Self::Scenario(_) => "scenario",
        }
    }

    pub fn is_practice(&self) -> bool {
        matches!(self, Self::Question(_) | Self::Scenario(_))
    }
}

/// Video or audio, from an asset or a URL (exactly one of the two).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, ts_rs::TS)]
#[serde(deny_unknown_fields)]
pub struct Media {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub asset: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub title: String,
    /// Asset name of a WebVTT captions file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub captions: Option<String>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub transcript: String,
    /// Asset name of a poster image (video only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub poster: Option<String>,
}

/// How an image block lays out its image.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "kebab-case")]
pub enum ImageLayout {
    /// Centred at its own size, with the caption below (every course
    /// before layouts existed).
    #[default]
    Centered,
    /// As wide as the lesson column.
    FullWidth,
    /// The image on the left, the block's text on its right.
    ImageLeft,
    /// The text on the left, the image on its right.
    ImageRight,
}

impl ImageLayout {
    /// Every layout, in the order the editor offers them.
    pub const ALL: [ImageLayout; 4] = [
        ImageLayout::Centered,
        ImageLayout::FullWidth,
        ImageLayout::ImageLeft,
        ImageLayout::ImageRight,
    ];

    /// The layout's name in files and the API.
    pub fn as_str(self) -> &'static str {
        match self {
            ImageLayout::Centered => "centered",
            ImageLayout::FullWidth => "full-width",
            ImageLayout::ImageLeft => "image-left",
            ImageLayout::ImageRight => "image-right",
        }
    }

    pub fn is_default(&self) -> bool {
        *self == ImageLayout::default()
    }

    /// Whether the layout shows the block's text beside the image.
    pub fn beside_text(self) -> bool {
        matches!(self, ImageLayout::ImageLeft | ImageLayout::ImageRight)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "kebab-case")]
pub enum CalloutStyle {
    Info,
    Tip,
    Warning,
}

/// A titled piece of Markdown: an accordion panel, a tab, a process step or
/// a text column (whose title may be empty).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(deny_unknown_fields)]
pub struct Panel {
    pub id: ItemId,
    pub title: String,
    pub markdown: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(deny_unknown_fields)]
pub struct Flashcard {
    pub id: ItemId,
    pub front: String,
    pub back: String,
}

/// A marker on a labelled graphic, placed in percent of the image size.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
#[serde(deny_unknown_fields)]
pub struct Marker {
    pub id: ItemId,
    /// 0 to 100, from the left edge.
    pub x: f64,
    /// 0 to 100, from the top edge.
    pub y: f64,
    pub label: String,
    pub markdown: String,
}

/// A question: practice linked to objectives, with feedback that explains.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct Question {
    /// Markdown.
    pub prompt: String,
    pub points: u32,
    #[serde(default)]
    pub objectives: Vec<ObjectiveId>,
    /// Shown when the answer is right (Markdown).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub correct_feedback: String,
    /// Shown when the answer is wrong (Markdown).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub incorrect_feedback: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub hint: String,
    /// Tries before the answer is shown; 0 = unlimited.
    pub attempts: u32,
    /// Outside an assessment: the question is a knowledge check that counts
    /// toward the course score (see [`crate::Scoring`]). Questions in an
    /// assessment always count, for that assessment.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub scored: bool,
    pub answer: Answer,
}

impl Question {
    /// The question kind's tag, e.g. `single-choice`.
    pub fn kind(&self) -> &'static str {
        self.answer.kind()
    }

    /// Whether the learner gets an explanation whatever they answer: overall
    /// feedback for both outcomes, or feedback on every choice.
    pub fn has_feedback(&self) -> bool {
        let overall =
            !self.correct_feedback.trim().is_empty() && !self.incorrect_feedback.trim().is_empty();
        let per_choice = match &self.answer {
            Answer::SingleChoice { choices } | Answer::MultipleResponse { choices } => {
                !choices.is_empty() && choices.iter().all(|c| !c.feedback.trim().is_empty())
            }
            Answer::TrueFalse {
                true_feedback,
                false_feedback,
                ..
            } => !true_feedback.trim().is_empty() && !false_feedback.trim().is_empty(),
            _ => false,
        };
        overall || per_choice
    }
}

/// What counts as the right answer, per question kind.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
#[serde(tag = "type", rename_all = "kebab-case")]
pub enum Answer {
    SingleChoice {
        choices: Vec<Choice>,
    },
    MultipleResponse {
        choices: Vec<Choice>,
    },
    TrueFalse {
        correct: bool,
        #[serde(default, skip_serializing_if = "String::is_empty")]
        true_feedback: String,
        #[serde(default, skip_serializing_if = "String::is_empty")]
        false_feedback: String,
    },
    /// The prompt holds one blank; any accepted answer is right.
    FillBlank {
        accepted: Vec<String>,
        #[serde(default, skip_serializing_if = "is_false")]
        case_sensitive: bool,
    },
    Matching {
        pairs: Vec<MatchPair>,
    },
    /// Items listed in their correct order; the player shuffles them.
    Ordering {
        items: Vec<OrderItem>,
    },
    Numeric {
        value: f64,
        #[serde(default)]
        tolerance: f64,
    },
}

/// Every question kind's tag.
pub const QUESTION_KINDS: [&str; 7] = [
    "single-choice",
    "multiple-response",
    "true-false",
    "fill-blank",
    "matching",
    "ordering",
    "numeric",
];

impl Answer {
    pub fn kind(&self) -> &'static str {
        match self {
            Self::SingleChoice { .. } => "single-choice",
            Self::MultipleResponse { .. } => "multiple-response",
            Self::TrueFalse { .. } => "true-false",
            Self::FillBlank { .. } => "fill-blank",
            Self::Matching { .. } => "matching",
            Self::Ordering { .. } => "ordering",
            Self::Numeric { .. } => "numeric",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(deny_unknown_fields)]
pub struct Choice {
    pub id: ItemId,
    pub text: String,
    #[serde(default, skip_serializing_if = "is_false")]
    pub correct: bool,
    /// Explains why this choice is right or wrong (Markdown).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub feedback: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(deny_unknown_fields)]
pub struct MatchPair {
    pub id: ItemId,
    pub left: String,
    pub right: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(deny_unknown_fields)]
pub struct OrderItem {
    pub id: ItemId,
    pub text: String,
}

/// A branching scenario: nodes of narrative with choices that lead on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct Scenario {
    pub title: String,
    #[serde(default)]
    pub objectives: Vec<ObjectiveId>,
    /// The node the scenario starts at.
    pub start: ItemId,
    pub nodes: Vec<ScenarioNode>,
}

impl Scenario {
    pub fn node(&self, id: &ItemId) -> Option<&ScenarioNode> {
        self.nodes.iter().find(|n| &n.id == id)
    }

    /// The best score any ending gives (0 when no ending scores).
    pub fn max_score(&self) -> u32 {
        self.nodes
            .iter()
            .filter_map(|n| n.ending.as_ref().and_then(|e| e.score))
            .max()
            .unwrap_or(0)
    }
}

/// A point in a scenario: narrative, then either choices or an ending.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(deny_unknown_fields)]
pub struct ScenarioNode {
    pub id: ItemId,
    /// Markdown.
    pub narrative: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub choices: Vec<ScenarioChoice>,
    /// Set on ending nodes, which have no choices.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ending: Option<Ending>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(deny_unknown_fields)]
pub struct ScenarioChoice {
    pub id: ItemId,
    pub text: String,
    /// What happens because of this choice (Markdown).
    pub consequence: String,
    /// The node this choice leads to.
    pub next: ItemId,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(deny_unknown_fields)]
pub struct Ending {
    /// Short outcome, e.g. "Customer retained".
    pub label: String,
    /// Score out of 100 this ending gives; `None` = not scored.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub score: Option<u32>,
}
