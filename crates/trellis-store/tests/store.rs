//! Course files on disk: round trips, every edit kind, undo/redo across
//! reopening, assets, and refusing files that are not ours.

use std::path::{Path, PathBuf};

use rusqlite::Connection;
use tempfile::TempDir;
use trellis_model::edit::{duplicate_block, duplicate_lesson, duplicate_module};
use trellis_model::sample::{Size, demo_course, generated_course};
use trellis_model::{
    Block, BlockContent, BlockId, Course, CourseInfo, Edit, EditError, LessonId, LessonSettings,
    ModuleId, Objective, ObjectiveId, TemplateKind,
};
use trellis_store::{APPLICATION_ID, CourseFile, MIGRATIONS, SCHEMA_VERSION, StoreError};

fn lid(s: &str) -> LessonId {
    LessonId::new(s).unwrap()
}
fn bid(s: &str) -> BlockId {
    BlockId::new(s).unwrap()
}
fn mid(s: &str) -> ModuleId {
    ModuleId::new(s).unwrap()
}

fn vtt(text: &str) -> Vec<u8> {
    format!("WEBVTT\n\n00:00.000 --> 00:01.000\n{text}\n").into_bytes()
}

fn side_file(path: &Path, suffix: &str) -> PathBuf {
    let mut s = path.to_owned().into_os_string();
    s.push(suffix);
    s.into()
}

fn new_demo(dir: &TempDir) -> CourseFile {
    CourseFile::create(dir.path().join("demo.trellis"), &demo_course(), []).unwrap()
}

fn reopen(file: CourseFile) -> CourseFile {
    let path = file.path().to_owned();
    drop(file);
    CourseFile::open(path).unwrap()
}

#[test]
fn demo_course_round_trips() {
    let dir = TempDir::new().unwrap();
    let file = new_demo(&dir);
    assert_eq!(file.course(), &demo_course());
    assert!(!file.can_undo() && !file.can_redo());
    let file = reopen(file);
    assert_eq!(file.course(), &demo_course());
    file.check_integrity().unwrap();
}

#[test]
fn large_course_round_trips() {
    let dir = TempDir::new().unwrap();
    let course = generated_course(Size::LARGE);
    let path = dir.path().join("large.trellis");
    let mut file = CourseFile::create(&path, &course, []).unwrap();
    assert_eq!(file.course(), &course);
    // An edit that touches hundreds of blocks at once.
    file.apply(Edit::DeleteModule { id: mid("m3") }).unwrap();
    let expected = file.course().clone();
    let mut file = reopen(file);
    assert_eq!(file.course(), &expected);
    assert!(file.undo().unwrap());
    let file = reopen(file);
    assert_eq!(file.course(), &course);
}

#[test]
fn create_never_overwrites_and_leaves_no_temp_files() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("c.trellis");
    std::fs::write(&path, b"precious").unwrap();
    let err = CourseFile::create(&path, &demo_course(), []).unwrap_err();
    assert!(matches!(err, StoreError::AlreadyExists { .. }), "{err}");
    assert_eq!(std::fs::read(&path).unwrap(), b"precious");

    // A failed create (an asset without bytes) leaves nothing behind.
    let mut course = demo_course();
    let bytes = vtt("x");
    course
        .assets
        .push(trellis_assets::inspect("a.vtt", &bytes).unwrap());
    let path2 = dir.path().join("d.trellis");
    let err = CourseFile::create(&path2, &course, []).unwrap_err();
    assert!(matches!(err, StoreError::MissingBlob { .. }), "{err}");
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, ["c.trellis"]);
}

#[test]
fn create_refuses_a_course_with_duplicate_ids() {
    let dir = TempDir::new().unwrap();
    let mut course = demo_course();
    let copy = course.modules[0].lessons[0].blocks[0].clone();
    course.modules[0].lessons[1].blocks.push(copy);
    let path = dir.path().join("dup.trellis");
    let err = CourseFile::create(&path, &course, []).unwrap_err();
    assert!(
        matches!(err, StoreError::Edit(EditError::DuplicateId(_))),
        "{err}"
    );
    assert!(!path.exists());
}

#[test]
fn closing_leaves_a_single_self_contained_file() {
    let dir = TempDir::new().unwrap();
    let mut file = new_demo(&dir);
    let path = file.path().to_owned();
    file.apply(Edit::RenameModule {
        id: mid("m-basics"),
        title: "x".into(),
    })
    .unwrap();
    assert!(
        side_file(&path, "-lock").exists(),
        "the editor's hold is a side file while open"
    );
    drop(file);
    for suffix in ["-wal", "-shm", "-journal", "-lock"] {
        assert!(!side_file(&path, suffix).exists(), "{suffix} left behind");
    }
    // The closed file can be copied and opened elsewhere.
    let copy = dir.path().join("copy.trellis");
    std::fs::copy(&path, &copy).unwrap();
    assert_eq!(
        CourseFile::open(&copy).unwrap().course().modules[0].title,
        "x"
    );
}

fn every_edit(course: &Course) -> Vec<Edit> {
    let new_block = Block {
        job_aid: None,
        placeholders: Default::default(),
        id: bid("new-block"),
        slot: None,
        content: BlockContent::Divider,
    };
    vec![
        Edit::SetCourseInfo {
            info: CourseInfo {
                title: "Renamed".into(),
                ..course.info.clone()
            },
        },
        Edit::AddObjective {
            index: 1,
            objective: Objective {
                placeholder: false,
                id: ObjectiveId::new("obj-new").unwrap(),
                statement: "New".into(),
                bloom: None,
            },
        },
        Edit::UpdateObjective {
            objective: Objective {
                statement: "Changed".into(),
                ..course.objectives[0].clone()
            },
        },
        Edit::LinkObjective {
            block: bid("q-0"),
            objective: ObjectiveId::new("obj-report").unwrap(),
        },
        Edit::UnlinkObjective {
            block: bid("q-0"),
            objective: ObjectiveId::new("obj-spot").unwrap(),
        },
        Edit::RemoveObjective {
            id: ObjectiveId::new("obj-spot").unwrap(),
        },
        duplicate_module(course, &mid("m-basics")).unwrap(),
        Edit::RenameModule {
            id: mid("m-basics"),
            title: "Other".into(),
        },
        duplicate_lesson(course, &lid("l-quiz")).unwrap(),
        Edit::RenameLesson {
            id: lid("l-quiz"),
            title: "Final quiz".into(),
        },
        Edit::UpdateLesson {
            id: lid("l-content"),
            settings: LessonSettings {
                job_aid: false,
                title: "x".into(),
                template: TemplateKind::Concept,
                assessment: None,
            },
        },
        Edit::AddBlock {
            lesson: lid("l-scenario"),
            index: 3,
            block: new_block,
        },
        duplicate_block(course, &bid("q-3")).unwrap(),
        Edit::UpdateBlock {
            block: Block {
                slot: Some("pool".into()),
                ..course.block(&bid("q-1")).unwrap().clone()
            },
        },
        Edit::MoveBlock {
            id: bid("q-1"),
            lesson: lid("l-content"),
            index: 0,
        },
        Edit::MoveBlock {
            id: bid("q-2"),
            lesson: lid("l-quiz"),
            index: 4,
        },
        Edit::DeleteBlock { id: bid("sit") },
        Edit::Batch {
            edits: vec![
                Edit::RenameLesson {
                    id: lid("l-quiz"),
                    title: "A".into(),
                },
                Edit::DeleteBlock { id: bid("q-4") },
            ],
        },
        Edit::MoveLesson {
            id: lid("l-quiz"),
            module: mid("m-basics"),
            index: 0,
        },
        Edit::DeleteLesson {
            id: lid("l-scenario"),
        },
    ]
}

/// Applies each edit, closes and reopens the file after each, and checks
/// the course matches the in-memory model; then undoes and redoes it all.
#[test]
fn every_edit_kind_persists_and_undoes_across_reopen() {
    let dir = TempDir::new().unwrap();
    let mut file = new_demo(&dir);
    let mut model = demo_course();
    let mut states = vec![model.clone()];
    let mut edits = every_edit(&model);
    // Module moves and deletes need a second module to be interesting.
    let second = duplicate_module(&model, &mid("m-basics")).unwrap();
    let Edit::AddModule { module, .. } = &second else {
        unreachable!()
    };
    let second_id = module.id.clone();
    edits.push(second);
    edits.push(Edit::MoveModule {
        id: second_id.clone(),
        index: 0,
    });
    edits.push(Edit::DeleteModule { id: second_id });

    for edit in edits {
        trellis_model::apply(&mut model, &edit).unwrap();
        file.apply(edit.clone()).unwrap();
        assert_eq!(file.course(), &model, "{edit:?}");
        file.check_integrity().unwrap();
        file = reopen(file);
        assert_eq!(file.course(), &model, "after reopen: {edit:?}");
        states.push(model.clone());
    }
    // Asset edits.
    file.import_asset("captions/a.vtt", &vtt("a")).unwrap();
    states.push(file.course().clone());
    file.apply(Edit::RemoveAsset {
        name: "captions/a.vtt".into(),
    })
    .unwrap();
    states.push(file.course().clone());
    file = reopen(file);
    assert_eq!(file.course(), states.last().unwrap());

    // Undo everything, reopening in between.
    for expected in states.iter().rev().skip(1) {
        assert!(file.undo().unwrap());
        file.check_integrity().unwrap();
        file = reopen(file);
        assert_eq!(file.course(), expected);
    }
    assert!(!file.can_undo());
    assert!(!file.undo().unwrap());
    // Redo everything.
    for expected in states.iter().skip(1) {
        assert!(file.redo().unwrap());
        file.check_integrity().unwrap();
        file = reopen(file);
        assert_eq!(file.course(), expected);
    }
    assert!(!file.can_redo());
    assert!(!file.redo().unwrap());
    file.check_integrity().unwrap();
}

#[test]
fn a_new_edit_drops_the_redo_tail() {
    let dir = TempDir::new().unwrap();
    let mut file = new_demo(&dir);
    for title in ["one", "two", "three"] {
        file.apply(Edit::RenameModule {
            id: mid("m-basics"),
            title: title.into(),
        })
        .unwrap();
    }
    assert!(file.undo().unwrap());
    assert!(file.undo().unwrap());
    let mut file = reopen(file);
    assert!(file.can_redo() && file.can_undo());
    assert_eq!(file.course().modules[0].title, "one");
    file.apply(Edit::RenameLesson {
        id: lid("l-quiz"),
        title: "Q".into(),
    })
    .unwrap();
    assert!(!file.can_redo());
    let mut file = reopen(file);
    assert!(!file.can_redo());
    assert!(!file.redo().unwrap());
    assert!(file.undo().unwrap());
    assert_eq!(file.course().modules[0].lessons[2].title, "Quiz");
    assert_eq!(file.course().modules[0].title, "one");
    assert!(file.undo().unwrap());
    assert_eq!(file.course().modules[0].title, "Basics");
    assert!(!file.undo().unwrap());
}

#[test]
fn a_run_of_typing_is_one_undo_step_across_reopen() {
    let dir = TempDir::new().unwrap();
    let mut file = new_demo(&dir);
    let rename = |title: &str| Edit::RenameModule {
        id: mid("m-basics"),
        title: title.into(),
    };
    assert!(!file.apply_in_run(rename("B"), "title:1").unwrap());
    assert!(file.apply_in_run(rename("Ba"), "title:1").unwrap());
    assert!(
        file.apply_in_run(rename("Basic skills"), "title:1")
            .unwrap()
    );
    // Another key starts a new step, as does an edit of another thing.
    assert!(
        !file
            .apply_in_run(rename("Basic skills!"), "title:2")
            .unwrap()
    );
    let lesson = |title: &str| Edit::RenameLesson {
        id: lid("l-quiz"),
        title: title.into(),
    };
    assert!(!file.apply_in_run(lesson("Q"), "title:2").unwrap());

    let mut file = reopen(file);
    assert_eq!(file.course().modules[0].title, "Basic skills!");
    assert!(file.undo().unwrap());
    assert_eq!(file.course().modules[0].lessons[2].title, "Quiz");
    assert!(file.undo().unwrap());
    assert_eq!(file.course().modules[0].title, "Basic skills");
    assert!(file.undo().unwrap());
    assert_eq!(file.course().modules[0].title, "Basics");
    assert!(!file.can_undo());
    assert!(file.redo().unwrap());
    assert_eq!(file.course().modules[0].title, "Basic skills");

    // After an undo, or across a reopen, the same key does not join.
    assert!(!file.apply_in_run(rename("Basic"), "title:1").unwrap());
    assert!(file.undo().unwrap());
    assert!(!file.apply_in_run(rename("Basics 2"), "title:1").unwrap());
    assert!(file.undo().unwrap());
    assert_eq!(file.course().modules[0].title, "Basic skills");
    file.check_integrity().unwrap();
}

#[test]
fn a_refused_edit_changes_nothing() {
    let dir = TempDir::new().unwrap();
    let mut file = new_demo(&dir);
    let err = file
        .apply(Edit::DeleteBlock { id: bid("nope") })
        .unwrap_err();
    assert!(matches!(err, StoreError::Edit(EditError::NotFound { .. })));
    // An asset whose bytes were never stored is refused by the store, and
    // the in-memory course is rolled back.
    let mut info = trellis_assets::inspect("a.vtt", &vtt("a")).unwrap();
    info.sha256 = "0".repeat(64);
    let err = file.apply(Edit::PutAsset { asset: info }).unwrap_err();
    assert!(matches!(err, StoreError::MissingBlob { .. }), "{err}");
    assert_eq!(file.course(), &demo_course());
    assert!(!file.can_undo());
    let file = reopen(file);
    assert_eq!(file.course(), &demo_course());
}

fn blob_count(path: &Path) -> i64 {
    let conn = Connection::open(path).unwrap();
    conn.query_row("SELECT count(*) FROM blobs", [], |r| r.get(0))
        .unwrap()
}

#[test]
fn assets_are_deduplicated_by_hash_and_round_trip() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("a.trellis");
    let hello = vtt("hello");
    let other = vtt("other");
    let info = trellis_assets::inspect("captions/hello.vtt", &hello).unwrap();
    let mut file =
        CourseFile::create(&path, &demo_course(), [(info.clone(), hello.clone())]).unwrap();
    assert_eq!(file.course().assets, [info]);
    let copy = file.import_asset("captions/copy.vtt", &hello).unwrap();
    file.import_asset("captions/other.vtt", &other).unwrap();
    assert_eq!(copy.sha256, trellis_assets::sha256_hex(&hello));
    let names: Vec<_> = file.course().assets.iter().map(|a| &a.name[..]).collect();
    assert_eq!(
        names,
        [
            "captions/copy.vtt",
            "captions/hello.vtt",
            "captions/other.vtt"
        ]
    );
    let file = reopen(file);
    assert_eq!(file.asset_bytes("captions/hello.vtt").unwrap(), hello);
    assert_eq!(file.asset_bytes("captions/copy.vtt").unwrap(), hello);
    assert_eq!(file.asset_bytes("captions/other.vtt").unwrap(), other);
    assert!(matches!(
        file.asset_bytes("nope.vtt"),
        Err(StoreError::AssetNotFound(_))
    ));
    drop(file);
    assert_eq!(blob_count(&path), 2, "two names, one blob");
}

#[test]
fn invalid_assets_are_refused() {
    let dir = TempDir::new().unwrap();
    let mut file = new_demo(&dir);
    let err = file.import_asset("images/x.png", b"not a png").unwrap_err();
    assert!(matches!(err, StoreError::Asset(_)), "{err}");
    let err = file.import_asset("../escape.vtt", &vtt("x")).unwrap_err();
    assert!(matches!(err, StoreError::Asset(_)), "{err}");
    assert!(!file.can_undo());
    assert!(file.course().assets.is_empty());
}

#[test]
fn undoing_an_import_keeps_the_bytes_for_redo() {
    let dir = TempDir::new().unwrap();
    let mut file = new_demo(&dir);
    let bytes = vtt("keep me");
    file.import_asset("c.vtt", &bytes).unwrap();
    assert!(file.undo().unwrap());
    assert!(file.course().assets.is_empty());
    let mut file = reopen(file);
    assert!(file.redo().unwrap());
    assert_eq!(file.asset_bytes("c.vtt").unwrap(), bytes);
}

// ---- Files that are not ours -------------------------------------------

/// Opens `path`, expecting a refusal, and checks the file is byte-for-byte
/// unchanged and that no SQLite side file appeared.
fn assert_refused_untouched(path: &Path) -> StoreError {
    let before = std::fs::read(path).unwrap();
    let err = CourseFile::open(path).unwrap_err();
    assert_eq!(std::fs::read(path).unwrap(), before, "file changed");
    for suffix in ["-wal", "-shm", "-journal"] {
        assert!(!side_file(path, suffix).exists(), "{suffix} file created");
    }
    err
}

#[test]
fn random_bytes_are_not_a_course() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("random.trellis");
    let mut rng = fastrand::Rng::with_seed(7);
    let bytes: Vec<u8> = (0..8192).map(|_| rng.u8(..)).collect();
    std::fs::write(&path, bytes).unwrap();
    let err = assert_refused_untouched(&path);
    assert!(matches!(err, StoreError::NotACourse { .. }), "{err}");
    assert!(err.to_string().contains("not a Trellis course file"));
}

#[test]
fn an_empty_file_is_not_a_course() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("empty.trellis");
    std::fs::write(&path, b"").unwrap();
    let err = assert_refused_untouched(&path);
    assert!(matches!(err, StoreError::NotACourse { .. }), "{err}");
}

#[test]
fn another_sqlite_database_is_not_a_course() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("other.db");
    {
        let conn = Connection::open(&path).unwrap();
        conn.execute_batch("CREATE TABLE t (x); INSERT INTO t VALUES (1);")
            .unwrap();
    }
    let err = assert_refused_untouched(&path);
    assert!(matches!(err, StoreError::NotACourse { .. }), "{err}");
}

#[test]
fn a_file_from_a_newer_trellis_is_refused() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("newer.trellis");
    drop(new_demo(&dir));
    std::fs::rename(dir.path().join("demo.trellis"), &path).unwrap();
    {
        let conn = Connection::open(&path).unwrap();
        conn.pragma_update(None, "user_version", SCHEMA_VERSION + 1)
            .unwrap();
    }
    let err = assert_refused_untouched(&path);
    match &err {
        StoreError::NewerVersion {
            found, supported, ..
        } => assert_eq!((*found, *supported), (SCHEMA_VERSION + 1, SCHEMA_VERSION)),
        other => panic!("{other}"),
    }
    let message = err.to_string();
    assert!(
        message.contains(&format!(
            "made by a newer version of Trellis (schema {}, this version reads up to {})",
            SCHEMA_VERSION + 1,
            SCHEMA_VERSION
        )),
        "{message}"
    );
}

#[test]
fn a_missing_file_is_an_io_error() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("nope.trellis");
    let err = CourseFile::open(&path).unwrap_err();
    assert!(matches!(err, StoreError::Io { .. }), "{err}");
    assert!(!path.exists());
}

#[test]
fn a_second_holder_is_refused_while_the_first_is_open() {
    let dir = TempDir::new().unwrap();
    let mut first = new_demo(&dir);
    let path = first.path().to_owned();
    let err = CourseFile::open(&path).unwrap_err();
    assert!(matches!(err, StoreError::Locked { .. }), "{err}");
    assert!(
        err.to_string()
            .contains("is open in another Trellis window or process")
    );
    // A plain SQLite connection reads what was last saved, nothing newer.
    let other = Connection::open(&path).unwrap();
    assert_eq!(
        other
            .query_row("SELECT count(*) FROM modules", [], |r| r.get::<_, i64>(0))
            .unwrap(),
        first.course().modules.len() as i64
    );
    drop(other);
    // The first holder is unaffected.
    first
        .apply(Edit::RenameModule {
            id: mid("m-basics"),
            title: "Still mine".into(),
        })
        .unwrap();
    drop(first);
    let file = CourseFile::open(&path).unwrap();
    assert_eq!(file.course().modules[0].title, "Still mine");
    file.check_integrity().unwrap();
}

// ---- Schema versions ----------------------------------------------------

#[test]
fn the_file_records_its_identity_and_every_migration() {
    let dir = TempDir::new().unwrap();
    let path = new_demo(&dir).path().to_owned();
    let conn = Connection::open(&path).unwrap();
    let app: i64 = conn
        .pragma_query_value(None, "application_id", |r| r.get(0))
        .unwrap();
    let version: i64 = conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .unwrap();
    assert_eq!(app as u32, APPLICATION_ID);
    assert_eq!(version as usize, MIGRATIONS.len());
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(
        tables,
        [
            "assets",
            "blobs",
            "blocks",
            "comments",
            "course",
            "edit_log",
            "lessons",
            "modules",
            "results",
            "results_pulls",
            "source_units",
            "source_units_walk",
            "translation_languages",
            "translations"
        ]
    );
}

/// A file at schema version 0 (identified, no tables yet) is brought up to
/// date by running every migration when opened, recorded in `user_version`.
/// (A real v1 course upgraded to v2 is in `tests/comments.rs`.)
#[test]
fn opening_applies_missing_migrations() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("v0.trellis");
    {
        let conn = Connection::open(&path).unwrap();
        conn.pragma_update(None, "application_id", APPLICATION_ID as i32)
            .unwrap();
    }
    // A schema-0 file has no course row yet, so loading it reports damage,
    // but the upgrade itself has been applied and committed.
    let err = CourseFile::open(&path).unwrap_err();
    assert!(matches!(err, StoreError::Corrupt(_)), "{err}");
    let conn = Connection::open(&path).unwrap();
    let version: i64 = conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .unwrap();
    assert_eq!(version, i64::from(SCHEMA_VERSION));
    let logged: i64 = conn
        .query_row("SELECT count(*) FROM edit_log", [], |r| r.get(0))
        .unwrap();
    assert_eq!(logged, 0);
}

/// A file written with the frozen v1 schema by hand opens as a course.
#[test]
fn a_hand_built_v1_file_opens() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("v1.trellis");
    {
        let conn = Connection::open(&path).unwrap();
        conn.pragma_update(None, "application_id", APPLICATION_ID as i32)
            .unwrap();
        conn.execute_batch(include_str!("schema_v1.sql")).unwrap();
        conn.execute_batch(
            r##"PRAGMA user_version = 1;
            INSERT INTO course VALUES (1, 'c1',
              '{"title":"T","language":"en","version":"1"}', '[]', '["m1"]');
            INSERT INTO modules VALUES ('m1', 'M', '["l1"]');
            INSERT INTO lessons VALUES ('l1', 'm1', '{"title":"L","template":"free"}', '["b1"]');
            INSERT INTO blocks VALUES ('b1', 'l1', NULL, '{"kind":"divider"}');"##,
        )
        .unwrap();
    }
    let file = CourseFile::open(&path).unwrap();
    let course = file.course();
    assert_eq!(course.info.title, "T");
    assert_eq!(course.modules[0].lessons[0].blocks[0].id, bid("b1"));
}

#[test]
fn job_aid_marks_persist_in_their_column_and_settings() {
    let dir = TempDir::new().unwrap();
    let mut file = new_demo(&dir);
    let lesson = file.course().modules[0].lessons[0].clone();
    let mut block = lesson.blocks[0].clone();
    block.job_aid = Some(false);
    file.apply(Edit::UpdateBlock {
        block: block.clone(),
    })
    .unwrap();
    let mut settings = lesson.settings();
    settings.job_aid = true;
    file.apply(Edit::UpdateLesson {
        id: lesson.id.clone(),
        settings,
    })
    .unwrap();
    let mut info = file.course().info.clone();
    info.job_aid_url = "https://example.com/aid".into();
    info.version_date = "2026-12-01".into();
    file.apply(Edit::SetCourseInfo { info }).unwrap();
    let path = file.path().to_owned();
    let file = reopen(file);
    let l = &file.course().modules[0].lessons[0];
    assert!(l.job_aid);
    assert_eq!(l.blocks[0].job_aid, Some(false));
    assert!(!l.block_in_job_aid(&l.blocks[0]));
    assert_eq!(file.course().info.job_aid_url, "https://example.com/aid");
    file.check_integrity().unwrap();
    drop(file);
    // Read the rows themselves.
    let conn = rusqlite::Connection::open(&path).unwrap();
    let mark: Option<i64> = conn
        .query_row(
            "SELECT job_aid FROM blocks WHERE id = ?1",
            [block.id.as_str()],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(mark, Some(0));
    let settings: String = conn
        .query_row(
            "SELECT settings FROM lessons WHERE id = ?1",
            [lesson.id.as_str()],
            |r| r.get(0),
        )
        .unwrap();
    assert!(settings.contains("\"job_aid\":true"), "{settings}");
    let others: i64 = conn
        .query_row(
            "SELECT count(*) FROM blocks WHERE job_aid IS NOT NULL",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(others, 1, "unmarked blocks stay NULL");
}
