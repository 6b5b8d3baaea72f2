//! `trellis import-doc` end to end on real files: a GIFT bank and a real
//! Markdown document of this repository become course files that `export`
//! and `check` read; bad documents get a message naming the line, and
//! nothing is written on refusal.

use std::path::Path;

mod common;
use common::{fails, ok, text, trellis};

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

fn fixture(name: &str) -> std::path::PathBuf {
    common::root()
        .join("crates/trellis-import/tests/fixtures")
        .join(name)
}

/// A course file made from the example course, with one review comment
/// whose id an import's first comment would also take.
fn example_course(dir: &Path) -> std::path::PathBuf {
    let file = dir.join("phishing.trellis");
    ok(&[
        "import",
        p(&common::root().join("examples/phishing-awareness")),
        "-o",
        p(&file),
    ]);
    let mut store = trellis_store::CourseFile::open(&file).unwrap();
    let course = store.course().clone();
    let (lesson, block) = course.blocks().next().unwrap();
    store
        .add_comments(&[trellis_model::Comment {
            id: trellis_model::CommentId::new("imported-1").unwrap(),
            target: trellis_model::CommentTarget {
                lesson: lesson.id.clone(),
                block: Some(block.id.clone()),
                item: None,
                part: None,
            },
            reviewer: "Sam".into(),
            text: "Already here.".into(),
            quote: String::new(),
            block_version: block.fingerprint(),
            created: "2026-12-01T10:00:00Z".into(),
            status: Default::default(),
            replies: Vec::new(),
        }])
        .unwrap();
    file
}

/// `--into` adds a Word storyboard to an existing course file as new
/// modules after its own, with its pictures and review comments; read back
/// from the file, and one undo gives back exactly the course and comments
/// that were there.
#[test]
fn a_document_goes_into_an_existing_course_as_one_undoable_change() {
    let tmp = tempfile::tempdir().unwrap();
    let file = example_course(tmp.path());
    let (before, before_comments) = {
        let f = trellis_store::CourseFile::open(&file).unwrap();
        (f.course().clone(), f.comments().unwrap())
    };
    let out = ok(&[
        "import-doc",
        p(&fixture("storyboard.docx")),
        "--into",
        p(&file),
    ]);
    assert!(
        out.contains("Added 3 new modules (Recognise phishing, Report it, Stay safe)"),
        "{out}"
    );

    let mut f = trellis_store::CourseFile::open(&file).unwrap();
    let course = f.course().clone();
    assert_eq!(
        course.info, before.info,
        "the course keeps its title and settings"
    );
    assert_eq!(&course.modules[..before.modules.len()], &before.modules[..]);
    let added: Vec<&str> = course.modules[before.modules.len()..]
        .iter()
        .map(|m| m.title.as_str())
        .collect();
    assert_eq!(added, ["Recognise phishing", "Report it", "Stay safe"]);
    // Every id is still unique (the file would refuse the course otherwise,
    // but this says so plainly).
    let listed = 1
        + course.objectives.len()
        + course.modules.len()
        + course.lessons().count()
        + course.blocks().count();
    assert_eq!(course.all_ids().len(), listed);
    assert_eq!(course.objectives.len(), before.objectives.len() + 2);
    for name in ["inbox.png", "padlock.png", "report-button.png"] {
        let bytes = f.asset_bytes(name).unwrap();
        assert_eq!(bytes, std::fs::read(fixture(name)).unwrap(), "{name}");
    }
    let comments = f.comments().unwrap();
    assert_eq!(comments.len(), before_comments.len() + 2);
    let new: Vec<&trellis_model::Comment> = comments
        .iter()
        .filter(|c| !before_comments.contains(c))
        .collect();
    assert_eq!(new.len(), 2);
    for c in &new {
        assert_ne!(c.id.as_str(), "imported-1", "a fresh id");
        assert!(
            course.modules[before.modules.len()..]
                .iter()
                .flat_map(|m| &m.lessons)
                .any(|l| l.id == c.target.lesson),
            "{c:?} is on an imported lesson"
        );
    }

    // One undo takes the whole import back.
    assert!(f.undo().unwrap());
    assert_eq!(f.course(), &before);
    assert_eq!(f.comments().unwrap(), before_comments);
    f.check_integrity().unwrap();
}

/// Whatever goes wrong, `--into` writes nothing: a document that is not
/// one, a file that is not a course, a course file that does not exist,
/// and heading levels that make no sense.
#[test]
fn import_into_refuses_cleanly_and_writes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let file = example_course(tmp.path());
    let before = std::fs::read(&file).unwrap();
    let fake = tmp.path().join("fake.docx");
    std::fs::write(&fake, b"PK\x03\x04 not really a zip").unwrap();
    let err = fails(&["import-doc", p(&fake), "--into", p(&file)], 3);
    assert!(err.contains("fake.docx"), "{err}");
    assert_eq!(std::fs::read(&file).unwrap(), before);

    let not_course = tmp.path().join("notes.trellis");
    std::fs::write(&not_course, "just text").unwrap();
    let err = fails(
        &[
            "import-doc",
            p(&fixture("storyboard.docx")),
            "--into",
            p(&not_course),
        ],
        3,
    );
    assert!(err.contains("nothing was imported"), "{err}");
    assert_eq!(std::fs::read(&not_course).unwrap(), b"just text");

    let missing = tmp.path().join("missing.trellis");
    let err = fails(
        &[
            "import-doc",
            p(&fixture("storyboard.docx")),
            "--into",
            p(&missing),
        ],
        3,
    );
    assert!(err.contains("no course file"), "{err}");
    assert!(!missing.exists());

    let err = fails(
        &[
            "import-doc",
            p(&fixture("storyboard.docx")),
            "--into",
            p(&file),
            "--module-heading",
            "3",
            "--lesson-heading",
            "2",
        ],
        3,
    );
    assert!(
        err.contains("must be above the lesson heading level"),
        "{err}"
    );
    // A dry run says what it would add and writes nothing either.
    let out = ok(&[
        "import-doc",
        p(&fixture("storyboard.docx")),
        "--into",
        p(&file),
        "--dry-run",
    ]);
    assert!(out.contains("Would add 3 new modules"), "{out}");
    assert_eq!(std::fs::read(&file).unwrap(), before);
}

/// `--template` starts the course from a blueprint: its modules and
/// guidance kept, the document's modules before the blueprint's module
/// with the assessment, the course titled by the document.
#[test]
fn a_document_fills_a_blueprint() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("policy.trellis");
    let out = ok(&[
        "import-doc",
        p(&fixture("storyboard.docx")),
        "-o",
        p(&file),
        "--template",
        "compliance-training",
    ]);
    assert!(
        out.contains("from the `compliance-training` blueprint"),
        "{out}"
    );
    let f = trellis_store::CourseFile::open(&file).unwrap();
    let course = f.course();
    assert_eq!(course.info.title, "Phishing awareness");
    assert_ne!(course.id.as_str(), "compliance-training");
    let modules: Vec<&str> = course.modules.iter().map(|m| m.title.as_str()).collect();
    assert_eq!(
        modules,
        [
            "The rule and why it matters",
            "Recognise phishing",
            "Report it",
            "Stay safe",
            "Applying the rule"
        ]
    );
    let last = course.modules.last().unwrap().lessons.last().unwrap();
    assert_eq!(last.template, trellis_model::TemplateKind::Assessment);
    // The blueprint's objectives and guidance stay (marked, for the check);
    // the storyboard's objectives follow them.
    assert_eq!(course.objectives.len(), 3 + 2);
    assert!(course.objectives[0].placeholder);
    assert!(!course.placeholders().is_empty());
    for name in ["inbox.png", "padlock.png", "report-button.png"] {
        assert_eq!(
            f.asset_bytes(name).unwrap(),
            std::fs::read(fixture(name)).unwrap()
        );
    }
    assert_eq!(f.comments().unwrap().len(), 2);
    // An unknown blueprint: refused, nothing written.
    let other = tmp.path().join("other.trellis");
    let err = fails(
        &[
            "import-doc",
            p(&fixture("storyboard.docx")),
            "-o",
            p(&other),
            "--template",
            "no-such-blueprint",
        ],
        3,
    );
    assert!(err.contains("no-such-blueprint"), "{err}");
    assert!(!other.exists());
}
