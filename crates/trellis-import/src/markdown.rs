//! Markdown documents (CommonMark with GitHub's tables): `#` headings start
//! modules (the only one, when it comes first, also titles the course), `##`
//! headings lessons, deeper headings become heading blocks, and
//! the text between headings becomes text blocks, its Markdown kept exactly
//! as written. Images the text refers to stay references (the design check
//! names any the course does not carry).

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use trellis_model::BlockContent;

use crate::SourceError;
use crate::build::Builder;

/// The line (1-based) of byte `offset` in `text`.
fn line_of(text: &str, offset: usize) -> usize {
    text[..offset].bytes().filter(|b| *b == b'\n').count() + 1
}

pub(crate) fn read(text: &str, b: &mut Builder) -> Result<(), SourceError> {
    // Headings and their byte ranges, outside code blocks and the like.
    let mut headings: Vec<(HeadingLevel, std::ops::Range<usize>, String)> = Vec::new();
    let mut current: Option<(HeadingLevel, std::ops::Range<usize>, String)> = None;
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    for (event, range) in Parser::new_ext(text, options).into_offset_iter() {
        match event {
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
    let mut at = 0;
    let mut lesson = "Introduction".to_owned();
    for (level, range, title) in &headings {
        text_block(b, at, range.start, &lesson);
        at = range.end;
        let line = line_of(text, range.start);
        let title = title.trim();
        match level {
            HeadingLevel::H1 => b.module(line, title),
            HeadingLevel::H2 => {
                lesson = title.to_owned();
                b.lesson(line, title);
            }
            deeper => {
                let level = match deeper {
                    HeadingLevel::H3 => 2,
                    HeadingLevel::H4 => 3,
                    _ => 4,
                };
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
        if *level == HeadingLevel::H1 {
            lesson = title.to_owned();
        }
    }
    text_block(b, at, text.len(), &lesson);
    Ok(())
}

#[cfg(test)]
mod tests {
    use crate::{Format, import_text};
    use trellis_model::BlockContent;

    #[test]
    fn headings_make_the_structure_and_text_is_kept_as_written() {
        let src = "Intro before any heading.\n\n# Recognise phishing\n\n## Spot the signs\n\nLook at the **sender**.\nThe second line of the same paragraph.\n\n### Links\n\n- Hover first\n- Then decide\n\n```\n# not a heading\n```\n\n## Report it\n\n| Step | Who |\n|---|---|\n| 1 | You |\n\n# Second part\n\nText straight under a module.\n";
        let imported = import_text(src, Format::Markdown, "phishing-notes").unwrap();
        let c = &imported.course;
        assert_eq!(c.info.title, "Phishing notes");
        let modules: Vec<(&str, Vec<&str>)> = c
            .modules
            .iter()
            .map(|m| {
                (
                    m.title.as_str(),
                    m.lessons.iter().map(|l| l.title.as_str()).collect(),
                )
            })
            .collect();
        assert_eq!(
            modules,
            [
                ("Phishing notes", vec!["Introduction"]),
                ("Recognise phishing", vec!["Spot the signs", "Report it"]),
                ("Second part", vec!["Second part"]),
            ]
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
