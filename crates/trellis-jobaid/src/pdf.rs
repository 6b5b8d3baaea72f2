//! The job aid as a tagged PDF (PDF/UA-1) written with krilla: every line
//! of text and every picture sits in a structure tree in reading order
//! (headings, paragraphs, lists, tables, figures with alt text), rules and
//! page furniture are artifacts, the bundled font is embedded as a subset.
//!
//! Layout runs first and gives pages of drawing operations plus a logical
//! tree whose leaves name operations; drawing then marks each operation's
//! content and swaps the leaves for krilla's identifiers.

use std::collections::HashMap;
use std::num::NonZeroU16;

use krilla::color::rgb;
use krilla::configure::{Accessibility, ConfigurationBuilder, PdfVersion};
use krilla::geom::{PathBuilder, Point, Rect, Size};
use krilla::image::Image;
use krilla::metadata::{DateTime, Metadata};
use krilla::page::PageSettings;
use krilla::paint::Fill;
use krilla::surface::Surface;
use krilla::tagging::{ArtifactType, ContentTag, Node, SpanTag, Tag, TagGroup, TagKind, TagTree};
use krilla::text::{Font, TextDirection};
use krilla::{Document, SerializeSettings};
use skrifa::MetadataProvider;
use skrifa::instance::{LocationRef, Size as FontSize};
use skrifa::raw::TableProvider;

use crate::model::{JobAid, Part, Run, Text};
use crate::{Error, Labels, Paper};

const REGULAR: &[u8] = include_bytes!("../fonts/atkinson-hyperlegible-latin-400-normal.ttf");
const BOLD: &[u8] = include_bytes!("../fonts/atkinson-hyperlegible-latin-700-normal.ttf");
const REGULAR_EXT: &[u8] =
    include_bytes!("../fonts/atkinson-hyperlegible-latin-ext-400-normal.ttf");
const BOLD_EXT: &[u8] = include_bytes!("../fonts/atkinson-hyperlegible-latin-ext-700-normal.ttf");

const MARGIN: f32 = 36.0;
const BODY: f32 = 9.5;
const LEADING: f32 = 1.28;

/// One face (a weight) of the bundled font, as several font files in
/// order of preference: the Latin subset, then the Latin Extended one
/// (Polish, Czech, Hungarian, Romanian, Turkish… letters). Each letter is
/// drawn with the first file that has it.
struct Face {
    /// krilla's font and the advance widths layout measures with, per file.
    fonts: Vec<(Font, HashMap<char, f32>)>,
    fallback: f32,
}

impl Face {
    fn load(files: &[&'static [u8]]) -> Face {
        let fonts: Vec<(Font, HashMap<char, f32>)> = files
            .iter()
            .map(|data| {
                let font = Font::new(data.to_vec().into(), 0).expect("the bundled font reads");
                let sk = skrifa::FontRef::new(data).expect("the bundled font reads");
                let upem = sk.head().map(|h| h.units_per_em()).unwrap_or(1000) as f32;
                let metrics = sk.glyph_metrics(FontSize::unscaled(), LocationRef::default());
                let mut widths = HashMap::new();
                for (cp, gid) in sk.charmap().mappings() {
                    if let Some(c) = char::from_u32(cp) {
                        let w = metrics.advance_width(gid).unwrap_or(0.0) / upem;
                        widths.insert(c, w);
                    }
                }
                (font, widths)
            })
            .collect();
        let fallback = fonts[0].1.get(&'n').copied().unwrap_or(0.5);
        Face { fonts, fallback }
    }

    fn char_width(&self, c: char) -> f32 {
        self.fonts
            .iter()
            .find_map(|(_, w)| w.get(&c).copied())
            .unwrap_or(self.fallback)
    }

    fn width(&self, s: &str, size: f32) -> f32 {
        s.chars().map(|c| self.char_width(c)).sum::<f32>() * size
    }

    fn has(&self, c: char) -> bool {
        self.fonts.iter().any(|(_, w)| w.contains_key(&c))
    }

    /// `text` split into pieces each drawn with one font file: a letter
    /// stays with the piece before it when that piece's file has it (so
    /// spaces do not split a run), else goes with the first file that has
    /// it.
    fn pieces(&self, text: &str) -> Vec<(usize, String)> {
        let mut out: Vec<(usize, String)> = Vec::new();
        for c in text.chars() {
            match out.last_mut() {
                Some((i, piece)) if self.fonts[*i].1.contains_key(&c) => piece.push(c),
                _ => {
                    let i = self
                        .fonts
                        .iter()
                        .position(|(_, w)| w.contains_key(&c))
                        .unwrap_or(0);
                    match out.last_mut() {
                        Some((last, piece)) if *last == i => piece.push(c),
                        _ => out.push((i, c.to_string())),
                    }
                }
            }
        }
        out
    }

    /// Draws `text` from `(x, y)` (its baseline), each piece in its own
    /// font file, one after the other.
    fn draw(&self, s: &mut Surface, x: f32, y: f32, size: f32, text: &str) {
        let mut cx = x;
        for (i, piece) in self.pieces(text) {
            s.draw_text(
                Point::from_xy(cx, y),
                self.fonts[i].0.clone(),
                size,
                &piece,
                false,
                TextDirection::Auto,
            );
            cx += self.width(&piece, size);
        }
    }
}

struct Faces {
    regular: Face,
    bold: Face,
}

impl Faces {
    fn face(&self, bold: bool) -> &Face {
        if bold { &self.bold } else { &self.regular }
    }
}

/// Text the bundled font (any of its files) can draw: characters it lacks are replaced by a
/// close one it has, or dropped; `lost` collects those it could not keep.
fn drawable(faces: &Faces, s: &str, lost: &mut Vec<char>) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if faces.regular.has(c) && faces.bold.has(c) {
            out.push(c);
            continue;
        }
        let sub = match c {
            '\u{2192}' | '\u{21d2}' => "->",
            '\u{2190}' => "<-",
            '\u{2026}' => "...",
            '\u{2018}' | '\u{2019}' => "'",
            '\u{201c}' | '\u{201d}' => "\"",
            '\u{2013}' | '\u{2014}' => "-",
            '\u{2022}' => "-",
            '\u{a0}' | '\u{2009}' | '\u{202f}' => " ",
            '\u{2212}' => "-",
            '\u{00d7}' => "x",
            c if c.is_whitespace() => " ",
            _ => {
                if !lost.contains(&c) {
                    lost.push(c);
                }
                "?"
            }
        };
        if sub.chars().all(|c| faces.regular.has(c)) {
            out.push_str(sub);
        }
    }
    out
}

#[derive(Clone, Copy)]
struct Rgb(u8, u8, u8);

fn colour(hex: &str, fallback: Rgb) -> Rgb {
    let h = hex.trim().trim_start_matches('#');
    let parse = |i: usize| u8::from_str_radix(h.get(i..i + 2)?, 16).ok();
    match (h.len(), parse(0), parse(2), parse(4)) {
        (6, Some(r), Some(g), Some(b)) => Rgb(r, g, b),
        _ => fallback,
    }
}

/// A drawing operation on one page.
enum Op {
    Text {
        x: f32,
        y: f32,
        size: f32,
        bold: bool,
        colour: Rgb,
        text: String,
        leaf: Option<usize>,
    },
    Rect {
        rect: (f32, f32, f32, f32),
        colour: Rgb,
        filled: bool,
    },
    Image {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        /// `None` when only measuring ([`measure`]).
        image: Option<Image>,
        leaf: usize,
    },
    /// A QR code: dark modules drawn as squares.
    Qr {
        x: f32,
        y: f32,
        module: f32,
        width: usize,
        dark: Vec<bool>,
        leaf: usize,
    },
}

/// A node of the logical structure.
enum LNode {
    Group(LKind, Vec<LNode>),
    Leaf(usize),
}

#[derive(Clone)]
enum LKind {
    H(u16, String),
    P,
    L(bool),
    LI,
    Lbl,
    LBody,
    Table,
    TR,
    TH,
    TD,
    Figure(String),
    Caption,
    Section,
}

struct Layout<'a> {
    faces: &'a Faces,
    width: f32,
    height: f32,
    pages: Vec<Vec<Op>>,
    y: f32,
    next_leaf: usize,
    /// Groups being built, innermost last.
    open: Vec<(LKind, Vec<LNode>)>,
    root: Vec<LNode>,
    colours: (Rgb, Rgb),
    lost: Vec<char>,
    footer_room: f32,
}

impl<'a> Layout<'a> {
    fn content_width(&self) -> f32 {
        self.width - 2.0 * MARGIN
    }

    fn bottom(&self) -> f32 {
        self.height - MARGIN - self.footer_room
    }

    fn new_page(&mut self) {
        self.pages.push(Vec::new());
        self.y = MARGIN;
    }

    fn ensure(&mut self, h: f32) {
        if self.y + h > self.bottom() && self.y > MARGIN + 1.0 {
            self.new_page();
        }
    }

    fn op(&mut self, op: Op) {
        self.pages.last_mut().expect("a page is open").push(op);
    }

    fn leaf(&mut self) -> usize {
        let id = self.next_leaf;
        self.next_leaf += 1;
        self.add(LNode::Leaf(id));
        id
    }

    fn add(&mut self, node: LNode) {
        match self.open.last_mut() {
            Some((_, kids)) => kids.push(node),
            None => self.root.push(node),
        }
    }

    fn open(&mut self, kind: LKind) {
        self.open.push((kind, Vec::new()));
    }

    fn close(&mut self) {
        let (kind, kids) = self.open.pop().expect("a group is open");
        if !kids.is_empty() {
            self.add(LNode::Group(kind, kids));
        }
    }

    /// Lays out formatted text in the box from `x` to `x + w`, from the
    /// current line on; each line is one tagged span.
    fn text(&mut self, x: f32, w: f32, text: &Text, size: f32, colour: Rgb) {
        let line_h = size * LEADING;
        let words = self.words(text);
        let mut line: Vec<(String, bool)> = Vec::new();
        let mut line_w = 0.0;
        let mut lines: Vec<Vec<(String, bool)>> = Vec::new();
        for (word, bold) in words {
            let face = self.faces.face(bold);
            let ww = face.width(&word, size);
            let space = if line.is_empty() {
                0.0
            } else {
                face.width(" ", size)
            };
            if !line.is_empty() && line_w + space + ww > w {
                lines.push(std::mem::take(&mut line));
                line_w = 0.0;
            }
            let space = if line.is_empty() { 0.0 } else { space };
            line_w += space + ww;
            line.push((word, bold));
        }
        if !line.is_empty() {
            lines.push(line);
        }
        for l in lines {
            self.ensure(line_h);
            let baseline = self.y + size;
            let mut cx = x;
            // Runs of one weight are drawn together; spaces stay in the text.
            let mut runs: Vec<(String, bool)> = Vec::new();
            for (i, (word, bold)) in l.into_iter().enumerate() {
                let piece = if i == 0 { word } else { format!(" {word}") };
                match runs.last_mut() {
                    Some((t, b)) if *b == bold => t.push_str(&piece),
                    _ => runs.push((piece, bold)),
                }
            }
            for (t, bold) in runs {
                let leaf = self.leaf();
                let adv = self.faces.face(bold).width(&t, size);
                self.op(Op::Text {
                    x: cx,
                    y: baseline,
                    size,
                    bold,
                    colour,
                    text: t,
                    leaf: Some(leaf),
                });
                cx += adv;
            }
            self.y += line_h;
        }
    }

    fn words(&mut self, text: &Text) -> Vec<(String, bool)> {
        let mut out: Vec<(String, bool)> = Vec::new();
        let mut glue = false;
        for Run { text, strong } in text {
            let clean = drawable(self.faces, text, &mut self.lost);
            let starts_space = clean.starts_with(char::is_whitespace);
            for (i, w) in clean.split_whitespace().enumerate() {
                // A word split by a change of weight stays one word (bold
                // wins).
                if i == 0
                    && glue
                    && !starts_space
                    && let Some(last) = out.last_mut()
                {
                    last.0.push_str(w);
                    last.1 |= *strong;
                    continue;
                }
                out.push((w.to_owned(), *strong));
            }
            glue = !clean.ends_with(char::is_whitespace) && !clean.is_empty();
        }
        out
    }

    fn paragraph(&mut self, x: f32, text: &Text, size: f32) {
        if text.is_empty() {
            return;
        }
        self.open(LKind::P);
        let w = self.width - MARGIN - x;
        let c = self.colours.1;
        self.text(x, w, text, size, c);
        self.close();
        self.y += size * 0.35;
    }

    fn heading(&mut self, level: u16, text: &str, size: f32, colour: Rgb) {
        self.ensure(size * LEADING * 3.0);
        self.y += size * 0.4;
        self.open(LKind::H(level, text.to_owned()));
        let run = vec![Run {
            text: text.to_owned(),
            strong: true,
        }];
        let w = self.content_width();
        self.text(MARGIN, w, &run, size, colour);
        self.close();
        self.y += size * 0.2;
    }

    fn rule(&mut self, x: f32, y: f32, w: f32, h: f32, colour: Rgb, filled: bool) {
        self.op(Op::Rect {
            rect: (x, y, w, h),
            colour,
            filled,
        });
    }
}

/// Pictures the aid shows, by asset name: the bytes of each, or `None`
/// when the course does not have it.
pub type Assets<'a> = &'a dyn Fn(&str) -> Option<Vec<u8>>;

fn image_of(bytes: Vec<u8>) -> Option<Image> {
    let data: krilla::Data = bytes.clone().into();
    if bytes.starts_with(b"\x89PNG") {
        Image::from_png(data, true).ok()
    } else if bytes.starts_with(&[0xff, 0xd8]) {
        Image::from_jpeg(data, true).ok()
    } else if bytes.starts_with(b"GIF8") {
        Image::from_gif(data, true).ok()
    } else if bytes.len() > 12 && &bytes[8..12] == b"WEBP" {
        Image::from_webp(data, true).ok()
    } else {
        None
    }
}

/// Where the layout finds the pictures: their bytes (to print them), or
/// only their pixel sizes (to count pages, [`measure`]).
#[derive(Clone, Copy)]
enum Pictures<'a> {
    Bytes(Assets<'a>),
    Sizes(Sizes<'a>),
}

/// An image asset's pixel size, by asset name.
pub type Sizes<'a> = &'a dyn Fn(&str) -> Option<(u32, u32)>;

impl Pictures<'_> {
    fn get(self, name: &str) -> Option<(Option<Image>, (u32, u32))> {
        match self {
            Pictures::Bytes(assets) => {
                let image = assets(name).and_then(image_of)?;
                let size = image.size();
                Some((Some(image), size))
            }
            Pictures::Sizes(sizes) => sizes(name).map(|size| (None, size)),
        }
    }
}

/// What writing the PDF gave.
pub struct Pdf {
    pub bytes: Vec<u8>,
    pub pages: usize,
    /// Characters the bundled font has no letter for, shown as `?`.
    pub missing_characters: Vec<char>,
}

/// What the layout of an aid gives: the pages' drawing operations and the
/// logical tree, before anything is drawn.
struct Laid {
    pages: Vec<Vec<Op>>,
    root: Vec<LNode>,
    outline: krilla::outline::Outline,
    /// Characters the font has no letter for.
    lost: Vec<char>,
    /// The footer's left part, title and version.
    footer_left: String,
    /// Each page's footer on the right ("Page 1 of 2").
    footers: Vec<String>,
    text_colour: Rgb,
}

/// How long the aid runs on `paper`, and which of its letters the font
/// lacks, without drawing it: the pictures' sizes come from `sizes`.
pub struct Measure {
    pub pages: usize,
    pub missing_characters: Vec<char>,
}

/// Lays `aid` out on `paper` without writing the PDF: its page count and
/// the characters that would print as `?`.
pub fn measure(aid: &JobAid, paper: Paper, labels: &Labels, sizes: Sizes) -> Measure {
    let faces = Faces {
        regular: Face::load(&[REGULAR, REGULAR_EXT]),
        bold: Face::load(&[BOLD, BOLD_EXT]),
    };
    let laid = lay_out(aid, paper, labels, Pictures::Sizes(sizes), &faces);
    Measure {
        pages: laid.pages.len(),
        missing_characters: laid.lost,
    }
}

/// Writes `aid` as a PDF on `paper`.
pub fn write(aid: &JobAid, paper: Paper, labels: &Labels, assets: Assets) -> Result<Pdf, Error> {
    let faces = Faces {
        regular: Face::load(&[REGULAR, REGULAR_EXT]),
        bold: Face::load(&[BOLD, BOLD_EXT]),
    };
    let (width, height) = paper.size();
    let Laid {
        pages: page_ops,
        root,
        outline,
        lost,
        footer_left,
        footers,
        text_colour,
    } = lay_out(aid, paper, labels, Pictures::Bytes(assets), &faces);
    let pages = page_ops.len();

    // Drawing.
    let settings = SerializeSettings {
        configuration: ConfigurationBuilder::new()
            .with_accessibility_validator(Accessibility::UA1)
            .with_version(PdfVersion::Pdf17)
            .finish()
            .map_err(|e| Error::Pdf(format!("{e:?}")))?,
        enable_tagging: true,
        ..SerializeSettings::default()
    };
    let mut doc = Document::new_with(settings);
    let mut ids: HashMap<usize, krilla::tagging::Identifier> = HashMap::new();
    for (ops, footer) in page_ops.into_iter().zip(footers) {
        let mut page = doc.start_page_with(
            PageSettings::from_wh(width, height).expect("paper sizes are positive"),
        );
        let mut s = page.surface();
        // The page background in the theme's colour is not content.
        for op in ops {
            draw(&mut s, op, &faces, &mut ids);
        }
        s.start_tagged(ContentTag::Artifact(krilla::tagging::Artifact::with_kind(
            ArtifactType::Footer,
        )));
        fill(&mut s, text_colour);
        faces
            .regular
            .draw(&mut s, MARGIN, height - MARGIN + 6.0, 7.5, &footer_left);
        let fw = faces.regular.width(&footer, 7.5);
        faces.regular.draw(
            &mut s,
            width - MARGIN - fw,
            height - MARGIN + 6.0,
            7.5,
            &footer,
        );
        s.end_tagged();
        s.finish();
        page.finish();
    }
    let mut tree = TagTree::new().with_lang(Some(aid.language.clone()));
    for node in root {
        tree.push(to_krilla(node, &mut ids));
    }
    doc.set_tag_tree(tree);
    doc.set_outline(outline);
    let mut meta = Metadata::new()
        .title(aid.title.clone())
        .language(aid.language.clone())
        .creator("Trellis".into())
        .document_id(format!(
            "{}|{}|{}|{}",
            aid.title,
            aid.version,
            aid.language,
            paper.name()
        ));
    if let Some(date) = date_of(&aid.date) {
        meta = meta.creation_date(date);
    }
    doc.set_metadata(meta);
    let bytes = doc.finish().map_err(|e| Error::Pdf(format!("{e:?}")))?;
    Ok(Pdf {
        bytes,
        pages,
        missing_characters: lost,
    })
}

/// Lays `aid` out on `paper`: text measured and broken into lines, pages
/// filled in reading order.
fn lay_out(aid: &JobAid, paper: Paper, labels: &Labels, pictures: Pictures, faces: &Faces) -> Laid {
    let (width, height) = paper.size();

    let primary = colour(&aid.colours.primary, Rgb(0x1f, 0x4e, 0x79));
    let text_colour = colour(&aid.colours.text, Rgb(0x1c, 0x1c, 0x1c));
    let mut l = Layout {
        faces,
        width,
        height,
        pages: Vec::new(),
        y: MARGIN,
        next_leaf: 0,
        open: Vec::new(),
        root: Vec::new(),
        colours: (primary, text_colour),
        lost: Vec::new(),
        footer_room: 22.0,
    };
    l.new_page();

    // Header: a band in the theme colour, the logo, the title, version and
    // date, and the QR code on the right.
    l.rule(0.0, 0.0, width, 8.0, primary, true);
    let qr_size = 74.0;
    let qr = aid.url.as_deref().and_then(|u| qrcode::QrCode::new(u).ok());
    let mut title_x = MARGIN;
    if let Some((logo, (iw, ih))) = aid.logo.as_deref().and_then(|name| pictures.get(name)) {
        let h = 36.0f32;
        let w = (iw as f32 / ih.max(1) as f32 * h).min(120.0);
        l.open(LKind::Figure(labels.logo.clone()));
        let leaf = l.leaf();
        l.close();
        l.op(Op::Image {
            x: MARGIN,
            y: MARGIN,
            w,
            h,
            image: logo,
            leaf,
        });
        title_x = MARGIN + w + 12.0;
    }
    let right = if qr.is_some() { qr_size + 14.0 } else { 0.0 };
    l.open(LKind::H(1, aid.title.clone()));
    let title_w = width - MARGIN - right - title_x;
    let run = vec![Run {
        text: aid.title.clone(),
        strong: true,
    }];
    l.text(title_x, title_w, &run, 17.0, primary);
    l.close();
    let mut meta = labels.version.replace("{version}", &aid.version);
    if !aid.date.is_empty() {
        meta.push_str(" · ");
        meta.push_str(&aid.date);
    }
    l.open(LKind::P);
    let run = vec![Run {
        text: meta,
        strong: false,
    }];
    l.text(title_x, title_w, &run, 9.0, text_colour);
    l.close();
    if let (Some(code), Some(url)) = (&qr, aid.url.as_deref()) {
        let width_m = code.width();
        let dark: Vec<bool> = code
            .to_colors()
            .iter()
            .map(|c| *c == qrcode::Color::Dark)
            .collect();
        // A quiet zone of four modules on each side is part of the size.
        let module = qr_size / (width_m + 8) as f32;
        let x = width - MARGIN - qr_size;
        l.open(LKind::Figure(labels.qr_alt.replace("{url}", url)));
        let leaf = l.leaf();
        l.close();
        l.op(Op::Qr {
            x: x + 4.0 * module,
            y: MARGIN - 8.0 + 4.0 * module,
            module,
            width: width_m,
            dark,
            leaf,
        });
        l.open(LKind::P);
        let run = vec![Run {
            text: labels.scan.clone(),
            strong: false,
        }];
        let y = l.y;
        l.y = MARGIN - 8.0 + qr_size;
        l.text(x, qr_size, &run, 7.0, text_colour);
        l.close();
        l.y = l.y.max(y);
    }
    l.y = l.y.max(MARGIN + 40.0) + 6.0;
    let cw = l.content_width();
    let yy = l.y;
    l.rule(MARGIN, yy, cw, 1.2, primary, true);
    l.y += 8.0;

    let mut outline = krilla::outline::Outline::new();
    for section in &aid.sections {
        l.ensure(13.0 * LEADING * 3.0);
        outline.push_child(krilla::outline::OutlineNode::new(
            section.title.clone(),
            krilla::destination::XyzDestination::new(l.pages.len() - 1, Point::from_xy(0.0, l.y)),
        ));
        l.open(LKind::Section);
        l.heading(2, &section.title, 13.0, primary);
        for part in &section.parts {
            part_layout(&mut l, part, labels, pictures, primary, text_colour);
        }
        l.close();
        l.y += 4.0;
    }
    if aid.sections.is_empty() {
        l.paragraph(
            MARGIN,
            &vec![Run {
                text: labels.empty.clone(),
                strong: false,
            }],
            BODY,
        );
    }

    let pages = l.pages.len();
    let footer_left = format!(
        "{} · {}",
        aid.title,
        labels.version.replace("{version}", &aid.version)
    );
    let footer_left = drawable(faces, &footer_left, &mut l.lost);
    let footers = (1..=pages)
        .map(|n| {
            let footer = labels
                .page
                .replace("{n}", &n.to_string())
                .replace("{total}", &pages.to_string());
            drawable(faces, &footer, &mut l.lost)
        })
        .collect();
    Laid {
        pages: std::mem::take(&mut l.pages),
        root: std::mem::take(&mut l.root),
        outline,
        lost: std::mem::take(&mut l.lost),
        footer_left,
        footers,
        text_colour,
    }
}

fn date_of(date: &str) -> Option<DateTime> {
    let mut it = date.split('-').map(|p| p.parse::<u16>().ok());
    let (y, m, d) = (it.next()??, it.next()??, it.next()??);
    if it.next().is_some() || !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    Some(DateTime::new(y).month(m as u8).day(d as u8))
}

fn fill(s: &mut Surface, c: Rgb) {
    s.set_fill(Some(Fill {
        paint: rgb::Color::new(c.0, c.1, c.2).into(),
        ..Fill::default()
    }));
}

fn rect_path(x: f32, y: f32, w: f32, h: f32) -> Option<krilla::geom::Path> {
    let mut pb = PathBuilder::new();
    pb.push_rect(Rect::from_xywh(x, y, w, h)?);
    pb.finish()
}

fn draw(
    s: &mut Surface,
    op: Op,
    faces: &Faces,
    ids: &mut HashMap<usize, krilla::tagging::Identifier>,
) {
    match op {
        Op::Text {
            x,
            y,
            size,
            bold,
            colour,
            text,
            leaf,
        } => {
            match leaf {
                Some(leaf) => {
                    let id = s.start_tagged(ContentTag::Span(SpanTag::empty()));
                    ids.insert(leaf, id);
                }
                None => {
                    s.start_tagged(ContentTag::Artifact(krilla::tagging::Artifact::with_kind(
                        ArtifactType::Other,
                    )));
                }
            }
            fill(s, colour);
            faces.face(bold).draw(s, x, y, size, &text);
            s.end_tagged();
        }
        Op::Rect {
            rect: (x, y, w, h),
            colour,
            filled,
        } => {
            s.start_tagged(ContentTag::Artifact(krilla::tagging::Artifact::with_kind(
                ArtifactType::Other,
            )));
            if filled {
                fill(s, colour);
                if let Some(p) = rect_path(x, y, w, h) {
                    s.draw_path(&p);
                }
            } else {
                s.set_fill(None);
                s.set_stroke(Some(krilla::paint::Stroke {
                    paint: rgb::Color::new(colour.0, colour.1, colour.2).into(),
                    width: 0.8,
                    ..Default::default()
                }));
                if let Some(p) = rect_path(x, y, w, h) {
                    s.draw_path(&p);
                }
                s.set_stroke(None);
            }
            s.end_tagged();
        }
        Op::Image {
            x,
            y,
            w,
            h,
            image,
            leaf,
        } => {
            let id = s.start_tagged(ContentTag::Other);
            ids.insert(leaf, id);
            s.push_transform(&krilla::geom::Transform::from_translate(x, y));
            if let (Some(image), Some(size)) = (image, Size::from_wh(w, h)) {
                s.draw_image(image, size);
            }
            s.pop();
            s.end_tagged();
        }
        Op::Qr {
            x,
            y,
            module,
            width,
            dark,
            leaf,
        } => {
            let id = s.start_tagged(ContentTag::Other);
            ids.insert(leaf, id);
            fill(s, Rgb(0, 0, 0));
            let mut pb = PathBuilder::new();
            for (i, d) in dark.iter().enumerate() {
                if *d {
                    let (cx, cy) = ((i % width) as f32, (i / width) as f32);
                    if let Some(r) =
                        Rect::from_xywh(x + cx * module, y + cy * module, module, module)
                    {
                        pb.push_rect(r);
                    }
                }
            }
            if let Some(p) = pb.finish() {
                s.draw_path(&p);
            }
            s.end_tagged();
        }
    }
}

fn to_krilla(node: LNode, ids: &mut HashMap<usize, krilla::tagging::Identifier>) -> Node {
    match node {
        LNode::Leaf(i) => Node::Leaf(ids.remove(&i).expect("every leaf was drawn")),
        LNode::Group(kind, kids) => {
            let tag: TagKind = match kind {
                LKind::H(level, title) => Tag::Hn(
                    NonZeroU16::new(level).expect("heading levels start at 1"),
                    Some(title),
                )
                .into(),
                LKind::P => Tag::P.into(),
                LKind::L(numbered) => Tag::L(if numbered {
                    krilla::tagging::ListNumbering::Decimal
                } else {
                    krilla::tagging::ListNumbering::None
                })
                .into(),
                LKind::LI => Tag::LI.into(),
                LKind::Lbl => Tag::Lbl.into(),
                LKind::LBody => Tag::LBody.into(),
                LKind::Table => Tag::Table.into(),
                LKind::TR => Tag::TR.into(),
                LKind::TH => Tag::TH(krilla::tagging::TableHeaderScope::Column).into(),
                LKind::TD => Tag::TD.into(),
                LKind::Figure(alt) => Tag::Figure(Some(alt)).into(),
                LKind::Caption => Tag::Caption.into(),
                LKind::Section => Tag::Section.into(),
            };
            let children = kids.into_iter().map(|k| to_krilla(k, ids)).collect();
            Node::Group(TagGroup::with_children(tag, children))
        }
    }
}

fn part_layout(
    l: &mut Layout,
    part: &Part,
    labels: &Labels,
    pictures: Pictures,
    primary: Rgb,
    text_colour: Rgb,
) {
    match part {
        Part::Heading { text } => l.heading(3, text, 11.0, text_colour),
        Part::Paragraph { text } => l.paragraph(MARGIN, text, BODY),
        Part::Steps { steps } => {
            l.open(LKind::L(true));
            for (i, step) in steps.iter().enumerate() {
                l.ensure(BODY * LEADING * 2.0);
                l.open(LKind::LI);
                // The number in a filled circle of the theme colour.
                let y = l.y;
                l.rule(MARGIN, y + 0.5, 15.0, 13.0, primary, true);
                let label = format!("{}", i + 1);
                l.open(LKind::Lbl);
                let leaf = l.leaf();
                let lw = l.faces.bold.width(&label, 8.5);
                l.op(Op::Text {
                    x: MARGIN + 7.5 - lw / 2.0,
                    y: y + 10.0,
                    size: 8.5,
                    bold: true,
                    colour: Rgb(255, 255, 255),
                    text: label,
                    leaf: Some(leaf),
                });
                l.close();
                l.open(LKind::LBody);
                let x = MARGIN + 22.0;
                let w = l.width - MARGIN - x;
                let title: Text = step
                    .title
                    .iter()
                    .map(|r| Run {
                        text: r.text.clone(),
                        strong: true,
                    })
                    .collect();
                l.open(LKind::P);
                l.text(x, w, &title, BODY, text_colour);
                l.close();
                for d in &step.detail {
                    l.open(LKind::P);
                    l.text(x, w, d, BODY - 0.5, text_colour);
                    l.close();
                }
                l.close();
                l.close();
                l.y += 3.0;
            }
            l.close();
            l.y += 3.0;
        }
        Part::Checklist { items } => {
            l.open(LKind::L(false));
            for item in items {
                l.ensure(BODY * LEADING);
                l.open(LKind::LI);
                let y = l.y;
                // An empty box to tick, drawn as an artifact.
                l.rule(MARGIN + 2.0, y + 2.0, 8.0, 8.0, primary, false);
                l.open(LKind::LBody);
                let x = MARGIN + 16.0;
                let w = l.width - MARGIN - x;
                l.open(LKind::P);
                l.text(x, w, item, BODY, text_colour);
                l.close();
                l.close();
                l.close();
                l.y += 1.5;
            }
            l.close();
            l.y += 3.0;
        }
        Part::Note { title, paragraphs } => {
            let top = l.y;
            let page = l.pages.len();
            let x = MARGIN + 10.0;
            if !title.is_empty() {
                l.open(LKind::P);
                let run = vec![Run {
                    text: title.clone(),
                    strong: true,
                }];
                let w = l.width - MARGIN - x;
                l.text(x, w, &run, BODY, primary);
                l.close();
            }
            for p in paragraphs {
                l.paragraph(x, p, BODY);
            }
            if l.pages.len() == page {
                let h = l.y - top;
                l.rule(MARGIN, top, 3.0, h, primary, true);
            }
            l.y += 3.0;
        }
        Part::Table { head, rows } => {
            let cols = head
                .len()
                .max(rows.iter().map(Vec::len).max().unwrap_or(0))
                .max(1);
            let cw = l.content_width() / cols as f32;
            l.open(LKind::Table);
            let all = (!head.is_empty())
                .then_some((true, head))
                .into_iter()
                .chain(rows.iter().map(|r| (false, r)));
            for (is_head, row) in all {
                l.ensure(BODY * LEADING + 6.0);
                l.open(LKind::TR);
                let top = l.y;
                let page = l.pages.len();
                let mut bottom = top;
                for c in 0..cols {
                    l.y = top + 3.0;
                    l.open(if is_head { LKind::TH } else { LKind::TD });
                    if let Some(cell) = row.get(c) {
                        let cell: Text = cell
                            .iter()
                            .map(|r| Run {
                                text: r.text.clone(),
                                strong: r.strong || is_head,
                            })
                            .collect();
                        let x = MARGIN + c as f32 * cw + 4.0;
                        l.text(x, cw - 8.0, &cell, BODY - 0.5, text_colour);
                    }
                    l.close();
                    bottom = bottom.max(l.y + 3.0);
                }
                if l.pages.len() == page {
                    for c in 0..cols {
                        let x = MARGIN + c as f32 * cw;
                        l.rule(x, top, cw, bottom - top, primary, false);
                    }
                }
                l.y = bottom;
                l.close();
            }
            l.close();
            l.y += 6.0;
        }
        Part::Decisions { title, points } => {
            if !title.is_empty() {
                l.heading(3, title, 11.0, text_colour);
            }
            for p in points {
                let label = labels.decision.replace("{n}", &p.number.to_string());
                l.ensure(BODY * LEADING * 3.0);
                l.open(LKind::P);
                let run = vec![Run {
                    text: label,
                    strong: true,
                }];
                let w = l.content_width();
                l.text(MARGIN, w, &run, BODY, primary);
                l.close();
                for s in &p.situation {
                    l.paragraph(MARGIN, s, BODY - 0.5);
                }
                l.open(LKind::L(false));
                for o in &p.options {
                    l.open(LKind::LI);
                    l.open(LKind::LBody);
                    let mut text = vec![Run {
                        text: labels.if_you.replace("{choice}", &o.choice),
                        strong: true,
                    }];
                    for t in &o.outcome {
                        text.push(Run {
                            text: " ".into(),
                            strong: false,
                        });
                        text.extend(t.iter().cloned());
                    }
                    let next = match (o.next, &o.ending) {
                        (Some(n), _) => Some(labels.go_to.replace("{n}", &n.to_string())),
                        (None, Some(e)) => Some(labels.ends.replace("{ending}", e)),
                        _ => None,
                    };
                    if let Some(next) = next {
                        text.push(Run {
                            text: format!(" {next}"),
                            strong: true,
                        });
                    }
                    let x = MARGIN + 12.0;
                    let w = l.width - MARGIN - x;
                    let y = l.y;
                    l.rule(MARGIN + 3.0, y + 4.5, 4.0, 4.0, primary, true);
                    l.open(LKind::P);
                    l.text(x, w, &text, BODY - 0.5, text_colour);
                    l.close();
                    l.close();
                    l.close();
                    l.y += 1.5;
                }
                l.close();
                l.y += 3.0;
            }
        }
        Part::Picture {
            asset,
            alt,
            caption,
        } => {
            let Some((image, (iw, ih))) = pictures.get(asset) else {
                return;
            };
            let max_w = l.content_width() * 0.6;
            let max_h = 150.0;
            let scale = (max_w / iw.max(1) as f32)
                .min(max_h / ih.max(1) as f32)
                .min(1.0);
            let (w, h) = (iw as f32 * scale, ih as f32 * scale);
            l.ensure(h + 4.0);
            l.open(LKind::Figure(alt.clone()));
            let leaf = l.leaf();
            let y = l.y;
            l.op(Op::Image {
                x: MARGIN,
                y,
                w,
                h,
                image,
                leaf,
            });
            l.y += h + 3.0;
            if !caption.is_empty() {
                l.open(LKind::Caption);
                let run = vec![Run {
                    text: caption.clone(),
                    strong: false,
                }];
                let cw = l.content_width();
                l.text(MARGIN, cw, &run, BODY - 1.5, text_colour);
                l.close();
            }
            l.close();
            l.y += 5.0;
        }
    }
}
