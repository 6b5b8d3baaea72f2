//! `state_budget` against the player's real encoder: node runs
//! `player/state.js` on the worst-case state of several courses, and the
//! lengths must be equal. Node.js is required (the project's setup installs it).

use std::process::Command;

use trellis_model::sample::{Size, demo_course, generated_course};
use trellis_model::*;
use trellis_render::fixtures::demo_with_practice;
use trellis_render::{RenderOptions, Target, render, state_budget};

fn data_json(course: &Course) -> String {
    let site = render(course, &RenderOptions::new(Target::Scorm12)).unwrap();
    let html = String::from_utf8(site.files["index.html"].clone()).unwrap();
    let start = html.find("id=\"trellis-data\">").unwrap() + "id=\"trellis-data\">".len();
    let end = html[start..].find("</script>").unwrap() + start;
    html[start..end].to_owned()
}

/// Node.js, which runs the player's encoder; the test fails without it.
fn node() -> &'static str {
    let ok = Command::new("node")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    assert!(
        ok,
        "node is needed to run the player's state encoder (cargo xtask setup installs it)"
    );
    "node"
}

/// A course with unusual shapes: long non-ASCII accepted answers, 40
/// choices (two base-36 digits), a long scenario.
fn odd_course() -> Course {
    let mut c = demo_with_practice();
    let lesson = &mut c.modules[0].lessons[0];
    let mut q = match &demo_course().modules[0].lessons[2].blocks[3].content {
        BlockContent::Question(q) => q.clone(),
        _ => unreachable!(),
    };
    q.answer = Answer::FillBlank {
        accepted: vec!["ünïcödé ".repeat(9)],
        case_sensitive: true,
    };
    lesson
        .blocks
        .push(Block::new(BlockContent::Question(q.clone())));
    q.answer = Answer::MultipleResponse {
        choices: (0..40)
            .map(|i| Choice {
                id: ItemId::new(format!("c{i}")).unwrap(),
                text: format!("Choice {i}"),
                correct: i % 3 == 0,
                feedback: String::new(),
            })
            .collect(),
    };
    lesson
        .blocks
        .push(Block::new(BlockContent::Question(q.clone())));
    if let Answer::MultipleResponse { choices } = &q.answer {
        q.answer = Answer::SingleChoice {
            choices: choices.clone(),
        };
    }
    lesson.blocks.push(Block::new(BlockContent::Question(q)));
    c
}

#[test]
fn budget_matches_the_players_encoder() {
    let node = node();
    let dir = tempfile::tempdir().unwrap();
    let root = std::path::PathBuf::from(
        std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"),
    );
    let medium = generated_course(Size {
        modules: 3,
        lessons_per_module: 5,
        blocks_per_lesson: 6,
        questions_per_lesson: 3,
        images: 2,
    });
    for (name, course) in [
        ("demo", demo_course()),
        ("practice", demo_with_practice()),
        ("odd", odd_course()),
        ("medium", medium),
    ] {
        let data = dir.path().join(format!("{name}.json"));
        std::fs::write(&data, data_json(&course)).unwrap();
        let out = Command::new(node)
            .arg(root.join("tests/worst_state.mjs"))
            .arg(root.join("player/state.js"))
            .arg(&data)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{name}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let js: usize = String::from_utf8(out.stdout).unwrap().parse().unwrap();
        let budget = state_budget(&course);
        assert_eq!(
            budget.worst_case_chars, js,
            "{name}: Rust budget vs JS encoder"
        );
    }
}
