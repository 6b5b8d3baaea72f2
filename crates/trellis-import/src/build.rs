//! Builds the imported course through the model's edits: modules, lessons
//! and blocks in source order, with readable ids made from titles.

use std::collections::BTreeSet;

use trellis_model::{
    AssetInfo, Block, BlockContent, BlockId, Comment, CommentId, CommentStatus, CommentTarget,
    Course, CourseId, Edit, ImageLayout, ItemId, Lesson, LessonId, Module, ModuleId, Objective,
    ObjectiveId, TemplateKind, apply, xml_allows,
};

use crate::{Format, Imported, Place, Report};

/// The course under construction and the report of what went where.
pub struct Builder {
    course: Course,
    report: Report,
    ids: BTreeSet<String>,
    module: Option<ModuleId>,
    lesson: Option<LessonId>,
    blocks: usize,
    unit: Unit,
    /// The file of a folder being read, named before each report line.
    file: Option<String>,
    title_locked: bool,
    assets: Vec<(AssetInfo, Vec<u8>)>,
    comments: Vec<Note>,
    headings: Headings,
    /// Where the next module goes; `None`: at the end.
    module_at: Option<usize>,
    /// The title of the module made for lessons that come before any
    /// module heading; `None`: the course's title.
    first_module: Option<String>,
}

/// Which heading levels of a document start modules and lessons.
///
/// A heading at the lesson level starts a lesson; a deeper one becomes a
/// heading block (one level below the lesson level is a level-2 heading,
/// and so on down to 4); a shallower one starts a module when its level is
/// at most the module level, and a lesson otherwise (so with no module
/// level, every heading down to the lesson level starts a lesson, all in one
/// module).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Headings {
    module: Option<u8>,
    lesson: u8,
}

impl Default for Headings {
    /// Heading 1 → module, Heading 2 → lesson.
    fn default() -> Self {
        Self {
            module: Some(1),
            lesson: 2,
        }
    }
}

/// What a heading of a document becomes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Module,
    Lesson,
    /// A heading block of this level (2 to 4).
    Heading(u8),
}

impl Headings {
    /// The deepest heading level a document has (Word's Heading 9).
    pub const DEEPEST: u8 = 9;

    /// Headings `module` (or none) → module and `lesson` → lesson; the
    /// module level must be above (a smaller number than) the lesson level.
    pub fn new(module: Option<u8>, lesson: u8) -> Result<Self, String> {
        if !(1..=Self::DEEPEST).contains(&lesson) {
            return Err(format!(
                "the lesson heading level must be 1 to {}, not {lesson}",
                Self::DEEPEST
            ));
        }
        if let Some(m) = module
            && !(1..lesson).contains(&m)
        {
            return Err(format!(
                "the module heading level ({m}) must be above the lesson heading level ({lesson}): a smaller number, at least 1"
            ));
        }
        Ok(Self { module, lesson })
    }

    /// The heading level that starts a module, if any.
    pub fn module(self) -> Option<u8> {
        self.module
    }

    /// The heading level that starts a lesson.
    pub fn lesson(self) -> u8 {
        self.lesson
    }

    /// What a heading of `level` (1 = the top level) becomes.
    pub fn role(self, level: u8) -> Role {
        if level > self.lesson {
            Role::Heading((level - self.lesson + 1).clamp(2, 4))
        } else if level < self.lesson && self.module.is_some_and(|m| level <= m) {
            Role::Module
        } else {
            Role::Lesson
        }
    }
}

/// What places in a source are counted in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    Line,
    Paragraph,
    Slide,
}

/// A comment from the source, waiting for its block's final content.
struct Note {
    target: CommentTarget,
    reviewer: String,
    text: String,
    quote: String,
    created: String,
}

/// What a finished import holds.
pub struct Built {
    pub course: Course,
    pub report: Report,
    pub assets: Vec<(AssetInfo, Vec<u8>)>,
    pub comments: Vec<Comment>,
}

impl Built {
    pub(crate) fn imported(self, format: Format) -> Imported {
        Imported {
            course: self.course,
            format,
            report: self.report,
            assets: self.assets,
            comments: self.comments,
        }
    }
}

/// `created` when it is a UTC time the review format takes
/// (`2026-11-28T15:04:05Z`, fractions dropped), else the Unix epoch.
fn utc_time(created: &str) -> String {
    let t = created.trim();
    let core = t.get(..19).unwrap_or("");
    let rest = &t[core.len()..];
    let rest = rest.trim_start_matches(|c: char| c == '.' || c.is_ascii_digit());
    let candidate = format!("{core}Z");
    if (rest.is_empty() || rest == "Z") && trellis_model::is_timestamp(&candidate) {
        candidate
    } else {
        "1970-01-01T00:00:00Z".to_owned()
    }
}

/// An id made of the ASCII letters and digits of `text`, lower case, words
/// joined by `-`, at most 40 characters; `fallback` when nothing is left.
fn slug(text: &str, fallback: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
        if out.len() >= 40 {
            break;
        }
    }
    let out = out.trim_end_matches('-');
    if out.is_empty() {
        fallback.to_owned()
    } else {
        out.to_owned()
    }
}

/// A question as an imported bank gives it: worth 1 point, one try, no
/// objective yet and no feedback beyond what the source had.
pub(crate) fn question(prompt: String, answer: trellis_model::Answer) -> trellis_model::Question {
    trellis_model::Question {
        prompt,
        points: 1,
        objectives: Vec::new(),
        correct_feedback: String::new(),
        incorrect_feedback: String::new(),
        hint: String::new(),
        attempts: 1,
        scored: false,
        answer,
    }
}

/// `text` without the characters a package's XML cannot carry.
pub(crate) fn clean(text: &str) -> String {
    text.chars().filter(|&c| xml_allows(c)).collect()
}

impl Builder {
    /// A new course titled after `name` (a file name without extension).
    pub fn new(name: &str) -> Self {
        let title = title_of(name);
        let mut ids = BTreeSet::new();
        let id = slug(name, "imported");
        ids.insert(id.clone());
        let course = Course::new(
            CourseId::new(id).expect("a slug is an id"),
            if title.is_empty() {
                "Imported course".to_owned()
            } else {
                title
            },
        );
        Self {
            course,
            report: Report::default(),
            ids,
            module: None,
            lesson: None,
            blocks: 0,
            unit: Unit::Line,
            file: None,
            title_locked: false,
            assets: Vec::new(),
            comments: Vec::new(),
            headings: Headings::default(),
            module_at: None,
            first_module: None,
        }
    }

    /// A builder that adds to `base`: new modules go in at module position
    /// `at` (in source order), lessons before any module heading into a
    /// module titled after `name` (a file name without extension), ids are
    /// made unique against the whole course, and a picture whose bytes the
    /// course already has is that asset. With `keep_title` the document
    /// does not retitle the course; without, the course is titled after
    /// `name` until the document gives a title of its own.
    pub fn extending(mut base: Course, name: &str, at: usize, keep_title: bool) -> Self {
        let mut ids: BTreeSet<String> = base.all_ids().into_iter().map(str::to_owned).collect();
        ids.insert(base.id.as_str().to_owned());
        let title = title_of(name);
        if !keep_title && !title.is_empty() {
            base.info.title = title.clone();
        }
        Self {
            ids,
            title_locked: keep_title,
            module_at: Some(at.min(base.modules.len())),
            first_module: Some(if title.is_empty() {
                "Imported".to_owned()
            } else {
                title
            }),
            course: base,
            ..Self::new(name)
        }
    }

    /// Which heading levels start modules and lessons.
    pub fn set_headings(&mut self, headings: Headings) {
        self.headings = headings;
    }

    /// What a heading of `level` becomes.
    pub fn heading_role(&self, level: u8) -> Role {
        self.headings.role(level)
    }

    /// What the numbers given to the builder count (lines by default).
    pub fn counting(&mut self, unit: Unit) {
        self.unit = unit;
    }

    /// Report lines from now on are about `file` (of a folder).
    pub fn reading_file(&mut self, file: &str) {
        self.file = Some(file.to_owned());
        self.title_locked = true;
    }

    /// `what`, named after the file it is in, when reading a folder.
    fn about(&self, what: String) -> String {
        match &self.file {
            Some(file) => format!("{file}: {what}"),
            None => what,
        }
    }

    fn place(&self, n: usize) -> Place {
        match self.unit {
            Unit::Line => Place::Line(n),
            Unit::Paragraph => Place::Paragraph(n),
            Unit::Slide => Place::Slide(n),
        }
    }

    /// The course's title as it stands.
    pub fn course_title(&self) -> String {
        self.course.info.title.clone()
    }

    /// Titles the course (a document's own title), unless the title is
    /// locked (a folder's documents do not title its course).
    pub fn title(&mut self, title: &str) {
        let title = clean(title.trim());
        if !title.is_empty() && !self.title_locked {
            self.course.info.title = title;
        }
    }

    /// A fresh id from `text`, unique in the course.
    fn id(&mut self, text: &str, fallback: &str) -> String {
        let base = slug(text, fallback);
        let mut id = base.clone();
        let mut n = 2;
        while !self.ids.insert(id.clone()) {
            id = format!("{base}-{n}");
            n += 1;
        }
        id
    }

    /// An item id (a choice, a pair) unique within its block.
    pub(crate) fn item(n: usize) -> ItemId {
        ItemId::new(format!("i{}", n + 1)).expect("a valid item id")
    }

    fn edit(&mut self, edit: Edit) {
        apply(&mut self.course, &edit).expect("the import builds only valid edits");
    }

    /// Starts a module titled `title` (source line `line`).
    pub fn module(&mut self, line: usize, title: &str) {
        let title = clean(title.trim());
        let id = ModuleId::new(self.id(&title, "module")).expect("a slug is an id");
        let index = match self.module_at.as_mut() {
            Some(at) => {
                *at += 1;
                *at - 1
            }
            None => self.course.modules.len(),
        };
        self.edit(Edit::AddModule {
            index,
            module: Module {
                id: id.clone(),
                title: title.clone(),
                lessons: Vec::new(),
            },
        });
        self.report
            .became(self.place(line), self.about(format!("module “{title}”")));
        self.module = Some(id);
        self.lesson = None;
    }

    /// Starts a lesson titled `title` in the current module (one is made,
    /// titled after the course, when there is none yet).
    pub fn lesson(&mut self, line: usize, title: &str) {
        let title = clean(title.trim());
        if self.module.is_none() {
            let first = self
                .first_module
                .clone()
                .unwrap_or_else(|| self.course.info.title.clone());
            self.module(line, &first);
        }
        let module = self.module.clone().expect("a module");
        let id = LessonId::new(self.id(&title, "lesson")).expect("a slug is an id");
        let index = self
            .course
            .modules
            .iter()
            .find(|m| m.id == module)
            .map_or(0, |m| m.lessons.len());
        self.edit(Edit::AddLesson {
            module,
            index,
            lesson: Lesson {
                job_aid: false,
                id: id.clone(),
                title: title.clone(),
                template: TemplateKind::Free,
                assessment: None,
                blocks: Vec::new(),
            },
        });
        self.report
            .became(self.place(line), self.about(format!("lesson “{title}”")));
        self.lesson = Some(id);
    }

    /// Whether a lesson is open for blocks.
    pub fn has_lesson(&self) -> bool {
        self.lesson.is_some()
    }

    /// Adds a block to the current lesson (one is made, titled `lesson`,
    /// when there is none yet); `what` says what it is, for the report.
    pub fn block(
        &mut self,
        line: usize,
        lesson: &str,
        hint: &str,
        content: BlockContent,
        what: &str,
    ) -> BlockId {
        if self.lesson.is_none() {
            self.lesson(line, lesson);
        }
        let lesson = self.lesson.clone().expect("a lesson");
        let id = BlockId::new(self.id(&format!("{} {hint}", lesson.as_str()), "block"))
            .expect("a slug is an id");
        let index = self
            .course
            .lessons()
            .find(|l| l.id == lesson)
            .map_or(0, |l| l.blocks.len());
        let content = clean_content(content);
        self.edit(Edit::AddBlock {
            lesson,
            index,
            block: Block {
                job_aid: None,
                id: id.clone(),
                slot: None,
                content,
                placeholders: BTreeSet::new(),
            },
        });
        self.blocks += 1;
        self.report
            .became(self.place(line), self.about(what.to_owned()));
        id
    }

    /// The block `id` as it stands.
    pub fn block_content(&self, id: &BlockId) -> Option<&BlockContent> {
        self.course
            .lessons()
            .flat_map(|l| &l.blocks)
            .find(|b| &b.id == id)
            .map(|b| &b.content)
    }

    /// Replaces the content of block `id` (a caption found after its image).
    pub fn update(&mut self, id: &BlockId, content: BlockContent) {
        let Some(block) = self
            .course
            .lessons()
            .flat_map(|l| &l.blocks)
            .find(|b| &b.id == id)
            .cloned()
        else {
            return;
        };
        self.edit(Edit::UpdateBlock {
            block: Block {
                content: clean_content(content),
                ..block
            },
        });
    }

    /// The last block of lesson `lesson`.
    pub fn last_block(&self, lesson: &LessonId) -> Option<BlockId> {
        self.course
            .lessons()
            .find(|l| &l.id == lesson)
            .and_then(|l| l.blocks.last())
            .map(|b| b.id.clone())
    }

    /// Reports that paragraph `line` became the caption `caption`.
    pub fn report_caption(&mut self, line: usize, caption: &str) {
        let place = self.place(line);
        self.report
            .became(place, format!("caption “{caption}” of the image before it"));
    }

    /// Reports that paragraph `line` titled the course.
    pub fn report_title(&mut self, line: usize, title: &str) {
        let place = self.place(line);
        self.report
            .became(place, format!("the course title “{title}”"));
    }

    /// The title of the lesson blocks go into now, if any.
    pub fn current_lesson_title(&self) -> Option<String> {
        let id = self.lesson.as_ref()?;
        self.course
            .lessons()
            .find(|l| &l.id == id)
            .map(|l| l.title.clone())
    }

    /// The lesson blocks go into now, if any.
    pub fn current_lesson(&self) -> Option<&LessonId> {
        self.lesson.as_ref()
    }

    /// Adds a course objective stated as `statement`.
    pub fn objective(&mut self, line: usize, statement: &str) -> ObjectiveId {
        let statement = clean(statement.trim());
        let id = ObjectiveId::new(self.id(&statement, "objective")).expect("a slug is an id");
        let index = self.course.objectives.len();
        self.edit(Edit::AddObjective {
            index,
            objective: Objective {
                id: id.clone(),
                statement: statement.clone(),
                bloom: None,
                placeholder: false,
            },
        });
        self.report.became(
            self.place(line),
            format!("learning objective “{statement}”"),
        );
        id
    }

    /// The objective a source names with `name`: by its number in the
    /// course's list (`2`, `Objective 2`, `LO 2`), or by its statement (case,
    /// spacing and a final full stop aside). A statement the course does not
    /// have becomes a new objective (reported as not brought over as named
    /// when adding to an existing course or blueprint); a number it does not
    /// have is reported and links nothing.
    pub fn objective_named(&mut self, line: usize, name: &str) -> Option<ObjectiveId> {
        let name = clean(name.trim());
        if name.is_empty() {
            return None;
        }
        let lower = name.to_lowercase();
        let number = ["objective", "lo", "#"]
            .iter()
            .find_map(|p| lower.strip_prefix(p))
            .unwrap_or(&lower)
            .trim()
            .trim_start_matches(['#', '.', ' '])
            .parse::<usize>()
            .ok();
        if let Some(n) = number {
            return match self.course.objectives.get(n.wrapping_sub(1)) {
                Some(o) => Some(o.id.clone()),
                None => {
                    let have = self.course.objectives.len();
                    self.skip(
                        line,
                        format!(
                            "the objective “{name}” is not in the course (it has {have}); the question is not linked to it"
                        ),
                    );
                    None
                }
            };
        }
        let key = |s: &str| {
            s.split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
                .trim_end_matches('.')
                .to_lowercase()
        };
        let wanted = key(&name);
        if let Some(o) = self
            .course
            .objectives
            .iter()
            .find(|o| key(&o.statement) == wanted)
        {
            return Some(o.id.clone());
        }
        // Adding to a course, a name it does not know may be a slip: said.
        if self.module_at.is_some() {
            self.skip(
                line,
                format!("the objective “{name}” was not in the course, so it was added"),
            );
        }
        Some(self.objective(line, &name))
    }

    /// Adds the asset `bytes`, named after `name` (made unique); the same
    /// bytes twice are one asset. The name it has in the course, or why it
    /// cannot be used.
    pub fn asset(&mut self, name: &str, bytes: Vec<u8>) -> Result<String, String> {
        let hash = trellis_assets::sha256_hex(&bytes);
        if let Some(info) = self.course.assets.iter().find(|a| a.sha256 == hash) {
            return Ok(info.name.clone());
        }
        let (stem, ext) = match name.rsplit_once('.') {
            Some((s, e)) => (s, e.to_ascii_lowercase()),
            None => (name, String::new()),
        };
        let stem = slug(stem, "image");
        let mut candidate = format!("{stem}.{ext}");
        let mut n = 2;
        while self.course.asset(&candidate).is_some() {
            candidate = format!("{stem}-{n}.{ext}");
            n += 1;
        }
        let info = trellis_assets::inspect(&candidate, &bytes).map_err(|e| e.to_string())?;
        self.edit(Edit::PutAsset {
            asset: info.clone(),
        });
        self.assets.push((info, bytes));
        Ok(candidate)
    }

    /// An image block for the picture `bytes` at source place `line`, in
    /// the current lesson (or one titled `lesson`), described as `alt`: the
    /// bytes become an asset named `wanted` (made unique). When they cannot
    /// be used, a report line names `source` (the picture's file or address,
    /// a `noun` such as "image" or "picture") and says why, and nothing is
    /// added. A picture without a description is reported too.
    #[allow(clippy::too_many_arguments)]
    pub fn image(
        &mut self,
        line: usize,
        lesson: &str,
        noun: &str,
        source: &str,
        wanted: &str,
        bytes: Vec<u8>,
        alt: &str,
    ) -> Option<BlockId> {
        let name = match self.asset(wanted, bytes) {
            Ok(name) => name,
            Err(why) => {
                self.skip(line, format!("the {noun} “{source}” was left out: {why}"));
                return None;
            }
        };
        let alt = alt.trim().to_owned();
        if alt.is_empty() {
            self.skip(
                line,
                format!("the {noun} “{name}” has no description (alt text); write one in Trellis"),
            );
        }
        let what = if alt.is_empty() {
            format!("image “{name}”")
        } else {
            format!("image “{name}” described as “{alt}”")
        };
        Some(self.block(
            line,
            lesson,
            "image",
            BlockContent::Image {
                asset: name,
                alt,
                caption: String::new(),
                decorative: false,
                layout: ImageLayout::default(),
                markdown: String::new(),
            },
            &what,
        ))
    }

    /// A review comment by `reviewer` on block `block` (or on the current
    /// lesson), made at `created`, about `quote`.
    pub fn comment(
        &mut self,
        block: Option<BlockId>,
        reviewer: &str,
        text: &str,
        quote: &str,
        created: &str,
    ) -> bool {
        let Some(lesson) = self.lesson.clone() else {
            return false;
        };
        let reviewer = clean(reviewer.trim());
        self.comments.push(Note {
            target: CommentTarget {
                lesson,
                block,
                item: None,
                part: None,
            },
            reviewer: if reviewer.is_empty() {
                "Reviewer".to_owned()
            } else {
                reviewer.chars().take(100).collect()
            },
            text: clean(text.trim()).chars().take(10_000).collect(),
            quote: clean(quote.trim()).chars().take(4_000).collect(),
            created: utc_time(created),
        });
        true
    }

    pub fn skip(&mut self, line: usize, why: impl Into<String>) {
        let place = self.place(line);
        let why = self.about(why.into());
        self.report.skip(place, why);
    }

    /// The course, report, asset bytes and comments; `None` when no block
    /// was made.
    pub fn finish(self) -> Option<Built> {
        if self.blocks == 0 {
            return None;
        }
        let mut comments = Vec::new();
        for (n, note) in self.comments.into_iter().enumerate() {
            if note.text.is_empty() {
                continue;
            }
            let block_version = note
                .target
                .block
                .as_ref()
                .and_then(|id| {
                    self.course
                        .lessons()
                        .flat_map(|l| &l.blocks)
                        .find(|b| &b.id == id)
                })
                .map(|b| b.fingerprint())
                .unwrap_or_default();
            comments.push(Comment {
                id: CommentId::new(format!("imported-{}", n + 1)).expect("a valid id"),
                target: note.target,
                reviewer: note.reviewer,
                text: note.text,
                quote: note.quote,
                block_version,
                created: note.created,
                status: CommentStatus::default(),
                replies: Vec::new(),
            });
        }
        Some(Built {
            course: self.course,
            report: self.report,
            assets: self.assets,
            comments,
        })
    }
}

/// Content with every text field cleaned of characters XML cannot carry
/// (the import makes text, heading, quote, callout, image and question blocks).
fn clean_content(content: BlockContent) -> BlockContent {
    use trellis_model::Answer;
    match content {
        BlockContent::Text { markdown } => BlockContent::Text {
            markdown: clean(&markdown),
        },
        BlockContent::Heading { text, level } => BlockContent::Heading {
            text: clean(&text),
            level,
        },
        BlockContent::Quote {
            markdown,
            attribution,
        } => BlockContent::Quote {
            markdown: clean(&markdown),
            attribution: clean(&attribution),
        },
        BlockContent::Callout {
            style,
            title,
            markdown,
        } => BlockContent::Callout {
            style,
            title: clean(&title),
            markdown: clean(&markdown),
        },
        BlockContent::Image {
            asset,
            alt,
            caption,
            decorative,
            layout,
            markdown,
        } => BlockContent::Image {
            asset,
            alt: clean(&alt),
            caption: clean(&caption),
            decorative,
            layout,
            markdown: clean(&markdown),
        },
        BlockContent::Question(mut q) => {
            q.prompt = clean(&q.prompt);
            q.correct_feedback = clean(&q.correct_feedback);
            q.incorrect_feedback = clean(&q.incorrect_feedback);
            match &mut q.answer {
                Answer::SingleChoice { choices } | Answer::MultipleResponse { choices } => {
                    for c in choices {
                        c.text = clean(&c.text);
                        c.feedback = clean(&c.feedback);
                    }
                }
                Answer::TrueFalse {
                    true_feedback,
                    false_feedback,
                    ..
                } => {
                    *true_feedback = clean(true_feedback);
                    *false_feedback = clean(false_feedback);
                }
                Answer::FillBlank { accepted, .. } => {
                    accepted.iter_mut().for_each(|a| *a = clean(a));
                }
                Answer::Matching { pairs } => {
                    for p in pairs {
                        p.left = clean(&p.left);
                        p.right = clean(&p.right);
                    }
                }
                Answer::Ordering { items } => {
                    items.iter_mut().for_each(|i| i.text = clean(&i.text));
                }
                Answer::Numeric { .. } => {}
            }
            BlockContent::Question(q)
        }
        other => other,
    }
}

/// A title from a file name: `phishing_quiz-2` → `Phishing quiz 2`.
fn title_of(name: &str) -> String {
    let words: Vec<&str> = name
        .split(|c: char| c == '-' || c == '_' || c.is_whitespace())
        .filter(|w| !w.is_empty())
        .collect();
    let joined = clean(&words.join(" "));
    let mut chars = joined.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comment_times_are_kept_only_when_they_are_real_times() {
        assert_eq!(utc_time("2026-11-30T10:15:09Z"), "2026-11-30T10:15:09Z");
        assert_eq!(utc_time(" 2026-11-30T10:15:09.25Z"), "2026-11-30T10:15:09Z");
        assert_eq!(utc_time("2026-11-30T10:15:09"), "2026-11-30T10:15:09Z");
        // Found by the CI's fuzzing smoke: a Word comment dated with 69
        // seconds made a review comment the course file refuses.
        for bad in [
            "2026-11-30T10:15:69Z",
            "2026-13-01T00:00:00Z",
            "2026-11-30T25:00:00Z",
            "yesterday",
            "",
            "2026-11-30T10:15:09+02:00",
        ] {
            assert_eq!(utc_time(bad), "1970-01-01T00:00:00Z", "{bad}");
        }
    }

    #[test]
    fn ids_are_slugs_made_unique() {
        let mut b = Builder::new("My quiz");
        assert_eq!(b.course.id.as_str(), "my-quiz");
        assert_eq!(b.course.info.title, "My quiz");
        assert_eq!(b.id("Spot the signs!", "x"), "spot-the-signs");
        assert_eq!(b.id("Spot the signs?", "x"), "spot-the-signs-2");
        assert_eq!(b.id("日本語", "lesson"), "lesson");
        assert_eq!(b.id("日本語", "lesson"), "lesson-2");
        assert_eq!(slug(&"a".repeat(100), "x").len(), 40);
    }

    #[test]
    fn a_block_before_any_heading_gets_a_module_and_lesson() {
        let mut b = Builder::new("bank");
        b.block(
            1,
            "Questions",
            "q1",
            BlockContent::Text {
                markdown: "Hi\u{7}".into(),
            },
            "text",
        );
        let built = b.finish().unwrap();
        let (course, report) = (built.course, built.report);
        assert_eq!(course.modules.len(), 1);
        assert_eq!(course.modules[0].title, "Bank");
        assert_eq!(course.modules[0].lessons[0].title, "Questions");
        match &course.modules[0].lessons[0].blocks[0].content {
            BlockContent::Text { markdown } => assert_eq!(markdown, "Hi"),
            _ => unreachable!(),
        }
        assert_eq!(report.mapped.len(), 3);
    }

    #[test]
    fn nothing_made_is_nothing_imported() {
        assert!(Builder::new("x").finish().is_none());
    }
}
