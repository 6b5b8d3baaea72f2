//! The command layer of the Trellis editor (see `docs/app-api.md`).
//!
//! The editor UI talks to the core through one interface: it sends a
//! [`Command`] (JSON tagged by `cmd`) and gets a JSON result or an
//! [`AppError`] `{code, message}`. [`App`] holds the open course file, a
//! revision counter that grows with every change, the undo labels of this
//! session and a cache of the rendered preview; [`App::call`] runs one
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

pub mod blueprints;
pub mod delta;
mod error;
pub mod outline;
pub mod places;
pub mod recent;
mod results;
mod review;
pub mod starter;

use std::collections::VecDeque;
use std::path::{Path, PathBuf};

use base64::Engine as _;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use trellis_check::{Checker, Counts};
use trellis_model::{BlockContent, BlockId, Course, CourseId, Edit, LessonId, ModuleId, Touched};
use trellis_publish::{PublishOptions, Site, Target};
use trellis_store::CourseFile;

pub use delta::{Changes, ModuleRow};
pub use error::{AppError, ErrorCode};
pub use outline::{CourseView, LessonOutline, Whole};
pub use recent::Recent;
pub use review::{CommentView, ReviewImport};

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
    /// `{statements, report}`: learners' results read back into the course
    /// file (`trellis results pull` or `import`), analysed: per question,
    /// objective, lesson and course version (see `results.rs`,
    /// docs/results.md). Under `min_learners` (20) learners a figure is
    /// marked as not yet meaningful.
    Results {
        #[serde(default)]
        min_learners: Option<u32>,
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

/// The state the UI draws from. Whole (with `course`) from `open_course`,
/// `new_course`, `import_folder` and `snapshot`; as a delta (with `base` and
/// `changes` instead of `course`) from the commands that change the course.
#[derive(Debug, Clone, Serialize)]
pub struct Snapshot<'a> {
    pub path: &'a Path,
    pub revision: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub course: Option<CourseView<'a>>,
    /// In a delta: the revision `changes` apply to.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub base: Option<u64>,
    /// In a delta: what changed from `base` to `revision`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub changes: Option<Changes>,
    pub can_undo: bool,
    pub can_redo: bool,
    /// What undo would undo, e.g. "Delete block"; `null` when not known
    /// (history from an earlier session) or nothing to undo.
    pub undo_label: Option<&'a str>,
    pub redo_label: Option<&'a str>,
    pub check: Counts,
    /// Changes whenever the review comments change (comment changes leave
    /// `revision` alone): refetch `comments` when it differs.
    pub comments_revision: u64,
    /// Set while the open file, from an older Trellis, waits to be updated
    /// to this version's format on the first change ([`UPGRADE_NOTICE`]);
    /// `null` otherwise.
    pub upgrade_notice: Option<&'static str>,
}

/// What the editor tells the author while a course file from an older
/// Trellis is open and not yet changed: opening it changed nothing, and
/// the first change updates its format, after which older versions no
/// longer open it.
pub const UPGRADE_NOTICE: &str = "This course was saved by an older version of Trellis. Opening it \
     changed nothing; your first change updates the file to this version's format, and older \
     versions of Trellis will not open it after that.";

/// Where the app keeps its files and what it may do.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AppConfig {
    /// Holds `recent.json`; `None` keeps no recent list.
    pub config_dir: Option<PathBuf>,
    /// Processed images, reused across publishes.
    pub image_cache: Option<PathBuf>,
    /// Whether `reveal` opens the system's file manager.
    pub reveal: bool,
    /// Where new courses go when the author names no file and no course
    /// was opened before (`None`: [`places::courses_dir`]).
    pub courses_dir: Option<PathBuf>,
}

impl AppConfig {
    /// The user's folders ([`recent::default_config_dir`], the cache folder)
    /// with `reveal` on.
    pub fn from_env() -> Self {
        let cache = std::env::var_os("XDG_CACHE_HOME")
            .filter(|d| !d.is_empty())
            .map(PathBuf::from)
            .or_else(|| std::env::var_os("HOME").map(|h| Path::new(&h).join(".cache")));
        Self {
            config_dir: recent::default_config_dir(),
            image_cache: cache.map(|c| c.join("trellis").join("images")),
            reveal: true,
            courses_dir: None,
        }
    }
}

/// The editor's state: at most one open course.
pub struct App {
    config: AppConfig,
    file: Option<CourseFile>,
    revision: u64,
    /// Labels of this session's undoable changes, newest last.
    undo_labels: Vec<String>,
    redo_labels: Vec<String>,
    /// The rendered preview and the revision it shows (without its page
    /// once [`App::preview_file`] has handed that out).
    site: Option<(u64, Result<Site, String>)>,
    /// The design check, which keeps each lesson's findings until the
    /// lesson changes, and the revision it last checked.
    checker: Checker,
    checked: Option<u64>,
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
}

/// Told of every change as it is made, before the command's result is
/// built: the new revision and, when only lessons (or menu titles)
/// changed, the `preview_update` result from the revision before. A
/// transport can tell the UI and answer that `preview_update` at once,
/// without waiting for the command (see [`App::set_change_listener`]).
pub type ChangeListener = Box<dyn Fn(u64, Option<Value>) + Send>;

/// What one revision changed, as far as the preview page is concerned.
#[derive(Debug, Clone, PartialEq, Eq)]
enum PreviewChange {
    /// Only these lessons' sections (and, with `menu`, the titles in the menu).
    Lessons { lessons: Vec<LessonId>, menu: bool },
    /// Anything else: the page is drawn again.
    Page,
}

/// How many revisions the preview log remembers.
const PREVIEW_LOG: usize = 64;

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
            undo_labels: Vec::new(),
            redo_labels: Vec::new(),
            site: None,
            checker: Checker::default(),
            checked: None,
            preview_log: VecDeque::new(),
            change_log: VecDeque::new(),
            listener: None,
            last_package_dir: None,
            last_export_dir: None,
            places: None,
        }
    }

    /// From now on, writes (new and imported course files, packages,
    /// exports), opening a course file for editing and reading files by
    /// path (assets, course folders, review files) happen only inside
    /// `folders`, and never to or from a hidden name below them
    /// ([`places::check_writable`], [`places::check_readable`]); anything
    /// else is refused with [`ErrorCode::Forbidden`]. `trellis studio`
    /// calls this: whoever holds its token can then neither overwrite the
    /// author's other files nor import them to read them back.
    pub fn limit_places(&mut self, folders: Vec<PathBuf>) {
        self.places = Some(folders);
    }

    /// The folder new courses go to when nothing else says where:
    /// [`AppConfig::courses_dir`], else [`places::courses_dir`].
    pub fn courses_dir(&self) -> PathBuf {
        self.config
            .courses_dir
            .clone()
            .unwrap_or_else(places::courses_dir)
    }

    /// Refuses to read `path` when places are limited
    /// ([`App::limit_places`]) and it is outside those folders.
    fn may_read(&self, path: &Path) -> Result<(), AppError> {
        let Some(folders) = &self.places else {
            return Ok(());
        };
        places::check_readable(path, folders)
            .map_err(|message| AppError::new(ErrorCode::Forbidden, message))
    }

    /// Refuses `path` when places are limited ([`App::limit_places`]) and
    /// it is outside those folders, or (with `ext`, e.g. `zip`) it does not
    /// end in `.ext`.
    fn may_write(&self, path: &Path, ext: Option<&str>) -> Result<(), AppError> {
        let Some(folders) = &self.places else {
            return Ok(());
        };
        places::check_writable(path, folders)
            .map_err(|message| AppError::new(ErrorCode::Forbidden, message))?;
        if let Some(ext) = ext
            && !path
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case(ext))
        {
            return Err(AppError::new(
                ErrorCode::Forbidden,
                format!(
                    "Trellis studio writes only .{ext} files here, and {} is not one.",
                    path.display()
                ),
            ));
        }
        Ok(())
    }

    /// Calls `listener` after every change (see [`ChangeListener`]).
    pub fn set_change_listener(&mut self, listener: ChangeListener) {
        self.listener = Some(listener);
    }

    /// Grows with every change of the open course (or of which is open).
    pub fn revision(&self) -> u64 {
        self.revision
    }

    /// The open course, if any.
    pub fn course(&self) -> Option<&Course> {
        self.file.as_ref().map(CourseFile::course)
    }

    /// The open course file's path, if any.
    pub fn path(&self) -> Option<&Path> {
        self.file.as_ref().map(CourseFile::path)
    }

    /// What undo and redo would do now, for menus: `(can_undo, undo_label,
    /// can_redo, redo_label)`; labels as in [`Snapshot`].
    pub fn history(&self) -> (bool, Option<&str>, bool, Option<&str>) {
        let Some(file) = &self.file else {
            return (false, None, false, None);
        };
        (
            file.can_undo(),
            file.can_undo()
                .then(|| self.undo_labels.last().map(String::as_str))
                .flatten(),
            file.can_redo(),
            file.can_redo()
                .then(|| self.redo_labels.last().map(String::as_str))
                .flatten(),
        )
    }

    /// "Course title — Trellis", or "Trellis" with nothing open.
    pub fn window_title(&self) -> String {
        match self.course() {
            Some(c) => format!("{} — Trellis", c.info.title),
            None => "Trellis".into(),
        }
    }

    /// Opens what the user named when starting the app: a course file, or a
    /// text-format folder, which is imported into a new course file in the
    /// system's temporary folder (see [`App::path`]). Builds no snapshot (the
    /// window asks for one when it is ready).
    pub fn open_at_start(&mut self, path: &Path) -> Result<(), AppError> {
        if path.is_dir() {
            let name = path
                .canonicalize()
                .ok()
                .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
                .unwrap_or_else(|| "course".into());
            let dir = std::env::temp_dir().join("trellis");
            std::fs::create_dir_all(&dir)
                .map_err(|e| AppError::io(format!("Could not create {}", dir.display()), &e))?;
            let stamp = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_millis())
                .unwrap_or(0);
            let file = dir.join(format!("{name}-{stamp}-{}.trellis", std::process::id()));
            self.import_folder(path, Some(&file))
        } else {
            self.open_course(path)
        }
    }

    /// Opens the course file at `path` (relative: see [`App::resolve`]),
    /// unless it is open already.
    fn open_course(&mut self, path: &Path) -> Result<(), AppError> {
        let path = self.resolve(path);
        if let Some(open) = self.path()
            && same_file(open, &path)
        {
            self.remember();
            return Ok(());
        }
        // Editing writes into the file. Asked first, so that a refused
        // client cannot learn whether a file exists.
        self.may_write(&path, None)?;
        if !path.exists() {
            return Err(AppError::not_found(format!(
                "There is no file at {}.",
                path.display()
            )));
        }
        if path.is_dir() {
            return Err(AppError::new(
                ErrorCode::NotACourse,
                format!(
                    "{} is a folder. To edit a course folder, import it into a course file.",
                    path.display()
                ),
            ));
        }
        // A file from an older Trellis is updated on the first change, not
        // on opening; the snapshot says so meanwhile (`upgrade_notice`).
        let file = CourseFile::open_upgrading_on_first_change(&path)?;
        self.set_file(file);
        Ok(())
    }

    /// Imports the text-format `folder` into a new course file at `path`
    /// and opens it.
    fn import_folder(&mut self, folder: &Path, path: Option<&Path>) -> Result<(), AppError> {
        let folder = self.resolve(folder);
        self.may_read(&folder)?;
        if !folder.is_dir() {
            return Err(AppError::not_found(format!(
                "There is no folder at {}.",
                folder.display()
            )));
        }
        let imported = trellis_text::import_dir(&folder)?;
        let path = match path {
            Some(path) => self.resolve(path),
            None => self.new_course_path(&imported.course.info.title)?,
        };
        self.may_write(&path, Some("trellis"))?;
        let file = CourseFile::create_with_comments(
            &path,
            &imported.course,
            imported.assets,
            &imported.comments,
        )?;
        self.set_file(file);
        Ok(())
    }

    /// Imports `document` into a new course file at `path` and opens it;
    /// the import's report as JSON (`{format, mapped, skipped}`, each entry
    /// `{place, what}`).
    fn import_document(
        &mut self,
        document: &Path,
        path: Option<&Path>,
        slides_as_headings: bool,
    ) -> Result<Value, AppError> {
        let document = self.resolve(document);
        self.may_read(&document)?;
        if !document.exists() {
            return Err(AppError::not_found(format!(
                "There is no document at {}.",
                document.display()
            )));
        }
        let options = trellis_import::Options {
            slides: if slides_as_headings {
                trellis_import::SlideMode::Headings
            } else {
                trellis_import::SlideMode::Lessons
            },
        };
        let imported = trellis_import::import_file_with(&document, options)
            .map_err(|e| AppError::bad_input(crate::error::sentence(e.to_string())))?;
        let path = match path {
            Some(path) => self.resolve(path),
            None => self.new_course_path(&imported.course.info.title)?,
        };
        self.may_write(&path, Some("trellis"))?;
        let entries = |list: &[(trellis_import::Place, String)]| {
            list.iter()
                .map(|(place, what)| json!({ "place": place.to_string(), "what": what }))
                .collect::<Vec<_>>()
        };
        let report = json!({
            "format": imported.format.name(),
            "mapped": entries(&imported.report.mapped),
            "skipped": entries(&imported.report.skipped),
        });
        let file = CourseFile::create_with_comments(
            &path,
            &imported.course,
            imported.assets,
            &imported.comments,
        )?;
        self.set_file(file);
        Ok(report)
    }

    /// Runs a command given as JSON.
    pub fn call_json(&mut self, command: Value) -> Result<Value, AppError> {
        self.call(Command::from_json(command)?)
    }

    /// Runs one command.
    pub fn call(&mut self, command: Command) -> Result<Value, AppError> {
        match command {
            Command::Blueprints => to_json(&blueprints::list()?),
            Command::Templates => Ok(templates()),
            Command::About => Ok(about()),
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
            } => {
                let mut imported = blueprints::get(&blueprint)?;
                imported.course.id = CourseId::generate();
                if let Some(title) = title.filter(|t| !t.trim().is_empty()) {
                    if let Some(bad) = trellis_model::find_bad_char(&json!({ "title": title })) {
                        return Err(AppError::bad_input(format!(
                            "The course was not created: {bad}."
                        )));
                    }
                    imported.course.info.title = title.trim().to_owned();
                }
                let path = match path {
                    Some(path) => self.resolve(&path),
                    None => self.new_course_path(&imported.course.info.title)?,
                };
                self.may_write(&path, Some("trellis"))?;
                let file = CourseFile::create(&path, &imported.course, imported.assets)?;
                self.set_file(file);
                self.snapshot()
            }
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
            } => {
                let report =
                    self.import_document(&document, path.as_deref(), slides_as_headings)?;
                let mut snapshot = self.snapshot()?;
                if let Value::Object(map) = &mut snapshot {
                    map.insert("import_report".into(), report);
                }
                Ok(snapshot)
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
            Command::Undo => {
                let before = self.revision;
                let info = self.file()?.course().info.clone();
                let file = self.file_mut()?;
                if file.undo()? {
                    let label = self.undo_labels.pop();
                    if let Some(label) = label {
                        self.redo_labels.push(label);
                    } else {
                        self.redo_labels.clear();
                    }
                    self.changed_rows(PreviewChange::Page);
                }
                self.delta_with_place(before, &info)
            }
            Command::Redo => {
                let before = self.revision;
                let info = self.file()?.course().info.clone();
                let file = self.file_mut()?;
                if file.redo()? {
                    let label = self.redo_labels.pop();
                    if let Some(label) = label {
                        self.undo_labels.push(label);
                    }
                    self.changed_rows(PreviewChange::Page);
                }
                self.delta_with_place(before, &info)
            }
            Command::Duplicate { kind, id } => {
                let course = self.file()?.course();
                let edit = match kind {
                    EntityKind::Module => {
                        trellis_model::edit::duplicate_module(course, &parse_id::<ModuleId>(&id)?)?
                    }
                    EntityKind::Lesson => {
                        trellis_model::edit::duplicate_lesson(course, &parse_id::<LessonId>(&id)?)?
                    }
                    EntityKind::Block => {
                        trellis_model::edit::duplicate_block(course, &parse_id::<BlockId>(&id)?)?
                    }
                };
                let label = match kind {
                    EntityKind::Module => "Duplicate module",
                    EntityKind::Lesson => "Duplicate lesson",
                    EntityKind::Block => "Duplicate block",
                };
                self.apply(edit, label.into())
            }
            Command::NewBlock {
                lesson,
                index,
                kind,
                question_type,
                slot,
            } => {
                let course = self.file()?.course();
                let Some(target) = course.lesson(&lesson) else {
                    return Err(AppError::not_found(format!(
                        "There is no lesson with id `{lesson}`."
                    )));
                };
                if let Some(slot) = &slot
                    && target.template.template().slot(slot).is_none()
                {
                    return Err(AppError::bad_input(format!(
                        "The {} template has no slot `{slot}`.",
                        target.template.template().name
                    )));
                }
                let mut block = starter::new_block(&kind, question_type.as_deref())?;
                block.slot = slot;
                let label = format!("Add {}", kind_words(&block.content));
                self.apply(
                    Edit::AddBlock {
                        lesson,
                        index,
                        block,
                    },
                    label,
                )
            }
            Command::ImportAsset {
                name,
                data_base64,
                path,
            } => {
                let (name, bytes) = match (data_base64, path) {
                    (Some(data), None) => {
                        let name = name.ok_or_else(|| {
                            AppError::bad_input("Give the asset a name, such as `photo.jpg`.")
                        })?;
                        let bytes = base64::engine::general_purpose::STANDARD
                            .decode(data.trim())
                            .map_err(|e| {
                                AppError::bad_input(format!("The file data is not base64: {e}."))
                            })?;
                        (name, bytes)
                    }
                    (None, Some(path)) => {
                        let path = self.resolve(&path);
                        self.may_read(&path)?;
                        let name = match name {
                            Some(n) => n,
                            None => path
                                .file_name()
                                .map(|n| n.to_string_lossy().into_owned())
                                .ok_or_else(|| {
                                    AppError::bad_input(format!(
                                        "{} is not a file.",
                                        path.display()
                                    ))
                                })?,
                        };
                        let bytes = trellis_assets::read_file(&path).map_err(|e| match e {
                            trellis_assets::ReadError::Io { source, .. } => {
                                AppError::io(format!("Could not read {}", path.display()), &source)
                            }
                            refused => AppError::bad_input(format!("{refused}.")),
                        })?;
                        (name, bytes)
                    }
                    _ => {
                        return Err(AppError::bad_input(
                            "Give either the file's path, or its name and its data in base64.",
                        ));
                    }
                };
                let before = self.revision;
                let file = self.file_mut()?;
                file.import_asset(&name, &bytes)?;
                self.undo_labels.push(format!("Import {name}"));
                self.redo_labels.clear();
                self.changed_rows(PreviewChange::Page);
                self.delta_since(before)
            }
            Command::Assets => to_json(&self.assets()?),
            Command::Check { lesson } => {
                self.check_report()?;
                let report = &self.checker;
                match lesson {
                    None => to_json(report),
                    Some(lesson) => {
                        let findings: Vec<&trellis_check::Finding> = report
                            .findings()
                            .filter(|f| {
                                let at = &f.location;
                                at.lesson.as_ref() == Some(&lesson)
                                    || (at.lesson.is_none() && at.module.is_none())
                            })
                            .collect();
                        Ok(
                            json!({"counts": report.counts(), "findings": findings, "lesson": lesson}),
                        )
                    }
                }
            }
            Command::Publish {
                target,
                path,
                folder,
                allow_state_overflow,
            } => self.publish(&target, &path, folder, allow_state_overflow),
            Command::Export { path, zip } => self.export(&path, zip),
            Command::DefaultPath {
                kind,
                title,
                target,
            } => {
                let path = self.default_path(kind, title.as_deref(), target.as_deref())?;
                let folder = path.parent().map(Path::to_owned).unwrap_or_default();
                let name = path
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default();
                Ok(json!({"path": path, "folder": folder, "name": name}))
            }
            Command::Reveal { path } => {
                let path = self.resolve(&path);
                self.may_read(&path)?;
                if !path.exists() {
                    return Err(AppError::not_found(format!(
                        "There is nothing at {} to show.",
                        path.display()
                    )));
                }
                if !self.config.reveal {
                    return Err(AppError::bad_input(
                        "Showing files in the file manager works only in the desktop app.",
                    ));
                }
                reveal(&path).map_err(|e| AppError::io("Could not open the file manager", &e))?;
                Ok(Value::Null)
            }
            Command::Close => {
                if self.file.take().is_some() {
                    self.undo_labels.clear();
                    self.redo_labels.clear();
                    self.changed();
                }
                Ok(Value::Null)
            }
            Command::PreviewUpdate { from } => self.preview_update(from),
            Command::Changes { from } => self.delta_since(from),
            Command::Comments => self.comments_list(),
            Command::Results { min_learners } => self.results_report(min_learners),
            Command::ImportReview { path, data_base64 } => {
                self.import_review(path.as_deref(), data_base64.as_deref())
            }
            Command::ReplyComment { id, author, text } => self.reply_comment(&id, &author, &text),
            Command::ResolveComment { id } => {
                self.set_comment_status(&id, trellis_model::CommentStatus::Resolved)
            }
            Command::ReopenComment { id } => {
                self.set_comment_status(&id, trellis_model::CommentStatus::Open)
            }
        }
    }

    /// `{revision, reload, lessons: [{page, id, html, data}], menu}`: the
    /// parts of the preview page (target `preview`) that changed after
    /// revision `from`, rendered for the current revision; `reload` when
    /// more than lessons and menu titles changed, or `from` is too old.
    pub fn preview_update(&self, from: u64) -> Result<Value, AppError> {
        let file = self.file()?;
        let revision = self.revision;
        let reload =
            || Ok(json!({"revision": revision, "reload": true, "lessons": [], "menu": null}));
        if from > revision {
            return reload();
        }
        let mut lessons: Vec<LessonId> = Vec::new();
        let mut menu = false;
        for r in from + 1..=revision {
            match self.preview_log.iter().find(|(at, _)| *at == r) {
                Some((
                    _,
                    PreviewChange::Lessons {
                        lessons: l,
                        menu: m,
                    },
                )) => {
                    for id in l {
                        if !lessons.contains(id) {
                            lessons.push(id.clone());
                        }
                    }
                    menu |= m;
                }
                _ => return reload(),
            }
        }
        let options = trellis_render::RenderOptions::new(Target::Preview);
        let parts = trellis_render::preview::lessons(file.course(), &options, &lessons)
            .map_err(|e| AppError::internal(format!("The preview could not be drawn: {e}.")))?;
        if parts.len() != lessons.len() {
            return reload();
        }
        let menu = if menu {
            Some(
                trellis_render::preview::menu(file.course(), &options).map_err(|e| {
                    AppError::internal(format!("The preview could not be drawn: {e}."))
                })?,
            )
        } else {
            None
        };
        let lessons: Vec<Value> = parts
            .into_iter()
            .map(|p| json!({"page": p.page, "id": p.id, "html": p.html, "data": p.data}))
            .collect();
        Ok(json!({"revision": revision, "reload": false, "lessons": lessons, "menu": menu}))
    }

    /// What `edit` will change in the preview page, judged before it is
    /// applied to `course`.
    fn preview_change(course: &Course, edit: &Edit) -> PreviewChange {
        let lesson_of = |id: &BlockId| {
            course
                .blocks()
                .find(|(_, b)| &b.id == id)
                .map(|(l, _)| l.id.clone())
        };
        let lessons = |ids: Vec<Option<LessonId>>, menu: bool| match ids.into_iter().collect() {
            Some(lessons) => PreviewChange::Lessons { lessons, menu },
            None => PreviewChange::Page,
        };
        match edit {
            Edit::UpdateBlock { block } => lessons(vec![lesson_of(&block.id)], false),
            Edit::AddBlock { lesson, .. } => lessons(vec![Some(lesson.clone())], false),
            Edit::DeleteBlock { id }
            | Edit::LinkObjective { block: id, .. }
            | Edit::UnlinkObjective { block: id, .. } => lessons(vec![lesson_of(id)], false),
            Edit::MoveBlock { id, lesson, .. } => {
                lessons(vec![lesson_of(id), Some(lesson.clone())], false)
            }
            Edit::RenameLesson { id, .. } | Edit::UpdateLesson { id, .. } => {
                lessons(vec![Some(id.clone())], true)
            }
            Edit::RenameModule { .. } => lessons(Vec::new(), true),
            Edit::Batch { edits } => {
                let mut all = Vec::new();
                let mut menu = false;
                for e in edits {
                    match Self::preview_change(course, e) {
                        PreviewChange::Lessons {
                            lessons: l,
                            menu: m,
                        } => {
                            all.extend(l);
                            menu |= m;
                        }
                        PreviewChange::Page => return PreviewChange::Page,
                    }
                }
                PreviewChange::Lessons { lessons: all, menu }
            }
            _ => PreviewChange::Page,
        }
    }

    /// Does ahead of time the work the next snapshot needs besides
    /// encoding the course (the design check of this revision), e.g. while
    /// a window is still starting.
    pub fn prepare_snapshot(&mut self) {
        if self.file.is_some() {
            let _ = self.check_report();
        }
    }

    /// The snapshot of the open course, its first lesson whole (see
    /// [`Command::Snapshot`]).
    pub fn snapshot(&mut self) -> Result<Value, AppError> {
        self.with_snapshot(Whole::One(None), None, |s| to_json(s))
    }

    /// What changed after revision `from` as a delta (a [`Snapshot`] with
    /// `base` and `changes` instead of `course`), or the whole snapshot when
    /// the log no longer reaches back to `from` or a change was not to rows
    /// (another course opened).
    pub fn delta_since(&mut self, from: u64) -> Result<Value, AppError> {
        let revision = self.revision;
        if from > revision {
            return self.snapshot();
        }
        let mut touched = Touched::default();
        for r in from + 1..=revision {
            match self.change_log.iter().find(|(at, _)| *at == r) {
                Some((_, Some(t))) => delta::merge(&mut touched, t),
                _ => return self.snapshot(),
            }
        }
        let changes = Changes::from_touched(self.file()?.course(), &touched);
        self.with_snapshot(Whole::One(None), Some((from, changes)), |s| to_json(s))
    }

    /// The delta since `from` (see [`App::delta_since`]) with `place`: where
    /// the undone or redone change happened ([`delta::Place`]), for the
    /// editor to take the author there; absent when nothing changed.
    /// `info` is the course's details from before the change.
    fn delta_with_place(
        &mut self,
        from: u64,
        info: &trellis_model::CourseInfo,
    ) -> Result<Value, AppError> {
        let place = if self.revision > from {
            let file = self.file()?;
            delta::Place::of(file.course(), file.last_touched(), info)
        } else {
            None
        };
        let mut value = self.delta_since(from)?;
        if let (Some(place), Value::Object(map)) = (place, &mut value) {
            map.insert("place".into(), to_json(&place)?);
        }
        Ok(value)
    }

    /// Runs a command given as JSON and answers JSON text. A snapshot is
    /// encoded straight from the course: no [`Value`] tree is built (with
    /// `full` on the large generated course that tree is several times its
    /// 5.6 MB of text). For transports that pass the text on as it is.
    pub fn call_text(&mut self, command: Value) -> Result<String, AppError> {
        fn encode(value: &impl Serialize) -> Result<String, AppError> {
            serde_json::to_string(value)
                .map_err(|e| AppError::internal(format!("Could not encode the result: {e}.")))
        }
        match Command::from_json(command)? {
            Command::Snapshot { if_open: true, .. } if self.file.is_none() => Ok("null".into()),
            Command::Snapshot { lesson, full, .. } => {
                self.with_snapshot(Whole::of(lesson.as_ref(), full), None, |s| encode(s))
            }
            command => encode(&self.call(command)?),
        }
    }

    /// Builds the [`Snapshot`] (or, with `delta`, the delta) and hands it
    /// to `encode`; `whole` says which lessons a snapshot carries whole.
    fn with_snapshot<T>(
        &mut self,
        whole: Whole,
        delta: Option<(u64, Changes)>,
        encode: impl FnOnce(&Snapshot) -> Result<T, AppError>,
    ) -> Result<T, AppError> {
        let counts = self.check_counts()?;
        let file = self.file()?;
        let (can_undo, undo_label, can_redo, redo_label) = self.history();
        let (course, base, changes) = match delta {
            Some((base, changes)) => (None, Some(base), Some(changes)),
            None => (
                Some(CourseView {
                    course: file.course(),
                    whole,
                }),
                None,
                None,
            ),
        };
        let snapshot = Snapshot {
            path: file.path(),
            revision: self.revision,
            course,
            base,
            changes,
            can_undo,
            can_redo,
            undo_label,
            redo_label,
            check: counts,
            comments_revision: file.comments_revision(),
            upgrade_notice: file.upgrade_pending().map(|_| UPGRADE_NOTICE),
        };
        encode(&snapshot)
    }

    /// A file of the preview site: `""` or `index.html` for the page,
    /// `assets/<name>` (percent-encoded) for an asset, `lessons/<id>.json`
    /// for one lesson (`{page, id, html, data}`, as in `preview_update`).
    /// The page draws only one lesson in full, `?lesson=<id>` (else the
    /// first); the player fetches the others as they are shown (see
    /// [`trellis_render::preview::page`]). `None` when there is no such
    /// file or no course is open.
    pub fn preview_file(&mut self, path: &str) -> Option<(String, Vec<u8>)> {
        let path = path.trim_start_matches('/');
        let (path, query) = match path.split_once('?') {
            Some((p, q)) => (p, q.split('#').next().unwrap_or_default()),
            None => (path.split('#').next().unwrap_or_default(), ""),
        };
        let path = if path.is_empty() { "index.html" } else { path };
        let file = self.file.as_ref()?;
        if let Some(name) = path.strip_prefix("assets/") {
            let name = percent_decode(name)?;
            let info = file.course().asset(&name)?;
            let media_type = info.media_type.clone();
            let bytes = file.asset_bytes(&name).ok()?;
            return Some((media_type, bytes));
        }
        let options = trellis_render::RenderOptions::new(Target::Preview);
        if let Some(name) = path.strip_prefix("lessons/") {
            let id = percent_decode(name.strip_suffix(".json")?)?;
            let lesson = file.course().lessons().find(|l| l.id.as_str() == id)?;
            let ids = std::slice::from_ref(&lesson.id);
            let part = trellis_render::preview::lessons(file.course(), &options, ids)
                .ok()?
                .pop()?;
            return Some((
                mime_for(path).to_owned(),
                part.json().to_string().into_bytes(),
            ));
        }
        let revision = self.revision;
        // The page is handed out, not copied: it is drawn again (for the
        // lesson it opens on) each time it is asked for.
        let stale = match &self.site {
            Some((r, Ok(_))) => *r != revision || path == "index.html",
            Some((r, Err(_))) => *r != revision,
            None => true,
        };
        if stale {
            let open = Self::preview_query_lesson(query);
            let site = trellis_render::preview::page(file.course(), &options, open.as_deref())
                .map_err(|e| e.to_string());
            self.site = Some((revision, site));
        }
        let (_, site) = self.site.as_mut()?;
        match site {
            Ok(site) if path == "index.html" => site
                .files
                .remove(path)
                .map(|bytes| (mime_for(path).to_owned(), bytes)),
            Ok(site) => site
                .files
                .get(path)
                .map(|bytes| (mime_for(path).to_owned(), bytes.clone())),
            Err(message) if path == "index.html" => Some((
                "text/html; charset=utf-8".into(),
                format!(
                    "<!doctype html><meta charset=utf-8><title>Preview</title>\
                     <p>The preview could not be drawn: {}</p>",
                    html_escape(message)
                )
                .into_bytes(),
            )),
            Err(_) => None,
        }
    }

    /// The lesson id in a preview page's query (`lesson=<id>`, percent- or
    /// `+`-encoded), if any.
    fn preview_query_lesson(query: &str) -> Option<String> {
        query
            .split('&')
            .find_map(|pair| pair.strip_prefix("lesson="))
            .and_then(|v| percent_decode(&v.replace('+', " ")))
            .filter(|v| !v.is_empty())
    }

    fn file(&self) -> Result<&CourseFile, AppError> {
        self.file.as_ref().ok_or_else(AppError::not_open)
    }

    /// The open course file, to change it: a file from an older Trellis is
    /// updated to this version's format first (the author was told when it
    /// opened, see [`UPGRADE_NOTICE`]).
    fn file_mut(&mut self) -> Result<&mut CourseFile, AppError> {
        let file = self.file.as_mut().ok_or_else(AppError::not_open)?;
        file.upgrade()?;
        Ok(file)
    }

    /// A change that is not to rows of the open course (another course, or
    /// none): deltas across it are whole snapshots.
    fn changed(&mut self) {
        self.log_rows(None);
        self.changed_in(PreviewChange::Page);
    }

    /// A change to the open course's rows, as the store reported them.
    fn changed_rows(&mut self, change: PreviewChange) {
        let touched = self.file.as_ref().map(|f| f.last_touched().clone());
        self.log_rows(touched);
        self.changed_in(change);
    }

    /// Records what the coming revision touched, and has the design check
    /// forget the lessons it changed (all of them when that is not known).
    fn log_rows(&mut self, touched: Option<Touched>) {
        match (&touched, &self.file) {
            (Some(t), Some(file)) => {
                for lesson in file.course().lessons() {
                    if delta::touches(t, lesson) {
                        self.checker.forget(&lesson.id);
                    }
                }
            }
            _ => self.checker.forget_all(),
        }
        if self.change_log.len() >= PREVIEW_LOG {
            self.change_log.pop_front();
        }
        self.change_log.push_back((self.revision + 1, touched));
    }

    fn changed_in(&mut self, change: PreviewChange) {
        self.revision += 1;
        if self.preview_log.len() >= PREVIEW_LOG {
            self.preview_log.pop_front();
        }
        let lessons = matches!(change, PreviewChange::Lessons { .. });
        self.preview_log.push_back((self.revision, change));
        if let Some(listener) = &self.listener {
            let update = lessons
                .then(|| self.preview_update(self.revision - 1).ok())
                .flatten()
                .filter(|u| u["reload"] == false);
            listener(self.revision, update);
        }
    }

    fn set_file(&mut self, file: CourseFile) {
        self.file = Some(file);
        self.undo_labels.clear();
        self.redo_labels.clear();
        self.changed();
        self.remember();
    }

    fn remember(&self) {
        if let (Some(dir), Some(file)) = (&self.config.config_dir, &self.file) {
            recent::touch(dir, file.path(), &file.course().info.title);
        }
    }

    fn apply(&mut self, edit: Edit, label: String) -> Result<Value, AppError> {
        self.apply_in_run(edit, label, None)
    }

    /// Applies `edit`, as part of the typing run `run` when given.
    fn apply_in_run(
        &mut self,
        edit: Edit,
        label: String,
        run: Option<&str>,
    ) -> Result<Value, AppError> {
        let before = self.revision;
        let course = self.file()?.course();
        let mut change = Self::preview_change(course, &edit);
        // A new kind of block may need player code the page does not have.
        let modules = matches!(change, PreviewChange::Lessons { .. })
            .then(|| trellis_render::player::modules_for(course, Target::Preview));
        let file = self.file_mut()?;
        let joined = match run {
            Some(run) => file.apply_in_run(edit, run)?,
            None => {
                file.apply(edit)?;
                false
            }
        };
        if let Some(before) = modules
            && before != trellis_render::player::modules_for(self.file()?.course(), Target::Preview)
        {
            change = PreviewChange::Page;
        }
        if !joined {
            self.undo_labels.push(label);
        }
        self.redo_labels.clear();
        self.changed_rows(change);
        self.delta_since(before)
    }

    /// Runs the design check unless this revision is checked; it checks
    /// again only the lessons changed since the last run (see `log_rows`).
    fn check_report(&mut self) -> Result<(), AppError> {
        let file = self.file.as_ref().ok_or_else(AppError::not_open)?;
        if self.checked != Some(self.revision) {
            self.checker.run(file.course());
            self.checked = Some(self.revision);
        }
        Ok(())
    }

    fn check_counts(&mut self) -> Result<Counts, AppError> {
        self.check_report()?;
        Ok(self.checker.counts())
    }

    /// A relative path is taken from the open course's folder, or from the
    /// working folder when none is open.
    fn resolve(&self, path: &Path) -> PathBuf {
        if path.is_absolute() {
            return path.to_owned();
        }
        let base = self
            .path()
            .and_then(Path::parent)
            .map(Path::to_owned)
            .or_else(|| std::env::current_dir().ok())
            .unwrap_or_default();
        base.join(path)
    }

    fn assets(&self) -> Result<Vec<AssetEntry>, AppError> {
        let course = self.file()?.course();
        Ok(course
            .assets
            .iter()
            .map(|a| {
                let mut used_by = Vec::new();
                let mut missing_alt = false;
                for (lesson, block) in course.blocks() {
                    if !block.asset_refs().contains(&a.name.as_str()) {
                        continue;
                    }
                    used_by.push(AssetUse {
                        lesson: lesson.id.clone(),
                        block: block.id.clone(),
                    });
                    missing_alt |= match &block.content {
                        BlockContent::Image {
                            asset,
                            alt,
                            decorative,
                            ..
                        } => asset == &a.name && !decorative && alt.trim().is_empty(),
                        BlockContent::LabelledGraphic { asset, alt, .. } => {
                            asset == &a.name && alt.trim().is_empty()
                        }
                        _ => false,
                    };
                }
                AssetEntry {
                    name: a.name.clone(),
                    media_type: a.media_type.clone(),
                    size: a.size,
                    width: a.width,
                    height: a.height,
                    used_by,
                    missing_alt,
                }
            })
            .collect())
    }

    /// Where to save a `kind` when the author has not chosen (see
    /// [`Command::DefaultPath`]): a name made from `title` (else the open
    /// course's title) that is not taken, in the folder last used for that
    /// kind — for courses, the folder of the course opened last, else
    /// [`places::courses_dir`]; for packages and exports, the folder of the
    /// last publish or export of this session, else the open course's.
    pub fn default_path(
        &self,
        kind: PlaceKind,
        title: Option<&str>,
        target: Option<&str>,
    ) -> Result<PathBuf, AppError> {
        let title = match title.filter(|t| !t.trim().is_empty()) {
            Some(t) => t.to_owned(),
            None if kind == PlaceKind::Course => String::new(),
            None => self.file()?.course().info.title.clone(),
        };
        let stem = places::safe_file_name(&title);
        let course_dir = || {
            self.path()
                .and_then(Path::parent)
                .map(Path::to_owned)
                .unwrap_or_default()
        };
        Ok(match kind {
            PlaceKind::Course => places::unused_path(&self.course_folder()?, &stem, "trellis"),
            PlaceKind::Package => {
                let target = target.unwrap_or("scorm12");
                let dir = self.last_package_dir.clone().unwrap_or_else(course_dir);
                // A package of the same course for the same target is
                // meant to be replaced, so the name is the same each time.
                dir.join(format!("{stem} - {}.zip", places::target_words(target)))
            }
            PlaceKind::Export => {
                let dir = self.last_export_dir.clone().unwrap_or_else(course_dir);
                // An earlier export of the course is updated in place
                // (trellis-text keeps its .git); anything else is not taken.
                let same = dir.join(&stem);
                if same.join("course.toml").is_file() {
                    same
                } else {
                    places::unused_path(&dir, &stem, "")
                }
            }
            PlaceKind::ExportZip => {
                let dir = self.last_export_dir.clone().unwrap_or_else(course_dir);
                dir.join(format!("{stem}.zip"))
            }
        })
    }

    /// The folder a new course goes to: that of the course opened last,
    /// else [`places::courses_dir`] (created if needed).
    fn course_folder(&self) -> Result<PathBuf, AppError> {
        let last = self
            .config
            .config_dir
            .as_deref()
            .map(recent::load)
            .unwrap_or_default()
            .into_iter()
            .find_map(|r| {
                r.path
                    .parent()
                    .filter(|d| d.is_dir() && self.may_write(&d.join("x"), None).is_ok())
                    .map(Path::to_owned)
            });
        if let Some(dir) = last {
            return Ok(dir);
        }
        let dir = self.courses_dir();
        std::fs::create_dir_all(&dir)
            .map_err(|e| AppError::io(format!("Could not create {}", dir.display()), &e))?;
        Ok(dir)
    }

    /// Where a new course titled `title` goes when the author named no file.
    fn new_course_path(&self, title: &str) -> Result<PathBuf, AppError> {
        self.default_path(PlaceKind::Course, Some(title), None)
    }

    /// Writes the open course, its assets and review comments, as a
    /// text-format folder at `path`, or with `zip` as a zip at `path` that
    /// holds that folder (named like the zip, without `.zip`).
    fn export(&mut self, path: &Path, zip: bool) -> Result<Value, AppError> {
        let path = self.resolve(path);
        self.may_write(&path, zip.then_some("zip"))?;
        let file = self.file()?;
        let course = file.course();
        let comments = file.comments()?;
        if zip {
            let folder = path
                .file_stem()
                .map(|n| n.to_string_lossy().into_owned())
                .filter(|n| !n.is_empty())
                .unwrap_or_else(|| places::safe_file_name(&course.info.title));
            let mut files = trellis_text::export_files(course, &comments);
            for asset in &course.assets {
                files.insert(
                    format!("assets/{}", asset.name),
                    file.asset_bytes(&asset.name)?,
                );
            }
            let files: std::collections::BTreeMap<String, Vec<u8>> = files
                .into_iter()
                .map(|(name, bytes)| (format!("{folder}/{name}"), bytes))
                .collect();
            write_atomically(&path, |out| {
                trellis_publish::zipout::write_zip(&files, out, &mut |_| {})
                    .map(drop)
                    .map_err(|e| {
                        AppError::io(
                            format!("Could not write {}", path.display()),
                            &std::io::Error::other(e),
                        )
                    })
            })?;
        } else {
            let assets = |a: &trellis_model::AssetInfo| {
                file.asset_bytes(&a.name)
                    .map_err(|e| std::io::Error::other(e.to_string()))
            };
            trellis_text::export_dir(course, &comments, &assets, &path)?;
        }
        self.last_export_dir = path.parent().map(Path::to_owned);
        Ok(json!({"path": path, "zip": zip}))
    }

    fn publish(
        &mut self,
        target: &str,
        path: &Path,
        folder: bool,
        allow_state_overflow: bool,
    ) -> Result<Value, AppError> {
        let target = match target.parse::<Target>() {
            Ok(Target::Preview) | Err(_) => {
                return Err(AppError::bad_input(format!(
                    "Trellis cannot publish for `{target}`. Choose scorm12, scorm2004, cmi5, xapi, web or review."
                )));
            }
            Ok(t) => t,
        };
        let path = self.resolve(path);
        self.may_write(&path, (!folder).then_some("zip"))?;
        let file = self.file()?;
        let mut options = PublishOptions::new(target);
        options.image_cache = self.config.image_cache.clone();
        options.allow_state_overflow = allow_state_overflow;
        if trellis_publish::output::same_file(&path, file.path()) {
            return Err(AppError::bad_input(format!(
                "{} is the course itself; publishing there would replace the course with the \
                 package. Choose another name for the package, such as course.zip.",
                path.display()
            )));
        }
        let assets = |name: &str| {
            file.asset_bytes(name)
                .map_err(|e| std::io::Error::other(e.to_string()))
        };
        let report = if folder {
            trellis_publish::publish_dir(file.course(), &assets, &options, &path, &mut |_| {})?
        } else {
            write_zip(file.course(), &assets, &options, &path)?
        };
        self.last_package_dir = path.parent().map(Path::to_owned);
        Ok(json!({
            "path": path,
            "target": report.target.as_str(),
            "file_count": report.file_count,
            "files": report.files.iter().map(|f| json!({"path": f.path, "size": f.size})).collect::<Vec<_>>(),
            "uncompressed_size": report.uncompressed_size,
            "zip_size": report.zip_size,
            "state": report.state.map(|(worst, limit)| json!({"worst": worst, "limit": limit})),
            "images": {
                "images": report.images.images,
                "resized": report.images.resized,
                "from_cache": report.images.from_cache,
                "bytes_saved": report.images.bytes_saved,
            },
            "warnings": report.warnings.iter().map(|w| json!({"code": w.code, "message": w.message})).collect::<Vec<_>>(),
            "elapsed_ms": report.elapsed.as_millis() as u64,
        }))
    }
}

/// An entry of `assets`.
#[derive(Debug, Clone, Serialize)]
struct AssetEntry {
    name: String,
    media_type: String,
    size: u64,
    width: Option<u32>,
    height: Option<u32>,
    used_by: Vec<AssetUse>,
    missing_alt: bool,
}

#[derive(Debug, Clone, Serialize)]
struct AssetUse {
    lesson: LessonId,
    block: BlockId,
}

/// Writes the zip beside its destination, then renames it into place: a
/// failed publish leaves no half-written package and the old one intact.
fn write_zip(
    course: &Course,
    assets: &dyn trellis_publish::AssetSource,
    options: &PublishOptions,
    path: &Path,
) -> Result<trellis_publish::Report, AppError> {
    if path.is_dir() {
        return Err(AppError::bad_input(format!(
            "{} is a folder; choose a file name for the package, such as course.zip.",
            path.display()
        )));
    }
    write_atomically(path, |out| {
        Ok(trellis_publish::publish(
            course,
            assets,
            options,
            out,
            &mut |_| {},
        )?)
    })
}

/// Writes the file `path` with `write` into a fresh hidden file beside it
/// (created exclusively: a planted symlink is never followed), then renames
/// that into place ([`trellis_publish::output::write_file`]): a failure
/// leaves no half-written file, and the file that was there intact.
fn write_atomically<T>(
    path: &Path,
    write: impl FnOnce(&mut std::io::BufWriter<std::fs::File>) -> Result<T, AppError>,
) -> Result<T, AppError> {
    if path.is_dir() {
        return Err(AppError::bad_input(format!(
            "{} is a folder; choose a file name.",
            path.display()
        )));
    }
    enum Failed {
        Writing(AppError),
        Io(std::io::Error),
    }
    impl From<std::io::Error> for Failed {
        fn from(e: std::io::Error) -> Self {
            Self::Io(e)
        }
    }
    trellis_publish::output::write_file(path, |out| write(out).map_err(Failed::Writing)).map_err(
        |failed| match failed {
            Failed::Writing(e) => e,
            Failed::Io(e) => AppError::io(format!("Could not write {}", path.display()), &e),
        },
    )
}

/// What the About box shows: this build's version and licence, where the
/// project lives, and the main parts it is built with.
pub fn about() -> Value {
    json!({
        "name": "Trellis",
        "version": env!("CARGO_PKG_VERSION"),
        "licence": env!("CARGO_PKG_LICENSE"),
        "repository": env!("CARGO_PKG_REPOSITORY"),
        "built_with": ["Rust", "SQLite", "Tauri", "Svelte", "CodeMirror"],
    })
}

fn to_json(value: &impl Serialize) -> Result<Value, AppError> {
    serde_json::to_value(value)
        .map_err(|e| AppError::internal(format!("Could not encode the result: {e}.")))
}

fn parse_id<T: TryFrom<String>>(id: &str) -> Result<T, AppError> {
    T::try_from(id.to_owned())
        .map_err(|_| AppError::not_found(format!("There is nothing with id `{id}`.")))
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => a == b,
    }
}

/// Every lesson template with its slots, as `templates` answers.
pub fn templates() -> Value {
    use trellis_model::template::Accepts;
    let list: Vec<Value> = trellis_model::TemplateKind::ALL
        .into_iter()
        .map(|kind| {
            let t = kind.template();
            let slots: Vec<Value> = t
                .slots
                .iter()
                .map(|s| {
                    json!({
                        "name": s.name,
                        "label": s.label,
                        "required": s.required,
                        "accepts": match s.accepts {
                            Accepts::Content => "content",
                            Accepts::Question => "question",
                            Accepts::Scenario => "scenario",
                        },
                        "guidance": s.guidance,
                    })
                })
                .collect();
            json!({
                "kind": kind.as_str(),
                "name": t.name,
                "description": t.description,
                "slots": slots,
            })
        })
        .collect();
    Value::Array(list)
}

/// How the undo menu names an edit, e.g. "Delete block".
pub fn edit_label(edit: &Edit) -> String {
    match edit {
        Edit::SetCourseInfo { .. } => "Edit course details".into(),
        Edit::AddObjective { .. } => "Add objective".into(),
        Edit::UpdateObjective { .. } => "Edit objective".into(),
        Edit::RemoveObjective { .. } => "Remove objective".into(),
        Edit::LinkObjective { .. } => "Link objective".into(),
        Edit::UnlinkObjective { .. } => "Unlink objective".into(),
        Edit::AddModule { .. } => "Add module".into(),
        Edit::RenameModule { .. } => "Rename module".into(),
        Edit::MoveModule { .. } => "Move module".into(),
        Edit::DeleteModule { .. } => "Delete module".into(),
        Edit::AddLesson { .. } => "Add lesson".into(),
        Edit::RenameLesson { .. } => "Rename lesson".into(),
        Edit::UpdateLesson { .. } => "Change lesson settings".into(),
        Edit::MoveLesson { .. } => "Move lesson".into(),
        Edit::DeleteLesson { .. } => "Delete lesson".into(),
        Edit::AddBlock { block, .. } => format!("Add {}", kind_words(&block.content)),
        Edit::UpdateBlock { block } => format!("Edit {}", kind_words(&block.content)),
        Edit::MoveBlock { .. } => "Move block".into(),
        Edit::DeleteBlock { .. } => "Delete block".into(),
        Edit::PutAsset { asset } => format!("Add {}", asset.name),
        Edit::RemoveAsset { name } => format!("Remove {name}"),
        Edit::Batch { edits } => match edits.as_slice() {
            [one] => edit_label(one),
            _ => "Several changes".into(),
        },
    }
}

/// "text block", "question", "labelled graphic"…
fn kind_words(content: &BlockContent) -> String {
    match content {
        BlockContent::Question(_) => "question".into(),
        BlockContent::Scenario(_) => "scenario".into(),
        other => format!("{} block", other.kind().replace('-', " ")),
    }
}

/// The media type of a preview file, by its ending.
pub fn mime_for(path: &str) -> &'static str {
    let ext = path.rsplit('.').next().unwrap_or_default();
    match ext.to_ascii_lowercase().as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "txt" => "text/plain; charset=utf-8",
        "vtt" => "text/vtt",
        "mp4" | "m4v" => "video/mp4",
        "webm" => "video/webm",
        "mp3" => "audio/mpeg",
        "wasm" => "application/wasm",
        // Any other asset a course may carry (audio, captions, PDF…).
        _ => trellis_assets::media_type_for(path).unwrap_or("application/octet-stream"),
    }
}

/// Decodes the `%XX` escapes of a URL path (asset names may hold spaces);
/// `None` for a malformed escape or bytes that are not UTF-8.
pub fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = s.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

fn html_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// Shows `path` in the system's file manager.
fn reveal(path: &Path) -> std::io::Result<()> {
    use std::process::{Command as Process, Stdio};
    let mut command = if cfg!(target_os = "macos") {
        let mut c = Process::new("open");
        c.arg("-R").arg(path);
        c
    } else if cfg!(windows) {
        let mut c = Process::new("explorer");
        c.arg(format!("/select,{}", path.display()));
        c
    } else {
        let dir = if path.is_dir() {
            path
        } else {
            path.parent().unwrap_or(path)
        };
        let mut c = Process::new("xdg-open");
        c.arg(dir);
        c
    };
    command
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map(drop)
}

#[cfg(test)]
mod preview_tests {
    use super::*;

    fn open_demo(dir: &Path) -> App {
        let mut app = App::new(AppConfig::default());
        let path = dir.join("demo.trellis");
        CourseFile::create(&path, &trellis_model::sample::demo_course(), Vec::new()).unwrap();
        app.call(Command::OpenCourse { path }).unwrap();
        app
    }

    #[test]
    fn text_edits_update_one_lesson_and_others_reload() {
        let dir = tempfile::tempdir().unwrap();
        let mut app = open_demo(dir.path());
        let start = app.revision();
        let none = app.preview_update(start).unwrap();
        assert_eq!(none["reload"], false);
        assert_eq!(none["lessons"], json!([]));
        // Opening the course is no in-place change.
        assert_eq!(app.preview_update(start - 1).unwrap()["reload"], true);

        let course = app.course().unwrap().clone();
        let (lesson, block) = course
            .blocks()
            .find(|(_, b)| matches!(b.content, BlockContent::Text { .. }))
            .map(|(l, b)| (l.id.clone(), b.clone()))
            .unwrap();
        let mut changed = block.clone();
        if let BlockContent::Text { markdown } = &mut changed.content {
            *markdown = "Changed **words**".into();
        }
        app.call(Command::Apply {
            edit: Edit::UpdateBlock { block: changed },
            run: None,
        })
        .unwrap();
        app.call(Command::Apply {
            edit: Edit::RenameLesson {
                id: lesson.clone(),
                title: "New title".into(),
            },
            run: None,
        })
        .unwrap();
        let update = app.preview_update(start).unwrap();
        assert_eq!(update["reload"], false);
        assert_eq!(update["revision"], app.revision());
        let lessons = update["lessons"].as_array().unwrap();
        assert_eq!(lessons.len(), 1);
        assert_eq!(lessons[0]["id"], lesson.as_str());
        let html = lessons[0]["html"].as_str().unwrap();
        assert!(html.contains("<strong>words</strong>") && html.contains("New title"));
        assert!(update["menu"].as_str().unwrap().contains("New title"));
        // The same bytes as the whole page.
        let (_, page) = app.preview_file("index.html").unwrap();
        let page = String::from_utf8(page).unwrap();
        assert!(page.contains(html));

        // Undo is drawn again.
        let before = app.revision();
        app.call(Command::Undo).unwrap();
        assert_eq!(app.preview_update(before).unwrap()["reload"], true);
        // So is a deleted lesson.
        let before = app.revision();
        app.call(Command::Apply {
            edit: Edit::DeleteLesson { id: lesson },
            run: None,
        })
        .unwrap();
        assert_eq!(app.preview_update(before).unwrap()["reload"], true);
    }

    #[test]
    fn the_listener_gets_lesson_updates_as_they_are_made() {
        use std::sync::{Arc, Mutex};
        let dir = tempfile::tempdir().unwrap();
        let mut app = open_demo(dir.path());
        type Seen = Vec<(u64, Option<Value>)>;
        let seen: Arc<Mutex<Seen>> = Arc::default();
        let log = seen.clone();
        app.set_change_listener(Box::new(move |rev, update| {
            log.lock().unwrap().push((rev, update));
        }));
        let lesson = app.course().unwrap().lessons().next().unwrap().id.clone();
        app.call(Command::Apply {
            edit: Edit::RenameLesson {
                id: lesson.clone(),
                title: "Renamed".into(),
            },
            run: None,
        })
        .unwrap();
        let now = app.preview_update(app.revision() - 1).unwrap();
        app.call(Command::Undo).unwrap();
        let seen = seen.lock().unwrap();
        assert_eq!(seen.len(), 2);
        let (rev, update) = &seen[0];
        let update = update.as_ref().unwrap();
        assert_eq!(update["revision"], *rev);
        assert_eq!(update["lessons"][0]["id"], lesson.as_str());
        assert_eq!(*update, now);
        assert_eq!(seen[1], (app.revision(), None));
    }
}
