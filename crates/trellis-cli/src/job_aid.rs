//! `trellis publish COURSE --target job-aid`: the course's job aid as a zip
//! of PDFs (A4 and US Letter), the phone page and the QR code, in the
//! course's language and in each of its translations.

use std::collections::BTreeMap;
use std::path::PathBuf;

use anyhow::{Context, Result, bail};
use trellis_jobaid::Labels;
use trellis_model::Course;

use crate::source::CourseSource;

pub struct Args {
    pub course: PathBuf,
    pub output: PathBuf,
    /// Only this language (the source's or one of its translations).
    pub lang: Option<String>,
    pub force: bool,
}

/// The zip's files for `course`, each under `prefix`; returns the A4 page
/// count.
pub fn add_files(
    files: &mut BTreeMap<String, Vec<u8>>,
    prefix: &str,
    course: &Course,
    source: &CourseSource,
) -> Result<usize> {
    let aid = trellis_jobaid::build(course);
    let assets = |name: &str| source.asset_bytes(name).ok();
    let out = trellis_jobaid::files(&aid, &Labels::for_language(&course.info.language), &assets)?;
    if !out.missing_characters.is_empty() {
        eprintln!(
            "warning: the job aid's font has no letters for {} ({}); they show as ?",
            out.missing_characters.iter().collect::<String>(),
            course.info.language
        );
    }
    for (name, bytes) in out.files {
        files.insert(format!("{prefix}{name}"), bytes);
    }
    Ok(out.pages)
}

pub fn run(args: Args) -> Result<()> {
    if trellis_publish::output::same_file(&args.output, &args.course) {
        bail!(
            "{} is the course itself; choose another name for the job aid, such as aid.zip",
            args.output.display()
        );
    }
    if args.output.is_dir() {
        bail!(
            "{} is a folder; choose a file name for the job aid, such as aid.zip",
            args.output.display()
        );
    }
    if args.output.exists() && !args.force {
        bail!(
            "{} already exists; choose another name or add --force to replace it",
            args.output.display()
        );
    }
    let source = CourseSource::open(&args.course)?;
    let course = source.course();
    if !trellis_jobaid::has_job_aid(course) {
        bail!(
            "nothing in {} is marked for the job aid; mark a lesson or block for it in the editor \
             or with `job_aid = true` in the text format",
            args.course.display()
        );
    }
    let mut files = BTreeMap::new();
    let mut pages = Vec::new();
    match &args.lang {
        Some(lang) if *lang != course.info.language => {
            let translated = crate::publish::translated(&source, course, lang)?;
            pages.push((
                lang.clone(),
                add_files(&mut files, "", &translated, &source)?,
            ));
        }
        _ => {
            pages.push((
                course.info.language.clone(),
                add_files(&mut files, "", course, &source)?,
            ));
            if args.lang.is_none() {
                for t in source.translations()? {
                    let translated = crate::publish::translated(&source, course, &t.language)?;
                    let prefix = format!("{}/", t.language);
                    pages.push((
                        t.language.clone(),
                        add_files(&mut files, &prefix, &translated, &source)?,
                    ));
                }
            }
        }
    }
    trellis_publish::output::write_file(&args.output, |out| {
        trellis_publish::zipout::write_zip(&files, out, &mut |_| {}).map(|(_, size)| size)
    })
    .with_context(|| format!("could not write {}", args.output.display()))?;
    for (lang, n) in &pages {
        crate::term::outln!(
            "Job aid ({lang}): {n} page{} on A4",
            if *n == 1 { "" } else { "s" }
        );
        if *n > 2 {
            eprintln!(
                "warning: the {lang} job aid runs to {n} pages; a job aid is easiest to use on one \
                 or two. Mark fewer blocks for it."
            );
        }
    }
    crate::term::outln!("Wrote {} ({} files)", args.output.display(), files.len());
    Ok(())
}
