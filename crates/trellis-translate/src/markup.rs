//! Markdown as translatable text and inline codes.
//!
//! [`segment`] cuts a Markdown field into pieces: text a translator
//! translates, and codes that stand for the markup around it. Paired inline
//! formatting (bold, italic, strike-through, links, images) becomes an open
//! and a close code around its text (`<pc>` in XLIFF 2.0, `<g>` in 1.2);
//! everything else (paragraph breaks, list markers, headings' `#`, inline
//! code, HTML, line breaks) becomes a standalone code (`<ph>`, `<x>`). The
//! pieces always join back to the exact source ([`join`]), so a target equal
//! to its source gives back the same bytes.

use std::collections::BTreeMap;
use std::ops::Range;

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

/// One piece of a segmented field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece {
    Text(String),
    /// Standalone markup.
    Ph {
        id: u32,
        data: String,
    },
    /// The opening markup of a pair (`**`, `[`).
    Open {
        id: u32,
        data: String,
        kind: PairKind,
    },
    /// The closing markup of the pair with the same id (`**`, `](url)`).
    Close {
        id: u32,
        data: String,
    },
}

/// What a pair of codes formats, for the `type`/`ctype` of the XLIFF codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PairKind {
    Bold,
    Italic,
    Strike,
    Link,
    Image,
}

impl PairKind {
    /// XLIFF 1.2 `ctype`.
    pub fn ctype(self) -> &'static str {
        match self {
            PairKind::Bold => "bold",
            PairKind::Italic => "italic",
            PairKind::Strike => "x-strike",
            PairKind::Link => "link",
            PairKind::Image => "image",
        }
    }

    /// XLIFF 2.0 `type` and `subType`.
    pub fn type_2(self) -> (&'static str, Option<&'static str>) {
        match self {
            PairKind::Bold => ("fmt", Some("xlf:b")),
            PairKind::Italic => ("fmt", Some("xlf:i")),
            PairKind::Strike => ("fmt", Some("xlf:s")),
            PairKind::Link => ("link", None),
            PairKind::Image => ("image", None),
        }
    }

    pub fn from_ctype(s: &str) -> Option<Self> {
        Some(match s {
            "bold" | "xlf:b" => PairKind::Bold,
            "italic" | "xlf:i" => PairKind::Italic,
            "x-strike" | "xlf:s" => PairKind::Strike,
            "link" => PairKind::Link,
            "image" => PairKind::Image,
            _ => return None,
        })
    }
}

fn pair_kind(tag: &Tag) -> Option<PairKind> {
    Some(match tag {
        Tag::Emphasis => PairKind::Italic,
        Tag::Strong => PairKind::Bold,
        Tag::Strikethrough => PairKind::Strike,
        Tag::Link { .. } => PairKind::Link,
        Tag::Image { .. } => PairKind::Image,
        _ => return None,
    })
}

fn is_pair_end(tag: &TagEnd) -> bool {
    matches!(
        tag,
        TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough | TagEnd::Link | TagEnd::Image
    )
}

/// The Markdown options the player renders with.
pub(crate) fn options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH
}

struct Builder<'s> {
    src: &'s str,
    pos: usize,
    next_id: u32,
    out: Vec<Piece>,
}

impl Builder<'_> {
    fn ph(&mut self, to: usize) {
        if to > self.pos {
            self.next_id += 1;
            self.out.push(Piece::Ph {
                id: self.next_id,
                data: self.src[self.pos..to].to_owned(),
            });
            self.pos = to;
        }
    }

    fn text(&mut self, r: Range<usize>) {
        self.ph(r.start);
        let t = &self.src[r.start..r.end.max(r.start)];
        if let Some(Piece::Text(prev)) = self.out.last_mut() {
            prev.push_str(t);
        } else if !t.is_empty() {
            self.out.push(Piece::Text(t.to_owned()));
        }
        self.pos = self.pos.max(r.end);
    }
}

/// Cuts `md` into text and codes. `join(&segment(md)) == md` for every
/// input; a field with no markup at all is one text piece.
pub fn segment(md: &str) -> Vec<Piece> {
    let events: Vec<(Event, Range<usize>)> =
        Parser::new_ext(md, options()).into_offset_iter().collect();
    segment_events(md, &events)
}

/// [`segment`] and [`block_shape`] of `md` from one Markdown parse.
pub fn segment_and_shape(md: &str) -> (Vec<Piece>, Vec<Shape>) {
    let events: Vec<(Event, Range<usize>)> =
        Parser::new_ext(md, options()).into_offset_iter().collect();
    let shape = shape_of(events.iter().map(|(e, _)| e));
    (segment_events(md, &events), shape)
}

fn segment_events(md: &str, events: &[(Event, Range<usize>)]) -> Vec<Piece> {
    let mut b = Builder {
        src: md,
        pos: 0,
        next_id: 0,
        out: Vec::new(),
    };
    // Open pairs: (code id, the end of the element's range).
    let mut open: Vec<(u32, usize)> = Vec::new();
    // Inside a code block, HTML block or table cell that we keep whole.
    let mut whole_until: Option<(usize, usize)> = None;
    for (i, (event, range)) in events.iter().enumerate() {
        if let Some((start, end)) = whole_until {
            if range.start >= start && range.end <= end {
                continue;
            }
            whole_until = None;
        }
        match event {
            Event::Start(tag) => {
                if matches!(
                    tag,
                    Tag::CodeBlock(_) | Tag::HtmlBlock | Tag::MetadataBlock(_)
                ) {
                    b.ph(range.start.max(b.pos));
                    b.ph(range.end);
                    whole_until = Some((range.start, range.end));
                    continue;
                }
                let Some(kind) = pair_kind(tag) else {
                    continue;
                };
                // The opening markup runs to where the first child starts.
                let inner = events
                    .get(i + 1)
                    .filter(|(e, _)| !matches!(e, Event::End(_)))
                    .map(|(_, r)| r.start)
                    .filter(|&s| s > range.start && s <= range.end);
                let Some(inner) = inner.filter(|_| range.start >= b.pos) else {
                    // An empty link or image (`[](x)`): all markup.
                    b.ph(range.start.max(b.pos));
                    b.ph(range.end);
                    whole_until = Some((range.start, range.end));
                    continue;
                };
                b.ph(range.start);
                b.next_id += 1;
                let id = b.next_id;
                b.out.push(Piece::Open {
                    id,
                    data: md[range.start..inner].to_owned(),
                    kind,
                });
                b.pos = inner;
                open.push((id, range.end));
            }
            Event::End(tag) if is_pair_end(tag) => {
                if let Some((id, end)) = open.pop() {
                    let end = end.max(b.pos);
                    b.out.push(Piece::Close {
                        id,
                        data: md[b.pos..end].to_owned(),
                    });
                    b.pos = end;
                }
            }
            Event::End(_) => {}
            Event::Text(_) => {
                if range.start >= b.pos {
                    b.text(range.clone());
                }
            }
            _ => {
                // Inline code, HTML, breaks, rules, task markers, footnotes.
                if range.start >= b.pos {
                    b.ph(range.start);
                    b.ph(range.end);
                }
            }
        }
    }
    b.ph(md.len());
    fold_escapes(b.out)
}

/// A backslash escape (`\*`) reads as markup between two texts; it belongs
/// to the text.
fn fold_escapes(pieces: Vec<Piece>) -> Vec<Piece> {
    let mut out: Vec<Piece> = Vec::with_capacity(pieces.len());
    let mut it = pieces.into_iter().peekable();
    while let Some(p) = it.next() {
        if let Piece::Ph { data, .. } = &p
            && data == "\\"
            && matches!(out.last(), Some(Piece::Text(_)))
            && matches!(it.peek(), Some(Piece::Text(_)))
        {
            let Some(Piece::Text(next)) = it.next() else {
                unreachable!()
            };
            if let Some(Piece::Text(prev)) = out.last_mut() {
                prev.push('\\');
                prev.push_str(&next);
            }
            continue;
        }
        if let (Piece::Text(t), Some(Piece::Text(prev))) = (&p, out.last_mut()) {
            prev.push_str(t);
            continue;
        }
        out.push(p);
    }
    out
}

/// The text the pieces stand for.
pub fn join(pieces: &[Piece]) -> String {
    let mut out = String::new();
    for p in pieces {
        match p {
            Piece::Text(t) => out.push_str(t),
            Piece::Ph { data, .. } | Piece::Open { data, .. } | Piece::Close { data, .. } => {
                out.push_str(data)
            }
        }
    }
    out
}

/// One step of a text's block structure: a block opening or closing, by
/// its kind (a heading's level, a list's start number, a link's target are
/// not structure).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    Start(std::mem::Discriminant<Tag<'static>>),
    End(std::mem::Discriminant<TagEnd>),
}

/// The block structure of `md`: its paragraphs, lists, items, headings,
/// quotes and tables, in order. A translation must keep it.
pub fn block_shape(md: &str) -> Vec<Shape> {
    shape_of(Parser::new_ext(md, options()).collect::<Vec<_>>().iter())
}

fn shape_of<'e, 'a: 'e>(events: impl Iterator<Item = &'e Event<'a>>) -> Vec<Shape> {
    events
        .filter_map(|e| match e {
            Event::Start(t) if pair_kind(t).is_none() => Some(Shape::Start(
                std::mem::discriminant(&t.clone().into_static()),
            )),
            Event::End(t) if !is_pair_end(t) => Some(Shape::End(std::mem::discriminant(t))),
            _ => None,
        })
        .collect()
}

/// A standalone code that carries block structure (a paragraph break, a
/// list marker, a heading's `#`): it must stay where it is relative to the
/// others.
pub fn is_structural(data: &str) -> bool {
    data.contains('\n')
}

/// The codes of `pieces` by id: (open or standalone data, close data).
pub fn code_data(pieces: &[Piece]) -> BTreeMap<u32, (String, Option<String>)> {
    let mut out: BTreeMap<u32, (String, Option<String>)> = BTreeMap::new();
    for p in pieces {
        match p {
            Piece::Ph { id, data } | Piece::Open { id, data, .. } => {
                out.entry(*id).or_default().0 = data.clone();
            }
            Piece::Close { id, data } => {
                out.entry(*id).or_default().1 = Some(data.clone());
            }
            Piece::Text(_) => {}
        }
    }
    out
}

/// Characters that could start markup inside a translated text piece.
pub(crate) fn escape_text(t: &str) -> String {
    let mut out = String::with_capacity(t.len());
    for c in t.chars() {
        if matches!(
            c,
            '\\' | '*' | '_' | '`' | '[' | ']' | '<' | '>' | '~' | '#' | '|' | '!'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(md: &str) -> Vec<String> {
        segment(md)
            .iter()
            .map(|p| match p {
                Piece::Text(t) => format!("T({t})"),
                Piece::Ph { data, .. } => format!("P({data})"),
                Piece::Open { data, .. } => format!("O({data})"),
                Piece::Close { data, .. } => format!("C({data})"),
            })
            .collect()
    }

    #[test]
    fn inline_formatting_becomes_pairs() {
        assert_eq!(codes("Plain text."), ["T(Plain text.)"]);
        assert_eq!(
            codes("Say **no** to [phishing](https://x.test/a_b) now."),
            [
                "T(Say )",
                "O(**)",
                "T(no)",
                "C(**)",
                "T( to )",
                "O([)",
                "T(phishing)",
                "C(](https://x.test/a_b))",
                "T( now.)"
            ]
        );
        assert_eq!(
            codes("***both*** and `code`"),
            [
                "O(*)",
                "O(**)",
                "T(both)",
                "C(**)",
                "C(*)",
                "T( and )",
                "P(`code`)"
            ]
        );
    }

    #[test]
    fn block_markup_becomes_standalone_codes() {
        assert_eq!(
            codes("# Title\n\n- one\n- two\n"),
            [
                "P(# )",
                "T(Title)",
                "P(\n\n- )",
                "T(one)",
                "P(\n- )",
                "T(two)",
                "P(\n)"
            ]
        );
        assert_eq!(
            codes("Before\n\n```\nlet x = 1;\n```\nAfter"),
            [
                "T(Before)",
                "P(\n\n)",
                "P(```\nlet x = 1;\n```)",
                "P(\n)",
                "T(After)"
            ]
        );
    }

    #[test]
    fn escapes_stay_in_the_text() {
        assert_eq!(codes(r"2 \* 3"), [r"T(2 \* 3)"]);
    }

    #[test]
    fn pieces_join_back_to_the_source() {
        for md in [
            "",
            "a",
            "  indented\n\n    code block\n",
            "| a | b |\n|---|---|\n| *c* | d |\n",
            "![alt *text*](img.png \"t\") and [](empty)",
            "<b>html</b> &amp; entities &copy;\n\n<div>\nblock\n</div>\n",
            "1. one\n2. two\n   - nested **bold\n   continued**\n",
            "line one  \nline two\\\nthree",
            "> quote\n> more\n\n---\n\n~~gone~~ [^1]\n\n[^1]: note",
            "[link](<url with space>) [ref][x]\n\n[x]: http://x.test",
            "trailing \\",
        ] {
            assert_eq!(join(&segment(md)), md, "{md:?}");
        }
    }
}
