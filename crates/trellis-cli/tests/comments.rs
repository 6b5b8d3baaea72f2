//! `trellis comments` end to end: importing review files into a course file
//! and a text-format folder, reimporting, refusing other courses' and
//! damaged files with nothing changed, filters, and JSON output.

use std::path::{Path, PathBuf};

use serde_json::{Value, json};

mod common;
use common::{fails, ok, root, text};

fn example() -> PathBuf {
    root().join("examples/phishing-awareness")
}

fn p(path: &Path) -> &str {
    path.to_str().unwrap()
}

/// A review file from `reviewer` on the example: one comment on the first
/// question's first choice, one on its whole block, one on its lesson.
fn review(reviewer: &str, course_id: &str) -> Value {
    let course = trellis_text::import_dir(&example()).unwrap().course;
    let (lesson, block) = course
        .blocks()
        .find(|(_, b)| {
            matches!(
                b.question().map(|q| &q.answer),
                Some(trellis_model::Answer::SingleChoice { .. })
            )
        })
        .unwrap();
    let Some(trellis_model::Answer::SingleChoice { choices }) = block.question().map(|q| &q.answer)
    else {
        unreachable!()
    };
    let key = reviewer.to_lowercase();
    json!({
        "format": "trellis-review",
        "format_version": 1,
        "course": {"id": course_id, "title": "Phishing awareness", "version": course.fingerprint()},
        "reviewer": {"name": reviewer},
        "sent": "2026-11-28T16:00:00.000Z",
        "comments": [
            {
                "id": format!("c-{key}-1"),
                "target": {"lesson": lesson.id, "block": block.id, "item": choices[0].id, "part": "choice"},
                "text": "<script>alert(1)</script> Is this really wrong?\u{1b}[31m",
                "quote": choices[0].text,
                "block_version": block.fingerprint(),
                "created": "2026-11-28T15:10:00Z"
            },
            {
                "id": format!("c-{key}-2"),
                "target": {"lesson": lesson.id, "block": block.id},
                "text": "Add a screenshot.",
                "block_version": block.fingerprint(),
                "created": "2026-11-28T15:11:00Z"
            },
            {
                "id": format!("c-{key}-3"),
                "target": {"lesson": lesson.id},
                "text": "Good lesson overall.",
                "created": "2026-11-28T15:09:00Z"
            }
        ]
    })
}

struct Setup {
    _dir: tempfile::TempDir,
    course: PathBuf,
    dana: PathBuf,
    lee: PathBuf,
    dir: PathBuf,
}

fn setup() -> Setup {
    let dir = tempfile::tempdir().unwrap();
    let course = dir.path().join("course.trellis");
    ok(&["import", p(&example()), "-o", p(&course)]);
    let dana = dir.path().join("dana.trellis-review");
    std::fs::write(&dana, review("Dana", "phishing-awareness").to_string()).unwrap();
    let lee = dir.path().join("lee.trellis-review");
    std::fs::write(&lee, review("Lee", "phishing-awareness").to_string()).unwrap();
    Setup {
        dir: dir.path().to_owned(),
        _dir: dir,
        course,
        dana,
        lee,
    }
}

fn listed(course: &Path, extra: &[&str]) -> Vec<Value> {
    let mut args = vec!["comments", "--format", "json"];
    args.extend_from_slice(extra);
    args.push(p(course));
    let out: Value = serde_json::from_str(&ok(&args)).unwrap();
    assert_eq!(out["course"]["id"], "phishing-awareness");
    out["comments"].as_array().unwrap().clone()
}

#[test]
fn import_then_reimport_adds_nothing() {
    let s = setup();
    assert!(listed(&s.course, &[]).is_empty());
    let out = ok(&["comments", p(&s.course), "--import", p(&s.dana)]);
    assert!(
        out.starts_with("Imported 3 new comments from Dana into"),
        "{out}"
    );
    let again = ok(&[
        "comments",
        p(&s.course),
        "--import",
        p(&s.dana),
        "--format",
        "json",
    ]);
    let again: Value = serde_json::from_str(&again).unwrap();
    assert_eq!(
        again,
        json!({"added": 0, "skipped": 3, "reviewers": ["Dana"]})
    );

    let comments = listed(&s.course, &[]);
    let ids: Vec<&str> = comments.iter().map(|c| c["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["c-dana-3", "c-dana-1", "c-dana-2"], "oldest first");
    assert!(comments.iter().all(|c| c["anchor"] == "current"));
    assert_eq!(
        comments[1]["text"], "<script>alert(1)</script> Is this really wrong?\u{1b}[31m",
        "JSON keeps the text verbatim"
    );

    // Two files at once; Dana's are already there.
    let out = ok(&[
        "comments",
        p(&s.course),
        "--import",
        p(&s.dana),
        "--import",
        p(&s.lee),
    ]);
    assert!(
        out.contains("Imported 3 new comments from Dana, Lee"),
        "{out}"
    );
    assert!(out.contains("(3 already there)"), "{out}");
    assert_eq!(listed(&s.course, &[]).len(), 6);
    assert_eq!(listed(&s.course, &["--reviewer", "lee"]).len(), 3);
    assert_eq!(listed(&s.course, &["--status", "resolved"]).len(), 0);
    assert_eq!(listed(&s.course, &["--status", "open"]).len(), 6);
}

#[test]
fn another_course_and_damaged_files_are_refused_with_nothing_changed() {
    let s = setup();
    let other = s.dir.join("other.trellis-review");
    std::fs::write(&other, review("Kim", "fire-safety").to_string()).unwrap();
    let before = std::fs::read(&s.course).unwrap();

    let err = fails(&["comments", p(&s.course), "--import", p(&other)], 3);
    assert!(
        err.contains("this review file is for the course \"Phishing awareness\" (fire-safety), not this one (phishing-awareness)"),
        "{err}"
    );
    assert!(err.contains("nothing was imported"), "{err}");

    let full = std::fs::read(&s.dana).unwrap();
    let cut = s.dir.join("cut.trellis-review");
    std::fs::write(&cut, &full[..full.len() * 2 / 3]).unwrap();
    let err = fails(&["comments", p(&s.course), "--import", p(&cut)], 3);
    assert!(err.contains("damaged or cut short"), "{err}");

    // A good file with a bad one: neither is imported.
    let err = fails(
        &[
            "comments",
            p(&s.course),
            "--import",
            p(&s.dana),
            "--import",
            p(&cut),
        ],
        3,
    );
    assert!(err.contains("cut.trellis-review"), "{err}");

    let err = fails(
        &[
            "comments",
            p(&s.course),
            "--import",
            p(&s.dir.join("missing.trellis-review")),
        ],
        3,
    );
    assert!(err.contains("could not read"), "{err}");

    assert!(listed(&s.course, &[]).is_empty());
    assert_eq!(
        std::fs::read(&s.course).unwrap(),
        before,
        "the file is untouched"
    );

    // Bad usage is exit status 2.
    fails(&["comments", p(&s.course), "--status", "done"], 2);
}

#[test]
fn text_output_groups_by_lesson_and_shows_anchors() {
    let s = setup();
    ok(&["comments", p(&s.course), "--import", p(&s.dana)]);
    // Export, delete the commented block in the folder, import again:
    // the block's comments say it is gone.
    let folder = s.dir.join("text");
    ok(&["export", p(&s.course), "-o", p(&folder)]);
    assert_eq!(
        std::fs::read_dir(folder.join("comments")).unwrap().count(),
        3,
        "export writes one file per comment"
    );
    let out = ok(&["comments", p(&folder)]);
    assert!(
        out.starts_with("Phishing awareness for office staff: 3 comments (3 open, 0 resolved)"),
        "{out}"
    );
    assert!(out.contains("\nLesson \""), "{out}");
    assert!(out.contains("[open] c-dana-1 — Dana, on block "), "{out}");
    assert!(out.contains(", choice "), "{out}");
    assert!(
        out.contains("<script>alert(1)</script> Is this really wrong?\\u{1b}[31m"),
        "{out}"
    );
    assert!(
        !out.contains('\u{1b}'),
        "no raw escape reaches the terminal"
    );
    assert!(!out.contains("changed since"), "{out}");

    // Change the commented block's text in the lesson file.
    let comments = listed(&s.course, &[]);
    let block = comments[1]["target"]["block"].as_str().unwrap().to_owned();
    let lesson = comments[1]["target"]["lesson"].as_str().unwrap().to_owned();
    let quote = comments[1]["quote"].as_str().unwrap().to_owned();
    let lesson_file = folder.join(format!("lessons/{lesson}.md"));
    let md = std::fs::read_to_string(&lesson_file).unwrap();
    assert!(md.contains(&quote));
    std::fs::write(&lesson_file, md.replacen(&quote, "A reworded choice", 1)).unwrap();
    let out = ok(&["comments", p(&folder)]);
    assert!(out.contains(&format!("on block {block}, choice")), "{out}");
    assert!(out.contains("(changed since the comment)"), "{out}");
    assert!(out.contains("Commented text:\n    > "), "{out}");
    let json: Value =
        serde_json::from_str(&ok(&["comments", "--format", "json", p(&folder)])).unwrap();
    assert_eq!(json["comments"][1]["anchor"], "changed");

    // Importing the folder carries the comments into a new course file.
    let again = s.dir.join("again.trellis");
    let out = ok(&["import", p(&folder), "-o", p(&again)]);
    assert!(out.contains("; 3 review comments."), "{out}");
    assert_eq!(listed(&again, &[]).len(), 3);
}

#[test]
fn importing_into_a_folder_writes_one_file_per_new_comment() {
    let s = setup();
    let folder = s.dir.join("text");
    common::copy_tree(&example(), &folder);
    ok(&["comments", p(&folder), "--import", p(&s.dana)]);
    let mut names: Vec<String> = std::fs::read_dir(folder.join("comments"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["c-dana-1.toml", "c-dana-2.toml", "c-dana-3.toml"]);
    let out = ok(&[
        "comments",
        p(&folder),
        "--import",
        p(&s.dana),
        "--import",
        p(&s.lee),
    ]);
    assert!(out.contains("Imported 3 new comments"), "{out}");
    assert_eq!(listed(&folder, &[]).len(), 6);
    // The files are what export writes: a round trip changes nothing.
    let course = s.dir.join("from-folder.trellis");
    ok(&["import", p(&folder), "-o", p(&course)]);
    let exported = s.dir.join("exported");
    ok(&["export", p(&course), "-o", p(&exported)]);
    for name in std::fs::read_dir(folder.join("comments")).unwrap() {
        let name = name.unwrap().file_name();
        assert_eq!(
            std::fs::read(folder.join("comments").join(&name)).unwrap(),
            std::fs::read(exported.join("comments").join(&name)).unwrap(),
        );
    }
}

#[test]
fn help_shows_comment_examples() {
    let out = ok(&["comments", "--help"]);
    assert!(
        out.contains("trellis comments phishing.trellis --import"),
        "{out}"
    );
    let out = ok(&["--help"]);
    assert!(out.contains("trellis comments"), "{out}");
}

/// Importing comments edits the course file, so a file from an older
/// Trellis is upgraded then, and only then, after saying so (the older
/// Trellis will not open it afterwards); listing them upgrades nothing.
#[test]
fn importing_into_an_older_file_says_it_upgrades_it() {
    let s = setup();
    let version = |path: &Path| -> u32 {
        u32::from_be_bytes(std::fs::read(path).unwrap()[60..64].try_into().unwrap())
    };
    let current = s.course.with_extension("current");
    std::fs::rename(&s.course, &current).unwrap();
    trellis_store::older::write_schema_v1(&current, &s.course).unwrap();
    assert!(listed(&s.course, &[]).is_empty());
    assert_eq!(version(&s.course), 1, "listing leaves it as it was");
    let out = common::trellis(&["comments", p(&s.course), "--import", p(&s.dana)]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let said = text(&out.stderr);
    assert!(
        said.contains("Upgrading") && said.contains("older versions of Trellis will not open it"),
        "{said}"
    );
    assert!(version(&s.course) > 1);
    assert_eq!(listed(&s.course, &[]).len(), 3);
    let again = common::trellis(&["comments", p(&s.course), "--import", p(&s.lee)]);
    assert!(!text(&again.stderr).contains("Upgrading"), "only once");
}
