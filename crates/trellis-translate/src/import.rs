//! Reading a translated XLIFF file into a course's translation, all or
//! nothing.

use std::collections::{BTreeMap, HashMap};

use trellis_model::{Course, TranslatedUnit, Translation};

use crate::markup::{self, Piece};
use crate::xliff::{self, Version, XDoc, XPiece, XUnit};
use crate::{Syntax, Unit, source_hash, unit_hashes};

/// What became of one unit of the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Translated for the first time.
    New,
    /// A different translation replaced the one the course had.
    Updated,
    /// The same translation the course had.
    Unchanged,
    /// Translated from a source text that has changed since the export:
    /// kept as a stale translation unless the course has a current one.
    Stale,
    /// The course no longer has this unit; nothing stored.
    Orphaned,
    /// The file has no translation for it; nothing changed.
    Untranslated,
}

impl Outcome {
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::New => "new",
            Outcome::Updated => "updated",
            Outcome::Unchanged => "unchanged",
            Outcome::Stale => "stale",
            Outcome::Orphaned => "orphaned",
            Outcome::Untranslated => "untranslated",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnitReport {
    pub id: String,
    pub line: usize,
    pub outcome: Outcome,
    /// What was repaired, when the target needed it.
    pub repaired: Option<String>,
}

/// A successful import: the language's new translation and what happened to
/// each unit of the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Imported {
    pub translation: Translation,
    pub units: Vec<UnitReport>,
    pub version: Version,
}

impl Imported {
    pub fn count(&self, outcome: Outcome) -> usize {
        self.units.iter().filter(|u| u.outcome == outcome).count()
    }

    /// Whether the import changes what the course file holds.
    pub fn changes(&self) -> bool {
        self.units
            .iter()
            .any(|u| matches!(u.outcome, Outcome::New | Outcome::Updated | Outcome::Stale))
    }
}

/// One problem of a refused file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub line: usize,
    pub message: String,
}

/// Why a file was refused: every problem found, by line.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", self.problems.iter().map(|p| format!("line {}: {}", p.line, p.message)).collect::<Vec<_>>().join("\n"))]
pub struct ImportError {
    pub problems: Vec<Problem>,
}

impl From<xliff::ReadError> for ImportError {
    fn from(e: xliff::ReadError) -> Self {
        Self {
            problems: vec![Problem {
                line: e.line,
                message: e.message,
            }],
        }
    }
}

/// A code of a unit's source, by its id in the file.
#[derive(Debug, Clone)]
enum Code {
    Ph(String),
    Pair(String, String, markup::PairKind),
}

/// Imports `xml`, a translated XLIFF file, into `existing`: the course's
/// translation into the file's target language (empty when the language is
/// new). Nothing is returned but errors unless every unit is sound.
pub fn import(
    course: &Course,
    existing: Option<&Translation>,
    xml: &str,
) -> Result<Imported, ImportError> {
    let doc = xliff::read(xml)?;
    let mut problems = Vec::new();
    let language = check_header(course, &doc, &mut problems);
    let Some(language) = language else {
        return Err(ImportError { problems });
    };
    let mut translation = existing
        .filter(|t| t.language == language)
        .cloned()
        .unwrap_or_else(|| Translation::new(&language));
    let current: HashMap<String, Unit> = unit_hashes(course)
        .into_iter()
        .map(|u| (u.field.id.clone(), u))
        .collect();
    let mut seen: HashMap<&str, usize> = HashMap::new();
    let mut reports = Vec::new();
    for xu in &doc.units {
        if let Some(first) = seen.insert(&xu.id, xu.line) {
            problems.push(Problem {
                line: xu.line,
                message: format!(
                    "unit `{}` appears twice (first on line {first}); each unit is translated once",
                    xu.id
                ),
            });
            continue;
        }
        match unit(xu, &current, doc.version) {
            Err(message) => problems.push(Problem {
                line: message.0,
                message: format!("unit `{}`: {}", xu.id, message.1),
            }),
            Ok(None) => reports.push(UnitReport {
                id: xu.id.clone(),
                line: xu.line,
                outcome: if current.contains_key(&xu.id) {
                    Outcome::Untranslated
                } else {
                    Outcome::Orphaned
                },
                repaired: None,
            }),
            Ok(Some(done)) => {
                let cur = &current[&xu.id];
                let stored = translation.units.get(&xu.id);
                let outcome = if done.hash != cur.hash {
                    Outcome::Stale
                } else {
                    match stored {
                        None => Outcome::New,
                        Some(s) if s.text == done.text && s.source_hash == done.hash => {
                            Outcome::Unchanged
                        }
                        Some(_) => Outcome::Updated,
                    }
                };
                let keep_current =
                    outcome == Outcome::Stale && stored.is_some_and(|s| s.source_hash == cur.hash);
                if !keep_current {
                    translation.units.insert(
                        xu.id.clone(),
                        TranslatedUnit {
                            source_hash: done.hash,
                            text: done.text,
                        },
                    );
                }
                reports.push(UnitReport {
                    id: xu.id.clone(),
                    line: xu.line,
                    outcome,
                    repaired: done.repaired,
                });
            }
        }
    }
    if !problems.is_empty() {
        problems.sort_by_key(|p| p.line);
        return Err(ImportError { problems });
    }
    Ok(Imported {
        translation,
        units: reports,
        version: doc.version,
    })
}

fn check_header(course: &Course, doc: &XDoc, problems: &mut Vec<Problem>) -> Option<String> {
    let mut p = |message: String| problems.push(Problem { line: 1, message });
    let expected = xliff::original_of(course);
    match doc.original.as_deref() {
        None => p("the file holds no <file> element".into()),
        Some(o) if o == expected => {}
        Some(o) if o.starts_with("trellis-course:") => p(format!(
            "this file is for another course ({}); this course is {}",
            &o["trellis-course:".len()..],
            course.id
        )),
        Some(o) => p(format!(
            "this file was not exported from this course by Trellis (its <file original=\"{o}\">); export the course with `trellis translate export`"
        )),
    }
    if let Some(src) = &doc.source_language
        && !src.eq_ignore_ascii_case(&course.info.language)
    {
        p(format!(
            "the file translates from `{src}` but the course is written in `{}`",
            course.info.language
        ));
    }
    let lang = match doc.target_language.as_deref() {
        None | Some("") => {
            p("the file names no target language (trgLang / target-language)".into());
            return None;
        }
        Some(l) => l.to_owned(),
    };
    if !trellis_model::is_language_tag(&lang) {
        p(format!(
            "the target language `{lang}` is not a language tag"
        ));
        return None;
    }
    if lang.eq_ignore_ascii_case(&course.info.language) {
        p(format!(
            "the target language `{lang}` is the course's own language"
        ));
        return None;
    }
    problems.is_empty().then_some(lang)
}

struct Done {
    hash: String,
    text: String,
    repaired: Option<String>,
}

type UnitResult = Result<Option<Done>, (usize, String)>;

fn unit(xu: &XUnit, current: &HashMap<String, Unit>, version: Version) -> UnitResult {
    let Some(cur) = current.get(&xu.id) else {
        return Ok(None);
    };
    let at = |m: String| (xu.line, m);
    // The codes of the file's source, with their markup.
    let mut codes: BTreeMap<String, Code> = BTreeMap::new();
    let mut numbers: BTreeMap<String, u32> = BTreeMap::new();
    let mut number = |id: &str| {
        let next = numbers.len() as u32 + 1;
        *numbers.entry(id.to_owned()).or_insert(next)
    };
    let mut source = Vec::new();
    for p in &xu.source {
        match p {
            XPiece::Text(t) => source.push(Piece::Text(t.clone())),
            XPiece::Ph { id, data } => {
                let data = resolve(xu, version, data.as_deref()).ok_or_else(|| {
                    at(format!(
                        "inline code {id} of the source has lost its markup"
                    ))
                })?;
                codes.insert(id.clone(), Code::Ph(data.clone()));
                source.push(Piece::Ph {
                    id: number(id),
                    data,
                });
            }
            XPiece::Open {
                id,
                data,
                close,
                kind,
            } => {
                let open = resolve(xu, version, data.as_deref());
                let close = resolve(xu, version, close.as_deref());
                let (Some(open), Some(close)) = (open, close) else {
                    return Err(at(format!(
                        "inline code {id} of the source has lost its markup"
                    )));
                };
                let kind = kind.unwrap_or(markup::PairKind::Bold);
                codes.insert(id.clone(), Code::Pair(open.clone(), close.clone(), kind));
                source.push(Piece::Open {
                    id: number(id),
                    data: open,
                    kind,
                });
            }
            XPiece::Close { id } => {
                if let Some(Code::Pair(_, close, _)) = codes.get(id) {
                    source.push(Piece::Close {
                        id: number(id),
                        data: close.clone(),
                    });
                }
            }
        }
    }
    let old_source = markup::join(&source);
    if cur.field.syntax == Syntax::Plain && !codes.is_empty() {
        return Err(at(
            "the source of a plain-text unit holds inline codes".into()
        ));
    }
    let Some((target, tline)) = &xu.target else {
        return Ok(None);
    };
    let tat = |m: String| (*tline, m);
    if target
        .iter()
        .all(|p| matches!(p, XPiece::Text(t) if t.trim().is_empty()))
    {
        return Ok(None);
    }
    // A copy of the source a tool left as it was (see `prefill`).
    if xu.target_untranslated && same_content(target, &xu.source) {
        return Ok(None);
    }
    // The target in the source's codes.
    let mut used: BTreeMap<&str, usize> = BTreeMap::new();
    let mut pieces = Vec::new();
    for p in target {
        match p {
            XPiece::Text(t) => pieces.push(Piece::Text(t.clone())),
            XPiece::Ph { id, .. } => match codes.get(id) {
                Some(Code::Ph(d)) => {
                    *used.entry(id).or_default() += 1;
                    pieces.push(Piece::Ph {
                        id: number(id),
                        data: d.clone(),
                    });
                }
                _ => {
                    return Err(tat(format!(
                        "the translation has inline code {id}, which the source does not have"
                    )));
                }
            },
            XPiece::Open { id, .. } => match codes.get(id) {
                Some(Code::Pair(o, _, kind)) => {
                    *used.entry(id).or_default() += 1;
                    pieces.push(Piece::Open {
                        id: number(id),
                        data: o.clone(),
                        kind: *kind,
                    });
                }
                _ => {
                    return Err(tat(format!(
                        "the translation has inline code {id}, which the source does not have"
                    )));
                }
            },
            XPiece::Close { id } => {
                if let Some(Code::Pair(_, c, _)) = codes.get(id) {
                    pieces.push(Piece::Close {
                        id: number(id),
                        data: c.clone(),
                    });
                }
            }
        }
    }
    for (id, code) in &codes {
        let shown = match code {
            Code::Ph(d) => d.clone(),
            Code::Pair(o, c, _) => format!("{o}…{c}"),
        };
        match used.get(id.as_str()) {
            None => {
                return Err(tat(format!(
                    "the translation lacks inline code {id} ({}): put it back where it belongs",
                    shown.escape_debug()
                )));
            }
            Some(n) if *n > 1 => {
                return Err(tat(format!(
                    "inline code {id} ({}) appears {n} times in the translation",
                    shown.escape_debug()
                )));
            }
            _ => {}
        }
    }
    // Codes that carry block structure (paragraph breaks, list markers)
    // keep their order.
    let structural = |ps: &[XPiece]| -> Vec<String> {
        ps.iter()
            .filter_map(|p| match p {
                XPiece::Ph { id, .. } => match codes.get(id) {
                    Some(Code::Ph(d)) if markup::is_structural(d) => Some(id.clone()),
                    _ => None,
                },
                _ => None,
            })
            .collect()
    };
    if structural(&xu.source) != structural(target) {
        return Err(tat(
            "the translation moves paragraph or list breaks (inline codes holding line breaks) out of their order; keep them in the source's order".into(),
        ));
    }
    let text = markup::join(&pieces);
    let mut repaired = None;
    let text = if cur.field.syntax == Syntax::Markdown && !same_markup(&source, &text) {
        let escaped: Vec<Piece> = pieces
            .iter()
            .map(|p| match p {
                Piece::Text(t) => Piece::Text(markup::escape_text(t)),
                other => other.clone(),
            })
            .collect();
        let fixed = markup::join(&escaped);
        if same_markup(&source, &fixed) {
            repaired = Some("characters Markdown reads as formatting were escaped".into());
            fixed
        } else {
            // Emphasis markers only count beside the right characters (a
            // `**` after a colon and before a letter closes nothing), which
            // translations, CJK ones above all, often break: the same
            // formatting as HTML tags does not depend on its neighbours.
            let (html_source, html_target) = (as_html(&source), as_html(&escaped));
            let fixed = markup::join(&html_target);
            if !same_markup(&html_source, &fixed) {
                return Err(tat(format!(
                    "the translation does not keep the source's formatting once read as Markdown: {}",
                    text.escape_debug()
                )));
            }
            repaired = Some("bold, italic or struck-through text written as HTML tags, which Markdown reads wherever they stand".into());
            fixed
        }
    } else {
        text
    };
    Ok(Some(Done {
        hash: source_hash(&old_source),
        text,
        repaired,
    }))
}

/// Whether two contents hold the same text and codes (by id).
fn same_content(a: &[XPiece], b: &[XPiece]) -> bool {
    let key = |p: &XPiece| match p {
        XPiece::Text(t) => format!("t{t}"),
        XPiece::Ph { id, .. } => format!("p{id}"),
        XPiece::Open { id, .. } => format!("o{id}"),
        XPiece::Close { id } => format!("c{id}"),
    };
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| key(x) == key(y))
}

fn resolve(xu: &XUnit, version: Version, data: Option<&str>) -> Option<String> {
    let data = data?;
    match version {
        Version::V2_0 => xu.data.get(data).cloned(),
        Version::V1_2 => Some(data.to_owned()),
    }
}

/// Bold, italic and strike-through pairs as HTML tags (standalone codes).
fn as_html(pieces: &[Piece]) -> Vec<Piece> {
    use markup::PairKind;
    let mut kinds = BTreeMap::new();
    pieces
        .iter()
        .map(|p| match p {
            Piece::Open { id, kind, .. } => {
                kinds.insert(*id, *kind);
                match kind {
                    PairKind::Bold => Piece::Ph {
                        id: *id,
                        data: "<strong>".into(),
                    },
                    PairKind::Italic => Piece::Ph {
                        id: *id,
                        data: "<em>".into(),
                    },
                    PairKind::Strike => Piece::Ph {
                        id: *id,
                        data: "<del>".into(),
                    },
                    _ => p.clone(),
                }
            }
            Piece::Close { id, .. } => {
                let close = |tag: &str| Piece::Ph {
                    id: id + 10_000,
                    data: format!("</{tag}>"),
                };
                match kinds.get(id) {
                    Some(PairKind::Bold) => close("strong"),
                    Some(PairKind::Italic) => close("em"),
                    Some(PairKind::Strike) => close("del"),
                    _ => p.clone(),
                }
            }
            other => other.clone(),
        })
        .collect()
}

/// Whether `text`, read as Markdown, has exactly the markup of `source`'s
/// codes (in any order: words and their formatting move in translation).
fn same_markup(source: &[Piece], text: &str) -> bool {
    fn bag(pieces: &[Piece]) -> Vec<String> {
        let mut v: Vec<String> = markup::code_data(pieces)
            .into_values()
            .map(|(o, c)| format!("{o}\u{0}{}", c.unwrap_or_default()))
            .collect();
        v.sort();
        v
    }
    // One line starting with a letter is one paragraph, whatever follows
    // (every block construct needs another first character or a second
    // line): two such texts have the same shape without parsing them again.
    let one_paragraph =
        |s: &str| !s.contains('\n') && s.chars().next().is_some_and(char::is_alphabetic);
    let source_text = markup::join(source);
    let (pieces, shape) = markup::segment_and_shape(text);
    bag(source) == bag(&pieces)
        && ((one_paragraph(&source_text) && one_paragraph(text))
            || markup::block_shape(&source_text) == shape)
}
