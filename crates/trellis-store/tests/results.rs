//! Learner results in the course file: the v4 → v5 upgrade, each statement
//! stored once by its id, the pull marker, and staying out of the course and
//! its undo history.

use rusqlite::Connection;
use tempfile::TempDir;
use trellis_model::Edit;
use trellis_model::sample::demo_course;
use trellis_store::{CourseFile, PullMarker, ResultRow, SCHEMA_VERSION, StoreError};

fn row(n: usize, success: Option<bool>) -> (ResultRow, String) {
    let id = format!("00000000-0000-4000-8000-{n:012}");
    let json = format!(r#"{{"id":"{id}"}}"#);
    (
        ResultRow {
            statement_id: id,
            course_id: "demo".into(),
            course_version: "1.0".into(),
            verb: "http://adlnet.gov/expapi/verbs/answered".into(),
            activity: "urn:trellis:course:demo:question:q-1".into(),
            learner: format!("mailto:l{}@example.com", n % 3),
            registration: String::new(),
            success,
            score: None,
            duration_ms: Some(1500 + n as i64),
            response: Some("c-1".into()),
            timestamp: format!("2026-12-01T10:00:{:02}.000Z", n % 60),
            stored: format!("2026-12-01T10:01:{:02}.000Z", n % 60),
            origin: "file".into(),
        },
        json,
    )
}

#[test]
fn statements_are_stored_once_and_read_back() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("c.trellis");
    let mut file = CourseFile::create(&path, &demo_course(), []).unwrap();
    let batch: Vec<_> = (0..10).map(|n| row(n, Some(n % 2 == 0))).collect();
    assert_eq!(file.add_results(&batch).unwrap(), 10);
    assert_eq!(file.add_results(&batch).unwrap(), 0, "the same ids again");
    let more: Vec<_> = (5..15).map(|n| row(n, None)).collect();
    assert_eq!(file.add_results(&more).unwrap(), 5, "only the new ids");
    assert_eq!(file.results_count().unwrap(), 15);
    drop(file);

    let file = CourseFile::open_read_only(&path).unwrap();
    let mut read = Vec::new();
    file.for_each_result(|r| read.push(r)).unwrap();
    assert_eq!(read.len(), 15);
    let first = read
        .iter()
        .find(|r| r.statement_id == batch[4].0.statement_id);
    assert_eq!(first, Some(&batch[4].0), "the first copy is kept");
    assert_eq!(
        file.result_statement(&batch[4].0.statement_id)
            .unwrap()
            .as_deref(),
        Some(batch[4].1.as_str())
    );
    let times: Vec<_> = read.iter().map(|r| r.timestamp.clone()).collect();
    let mut sorted = times.clone();
    sorted.sort();
    assert_eq!(times, sorted, "in timestamp order");
}

#[test]
fn results_stay_out_of_the_course_and_its_history() {
    let dir = TempDir::new().unwrap();
    let mut file = CourseFile::create(dir.path().join("c.trellis"), &demo_course(), []).unwrap();
    let id = file.course().modules[0].id.clone();
    file.apply(Edit::RenameModule {
        id,
        title: "Renamed".into(),
    })
    .unwrap();
    let before = file.course().clone();
    file.add_results(&[row(1, Some(true))]).unwrap();
    assert_eq!(file.course(), &before);
    assert!(file.undo().unwrap());
    assert_eq!(file.results_count().unwrap(), 1, "undo leaves results");
    assert!(!file.can_undo(), "storing results made no undo step");
}

#[test]
fn the_pull_marker_is_kept_per_record_store() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("c.trellis");
    let mut file = CourseFile::create(&path, &demo_course(), []).unwrap();
    assert_eq!(file.results_pull_marker("http://a/xAPI/").unwrap(), None);
    let a = PullMarker {
        lrs: "http://a/xAPI/".into(),
        last_stored: "2026-12-01T10:00:00Z".into(),
        pulled_at: "2026-12-01T11:00:00Z".into(),
    };
    file.set_results_pull_marker(&a).unwrap();
    let a2 = PullMarker {
        last_stored: "2026-12-02T10:00:00Z".into(),
        ..a.clone()
    };
    file.set_results_pull_marker(&a2).unwrap();
    drop(file);
    let file = CourseFile::open_read_only(&path).unwrap();
    assert_eq!(
        file.results_pull_marker("http://a/xAPI/").unwrap(),
        Some(a2)
    );
    assert_eq!(file.results_pull_marker("http://b/xAPI/").unwrap(), None);
}

#[test]
fn a_read_only_file_refuses_results() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("c.trellis");
    drop(CourseFile::create(&path, &demo_course(), []).unwrap());
    let mut file = CourseFile::open_read_only(&path).unwrap();
    assert!(matches!(
        file.add_results(&[row(1, None)]),
        Err(StoreError::ReadOnly { .. })
    ));
}

/// A file at schema 7 (the results tables and later additions dropped, its
/// version set back) opens at the current schema with its course as it was
/// and no results.
#[test]
fn a_v7_course_file_upgrades() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("old.trellis");
    let course = CourseFile::create(&path, &demo_course(), [])
        .unwrap()
        .course()
        .clone();
    trellis_store::older::set_back_to(&path, 7).unwrap();
    assert_eq!(CourseFile::upgrade_needed(&path).unwrap(), Some(7));
    let mut file = CourseFile::open(&path).unwrap();
    assert_eq!(file.course(), &course);
    assert_eq!(file.results_count().unwrap(), 0);
    assert_eq!(file.add_results(&[row(1, Some(true))]).unwrap(), 1);
    file.check_integrity().unwrap();
    drop(file);
    let v: i64 = Connection::open(&path)
        .unwrap()
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .unwrap();
    assert_eq!(v, i64::from(SCHEMA_VERSION));
}
