//! Publishing for the `review` target: a self-contained site with the
//! review layer, and learner packages with none of it.

use std::collections::BTreeMap;

use trellis_publish::{PublishOptions, Target, publish_to_vec};

mod common;
use common::{png, unzip};

fn publish(target: Target) -> BTreeMap<String, Vec<u8>> {
    let course = trellis_model::sample::demo_course();
    let mut assets = BTreeMap::new();
    assets.insert("images/diagram.png".to_owned(), png(32, 24));
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
