//! Undo labels are kept in the file's log: they come back after the file is
//! closed and opened again, and a file from before labels upgrades cleanly.

use rusqlite::Connection;
use tempfile::TempDir;
use trellis_model::Edit;
use trellis_model::sample::demo_course;
use trellis_store::{CourseFile, SCHEMA_VERSION};

fn rename_first_module(file: &mut CourseFile, title: &str) -> Edit {
    let id = file.course().modules[0].id.clone();
    Edit::RenameModule {
        id,
        title: title.into(),
    }
}

#[test]
fn labels_survive_closing_and_reopening_the_file() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("c.trellis");
    {
        let mut file = CourseFile::create(&path, &demo_course(), []).unwrap();
        let edit = rename_first_module(&mut file, "One");
        file.apply_labelled(edit, "Rename module").unwrap();
        let captions = b"WEBVTT\n\n00:00.000 --> 00:01.000\nHello\n";
        file.import_asset_labelled("captions/a.vtt", captions, Some("Import a.vtt"))
            .unwrap();
        let edit = rename_first_module(&mut file, "Two");
        assert!(
            !file
                .apply_in_run_labelled(edit, "typing", Some("Edit module title"))
                .unwrap()
        );
        let edit = rename_first_module(&mut file, "Three");
        assert!(
            file.apply_in_run_labelled(edit, "typing", Some("Another name"))
                .unwrap(),
            "joins the run"
        );
        assert!(file.undo().unwrap());
        assert_eq!(file.undo_label().as_deref(), Some("Import a.vtt"));
        assert_eq!(file.redo_label().as_deref(), Some("Edit module title"));
    }
    let mut file = CourseFile::open(&path).unwrap();
    assert_eq!(file.undo_label().as_deref(), Some("Import a.vtt"));
    assert_eq!(file.redo_label().as_deref(), Some("Edit module title"));
    assert!(file.undo().unwrap());
    assert_eq!(file.undo_label().as_deref(), Some("Rename module"));
    assert_eq!(file.redo_label().as_deref(), Some("Import a.vtt"));
    assert!(file.undo().unwrap());
    assert_eq!(file.undo_label(), None, "nothing left to undo");
    assert!(file.redo().unwrap());
    assert_eq!(file.undo_label().as_deref(), Some("Rename module"));
    // What is stored: the label column of the log.
    drop(file);
    let conn = Connection::open(&path).unwrap();
    let labels: Vec<Option<String>> = conn
        .prepare("SELECT label FROM edit_log ORDER BY seq")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(
        labels,
        [
            Some("Rename module".to_owned()),
            Some("Import a.vtt".to_owned()),
            Some("Edit module title".to_owned())
        ]
    );
}

#[test]
fn unlabelled_changes_and_files_from_before_labels_have_none() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("c.trellis");
    {
        let mut file = CourseFile::create(&path, &demo_course(), []).unwrap();
        let edit = rename_first_module(&mut file, "Plain");
        file.apply(edit).unwrap();
        assert_eq!(file.undo_label(), None);
    }
    // The file as schema 5 wrote it: no label column, nor what came after
    // (job-aid marks, results).
    trellis_store::older::set_back_to(&path, 5).unwrap();
    let mut file = CourseFile::open_upgrading_on_first_change(&path).unwrap();
    assert_eq!(file.upgrade_pending(), Some(5));
    assert!(file.can_undo());
    assert_eq!(file.undo_label(), None, "no labels before the upgrade");
    let edit = rename_first_module(&mut file, "Labelled");
    file.upgrade().unwrap();
    file.apply_labelled(edit, "Rename module").unwrap();
    assert_eq!(file.undo_label().as_deref(), Some("Rename module"));
    assert!(file.undo().unwrap());
    assert_eq!(file.undo_label(), None, "the older change has no label");
    assert!(file.undo().unwrap());
    file.check_integrity().unwrap();
    drop(file);
    let conn = Connection::open(&path).unwrap();
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(version, i64::from(SCHEMA_VERSION));
}
