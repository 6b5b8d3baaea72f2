//! Translations in the text format: `translations/<lang>.toml` written,
//! read back unchanged, exported byte-identically, and bad files refused
//! with their place.

use std::collections::BTreeMap;

use tempfile::TempDir;
use trellis_model::sample::demo_course;
use trellis_model::{TranslatedUnit, Translation};

/// The demo course without the blocks that need image bytes.
fn course() -> trellis_model::Course {
    let mut course = demo_course();
    for l in course.modules.iter_mut().flat_map(|m| m.lessons.iter_mut()) {
        l.blocks.retain(|b| b.asset_refs().is_empty());
    }
    course
}

fn translation(lang: &str) -> Translation {
    let mut t = Translation::new(lang);
    t.units.insert(
        "m-basics.title".into(),
        TranslatedUnit {
            source_hash: "0123456789abcdef".into(),
            text: "Les bases".into(),
        },
    );
    t.units.insert(
        "content-0.markdown".into(),
        TranslatedUnit {
            source_hash: "fedcba9876543210".into(),
            text: "Un texte **gras**\n\n- avec \"guillemets\"\n- et \\ barre\n".into(),
        },
    );
    t
}

#[test]
fn translations_round_trip_through_files() {
    let course = course();
    let ts = vec![translation("de"), translation("fr")];
    let files = trellis_text::export_files_with_translations(&course, &[], &ts);
    let fr = String::from_utf8(files["translations/fr.toml"].clone()).unwrap();
    assert!(fr.starts_with("language = \"fr\"\n"), "{fr}");
    assert!(
        fr.contains("[[units]]\nid = \"content-0.markdown\""),
        "{fr}"
    );
    let imported = trellis_text::import_files(&files).unwrap();
    assert_eq!(imported.translations, ts);
    assert_eq!(imported.course, course);
    let again =
        trellis_text::export_files_with_translations(&imported.course, &[], &imported.translations);
    assert_eq!(again, files, "a second export is byte-identical");
}

#[test]
fn export_dir_writes_and_replaces_the_translations_folder() {
    let dir = TempDir::new().unwrap();
    let out = dir.path().join("course");
    let course = course();
    let no_assets = |_: &trellis_model::AssetInfo| -> std::io::Result<Vec<u8>> { unreachable!() };
    trellis_text::export_dir_with_translations(
        &course,
        &[],
        &[translation("fr")],
        &no_assets,
        &out,
    )
    .unwrap();
    assert!(out.join("translations/fr.toml").is_file());
    let imported = trellis_text::import_dir(&out).unwrap();
    assert_eq!(imported.translations, [translation("fr")]);
    trellis_text::export_dir_with_translations(
        &course,
        &[],
        &[translation("nl")],
        &no_assets,
        &out,
    )
    .unwrap();
    assert!(
        !out.join("translations/fr.toml").exists(),
        "a removed language goes"
    );
    assert!(out.join("translations/nl.toml").is_file());
    trellis_text::export_dir(&course, &[], &no_assets, &out).unwrap();
    assert!(!out.join("translations").exists());
}

fn problems(name: &str, text: &str) -> String {
    let mut files: BTreeMap<String, Vec<u8>> = trellis_text::export_files(&course(), &[]);
    files.insert(name.into(), text.as_bytes().to_vec());
    trellis_text::import_files(&files).unwrap_err().to_string()
}

#[test]
fn bad_translation_files_are_refused_with_their_place() {
    let unit =
        "[[units]]\nid = \"m-basics.title\"\nsource_hash = \"0123456789abcdef\"\ntext = \"x\"\n";
    let e = problems(
        "translations/fr.toml",
        &format!("language = \"de\"\n{unit}"),
    );
    assert!(
        e.contains("translations/fr.toml:1:12: the language `de` does not match the file name"),
        "{e}"
    );
    let e = problems(
        "translations/en.toml",
        &format!("language = \"en\"\n{unit}"),
    );
    assert!(e.contains("`en` is the course's own language"), "{e}");
    let e = problems(
        "translations/fr.toml",
        &format!("language = \"fr\"\n{unit}{unit}"),
    );
    assert!(
        e.contains("translations/fr.toml:7:6: unit `m-basics.title` appears twice"),
        "{e}"
    );
    let e = problems(
        "translations/fr.toml",
        "language = \"fr\"\n[[units]]\nid = \"m-basics/title\"\nsource_hash = \"0123456789abcdef\"\ntext = \"x\"\n",
    );
    assert!(
        e.contains("translations/fr.toml:3:6: `m-basics/title` is not a unit id"),
        "{e}"
    );
    let e = problems(
        "translations/fr.toml",
        "language = \"fr\"\n[[units]]\nid = \"m-basics.title\"\nsource_hash = \"zz\"\ntext = \"x\"\n",
    );
    assert!(
        e.contains("translations/fr.toml:4:15: source_hash `zz`"),
        "{e}"
    );
    let e = problems("translations/fr.toml", "language = \"fr\"\nextra = 1\n");
    assert!(e.contains("translations/fr.toml:2:1"), "{e}");
    let e = problems("translations/x/fr.toml", "language = \"fr\"\n");
    assert!(e.contains("unexpected file in translations/"), "{e}");
}
