//! [`Command`]: one request from the UI, as JSON tagged by `cmd`, and the
//! small enums its fields use.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};
use serde_json::Value;
use trellis_model::{Edit, LessonId};

use crate::AppError;

/// One request from the UI. JSON: `{"cmd": "open_course", "path": "…"}`.
// A command lives for one call, one at a time: an `Apply` carrying a whole
// block (with its placeholder marks) inline costs nothing worth a box.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "cmd", rename_all = "snake_case")]
pub enum Command {
    /// `[{name, title, description, lessons}]`.
    Blueprints,
    /// The lesson templates and their slots: `[{kind, name, description,
    /// slots: [{name, label, required, accepts, guidance}]}]` (additive to
    /// the contract).
    Templates,
    /// `[{path, title, opened_at}]`, newest first.
    Recent,
    /// What the About box shows: `{name, version, licence, repository,
    /// built_with}`.
    About,
    /// Creates a course file from a blueprint and opens it. Without
    /// `path`, in the default folder under a name made from the title
    /// ([`App::default_path`]).
    NewCourse {
        blueprint: String,
        #[serde(default)]
        path: Option<PathBuf>,
        #[serde(default)]
        title: Option<String>,
    },
    OpenCourse {
        path: PathBuf,
    },
    /// Imports a text-format folder into a new course file and opens it.
    /// Without `path`, the file goes to the default folder under a name
    /// made from the course's title.
    ImportFolder {
        folder: PathBuf,
        #[serde(default)]
        path: Option<PathBuf>,
    },
    /// Makes a new course file from a document (Word, PowerPoint,
    /// Markdown file or folder, GIFT, Aiken or CSV question bank; see
    /// docs/importing.md) and opens it. Without `path`, the file goes to the
    /// default folder under a name made from the course's title. Answers the
    /// snapshot with `import_report`: what became what and what was not
    /// brought over, each `{place, what}` in the author's words.
    ImportDocument {
        document: PathBuf,
        #[serde(default)]
        path: Option<PathBuf>,
        /// Each slide of a presentation a heading in one lesson, not a lesson.
        #[serde(default)]
        slides_as_headings: bool,
    },
    /// The snapshot: every lesson of the course as an outline (see
    /// [`outline`]) but `lesson` (else the first), which is whole; with
    /// `full`, every lesson whole. With `if_open`, `null` when no course
    /// is open instead of the `not_open` error (the editor asking whether
    /// one is; additive to the contract).
    Snapshot {
        #[serde(default)]
        lesson: Option<LessonId>,
        #[serde(default)]
        full: bool,
        #[serde(default)]
        if_open: bool,
    },
    /// `[Lesson]`: the lessons `ids` whole, those the course has, in the
    /// order asked (additive to the contract).
    Lessons {
        ids: Vec<LessonId>,
    },
    /// `run` names a run of typing in one field: consecutive edits of one
    /// run that set the same thing are one undo step
    /// ([`CourseFile::apply_in_run`]; additive to the contract).
    Apply {
        edit: Edit,
        #[serde(default)]
        run: Option<String>,
    },
    Undo,
    Redo,
    Duplicate {
        kind: EntityKind,
        id: String,
    },
    /// Adds a block with starter content at `index` in `lesson`.
    NewBlock {
        lesson: LessonId,
        index: usize,
        kind: String,
        #[serde(default)]
        question_type: Option<String>,
        /// The template slot the block fills (additive to the contract).
        #[serde(default)]
        slot: Option<String>,
    },
    /// An asset from base64 bytes (`name`, `data_base64`) or from a file
    /// (`path`, with an optional `name`).
    ImportAsset {
        #[serde(default)]
        name: Option<String>,
        #[serde(default)]
        data_base64: Option<String>,
        #[serde(default)]
        path: Option<PathBuf>,
    },
    Assets,
    /// The design check. With `lesson`, only the findings in that lesson
    /// and those not in any module or lesson (course, objectives, assets,
    /// theme), with the counts of the whole course (additive).
    Check {
        #[serde(default)]
        lesson: Option<LessonId>,
    },
    /// Publishes to a zip at `path` (replacing it), or with `folder` into a
    /// new or empty folder.
    Publish {
        target: String,
        path: PathBuf,
        #[serde(default)]
        folder: bool,
        #[serde(default)]
        allow_state_overflow: bool,
    },
    /// Writes the open course as a text-format folder at `path` (new,
    /// empty, or an earlier export), or with `zip` as a zip at `path`
    /// holding that folder: `{path, zip}`.
    Export {
        path: PathBuf,
        #[serde(default)]
        zip: bool,
    },
    /// Where to save what `kind` names when the author has not chosen:
    /// `{path, folder, name}`, a name made from `title` (else the open
    /// course's title) in the folder last used for it.
    DefaultPath {
        kind: PlaceKind,
        #[serde(default)]
        title: Option<String>,
        #[serde(default)]
        target: Option<String>,
    },
    /// Shows a file in the file manager (desktop only).
    Reveal {
        path: PathBuf,
    },
    /// Closes the open course (additive to the contract).
    Close,
    /// What the preview showing revision `from` needs to show the current
    /// one without reloading: the changed lessons (and the menu), or
    /// `reload: true` (additive to the contract; see `docs/app-api.md`).
    PreviewUpdate {
        from: u64,
    },
    /// What changed after revision `from`: a delta, or the whole snapshot
    /// when `from` is too old (additive to the contract).
    Changes {
        from: u64,
    },
    /// `{comments_revision, comments}`: every review comment with its
    /// `anchor` against the current course (see `review.rs`).
    Comments,
    /// Imports a `.trellis-review` file from `path` or `data_base64`:
    /// `{added, skipped, reviewer, comments_revision}`.
    ImportReview {
        #[serde(default)]
        path: Option<PathBuf>,
        #[serde(default)]
        data_base64: Option<String>,
    },
    /// Adds a reply: `{comment, comments_revision}`.
    ReplyComment {
        id: trellis_model::CommentId,
        author: String,
        text: String,
    },
    ResolveComment {
        id: trellis_model::CommentId,
    },
    ReopenComment {
        id: trellis_model::CommentId,
    },
}

impl Command {
    /// Parses a command from its JSON; a malformed one is `bad_input`.
    pub fn from_json(value: Value) -> Result<Self, AppError> {
        serde_json::from_value(value)
            .map_err(|e| AppError::bad_input(format!("The request is not a valid command: {e}.")))
    }

    /// Whether the command may change the course (and so the revision).
    pub fn is_change(&self) -> bool {
        matches!(
            self,
            Self::NewCourse { .. }
                | Self::OpenCourse { .. }
                | Self::ImportFolder { .. }
                | Self::ImportDocument { .. }
                | Self::Apply { .. }
                | Self::Undo
                | Self::Redo
                | Self::Duplicate { .. }
                | Self::NewBlock { .. }
                | Self::ImportAsset { .. }
                | Self::Close
        )
    }
}

/// What [`Command::DefaultPath`] finds a place for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PlaceKind {
    /// A new course file (`.trellis`).
    Course,
    /// A published package (`.zip`) for `target`.
    Package,
    /// A text-format folder.
    Export,
    /// A text-format folder in a zip.
    ExportZip,
}

/// What `duplicate` copies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EntityKind {
    Module,
    Lesson,
    Block,
}
