//! Imports into a real course file: JSON lines (damaged lines and other
//! courses counted, a second import adding nothing) and Moodle's SCORM
//! interactions report as CSV (SCORM 1.2 letters turned into choice ids).

use tempfile::TempDir;
use trellis_model::sample::demo_course;
use trellis_results::{DEFAULT_MIN_LEARNERS, analyse, import_csv, import_json_lines};
use trellis_store::CourseFile;

fn answered(n: usize, course: &str, response: &str, ok: bool) -> String {
    format!(
        r#"{{"id":"00000000-0000-4000-8000-{n:012}","actor":{{"mbox":"mailto:l{n}@example.com"}},"verb":{{"id":"http://adlnet.gov/expapi/verbs/answered"}},"object":{{"id":"urn:trellis:course:{course}:question:q-0"}},"result":{{"success":{ok},"response":"{response}"}},"timestamp":"2026-12-01T10:00:00Z"}}"#
    )
}

#[test]
fn json_lines_are_stored_once_and_problems_counted() {
    let dir = TempDir::new().unwrap();
    let mut file = CourseFile::create(dir.path().join("c.trellis"), &demo_course(), []).unwrap();
    let text = [
        answered(1, "demo", "c1", true),
        String::new(),
        answered(2, "demo", "c2", false),
        answered(3, "other", "c1", true),
        "{not json".into(),
        r#"{"id":"x","actor":{"mbox":"mailto:a@b"}}"#.into(),
    ]
    .join("\n");
    let s = import_json_lines(&mut file, text.as_bytes()).unwrap();
    assert_eq!((s.read, s.added, s.other_course, s.malformed), (5, 2, 1, 2));
    assert!(
        s.problems[0].starts_with("line 5: not JSON"),
        "{:?}",
        s.problems
    );
    assert_eq!(s.problems[1], "line 6: its id is not a UUID");
    assert_eq!(
        s.sentence(),
        "5 statements read: 2 new, 0 already held, 1 about another course left out, 2 damaged or unreadable left out"
    );
    let again = import_json_lines(&mut file, text.as_bytes()).unwrap();
    assert_eq!((again.added, again.already_held), (0, 2));
    assert_eq!(file.results_count().unwrap(), 2);
}

#[test]
fn moodles_interactions_report_is_read() {
    let dir = TempDir::new().unwrap();
    let mut file = CourseFile::create(dir.path().join("c.trellis"), &demo_course(), []).unwrap();
    // q-0: single choice (c1 right); q-2: true/false (true right). SCORM
    // 1.2 reports choice numbers (0 = c1) and t/f.
    let csv = "\u{feff}First name,Surname,Email address,Attempt,Started on,Question 1,Response 1,Right answer 1,Result 1,Question 2,Response 2,Right answer 2,Result 2\n\
        Ann,Lee,ann@example.com,1,\"1 December 2026, 10:00 AM\",q-0,0,0,correct,q-2,t,t,correct\n\
        Bo,Ng,bo@example.com,1,\"1 December 2026, 10:05 AM\",q-0,2,0,wrong,q-2,f,t,wrong\n\
        Bo,Ng,bo@example.com,2,\"1 December 2026, 11:00 AM\",q-0,0,0,correct,not-a-question,x,y,correct\n";
    let s = import_csv(&mut file, csv).unwrap();
    assert_eq!((s.read, s.added, s.other_course), (6, 5, 1));
    assert_eq!(
        import_csv(&mut file, csv).unwrap().added,
        0,
        "the same report twice"
    );
    let report = analyse(&file, 2).unwrap();
    let q0 = report
        .all
        .questions
        .iter()
        .find(|q| q.block == "q-0")
        .unwrap();
    assert_eq!((q0.learners, q0.attempts), (2, 3));
    assert_eq!(q0.facility_first, Some(0.5), "Bo's first attempt was wrong");
    assert_eq!(q0.facility_eventual, Some(1.0));
    let picks: Vec<u32> = q0.choices.iter().map(|c| c.picks).collect();
    assert_eq!(picks, [1, 0, 1], "choice numbers became choice ids");
    let q2 = report
        .all
        .questions
        .iter()
        .find(|q| q.block == "q-2")
        .unwrap();
    assert_eq!(q2.choices[0].picks, 1);
    assert_eq!(q2.choices[1].picks, 1);
    // Two learners are under the default minimum: not yet meaningful.
    assert!(!analyse(&file, DEFAULT_MIN_LEARNERS).unwrap().all.questions[0].meaningful);
}

/// Moodle's "CSV" download of the interactions report is tab-separated
/// text with the full name and groups numbered from 0 (the layout of
/// mod/scorm/report/interactions/classes/report.php).
#[test]
fn moodles_tab_separated_download_is_read() {
    let dir = TempDir::new().unwrap();
    let mut file = CourseFile::create(dir.path().join("c.trellis"), &demo_course(), []).unwrap();
    let txt = "Name\tEmail address\tAttempt\tStarted on\tLast accessed on\tScore\tDemo\tQuestion 0\tResponse 0\tRight answer 0\tResult 0\tQuestion 1\tResponse 1\tRight answer 1\tResult 1\n\
        Ann Lee\tann@example.com\t1\tTuesday, 1 December 2026, 10:00 AM\tTuesday, 1 December 2026, 10:20 AM\t100\tpassed\tq-0\t0\t0\tcorrect\tq-2\tt\tt\tcorrect\n\
        Bo Ng\tbo@example.com\t1\tTuesday, 1 December 2026, 10:05 AM\tTuesday, 1 December 2026, 10:30 AM\t0\tfailed\tq-0\t2\t0\twrong\t\t\t\t\n";
    assert!(trellis_results::looks_like_report(txt.as_bytes()));
    let s = import_csv(&mut file, txt).unwrap();
    assert_eq!((s.read, s.added, s.malformed), (3, 3, 0), "{s:?}");
    let report = analyse(&file, 1).unwrap();
    let q0 = report
        .all
        .questions
        .iter()
        .find(|q| q.block == "q-0")
        .unwrap();
    assert_eq!((q0.learners, q0.facility_first), (2, Some(0.5)));
    let q2 = report
        .all
        .questions
        .iter()
        .find(|q| q.block == "q-2")
        .unwrap();
    assert_eq!(q2.learners, 1);
}

#[test]
fn a_csv_without_the_columns_is_refused_plainly() {
    let dir = TempDir::new().unwrap();
    let mut file = CourseFile::create(dir.path().join("c.trellis"), &demo_course(), []).unwrap();
    let err = import_csv(&mut file, "name,score\nAnn,3\n").unwrap_err();
    assert!(
        err.to_string()
            .contains("names no learner and interaction columns"),
        "{err}"
    );
    assert_eq!(file.results_count().unwrap(), 0);
}
