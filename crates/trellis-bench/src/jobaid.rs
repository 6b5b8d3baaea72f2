//! `job-aid`: the job aid of each example course and of the large generated
//! course with one block a module marked (its aid capped to those blocks):
//! the model, both PDFs, the phone page and the QR code, as `trellis
//! publish --target job-aid` makes them, median of five runs; and the
//! design check's share: the aid laid out without drawing
//! (`trellis_jobaid::pdf::measure`), which every check of a course with a
//! job aid runs.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use anyhow::Result;
use trellis_model::sample::{Size, generated_course};

use crate::ms;

const RUNS: usize = 5;

fn median(mut f: impl FnMut() -> Result<usize>) -> Result<(Duration, usize)> {
    let mut times = Vec::with_capacity(RUNS);
    let mut pages = 0;
    for _ in 0..RUNS {
        let t = Instant::now();
        pages = f()?;
        times.push(t.elapsed());
    }
    times.sort();
    Ok((times[RUNS / 2], pages))
}

fn aid(course: &trellis_model::Course, assets: &BTreeMap<String, Vec<u8>>) -> Result<usize> {
    let aid = trellis_jobaid::build(course);
    let get = |name: &str| assets.get(name).cloned();
    let labels = trellis_jobaid::Labels::for_language(&course.info.language);
    let files = trellis_jobaid::files(&aid, &labels, &get)?;
    Ok(files.pages)
}

/// What the design check adds for the job aid: the model and its layout.
fn measured(course: &trellis_model::Course) -> Result<usize> {
    Ok(trellis_jobaid::measure(course).pages)
}

pub(crate) fn job_aid() -> Result<()> {
    let examples = std::path::PathBuf::from(
        std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"),
    )
    .join("../../examples");
    let mut dirs: Vec<_> = std::fs::read_dir(&examples)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.join("course.toml").is_file())
        .collect();
    dirs.sort();
    for dir in dirs {
        let imported = trellis_text::import_dir(&dir)?;
        let assets: BTreeMap<String, Vec<u8>> = imported
            .assets
            .into_iter()
            .map(|(i, b)| (i.name, b))
            .collect();
        let (t, pages) = median(|| aid(&imported.course, &assets))?;
        let (m, _) = median(|| measured(&imported.course))?;
        println!(
            "{}: {} ({pages} A4 pages; both PDFs, phone page, QR code); the check's layout {}",
            dir.file_name().unwrap_or_default().to_string_lossy(),
            ms(t),
            ms(m)
        );
    }
    let mut course = generated_course(Size::LARGE);
    let mut marked = 0;
    for module in &mut course.modules {
        if let Some(block) = module.lessons[0]
            .blocks
            .iter_mut()
            .find(|b| trellis_jobaid::model::kind_fits(&b.content))
        {
            block.job_aid = Some(true);
            marked += 1;
        }
    }
    let none = BTreeMap::new();
    let (t, pages) = median(|| aid(&course, &none))?;
    let (m, _) = median(|| measured(&course))?;
    println!(
        "large course ({} blocks, {marked} marked): {} ({pages} A4 pages); the check's layout {}",
        course.blocks().count(),
        ms(t),
        ms(m)
    );
    Ok(())
}
