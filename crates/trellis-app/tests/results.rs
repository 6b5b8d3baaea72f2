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

/// Reading results in from the editor: a file sent as base64 (JSON lines,
/// and an LMS's tab-separated report told apart by its first character),
/// stored in the open course file beside the course, and a pull whose
/// record store cannot be reached reporting why in its status, with
/// nothing changed.
#[test]
fn the_editor_imports_files_and_reports_a_failing_pull() {
    use base64::Engine as _;
    let mut f = Fixture::with_example();
    let path = f.path("course.trellis");
    let b64 = |s: &str| base64::engine::general_purpose::STANDARD.encode(s);
    let line = json!({
        "id": "00000000-0000-4000-8000-000000000001",
        "actor": {"mbox": "mailto:a@example.com"},
        "verb": {"id": "http://adlnet.gov/expapi/verbs/answered"},
        "object": {"id": "urn:trellis:course:phishing-awareness:question:pa-q-define"},
        "result": {"success": true, "response": "deceive"},
        "timestamp": "2026-12-01T10:00:00Z",
    })
    .to_string();
    let r =
        f.ok(json!({"cmd": "import_results", "data_base64": b64(&format!("{line}\nnot json\n"))}));
    assert_eq!(r["added"], 1);
    assert_eq!(
        r["summary"],
        "2 statements read: 1 new, 0 already held, 1 damaged or unreadable left out."
    );
    let report =
        "Name\tAttempt\tQuestion 0\tResponse 0\tResult 0\nBo Ng\t1\tpa-q-define\tspam\twrong\n";
    let r = f.ok(json!({"cmd": "import_results", "data_base64": b64(report)}));
    assert_eq!(r["added"], 1, "{r}");
    assert_eq!(f.ok(json!({"cmd": "results"}))["statements"], 2);
    assert_eq!(
        f.ok(json!({"cmd": "snapshot"}))["can_undo"],
        false,
        "not an edit"
    );

    // No key or secret: said at once.
    let e = f.err(json!({"cmd": "results_pull", "address": "http://127.0.0.1:9/xAPI/"}));
    assert!(e.message.contains("key and secret"), "{}", e.message);
    let e = f.err(json!({"cmd": "results_pull", "address": "lrs.example/xAPI"}));
    assert!(
        e.message.contains("is not a record store address"),
        "{}",
        e.message
    );
    // Nothing listening: the background pull says so in its status.
    let started = f.ok(json!({"cmd": "results_pull", "address": "http://127.0.0.1:9/xAPI/", "key": "k", "secret": "s"}));
    assert_eq!(started["running"], true);
    assert_eq!(started["course"], json!(path));
    let until = std::time::Instant::now() + std::time::Duration::from_secs(60);
    let status = loop {
        let s = f.ok(json!({"cmd": "results_pull_status"}));
        if s["running"] == false {
            break s;
        }
        assert!(
            std::time::Instant::now() < until,
            "the pull did not end: {s}"
        );
        std::thread::sleep(std::time::Duration::from_millis(200));
    };
    assert!(
        status["error"].as_str().is_some_and(|m| m.starts_with(
            "Could not reach the record store at http://127.0.0.1:9/xAPI/; asked 5 times"
        )),
        "{status}"
    );
    // The key given is held for the session, for the same store.
    assert_eq!(f.ok(json!({"cmd": "results"}))["statements"], 2);
    let again = f.ok(json!({"cmd": "results_pull", "address": "http://127.0.0.1:9/xAPI"}));
    assert_eq!(again["pull"], 2);
}
