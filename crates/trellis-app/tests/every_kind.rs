//! Walks every block kind and question type of the model through each place
//! that must handle it (see docs/adding-a-block-kind.md) and fails with the
//! list of places that do not. The Rust places with a `match` on
//! `BlockContent` or `Answer` are found by the compiler; this test covers
//! the rest: places keyed by the kind's name (starter content, the player's
//! JavaScript, the tracking adapters, the UI's catalogue and fields) and
//! what each kind must do end to end (text format round trip, rendering,
//! saved-state budget, the sample course).

use std::collections::BTreeMap;

use trellis_model::block::{BLOCK_KINDS, QUESTION_KINDS};
use trellis_model::sample::demo_course;
use trellis_model::{Block, BlockContent, Course};
use trellis_publish::Target;
use trellis_render::{RenderOptions, player};

/// The kind (and question type) of a block, as `question:numeric`.
fn name(content: &BlockContent) -> String {
    match content {
        BlockContent::Question(q) => format!("question:{}", q.answer.kind()),
        other => other.kind().to_owned(),
    }
}

/// Every kind to walk: each block kind but `question`, then each question
/// type, as `name` spells them.
fn every_kind() -> Vec<(String, &'static str, Option<&'static str>)> {
    let mut all = Vec::new();
    for kind in BLOCK_KINDS {
        if kind != "question" {
            all.push((kind.to_owned(), kind, None));
        }
    }
    for q in QUESTION_KINDS {
        all.push((format!("question:{q}"), "question", Some(q)));
    }
    all
}

/// The demo course's first block of each kind.
fn demo_blocks(course: &Course) -> BTreeMap<String, Block> {
    let mut found = BTreeMap::new();
    for (_, block) in course.blocks() {
        found
            .entry(name(&block.content))
            .or_insert_with(|| block.clone());
    }
    found
}

fn read(path: &str) -> String {
    let root = std::path::PathBuf::from(
        std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"),
    )
    .join("../..");
    std::fs::read_to_string(root.join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn player_js(module: &str) -> &'static str {
    player::JS_MODULES
        .iter()
        .find(|(n, _)| *n == module)
        .map(|(_, s)| *s)
        .unwrap_or_else(|| panic!("no player module {module}"))
}

#[test]
fn every_kind_is_handled_everywhere() {
    let mut course = demo_course();
    // The demo's picture, as a real PNG (the sample course names it only).
    let png = std::fs::read(
        std::path::PathBuf::from(
            std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"),
        )
        .join("../../examples/phishing-awareness/assets/images/logo.png"),
    )
    .unwrap();
    let picture = "images/diagram.png";
    course.assets = vec![trellis_assets::inspect(picture, &png).unwrap()];
    let demo = demo_blocks(&course);
    let mut missing: Vec<String> = Vec::new();
    let mut miss = |kind: &str, place: &str, why: String| {
        missing.push(format!("{kind}: {place} ({why})"));
    };

    // Text format: the demo course written as files and read back.
    let mut files = trellis_text::export_files(&course, &[]);
    files.insert(format!("assets/{picture}"), png);
    let back = trellis_text::import_files(&files).map(|i| demo_blocks(&i.course));
    // Render: the demo course published for the web.
    let site = trellis_render::render(&course, &RenderOptions::new(Target::Web))
        .map_err(|e| e.to_string());
    let page = site
        .as_ref()
        .map(|s| String::from_utf8_lossy(&s.files["index.html"]).into_owned());
    // The saved-state budget's parts.
    let budget = trellis_render::budget::state_budget(&course);
    // The player's question code and the tracking adapters' table.
    let questions_js = player_js("questions");
    // The editor's catalogue of kinds and its fields for each.
    let catalog = read("ui/src/lib/catalog.ts");
    let fields = read("ui/src/components/BlockFields.svelte");
    let editor = read("ui/src/components/QuestionEditor.svelte");
    let card = read("ui/src/components/BlockCard.svelte");
    let mut nouns: BTreeMap<&str, &str> = BTreeMap::new();

    for (kind, block_kind, question) in every_kind() {
        // Sample course: the demo course shows every kind.
        let Some(block) = demo.get(&kind) else {
            miss(
                &kind,
                "sample course",
                "trellis_model::sample::demo_course has none".into(),
            );
            continue;
        };
        // Starter content: "Add block" makes one.
        match trellis_app::starter::new_block(block_kind, question) {
            Ok(b) if name(&b.content) == kind => {}
            Ok(b) => miss(
                &kind,
                "starter content",
                format!("made a {}", name(&b.content)),
            ),
            Err(e) => miss(&kind, "starter content", e.message),
        }
        // Text format: the block comes back from the files as it was.
        match &back {
            Ok(back) if back.get(&kind) == Some(block) => {}
            Ok(_) => miss(&kind, "text format", "changed on export and import".into()),
            Err(e) => miss(&kind, "text format", e.to_string()),
        }
        // Check: its own words in the check's messages.
        let noun = trellis_check::kind_noun(&block.content);
        if question.is_none() {
            if let Some(other) = nouns.iter().find(|(_, n)| **n == noun).map(|(k, _)| *k) {
                miss(&kind, "check", format!("named \"{noun}\" like {other}"));
            }
            nouns.insert(block_kind, noun);
        }
        // Render: the block is on the page.
        match &page {
            Ok(page) if page.contains(&format!("id=\"block-{}\"", block.id)) => {}
            Ok(_) => miss(
                &kind,
                "render",
                format!("block {} is not on the page", block.id),
            ),
            Err(e) => miss(&kind, "render", e.to_string()),
        }
        let Some(q) = question else { continue };
        // Player: reading, scoring and showing the answer of the type.
        let cases = questions_js.matches(&format!("case \"{q}\"")).count();
        if cases < 2 {
            miss(
                &kind,
                "player",
                format!("questions.js has {cases} `case \"{q}\"`, needs its own in each switch"),
            );
        }
        // Tracking adapters: the interaction type SCORM and xAPI report.
        let table = questions_js
            .split_once("T.types = {")
            .and_then(|(_, rest)| rest.split_once('}'))
            .map(|(table, _)| table)
            .unwrap_or_default();
        // One `key: "type",` entry a line; the key quoted only when it must be.
        let has_type = table.lines().any(|line| {
            line.split_once(':')
                .is_some_and(|(key, _)| key.trim().trim_matches('"') == q)
        });
        if !has_type {
            miss(
                &kind,
                "tracking adapters",
                "questions.js has no interaction type for it".into(),
            );
        }
        // State budget: its answer is counted in the worst case.
        if !budget
            .parts
            .iter()
            .any(|p| p.id.as_deref() == Some(block.id.as_str()) && p.chars > 0)
        {
            miss(
                &kind,
                "state budget",
                "trellis_render::budget does not count it".into(),
            );
        }
        // UI catalogue: the editor offers it and has fields for it.
        let named =
            catalog.contains(&format!("'{q}': '")) || catalog.contains(&format!("  {q}: '"));
        if !catalog.contains(&format!("question_type: '{q}'")) || !named {
            miss(
                &kind,
                "UI catalogue",
                "ui/src/lib/catalog.ts does not list it".into(),
            );
        }
        if !editor.contains(&format!("'{q}'")) {
            miss(
                &kind,
                "UI fields",
                "ui/src/components/QuestionEditor.svelte has no fields for it".into(),
            );
        }
    }
    for kind in BLOCK_KINDS {
        if !catalog.contains(&format!("kind: '{kind}'")) {
            missing.push(format!(
                "{kind}: UI catalogue (ui/src/lib/catalog.ts does not list it)"
            ));
        }
        // The block's card shows BlockFields, or its own editor (questions,
        // scenarios).
        let quoted = format!("'{kind}'");
        if !fields.contains(&quoted) && !card.contains(&quoted) {
            missing.push(format!(
                "{kind}: UI fields (neither ui/src/components/BlockFields.svelte nor \
                 BlockCard.svelte has fields for it)"
            ));
        }
    }
    assert!(
        missing.is_empty(),
        "places that do not handle every kind (see docs/adding-a-block-kind.md):\n  {}",
        missing.join("\n  ")
    );
}
