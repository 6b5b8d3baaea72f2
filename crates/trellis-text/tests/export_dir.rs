//! `export_dir` writes a folder that imports back, and destroys nothing.

mod common;

use std::collections::BTreeMap;
use std::io;

use trellis_model::AssetInfo;
use trellis_model::sample::demo_course;
use trellis_text::{ExportError, export_dir, import_dir};

fn demo() -> (trellis_model::Course, BTreeMap<String, Vec<u8>>) {
    let mut course = demo_course();
    let bytes = BTreeMap::from([("images/diagram.png".to_owned(), common::png(2, 2))]);
    common::attach_assets(&mut course, &bytes);
    (course, bytes)
}

#[test]
fn writes_a_folder_that_imports_back_and_replaces_stale_files() {
    let (course, bytes) = demo();
    let get = |a: &AssetInfo| -> io::Result<Vec<u8>> { Ok(bytes[&a.name].clone()) };
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("course");
    export_dir(&course, &[], &get, &out).unwrap();
    assert_eq!(import_dir(&out).unwrap().course, course);

    // A stale lesson and asset, plus files export must keep.
    std::fs::write(out.join("lessons/old.md"), "stale").unwrap();
    std::fs::write(out.join("assets/old.png"), "stale").unwrap();
    std::fs::create_dir(out.join(".git")).unwrap();
    std::fs::write(out.join(".git/HEAD"), "keep").unwrap();
    std::fs::write(out.join("README.md"), "keep").unwrap();
    export_dir(&course, &[], &get, &out).unwrap();
    assert!(!out.join("lessons/old.md").exists());
    assert!(!out.join("assets/old.png").exists());
    assert_eq!(
        std::fs::read_to_string(out.join(".git/HEAD")).unwrap(),
        "keep"
    );
    assert_eq!(
        std::fs::read_to_string(out.join("README.md")).unwrap(),
        "keep"
    );
    assert_eq!(import_dir(&out).unwrap().course, course);
    let leftovers: Vec<_> = std::fs::read_dir(&out)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".trellis"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn refuses_a_non_empty_folder_that_is_not_a_course() {
    let (course, bytes) = demo();
    let get = |a: &AssetInfo| -> io::Result<Vec<u8>> { Ok(bytes[&a.name].clone()) };
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("thesis.docx"), "precious").unwrap();
    let err = export_dir(&course, &[], &get, dir.path()).unwrap_err();
    assert!(matches!(err, ExportError::NotACourseFolder(_)), "{err}");
    let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().flatten().collect();
    assert_eq!(names.len(), 1, "nothing written");
}

#[test]
fn a_failing_asset_leaves_the_old_folder_untouched() {
    let (course, bytes) = demo();
    let good = |a: &AssetInfo| -> io::Result<Vec<u8>> { Ok(bytes[&a.name].clone()) };
    let dir = tempfile::tempdir().unwrap();
    export_dir(&course, &[], &good, dir.path()).unwrap();
    let before = std::fs::read(dir.path().join("course.toml")).unwrap();
    let mut changed = course.clone();
    changed.info.title = "Changed".into();
    let bad = |_: &AssetInfo| -> io::Result<Vec<u8>> { Err(io::Error::other("gone")) };
    let err = export_dir(&changed, &[], &bad, dir.path()).unwrap_err();
    assert!(matches!(err, ExportError::Asset { .. }), "{err}");
    assert_eq!(
        std::fs::read(dir.path().join("course.toml")).unwrap(),
        before
    );
    assert!(dir.path().join("assets/images/diagram.png").exists());
}
