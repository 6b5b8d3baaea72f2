//! Word documents (.docx, as Word, LibreOffice and pandoc write them).
//!
//! Paragraph styles give the structure. A style is known by its name in
//! `styles.xml` (Word calls its style "heading 1" with id `Heading1`;
//! LibreOffice names it "Heading 1"; other languages' Word uses other ids)
//! or by its outline level, following `basedOn` to the styles it builds
//! on: Heading 1 → module, Heading 2 → lesson, deeper → heading blocks,
//! Title → the course title. The text between headings becomes text blocks
//! in Markdown (bold, italic, links, lists with their levels from
//! `numbering.xml`, tables, footnotes as numbered notes); quote styles →
//! quote blocks; images → image blocks with their description and the
//! caption after them; comments → review comments on the block they sit in.
//! Storyboard styles: "Learning objective" → course objectives, "Tip",
//! "Warning", "Note" → callouts, "Question" → a question whose choices are
//! the list after it (bold choices are correct). A table whose first cell
//! says "Question" is a question too (see docs/importing.md).
//!
//! Anything else (charts, SmartArt, shapes, embedded objects and video,
//! tracked changes, equations, unknown styles) is reported with its
//! paragraph.

use std::collections::{BTreeMap, BTreeSet};

use trellis_model::{Answer, BlockContent, BlockId, CalloutStyle, Choice};

use crate::ImportError;
use crate::build::{Builder, Role, question};
use crate::ooxml::{Element, MAX_MEDIA_BYTES, Node, Package, Rel, on};

/// What a paragraph style means here.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Body,
    Title,
    Heading(u8),
    Quote,
    Caption,
    Callout(CalloutStyle),
    Objective,
    Question,
}

#[derive(Debug, Default)]
struct Style {
    name: String,
    based_on: Option<String>,
    outline: Option<u8>,
    numbering: Option<(String, usize)>,
}

/// The kind a style name means, when it is one this reader knows.
fn kind_of_name(name: &str) -> Option<Kind> {
    let n = name.trim().to_lowercase();
    if let Some(level) = n
        .strip_prefix("heading")
        .map(str::trim)
        .and_then(|l| l.parse::<u8>().ok())
        .filter(|l| (1..=9).contains(l))
    {
        return Some(Kind::Heading(level));
    }
    Some(match n.as_str() {
        "title" => Kind::Title,
        "quote" | "intense quote" | "block text" | "quotations" | "quotation" => Kind::Quote,
        "caption" | "image caption" | "table caption" | "figure" | "illustration" | "drawing"
        | "table" => Kind::Caption,
        "tip" => Kind::Callout(CalloutStyle::Tip),
        "warning" | "caution" => Kind::Callout(CalloutStyle::Warning),
        "note" | "info" | "information" => Kind::Callout(CalloutStyle::Info),
        "learning objective" | "objective" | "learning objectives" => Kind::Objective,
        "question" => Kind::Question,
        "normal"
        | "standard"
        | "default"
        | "default paragraph style"
        | "body text"
        | "text body"
        | "first paragraph"
        | "compact"
        | "subtitle"
        | "list paragraph"
        | "list"
        | "list bullet"
        | "list number"
        | "list continue"
        | "no spacing"
        | "plain text"
        | "footnote text"
        | "table contents"
        | "table heading"
        | "table paragraph"
        | "abstract"
        | "author"
        | "date"
        | "source code"
        | "preformatted text"
        | "normal (web)"
        | "contents heading"
        | "bibliography"
        | "footnote"
        | "endnote text"
        | "frame contents"
        | "index"
        | "header"
        | "footer"
        | "captioned figure"
        | "definition"
        | "definition term" => Kind::Body,
        _ if n.starts_with("list bullet")
            || n.starts_with("list number")
            || n.starts_with("toc")
            || n.starts_with("contents ") =>
        {
            Kind::Body
        }
        _ => return None,
    })
}

struct Styles {
    by_id: BTreeMap<String, Style>,
    default: Option<String>,
    /// Character styles: bold and italic, and the style each builds on.
    chars: BTreeMap<String, (bool, bool, Option<String>)>,
}

impl Styles {
    fn read(root: Option<&Element>) -> Self {
        let mut by_id = BTreeMap::new();
        let mut default = None;
        let mut chars = BTreeMap::new();
        for s in root.into_iter().flat_map(|r| r.elements()) {
            let Some(id) = s.attr("styleId") else {
                continue;
            };
            if s.name == "style" && s.attr("type") == Some("character") {
                let rpr = s.child("rPr");
                chars.insert(
                    id.to_owned(),
                    (
                        on(rpr, "b"),
                        on(rpr, "i"),
                        s.val("basedOn").map(str::to_owned),
                    ),
                );
                continue;
            }
            if s.name != "style" || s.attr("type").is_some_and(|t| t != "paragraph") {
                continue;
            }
            if matches!(s.attr("default"), Some("1" | "true")) {
                default = Some(id.to_owned());
            }
            let ppr = s.child("pPr");
            let numbering = ppr.and_then(|p| p.child("numPr")).and_then(num_pr);
            by_id.insert(
                id.to_owned(),
                Style {
                    name: s.val("name").unwrap_or(id).to_owned(),
                    based_on: s.val("basedOn").map(str::to_owned),
                    outline: ppr
                        .and_then(|p| p.val("outlineLvl"))
                        .and_then(|v| v.parse().ok()),
                    numbering,
                },
            );
        }
        Styles {
            by_id,
            default,
            chars,
        }
    }

    /// Whether character style `id` makes text bold, and italic.
    fn char_format(&self, id: &str) -> (bool, bool) {
        let (mut bold, mut italic) = (false, false);
        let mut at = Some(id.to_owned());
        for _ in 0..12 {
            let Some((b, i, base)) = at.take().and_then(|a| self.chars.get(&a)) else {
                break;
            };
            bold |= *b;
            italic |= *i;
            at = base.clone();
        }
        (bold, italic)
    }

    /// The kind of style `id`, and the name of the first style on its
    /// `basedOn` chain this reader does not know (for the report).
    fn kind(&self, id: Option<&str>) -> (Kind, Option<String>) {
        let mut unknown = None;
        let mut at = id.map(str::to_owned).or_else(|| self.default.clone());
        for _ in 0..12 {
            let Some(current) = at.take() else { break };
            let Some(style) = self.by_id.get(&current) else {
                // Styles missing from styles.xml: try the id as a name.
                if let Some(kind) = kind_of_name(&current) {
                    return (kind, unknown);
                }
                if unknown.is_none() {
                    unknown = Some(current);
                }
                break;
            };
            if let Some(kind) = kind_of_name(&style.name) {
                return (kind, unknown);
            }
            if let Some(level) = style.outline.filter(|l| *l < 9) {
                return (Kind::Heading(level + 1), unknown);
            }
            if unknown.is_none() {
                unknown = Some(style.name.clone());
            }
            at = style.based_on.clone();
        }
        (Kind::Body, unknown)
    }

    /// The list numbering a style gives its paragraphs, along its chain.
    fn numbering(&self, id: Option<&str>) -> Option<(String, usize)> {
        let mut at = id.map(str::to_owned);
        for _ in 0..12 {
            let style = self.by_id.get(&at.take()?)?;
            if style.numbering.is_some() {
                return style.numbering.clone();
            }
            at = style.based_on.clone();
        }
        None
    }
}

fn num_pr(n: &Element) -> Option<(String, usize)> {
    let id = n.val("numId")?.to_owned();
    let level = n
        .val("ilvl")
        .and_then(|l| l.parse().ok())
        .unwrap_or(0usize)
        .min(8);
    (id != "0").then_some((id, level))
}

/// Which list levels are bullets, by numbering id.
struct Numbering {
    bullets: BTreeMap<String, BTreeSet<usize>>,
    unnumbered: BTreeMap<String, BTreeSet<usize>>,
}

impl Numbering {
    fn read(root: Option<&Element>) -> Self {
        let mut abstracts: BTreeMap<&str, (BTreeSet<usize>, BTreeSet<usize>)> = BTreeMap::new();
        let mut bullets = BTreeMap::new();
        let mut unnumbered = BTreeMap::new();
        let Some(root) = root else {
            return Numbering {
                bullets,
                unnumbered,
            };
        };
        for a in root.elements().filter(|e| e.name == "abstractNum") {
            let Some(id) = a.attr("abstractNumId") else {
                continue;
            };
            let mut sets = (BTreeSet::new(), BTreeSet::new());
            for lvl in a.elements().filter(|e| e.name == "lvl") {
                let level: usize = lvl.attr("ilvl").and_then(|l| l.parse().ok()).unwrap_or(0);
                match lvl.val("numFmt") {
                    Some("bullet") => {
                        sets.0.insert(level);
                    }
                    Some("none") => {
                        sets.1.insert(level);
                    }
                    _ => {}
                }
            }
            abstracts.insert(id, sets);
        }
        for n in root.elements().filter(|e| e.name == "num") {
            let (Some(id), Some(abs)) = (n.attr("numId"), n.val("abstractNumId")) else {
                continue;
            };
            if let Some((b, u)) = abstracts.get(abs) {
                bullets.insert(id.to_owned(), b.clone());
                unnumbered.insert(id.to_owned(), u.clone());
            }
        }
        Numbering {
            bullets,
            unnumbered,
        }
    }

    /// The Markdown marker of level `level` of list `id`.
    fn marker(&self, id: &str, level: usize) -> &'static str {
        if self.unnumbered.get(id).is_some_and(|s| s.contains(&level)) {
            ""
        } else if self.bullets.get(id).is_some_and(|s| s.contains(&level)) {
            "- "
        } else {
            "1. "
        }
    }
}

/// A run of text with one formatting.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Format {
    bold: bool,
    italic: bool,
    strike: bool,
}

/// Markdown's special characters in `text` escaped, so Word's text reads
/// as the same text.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '\\' | '*' | '_' | '`' | '[' | ']' | '<' | '|') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Escapes what would start a Markdown block at the start of a paragraph.
pub(crate) fn escape_start(md: &str) -> String {
    let trimmed = md.trim_start();
    let digits = trimmed.chars().take_while(char::is_ascii_digit).count();
    let rest = &trimmed[digits..];
    if trimmed.starts_with(['#', '>', '-', '+', '=', '~'])
        || (digits > 0 && (rest.starts_with(". ") || rest.starts_with(") ")))
    {
        if digits > 0 {
            format!("{}\\{}", &trimmed[..digits], rest)
        } else {
            format!("\\{trimmed}")
        }
    } else {
        trimmed.to_owned()
    }
}

/// Inline Markdown built run by run.
#[derive(Default)]
struct Inline {
    spans: Vec<(Format, String)>,
    out: String,
}

impl Inline {
    fn push(&mut self, format: &Format, text: &str) {
        match self.spans.last_mut() {
            Some((f, t)) if f == format => t.push_str(text),
            _ => self.spans.push((format.clone(), text.to_owned())),
        }
    }

    fn raw(&mut self, md: &str) {
        self.flush();
        self.out.push_str(md);
    }

    fn flush(&mut self) {
        for (f, text) in std::mem::take(&mut self.spans) {
            let core = text.trim();
            if core.is_empty() || (!f.bold && !f.italic && !f.strike) {
                self.out.push_str(&escape(&text));
                continue;
            }
            let lead = &text[..text.len() - text.trim_start().len()];
            let trail = &text[text.trim_end().len()..];
            let mut open = String::new();
            if f.strike {
                open.push_str("~~");
            }
            if f.bold {
                open.push_str("**");
            }
            if f.italic {
                open.push('*');
            }
            let close: String = open.chars().rev().collect();
            self.out.push_str(lead);
            self.out.push_str(&open);
            self.out.push_str(&escape(core));
            self.out.push_str(&close);
            self.out.push_str(trail);
        }
    }

    fn finish(mut self) -> String {
        self.flush();
        self.out
    }
}

/// An image found in a paragraph.
struct Picture {
    target: String,
    alt: String,
    /// The name the document gives the picture, when it is not a generic one.
    name: Option<String>,
}

/// The picture's own name (`docPr`'s), unless it is a producer's default
/// such as "Picture 3" or "Image1".
fn own_name(d: &Element) -> Option<String> {
    let name = d.find("docPr")?.attr("name")?.trim();
    let lower = name.to_lowercase();
    let generic = [
        "picture", "image", "graphic", "grafik", "figure", "object", "drawing",
    ]
    .iter()
    .any(|g| lower.starts_with(g));
    (!generic && name.chars().any(char::is_alphabetic)).then(|| name.to_owned())
}

/// What one paragraph holds.
#[derive(Default)]
struct Para {
    md: String,
    plain: String,
    pictures: Vec<Picture>,
    comments: Vec<String>,
    notes: Vec<String>,
    all_bold: bool,
}

/// Comments waiting for their block: (comment id, the text it is about).
type Notes = Vec<(String, String)>;

/// A Question paragraph whose choices are being read: its paragraph, its
/// prompt, the choices (and whether each is bold) and its comments.
type OpenQuestion = (usize, String, Vec<(String, bool)>, Notes);

struct Reader<'a> {
    styles: Styles,
    numbering: Numbering,
    rels: BTreeMap<String, Rel>,
    footnotes: BTreeMap<String, Element>,
    comments: BTreeMap<String, (String, String, String)>,
    b: &'a mut Builder,
    /// Paragraph count so far (the place in reports).
    at: usize,
    lesson: String,
    /// The text block being gathered: Markdown, its first paragraph, the
    /// comments it carries, its footnotes, and whether it ends in a list.
    text: Vec<String>,
    text_at: usize,
    text_comments: Vec<(String, String)>,
    text_notes: Vec<String>,
    last_list: bool,
    /// Comments on a module heading, for the first block after it.
    carried: Vec<(String, String)>,
    question: Option<OpenQuestion>,
    last_image: Option<BlockId>,
    /// Images found in table cells, placed after their table.
    pending: Vec<Picture>,
    notes_seen: usize,
    reported: BTreeSet<String>,
    unknown_styles: BTreeSet<String>,
    titled: bool,
}

/// Reads the Word document in `pkg` into `b`.
pub(crate) fn read(pkg: &mut Package, b: &mut Builder) -> Result<(), ImportError> {
    let main = pkg.main_part("word/document.xml")?;
    let Some(document) = pkg.xml(&main)? else {
        return Err(ImportError::Refused {
            path: shown(pkg),
            why: "it has no document body (word/document.xml is missing), so it is not a Word document, or it is damaged".to_owned(),
        });
    };
    if document.name != "document" {
        return Err(ImportError::Refused {
            path: shown(pkg),
            why: format!(
                "its main part is a {} where a Word document body belongs",
                document.name
            ),
        });
    }
    let rels = pkg.rels(&main)?;
    let dir = main.rsplit_once('/').map_or("", |(d, _)| d).to_owned();
    let part = |kind: &str, fallback: &str| {
        rels.values()
            .find(|r| r.kind == kind && !r.external)
            .map(|r| r.target.clone())
            .unwrap_or_else(|| format!("{dir}/{fallback}"))
    };
    let styles = pkg.xml(&part("styles", "styles.xml"))?;
    let numbering = pkg.xml(&part("numbering", "numbering.xml"))?;
    let footnotes = pkg.xml(&part("footnotes", "footnotes.xml"))?;
    let comments = pkg.xml(&part("comments", "comments.xml"))?;
    let mut reader = Reader {
        styles: Styles::read(styles.as_ref()),
        numbering: Numbering::read(numbering.as_ref()),
        rels,
        footnotes: BTreeMap::new(),
        comments: BTreeMap::new(),
        b,
        at: 0,
        lesson: "Introduction".to_owned(),
        text: Vec::new(),
        text_at: 0,
        text_comments: Vec::new(),
        text_notes: Vec::new(),
        last_list: false,
        carried: Vec::new(),
        question: None,
        last_image: None,
        pending: Vec::new(),
        notes_seen: 0,
        reported: BTreeSet::new(),
        unknown_styles: BTreeSet::new(),
        titled: false,
    };
    if let Some(notes) = footnotes {
        for n in notes.elements().filter(|e| e.name == "footnote") {
            if n.attr("type").is_some_and(|t| t != "normal") {
                continue;
            }
            if let Some(id) = n.attr("id") {
                reader.footnotes.insert(id.to_owned(), clone_element(n));
            }
        }
    }
    if let Some(comments) = comments {
        for c in comments.elements().filter(|e| e.name == "comment") {
            if let Some(id) = c.attr("id") {
                let text = c
                    .elements()
                    .filter(|p| p.name == "p")
                    .map(Element::text)
                    .collect::<Vec<_>>()
                    .join("\n");
                reader.comments.insert(
                    id.to_owned(),
                    (
                        c.attr("author").unwrap_or("").to_owned(),
                        c.attr("date").unwrap_or("").to_owned(),
                        text,
                    ),
                );
            }
        }
    }
    let Some(body) = document.child("body") else {
        return Err(ImportError::Refused {
            path: shown(pkg),
            why: "its document part has no body".to_owned(),
        });
    };
    reader.blocks(body, pkg)?;
    reader.end_text();
    reader.end_question();
    if !reader.titled
        && let Some(title) = crate::ooxml::core_title(pkg)?
    {
        reader.b.title(&title);
    }
    Ok(())
}

fn shown(pkg: &Package) -> String {
    pkg.shown().to_owned()
}

/// A copy of an element (footnotes are looked up by id, later).
fn clone_element(e: &Element) -> Element {
    Element {
        name: e.name.clone(),
        attrs: e.attrs.clone(),
        children: e
            .children
            .iter()
            .map(|n| match n {
                Node::Element(c) => Node::Element(clone_element(c)),
                Node::Text(t) => Node::Text(t.clone()),
            })
            .collect(),
    }
}

impl Reader<'_> {
    /// Reports `why` once per `key`, at the current paragraph.
    fn once(&mut self, key: &str, why: String) {
        if self.reported.insert(key.to_owned()) {
            self.b.skip(self.at.max(1), why);
        }
    }

    fn blocks(&mut self, body: &Element, pkg: &mut Package) -> Result<(), ImportError> {
        for el in body.elements() {
            match el.name.as_str() {
                "p" => self.paragraph(el, pkg)?,
                "tbl" => self.table(el, pkg)?,
                "sdt" => {
                    if let Some(content) = el.child("sdtContent") {
                        self.blocks(content, pkg)?;
                    }
                }
                "customXml" | "ins" | "moveTo" => self.blocks(el, pkg)?,
                "del" | "moveFrom" => {
                    self.once(
                        "tracked-deletion",
                        "tracked changes: deleted text was left out and inserted text kept, as if all changes were accepted; review them in Word first if that is not right".to_owned(),
                    );
                }
                "sectPr" | "bookmarkStart" | "bookmarkEnd" | "proofErr" | "permStart"
                | "permEnd" | "commentRangeStart" | "commentRangeEnd" => {}
                "altChunk" => self.once(
                    "altChunk",
                    "a part embedded from another document (alternative format chunk) was left out"
                        .to_owned(),
                ),
                other => {
                    let other = other.to_owned();
                    self.once(
                        &format!("element-{other}"),
                        format!(
                            "a part of the document Trellis does not know (“{other}”) was left out"
                        ),
                    );
                }
            }
        }
        Ok(())
    }

    fn paragraph(&mut self, p: &Element, pkg: &mut Package) -> Result<(), ImportError> {
        self.at += 1;
        let ppr = p.child("pPr");
        let style_id = ppr.and_then(|p| p.val("pStyle"));
        let (mut kind, unknown) = self.styles.kind(style_id);
        if let Some(level) = ppr
            .and_then(|p| p.val("outlineLvl"))
            .and_then(|l| l.parse::<u8>().ok())
            .filter(|l| *l < 9)
            && kind == Kind::Body
        {
            kind = Kind::Heading(level + 1);
        }
        if let Some(name) = unknown
            && kind == Kind::Body
            && self.unknown_styles.insert(name.clone())
        {
            self.b.skip(
                self.at,
                format!(
                    "the style “{name}” means nothing to Trellis; its paragraphs became plain text"
                ),
            );
        }
        let list = ppr
            .and_then(|p| p.child("numPr"))
            .map_or_else(|| self.styles.numbering(style_id), num_pr);
        let mut para = Para {
            all_bold: true,
            ..Para::default()
        };
        let mut inline = Inline::default();
        let mut any_text = false;
        self.inline(
            p,
            &Format::default(),
            &mut inline,
            &mut para,
            &mut any_text,
            pkg,
        )?;
        para.all_bold &= any_text;
        para.md = inline.finish().trim().to_owned();
        let comments: Vec<(String, String)> = para
            .comments
            .iter()
            .map(|id| (id.clone(), para.plain.trim().to_owned()))
            .collect();

        // Choices of an open question.
        if self.question.is_some() {
            if list.is_some() && kind == Kind::Body && !para.md.is_empty() {
                let q = self.question.as_mut().expect("open");
                let text = para.plain.trim().to_owned();
                q.2.push((text, para.all_bold));
                q.3.extend(comments);
                return Ok(());
            }
            if para.md.is_empty() && para.pictures.is_empty() {
                return Ok(());
            }
            self.end_question();
        }
        if kind == Kind::Caption
            && let Some(id) = self.last_image.take()
            && !para.plain.trim().is_empty()
            && para.pictures.is_empty()
            && let Some(BlockContent::Image {
                asset,
                alt,
                decorative,
                layout,
                markdown,
                ..
            }) = self.b.block_content(&id).cloned()
        {
            let caption = para.plain.trim().to_owned();
            if caption == alt.trim() {
                self.b.skip(
                    self.at,
                    "a caption that repeats its image's description was left out (screen readers would read it twice)",
                );
                self.comment_on(Some(id), comments);
                return Ok(());
            }
            self.b.update(
                &id,
                BlockContent::Image {
                    asset,
                    alt,
                    caption,
                    decorative,
                    layout,
                    markdown,
                },
            );
            self.b.report_caption(self.at, para.plain.trim());
            self.comment_on(Some(id), comments);
            return Ok(());
        }
        if para.md.is_empty() && para.pictures.is_empty() {
            self.carried.extend(comments);
            return Ok(());
        }
        self.last_image = None;
        match kind {
            Kind::Title if !self.titled && self.b.current_lesson().is_none() => {
                self.titled = true;
                self.end_text();
                self.b.title(&para.plain);
                self.b.report_title(self.at, para.plain.trim());
                self.carried.extend(comments);
            }
            Kind::Heading(level) => match self.b.heading_role(level) {
                Role::Module => {
                    self.end_text();
                    let title = para.plain.trim().to_owned();
                    self.b.module(self.at, &title);
                    self.lesson = title;
                    self.carried.extend(comments);
                }
                Role::Lesson => {
                    self.end_text();
                    let title = para.plain.trim().to_owned();
                    self.b.lesson(self.at, &title);
                    self.lesson = title;
                    let carried = std::mem::take(&mut self.carried);
                    self.comment_on(None, carried);
                    self.comment_on(None, comments);
                }
                Role::Heading(level) => {
                    self.end_text();
                    let text = para.plain.trim().to_owned();
                    let id = self.b.block(
                        self.at,
                        &self.lesson.clone(),
                        "heading",
                        BlockContent::Heading {
                            text: text.clone(),
                            level,
                        },
                        &format!("heading “{text}”"),
                    );
                    self.after_block(id, comments);
                }
            },
            Kind::Objective => {
                self.end_text();
                self.b.objective(self.at, &para.plain);
                self.carried.extend(comments);
            }
            Kind::Question => {
                self.end_text();
                self.question = Some((self.at, para.plain.trim().to_owned(), Vec::new(), comments));
            }
            Kind::Quote | Kind::Callout(_) => {
                self.end_text();
                let md = self.with_notes(para.md.clone(), &para.notes);
                let (content, what) = match kind {
                    Kind::Quote => (
                        BlockContent::Quote {
                            markdown: md,
                            attribution: String::new(),
                        },
                        "quote".to_owned(),
                    ),
                    Kind::Callout(style) => (
                        BlockContent::Callout {
                            style,
                            title: String::new(),
                            markdown: md,
                        },
                        format!(
                            "{} callout",
                            match style {
                                CalloutStyle::Tip => "tip",
                                CalloutStyle::Warning => "warning",
                                CalloutStyle::Info => "note",
                            }
                        ),
                    ),
                    _ => unreachable!(),
                };
                let lesson = self.lesson.clone();
                let hint = if kind == Kind::Quote {
                    "quote"
                } else {
                    "callout"
                };
                let id = self.b.block(self.at, &lesson, hint, content, &what);
                self.after_block(id, comments);
            }
            _ => {
                if !para.md.is_empty() {
                    let md = match &list {
                        Some((id, level)) => {
                            let marker = self.numbering.marker(id, *level);
                            format!("{}{marker}{}", "    ".repeat(*level), para.md)
                        }
                        None => escape_start(&para.md),
                    };
                    self.add_text(md, list.is_some(), comments, para.notes.clone());
                } else {
                    self.carried.extend(comments);
                }
            }
        }
        for picture in para.pictures {
            self.end_text();
            self.picture(picture, pkg)?;
        }
        Ok(())
    }

    fn add_text(
        &mut self,
        md: String,
        list: bool,
        comments: Vec<(String, String)>,
        notes: Vec<String>,
    ) {
        if self.text.is_empty() {
            self.text_at = self.at;
        }
        let sep = if list && self.last_list { "\n" } else { "\n\n" };
        if !self.text.is_empty() {
            self.text.push(sep.to_owned());
        }
        self.text.push(md);
        self.last_list = list;
        self.text_comments.extend(comments);
        self.text_notes.extend(notes);
    }

    /// `md` followed by its numbered footnotes.
    fn with_notes(&self, md: String, notes: &[String]) -> String {
        if notes.is_empty() {
            md
        } else {
            format!("{md}\n\n{}", notes.join("\n\n"))
        }
    }

    /// Ends the text block being gathered, adding it to the course.
    fn end_text(&mut self) {
        if self.text.is_empty() {
            return;
        }
        let md = self.text.concat();
        self.text.clear();
        let notes = std::mem::take(&mut self.text_notes);
        let md = self.with_notes(md, &notes);
        let lesson = self.lesson.clone();
        let id = self.b.block(
            self.text_at,
            &lesson,
            "text",
            BlockContent::Text { markdown: md },
            "text",
        );
        let comments = std::mem::take(&mut self.text_comments);
        self.last_list = false;
        self.after_block(id, comments);
    }

    fn after_block(&mut self, id: BlockId, comments: Vec<(String, String)>) {
        let carried = std::mem::take(&mut self.carried);
        self.comment_on(Some(id.clone()), carried);
        self.comment_on(Some(id), comments);
    }

    fn comment_on(&mut self, block: Option<BlockId>, comments: Vec<(String, String)>) {
        for (id, quote) in comments {
            let Some((author, date, text)) = self.comments.get(&id).cloned() else {
                continue;
            };
            if !self.b.comment(block.clone(), &author, &text, &quote, &date) {
                self.carried.push((id, quote));
            }
        }
    }

    fn end_question(&mut self) {
        let Some((at, prompt, choices, comments)) = self.question.take() else {
            return;
        };
        self.add_question(at, prompt, choices, comments);
    }

    fn add_question(
        &mut self,
        at: usize,
        prompt: String,
        choices: Vec<(String, bool)>,
        comments: Vec<(String, String)>,
    ) {
        let correct = choices.iter().filter(|c| c.1).count();
        if choices.len() < 2 || correct == 0 {
            self.b.skip(
                at,
                format!(
                    "the question “{prompt}” has {} choices and {correct} marked correct (in bold), so it became text; give it a list of choices with the correct ones in bold",
                    choices.len()
                ),
            );
            let mut md = escape_start(&escape(&prompt));
            for (text, _) in &choices {
                md.push_str(&format!("\n\n- {}", escape(text)));
            }
            let lesson = self.lesson.clone();
            let id = self.b.block(
                at,
                &lesson,
                "text",
                BlockContent::Text { markdown: md },
                "text",
            );
            self.after_block(id, comments);
            return;
        }
        let choices: Vec<Choice> = choices
            .into_iter()
            .enumerate()
            .map(|(i, (text, correct))| Choice {
                id: Builder::item(i),
                text,
                correct,
                feedback: String::new(),
            })
            .collect();
        let (answer, what) = if correct == 1 {
            (Answer::SingleChoice { choices }, "single-choice")
        } else {
            (Answer::MultipleResponse { choices }, "multiple-response")
        };
        let lesson = self.lesson.clone();
        let id = self.b.block(
            at,
            &lesson,
            "question",
            BlockContent::Question(question(prompt.clone(), answer)),
            &format!("{what} question “{prompt}”"),
        );
        self.after_block(id, comments);
    }

    /// Walks the inline content of a paragraph (or of a run, link, field).
    fn inline(
        &mut self,
        el: &Element,
        format: &Format,
        out: &mut Inline,
        para: &mut Para,
        any_text: &mut bool,
        pkg: &mut Package,
    ) -> Result<(), ImportError> {
        for child in el.elements() {
            match child.name.as_str() {
                "r" => {
                    let rpr = child.child("rPr");
                    let mut f = format.clone();
                    if let Some(style) = rpr.and_then(|r| r.val("rStyle")) {
                        let (bold, italic) = self.styles.char_format(style);
                        f.bold |= bold;
                        f.italic |= italic;
                    }
                    f.bold |= on(rpr, "b");
                    f.italic |= on(rpr, "i");
                    f.strike |= on(rpr, "strike") || on(rpr, "dstrike");
                    if rpr
                        .and_then(|r| r.child("u"))
                        .is_some_and(|u| u.attr("val").is_none_or(|v| v != "none"))
                        && !f.italic
                    {
                        f.italic = true;
                        self.once(
                            "underline",
                            "underlined text became italic text: on the web an underline means a link".to_owned(),
                        );
                    }
                    for part in child.elements() {
                        match part.name.as_str() {
                            "t" => {
                                let t = part.text();
                                if !t.trim().is_empty() {
                                    *any_text = true;
                                    para.all_bold &= f.bold;
                                }
                                para.plain.push_str(&t);
                                out.push(&f, &t);
                            }
                            "tab" | "ptab" => {
                                para.plain.push(' ');
                                out.push(&f, " ");
                            }
                            "br" | "cr" => {
                                if part.attr("type").is_none_or(|t| t == "textWrapping") {
                                    para.plain.push(' ');
                                    out.raw("\\\n");
                                }
                            }
                            "noBreakHyphen" => {
                                para.plain.push('-');
                                out.push(&f, "-");
                            }
                            "sym" => {
                                if let Some(c) = part
                                    .attr("char")
                                    .and_then(|c| u32::from_str_radix(c, 16).ok())
                                    .and_then(char::from_u32)
                                    .filter(|c| !('\u{f000}'..='\u{f0ff}').contains(c))
                                {
                                    para.plain.push(c);
                                    out.push(&f, &c.to_string());
                                } else {
                                    self.once("sym", "a symbol from a symbol font (such as Wingdings) was left out".to_owned());
                                }
                            }
                            "drawing" => self.drawing(part, para),
                            "pict" | "object" => self.vml(part, para),
                            "AlternateContent" => self.alternate(part, para),
                            "footnoteReference" | "endnoteReference" => {
                                self.footnote(part, out, para, pkg)?;
                            }
                            "commentReference" => {
                                if let Some(id) = part.attr("id")
                                    && !para.comments.iter().any(|c| c == id)
                                {
                                    para.comments.push(id.to_owned());
                                }
                            }
                            "delText" | "delInstrText" => {}
                            "rPr"
                            | "fldChar"
                            | "instrText"
                            | "lastRenderedPageBreak"
                            | "softHyphen"
                            | "separator"
                            | "continuationSeparator"
                            | "footnoteRef"
                            | "endnoteRef"
                            | "annotationRef" => {}
                            other => {
                                let other = other.to_owned();
                                self.once(
                                    &format!("run-{other}"),
                                    format!("a part of the text Trellis does not know (“{other}”) was left out"),
                                );
                            }
                        }
                    }
                }
                "hyperlink" => {
                    let target = child
                        .attr("id")
                        .and_then(|id| self.rels.get(id))
                        .filter(|r| r.external)
                        .map(|r| r.target.clone());
                    match target {
                        Some(url) => {
                            let mut inner = Inline::default();
                            let mut sub = Para::default();
                            let mut any = false;
                            self.inline(child, format, &mut inner, &mut sub, &mut any, pkg)?;
                            *any_text |= any;
                            para.all_bold = false;
                            para.plain.push_str(&sub.plain);
                            para.comments.extend(sub.comments);
                            para.pictures.extend(sub.pictures);
                            para.notes.extend(sub.notes);
                            let label = inner.finish();
                            let label = if label.trim().is_empty() {
                                escape(&url)
                            } else {
                                label
                            };
                            out.raw(&format!("[{label}](<{}>)", url.replace(['<', '>'], "")));
                        }
                        None => {
                            if child.attr("id").is_some() && child.attr("anchor").is_none() {
                                self.once(
                                    "broken-link",
                                    "a link whose target is missing from the document kept its text only".to_owned(),
                                );
                            }
                            self.inline(child, format, out, para, any_text, pkg)?;
                        }
                    }
                }
                "ins" | "moveTo" => {
                    self.once(
                        "tracked-insertion",
                        "tracked changes: inserted text was kept and deleted text left out, as if all changes were accepted; review them in Word first if that is not right".to_owned(),
                    );
                    self.inline(child, format, out, para, any_text, pkg)?;
                }
                "del" | "moveFrom" => {
                    self.once(
                        "tracked-insertion",
                        "tracked changes: inserted text was kept and deleted text left out, as if all changes were accepted; review them in Word first if that is not right".to_owned(),
                    );
                }
                "smartTag" | "customXml" | "fldSimple" | "dir" | "bdo" => {
                    self.inline(child, format, out, para, any_text, pkg)?;
                }
                "sdt" => {
                    if let Some(content) = child.child("sdtContent") {
                        self.inline(content, format, out, para, any_text, pkg)?;
                    }
                }
                "commentRangeStart" => {
                    if let Some(id) = child.attr("id")
                        && !para.comments.iter().any(|c| c == id)
                    {
                        para.comments.push(id.to_owned());
                    }
                }
                "oMath" | "oMathPara" => {
                    let t = child.text();
                    para.plain.push_str(&t);
                    out.push(format, &t);
                    *any_text = true;
                    self.once(
                        "math",
                        "an equation became plain text; rewrite it if its layout matters"
                            .to_owned(),
                    );
                }
                "pPr" | "bookmarkStart" | "bookmarkEnd" | "proofErr" | "commentRangeEnd"
                | "permStart" | "permEnd" => {}
                other => {
                    let other = other.to_owned();
                    self.once(
                        &format!("inline-{other}"),
                        format!(
                            "a part of the text Trellis does not know (“{other}”) was left out"
                        ),
                    );
                }
            }
        }
        Ok(())
    }

    fn footnote(
        &mut self,
        r: &Element,
        out: &mut Inline,
        para: &mut Para,
        pkg: &mut Package,
    ) -> Result<(), ImportError> {
        let Some(note) = r.attr("id").and_then(|id| self.footnotes.get(id)) else {
            if r.name == "endnoteReference" {
                self.once("endnote", "endnotes were left out".to_owned());
            }
            return Ok(());
        };
        let note = clone_element(note);
        self.notes_seen += 1;
        let n = self.notes_seen;
        out.raw(&format!("\\[{n}\\]"));
        let mut texts = Vec::new();
        for p in note.elements().filter(|e| e.name == "p") {
            let mut inline = Inline::default();
            let mut sub = Para::default();
            let mut any = false;
            self.inline(p, &Format::default(), &mut inline, &mut sub, &mut any, pkg)?;
            let t = inline.finish();
            if !t.trim().is_empty() {
                texts.push(t.trim().to_owned());
            }
        }
        para.notes.push(format!("\\[{n}\\] {}", texts.join(" ")));
        Ok(())
    }

    fn drawing(&mut self, d: &Element, para: &mut Para) {
        let alt = d
            .find("docPr")
            .map(|p| {
                let descr = p.attr("descr").unwrap_or("").trim();
                if descr.is_empty() {
                    p.attr("title").unwrap_or("").trim().to_owned()
                } else {
                    descr.to_owned()
                }
            })
            .unwrap_or_default();
        let Some(data) = d.find("graphicData") else {
            self.once(
                "drawing",
                "a drawing with no content was left out".to_owned(),
            );
            return;
        };
        let uri = data.attr("uri").unwrap_or("");
        if uri.ends_with("/picture") {
            let Some(blip) = data.find("blip") else {
                self.once(
                    "picture-empty",
                    "a picture with no image was left out".to_owned(),
                );
                return;
            };
            if d.find("videoFile").is_some() {
                self.once(
                    "video",
                    "an embedded video was left out; add it as a video block".to_owned(),
                );
            }
            let id = blip
                .attr("embed")
                .or_else(|| blip.attr("link"))
                .unwrap_or("");
            match self.rels.get(id) {
                Some(rel) if !rel.external => para.pictures.push(Picture {
                    target: rel.target.clone(),
                    alt,
                    name: own_name(d),
                }),
                Some(_) => self.once(
                    "linked-image",
                    "an image linked from outside the document (not embedded) was left out"
                        .to_owned(),
                ),
                None => self.once(
                    "broken-image",
                    "an image whose part is missing from the document (a broken relationship) was left out".to_owned(),
                ),
            }
        } else if uri.ends_with("/chart") {
            self.b.skip(
                self.at,
                "a chart was left out; add it as an image with a description".to_owned(),
            );
        } else if uri.ends_with("/diagram") {
            self.b.skip(
                self.at,
                "a SmartArt diagram was left out; rebuild it as a process, tabs or an image"
                    .to_owned(),
            );
        } else if uri.contains("wordprocessingShape")
            || uri.contains("wordprocessingGroup")
            || uri.contains("wordprocessingCanvas")
        {
            // A text box or shape: its text is kept, the drawing is not.
            let mut boxes = Vec::new();
            data.find_all("txbxContent", &mut boxes);
            let mut pics = Vec::new();
            data.find_all("pic", &mut pics);
            for p in pics {
                if let Some(blip) = p.find("blip")
                    && let Some(rel) = blip.attr("embed").and_then(|id| self.rels.get(id))
                    && !rel.external
                {
                    para.pictures.push(Picture {
                        target: rel.target.clone(),
                        alt: alt.clone(),
                        name: None,
                    });
                }
            }
            let text: Vec<String> = boxes
                .iter()
                .map(|b| b.text())
                .filter(|t| !t.trim().is_empty())
                .collect();
            if text.is_empty() {
                self.b
                    .skip(self.at, "a shape or text box was left out".to_owned());
            } else {
                self.b.skip(
                    self.at,
                    format!("a text box became plain text: “{}”", text.join(" ").trim()),
                );
                para.plain.push_str(&text.join(" "));
            }
        } else {
            self.b.skip(
                self.at,
                "an embedded object Trellis cannot show was left out".to_owned(),
            );
        }
    }

    fn vml(&mut self, v: &Element, para: &mut Para) {
        if v.find("OLEObject").is_some() {
            self.b.skip(
                self.at,
                "an embedded object (such as a spreadsheet) was left out".to_owned(),
            );
            return;
        }
        if let Some(img) = v.find("imagedata")
            && let Some(rel) = img.attr("id").and_then(|id| self.rels.get(id))
            && !rel.external
        {
            let alt = v
                .find("shape")
                .and_then(|s| s.attr("alt"))
                .unwrap_or("")
                .to_owned();
            para.pictures.push(Picture {
                target: rel.target.clone(),
                alt,
                name: None,
            });
            return;
        }
        self.b
            .skip(self.at, "a drawing or shape was left out".to_owned());
    }

    fn alternate(&mut self, a: &Element, para: &mut Para) {
        // The first choice Office understood; its fallback is older markup
        // for the same thing.
        if let Some(choice) = a.child("Choice") {
            for d in choice.elements() {
                match d.name.as_str() {
                    "drawing" => self.drawing(d, para),
                    "pict" | "object" => self.vml(d, para),
                    _ => {}
                }
            }
        }
    }

    fn picture(&mut self, picture: Picture, pkg: &mut Package) -> Result<(), ImportError> {
        let file = picture
            .target
            .rsplit('/')
            .next()
            .unwrap_or("image")
            .to_owned();
        let Some(bytes) = pkg.bytes(&picture.target, MAX_MEDIA_BYTES)? else {
            self.b.skip(
                self.at,
                format!("the image “{file}” is missing from the document package and was left out"),
            );
            return Ok(());
        };
        let wanted = match (&picture.name, file.rsplit_once('.')) {
            (Some(own), Some((_, ext))) => format!("{own}.{ext}"),
            _ => file.clone(),
        };
        let alt = crate::ooxml::description(&picture.alt);
        let lesson = self.lesson.clone();
        let Some(id) = self
            .b
            .image(self.at, &lesson, "image", &file, &wanted, bytes, &alt)
        else {
            return Ok(());
        };
        let carried = std::mem::take(&mut self.carried);
        self.comment_on(Some(id.clone()), carried);
        self.last_image = Some(id);
        Ok(())
    }

    fn table(&mut self, t: &Element, pkg: &mut Package) -> Result<(), ImportError> {
        let start = self.at + 1;
        let mut rows: Vec<Vec<String>> = Vec::new();
        let mut plain_rows: Vec<Vec<(String, bool)>> = Vec::new();
        let mut comments = Vec::new();
        let mut notes = Vec::new();
        let mut trs = Vec::new();
        collect_rows(t, &mut trs);
        for tr in trs {
            let mut row = Vec::new();
            let mut plain = Vec::new();
            let mut tcs = Vec::new();
            collect_cells(tr, &mut tcs);
            for tc in tcs {
                let mut cell = Vec::new();
                let mut cell_plain = Vec::new();
                let mut bold = true;
                for p in tc.elements() {
                    match p.name.as_str() {
                        "p" => {
                            self.at += 1;
                            let mut inline = Inline::default();
                            let mut para = Para {
                                all_bold: true,
                                ..Para::default()
                            };
                            let mut any = false;
                            self.inline(
                                p,
                                &Format::default(),
                                &mut inline,
                                &mut para,
                                &mut any,
                                pkg,
                            )?;
                            let md = inline.finish();
                            if !md.trim().is_empty() {
                                cell.push(md.trim().replace('\n', " "));
                                cell_plain.push(para.plain.trim().to_owned());
                                bold &= para.all_bold && any;
                            }
                            comments.extend(
                                para.comments
                                    .into_iter()
                                    .map(|c| (c, para.plain.trim().to_owned())),
                            );
                            notes.extend(para.notes);
                            for pic in para.pictures {
                                self.once(
                                    "table-image",
                                    "an image inside a table was placed after the table".to_owned(),
                                );
                                self.pending_picture(pic);
                            }
                        }
                        "tbl" => {
                            self.once(
                                "nested-table",
                                "a table inside a table cell was flattened into its cell's text"
                                    .to_owned(),
                            );
                            let text = p.text();
                            cell.push(escape(text.trim()));
                            cell_plain.push(text.trim().to_owned());
                        }
                        _ => {}
                    }
                }
                let span = tc
                    .child("tcPr")
                    .and_then(|p| p.val("gridSpan"))
                    .and_then(|s| s.parse::<usize>().ok())
                    .unwrap_or(1)
                    .clamp(1, 63);
                row.push(cell.join(" "));
                plain.push((cell_plain.join(" "), bold && !cell_plain.is_empty()));
                for _ in 1..span {
                    row.push(String::new());
                    plain.push((String::new(), false));
                }
            }
            rows.push(row);
            plain_rows.push(plain);
        }
        // A question table: "Question" in its first cell.
        if plain_rows.first().and_then(|r| r.first()).is_some_and(|c| {
            c.0.trim()
                .trim_end_matches(':')
                .eq_ignore_ascii_case("question")
        }) {
            self.end_text();
            self.end_question();
            let prompt = plain_rows[0]
                .get(1)
                .map(|c| c.0.clone())
                .unwrap_or_default();
            let mut choices = Vec::new();
            let mut feedback: Vec<(usize, String)> = Vec::new();
            let mut objectives: Vec<String> = Vec::new();
            for row in &plain_rows[1..] {
                let label = row
                    .first()
                    .map(|c| c.0.trim().to_lowercase())
                    .unwrap_or_default();
                let text = row
                    .get(1)
                    .map(|c| c.0.trim().to_owned())
                    .unwrap_or_default();
                if matches!(
                    label.trim_end_matches(':'),
                    "objective" | "objectives" | "learning objective"
                ) {
                    objectives.extend(
                        text.split(['|', ';'])
                            .map(|s| s.trim().to_owned())
                            .filter(|s| !s.is_empty()),
                    );
                    continue;
                }
                let fb = row
                    .get(2)
                    .map(|c| c.0.trim().to_owned())
                    .unwrap_or_default();
                let correct = match label.trim_end_matches(':') {
                    "correct" | "right" | "answer" | "correct answer" | "yes" | "✓" => true,
                    "incorrect" | "wrong" | "distractor" | "no" | "choice" | "option" | "✗" => {
                        false
                    }
                    _ => {
                        self.b.skip(
                            start,
                            format!("a row of the question table starts with “{}”, not Correct or Incorrect, and was left out", row.first().map(|c| c.0.as_str()).unwrap_or("")),
                        );
                        continue;
                    }
                };
                if text.is_empty() {
                    continue;
                }
                feedback.push((choices.len(), fb));
                choices.push((text, correct));
            }
            self.add_question(start, prompt, choices, comments);
            if let Some(id) = self.last_question_id()
                && let Some(BlockContent::Question(mut q)) = self.b.block_content(&id).cloned()
            {
                if let Answer::SingleChoice { choices } | Answer::MultipleResponse { choices } =
                    &mut q.answer
                {
                    for (i, fb) in feedback {
                        if let Some(c) = choices.get_mut(i) {
                            c.feedback = fb;
                        }
                    }
                }
                for name in &objectives {
                    if let Some(objective) = self.b.objective_named(start, name)
                        && !q.objectives.contains(&objective)
                    {
                        q.objectives.push(objective);
                    }
                }
                self.b.update(&id, BlockContent::Question(q));
            }
            self.flush_pending_pictures(pkg)?;
            return Ok(());
        }
        if rows.is_empty() {
            return Ok(());
        }
        let width = rows.iter().map(Vec::len).max().unwrap_or(1).max(1);
        let mut md = String::new();
        for (i, row) in rows.iter().enumerate() {
            md.push('|');
            for c in 0..width {
                let cell = row.get(c).map(String::as_str).unwrap_or("");
                md.push(' ');
                md.push_str(if cell.is_empty() { " " } else { cell });
                md.push_str(" |");
            }
            md.push('\n');
            if i == 0 {
                md.push('|');
                md.push_str(&"---|".repeat(width));
                md.push('\n');
            }
        }
        if self.text.is_empty() {
            self.text_at = start;
        }
        self.last_list = false;
        let saved = self.at;
        self.at = start;
        self.add_text(md.trim_end().to_owned(), false, comments, notes);
        self.at = saved;
        self.flush_pending_pictures(pkg)?;
        Ok(())
    }

    /// The last block of the current lesson, when it is a question.
    fn last_question_id(&self) -> Option<BlockId> {
        let lesson = self.b.current_lesson()?.clone();
        self.b
            .last_block(&lesson)
            .filter(|id| matches!(self.b.block_content(id), Some(BlockContent::Question(_))))
    }

    fn pending_picture(&mut self, pic: Picture) {
        self.pending.push(pic);
    }

    fn flush_pending_pictures(&mut self, pkg: &mut Package) -> Result<(), ImportError> {
        let pics = std::mem::take(&mut self.pending);
        if !pics.is_empty() {
            self.end_text();
        }
        for p in pics {
            self.picture(p, pkg)?;
        }
        Ok(())
    }
}

fn collect_rows<'a>(t: &'a Element, out: &mut Vec<&'a Element>) {
    for e in t.elements() {
        match e.name.as_str() {
            "tr" => out.push(e),
            "sdt" | "sdtContent" | "customXml" | "ins" => collect_rows(e, out),
            _ => {}
        }
    }
}

fn collect_cells<'a>(tr: &'a Element, out: &mut Vec<&'a Element>) {
    for e in tr.elements() {
        match e.name.as_str() {
            "tc" => out.push(e),
            "sdt" | "sdtContent" | "customXml" => collect_cells(e, out),
            _ => {}
        }
    }
}
