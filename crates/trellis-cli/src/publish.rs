//! `trellis publish`: a course to a package, with a progress bar on a
//! terminal and a summary of what was written.

use std::borrow::Cow;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use trellis_model::Course;
use trellis_publish::{Progress, PublishOptions, Report, Target};

use crate::source::CourseSource;

pub struct Args {
    pub course: PathBuf,
    pub target: Target,
    pub output: PathBuf,
    pub folder: bool,
    pub theme: Option<PathBuf>,
    pub allow_state_overflow: bool,
    /// Overrides the course's reporting setting for this package only.
    pub reporting: Option<trellis_model::Reporting>,
    /// Publish in this target language, or `all`: every language in one
    /// package, opening in the learner's.
    pub lang: Option<String>,
    pub force: bool,
}

pub fn run(args: Args) -> Result<()> {
    if trellis_publish::output::same_file(&args.output, &args.course) {
        bail!(
            "{} is the course itself; publishing there would replace the course with the \
             package. Choose another name for the package, such as course.zip",
            args.output.display()
        );
    }
    // Ctrl-C (or a terminal closing) removes the hidden package being
    // built, instead of leaving it beside the destination.
    let _ = ctrlc::set_handler(|| {
        trellis_publish::output::remove_unfinished();
        crate::term::errln!("\nStopped; nothing was published.");
        std::process::exit(130);
    });
    let source = CourseSource::open(&args.course)?;
    let mut options = PublishOptions::new(args.target);
    options.theme_dir = args.theme.clone();
    options.allow_state_overflow = args.allow_state_overflow;
    options.image_cache = trellis_app::folders::image_cache_dir();
    // The override changes this package only, never the course file.
    let course = match args.reporting {
        Some(reporting) if reporting != source.course().info.reporting => {
            let mut course = source.course().clone();
            course.info.reporting = reporting;
            Cow::Owned(course)
        }
        _ => Cow::Borrowed(source.course()),
    };
    let course = match &args.lang {
        Some(lang) if lang == "all" => {
            let translations = source.translations()?;
            if translations.is_empty() {
                bail!(
                    "the course has no translations, so `--lang all` would publish only {}; import one with `trellis translate import`",
                    course.info.language
                );
            }
            for t in &translations {
                options
                    .languages
                    .push(translated(&source, &course, &t.language)?);
            }
            course
        }
        Some(lang) if *lang != course.info.language => {
            Cow::Owned(translated(&source, &course, lang)?)
        }
        _ => course,
    };
    let assets = |name: &str| source.asset_bytes(name);
    let mut bar = Bar::new();
    let report = if args.folder {
        trellis_publish::publish_dir(&course, &assets, &options, &args.output, &mut |p| {
            bar.show(p)
        })
        .with_context(|| format!("could not publish to {}", args.output.display()))?
    } else {
        write_zip(&args, &source, &course, &options, &mut bar)?
    };
    bar.finish();
    crate::term::out!("{}", summary(&report, &args.output));
    Ok(())
}

/// The course in `lang`, with a warning for every unit left in the source
/// language or translated from an older source.
pub(crate) fn translated(source: &CourseSource, course: &Course, lang: &str) -> Result<Course> {
    let Some(translation) = source.translation(lang)? else {
        let have = source
            .translations()?
            .into_iter()
            .map(|t| t.language)
            .collect::<Vec<_>>();
        bail!(
            "the course has no {lang} translation (it has: {}); import one with `trellis translate import`",
            if have.is_empty() {
                "none".to_owned()
            } else {
                have.join(", ")
            }
        );
    };
    let units = trellis_translate::unit_hashes(course);
    let status = trellis_translate::status(&units, &translation);
    let (out, missing) = trellis_translate::translated_course(course, &translation);
    if !missing.is_empty() {
        eprintln!(
            "warning: {} of {} units have no {lang} translation and stay in {}",
            missing.len(),
            units.len(),
            course.info.language
        );
    }
    if status.stale > 0 {
        eprintln!(
            "warning: {} {lang} translations were made from an older source text (run `trellis translate status`)",
            status.stale
        );
    }
    Ok(out)
}

/// Writes the zip under a fresh hidden name beside its destination, then
/// renames it into place ([`trellis_publish::output::write_file`]), so a
/// failed or interrupted publish never leaves a half-written package behind.
fn write_zip(
    args: &Args,
    source: &CourseSource,
    course: &Course,
    options: &PublishOptions,
    bar: &mut Bar,
) -> Result<Report> {
    if args.output.is_dir() {
        bail!(
            "{} is a folder; choose a file name for the package, such as course.zip, or add \
             --folder to publish the files into a folder",
            args.output.display()
        );
    }
    if args.output.exists() && !args.force {
        bail!(
            "{} already exists; choose another name or add --force to replace it",
            args.output.display()
        );
    }
    let assets = |name: &str| source.asset_bytes(name);
    trellis_publish::output::write_file(&args.output, |out| {
        trellis_publish::publish(course, &assets, options, out, &mut |p| bar.show(p))
    })
    .with_context(|| format!("could not publish {}", args.course.display()))
}

fn summary(report: &Report, output: &Path) -> String {
    let mut out = format!(
        "Published {} package to {}: {} files, {} uncompressed, {} zipped, in {:.0} ms.\n",
        report.target.as_str(),
        output.display(),
        report.file_count,
        bytes(report.uncompressed_size),
        bytes(report.zip_size),
        report.elapsed.as_secs_f64() * 1000.0
    );
    if let Some((worst, limit)) = report.state {
        out.push_str(&format!(
            "Saved learner state: at most {worst} of the {limit} characters the LMS keeps.\n"
        ));
    }
    let images = &report.images;
    if images.images > 0 {
        out.push_str(&format!(
            "Images: {} ({} resized, {} from cache, {} saved).\n",
            images.images,
            images.resized,
            images.from_cache,
            bytes(images.bytes_saved)
        ));
    }
    for w in &report.warnings {
        out.push_str(&format!("warning [{}]: {}\n", w.code, w.message));
    }
    out
}

fn bytes(n: u64) -> String {
    if n >= 1024 * 1024 {
        format!("{:.2} MiB", n as f64 / (1024.0 * 1024.0))
    } else {
        format!("{:.1} KiB", n as f64 / 1024.0)
    }
}

/// A one-line progress bar on stderr, drawn only when stderr is a terminal.
struct Bar {
    on: bool,
    drawn: bool,
}

impl Bar {
    fn new() -> Self {
        Self {
            on: std::io::stderr().is_terminal(),
            drawn: false,
        }
    }

    fn show(&mut self, p: Progress) {
        if !self.on {
            return;
        }
        const WIDTH: usize = 30;
        let filled = (p.done * WIDTH)
            .checked_div(p.total)
            .unwrap_or(0)
            .min(WIDTH);
        let item: String = crate::term::line(&p.item.chars().take(30).collect::<String>());
        let mut err = std::io::stderr().lock();
        let _ = write!(
            err,
            "\r\x1b[2K[{}{}] {}/{} {} {}",
            "#".repeat(filled),
            " ".repeat(WIDTH - filled),
            p.done,
            p.total,
            p.step.label(),
            item
        );
        let _ = err.flush();
        self.drawn = true;
    }

    fn finish(&mut self) {
        if self.drawn {
            crate::term::err!("\r\x1b[2K");
        }
    }
}
