//! Assessment settings left on a lesson that is not an assessment: the check
//! calls them unused, so publish and the player must ignore them too. The
//! mastery score comes from the real assessment, and the lesson is not scored.

use trellis_model::{AssessmentSettings, Course};
use trellis_publish::{PublishOptions, Target, publish_to_vec};

mod common;
use common::{png, unzip};

/// The demo course with a pass mark of 50 left on its first (non-assessment)
/// lesson, which comes before the real assessment (pass mark 80).
fn course_with_stray_settings() -> Course {
    let mut course = trellis_model::sample::demo_course();
    let lesson = course
        .modules
        .iter_mut()
        .flat_map(|m| m.lessons.iter_mut())
        .find(|l| l.id.as_str() == "l-content")
        .unwrap();
    assert_ne!(lesson.template, trellis_model::TemplateKind::Assessment);
    lesson.assessment = Some(AssessmentSettings {
        pass_mark: 50,
        ..AssessmentSettings::default()
    });
    course
}

fn files(course: &Course, target: Target) -> std::collections::BTreeMap<String, Vec<u8>> {
    let mut assets = std::collections::BTreeMap::new();
    assets.insert("images/diagram.png".to_owned(), png(64, 48));
    let (zip, _) = publish_to_vec(course, &assets, &PublishOptions::new(target))
        .unwrap_or_else(|e| panic!("{target:?}: {e}"));
    unzip(&zip)
}

fn text(files: &std::collections::BTreeMap<String, Vec<u8>>, name: &str) -> String {
    String::from_utf8(files[name].clone()).unwrap()
}

#[test]
fn the_mastery_score_is_the_real_assessments() {
    let course = course_with_stray_settings();
    assert!(
        trellis_check::check(&course)
            .findings
            .iter()
            .any(|f| f.rule == "assessment-settings-unused"),
        "the check reports the stray settings as unused"
    );
    let scorm12 = files(&course, Target::Scorm12);
    let manifest = text(&scorm12, "imsmanifest.xml");
    assert!(
        manifest.contains("<adlcp:masteryscore>80</adlcp:masteryscore>"),
        "{manifest}"
    );
    let cmi5 = text(&files(&course, Target::Cmi5), "cmi5.xml");
    assert!(cmi5.contains("masteryScore=\"0.8\""), "{cmi5}");
}

#[test]
fn a_lesson_that_is_not_an_assessment_is_not_scored() {
    let course = course_with_stray_settings();
    let plain = trellis_model::sample::demo_course();
    for target in [Target::Scorm12, Target::Scorm2004, Target::Web] {
        // The stray settings change nothing in the package.
        assert_eq!(
            files(&course, target)["index.html"],
            files(&plain, target)["index.html"],
            "{target:?}: the launch page differs"
        );
        let page = text(&files(&course, target), "index.html");
        assert_eq!(
            page.matches("class=\"t-page t-assessment\"").count(),
            1,
            "{target:?}: only the assessment lesson is one"
        );
    }
}
