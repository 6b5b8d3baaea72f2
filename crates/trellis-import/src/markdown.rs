//! Markdown documents (CommonMark with GitHub's tables): `#` headings start
//! modules (the only one, when it comes first, also titles the course), `##`
//! headings lessons, deeper headings become heading blocks, and
//! the text between headings becomes text blocks, its Markdown kept exactly
//! as written. A paragraph that is only an image (`![description](file)`)
//! becomes an image block, the file (relative to the document) an asset;
//! images inside running text stay references (the design check names any
//! the course does not carry).

use std::path::Path;

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use trellis_model::BlockContent;

use crate::SourceError;
use crate::build::{Builder, Role};

/// A paragraph being read: its range, the image it holds (address and
/// description), whether anything else is in it, whether inside the image.
type Para = (std::ops::Range<usize>, Option<(String, String)>, bool, bool);

/// Where the text between headings breaks: a heading, or a paragraph that
/// is only an image.
enum Break {
    Heading(HeadingLevel, String),
    Image { url: String, alt: String },
}

/// The line (1-based) of byte `offset` in `text`.
fn line_of(text: &str, offset: usize) -> usize {
    text[..offset].bytes().filter(|b| *b == b'\n').count() + 1
}

/// Reads `text`; `base` is the folder of the file, where its images are
/// (without one, image paragraphs stay text).
pub(crate) fn read_in(text: &str, b: &mut Builder, base: Option<&Path>) -> Result<(), SourceError> {
    // Headings and their byte ranges, outside code blocks and the like.
    let mut headings: Vec<(HeadingLevel, std::ops::Range<usize>, String)> = Vec::new();
    let mut current: Option<(HeadingLevel, std::ops::Range<usize>, String)> = None;
    let mut breaks: Vec<(std::ops::Range<usize>, Break)> = Vec::new();
    // A paragraph being read: its range, the image it holds, and whether
    // anything else is in it.
    let mut paragraph: Option<Para> = None;
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    for (event, range) in Parser::new_ext(text, options).into_offset_iter() {
        if let Some((_, image, other, in_image)) = paragraph.as_mut() {
            match &event {
                Event::Start(Tag::Image { dest_url, .. }) if image.is_none() && !*other => {
                    *image = Some((dest_url.to_string(), String::new()));
                    *in_image = true;
                }
                Event::End(TagEnd::Image) => *in_image = false,
                Event::Text(t) | Event::Code(t) if *in_image => {
                    if let Some((_, alt)) = image.as_mut() {
                        alt.push_str(t);
                    }
                }
                Event::End(TagEnd::Paragraph) => {}
                Event::SoftBreak | Event::HardBreak if !*in_image => {}
                Event::Text(t) if !*in_image && t.trim().is_empty() => {}
                _ if *in_image => {}
                _ => *other = true,
            }
        }
        match event {
            Event::Start(Tag::Paragraph) => paragraph = Some((range, None, false, false)),
            Event::End(TagEnd::Paragraph) => {
                if let Some((range, Some((url, alt)), false, _)) = paragraph.take()
                    && !url.contains("://")
                    && !url.starts_with('/')
                    && !url.starts_with("data:")
                    && base.is_some()
                {
                    breaks.push((range, Break::Image { url, alt }));
                }
            }
            Event::Start(Tag::Heading { level, .. }) => {
                current = Some((level, range, String::new()))
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some((_, _, title)) = current.as_mut() {
                    title.push_str(&t);
                }
            }
            Event::End(TagEnd::Heading(_)) => headings.extend(current.take()),
            Event::Html(_) | Event::InlineHtml(_) if current.is_none() => {
                b.skip(
                    line_of(text, range.start),
                    "HTML in the document was kept as written; the learner sees it as text",
                );
            }
            _ => {}
        }
    }
    // A document with one `#` heading, its first: that is its title.
    let h1 = headings.iter().filter(|h| h.0 == HeadingLevel::H1).count();
    if h1 == 1 && headings.first().is_some_and(|h| h.0 == HeadingLevel::H1) {
        b.title(&headings[0].2);
    }
    let text_block = |b: &mut Builder, from: usize, to: usize, lesson: &str| {
        let md = text[from..to].trim();
        if !md.is_empty() {
            let line = line_of(
                text,
                from + (text[from..to].len() - text[from..to].trim_start().len()),
            );
            b.block(
                line,
                lesson,
                "text",
                BlockContent::Text {
                    markdown: md.to_owned(),
                },
                "text",
            );
        }
    };
    breaks.extend(
        headings
            .into_iter()
            .map(|(level, range, title)| (range, Break::Heading(level, title))),
    );
    breaks.sort_by_key(|(range, _)| range.start);
    let mut at = 0;
    let mut lesson = "Introduction".to_owned();
    for (range, brk) in &breaks {
        text_block(b, at, range.start, &lesson);
        at = range.end;
        let line = line_of(text, range.start);
        let (level, title) = match brk {
            Break::Heading(level, title) => (level, title.trim()),
            Break::Image { url, alt } => {
                image(
                    b,
                    line,
                    &lesson,
                    base.expect("images only with a base"),
                    url,
                    alt,
                );
                continue;
            }
        };
        match b.heading_role(*level as u8) {
            Role::Module => {
                b.module(line, title);
                lesson = title.to_owned();
            }
            Role::Lesson => {
                lesson = title.to_owned();
                b.lesson(line, title);
            }
            Role::Heading(level) => {
                b.block(
                    line,
                    &lesson,
                    "heading",
                    BlockContent::Heading {
                        text: title.to_owned(),
                        level,
                    },
                    &format!("heading “{title}”"),
                );
            }
        }
    }
    text_block(b, at, text.len(), &lesson);
    Ok(())
}

/// An image paragraph: the file at `url` (relative to `base`) as an asset
/// and an image block, or a report line saying why not.
fn image(b: &mut Builder, line: usize, lesson: &str, base: &Path, url: &str, alt: &str) {
    let decoded = percent_decode(url.split(['?', '#']).next().unwrap_or(url));
    let path = base.join(&decoded);
    let file = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("image")
        .to_owned();
    // Only files inside the document's folder (or below it) are read.
    let inside = Path::new(&decoded).components().all(|c| {
        matches!(
            c,
            std::path::Component::Normal(_) | std::path::Component::CurDir
        )
    });
    if !inside {
        b.skip(line, format!("the image “{url}” is outside the document's folder and was not read; add it in Trellis"));
        return;
    }
    if !path.exists() {
        b.skip(
            line,
            format!("the image “{url}” is not in the document's folder and was left out"),
        );
        return;
    }
    let bytes = match trellis_assets::read_file(&path) {
        Ok(bytes) => bytes,
        Err(e) => {
            b.skip(
                line,
                format!("the image “{url}” could not be read ({e}) and was left out"),
            );
            return;
        }
    };
    b.image(line, lesson, "image", url, &file, bytes, alt);
}

/// `%20` and the like in a relative URL, decoded.
fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let Ok(v) = u8::from_str_radix(
                std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap_or("zz"),
                16,
            )
        {
            out.push(v);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
#[path = "../tests/common/outline.rs"]
#[allow(dead_code)]
mod outline;

#[cfg(test)]
mod tests {
    use super::outline;
    use crate::{Format, import_text};
    use trellis_model::BlockContent;

    #[test]
    fn headings_make_the_structure_and_text_is_kept_as_written() {
        let src = "Intro before any heading.\n\n# Recognise phishing\n\n## Spot the signs\n\nLook at the **sender**.\nThe second line of the same paragraph.\n\n### Links\n\n- Hover first\n- Then decide\n\n```\n# not a heading\n```\n\n## Report it\n\n| Step | Who |\n|---|---|\n| 1 | You |\n\n# Second part\n\nText straight under a module.\n";
        let imported = import_text(src, Format::Markdown, "phishing-notes").unwrap();
        let c = &imported.course;
        assert_eq!(c.info.title, "Phishing notes");
        assert_eq!(
            outline::titles(c),
            outline::expect(&[
                ("Phishing notes", &["Introduction"]),
                ("Recognise phishing", &["Spot the signs", "Report it"]),
                ("Second part", &["Second part"]),
            ])
        );
        let spot = &c.modules[1].lessons[0].blocks;
        match (&spot[0].content, &spot[1].content, &spot[2].content) {
            (
                BlockContent::Text { markdown },
                BlockContent::Heading { text, level },
                BlockContent::Text { markdown: list },
            ) => {
                assert_eq!(
                    markdown,
                    "Look at the **sender**.\nThe second line of the same paragraph."
                );
                assert_eq!((text.as_str(), *level), ("Links", 2));
                assert!(
                    list.starts_with("- Hover first") && list.contains("# not a heading"),
                    "{list}"
                );
            }
            other => panic!("{other:?}"),
        }
        assert!(imported.report.skipped.is_empty());
        assert_eq!(imported.report.mapped[0].0, crate::Place::Line(1));
    }
}
