//! The course's reporting setting end to end: from `course.toml` into a
//! `.trellis` file and back out, into the published package, and replaced for
//! one package by `trellis publish --reporting` without touching the course.

use std::path::Path;

mod common;
use common::{ok, root, text, trellis};

fn p(path: &Path) -> &str {
    path.to_str().unwrap()
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let dest = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &dest);
        } else {
            std::fs::copy(entry.path(), dest).unwrap();
        }
    }
}

/// The phishing example with `reporting = "completed-passed"` in its course.toml.
fn example_with_reporting(dir: &Path) -> std::path::PathBuf {
    let course = dir.join("phishing");
    copy_dir(&root().join("examples/phishing-awareness"), &course);
    let toml = course.join("course.toml");
    let body = std::fs::read_to_string(&toml).unwrap();
    assert!(!body.contains("reporting"), "the example keeps the default");
    let body = body.replacen(
        "completion = \"both\"\n",
        "completion = \"both\"\nreporting = \"completed-passed\"\n",
        1,
    );
    std::fs::write(&toml, body).unwrap();
    course
}

/// The reporting value in the player data of a published SCORM folder, and
/// whether its manifest gives the LMS a mastery score.
fn published(dir: &Path) -> (String, bool) {
    let index = std::fs::read_to_string(dir.join("index.html")).unwrap();
    let at = index
        .find("\"reporting\":\"")
        .expect("player data names the reporting")
        + 13;
    let value = index[at..].split('"').next().unwrap().to_owned();
    let manifest = std::fs::read_to_string(dir.join("imsmanifest.xml")).unwrap();
    (value, manifest.contains("adlcp:masteryscore"))
}

#[test]
fn the_setting_survives_the_course_file_and_the_text_format() {
    let tmp = tempfile::tempdir().unwrap();
    let folder = example_with_reporting(tmp.path());
    let file = tmp.path().join("phishing.trellis");
    ok(&["import", p(&folder), "-o", p(&file)]);
    let out = tmp.path().join("exported");
    ok(&["export", p(&file), "-o", p(&out)]);
    let toml = std::fs::read_to_string(out.join("course.toml")).unwrap();
    assert!(
        toml.contains("reporting = \"completed-passed\"\n"),
        "{toml}"
    );
}

#[test]
fn publish_follows_the_course_and_the_override_changes_only_the_package() {
    let tmp = tempfile::tempdir().unwrap();
    let folder = example_with_reporting(tmp.path());
    let file = tmp.path().join("phishing.trellis");
    ok(&["import", p(&folder), "-o", p(&file)]);
    let before = std::fs::read(&file).unwrap();

    let own = tmp.path().join("own");
    ok(&[
        "publish",
        p(&file),
        "--target",
        "scorm12",
        "--folder",
        "-o",
        p(&own),
    ]);
    assert_eq!(
        published(&own),
        ("completed-passed".into(), false),
        "the course's choice, and no mastery score that would let the LMS report a failure"
    );

    let over = tmp.path().join("over");
    ok(&[
        "publish",
        p(&file),
        "--target",
        "scorm12",
        "--folder",
        "-o",
        p(&over),
        "--reporting",
        "passed-failed",
    ]);
    assert_eq!(published(&over), ("passed-failed".into(), true));
    assert_eq!(
        std::fs::read(&file).unwrap(),
        before,
        "the course file is untouched"
    );

    let bad = trellis(&[
        "publish",
        p(&file),
        "--target",
        "scorm12",
        "--folder",
        "-o",
        p(&tmp.path().join("bad")),
        "--reporting",
        "passed",
    ]);
    assert_eq!(bad.status.code(), Some(2));
    let err = text(&bad.stderr);
    assert!(err.contains("unknown reporting `passed`"), "{err}");
    assert!(
        err.contains("completed-incomplete"),
        "names the choices: {err}"
    );
    assert!(!tmp.path().join("bad").exists());
}

#[test]
fn the_default_is_todays_passed_failed() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("pkg");
    ok(&[
        "publish",
        "examples/phishing-awareness",
        "--target",
        "scorm12",
        "--folder",
        "-o",
        p(&out),
    ]);
    assert_eq!(published(&out), ("passed-failed".into(), true));
}
