//! Publishing for the `review` target: a self-contained site with the
//! review layer, and learner packages with none of it.

use std::collections::BTreeMap;
use std::io::{Cursor, Read};

use trellis_publish::{PublishOptions, Target, publish_to_vec};

fn png() -> Vec<u8> {
    let img = image::RgbImage::from_fn(32, 24, |x, y| image::Rgb([x as u8, y as u8, 90]));
    let mut out = Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png).unwrap();
    out.into_inner()
}

fn unzip(bytes: &[u8]) -> BTreeMap<String, Vec<u8>> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    let mut files = BTreeMap::new();
    for i in 0..archive.len() {
        let mut f = archive.by_index(i).unwrap();
        let mut data = Vec::new();
        f.read_to_end(&mut data).unwrap();
        files.insert(f.name().unwrap().into_owned(), data);
    }
    files
}

fn publish(target: Target) -> BTreeMap<String, Vec<u8>> {
    let course = trellis_model::sample::demo_course();
    let mut assets = BTreeMap::new();
    assets.insert("images/diagram.png".to_owned(), png());
    let (zip, report) = publish_to_vec(&course, &assets, &PublishOptions::new(target))
        .unwrap_or_else(|e| panic!("{target:?}: {e}"));
    assert_eq!(report.target, target);
    unzip(&zip)
}

#[test]
fn review_package_is_a_site_with_the_review_layer() {
    let course = trellis_model::sample::demo_course();
    let files = publish(Target::Review);
    let names: Vec<&str> = files.keys().map(String::as_str).collect();
    assert_eq!(
        names,
        ["assets/images/diagram.png", "index.html", "trellis.js"],
        "no manifest, nothing to fetch besides the page's own files"
    );
    let html = String::from_utf8_lossy(&files["index.html"]);
    let js = String::from_utf8_lossy(&files["trellis.js"]);
    assert!(js.contains("/* trellis:module review */"));
    assert!(html.contains(".rv-cmt"), "review styles are inline");
    assert!(html.contains(&format!("\"version\":\"{}\"", course.fingerprint())));
    for (_, block) in course.blocks() {
        assert!(html.contains(&format!("data-rv-version=\"{}\"", block.fingerprint())));
    }
    // Deterministic like every other target.
    assert_eq!(files, publish(Target::Review));
}

#[test]
fn learner_packages_hold_no_review_code() {
    for target in [
        Target::Scorm12,
        Target::Scorm2004,
        Target::Cmi5,
        Target::Xapi,
        Target::Web,
    ] {
        for (name, bytes) in publish(target) {
            if name.starts_with("assets/") {
                continue;
            }
            let body = String::from_utf8_lossy(&bytes);
            for needle in [
                "data-rv-",
                "trellis:module review",
                "trellis-review",
                ".rv-",
            ] {
                assert!(
                    !body.contains(needle),
                    "{target:?}: {name} contains `{needle}`"
                );
            }
        }
    }
}
