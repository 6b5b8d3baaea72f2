//! `check`: the design check of the large course after one edit, run whole
//! (as `trellis check` does) and kept lesson by lesson (as the editor does,
//! [`trellis_check::Checker`]), side by side.

use std::time::{Duration, Instant};

use anyhow::Result;
use trellis_check::{Checker, Options};
use trellis_model::BlockContent;
use trellis_model::sample::{Size, generated_course};

use crate::{images, ms};

const RUNS: usize = 200;

pub(crate) fn check() -> Result<()> {
    let mut course = generated_course(Size::LARGE);
    course.assets = images(Size::LARGE.images)?
        .into_iter()
        .map(|(info, _)| info)
        .collect();
    let lessons = course.lessons().count();
    let mut checker = Checker::new(Options::default());
    checker.run(&course);
    let (mut whole, mut kept) = (Vec::new(), Vec::new());
    for run in 0..RUNS {
        // One edit: a text block of the next lesson.
        let lesson = (course.modules.iter_mut())
            .flat_map(|m| m.lessons.iter_mut())
            .nth(run * 7 % lessons)
            .expect("the course has lessons");
        if let Some(BlockContent::Text { markdown }) = lesson
            .blocks
            .iter_mut()
            .map(|b| &mut b.content)
            .find(|c| matches!(c, BlockContent::Text { .. }))
        {
            markdown.push_str(" One more word.");
        }
        let id = lesson.id.clone();
        let t = Instant::now();
        let report = trellis_check::check(&course);
        whole.push(t.elapsed());
        let t = Instant::now();
        checker.forget(&id);
        checker.run(&course);
        kept.push(t.elapsed());
        assert_eq!(checker.counts(), report.counts());
    }
    let median = |v: &mut Vec<Duration>| {
        v.sort();
        v[v.len() / 2]
    };
    let (w, k) = (median(&mut whole), median(&mut kept));
    println!("Design check of the large course after one edit, median of {RUNS}:\n");
    println!("| check | time | ratio |");
    println!("| --- | ---: | ---: |");
    println!("| whole course (`trellis check`) | {} | 1 |", ms(w));
    println!(
        "| kept lesson by lesson (the editor) | {} | {:.3} |",
        ms(k),
        k.as_secs_f64() / w.as_secs_f64()
    );
    println!("\n{} findings.", checker.counts().total());
    Ok(())
}
