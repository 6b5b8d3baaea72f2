//! The editor's preview page draws one lesson and serves the others, one by
//! one, as `lessons/<id>.json` (`App::preview_file`).

use std::path::Path;

use serde_json::{Value, json};
use trellis_app::{App, AppConfig};

fn open_example(dir: &Path) -> App {
    let mut app = App::new(AppConfig {
        config_dir: Some(dir.join("config")),
        image_cache: None,
        reveal: false,
        courses_dir: None,
    });
    let example = std::path::PathBuf::from(
        std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"),
    )
    .join("../../examples/phishing-awareness");
    app.call_json(
        json!({"cmd": "import_folder", "folder": example, "path": dir.join("c.trellis")}),
    )
    .unwrap();
    app
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).unwrap()
}

#[test]
fn preview_serves_lessons_on_demand() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = open_example(dir.path());
    let snap = app.call_json(json!({"cmd": "snapshot"})).unwrap();
    let ids: Vec<String> = snap["course"]["modules"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|m| m["lessons"].as_array().unwrap().iter())
        .map(|l| l["id"].as_str().unwrap().to_owned())
        .collect();
    assert!(ids.len() >= 3, "{ids:?}");

    // The page opens on the first lesson: the others are placeholders.
    let (mime, page) = app.preview_file("index.html").unwrap();
    assert!(mime.starts_with("text/html"));
    let page = text(&page);
    assert_eq!(page.matches("data-lazy=\"\"").count(), ids.len() - 1);
    assert!(!page.contains(&format!(
        "id=\"lesson-{}\" data-page=\"0\" aria-labelledby=\"lesson-{}-h\" data-lazy",
        ids[0], ids[0]
    )));

    // Each lesson, as the player fetches it: what `preview_update` would
    // send for it, and what the page opened on it holds.
    for (page_index, id) in ids.iter().enumerate() {
        let (mime, body) = app.preview_file(&format!("lessons/{id}.json")).unwrap();
        assert_eq!(mime, "application/json");
        let part: Value = serde_json::from_slice(&body).unwrap();
        assert_eq!(part["page"], page_index);
        assert_eq!(part["id"], id.as_str());
        assert!(part["data"]["page"]["id"] == id.as_str());
        let html = part["html"].as_str().unwrap();
        assert!(html.starts_with("<section class=\"t-page"), "{html}");
        assert!(!html.contains("data-lazy"));
        // `?lesson=` opens the page on that lesson (query as studio and the
        // desktop pass it on, with the leading slash).
        let (_, opened) = app.preview_file(&format!("/?rev=3&lesson={id}")).unwrap();
        let opened = text(&opened);
        assert!(opened.contains(html), "lesson {id}");
        assert_eq!(opened.matches("data-lazy=\"\"").count(), ids.len() - 1);
    }
    assert_eq!(app.preview_file("lessons/no-such-lesson.json"), None);
    assert_eq!(app.preview_file("lessons/%ZZ.json"), None);
    assert_eq!(app.preview_file(&format!("lessons/{}", ids[0])), None);
    // An unknown lesson in the query: the first lesson, as without one.
    let (_, unknown) = app.preview_file("index.html?lesson=nope").unwrap();
    assert_eq!(text(&unknown), page);

    // A lesson fetched after an edit is drawn at the current revision.
    let last = ids.last().unwrap();
    let rev = app
        .call_json(json!({"cmd": "apply", "edit": {"op": "rename-lesson", "id": last, "title": "Renamed at the end"}}))
        .unwrap()["revision"]
        .clone();
    assert!(rev.as_u64().unwrap() > 0);
    let (_, body) = app.preview_file(&format!("lessons/{last}.json")).unwrap();
    let part: Value = serde_json::from_slice(&body).unwrap();
    assert!(
        part["html"]
            .as_str()
            .unwrap()
            .contains("Renamed at the end")
    );
    let update = app.preview_update(app.revision() - 1).unwrap();
    assert_eq!(update["lessons"][0], part);
}
