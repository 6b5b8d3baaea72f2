//! The source hashes kept for translation (`source_units`): written with
//! every change, counted for a translation's status without the course, and
//! rebuilt when missing or made by another version of the walk.

use std::path::Path;

use rusqlite::Connection;
use tempfile::TempDir;
use trellis_model::sample::demo_course;
use trellis_model::{BlockContent, Course, Edit, TranslatedUnit, Translation};
use trellis_store::{CourseFile, TranslationStatus};

/// The course's units as the walk gives them, sorted by id.
fn walked(course: &Course) -> Vec<(String, String)> {
    let mut units: Vec<(String, String)> = trellis_translate::unit_hashes(course)
        .into_iter()
        .map(|u| (u.field.id, u.hash))
        .collect();
    units.sort();
    units
}

/// The source hashes the file keeps, read with SQL.
fn kept(path: &Path) -> Vec<(String, String)> {
    let conn = Connection::open(path).unwrap();
    let mut stmt = conn
        .prepare("SELECT unit, hash FROM source_units ORDER BY unit")
        .unwrap();
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

/// The status of every language, from the course in memory.
fn from_course(course: &Course, translations: &[Translation]) -> TranslationStatus {
    let units = trellis_translate::unit_hashes(course);
    TranslationStatus {
        source_language: course.info.language.clone(),
        units: units.len(),
        languages: translations
            .iter()
            .map(|t| trellis_translate::status(&units, t))
            .collect(),
    }
}

/// The first text block's edit to `markdown`.
fn edit_text(course: &Course, markdown: &str) -> Edit {
    let (_, block) = course
        .blocks()
        .find(|(_, b)| matches!(b.content, BlockContent::Text { .. }))
        .unwrap();
    let mut block = block.clone();
    block.content = BlockContent::Text {
        markdown: markdown.into(),
    };
    Edit::UpdateBlock { block }
}

#[test]
fn status_is_counted_from_the_file_without_the_course() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("course.trellis");
    let mut file = CourseFile::create(&path, &demo_course(), []).unwrap();
    file.set_translation(&trellis_translate::pseudo(file.course(), "fr"))
        .unwrap();
    let mut de = trellis_translate::pseudo(file.course(), "de");
    de.units.retain(|id, _| id.len() % 2 == 0);
    file.set_translation(&de).unwrap();
    // One text changes after translation: its unit turns stale.
    let edit = edit_text(file.course(), "A new source text.");
    file.apply(edit).unwrap();
    let course = file.course().clone();
    let translations = file.translation_hashes().unwrap();
    drop(file);

    assert_eq!(kept(&path), walked(&course));
    let status = TranslationStatus::read(&path)
        .unwrap()
        .expect("current hashes");
    assert_eq!(status, from_course(&course, &translations));
    let [de, fr] = status.languages.as_slice() else {
        panic!("{status:?}")
    };
    assert_eq!((de.language.as_str(), fr.stale), ("de", 1), "{status:?}");
    assert!(de.missing > 0 && de.translated > 0, "{de:?}");

    // An orphan: a unit translated whose source is gone.
    let mut file = CourseFile::open(&path).unwrap();
    let mut fr = file.translation("fr").unwrap().unwrap();
    fr.units.insert(
        "b-gone.markdown".into(),
        TranslatedUnit {
            source_hash: "0123456789abcdef".into(),
            text: "Parti".into(),
        },
    );
    file.set_translation(&fr).unwrap();
    let translations = file.translation_hashes().unwrap();
    drop(file);
    let status = TranslationStatus::read(&path).unwrap().unwrap();
    assert_eq!(status, from_course(&course, &translations));
    assert_eq!(status.languages[1].orphaned, 1);
    // The open file answers the same, counted the same way.
    let file = CourseFile::open_read_only(&path).unwrap();
    assert_eq!(file.translation_status().unwrap(), status);
}

/// A file from before schema 9 has no hashes: status falls back to the
/// course until the first change writes them all.
#[test]
fn an_older_file_gets_its_hashes_with_its_first_change() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("old.trellis");
    drop(CourseFile::create(&path, &demo_course(), []).unwrap());
    trellis_store::older::set_back_to(&path, 8).unwrap();
    let before = std::fs::read(&path).unwrap();
    assert!(TranslationStatus::read(&path).unwrap().is_none());
    // An open file without hashes counts from its course in memory.
    let file = CourseFile::open_read_only(&path).unwrap();
    let fr = trellis_translate::pseudo(file.course(), "fr");
    drop(file);
    assert_eq!(
        std::fs::read(&path).unwrap(),
        before,
        "reading wrote nothing"
    );

    let mut file = CourseFile::open(&path).unwrap();
    file.set_translation(&fr).unwrap();
    let hashes = file.translation_hashes().unwrap();
    assert_eq!(
        file.translation_status().unwrap(),
        from_course(file.course(), &hashes),
        "counted from the course before the first change"
    );
    let edit = edit_text(file.course(), "Changed after the upgrade.");
    file.apply(edit).unwrap();
    let hashes = file.translation_hashes().unwrap();
    assert_eq!(
        file.translation_status().unwrap(),
        from_course(file.course(), &hashes),
        "counted by SQLite after it"
    );
    let course = file.course().clone();
    file.check_integrity().unwrap();
    drop(file);
    assert!(TranslationStatus::read(&path).unwrap().is_some());
    assert_eq!(kept(&path), walked(&course));
}

/// Hashes made by another version of the walk are not used, and the next
/// change replaces them all.
#[test]
fn hashes_from_another_walk_are_rebuilt() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("course.trellis");
    drop(CourseFile::create(&path, &demo_course(), []).unwrap());
    Connection::open(&path)
        .unwrap()
        .execute_batch(
            "UPDATE source_units_walk SET version = version + 1;
             INSERT INTO source_units (unit, part, hash) VALUES ('gone.title', 'gone', 'x');",
        )
        .unwrap();
    assert!(TranslationStatus::read(&path).unwrap().is_none());

    let mut file = CourseFile::open(&path).unwrap();
    // A change to the course's title alone rebuilds every part's hashes.
    let mut info = file.course().info.clone();
    info.title = "Renamed".into();
    file.apply(Edit::SetCourseInfo { info }).unwrap();
    file.check_integrity().unwrap();
    let course = file.course().clone();
    drop(file);
    assert!(TranslationStatus::read(&path).unwrap().is_some());
    assert_eq!(kept(&path), walked(&course));
}

/// Hashes that disagree with the course are reported by the integrity check.
#[test]
fn the_integrity_check_compares_the_hashes_with_the_course() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("course.trellis");
    drop(CourseFile::create(&path, &demo_course(), []).unwrap());
    Connection::open(&path)
        .unwrap()
        .execute_batch(
            "UPDATE source_units SET hash = '0000000000000000' \
             WHERE unit = (SELECT min(unit) FROM source_units);",
        )
        .unwrap();
    let file = CourseFile::open(&path).unwrap();
    let err = file.check_integrity().unwrap_err().to_string();
    assert!(err.contains("do not match the course"), "{err}");
}
