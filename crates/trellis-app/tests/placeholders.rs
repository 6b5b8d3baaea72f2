//! Blueprint placeholders through the app's commands, on real course files:
//! the check reports each one, publishing for learners refuses them, the
//! review build shows them, and replacing the text clears the mark in the
//! file.

use std::path::Path;

use serde_json::{Value, json};
use trellis_app::ErrorCode;

mod common;
use common::Fixture;
use trellis_store::CourseFile;

const LEARNER_TARGETS: [&str; 5] = ["scorm12", "scorm2004", "cmi5", "xapi", "web"];

impl Fixture {
    fn placeholder_findings(&mut self) -> Vec<Value> {
        let report = self.ok(json!({"cmd": "check"}));
        report["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["rule"] == "placeholder-text")
            .cloned()
            .collect()
    }

    /// Every lesson, whole.
    fn lessons(&mut self) -> Vec<Value> {
        let snap = self.ok(json!({"cmd": "snapshot"}));
        let ids: Vec<Value> = snap["course"]["modules"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|m| m["lessons"].as_array().unwrap().iter())
            .map(|l| l["id"].clone())
            .collect();
        self.ok(json!({"cmd": "lessons", "ids": ids}))
            .as_array()
            .unwrap()
            .clone()
    }
}

/// The course file as stored, read after the app has closed it.
fn stored(path: &Path) -> trellis_model::Course {
    CourseFile::open(path).unwrap().course().clone()
}

/// The JSON value a block's placeholder path names, to overwrite.
fn field_mut<'a>(content: &'a mut Value, path: &str) -> &'a mut Value {
    let parts: Vec<&str> = path.split('.').collect();
    // A question's own fields sit beside its answer; its lists inside it.
    let own = ["prompt", "hint", "correct_feedback", "incorrect_feedback"];
    let in_answer = content.get("answer").is_some() && !own.contains(&parts[0]);
    let mut at = if in_answer {
        &mut content["answer"]
    } else {
        content
    };
    let mut rest = &parts[..];
    loop {
        match rest {
            ["ending"] => return &mut at["ending"]["label"],
            [key] => return &mut at[*key],
            [key, item, tail @ ..] => {
                let list = at[*key].as_array_mut().unwrap();
                at = match item.parse::<usize>() {
                    Ok(n) if *key == "accepted" => &mut list[n],
                    _ => list.iter_mut().find(|x| x["id"] == *item).unwrap(),
                };
                if tail.is_empty() {
                    return at;
                }
                rest = tail;
            }
            [] => unreachable!("{path} names a field"),
        }
    }
}

fn blueprint_names(f: &mut Fixture) -> Vec<String> {
    f.ok(json!({"cmd": "blueprints"}))
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["name"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn every_blueprint_reports_its_placeholders_and_refuses_learner_packages() {
    let mut f = Fixture::new();
    let names = blueprint_names(&mut f);
    assert!(names.len() >= 4);
    for name in names {
        let path = f.path(&format!("{name}.trellis"));
        f.ok(json!({"cmd": "new_course", "blueprint": name, "path": path}));
        let lessons = f.lessons();
        let findings = f.placeholder_findings();
        let course = f.ok(json!({"cmd": "snapshot"}))["course"].clone();

        // One error per marked field, course settings and objectives included.
        let marked_fields: usize = lessons
            .iter()
            .flat_map(|l| l["blocks"].as_array().unwrap())
            .map(|b| b["placeholders"].as_array().map_or(0, Vec::len))
            .sum();
        let objectives = course["objectives"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|o| o["placeholder"] == true)
            .count();
        let settings = course["info"]["placeholders"].as_array().unwrap();
        assert!(marked_fields > 20 && objectives >= 3, "{name}");
        assert_eq!(
            settings,
            &vec![json!("authors"), json!("description")],
            "{name}"
        );
        assert_eq!(
            findings.len(),
            marked_fields + objectives + settings.len(),
            "{name}"
        );
        for finding in &findings {
            assert_eq!(finding["severity"], "error");
            let message = finding["message"].as_str().unwrap();
            assert!(message.contains("placeholder"), "{message}");
            assert!(
                !message.contains("placeholder-text"),
                "no rule names: {message}"
            );
            let loc = &finding["location"];
            if let Some(block) = loc["block"].as_str() {
                assert!(!message.contains(block), "no ids: {message}");
                assert!(
                    loc["lesson"].is_string() && loc["field"].is_string(),
                    "{loc}"
                );
            } else if loc["objective"].is_null() {
                // Course settings: the editor focuses the field by this name.
                assert!(["description", "authors"].contains(&loc["field"].as_str().unwrap()));
            }
        }

        // No learner package, and nothing written.
        for target in LEARNER_TARGETS {
            let zip = f.path(&format!("{name}-{target}.zip"));
            let e = f.err(json!({"cmd": "publish", "target": target, "path": zip}));
            assert_eq!(e.code, ErrorCode::PublishFailed);
            let total = findings.len().to_string();
            assert!(
                e.message.contains(&format!("{total} placeholders"))
                    && e.message.contains("in the course settings")
                    && e.message.contains("in lesson '"),
                "{}",
                e.message
            );
            assert!(!zip.exists(), "{target}: no package written");
            let leftovers: Vec<_> = std::fs::read_dir(f.dir.path())
                .unwrap()
                .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .filter(|n| n.contains("partial"))
                .collect();
            assert!(leftovers.is_empty(), "{leftovers:?}");
        }
        let folder = f.path(&format!("{name}-site"));
        let e = f.err(json!({"cmd": "publish", "target": "web", "path": folder, "folder": true}));
        assert_eq!(e.code, ErrorCode::PublishFailed);
        assert!(!folder.exists(), "no folder written");

        // The review build carries them, each block visibly marked.
        let site = f.path(&format!("{name}-review"));
        f.ok(json!({"cmd": "publish", "target": "review", "path": site, "folder": true}));
        let html = std::fs::read_to_string(site.join("index.html")).unwrap();
        let blocks_marked = lessons
            .iter()
            .flat_map(|l| l["blocks"].as_array().unwrap())
            .filter(|b| b["placeholders"].is_array())
            .count();
        assert_eq!(
            html.matches("class=\"rv-placeholder\"").count(),
            blocks_marked,
            "{name}"
        );
        assert!(html.contains("Placeholder — not replaced yet"));
        f.ok(json!({"cmd": "close"}));
    }
}

#[test]
fn replacing_the_text_clears_the_mark_in_the_file() {
    let mut f = Fixture::new();
    let path = f.path("gifts.trellis");
    f.ok(json!({"cmd": "new_course", "blueprint": "compliance-training", "path": path}));
    let before = f.placeholder_findings().len();

    // One field of one question: only its finding goes, and the file keeps
    // the question's other marks.
    let lessons = f.lessons();
    let question = lessons
        .iter()
        .flat_map(|l| l["blocks"].as_array().unwrap())
        .find(|b| b["content"]["kind"] == "question")
        .unwrap()
        .clone();
    let id = question["id"].as_str().unwrap().to_owned();
    let mut edited = question.clone();
    *field_mut(&mut edited["content"], "prompt") = json!("Which gifts must you record?");
    f.ok(json!({"cmd": "apply", "edit": {"op": "update-block", "block": edited}}));
    let after = f.placeholder_findings();
    assert_eq!(after.len(), before - 1);
    assert!(
        !after
            .iter()
            .any(|x| x["location"]["block"] == id.as_str() && x["location"]["field"] == "prompt")
    );
    // Undo brings the text back with its mark; redo clears it again.
    f.ok(json!({"cmd": "undo"}));
    assert_eq!(f.placeholder_findings().len(), before);
    f.ok(json!({"cmd": "redo"}));
    assert_eq!(f.placeholder_findings().len(), before - 1);
    f.ok(json!({"cmd": "close"}));
    let course = stored(&path);
    let block = course
        .block(&trellis_model::BlockId::new(id.clone()).unwrap())
        .unwrap();
    assert!(!block.placeholders.contains("prompt"));
    assert!(block.placeholders.len() > 3, "the other fields stay marked");
    assert_eq!(course.placeholders().len(), before - 1);

    // Replace everything else through the editor's edits.
    f.ok(json!({"cmd": "open_course", "path": path}));
    let snap = f.ok(json!({"cmd": "snapshot"}));
    let mut info = snap["course"]["info"].clone();
    info["description"] = json!("Our gifts and hospitality policy, in practice.");
    info["authors"] = json!(["Compliance team"]);
    f.ok(json!({"cmd": "apply", "edit": {"op": "set-course-info", "info": info}}));
    for (i, o) in snap["course"]["objectives"]
        .as_array()
        .unwrap()
        .iter()
        .enumerate()
    {
        let mut o = o.clone();
        o["statement"] = json!(format!("Apply rule {i} of the gifts policy."));
        f.ok(json!({"cmd": "apply", "edit": {"op": "update-objective", "objective": o}}));
    }
    let mut n = 0;
    for lesson in f.lessons() {
        for block in lesson["blocks"].as_array().unwrap() {
            let Some(paths) = block["placeholders"].as_array() else {
                continue;
            };
            let mut edited = block.clone();
            for p in paths {
                n += 1;
                *field_mut(&mut edited["content"], p.as_str().unwrap()) =
                    json!(format!("Our own words, number {n}."));
            }
            f.ok(json!({"cmd": "apply", "edit": {"op": "update-block", "block": edited}}));
        }
    }
    assert!(f.placeholder_findings().is_empty());
    let zip = f.path("gifts-scorm12.zip");
    f.ok(json!({"cmd": "publish", "target": "scorm12", "path": zip}));
    assert!(zip.exists());
    f.ok(json!({"cmd": "close"}));

    let course = stored(&path);
    assert!(course.placeholders().is_empty());
    assert!(course.info.placeholders.is_empty());
    assert!(course.objectives.iter().all(|o| !o.placeholder));
}

/// Every text of a blueprint that reads as guidance is marked as a
/// placeholder, so none can reach a learner unnoticed. (Words are matched
/// here only to audit the shipped blueprints; the product reads the marks.)
#[test]
fn blueprint_guidance_is_all_marked() {
    let guidance = |s: &str| s.contains("Replace") || s.contains("Guidance");
    for (name, imported) in trellis_app::blueprints::all().unwrap() {
        let course = &imported.course;
        assert!(
            course.info.placeholders.contains("description")
                && course.info.placeholders.contains("authors"),
            "{name}"
        );
        for o in &course.objectives {
            assert!(o.placeholder, "{name}: objective {}", o.id);
        }
        for (lesson, block) in course.blocks() {
            for field in block.text_fields() {
                assert!(
                    !guidance(field.value) || block.placeholders.contains(&field.path),
                    "{name}: lesson {} block {} field {} is guidance but not marked",
                    lesson.id,
                    block.id,
                    field.path
                );
            }
            assert!(
                !block.placeholders.is_empty(),
                "{name}: block {} has no placeholder at all",
                block.id
            );
        }
    }
}
