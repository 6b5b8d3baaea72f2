//! Tests with real second processes: the test binary re-invokes itself with
//! `TRELLIS_STORE_CHILD` set, and `child_process` then acts as the child.
//!
//! - The crash test kills a child mid-edit-loop many times and checks that the
//!   file stays intact and that every acknowledged edit survived.
//! - The lock test checks that a file held by another process is refused.

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use tempfile::TempDir;
use trellis_model::sample::demo_course;
use trellis_model::{Block, BlockContent, BlockId, Course, Edit, LessonId};
use trellis_store::{CourseFile, StoreError};

const CHILD_ENV: &str = "TRELLIS_STORE_CHILD";
const PATH_ENV: &str = "TRELLIS_STORE_CHILD_PATH";
const START_ENV: &str = "TRELLIS_STORE_CHILD_START";

/// The child side; does nothing in a normal test run.
#[test]
fn child_process() {
    let Ok(mode) = std::env::var(CHILD_ENV) else {
        return;
    };
    let path = PathBuf::from(std::env::var(PATH_ENV).unwrap());
    match mode.as_str() {
        "edit" => edit_loop(&path, std::env::var(START_ENV).unwrap().parse().unwrap()),
        "hold" => {
            let _file = CourseFile::open(&path).unwrap();
            say("open");
            std::thread::sleep(Duration::from_secs(60));
        }
        other => panic!("unknown child mode {other}"),
    }
}

/// Marks the child's own lines: with `--nocapture` the test harness may print
/// `test child_process ... ` on the same line before them.
const MARK: &str = "@child@ ";

fn say(line: &str) {
    let mut out = std::io::stdout().lock();
    writeln!(out, "{MARK}{line}").unwrap();
    out.flush().unwrap();
}

fn crash_block_id(n: u64) -> BlockId {
    BlockId::new(format!("crash-{n}")).unwrap()
}

/// Applies edits numbered from `start` forever, printing `ack N` once edit N
/// is committed. Even edits add block `crash-N`; odd ones rename the quiz
/// lesson to `title N` or move a crash block somewhere random.
fn edit_loop(path: &Path, start: u64) {
    let mut file = CourseFile::open(path).unwrap();
    say("open");
    let mut rng = fastrand::Rng::new();
    let lessons: Vec<LessonId> = file.course().lessons().map(|l| l.id.clone()).collect();
    for n in start.. {
        let course = file.course();
        let lesson = &lessons[rng.usize(..lessons.len())];
        let len = course.lesson(lesson).unwrap().blocks.len();
        let edit = match n % 4 {
            0 | 2 => Edit::AddBlock {
                lesson: lesson.clone(),
                index: rng.usize(..=len),
                block: Block {
                    job_aid: None,
                    placeholders: Default::default(),
                    id: crash_block_id(n),
                    slot: None,
                    content: BlockContent::Text {
                        markdown: format!("Edit {n}"),
                    },
                },
            },
            1 => Edit::RenameLesson {
                id: LessonId::new("l-quiz").unwrap(),
                title: format!("title {n}"),
            },
            _ => {
                let crash: Vec<&BlockId> = course
                    .blocks()
                    .map(|(_, b)| &b.id)
                    .filter(|id| id.as_str().starts_with("crash-"))
                    .collect();
                let id = crash[rng.usize(..crash.len())].clone();
                let same = course
                    .lesson(lesson)
                    .unwrap()
                    .blocks
                    .iter()
                    .any(|b| b.id == id);
                Edit::MoveBlock {
                    id,
                    lesson: lesson.clone(),
                    index: rng.usize(..=len - usize::from(same)),
                }
            }
        };
        file.apply(edit).unwrap();
        say(&format!("ack {n}"));
    }
}

fn spawn_child(mode: &str, path: &Path, start: u64) -> Child {
    Command::new(std::env::current_exe().unwrap())
        .args([
            "child_process",
            "--exact",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(CHILD_ENV, mode)
        .env(PATH_ENV, path)
        .env(START_ENV, start.to_string())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

/// Forwards the child's complete stdout lines; a line cut short by the kill
/// (no final newline) is not forwarded.
fn read_lines(child: &mut Child) -> mpsc::Receiver<String> {
    let (tx, rx) = mpsc::channel();
    let mut out = BufReader::new(child.stdout.take().unwrap());
    std::thread::spawn(move || {
        let mut line = String::new();
        loop {
            line.clear();
            match out.read_line(&mut line) {
                Ok(0) | Err(_) => break,
                Ok(_) if line.ends_with('\n') => {
                    if let Some((_, said)) = line.trim_end().split_once(MARK)
                        && tx.send(said.to_owned()).is_err()
                    {
                        break;
                    }
                }
                Ok(_) => break,
            }
        }
    });
    rx
}

fn stderr_of(child: &mut Child) -> String {
    let mut s = String::new();
    if let Some(mut e) = child.stderr.take() {
        let _ = std::io::Read::read_to_string(&mut e, &mut s);
    }
    s
}

/// Highest edit number visible in the course: crash blocks and the quiz title.
fn max_edit_in(course: &Course) -> Option<u64> {
    let blocks = course
        .blocks()
        .filter_map(|(_, b)| b.id.as_str().strip_prefix("crash-")?.parse().ok());
    let title = course
        .lesson(&LessonId::new("l-quiz").unwrap())
        .unwrap()
        .title
        .strip_prefix("title ")
        .and_then(|n| n.parse().ok());
    blocks.chain(title).max()
}

#[test]
fn killed_writers_lose_no_acknowledged_edit() {
    const ROUNDS: usize = 24;
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("crash.trellis");
    drop(CourseFile::create(&path, &demo_course(), []).unwrap());
    let mut rng = fastrand::Rng::new();
    let mut acked_blocks: Vec<u64> = Vec::new();
    let mut acked_title: Option<u64> = None;
    let mut next = 0u64;
    let mut total_acks = 0usize;
    let started = Instant::now();

    for round in 0..ROUNDS {
        let mut child = spawn_child("edit", &path, next);
        let lines = read_lines(&mut child);
        std::thread::sleep(Duration::from_millis(rng.u64(5..300)));
        if let Some(status) = child.try_wait().unwrap() {
            panic!(
                "round {round}: child exited by itself ({status}):\n{}",
                stderr_of(&mut child)
            );
        }
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
        let mut acks = 0;
        for line in lines.iter() {
            if let Some(n) = line.strip_prefix("ack ") {
                let n: u64 = n.parse().unwrap();
                acks += 1;
                match n % 4 {
                    0 | 2 => acked_blocks.push(n),
                    1 => acked_title = acked_title.max(Some(n)),
                    _ => {}
                }
            }
        }
        total_acks += acks;

        let file = CourseFile::open(&path)
            .unwrap_or_else(|e| panic!("round {round}: reopening after the kill: {e}"));
        file.check_integrity()
            .unwrap_or_else(|e| panic!("round {round}: {e}"));
        let course = file.course();
        for &n in &acked_blocks {
            assert!(
                course.block(&crash_block_id(n)).is_some(),
                "round {round}: acknowledged edit {n} (add block) is lost"
            );
        }
        if let Some(n) = acked_title {
            let title = &course
                .lesson(&LessonId::new("l-quiz").unwrap())
                .unwrap()
                .title;
            let found: u64 = title.strip_prefix("title ").unwrap().parse().unwrap();
            assert!(
                found >= n,
                "round {round}: acknowledged rename {n} is lost ({title})"
            );
        }
        // An edit committed just before the kill may not have been
        // acknowledged; continue numbering after anything present.
        next = next.max(max_edit_in(course).map_or(0, |n| n + 1));
    }
    eprintln!(
        "{ROUNDS} kills, {total_acks} acknowledged edits, {} blocks added, in {:?}",
        acked_blocks.len(),
        started.elapsed()
    );
    assert!(
        total_acks >= ROUNDS,
        "too few edits were acknowledged ({total_acks}) for the test to mean much"
    );
    assert!(started.elapsed() < Duration::from_secs(60));
}

#[test]
fn a_file_held_by_another_process_is_refused() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("held.trellis");
    drop(CourseFile::create(&path, &demo_course(), []).unwrap());
    let before = std::fs::read(&path).unwrap();
    let mut child = spawn_child("hold", &path, 0);
    let lines = read_lines(&mut child);
    let first = lines.recv_timeout(Duration::from_secs(30));
    if first.as_deref() != Ok("open") {
        child.kill().unwrap();
        panic!("child did not open the file:\n{}", stderr_of(&mut child));
    }

    let err = CourseFile::open(&path).unwrap_err();
    assert!(matches!(err, StoreError::Locked { .. }), "{err}");
    assert!(
        err.to_string()
            .contains("another Trellis window or process")
    );

    child.kill().unwrap();
    child.wait().unwrap();
    let file = CourseFile::open(&path).unwrap();
    file.check_integrity().unwrap();
    assert_eq!(file.course(), &demo_course());
    drop(file);
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

fn result_row(n: usize) -> (trellis_store::ResultRow, String) {
    let id = format!("00000000-0000-4000-8000-{n:012}");
    (
        trellis_store::ResultRow {
            statement_id: id.clone(),
            course_id: "demo".into(),
            verb: "http://adlnet.gov/expapi/verbs/answered".into(),
            activity: "urn:trellis:course:demo:question:q-1".into(),
            learner: format!("mailto:l{}@example.com", n % 7),
            success: Some(n.is_multiple_of(2)),
            timestamp: "2026-12-01T10:00:00.000Z".into(),
            origin: "lrs".into(),
            ..Default::default()
        },
        format!(r#"{{"id":"{id}"}}"#),
    )
}

/// A results pull stores statements while another process edits the
/// course: both write the same file through SQLite, each waiting for the
/// other's transaction, and neither loses a write. The editor's hold stays
/// its own: a second editor is still refused meanwhile.
#[test]
fn results_are_stored_while_another_process_edits() {
    const BATCHES: usize = 40;
    const PER_BATCH: usize = 250;
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("busy.trellis");
    drop(CourseFile::create(&path, &demo_course(), []).unwrap());
    let mut child = spawn_child("edit", &path, 0);
    let lines = read_lines(&mut child);
    if lines.recv_timeout(Duration::from_secs(30)).as_deref() != Ok("open") {
        child.kill().unwrap();
        panic!("child did not open the file:\n{}", stderr_of(&mut child));
    }

    let mut results = CourseFile::open_for_results(&path).unwrap();
    assert!(matches!(
        CourseFile::open(&path).unwrap_err(),
        StoreError::Locked { .. }
    ));
    // Only results may be written through this handle.
    let err = results
        .apply(Edit::RenameLesson {
            id: LessonId::new("l-quiz").unwrap(),
            title: "not this way".into(),
        })
        .unwrap_err();
    assert!(matches!(err, StoreError::ReadOnly { .. }), "{err}");
    let mut stored = 0;
    for b in 0..BATCHES {
        let rows: Vec<_> = (b * PER_BATCH..(b + 1) * PER_BATCH)
            .map(result_row)
            .collect();
        stored += results.add_results(&rows).unwrap();
    }
    results
        .set_results_pull_marker(&trellis_store::PullMarker {
            lrs: "http://lrs.example/xAPI/".into(),
            last_stored: "2026-12-01T10:00:00Z".into(),
            pulled_at: "2026-12-01T11:00:00Z".into(),
        })
        .unwrap();
    drop(results);
    child.kill().unwrap();
    child.wait().unwrap();
    let acked: Vec<u64> = lines
        .try_iter()
        .filter_map(|l| l.strip_prefix("ack ")?.parse().ok())
        .collect();
    assert!(
        acked.len() >= 10,
        "the editor should have gone on editing during the pull ({} edits)",
        acked.len()
    );

    let file = CourseFile::open(&path).unwrap();
    file.check_integrity().unwrap();
    assert_eq!(stored, BATCHES * PER_BATCH);
    assert_eq!(file.results_count().unwrap(), (BATCHES * PER_BATCH) as u64);
    assert!(
        file.results_pull_marker("http://lrs.example/xAPI/")
            .unwrap()
            .is_some()
    );
    for &n in acked.iter().filter(|n| *n % 4 == 0 || *n % 4 == 2) {
        assert!(
            file.course().block(&crash_block_id(n)).is_some(),
            "acknowledged edit {n} is lost"
        );
    }
}
