//! A [`Checker`] kept between changes reports what a fresh check does,
//! finding for finding, while checking again only the lessons it must.

use trellis_check::{Checker, Options, check, check_with};
use trellis_model::sample::{Size, demo_course, generated_course, image_name};
use trellis_model::{
    AssetInfo, BlockContent, BlockId, Course, LessonId, ModuleId, Objective, ObjectiveId,
};

fn asset(name: &str, media_type: &str) -> AssetInfo {
    AssetInfo {
        name: name.into(),
        sha256: "0".repeat(64),
        size: 1234,
        media_type: media_type.into(),
        width: None,
        height: None,
    }
}

/// A small generated course with findings in most lessons, and the demo
/// course's module after its modules.
fn course() -> Course {
    let mut c = generated_course(Size {
        modules: 3,
        lessons_per_module: 4,
        blocks_per_lesson: 6,
        questions_per_lesson: 2,
        images: 3,
    });
    c.assets = (0..2).map(|i| asset(&image_name(i), "image/png")).collect();
    let demo = demo_course();
    c.objectives.extend(demo.objectives);
    c.modules.extend(demo.modules);
    c
}

/// Runs `checker` on `course` and compares it with a fresh check.
#[track_caller]
fn same(checker: &mut Checker, course: &Course) {
    checker.run(course);
    let fresh = check(course);
    let kept: Vec<_> = checker.findings().cloned().collect();
    assert_eq!(kept, fresh.findings);
    assert_eq!(checker.counts(), fresh.counts());
    assert_eq!(
        serde_json::to_value(&*checker).unwrap(),
        serde_json::to_value(&fresh).unwrap()
    );
}

fn lesson_mut<'c>(c: &'c mut Course, id: &str) -> &'c mut trellis_model::Lesson {
    c.modules
        .iter_mut()
        .flat_map(|m| m.lessons.iter_mut())
        .find(|l| l.id.as_str() == id)
        .unwrap()
}

fn lid(s: &str) -> LessonId {
    LessonId::new(s).unwrap()
}

#[test]
fn only_changed_lessons_are_checked_again() {
    let mut c = course();
    let lessons = c.lessons().count();
    let mut checker = Checker::new(Options::default());
    same(&mut checker, &c);
    assert_eq!(checker.lessons_checked(), lessons);
    assert!(checker.counts().total() > 20, "the course has findings");

    // Nothing changed: nothing is checked.
    same(&mut checker, &c);
    assert_eq!(checker.lessons_checked(), 0);

    // A block's text: its lesson alone.
    if let BlockContent::Text { markdown } = &mut lesson_mut(&mut c, "l1-2").blocks[1].content {
        *markdown = "See [link](https://example.org).".into();
    }
    checker.forget(&lid("l1-2"));
    same(&mut checker, &c);
    assert_eq!(checker.lessons_checked(), 1);

    // A module renamed: its lessons' places name it.
    c.modules[0].title = "Renamed".into();
    same(&mut checker, &c);
    assert_eq!(checker.lessons_checked(), 4);

    // A lesson moved to another module, its lesson row not reported.
    let moved = c.modules[2].lessons.remove(0);
    c.modules[1].lessons.insert(2, moved);
    same(&mut checker, &c);
    assert_eq!(checker.lessons_checked(), 1);

    // Objectives or assets: every lesson.
    c.objectives.pop();
    same(&mut checker, &c);
    assert_eq!(checker.lessons_checked(), lessons);
    c.assets.push(asset(&image_name(2), "text/plain"));
    same(&mut checker, &c);
    assert_eq!(checker.lessons_checked(), lessons);

    // A lesson removed, and another added.
    c.modules[1].lessons.remove(0);
    same(&mut checker, &c);
    assert_eq!(checker.lessons_checked(), 0);
    let mut extra = c.modules[0].lessons[0].clone();
    extra.id = lid("l-extra");
    for (i, b) in extra.blocks.iter_mut().enumerate() {
        b.id = BlockId::new(format!("extra-{i}")).unwrap();
    }
    c.modules[2].lessons.push(extra);
    same(&mut checker, &c);
    assert_eq!(checker.lessons_checked(), 1);

    // Another course altogether.
    checker.forget_all();
    same(&mut checker, &demo_course());
    assert_eq!(checker.lessons_checked(), demo_course().lessons().count());
}

#[test]
fn ids_used_twice_are_reported_where_a_fresh_check_reports_them() {
    let mut c = course();
    let mut checker = Checker::new(Options::default());
    same(&mut checker, &c);

    // An earlier lesson takes the id of a later lesson's block: the later
    // lesson, unchanged, now holds the second use.
    let later = c.modules[2].lessons[1].blocks[3].id.clone();
    lesson_mut(&mut c, "l0-1").blocks[2].id = later.clone();
    checker.forget(&lid("l0-1"));
    same(&mut checker, &c);
    assert_eq!(of_rule(&checker, "duplicate-id"), 1);

    // The later lesson changes elsewhere; still one finding, in it.
    if let BlockContent::Text { markdown } = &mut c.modules[2].lessons[1].blocks[0].content {
        markdown.push_str(" More.");
    }
    checker.forget(&c.modules[2].lessons[1].id.clone());
    same(&mut checker, &c);

    // The earlier lesson gives the id back: the finding goes.
    lesson_mut(&mut c, "l0-1").blocks[2].id = BlockId::new("fresh-id").unwrap();
    checker.forget(&lid("l0-1"));
    same(&mut checker, &c);
    assert_eq!(of_rule(&checker, "duplicate-id"), 0);

    // A module, an objective and a lesson file name that clash.
    c.modules[1].id = ModuleId::new("l2-0").unwrap();
    same(&mut checker, &c);
    c.objectives.push(Objective {
        placeholder: false,
        id: ObjectiveId::new("l0-2").unwrap(),
        statement: "Name the clash.".into(),
        bloom: None,
    });
    same(&mut checker, &c);
    let mut upper = c.modules[0].lessons[3].clone();
    upper.id = lid("L0-0");
    upper.blocks.clear();
    c.modules[2].lessons.push(upper);
    same(&mut checker, &c);
    assert!(of_rule(&checker, "duplicate-id") >= 3);
    c.modules[2].lessons.pop();
    same(&mut checker, &c);
}

#[test]
fn random_changes_keep_the_report_exact() {
    let mut rng = fastrand::Rng::with_seed(4);
    let mut c = course();
    let mut checker = Checker::new(Options::default());
    same(&mut checker, &c);
    for step in 0..200 {
        let m = rng.usize(..c.modules.len());
        if c.modules[m].lessons.is_empty() {
            continue;
        }
        let l = rng.usize(..c.modules[m].lessons.len());
        let id = c.modules[m].lessons[l].id.clone();
        match rng.u8(..6) {
            // Content: the owner says which lesson.
            0 => {
                let lesson = &mut c.modules[m].lessons[l];
                if let Some(b) = lesson
                    .blocks
                    .iter_mut()
                    .find(|b| matches!(b.content, BlockContent::Text { .. }))
                    && let BlockContent::Text { markdown } = &mut b.content
                {
                    *markdown = match rng.u8(..3) {
                        0 => String::new(),
                        1 => format!("Click [here](https://example.org/{step})."),
                        _ => "word ".repeat(rng.usize(1..400)),
                    };
                }
                checker.forget(&id);
            }
            1 => {
                c.modules[m].lessons[l].title = ["", "Same title", "Other"][rng.usize(..3)].into();
                checker.forget(&id);
            }
            // A block id shared with another lesson's, or a new one.
            2 => {
                let others: Vec<BlockId> = c.blocks().map(|(_, b)| b.id.clone()).collect();
                let lesson = &mut c.modules[m].lessons[l];
                if !lesson.blocks.is_empty() {
                    let b = rng.usize(..lesson.blocks.len());
                    lesson.blocks[b].id = if rng.bool() {
                        others[rng.usize(..others.len())].clone()
                    } else {
                        BlockId::new(format!("b-{step}")).unwrap()
                    };
                }
                checker.forget(&id);
            }
            // Structure, not reported lesson by lesson.
            3 => {
                c.modules[m].title = format!("Module {}", rng.u8(..3));
            }
            4 => {
                let lesson = c.modules[m].lessons.remove(l);
                let to = rng.usize(..c.modules.len());
                let at = rng.usize(..=c.modules[to].lessons.len());
                c.modules[to].lessons.insert(at, lesson);
            }
            _ => {
                if rng.bool() {
                    c.assets.pop();
                } else {
                    c.assets
                        .push(asset(&image_name(rng.usize(..3)), "image/png"));
                }
            }
        }
        same(&mut checker, &c);
    }
}

#[test]
fn options_apply_to_kept_lessons_as_to_a_fresh_check() {
    let options = Options {
        ignore: vec!["duplicate-id".into(), "link-text-not-descriptive".into()],
        short_lesson_words: 500,
        ..Options::default()
    };
    let mut c = course();
    let mut checker = Checker::new(options.clone());
    checker.run(&c);
    let later = c.modules[2].lessons[1].blocks[3].id.clone();
    lesson_mut(&mut c, "l0-1").blocks[2].id = later;
    checker.forget(&lid("l0-1"));
    checker.run(&c);
    assert_eq!(
        checker.lessons_checked(),
        2,
        "the lesson changed and the one it now clashes with"
    );
    let fresh = check_with(&c, &options);
    assert_eq!(
        checker.findings().cloned().collect::<Vec<_>>(),
        fresh.findings
    );
    assert_eq!(of_rule(&checker, "duplicate-id"), 0);
}

/// How many findings of `rule` the checker's last run made.
fn of_rule(checker: &Checker, rule: &str) -> usize {
    checker.findings().filter(|f| f.rule == rule).count()
}
