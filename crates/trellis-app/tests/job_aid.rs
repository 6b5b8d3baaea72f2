//! The job aid from the app: the editor's view of it, marking a block for
//! it (read back from the course file), and publishing it.

use serde_json::json;

mod common;
use common::Fixture;

#[test]
fn the_view_follows_marks_stored_in_the_course_file() {
    let mut f = Fixture::with_example();
    let view = f.ok(json!({"cmd": "job_aid"}));
    assert_eq!(view["has"], true);
    let html = view["html"].as_str().unwrap();
    assert!(html.starts_with("<!DOCTYPE html>"), "{html}");
    assert!(html.contains("Check a link before you open it"));

    // Mark a block of a concept lesson (no default mark) for the aid.
    let snap = f.ok(json!({"cmd": "snapshot"}));
    let lesson_id = snap["course"]["modules"][0]["lessons"][1]["id"].clone();
    let lessons = f.ok(json!({"cmd": "lessons", "ids": [lesson_id]}));
    let lesson = &lessons[0];
    let mut block = lesson["blocks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|b| b["kind"] == "text" || b["content"]["kind"] == "text")
        .cloned()
        .expect("a text block");
    block["job_aid"] = json!(true);
    f.ok(json!({"cmd": "apply", "edit": {"op": "update-block", "block": block}}));

    // Read the course file itself, with the app's hold on it released.
    let path = f.path("course.trellis");
    f.ok(json!({"cmd": "close"}));
    let stored = trellis_store::CourseFile::open_read_only(&path).unwrap();
    let id = block["id"].as_str().unwrap();
    let (l, b) = stored
        .course()
        .blocks()
        .find(|(_, b)| b.id.as_str() == id)
        .unwrap();
    assert_eq!(b.job_aid, Some(true));
    assert!(l.block_in_job_aid(b));
    drop(stored);
    f.ok(json!({"cmd": "open_course", "path": path}));

    let view = f.ok(json!({"cmd": "job_aid"}));
    let sections = view["sections"].as_array().unwrap();
    assert!(
        sections.iter().any(|s| *s == lesson["title"]),
        "{sections:?}"
    );

    let zip = f.path("aid.zip");
    let out = f.ok(json!({"cmd": "publish", "target": "job-aid", "path": zip}));
    assert_eq!(out["target"], "job-aid");
    let bytes = std::fs::read(&zip).unwrap();
    assert!(bytes.starts_with(b"PK"));
    let names: Vec<&str> = out["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert!(names.contains(&"job-aid-a4.pdf") && names.contains(&"index.html"));
}

/// The view in a translation's language: the translated course's aid (its
/// lesson titles as the translation stored in the course file has them),
/// the aid's own words in that language, and the languages to choose from.
#[test]
fn the_view_shows_a_translations_aid() {
    let mut f = Fixture::with_example();
    let view = f.ok(json!({"cmd": "job_aid"}));
    assert_eq!(view["language"], "en-GB");
    assert_eq!(
        view["languages"],
        json!([{"language": "en-GB", "name": "English"}])
    );
    let first = view["sections"][0].as_str().unwrap().to_owned();
    let snap = f.ok(json!({"cmd": "snapshot"}));
    let lesson = snap["course"]["modules"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|m| m["lessons"].as_array().unwrap())
        .find(|l| l["title"] == first.as_str())
        .expect("the aid's first section is a lesson")["id"]
        .as_str()
        .unwrap()
        .to_owned();
    f.ok(
        json!({"cmd": "set_translation", "language": "fr", "id": format!("{lesson}.title"),
        "text": "Repérer un message d’hameçonnage"}),
    );

    // What the course file holds.
    let path = f.path("course.trellis");
    f.ok(json!({"cmd": "close"}));
    let stored = trellis_store::CourseFile::open_read_only(&path).unwrap();
    let fr = stored.translation("fr").unwrap().unwrap();
    assert_eq!(
        fr.units[&format!("{lesson}.title")].text,
        "Repérer un message d’hameçonnage"
    );
    drop(stored);
    f.ok(json!({"cmd": "open_course", "path": path}));

    let view = f.ok(json!({"cmd": "job_aid", "language": "fr"}));
    assert_eq!(view["language"], "fr");
    assert_eq!(view["sections"][0], "Repérer un message d’hameçonnage");
    assert_eq!(
        view["languages"][1],
        json!({"language": "fr", "name": "Français"})
    );
    let html = view["html"].as_str().unwrap();
    assert!(html.contains("<html lang=\"fr\">"));
    assert!(html.contains("<h2>Repérer un message d’hameçonnage</h2>"));
    assert!(html.contains("Décision 1"), "the aid's own words in French");
    assert!(!html.contains("<script"), "the view's page has no script");
    assert!(view["pages"].as_u64().unwrap() >= 1);
    // The preview in French links to the French aid, which it makes.
    let (mime, phone) = f.app.preview_file("lang/fr/job-aid/index.html").unwrap();
    assert_eq!(mime, "text/html; charset=utf-8");
    let phone = String::from_utf8(phone).unwrap();
    assert!(phone.contains("<html lang=\"fr\">"));
    assert!(phone.contains("<h2>Repérer un message d’hameçonnage</h2>"));
    assert!(phone.contains(">Imprimer</button>"));
    let (_, pdf) = f
        .app
        .preview_file("lang/fr/job-aid/job-aid-a4.pdf")
        .unwrap();
    assert!(pdf.starts_with(b"%PDF-"));
    // The course's own language, by its code or by default.
    let own = f.ok(json!({"cmd": "job_aid", "language": "en-GB"}));
    assert_eq!(own["sections"][0], first.as_str());
    assert_eq!(own["html"], f.ok(json!({"cmd": "job_aid"}))["html"]);
    // The Publish panel's zip carries the French aid in `fr/`.
    let zip = f.path("aid.zip");
    let out = f.ok(json!({"cmd": "publish", "target": "job-aid", "path": zip}));
    let names: Vec<&str> = out["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    for name in [
        "index.html",
        "job-aid-a4.pdf",
        "fr/index.html",
        "fr/job-aid-a4.pdf",
        "fr/job-aid-letter.pdf",
    ] {
        assert!(names.contains(&name), "{name}: {names:?}");
    }
    let mut archive = zip::ZipArchive::new(std::fs::File::open(&zip).unwrap()).unwrap();
    let mut phone = String::new();
    std::io::Read::read_to_string(&mut archive.by_name("fr/index.html").unwrap(), &mut phone)
        .unwrap();
    assert!(phone.contains("<h2>Repérer un message d’hameçonnage</h2>"));
    // A language the course has no translation into.
    let e = f.err(json!({"cmd": "job_aid", "language": "de"}));
    assert_eq!(e.code, trellis_app::ErrorCode::NotFound, "{e:?}");
    assert!(
        e.message.contains("no translation into “de”"),
        "{}",
        e.message
    );
}
