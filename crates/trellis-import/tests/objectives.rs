//! Questions linked to the objectives their source names: by number or by
//! statement, from a GIFT bank's `// objective:` comments, a CSV bank's
//! `objective` column and a Word storyboard's question table, imported
//! into the example course; names the course does not have are reported.

use trellis_import::{Onto, Options, import_file_onto};
use trellis_model::{Course, ObjectiveId};

mod common;

fn example() -> Course {
    let root = std::path::PathBuf::from(
        std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"),
    )
    .join("../..");
    trellis_text::import_dir(&root.join("examples/phishing-awareness"))
        .unwrap()
        .course
}

/// Each imported question's prompt with the objectives it is linked to.
fn links(course: &Course, base: &Course) -> Vec<(String, Vec<ObjectiveId>)> {
    course
        .blocks()
        .filter(|(l, _)| !base.lessons().any(|b| b.id == l.id))
        .filter_map(|(_, b)| b.question())
        .map(|q| (q.prompt.clone(), q.objectives.clone()))
        .collect()
}

#[test]
fn gift_and_csv_questions_link_to_the_objectives_they_name() {
    let base = example();
    assert!(base.objectives.len() >= 2);
    let first = base.objectives[0].clone();
    let second = base.objectives[1].clone();
    let tmp = tempfile::tempdir().unwrap();

    let gift = tmp.path().join("bank.gift");
    std::fs::write(
        &gift,
        format!(
            "// objective: 2\n::A:: First? {{=yes ~no}}\n\n// Objective: {}\n::B:: Second? {{T}}\n\n// objectives: objective 9 | Keep a clean desk\n::C:: Third? {{=a ~b}}\n",
            first.statement.to_uppercase()
        ),
    )
    .unwrap();
    let imported =
        import_file_onto(&gift, Options::default(), Onto::open_course(base.clone())).unwrap();
    let got = links(&imported.course, &base);
    assert_eq!(got[0].1, vec![second.id.clone()], "by number");
    assert_eq!(got[1].1, vec![first.id.clone()], "by statement, case aside");
    // An unknown number links nothing; an unknown statement is added; both said.
    let added = imported.course.objectives.last().unwrap();
    assert_eq!(added.statement, "Keep a clean desk");
    assert_eq!(got[2].1, vec![added.id.clone()]);
    let skipped = imported.report.to_string();
    assert!(
        skipped.contains("the objective “objective 9” is not in the course"),
        "{skipped}"
    );
    assert!(
        skipped
            .contains("the objective “Keep a clean desk” was not in the course, so it was added"),
        "{skipped}"
    );

    let csv = tmp.path().join("bank.csv");
    std::fs::write(
        &csv,
        format!(
            "question,choice 1,choice 2,correct,objective\nOne?,a,b,A,{}\nTwo?,a,b,B,1|LO 2\n",
            second.statement
        ),
    )
    .unwrap();
    let imported =
        import_file_onto(&csv, Options::default(), Onto::open_course(base.clone())).unwrap();
    let got = links(&imported.course, &base);
    assert_eq!(got[0].1, vec![second.id.clone()]);
    assert_eq!(got[1].1, [first.id.clone(), second.id.clone()]);
    assert_eq!(imported.course.objectives.len(), base.objectives.len());
}

/// A storyboard's question table names its objective in an "Objective"
/// row (here a Word document pandoc writes from Markdown).
#[test]
fn a_word_question_table_names_its_objective() {
    let base = example();
    let tmp = tempfile::tempdir().unwrap();
    let md = tmp.path().join("check.md");
    std::fs::write(
        &md,
        "# Check yourself\n\n## Quiz\n\n| Question | Which sign gives a phishing e-mail away? |\n|---|---|\n| Objective | 2 |\n| Correct | A sender address that does not match the company |\n| Incorrect | A greeting with your name |\n",
    )
    .unwrap();
    let docx = common::pandoc(&md, tmp.path());
    let imported =
        import_file_onto(&docx, Options::default(), Onto::open_course(base.clone())).unwrap();
    let got = links(&imported.course, &base);
    assert_eq!(got.len(), 1, "{}", imported.report);
    assert_eq!(got[0].1, [base.objectives[1].id.clone()]);
}
