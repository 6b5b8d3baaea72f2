//! Reading a course folder: structure, TOML, ids and references.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde::de::DeserializeOwned;
use trellis_model::block::{BLOCK_KINDS, QUESTION_KINDS};
use trellis_model::placeholder::COURSE_INFO_FIELDS;
use trellis_model::{
    Answer, AssessmentSettings, AssetInfo, Block, BlockContent, BlockId, Choice, CommentId, Course,
    CourseId, CourseInfo, Flashcard, IdError, ItemId, Lesson, LessonId, Marker, MatchPair, Media,
    Module, ModuleId, Objective, ObjectiveId, OrderItem, Panel, Question, Scenario, ScenarioChoice,
    ScenarioNode, Theme, timestamp_sort_key,
};

use crate::error::{ImportError, Position, Problem};
use crate::files::*;
use crate::{COURSE_FILE, Imported, MAX_TEXT_FILE_BYTES};

/// Where something was found.
#[derive(Debug, Clone)]
struct Located {
    file: String,
    pos: Position,
}

impl std::fmt::Display for Located {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}:{}", self.file, self.pos.line, self.pos.column)
    }
}

/// What the cross-file checks need from every file.
#[derive(Default)]
pub(crate) struct Refs {
    /// Course-wide ids: (id, what it names, where).
    ids: Vec<(String, &'static str, Located)>,
    objectives: Vec<(String, Located)>,
    assets: Vec<(String, Located)>,
}

/// Maps offsets inside a TOML fragment to offsets in the file.
#[derive(Clone, Copy)]
pub(crate) struct Frag {
    base: usize,
    /// Bytes of a prefix we added in front of the fragment.
    skip: usize,
}

impl Frag {
    pub(crate) fn at(base: usize) -> Self {
        Self { base, skip: 0 }
    }

    fn abs(self, off: usize) -> usize {
        self.base + off.saturating_sub(self.skip)
    }
}

pub(crate) trait ModelId: Sized {
    fn make(s: &str) -> Result<Self, IdError>;
}

macro_rules! model_id {
    ($($t:ty),*) => {$(
        impl ModelId for $t {
            fn make(s: &str) -> Result<Self, IdError> {
                <$t>::new(s)
            }
        }
    )*};
}
model_id!(
    CourseId,
    ObjectiveId,
    ModuleId,
    LessonId,
    BlockId,
    ItemId,
    CommentId
);

fn placeholder<T: ModelId>() -> T {
    T::make("invalid").unwrap_or_else(|_| unreachable!("`invalid` is a valid id"))
}

pub(crate) struct FileCtx<'a> {
    file: &'a str,
    text: &'a str,
    line_starts: Vec<usize>,
    problems: &'a mut Vec<Problem>,
    refs: &'a mut Refs,
}

impl<'a> FileCtx<'a> {
    pub(crate) fn new(
        file: &'a str,
        text: &'a str,
        problems: &'a mut Vec<Problem>,
        refs: &'a mut Refs,
    ) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        Self {
            file,
            text,
            line_starts,
            problems,
            refs,
        }
    }

    fn pos(&self, off: usize) -> Position {
        let mut off = off.min(self.text.len());
        while !self.text.is_char_boundary(off) {
            off -= 1;
        }
        let line = self.line_starts.partition_point(|&s| s <= off);
        let start = self.line_starts[line - 1];
        Position {
            line,
            column: self.text[start..off].chars().count() + 1,
        }
    }

    fn loc(&self, off: usize) -> Located {
        Located {
            file: self.file.to_owned(),
            pos: self.pos(off),
        }
    }

    pub(crate) fn problem_count(&self) -> usize {
        self.problems.len()
    }

    pub(crate) fn problem(&mut self, off: usize, message: impl Into<String>) {
        let position = Some(self.pos(off));
        self.problems.push(Problem {
            file: self.file.to_owned(),
            position,
            message: message.into(),
        });
    }

    /// Parses a TOML fragment, reporting a syntax or shape error at its place.
    pub(crate) fn toml<T: DeserializeOwned>(
        &mut self,
        src: &str,
        frag: Frag,
        what: &str,
    ) -> Option<T> {
        match toml::from_str::<T>(src) {
            Ok(v) => Some(v),
            Err(e) => {
                let off = frag.abs(e.span().map_or(0, |s| s.start));
                let msg = e.message().trim_end().replace('\n', " ");
                self.problem(off, format!("{what}: {msg}"));
                None
            }
        }
    }

    /// Checks an id's syntax; records course-wide ids for the duplicate check.
    fn id<T: ModelId>(&mut self, sid: &Sid, frag: Frag, what: &'static str) -> T {
        let off = frag.abs(sid.span().start);
        match T::make(sid.get_ref()) {
            Ok(id) => {
                if what != "item" {
                    let loc = self.loc(off);
                    self.refs.ids.push((sid.get_ref().clone(), what, loc));
                }
                id
            }
            Err(e) => {
                self.problem(off, format!("bad {what} id: {e}"));
                placeholder()
            }
        }
    }

    /// An id's syntax only: for references that may name something no
    /// longer in the course (a comment's lesson and block) and for ids of
    /// their own namespace (comments).
    pub(crate) fn id_syntax<T: ModelId>(&mut self, sid: &Sid, frag: Frag, what: &str) -> T {
        match T::make(sid.get_ref()) {
            Ok(id) => id,
            Err(e) => {
                self.problem(frag.abs(sid.span().start), format!("bad {what} id: {e}"));
                placeholder()
            }
        }
    }

    /// A reference to an objective, checked once every file is read.
    fn objective_ref(&mut self, sid: &Sid, frag: Frag) -> ObjectiveId {
        let off = frag.abs(sid.span().start);
        match ObjectiveId::new(sid.get_ref().as_str()) {
            Ok(id) => {
                let loc = self.loc(off);
                self.refs.objectives.push((sid.get_ref().clone(), loc));
                id
            }
            Err(e) => {
                self.problem(off, format!("bad objective reference: {e}"));
                placeholder()
            }
        }
    }

    /// A reference to an asset, checked once every file is read. An empty
    /// name means "no asset chosen yet" and is not checked.
    fn asset_ref(&mut self, sid: &Sid, frag: Frag) -> String {
        if !sid.get_ref().is_empty() {
            let loc = self.loc(frag.abs(sid.span().start));
            self.refs.assets.push((sid.get_ref().clone(), loc));
        }
        sid.get_ref().clone()
    }
}

/// Item ids seen in one block (one namespace per kind of item).
#[derive(Default)]
struct ItemIds {
    seen: HashMap<(&'static str, String), Position>,
}

impl ItemIds {
    fn check(&mut self, ctx: &mut FileCtx<'_>, sid: &Sid, frag: Frag, ns: &'static str) -> ItemId {
        let id: ItemId = ctx.id(sid, frag, "item");
        let off = frag.abs(sid.span().start);
        let pos = ctx.pos(off);
        if let Some(first) = self.seen.insert((ns, sid.get_ref().clone()), pos) {
            ctx.problem(
                off,
                format!(
                    "duplicate {ns} id `{}` in this block (first used at line {}); ids of {ns}s must be unique within their block",
                    sid.get_ref(),
                    first.line
                ),
            );
        }
        id
    }
}

/// Reads bytes as UTF-8 text, with `\r\n` read as `\n`.
pub(crate) fn text_of(file: &str, bytes: &[u8], problems: &mut Vec<Problem>) -> Option<String> {
    if bytes.len() as u64 > MAX_TEXT_FILE_BYTES {
        problems.push(too_big(file, bytes.len() as u64));
        return None;
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => {
            let s = s.strip_prefix('\u{feff}').unwrap_or(s);
            Some(if s.contains('\r') {
                s.replace("\r\n", "\n")
            } else {
                s.to_owned()
            })
        }
        Err(e) => {
            let at = e.valid_up_to();
            let valid = std::str::from_utf8(&bytes[..at]).unwrap_or_default();
            let line = valid.matches('\n').count() + 1;
            let column = valid.rsplit('\n').next().unwrap_or("").chars().count() + 1;
            problems.push(Problem {
                file: file.to_owned(),
                position: Some(Position { line, column }),
                message: format!(
                    "not valid UTF-8 (bad byte 0x{:02x} at byte offset {at}); text files must be UTF-8",
                    bytes[at]
                ),
            });
            None
        }
    }
}

pub(crate) fn too_big(file: &str, size: u64) -> Problem {
    Problem {
        file: file.to_owned(),
        position: None,
        message: format!(
            "file is {size} bytes ({:.1} MiB); course.toml, lesson and comment files may be at most {} MiB",
            size as f64 / (1024.0 * 1024.0),
            MAX_TEXT_FILE_BYTES / (1024 * 1024)
        ),
    }
}

fn file_problem(file: &str, message: impl Into<String>) -> Problem {
    Problem {
        file: file.to_owned(),
        position: None,
        message: message.into(),
    }
}

/// Parsed lesson file.
struct LessonFile {
    lesson: Lesson,
    /// Position of the `id` in the front matter.
    id_loc: Located,
    id_text: String,
}

fn parse_lesson(
    file: &str,
    stem: &str,
    text: &str,
    problems: &mut Vec<Problem>,
    refs: &mut Refs,
) -> Option<LessonFile> {
    let mut ctx = FileCtx::new(file, text, problems, refs);
    // Lines with their offsets.
    let mut lines: Vec<(usize, &str)> = Vec::new();
    let mut off = 0;
    for l in text.split('\n') {
        lines.push((off, l));
        off += l.len() + 1;
    }
    if text.ends_with('\n') {
        lines.pop();
    }
    if lines.first().map(|l| l.1.trim_end()) != Some("+++") {
        ctx.problem(
            0,
            "expected front matter: a lesson file starts with a `+++` line",
        );
        return None;
    }
    let Some(close) = lines.iter().skip(1).position(|l| l.1.trim_end() == "+++") else {
        ctx.problem(
            0,
            "front matter is not closed; expected a second `+++` line",
        );
        return None;
    };
    let close = close + 1;
    let fm_start = lines[1.min(close)].0;
    let fm_end = lines[close].0;
    let front: Option<FrontMatter> =
        ctx.toml(&text[fm_start..fm_end], Frag::at(fm_start), "front matter");

    let mut lesson_id: Option<(LessonId, Located, String)> = None;
    if let Some(fm) = &front {
        let frag = Frag::at(fm_start);
        let off = frag.abs(fm.id.span().start);
        let id: LessonId = ctx.id(&fm.id, frag, "lesson");
        if fm.id.get_ref() != stem {
            ctx.problem(
                off,
                format!(
                    "lesson id `{}` does not match the file name; expected `{stem}` (or rename the file to lessons/{}.md)",
                    fm.id.get_ref(),
                    fm.id.get_ref()
                ),
            );
        }
        lesson_id = Some((id, ctx.loc(off), fm.id.get_ref().clone()));
    }

    let mut blocks = Vec::new();
    let mut ok = front.is_some();
    let mut i = close + 1;
    while i < lines.len() {
        let (loff, line) = lines[i];
        i += 1;
        if line.trim().is_empty() {
            continue;
        }
        let colons = line.bytes().take_while(|&b| b == b':').count();
        if colons < 3 {
            ctx.problem(
                loff,
                "text outside a block; expected a `::: kind {id = \"…\"}` line or a blank line",
            );
            ok = false;
            // Skip to the next blank line so one stray paragraph is one problem.
            while i < lines.len() && !lines[i].1.trim().is_empty() && !lines[i].1.starts_with(":::")
            {
                i += 1;
            }
            continue;
        }
        let rest = &line[colons..];
        if rest.trim().is_empty() {
            ctx.problem(
                loff,
                "a closing fence without a block; expected a `::: kind {id = \"…\"}` line",
            );
            ok = false;
            continue;
        }
        if !rest.starts_with([' ', '\t']) {
            ctx.problem(
                loff + colons,
                "expected a space between the colons and the block kind",
            );
            ok = false;
        }
        let kind_start = loff + colons + (rest.len() - rest.trim_start().len());
        let rest_t = rest.trim_start();
        let kind_len = rest_t
            .find(|c: char| c.is_whitespace() || c == '{')
            .unwrap_or(rest_t.len());
        let kind = &rest_t[..kind_len];
        let after = &rest_t[kind_len..];
        let attrs_off = kind_start + kind_len + (after.len() - after.trim_start().len());
        let attrs = after.trim();
        // Find the closing line: exactly the same colons.
        let fence = &line[..colons];
        let body_start = loff + line.len() + 1;
        let Some(end) = (i..lines.len()).find(|&j| lines[j].1.trim_end() == fence) else {
            ctx.problem(
                loff,
                format!("block `{kind}` is never closed; expected a line `{fence}` after its body"),
            );
            ok = false;
            break;
        };
        let body_end = lines[end].0;
        i = end + 1;
        let body = if body_end > body_start {
            &text[body_start..body_end - 1]
        } else {
            ""
        };
        let body_src = &text[body_start.min(body_end)..body_end];
        match parse_block(
            &mut ctx, kind, kind_start, attrs, attrs_off, body, body_src, body_start,
        ) {
            Some(b) => blocks.push(b),
            None => ok = false,
        }
    }
    let fm = front?;
    let (id, id_loc, id_text) = lesson_id?;
    if !ok {
        return None;
    }
    let assessment = fm.assessment.map(|a| AssessmentSettings {
        draw: a.draw,
        shuffle: a.shuffle,
        pass_mark: a.pass_mark,
        attempts: a.attempts,
    });
    Some(LessonFile {
        lesson: Lesson {
            job_aid: fm.job_aid,
            id,
            title: fm.title,
            template: fm.template,
            assessment,
            blocks,
        },
        id_loc,
        id_text,
    })
}

/// Raw Markdown bodies hold no carriage returns: a lone `\r` is a line end.
pub(crate) fn markdown_body(s: &str) -> String {
    if s.contains('\r') {
        s.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        s.to_owned()
    }
}

#[allow(clippy::too_many_arguments)]
fn parse_block(
    ctx: &mut FileCtx<'_>,
    kind: &str,
    kind_off: usize,
    attrs: &str,
    attrs_off: usize,
    body: &str,
    body_src: &str,
    body_off: usize,
) -> Option<Block> {
    if !BLOCK_KINDS.contains(&kind) {
        let hint = if kind.is_empty() {
            "missing block kind".to_owned()
        } else {
            format!("unknown block kind `{kind}`")
        };
        ctx.problem(
            kind_off,
            format!("{hint}; expected one of {}", BLOCK_KINDS.join(", ")),
        );
        return None;
    }
    let attrs_src = format!("x = {}", if attrs.is_empty() { "{}" } else { attrs });
    let afrag = Frag {
        base: attrs_off,
        skip: 4,
    };
    let what = format!("attributes of the `{kind}` block");
    let bfrag = Frag::at(body_off);
    let body_what = format!("body of the `{kind}` block");
    let mut items = ItemIds::default();

    // Markdown blocks take their fields from the attributes.
    let (id_sid, slot, marks, job_aid, content) = match kind {
        "text" => {
            let a: Wrap<BaseAttrs> = ctx.toml(&attrs_src, afrag, &what)?;
            (
                a.x.id,
                a.x.slot,
                a.x.placeholder,
                a.x.job_aid,
                BlockContent::Text {
                    markdown: markdown_body(body),
                },
            )
        }
        "callout" => {
            let a: Wrap<CalloutAttrs> = ctx.toml(&attrs_src, afrag, &what)?;
            let c = BlockContent::Callout {
                style: a.x.style,
                title: a.x.title,
                markdown: markdown_body(body),
            };
            (a.x.id, a.x.slot, a.x.placeholder, a.x.job_aid, c)
        }
        "quote" => {
            let a: Wrap<QuoteAttrs> = ctx.toml(&attrs_src, afrag, &what)?;
            let c = BlockContent::Quote {
                markdown: markdown_body(body),
                attribution: a.x.attribution,
            };
            (a.x.id, a.x.slot, a.x.placeholder, a.x.job_aid, c)
        }
        _ => {
            let a: Wrap<BaseAttrs> = ctx.toml(&attrs_src, afrag, &what)?;
            let content = match kind {
                "divider" => {
                    if !body.trim().is_empty() {
                        let lead = body.len() - body.trim_start().len();
                        ctx.problem(
                            body_off + lead,
                            "a `divider` block has no body; expected the closing fence",
                        );
                        return None;
                    }
                    BlockContent::Divider
                }
                "heading" => {
                    let b: HeadingBody = ctx.toml(body_src, bfrag, &body_what)?;
                    BlockContent::Heading {
                        text: b.text,
                        level: b.level,
                    }
                }
                "image" => {
                    let b: ImageBody = ctx.toml(body_src, bfrag, &body_what)?;
                    BlockContent::Image {
                        asset: ctx.asset_ref(&b.asset, bfrag),
                        alt: b.alt,
                        caption: b.caption,
                        decorative: b.decorative,
                        layout: b.layout,
                        markdown: b.markdown,
                    }
                }
                "video" | "audio" => {
                    let b: MediaBody = ctx.toml(body_src, bfrag, &body_what)?;
                    let m = Media {
                        asset: b.asset.map(|s| ctx.asset_ref(&s, bfrag)),
                        url: b.url,
                        title: b.title,
                        captions: b.captions.map(|s| ctx.asset_ref(&s, bfrag)),
                        transcript: b.transcript,
                        poster: b.poster.map(|s| ctx.asset_ref(&s, bfrag)),
                    };
                    if kind == "video" {
                        BlockContent::Video(m)
                    } else {
                        BlockContent::Audio(m)
                    }
                }
                "accordion" | "tabs" => {
                    let b: PanelsBody = ctx.toml(body_src, bfrag, &body_what)?;
                    let panels = panels(ctx, &mut items, b.panels, bfrag, "panel");
                    if kind == "tabs" {
                        BlockContent::Tabs { panels }
                    } else {
                        BlockContent::Accordion { panels }
                    }
                }
                "process" => {
                    let b: StepsBody = ctx.toml(body_src, bfrag, &body_what)?;
                    BlockContent::Process {
                        steps: panels(ctx, &mut items, b.steps, bfrag, "step"),
                    }
                }
                "columns" => {
                    let b: ColumnsBody = ctx.toml(body_src, bfrag, &body_what)?;
                    let columns = b
                        .columns
                        .into_iter()
                        .map(|c| PanelFile {
                            id: c.id,
                            title: c.title,
                            markdown: c.markdown,
                        })
                        .collect();
                    BlockContent::Columns {
                        columns: panels(ctx, &mut items, columns, bfrag, "column"),
                    }
                }
                "flashcards" => {
                    let b: CardsBody = ctx.toml(body_src, bfrag, &body_what)?;
                    let cards = b
                        .cards
                        .into_iter()
                        .map(|c| Flashcard {
                            id: items.check(ctx, &c.id, bfrag, "card"),
                            front: c.front,
                            back: c.back,
                        })
                        .collect();
                    BlockContent::Flashcards { cards }
                }
                "labelled-graphic" => {
                    let b: GraphicBody = ctx.toml(body_src, bfrag, &body_what)?;
                    let markers = b
                        .markers
                        .into_iter()
                        .map(|m| Marker {
                            id: items.check(ctx, &m.id, bfrag, "marker"),
                            x: m.x,
                            y: m.y,
                            label: m.label,
                            markdown: m.markdown,
                        })
                        .collect();
                    BlockContent::LabelledGraphic {
                        asset: ctx.asset_ref(&b.asset, bfrag),
                        alt: b.alt,
                        markers,
                    }
                }
                "question" => {
                    BlockContent::Question(question(ctx, &mut items, body_src, bfrag, &body_what)?)
                }
                "scenario" => {
                    let b: ScenarioBody = ctx.toml(body_src, bfrag, &body_what)?;
                    let objectives = b
                        .objectives
                        .iter()
                        .map(|o| ctx.objective_ref(o, bfrag))
                        .collect();
                    let start: ItemId = ctx.id(&b.start, bfrag, "item");
                    let mut nodes = Vec::with_capacity(b.nodes.len());
                    for n in b.nodes {
                        let id = items.check(ctx, &n.id, bfrag, "node");
                        let choices = n
                            .choices
                            .into_iter()
                            .map(|c| ScenarioChoice {
                                id: items.check(ctx, &c.id, bfrag, "choice"),
                                text: c.text,
                                consequence: c.consequence,
                                next: ctx.id(&c.next, bfrag, "item"),
                            })
                            .collect();
                        nodes.push(ScenarioNode {
                            id,
                            narrative: n.narrative,
                            choices,
                            ending: n.ending,
                        });
                    }
                    BlockContent::Scenario(Scenario {
                        title: b.title,
                        objectives,
                        start,
                        nodes,
                    })
                }
                other => unreachable!("block kind {other} is handled above"),
            };
            (a.x.id, a.x.slot, a.x.placeholder, a.x.job_aid, content)
        }
    };
    let id: BlockId = ctx.id(&id_sid, afrag, "block");
    let mut block = Block {
        job_aid,
        id,
        slot,
        content,
        placeholders: BTreeSet::new(),
    };
    if let Some(marks) = marks {
        let off = afrag.abs(marks.span().start);
        block.placeholders = block_marks(ctx, &block, marks.into_inner(), off);
    }
    Some(block)
}

/// The fields a block's `placeholder` attribute marks, each checked to be a
/// text field of the block.
fn block_marks(
    ctx: &mut FileCtx<'_>,
    block: &Block,
    marks: PlaceholderAttr,
    off: usize,
) -> BTreeSet<String> {
    let kind = block.content.kind();
    match marks {
        PlaceholderAttr::All(false) => BTreeSet::new(),
        PlaceholderAttr::All(true) => {
            let all = block.filled_text_paths();
            if all.is_empty() {
                ctx.problem(
                    off,
                    format!(
                        "`placeholder = true` marks the text of the `{kind}` block, but it has none"
                    ),
                );
            }
            all
        }
        PlaceholderAttr::Fields(paths) => {
            let fields = block.text_fields();
            let mut out = BTreeSet::new();
            for path in paths {
                if fields.iter().any(|f| f.path == path) {
                    out.insert(path);
                } else {
                    let known: Vec<&str> = fields.iter().map(|f| f.path.as_str()).collect();
                    ctx.problem(
                        off,
                        format!(
                            "`placeholder` names `{path}`, which is not a text field of this `{kind}` block; its fields are: {}",
                            if known.is_empty() { "none".to_owned() } else { known.join(", ") }
                        ),
                    );
                }
            }
            out
        }
    }
}

fn panels(
    ctx: &mut FileCtx<'_>,
    items: &mut ItemIds,
    list: Vec<PanelFile>,
    frag: Frag,
    ns: &'static str,
) -> Vec<Panel> {
    list.into_iter()
        .map(|p| Panel {
            id: items.check(ctx, &p.id, frag, ns),
            title: p.title,
            markdown: p.markdown,
        })
        .collect()
}

fn question(
    ctx: &mut FileCtx<'_>,
    items: &mut ItemIds,
    src: &str,
    frag: Frag,
    what: &str,
) -> Option<Question> {
    let t: QuestionType = ctx.toml(src, frag, what)?;
    let Some(kind) = t.kind else {
        ctx.problem(
            frag.base,
            format!(
                "{what}: missing key `type`; expected one of {}",
                QUESTION_KINDS.join(", ")
            ),
        );
        return None;
    };
    macro_rules! common {
        ($q:expr, $answer:expr) => {{
            let q = $q;
            Question {
                objectives: q
                    .objectives
                    .iter()
                    .map(|o| ctx.objective_ref(o, frag))
                    .collect(),
                prompt: q.prompt,
                points: q.points,
                correct_feedback: q.correct_feedback,
                incorrect_feedback: q.incorrect_feedback,
                hint: q.hint,
                attempts: q.attempts,
                scored: q.scored,
                answer: $answer,
            }
        }};
    }
    let choices =
        |ctx: &mut FileCtx<'_>, items: &mut ItemIds, list: Vec<ChoiceFile>| -> Vec<Choice> {
            list.into_iter()
                .map(|c| Choice {
                    id: items.check(ctx, &c.id, frag, "choice"),
                    text: c.text,
                    correct: c.correct,
                    feedback: c.feedback,
                })
                .collect()
        };
    Some(match kind.get_ref().as_str() {
        "single-choice" | "multiple-response" => {
            let mut q: ChoiceQuestion = ctx.toml(src, frag, what)?;
            let list = choices(ctx, items, std::mem::take(&mut q.choices));
            let answer = if kind.get_ref() == "single-choice" {
                Answer::SingleChoice { choices: list }
            } else {
                Answer::MultipleResponse { choices: list }
            };
            common!(q, answer)
        }
        "true-false" => {
            let mut q: TrueFalseQuestion = ctx.toml(src, frag, what)?;
            let answer = Answer::TrueFalse {
                correct: q.correct,
                true_feedback: std::mem::take(&mut q.true_feedback),
                false_feedback: std::mem::take(&mut q.false_feedback),
            };
            common!(q, answer)
        }
        "fill-blank" => {
            let mut q: FillBlankQuestion = ctx.toml(src, frag, what)?;
            let answer = Answer::FillBlank {
                accepted: std::mem::take(&mut q.accepted),
                case_sensitive: q.case_sensitive,
            };
            common!(q, answer)
        }
        "matching" => {
            let mut q: MatchingQuestion = ctx.toml(src, frag, what)?;
            let pairs = std::mem::take(&mut q.pairs)
                .into_iter()
                .map(|p| MatchPair {
                    id: items.check(ctx, &p.id, frag, "pair"),
                    left: p.left,
                    right: p.right,
                })
                .collect();
            common!(q, Answer::Matching { pairs })
        }
        "ordering" => {
            let mut q: OrderingQuestion = ctx.toml(src, frag, what)?;
            let list = std::mem::take(&mut q.items)
                .into_iter()
                .map(|p| OrderItem {
                    id: items.check(ctx, &p.id, frag, "item"),
                    text: p.text,
                })
                .collect();
            common!(q, Answer::Ordering { items: list })
        }
        "numeric" => {
            let q: NumericQuestion = ctx.toml(src, frag, what)?;
            let answer = Answer::Numeric {
                value: q.value,
                tolerance: q.tolerance,
            };
            common!(q, answer)
        }
        other => {
            ctx.problem(
                frag.abs(kind.span().start),
                format!(
                    "unknown question type `{other}`; expected one of {}",
                    QUESTION_KINDS.join(", ")
                ),
            );
            return None;
        }
    })
}

/// Imports an in-memory folder. `skipped` names files that exist but were
/// not read (already reported), so they are not reported missing.
pub(crate) fn import_map(
    files: &BTreeMap<String, Vec<u8>>,
    mut problems: Vec<Problem>,
    skipped: &BTreeSet<String>,
) -> Result<Imported, ImportError> {
    let mut refs = Refs::default();
    let mut lesson_files: BTreeMap<String, &[u8]> = BTreeMap::new();
    let mut asset_files: BTreeMap<String, &[u8]> = BTreeMap::new();
    let mut comment_files: BTreeMap<String, &[u8]> = BTreeMap::new();
    let mut translation_files: BTreeMap<String, &[u8]> = BTreeMap::new();
    let mut course_bytes = None;
    for (path, bytes) in files {
        if !path_is_safe(path) {
            problems.push(file_problem(
                path,
                "path leaves the course folder or is not a relative `/` path; refused",
            ));
            continue;
        }
        if path.split('/').any(|seg| seg.starts_with('.')) {
            continue;
        }
        if path == COURSE_FILE {
            course_bytes = Some(bytes.as_slice());
        } else if let Some(name) = path.strip_prefix("assets/") {
            asset_files.insert(name.to_owned(), bytes);
        } else if let Some(name) = path.strip_prefix("lessons/") {
            match name.strip_suffix(".md") {
                Some(stem) if !stem.contains('/') => {
                    lesson_files.insert(stem.to_owned(), bytes);
                }
                _ => problems.push(file_problem(
                    path,
                    "unexpected file in lessons/; expected only lesson files named lessons/<lesson-id>.md",
                )),
            }
        } else if let Some(name) = path.strip_prefix(crate::comments::DIR) {
            match name.strip_suffix(".toml") {
                Some(stem) if !stem.contains('/') => {
                    comment_files.insert(stem.to_owned(), bytes);
                }
                _ => problems.push(file_problem(
                    path,
                    "unexpected file in comments/; expected only comment files named comments/<comment-id>.toml",
                )),
            }
        } else if let Some(name) = path.strip_prefix(crate::translations::DIR) {
            match name.strip_suffix(".toml") {
                Some(stem) if !stem.contains('/') => {
                    translation_files.insert(stem.to_owned(), bytes);
                }
                _ => problems.push(file_problem(
                    path,
                    "unexpected file in translations/; expected only files named translations/<language>.toml",
                )),
            }
        }
        // Any other file (README, licence…) is not part of the course.
    }

    // course.toml
    let mut course_file: Option<(CourseFile, String)> = None;
    match course_bytes {
        None if skipped.contains(COURSE_FILE) => {}
        None => problems.push(file_problem(
            COURSE_FILE,
            "missing; a course folder needs a course.toml",
        )),
        Some(bytes) => {
            if let Some(text) = text_of(COURSE_FILE, bytes, &mut problems) {
                let mut ctx = FileCtx::new(COURSE_FILE, &text, &mut problems, &mut refs);
                let parsed: Option<CourseFile> = ctx.toml(&text, Frag::at(0), "course.toml");
                drop(ctx);
                if let Some(c) = parsed {
                    course_file = Some((c, text));
                }
            }
        }
    }

    // Lessons.
    let mut lessons: BTreeMap<String, LessonFile> = BTreeMap::new();
    let mut lesson_failed: BTreeSet<String> = BTreeSet::new();
    for (stem, bytes) in &lesson_files {
        let file = format!("lessons/{stem}.md");
        let Some(text) = text_of(&file, bytes, &mut problems) else {
            lesson_failed.insert(stem.clone());
            continue;
        };
        match parse_lesson(&file, stem, &text, &mut problems, &mut refs) {
            Some(l) => {
                lessons.insert(stem.clone(), l);
            }
            None => {
                lesson_failed.insert(stem.clone());
            }
        }
    }

    // Review comments.
    let mut comments = Vec::with_capacity(comment_files.len());
    for (stem, bytes) in &comment_files {
        let file = format!("{}{stem}.toml", crate::comments::DIR);
        if let Some(text) = text_of(&file, bytes, &mut problems)
            && let Some(c) = crate::comments::parse(&file, stem, &text, &mut problems)
        {
            comments.push(c);
        }
    }
    comments.sort_by_cached_key(|c| (timestamp_sort_key(&c.created), c.id.clone()));

    // Course structure.
    let mut course = None;
    if let Some((cf, text)) = course_file {
        let mut ctx = FileCtx::new(COURSE_FILE, &text, &mut problems, &mut refs);
        let f = Frag::at(0);
        let id: CourseId = ctx.id(&cf.id, f, "course");
        let mut theme = Theme::default();
        let t = cf.theme;
        let set = |slot: &mut String, v: Option<String>| {
            if let Some(v) = v {
                *slot = v;
            }
        };
        set(&mut theme.primary_color, t.primary_color);
        set(&mut theme.background_color, t.background_color);
        set(&mut theme.text_color, t.text_color);
        set(&mut theme.body_font, t.body_font);
        set(&mut theme.heading_font, t.heading_font);
        theme.logo = t.logo.map(|l| ctx.asset_ref(&l, f));
        let objectives = cf
            .objectives
            .iter()
            .map(|o| Objective {
                id: ctx.id(&o.id, f, "objective"),
                statement: o.statement.clone(),
                bloom: o.bloom,
                placeholder: o.placeholder,
            })
            .collect();
        let mut info_marks = BTreeSet::new();
        for p in &cf.placeholders {
            let name = p.get_ref();
            if COURSE_INFO_FIELDS
                .iter()
                .any(|(path, _)| *path == name.as_str())
            {
                info_marks.insert(name.clone());
            } else {
                let known: Vec<&str> = COURSE_INFO_FIELDS.iter().map(|(path, _)| *path).collect();
                ctx.problem(
                    f.abs(p.span().start),
                    format!(
                        "`placeholders` names `{name}`; the settings that can be marked are {}",
                        known.join(", ")
                    ),
                );
            }
        }
        let mut listed: BTreeSet<String> = BTreeSet::new();
        let mut modules = Vec::new();
        for m in cf.modules {
            let mid: ModuleId = ctx.id(&m.id, f, "module");
            let mut module = Module {
                id: mid,
                title: m.title,
                lessons: Vec::new(),
            };
            for l in &m.lessons {
                let off = l.span().start;
                let name = l.get_ref();
                if LessonId::new(name.as_str()).is_err() {
                    let _: LessonId = ctx.id(l, f, "lesson");
                    continue;
                }
                if !listed.insert(name.clone()) {
                    ctx.problem(
                        off,
                        format!(
                            "lesson `{name}` is listed twice; a lesson belongs to one module, once"
                        ),
                    );
                    continue;
                }
                if let Some(lf) = lessons.remove(name) {
                    module.lessons.push(lf.lesson);
                } else if !lesson_failed.contains(name)
                    && !skipped.contains(&format!("lessons/{name}.md"))
                {
                    ctx.problem(
                        off,
                        format!("lesson `{name}` is listed in module `{}` but lessons/{name}.md does not exist", m.id.get_ref()),
                    );
                }
            }
            modules.push(module);
        }
        drop(ctx);
        for (stem, lf) in &lessons {
            problems.push(Problem {
                file: format!("lessons/{stem}.md"),
                position: Some(lf.id_loc.pos),
                message: format!(
                    "lesson `{}` is not listed in any module of course.toml; add it to a module's `lessons`",
                    lf.id_text
                ),
            });
        }
        for stem in &lesson_failed {
            if !listed.contains(stem) {
                problems.push(file_problem(
                    &format!("lessons/{stem}.md"),
                    format!("lesson file is not listed in any module of course.toml; add `{stem}` to a module's `lessons`"),
                ));
            }
        }
        course = Some(Course {
            id,
            info: CourseInfo {
                job_aid_url: cf.job_aid_url,
                version_date: cf.version_date,
                title: cf.title,
                language: cf.language,
                description: cf.description,
                authors: cf.authors,
                version: cf.version,
                completion: cf.completion,
                reporting: cf.reporting,
                scoring: cf.scoring,
                theme,
                placeholders: info_marks,
            },
            objectives,
            modules,
            assets: Vec::new(),
        });
    }

    // Course-wide id uniqueness.
    // course.toml first, then lessons in file order, so the first use wins.
    refs.ids.sort_by(|a, b| {
        let key = |l: &Located| (l.file != COURSE_FILE, l.file.clone(), l.pos);
        key(&a.2).cmp(&key(&b.2))
    });
    let mut first: HashMap<&str, (&'static str, &Located)> = HashMap::new();
    let mut dups = Vec::new();
    // Lesson ids are recorded from front matter; module listings are checked above.
    for (id, what, loc) in &refs.ids {
        match first.get(id.as_str()) {
            Some((w, at)) => dups.push(Problem {
                file: loc.file.clone(),
                position: Some(loc.pos),
                message: format!("duplicate id `{id}`: already used by the {w} at {at}; ids must be unique in the course"),
            }),
            None => {
                first.insert(id, (what, loc));
            }
        }
    }
    problems.extend(dups);

    // References.
    let objective_ids: BTreeSet<&str> = refs
        .ids
        .iter()
        .filter(|(_, w, _)| *w == "objective")
        .map(|(id, _, _)| id.as_str())
        .collect();
    for (name, loc) in &refs.objectives {
        if !objective_ids.contains(name.as_str()) {
            problems.push(Problem {
                file: loc.file.clone(),
                position: Some(loc.pos),
                message: format!("no objective `{name}`; expected the id of an `[[objectives]]` entry in course.toml"),
            });
        }
    }
    for (name, loc) in &refs.assets {
        let message = if let Err(e) = trellis_assets::validate_name(name) {
            format!("{e}; expected a relative path inside assets/")
        } else if !asset_files.contains_key(name) && !skipped.contains(&format!("assets/{name}")) {
            format!("no asset `{name}`; expected a file assets/{name}")
        } else {
            continue;
        };
        problems.push(Problem {
            file: loc.file.clone(),
            position: Some(loc.pos),
            message,
        });
    }

    // Assets.
    let mut assets: Vec<(AssetInfo, Vec<u8>)> = Vec::with_capacity(asset_files.len());
    for (name, bytes) in &asset_files {
        match trellis_assets::inspect(name, bytes) {
            Ok(info) => assets.push((info, bytes.to_vec())),
            Err(e) => problems.push(file_problem(
                &format!("assets/{name}"),
                format!("refused: {e}"),
            )),
        }
    }

    // Text XML cannot carry (TOML lets `\u0007` through, Markdown raw).
    if let Some(course) = &course {
        let module_title = course.modules.iter().find_map(|m| {
            let ch = m.title.chars().find(|&c| !trellis_model::xml_allows(c))?;
            Some(trellis_model::BadChar {
                field: "module title".into(),
                ch,
            })
        });
        let course_toml = trellis_model::find_bad_char(&course.info)
            .or_else(|| trellis_model::find_bad_char(&course.objectives))
            .or(module_title);
        if let Some(bad) = course_toml {
            problems.push(file_problem(COURSE_FILE, bad.to_string()));
        }
        for lesson in course.lessons() {
            if let Some(bad) = trellis_model::find_bad_char(lesson) {
                problems.push(file_problem(
                    &format!("lessons/{}.md", lesson.id),
                    bad.to_string(),
                ));
            }
        }
    }

    // Translations.
    let course_language = course.as_ref().map(|c: &Course| c.info.language.clone());
    let mut translations = Vec::with_capacity(translation_files.len());
    for (stem, bytes) in &translation_files {
        let file = format!("{}{stem}.toml", crate::translations::DIR);
        if let Some(text) = text_of(&file, bytes, &mut problems)
            && let Some(t) = crate::translations::parse(
                &file,
                stem,
                course_language.as_deref(),
                &text,
                &mut problems,
            )
        {
            translations.push(t);
        }
    }

    if !problems.is_empty() {
        return Err(ImportError::Invalid(problems));
    }
    let mut course = course.ok_or_else(|| ImportError::Invalid(Vec::new()))?;
    assets.sort_by(|a, b| a.0.name.cmp(&b.0.name));
    course.assets = assets.iter().map(|(i, _)| i.clone()).collect();
    Ok(Imported {
        course,
        assets,
        comments,
        translations,
    })
}

/// A relative path with `/` separators that stays inside the folder.
pub(crate) fn path_is_safe(path: &str) -> bool {
    !path.is_empty()
        && !path.starts_with('/')
        && !path.contains('\\')
        && !path.contains('\0')
        && !path
            .split('/')
            .any(|seg| seg.is_empty() || seg == "." || seg == "..")
        && !path.split('/').next().is_some_and(|s| s.ends_with(':'))
}
