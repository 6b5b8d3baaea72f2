//! Imports into a real course file: JSON lines (damaged lines and other
//! courses counted, a second import adding nothing) and Moodle's SCORM
//! interactions report as CSV (SCORM 1.2 letters turned into choice ids),
//! including its default layout with responses alone, placed on the
//! course's questions; what is stored is read back from the file.

use tempfile::TempDir;
use trellis_model::Course;
use trellis_model::sample::demo_course;
use trellis_results::{DEFAULT_MIN_LEARNERS, analyse, import_csv, import_json_lines};
use trellis_store::CourseFile;

/// A new course file in a folder of its own (kept while the folder is).
fn course_file(course: &Course) -> (TempDir, CourseFile) {
    let dir = TempDir::new().unwrap();
    let file = CourseFile::create(dir.path().join("c.trellis"), course, []).unwrap();
    (dir, file)
}

/// The demo course with its quiz as a practice lesson: questions q-0 to
/// q-6 asked in order, two tries each. q-0 single choice (c1 right of
/// c1–c3), q-1 multiple response (c1 right of c1–c4), q-2 true/false
/// (true), q-3 fill in the blank ("phishing"), q-4 matching (p1–p3),
/// q-5 ordering (s1–s4), q-6 numeric (42.5 ± 0.5).
fn practice_course() -> Course {
    let mut course = demo_course();
    for lesson in &mut course.modules[0].lessons {
        lesson.assessment = None;
    }
    course
}

/// Each interaction stored in the course file, read back from its SQLite
/// table: (learner, question, response, right), by learner, then in the
/// order answered.
fn stored(file: &CourseFile) -> Vec<(String, String, Option<String>, Option<bool>)> {
    let db = rusqlite::Connection::open_with_flags(
        file.path(),
        rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY,
    )
    .unwrap();
    let mut q = db
        .prepare(
            "SELECT learner, activity, response, success FROM results ORDER BY learner, timestamp",
        )
        .unwrap();
    q.query_map([], |r| {
        let activity: String = r.get(1)?;
        Ok((
            r.get(0)?,
            activity.rsplit(':').next().unwrap().to_owned(),
            r.get(2)?,
            r.get(3)?,
        ))
    })
    .unwrap()
    .map(Result::unwrap)
    .collect()
}

fn answered(n: usize, course: &str, response: &str, ok: bool) -> String {
    format!(
        r#"{{"id":"00000000-0000-4000-8000-{n:012}","actor":{{"mbox":"mailto:l{n}@example.com"}},"verb":{{"id":"http://adlnet.gov/expapi/verbs/answered"}},"object":{{"id":"urn:trellis:course:{course}:question:q-0"}},"result":{{"success":{ok},"response":"{response}"}},"timestamp":"2026-12-01T10:00:00Z"}}"#
    )
}

#[test]
fn json_lines_are_stored_once_and_problems_counted() {
    let (_dir, mut file) = course_file(&demo_course());
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
    let (_dir, mut file) = course_file(&demo_course());
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
    let (_dir, mut file) = course_file(&demo_course());
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
    let (_dir, mut file) = course_file(&demo_course());
    let err = import_csv(&mut file, "name,score\nAnn,3\n").unwrap_err();
    assert!(
        err.to_string()
            .contains("names no learner and interaction columns"),
        "{err}"
    );
    assert_eq!(file.results_count().unwrap(), 0);
}

/// Moodle's interactions report as its text download writes it with
/// "Response" alone ticked, SCORM 2004 responses, for the practice course.
fn moodle_default_report() -> String {
    let all_right =
        "c1\tc1\ttrue\tphishing\tp1[.]p1-r[,]p2[.]p2-r[,]p3[.]p3-r\ts1[,]s2[,]s3[,]s4\t42.5";
    // Bo: q-0 wrong then right, q-1 wrong twice (its tries used up), the
    // true/false skipped, q-3 right, then stopped.
    let bo = "c2\tc1\tc1[,]c2\tc3\tspear phishing\t\t\t";
    // Cy: the ordering, then back to the start (not the course's order:
    // each response placed by its value alone), where "c2" could be q-0's
    // or q-1's.
    let cy = "s1[,]s2[,]s3[,]s4\tc2";
    format!(
        "Name\tEmail address\tAttempt\tStarted on\tLast accessed on\tScore\tDemo\tResponse 0\tResponse 1\tResponse 2\tResponse 3\tResponse 4\tResponse 5\tResponse 6\n\
        Ann Lee\tann@example.com\t1\t1 December 2026, 10:00 AM\t1 December 2026, 10:20 AM\t100\tpassed\t{all_right}\n\
        Bo Ng\tbo@example.com\t1\t1 December 2026, 10:05 AM\t1 December 2026, 10:30 AM\t20\tfailed\t{bo}\n\
        Cy Ott\tcy@example.com\t1\t1 December 2026, 10:10 AM\t1 December 2026, 10:12 AM\t0\tincomplete\t{cy}\n"
    )
}

/// Moodle's default interactions report ticks "Response" alone: no column
/// says which question a response answers. Trellis publishes one
/// interaction per answer in the order the learner gave them, so each
/// response is placed on the question that the course's order and its
/// value allow, and right or wrong is worked out from the key.
#[test]
fn moodles_default_report_with_responses_alone_is_placed_on_the_questions() {
    let (_dir, mut file) = course_file(&practice_course());
    let txt = moodle_default_report();
    let s = import_csv(&mut file, &txt).unwrap();
    assert_eq!((s.read, s.added, s.malformed), (14, 13, 1), "{s:?}");
    assert_eq!(
        s.problems,
        [
            "line 4: response 1 (\"c2\") could answer more than one question of this course; tick \"Question\" in the report's options to say which"
        ]
    );
    let rows = stored(&file);
    let of = |who: &str| -> Vec<(String, Option<String>, Option<bool>)> {
        rows.iter()
            .filter(|r| r.0 == format!("lms:{who}"))
            .map(|r| (r.1.clone(), r.2.clone(), r.3))
            .collect()
    };
    let row = |q: &str, r: &str, ok: bool| (q.to_owned(), Some(r.to_owned()), Some(ok));
    assert_eq!(
        of("ann@example.com"),
        [
            row("q-0", "c1", true),
            row("q-1", "c1", true),
            row("q-2", "true", true),
            row("q-3", "phishing", true),
            row("q-4", "p1[.]p1-r[,]p2[.]p2-r[,]p3[.]p3-r", true),
            row("q-5", "s1[,]s2[,]s3[,]s4", true),
            row("q-6", "42.5", true),
        ]
    );
    assert_eq!(
        of("bo@example.com"),
        [
            row("q-0", "c2", false),
            row("q-0", "c1", true),
            row("q-1", "c1[,]c2", false),
            row("q-1", "c3", false),
            row("q-3", "spear phishing", true),
        ]
    );
    assert_eq!(
        of("cy@example.com"),
        [row("q-5", "s1[,]s2[,]s3[,]s4", true)]
    );
    let report = analyse(&file, 1).unwrap();
    let q0 = report
        .all
        .questions
        .iter()
        .find(|q| q.block == "q-0")
        .unwrap();
    assert_eq!((q0.learners, q0.attempts), (2, 3));
    assert_eq!(
        (q0.facility_first, q0.facility_eventual),
        (Some(0.5), Some(1.0))
    );
    assert_eq!(
        import_csv(&mut file, &txt).unwrap().added,
        0,
        "the same report twice"
    );
}

/// SCORM 1.2 reports choices by number, which several questions take:
/// where the course's order leaves a response's question open (a wrong
/// answer followed by a number that is both a second try and the next
/// question's answer), those responses are refused, each with why, as is
/// one that no question takes (the rest of its row still read in order);
/// the rest is placed.
#[test]
fn responses_that_could_answer_several_questions_are_refused_plainly() {
    // Without the fill-in-the-blank, which takes any text.
    let mut course = practice_course();
    course.modules[0].lessons[2]
        .blocks
        .retain(|b| b.id.as_str() != "q-3");
    let (_dir, mut file) = course_file(&course);
    // Ann: right at the first try, in SCORM 1.2's form: q-0 is "0", q-1
    // then has to be the next "0" (q-0 was right: no second try).
    // Bo: "1" (wrong at q-0 or q-1), then "0": a second try at either,
    // or q-1 after q-0.
    let csv = "Name,Attempt,Response 0,Response 1,Response 2,Response 3\n\
        Ann Lee,1,0,0,t\n\
        Bo Ng,1,1,0,t\n\
        Cy Ott,1,zz\n\
        Di Fox,1,0,zz,0,t\n";
    let s = import_csv(&mut file, csv).unwrap();
    assert_eq!((s.read, s.added, s.malformed), (11, 7, 4), "{s:?}");
    let why = |line: u32, n: u32, r: &str, how: &str| {
        format!(
            "line {line}: response {n} (\"{r}\") could answer {how} question of this course; tick \"Question\" in the report's options to say which"
        )
    };
    assert_eq!(
        s.problems,
        [
            why(3, 0, "1", "more than one"),
            why(3, 1, "0", "more than one"),
            why(4, 0, "zz", "no"),
            why(5, 1, "zz", "no"),
        ]
    );
    let placed: Vec<(String, String, Option<String>, Option<bool>)> = stored(&file);
    let row = |l: &str, q: &str, r: &str, ok: bool| {
        (l.to_owned(), q.to_owned(), Some(r.to_owned()), Some(ok))
    };
    assert_eq!(
        placed,
        [
            row("lms:ann lee", "q-0", "c1", true),
            row("lms:ann lee", "q-1", "c1", true),
            row("lms:ann lee", "q-2", "true", true),
            row("lms:bo ng", "q-2", "true", true),
            row("lms:di fox", "q-0", "c1", true),
            row("lms:di fox", "q-1", "c1", true),
            row("lms:di fox", "q-2", "true", true),
        ]
    );
}

/// LibreOffice converts `text` (separated by `sep`) to `ext` in `dir`.
fn spreadsheet(dir: &std::path::Path, text: &str, sep: char, ext: &str) -> Vec<u8> {
    let source = dir.join("report.csv");
    std::fs::write(&source, text).unwrap();
    let found = std::process::Command::new("soffice")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    assert!(
        found,
        "soffice is missing: install the Debian package libreoffice-calc (cargo xtask setup does)"
    );
    // Calc's text import: the separator, `"` quotes, UTF-8, from the first line.
    let filter = format!(
        "--infilter=Text - txt - csv (StarCalc):{},34,76,1",
        sep as u32
    );
    let out = std::process::Command::new("soffice")
        .env("HOME", dir)
        .args(["--headless", &filter, "--convert-to", ext, "--outdir"])
        .arg(dir)
        .arg(&source)
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    std::fs::read(dir.join(format!("report.{ext}"))).unwrap()
}

/// Every stored column but the source JSON, as the SQLite table holds it.
fn stored_rows(file: &CourseFile) -> Vec<Vec<String>> {
    let db = rusqlite::Connection::open_with_flags(
        file.path(),
        rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY,
    )
    .unwrap();
    let mut q = db
        .prepare(
            "SELECT statement_id, learner, activity, registration, coalesce(success, -1), coalesce(response, ''), timestamp, origin
             FROM results ORDER BY statement_id",
        )
        .unwrap();
    q.query_map([], |r| {
        (0..8)
            .map(|i| {
                r.get::<_, rusqlite::types::Value>(i)
                    .map(|v| format!("{v:?}"))
            })
            .collect()
    })
    .unwrap()
    .map(Result::unwrap)
    .collect()
}

/// Moodle's Excel and ODS downloads hold the same cells as its text
/// download: made here by a real spreadsheet program (LibreOffice) from
/// the text reports, each imports into the same rows as the text does,
/// with the same ids, so importing one after the other adds nothing.
#[test]
fn moodles_excel_and_ods_downloads_read_as_the_text_does() {
    let reports = [
        (moodle_default_report(), '\t', practice_course()),
        (
            "Name\tEmail address\tAttempt\tStarted on\tQuestion 0\tResponse 0\tResult 0\tQuestion 1\tResponse 1\tResult 1\n\
             Ann Lee\tann@example.com\t1\t1 December 2026, 10:00 AM\tq-0\t0\tcorrect\tq-6\t42.5\tcorrect\n\
             Bo Ng\tbo@example.com\t2\t1 December 2026, 10:05 AM\tq-0\t2\twrong\tq-2\tf\twrong\n"
                .to_owned(),
            '\t',
            demo_course(),
        ),
    ];
    for (text, sep, course) in reports {
        let (_a, mut from_text) = course_file(&course);
        let s = import_csv(&mut from_text, &text).unwrap();
        assert!(s.added >= 4, "{s:?}");
        let want = stored_rows(&from_text);
        for ext in ["xlsx", "ods"] {
            let dir = TempDir::new().unwrap();
            let bytes = spreadsheet(dir.path(), &text, sep, ext);
            assert!(trellis_results::looks_like_spreadsheet(&bytes), "{ext}");
            let (_b, mut file) = course_file(&course);
            let got = trellis_results::import_spreadsheet(&mut file, bytes.clone()).unwrap();
            assert_eq!(got, s, "{ext}: the same summary as the text");
            assert_eq!(stored_rows(&file), want, "{ext}: the same rows as the text");
            // Into the file that holds the text's rows: all already held.
            let again = trellis_results::import_spreadsheet(&mut from_text, bytes).unwrap();
            assert_eq!((again.added, again.already_held), (0, s.added), "{ext}");
        }
    }
}

#[test]
fn a_damaged_spreadsheet_is_refused_plainly() {
    let (_dir, mut file) = course_file(&demo_course());
    let err = trellis_results::import_spreadsheet(&mut file, b"PK\x03\x04 not a zip".to_vec())
        .unwrap_err();
    assert!(
        err.to_string()
            .starts_with("the spreadsheet could not be read (")
            && err.to_string().ends_with("); save it from the LMS as CSV"),
        "{err}"
    );
    assert_eq!(file.results_count().unwrap(), 0);
}
