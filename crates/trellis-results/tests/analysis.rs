//! Item analysis on hand-computed data: four learners, the demo course's
//! single-choice (q-0), multiple-response (q-1) and true/false (q-2)
//! questions, every figure worked out by hand in the comments.

use trellis_model::sample::demo_course;
use trellis_results::analysis::{Analysis, Report, point_biserial};
use trellis_store::ResultRow;

const ANSWERED: &str = "http://adlnet.gov/expapi/verbs/answered";

struct Rows(Vec<ResultRow>);

impl Rows {
    /// A statement without a result; the caller fills in the rest.
    fn add(&mut self, learner: &str, verb: &str, activity: &str, version: &str) -> &mut ResultRow {
        let n = self.0.len();
        self.0.push(ResultRow {
            statement_id: format!("00000000-0000-4000-8000-{n:012}"),
            course_id: "demo".into(),
            course_version: version.into(),
            verb: verb.into(),
            activity: activity.into(),
            learner: format!("mailto:{learner}@example.com"),
            registration: String::new(),
            success: None,
            score: None,
            duration_ms: None,
            response: None,
            timestamp: format!("2026-12-01T10:{:02}:00Z", n),
            stored: String::new(),
            origin: "file".into(),
        });
        self.0.last_mut().expect("just pushed")
    }
    fn answer(&mut self, learner: &str, q: &str, ok: bool, response: &str, secs: Option<i64>) {
        let version = if matches!(learner, "a" | "b") {
            "1.0"
        } else {
            "1.1"
        };
        let row = self.add(
            learner,
            ANSWERED,
            &format!("urn:trellis:course:demo:question:{q}"),
            version,
        );
        row.success = Some(ok);
        row.response = (!response.is_empty()).then(|| response.to_owned());
        row.duration_ms = secs.map(|s| s * 1000);
    }
}

/// A, B, C, D; first tries in order.
///
/// | learner | q-0 (key c1)        | q-2 (key true) | q-1 (key c1) |
/// |---------|---------------------|----------------|--------------|
/// | A       | c1 ✓ (10 s)         | true ✓         | c1 ✓         |
/// | B       | c1 ✓ (20 s)         | true ✓         | c1,c2 ✗      |
/// | C       | c2 ✗ (30 s), c1 ✓ (40 s) | false ✗   | c1 ✓         |
/// | D       | c3 ✗                | false ✗        | c3,c4 ✗      |
fn rows() -> Vec<ResultRow> {
    let mut r = Rows(Vec::new());
    r.add(
        "a",
        "http://adlnet.gov/expapi/verbs/experienced",
        "urn:trellis:course:demo:lesson:l-content",
        "1.0",
    );
    r.answer("a", "q-0", true, "c1", Some(10));
    r.answer("b", "q-0", true, "c1", Some(20));
    r.answer("c", "q-0", false, "c2", Some(30));
    r.answer("c", "q-0", true, "c1", Some(40));
    r.answer("d", "q-0", false, "c3", None);
    r.answer("a", "q-2", true, "true", None);
    r.answer("b", "q-2", true, "true", None);
    r.answer("c", "q-2", false, "false", None);
    r.answer("d", "q-2", false, "false", None);
    r.answer("a", "q-1", true, "c1", None);
    r.answer("b", "q-1", false, "c1[,]c2", None);
    r.answer("c", "q-1", true, "c1", None);
    r.answer("d", "q-1", false, "c3[,]c4", None);
    r.add(
        "a",
        "http://adlnet.gov/expapi/verbs/completed",
        "urn:trellis:course:demo",
        "1.0",
    );
    // Another course's question and a question the course no longer has.
    r.answer("a", "q-gone", true, "", None);
    r.0
}

fn report(rows: &[ResultRow], min: u32) -> Report {
    let course = demo_course();
    let mut a = Analysis::new(&course);
    for row in rows {
        a.add(row);
    }
    a.report(min)
}

fn close(a: Option<f64>, b: f64) {
    let a = a.expect("a figure");
    assert!((a - b).abs() < 1e-9, "{a} is not {b}");
}

#[test]
fn question_figures_match_the_hand_computed_ones() {
    let r = report(&rows(), 4);
    let f = &r.all;
    assert_eq!(f.learners, 4);
    assert_eq!(f.completed, 1);
    assert_eq!(f.unknown_questions, 1);
    let q0 = f.questions.iter().find(|q| q.block == "q-0").unwrap();
    assert_eq!((q0.learners, q0.attempts), (4, 5));
    close(q0.facility_first, 0.5);
    close(q0.facility_eventual, 0.75);
    // x = [1, 1, 0, 0]; rest score (share right of q-1 and q-2) =
    // [1, 0.5, 0.5, 0]; Sxy = 0.5, Sxx = 1, Syy = 0.5: r = 0.5 / √0.5.
    close(q0.discrimination, 0.5f64.sqrt());
    // Durations 10, 20, 30, 40 s: median 25 s.
    close(q0.median_seconds, 25.0);
    let shares: Vec<(String, u32, f64)> = q0
        .choices
        .iter()
        .map(|c| (c.id.clone(), c.picks, c.share))
        .collect();
    assert_eq!(
        shares,
        [
            ("c1".into(), 2, 0.5),
            ("c2".into(), 1, 0.25),
            ("c3".into(), 1, 0.25)
        ]
    );
    assert!(q0.choices[0].correct && !q0.choices[1].correct);
    assert!(q0.meaningful);
    assert!(q0.flags.is_empty(), "{:?}", q0.flags);

    let q1 = f.questions.iter().find(|q| q.block == "q-1").unwrap();
    let picks: Vec<u32> = q1.choices.iter().map(|c| c.picks).collect();
    assert_eq!(picks, [3, 1, 1, 1]);
    close(q1.facility_first, 0.5);
    assert_eq!(q1.median_seconds, None);

    let q2 = f.questions.iter().find(|q| q.block == "q-2").unwrap();
    let tf: Vec<(String, f64, bool)> = q2
        .choices
        .iter()
        .map(|c| (c.id.clone(), c.share, c.correct))
        .collect();
    assert_eq!(
        tf,
        [("true".into(), 0.5, true), ("false".into(), 0.5, false)]
    );
    // q-2's x = [1, 1, 0, 0]; rest = share right of q-0 and q-1 =
    // [1, 0.5, 0.5, 0]: the same as q-0.
    close(q2.discrimination, 0.5f64.sqrt());

    // Unanswered questions: no figures, not meaningful.
    let q3 = f.questions.iter().find(|q| q.block == "q-3").unwrap();
    assert_eq!(
        (q3.learners, q3.facility_first, q3.meaningful),
        (0, None, false)
    );
}

#[test]
fn objectives_lessons_and_versions() {
    let r = report(&rows(), 4);
    let f = &r.all;
    // obj-spot is practised by every question: first tries right A 3/3,
    // B 2/3, C 1/3, D 0/3; only A reaches 80 %.
    let spot = f
        .objectives
        .iter()
        .find(|o| o.objective == "obj-spot")
        .unwrap();
    assert_eq!((spot.learners, spot.mastered), (4, 1));
    close(spot.mastery_rate, 0.25);
    let report_obj = f
        .objectives
        .iter()
        .find(|o| o.objective == "obj-report")
        .unwrap();
    assert_eq!((report_obj.learners, report_obj.mastery_rate), (0, None));

    let content = f.lessons.iter().find(|l| l.lesson == "l-content").unwrap();
    assert!(content.measured);
    assert_eq!(content.reached, 1);
    close(content.reach, 0.25);
    let scenario = f.lessons.iter().find(|l| l.lesson == "l-scenario").unwrap();
    assert!(!scenario.measured, "nothing in it is reported");
    let quiz = f.lessons.iter().find(|l| l.lesson == "l-quiz").unwrap();
    assert_eq!(quiz.reached, 4);
    close(quiz.drop_off, 0.0);

    let versions: Vec<(String, u64, u32)> = r
        .versions
        .iter()
        .map(|v| (v.version.clone(), v.statements, v.learners))
        .collect();
    assert_eq!(versions, [("1.0".into(), 9, 2), ("1.1".into(), 7, 2)]);
    let v10 = &r.by_version["1.0"];
    let q0 = v10.questions.iter().find(|q| q.block == "q-0").unwrap();
    assert_eq!(q0.learners, 2);
    close(q0.facility_first, 1.0);
}

#[test]
fn too_few_learners_are_not_yet_meaningful_and_raise_no_flags() {
    let r = report(&rows(), 20);
    assert!(!r.all.meaningful);
    for q in &r.all.questions {
        assert!(!q.meaningful);
        assert!(q.flags.is_empty());
    }
}

#[test]
fn flags_in_the_design_checks_words() {
    // q-0: nobody picks c3; learners doing well elsewhere get it wrong.
    let mut r = Rows(Vec::new());
    for (learner, q0, q2) in [
        ("a", false, true),
        ("b", false, true),
        ("c", true, false),
        ("d", true, false),
        ("e", true, false),
    ] {
        r.answer(learner, "q-0", q0, if q0 { "c1" } else { "c2" }, None);
        r.answer(learner, "q-2", q2, if q2 { "true" } else { "false" }, None);
    }
    // q-1: everyone right at the first try.
    for learner in ["a", "b", "c", "d", "e"] {
        r.answer(learner, "q-1", true, "c1", None);
    }
    let rep = report(&r.0, 5);
    let codes = |b: &str| -> Vec<&str> {
        rep.all
            .questions
            .iter()
            .find(|q| q.block == b)
            .unwrap()
            .flags
            .iter()
            .map(|f| f.code)
            .collect()
    };
    assert_eq!(
        codes("q-0"),
        ["unpicked-distractor", "negative-discrimination"]
    );
    let q0 = rep.all.questions.iter().find(|q| q.block == "q-0").unwrap();
    assert!(
        q0.flags[0]
            .message
            .starts_with("A distractor nobody picks: “Choice 3”")
    );
    assert!(
        q0.flags[1]
            .message
            .starts_with("Negative discrimination: check the key")
    );
    assert!(codes("q-1").contains(&"too-easy"));
    // q-2: 2 of 5 right (40 %): neither too easy nor too hard.
    assert!(!codes("q-2").iter().any(|c| c.starts_with("too")));
    let mut hard = Rows(Vec::new());
    for learner in ["a", "b", "c", "d", "e"] {
        hard.answer(learner, "q-2", learner == "a", "false", None);
    }
    let rep = report(&hard.0, 5);
    let q2 = rep.all.questions.iter().find(|q| q.block == "q-2").unwrap();
    assert_eq!(q2.flags[0].code, "too-hard");
    assert!(q2.flags[0].message.starts_with("Too hard: only 20 %"));
}

#[test]
fn point_biserial_by_hand() {
    // x = [1, 0, 1, 0, 1], y = [4, 2, 5, 1, 3]: mx = 0.6, my = 3,
    // Sxy = 0.4·1 + (−0.6)(−1) + 0.4·2 + (−0.6)(−2) + 0.4·0 = 3,
    // Sxx = 1.2, Syy = 10: r = 3 / √12.
    let pairs = [(1.0, 4.0), (0.0, 2.0), (1.0, 5.0), (0.0, 1.0), (1.0, 3.0)];
    close(point_biserial(&pairs), 3.0 / 12f64.sqrt());
    assert_eq!(
        point_biserial(&[(1.0, 1.0), (1.0, 2.0)]),
        None,
        "x does not vary"
    );
    assert_eq!(point_biserial(&[(1.0, 1.0)]), None);
}
