//! The `results` command on a real course file holding statements.

use serde_json::json;

mod common;
use common::Fixture;

#[test]
fn results_are_reported_for_the_open_course() {
    let mut f = Fixture::with_example();
    let path = f.path("course.trellis");
    let empty = f.ok(json!({"cmd": "results"}));
    assert_eq!(empty["statements"], 0);
    assert_eq!(empty["report"]["all"]["learners"], 0);
    f.ok(json!({"cmd": "close"}));

    // Three learners answer the first practice question: two right, one
    // wrong then right.
    let q = "urn:trellis:course:phishing-awareness:question:pa-q-define";
    let mut lines = String::new();
    for (n, (learner, ok, response)) in [
        ("a", true, "deceive"),
        ("b", true, "deceive"),
        ("c", false, "spam"),
        ("c", true, "deceive"),
    ]
    .into_iter()
    .enumerate()
    {
        lines += &json!({
            "id": format!("00000000-0000-4000-8000-{n:012}"),
            "actor": {"mbox": format!("mailto:{learner}@example.com")},
            "verb": {"id": "http://adlnet.gov/expapi/verbs/answered"},
            "object": {"id": q},
            "result": {"success": ok, "response": response, "duration": "PT12S"},
            "context": {"revision": "1.0"},
            "timestamp": format!("2026-12-01T10:00:0{n}Z"),
        })
        .to_string();
        lines.push('\n');
    }
    {
        let mut file = trellis_store::CourseFile::open(&path).unwrap();
        let s = trellis_results::import_json_lines(&mut file, lines.as_bytes()).unwrap();
        assert_eq!(s.added, 4);
    }
    f.ok(json!({"cmd": "open_course", "path": path}));
    let r = f.ok(json!({"cmd": "results", "min_learners": 3}));
    assert_eq!(r["statements"], 4);
    let question = r["report"]["all"]["questions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["block"] == "pa-q-define")
        .unwrap()
        .clone();
    assert_eq!(question["learners"], 3);
    assert_eq!(question["attempts"], 4);
    assert!((question["facility_first"].as_f64().unwrap() - 2.0 / 3.0).abs() < 1e-9);
    assert_eq!(question["facility_eventual"], 1.0);
    assert_eq!(question["meaningful"], true);
    assert_eq!(
        question["choices"][2]["picks"], 0,
        "nobody picks the third choice"
    );
    assert_eq!(question["flags"][0]["code"], "unpicked-distractor");
    // Reading results made no change.
    assert_eq!(f.ok(json!({"cmd": "snapshot"}))["can_undo"], false);
}
