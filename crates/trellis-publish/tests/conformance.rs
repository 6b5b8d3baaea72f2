//! Conformance: every example course × every target is published, unzipped,
//! its manifest validated against the official schemas with `xmllint`
//! (`tests/fixtures/xsd/`, offline, through the catalog) and checked by
//! `trellis_publish::verify` for what schemas cannot see. The broken sample
//! manifests must fail the same validation, which shows it can fail.
//!
//! Needs `xmllint` (Debian package `libxml2-utils`).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;

use trellis_model::Course;
use trellis_publish::verify::{self, Element, Kind};
use trellis_publish::{PublishOptions, Target, manifest, publish_to_vec};

mod common;
use common::{png, unzip};

const TARGETS: [Target; 5] = [
    Target::Scorm12,
    Target::Scorm2004,
    Target::Cmi5,
    Target::Xapi,
    Target::Web,
];

fn workspace() -> PathBuf {
    std::path::PathBuf::from(
        std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"),
    )
    .join("../..")
}

fn xsd_dir() -> PathBuf {
    workspace().join("tests/fixtures/xsd")
}

fn samples_dir() -> PathBuf {
    std::path::PathBuf::from(
        std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"),
    )
    .join("tests/manifests")
}

/// A course with the bytes of its assets.
struct Example {
    name: String,
    course: Course,
    assets: BTreeMap<String, Vec<u8>>,
}

fn demo() -> Example {
    let mut assets = BTreeMap::new();
    assets.insert("images/diagram.png".to_owned(), png(64, 48));
    Example {
        name: "demo".into(),
        course: trellis_model::sample::demo_course(),
        assets,
    }
}

/// The text-format courses in the folders of `dir`, sorted by name.
fn courses_in(dir: &Path) -> Vec<Example> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.join("course.toml").is_file())
        .collect();
    dirs.sort();
    dirs.into_iter()
        .map(|dir| {
            let imported = trellis_text::import_dir(&dir)
                .unwrap_or_else(|e| panic!("{} does not import: {e}", dir.display()));
            Example {
                name: dir.file_name().unwrap().to_string_lossy().into_owned(),
                course: imported.course,
                assets: imported
                    .assets
                    .into_iter()
                    .map(|(info, bytes)| (info.name, bytes))
                    .collect(),
            }
        })
        .collect()
}

/// Every example course under `examples/`, plus the model's demo course.
fn examples() -> Vec<Example> {
    let mut out = vec![demo()];
    out.extend(courses_in(&workspace().join("examples")));
    assert!(out.len() >= 2, "no example courses found");
    out
}

/// Every blueprint, as an author leaves it once its text is their own: the
/// blueprint's words kept, its placeholder marks gone (learner packages
/// refuse placeholders).
fn blueprints() -> Vec<Example> {
    let mut out = courses_in(&workspace().join("templates/blueprints"));
    assert!(out.len() >= 4, "no blueprints found");
    for b in &mut out {
        let c = &mut b.course;
        c.info.placeholders.clear();
        c.objectives.iter_mut().for_each(|o| o.placeholder = false);
        c.modules
            .iter_mut()
            .flat_map(|m| m.lessons.iter_mut())
            .flat_map(|l| l.blocks.iter_mut())
            .for_each(|b| b.placeholders.clear());
        assert!(c.placeholder_summary().is_none(), "{}", b.name);
    }
    out
}

fn xmllint() -> &'static str {
    let ok = Command::new("xmllint")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    assert!(
        ok,
        "xmllint is missing: install the Debian package libxml2-utils (apt-get install -y libxml2-utils)"
    );
    "xmllint"
}

/// Validates `xml` with the official schemas for its kind. Tincan has no
/// schema here: only well-formedness is checked.
fn schema_validate(xml: &[u8], kind: Kind) -> Result<(), String> {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("manifest.xml");
    std::fs::write(&file, xml).unwrap();
    let x = xsd_dir();
    let schema = match kind {
        Kind::Scorm12 => Some(x.join("wrappers/scorm12_all.xsd")),
        Kind::Scorm2004 => Some(x.join("wrappers/scorm2004_4th_all.xsd")),
        Kind::Cmi5 => Some(x.join("cmi5/CourseStructure.xsd")),
        Kind::Tincan => None,
    };
    let mut cmd = Command::new(xmllint());
    cmd.env("XML_CATALOG_FILES", x.join("catalog.xml"))
        .args(["--noout", "--nonet"]);
    if let Some(schema) = &schema {
        cmd.arg("--schema").arg(schema);
    }
    let out = cmd.arg(&file).output().expect("xmllint runs");
    if out.status.success() {
        Ok(())
    } else {
        Err(String::from_utf8_lossy(&out.stderr).into_owned())
    }
}

fn kind_by_root(xml: &[u8]) -> Option<Kind> {
    let root = verify::parse(&String::from_utf8_lossy(xml)).ok()?;
    match (root.ns.as_str(), root.local.as_str()) {
        (verify::NS_CP12, _) => Some(Kind::Scorm12),
        (verify::NS_CP2004, _) => Some(Kind::Scorm2004),
        (verify::NS_CMI5, _) => Some(Kind::Cmi5),
        (verify::NS_TINCAN, _) => Some(Kind::Tincan),
        _ => None,
    }
}

/// The whole validator: schemas, then the checks schemas cannot make.
fn validate(xml: &[u8], files: Option<&BTreeSet<String>>) -> Result<(), String> {
    let kind = kind_by_root(xml).ok_or("unknown or unreadable manifest")?;
    schema_validate(xml, kind)?;
    let problems = verify::check_manifest(&String::from_utf8_lossy(xml), files);
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems.join("\n"))
    }
}

fn manifest_name(target: Target) -> Option<&'static str> {
    match target {
        Target::Scorm12 | Target::Scorm2004 => Some("imsmanifest.xml"),
        Target::Cmi5 => Some("cmi5.xml"),
        Target::Xapi => Some("tincan.xml"),
        _ => None,
    }
}

fn root_of(files: &BTreeMap<String, Vec<u8>>, name: &str) -> Element {
    verify::parse(&String::from_utf8_lossy(&files[name])).unwrap()
}

fn find<'a>(root: &'a Element, local: &str) -> Vec<&'a Element> {
    root.descendants()
        .into_iter()
        .filter(|e| e.local == local)
        .collect()
}

/// Checks of our own policy, beyond what any valid package needs.
fn policy(example: &Example, target: Target, files: &BTreeMap<String, Vec<u8>>) {
    let course = &example.course;
    let pass = manifest::pass_mark(course);
    // Only referenced assets, each under assets/.
    let shipped: BTreeSet<&str> = files
        .keys()
        .filter_map(|k| k.strip_prefix("assets/"))
        .collect();
    let referenced = trellis_publish::referenced_assets(course);
    let referenced: BTreeSet<&str> = referenced.keys().map(String::as_str).collect();
    assert_eq!(shipped, referenced, "{}: shipped assets", example.name);
    assert!(files.contains_key("index.html"));
    match target {
        Target::Scorm12 => {
            let root = root_of(files, "imsmanifest.xml");
            for e in root.descendants() {
                if let Some(id) = e.attr("identifier") {
                    trellis_publish::limits::check_identifier(id).unwrap();
                }
            }
            let mastery: Vec<&str> = find(&root, "masteryscore")
                .iter()
                .map(|e| e.text.trim())
                .collect();
            // Only the passed/failed reporting lets an LMS judge the score itself.
            let reported = pass.filter(|_| course.info.reporting.reports_failure());
            assert_eq!(
                mastery,
                reported
                    .map(|p| p.to_string())
                    .iter()
                    .map(String::as_str)
                    .collect::<Vec<_>>()
            );
            assert_eq!(find(&root, "item").len(), 1);
            assert_eq!(find(&root, "resource").len(), 1);
        }
        Target::Scorm2004 => {
            let root = root_of(files, "imsmanifest.xml");
            assert!(find(&root, "completionThreshold").is_empty(), "pitfall 6");
            assert!(find(&root, "minNormalizedMeasure").is_empty(), "pitfall 6");
            for p in find(&root, "primaryObjective") {
                assert_ne!(p.attr("satisfiedByMeasure"), Some("true"), "pitfall 6");
            }
            let dc = find(&root, "deliveryControls");
            assert_eq!(dc.len(), 1);
            assert_eq!(dc[0].attr("completionSetByContent"), Some("true"));
            assert_eq!(dc[0].attr("objectiveSetByContent"), Some("true"));
            let declared: Vec<&str> = find(&root, "objective")
                .iter()
                .filter_map(|o| o.attr("objectiveID"))
                .collect();
            let model: Vec<&str> = course.objectives.iter().map(|o| o.id.as_str()).collect();
            assert_eq!(declared, model);
        }
        Target::Cmi5 => {
            let root = root_of(files, "cmi5.xml");
            let au = find(&root, "au");
            assert_eq!(au.len(), 1);
            assert_eq!(au[0].attr("launchMethod"), Some("AnyWindow"));
            assert_eq!(au[0].child("url").unwrap().text, "index.html");
            assert_eq!(au[0].attr("moveOn"), Some(manifest::move_on(course)));
            assert_eq!(
                au[0].attr("masteryScore").map(str::to_owned),
                pass.map(manifest::decimal_fraction)
            );
            let langs: BTreeSet<&str> = find(&root, "langstring")
                .iter()
                .filter_map(|l| l.attr("lang"))
                .collect();
            assert_eq!(langs, BTreeSet::from([course.info.language.as_str()]));
        }
        Target::Xapi => {
            let root = root_of(files, "tincan.xml");
            let first = &find(&root, "activity")[0];
            assert_eq!(
                first.attr("id"),
                Some(format!("urn:trellis:course:{}", course.id).as_str())
            );
        }
        _ => {
            assert!(
                !files.keys().any(|k| k.ends_with(".xml")),
                "the web target has no manifest"
            );
        }
    }
}

#[test]
fn every_example_and_target_publishes_a_valid_package() {
    for example in examples() {
        for target in TARGETS {
            publish_checked(&example, target, &example.name);
        }
    }
}

/// Publishes `example` for `target` and checks the package: paths, the
/// manifest against the schemas and `verify`, and the project's policy.
/// `what` names the case in a failure.
fn publish_checked(example: &Example, target: Target, what: &str) {
    let mut options = PublishOptions::new(target);
    // The examples are small; a large course is tested elsewhere.
    options.allow_state_overflow = false;
    let (zip, report) = publish_to_vec(&example.course, &example.assets, &options)
        .unwrap_or_else(|e| panic!("{what} / {target:?}: {e}"));
    let files = unzip(&zip);
    let paths: BTreeSet<String> = files.keys().cloned().collect();
    assert_eq!(report.file_count, files.len());
    assert_eq!(report.zip_size, zip.len() as u64);
    for p in &paths {
        trellis_publish::limits::check_path(p).unwrap();
    }
    if let Some(name) = manifest_name(target) {
        let xml = files
            .get(name)
            .unwrap_or_else(|| panic!("{what} / {target:?}: no {name}"));
        if let Err(e) = validate(xml, Some(&paths)) {
            panic!(
                "{what} / {target:?}: {name} is not valid:\n{e}\n---\n{}",
                String::from_utf8_lossy(xml)
            );
        }
        let problems = verify::check_package(&files);
        assert!(problems.is_empty(), "{what} / {target:?}: {problems:?}");
    }
    policy(example, target, &files);
}

/// The examples and every blueprint, under each reporting option and with
/// course scoring (every practice question a scored knowledge check, a
/// course pass mark): every target gives a package the schemas and
/// `verify` accept, and the mastery score is the pass mark that decides.
#[test]
fn examples_and_blueprints_publish_under_every_reporting_option_and_course_scoring() {
    for mut example in examples().into_iter().chain(blueprints()) {
        for scoring in [false, true] {
            if scoring {
                example.course.info.scoring.pass_mark = Some(70);
                for m in &mut example.course.modules {
                    for l in &mut m.lessons {
                        for b in &mut l.blocks {
                            if let trellis_model::BlockContent::Question(q) = &mut b.content {
                                q.scored = true;
                            }
                        }
                    }
                }
            }
            for reporting in trellis_model::Reporting::ALL {
                example.course.info.reporting = reporting;
                let what = format!(
                    "{} / {reporting:?} / course scoring {scoring}",
                    example.name
                );
                for target in TARGETS {
                    publish_checked(&example, target, &what);
                }
                let expected = if scoring {
                    Some(70)
                } else {
                    manifest::assessments(&example.course)
                        .find_map(|l| l.assessment_settings())
                        .map(|a| a.pass_mark)
                };
                assert_eq!(manifest::pass_mark(&example.course), expected, "{what}");
            }
        }
    }
}

#[test]
fn the_sample_manifests_pass_and_the_broken_ones_fail() {
    let mut seen = (0, 0);
    for dir in ["scorm12", "scorm2004", "cmi5"] {
        for entry in std::fs::read_dir(samples_dir().join(dir)).unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            let xml = std::fs::read(&path).unwrap();
            let result = validate(&xml, None);
            if name.starts_with("bad") {
                assert!(result.is_err(), "{dir}/{name} should fail validation");
                seen.1 += 1;
            } else {
                assert!(result.is_ok(), "{dir}/{name}: {}", result.unwrap_err());
                seen.0 += 1;
            }
        }
    }
    assert!(seen.0 >= 3 && seen.1 >= 3, "{seen:?}");
}

#[test]
fn each_check_catches_what_it_should() {
    // Start from one of our own valid packages and break it in ways a schema
    // cannot see.
    let example = demo();
    let options = PublishOptions::new(Target::Scorm12);
    let (zip, _) = publish_to_vec(&example.course, &example.assets, &options).unwrap();
    let files = unzip(&zip);
    let xml = String::from_utf8(files["imsmanifest.xml"].clone()).unwrap();
    let paths: BTreeSet<String> = files.keys().cloned().collect();
    assert!(validate(xml.as_bytes(), Some(&paths)).is_ok());

    let mut extra = paths.clone();
    extra.insert("stray.txt".into());
    let err = validate(xml.as_bytes(), Some(&extra)).unwrap_err();
    assert!(err.contains("stray.txt"), "{err}");

    let mut fewer = paths.clone();
    fewer.remove("index.html");
    let err = validate(xml.as_bytes(), Some(&fewer)).unwrap_err();
    assert!(err.contains("index.html"), "{err}");

    let bad_ref = xml.replacen("identifierref=\"RES-", "identifierref=\"NOPE-", 1);
    assert!(validate(bad_ref.as_bytes(), Some(&paths)).is_err());

    let bad_version = xml.replace(">1.2<", ">1.3<");
    assert!(validate(bad_version.as_bytes(), Some(&paths)).is_err());

    let bad_mastery = xml.replace(">80<", ">180<");
    assert!(bad_mastery != xml);
    assert!(validate(bad_mastery.as_bytes(), Some(&paths)).is_err());

    let spaced = xml.replace("ITEM-demo", "ITEM demo");
    assert!(validate(spaced.as_bytes(), Some(&paths)).is_err());
    let problems = verify::check_manifest(&spaced, Some(&paths));
    assert!(
        problems.iter().any(|p| p.contains("ITEM demo")),
        "{problems:?}"
    );

    let unlisted = xml.replace("<file href=\"index.html\"/>", "");
    assert!(unlisted != xml);
    let problems = verify::check_manifest(&unlisted, Some(&paths));
    assert!(
        problems.iter().any(|p| p.contains("no resource lists it")),
        "{problems:?}"
    );
}

/// Publishes `course` for `target` and validates its manifest.
fn publish_and_validate(example: &Example, target: Target) -> Result<(), String> {
    let options = PublishOptions::new(target);
    let (zip, _) = publish_to_vec(&example.course, &example.assets, &options)
        .map_err(|e| format!("refused: {e}"))?;
    let files = unzip(&zip);
    let paths: BTreeSet<String> = files.keys().cloned().collect();
    let name = manifest_name(target).expect("a manifest target");
    validate(&files[name], Some(&paths)).map_err(|e| format!("invalid: {e}"))
}

/// The SCORM 1.2 schema allows a `<title>` of 200 characters (issue 19,
/// fault 7): a course title of 200 characters (some of them not ASCII)
/// publishes and validates for every manifest target; one of 201 is refused
/// for SCORM 1.2 alone, naming the field, and validates for the others.
#[test]
fn what_publish_accepts_fits_the_schemas_length_limits() {
    let targets = [Target::Scorm12, Target::Scorm2004, Target::Cmi5];
    let mut example = demo();
    example.course.info.title = "é".repeat(10) + &"x".repeat(190);
    for target in targets {
        publish_and_validate(&example, target).unwrap_or_else(|e| panic!("{target:?}: {e}"));
    }

    example.course.info.title.push('y');
    // The schema really refuses it: the manifest as it would be written.
    let xml = manifest::scorm12(&example.course, &["index.html"]);
    let err = schema_validate(xml.as_bytes(), Kind::Scorm12).unwrap_err();
    assert!(err.contains("title"), "{err}");
    let err = publish_and_validate(&example, Target::Scorm12).unwrap_err();
    assert!(
        err.contains("refused: the course title is 201 characters long, but SCORM 1.2 packages allow at most 200"),
        "{err}"
    );
    for target in [Target::Scorm2004, Target::Cmi5] {
        publish_and_validate(&example, target).unwrap_or_else(|e| panic!("{target:?}: {e}"));
    }

    // The design check says so before publishing.
    let report = trellis_check::check(&example.course);
    assert!(
        report
            .findings
            .iter()
            .any(|f| f.rule == "too-long-for-package" && f.message.contains("course title is 201")),
        "{report:?}"
    );
}
