//! A course file from an older Trellis (schema 1) opened in the editor
//! (desktop app and `trellis studio` share this code): opening it writes
//! nothing and the snapshot tells the author; the first change updates the
//! file to this version's format and keeps the change.

mod common;
use common::{Fixture, example};

use serde_json::json;
use trellis_app::UPGRADE_NOTICE;
use trellis_store::{CourseFile, SCHEMA_VERSION};

fn user_version(path: &std::path::Path) -> u32 {
    let bytes = std::fs::read(path).unwrap();
    u32::from_be_bytes(bytes[60..64].try_into().unwrap())
}

#[test]
fn an_older_file_is_updated_on_the_first_change_after_saying_so() {
    let mut f = Fixture::new();
    let current = f.path("current.trellis");
    let imported = trellis_text::import_dir(&example()).unwrap();
    drop(CourseFile::create(&current, &imported.course, imported.assets).unwrap());
    let old = f.path("old.trellis");
    trellis_store::older::write_schema_v1(&current, &old).unwrap();
    assert_eq!(user_version(&old), 1);
    let before = std::fs::read(&old).unwrap();
    let modified = std::fs::metadata(&old).unwrap().modified().unwrap();

    // Opening and reading: the course as it was, the notice, the file
    // untouched (no upgrade, no switch to WAL, no side files).
    let snap = f.ok(json!({"cmd": "open_course", "path": old}));
    assert_eq!(snap["upgrade_notice"], UPGRADE_NOTICE);
    assert_eq!(snap["course"]["info"]["title"], imported.course.info.title);
    f.ok(json!({"cmd": "check"}));
    f.ok(json!({"cmd": "comments"}));
    f.ok(json!({"cmd": "assets"}));
    assert!(f.app.preview_file("index.html").is_some());
    assert_eq!(
        std::fs::read(&old).unwrap(),
        before,
        "reading wrote nothing"
    );
    assert_eq!(
        std::fs::metadata(&old).unwrap().modified().unwrap(),
        modified
    );
    for side in ["-wal", "-shm", "-journal"] {
        assert!(!f.path(&format!("old.trellis{side}")).exists(), "{side}");
    }
    assert!(UPGRADE_NOTICE.contains("older version"));
    assert!(!UPGRADE_NOTICE.contains("schema"), "in the author's words");

    // The first change: the file is updated, the change kept, the notice gone.
    let lesson = snap["course"]["modules"][0]["lessons"][0]["id"].clone();
    let changed = f.ok(json!({"cmd": "apply", "edit": {
        "op": "rename-lesson", "id": lesson, "title": "Renamed after the update"}}));
    assert!(
        changed["upgrade_notice"].is_null(),
        "{}",
        changed["upgrade_notice"]
    );
    f.ok(json!({"cmd": "close"}));
    // (The header is read once closing has written the log into the file.)
    assert_eq!(user_version(&old), SCHEMA_VERSION);
    let stored = CourseFile::open_read_only(&old).unwrap();
    assert_eq!(
        stored.course().modules[0].lessons[0].title,
        "Renamed after the update"
    );
    assert!(stored.can_undo());

    // A current file carries no notice.
    let snap = f.ok(json!({"cmd": "open_course", "path": current}));
    assert!(snap["upgrade_notice"].is_null());
}
