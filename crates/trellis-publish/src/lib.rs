//! Publishing for Trellis: a course becomes a package an LMS (or a web
//! server) accepts.
//!
//! [`publish`] renders the course (through `trellis-render`), copies the
//! assets the course refers to (images resized and re-encoded for the web,
//! through a cache), adds the manifest of the [`Target`], checks the limits
//! real LMSs impose, and writes a deterministic zip: the same course and
//! options give the same bytes.
//!
//! | target | manifest | what it holds |
//! | --- | --- | --- |
//! | [`Target::Scorm12`] | `imsmanifest.xml` (IMS CP 1.1.2 + ADL CP) | one SCO listing every file, `adlcp:masteryscore` from the pass mark |
//! | [`Target::Scorm2004`] | `imsmanifest.xml` (4th edition) | one SCO that sets completion and success itself, the learning objectives as `imsss:objectives` |
//! | [`Target::Cmi5`] | `cmi5.xml` | one AU (the course), `moveOn` from the completion rule, `masteryScore` from the pass mark |
//! | [`Target::Xapi`] | `tincan.xml` | the course activity launching `index.html`, its lessons, objectives and questions |
//! | [`Target::Web`] | none | the plain site ([`publish_dir`] writes it as a folder) |
//! | [`Target::Review`] | none | a review build: the web site plus the review layer for subject-matter experts' comments (`docs/review.md`); never a learner package |
//!
//! [`verify`] holds the checks schemas cannot make; the conformance suite
//! (`tests/conformance.rs`) runs them beside `xmllint` and the official
//! schemas.

pub mod images;
pub mod limits;
pub mod manifest;
pub mod output;
mod seam;
pub mod verify;
pub mod zipout;

use std::collections::{BTreeMap, BTreeSet};
use std::io::{self, Cursor, Seek, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use trellis_model::Course;

pub use images::ImageOptions;
pub use seam::{Budget, BudgetItem, RenderError, RenderOptions, Site, Target};
pub use zipout::Compression;

/// Where asset bytes come from: the course file, the text format's `assets/`
/// folder, or anything else that can give bytes by asset name.
pub trait AssetSource {
    /// The bytes of the asset called `name` (e.g. `images/logo.png`).
    fn asset_bytes(&self, name: &str) -> io::Result<Vec<u8>>;
}

impl<F> AssetSource for F
where
    F: Fn(&str) -> io::Result<Vec<u8>>,
{
    fn asset_bytes(&self, name: &str) -> io::Result<Vec<u8>> {
        self(name)
    }
}

impl AssetSource for BTreeMap<String, Vec<u8>> {
    fn asset_bytes(&self, name: &str) -> io::Result<Vec<u8>> {
        self.get(name)
            .cloned()
            .ok_or_else(|| io::Error::new(io::ErrorKind::NotFound, format!("no asset `{name}`")))
    }
}

/// Assets read from a folder (the text format's `assets/`).
#[derive(Debug, Clone)]
pub struct AssetDir(pub PathBuf);

impl AssetSource for AssetDir {
    fn asset_bytes(&self, name: &str) -> io::Result<Vec<u8>> {
        trellis_assets::validate_name(name)
            .map_err(|e| io::Error::new(io::ErrorKind::InvalidInput, e.to_string()))?;
        std::fs::read(self.0.join(name))
    }
}

/// How to publish.
#[derive(Debug, Clone)]
pub struct PublishOptions {
    pub target: Target,
    /// A theme folder overriding the built-in look (passed to the renderer).
    pub theme_dir: Option<PathBuf>,
    /// A folder for processed images, reused across publishes.
    pub image_cache: Option<PathBuf>,
    pub images: ImageOptions,
    /// Publish SCORM even when the worst-case saved state exceeds what the
    /// LMS keeps (a warning instead of an error).
    pub allow_state_overflow: bool,
    /// Threads for image processing; 0 = as many as the machine has.
    pub threads: usize,
    /// The most memory, in bytes, images being processed at once may take
    /// together ([`images::memory_needed`]): a worker waits for room
    /// before it starts on an image, so many cores with large photos do not
    /// add up to gigabytes. An image needing more than this on its own is
    /// processed alone.
    pub image_memory: u64,
    /// The course in its other languages (each made by
    /// `trellis_translate::translated_course`), for one package in which
    /// the learner's language opens (`trellis publish --lang all`). Empty
    /// for a package in the course's own language only.
    pub languages: Vec<Course>,
}

/// The default [`PublishOptions::image_memory`]: 1 GiB.
pub const DEFAULT_IMAGE_MEMORY: u64 = 1 << 30;

impl PublishOptions {
    pub fn new(target: Target) -> Self {
        Self {
            target,
            theme_dir: None,
            image_cache: None,
            images: ImageOptions::default(),
            allow_state_overflow: false,
            threads: 0,
            image_memory: DEFAULT_IMAGE_MEMORY,
            languages: Vec::new(),
        }
    }
}

/// The steps of a publish, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Step {
    Render,
    Images,
    Manifest,
    Check,
    Write,
}

impl Step {
    pub fn label(self) -> &'static str {
        match self {
            Self::Render => "rendering pages",
            Self::Images => "preparing images and media",
            Self::Manifest => "writing the manifest",
            Self::Check => "checking limits",
            Self::Write => "writing the package",
        }
    }
}

/// Progress for a progress bar: `done` of `total` units, in `step`, on
/// `item` (a file name, or empty).
#[derive(Debug, Clone, Copy)]
pub struct Progress<'a> {
    pub done: usize,
    pub total: usize,
    pub step: Step,
    pub item: &'a str,
}

/// Where a file of the package came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// The rendered site (pages, player, styles).
    Site,
    /// An asset copied as it is.
    Asset,
    /// An image resized or re-encoded (this time or from the cache).
    Image,
    /// The target's manifest.
    Manifest,
    /// The job aid: its PDFs and QR code.
    JobAid,
}

/// One file of the package.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileReport {
    pub path: String,
    /// Uncompressed size in bytes.
    pub size: u64,
    pub compression: Compression,
    pub origin: Origin,
}

/// Something worth telling the author that did not stop the publish.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    /// A stable code, e.g. `state-budget`.
    pub code: &'static str,
    pub message: String,
}

/// What image processing did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImageStats {
    /// Images looked at (PNG, JPEG, WebP).
    pub images: usize,
    pub resized: usize,
    /// Replaced by smaller bytes (resized or only re-encoded).
    pub replaced: usize,
    pub from_cache: usize,
    /// Bytes saved over the originals.
    pub bytes_saved: u64,
    /// The most memory images being processed at once were estimated to
    /// take together (at most [`PublishOptions::image_memory`]).
    pub peak_memory: u64,
}

/// What a publish produced.
#[derive(Debug, Clone)]
pub struct Report {
    pub target: Target,
    /// Every file of the package, sorted by path.
    pub files: Vec<FileReport>,
    pub file_count: usize,
    /// Sum of the files' sizes.
    pub uncompressed_size: u64,
    /// Size of the zip (0 for a folder).
    pub zip_size: u64,
    /// Worst-case saved state and the LMS's limit, for SCORM targets.
    pub state: Option<(usize, usize)>,
    pub images: ImageStats,
    pub warnings: Vec<Warning>,
    /// Time each step took.
    pub timings: Vec<(Step, Duration)>,
    pub elapsed: Duration,
}

/// Why a publish failed.
#[derive(Debug, thiserror::Error)]
pub enum PublishError {
    #[error(
        "the preview target cannot be published; choose scorm12, scorm2004, cmi5, xapi, web or review"
    )]
    PreviewTarget,
    #[error("rendering failed: {0}")]
    Render(#[from] RenderError),
    #[error("the asset `{name}` (used by {used_by}) could not be read: {source}")]
    MissingAsset {
        name: String,
        used_by: String,
        source: io::Error,
    },
    #[error("the image `{name}` could not be prepared for the web: {reason}")]
    BadImage { name: String, reason: String },
    #[error("{}", state_overflow_message(*.total, *.limit, .target_name, .biggest))]
    StateOverflow {
        total: usize,
        limit: usize,
        target_name: &'static str,
        biggest: Vec<BudgetItem>,
    },
    #[error("{0}")]
    BadPath(String),
    #[error("the job aid could not be made: {0}")]
    JobAid(String),
    #[error("{0}")]
    BadId(String),
    /// Text longer than a manifest's schema allows.
    #[error("{0}")]
    TooLong(String),
    #[error(
        "the package would contain both `{0}` and `{1}`, which differ only in letter case or in how an accented letter is encoded, so they would overwrite each other when unpacked; rename one"
    )]
    CaseCollision(String, String),
    #[error("the rendered site already holds `{0}`, which publishing writes itself")]
    Clash(String),
    #[error("the folder {0} is not empty; publish a folder into a new or empty folder")]
    FolderNotEmpty(PathBuf),
    #[error("{}", placeholders_message(*.count, .places, .target_name))]
    Placeholders {
        count: usize,
        /// How many are where, e.g. "2 in the course settings, 5 in lesson 'Intro'".
        places: String,
        target_name: &'static str,
    },
    // Not `#[from]`: that would make the error its source, and the CLI,
    // which prints every source, would repeat the system's words after
    // the plain ones.
    #[error("{}", zip_message(.0))]
    Zip(zip::result::ZipError),
    #[error("{}", io_message(.0))]
    Io(io::Error),
}

impl From<zip::result::ZipError> for PublishError {
    fn from(e: zip::result::ZipError) -> Self {
        Self::Zip(e)
    }
}

impl From<io::Error> for PublishError {
    fn from(e: io::Error) -> Self {
        Self::Io(e)
    }
}

fn zip_message(e: &zip::result::ZipError) -> String {
    match e {
        zip::result::ZipError::Io(e) => io_message(e),
        other => format!("writing the package failed: {other}"),
    }
}

/// A failed write in plain words; a full disk is the usual one.
fn io_message(e: &io::Error) -> String {
    match e.kind() {
        io::ErrorKind::StorageFull | io::ErrorKind::QuotaExceeded => {
            "there is not enough free space on the disk for the package; free some space and \
             publish again (nothing was written)"
                .to_owned()
        }
        io::ErrorKind::FileTooLarge => {
            "the package is larger than this disk or this account may write in one file \
             (nothing was written)"
                .to_owned()
        }
        _ => format!("writing the package failed: {e}"),
    }
}

fn state_overflow_message(
    total: usize,
    limit: usize,
    target: &str,
    biggest: &[BudgetItem],
) -> String {
    let mut s = format!(
        "the course's saved state can reach {total} characters, but {target} LMSs keep only \
         {limit} (cmi.suspend_data), so learners would lose their place and answers. What \
         takes the most room:"
    );
    for item in biggest.iter().take(5) {
        s.push_str(&format!("\n  - {}: {} characters", item.label, item.chars));
    }
    s.push_str(
        "\nTo fix it: split the course into smaller courses, move questions out of the \
         biggest lessons or draw fewer questions per assessment attempt, or publish as \
         SCORM 2004 or cmi5, which keep far more. To publish anyway, allow the overflow \
         (learners may not resume where they left off).",
    );
    s
}

/// Refuses to publish for learners while the course holds placeholder text
/// from its blueprint (`trellis_model::placeholder`). The review build may
/// carry placeholders: it shows them marked, for reviewers.
pub fn check_placeholders(course: &Course, target: Target) -> Result<(), PublishError> {
    if matches!(target, Target::Review | Target::Preview) {
        return Ok(());
    }
    match course.placeholder_summary() {
        Some((count, places)) => Err(PublishError::Placeholders {
            count,
            places,
            target_name: target_name(target),
        }),
        None => Ok(()),
    }
}

fn placeholders_message(count: usize, places: &str, target: &str) -> String {
    format!(
        "the course still holds {count} placeholder{} from its blueprint ({places}), and a \
         {target} package would show them to learners. Replace each one with your own text \
         (the design check lists them all), or publish a review build to show the draft to \
         reviewers",
        if count == 1 { "" } else { "s" }
    )
}

fn target_name(target: Target) -> &'static str {
    match target {
        Target::Scorm12 => "SCORM 1.2",
        Target::Scorm2004 => "SCORM 2004",
        Target::Cmi5 => "cmi5",
        Target::Xapi => "xAPI",
        Target::Web => "web",
        Target::Preview => "preview",
        Target::Review => "review",
    }
}

/// The state limit the target's LMSs keep, if any.
pub fn state_limit(target: Target) -> Option<usize> {
    match target {
        Target::Scorm12 => Some(limits::SCORM12_SUSPEND_DATA),
        Target::Scorm2004 => Some(limits::SCORM2004_SUSPEND_DATA),
        _ => None,
    }
}

/// Publishes `course` for `options.target` as a zip written to `out`.
pub fn publish<W: Write + Seek>(
    course: &Course,
    assets: &dyn AssetSource,
    options: &PublishOptions,
    out: W,
    progress: &mut dyn FnMut(Progress),
) -> Result<Report, PublishError> {
    let start = Instant::now();
    let mut timings = Vec::new();
    let site = render_step(course, options, progress, &mut timings)?;
    let mut built = build(course, site, assets, options, progress, &mut timings, start)?;
    let t = Instant::now();
    let total = built.total_units;
    let mut done = total - built.files.len();
    let (_, zip_size) = zipout::write_zip(&built.files, out, &mut |path| {
        done += 1;
        progress(Progress {
            done,
            total,
            step: Step::Write,
            item: path,
        })
    })?;
    built.report.zip_size = zip_size;
    built.report.timings.push((Step::Write, t.elapsed()));
    built.report.elapsed = start.elapsed();
    Ok(built.report)
}

/// Publishes `course` as files in `dir` (created if needed; it must be empty).
/// Meant for the web target; the others work too.
///
/// The files are written into a fresh hidden folder beside `dir`
/// ([`output::Unfinished`]), renamed to `dir` once all are written: a full
/// disk, an error or Ctrl-C leaves no half site, and a retry finds `dir` as
/// it was.
pub fn publish_dir(
    course: &Course,
    assets: &dyn AssetSource,
    options: &PublishOptions,
    dir: &Path,
    progress: &mut dyn FnMut(Progress),
) -> Result<Report, PublishError> {
    let not_empty = || -> Result<bool, PublishError> {
        Ok(dir.exists() && std::fs::read_dir(dir)?.next().is_some())
    };
    if not_empty()? {
        return Err(PublishError::FolderNotEmpty(dir.to_path_buf()));
    }
    let start = Instant::now();
    let mut timings = Vec::new();
    let site = render_step(course, options, progress, &mut timings)?;
    let mut built = build(course, site, assets, options, progress, &mut timings, start)?;
    let t = Instant::now();
    std::fs::create_dir_all(output::parent_of(dir))?;
    let staging = output::Unfinished::folder_beside(dir)?;
    let total = built.total_units;
    let first = total - built.files.len() + 1;
    for (done, (path, bytes)) in (first..).zip(&built.files) {
        let dest = staging.path().join(path);
        if let Some(parent) = dest.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(&dest, bytes)?;
        progress(Progress {
            done,
            total,
            step: Step::Write,
            item: path,
        });
    }
    if not_empty()? {
        return Err(PublishError::FolderNotEmpty(dir.to_path_buf()));
    }
    staging.finish(dir)?;
    built.report.timings.push((Step::Write, t.elapsed()));
    built.report.elapsed = start.elapsed();
    Ok(built.report)
}

/// Packages an already rendered `site`: what [`publish`] does after
/// rendering. Useful to publish a site rendered elsewhere, and for tests.
pub fn publish_site<W: Write + Seek>(
    course: &Course,
    site: Site,
    assets: &dyn AssetSource,
    options: &PublishOptions,
    out: W,
    progress: &mut dyn FnMut(Progress),
) -> Result<Report, PublishError> {
    check_placeholders(course, options.target)?;
    let start = Instant::now();
    let mut timings = Vec::new();
    let mut built = build(course, site, assets, options, progress, &mut timings, start)?;
    let t = Instant::now();
    let (_, zip_size) = zipout::write_zip(&built.files, out, &mut |_| {})?;
    built.report.zip_size = zip_size;
    built.report.timings.push((Step::Write, t.elapsed()));
    built.report.elapsed = start.elapsed();
    Ok(built.report)
}

/// Publishes into memory and returns the zip bytes with the report.
pub fn publish_to_vec(
    course: &Course,
    assets: &dyn AssetSource,
    options: &PublishOptions,
) -> Result<(Vec<u8>, Report), PublishError> {
    let mut out = Cursor::new(Vec::new());
    let report = publish(course, assets, options, &mut out, &mut |_| {})?;
    Ok((out.into_inner(), report))
}

fn render_step(
    course: &Course,
    options: &PublishOptions,
    progress: &mut dyn FnMut(Progress),
    timings: &mut Vec<(Step, Duration)>,
) -> Result<Site, PublishError> {
    if options.target == Target::Preview {
        return Err(PublishError::PreviewTarget);
    }
    check_placeholders(course, options.target)?;
    progress(Progress {
        done: 0,
        total: 0,
        step: Step::Render,
        item: "",
    });
    let t = Instant::now();
    let mut render_options = RenderOptions::new(options.target);
    render_options.theme_dir = options.theme_dir.clone();
    let site = if options.languages.is_empty() {
        seam::render(course, &render_options)?
    } else {
        for other in &options.languages {
            check_placeholders(other, options.target)?;
        }
        let all: Vec<&Course> = std::iter::once(course).chain(&options.languages).collect();
        seam::render_languages(&all, &render_options)?
    };
    timings.push((Step::Render, t.elapsed()));
    Ok(site)
}

struct Built {
    files: BTreeMap<String, Vec<u8>>,
    report: Report,
    total_units: usize,
}

/// The assets the course refers to, with where each is used.
pub fn referenced_assets(course: &Course) -> BTreeMap<String, Vec<String>> {
    let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
    if let Some(logo) = &course.info.theme.logo {
        out.entry(logo.clone())
            .or_default()
            .push("the theme's logo".into());
    }
    for (lesson, block) in course.blocks() {
        for name in block.asset_refs() {
            let place = format!("block {} in lesson `{}`", block.id, lesson.title);
            let uses = out.entry(name.to_owned()).or_default();
            if !uses.contains(&place) {
                uses.push(place);
            }
        }
    }
    out
}

/// Package path of an asset.
pub fn asset_path(name: &str) -> String {
    trellis_assets::package_path(name)
}

#[allow(clippy::too_many_arguments)]
fn build(
    course: &Course,
    site: Site,
    assets: &dyn AssetSource,
    options: &PublishOptions,
    progress: &mut dyn FnMut(Progress),
    timings: &mut Vec<(Step, Duration)>,
    start: Instant,
) -> Result<Built, PublishError> {
    if options.target == Target::Preview {
        return Err(PublishError::PreviewTarget);
    }
    let mut warnings = Vec::new();
    let referenced = referenced_assets(course);
    let manifest_name = match options.target {
        Target::Scorm12 | Target::Scorm2004 => Some("imsmanifest.xml"),
        Target::Cmi5 => Some("cmi5.xml"),
        Target::Xapi => Some("tincan.xml"),
        Target::Web | Target::Preview | Target::Review => None,
    };
    let site_count = site.files.len();
    // render (1) + assets + manifest (1) + check (1) + every file written.
    let file_total = site_count + referenced.len() + usize::from(manifest_name.is_some());
    let total = 1 + referenced.len() + 2 + file_total;
    let mut done = 1;
    progress(Progress {
        done,
        total,
        step: Step::Render,
        item: "",
    });

    let mut files = site.files;
    let mut origins: BTreeMap<String, Origin> =
        files.keys().map(|k| (k.clone(), Origin::Site)).collect();

    // Assets.
    let t = Instant::now();
    let (prepared, stats) =
        prepare_assets(&referenced, assets, options, &mut warnings, &mut |name| {
            done += 1;
            progress(Progress {
                done,
                total,
                step: Step::Images,
                item: name,
            });
        })?;
    for (name, (bytes, origin)) in prepared {
        let path = asset_path(&name);
        if files.contains_key(&path) {
            return Err(PublishError::Clash(path));
        }
        files.insert(path.clone(), bytes);
        origins.insert(path, origin);
    }
    timings.push((Step::Images, t.elapsed()));

    // The job aid, in each language of the package.
    if seam::has_job_aid_files(course, options.target) {
        for (path, bytes) in job_aid_files(course, &options.languages, assets)? {
            if files.contains_key(&path) {
                return Err(PublishError::Clash(path));
            }
            origins.insert(path.clone(), Origin::JobAid);
            files.insert(path, bytes);
        }
    }

    // Manifest.
    let t = Instant::now();
    if let Some(name) = manifest_name {
        if files.contains_key(name) {
            return Err(PublishError::Clash(name.into()));
        }
        let listed: Vec<&str> = files.keys().map(String::as_str).collect();
        let xml = match options.target {
            Target::Scorm12 => manifest::scorm12(course, &listed),
            Target::Scorm2004 => manifest::scorm2004(course, &listed),
            Target::Cmi5 => manifest::cmi5(course),
            _ => manifest::tincan(course),
        };
        files.insert(name.into(), xml.into_bytes());
        origins.insert(name.into(), Origin::Manifest);
    }
    done += 1;
    progress(Progress {
        done,
        total,
        step: Step::Manifest,
        item: manifest_name.unwrap_or(""),
    });
    timings.push((Step::Manifest, t.elapsed()));

    // Limits.
    let t = Instant::now();
    let state = check_limits(course, &files, options, &mut warnings)?;
    done += 1;
    progress(Progress {
        done,
        total,
        step: Step::Check,
        item: "",
    });
    timings.push((Step::Check, t.elapsed()));

    let reports: Vec<FileReport> = files
        .iter()
        .map(|(path, bytes)| FileReport {
            path: path.clone(),
            size: bytes.len() as u64,
            compression: zipout::compression_for(path),
            origin: origins.get(path).copied().unwrap_or(Origin::Site),
        })
        .collect();
    let report = Report {
        target: options.target,
        file_count: reports.len(),
        uncompressed_size: reports.iter().map(|f| f.size).sum(),
        files: reports,
        zip_size: 0,
        state,
        images: stats,
        warnings,
        timings: std::mem::take(timings),
        elapsed: start.elapsed(),
    };
    Ok(Built {
        total_units: done + files.len(),
        files,
        report,
    })
}

/// The job aid's files for a learner package: both PDFs, the phone page
/// (`index.html`) and, when the course has the phone page's address, the
/// QR code, in `job-aid/` for the
/// course and in `job-aid/<lang>/` for each translation, where the last
/// lesson's links point (`trellis_render::job_aid_dir`).
fn job_aid_files(
    course: &Course,
    translations: &[Course],
    assets: &dyn AssetSource,
) -> Result<Vec<(String, Vec<u8>)>, PublishError> {
    let mut out = Vec::new();
    let get = |name: &str| assets.asset_bytes(name).ok();
    for (i, c) in std::iter::once(course).chain(translations).enumerate() {
        let dir = if i == 0 {
            "job-aid/".to_owned()
        } else {
            format!("job-aid/{}/", c.info.language)
        };
        let aid = trellis_jobaid::build(c);
        let labels = trellis_jobaid::Labels::for_language(&c.info.language);
        for name in trellis_jobaid::PACKAGE_FILES {
            let bytes = trellis_jobaid::file(&aid, &labels, &get, name)
                .map_err(|e| PublishError::JobAid(e.to_string()))?;
            if let Some(bytes) = bytes {
                out.push((format!("{dir}{name}"), bytes));
            }
        }
    }
    Ok(out)
}

type Prepared = BTreeMap<String, (Vec<u8>, Origin)>;

/// Reads every referenced asset and processes the images, in parallel.
fn prepare_assets(
    referenced: &BTreeMap<String, Vec<String>>,
    source: &dyn AssetSource,
    options: &PublishOptions,
    warnings: &mut Vec<Warning>,
    each: &mut dyn FnMut(&str),
) -> Result<(Prepared, ImageStats), PublishError> {
    // Reading goes through the caller's source, which need not be Sync: read
    // everything on this thread, then process images on workers.
    let mut raw: Vec<(String, Vec<u8>)> = Vec::with_capacity(referenced.len());
    for (name, used_by) in referenced {
        let bytes = source
            .asset_bytes(name)
            .map_err(|source| PublishError::MissingAsset {
                name: name.clone(),
                used_by: used_by.join(", "),
                source,
            })?;
        raw.push((name.clone(), bytes));
    }

    let threads = match options.threads {
        0 => std::thread::available_parallelism().map_or(1, |n| n.get()),
        n => n,
    }
    .min(raw.len().max(1));
    let next = AtomicUsize::new(0);
    let memory = MemoryBudget::new(options.image_memory);
    let results: Mutex<Vec<Option<Result<images::Processed, String>>>> =
        Mutex::new(vec![None; raw.len()]);
    let (tx, rx) = std::sync::mpsc::channel::<usize>();
    std::thread::scope(|scope| {
        for _ in 0..threads {
            let tx = tx.clone();
            let (raw, next, results, memory) = (&raw, &next, &results, &memory);
            scope.spawn(move || {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some((name, bytes)) = raw.get(i) else {
                        break;
                    };
                    let result = if images::is_processed(name) {
                        let sha = trellis_assets::sha256_hex(bytes);
                        let _room =
                            memory.take(images::memory_needed(name, bytes, &options.images));
                        images::process(
                            name,
                            bytes,
                            &sha,
                            &options.images,
                            options.image_cache.as_deref(),
                        )
                    } else {
                        Ok(images::Processed {
                            outcome: images::Outcome::Kept,
                            from_cache: false,
                            cache_problem: None,
                        })
                    };
                    if let Ok(mut r) = results.lock() {
                        r[i] = Some(result);
                    }
                    let _ = tx.send(i);
                }
            });
        }
        drop(tx);
        // Progress is reported from this thread, as workers finish.
        for i in rx {
            each(&raw[i].0);
        }
    });

    let results = results.into_inner().unwrap_or_else(|e| e.into_inner());
    let mut stats = ImageStats {
        peak_memory: memory.peak(),
        ..ImageStats::default()
    };
    let mut out = Prepared::new();
    let mut cache_warned = false;
    for ((name, bytes), result) in raw.into_iter().zip(results) {
        let processed = result
            .unwrap_or_else(|| Err("it was not processed".into()))
            .map_err(|reason| PublishError::BadImage {
                name: name.clone(),
                reason,
            })?;
        if let Some(problem) = processed.cache_problem
            && !cache_warned
        {
            cache_warned = true;
            warnings.push(Warning {
                code: "image-cache",
                message: problem,
            });
        }
        if images::is_processed(&name) {
            stats.images += 1;
            stats.from_cache += usize::from(processed.from_cache);
        }
        match processed.outcome {
            images::Outcome::Kept => {
                out.insert(name, (bytes, Origin::Asset));
            }
            images::Outcome::Replaced {
                bytes: smaller,
                resized,
            } => {
                stats.replaced += 1;
                stats.resized += usize::from(resized.is_some());
                stats.bytes_saved += bytes.len().saturating_sub(smaller.len()) as u64;
                out.insert(name, (smaller, Origin::Image));
            }
        }
    }
    Ok((out, stats))
}

/// The memory image workers may take together: each takes its image's
/// estimate before starting and gives it back when done, waiting while the
/// total would exceed the limit (unless nothing else runs: an image larger
/// than the whole budget then runs alone).
struct MemoryBudget {
    limit: u64,
    /// Taken now, and the most taken at once.
    state: Mutex<(u64, u64)>,
    freed: std::sync::Condvar,
}

impl MemoryBudget {
    fn new(limit: u64) -> Self {
        Self {
            limit: limit.max(1),
            state: Mutex::new((0, 0)),
            freed: std::sync::Condvar::new(),
        }
    }

    /// Waits for room for `want` bytes and takes it until the result is
    /// dropped (a panicking worker gives it back too).
    fn take(&self, want: u64) -> Room<'_> {
        let want = want.min(self.limit);
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        while state.0 > 0 && state.0 + want > self.limit {
            state = self.freed.wait(state).unwrap_or_else(|e| e.into_inner());
        }
        state.0 += want;
        state.1 = state.1.max(state.0);
        Room {
            budget: self,
            taken: want,
        }
    }

    fn peak(&self) -> u64 {
        self.state.lock().unwrap_or_else(|e| e.into_inner()).1
    }
}

/// Memory taken from a [`MemoryBudget`], given back when dropped.
struct Room<'a> {
    budget: &'a MemoryBudget,
    taken: u64,
}

impl Drop for Room<'_> {
    fn drop(&mut self) {
        let mut state = self.budget.state.lock().unwrap_or_else(|e| e.into_inner());
        state.0 -= self.taken;
        self.budget.freed.notify_all();
    }
}

/// Checks file names, identifiers and the saved-state budget.
fn check_limits(
    course: &Course,
    files: &BTreeMap<String, Vec<u8>>,
    options: &PublishOptions,
    warnings: &mut Vec<Warning>,
) -> Result<Option<(usize, usize)>, PublishError> {
    for path in files.keys() {
        limits::check_path(path).map_err(PublishError::BadPath)?;
        if !path.is_ascii() {
            warnings.push(Warning {
                code: "non-ascii-name",
                message: format!(
                    "`{path}` has characters outside ASCII; some LMSs unpack such names wrongly. \
                     Rename the asset with plain letters and digits to be safe."
                ),
            });
        }
    }
    if let Some((a, b)) = limits::colliding_paths(files.keys().map(String::as_str))
        .into_iter()
        .next()
    {
        return Err(PublishError::CaseCollision(a, b));
    }

    let standard = match options.target {
        Target::Scorm12 => "SCORM 1.2",
        Target::Scorm2004 => "SCORM 2004",
        Target::Cmi5 => "cmi5",
        _ => "",
    };
    if let Some((limit, len)) = trellis_model::over_manifest_limits(course)
        .into_iter()
        .find(|(limit, _)| limit.standard == standard)
    {
        return Err(PublishError::TooLong(limit.message(len)));
    }
    if options.target == Target::Scorm12 {
        for path in files.keys() {
            let len = manifest::href(path).chars().count();
            if len > limits::SCORM12_HREF {
                return Err(PublishError::TooLong(format!(
                    "the file name `{path}` becomes {len} characters in the manifest, but SCORM 1.2 packages allow at most {}; shorten it",
                    limits::SCORM12_HREF
                )));
            }
        }
    }

    let scorm = matches!(options.target, Target::Scorm12 | Target::Scorm2004);
    if scorm {
        for id in manifest::ScormIds::for_course(course).all() {
            limits::check_identifier(id).map_err(PublishError::BadId)?;
        }
        for o in &course.objectives {
            limits::check_cmi_identifier(o.id.as_str()).map_err(PublishError::BadId)?;
        }
        for (_, block) in course.blocks() {
            if block.question().is_some() {
                limits::check_cmi_identifier(block.id.as_str()).map_err(PublishError::BadId)?;
            }
        }
    }
    // A course pass mark is the one reported; without one, the first assessment's.
    if let Some(mark) = manifest::pass_mark(course)
        && course.info.scoring.pass_mark.is_none()
    {
        let marks: BTreeSet<u32> = manifest::assessments(course)
            .filter_map(|l| l.assessment_settings().map(|a| a.pass_mark))
            .collect();
        if marks.len() > 1 {
            warnings.push(Warning {
                code: "pass-marks",
                message: format!(
                    "the course's assessments have different pass marks ({}); the package \
                     reports {mark}% to the LMS, the first assessment's",
                    marks
                        .iter()
                        .map(u32::to_string)
                        .collect::<Vec<_>>()
                        .join("%, ")
                        + "%"
                ),
            });
        }
    }

    let Some(limit) = state_limit(options.target) else {
        return Ok(None);
    };
    let budget = seam::state_budget(course);
    if budget.total > limit {
        if !options.allow_state_overflow {
            return Err(PublishError::StateOverflow {
                total: budget.total,
                limit,
                target_name: target_name(options.target),
                biggest: budget.items.into_iter().take(5).collect(),
            });
        }
        warnings.push(Warning {
            code: "state-budget",
            message: state_overflow_message(
                budget.total,
                limit,
                target_name(options.target),
                &budget.items,
            ),
        });
    } else if budget.total * 10 > limit * 9 {
        warnings.push(Warning {
            code: "state-budget",
            message: format!(
                "the course's saved state can reach {} of the {limit} characters {} LMSs keep; \
                 adding more questions may overflow it",
                budget.total,
                target_name(options.target)
            ),
        });
    }
    Ok(Some((budget.total, limit)))
}
