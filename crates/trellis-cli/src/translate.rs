//! `trellis translate`: export a language for translators (XLIFF 2.0 or
//! 1.2), import a translated file, show how far each language is, and fill
//! a language with pseudo-translation.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use clap::{Subcommand, ValueEnum};
use serde::Serialize;
use trellis_model::Translation;
use trellis_store::TranslationStatus;
use trellis_translate::import::Outcome;
use trellis_translate::xliff::Version;

use crate::Format;
use crate::source::CourseSource;
use crate::term;

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum XliffVersion {
    #[value(name = "2.0")]
    V20,
    #[value(name = "1.2")]
    V12,
}

#[derive(Subcommand)]
pub enum TranslateCommand {
    /// Write a language's units as XLIFF for a translator or translation tool.
    #[command(
        after_help = "Examples:\n  trellis translate export phishing.trellis --lang fr -o phishing.fr.xlf\n  \
        trellis translate export phishing.trellis --lang de --xliff 1.2 -o phishing.de.xlf\n  \
        trellis translate export phishing.trellis --lang fr --changed -o phishing.fr-update.xlf\n\n\
        Units already translated carry their translation as the target; with --changed only new \
        and changed units are written. Markdown formatting becomes inline codes the translator \
        keeps; notes say where each text appears and any length limit."
    )]
    Export {
        course: PathBuf,
        /// The target language (a language tag such as fr, de, pt-BR).
        #[arg(long)]
        lang: String,
        /// The XLIFF file to write.
        #[arg(long, short)]
        output: PathBuf,
        /// XLIFF version: 2.0, or 1.2 for tools that only read 1.2.
        #[arg(long, value_enum, default_value = "2.0")]
        xliff: XliffVersion,
        /// Only units not yet translated or whose source changed since.
        #[arg(long)]
        changed: bool,
        /// Give each untranslated unit a target that copies its source, marked
        /// not translated yet: for tools, such as OmegaT, that translate the
        /// target in place.
        #[arg(long)]
        prefill: bool,
        /// Replace the output file if it exists.
        #[arg(long)]
        force: bool,
    },
    /// Read a translated XLIFF file (2.0 or 1.2) into the course, all or nothing.
    #[command(
        after_help = "Example:\n  trellis translate import phishing.trellis phishing.fr.xlf\n\n\
        Units are matched by id. A file for another course, or one with any problem, is refused \
        with every problem by line and nothing changes. Each unit is reported as new, updated, \
        unchanged, stale (its source changed since the export: kept as an older translation \
        unless the course has a current one), orphaned (no longer in the course) or untranslated."
    )]
    Import {
        course: PathBuf,
        file: PathBuf,
        /// Check the file and report, changing nothing.
        #[arg(long)]
        dry_run: bool,
    },
    /// Show, per language, how many units are translated, stale or missing.
    #[command(after_help = "Example:\n  trellis translate status phishing.trellis --format json")]
    Status {
        course: PathBuf,
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
    },
    /// Fill a language with pseudo-translation: longer, accented text to find layout problems.
    #[command(
        after_help = "Example:\n  trellis translate pseudo phishing.trellis --lang qps\n  \
        trellis publish phishing.trellis --target web --lang qps -o pseudo.zip"
    )]
    Pseudo {
        course: PathBuf,
        /// The language to fill (qps, the pseudo-locale tag, unless you name another).
        #[arg(long, default_value = "qps")]
        lang: String,
        /// Replace a language that already holds translations.
        #[arg(long)]
        force: bool,
    },
}

pub fn run(cmd: TranslateCommand) -> Result<u8> {
    match cmd {
        TranslateCommand::Export {
            course,
            lang,
            output,
            xliff,
            changed,
            prefill,
            force,
        } => export(&course, &lang, &output, xliff, changed, prefill, force),
        TranslateCommand::Import {
            course,
            file,
            dry_run,
        } => import(&course, &file, dry_run),
        TranslateCommand::Status { course, format } => status(&course, format),
        TranslateCommand::Pseudo {
            course,
            lang,
            force,
        } => pseudo(&course, &lang, force),
    }
}

fn check_lang(source: &CourseSource, lang: &str) -> Result<()> {
    if !trellis_model::is_language_tag(lang) {
        bail!("`{lang}` is not a language tag; use one such as fr, de or pt-BR");
    }
    if lang.eq_ignore_ascii_case(&source.course().info.language) {
        bail!("`{lang}` is the course's own language; name the language to translate into");
    }
    Ok(())
}

#[allow(clippy::too_many_arguments)]
fn export(
    course: &Path,
    lang: &str,
    output: &Path,
    xliff: XliffVersion,
    changed: bool,
    prefill: bool,
    force: bool,
) -> Result<u8> {
    let source = CourseSource::open(course)?;
    check_lang(&source, lang)?;
    if trellis_publish::output::same_file(output, course) {
        bail!(
            "{} is the course itself; choose another name for the XLIFF file",
            output.display()
        );
    }
    if output.exists() && !force {
        bail!(
            "{} already exists (it may hold a translator's work); choose another name or add --force to replace it",
            output.display()
        );
    }
    let translation = source
        .translation(lang)?
        .unwrap_or_else(|| Translation::new(lang));
    let version = match xliff {
        XliffVersion::V20 => Version::V2_0,
        XliffVersion::V12 => Version::V1_2,
    };
    let options = trellis_translate::xliff::ExportOptions {
        version,
        changed_only: changed,
        prefill,
    };
    let (xml, summary) =
        trellis_translate::xliff::export_with(source.course(), &translation, &options)?;
    trellis_publish::output::write_file(output, |out| -> std::io::Result<()> {
        std::io::Write::write_all(out, xml.as_bytes())
    })
    .with_context(|| format!("could not write {}", output.display()))?;
    crate::term::outln!(
        "Wrote {} units for translation into {lang} to {} (XLIFF {}){}{}.",
        summary.units,
        term::line(&output.display().to_string()),
        version.as_str(),
        if summary.with_target > 0 {
            format!("; {} carry their current translation", summary.with_target)
        } else {
            String::new()
        },
        if changed {
            format!("; {} translated units left out", summary.skipped)
        } else {
            String::new()
        }
    );
    Ok(0)
}

fn import(course: &Path, file: &Path, dry_run: bool) -> Result<u8> {
    let meta =
        std::fs::metadata(file).with_context(|| format!("could not read {}", file.display()))?;
    if meta.len() > trellis_translate::xliff::MAX_FILE_BYTES as u64 {
        bail!(
            "{} is {} MB; translation files are refused above {} MB. Nothing was imported.",
            file.display(),
            meta.len() / 1_000_000,
            trellis_translate::xliff::MAX_FILE_BYTES / 1_000_000
        );
    }
    let bytes =
        std::fs::read(file).with_context(|| format!("could not read {}", file.display()))?;
    let xml = String::from_utf8(bytes).map_err(|_| {
        anyhow::anyhow!("{} is not UTF-8 text; nothing was imported", file.display())
    })?;
    let mut source = if dry_run {
        CourseSource::open(course)?
    } else {
        CourseSource::open_for_editing(course)?
    };
    // The language comes from the file; read it to find the translation
    // the course already has.
    let lang = trellis_translate::xliff::read(&xml)
        .ok()
        .and_then(|d| d.target_language)
        .unwrap_or_default();
    let existing = if trellis_model::is_language_tag(&lang) {
        source.translation(&lang)?
    } else {
        None
    };
    let imported = match trellis_translate::import::import(source.course(), existing.as_ref(), &xml)
    {
        Ok(i) => i,
        Err(e) => {
            let name = term::line(&file.display().to_string());
            let mut msg = format!(
                "{name} was not imported ({} problem{}); the course is unchanged:",
                e.problems.len(),
                if e.problems.len() == 1 { "" } else { "s" }
            );
            for p in &e.problems {
                msg.push_str(&format!("\n{name}:{}: {}", p.line, term::text(&p.message)));
            }
            bail!(msg);
        }
    };
    for u in &imported.units {
        if matches!(u.outcome, Outcome::Unchanged | Outcome::Untranslated) {
            continue;
        }
        let repaired = u
            .repaired
            .as_ref()
            .map(|r| format!(" (repaired: {r})"))
            .unwrap_or_default();
        crate::term::outln!(
            "{:<12} {} (line {}){repaired}",
            u.outcome.as_str(),
            u.id,
            u.line
        );
    }
    let counts: Vec<String> = [
        Outcome::New,
        Outcome::Updated,
        Outcome::Unchanged,
        Outcome::Stale,
        Outcome::Orphaned,
        Outcome::Untranslated,
    ]
    .into_iter()
    .map(|o| format!("{} {}", imported.count(o), o.as_str()))
    .collect();
    let verb = if dry_run { "Would import" } else { "Imported" };
    if !dry_run && imported.changes() {
        source.set_translation(course, &imported.translation)?;
    }
    crate::term::outln!(
        "{verb} {} units of {} into {}: {}.",
        imported.units.len(),
        imported.translation.language,
        term::line(&course.display().to_string()),
        counts.join(", ")
    );
    Ok(0)
}

#[derive(Serialize)]
struct StatusJson {
    source_language: String,
    units: usize,
    languages: Vec<LanguageJson>,
}

#[derive(Serialize)]
struct LanguageJson {
    language: String,
    translated: usize,
    stale: usize,
    missing: usize,
    orphaned: usize,
}

/// A course file written by this version keeps its source hashes, so its
/// course is not loaded; a folder, or a file an older Trellis wrote and
/// nobody changed since, is loaded and hashed.
fn translation_status(course: &Path) -> Result<TranslationStatus> {
    if !course.is_dir()
        && let Some(status) = TranslationStatus::read(course)
            .with_context(|| format!("could not open {}", course.display()))?
    {
        return Ok(status);
    }
    CourseSource::open(course)?.translation_status()
}

fn status(course: &Path, format: Format) -> Result<u8> {
    let status = translation_status(course)?;
    let report = StatusJson {
        source_language: status.source_language,
        units: status.units,
        languages: status
            .languages
            .into_iter()
            .map(|s| LanguageJson {
                language: s.language,
                translated: s.translated,
                stale: s.stale,
                missing: s.missing,
                orphaned: s.orphaned,
            })
            .collect(),
    };
    match format {
        Format::Json => crate::term::outln!("{}", serde_json::to_string_pretty(&report)?),
        Format::Text => {
            crate::term::outln!(
                "Written in {}; {} units to translate.",
                report.source_language,
                report.units
            );
            if report.languages.is_empty() {
                crate::term::outln!(
                    "No translations yet: start one with `trellis translate export COURSE --lang fr -o course.fr.xlf`."
                );
            }
            for l in &report.languages {
                let pct = (l.translated * 100)
                    .checked_div(report.units)
                    .unwrap_or(100);
                let orphaned = if l.orphaned > 0 {
                    format!(", {} no longer in the course", l.orphaned)
                } else {
                    String::new()
                };
                crate::term::outln!(
                    "{:<8} {:>3}% translated: {} translated, {} stale, {} missing{orphaned}",
                    l.language,
                    pct,
                    l.translated,
                    l.stale,
                    l.missing
                );
            }
        }
    }
    Ok(0)
}

fn pseudo(course: &Path, lang: &str, force: bool) -> Result<u8> {
    let mut source = CourseSource::open_for_editing(course)?;
    check_lang(&source, lang)?;
    if let Some(t) = source.translation(lang)?
        && !t.units.is_empty()
        && !force
    {
        bail!(
            "the course already has {} translated units in {lang}; add --force to replace them with pseudo-translation",
            t.units.len()
        );
    }
    let t = trellis_translate::pseudo(source.course(), lang);
    source.set_translation(course, &t)?;
    crate::term::outln!(
        "Filled {lang} with pseudo-translation of {} units; publish with --lang {lang} to see it.",
        t.units.len()
    );
    Ok(0)
}
