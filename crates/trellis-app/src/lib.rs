//! The command layer of the Trellis editor (see `docs/app-api.md`).
//!
//! The editor UI talks to the core through one interface: it sends a
//! [`Command`] (JSON tagged by `cmd`) and gets a JSON result or an
//! [`AppError`] `{code, message}`. [`App`] holds the open course file, a
//! revision counter that grows with every change and a cache of the rendered preview; [`App::call`] runs one
//! command. Both transports — the Tauri desktop shell and `trellis studio`
//! in a browser — lock one `App` and call it, so they behave alike and the
//! tests of this crate cover both.
//!
//! [`App::preview_file`] serves the preview: the real player output
//! (`trellis-render`, target `preview`), rendered once per revision, and the
//! course's assets under `assets/`.
//!
//! [`blueprints`] gives the course blueprints embedded in the binary, for
//! `trellis new` and "New course".
//!
//! This file holds [`App`] and the dispatch ([`App::call`]): one arm per
//! [`Command`], each calling a method of the module that owns the concern.
//! A new command goes in a new module (its `impl App` block) with one
//! `mod` line and one arm here. The modules: `command` (the [`Command`]
//! enum), `config`, `state` (open file, revision, change logs), `snapshot`
//! (whole snapshots and deltas), `history` (undo, redo, labels), `edits`
//! (apply, duplicate, new block), `open` (new, open, import, close),
//! `output` (publish, export, reveal), `places` (default places and browser
//! mode's limits), `assets`, `check`, `preview`, `review`, `info` (about,
//! templates), `delta`, `outline`, `starter`, `recent`, `error`.

pub mod blueprints;
pub mod delta;
pub mod folders;
pub mod outline;
pub mod places;
pub mod recent;
pub mod starter;

mod assets;
mod check;
mod command;
mod config;
mod edits;
mod error;
mod history;
mod import_into;
mod info;
mod job_aid;
mod open;
mod output;
mod preview;
mod results;
mod review;
mod snapshot;
mod state;
mod translation;

use std::collections::VecDeque;
use std::path::PathBuf;

use serde::Serialize;
use serde_json::Value;
use trellis_check::Checker;
use trellis_model::Touched;
use trellis_publish::Site;
use trellis_store::CourseFile;

use crate::preview::PreviewChange;

pub use assets::{AssetEntry, AssetUse};
pub use check::CheckReport;
pub use command::{
    CHANGES_COURSE, Command, DownloadCommand, EDITS_COURSE, EntityKind, GivenFile, PlaceKind,
    RESULT_TYPES,
};
pub use config::AppConfig;
pub use delta::{Changes, ModuleRow};
pub use error::{AppError, ErrorCode};
pub use history::edit_label;
pub use info::{About, SlotInfo, TemplateInfo, about, templates};
pub use job_aid::{JobAidPublished, JobAidView, job_aid_file};
pub use open::{ImportEntry, ImportReport};

pub use outline::{CourseView, LessonOutline, Whole};
pub use output::{
    ExportResult, ImageCounts, PackageFile, PublishResult, PublishWarning, StateBudget,
};
pub use places::Place;
pub use preview::{PreviewLesson, PreviewUpdate, mime_for, percent_decode};
pub use recent::Recent;
pub use results::{ResultsAnswer, ResultsImported, ResultsPullStatus, ResultsStore};
pub use review::{CommentChange, CommentList, CommentView, ReviewImport};
pub use snapshot::{Snapshot, UPGRADE_NOTICE};
pub use translation::{
    LanguageName, LanguageStatus, TranslationSet, TranslationState, TranslationStatus,
    TranslationUnit, TranslationUnits, UnitLimit, UnitTranslation,
};

/// The editor's state: at most one open course.
pub struct App {
    config: AppConfig,
    file: Option<CourseFile>,
    revision: u64,
    /// The rendered preview and the revision it shows (without its page
    /// once [`App::preview_file`] has handed that out).
    site: Option<(u64, Result<Site, String>)>,
    /// The design check, which keeps each lesson's findings until the
    /// lesson changes, and the revision it last checked.
    checker: Checker,
    checked: Option<u64>,
    /// The findings about the course's translations and the revision they
    /// are of (`None` after a translation changed).
    translations_checked: Option<(u64, trellis_check::Report)>,
    /// What each recent revision changed, for the preview's in-place updates.
    preview_log: VecDeque<(u64, PreviewChange)>,
    /// The rows each recent revision touched (`None`: a whole other course,
    /// or nothing open), for deltas.
    change_log: VecDeque<(u64, Option<Touched>)>,
    listener: Option<ChangeListener>,
    /// The folders this session last published and exported to.
    last_package_dir: Option<PathBuf>,
    last_export_dir: Option<PathBuf>,
    /// Browser mode: the only folders course files, packages and exports
    /// may be written in and files read from by path (see
    /// [`App::limit_places`]); `None` anywhere (the desktop app, where the
    /// author picks places in the system's dialogs).
    places: Option<Vec<PathBuf>>,
    /// Record stores' keys given this session, and the background pull.
    pull_state: results::PullState,
}

/// Told of every change as it is made, before the command's result is
/// built: the new revision and, when only lessons (or menu titles)
/// changed, the `preview_update` result from the revision before. A
/// transport can tell the UI and answer that `preview_update` at once,
/// without waiting for the command (see [`App::set_change_listener`]).
pub type ChangeListener = Box<dyn Fn(u64, Option<Value>) + Send>;

impl std::fmt::Debug for App {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("App")
            .field("file", &self.file)
            .field("revision", &self.revision)
            .finish_non_exhaustive()
    }
}

impl App {
    pub fn new(config: AppConfig) -> Self {
        Self {
            config,
            file: None,
            revision: 0,
            site: None,
            checker: Checker::default(),
            checked: None,
            translations_checked: None,
            preview_log: VecDeque::new(),
            change_log: VecDeque::new(),
            listener: None,
            last_package_dir: None,
            last_export_dir: None,
            places: None,
            pull_state: results::PullState::default(),
        }
    }

    /// Runs a command given as JSON.
    pub fn call_json(&mut self, command: Value) -> Result<Value, AppError> {
        self.call(Command::from_json(command)?)
    }

    /// Runs one command.
    pub fn call(&mut self, command: Command) -> Result<Value, AppError> {
        match command {
            Command::Blueprints => to_json(&blueprints::list()?),
            Command::Templates => to_json(&info::template_list()),
            Command::About => to_json(&info::about_info()),
            Command::Recent => to_json(
                &self
                    .config
                    .config_dir
                    .as_deref()
                    .map(recent::load)
                    .unwrap_or_default(),
            ),
            Command::NewCourse {
                blueprint,
                path,
                title,
            } => self.new_course(&blueprint, path, title),
            Command::OpenCourse { path } => {
                self.open_course(&path)?;
                self.snapshot()
            }
            Command::ImportFolder { folder, path } => {
                self.import_folder(&folder, path.as_deref())?;
                self.snapshot()
            }
            Command::ImportDocument {
                document,
                path,
                slides_as_headings,
                module_heading,
                lesson_heading,
            } => {
                let options =
                    import_into::options(slides_as_headings, module_heading, lesson_heading)?;
                let report = self.import_document(&document, path.as_deref(), options)?;
                let mut snapshot = self.snapshot()?;
                if let Value::Object(map) = &mut snapshot {
                    map.insert("import_report".into(), to_json(&report)?);
                }
                Ok(snapshot)
            }
            Command::ImportDocumentInto {
                document,
                slides_as_headings,
                module_heading,
                lesson_heading,
            } => {
                let options =
                    import_into::options(slides_as_headings, module_heading, lesson_heading)?;
                self.import_document_into(&document, options)
            }
            Command::Snapshot { if_open: true, .. } if self.file.is_none() => Ok(Value::Null),
            Command::Snapshot { lesson, full, .. } => {
                self.with_snapshot(Whole::of(lesson.as_ref(), full), None, |s| to_json(s))
            }
            Command::Lessons { ids } => {
                let course = self.file()?.course();
                let found: Vec<&trellis_model::Lesson> = ids
                    .iter()
                    .filter_map(|id| course.lessons().find(|l| &l.id == id))
                    .collect();
                to_json(&found)
            }
            Command::Apply { edit, run } => {
                let label = edit_label(&edit);
                self.apply_in_run(edit, label, run.as_deref())
            }
            Command::Undo => self.undo(),
            Command::Redo => self.redo(),
            Command::Duplicate { kind, id } => self.duplicate(kind, &id),
            Command::NewBlock {
                lesson,
                index,
                kind,
                question_type,
                slot,
            } => self.new_block(lesson, index, &kind, question_type.as_deref(), slot),
            Command::ImportAsset {
                name,
                data_base64,
                path,
            } => self.import_asset(name, data_base64, path),
            Command::Assets => to_json(&self.assets()?),
            Command::Check { lesson } => self.check(lesson),
            Command::JobAid { language } => to_json(&self.job_aid_view(language.as_deref())?),
            Command::Publish { target, path, .. } if target == "job-aid" => {
                to_json(&self.publish_job_aid(&path)?)
            }
            Command::Publish {
                target,
                path,
                folder,
                allow_state_overflow,
            } => to_json(&self.publish(&target, &path, folder, allow_state_overflow)?),
            Command::Export { path, zip } => to_json(&self.export(&path, zip)?),
            Command::DefaultPath {
                kind,
                title,
                target,
            } => to_json(&self.default_place(kind, title.as_deref(), target.as_deref())?),
            Command::Reveal { path } => self.reveal(&path),
            Command::Close => self.close(),
            Command::PreviewUpdate { from } => self.preview_update(from),
            Command::Changes { from } => self.delta_since(from),
            Command::Comments => self.comments_list(),
            Command::Results { min_learners } => to_json(&self.results_report(min_learners)?),
            Command::ResultsPull {
                address,
                key,
                secret,
                since,
                remember,
            } => to_json(&self.results_pull(
                &address,
                key.as_deref(),
                secret.as_deref(),
                since.as_deref(),
                remember.unwrap_or(false),
            )?),
            Command::ResultsPullStatus => to_json(&self.results_pull_status()),
            Command::ImportResults { file } => to_json(&self.import_results(&file)?),
            Command::ImportReview { file } => self.import_review(&file),
            Command::ReplyComment { id, author, text } => self.reply_comment(&id, &author, &text),
            Command::ResolveComment { id } => {
                self.set_comment_status(&id, trellis_model::CommentStatus::Resolved)
            }
            Command::ReopenComment { id } => {
                self.set_comment_status(&id, trellis_model::CommentStatus::Open)
            }
            Command::Translations => to_json(&self.translations_status()?),
            Command::TranslationUnits { language } => to_json(&self.translation_units(&language)?),
            Command::SetTranslation { language, id, text } => {
                to_json(&self.set_translation(&language, &id, &text)?)
            }
        }
    }

    /// Runs a command given as JSON and answers JSON text. A snapshot is
    /// encoded straight from the course: no [`Value`] tree is built (with
    /// `full` on the large generated course that tree is several times its
    /// 5.6 MB of text). For transports that pass the text on as it is.
    pub fn call_text(&mut self, command: Value) -> Result<String, AppError> {
        self.call_command_text(Command::from_json(command)?)
    }

    /// Runs one command and answers JSON text, as [`App::call_text`] does.
    pub fn call_command_text(&mut self, command: Command) -> Result<String, AppError> {
        fn encode(value: &impl Serialize) -> Result<String, AppError> {
            serde_json::to_string(value)
                .map_err(|e| AppError::internal(format!("Could not encode the result: {e}.")))
        }
        match command {
            Command::Snapshot { if_open: true, .. } if self.file.is_none() => Ok("null".into()),
            Command::Snapshot { lesson, full, .. } => {
                self.with_snapshot(Whole::of(lesson.as_ref(), full), None, |s| encode(s))
            }
            command => encode(&self.call(command)?),
        }
    }
}

pub(crate) fn to_json(value: &impl Serialize) -> Result<Value, AppError> {
    serde_json::to_value(value)
        .map_err(|e| AppError::internal(format!("Could not encode the result: {e}.")))
}

pub(crate) fn parse_id<T: TryFrom<String>>(id: &str) -> Result<T, AppError> {
    T::try_from(id.to_owned())
        .map_err(|_| AppError::not_found(format!("There is nothing with id `{id}`.")))
}
