//! The Trellis course model.
//!
//! A [`Course`] holds learning objectives and modules; a module holds lessons;
//! a lesson follows a [`template::TemplateKind`] and is an ordered list of
//! [`Block`]s: content, questions linked to objectives, and scenarios. Every
//! entity has a stable, typed id (see [`id`]).
//!
//! Changes are [`Edit`]s applied with [`edit::apply`], which returns the
//! inverse edit for undo. This crate does no I/O: storage, the text format,
//! rendering and publishing live in their own crates.

pub mod block;
pub mod course;
pub mod edit;
pub mod fonts;
pub mod id;
pub mod placeholder;
pub mod review;
pub mod sample;
pub mod template;
pub mod text;
pub mod translation;

pub use block::{
    Answer, Block, BlockContent, CalloutStyle, Choice, Ending, Flashcard, ImageLayout, Marker,
    MatchPair, Media, OrderItem, Panel, Question, Scenario, ScenarioChoice, ScenarioNode,
};
pub use course::{
    AssessmentSettings, AssetInfo, BloomLevel, CompletionRule, Course, CourseInfo, Lesson,
    LessonSettings, Module, Objective, Reporting, Scoring, Theme,
};
pub use edit::{Applied, Edit, EditError, Touched, apply};
pub use id::{BlockId, CourseId, IdError, ItemId, LessonId, ModuleId, ObjectiveId};
pub use placeholder::{PlaceholderAt, TextField};
pub use review::{
    Anchor, COMMENT_PARTS, Comment, CommentField, CommentId, CommentStatus, CommentTarget, Reply,
    ReviewError, ReviewFile, is_timestamp, part_needs_item, timestamp_from_unix_millis,
    timestamp_sort_key,
};
pub use template::{Template, TemplateKind};
pub use text::{
    BadChar, MANIFEST_LIMITS, ManifestLimit, find_bad_char, over_manifest_limits, xml_allows,
};
pub use translation::{
    PLAYER_LANGUAGES, TranslatedUnit, Translation, is_language_tag, is_right_to_left,
    player_language, primary_language,
};
