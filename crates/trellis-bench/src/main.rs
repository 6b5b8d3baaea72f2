//! `cargo xtask bench` (or `cargo run --release -p trellis-bench -- [COMMAND]`):
//! benchmarks of Trellis that print Markdown tables for docs/performance.md.
//!
//! Commands:
//!
//! - `store` (the default): the course file on the generated large course —
//!   1,000 lessons, 20,000 blocks, 5,000 questions, 500 images. Phases: create
//!   the course file, open it, apply 10,000 edits (each its own committed
//!   transaction), undo 1,000, export the text format, import it. Peak memory
//!   is the process's high-water mark (VmHWM) after each phase, so it only
//!   grows.
//! - `publish-large`: the large course published to every target, cold (empty
//!   image cache) and warm (see [`publishing`]).
//! - `peer-course [--packages DIR]`: a course shaped like the one the peers
//!   were measured on, published to SCORM 1.2, and the examples to every
//!   target; `--packages` keeps the zips for `tests/perf/paint.mjs`.
//! - `check`: the design check of the large course after one edit, whole
//!   and kept lesson by lesson, as ratios (see [`check`]).
//! - `translate`: XLIFF export and import of one language of the large
//!   course, storing it, and `translate status` (see [`translate`]).
//! - `results [N]`: importing and analysing N generated statements (see
//!   [`results`]).
//! - `publish-child …`: one publish in its own process, so that its peak
//!   memory is its own (used by the two above; not meant to be run by hand).

use std::io::Cursor;
use std::path::Path;
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use trellis_model::sample::{Size, generated_course, image_name};
use trellis_model::{AssetInfo, BlockContent, BlockId, Course, Edit, LessonId};
use trellis_store::CourseFile;

const EDITS: usize = 10_000;
const UNDOS: usize = 1_000;
const OPEN_RUNS: usize = 5;

mod check;
mod jobaid;
mod peer;
mod publishing;
mod results;
mod translate;

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        None | Some("store") => store(),
        Some("publish-large") => publishing::publish_large(),
        Some("peer-course") => publishing::peer_course(&args[1..]),
        Some("publish-child") => publishing::child(&args[1..]),
        Some("check") => check::check(),
        Some("translate") => translate::translate(),
        Some("job-aid") => jobaid::job_aid(),
        Some("results") => results::results(&args[1..]),
        Some(other) => {
            anyhow::bail!(
                "unknown benchmark `{other}`; choose store, publish-large, peer-course, check, translate, job-aid or results"
            )
        }
    }
}

/// The course file on the large course.
fn store() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let course = generated_course(Size::LARGE);
    let assets = images(Size::LARGE.images)?;
    let mut course = course;
    course.assets = assets.iter().map(|(info, _)| info.clone()).collect();

    let mut rows: Vec<(String, String, String)> = Vec::new();
    let mut row = |name: &str, value: String| {
        rows.push((name.to_owned(), value, peak_memory()));
    };

    let path = dir.path().join("large.trellis");
    let t = Instant::now();
    drop(CourseFile::create(&path, &course, assets)?);
    row("create course file", ms(t.elapsed()));
    let size = std::fs::metadata(&path)?.len();

    let mut opens = Vec::new();
    for _ in 0..OPEN_RUNS {
        let t = Instant::now();
        let file = CourseFile::open(&path)?;
        opens.push(t.elapsed());
        drop(file);
    }
    opens.sort();
    row(
        &format!("open (median of {OPEN_RUNS})"),
        ms(opens[OPEN_RUNS / 2]),
    );

    let mut file = CourseFile::open(&path)?;
    let mut latencies = Vec::with_capacity(EDITS);
    let t = Instant::now();
    for i in 0..EDITS {
        let edit = edit_for(file.course(), i);
        let start = Instant::now();
        file.apply(edit).with_context(|| format!("edit {i}"))?;
        latencies.push(start.elapsed());
    }
    let total = t.elapsed();
    latencies.sort();
    row(&format!("{EDITS} edits, total"), ms(total));
    row("one edit, median", ms(percentile(&latencies, 50.0)));
    row(
        "one edit, 99th percentile",
        ms(percentile(&latencies, 99.0)),
    );
    row(
        "one edit, slowest",
        ms(*latencies.last().expect("edits ran")),
    );

    let mut undo = Vec::with_capacity(UNDOS);
    let t = Instant::now();
    for _ in 0..UNDOS {
        let start = Instant::now();
        assert!(file.undo()?, "there is an edit to undo");
        undo.push(start.elapsed());
    }
    let total = t.elapsed();
    undo.sort();
    row(&format!("undo {UNDOS}, total"), ms(total));
    row("one undo, 99th percentile", ms(percentile(&undo, 99.0)));

    let out = dir.path().join("text");
    let t = Instant::now();
    trellis_text::export_dir(
        file.course(),
        &file.comments()?,
        &|asset: &AssetInfo| {
            file.asset_bytes(&asset.name)
                .map_err(|e| std::io::Error::other(e.to_string()))
        },
        &out,
    )?;
    row("export text format", ms(t.elapsed()));
    let t = Instant::now();
    let imported = trellis_text::import_dir(&out)?;
    row("import text format", ms(t.elapsed()));
    assert_eq!(&imported.course, file.course(), "text round trip");

    println!(
        "Large course: {} lessons, {} blocks, {} assets; course file {:.1} MiB after creation.\n",
        course.lessons().count(),
        course.blocks().count(),
        course.assets.len(),
        size as f64 / (1024.0 * 1024.0)
    );
    println!("| measure | time | peak memory so far |");
    println!("| --- | ---: | ---: |");
    for (name, value, mem) in rows {
        println!("| {name} | {value} | {mem} |");
    }
    Ok(())
}

/// A mix of the edits an author makes: retitling, rewriting text, adding,
/// moving and deleting blocks. Deterministic in `i`.
fn edit_for(course: &Course, i: usize) -> Edit {
    let m = i % course.modules.len();
    let module = &course.modules[m];
    let l = (i / 7) % module.lessons.len();
    let lesson = &module.lessons[l];
    match i % 5 {
        0 => Edit::RenameLesson {
            id: lesson.id.clone(),
            title: format!("Lesson {m}.{l}, revision {i}"),
        },
        1 | 2 => {
            let block = lesson
                .blocks
                .iter()
                .find(|b| matches!(b.content, BlockContent::Text { .. }))
                .or(lesson.blocks.first())
                .expect("generated lessons have blocks");
            let mut block = block.clone();
            if let BlockContent::Text { markdown } = &mut block.content {
                *markdown = format!("Revised paragraph {i}: the rule explained again.");
            }
            Edit::UpdateBlock { block }
        }
        3 => Edit::AddBlock {
            lesson: lesson.id.clone(),
            index: lesson.blocks.len() / 2,
            block: trellis_model::Block {
                job_aid: None,
                id: BlockId::new(format!("added-{i}")).expect("valid id"),
                slot: None,
                content: BlockContent::Text {
                    markdown: format!("An added note, number {i}."),
                },
                placeholders: Default::default(),
            },
        },
        _ => {
            let target: &LessonId = &course.modules[(m + 1) % course.modules.len()].lessons[0].id;
            Edit::MoveBlock {
                id: lesson.blocks[lesson.blocks.len() - 1].id.clone(),
                lesson: target.clone(),
                index: 0,
            }
        }
    }
}

/// Distinct small PNG images, as the generated course names them.
pub(crate) fn images(n: usize) -> Result<Vec<(AssetInfo, Vec<u8>)>> {
    (0..n)
        .map(|i| {
            let shade = (i % 251) as u8;
            let img = image::RgbImage::from_fn(64, 48, |x, y| {
                image::Rgb([shade, (x * 4) as u8, (y * 5) as u8 ^ (i / 251) as u8])
            });
            let mut bytes = Cursor::new(Vec::new());
            img.write_to(&mut bytes, image::ImageFormat::Png)?;
            let bytes = bytes.into_inner();
            let name = image_name(i);
            let info = trellis_assets::inspect(&name, &bytes)?;
            Ok((info, bytes))
        })
        .collect()
}

pub(crate) fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let rank = ((p / 100.0) * (sorted.len() as f64 - 1.0)).round() as usize;
    sorted[rank.min(sorted.len() - 1)]
}

pub(crate) fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}

/// The process's peak resident memory so far, from /proc (Linux).
fn peak_memory() -> String {
    peak_memory_kib()
        .map(|kib| format!("{:.0} MiB", kib as f64 / 1024.0))
        .unwrap_or_else(|| "n/a".into())
}

/// The process's peak resident memory so far (VmHWM) in KiB, from /proc.
pub(crate) fn peak_memory_kib() -> Option<u64> {
    let status = std::fs::read_to_string(Path::new("/proc/self/status")).ok()?;
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
}
