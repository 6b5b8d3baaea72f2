//! Untrusted text (course titles, file names) reaches the terminal escaped:
//! no escape sequence, line break or bidi override of a course can drive or
//! fake what `trellis` prints (issue 19, fault 8).

use std::path::Path;

mod common;
use common::{root, text, trellis};

/// Characters that must never reach a terminal from a course.
const RAW: [char; 5] = ['\u{1b}', '\u{9b}', '\u{202e}', '\u{2028}', '\r'];

fn assert_clean(what: &str, out: &str) {
    for c in RAW {
        assert!(!out.contains(c), "{what} printed {c:?} raw:\n{out:?}");
    }
}

fn replace_in(file: &Path, old: &str, new: &str) {
    let s = std::fs::read_to_string(file).unwrap();
    assert!(s.contains(old), "{old} in {}", file.display());
    std::fs::write(file, s.replacen(old, new, 1)).unwrap();
}

#[test]
fn titles_and_file_names_are_escaped_on_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let course = dir.path().join("course");
    common::copy_tree(&root().join("examples/phishing-awareness"), &course);
    // A C1 "clear screen" (CSI 2 J), a right-to-left override and a line
    // separator followed by a fake verdict; all of them XML allows.
    replace_in(
        &course.join("course.toml"),
        "title = \"Phishing awareness for office staff\"",
        "title = \"Phishing\\u009b2J \\u202Eawareness\\u2028No findings\\r\"",
    );
    // A module title with an override, in a finding's place (an image
    // without alt text).
    replace_in(
        &course.join("course.toml"),
        "title = \"Recognise phishing\"",
        "title = \"Recognise\\u202Ephishing\"",
    );
    let lesson = course.join("lessons/warning-signs.md");
    let alt = std::fs::read_to_string(&lesson)
        .unwrap()
        .lines()
        .find(|l| l.starts_with("alt = "))
        .expect("the lesson has an image")
        .to_owned();
    replace_in(&lesson, &alt, "alt = \"\"");
    let folder = course.to_str().unwrap();

    let info = trellis(&["info", folder]);
    assert!(info.status.success(), "{}", text(&info.stderr));
    let info = text(&info.stdout);
    assert_clean("info", &info);
    assert!(
        info.contains("Phishing\\u{9b}2J \\u{202e}awareness\\u{2028}No findings\\u{d}"),
        "{info}"
    );

    let check = trellis(&["check", folder]);
    let out = text(&check.stdout) + &text(&check.stderr);
    assert_clean("check", &out);
    assert!(out.contains("Recognise\\u{202e}phishing"), "{out}");

    let output = dir.path().join("out.trellis");
    let import = trellis(&["import", folder, "--output", output.to_str().unwrap()]);
    assert!(import.status.success(), "{}", text(&import.stderr));
    assert_clean("import", &text(&import.stdout));

    // A file name with an escape sequence, named in an import error.
    std::fs::write(course.join("lessons/x\u{1b}[2J.txt"), "hello").unwrap();
    let refused = trellis(&[
        "import",
        folder,
        "--output",
        dir.path().join("b.trellis").to_str().unwrap(),
    ]);
    assert!(!refused.status.success());
    let err = text(&refused.stderr);
    assert_clean("import error", &err);
    assert!(err.contains("lessons/x\\u{1b}[2J.txt"), "{err}");
}
