//! Existing content into a course: a Word or PowerPoint document, a
//! Markdown document, or a question bank in Moodle's GIFT or the Aiken
//! format, becomes a structured [`Course`],
//! with a [`Report`] of what became what and of everything that could not
//! be brought over, each with its place in the source. Nothing is dropped
//! without a line in the report.
//!
//! The course is built through the model's own edits ([`trellis_model::apply`]),
//! so it is a course like any other: the design check, the text format and
//! the editor work on it unchanged.
//!
//! | Source | Structure |
//! |---|---|
//! | Markdown (`.md`) | `#` → module, `##` → lesson, deeper headings → heading blocks, the text between → text blocks (Markdown kept as written) |
//! | GIFT (`.gift`) | `$CATEGORY:` → lesson; each question → a question of the matching kind, with its feedback |
//! | Aiken (`.aiken`, or `.txt` in that layout) | each question → a single-choice question |
//! | CSV (`.csv`) | each row → a question of the kind its columns say, linked to the objective its `objective` column states (see [`csv`](crate::csv)) |
//! | Word (`.docx`) | Heading 1 → module, Heading 2 → lesson, deeper headings → heading blocks; paragraphs, lists, tables, footnotes → text blocks in Markdown; quotes, callouts, images (with their descriptions and captions), storyboard styles → objectives, callouts and questions; comments → review comments |
//! | PowerPoint (`.pptx`) | each slide → a lesson (or a heading block, [`SlideMode::Headings`]) with its text, pictures, tables and speaker notes |
//!
//! Word documents and presentations are read straight from their zip package ([`ooxml`]),
//! with limits on everything a hostile file could inflate.

mod aiken;
mod build;
pub mod csv;
mod docx;
mod gift;
mod markdown;
pub mod ooxml;
mod pptx;

use std::fmt;
use std::path::Path;

use trellis_model::{AssetInfo, Comment, Course, Edit, TemplateKind};

pub use build::{Builder, Headings, Role, Unit};
pub use pptx::SlideMode;

/// The largest source file read, in bytes: far above any real document of
/// these formats, far below what would strain memory.
pub const MAX_SOURCE_BYTES: usize = 16 * 1024 * 1024;

/// The largest package (.docx) read, in bytes.
pub const MAX_PACKAGE_BYTES: u64 = 100 * 1024 * 1024;

/// What a source file is, by its name and, for `.txt`, its content.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Markdown,
    Gift,
    Aiken,
    Csv,
    Docx,
    Pptx,
}

impl Format {
    /// The format of `path`: by extension; a `.txt` file is GIFT when it
    /// uses GIFT's answer braces, else Aiken.
    pub fn of(path: &Path, text: &str) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "md" | "markdown" => Some(Format::Markdown),
            "gift" => Some(Format::Gift),
            "aiken" => Some(Format::Aiken),
            "csv" => Some(Format::Csv),
            "txt" if gift::looks_like_gift(text) => Some(Format::Gift),
            "txt" => Some(Format::Aiken),
            "docx" => Some(Format::Docx),
            "pptx" => Some(Format::Pptx),
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Format::Markdown => "Markdown",
            Format::Gift => "GIFT",
            Format::Aiken => "Aiken",
            Format::Csv => "CSV question bank",
            Format::Docx => "Word",
            Format::Pptx => "PowerPoint",
        }
    }
}

/// A place in the source: its line (1-based).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Line(pub usize);

impl fmt::Display for Line {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}", self.0)
    }
}

/// A place in a source: a line of a text file, a paragraph of a Word
/// document (counted from 1, tables and their cells' paragraphs included),
/// a slide of a presentation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Place {
    Line(usize),
    Paragraph(usize),
    Slide(usize),
}

impl fmt::Display for Place {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Place::Line(n) => write!(f, "line {n}"),
            Place::Paragraph(n) => write!(f, "paragraph {n}"),
            Place::Slide(n) => write!(f, "slide {n}"),
        }
    }
}

/// What the import did, in the author's words.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    /// What each part of the source became, in source order.
    pub mapped: Vec<(Place, String)>,
    /// What could not be brought over, or was brought over differently, and
    /// why, in source order.
    pub skipped: Vec<(Place, String)>,
}

impl Report {
    pub(crate) fn became(&mut self, place: Place, what: impl Into<String>) {
        self.mapped.push((place, what.into()));
    }
    /// Records what was not brought over; the same words at the same place once.
    pub(crate) fn skip(&mut self, place: Place, why: impl Into<String>) {
        let entry = (place, why.into());
        if self.skipped.last() != Some(&entry) {
            self.skipped.push(entry);
        }
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (line, what) in &self.mapped {
            writeln!(f, "  {line}: {what}")?;
        }
        if !self.skipped.is_empty() {
            writeln!(f, "Not brought over ({}):", self.skipped.len())?;
            for (line, why) in &self.skipped {
                writeln!(f, "  {line}: {why}")?;
            }
        }
        Ok(())
    }
}

/// A course made from a source, and the report of how.
#[derive(Debug, Clone)]
pub struct Imported {
    pub course: Course,
    pub format: Format,
    pub report: Report,
    /// The bytes of every asset the course lists (images of a document).
    pub assets: Vec<(AssetInfo, Vec<u8>)>,
    /// Review comments from the document, on the blocks they anchor to.
    pub comments: Vec<Comment>,
}

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("could not read {path}")]
    Read {
        path: String,
        source: std::io::Error,
    },
    #[error(
        "{0} is not a document Trellis can import; it reads Word (.docx), PowerPoint (.pptx), Markdown (.md), GIFT (.gift), Aiken (.aiken or .txt) and CSV question banks (.csv)"
    )]
    UnknownFormat(String),
    #[error("{path} is {size} bytes; documents of more than {max} bytes are not imported", max = MAX_SOURCE_BYTES)]
    TooLarge { path: String, size: u64 },
    #[error("{0} is not text in UTF-8; save it as UTF-8 text and import it again")]
    NotText(String),
    #[error("{path}, {line}: {message}")]
    Syntax {
        path: String,
        line: Line,
        message: String,
    },
    #[error("{0} holds nothing to import: no heading, text or question was found")]
    Empty(String),
    /// A package that cannot or must not be read, and why.
    #[error("{path} is not imported: {why}")]
    Refused { path: String, why: String },
}

/// How a source becomes a course, where there is a choice.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Options {
    /// What each slide of a presentation becomes.
    pub slides: SlideMode,
    /// Which heading levels of a Word or Markdown document start modules
    /// and lessons.
    pub headings: Headings,
}

/// A course an import adds to: an open course (the document's modules go
/// in as new ones) or a blueprint a new course starts from.
#[derive(Debug, Clone)]
pub struct Onto {
    pub course: Course,
    /// The module position the document's modules go in at.
    pub at: usize,
    /// Whether the document's title (or file name) retitles the course.
    pub retitle: bool,
}

impl Onto {
    /// Adding to the open course `course`: the document's modules after
    /// its last, its title left as it is.
    pub fn open_course(course: Course) -> Self {
        let at = course.modules.len();
        Self {
            course,
            at,
            retitle: false,
        }
    }

    /// Starting from the blueprint `course`: the course is titled after the
    /// document, and the document's modules go in before the blueprint's
    /// first module that holds an assessment lesson (so the assessment stays
    /// last), or after its last module when it has no assessment.
    pub fn blueprint(course: Course) -> Self {
        let at = course
            .modules
            .iter()
            .position(|m| {
                m.lessons
                    .iter()
                    .any(|l| l.template == TemplateKind::Assessment || l.assessment.is_some())
            })
            .unwrap_or(course.modules.len());
        Self {
            course,
            at,
            retitle: true,
        }
    }
}

/// The edit that adds what `extended` has and `base` has not, when
/// `extended` is `base` with an import added ([`import_file_onto`]): new
/// objectives, assets and modules, each at its place, as one batch (one
/// undo step); `None` when nothing was added.
pub fn additions(base: &Course, extended: &Course) -> Option<Edit> {
    let mut edits = Vec::new();
    for (index, objective) in extended.objectives.iter().enumerate() {
        if !base.objectives.iter().any(|o| o.id == objective.id) {
            edits.push(Edit::AddObjective {
                index,
                objective: objective.clone(),
            });
        }
    }
    for asset in &extended.assets {
        if base.asset(&asset.name) != Some(asset) {
            edits.push(Edit::PutAsset {
                asset: asset.clone(),
            });
        }
    }
    for (index, module) in extended.modules.iter().enumerate() {
        if !base.modules.iter().any(|m| m.id == module.id) {
            edits.push(Edit::AddModule {
                index,
                module: module.clone(),
            });
        }
    }
    (!edits.is_empty()).then_some(Edit::Batch { edits })
}

/// Imports the document at `path` as a new course titled after it.
pub fn import_file(path: &Path) -> Result<Imported, ImportError> {
    import_file_with(path, Options::default())
}

/// [`import_file`] with `options`.
pub fn import_file_with(path: &Path, options: Options) -> Result<Imported, ImportError> {
    import_path(
        path,
        &Plan {
            options,
            onto: None,
        },
    )
}

/// Imports the document at `path` into `onto`: the course returned is
/// `onto`'s with the document's modules, objectives and assets added (and
/// only its assets' new bytes in [`Imported::assets`]); [`additions`] is the
/// edit that makes it from `onto`'s course. Ids are made unique against
/// the whole course, and comment ids are `imported-N` as for a new course.
pub fn import_file_onto(
    path: &Path,
    options: Options,
    onto: Onto,
) -> Result<Imported, ImportError> {
    import_path(
        path,
        &Plan {
            options,
            onto: Some(onto),
        },
    )
}

/// What an import starts from and how it reads.
struct Plan {
    options: Options,
    onto: Option<Onto>,
}

impl Plan {
    /// The builder for a document named `name` (a file name without extension).
    fn builder(&self, name: &str, unit: Unit) -> Builder {
        let mut b = match &self.onto {
            Some(onto) => Builder::extending(onto.course.clone(), name, onto.at, !onto.retitle),
            None => Builder::new(name),
        };
        b.counting(unit);
        b.set_headings(self.options.headings);
        b
    }
}

fn import_path(path: &Path, plan: &Plan) -> Result<Imported, ImportError> {
    let shown = path.display().to_string();
    let read = |source| ImportError::Read {
        path: shown.clone(),
        source,
    };
    let meta = std::fs::metadata(path).map_err(read)?;
    if meta.is_dir() {
        return markdown_folder(path, plan);
    }
    let stem = path
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("Imported course");
    let package = Format::of(path, "").filter(|f| matches!(f, Format::Docx | Format::Pptx));
    if let Some(format) = package {
        if meta.len() > MAX_PACKAGE_BYTES {
            return Err(ImportError::Refused {
                path: shown,
                why: format!(
                    "it is {} MB; documents of more than {} MB are not imported (save large images smaller, or split the document)",
                    meta.len() / (1024 * 1024),
                    MAX_PACKAGE_BYTES / (1024 * 1024)
                ),
            });
        }
        let bytes = std::fs::read(path).map_err(read)?;
        return match format {
            Format::Pptx => pptx_with(bytes, &shown, stem, plan),
            _ => docx_with(bytes, &shown, stem, plan),
        };
    }
    if meta.len() > MAX_SOURCE_BYTES as u64 {
        return Err(ImportError::TooLarge {
            path: shown,
            size: meta.len(),
        });
    }
    let bytes = std::fs::read(path).map_err(read)?;
    let text = String::from_utf8(bytes).map_err(|_| ImportError::NotText(shown.clone()))?;
    let format =
        Format::of(path, &text).ok_or_else(|| ImportError::UnknownFormat(shown.clone()))?;
    import_text_in(&text, format, stem, path.parent(), plan).map_err(|e| match e {
        SourceError::Syntax { line, message } => ImportError::Syntax {
            path: shown.clone(),
            line,
            message,
        },
        SourceError::Empty => ImportError::Empty(shown.clone()),
    })
}

/// Why a source's text could not become a course.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SourceError {
    Syntax { line: Line, message: String },
    Empty,
}

/// Imports `text` in `format`; `name` (a file name without extension)
/// titles the course when the source has no title of its own.
pub fn import_text(text: &str, format: Format, name: &str) -> Result<Imported, SourceError> {
    let plan = Plan {
        options: Options::default(),
        onto: None,
    };
    import_text_in(text, format, name, None, &plan)
}

/// [`import_text`] of a file in the folder `base`, where a Markdown
/// document's images are.
fn import_text_in(
    text: &str,
    format: Format,
    name: &str,
    base: Option<&Path>,
    plan: &Plan,
) -> Result<Imported, SourceError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut b = plan.builder(name, Unit::Line);
    match format {
        Format::Markdown => markdown::read_in(text, &mut b, base)?,
        Format::Gift => gift::read(text, &mut b)?,
        Format::Aiken => aiken::read(text, &mut b)?,
        Format::Csv => csv::read(text, &mut b)?,
        // Packages are not text: `import_docx` and `import_pptx` read them.
        Format::Docx | Format::Pptx => return Err(SourceError::Empty),
    }
    let built = b.finish().ok_or(SourceError::Empty)?;
    Ok(built.imported(format))
}

/// Most Markdown files read from one folder, and how deep.
pub const MAX_FOLDER_FILES: usize = 2_000;
const MAX_FOLDER_DEPTH: usize = 8;

/// Imports a folder of Markdown documents (docs-as-code pages) as one
/// course titled after the folder: its `.md` files in name order, each
/// folder's `README.md` or `index.md` first, read as [`Format::Markdown`]
/// with their images relative to each file.
pub fn import_markdown_folder(dir: &Path) -> Result<Imported, ImportError> {
    markdown_folder(
        dir,
        &Plan {
            options: Options::default(),
            onto: None,
        },
    )
}

fn markdown_folder(dir: &Path, plan: &Plan) -> Result<Imported, ImportError> {
    let shown = dir.display().to_string();
    let mut files = Vec::new();
    collect_markdown(dir, 0, &mut files).map_err(|source| ImportError::Read {
        path: shown.clone(),
        source,
    })?;
    if files.len() > MAX_FOLDER_FILES {
        return Err(ImportError::Refused {
            path: shown,
            why: format!(
                "it holds more than {MAX_FOLDER_FILES} Markdown files; import its parts one by one"
            ),
        });
    }
    let name = dir
        .canonicalize()
        .ok()
        .and_then(|d| d.file_name().map(|n| n.to_string_lossy().into_owned()))
        .unwrap_or_else(|| "Imported course".to_owned());
    let mut b = plan.builder(&name, Unit::Line);
    for file in &files {
        let rel = file.strip_prefix(dir).unwrap_or(file).display().to_string();
        let read = |source| ImportError::Read {
            path: file.display().to_string(),
            source,
        };
        let meta = std::fs::metadata(file).map_err(read)?;
        if meta.len() > MAX_SOURCE_BYTES as u64 {
            return Err(ImportError::TooLarge {
                path: file.display().to_string(),
                size: meta.len(),
            });
        }
        let bytes = std::fs::read(file).map_err(read)?;
        let text = String::from_utf8(bytes)
            .map_err(|_| ImportError::NotText(file.display().to_string()))?;
        let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
        b.reading_file(&rel);
        markdown::read_in(text, &mut b, file.parent()).map_err(|e| match e {
            SourceError::Syntax { line, message } => ImportError::Syntax {
                path: file.display().to_string(),
                line,
                message,
            },
            SourceError::Empty => ImportError::Empty(file.display().to_string()),
        })?;
    }
    let built = b.finish().ok_or(ImportError::Empty(shown))?;
    Ok(built.imported(Format::Markdown))
}

fn collect_markdown(
    dir: &Path,
    depth: usize,
    out: &mut Vec<std::path::PathBuf>,
) -> std::io::Result<()> {
    if depth > MAX_FOLDER_DEPTH || out.len() > MAX_FOLDER_FILES {
        return Ok(());
    }
    let mut entries: Vec<(bool, String, std::path::PathBuf)> = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') || name == "node_modules" {
            continue;
        }
        let kind = entry.file_type()?;
        let path = entry.path();
        if kind.is_dir() {
            entries.push((true, name, path));
        } else if kind.is_file() && Format::of(&path, "") == Some(Format::Markdown) {
            entries.push((false, name, path));
        }
    }
    // Files before folders; README and index first; then by name.
    let first = |n: &str| {
        let l = n.to_lowercase();
        !(l.starts_with("readme.") || l.starts_with("index."))
    };
    entries.sort_by(|a, b| (a.0, first(&a.1), &a.1).cmp(&(b.0, first(&b.1), &b.1)));
    for (is_dir, _, path) in entries {
        if is_dir {
            collect_markdown(&path, depth + 1, out)?;
        } else {
            out.push(path);
        }
    }
    Ok(())
}

/// Imports the Word document `bytes` (the file `shown`, for messages);
/// `name` titles the course when the document has no title of its own.
pub fn import_docx(bytes: Vec<u8>, shown: &str, name: &str) -> Result<Imported, ImportError> {
    let plan = Plan {
        options: Options::default(),
        onto: None,
    };
    docx_with(bytes, shown, name, &plan)
}

fn docx_with(
    bytes: Vec<u8>,
    shown: &str,
    name: &str,
    plan: &Plan,
) -> Result<Imported, ImportError> {
    let mut package = ooxml::Package::open(bytes, shown, "Word document")?;
    let mut b = plan.builder(name, Unit::Paragraph);
    docx::read(&mut package, &mut b)?;
    let built = b
        .finish()
        .ok_or_else(|| ImportError::Empty(shown.to_owned()))?;
    Ok(built.imported(Format::Docx))
}

/// Imports the PowerPoint presentation `bytes` (the file `shown`, for
/// messages); `name` titles the course; `slides` says what a slide becomes.
pub fn import_pptx(
    bytes: Vec<u8>,
    shown: &str,
    name: &str,
    slides: SlideMode,
) -> Result<Imported, ImportError> {
    let plan = Plan {
        options: Options {
            slides,
            ..Options::default()
        },
        onto: None,
    };
    pptx_with(bytes, shown, name, &plan)
}

fn pptx_with(
    bytes: Vec<u8>,
    shown: &str,
    name: &str,
    plan: &Plan,
) -> Result<Imported, ImportError> {
    let mut package = ooxml::Package::open(bytes, shown, "PowerPoint presentation")?;
    let mut b = plan.builder(name, Unit::Slide);
    pptx::read(&mut package, &mut b, plan.options.slides)?;
    let built = b
        .finish()
        .ok_or_else(|| ImportError::Empty(shown.to_owned()))?;
    Ok(built.imported(Format::Pptx))
}

/// Renames the comments of an import (`imported-N`) to ids none of
/// `existing` has, `imported-N` counting on, so they can join a course file
/// that has comments already.
pub fn fresh_comment_ids(comments: &mut [Comment], existing: &[Comment]) {
    let taken: std::collections::BTreeSet<&str> = existing.iter().map(|c| c.id.as_str()).collect();
    let mut n = 0;
    for comment in comments {
        let id = loop {
            n += 1;
            let id = format!("imported-{n}");
            if !taken.contains(id.as_str()) {
                break id;
            }
        };
        comment.id = trellis_model::CommentId::new(id).expect("a valid id");
    }
}
