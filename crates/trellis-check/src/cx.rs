//! The state of one check run: the course, options, findings so far, and
//! helpers that build locations.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use trellis_model::{AssetInfo, Block, Course, ItemId, Lesson, Module, Objective};

use crate::rules::{self, RuleInfo};
use crate::{Finding, Location, Options};

/// The kind of asset a reference needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Want {
    Image,
    Video,
    Audio,
    Captions,
}

impl Want {
    fn admits(self, asset: &AssetInfo) -> bool {
        let t = asset.media_type.to_ascii_lowercase();
        match self {
            Self::Image => t.starts_with("image/"),
            Self::Video => t.starts_with("video/"),
            // A `.webm` file is taken as video by its ending, yet holds
            // sound alone as often (it is what browsers record audio in).
            Self::Audio => t.starts_with("audio/") || t == "video/webm",
            Self::Captions => t == "text/vtt" || asset.name.to_ascii_lowercase().ends_with(".vtt"),
        }
    }

    fn describe(self) -> &'static str {
        match self {
            Self::Image => "an image (PNG, JPEG, GIF or WebP)",
            Self::Video => "a video file",
            Self::Audio => "an audio file (MP3, M4A, Ogg, WAV or WebM)",
            Self::Captions => "a WebVTT captions file (.vtt)",
        }
    }
}

/// A media type in words: `a PNG image`, `a video`, `a file of type text/plain`.
fn file_kind(media_type: &str) -> String {
    let (top, sub) = media_type.split_once('/').unwrap_or((media_type, ""));
    let sub = sub.split(['+', ';']).next().unwrap_or("").to_uppercase();
    match top {
        "image" if !sub.is_empty() => format!("a {sub} image"),
        "image" => "an image".into(),
        "video" => "a video".into(),
        "audio" => "an audio file".into(),
        _ => format!("a file of type {media_type}"),
    }
}

pub(crate) struct Cx<'a> {
    pub course: &'a Course,
    pub options: &'a Options,
    /// Objective ids the course defines.
    pub objective_ids: BTreeSet<&'a str>,
    /// The course's assets by name (not relying on the list being sorted).
    assets: BTreeMap<&'a str, &'a AssetInfo>,
    /// Names of assets something refers to.
    pub used_assets: BTreeSet<String>,
    /// The assets the lesson being checked refers to, while a lesson is
    /// checked for [`crate::Checker`] to keep.
    lesson_assets: Option<Vec<String>>,
    /// Course-wide ids seen so far, with what first used them.
    ids: HashMap<&'a str, Owner<'a>>,
    /// Lesson ids seen so far in lower case (they name files).
    lesson_ids: HashMap<String, &'a str>,
    /// How many ids were found used twice (or lesson ids differing only
    /// in case), reported or not.
    pub clashes: usize,
    pub findings: Vec<Finding>,
}

/// What uses a course-wide id, named in the message when another part of
/// the course uses it again (made only then).
#[derive(Clone, Copy)]
pub(crate) enum Owner<'a> {
    Course,
    Objective(&'a Objective),
    Module(&'a Module),
    Lesson(&'a Lesson),
    /// A block and its index in the lesson.
    Block(&'a Lesson, usize),
}

impl Owner<'_> {
    fn describe(self) -> String {
        match self {
            Self::Course => "course".into(),
            Self::Objective(o) => format!("objective \"{}\"", o.statement.trim()),
            Self::Module(m) => named("module", &m.title),
            Self::Lesson(l) => named("lesson", &l.title),
            Self::Block(l, index) => {
                format!("block (no. {} in {})", index + 1, named("lesson", &l.title))
            }
        }
    }
}

/// `module 'Basics'`, or `untitled module` when it has no title.
fn named(kind: &str, title: &str) -> String {
    if title.trim().is_empty() {
        format!("untitled {kind}")
    } else {
        format!("{kind} '{}'", title.trim())
    }
}

impl<'a> Cx<'a> {
    pub fn new(course: &'a Course, options: &'a Options) -> Self {
        Self {
            course,
            options,
            objective_ids: course.objectives.iter().map(|o| o.id.as_str()).collect(),
            assets: course.assets.iter().map(|a| (a.name.as_str(), a)).collect(),
            used_assets: BTreeSet::new(),
            lesson_assets: None,
            ids: HashMap::new(),
            lesson_ids: HashMap::new(),
            clashes: 0,
            findings: Vec::new(),
        }
    }

    /// Room for `n` course-wide ids (as many as the last run saw).
    pub fn expect_ids(&mut self, n: usize) {
        self.ids.reserve(n);
    }

    /// How many course-wide ids were seen.
    pub fn id_count(&self) -> usize {
        self.ids.len()
    }

    /// Records a course-wide id and what uses it, and reports it when
    /// something else already used it.
    pub fn register_id(&mut self, id: &'a str, owner: Owner<'a>, loc: impl FnOnce() -> Location) {
        if let Some(first) = self.ids.get(id) {
            self.clashes += 1;
            let (first, what) = (first.describe(), owner.describe());
            let message = format!(
                "The {first} and this {what} have the same internal id (“{id}”), so \
                 publishing and tracking would mix the two up. Give one of them a new id in \
                 the course's text files, or delete it and duplicate the other."
            );
            self.emit(rules::DUPLICATE_ID, loc(), message);
        } else {
            self.ids.insert(id, owner);
        }
    }

    /// Records the ids of a lesson whose findings are kept from an earlier
    /// run (its own id, the file name it gives and its blocks' ids) and the
    /// assets it refers to, as checking it would. Records nothing and
    /// answers false when one of the ids is taken: then the lesson must be
    /// checked again, for the finding to come where it belongs.
    pub fn register_kept_lesson(&mut self, lesson: &'a Lesson, assets: &[String]) -> bool {
        let file = lesson.id.as_str().to_lowercase();
        if self.ids.contains_key(lesson.id.as_str())
            || self.lesson_ids.contains_key(&file)
            || lesson
                .blocks
                .iter()
                .any(|b| self.ids.contains_key(b.id.as_str()))
        {
            return false;
        }
        self.ids.insert(lesson.id.as_str(), Owner::Lesson(lesson));
        self.lesson_ids.insert(file, lesson.id.as_str());
        for (index, block) in lesson.blocks.iter().enumerate() {
            self.ids
                .insert(block.id.as_str(), Owner::Block(lesson, index));
        }
        for name in assets {
            self.use_asset(name);
        }
        true
    }

    /// Records a lesson id, which also names the lesson's file, and reports
    /// a clash that differs only in case.
    pub fn register_lesson_file(&mut self, id: &'a str, loc: impl FnOnce() -> Location) {
        let folded = id.to_lowercase();
        match self.lesson_ids.get(&folded) {
            Some(&other) if other != id => {
                self.clashes += 1;
                let message = format!(
                    "This lesson's internal id (“{id}”) differs from another lesson's (“{other}”) \
                     only in upper and lower case. Lesson ids name files, and Windows and macOS \
                     treat those names as the same file: change one of the two ids in the \
                     course's text files."
                );
                self.emit(rules::DUPLICATE_ID, loc(), message);
            }
            Some(_) => {}
            None => {
                self.lesson_ids.insert(folded, id);
            }
        }
    }

    /// Checks a reference to an asset: that the course carries it and that
    /// it is the kind of file the place needs. `what` names the field for
    /// the message, e.g. "image" or "captions".
    pub fn asset_ref(&mut self, loc: impl Fn() -> Location, name: &str, want: Want, what: &str) {
        self.use_asset(name);
        match self.assets.get(name) {
            None => self.emit(
                rules::MISSING_ASSET,
                loc(),
                format!(
                    "The {what} “{name}” is not among the course's assets, so the published \
                     course would show nothing here. Add the file to the course, or choose one \
                     of its assets."
                ),
            ),
            Some(asset) if !want.admits(asset) => {
                let message = format!(
                    "The {what} “{name}” is {}, but this place needs {}. Choose a file of the \
                     right kind.",
                    file_kind(&asset.media_type),
                    want.describe()
                );
                self.emit(rules::ASSET_WRONG_TYPE, loc(), message);
            }
            Some(_) => {}
        }
    }

    /// Notes that something refers to the asset `name`.
    pub fn use_asset(&mut self, name: &str) {
        if let Some(list) = &mut self.lesson_assets {
            list.push(name.to_owned());
        }
        self.used_assets.insert(name.to_owned());
    }

    /// Starts noting the assets a lesson refers to.
    pub fn record_lesson_assets(&mut self) {
        self.lesson_assets = Some(Vec::new());
    }

    /// The assets referred to since [`Cx::record_lesson_assets`].
    pub fn take_lesson_assets(&mut self) -> Vec<String> {
        self.lesson_assets.take().unwrap_or_default()
    }

    /// Whether the course carries an asset of this name.
    pub fn has_asset(&self, name: &str) -> bool {
        self.assets.contains_key(name)
    }

    /// Where the next finding will go; see [`Cx::emit_at`].
    pub fn mark(&self) -> usize {
        self.findings.len()
    }

    /// Reports a finding before those made since `mark`, so that a finding
    /// about a whole lesson, known only after its blocks, comes before them.
    pub fn emit_at(
        &mut self,
        mark: usize,
        rule: RuleInfo,
        location: Location,
        message: impl Into<String>,
    ) {
        let len = self.findings.len();
        self.emit(rule, location, message);
        if self.findings.len() > len {
            let f = self.findings.pop().expect("just pushed");
            self.findings.insert(mark.min(len), f);
        }
    }

    pub fn emit(&mut self, rule: RuleInfo, location: Location, message: impl Into<String>) {
        if self.options.ignore.iter().any(|r| r == rule.id) {
            return;
        }
        self.findings.push(Finding {
            severity: rule.severity,
            rule: rule.id,
            location,
            message: message.into(),
        });
    }
}

/// Quotes a title for a path or message, or says it is untitled.
fn titled(kind: &str, title: &str) -> String {
    if title.trim().is_empty() {
        format!("{kind} (untitled)")
    } else {
        format!("{kind} '{}'", title.trim())
    }
}

pub(crate) fn course_loc(part: Option<&str>) -> Location {
    Location {
        path: match part {
            Some(p) => format!("Course › {p}"),
            None => "Course".into(),
        },
        ..Location::default()
    }
}

/// `Objective 'Spot a phishing email'`, a long statement cut short.
fn objective_words(o: &Objective) -> String {
    let statement = o.statement.trim();
    if statement.is_empty() {
        return "Objective (no statement)".into();
    }
    let mut short: String = statement.chars().take(60).collect();
    if short.len() < statement.len() {
        short.push('…');
    }
    format!("Objective '{short}'")
}

pub(crate) fn objective_loc(o: &Objective) -> Location {
    Location {
        objective: Some(o.id.clone()),
        path: objective_words(o),
        ..Location::default()
    }
}

pub(crate) fn asset_loc(name: &str) -> Location {
    Location {
        asset: Some(name.to_owned()),
        path: format!("Asset “{name}”"),
        ..Location::default()
    }
}

pub(crate) fn module_loc(m: &Module) -> Location {
    Location {
        module: Some(m.id.clone()),
        path: titled("Module", &m.title),
        ..Location::default()
    }
}

pub(crate) fn lesson_loc(m: &Module, l: &Lesson) -> Location {
    let mut loc = module_loc(m);
    loc.lesson = Some(l.id.clone());
    loc.path = format!("{} › {}", loc.path, titled("Lesson", &l.title));
    loc
}

/// A block's place; makes locations for the block and its items.
#[derive(Clone, Copy)]
pub(crate) struct BlockPlace<'a> {
    pub module: &'a Module,
    pub lesson: &'a Lesson,
    pub block: &'a Block,
    /// Index of the block in its lesson.
    pub index: usize,
}

impl BlockPlace<'_> {
    pub fn loc(&self) -> Location {
        let mut loc = lesson_loc(self.module, self.lesson);
        loc.block = Some(self.block.id.clone());
        loc.path = format!("{} › {}", loc.path, self.words());
        loc
    }

    /// The block as the author sees it: its kind and its number among the
    /// lesson's blocks of that kind, e.g. `question 2`.
    pub fn words(&self) -> String {
        let kind = self.block.content.kind();
        let upto = (self.index + 1).min(self.lesson.blocks.len());
        let n = self.lesson.blocks[..upto]
            .iter()
            .filter(|b| b.content.kind() == kind)
            .count()
            .max(1);
        format!("{} {n}", kind.replace('-', " "))
    }

    /// Location of an item of the block; `kind` names it for people
    /// ("choice", "node"...). Its path names the kind only until
    /// [`BlockPlace::number_items`] adds its number.
    pub fn item(&self, kind: &str, id: &ItemId) -> Location {
        let mut loc = self.loc();
        loc.item = Some(id.clone());
        loc.path = format!("{} › {kind}", loc.path);
        loc
    }

    /// Gives the items named by the findings made since `mark` their
    /// numbers as the editor shows them (`choice 2`, `choice 1 of node 3`),
    /// from `items`, every item of the block in order with its kind.
    pub fn number_items(&self, cx: &mut Cx<'_>, mark: usize, items: &[(&'static str, &ItemId)]) {
        let block_path = self.loc().path;
        for f in &mut cx.findings[mark..] {
            let Some(id) = f.location.item.as_ref() else {
                continue;
            };
            if f.location.block.as_ref() != Some(&self.block.id) {
                continue;
            }
            // A repeated id is reported at its last use, the others at their first.
            let at = if f.rule == rules::DUPLICATE_ITEM_ID.id {
                items.iter().rposition(|(_, i)| *i == id)
            } else {
                items.iter().position(|(_, i)| *i == id)
            };
            let Some(at) = at else {
                continue;
            };
            let kind = items[at].0;
            let words = self.scenario_choice(id).unwrap_or_else(|| {
                let n = items[..=at].iter().filter(|(k, _)| *k == kind).count();
                format!("{kind} {n}")
            });
            f.location.path = format!("{block_path} › {words}");
        }
    }

    /// `choice 2 of node 3` for a choice of one of the scenario's nodes.
    fn scenario_choice(&self, id: &ItemId) -> Option<String> {
        let scenario = self.block.scenario()?;
        scenario.nodes.iter().enumerate().find_map(|(ni, node)| {
            let ci = node.choices.iter().position(|c| &c.id == id)?;
            Some(format!("choice {} of node {}", ci + 1, ni + 1))
        })
    }

    /// The item's location when there is one, else the block's.
    pub fn at(&self, item: Option<(&str, &ItemId)>) -> Location {
        match item {
            Some((kind, id)) => self.item(kind, id),
            None => self.loc(),
        }
    }
}
