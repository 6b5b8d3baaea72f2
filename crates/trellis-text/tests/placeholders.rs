//! Placeholder marks in the text format: written, read back unchanged, and
//! bad marks refused with their place.

mod common;

use std::collections::{BTreeMap, BTreeSet};

use common::{assert_round_trip, attach_assets, png};
use trellis_model::sample::demo_course;

fn marks(paths: &[&str]) -> BTreeSet<String> {
    paths.iter().map(|p| p.to_string()).collect()
}

#[test]
fn marks_of_every_kind_round_trip() {
    let mut course = demo_course();
    course.info.placeholders = marks(&["description", "authors"]);
    course.info.authors = vec!["Replace with your team".into()];
    course.info.description = "Pick this when…".into();
    course.objectives[1].placeholder = true;
    let mut whole = 0;
    let mut partial = 0;
    for (i, block) in course
        .modules
        .iter_mut()
        .flat_map(|m| m.lessons.iter_mut())
        .flat_map(|l| l.blocks.iter_mut())
        .enumerate()
    {
        let fields: Vec<String> = block.text_fields().into_iter().map(|f| f.path).collect();
        if fields.is_empty() {
            continue;
        }
        // Every other block fully marked, the rest partly (the last field).
        if i % 2 == 0 && !block.filled_text_paths().is_empty() {
            block.placeholders = block.filled_text_paths();
        } else {
            block.placeholders = marks(&[fields.last().unwrap().as_str()]);
        }
        // Export writes `true` whenever every field with text is marked.
        if block.placeholders == block.filled_text_paths() {
            whole += 1;
        } else {
            partial += 1;
        }
    }
    assert!(whole > 3 && partial > 3);
    let mut bytes = BTreeMap::new();
    bytes.insert("images/diagram.png".to_owned(), png(3, 2));
    let assets = attach_assets(&mut course, &bytes);
    assert_round_trip(&course, &assets);

    let files = trellis_text::export_files(&course, &[]);
    let toml = String::from_utf8(files["course.toml"].clone()).unwrap();
    assert!(toml.contains("placeholders = [\"description\", \"authors\"]\n"));
    assert_eq!(toml.matches("placeholder = true\n").count(), 1);
    let lessons: String = files
        .iter()
        .filter(|(k, _)| k.starts_with("lessons/"))
        .map(|(_, v)| String::from_utf8_lossy(v).into_owned())
        .collect();
    assert_eq!(lessons.matches(", placeholder = true}").count(), whole);
    assert_eq!(lessons.matches(", placeholder = [\"").count(), partial);
}

#[test]
fn every_blueprint_keeps_its_marks_through_export() {
    let root = std::path::PathBuf::from(
        std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"),
    )
    .join("../../templates/blueprints");
    for entry in std::fs::read_dir(&root).unwrap() {
        let dir = entry.unwrap().path();
        let imported = trellis_text::import_dir(&dir).unwrap();
        let course = &imported.course;
        assert!(course.placeholders().len() > 20, "{}", dir.display());
        let assets: BTreeMap<String, Vec<u8>> = imported
            .assets
            .iter()
            .map(|(info, bytes)| (format!("assets/{}", info.name), bytes.clone()))
            .collect();
        assert_round_trip(course, &assets);
    }
}

fn lesson_with(attrs: &str) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    files.insert(
        "course.toml".to_owned(),
        b"id = \"c\"\ntitle = \"C\"\nlanguage = \"en\"\nversion = \"1\"\nplaceholders = [\"summary\"]\n\n[[modules]]\nid = \"m\"\ntitle = \"M\"\nlessons = [\"l\"]\n"
            .to_vec(),
    );
    files.insert(
        "lessons/l.md".to_owned(),
        format!(
            "+++\nid = \"l\"\ntitle = \"L\"\ntemplate = \"free\"\n+++\n\n::: callout {{id = \"b\", style = \"tip\", title = \"Key points\", {attrs}}}\nGuidance: what to write.\n:::\n\n::: divider {{id = \"d\", placeholder = true}}\n:::\n"
        )
        .into_bytes(),
    );
    files
}

#[test]
fn bad_marks_are_refused_with_their_place() {
    let err = trellis_text::import_files(&lesson_with("placeholder = [\"markdown\", \"prompt\"]"))
        .unwrap_err();
    let problems: Vec<String> = err.problems().iter().map(|p| p.to_string()).collect();
    let all = problems.join("\n");
    assert!(
        all.contains("course.toml:5:")
            && all.contains("`placeholders` names `summary`")
            && all.contains("title, description, authors"),
        "{all}"
    );
    assert!(
        all.contains("lessons/l.md:7:")
            && all.contains("`prompt`, which is not a text field of this `callout` block")
            && all.contains("its fields are: title, markdown"),
        "{all}"
    );
    assert!(
        all.contains("lessons/l.md:11:") && all.contains("`divider` block, but it has none"),
        "{all}"
    );
    assert_eq!(problems.len(), 3, "{all}");
}
