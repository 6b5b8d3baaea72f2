//! Word documents written by real producers (LibreOffice from the .fodt
//! sources beside them, pandoc from Markdown) become the course in the
//! expected text-format folder beside them: course, lessons, assets,
//! review comments and the import's report. `TRELLIS_BLESS=1` rewrites an
//! expected folder from what the import makes now (read the diff).

use trellis_import::import_file;

mod common;
use common::{assert_folder, expect, fixtures, folder, libreoffice, outline, pandoc, titles};
use trellis_model::BlockContent;

#[test]
fn a_libreoffice_storyboard_becomes_the_expected_course() {
    let imported = import_file(&fixtures().join("storyboard.docx")).unwrap();
    let c = &imported.course;
    assert_eq!(c.info.title, "Phishing awareness");
    assert_eq!(
        titles(c),
        expect(&[
            (
                "Recognise phishing",
                &["What phishing is", "Spot the signs"]
            ),
            ("Report it", &["How to report", "Check yourself"]),
            ("Stay safe", &["Lock your accounts"]),
        ])
    );
    assert_eq!(c.objectives.len(), 2);
    let images: Vec<(&str, &str)> = c
        .lessons()
        .flat_map(|l| &l.blocks)
        .filter_map(|b| match &b.content {
            BlockContent::Image { alt, caption, .. } => Some((alt.as_str(), caption.as_str())),
            _ => None,
        })
        .collect();
    assert_eq!(images.len(), 3, "{images:?}");
    assert_eq!(
        images[0],
        (
            "An e-mail window with the sender's address marked in red",
            "The sender's address is the first thing to check."
        )
    );
    assert_eq!(imported.assets.len(), 3);
    assert_eq!(imported.comments.len(), 2);
    assert_folder(&imported, "storyboard.expected");
}

#[test]
fn libreoffice_today_writes_a_storyboard_that_imports_the_same() {
    let tmp = tempfile::tempdir().unwrap();
    let docx = libreoffice(&fixtures().join("storyboard.fodt"), tmp.path());
    let imported = import_file(&docx).unwrap();
    let kept = import_file(&fixtures().join("storyboard.docx")).unwrap();
    assert_eq!(folder(&imported), folder(&kept));
}

#[test]
fn a_pandoc_document_becomes_the_expected_course() {
    let imported = import_file(&fixtures().join("handbook.docx")).unwrap();
    assert_eq!(
        imported.course.info.title,
        "Security handbook for new staff"
    );
    assert_folder(&imported, "handbook.expected");
    // Today's pandoc writes a document that imports the same.
    let tmp = tempfile::tempdir().unwrap();
    let fresh = import_file(&pandoc(&fixtures().join("handbook.md"), tmp.path())).unwrap();
    assert_eq!(folder(&fresh), folder(&imported));
}

#[test]
fn an_example_course_as_markdown_through_pandoc_imports_with_the_same_structure() {
    let root = std::path::PathBuf::from(
        std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"),
    )
    .join("../..");
    let course = trellis_text::import_dir(&root.join("examples/phishing-awareness"))
        .unwrap()
        .course;
    // The course as one Markdown document: what its text format's headings
    // and text blocks say.
    let mut md = String::new();
    for m in &course.modules {
        md.push_str(&format!("# {}\n\n", m.title));
        for l in &m.lessons {
            md.push_str(&format!("## {}\n\n", l.title));
            for b in &l.blocks {
                match &b.content {
                    BlockContent::Heading { text, level } => {
                        md.push_str(&format!("{} {text}\n\n", "#".repeat(*level as usize + 1)))
                    }
                    BlockContent::Text { markdown } => md.push_str(&format!("{markdown}\n\n")),
                    _ => {}
                }
            }
        }
    }
    let tmp = tempfile::tempdir().unwrap();
    let source = tmp.path().join("phishing.md");
    std::fs::write(&source, &md).unwrap();
    let imported = import_file(&pandoc(&source, tmp.path())).unwrap();
    assert_eq!(outline(&imported.course), outline(&course));
    // And the Markdown importer, reading the same document, agrees.
    let from_md = import_file(&source).unwrap();
    assert_eq!(outline(&from_md.course), outline(&imported.course));
}

/// Heading levels are a choice: with lessons at Heading 1 and no module
/// level, the pandoc handbook's Heading 1s become lessons in one module
/// named after the course and its Heading 2s and 3s heading blocks; with
/// modules at Heading 2 and lessons at Heading 3, its Heading 1s start
/// modules as well (shallower headings start modules). The same rules read
/// the handbook's Markdown source.
#[test]
fn heading_levels_can_be_chosen() {
    use trellis_import::{Headings, Options, import_file_with};
    let flat = Options {
        headings: Headings::new(None, 1).unwrap(),
        ..Options::default()
    };
    for source in ["handbook.docx", "handbook.md"] {
        let imported = import_file_with(&fixtures().join(source), flat).unwrap();
        let o = outline(&imported.course);
        assert_eq!(o.len(), 1, "{source}: {o:?}");
        // The one module is named after the course (the document's title).
        assert_eq!(o[0].0, imported.course.info.title, "{source}");
        // (The Markdown source's text before its first heading, pandoc's
        // title block, comes first in a lesson of its own.)
        let lessons: Vec<&str> = o[0].1.iter().map(|l| l.0.as_str()).collect();
        assert!(
            lessons.ends_with(&["Your first week", "Working away from the office"]),
            "{source}: {lessons:?}"
        );
        let first_week = o[0].1.iter().find(|l| l.0 == "Your first week").unwrap();
        assert_eq!(
            first_week.1,
            [
                "2 Passwords",
                "3 Where passwords are kept",
                "2 Suspicious e-mail"
            ],
            "{source}"
        );
    }
    let deep = Options {
        headings: Headings::new(Some(2), 3).unwrap(),
        ..Options::default()
    };
    let imported = import_file_with(&fixtures().join("handbook.docx"), deep).unwrap();
    let modules: Vec<String> = titles(&imported.course).into_iter().map(|m| m.0).collect();
    assert_eq!(
        modules,
        [
            "Your first week",
            "Passwords",
            "Suspicious e-mail",
            "Working away from the office",
            "Public Wi-Fi"
        ]
    );
    // The default is today's: Heading 1 → module, Heading 2 → lesson.
    assert_eq!(Headings::default(), Headings::new(Some(1), 2).unwrap());
    assert!(Headings::new(Some(2), 2).is_err());
    assert!(Headings::new(None, 10).is_err());
}
