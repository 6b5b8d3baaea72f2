//! Lesson templates: the instructional design a lesson follows.
//!
//! A template declares slots. A block fills a slot by naming it in its
//! `slot` field; the design check holds each lesson to its template.

use serde::{Deserialize, Serialize};

use crate::block::BlockContent;

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, ts_rs::TS,
)]
#[serde(rename_all = "kebab-case")]
pub enum TemplateKind {
    /// Objective, explanation, example, practice with feedback, summary.
    Concept,
    /// Steps, a demonstration, practice in order.
    Procedure,
    /// A situation, decisions with consequences, a debrief.
    Scenario,
    /// A question pool drawn, scored and passed or failed.
    Assessment,
    /// Any blocks, no slots.
    Free,
}

/// What kind of block may fill a slot.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Accepts {
    /// Any content block (not practice).
    Content,
    /// A question.
    Question,
    /// A scenario block.
    Scenario,
}

impl Accepts {
    pub fn admits(self, content: &BlockContent) -> bool {
        match self {
            Self::Content => !content.is_practice(),
            Self::Question => matches!(content, BlockContent::Question(_)),
            Self::Scenario => matches!(content, BlockContent::Scenario(_)),
        }
    }
}

/// One slot of a template.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Slot {
    pub name: &'static str,
    pub label: &'static str,
    pub required: bool,
    pub accepts: Accepts,
    /// What the designer should put here.
    pub guidance: &'static str,
}

/// A lesson template.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Template {
    pub kind: TemplateKind,
    pub name: &'static str,
    pub description: &'static str,
    pub slots: &'static [Slot],
}

const fn slot(
    name: &'static str,
    label: &'static str,
    required: bool,
    accepts: Accepts,
    guidance: &'static str,
) -> Slot {
    Slot {
        name,
        label,
        required,
        accepts,
        guidance,
    }
}

const CONCEPT: Template = Template {
    kind: TemplateKind::Concept,
    name: "Concept",
    description: "Teach one idea: state the objective, explain, show an example, practise with feedback, sum up.",
    slots: &[
        slot(
            "objective",
            "Objective",
            true,
            Accepts::Content,
            "Tell the learner what they will be able to do after this lesson.",
        ),
        slot(
            "explanation",
            "Explanation",
            true,
            Accepts::Content,
            "Explain the concept in plain words, one idea at a time.",
        ),
        slot(
            "example",
            "Example",
            true,
            Accepts::Content,
            "Show the concept at work in a situation the learner knows.",
        ),
        slot(
            "practice",
            "Practice",
            true,
            Accepts::Question,
            "Ask the learner to apply the concept; explain every answer in feedback.",
        ),
        slot(
            "summary",
            "Summary",
            true,
            Accepts::Content,
            "Restate the key points the learner should keep.",
        ),
    ],
};

const PROCEDURE: Template = Template {
    kind: TemplateKind::Procedure,
    name: "Procedure",
    description: "Teach a task: list the steps, demonstrate them, let the learner practise them in order.",
    slots: &[
        slot(
            "overview",
            "Overview",
            false,
            Accepts::Content,
            "Say when and why the task is done.",
        ),
        slot(
            "steps",
            "Steps",
            true,
            Accepts::Content,
            "List the steps in the order they are done.",
        ),
        slot(
            "demonstration",
            "Demonstration",
            true,
            Accepts::Content,
            "Show the task being done: screenshots, a video or a worked example.",
        ),
        slot(
            "practice",
            "Practice",
            true,
            Accepts::Question,
            "Have the learner put the steps in order or decide what comes next.",
        ),
    ],
};

const SCENARIO: Template = Template {
    kind: TemplateKind::Scenario,
    name: "Scenario",
    description: "Practise judgement: set a situation, let the learner decide and see the consequences, then debrief.",
    slots: &[
        slot(
            "situation",
            "Situation",
            true,
            Accepts::Content,
            "Set the scene: who, where, what is at stake.",
        ),
        slot(
            "decisions",
            "Decisions",
            true,
            Accepts::Scenario,
            "Branching decisions with realistic consequences.",
        ),
        slot(
            "debrief",
            "Debrief",
            true,
            Accepts::Content,
            "Explain what a skilled person would do, and why.",
        ),
    ],
};

const ASSESSMENT: Template = Template {
    kind: TemplateKind::Assessment,
    name: "Assessment",
    description: "Check mastery with a question pool: draw, shuffle, score against a pass mark.",
    slots: &[slot(
        "pool",
        "Question pool",
        true,
        Accepts::Question,
        "Questions covering every objective; the assessment draws from them.",
    )],
};

const FREE: Template = Template {
    kind: TemplateKind::Free,
    name: "Free",
    description: "Any blocks in any order, with no slots to fill.",
    slots: &[],
};

impl TemplateKind {
    pub const ALL: [TemplateKind; 5] = [
        Self::Concept,
        Self::Procedure,
        Self::Scenario,
        Self::Assessment,
        Self::Free,
    ];

    pub fn template(self) -> &'static Template {
        match self {
            Self::Concept => &CONCEPT,
            Self::Procedure => &PROCEDURE,
            Self::Scenario => &SCENARIO,
            Self::Assessment => &ASSESSMENT,
            Self::Free => &FREE,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Concept => "concept",
            Self::Procedure => "procedure",
            Self::Scenario => "scenario",
            Self::Assessment => "assessment",
            Self::Free => "free",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

impl Template {
    pub fn slot(&self, name: &str) -> Option<&'static Slot> {
        self.slots.iter().find(|s| s.name == name)
    }
}

/// How one slot of a lesson's template is filled.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SlotFill {
    pub slot: &'static Slot,
    /// Indexes of the blocks that fill it.
    pub blocks: Vec<usize>,
}

impl SlotFill {
    pub fn is_filled(&self) -> bool {
        !self.blocks.is_empty()
    }
}

/// Which blocks of `lesson` fill each slot of its template.
///
/// A block fills the slot it names. A block that names no slot fills the one
/// slot of its template that accepts its kind, when exactly one does (so the
/// questions of an assessment fill its pool without saying so).
pub fn slot_fills(lesson: &crate::course::Lesson) -> Vec<SlotFill> {
    let template = lesson.template.template();
    let mut fills: Vec<SlotFill> = template
        .slots
        .iter()
        .map(|slot| SlotFill {
            slot,
            blocks: Vec::new(),
        })
        .collect();
    for (i, block) in lesson.blocks.iter().enumerate() {
        let target = match &block.slot {
            Some(name) => fills.iter().position(|f| f.slot.name == name),
            None => {
                let mut accepting = fills
                    .iter()
                    .enumerate()
                    .filter(|(_, f)| f.slot.accepts.admits(&block.content));
                match (accepting.next(), accepting.next()) {
                    (Some((pos, _)), None) => Some(pos),
                    _ => None,
                }
            }
        };
        if let Some(pos) = target {
            fills[pos].blocks.push(i);
        }
    }
    fills
}
