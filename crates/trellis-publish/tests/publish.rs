//! Publishing behaviour: deterministic zips, stable ids across republishing,
//! the saved-state limit, assets and images, progress and folder output.

use std::collections::BTreeMap;
use std::io::Cursor;

use trellis_model::sample::{Size, generated_course};
use trellis_model::{BlockContent, Course, Lesson, LessonId, TemplateKind};
use trellis_publish::verify;

mod common;
use common::{png, unzip};
use trellis_publish::{
    Origin, Progress, PublishError, PublishOptions, Step, Target, publish, publish_dir,
    publish_to_vec,
};

const TARGETS: [Target; 5] = [
    Target::Scorm12,
    Target::Scorm2004,
    Target::Cmi5,
    Target::Xapi,
    Target::Web,
];

fn demo() -> (Course, BTreeMap<String, Vec<u8>>) {
    let mut assets = BTreeMap::new();
    assets.insert("images/diagram.png".to_owned(), png(64, 48));
    (trellis_model::sample::demo_course(), assets)
}

#[test]
fn the_same_course_gives_the_same_bytes() {
    let (course, assets) = demo();
    let cache = tempfile::tempdir().unwrap();
    for target in TARGETS {
        let plain = PublishOptions::new(target);
        let (a, _) = publish_to_vec(&course, &assets, &plain).unwrap();
        let (b, _) = publish_to_vec(&course, &assets, &plain).unwrap();
        assert!(a == b, "{target:?}: two publishes differ");
        // Through the image cache, cold then warm: still the same bytes.
        let mut cached = PublishOptions::new(target);
        cached.image_cache = Some(cache.path().to_path_buf());
        cached.threads = 1;
        let (c, _) = publish_to_vec(&course, &assets, &cached).unwrap();
        let (d, report) = publish_to_vec(&course, &assets, &cached).unwrap();
        assert!(a == c && c == d, "{target:?}: the cache changes the bytes");
        assert_eq!(report.images.from_cache, report.images.images);
    }
}

#[test]
fn zip_entries_are_sorted_dated_and_compressed_by_kind() {
    let (course, assets) = demo();
    let (zip, report) =
        publish_to_vec(&course, &assets, &PublishOptions::new(Target::Scorm12)).expect("publishes");
    let mut archive = zip::ZipArchive::new(Cursor::new(&zip)).unwrap();
    let mut names = Vec::new();
    for i in 0..archive.len() {
        let f = archive.by_index(i).unwrap();
        let name = f.name().unwrap().into_owned();
        let t = f.last_modified().unwrap();
        assert_eq!((t.year(), t.month(), t.day(), t.hour()), (1980, 1, 1, 0));
        assert_eq!(f.unix_mode().map(|m| m & 0o777), Some(0o644), "{name}");
        let method = f.compression();
        if name.ends_with(".png") {
            assert_eq!(method, zip::CompressionMethod::Stored, "{name}");
        } else {
            assert_eq!(method, zip::CompressionMethod::Deflated, "{name}");
        }
        names.push(name);
    }
    let mut sorted = names.clone();
    sorted.sort();
    assert_eq!(names, sorted);
    let listed: Vec<&str> = report.files.iter().map(|f| f.path.as_str()).collect();
    assert_eq!(listed, names);
    assert_eq!(
        report.uncompressed_size,
        report.files.iter().map(|f| f.size).sum::<u64>()
    );
    assert!(report.timings.iter().any(|(s, _)| *s == Step::Write));
}

/// Every id the LMS keeps history under, from a published package.
fn tracked_ids(files: &BTreeMap<String, Vec<u8>>) -> Vec<String> {
    let name = ["imsmanifest.xml", "cmi5.xml", "tincan.xml"]
        .into_iter()
        .find(|n| files.contains_key(*n))
        .unwrap();
    let root = verify::parse(&String::from_utf8_lossy(&files[name])).unwrap();
    let mut ids = Vec::new();
    for e in root.descendants() {
        for key in ["identifier", "objectiveID", "id"] {
            if let Some(v) = e.attr(key) {
                ids.push(format!("{}@{key}={v}", e.local));
            }
        }
    }
    ids
}

#[test]
fn republishing_an_edited_course_keeps_every_id() {
    let (course, assets) = demo();
    let mut edited = course.clone();
    edited.info.title = "Demo course, second edition".into();
    edited.info.version = "2.0".into();
    // Reword a question, reorder lessons and add one at the end.
    let lessons = &mut edited.modules[0].lessons;
    if let BlockContent::Question(q) = &mut lessons[2].blocks[0].content {
        q.prompt = "Reworded prompt".into();
    }
    lessons.swap(0, 1);
    lessons.push(Lesson {
        job_aid: false,
        id: LessonId::new("l-new").unwrap(),
        title: "New lesson".into(),
        template: TemplateKind::Free,
        assessment: None,
        blocks: vec![],
    });
    for target in [
        Target::Scorm12,
        Target::Scorm2004,
        Target::Cmi5,
        Target::Xapi,
    ] {
        let options = PublishOptions::new(target);
        let (before, _) = publish_to_vec(&course, &assets, &options).unwrap();
        let (after, _) = publish_to_vec(&edited, &assets, &options).unwrap();
        let before = tracked_ids(&unzip(&before));
        let after = tracked_ids(&unzip(&after));
        for id in &before {
            assert!(after.contains(id), "{target:?}: `{id}` was lost");
        }
    }
}

fn big_course() -> Course {
    generated_course(Size {
        modules: 5,
        lessons_per_module: 10,
        blocks_per_lesson: 5,
        questions_per_lesson: 5,
        images: 0,
    })
}

#[test]
fn scorm12_refuses_a_course_whose_state_cannot_fit() {
    let course = big_course();
    let none = BTreeMap::new();
    let err = publish_to_vec(&course, &none, &PublishOptions::new(Target::Scorm12)).unwrap_err();
    let PublishError::StateOverflow {
        total,
        limit,
        ref biggest,
        ..
    } = err
    else {
        panic!("expected a state overflow, got {err}")
    };
    assert!(total > limit && limit == 4096);
    assert!(!biggest.is_empty());
    let message = err.to_string();
    assert!(message.contains("4096"), "{message}");
    assert!(message.contains(&biggest[0].label), "{message}");
    assert!(message.contains("SCORM 2004 or cmi5"), "{message}");

    let mut allow = PublishOptions::new(Target::Scorm12);
    allow.allow_state_overflow = true;
    let (_, report) = publish_to_vec(&course, &none, &allow).unwrap();
    assert!(report.warnings.iter().any(|w| w.code == "state-budget"));
    assert_eq!(report.state.map(|s| s.1), Some(4096));

    // Targets with room to spare publish it as it is.
    for target in [Target::Scorm2004, Target::Cmi5, Target::Xapi, Target::Web] {
        publish_to_vec(&course, &none, &PublishOptions::new(target))
            .unwrap_or_else(|e| panic!("{target:?}: {e}"));
    }
}

#[test]
fn only_referenced_assets_ship_and_missing_ones_are_named() {
    let (course, mut assets) = demo();
    assets.insert("images/unused.png".into(), png(8, 8));
    let (zip, report) =
        publish_to_vec(&course, &assets, &PublishOptions::new(Target::Web)).unwrap();
    let files = unzip(&zip);
    assert!(files.contains_key("assets/images/diagram.png"));
    assert!(!files.keys().any(|k| k.contains("unused")));
    assert!(
        report
            .files
            .iter()
            .any(|f| f.path == "assets/images/diagram.png"
                && matches!(f.origin, Origin::Asset | Origin::Image))
    );

    let err =
        publish_to_vec(&course, &BTreeMap::new(), &PublishOptions::new(Target::Web)).unwrap_err();
    let message = err.to_string();
    assert!(
        matches!(err, PublishError::MissingAsset { .. }),
        "{message}"
    );
    assert!(message.contains("images/diagram.png") && message.contains("block content-2"));
}

#[test]
fn large_images_are_resized_for_the_web() {
    let (course, mut assets) = demo();
    assets.insert("images/diagram.png".into(), png(2400, 1200));
    let (zip, report) =
        publish_to_vec(&course, &assets, &PublishOptions::new(Target::Web)).unwrap();
    let files = unzip(&zip);
    let img = image::load_from_memory(&files["assets/images/diagram.png"]).unwrap();
    assert_eq!((img.width(), img.height()), (1600, 800));
    assert_eq!(report.images.resized, 1);
    assert!(report.images.bytes_saved > 0);
}

#[test]
fn progress_runs_forward_to_the_end() {
    let (course, assets) = demo();
    let mut seen: Vec<(usize, usize, Step)> = Vec::new();
    let mut out = Cursor::new(Vec::new());
    publish(
        &course,
        &assets,
        &PublishOptions::new(Target::Scorm2004),
        &mut out,
        &mut |p: Progress| seen.push((p.done, p.total, p.step)),
    )
    .unwrap();
    let (last_done, last_total, last_step) = *seen.last().unwrap();
    assert_eq!(last_done, last_total);
    assert_eq!(last_step, Step::Write);
    let known: Vec<_> = seen.iter().filter(|(_, t, _)| *t > 0).collect();
    assert!(
        known
            .windows(2)
            .all(|w| w[0].0 <= w[1].0 && w[0].1 == w[1].1)
    );
    for step in [
        Step::Render,
        Step::Images,
        Step::Manifest,
        Step::Check,
        Step::Write,
    ] {
        assert!(seen.iter().any(|(_, _, s)| *s == step), "{step:?}");
    }
}

#[test]
fn the_web_target_writes_a_folder() {
    let (course, assets) = demo();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    let report = publish_dir(
        &course,
        &assets,
        &PublishOptions::new(Target::Web),
        &out,
        &mut |_| {},
    )
    .unwrap();
    assert!(out.join("index.html").is_file());
    assert!(out.join("assets/images/diagram.png").is_file());
    assert_eq!(report.zip_size, 0);
    // Not into a folder that already holds something.
    let err = publish_dir(
        &course,
        &assets,
        &PublishOptions::new(Target::Web),
        &out,
        &mut |_| {},
    )
    .unwrap_err();
    assert!(matches!(err, PublishError::FolderNotEmpty(_)));
}

#[test]
fn unportable_names_and_the_preview_target_are_refused() {
    let (mut course, _) = demo();
    let image = |name: &str| BlockContent::Image {
        asset: name.into(),
        alt: "x".into(),
        caption: String::new(),
        decorative: false,
        layout: Default::default(),
        markdown: String::new(),
    };
    course.modules[0].lessons[0].blocks[2].content = image("images/CON.png");
    let (_, mut assets) = demo();
    assets.insert("images/CON.png".to_owned(), png(4, 4));
    let err = publish_to_vec(&course, &assets, &PublishOptions::new(Target::Web)).unwrap_err();
    assert!(matches!(err, PublishError::BadPath(_)), "{err}");

    course.modules[0].lessons[0].blocks[2].content = image("images/A.png");
    course.modules[0].lessons[0].blocks[11].content = image("images/a.png");
    let mut assets = BTreeMap::new();
    assets.insert("images/A.png".to_owned(), png(4, 4));
    assets.insert("images/a.png".to_owned(), png(4, 4));
    let err = publish_to_vec(&course, &assets, &PublishOptions::new(Target::Web)).unwrap_err();
    assert!(matches!(err, PublishError::CaseCollision(..)), "{err}");

    let err = publish_to_vec(&course, &assets, &PublishOptions::new(Target::Preview)).unwrap_err();
    assert!(matches!(err, PublishError::PreviewTarget));
}

/// The design check reports every asset name publishing refuses, because
/// both ask the same functions: Windows device names, a leading space, a
/// name too long once packaged, and two names equal after Unicode
/// normalisation (NFC `é` and NFD `e` + accent), which the check used to
/// pass.
#[test]
fn the_design_check_reports_every_name_publishing_refuses() {
    let image = |name: &str| BlockContent::Image {
        asset: name.into(),
        alt: "x".into(),
        caption: String::new(),
        decorative: false,
        layout: Default::default(),
        markdown: String::new(),
    };
    let long = format!("images/{}.png", "a".repeat(180));
    let cases: Vec<(&str, Vec<&str>)> = vec![
        ("unportable-asset-name", vec!["images/nul.png"]),
        ("unportable-asset-name", vec!["images/Com1.png"]),
        ("unportable-asset-name", vec!["images/ leading.png"]),
        ("unportable-asset-name", vec![long.as_str()]),
        (
            "asset-name-collision",
            vec!["images/caf\u{e9}.png", "images/cafe\u{301}.png"],
        ),
    ];
    for (rule, names) in cases {
        let (mut course, mut assets) = demo();
        let bytes = png(4, 4);
        for (i, name) in names.iter().enumerate() {
            course.modules[0].lessons[0].blocks[[2, 11][i]].content = image(name);
            assets.insert((*name).to_owned(), bytes.clone());
            course
                .assets
                .push(trellis_assets::inspect(name, &bytes).unwrap());
        }
        let err = publish_to_vec(&course, &assets, &PublishOptions::new(Target::Web))
            .expect_err(&format!("publish refuses {names:?}"));
        assert!(
            matches!(
                err,
                PublishError::BadPath(_) | PublishError::CaseCollision(..)
            ),
            "{names:?}: {err}"
        );
        let report = trellis_check::check(&course);
        let found = report.findings.iter().find(|f| f.rule == rule);
        let found = found.unwrap_or_else(|| panic!("the check misses {names:?}: {report:?}"));
        assert_eq!(found.severity, trellis_check::Severity::Error, "{names:?}");
    }
}

/// Images are admitted to the workers within a total memory budget, not
/// one per core whatever their size: with eight workers and room for two
/// images' estimates, no more than that is ever in flight, every image is
/// still processed, and an image larger than the whole budget runs alone.
#[test]
fn images_in_flight_stay_within_the_memory_budget() {
    let (mut course, mut assets) = demo();
    let small = trellis_publish::ImageOptions {
        max_side: 64,
        ..Default::default()
    };
    let template = course.modules[0].lessons[0].blocks[2].clone();
    for i in 0..8 {
        let name = format!("images/photo-{i}.png");
        let mut block = template.clone();
        block.id = trellis_model::BlockId::new(format!("photo-{i}")).unwrap();
        block.content = BlockContent::Image {
            asset: name.clone(),
            alt: "A photo".into(),
            caption: String::new(),
            decorative: false,
            layout: Default::default(),
            markdown: String::new(),
        };
        course.modules[0].lessons[0].blocks.push(block);
        assets.insert(name, png(400 + i, 300));
    }
    let one = trellis_publish::images::memory_needed("p.png", &png(400, 300), &small);
    assert!(one > 400 * 300 * 3, "at least the decoded picture: {one}");
    let mut options = PublishOptions::new(Target::Web);
    options.images = small;
    options.threads = 8;
    options.image_memory = one * 5 / 2;
    let (zip, report) = publish_to_vec(&course, &assets, &options).unwrap();
    assert!(report.images.resized >= 8, "{:?}", report.images);
    assert!(report.images.peak_memory >= one, "{:?}", report.images);
    assert!(
        report.images.peak_memory <= options.image_memory,
        "{:?} over the budget of {}",
        report.images,
        options.image_memory
    );
    // The same package as with no budget to speak of.
    options.image_memory = u64::MAX;
    assert_eq!(publish_to_vec(&course, &assets, &options).unwrap().0, zip);
    // A budget smaller than one image: one at a time, all processed.
    options.image_memory = one / 2;
    let (_, report) = publish_to_vec(&course, &assets, &options).unwrap();
    assert!(report.images.resized >= 8);
    assert!(report.images.peak_memory <= one / 2);
}

/// A folder is built beside its destination and moved into place whole: an
/// existing empty folder is replaced, no hidden staging folder is left,
/// and a failure (here an asset that cannot be read) leaves the
/// destination as it was, so the retry does not find it "not empty".
#[test]
fn a_folder_is_staged_and_moved_into_place_whole() {
    let (course, assets) = demo();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    let entries = |dir: &std::path::Path| -> Vec<String> {
        std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect()
    };
    let options = PublishOptions::new(Target::Web);
    let err = publish_dir(&course, &BTreeMap::new(), &options, &out, &mut |_| {}).unwrap_err();
    assert!(matches!(err, PublishError::MissingAsset { .. }), "{err}");
    assert!(entries(dir.path()).is_empty(), "{:?}", entries(dir.path()));

    std::fs::create_dir(&out).unwrap();
    let mut written = 0;
    publish_dir(&course, &assets, &options, &out, &mut |p| {
        if p.step == Step::Write {
            written += 1;
            // While writing, the destination is still the empty folder.
            assert!(entries(&out).is_empty());
        }
    })
    .unwrap();
    assert!(written > 0);
    assert!(out.join("index.html").is_file());
    assert_eq!(entries(dir.path()), ["site"], "no hidden staging left");
}
