//! XLIFF 2.0 and 1.2: writing a language for translators and reading a
//! translated file back.
//!
//! Each unit of the course is one XLIFF unit (`<unit>` / `<trans-unit>`)
//! whose id is the unit id. Markdown formatting becomes inline codes
//! ([`crate::markup`]): `<pc>` and `<ph>` with their markup in
//! `<originalData>` in 2.0; `<g>` and `<x>` in 1.2, with the markup in
//! `trellis:` attributes. Notes say where the text appears, its length
//! limit and its purpose. `<file original="trellis-course:<id>">` names the
//! course, so a file for another course is refused.

use std::collections::BTreeMap;
use std::fmt::Write;

use quick_xml::XmlVersion;
use quick_xml::events::{BytesStart, Event};
use trellis_model::{Course, Translation};

use crate::markup::{self, PairKind, Piece};
use crate::{Syntax, Unit, UnitState, unit_state, units};

/// Which XLIFF to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Version {
    V2_0,
    V1_2,
}

impl Version {
    pub fn as_str(self) -> &'static str {
        match self {
            Version::V2_0 => "2.0",
            Version::V1_2 => "1.2",
        }
    }
}

/// The namespace of Trellis's own attributes.
pub const TRELLIS_NS: &str = "urn:trellis:xliff";
const NS_20: &str = "urn:oasis:names:tc:xliff:document:2.0";
const NS_12: &str = "urn:oasis:names:tc:xliff:document:1.2";

/// The value of `original` on `<file>` for a course.
pub fn original_of(course: &Course) -> String {
    format!("trellis-course:{}", course.id)
}

/// What an export wrote.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ExportSummary {
    pub units: usize,
    /// Units written with their current translation as the target.
    pub with_target: usize,
    /// Units left out because they are translated and current (`--changed`).
    pub skipped: usize,
}

/// Why an export was refused.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("`{0}` is not a language tag (e.g. fr, pt-BR)")]
    BadLanguage(String),
    #[error("`{0}` is the course's own language; export into a target language")]
    SourceLanguage(String),
    #[error(
        "{unit} holds a character XML cannot carry (U+{code:04X}); remove it from the course first"
    )]
    BadChar { unit: String, code: u32 },
}

/// Escapes text content.
fn text(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
}

/// Escapes an attribute value, line breaks and tabs included (attribute
/// normalisation would turn them into spaces).
fn attr(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            '\t' => out.push_str("&#9;"),
            c => out.push(c),
        }
    }
    out
}

/// Markup in a `trellis:` attribute of XLIFF 1.2, with line breaks and
/// tabs as `\n`, `\r`, `\t` (and `\` as `\\`): tools that rewrite the
/// file write a character reference back as the character itself, which
/// attribute normalisation then turns into a space.
fn encode(data: &str) -> String {
    let mut out = String::with_capacity(data.len());
    for c in data.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c => out.push(c),
        }
    }
    out
}

fn decode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('r') => out.push('\r'),
            Some('t') => out.push('\t'),
            Some(other) => out.push(other),
            None => out.push('\\'),
        }
    }
    out
}

/// A short, readable form of a code's markup for the translator (`disp`).
fn display(data: &str) -> String {
    let one_line: String = data
        .chars()
        .map(|c| if c == '\n' { '↵' } else { c })
        .collect();
    if one_line.chars().count() > 40 {
        let mut s: String = one_line.chars().take(39).collect();
        s.push('…');
        s
    } else {
        one_line
    }
}

fn pieces_of(u: &Unit) -> Vec<Piece> {
    match u.field.syntax {
        Syntax::Markdown => markup::segment(&u.source),
        Syntax::Plain => vec![Piece::Text(u.source.clone())],
    }
}

fn content_20(out: &mut String, pieces: &[Piece]) {
    for p in pieces {
        match p {
            Piece::Text(t) => text(out, t),
            Piece::Ph { id, data } => {
                let _ = write!(
                    out,
                    "<ph id=\"{id}\" dataRef=\"d{id}\" disp=\"{}\"/>",
                    attr(&display(data))
                );
            }
            Piece::Open { id, kind, .. } => {
                let (ty, sub) = kind.type_2();
                let _ = write!(
                    out,
                    "<pc id=\"{id}\" dataRefStart=\"d{id}\" dataRefEnd=\"d{id}e\" type=\"{ty}\""
                );
                if let Some(sub) = sub {
                    let _ = write!(out, " subType=\"{sub}\"");
                }
                out.push('>');
            }
            Piece::Close { .. } => out.push_str("</pc>"),
        }
    }
}

fn content_12(out: &mut String, pieces: &[Piece], with_data: bool) {
    let closes: BTreeMap<u32, &str> = pieces
        .iter()
        .filter_map(|p| match p {
            Piece::Close { id, data } => Some((*id, data.as_str())),
            _ => None,
        })
        .collect();
    for p in pieces {
        match p {
            Piece::Text(t) => text(out, t),
            Piece::Ph { id, data } => {
                let _ = write!(
                    out,
                    "<x id=\"{id}\" ctype=\"x-markdown\" equiv-text=\"{}\"",
                    attr(&display(data))
                );
                if with_data {
                    let _ = write!(out, " trellis:data=\"{}\"", attr(&encode(data)));
                }
                out.push_str("/>");
            }
            Piece::Open { id, data, kind } => {
                let _ = write!(out, "<g id=\"{id}\" ctype=\"{}\"", kind.ctype());
                if with_data {
                    let _ = write!(
                        out,
                        " trellis:open=\"{}\" trellis:close=\"{}\"",
                        attr(&encode(data)),
                        attr(&encode(closes.get(id).copied().unwrap_or_default()))
                    );
                }
                out.push('>');
            }
            Piece::Close { .. } => out.push_str("</g>"),
        }
    }
}

fn notes(u: &Unit, previous: Option<&str>) -> Vec<(&'static str, String)> {
    let mut n = vec![("location", u.field.context.clone())];
    if let Some((max, why)) = u.field.limit {
        n.push(("limit", format!("At most {max} characters: {why}.")));
    }
    if let Some(purpose) = u.field.purpose {
        n.push(("purpose", purpose.to_owned()));
    }
    if u.field.syntax == Syntax::Markdown {
        n.push((
            "format",
            "Markdown: keep every inline code; move codes with the words they format.".into(),
        ));
    }
    if let Some(p) = previous {
        n.push((
            "previous",
            format!("The source changed since this was translated. Previous translation: {p}"),
        ));
    }
    n
}

/// Writes the course's units for translation into `translation.language`.
/// Units translated from the current source carry their translation as the
/// target; with `changed_only`, only missing and stale units are written.
pub fn export(
    course: &Course,
    translation: &Translation,
    version: Version,
    changed_only: bool,
) -> Result<(String, ExportSummary), ExportError> {
    export_with(
        course,
        translation,
        &ExportOptions {
            version,
            changed_only,
            prefill: false,
        },
    )
}

/// How to write an export.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ExportOptions {
    pub version: Version,
    /// Only units not translated from their current source.
    pub changed_only: bool,
    /// Give each untranslated unit a target that copies its source, marked
    /// not translated yet (`state="new"` in 1.2; the segment stays
    /// `initial` in 2.0): tools such as OmegaT translate the target in
    /// place. On import such a target, still equal to its source, counts as
    /// untranslated.
    pub prefill: bool,
}

/// [`export`] with every option.
pub fn export_with(
    course: &Course,
    translation: &Translation,
    options: &ExportOptions,
) -> Result<(String, ExportSummary), ExportError> {
    let ExportOptions {
        version,
        changed_only,
        prefill,
    } = *options;
    let lang = &translation.language;
    if !trellis_model::is_language_tag(lang) {
        return Err(ExportError::BadLanguage(lang.clone()));
    }
    if lang.eq_ignore_ascii_case(&course.info.language) {
        return Err(ExportError::SourceLanguage(lang.clone()));
    }
    let all = units(course);
    let mut summary = ExportSummary::default();
    let mut body = String::new();
    for u in &all {
        if let Some(c) = u.source.chars().find(|&c| !trellis_model::xml_allows(c)) {
            return Err(ExportError::BadChar {
                unit: u.field.id.clone(),
                code: c as u32,
            });
        }
        let state = unit_state(u, translation);
        if changed_only && state == UnitState::Translated {
            summary.skipped += 1;
            continue;
        }
        summary.units += 1;
        let stored = translation.units.get(&u.field.id);
        let target = stored.filter(|_| state == UnitState::Translated);
        let previous = stored
            .filter(|_| state == UnitState::Stale)
            .map(|t| t.text.as_str());
        if target.is_some() {
            summary.with_target += 1;
        }
        let pieces = pieces_of(u);
        // A target is written in the source's codes: its Markdown is cut the
        // same way, and codes that do not line up are left to the translator.
        let target_pieces = target.map(|t| match u.field.syntax {
            Syntax::Markdown => markup::segment(&t.text),
            Syntax::Plain => vec![Piece::Text(t.text.clone())],
        });
        let target_pieces = target_pieces.filter(|tp| same_codes(&pieces, tp));
        let target = match (&target_pieces, prefill) {
            (Some(t), _) => Some((t.as_slice(), true)),
            (None, true) => Some((pieces.as_slice(), false)),
            (None, false) => None,
        };
        match version {
            Version::V2_0 => unit_20(&mut body, u, &pieces, target, previous),
            Version::V1_2 => unit_12(&mut body, u, &pieces, target, previous),
        }
    }
    let original = attr(&original_of(course));
    let src = attr(&course.info.language);
    let trg = attr(lang);
    let mut out = String::with_capacity(body.len() + 1024);
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    match version {
        Version::V2_0 => {
            let _ = write!(
                out,
                "<xliff xmlns=\"{NS_20}\" xmlns:trellis=\"{TRELLIS_NS}\" version=\"2.0\" srcLang=\"{src}\" trgLang=\"{trg}\">\n<file id=\"f1\" original=\"{original}\">\n<notes>\n<note category=\"course\">{}</note>\n</notes>\n",
                esc(&format!(
                    "Course “{}”, translated with Trellis. Unit ids are entity ids and field paths; do not change them.",
                    course.info.title
                ))
            );
            out.push_str(&body);
            out.push_str("</file>\n</xliff>\n");
        }
        Version::V1_2 => {
            let _ = write!(
                out,
                "<xliff xmlns=\"{NS_12}\" xmlns:trellis=\"{TRELLIS_NS}\" version=\"1.2\">\n<file original=\"{original}\" source-language=\"{src}\" target-language=\"{trg}\" datatype=\"x-trellis-markdown\">\n<header>\n<tool tool-id=\"trellis\" tool-name=\"Trellis\"/>\n<note>{}</note>\n</header>\n<body>\n",
                esc(&format!(
                    "Course “{}”, translated with Trellis. Unit ids are entity ids and field paths; do not change them.",
                    course.info.title
                ))
            );
            out.push_str(&body);
            out.push_str("</body>\n</file>\n</xliff>\n");
        }
    }
    Ok((out, summary))
}

fn esc(s: &str) -> String {
    let mut out = String::new();
    text(&mut out, s);
    out
}

/// Whether two cuts have the same codes (by id and markup).
fn same_codes(a: &[Piece], b: &[Piece]) -> bool {
    markup::code_data(a) == markup::code_data(b)
}

/// `target`: the pieces, and whether they are a translation (or a copy of
/// the source to translate in place).
type Target<'a> = Option<(&'a [Piece], bool)>;

fn unit_20(out: &mut String, u: &Unit, pieces: &[Piece], target: Target, previous: Option<&str>) {
    let _ = writeln!(out, "<unit id=\"{}\">", attr(&u.field.id));
    out.push_str("<notes>\n");
    for (cat, n) in notes(u, previous) {
        let _ = writeln!(out, "<note category=\"{cat}\">{}</note>", esc(&n));
    }
    out.push_str("</notes>\n");
    let data = markup::code_data(pieces);
    if !data.is_empty() {
        out.push_str("<originalData>\n");
        for (id, (open, close)) in &data {
            let _ = writeln!(out, "<data id=\"d{id}\">{}</data>", esc(open));
            if let Some(close) = close {
                let _ = writeln!(out, "<data id=\"d{id}e\">{}</data>", esc(close));
            }
        }
        out.push_str("</originalData>\n");
    }
    let state = if target.is_some_and(|(_, done)| done) {
        "translated"
    } else {
        "initial"
    };
    let _ = write!(
        out,
        "<segment state=\"{state}\">\n<source xml:space=\"preserve\">"
    );
    content_20(out, pieces);
    out.push_str("</source>\n");
    if let Some((t, _)) = target {
        out.push_str("<target xml:space=\"preserve\">");
        content_20(out, t);
        out.push_str("</target>\n");
    }
    out.push_str("</segment>\n</unit>\n");
}

fn unit_12(out: &mut String, u: &Unit, pieces: &[Piece], target: Target, previous: Option<&str>) {
    let _ = write!(
        out,
        "<trans-unit id=\"{}\" xml:space=\"preserve\"",
        attr(&u.field.id)
    );
    if let Some((max, _)) = u.field.limit {
        let _ = write!(out, " maxwidth=\"{max}\" size-unit=\"char\"");
    }
    out.push_str(">\n<source>");
    content_12(out, pieces, true);
    out.push_str("</source>\n");
    if let Some((t, done)) = target {
        let state = if done { "translated" } else { "new" };
        let _ = write!(out, "<target state=\"{state}\">");
        content_12(out, t, false);
        out.push_str("</target>\n");
    }
    for (cat, n) in notes(u, previous) {
        let _ = writeln!(
            out,
            "<note from=\"trellis\" annotates=\"source\">{cat}: {}</note>",
            esc(&n)
        );
    }
    out.push_str("</trans-unit>\n");
}

// ---------------------------------------------------------------- reading

/// The largest XLIFF file read: 64 MiB. A translation of the largest
/// course Trellis makes is a few megabytes.
pub const MAX_FILE_BYTES: usize = 64 * 1024 * 1024;

/// One piece of a unit's source or target as read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum XPiece {
    Text(String),
    Ph {
        id: String,
        data: Option<String>,
    },
    Open {
        id: String,
        data: Option<String>,
        close: Option<String>,
        kind: Option<PairKind>,
    },
    Close {
        id: String,
    },
}

/// A unit as read from a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct XUnit {
    pub id: String,
    /// 1-based line of the unit's start tag.
    pub line: usize,
    pub source: Vec<XPiece>,
    /// The target and the line it starts on; `None` when the unit has none.
    pub target: Option<(Vec<XPiece>, usize)>,
    /// XLIFF 2.0 `<originalData>`: data id → markup.
    pub data: BTreeMap<String, String>,
    /// Whether the file marks the target as not translated yet (`state`
    /// `new` or `needs-translation` on a 1.2 target, `initial` on a 2.0
    /// segment).
    pub target_untranslated: bool,
}

/// A file as read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct XDoc {
    pub version: Version,
    pub original: Option<String>,
    pub source_language: Option<String>,
    pub target_language: Option<String>,
    pub units: Vec<XUnit>,
}

/// Why a file could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {message}")]
pub struct ReadError {
    pub line: usize,
    pub message: String,
}

/// Line numbers of byte positions, for positions that only move forward
/// (the reader's), counted as the reader goes; [`Lines::at`] answers any
/// position (for errors).
struct Lines<'x> {
    xml: &'x [u8],
    pos: usize,
    line: usize,
}

impl<'x> Lines<'x> {
    fn new(s: &'x str) -> Self {
        Self {
            xml: s.as_bytes(),
            pos: 0,
            line: 1,
        }
    }

    /// The line of `pos`, at or after the last position asked.
    fn forward(&mut self, pos: usize) -> usize {
        let pos = pos.min(self.xml.len());
        if pos > self.pos {
            self.line += self.xml[self.pos..pos]
                .iter()
                .filter(|&&b| b == b'\n')
                .count();
            self.pos = pos;
        }
        self.line
    }

    /// The line of any position.
    fn at(&self, pos: usize) -> usize {
        let pos = pos.min(self.xml.len());
        1 + self.xml[..pos].iter().filter(|&&b| b == b'\n').count()
    }
}

fn local(name: &str) -> &[u8] {
    name.rsplit(':').next().unwrap_or(name).as_bytes()
}

/// An element's attributes in file order: elements have a few, so a list
/// is cheaper to build and search than a map.
struct Attrs(Vec<(String, String)>);

impl Attrs {
    fn get(&self, key: &str) -> Option<&String> {
        self.0.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }
}

fn attrs(e: &BytesStart, line: usize) -> Result<Attrs, ReadError> {
    let mut out: Vec<(String, String)> = Vec::new();
    for a in e.attributes() {
        let a = a.map_err(|err| ReadError {
            line,
            message: format!("a broken attribute: {err}"),
        })?;
        let key = a.key.as_ref().to_owned();
        let value = a
            .normalized_value(XmlVersion::Implicit1_0)
            .map_err(|err| ReadError {
                line,
                message: format!("attribute `{key}`: {err}"),
            })?
            .into_owned();
        if out.iter().any(|(k, _)| *k == key) {
            return Err(ReadError {
                line,
                message: format!("attribute `{key}` appears twice"),
            });
        }
        out.push((key, value));
    }
    Ok(Attrs(out))
}

/// The value of a Trellis attribute, whatever prefix the file binds.
fn trellis_attr<'a>(a: &'a Attrs, name: &str) -> Option<&'a str> {
    a.0.iter()
        .find(|(k, _)| {
            k.split_once(':')
                .is_some_and(|(p, n)| n == name && p != "xml")
        })
        .map(|(_, v)| v.as_str())
}

#[derive(PartialEq)]
enum In {
    Nothing,
    Source,
    Target,
    Data(String),
}

/// Reads an XLIFF 2.0 or 1.2 file. A document type declaration (and so any
/// entity definition) is refused, as is a file larger than
/// [`MAX_FILE_BYTES`] or one that ends early; errors carry the line.
pub fn read(xml: &str) -> Result<XDoc, ReadError> {
    if xml.len() > MAX_FILE_BYTES {
        return Err(ReadError {
            line: 1,
            message: format!(
                "the file is {} MB; translation files are refused above {} MB",
                xml.len() / 1_000_000,
                MAX_FILE_BYTES / 1_000_000
            ),
        });
    }
    let mut lines = Lines::new(xml);
    let mut r = quick_xml::Reader::from_str(xml);
    r.config_mut().check_end_names = true;
    let mut doc = XDoc {
        version: Version::V2_0,
        original: None,
        source_language: None,
        target_language: None,
        units: Vec::new(),
    };
    let mut root_seen = false;
    let mut depth = 0usize;
    let mut unit: Option<XUnit> = None;
    let mut into = In::Nothing;
    let mut pieces: Vec<XPiece> = Vec::new();
    let mut piece_line = 0;
    let mut stack: Vec<String> = Vec::new();
    // Inline elements open inside the source or target: whether each is a
    // code we close (`pc`, `g`) or one whose content we keep (`mrk`).
    let mut inline: Vec<Option<String>> = Vec::new();
    // Inside an element whose content is not read, opened at this depth.
    let mut skip: Option<usize> = None;
    loop {
        let pos = r.buffer_position() as usize;
        let line = lines.forward(pos);
        let ev = r.read_event().map_err(|e| {
            let at = r.error_position() as usize;
            let near_end = xml.len().saturating_sub(at) < 256;
            ReadError {
                line: lines.at(at),
                message: if near_end {
                    format!("the file ends early (it may be cut short): {e}")
                } else {
                    format!("the XML is broken: {e}")
                },
            }
        })?;
        let err = |message: String| ReadError { line, message };
        match ev {
            Event::DocType(_) => {
                return Err(err(
                    "the file declares a document type; XLIFF needs none, and entity definitions (which can expand without bound) are refused".into(),
                ));
            }
            Event::Eof => {
                if !stack.is_empty() {
                    return Err(err(format!(
                        "the file ends inside <{}>: it is cut short",
                        stack.last().map(String::as_str).unwrap_or_default()
                    )));
                }
                if !root_seen {
                    return Err(err("the file holds no <xliff> element".into()));
                }
                break;
            }
            Event::Start(ref e) | Event::Empty(ref e) => {
                let empty = matches!(ev, Event::Empty(_));
                let qname = e.name();
                let name: &str = qname.as_ref();
                let l = local(name);
                let a = attrs(e, line)?;
                depth += 1;
                if depth > 64 {
                    return Err(err("elements are nested more than 64 deep".into()));
                }
                if !empty {
                    stack.push(name.to_owned());
                }
                if skip.is_some() {
                    if empty {
                        depth -= 1;
                    }
                    continue;
                }
                if l == b"alt-trans" && !empty {
                    // Suggestions a tool attached (1.2): not the translation.
                    skip = Some(depth);
                    continue;
                }
                if !root_seen {
                    if l != b"xliff" {
                        return Err(err(
                            "this is not an XLIFF file: its root element is not <xliff>".into(),
                        ));
                    }
                    root_seen = true;
                    doc.version = match a.get("version").map(String::as_str) {
                        Some("2.0") | Some("2.1") | Some("2.2") => Version::V2_0,
                        Some("1.2") => Version::V1_2,
                        other => {
                            return Err(err(format!(
                                "XLIFF version {} is not read; Trellis reads 2.0 and 1.2",
                                other.unwrap_or("(none)")
                            )));
                        }
                    };
                    doc.source_language = a.get("srcLang").cloned();
                    doc.target_language = a.get("trgLang").cloned();
                } else if into == In::Source || into == In::Target {
                    inline_start(l, &a, empty, &mut pieces, &mut inline, line, doc.version)?;
                } else {
                    match l {
                        b"file" => {
                            if doc.original.is_some() {
                                return Err(err("the file holds more than one <file>; Trellis writes one per course".into()));
                            }
                            doc.original = Some(a.get("original").cloned().unwrap_or_default());
                            if doc.version == Version::V1_2 {
                                doc.source_language = a.get("source-language").cloned();
                                doc.target_language = a.get("target-language").cloned();
                            }
                        }
                        b"unit" | b"trans-unit" => {
                            if unit.is_some() {
                                return Err(err("a unit inside a unit".into()));
                            }
                            let Some(id) = a.get("id") else {
                                return Err(err("a unit without an id".into()));
                            };
                            unit = Some(XUnit {
                                id: id.clone(),
                                line,
                                source: Vec::new(),
                                target: None,
                                data: BTreeMap::new(),
                                target_untranslated: false,
                            });
                        }
                        b"segment" => {
                            if let Some(u) = unit.as_mut()
                                && a.get("state").is_some_and(|s| s == "initial")
                            {
                                u.target_untranslated = true;
                            }
                        }
                        b"source" | b"target" if unit.is_some() && !empty => {
                            if l == b"target"
                                && let Some(u) = unit.as_mut()
                                && a.get("state")
                                    .is_some_and(|s| s == "new" || s == "needs-translation")
                            {
                                u.target_untranslated = true;
                            }
                            into = if l == b"source" {
                                In::Source
                            } else {
                                In::Target
                            };
                            piece_line = line;
                            pieces.clear();
                        }
                        b"data" if unit.is_some() && !empty => {
                            into = In::Data(a.get("id").cloned().unwrap_or_default());
                            pieces.clear();
                        }
                        _ => {}
                    }
                }
                if empty {
                    depth -= 1;
                }
            }
            Event::End(ref e) => {
                stack.pop();
                if let Some(d) = skip {
                    if depth == d {
                        skip = None;
                    }
                    depth = depth.saturating_sub(1);
                    continue;
                }
                depth = depth.saturating_sub(1);
                let name = e.name().as_ref().to_owned();
                let l = local(&name);
                match (&into, l) {
                    (In::Source, b"source") | (In::Target, b"target") => {
                        let done = std::mem::take(&mut pieces);
                        let Some(u) = unit.as_mut() else {
                            unreachable!()
                        };
                        if into == In::Source {
                            // Segments of one unit follow each other.
                            u.source.extend(done);
                        } else {
                            match &mut u.target {
                                Some(_) if doc.version == Version::V1_2 => {
                                    return Err(err("a unit with two targets".into()));
                                }
                                Some((t, _)) => t.extend(done),
                                None => u.target = Some((done, piece_line)),
                            }
                        }
                        into = In::Nothing;
                    }
                    (In::Source | In::Target, _) => {
                        if let Some(Some(id)) = inline.pop() {
                            pieces.push(XPiece::Close { id });
                        }
                    }
                    (In::Data(id), b"data") => {
                        let text = match pieces.as_slice() {
                            [] => String::new(),
                            [XPiece::Text(t)] => t.clone(),
                            _ => return Err(err("inline codes inside <data>".into())),
                        };
                        let id = id.clone();
                        if let Some(u) = unit.as_mut() {
                            u.data.insert(id, text);
                        }
                        pieces.clear();
                        into = In::Nothing;
                    }
                    (_, b"unit" | b"trans-unit") => {
                        if let Some(u) = unit.take() {
                            doc.units.push(u);
                        }
                    }
                    _ => {}
                }
            }
            Event::Text(_) | Event::CData(_) | Event::GeneralRef(_) if skip.is_some() => {}
            Event::Text(t) => {
                if into != In::Nothing {
                    push_text(&mut pieces, &t.xml10_content());
                }
            }
            Event::CData(t) => {
                if into != In::Nothing {
                    push_text(&mut pieces, &t.xml10_content());
                }
            }
            Event::GeneralRef(g) => {
                let resolved = if g.is_char_ref() {
                    g.resolve_char_ref().ok().flatten().map(String::from)
                } else {
                    let name = g.xml10_content();
                    quick_xml::escape::resolve_predefined_entity(&name).map(String::from)
                };
                let Some(s) = resolved else {
                    return Err(err(format!(
                        "unknown entity `&{};`: only the five XML entities and character references are read",
                        g.xml10_content()
                    )));
                };
                if into != In::Nothing {
                    push_text(&mut pieces, &s);
                }
            }
            Event::Comment(_) | Event::Decl(_) | Event::PI(_) => {}
        }
    }
    Ok(doc)
}

fn push_text(pieces: &mut Vec<XPiece>, s: &str) {
    if let Some(XPiece::Text(t)) = pieces.last_mut() {
        t.push_str(s);
    } else {
        pieces.push(XPiece::Text(s.to_owned()));
    }
}

fn inline_start(
    l: &[u8],
    a: &Attrs,
    empty: bool,
    pieces: &mut Vec<XPiece>,
    inline: &mut Vec<Option<String>>,
    line: usize,
    version: Version,
) -> Result<(), ReadError> {
    let id = || {
        a.get("id").cloned().ok_or(ReadError {
            line,
            message: format!("an inline <{}> without an id", String::from_utf8_lossy(l)),
        })
    };
    match (version, l) {
        (Version::V2_0, b"ph") | (Version::V1_2, b"x") => {
            pieces.push(XPiece::Ph {
                id: id()?,
                data: match version {
                    Version::V2_0 => a.get("dataRef").cloned(),
                    Version::V1_2 => trellis_attr(a, "data").map(decode),
                },
            });
            if !empty {
                inline.push(None);
            }
        }
        (Version::V2_0, b"pc") | (Version::V1_2, b"g") => {
            let id = id()?;
            let (data, close, kind) = match version {
                Version::V2_0 => (
                    a.get("dataRefStart").cloned(),
                    a.get("dataRefEnd").cloned(),
                    a.get("subType")
                        .or(a.get("type"))
                        .and_then(|t| PairKind::from_ctype(t)),
                ),
                Version::V1_2 => (
                    trellis_attr(a, "open").map(decode),
                    trellis_attr(a, "close").map(decode),
                    a.get("ctype").and_then(|t| PairKind::from_ctype(t)),
                ),
            };
            pieces.push(XPiece::Open {
                id: id.clone(),
                data,
                close,
                kind,
            });
            if empty {
                pieces.push(XPiece::Close { id });
            } else {
                inline.push(Some(id));
            }
        }
        (Version::V2_0, b"cp") => {
            let hex = a.get("hex").cloned().unwrap_or_default();
            let c = u32::from_str_radix(&hex, 16)
                .ok()
                .and_then(char::from_u32)
                .ok_or(ReadError {
                    line,
                    message: format!("<cp hex=\"{hex}\"> is not a character"),
                })?;
            push_text(pieces, &c.to_string());
        }
        // Annotations (terms, comments a tool added) keep their content.
        (_, b"mrk") | (Version::V2_0, b"sm" | b"em") => {
            if !empty {
                inline.push(None);
            }
        }
        (_, other) => {
            return Err(ReadError {
                line,
                message: format!(
                    "inline code <{}> is not one Trellis writes; keep the codes of the source as they are",
                    String::from_utf8_lossy(other)
                ),
            });
        }
    }
    Ok(())
}
