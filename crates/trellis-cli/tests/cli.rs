//! The `trellis` binary end to end, over the shipped examples and blueprints,
//! on real files in temporary folders.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use serde_json::Value;

mod common;
use common::{ok, root, text, trellis};
use trellis_model::block::{BLOCK_KINDS, QUESTION_KINDS};

fn examples() -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(root().join("examples"))
        .expect("examples/ exists")
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    assert!(dirs.len() >= 2, "at least two example courses");
    dirs
}

fn p(path: &Path) -> &str {
    path.to_str().unwrap()
}

#[test]
fn every_example_imports_checks_clean_and_round_trips() {
    let tmp = tempfile::tempdir().unwrap();
    for example in examples() {
        let name = example.file_name().unwrap().to_str().unwrap();
        let file = tmp.path().join(format!("{name}.trellis"));
        ok(&["import", p(&example), "-o", p(&file)]);
        // No design-check errors in what we ship.
        ok(&["check", p(&file)]);
        // Folder and file give the same counts.
        let from_folder: Value =
            serde_json::from_str(&ok(&["info", "--format", "json", p(&example)])).unwrap();
        let from_file: Value =
            serde_json::from_str(&ok(&["info", "--format", "json", p(&file)])).unwrap();
        assert_eq!(from_folder, from_file, "{name}");
        // Examples are finished courses: no blueprint placeholder left.
        assert_eq!(from_file["placeholders"], 0, "{name}");
        // Export, re-import, export again: byte-identical.
        let first = tmp.path().join(format!("{name}-1"));
        let second = tmp.path().join(format!("{name}-2"));
        let again = tmp.path().join(format!("{name}-again.trellis"));
        ok(&["export", p(&file), "-o", p(&first)]);
        ok(&["import", p(&first), "-o", p(&again)]);
        ok(&["export", p(&again), "-o", p(&second)]);
        assert_eq!(
            read_tree(&first),
            read_tree(&second),
            "{name}: second export differs"
        );
    }
}

#[test]
fn the_examples_use_every_block_and_question_kind() {
    let mut blocks = BTreeSet::new();
    let mut questions = BTreeSet::new();
    let mut assessments = 0;
    let mut scenarios = 0;
    for example in examples() {
        let check: Value =
            serde_json::from_str(&ok(&["info", "--format", "json", p(&example)])).unwrap();
        for (kind, n) in check["questions_by_kind"].as_object().unwrap() {
            if n.as_u64().unwrap() > 0 {
                questions.insert(kind.clone());
            }
        }
        scenarios += check["scenarios"].as_u64().unwrap();
        for kind in block_kinds_in(&example) {
            blocks.insert(kind);
        }
        for entry in std::fs::read_dir(example.join("lessons")).unwrap() {
            let body = std::fs::read_to_string(entry.unwrap().path()).unwrap();
            if body.contains("template = \"assessment\"") {
                assessments += 1;
            }
        }
    }
    let want: BTreeSet<String> = BLOCK_KINDS.iter().map(|s| s.to_string()).collect();
    assert_eq!(blocks, want, "block kinds used across the examples");
    let want: BTreeSet<String> = QUESTION_KINDS.iter().map(|s| s.to_string()).collect();
    assert_eq!(questions, want, "question kinds used across the examples");
    assert!(scenarios >= 1 && assessments >= 2);
}

/// Block kinds named by the fences of an example's lesson files.
fn block_kinds_in(example: &Path) -> Vec<String> {
    let mut kinds = Vec::new();
    for entry in std::fs::read_dir(example.join("lessons")).unwrap() {
        let body = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        for line in body.lines() {
            if let Some(rest) = line.strip_prefix(":::") {
                let rest = rest.trim_start_matches(':').trim();
                if let Some(kind) = rest.split_whitespace().next() {
                    kinds.push(kind.to_owned());
                }
            }
        }
    }
    kinds
}

fn read_tree(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let rel = path
                    .strip_prefix(dir)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned();
                out.push((rel, std::fs::read(&path).unwrap()));
            }
        }
    }
    out.sort();
    out
}

/// A course made from a blueprint holds the blueprint's guidance, marked as
/// placeholders: the check reports them (and nothing else as an error), and
/// publishing refuses learner packages but makes a review build.
#[test]
fn every_blueprint_makes_a_course_whose_only_errors_are_its_placeholders() {
    let list = ok(&["new", "--list"]);
    let names: Vec<&str> = list
        .lines()
        .filter(|l| !l.starts_with(' ') && !l.is_empty())
        .collect();
    for want in [
        "compliance-training",
        "software-procedure",
        "soft-skills-scenario",
        "product-knowledge",
    ] {
        assert!(names.contains(&want), "blueprint {want} listed in {list}");
    }
    let tmp = tempfile::tempdir().unwrap();
    let mut ids = BTreeSet::new();
    for name in names {
        let file = tmp.path().join(format!("{name}.trellis"));
        ok(&[
            "new",
            "--template",
            name,
            p(&file),
            "--title",
            "My new course",
        ]);
        let info: Value =
            serde_json::from_str(&ok(&["info", "--format", "json", p(&file)])).unwrap();
        assert_eq!(info["title"], "My new course");
        assert!(info["lessons"].as_u64().unwrap() >= 3, "{name}");
        // Each new course gets its own id, so published activity ids never collide.
        assert!(ids.insert(info["id"].as_str().unwrap().to_owned()));

        let out = trellis(&["check", "--format", "json", p(&file)]);
        assert_eq!(out.status.code(), Some(1), "{name}: the check fails");
        let report: Value = serde_json::from_slice(&out.stdout).unwrap();
        let errors: Vec<&Value> = report["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["severity"] == "error")
            .collect();
        assert!(errors.len() > 20, "{name}: {} errors", errors.len());
        for e in &errors {
            assert_eq!(e["rule"], "placeholder-text", "{name}: {e}");
        }

        let zip = tmp.path().join(format!("{name}.zip"));
        let err = common::fails(
            &["publish", p(&file), "--target", "scorm12", "-o", p(&zip)],
            3,
        );
        assert!(
            err.contains(&format!("{} placeholders", errors.len())),
            "{name}: {err}"
        );
        assert!(!zip.exists(), "{name}: nothing written");
        let review = tmp.path().join(format!("{name}-review.zip"));
        ok(&["publish", p(&file), "--target", "review", "-o", p(&review)]);
        assert!(review.exists());
    }
}

#[test]
fn info_json_has_title_and_counts() {
    let example = &examples()[0];
    let info: Value = serde_json::from_str(&ok(&["info", "--format", "json", p(example)])).unwrap();
    for key in [
        "title",
        "modules",
        "lessons",
        "blocks",
        "questions",
        "questions_by_kind",
        "objectives",
        "assets",
    ] {
        assert!(info.get(key).is_some(), "missing {key} in {info}");
    }
    assert!(info["modules"].as_u64().unwrap() >= 2);
}

#[test]
fn check_json_lists_findings_and_fails_on_errors() {
    let tmp = tempfile::tempdir().unwrap();
    let course = tmp.path().join("c");
    common::copy_tree(&examples()[0], &course);
    // Strip all alt text: an accessibility error the check must report.
    for entry in std::fs::read_dir(course.join("lessons")).unwrap() {
        let path = entry.unwrap().path();
        let body = std::fs::read_to_string(&path).unwrap();
        let stripped: String = body
            .lines()
            .map(|l| {
                if l.starts_with("alt = ") {
                    "alt = \"\""
                } else {
                    l
                }
            })
            .collect::<Vec<_>>()
            .join("\n")
            + "\n";
        std::fs::write(&path, stripped).unwrap();
    }
    let out = trellis(&["check", "--format", "json", p(&course)]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let findings = report["findings"].as_array().unwrap();
    assert!(
        findings
            .iter()
            .any(|f| f["severity"] == "error" && f["rule"].as_str().unwrap().contains("alt"))
    );
    for f in findings {
        assert!(
            f["message"].as_str().is_some() && f["location"].is_object(),
            "{f}"
        );
    }
}

#[test]
fn import_never_overwrites_and_bad_paths_fail_clearly() {
    let tmp = tempfile::tempdir().unwrap();
    let existing = tmp.path().join("existing.trellis");
    std::fs::write(&existing, b"precious").unwrap();
    let out = trellis(&["import", p(&examples()[0]), "-o", p(&existing)]);
    assert_eq!(out.status.code(), Some(3));
    assert!(
        text(&out.stderr).contains("exists"),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(std::fs::read(&existing).unwrap(), b"precious");

    let out = trellis(&["info", p(&tmp.path().join("nope.trellis"))]);
    assert_eq!(out.status.code(), Some(3));
    assert!(text(&out.stderr).starts_with("error: "));

    let out = trellis(&["check", p(&existing)]);
    assert_eq!(out.status.code(), Some(3));
    assert!(
        text(&out.stderr).contains("not a Trellis course"),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(std::fs::read(&existing).unwrap(), b"precious");

    let out = trellis(&[
        "new",
        "--template",
        "no-such-thing",
        p(&tmp.path().join("x.trellis")),
    ]);
    assert_eq!(out.status.code(), Some(3));
    assert!(
        text(&out.stderr).contains("compliance-training"),
        "names the blueprints"
    );
    assert!(!tmp.path().join("x.trellis").exists());

    let out = trellis(&["frobnicate"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn help_shows_examples() {
    let help = ok(&["--help"]);
    assert!(help.contains("Examples:") && help.contains("trellis import"));
    for cmd in ["new", "import", "export", "check", "info"] {
        assert!(ok(&[cmd, "--help"]).contains("Example"), "{cmd} --help");
    }
}

/// `trellis info COURSE | head -1`: a reader that stops early closed the
/// pipe, and printing the rest panicked ("failed printing to stdout:
/// Broken pipe", exit 101). Every printing command now stops writing
/// quietly and ends with its own status.
#[test]
fn a_closed_pipe_is_not_a_crash() {
    use std::process::{Command, Stdio};
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("course.trellis");
    ok(&["import", "examples/phishing-awareness", "-o", p(&file)]);
    let zip = tmp.path().join("out.zip");
    let commands: [&[&str]; 7] = [
        &["info", p(&file)],
        &["info", "--format", "json", p(&file)],
        &["check", p(&file)],
        &["comments", p(&file)],
        &["new", "--list"],
        &["publish", p(&file), "--target", "web", "-o", p(&zip)],
        &["--help"],
    ];
    for args in commands {
        let mut child = Command::new(env!("CARGO_BIN_EXE_trellis"))
            .args(args)
            .current_dir(root())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // The reader goes away before the command has printed anything.
        drop(child.stdout.take());
        let out = child.wait_with_output().unwrap();
        let err = text(&out.stderr);
        assert!(!err.contains("panicked"), "{args:?}: {err}");
        assert_eq!(out.status.code(), Some(0), "{args:?}: {err}");
    }
    assert!(zip.is_file(), "publish finished its work");
}
