//! `trellis results` on real course files: import, the CSV and JSON
//! reports, and a folder refused (results live in a course file).

use std::process::Command;

fn trellis(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_trellis"))
        .args(args)
        .output()
        .unwrap()
}

fn example() -> String {
    std::path::PathBuf::from(
        std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"),
    )
    .join("../../examples/phishing-awareness")
    .display()
    .to_string()
}

#[test]
fn import_then_report_as_csv_and_json() {
    let dir = tempfile::tempdir().unwrap();
    let course = dir.path().join("p.trellis");
    let course = course.to_str().unwrap();
    assert!(
        trellis(&["import", &example(), "-o", course])
            .status
            .success()
    );
    let lines: String = (0..3)
        .map(|n| {
            format!(
                "{{\"id\":\"00000000-0000-4000-8000-{n:012}\",\"actor\":{{\"mbox\":\"mailto:l{n}@example.com\"}},\"verb\":{{\"id\":\"http://adlnet.gov/expapi/verbs/answered\"}},\"object\":{{\"id\":\"urn:trellis:course:phishing-awareness:question:pa-q-define\"}},\"result\":{{\"success\":{},\"response\":\"{}\"}},\"timestamp\":\"2026-12-01T10:00:0{n}Z\"}}\n",
                n != 2,
                if n == 2 { "spam" } else { "deceive" }
            )
        })
        .collect();
    let file = dir.path().join("s.jsonl");
    std::fs::write(&file, lines).unwrap();
    let out = trellis(&["results", "import", course, file.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "3 statements read: 3 new, 0 already held.\n"
    );

    let csv = String::from_utf8(trellis(&["results", course, "--format", "csv"]).stdout).unwrap();
    assert!(csv.starts_with("section,version,lesson,id,title,learners,attempts,facility_first,"));
    let row = csv
        .lines()
        .find(|l| l.starts_with("question,all,") && l.contains(",pa-q-define,"))
        .unwrap();
    assert!(row.contains(",3,3,0.667,0.667,"), "{row}");
    assert!(
        row.ends_with(",false,"),
        "3 learners: not yet meaningful: {row}"
    );

    let json = trellis(&["results", course, "--format", "json", "--min-learners", "3"]);
    let report: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(report["min_learners"], 3);
    assert_eq!(report["all"]["learners"], 3);

    let refused = trellis(&["results", "import", &example(), file.to_str().unwrap()]);
    assert_eq!(refused.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("results are kept in a course file"));
}
