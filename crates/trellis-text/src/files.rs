//! The "file view" types: what people write in `course.toml`, in front
//! matter, in block attributes and in TOML block bodies. They differ from the
//! model's JSON shapes (questions are flat with a `type` key, defaults are
//! those of the text format) and refuse unknown keys. Ids and references are
//! [`Spanned`] so that problems can name their place.

use serde::Deserialize;
use toml::Spanned;
use trellis_model::{
    BloomLevel, CalloutStyle, CompletionRule, Ending, Reporting, Scoring, TemplateKind,
};

pub(crate) type Sid = Spanned<String>;

fn yes() -> bool {
    true
}

fn one() -> u32 {
    1
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct CourseFile {
    pub id: Sid,
    pub title: String,
    pub language: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub authors: Vec<String>,
    /// Settings that still hold a blueprint's placeholder text.
    #[serde(default)]
    pub placeholders: Vec<Sid>,
    pub version: String,
    #[serde(default)]
    pub version_date: String,
    #[serde(default)]
    pub job_aid_url: String,
    #[serde(default)]
    pub completion: CompletionRule,
    #[serde(default)]
    pub reporting: Reporting,
    #[serde(default)]
    pub scoring: Scoring,
    #[serde(default)]
    pub theme: ThemeFile,
    #[serde(default)]
    pub objectives: Vec<ObjectiveFile>,
    #[serde(default)]
    pub modules: Vec<ModuleFile>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub(crate) struct ThemeFile {
    pub primary_color: Option<String>,
    pub background_color: Option<String>,
    pub text_color: Option<String>,
    pub body_font: Option<String>,
    pub heading_font: Option<String>,
    pub logo: Option<Sid>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ObjectiveFile {
    pub id: Sid,
    pub statement: String,
    pub bloom: Option<BloomLevel>,
    #[serde(default)]
    pub placeholder: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ModuleFile {
    pub id: Sid,
    pub title: String,
    #[serde(default)]
    pub lessons: Vec<Sid>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct FrontMatter {
    pub id: Sid,
    pub title: String,
    pub template: TemplateKind,
    pub assessment: Option<AssessmentFile>,
    #[serde(default)]
    pub job_aid: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct AssessmentFile {
    pub draw: Option<u32>,
    #[serde(default = "yes")]
    pub shuffle: bool,
    pub pass_mark: u32,
    #[serde(default)]
    pub attempts: u32,
}

/// A block's `placeholder` attribute: `true` marks every field that holds
/// text, a list marks the fields it names.
pub(crate) enum PlaceholderAttr {
    All(bool),
    Fields(Vec<String>),
}

impl<'de> Deserialize<'de> for PlaceholderAttr {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visit;
        impl<'de> serde::de::Visitor<'de> for Visit {
            type Value = PlaceholderAttr;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("`true` or a list of the block's field names, e.g. [\"prompt\"]")
            }
            fn visit_bool<E>(self, v: bool) -> Result<Self::Value, E> {
                Ok(PlaceholderAttr::All(v))
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<Self::Value, A::Error> {
                let mut out = Vec::new();
                while let Some(name) = seq.next_element::<String>()? {
                    out.push(name);
                }
                Ok(PlaceholderAttr::Fields(out))
            }
        }
        d.deserialize_any(Visit)
    }
}

/// Wraps an inline table parsed as the value of a one-key document.
#[derive(Deserialize)]
pub(crate) struct Wrap<T> {
    pub x: T,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct BaseAttrs {
    pub id: Sid,
    pub slot: Option<String>,
    pub placeholder: Option<Spanned<PlaceholderAttr>>,
    pub job_aid: Option<bool>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct CalloutAttrs {
    pub id: Sid,
    pub slot: Option<String>,
    pub placeholder: Option<Spanned<PlaceholderAttr>>,
    pub job_aid: Option<bool>,
    pub style: CalloutStyle,
    #[serde(default)]
    pub title: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct QuoteAttrs {
    pub id: Sid,
    pub slot: Option<String>,
    pub placeholder: Option<Spanned<PlaceholderAttr>>,
    pub job_aid: Option<bool>,
    #[serde(default)]
    pub attribution: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct HeadingBody {
    pub text: String,
    pub level: u8,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ImageBody {
    pub asset: Sid,
    pub alt: String,
    #[serde(default)]
    pub caption: String,
    #[serde(default)]
    pub decorative: bool,
    #[serde(default)]
    pub layout: trellis_model::ImageLayout,
    #[serde(default)]
    pub markdown: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct MediaBody {
    pub asset: Option<Sid>,
    pub url: Option<String>,
    #[serde(default)]
    pub title: String,
    pub captions: Option<Sid>,
    #[serde(default)]
    pub transcript: String,
    pub poster: Option<Sid>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct PanelFile {
    pub id: Sid,
    pub title: String,
    pub markdown: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct PanelsBody {
    #[serde(default)]
    pub panels: Vec<PanelFile>,
}

/// A text column: its title may be left out.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ColumnFile {
    pub id: Sid,
    #[serde(default)]
    pub title: String,
    pub markdown: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ColumnsBody {
    #[serde(default)]
    pub columns: Vec<ColumnFile>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct StepsBody {
    #[serde(default)]
    pub steps: Vec<PanelFile>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct CardFile {
    pub id: Sid,
    pub front: String,
    pub back: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct CardsBody {
    #[serde(default)]
    pub cards: Vec<CardFile>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct MarkerFile {
    pub id: Sid,
    pub x: f64,
    pub y: f64,
    pub label: String,
    pub markdown: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct GraphicBody {
    pub asset: Sid,
    pub alt: String,
    #[serde(default)]
    pub markers: Vec<MarkerFile>,
}

/// First pass over a question body: only its `type`.
#[derive(Deserialize)]
pub(crate) struct QuestionType {
    #[serde(rename = "type")]
    pub kind: Option<Spanned<String>>,
}

/// The keys every question has; `$extra` are the keys of one type.
macro_rules! question_file {
    ($name:ident { $($(#[$m:meta])* $field:ident : $ty:ty),* $(,)? }) => {
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        pub(crate) struct $name {
            #[serde(rename = "type")]
            #[allow(dead_code)]
            pub kind: String,
            pub prompt: String,
            #[serde(default)]
            pub objectives: Vec<Sid>,
            #[serde(default = "one")]
            pub points: u32,
            #[serde(default = "one")]
            pub attempts: u32,
            #[serde(default)]
            pub scored: bool,
            #[serde(default)]
            pub hint: String,
            #[serde(default)]
            pub correct_feedback: String,
            #[serde(default)]
            pub incorrect_feedback: String,
            $($(#[$m])* pub $field: $ty,)*
        }
    };
}

question_file!(ChoiceQuestion {
    #[serde(default)]
    choices: Vec<ChoiceFile>,
});
question_file!(TrueFalseQuestion {
    correct: bool,
    #[serde(default)]
    true_feedback: String,
    #[serde(default)]
    false_feedback: String,
});
question_file!(FillBlankQuestion {
    #[serde(default)]
    accepted: Vec<String>,
    #[serde(default)]
    case_sensitive: bool,
});
question_file!(MatchingQuestion {
    #[serde(default)]
    pairs: Vec<PairFile>,
});
question_file!(OrderingQuestion {
    #[serde(default)]
    items: Vec<ItemFile>,
});
question_file!(NumericQuestion {
    value: f64,
    #[serde(default)]
    tolerance: f64,
});

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ChoiceFile {
    pub id: Sid,
    pub text: String,
    #[serde(default)]
    pub correct: bool,
    #[serde(default)]
    pub feedback: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct PairFile {
    pub id: Sid,
    pub left: String,
    pub right: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ItemFile {
    pub id: Sid,
    pub text: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ScenarioBody {
    pub title: String,
    #[serde(default)]
    pub objectives: Vec<Sid>,
    pub start: Sid,
    #[serde(default)]
    pub nodes: Vec<NodeFile>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct NodeFile {
    pub id: Sid,
    pub narrative: String,
    #[serde(default)]
    pub choices: Vec<ScenarioChoiceFile>,
    pub ending: Option<Ending>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ScenarioChoiceFile {
    pub id: Sid,
    pub text: String,
    pub consequence: String,
    pub next: Sid,
}
