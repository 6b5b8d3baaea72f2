//! The translation commands on a real course file: a unit translated by
//! hand is stored in the course file (read back through the store), a new
//! language is added by its first unit, the status follows, a source edit
//! makes the unit stale, bad input is refused with nothing stored, and the
//! preview in a language shows the translation.

use serde_json::json;
use trellis_store::CourseFile;

mod common;
use common::Fixture;

#[test]
fn a_unit_translated_by_hand_is_stored_in_the_course_file() {
    let mut f = Fixture::with_example();
    let path = f.path("course.trellis");
    let status = f.ok(json!({"cmd": "translations"}));
    assert_eq!(status["source"]["language"], "en-GB");
    assert_eq!(status["languages"], json!([]));

    let units = f.ok(json!({"cmd": "translation_units", "language": "fr"}));
    let list = units["units"].as_array().unwrap();
    assert!(list.len() > 100);
    let title = list
        .iter()
        .find(|u| u["id"] == "what-is-phishing.title")
        .expect("the lesson title is a unit");
    assert_eq!(title["source"], "What phishing is and why it works");
    assert_eq!(title["state"], "missing");
    assert!(title["text"].is_null());
    assert!(
        title["context"]
            .as_str()
            .unwrap()
            .contains("the title of lesson 1"),
        "{title}"
    );

    let done = f.ok(
        json!({"cmd": "set_translation", "language": "fr", "id": "what-is-phishing.title",
        "text": "Ce qu’est l’hameçonnage et pourquoi il fonctionne"}),
    );
    assert_eq!(done["unit"]["state"], "translated");
    let fr = &done["status"]["languages"][0];
    assert_eq!(fr["language"], "fr");
    assert_eq!(fr["name"], "Français");
    assert_eq!(fr["translated"], 1);
    assert_eq!(fr["missing"], list.len() - 1);
    assert_eq!(fr["player_strings"], true);

    // What the course file holds, read back by the store (the app closes
    // the course first: an open course file is locked).
    f.ok(json!({"cmd": "close"}));
    let stored = CourseFile::open_read_only(&path)
        .unwrap()
        .translation("fr")
        .unwrap()
        .expect("the language is in the file");
    f.ok(json!({"cmd": "open_course", "path": path}));
    let unit = &stored.units["what-is-phishing.title"];
    assert_eq!(
        unit.text,
        "Ce qu’est l’hameçonnage et pourquoi il fonctionne"
    );
    assert_eq!(
        unit.source_hash,
        trellis_translate::source_hash("What phishing is and why it works")
    );

    // The preview in French shows it, with the player's French strings.
    let (_, page) = f
        .app
        .preview_file("lang/fr/index.html")
        .expect("a French preview");
    let page = String::from_utf8(page).unwrap();
    assert!(page.contains("Ce qu’est l’hameçonnage et pourquoi il fonctionne"));
    assert!(page.contains("<html lang=\"fr\""));
    assert!(page.contains(">Suivant</button>"));
    assert!(
        f.app.preview_file("lang/de/index.html").is_none(),
        "no German yet"
    );

    // The source changes: the unit is stale, still stored.
    f.ok(json!({"cmd": "apply", "edit": {"op": "rename-lesson", "id": "what-is-phishing", "title": "What phishing is"}}));
    let units = f.ok(json!({"cmd": "translation_units", "language": "fr"}));
    let title = units["units"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["id"] == "what-is-phishing.title")
        .unwrap()
        .clone();
    assert_eq!(title["state"], "stale");
    assert_eq!(
        title["text"],
        "Ce qu’est l’hameçonnage et pourquoi il fonctionne"
    );

    // Emptied: removed from the file.
    f.ok(json!({"cmd": "set_translation", "language": "fr", "id": "what-is-phishing.title", "text": " "}));
    f.ok(json!({"cmd": "close"}));
    let stored = CourseFile::open_read_only(&path)
        .unwrap()
        .translation("fr")
        .unwrap()
        .unwrap_or_default();
    assert!(!stored.units.contains_key("what-is-phishing.title"));
}

#[test]
fn bad_languages_and_units_are_refused_and_nothing_is_stored() {
    let mut f = Fixture::with_example();
    let path = f.path("course.trellis");
    let e = f.err(json!({"cmd": "set_translation", "language": "fr fr", "id": "what-is-phishing.title", "text": "x"}));
    assert!(e.message.contains("not a language code"), "{}", e.message);
    let e = f.err(json!({"cmd": "set_translation", "language": "en-GB", "id": "what-is-phishing.title", "text": "x"}));
    assert!(e.message.contains("course's own language"), "{}", e.message);
    let e = f.err(
        json!({"cmd": "set_translation", "language": "fr", "id": "no-such.title", "text": "x"}),
    );
    assert!(
        e.message.contains("no longer in the course"),
        "{}",
        e.message
    );
    f.ok(json!({"cmd": "close"}));
    let file = CourseFile::open_read_only(&path).unwrap();
    assert!(file.translations().unwrap().is_empty());
}

/// A course folder's translations (`translations/<lang>.toml`) come along
/// when the folder is opened: exported, imported into a new course file
/// and read back from that file by the store.
#[test]
fn a_course_folder_is_opened_with_its_translations() {
    let mut f = Fixture::with_example();
    f.ok(
        json!({"cmd": "set_translation", "language": "fr", "id": "what-is-phishing.title",
        "text": "Ce qu’est l’hameçonnage"}),
    );
    let folder = f.path("exported");
    f.ok(json!({"cmd": "export", "path": folder}));
    assert!(folder.join("translations/fr.toml").is_file());
    let zipped = f.path("exported.zip");
    f.ok(json!({"cmd": "export", "path": zipped, "zip": true}));
    let archive = zip::ZipArchive::new(std::fs::File::open(&zipped).unwrap()).unwrap();
    assert!(
        archive
            .file_names()
            .any(|n| n.is_ok_and(|n| n == "exported/translations/fr.toml")),
        "the zip holds the translation too"
    );

    let copy = f.path("copy.trellis");
    f.ok(json!({"cmd": "import_folder", "folder": folder, "path": copy}));
    f.ok(json!({"cmd": "close"}));
    let stored = CourseFile::open_read_only(&copy)
        .unwrap()
        .translation("fr")
        .unwrap()
        .expect("the folder's French is in the new course file");
    assert_eq!(
        stored.units["what-is-phishing.title"].text,
        "Ce qu’est l’hameçonnage"
    );
}

/// The `check` command reports the translation findings after the course's
/// own and counts them; storing a translation by hand (which leaves the
/// revision as it was) makes them again.
#[test]
fn the_design_check_reports_translations_and_follows_units_stored_by_hand() {
    let mut f = Fixture::with_example();
    let rules = |report: &serde_json::Value, lang: &str| -> Vec<String> {
        report["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|x| x["location"]["language"] == lang)
            .map(|x| x["rule"].as_str().unwrap().to_owned())
            .collect()
    };
    let before = f.ok(json!({"cmd": "check"}));
    assert!(rules(&before, "fr").is_empty());
    let total = |r: &serde_json::Value| {
        ["errors", "warnings", "infos"]
            .iter()
            .map(|k| r["counts"][k].as_u64().unwrap())
            .sum::<u64>()
    };

    f.ok(
        json!({"cmd": "set_translation", "language": "fr", "id": "what-is-phishing.title",
        "text": "Ce qu’est l’hameçonnage"}),
    );
    let with_fr = f.ok(json!({"cmd": "check"}));
    assert_eq!(rules(&with_fr, "fr"), ["translation-missing"]);
    assert_eq!(total(&with_fr), total(&before) + 1, "counted");
    let last = with_fr["findings"].as_array().unwrap().last().unwrap();
    assert_eq!(last["location"]["language"], "fr", "after the course's own");
    assert_eq!(last["location"]["path"], "Course › Translation “fr”");
    // A lesson's report carries the course's findings, these among them.
    let lesson = f.ok(json!({"cmd": "check", "lesson": "what-is-phishing"}));
    assert_eq!(rules(&lesson, "fr"), ["translation-missing"]);
    let snap = f.ok(json!({"cmd": "snapshot"}));
    assert_eq!(snap["check"], with_fr["counts"]);

    // A language the player has no words for.
    f.ok(
        json!({"cmd": "set_translation", "language": "sv", "id": "what-is-phishing.title",
        "text": "Vad nätfiske är"}),
    );
    assert_eq!(
        rules(&f.ok(json!({"cmd": "check"})), "sv"),
        ["translation-missing", "translation-player-language"]
    );
}
