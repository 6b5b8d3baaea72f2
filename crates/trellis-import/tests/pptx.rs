//! PowerPoint presentations written by real producers (LibreOffice Impress
//! from the .fodp source beside it, pandoc from Markdown) become the course
//! in the expected folder beside them; slide order, titles, list levels,
//! pictures with their descriptions and speaker notes are kept.

use trellis_import::{Options, SlideMode, import_file, import_file_with};
use trellis_model::BlockContent;

mod common;
use common::{assert_folder, fixtures, folder, libreoffice_to, pandoc_to};

#[test]
fn an_impress_presentation_becomes_the_expected_course() {
    let imported = import_file(&fixtures().join("fire-safety.pptx")).unwrap();
    let titles: Vec<&str> = imported
        .course
        .lessons()
        .map(|l| l.title.as_str())
        .collect();
    assert_eq!(
        titles,
        [
            "Fire safety at work",
            "Raise the alarm",
            "Know your exits",
            "At the assembly point"
        ]
    );
    assert_folder(&imported, "fire-safety.expected");
    // Today's LibreOffice writes a presentation that imports the same.
    let tmp = tempfile::tempdir().unwrap();
    let fresh = libreoffice_to(&fixtures().join("fire-safety.fodp"), tmp.path(), "pptx");
    assert_eq!(folder(&import_file(&fresh).unwrap()), folder(&imported));
}

#[test]
fn a_pandoc_presentation_becomes_the_expected_course() {
    let imported = import_file(&fixtures().join("briefing.pptx")).unwrap();
    assert_folder(&imported, "briefing.expected");
    let tmp = tempfile::tempdir().unwrap();
    let fresh = pandoc_to(&fixtures().join("briefing.md"), tmp.path(), "pptx");
    assert_eq!(folder(&import_file(&fresh).unwrap()), folder(&imported));
}

#[test]
fn slides_can_become_headings_in_one_lesson() {
    let imported = import_file_with(
        &fixtures().join("fire-safety.pptx"),
        Options {
            slides: SlideMode::Headings,
            ..Options::default()
        },
    )
    .unwrap();
    let lessons: Vec<_> = imported.course.lessons().collect();
    assert_eq!(lessons.len(), 1);
    let headings: Vec<&str> = lessons[0]
        .blocks
        .iter()
        .filter_map(|b| match &b.content {
            BlockContent::Heading { text, .. } => Some(text.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(
        headings,
        [
            "Fire safety at work",
            "Raise the alarm",
            "Know your exits",
            "At the assembly point"
        ]
    );
}
