//! `translate`: translation of the large course — XLIFF export and import
//! of one language (2.0 and 1.2), storing it in the course file, and the
//! status of every language, in process and as `trellis translate status`
//! would compute it (open the file, read its translations, compare).

use std::time::{Duration, Instant};

use anyhow::Result;
use trellis_model::sample::{Size, generated_course};
use trellis_store::CourseFile;
use trellis_translate::xliff::{Version, export};

use crate::ms;

const RUNS: usize = 5;

/// The median of `RUNS` runs of `f`.
fn median<T>(mut f: impl FnMut() -> Result<T>) -> Result<(Duration, T)> {
    let mut times = Vec::with_capacity(RUNS);
    let mut last = None;
    for _ in 0..RUNS {
        let t = Instant::now();
        let out = f()?;
        times.push(t.elapsed());
        last = Some(out);
    }
    times.sort();
    Ok((times[RUNS / 2], last.expect("RUNS > 0")))
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
            ms(t),
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
            ms(t),
        ));
    }
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("large.trellis");
    let mut file = CourseFile::create(&path, &course, [])?;
    let (t, ()) = median(|| Ok(file.set_translation(&done)?))?;
    rows.push(("store one language in the course file".into(), ms(t)));
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
    rows.push(("status of 2 languages, course in memory".into(), ms(t)));
    let (t, ()) = median(|| {
        let file = CourseFile::open_read_only(&path)?;
        let u = trellis_translate::unit_hashes(file.course());
        for tr in file.translations()? {
            std::hint::black_box(trellis_translate::status(&u, &tr));
        }
        Ok(())
    })?;
    rows.push((
        "status of 2 languages: open the file, read, compare".into(),
        ms(t),
    ));

    println!("Large course: {units} units. Median of {RUNS} runs.\n");
    println!("| step | time |\n| --- | ---: |");
    for (name, value) in rows {
        println!("| {name} | {value} |");
    }
    Ok(())
}
