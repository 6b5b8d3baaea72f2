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
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
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
        #[ts(optional)]
        path: Option<PathBuf>,
        #[serde(default)]
        #[ts(optional)]
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
        #[ts(optional)]
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
        #[ts(optional)]
        path: Option<PathBuf>,
        /// Each slide of a presentation a heading in one lesson, not a lesson.
        #[serde(default)]
        #[ts(as = "Option<bool>", optional)]
        slides_as_headings: bool,
        /// The Word or Markdown heading level that starts a module (1 by
        /// default; `null`: none, every lesson in one module).
        #[serde(default = "crate::import_into::default_module_heading")]
        #[ts(optional = nullable)]
        module_heading: Option<u8>,
        /// The heading level that starts a lesson (2 by default).
        #[serde(default = "crate::import_into::default_lesson_heading")]
        #[ts(as = "Option<u8>", optional)]
        lesson_heading: u8,
    },
    /// Imports a document (as `import_document` reads it) into the open
    /// course: its modules go in after the course's last, with its
    /// objectives, pictures and review comments, as one undo step. Answers
    /// the delta with `import_report`. A document that cannot be read
    /// changes nothing.
    ImportDocumentInto {
        document: PathBuf,
        #[serde(default)]
        #[ts(as = "Option<bool>", optional)]
        slides_as_headings: bool,
        #[serde(default = "crate::import_into::default_module_heading")]
        #[ts(optional = nullable)]
        module_heading: Option<u8>,
        #[serde(default = "crate::import_into::default_lesson_heading")]
        #[ts(as = "Option<u8>", optional)]
        lesson_heading: u8,
    },
    /// The snapshot: every lesson of the course as an outline (see
    /// [`outline`]) but `lesson` (else the first), which is whole; with
    /// `full`, every lesson whole. With `if_open`, `null` when no course
    /// is open instead of the `not_open` error (the editor asking whether
    /// one is; additive to the contract).
    Snapshot {
        #[serde(default)]
        #[ts(optional)]
        lesson: Option<LessonId>,
        #[serde(default)]
        #[ts(as = "Option<bool>", optional)]
        full: bool,
        #[serde(default)]
        #[ts(as = "Option<bool>", optional)]
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
        #[ts(optional)]
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
        #[ts(optional)]
        question_type: Option<String>,
        /// The template slot the block fills (additive to the contract).
        #[serde(default)]
        #[ts(optional)]
        slot: Option<String>,
    },
    /// An asset from base64 bytes (`name`, `data_base64`) or from a file
    /// (`path`, with an optional `name`).
    ImportAsset {
        #[serde(default)]
        #[ts(optional)]
        name: Option<String>,
        #[serde(default)]
        #[ts(optional)]
        data_base64: Option<String>,
        #[serde(default)]
        #[ts(optional)]
        path: Option<PathBuf>,
    },
    Assets,
    /// The design check. With `lesson`, only the findings in that lesson
    /// and those not in any module or lesson (course, objectives, assets,
    /// theme), with the counts of the whole course (additive).
    Check {
        #[serde(default)]
        #[ts(optional)]
        lesson: Option<LessonId>,
    },
    /// The job aid of the open course as it will print (the phone page,
    /// made from the same model as the PDF), in `language`: the course's
    /// own when not given, or one of its translations'.
    JobAid {
        #[serde(default)]
        #[ts(optional)]
        language: Option<String>,
    },
    /// Publishes to a zip at `path` (replacing it), or with `folder` into a
    /// new or empty folder. `target` `job-aid` writes the job aid's zip.
    Publish {
        target: String,
        path: PathBuf,
        #[serde(default)]
        #[ts(as = "Option<bool>", optional)]
        folder: bool,
        #[serde(default)]
        #[ts(as = "Option<bool>", optional)]
        allow_state_overflow: bool,
    },
    /// Writes the open course as a text-format folder at `path` (new,
    /// empty, or an earlier export), or with `zip` as a zip at `path`
    /// holding that folder: `{path, zip}`.
    Export {
        path: PathBuf,
        #[serde(default)]
        #[ts(as = "Option<bool>", optional)]
        zip: bool,
    },
    /// Where to save what `kind` names when the author has not chosen:
    /// `{path, folder, name}`, a name made from `title` (else the open
    /// course's title) in the folder last used for it.
    DefaultPath {
        kind: PlaceKind,
        #[serde(default)]
        #[ts(optional)]
        title: Option<String>,
        #[serde(default)]
        #[ts(optional)]
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
    /// Learners' results read back into the course file (`trellis results
    /// pull` or `import`), analysed per question, objective, lesson and
    /// course version (see `results.rs`, docs/results.md). Under
    /// `min_learners` (20) learners a figure is marked as not yet meaningful.
    Results {
        #[serde(default)]
        #[ts(optional)]
        min_learners: Option<u32>,
    },
    /// Starts reading the course's statements from the record store at
    /// `address` in the background (`ResultsPullStatus`). Without `key`
    /// and `secret`: those given for the store before in this session,
    /// else the environment's `TRELLIS_LRS_KEY`/`TRELLIS_LRS_SECRET`, else
    /// those kept in the system keyring. They are kept in memory, and with
    /// `remember` also in the system keyring once the pull succeeds;
    /// never in the course file.
    ResultsPull {
        address: String,
        #[serde(default)]
        #[ts(optional)]
        key: Option<String>,
        #[serde(default)]
        #[ts(optional)]
        secret: Option<String>,
        /// A date or time: only statements stored after it.
        #[serde(default)]
        #[ts(optional)]
        since: Option<String>,
        /// Keep the key and secret in the system keyring for later sessions.
        #[serde(default)]
        #[ts(optional)]
        remember: Option<bool>,
    },
    /// How the background pull stands.
    ResultsPullStatus,
    /// Stores the statements of a JSON-lines export or an LMS's report
    /// (CSV, or Moodle's tab-separated download), from `path` or `data_base64`.
    ImportResults {
        #[serde(flatten)]
        #[ts(flatten)]
        file: GivenFile,
    },
    /// `{comments_revision, comments}`: every review comment with its
    /// `anchor` against the current course (see `review.rs`).
    Comments,
    /// Imports a `.trellis-review` file from `path` or `data_base64`:
    /// `{added, skipped, reviewer, comments_revision}`.
    ImportReview {
        #[serde(flatten)]
        #[ts(flatten)]
        file: GivenFile,
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
    /// How far each translation is (see `translation.rs`).
    Translations,
    /// Every unit beside its translation into `language`.
    TranslationUnits {
        language: String,
    },
    /// Stores one unit's translation into `language`, made from its current
    /// source (empty `text` removes it); adds the language when new.
    SetTranslation {
        language: String,
        id: String,
        text: String,
    },
}

/// The commands that may change the course or which course is open, and so
/// the revision. The UI gets this list generated (`ui/src/lib/generated`).
pub const CHANGES_COURSE: &[&str] = &[
    "new_course",
    "open_course",
    "import_folder",
    "import_document",
    "import_document_into",
    "apply",
    "undo",
    "redo",
    "duplicate",
    "new_block",
    "import_asset",
    "close",
];

/// The commands that edit the open course, each one undo step (a subset of
/// [`CHANGES_COURSE`]). The UI gets this list generated too.
pub const EDITS_COURSE: &[&str] = &[
    "import_document_into",
    "apply",
    "undo",
    "redo",
    "duplicate",
    "new_block",
    "import_asset",
];

/// The TypeScript type of what each command answers, by name (see
/// docs/app-api.md); `ui/src/lib/generated/commands.ts` is made from it,
/// and its test fails when a command has no entry. A command that changes
/// the course answers a `Delta` (or a whole `Snapshot` when the UI is too
/// far behind).
pub const RESULT_TYPES: &[(&str, &str)] = &[
    ("blueprints", "BlueprintInfo[]"),
    ("templates", "TemplateInfo[]"),
    ("recent", "Recent[]"),
    ("about", "About"),
    ("new_course", "Snapshot"),
    ("open_course", "Snapshot"),
    ("import_folder", "Snapshot"),
    (
        "import_document",
        "Snapshot & { import_report: ImportReport }",
    ),
    (
        "import_document_into",
        "(Delta | Snapshot) & { import_report: ImportReport }",
    ),
    ("snapshot", "Snapshot | null"),
    ("lessons", "Lesson[]"),
    ("apply", "Delta | Snapshot"),
    ("undo", "(Delta & { place?: ChangePlace }) | Snapshot"),
    ("redo", "(Delta & { place?: ChangePlace }) | Snapshot"),
    ("duplicate", "Delta | Snapshot"),
    ("new_block", "Delta | Snapshot"),
    ("import_asset", "Delta | Snapshot"),
    ("assets", "AssetEntry[]"),
    ("check", "Report"),
    ("job_aid", "JobAidView"),
    ("publish", "PublishResult | JobAidPublished"),
    ("export", "ExportResult"),
    ("default_path", "Place"),
    ("reveal", "null"),
    ("close", "null"),
    ("preview_update", "PreviewUpdate"),
    ("changes", "Delta | Snapshot"),
    ("comments", "CommentList"),
    ("results", "ResultsAnswer"),
    ("results_pull", "ResultsPullStatus"),
    ("results_pull_status", "ResultsPullStatus"),
    ("import_results", "ResultsImported"),
    ("import_review", "ReviewImport"),
    ("reply_comment", "CommentChange"),
    ("resolve_comment", "CommentChange"),
    ("reopen_comment", "CommentChange"),
    ("translations", "TranslationStatus"),
    ("translation_units", "TranslationUnits"),
    ("set_translation", "TranslationSet"),
];

impl Command {
    /// Parses a command from its JSON; a malformed one is `bad_input`.
    pub fn from_json(value: Value) -> Result<Self, AppError> {
        serde_json::from_value(value)
            .map_err(|e| AppError::bad_input(format!("The request is not a valid command: {e}.")))
    }

    /// The command's `cmd` tag, e.g. `"open_course"`.
    pub fn name(&self) -> &'static str {
        match self {
            Self::Blueprints => "blueprints",
            Self::Templates => "templates",
            Self::Recent => "recent",
            Self::About => "about",
            Self::NewCourse { .. } => "new_course",
            Self::OpenCourse { .. } => "open_course",
            Self::ImportFolder { .. } => "import_folder",
            Self::ImportDocument { .. } => "import_document",
            Self::ImportDocumentInto { .. } => "import_document_into",
            Self::Snapshot { .. } => "snapshot",
            Self::Lessons { .. } => "lessons",
            Self::Apply { .. } => "apply",
            Self::Undo => "undo",
            Self::Redo => "redo",
            Self::Duplicate { .. } => "duplicate",
            Self::NewBlock { .. } => "new_block",
            Self::ImportAsset { .. } => "import_asset",
            Self::Assets => "assets",
            Self::Check { .. } => "check",
            Self::JobAid { .. } => "job_aid",
            Self::Publish { .. } => "publish",
            Self::Export { .. } => "export",
            Self::DefaultPath { .. } => "default_path",
            Self::Reveal { .. } => "reveal",
            Self::Close => "close",
            Self::PreviewUpdate { .. } => "preview_update",
            Self::Changes { .. } => "changes",
            Self::Comments => "comments",
            Self::Results { .. } => "results",
            Self::ResultsPull { .. } => "results_pull",
            Self::ResultsPullStatus => "results_pull_status",
            Self::ImportResults { .. } => "import_results",
            Self::ImportReview { .. } => "import_review",
            Self::ReplyComment { .. } => "reply_comment",
            Self::ResolveComment { .. } => "resolve_comment",
            Self::ReopenComment { .. } => "reopen_comment",
            Self::Translations => "translations",
            Self::TranslationUnits { .. } => "translation_units",
            Self::SetTranslation { .. } => "set_translation",
        }
    }

    /// Whether the command may change the course or which course is open
    /// (and so the revision): its name is in [`CHANGES_COURSE`].
    pub fn is_change(&self) -> bool {
        CHANGES_COURSE.contains(&self.name())
    }

    /// Whether the command edits the open course (one undo step): its name
    /// is in [`EDITS_COURSE`].
    pub fn edits_course(&self) -> bool {
        EDITS_COURSE.contains(&self.name())
    }
}

/// A request browser mode's server (`trellis studio`) answers before the
/// app sees it: a package or the exported course as a zip the browser
/// saves as a download, the server choosing where the zip is written.
/// JSON: `{"cmd": "publish", "target": "scorm12", "download": true}` or
/// `{"cmd": "export", "download": true}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
#[serde(tag = "cmd", rename_all = "snake_case")]
pub enum DownloadCommand {
    /// Publishes a package for `target` (as [`Command::Publish`] with a zip).
    Publish {
        target: String,
        #[serde(default)]
        #[ts(as = "Option<bool>", optional)]
        allow_state_overflow: bool,
        /// Always `true`: what tells this request from [`Command::Publish`].
        #[ts(type = "true")]
        download: bool,
    },
    /// Exports the course as a zip (as [`Command::Export`] with `zip`).
    Export {
        /// Always `true`, as above.
        #[ts(type = "true")]
        download: bool,
    },
}

impl DownloadCommand {
    /// Reads a download request: `Ok(None)` when `value` does not ask for a
    /// download (no `download: true`), an error when it asks for one of
    /// something that cannot be downloaded.
    pub fn from_json(value: &Value) -> Result<Option<Self>, AppError> {
        #[derive(Deserialize)]
        struct Asks {
            #[serde(default)]
            download: bool,
        }
        let asks = serde_json::from_value::<Asks>(value.clone()).map_err(|e| {
            AppError::bad_input(format!("The request is not a valid command: {e}."))
        })?;
        if !asks.download {
            return Ok(None);
        }
        let request = serde_json::from_value::<Self>(value.clone()).map_err(|e| {
            AppError::bad_input(format!(
                "Only a package or an exported course can be downloaded ({e})."
            ))
        })?;
        Ok(Some(request))
    }

    /// What the zip is, for [`Command::DefaultPath`]'s name.
    pub fn kind(&self) -> PlaceKind {
        match self {
            Self::Publish { .. } => PlaceKind::Package,
            Self::Export { .. } => PlaceKind::ExportZip,
        }
    }

    /// The package's target, for a publish.
    pub fn target(&self) -> Option<&str> {
        match self {
            Self::Publish { target, .. } => Some(target),
            Self::Export { .. } => None,
        }
    }

    /// The app command that writes the zip at `path`.
    pub fn at(self, path: PathBuf) -> Command {
        match self {
            Self::Publish {
                target,
                allow_state_overflow,
                ..
            } => Command::Publish {
                target,
                path,
                folder: false,
                allow_state_overflow,
            },
            Self::Export { .. } => Command::Export { path, zip: true },
        }
    }
}

/// What [`Command::DefaultPath`] finds a place for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum EntityKind {
    Module,
    Lesson,
    Block,
}

/// A file the UI hands over: by `path` (the desktop app, or a file the
/// studio may read) or as its bytes in base64 (a browser's file picker).
/// Exactly one of the two.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct GivenFile {
    #[serde(default)]
    #[ts(optional)]
    pub path: Option<PathBuf>,
    #[serde(default)]
    #[ts(optional)]
    pub data_base64: Option<String>,
}
