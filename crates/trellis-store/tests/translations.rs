//! Translations in the course file: the v3 → v4 upgrade, replacing a
//! language whole, refusing bad language tags, persistence, and staying out
//! of the course and its undo history.

use rusqlite::Connection;
use tempfile::TempDir;
use trellis_model::sample::demo_course;
use trellis_model::{Edit, TranslatedUnit, Translation};
use trellis_store::{CourseFile, SCHEMA_VERSION, StoreError};

fn user_version(path: &std::path::Path) -> i64 {
    Connection::open(path)
        .unwrap()
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .unwrap()
}

fn french(n: usize) -> Translation {
    let mut t = Translation::new("fr");
    for i in 0..n {
        t.units.insert(
            format!("unit-{i}/title"),
            TranslatedUnit {
                source_hash: format!("{i:016x}"),
                text: format!("Titre {i} « avec des guillemets »\net une ligne"),
            },
        );
    }
    t
}

/// A file at schema 3 (the current file with the version-4 tables and the
/// version-5 column dropped and its version set back, which is exactly what a schema-3 Trellis
/// wrote) opens at schema 4 with its course and history as they were.
#[test]
fn a_v3_course_file_upgrades_to_v4_unchanged() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("old.trellis");
    let course = {
        let mut file = CourseFile::create(&path, &demo_course(), []).unwrap();
        let id = file.course().modules[0].id.clone();
        file.apply(Edit::RenameModule {
            id,
            title: "Renamed before the upgrade".into(),
        })
        .unwrap();
        file.course().clone()
    };
    trellis_store::older::set_back_to(&path, 3).unwrap();
    assert_eq!(user_version(&path), 3);
    assert_eq!(CourseFile::upgrade_needed(&path).unwrap(), Some(3));

    let mut file = CourseFile::open(&path).unwrap();
    assert_eq!(file.course(), &course);
    assert!(file.translations().unwrap().is_empty());
    file.set_translation(&french(3)).unwrap();
    assert!(file.undo().unwrap(), "the history came through the upgrade");
    assert_eq!(
        file.translations().unwrap(),
        [french(3)],
        "undo leaves translations"
    );
    file.check_integrity().unwrap();
    drop(file);
    assert_eq!(user_version(&path), i64::from(SCHEMA_VERSION));
}

#[test]
fn a_language_is_replaced_whole_and_persists() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("c.trellis");
    let mut file = CourseFile::create(&path, &demo_course(), []).unwrap();
    file.add_translation_language("de").unwrap();
    file.set_translation(&french(5)).unwrap();
    file.set_translation(&french(2)).unwrap();
    assert_eq!(file.translation_languages().unwrap(), ["de", "fr"]);
    assert_eq!(file.translation("fr").unwrap(), Some(french(2)));
    assert_eq!(
        file.translation("de").unwrap(),
        Some(Translation::new("de"))
    );
    assert_eq!(file.translation("it").unwrap(), None);
    let course = file.course().clone();
    drop(file);

    let mut file = CourseFile::open(&path).unwrap();
    assert_eq!(
        file.course(),
        &course,
        "translations never change the course"
    );
    assert_eq!(
        file.translations().unwrap(),
        [Translation::new("de"), french(2)]
    );
    assert!(file.remove_translation_language("de").unwrap());
    assert!(!file.remove_translation_language("de").unwrap());
    assert_eq!(file.translation_languages().unwrap(), ["fr"]);
}

#[test]
fn bad_languages_are_refused_and_nothing_is_stored() {
    let dir = TempDir::new().unwrap();
    let mut file = CourseFile::create(dir.path().join("c.trellis"), &demo_course(), []).unwrap();
    let own = file.course().info.language.clone();
    for bad in ["../fr", "fr fr", "", own.as_str()] {
        let err = file.set_translation(&Translation::new(bad)).unwrap_err();
        assert!(matches!(err, StoreError::Translation(_)), "{bad}: {err}");
        assert!(file.add_translation_language(bad).is_err());
    }
    assert!(file.translations().unwrap().is_empty());
}

#[test]
fn a_new_file_can_be_created_with_its_translations() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("c.trellis");
    let file =
        CourseFile::create_with_translations(&path, &demo_course(), [], &[], &[french(4)]).unwrap();
    assert_eq!(file.translations().unwrap(), [french(4)]);
    let bad = CourseFile::create_with_translations(
        dir.path().join("d.trellis"),
        &demo_course(),
        [],
        &[],
        &[Translation::new("not a tag")],
    );
    assert!(bad.is_err());
    assert!(!dir.path().join("d.trellis").exists());
}

#[test]
fn a_read_only_file_refuses_translations() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("c.trellis");
    drop(CourseFile::create(&path, &demo_course(), []).unwrap());
    let mut file = CourseFile::open_read_only(&path).unwrap();
    assert!(matches!(
        file.set_translation(&french(1)),
        Err(StoreError::ReadOnly { .. })
    ));
}

/// `translation_hashes` reads every language's units with their source
/// hashes and no text: the same ids and hashes as `translations`, a
/// language without units included.
#[test]
fn translation_hashes_read_ids_and_hashes_without_texts() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("course.trellis");
    let mut file = CourseFile::create(&path, &demo_course(), []).unwrap();
    file.set_translation(&french(40)).unwrap();
    file.add_translation_language("de").unwrap();
    let mut nl = french(3);
    nl.language = "nl".into();
    file.set_translation(&nl).unwrap();
    drop(file);
    let file = CourseFile::open_read_only(&path).unwrap();
    let full = file.translations().unwrap();
    let hashes = file.translation_hashes().unwrap();
    let langs = |ts: &[Translation]| ts.iter().map(|t| t.language.clone()).collect::<Vec<_>>();
    assert_eq!(langs(&hashes), ["de", "fr", "nl"]);
    assert_eq!(langs(&hashes), langs(&full));
    for (h, f) in hashes.iter().zip(&full) {
        assert_eq!(h.units.len(), f.units.len(), "{}", h.language);
        for ((id, hu), (fid, fu)) in h.units.iter().zip(&f.units) {
            assert_eq!(id, fid);
            assert_eq!(hu.source_hash, fu.source_hash);
            assert!(hu.text.is_empty() && !fu.text.is_empty());
        }
    }
    assert_eq!(hashes[1].units.len(), 40);
}
