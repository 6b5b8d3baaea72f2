//! Review comments in the course file: the v1 → v2 upgrade, adding (and
//! re-adding) batches, refusing bad comments whole, updates, persistence,
//! and staying out of the course and its undo history.

use rusqlite::Connection;
use tempfile::TempDir;
use trellis_model::sample::demo_course;
use trellis_model::{
    Comment, CommentId, CommentStatus, CommentTarget, Course, Edit, Reply, ReviewError,
};
use trellis_store::{CourseFile, SCHEMA_VERSION, StoreError};

fn comment(n: u32, course: &Course) -> Comment {
    let (lesson, block) = course.blocks().next().unwrap();
    Comment {
        id: CommentId::new(format!("c-test{n:04}")).unwrap(),
        target: CommentTarget {
            lesson: lesson.id.clone(),
            block: Some(block.id.clone()),
            item: None,
            part: None,
        },
        reviewer: "Dana Reviewer".into(),
        text: format!("Comment number {n}."),
        quote: "What the reviewer saw".into(),
        block_version: block.fingerprint(),
        created: format!("2026-11-28T15:{:02}:00Z", n % 60),
        status: CommentStatus::Open,
        replies: Vec::new(),
    }
}

fn count(file: &CourseFile) -> usize {
    file.comments().unwrap().len()
}

fn user_version(path: &std::path::Path) -> i64 {
    Connection::open(path)
        .unwrap()
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .unwrap()
}

/// A course written at schema 1 (tables from the frozen `schema_v1.sql`,
/// rows of a real course with an undo history) opens at schema 2 with the
/// course and its history as they were, and takes comments.
#[test]
fn a_v1_course_file_upgrades_to_v2_unchanged() {
    let dir = TempDir::new().unwrap();
    let current = dir.path().join("current.trellis");
    let old = dir.path().join("old.trellis");
    let (course, title) = {
        let mut file = CourseFile::create(&current, &demo_course(), []).unwrap();
        let id = file.course().modules[0].id.clone();
        file.apply(Edit::RenameModule {
            id,
            title: "Renamed before the upgrade".into(),
        })
        .unwrap();
        let title = file.course().modules[0].title.clone();
        (file.course().clone(), title)
    };
    trellis_store::older::write_schema_v1(&current, &old).unwrap();
    assert_eq!(user_version(&old), 1);

    let mut file = CourseFile::open(&old).unwrap();
    assert_eq!(file.course(), &course);
    assert_eq!(file.course().modules[0].title, title);
    assert!(file.comments().unwrap().is_empty());
    assert_eq!(file.add_comments(&[comment(1, &course)]).unwrap(), 1);
    assert!(file.undo().unwrap(), "the history came through the upgrade");
    assert_ne!(file.course().modules[0].title, title);
    assert_eq!(count(&file), 1, "undo does not touch comments");
    file.check_integrity().unwrap();
    drop(file);
    assert_eq!(user_version(&old), i64::from(SCHEMA_VERSION));
}

#[test]
fn adding_the_same_comments_twice_adds_nothing() {
    let dir = TempDir::new().unwrap();
    let course = demo_course();
    let mut file = CourseFile::create(dir.path().join("c.trellis"), &course, []).unwrap();
    let batch: Vec<Comment> = (0..5).map(|n| comment(n, &course)).collect();
    let at_open = file.comments_revision();
    assert_eq!(file.add_comments(&batch).unwrap(), 5);
    let after_add = file.comments_revision();
    assert_ne!(after_add, at_open);
    assert_eq!(file.add_comments(&batch).unwrap(), 0);
    assert_eq!(
        file.comments_revision(),
        after_add,
        "nothing added, same revision"
    );
    // The author has resolved one meanwhile; a re-import must not reopen it.
    let mut resolved = batch[2].clone();
    resolved.status = CommentStatus::Resolved;
    file.update_comment(&resolved).unwrap();
    assert_eq!(file.add_comments(&batch).unwrap(), 0);
    let stored = file.comments().unwrap();
    assert_eq!(stored.len(), 5);
    assert_eq!(stored[2].status, CommentStatus::Resolved);
    // A batch with one new comment and a duplicate inside it adds one.
    let new = comment(7, &course);
    assert_eq!(
        file.add_comments(&[batch[0].clone(), new.clone(), new])
            .unwrap(),
        1
    );
    assert_eq!(count(&file), 6);
}

#[test]
fn a_batch_with_one_invalid_comment_adds_nothing() {
    let dir = TempDir::new().unwrap();
    let course = demo_course();
    let mut file = CourseFile::create(dir.path().join("c.trellis"), &course, []).unwrap();
    let mut bad = comment(3, &course);
    bad.created = "yesterday".into();
    let batch = vec![comment(1, &course), comment(2, &course), bad];
    let err = file.add_comments(&batch).unwrap_err();
    assert!(
        matches!(err, StoreError::Comment(ReviewError::BadComment(..))),
        "{err}"
    );
    assert_eq!(count(&file), 0);
    let mut empty = comment(4, &course);
    empty.text = " \n".into();
    assert!(file.add_comments(&[comment(5, &course), empty]).is_err());
    assert_eq!(count(&file), 0);
}

#[test]
fn comment_text_is_stored_verbatim() {
    let dir = TempDir::new().unwrap();
    let course = demo_course();
    let path = dir.path().join("c.trellis");
    let mut file = CourseFile::create(&path, &course, []).unwrap();
    let mut c = comment(1, &course);
    c.text = "<script>alert('x')</script> & \"quotes\" — ünïcödé\n second line".into();
    c.quote = "<b>not bold</b>".into();
    file.add_comments(std::slice::from_ref(&c)).unwrap();
    drop(file);
    let file = CourseFile::open(&path).unwrap();
    let stored = file.comment(&c.id).unwrap().unwrap();
    assert_eq!(stored.text, c.text);
    assert_eq!(stored.quote, c.quote);
    assert_eq!(stored, c);
}

#[test]
fn comments_survive_reopening_in_time_order() {
    let dir = TempDir::new().unwrap();
    let course = demo_course();
    let path = dir.path().join("c.trellis");
    let mut file = CourseFile::create(&path, &course, []).unwrap();
    let mut late = comment(1, &course);
    late.created = "2026-11-28T15:04:05.5Z".into();
    let mut early = comment(2, &course);
    early.created = "2026-11-28T15:04:05Z".into();
    let mut earliest = comment(3, &course);
    earliest.created = "2025-01-01T00:00:00Z".into();
    let mut tie = comment(0, &course);
    tie.created = early.created.clone();
    file.add_comments(&[late.clone(), early.clone(), earliest.clone(), tie.clone()])
        .unwrap();
    drop(file);
    let file = CourseFile::open(&path).unwrap();
    let ids: Vec<String> = file
        .comments()
        .unwrap()
        .iter()
        .map(|c| c.id.to_string())
        .collect();
    assert_eq!(
        ids,
        [
            earliest.id.to_string(),
            tie.id.to_string(),
            early.id.to_string(),
            late.id.to_string()
        ]
    );
    file.check_integrity().unwrap();
}

#[test]
fn updates_need_an_existing_valid_comment_and_are_not_edits() {
    let dir = TempDir::new().unwrap();
    let course = demo_course();
    let path = dir.path().join("c.trellis");
    let mut file = CourseFile::create(&path, &course, []).unwrap();
    let mut c = comment(1, &course);
    file.add_comments(std::slice::from_ref(&c)).unwrap();

    c.replies.push(Reply {
        author: "Author".into(),
        text: "Fixed, thanks.".into(),
        created: "2026-11-29T09:00:00Z".into(),
    });
    c.status = CommentStatus::Resolved;
    file.update_comment(&c).unwrap();
    assert!(!file.can_undo(), "comment changes stay out of the undo log");
    assert_eq!(file.course(), &course);

    let mut invalid = c.clone();
    invalid.replies.push(Reply {
        author: String::new(),
        text: "x".into(),
        created: "2026-11-29T09:00:00Z".into(),
    });
    assert!(matches!(
        file.update_comment(&invalid),
        Err(StoreError::Comment(_))
    ));
    let missing = comment(9, &course);
    assert!(matches!(
        file.update_comment(&missing),
        Err(StoreError::CommentNotFound(id)) if id == "c-test0009"
    ));
    drop(file);
    let file = CourseFile::open(&path).unwrap();
    assert_eq!(file.comments().unwrap(), [c]);
    assert_eq!(file.course(), &course);
}

#[test]
fn a_course_is_created_with_its_comments_or_not_at_all() {
    let dir = TempDir::new().unwrap();
    let course = demo_course();
    let path = dir.path().join("c.trellis");
    let mut bad = comment(2, &course);
    bad.reviewer = String::new();
    let err = CourseFile::create_with_comments(&path, &course, [], &[comment(1, &course), bad])
        .unwrap_err();
    assert!(matches!(err, StoreError::Comment(_)), "{err}");
    assert!(!path.exists());
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);

    let batch = [comment(1, &course), comment(2, &course)];
    let file = CourseFile::create_with_comments(&path, &course, [], &batch).unwrap();
    assert_eq!(file.comments().unwrap(), batch);
    assert!(!file.can_undo());
}

/// An import into an open course: its edit, the bytes of its new asset and
/// its comments go in as one undo step; undo leaves the course, its assets
/// and its comments exactly as before (the comments kept as they stood,
/// replies included), redo brings all back, and a comment id the file
/// holds already refuses the whole import.
#[test]
fn an_import_with_comments_is_one_undo_step() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("course.trellis");
    let course = demo_course();
    let mut file = CourseFile::create(&path, &course, []).unwrap();
    assert_eq!(file.add_comments(&[comment(1, &course)]).unwrap(), 1);
    let before_course = file.course().clone();
    let before_comments = file.comments().unwrap();

    let png = std::fs::read(
        std::path::PathBuf::from(
            std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"),
        )
        .join("../trellis-import/tests/fixtures/padlock.png"),
    )
    .unwrap();
    let info = trellis_assets::inspect("padlock.png", &png).unwrap();
    let mut module = course.modules[0].clone();
    module.id = trellis_model::ModuleId::new("imported-module").unwrap();
    module.title = "Imported".into();
    for (n, lesson) in module.lessons.iter_mut().enumerate() {
        lesson.id = trellis_model::LessonId::new(format!("imported-lesson-{n}")).unwrap();
        for (m, block) in lesson.blocks.iter_mut().enumerate() {
            block.id = trellis_model::BlockId::new(format!("imported-block-{n}-{m}")).unwrap();
        }
    }
    let edit = Edit::Batch {
        edits: vec![
            Edit::PutAsset {
                asset: info.clone(),
            },
            Edit::AddModule {
                index: course.modules.len(),
                module: module.clone(),
            },
        ],
    };
    let mut on_import = comment(2, &course);
    on_import.target.lesson = module.lessons[0].id.clone();
    on_import.target.block = Some(module.lessons[0].blocks[0].id.clone());

    // A comment id the file has already: nothing is written.
    let clash = comment(1, &course);
    let err = file
        .apply_import(
            edit.clone(),
            &[(info.clone(), png.clone())],
            &[clash],
            "Import",
        )
        .unwrap_err();
    assert!(matches!(err, StoreError::CommentExists(_)), "{err}");
    assert_eq!(file.course(), &before_course);
    // Bytes that are not the asset's: refused too.
    let err = file
        .apply_import(
            edit.clone(),
            &[(info.clone(), b"not it".to_vec())],
            &[],
            "Import",
        )
        .unwrap_err();
    assert!(matches!(err, StoreError::AssetMismatch { .. }), "{err}");

    file.apply_import(
        edit,
        &[(info.clone(), png.clone())],
        std::slice::from_ref(&on_import),
        "Import handbook.docx",
    )
    .unwrap();
    assert_eq!(file.course().modules.last().unwrap().id, module.id);
    assert_eq!(file.asset_bytes("padlock.png").unwrap(), png);
    assert_eq!(count(&file), 2);
    // A reply made after the import is kept through undo and redo.
    let mut replied = file.comment(&on_import.id).unwrap().unwrap();
    replied.replies.push(Reply {
        author: "Author".into(),
        text: "Done.".into(),
        created: "2026-11-29T09:00:00Z".into(),
    });
    file.update_comment(&replied).unwrap();
    drop(file);

    let mut file = CourseFile::open(&path).unwrap();
    assert!(file.undo().unwrap());
    assert_eq!(file.course(), &before_course);
    assert_eq!(file.comments().unwrap(), before_comments);
    drop(file);
    let mut file = CourseFile::open(&path).unwrap();
    assert_eq!(file.course(), &before_course);
    assert_eq!(file.comments().unwrap(), before_comments);
    assert!(file.redo().unwrap());
    assert_eq!(file.comment(&on_import.id).unwrap().unwrap(), replied);
    assert_eq!(file.asset_bytes("padlock.png").unwrap(), png);
    file.check_integrity().unwrap();
}
