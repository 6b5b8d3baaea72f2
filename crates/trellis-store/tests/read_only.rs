//! Opening a course only to read it (`info`, `check`, `comments`,
//! `publish`): the file's bytes, its time of change, its journal mode and
//! its schema version stay as they were, no side file appears, and a file
//! SQLite cannot read gets a message in the author's words.

use std::path::{Path, PathBuf};
use std::time::SystemTime;

use rusqlite::Connection;
use tempfile::TempDir;
use trellis_model::Edit;
use trellis_model::sample::demo_course;
use trellis_store::{CourseFile, SCHEMA_VERSION, StoreError};

fn side_file(path: &Path, suffix: &str) -> PathBuf {
    let mut s = path.to_owned().into_os_string();
    s.push(suffix);
    s.into()
}

fn vtt() -> Vec<u8> {
    b"WEBVTT\n\n00:00.000 --> 00:01.000\nHello\n".to_vec()
}

/// A course file with an asset and an edit in its history, closed.
fn course_file(dir: &TempDir, name: &str) -> PathBuf {
    let path = dir.path().join(name);
    let mut file = CourseFile::create(&path, &demo_course(), []).unwrap();
    file.import_asset("captions/hello.vtt", &vtt()).unwrap();
    let id = file.course().modules[0].id.clone();
    file.apply(Edit::RenameModule {
        id,
        title: "Renamed".into(),
    })
    .unwrap();
    path
}

/// Turns a closed current file into what Trellis schema 1 wrote: no
/// comments table, no placeholder column, `user_version` 1, and the
/// rollback journal SQLite uses by default.
fn make_schema_1(path: &Path) {
    let conn = Connection::open(path).unwrap();
    conn.execute_batch(
        "DROP TABLE results_pulls;
         DROP TABLE results;
         DROP TABLE translations;
         DROP TABLE translation_languages;
         DROP TABLE comments;
         ALTER TABLE blocks DROP COLUMN placeholders;
         PRAGMA user_version = 1;
         PRAGMA journal_mode = DELETE;",
    )
    .unwrap();
}

/// Everything that says whether a file was written to.
#[derive(Debug, PartialEq)]
struct Snapshot {
    /// SHA-256 of the bytes (short to print when a test fails).
    sha256: String,
    modified: SystemTime,
    side_files: Vec<&'static str>,
}

fn snapshot(path: &Path) -> Snapshot {
    Snapshot {
        sha256: trellis_assets::sha256_hex(&std::fs::read(path).unwrap()),
        modified: std::fs::metadata(path).unwrap().modified().unwrap(),
        side_files: ["-wal", "-shm", "-journal"]
            .into_iter()
            .filter(|s| side_file(path, s).exists())
            .collect(),
    }
}

/// Bytes 18 and 19 of an SQLite file: 1 for a rollback journal, 2 for WAL.
fn journal_bytes(path: &Path) -> [u8; 2] {
    let bytes = std::fs::read(path).unwrap();
    [bytes[18], bytes[19]]
}

fn user_version(path: &Path) -> u32 {
    u32::from_be_bytes(std::fs::read(path).unwrap()[60..64].try_into().unwrap())
}

/// Reading everything a read command reads changes nothing, and a write
/// through the read-only handle is refused.
#[test]
fn reading_a_course_writes_nothing() {
    let dir = TempDir::new().unwrap();
    let path = course_file(&dir, "c.trellis");
    let before = snapshot(&path);
    assert_eq!(journal_bytes(&path), [2, 2], "Trellis writes WAL files");
    {
        let mut file = CourseFile::open_read_only(&path).unwrap();
        assert_eq!(file.course().modules[0].title, "Renamed");
        assert_eq!(file.asset_bytes("captions/hello.vtt").unwrap(), vtt());
        assert!(file.comments().unwrap().is_empty());
        assert!(file.can_undo());
        assert_eq!(snapshot(&path), before, "while open");
        let err = file.undo().unwrap_err();
        assert!(matches!(err, StoreError::ReadOnly { .. }), "{err}");
        let err = file
            .apply(Edit::RenameModule {
                id: file.course().modules[0].id.clone(),
                title: "No".into(),
            })
            .unwrap_err();
        assert!(matches!(err, StoreError::ReadOnly { .. }), "{err}");
        assert_eq!(file.course().modules[0].title, "Renamed");
    }
    assert_eq!(snapshot(&path), before, "after closing");
}

/// A rollback-journal file used to be switched to WAL by every read; an
/// older Trellis or another tool may rely on its mode.
#[test]
fn a_rollback_journal_file_stays_one() {
    let dir = TempDir::new().unwrap();
    let path = course_file(&dir, "c.trellis");
    Connection::open(&path)
        .unwrap()
        .execute_batch("PRAGMA journal_mode = DELETE")
        .unwrap();
    assert_eq!(journal_bytes(&path), [1, 1]);
    let before = snapshot(&path);
    let file = CourseFile::open_read_only(&path).unwrap();
    assert_eq!(file.course().modules[0].title, "Renamed");
    drop(file);
    assert_eq!(snapshot(&path), before);
    assert_eq!(journal_bytes(&path), [1, 1]);
}

/// A schema-1 file (as the Trellis before review comments wrote it) reads
/// as an upgraded file would, through a copy in memory, and stays schema 1
/// on disk so that the older Trellis still opens it. Opening it to edit
/// upgrades it, and `upgrade_needed` lets the caller say so first.
#[test]
fn an_older_file_is_read_without_being_upgraded() {
    let dir = TempDir::new().unwrap();
    let path = course_file(&dir, "old.trellis");
    let current = CourseFile::open_read_only(&path).unwrap().course().clone();
    make_schema_1(&path);
    assert_eq!(user_version(&path), 1);
    assert_eq!(CourseFile::upgrade_needed(&path).unwrap(), Some(1));
    let before = snapshot(&path);
    {
        let file = CourseFile::open_read_only(&path).unwrap();
        assert_eq!(file.course(), &current);
        assert!(file.comments().unwrap().is_empty());
        assert_eq!(file.asset_bytes("captions/hello.vtt").unwrap(), vtt());
    }
    assert_eq!(snapshot(&path), before);
    assert_eq!(user_version(&path), 1);

    drop(CourseFile::open(&path).unwrap());
    assert_eq!(user_version(&path), SCHEMA_VERSION);
    assert_eq!(CourseFile::upgrade_needed(&path).unwrap(), None);
}

/// A course file the author may only read (a colleague's share, a
/// read-only mount) can be read. SQLite opens it read-only, so this holds
/// even for root, whom permissions do not stop: the unchanged bytes and
/// time prove nothing was written. (Only as another user does the
/// permission itself stop a write; the earlier read-write open failed
/// there with "attempt to write a readonly database".)
#[cfg(unix)]
#[test]
fn a_read_only_file_in_a_read_only_folder_can_be_read() {
    use std::os::unix::fs::PermissionsExt;
    let dir = TempDir::new().unwrap();
    let folder = dir.path().join("shared");
    std::fs::create_dir(&folder).unwrap();
    let path = folder.join("c.trellis");
    std::fs::rename(course_file(&dir, "c.trellis"), &path).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o444)).unwrap();
    std::fs::set_permissions(&folder, std::fs::Permissions::from_mode(0o555)).unwrap();
    let before = snapshot(&path);
    let read = CourseFile::open_read_only(&path).map(|f| f.course().modules[0].title.clone());
    std::fs::set_permissions(&folder, std::fs::Permissions::from_mode(0o755)).unwrap();
    assert_eq!(read.unwrap(), "Renamed");
    assert_eq!(snapshot(&path), before);
}

/// A Trellis that has the file open holds it; reading then says so
/// instead of reading an older state.
#[test]
fn a_file_open_for_editing_is_not_read_behind_its_back() {
    let dir = TempDir::new().unwrap();
    let path = course_file(&dir, "c.trellis");
    let editing = CourseFile::open(&path).unwrap();
    let err = CourseFile::open_read_only(&path).unwrap_err();
    assert!(matches!(err, StoreError::Locked { .. }), "{err}");
    drop(editing);
    CourseFile::open_read_only(&path).unwrap();
}

/// A course file whose header is intact but whose pages are not: SQLite
/// says "file is not a database" or "database disk image is malformed";
/// the author is told what it means for them.
#[test]
fn a_damaged_file_is_described_in_the_authors_words() {
    let dir = TempDir::new().unwrap();
    let path = course_file(&dir, "damaged.trellis");
    let mut bytes = std::fs::read(&path).unwrap();
    let page = usize::from(u16::from_be_bytes([bytes[16], bytes[17]]));
    let mut rng = fastrand::Rng::with_seed(3);
    for b in &mut bytes[100..page * 3] {
        *b = rng.u8(..);
    }
    std::fs::write(&path, &bytes).unwrap();
    for (how, err) in [
        ("read", CourseFile::open_read_only(&path).unwrap_err()),
        ("edit", CourseFile::open(&path).unwrap_err()),
    ] {
        let message = err.to_string();
        assert!(
            matches!(err, StoreError::Damaged { .. }),
            "{how}: {message}"
        );
        assert!(
            message.contains("is not a Trellis course file, or it is damaged"),
            "{how}: {message}"
        );
        for sqlite in ["database", "malformed", "SQL"] {
            assert!(!message.contains(sqlite), "{how}: {message}");
        }
    }
}
