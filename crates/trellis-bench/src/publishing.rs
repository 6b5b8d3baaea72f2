//! Publishing benchmarks.
//!
//! Every measured publish runs in its own child process (this binary, run as
//! `publish-child`), as `trellis publish` would: the child opens the course
//! file, publishes it to a zip on disk (fsynced, as the CLI does) and reports
//! the time of the `publish` call and its own peak resident memory (VmHWM
//! from /proc/self/status, read at the end). The parent also times the whole
//! child process, start to exit. So peak memory is per publish, never
//! inflated by generating the course or by an earlier target.
//!
//! - "cold": a new, empty image cache, so every image is decoded, re-encoded
//!   and written to the cache;
//! - "warm": the cache a cold publish filled, as on every publish after the
//!   first.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{BufWriter, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use trellis_model::Course;
use trellis_model::sample::{Size, generated_course};
use trellis_publish::{PublishOptions, Target};
use trellis_store::CourseFile;

use crate::{images, ms, peak_memory_kib, peer, percentile};

const TARGETS: [Target; 5] = [
    Target::Scorm12,
    Target::Scorm2004,
    Target::Cmi5,
    Target::Xapi,
    Target::Web,
];
/// Child processes per target and cache state for the large course.
const LARGE_RUNS: usize = 3;
/// Child processes (warm) for the peer-shaped course.
const PEER_RUNS: usize = 7;
/// In-process publishes per example and target (after one to warm the cache).
const EXAMPLE_RUNS: usize = 5;

/// The peers' figures as the issue records them (measured earlier on this
/// kind of machine; not re-run here).
struct Peer {
    name: &'static str,
    seconds: f64,
    memory_mb: Option<f64>,
    zip_mb: f64,
    js_css_mb: Option<f64>,
}

const PEERS: [Peer; 3] = [
    Peer {
        name: "LiaScript exporter",
        seconds: 4.8,
        memory_mb: Some(266.0),
        zip_mb: 7.65,
        js_css_mb: Some(20.0),
    },
    Peer {
        name: "Adapt (warm build)",
        seconds: 9.8,
        memory_mb: Some(410.0),
        zip_mb: 1.14,
        js_css_mb: Some(2.5),
    },
    Peer {
        name: "static page (pandoc + packager)",
        seconds: 0.5,
        memory_mb: None,
        zip_mb: 0.44,
        js_css_mb: None,
    },
];

// ---------------------------------------------------------------- the child

/// `publish-child --course FILE --target T --cache DIR --out ZIP [--runs N]
/// [--allow-state-overflow]`: prints one `RESULT key=value …` line.
pub fn child(args: &[String]) -> Result<()> {
    let mut course = None;
    let mut target = None;
    let mut cache = None;
    let mut out = None;
    let mut runs = 1usize;
    let mut allow = false;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let mut value = || it.next().cloned().context("a value after the option");
        match a.as_str() {
            "--course" => course = Some(PathBuf::from(value()?)),
            "--target" => target = Some(value()?.parse::<Target>().map_err(anyhow::Error::msg)?),
            "--cache" => cache = Some(PathBuf::from(value()?)),
            "--out" => out = Some(PathBuf::from(value()?)),
            "--runs" => runs = value()?.parse()?,
            "--allow-state-overflow" => allow = true,
            other => bail!("unknown option `{other}`"),
        }
    }
    let (course, target, out) = (
        course.context("--course")?,
        target.context("--target")?,
        out.context("--out")?,
    );
    let t = Instant::now();
    let file = CourseFile::open(&course)?;
    let open = t.elapsed();
    let mut options = PublishOptions::new(target);
    options.image_cache = cache;
    options.allow_state_overflow = allow;
    let assets = |name: &str| {
        file.asset_bytes(name)
            .map_err(|e| std::io::Error::other(e.to_string()))
    };
    let mut times = Vec::new();
    let mut report = None;
    for _ in 0..runs.max(1) {
        let t = Instant::now();
        let mut w = BufWriter::new(File::create(&out)?);
        let r = trellis_publish::publish(file.course(), &assets, &options, &mut w, &mut |_| {})?;
        let f = w.into_inner().map_err(|e| e.into_error())?;
        f.sync_all()?;
        times.push(t.elapsed());
        report = Some(r);
    }
    let report = report.expect("one publish ran");
    let image_bytes: u64 = report
        .files
        .iter()
        .filter(|f| is_image(&f.path))
        .map(|f| f.size)
        .sum();
    let warnings: Vec<&str> = report.warnings.iter().map(|w| w.code).collect();
    println!(
        "RESULT open_us={} publish_us={} zip={} images={} image_files={} from_cache={} files={} warnings={} state={} hwm_kib={}",
        open.as_micros(),
        times
            .iter()
            .map(|t| t.as_micros().to_string())
            .collect::<Vec<_>>()
            .join(","),
        report.zip_size,
        image_bytes,
        report.images.images,
        report.images.from_cache,
        report.file_count,
        if warnings.is_empty() {
            "-".into()
        } else {
            warnings.join(",")
        },
        report
            .state
            .map(|(worst, limit)| format!("{worst}/{limit}"))
            .unwrap_or_else(|| "-".into()),
        peak_memory_kib().unwrap_or(0)
    );
    Ok(())
}

fn is_image(path: &str) -> bool {
    let ext = path.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
    matches!(
        ext.as_deref(),
        Some("png" | "jpg" | "jpeg" | "gif" | "webp" | "svg")
    )
}

/// What one child reported, with the wall time of the whole process.
#[derive(Debug, Clone)]
struct Run {
    wall: Duration,
    publishes: Vec<Duration>,
    zip: u64,
    image_bytes: u64,
    from_cache: usize,
    image_files: usize,
    warnings: String,
    /// Worst-case saved state / the target's limit, in characters.
    state: String,
    hwm_kib: u64,
}

fn run_child(course: &Path, target: Target, cache: &Path, out: &Path, allow: bool) -> Result<Run> {
    let exe = std::env::current_exe()?;
    let mut cmd = Command::new(exe);
    cmd.arg("publish-child")
        .arg("--course")
        .arg(course)
        .args(["--target", target.as_str()])
        .arg("--cache")
        .arg(cache)
        .arg("--out")
        .arg(out);
    if allow {
        cmd.arg("--allow-state-overflow");
    }
    let t = Instant::now();
    let output = cmd.stderr(Stdio::inherit()).output()?;
    let wall = t.elapsed();
    if !output.status.success() {
        bail!(
            "publish-child {} failed ({})",
            target.as_str(),
            output.status
        );
    }
    let stdout = String::from_utf8_lossy(&output.stdout);
    let line = stdout
        .lines()
        .find_map(|l| l.strip_prefix("RESULT "))
        .context("publish-child printed no RESULT")?;
    let kv: BTreeMap<&str, &str> = line.split(' ').filter_map(|p| p.split_once('=')).collect();
    let get = |k: &str| -> Result<&str> { kv.get(k).copied().with_context(|| format!("no {k}")) };
    Ok(Run {
        wall,
        publishes: get("publish_us")?
            .split(',')
            .map(|v| v.parse().map(Duration::from_micros))
            .collect::<Result<_, _>>()?,
        zip: get("zip")?.parse()?,
        image_bytes: get("images")?.parse()?,
        from_cache: get("from_cache")?.parse()?,
        image_files: get("image_files")?.parse()?,
        warnings: get("warnings")?.to_owned(),
        state: get("state")?.to_owned(),
        hwm_kib: get("hwm_kib")?.parse()?,
    })
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    percentile(&v, 50.0)
}

fn mb(bytes: u64) -> String {
    format!("{:.2} MB", bytes as f64 / 1e6)
}

fn kb(bytes: u64) -> String {
    format!("{:.1} KB", bytes as f64 / 1e3)
}

fn mem(kib: u64) -> String {
    format!("{:.0} MB", kib as f64 * 1024.0 / 1e6)
}

fn secs(d: Duration) -> String {
    if d < Duration::from_secs(1) {
        ms(d)
    } else {
        format!("{:.2} s", d.as_secs_f64())
    }
}

fn machine() -> String {
    let cpu = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let model = cpu
        .lines()
        .find_map(|l| l.strip_prefix("model name"))
        .and_then(|l| l.split_once(':'))
        .map(|(_, m)| m.trim().to_owned())
        .unwrap_or_else(|| "unknown CPU".into());
    let cores = cpu.lines().filter(|l| l.starts_with("processor")).count();
    let mem = std::fs::read_to_string("/proc/meminfo")
        .unwrap_or_default()
        .lines()
        .find_map(|l| l.strip_prefix("MemTotal:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map(|kib| format!("{:.0} GiB", kib / 1024.0 / 1024.0))
        .unwrap_or_default();
    let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    format!(
        "{cores} × {model}, {mem} RAM, load average {}",
        load.split(' ').next().unwrap_or("?")
    )
}

// ------------------------------------------------------------- large course

/// `publish-large`: the large generated course to every target.
pub fn publish_large() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let mut course = generated_course(Size::LARGE);
    let assets = images(Size::LARGE.images)?;
    course.assets = assets.iter().map(|(info, _)| info.clone()).collect();
    let path = dir.path().join("large.trellis");
    drop(CourseFile::create(&path, &course, assets)?);
    let file_size: u64 = std::fs::metadata(&path)?.len();

    println!("Machine: {}.", machine());
    println!(
        "Large course: {} lessons, {} blocks, {} images; course file {}. Every target is \
         published with allow_state_overflow (the course's worst-case saved state exceeds the \
         SCORM limits). Median of {LARGE_RUNS} processes each; peak memory is the largest of them.\n",
        course.lessons().count(),
        course.blocks().count(),
        course.assets.len(),
        mb(file_size)
    );
    println!(
        "| target | publish, cold cache | publish, warm cache | whole process, warm | zip | peak memory, cold | peak memory, warm | worst-case state / limit | warnings |"
    );
    println!("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |");
    for target in TARGETS {
        let out = dir.path().join(format!("large.{}.zip", target.as_str()));
        let mut cold = Vec::new();
        let mut cache = PathBuf::new();
        for i in 0..LARGE_RUNS {
            cache = dir.path().join(format!("cache-{}-{i}", target.as_str()));
            std::fs::create_dir_all(&cache)?;
            let run = run_child(&path, target, &cache, &out, true)?;
            if run.from_cache != 0 {
                bail!("a cold publish found images in its cache");
            }
            cold.push(run);
        }
        let mut warm = Vec::new();
        for _ in 0..LARGE_RUNS {
            let run = run_child(&path, target, &cache, &out, true)?;
            if run.from_cache != run.image_files {
                bail!(
                    "a warm publish processed images ({} of {} from the cache)",
                    run.from_cache,
                    run.image_files
                );
            }
            warm.push(run);
        }
        println!(
            "| {} | {} | {} | {} | {} | {} | {} | {} | {} |",
            target.as_str(),
            secs(median(cold.iter().map(|r| r.publishes[0]).collect())),
            secs(median(warm.iter().map(|r| r.publishes[0]).collect())),
            secs(median(warm.iter().map(|r| r.wall).collect())),
            mb(warm[0].zip),
            mem(cold.iter().map(|r| r.hwm_kib).max().unwrap_or(0)),
            mem(warm.iter().map(|r| r.hwm_kib).max().unwrap_or(0)),
            warm[0].state,
            warm[0].warnings,
        );
    }
    println!("\nTarget: the large course published in under 5 s with images cached.");
    Ok(())
}

// ------------------------------------------------------ peer-shaped course

/// `gzip -9n` size of `bytes` (as `gzip-size` and most bundle reports count).
fn gzip_len(bytes: &[u8]) -> Result<u64> {
    let mut child = Command::new("gzip")
        .arg("-9nc")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .context("could not run gzip")?;
    let mut stdin = child.stdin.take().expect("piped");
    let input = bytes.to_vec();
    let writer = std::thread::spawn(move || stdin.write_all(&input));
    let mut out = Vec::new();
    child.stdout.take().expect("piped").read_to_end(&mut out)?;
    writer.join().expect("writer thread")?;
    if !child.wait()?.success() {
        bail!("gzip failed");
    }
    Ok(out.len() as u64)
}

/// The player's own code (`trellis.js`, and its CSS inlined in the page) for `target`: raw
/// and gzipped sizes of both together, and the launch page's.
struct Player {
    raw: u64,
    gzip: u64,
    js_gzip: u64,
    css_gzip: u64,
    page_raw: u64,
    page_gzip: u64,
}

fn player(course: &Course, target: Target) -> Result<Player> {
    let site = trellis_render::render(course, &trellis_render::RenderOptions::new(target))?;
    let file = |name: &str| -> Result<&Vec<u8>> {
        site.files
            .get(name)
            .with_context(|| format!("the site has no {name}"))
    };
    let (js, css, page) = (
        file("trellis.js")?,
        trellis_render::inline_css(&site).as_bytes(),
        file("index.html")?,
    );
    let (js_gzip, css_gzip) = (gzip_len(js)?, gzip_len(css)?);
    Ok(Player {
        raw: (js.len() + css.len()) as u64,
        gzip: js_gzip + css_gzip,
        js_gzip,
        css_gzip,
        page_raw: page.len() as u64,
        page_gzip: gzip_len(page)?,
    })
}

fn ratio(ours: f64, theirs: f64) -> String {
    let r = ours / theirs;
    if r < 0.01 {
        format!("{r:.4}")
    } else {
        format!("{r:.3}")
    }
}

/// `peer-course [--packages DIR]`: the peer-shaped course to SCORM 1.2, then
/// the examples to every target.
pub fn peer_course(args: &[String]) -> Result<()> {
    let packages = match args {
        [] => None,
        [flag, dir] if flag == "--packages" => Some(PathBuf::from(dir)),
        _ => bail!("usage: peer-course [--packages DIR]"),
    };
    if let Some(p) = &packages {
        std::fs::create_dir_all(p)?;
    }
    let dir = tempfile::tempdir()?;
    let mut course = peer::course();
    let photos = peer::photos()?;
    let photo_bytes: u64 = photos.iter().map(|(_, b)| b.len() as u64).sum();
    course.assets = photos.iter().map(|(info, _)| info.clone()).collect();
    let path = dir.path().join("peer.trellis");
    drop(CourseFile::create(&path, &course, photos)?);

    let target = Target::Scorm12;
    let cache = dir.path().join("cache");
    std::fs::create_dir_all(&cache)?;
    let out = dir.path().join("peer.scorm12.zip");
    let cold = run_child(&path, target, &cache, &out, false)?;
    let mut warm = Vec::new();
    for _ in 0..PEER_RUNS {
        warm.push(run_child(&path, target, &cache, &out, false)?);
    }
    if let Some(p) = &packages {
        std::fs::copy(&out, p.join("peer-course.scorm12.zip"))?;
        let file = CourseFile::open(&path)?;
        let assets = |name: &str| {
            file.asset_bytes(name)
                .map_err(|e| std::io::Error::other(e.to_string()))
        };
        let mut options = PublishOptions::new(Target::Web);
        options.image_cache = Some(cache.clone());
        let (zip, _) = trellis_publish::publish_to_vec(&course, &assets, &options)?;
        std::fs::write(p.join("peer-course.web.zip"), zip)?;
    }
    let publish = median(warm.iter().map(|r| r.publishes[0]).collect());
    let wall = median(warm.iter().map(|r| r.wall).collect());
    let hwm = warm.iter().map(|r| r.hwm_kib).max().unwrap_or(0);
    let zip = warm[0].zip;
    let not_images = zip - warm[0].image_bytes;
    let p = player(&course, target)?;

    println!("Machine: {}.", machine());
    println!(
        "Peer-shaped course: {} sections, {} quiz questions, {} photo-like JPEGs of {} together \
         ({} after publishing); SCORM 1.2. Publish times: median of {PEER_RUNS} processes with a \
         warm image cache (cold: one process, empty cache).\n",
        course.lessons().count(),
        course
            .blocks()
            .filter(|(_, b)| b.question().is_some())
            .count(),
        course.assets.len(),
        kb(photo_bytes),
        kb(warm[0].image_bytes),
    );
    let peer_cols: String = PEERS.iter().map(|p| format!(" {} |", p.name)).collect();
    let ratio_cols: String = PEERS.iter().map(|p| format!(" ÷ {} |", p.name)).collect();
    println!("| measure | Trellis | target |{peer_cols}{ratio_cols}");
    println!("| --- | ---: | ---: |{}", " ---: |".repeat(PEERS.len() * 2));
    let row = |name: &str,
               ours: String,
               target: &str,
               ours_n: Option<f64>,
               theirs: &dyn Fn(&Peer) -> Option<f64>,
               unit: &dyn Fn(f64) -> String| {
        let mut s = format!("| {name} | {ours} | {target} |");
        for peer in &PEERS {
            s.push_str(&format!(
                " {} |",
                theirs(peer).map(unit).unwrap_or_else(|| "—".into())
            ));
        }
        for peer in &PEERS {
            let r = match (ours_n, theirs(peer)) {
                (Some(o), Some(t)) => ratio(o, t),
                _ => "—".into(),
            };
            s.push_str(&format!(" {r} |"));
        }
        println!("{s}");
    };
    let none = |_: &Peer| None;
    let s_unit = |v: f64| format!("{v} s");
    let mb_unit = |v: f64| format!("{v} MB");
    row(
        "publish, whole process (start → zip on disk → exit)",
        secs(wall),
        "< 0.1 s",
        Some(wall.as_secs_f64()),
        &|p: &Peer| Some(p.seconds),
        &s_unit,
    );
    row(
        "publish call, warm cache",
        secs(publish),
        "",
        None,
        &none,
        &s_unit,
    );
    row(
        "publish call, cold cache",
        secs(cold.publishes[0]),
        "",
        None,
        &none,
        &s_unit,
    );
    row(
        "peak memory (VmHWM)",
        mem(hwm),
        "",
        Some(hwm as f64 * 1024.0 / 1e6),
        &|p: &Peer| p.memory_mb,
        &mb_unit,
    );
    row(
        "zip",
        format!("{} ({zip} B)", kb(zip)),
        "< 500 KB",
        Some(zip as f64 / 1e6),
        &|p: &Peer| Some(p.zip_mb),
        &mb_unit,
    );
    row(
        "zip bytes that are not images",
        kb(not_images),
        "< 60 KB",
        None,
        &none,
        &mb_unit,
    );
    row(
        "player JS+CSS, raw",
        kb(p.raw),
        "",
        Some(p.raw as f64 / 1e6),
        &|p: &Peer| p.js_css_mb,
        &mb_unit,
    );
    row(
        "player JS+CSS, gzip -9",
        format!(
            "{} (JS {}, CSS {})",
            kb(p.gzip),
            kb(p.js_gzip),
            kb(p.css_gzip)
        ),
        "< 40 KB",
        None,
        &none,
        &mb_unit,
    );
    row(
        "launch page (index.html: all text + course data)",
        format!("{} ({} gzipped)", kb(p.page_raw), kb(p.page_gzip)),
        "",
        None,
        &none,
        &mb_unit,
    );
    println!(
        "\nPeak memory per run: {}. Cold publish: {} (whole process {}).\n",
        warm.iter()
            .map(|r| mem(r.hwm_kib))
            .collect::<Vec<_>>()
            .join(", "),
        secs(cold.publishes[0]),
        secs(cold.wall)
    );
    examples(packages.as_deref())
}

/// The examples to every target, in process, with a warm image cache.
fn examples(packages: Option<&Path>) -> Result<()> {
    let root = std::path::PathBuf::from(
        std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"),
    )
    .join("../../examples");
    let mut names: Vec<String> = std::fs::read_dir(&root)
        .with_context(|| format!("could not list {}", root.display()))?
        .filter_map(|e| e.ok())
        .filter(|e| e.path().join("course.toml").exists())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    let cache = tempfile::tempdir()?;
    println!(
        "Examples (warm image cache; publish time is the median of {EXAMPLE_RUNS} in-process publishes):\n"
    );
    println!(
        "| example | target | publish | zip | not images | images | player JS+CSS raw | player JS+CSS gzip -9 |"
    );
    println!("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |");
    for name in names {
        let imported = trellis_text::import_dir(&root.join(&name))?;
        let bytes: BTreeMap<String, Vec<u8>> = imported
            .assets
            .iter()
            .map(|(info, b)| (info.name.clone(), b.clone()))
            .collect();
        for target in TARGETS {
            let mut options = PublishOptions::new(target);
            options.image_cache = Some(cache.path().to_path_buf());
            let (zip, _) = trellis_publish::publish_to_vec(&imported.course, &bytes, &options)?;
            let mut times = Vec::new();
            let mut report = None;
            for _ in 0..EXAMPLE_RUNS {
                let t = Instant::now();
                let r = trellis_publish::publish_to_vec(&imported.course, &bytes, &options)?;
                times.push(t.elapsed());
                report = Some(r.1);
            }
            let report = report.expect("publishes ran");
            let images: u64 = report
                .files
                .iter()
                .filter(|f| is_image(&f.path))
                .map(|f| f.size)
                .sum();
            let p = player(&imported.course, target)?;
            println!(
                "| {name} | {} | {} | {} | {} | {} | {} | {} |",
                target.as_str(),
                ms(median(times)),
                kb(report.zip_size),
                kb(report.zip_size - images),
                kb(images),
                kb(p.raw),
                kb(p.gzip)
            );
            if let Some(dir) = packages
                && matches!(target, Target::Scorm12 | Target::Web)
            {
                std::fs::write(dir.join(format!("{name}.{}.zip", target.as_str())), zip)?;
            }
        }
    }
    Ok(())
}
