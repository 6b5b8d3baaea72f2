//! `results [N]`: N statements (100,000 by default) written as JSON lines
//! the way the player sends them — answers to the demo course's questions
//! by 2,000 learners, with durations and a course version — then imported
//! into a course file and analysed, each phase timed, with the process's
//! peak memory. The file is written a line at a time, so the peak is that
//! of the import and the analysis.

use std::io::{BufReader, BufWriter, Write};
use std::time::Instant;

use anyhow::Result;
use trellis_model::sample::demo_course;
use trellis_store::CourseFile;

use crate::{ms, peak_memory_kib};

pub(crate) fn results(args: &[String]) -> Result<()> {
    let n: u64 = args
        .first()
        .map(|a| a.parse())
        .transpose()?
        .unwrap_or(100_000);
    let dir = tempfile::tempdir()?;
    let course = demo_course();
    let questions: Vec<(String, Vec<String>)> = course
        .blocks()
        .filter_map(|(_, b)| {
            let q = b.question()?;
            let ids = match &q.answer {
                trellis_model::Answer::SingleChoice { choices }
                | trellis_model::Answer::MultipleResponse { choices } => {
                    choices.iter().map(|c| c.id.as_str().to_owned()).collect()
                }
                _ => vec!["true".into(), "false".into()],
            };
            Some((b.id.as_str().to_owned(), ids))
        })
        .collect();
    let lines = dir.path().join("statements.jsonl");
    let t = Instant::now();
    let mut out = BufWriter::new(std::fs::File::create(&lines)?);
    let mut rng = fastrand::Rng::with_seed(24);
    for i in 0..n {
        let (q, ids) = &questions[(i % questions.len() as u64) as usize];
        let learner = rng.u32(0..2_000);
        let ok = rng.f64() < 0.6;
        let response = &ids[if ok { 0 } else { rng.usize(0..ids.len()) }];
        writeln!(
            out,
            r#"{{"id":"{:08x}-0000-4000-8000-{:012x}","actor":{{"objectType":"Agent","name":"Learner {learner}","mbox":"mailto:learner{learner}@example.com"}},"verb":{{"id":"http://adlnet.gov/expapi/verbs/answered","display":{{"en-US":"answered"}}}},"object":{{"objectType":"Activity","id":"urn:trellis:course:demo:question:{q}","definition":{{"type":"http://adlnet.gov/expapi/activities/cmi.interaction","interactionType":"choice"}}}},"result":{{"success":{ok},"response":"{response}","duration":"PT{}.{:03}S"}},"context":{{"registration":"6f1c2b3a-0000-4000-8000-{learner:012x}","revision":"1.0","contextActivities":{{"parent":[{{"objectType":"Activity","id":"urn:trellis:course:demo"}}]}}}},"timestamp":"2026-12-01T{:02}:{:02}:{:02}.000Z","stored":"2026-12-01T12:00:00.000Z"}}"#,
            i >> 16,
            i,
            rng.u32(2..90),
            rng.u32(0..1000),
            (i / 3600) % 24,
            (i / 60) % 60,
            i % 60
        )?;
    }
    out.flush()?;
    drop(out);
    let bytes = std::fs::metadata(&lines)?.len();
    let written = t.elapsed();
    let before = peak_memory_kib().unwrap_or(0);

    let path = dir.path().join("demo.trellis");
    let mut file = CourseFile::create(&path, &course, [])?;
    let t = Instant::now();
    let summary = trellis_results::import_json_lines(
        &mut file,
        BufReader::new(std::fs::File::open(&lines)?),
    )?;
    let imported = t.elapsed();
    anyhow::ensure!(summary.added == n, "{}", summary.sentence());
    let after_import = peak_memory_kib().unwrap_or(0);
    drop(file);

    let t = Instant::now();
    let file = CourseFile::open_read_only(&path)?;
    let report = trellis_results::analyse(&file, trellis_results::DEFAULT_MIN_LEARNERS)?;
    let analysed = t.elapsed();
    anyhow::ensure!(report.all.statements == n);
    let after_analysis = peak_memory_kib().unwrap_or(0);
    let mib = |k: u64| format!("{:.0} MiB", k as f64 / 1024.0);
    println!("| phase | time | peak memory (process) |");
    println!("| --- | --- | --- |");
    println!(
        "| write {n} statements as JSON lines ({:.0} MB) | {} | {} |",
        bytes as f64 / 1e6,
        ms(written),
        mib(before)
    );
    println!(
        "| import into the course file | {} | {} |",
        ms(imported),
        mib(after_import)
    );
    println!(
        "| analyse ({} learners, {} questions) | {} | {} |",
        report.all.learners,
        report.all.questions.len(),
        ms(analysed),
        mib(after_analysis)
    );
    println!("| import + analyse | {} | |", ms(imported + analysed));
    Ok(())
}
