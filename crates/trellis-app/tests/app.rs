//! Every command of the app API on real course files in temporary folders,
//! including the ways they fail.

use std::path::Path;

use serde_json::{Value, json};
use trellis_app::{App, AppConfig, Command, ErrorCode};

mod common;
use common::{Fixture, example, root};

impl Fixture {
    /// Runs a command that changes the course. Its reply is a delta (no
    /// `course`: `base` and `changes`, see `trellis_app::delta`) whose
    /// revision and history match the snapshot taken after it; returns that
    /// snapshot.
    #[track_caller]
    fn change(&mut self, command: Value) -> Value {
        let reply = self.ok(command);
        assert!(
            reply.get("course").is_none() && reply["changes"].is_object(),
            "{reply}"
        );
        let snap = self.ok(json!({"cmd": "snapshot"}));
        for key in [
            "path",
            "revision",
            "can_undo",
            "can_redo",
            "undo_label",
            "redo_label",
            "check",
        ] {
            assert_eq!(reply[key], snap[key], "{key}");
        }
        snap
    }

    fn first_lesson(&mut self) -> Value {
        let snap = self.ok(json!({"cmd": "snapshot"}));
        snap["course"]["modules"][0]["lessons"][0].clone()
    }
}

#[test]
fn commands_are_the_documented_json() {
    let c: Command = serde_json::from_value(json!({"cmd": "new_block", "lesson": "l1", "index": 0, "kind": "question", "question_type": "true-false"})).unwrap();
    assert!(matches!(c, Command::NewBlock { .. }));
    let c: Command = serde_json::from_value(json!({"cmd": "undo"})).unwrap();
    assert_eq!(c, Command::Undo);
    let e = Command::from_json(json!({"cmd": "fly"})).unwrap_err();
    assert_eq!(e.code, ErrorCode::BadInput);
    let e = serde_json::to_value(&e).unwrap();
    assert_eq!(e["code"], "bad_input");
    assert!(
        e["message"]
            .as_str()
            .unwrap()
            .contains("not a valid command")
    );
}

#[test]
fn nothing_open_gives_not_open() {
    let mut f = Fixture::new();
    for cmd in ["snapshot", "undo", "redo", "assets", "check"] {
        assert_eq!(f.err(json!({"cmd": cmd})).code, ErrorCode::NotOpen, "{cmd}");
    }
    let e = f.err(json!({"cmd": "publish", "target": "scorm12", "path": f.path("x.zip")}));
    assert_eq!(e.code, ErrorCode::NotOpen);
    assert_eq!(f.app.preview_file("index.html"), None);
    assert_eq!(f.ok(json!({"cmd": "recent"})), json!([]));
    assert_eq!(f.app.window_title(), "Trellis");
}

#[test]
fn asking_whether_a_course_is_open_is_no_error() {
    let mut f = Fixture::new();
    let ask = json!({"cmd": "snapshot", "if_open": true});
    assert_eq!(f.ok(ask.clone()), Value::Null);
    assert_eq!(f.app.call_text(ask.clone()).unwrap(), "null");
    let path = f.path("course.trellis");
    f.ok(json!({"cmd": "import_folder", "folder": example(), "path": path}));
    let snap = f.ok(ask.clone());
    assert_eq!(
        snap["course"]["info"]["title"],
        "Phishing awareness for office staff"
    );
    assert!(f.app.call_text(ask.clone()).unwrap().starts_with('{'));
    f.ok(json!({"cmd": "close"}));
    assert_eq!(f.ok(ask), Value::Null);
}

#[test]
fn blueprints_and_new_course() {
    let mut f = Fixture::new();
    let list = f.ok(json!({"cmd": "blueprints"}));
    let list = list.as_array().unwrap();
    assert!(list.len() >= 4);
    for b in list {
        assert!(!b["title"].as_str().unwrap().is_empty());
        assert!(b["lessons"].as_u64().unwrap() > 0);
    }
    let name = list[0]["name"].as_str().unwrap();
    let path = f.path("new.trellis");
    let snap =
        f.ok(json!({"cmd": "new_course", "blueprint": name, "path": path, "title": "My course"}));
    assert_eq!(snap["course"]["info"]["title"], "My course");
    assert_eq!(snap["revision"], 1);
    assert_eq!(snap["can_undo"], false);
    assert_eq!(Path::new(snap["path"].as_str().unwrap()), path);
    assert_eq!(f.app.window_title(), "My course — Trellis");
    // Never over an existing file.
    let e = f.err(json!({"cmd": "new_course", "blueprint": name, "path": path}));
    assert_eq!(e.code, ErrorCode::BadInput);
    let e = f.err(json!({"cmd": "new_course", "blueprint": "nope", "path": f.path("n.trellis")}));
    assert_eq!(e.code, ErrorCode::NotFound);
    assert!(e.message.contains("compliance-training"), "{}", e.message);
    // Two blueprints give two different course ids.
    let other = f.ok(json!({"cmd": "new_course", "blueprint": name, "path": f.path("b.trellis")}));
    assert_ne!(other["course"]["id"], snap["course"]["id"]);
}

#[test]
fn open_import_and_recent() {
    let mut f = Fixture::with_example();
    let path = f.path("course.trellis");
    let recent = f.ok(json!({"cmd": "recent"}));
    assert_eq!(recent[0]["path"], json!(path));
    assert!(recent[0]["opened_at"].as_u64().unwrap() > 1_600_000_000_000);
    assert!(!recent[0]["title"].as_str().unwrap().is_empty());

    // Opening the open file again is fine; another App sees it locked.
    let snapshot = f.ok(json!({"cmd": "snapshot"}));
    for command in [
        json!({"cmd": "snapshot"}),
        json!({"cmd": "snapshot", "full": true}),
        json!({"cmd": "templates"}),
    ] {
        let text: Value = serde_json::from_str(&f.app.call_text(command.clone()).unwrap()).unwrap();
        assert_eq!(
            text,
            f.ok(command.clone()),
            "{command} as text is the same answer"
        );
    }
    assert_eq!(
        f.app.call_text(json!({"cmd": "fly"})).unwrap_err().code,
        ErrorCode::BadInput
    );
    let rev = snapshot["revision"].clone();
    let again = f.ok(json!({"cmd": "open_course", "path": path}));
    assert_eq!(again["revision"], rev);
    let mut other = App::new(AppConfig::default());
    let e = other
        .call_json(json!({"cmd": "open_course", "path": path}))
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::Locked);
    assert!(e.message.contains("another Trellis"), "{}", e.message);

    // Not a course, missing, a folder.
    std::fs::write(f.path("notes.txt"), "hello").unwrap();
    let e = f.err(json!({"cmd": "open_course", "path": f.path("notes.txt")}));
    assert_eq!(e.code, ErrorCode::NotACourse);
    assert_eq!(std::fs::read(f.path("notes.txt")).unwrap(), b"hello");
    let e = f.err(json!({"cmd": "open_course", "path": f.path("missing.trellis")}));
    assert_eq!(e.code, ErrorCode::NotFound);
    let e = f.err(json!({"cmd": "open_course", "path": example()}));
    assert_eq!(e.code, ErrorCode::NotACourse);
    // The course stays open after the failures.
    assert!(f.ok(json!({"cmd": "snapshot"}))["course"].is_object());

    // A broken folder names the problem.
    let broken = f.path("broken");
    std::fs::create_dir_all(&broken).unwrap();
    std::fs::write(broken.join("course.toml"), "title = ").unwrap();
    let e = f.err(json!({"cmd": "import_folder", "folder": broken, "path": f.path("b.trellis")}));
    assert_eq!(e.code, ErrorCode::BadInput);
    assert!(e.message.contains("course.toml"), "{}", e.message);
    let e = f.err(
        json!({"cmd": "import_folder", "folder": f.path("none"), "path": f.path("c.trellis")}),
    );
    assert_eq!(e.code, ErrorCode::NotFound);

    // After closing, the other App can open it.
    f.ok(json!({"cmd": "close"}));
    assert_eq!(f.err(json!({"cmd": "snapshot"})).code, ErrorCode::NotOpen);
    other
        .call_json(json!({"cmd": "open_course", "path": path}))
        .unwrap();
}

/// Every lesson of a snapshot, in course order.
fn lessons_of(snap: &Value) -> Vec<Value> {
    snap["course"]["modules"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|m| m["lessons"].as_array().unwrap().clone())
        .collect()
}

#[test]
fn snapshots_carry_one_lesson_whole_and_lessons_fetches_the_rest() {
    let mut f = Fixture::with_example();
    let full = f.ok(json!({"cmd": "snapshot", "full": true}));
    let whole = lessons_of(&full);
    assert!(whole.len() > 2, "the example has several lessons");
    assert!(whole.iter().all(|l| l["blocks"].is_array()));

    // By default the first lesson is whole, the others outlines.
    let snap = f.ok(json!({"cmd": "snapshot"}));
    let got = lessons_of(&snap);
    assert_eq!(got[0], whole[0]);
    for (outline, lesson) in got.iter().zip(&whole).skip(1) {
        assert!(outline.get("blocks").is_none(), "{outline}");
        assert_eq!(outline["id"], lesson["id"]);
        assert_eq!(outline["title"], lesson["title"]);
        assert_eq!(outline["template"], lesson["template"]);
        let blocks = lesson["blocks"].as_array().unwrap();
        assert_eq!(outline["outline"]["blocks"], json!(blocks.len()));
        let practice: Vec<&Value> = blocks
            .iter()
            .filter(|b| matches!(b["content"]["kind"].as_str(), Some("question" | "scenario")))
            .collect();
        let listed = outline["outline"]["practice"].as_array().unwrap();
        assert_eq!(listed.len(), practice.len());
        for (p, b) in listed.iter().zip(practice) {
            assert_eq!(p["id"], b["id"]);
            assert_eq!(p["objectives"], b["content"]["objectives"]);
        }
    }
    // Everything else is the same as the full snapshot.
    for key in ["path", "revision", "check", "can_undo"] {
        assert_eq!(snap[key], full[key], "{key}");
    }
    assert_eq!(snap["course"]["objectives"], full["course"]["objectives"]);

    // A named lesson is whole instead of the first.
    let third = whole[2]["id"].clone();
    let snap = f.ok(json!({"cmd": "snapshot", "lesson": third}));
    let got = lessons_of(&snap);
    assert_eq!(got[2], whole[2]);
    assert!(got[0].get("blocks").is_none());

    // `lessons` answers the lessons asked for whole, in that order,
    // leaving out ids the course does not have.
    let ids = json!([whole[2]["id"], "not-a-lesson", whole[1]["id"]]);
    let fetched = f.ok(json!({"cmd": "lessons", "ids": ids}));
    assert_eq!(fetched, json!([whole[2], whole[1]]));
    assert_eq!(f.ok(json!({"cmd": "lessons", "ids": []})), json!([]));
    let e = f.err(json!({"cmd": "lessons", "ids": ["bad id!"]}));
    assert_eq!(e.code, ErrorCode::BadInput);

    // Nothing open.
    let mut empty = Fixture::new();
    let e = empty.err(json!({"cmd": "lessons", "ids": [whole[0]["id"]]}));
    assert_eq!(e.code, ErrorCode::NotOpen);
}

#[test]
fn templates_are_the_models() {
    let mut f = Fixture::new();
    let list = f.ok(json!({"cmd": "templates"}));
    let list = list.as_array().unwrap();
    assert_eq!(list.len(), trellis_model::TemplateKind::ALL.len());
    for (t, kind) in list.iter().zip(trellis_model::TemplateKind::ALL) {
        let model = kind.template();
        assert_eq!(t["kind"], kind.as_str());
        assert_eq!(t["name"], model.name);
        assert_eq!(t["description"], model.description);
        let slots = t["slots"].as_array().unwrap();
        assert_eq!(slots.len(), model.slots.len());
        for (s, m) in slots.iter().zip(model.slots) {
            assert_eq!(s["name"], m.name);
            assert_eq!(s["label"], m.label);
            assert_eq!(s["required"], m.required);
            assert_eq!(s["guidance"], m.guidance);
            assert!(["content", "question", "scenario"].contains(&s["accepts"].as_str().unwrap()));
        }
    }
    let concept = &list[0];
    assert_eq!(concept["slots"][3]["accepts"], "question");
}

#[test]
fn open_at_start_imports_a_folder() {
    let mut f = Fixture::new();
    f.app.open_at_start(&example()).unwrap();
    let path = f.app.path().unwrap().to_owned();
    let snap = f.ok(json!({"cmd": "snapshot"}));
    assert_eq!(Path::new(snap["path"].as_str().unwrap()), path);
    assert!(path.is_file());
    assert_eq!(path.extension().unwrap(), "trellis");
    f.ok(json!({"cmd": "close"}));
    std::fs::remove_file(&path).unwrap();
}

#[test]
fn apply_undo_redo_with_labels() {
    let mut f = Fixture::with_example();
    let lesson = f.first_lesson();
    let id = lesson["id"].as_str().unwrap().to_owned();
    let before = f.ok(json!({"cmd": "snapshot"}));
    let snap = f.change(
        json!({"cmd": "apply", "edit": {"op": "rename-lesson", "id": id, "title": "Renamed"}}),
    );
    assert_eq!(
        snap["course"]["modules"][0]["lessons"][0]["title"],
        "Renamed"
    );
    assert_eq!(snap["can_undo"], true);
    assert_eq!(snap["undo_label"], "Rename lesson");
    assert!(snap["revision"].as_u64() > before["revision"].as_u64());

    let block = lesson["blocks"][0]["id"].as_str().unwrap().to_owned();
    let snap = f.change(json!({"cmd": "apply", "edit": {"op": "delete-block", "id": block}}));
    assert_eq!(snap["undo_label"], "Delete block");
    let snap = f.change(json!({"cmd": "undo"}));
    assert_eq!(snap["undo_label"], "Rename lesson");
    assert_eq!(snap["redo_label"], "Delete block");
    assert_eq!(
        snap["course"]["modules"][0]["lessons"][0]["blocks"][0]["id"],
        block
    );
    let snap = f.change(json!({"cmd": "undo"}));
    assert_eq!(
        snap["course"]["modules"][0]["lessons"][0]["title"],
        lesson["title"]
    );
    assert_eq!(snap["can_undo"], false);
    assert_eq!(snap["undo_label"], Value::Null);
    // Nothing more to undo: same revision.
    let again = f.change(json!({"cmd": "undo"}));
    assert_eq!(again["revision"], snap["revision"]);
    let snap = f.change(json!({"cmd": "redo"}));
    assert_eq!(
        snap["course"]["modules"][0]["lessons"][0]["title"],
        "Renamed"
    );
    assert_eq!(snap["redo_label"], "Delete block");

    // Bad edits change nothing.
    let rev = snap["revision"].clone();
    let e = f.err(json!({"cmd": "apply", "edit": {"op": "delete-block", "id": "no-such-block"}}));
    assert_eq!(e.code, ErrorCode::InvalidEdit);
    assert!(e.message.contains("no-such-block"), "{}", e.message);
    let e = f.err(json!({"cmd": "apply", "edit": {"op": "move-module", "id": snap["course"]["modules"][0]["id"], "index": 99}}));
    assert_eq!(e.code, ErrorCode::InvalidEdit);
    let e = f.err(json!({"cmd": "apply", "edit": {"op": "explode"}}));
    assert_eq!(e.code, ErrorCode::BadInput);
    let e = f.err(json!({"cmd": "apply", "edit": {"op": "delete-block", "id": "Bad Id!"}}));
    assert_eq!(e.code, ErrorCode::BadInput);
    assert_eq!(f.ok(json!({"cmd": "snapshot"}))["revision"], rev);
}

/// The labels are kept with the changes in the course file: a new app (the
/// editor started again) opening the file names the same undo and redo.
#[test]
fn undo_labels_survive_a_restart() {
    let mut f = Fixture::with_example();
    let lesson = f.first_lesson();
    let id = lesson["id"].as_str().unwrap().to_owned();
    let block = lesson["blocks"][0]["id"].as_str().unwrap().to_owned();
    f.change(
        json!({"cmd": "apply", "edit": {"op": "rename-lesson", "id": id, "title": "Renamed"}}),
    );
    f.change(json!({"cmd": "apply", "edit": {"op": "delete-block", "id": block}}));
    f.change(json!({"cmd": "duplicate", "kind": "lesson", "id": id}));
    f.change(json!({"cmd": "undo"}));
    let path = f.path("course.trellis");
    f.ok(json!({"cmd": "close"}));

    let mut again = Fixture::new();
    let snap = again.ok(json!({"cmd": "open_course", "path": path}));
    assert_eq!(snap["undo_label"], "Delete block");
    assert_eq!(snap["redo_label"], "Duplicate lesson");
    let snap = again.ok(json!({"cmd": "undo"}));
    assert_eq!(snap["undo_label"], "Rename lesson");
    assert_eq!(snap["redo_label"], "Delete block");
    assert_eq!(again.app.history().1.as_deref(), Some("Rename lesson"));
}

#[test]
fn a_typing_run_is_one_undo_step() {
    let mut f = Fixture::with_example();
    let lesson = f.first_lesson();
    let id = lesson["id"].as_str().unwrap().to_owned();
    let title = |t: &str| json!({"op": "rename-lesson", "id": id, "title": t});
    for t in ["R", "Re", "Renamed"] {
        f.change(json!({"cmd": "apply", "edit": title(t), "run": "lesson-title:1"}));
    }
    let snap =
        f.change(json!({"cmd": "apply", "edit": title("Renamed again"), "run": "lesson-title:2"}));
    assert_eq!(snap["undo_label"], "Rename lesson");
    let snap = f.change(json!({"cmd": "undo"}));
    assert_eq!(
        snap["course"]["modules"][0]["lessons"][0]["title"],
        "Renamed"
    );
    let snap = f.change(json!({"cmd": "undo"}));
    assert_eq!(
        snap["course"]["modules"][0]["lessons"][0]["title"],
        lesson["title"]
    );
    assert_eq!(snap["can_undo"], false);
    assert_eq!(snap["undo_label"], Value::Null);
    let snap = f.change(json!({"cmd": "redo"}));
    assert_eq!(
        snap["course"]["modules"][0]["lessons"][0]["title"],
        "Renamed"
    );
    assert_eq!(snap["redo_label"], "Rename lesson");
}

#[test]
fn duplicate_every_kind() {
    let mut f = Fixture::with_example();
    let snap = f.ok(json!({"cmd": "snapshot"}));
    let module = snap["course"]["modules"][0].clone();
    let lessons = module["lessons"].as_array().unwrap().len();
    let snap =
        f.change(json!({"cmd": "duplicate", "kind": "lesson", "id": module["lessons"][0]["id"]}));
    assert_eq!(
        snap["course"]["modules"][0]["lessons"]
            .as_array()
            .unwrap()
            .len(),
        lessons + 1
    );
    assert_eq!(snap["undo_label"], "Duplicate lesson");
    let modules = snap["course"]["modules"].as_array().unwrap().len();
    let snap = f.change(json!({"cmd": "duplicate", "kind": "module", "id": module["id"]}));
    assert_eq!(
        snap["course"]["modules"].as_array().unwrap().len(),
        modules + 1
    );
    let blocks = snap["course"]["modules"][0]["lessons"][0]["blocks"]
        .as_array()
        .unwrap()
        .len();
    let snap = f.change(
        json!({"cmd": "duplicate", "kind": "block", "id": module["lessons"][0]["blocks"][0]["id"]}),
    );
    assert_eq!(
        snap["course"]["modules"][0]["lessons"][0]["blocks"]
            .as_array()
            .unwrap()
            .len(),
        blocks + 1
    );
    let e = f.err(json!({"cmd": "duplicate", "kind": "block", "id": "nope"}));
    assert_eq!(e.code, ErrorCode::NotFound);
    let e = f.err(json!({"cmd": "duplicate", "kind": "course", "id": "nope"}));
    assert_eq!(e.code, ErrorCode::BadInput);
}

#[test]
fn new_block_of_every_kind_and_question_type() {
    let mut f = Fixture::new();
    let path = f.path("free.trellis");
    let blueprint = f.ok(json!({"cmd": "blueprints"}))[0]["name"].clone();
    f.ok(json!({"cmd": "new_course", "blueprint": blueprint, "path": path}));
    let lesson = f.first_lesson();
    let id = lesson["id"].clone();
    let mut count = lesson["blocks"].as_array().unwrap().len();
    for kind in trellis_model::block::BLOCK_KINDS {
        let snap = f.change(json!({"cmd": "new_block", "lesson": id, "index": 0, "kind": kind}));
        count += 1;
        let blocks = snap["course"]["modules"][0]["lessons"][0]["blocks"].clone();
        assert_eq!(blocks.as_array().unwrap().len(), count);
        assert_eq!(blocks[0]["content"]["kind"], kind);
        assert!(snap["undo_label"].as_str().unwrap().starts_with("Add "));
    }
    for qt in trellis_model::block::QUESTION_KINDS {
        let snap = f.change(json!({"cmd": "new_block", "lesson": id, "index": 1, "kind": "question", "question_type": qt}));
        let block = &snap["course"]["modules"][0]["lessons"][0]["blocks"][1];
        assert_eq!(block["content"]["answer"]["type"], qt);
        assert!(!block["content"]["prompt"].as_str().unwrap().is_empty());
    }
    // Ids are fresh: the course still stores and reopens.
    f.ok(json!({"cmd": "close"}));
    f.ok(json!({"cmd": "open_course", "path": path}));
    // A slot of the lesson's template.
    let template = f.first_lesson()["template"].clone();
    if template == "concept" {
        let snap = f.change(json!({"cmd": "new_block", "lesson": id, "index": 0, "kind": "text", "slot": "example"}));
        assert_eq!(
            snap["course"]["modules"][0]["lessons"][0]["blocks"][0]["slot"],
            "example"
        );
    }
    let e = f
        .err(json!({"cmd": "new_block", "lesson": id, "index": 0, "kind": "text", "slot": "nope"}));
    assert_eq!(e.code, ErrorCode::BadInput);
    let e = f.err(json!({"cmd": "new_block", "lesson": id, "index": 0, "kind": "hologram"}));
    assert_eq!(e.code, ErrorCode::BadInput);
    let e = f.err(json!({"cmd": "new_block", "lesson": id, "index": 0, "kind": "question", "question_type": "essay"}));
    assert_eq!(e.code, ErrorCode::BadInput);
    let e = f.err(json!({"cmd": "new_block", "lesson": "no-lesson", "index": 0, "kind": "text"}));
    assert_eq!(e.code, ErrorCode::NotFound);
    let e = f.err(json!({"cmd": "new_block", "lesson": id, "index": 999, "kind": "text"}));
    assert_eq!(e.code, ErrorCode::InvalidEdit);
}

/// A valid 2×1 RGBA PNG.
fn png() -> Vec<u8> {
    let dir = root().join("examples/phishing-awareness/assets/images");
    let entry = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "png"))
        .expect("the example has a PNG");
    std::fs::read(entry).unwrap()
}

#[test]
fn assets_import_list_and_preview() {
    use base64::Engine as _;
    let mut f = Fixture::with_example();
    let bytes = png();
    let data = base64::engine::general_purpose::STANDARD.encode(&bytes);
    let snap =
        f.change(json!({"cmd": "import_asset", "name": "images/new.png", "data_base64": data}));
    assert!(
        snap["course"]["assets"]
            .as_array()
            .unwrap()
            .iter()
            .any(|a| a["name"] == "images/new.png")
    );
    assert_eq!(snap["undo_label"], "Import images/new.png");
    std::fs::write(f.path("from disk.png"), &bytes).unwrap();
    f.change(json!({"cmd": "import_asset", "path": f.path("from disk.png")}));

    let assets = f.ok(json!({"cmd": "assets"}));
    let assets = assets.as_array().unwrap();
    let new = assets
        .iter()
        .find(|a| a["name"] == "images/new.png")
        .unwrap();
    assert_eq!(new["media_type"], "image/png");
    assert_eq!(new["size"], bytes.len());
    assert!(new["width"].as_u64().unwrap() > 0);
    assert_eq!(new["used_by"], json!([]));
    assert_eq!(new["missing_alt"], false);
    assert!(assets.iter().any(|a| a["name"] == "from disk.png"));
    assert!(
        assets
            .iter()
            .any(|a| !a["used_by"].as_array().unwrap().is_empty())
    );

    // An image block without alt text on the new asset is flagged.
    let lesson = f.first_lesson()["id"].clone();
    let snap = f.change(json!({"cmd": "new_block", "lesson": lesson, "index": 0, "kind": "image"}));
    let mut block = snap["course"]["modules"][0]["lessons"][0]["blocks"][0].clone();
    block["content"]["asset"] = json!("images/new.png");
    f.change(json!({"cmd": "apply", "edit": {"op": "update-block", "block": block}}));
    let assets = f.ok(json!({"cmd": "assets"}));
    let new = assets
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["name"] == "images/new.png")
        .unwrap()
        .clone();
    assert_eq!(new["missing_alt"], true);
    assert_eq!(new["used_by"][0]["block"], block["id"]);

    // Preview: page, player, asset (percent-encoded), nothing else.
    let (mime, page) = f.app.preview_file("/").unwrap();
    assert!(mime.starts_with("text/html"));
    assert!(String::from_utf8_lossy(&page).contains("<html"));
    let (mime, _) = f.app.preview_file("trellis.js").unwrap();
    assert!(mime.starts_with("text/javascript"));
    // The page is handed out, not kept: asked for again, it is drawn again.
    assert_eq!(f.app.preview_file("index.html").unwrap().1, page);
    let (mime, got) = f.app.preview_file("assets/from%20disk.png").unwrap();
    assert_eq!(mime, "image/png");
    assert_eq!(got, bytes);
    assert_eq!(f.app.preview_file("assets/none.png"), None);
    assert_eq!(f.app.preview_file("nothing.html"), None);
    assert_eq!(f.app.preview_file("assets/%ZZ"), None);

    // The preview follows edits.
    let id = f.first_lesson()["id"].clone();
    f.change(json!({"cmd": "apply", "edit": {"op": "rename-lesson", "id": id, "title": "A brand new lesson title"}}));
    let (_, page) = f.app.preview_file("index.html").unwrap();
    assert!(String::from_utf8_lossy(&page).contains("A brand new lesson title"));

    // Refused assets.
    let e = f.err(json!({"cmd": "import_asset", "name": "../evil.png", "data_base64": data}));
    assert_eq!(e.code, ErrorCode::BadInput);
    let e = f.err(json!({"cmd": "import_asset", "name": "x.exe", "data_base64": data}));
    assert_eq!(e.code, ErrorCode::BadInput);
    let e = f.err(json!({"cmd": "import_asset", "name": "x.png", "data_base64": "!!!"}));
    assert_eq!(e.code, ErrorCode::BadInput);
    let e = f.err(json!({"cmd": "import_asset", "name": "x.png", "data_base64": "aGVsbG8="}));
    assert_eq!(e.code, ErrorCode::BadInput);
    let e = f.err(json!({"cmd": "import_asset", "path": f.path("missing.png")}));
    assert_eq!(e.code, ErrorCode::Io);
    let e = f.err(json!({"cmd": "import_asset"}));
    assert_eq!(e.code, ErrorCode::BadInput);
}

#[test]
fn check_and_publish() {
    let mut f = Fixture::with_example();
    let report = f.ok(json!({"cmd": "check"}));
    assert!(report["counts"]["errors"].is_u64());
    assert!(report["findings"].is_array());
    let snap = f.ok(json!({"cmd": "snapshot"}));
    assert_eq!(snap["check"]["errors"], report["counts"]["errors"]);
    // One lesson's findings (and the course-level ones), the whole counts:
    // an image block with no image is one.
    let id = f.first_lesson()["id"].clone();
    f.change(json!({"cmd": "new_block", "lesson": id, "index": 0, "kind": "image"}));
    let report = f.ok(json!({"cmd": "check"}));
    let all = report["findings"].as_array().unwrap();
    let lesson = all
        .iter()
        .find_map(|f| f["location"]["lesson"].as_str())
        .expect("the example has a finding in a lesson")
        .to_owned();
    let part = f.ok(json!({"cmd": "check", "lesson": lesson}));
    assert_eq!(part["counts"], report["counts"]);
    let want: Vec<&Value> = all
        .iter()
        .filter(|f| {
            f["location"]["lesson"] == lesson.as_str()
                || (f["location"]["lesson"].is_null() && f["location"]["module"].is_null())
        })
        .collect();
    let got: Vec<&Value> = part["findings"].as_array().unwrap().iter().collect();
    assert_eq!(got, want);
    assert!(
        got.iter()
            .any(|f| f["location"]["lesson"] == lesson.as_str())
    );
    // Another lesson's part leaves this lesson's findings out.
    let snap = f.ok(json!({"cmd": "snapshot"}));
    let other = snap["course"]["modules"][1]["lessons"][0]["id"].clone();
    let part = f.ok(json!({"cmd": "check", "lesson": other}));
    assert!(
        part["findings"]
            .as_array()
            .unwrap()
            .iter()
            .all(|f| f["location"]["lesson"] != lesson.as_str())
    );
    // (The empty image would stop the publish below.)
    f.change(json!({"cmd": "undo"}));

    let zip = f.path("out/course.zip");
    std::fs::create_dir_all(zip.parent().unwrap()).unwrap();
    let report = f.ok(json!({"cmd": "publish", "target": "scorm12", "path": zip}));
    assert!(zip.is_file());
    assert_eq!(report["target"], "scorm12");
    assert!(report["file_count"].as_u64().unwrap() > 3);
    assert_eq!(report["zip_size"], std::fs::metadata(&zip).unwrap().len());
    assert!(
        report["files"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["path"] == "imsmanifest.xml")
    );
    assert!(report["state"]["limit"].as_u64().unwrap() == 4096);
    // Publishing again replaces the zip, leaving no partial file.
    f.ok(json!({"cmd": "publish", "target": "cmi5", "path": zip}));
    let names: Vec<_> = std::fs::read_dir(zip.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names.len(), 1, "{names:?}");

    let site = f.path("site");
    let report = f.ok(json!({"cmd": "publish", "target": "web", "path": site, "folder": true}));
    assert!(site.join("index.html").is_file());
    assert_eq!(report["zip_size"], 0);

    let e = f.err(json!({"cmd": "publish", "target": "preview", "path": f.path("p.zip")}));
    assert_eq!(e.code, ErrorCode::BadInput);
    let e = f.err(json!({"cmd": "publish", "target": "scorm3000", "path": f.path("p.zip")}));
    assert_eq!(e.code, ErrorCode::BadInput);
    let e = f.err(json!({"cmd": "publish", "target": "web", "path": site, "folder": true}));
    assert_eq!(e.code, ErrorCode::PublishFailed);
    let e =
        f.err(json!({"cmd": "publish", "target": "scorm12", "path": f.path("no/such/dir/c.zip")}));
    assert_eq!(e.code, ErrorCode::Io);
}

#[test]
fn reveal_needs_the_desktop_and_an_existing_path() {
    let mut f = Fixture::with_example();
    let e = f.err(json!({"cmd": "reveal", "path": f.path("nothing")}));
    assert_eq!(e.code, ErrorCode::NotFound);
    let e = f.err(json!({"cmd": "reveal", "path": f.path("course.trellis")}));
    assert_eq!(e.code, ErrorCode::BadInput);
}

#[test]
fn relative_paths_are_beside_the_open_course() {
    let mut f = Fixture::with_example();
    f.ok(json!({"cmd": "publish", "target": "web", "path": "rel.zip"}));
    assert!(f.path("rel.zip").is_file());
}

#[test]
fn a_file_from_a_newer_trellis_is_refused() {
    let mut f = Fixture::with_example();
    let path = f.path("course.trellis");
    f.ok(json!({"cmd": "close"}));
    // Bump the schema version recorded in the SQLite header's user_version (offset 60).
    let mut bytes = std::fs::read(&path).unwrap();
    bytes[60..64].copy_from_slice(&9999u32.to_be_bytes());
    std::fs::write(&path, &bytes).unwrap();
    let e = f.err(json!({"cmd": "open_course", "path": path}));
    assert!(
        matches!(e.code, ErrorCode::NewerVersion | ErrorCode::NotACourse),
        "{e:?}"
    );
}

#[test]
fn a_new_course_without_a_path_is_named_for_its_title() {
    let mut f = Fixture::new();
    let snap = f.ok(json!({"cmd": "new_course", "blueprint": "compliance-training", "title": "Fire safety: the basics"}));
    let first = f.path("courses/Fire safety- the basics.trellis");
    assert_eq!(Path::new(snap["path"].as_str().unwrap()), first);
    assert!(first.is_file());
    // The same title again: a second file, the first one untouched.
    let before = std::fs::read(&first).unwrap();
    let snap = f.ok(json!({"cmd": "new_course", "blueprint": "compliance-training", "title": "Fire safety: the basics"}));
    assert_eq!(
        Path::new(snap["path"].as_str().unwrap()),
        f.path("courses/Fire safety- the basics 2.trellis")
    );
    assert_eq!(std::fs::read(&first).unwrap(), before);
    // No title: the blueprint's.
    let snap = f.ok(json!({"cmd": "new_course", "blueprint": "compliance-training"}));
    let title = snap["course"]["info"]["title"].as_str().unwrap().to_owned();
    assert_eq!(
        Path::new(snap["path"].as_str().unwrap()),
        f.path(&format!("courses/{title}.trellis"))
    );
}

#[test]
fn default_places_follow_the_last_folder_used() {
    let mut f = Fixture::new();
    // Nothing opened yet: the courses folder, created.
    let place = f.ok(json!({"cmd": "default_path", "kind": "course", "title": "Safety / Health"}));
    assert_eq!(
        Path::new(place["path"].as_str().unwrap()),
        f.path("courses/Safety - Health.trellis")
    );
    assert_eq!(place["name"], "Safety - Health.trellis");
    assert!(f.path("courses").is_dir());
    // Once a course was opened elsewhere, its folder.
    std::fs::create_dir_all(f.path("team")).unwrap();
    let course = f.path("team/course.trellis");
    f.ok(json!({"cmd": "import_folder", "folder": example(), "path": course}));
    let place = f.ok(json!({"cmd": "default_path", "kind": "course", "title": "Next"}));
    assert_eq!(Path::new(place["folder"].as_str().unwrap()), f.path("team"));
    // Packages and exports: beside the course, named for its title, until
    // something was published or exported elsewhere.
    let title = f.ok(json!({"cmd": "snapshot"}))["course"]["info"]["title"]
        .as_str()
        .unwrap()
        .to_owned();
    let place = f.ok(json!({"cmd": "default_path", "kind": "package", "target": "scorm2004"}));
    assert_eq!(
        Path::new(place["path"].as_str().unwrap()),
        f.path(&format!("team/{title} - SCORM 2004.zip"))
    );
    let place = f.ok(json!({"cmd": "default_path", "kind": "export"}));
    assert_eq!(
        Path::new(place["path"].as_str().unwrap()),
        f.path(&format!("team/{title}"))
    );
    std::fs::create_dir_all(f.path("out")).unwrap();
    f.ok(json!({"cmd": "publish", "target": "web", "path": f.path("out/site.zip")}));
    let place = f.ok(json!({"cmd": "default_path", "kind": "package", "target": "web"}));
    assert_eq!(Path::new(place["folder"].as_str().unwrap()), f.path("out"));
    // A folder of that name that is not an earlier export is not taken.
    std::fs::create_dir_all(f.path(&format!("team/{title}"))).unwrap();
    std::fs::write(f.path(&format!("team/{title}/notes.txt")), "mine").unwrap();
    let place = f.ok(json!({"cmd": "default_path", "kind": "export"}));
    assert_eq!(
        Path::new(place["path"].as_str().unwrap()),
        f.path(&format!("team/{title} 2"))
    );
    let e = f.err(json!({"cmd": "default_path", "kind": "spaceship"}));
    assert_eq!(e.code, ErrorCode::BadInput);
}

#[test]
fn import_folder_without_a_path_is_named_for_the_course() {
    let mut f = Fixture::new();
    let snap = f.ok(json!({"cmd": "import_folder", "folder": example()}));
    let title = snap["course"]["info"]["title"].as_str().unwrap();
    assert_eq!(
        Path::new(snap["path"].as_str().unwrap()),
        f.path(&format!("courses/{title}.trellis"))
    );
}

/// The course as `trellis-text` reads it back from an export.
fn reimport(folder: &Path) -> trellis_model::Course {
    trellis_text::import_dir(folder).unwrap().course
}

#[test]
fn export_writes_the_text_folder_and_refuses_other_folders() {
    let mut f = Fixture::with_example();
    let id = f.first_lesson()["id"].clone();
    f.change(json!({"cmd": "apply", "edit": {"op": "rename-lesson", "id": id, "title": "Renamed before export"}}));
    let out = f.path("export");
    let report = f.ok(json!({"cmd": "export", "path": out}));
    assert_eq!(Path::new(report["path"].as_str().unwrap()), out);
    assert_eq!(report["zip"], false);
    assert!(out.join("course.toml").is_file());
    let course = reimport(&out);
    assert_eq!(&course, f.app.course().unwrap());
    assert!(!course.assets.is_empty(), "the example has assets");
    for a in &course.assets {
        assert!(out.join("assets").join(&a.name).is_file(), "{}", a.name);
    }
    // Again into the same folder (an earlier export): updated in place,
    // other files such as .git kept.
    std::fs::create_dir_all(out.join(".git")).unwrap();
    f.ok(json!({"cmd": "export", "path": out}));
    assert!(out.join(".git").is_dir());
    // A folder that is not a course folder is left alone.
    let other = f.path("photos");
    std::fs::create_dir_all(&other).unwrap();
    std::fs::write(other.join("cat.jpg"), "meow").unwrap();
    let e = f.err(json!({"cmd": "export", "path": other}));
    assert_eq!(e.code, ErrorCode::BadInput);
    assert!(e.message.contains("course.toml"), "{}", e.message);
    let names: Vec<_> = std::fs::read_dir(&other).unwrap().collect();
    assert_eq!(names.len(), 1);
    f.ok(json!({"cmd": "close"}));
    let e = f.err(json!({"cmd": "export", "path": f.path("x")}));
    assert_eq!(e.code, ErrorCode::NotOpen);
}

#[test]
fn export_as_a_zip_holds_the_folder() {
    let mut f = Fixture::with_example();
    let zip_path = f.path("Phishing.zip");
    let report = f.ok(json!({"cmd": "export", "path": zip_path, "zip": true}));
    assert_eq!(report["zip"], true);
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&zip_path).unwrap()).unwrap();
    let names: Vec<String> = zip.file_names().map(|n| n.unwrap().into_owned()).collect();
    assert!(
        names.iter().any(|n| n == "Phishing/course.toml"),
        "{names:?}"
    );
    assert!(
        names.iter().all(|n| n.starts_with("Phishing/")),
        "{names:?}"
    );
    // Unpacked, it is the course.
    let out = f.path("unpacked");
    zip.extract(&out).unwrap();
    assert_eq!(&reimport(&out.join("Phishing")), f.app.course().unwrap());
    // No partial file is left beside it.
    let partials = std::fs::read_dir(f.dir.path())
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .file_name()
                .to_string_lossy()
                .ends_with(".partial")
        })
        .count();
    assert_eq!(partials, 0);
}

/// Runs `call` on another thread and fails if it has not returned within
/// `secs` seconds (a read of /dev/zero or a pipe would never return).
fn within<T: Send + 'static>(secs: u64, call: impl FnOnce() -> T + Send + 'static) -> T {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(call());
    });
    rx.recv_timeout(std::time::Duration::from_secs(secs))
        .expect("the call returned in time")
}

/// Only ordinary files become assets, and never more than the limit: a
/// device or a pipe chosen as the file is refused at once instead of read
/// without end (issue 19, fault 3).
#[cfg(unix)]
#[test]
fn import_asset_refuses_devices_pipes_and_files_over_the_limit() {
    let f = Fixture::with_example();
    let fifo = f.path("captions.vtt");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    let big = f.path("huge.mp4");
    std::fs::File::create(&big)
        .unwrap()
        .set_len(trellis_assets::MAX_ASSET_BYTES + 1)
        .unwrap();
    let (mut f, refusals) = within(20, move || {
        let mut f = f;
        let refusals: Vec<trellis_app::AppError> = [
            json!({"cmd": "import_asset", "path": "/dev/zero", "name": "zero.png"}),
            json!({"cmd": "import_asset", "path": fifo}),
            json!({"cmd": "import_asset", "path": big}),
        ]
        .into_iter()
        .map(|c| f.err(c))
        .collect();
        (f, refusals)
    });
    for e in &refusals {
        assert_eq!(e.code, ErrorCode::BadInput, "{}", e.message);
    }
    assert!(
        refusals[0]
            .message
            .contains("“zero” is not an ordinary file"),
        "{}",
        refusals[0].message
    );
    assert!(
        refusals[1]
            .message
            .contains("“captions.vtt” is not an ordinary file")
    );
    assert!(
        refusals[2]
            .message
            .contains("“huge.mp4” is larger than 512 MiB"),
        "{}",
        refusals[2].message
    );
    let assets = f.ok(json!({"cmd": "assets"}));
    for refused in ["zero.png", "captions.vtt", "huge.mp4"] {
        assert!(
            !assets
                .as_array()
                .unwrap()
                .iter()
                .any(|a| a["name"] == refused),
            "{refused}"
        );
    }
}

/// A title with a character XML cannot carry (U+0007) is refused with the
/// field named, and the course file keeps what it held (issue 19, fault 6).
#[test]
fn edits_with_control_characters_are_refused_and_change_nothing() {
    let mut f = Fixture::with_example();
    let path = f.path("course.trellis");
    // The course file and its write-ahead log, byte for byte.
    let stored = move || {
        ["", "-wal"].map(|end| {
            let mut p = path.clone().into_os_string();
            p.push(end);
            std::fs::read(p).ok()
        })
    };
    let before = stored();
    let id = f.first_lesson()["id"].clone();
    let e = f.err(json!({"cmd": "apply", "edit": {"op": "rename-lesson", "id": id, "title": "Ring\u{7} the bell"}}));
    assert_eq!(e.code, ErrorCode::InvalidEdit);
    assert!(
        e.message
            .contains("the title contains an invisible control character (U+0007)"),
        "{}",
        e.message
    );
    assert!(e.message.contains("Nothing was changed"), "{}", e.message);
    assert_eq!(stored(), before);
    assert_ne!(f.first_lesson()["title"], "Ring\u{7} the bell");

    // Nor does a new course start with such a title.
    let fresh = f.path("fresh.trellis");
    let e = f.err(json!({"cmd": "new_course", "blueprint": "compliance-training", "path": fresh, "title": "Bell\u{7}"}));
    assert_eq!(e.code, ErrorCode::BadInput);
    assert!(e.message.contains("the title contains"), "{}", e.message);
    assert!(!fresh.exists());
}

#[test]
fn import_document_makes_a_course_file_and_answers_the_report() {
    let mut f = Fixture::new();
    let fixtures = root().join("crates/trellis-import/tests/fixtures");
    let path = f.path("storyboard.trellis");
    let snap = f.ok(json!({
        "cmd": "import_document",
        "document": fixtures.join("storyboard.docx"),
        "path": path,
    }));
    assert_eq!(
        snap["course"]["info"]["title"], "Phishing awareness",
        "{snap}"
    );
    let report = &snap["import_report"];
    assert_eq!(report["format"], "Word");
    assert!(
        report["mapped"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["place"] == "paragraph 4" && e["what"] == "module “Recognise phishing”"),
        "{report}"
    );
    assert!(
        report["skipped"][1]["what"]
            .as_str()
            .unwrap()
            .contains("“Narrator script” means nothing to Trellis"),
        "{report}"
    );
    // What the file holds: read it back without the app.
    f.ok(json!({"cmd": "close"}));
    let file = trellis_store::CourseFile::open(&path).unwrap();
    assert_eq!(file.course().modules.len(), 3);
    assert_eq!(file.course().assets.len(), 3);
    assert_eq!(file.comments().unwrap().len(), 2);
    drop(file);

    // A presentation, each slide a heading in one lesson.
    let snap = f.ok(json!({
        "cmd": "import_document",
        "document": fixtures.join("fire-safety.pptx"),
        "path": f.path("deck.trellis"),
        "slides_as_headings": true,
    }));
    assert_eq!(snap["import_report"]["format"], "PowerPoint");

    // A refused document: a clear message, and no file.
    let locked = f.path("locked.docx");
    let mut bytes = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    bytes.resize(1024, 0);
    std::fs::write(&locked, bytes).unwrap();
    let e = f.err(json!({
        "cmd": "import_document",
        "document": locked,
        "path": f.path("locked.trellis"),
    }));
    assert_eq!(e.code, ErrorCode::BadInput);
    assert!(e.message.contains("password-protected"), "{}", e.message);
    assert!(!f.path("locked.trellis").exists());
    let e = f.err(json!({"cmd": "import_document", "document": f.path("none.docx")}));
    assert_eq!(e.code, ErrorCode::NotFound);
}
