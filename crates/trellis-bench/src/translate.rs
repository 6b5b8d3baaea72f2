//! `translate`: translation of the large course — XLIFF export and import
//! of one language (2.0 and 1.2), storing it in the course file, and the
//! status of every language, in process and as `trellis translate status`
//! computes it (the source hashes the course file keeps, and the
//! translations' hashes).

use std::time::{Duration, Instant};

use anyhow::Result;
use trellis_model::sample::{Size, generated_course};
use trellis_store::{CourseFile, TranslationStatus};
use trellis_translate::xliff::{Version, export};

use crate::ms;

const RUNS: usize = 5;

/// The time this thread has spent on a CPU, from /proc/thread-self/schedstat
/// (Linux): what a step costs when other processes share the cores.
fn cpu_time() -> Duration {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse().ok())
        .map(Duration::from_nanos)
        .unwrap_or_default()
}

/// A step's median wall-clock and on-CPU times over `RUNS` runs.
#[derive(Clone, Copy)]
struct Timing {
    wall: Duration,
    cpu: Duration,
}

impl Timing {
    fn cells(self) -> String {
        format!("{} | {}", ms(self.wall), ms(self.cpu))
    }
}

/// The median of `RUNS` runs of `f` (each of the wall-clock and CPU times).
fn median<T>(mut f: impl FnMut() -> Result<T>) -> Result<(Timing, T)> {
    let mut walls = Vec::with_capacity(RUNS);
    let mut cpus = Vec::with_capacity(RUNS);
    let mut last = None;
    for _ in 0..RUNS {
        let (t, c) = (Instant::now(), cpu_time());
        let out = f()?;
        walls.push(t.elapsed());
        cpus.push(cpu_time().saturating_sub(c));
        last = Some(out);
    }
    walls.sort();
    cpus.sort();
    let timing = Timing {
        wall: walls[RUNS / 2],
        cpu: cpus[RUNS / 2],
    };
    Ok((timing, last.expect("RUNS > 0")))
}

pub(crate) fn translate() -> Result<()> {
    let course = generated_course(Size::LARGE);
    let units = trellis_translate::units(&course).len();
    let done = trellis_translate::pseudo(&course, "fr");
    let empty = trellis_model::Translation::new("fr");
    let mut rows: Vec<(String, String)> = Vec::new();
    for version in [Version::V2_0, Version::V1_2] {
        let v = version.as_str();
        let (t, (xml, _)) = median(|| Ok(export(&course, &empty, version, false)?))?;
        rows.push((
            format!(
                "export XLIFF {v}, nothing translated ({} MB)",
                xml.len() / 1_000_000
            ),
            t.cells(),
        ));
        let (_, (full, _)) = median(|| Ok(export(&course, &done, version, false)?))?;
        let (t, imported) =
            median(|| Ok(trellis_translate::import::import(&course, None, &full)?))?;
        assert_eq!(imported.translation.units.len(), units);
        rows.push((
            format!(
                "import XLIFF {v}, every unit translated ({} MB)",
                full.len() / 1_000_000
            ),
            t.cells(),
        ));
    }
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("large.trellis");
    let mut file = CourseFile::create(&path, &course, [])?;
    let (t, ()) = median(|| Ok(file.set_translation(&done)?))?;
    rows.push(("store one language in the course file".into(), t.cells()));
    let mut de = trellis_translate::pseudo(&course, "de");
    de.units.retain(|id, _| id.len() % 3 != 0);
    file.set_translation(&de)?;
    drop(file);
    let (t, ()) = median(|| {
        let u = trellis_translate::unit_hashes(&course);
        for tr in [&done, &de] {
            std::hint::black_box(trellis_translate::status(&u, tr));
        }
        Ok(())
    })?;
    rows.push(("status of 2 languages, course in memory".into(), t.cells()));
    let (t, ()) = median(|| {
        std::hint::black_box(CourseFile::open_read_only(&path)?);
        Ok(())
    })?;
    rows.push((
        "open the course file only (the whole course read from SQLite)".into(),
        t.cells(),
    ));
    let (t, ()) = median(|| {
        let file = CourseFile::open_read_only(&path)?;
        let u = trellis_translate::unit_hashes(file.course());
        for tr in file.translation_hashes()? {
            std::hint::black_box(trellis_translate::status(&u, &tr));
        }
        Ok(())
    })?;
    rows.push((
        "status of 2 languages from a file an older Trellis wrote: open it, hash the course, read the translations' hashes, compare".into(),
        t.cells(),
    ));
    let (t, ()) = median(|| {
        std::hint::black_box(
            TranslationStatus::read(&path)?.expect("the file keeps its source hashes"),
        );
        Ok(())
    })?;
    rows.push((
        "status of 2 languages as `trellis translate status`: counted by SQLite from the kept source hashes and the translations' hashes".into(),
        t.cells(),
    ));

    println!("Large course: {units} units. Median of {RUNS} runs.\n");
    println!("| step | wall clock | on a CPU |\n| --- | ---: | ---: |");
    for (name, value) in rows {
        println!("| {name} | {value} |");
    }
    Ok(())
}
