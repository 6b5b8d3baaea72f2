//! `trellis import-doc` end to end on real files: a GIFT bank and a real
//! Markdown document of this repository become course files that `export`
//! and `check` read; bad documents get a message naming the line, and
//! nothing is written on refusal.

use std::path::Path;

mod common;
use common::{ok, text, trellis};

fn p(path: &Path) -> &str {
    path.to_str().unwrap()
}

const BANK: &str = "// Fire safety, as a trainer keeps it in Moodle\n\
$CATEGORY: $course$/Fire safety/Evacuation\n\
\n\
::Exits:: Where do you go when the alarm sounds? {\n\
  =The nearest marked exit#Yes: the nearest one, whichever it is.\n\
  ~The lift#Never use a lift in a fire.\n\
  ~Back to your desk#Leave your things behind.\n\
}\n\
\n\
::Doors:: A fire door may be propped open on a hot day.{F#Propped doors let smoke spread.#Right: keep it shut.}\n\
\n\
::Extinguishers:: Match each extinguisher to its fire. {=Water -> Paper and wood =CO2 -> Electrical equipment =Foam -> Flammable liquids}\n\
\n\
::Assembly:: Tell us what you would do first. {}\n";

#[test]
fn a_gift_bank_becomes_a_course_file_that_export_and_check_read() {
    let tmp = tempfile::tempdir().unwrap();
    let bank = tmp.path().join("fire-safety.gift");
    std::fs::write(&bank, BANK).unwrap();
    let file = tmp.path().join("fire.trellis");
    let out = ok(&["import-doc", p(&bank), "-o", p(&file)]);
    assert!(
        out.contains("1 module, 1 lesson, 3 blocks, 3 questions"),
        "{out}"
    );
    assert!(
        out.contains("line 4: single-choice question “Exits”"),
        "{out}"
    );
    assert!(
        out.contains("line 14: “Assembly” is an essay question"),
        "{out}"
    );

    let folder = tmp.path().join("exported");
    ok(&["export", p(&file), "-o", p(&folder)]);
    let lesson = std::fs::read_to_string(folder.join("lessons/evacuation.md")).unwrap();
    assert!(lesson.contains("title = \"Evacuation\""), "{lesson}");
    assert!(
        lesson.contains("type = \"matching\"") && lesson.contains("Flammable liquids"),
        "{lesson}"
    );
    assert!(lesson.contains("Never use a lift in a fire."), "{lesson}");

    // The design check reads it: no errors (questions without objectives are warnings).
    let check = trellis(&["check", p(&file)]);
    let report = text(&check.stdout);
    assert!(report.contains("\n0 errors,"), "{report}");
}

#[test]
fn a_markdown_document_keeps_its_structure_and_text() {
    let tmp = tempfile::tempdir().unwrap();
    let doc = common::root().join("docs/publishing.md");
    let file = tmp.path().join("publishing.trellis");
    let out = ok(&["import-doc", p(&doc), "-o", p(&file)]);
    assert!(out.contains("(Markdown)"), "{out}");
    let folder = tmp.path().join("exported");
    ok(&["export", p(&file), "-o", p(&folder)]);
    let course = std::fs::read_to_string(folder.join("course.toml")).unwrap();
    // The document's one `#` heading titles the course and its module.
    assert_eq!(
        course.matches("title = \"Publishing: design\"").count(),
        2,
        "{course}"
    );
    // Every `##` heading of the document is a lesson, in order.
    let source = std::fs::read_to_string(&doc).unwrap();
    let lessons: Vec<String> = source
        .lines()
        .filter_map(|l| l.strip_prefix("## "))
        .map(|t| t.replace('`', ""))
        .collect();
    for title in lessons {
        assert!(
            std::fs::read_dir(folder.join("lessons")).unwrap().any(|e| {
                std::fs::read_to_string(e.unwrap().path())
                    .unwrap()
                    .contains(&format!("title = \"{}\"", title.replace('"', "\\\"")))
            }),
            "lesson “{title}”"
        );
    }
}

#[test]
fn bad_documents_are_refused_with_the_line_and_nothing_is_written() {
    let tmp = tempfile::tempdir().unwrap();
    let cases: [(&str, &[u8], &str); 5] = [
        (
            "broken.gift",
            b"Q1 {=a ~b}\n\n::Two:: Unclosed {=a ~b\n",
            "line 3",
        ),
        (
            "slides.key",
            b"PK\x03\x04not really",
            "Markdown (.md), GIFT",
        ),
        (
            "slides.pptx",
            b"PK\x03\x04not really",
            "its zip package cannot be read",
        ),
        ("latin1.md", b"caf\xe9\n", "not text in UTF-8"),
        (
            "empty.gift",
            b"// nothing here\n",
            "holds nothing to import",
        ),
    ];
    for (name, bytes, words) in cases {
        let doc = tmp.path().join(name);
        std::fs::write(&doc, bytes).unwrap();
        let file = tmp.path().join(format!("{name}.trellis"));
        let out = trellis(&["import-doc", p(&doc), "-o", p(&file)]);
        assert!(!out.status.success(), "{name}");
        let err = text(&out.stderr);
        assert!(err.contains(words), "{name}: {err}");
        assert!(!file.exists(), "{name}: nothing written");
    }
    // An existing course is never replaced.
    let doc = tmp.path().join("ok.gift");
    std::fs::write(&doc, "Q? {=a ~b}\n").unwrap();
    let file = tmp.path().join("existing.trellis");
    std::fs::write(&file, b"mine").unwrap();
    assert!(
        !trellis(&["import-doc", p(&doc), "-o", p(&file)])
            .status
            .success()
    );
    assert_eq!(std::fs::read(&file).unwrap(), b"mine");
}

#[test]
fn a_word_storyboard_becomes_a_course_file_with_its_images_and_comments() {
    let tmp = tempfile::tempdir().unwrap();
    let doc = common::root().join("crates/trellis-import/tests/fixtures/storyboard.docx");
    let file = tmp.path().join("storyboard.trellis");
    let out = ok(&["import-doc", p(&doc), "-o", p(&file)]);
    assert!(out.contains("(Word)"), "{out}");
    assert!(out.contains("3 modules, 5 lessons"), "{out}");
    assert!(out.contains("3 assets"), "{out}");
    assert!(
        out.contains("paragraph 39: the style “Narrator script” means nothing to Trellis"),
        "{out}"
    );
    // What the file stores: the images' bytes and the two comments.
    let folder = tmp.path().join("exported");
    ok(&["export", p(&file), "-o", p(&folder)]);
    assert_eq!(
        std::fs::read(folder.join("assets/padlock.png")).unwrap(),
        std::fs::read(common::root().join("crates/trellis-import/tests/fixtures/padlock.png"))
            .unwrap()
    );
    let comments = ok(&["comments", p(&file)]);
    assert!(
        comments.contains("Can we add a real example from last year here?")
            && comments.contains("Dana Okafor")
            && comments.contains("Link to the password manager guide."),
        "{comments}"
    );
}

#[test]
fn a_refused_word_document_writes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let doc = tmp.path().join("locked.docx");
    let mut bytes = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    bytes.resize(2048, 0);
    std::fs::write(&doc, bytes).unwrap();
    let file = tmp.path().join("locked.trellis");
    let out = trellis(&["import-doc", p(&doc), "-o", p(&file)]);
    assert_eq!(out.status.code(), Some(3));
    let err = text(&out.stderr);
    assert!(err.contains("password-protected"), "{err}");
    assert!(!file.exists());
}

#[test]
fn a_presentation_becomes_lessons_or_headings() {
    let tmp = tempfile::tempdir().unwrap();
    let deck = common::root().join("crates/trellis-import/tests/fixtures/fire-safety.pptx");
    let out = ok(&["import-doc", p(&deck), "--dry-run"]);
    assert!(out.contains("(PowerPoint)"), "{out}");
    assert!(out.contains("1 module, 4 lessons"), "{out}");
    assert!(out.contains("slide 3: image “alarm-point.png”"), "{out}");
    let file = tmp.path().join("deck.trellis");
    let out = ok(&[
        "import-doc",
        p(&deck),
        "-o",
        p(&file),
        "--slides",
        "headings",
    ]);
    assert!(out.contains("1 module, 1 lesson,"), "{out}");
    let folder = tmp.path().join("exported");
    ok(&["export", p(&file), "-o", p(&folder)]);
    let lessons: Vec<_> = std::fs::read_dir(folder.join("lessons")).unwrap().collect();
    assert_eq!(lessons.len(), 1);
    let lesson = std::fs::read_to_string(lessons[0].as_ref().unwrap().path()).unwrap();
    assert!(lesson.contains("text = \"Raise the alarm\""), "{lesson}");
    assert!(folder.join("assets/alarm-point.png").exists());
}
