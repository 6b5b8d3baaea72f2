//! Word documents written by real producers (LibreOffice from the .fodt
//! sources beside them, pandoc from Markdown) become the course in the
//! expected text-format folder beside them: course, lessons, assets,
//! review comments and the import's report. `TRELLIS_BLESS=1` rewrites an
//! expected folder from what the import makes now (read the diff).

use std::path::Path;

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
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
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
