//! SME review commands on real course files: importing review files (by
//! path and as base64, twice, refused whole), listing comments with their
//! anchors, replying, resolving and reopening, and comments travelling
//! with `import_folder`.

use std::path::PathBuf;

use base64::Engine as _;
use serde_json::{Value, json};
use trellis_app::{App, AppConfig, ErrorCode};

mod common;
use common::{Fixture, example};

impl Fixture {
    fn snapshot(&mut self) -> Value {
        self.ok(json!({"cmd": "snapshot", "full": true}))
    }

    fn comments(&mut self) -> Vec<Value> {
        self.ok(json!({"cmd": "comments"}))["comments"]
            .as_array()
            .unwrap()
            .clone()
    }

    /// `(lesson id, block)` of the first question block of the course.
    fn question(&mut self) -> (String, Value) {
        let snap = self.snapshot();
        for module in snap["course"]["modules"].as_array().unwrap() {
            for lesson in module["lessons"].as_array().unwrap() {
                for block in lesson["blocks"].as_array().unwrap() {
                    if block["content"]["kind"] == "question"
                        && block["content"]["answer"]["choices"].is_array()
                    {
                        return (lesson["id"].as_str().unwrap().to_owned(), block.clone());
                    }
                }
            }
        }
        panic!("the example has a question");
    }

    /// A review file with a comment on a question's first choice, one on
    /// the question's prompt and one on the lesson as a whole.
    fn review(&mut self, reviewer: &str) -> Value {
        let (lesson, block) = self.question();
        let course = self.snapshot()["course"].clone();
        let block_id = block["id"].as_str().unwrap();
        let choice = block["content"]["answer"]["choices"][0]["id"]
            .as_str()
            .unwrap();
        let version = block_version(&block);
        json!({
            "format": "trellis-review",
            "format_version": 1,
            "course": {"id": course["id"], "title": course["info"]["title"], "version": "0123456789abcdef"},
            "reviewer": {"name": reviewer},
            "sent": "2026-11-28T15:20:00.412Z",
            "comments": [
                {
                    "id": format!("c-{}-choice", reviewer.to_lowercase()),
                    "target": {"lesson": lesson, "block": block_id, "item": choice, "part": "choice"},
                    "text": "<script>alert('x')</script> This choice is ambiguous.",
                    "quote": block["content"]["answer"]["choices"][0]["text"],
                    "block_version": version,
                    "created": "2026-11-28T15:05:00Z"
                },
                {
                    "id": format!("c-{}-prompt", reviewer.to_lowercase()),
                    "target": {"lesson": lesson, "block": block_id, "part": "prompt"},
                    "text": "Say which mail client.",
                    "block_version": version,
                    "created": "2026-11-28T15:06:00Z"
                },
                {
                    "id": format!("c-{}-lesson", reviewer.to_lowercase()),
                    "target": {"lesson": lesson},
                    "text": "Too long for one sitting.",
                    "created": "2026-11-28T15:01:00Z"
                }
            ]
        })
    }

    fn write(&self, name: &str, bytes: &[u8]) -> PathBuf {
        let path = self.path(name);
        std::fs::write(&path, bytes).unwrap();
        path
    }
}

/// The block's fingerprint as the course computes it.
fn block_version(block: &Value) -> String {
    let block: trellis_model::Block = serde_json::from_value(block.clone()).unwrap();
    block.fingerprint()
}

#[test]
fn a_review_file_imports_once_and_lists_with_anchors() {
    let mut f = Fixture::with_example();
    let before = f.snapshot();
    assert!(f.comments().is_empty());
    let review = f.review("Dana");
    let path = f.write("dana.trellis-review", review.to_string().as_bytes());

    let result = f.ok(json!({"cmd": "import_review", "path": path}));
    assert_eq!(result["added"], 3, "{result}");
    assert_eq!(result["skipped"], 0);
    assert_eq!(result["reviewer"], "Dana");

    // Comments are not edits: same revision, same history, same course;
    // only the comments revision moves.
    let after = f.snapshot();
    assert_eq!(after["revision"], before["revision"]);
    assert_eq!(after["can_undo"], before["can_undo"]);
    assert_eq!(after["course"], before["course"]);
    assert_ne!(after["comments_revision"], before["comments_revision"]);
    assert_eq!(after["comments_revision"], result["comments_revision"]);

    let listed = f.ok(json!({"cmd": "comments"}));
    assert_eq!(listed["comments_revision"], after["comments_revision"]);
    let comments = listed["comments"].as_array().unwrap();
    let ids: Vec<&str> = comments.iter().map(|c| c["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["c-dana-lesson", "c-dana-choice", "c-dana-prompt"]);
    for c in comments {
        assert_eq!(c["anchor"], "current", "{c}");
        assert_eq!(c["status"], "open");
        assert_eq!(c["reviewer"], "Dana");
    }
    assert_eq!(
        comments[1]["text"], "<script>alert('x')</script> This choice is ambiguous.",
        "stored and returned as text, verbatim"
    );
    assert_eq!(comments[1]["target"]["part"], "choice");

    // Again: nothing added, nothing changed.
    let again = f.ok(json!({"cmd": "import_review", "path": path}));
    assert_eq!(again["added"], 0);
    assert_eq!(again["skipped"], 3);
    assert_eq!(again["comments_revision"], result["comments_revision"]);
    assert_eq!(f.comments().len(), 3);

    // A second reviewer, as base64.
    let other = f.review("Lee");
    let data = base64::engine::general_purpose::STANDARD.encode(other.to_string());
    let result = f.ok(json!({"cmd": "import_review", "data_base64": data}));
    assert_eq!(result["added"], 3);
    assert_eq!(f.comments().len(), 6);
}

#[test]
fn bad_review_files_are_refused_whole() {
    let mut f = Fixture::with_example();
    let review = f.review("Dana");

    let mut other = review.clone();
    other["course"]["id"] = json!("some-other-course");
    other["course"]["title"] = json!("Fire safety");
    let path = f.write("other.trellis-review", other.to_string().as_bytes());
    let e = f.err(json!({"cmd": "import_review", "path": path}));
    assert_eq!(e.code, ErrorCode::BadInput);
    assert!(
        e.message.starts_with(
            "This review file is for the course \"Fire safety\" (some-other-course), not this one"
        ),
        "{}",
        e.message
    );

    let text = review.to_string();
    let path = f.write("cut.trellis-review", &text.as_bytes()[..text.len() - 40]);
    let e = f.err(json!({"cmd": "import_review", "path": path}));
    assert_eq!(e.code, ErrorCode::BadInput);
    assert!(e.message.contains("damaged or cut short"), "{}", e.message);

    let mut one_bad = review.clone();
    one_bad["comments"][2]["created"] = json!("yesterday");
    let path = f.write("bad.trellis-review", one_bad.to_string().as_bytes());
    let e = f.err(json!({"cmd": "import_review", "path": path}));
    assert_eq!(e.code, ErrorCode::BadInput);
    assert!(e.message.contains("c-dana-lesson"), "{}", e.message);

    let mut newer = review.clone();
    newer["format_version"] = json!(2);
    let data = base64::engine::general_purpose::STANDARD.encode(newer.to_string());
    let e = f.err(json!({"cmd": "import_review", "data_base64": data}));
    assert!(e.message.contains("newer Trellis"), "{}", e.message);

    let e = f.err(json!({"cmd": "import_review", "data_base64": "not base64!"}));
    assert_eq!(e.code, ErrorCode::BadInput);
    let e = f.err(json!({"cmd": "import_review"}));
    assert_eq!(e.code, ErrorCode::BadInput);
    let e = f.err(json!({"cmd": "import_review", "path": f.path("missing.trellis-review")}));
    assert_eq!(e.code, ErrorCode::Io);

    assert!(f.comments().is_empty(), "nothing was half-imported");
}

#[test]
fn reply_resolve_and_reopen() {
    let mut f = Fixture::with_example();
    let review = f.review("Dana");
    let path = f.write("dana.trellis-review", review.to_string().as_bytes());
    f.ok(json!({"cmd": "import_review", "path": path}));
    let revision = f.snapshot()["revision"].clone();

    let r = f.ok(json!({"cmd": "reply_comment", "id": "c-dana-prompt", "author": " Sam ", "text": "Now it says Outlook."}));
    let reply = &r["comment"]["replies"][0];
    assert_eq!(reply["author"], "Sam");
    assert_eq!(reply["text"], "Now it says Outlook.");
    assert!(
        trellis_model::is_timestamp(reply["created"].as_str().unwrap()),
        "{reply}"
    );
    assert_eq!(r["comment"]["anchor"], "current");
    let c1 = r["comments_revision"].clone();

    let r = f.ok(json!({"cmd": "resolve_comment", "id": "c-dana-prompt"}));
    assert_eq!(r["comment"]["status"], "resolved");
    assert_ne!(r["comments_revision"], c1);
    let listed = f.comments();
    let prompt = listed.iter().find(|c| c["id"] == "c-dana-prompt").unwrap();
    assert_eq!(prompt["status"], "resolved");
    assert_eq!(prompt["replies"].as_array().unwrap().len(), 1);

    // Re-importing does not reopen it.
    f.ok(json!({"cmd": "import_review", "path": path}));
    let listed = f.comments();
    let prompt = listed.iter().find(|c| c["id"] == "c-dana-prompt").unwrap();
    assert_eq!(prompt["status"], "resolved");

    let r = f.ok(json!({"cmd": "reopen_comment", "id": "c-dana-prompt"}));
    assert_eq!(r["comment"]["status"], "open");

    let e = f.err(json!({"cmd": "resolve_comment", "id": "c-nope"}));
    assert_eq!(e.code, ErrorCode::NotFound);
    let e = f
        .err(json!({"cmd": "reply_comment", "id": "c-dana-prompt", "author": "Sam", "text": "  "}));
    assert_eq!(e.code, ErrorCode::BadInput);
    let e =
        f.err(json!({"cmd": "reply_comment", "id": "c-dana-prompt", "author": "", "text": "Hi"}));
    assert_eq!(e.code, ErrorCode::BadInput);
    let listed = f.comments();
    let prompt = listed.iter().find(|c| c["id"] == "c-dana-prompt").unwrap();
    assert_eq!(
        prompt["replies"].as_array().unwrap().len(),
        1,
        "refused replies leave nothing"
    );

    // None of it touched the course or its history.
    let snap = f.snapshot();
    assert_eq!(snap["revision"], revision);
    // Comments survive closing and reopening.
    let course = f.path("course.trellis");
    f.ok(json!({"cmd": "close"}));
    f.ok(json!({"cmd": "open_course", "path": course}));
    assert_eq!(f.comments().len(), 3);
}

#[test]
fn anchors_follow_the_course() {
    let mut f = Fixture::with_example();
    let review = f.review("Dana");
    let path = f.write("dana.trellis-review", review.to_string().as_bytes());
    f.ok(json!({"cmd": "import_review", "path": path}));
    let (_, mut block) = f.question();
    block["content"]["prompt"] = json!("A rewritten prompt.");
    f.ok(json!({"cmd": "apply", "edit": {"op": "update-block", "block": block}}));
    let anchors = |f: &mut Fixture| -> Vec<(String, String)> {
        f.comments()
            .iter()
            .map(|c| {
                (
                    c["id"].as_str().unwrap().to_owned(),
                    c["anchor"].as_str().unwrap().to_owned(),
                )
            })
            .collect()
    };
    let changed = anchors(&mut f);
    assert_eq!(
        changed,
        [
            ("c-dana-lesson".into(), "current".into()),
            ("c-dana-choice".into(), "changed".into()),
            ("c-dana-prompt".into(), "changed".into()),
        ]
    );
    // The quote the reviewer saw is still there for the UI to show.
    let comments = f.comments();
    assert!(!comments[1]["quote"].as_str().unwrap().is_empty());

    f.ok(json!({"cmd": "apply", "edit": {"op": "delete-block", "id": block["id"]}}));
    let deleted = anchors(&mut f);
    assert_eq!(deleted[1].1, "block-deleted");
    assert_eq!(deleted[2].1, "block-deleted");
    assert_eq!(deleted[0].1, "current");
    // Undo brings the edited block back: changed again.
    f.ok(json!({"cmd": "undo"}));
    assert_eq!(anchors(&mut f)[1].1, "changed");
}

#[test]
fn import_folder_carries_comments() {
    let mut f = Fixture::with_example();
    let review = f.review("Dana");
    let path = f.write("dana.trellis-review", review.to_string().as_bytes());
    f.ok(json!({"cmd": "import_review", "path": path}));
    // Export the course with its comments as a folder, then import it.
    let imported = trellis_text::import_dir(&example()).unwrap();
    let comments: Vec<trellis_model::Comment> = f
        .comments()
        .into_iter()
        .map(|mut c| {
            c.as_object_mut().unwrap().remove("anchor");
            serde_json::from_value(c).unwrap()
        })
        .collect();
    let folder = f.path("folder");
    let assets = |info: &trellis_model::AssetInfo| {
        Ok(imported
            .assets
            .iter()
            .find(|(i, _)| i.name == info.name)
            .unwrap()
            .1
            .clone())
    };
    trellis_text::export_dir(&imported.course, &comments, &assets, &folder).unwrap();
    let second = f.path("second.trellis");
    f.ok(json!({"cmd": "import_folder", "folder": folder, "path": second}));
    let listed = f.comments();
    assert_eq!(listed.len(), 3);
    assert_eq!(listed[1]["id"], "c-dana-choice");
}

#[test]
fn comment_commands_need_an_open_course() {
    let mut app = App::new(AppConfig::default());
    for command in [
        json!({"cmd": "comments"}),
        json!({"cmd": "import_review", "data_base64": ""}),
        json!({"cmd": "resolve_comment", "id": "c-1"}),
    ] {
        let e = app.call_json(command).unwrap_err();
        assert_eq!(e.code, ErrorCode::NotOpen);
    }
}
